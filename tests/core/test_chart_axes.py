"""Charts fit their data (issue 20): whole-number axes for counts, a forecast horizon proportional to the history
shown, too few values drawn as labelled points. The view model is built on the worker; these read it directly."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import numpy as np
import pandas as pd
import pytest

from ioc_core.catalogue import load_catalogue
from ioc_core.fmt import TZ
from ioc_core.views.series import (
    DAY,
    HORIZON_SHARE,
    WINDOW_S,
    chart_series,
    counts,
    tick_labels,
    value_ticks,
)

from ..outlooks import made

CAT = load_catalogue()
NOW = datetime(2026, 11, 23, 12, 0, tzinfo=TZ).timestamp()


def frame(periods: list[str], values: list[float]) -> pd.DataFrame:
    return pd.DataFrame({"period": periods, "value": values})


def daily(values: list[float], end: date = date(2026, 11, 22)) -> pd.DataFrame:
    return frame([(end - timedelta(days=len(values) - 1 - i)).isoformat() for i, v in enumerate(values)], values)


def monthly(values: list[float], end: tuple[int, int] = (2026, 10)) -> pd.DataFrame:
    first = end[0] * 12 + end[1] - 1 - (len(values) - 1)
    return frame([f"{(first + i) // 12}-{(first + i) % 12 + 1:02d}-01" for i in range(len(values))], values)


def axis(series, limits=(2, 3, 4, 5, 8, 10, 14)) -> list[list[str]]:
    """The value axis's labels at the tick counts a small tile up to a full screen has room for."""
    y0, y1 = series.y_range
    out = []
    for limit in limits:
        step, ticks = value_ticks(y0, y1, limit, series.integer)
        out.append(tick_labels(ticks, step, series.integer))
    return out


def test_which_indicators_count_the_catalogue_rule():
    assert counts(CAT.indicators["antt-tai-nan-giao-thong"])  # "vụ", summed
    assert counts(CAT.indicators["yte-dieu-tri-noi-tru"])  # "người", the latest figure
    for rate_or_measure in ("ktxh-cpi", "hcc-ty-le-dung-han", "ktxh-thu-ngan-sach", "mt-aqi", "hcc-chi-so-phuc-vu"):
        assert not counts(CAT.indicators[rate_or_measure])


def test_a_count_of_few_accidents_has_whole_ticks_and_no_decimals():
    ind = CAT.indicators["antt-tai-nan-giao-thong"]  # "vụ": a day with 0 to 3 accidents
    s = chart_series(ind, daily([1, 2, 0, 3, 2, 1, 2, 2, 1, 0, 2, 3, 1, 2]), WINDOW_S["day"], NOW + 30 * DAY)
    assert s.integer and s.mark == "line"
    y0, y1 = s.y_range
    assert y0 == 0 and y1 == int(y1) and y1 >= 3  # whole numbers at both ends, every value inside
    for labels in axis(s):
        assert labels and all("," not in t for t in labels), labels
        assert [int(t.replace(".", "")) for t in labels] == sorted({int(t.replace(".", "")) for t in labels})
    assert axis(s, (8,))[0] == ["0", "1", "2", "3", "4", "5", "6", "7"]  # up to the critical threshold, 6


def test_a_flat_count_still_gets_whole_ticks_around_it():
    ind = CAT.indicators["antt-tai-nan-giao-thong"]
    s = chart_series(ind, daily([2] * 10), WINDOW_S["day"], NOW + 30 * DAY)
    assert s.y_range[0] <= 1 and s.y_range[1] >= 3
    assert axis(s, (10,))[0] == ["1", "2", "3", "4"]  # the warning threshold, 3, is near


def test_large_counts_group_thousands_the_vietnamese_way():
    ind = CAT.indicators["dl-luot-khach"]
    s = chart_series(ind, daily([26_000 + 800 * (i % 6) for i in range(30)]), WINDOW_S["day"], NOW + 30 * DAY)
    labels = axis(s, (6,))[0]
    assert labels and all("," not in t and "." in t for t in labels if t != "0"), labels


