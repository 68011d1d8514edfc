"""Technicians' catalogue additions without a display: checked by the catalogues' own code, stored in the state
folder, read back after a restart, refused with the field named and nothing changed, a full disk, a corrupt file
or an addition an upgrade made unusable reported and skipped, never lost. The API's routes over a real controller."""

from __future__ import annotations

import json
import logging
import subprocess
import sys
from pathlib import Path

import pytest

from ioc_core.api.audit import AuditLog
from ioc_core.api.desk import CommandDesk
from ioc_core.api.events import EventBus
from ioc_core.api.port import ControllerPort
from ioc_core.api.routes import Api
from ioc_core.api.tokens import TokenStore
from ioc_core.catalogue import load_catalogue
from ioc_core.catalogue.cameras import load_cameras, parse_cameras
from ioc_core.catalogue.edits import CatalogueEdits, Change, Refused
from ioc_core.catalogue.sectorviews import load_sector_views, parse_sector_views
from ioc_core.catalogue.webpages import load_webpages
from ioc_core.control.controller import Controller
from ioc_core.control.saved_state import StateStore
from ioc_core.layouts import LayoutLibrary
from ioc_core.setup.geometry import WallGeometry
from ioc_core.setup.webpolicy import WebAllowlist

from ..common import ROOT, SHIPPED_LAYOUTS

CAT = load_catalogue()
ALLOW = WebAllowlist(("127.0.0.1:8080", "*.nghean.gov.vn", "dichvucong.gov.vn"))
CAMERA = {"id": "cam-nga-ba-ben-thuy", "name": {"vi": "Camera ngã ba Bến Thủy", "en": "Ben Thuy junction"},
          "group": "giao-thong", "streams": ["rtsp://10.1.2.3:554/Streaming/Channels/102"],
          "snapshot": "http://10.1.2.3/ISAPI/Streaming/channels/101/picture", "username": "xem",
          "password_env": "IOC_CAMERA_PASSWORD", "lon": 105.69, "lat": 18.65}
PAGE = {"id": "bao-cao-kinh-te", "name": {"vi": "Báo cáo kinh tế – xã hội"}, "url": "http://127.0.0.1:8080/ktxh",
        "zoom": 1.25}


def open_edits(folder: Path) -> CatalogueEdits:
    """What the wall does at start: the catalogues as loaded, the additions merged over them."""
    return CatalogueEdits(folder, CAT, ALLOW, load_cameras(), load_webpages().checked(ALLOW),
                          load_sector_views(CAT))


def files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())} if folder.is_dir() else {}


def test_additions_are_stored_and_read_back_after_a_restart(tmp_path: Path):
    edits = open_edits(tmp_path)
    assert edits.add("camera", CAMERA)[0] == Change("camera", "add", CAMERA["id"], "giao-thong")
    edits.add("web_page", PAGE)
    edits.add("indicator", {"indicator": "dl-luot-khach"}, "ktxh")  # another sector's figure on this screen

    again = open_edits(tmp_path)
    assert again.problems == []
    cam = again.cameras.cameras[CAMERA["id"]]
    assert cam.entry() == CAMERA and cam.open_urls({"IOC_CAMERA_PASSWORD": "pw"})[0].startswith("rtsp://xem:pw@")
    assert again.webpages.pages[PAGE["id"]].view == {"kind": "web", "url": PAGE["url"], "zoom": 1.25}
    tiles = again.sector_views["ktxh"].panels[0]
    assert tiles.kind == "tiles" and tiles.indicators[-1] == "dl-luot-khach" and len(tiles.indicators) == 7
    assert tiles.columns == 4  # six tiles in three columns: the seventh opens a column, not a shorter row
    assert again.sector_views["hcc"] == load_sector_views(CAT)["hcc"]  # the other sectors as shipped
    assert (again.added("camera"), again.added("web_page"), again.added("indicator")) == (
        {CAMERA["id"]}, {PAGE["id"]}, {"ktxh/dl-luot-khach"})
    stored = json.loads((tmp_path / "cameras.json").read_text())
    assert stored == {"schema_version": 1, "cameras": [CAMERA]}  # the camera catalogue's own format
    assert json.loads((tmp_path / "cameras.json.previous").read_text()) == {"schema_version": 1, "cameras": []}


