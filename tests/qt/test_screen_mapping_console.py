"""The console's screen mapping driven like a technician would, against a real wall process on nine monitors
(WALL0..WALL8), started without --config so the mapping is saved in its state folder: identify on and off, monitors
assigned by clicking, bezels in millimetres with their pixels, save and read back; a colleague's save in between
keeps the technician's edits; a mapping the wall refuses is shown under the picture and changes nothing."""

from __future__ import annotations

import json
import signal

import pytest
from PySide6.QtCore import QPoint, Qt

from operator_console.screen_mapping import ScreenMap, ScreenMappingDialog

from ..common import SHIPPED_LAYOUTS
from ..consoles import open_console
from ..pictures import ARTIFACTS
from ..wallproc import NINE_SCREENS, READY, WallApi, WallProcess


@pytest.fixture(scope="module")
def wall(tmp_path_factory):
    state = tmp_path_factory.mktemp("mapping") / "state"
    proc = WallProcess("--state-dir", str(state), "--layouts-dir", str(SHIPPED_LAYOUTS), "--layout", "tong-quan",
                       env={"QT_QPA_PLATFORM": NINE_SCREENS})
    try:
        proc.wait_for(READY)
        yield WallApi(proc, state)
    finally:
        proc.stop(signal.SIGKILL)


@pytest.fixture
def dialog(qtbot, wall) -> ScreenMappingDialog:
    window = open_console(qtbot, wall)
    dialog = window.open_screen_mapping()
    assert isinstance(dialog, ScreenMappingDialog)
    qtbot.waitUntil(lambda: dialog.model is not None and not dialog.busy, timeout=20000)
    yield dialog
    dialog.close()
    window.close()


def screens(wall) -> dict:
    return wall.call("GET", "/screens", "viewer").json()


def click_monitor(qtbot, dialog, name: str) -> None:
    lst = dialog.monitor_list
    item = next(lst.item(i) for i in range(lst.count()) if lst.item(i).data(Qt.ItemDataRole.UserRole) == name)
    qtbot.mouseClick(lst.viewport(), Qt.MouseButton.LeftButton, pos=lst.visualItemRect(item).center())
    assert dialog.selected == name


def click_position(qtbot, dialog, row: int, col: int) -> None:
    qtbot.mouseClick(dialog.grid, Qt.MouseButton.LeftButton, pos=dialog.grid.tile_rect(row, col).center().toPoint())


def saved(qtbot, dialog) -> None:
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.busy, timeout=20000)


def test_identify_is_switched_on_and_off_from_the_dialog(dialog, wall, qtbot):
    qtbot.mouseClick(dialog.identify_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: wall.state()["identify"] is True, timeout=10000)
    assert dialog.identify_button.text() == "Tắt nhận diện màn hình"
    qtbot.mouseClick(dialog.identify_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: wall.state()["identify"] is False, timeout=10000)


