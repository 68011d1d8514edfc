"""The indicator store: latest values, history and source health in SQLite, read back through pandas.

One writer (the wall's GUI thread, which receives every fetch result), WAL journal, one transaction per
ingested batch: a crash loses at most the batch being written, and a restarted wall shows the stored values at
once, marked with their age. Bad rows are rejected one by one with a reason; they never overwrite good data.
"""

from __future__ import annotations

import functools
import math
import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

import pandas as pd

from wall import clock as wallclock
from wall.catalogue import Catalogue, Indicator, Status
from wall.indicators.freshness import Freshness, freshness
from wall.indicators.observation import PROVINCE, Observation, period_start

SCHEMA_VERSION = 1
FUTURE_TOLERANCE_S = 300  # clocks differ a little; more than this in the future is a bad timestamp

_SCHEMA = """
CREATE TABLE IF NOT EXISTS observations (
    indicator TEXT NOT NULL, region TEXT NOT NULL, period TEXT NOT NULL,
    value REAL NOT NULL, observed_at REAL NOT NULL, source TEXT NOT NULL,
    PRIMARY KEY (indicator, region, period)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS source_health (
    source TEXT PRIMARY KEY, last_attempt REAL, last_success REAL, last_error REAL, last_error_message TEXT,
    error_count INTEGER NOT NULL DEFAULT 0, consecutive_errors INTEGER NOT NULL DEFAULT 0,
    records_received INTEGER NOT NULL DEFAULT 0, records_rejected INTEGER NOT NULL DEFAULT 0
);
"""


@dataclass
class IngestReport:
    accepted: int = 0
    rejected: list[tuple[int, str]] = field(default_factory=list)  # (position in the batch, reason)


@dataclass(frozen=True)
class Reading:
    """What a tile needs: the value, what it means and how old it is."""

    indicator: Indicator
    region: str
    period: str
    value: float
    observed_at: float
    source: str
    age_s: float
    freshness: Freshness
    status: Status
    previous: float | None = None  # the period before
    last_year: float | None = None  # the same period a year earlier
    progress: float | None = None  # towards the annual target, 0..1+
    partial: bool = False  # a running total of a period still under way: not comparable with whole periods

    @property
    def change(self) -> float | None:
        return None if self.previous is None else self.value - self.previous

    @property
    def change_yoy(self) -> float | None:
        return None if not self.last_year else (self.value - self.last_year) / abs(self.last_year)


@dataclass(frozen=True)
class SourceHealth:
    source: str
    last_attempt: float | None
    last_success: float | None
    last_error: float | None
    last_error_message: str | None
    error_count: int
    consecutive_errors: int
    records_received: int
    records_rejected: int

    def age_s(self, now: float) -> float | None:
        return None if self.last_success is None else now - self.last_success


@functools.lru_cache(maxsize=65536)
def _period_epoch(period) -> float | None:
    """Start of a period in epoch seconds (cached: a batch repeats the same few periods)."""
    try:
        return period_start(period).timestamp()
    except (TypeError, ValueError):
        return None


def _period_end(period: str, kind: str) -> float:
    """When a period is over (epoch seconds); an instant is over when it is measured."""
    start = period_start(period)
    if kind == "day":
        end = start + timedelta(days=1)
    elif kind == "week":
        end = start + timedelta(days=7)
    elif kind in ("month", "quarter", "year"):
        months = {"month": 1, "quarter": 3, "year": 12}[kind]
        y, m = divmod(start.month - 1 + months, 12)
        end = start.replace(year=start.year + y, month=m + 1)
    else:
        return start.timestamp()
    return end.timestamp()


