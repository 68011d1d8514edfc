"""The operator console driven with pytest-qt against a real wall process: the preview follows the wall, a view
dropped (or chosen with the keyboard) on a region shows on the wall, conflicts with a colleague are offered, an
unreachable wall shows as such without freezing the console."""

from __future__ import annotations

import json
import signal
import time
import uuid
from pathlib import Path

import pytest
import requests
from PySide6.QtCore import QEvent, QMimeData, QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QInputDialog, QMessageBox

from operator_console.client import EventStream, WallClient
from operator_console.power_panel import power_text
from operator_console.preview import VIEW_MIME
from operator_console.window import ConsoleWindow

from ..common import SHIPPED_LAYOUTS
from ..consoles import never_modal
from ..pictures import ARTIFACTS
from ..wallproc import READY, WallProcess


@pytest.fixture(scope="module")
def wall(tmp_path_factory):
    state_dir = tmp_path_factory.mktemp("console") / "state"
    proc = WallProcess("--demo", "--state-dir", str(state_dir), "--layouts-dir", str(SHIPPED_LAYOUTS),
                       "--layout", "tong-quan")
    try:
        proc.wait_for(READY)
        url = proc.api_url()
        tokens = {t["role"]: t["token"] for t in json.loads((state_dir / "api-tokens.json").read_text())["tokens"]}
        yield url, tokens
    finally:
        proc.stop(signal.SIGKILL)


def region_view(url: str, token: str, rid: str):
    state = requests.get(url + "/state", headers={"Authorization": f"Bearer {token}"}, timeout=10).json()
    return next(r for r in state["regions"] if r["id"] == rid)["view"]


@pytest.fixture
def console(qtbot, wall):
    url, tokens = wall
    window = ConsoleWindow("bàn điều khiển thử")
    qtbot.addWidget(window)
    window.show()
    window.add_wall("Tường thử", url, tokens["operator"])
    never_modal(window)
    qtbot.waitUntil(lambda: window.preview.state is not None and window.palette.count() > 0, timeout=30000)
    yield window
    window.close()


def palette_item(window, view: dict) -> int:
    for i in range(window.palette.count()):
        if window.palette.item(i).data(Qt.ItemDataRole.UserRole) == view:
            return i
    raise AssertionError(f"{view} not in the palette")


def test_keyboard_puts_the_chosen_view_on_the_chosen_region(console, wall, qtbot):
    url, tokens = wall
    console.palette.setCurrentRow(palette_item(console, {"kind": "overview"}))
    console.preview.setFocus()
    console.preview.select("yte")
    qtbot.keyClick(console.preview, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: region_view(url, tokens["viewer"], "yte") == {"kind": "overview"}, timeout=10000)
    # the preview follows through the event stream, and says so in the region's label
    qtbot.waitUntil(lambda: console.preview.region("yte")["view"] == {"kind": "overview"}, timeout=10000)
    qtbot.waitUntil(lambda: console.last_result.startswith("Đã áp dụng (phiên bản "), timeout=10000)


def test_a_view_dropped_on_a_region_shows_on_the_wall(console, wall, qtbot):
    url, tokens = wall
    view = {"kind": "sector", "sector": "moitruong"}
    mime = QMimeData()
    mime.setData(VIEW_MIME, json.dumps(view).encode())
    target = console.preview.region_rect(console.preview.region("hcc")).center()
    actions, buttons, mods = Qt.DropAction.CopyAction, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    enter = QDragEnterEvent(target, actions, mime, buttons, mods)
    QApplication.sendEvent(console.preview, enter)
    assert enter.isAccepted()
    QApplication.sendEvent(console.preview, QDragMoveEvent(target, actions, mime, buttons, mods))
    drop = QDropEvent(QPointF(target), actions, mime, buttons, mods, QEvent.Type.Drop)
    QApplication.sendEvent(console.preview, drop)
    assert drop.isAccepted() and console.preview.selected == "hcc"
    qtbot.waitUntil(lambda: region_view(url, tokens["viewer"], "hcc") == view, timeout=10000)
    qtbot.waitUntil(lambda: console.preview.region("hcc")["view"] == view, timeout=10000)
    # a drop outside every region does nothing
    outside = QDropEvent(QPointF(2, 2), actions, mime, buttons, mods, QEvent.Type.Drop)
    QApplication.sendEvent(console.preview, outside)
    assert not outside.isAccepted()


