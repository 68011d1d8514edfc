"""The Qt tests' set-up: QtWebEngine loaded before any QApplication exists (as the wall does in wall/app.py)."""

from __future__ import annotations

import gc

import pytest

import wall.widgets.web  # noqa: F401


@pytest.fixture(autouse=True)
def _collect_on_the_gui_thread():
    """Cycles a test leaves (Qt objects among them) are collected here, on the thread that runs Qt; left to the
    automatic collector they could be freed from a later test's worker thread and crash it (as the wall guards
    against with wall.runtime.memory.GuiThreadCollector)."""
    yield
    gc.collect()
