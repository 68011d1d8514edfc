"""Two operators, two real consoles, one real wall (issue 19, item 7): a change is judged against what its operator
was looking at when the action began, two consoles on the operator token are two colleagues, the conflict question
names the colleague's console, token and view, and its two answers do what they say; a console never says "applied"
for a change the wall no longer shows."""

from __future__ import annotations

import json
import re
import signal

import pytest
import requests
from PySide6.QtCore import QEvent, QMimeData, QPointF, Qt, QTimer
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QMessageBox

from operator_console.preview import VIEW_MIME
from operator_console.window import ConsoleWindow

from ..common import SHIPPED_LAYOUTS
from ..consoles import never_modal
from ..wallproc import READY, WallProcess

OVERVIEW, CLOCK, ALERTS, HEALTH = ({"kind": k} for k in ("overview", "clock", "alerts", "health"))
TITLES = {"overview": "Tổng quan tỉnh", "clock": "Đồng hồ", "alerts": "Cảnh báo", "health": "Tình trạng luồng dữ liệu"}
KEEP, MINE = "Giữ thay đổi của họ", "Áp dụng của tôi"


@pytest.fixture(scope="module")
def wall(tmp_path_factory):
    state_dir = tmp_path_factory.mktemp("two-operators") / "state"
    proc = WallProcess("--demo", "--state-dir", str(state_dir), "--layouts-dir", str(SHIPPED_LAYOUTS),
                       "--layout", "tong-quan")
    try:
        proc.wait_for(READY)
        url = proc.api_url()
        tokens = {t["role"]: t["token"] for t in json.loads((state_dir / "api-tokens.json").read_text())["tokens"]}
        rules = requests.get(url + "/rules", headers={"Authorization": f"Bearer {tokens['viewer']}"},
                             timeout=10).json()["rules"]
        yield url, tokens, {r["region"] for r in rules}
    finally:
        proc.stop(signal.SIGKILL)


def region_view(url: str, token: str, rid: str):
    state = requests.get(url + "/state", headers={"Authorization": f"Bearer {token}"}, timeout=10).json()
    return next(r for r in state["regions"] if r["id"] == rid)["view"]


def region_title(url: str, token: str, rid: str) -> str:
    state = requests.get(url + "/state", headers={"Authorization": f"Bearer {token}"}, timeout=10).json()
    return next(r for r in state["regions"] if r["id"] == rid)["title"]["vi"]


def open_console(qtbot, url: str, token: str, name: str) -> ConsoleWindow:
    window = ConsoleWindow(name)
    qtbot.addWidget(window)
    window.show()
    window.add_wall("Tường thử", url, token)
    qtbot.waitUntil(lambda: window.preview.state is not None and window.palette.count() > 0, timeout=30000)
    return window


@pytest.fixture
def consoles(qtbot, wall):
    """Console 1 answers its conflict questions in the real dialog; console 2 (the colleague) never waits on one."""
    url, tokens, _ = wall
    one = open_console(qtbot, url, tokens["operator"], "Bàn trực 1")
    two = open_console(qtbot, url, tokens["operator"], "Bàn trực 2")
    never_modal(two)
    yield one, two
    for w in (one, two):
        w.close()


def choose(window: ConsoleWindow, view: dict) -> None:
    for i in range(window.palette.count()):
        if window.palette.item(i).data(Qt.ItemDataRole.UserRole) == view:
            window.palette.setCurrentRow(i)
            return
    raise AssertionError(f"{view} not in the palette")


def press_enter_on(qtbot, window: ConsoleWindow, rid: str, view: dict) -> None:
    """An operator's whole action: the region, then the view, then Enter."""
    window.preview.setFocus()
    window.preview.select(rid)
    choose(window, view)
    qtbot.keyClick(window.preview, Qt.Key.Key_Return)


