"""The central image controller: commands, revisions, refusals, presets and state that survives a crash."""

from __future__ import annotations

import errno
import json
from pathlib import Path

import pytest

from ioc_core.control.controller import FALLBACK_LAYOUT_ID, Controller
from ioc_core.control.saved_state import StateStore
from ioc_core.layouts import LayoutLibrary
from ioc_core.setup.geometry import WallGeometry

from ..common import SHIPPED_LAYOUTS

CAMERA = {"kind": "camera", "camera": "cau-rong"}


@pytest.fixture
def lib() -> LayoutLibrary:
    return LayoutLibrary.load_dir(SHIPPED_LAYOUTS)


@pytest.fixture
def store(tmp_path: Path) -> StateStore:
    return StateStore(tmp_path / "state" / "state.json")


def make(lib, store=None, **kw) -> Controller:
    c = Controller(lib, WallGeometry(), store, **kw)
    c.restore()
    return c


def test_starts_on_the_overview_with_its_default_views(lib):
    c = make(lib)
    assert c.state.layout.id == "tong-quan"
    assert c.state.revision == 0
    assert c.state.views["hcc"] == {"kind": "sector", "sector": "hcc"}


def test_default_layout_from_configuration(lib):
    assert make(lib, default_layout="hop").state.layout.id == "hop"


def test_apply_layout_raises_revision_once_and_is_idempotent(lib):
    c = make(lib)
    first = c.execute({"command": "apply_layout", "layout": "camera"})
    assert (first.accepted, first.changed, first.revision) == (True, True, 1)
    again = c.execute({"command": "apply_layout", "layout": "camera"})
    assert (again.accepted, again.changed, again.revision) == (True, False, 1)
    assert c.state.layout.id == "camera"


def test_unknown_layout_is_refused_with_the_list_of_known_ones(lib):
    c = make(lib)
    r = c.execute({"command": "apply_layout", "layout": "khong-co"})
    assert not r.accepted
    assert r.reason == ("unknown layout 'khong-co' "
                        "(available: camera, hop, khan-cap, tap-trung-hcc, tong-quan, van-hanh)")
    assert (c.state.layout.id, c.state.revision) == ("tong-quan", 0)


def test_show_view_and_clear_region(lib):
    c = make(lib)
    assert c.execute({"command": "show_view", "region": "yte", "view": CAMERA}).changed
    assert c.state.views["yte"] == CAMERA
    assert not c.execute({"command": "show_view", "region": "yte", "view": CAMERA}).changed
    assert c.execute({"command": "clear_region", "region": "yte"}).changed
    assert c.state.views["yte"] is None
    assert c.state.revision == 2


@pytest.mark.parametrize(("cmd", "reason"), [
    ({"command": "show_view", "region": "khong", "view": CAMERA}, "layout 'tong-quan' has no region 'khong'"),
    ({"command": "show_view", "region": "yte", "view": {"kind": "radar"}}, "unknown view kind 'radar'"),
    ({"command": "show_view", "region": "yte", "view": {"kind": "camera"}}, "'camera' is a required property"),
    ({"command": "swap_regions", "a": "yte", "b": "x"}, "layout 'tong-quan' has no region 'x'"),
    ({"command": "blackout", "screen": [3, 0]}, "screen [3, 0] is not on this 3 x 3 wall"),
    ({"command": "recall_preset", "name": "hop-sang"}, "unknown preset 'hop-sang' (saved: none)"),
    ({"command": "reboot"}, "unknown command 'reboot'"),
    ({"command": "apply_layout"}, "apply_layout: 'layout' is a required property"),
    ({"command": "apply_layout", "layout": 5}, "apply_layout: layout: 5 is not of type 'string'"),
    ({"command": "identify", "on": True, "x": 1}, "Additional properties are not allowed ('x' was unexpected)"),
    ({"layout": "hop"}, "missing 'command'"),
    ("apply_layout hop", "a command must be a JSON object"),
])
def test_bad_commands_are_refused_with_a_reason_and_change_nothing(lib, cmd, reason):
    c = make(lib)
    before = c.state
    r = c.execute(cmd)
    assert not r.accepted
    assert reason in r.reason
    assert c.state == before


