"""Technicians' layouts saved into the wall's own layouts folder, and the routes that do it (Qt-free): checked with
the loader's own code, written whole, the replaced version kept, a save based on an old read refused, the layouts
folder the wall was given never written, and the roles."""

from __future__ import annotations

import copy
import errno
import json
import os
import stat
from pathlib import Path

import pytest

from ioc_core import jsonfile
from ioc_core.api.audit import AuditLog
from ioc_core.api.desk import CommandDesk
from ioc_core.api.events import EventBus
from ioc_core.api.port import ControllerPort
from ioc_core.api.routes import Api
from ioc_core.api.tokens import TokenStore
from ioc_core.control.controller import Controller
from ioc_core.control.saved_state import StateStore
from ioc_core.layouts import LayoutLibrary
from ioc_core.layouts import saved_layouts as store_module
from ioc_core.layouts.saved_layouts import PREVIOUS, LayoutSaveError, LayoutStore, layout_bytes
from ioc_core.setup.geometry import WallGeometry

NEW = {"schema_version": 2, "id": "thu-nghiem", "title": {"vi": "Thử nghiệm"}, "grid": {"rows": 3, "cols": 3},
       "regions": [{"id": "lon", "cell": [0, 0], "span": [2, 2], "view": {"kind": "overview"}},
                   {"id": "dong-ho", "cell": [0, 2], "span": [3, 1], "view": {"kind": "clock"}},
                   {"id": "canh-bao", "cell": [2, 0], "span": [1, 2], "view": {"kind": "alerts"}}]}


@pytest.fixture
def saved_dir(tmp_path: Path) -> Path:
    return tmp_path / "state" / "layouts"


@pytest.fixture
def store(layouts_dir: Path, saved_dir: Path) -> LayoutStore:
    return LayoutStore(saved_dir, LayoutLibrary.load_dir(layouts_dir, saved_dir), layouts_dir)


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_new_layout_is_stored_as_its_own_file_and_read_back_with_its_revision(store, layouts_dir, saved_dir):
    given = _files(layouts_dir)
    saved = store.save(copy.deepcopy(NEW), None, WallGeometry())
    assert saved.created and saved.file == "thu-nghiem.json"
    text = (saved_dir / "thu-nghiem.json").read_text(encoding="utf-8")
    assert "Thử nghiệm" in text and text.index('"id"') < text.index('"grid"') < text.index('"regions"')
    doc, revision, file = store.read("thu-nghiem")
    assert doc == NEW and revision == saved.revision and file == "thu-nghiem.json"
    again = LayoutLibrary.load_dir(layouts_dir, saved_dir)  # what the wall loads at its next start
    assert again.get("thu-nghiem").region("lon").cols == 2 and not again.problems
    assert _files(layouts_dir) == given  # the folder the wall was given (the installation's) is never written


def test_an_edited_shipped_layout_is_saved_in_the_walls_folder_and_replaces_it_at_the_next_start(
        store, layouts_dir, saved_dir):
    doc, first, _ = store.read("tong-quan")
    shipped = (layouts_dir / "tong-quan.json").read_bytes()
    mine = copy.deepcopy(doc)
    mine["title"]["vi"] = "Tổng quan (sửa lần 1)"
    saved = store.save(mine, first)
    assert (layouts_dir / "tong-quan.json").read_bytes() == shipped  # an upgrade may replace it: never written
    assert not (saved_dir / PREVIOUS).exists()  # nothing replaced in the wall's folder yet
    again = LayoutLibrary.load_dir(layouts_dir, saved_dir)
    assert again.get("tong-quan").title_vi == "Tổng quan (sửa lần 1)" and not again.problems
    mine["title"]["vi"] = "Tổng quan (sửa lần 2)"
    before = (saved_dir / "tong-quan.json").read_bytes()
    store.save(mine, saved.revision)
    assert (saved_dir / PREVIOUS / "tong-quan.json").read_bytes() == before

    name, back = store.delete("tong-quan")  # the technician's version goes: the shipped one is shown again
    assert name == "tong-quan.json" and back.title_vi == "Tổng quan 9 lĩnh vực"
    assert store.library.get("tong-quan") is back and not (saved_dir / "tong-quan.json").exists()
    with pytest.raises(LayoutSaveError) as err:
        store.delete("tong-quan")  # a layout of the given folder is not deleted from a console
    assert err.value.kind == "conflict" and "remove its file there" in err.value.reason