def test_monitors_are_assigned_by_clicking_and_the_mapping_is_saved_to_the_wall(dialog, wall, qtbot):
    assert dialog.monitor_list.count() == 9
    assert "WALL4 · 1920×1080 · " in dialog.monitor_list.item(4).text()
    m = dialog.model
    assert m.mode == "auto" and dialog.mode_buttons["auto"].isChecked()
    ARTIFACTS.mkdir(exist_ok=True)
    dialog.grab().save(str(ARTIFACTS / "screen-mapping-auto.png"))
    assert [m.owner(0, c) for c in range(3)] == ["WALL0", "WALL1", "WALL2"]  # the preview of the running plan
    # WALL1 onto position 1: WALL0 is taken off it; then WALL0 onto the place WALL1 left
    click_monitor(qtbot, dialog, "WALL1")
    click_position(qtbot, dialog, 0, 0)
    assert (m.mode, m.owner(0, 0), m.owner(0, 1), dialog.selected) == ("manual", "WALL1", None, None)
    assert "WALL0" not in m.blocks and "Đã bỏ gán: WALL0" in dialog.status.text()
    click_position(qtbot, dialog, 2, 2)  # no monitor chosen: the one on the picture is picked up
    assert dialog.selected == "WALL8"
    click_position(qtbot, dialog, 2, 2)  # ...and put back
    click_monitor(qtbot, dialog, "WALL0")
    click_position(qtbot, dialog, 0, 1)
    assert [m.owner(0, c) for c in range(3)] == ["WALL1", "WALL0", "WALL2"]
    # bezels in millimetres; the pixels from the monitor's physical size (its EDID) and resolution
    monitor = next(x for x in screens(wall)["monitors"] if x["name"] == "WALL0")
    assert m.size_from == "" and dialog.width_mm.value() == pytest.approx(screens(wall)["screens"]["width_mm"])
    assert "screen_mm" not in m.body()  # the configured panel size stays unless the technician takes another
    assert dialog.use_edid.isVisibleTo(dialog) and "WALL0" in dialog.use_edid.text()
    dialog.use_edid.click()
    assert m.size_from == "WALL0" and dialog.width_mm.value() == pytest.approx(monitor["width_mm"], abs=0.05)
    assert not dialog.use_edid.isVisibleTo(dialog)
    dialog.bezel_x.setValue(3.5)
    dialog.bezel_y.setValue(2.0)
    px_x, px_y = round(3.5 * 1920 / monitor["width_mm"]), round(2.0 * 1080 / monitor["height_mm"])
    assert (dialog.bezel_x_px.text(), dialog.bezel_y_px.text()) == (f"= {px_x} px", f"= {px_y} px")
    before = screens(wall)
    saved(qtbot, dialog)
    assert dialog.status.text().startswith("Đã lưu."), dialog.status.text()
    assert "phiên bản" not in dialog.status.text()  # the revision is for the technician's tooltip
    after = screens(wall)
    assert after["revision"] != before["revision"] and after["file_exists"]
    assert after["file"] == "wall-config.json"  # (as a viewer reads it; the technician gets the path)
    shown = {tuple(o["cell"]): o["monitor"] for o in after["plan"]["outputs"]}
    assert (shown[(0, 0)], shown[(0, 1)], shown[(0, 2)], shown[(2, 2)]) == ("WALL1", "WALL0", "WALL2", "WALL8")
    assert after["bezel_mm"] == {"x": 3.5, "y": 2.0}
    assert after["bezel_px"] == {"x": px_x, "y": px_y}  # the wall converts as the dialog showed
    assert after["screens"]["width_mm"] == pytest.approx(monitor["width_mm"]) and after["applied"]
    assert dialog.model.revision == after["revision"]
    dialog.grab().save(str(ARTIFACTS / "screen-mapping-dialog.png"))


def test_a_colleagues_save_in_between_keeps_the_technicians_edits(dialog, wall, qtbot):
    click_monitor(qtbot, dialog, "WALL3")
    click_position(qtbot, dialog, 1, 1)  # WALL4 taken off, WALL3 moved
    mine = dict(dialog.model.blocks)
    colleague = wall.call("PUT", "/screens", "technician", json={
        "bezel_mm": {"x": 1, "y": 1}, "base_revision": screens(wall)["revision"]})
    assert colleague.status_code == 200
    theirs = screens(wall)
    saved(qtbot, dialog)
    assert "Người khác vừa thay đổi ánh xạ màn hình" in dialog.status.text()
    assert dialog.model.blocks == mine and dialog.overwrite_button.isVisibleTo(dialog)
    assert screens(wall)["revision"] == theirs["revision"]  # nothing of the colleague's lost
    qtbot.mouseClick(dialog.overwrite_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.busy, timeout=20000)
    after = screens(wall)
    shown = {tuple(o["cell"]): o["monitor"] for o in after["plan"]["outputs"]}
    assert shown[(1, 1)] == "WALL3" and (1, 0) not in shown and "WALL4" not in shown.values()
    assert after["bezel_mm"] == {"x": 1, "y": 1}  # the colleague's bezels, which this technician did not change
    assert not dialog.overwrite_button.isVisibleTo(dialog)


