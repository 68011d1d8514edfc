"""Forecasts on series of known structure (numpy, fixed seeds): what a leader sees of them. A season is found when
there is one and the forecast follows it; a trend is forecast better than repeating last season; the 95 % band
holds about 95 % of what the same process draws next; an odd day is flagged with the range it should have been in;
risks are probabilities that match how near the threshold or the plan is; a series too short, too gappy or flat
gets no forecast and says why."""

from __future__ import annotations

import json
import math
from dataclasses import replace
from datetime import date, datetime, timedelta

import numpy as np
import pandas as pd
import pytest

from ioc_core.catalogue import load_catalogue
from ioc_core.fmt import TZ
from ioc_core.forecasting import grid as grids
from ioc_core.forecasting.models import analyse, min_points
from ioc_core.forecasting.outlook import RISK_ALERT, Outlook, outlook

CAT = load_catalogue()
OFFICE_WEEK = np.array([1.05, 1.08, 1.06, 1.04, 1.0, 0.45, 0.3])  # Monday to Sunday, as a one-stop shop works
ON_TIME = CAT.indicators["hcc-ty-le-dung-han"]  # %, daily, higher is better: warning below 95, critical below 90
RECEIVED = CAT.indicators["hcc-ho-so-tiep-nhan"]  # files received a day, summed
VISITORS = CAT.indicators["dl-khach-quoc-te"]  # foreign visitors a day, summed; annual plan 120,500


def history(first: date | str, values, period: str = "day") -> pd.DataFrame:
    """A stored history as IndicatorStore.history reads it: one row per period from ``first``; a NaN value is a
    period with no row at all (a missing store row)."""
    starts = pd.date_range(pd.Timestamp(first), periods=len(values), freq=grids.FREQ[period])
    frame = pd.DataFrame({"period": starts, "value": np.asarray(values, dtype=float)})
    return frame[np.isfinite(frame["value"])].reset_index(drop=True)


def noon_after(day: date) -> float:
    """The next day at noon, local time: ``day`` is the newest complete one."""
    return datetime.combine(day + timedelta(days=1), datetime.min.time().replace(hour=12), TZ).timestamp()


def office_days(n: int, seed: int, level: float = 1000.0, noise: float = 0.04, first: date = date(2026, 6, 1)):
    """``n`` days of files received from ``first`` (a Monday): the office week's shape, ``noise`` relative."""
    rng = np.random.default_rng(seed)
    weekday = (np.arange(n) + first.weekday()) % 7
    return level * OFFICE_WEEK[weekday] * (1 + rng.normal(0, noise, n))


# -- the model found, the forecast's shape ---------------------------------------------------------------------
def test_a_trend_is_followed_and_beats_repeating_last_week():
    rng = np.random.default_rng(1)
    y = 100 + 2.0 * np.arange(120) + rng.normal(0, 3, 120)
    a = analyse(y, season=7, horizon=7)
    assert a.reason == "" and a.shown
    assert "Ad" in a.model  # a (damped) trend
    assert a.skill < 0.5  # far better than the value a week before, which is 14 behind
    truth = 100 + 2.0 * np.arange(120, 127)
    assert np.all(np.abs(a.values - truth) < 8)
    assert np.all((a.lower <= truth) & (truth <= a.upper))
    width = a.upper - a.lower
    assert width[-1] > width[0]  # less sure further ahead


