"""The web view against real pages served on 127.0.0.1: a page loads and is drawn on the wall; an address outside
the allowlist is refused; a page cannot navigate, pop up or frame its way off the allowed hosts; a failing, hung
or crashed page shows a card and comes back on its own, logged once per change."""

from __future__ import annotations

import logging
import os
import signal

import pytest

from ioc_core.layouts.model import Region
from ioc_core.setup.webpolicy import WebAllowlist
from wall.widgets import style
from wall.widgets import web as web_module
from wall.widgets.base import ViewContext
from wall.widgets.registry import create_view

from ..fakeservers import ScriptedServer, SilentServer, closed_port_url
from ..pictures import ARTIFACTS, Stage, near, renderer

HTML = "text/html; charset=utf-8"


def page(body: str, title: str = "Cổng dịch vụ công", colour: str = "#c03030", script: str = "") -> str:
    return (f"<!doctype html><html lang=vi><head><meta charset=utf-8><title>{title}</title></head>"
            f"<body style='margin:0;background:{colour};color:white;font:64px sans-serif'>{body}"
            f"<script>{script}</script></body></html>")


@pytest.fixture
def fast(monkeypatch):
    monkeypatch.setattr(web_module, "BACKOFF_S", (0.3, 0.6))
    monkeypatch.setattr(web_module, "LOAD_TIMEOUT_S", 2.0)
    monkeypatch.setattr(web_module, "BEAT_S", 0.5)
    monkeypatch.setattr(web_module, "HANG_S", 2.0)


@pytest.fixture
def place(qapp):
    stage = Stage()
    yield lambda url, allow, **params: stage.place(create_view(
        Region("web", 0, 0), {"kind": "web", "url": url, **params}, ViewContext(web_allow=WebAllowlist(allow))))
    stage.close(qapp)


render = renderer("web")


def run_js(qtbot, view, script: str):
    out = []
    view.page().runJavaScript(script, 0, out.append)
    qtbot.waitUntil(lambda: bool(out), timeout=5000)
    return out[0]


def painted(view, colour: str) -> bool:
    """Live, with the page's own picture: a first grab can come before the renderer has painted (a white picture
    on a busy machine) and the wall grabs again every second, so tests wait for the page's colour to arrive."""
    img = view.image()
    return view.state == "live" and img is not None and near(img.pixelColor(960, 700), colour)


def host(server: ScriptedServer) -> str:
    return server.url.removeprefix("http://")


def test_a_local_page_loads_and_shows_on_the_wall(place, server, qtbot):
    server.routes["/portal"] = (200, page("Hồ sơ tiếp nhận hôm nay: <b id=n>1.234</b>"), HTML)
    view = place(server.url + "/portal", (host(server),))
    qtbot.waitUntil(lambda: painted(view, "#c03030"), timeout=15000)
    assert run_js(qtbot, view, "document.title") == "Cổng dịch vụ công"  # the page itself, read back
    assert run_js(qtbot, view, "document.getElementById('n').textContent") == "1.234"
    img = render(view, "live")
    assert near(img.pixelColor(960, 700), "#c03030")  # the page's picture fills the region
    assert any(img.pixelColor(x, 40) != img.pixelColor(960, 700) for x in range(0, 900, 4))  # its text is drawn
    assert view.image().size().width() == 1920  # rendered at the region's size, not scaled up from a small one


def test_zoom_makes_the_page_bigger(place, server, qtbot):
    server.routes["/p"] = (200, page("<div id=box style='width:400px;height:100px;background:#fff'></div>",
                                     colour="#202020"), HTML)
    plain = place(server.url + "/p", (host(server),))
    zoomed = place(server.url + "/p?z", (host(server),), zoom=2)

    def white_width(view):
        img = view.image()
        return 0 if img is None else sum(1 for x in range(0, 1920, 2) if near(img.pixelColor(x, 50), "#ffffff")) * 2

    qtbot.waitUntil(lambda: white_width(plain) > 0 and white_width(zoomed) > 0, timeout=15000)
    render(zoomed, "zoom-2")
    assert abs(white_width(plain) - 400) <= 8
    assert abs(white_width(zoomed) - 800) <= 8


