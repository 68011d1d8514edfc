"""A wall's identity (issue 19): its own certificate, made once and kept; the control API over TLS on 127.0.0.1 in
this process; a console's client that sends nothing to an https wall it has not pinned, and refuses a changed
certificate before its token leaves. Qt-free: a real controller, the real API server, the console's real client."""

from __future__ import annotations

import contextlib
import http.server
import os
import ssl
import stat
import threading
from pathlib import Path

import pytest
import requests

from ioc_core.api.desk import CommandDesk
from ioc_core.api.events import EventBus
from ioc_core.api.identity import CERT_FILE, KEY_FILE, fingerprint_of, load_or_make, normalised, shown
from ioc_core.api.port import ControllerPort
from ioc_core.api.routes import Api
from ioc_core.api.server import ApiServer
from ioc_core.api.tokens import TokenStore
from ioc_core.control.controller import Controller
from ioc_core.layouts import LayoutLibrary
from operator_console.client import CHANGED, NOT_PINNED, EventStream, WallClient, presented_fingerprint

from ..common import SHIPPED_LAYOUTS


def test_the_certificate_is_made_once_private_and_kept(tmp_path: Path):
    made = load_or_make(tmp_path, "Tường thử", ["127.0.0.1", "tuong.local", "ten-khong-ascii-ố"])
    assert stat.S_IMODE((tmp_path / KEY_FILE).stat().st_mode) == 0o600
    assert made.fingerprint == fingerprint_of(ssl.PEM_cert_to_DER_cert((tmp_path / CERT_FILE).read_text()))
    assert load_or_make(tmp_path, "Tường thử").fingerprint == made.fingerprint  # a restart: the same identity
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []  # written atomically

    from cryptography import x509

    cert = x509.load_pem_x509_certificate((tmp_path / CERT_FILE).read_bytes())
    assert cert.subject.rfc4514_string().startswith("O=IOC Wall,CN=Tường thử")
    assert (cert.not_valid_after_utc - cert.not_valid_before_utc).days >= 3650
    san = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert "tuong.local" in san.get_values_for_type(x509.DNSName)

    (tmp_path / KEY_FILE).write_text("broken")  # a copy gone wrong: a new identity, not a wall without its API
    assert load_or_make(tmp_path, "Tường thử").fingerprint != made.fingerprint


def test_fingerprints_read_as_people_copy_them():
    fp = "ab" * 32
    assert shown(fp) == "SHA256:" + ":".join(["AB"] * 32)
    assert normalised(shown(fp)) == normalised(fp.upper()) == normalised(" ".join([fp[:32], fp[32:]])) == fp
    assert normalised("SHA256:AB:CD") == "" and normalised("zz" * 32) == ""


@contextlib.contextmanager
def tls_wall(state: Path):
    """The real API server over TLS with the wall's own certificate, on 127.0.0.1."""
    identity = load_or_make(state, "Tường thử", ["127.0.0.1"])
    bus = EventBus()
    controller = Controller(LayoutLibrary.load_dir(SHIPPED_LAYOUTS))
    tokens = TokenStore(state / "api-tokens.json")
    api = Api(tokens, ControllerPort("Tường thử", controller, CommandDesk(controller, None, bus)), bus)
    server = ApiServer(api, "127.0.0.1", 0, ssl_context=identity.ssl_context())
    server.start()
    try:
        yield f"https://127.0.0.1:{server.port}/api/v1", tokens, identity.fingerprint
    finally:
        server.stop()