def test_snapshots_and_colleagues_show_in_the_console(console, wall, qtbot):
    url, tokens = wall
    qtbot.waitUntil(lambda: len(console.preview.snapshots) == 9, timeout=20000)
    assert all(not img.isNull() and img.width() == 400 for img in console.preview.snapshots.values())
    other = EventStream(WallClient(url, tokens["viewer"], "bàn phòng họp"), lambda k, d: None, lambda ok, why: None)
    other.start()
    try:
        qtbot.waitUntil(lambda: "bàn phòng họp" in console.others.text(), timeout=10000)
    finally:
        other.stop()
    ARTIFACTS.mkdir(exist_ok=True)
    console.grab().save(str(ARTIFACTS / "console.png"))


def test_a_colleagues_newer_change_is_offered_not_overridden(console, wall, qtbot):
    url, tokens = wall
    seen = dict(console.current.state)  # what this console saw...
    r = requests.post(url + "/commands", json={"command": "show_view", "region": "vbdt", "view": {"kind": "alerts"}},
                      headers={"Authorization": f"Bearer {tokens['technician']}"}, timeout=10)
    assert r.status_code == 200  # ...before a colleague changed vbdt
    qtbot.waitUntil(lambda: console.current.state["revision"] == r.json()["revision"], timeout=10000)
    console.current.state = seen  # the console acts on what it saw, as if the news were still on its way
    asked = []
    console.ask_override = lambda reason: asked.append(reason) or False
    console.preview.setFocus()
    console.preview.select("vbdt")
    qtbot.keyClick(console.preview, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: bool(asked), timeout=10000)
    assert "vừa được technician đổi sang Cảnh báo" in asked[0]  # the colleague, named, and the view
    assert console.last_result.startswith("Xung đột: ")
    assert region_view(url, tokens["viewer"], "vbdt") == {"kind": "alerts"}  # the colleague's choice stands
    console.current.state = seen
    console.ask_override = lambda reason: True  # "apply anyway"
    qtbot.keyClick(console.preview, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: region_view(url, tokens["viewer"], "vbdt") is None, timeout=10000)


def test_a_preset_saved_and_renamed_by_the_technician_is_recalled_by_the_operator_and_deleted(
        console, wall, qtbot, monkeypatch):
    url, tokens = wall
    headers = {"Authorization": f"Bearer {tokens['operator']}"}
    technician = ConsoleWindow("bàn kỹ thuật")
    qtbot.addWidget(technician)
    never_modal(technician)
    technician.add_wall("Tường thử", url, tokens["technician"])
    qtbot.waitUntil(lambda: technician.current.role == "technician", timeout=30000)
    assert all(b.isEnabled() for b in technician.preset_edit_buttons)
    assert not any(b.isEnabled() for b in console.preset_edit_buttons)  # the operator's console: recall only
    layout = requests.get(url + "/state", headers=headers, timeout=10).json()["layout"]
    technician.save_preset("Giao ban sáng")
    qtbot.waitUntil(lambda: technician.preset_combo.findData("Giao ban sáng") >= 0, timeout=10000)
    technician.preset_combo.setCurrentIndex(technician.preset_combo.findData("Giao ban sáng"))
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Giao ban sáng thứ Hai", True))
    technician._rename_preset()
    qtbot.waitUntil(lambda: technician.preset_combo.findData("Giao ban sáng thứ Hai") >= 0
                    and technician.preset_combo.findData("Giao ban sáng") < 0, timeout=10000)

    assert requests.post(url + "/commands", json={"command": "apply_layout", "layout": "khan-cap"}, headers=headers,
                         timeout=10).status_code == 200
    qtbot.waitUntil(lambda: console.current.state["layout"] == "khan-cap", timeout=10000)
    console._reload_presets()
    qtbot.waitUntil(lambda: console.preset_combo.findData("Giao ban sáng thứ Hai") >= 0, timeout=10000)
    console.preset_combo.setCurrentIndex(console.preset_combo.findData("Giao ban sáng thứ Hai"))
    console._recall_preset()
    qtbot.waitUntil(lambda: requests.get(url + "/state", headers=headers, timeout=10).json()["layout"] == layout,
                    timeout=10000)
    qtbot.waitUntil(lambda: console.layout_combo.currentData() == layout, timeout=10000)

    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    technician.preset_combo.setCurrentIndex(technician.preset_combo.findData("Giao ban sáng thứ Hai"))
    technician._delete_preset()
    qtbot.waitUntil(lambda: technician.preset_combo.findData("Giao ban sáng thứ Hai") < 0, timeout=10000)
    presets = requests.get(url + "/presets", headers=headers, timeout=10).json()["presets"]
    assert "Giao ban sáng thứ Hai" not in [p["name"] for p in presets]
    technician.close()


