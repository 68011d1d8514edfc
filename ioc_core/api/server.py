"""The HTTP server: one thread per connection (a control room has a handful of consoles), bodies limited, the
event stream as server-sent events. Everything the routes need from the wall goes through ``Api.port``.

Events (``GET /api/v1/events``, ``Last-Event-ID`` or ``?since=N`` to catch up, ``?client=`` to say who you are):
each is ``id: N``, ``event: state|alert|clients``, ``data: {json}``. A new or resyncing client first gets the whole
state as an ``event: state``; a comment line every 15 s keeps proxies open and finds dead consoles.
"""

from __future__ import annotations

import contextlib
import io
import json
import logging
import re
import select
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from ioc_core.api.routes import PREFIX, Api, Response, refusal

log = logging.getLogger(__name__)

KEEPALIVE_S = 15.0
GONE_CHECK_S = 1.0  # how soon a console that closed its event stream is let go
READ_TIMEOUT_S = 10.0  # a read or a write of a connection that waits longer ends it
# a whole request (its line, headers and body) must arrive within this, however it trickles in: a client sending a
# byte every few seconds (slow loris) would otherwise hold a thread for ever, and MAX_CONNECTIONS such clients (any
# device that reaches the share-out) every console's
REQUEST_S = 10.0


_TOKEN_IN_QUERY = re.compile(r"([?&])token=[^&\s]*")

# consoles and their event streams, and the share-out's viewers (at most 32, ioc_core/api/share_frames.py); more is
# refused,
# not queued
MAX_CONNECTIONS = 96
# from any one address: a device gone wild (or a loop in someone's script) leaves the other half to the consoles
MAX_PER_ADDRESS = 48
REFUSED_LOG_S = 60.0  # a refused address is logged once a minute at most


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    api: Api

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._slots = threading.BoundedSemaphore(MAX_CONNECTIONS)
        self._lock = threading.Lock()
        self._open: dict[str, int] = {}  # connections open, by address
        self._refused: dict[str, tuple[float, int]] = {}  # by address: when last logged, refused since

    def process_request(self, request, client_address) -> None:
        address = client_address[0]
        with self._lock:
            mine = self._open.get(address, 0)
            if mine >= MAX_PER_ADDRESS:
                refused = f"{MAX_PER_ADDRESS} connections open from that address"
            elif not self._slots.acquire(blocking=False):  # a flood of connections cannot take every thread
                refused = f"{MAX_CONNECTIONS} connections open"
            else:
                refused, self._open[address] = "", mine + 1
        if refused:
            self._say_refused(address, refused)
            self.shutdown_request(request)
            return
        try:
            super().process_request(request, client_address)
        except BaseException:  # no thread to give the slot back
            self._release(address)
            raise

    def process_request_thread(self, request, client_address) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            self._release(client_address[0])

    def _say_refused(self, address: str, why: str) -> None:
        """One line a minute for an address that keeps trying: a flood of connections must not flood the log."""
        now = time.monotonic()
        with self._lock:
            last, count = self._refused.get(address, (-REFUSED_LOG_S, 0))
            if now - last < REFUSED_LOG_S:
                self._refused[address] = (last, count + 1)
                return
            if len(self._refused) > 1024:  # many addresses refused (a scan): the oldest lines' counts are let go
                self._refused.clear()
            self._refused[address] = (now, 0)
        more = f" ({count} more refused since the last line)" if count else ""
        log.warning("API connection from %s refused: %s%s", address, why, more)

    def _release(self, address: str) -> None:
        with self._lock:
            left = self._open.get(address, 1) - 1
            if left:
                self._open[address] = left
            else:
                self._open.pop(address, None)
            self._slots.release()

    def handle_error(self, request, client_address) -> None:  # a console that vanishes mid-answer is not news
        log.debug("connection from %s ended with an error", client_address[0], exc_info=True)


