"""Test set-up: nine offscreen 1920x1080 screens (a 3 x 3 wall) before any QApplication exists."""

from __future__ import annotations

import gc
import os
import shutil
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
SHIPPED_LAYOUTS = ROOT / "layouts"

# Qt aborts the whole process without a platform; nine screens like the real wall.
os.environ.setdefault("QT_QPA_PLATFORM", f"offscreen:configfile={TESTS / 'nine-screens.json'}")
# QtWebEngine must be loaded before the QApplication exists (as the wall does in wall/app.py)
import wall.widgets.web  # noqa: E402, F401


class Clock:
    """An injected clock (epoch seconds) that tests move by hand."""

    def __init__(self, t: float):
        self.t = t

    def __call__(self) -> float:
        return self.t


@pytest.fixture
def layouts_dir(tmp_path: Path) -> Path:
    """A writable copy of the shipped layouts."""
    out = tmp_path / "layouts"
    shutil.copytree(SHIPPED_LAYOUTS, out)
    return out


@pytest.fixture
def server():
    """A scripted HTTP server on 127.0.0.1 (tests/fakeservers.py)."""
    from .fakeservers import ScriptedServer

    s = ScriptedServer()
    yield s
    s.close()


@pytest.fixture(autouse=True)
def _collect_on_the_gui_thread():
    """Cycles a test leaves (Qt objects among them) are collected here, on the thread that runs Qt; left to the
    automatic collector they could be freed from a later test's worker thread and crash it (as the wall guards
    against with wall.runtime.memory.GuiThreadCollector)."""
    yield
    gc.collect()