def test_a_save_keeps_the_version_it_replaces_and_refuses_a_save_based_on_an_older_read(store, saved_dir):
    store.save(copy.deepcopy(NEW), None)
    doc, first, _ = store.read("thu-nghiem")
    before = (saved_dir / "thu-nghiem.json").read_bytes()
    mine = copy.deepcopy(doc)
    mine["title"]["vi"] = "Thử nghiệm (sửa lần 1)"
    saved = store.save(mine, first)
    assert (saved_dir / PREVIOUS / "thu-nghiem.json").read_bytes() == before
    assert store.library.get("thu-nghiem").title_vi == "Thử nghiệm (sửa lần 1)"

    theirs = copy.deepcopy(doc)  # a colleague who read the layout before that save
    theirs["title"]["vi"] = "Thử nghiệm (bản của đồng nghiệp)"
    on_disk = _files(saved_dir)
    with pytest.raises(LayoutSaveError) as err:
        store.save(theirs, first)
    assert err.value.kind == "conflict" and err.value.revision == saved.revision
    assert "changed on the wall since you opened it" in err.value.reason
    assert _files(saved_dir) == on_disk and store.library.get("thu-nghiem").title_vi == "Thử nghiệm (sửa lần 1)"
    with pytest.raises(LayoutSaveError, match="already exists on the wall"):  # "save as" over an existing id
        store.save(theirs, None)
    assert store.save(theirs, err.value.revision).revision != saved.revision  # overwriting knowingly works


@pytest.mark.parametrize(("change", "path", "words"), [
    (lambda d: d["regions"].append({"id": "chen", "cell": [1, 1], "span": [1, 1], "view": None}),
     "$.regions[3]", "region 'chen' overlaps region 'lon' at cell [1, 1]"),
    (lambda d: d["regions"][1].update(span=[4, 1]), "$.regions[1].span", "region 'dong-ho' leaves the grid"),
    (lambda d: d["regions"][2].update(id="lon"), "$.regions[2].id", "duplicate region id 'lon'"),
    (lambda d: d["regions"][0]["view"].update(kind="phim"), "$.regions[0].view.kind", "unknown view kind 'phim'"),
])
def test_an_invalid_layout_is_refused_with_the_loaders_message_at_its_place_and_nothing_written(
        store, saved_dir, change, path, words):
    doc = copy.deepcopy(NEW)
    change(doc)
    before = _files(saved_dir) if saved_dir.exists() else {}
    with pytest.raises(LayoutSaveError) as err:
        store.save(doc, None)
    assert err.value.kind == "invalid"
    assert any(p.path == path and words in p.message for p in err.value.problems), err.value.problems
    assert (_files(saved_dir) if saved_dir.exists() else {}) == before and store.library.get("thu-nghiem") is None


@pytest.mark.parametrize("failing", ["the previous copy", "the layout itself"])
def test_a_save_the_disk_refuses_leaves_the_files_the_backup_and_the_loaded_layout_as_they_were(
        store, saved_dir, monkeypatch, failing):
    store.save(copy.deepcopy(NEW), None)
    doc, revision, _ = store.read("thu-nghiem")
    doc["title"]["vi"] = "Thử nghiệm 2"
    revision = store.save(doc, revision).revision  # .previous/ now holds the first version
    before, loaded = _files(saved_dir), store.library.get("thu-nghiem")
    doc["title"]["vi"] = "Thử nghiệm 3"
    real = store_module.write_bytes_atomic

    def full(path, payload, mode=None):
        if (failing == "the layout itself") == (path.parent == saved_dir):
            raise OSError(errno.ENOSPC, "No space left on device")
        real(path, payload, mode)

    monkeypatch.setattr(store_module, "write_bytes_atomic", full)
    monkeypatch.setattr(jsonfile, "write_bytes_atomic", full)
    with pytest.raises(LayoutSaveError) as err:
        store.save(doc, revision)
    assert err.value.kind == "disk_full" and "No space left on device" in err.value.reason
    assert "unchanged" in err.value.reason
    assert _files(saved_dir) == before and store.library.get("thu-nghiem") is loaded  # the backup too


