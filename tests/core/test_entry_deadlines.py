"""Deadlines of figures entered by hand, on a clock the test moves: a period past its deadline with nothing
submitted is the source's error on the health record (what the walls' data-health view shows), listed by
``missing()``, and messaged once to its department; figures submitted, or stored by another source, end it."""

from __future__ import annotations

from datetime import datetime

import pytest

from ioc_core.fmt import TZ
from ioc_core.indicators.indicator_store import IndicatorStore
from ioc_core.indicators.observation import Observation

from ..common import Clock
from ..entryhub import CATALOGUE, LocalHub, Told


def at(*args) -> float:
    return datetime(*args, tzinfo=TZ).timestamp()


@pytest.fixture
def site(tmp_path):
    clock, told = Clock(at(2026, 11, 5, 23, 0)), Told()
    hub = LocalHub(tmp_path / "hub", clock, {"schema_version": 1, "sectors": [], "since": "2026-10-11"}, told)
    try:
        yield hub, clock, told
    finally:
        hub.close()


def health(hub) -> dict:
    store = IndicatorStore(hub.store_path, CATALOGUE)
    try:
        return {h.source: h for h in store.health()}
    finally:
        store.close()


def test_a_month_past_its_deadline_shows_on_the_health_record_and_is_messaged_once(site):
    hub, clock, told = site
    late = hub.entry.check_deadlines()
    assert not [m for m in late if m["sector"] == "ktxh" and m["kind"] == "month"]  # October is due by the 5th
    assert "manual-ktxh" not in health(hub)  # nothing to show: no record (no "never connected" row on the walls)

    clock.t = at(2026, 11, 6, 0, 0, 1)
    late = [m for m in hub.entry.check_deadlines() if m["sector"] == "ktxh"]
    assert [(m["key"], m["deadline"], m["department"]) for m in late] == [
        ("2026-10", "05/11/2026", "Sở Kế hoạch và Đầu tư")]
    h = health(hub)["manual-ktxh"]
    assert h.consecutive_errors == 1
    assert h.last_error_message == "chưa nộp số liệu tháng 10/2026 (hạn 05/11/2026)"
    assert hub.published[-1][1]["manual-ktxh"].last_error_message == h.last_error_message  # to the walls
    assert [m for m in hub.entry.missing() if m["sector"] == "ktxh"][0]["text"] == h.last_error_message
    sent = [m for m in told.sent if m["key"] == "deadline:ktxh:2026-10"]
    assert len(sent) == 1 and sent[0]["department"] == "Sở Kế hoạch và Đầu tư"
    assert "tháng 10/2026" in sent[0]["subject"] and "05/11/2026" in sent[0]["text"]
    assert sent[0]["link"] == "#/sector/ktxh"  # the sector on the mobile page (the messages part makes it whole)

    clock.t += 3600  # an hour on: the same error, still once told, its first time kept
    hub.entry.check_deadlines()
    assert len([m for m in told.sent if m["key"] == "deadline:ktxh:2026-10"]) == 1
    again = health(hub)["manual-ktxh"]
    assert again.error_count == 1 and again.last_error == h.last_error

    # the clerk submits October (not yet approved): no longer missing
    status, doc = hub.call("nhaplieu-ktxh", "POST", "/entry/submissions",
                           {"sector": "ktxh", "period": "2026-10", "rows": [{"indicator": "ktxh-cpi", "value": "3,1"}]})
    assert status == 201, doc
    hub.entry.check_deadlines()
    assert not [m for m in hub.entry.missing() if m["sector"] == "ktxh"]
    assert health(hub)["manual-ktxh"].consecutive_errors == 0


def test_days_are_due_the_next_morning_and_figures_from_another_source_count(site):
    hub, clock, told = site
    clock.t = at(2026, 11, 24, 9, 59)
    assert not [m for m in hub.entry.missing() if m["sector"] == "yte" and m["key"] == "2026-11-23"]
    clock.t = at(2026, 11, 24, 10, 0, 1)
    yte = [m for m in hub.entry.missing() if m["sector"] == "yte" and m["kind"] == "day"]
    assert yte[-1]["key"] == "2026-11-23" and yte[-1]["deadline"] == "10:00 24/11/2026"
    assert len(yte) == 3  # the last three days, not every day since October
    # the health department's drop folder delivered the 23rd: not missing
    store = IndicatorStore(hub.store_path, CATALOGUE, clock=clock)
    try:
        store.ingest("drop-yte", [Observation("yte-dieu-tri-noi-tru", "2026-11-23", 812)])
    finally:
        store.close()
    clock.t += 10  # another source's delivery is seen within seconds (what is missing is worked out every 5 s)
    keys = [m["key"] for m in hub.entry.missing() if m["sector"] == "yte" and m["kind"] == "day"]
    assert "2026-11-23" not in keys and "2026-11-22" in keys
    hub.entry.check_deadlines()
    text = health(hub)["manual-yte"].last_error_message
    assert "chưa nộp số liệu ngày 22/11/2026 (hạn 10:00 23/11/2026)" in text and "23/11/2026 (hạn" not in text
    assert told.sent and all(m["department"] == "Sở Y tế" for m in told.sent if m["key"].startswith("deadline:yte"))


