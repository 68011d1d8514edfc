"""ioc_core/sources/request.py against real servers on 127.0.0.1: the whole-answer deadline, the size limit, redirects
and credentials, gateways' fault bodies worded, and the request settings read from a sources file."""

from __future__ import annotations

import gzip
import json
import socket
import threading
import time
import tracemalloc
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import requests

from ioc_core.sources.auth import ApiKeyAuth, BearerAuth
from ioc_core.sources.base import (
    SourceConnectError,
    SourceError,
    SourceFormatError,
    SourceHTTPError,
    SourceTimeout,
    Timeouts,
    get_json,
)
from ioc_core.sources.request import (
    RequestSpec,
    SourceRedirectError,
    SourceTooLarge,
    _check_redirect,
    _origin,
    send,
    word_fault,
)
from ioc_core.sources.secrets import Secrets
from ioc_core.sources.spec import Spec

from ..fakeservers import ScriptedServer, SilentServer, TrickleServer, closed_port_url, env_ref

MB = 1024 * 1024
TOKEN = "tok-6f1c2a9e-bi-mat"


@pytest.fixture
def session():
    with requests.Session() as s:
        yield s


@pytest.fixture
def other():
    """A second server reached as ``localhost``: another host than 127.0.0.1 for the redirect rules."""
    s = ScriptedServer(host="localhost")
    yield s
    s.close()


@pytest.fixture
def silent():
    """A system that accepts a connection and never answers."""
    s = SilentServer()
    yield s
    s.close()


@pytest.fixture
def trickling():
    """``trickling(**settings)``: a TrickleServer of its own settings, closed with the test."""
    made: list[TrickleServer] = []

    def make(**settings) -> TrickleServer:
        made.append(TrickleServer(**settings))
        return made[-1]

    yield make
    for s in made:
        s.close()


# -- the deadline ----------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("part", ["body", "headers"])
def test_a_trickling_system_is_given_up_at_the_deadline(session, part, trickling):
    """One byte a second defeats a read timeout (each read gets a byte in time); the deadline holds."""
    slow = trickling(part=part, interval_s=1.0)
    t0 = time.monotonic()
    with pytest.raises(SourceTimeout) as info:
        send(session, RequestSpec(slow.url + "/alerts?key=abc", deadline_s=2))
    took = time.monotonic() - t0
    assert 1.9 <= took < 3.0, took
    assert str(info.value) == f"no complete answer within 2 s from {slow.url[7:]}/alerts"


def test_get_json_has_a_deadline_too(session, trickling):
    """The old path (http_json, ckan) held a fetch 72 s on a 10 s read timeout; now connect + read at most."""
    slow = trickling(part="body", interval_s=0.3, length=20)  # 6 s of trickle: beyond the deadline
    t0 = time.monotonic()
    with pytest.raises(SourceTimeout, match="no complete answer within 1.5 s"):
        get_json(session, slow.url + "/stats", Timeouts(connect=0.5, read=1.0))
    assert time.monotonic() - t0 < 2.5


def test_a_system_that_accepts_and_never_answers_ends_at_the_deadline(session, silent):
    t0 = time.monotonic()
    with pytest.raises(SourceTimeout, match=r"no complete answer within 2 s from 127\.0\.0\.1:\d+/x$"):
        send(session, RequestSpec(silent.url + "/x", deadline_s=2))
    assert 1.9 <= time.monotonic() - t0 < 3.0


def test_an_idle_limit_shorter_than_the_deadline_says_so(session, silent):
    with pytest.raises(SourceTimeout, match=r"no answer within 0.5 s from 127\.0\.0\.1:\d+/x$"):
        send(session, RequestSpec(silent.url + "/x", deadline_s=5, read_s=0.5))


