"""Layouts, presets and commands checked against the catalogues: a view naming a sector, an indicator, a commune,
a map layer, a camera or a camera group the wall does not have fails ``ioc-wall --check``, is refused with 422 by
the API (the problem naming what is unknown and what is known), and on the wall is a card saying what is missing,
never an exception's text nor an empty sector titled with the bad id. The last tests run the real wall."""

from __future__ import annotations

import json
import shutil
import signal
import time
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from ioc_core.catalogue import load_catalogue
from ioc_core.catalogue.cameras import load_cameras
from ioc_core.catalogue.statefiles import INDICATORS_FILE, REGIONS_FILE
from ioc_core.control.controller import Controller
from ioc_core.control.saved_state import StateStore
from ioc_core.layouts import LayoutLibrary
from ioc_core.layouts.model import Region
from ioc_core.layouts.refs import Known, layout_problems, unknowns, view_refusal
from ioc_core.layouts.saved_layouts import LayoutSaveError, LayoutStore
from ioc_core.layouts.validate import parse_layout
from ioc_core.problems import Severity
from ioc_core.setup.geometry import WallGeometry
from wall.widgets import style
from wall.widgets.base import ViewContext
from wall.widgets.placeholder import MissingView
from wall.widgets.registry import create_view

from ..common import SHIPPED_LAYOUTS
from ..pictures import ARTIFACTS, Stage, near, renderer
from ..wallproc import READY, WallApi, WallProcess
from .test_check import check, line, status

CAT = load_catalogue()
CAMS = load_cameras()
KNOWN = Known.of(CAT, CAMS)
SECTORS = ", ".join(CAT.sectors)


def layouts_with_a_bad_one(folder: Path) -> dict:
    """Fills ``folder`` with the shipped layouts and ``sai.json``: the overview whose first three regions name a
    sector, an indicator and a map layer the catalogues lack; returns that layout's document."""
    shutil.copytree(SHIPPED_LAYOUTS, folder)
    doc = json.loads((folder / "tong-quan.json").read_text(encoding="utf-8"))
    doc["id"] = "sai"
    doc["regions"][0]["view"] = {"kind": "sector", "sector": "yte2"}
    doc["regions"][1]["view"] = {"kind": "chart", "indicator": "khong-co"}
    doc["regions"][2]["view"] = {"kind": "map", "layer": "song-ngoi"}
    (folder / "sai.json").write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return doc


def test_each_kind_of_name_is_checked_against_its_catalogue():
    def said(view):
        return [(u.param, u.value, u.severity.value) for u in unknowns(view, KNOWN)]

    assert said({"kind": "sector", "sector": "yte2"}) == [("sector", "yte2", "error")]
    assert said({"kind": "sector", "sector": "yte"}) == []
    assert said({"kind": "chart", "indicator": "khong-co", "region": "99999"}) == [
        ("indicator", "khong-co", "error"), ("region", "99999", "error")]
    assert said({"kind": "chart", "indicator": "mt-aqi", "region": "16681"}) == []  # a real commune code
    assert said({"kind": "map", "layer": "song-ngoi", "sector": "yte"}) == [("layer", "song-ngoi", "error")]
    assert said({"kind": "alerts", "sector": "khong-co"}) == [("sector", "khong-co", "error")]
    assert said({"kind": "camera", "camera": "cam-khong-co"}) == [("camera", "cam-khong-co", "error")]
    assert said({"kind": "camera", "camera": "diem-cau:diem-1"}) == []  # a meeting point: the meeting says
    assert said({"kind": "camera_grid", "group": "nhom-khong-co"}) == [("group", "nhom-khong-co", "error")]
    group = next(iter(CAMS.groups))
    assert said({"kind": "camera_grid", "group": group, "pin": "cam-khac"}) == [("pin", "cam-khac", "warning")]
    assert said({"kind": "web", "url": "https://x.gov.vn/"}) == said({"kind": "clock"}) == said(None) == []
    assert view_refusal({"kind": "sector", "sector": "yte2"}, KNOWN) == f"unknown sector 'yte2' (known: {SECTORS})"
    assert view_refusal({"kind": "sector", "sector": "yte2"}, Known.of(None)) is None  # no catalogue: not checked