def test_an_office_week_is_found_and_the_forecast_has_its_quiet_weekend():
    first = date(2026, 6, 1)  # a Monday
    values = office_days(140, seed=2, first=first)
    last = first + timedelta(days=139)
    o = outlook(RECEIVED, history(first, values), noon_after(last))
    assert o.shown and o.reason == ""
    assert "[7]" in o.model
    assert o.skill < 1
    by_day = {date.fromisoformat(s).weekday(): v for s, v in zip(o.starts, o.values, strict=True)}
    assert sorted(by_day) == list(range(7))
    weekdays, weekend = [by_day[d] for d in range(5)], [by_day[5], by_day[6]]
    assert max(weekend) < 0.6 * min(weekdays)  # Saturday and Sunday well below every weekday
    assert by_day[6] < by_day[5]  # Sunday the quietest
    for d in range(7):
        assert by_day[d] == pytest.approx(1000 * OFFICE_WEEK[d], rel=0.1)
    assert o.accuracy_vi.startswith("sai số trung bình ") and o.accuracy_vi.endswith(" % trong 24 kỳ qua")
    assert o.accuracy_en.startswith("mean error ") and o.accuracy_en.endswith(" % over the last 24 periods")


def test_a_yearly_cycle_of_monthly_values_is_found_and_followed():
    rng = np.random.default_rng(3)
    months = np.arange(72)
    y = 500 + 100 * np.sin(2 * np.pi * months / 12) + rng.normal(0, 10, 72)
    a = analyse(y, season=12, horizon=6)
    assert "[12]" in a.model and a.shown
    truth = 500 + 100 * np.sin(2 * np.pi * np.arange(72, 78) / 12)
    assert np.max(np.abs(a.values - truth)) < 25  # the noise's sd is 10, the cycle's swing 200
    assert int(np.argmax(a.values)) == int(np.argmax(truth))  # the peak in the right month


def test_no_season_is_invented_for_a_series_without_one():
    rng = np.random.default_rng(4)
    a = analyse(50 + rng.normal(0, 2, 150), season=7, horizon=7)
    assert "[7]" not in a.model
    assert np.ptp(a.values) < 1.0  # a flat forecast


def test_after_a_level_shift_the_forecast_is_at_the_new_level():
    rng = np.random.default_rng(5)
    y = np.r_[100 + rng.normal(0, 2, 80), 150 + rng.normal(0, 2, 30)]
    a = analyse(y, season=1, horizon=3)
    assert a.reason == ""
    assert np.all(np.abs(a.values - 150) < 4)  # not somewhere between the old level and the new
    assert np.all((a.lower < 150) & (a.upper > 150))


# -- the band --------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("seed", [6, 7])
def test_the_band_holds_about_95_percent_of_what_the_same_process_draws_next(seed):
    first = date(2026, 6, 1)
    values = office_days(140, seed=seed, first=first)
    a = analyse(values, season=7, horizon=7)
    assert a.reason == "" and len(a.lower) == 7
    rng = np.random.default_rng(seed + 1000)
    weekday = (np.arange(140, 147) + first.weekday()) % 7
    futures = 1000 * OFFICE_WEEK[weekday][:, None] * (1 + rng.normal(0, 0.04, (7, 200)))  # 200 next weeks
    inside = np.mean((a.lower[:, None] <= futures) & (futures <= a.upper[:, None]))
    assert 0.85 <= inside <= 0.99, inside
    assert 0.75 <= a.coverage <= 1.0  # what the backtest found of its own band


# -- gaps, too short, flat -------------------------------------------------------------------------------------
def test_a_few_missing_weekdays_leave_the_forecast_and_its_week_intact():
    first = date(2026, 6, 1)  # a Monday
    values = office_days(140, seed=0, first=first)
    values[[22, 50, 51, 93, 134]] = np.nan  # no row stored for five Tuesdays and Wednesdays
    last = first + timedelta(days=139)
    o = outlook(RECEIVED, history(first, values), noon_after(last))
    assert o.shown and "[7]" in o.model
    assert o.n == 135  # the values judged: the missing days are not made up
    assert o.starts[0] == (last + timedelta(days=1)).isoformat()  # the week did not slip at the gaps
    by_day = {date.fromisoformat(s).weekday(): v for s, v in zip(o.starts, o.values, strict=True)}
    assert by_day[6] < 0.5 * by_day[1]


