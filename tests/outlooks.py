"""Outlooks written by hand (ioc_core/forecasting's Outlook), to pin what a chart or tile does with one without
fitting a model: shown, with a record of 12 periods at 3,2 %."""

from __future__ import annotations

import time
from datetime import date, timedelta

from ioc_core.forecasting.outlook import Outlook


def made(ind, last: str, starts: list[str], values: list[float], band: float = 1.0, **more) -> Outlook:
    computed_at = more.pop("computed_at", time.time())
    fields = dict(n=100, model="test", skill=0.7, error_pct=3.2, mase=0.7, mae=1.0, coverage=0.95, scored=12,
                  origins=12, starts=tuple(starts), values=tuple(values), lower=tuple(v - band for v in values),
                  upper=tuple(v + band for v in values), unit=ind.unit)
    fields.update(more)
    return Outlook(ind.id, ind.period, computed_at, last=last, **fields)


def days_after(last: str, n: int) -> list[str]:
    """The ``n`` days after ``last`` ("2026-11-22"), as an outlook's starts."""
    d = date.fromisoformat(last)
    return [(d + timedelta(days=k)).isoformat() for k in range(1, n + 1)]


def fitted(outlooks, catalogue, store, indicators, now: float) -> list[Outlook]:
    """The real outlooks of ``indicators`` from what ``store`` (an IndicatorStore) holds, put into ``outlooks``
    (a data hub's), as the wall's forecasting worker or the hub would."""
    from ioc_core.alerts.monitor import StoreReading
    from ioc_core.forecasting.service import compute

    made = compute(catalogue, set(indicators), StoreReading(store), now)
    outlooks.put(made)
    return made
