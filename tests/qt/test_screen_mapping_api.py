"""GET and PUT /api/v1/screens on a real wall process (nine offscreen monitors WALL0..WALL8): a remap is saved to the
configuration file with the previous version kept and moves the monitors at once; roles, stale revisions and invalid
mappings are refused with nothing changed; without --config the mapping is saved in the state folder and read at the
next start."""

from __future__ import annotations

import hashlib
import json
import signal
from pathlib import Path

import pytest

from ..common import SHIPPED_LAYOUTS
from ..pictures import ARTIFACTS
from ..wallproc import NINE_SCREENS, READY, WallApi, WallProcess

MONITORS = [f"WALL{i}" for i in range(9)]
DOC = {
    "schema_version": 1, "name": "Tường thử ánh xạ", "default_layout": "tong-quan",
    "screens": {"rows": 3, "cols": 3, "width_px": 1920, "height_px": 1080, "width_mm": 1209.6, "height_mm": 680.4},
    "bezel_mm": {"x": 3.5, "y": 3.5},
    "outputs": [{"monitor": f"WALL{r * 3 + c}", "cell": [r, c]} for r in range(3) for c in range(3)],
    "web": {"allow": ["*.nghean.gov.vn"]},
}


def start(*args: str) -> WallProcess:
    """A wall on nine 1920x1080 monitors, whatever platform the tests run on (plain offscreen has one)."""
    proc = WallProcess(*args, "--layouts-dir", str(SHIPPED_LAYOUTS), "--layout", "tong-quan",
                       env={"QT_QPA_PLATFORM": NINE_SCREENS})
    proc.wait_for(READY)
    return proc


@pytest.fixture(scope="module")
def wall(tmp_path_factory):
    folder = tmp_path_factory.mktemp("screens")
    config = folder / "wall.json"
    config.write_text(json.dumps(DOC, ensure_ascii=False, indent=2), encoding="utf-8")
    proc = start("--config", str(config), "--state-dir", str(folder / "state"))
    try:
        api = WallApi(proc, folder / "state")
        api.config = config
        yield api
    finally:
        proc.stop(signal.SIGKILL)


def screens(wall) -> dict:
    r = wall.call("GET", "/screens", "viewer")
    assert r.status_code == 200, r.text
    return r.json()


def shown_by(doc: dict) -> dict[tuple[int, int], str]:
    return {tuple(o["cell"]): o["monitor"] for o in doc["plan"]["outputs"]}


def put(wall, role: str = "technician", **body):
    return wall.call("PUT", "/screens", role, json=body, timeout=30)


def swap(outputs: list[dict], a: str, b: str) -> list[dict]:
    names = {a: b, b: a}
    return [{**o, "monitor": names.get(o["monitor"], o["monitor"])} for o in outputs]


def test_the_wall_lists_its_monitors_screens_and_plan(wall):
    doc = screens(wall)
    assert [m["name"] for m in doc["monitors"]] == MONITORS
    assert all((m["w"], m["h"]) == (1920, 1080) and m["width_mm"] > 0 and m["height_mm"] > 0 for m in doc["monitors"])
    assert doc["screens"] == DOC["screens"] and doc["bezel_mm"] == {"x": 3.5, "y": 3.5}
    assert doc["bezel_px"] == {"x": 6, "y": 6}  # 3.5 mm of a 1209.6 mm wide 1920 px panel
    assert doc["plan"]["mode"] == "screens" and doc["plan"]["problems"] == []
    assert shown_by(doc) == {(r, c): f"WALL{r * 3 + c}" for r in range(3) for c in range(3)}
    assert doc["revision"] == hashlib.sha256(wall.config.read_bytes()).hexdigest()[:16]
    assert doc["file"] == wall.config.name and doc["applied"] is True  # a viewer: the name, not where it is kept
    assert wall.call("GET", "/screens", "technician").json()["file"] == str(wall.config)


def identify_card(wall, row: int, col: int) -> bytes:
    r = wall.call("GET", f"/screens/{row}/{col}/snapshot", "viewer", params={"width": 960})
    assert r.status_code == 200 and r.headers["Content-Type"] == "image/png"
    return r.content