def office_weeks_shown(gaps: list[int], seeds: range) -> int:
    shown = 0
    for seed in seeds:
        values = office_days(140, seed=seed)
        values[gaps] = np.nan
        shown += analyse(values, season=7, horizon=7).shown
    return shown


def test_missing_weekend_days_do_not_hide_an_office_weeks_forecast():
    assert office_weeks_shown([20, 47, 48, 90, 133], range(20)) >= 16  # as with the same gaps on weekdays (17)


def test_a_trendless_office_week_is_shown_whatever_its_noise():
    # a damped trend must gain TREND_MARGIN of AICc to be read into the noise; with 4 % noise, 24 origins still
    # cannot always tell the model from last week's values (3 of 20 here): those are not shown, as intended
    assert office_weeks_shown([], range(20)) >= 17


def test_a_series_missing_more_than_a_fifth_of_its_periods_is_not_forecast():
    values = office_days(140, seed=9)
    values[np.random.default_rng(9).choice(np.arange(1, 139), 40, replace=False)] = np.nan
    a = analyse(values, season=7, horizon=7)
    assert a.reason == "gaps" and not a.shown and len(a.values) == 0


def test_a_handful_of_values_gives_no_forecast_and_no_risk_and_says_why():
    first = date(2026, 11, 20)
    values = [96.0, 94.0, 93.0, 91.5, 90.5, 90.2]  # heading for the critical threshold, but six days prove nothing
    o = outlook(ON_TIME, history(first, values), noon_after(first + timedelta(days=5)))
    assert o.reason == "short" and not o.shown
    assert o.values == () and o.starts == () and o.risks == () and o.anomalies == ()
    assert o.alert_risk() is None and o.accuracy_vi == ""
    assert o.reason_vi == "chưa đủ số liệu để dự báo"
    assert o.reason_en == "too little data to forecast"
    assert analyse(np.ones(min_points(7) - 1) + np.arange(min_points(7) - 1), 7, 7).reason == "short"
    assert analyse(np.arange(min_points(7), dtype=float) + 1, 7, 7).reason == ""


def test_a_constant_series_gives_no_forecast():
    first = date(2026, 6, 1)
    o = outlook(ON_TIME, history(first, [100.0] * 120), noon_after(first + timedelta(days=119)))
    assert o.reason == "flat" and not o.shown and o.risks == ()
    assert o.reason_vi == "số liệu không đổi, không dự báo"


def test_white_noise_is_shown_only_if_it_beat_repeating_last_week():
    rng = np.random.default_rng(10)
    first = date(2026, 6, 1)
    o = outlook(RECEIVED, history(first, 500 + rng.normal(0, 20, 150)), noon_after(first + timedelta(days=149)))
    assert o.shown == (o.skill < 1)
    assert o.shown  # the mean beats last week's value: noise twice over


# -- anomalies -------------------------------------------------------------------------------------------------
def steady_rate(n: int, seed: int) -> np.ndarray:
    """An on-time rate that barely moves: 96 %, one decimal."""
    return np.round(96 + np.random.default_rng(seed).normal(0, 0.3, n), 1)


def test_an_odd_day_in_a_steady_rate_is_flagged_with_the_range_it_should_have_been_in():
    first = date(2026, 7, 1)
    values = steady_rate(120, seed=11)
    values[-1] = 87.0  # yesterday: 87 % on time
    last = first + timedelta(days=119)
    o = outlook(ON_TIME, history(first, values), noon_after(last))
    odd = o.newest_anomaly()
    assert odd is not None and odd.period == last.isoformat() and odd.value == 87.0
    assert odd.low <= 96.0 <= odd.high  # the usual rate is within what was expected
    assert not odd.low <= 87.0 <= odd.high
    assert odd.high - odd.low < 4  # a narrow range: the rate is steady
    assert odd.message_vi.startswith("Bất thường: ")
    assert f"({last:%d/%m/%Y})" in odd.message_vi and "87,0 %" in odd.message_vi
    assert "ngoài khoảng dự kiến" in odd.message_vi
    assert odd.message_en.startswith("Anomaly: ")
    assert [a.period for a in o.anomalies] == [last.isoformat()]  # the ordinary days are not flagged


