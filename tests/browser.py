"""Debian's Chromium, headless, driven over the DevTools protocol: open a page, wait until a script says it is
ready, read the page and take a screenshot. (A page that keeps long polls open never goes idle, so Chromium's own
--dump-dom and --virtual-time-budget cannot wait for it.)"""

from __future__ import annotations

import base64
import itertools
import json
import re
import shutil
import subprocess
import time
from pathlib import Path

import requests

CHROMIUM = shutil.which("chromium")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--remote-debugging-port=0", "--remote-allow-origins=*"]


class Browser:
    def __init__(self, profile: Path, width: int, height: int):
        import websocket  # the test extra (pyproject)

        self.proc = subprocess.Popen([CHROMIUM, *FLAGS, f"--user-data-dir={profile}",
                                      f"--window-size={width},{height}", "about:blank"],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        port = None
        deadline = time.monotonic() + 30
        while port is None:
            line = self.proc.stderr.readline()
            if m := re.search(r"DevTools listening on ws://[^:]+:(\d+)/", line):
                port = int(m.group(1))
            assert line or self.proc.poll() is None, "chromium exited before it listened"
            assert time.monotonic() < deadline, "chromium did not start its DevTools server"
        page = next(t for t in requests.get(f"http://127.0.0.1:{port}/json/list", timeout=10).json()
                    if t["type"] == "page")
        self.ws = websocket.create_connection(page["webSocketDebuggerUrl"], timeout=30)
        self._ids = itertools.count(1)

    def call(self, method: str, **params) -> dict:
        n = next(self._ids)
        self.ws.send(json.dumps({"id": n, "method": method, "params": params}))
        while True:
            msg = json.loads(self.ws.recv())
            if msg.get("id") == n:
                assert "error" not in msg, msg
                return msg["result"]

    def open(self, url: str) -> None:
        self.call("Page.enable")
        self.call("Page.navigate", url=url)

    def evaluate(self, expression: str):
        return self.call("Runtime.evaluate", expression=expression, returnByValue=True)["result"].get("value")

    def wait_for(self, expression: str, timeout: float = 15):
        deadline = time.monotonic() + timeout
        while not (value := self.evaluate(expression)):
            assert time.monotonic() < deadline, f"the page never got to: {expression}"
            time.sleep(0.1)
        return value

    def screenshot(self, path: Path) -> None:
        path.write_bytes(base64.b64decode(self.call("Page.captureScreenshot", format="png")["data"]))

    def close(self) -> None:
        try:
            self.ws.close()
        finally:
            self.proc.kill()
            self.proc.wait(10)

    # -- a phone: its screen, a slower CPU, what the page takes over the network ------------------------------
    def phone(self, width: int, height: int, scale: float = 2.0) -> None:
        """The page laid out as on a phone of ``width`` x ``height`` CSS pixels (its pictures ``scale`` times)."""
        self.call("Emulation.setDeviceMetricsOverride", width=width, height=height, deviceScaleFactor=scale,
                  mobile=True)

    def slow_cpu(self, rate: float) -> None:
        """The page's CPU ``rate`` times slower (1: as it is)."""
        self.call("Emulation.setCPUThrottlingRate", rate=rate)

    def screenshot_page(self, path: Path) -> None:
        """The whole page, below the fold too."""
        size = self.call("Page.getLayoutMetrics")["cssContentSize"]
        shot = self.call("Page.captureScreenshot", format="png", captureBeyondViewport=True,
                         clip={"x": 0, "y": 0, "width": size["width"], "height": size["height"], "scale": 1})
        path.write_bytes(base64.b64decode(shot["data"]))

    def network_log(self) -> NetworkLog:
        """What the page asks for from now on and the bytes each took, on a DevTools connection of its own (``call``
        skips the events it does not wait for); the browser's cache is off meanwhile. ``close()`` it."""
        return NetworkLog(self.ws.sock.getpeername()[1])


class NetworkLog:
    """Network events of the browser's page, read on a thread: ``total_bytes()`` is what came over the wire
    (headers included) for every request seen, a stream still open counted as far as it got."""

    def __init__(self, port: int):
        import threading

        import websocket

        page = next(t for t in requests.get(f"http://127.0.0.1:{port}/json/list", timeout=10).json()
                    if t["type"] == "page")
        self.ws = websocket.create_connection(page["webSocketDebuggerUrl"], timeout=1)
        self.requests: dict[str, dict] = {}
        self._lock = threading.Lock()
        self._closed = False
        for n, (method, params) in enumerate((("Network.enable", {}),
                                              ("Network.setCacheDisabled", {"cacheDisabled": True})), 1):
            self.ws.send(json.dumps({"id": n, "method": method, "params": params}))
        self._thread = threading.Thread(target=self._read, name="devtools-network", daemon=True)
        self._thread.start()

    def _read(self) -> None:
        import websocket

        while not self._closed:
            try:
                msg = json.loads(self.ws.recv())
            except websocket.WebSocketTimeoutException:
                continue
            except (websocket.WebSocketException, OSError, ValueError):
                return
            method, p = msg.get("method", ""), msg.get("params", {})
            if not method.startswith("Network."):
                continue
            with self._lock:
                r = self.requests.setdefault(p.get("requestId", ""), {"url": "", "received": 0, "finished": None})
                if method == "Network.requestWillBeSent":
                    r["url"] = p["request"]["url"]
                elif method == "Network.dataReceived":
                    r["received"] += p.get("encodedDataLength", 0)
                elif method == "Network.loadingFinished":
                    r["finished"] = p.get("encodedDataLength", 0)

    def total_bytes(self) -> int:
        with self._lock:
            return sum(r["finished"] if r["finished"] is not None else r["received"]
                       for r in self.requests.values())

    def received(self, part: str) -> int:
        """Bytes so far of the requests whose address holds ``part``."""
        with self._lock:
            return sum(r["finished"] if r["finished"] is not None else r["received"]
                       for r in self.requests.values() if part in r["url"])

    def urls(self) -> list[str]:
        with self._lock:
            return [r["url"] for r in self.requests.values()]

    def close(self) -> None:
        self._closed = True
        self._thread.join(5)
        self.ws.close()
