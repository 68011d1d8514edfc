"""A chart's series and forecast (Qt-free): read with pandas and forecast (Holt) on a worker, drawn by the wall.

See wall/widgets/chart.py for what a chart shows and why.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime

import numpy as np
import pandas as pd

from ioc_core import fmt
from ioc_core.catalogue import Indicator
from ioc_core.indicators.forecast import Forecast, Risk, assess
from ioc_core.indicators.indicator_store import period_end

log = logging.getLogger(__name__)

DAY = 86400.0
WINDOW_S = {"instant": 2 * DAY, "day": 60 * DAY, "week": 26 * 7 * DAY, "month": 731 * DAY,
            "quarter": 1096 * DAY, "year": 3653 * DAY}
HORIZON = {"instant": 12, "day": 7, "week": 4, "month": 6, "quarter": 4, "year": 3}  # forecast, in periods
MONTHS = {"month": 1, "quarter": 3, "year": 12}
# Vietnam has kept UTC+7 without daylight saving since 1975: one offset turns stored local periods into epochs.
UTC_OFFSET_S = 7 * 3600


def local(epoch: float) -> datetime:
    return datetime.fromtimestamp(epoch, fmt.TZ)


def add_months(dt: datetime, months: int) -> datetime:
    y, m = divmod(dt.month - 1 + months, 12)
    return dt.replace(year=dt.year + y, month=m + 1, day=1)


@dataclass(frozen=True, eq=False)
class Series:
    """What a chart draws: history (epoch seconds, finite values, oldest first), a running total still under
    way, and the forecast with the times it covers and the risk it tells of."""

    x: np.ndarray = field(default_factory=lambda: np.empty(0))
    y: np.ndarray = field(default_factory=lambda: np.empty(0))
    partial: tuple[float, float] | None = None
    forecast: Forecast | None = None
    forecast_x: np.ndarray = field(default_factory=lambda: np.empty(0))
    risk: Risk | None = None

    @property
    def has_data(self) -> bool:
        return len(self.x) > 0 or self.partial is not None

    def same_data(self, other: Series | None) -> bool:
        """Whether ``other`` draws the same history (the forecast follows from it)."""
        return (other is not None and self.partial == other.partial and np.array_equal(self.x, other.x)
                and np.array_equal(self.y, other.y))


EMPTY = Series()


def ahead(period: str, x: np.ndarray, n: int) -> np.ndarray:
    """Times of the next ``n`` periods after the last of ``x``."""
    months = MONTHS.get(period)
    if months:
        last = local(x[-1])
        return np.array([add_months(last, months * (k + 1)).timestamp() for k in range(n)])
    step = float(np.median(np.diff(x[-9:]))) if len(x) > 1 else DAY
    return x[-1] + step * np.arange(1, n + 1)


def points(ind: Indicator, df: pd.DataFrame | None, window_s: float, now: float) -> Series:
    """The history of ``df`` (period, value) in the window ending at its newest value, without a forecast."""
    if df is None or df.empty:
        return EMPTY
    periods = pd.to_datetime(df["period"], errors="coerce")
    x = ((periods - pd.Timestamp("1970-01-01")).dt.total_seconds() - UTC_OFFSET_S).to_numpy(dtype=float)
    y = pd.to_numeric(df["value"], errors="coerce").to_numpy(dtype=float)
    ok = np.isfinite(x) & np.isfinite(y)
    x, y = x[ok], y[ok]
    if len(x) and np.any(np.diff(x) < 0):
        order = np.argsort(x, kind="stable")
        x, y = x[order], y[order]
    if len(x):
        keep = x >= x[-1] - window_s
        x, y = x[keep], y[keep]
    partial = None
    if len(x) and ind.aggregation == "sum" and ind.period in MONTHS | {"day": 0, "week": 0}:
        start = local(x[-1]).strftime("%Y-%m-%d")
        if period_end(start, ind.period) > now:
            partial = (float(x[-1]), float(y[-1]))
            x, y = x[:-1], y[:-1]
    return Series(x, y, partial)


def with_forecast(ind: Indicator, series: Series) -> Series:
    """``series`` with its forecast and risk (Holt's trend), when there is one and all of it is finite."""
    fc, risk = assess(ind, series.y, HORIZON.get(ind.period, 7)) if len(series.y) else (None, None)
    if fc is None:
        return series
    fx = ahead(ind.period, series.x, len(fc.values))
    if not all(np.all(np.isfinite(a)) for a in (fx, fc.values, fc.lower, fc.upper)):
        return series
    return Series(series.x, series.y, series.partial, fc, fx, risk)


def chart_series(ind: Indicator, df: pd.DataFrame | None, window_s: float, now: float,
                 shown: Series | None = None) -> Series | None:
    """The chart's series and forecast; None when it draws what ``shown`` already does (nothing to recompute).
    A damaged series is logged and shows "no data"; it does not take the view down."""
    try:
        series = points(ind, df, window_s, now)
        if series.same_data(shown):
            return None
        return with_forecast(ind, series)
    except Exception:
        log.exception("chart of %s failed to load", ind.id)
        return EMPTY