def test_a_connection_refused_names_host_and_path_never_the_query(session):
    url = closed_port_url() + "/api/stats?api_key=bi-mat-123"
    with pytest.raises(SourceConnectError) as info:
        send(session, RequestSpec(url))
    assert str(info.value).startswith("cannot connect to 127.0.0.1:") and "/api/stats" in str(info.value)
    assert "bi-mat-123" not in str(info.value) and "api_key" not in str(info.value)


# -- the size limit --------------------------------------------------------------------------------------------------
_MB_OF_JSON = b"1," * (MB // 2)  # built once, before any memory is measured
_BOMB = gzip.compress(b" " * (50 * MB), compresslevel=9)


class _BigHandler(BaseHTTPRequestHandler):
    """A JSON list of 20 MB (and 3 bytes): announced (Content-Length) or chunked (no length); or a gzip answer of
    50 kB that unpacks to 50 MB. Its buffers are built beforehand, so what a test measures is the client's."""

    def do_GET(self):  # noqa: N802
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        if self.path == "/gzip":
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(_BOMB)))
            self.end_headers()
            self.wfile.write(_BOMB)
            return
        chunked = self.path != "/announced"
        self.send_header(*(("Transfer-Encoding", "chunked") if chunked else ("Content-Length", str(20 * MB + 3))))
        self.end_headers()
        try:
            for part in [b"[", *[_MB_OF_JSON] * 20, b"1]"]:
                if chunked:
                    self.wfile.write(b"%x\r\n" % len(part))
                self.wfile.write(part)
                if chunked:
                    self.wfile.write(b"\r\n")
            if chunked:
                self.wfile.write(b"0\r\n\r\n")
        except OSError:
            pass  # the client hung up: what it should do

    def log_message(self, *args):
        pass


@pytest.fixture
def big():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _BigHandler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_an_answer_announced_too_large_is_refused_without_reading_it(session, big):
    with pytest.raises(SourceTooLarge) as info:
        send(session, RequestSpec(big + "/announced", max_bytes=10 * MB))
    assert str(info.value) == (f"answer from {big[7:]}/announced is larger than 10 MB (limit max_bytes): "
                               "it announces 20 MB")


def test_a_20_mb_answer_is_refused_as_it_passes_10_mb_and_never_held_whole(session, big):
    send(session, RequestSpec(big + "/small-warmup", max_bytes=30 * MB))  # imports and pools outside the measure
    tracemalloc.start()
    try:
        with pytest.raises(SourceTooLarge, match=r"answer from 127\.0\.0\.1:\d+/chunked is larger than 10 MB"):
            send(session, RequestSpec(big + "/chunked", max_bytes=10 * MB))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 13 * MB, f"peak {peak / MB:.1f} MB"  # the 10 MB kept so far and a chunk; never 20 MB


def test_a_compressed_answer_counts_what_it_becomes(session, big):
    """A gzip answer of 50 kB that unpacks to 50 MB is refused at 10 MB of what it unpacks to."""
    with pytest.raises(SourceTooLarge, match="/gzip is larger than 10 MB"):
        send(session, RequestSpec(big + "/gzip", max_bytes=10 * MB))


def test_an_answer_under_the_limit_is_whole(session, big):
    answer = send(session, RequestSpec(big + "/chunked", max_bytes=25 * MB))
    assert len(answer.body) == 20 * MB + 3 and answer.json()[:3] == [1, 1, 1]


# -- redirects -------------------------------------------------------------------------------------------------------
def test_a_redirect_on_the_same_host_is_followed_with_the_credentials(server, session):
    server.routes["/old"] = (301, b"", {"Location": "/new?page=2"})
    server.routes["/new"] = (200, {"ok": True})
    answer = send(session, RequestSpec(server.url + "/old"), BearerAuth(env_ref("T", TOKEN)))
    assert answer.json() == {"ok": True} and answer.url == server.url + "/new?page=2"
    assert [(p, h.get("Authorization")) for p, _, h in server.requests] == [("/old", f"Bearer {TOKEN}"),
                                                                            ("/new", f"Bearer {TOKEN}")]


