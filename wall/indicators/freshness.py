"""How fresh a value is, from its indicator's cadence and grace period (Qt-free, clock injected)."""

from __future__ import annotations

from enum import StrEnum

from wall.catalogue.model import Indicator


class Freshness(StrEnum):
    FRESH = "fresh"  # within one cadence
    DUE = "due"  # a new value is due: within the grace period
    STALE = "stale"  # overdue: the wall must say how old it is
    NO_DATA = "no_data"


def freshness(indicator: Indicator, age_s: float | None) -> Freshness:
    if age_s is None:
        return Freshness.NO_DATA
    cadence = indicator.cadence_s
    if age_s <= cadence:
        return Freshness.FRESH
    if age_s <= cadence * (1 + indicator.grace):
        return Freshness.DUE
    return Freshness.STALE
