"""Catalogue editing on a real wall process: a technician adds a camera (an MJPEG camera on 127.0.0.1) and a web
page (a page on 127.0.0.1 that the wall's allowlist permits), puts both on the wall at once, adds an indicator to a
sector view and sees it drawn there without a restart; operator and viewer tokens are refused on every editing
route; the additions survive a restart."""

from __future__ import annotations

import json
import signal
import time
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QImage

from ..common import SHIPPED_LAYOUTS
from ..fakeservers import MjpegServer, ScriptedServer
from ..pictures import ARTIFACTS, jpeg
from ..wallproc import READY, WallApi, WallProcess

CAMERA = {"id": "cam-cau-cua-hoi", "name": {"vi": "Camera cầu Cửa Hội", "en": "Cua Hoi bridge"},
          "group": "giao-thong-cau"}
PAGE = {"id": "bao-cao-nhanh", "name": {"vi": "Báo cáo nhanh của Văn phòng UBND"}, "zoom": 1.5}
ADDED = "dl-luot-khach"  # tourism arrivals, added to the socio-economic screen (ktxh)
BACKGROUND = QColor("#0b1426")  # wall.widgets.style.BACKGROUND: the gaps between a sector view's tiles


class Wall:
    """A wall process on one state folder, which a test may restart."""

    def __init__(self, folder: Path, web_host: str):
        self.state_dir = folder / "state"
        config = folder / "wall.json"
        config.write_text(json.dumps({"schema_version": 1, "web": {"allow": [web_host]}, "screens": {
            "rows": 3, "cols": 3, "width_px": 1920, "height_px": 1080}}), encoding="utf-8")
        no_rules = folder / "no-rules.json"
        no_rules.write_text('{"schema_version": 1, "rules": []}', encoding="utf-8")
        self.args = ("--demo", "--config", str(config), "--state-dir", str(self.state_dir), "--layouts-dir",
                     str(SHIPPED_LAYOUTS), "--layout", "tong-quan", "--alert-rules", str(no_rules))
        self.start()

    def start(self) -> None:
        self.proc = WallProcess(*self.args)
        self.proc.wait_for(READY, 90)
        self.api = WallApi(self.proc, self.state_dir)

    def restart(self) -> None:
        assert self.proc.stop() == 0, self.proc.log
        self.start()

    def call(self, method: str, path: str, role: str = "technician", **kw):
        return self.api.call(method, path, role, **kw)

    def show(self, region: str, view: dict) -> None:
        r = self.api.command("operator", command="show_view", region=region, view=view)
        assert r.status_code == 200, r.text

    def wait_view(self, region: str, test, timeout: float = 30) -> dict:
        deadline = time.monotonic() + timeout
        while True:
            view = self.api.health()["views"].get(region, {})
            if test(view) or time.monotonic() > deadline:
                return view
            time.sleep(0.3)


@pytest.fixture(scope="module")
def servers(qapp):
    page, camera = ScriptedServer(), MjpegServer(jpeg("#d08020"))
    page.routes["/nhanh"] = (200, "<!doctype html><meta charset=utf-8><body style='background:#1b6e3a;"
                                  "color:white;font:64px sans-serif'>Báo cáo nhanh</body>", "text/html; charset=utf-8")
    yield page, camera
    page.close()
    camera.close()


@pytest.fixture(scope="module")
def wall(tmp_path_factory, servers):
    page, _ = servers
    w = Wall(tmp_path_factory.mktemp("catalogue-wall"), page.url.split("//", 1)[1])
    yield w
    w.proc.stop(signal.SIGKILL)


def _runs(pixels) -> list[tuple[int, int]]:
    """(start, end) of each run of at least 20 pixels that are not the sector view's background."""
    out, begin = [], None
    for n, c in enumerate([*pixels, BACKGROUND]):
        background = max(abs(c.red() - BACKGROUND.red()), abs(c.green() - BACKGROUND.green()),
                         abs(c.blue() - BACKGROUND.blue())) <= 3
        if not background and begin is None:
            begin = n
        elif background and begin is not None:
            if n - begin >= 20:
                out.append((begin, n))
            begin = None
    return out