def test_a_redirect_to_another_host_is_refused_naming_both(server, other, session):
    server.routes["/data"] = (302, b"", {"Location": other.url + "/data"})
    other.routes["/data"] = (200, {"stolen": True})
    with pytest.raises(SourceRedirectError) as info:
        send(session, RequestSpec(server.url + "/data"), BearerAuth(env_ref("T", TOKEN)))
    port, other_port = server.url.rsplit(":", 1)[1], other.url.rsplit(":", 1)[1]
    assert str(info.value) == (f"127.0.0.1:{port}/data redirected to another host, localhost:{other_port}/data: "
                               "refused (a host the source trusts goes in 'redirect_hosts')")
    assert other.requests == []


def test_a_listed_host_is_followed_without_the_credentials(server, other, session):
    server.routes["/data"] = (307, b"", {"Location": other.url + "/data?api_key=" + TOKEN + "&day=1"})
    other.routes["/data"] = (200, {"from": "mirror"})
    auth = ApiKeyAuth(env_ref("K", TOKEN), query="api_key")
    session.headers["Authorization"] = "Basic c2Vzc2lvbjpkZWZhdWx0"  # even a session's default stays behind
    spec = RequestSpec(server.url + "/data", headers={"groupId": "hcc"}, redirect_hosts=("localhost",))
    answer = send(session, spec, auth)
    assert answer.json() == {"from": "mirror"}
    assert server.requests[0][1]["api_key"] == TOKEN
    path, query, headers = other.requests[0]
    assert (path, query, headers.get("groupId")) == ("/data", {"day": "1"}, "hcc")
    assert "Authorization" not in headers and TOKEN not in json.dumps(other.requests)


def test_a_listed_host_never_gets_the_authorization_header(server, other, session):
    server.routes["/data"] = (302, b"", {"Location": other.url + "/data"})
    other.routes["/data"] = (200, [1])
    send(session, RequestSpec(server.url + "/data", redirect_hosts=("localhost",)), BearerAuth(env_ref("T", TOKEN)))
    assert server.requests[0][2]["Authorization"] == f"Bearer {TOKEN}"
    assert "Authorization" not in other.requests[0][2]


def test_more_than_five_redirects_are_refused(server, session):
    for i in range(7):
        server.routes[f"/r{i}"] = (302, b"", {"Location": f"/r{i + 1}"})
    with pytest.raises(SourceRedirectError, match=r"more than 5 redirects from 127\.0\.0\.1:\d+/r0"):
        send(session, RequestSpec(server.url + "/r0"))
    assert len(server.requests) == 6


def test_a_post_answered_303_is_read_with_a_get(server, session):
    server.routes["/search"] = (303, b"", {"Location": "/result"})
    server.routes["/result"] = (200, {"rows": []})
    send(session, RequestSpec(server.url + "/search", method="POST", json={"q": 1}))
    assert server.methods == ["POST", "GET"] and server.bodies[1] is None


def test_a_downgrade_to_http_is_refused_even_on_the_same_host():
    origin = _origin("https://gw.tinh.gov.vn/hcc")
    with pytest.raises(SourceRedirectError, match="redirected from https to http"):
        _check_redirect("https://gw.tinh.gov.vn/hcc", "http://gw.tinh.gov.vn/hcc", origin, {"gw.tinh.gov.vn"}, 0,
                        RequestSpec("https://gw.tinh.gov.vn/hcc"))


# -- the answer and errors in the gateway's words --------------------------------------------------------------------
def test_post_with_json_form_headers_and_query(server, session):
    server.routes["/q"] = (200, {"ok": 1})
    send(session, RequestSpec(server.url + "/q", "POST", {"groupId": "hcc"}, {"thang": "11"}, json={"nam": 2026}))
    send(session, RequestSpec(server.url + "/q", "POST", form={"tu_ngay": "01/11/2026"}))
    (_, q1, h1), (_, _, h2) = server.requests
    assert (q1, h1["groupId"], h1["Content-Type"], server.bodies[0]) == (
        {"thang": "11"}, "hcc", "application/json", b'{"nam": 2026}')
    assert (h2["Content-Type"], server.bodies[1]) == ("application/x-www-form-urlencoded", b"tu_ngay=01%2F11%2F2026")