def test_an_address_outside_the_allowlist_is_refused_with_a_card(place, server, qtbot, caplog):
    caplog.set_level(logging.WARNING, "wall.widgets.web")
    server.routes["/p"] = (200, page("x"), HTML)
    view = place(server.url + "/p", ("dichvucong.nghean.gov.vn",))
    assert view.state == "refused" and view.page() is None  # nothing was loaded
    assert "not in the wall's web allowlist" in view.why
    img = render(view, "refused")
    assert near(img.pixelColor(5, 5), style.PANEL)
    assert not server.requests
    assert sum("refused" in r.getMessage() for r in caplog.records) == 1


def test_the_page_cannot_leave_the_allowed_hosts(place, server, qtbot, caplog):
    other = ScriptedServer()  # a real second site, reachable but not allowed
    try:
        other.routes["/"] = (200, page("khác", colour="#00ff00"), HTML)
        away = other.url.replace("127.0.0.1", "localhost") + "/"
        server.routes["/p"] = (200, page(
            f"<iframe id=f src='{away}' width=300 height=100></iframe><a id=a href='{away}'>đi</a>",
            script=f"setTimeout(() => {{ window.open('{away}'); alert('hi'); confirm('ok?');"
                   f" document.getElementById('a').click(); }}, 200);"
                   f" setTimeout(() => {{ location.href = '{away}'; }}, 500);"), HTML)
        view = place(server.url + "/p", (host(server),))
        qtbot.waitUntil(lambda: view.state == "live", timeout=15000)
        qtbot.waitUntil(lambda: len(view.page().blocked) >= 1, timeout=5000)
        qtbot.wait(1200)  # the thing under test: past the page's 500 ms navigation, still on it (nothing to wait on)
        assert view.state == "live"
        assert view.page().url().toString() == server.url + "/p"  # still the allowed page
        assert all(b.startswith(away) for b in view.page().blocked)
        assert not other.requests  # neither the frame, the link, the popup nor the redirect reached it
        assert near(render(view, "confined").pixelColor(1500, 800), "#c03030")
    finally:
        other.close()


def test_an_http_error_is_a_card_retried_until_the_page_is_back(place, server, qtbot, fast, caplog):
    caplog.set_level(logging.INFO, "wall.widgets.web")
    server.routes["/p"] = (503, page("bảo trì"), HTML)
    view = place(server.url + "/p", (host(server),))
    qtbot.waitUntil(lambda: view.state == "failed", timeout=15000)
    assert "503" in view.why
    qtbot.waitUntil(lambda: sum(r[0] == "/p" for r in server.requests) >= 3, timeout=15000)  # retried
    assert view.state == "failed"
    img = render(view, "http-error")
    assert near(img.pixelColor(5, 5), style.PANEL)
    server.routes["/p"] = (200, page("đã có lại", colour="#3050c0"), HTML)
    qtbot.waitUntil(lambda: painted(view, "#3050c0"), timeout=15000)
    assert near(render(view, "back").pixelColor(960, 700), "#3050c0")
    failed_logs = [r for r in caplog.records if ": failed" in r.getMessage()]
    assert len(failed_logs) == 1  # once per change of state, not once per retry


def test_an_unreachable_host_and_a_page_that_never_loads_show_cards(place, qtbot, fast):
    silent = SilentServer()
    try:
        down = place(closed_port_url() + "/", ("127.0.0.1",))
        hanging = place(silent.url + "/", ("127.0.0.1",))
        qtbot.waitUntil(lambda: down.state == "failed", timeout=15000)
        qtbot.waitUntil(lambda: hanging.state == "hung", timeout=15000)
        assert "CONNECTION_REFUSED" in down.why.upper() or "refused" in down.why.lower()
        assert "2" in hanging.why  # "trang không tải xong sau 2 giây"
        render(hanging, "never-loads")
    finally:
        silent.close()


