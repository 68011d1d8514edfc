"""The console's meeting bar: load a meeting file, start, move between agenda items, pause, end, and hold the
figures still for discussion. It sends the wall's meeting commands and shows where the meeting is, from the
wall's own state (the event stream), so two consoles always agree."""

from __future__ import annotations

import json
import time
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QTimer, Signal
from PySide6.QtWidgets import QFileDialog, QGroupBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout


def tr(text: str) -> str:
    return QCoreApplication.translate("MeetingBar", text)


class MeetingBar(QGroupBox):
    command = Signal(dict)

    def __init__(self, parent=None):
        super().__init__(tr("Cuộc họp"), parent)
        self.meeting: dict | None = None  # the wall's meeting state ("meeting" of /state), None: none loaded
        self.frozen_at: float | None = None
        box = QVBoxLayout(self)
        self.status = QLabel(tr("Chưa nạp cuộc họp"))
        self.status.setWordWrap(True)
        box.addWidget(self.status)
        row = QHBoxLayout()
        box.addLayout(row)
        self.buttons: dict[str, QPushButton] = {}
        for key, text in (("load", tr("Nạp cuộc họp…")), ("start", tr("Bắt đầu")), ("prev", tr("◀ Mục trước")),
                          ("next", tr("Mục sau ▶")), ("pause", tr("Tạm dừng")), ("end", tr("Kết thúc")),
                          ("freeze", tr("Giữ số liệu"))):
            b = QPushButton(text)
            b.setObjectName(f"meeting-{key}")
            row.addWidget(b)
            self.buttons[key] = b
        self.buttons["freeze"].setCheckable(True)
        self.buttons["freeze"].setToolTip(tr("Giữ nguyên số liệu trên tường để thảo luận, có dấu thời điểm"))
        self.buttons["load"].clicked.connect(self._ask_file)
        for key in ("start", "prev", "next", "end"):
            self.buttons[key].clicked.connect(lambda _=False, k=key: self.command.emit(
                {"command": "meeting", "action": k}))
        self.buttons["pause"].clicked.connect(self._pause_or_resume)
        self.buttons["freeze"].clicked.connect(lambda on: self.command.emit({"command": "freeze", "on": on}))
        self._clock = QTimer(self, interval=1000)
        self._clock.timeout.connect(self._show)
        self._clock.start()
        self.set_state({})

    # -- what the buttons send -------------------------------------------------------------------------------
    def _ask_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, tr("Chọn tệp cuộc họp"), "", tr("Cuộc họp (*.json)"))
        if path:
            self.load_file(Path(path))

    def load_file(self, path: Path) -> None:
        """Sends the meeting in ``path`` to the wall, which validates it; a file that is not JSON is said here."""
        try:
            doc = json.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, ValueError) as exc:
            self.status.setText(tr("Không đọc được tệp %1: %2").replace("%1", Path(path).name).replace(
                "%2", str(exc)))
            return
        self.command.emit({"command": "load_meeting", "meeting": doc})

    def _pause_or_resume(self) -> None:
        running = (self.meeting or {}).get("status") == "running"
        self.command.emit({"command": "meeting", "action": "pause" if running else "resume"})

    # -- what the wall says ----------------------------------------------------------------------------------
    def set_state(self, state: dict) -> None:
        self.meeting = state.get("meeting")
        self.frozen_at = state.get("frozen_at")
        status = (self.meeting or {}).get("status")
        items = len((self.meeting or {}).get("meeting", {}).get("items", []))
        item = (self.meeting or {}).get("item", -1)
        self.buttons["start"].setEnabled(status == "ready")
        self.buttons["prev"].setEnabled(status in ("running", "paused") and item > 0)
        self.buttons["next"].setEnabled(status in ("running", "paused") and item < items - 1)
        self.buttons["pause"].setEnabled(status in ("running", "paused"))
        self.buttons["pause"].setText(tr("Tiếp tục") if status == "paused" else tr("Tạm dừng"))
        self.buttons["end"].setEnabled(status in ("running", "paused"))
        self.buttons["freeze"].setChecked(self.frozen_at is not None)
        self._show()

    def _show(self) -> None:
        run = self.meeting
        frozen = ""
        if self.frozen_at is not None:
            frozen = " · " + tr("đang giữ số liệu lúc %1").replace("%1", time.strftime(
                "%H:%M %d/%m/%Y", time.localtime(self.frozen_at)))
        if not run:
            self.status.setText(tr("Chưa nạp cuộc họp") + frozen)
            return
        m, status, n = run["meeting"], run["status"], run["item"]
        words = {"ready": tr("chưa bắt đầu"), "running": tr("đang họp"), "paused": tr("tạm dừng"),
                 "ended": tr("đã kết thúc")}[status]
        text = f"{m['title']} — {words}"
        if 0 <= n < len(m["items"]) and status in ("running", "paused"):
            item = m["items"][n]
            counted = run.get("item_counted") or 0.0
            since = run.get("item_since")
            elapsed = counted + (time.time() - since if since else 0.0)
            left = item["minutes"] * 60 - elapsed
            clock = (tr("quá giờ %1") if left < 0 else tr("còn %1")).replace(
                "%1", f"{int(abs(left)) // 60:02d}:{int(abs(left)) % 60:02d}")
            text += "\n" + tr("Mục %1/%2: %3").replace("%1", str(n + 1)).replace("%2", str(len(m["items"]))).replace(
                "%3", item["title"]) + (f" · {item['presenter']}" if item.get("presenter") else "") + f" · {clock}"
        self.status.setText(text + frozen)
