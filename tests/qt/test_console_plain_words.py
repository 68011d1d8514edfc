"""The console in plain Vietnamese (issue 20, item 6), driven against a real wall process: a command's warnings
(a region cut by bezels) read in Vietnamese without the layout's file, JSON path or internal view kind; the preview
names map layers and camera grids as an operator does; Qt's own buttons say "Đồng ý"/"Huỷ", "Có"/"Không"; a
region is cleared with a visible button; a preset's long name shows whole; a new layout takes its id from its
Vietnamese name, and the technician may change it."""

from __future__ import annotations

import json
import re
import shutil
import signal

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox

from operator_console.window import AddWallDialog

from ..common import SHIPPED_LAYOUTS
from ..consoles import close_tools, never_modal
from ..pictures import ARTIFACTS
from ..wallproc import READY, WallApi, WallProcess

# a sector's figures over four screens: the wall applies it, with a warning that bezels cut its numbers
CUT = {"schema_version": 1, "id": "so-lieu-lon", "title": {"vi": "Số liệu cỡ lớn", "en": "Large figures"},
       "grid": {"rows": 3, "cols": 3},
       "regions": [{"id": "lon", "cell": [0, 0], "span": [2, 2], "title": {"vi": "Y tế cỡ lớn"},
                    "view": {"kind": "sector", "sector": "yte"}},
                   {"id": "phai", "cell": [0, 2], "span": [3, 1], "view": {"kind": "overview"}},
                   {"id": "duoi", "cell": [2, 0], "span": [1, 2], "view": {"kind": "alerts"}}]}
ENGLISH = re.compile(r"\b(region|shows|screens|warning|bezel|numbers|sector)\b")


@pytest.fixture(scope="module")
def wall(tmp_path_factory):
    base = tmp_path_factory.mktemp("plain-words")
    layouts = base / "layouts"
    shutil.copytree(SHIPPED_LAYOUTS, layouts)
    (layouts / "so-lieu-lon.json").write_text(json.dumps(CUT, ensure_ascii=False), encoding="utf-8")
    state_dir = base / "state"
    proc = WallProcess("--demo", "--state-dir", str(state_dir), "--layouts-dir", str(layouts), "--layout", "tong-quan")
    try:
        proc.wait_for(READY)
        yield WallApi(proc, state_dir)
    finally:
        proc.stop(signal.SIGKILL)


@pytest.fixture
def console(qtbot, wall):
    from operator_console.window import ConsoleWindow

    window = ConsoleWindow("bàn điều khiển thử")
    qtbot.addWidget(window, before_close_func=close_tools)
    window.show()
    never_modal(window)
    window.add_wall("Tường thử", wall.url, wall.tokens["technician"])
    qtbot.waitUntil(lambda: window.current.role == "technician" and window.layout_combo.count() > 0
                    and window.palette.count() > 0 and window.preview.state is not None, timeout=30000)
    yield window
    window.close()


def apply_layout(console, qtbot, layout_id: str) -> str:
    """The layout applied from the console; what its result line said then (the demo wall's alert rules may
    change a region soon after, and the line says so)."""
    said = []
    console.layout_combo.setCurrentIndex(console.layout_combo.findData(layout_id))
    console._apply_layout()
    qtbot.waitUntil(lambda: console.result_label.text().startswith("Đã áp dụng") and not said.append(
        (console.result_label.text(), console.result_label.toolTip())), timeout=15000)
    qtbot.waitUntil(lambda: (console.preview.state or {}).get("layout") == layout_id, timeout=15000)
    return said[0]


def test_a_bezel_warning_reads_in_vietnamese_without_file_path_or_kind(console, qtbot):
    shown, details = apply_layout(console, qtbot, "so-lieu-lon")
    assert "Vùng «Y tế cỡ lớn» hiện lĩnh vực (chữ và số liệu) trên 4 màn hình" in shown, shown
    assert "$." not in shown and ".json" not in shown and not ENGLISH.search(shown), shown
    # the wall's own words stay in the technician's details
    assert "$.regions[0]" in details
    console.resize(1500, 850)
    qtbot.waitUntil(lambda: bool(console.preview.snapshots), timeout=30000)
    ARTIFACTS.mkdir(exist_ok=True)
    assert console.grab().save(str(ARTIFACTS / "console-plain-words.png"))


def test_the_preview_names_map_layers_and_camera_grids_as_an_operator_does(console, qtbot):
    palette = [console.palette.item(i).text() for i in range(console.palette.count())]
    assert "Bản đồ: Sự cố" in palette and not any("incidents" in t or "camera_grid" in t for t in palette), palette
    apply_layout(console, qtbot, "khan-cap")
    labels = {r["id"]: console.preview.region_label(r) for r in console.preview.regions()}
    assert labels["ban-do"] == "Bản đồ sự cố\nBản đồ: Sự cố"
    assert labels["cam-lu"].startswith("Camera lũ lụt\nLưới camera: "), labels["cam-lu"]
    for label in labels.values():  # no internal kind or layer id
        assert not re.search(r"camera_grid|incidents|\bmap\b|lu-lut", label), label


