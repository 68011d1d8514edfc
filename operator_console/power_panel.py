"""The wall's screen power from the console: wake the wall at night (an incident), switch it off early, or give it
back to its schedule. Whatever the operator chooses ends by itself at the schedule's next "on" time."""

from __future__ import annotations

import time

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout

from operator_console.toolkit import ERROR_STYLE


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


def dark_text(screens: dict) -> str:
    """The wall's screens are off: why, and when they come back on by themselves."""
    text = tr("Màn hình đang tắt theo lịch") if screens.get("state") == "scheduled-off" else tr(
        "Màn hình đang tắt theo yêu cầu")
    if screens.get("next_change"):
        text += tr(", bật lại lúc %1").replace("%1", time.strftime("%H:%M %d/%m/%Y",
                                                                   time.localtime(screens["next_change"])))
    return text


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

    def set_state(self, state: dict, screens: dict | None = None) -> None:
        """The operator's choice (``state["power"]``); while the screens are dark (``screens``), that they are, why
        and until when, in red."""
        dark = screens is not None and not screens.get("on", True)
        self.label.setText(dark_text(screens) if dark else power_text(state.get("power")))
        self.label.setStyleSheet(ERROR_STYLE + " font-weight: bold" if dark else "")
