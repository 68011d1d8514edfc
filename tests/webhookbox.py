"""A real webhook receiver on 127.0.0.1, as a province's SMS / Zalo / Telegram gateway would be: it checks
``X-IOC-Signature`` (HMAC-SHA256 of timestamp + "." + body with the shared secret) and the timestamp's age, answers
401 to a bad one and keeps what it accepted. ``down()`` closes its port (connections refused), ``up()`` opens the
same port again."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

MAX_AGE_S = 300


def valid(secret: str, headers, body: bytes, now: float | None = None) -> str:
    """"" when the request is signed by ``secret`` and recent, else why not."""
    stamp, sig = headers.get("X-IOC-Timestamp", ""), headers.get("X-IOC-Signature", "")
    if not stamp.isdigit() or abs((now or time.time()) - int(stamp)) > MAX_AGE_S:
        return "timestamp missing or too old"
    expected = "sha256=" + hmac.new(secret.encode(), stamp.encode() + b"." + body, hashlib.sha256).hexdigest()
    return "" if hmac.compare_digest(expected, sig) else "bad signature"


class _Server(ThreadingHTTPServer):
    allow_reuse_address = True
    daemon_threads = True


class WebhookBox:
    def __init__(self, secret: str):
        self.secret = secret
        self.accepted: list[dict] = []  # {"doc", "headers", "arrived"}
        self.refused: list[str] = []  # why each refused request was
        self.tries = 0  # every request received
        self._cond = threading.Condition()
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        self.port = 0
        self.up()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/ioc"

    def _handler(self):
        box = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # quiet
                pass

            def do_POST(self):  # noqa: N802 (http.server's name)
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                why = valid(box.secret, self.headers, body)
                with box._cond:
                    box.tries += 1
                    if why:
                        box.refused.append(why)
                    else:
                        box.accepted.append({"doc": json.loads(body), "headers": dict(self.headers),
                                             "arrived": time.time()})
                    box._cond.notify_all()
                out = json.dumps({"error": why} if why else {"ok": True}).encode()
                self.send_response(401 if why else 200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(out)))
                self.end_headers()
                self.wfile.write(out)

        return Handler

    def up(self) -> None:
        self._server = _Server(("127.0.0.1", self.port), self._handler())
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, name="webhookbox", daemon=True)
        self._thread.start()

    def down(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._thread.join(5)
            self._server = None

    close = down

    def wait_for(self, n: int, timeout: float = 15.0) -> list[dict]:
        deadline = time.monotonic() + timeout
        with self._cond:
            while len(self.accepted) < n:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"{n} signed webhook calls: only {len(self.accepted)} within {timeout:g} s"
                                         f" (refused: {self.refused})")
                self._cond.wait(left)
            return list(self.accepted[:n])
