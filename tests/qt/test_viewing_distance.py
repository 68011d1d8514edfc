"""The room's viewing distance set by a technician where the screens are mapped (PUT /screens'
``viewing_distance_m``, saved as ``room.viewing_distance_m`` in the wall configuration): the file, GET /screens and
``--check``'s warnings follow it on a real wall process, and the running wall reads its views from it at once."""

from __future__ import annotations

import json
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from ioc_core.setup.wall_config_edits import InvalidChange, merge, parse_change

from ..common import SHIPPED_LAYOUTS
from ..pictures import ARTIFACTS
from ..wallproc import NINE_SCREENS, READY, WallApi, WallProcess
from .test_screen_mapping_api import screens

ROOT = Path(__file__).resolve().parents[2]
DOC = {
    "schema_version": 1, "name": "Tường thử khoảng cách xem", "default_layout": "hcc-nho",
    "screens": {"rows": 3, "cols": 3, "width_px": 1920, "height_px": 1080, "width_mm": 1209.6, "height_mm": 680.4},
    "bezel_mm": {"x": 3.5, "y": 3.5},
    "outputs": [{"monitor": f"WALL{r * 3 + c}", "cell": [r, c]} for r in range(3) for c in range(3)],
    "web": {"allow": ["*.nghean.gov.vn"]},
}
# a sector view in a quarter of one screen (960 x 540): enough read from 3 or 5 m, too small from 8 m, where the
# sector's name and one tile need 7 x 6.5 lines of 113 px (ioc_core/views/legibility.py)
SMALL_SECTOR = {
    "schema_version": 2, "id": "hcc-nho", "title": {"vi": "Hành chính công (nhỏ)", "en": "Public services (small)"},
    "grid": {"rows": 6, "cols": 6},
    "regions": [
        {"id": "hcc", "title": {"vi": "Hành chính công", "en": "Public administrative services"},
         "cell": [0, 0], "span": [1, 1], "view": {"kind": "sector", "sector": "hcc"}},
        {"id": "dong-ho", "title": {"vi": "Đồng hồ", "en": "Clock"},
         "cell": [1, 0], "span": [5, 6], "view": {"kind": "clock"}},
        {"id": "ban-do", "title": {"vi": "Bản đồ", "en": "Map"},
         "cell": [0, 1], "span": [1, 5], "view": {"kind": "clock"}},
    ],
}


# -- the change itself, without a wall ------------------------------------------------------------------------
def test_a_distance_is_saved_in_the_rooms_section_and_nothing_else_moves():
    change, base = parse_change({"viewing_distance_m": 8, "base_revision": "r1"})
    assert change == {"viewing_distance_m": 8} and base == "r1"
    out = merge(DOC, change)
    assert out["room"] == {"viewing_distance_m": 8}
    assert {k: v for k, v in out.items() if k != "room"} == DOC
    assert merge({**DOC, "room": {"viewing_distance_m": 5}}, {"viewing_distance_m": 3})["room"] == {
        "viewing_distance_m": 3}
    with pytest.raises(InvalidChange) as err:
        parse_change({"viewing_distance": 8, "base_revision": "r1"})
    assert "$.viewing_distance" in [p.path for p in err.value.problems]


# -- on a real wall ---------------------------------------------------------------------------------------------
def check(config: Path, layouts: Path) -> str:
    """``ioc-wall --check`` of the file the wall saved, as a technician runs it: its report."""
    import os

    clean = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    done = subprocess.run([sys.executable, "-m", "wall", "--check", "--config", str(config), "--layouts-dir",
                           str(layouts)], cwd=ROOT, env={**clean, "PYTHONIOENCODING": "utf-8"},
                          capture_output=True, text=True, encoding="utf-8", timeout=120)
    return done.stdout + done.stderr