def command(url: str, token: str, cmd: dict) -> dict:
    r = requests.post(url + "/commands", json=cmd, headers={"Authorization": f"Bearer {token}"}, timeout=10)
    assert r.status_code == 200, r.text
    return r.json()


def test_two_regions_are_swapped_from_the_keyboard(console, wall, qtbot, monkeypatch):
    url, tokens = wall
    a, b = region_view(url, tokens["viewer"], "ktxh"), region_view(url, tokens["viewer"], "antt")
    assert a != b
    sent = []
    send = console.send
    monkeypatch.setattr(console, "send", lambda cmd, *args, **kw: (sent.append(cmd), send(cmd, *args, **kw))[1])
    console.preview.setFocus()
    console.preview.select("ktxh")
    qtbot.keyClick(console.preview, Qt.Key.Key_X)
    console.preview.select("antt")
    qtbot.keyClick(console.preview, Qt.Key.Key_X)
    qtbot.waitUntil(lambda: region_view(url, tokens["viewer"], "ktxh") == b, timeout=10000)
    assert region_view(url, tokens["viewer"], "antt") == a
    # the console says what its operator saw: the same request again (a retry after a lost answer) swaps nothing back
    assert sent == [{"command": "swap_regions", "a": "ktxh", "b": "antt", "expect": {"ktxh": a, "antt": b}}]
    revision = requests.get(url + "/state", headers={"Authorization": f"Bearer {tokens['viewer']}"},
                            timeout=10).json()["revision"]
    assert command(url, tokens["operator"], sent[0])["revision"] == revision
    assert (region_view(url, tokens["viewer"], "ktxh"), region_view(url, tokens["viewer"], "antt")) == (b, a)


def test_walls_found_on_the_lan_are_listed_and_marked_when_they_leave(qtbot, tmp_path):
    """A second wall advertised on 127.0.0.1: the console's browser lists it, connects, and marks it when it goes."""
    from operator_console.discovery import WallBrowser

    state_dir = tmp_path / "state"
    name = f"Tường phòng họp {uuid.uuid4().hex[:8]}"  # its own: not another wall advertised on this machine
    proc = WallProcess("--demo", "--state-dir", str(state_dir), "--layouts-dir", str(SHIPPED_LAYOUTS),
                       env={"IOC_WALL_ZEROCONF": "127.0.0.1", "IOC_WALL_NAME": name})
    window = ConsoleWindow("bàn thử")
    qtbot.addWidget(window)
    browser = None
    try:
        proc.api_url()
        token = next(t["token"] for t in json.loads((state_dir / "api-tokens.json").read_text())["tokens"]
                     if t["role"] == "operator")
        found, lost = [], []
        browser = WallBrowser(found.append, lost.append, ["127.0.0.1"])
        qtbot.waitUntil(lambda: any(w.name == name for w in found), timeout=10000)
        w = next(w for w in found if w.name == name)
        entry = window.add_wall(w.name, w.url, token, w.rows, w.cols, key=w.key)
        qtbot.waitUntil(lambda: entry.status == "online", timeout=10000)
        proc.stop()  # SIGTERM: the wall says goodbye on the LAN
        qtbot.waitUntil(lambda: w.key in lost, timeout=10000)
        window.lose_wall(w.key)
        qtbot.waitUntil(lambda: entry.status == "offline", timeout=10000)
        assert "không còn trên mạng LAN" in window.wall_list.item(0).text()
    finally:
        if browser is not None:
            browser.close()
        proc.stop(signal.SIGKILL)
        window.close()