def test_a_crashed_renderer_is_recovered(place, server, qtbot, fast):
    server.routes["/p"] = (200, page("trang sống", colour="#30a050"), HTML)
    view = place(server.url + "/p", (host(server),))
    qtbot.waitUntil(lambda: view.state == "live" and view.image() is not None, timeout=15000)
    pid = view.page().renderProcessPid()
    assert pid > 0
    os.kill(pid, signal.SIGKILL)
    qtbot.waitUntil(lambda: view.state == "crashed", timeout=5000)
    assert near(render(view, "crashed").pixelColor(5, 5), style.PANEL)  # a card, not the last picture
    qtbot.waitUntil(lambda: view.state == "live" and view.page().renderProcessPid() not in (0, pid)
                    and painted(view, "#30a050"), timeout=15000)
    assert view.page().renderProcessPid() not in (0, pid)
    assert view.crashes == 1
    assert near(render(view, "recovered").pixelColor(960, 700), "#30a050")


def test_a_page_whose_script_hangs_is_killed_and_reloaded(place, server, qtbot, fast):
    served = []

    def route(_query):
        served.append(1)
        hang = "setTimeout(() => { while (true) {} }, 300);" if len(served) == 1 else ""
        return 200, page("lặp vô hạn" if hang else "ổn", colour="#a0a030", script=hang), HTML

    server.routes["/p"] = route
    view = place(server.url + "/p", (host(server),))
    qtbot.waitUntil(lambda: view.state == "live", timeout=15000)
    first = view.page().renderProcessPid()
    qtbot.waitUntil(lambda: view.state == "hung", timeout=15000)
    qtbot.waitUntil(lambda: view.state == "live" and len(served) >= 2, timeout=15000)
    assert view.page().renderProcessPid() != first
    qtbot.wait(1500)  # heartbeats answered: it stays live
    assert view.state == "live"


def test_periodic_reload_fetches_the_page_again_without_a_card(place, server, qtbot, monkeypatch):
    count = []

    def route(_query):
        count.append(1)
        return 200, page(f"lần {len(count)}"), HTML

    server.routes["/p"] = route
    view = place(server.url + "/p", (host(server),), reload_s=10)
    view._reload.setInterval(700)  # the schema's minimum is 10 s; the timer is what is under test
    qtbot.waitUntil(lambda: len(count) >= 3, timeout=15000)
    assert view.loads >= 2 and view.state in ("live", "loading")