def answer_question(button: str, asked: list[str]) -> QTimer:
    """Answers the conflict question (a modal QMessageBox) with ``button`` once it is on screen, noting its text."""
    timer = QTimer(interval=20)

    def look() -> None:
        box = next((w for w in QApplication.topLevelWidgets()
                    if isinstance(w, QMessageBox) and w.objectName() == "conflict-question" and w.isVisible()), None)
        if box is None:
            return
        timer.stop()
        asked.append(box.text())
        next(b for b in box.buttons() if b.text() == button).click()

    timer.timeout.connect(look)
    timer.start()
    return timer


def free_region(wall) -> str:
    """A region no alert rule of the demo wall changes on its own."""
    _, _, ruled = wall
    return next(r for r in ("giaoduc", "pakn", "dulich", "ktxh") if r not in ruled)


def colleague_changes(qtbot, url, tokens, one: ConsoleWindow, two: ConsoleWindow, rid: str, view: dict) -> int:
    """Console 2 puts ``view`` on ``rid``; console 1 hears of it (so the newest revision it heard is past what its
    operator began the action on)."""
    press_enter_on(qtbot, two, rid, view)
    qtbot.waitUntil(lambda: region_view(url, tokens["viewer"], rid) == view, timeout=10000)
    qtbot.waitUntil(lambda: two.last_result.startswith("Đã áp dụng (phiên bản "), timeout=10000)
    revision = int(re.search(r"phiên bản (\d+)", two.last_result)[1])
    qtbot.waitUntil(lambda: one.current.state["revision"] >= revision, timeout=10000)
    qtbot.waitUntil(lambda: one.preview.region(rid)["view"] == view, timeout=10000)
    return revision


def test_keep_theirs_leaves_the_colleagues_view_and_sends_nothing(consoles, wall, qtbot):
    url, tokens, _ = wall
    one, two = consoles
    rid = free_region(wall)
    one.preview.setFocus()
    one.preview.select(rid)  # console 1's operator begins: region first...
    colleague_changes(qtbot, url, tokens, one, two, rid, CLOCK)
    choose(one, OVERVIEW)  # ...then the view, then Enter, after console 2's change arrived
    asked: list[str] = []
    timer = answer_question(KEEP, asked)
    qtbot.keyClick(one.preview, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(asked), timeout=10000)
    timer.stop()
    # the question names the colleague's console and token, the view it put there and when
    name = re.escape(region_title(url, tokens["viewer"], rid))
    assert re.fullmatch(rf"Vùng {name} vừa được Bàn trực 2 \(operator\) đổi sang {TITLES['clock']} lúc "
                        r"\d\d:\d\d:\d\d\. Vẫn áp dụng thay đổi của bạn\?", asked[0]), asked[0]
    qtbot.waitUntil(lambda: "đã giữ thay đổi của Bàn trực 2 (operator)" in one.last_result, timeout=10000)
    assert region_view(url, tokens["viewer"], rid) == CLOCK  # nothing was sent
    assert one.preview.region(rid)["view"] == CLOCK
    assert "Đã áp dụng" not in one.last_result


def test_apply_mine_puts_mine_and_the_colleague_is_told_it_was_replaced(consoles, wall, qtbot):
    url, tokens, _ = wall
    one, two = consoles
    rid = free_region(wall)
    one.preview.setFocus()
    one.preview.select(rid)
    choose(one, HEALTH)
    colleague_changes(qtbot, url, tokens, one, two, rid, ALERTS)
    asked: list[str] = []
    timer = answer_question(MINE, asked)
    qtbot.keyClick(one.preview, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(asked), timeout=10000)
    timer.stop()
    assert f"Bàn trực 2 (operator) đổi sang {TITLES['alerts']}" in asked[0]
    qtbot.waitUntil(lambda: region_view(url, tokens["viewer"], rid) == HEALTH, timeout=10000)
    qtbot.waitUntil(lambda: one.last_result.startswith("Đã áp dụng (phiên bản "), timeout=10000)
    # console 2 said "applied"; the wall no longer shows its change, and console 2 no longer says so
    qtbot.waitUntil(lambda: "không còn trên tường" in two.last_result, timeout=10000)
    assert "Đã áp dụng" not in two.last_result
    name = region_title(url, tokens["viewer"], rid)
    assert f"vùng {name} đã được Bàn trực 1 (operator) đổi sang {TITLES['health']}" in two.last_result
    assert two.asked == []  # console 2 was never asked: its change came first