class IndicatorStore:
    def __init__(self, path: Path | str, catalogue: Catalogue, clock: Callable[[], float] = wallclock.now_s,
                 max_age_days: float = 800, max_rows_per_series: int = 5000):
        self.catalogue = catalogue
        self.clock = clock
        self.max_age_days = max_age_days
        self.max_rows = max_rows_per_series
        self.db = sqlite3.connect(str(path), isolation_level=None)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        version = self.db.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise RuntimeError(f"indicator store {path} has schema {version}, newer than this wall ({SCHEMA_VERSION})")
        self.db.executescript(_SCHEMA)
        self.db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
        self._since_prune = 0
        # readings as they stood at this time (epoch seconds), ages measured then: a meeting's "freeze"
        self.as_of: float | None = None

    def _until(self) -> float:
        return self.as_of if self.as_of is not None else float("inf")

    def close(self) -> None:
        self.db.close()

    # -- writing -------------------------------------------------------------------------------------------
    def ingest(self, source: str, observations: Iterable[Observation]) -> IngestReport:
        """Store a batch from one source; rows that cannot be right are rejected with a reason."""
        now = self.clock()
        report, rows, seen = IngestReport(), [], {}
        for i, ob in enumerate(observations):
            reason = self._reject_reason(ob, now)
            key = (ob.indicator, ob.region, ob.period)
            if reason is None and key in seen:
                reason = f"duplicate period {ob.period} for {ob.indicator}/{ob.region} (row {seen[key]} kept)"
            if reason:
                report.rejected.append((i, reason))
                continue
            seen[key] = i
            rows.append((ob.indicator, ob.region, ob.period, ob.value,
                         ob.observed_at if ob.observed_at is not None else now, source))
        with self.db:
            self.db.execute("BEGIN")
            self.db.executemany(
                "INSERT INTO observations VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (indicator, region, period) "
                "DO UPDATE SET value=excluded.value, observed_at=excluded.observed_at, source=excluded.source "
                "WHERE excluded.observed_at >= observations.observed_at", rows)
        report.accepted = len(rows)
        self._since_prune += len(rows)
        if self._since_prune >= 50_000:
            self.prune()
        return report

    def _reject_reason(self, ob: Observation, now: float) -> str | None:
        if ob.indicator not in self.catalogue.indicators:
            return f"unknown indicator '{ob.indicator}'"
        if not isinstance(ob.value, float | int) or isinstance(ob.value, bool) or not math.isfinite(ob.value):
            return f"value {ob.value!r} is not a finite number"
        ind = self.catalogue.indicators[ob.indicator]
        if not ind.plausible(ob.value):
            if ind.min_value is not None and ob.value < ind.min_value:
                return f"value {ob.value!r} is below the valid minimum {ind.min_value:g} of {ob.indicator}"
            return f"value {ob.value!r} is above the valid maximum {ind.max_value:g} of {ob.indicator}"
        start = _period_epoch(ob.period)
        if start is None:
            return f"period {ob.period!r} is not a date"
        if start > now + FUTURE_TOLERANCE_S:
            return f"period {ob.period} is in the future"
        if ob.observed_at is not None and ob.observed_at > now + FUTURE_TOLERANCE_S:
            return "observation time is in the future"
        return None

    def record_fetch(self, source: str, received: int = 0, rejected: int = 0, error: str | None = None) -> None:
        """Note a fetch attempt on the source's health record."""
        now = self.clock()
        self.db.execute("INSERT OR IGNORE INTO source_health (source) VALUES (?)", (source,))
        if error is None:
            self.db.execute(
                "UPDATE source_health SET last_attempt=?, last_success=?, consecutive_errors=0, "
                "records_received=records_received+?, records_rejected=records_rejected+? WHERE source=?",
                (now, now, received, rejected, source))
        else:
            self.db.execute(
                "UPDATE source_health SET last_attempt=?, last_error=?, last_error_message=?, "
                "error_count=error_count+1, consecutive_errors=consecutive_errors+1, "
                "records_rejected=records_rejected+? WHERE source=?", (now, now, error, rejected, source))

    def prune(self) -> int:
        """Cap history by age and by count per series; returns the rows removed."""
        cutoff = (pd.Timestamp(self.clock(), unit="s") - pd.Timedelta(days=self.max_age_days)).strftime("%Y-%m-%d")
        with self.db:
            before = self.db.total_changes
            self.db.execute("DELETE FROM observations WHERE period < ?", (cutoff,))
            self.db.execute(
                "DELETE FROM observations WHERE (indicator, region, period) IN (SELECT indicator, region, period FROM "
                "(SELECT indicator, region, period, ROW_NUMBER() OVER (PARTITION BY indicator, region "
                "ORDER BY period DESC) AS n FROM observations) WHERE n > ?)", (self.max_rows,))
            removed = self.db.total_changes - before
        self._since_prune = 0
        return removed

    # -- reading -------------------------------------------------------------------------------------------
    def history(self, indicator: str, region: str = PROVINCE) -> pd.DataFrame:
        df = pd.read_sql_query(
            "SELECT period, value, observed_at, source FROM observations WHERE indicator=? AND region=? "
            "AND observed_at <= ? ORDER BY period", self.db, params=(indicator, region, self._until()))
        df["period"] = pd.to_datetime(df["period"])
        return df

    def regions(self, indicator: str) -> list[str]:
        return [r for (r,) in self.db.execute(
            "SELECT DISTINCT region FROM observations WHERE indicator=? ORDER BY region", (indicator,))]

    def latest_by_region(self, indicator: str) -> list[tuple[str, str, float, float]]:
        """Each commune's latest (region, period, value, observed_at) for an indicator, the province left out."""
        return self.db.execute(
            "SELECT region, MAX(period), value, observed_at FROM observations WHERE indicator=? AND region != ? "
            "AND observed_at <= ? GROUP BY region", (indicator, PROVINCE, self._until())).fetchall()

    def latest(self, indicator: str, region: str = PROVINCE) -> Reading | None:
        ind = self.catalogue.indicators[indicator]
        rows = self.db.execute(
            "SELECT period, value, observed_at, source FROM observations WHERE indicator=? AND region=? "
            "AND observed_at <= ? ORDER BY period DESC LIMIT 2", (indicator, region, self._until())).fetchall()
        if not rows:
            return None
        (period, value, observed_at, source), previous = rows[0], (rows[1][1] if len(rows) > 1 else None)
        now = min(self.clock(), self._until())
        age = max(0.0, now - observed_at)
        partial = ind.aggregation == "sum" and _period_end(period, ind.period) > now
        return Reading(ind, region, period, value, observed_at, source, age, freshness(ind, age), ind.status(value),
                       None if partial else previous, None if partial else self._last_year(indicator, region, period),
                       self._progress(ind, region, period, value), partial)

    def freshness(self, indicator: str, region: str = PROVINCE) -> Freshness:
        reading = self.latest(indicator, region)
        return Freshness.NO_DATA if reading is None else reading.freshness

    def _last_year(self, indicator: str, region: str, period: str) -> float | None:
        if "T" in period:
            return None
        start = period_start(period)
        try:
            ago = start.replace(year=start.year - 1)
        except ValueError:  # 29 February
            ago = start - timedelta(days=365)
        row = self.db.execute("SELECT value FROM observations WHERE indicator=? AND region=? AND period=?",
                              (indicator, region, ago.date().isoformat())).fetchone()
        return None if row is None else row[0]

    def _progress(self, ind: Indicator, region: str, period: str, value: float) -> float | None:
        if ind.target is None or region != PROVINCE:
            return None
        if ind.aggregation != "sum":
            return value / ind.target
        year = period[:4]
        (total,) = self.db.execute(
            "SELECT SUM(value) FROM observations WHERE indicator=? AND region=? AND period >= ? AND period < ? "
            "AND observed_at <= ?",
            (ind.id, region, f"{year}-01-01", f"{int(year) + 1}-01-01", self._until())).fetchone()
        return (total or 0) / ind.target

    def health(self) -> list[SourceHealth]:
        """Every source's health, the most troubled first (failing, then longest since a success)."""
        rows = [SourceHealth(*r) for r in self.db.execute(
            "SELECT source, last_attempt, last_success, last_error, last_error_message, error_count, "
            "consecutive_errors, records_received, records_rejected FROM source_health")]
        return sorted(rows, key=lambda h: (-h.consecutive_errors, h.last_success or 0.0))