def test_an_answer_that_is_not_json_names_the_host_and_a_snippet(server, session):
    server.routes["/x"] = (200, b"<html>Bao tri he thong</html>", "text/html")
    with pytest.raises(SourceFormatError, match=r"answer from 127\.0\.0\.1:\d+/x is not JSON: '<html>Bao tri"):
        send(session, RequestSpec(server.url + "/x?token=abc")).json()


WSO2_900901 = {"code": "900901", "message": "Invalid Credentials",
               "description": f"Invalid Credentials. Make sure you have provided the correct security credentials "
                              f"(token {TOKEN})"}


@pytest.mark.parametrize(("status", "body", "words"), [
    (401, WSO2_900901, "HTTP 401 from {where}: WSO2 900901 — invalid credentials (the token is unknown or expired)"),
    (403, {"code": "900910", "message": "The access token does not allow you to access the requested resource",
           "description": "User is NOT authorized to access the Resource: /thongke. Scope validation failed."},
     "HTTP 403 from {where}: WSO2 900910 — the access token does not allow this resource (scope)"),
    (401, {"fault": {"code": 900902, "message": "Missing Credentials", "description": "Required OAuth credentials"}},
     "HTTP 401 from {where}: WSO2 900902 — missing credentials (no token sent)"),
    (403, b'<ams:fault xmlns:ams="http://wso2.org/apimanager/security"><ams:code>900908</ams:code>'
          b'<ams:message>Resource forbidden </ams:message><ams:description>Access failure</ams:description>'
          b'</ams:fault>', "HTTP 403 from {where}: WSO2 900908 — resource forbidden (is the application subscribed "
                           "to this API?)"),
    (403, {"help": "https://opendata.tinh.gov.vn/api/3/action/help_show?name=datastore_search", "success": False,
           "error": {"message": "Access denied: User  not authorized to read resource abc", "__type":
                     "Authorization Error"}},
     "HTTP 403 from {where}: CKAN Authorization Error: Access denied: User  not authorized to read resource abc"),
    (409, {"success": False, "error": {"resource_id": ["Not found: Resource"], "__type": "Validation Error"}},
     "HTTP 409 from {where}: CKAN Validation Error: resource_id: Not found: Resource"),
    (500, {"timestamp": "2026-11-23T08:00:00.000+07:00", "status": 500, "error": "Internal Server Error",
           "message": "Connection to CSDL ho tich timed out", "path": "/api/thongke"},
     "HTTP 500 from {where}: Internal Server Error: Connection to CSDL ho tich timed out"),
    (401, {"title": "Unauthorized", "detail": "Invalid credentials", "error": 6000},
     "HTTP 401 from {where}: Unauthorized: Invalid credentials"),
    (403, b"<html>Forbidden</html>", "HTTP 403 Forbidden from {where}"),
    (502, {"error": "boom"}, "HTTP 502 Bad Gateway from {where}"),
])
def test_a_gateway_fault_is_worded(server, session, status, body, words):
    server.routes["/hcc/1.0/thongke"] = (status, body)
    with pytest.raises(SourceHTTPError) as info:
        send(session, RequestSpec(server.url + "/hcc/1.0/thongke?api_key=" + TOKEN),
             BearerAuth(env_ref("T", TOKEN)))
    assert info.value.status == status
    assert str(info.value) == words.format(where=server.url[7:] + "/hcc/1.0/thongke")
    assert TOKEN not in str(info.value)


