"""A console trusts a wall as SSH trusts a host (issue 19): a real wall over HTTPS, its certificate shown to the
operator at the first connection and kept in the console's settings file; a wall that comes back with another
certificate refused with a warning naming it and both fingerprints; records on the LAN (zeroconf, on 127.0.0.1)
for rogue "walls" that receive no token unless the operator trusts them."""

from __future__ import annotations

import http.server
import json
import threading
import uuid

from ioc_core.api.discovery import Advertiser
from ioc_core.api.identity import CERT_FILE, KEY_FILE, load_or_make, normalised, shown
from operator_console.discovery import WallBrowser
from operator_console.pinning import PinStore, WallTrust
from operator_console.window import ConsoleWindow

from ..common import SHIPPED_LAYOUTS
from ..wallproc import WallProcess

HTTPS = {"IOC_WALL_API_PLAIN_HTTP": "0"}


def trust_for(window, settings) -> tuple[WallTrust, list[str], list[str]]:
    """The console's trust with the operator's answers recorded: every question answered by ``answer``."""
    trust = WallTrust(window, PinStore(settings))
    asked: list[str] = []
    warned: list[str] = []
    trust.answer = True
    trust.ask = lambda text: asked.append(text) or trust.answer
    trust.warn = warned.append
    window.trust = trust
    return trust, asked, warned


def _wall_fingerprint(proc: WallProcess) -> str:
    line = proc.wait_for("control API on ")
    return normalised(line.rsplit("; certificate ", 1)[1].rstrip(")"))


def _token(state_dir, role="operator") -> str:
    return next(t["token"] for t in json.loads((state_dir / "api-tokens.json").read_text())["tokens"]
                if t["role"] == role)


def _share_out_alone_on_plain_http(proc: WallProcess, state) -> None:
    """--share-plain-port: the share-out for codecs and phones over plain HTTP, its token in the address; no other
    route, no token in a header."""
    import requests

    line = proc.wait_for("the share-out is also served on plain HTTP on ")
    plain = "http://" + line.split(" on ")[-1].split(" ", 1)[0] + "/api/v1"
    share = requests.get(plain + "/share/info", params={"token": _token(state, "share")}, timeout=10)
    assert share.status_code == 200 and "viewers" in share.json()
    page = requests.get(plain + "/share", params={"token": _token(state, "share")}, timeout=10)
    assert page.status_code == 200 and page.headers["Content-Type"].startswith("text/html")
    operator = {"Authorization": f"Bearer {_token(state)}"}
    for method, path in (("GET", "/wall"), ("GET", "/state"), ("POST", "/commands"), ("GET", "/share/access")):
        assert requests.request(method, plain + path, headers=operator, timeout=10).status_code == 404, path
    assert requests.get(plain + "/share/info", headers=operator, timeout=10).status_code == 401  # header ignored
    assert requests.get(plain + "/events", headers=operator, timeout=10).status_code == 401
    assert requests.get(plain + "/share/info", params={"token": _token(state)}, timeout=10).status_code == 401


def test_a_wall_over_https_is_trusted_once_and_refused_when_its_certificate_changes(qtbot, tmp_path):
    state, settings = tmp_path / "state", tmp_path / "console" / "settings.json"
    proc = WallProcess("--demo", "--state-dir", str(state), "--layouts-dir", str(SHIPPED_LAYOUTS),
                       "--share-plain-port", "0", env=HTTPS)
    windows = []
    try:
        url = proc.api_url()
        assert url.startswith("https://127.0.0.1:")
        _share_out_alone_on_plain_http(proc, state)
        fingerprint = _wall_fingerprint(proc)
        assert fingerprint == load_or_make(state, "unused").fingerprint  # the one in its state folder

        # first connection: the operator is shown the fingerprint, trusts it, the console connects and keeps it
        window = ConsoleWindow("bàn thử")
        windows.append(window)
        qtbot.addWidget(window)
        trust, asked, warned = trust_for(window, settings)
        trust.by_address(url, _token(state), name="Tường thử")
        qtbot.waitUntil(lambda: url in window.walls, timeout=10000)
        entry = window.walls[url]
        qtbot.waitUntil(lambda: entry.status == "online" and window.current.role == "operator", timeout=20000)
        assert len(asked) == 1 and asked[0].startswith("Vân tay chứng chỉ của tường Tường thử (127.0.0.1):")
        assert shown(fingerprint) in asked[0] and "Tin cậy tường này?" in asked[0]
        kept = json.loads(settings.read_text())["pins"]
        assert [(p["name"], p["host"], p["fingerprint"]) for p in kept] == [
            ("Tường thử", "127.0.0.1", shown(fingerprint))]
        assert settings.stat().st_mode & 0o777 == 0o600

        # the next console with the same settings connects without asking
        again = ConsoleWindow("bàn thử 2")
        windows.append(again)
        qtbot.addWidget(again)
        trust2, asked2, _ = trust_for(again, settings)
        trust2.by_address(url, _token(state), name="Tường thử")
        qtbot.waitUntil(lambda: url in again.walls and again.walls[url].status == "online", timeout=20000)
        assert asked2 == []

        # the wall comes back with another certificate (files replaced): refused, the operator warned with both
        proc.stop()
        (state / CERT_FILE).unlink()
        (state / KEY_FILE).unlink()
        proc = WallProcess("--demo", "--state-dir", str(state), "--layouts-dir", str(SHIPPED_LAYOUTS), env=HTTPS)
        url2, changed = proc.api_url(), _wall_fingerprint(proc)
        assert changed != fingerprint
        third = ConsoleWindow("bàn thử 3")
        windows.append(third)
        qtbot.addWidget(third)
        trust3, asked3, warned3 = trust_for(third, settings)
        trust3.by_address(url2, _token(state), name="Tường thử")
        qtbot.waitUntil(lambda: bool(warned3), timeout=10000)
        assert asked3 == [] and third.walls == {}  # not connected: nothing was sent to it
        warning = warned3[0]
        assert warning.startswith("Chứng chỉ của tường Tường thử (127.0.0.1) đã thay đổi!")
        assert f"Đã tin cậy: {shown(fingerprint)}" in warning and f"Nay tường đưa ra: {shown(changed)}" in warning
        assert str(settings) in warning

        # a technician who checked the new fingerprint gives it: trusted and kept in place of the old one
        trust3.by_address(url2, _token(state), given=shown(changed), name="Tường thử")
        qtbot.waitUntil(lambda: url2 in third.walls and third.walls[url2].status == "online", timeout=20000)
        assert asked3 == [] and [p["fingerprint"] for p in json.loads(settings.read_text())["pins"]] == [
            shown(changed)]
    finally:
        for w in windows:
            for e in w.walls.values():
                if e.stream is not None:
                    e.stream.stop()
            w.close()
        proc.stop()


