"""The forecasting models on public series (statsmodels' datasets, shipped with it): each is judged; the clearly
seasonal ones beat repeating last season; the Nile's forecast sits at its level after the 1898 shift; weekly CO2 with
its missing weeks keeps its yearly cycle."""

from __future__ import annotations

import numpy as np
import pytest

from ioc_core.forecasting.models import analyse

from ..publicseries import NAMES, load


@pytest.fixture(scope="module")
def judged():
    out = {}
    for name in NAMES:
        series = load(name)
        out[name] = series, analyse(series.values, series.season, series.horizon)
    return out


@pytest.mark.parametrize("name", NAMES)
def test_every_public_series_is_judged_and_shown_only_when_it_beat_the_naive(judged, name):
    series, a = judged[name]
    assert a.reason == "", a.reason
    assert a.origins == 24 and a.scored >= 60
    assert np.isfinite(a.skill) and np.isfinite(a.mase) and 0 <= a.coverage <= 1
    assert a.shown == (a.skill < 1)
    assert len(a.values) == series.horizon and np.all(a.lower <= a.values) and np.all(a.values <= a.upper)


@pytest.mark.parametrize("name, season", [("co2", "[52]"), ("elnino", "[12]"), ("elec_equip", "[12]")])
def test_the_seasonal_public_series_find_their_season_and_beat_the_seasonal_naive(judged, name, season):
    series, a = judged[name]
    assert series.seasonal
    assert season in a.model
    assert a.skill < 1 and a.shown
    assert 0.8 <= a.coverage <= 1.0


def test_weekly_co2_with_missing_weeks_forecasts_the_next_weeks_close_to_the_year_before_plus_its_rise(judged):
    series, a = judged["co2"]
    assert np.isnan(series.values).sum() == 59  # the weeks missing stay missing: never scored
    y = series.values
    last_year = y[-52:-52 + 4]
    rise = np.nanmean(y[-52:]) - np.nanmean(y[-104:-52])  # about 1.5 ppm a year
    assert np.all(np.abs(a.values - (last_year + rise)) < 1.5)
    assert a.error_pct < 0.2  # a fraction of a ppm on 370


def test_the_nile_forecast_is_at_its_level_after_the_1898_shift(judged):
    series, a = judged["nile"]
    before, after = series.values[:28].mean(), series.values[28:].mean()  # ~1,100 and ~850
    assert np.all(np.abs(a.values - after) < np.abs(a.values - before))
    assert np.all(a.values < 950)


def test_quarterly_gdp_is_forecast_from_where_it_stands_with_its_trend(judged):
    series, a = judged["macrodata.realgdp"]  # ends in 2009's recession, after fifty years of growth
    assert "Ad" in a.model and a.shown
    assert np.all(np.abs(a.values / series.values[-1] - 1) < 0.02)  # from the last quarter, not the long-run line
