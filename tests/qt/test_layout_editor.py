"""The console's layout editor driven like a technician would, against a real wall process: regions drawn with the
mouse (one across 2 x 2 screens), saved and read back from the wall; edits the wall would refuse blocked with the
loader's message where they were tried; undo and redo; two technicians saving the same layout; a save the wall
cannot write; export and import."""

from __future__ import annotations

import json
import shutil
import signal
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt

from ..common import SHIPPED_LAYOUTS
from ..consoles import open_console
from ..pictures import ARTIFACTS
from ..wallproc import READY, WallApi, WallProcess


@pytest.fixture(scope="module")
def wall(tmp_path_factory):
    folder = tmp_path_factory.mktemp("editor")
    layouts = folder / "layouts"
    shutil.copytree(SHIPPED_LAYOUTS, layouts)
    no_rules = folder / "no-rules.json"  # the wall's own rules would change what it shows while tests compare it
    no_rules.write_text('{"schema_version": 1, "rules": []}', encoding="utf-8")
    proc = WallProcess("--demo", "--state-dir", str(folder / "state"), "--layouts-dir", str(layouts),
                       "--layout", "tong-quan", "--alert-rules", str(no_rules))
    try:
        proc.wait_for(READY)
        api = WallApi(proc, folder / "state")
        api.given = layouts  # the folder the wall was started with: never written
        api.layouts = folder / "state" / "layouts"  # where the wall keeps layouts saved from consoles
        yield api
    finally:
        proc.stop(signal.SIGKILL)


@pytest.fixture
def console(qtbot, wall):
    window = open_console(qtbot, wall)
    yield window
    window.close()


def open_editor(console, qtbot):
    editor = console.open_layout_editor()
    qtbot.waitUntil(lambda: bool(editor.views) and editor.layout_box.count() > 0, timeout=15000)
    return editor


def drag(qtbot, canvas, start: QPoint, end: QPoint) -> None:
    qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(canvas, (start + end) / 2)
    qtbot.mouseMove(canvas, end)
    qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=end)


def draw(qtbot, editor, first: tuple[int, int], last: tuple[int, int]) -> None:
    drag(qtbot, editor.canvas, editor.canvas.cell_center(*first), editor.canvas.cell_center(*last))


def choose_view(editor, view: dict) -> None:
    i = next(n for n in range(editor.view_box.count()) if editor.view_box.itemData(n) == view)
    editor.view_box.setCurrentIndex(i)
    editor.view_box.activated.emit(i)


def places(editor) -> list[tuple]:
    return [(r["id"], tuple(r["cell"]), tuple(r["span"])) for r in editor.doc["regions"]]


def saved(editor, qtbot, words: str = "Đã lưu") -> None:
    qtbot.waitUntil(lambda: not editor.busy and words in editor.last_message, timeout=15000)