def test_a_layout_names_each_region_and_path_with_what_it_lacks():
    doc = json.loads((SHIPPED_LAYOUTS / "tong-quan.json").read_text(encoding="utf-8"))
    doc["regions"][0]["view"] = {"kind": "sector", "sector": "yte2"}
    doc["regions"][1]["view"] = {"kind": "chart", "indicator": "khong-co"}
    layout, _ = parse_layout(doc, "sai.json")
    problems = layout_problems(layout, KNOWN)
    assert [(p.path, p.severity) for p in problems] == [("$.regions[0].view.sector", Severity.ERROR),
                                                        ("$.regions[1].view.indicator", Severity.ERROR)]
    rid = doc["regions"][0]["id"]
    assert str(problems[0]) == f"sai.json: $.regions[0].view.sector: region '{rid}' shows unknown sector 'yte2' " \
                               f"(known: {SECTORS})"
    assert all(layout_problems(lay, KNOWN) == [] for lay in LayoutLibrary.load_dir(SHIPPED_LAYOUTS).layouts.values())


def controller(tmp_path: Path) -> Controller:
    c = Controller(LayoutLibrary.load_dir(SHIPPED_LAYOUTS), WallGeometry(), StateStore(tmp_path / "state.json"),
                   references=lambda: KNOWN)
    c.restore()
    assert c.execute({"command": "apply_layout", "layout": "tong-quan"}).accepted
    return c


def test_commands_giving_an_unknown_name_are_refused_and_change_nothing(tmp_path: Path):
    c = controller(tmp_path)
    region = c.state.layout.regions[0].id
    before = c.state
    result = c.execute({"command": "show_view", "region": region, "view": {"kind": "sector", "sector": "yte2"}})
    assert not result.accepted and result.reason == f"view refused: unknown sector 'yte2' (known: {SECTORS})"
    result = c.execute({"command": "show_view", "region": region, "view": {"kind": "map", "layer": "song"}})
    assert not result.accepted and "unknown layer 'song' (known: all, tourism, environment" in result.reason
    result = c.execute({"command": "rule_show", "rule": "r", "region": region, "priority": 60, "duration_s": 60,
                        "view": {"kind": "chart", "indicator": "khong-co"}})
    assert not result.accepted and "unknown indicator 'khong-co'" in result.reason
    assert c.state == before
    assert c.execute({"command": "show_view", "region": region, "view": {"kind": "sector", "sector": "yte"}}).accepted


def test_a_layout_naming_what_the_wall_lacks_is_applied_whole_with_a_warning(tmp_path: Path):
    folder = tmp_path / "layouts"
    shutil.copytree(SHIPPED_LAYOUTS, folder)
    doc = json.loads((folder / "tong-quan.json").read_text(encoding="utf-8"))
    doc["id"], doc["regions"][0]["view"] = "sai", {"kind": "sector", "sector": "yte2"}
    (folder / "sai.json").write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    c = Controller(LayoutLibrary.load_dir(folder), WallGeometry(), StateStore(tmp_path / "state.json"),
                   references=lambda: KNOWN)
    result = c.execute({"command": "apply_layout", "layout": "sai"})
    assert result.accepted and c.state.layout.id == "sai"
    assert [w for w in result.warnings if "yte2" in w] == [
        f"{folder / 'sai.json'}: $.regions[0].view.sector: region '{doc['regions'][0]['id']}' shows unknown sector "
        f"'yte2' (known: {SECTORS})"]


def test_a_meeting_whose_agenda_names_what_the_wall_lacks_is_refused(tmp_path: Path):
    meeting = json.loads((SHIPPED_LAYOUTS.parent / "meetings" / "giao-ban-thang-11.json").read_text("utf-8"))
    c = controller(tmp_path)
    rid = next(iter(meeting["items"][1]["views"]))
    meeting["items"][1]["views"][rid] = {"kind": "chart", "indicator": "khong-co"}
    result = c.execute({"command": "load_meeting", "meeting": meeting})
    assert not result.accepted and result.reason.startswith(
        f"meeting refused: item 2 ({meeting['items'][1]['title']}): region '{rid}': unknown indicator 'khong-co'")
    meeting["items"][1]["views"][rid] = {"kind": "chart", "indicator": "mt-aqi"}
    assert c.execute({"command": "load_meeting", "meeting": meeting}).accepted


