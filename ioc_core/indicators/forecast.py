"""Trend forecasts with a band, and the risk they show: a threshold crossed soon, an annual plan missed."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ioc_core.catalogue import Indicator, Status

if TYPE_CHECKING:
    import numpy as np  # imported where a forecast is made: the wall's start has no history to forecast yet

MIN_POINTS = 8
Z95 = 1.96


@dataclass(frozen=True)
class Forecast:
    values: np.ndarray
    lower: np.ndarray
    upper: np.ndarray
    level: float
    slope: float  # per period


def holt(values, horizon: int, alpha: float = 0.5, beta: float = 0.2) -> Forecast | None:
    """Holt's linear exponential smoothing; the band widens with the one-step errors and the horizon."""
    import numpy as np

    y = np.asarray(values, dtype=float)
    if len(y) < MIN_POINTS or horizon < 1:
        return None
    level, slope = y[0], y[1] - y[0]
    errors = []
    for obs in y[1:]:
        predicted = level + slope
        errors.append(obs - predicted)
        new_level = alpha * obs + (1 - alpha) * predicted
        slope = beta * (new_level - level) + (1 - beta) * slope
        level = new_level
    sigma = float(np.std(errors[len(errors) // 3:], ddof=1)) if len(errors) > 3 else 0.0
    steps = np.arange(1, horizon + 1)
    centre = level + slope * steps
    half = Z95 * sigma * np.sqrt(steps)
    return Forecast(centre, centre - half, centre + half, float(level), float(slope))


@dataclass(frozen=True)
class Risk:
    status: Status
    message_vi: str
    message_en: str


def assess(ind: Indicator, values, horizon: int = 7, year_to_date: float | None = None,
           periods_left: int = 0) -> tuple[Forecast | None, Risk | None]:
    """Forecast ``horizon`` periods ahead from ``values`` (oldest first) and say what risk it shows.

    A risk is a threshold the forecast crosses while the latest value is still normal, or, for a summed
    indicator with an annual target, a projected year total (``year_to_date`` plus the forecast of the
    ``periods_left`` still to come) below the plan.
    """
    import numpy as np

    values = np.asarray(values, dtype=float)
    fc = holt(values, max(horizon, periods_left))
    if fc is None:
        return None, None
    ahead = fc.values[:horizon]
    flags = [ind.status(float(v)) for v in ahead]
    bad = [i for i, st in enumerate(flags) if st in (Status.WARNING, Status.CRITICAL)]
    if bad and ind.status(float(values[-1])) == Status.NORMAL:
        status = Status.CRITICAL if Status.CRITICAL in flags else Status.WARNING
        level_vi = "nghiêm trọng" if status == Status.CRITICAL else "cảnh báo"
        return fc, Risk(status, f"Dự báo vượt ngưỡng {level_vi} sau {bad[0] + 1} kỳ",
                        f"Forecast to cross the {status.value} threshold in {bad[0] + 1} period(s)")
    if ind.target and ind.aggregation == "sum" and year_to_date is not None and periods_left > 0:
        projected = year_to_date + float(np.clip(fc.values[:periods_left], 0, None).sum())
        gap = (ind.target - projected) / ind.target
        if gap > 0.005:
            pct = f"{gap * 100:.1f}"
            return fc, Risk(Status.WARNING, f"Dự báo không đạt kế hoạch năm, thiếu {pct.replace('.', ',')}%",
                            f"Projected to miss the annual plan by {pct}%")
    return fc, None