@pytest.fixture(scope="module")
def wall(tmp_path_factory):
    folder = tmp_path_factory.mktemp("room")
    layouts = folder / "layouts"
    shutil.copytree(SHIPPED_LAYOUTS, layouts)
    (layouts / "hcc-nho.json").write_text(json.dumps(SMALL_SECTOR, ensure_ascii=False), encoding="utf-8")
    config = folder / "wall.json"
    config.write_text(json.dumps(DOC, ensure_ascii=False, indent=2), encoding="utf-8")
    proc = WallProcess("--config", str(config), "--layouts-dir", str(layouts), "--layout", "hcc-nho",
                       "--state-dir", str(folder / "state"), env={"QT_QPA_PLATFORM": NINE_SCREENS})
    try:
        proc.wait_for(READY)
        api = WallApi(proc, folder / "state")
        api.config, api.layouts, api.proc = config, layouts, proc
        yield api
    finally:
        proc.stop(signal.SIGKILL)


def set_distance(wall, metres) -> dict:
    """PUT /screens with only the distance, from the revision the wall has now; the wall's answer."""
    r = wall.call("PUT", "/screens", "technician", json={"viewing_distance_m": metres,
                                                         "base_revision": screens(wall)["revision"]}, timeout=30)
    assert r.status_code == 200, r.text
    return r.json()


def identify_card(wall) -> bytes:
    r = wall.call("GET", "/screens/0/0/snapshot", "viewer", params={"width": 960})
    assert r.status_code == 200
    return r.content


def too_small(report: str) -> list[str]:
    return [ln.strip() for ln in report.splitlines() if "region 'hcc' is too small for sector" in ln]


def test_the_wall_starts_read_from_five_metres(wall):
    room = screens(wall)["room"]
    assert room["viewing_distance_m"] == 5 and room["arc_minutes"] == 16
    assert round(room["cap_px"]) == 37 and room["font_px"] == 52  # 16 arc-minutes at 5 m on 0.63 mm pixels


def test_three_then_eight_metres_are_saved_shown_and_checked(wall):
    assert wall.command(command="identify", on=True).status_code == 200
    try:
        before = wall.config.read_bytes()
        answer = set_distance(wall, 3)
        assert answer["applied"] and answer["not_applied"] == "" and Path(answer["previous"]).read_bytes() == before
        saved = json.loads(wall.config.read_text(encoding="utf-8"))
        assert saved["room"] == {"viewing_distance_m": 3}
        assert {k: v for k, v in saved.items() if k != "room"} == DOC  # every other key as it was
        wall.proc.wait_for("the wall is now read from 3 m")
        room = screens(wall)["room"]
        assert room["viewing_distance_m"] == 3 and round(room["cap_px"], 1) == 22.2 and room["font_px"] == 32
        assert screens(wall)["applied"]
        assert too_small(check(wall.config, wall.layouts)) == []  # a quarter screen is enough from 3 m
        card_3m = identify_card(wall)

        answer = set_distance(wall, 8)
        assert answer["applied"], answer
        assert json.loads(wall.config.read_text(encoding="utf-8"))["room"] == {"viewing_distance_m": 8}
        wall.proc.wait_for("the wall is now read from 8 m")
        room = screens(wall)["room"]
        assert room["viewing_distance_m"] == 8 and round(room["cap_px"]) == 59 and room["font_px"] == 83
        warned = too_small(check(wall.config, wall.layouts))
        assert len(warned) == 1 and "read from 8 m" in warned[0], warned
        card_8m = identify_card(wall)
        ARTIFACTS.mkdir(exist_ok=True)
        (ARTIFACTS / "viewing-distance-identify-8m.png").write_bytes(card_8m)
        assert card_8m != card_3m  # the card lists the room's warning now
    finally:
        assert wall.command(command="identify", on=False).status_code == 200


@pytest.mark.parametrize(("metres", "words"), [(0.2, "less than the minimum"), (120, "greater than the maximum"),
                                               ("5 m", "is not of type")])
def test_a_distance_out_of_range_is_refused_with_its_field_named(wall, metres, words):
    doc = screens(wall)
    before = wall.config.read_bytes()
    r = wall.call("PUT", "/screens", "technician", json={"viewing_distance_m": metres,
                                                         "base_revision": doc["revision"]}, timeout=30)
    assert r.status_code == 400, r.text
    assert [(p["path"], words in p["message"]) for p in r.json()["problems"]] == [("$.viewing_distance_m", True)]
    assert wall.config.read_bytes() == before and screens(wall) == doc
