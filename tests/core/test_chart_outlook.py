"""What a chart draws of an indicator's outlook (issue 24): the forecast and its 95 % band only when the outlook
shows one and was made from the newest period the chart draws, its record in words, the most serious risk, and the
anomalies in the window. The outlooks here are real ones (ioc_core/forecasting) or made by hand to pin one rule."""

from __future__ import annotations

import math
from datetime import date, datetime, timedelta

import numpy as np
import pandas as pd
import pytest

from ioc_core.catalogue import load_catalogue
from ioc_core.fmt import TZ
from ioc_core.forecasting.outlook import AnomalyNote, Outlook, RiskNote, outlook
from ioc_core.views.series import DAY, WINDOW_S, chart_series, epoch, risk_of

from ..outlooks import made

CAT = load_catalogue()
NOW = datetime(2026, 11, 23, 12, 0, tzinfo=TZ).timestamp()
ON_TIME = CAT.indicators["hcc-ty-le-dung-han"]  # daily, %, higher is better (warning 95, critical 90)
WEEK = np.array([0.8, 0.5, 0.2, 0.0, -0.3, -1.2, -1.5])


def on_time(days: int = 140, end: date = date(2026, 11, 22), dropped: int | None = None, seed: int = 3
            ) -> pd.DataFrame:
    """An office's daily on-time rate near 96 % with a weekly rhythm; ``dropped`` days before the end at 87 %."""
    # the newest day a Tuesday-like one (normal): the weekend lows ahead are the risk (a figure already under its
    # threshold gets no forecast alert for it: its threshold alert says so)
    values = 96 + WEEK[(np.arange(days) + days % 7 + 2) % 7] + np.random.default_rng(seed).normal(0, 0.35, days)
    if dropped is not None:
        values[-1 - dropped] = 87.0
    return pd.DataFrame({"period": [(end - timedelta(days=days - 1 - i)).isoformat() for i in range(days)],
                         "value": values})


@pytest.fixture(scope="module")
def fitted_outlook():
    history = on_time(dropped=9)
    return history, outlook(ON_TIME, history, NOW)


def test_a_fitted_outlook_is_drawn_ahead_of_the_newest_day_with_its_record(fitted_outlook):
    history, o = fitted_outlook
    assert o.shown and o.last == "2026-11-22"
    s = chart_series(ON_TIME, history, WINDOW_S["day"], NOW, outlook=o)
    assert s.forecast is not None and s.outlook is o
    assert s.forecast_x[0] == pytest.approx(s.x[-1] + DAY)  # the day after the newest drawn
    assert list(s.forecast.values) == pytest.approx(list(o.values))
    assert np.all(s.forecast.lower <= s.forecast.values) and np.all(s.forecast.values <= s.forecast.upper)
    vi, en = s.accuracy
    assert vi.startswith("sai số trung bình ") and vi.endswith(" % trong 24 kỳ qua") and "," in vi
    assert en.startswith("mean error ") and en.endswith("over the last 24 periods")
    assert s.risk is not None and s.risk.message_vi.startswith(f"{round(s.risk.probability * 100)} % khả năng")
    # the band is within the value axis, and the same outlook again is nothing new to draw
    assert s.y_range[0] <= float(s.forecast.values.min()) and float(s.forecast.values.max()) <= s.y_range[1]
    assert chart_series(ON_TIME, history, WINDOW_S["day"], NOW, shown=s, outlook=o) is None


def test_the_dropped_day_is_an_anomaly_marked_on_the_line(fitted_outlook):
    history, o = fitted_outlook
    s = chart_series(ON_TIME, history, WINDOW_S["day"], NOW, outlook=o)
    dropped = epoch("2026-11-13")
    assert list(s.anomalies_x) == [dropped] and list(s.anomalies_y) == [87.0]
    assert s.x[list(s.x).index(dropped)] == dropped and s.y[list(s.x).index(dropped)] == 87.0  # on the line
    assert s.y_range[0] < 87.0
    [note] = o.anomalies
    assert note.message_vi.startswith("Bất thường: ") and "ngoài khoảng dự kiến" in note.message_vi
    # a window that no longer holds that day marks nothing
    s10 = chart_series(ON_TIME, history, 5 * DAY, NOW, outlook=o)
    assert len(s10.anomalies_x) == 0


