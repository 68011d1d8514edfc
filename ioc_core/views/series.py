"""A chart's series and forecast (Qt-free): read with pandas on a worker, drawn by the wall.

The forecast is the indicator's outlook (ioc_core/forecasting: fitted, backtested, computed elsewhere and kept in the
data hub's ``Outlooks``), never computed here. A chart draws it only when it is worth showing (``Outlook.shown``:
the model beat the seasonal naive forecast in its backtest) and when it was made from the data the chart shows: an
outlook made before the chart's newest period became the newest complete one (``Outlook.behind``, the rule a tile
and a phone judge by too) is not drawn ahead of newer data. Its anomalies within the window are marked on the line,
and its most serious risk is what the chart's header says.

The worker also fits the axes to the data, so that the GUI thread only draws:

- Counts get whole-number ticks ("2", never "2,00"): an indicator counts when its unit is one of ``COUNT_UNITS``
  (things counted one by one: cases, dossiers, documents, people...) and its aggregation is not an average
  (``mean``/``weighted_mean`` of counts has fractions). Every tick label is in Vietnamese format (``fmt.number``).
- A count (and any series whose history is never below zero) has no axis below zero; a count's forecast and
  its band stop at zero.
- The time axis spans the history shown and a forecast horizon proportional to it: at most a third of the
  history's span (``HORIZON_SHARE``), and never beyond the forecast's own last point; the forecast is cut there.
- A series of fewer than ``MIN_LINE_POINTS`` (3) values is drawn as points, each labelled with its value, with
  no line and no forecast: two points joined by a line say nothing of a trend.

See wall/widgets/chart.py for what a chart shows and why.
"""

from __future__ import annotations

import dataclasses
import functools
import logging
import math
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from ioc_core import fmt, lazy
from ioc_core.catalogue import Indicator
from ioc_core.indicators.indicator_store import period_end

np = lazy.module("numpy")  # imported with the first series, not at the wall's start

if TYPE_CHECKING:  # pandas (~0.25 s to import) is imported where history is read: not before the first picture
    import pandas as pd

    from ioc_core.forecasting.outlook import Outlook, RiskNote

log = logging.getLogger(__name__)

DAY = 86400.0
WINDOW_S = {"instant": 2 * DAY, "day": 60 * DAY, "week": 26 * 7 * DAY, "month": 731 * DAY,
            "quarter": 1096 * DAY, "year": 3653 * DAY}
HORIZON = {"instant": 12, "day": 7, "week": 4, "month": 6, "quarter": 4, "year": 3}  # forecast, in periods
# (the same as ioc_core.forecasting.outlook.HORIZON, which is not imported here: it brings numpy and the models)
MONTHS = {"month": 1, "quarter": 3, "year": 12}
PER_YEAR = {"day": 365, "week": 52, "month": 12, "quarter": 4, "year": 1}
# Units of things counted one by one (the catalogue's units; "%", money, scores and measurements are not counts).
COUNT_UNITS = frozenset({"hồ sơ", "văn bản", "lượt", "người", "ca", "vụ", "phản ánh", "cảnh báo", "sự kiện",
                         "trường", "học sinh", "lượt khách", "khách", "doanh nghiệp", "cuộc gọi", "camera"})
AVERAGES = frozenset({"mean", "weighted_mean"})
MIN_LINE_POINTS = 3  # fewer values are drawn as labelled points: no line, no forecast
HORIZON_SHARE = 1 / 3  # the forecast shown covers at most this share of the history's span
# Vietnam has kept UTC+7 without daylight saving since 1975: one offset turns stored local periods into epochs.
UTC_OFFSET_S = 7 * 3600


def local(epoch: float) -> datetime:
    return datetime.fromtimestamp(epoch, fmt.TZ)


def add_months(dt: datetime, months: int) -> datetime:
    y, m = divmod(dt.month - 1 + months, 12)
    return dt.replace(year=dt.year + y, month=m + 1, day=1)


