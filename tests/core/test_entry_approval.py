"""An approval stores a submission's figures whole or not at all (the communes' rows and the province total made
from them alike), on a clock the test moves (tests/entryhub.py): a province total outside its indicator's range is
refused when the clerk submits, and an approval the store could not take whole stores nothing and leaves the
submission waiting."""

from __future__ import annotations

import dataclasses
import json
import sqlite3
from datetime import datetime

import pytest

from ioc_core.fmt import TZ
from ioc_core.indicators.indicator_store import IndicatorStore
from ioc_core.indicators.observation import Observation
from ioc_hub.entry.checks import commune_codes

from ..common import Clock
from ..entryhub import CATALOGUE, LocalHub

VISITORS = "dl-luot-khach"  # tourism, daily, counted by commune, the province's figure their sum
C1, C2 = list(commune_codes(CATALOGUE))[:2]
DAY = "2026-12-06"


def at(*args) -> float:
    return datetime(*args, tzinfo=TZ).timestamp()


def capped(maximum: float):
    """The shipped catalogue with a province's own ceiling on the visitors a day (the shared one untouched)."""
    ind = dataclasses.replace(CATALOGUE.indicators[VISITORS], max_value=maximum)
    return dataclasses.replace(CATALOGUE, indicators={**CATALOGUE.indicators, VISITORS: ind})


def stored(hub) -> list[tuple]:
    db = sqlite3.connect(hub.store_path)
    try:
        return db.execute("SELECT region, value, source, parts FROM observations WHERE indicator=? ORDER BY region",
                          (VISITORS,)).fetchall()
    except sqlite3.OperationalError:  # no store written yet
        return []
    finally:
        db.close()


def audited(hub) -> list[str]:
    path = hub.settings.state_dir / "audit.jsonl"
    lines = path.read_text().splitlines() if path.exists() else []
    return [json.loads(line)["command"].get("command") for line in lines if line]


def visitors(a: str, b: str) -> dict:
    return {"sector": "dulich", "period": DAY, "rows": [{"indicator": VISITORS, "region": C1, "value": a},
                                                        {"indicator": VISITORS, "region": C2, "value": b}]}


@pytest.fixture
def clock():
    return Clock(at(2026, 12, 7, 10, 0))


def test_a_province_total_outside_its_range_is_refused_when_submitted(tmp_path, clock):
    hub = LocalHub(tmp_path / "hub", clock, catalogue=capped(1000))
    try:
        status, doc = hub.call("nhaplieu-ktxh", "POST", "/entry/submissions", visitors("800", "700"))
        assert status == 422, doc
        assert [p["field"] for p in doc["problems"]] == ["value"]
        text = doc["problems"][0]["problem"]
        assert "Lượt khách du lịch" in text and "1.500" in text and "tổng 2 xã" in text and "0 đến 1.000" in text
        assert hub.entry.store.count() == 0 and "entry_submit" not in audited(hub)
        # each commune's figure alone is within range, and so is a total that is
        status, doc = hub.call("nhaplieu-ktxh", "POST", "/entry/submissions", visitors("400", "500"))
        assert status == 201, doc
        assert [(r["region"], r["value"]) for r in doc["rows"]] == [(C1, 400.0), (C2, 500.0), ("province", 900.0)]
    finally:
        hub.close()


def test_an_approval_the_store_cannot_take_whole_stores_nothing(tmp_path, clock):
    hub = LocalHub(tmp_path / "hub", clock)
    try:
        status, sub = hub.call("nhaplieu-ktxh", "POST", "/entry/submissions", visitors("800", "700"))
        assert status == 201, sub
    finally:
        hub.close()
    # the hub restarted with the province's own ranges before a checker looked: 1.500 is beyond its ceiling now
    hub = LocalHub(tmp_path / "hub", clock, catalogue=capped(1000))
    try:
        clock.t += 60
        status, doc = hub.call("kiemduyet", "POST", f"/entry/submissions/{sub['id']}/approve")
        assert status == 422, doc
        assert stored(hub) == []  # not the communes' rows without their total
        assert "1.500" in doc["error"] and "toàn tỉnh" in doc["error"]
        assert hub.entry.store.get(sub["id"]).state == "submitted"
        assert hub.published == [] and "entry_approve" not in audited(hub)
        assert hub.entry.provenance(VISITORS, C1) is None
        # sent back, entered again within the range, approved: every row stored, the total with them
        assert hub.call("kiemduyet", "POST", f"/entry/submissions/{sub['id']}/reject",
                        {"reason": "Vượt trần lượt khách của tỉnh"})[0] == 200
        status, again = hub.call("nhaplieu-ktxh", "POST", "/entry/submissions", visitors("450", "520"))
        assert status == 201, again
        assert hub.call("kiemduyet", "POST", f"/entry/submissions/{again['id']}/approve")[0] == 200
        assert stored(hub) == [(C1, 450.0, "manual-dulich", None), (C2, 520.0, "manual-dulich", None),
                               ("province", 970.0, "manual-dulich", 2)]
    finally:
        hub.close()