def test_a_rate_keeps_its_decimals_in_vietnamese_format():
    ind = CAT.indicators["ktxh-cpi"]
    s = chart_series(ind, monthly([3.1, 3.3, 3.2, 3.5, 3.4, 3.6, 3.5, 3.7, 3.6, 3.8]), WINDOW_S["month"], NOW)
    assert not s.integer
    labels = axis(s, (6,))[0]
    assert any("," in t for t in labels) and not any("." in t for t in labels), labels


SIX_MONTHS = [f"2026-{m}-01" for m in (11, 12)] + [f"2027-0{m}-01" for m in (1, 2, 3, 4)]


def test_a_short_monthly_series_forecasts_no_further_than_a_third_of_its_history():
    ind = CAT.indicators["ktxh-cpi"]  # monthly; its outlook runs 6 months ahead
    o = made(ind, "2026-10-01", SIX_MONTHS, [3.8] * 6)
    s = chart_series(ind, monthly([3.1, 3.3, 3.2, 3.5, 3.4, 3.6, 3.5, 3.7, 3.6, 3.8]), WINDOW_S["month"], NOW,
                     outlook=o)
    history = s.x[-1] - s.x[0]  # nine months
    assert s.forecast is not None and s.mark == "line"
    x0, x1 = s.x_range
    assert x0 == s.x[0]
    assert x1 <= s.x[-1] + history * HORIZON_SHARE + 5 * DAY  # within the proportional horizon: three months, not six
    assert x1 == s.forecast_x[-1] and len(s.forecast_x) == len(s.forecast.values) == 3
    assert datetime.fromtimestamp(x1, TZ).strftime("%Y-%m") == "2027-01"
    # a long history keeps the forecast's own horizon: the axis never runs beyond its last point
    long = chart_series(ind, monthly([3 + 0.1 * (i % 7) for i in range(24)]), WINDOW_S["month"], NOW, outlook=o)
    assert len(long.forecast_x) == 6 and long.x_range[1] == long.forecast_x[-1]


def test_two_values_are_points_with_no_line_and_no_forecast():
    ind = CAT.indicators["ktxh-cpi"]
    s = chart_series(ind, monthly([3.4, 3.6]), WINDOW_S["month"], NOW, outlook=made(ind, "2026-10-01", SIX_MONTHS,
                                                                                       [3.6] * 6))
    assert s.mark == "points" and s.forecast is None and len(s.forecast_x) == 0
    x0, x1 = s.x_range  # half a month either side: the points stand clear of the edges
    assert x0 < s.x[0] - 10 * DAY and x1 > s.x[-1] + 10 * DAY and x1 < s.x[-1] + 20 * DAY
    y0, y1 = s.y_range
    assert y0 < 3.4 and y1 > 3.6
    three = chart_series(ind, monthly([3.4, 3.6, 3.5]), WINDOW_S["month"], NOW)
    assert three.mark == "line"


def test_no_data_is_still_no_data():
    s = chart_series(CAT.indicators["ktxh-cpi"], None, WINDOW_S["month"], NOW)
    assert not s.has_data and s.forecast is None
    assert np.array_equal(s.x, np.empty(0))


@pytest.mark.parametrize(("lo", "hi"), [(0.0, 0.4), (0.0, 1.0), (5.0, 5.5), (0.0, 37.0)])
def test_count_ticks_are_never_fractions(lo, hi):
    for limit in range(2, 15):
        step, ticks = value_ticks(lo, hi, limit, integer=True)
        assert step >= 1 and all(t == int(t) for t in ticks)


def test_a_falling_count_is_never_forecast_or_drawn_below_zero():
    """Dossiers received each day, falling towards the weekend: a trend alone would go below zero (the "Hồ sơ
    tiếp nhận" chart's axis ran to -500); an outlook that says so is drawn at zero."""
    ind = CAT.indicators["hcc-ho-so-tiep-nhan"]
    values = [1000.0] * 20 + [900, 700, 500, 300, 100]
    o = made(ind, "2026-11-21", [f"2026-11-{d}" for d in range(22, 29)], [-100.0 - 200 * k for k in range(7)],
             band=150.0)
    s = chart_series(ind, daily(values, date(2026, 11, 21)), WINDOW_S["day"], NOW, outlook=o)
    assert s.integer and s.forecast is not None
    assert s.forecast.values.min() >= 0 and s.forecast.lower.min() >= 0
    assert s.y_range[0] == 0
    assert all(not label.startswith("-") for labels in axis(s) for label in labels)