def test_an_outlook_of_older_data_is_not_drawn_ahead_of_newer_data(fitted_outlook):
    history, o = fitted_outlook
    newer = pd.concat([history, pd.DataFrame({"period": ["2026-11-23"], "value": [96.5]})], ignore_index=True)
    s = chart_series(ON_TIME, newer, WINDOW_S["day"], NOW + DAY, outlook=o)
    assert s.forecast is None and len(s.forecast_x) == 0 and s.risk is None and s.accuracy == ("", "")
    assert s.x_range[1] == s.x[-1]  # the axis ends with the data
    assert list(s.anomalies_y) == [87.0]  # what it said of a day drawn still holds


def test_too_short_a_history_shows_no_forecast_and_no_risk():
    history = on_time(days=20)
    o = outlook(ON_TIME, history, NOW)
    assert o.reason == "short" and not o.shown and not o.risks
    s = chart_series(ON_TIME, history, WINDOW_S["day"], NOW, outlook=o)
    assert s.forecast is None and s.risk is None and s.accuracy == ("", "") and s.mark == "line"
    assert risk_of(o) is None


def test_an_outlook_that_lost_to_the_naive_forecast_draws_no_forecast():
    ind = CAT.indicators["ktxh-cpi"]
    o = Outlook(ind.id, ind.period, NOW, last="2026-10-01", n=40, reason="naive", model="test", skill=1.3,
                scored=12, origins=12,
                risks=(RiskNote("warning", 0.9, "warning", "90 % khả năng", "90 % chance"),))
    df = pd.DataFrame({"period": [f"2026-{m:02d}-01" for m in range(1, 11)],
                       "value": [3.0 + m / 10 for m in range(10)]})
    s = chart_series(ind, df, WINDOW_S["month"], NOW, outlook=o)
    assert s.forecast is None and s.risk is None


def test_the_risk_said_is_the_one_that_raises_the_alert_else_the_most_likely():
    plan = RiskNote("plan", 0.72, "warning", "72 % khả năng không đạt kế hoạch năm", "72 % chance ...")
    crit = RiskNote("critical", 0.55, "critical", "55 % khả năng xuống dưới ngưỡng nghiêm trọng", "55 % ...")
    low = RiskNote("warning", 0.3, None, "30 % khả năng xuống dưới ngưỡng cảnh báo", "30 % ...")
    other = RiskNote("plan", 0.25, None, "25 % khả năng không đạt kế hoạch năm", "25 % ...")
    o = made(ON_TIME, "2026-11-22", ["2026-11-23"], [96.0], risks=(plan, crit))
    assert risk_of(o) is crit  # the most severe first
    assert risk_of(made(ON_TIME, "2026-11-22", ["2026-11-23"], [96.0], risks=(other, low))) is low
    assert risk_of(made(ON_TIME, "2026-11-22", ["2026-11-23"], [96.0])) is None
    assert risk_of(None) is None


def test_an_instant_series_anomaly_is_marked_within_its_hour():
    aqi = CAT.indicators["mt-aqi"]
    start = datetime(2026, 11, 23, 8, 0, tzinfo=TZ).timestamp()
    x = [start + 300 * k for k in range(36)]  # three hours of five-minute values
    df = pd.DataFrame({"period": [datetime.fromtimestamp(t, TZ).strftime("%Y-%m-%dT%H:%M") for t in x],
                       "value": [50.0] * 36})
    odd = AnomalyNote("2026-11-23T09:00", 50.0, 30.0, 20.0, 40.0, "Bất thường", "Anomaly")
    o = made(aqi, "2026-11-23T10:00", ["2026-11-23T11:00"], [50.0], anomalies=(odd,))
    s = chart_series(aqi, df, WINDOW_S["instant"], x[-1] + 60, outlook=o)
    assert list(s.anomalies_x) == [epoch("2026-11-23T09:00") + 1800]
    assert s.forecast is not None and s.forecast_x[0] == epoch("2026-11-23T11:00")
    assert math.isclose(s.forecast.values[0], 50.0)
