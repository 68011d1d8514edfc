"""Meetings (Qt-free): the agenda file and its refusals, the controller driving the meeting layout item by item,
the item clock with pauses, freeze and unfreeze, a restart in the middle of a meeting, and figures as of a time."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from ioc_core.control.controller import Controller
from ioc_core.control.saved_state import StateStore
from ioc_core.indicators.observation import Observation
from ioc_core.layouts import LayoutLibrary
from ioc_core.meeting.model import parse_meeting
from ioc_core.problems import InvalidFile
from ioc_core.setup.geometry import WallGeometry

from ..common import ROOT, SHIPPED_LAYOUTS, Clock

DEMO = json.loads((ROOT / "meetings" / "giao-ban-thang-11.json").read_text())
T0 = 1795482000.0  # 2026-11-24 08:00 +07:00


@pytest.fixture
def lib() -> LayoutLibrary:
    return LayoutLibrary.load_dir(SHIPPED_LAYOUTS)


def regions(lib) -> dict[str, list[str]]:
    return {lid: list(lay.region_ids) for lid, lay in lib.layouts.items()}


def test_the_shipped_meeting_is_valid(lib):
    m = parse_meeting(DEMO, "giao-ban.json", regions(lib))
    assert m.title == "Họp giao ban UBND tỉnh tháng 11/2026" and len(m.items) == 5 and m.layout == "hop"
    assert m.items[1].views["trung-tam"] == {"kind": "sector", "sector": "hcc"}
    assert [p.status for p in m.points].count("offline") == 1


def bad(change) -> str:
    doc = copy.deepcopy(DEMO)
    change(doc)
    with pytest.raises(InvalidFile) as err:
        parse_meeting(doc, "m.json", regions(LayoutLibrary.load_dir(SHIPPED_LAYOUTS)))
    return str(err.value)


def test_bad_meetings_are_refused_with_the_place_and_the_reason():
    assert "m.json: $.items: the agenda has no items" in bad(lambda d: d.update(items=[]))
    assert ("$.items[1].at: item 2 starts at 08:10 but item 1 runs until 08:15: the times overlap"
            in bad(lambda d: d["items"][1].update(at="08:10")))
    assert ("$.items[0].views.khong-co: region 'khong-co' is not in layout 'hop'"
            in bad(lambda d: d["items"][0]["views"].update({"khong-co": {"kind": "overview"}})))
    assert "$.items[0].views.trung-tam" in bad(lambda d: d["items"][0]["views"].update(
        {"trung-tam": {"kind": "warp"}}))
    assert "'diem-cau:dien-chau' names no meeting point with a video feed" in bad(
        lambda d: d["items"][3]["views"].update({"trung-tam": {"kind": "camera", "camera": "diem-cau:dien-chau"}}))
    assert "$.points[0].feed: a feed must be an address" in bad(lambda d: d["points"][0].update(feed="file:///x"))
    assert "$.layout: layout 'khong-co' is not loaded" in bad(lambda d: d.update(layout="khong-co"))
    assert "$.starts_at" in bad(lambda d: d.update(starts_at="hôm nay"))
    assert "meeting point 'nghi-loc' is listed twice" in bad(lambda d: d["points"].append(d["points"][0]))
    with pytest.raises(InvalidFile, match="a meeting must be a JSON object"):
        parse_meeting([], "m.json")


def make(lib, tmp_path: Path, clock: Clock) -> Controller:
    c = Controller(lib, WallGeometry(), StateStore(tmp_path / "state.json"), clock=clock)
    c.restore()
    return c


def run(c, action, **kw):
    result = c.execute({"command": "meeting", "action": action, **kw})
    return result


def test_the_agenda_drives_the_meeting_layout_item_by_item(lib, tmp_path):
    clock = Clock(T0)
    c = make(lib, tmp_path, clock)
    assert not run(c, "start").accepted  # nothing loaded
    assert c.execute({"command": "load_meeting", "meeting": DEMO}).accepted
    assert c.state.meeting.status == "ready" and c.state.layout.id == "tong-quan"  # loading shows nothing yet
    assert run(c, "start").accepted
    s = c.state
    assert s.layout.id == "hop" and s.meeting.item == 0
    assert s.views["trung-tam"] == {"kind": "chart", "indicator": "ktxh-grdp-tang-truong"}
    assert s.views["so-lieu-2"] == {"kind": "sector", "sector": "hcc"}  # not named by the item: the layout's own
    clock.t += 600
    assert run(c, "next").accepted
    assert c.state.views["trung-tam"] == {"kind": "sector", "sector": "hcc"}
    assert c.state.views["so-lieu-1"] == {"kind": "chart", "indicator": "hcc-ty-le-dung-han"}
    assert run(c, "prev").accepted and c.state.meeting.item == 0
    assert not run(c, "prev").accepted  # before the first item
    assert run(c, "goto", item=5).accepted and c.state.views["trung-tam"] == {"kind": "overview"}
    refused = run(c, "goto", item=6)
    assert not refused.accepted and "the agenda has items 1 to 5, not 6" in refused.reason
    assert not c.execute({"command": "load_meeting", "meeting": DEMO}).accepted  # not while it runs
    assert run(c, "end").accepted and c.state.meeting.status == "ended"
    assert not run(c, "next").accepted
    shown = c.state.meeting.shown
    assert [i for i, _, _ in shown] == [0, 1, 0, 4] and all(t1 is not None for _, _, t1 in shown)
    assert shown[0][2] - shown[0][1] == 600


def test_the_item_clock_counts_only_while_running_and_survives_a_restart(lib, tmp_path):
    clock = Clock(T0)
    c = make(lib, tmp_path, clock)
    c.execute({"command": "load_meeting", "meeting": DEMO})
    run(c, "start")
    clock.t += 300
    assert run(c, "pause").accepted and not run(c, "pause").accepted
    clock.t += 1000  # paused: not counted
    assert c.state.meeting.elapsed(clock.t) == 300
    assert run(c, "resume").accepted
    clock.t += 700
    m = c.state.meeting
    assert m.elapsed(clock.t) == 1000 and m.remaining(clock.t) == 15 * 60 - 1000  # 100 s over time
    restarted = make(lib, tmp_path, clock)  # the wall restarts mid-meeting
    r = restarted.state.meeting
    assert (r.status, r.item, r.elapsed(clock.t)) == ("running", 0, 1000)
    assert restarted.state.layout.id == "hop"
    assert r.meeting.points[0].feed == "rtsp://192.0.2.60/hop/nghi-loc"  # the feed as given, for the player
    assert "feed" in c.state.to_json()["meeting"]["meeting"]["points"][0]


def test_freeze_holds_the_figures_with_its_time_and_unfreeze_lets_go(lib, tmp_path):
    clock = Clock(T0)
    c = make(lib, tmp_path, clock)
    assert c.execute({"command": "freeze", "on": True}).accepted
    assert c.state.frozen_at == T0 and c.state.to_json()["frozen_at"] == T0
    clock.t += 60
    again = c.execute({"command": "freeze", "on": True})  # already frozen: the time stays the first one
    assert again.accepted and not again.changed and c.state.frozen_at == T0
    assert c.execute({"command": "freeze", "on": False}).accepted and c.state.frozen_at is None


def test_the_store_reads_figures_as_of_a_time(tmp_path):
    from ioc_core.catalogue.load import load_catalogue
    from ioc_core.indicators.indicator_store import IndicatorStore

    catalogue = load_catalogue()
    ind = catalogue.indicators["hcc-ty-le-dung-han"]
    clock = Clock(T0)
    store = IndicatorStore(tmp_path / "s.sqlite", catalogue, clock=clock)
    store.ingest("t", [Observation(ind.id, "2026-11-23", 97.0, observed_at=T0 - 3600)])
    store.ingest("t", [Observation(ind.id, "2026-11-24", 99.0, observed_at=T0 + 60)])
    clock.t = T0 + 120
    assert store.latest(ind.id).value == 99.0
    store.as_of = T0
    held = store.latest(ind.id)
    assert held.value == 97.0 and held.age_s == 3600  # the age it had at the freeze, not now
    assert list(store.history(ind.id)["value"]) == [97.0]
    store.as_of = None
    assert store.latest(ind.id).value == 99.0