def test_the_store_takes_a_batch_whole_or_nothing_when_asked(tmp_path):
    clock = Clock(at(2026, 12, 7, 10, 0))
    store = IndicatorStore(tmp_path / "s.sqlite", capped(1000), clock=clock)
    try:
        batch = [Observation(VISITORS, DAY, 800.0, C1), Observation(VISITORS, DAY, 1500.0, "province", parts=2)]
        report = store.ingest("manual-dulich", batch, whole=True)
        assert report.accepted == 0 and [i for i, _ in report.rejected] == [1]
        assert "above the valid maximum" in report.rejected[0][1]
        assert store.latest_rows([VISITORS]) == []
        report = store.ingest("drop-dulich", batch)  # a feed's batch: its good rows kept, as ever
        assert report.accepted == 1 and [r[1] for r in store.latest_rows([VISITORS])] == [C1]
    finally:
        store.close()


# -- corrections -------------------------------------------------------------------------------------------------
CPI, REVENUE = "ktxh-cpi", "ktxh-thu-ngan-sach"


def manual_ktxh(hub) -> list[tuple]:
    db = sqlite3.connect(hub.store_path)
    try:
        return db.execute("SELECT indicator, region, period, value FROM observations WHERE source='manual-ktxh' "
                          "ORDER BY 1, 2, 3").fetchall()
    finally:
        db.close()


def approved(hub, clock, rows: list[dict], period: str = "2026-11") -> dict:
    status, sub = hub.call("nhaplieu-ktxh", "POST", "/entry/submissions", {"sector": "ktxh", "period": period,
                                                                            "rows": rows})
    assert status == 201, sub
    clock.t += 60
    status, doc = hub.call("kiemduyet", "POST", f"/entry/submissions/{sub['id']}/approve")
    assert status == 200, doc
    return doc


def test_a_correction_that_leaves_an_approved_figure_out_is_refused_naming_it(tmp_path, clock):
    hub = LocalHub(tmp_path / "hub", clock)
    try:
        v1 = approved(hub, clock, [{"indicator": CPI, "value": "3,1"}, {"indicator": REVENUE, "value": "999"}])
        before, published, steps = manual_ktxh(hub), len(hub.published), audited(hub)
        # the correction of the CPI alone: the revenue figure would stay on the walls, named as version 1's
        clock.t += 3600
        status, doc = hub.call("nhaplieu-ktxh", "POST", "/entry/submissions",
                               {"sector": "ktxh", "period": "2026-11", "rows": [{"indicator": CPI, "value": "3,2"}]})
        assert status == 422, doc
        assert [(p["field"], p["indicator"], p["region"]) for p in doc["problems"]] == [("rows", REVENUE, "province")]
        text = doc["problems"][0]["problem"]
        assert "Thu ngân sách nhà nước" in text and "toàn tỉnh" in text and "phiên bản 1" in text and "999" in text
        assert manual_ktxh(hub) == before and len(hub.published) == published and audited(hub) == steps
        assert [s.id for s in hub.entry.store.find(sector="ktxh")] == [v1["id"]]
        # sent whole, the revenue as it was: version 2 names both figures
        v2 = approved(hub, clock, [{"indicator": CPI, "value": "3,2"}, {"indicator": REVENUE, "value": "999"}])
        assert v2["version"] == 2
        assert manual_ktxh(hub) == [(CPI, "province", "2026-11-01", 3.2), (REVENUE, "province", "2026-11-01", 999.0)]
        for indicator in (CPI, REVENUE):
            prov = hub.entry.provenance(indicator)
            assert prov["version"] == 2 and prov["submission"] == v2["id"]
    finally:
        hub.close()


def test_a_commune_left_out_of_a_correction_is_named_not_the_total_made_from_it(tmp_path, clock):
    hub = LocalHub(tmp_path / "hub", clock)
    try:
        status, sub = hub.call("nhaplieu-ktxh", "POST", "/entry/submissions", visitors("300", "200"))
        assert status == 201
        assert hub.call("kiemduyet", "POST", f"/entry/submissions/{sub['id']}/approve")[0] == 200
        status, doc = hub.call("nhaplieu-ktxh", "POST", "/entry/submissions", {
            "sector": "dulich", "period": DAY, "rows": [{"indicator": VISITORS, "region": C1, "value": "310"}]})
        assert status == 422, doc
        assert [(p["indicator"], p["region"]) for p in doc["problems"]] == [(VISITORS, C2)]
        assert f"Phường Trường Vinh ({C2})" in doc["problems"][0]["problem"]
        assert stored(hub)[-1] == ("province", 500.0, "manual-dulich", 2)
    finally:
        hub.close()


def test_a_short_correction_submitted_before_the_rule_is_not_approved(tmp_path, clock):
    hub = LocalHub(tmp_path / "hub", clock)
    try:
        approved(hub, clock, [{"indicator": CPI, "value": "3,1"}, {"indicator": REVENUE, "value": "999"}])
        before, published, steps = manual_ktxh(hub), len(hub.published), audited(hub)
        # one already waiting in entry.sqlite, as a hub before this rule took it: the CPI alone
        short = hub.entry.store.submit("ktxh", "month", "2026-11-01", [{"indicator": CPI, "region": "province",
                                       "value": 3.2, "period": "2026-11-01"}], "form", "Lê Văn Nhập (nhaplieu-ktxh)",
                                       "nhaplieu-ktxh", clock())
        clock.t += 60
        status, doc = hub.call("kiemduyet", "POST", f"/entry/submissions/{short.id}/approve")
        assert status == 422 and "Thu ngân sách nhà nước" in doc["error"], doc
        assert hub.entry.store.get(short.id).state == "submitted"
        assert manual_ktxh(hub) == before and len(hub.published) == published
        assert hub.entry.provenance(REVENUE)["version"] == 1 and audited(hub) == steps
    finally:
        hub.close()
