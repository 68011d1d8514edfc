"""Forecasts on synthetic series with a known trend, and the risks they flag."""

from __future__ import annotations

import numpy as np
import pytest

from ioc_core.catalogue import Status, load_catalogue
from ioc_core.indicators.forecast import assess, holt

CAT = load_catalogue()


def noisy_line(n: int, start: float, slope: float, sd: float, seed: int = 1) -> np.ndarray:
    return start + slope * np.arange(n) + np.random.default_rng(seed).normal(0, sd, n)


def test_holt_recovers_a_known_trend_and_its_band_covers_the_truth():
    series = noisy_line(120, 100, 2.0, 3.0)
    fc = holt(series, horizon=10)
    assert fc.slope == pytest.approx(2.0, abs=0.3)
    truth = 100 + 2.0 * np.arange(120, 130)
    assert np.all(np.abs(fc.values - truth) < 12)
    assert np.all((fc.lower <= truth) & (truth <= fc.upper))
    assert np.all(np.diff(fc.upper - fc.lower) > 0)  # less sure further ahead


def test_too_little_history_gives_no_forecast():
    assert holt([1, 2, 3], horizon=5) is None
    assert assess(CAT.indicators["mt-aqi"], [50, 60]) == (None, None)


def test_a_rising_series_is_flagged_before_it_crosses_the_threshold():
    aqi = CAT.indicators["mt-aqi"]  # lower is better: warning 101, critical 151
    rising = noisy_line(30, 40, 2.0, 1.0)  # ends near 98: still normal
    assert aqi.status(rising[-1]) == Status.NORMAL
    fc, risk = assess(aqi, rising, horizon=7)
    assert risk is not None and risk.status == Status.WARNING
    assert risk.message_en.startswith("Forecast to cross the warning threshold in")
    assert risk.message_vi.startswith("Dự báo vượt ngưỡng cảnh báo sau")
    assert assess(aqi, noisy_line(30, 40, 0.0, 1.0), horizon=7)[1] is None


def test_projected_to_miss_the_annual_plan():
    tourists = CAT.indicators["dl-khach-quoc-te"]  # plan: 120,500 a year, summed daily
    days = noisy_line(300, 300, 0.0, 10.0)  # 300 a day: 90,000 so far, ~19,500 to come
    _, risk = assess(tourists, days, year_to_date=float(days.sum()), periods_left=65)
    assert risk is not None
    gap = float(risk.message_en.removeprefix("Projected to miss the annual plan by ").removesuffix("%"))
    assert gap == pytest.approx(100 * (120_500 - 300 * 365) / 120_500, abs=1.0)
    assert "thiếu" in risk.message_vi and "," in risk.message_vi
    _, fine = assess(tourists, days + 100, year_to_date=float((days + 100).sum()), periods_left=65)
    assert fine is None