def test_three_regions_drawn_one_across_2x2_screens_are_saved_and_read_back_from_the_wall(console, wall, qtbot):
    given = {p.name: p.read_bytes() for p in wall.given.iterdir()}
    editor = open_editor(console, qtbot)
    assert editor.new_layout("thu-nghiem", "Thử nghiệm", 3, 3) == ""
    draw(qtbot, editor, (0, 0), (1, 1))  # across four screens
    draw(qtbot, editor, (2, 2), (0, 2))  # dragged upwards: the same as downwards
    draw(qtbot, editor, (2, 0), (2, 1))
    assert places(editor) == [("vung-1", (0, 0), (2, 2)), ("vung-2", (0, 2), (3, 1)), ("vung-3", (2, 0), (1, 2))]
    assert "trên 2 màn hình" in editor.region_place.text()  # vung-3 is chosen: two cells, two screens
    editor.canvas.select(0)
    assert "trên 4 màn hình" in editor.region_place.text()
    editor.region_id.setText("ban-do")
    editor.region_id.editingFinished.emit()
    choose_view(editor, {"kind": "map", "layer": "all"})
    editor.canvas.select(1)
    choose_view(editor, {"kind": "alerts"})
    editor.canvas.select(2)
    choose_view(editor, {"kind": "sector", "sector": "yte"})
    editor.grab().save(str(ARTIFACTS / "layout-editor.png"))
    # the bezel warnings in words: the view by its kind's name, where in the file only in the tooltip
    listed = [editor.problem_list.item(i) for i in range(editor.problem_list.count())]
    cut = [i for i in listed if "viền màn hình cắt ngang" in i.text()]
    assert len(cut) == 2 and any("hiện cảnh báo (chữ và số liệu) trên 3 màn hình" in i.text() for i in cut), [
        i.text() for i in listed]
    assert not any(w in i.text() for i in listed for w in ("$.", "regions[", "alerts", "sector"))
    assert {i.toolTip() for i in cut} == {"$.regions[1]", "$.regions[2]"}

    editor.save()
    saved(editor, qtbot)
    assert editor.stack.isClean() and "đã áp dụng lên tường" in editor.last_message
    got = wall.call("GET", "/layouts/thu-nghiem", "viewer").json()
    assert [(r["id"], r["cell"], r["span"], r["view"]) for r in got["layout"]["regions"]] == [
        ("ban-do", [0, 0], [2, 2], {"kind": "map", "layer": "all"}),
        ("vung-2", [0, 2], [3, 1], {"kind": "alerts"}),
        ("vung-3", [2, 0], [1, 2], {"kind": "sector", "sector": "yte"})]
    assert got["revision"] == editor.base_revision
    assert json.loads((wall.layouts / "thu-nghiem.json").read_text(encoding="utf-8"))["title"]["vi"] == "Thử nghiệm"
    state = wall.state()
    assert state["layout"] == "thu-nghiem"  # applied at once
    assert {r["id"]: r["view"] for r in state["regions"]}["ban-do"] == {"kind": "map", "layer": "all"}
    qtbot.waitUntil(lambda: console.layout_combo.findData("thu-nghiem") >= 0, timeout=10000)  # heard as an event
    assert {p.name: p.read_bytes() for p in wall.given.iterdir()} == given


def test_an_edit_that_would_overlap_is_refused_with_the_walls_message_where_it_was_tried(console, qtbot):
    editor = open_editor(console, qtbot)
    editor.new_layout("chong-cheo", "Chồng chéo", 3, 3)
    draw(qtbot, editor, (0, 0), (1, 1))
    draw(qtbot, editor, (0, 2), (0, 2))
    before = places(editor)

    draw(qtbot, editor, (2, 2), (1, 1))  # drawn from a free cell over the big region
    assert places(editor) == before
    assert "vùng «vung-1» ở ô [1, 1]" in editor.last_message  # the loader's problem, worded in Vietnamese
    place, message = editor.canvas.refusal
    assert "chồng lên vùng «vung-1»" in message and place.contains(editor.canvas.cell_center(2, 2).toPointF())
    assert place.contains(editor.canvas.cell_center(1, 1).toPointF())

    editor.canvas.select(1)
    drag(qtbot, editor.canvas, editor.canvas.cell_center(0, 2), editor.canvas.cell_center(0, 1))  # moved onto it
    assert places(editor) == before and "chồng lên" in editor.last_message

    editor.canvas.select(0)
    editor.region_id.setText("vung-2")  # the other region's id
    editor.region_id.editingFinished.emit()
    assert places(editor) == before
    assert editor.region_problem.isVisibleTo(editor)
    assert editor.region_problem.text().startswith("Mã vùng «vung-2» bị trùng")

    editor.grid_rows.setValue(1)  # the big region would leave the grid
    editor.grid_rows.editingFinished.emit()
    assert editor.doc["grid"] == {"rows": 3, "cols": 3} and editor.grid_rows.value() == 3
    assert editor.grid_problem.text().startswith("Vùng «vung-1» ra ngoài lưới")
    editor.grab().save(str(ARTIFACTS / "layout-editor-refused.png"))