def test_a_fault_echoing_the_token_is_capped_and_masked(server, session):
    server.routes["/x"] = (401, {"code": "900950", "message": "Custom failure", "description":
                                 f"token {TOKEN} refused " + "x" * 400})
    with pytest.raises(SourceHTTPError) as info:
        send(session, RequestSpec(server.url + "/x"), BearerAuth(env_ref("T", TOKEN)))
    text = str(info.value)
    assert "WSO2 900950 — Custom failure: token *** refused" in text and TOKEN not in text
    assert text.endswith("…") and len(text) < 220


def test_rate_limited_says_when_to_come_back(server, session):
    server.routes["/x"] = (429, {"fault": {"code": 900802, "message": "Message throttled out",
                                           "description": "You have exceeded your quota"}}, {"Retry-After": "30"})
    with pytest.raises(SourceHTTPError) as info:
        send(session, RequestSpec(server.url + "/x"))
    assert str(info.value).startswith(f"HTTP 429 from {server.url[7:]}/x: rate limited (retry after 30 s): WSO2 "
                                      "900802 — Message throttled out")
    assert info.value.retry_after_s == 30


def test_word_fault_knows_nothing_of_other_bodies():
    assert word_fault(b'{"error": "boom"}') is None and word_fault(b"not json") is None and word_fault(b"[1]") is None


# -- reading the settings --------------------------------------------------------------------------------------------
def test_request_settings_are_read_with_every_problem_named():
    doc = {"url": "ftp://gw.tinh.gov.vn/x", "method": "DELETE", "headers": {"apikey": "bi-mat", "groupId": "hcc"},
           "query": {"nam": 2026, "bad": [1]}, "form": {"a": "b"}, "deadline_s": 0, "timeout": 3}
    spec = Spec(doc, "sources.json", ["sources", 2, "request"])
    RequestSpec.read(spec)
    expected = [
        ("$.sources[2].request.url", "'url' must be an http:// or https:// address"),
        ("$.sources[2].request.method", "'method' is 'DELETE'; expected GET or POST"),
        ("$.sources[2].request.headers", "header 'apikey' holds a credential: give it in 'auth'"),
        ("$.sources[2].request.query.bad", "'bad' must be a text, found a list"),
        ("$.sources[2].request.method", "a body ('json' or 'form') needs \"method\": \"POST\""),
        ("$.sources[2].request.deadline_s", "'deadline_s' must be at least 0.5, found 0"),
        ("$.sources[2].request.timeout", "unknown key 'timeout' (this object takes: connect_s, deadline_s"),
    ]
    assert len(spec.problems) == len(expected)
    ordered = sorted(spec.problems, key=lambda p: p.message)
    for problem, (path, words) in zip(ordered, sorted(expected, key=lambda e: e[1]), strict=True):
        assert (problem.path, problem.message[:len(words)]) == (path, words)
    assert all(p.file == "sources.json" for p in spec.problems)
    assert not any("bi-mat" in str(p) for p in spec.problems)


def test_request_settings_read_whole():
    spec = Spec({"url": "https://gw.tinh.gov.vn/hcc/1.0/thongke", "method": "post", "json": {"thang": 11},
                 "headers": {"groupId": "hcc"}, "query": {"nam": 2026, "all": True}, "deadline_s": 30,
                 "max_bytes": 2097152, "redirect_hosts": ["CDN.tinh.gov.vn"], "every_s": 300}, "s.json", [])
    req = RequestSpec.read(spec, also=("every_s",))
    assert spec.problems == []
    assert (req.method, req.json, req.query, req.deadline_s, req.max_bytes, req.redirect_hosts) == (
        "POST", {"thang": 11}, {"nam": "2026", "all": "true"}, 30.0, 2097152, ("cdn.tinh.gov.vn",))
    assert req.merged(query={"page": 2}).query == {"nam": "2026", "all": "true", "page": "2"}