@dataclass(frozen=True, eq=False)
class Forecast:
    """The forecast drawn: its values and 95 % band, one per period ahead."""

    values: np.ndarray
    lower: np.ndarray
    upper: np.ndarray


@dataclass(frozen=True, eq=False)
class Series:
    """What a chart draws: history (epoch seconds, finite values, oldest first), a running total still under
    way, the forecast with the times it covers, its record in words and the risk it tells of, and the anomalies
    in the window; ``outlook`` is the one it was drawn from (None: none was known)."""

    x: np.ndarray = field(default_factory=lambda: np.empty(0))
    y: np.ndarray = field(default_factory=lambda: np.empty(0))
    partial: tuple[float, float] | None = None
    forecast: Forecast | None = None
    forecast_x: np.ndarray = field(default_factory=lambda: np.empty(0))
    risk: RiskNote | None = None
    integer: bool = False  # whole-number value ticks (a count)
    mark: str = "line"  # "line", or "points": too few values for a line, each drawn with its value
    x_range: tuple[float, float] = (0.0, 0.0)  # the times the axis covers (before the labels' margin)
    y_range: tuple[float, float] = (0.0, 1.0)  # the values the axis covers: data, nearby references, band
    outlook: Outlook | None = None
    accuracy: tuple[str, str] = ("", "")  # the forecast's record (Vietnamese, English): "sai số trung bình ..."
    anomalies_x: np.ndarray | tuple = ()  # the anomalies in the window: times and values
    anomalies_y: np.ndarray | tuple = ()

    @property
    def has_data(self) -> bool:
        return len(self.x) > 0 or self.partial is not None

    def same_data(self, other: Series | None) -> bool:
        """Whether ``other`` draws the same history (the forecast follows from it)."""
        if other is None or self.partial != other.partial or len(self.x) != len(other.x):
            return False
        return not len(self.x) or (np.array_equal(self.x, other.x) and np.array_equal(self.y, other.y))

    def replace(self, **changes) -> Series:
        return dataclasses.replace(self, **changes)


@functools.cache
def empty() -> Series:
    """The series of an indicator with no data: no history (empty tuples, not arrays: a chart without data yet,
    as every chart is before the wall's first picture, imports no numpy)."""
    return Series(x=(), y=(), forecast_x=())


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
        return empty()
    import pandas as pd

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


def period_start(period: str, epoch: float) -> str:
    """The start of the period ``epoch`` falls in, as the store and the outlooks write it ("2026-12-06",
    "2026-12-06T10:00": an instant value's hour)."""
    t = local(epoch)
    return t.strftime("%Y-%m-%dT%H:00") if period == "instant" else t.strftime("%Y-%m-%d")


def epoch(start: str) -> float:
    """A period's start (local ISO text) as epoch seconds."""
    return datetime.fromisoformat(start).replace(tzinfo=fmt.TZ).timestamp()


def risk_of(outlook: Outlook | None) -> RiskNote | None:
    """What a chart's header or a tile says of an outlook's risks (``Outlook.headline_risk``); None when the outlook
    shows no forecast (nothing to judge a risk by)."""
    if outlook is None or not outlook.shown:
        return None
    return outlook.headline_risk()