def test_regions_are_moved_and_resized_with_the_mouse_and_each_edit_undone_and_redone(console, qtbot):
    editor = open_editor(console, qtbot)
    editor.new_layout("sua-doi", "Sửa đổi", 6, 6)
    draw(qtbot, editor, (0, 0), (1, 1))
    drag(qtbot, editor.canvas, editor.canvas.cell_center(0, 0), editor.canvas.cell_center(2, 3))  # moved
    assert places(editor) == [("vung-1", (2, 3), (2, 2))]
    rect = editor.canvas.cell_rect(2, 3, 2, 2)
    corner = QPoint(int(rect.right()) - 2, int(rect.bottom()) - 2)
    drag(qtbot, editor.canvas, corner, editor.canvas.cell_center(5, 5))  # its corner pulled out
    assert places(editor) == [("vung-1", (2, 3), (4, 3))]
    editor.stack.undo()
    assert places(editor) == [("vung-1", (2, 3), (2, 2))]
    editor.stack.undo()
    assert places(editor) == [("vung-1", (0, 0), (2, 2))]
    editor.stack.redo()
    editor.stack.redo()
    assert places(editor) == [("vung-1", (2, 3), (4, 3))]
    editor.canvas.select(0)
    editor.canvas.setFocus()
    qtbot.keyClick(editor.canvas, Qt.Key.Key_Delete)
    assert places(editor) == []
    editor.stack.undo()
    assert places(editor) == [("vung-1", (2, 3), (4, 3))]


def test_two_technicians_saving_the_same_layout_the_second_is_told_and_nothing_is_lost(console, wall, qtbot):
    first, second = open_editor(console, qtbot), open_editor(console, qtbot)
    for editor in (first, second):
        editor.open_layout("khan-cap")
        qtbot.waitUntil(lambda e=editor: e.opened == "khan-cap", timeout=10000)
    first.title_vi.setText("Khẩn cấp (bản của Lan)")
    first.title_vi.editingFinished.emit()
    first.save()
    saved(first, qtbot)
    lans = (wall.layouts / "khan-cap.json").read_bytes()

    second.canvas.select(0)
    choose_view(second, {"kind": "clock"})
    mine = json.loads(json.dumps(second.doc))
    asked = []
    second.ask_overwrite = lambda reason: asked.append(reason) or False
    second.save()
    qtbot.waitUntil(lambda: len(asked) > 0, timeout=10000)
    assert asked[0].startswith("Bố cục «khan-cap» đã được sửa trên tường từ khi bạn mở (phiên bản của bạn ")
    assert "đã thay đổi" in second.last_message and "chưa lưu gì" in second.last_message
    assert (wall.layouts / "khan-cap.json").read_bytes() == lans  # the first save stands
    assert second.doc == mine and not second.stack.isClean()  # and the second technician's work is still there

    second.ask_overwrite = lambda reason: True  # the second decides to overwrite, knowingly
    second.save()
    saved(second, qtbot)
    on_disk = json.loads((wall.layouts / "khan-cap.json").read_text(encoding="utf-8"))
    assert on_disk["regions"][0]["view"] == {"kind": "clock"}
    assert (wall.layouts / ".previous" / "khan-cap.json").read_bytes() == lans  # the overwritten one is kept


