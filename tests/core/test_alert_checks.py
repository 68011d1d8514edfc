"""The alert checks after new data, Qt-free (what the hub runs on its own thread, and the wall on its workers): a value
past its threshold raises an alert, a normal one clears it; forecasts (outlooks of a daily history the models can
judge) are re-run at most every ten minutes; CAP messages go into the book in their sector and close at their
expiry."""

from __future__ import annotations

import time
from datetime import datetime, timedelta
from pathlib import Path

import numpy as np
import pytest

from ioc_core.alerts import AlertBook
from ioc_core.alerts.monitor import AlertChecks
from ioc_core.catalogue import load_catalogue
from ioc_core.fmt import TZ
from ioc_core.indicators.indicator_store import IndicatorStore
from ioc_core.indicators.observation import Observation
from ioc_core.sources.cap import CapAlert
from ioc_core.views.reader import StoreReader

from ..common import Clock

CAT = load_catalogue()
AQI = "mt-aqi"  # hourly; warning above 101, critical above 151
ON_TIME = "hcc-ty-le-dung-han"  # daily, %, higher is better; warning below 95, critical below 90


def hours_ago(now: datetime, n: int) -> str:
    return (now - timedelta(hours=n)).strftime("%Y-%m-%dT%H:%M")


@pytest.fixture
def data(tmp_path: Path):
    """A real store (written as a fetch writes it) and a reader (as the worker reads it)."""
    store = IndicatorStore(tmp_path / "indicators.sqlite", CAT)
    reader = StoreReader(tmp_path / "indicators.sqlite", CAT, time.time)
    now = datetime.now(TZ).replace(minute=0, second=0, microsecond=0)

    def write(*values: float, start: int | None = None):
        """``values`` hourly, the last one ``start`` hours ago (default: the newest hour); the reader told."""
        first = len(values) - 1 + (start or 0)
        report = store.ingest("quan-trac", [Observation(AQI, hours_ago(now, first - i), v)
                                            for i, v in enumerate(values)])
        assert report.accepted == len(values), report.rejected
        reader.invalidate({AQI})

    def write_days(ind: str, values) -> None:
        """``values`` daily, the last one yesterday's (today's is still under way); the reader told."""
        today = now.date()
        report = store.ingest("igate", [Observation(ind, (today - timedelta(days=len(values) - i)).isoformat(),
                                                    float(v)) for i, v in enumerate(values)])
        assert report.accepted == len(values), report.rejected
        reader.invalidate({ind})

    write.days = write_days
    yield write, reader
    reader.close()
    store.close()


def office_days(n: int = 140, level: float = 96.0, seed: int = 3) -> np.ndarray:
    """An office's daily on-time rate around ``level`` with a weekly rhythm (the weekend's dossiers run late)."""
    week = np.array([0.8, 0.5, 0.2, 0.0, -0.3, -1.2, -1.5])
    # the newest day a Tuesday-like one, normal: the weekend lows ahead are the forecast's risk (a figure already
    # under its threshold gets no forecast alert for it: its threshold alert says so)
    return level + week[(np.arange(n) - n + 2) % 7] + np.random.default_rng(seed).normal(0, 0.35, n)


def test_a_value_past_its_threshold_raises_an_alert_and_a_normal_one_clears_it(data, tmp_path: Path):
    write, reader = data
    book = AlertBook(tmp_path / "alerts.json")
    events = []
    book.subscribe(lambda a, ev: events.append((a.cause, a.severity, ev)))
    checks = AlertChecks(CAT, book)

    write(60, 60, 60, 60, 160)
    checks.check_now({AQI, "no-such-indicator"}, reader)
    [alert] = book.open_for(AQI)
    assert (alert.cause, alert.severity, alert.value) == ("threshold", "critical", 160.0)
    assert alert.message_vi == "Chỉ số chất lượng không khí (VN_AQI): 160 AQI, vượt ngưỡng nghiêm trọng 151"
    assert AlertBook(tmp_path / "alerts.json").open_for(AQI)[0].id == alert.id  # told to the book and kept

    write(160, 120, start=1)  # the latest hour revised: past the warning threshold only, still open
    checks.check_now({AQI}, reader)
    assert [(a.id, a.severity) for a in book.open_for(AQI)] == [(alert.id, "critical")]  # not lower by itself

    write(55)
    checks.check_now({AQI}, reader)
    assert book.open_for(AQI) == []
    closed = book.get(alert.id)
    assert closed.cleared_at is not None
    assert events == [("threshold", "critical", "raised"), ("threshold", "critical", "cleared")]