def test_a_preset_naming_what_the_wall_no_longer_has_is_not_recalled(tmp_path: Path):
    c = controller(tmp_path)
    region = c.state.layout.regions[0].id
    assert c.execute({"command": "show_view", "region": region, "view": {"kind": "sector", "sector": "yte"}}).accepted
    assert c.execute({"command": "save_preset", "name": "Sáng thứ hai"}).accepted
    c.references = lambda: Known(sectors=[s for s in CAT.sectors if s != "yte"])  # the sector is gone meanwhile
    result = c.execute({"command": "recall_preset", "name": "Sáng thứ hai"})
    assert not result.accepted
    assert result.reason.startswith(f"preset 'Sáng thứ hai' cannot be shown: region '{region}': unknown sector "
                                    "'yte' (known: ktxh, hcc, vbdt, giaoduc")


def test_a_layout_save_naming_what_the_wall_lacks_is_refused_with_422(tmp_path: Path):
    library = LayoutLibrary.load_dir(SHIPPED_LAYOUTS)
    store = LayoutStore(tmp_path / "layouts", library, SHIPPED_LAYOUTS)
    doc = json.loads((SHIPPED_LAYOUTS / "tong-quan.json").read_text(encoding="utf-8"))
    doc["id"] = "moi"
    doc["regions"][2]["view"] = {"kind": "camera_grid", "group": "nhom-khong-co"}
    with pytest.raises(LayoutSaveError) as refused:
        store.save(doc, None, known=KNOWN)
    err = refused.value
    assert err.kind == "lacking" and "unknown camera group 'nhom-khong-co' (known: " in err.reason
    assert [p["path"] for p in err.to_json()["problems"]] == ["$.regions[2].view.group"]
    assert not (tmp_path / "layouts").exists() or list((tmp_path / "layouts").glob("*.json")) == []
    doc["regions"][2]["view"] = {"kind": "sector", "sector": "ktxh"}
    assert store.save(doc, None, known=KNOWN).layout.id == "moi"


def test_check_fails_a_layout_naming_an_unknown_sector_indicator_or_layer(tmp_path: Path):
    folder = tmp_path / "layouts"
    layouts_with_a_bad_one(folder)
    out = check("--demo", "--layouts-dir", folder)
    assert out.returncode == 1 and status(out.stdout, "sai") == "FAIL", out.stdout
    assert status(out.stdout, "tong-quan") == "OK"
    for path, words in (("$.regions[0].view.sector", f"unknown sector 'yte2' (known: {SECTORS})"),
                        ("$.regions[1].view.indicator", "unknown indicator 'khong-co' (known: ktxh-grdp-tang-truong"),
                        ("$.regions[2].view.layer", "unknown layer 'song-ngoi' (known: all, tourism, environment, "
                                                    "cameras, incidents, safety)")):
        assert f"{folder / 'sai.json'}: {path}: region '" in out.stdout and words in out.stdout, out.stdout
    assert "sai.json: 3 x 3 grid" in line(out.stdout, "sai")


# -- on the wall -------------------------------------------------------------------------------------------------
class _Hub:
    """What the card reads of the data hub: its catalogue (the views' own data is not needed to refuse them)."""

    catalogue = CAT


@pytest.fixture
def stage(qapp):
    s = Stage()
    yield s
    s.close(qapp)


render = renderer("missing")


@pytest.mark.parametrize("view, headline", [
    ({"kind": "sector", "sector": "yte2"}, "Không có lĩnh vực “yte2” trong danh mục"),
    ({"kind": "chart", "indicator": "khong-co"}, "Không có chỉ tiêu “khong-co” trong danh mục"),
    ({"kind": "map", "layer": "song-ngoi"}, "Bản đồ không có lớp “song-ngoi”"),
])
def test_the_wall_shows_a_card_saying_what_is_missing(stage, view, headline):
    item = stage.place(create_view(Region("vung-1", 0, 0, title_vi="Vùng một"), view, ViewContext(hub=_Hub())))
    assert isinstance(item, MissingView)
    texts = item.texts()
    assert texts[0] == headline and texts[1].startswith("Có: ")
    assert not any("Error" in t or "Traceback" in t for t in texts)
    assert item.health() == {"kind": view["kind"], "state": "missing", "why": unknowns(view, Known.of(CAT))[0].message}
    img = render(item, view["kind"])
    assert near(img.pixelColor(3, 540), style.WARNING, 30)  # the card's amber frame, not a calm view
    assert near(img.pixelColor(960, 1000), style.PANEL, 8) or near(img.pixelColor(400, 1000), style.PANEL, 8)
    lit = sum(1 for x in range(40, 1880, 8) for y in range(80, 400, 8)
              if not near(img.pixelColor(x, y), style.PANEL, 25))
    assert lit > 150  # the headline's text is drawn


