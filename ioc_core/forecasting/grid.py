"""An indicator's stored history as one value per period on a regular calendar (Qt-free; pandas).

The models need a regular series: a missing period is a gap (NaN), never skipped, or a weekly rhythm would slip by a
day at every gap. Instant measurements (stations every five minutes) become hourly means, their season a day.
A summed indicator's period still under way (today's running total) is left out: it is not a comparable value."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from ioc_core.indicators.indicator_store import period_end

if TYPE_CHECKING:
    import pandas as pd

# what one step of the regular series is, per calculationPeriod (pandas offsets), and its season in steps
FREQ = {"instant": "h", "day": "D", "week": "W-MON", "month": "MS", "quarter": "QS", "year": "YS"}
SEASON = {"instant": 24, "day": 7, "week": 52, "month": 12, "quarter": 4, "year": 1}
STEP_WORDS = {"instant": ("giờ", "hour"), "day": ("ngày", "day"), "week": ("tuần", "week"),
              "month": ("tháng", "month"), "quarter": ("quý", "quarter"), "year": ("năm", "year")}


@dataclass(frozen=True)
class Grid:
    """One value per period, oldest first: ``starts`` the periods' starts (local time, ISO text as the store keeps
    them: "2026-12-06", "2026-12-06T10:00"), ``values`` with NaN where a period is missing."""

    period: str
    starts: tuple[str, ...]
    values: np.ndarray

    def __len__(self) -> int:
        return len(self.starts)

    def ahead(self, n: int) -> tuple[str, ...]:
        """The starts of the ``n`` periods after the last."""
        import pandas as pd

        if not self.starts or n <= 0:
            return ()
        idx = pd.date_range(pd.Timestamp(self.starts[-1]), periods=n + 1, freq=FREQ[self.period])[1:]
        return tuple(_iso(t, self.period) for t in idx)


def _iso(t, period: str) -> str:
    return t.strftime("%Y-%m-%dT%H:%M" if period == "instant" else "%Y-%m-%d")


def regular(period: str, history: pd.DataFrame | None, now: float, aggregation: str = "sum") -> Grid:
    """The ``history`` (columns period, value; as IndicatorStore.history reads it) on its regular calendar up to
    its newest complete period (see the module docstring)."""
    import pandas as pd

    if history is None or len(history) == 0 or period not in FREQ:
        return Grid(period, (), np.empty(0))
    when = pd.to_datetime(history["period"], errors="coerce")
    values = pd.to_numeric(history["value"], errors="coerce")
    s = pd.Series(values.to_numpy(dtype=float), index=pd.DatetimeIndex(when)).dropna()
    s = s[s.index.notna()]
    if s.empty:
        return Grid(period, (), np.empty(0))
    s = s.sort_index()
    if period == "instant":
        s = s.resample("h").mean()
    else:
        s = s.groupby(level=0).last()
        last = _iso(s.index[-1], period)
        if aggregation == "sum" and period_end(last, period) > now:  # a running total, not a period's figure
            s = s.iloc[:-1]
        if s.empty:
            return Grid(period, (), np.empty(0))
        full = pd.date_range(s.index[0], s.index[-1], freq=FREQ[period])
        if len(full) and full[0] == s.index[0] and s.index.isin(full).all():
            s = s.reindex(full)  # the missing periods become gaps
        # else: periods stored off the calendar (a week starting on a Sunday): taken as they are, without gaps
    return Grid(period, tuple(_iso(t, period) for t in s.index), s.to_numpy(dtype=float))