def test_an_alert_rule_is_paused_and_resumed_from_the_console(console, wall, qtbot):
    url, tokens = wall
    headers = {"Authorization": f"Bearer {tokens['viewer']}"}
    qtbot.waitUntil(lambda: console.rule_list.count() > 0, timeout=10000)
    item = console.rule_list.item(0)
    rule = item.data(Qt.ItemDataRole.UserRole)
    asked = []  # a conflict question would wait for an answer for ever: recorded, and there must be none
    console.ask_override = lambda reason: asked.append(reason) or True
    item.setCheckState(Qt.CheckState.Unchecked)
    qtbot.waitUntil(lambda: rule in requests.get(url + "/state", headers=headers, timeout=10).json()["paused_rules"],
                    timeout=10000)
    assert next(r for r in requests.get(url + "/rules", headers=headers, timeout=10).json()["rules"]
                if r["id"] == rule)["paused"]
    # the operator sees it paused before ticking it again: the console's state, not only the wall's, has it (a
    # state from before, such as the first one on the event stream, may still come and tick the box on screen;
    # ticking a ticked box sends nothing)
    qtbot.waitUntil(lambda: rule in console.current.state.get("paused_rules", []), timeout=10000)
    console.rule_list.item(0).setCheckState(Qt.CheckState.Checked)
    qtbot.waitUntil(lambda: rule not in requests.get(url + "/state", headers=headers, timeout=10).json()[
        "paused_rules"], timeout=10000)
    assert asked == []  # never a conflict with its own change


def test_a_change_refreshes_only_the_snapshots_of_the_screens_it_touched(wall):
    from operator_console.preview import changed_screens

    url, tokens = wall
    before = requests.get(url + "/state", headers={"Authorization": f"Bearer {tokens['viewer']}"}, timeout=10).json()
    after = json.loads(json.dumps(before))
    next(r for r in after["regions"] if r["id"] == "yte")["view"] = {"kind": "clock"}
    after["blackout"] = [[2, 2]]
    assert changed_screens(before, after, 3, 3) == {(1, 0), (2, 2)}
    assert changed_screens(before, {**after, "layout": "hop"}, 3, 3) is None  # a new layout: every screen
    assert changed_screens(None, after, 3, 3) is None


def test_an_unreachable_wall_shows_as_such_and_the_console_stays_responsive(console, qtbot):
    entry = console.add_wall("Tường tắt", "http://127.0.0.1:1", "x" * 30)
    qtbot.waitUntil(lambda: entry.status == "offline", timeout=10000)
    texts = [console.wall_list.item(i).text() for i in range(console.wall_list.count())]
    assert any("Tường tắt" in t and "không kết nối được" in t for t in texts)
    console.select_wall("http://127.0.0.1:1")
    qtbot.waitUntil(lambda: not console.preview.reachable or entry.status == "offline", timeout=5000)
    console.send({"command": "identify", "on": False})
    qtbot.waitUntil(lambda: console.last_result.startswith("Không gửi được"), timeout=10000)


def _demo_walls() -> list[int]:
    """Processes whose command line names a console's demo state folder (Linux /proc)."""
    found = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            if b"ioc-console-demo-" in cmdline.read_bytes():
                found.append(int(cmdline.parent.name))
        except OSError:
            continue
    return found