def test_a_drag_is_judged_against_the_wall_when_it_began(consoles, wall, qtbot):
    url, tokens, _ = wall
    one, two = consoles
    rid = free_region(wall)
    choose(one, CLOCK)
    one.palette.dragBegan.emit()  # as Palette.startDrag does, before the drag's own event loop
    try:
        colleague_changes(qtbot, url, tokens, one, two, rid, OVERVIEW)
        mime = QMimeData()
        mime.setData(VIEW_MIME, json.dumps(CLOCK).encode())
        target = QPointF(one.preview.region_rect(one.preview.region(rid)).center())
        asked: list[str] = []
        timer = answer_question(KEEP, asked)
        how = (Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
        QApplication.sendEvent(one.preview, QDragEnterEvent(target, *how))
        # passing over the region selects it: the drag's revision stands, not the one at that moment
        QApplication.sendEvent(one.preview, QDragMoveEvent(target, *how))
        assert one.preview.selected == rid
        drop = QDropEvent(target, *how, QEvent.Type.Drop)
        QApplication.sendEvent(one.preview, drop)
        assert drop.isAccepted()
        qtbot.waitUntil(lambda: bool(asked), timeout=10000)
        timer.stop()
    finally:
        one.palette.dragEnded.emit()
    assert f"Vùng {region_title(url, tokens['viewer'], rid)} vừa được Bàn trực 2 (operator) đổi sang " \
           f"{TITLES['overview']}" in asked[0]
    qtbot.waitUntil(lambda: "đã giữ" in one.last_result, timeout=10000)
    assert region_view(url, tokens["viewer"], rid) == OVERVIEW


def test_a_console_is_never_in_conflict_with_itself(consoles, wall, qtbot):
    url, tokens, _ = wall
    one, _two = consoles
    rid = free_region(wall)
    never_modal(one)
    press_enter_on(qtbot, one, rid, ALERTS)
    qtbot.waitUntil(lambda: region_view(url, tokens["viewer"], rid) == ALERTS, timeout=10000)
    press_enter_on(qtbot, one, rid, CLOCK)
    qtbot.waitUntil(lambda: region_view(url, tokens["viewer"], rid) == CLOCK, timeout=10000)
    qtbot.waitUntil(lambda: one.last_result.startswith("Đã áp dụng (phiên bản "), timeout=10000)
    assert one.asked == []


def test_the_words_for_the_walls_own_change_and_names_with_percent_signs(qapp):
    from operator_console.colleagues import conflict_question, fill, region_changes

    said = conflict_question({"region": "attt", "by": "wall", "client": "", "view": None,
                              "at": "2026-12-06T08:05:09+07:00"}, None, {})
    assert re.fullmatch(r"Vùng attt vừa được chính tường \(quy tắc cảnh báo, lịch\) đổi sang \(trống\) lúc "
                        r"\d\d:05:09\. Vẫn áp dụng thay đổi của bạn\?", said), said
    assert fill("%1 và %2", "bàn %2", "x") == "bàn %2 và x"  # a console's name is never read as a placeholder
    old = {"revision": 4, "regions": [{"id": "a", "view": OVERVIEW}, {"id": "b", "view": None}]}
    new = {"revision": 5, "by": "operator", "client": "Bàn trực 2",
           "regions": [{"id": "a", "view": OVERVIEW}, {"id": "b", "view": CLOCK}]}
    assert {rid: (c.revision, c.by, c.client, c.view) for rid, c in region_changes(old, new).items()} == {
        "b": (5, "operator", "Bàn trực 2", CLOCK)}
    assert region_changes(None, new) == {}  # the first state heard changes nothing
