"""Real HTTP servers on 127.0.0.1 for source tests: scripted answers, and one that accepts and never answers."""

from __future__ import annotations

import contextlib
import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from ioc_core.sources.secrets import SecretRef, Secrets


def env_ref(name: str, value: str) -> SecretRef:
    """A client's secret for these servers: environment variable ``name`` holding ``value``."""
    return SecretRef("env", name, Secrets(env={name: value}))


class ScriptedServer:
    """``server.routes["/path"] = (status, body[, content type or headers])``; body is bytes, str, or JSON-able;
    requests are recorded (a POST's body too, in ``bodies``, in the order of ``requests``; None for a GET)."""

    def __init__(self, host: str = "127.0.0.1"):
        self.routes: dict[str, tuple[int, object] | object] = {}
        self.requests: list[tuple[str, dict, dict]] = []
        self.bodies: list[bytes | None] = []
        self.methods: list[str] = []
        self.release = threading.Event()
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 (http.server's name)
                self.do_GET()

            def do_GET(self):  # noqa: N802 (http.server's name)
                parts = urlsplit(self.path)
                query = {k: v[0] for k, v in parse_qs(parts.query).items()}
                length = int(self.headers.get("Content-Length") or 0)
                outer.bodies.append(self.rfile.read(length) if self.command == "POST" else None)
                outer.methods.append(self.command)
                outer.requests.append((parts.path, query, dict(self.headers)))
                route = outer.routes.get(parts.path, (404, {"error": "not found"}))
                if callable(route):
                    route = route(query)
                if route == "hang":
                    outer.release.wait(30)
                    return
                status, body, *kind = route  # (status, body), (status, body, content type) or (..., headers)
                if not isinstance(body, bytes):
                    body = (body if isinstance(body, str) else json.dumps(body, ensure_ascii=False)).encode()
                headers = kind[0] if kind and isinstance(kind[0], dict) else {
                    "Content-Type": kind[0] if kind else "application/json; charset=utf-8"}
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://{host}:{self.httpd.server_address[1]}"  # "localhost": the same server, another host
        threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()

    def close(self):
        self.release.set()
        self.httpd.shutdown()
        self.httpd.server_close()
        self.httpd.server_close()


class SilentServer:
    """Accepts TCP connections and never says a word: the worst kind of hanging system."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        self.conns: list[socket.socket] = []
        self._stop = False
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self):
        while not self._stop:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.conns.append(conn)

    def close(self):
        self._stop = True
        _stop_listening(self.sock)
        self._thread.join(5)
        for c in self.conns:
            c.close()


class TrickleServer:
    """Answers every request slowly, one byte every ``interval_s``: its headers (``part="headers"``) or, after
    complete headers announcing ``length`` bytes, its body (``part="body"``). A system that never quite stops
    talking defeats a read timeout: each read gets a byte in time."""

    def __init__(self, part: str = "body", interval_s: float = 1.0, length: int = 1000):
        self.part, self.interval_s, self.length = part, interval_s, length
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        self.stop = threading.Event()
        self.conns: list[socket.socket] = []
        self.ended = threading.Event()  # set when a client hung up on it
        self._threads = [threading.Thread(target=self._accept, daemon=True)]
        self._threads[0].start()

    def _accept(self):
        while not self.stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.conns.append(conn)
            self._threads.append(threading.Thread(target=self._answer, args=(conn,), daemon=True))
            self._threads[-1].start()

    def _answer(self, conn: socket.socket):
        try:
            conn.recv(65536)
            if self.part == "headers":
                head, slow = b"", b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nX-Padding: " + b"a" * 100000
            else:
                head = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n" % self.length
                slow = b" " * self.length
            conn.sendall(head)
            for i in range(len(slow)):
                conn.sendall(slow[i:i + 1])
                if self.stop.wait(self.interval_s):
                    return
        except OSError:
            self.ended.set()

    def close(self):
        self.stop.set()
        _stop_listening(self.sock)
        for c in self.conns:
            c.close()
        for t in list(self._threads):
            t.join(5)


def _stop_listening(sock: socket.socket) -> None:
    """Close a listening socket and wake the thread blocked in its accept() (closing alone does not, on Linux)."""
    with contextlib.suppress(OSError):  # already closed
        sock.shutdown(socket.SHUT_RDWR)
    sock.close()


def closed_port_url() -> str:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return f"http://127.0.0.1:{port}"


class MjpegServer:
    """An HTTP MJPEG camera on 127.0.0.1 (multipart/x-mixed-replace), as many IP cameras serve it.

    ``frame`` is the JPEG sent ``fps`` times a second; ``paused`` set keeps connections open and sends nothing (a
    camera that froze); ``refuse`` set closes new connections at once. ``auth`` ("user", "password") makes it
    answer 401 to requests without those credentials.
    """

    def __init__(self, frame: bytes, fps: float = 10.0, auth: tuple[str, str] | None = None):
        self.frame, self.fps, self.auth = frame, fps, auth
        self.paused, self.refuse = threading.Event(), threading.Event()
        self.connections = 0
        self.snapshots = 0
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):  # noqa: N802 (http.server's name)
                if outer.refuse.is_set():
                    self.close_connection = True
                    return
                if outer.auth is not None:
                    import base64

                    expected = "Basic " + base64.b64encode(":".join(outer.auth).encode()).decode()
                    if self.headers.get("Authorization") != expected:
                        self.send_response(401)
                        self.send_header("WWW-Authenticate", 'Basic realm="camera"')
                        self.send_header("Content-Length", "0")
                        self.end_headers()
                        return
                if self.path.endswith("/snapshot"):  # one still picture, as a camera's snapshot URL answers
                    if outer.paused.is_set():
                        self.send_response(503)
                        self.send_header("Content-Length", "0")
                        self.end_headers()
                        return
                    outer.snapshots += 1
                    self.send_response(200)
                    self.send_header("Content-Type", "image/jpeg")
                    self.send_header("Content-Length", str(len(outer.frame)))
                    self.end_headers()
                    self.wfile.write(outer.frame)
                    return
                outer.connections += 1
                self.send_response(200)
                self.send_header("Content-Type", "multipart/x-mixed-replace; boundary=frame")
                self.end_headers()
                try:
                    while not outer.refuse.is_set():
                        if not outer.paused.is_set():
                            body = outer.frame
                            self.wfile.write(b"--frame\r\nContent-Type: image/jpeg\r\nContent-Length: %d\r\n\r\n"
                                             % len(body) + body + b"\r\n")
                        threading.Event().wait(1 / outer.fps)
                except OSError:
                    pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}/video"
        self.snapshot_url = f"http://127.0.0.1:{self._server.server_address[1]}/snapshot"
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.refuse.set()
        self._server.shutdown()
        self._server.server_close()