def test_reads_and_the_deadline_are_per_call_on_a_shared_session(server, session, silent):
    """Two threads, one session: a slow fetch does not make the other's deadline its own."""
    server.routes["/fast"] = (200, {"ok": True})
    errors: list = []
    slow = threading.Thread(target=lambda: errors.append(_catch(session, RequestSpec(silent.url, deadline_s=2))))
    slow.start()
    t0 = time.monotonic()
    assert send(session, RequestSpec(server.url + "/fast", deadline_s=5)).json() == {"ok": True}
    assert time.monotonic() - t0 < 1
    slow.join(5)
    assert isinstance(errors[0], SourceTimeout)


def _catch(session, spec):
    try:
        send(session, spec)
    except Exception as exc:  # noqa: BLE001
        return exc
    return None


def test_the_deadline_adapter_leaves_a_session_usable_for_plain_requests(server, session):
    server.routes["/plain"] = (200, {"ok": True})
    send(session, RequestSpec(server.url + "/plain"))
    assert session.get(server.url + "/plain", timeout=2).json() == {"ok": True}
    assert socket.getdefaulttimeout() is None


# -- review: the deadline holds before the answer too: a slow name lookup, a TLS handshake that trickles --------------
class TrickleTLS:
    """A real TLS server (a certificate made with openssl for the test) behind a relay that passes the server's
    handshake to the client one byte every 50 ms: each byte comes well within the connect timeout, the whole
    handshake would take a minute. The relay gives up after ``stop_s``."""

    def __init__(self, folder, stop_s: float = 8.0, accept_after_s: float | None = None):
        """``accept_after_s``: the front's backlog is full until then (a SYN is dropped and sent again by the
        client's kernel 1 s, then 3 s after the first): a TCP connect that takes seconds, then succeeds."""
        import select
        import ssl
        import subprocess

        cert, key = folder / "cert.pem", folder / "key.pem"
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj",
                        "/CN=127.0.0.1", "-keyout", str(key), "-out", str(cert)], check=True, capture_output=True)
        self.context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        self.context.load_cert_chain(cert, key)
        self.tls = socket.create_server(("127.0.0.1", 0))
        self.front = socket.create_server(("127.0.0.1", 0), backlog=0 if accept_after_s else 5)
        self.url = f"https://127.0.0.1:{self.front.getsockname()[1]}"
        self.stop_s, self.closed = stop_s, threading.Event()
        self.accept_after_s, self.filler = accept_after_s, None
        if accept_after_s:
            self.filler = socket.socket()
            self.filler.setblocking(False)
            self.filler.connect_ex(self.front.getsockname())
            select.select([], [self.filler], [], 2.0)  # queued: the backlog is full from here
        self.threads = [threading.Thread(target=self._serve_tls, daemon=True),
                        threading.Thread(target=self._relay, daemon=True)]
        for t in self.threads:
            t.start()

    def _serve_tls(self):
        try:
            conn, _ = self.tls.accept()
            conn.settimeout(self.stop_s)
            with self.context.wrap_socket(conn, server_side=True) as tls:
                tls.recv(1024)
        except OSError:
            pass

    def _relay(self):
        try:
            if self.accept_after_s:
                self.closed.wait(self.accept_after_s)
                self.front.accept()[0].close()  # the filler: the client's next SYN is taken
            client, _ = self.front.accept()
        except OSError:
            return
        upstream = socket.create_connection(self.tls.getsockname())
        end = time.monotonic() + self.stop_s

        def up():
            try:
                while data := client.recv(4096):
                    upstream.sendall(data)
            except OSError:
                pass

        threading.Thread(target=up, daemon=True).start()
        try:
            upstream.settimeout(0.2)
            while time.monotonic() < end and not self.closed.is_set():
                try:
                    data = upstream.recv(1)
                except TimeoutError:
                    continue
                if not data:
                    break
                client.sendall(data)
                self.closed.wait(0.05)
        except OSError:
            pass
        finally:
            client.close()
            upstream.close()

    def close(self):
        self.closed.set()
        if self.filler is not None:
            self.filler.close()
        self.front.close()
        self.tls.close()
        for t in self.threads:
            t.join(self.stop_s + 1)