class _DeadlineReader(io.RawIOBase):
    """A connection's reads, each given only what is left of the request's deadline (monotonic seconds)."""

    def __init__(self, sock: socket.socket):
        self.sock = sock
        self.deadline = float("inf")

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError(f"the request did not arrive within {REQUEST_S:g} s")
        self.sock.settimeout(min(left, READ_TIMEOUT_S))
        try:
            return self.sock.recv_into(buffer)
        finally:
            self.sock.settimeout(READ_TIMEOUT_S)  # the answer's writes keep their own timeout


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"
    timeout = READ_TIMEOUT_S
    server_version = "ioc-wall"
    sys_version = ""

    def setup(self) -> None:
        super().setup()
        # headers and body leave in separate writes: with Nagle's algorithm the body then waits for the client's
        # delayed ACK, 40 ms on every answer (measured: command round trip 48 ms -> a few ms without it)
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.rfile.close()  # the stream socketserver made: requests are read through the deadline instead
        self._reader = _DeadlineReader(self.connection)
        self.rfile = io.BufferedReader(self._reader)

    def handle_one_request(self) -> None:
        # the next request (its line, headers and body) has REQUEST_S from now: an idle keep-alive connection is
        # closed after that too, as the read timeout did before
        self._reader.deadline = time.monotonic() + REQUEST_S
        super().handle_one_request()

    def log_message(self, fmt, *args) -> None:  # the request line only, its ?token= blanked; never headers
        log.debug("%s %s", self.address_string(), _TOKEN_IN_QUERY.sub(r"\1token=…", fmt % args))

    def do_GET(self) -> None:  # noqa: N802 (http.server's names)
        self._serve("GET")

    def do_POST(self) -> None:  # noqa: N802
        self._serve("POST")

    def do_PUT(self) -> None:  # noqa: N802
        self._serve("PUT")

    def do_DELETE(self) -> None:  # noqa: N802
        self._serve("DELETE")

    def do_PATCH(self) -> None:  # noqa: N802
        self._serve("PATCH")

    def do_OPTIONS(self) -> None:  # noqa: N802
        self._serve("OPTIONS")

    def _serve(self, method: str) -> None:
        api = self.server.api
        url = urlsplit(self.path)
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            return self._send(refusal(400, "Content-Length is not a number"), close=True)
        if length > api.max_body:
            return self._send(refusal(413, f"the body is {length} bytes; the limit is {api.max_body}"), close=True)
        if length < 0:
            return self._send(refusal(400, "Content-Length is negative"), close=True)
        body = self.rfile.read(length) if length else b""
        if method == "GET" and url.path == PREFIX + "/events":
            return self._events(url.query)
        try:
            response = api.handle(method, url.path, url.query, self.headers, body)
        except TimeoutError as exc:
            response = refusal(503, f"the wall did not answer in time: {exc}")
        except Exception:  # a bug must answer 500 and leave the wall running, never hang the console
            log.exception("API %s %s failed", method, url.path)
            response = refusal(500, "internal error (logged on the wall)")
        self._send(response)

    def _send(self, r: Response, close: bool = False) -> None:
        if r.stream is not None:
            return self._stream(r)
        self.send_response(r.status)
        if r.status not in (204, 304):  # no body, so no body headers (RFC 9110)
            self.send_header("Content-Type", r.content_type)
            self.send_header("Content-Length", str(len(r.body)))
        for k, v in r.headers.items():
            self.send_header(k, v)  # ("Connection: close" among them also ends the connection after the answer)
        if close and "Connection" not in r.headers:
            self.send_header("Connection", "close")
            self.close_connection = True
        self.end_headers()
        self.wfile.write(r.body)

    def _stream(self, r: Response) -> None:
        """A body of unknown length (the share-out's MJPEG): written until the viewer leaves or the wall stops."""
        self.send_response(r.status)
        self.send_header("Content-Type", r.content_type)
        for k, v in r.headers.items():
            self.send_header(k, v)
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        self.connection.settimeout(KEEPALIVE_S * 2)  # a viewer that stops reading is dropped, not waited for

        def write(data: bytes) -> None:
            self.wfile.write(data)
            self.wfile.flush()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError, TimeoutError, OSError):
            r.stream(write)  # until the viewer goes away

    def _events(self, query: str) -> None:
        api = self.server.api
        who = api.authenticate(self.headers)
        if who is None:
            return self._send(Response(401, b'{"error": "a valid bearer token is required"}',
                                       headers={"WWW-Authenticate": 'Bearer realm="ioc-wall"'}))
        if not who.may("viewer"):
            return self._send(refusal(403, f"the '{who.role}' token may not GET {PREFIX}/events (viewer or above)"))
        q = {k: v[-1] for k, v in parse_qs(query).items()}
        since_raw = self.headers.get("Last-Event-ID") or q.get("since")
        try:
            since = int(since_raw) if since_raw is not None else None
        except ValueError:
            return self._send(refusal(400, f"Last-Event-ID must be an event number, not '{since_raw}'"))
        bus = api.bus
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.send_header("Cache-Control", "no-store")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        self.connection.settimeout(KEEPALIVE_S * 2)  # a console that stops reading is dropped, not waited for
        # a console whose cable was pulled never answers: the keep-alive comments then go unacknowledged, and
        # TCP_USER_TIMEOUT ends the connection after 45 s instead of the kernel's ~15 minutes of retries
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1)
        if hasattr(socket, "TCP_USER_TIMEOUT"):
            self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_USER_TIMEOUT, int(KEEPALIVE_S * 3 * 1000))
        client = bus.join(who.name, who.role, q.get("client", ""))
        try:
            seq = bus.seq
            missed, gap = bus.since(since) if since is not None else ([], True)
            if gap:  # new, or too far behind: the whole state first, then what follows
                self._event(seq, "state", api.port.state())
            else:
                for e in missed:
                    self._event(e.seq, e.kind, e.data)
                seq = missed[-1].seq if missed else since
            quiet_since = time.monotonic()
            while not bus.closed:
                events, gap = bus.wait(seq, GONE_CHECK_S)
                if gap and events:
                    seq = events[-1].seq
                    self._event(seq, "state", api.port.state())
                    continue
                for e in events:
                    self._event(e.seq, e.kind, e.data)
                    seq = e.seq
                if events:
                    quiet_since = time.monotonic()
                elif self._client_gone():  # closed its end: leave now, not at the next event or keep-alive
                    return
                elif time.monotonic() - quiet_since >= KEEPALIVE_S:
                    self.wfile.write(b": keepalive\n\n")
                    self.wfile.flush()
                    quiet_since = time.monotonic()
        except (BrokenPipeError, ConnectionResetError, TimeoutError, OSError):
            pass  # the console went away
        finally:
            bus.leave(client)

    def _client_gone(self) -> bool:
        """Whether the console closed its end (a stream's client sends nothing, so readable means closed)."""
        try:
            readable, _, _ = select.select([self.connection], [], [], 0)
            return bool(readable) and self.connection.recv(1, socket.MSG_PEEK) == b""
        except OSError:
            return True

    def _event(self, seq: int, kind: str, data: dict) -> None:
        payload = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        self.wfile.write(f"id: {seq}\nevent: {kind}\ndata: {payload}\n\n".encode())
        self.wfile.flush()


class ApiServer:
    """Serves ``api`` on ``bind``:``port`` (port 0: any free one; ``port`` says which) from its own threads."""

    def __init__(self, api: Api, bind: str = "0.0.0.0", port: int = 8765, ssl_context=None):
        self.api = api
        self._server = _Server((bind, port), _Handler)
        if ssl_context is not None:  # each connection's handshake on its own thread, at its first read
            self._server.socket = ssl_context.wrap_socket(self._server.socket, server_side=True,
                                                          do_handshake_on_connect=False)
        self._server.api = api
        self.bind, self.port = self._server.server_address[:2]
        self._thread = threading.Thread(target=self._server.serve_forever, name="api", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self.api.bus.close()
        self._server.shutdown()
        self._server.server_close()
