"""Indicators and sectors: what each number on the wall is, how often it is due and what counts as bad."""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum

# How often a new value is due, in seconds, for FIWARE's calculationFrequency values (plus "realtime").
FREQUENCY_S = {
    "realtime": 300, "hourly": 3600, "daily": 86400, "weekly": 7 * 86400, "monthly": 31 * 86400,
    "quarterly": 92 * 86400, "yearly": 366 * 86400,
}
PERIODS = ("instant", "day", "week", "month", "quarter", "year")
DIRECTIONS = ("higher_better", "lower_better", "neutral")
# how commune values make the province value; "last" cannot be made from communes (a province-only figure)
AGGREGATIONS = ("sum", "mean", "weighted_mean", "min", "max", "last")
# How important a figure is to the leaders reading the wall: 1 most, 9 least. A sector screen too small for all
# its tiles shows the abnormal ones first, then the most important (wall.widgets.sector). An indicator whose entry
# has no "priority" is of the middle rank, DEFAULT_PRIORITY: below the shipped headline figures (1-2), level with
# the ordinary ones, above the plain counts (4-5).
PRIORITIES = range(1, 10)
DEFAULT_PRIORITY = 3


class Status(StrEnum):
    NORMAL = "normal"
    WARNING = "warning"
    CRITICAL = "critical"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class Sector:
    id: str
    name_vi: str
    name_en: str


@dataclass(frozen=True)
class Indicator:
    id: str
    sector: str
    name_vi: str
    name_en: str
    unit: str
    frequency: str  # calculationFrequency
    period: str  # calculationPeriod: what one value describes
    direction: str
    region_level: str  # "province" or "commune"
    source: str
    method: str = "automatic"  # calculationMethod: automatic | manual | semiautomatic
    aggregation: str = "sum"  # how commune values make the province value (AGGREGATIONS)
    warning: float | None = None
    critical: float | None = None
    target: float | None = None  # annual plan
    grace: float = 0.5  # a value is "due" for one cadence plus this fraction of it, then "stale"
    min_value: float | None = 0.0  # validRange: a value outside it is a data error, never shown as a figure
    max_value: float | None = None
    priority: int = DEFAULT_PRIORITY  # 1 = most important (PRIORITIES); which tiles a crowded screen keeps

    def plausible(self, value: float) -> bool:
        """Whether a value can be right: finite and within the indicator's valid range (counts are never < 0)."""
        return (math.isfinite(value) and (self.min_value is None or value >= self.min_value)
                and (self.max_value is None or value <= self.max_value))

    @property
    def cadence_s(self) -> int:
        return FREQUENCY_S[self.frequency]

    def status(self, value: float | None) -> Status:
        """Status of a value from the thresholds; an indicator without thresholds is always normal."""
        if value is None:
            return Status.UNKNOWN
        worse = (lambda v, t: v < t) if self.direction == "higher_better" else (lambda v, t: v > t)
        if self.critical is not None and worse(value, self.critical):
            return Status.CRITICAL
        if self.warning is not None and worse(value, self.warning):
            return Status.WARNING
        return Status.NORMAL