@pytest.fixture
def trickle_tls(tmp_path):
    server = TrickleTLS(tmp_path)
    yield server
    server.close()


def test_a_tls_handshake_that_trickles_is_given_up_at_the_deadline(session, trickle_tls):
    spec = RequestSpec(trickle_tls.url + "/api", connect_s=1.0, deadline_s=1.5)
    start = time.monotonic()
    with pytest.raises(SourceTimeout, match=r"no complete answer within 1\.5 s from 127\.0\.0\.1"):
        send(session, spec)
    assert time.monotonic() - start < 1.5 + 1.0


def test_a_slow_connect_then_a_trickling_handshake_end_by_the_deadline(session, tmp_path):
    """The TCP connect and the TLS handshake were each allowed the connect timeout: a connect that took 3 s of a
    3.5 s deadline left the handshake another 3.5 s, ending 3 s past the deadline."""
    server = TrickleTLS(tmp_path, stop_s=10.0, accept_after_s=2.5)
    try:
        spec = RequestSpec(server.url + "/api", connect_s=3.5, deadline_s=3.5)
        start = time.monotonic()
        with pytest.raises(SourceTimeout):
            send(session, spec)
        assert time.monotonic() - start < 3.5 + 1.0
    finally:
        server.close()


def test_a_name_lookup_that_hangs_is_given_up_at_the_deadline(session, server, monkeypatch):
    """The resolver of a wall whose DNS server went away answers after its own timeouts (5 s a try, twice, a
    server): the fetch's deadline holds meanwhile. The one stand-in in these tests: a resolver that is slow (no real
    one can be made slow here); the name and the server are real."""
    real, release = socket.getaddrinfo, threading.Event()

    def slow(host, *args, **kwargs):
        if host == "localhost":
            release.wait(6)
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", slow)
    server.routes["/api"] = (200, {"ok": True})
    url = server.url.replace("127.0.0.1", "localhost") + "/api"
    start = time.monotonic()
    try:
        with pytest.raises(SourceTimeout, match=r"no complete answer within 1 s from localhost"):
            send(session, RequestSpec(url, connect_s=1.0, deadline_s=1.0))
        assert time.monotonic() - start < 1.0 + 1.0
    finally:
        release.set()
    assert send(session, RequestSpec(url, connect_s=1.0, deadline_s=5.0)).json() == {"ok": True}  # a quick one


def test_a_header_http_cannot_send_is_a_problem_in_the_file_and_a_worded_error_at_fetch(server, session):
    """HTTP sends header values in Latin-1: "Sở Y tế" in a header failed every fetch with a raw UnicodeEncodeError
    ("internal error" on the health view); a secret with such a letter likewise."""
    spec = Spec({"url": server.url + "/api", "headers": {"groupId": "Sở Y tế", "X-Don-Vi": "syt"}}, "sources.json",
                ["sources", 2, "request"])
    RequestSpec.read(spec)
    assert [(p.path, p.message) for p in spec.problems] == [
        ("$.sources[2].request.headers.groupId", "header 'groupId' holds 'ở', which HTTP cannot send in a header: "
                                                 "give the system's code for it (ASCII)")]
    server.routes["/api"] = (200, {})
    auth = BearerAuth(env_ref("TOKEN", "mã-bí-mật-123"))
    with pytest.raises(SourceError) as info:
        send(session, RequestSpec(server.url + "/api"), auth)
    assert str(info.value) == (f"request to {server.url[7:]}/api failed: a header (or a credential) holds a letter "
                               "HTTP cannot send in a header")
    assert "mã-bí-mật" not in str(info.value)