def test_a_swap_is_saved_with_the_previous_version_and_moves_the_monitors_at_once(wall):
    before_doc = screens(wall)
    before_bytes = wall.config.read_bytes()
    # the identify card over a blacked-out screen: nothing but the card, so the same mapping draws the same picture
    assert wall.command(command="blackout").status_code == 200
    assert wall.command(command="identify", on=True).status_code == 200
    card_wall0 = identify_card(wall, 0, 0)
    r = put(wall, outputs=swap(before_doc["outputs"], "WALL0", "WALL1"), base_revision=before_doc["revision"])
    assert r.status_code == 200, r.text
    saved = r.json()
    assert saved["saved"] == str(wall.config) and saved["applied"] and saved["not_applied"] == ""
    assert Path(saved["previous"]).read_bytes() == before_bytes  # the previous version, byte for byte
    on_disk = json.loads(wall.config.read_text(encoding="utf-8"))
    assert [(o["monitor"], o["cell"]) for o in on_disk["outputs"][:2]] == [("WALL1", [0, 0]), ("WALL0", [0, 1])]
    assert {k: on_disk[k] for k in ("name", "default_layout", "web")} == {
        k: DOC[k] for k in ("name", "default_layout", "web")}  # every other key kept
    after = screens(wall)
    assert saved["revision"] == after["revision"] != before_doc["revision"]
    assert shown_by(after)[(0, 0)] == "WALL1" and shown_by(after)[(0, 1)] == "WALL0"
    assert after["plan"]["mode"] == "screens" and after["applied"]
    card_wall1 = identify_card(wall, 0, 0)
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "screen-mapping-identify-0-0.png").write_bytes(card_wall1)
    assert card_wall1 != card_wall0  # the card names the monitor that shows the screen now
    r = put(wall, outputs=before_doc["outputs"], base_revision=after["revision"])  # and back
    assert r.status_code == 200, r.text
    assert identify_card(wall, 0, 0) == card_wall0
    audit = [json.loads(line) for line in wall.call("GET", "/audit").text.splitlines()]
    assert audit[-1]["who"] == "technician" and audit[-1]["command"]["command"] == "save_screens"
    assert wall.command(command="identify", on=False).status_code == 200
    assert wall.command(command="unblank").status_code == 200


def test_bezels_change_live(wall):
    doc = screens(wall)
    r = put(wall, bezel_mm={"x": 0, "y": 7}, base_revision=doc["revision"])
    assert r.status_code == 200, r.text
    after = screens(wall)
    assert after["bezel_px"] == {"x": 0, "y": 11} and after["applied"]  # the running wall's gaps are the file's
    assert wall.health()["painted"].keys() == {f"{r},{c}" for r in range(3) for c in range(3)}
    r = put(wall, bezel_mm=doc["bezel_mm"], base_revision=after["revision"])
    assert r.status_code == 200 and screens(wall)["bezel_px"] == {"x": 6, "y": 6}


@pytest.mark.parametrize("role", ["operator", "viewer"])
def test_only_a_technician_may_save(wall, role):
    before = wall.config.read_bytes()
    doc = screens(wall)
    r = put(wall, role, outputs="auto", base_revision=doc["revision"])
    assert r.status_code == 403 and role in r.json()["error"]
    assert wall.config.read_bytes() == before


def test_a_stale_revision_is_refused_with_the_current_one(wall):
    doc = screens(wall)
    before = wall.config.read_bytes()
    r = put(wall, outputs="auto", base_revision="0123456789abcdef")
    assert r.status_code == 409 and r.json()["revision"] == doc["revision"]
    assert "someone else saved" in r.json()["error"]
    assert wall.config.read_bytes() == before and screens(wall) == doc


@pytest.mark.parametrize(("outputs", "path", "words"), [
    ([{"monitor": "WALL0", "cell": [0, 0]}, {"monitor": "WALL1", "cell": [0, 0]}], "$.outputs[1]",
     "both cover screen [0, 0]"),
    ([{"monitor": "WALL0", "cell": [3, 0]}], "$.outputs[0]", "outside the 3 x 3 wall"),
    ([{"monitor": "WALL0"}], "$.outputs[0]", "'cell' is a required property"),
])
def test_an_invalid_mapping_is_refused_with_the_field_named(wall, outputs, path, words):
    doc = screens(wall)
    before = wall.config.read_bytes()
    r = put(wall, outputs=outputs, base_revision=doc["revision"])
    assert r.status_code == 400, r.text
    assert [(p["path"], words in p["message"]) for p in r.json()["problems"]] == [(path, True)]
    assert wall.config.read_bytes() == before and screens(wall) == doc


def test_without_config_the_mapping_is_saved_in_the_state_folder_and_read_at_the_next_start(tmp_path):
    state = tmp_path / "state"
    proc = start("--state-dir", str(state))
    try:
        api = WallApi(proc, state)
        doc = screens(api)
        assert doc["file"] == "wall-config.json" and doc["file_exists"] is False
        assert doc["outputs"] == "auto" and doc["plan"]["mode"] == "screens"
        outputs = [{"monitor": o["monitor"], "cell": o["cell"]} for o in doc["plan"]["outputs"]]
        r = put(api, outputs=swap(outputs, "WALL4", "WALL8"), base_revision=doc["revision"])
        assert r.status_code == 200 and r.json()["previous"] is None, r.text
        assert shown_by(screens(api))[(1, 1)] == "WALL8"
    finally:
        proc.stop()
    proc = start("--state-dir", str(state))
    try:
        assert "saved by the screen mapping" in proc.log
        again = screens(WallApi(proc, state))
        assert again["file_exists"] and isinstance(again["outputs"], list)
        assert shown_by(again)[(1, 1)] == "WALL8" and shown_by(again)[(2, 2)] == "WALL4"
    finally:
        proc.stop(signal.SIGKILL)
