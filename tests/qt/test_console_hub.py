"""The console shows, beside each wall's own state, the IOC hub it takes its data from and the hub's link (issue
22, item 5): connected with the hub's sources, lost since when, the broker unreachable since when, connecting, or
the wall's own sources; and which walls are on which hub. Read from each wall's GET /health ("hub"), polled.

A real wall process for a wall with its own sources; for the hub's cases, real HTTP servers on 127.0.0.1 that
answer as a wall does what the console asks of one (its event stream, its lists, its health with a "hub")."""

from __future__ import annotations

import json
import signal
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

import pytest

from operator_console.window import ConsoleWindow

from ..common import SHIPPED_LAYOUTS
from ..consoles import never_modal
from ..wallproc import READY, WallApi, WallProcess

TOKEN = "t" * 32
LISTS = {"/wall": {"rows": 3, "cols": 3, "you": {"role": "operator"}}, "/layouts": {"layouts": []},
         "/views": {"views": []}, "/alerts": {"alerts": []}, "/presets": {"presets": []}, "/rules": {"rules": []}}


class FakeWall:
    """Answers as a wall does: an event stream held open (keep-alives), its lists, its state, and GET /health with
    ``health`` (changed by the test as the wall's hub link changes). Requests are counted per path."""

    def __init__(self):
        self.health: dict = {"uptime_s": 1.0, "hub": None}
        self.asked: dict[str, int] = {}
        self.stopping = threading.Event()
        outer = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self):  # noqa: N802 (http.server's name)
                path = urlsplit(self.path).path.removeprefix("/api/v1")
                outer.asked[path] = outer.asked.get(path, 0) + 1
                if self.headers.get("Authorization") != f"Bearer {TOKEN}":
                    return self._json(401, {"error": "no token"})
                if path == "/events":
                    return self._events()
                if path == "/health":
                    return self._json(200, outer.health)
                if path == "/state":
                    return self._json(200, {"revision": 1, "layout": "", "regions": []})
                if path in LISTS:
                    return self._json(200, LISTS[path])
                return self._json(404, {"error": "not found"})

            def _json(self, status: int, body: dict) -> None:
                data = json.dumps(body, ensure_ascii=False).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                self.send_header("Connection", "close")
                self.end_headers()
                self.close_connection = True  # no connection kept alive: the server's threads all end with it
                self.wfile.write(data)

            def _events(self) -> None:
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.send_header("Cache-Control", "no-cache")
                self.end_headers()
                self.close_connection = True
                try:
                    while not outer.stopping.is_set():
                        self.wfile.write(b": keep-alive\n\n")
                        self.wfile.flush()
                        outer.stopping.wait(0.5)
                except OSError:  # the console hung up
                    pass

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = False  # server_close joins its request threads
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/api/v1"
        self._thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05})
        self._thread.start()

    def close(self) -> None:
        self.stopping.set()
        self.httpd.shutdown()
        self.httpd.server_close()
        self._thread.join(5)


def hub(link: str, since: float, hub_health: dict | None = None, name: str = "hub-tinh") -> dict:
    return {"name": name, "url": "https://10.0.0.5:8443/api/v1", "broker": "mqtt://10.0.0.5:1883", "link": link,
            "since": since, "readings": 42, "hub_health": hub_health}


def clock(epoch: float) -> str:
    """HH:MM on this computer's clock, with the day when it is not today's."""
    same_day = time.localtime(epoch)[:3] == time.localtime()[:3]
    return time.strftime("%H:%M" if same_day else "%H:%M %d/%m", time.localtime(epoch))


@pytest.fixture
def fakes():
    walls = [FakeWall() for _ in range(3)]
    yield walls
    for w in walls:
        w.close()


@pytest.fixture
def console(qtbot, monkeypatch):
    monkeypatch.setattr(ConsoleWindow, "HEALTH_EVERY_MS", 300)  # the poll's interval, short for the test
    window = ConsoleWindow("bàn điều khiển thử")
    qtbot.addWidget(window)
    never_modal(window)
    window.show()
    yield window
    window.close()


def row_of(window: ConsoleWindow, name: str) -> str:
    texts = [window.wall_list.item(i).text() for i in range(window.wall_list.count())]
    return next(t for t in texts if f" {name} — " in t)


