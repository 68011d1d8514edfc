"""Alerts and alert rules (Qt-free): raised, escalated, cleared, acknowledged, kept; rules that take a region over
for a while at a priority, revert, pause, and never override an operator's choice of equal or higher priority."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ioc_core.alerts import AlertBook, load_rules, parse_rules
from ioc_core.alerts.rules import DEFAULT_FILE, triggered
from ioc_core.catalogue import load_catalogue
from ioc_core.control.controller import Controller
from ioc_core.control.saved_state import StateStore
from ioc_core.layouts import LayoutLibrary
from ioc_core.problems import InvalidFile
from ioc_core.setup.geometry import WallGeometry

from ..common import SHIPPED_LAYOUTS, Clock

CAT = load_catalogue()
T0 = 1_800_000_000.0


def test_alert_lifecycle_newest_and_most_severe_first(tmp_path: Path):
    clock = Clock(T0)
    book = AlertBook(tmp_path / "alerts.json", clock)
    events = []
    book.subscribe(lambda a, ev: events.append((a.indicator, ev)))
    book.observe("hcc-ty-le-dung-han", "hcc", "province", "threshold", "warning", "Dưới ngưỡng", value=94.0)
    clock.t += 60
    book.observe("mt-aqi", "moitruong", "province", "threshold", "warning", "AQI cao", value=120.0)
    clock.t += 60
    book.observe("attt-ma-doc", "attt", "province", "threshold", "critical", "Mã độc", value=900.0)
    assert [a.indicator for a in book.alerts()] == ["attt-ma-doc", "mt-aqi", "hcc-ty-le-dung-han"]
    # the same verdict again is no news; worse is
    book.observe("mt-aqi", "moitruong", "province", "threshold", "warning", "AQI cao", value=120.0)
    assert len(events) == 3
    clock.t += 60
    aqi = book.observe("mt-aqi", "moitruong", "province", "threshold", "critical", "AQI rất cao", value=180.0)
    assert events[-1] == ("mt-aqi", "escalated")
    assert [a.indicator for a in book.alerts()] == ["mt-aqi", "attt-ma-doc", "hcc-ty-le-dung-han"]
    # acknowledged: still listed, after the unacknowledged ones
    assert book.acknowledge(aqi.id, "trực ban") == (True, "")
    assert [a.indicator for a in book.alerts()][-1] == "mt-aqi"
    assert book.acknowledge("no-such-alert", "x") == (False, "unknown alert 'no-such-alert'")
    # back to normal: cleared, kept for the record
    book.observe("attt-ma-doc", "attt", "province", "threshold", None)
    assert [a.indicator for a in book.alerts()] == ["hcc-ty-le-dung-han", "mt-aqi"]
    closed = [a for a in book.alerts(include_closed=True) if not a.open]
    assert [a.indicator for a in closed] == ["attt-ma-doc"] and closed[0].cleared_at == clock.t
    assert book.alerts(sector="hcc")[0].message_vi == "Dưới ngưỡng"

    again = AlertBook(tmp_path / "alerts.json", clock)  # a restarted wall keeps acknowledgements
    assert [(a.indicator, a.acknowledged_by) for a in again.alerts()] == [
        ("hcc-ty-le-dung-han", None), ("mt-aqi", "trực ban")]
    assert again.observe("mt-aqi", "moitruong", "province", "threshold", "critical", "AQI rất cao",
                         value=180.0).id == aqi.id  # the open alert continues, no duplicate


def test_escalation_asks_for_a_new_acknowledgement(tmp_path: Path):
    book = AlertBook(None, Clock(T0))
    a = book.observe("mt-aqi", "moitruong", "province", "threshold", "warning", "AQI cao")
    book.acknowledge(a.id, "trực ban")
    b = book.observe("mt-aqi", "moitruong", "province", "threshold", "critical", "AQI rất cao")
    assert b.id == a.id and not b.acknowledged


def test_a_batch_of_verdicts_is_saved_once_and_completely(tmp_path: Path, monkeypatch):
    from ioc_core.alerts import book as book_module

    writes = []
    real = book_module.write_json_atomic
    monkeypatch.setattr(book_module, "write_json_atomic", lambda path, doc: (writes.append(path), real(path, doc)))
    book = AlertBook(tmp_path / "alerts.json", Clock(T0))
    with book.batch():
        book.observe("mt-aqi", "moitruong", "province", "threshold", "warning", "AQI cao")
        book.observe("attt-ma-doc", "attt", "province", "threshold", "critical", "Mã độc")
        book.observe("mt-aqi", "moitruong", "province", "threshold", None)
        assert writes == []  # nothing written while the batch runs
    assert len(writes) == 1
    again = AlertBook(tmp_path / "alerts.json", Clock(T0))
    assert [(a.indicator, a.open) for a in again.alerts(include_closed=True)] == [
        ("attt-ma-doc", True), ("mt-aqi", False)]


def test_a_corrupt_alerts_file_is_set_aside_not_lost(tmp_path: Path):
    path = tmp_path / "alerts.json"
    path.write_text("{not json", encoding="utf-8")
    book = AlertBook(path, Clock(T0))
    assert book.alerts() == []
    assert (tmp_path / "alerts.json.corrupt").read_text(encoding="utf-8") == "{not json"


def test_shipped_rules_are_valid_and_match_by_severity_and_sector():
    rules = load_rules(DEFAULT_FILE, CAT)
    assert rules
    book = AlertBook(None, Clock(T0))
    crit = book.observe("mt-aqi", "moitruong", "province", "threshold", "critical", "AQI rất cao")
    warn = book.observe("hcc-ty-le-dung-han", "hcc", "province", "threshold", "warning", "Dưới ngưỡng")
    assert triggered(rules, crit, set())
    assert triggered(rules, warn, set()) == []
    assert triggered(rules, crit, {r.id for r in rules.values()}) == []


@pytest.mark.parametrize(("rule", "message"), [
    ({"region": "x", "duration_s": 60, "priority": 70, "show": "sector"}, "'id' is a required property"),
    ({"id": "a", "when": {"sectors": ["khong-co"]}, "region": "x", "duration_s": 60, "priority": 70,
      "show": "sector"}, "$.rules[0].when.sectors[0]: unknown sector 'khong-co'"),
    ({"id": "a", "when": {"indicators": ["khong-co"]}, "region": "x", "duration_s": 60, "priority": 70,
      "show": "sector"}, "$.rules[0].when.indicators[0]: unknown indicator 'khong-co'"),
    ({"id": "a", "when": {}, "region": "x", "duration_s": 60, "priority": 700, "show": "sector"},
     "$.rules[0].priority: 700 is greater than the maximum of 100"),
    ({"id": "a", "when": {}, "region": "x", "duration_s": 60, "priority": 70, "show": {"kind": "camera"}},
     "$.rules[0].show"),
])
def test_bad_rules_are_refused_with_named_problems(rule, message):
    with pytest.raises(InvalidFile) as err:
        parse_rules({"schema_version": 1, "rules": [rule]}, CAT, "rules.json")
    assert message in str(err.value)


# -- the controller carries rules out -------------------------------------------------------------------------
@pytest.fixture
def controller(tmp_path: Path):
    clock = Clock(T0)
    c = Controller(LayoutLibrary.load_dir(SHIPPED_LAYOUTS), WallGeometry(), StateStore(tmp_path / "state.json"),
                   clock=clock)
    c.restore()
    return c, clock


MT = {"kind": "sector", "sector": "moitruong"}


def rule_show(priority=70, duration_s=300, rule="mt", region="attt", view=MT, **kw):
    return {"command": "rule_show", "rule": rule, "region": region, "view": view, "priority": priority,
            "duration_s": duration_s, **kw}


def test_a_rule_takes_a_layout_region_for_a_while_then_puts_it_back(controller):
    c, clock = controller
    before = c.state.views["attt"]
    res = c.execute(rule_show(reason="mt-aqi/province/threshold/1"))
    assert res.accepted and res.changed
    assert c.state.views["attt"] == MT
    region = next(r for r in c.state.to_json()["regions"] if r["id"] == "attt")
    assert region["hold"] == {"owner": "rule:mt", "priority": 70, "until": clock.t + 300,
                              "reason": "mt-aqi/province/threshold/1"}
    assert c.expire_holds() is None  # not yet
    clock.t += 301
    assert c.expire_holds().changed
    assert c.state.views["attt"] == before and "attt" not in c.state.holds


def test_an_operator_choice_is_never_overridden_by_a_lower_priority_rule(controller):
    c, clock = controller
    cam = {"kind": "camera", "camera": "cau-rong"}
    c.execute({"command": "show_view", "region": "attt", "view": cam})  # operator: priority 50
    res = c.execute(rule_show(priority=40))
    assert not res.accepted
    assert res.reason == "region 'attt' holds an operator's choice at priority 50; rule 'mt' has priority 40"
    assert c.execute(rule_show(priority=50)).accepted is False  # equal is not enough
    assert c.state.views["attt"] == cam
    assert c.execute(rule_show(priority=90)).accepted  # an emergency rule above the operator's priority may
    clock.t += 400
    c.expire_holds()
    assert c.state.views["attt"] == cam and c.state.holds["attt"].owner == "operator"  # ... and gives it back


def test_an_operator_change_during_a_takeover_is_kept_at_its_end(controller):
    c, clock = controller
    c.execute(rule_show())
    web = {"kind": "clock"}
    c.execute({"command": "show_view", "region": "attt", "view": web})
    clock.t += 400
    assert c.expire_holds() is None
    assert c.state.views["attt"] == web


def test_paused_rules_do_nothing_and_pausing_gives_the_region_back(controller, tmp_path):
    c, _ = controller
    before = c.state.views["attt"]
    c.execute(rule_show())
    assert c.execute({"command": "pause_rule", "rule": "mt", "paused": True}).changed
    assert c.state.views["attt"] == before
    res = c.execute(rule_show())
    assert (res.accepted, res.reason) == (False, "rule 'mt' is paused")
    restarted = Controller(c.library, WallGeometry(), StateStore(tmp_path / "state.json"))
    restarted.restore()
    assert restarted.state.paused_rules == {"mt"}  # a pause survives a restart
    c.execute({"command": "pause_rule", "rule": "mt", "paused": False})
    assert c.execute(rule_show()).accepted


def test_a_higher_rule_over_a_lower_one_unwinds_in_order(controller):
    c, clock = controller
    before = c.state.views["attt"]
    c.execute(rule_show(priority=60, duration_s=600, rule="low"))
    hcc = {"kind": "sector", "sector": "hcc"}
    c.execute(rule_show(priority=80, duration_s=100, rule="high", view=hcc))
    assert c.execute(rule_show(priority=70, rule="mid")).accepted is False  # below the current holder
    clock.t += 101
    c.expire_holds()
    assert c.state.views["attt"] == MT and c.state.holds["attt"].owner == "rule:low"
    clock.t += 600
    c.expire_holds()
    assert c.state.views["attt"] == before


def test_takeover_survives_a_restart_and_reverts_after_it(controller, tmp_path):
    c, clock = controller
    before = c.state.views["attt"]
    c.execute(rule_show())
    restarted = Controller(c.library, WallGeometry(), StateStore(tmp_path / "state.json"), clock=clock)
    restarted.restore()
    assert restarted.state.views["attt"] == MT
    clock.t += 301
    restarted.expire_holds()
    assert restarted.state.views["attt"] == before


def test_rules_limited_to_layouts_and_missing_regions_are_refused(controller):
    c, _ = controller
    res = c.execute(rule_show(layouts=["khan-cap"]))
    assert (res.accepted, res.reason) == (False, "rule 'mt' applies to layouts khan-cap, not 'tong-quan'")
    assert "has no region 'khong-co'" in c.execute(rule_show(region="khong-co")).reason
    assert "priority" in c.execute({**rule_show(), "priority": 0}).reason


def test_the_rules_file_drives_the_command(controller):
    c, _ = controller
    doc = {"schema_version": 1, "rules": [{"id": "mt-nghiem-trong", "when": {"severity": "critical",
                                           "sectors": ["moitruong"]}, "show": "sector", "region": "attt",
                                           "duration_s": 120, "priority": 70}]}
    rules = parse_rules(json.loads(json.dumps(doc)), CAT)
    alert = AlertBook(None, Clock(T0)).observe("mt-aqi", "moitruong", "province", "threshold", "critical", "AQI")
    [rule] = triggered(rules, alert, c.state.paused_rules)
    assert c.execute(rule.command(alert)).accepted
    assert c.state.views["attt"] == MT


def test_a_mirrored_alert_already_acknowledged_or_closed_is_not_raised_again(tmp_path):
    """A wall started in hub mode gets the hub's book: alerts someone already acknowledged (or that closed) must not
    wake screens nor fire takeovers there; an unacknowledged open one still does."""
    hub = AlertBook(None)
    seen = hub.observe("ind", "s", "province", "threshold", "critical", "m", "m", 1.0)
    hub.acknowledge(seen.id, "op")
    fresh = hub.observe("ind2", "s", "province", "threshold", "warning", "m", "m", 1.0)
    gone = hub.observe("ind3", "s", "province", "threshold", "warning", "m", "m", 1.0)
    hub.observe("ind3", "s", "province", "threshold", None, "m", "m", 0.0)
    wall = AlertBook(tmp_path / "alerts.json")
    events = []
    wall.changes.subscribe(lambda a, e: events.append((a.id, e)))
    assert wall.mirror(seen.id, hub.get(seen.id).to_json()) == "updated"
    assert wall.mirror(gone.id, hub.get(gone.id).to_json()) == "updated"
    assert wall.mirror(fresh.id, hub.get(fresh.id).to_json()) == "raised"
    assert [e for _, e in events] == ["updated", "updated", "raised"]
    assert wall.get(seen.id).acknowledged_by == "op"


def test_a_malformed_alert_from_the_hub_is_skipped_and_never_saved(tmp_path, caplog):
    hub = AlertBook(None)
    good = hub.observe("ind", "s", "province", "threshold", "critical", "m", "m", 1.0)
    bad = hub.observe("ind2", "s", "province", "threshold", "warning", "m", "m", 1.0)
    path = tmp_path / "alerts.json"
    wall = AlertBook(path)
    events = []
    wall.changes.subscribe(lambda a, e: events.append(e))
    assert wall.mirror(good.id, good.to_json()) == "raised"
    broken = {**bad.to_json(), "updated_at": "yesterday", "severity": 3}
    for doc in (broken, {**bad.to_json(), "message_vi": 5}, {**bad.to_json(), "value": "nhiều"},
                {**bad.to_json(), "polygons": [["x"]]}, {**bad.to_json(), "acknowledged_by": ["a"]}):
        assert wall.mirror(bad.id, doc) is None
    assert broken is not None and events == ["raised"]
    assert [a.id for a in sorted(wall.alerts(), key=lambda a: a.sort_key())] == [good.id]
    assert [a["id"] for a in json.loads(path.read_text())["alerts"]] == [good.id]
    assert sum("skipped: not an alert" in r.message for r in caplog.records) == 1  # once per alert
    assert wall.mirror(bad.id, bad.to_json()) == "raised"  # the hub's next, sound version is taken
