"""The technicians' catalogue in the wall's state folder: indicators (and a province's own sector), communes and
wards, map stations, merged over the shipped files as the wall does at start; each problem names the file, the JSON
path and what is wrong; an upgrade of the shipped files keeps them; ``ioc-wall --check --state-dir`` reads them and
writes nothing; the shipped regions are Nghệ An's real units."""

from __future__ import annotations

import json
import shutil
import signal
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from ioc_core.catalogue import DEFAULT_FILE, load_catalogue
from ioc_core.catalogue.mapdata import load_outline
from ioc_core.catalogue.regions import region_names
from ioc_core.catalogue.statefiles import (
    INDICATORS_FILE,
    MARKERS_FILE,
    REGIONS_FILE,
    load_state_catalogue,
    load_state_markers,
)

from ..consoles import catalogue_dialog
from .test_check import check, line, status

SHIPPED = load_catalogue()
SECTOR = {"id": "nong-nghiep", "name": {"vi": "Nông nghiệp", "en": "Agriculture"}}
RICE = {"id": "nn-san-luong-lua", "sector": "nong-nghiep", "name": {"vi": "Sản lượng lúa", "en": "Rice output"},
        "unit": "tấn", "calculationFrequency": "monthly", "calculationPeriod": "month", "direction": "higher_better",
        "regionLevel": "commune", "source": "drop-nn", "calculationMethod": "manual", "aggregation": "sum"}
AQI = {"id": "mt-aqi", "sector": "moitruong", "name": {"vi": "Chỉ số AQI", "en": "AQI"}, "unit": "AQI",
       "calculationFrequency": "hourly", "calculationPeriod": "instant", "direction": "lower_better",
       "regionLevel": "commune", "source": "quan-trac", "aggregation": "max",
       "thresholds": {"warning": 100, "critical": 150}}
STATION = {"id": "tram-do-luong", "kind": "station", "name": {"vi": "Trạm quan trắc Đô Lương", "en": "Do Luong"},
           "lon": 105.3, "lat": 18.9, "indicator": "nn-san-luong-lua", "region": "99001"}
BOUNDS = load_outline().bounds()