def with_forecast(ind: Indicator, series: Series, outlook: Outlook | None, now: float) -> Series:
    """``series`` with what ``outlook`` adds (see the module docstring): the forecast, its record and risk when it
    is shown and is not behind the newest period read (``Outlook.behind`` at ``now``); the anomalies in the window
    in any case."""
    if outlook is None or not len(series.x):
        return series
    changes: dict = {"outlook": outlook}
    # instant values are hourly means in the outlook: an anomaly is marked at the middle of its hour
    middle = 1800.0 if ind.period == "instant" else 0.0
    odd = [(min(epoch(a.period) + middle, float(series.x[-1])), a.value) for a in outlook.anomalies]
    odd = [(t, v) for t, v in odd if series.x[0] <= t <= series.x[-1] and math.isfinite(v)]
    if odd:
        changes["anomalies_x"] = np.array([t for t, _ in odd])
        changes["anomalies_y"] = np.array([v for _, v in odd])
    newest = period_start(ind.period, series.partial[0] if series.partial else float(series.x[-1]))
    if len(series.y) >= MIN_LINE_POINTS and outlook.shown and not outlook.behind(ind, newest, now):
        fx = np.array([epoch(s) for s in outlook.starts])
        fc = Forecast(*(np.asarray(a, dtype=float) for a in (outlook.values, outlook.lower, outlook.upper)))
        if len(fx) and all(np.all(np.isfinite(a)) for a in (fx, fc.values, fc.lower, fc.upper)):
            changes.update(forecast=fc, forecast_x=fx, risk=risk_of(outlook),
                           accuracy=(outlook.accuracy_vi, outlook.accuracy_en))
    return series.replace(**changes)


def counts(ind: Indicator) -> bool:
    """Whether the indicator's values are whole numbers: a count unit, not averaged (see the module docstring)."""
    return ind.unit in COUNT_UNITS and ind.aggregation not in AVERAGES


def one_period(period: str) -> float:
    """About how long one value's period lasts, in seconds (an hour for instant values)."""
    return {"instant": 3600.0, "day": DAY, "week": 7 * DAY}.get(period, MONTHS.get(period, 1) * 30 * DAY)


def target_level(ind: Indicator) -> float | None:
    """The target line's value: a level indicator's target, or a summed one's even pace per period (the annual
    plan over the periods in a year); None without a target or for instant values of a sum."""
    if ind.target is None:
        return None
    if ind.aggregation != "sum":
        return float(ind.target)
    per_year = PER_YEAR.get(ind.period)
    return None if per_year is None else ind.target / per_year


def nice_step(raw: float) -> float:
    """The smallest of 1, 2, 5 x 10^n that is at least ``raw``."""
    if not math.isfinite(raw) or raw <= 0:
        return 1.0
    mag = 10.0 ** math.floor(math.log10(raw))
    for m in (1, 2, 5, 10):
        if m * mag >= raw * (1 - 1e-9):
            return m * mag
    return 10 * mag


def value_ticks(lo: float, hi: float, limit: int, integer: bool = False) -> tuple[float, list[float]]:
    """At most ``limit`` round ticks between ``lo`` and ``hi`` and their step; whole numbers for a count."""
    if not (math.isfinite(lo) and math.isfinite(hi)) or hi <= lo:
        return 1.0, []
    limit = max(2, limit)
    step = nice_step((hi - lo) / limit)
    if integer:
        step = max(1.0, step)
    while True:
        first = math.ceil(lo / step - 1e-9)
        last = math.floor(hi / step + 1e-9)
        if last - first + 1 <= limit:
            return step, [k * step for k in range(first, last + 1)]
        step = nice_step(step * 1.01)


def tick_labels(values, step: float, integer: bool = False) -> list[str]:
    """Tick labels in Vietnamese format (5.238.802 · 12,5), with as few decimals as the step needs: none for a
    count."""
    decimals = 0 if integer or step >= 1 else min(6, math.ceil(-math.log10(step) - 1e-9))
    return [fmt.number(round(v, decimals) + 0.0, decimals) for v in values]


def _x_range(ind: Indicator, series: Series, points_only: bool) -> tuple[float, float]:
    xs = [series.x] + ([np.array([series.partial[0]])] if series.partial else []) + [series.forecast_x]
    xs = np.concatenate(xs)
    start, end = float(xs.min()), float(xs.max())
    period = one_period(ind.period)
    if points_only:  # half a period either side: each point and its label stand clear of the edges
        start, end = start - period / 2, end + period / 2
    if end - start < DAY / 24:
        start = end - max(DAY / 24, period)
    return start, end


