"""What the technician's windows share: the red of a problem and its label under a field, and calls to the wall
whose answers are dropped once the window is gone (they are opened with WA_DeleteOnClose)."""

from __future__ import annotations

import shiboken6
from PySide6.QtWidgets import QLabel, QWidget

ERROR_STYLE = "color: #b42318;"


def problem_label() -> QLabel:
    """A red, wrapped label under a field or a drawing; hidden until it has a problem to show."""
    label = QLabel()
    label.setWordWrap(True)
    label.setStyleSheet(ERROR_STYLE)
    label.hide()
    return label


def call_for(widget: QWidget, background, fn, on_done) -> None:
    """``fn`` on a worker thread (``background``); ``on_done(result)`` on the GUI thread while ``widget`` lives."""
    background(fn, lambda result: on_done(result) if shiboken6.isValid(widget) else None)
