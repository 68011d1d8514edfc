"""The API's HTTP layer, spoken to byte by byte as a hostile client on the LAN would: requests framed two ways,
lengths written oddly, headers a strict parser refuses, bodies that are not JSON, HEAD, and hundreds of slow
connections beside a console. Each answer is what the wall's state then shows."""

from __future__ import annotations

import contextlib
import json
import socket
import statistics
import threading
import time

import pytest
import requests

from ioc_core.api import server as server_module
from ioc_core.api.desk import CommandDesk
from ioc_core.api.events import EventBus
from ioc_core.api.port import ControllerPort
from ioc_core.api.routes import Api
from ioc_core.api.server import ApiServer
from ioc_core.api.tokens import TokenStore
from ioc_core.control.controller import Controller
from ioc_core.layouts import LayoutLibrary

from ..common import SHIPPED_LAYOUTS


@contextlib.contextmanager
def serving(tmp_path, monkeypatch=None, **limits):
    for name, value in limits.items():
        monkeypatch.setattr(server_module, name, value)
    controller = Controller(LayoutLibrary.load_dir(SHIPPED_LAYOUTS))
    bus = EventBus()
    tokens = TokenStore(tmp_path / "api-tokens.json")
    server = ApiServer(Api(tokens, ControllerPort("thử", controller, CommandDesk(controller, None, bus)), bus),
                       "127.0.0.1", 0)
    server.start()
    try:
        yield server, tokens, controller
    finally:
        server.stop()


@pytest.fixture
def wall(tmp_path):
    with serving(tmp_path) as running:
        yield running


def _exchange(port: int, raw: bytes, wait_s: float = 5.0) -> bytes:
    """Sends ``raw`` and reads until the server closes the connection (or ``wait_s`` passes)."""
    with socket.create_connection(("127.0.0.1", port), timeout=wait_s) as sock:
        sock.sendall(raw)
        out = b""
        with contextlib.suppress(TimeoutError, ConnectionResetError):
            while chunk := sock.recv(65536):
                out += chunk
        return out


def _statuses(raw_answers: bytes) -> list[int]:
    return [int(line.split()[1]) for line in raw_answers.split(b"\r\n") if line.startswith(b"HTTP/1.1 ")]


def _post(token: str, body: bytes, *headers: str) -> bytes:
    lines = ["POST /api/v1/commands HTTP/1.1", "Host: tuong", f"Authorization: Bearer {token}", *headers]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


BLACKOUT = json.dumps({"command": "blackout"}).encode()
SMUGGLED = (b"POST /api/v1/commands HTTP/1.1\r\nHost: tuong\r\nAuthorization: Bearer %s\r\nContent-Type: "
            b"application/json\r\nContent-Length: %d\r\n\r\n%s")


def test_a_request_framed_two_ways_is_refused_and_what_it_hides_is_never_applied(wall):
    server, tokens, controller = wall
    op = tokens.token("operator").encode()
    hidden = SMUGGLED % (op, len(BLACKOUT), BLACKOUT)
    # a front proxy reading Content-Length would pass the hidden request on as this one's body
    raw = (b"GET /api/v1/state HTTP/1.1\r\nHost: tuong\r\nAuthorization: Bearer " + op
           + b"\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n" + hidden)
    answers = _exchange(server.port, raw)
    assert _statuses(answers) == [400] and b"Content-Length or Transfer-Encoding, not both" in answers
    assert controller.state.blackout == frozenset()


def test_a_chunked_body_is_read_as_one_body_not_as_a_next_request(wall):
    server, tokens, controller = wall
    body = json.dumps({"command": "show_view", "region": "hcc", "view": {"kind": "clock"}}).encode()
    chunks = b"".join(b"%x\r\n%s\r\n" % (len(part), part) for part in (body[:10], body[10:])) + b"0\r\n\r\n"
    raw = _post(tokens.token("operator"), chunks, "Content-Type: application/json", "Transfer-Encoding: chunked",
                "Connection: close")
    answers = _exchange(server.port, raw)
    assert _statuses(answers) == [200], answers
    assert controller.state.views["hcc"] == {"kind": "clock"}


@pytest.mark.parametrize(("header", "length"), [
    ("Content-Length: +%d", None), ("Content-Length: %d_0", None), ("Content-Length: -%d", None),
    ("Content-Length: 0x%x", None), ("Content-Length: %d\r\nContent-Length: 1", None),
])
def test_a_length_written_oddly_is_refused_and_nothing_is_applied(wall, header, length):
    server, tokens, controller = wall
    raw = _post(tokens.token("operator"), BLACKOUT, "Content-Type: application/json",
                header % len(BLACKOUT))
    answers = _exchange(server.port, raw)
    assert _statuses(answers) == [400], answers
    assert controller.state.blackout == frozenset()


@pytest.mark.parametrize(("raw", "status"), [
    (b"GET /api/v1/state HTTP/1.1\r\nAuthorization: Bearer %s\r\n\r\n", 400),  # no Host
    (b"GET /api/v1/state HTTP/1.1\r\nHost: tuong\r\nX-A: a\x00b\r\nAuthorization: Bearer %s\r\n\r\n", 400),
    (b"GET /api/v1/st\x00ate HTTP/1.1\r\nHost: tuong\r\nAuthorization: Bearer %s\r\n\r\n", 400),
    (b"GET /api/v1/state HTTP/1.1\r\nHost: tuong\r\nAuthorization : Bearer %s\r\n\r\n", 400),  # " :"
    (b"GET /api/v1/state HTTP/1.1\r\nHost: tuong\r\nAuthorization: Bearer %s\r\n" + b"X-Big: " + b"a" * 20000
     + b"\r\n\r\n", 431),
])
def test_headers_a_strict_parser_refuses_are_answered_4xx(wall, raw, status):
    server, tokens, _ = wall
    assert _statuses(_exchange(server.port, raw % tokens.token("viewer").encode())) == [status]


