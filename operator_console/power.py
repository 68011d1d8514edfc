"""The wall's screen power from the console: wake the wall at night (an incident), switch it off early, or give it
back to its schedule. Whatever the operator chooses ends by itself at the schedule's next "on" time."""

from __future__ import annotations

import time

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout


def tr(text: str) -> str:
    return QCoreApplication.translate("", text)  # lupdate files module-level tr() under the empty context


def power_text(power: dict | None) -> str:
    """What the wall's state says about its screens' power, for the operator."""
    if power is None:
        return tr("Màn hình theo lịch bật/tắt của tường")
    text = tr("Bật theo yêu cầu") if power.get("mode") == "on" else tr("Tắt theo yêu cầu")
    if power.get("until") is None:
        return text
    return text + tr(" đến %1").replace("%1", time.strftime("%H:%M %d/%m/%Y", time.localtime(power["until"])))


class PowerBox(QGroupBox):
    command = Signal(dict)

    def __init__(self, parent=None):
        super().__init__(tr("Nguồn màn hình"), parent)
        box = QVBoxLayout(self)
        row = QHBoxLayout()
        self.buttons: dict[str, QPushButton] = {}
        for mode, text, tip in (
            ("on", tr("Bật ngay"), tr("Bật cả tường, kể cả khi đang tắt theo lịch; tự theo lịch lại từ giờ bật kế "
                                      "tiếp")),
            ("off", tr("Tắt"), tr("Tắt cả tường đến giờ bật kế tiếp theo lịch")),
            ("schedule", tr("Theo lịch"), tr("Bỏ yêu cầu bật/tắt: tường theo lịch trong cấu hình")),
        ):
            b = self.buttons[mode] = QPushButton(text)
            b.setToolTip(tip)
            b.clicked.connect(lambda _=False, m=mode: self.command.emit({"command": "screen_power", "mode": m}))
            row.addWidget(b)
        box.addLayout(row)
        self.label = QLabel(power_text(None))
        self.label.setWordWrap(True)
        box.addWidget(self.label)

    def set_state(self, state: dict) -> None:
        self.label.setText(power_text(state.get("power")))
