"""Run the real ``ioc-hub`` program (``python -m ioc_hub``) in a child process and read what it reports; a broker link
file for it from a tests/broker.py Mosquitto."""

from __future__ import annotations

import json
import os
import signal
import sys
from pathlib import Path

from .wallproc import LoggedProcess

READY = "hub ready:"
API = "hub API on "
# tests never take the real port or advertise on the LAN; plain HTTP unless they ask for HTTPS
API_DEFAULTS = {"IOC_HUB_API_PORT": "0", "IOC_HUB_API_BIND": "127.0.0.1", "IOC_HUB_ZEROCONF": "off",
                "IOC_HUB_API_PLAIN_HTTP": "1"}


def write_broker_link(path: Path, broker, user: str = "hub") -> Path:
    """The hub's broker link file for ``broker`` (a tests/broker.py Mosquitto) and its account ``user``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"schema_version": 1, "broker": {"url": broker.url, "username": user,
                                                                "password": broker.accounts[user]}}))
    path.chmod(0o600)
    return path


class HubProcess(LoggedProcess):
    """``ioc-hub --state-dir STATE *args``; ``stop`` ends it (SIGTERM, then SIGKILL), ``kill`` as a crash."""

    what = "hub"

    def __init__(self, state_dir: Path, *args: str, env: dict | None = None):
        self.state_dir = Path(state_dir)
        super().__init__([sys.executable, "-m", "ioc_hub", "--state-dir", str(state_dir), *args],
                         {**os.environ, **API_DEFAULTS, **(env or {})})

    def api_url(self, timeout: float = 30) -> str:
        line = self.wait_for(API, timeout)
        return line.split(API, 1)[1].split(" ", 1)[0].rstrip("/")

    @property
    def tokens(self) -> dict[str, str]:
        """By name, as the hub's token file has them now."""
        doc = json.loads((self.state_dir / "api-tokens.json").read_text())
        return {t["name"]: t["token"] for t in doc["tokens"]}

    def call(self, method: str, path: str, token: str | None = "operator", **kw):
        import requests

        headers = kw.pop("headers", {})
        if token:
            headers["Authorization"] = f"Bearer {self.tokens.get(token, token)}"
        return requests.request(method, self.api_url() + path, headers=headers, timeout=kw.pop("timeout", 10), **kw)

    def kill(self) -> None:
        """As a crash: SIGKILL, no goodbye to the broker (its last will speaks)."""
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(10)
        self._reader.join(5)

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 15) -> int:
        return super().stop(sig, timeout)