def test_a_layout_in_the_first_format_opens_at_the_current_one(store, saved_dir):
    saved_dir.mkdir(parents=True)
    old = {"schema_version": 1, "id": "cu", "name": "Bố cục cũ", "grid": {"rows": 1, "cols": 1},
           "regions": [{"id": "a", "name": "Vùng A", "cell": [0, 0], "view": {"kind": "clock"}}]}
    (saved_dir / "cu.json").write_text(json.dumps(old, ensure_ascii=False), encoding="utf-8")
    store.library = LayoutLibrary.load_dir(store.given, saved_dir)
    doc, revision, _ = store.read("cu")
    assert doc["schema_version"] == 2 and doc["title"] == {"vi": "Bố cục cũ"}
    assert doc["regions"][0]["title"] == {"vi": "Vùng A"}
    store.save(doc, revision)
    assert json.loads((saved_dir / "cu.json").read_text(encoding="utf-8"))["schema_version"] == 2


def test_a_deleted_layout_is_moved_aside_and_no_longer_loaded(store, layouts_dir, saved_dir):
    store.save(copy.deepcopy(NEW), None)
    assert store.delete("thu-nghiem") == ("thu-nghiem.json", None)
    assert not (saved_dir / "thu-nghiem.json").exists()
    assert json.loads((saved_dir / PREVIOUS / "thu-nghiem.json").read_text())["id"] == "thu-nghiem"
    assert "thu-nghiem" not in LayoutLibrary.load_dir(layouts_dir, saved_dir).layouts  # .previous/ is not loaded
    with pytest.raises(LayoutSaveError) as err:
        store.delete("thu-nghiem")
    assert err.value.kind == "not_found"


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX's")
def test_a_layout_file_keeps_its_mode_and_so_do_its_previous_versions(store, saved_dir):
    """A saved layout a technician opened to reading (0644) stays so, and the versions kept in .previous/ (by a
    save, by a delete) have its mode; a new one is private."""
    saved = store.save(copy.deepcopy(NEW), None)
    path, kept = saved_dir / "thu-nghiem.json", saved_dir / PREVIOUS / "thu-nghiem.json"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    path.chmod(0o644)
    store.save({**copy.deepcopy(NEW), "title": {"vi": "Sửa"}}, saved.revision)
    assert (stat.S_IMODE(path.stat().st_mode), stat.S_IMODE(kept.stat().st_mode)) == (0o644, 0o644)
    kept.chmod(0o600)
    store.delete("thu-nghiem")
    assert stat.S_IMODE(kept.stat().st_mode) == 0o644 and json.loads(kept.read_text())["title"] == {"vi": "Sửa"}


def test_a_new_layout_never_overwrites_a_file_of_its_name_holding_something_else(store, saved_dir):
    saved_dir.mkdir(parents=True)
    (saved_dir / "thu-nghiem.json").write_text("{ broken", encoding="utf-8")  # a technician's half-made file
    saved = store.save(copy.deepcopy(NEW), None)
    assert saved.file == "thu-nghiem-2.json"
    assert (saved_dir / "thu-nghiem.json").read_text(encoding="utf-8") == "{ broken"


def test_the_file_keeps_a_readers_key_order():
    doc = {"regions": [{"view": None, "span": [1, 1], "cell": [0, 0], "id": "a"}], "grid": {"rows": 1, "cols": 1},
           "title": {"vi": "A"}, "id": "a", "schema_version": 2}
    assert list(json.loads(layout_bytes(doc))) == ["schema_version", "id", "title", "grid", "regions"]
    assert list(json.loads(layout_bytes(doc))["regions"][0]) == ["id", "cell", "span", "view"]


# -- the routes ------------------------------------------------------------------------------------------------
@pytest.fixture
def api(tmp_path: Path, layouts_dir: Path):
    library = LayoutLibrary.load_dir(layouts_dir, tmp_path / "state" / "layouts")
    controller = Controller(library, WallGeometry(), StateStore(tmp_path / "state.json"))
    controller.restore()
    bus = EventBus()
    audit = AuditLog(tmp_path / "audit.jsonl")
    port = ControllerPort("thử", controller, CommandDesk(controller, audit, bus),
                          layout_store=LayoutStore(tmp_path / "state" / "layouts", library, layouts_dir))
    tokens = TokenStore(tmp_path / "api-tokens.json")

    def call(method: str, path: str, role: str, body=None):
        r = Api(tokens, port, bus, audit).handle(method, "/api/v1" + path, "",
                                                 {"Authorization": f"Bearer {tokens.token(role)}"},
                                                 json.dumps(body).encode() if body is not None else b"")
        return r.status, json.loads(r.body)

    return call, controller, bus, audit


