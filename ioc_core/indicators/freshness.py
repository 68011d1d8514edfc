"""How fresh a value is, from its indicator's cadence and grace period (Qt-free, clock injected).

Two ages count: how long ago the value arrived (or was measured), and how long ago the period it describes ended.
A source that keeps sending last year's figure sends it every few minutes: by arrival it looks fresh for ever, by
its period it is old data, and the wall says which period it is.
"""

from __future__ import annotations

from enum import StrEnum

from ioc_core.catalogue.model import Indicator


class Freshness(StrEnum):
    FRESH = "fresh"  # within one cadence
    DUE = "due"  # a new value is due: within the grace period
    STALE = "stale"  # overdue: the wall must say how old it is
    OLD_PERIOD = "old_period"  # arrives on time, but describes a period long over: the wall must say which
    NO_DATA = "no_data"

    @property
    def old(self) -> bool:
        """Shown as old data (STALE or OLD_PERIOD)."""
        return self in (Freshness.STALE, Freshness.OLD_PERIOD)


def freshness(indicator: Indicator, age_s: float | None, period_age_s: float | None = None) -> Freshness:
    """``age_s``: since the value arrived (or was measured); ``period_age_s``: since its period ended (negative
    while the period runs). A period over for longer than the cadence plus grace is old data, however recently it
    arrived; an instant measurement is judged by ``age_s`` alone, as its period ends when it is measured."""
    if age_s is None:
        return Freshness.NO_DATA
    cadence = indicator.cadence_s
    late = cadence * (1 + indicator.grace)
    if age_s > late:
        return Freshness.STALE
    if period_age_s is not None and indicator.period != "instant" and period_age_s > late:
        return Freshness.OLD_PERIOD
    if age_s <= cadence:
        return Freshness.FRESH
    return Freshness.DUE