def test_an_odd_day_in_the_past_does_not_bend_the_forecast():
    first = date(2026, 7, 1)
    values = steady_rate(120, seed=12)
    values[100] = 87.0
    last = first + timedelta(days=119)
    o = outlook(ON_TIME, history(first, values), noon_after(last))
    assert [a.period for a in o.anomalies] == [(first + timedelta(days=100)).isoformat()]
    assert o.newest_anomaly() is None  # the newest day is ordinary: no anomaly alert
    assert o.shown or o.reason == "naive"
    if o.shown:
        assert all(95 < v < 97 for v in o.values)


def sliding_rate(seed: int) -> np.ndarray:
    """An on-time rate steady at 99 % for two months, then sliding 0.08 points a day for 45 days: 95.4 % yesterday,
    the warning threshold (95 %) about five days ahead on its trend."""
    base = np.r_[np.full(60, 99.0), 99.0 - 0.08 * np.arange(1, 46)]
    return np.round(base + np.random.default_rng(seed).normal(0, 0.15, len(base)), 1)


# -- risks -----------------------------------------------------------------------------------------------------
def test_a_rate_sliding_toward_its_warning_threshold_has_a_high_probability_of_crossing():
    first = date(2026, 6, 1)
    values = sliding_rate(seed=13)
    last = first + timedelta(days=len(values) - 1)
    o = outlook(ON_TIME, history(first, values), noon_after(last))
    assert o.shown
    [crossing] = [r for r in o.risks if r.kind in ("warning", "critical")]
    assert crossing.kind == "warning" and crossing.probability >= RISK_ALERT
    assert crossing.severity == "warning"
    pct = round(crossing.probability * 100)
    assert crossing.message_vi == f"{pct} % khả năng xuống dưới ngưỡng cảnh báo 95,0 % trong 7 ngày tới"
    assert crossing.message_en == f"{pct} % chance of falling below the warning threshold 95 % within the next 7 days"
    assert o.alert_risk() is not None


def test_a_rate_far_above_its_thresholds_has_no_risk():
    first = date(2026, 6, 1)
    values = np.round(99.3 + np.random.default_rng(14).normal(0, 0.2, 120), 1)
    o = outlook(ON_TIME, history(first, values), noon_after(first + timedelta(days=119)))
    assert o.shown
    assert o.risks == ()  # no threshold within reach, the plan (98 %) met
    assert o.alert_risk() is None


def visitors(level: float, seed: int, first: date, last: date) -> np.ndarray:
    n = (last - first).days + 1
    return np.round(level + np.random.default_rng(seed).normal(0, 15, n))


def test_an_annual_plan_far_out_of_reach_is_a_probability_of_missing_it():
    first, last = date(2025, 10, 1), date(2026, 10, 31)  # 300 a day: ~109,500 in the year, the plan 120,500
    o = outlook(VISITORS, history(first, visitors(300, 15, first, last)), noon_after(last))
    assert o.shown
    [plan] = [r for r in o.risks if r.kind == "plan"]
    assert plan.probability > 0.9
    assert plan.message_vi == "> 99 % khả năng không đạt kế hoạch năm"
    assert plan.message_en == "> 99 % chance of missing the annual plan"
    assert plan.severity == "warning" and o.alert_risk() == plan


def test_an_easily_met_annual_plan_has_no_plan_risk():
    first, last = date(2025, 10, 1), date(2026, 10, 31)  # 400 a day: ~146,000 in the year
    o = outlook(VISITORS, history(first, visitors(400, 16, first, last)), noon_after(last))
    assert o.shown
    assert [r for r in o.risks if r.kind == "plan"] == []