def test_walls_on_a_hub_show_it_its_link_and_sources_and_are_grouped_by_hub(console, fakes, qtbot):
    ioc, hop, huyen = fakes
    lost_at = time.time() - 300
    ioc.health["hub"] = hub("ok", time.time() - 3600, {"sources": 12, "sources_failing": 1, "online_since": 1.0})
    hop.health["hub"] = hub("hub-offline", lost_at)
    huyen.health.pop("hub")  # a wall from before hubs says nothing of one: it runs its own sources
    console.add_wall("Phòng IOC", ioc.url, TOKEN)
    console.add_wall("Phòng họp", hop.url, TOKEN)
    console.add_wall("Phòng huyện", huyen.url, TOKEN)
    qtbot.waitUntil(lambda: all(e.hub_known for e in console.walls.values()), timeout=15000)

    assert row_of(console, "Phòng IOC").endswith(
        "đã kết nối\n    Trung tâm dữ liệu: hub-tinh — đã kết nối — 12 nguồn, 1 lỗi")
    assert row_of(console, "Phòng họp").endswith(
        f"\n    Trung tâm dữ liệu: hub-tinh — mất kết nối từ {clock(lost_at)}")
    assert row_of(console, "Phòng huyện").endswith("\n    Tự lấy dữ liệu (không qua trung tâm)")
    # which walls are on which hub, a line per hub
    assert console.hub_groups.isVisible()
    assert console.hub_groups.text().splitlines() == ["Trung tâm dữ liệu hub-tinh: Phòng IOC, Phòng họp",
                                                      "Tự lấy dữ liệu: Phòng huyện"]
    # the chosen wall's details: its hub, in red while the link is lost
    console.select_wall(hop.url)
    assert console.hub_label.text() == f"Trung tâm dữ liệu: hub-tinh — mất kết nối từ {clock(lost_at)}"
    assert "#d32f2f" in console.hub_label.styleSheet()
    console.select_wall(ioc.url)
    assert console.hub_label.text() == "Trung tâm dữ liệu: hub-tinh — đã kết nối — 12 nguồn, 1 lỗi"
    assert console.hub_label.styleSheet() == ""


def test_the_hubs_link_changes_reach_the_console_with_the_polled_health(console, fakes, qtbot):
    wall = fakes[0]
    wall.health["hub"] = hub("connecting", time.time(), None, name="")  # no presence yet: named by its address
    console.add_wall("Phòng IOC", wall.url, TOKEN)
    qtbot.waitUntil(lambda: console.current is not None and console.current.hub_known, timeout=15000)
    assert console.hub_label.text() == "Trung tâm dữ liệu: 10.0.0.5 — đang kết nối…"
    assert console.hub_groups.text() == "Trung tâm dữ liệu 10.0.0.5: Phòng IOC"

    wall.health["hub"] = hub("ok", time.time(), {"sources": 5, "sources_failing": 0})
    qtbot.waitUntil(lambda: console.hub_label.text()
                    == "Trung tâm dữ liệu: hub-tinh — đã kết nối — 5 nguồn, 0 lỗi", timeout=5000)

    down_at = time.time() - 3 * 86400  # a link lost days ago: its day said too
    wall.health["hub"] = hub("broker-down", down_at, {"sources": 5, "sources_failing": 0})
    qtbot.waitUntil(lambda: console.hub_label.text()
                    == f"Trung tâm dữ liệu: hub-tinh — không tới được máy chủ tin nhắn từ {clock(down_at)}",
                    timeout=5000)
    assert "/" in clock(down_at)
    assert "không tới được máy chủ tin nhắn" in console.wall_list.item(0).text()
    asks = wall.asked["/health"]
    assert asks >= 3  # one timer's polls, not an ask per event

    wall.health["hub"] = hub("ok", time.time(), {"sources": 5, "sources_failing": 2})
    qtbot.waitUntil(lambda: console.wall_list.item(0).text().endswith("đã kết nối — 5 nguồn, 2 lỗi"),
                    timeout=5000)
    assert console.hub_label.styleSheet() == ""


def test_a_wall_that_cannot_be_reached_keeps_its_hub_but_no_state_of_it(console, fakes, qtbot):
    wall = fakes[0]
    wall.health["hub"] = hub("hub-offline", time.time())
    entry = console.add_wall("Phòng IOC", wall.url, TOKEN)
    qtbot.waitUntil(lambda: entry.hub_known, timeout=15000)
    wall.close()  # the wall gone: its stream drops, the console cannot know its hub's link now
    qtbot.waitUntil(lambda: entry.status == "offline", timeout=15000)
    assert console.wall_list.item(0).text().endswith("không kết nối được\n    Trung tâm dữ liệu: hub-tinh")
    assert console.hub_label.text() == "Trung tâm dữ liệu: hub-tinh"
    assert "#d32f2f" not in console.hub_label.styleSheet()


def test_a_real_wall_with_its_own_sources_says_so(qtbot, tmp_path, monkeypatch):
    state_dir = tmp_path / "state"
    proc = WallProcess("--demo", "--state-dir", str(state_dir), "--layouts-dir", str(SHIPPED_LAYOUTS),
                       "--layout", "tong-quan")
    window = None
    try:
        proc.wait_for(READY)
        api = WallApi(proc, state_dir)
        window = ConsoleWindow("bàn điều khiển thử")
        qtbot.addWidget(window)
        never_modal(window)
        window.show()
        window.add_wall("Tường thử", api.url, api.tokens["operator"])
        qtbot.waitUntil(lambda: window.current.hub_known, timeout=30000)
        assert window.current.hub is None
        assert window.wall_list.item(0).text() == ("● Tường thử — đã kết nối\n"
                                                   "    Tự lấy dữ liệu (không qua trung tâm)")
        assert window.hub_label.text() == "Tự lấy dữ liệu (không qua trung tâm)"
        assert not window.hub_groups.isVisible()  # no hub anywhere: no grouping to show
    finally:
        if window is not None:
            window.close()
        proc.stop(signal.SIGKILL)
