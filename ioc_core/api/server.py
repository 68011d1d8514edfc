"""The HTTP server: uvicorn (its h11 parser) on an asyncio loop of its own thread, answering the routes of
``ioc_core/api/routes.py``. Why this stack: h11 parses strictly (one Content-Length, digits only; chunked bodies
framed as chunked; a Host header; no NUL or control bytes), an idle or trickling connection costs a few kilobytes
instead of a thread, and uvicorn runs on a loop we own, beside the wall's Qt loop, with TLS from an ``ssl`` context.
The routes stay plain functions: each request's answer is computed on a worker thread (they may wait for the wall's
GUI thread), from a pool of the asking role's own, so viewers' snapshots cannot take the threads consoles need.

Events (``GET /api/v1/events``, ``Last-Event-ID`` or ``?since=N`` to catch up, ``?client=`` to say who you are):
each is ``id: N``, ``event: state|alert|clients``, ``data: {json}``. A new or resyncing client first gets the whole
state as an ``event: state``; a comment line every 15 s keeps proxies open and finds dead consoles. The streams are
coroutines on the loop: no thread waits for a console.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import functools
import json
import logging
import socket
import ssl
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import parse_qs

import uvicorn
from starlette.datastructures import Headers
from uvicorn.protocols.http.h11_impl import H11Protocol

from ioc_core.api.routes import PEER_HEADER, PREFIX, Api, Response, refusal
from ioc_core.redact import escape_controls, redact

log = logging.getLogger(__name__)

KEEPALIVE_S = 15.0
# a whole request (its line, headers and body) must arrive within this of the connection opening or of the last
# answer, however it trickles in: a client sending a byte every few seconds (slow loris) is cut off, as is one
# that connects and says nothing
REQUEST_S = 10.0
# connections held at once: an idle one costs a few kilobytes on the loop, not a thread, so hundreds of slow
# clients leave the consoles served; beyond these, refused at once rather than queued
MAX_CONNECTIONS = 1024
# from any one address: a device gone wild (or a loop in someone's script) leaves room for every other address
MAX_PER_ADDRESS = 64
REFUSED_LOG_S = 60.0  # a refused address is logged once a minute at most
STOP_S = 2.0  # how long stopping waits for answers under way before the connections are cut
MAX_HEADERS = 16 * 1024  # a request's line and headers

# worker threads answering requests, by the token's role: viewers (snapshots, the phone pages) cannot take the
# operators' and technicians' threads, and the share-out's streams (32 viewers at most) have their own
POOLS = {"anonymous": 4, "share": 40, "viewer": 12, "operator": 16}
METHODS = ("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE")  # (the routes say 405 for TRACE)
SENT_KEPT = 64  # events kept encoded for consoles still catching up
BODY_TYPES = ("application/json",)  # what a request's body may be (a console's JSON)


class _Gate:
    """Connections open, by address (used on the loop's thread only)."""

    def __init__(self):
        self.open: dict[str, int] = {}
        self.total = 0
        self._refused: dict[str, tuple[float, int]] = {}  # by address: when last logged, refused since

    def admit(self, address: str) -> bool:
        mine = self.open.get(address, 0)
        if mine >= MAX_PER_ADDRESS:
            self._say_refused(address, f"{MAX_PER_ADDRESS} connections open from that address")
        elif self.total >= MAX_CONNECTIONS:
            self._say_refused(address, f"{MAX_CONNECTIONS} connections open")
        else:
            self.open[address], self.total = mine + 1, self.total + 1
            return True
        return False

    def release(self, address: str) -> None:
        left = self.open.get(address, 1) - 1
        if left:
            self.open[address] = left
        else:
            self.open.pop(address, None)
        self.total -= 1

    def _say_refused(self, address: str, why: str) -> None:
        """One line a minute for an address that keeps trying: a flood of connections must not flood the log."""
        now = time.monotonic()
        last, count = self._refused.get(address, (-REFUSED_LOG_S, 0))
        if now - last < REFUSED_LOG_S:
            self._refused[address] = (last, count + 1)
            return
        if len(self._refused) > 1024:  # many addresses refused (a scan): the oldest lines' counts are let go
            self._refused.clear()
        self._refused[address] = (now, 0)
        more = f" ({count} more refused since the last line)" if count else ""
        log.warning("API connection from %s refused: %s%s", address, why, more)


class _Connection(H11Protocol):
    """uvicorn's HTTP/1.1 connection with this wall's limits: admitted by address, and a deadline for each
    request to arrive whole (uvicorn's own keep-alive timer is lifted by any byte, so a trickle would hold it)."""

    gate: _Gate  # the server's (set on a subclass made per server)

    def connection_made(self, transport) -> None:
        super().connection_made(transport)
        self._deadline: asyncio.TimerHandle | None = None
        self._address = self.client[0] if self.client else "?"
        self._admitted = self.gate.admit(self._address)
        if not self._admitted:
            transport.close()
            return
        sock = transport.get_extra_info("socket")
        with contextlib.suppress(OSError, AttributeError):
            # an answer's headers and body leave in separate writes: with Nagle's algorithm the body waits for the
            # client's delayed ACK, 40 ms on every answer (measured: GET /state 44 ms -> 1 ms). asyncio sets it only
            # on sockets whose protocol number says TCP, and a listening socket made here says 0
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            # a console whose cable was pulled never answers: its event stream's keep-alive comments then go
            # unacknowledged, and TCP_USER_TIMEOUT ends it after 45 s instead of the kernel's ~15 minutes of retries
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1)
            if hasattr(socket, "TCP_USER_TIMEOUT"):
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_USER_TIMEOUT, int(KEEPALIVE_S * 3 * 1000))
        self._arm()

    def connection_lost(self, exc) -> None:
        self._disarm()
        if self._admitted:
            self._admitted = False
            self.gate.release(self._address)
        super().connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        if not self._admitted:  # refused: what it sent is not read
            return
        super().data_received(data)

    def handle_events(self) -> None:
        super().handle_events()
        cycle = self.cycle
        if cycle is not None and not cycle.more_body and not cycle.response_complete:
            self._disarm()  # the request is in whole: its answer takes what it takes

    def on_response_complete(self) -> None:
        if self._admitted and not self.transport.is_closing():
            self._arm()  # the next request has REQUEST_S from now (an idle keep-alive connection is closed then)
        super().on_response_complete()

    def _arm(self) -> None:
        self._disarm()
        self._deadline = self.loop.call_later(REQUEST_S, self._too_slow)

    def _disarm(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None

    def _too_slow(self) -> None:
        self._deadline = None
        if not self.transport.is_closing():
            log.debug("connection from %s closed: no whole request within %g s", self._address, REQUEST_S)
            self.transport.close()


class _QuietBadRequests(logging.Filter):
    """uvicorn logs a warning for each request h11 refuses: a scan or a fuzzer would fill the wall's log (each is
    answered 400 and closed all the same)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("Invalid HTTP request")


def _quiet_uvicorn() -> None:
    logger = logging.getLogger("uvicorn.error")
    if not any(isinstance(f, _QuietBadRequests) for f in logger.filters):
        logger.addFilter(_QuietBadRequests())
    if logger.level < logging.WARNING:  # its start and stop lines: the wall says what it serves itself
        logger.setLevel(logging.WARNING)


class _App:
    """The ASGI application: the request read and checked here, answered by ``Api.handle`` on a worker thread."""

    def __init__(self, api: Api):
        self.api = api
        self._pools: dict[str, ThreadPoolExecutor] = {}  # made on the loop's thread, ended by ``close``
        self._tick: asyncio.Event | None = None  # set when the event bus has something new (replaced each time)
        self._loop: asyncio.AbstractEventLoop | None = None
        self._sent: dict[int, bytes] = {}  # the bus's latest events as sent, by number (the loop's thread only)

    # -- the loop's own state, made on the loop ---------------------------------------------------------------
    def _pool(self, role: str) -> ThreadPoolExecutor:
        # a person signed in to the hub (ioc_hub/people.py) answers from the viewers' pool, an administrator too:
        # 200 phones cannot take the consoles' threads
        role = {"technician": "operator"}.get(role, role if role in POOLS else "viewer")
        if role not in self._pools:
            self._pools[role] = ThreadPoolExecutor(POOLS[role], thread_name_prefix=f"api-{role}")
        return self._pools[role]

    def close(self, timeout: float) -> None:
        """The worker threads ended: those answering finish (each within the wall's own limits) and are waited for
        until ``timeout``; requests not yet begun are dropped (their connections are closed already)."""
        deadline = time.monotonic() + timeout
        for pool in self._pools.values():
            pool.shutdown(wait=False, cancel_futures=True)
        for pool in self._pools.values():
            for thread in list(getattr(pool, "_threads", ())):
                thread.join(max(0.0, deadline - time.monotonic()))

    def _ticker(self) -> asyncio.Event:
        if self._tick is None:
            self._loop = asyncio.get_running_loop()
            self._tick = asyncio.Event()
            self.api.bus.watch(self._from_bus)
        return self._tick

    def _from_bus(self) -> None:  # on the publisher's thread
        loop = self._loop
        if loop is not None and not loop.is_closed():
            with contextlib.suppress(RuntimeError):  # the loop closed meanwhile
                loop.call_soon_threadsafe(self._ring)

    def _ring(self) -> None:
        tick, self._tick = self._tick, asyncio.Event()
        if tick is not None:
            tick.set()

    def detach(self) -> None:
        self.api.bus.unwatch(self._from_bus)

    def _once(self, e) -> bytes:
        """An event of the bus as sent: encoded once however many consoles follow (the state is tens of KB of
        JSON, and 20 consoles each encoding it held the loop)."""
        body = self._sent.get(e.seq)
        if body is None:
            body = self._sent[e.seq] = _encoded(e.seq, e.kind, e.data)
            while len(self._sent) > SENT_KEPT:
                del self._sent[next(iter(self._sent))]
        return body

    # -- a request ------------------------------------------------------------------------------------------
    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            return
        method = scope["method"]
        path = scope["raw_path"].decode("latin-1")  # as sent: the routes unquote what they take from it
        query = scope["query_string"].decode("latin-1")
        address = scope["client"][0] if scope.get("client") else "?"
        peer = PEER_HEADER.lower().encode()
        headers = Headers(raw=[(k, v) for k, v in scope["headers"] if k != peer] + [(peer, address.encode())])
        status = [0]

        async def sending(message) -> None:  # the answer's status, for the request's log line
            if message["type"] == "http.response.start":
                status[0] = message["status"]
            await send(message)

        try:
            await self._serve(method, path, query, headers, receive, sending)
        finally:  # "127.0.0.1 GET /api/v1/state 200": the address's secrets masked, however they are spelled
            log.debug("%s %s %s %s", address, method, escape_controls(redact(path + ("?" + query if query else ""))),
                      status[0] or "-")

    async def _serve(self, method, path, query, headers, receive, send) -> None:
        api = self.api
        if method not in METHODS:
            return await _send(send, refusal(501, f"method {method} is not served here"), close=True)
        if sum(len(k) + len(v) for k, v in headers.raw) > MAX_HEADERS:  # (h11 limits only what arrives in pieces)
            return await _send(send, refusal(431, f"the request's headers are over {MAX_HEADERS} bytes"),
                               close=True)
        if "transfer-encoding" in headers and "content-length" in headers:
            # framed two ways: h11 would read the chunks, but a proxy in front may read the length (smuggling)
            return await _send(send, refusal(400, "a request gives its length once: Content-Length or "
                                                  "Transfer-Encoding, not both"), close=True)
        length = headers.get("content-length")
        limit = api.body_limit(method, path) if hasattr(api, "body_limit") else api.max_body
        if length is not None and int(length) > limit:  # h11 checked it is digits
            return await _send(send, refusal(413, f"the body is {length} bytes; the limit is {limit}"), close=True)
        body = await _body(receive, limit)
        if body is None:
            return await _send(send, refusal(413, f"the body is over the limit of {limit} bytes"), close=True)
        if body and (kind := headers.get("content-type", "").split(";")[0].strip().lower()) \
                not in getattr(api, "body_types", BODY_TYPES):
            said = f"'{kind}'" if kind else "none"
            kinds = " or ".join(getattr(api, "body_types", BODY_TYPES))
            return await _send(send, refusal(415, f"a body must be {kinds}, not {said}"))
        head = method == "HEAD"
        if path == PREFIX + "/events" and method in ("GET", "HEAD"):
            return await self._events(query, headers, receive, send, head)
        # the pool from the credential alone (no session looked up here: that may wait, and this is the loop);
        # the request is authenticated on the worker (Dispatch.handle)
        role = api.pool_for(headers) if hasattr(api, "pool_for") else _role(api.authenticate(headers))
        pool = self._pool(role if role is not None else
                          "share" if path.startswith(PREFIX + "/share") else "anonymous")
        response = await self._answer(pool, "GET" if head else method, path, query, headers, body)
        if response.stream is not None:
            if head:
                if response.release is not None:
                    response.release()
                return await _send(send, response, head=True)
            return await self._stream(response, pool, receive, send)
        await _send(send, response, head=head)

    async def _answer(self, pool, method, path, query, headers, body) -> Response:
        def handle() -> Response:
            try:
                return self.api.handle(method, path, query, headers, body)
            except TimeoutError as exc:
                return refusal(503, f"the wall did not answer in time: {exc}")
            except Exception:  # a bug must answer 500 and leave the wall running, never hang the console
                log.exception("API %s %s failed", method, escape_controls(path))
                return refusal(500, "internal error (logged on the wall)")
        return await asyncio.get_running_loop().run_in_executor(pool, handle)

    async def _stream(self, r: Response, pool, receive, send) -> None:
        """A body of unknown length (the share-out's MJPEG), written by the route's function on a worker thread
        until the viewer leaves or the wall stops; a viewer that stops reading is dropped, not waited for."""
        loop = asyncio.get_running_loop()
        gone = threading.Event()
        await send({"type": "http.response.start", "status": r.status,
                    "headers": _header_list(r, {"Connection": "close"})})

        async def chunk(data: bytes) -> None:
            await send({"type": "http.response.body", "body": data, "more_body": True})

        def write(data: bytes) -> None:
            if gone.is_set():
                raise BrokenPipeError("the viewer left")
            future = asyncio.run_coroutine_threadsafe(chunk(data), loop)
            try:
                future.result(KEEPALIVE_S * 2)
            except concurrent.futures.TimeoutError:
                future.cancel()
                raise TimeoutError("the viewer stopped reading") from None

        def run() -> None:
            with contextlib.suppress(BrokenPipeError, ConnectionResetError, TimeoutError, OSError,
                                     concurrent.futures.CancelledError, RuntimeError):
                r.stream(write)

        watcher = asyncio.create_task(_until_gone(receive, gone))
        try:
            await loop.run_in_executor(pool, run)
        finally:
            gone.set()
            watcher.cancel()
        with contextlib.suppress(Exception):
            await send({"type": "http.response.body", "body": b"", "more_body": False})

    async def _events(self, query: str, headers, receive, send, head: bool) -> None:
        api, loop = self.api, asyncio.get_running_loop()
        role = api.pool_for(headers) if hasattr(api, "pool_for") else _role(api.authenticate(headers))
        pool = self._pool(role if role is not None else "anonymous")

        async def allowed():
            """Who follows, looked up again on a worker (a session's lookup may wait): None once they may not
            (signed out, disabled, a role that may no longer read)."""
            who = await loop.run_in_executor(pool, api.authenticate, headers)
            return who if who is not None and who.may("viewer") else None

        who = await loop.run_in_executor(pool, api.authenticate, headers)
        if who is None:
            return await _send(send, Response(401, b'{"error": "a valid bearer token is required"}',
                                              headers={"WWW-Authenticate": 'Bearer realm="ioc-wall"'}))
        if not who.may("viewer"):
            return await _send(send, refusal(403, f"the '{who.role}' token may not GET {PREFIX}/events (viewer or "
                                                  "above)"))
        q = {k: v[-1] for k, v in parse_qs(query).items()}
        since_raw = headers.get("last-event-id") or q.get("since")
        try:
            since = int(since_raw) if since_raw is not None else None
        except ValueError:
            return await _send(send, refusal(400, f"Last-Event-ID must be an event number, not '{since_raw}'"))
        start = Response(200, content_type="text/event-stream; charset=utf-8",
                         headers={"Cache-Control": "no-store", "Connection": "close"})
        if head:
            return await _send(send, start, head=True)
        bus = api.bus
        await send({"type": "http.response.start", "status": 200, "headers": _header_list(start)})
        gone = threading.Event()
        watcher = asyncio.create_task(_until_gone(receive, gone))
        client = bus.join(who.name, who.role, q.get("client", ""))
        try:
            seq = bus.seq
            missed, gap = bus.since(since) if since is not None else ([], True)
            if gap:  # new, or too far behind: the whole state first, then what follows
                await _event(send, seq, "state", await loop.run_in_executor(pool, api.port.state))
            else:
                for e in missed:
                    await _chunk(send, self._once(e))
                seq = missed[-1].seq if missed else since
            while not bus.closed and not gone.is_set():
                tick = self._ticker()  # taken before looking: an event published after this rings it
                events, gap = bus.since(seq)
                if events and await allowed() is None:
                    break  # signed out or disabled meanwhile: nothing more reaches them
                if gap and events:
                    seq = events[-1].seq
                    await _event(send, seq, "state", await loop.run_in_executor(pool, api.port.state))
                    continue
                for e in events:
                    await _chunk(send, self._once(e))
                    seq = e.seq
                if events:
                    continue
                try:
                    await asyncio.wait_for(_first(tick.wait(), watcher), KEEPALIVE_S)
                except TimeoutError:
                    if await allowed() is None:
                        break
                    await asyncio.wait_for(send({"type": "http.response.body", "body": b": keepalive\n\n",
                                                 "more_body": True}), KEEPALIVE_S * 2)
        except (TimeoutError, OSError):
            pass  # the console stopped reading, or went away
        finally:
            watcher.cancel()
            bus.leave(client)
        with contextlib.suppress(Exception):
            await send({"type": "http.response.body", "body": b"", "more_body": False})


def _role(who) -> str | None:
    return who.role if who is not None else None


async def _first(wait, watcher: asyncio.Task) -> None:
    """Until ``wait`` is done or the client has gone (``watcher`` ended)."""
    task = asyncio.ensure_future(wait)
    try:
        await asyncio.wait({task, watcher}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        task.cancel()


async def _until_gone(receive, gone: threading.Event) -> None:
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            gone.set()
            return


async def _event(send, seq: int, kind: str, data: dict) -> None:
    await _chunk(send, _encoded(seq, kind, data))


async def _chunk(send, body: bytes) -> None:
    await asyncio.wait_for(send({"type": "http.response.body", "more_body": True, "body": body}), KEEPALIVE_S * 2)


def _encoded(seq: int, kind: str, data: dict) -> bytes:
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return f"id: {seq}\nevent: {kind}\ndata: {payload}\n\n".encode()


async def _body(receive, limit: int) -> bytes | None:
    """The request's body (None: over ``limit``; what is left of it is not read: the connection is closed)."""
    parts, size = [], 0
    while True:
        message = await receive()
        if message["type"] != "http.request":
            return b"".join(parts)
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            return None
        parts.append(chunk)
        if not message.get("more_body", False):
            return b"".join(parts)


def _header_list(r: Response, extra: dict | None = None) -> list[tuple[bytes, bytes]]:
    out = [(b"content-type", r.content_type.encode("latin-1"))] if r.status not in (204, 304) else []
    for k, v in {**r.headers, **(extra or {})}.items():
        out.append((k.lower().encode("latin-1"), str(v).encode("latin-1")))
    return out


async def _send(send, r: Response, close: bool = False, head: bool = False) -> None:
    headers = _header_list(r, {"Connection": "close"} if close else None)
    if r.status not in (204, 304):  # no body, so no body headers (RFC 9110)
        headers.append((b"content-length", str(len(r.body)).encode()))
    await send({"type": "http.response.start", "status": r.status, "headers": headers})
    await send({"type": "http.response.body", "body": b"" if head or r.status in (204, 304) else r.body})


class ApiServer:
    """Serves ``api`` on ``bind``:``port`` (port 0: any free one; ``port`` says which) from its own thread, over TLS
    when given ``ssl_context`` (the share-out's plain listener serves ``ShareOnly(api)``: api/share_listener.py).
    The socket is bound and listening from construction: connections wait for ``start``."""

    def __init__(self, api: Api, bind: str = "0.0.0.0", port: int = 8765, ssl_context: ssl.SSLContext | None = None,
                 *, name: str = "api"):
        self.api = api
        sock = socket.socket(socket.AF_INET6 if ":" in bind else socket.AF_INET, socket.SOCK_STREAM,
                             socket.IPPROTO_TCP)
        try:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.bind((bind, port))
            sock.listen(512)
            sock.setblocking(False)
        except OSError:
            sock.close()
            raise
        self._sock = sock
        self.bind, self.port = sock.getsockname()[:2]
        self.scheme = "https" if ssl_context is not None else "http"
        _quiet_uvicorn()
        self._app = _App(api)
        connection = type("Connection", (_Connection,), {"gate": _Gate()})
        config = uvicorn.Config(self._app, http=connection, ws="none", lifespan="off", log_config=None,
                                access_log=False, server_header=False, timeout_keep_alive=int(REQUEST_S) or 1,
                                timeout_graceful_shutdown=int(STOP_S), h11_max_incomplete_event_size=MAX_HEADERS)
        config.load()
        config.ssl = ssl_context  # uvicorn takes files; the wall's identity is a context already made
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)

    def _run(self) -> None:
        loop = asyncio.new_event_loop()
        if self.scheme == "https":
            # uvicorn leaves the TLS handshake to asyncio's 60 s, and a connection counts against its address only
            # once the handshake is done: a client that opens and never says hello would hold a descriptor that
            # long. This loop is ours, so its create_server is given the request deadline for the handshake too
            loop.create_server = functools.partial(loop.create_server, ssl_handshake_timeout=REQUEST_S)
        try:
            loop.run_until_complete(self._server.serve(sockets=[self._sock]))
        except Exception:
            log.exception("the API server stopped")
        finally:
            with contextlib.suppress(Exception):
                loop.run_until_complete(loop.shutdown_default_executor())
            loop.close()

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self.api.bus.close()
        self._app.detach()
        self._server.should_exit = True
        if self._thread.is_alive():
            self._thread.join(STOP_S + 5)
            if self._thread.is_alive():
                self._server.force_exit = True
                self._thread.join(5)
        self._app.close(STOP_S + 5)
        self._sock.close()
