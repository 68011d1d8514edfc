"""Forecast and anomaly alerts from a real store, as the wall's worker and the hub raise them (Qt-free): the newest
value far outside what the model expected opens a "bất thường" alert in the sector with the expected range, and the
next ordinary value closes it; a likely crossing opens a forecast alert worded as a probability."""

from __future__ import annotations

import time
from datetime import date, datetime, timedelta
from pathlib import Path

import numpy as np
import pytest

from ioc_core.alerts import AlertBook
from ioc_core.alerts.monitor import AlertChecks
from ioc_core.catalogue import load_catalogue
from ioc_core.fmt import TZ
from ioc_core.forecasting.service import Outlooks, compute
from ioc_core.indicators.indicator_store import IndicatorStore
from ioc_core.indicators.observation import Observation
from ioc_core.views.reader import StoreReader

from ..common import Clock

CAT = load_catalogue()
ON_TIME = "hcc-ty-le-dung-han"  # %, daily, higher is better: warning below 95, critical below 90; sector hcc
ATTENDANCE = "gd-chuyen-can"  # %, daily, higher is better: warning below 95, critical below 90; no annual plan


@pytest.fixture
def data(tmp_path: Path):
    """A real store and a reader on it (as the worker reads it); ``write(first_day, values)`` stores one value a
    day from ``first_day``, as a fetch does."""
    store = IndicatorStore(tmp_path / "indicators.sqlite", CAT)
    reader = StoreReader(tmp_path / "indicators.sqlite", CAT, time.time)

    def write(first: date, values, indicator: str = ON_TIME) -> None:
        obs = [Observation(indicator, (first + timedelta(days=i)).isoformat(), float(v))
               for i, v in enumerate(values)]
        report = store.ingest("test", obs)
        assert report.accepted == len(obs), report.rejected[:3]
        reader.invalidate({indicator})

    yield write, reader
    reader.close()
    store.close()


def today() -> date:
    return datetime.now(TZ).date()


def opened(book: AlertBook, cause: str, indicator: str = ON_TIME):
    return [a for a in book.open_for(indicator) if a.cause == cause]


def test_an_odd_newest_value_opens_an_anomaly_alert_and_the_next_ordinary_one_closes_it(data, tmp_path):
    write, reader = data
    book = AlertBook(tmp_path / "alerts.json")
    clock = Clock(1000.0)
    checks = AlertChecks(CAT, book, clock)
    outlooks = Outlooks()
    first = today() - timedelta(days=120)
    values = np.round(96 + np.random.default_rng(21).normal(0, 0.3, 120), 1)
    values[-1] = 87.0  # yesterday: 87 % on time in a rate that barely moves
    write(first, values)

    planned = checks.plan({ON_TIME})
    assert planned is not None
    checks.apply((*planned, AlertChecks.verdicts(CAT, *planned, reader, outlooks)))  # as the wall's worker does
    [odd] = opened(book, "anomaly")
    assert odd.sector == "hcc" and odd.severity == "warning" and odd.value == 87.0
    assert odd.message_vi.startswith("Bất thường: Tỷ lệ giải quyết đúng hạn 87,0 % (")
    assert "ngoài khoảng dự kiến 95," in odd.message_vi  # the range it should have been in: about 95.5-96.5 %
    assert odd.message_en.startswith("Anomaly: ")
    assert odd in book.alerts(sector="hcc")  # listed with the sector's alerts
    assert outlooks.get(ON_TIME).newest_anomaly().value == 87.0  # the wall's charts mark it from here
    assert AlertBook(tmp_path / "alerts.json").open_for(ON_TIME)  # kept

    write(today(), [96.1])  # today so far: back to normal, but the day is not over
    clock.t += AlertChecks.FORECAST_EVERY_S  # forecasts re-run at most every ten minutes
    planned = checks.plan({ON_TIME})
    checks.apply((*planned, AlertChecks.verdicts(CAT, *planned, reader, outlooks)))
    assert [a.id for a in opened(book, "anomaly")] == [odd.id]  # yesterday is still the newest complete day
    tomorrow = today() + timedelta(days=1)
    after_midnight = datetime(tomorrow.year, tomorrow.month, tomorrow.day, 1, tzinfo=TZ).timestamp()
    clock.t += AlertChecks.FORECAST_EVERY_S
    planned = checks.plan({ON_TIME})
    checks.apply((*planned, AlertChecks.verdicts(CAT, *planned, reader, outlooks, now=after_midnight)))
    assert opened(book, "anomaly") == []  # today, complete and ordinary, closes it
    assert book.get(odd.id).cleared_at is not None
    now = outlooks.get(ON_TIME)
    assert now.last == today().isoformat() and now.newest_anomaly() is None
    assert [a.period for a in now.anomalies] == [(today() - timedelta(days=1)).isoformat()]  # still marked


def test_a_likely_crossing_opens_a_forecast_alert_in_probability_words_from_outlooks_computed_elsewhere(data,
                                                                                                      tmp_path):
    write, reader = data
    book = AlertBook(tmp_path / "alerts.json")
    checks = AlertChecks(CAT, book)
    base = np.r_[np.full(60, 99.0), 99.0 - 0.08 * np.arange(1, 46)]  # 95.4 % yesterday, sliding 0.08 a day
    values = np.round(base + np.random.default_rng(13).normal(0, 0.15, len(base)), 1)
    write(today() - timedelta(days=len(base)), values, ATTENDANCE)
    [o] = compute(CAT, {ATTENDANCE}, reader, time.time())  # the hub's forecasting thread
    risk = o.alert_risk()
    assert risk is not None and risk.kind == "warning"
    checks.apply((frozenset(), frozenset(), AlertChecks.judged(CAT, [o])))
    [alert] = opened(book, "forecast", ATTENDANCE)
    assert alert.sector == "giaoduc" and alert.severity == "warning"
    assert alert.value == pytest.approx(risk.probability)
    pct = round(risk.probability * 100)
    assert pct >= 50
    assert alert.message_vi == f"Dự báo: {pct} % khả năng xuống dưới ngưỡng cảnh báo 95,0 % trong 7 ngày tới"
    assert alert.message_en == f"Forecast: {pct} % chance of falling below the warning threshold 95 % within the " \
                               "next 7 days"
    assert opened(book, "threshold", ATTENDANCE) == []  # the figure itself is still above the threshold

    write(today() - timedelta(days=10), np.round(99.0 + np.random.default_rng(3).normal(0, 0.1, 10), 1), ATTENDANCE)
    [o] = compute(CAT, {ATTENDANCE}, reader, time.time())  # back up at 99 %: the risk is gone
    assert o.alert_risk() is None
    checks.apply((frozenset(), frozenset(), AlertChecks.judged(CAT, [o])))
    assert opened(book, "forecast", ATTENDANCE) == []
    assert book.get(alert.id).cleared_at is not None