def test_swap_regions(lib):
    c = make(lib)
    assert c.execute({"command": "swap_regions", "a": "ktxh", "b": "antt"}).changed
    assert c.state.views["ktxh"]["sector"] == "antt"
    assert c.state.views["antt"]["sector"] == "ktxh"


def test_presets_save_and_recall_the_whole_wall(lib):
    c = make(lib)
    c.execute({"command": "apply_layout", "layout": "khan-cap"})
    c.execute({"command": "show_view", "region": "canh-bao", "view": CAMERA})
    assert c.execute({"command": "save_preset", "name": "bao-lu"}).changed
    c.execute({"command": "apply_layout", "layout": "tong-quan"})
    r = c.execute({"command": "recall_preset", "name": "bao-lu"})
    assert r.accepted and r.changed
    assert c.state.layout.id == "khan-cap"
    assert c.state.views["canh-bao"] == CAMERA
    assert c.execute({"command": "delete_preset", "name": "bao-lu"}).changed
    assert not c.execute({"command": "recall_preset", "name": "bao-lu"}).accepted


def test_blackout_one_screen_then_all_then_unblank(lib):
    c = make(lib)
    c.execute({"command": "blackout", "screen": [1, 2]})
    assert c.state.blackout == {(1, 2)}
    c.execute({"command": "blackout"})
    assert len(c.state.blackout) == 9
    c.execute({"command": "unblank", "screen": [0, 0]})
    assert (0, 0) not in c.state.blackout and len(c.state.blackout) == 8
    c.execute({"command": "unblank"})
    assert c.state.blackout == frozenset()


def test_figures_across_a_bezel_are_accepted_with_a_warning(lib):
    c = make(lib)
    c.execute({"command": "apply_layout", "layout": "khan-cap"})
    r = c.execute({"command": "show_view", "region": "ban-do", "view": {"kind": "sector", "sector": "yte"}})
    assert r.accepted and r.changed
    assert r.warnings == ("region 'ban-do' shows sector (text and figures) across 4 screens: "
                          "numbers cut by a bezel are unreadable",)
    assert not c.execute({"command": "show_view", "region": "ban-do", "view": {"kind": "map"}}).warnings


def test_listeners_hear_every_change_and_only_changes(lib):
    c = make(lib)
    seen = []
    c.subscribe(lambda s: seen.append(s.revision))
    c.execute({"command": "apply_layout", "layout": "hop"})
    c.execute({"command": "apply_layout", "layout": "hop"})
    c.execute({"command": "apply_layout", "layout": "nope"})
    c.execute({"command": "identify", "on": True})
    assert seen == [1, 2]


def test_a_listener_that_fails_is_logged_and_the_others_still_hear_of_the_change(lib, caplog):
    """A console's listener that raises must not leave the screens (subscribed after it) on the old picture."""
    c = make(lib)
    seen = []

    def broken(state):
        raise RuntimeError("console gone")

    c.subscribe(broken)
    stop = c.subscribe(lambda s: seen.append(s.revision))
    assert c.execute({"command": "apply_layout", "layout": "hop"}).accepted
    assert seen == [1]
    assert "a listener of the wall state failed: " in caplog.text and "console gone" in caplog.text
    stop()  # unsubscribed: told of nothing more
    c.execute({"command": "apply_layout", "layout": "khan-cap"})
    assert seen == [1]


def test_state_is_saved_on_every_change_and_restored_after_a_crash(lib, store):
    c = make(lib, store)
    c.execute({"command": "apply_layout", "layout": "khan-cap"})
    c.execute({"command": "show_view", "region": "cam-gt", "view": CAMERA})
    c.execute({"command": "blackout", "screen": [2, 2]})
    c.execute({"command": "save_preset", "name": "sang"})
    saved = json.loads(store.path.read_text(encoding="utf-8"))
    assert saved["revision"] == c.state.revision == 4

    again = make(lib, store)  # a new process after a crash
    assert again.state.layout.id == "khan-cap"
    assert again.state.views == c.state.views
    assert again.state.blackout == {(2, 2)}
    assert again.state.revision == 4
    assert "sang" in again.presets
    assert again.problems == []


