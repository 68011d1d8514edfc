"""Run the real ``ioc-wall`` program in a child process and read what it reports."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
READY = "wall ready:"
API = "control API on "
# tests never take the real port or advertise on the LAN unless they ask to; they talk plain HTTP to the wall unless
# they ask for HTTPS (IOC_WALL_API_PLAIN_HTTP="0": tests/qt/test_identity.py)
API_DEFAULTS = {"IOC_WALL_API_PORT": "0", "IOC_WALL_API_BIND": "127.0.0.1", "IOC_WALL_ZEROCONF": "off",
                "IOC_WALL_API_PLAIN_HTTP": "1"}
# nine offscreen 1920x1080 screens unless the caller chose a platform (conftest.py sets the same for the tests)
NINE_SCREENS = f"offscreen:configfile={ROOT / 'tests' / 'nine-screens.json'}"


class LoggedProcess:
    """A program of this project in a child process, its stderr read line by line (``lines``, ``wait_for``);
    ``stop`` ends it (the signal, then SIGKILL), whatever happened."""

    what = "process"

    def __init__(self, argv: list[str], env: dict):
        self.lines: list[str] = []
        self.proc = subprocess.Popen(argv, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                     text=True, encoding="utf-8")
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        for line in self.proc.stderr:
            self.lines.append(line.rstrip("\n"))

    @property
    def log(self) -> str:
        return "\n".join(self.lines)

    def wait_for(self, text: str, timeout: float = 30) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for line in list(self.lines):
                if text in line:
                    return line
            if self.proc.poll() is not None:
                self._reader.join(5)  # what it said before it ended
                raise AssertionError(f"{self.what} exited with {self.proc.returncode} before '{text}':\n{self.log}")
            time.sleep(0.05)
        raise AssertionError(f"no '{text}' within {timeout} s:\n{self.log}")

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 10) -> int:
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
        self._reader.join(5)
        return self.proc.returncode


class WallProcess(LoggedProcess):
    what = "wall"

    def __init__(self, *args: str, env: dict | None = None):
        env = {"QT_QPA_PLATFORM": NINE_SCREENS, **os.environ, **API_DEFAULTS, **(env or {})}
        super().__init__([sys.executable, "-m", "wall", *args], env)

    def api_url(self, timeout: float = 30) -> str:
        """``http://127.0.0.1:PORT/api/v1`` (``https://`` when the test asked for HTTPS) from the wall's start-up
        line."""
        line = self.wait_for(API, timeout)
        return line.split(API, 1)[1].split(" ", 1)[0].rstrip("/")

class WallApi:
    """The control API of a WallProcess, with the tokens from its state folder (the port is read again from the
    log, since a restarted wall listens on a new one when the port was 0)."""

    def __init__(self, proc: WallProcess, state_dir: Path, nth: int = 1):

        self.proc = proc
        self.state_dir = state_dir
        wait_for_count(proc, API, nth)  # the API is served once the screens are painted: after "wall ready"
        lines = [ln for ln in proc.lines if API in ln]
        self.url = lines[nth - 1].split(API, 1)[1].split(" ", 1)[0]
        self.url = self.url.rstrip("/")

    @property
    def tokens(self) -> dict[str, str]:
        """By role, as the wall's token file has them now (a new share link replaces the share token)."""
        import json

        return {t["role"]: t["token"] for t in json.loads((self.state_dir / "api-tokens.json").read_text())["tokens"]}

    def call(self, method: str, path: str, role: str | None = "operator", **kw):
        import requests

        headers = kw.pop("headers", {})
        if role:
            headers["Authorization"] = f"Bearer {self.tokens[role]}"
        return requests.request(method, self.url + path, headers=headers, timeout=kw.pop("timeout", 10), **kw)

    def command(self, role: str = "operator", wait_s: float = 10, **cmd):
        return self.call("POST", "/commands", role, json=cmd, timeout=wait_s)

    def state(self) -> dict:
        return self.call("GET", "/state", "viewer").json()

    def health(self, objects: bool = False) -> dict:
        return self.call("GET", "/health", "technician" if objects else "viewer",
                         params={"objects": "1"} if objects else None).json()


def count_lines(proc: WallProcess, text: str) -> int:
    return sum(text in line for line in list(proc.lines))


def wait_for_count(proc: WallProcess, text: str, n: int, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while count_lines(proc, text) < n:
        if time.monotonic() > deadline:
            raise AssertionError(f"fewer than {n} '{text}' within {timeout} s:\n{proc.log}")
        if proc.proc.poll() is not None:
            raise AssertionError(f"wall exited with {proc.proc.returncode}:\n{proc.log}")
        time.sleep(0.05)