def test_a_wall_shows_a_page_its_configuration_allows_and_refuses_one_it_does_not(server, tmp_path, qapp):
    """A real wall process: the allowlist from its configuration file, the page pushed through the API, the
    screen's snapshot showing it; a page outside the list is refused with the reason, the region unchanged."""
    import json
    import time

    import requests
    from PySide6.QtGui import QImage

    from ..common import SHIPPED_LAYOUTS
    from ..wallproc import READY, WallProcess

    server.routes["/hcc"] = (200, page("Cổng dịch vụ công: 98,5 % hồ sơ đúng hạn", colour="#2a6f97"), HTML)
    config = tmp_path / "wall.json"
    config.write_text(json.dumps({"schema_version": 1, "web": {"allow": [host(server)]},
                                  "screens": {"rows": 3, "cols": 3, "width_px": 1920, "height_px": 1080}}))
    wall = WallProcess("--config", str(config), "--state-dir", str(tmp_path / "state"), "--layouts-dir",
                       str(SHIPPED_LAYOUTS), "--layout", "tong-quan")
    try:
        wall.wait_for(READY, 60)
        url = wall.api_url()
        token = next(t["token"] for t in json.loads((tmp_path / "state" / "api-tokens.json").read_text())["tokens"]
                     if t["role"] == "operator")
        auth = {"Authorization": f"Bearer {token}"}
        state = requests.get(url + "/state", headers=auth, timeout=10).json()
        region = next(r for r in state["regions"] if r["cell"] == [0, 0] and r["span"] == [1, 1])
        refused = requests.post(url + "/commands", headers=auth, timeout=10, json={
            "command": "show_view", "region": region["id"], "view": {"kind": "web", "url": "https://evil.example/"}})
        assert refused.status_code == 422 and "not in the wall's web allowlist" in refused.text
        ok = requests.post(url + "/commands", headers=auth, timeout=10, json={
            "command": "show_view", "region": region["id"], "view": {"kind": "web", "url": server.url + "/hcc"}})
        assert ok.status_code == 200, ok.text
        deadline = time.monotonic() + 30
        while True:
            snap = requests.get(url + "/screens/0/0/snapshot", headers=auth, timeout=10)
            img = QImage.fromData(snap.content)
            if near(img.pixelColor(img.width() // 2, img.height() * 3 // 4), "#2a6f97") or \
                    time.monotonic() > deadline:
                break
            time.sleep(0.5)
        img.save(str(ARTIFACTS / "web-wall-0-0.png"))
        assert near(img.pixelColor(img.width() // 2, img.height() * 3 // 4), "#2a6f97")
        assert any(r[0] == "/hcc" for r in server.requests)
    finally:
        wall.stop()


def test_a_redirect_to_a_host_not_allowed_is_a_card_and_retried(place, server, qtbot, fast, caplog):
    """A portal sending the wall to a login page on another host: a card that says so, retried, never stuck."""
    caplog.set_level(logging.WARNING, "wall.widgets.web")
    other = ScriptedServer()
    try:
        away = other.url.replace("127.0.0.1", "localhost") + "/sso?state=1"
        server.routes["/p"] = (302, b"", {"Location": away, "Content-Length": "0"})
        view = place(server.url + "/p", (host(server),))
        qtbot.waitUntil(lambda: view.state == "failed", timeout=15000)
        assert "máy chủ không được phép: localhost" in view.why
        qtbot.waitUntil(lambda: sum(r[0] == "/p" for r in server.requests) >= 3, timeout=15000)  # still retried
        assert not other.requests
        render(view, "redirect-refused")
        server.routes["/p"] = (200, page("đã hết chuyển hướng", colour="#3050c0"), HTML)
        qtbot.waitUntil(lambda: view.state == "live", timeout=15000)
        assert sum("navigation of the page refused" in r.getMessage() for r in caplog.records) == 1
    finally:
        other.close()


def test_a_reload_that_hangs_does_not_leave_a_stale_page_looking_live(place, server, qtbot, fast):
    server.routes["/p"] = (200, page("số liệu cũ"), HTML)
    view = place(server.url + "/p", (host(server),), reload_s=10)
    qtbot.waitUntil(lambda: view.state == "live", timeout=15000)
    server.routes["/p"] = "hang"
    view._periodic_reload()
    qtbot.waitUntil(lambda: view.state == "hung", timeout=15000)  # the old picture is not shown as live
    assert view.image() is None
    server.release.set()
    server.routes["/p"] = (200, page("số liệu mới", colour="#3050c0"), HTML)
    qtbot.waitUntil(lambda: view.state == "live", timeout=15000)


def test_requests_from_the_page_to_other_hosts_are_blocked(place, server, qtbot):
    other = ScriptedServer()
    try:
        away = other.url.replace("127.0.0.1", "localhost")
        server.routes["/p"] = (200, page(f"<img src='{away}/img.png'>", script=(
            f"fetch('{away}/fetch').catch(() => 0); navigator.sendBeacon('{away}/beacon', 'x');"
            f"var s = document.createElement('script'); s.src = '{away}/x.js'; document.body.appendChild(s);")),
            HTML)
        view = place(server.url + "/p", (host(server),))
        qtbot.waitUntil(lambda: view.state == "live", timeout=15000)
        qtbot.waitUntil(lambda: view.page()._confine.blocked >= 3, timeout=5000)
        qtbot.wait(500)  # the thing under test: nothing reaches the other site a while later
        assert not other.requests  # the image, the fetch, the beacon and the script never left
    finally:
        other.close()