def test_identify_is_not_persisted(lib, store):
    c = make(lib, store)
    c.execute({"command": "identify", "on": True})
    assert make(lib, store).state.identify is False


def test_corrupt_state_is_set_aside_and_the_wall_starts_from_the_default(lib, store):
    store.path.parent.mkdir(parents=True)
    store.path.write_text('{"schema_version": 1, "layout": "hop", "views"', encoding="utf-8")
    c = make(lib, store)
    assert c.state.layout.id == "tong-quan"
    kept = list(store.path.parent.glob("state.json.corrupt-*"))
    assert len(kept) == 1
    assert kept[0].read_text(encoding="utf-8").startswith('{"schema_version": 1, "layout": "hop"')
    assert "saved state was corrupt; set aside as state.json.corrupt-" in c.problems[0].message
    c.execute({"command": "apply_layout", "layout": "hop"})
    assert make(lib, store).state.layout.id == "hop"


def test_saved_state_naming_a_removed_layout_or_bad_views_falls_back(lib, store):
    store.save({"revision": 7, "layout": "da-xoa", "views": {}, "blackout": [], "presets": {}})
    c = make(lib, store)
    assert c.state.layout.id == "tong-quan"
    assert "saved layout 'da-xoa' is no longer available" in c.problems[0].message

    store.save({"revision": 7, "layout": "hop", "blackout": [[9, 9], [0, 1]], "presets": {},
                "views": {"trung-tam": {"kind": "radar"}, "canh-bao": None, "khong-co": CAMERA}})
    c = make(lib, store)
    assert c.state.views["trung-tam"] == {"kind": "camera", "camera": "hop-truc-tuyen"}  # layout default
    assert c.state.views["canh-bao"] is None
    assert "khong-co" not in c.state.views
    assert c.state.blackout == {(0, 1)}


def test_disk_full_keeps_the_old_saved_state_and_the_wall_running(lib, store, monkeypatch):
    c = make(lib, store)
    c.execute({"command": "apply_layout", "layout": "hop"})
    good = store.path.read_bytes()

    def full(*_a, **_k):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("ioc_core.jsonfile.os.fsync", full)
    r = c.execute({"command": "apply_layout", "layout": "camera"})
    assert r.accepted and c.state.layout.id == "camera"  # the picture changes even if it cannot be saved
    assert store.path.read_bytes() == good
    assert [p.name for p in store.path.parent.iterdir()] == ["state.json"]  # no temp file left behind


def test_no_valid_layout_at_all_shows_the_fallback(tmp_path):
    (tmp_path / "hong.json").write_text("[]", encoding="utf-8")
    c = make(LayoutLibrary.load_dir(tmp_path))
    assert c.state.layout.id == FALLBACK_LAYOUT_ID
    assert len(c.state.layout.regions) == 9
    assert not c.execute({"command": "save_preset", "name": "x"}).accepted


def test_views_that_survive_a_change_of_state():
    from ioc_core.control.statediff import match_views

    cam, ktxh = {"kind": "camera", "camera": "c1"}, {"kind": "sector", "sector": "ktxh"}
    old = {"a": ktxh, "b": cam, "c": None, "d": None}
    new = {"a": ktxh, "x": cam, "b": None, "y": None, "z": None, "w": {"kind": "clock"}}
    assert match_views(old, new) == {"a": "a", "x": "b", "b": "c", "y": "d", "z": None, "w": None}


def test_a_save_cut_short_leaves_no_temporary_file_behind_after_the_restart(lib, store):
    c = make(lib, store)
    c.execute({"command": "apply_layout", "layout": "hop"})
    torn = store.path.parent / ".state.json.abc123.tmp"  # what a kill between write and rename leaves
    torn.write_text('{"schema_version": 1, "lay', encoding="utf-8")
    assert make(lib, store).state.layout.id == "hop"  # the saved file, not the torn copy
    assert not torn.exists()