def test_the_card_speaks_english_when_the_wall_does(stage, qapp):
    from wall import i18n

    translator = i18n.install(qapp, "en")
    try:
        item = stage.place(create_view(Region("r", 0, 0), {"kind": "sector", "sector": "yte2"},
                                       ViewContext(hub=_Hub())))
        assert item.texts()[:2] == ["No sector “yte2” in the catalogue", f"Known: {SECTORS}"]
    finally:
        qapp.removeTranslator(translator)
        i18n.install(qapp, "vi")


# -- the real wall -----------------------------------------------------------------------------------------------
RICE = {"id": "nn-san-luong-lua", "sector": "nong-nghiep", "name": {"vi": "Sản lượng lúa", "en": "Rice output"},
        "unit": "tấn", "calculationFrequency": "monthly", "calculationPeriod": "month", "direction": "higher_better",
        "regionLevel": "province", "source": "drop-nn", "calculationMethod": "manual", "aggregation": "sum"}


@pytest.fixture(scope="module")
def wall(tmp_path_factory):
    """The wall on a state folder adding a sector (nong-nghiep), started on a layout whose first regions name a
    sector, an indicator and a map layer it lacks."""
    root = tmp_path_factory.mktemp("refs-wall")
    state = root / "state"
    (state / "catalogue").mkdir(parents=True)
    (state / "catalogue" / INDICATORS_FILE).write_text(json.dumps({"schema_version": 1, "sectors": [
        {"id": "nong-nghiep", "name": {"vi": "Nông nghiệp", "en": "Agriculture"}}]}), encoding="utf-8")
    layouts = root / "layouts"
    doc = layouts_with_a_bad_one(layouts)
    no_rules = root / "no-rules.json"
    no_rules.write_text('{"schema_version": 1, "rules": []}', encoding="utf-8")
    proc = WallProcess("--demo", "--state-dir", str(state), "--layouts-dir", str(layouts), "--layout", "sai",
                       "--alert-rules", str(no_rules))
    try:
        proc.wait_for(READY, 90)
        api = WallApi(proc, state)
        api.state_dir, api.doc, api.proc = state, doc, proc
        yield api
    finally:
        proc.stop(signal.SIGKILL)


