"""The indicator store: what is kept, what is refused, how old each value is, and that it survives a restart."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from ioc_core.catalogue import Status, load_catalogue
from ioc_core.fmt import TZ
from ioc_core.indicators.freshness import Freshness
from ioc_core.indicators.indicator_store import IndicatorStore
from ioc_core.indicators.observation import BadValue, Observation, parse_number, parse_period

from ..common import Clock

NOON = datetime(2026, 11, 23, 12, 0, tzinfo=TZ).timestamp()


@pytest.fixture
def clock() -> Clock:
    return Clock(NOON)


@pytest.fixture
def store(tmp_path: Path, clock: Clock):
    s = IndicatorStore(tmp_path / "chi-tieu.sqlite", load_catalogue(), clock=clock)
    yield s
    s.close()


def test_freshness_follows_the_cadence_with_a_grace_period(store, clock):
    assert store.freshness("hcc-ty-le-dung-han") is Freshness.NO_DATA
    store.ingest("igate", [Observation("hcc-ty-le-dung-han", "2026-11-23", 96.5)])
    assert store.latest("hcc-ty-le-dung-han").freshness is Freshness.FRESH  # daily: fresh for a day
    clock.t += 86400 + 1
    assert store.freshness("hcc-ty-le-dung-han") is Freshness.DUE
    clock.t += 43200
    reading = store.latest("hcc-ty-le-dung-han")
    assert reading.freshness is Freshness.STALE
    assert reading.age_s == pytest.approx(86400 + 43201)
    assert reading.value == 96.5  # the last good value stays, visibly old


def test_status_changes_and_target_progress(store):
    store.ingest("igate", [
        Observation("hcc-ty-le-dung-han", "2025-11-23", 91.0),
        Observation("hcc-ty-le-dung-han", "2026-11-22", 96.0),
        Observation("hcc-ty-le-dung-han", "2026-11-23", 93.0),
    ])
    r = store.latest("hcc-ty-le-dung-han")
    assert (r.value, r.previous, r.last_year, r.status) == (93.0, 96.0, 91.0, Status.WARNING)
    assert r.change == -3.0 and r.change_yoy == pytest.approx(2 / 91)
    assert r.progress == pytest.approx(93 / 98)  # a rate: latest against the plan

    store.ingest("ckan-dulich", [Observation("dl-luot-khach", f"2026-{m:02d}-01", 700_000.0) for m in range(1, 12)]
                 + [Observation("dl-luot-khach", "2025-12-01", 900_000.0)])
    assert store.latest("dl-luot-khach").progress == pytest.approx(7_700_000 / 9_450_000)  # year to date vs plan


def test_bad_rows_are_rejected_one_by_one_and_never_overwrite_good_data(store, clock):
    store.ingest("igate", [Observation("hcc-ho-so-tre-han", "2026-11-23", 40.0, observed_at=clock.t - 60)])
    report = store.ingest("igate", [
        Observation("khong-co", "2026-11-23", 1.0),
        Observation("hcc-ho-so-tre-han", "2026-11-23", float("nan")),
        Observation("hcc-ho-so-tre-han", "2026-12-25", 5.0),
        Observation("hcc-ho-so-tre-han", "2026-11-22", 7.0, observed_at=clock.t + 3600),
        Observation("hcc-ho-so-tre-han", "2026-11-21", 8.0),
        Observation("hcc-ho-so-tre-han", "2026-11-21", 9.0),
        Observation("hcc-ho-so-tre-han", "2026-11-23", 1.0, observed_at=clock.t - 3600),  # older re-send
    ])
    assert report.accepted == 2
    assert report.rejected == [
        (0, "unknown indicator 'khong-co'"),
        (1, "value nan is not a finite number"),
        (2, "period 2026-12-25 is in the future"),
        (3, "observation time is in the future"),
        (5, "duplicate period 2026-11-21 for hcc-ho-so-tre-han/province (row 4 kept)"),
    ]
    assert store.latest("hcc-ho-so-tre-han").value == 40.0
    assert list(store.history("hcc-ho-so-tre-han")["value"]) == [8.0, 40.0]


def test_values_and_health_survive_a_restart(tmp_path: Path, clock):
    path = tmp_path / "chi-tieu.sqlite"
    first = IndicatorStore(path, load_catalogue(), clock=clock)
    first.ingest("quan-trac", [Observation("mt-aqi", "2026-11-23T11:00", 87.0, region="xa-001")])
    first.record_fetch("quan-trac", received=1)
    first.record_fetch("soc", error="connection refused")
    del first  # a crash: no close()

    clock.t += 7200
    again = IndicatorStore(path, load_catalogue(), clock=clock)
    r = again.latest("mt-aqi", "xa-001")
    assert (r.value, r.freshness, r.age_s) == (87.0, Freshness.STALE, 7200)
    assert again.regions("mt-aqi") == ["xa-001"]
    health = {h.source: h for h in again.health()}
    assert health["quan-trac"].records_received == 1 and health["quan-trac"].last_success == NOON
    assert health["soc"].last_error_message == "connection refused"
    assert [h.source for h in again.health()][0] == "soc"  # the failing source first


def test_history_is_capped_by_count_and_age(tmp_path: Path, clock):
    store = IndicatorStore(tmp_path / "s.sqlite", load_catalogue(), clock=clock, max_age_days=30,
                           max_rows_per_series=10)
    store.ingest("ioffice", [Observation("vbdt-van-ban-den", f"2026-11-{d:02d}", 19_000.0 + d) for d in range(1, 24)]
                 + [Observation("vbdt-van-ban-den", "2026-09-01", 1.0, region="xa-002")])
    assert store.prune() == 13 + 1
    hist = store.history("vbdt-van-ban-den")
    assert len(hist) == 10 and hist["value"].iloc[-1] == 19_023.0
    assert store.regions("vbdt-van-ban-den") == ["province"]


def test_numbers_and_periods_as_sources_send_them():
    assert parse_number("5.238.802") == 5_238_802
    assert parse_number("1.234,5") == 1234.5
    assert parse_number("15.49") == 15.49
    assert parse_number("19.000", vietnamese=True) == 19_000
    for bad, reason in [("abc", "'abc' is not a number"), ("", "value is missing"), (None, "value is missing"),
                        (True, "True is not a number"), ("inf", "'inf' is not a finite number")]:
        with pytest.raises(BadValue, match=reason):
            parse_number(bad)
    assert parse_period("23/11/2026") == parse_period("2026-11-23") == "2026-11-23"
    assert parse_period("2026-11-23T07:05:00Z") == "2026-11-23T14:05"
    assert parse_period("11/2026") == "2026-11-01"
    with pytest.raises(BadValue, match="period '31/02/2026' is not a date"):
        parse_period("31/02/2026")


# -- what the store refuses, worded so a technician can fix the mapping ----------------------------------------
def test_a_name_given_for_an_indicator_or_a_region_is_refused_with_the_code_it_names(tmp_path: Path, clock):
    cat = load_catalogue(regions={"xa-001": "Phường Trường Vinh", "xa-012": "Xã Nam Đàn"})
    store = IndicatorStore(tmp_path / "s.sqlite", cat, clock=clock)
    try:
        report = store.ingest("igate", [
            Observation("Hồ sơ tiếp nhận", "2026-11-23", 41.0),  # the Vietnamese name
            Observation("ho so TIEP nhan", "2026-11-23", 41.0),  # no diacritics, any case
            Observation("Dossiers received", "2026-11-23", 41.0),  # the English name
            Observation("hcc-ho-so-tiep-nhann", "2026-11-23", 41.0),  # a typo of the id
            Observation("khong-co", "2026-11-23", 41.0),  # nothing like it
            Observation("hcc-ho-so-tiep-nhan", "2026-11-23", 41.0, region="Phường Trường Vinh"),
            Observation("hcc-ho-so-tiep-nhan", "2026-11-23", 42.0, region="xa nam dan"),
            Observation("hcc-ho-so-tiep-nhan", "2026-11-23", 43.0, region="xa-999"),
            Observation("hcc-ho-so-tiep-nhan", "2026-11-23", 44.0, region="xa-001"),
            Observation("hcc-ho-so-tiep-nhan", "2026-11-23", 45.0),  # the province: always a region
        ])
        assert report.accepted == 2
        mean = "(did you mean 'hcc-ho-so-tiep-nhan'?)"
        assert [why for _, why in report.rejected] == [
            f"unknown indicator 'Hồ sơ tiếp nhận' {mean}", f"unknown indicator 'ho so TIEP nhan' {mean}",
            f"unknown indicator 'Dossiers received' {mean}", f"unknown indicator 'hcc-ho-so-tiep-nhann' {mean}",
            "unknown indicator 'khong-co'",
            "unknown region 'Phường Trường Vinh' (did you mean 'xa-001'?)",
            "unknown region 'xa nam dan' (did you mean 'xa-012'?)",
            "unknown region 'xa-999'",
        ]
        assert store.regions("hcc-ho-so-tiep-nhan") == ["province", "xa-001"]
    finally:
        store.close()
    anywhere = IndicatorStore(tmp_path / "t.sqlite", load_catalogue(regions={}), clock=clock)
    try:  # no region names known here: any code is taken
        assert anywhere.ingest("igate", [Observation("hcc-ho-so-tiep-nhan", "2026-11-23", 1.0, "so-y-te")]).accepted
    finally:
        anywhere.close()


def test_a_period_must_be_one_of_the_indicators_periods(store):
    report = store.ingest("x", [
        Observation("ktxh-thu-ngan-sach", "2025-11-15", 1.0),  # monthly: not a month's start
        Observation("ktxh-thu-ngan-sach", "2025-11-01", 2.0),
        Observation("ktxh-grdp-tang-truong", "2026-08-01", 7.0),  # quarterly: not a quarter's start
        Observation("ktxh-grdp-tang-truong", "2026-07-01", 7.1),
        Observation("gd-hoc-sinh", "2026-09-01", 1.0),  # a school year is no calendar year
        Observation("mt-aqi", "2026-11-23", 80.0),  # a measurement's time cut to a date
        Observation("mt-aqi", "2026-11-23T11:05", 81.0),
        Observation("hcc-ho-so-tre-han", "2026-11-22T17:30", 3.0),  # a date-time for a day: that day
        Observation("hcc-ho-so-tre-han", "2026-11-22", 4.0),  # ... so this is the same day again
    ])
    assert report.rejected == [
        (0, "period 2025-11-15 does not start a month: ktxh-thu-ngan-sach describes a whole month "
            "(starting 2025-11-01)"),
        (2, "period 2026-08-01 does not start a quarter: ktxh-grdp-tang-truong describes a whole quarter "
            "(starting 2026-07-01)"),
        (4, "period 2026-09-01 does not start a year: gd-hoc-sinh describes a whole year (starting 2026-01-01)"),
        (5, "period 2026-11-23 has no time, but mt-aqi is a measurement at a moment: the time of day is missing"),
        (8, "duplicate period 2026-11-22 for hcc-ho-so-tre-han/province (row 7 kept)"),
    ]
    assert store.latest("hcc-ho-so-tre-han").period == "2026-11-22"
    assert store.latest("mt-aqi").period == "2026-11-23T11:05"


# -- freshness by the period a value describes ---------------------------------------------------------------
def test_last_years_figure_arriving_now_is_old_data_and_this_months_is_fresh(store, clock):
    store.ingest("drop-ktxh", [Observation("ktxh-thu-ngan-sach", "2025-11-01", 1500.0)])  # a year-old month
    old = store.latest("ktxh-thu-ngan-sach")
    assert old.age_s == 0 and old.freshness is Freshness.OLD_PERIOD and old.freshness.old
    assert old.period_end == datetime(2025, 12, 1, tzinfo=TZ).timestamp()
    store.ingest("drop-ktxh", [Observation("ktxh-thu-ngan-sach", "2026-11-01", 1600.0)])
    assert store.latest("ktxh-thu-ngan-sach").freshness is Freshness.FRESH  # this month, under way
    clock.t = datetime(2026, 12, 20, tzinfo=TZ).timestamp()  # November's figure, published in December
    store.ingest("drop-ktxh", [Observation("ktxh-thu-ngan-sach", "2026-11-01", 1650.0)])
    assert store.latest("ktxh-thu-ngan-sach").freshness is Freshness.FRESH
    clock.t = datetime(2027, 1, 20, 12, tzinfo=TZ).timestamp()  # still November's, re-sent in late January
    store.ingest("drop-ktxh", [Observation("ktxh-thu-ngan-sach", "2026-11-01", 1650.0)])
    assert store.latest("ktxh-thu-ngan-sach").freshness is Freshness.OLD_PERIOD  # 50 days > 31 x 1.5

    store.ingest("pakn-1022", [Observation("pakn-tiep-nhan", "2027-01-19", 30.0)])  # hourly, a day: yesterday's
    assert store.latest("pakn-tiep-nhan").freshness is Freshness.OLD_PERIOD
    store.ingest("pakn-1022", [Observation("pakn-tiep-nhan", "2027-01-20", 3.0)])
    assert store.latest("pakn-tiep-nhan").freshness is Freshness.FRESH
    # a measurement is judged by when it was measured, as before: a 5-minute old river level is fresh
    store.ingest("quan-trac", [Observation("mt-muc-nuoc", "2027-01-20T11:55", 2.1, "xa-001",
                                           observed_at=clock.t - 300)])
    assert store.latest("mt-muc-nuoc", "xa-001").freshness is Freshness.FRESH


def test_a_stopped_feed_is_stale_before_it_is_old_data(store, clock):
    store.ingest("igate", [Observation("hcc-ty-le-dung-han", "2026-11-20", 96.5)])  # three days old on arrival
    assert store.latest("hcc-ty-le-dung-han").freshness is Freshness.OLD_PERIOD
    clock.t += 2 * 86400  # and then nothing arrives
    assert store.latest("hcc-ty-le-dung-han").freshness is Freshness.STALE


def test_a_province_value_keeps_how_many_communes_it_was_made_from(store, clock):
    store.ingest("igate", [Observation("hcc-ho-so-tiep-nhan", "2026-11-23", 1200.0, parts=87),
                           Observation("hcc-ho-so-tiep-nhan", "2026-11-23", 41.0, "xa-001"),
                           Observation("hcc-ho-so-tre-han", "2026-11-23", 2.0, parts=0)])
    assert store.latest("hcc-ho-so-tiep-nhan").parts == 87
    assert store.latest("hcc-ho-so-tiep-nhan", "xa-001").parts is None
    assert store.latest("hcc-ho-so-tre-han") is None  # "made from no commune" is no count
    clock.t += 60
    store.ingest("igate", [Observation("hcc-ho-so-tiep-nhan", "2026-11-23", 1300.0, parts=88)])
    assert (store.latest("hcc-ho-so-tiep-nhan").value, store.latest("hcc-ho-so-tiep-nhan").parts) == (1300.0, 88)


# -- the health record: what the last fetch did, and a fetch under way ---------------------------------------
def test_the_health_record_keeps_the_last_fetch_and_the_one_under_way(store, clock):
    store.record_start("igate", budget_s=13.0)
    (h,) = store.health()
    assert h.in_flight_s(clock.t + 20) == 20 and h.last_budget_s == 13.0 and h.last_success is None
    clock.t += 5
    store.record_fetch("igate", received=12, rejected=3, reason="unknown indicator 'x'")
    clock.t += 60
    store.record_start("igate", budget_s=13.0)
    clock.t += 2
    store.record_fetch("igate", received=0, rejected=4, reason="unknown region 'y'")
    (h,) = store.health()
    assert (h.last_stored, h.last_rejected, h.last_reason) == (0, 4, "unknown region 'y'")
    assert (h.records_received, h.records_rejected) == (12, 7)  # all fetches
    assert h.in_flight_s(clock.t) is None
    store.record_fetch("igate", error="HTTP 500 from igate.example")
    (h,) = store.health()
    assert (h.consecutive_errors, h.last_stored, h.last_rejected, h.last_reason) == (1, 0, 0, None)
    clock.t += 1
    store.record_start("igate", budget_s=13.0)
    store.record_start("soc", budget_s=13.0)
    assert store.health()[1].in_flight_s(clock.t + 60) == 60
    store.end_in_flight()  # a wall that stopped during them: on its next start nothing is waiting
    assert [(h.source, h.in_flight_s(clock.t + 60), h.last_started) for h in store.health()] == [
        ("igate", None, None), ("soc", None, None)]


V1_SCHEMA = """
CREATE TABLE observations (
    indicator TEXT NOT NULL, region TEXT NOT NULL, period TEXT NOT NULL,
    value REAL NOT NULL, observed_at REAL NOT NULL, source TEXT NOT NULL,
    PRIMARY KEY (indicator, region, period)
) WITHOUT ROWID;
CREATE TABLE source_health (
    source TEXT PRIMARY KEY, last_attempt REAL, last_success REAL, last_error REAL, last_error_message TEXT,
    error_count INTEGER NOT NULL DEFAULT 0, consecutive_errors INTEGER NOT NULL DEFAULT 0,
    records_received INTEGER NOT NULL DEFAULT 0, records_rejected INTEGER NOT NULL DEFAULT 0
);
INSERT INTO observations VALUES ('hcc-ho-so-tiep-nhan', 'province', '2026-11-22', 1100, 1795000000, 'igate');
INSERT INTO observations VALUES ('hcc-ho-so-tiep-nhan', 'province', '2026-11-23', 1200, 1795300000, 'igate');
INSERT INTO source_health VALUES ('igate', 1795300000, 1795300000, NULL, NULL, 0, 0, 500, 2);
PRAGMA user_version=1;
"""


def test_a_version_1_store_is_migrated_forward_keeping_every_value(tmp_path: Path, clock):
    import sqlite3

    path = tmp_path / "cu.sqlite"
    old = sqlite3.connect(path)
    old.executescript(V1_SCHEMA)
    old.close()
    store = IndicatorStore(path, load_catalogue(), clock=clock)
    try:
        assert store.db.execute("PRAGMA user_version").fetchone()[0] == 2
        r = store.latest("hcc-ho-so-tiep-nhan")
        assert (r.period, r.value, r.observed_at, r.parts) == ("2026-11-23", 1200.0, 1795300000, None)
        assert list(store.history("hcc-ho-so-tiep-nhan")["value"]) == [1100.0, 1200.0]
        (h,) = store.health()
        assert (h.records_received, h.records_rejected, h.last_success) == (500, 2, 1795300000)
        assert (h.last_started, h.last_stored, h.last_rejected, h.last_reason) == (None, None, None, None)
        store.ingest("igate", [Observation("hcc-ho-so-tiep-nhan", "2026-11-23", 1250.0, parts=87)])
        store.record_fetch("igate", received=1)
    finally:
        store.close()
    again = IndicatorStore(path, load_catalogue(), clock=clock)  # opening a migrated file changes nothing
    try:
        assert (again.latest("hcc-ho-so-tiep-nhan").value, again.latest("hcc-ho-so-tiep-nhan").parts) == (1250, 87)
        assert len(again.history("hcc-ho-so-tiep-nhan")) == 2
        assert again.health()[0].last_stored == 1
    finally:
        again.close()
    new = sqlite3.connect(tmp_path / "moi.sqlite")
    IndicatorStore(tmp_path / "moi.sqlite", load_catalogue(), clock=clock).close()
    columns = {t: [c[1] for c in new.execute(f"PRAGMA table_info({t})")] for t in ("observations", "source_health")}
    migrated = sqlite3.connect(path)
    assert columns == {t: [c[1] for c in migrated.execute(f"PRAGMA table_info({t})")] for t in columns}
    assert new.execute("PRAGMA user_version").fetchone()[0] == 2
    new.close()
    migrated.close()


def test_the_health_records_are_those_of_the_sources_file_as_it_is_now(tmp_path):
    """A source removed from the file loses its health record (its values stay); one just configured has a record
    before its first fetch, so the health view lists it as not yet connected, and no other source of the
    catalogue."""
    store = IndicatorStore(tmp_path / "s.sqlite", load_catalogue())
    try:
        store.record_fetch("igate", received=3)
        store.record_fetch("cu-da-xoa", error="HTTP 500")
        assert store.forget_sources_except({"igate", "moi-them"}) == 1
        health = {h.source: h for h in store.health()}
        assert set(health) == {"igate", "moi-them"}
        assert health["moi-them"].last_attempt is None and health["igate"].records_received == 3
    finally:
        store.close()
