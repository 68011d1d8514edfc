"""A full disk's held audit records, loud (issue 19): a real wall whose state folder is on a 3 MB file system that is
filled up. A command's audit record waits in memory; the wall's alert book has the alert (GET /alerts, as the
alerts view and ticker read it), a real console shows a red line for the wall, and one that connects later sees it
too (GET /health); once there is room the record is written and the alert and the line go."""

from __future__ import annotations

import json
import signal

import requests

from operator_console.window import ConsoleWindow

from ..common import SHIPPED_LAYOUTS, fill
from ..wallproc import READY, WallProcess

INDICATOR = "he-thong.nhat-ky-kiem-toan"


def open_console(qtbot, url: str, token: str, name: str) -> ConsoleWindow:
    window = ConsoleWindow(name)
    qtbot.addWidget(window)
    window.show()
    window.add_wall("Tường thử", url, token)
    qtbot.waitUntil(lambda: window.current is not None and window.current.status == "online", timeout=30000)
    return window


def audit_alerts(url: str, token: str) -> list[dict]:
    alerts = requests.get(url + "/alerts", headers={"Authorization": f"Bearer {token}"}, timeout=10).json()["alerts"]
    return [a for a in alerts if a["indicator"] == INDICATOR]


def test_held_audit_records_show_on_the_wall_and_the_consoles_until_written(qtbot, small_disk, tmp_path):
    rules = tmp_path / "no-rules.json"
    rules.write_text('{"schema_version": 1, "rules": []}', encoding="utf-8")
    state_dir = small_disk / "state"
    proc = WallProcess("--state-dir", str(state_dir), "--layouts-dir", str(SHIPPED_LAYOUTS), "--layout", "tong-quan",
                       "--alert-rules", str(rules))
    windows: list[ConsoleWindow] = []
    try:
        proc.wait_for(READY)
        url = proc.api_url()
        tokens = {t["role"]: t["token"] for t in json.loads((state_dir / "api-tokens.json").read_text())["tokens"]}
        operator = {"Authorization": f"Bearer {tokens['operator']}"}
        one = open_console(qtbot, url, tokens["operator"], "Bàn trực 1")
        windows.append(one)
        assert not one.audit_label.isVisible() and audit_alerts(url, tokens["viewer"]) == []

        fill(small_disk / "filler")
        r = requests.post(url + "/commands", json={"command": "apply_layout", "layout": "camera"}, headers=operator,
                          timeout=10)
        assert r.status_code == 200, r.text  # the screens follow; its record waits

        # the wall's own alert book: what the alerts view and the ticker show
        qtbot.waitUntil(lambda: audit_alerts(url, tokens["viewer"]) != [], timeout=15000)
        (alert,) = audit_alerts(url, tokens["viewer"])
        assert alert["severity"] == "warning" and alert["sector"] == "he-thong"
        assert alert["message_vi"].startswith("Ổ đĩa của tường đầy: ")
        assert "bản ghi nhật ký kiểm toán chờ ghi" in alert["message_vi"]
        assert alert["message_vi"].endswith("Giải phóng dung lượng ổ đĩa của tường.")

        # the console that was connected: a red line, and the alert in its list ("alert" event)
        qtbot.waitUntil(lambda: one.audit_label.isVisible(), timeout=15000)
        assert "bản ghi nhật ký kiểm toán chờ ghi" in one.audit_label.text()
        assert "bị từ chối" not in one.audit_label.text()
        qtbot.waitUntil(lambda: any(alert["message_vi"][:40] in one.alert_list.item(i).text()
                                    for i in range(one.alert_list.count())), timeout=15000)

        # a console connecting now has missed the event: it reads GET /health
        two = open_console(qtbot, url, tokens["viewer"], "Bàn trực 2")
        windows.append(two)
        qtbot.waitUntil(lambda: two.audit_label.isVisible(), timeout=15000)
        assert "bản ghi nhật ký kiểm toán chờ ghi" in two.audit_label.text()

        # room again: the record is written at the next try (every 5 s), the alert clears, the lines go
        (small_disk / "filler").unlink()
        qtbot.waitUntil(lambda: audit_alerts(url, tokens["viewer"]) == [], timeout=20000)
        qtbot.waitUntil(lambda: not one.audit_label.isVisible() and not two.audit_label.isVisible(), timeout=15000)
        audit = requests.get(url + "/audit", params={"verify": "1"}, headers=operator, timeout=10)
        if audit.ok and audit.headers.get("content-type", "").startswith("application/json"):
            assert audit.json().get("intact", True), audit.text
        health = requests.get(url + "/health", headers=operator, timeout=10).json()
        assert health["audit"]["held"] == 0
    finally:
        for w in windows:
            w.close()
        proc.stop(signal.SIGKILL)


def test_the_hold_told_from_the_writers_thread_reaches_the_book_on_the_gui_thread(qtbot, tmp_path):
    """The audit log tells of its hold on its writer's thread; the alert book is the GUI thread's: the alert is
    raised, made critical when commands are refused and cleared there, in the order told."""
    import threading

    from PySide6.QtCore import QThread

    from ioc_core.alerts import AlertBook
    from wall.runtime.audit_alarm import AuditAlarm

    book = AlertBook(tmp_path / "alerts.json")
    seen: list[tuple[str, str, bool]] = []
    gui = QThread.currentThread()
    book.subscribe(lambda a, event: seen.append((event, a.severity, QThread.currentThread() is gui)))
    alarm = AuditAlarm(book)
    told = [{"held": 3, "held_max": 1000, "full": False}, {"held": 1000, "held_max": 1000, "full": True},
            {"held": 0, "held_max": 1000, "full": False}]
    writer = threading.Thread(target=lambda: [alarm.tell(h) for h in told])
    writer.start()
    writer.join()
    qtbot.waitUntil(lambda: len(seen) == 3, timeout=5000)
    assert seen == [("raised", "warning", True), ("escalated", "critical", True), ("cleared", "critical", True)]
    assert book.alerts() == []
    alarm.stop()
