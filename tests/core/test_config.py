"""Wall configuration, canvas geometry with bezels, and which monitor shows which screens."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ioc_core.problems import InvalidFile
from ioc_core.setup.geometry import Rect, WallGeometry
from ioc_core.setup.outputs import Monitor, plan_outputs
from ioc_core.setup.wall_config import WallConfig, load_config, parse_config

BASE = {"schema_version": 1, "screens": {"rows": 3, "cols": 3, "width_px": 1920, "height_px": 1080}}


def nine_monitors(prefix="WALL") -> list[Monitor]:
    return [Monitor(f"{prefix}{r * 3 + c}", c * 1920, r * 1080, 1920, 1080) for r in range(3) for c in range(3)]


def config(**over) -> WallConfig:
    return parse_config({**BASE, **over}, "wall.json")


def problems_of(doc) -> list[str]:
    with pytest.raises(InvalidFile) as info:
        parse_config(doc, "wall.json")
    return [str(p) for p in info.value.problems]


def test_bezel_millimetres_become_pixels_from_the_panel_size():
    geo = config(bezel_mm={"x": 3.5, "y": 3.5}).geometry()
    assert (geo.gap_x, geo.gap_y) == (6, 6)  # 55-inch panel: 1209.6 x 680.4 mm visible for 1920 x 1080
    assert (geo.canvas_w, geo.canvas_h) == (3 * 1920 + 12, 3 * 1080 + 12)


def test_a_region_across_screens_includes_the_hidden_bezel_pixels():
    geo = WallGeometry(gap_x=6, gap_y=6)
    assert geo.cell_rect(3, 3, 0, 0, 2, 2) == Rect(0, 0, 2 * 1920 + 6, 2 * 1080 + 6)
    assert geo.cell_rect(3, 3, 1, 1) == geo.screen_rect(1, 1) == Rect(1926, 1086, 1920, 1080)
    # a finer grid: half-screen cells, edges on the near side of each bezel
    assert geo.cell_rect(6, 6, 0, 1, 4, 4) == Rect(960, 0, 960 + 6 + 1920 + 6 + 960, 2 * 1080 + 6)
    assert geo.screens_under(geo.cell_rect(6, 6, 0, 1, 4, 4)) == [(0, 0), (0, 1), (0, 2), (1, 0), (1, 1), (1, 2)]


def test_config_errors_name_file_and_path():
    doc = json.loads(json.dumps(BASE))
    doc["screens"]["rows"] = 0
    doc["bezel_mm"] = {"x": "3"}
    assert problems_of(doc) == [
        "wall.json: $.bezel_mm: 'y' is a required property",
        "wall.json: $.bezel_mm.x: '3' is not of type 'number'",
        "wall.json: $.screens.rows: 0 is less than the minimum of 1",
    ]


def test_outputs_that_overlap_or_leave_the_wall_are_refused():
    outs = [{"monitor": "A", "cell": [0, 0], "span": [2, 2]}, {"monitor": "B", "cell": [1, 1]},
            {"monitor": "A", "cell": [2, 2]}, {"monitor": "C", "cell": [2, 2], "span": [1, 2]}]
    assert problems_of({**BASE, "outputs": outs}) == [
        "wall.json: $.outputs[1]: monitor 'B' and outputs[0] both cover screen [1, 1]",
        "wall.json: $.outputs[2].monitor: monitor 'A' is already used by outputs[0]",
        "wall.json: $.outputs[3]: monitor 'C' covers screens outside the 3 x 3 wall",
    ]


def test_malformed_config_file(tmp_path: Path):
    path = tmp_path / "wall.json"
    path.write_text("{", encoding="utf-8")
    with pytest.raises(InvalidFile) as info:
        load_config(path)
    assert str(info.value.problems[0]).startswith(f"{path}: malformed JSON at line 1")


def test_auto_with_nine_monitors_maps_them_by_position():
    shuffled = list(reversed(nine_monitors()))
    plan = plan_outputs(config(), shuffled)
    assert plan.mode == "screens"
    assert {o.screens[0]: o.monitor.name for o in plan.outputs} == {
        (r, c): f"WALL{r * 3 + c}" for r in range(3) for c in range(3)}


def test_auto_keeps_positions_when_a_monitor_drops_out():
    plan = plan_outputs(config(), [m for m in nine_monitors() if m.name != "WALL4"])
    assert plan.mode == "screens"
    assert {o.screens[0]: o.monitor.name for o in plan.outputs} == {
        (r, c): f"WALL{r * 3 + c}" for r in range(3) for c in range(3) if (r, c) != (1, 1)}
    assert [p.message for p in plan.problems] == ["no monitor shows screen [1, 1]"]


def test_auto_ignores_a_console_monitor_beside_the_wall():
    wall = [Monitor(m.name, m.x + 1280, m.y, m.w, m.h) for m in nine_monitors()]
    plan = plan_outputs(config(), [Monitor("CONSOLE", 0, 0, 1280, 1024), *wall])
    assert plan.mode == "screens" and len(plan.outputs) == 9
    assert "CONSOLE" not in {o.monitor.name for o in plan.outputs}


def test_auto_with_one_desktop_covering_the_wall():
    plan = plan_outputs(config(), [Monitor("MOSAIC", 0, 0, 5760, 3240)])
    assert plan.mode == "desktop"
    [out] = plan.outputs
    tiles = out.tiles(config().geometry())
    assert tiles[(2, 1)] == Rect(1920, 2160, 1920, 1080)


def test_auto_with_a_laptop_shows_a_virtual_wall_scaled_with_bezels():
    cfg = config(bezel_mm={"x": 10, "y": 10})
    plan = plan_outputs(cfg, [Monitor("eDP-1", 0, 0, 1920, 1080)])
    assert plan.mode == "virtual"
    tiles = plan.outputs[0].tiles(cfg.geometry())
    assert len(tiles) == 9
    assert tiles[(0, 1)].x > tiles[(0, 0)].right  # a visible gap stands for the bezel
    assert all(t.right <= 1920 and t.bottom <= 1080 for t in tiles.values())


def test_blocks_of_screens_on_several_outputs():
    outs = [{"monitor": "TOP", "cell": [0, 0], "span": [1, 3]}, {"monitor": "MID", "cell": [1, 0], "span": [2, 3]}]
    plan = plan_outputs(config(outputs=outs),
                        [Monitor("TOP", 0, 0, 5760, 1080), Monitor("MID", 0, 1080, 5760, 2160)])
    assert plan.mode == "blocks"
    assert sorted(s for o in plan.outputs for s in o.screens) == [(r, c) for r in range(3) for c in range(3)]


def test_monitors_named_but_absent_are_reported_and_the_rest_still_shown():
    outs = [{"monitor": f"WALL{i}", "cell": [i // 3, i % 3]} for i in range(9)]
    present = [m for m in nine_monitors() if m.name != "WALL4"]
    plan = plan_outputs(config(outputs=outs), present)
    assert len(plan.outputs) == 8
    [problem] = plan.problems
    assert str(problem).startswith("wall.json: $.outputs[4].monitor: monitor 'WALL4' is not connected (connected:")
    assert problem.message.endswith("screen [1, 1] is not shown")


def test_no_configured_monitor_present_falls_back_to_a_virtual_wall():
    outs = [{"monitor": f"HDMI-{i}", "cell": [i // 3, i % 3]} for i in range(9)]
    plan = plan_outputs(config(outputs=outs), nine_monitors()[:1])
    assert plan.mode == "virtual"
    assert plan.outputs[0].monitor.name == "WALL0"
    assert plan.problems[-1].message.startswith("none of the configured monitors is connected")


def test_shipped_example_configurations_are_valid():
    examples = sorted((Path(__file__).resolve().parents[2] / "configs").glob("wall-*.json"))
    assert len(examples) == 3  # the wall configurations (sources.example.json is tested with the sources)
    modes = {load_config(p).outputs if isinstance(load_config(p).outputs, str) else "explicit" for p in examples}
    assert modes == {"auto", "explicit"}