def test_the_api_over_tls_with_the_pinned_certificate(tmp_path: Path):
    with tls_wall(tmp_path) as (url, tokens, fp):
        assert presented_fingerprint(url) == fp
        client = WallClient(url, tokens.token("operator"), "bàn thử", pin=shown(fp))
        wall = client.call("GET", "/wall")
        assert wall.status == 200 and wall.body["name"] == "Tường thử"
        assert fp not in str(wall.body) and shown(fp) not in str(wall.body)  # never learnt over the wire
        assert client.command({"command": "blackout", "screen": [0, 0]}).ok
        assert client.state().body["blackout"] == [[0, 0]]

        # the event stream over the same pinned connection
        got, linked = [], []
        stream = EventStream(client, lambda kind, data: got.append(kind), lambda ok, why: linked.append((ok, why)))
        stream.start()
        try:
            deadline = threading.Event()
            for _ in range(100):
                if "state" in got:
                    break
                deadline.wait(0.05)
            assert "state" in got and linked[0] == (True, "")
        finally:
            stream.stop()
            client.close()

        # plain HTTP to a TLS wall gets nothing; a client that does not check the certificate is refused by requests
        with pytest.raises(requests.exceptions.SSLError):
            requests.get(url + "/wall", timeout=5)


def test_a_changed_certificate_and_an_unpinned_wall_get_nothing(tmp_path: Path):
    with tls_wall(tmp_path) as (url, tokens, fp):
        other = load_or_make(tmp_path / "elsewhere", "Tường khác").fingerprint
        changed = WallClient(url, tokens.token("operator"), pin=other)
        a = changed.call("GET", "/wall")
        assert (a.status, a.error) == (0, CHANGED)
        linked = []
        stream = EventStream(changed, lambda kind, data: None, lambda ok, why: linked.append((ok, why)))
        stream.start()
        try:
            for _ in range(100):
                if linked:
                    break
                threading.Event().wait(0.05)
        finally:
            stream.stop()
        assert linked[0] == (False, CHANGED)

        unpinned = WallClient(url, tokens.token("operator"))
        assert unpinned.call("GET", "/wall").error == NOT_PINNED
        assert "Authorization" not in unpinned._session.headers
        changed.close()


class _Recorder(http.server.BaseHTTPRequestHandler):
    """A rogue "wall": answers every request 200 and keeps its headers."""

    seen: list

    def do_GET(self):  # noqa: N802
        self.seen.append(dict(self.headers))
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args):
        pass


@pytest.mark.parametrize("tls", [True, False])
def test_a_rogue_https_address_never_receives_the_token_without_a_pin(tmp_path: Path, tls: bool):
    seen: list = []
    handler = type("Rogue", (_Recorder,), {"seen": seen})
    rogue = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    if tls:
        identity = load_or_make(tmp_path, "kẻ giả", ["127.0.0.1"])
        rogue.socket = identity.ssl_context().wrap_socket(rogue.socket, server_side=True)
    thread = threading.Thread(target=rogue.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"https://127.0.0.1:{rogue.server_address[1]}/api/v1"
        client = WallClient(url, "t" * 40)  # an https address the console holds no pin for
        assert client.call("GET", "/wall").status == 0
        assert client.minutes_file("a", "b").status == 0
        if tls:  # a pin, but another wall's: refused before the request
            wrong = WallClient(url, "t" * 40, pin=load_or_make(tmp_path / "w", "thật").fingerprint)
            assert wrong.call("GET", "/wall").error == CHANGED
        assert seen == []
    finally:
        rogue.shutdown()
        rogue.server_close()
        thread.join(5)
    assert not os.environ.get("IOC_WALL_API_PLAIN_HTTP")  # nothing here depended on it


def test_a_client_that_never_finishes_its_tls_handshake_is_let_go_at_the_request_deadline(tmp_path: Path,
                                                                                        monkeypatch):
    """asyncio waits 60 s for a TLS hello by default, and such a connection is not yet counted against its
    address: a client that opens connections and says nothing held a descriptor each for a minute."""
    import socket
    import time

    from ioc_core.api import server as server_module

    monkeypatch.setattr(server_module, "REQUEST_S", 0.5)
    with tls_wall(tmp_path) as (url, _, _):
        port = int(url.split(":")[2].split("/")[0])
        with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
            start = time.monotonic()
            assert sock.recv(1) == b""  # closed by the wall, not by this timeout
            assert time.monotonic() - start < 5