def test_taking_back_an_addition_keeps_the_version_before(tmp_path: Path):
    edits = open_edits(tmp_path)
    edits.add("web_page", PAGE)
    edits.add("web_page", {**PAGE, "id": "trang-hai", "url": "https://portal.nghean.gov.vn/"})
    assert edits.remove("web_page", PAGE["id"]) == Change("web_page", "remove", PAGE["id"])
    assert PAGE["id"] not in edits.webpages.pages and "trang-hai" in edits.webpages.pages
    assert [p["id"] for p in json.loads((tmp_path / "web-pages.json.previous").read_text())["pages"]] == [
        PAGE["id"], "trang-hai"]
    assert set(open_edits(tmp_path).webpages.pages) == set(load_webpages().checked(ALLOW).pages) | {"trang-hai"}


@pytest.mark.parametrize(("kind", "entry", "field", "words"), [
    ("camera", {**CAMERA, "id": "Cam Moi"}, "id", "does not match"),
    ("camera", {k: v for k, v in CAMERA.items() if k != "name"}, "name", "required"),
    ("camera", {**CAMERA, "name": {"vi": ""}}, "name.vi", "should be non-empty"),
    ("camera", {**CAMERA, "group": "khong-co"}, "group", "unknown group 'khong-co'"),
    ("camera", {**CAMERA, "streams": ["ftp://10.1.2.3/x"]}, "streams[0]", "the scheme must be one of"),
    ("camera", {**CAMERA, "streams": []}, "streams", "non-empty"),
    ("camera", {**CAMERA, "snapshot": "http:///picture"}, "snapshot", "names no host"),
    ("camera", {**CAMERA, "password_env": "mat-khau"}, "password_env", "does not match"),
    ("camera", {**CAMERA, "mat_khau": "x"}, "mat_khau", "not a field"),
    ("camera", {**CAMERA, "id": "cam-cua-lo"}, "id", "already in the catalogue (Camera bãi biển Cửa Lò)"),
    ("web_page", {**PAGE, "url": "https://evil.example/"}, "url", "not in the wall's web allowlist"),
    ("web_page", {**PAGE, "url": "ftp://127.0.0.1:8080/"}, "url", "does not match"),
    ("web_page", {**PAGE, "zoom": 9}, "zoom", "greater than the maximum"),
    ("web_page", {**PAGE, "id": "dich-vu-cong"}, "id", "already in the catalogue"),
    ("indicator", {"indicator": "khong-co"}, "indicator", "unknown indicator 'khong-co'"),
    ("indicator", {"indicator": "ktxh-cpi"}, "indicator", "already in the view of sector 'ktxh'"),
    ("indicator", {"chi_tieu": "ktxh-cpi"}, "indicator", "required"),
])
def test_bad_input_is_refused_naming_the_field_and_nothing_changes(tmp_path: Path, kind, entry, field, words):
    edits = open_edits(tmp_path)
    before = (edits.cameras, edits.webpages, edits.sector_views)
    with pytest.raises(Refused) as refused:
        edits.add(kind, entry, "ktxh")
    assert refused.value.kind == "invalid"
    assert [p for p in refused.value.problems if p.path == field and words in p.message], refused.value.to_json()
    assert files(tmp_path) == {} and (edits.cameras, edits.webpages, edits.sector_views) == before


def test_an_unknown_sector_or_a_full_panel_is_refused(tmp_path: Path):
    edits = open_edits(tmp_path)
    with pytest.raises(Refused, match="no sector 'khong-co'") as refused:
        edits.add("indicator", {"indicator": "ktxh-cpi"}, "khong-co")
    assert refused.value.kind == "not_found"
    others = [i.id for i in CAT.indicators.values() if i.id not in edits.sector_views["hcc"].indicators]
    for ind in others[:4]:  # hcc's tiles hold 8: four more make the twelve a panel takes
        edits.add("indicator", {"indicator": ind}, "hcc")
    with pytest.raises(Refused, match="full") as refused:
        edits.add("indicator", {"indicator": others[4]}, "hcc")
    assert refused.value.problems[0].path == "indicator"