def test_ioc_console_demo_starts_a_wall_connects_and_ends_it():
    import subprocess
    import sys
    import time

    proc = subprocess.Popen([sys.executable, "-m", "operator_console", "--demo", "--zeroconf", "off"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, encoding="utf-8")
    lines: list[str] = []
    try:
        deadline = time.monotonic() + 60
        for line in proc.stderr:
            lines.append(line)
            if "connected" in line and "Tường demo" in line:
                break
            assert time.monotonic() < deadline, "".join(lines)
        assert any("control API on https://127.0.0.1:" in x for x in lines), "".join(lines)
        assert _demo_walls(), "the demo wall is running"
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(20)
    deadline = time.monotonic() + 10
    while _demo_walls() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _demo_walls() == []  # the console ended its demo wall


def test_one_camera_of_a_grid_is_pinned_over_its_region_and_unpinned(console, wall, qtbot, monkeypatch):
    url, tokens = wall
    grid = {"kind": "camera_grid", "group": "an-ninh", "rows": 2, "cols": 2}
    console.show_view("yte", grid)
    qtbot.waitUntil(lambda: console.preview.region("yte")["view"] == grid, timeout=10000)
    console.preview.select("yte")
    members = [c for c in console.cameras if c["group"] == "an-ninh"]
    assert len(members) >= 2 and all("password" not in json.dumps(c) for c in members)
    from PySide6.QtWidgets import QInputDialog

    chosen = members[1]
    offered = []

    def pick(parent, title, label, items, *rest):
        offered.extend(items)
        return next(i for i in items if i.endswith(f"({chosen['id']})")), True

    monkeypatch.setattr(QInputDialog, "getItem", pick)
    console.pin_button.click()
    assert f"{chosen['name']['vi']} ({chosen['id']})" in offered and len(offered) == len(members)
    pinned = {**grid, "pin": chosen["id"]}
    qtbot.waitUntil(lambda: region_view(url, tokens["viewer"], "yte") == pinned, timeout=10000)
    console.pin_camera("yte", None)
    qtbot.waitUntil(lambda: region_view(url, tokens["viewer"], "yte") == grid, timeout=10000)
    console.pin_camera("hcc", "cam-ben-thuy")  # not a camera grid: said, nothing sent
    assert "không hiển thị lưới camera" in console.result_label.text()


def test_the_share_out_is_chosen_and_its_link_copied_from_the_console(console, wall, qtbot):
    url, tokens = wall
    bar, combo = console.meeting_bar, console.meeting_bar.share_combo
    viewer = {"Authorization": f"Bearer {tokens['viewer']}"}

    def shared():
        return requests.get(url + "/state", headers=viewer, timeout=10).json()["share"]

    qtbot.waitUntil(lambda: combo.isEnabled() and combo.findText("Màn hình hàng 3, cột 3") >= 0, timeout=10000)
    assert [combo.itemText(i) for i in (0, 1)] == ["Không chia sẻ", "Toàn bộ tường"]
    assert combo.findText("Vùng «Y tế» (yte)") >= 0, [combo.itemText(i) for i in range(combo.count())]
    combo.setCurrentIndex(combo.findText("Màn hình hàng 2, cột 3"))
    qtbot.waitUntil(lambda: shared() == {"screen": [1, 2]}, timeout=10000)
    combo.setCurrentIndex(combo.findText("Vùng «Y tế» (yte)"))
    qtbot.waitUntil(lambda: shared() == {"region": "yte"}, timeout=10000)
    combo.setCurrentIndex(combo.findText("Toàn bộ tường"))
    qtbot.waitUntil(lambda: shared() == {"wall": True}, timeout=10000)
    # a colleague's choice shows in the combo and is not sent back
    sent = []
    bar.command.connect(sent.append)
    assert requests.post(url + "/commands", json={"command": "share", "screen": [0, 0]}, timeout=10,
                         headers={"Authorization": f"Bearer {tokens['operator']}"}).status_code == 200
    qtbot.waitUntil(lambda: combo.currentText() == "Màn hình hàng 1, cột 1", timeout=10000)
    assert sent == []
    combo.setCurrentIndex(combo.findText("Không chia sẻ"))
    qtbot.waitUntil(lambda: shared() is None, timeout=10000)
    assert sent == [{"command": "share", "off": True}]

    QApplication.clipboard().clear()
    bar.copy_button.click()
    qtbot.waitUntil(lambda: "/api/v1/share?token=" in QApplication.clipboard().text(), timeout=10000)
    link = QApplication.clipboard().text()
    assert link.startswith(url.removesuffix("/api/v1") + "/api/v1/share?token=") and tokens["share"] in link
    assert tokens["operator"] not in link and tokens["operator"] not in bar.note.text()
    assert link in bar.note.text() and "/api/v1/share/stream.mjpg?token=" in bar.note.text()

    # the link went round too widely: a new one, after the operator says yes; the old one no longer opens
    asked = []
    bar.ask_new_link = lambda: asked.append(True) or False  # "no": nothing changes
    bar.new_link_button.click()
    assert asked and requests.get(link, timeout=10).status_code == 200
    bar.ask_new_link = lambda: True
    QApplication.clipboard().clear()
    bar.new_link_button.click()
    qtbot.waitUntil(lambda: "/api/v1/share?token=" in QApplication.clipboard().text(), timeout=10000)
    new = QApplication.clipboard().text()
    assert new != link and requests.get(new, timeout=10).status_code == 200
    assert requests.get(link, timeout=10).status_code == 401


def test_the_meeting_bar_speaks_english_when_asked(qapp):
    """Its texts sit where lupdate files them; "Tạm dừng" is the button's "Pause", not the status "Paused"."""
    from operator_console.app import install_language

    translator = install_language(qapp, "en")
    try:
        window = ConsoleWindow("thử")
        bar = window.meeting_bar
        assert (bar.title(), bar.buttons["pause"].text(), bar.copy_button.text()) == ("Meeting", "Pause", "Copy link")
        assert [bar.share_combo.itemText(i) for i in (0, 1, 2)] == ["Not shared", "Whole wall",
                                                                   "Screen row 1, column 1"]
        window.close()
    finally:
        qapp.removeTranslator(translator)
        qapp.setProperty("language", "vi")


def test_a_meeting_is_driven_from_the_console(console, wall, qtbot, tmp_path):
    url, tokens = wall
    bar = console.meeting_bar
    bar.save_minutes(tmp_path)  # no meeting has ended on this wall yet
    qtbot.waitUntil(lambda: bar.note.text() == "Biên bản chưa sẵn sàng, thử lại sau ít giây", timeout=10000)
    assert list(tmp_path.iterdir()) == []
    broken = tmp_path / "hong.json"
    broken.write_text("{ không phải JSON")
    bar.load_file(broken)
    assert "Không đọc được tệp hong.json" in bar.status.text()
    bar.load_file(SHIPPED_LAYOUTS.parent / "meetings" / "giao-ban-thang-11.json")
    qtbot.waitUntil(lambda: (bar.meeting or {}).get("status") == "ready", timeout=10000)
    assert bar.buttons["start"].isEnabled() and not bar.buttons["next"].isEnabled()
    assert not bar.minutes_button.isEnabled()
    bar.buttons["start"].click()
    qtbot.waitUntil(lambda: (bar.meeting or {}).get("item") == 0, timeout=10000)
    assert region_view(url, tokens["viewer"], "trung-tam") == {"kind": "chart", "indicator": "ktxh-grdp-tang-truong"}
    assert "Mục 1/5: Tình hình kinh tế – xã hội tháng 11" in bar.status.text() and "còn 1" in bar.status.text()
    emitted = []
    bar.command.connect(emitted.append)
    bar.buttons["next"].click()
    assert emitted == [{"command": "meeting", "action": "next", "from_item": 1}]
    qtbot.waitUntil(lambda: region_view(url, tokens["viewer"], "trung-tam") == {"kind": "sector", "sector": "hcc"},
                    timeout=10000)
    # "next" goes from the item the console saw: sent again (a retry, a double press) it does not skip an item
    again = command(url, tokens["operator"], {"command": "meeting", "action": "next", "from_item": 1})
    assert again["item"] == 2 and region_view(url, tokens["viewer"], "trung-tam") == {"kind": "sector", "sector": "hcc"}
    qtbot.waitUntil(lambda: bar.item_seen() == 2, timeout=10000)
    bar.buttons["pause"].click()
    qtbot.waitUntil(lambda: bar.meeting["status"] == "paused" and bar.buttons["pause"].text() == "Tiếp tục",
                    timeout=10000)
    bar.buttons["pause"].click()
    qtbot.waitUntil(lambda: bar.meeting["status"] == "running", timeout=10000)
    bar.buttons["freeze"].click()
    qtbot.waitUntil(lambda: bar.frozen_at is not None and "đang giữ số liệu lúc" in bar.status.text(),
                    timeout=10000)
    bar.buttons["freeze"].click()
    qtbot.waitUntil(lambda: bar.frozen_at is None, timeout=10000)
    bar.buttons["end"].click()
    qtbot.waitUntil(lambda: bar.meeting["status"] == "ended", timeout=10000)
    assert not bar.buttons["next"].isEnabled() and not bar.buttons["end"].isEnabled()
    assert bar.minutes_button.isEnabled()
    # the wall writes the minutes a second or two after the end; the console saves this meeting's, once written
    operator = {"Authorization": f"Bearer {tokens['operator']}"}
    qtbot.waitUntil(lambda: any(m["complete"] for m in requests.get(url + "/minutes", headers=operator,
                                                                    timeout=10).json()["minutes"]), timeout=20000)
    saved = tmp_path / "luu"
    bar.save_minutes(saved)
    qtbot.waitUntil(lambda: bar.note.text().startswith("Đã lưu biên bản vào "), timeout=20000)
    (folder,) = saved.iterdir()
    assert str(folder) in bar.note.text() and folder.name.endswith("-giao-ban-thang-11")
    assert (folder / "bien-ban.pdf").read_bytes().startswith(b"%PDF")
    summary = requests.get(f"{url}/minutes/{folder.name}/tom-tat.json", headers=operator, timeout=10)
    assert (folder / "tom-tat.json").read_bytes() == summary.content  # as the wall wrote it
    assert json.loads((folder / "tom-tat.json").read_text(encoding="utf-8"))
    console.send({"command": "meeting", "action": "close"})
    qtbot.waitUntil(lambda: bar.meeting is None, timeout=10000)


def test_the_wall_is_switched_off_and_given_back_from_the_console(console, wall, qtbot):
    url, tokens = wall
    headers = {"Authorization": f"Bearer {tokens['viewer']}"}

    def power():
        return requests.get(url + "/state", headers=headers, timeout=10).json()["power"]

    console.power_box.buttons["off"].click()
    qtbot.waitUntil(lambda: (power() or {}).get("mode") == "off", timeout=10000)
    # this wall has no schedule: off until an operator ends it, so no time is shown; the preview, which still
    # shows the picture the wall keeps painting, is dimmed and says the wall is dark
    qtbot.waitUntil(lambda: console.power_box.label.text() == "Màn hình đang tắt theo yêu cầu", timeout=10000)
    assert console.current.screens == {"on": False, "state": "override-off", "next_change": None}
    assert console.preview.screens["on"] is False
    console.preview.grab().save(str(ARTIFACTS / "console-wall-dark.png"))
    console.power_box.buttons["on"].click()  # without a schedule "on" is simply the schedule
    qtbot.waitUntil(lambda: power() is None, timeout=10000)
    qtbot.waitUntil(lambda: console.power_box.label.text() == "Màn hình theo lịch bật/tắt của tường", timeout=10000)
    assert console.preview.screens["on"] is True
    until = time.mktime((2026, 11, 25, 6, 0, 0, 0, 0, -1))
    assert power_text({"mode": "on", "until": until}) == "Bật theo yêu cầu đến 06:00 25/11/2026"
