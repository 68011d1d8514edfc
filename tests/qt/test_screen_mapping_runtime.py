"""A saved screen mapping applied to a running wall in this process (WallRuntime.reconfigure): monitors move at once,
new bezel gaps put every region, overlay and window where the new canvas has them, and a file with another grid is
left for the next start."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRectF

from ioc_core.control.controller import Controller
from ioc_core.layouts import LayoutLibrary
from ioc_core.setup.outputs import Monitor
from ioc_core.setup.wall_config import parse_config
from wall.runtime.runtime import WallRuntime

from ..common import SHIPPED_LAYOUTS

BASE = {"schema_version": 1, "screens": {"rows": 3, "cols": 3, "width_px": 1920, "height_px": 1080}}
MONITORS = [Monitor(f"WALL{r * 3 + c}", c * 1920, r * 1080, 1920, 1080) for r in range(3) for c in range(3)]


def qrect(r) -> QRectF:
    return QRectF(r.x, r.y, r.w, r.h)


@pytest.fixture
def runtime(qtbot):
    config = parse_config(BASE, "wall.json")
    controller = Controller(LayoutLibrary.load_dir(SHIPPED_LAYOUTS), config.geometry())
    assert controller.execute({"command": "apply_layout", "layout": "tong-quan"}).accepted
    rt = WallRuntime(controller, config, monitors=lambda: MONITORS)
    rt.start()
    yield rt
    rt.shutdown()
    for w in rt.windows:
        w.deleteLater()


def test_new_bezels_and_a_swap_apply_at_once(runtime, qtbot):
    old_windows = list(runtime.windows)
    outputs = [{"monitor": m.name, "cell": [i // 3, i % 3]} for i, m in enumerate(MONITORS)]
    outputs[0]["monitor"], outputs[1]["monitor"] = "WALL1", "WALL0"
    config = parse_config({**BASE, "bezel_mm": {"x": 3.5, "y": 3.5}, "outputs": outputs}, "wall.json")
    runtime.controller.execute({"command": "identify", "on": True})
    assert runtime.reconfigure(config) == ""
    geo = runtime.geo
    assert (geo.gap_x, geo.gap_y) == (6, 6) and runtime.controller.geometry == geo and runtime.config == config
    assert runtime.scene.sceneRect() == QRectF(0, 0, geo.canvas_w, geo.canvas_h)
    layout = runtime.state.layout
    for region in layout.regions:  # every region where the new canvas has its cells
        expected = geo.cell_rect(layout.grid_rows, layout.grid_cols, region.row, region.col, region.rows, region.cols)
        assert runtime.items[region.id].geometry() == qrect(expected), region.id
    for s, item in runtime._identify.items():
        assert item.boundingRect() == qrect(geo.screen_rect(*s)) and item.isVisible()
    assert runtime._identify[(0, 0)].monitor == "WALL1" and runtime._identify[(0, 1)].monitor == "WALL0"
    by_monitor = {w.output.monitor.name: w for w in runtime.windows}
    assert set(by_monitor["WALL1"].views) == {(0, 0)} and set(by_monitor["WALL0"].views) == {(0, 1)}
    assert not set(old_windows) & set(runtime.windows)  # the canvas changed under every window: all new
    assert by_monitor["WALL1"].views[(0, 0)].canvas_rect == geo.screen_rect(0, 0)


def test_a_file_with_another_grid_is_left_for_the_next_start(runtime):
    before = runtime.config
    other = parse_config({**BASE, "screens": {**BASE["screens"], "rows": 2}}, "wall.json")
    why = runtime.reconfigure(other)
    assert "applies at the next start" in why and "2 x 3" in why
    assert runtime.config is before and len(runtime.windows) == 9


def test_a_power_schedule_edited_in_the_file_is_followed_from_the_save_on(runtime, qtbot):
    """A technician adds the night schedule (or a holiday) to the file by hand, then saves the mapping: the running
    wall follows it at once, without a restart."""
    from datetime import datetime, timedelta

    from ioc_core.fmt import TZ

    now = datetime.now(TZ)
    power = {"off": (now - timedelta(hours=1)).strftime("%H:%M"), "on": (now + timedelta(hours=1)).strftime("%H:%M")}
    assert runtime.power.status.screens_on
    config = parse_config({**BASE, "power": power}, "wall.json")
    assert runtime.reconfigure(config) == ""
    assert runtime.controller.power == runtime.power.schedule == config.power
    assert not runtime.power.status.screens_on and runtime.power.status.state == "scheduled-off"
    assert runtime.reconfigure(parse_config(BASE, "wall.json")) == ""  # the schedule taken out: on again
    assert runtime.power.status.screens_on and runtime.controller.power is None
