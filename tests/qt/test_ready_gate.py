"""What waits for the wall's first picture (the API, the data, READY=1) starts whatever happens to the screens."""

from __future__ import annotations

import logging

from ioc_core.control.controller import Controller
from ioc_core.layouts import LayoutLibrary
from ioc_core.setup.wall_config import WallConfig
from wall.app import _report_when_painted
from wall.runtime import first_paint
from wall.runtime.runtime import WallRuntime

from ..common import SHIPPED_LAYOUTS


def _runtime() -> WallRuntime:
    config = WallConfig()
    runtime = WallRuntime(Controller(LayoutLibrary.load_dir(SHIPPED_LAYOUTS), config.geometry()), config)
    runtime.start()
    return runtime


def _close(runtime: WallRuntime) -> None:
    runtime.shutdown()
    for w in runtime.windows:
        w.deleteLater()
    if first_paint.holding():
        first_paint.release()


def test_windows_replaced_before_their_first_paint_still_make_the_wall_ready(qtbot, caplog):
    """Monitors that appear or change at boot make the runtime replace its windows before they paint: the gate
    counted the first windows' screens, which never paint, and the API, the data and READY=1 never came."""
    runtime = _runtime()
    went_on: list[bool] = []
    try:
        first_paint.hold()
        with caplog.at_level(logging.INFO, logger="wall"):
            _report_when_painted(runtime, then=lambda: went_on.append(True))
            runtime.replan(rebuild=True)  # new windows for every monitor, before any paint
            qtbot.waitUntil(lambda: bool(went_on), timeout=5000)
        assert any("wall ready: 9 screens painted" in r.getMessage() for r in caplog.records)
        assert not first_paint.holding()
    finally:
        _close(runtime)


def test_a_screen_that_never_paints_does_not_keep_the_api_and_data_off(qtbot, caplog):
    """A screen that is never shown (a window minimised on a virtual wall, an output that never exposes) must not
    keep the operators from reaching the wall: after a while the API and the data start anyway, and the log says
    which screen had not painted."""
    runtime = _runtime()
    went_on: list[bool] = []
    try:
        runtime.windows[-1].hide()  # before the event loop paints it
        with caplog.at_level(logging.INFO, logger="wall"):
            _report_when_painted(runtime, then=lambda: went_on.append(True), latest_s=0.5)
            qtbot.waitUntil(lambda: bool(went_on), timeout=5000)
        late = [r.getMessage() for r in caplog.records if "without every screen painted" in r.getMessage()]
        assert late and "3.3" in late[0]
        assert not any("wall ready" in r.getMessage() for r in caplog.records)
    finally:
        _close(runtime)