def test_the_real_wall_shows_the_cards_and_reports_them_in_its_health(wall):
    regions = [r["id"] for r in wall.doc["regions"][:3]]
    views = wall.health()["views"]
    assert [views[r]["state"] for r in regions] == ["missing"] * 3, views
    assert views[regions[0]]["why"] == f"unknown sector 'yte2' (known: {SECTORS}, nong-nghiep)"
    r = wall.call("GET", "/screens/0/0/snapshot", "viewer")
    assert r.status_code == 200
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "missing-wall-screen-0-0.png").write_bytes(r.content)
    img = QImage.fromData(r.content)
    assert near(img.pixelColor(3, img.height() // 2), style.WARNING, 40) or near(
        img.pixelColor(4, img.height() // 2), style.WARNING, 40)


def test_the_api_refuses_unknown_names_with_422_naming_what_is_known(wall):
    region = wall.doc["regions"][3]["id"]
    r = wall.command("operator", command="show_view", region=region, view={"kind": "sector", "sector": "yte2"})
    assert r.status_code == 422 and r.json()["reason"] == \
        f"view refused: unknown sector 'yte2' (known: {SECTORS}, nong-nghiep)"
    r = wall.command("operator", command="show_view", region=region, view={"kind": "camera", "camera": "cam-x"})
    assert r.status_code == 422 and "unknown camera 'cam-x' (known: " in r.json()["reason"]
    r = wall.command("operator", command="show_view", region=region,
                     view={"kind": "sector", "sector": "nong-nghiep"})  # the state folder's own sector
    assert r.status_code == 200, r.text
    deadline = time.monotonic() + 15
    while (shown := wall.health()["views"].get(region, {})).get("kind") != "sector":
        assert time.monotonic() < deadline, shown
        time.sleep(0.1)
    assert shown["state"] == "ok", shown  # drawn as a sector view (no figures yet), not a card
    bad = {**wall.doc, "id": "moi"}
    r = wall.call("PUT", "/layouts/moi", "technician", json={"layout": bad, "base_revision": None})
    assert r.status_code == 422
    assert [p["path"] for p in r.json()["problems"]] == ["$.regions[0].view.sector", "$.regions[1].view.indicator",
                                                         "$.regions[2].view.layer"]
    assert not (wall.state_dir / "layouts" / "moi.json").exists()


def test_a_region_and_an_indicator_added_through_the_api(wall):
    r = wall.call("POST", "/catalogue/regions", "technician", json={"code": "99001", "name": "Xã Thử Nghiệm"})
    assert r.status_code == 201, r.text
    doc = wall.call("GET", "/catalogue", "viewer").json()
    assert {"code": "99001", "name": "Xã Thử Nghiệm", "demo": False, "added": True} in doc["regions"]
    stored = json.loads((wall.state_dir / "catalogue" / REGIONS_FILE).read_text(encoding="utf-8"))
    assert stored == {"schema_version": 1, "regions": {"99001": "Xã Thử Nghiệm"}}
    r = wall.call("POST", "/catalogue/regions", "technician", json={"code": "Xa Sai", "name": "Xã Sai"})
    assert r.status_code == 400 and r.json()["problems"][0]["path"] == "code"

    r = wall.call("POST", "/catalogue/indicators", "technician", json={**RICE, "unit": 5})
    assert r.status_code == 400 and r.json()["problems"] == [{"path": "unit", "message": "5 is not of type 'string'"}]
    r = wall.call("POST", "/catalogue/indicators", "technician", json=RICE)
    assert r.status_code == 201, r.text
    assert any("next starts" in w.get("message", str(w)) for w in r.json()["warnings"]), r.json()
    stored = json.loads((wall.state_dir / "catalogue" / INDICATORS_FILE).read_text(encoding="utf-8"))
    assert [i["id"] for i in stored["indicators"]] == ["nn-san-luong-lua"]
    assert stored["sectors"][0]["id"] == "nong-nghiep"  # the technician's own sector kept
    r = wall.call("POST", "/catalogue/indicators", "technician", json={**RICE, "id": "mt-aqi"})
    assert r.status_code == 400 and "is a shipped indicator" in r.text
    assert wall.call("POST", "/catalogue/regions", "operator", json={"code": "99002", "name": "X"}).status_code == 403
    r = wall.call("DELETE", "/catalogue/regions/99001", "technician")
    assert r.status_code == 200, r.text
    deadline = time.monotonic() + 10
    while "99001" in {g["code"] for g in wall.call("GET", "/catalogue", "viewer").json()["regions"]}:
        assert time.monotonic() < deadline
        time.sleep(0.1)


def test_check_passes_what_the_wall_accepted(wall, tmp_path):
    """--check on the same state folder reads the indicator the API added (the folder untouched)."""
    before = {p: p.read_bytes() for p in (wall.state_dir / "catalogue").iterdir()}
    out = check("--demo", "--state-dir", wall.state_dir)
    assert status(out.stdout, "state indicators") == "OK", out.stdout
    stored = json.loads((wall.state_dir / "catalogue" / INDICATORS_FILE).read_text(encoding="utf-8"))
    added = len(stored.get("sectors", [])) + len(stored.get("indicators", []))
    assert f"{added} added, 0 replacing shipped ones" in line(out.stdout, "state indicators")
    assert {p: p.read_bytes() for p in (wall.state_dir / "catalogue").iterdir()} == before


def test_the_layout_editor_shows_the_walls_422_on_the_region(wall, qtbot):
    """The console's editor sends a layout whose region names a sector the wall lacks: the refusal is shown on that
    region and in the problem list, and nothing is saved."""
    from ..consoles import open_console
    from .test_layout_editor import open_editor

    window = open_console(qtbot, wall)
    try:
        editor = open_editor(window, qtbot)
        doc = json.loads(json.dumps(wall.doc))
        doc["id"] = "moi-sai"
        doc["regions"][1]["view"] = doc["regions"][2]["view"] = {"kind": "clock"}
        editor.set_doc(doc)
        editor.save()
        qtbot.waitUntil(lambda: 0 in editor.canvas.marks, timeout=15000)
        assert "yte2" in editor.canvas.marks[0] and 1 not in editor.canvas.marks
        items = [editor.problem_list.item(n) for n in range(editor.problem_list.count())]
        # in the operator's words (the region by its title, what it names in Vietnamese), the JSON path kept for
        # the technician in the tooltip
        assert any("«yte2» không có trong danh mục" in i.text() and "lĩnh vực" in i.text()
                   and "$.regions[0].view.sector" in i.toolTip() and "$" not in i.text() for i in items), \
            [(i.text(), i.toolTip()) for i in items]
        assert not (wall.state_dir / "layouts" / "moi-sai.json").exists()
    finally:
        window.close()