def write(folder: Path, name: str, doc) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(json.dumps(doc, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


def snapshot(folder: Path) -> dict:
    return {p: (p.read_bytes() if p.is_file() else None, p.stat().st_mtime_ns) for p in folder.rglob("*")}


def test_the_shipped_regions_are_the_130_units_of_nghe_an_and_the_demo_codes_stay_named():
    doc = json.loads((DEFAULT_FILE.parent / "regions.json").read_text(encoding="utf-8"))
    real = doc["regions"]
    assert len(real) == 130 and all(len(c) == 5 and c.isdigit() for c in real)
    assert sum(n.startswith("Xã ") for n in real.values()) == 119
    assert sum(n.startswith("Phường ") for n in real.values()) == 11
    assert real["16681"] == "Phường Thành Vinh" and real["17935"] == "Xã Nam Đàn"
    names = region_names()
    assert names["xa-001"] == "Phường Trường Vinh" == real["16690"]  # the demo code stands for a real unit
    assert {names[f"xa-{n:03d}"] for n in range(1, 131)} == set(real.values())  # each demo code, a different one
    assert "vietnamadminunits" in (DEFAULT_FILE.parent / "NOTICE.md").read_text(encoding="utf-8")


def test_valid_state_files_add_a_sector_indicators_regions_and_a_station(tmp_path: Path):
    folder = tmp_path / "catalogue"
    write(folder, INDICATORS_FILE, {"schema_version": 1, "sectors": [SECTOR],
                                    "indicators": [RICE, {**AQI, "replace": True}]})
    write(folder, REGIONS_FILE, {"schema_version": 1, "regions": {"99001": "Xã Thử Nghiệm",
                                                                  "16681": "Phường Thành Vinh (mới)"}})
    write(folder, MARKERS_FILE, {"schema_version": 1, "markers": [STATION]})
    state = load_state_catalogue(folder)
    cat = state.catalogue
    assert state.problems == []
    assert cat.sectors["nong-nghiep"].name_vi == "Nông nghiệp" and cat.indicators["nn-san-luong-lua"].unit == "tấn"
    assert cat.indicators["mt-aqi"].warning == 100 and SHIPPED.indicators["mt-aqi"].warning == 101  # replaced
    assert len(cat.indicators) == len(SHIPPED.indicators) + 1
    assert cat.regions["99001"] == "Xã Thử Nghiệm" and cat.regions["16681"] == "Phường Thành Vinh (mới)"
    assert cat.regions["17935"] == "Xã Nam Đàn"  # the shipped ones kept
    assert (state.merged[INDICATORS_FILE].added, state.merged[INDICATORS_FILE].replaced) == (
        ["nong-nghiep", "nn-san-luong-lua"], ["mt-aqi"])
    markers, merged = load_state_markers(folder, cat, bounds=BOUNDS)
    station = next(m for m in markers if m.id == "tram-do-luong")
    assert (station.sector, station.region, merged.added, merged.problems) == (
        "nong-nghiep", "99001", ["tram-do-luong"], [])


def test_invalid_entries_are_named_with_file_path_and_problem_and_the_others_used(tmp_path: Path):
    folder = tmp_path / "catalogue"
    ind = write(folder, INDICATORS_FILE, {"schema_version": 1, "indicators": [
        RICE,  # its sector is not declared: no nong-nghiep here
        AQI,  # a shipped id without "replace"
        {**RICE, "id": "nn-dien-tich", "sector": "moitruong", "unit": 5},
        {**RICE, "id": "nn-thoi-tiet", "sector": "moitruong", "thresholds": {"warning": 1, "critical": 2}},
        {**RICE, "id": "nn-tot", "sector": "moitruong"}]})
    reg = write(folder, REGIONS_FILE, {"schema_version": 1, "regions": {"99001": "", "Xa Sai": "Xã Sai",
                                                                        "99002": "Xã Hai"}})
    mk = write(folder, MARKERS_FILE, {"schema_version": 1, "markers": [
        {**STATION, "indicator": "khong-co", "region": "99002"}, {**STATION, "id": "tram-2", "region": "88888",
                                                                  "indicator": "nn-tot"},
        {**STATION, "id": "kim-lien"}, {**STATION, "id": "tram-3", "indicator": "nn-tot", "region": "99002"}]})
    state = load_state_catalogue(folder)
    said = [str(p) for p in state.problems]
    assert said == [
        f"{ind}: $.indicators[0].sector: unknown sector 'nong-nghiep' (known: ktxh, hcc, vbdt, yte, giaoduc, pakn, "
        "dulich, attt, antt, moitruong) (left out)",
        f"{ind}: $.indicators[1].id: 'mt-aqi' is a shipped indicator: give \"replace\": true to stand in for it "
        "(left out)",
        f"{ind}: $.indicators[2].unit: 5 is not of type 'string' (left out)",
        f"{ind}: $.indicators[3].thresholds: higher is better, so critical (2) must be below warning (1) "
        "(left out)",
        f"{reg}: $.regions.99001: the name of '99001' must be its Vietnamese name (text, 1 to 80 characters) "
        "(left out)",
        f"{reg}: $.regions.Xa Sai: 'Xa Sai' is not a unit code (lower-case letters, digits, '-' and '_', at most "
        "64) (left out)"], said
    cat = state.catalogue
    assert "nn-tot" in cat.indicators and "nn-san-luong-lua" not in cat.indicators  # the others are used
    assert cat.indicators["mt-aqi"] == SHIPPED.indicators["mt-aqi"] and cat.regions["99002"] == "Xã Hai"
    markers, merged = load_state_markers(folder, cat, bounds=BOUNDS)
    assert [str(p) for p in merged.problems] == [
        f"{mk}: $.markers[0].indicator: unknown indicator 'khong-co' (left out)",
        f"{mk}: $.markers[1].region: unknown region '88888' (not among the 261 communes and wards of the regions "
        "files) (left out)",
        f"{mk}: $.markers[2].id: 'kim-lien' is a shipped marker: give \"replace\": true to stand in for it "
        "(left out)"]
    assert [m.id for m in markers if m.id.startswith("tram")] == ["tram-3"]


@pytest.mark.parametrize("content, said", [
    (b"{ not json", "malformed JSON at line 1, column 3"),
    (json.dumps({"schema_version": 2, "indicators": []}).encode(), "$.schema_version: expected schema_version 1"),
    (json.dumps({"schema_version": 1, "indicator": [RICE]}).encode(), "$.indicator: unknown key 'indicator'"),
    (json.dumps({"schema_version": 1, "indicators": {"a": 1}}).encode(), "$.indicators: 'indicators' must be a list"),
])
def test_a_file_that_is_no_catalogue_is_not_used_and_the_wall_runs_on_the_shipped_one(tmp_path, content, said):
    folder = tmp_path / "catalogue"
    folder.mkdir()
    (folder / INDICATORS_FILE).write_bytes(content)
    state = load_state_catalogue(folder)
    assert len(state.problems) >= 1 and said in str(state.problems[0])
    assert str(folder / INDICATORS_FILE) in str(state.problems[0])
    assert state.catalogue.indicators == SHIPPED.indicators
    assert (folder / INDICATORS_FILE).read_bytes() == content  # never set aside or rewritten: the technician fixes it


def test_the_additions_survive_an_upgrade_of_the_shipped_files(tmp_path: Path):
    """A re-install replaces the package's data files; the state folder is not the package's: what a technician
    added is merged over the new shipped catalogue as over the old one."""
    package = tmp_path / "site-packages" / "wall" / "catalogue" / "data"
    package.mkdir(parents=True)
    shutil.copy(DEFAULT_FILE, package / "indicators.json")
    folder = write(tmp_path / "state" / "catalogue", INDICATORS_FILE,
                   {"schema_version": 1, "sectors": [SECTOR], "indicators": [RICE]}).parent
    before = load_state_catalogue(folder, shipped=package / "indicators.json").catalogue
    assert "nn-san-luong-lua" in before.indicators

    upgraded = json.loads(DEFAULT_FILE.read_text(encoding="utf-8"))  # the next version ships one indicator more
    upgraded["indicators"].append({**RICE, "id": "ktxh-moi", "sector": "ktxh", "regionLevel": "province"})
    shutil.rmtree(package)
    package.mkdir(parents=True)
    (package / "indicators.json").write_text(json.dumps(upgraded, ensure_ascii=False), encoding="utf-8")
    after = load_state_catalogue(folder, shipped=package / "indicators.json")
    assert after.problems == []
    assert {"nn-san-luong-lua", "ktxh-moi"} <= set(after.catalogue.indicators)
    assert after.catalogue.sectors["nong-nghiep"].name_vi == "Nông nghiệp"

    upgraded["indicators"].append({**RICE, "sector": "ktxh"})  # the upgrade now ships the technician's id itself
    (package / "indicators.json").write_text(json.dumps(upgraded, ensure_ascii=False), encoding="utf-8")
    clash = load_state_catalogue(folder, shipped=package / "indicators.json")
    assert [p.path for p in clash.problems] == ["$.indicators[0].id"]
    assert "'nn-san-luong-lua' is a shipped indicator: give \"replace\": true" in clash.problems[0].message


def test_check_reads_the_state_catalogue_and_writes_nothing(tmp_path: Path):
    state = tmp_path / "state"
    folder = state / "catalogue"
    write(folder, INDICATORS_FILE, {"schema_version": 1, "sectors": [SECTOR], "indicators": [
        RICE, {**RICE, "id": "nn-sai", "sector": "khong-co"}]})
    write(folder, REGIONS_FILE, {"schema_version": 1, "regions": {"99001": "Xã Thử Nghiệm"}})
    write(folder, MARKERS_FILE, {"schema_version": 1, "markers": [STATION, {**STATION, "id": "tram-x",
                                                                            "region": "khong-co"}]})
    (state / "layouts").mkdir()
    layout = json.loads((Path(__file__).resolve().parents[2] / "layouts" / "tong-quan.json").read_text("utf-8"))
    layout["id"] = "nong-nghiep"
    layout["regions"][0]["view"] = {"kind": "sector", "sector": "nong-nghiep"}  # the state folder's sector
    layout["regions"][1]["view"] = {"kind": "chart", "indicator": "nn-san-luong-lua", "region": "99001"}
    (state / "layouts" / "nong-nghiep.json").write_text(json.dumps(layout, ensure_ascii=False), encoding="utf-8")
    before = snapshot(state)

    out = check("--demo", "--state-dir", state)
    report = out.stdout
    assert out.returncode == 1 and out.stderr == "", report
    assert status(report, "nong-nghiep") == "OK", report  # a layout may use what the state folder adds
    assert status(report, "state indicators") == "FAIL"
    assert f"{folder / INDICATORS_FILE}: 2 added, 0 replacing shipped ones" in line(report, "state indicators")
    assert f"{folder / INDICATORS_FILE}: $.indicators[1].sector: unknown sector 'khong-co'" in report
    assert status(report, "state regions") == "OK"
    assert f"{folder / REGIONS_FILE}: 1 added, 0 renamed" in line(report, "state regions")
    assert status(report, "map markers") == "FAIL"
    assert f"{folder / MARKERS_FILE}: $.markers[1].region: unknown region 'khong-co'" in report
    assert snapshot(state) == before  # nothing written, nothing set aside


# -- the console's forms against a real wall ---------------------------------------------------------------------
@pytest.fixture(scope="module")
def wall(tmp_path_factory, qapp):
    from ..common import SHIPPED_LAYOUTS
    from ..wallproc import READY, WallApi, WallProcess

    folder = tmp_path_factory.mktemp("state-catalogue-console")
    write(folder / "state" / "catalogue", INDICATORS_FILE, {"schema_version": 1, "sectors": [SECTOR]})
    proc = WallProcess("--demo", "--state-dir", str(folder / "state"), "--layouts-dir", str(SHIPPED_LAYOUTS),
                       "--layout", "tong-quan")
    try:
        proc.wait_for(READY, 90)
        api = WallApi(proc, folder / "state")
        api.folder = folder / "state" / "catalogue"
        yield api
    finally:
        proc.stop(signal.SIGKILL)


dialog = catalogue_dialog  # the console's catalogue dialog open on this module's wall


def test_the_console_adds_a_region_shown_at_once_and_takes_it_back(dialog, wall, qtbot):
    from .test_catalogue_edit_console import shown_error, type_into

    tab = dialog.region_tab
    assert tab.editable(dialog.doc) and tab.entries.count() == 260  # the 130 units and the demo's codes
    type_into(tab, "code", "Xa Moi")
    type_into(tab, "name", "Xã Mới")
    assert "chữ thường không dấu" in shown_error(tab, "code") and not tab.save_button.isEnabled()
    type_into(tab, "code", "99001")
    assert shown_error(tab, "code") == "" and tab.save_button.isEnabled()
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Đã lưu trên tường: 99001" in tab.message.text(), timeout=15000)
    assert json.loads((wall.folder / REGIONS_FILE).read_text("utf-8"))["regions"] == {"99001": "Xã Mới"}
    row = next(tab.entries.item(n) for n in range(tab.entries.count())
               if tab.entries.item(n).data(Qt.ItemDataRole.UserRole) == "99001")
    assert "Xã Mới" in row.text() and "(kỹ thuật viên thêm)" in row.text()
    tab.entries.setCurrentItem(row)
    assert tab.remove_button.isEnabled()
    qtbot.mouseClick(tab.remove_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Đã xoá: 99001" in tab.message.text(), timeout=15000)
    assert json.loads((wall.folder / REGIONS_FILE).read_text("utf-8"))["regions"] == {}


def test_the_console_adds_an_indicator_with_its_problems_under_the_fields(dialog, wall, qtbot):
    from .test_catalogue_edit_console import choose, shown_error, type_into

    tab = dialog.new_indicator_tab
    type_into(tab, "id", "mt-aqi")
    assert "đã có trong danh mục" in shown_error(tab, "id")
    type_into(tab, "id", "nn-san-luong-lua")
    type_into(tab, "name.vi", "Sản lượng lúa")
    choose(tab, "sector", "nong-nghiep")  # the state folder's own sector, offered by the wall
    type_into(tab, "unit", "tấn")
    for key, value in (("calculationFrequency", "monthly"), ("calculationPeriod", "month"),
                       ("direction", "higher_better"), ("regionLevel", "commune"), ("aggregation", "sum")):
        choose(tab, key, value)
    type_into(tab, "source", "drop-nn")
    type_into(tab, "warning", "100")
    type_into(tab, "critical", "200")
    assert "thấp hơn ngưỡng cảnh báo" in shown_error(tab, "critical") and not tab.save_button.isEnabled()
    type_into(tab, "critical", "50,5")
    assert tab.save_button.isEnabled(), {k: shown_error(tab, k) for k in tab.errors}
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Đã lưu trên tường: nn-san-luong-lua" in tab.message.text(), timeout=15000)
    stored = json.loads((wall.folder / INDICATORS_FILE).read_text("utf-8"))
    assert stored["sectors"] == [SECTOR] and stored["indicators"] == [{
        "id": "nn-san-luong-lua", "sector": "nong-nghiep", "name": {"vi": "Sản lượng lúa", "en": ""}, "unit": "tấn",
        "calculationFrequency": "monthly", "calculationPeriod": "month", "direction": "higher_better",
        "regionLevel": "commune", "source": "drop-nn", "calculationMethod": "manual", "aggregation": "sum",
        "thresholds": {"warning": 100.0, "critical": 50.5}}]
    row = next(tab.entries.item(n) for n in range(tab.entries.count())
               if tab.entries.item(n).data(Qt.ItemDataRole.UserRole) == "nn-san-luong-lua")
    assert "(dùng khi khởi động lại)" in row.text()
    # a station may show it at once: stations are checked against the catalogue of the next start
    r = wall.call("POST", "/catalogue/markers", "technician", json={**STATION, "id": "tram-lua", "region": "17935"})
    assert r.status_code == 201, r.text
    assert wall.call("DELETE", "/catalogue/markers/tram-lua", "technician").status_code == 200


def test_the_console_adds_a_station_the_wall_checks_against_its_map(dialog, wall, qtbot):
    from .test_catalogue_edit_console import choose, shown_error, type_into

    tab = dialog.marker_tab
    type_into(tab, "id", "kim-lien")  # a shipped marker's id
    assert "đã có trong danh mục" in shown_error(tab, "id")
    type_into(tab, "id", "tram-do-luong")
    type_into(tab, "name.vi", "Trạm quan trắc Đô Lương")
    choose(tab, "kind", "station")
    type_into(tab, "lon", "110,5")  # east of the province: the wall refuses it
    type_into(tab, "lat", "18,9")
    choose(tab, "indicator", "mt-aqi")
    choose(tab, "region", "17935")
    assert tab.save_button.isEnabled(), {k: shown_error(tab, k) for k in tab.errors}
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "outside the map" in shown_error(tab, "lon"), timeout=15000)
    assert "tram-do-luong" not in ((wall.folder / MARKERS_FILE).read_text("utf-8")
                                   if (wall.folder / MARKERS_FILE).exists() else "")
    type_into(tab, "lon", "105,3")
    qtbot.waitUntil(tab.save_button.isEnabled, timeout=5000)
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Đã lưu trên tường: tram-do-luong" in tab.message.text(), timeout=15000)
    assert json.loads((wall.folder / MARKERS_FILE).read_text("utf-8"))["markers"] == [{
        "id": "tram-do-luong", "kind": "station", "name": {"vi": "Trạm quan trắc Đô Lương", "en": ""},
        "lon": 105.3, "lat": 18.9, "indicator": "mt-aqi", "region": "17935"}]


def test_the_wall_starts_with_the_state_folders_indicators_regions_and_stations(tmp_path: Path):
    from ..common import SHIPPED_LAYOUTS
    from ..wallproc import READY, WallApi, WallProcess

    state = tmp_path / "state"
    folder = state / "catalogue"
    write(folder, INDICATORS_FILE, {"schema_version": 1, "sectors": [SECTOR], "indicators": [RICE]})
    write(folder, REGIONS_FILE, {"schema_version": 1, "regions": {"99001": "Xã Thử Nghiệm"}})
    write(folder, MARKERS_FILE, {"schema_version": 1, "markers": [STATION]})
    proc = WallProcess("--demo", "--state-dir", str(state), "--layouts-dir", str(SHIPPED_LAYOUTS), "--layout",
                       "tong-quan")
    try:
        proc.wait_for(READY, 90)
        api = WallApi(proc, state)
        doc = api.call("GET", "/catalogue", "viewer").json()
        assert {"id": "nn-san-luong-lua", "sector": "nong-nghiep"}.items() <= next(
            i for i in doc["indicators"] if i["id"] == "nn-san-luong-lua").items()
        assert {"code": "99001", "name": "Xã Thử Nghiệm", "demo": False, "added": True} in doc["regions"]
        assert {"id": "tram-do-luong", "name": {"vi": "Trạm quan trắc Đô Lương", "en": "Do Luong"},
                "kind": "station"} in doc["markers"]
        region = api.state()["regions"][0]["id"]
        r = api.command("operator", command="show_view", region=region,
                        view={"kind": "chart", "indicator": "nn-san-luong-lua", "region": "99001"})
        assert r.status_code == 200, r.text
        assert "technicians' catalogue" not in proc.log  # nothing to report of the files
    finally:
        assert proc.stop() == 0, proc.log