def test_a_body_that_is_not_json_is_refused_415_and_nothing_is_applied(wall):
    server, tokens, controller = wall
    url = f"http://127.0.0.1:{server.port}/api/v1/commands"
    auth = {"Authorization": f"Bearer {tokens.token('operator')}"}
    for kind in ("text/plain", "application/x-www-form-urlencoded", None):
        headers = {**auth, **({"Content-Type": kind} if kind else {})}
        r = requests.post(url, data=BLACKOUT, headers=headers, timeout=5)
        assert r.status_code == 415 and "application/json" in r.json()["error"], (kind, r.text)
    assert controller.state.blackout == frozenset()
    r = requests.post(url, data=BLACKOUT, headers={**auth, "Content-Type": "application/json; charset=utf-8"},
                      timeout=5)
    assert r.status_code == 200 and controller.state.blackout


def test_head_answers_a_get_s_headers_without_its_body_and_unknown_methods_501(wall):
    server, tokens, _ = wall
    url = f"http://127.0.0.1:{server.port}/api/v1/state"
    auth = {"Authorization": f"Bearer {tokens.token('viewer')}"}
    got, head = requests.get(url, headers=auth, timeout=5), requests.head(url, headers=auth, timeout=5)
    assert head.status_code == 200 and head.content == b""
    assert head.headers["Content-Length"] == got.headers["Content-Length"] == str(len(got.content))
    assert requests.head(url, timeout=5).status_code == 401
    assert requests.request("BREW", url, headers=auth, timeout=5).status_code == 501
    events = requests.head(f"http://127.0.0.1:{server.port}/api/v1/events", headers=auth, timeout=5)
    assert events.status_code == 200 and events.headers["Content-Type"].startswith("text/event-stream")


def test_a_connection_that_says_nothing_is_closed_at_the_request_deadline(tmp_path, monkeypatch):
    with serving(tmp_path, monkeypatch, REQUEST_S=0.5) as (server, _, _), \
            socket.create_connection(("127.0.0.1", server.port), timeout=5) as sock:
        start = time.monotonic()
        assert sock.recv(1) == b""
        assert time.monotonic() - start < 3.0


def _trickle(socks: list[socket.socket], stop: threading.Event, every_s: float) -> None:
    """A byte of a request line on each connection every ``every_s`` (a slow loris from many addresses)."""
    line = b"GET /api/v1/state HTTP/1.1\r\nHost: x\r\nX-Slow: " + b"a" * 10_000
    at = 0
    while not stop.wait(every_s):
        for sock in socks:
            with contextlib.suppress(OSError):
                sock.send(line[at:at + 1])
        at += 1


def test_hundreds_of_slow_connections_from_ten_addresses_leave_a_console_answered_quickly(tmp_path):
    with serving(tmp_path) as (server, tokens, _):
        socks: list[socket.socket] = []
        stop = threading.Event()
        try:
            for n in range(300):  # 30 from each of 10 addresses, each well under the per-address limit
                address = f"127.0.0.{10 + n % 10}"
                socks.append(socket.create_connection(("127.0.0.1", server.port), timeout=5,
                                                      source_address=(address, 0)))
            trickler = threading.Thread(target=_trickle, args=(socks, stop, 0.5), name="trickle")
            trickler.start()
            auth = {"Authorization": f"Bearer {tokens.token('operator')}"}
            took = []
            with requests.Session() as console:
                for _ in range(60):
                    start = time.perf_counter()
                    r = console.get(f"http://127.0.0.1:{server.port}/api/v1/state", headers=auth, timeout=5)
                    took.append(time.perf_counter() - start)
                    assert r.status_code == 200
            # every request answered, most at once (the old server refused them all once 96 slow clients held its
            # threads); the p99 goal of 50 ms is bench_api's, on a quiet machine: this process also runs the
            # 300 slow clients, and shares two cores with other tests
            assert statistics.median(took) < 0.1, sorted(took)[-5:]
        finally:
            stop.set()
            with contextlib.suppress(NameError):
                trickler.join()
            for sock in socks:
                sock.close()


def test_an_answer_s_body_leaves_with_its_headers_not_after_the_client_s_delayed_ack(wall):
    """Headers and body leave in two writes; with Nagle's algorithm on, the body waited for the client's delayed
    ACK: 40 ms added to every answer (found: GET /state 44 ms on loopback, 1 ms once the socket says TCP_NODELAY)."""
    server, tokens, _ = wall
    request = (f"GET /api/v1/state HTTP/1.1\r\nHost: tuong\r\nAuthorization: Bearer {tokens.token('viewer')}"
               "\r\n\r\n").encode()
    took = []
    with socket.create_connection(("127.0.0.1", server.port), timeout=5) as sock:
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        for _ in range(21):
            start = time.perf_counter()
            sock.sendall(request)
            answer = b""
            while b"\r\n\r\n" not in answer:
                answer += sock.recv(65536)
            head, _, body = answer.partition(b"\r\n\r\n")
            length = int(next(line for line in head.split(b"\r\n")
                              if line.lower().startswith(b"content-length:")).split(b":")[1])
            while len(body) < length:
                body += sock.recv(65536)
            took.append(time.perf_counter() - start)
    assert statistics.median(took) < 0.030, sorted(took)