def test_a_failed_write_leaves_the_files_and_the_catalogue_in_use_as_they_were(tmp_path: Path):
    """A real failure: the process may write no file larger than 200 bytes (as a full disk, EFBIG for ENOSPC),
    in a child process so that pytest's own files are not limited."""
    open_edits(tmp_path).add("camera", {**CAMERA, "id": "cam-truoc"})
    before = files(tmp_path)
    code = f"""
import json, resource, signal, sys
from pathlib import Path
sys.path.insert(0, {str(ROOT)!r})
from ioc_core.catalogue import load_catalogue
from ioc_core.catalogue.cameras import load_cameras
from ioc_core.catalogue.edits import CatalogueEdits, Refused
from ioc_core.catalogue.sectorviews import load_sector_views
from ioc_core.catalogue.webpages import load_webpages
from ioc_core.setup.webpolicy import WebAllowlist
CAMERA, CAT, ALLOW = {CAMERA!r}, load_catalogue(), WebAllowlist({ALLOW.entries!r})
edits = CatalogueEdits(Path({str(tmp_path)!r}), CAT, ALLOW, load_cameras(), load_webpages().checked(ALLOW),
                       load_sector_views(CAT))
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
resource.setrlimit(resource.RLIMIT_FSIZE, (200, resource.RLIM_INFINITY))
try:
    edits.add("camera", CAMERA)
    print(json.dumps({{"saved": True}}))
except Refused as exc:
    print(json.dumps({{"kind": exc.kind, "error": exc.error, "in_use": sorted(edits.added("camera")),
                      "cameras": len(edits.cameras.cameras)}}))
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result["kind"] == "disk_full" and "nothing was changed" in result["error"], result
    assert "cameras.json" in result["error"] and "too large" in result["error"].lower()
    assert result["in_use"] == ["cam-truoc"] and result["cameras"] == len(load_cameras().cameras) + 1
    assert files(tmp_path) == before  # no torn file, no new version, the previous one as it was


def test_a_corrupt_additions_file_is_reported_set_aside_and_the_wall_starts(tmp_path: Path):
    (tmp_path / "cameras.json").write_text('{"schema_version": 1, "cameras": [', encoding="utf-8")
    (tmp_path / "web-pages.json").write_text('{"pages": []}', encoding="utf-8")  # no schema_version
    open_edits(tmp_path.parent / "elsewhere").add("indicator", {"indicator": "dl-doanh-thu"}, "ktxh")
    (tmp_path / "sector-indicators.json").write_bytes(
        (tmp_path.parent / "elsewhere" / "sector-indicators.json").read_bytes())
    edits = open_edits(tmp_path)
    said = [str(p) for p in edits.problems]
    assert any("cameras.json" in s and "malformed JSON" in s for s in said), said
    assert any("web-pages.json" in s and "not an additions file" in s for s in said), said
    assert edits.cameras.cameras.keys() == load_cameras().cameras.keys()  # the catalogue, without additions
    assert "dl-doanh-thu" in edits.sector_views["ktxh"].indicators  # the readable file still counts
    aside = sorted(p.name for p in tmp_path.iterdir() if ".corrupt-" in p.name)
    assert [a.split(".corrupt-")[0] for a in aside] == ["cameras.json", "web-pages.json"]  # kept for a look
    edits.add("camera", CAMERA)  # and a new addition starts a new file
    assert open_edits(tmp_path).added("camera") == {CAMERA["id"]}


def test_an_addition_an_upgrade_made_unusable_is_reported_skipped_and_kept(tmp_path: Path):
    """The shipped catalogue of a new version drops the group a technician's camera was in, and ships a camera
    with the id of another: both are skipped (with where and why), kept on disk, and can be taken back."""
    open_edits(tmp_path).add("camera", {**CAMERA, "group": "cua-khau"})
    open_edits(tmp_path).add("camera", {**CAMERA, "id": "cam-moi-them"})
    doc = json.loads((ROOT / "ioc_core" / "catalogue" / "data" / "cameras.json").read_text(encoding="utf-8"))
    doc["groups"] = [g for g in doc["groups"] if g["id"] != "cua-khau"]
    doc["cameras"] = [c for c in doc["cameras"] if c["group"] != "cua-khau"] + [{**CAMERA, "id": "cam-moi-them"}]
    upgraded = parse_cameras(doc)
    edits = CatalogueEdits(tmp_path, CAT, ALLOW, upgraded, load_webpages().checked(ALLOW), load_sector_views(CAT))
    said = [str(p) for p in edits.problems]
    assert any("$.cameras[0].group" in s and "unknown group 'cua-khau'" in s for s in said), said
    assert any("$.cameras[1].id" in s and "declared twice" in s for s in said), said
    assert edits.added("camera") == set() and CAMERA["id"] not in edits.cameras.cameras
    assert {s["id"] for s in edits.public()["skipped"]} == {CAMERA["id"], "cam-moi-them"}
    with pytest.raises(Refused, match="already among the technicians' additions"):
        edits.add("camera", CAMERA)
    edits.remove("camera", CAMERA["id"])
    assert [c["id"] for c in json.loads((tmp_path / "cameras.json").read_text())["cameras"]] == ["cam-moi-them"]


def test_a_camera_from_the_catalogue_file_is_not_removed_here(tmp_path: Path):
    edits = open_edits(tmp_path)
    with pytest.raises(Refused) as refused:
        edits.remove("camera", "cam-cua-lo")
    assert refused.value.kind == "conflict" and "not from a technician's addition" in refused.value.error
    with pytest.raises(Refused) as refused:
        edits.remove("indicator", "ktxh/khong-co")
    assert refused.value.kind == "not_found"


def test_a_full_tiles_panel_takes_a_column_more_while_tiles_keep_half_a_grid_column(tmp_path: Path):
    """pakn's tiles: four in two columns over two of the screen's three grid columns. Tiles keep their height
    (the wall's text does not shrink) until a tile would be narrower than half a grid column."""
    edits = open_edits(tmp_path)
    others = [i.id for i in CAT.indicators.values() if i.id not in edits.sector_views["pakn"].indicators]
    shapes = []
    for ind in others[:5]:
        edits.add("indicator", {"indicator": ind}, "pakn")
        tiles = edits.sector_views["pakn"].panels[0]
        shapes.append((len(tiles.indicators), tiles.columns))
    assert shapes == [(5, 3), (6, 3), (7, 4), (8, 4), (9, 4)]  # the ninth: a third row (four columns at most)


def test_sector_views_written_back_read_the_same():
    """Additions are merged into the views as a file declares them: every shipped view survives the trip."""
    views = load_sector_views(CAT)
    doc = {"schema_version": 2, "views": {s: v.to_json() for s, v in views.items()}}
    assert parse_sector_views(json.loads(json.dumps(doc)), CAT) == views


def test_a_sector_without_a_declared_view_gets_its_default_view_with_the_addition(tmp_path: Path):
    declared = {s: v for s, v in load_sector_views(CAT).items() if s != "attt"}
    edits = CatalogueEdits(tmp_path, CAT, ALLOW, load_cameras(), load_webpages().checked(ALLOW), declared)
    default = [i.id for i in CAT.of_sector("attt")][:8]
    edits.add("indicator", {"indicator": CAT.of_sector("antt")[0].id}, "attt")
    assert list(edits.sector_views["attt"].tiles[:len(default)]) == default
    assert len(edits.sector_views["attt"].tiles) == len(default) + 1


def test_the_public_view_shows_no_credential_and_marks_additions(tmp_path: Path):
    edits = open_edits(tmp_path)
    edits.add("camera", {**CAMERA, "streams": ["rtsp://admin:bi-mat-lam@10.1.2.3/ch1"]})
    doc = edits.public()
    assert "bi-mat-lam" not in json.dumps(doc)
    cam = next(c for c in doc["cameras"] if c["id"] == CAMERA["id"])
    assert cam["added"] and cam["streams"] == ["rtsp://***@10.1.2.3/ch1"]
    assert not next(c for c in doc["cameras"] if c["id"] == "cam-cua-lo")["added"]
    ktxh = next(s for s in doc["sectors"] if s["id"] == "ktxh")
    assert ktxh["indicators"][:2] == ["ktxh-grdp-tang-truong", "ktxh-thu-ngan-sach"] and ktxh["added"] == []
    assert {"id": "dl-luot-khach", "sector": "dulich"}.items() <= next(
        i for i in doc["indicators"] if i["id"] == "dl-luot-khach").items()
    assert doc["web_allow"] == list(ALLOW.entries) and doc["editable"] == {
        "camera_group": True, "camera": True, "web_page": True, "indicator": True}


def test_a_change_names_the_views_to_build_again():
    cam = Change("camera", "add", "cam-x", "giao-thong")
    assert cam.affects({"kind": "camera", "camera": "cam-x"}) and cam.affects({"kind": "camera_grid",
                                                                                "group": "giao-thong"})
    assert not cam.affects({"kind": "camera", "camera": "cam-y"}) and not cam.affects(None)
    ind = Change("indicator", "add", "ktxh/dl-luot-khach")
    assert ind.affects({"kind": "sector", "sector": "ktxh"}) and not ind.affects({"kind": "sector", "sector": "hcc"})
    assert not Change("web_page", "add", "p").affects({"kind": "web", "url": "http://127.0.0.1:8080/"})


# -- the routes, over a real controller, token store, audit log and event ring (no Qt) --------------------------
def routes_over(tmp_path: Path, edits: CatalogueEdits, catalogue=None):
    """``call(method, path, role="technician", body=None)`` -> (status, answer) through the Qt-free routes, with
    ``edits`` as the wall's catalogue additions; ``call.port``, ``.changes``, ``.bus``, ``.controller``."""
    controller = Controller(LayoutLibrary.load_dir(SHIPPED_LAYOUTS), WallGeometry(), StateStore(tmp_path / "s.json"))
    controller.restore()
    bus = EventBus()
    desk = CommandDesk(controller, AuditLog(tmp_path / "audit.jsonl"), bus)
    changes = []
    port = ControllerPort("thử", controller, desk, None, catalogue, cameras=edits.cameras, webpages=edits.webpages,
                          edits=edits, on_catalogue_change=changes.append)
    tokens = TokenStore(tmp_path / "api-tokens.json")

    def call(method, path, role="technician", body=None):
        raw = b"" if body is None else json.dumps(body).encode()
        r = Api(tokens, port, bus, desk.audit).handle(method, "/api/v1" + path, "", {
            "Authorization": f"Bearer {tokens.token(role)}"}, raw)
        return r.status, json.loads(r.body)

    call.port, call.changes, call.bus, call.controller = port, changes, bus, controller
    return call


@pytest.fixture
def api(tmp_path: Path):
    return routes_over(tmp_path, open_edits(tmp_path / "catalogue"), CAT)


def test_the_routes_add_show_and_take_back_an_addition(api):
    status, doc = api("POST", "/catalogue/cameras", body=CAMERA)
    assert status == 201 and doc["added"] == CAMERA["id"]
    assert {"kind": "camera", "camera": CAMERA["id"], "title": CAMERA["name"]["vi"]} in api("GET", "/views")[1][
        "views"]
    assert api.changes == [Change("camera", "add", CAMERA["id"], "giao-thong")]
    events, _ = api.bus.since(0)
    assert [(e.kind, e.data["id"], e.data["by"]) for e in events] == [("catalogue", CAMERA["id"], "technician")]
    audit = [json.loads(line) for line in api.port.desk.audit.export().decode().splitlines()]
    assert audit[-1]["command"]["command"] == "catalogue_add" and audit[-1]["who"] == "technician"
    status, doc = api("GET", "/catalogue", "viewer")
    assert status == 200 and next(c for c in doc["cameras"] if c["id"] == CAMERA["id"])["added"]
    assert api("DELETE", f"/catalogue/cameras/{CAMERA['id']}")[0] == 200
    assert CAMERA["id"] not in {v.get("camera") for v in api("GET", "/views")[1]["views"]}


def test_the_routes_refuse_with_the_field_named(api):
    status, doc = api("POST", "/catalogue/web-pages", body={**PAGE, "url": "https://evil.example/"})
    assert status == 400 and doc["problems"][0]["path"] == "url" and "allowlist" in doc["problems"][0]["message"]
    status, doc = api("POST", "/catalogue/sectors/ktxh/indicators", body={"indicator": "khong-co"})
    assert status == 400 and doc["problems"] == [{"path": "indicator", "message": "unknown indicator 'khong-co'"}]
    assert api("POST", "/catalogue/sectors/khong-co/indicators", body={"indicator": "ktxh-cpi"})[0] == 404
    assert api("POST", "/catalogue/cameras")[0] == 400  # no body
    assert api("POST", "/catalogue/cameras", body=["not", "an", "object"])[0] == 400
    assert api("DELETE", "/catalogue/web-pages/khong-co")[0] == 404
    assert api("DELETE", "/catalogue/sectors/ktxh/indicators/ktxh-cpi")[0] == 409  # the shipped view's
    assert api.changes == [] and api.bus.since(0)[0] == []


@pytest.mark.parametrize("role", ["viewer", "operator"])
def test_only_the_technician_edits(api, role):
    for method, path in [("POST", "/catalogue/cameras"), ("POST", "/catalogue/web-pages"),
                         ("POST", "/catalogue/sectors/ktxh/indicators"), ("DELETE", "/catalogue/cameras/x"),
                         ("DELETE", "/catalogue/web-pages/x"), ("DELETE", "/catalogue/sectors/ktxh/indicators/x")]:
        assert api(method, path, role, CAMERA)[0] == 403, (method, path)
    assert api("GET", "/catalogue", role)[0] == 200


def test_a_camera_on_the_wall_is_not_removed_from_under_it(api):
    api("POST", "/catalogue/cameras", body=CAMERA)
    region = api.controller.state.layout.regions[0].id
    assert api.controller.execute({"command": "show_view", "region": region,
                                   "view": {"kind": "camera", "camera": CAMERA["id"]}}).accepted
    status, doc = api("DELETE", f"/catalogue/cameras/{CAMERA['id']}")
    assert status == 409 and region in doc["error"]
    assert CAMERA["id"] in api.port.edits.cameras.cameras


def test_the_edit_code_does_not_import_qt():
    code = ("import sys, ioc_core.catalogue.edits, ioc_core.catalogue.editkinds, ioc_core.catalogue.additions, "
            "ioc_core.api.port\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True,
                         cwd=ROOT)
    assert out.stdout.strip() == "[]"


def test_no_password_reaches_an_answer_the_audit_log_or_the_log(api, caplog):
    caplog.set_level(logging.DEBUG)
    secret = "bi-mat-lam"
    status, doc = api("POST", "/catalogue/cameras", body={**CAMERA, "streams": [f"rtsp://admin:{secret}@10.1.2.3/c"]})
    assert status == 201 and "carries a password" in doc["warnings"][0]["message"]  # accepted, as the catalogue file is
    refused = [api("POST", "/catalogue/cameras", body={**CAMERA, "id": "cam-2", "streams": [
                   f"ftp://admin:{secret}@10.1.2.3/c"]}),
               api("POST", "/catalogue/cameras", body={**CAMERA, "id": "cam-3", "streams": [
                   f"rtsp://admin:{secret}@10.1.2.3/" + "x" * 2100]}),
               api("POST", "/catalogue/web-pages", body={**PAGE, "url": f"ftp://admin:{secret}@127.0.0.1:8080/"})]
    assert [s for s, _ in refused] == [400, 400, 400]
    said = json.dumps([doc, refused, api("GET", "/catalogue", "viewer"), api("GET", "/views", "viewer")])
    assert secret not in said and "***@10.1.2.3" in said
    assert secret not in api.port.desk.audit.export().decode() and secret not in caplog.text
    assert "technician added camera" in caplog.text
    assert secret in (api.port.edits.folder / "cameras.json").read_text()  # kept in the state folder only


def test_a_camera_group_for_a_new_site_takes_cameras_and_goes_only_once_they_are_gone(api, tmp_path: Path):
    group = {"id": "cua-khau-moi", "name": {"vi": "Cửa khẩu mới"}, "kind": "border"}
    status, doc = api("POST", "/catalogue/camera-groups", body=group)
    assert status == 201, doc
    assert {"id": "cua-khau-moi", "name": {"vi": "Cửa khẩu mới", "en": "Cửa khẩu mới"}, "kind": "border",
            "added": True} in doc["catalogue"]["camera_groups"] and "border" in doc["catalogue"]["camera_group_kinds"]
    cam = {"id": "cam-cua-khau-moi", "name": {"vi": "Camera cửa khẩu mới"}, "group": "cua-khau-moi",
           "streams": ["rtsp://10.9.0.5:554/1"]}
    status, doc = api("POST", "/catalogue/cameras", body=cam)
    assert status == 201, doc
    views = api.port.views()["views"]  # a grid of the new group is offered, once it has a camera
    assert any(v.get("kind") == "camera_grid" and v.get("group") == "cua-khau-moi" for v in views)
    status, doc = api("DELETE", "/catalogue/camera-groups/cua-khau-moi")
    assert status == 409 and "cam-cua-khau-moi" in doc["error"]
    assert doc["problems"] == [{"path": "id", "message": "the group still has cameras (cam-cua-khau-moi): remove "
                                "them first", "code": "entry.group_in_use", "args": {"cameras": "cam-cua-khau-moi"}}]
    # a wall started again on the same folder has both, the camera on its group
    again = open_edits(tmp_path / "catalogue")
    assert again.cameras.cameras["cam-cua-khau-moi"].group == "cua-khau-moi" and not again.problems
    assert api("DELETE", "/catalogue/cameras/cam-cua-khau-moi")[0] == 200
    status, doc = api("DELETE", "/catalogue/camera-groups/cua-khau-moi")
    assert status == 200, doc
    assert "cua-khau-moi" not in {g["id"] for g in doc["catalogue"]["camera_groups"]}
    status, doc = api("DELETE", "/catalogue/camera-groups/an-ninh")  # the catalogue file's own group
    assert status == 409 and "comes from" in doc["error"]
    status, doc = api("POST", "/catalogue/camera-groups", body={**group, "kind": "parking"})
    assert status == 400 and doc["problems"][0]["path"] == "kind"


@pytest.mark.parametrize("path, entry, field", [
    ("/catalogue/cameras", {**CAMERA, "id": "com1"}, "id"),
    ("/catalogue/camera-groups", {"id": "lpt1", "name": {"vi": "Nhóm"}, "kind": "traffic"}, "id"),
    ("/catalogue/web-pages", {**PAGE, "id": "aux"}, "id"),
    ("/catalogue/sectors", {"id": "con", "name": {"vi": "Lĩnh vực"}}, "id"),
])
def test_an_id_windows_reserves_as_a_file_name_is_refused_naming_the_field(api, tmp_path: Path, path, entry,
                                                                            field):
    """Issue 19: ids ``con``, ``nul``, ``aux``, ``com1`` were taken; a wall PC or a copy of its state folder on
    Windows cannot hold a file of that name."""
    before = files(tmp_path / "catalogue")
    catalogue = api("GET", "/catalogue", "viewer")[1]
    status, doc = api("POST", path, body=entry)
    assert status == 400, doc
    (problem,) = doc["problems"]
    device = entry[field].upper()
    assert problem["path"] == field and problem["code"] == "name.reserved_device"
    assert f"{device} is a device name Windows reserves" in problem["message"] and field in doc["error"]
    assert files(tmp_path / "catalogue") == before and api("GET", "/catalogue", "viewer")[1] == catalogue
    assert api.changes == [] and api.bus.since(0)[0] == []