def test_an_answer_that_echoes_the_key_it_was_sent_never_puts_it_in_a_message(server, session):
    """A portal answering 200 with an HTML page that quotes the key it refused: the snippet of the answer that a
    "not JSON" error shows (on the health view) must not carry it, through send().json() or the pipeline."""
    from ioc_core.catalogue import load_catalogue
    from ioc_core.sources.pipeline import HttpSource

    key = "k-3f9a8b7c6d5e4f"
    server.routes["/api"] = (200, f"<html>Khoa {key} khong hop le</html>", "text/html")
    auth = ApiKeyAuth(env_ref("KEY", key), header="apikey")
    with pytest.raises(SourceFormatError) as info:
        send(session, RequestSpec(server.url + "/api"), auth).json()
    assert "is not JSON: '<html>Khoa ***" in str(info.value) and key not in str(info.value)
    entry = {"id": "cong", "kind": "http", "request": {"url": server.url + "/api"},
             "auth": {"kind": "api_key", "header": "apikey", "key": {"env": "KEY"}},
             "mapping": {"period": "now", "values": {"dl-luot-khach": "n"}}}
    spec = Spec(entry, "sources.json", ["sources", 0])
    source = HttpSource.from_spec(spec, load_catalogue(), Secrets(env={"KEY": key}))
    spec.raise_problems()
    with pytest.raises(SourceFormatError) as info:
        source.run(session)
    assert "not JSON" in str(info.value) and key not in str(info.value)


def test_a_system_that_moved_to_https_says_so_not_another_host(server, session):
    """http://portal redirecting to https://portal (the usual upgrade) was refused as 'redirected to another host,
    127.0.0.1/api': the same host, and no hint that the address only needs its https."""
    https = "https://127.0.0.1:8443/api/v1?token=abc"
    server.routes["/api/v1"] = (301, b"", {"Location": https})
    with pytest.raises(SourceRedirectError) as info:
        send(session, RequestSpec(server.url + "/api/v1"))
    assert str(info.value) == (f"{server.url[7:]}/api/v1 moved to https: give 'url' as https://127.0.0.1:8443/api/v1 "
                               "(the credentials are then sent over https only)")


@pytest.mark.parametrize("location", ["http://[::1/x", "\xff\xfe/x", "http://127.0.0.1:99999/x"])
def test_a_redirect_to_an_address_that_is_none_is_refused_not_a_crash(server, session, location):
    """A Location that Python cannot take apart (a broken IPv6 bracket, bytes that are no UTF-8, a port past
    65535) raised a raw ValueError: the fetch failed as an internal error instead of a refused redirect."""
    server.routes["/api"] = (302, b"", {"Location": location})
    with pytest.raises(SourceRedirectError, match=r"cannot be read.*refused"):
        send(session, RequestSpec(server.url + "/api", deadline_s=3))


@pytest.fixture
def blackhole(server):
    """A listener on 127.0.0.2 at the scripted server's port whose backlog is full: a connect to it is never
    answered (as an IPv6 route that drops packets), while 127.0.0.1 at the same port answers."""
    import select

    port = int(server.url.rsplit(":", 1)[1])
    listener = socket.socket()
    listener.bind(("127.0.0.2", port))
    listener.listen(0)
    fillers = []
    for _ in range(3):
        s = socket.socket()
        s.setblocking(False)
        s.connect_ex(("127.0.0.2", port))
        fillers.append(s)
    select.select([], fillers[:1], [], 2.0)  # the first is queued: the backlog is full from here
    try:
        yield port
    finally:
        for s in fillers:
            s.close()
        listener.close()


def test_a_host_whose_first_address_never_answers_is_reached_at_its_next(server, session, blackhole, monkeypatch):
    """A dual-stack name whose IPv6 address drops packets: urllib3 goes on to the IPv4 one after the connect
    timeout; the bounded lookup must too (it gave up at the first address's timeout)."""
    real = socket.getaddrinfo

    def dual(host, port, *args, **kwargs):
        if host == "dual.example":
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.2", port)),
                    (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", port))]
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", dual)
    server.routes["/api"] = (200, {"ok": True})
    answer = send(session, RequestSpec(f"http://dual.example:{blackhole}/api", connect_s=0.5, deadline_s=4))
    assert answer.json() == {"ok": True}