def test_a_save_the_wall_cannot_write_leaves_the_editors_work_and_the_walls_files(console, wall, qtbot):
    editor = open_editor(console, qtbot)
    editor.open_layout("van-hanh")
    qtbot.waitUntil(lambda: editor.opened == "van-hanh", timeout=10000)
    aside = wall.layouts.with_name("layouts-aside")
    wall.layouts.rename(aside)
    wall.layouts.write_text("not a folder", encoding="utf-8")  # where saves go cannot take a file
    before = (wall.given / "van-hanh.json").read_bytes()
    editor.title_vi.setText("Vận hành (mới)")  # typed, and saved with Ctrl+S before leaving the field
    qtbot.keyClick(editor, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    saved(editor, qtbot, "Không lưu được")
    assert "chưa được lưu" in editor.last_message and "vẫn còn nguyên" in editor.last_message
    assert (wall.given / "van-hanh.json").read_bytes() == before
    assert wall.call("GET", "/layouts/van-hanh", "viewer").json()["layout"]["title"]["vi"] != "Vận hành (mới)"
    assert editor.doc["title"]["vi"] == "Vận hành (mới)" and not editor.stack.isClean()
    wall.layouts.unlink()
    aside.rename(wall.layouts)
    editor.save()  # the disk is fine again: the same work is saved
    saved(editor, qtbot)
    assert json.loads((wall.layouts / "van-hanh.json").read_text(encoding="utf-8"))["title"]["vi"] == "Vận hành (mới)"


def test_a_layout_is_exported_to_a_file_and_imported_and_a_broken_file_is_refused_naming_the_field(
        console, wall, qtbot, tmp_path: Path):
    editor = open_editor(console, qtbot)
    editor.open_layout("hop")
    qtbot.waitUntil(lambda: editor.opened == "hop", timeout=10000)
    out = tmp_path / "hop-ban-sao.json"
    assert editor.export_file(out)
    exported = json.loads(out.read_text(encoding="utf-8"))
    assert exported == wall.call("GET", "/layouts/hop", "viewer").json()["layout"]

    broken = dict(exported, regions=[*exported["regions"], {**exported["regions"][0], "id": "thua"}])
    bad = tmp_path / "hong.json"
    bad.write_text(json.dumps(broken), encoding="utf-8")
    shown = editor.doc
    assert not editor.import_file(bad)
    assert "hong.json: vùng «thua» chồng lên" in editor.last_message and "$." not in editor.last_message
    assert editor.doc is shown

    assert editor.import_file(out)
    assert editor.doc == exported and editor.base_revision is None  # a new layout until it is saved
    asked = []
    editor.ask_overwrite = lambda reason: asked.append(reason) or False
    editor.save()
    qtbot.waitUntil(lambda: len(asked) > 0, timeout=10000)
    assert asked[0] == "Bố cục «hop» đã có trên tường; hãy mở nó, hoặc lưu với mã khác"  # in Vietnamese
    editor.save_as("hop-ban-sao")
    saved(editor, qtbot)
    assert wall.call("GET", "/layouts/hop-ban-sao", "viewer").json()["layout"]["regions"] == exported["regions"]


@pytest.mark.parametrize("role", ["viewer", "operator"])
def test_the_technicians_tools_are_closed_to_other_tokens(qtbot, wall, role):
    window = open_console(qtbot, wall, role)
    assert not any(a.isEnabled() for a in window.tech_actions)
    assert not any(b.isEnabled() for b in window.preset_edit_buttons)
    window.close()


def test_two_saves_of_one_revision_at_the_same_moment_one_is_stored_and_the_other_told(wall):
    """Two technicians' consoles pressing Save together (threads, one request each): the wall takes one and
    answers the other 409 with its revision; the file holds the one taken, and the backup the version before."""
    import threading

    got = wall.call("GET", "/layouts/tap-trung-hcc", "viewer").json()
    answers: dict[str, object] = {}
    start = threading.Barrier(2)

    def save(who: str) -> None:
        doc = json.loads(json.dumps(got["layout"]))
        doc["title"]["vi"] = f"Tập trung HCC ({who})"
        start.wait()
        answers[who] = wall.call("PUT", "/layouts/tap-trung-hcc", "technician",
                                 json={"layout": doc, "base_revision": got["revision"], "apply": False})

    threads = [threading.Thread(target=save, args=(who,)) for who in ("Lan", "Minh")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    statuses = sorted(a.status_code for a in answers.values())
    assert statuses == [200, 409], {k: a.text for k, a in answers.items()}
    taken = next(who for who, a in answers.items() if a.status_code == 200)
    told = next(a for a in answers.values() if a.status_code == 409).json()
    assert told["revision"] == answers[taken].json()["revision"]
    stored = json.loads((wall.layouts / "tap-trung-hcc.json").read_text(encoding="utf-8"))
    assert stored["title"]["vi"] == f"Tập trung HCC ({taken})"