def test_a_plan_near_the_line_is_an_honest_probability_not_a_certainty():
    first, last = date(2025, 10, 1), date(2026, 10, 31)
    plan_per_day = VISITORS.target / 365
    o = outlook(VISITORS, history(first, visitors(plan_per_day, 17, first, last)), noon_after(last))
    plans = [r for r in o.risks if r.kind == "plan"]
    p = plans[0].probability if plans else 0.0
    assert 0.05 < p < 0.95  # on the line: neither sure to miss nor sure to make it


# -- the outlook as JSON (what the hub publishes) ----------------------------------------------------------------
def test_an_outlook_survives_json_both_ways():
    first = date(2026, 6, 1)
    values = sliding_rate(seed=13)
    values[-2] = 92.0  # an anomaly too (the day before yesterday: yesterday is back to normal)
    o = outlook(ON_TIME, history(first, values), noon_after(first + timedelta(days=len(values) - 1)))
    assert o.risks and o.anomalies
    doc = json.loads(json.dumps(o.to_json(), allow_nan=False))  # strict JSON: no NaN
    back = Outlook.from_json(doc)
    assert back.to_json() == o.to_json()
    assert (back.starts, back.values, back.risks, back.anomalies) == (o.starts, o.values, o.risks, o.anomalies)
    assert back.accuracy_vi == o.accuracy_vi and back.shown and back.alert_risk() == o.alert_risk()
    short = outlook(ON_TIME, history(first, [96.0] * 5), noon_after(first + timedelta(days=4)))
    doc = json.loads(json.dumps(short.to_json(), allow_nan=False))
    assert doc["skill"] is None
    back = Outlook.from_json(doc)
    assert back.reason == "short" and math.isnan(back.skill) and not back.shown


@pytest.mark.parametrize("bad, error", [
    ([], TypeError),
    ("an outlook", TypeError),
    ({"period": "day", "computed_at": 1.0}, (KeyError, TypeError)),  # no indicator
    ({"indicator": "x", "period": "day", "computed_at": 1.0, "starts": ["2026-12-08"], "values": [1.0, 2.0],
      "lower": [0.0], "upper": [3.0]}, ValueError),
    ({"indicator": "x", "period": "day", "computed_at": 1.0, "starts": ["2026-12-08"], "values": ["many"],
      "lower": [0.0], "upper": [3.0]}, ValueError),
    ({"indicator": "x", "period": "day", "computed_at": 1.0, "risks": [{"kind": "plan"}]}, TypeError),
    ({"indicator": "x", "period": "day", "computed_at": 1.0, "anomalies": [{"period": "2026-12-01", "oops": 1}]},
     TypeError),
    ({"indicator": "x", "period": "day", "computed_at": 1.0, "skill": "good"}, ValueError),
])
def test_a_document_that_is_not_an_outlook_is_refused(bad, error):
    with pytest.raises(error):
        Outlook.from_json(bad)


# -- the regular calendar --------------------------------------------------------------------------------------
def test_missing_days_become_gaps_on_the_calendar():
    frame = history(date(2026, 11, 1), [1.0, 2.0, np.nan, np.nan, 5.0])
    g = grids.regular("day", frame, noon_after(date(2026, 11, 5)), "last")
    assert g.starts == ("2026-11-01", "2026-11-02", "2026-11-03", "2026-11-04", "2026-11-05")
    assert np.array_equal(np.isnan(g.values), [False, False, True, True, False])
    assert g.ahead(2) == ("2026-11-06", "2026-11-07")