def _y_range(ind: Indicator, series: Series, integer: bool, points_only: bool) -> tuple[float, float]:
    shown = [series.y]
    if series.partial is not None:
        shown.append(np.array([series.partial[1]]))
    if series.forecast is not None:
        shown.append(series.forecast.values)
    if len(series.anomalies_y):
        shown.append(np.asarray(series.anomalies_y, dtype=float))
    data = np.concatenate(shown)
    lo, hi = float(data.min()), float(data.max())
    span = max(hi - lo, abs(hi) * 0.1, 1.0 if integer else 1e-6)
    refs = [float(v) for v in (ind.warning, ind.critical, target_level(ind)) if v is not None]
    near = [v for v in refs if lo - 1.5 * span <= v <= hi + 1.5 * span]
    top, bottom = max([hi] + near), min([lo] + near)
    if series.forecast is not None:  # the band, but not so wide that it flattens the history
        top = max(top, min(float(series.forecast.upper.max()), hi + 0.6 * span))
        bottom = min(bottom, max(float(series.forecast.lower.min()), lo - 0.6 * span))
    pad = max(top - bottom, span) * (0.2 if points_only else 0.08)  # points: room for their value labels
    y0, y1 = bottom - pad, top + pad
    history = [series.y] + ([np.array([series.partial[1]])] if series.partial is not None else [])
    if float(np.concatenate(history).min()) >= 0 > y0:  # a quantity never below zero: no axis below it
        y0 = 0.0
    if integer:  # whole numbers at both ends, and at least two steps of one between them
        y0, y1 = math.floor(y0), math.ceil(y1)
        while y1 - y0 < 2:
            y1 += 1
            if y1 - y0 < 2 and (y0 > 0 or lo < 0):
                y0 -= 1
    return float(y0), float(y1)


def fitted(ind: Indicator, series: Series) -> Series:
    """``series`` with its axes fitted to it (see the module docstring): the forecast cut to the horizon the
    history shown supports, the marks (line or points), and the time and value ranges."""
    if not series.has_data:
        return series
    points_only = len(series.x) < MIN_LINE_POINTS
    fc, fx = series.forecast, series.forecast_x
    if points_only:
        fc, fx = None, np.empty(0)
    elif fc is not None:
        # a sixth of a period's leeway: calendar months differ by up to three days
        horizon = (float(series.x[-1]) - float(series.x[0])) * HORIZON_SHARE + one_period(ind.period) / 6
        k = max(1, int(np.count_nonzero(fx <= series.x[-1] + horizon)))
        if k < len(fx):
            fc = Forecast(fc.values[:k], fc.lower[:k], fc.upper[:k])
            fx = fx[:k]
    integer = counts(ind)
    if integer and fc is not None and len(series.y) and float(series.y.min()) >= 0:
        # a count cannot fall below zero: nor does its forecast or its band (an additive model knows no floor)
        fc = Forecast(np.maximum(fc.values, 0.0), np.maximum(fc.lower, 0.0), np.maximum(fc.upper, 0.0))
    cut = series.replace(forecast=fc, forecast_x=fx)
    return cut.replace(integer=integer, mark="points" if points_only else "line",
                       x_range=_x_range(ind, cut, points_only), y_range=_y_range(ind, cut, integer, points_only))


def chart_series(ind: Indicator, df: pd.DataFrame | None, window_s: float, now: float,
                 shown: Series | None = None, outlook: Outlook | None = None) -> Series | None:
    """The chart's series and what ``outlook`` (the indicator's, or None) adds to it; None when it draws what
    ``shown`` already does (the same history and outlook: nothing to recompute). A damaged series is logged and
    shows "no data"; it does not take the view down."""
    try:
        series = points(ind, df, window_s, now)
        if series.same_data(shown) and shown.outlook is outlook:
            return None
        return fitted(ind, with_forecast(ind, series, outlook, now))
    except Exception:
        log.exception("chart of %s failed to load", ind.id)
        return empty()