def test_periods_whose_deadline_fell_before_entry_began_are_never_reported(tmp_path):
    clock = Clock(at(2026, 11, 20, 12, 0))
    hub = LocalHub(tmp_path / "hub", clock)  # no entry.json: entry began today
    try:
        assert hub.entry.missing() == []
        clock.t = at(2026, 12, 6, 0, 0, 1)
        months = [m["key"] for m in hub.entry.missing() if m["sector"] == "ktxh"]
        assert months == ["2026-11"]  # November's deadline fell after entry began; October's before
        assert {m["sector"] for m in hub.entry.missing()} >= {"ktxh", "dulich"}  # tourism entered by hand too
    finally:
        hub.close()


def test_each_figure_names_the_approval_that_wrote_it_across_corrections_and_restarts(tmp_path):
    clock = Clock(at(2026, 12, 2, 9, 0))
    hub = LocalHub(tmp_path / "hub", clock)
    try:
        status, v1 = hub.call("nhaplieu-ktxh", "POST", "/entry/submissions", {"sector": "ktxh", "period": "2026-11",
                              "rows": [{"indicator": "ktxh-cpi", "value": "3,1"},
                                       {"indicator": "ktxh-von-fdi", "value": "120,5"}]})
        assert status == 201
        clock.t += 60
        assert hub.call("kiemduyet", "POST", f"/entry/submissions/{v1['id']}/approve")[0] == 200
        clock.t += 3600  # a correction of the CPI (the FDI figure sent again as it was), approved by the administrator
        status, v2 = hub.call("nhaplieu-ktxh", "POST", "/entry/submissions", {"sector": "ktxh", "period": "2026-11",
                              "rows": [{"indicator": "ktxh-cpi", "value": "3,3"},
                                       {"indicator": "ktxh-von-fdi", "value": "120,5"}]})
        assert status == 201 and v2["version"] == 2
        clock.t += 60
        assert hub.call("quantri", "POST", f"/entry/submissions/{v2['id']}/approve")[0] == 200
        assert hub.entry.provenance("ktxh-cpi")["approved_by"] == "Vũ Thị Quản (quantri)"
        assert hub.entry.provenance("ktxh-cpi")["version"] == 2
        fdi = hub.entry.provenance("ktxh-von-fdi")  # the figure shown is version 2's now, though unchanged
        assert fdi["version"] == 2 and fdi["approved_by"] == "Vũ Thị Quản (quantri)"
        status, history = hub.call("kiemduyet", "GET", "/entry/history", query="indicator=ktxh-von-fdi")
        assert [(v["version"], v["state"], v["checked_by"]) for v in history["versions"]] == [
            (2, "approved", "Vũ Thị Quản (quantri)"), (1, "superseded", "Hoàng Văn Duyệt (kiemduyet)")]
        assert hub.entry.provenance("hcc-ho-so-tiep-nhan") is None  # fetched, never entered
        status, form = hub.call("kiemduyet", "GET", "/entry/forms", query="sector=ktxh")
        latest = {i["id"]: i["latest"] for i in form["indicators"]}
        assert latest["ktxh-cpi"]["value"] == 3.3 and latest["ktxh-von-fdi"]["value"] == 120.5
        assert latest["ktxh-thu-ngan-sach"] is None
    finally:
        hub.close()
    store = IndicatorStore(tmp_path / "hub" / "indicators.sqlite", CATALOGUE)
    try:
        store.forget_sources_except({"igate"})  # what a hub does at start with the sources it fetches
    finally:
        store.close()
    again = LocalHub(tmp_path / "hub", clock)
    try:
        assert again.entry.provenance("ktxh-von-fdi")["version"] == 2
        h = health(again)["manual-ktxh"]
        assert h.last_reason.startswith("Nhập: Lê Văn Nhập (nhaplieu-ktxh), duyệt: Vũ Thị Quản (quantri)")
        assert h.consecutive_errors == 0
    finally:
        again.close()
