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


def _shown_windows() -> dict[object, str]:
    """Top-level widgets on screen, by their C++ object: a test that shows a window and leaves it open leaves it on
    every later test's screens."""
    import shiboken6
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is None:
        return {}
    return {("window", shiboken6.getCppPointer(w)[0]): f"window {type(w).__name__} {w.windowTitle()!r} still shown"
            for w in app.topLevelWidgets() if shiboken6.isValid(w) and w.isVisible()}


def pytest_configure(config):
    from ..leakguard import register

    register(config).probes["windows"] = _shown_windows
    config.option.loadscopereorder = False  # pytest-xdist's controller: LONGEST_FIRST's order, not the biggest first


# The files that take longest first (scripts/test.sh: -n 3 --dist loadfile), so none is left running alone at the
# end; by default pytest-xdist queues the files with the most tests first, which put test_xvfb_wall (two tests, over
# half a minute: real walls on a real X server) near the end. By the durations measured under load (--durations).
LONGEST_FIRST = ("test_console.py", "test_xvfb_wall.py", "test_power_wall.py", "test_check.py",
                 "test_sources_technician.py", "test_security.py", "test_api.py", "test_layout_editor.py",
                 "test_catalogue_state.py", "test_camera_view.py", "test_web_view.py", "test_meeting_wall.py")


def pytest_collection_modifyitems(config, items):
    first = {name: n for n, name in enumerate(LONGEST_FIRST)}
    items.sort(key=lambda item: first.get(item.path.name, len(first)))  # stable: the rest keep their order
