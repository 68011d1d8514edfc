"""Layout files: the shipped ones load, every kind of mistake gets a message naming file, path and problem."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ioc_core.layouts import SCHEMA_VERSION, LayoutLibrary, parse_layout
from ioc_core.layouts.validate import bezel_warnings
from ioc_core.problems import InvalidFile, Severity
from ioc_core.setup.geometry import WallGeometry

from ..common import SHIPPED_LAYOUTS


def layout(**over) -> dict:
    doc = {
        "schema_version": SCHEMA_VERSION, "id": "thu", "title": {"vi": "Thử"}, "grid": {"rows": 3, "cols": 3},
        "regions": [
            {"id": "a", "cell": [0, 0], "span": [2, 2], "view": {"kind": "map"}},
            {"id": "b", "cell": [0, 2], "view": {"kind": "sector", "sector": "ktxh"}},
        ],
    }
    doc.update(over)
    return doc


def only_problem(doc, file="thu.json") -> str:
    with pytest.raises(InvalidFile) as info:
        parse_layout(doc, file)
    assert len(info.value.problems) == 1, info.value.problems
    return str(info.value.problems[0])


def test_shipped_layouts_all_load_without_problems():
    lib = LayoutLibrary.load_dir(SHIPPED_LAYOUTS)
    assert sorted(lib.ids()) == ["camera", "hop", "khan-cap", "tap-trung-hcc", "tong-quan", "van-hanh"]
    assert [str(p) for p in lib.problems] == []


def test_shipped_overview_has_one_sector_per_screen():
    lay = LayoutLibrary.load_dir(SHIPPED_LAYOUTS).get("tong-quan")
    assert (lay.grid_rows, lay.grid_cols) == (3, 3)
    assert sorted((r.row, r.col) for r in lay.regions) == [(r, c) for r in range(3) for c in range(3)]
    assert {r.view["kind"] for r in lay.regions} == {"sector"}
    assert len({r.view["sector"] for r in lay.regions}) == 9


def test_shipped_meeting_layout_has_a_centre_region_of_two_by_two_screens():
    lay = LayoutLibrary.load_dir(SHIPPED_LAYOUTS).get("hop")
    geo = WallGeometry()
    centre = max(lay.regions, key=lambda r: r.rows * r.cols)
    rect = geo.cell_rect(lay.grid_rows, lay.grid_cols, centre.row, centre.col, centre.rows, centre.cols)
    assert (rect.w, rect.h) == (2 * 1920, 2 * 1080)
    assert len(lay.regions) >= 5


def test_shipped_layouts_keep_text_off_the_bezels():
    lib = LayoutLibrary.load_dir(SHIPPED_LAYOUTS)
    geo = WallGeometry(gap_x=6, gap_y=6)
    assert [str(p) for lay in lib.layouts.values() for p in bezel_warnings(lay, geo)] == []


def test_malformed_json_names_line_and_column(tmp_path: Path):
    bad = tmp_path / "hong.json"
    bad.write_text('{"schema_version": 2,\n "id": "x",,}', encoding="utf-8")
    lib = LayoutLibrary.load_dir(tmp_path)
    assert lib.layouts == {}
    [problem] = lib.problems
    assert str(problem).startswith(f"{bad}: malformed JSON at line 2, column 12: Expecting property name")


def test_missing_field():
    doc = layout()
    del doc["grid"]
    assert only_problem(doc) == "thu.json: $: 'grid' is a required property"


def test_missing_region_field():
    doc = layout()
    del doc["regions"][1]["cell"]
    assert only_problem(doc) == "thu.json: $.regions[1]: 'cell' is a required property"


def test_wrong_type():
    doc = layout()
    doc["grid"]["rows"] = "ba"
    assert only_problem(doc) == "thu.json: $.grid.rows: 'ba' is not of type 'integer'"


def test_unknown_field_is_a_typo_not_ignored():
    doc = layout()
    doc["regions"][0]["spna"] = [1, 1]
    assert only_problem(doc) == (
        "thu.json: $.regions[0]: Additional properties are not allowed ('spna' was unexpected)")


def test_unknown_view_kind():
    doc = layout()
    doc["regions"][1]["view"] = {"kind": "radar"}
    msg = only_problem(doc)
    assert msg.startswith("thu.json: $.regions[1].view.kind: unknown view kind 'radar' (known: alerts, camera,")


def test_view_missing_its_parameter():
    doc = layout()
    doc["regions"][1]["view"] = {"kind": "camera"}
    assert only_problem(doc) == "thu.json: $.regions[1].view: 'camera' is a required property"


def test_duplicate_region_id():
    doc = layout()
    doc["regions"][1]["id"] = "a"
    assert only_problem(doc) == "thu.json: $.regions[1].id: duplicate region id 'a' (already used by regions[0])"


def test_overlapping_regions():
    doc = layout()
    doc["regions"].append({"id": "c", "cell": [1, 1], "span": [2, 2], "view": None})
    assert only_problem(doc) == "thu.json: $.regions[2]: region 'c' overlaps region 'a' at cell [1, 1]"


def test_region_off_the_grid():
    doc = layout()
    doc["regions"][1]["span"] = [1, 2]
    assert only_problem(doc) == (
        "thu.json: $.regions[1].span: region 'b' leaves the grid: it covers rows 0..0 and columns 2..3, "
        "but the grid has rows 0..2 and columns 0..2")


def test_region_starting_off_the_grid_points_at_cell():
    doc = layout()
    doc["regions"][1]["cell"] = [5, 0]
    assert "$.regions[1].cell: region 'b' leaves the grid" in only_problem(doc)


def test_several_errors_are_all_reported():
    doc = layout()
    doc["regions"][1]["id"] = "a"
    doc["regions"].append({"id": "z", "cell": [2, 2], "view": {"kind": "radar"}})
    with pytest.raises(InvalidFile) as info:
        parse_layout(doc, "thu.json")
    assert len(info.value.problems) == 2


def test_uncovered_cells_are_a_warning_not_an_error():
    lay, warnings = parse_layout(layout(), "thu.json")
    assert lay.id == "thu"
    assert [(w.severity, w.message) for w in warnings] == [
        (Severity.WARNING, "4 of 9 grid cells belong to no region and stay black")]


def test_version_1_is_migrated_forward():
    v1 = {"schema_version": 1, "id": "cu", "name": "Bố cục cũ", "grid": {"rows": 1, "cols": 1},
          "regions": [{"id": "a", "name": "Vùng A", "cell": [0, 0], "view": {"kind": "clock"}}]}
    lay, _ = parse_layout(v1, "cu.json")
    assert lay.title_vi == "Bố cục cũ"
    assert lay.regions[0].title_vi == "Vùng A"
    assert v1["schema_version"] == 1 and "name" in v1  # the caller's document is untouched


def test_newer_schema_version_is_refused_with_advice():
    assert only_problem(layout(schema_version=SCHEMA_VERSION + 1)) == (
        f"thu.json: $.schema_version: schema_version {SCHEMA_VERSION + 1} is newer than this wall understands "
        f"({SCHEMA_VERSION}); update IOC Wall")


def test_not_an_object():
    assert only_problem([1, 2]) == "thu.json: $: a layout must be a JSON object, not an array"


def test_a_bad_file_never_stops_the_others(layouts_dir: Path):
    (layouts_dir / "aaa-hong.json").write_text("{ not json", encoding="utf-8")
    (layouts_dir / "bbb-chong.json").write_text(json.dumps(layout(regions=[
        {"id": "a", "cell": [0, 0], "span": [2, 2], "view": None},
        {"id": "b", "cell": [1, 1], "view": None}])), encoding="utf-8")
    lib = LayoutLibrary.load_dir(layouts_dir)
    assert len(lib.ids()) == 6
    assert sorted(Path(p.file).name for p in lib.problems) == ["aaa-hong.json", "bbb-chong.json"]


def test_duplicate_layout_id_across_files_keeps_the_first(layouts_dir: Path):
    copy = json.loads((layouts_dir / "hop.json").read_text(encoding="utf-8"))
    (layouts_dir / "zz-hop-copy.json").write_text(json.dumps(copy), encoding="utf-8")
    lib = LayoutLibrary.load_dir(layouts_dir)
    assert lib.get("hop").source.endswith("/hop.json")
    [problem] = lib.problems
    assert problem.message.startswith("duplicate layout id 'hop' (already defined in")


def test_bezel_warning_for_figures_across_screens():
    doc = layout()
    doc["regions"][0]["view"] = {"kind": "sector", "sector": "yte"}
    lay, _ = parse_layout(doc, "thu.json")
    [warning] = bezel_warnings(lay, WallGeometry())
    assert warning.severity is Severity.WARNING
    assert warning.path == "$.regions[0]"
    assert "across 4 screens" in warning.message


def test_views_are_described_for_people_main_parameter_first():
    from ioc_core.layouts.views import describe

    assert describe({"kind": "camera_grid", "group": "lu-lut", "rows": 2, "cols": 2, "dwell_s": 15}) == (
        "Lưới camera: lu-lut (cols=2, dwell_s=15, rows=2)")
    assert describe({"kind": "map", "layer": "su-co"}) == "Bản đồ: layer=su-co"
    assert describe({"kind": "sector", "sector": "ktxh"}, "en") == "Sector: ktxh"
    assert describe(None) == "(trống)"