def test_nothing_to_check_without_catalogue_indicators_and_an_unapplied_plan_is_covered_by_the_next():
    book = AlertBook(None)
    clock = Clock(1000.0)
    checks = AlertChecks(CAT, book, clock=clock)
    assert checks.plan({"no-such-indicator"}) is None
    assert checks.plan({AQI}) == (frozenset({AQI}), frozenset({AQI}))
    clock.t += 1
    # the first was never applied (a newer request replaced it on the worker): the next covers it too
    both = checks.plan({"hcc-ty-le-dung-han"})
    assert both == (frozenset({AQI, "hcc-ty-le-dung-han"}), frozenset({AQI, "hcc-ty-le-dung-han"}))
    checks.apply((*both, []))
    assert checks.plan(set()) is None  # applied: nothing left over
    assert checks.plan({AQI}) == (frozenset({AQI}), frozenset())  # forecast a second ago: checked only


def test_forecasts_run_at_most_every_ten_minutes(data):
    write, reader = data
    book = AlertBook(None)
    clock = Clock(5000.0)
    checks = AlertChecks(CAT, book, clock=clock)
    days = office_days()  # 96 % on average, its weekend lows under the warning threshold (95 %) every week
    write.days(ON_TIME, days)
    checks.check_now({ON_TIME}, reader)
    [alert] = [a for a in book.open_for(ON_TIME) if a.cause == "forecast"]
    assert alert.severity == "warning" and 0.5 <= alert.value <= 1
    assert alert.message_vi.startswith(f"Dự báo: {round(alert.value * 100)} % khả năng xuống dưới ngưỡng cảnh báo")

    write.days(ON_TIME, days + 3)  # the same days revised up, at 99 %: no weekend near the threshold now
    clock.t += AlertChecks.FORECAST_EVERY_S - 1
    checks.check_now({ON_TIME}, reader)  # thresholds checked, the forecast not run again yet
    assert [a.id for a in book.open_for(ON_TIME) if a.cause == "forecast"] == [alert.id]
    clock.t += 1
    checks.check_now({ON_TIME}, reader)
    assert [a for a in book.open_for(ON_TIME) if a.cause == "forecast"] == []


def test_the_verdicts_are_pure_and_applied_in_one_save(data, tmp_path: Path):
    """What the wall does: verdicts on its worker (no book there), applied on the GUI thread in one batch."""
    write, reader = data
    path = tmp_path / "alerts.json"
    book = AlertBook(path)
    checks = AlertChecks(CAT, book)
    write(160)
    days = office_days()
    days[-1] = 87.0  # yesterday's rate fell far below what the office's weeks lead to expect
    write.days(ON_TIME, days)
    checks_, forecasts = checks.plan({AQI, ON_TIME})
    calls = AlertChecks.verdicts(CAT, checks_, forecasts, reader)
    assert not path.exists() and book.alerts() == []  # the book untouched so far
    # thresholds first, then the outlooks' verdicts (the AQI's single value: too short to judge, nothing raised)
    assert [(args[0], args[3], args[4]) for args, _ in calls] == [
        (ON_TIME, "threshold", "critical"), (AQI, "threshold", "critical"),
        (ON_TIME, "forecast", None), (ON_TIME, "anomaly", "warning"),  # already critical: no forecast alert beside
        (AQI, "forecast", None), (AQI, "anomaly", None)]
    checks.apply((checks_, forecasts, calls))
    kept = {(a.indicator, a.cause) for a in AlertBook(path).alerts()}
    assert kept == {(AQI, "threshold"), (ON_TIME, "threshold"), (ON_TIME, "anomaly")}
    [odd] = [a for a in book.alerts() if a.cause == "anomaly"]
    assert odd.message_vi.startswith("Bất thường: ") and "87,0 %" in odd.message_vi
    assert "ngoài khoảng dự kiến" in odd.message_vi


def test_cap_messages_into_the_book_in_their_sector_and_closed_at_expiry(caplog):
    clock = Clock(1_800_000_000.0)
    book = AlertBook(None, clock)
    checks = AlertChecks(CAT, book)
    storm = CapAlert("bao-1", "canhbao@kttv.gov.vn", clock.t - 60, "Alert", severity="Extreme",
                     headline="Bão số 10", expires=clock.t + 60)
    with caplog.at_level("INFO", logger="ioc_core.alerts.monitor"):
        changes = checks.take_cap([storm], "antt")
        assert checks.take_cap([storm], "antt") == []  # the same message fetched again: no news
    [(alert, event)] = changes
    assert (event, alert.sector, alert.severity, alert.message_vi) == ("raised", "antt", "critical", "Bão số 10")
    assert f"CAP alert {alert.id} raised: Bão số 10" in caplog.text
    clock.t += 59
    checks.expire()
    assert book.get(alert.id).open
    clock.t += 1
    checks.expire()
    assert book.get(alert.id).close_reason == "expired"