def test_a_technician_saves_and_applies_a_layout_consoles_hear_of_it_and_it_is_audited(api):
    call, controller, bus, audit = api
    seq = bus.seq
    status, out = call("PUT", "/layouts/thu-nghiem", "technician", {"layout": NEW, "base_revision": None,
                                                                    "apply": True})
    assert status == 200 and out["applied"] and out["created"], out
    assert controller.state.layout.id == "thu-nghiem" and controller.state.views["lon"] == {"kind": "overview"}
    status, got = call("GET", "/layouts/thu-nghiem", "viewer")
    assert status == 200 and got["layout"] == NEW and got["revision"] == out["revision"]
    events, _ = bus.since(seq)
    assert "layouts" in [e.kind for e in events]
    listed = next(e for e in events if e.kind == "layouts").data["layouts"]
    assert "thu-nghiem" in [lay["id"] for lay in listed]
    entry = [json.loads(line) for line in audit.export().decode().splitlines()][-2]  # then the apply_layout
    assert entry["who"] == "technician" and entry["command"]["command"] == "save_layout"


def test_the_layout_shown_is_not_deleted_and_an_id_must_match_its_address(api):
    call, controller, _, _ = api
    shown = controller.state.layout.id
    status, out = call("DELETE", f"/layouts/{shown}", "technician")
    assert status == 409 and "apply another layout before deleting it" in out["error"]
    status, out = call("PUT", "/layouts/khac", "technician", {"layout": NEW, "base_revision": None})
    assert status == 400 and "must be the id in the address" in out["error"]
    status, out = call("PUT", "/layouts/thu-nghiem", "technician", {"layout": NEW, "base_revision": 7})
    assert status == 400 and "base_revision" in out["error"]


@pytest.mark.parametrize("role", ["viewer", "operator"])
def test_only_the_technician_changes_layouts_and_presets_and_the_operator_recalls_them(api, role):
    call, controller, _, _ = api
    assert call("POST", "/commands", "technician", {"command": "save_preset", "name": "Giao ban"})[0] == 200
    before = controller.state.revision, dict(controller.presets)
    refused = [
        call("PUT", "/layouts/thu-nghiem", role, {"layout": NEW, "base_revision": None}),
        call("DELETE", "/layouts/khan-cap", role),
        call("POST", "/commands", role, {"command": "save_preset", "name": "Mới"}),
        call("POST", "/commands", role, {"command": "rename_preset", "name": "Giao ban", "to": "Họp"}),
        call("POST", "/commands", role, {"command": "delete_preset", "name": "Giao ban"}),
    ]
    assert [status for status, _ in refused] == [403] * 5, refused
    assert all(role in (out.get("error") or out.get("reason")) for _, out in refused)
    assert (controller.state.revision, controller.presets) == before
    recall = call("POST", "/commands", role, {"command": "recall_preset", "name": "Giao ban"})
    apply = call("POST", "/commands", role, {"command": "apply_layout", "layout": "khan-cap"})
    assert [recall[0], apply[0]] == ([200, 200] if role == "operator" else [403, 403])
    assert call("GET", "/layouts/khan-cap", role)[0] == 200  # everyone reads


def test_a_preset_is_renamed_and_a_taken_name_refused(api):
    call, controller, _, _ = api
    for name in ("Giao ban", "Họp"):
        assert call("POST", "/commands", "technician", {"command": "save_preset", "name": name})[0] == 200
    status, out = call("POST", "/commands", "technician", {"command": "rename_preset", "name": "Giao ban",
                                                           "to": "Họp"})
    assert status == 422 and "a preset named 'Họp' already exists" in out["reason"]
    status, _ = call("POST", "/commands", "technician", {"command": "rename_preset", "name": "Giao ban",
                                                         "to": "Giao ban sáng thứ Hai"})
    assert status == 200 and sorted(controller.presets) == ["Giao ban sáng thứ Hai", "Họp"]
    assert controller.store.load()["presets"].keys() == controller.presets.keys()  # stored too


