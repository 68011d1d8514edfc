"""The console's lists (wall, layouts, views, alerts, presets, rules) follow a technician's changes on a real wall
process without fetching what did not change: a camera added to the catalogue brings only the palette again, an
indicator added to a sector's screen nothing, a saved layout comes with its event. A console opening fetches each
list once, and once more after its link to the wall dropped and came back; the layout editor reads again only the
layouts after a save. Requests are counted from the wall's own request log (--log-level debug logs each request
line)."""

from __future__ import annotations

import json
import signal
import time
from types import SimpleNamespace

import pytest
from PySide6.QtCore import Qt

from ..common import SHIPPED_LAYOUTS
from ..consoles import open_console
from ..wallproc import READY, WallApi, WallProcess, count_lines, wait_for_count
from .test_console_network import Relay

LISTS = ("/wall", "/layouts", "/views", "/alerts", "/presets", "/rules")  # what the console fetches on choosing a wall
CAMERA = {"id": "cam-cau-ben-thuy", "name": {"vi": "Camera cầu Bến Thủy"}, "group": "giao-thong-cau",
          "streams": ["rtsp://10.1.2.3:554/Streaming/Channels/102"]}


@pytest.fixture(scope="module")
def wall(tmp_path_factory):
    """No --demo: without data sources no alert opens, and so no alert event makes the console fetch /alerts."""
    state = tmp_path_factory.mktemp("console-lists") / "state"
    proc = WallProcess("--state-dir", str(state), "--layouts-dir", str(SHIPPED_LAYOUTS), "--layout", "tong-quan",
                       "--log-level", "debug")
    try:
        proc.wait_for(READY, 90)
        yield WallApi(proc, state)
    finally:
        proc.stop(signal.SIGKILL)


def request_line(path: str) -> str:
    return f" GET /api/v1{path} "  # the API's request line: "127.0.0.1 GET /api/v1/views 200"


def counts(wall) -> dict[str, int]:
    return {p: count_lines(wall.proc, request_line(p)) for p in LISTS}


def settled(wall, quiet_s: float = 0.7, timeout: float = 15) -> dict[str, int]:
    """The counts once no list has been asked for during ``quiet_s``."""
    deadline = time.monotonic() + timeout
    last, since = counts(wall), time.monotonic()
    while time.monotonic() - since < quiet_s:
        assert time.monotonic() < deadline, f"the console keeps fetching its lists: {last}"
        time.sleep(0.1)
        now = counts(wall)
        if now != last:
            last, since = now, time.monotonic()
    return last


def once_more(counts_before: dict[str, int]) -> dict[str, int]:
    return {p: n + 1 for p, n in counts_before.items()}


@pytest.fixture
def console(qtbot, wall):
    window = open_console(qtbot, wall)
    qtbot.waitUntil(lambda: window.current.status == "online" and window.palette.count() > 0, timeout=15000)
    yield window
    window.close()


def in_palette(window, view: dict) -> bool:
    return any(window.palette.item(i).data(Qt.ItemDataRole.UserRole) == view for i in range(window.palette.count()))


def test_a_camera_added_by_a_technician_reaches_the_palette_and_only_the_views_are_fetched(console, wall, qtbot):
    before = settled(wall)
    assert not in_palette(console, {"kind": "camera", "camera": CAMERA["id"]})
    added = wall.call("POST", "/catalogue/cameras", "technician", json=CAMERA)
    assert added.status_code == 201, added.text
    qtbot.waitUntil(lambda: in_palette(console, {"kind": "camera", "camera": CAMERA["id"]}), timeout=10000)
    wait_for_count(wall.proc, request_line("/views"), before["/views"] + 1, timeout=5)
    assert settled(wall) == {**before, "/views": before["/views"] + 1}
    assert any(c["id"] == CAMERA["id"] for c in console.cameras)


def test_an_indicator_added_to_a_sector_screen_fetches_no_list(console, wall, qtbot):
    """The palette names sectors, not what their screens show: nothing of the console's lists changed."""
    before = settled(wall)
    with qtbot.waitSignal(console._bridge.event, timeout=10000,
                          check_params_cb=lambda url, kind, data: kind == "catalogue"):
        added = wall.call("POST", "/catalogue/sectors/ktxh/indicators", "technician",
                          json={"indicator": "dl-luot-khach"})
        assert added.status_code == 201, added.text
    assert settled(wall) == before