def tiles_drawn(img: QImage) -> list[int]:
    """How many tiles the sector view on this screen draws in each row: the rows are found down a line through
    the first column of tiles (between the header and the panels below the tiles), then the tiles across each
    row's middle."""
    top, bottom = int(img.height() * 0.12), int(img.height() * (0.11 + 0.89 * 0.6))
    rows = _runs([img.pixelColor(img.width() // 20, y) for y in range(top, bottom)])
    return [len(_runs([img.pixelColor(x, top + (a + b) // 2) for x in range(img.width())])) for a, b in rows]


def snapshot(wall: Wall, name: str) -> QImage:
    r = wall.call("GET", "/screens/0/0/snapshot", "viewer")
    assert r.status_code == 200
    (ARTIFACTS / name).parent.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / name).write_bytes(r.content)
    return QImage.fromData(r.content)


@pytest.mark.leaves(reason="the camera stays on the module's wall: its stream's server thread belongs to the "
                    "module's servers fixture, which ends it")
def test_a_camera_added_by_the_technician_is_offered_and_shown_at_once(wall, servers):
    _, camera = servers
    r = wall.call("POST", "/catalogue/cameras", json={**CAMERA, "streams": [camera.url]})
    assert r.status_code == 201, r.text
    views = wall.call("GET", "/views", "viewer").json()
    assert {"kind": "camera", "camera": CAMERA["id"], "title": CAMERA["name"]["vi"]} in views["views"]
    assert CAMERA["id"] in [c["id"] for c in views["cameras"]]
    wall.show("hcc", {"kind": "camera", "camera": CAMERA["id"]})
    assert wall.wait_view("hcc", lambda v: v.get("state") == "live")["state"] == "live"
    assert camera.connections >= 1


def test_a_web_page_added_by_the_technician_is_offered_and_shown_at_once(wall, servers):
    page, _ = servers
    url = page.url + "/nhanh"
    refused = wall.call("POST", "/catalogue/web-pages", json={**PAGE, "url": "https://evil.example/"})
    assert refused.status_code == 400 and refused.json()["problems"][0]["path"] == "url"
    r = wall.call("POST", "/catalogue/web-pages", json={**PAGE, "url": url})
    assert r.status_code == 201, r.text
    offered = [v for v in wall.call("GET", "/views", "viewer").json()["views"] if v.get("url") == url]
    assert offered and offered[0]["kind"] == "web" and PAGE["name"]["vi"] in offered[0]["title"]
    wall.show("vbdt", {k: v for k, v in offered[0].items() if k != "title"})
    assert wall.wait_view("vbdt", lambda v: v.get("state") == "live", 60)["state"] == "live"
    assert any(path == "/nhanh" for path, _, _ in page.requests)


def test_an_indicator_added_to_a_sector_view_is_drawn_there_without_a_restart(wall):
    before = snapshot(wall, "catalogue-edit/ktxh-before.png")
    assert ADDED not in wall.api.health()["views"]["ktxh"]["tiles"]
    assert tiles_drawn(before) == [3]  # as many as fit at 5 m (issue 20): one row of three
    r = wall.call("POST", "/catalogue/sectors/ktxh/indicators", json={"indicator": ADDED})
    assert r.status_code == 201, r.text
    view = wall.wait_view("ktxh", lambda v: ADDED in v.get("tiles_declared", []))
    assert view["tiles_declared"][-1] == ADDED and len(view["tiles_declared"]) == 7
    # tourist arrivals are a headline figure (priority 1): drawn, one of the three tiles that fit at 5 m
    view = wall.wait_view("ktxh", lambda v: ADDED in v.get("tiles", []))
    assert len(view["tiles"]) == 3
    after = snapshot(wall, "catalogue-edit/ktxh-after.png")
    assert tiles_drawn(after) == [3]
    sector = next(s for s in wall.call("GET", "/catalogue", "viewer").json()["sectors"] if s["id"] == "ktxh")
    assert sector["added"] == [ADDED] and sector["indicators"][-1] == ADDED


@pytest.mark.parametrize("role", ["operator", "viewer"])
def test_operator_and_viewer_tokens_cannot_edit_the_catalogue(wall, servers, role):
    before = wall.call("GET", "/catalogue", role)
    assert before.status_code == 200
    for method, path, body in [
            ("POST", "/catalogue/cameras", {**CAMERA, "id": "cam-khac", "streams": [servers[1].url]}),
            ("POST", "/catalogue/web-pages", {**PAGE, "id": "trang-khac", "url": servers[0].url + "/nhanh"}),
            ("POST", "/catalogue/sectors/hcc/indicators", {"indicator": ADDED}),
            ("DELETE", f"/catalogue/cameras/{CAMERA['id']}", None),
            ("DELETE", f"/catalogue/web-pages/{PAGE['id']}", None),
            ("DELETE", f"/catalogue/sectors/ktxh/indicators/{ADDED}", None)]:
        r = wall.call(method, path, role, json=body)
        assert r.status_code == 403 and role in r.json()["error"], (method, path, r.text)
    assert wall.call("GET", "/catalogue", role).json() == before.json()


@pytest.mark.leaves(reason="restarts the module's wall: the new process is the module's wall fixture's, which "
                    "ends it")
def test_the_additions_survive_a_restart(wall, servers):
    _, camera = servers
    extra = {**CAMERA, "id": "cam-sau-khoi-dong", "streams": [camera.url]}
    assert wall.call("POST", "/catalogue/cameras", json=extra).status_code == 201
    wall.call("POST", "/catalogue/sectors/ktxh/indicators", json={"indicator": ADDED})  # 201, or 400 if there
    wall.restart()
    doc = wall.call("GET", "/catalogue", "viewer").json()
    assert {c["id"] for c in doc["cameras"] if c["added"]} >= {CAMERA["id"], extra["id"]}
    assert [p["id"] for p in doc["web_pages"] if p["added"]] in ([PAGE["id"]], [])  # [] when run alone
    assert next(s for s in doc["sectors"] if s["id"] == "ktxh")["added"] == [ADDED]
    assert not [line for line in wall.proc.lines if "technicians' catalogue additions" in line]  # none skipped
    views = wall.call("GET", "/views", "viewer").json()["views"]
    assert {"kind": "camera", "camera": extra["id"], "title": extra["name"]["vi"]} in views
    assert ADDED in wall.wait_view("ktxh", lambda v: ADDED in v.get("tiles", []))["tiles"]
    removed = wall.call("DELETE", f"/catalogue/cameras/{extra['id']}")
    assert removed.status_code == 200 and extra["id"] not in {
        v.get("camera") for v in wall.call("GET", "/views", "viewer").json()["views"]}


def test_removing_a_camera_names_the_presets_and_layouts_that_still_show_it(wall, servers):
    _, camera = servers
    cam = {"id": "cam-se-go", "name": {"vi": "Camera sẽ gỡ"}, "group": "an-ninh", "streams": [camera.url]}
    assert wall.call("POST", "/catalogue/cameras", json=cam).status_code == 201
    wall.show("hcc", {"kind": "camera", "camera": cam["id"]})
    saved = wall.api.command("technician", command="save_preset", name="Camera sẽ gỡ")
    assert saved.status_code == 200, saved.text
    layout = {"schema_version": 2, "id": "mot-camera", "title": {"vi": "Một camera"}, "grid": {"rows": 1, "cols": 1},
              "regions": [{"id": "chinh", "cell": [0, 0], "view": {"kind": "camera", "camera": cam["id"]}}]}
    put = wall.call("PUT", "/layouts/mot-camera", json={"layout": layout, "base_revision": None, "apply": False})
    assert put.status_code == 200, put.text
    refused = wall.call("DELETE", f"/catalogue/cameras/{cam['id']}")
    assert refused.status_code == 409 and "hcc" in refused.json()["error"]  # on the wall: not removed
    wall.show("hcc", {"kind": "clock"})
    try:
        r = wall.call("DELETE", f"/catalogue/cameras/{cam['id']}")
        assert r.status_code == 200, r.text
        # the preset and the saved layout name it; the shipped camera layout's grid of its group (an-ninh) only
        # pages through the others from now on, and is not named
        warnings = r.json()["warnings"]
        assert [w["message"] for w in warnings] == [
            f"preset 'Camera sẽ gỡ' still shows camera '{cam['id']}' (region hcc)",
            f"layout 'mot-camera' still shows camera '{cam['id']}' (region chinh)"]
        # a console words them in Vietnamese (its catalogue dialog shows them under the removal)
        from operator_console.problem_text import describe

        assert [describe(w) for w in warnings] == [
            f"cảnh «Camera sẽ gỡ» vẫn hiển thị camera «{cam['id']}» (vùng hcc)",
            f"bố cục «mot-camera» vẫn hiển thị camera «{cam['id']}» (vùng chinh)"]
    finally:
        wall.api.command("technician", command="delete_preset", name="Camera sẽ gỡ")
        wall.call("DELETE", "/layouts/mot-camera")