def test_a_save_that_drops_a_region_the_loaded_meetings_agenda_uses_is_saved_and_says_so(api):
    call, controller, _, _ = api
    status, out = call("PUT", "/layouts/thu-nghiem", "technician", {"layout": NEW, "base_revision": None})
    assert status == 200
    meeting = {"schema_version": 1, "title": "Giao ban tháng", "starts_at": "2025-03-03T08:00:00+07:00",
               "layout": "thu-nghiem", "items": [
                   {"title": "Khai mạc", "minutes": 5, "views": {"lon": {"kind": "overview"}}},
                   {"title": "Cảnh báo", "minutes": 10, "views": {"canh-bao": {"kind": "alerts"}}},
                   {"title": "Tổng kết", "minutes": 5, "views": {"canh-bao": {"kind": "clock"}}}]}
    status, got = call("POST", "/commands", "operator", {"command": "load_meeting", "meeting": meeting})
    assert status == 200, got
    smaller = copy.deepcopy(NEW)
    smaller["regions"] = [r for r in smaller["regions"] if r["id"] != "canh-bao"]
    status, saved = call("PUT", "/layouts/thu-nghiem", "technician", {"layout": smaller,
                                                                     "base_revision": out["revision"]})
    assert status == 200 and controller.library.get("thu-nghiem").region_ids == ["lon", "dong-ho"]
    assert [w["message"] for w in saved["warnings"] if "meeting" in w["message"]] == [
        "the loaded meeting 'Giao ban tháng' shows region 'canh-bao' at agenda item 2, 3, which this layout no "
        "longer has"]
    status, again = call("PUT", "/layouts/thu-nghiem", "technician", {"layout": NEW,
                                                                    "base_revision": saved["revision"]})
    assert status == 200 and not [w for w in again["warnings"] if "meeting" in w["message"]]  # the region is back


# -- ids Windows reserves as file names (issue 19) -------------------------------------------------------------
@pytest.mark.parametrize("layout_id", ["con", "nul", "aux", "com1", "lpt9"])
def test_a_layout_id_windows_reserves_as_a_file_name_is_refused_and_nothing_is_written(api, saved_dir, layout_id):
    """A layout is saved as ``<id>.json``: ``con.json`` on a Windows PC opens the console device, not a file."""
    call, controller, bus, _ = api
    seq, shown = bus.seq, controller.state.layout.id
    status, out = call("PUT", f"/layouts/{layout_id}", "technician",
                       {"layout": {**NEW, "id": layout_id}, "base_revision": None, "apply": True})
    assert status == 400, out
    (problem,) = out["problems"]
    assert problem["path"] == "$.id" and problem["code"] == "name.reserved_device"
    assert f"{layout_id.upper()} is a device name Windows reserves" in problem["message"]
    assert "not valid" in out["error"] and "Windows" in out["error"]
    assert not saved_dir.exists() or not list(saved_dir.iterdir())
    assert call("GET", f"/layouts/{layout_id}", "viewer")[0] == 404 and controller.state.layout.id == shown
    assert "layouts" not in [e.kind for e in bus.since(seq)[0]]


@pytest.mark.parametrize("layout_id", ["Nul", "aux.json", "con."])
def test_a_layout_id_that_is_no_slug_is_refused_too(api, saved_dir, layout_id):
    """Ids are slugs (lower-case): the address refuses these before the check of reserved names is reached."""
    call, _, _, _ = api
    status, out = call("PUT", f"/layouts/{layout_id}", "technician",
                       {"layout": {**NEW, "id": layout_id}, "base_revision": None})
    assert status == 404 and out["error"] == f"no such route: /api/v1/layouts/{layout_id}", out
    assert not saved_dir.exists() or not list(saved_dir.iterdir())


