"""A real Eclipse Mosquitto for the tests and benchmarks: on 127.0.0.1 at a free port, with a password per account
(made by ``mosquitto_passwd``) and the shipped ACL (deploy/mosquitto/acl), in the foreground; killed and restarted on
the same port when a test asks; always ended (``stop``, or the ``broker`` fixture)."""

from __future__ import annotations

import getpass
import secrets
import shutil
import socket
import subprocess
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ACL = ROOT / "deploy" / "mosquitto" / "acl"
MOSQUITTO = shutil.which("mosquitto") or "/usr/sbin/mosquitto"
MOSQUITTO_PASSWD = shutil.which("mosquitto_passwd") or "/usr/bin/mosquitto_passwd"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Mosquitto:
    """``accounts``: user name -> password (made when not given: hub, wall-a, wall-b)."""

    def __init__(self, folder: Path, accounts: dict[str, str] | None = None, port: int | None = None,
                 persistence: bool = False, tls: bool = False):
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.accounts = accounts or {name: secrets.token_urlsafe(12) for name in ("hub", "wall-a", "wall-b")}
        self.port = port or free_port()
        self.url = f"{'mqtts' if tls else 'mqtt'}://127.0.0.1:{self.port}"
        self.ca_file: str | None = None  # with ``tls``: the broker's own certificate, the one a client trusts
        self.proc: subprocess.Popen | None = None
        passwd = self.folder / "passwd"
        passwd.write_text("")
        for user, password in self.accounts.items():
            subprocess.run([MOSQUITTO_PASSWD, "-b", str(passwd), user, password], check=True, capture_output=True)
        self.conf = self.folder / "mosquitto.conf"
        # run as root (a CI container), mosquitto would switch to its own user and not read these files: stay
        lines = [f"user {getpass.getuser()}", f"listener {self.port} 127.0.0.1", "allow_anonymous false",
                 f"password_file {passwd}", f"acl_file {ACL}", "max_queued_messages 200000",
                 "max_inflight_messages 1000", f"persistence {'true' if persistence else 'false'}",
                 "log_dest stderr", "log_type error", "log_type warning"]
        if tls:  # a certificate of its own for 127.0.0.1, as a site's broker would have one
            from ioc_core.api.identity import make_certificate

            cert, key = make_certificate("ioc-broker", ["127.0.0.1"])
            (self.folder / "broker.crt").write_bytes(cert)
            (self.folder / "broker.key").write_bytes(key)
            self.ca_file = str(self.folder / "broker.crt")
            lines += [f"certfile {self.ca_file}", f"keyfile {self.folder / 'broker.key'}"]
        if persistence:
            lines += [f"persistence_location {self.folder}/", "autosave_interval 1"]
        self.conf.write_text("\n".join(lines) + "\n")
        self.log = self.folder / "mosquitto.log"

    def start(self, timeout_s: float = 10.0) -> Mosquitto:
        assert self.proc is None or self.proc.poll() is not None, "already running"
        with open(self.log, "ab") as out:
            self.proc = subprocess.Popen([MOSQUITTO, "-c", str(self.conf)], stdout=out, stderr=out)
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"mosquitto exited with {self.proc.returncode}:\n{self.log.read_text()}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    return self
            except OSError:
                time.sleep(0.02)
        self.stop()
        raise RuntimeError(f"mosquitto did not listen on {self.port} within {timeout_s} s")

    def kill(self) -> None:
        """As a crash: SIGKILL, no goodbye to the clients."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(10)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)

    def restart(self) -> None:
        self.kill()
        self.start()

    def __enter__(self) -> Mosquitto:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