def test_a_layout_saved_by_a_technician_comes_with_its_event_and_fetches_no_list(console, wall, qtbot):
    before = settled(wall)
    doc = json.loads((SHIPPED_LAYOUTS / "camera.json").read_text(encoding="utf-8"))
    doc["id"], doc["title"] = "camera-dem", {"vi": "Camera ban đêm"}
    saved = wall.call("PUT", "/layouts/camera-dem", "technician", json={"layout": doc, "base_revision": None,
                                                                        "apply": False})
    assert saved.status_code == 200, saved.text
    qtbot.waitUntil(lambda: console.layout_combo.findData("camera-dem") >= 0, timeout=10000)
    assert console.layout_combo.itemText(console.layout_combo.findData("camera-dem")) == "Camera ban đêm"
    assert settled(wall) == before



def test_a_console_opening_on_a_wall_fetches_each_list_once(qtbot, wall):
    """Its event stream comes up while the lists are on their way: that asks for nothing more."""
    before = settled(wall)
    window = open_console(qtbot, wall)
    try:
        qtbot.waitUntil(lambda: window.current.status == "online" and window.palette.count() > 0, timeout=15000)
        assert settled(wall) == once_more(before)
    finally:
        window.close()


def test_a_console_whose_link_dropped_fetches_each_list_again_once_it_is_back(qtbot, wall):
    """What changed meanwhile was missed: a preset saved at another console (no event brings presets) is there
    once the link is back. The network between console and wall is a relay the test cuts and restores."""
    relay = Relay(("127.0.0.1", int(wall.url.split(":")[2].split("/")[0])))
    window = None
    try:
        before = settled(wall)
        window = open_console(qtbot, SimpleNamespace(url=f"http://127.0.0.1:{relay.port}/api/v1",
                                                     tokens=wall.tokens))
        qtbot.waitUntil(lambda: window.current.status == "online" and window.palette.count() > 0, timeout=15000)
        opened = settled(wall)
        assert opened == once_more(before)

        relay.cut()
        qtbot.waitUntil(lambda: window.current.status == "offline", timeout=15000)
        saved = wall.command("technician", command="save_preset", name="Cảnh lưu lúc mất mạng")
        assert saved.status_code == 200, saved.text
        assert window.preset_combo.findData("Cảnh lưu lúc mất mạng") < 0
        relay.restore()
        qtbot.waitUntil(lambda: window.preset_combo.findData("Cảnh lưu lúc mất mạng") >= 0, timeout=30000)
        assert window.current.status == "online"
        assert settled(wall) == once_more(opened)
    finally:
        if window is not None:
            window.close()
        relay.close()


def open_editor(console, qtbot, layout_id: str):
    editor = console.open_layout_editor()
    qtbot.waitUntil(lambda: bool(editor.views) and editor.layout_box.count() > 0, timeout=15000)
    editor.apply_box.setChecked(False)
    editor.open_layout(layout_id)
    qtbot.waitUntil(lambda: editor.opened == layout_id, timeout=10000)
    return editor


def test_a_layout_saved_in_the_editor_reads_again_only_the_layout_list(console, wall, qtbot):
    """A save changes the layouts, not the wall's size or views: the editor's list shows the new layout."""
    editor = open_editor(console, qtbot, "camera")
    before = settled(wall)
    editor.save_as("camera-sao")
    qtbot.waitUntil(lambda: editor.layout_box.findData("camera-sao") >= 0, timeout=15000)
    assert "Đã lưu camera-sao" in editor.last_message
    assert settled(wall) == {**before, "/layouts": before["/layouts"] + 1}


def test_the_warnings_of_a_save_stay_shown_once_the_layout_list_is_read_again(console, wall, qtbot):
    """The layout on the wall saved without applying it: the wall warns that it still shows the version before.
    The list read again after the save (its new title in it) leaves the warning where the save put it."""
    editor = open_editor(console, qtbot, "tong-quan")
    editor.title_vi.setText("Tổng quan (sửa)")  # confirmed by the save
    editor.save()
    qtbot.waitUntil(lambda: not editor.busy and "Đã lưu tong-quan" in editor.last_message, timeout=15000)
    problems = [editor.problem_list.item(i).text() for i in range(editor.problem_list.count())]
    assert [p for p in problems if p.startswith("⚠")], problems
    qtbot.waitUntil(lambda: editor.layout_box.itemText(editor.layout_box.findData("tong-quan")).startswith(
        "Tổng quan (sửa)"), timeout=15000)
    assert [editor.problem_list.item(i).text() for i in range(editor.problem_list.count())] == problems