def test_qt_buttons_say_dong_y_huy_co_khong(console, qapp):
    from operator_console.app import install_language

    translator = install_language(qapp, "vi")
    try:
        dialog = AddWallDialog(console)
        box = dialog.findChild(QDialogButtonBox)
        texts = {b.text() for b in box.buttons()}
        assert texts == {"Đồng ý", "Huỷ"}, texts
        question = QMessageBox(QMessageBox.Icon.Question, "Xoá cảnh", "Xoá?",
                               QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, console)
        assert {b.text().replace("&", "") for b in question.buttons()} == {"Có", "Không"}
        dialog.deleteLater()
        question.deleteLater()
    finally:
        qapp.removeTranslator(translator)


def test_a_region_is_cleared_with_a_visible_button(console, wall, qtbot):
    apply_layout(console, qtbot, "tong-quan")
    assert console.clear_button.isVisible() and console.clear_button.text().startswith("Xóa khung nhìn")
    assert "Delete" in console.clear_button.text()
    console.preview.select("pakn")
    qtbot.mouseClick(console.clear_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: next(r for r in wall.state()["regions"] if r["id"] == "pakn").get("view") is None,
                    timeout=10000)
    qtbot.waitUntil(lambda: console.preview.region_label(console.preview.region("pakn")).endswith("(trống)"),
                    timeout=10000)


def test_a_presets_long_name_shows_whole(console, qtbot):
    name = "Giao ban sáng thứ Hai toàn tỉnh"
    console.save_preset(name)
    qtbot.waitUntil(lambda: console.preset_combo.findData(name) >= 0, timeout=10000)
    console.preset_combo.setCurrentIndex(console.preset_combo.findData(name))
    combo = console.preset_combo
    room = combo.width() - 40  # the arrow and the frame
    assert combo.fontMetrics().horizontalAdvance(name) <= room, (combo.width(), name)


def type_text(widget, text: str) -> None:
    """Typed key by key, Vietnamese letters too (QTest's keyClicks takes ASCII only)."""
    widget.setFocus()
    for ch in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, ch))


def test_a_new_layout_takes_its_id_from_its_vietnamese_name_and_the_technician_may_change_it(console, wall, qtbot):
    editor = console.open_layout_editor()
    qtbot.waitUntil(lambda: editor.geometry is not None, timeout=15000)
    assert editor.new_layout("bo-cuc-moi", "Bố cục mới", 3, 3) == ""
    assert not editor.id_edit.isReadOnly() and editor.id_edit.isVisible()
    editor.title_vi.selectAll()  # the technician types over the proposed name
    type_text(editor.title_vi, "Giao ban sáng thứ Hai")  # as typed
    assert editor.id_edit.text() == "giao-ban-sang-thu-hai"
    editor.title_vi.editingFinished.emit()
    assert editor.doc["id"] == "giao-ban-sang-thu-hai"
    editor.id_edit.selectAll()
    type_text(editor.id_edit, "giao-ban-t2")  # the technician's own
    editor.id_edit.editingFinished.emit()
    editor.title_vi.end(False)
    type_text(editor.title_vi, " (đầy đủ)")
    editor.title_vi.editingFinished.emit()
    assert editor.doc["id"] == "giao-ban-t2" and editor.doc["title"]["vi"] == "Giao ban sáng thứ Hai (đầy đủ)"
    doc = editor.placed(None, (0, 0, 3, 3))
    assert editor.propose(doc, "vẽ")
    editor.apply_box.setChecked(False)
    editor.save()
    qtbot.waitUntil(lambda: editor.opened == "giao-ban-t2", timeout=15000)
    assert editor.id_edit.isReadOnly()  # on the wall: "Lưu thành…" saves it under another
    layouts = wall.call("GET", "/layouts").json()["layouts"]
    assert {"id": "giao-ban-t2", "vi": "Giao ban sáng thứ Hai (đầy đủ)"} in [
        {"id": lay["id"], "vi": lay["title"]["vi"]} for lay in layouts]


def test_the_layout_editor_says_opened_and_saved_without_the_revision_hash(console, qtbot):
    editor = console.open_layout_editor()
    qtbot.waitUntil(lambda: editor.layout_box.findData("tong-quan") >= 0, timeout=15000)
    editor.open_layout("tong-quan")
    qtbot.waitUntil(lambda: editor.opened == "tong-quan" and not editor.busy, timeout=15000)
    revision = editor.base_revision
    assert editor.message.text() == "Đã mở tong-quan" and revision in editor.message.toolTip()
    editor.apply_box.setChecked(False)
    editor.save()
    qtbot.waitUntil(lambda: not editor.busy and editor.message.text().startswith("Đã lưu tong-quan"), timeout=15000)
    assert not re.search(r"[0-9a-f]{8,}", editor.message.text()), editor.message.text()
    assert editor.base_revision in editor.message.toolTip()
