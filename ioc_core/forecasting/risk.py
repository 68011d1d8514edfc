"""Risks read from a forecast's simulated paths, as probabilities (Qt-free; numpy).

- **A threshold crossed:** the share of paths in which any of the next ``horizon`` values is past the warning (or
  critical) threshold, as ``Indicator.status`` judges it.
- **The annual plan missed:** the share of paths whose year ends short of the plan. A summed indicator's plan is the
  year's total: the values of the year so far plus each path's remaining periods. A level indicator's plan is the
  value of the year's last period (a mean's: the mean over the year). ``lower_better`` plans are missed above.

A path is a possible future drawn with the model's errors, so these are the model's probabilities: they assume the
model stays right (the backtest says how right it has been)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ioc_core.catalogue import Indicator


@dataclass(frozen=True)
class Crossing:
    warning: float  # probability that some value within the horizon is past the warning threshold (or worse)
    critical: float
    first: int  # the period (1-based) by which half the crossing paths have crossed; 0 when none cross


def crossing(ind: Indicator, paths: np.ndarray, horizon: int) -> Crossing | None:
    """None for an indicator without thresholds or without paths."""
    if (ind.warning is None and ind.critical is None) or paths.size == 0:
        return None
    ahead = paths[:horizon]

    def beyond(limit):
        if limit is None:
            return np.zeros(ahead.shape, dtype=bool)
        return ahead < limit if ind.direction == "higher_better" else ahead > limit

    crit = beyond(ind.critical)
    warn = beyond(ind.warning) | crit
    any_warn = warn.any(axis=0)
    first = 0
    if any_warn.any():
        firsts = np.argmax(warn[:, any_warn], axis=0) + 1
        first = int(np.median(firsts))
    return Crossing(float(any_warn.mean()), float(crit.any(axis=0).mean()), first)


def plan_miss(ind: Indicator, paths: np.ndarray, left: int, so_far: np.ndarray) -> float | None:
    """The probability of missing ``ind``'s annual plan: ``left`` periods of the year still to come (the paths'
    first ``left`` steps), ``so_far`` the year's values before them. None without a plan or nothing to judge."""
    if not ind.target or paths.size == 0 or left < 1 or left > paths.shape[0]:
        return None
    rest = paths[:left]
    if ind.aggregation == "sum":
        outcome = float(np.nansum(so_far)) + np.clip(rest, 0, None).sum(axis=0)
    elif ind.aggregation in ("mean", "weighted_mean"):
        outcome = (float(np.nansum(so_far)) + rest.sum(axis=0)) / (np.count_nonzero(np.isfinite(so_far)) + left)
    else:
        outcome = rest[-1]
    missed = outcome < ind.target if ind.direction != "lower_better" else outcome > ind.target
    return float(np.mean(missed))
