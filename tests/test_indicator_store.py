"""The indicator store: what is kept, what is refused, how old each value is, and that it survives a restart."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from wall.catalogue import Status, load_catalogue
from wall.fmt import TZ
from wall.indicators.freshness import Freshness
from wall.indicators.observation import BadValue, Observation, parse_number, parse_period
from wall.indicators.store import IndicatorStore

from .conftest import Clock

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
    first.ingest("quan-trac", [Observation("mt-aqi", "2026-11-23T11:00", 87.0, region="xa-nghi-loc")])
    first.record_fetch("quan-trac", received=1)
    first.record_fetch("soc", error="connection refused")
    del first  # a crash: no close()

    clock.t += 7200
    again = IndicatorStore(path, load_catalogue(), clock=clock)
    r = again.latest("mt-aqi", "xa-nghi-loc")
    assert (r.value, r.freshness, r.age_s) == (87.0, Freshness.STALE, 7200)
    assert again.regions("mt-aqi") == ["xa-nghi-loc"]
    health = {h.source: h for h in again.health()}
    assert health["quan-trac"].records_received == 1 and health["quan-trac"].last_success == NOON
    assert health["soc"].last_error_message == "connection refused"
    assert [h.source for h in again.health()][0] == "soc"  # the failing source first


def test_history_is_capped_by_count_and_age(tmp_path: Path, clock):
    store = IndicatorStore(tmp_path / "s.sqlite", load_catalogue(), clock=clock, max_age_days=30,
                           max_rows_per_series=10)
    store.ingest("ioffice", [Observation("vbdt-van-ban-den", f"2026-11-{d:02d}", 19_000.0 + d) for d in range(1, 24)]
                 + [Observation("vbdt-van-ban-den", "2026-09-01", 1.0, region="so-y-te")])
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