def test_instant_readings_become_hourly_means():
    moments = pd.date_range("2026-12-01T08:00", periods=36, freq="5min")  # three hours of readings
    frame = pd.DataFrame({"period": moments, "value": np.r_[np.full(12, 10.0), np.full(12, 20.0),
                                                               np.arange(12, dtype=float)]})
    g = grids.regular("instant", frame, noon_after(date(2026, 12, 1)), "max")
    assert g.starts == ("2026-12-01T08:00", "2026-12-01T09:00", "2026-12-01T10:00")
    assert list(g.values) == [10.0, 20.0, 5.5]
    assert g.ahead(1) == ("2026-12-01T11:00",)
    assert grids.SEASON["instant"] == 24  # a day of hours


def test_weekly_periods_start_on_mondays_with_their_gaps():
    frame = history(date(2026, 10, 5), [1.0, np.nan, 3.0, 4.0], period="week")
    g = grids.regular("week", frame, noon_after(date(2026, 11, 5)), "sum")
    assert g.starts == ("2026-10-05", "2026-10-12", "2026-10-19", "2026-10-26")
    assert np.isnan(g.values[1])
    assert g.ahead(1) == ("2026-11-02",) and date(2026, 11, 2).weekday() == 0
    sundays = pd.DataFrame({"period": pd.to_datetime(["2026-10-04", "2026-10-11", "2026-10-25"]),
                            "value": [1.0, 2.0, 3.0]})  # a source whose weeks start on Sundays: taken as they are
    g = grids.regular("week", sundays, noon_after(date(2026, 11, 5)), "sum")
    assert g.starts == ("2026-10-04", "2026-10-11", "2026-10-25") and list(g.values) == [1.0, 2.0, 3.0]


def test_todays_running_total_is_left_out_but_todays_rate_is_kept():
    frame = history(date(2026, 12, 1), [900.0, 950.0, 310.0])  # the 3rd: by 10 a.m., a running total
    now = datetime(2026, 12, 3, 10, 0, tzinfo=TZ).timestamp()
    g = grids.regular("day", frame, now, "sum")
    assert g.starts == ("2026-12-01", "2026-12-02") and list(g.values) == [900.0, 950.0]
    g = grids.regular("day", frame, now, "last")  # a rate or a level: today's figure is a figure
    assert g.starts[-1] == "2026-12-03" and g.values[-1] == 310.0
    g = grids.regular("day", frame, noon_after(date(2026, 12, 3)), "sum")  # the day over: its total counts
    assert g.values[-1] == 310.0


def test_no_history_is_an_empty_calendar_and_a_short_outlook():
    g = grids.regular("day", None, 0.0)
    assert len(g) == 0 and g.ahead(3) == ()
    empty = pd.DataFrame({"period": pd.to_datetime([]), "value": []})
    o = outlook(replace(ON_TIME), empty, noon_after(date(2026, 12, 1)))
    assert o.reason == "short" and o.last == "" and o.n == 0


def test_a_monthly_budget_revenue_far_below_its_plan_is_likely_to_miss_it_and_one_above_is_not():
    revenue = CAT.indicators["ktxh-thu-ngan-sach"]  # billion đồng a month, summed; plan 24,797 a year
    months = np.arange(70)  # January 2021 to October 2026
    cycle = 1 + 0.15 * np.sin(2 * np.pi * months / 12)
    noise = 1 + np.random.default_rng(18).normal(0, 0.03, 70)
    now = datetime(2026, 11, 15, 12, 0, tzinfo=TZ).timestamp()  # October's figure is the newest complete month
    low = outlook(revenue, history("2021-01-01", np.round(1500 * cycle * noise), "month"), now)  # ~18,000 a year
    assert low.shown and "[12]" in low.model and low.last == "2026-10-01"
    assert low.starts[0] == "2026-11-01"
    [plan] = [r for r in low.risks if r.kind == "plan"]
    assert plan.probability > 0.9 and plan.message_vi.endswith("khả năng không đạt kế hoạch năm")
    high = outlook(revenue, history("2021-01-01", np.round(2500 * cycle * noise), "month"), now)  # ~30,000
    assert high.shown and [r for r in high.risks if r.kind == "plan"] == []