def test_the_loader_refuses_a_layout_file_whose_id_is_reserved_naming_file_path_and_problem(tmp_path: Path):
    folder = tmp_path / "layouts"
    folder.mkdir()
    (folder / "thu-nghiem.json").write_text(json.dumps(NEW), encoding="utf-8")
    (folder / "prn.json").write_text(json.dumps({**NEW, "id": "prn"}), encoding="utf-8")
    library = LayoutLibrary.load_dir(folder)
    assert library.get("prn") is None and library.get("thu-nghiem") is not None
    said = [str(p) for p in library.problems if p.severity == "error"]
    assert said == [f"{folder / 'prn.json'}: $.id: 'prn' cannot be used: PRN is a device name Windows reserves, so "
                    "no file may be called so (with any extension); choose another id"], said


# -- web addresses in layouts (issue 19) -----------------------------------------------------------------------
def _with_web(url: str) -> dict:
    doc = copy.deepcopy(NEW)
    doc["regions"][2]["view"] = {"kind": "web", "url": url}
    return doc


@pytest.mark.parametrize("url", ["https://admin:matkhau@dichvucong.nghean.gov.vn/bang-tin",
                                 "https://dichvucong.nghean.gov.vn/bang-tin?ky=1&access_token=bimat",
                                 "https://dichvucong.nghean.gov.vn/bang-tin?%74oken=bimat"])
def test_a_layout_whose_web_address_carries_a_credential_is_refused_naming_region_and_path(api, saved_dir, url):
    """Stored, returned by GET /layouts and in every backup: a password or token in it would be readable by all."""
    call, controller, bus, audit = api
    seq, shown = bus.seq, controller.state.layout.id
    status, out = call("PUT", "/layouts/thu-nghiem", "technician", {"layout": _with_web(url), "base_revision": None,
                                                                    "apply": True})
    assert status == 400, out
    (problem,) = out["problems"]
    assert problem["path"] == "$.regions[2].view.url" and "region 'canh-bao'" in problem["message"]
    assert "credential" in problem["message"] and "credential" in out["error"]
    assert "matkhau" not in json.dumps(out) and "bimat" not in json.dumps(out)  # the answer does not repeat it
    assert not saved_dir.exists() or not list(saved_dir.iterdir())
    assert call("GET", "/layouts/thu-nghiem", "viewer")[0] == 404 and controller.state.layout.id == shown
    assert "layouts" not in [e.kind for e in bus.since(seq)[0]]
    assert "bimat" not in audit.export().decode() and "matkhau" not in audit.export().decode()


def test_a_layout_showing_a_host_off_the_web_allowlist_is_saved_with_a_warning_at_its_address(api):
    from ioc_core.setup.webpolicy import WebAllowlist

    call, controller, _, _ = api
    controller.web_allow = WebAllowlist(("*.nghean.gov.vn",))
    status, out = call("PUT", "/layouts/thu-nghiem", "technician",
                       {"layout": _with_web("https://example.com/bang-tin"), "base_revision": None})
    assert status == 200 and out["saved"] == "thu-nghiem", out
    (warning,) = [w for w in out["warnings"] if w["path"] == "$.regions[2].view.url"]
    assert warning["code"] == "web.not_allowed" and warning["severity"] == "warning"
    assert warning["message"] == "host 'example.com' is not in the wall's web allowlist (allowed: *.nghean.gov.vn)"
    status, out = call("PUT", "/layouts/thu-nghiem", "technician",  # an allowed host: nothing to say
                       {"layout": _with_web("https://dichvucong.nghean.gov.vn/"), "base_revision": out["revision"]})
    assert status == 200 and not [w for w in out["warnings"] if w["path"].endswith(".url")], out


def test_the_loader_skips_a_layout_file_with_a_credential_in_a_web_address_naming_file_and_path(tmp_path: Path):
    folder = tmp_path / "layouts"
    folder.mkdir()
    (folder / "thu-nghiem.json").write_text(json.dumps(_with_web("https://u:matkhau@portal.gov.vn/")),
                                            encoding="utf-8")
    (folder / "khac.json").write_text(json.dumps({**NEW, "id": "khac"}), encoding="utf-8")
    library = LayoutLibrary.load_dir(folder)
    assert library.get("thu-nghiem") is None and library.get("khac") is not None
    (problem,) = [p for p in library.problems if p.severity == "error"]
    assert (problem.file, problem.path) == (str(folder / "thu-nghiem.json"), "$.regions[2].view.url")
    assert "region 'canh-bao'" in problem.message and "matkhau" not in str(problem)