def test_a_mapping_the_wall_refuses_is_shown_under_the_picture_and_changes_nothing(dialog, wall, qtbot):
    before = screens(wall)
    for name in list(dialog.model.blocks):
        click_monitor(qtbot, dialog, name)
        qtbot.mouseClick(dialog.unassign_button, Qt.MouseButton.LeftButton)
    assert dialog.model.blocks == {} and dialog.model.mode == "manual"
    saved(qtbot, dialog)
    # without where it lies in the file (that is in the tooltip)
    assert dialog.outputs_problems.text() == "[] should be non-empty", dialog.outputs_problems.text()
    assert "$.outputs" in dialog.outputs_problems.toolTip()
    assert dialog.status.text().startswith("Tường từ chối") and dialog.outputs_problems.isVisibleTo(dialog)
    dialog.grab().save(str(ARTIFACTS / "screen-mapping-refused.png"))
    assert screens(wall)["revision"] == before["revision"]
    # "Tự động" is always valid
    auto = dialog.mode_buttons["auto"]
    qtbot.mouseClick(auto, Qt.MouseButton.LeftButton, pos=QPoint(8, auto.height() // 2))  # on its round button
    assert dialog.model.mode == "auto"
    saved(qtbot, dialog)
    assert screens(wall)["outputs"] == "auto" and dialog.outputs_problems.text() == "", dialog.status.text()


def test_the_viewing_distance_is_set_with_what_it_means_and_saved_to_the_wall(dialog, wall, qtbot):
    room = screens(wall)["room"]
    assert dialog.distance.value() == room["viewing_distance_m"] == 5
    assert dialog.distance_meaning.text() == f"Chữ hoa cao ít nhất {room['cap_px']:.0f} điểm ảnh (16 phút góc)"
    dialog.distance.setValue(8)
    assert dialog.distance_meaning.text().startswith("Chữ hoa cao ít nhất ")
    assert dialog.model.body() == {"viewing_distance_m": 8.0, "base_revision": dialog.model.revision}
    saved(qtbot, dialog)
    assert dialog.status.text() == "Đã lưu. Tường đã áp dụng.", dialog.status.text()
    after = screens(wall)
    assert after["room"]["viewing_distance_m"] == 8 and after["applied"]
    assert dialog.distance_meaning.text() == f"Chữ hoa cao ít nhất {after['room']['cap_px']:.0f} điểm ảnh (16 phút góc)"
    wall.proc.wait_for("the wall is now read from 8 m")
    saved_file = wall.state_dir / "wall-config.json"
    assert json.loads(saved_file.read_text(encoding="utf-8"))["room"] == {"viewing_distance_m": 8}
    ARTIFACTS.mkdir(exist_ok=True)
    dialog.grab().save(str(ARTIFACTS / "screen-mapping-distance.png"))
    dialog.distance.setValue(5)  # as the other tests expect it
    saved(qtbot, dialog)
    assert screens(wall)["room"]["viewing_distance_m"] == 5


def test_the_model_sends_only_what_the_wall_needs():
    doc = {"revision": "r1", "screens": {"rows": 2, "cols": 2, "width_px": 1920, "height_px": 1080,
                                         "width_mm": 1209.6, "height_mm": 680.4},
           "bezel_mm": {"x": 3.5, "y": 3.5}, "outputs": [{"monitor": "A", "cell": [0, 0], "span": [2, 2]}],
           "monitors": [{"name": "A", "x": 0, "y": 0, "w": 3840, "h": 2160, "width_mm": 1200, "height_mm": 700}],
           "plan": {"mode": "desktop", "outputs": [], "problems": []}}
    m = ScreenMap(doc)
    assert m.size_from == "" and m.size_mm == (1209.6, 680.4)  # no monitor of the screens' resolution
    assert m.bezel_px() == (6, 6)
    assert m.body() is None  # nothing changed: nothing to send
    m.bezel_mm = (3.5, 4)
    assert m.body() == {"bezel_mm": {"x": 3.5, "y": 4}, "base_revision": "r1"}  # only what changed
    assert m.assign("A", 1, 1) == [] and m.blocks["A"] == (1, 1, 1, 1)  # a block kept where it fits
    m.blocks["B"] = (0, 0, 1, 1)
    assert m.assign("A", 0, 0) == ["B"]