class _Recorder(http.server.BaseHTTPRequestHandler):
    """A rogue "wall": answers every request 404 (a console shows nothing of it) and keeps the headers it was
    sent."""

    seen: list

    def _any(self):  # noqa: N802
        self.seen.append(dict(self.headers))
        self.send_response(404)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"{}")

    do_GET = do_POST = _any  # noqa: N815

    def log_message(self, *args):
        pass


def _rogue(seen: list, tls_dir=None) -> http.server.ThreadingHTTPServer:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), type("Rogue", (_Recorder,), {"seen": seen}))
    if tls_dir is not None:
        ctx = load_or_make(tls_dir, "kẻ giả", ["127.0.0.1"]).ssl_context()
        server.socket = ctx.wrap_socket(server.socket, server_side=True, do_handshake_on_connect=False)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def test_rogue_walls_advertised_on_the_lan_receive_no_token_without_the_operator(qtbot, tmp_path):
    """Three records on the LAN: a plain-HTTP "wall", one that says it serves HTTPS but does not (with a made-up
    fingerprint), one that serves HTTPS with its own certificate. The console asks about the first and the third,
    the operator says no: no request, let alone a token, reaches any of them. Once the operator says yes to the
    plain one, the token goes there: the question was the only gate."""
    tag = uuid.uuid4().hex[:6]
    plain_seen: list = []
    tls_seen: list = []
    plain = _rogue(plain_seen)
    tls = _rogue(tls_seen, tmp_path / "rogue")
    fake = "ab" * 32
    names = {f"Giả HTTP {tag}": (plain, ""), f"Giả nói HTTPS {tag}": (plain, fake),
             f"Giả HTTPS {tag}": (tls, fake)}
    advertisers = [Advertiser(name, server.server_address[1], 3, 3, ["127.0.0.1"], fingerprint=fp)
                   for name, (server, fp) in names.items()]
    window = ConsoleWindow("bàn thử")
    qtbot.addWidget(window)
    trust, asked, warned = trust_for(window, tmp_path / "settings.json")
    trust.answer = False
    found: list = []
    browser = None
    try:
        for a in advertisers:
            a.start()
        browser = WallBrowser(found.append, lambda key: None, ["127.0.0.1"])
        qtbot.waitUntil(lambda: set(names) <= {w.name for w in found}, timeout=15000)
        ours = {w.name: w for w in found if w.name in names}
        assert [ours[n].tls for n in names] == [False, True, True]
        for w in ours.values():
            trust.found(w, "t" * 40)  # what the console's browser does with each (operator_console/app.py)
        # asked about the plain one and the TLS one (the one that does not speak TLS cannot show a certificate)
        qtbot.waitUntil(lambda: len(asked) == 2 and not trust._busy, timeout=10000)
        assert any(f"Giả HTTP {tag} (127.0.0.1) không dùng HTTPS" in q for q in asked)
        shown_tls = next(q for q in asked if q.startswith(f"Vân tay chứng chỉ của tường Giả HTTPS {tag}"))
        assert f"bản tin quảng bá trên mạng LAN nêu một vân tay khác ({shown(fake)})" in shown_tls
        assert window.walls == {} and plain_seen == [] and tls_seen == [] and warned == []

        # found again (zeroconf updates a record): not asked again, still nothing sent
        for w in ours.values():
            trust.found(w, "t" * 40)
        qtbot.waitUntil(lambda: not trust._busy, timeout=10000)
        assert len(asked) == 2 and plain_seen == [] and tls_seen == []

        # the operator of another console trusts the plain one: only then does the token go there
        other = ConsoleWindow("bàn khác")
        qtbot.addWidget(other)
        yes, _, _ = trust_for(other, tmp_path / "other.json")
        yes.found(ours[f"Giả HTTP {tag}"], "t" * 40)
        qtbot.waitUntil(lambda: any(h.get("Authorization") == "Bearer " + "t" * 40 for h in plain_seen),
                        timeout=10000)
        assert tls_seen == []
        for e in other.walls.values():
            e.stream.stop()
        other.close()
    finally:
        if browser is not None:
            browser.close()
        for a in advertisers:
            a.stop()
        for server in (plain, tls):
            server.shutdown()
            server.server_close()
        window.close()
