"""The control API's Qt-free core: token file, audit chain, event ring, and the routes fuzzed with hypothesis
against a real controller (no 5xx, never an inconsistent state)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ioc_core.alerts import AlertBook
from ioc_core.api.audit import AuditLog
from ioc_core.api.desk import CommandDesk
from ioc_core.api.events import EventBus
from ioc_core.api.port import ControllerPort
from ioc_core.api.routes import Api
from ioc_core.api.tokens import TokenError, TokenStore
from ioc_core.catalogue import load_catalogue
from ioc_core.control.commands import COMMANDS
from ioc_core.control.controller import Controller
from ioc_core.control.saved_state import StateStore
from ioc_core.layouts import LayoutLibrary
from ioc_core.setup.geometry import WallGeometry

from ..common import ROOT, SHIPPED_LAYOUTS

CAT = load_catalogue()


def test_tokens_are_created_private_and_compared_whole(tmp_path: Path):
    store = TokenStore(tmp_path / "t" / "api-tokens.json")
    assert os.stat(store.path).st_mode & 0o777 == 0o600
    op = store.token("operator")
    assert len(op) >= 40 and store.token("viewer") != op
    assert store.authenticate(f"Bearer {op}").role == "operator"
    for bad in (None, "", op, f"Bearer {op[:-1]}", f"Bearer {op}x", f"bearer {op}", "Bearer "):
        assert store.authenticate(bad) is None
    again = TokenStore(store.path)  # a restart keeps the tokens
    assert again.token("operator") == op


def test_a_token_file_readable_by_others_is_tightened(tmp_path: Path):
    path = TokenStore(tmp_path / "api-tokens.json").path
    os.chmod(path, 0o644)
    TokenStore(path)
    assert os.stat(path).st_mode & 0o777 == 0o600


@pytest.mark.parametrize(("tokens", "words"), [
    ([{"name": "a", "role": "god", "token": "x" * 30}], "role must be one of share, viewer, operator, technician"),
    ([{"name": "a", "role": "viewer", "token": "short"}], "at least 24 characters"),
    ([{"role": "viewer", "token": "x" * 30}], "needs a name"),
])
def test_a_bad_token_file_names_the_problem(tmp_path: Path, tokens, words):
    path = tmp_path / "api-tokens.json"
    path.write_text(json.dumps({"schema_version": 1, "tokens": tokens}))
    os.chmod(path, 0o600)
    with pytest.raises(TokenError, match=words):
        TokenStore(path)


def test_the_audit_chain_shows_an_edited_or_removed_line(tmp_path: Path):
    log = AuditLog(tmp_path / "audit.jsonl", clock=lambda: 1_800_000_000.0)
    for n in range(4):
        log.append("operator", {"command": "identify", "on": bool(n % 2)}, n, n + 1)
    assert log.verify() == (True, "")
    assert AuditLog(log.path).append("operator", {"command": "identify", "on": True}, 4, 5)["seq"] == 5  # resumes
    lines = log.path.read_text().splitlines()
    edited = lines[:]
    edited[1] = edited[1].replace('"operator"', '"someone-else"')
    log.path.write_text("\n".join(edited) + "\n")
    assert log.verify() == (False, "line 2: content changed after it was written")
    log.path.write_text("\n".join(lines[:1] + lines[2:]) + "\n")
    assert log.verify() == (False, "line 2: entry 3 follows entry 1: entry 2 is missing (lines removed or "
                                   "reordered)")


def test_the_event_ring_says_when_a_console_fell_too_far_behind():
    bus = EventBus(keep=3)
    for n in range(5):
        bus.publish("state", {"revision": n})
    events, gap = bus.since(3)
    assert [e.seq for e in events] == [4, 5] and not gap
    events, gap = bus.since(1)  # 2 is gone: read the state afresh
    assert gap
    assert bus.since(5) == ([], False)


# -- fuzzing the routes ---------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def api(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("fuzz")
    controller = Controller(LayoutLibrary.load_dir(SHIPPED_LAYOUTS), WallGeometry(), StateStore(tmp / "state.json"))
    controller.restore()
    bus = EventBus()
    desk = CommandDesk(controller, AuditLog(tmp / "audit.jsonl"), bus)
    book = AlertBook(tmp / "alerts.json")
    book.observe("mt-aqi", "moitruong", "province", "threshold", "critical", "AQI", value=180.0)
    tokens = TokenStore(tmp / "api-tokens.json")
    return Api(tokens, ControllerPort("thử", controller, desk, book, CAT), bus, desk.audit), controller, tokens


json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-10, 200) | st.text(max_size=12) | st.sampled_from(
        ["tong-quan", "khan-cap", "yte", "hcc", "sector", "moitruong", "overview", "map", "clock"]),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(
        st.sampled_from(["kind", "sector", "layer", "indicator", "x"]), children, max_size=3),
    max_leaves=8)
commands = st.fixed_dictionaries(
    {"command": st.sampled_from([*COMMANDS, "nope"])},
    optional={k: json_values for k in ["layout", "region", "view", "a", "b", "name", "screen", "on", "priority",
                                       "base_revision", "force", "rule", "paused"]})


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=st.one_of(commands.map(lambda c: json.dumps(c).encode()), st.binary(max_size=64)),
       path=st.sampled_from(["/api/v1/commands", "/api/v1/alerts/mt-aqi/province/threshold/1/ack",
                             "/api/v1/state", "/api/v1/screens/0/0/snapshot", "/api/v1/../state"]),
       method=st.sampled_from(["POST", "GET", "PUT"]))
def test_the_routes_never_fail_and_never_leave_an_inconsistent_state(api, body, path, method):
    routes, controller, tokens = api
    before = controller.state.revision
    r = routes.handle(method, path, "", {"Authorization": f"Bearer {tokens.token('operator')}"}, body)
    assert 200 <= r.status < 500, (r.status, r.body)
    json.loads(r.body) if r.content_type.startswith("application/json") else None
    state = controller.state
    assert state.revision >= before
    region_ids = {reg.id for reg in state.layout.regions}
    assert set(state.views) == region_ids  # every region has exactly one entry, none left from another layout
    assert set(state.holds) <= region_ids
    assert all(0 <= r < 3 and 0 <= c < 3 for r, c in state.blackout)
    doc = state.to_json()
    assert [reg["id"] for reg in doc["regions"]] == [reg.id for reg in state.layout.regions]


@pytest.mark.parametrize(("body", "words"), [
    (b'{"command": "save_preset", "name": "\\ud800"}', "unpaired UTF-16 surrogate"),
    (b"[" * 30000, "nested too deeply"),
    (b"\xff\xfe", "not UTF-8"),
])
def test_bodies_that_are_json_but_not_text_are_refused_and_the_wall_keeps_saving(api, body, words):
    routes, controller, tokens = api
    r = routes.handle("POST", "/api/v1/commands", "", {"Authorization": f"Bearer {tokens.token('operator')}"}, body)
    assert r.status == 400 and words in json.loads(r.body)["error"]
    ok = routes.handle("POST", "/api/v1/commands", "", {"Authorization": f"Bearer {tokens.token('technician')}"},
                       json.dumps({"command": "save_preset", "name": "sau"}).encode())
    assert ok.status == 200 and controller.save()


def test_huge_screen_numbers_are_a_404_not_a_crash(api):
    routes, _, tokens = api
    r = routes.handle("GET", "/api/v1/screens/" + "9" * 5000 + "/0/snapshot", "",
                      {"Authorization": f"Bearer {tokens.token('viewer')}"}, b"")
    assert r.status == 404


def test_audit_verify_names_foreign_lines_and_sees_a_cut_tail(tmp_path: Path):
    log = AuditLog(tmp_path / "audit.jsonl")
    for n in range(3):
        log.append("operator", {"command": "identify", "on": True}, n, n + 1)
    lines = log.path.read_text().splitlines()
    log.path.write_text("\n".join(lines[:2]) + "\n")
    assert log.verify() == (False, "the file ends at line 2 but this wall has written 3 entries (lines cut from "
                                   "the end)")
    log.path.write_text("\n".join([lines[0], "[]"]) + "\n")
    assert log.verify() == (False, "line 2: not an audit entry")


def test_a_console_that_knows_a_later_event_than_the_wall_gets_the_state_afresh():
    bus = EventBus()
    bus.publish("state", {"revision": 1})
    assert bus.since(120) == ([], True)  # the wall restarted; its numbers began again


def test_advertising_on_every_interface_asks_zeroconf_for_all_of_them():
    from zeroconf import InterfaceChoice

    from ioc_core.api.discovery import Advertiser

    assert Advertiser("Tường", 8765, 3, 3, None)._interfaces is InterfaceChoice.All  # "all" is no zeroconf value
    assert Advertiser("Tường", 8765, 3, 3, "all")._interfaces is InterfaceChoice.All
    assert Advertiser("Tường", 8765, 3, 3, ["127.0.0.1"])._interfaces == ["127.0.0.1"]


def test_a_token_file_from_before_the_share_out_gains_a_share_token_and_keeps_its_own(tmp_path):
    path = tmp_path / "api-tokens.json"
    old = [{"name": "console-a", "role": "operator", "token": "o" * 32},
           {"name": "viewer", "role": "viewer", "token": "v" * 32}]
    path.write_text(json.dumps({"schema_version": 1, "tokens": old}))
    path.chmod(0o600)
    store = TokenStore(path)
    share = store.token("share")
    assert share and len(share) >= 32 and share not in ("o" * 32, "v" * 32)
    assert store.authenticate("Bearer " + "o" * 32).name == "console-a"
    doc = json.loads(path.read_text())
    assert doc["tokens"][:2] == old and doc["tokens"][2]["role"] == "share"
    assert path.stat().st_mode & 0o777 == 0o600
    assert TokenStore(path).token("share") == share  # added once, not at every start


def test_a_full_audit_file_is_moved_aside_and_the_chain_runs_on_across_the_files(tmp_path: Path):
    log = AuditLog(tmp_path / "audit.jsonl", max_bytes=1500, keep=3)
    for n in range(8):
        log.append("operator", {"command": "identify", "on": bool(n % 2)}, n, n + 1)
    aside = log.part(1)
    assert aside.exists() and not log.part(2).exists()  # nothing dropped yet
    assert all(p.stat().st_size <= 1500 for p in log.parts())
    first = json.loads(log.path.read_text().splitlines()[0])
    assert first["prev"] == json.loads(aside.read_text().splitlines()[-1])["mac"]  # chained to the file aside
    assert log.verify() == (True, "")
    # nothing dropped yet: the chain still has to begin at the first entry ever written
    lines = aside.read_text().splitlines()
    aside.write_text("\n".join(lines[1:]) + "\n")
    assert log.verify() == (False, "audit.jsonl.1 line 1: the log begins at entry 2: entry 1 is missing (a file "
                                   "moved aside was removed, or lines cut from the start)")
    aside.write_text("\n".join(lines) + "\n")

    for n in range(8, 60):
        log.append("operator", {"command": "identify", "on": bool(n % 2)}, n, n + 1)
    assert [p.name for p in log.parts()] == ["audit.jsonl.3", "audit.jsonl.2", "audit.jsonl.1", "audit.jsonl"]
    assert log.verify() == (True, "")  # the oldest kept begins after entries dropped with older files
    seqs = [json.loads(line)["seq"] for p in log.parts() for line in p.read_text().splitlines()]
    assert seqs == list(range(seqs[0], 61)) and seqs[0] > 1
    assert log.export(2) == log.part(2).read_bytes() and log.export(7) == b""

    middle = log.part(2).read_text().splitlines()
    middle[1] = middle[1].replace('"operator"', '"someone-else"')
    log.part(2).write_text("\n".join(middle) + "\n")
    assert log.verify() == (False, "audit.jsonl.2 line 2: content changed after it was written")


def test_a_wall_stopped_just_after_moving_its_audit_file_aside_goes_on_from_that_file(tmp_path: Path):
    log = AuditLog(tmp_path / "audit.jsonl", max_bytes=1500, keep=3)
    for n in range(5):
        log.append("operator", {"command": "identify", "on": True}, n, n + 1)
    log.part(1).replace(log.part(2))  # moved aside as the wall does, and the wall stopped before its next line
    log.path.replace(log.part(1))
    again = AuditLog(log.path, max_bytes=1500, keep=3)
    assert again.append("operator", {"command": "identify", "on": False}, 5, 6)["seq"] == 6
    assert again.verify() == (True, "")


def test_the_audit_route_gives_a_file_moved_aside_and_refuses_a_part_it_does_not_keep(api):
    routes, _, tokens = api
    auth = {"Authorization": f"Bearer {tokens.token('operator')}"}
    assert routes.handle("GET", "/api/v1/audit", "part=1", auth, b"").status == 200  # none yet: no lines
    for bad in ("-1", "x", "13", "9" * 400, "²", "١"):
        r = routes.handle("GET", "/api/v1/audit", f"part={bad}", auth, b"")
        assert r.status == 400 and "part must be a whole number from 0" in json.loads(r.body)["error"], bad


def test_verify_while_commands_are_appended_and_files_moved_aside_raises_no_false_alarm(tmp_path: Path):
    import threading

    log = AuditLog(tmp_path / "audit.jsonl", max_bytes=20000, keep=4)  # some 70 lines a file
    done = threading.Event()

    def commands():
        for n in range(1500):
            log.append("operator", {"command": "identify", "on": bool(n % 2)}, n, n + 1)
        done.set()

    writer = threading.Thread(target=commands)
    writer.start()
    said = set()
    while not done.is_set():
        said.add(log.verify())
    writer.join()
    assert said <= {(True, "")}, said
    assert log.verify() == (True, "") and log.part(4).exists()  # files were moved aside and dropped meanwhile


def test_a_new_share_token_replaces_the_old_one_and_a_file_it_cannot_load_is_left_as_it_was(tmp_path: Path):
    store = TokenStore(tmp_path / "api-tokens.json")
    old = store.token("share")
    new = store.rotate("share")
    assert new != old and store.token("share") == new
    assert store.authenticate(f"Bearer {old}") is None and store.authenticate(f"Bearer {new}").role == "share"
    assert TokenStore(store.path).token("share") == new  # in the file: a restart keeps it
    doc = json.loads(store.path.read_text())
    doc["tokens"].append({"name": "tay", "role": "viewer", "token": "ngan"})  # a hand edit the wall cannot load
    store.path.write_text(json.dumps(doc))
    before = store.path.read_bytes()
    with pytest.raises(TokenError, match="at least 24 characters"):
        store.rotate("share")
    assert store.path.read_bytes() == before and store.authenticate(f"Bearer {new}").role == "share"


def test_the_openapi_file_describes_every_route_with_its_role_and_is_the_routers_own():
    """docs/openapi.json is what the router says now (scripts/openapi.py writes it); every route is in it with the
    role its token needs and words saying what it does."""
    import importlib.util

    from ioc_core.api import routes
    from ioc_core.api.openapi import spec, template

    script = importlib.util.spec_from_file_location("openapi_script", ROOT / "scripts" / "openapi.py")
    module = importlib.util.module_from_spec(script)
    script.loader.exec_module(module)
    assert (ROOT / "docs" / "openapi.json").read_text(encoding="utf-8") == module.document(), \
        "docs/openapi.json is out of date: run .venv/bin/python scripts/openapi.py"
    table = Api(None, None, None)._routes
    doc = spec(table, routes.__doc__)
    for verb, pattern, role, _ in table:
        op = doc["paths"][template(pattern)[0]][verb.lower()]
        assert op["x-role"] == role and len(op["description"]) > 10, (verb, pattern)
    assert doc["paths"]["/layouts/{layout}"]["put"]["parameters"][0]["name"] == "layout"
    assert doc["paths"]["/events"]["get"]["x-role"] == "viewer"


def test_the_views_a_console_offers_are_titled_in_words_not_ids(api):
    """GET /views: a map names its layer as the wall's map does ("Bản đồ: Sự cố", not "Bản đồ: incidents")."""
    from ioc_core.api.port import MAP_LAYER_TITLES
    from ioc_core.catalogue.mapdata import LAYERS

    assert set(MAP_LAYER_TITLES) == set(LAYERS)  # a new layer is given its words
    views = api[0].port.views()["views"]
    maps = {v["layer"]: v["title"] for v in views if v["kind"] == "map"}
    assert maps["incidents"] == "Bản đồ: Sự cố" and maps["safety"] == "Bản đồ: An ninh, trật tự"
    for view in views:
        assert not any(view.get(k) and str(view[k]) in view["title"].split(": ")[-1].split()
                       for k in ("layer", "sector", "indicator", "group", "camera")), view
