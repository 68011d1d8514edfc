"""Commands as classes (Qt-free): read once with the field named when wrong, applied as a pure transition, safe to
send twice in their retry forms (swap with expect or positions, meeting goto, next/prev from an item), refusals typed
and turned into statuses by the API only; and a state file of the previous version migrated, not set aside."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from ioc_core.api.audit import AuditLog
from ioc_core.api.desk import CommandDesk
from ioc_core.api.events import EventBus
from ioc_core.api.port import ControllerPort
from ioc_core.api.routes import Api
from ioc_core.api.tokens import TokenStore
from ioc_core.control.commands import (
    COMMAND_CLASSES,
    COMMAND_ROLES,
    Change,
    CommandError,
    Refused,
    parse_command,
    request_schema,
)
from ioc_core.control.controller import Controller
from ioc_core.control.saved_state import STATE_SCHEMA_VERSION, StateStore
from ioc_core.layouts import LayoutLibrary
from ioc_core.setup.geometry import WallGeometry

from ..common import ROOT, SHIPPED_LAYOUTS, Clock

CAMERA = {"kind": "camera", "camera": "cau-rong"}
SECTOR = {"kind": "sector", "sector": "hcc"}
DEMO_MEETING = json.loads((ROOT / "meetings" / "giao-ban-thang-11.json").read_text())


@pytest.fixture(scope="module")
def lib() -> LayoutLibrary:
    return LayoutLibrary.load_dir(SHIPPED_LAYOUTS)


def make(lib, store=None, **kw) -> Controller:
    c = Controller(lib, WallGeometry(), store, **kw)
    c.restore()
    return c


# -- the classes -----------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("doc", "problem", "field"), [
    ({"command": "show_view", "region": "yte", "view": CAMERA, "priority": 0}, "show_view: priority: 0 is less than "
                                                                                "the minimum of 1", "priority"),
    ({"command": "save_preset", "name": ""}, "save_preset: name: '' should be non-empty", "name"),
    ({"command": "swap_regions", "a": "yte"}, "'a' and 'b' are required", "b"),
    ({"command": "swap_regions", "a": "yte", "b": "hcc", "positions": {"yte": None}}, "either \"positions\"",
     "positions"),
    ({"command": "swap_regions", "a": "yte", "b": "hcc", "expect": {"yte": None, "x": None}},
     "expect: name the views of 'yte' and 'hcc'", ""),
    ({"command": "meeting", "action": "goto"}, "goto needs the item's number", ""),
    ({"command": "meeting", "action": "pause", "from_item": 2}, "from_item goes with next or prev", ""),
    ({"command": "blackout", "screen": [0]}, "blackout: screen: [0] is too short", "screen"),
    ({"command": 7}, "missing 'command'", "command"),
])
def test_a_malformed_command_raises_a_typed_error_naming_the_field(doc, problem, field):
    with pytest.raises(CommandError) as caught:
        parse_command(doc)
    assert problem in caught.value.problem and caught.value.field == field


def test_each_command_is_a_class_with_its_role_and_the_same_fields_back():
    assert COMMAND_ROLES == {"save_preset": "technician", "rename_preset": "technician",
                             "delete_preset": "technician"}
    assert [n for n, c in COMMAND_CLASSES.items() if c.wall_only] == ["rule_show"]
    for doc in ({"command": "rename_preset", "name": "a", "to": "b"},
                {"command": "swap_regions", "a": "yte", "b": "hcc", "expect": {"yte": None, "hcc": SECTOR}},
                {"command": "meeting", "action": "next", "from_item": 2}, {"command": "blackout"},
                {"command": "share", "screen": [0, 1]}):
        assert parse_command(doc).to_json() == doc
    # the API's request schema is the classes' own, with the desk's two fields; the wall's own command is not in it
    schemas = request_schema()["oneOf"]
    assert [s["title"] for s in schemas] == [n for n, c in COMMAND_CLASSES.items() if not c.wall_only]
    swap = next(s for s in schemas if s["title"] == "swap_regions")
    assert {"a", "b", "expect", "positions", "base_revision", "force"} <= set(swap["properties"])


def test_apply_is_a_pure_transition_and_refusals_are_typed(lib):
    c = make(lib)
    before, presets = c.state, dict(c.presets)
    out = parse_command({"command": "show_view", "region": "yte", "view": CAMERA}).apply(c.state, c)
    assert isinstance(out, Change) and out.state.views["yte"] == CAMERA
    assert c.state is before and c.state.views["yte"] != CAMERA and c.presets == presets  # nothing changed yet
    saved = parse_command({"command": "save_preset", "name": "sang"}).apply(c.state, c)
    assert set(saved.presets) == {"sang"} and c.presets == {}
    assert parse_command({"command": "apply_layout", "layout": "khong-co"}).apply(c.state, c).kind == "not_found"
    assert parse_command({"command": "meeting", "action": "next"}).apply(c.state, c) == \
        Refused("conflict", "no meeting is loaded (load_meeting first)")
    r = c.execute({"command": "clear_region", "region": "khong-co"})
    assert not r.accepted and r.to_json()["refused"] == "not_found" and c.state is before


# -- the same request twice is one (a retry after a lost answer) -----------------------------------------------

def twice(c: Controller, cmd: dict) -> tuple:
    first = c.execute(cmd)
    once = (c.state, first.revision)
    second = c.execute(cmd)
    assert first.accepted and second.accepted, (first, second)
    assert (c.state, second.revision) == once and not second.changed
    return first, second


def test_swap_with_expect_sent_twice_swaps_once(lib):
    c = make(lib)
    c.execute({"command": "show_view", "region": "yte", "view": CAMERA})
    c.execute({"command": "show_view", "region": "hcc", "view": SECTOR})
    rev = c.state.revision
    first, _ = twice(c, {"command": "swap_regions", "a": "yte", "b": "hcc", "expect": {"yte": CAMERA, "hcc": SECTOR}})
    assert first.changed and first.revision == rev + 1
    assert (c.state.views["yte"], c.state.views["hcc"]) == (SECTOR, CAMERA)
    # the old form swaps back when sent again (kept for consoles in the field)
    c.execute({"command": "swap_regions", "a": "yte", "b": "hcc"})
    assert (c.state.views["yte"], c.state.views["hcc"]) == (CAMERA, SECTOR)
    # a region changed since the sender looked: nothing swapped, and it says which
    c.execute({"command": "show_view", "region": "hcc", "view": {"kind": "clock"}})
    r = c.execute({"command": "swap_regions", "a": "yte", "b": "hcc", "expect": {"yte": CAMERA, "hcc": SECTOR}})
    assert not r.accepted and r.refused == "conflict" and "region 'hcc' no longer shows" in r.reason
    assert c.state.views["hcc"] == {"kind": "clock"}


def test_swap_by_positions_sent_twice_is_one_change(lib):
    c = make(lib)
    rev = c.state.revision
    twice(c, {"command": "swap_regions", "positions": {"yte": SECTOR, "hcc": None}})
    assert (c.state.views["yte"], c.state.views["hcc"], c.state.revision) == (SECTOR, None, rev + 1)
    r = c.execute({"command": "swap_regions", "positions": {"yte": CAMERA, "khong-co": None}})
    assert not r.accepted and "has no region 'khong-co'" in r.reason and c.state.views["yte"] == SECTOR


def test_meeting_goto_and_guarded_next_sent_twice_move_once(lib):
    c = make(lib, clock=Clock(1795482000.0))
    c.execute({"command": "load_meeting", "meeting": DEMO_MEETING})
    first, second = twice(c, {"command": "meeting", "action": "goto", "item": 2})
    assert c.state.meeting.item == 1 and first.to_json()["item"] == second.to_json()["item"] == 2
    first, second = twice(c, {"command": "meeting", "action": "next", "from_item": 2})
    assert c.state.meeting.item == 2 and second.to_json()["item"] == 3  # the no-op answers where the meeting is
    twice(c, {"command": "meeting", "action": "prev", "from_item": 3})
    assert c.state.meeting.item == 1
    c.execute({"command": "meeting", "action": "next"})  # unguarded next still steps (older consoles)
    assert c.state.meeting.item == 2


def test_renaming_a_preset_again_is_no_error(lib):
    c = make(lib)
    c.execute({"command": "save_preset", "name": "sang"})
    twice(c, {"command": "rename_preset", "name": "sang", "to": "chieu"})
    assert set(c.presets) == {"chieu"}


def test_the_api_maps_kinds_to_statuses_and_a_retried_swap_keeps_its_revision(lib, tmp_path: Path):
    controller = make(lib)
    bus = EventBus()
    desk = CommandDesk(controller, AuditLog(tmp_path / "audit.jsonl"), bus)
    tokens = TokenStore(tmp_path / "api-tokens.json")
    api = Api(tokens, ControllerPort("thử", controller, desk), bus, desk.audit)

    def post(role: str, **cmd):
        r = api.handle("POST", "/api/v1/commands", "", {"Authorization": f"Bearer {tokens.token(role)}"},
                       json.dumps(cmd).encode())
        return r.status, json.loads(r.body)

    base = controller.state.revision
    assert post("operator", command="show_view", region="hcc", view=SECTOR)[0] == 200
    swap = {"command": "swap_regions", "a": "yte", "b": "hcc",
            "expect": {"yte": controller.state.views["yte"], "hcc": SECTOR}}
    first, again = post("operator", **swap), post("operator", **swap)
    assert first[0] == again[0] == 200 and first[1]["revision"] == again[1]["revision"] == base + 2
    assert again[1]["changed"] is False
    assert post("operator", command="apply_layout", layout="khong-co")[0] == 422
    assert post("operator", command="nope")[0] == 422
    assert post("operator", command="save_preset", name="x")[0] == 403
    assert post("operator", command="show_view", region="yte", view=CAMERA, base_revision=base)[0] == 200
    status, body = post("technician", command="clear_region", region="yte", base_revision=base)
    assert status == 409 and body["regions"] == ["yte"]


# -- a state file of the previous version is migrated -----------------------------------------------------------

VERSION_1 = {  # as the wall wrote it before schema_version 2 (StateStore.save with the controller's document)
    "schema_version": 1, "revision": 12, "layout": "hop",
    "views": {"trung-tam": {"kind": "sector", "sector": "hcc"}, "canh-bao": None},
    "blackout": [[0, 2]], "presets": {"sang": {"layout": "tong-quan", "views": {"yte": CAMERA}}},
    "holds": {"trung-tam": {"owner": "operator", "priority": 50, "until": None, "revert_view": None,
                            "previous": None, "reason": "", "duration_s": None}},
    "paused_rules": ["mt-aqi"], "meeting": None, "frozen_at": None, "share": {"wall": True},
    "power": None}


def test_a_state_file_of_the_previous_version_is_migrated_and_kept_as_previous(lib, tmp_path: Path):
    path = tmp_path / "state" / "state.json"
    path.parent.mkdir()
    written = json.dumps(VERSION_1, ensure_ascii=False, indent=2)
    path.write_text(written, encoding="utf-8")
    os.chmod(path, 0o600)
    store = StateStore(path)
    c = make(lib, store)
    # the wall comes back to the picture it had: nothing set aside, nothing reported
    assert store.set_aside is None and c.problems == [] and store.migrated_from == 1
    assert (c.state.revision, c.state.layout.id, c.state.views["trung-tam"]) == (12, "hop", SECTOR)
    assert c.state.blackout == {(0, 2)} and c.state.paused_rules == {"mt-aqi"} and c.state.share == {"wall": True}
    assert set(c.presets) == {"sang"} and c.state.holds["trung-tam"].owner == "operator"
    # the old file kept as it was, private; the file itself now of the current version
    previous = path.with_name("state.json.previous")
    assert previous.read_text(encoding="utf-8") == written
    assert stat.S_IMODE(previous.stat().st_mode) == 0o600
    now = json.loads(path.read_text(encoding="utf-8"))
    assert now["schema_version"] == STATE_SCHEMA_VERSION == 2 and now["revision"] == 12 and "saved_at" in now
    assert sorted(p.name for p in path.parent.iterdir()) == ["state.json", "state.json.previous"]
    # and a second start reads it as it is
    again = StateStore(path)
    assert make(lib, again).state.views["trung-tam"] == SECTOR and again.migrated_from is None


@pytest.mark.parametrize("doc", [{"schema_version": 99, "layout": "hop"}, {"layout": "hop"}, ["hop"]])
def test_only_a_state_file_no_migration_can_read_is_set_aside(lib, tmp_path: Path, doc):
    path = tmp_path / "state.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    store = StateStore(path)
    c = make(lib, store)
    assert store.set_aside is not None and json.loads(store.set_aside.read_text()) == doc
    assert c.state.layout.id == "tong-quan" and "saved state was corrupt" in c.problems[0].message



def test_the_openapi_request_schema_of_commands_takes_what_consoles_send():
    from jsonschema import Draft202012Validator

    doc = json.loads((ROOT / "docs" / "openapi.json").read_text(encoding="utf-8"))
    body = doc["paths"]["/commands"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    check = Draft202012Validator({**body, "components": doc["components"]})
    for sent in ({"command": "swap_regions", "a": "yte", "b": "hcc"}, {"command": "meeting", "action": "next"},
                 {"command": "meeting", "action": "goto", "item": 2, "base_revision": 4},
                 {"command": "show_view", "region": "yte", "view": CAMERA, "force": True},
                 {"command": "swap_regions", "positions": {"yte": CAMERA, "hcc": None}}):
        assert check.is_valid(sent), sent
    for wrong in ({"command": "swap_regions", "a": "yte"}, {"command": "show_view", "region": "yte",
                                                              "view": {"kind": "camera"}},
                  {"command": "rule_show", "rule": "r", "region": "yte", "view": None, "priority": 90,
                   "duration_s": 60}):
        assert not check.is_valid(wrong), wrong


def test_a_view_of_null_is_refused_with_its_field_not_a_server_error(lib, tmp_path: Path):
    """POST /commands {"command": "show_view", "region": "hcc", "view": null} answered 500 (a TypeError in the
    controller); it is a malformed command: 422 naming the field, nothing changed, nothing recorded."""
    controller = make(lib)
    desk = CommandDesk(controller, AuditLog(tmp_path / "audit.jsonl"), EventBus())
    tokens = TokenStore(tmp_path / "api-tokens.json")
    api = Api(tokens, ControllerPort("thử", controller, desk), EventBus(), desk.audit)
    before = controller.state
    for region in ("hcc", "khong-co"):
        r = api.handle("POST", "/api/v1/commands", "", {"Authorization": f"Bearer {tokens.token('operator')}"},
                       json.dumps({"command": "show_view", "region": region, "view": None}).encode())
        assert r.status == 422, r.body
        assert json.loads(r.body)["reason"] == "show_view: view: null is not a view (clear_region empties a region)"
    assert controller.state == before and not (tmp_path / "audit.jsonl").exists()
