"""The indicator store: latest values, history and source health in SQLite, read back through pandas.

One writer (the wall's GUI thread, which receives every fetch result), WAL journal, one transaction per
ingested batch: a crash loses at most the batch being written, and a restarted wall shows the stored values at
once, marked with their age. Bad rows are rejected one by one with a reason; they never overwrite good data.
"""

from __future__ import annotations

import dataclasses
import difflib
import functools
import logging
import math
import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from ioc_core import clock as wallclock
from ioc_core.catalogue import Catalogue, Indicator, Status
from ioc_core.indicators.freshness import Freshness, freshness
from ioc_core.indicators.observation import PROVINCE, Observation, fold, period_start, start_of

if TYPE_CHECKING:  # pandas (~0.25 s to import) is imported where history is read: not before the first picture
    import pandas as pd

log = logging.getLogger(__name__)

SCHEMA_VERSION = 2
FUTURE_TOLERANCE_S = 300  # clocks differ a little; more than this in the future is a bad timestamp

# Version 1's tables; later versions add columns (_MIGRATIONS), so a v1 file and a new one end up alike.
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
_MIGRATIONS = {  # version reached -> the statements that reach it from the one before (never dropping data)
    2: [
        "ALTER TABLE observations ADD COLUMN parts INTEGER",  # communes a province value was made from
        "ALTER TABLE source_health ADD COLUMN last_started REAL",  # when the last fetch began
        "ALTER TABLE source_health ADD COLUMN last_budget_s REAL",  # how long that fetch may take
        "ALTER TABLE source_health ADD COLUMN last_stored INTEGER",  # the last completed fetch: values stored,
        "ALTER TABLE source_health ADD COLUMN last_rejected INTEGER",  # rows rejected,
        "ALTER TABLE source_health ADD COLUMN last_reason TEXT",  # and the first reason
    ],
}
_PERIOD_WORD = {"day": "day", "week": "week (Monday)", "month": "month", "quarter": "quarter", "year": "year"}


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
    period_end: float | None = None  # when the period it describes is over (epoch s; an instant: when measured)
    parts: int | None = None  # a province value made from commune values: from how many

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
    records_received: int  # values stored, all fetches
    records_rejected: int  # rows rejected, all fetches
    last_started: float | None = None  # when the last fetch began (after last_attempt: still in flight)
    last_budget_s: float | None = None  # how long that fetch may take before it is late
    last_stored: int | None = None  # the last completed fetch: values stored
    last_rejected: int | None = None  # ... rows rejected (by the source's parsing and by the store)
    last_reason: str | None = None  # ... and the first reason

    def age_s(self, now: float) -> float | None:
        return None if self.last_success is None else now - self.last_success

    def in_flight_s(self, now: float) -> float | None:
        """How long the fetch under way has been waiting; None when none is."""
        if self.last_started is None or (self.last_attempt is not None and self.last_attempt >= self.last_started):
            return None
        return max(0.0, now - self.last_started)


def _finite(value) -> bool:
    return isinstance(value, float | int) and not isinstance(value, bool) and math.isfinite(value)


@functools.lru_cache(maxsize=65536)
def _period_epoch(period) -> float | None:
    """Start of a period in epoch seconds (cached: a batch repeats the same few periods)."""
    try:
        return period_start(period).timestamp()
    except (TypeError, ValueError):
        return None


def period_end(period: str, kind: str) -> float:
    """When a period of ``kind`` (an indicator's calculationPeriod) is over, in epoch seconds; an instant is over
    when it is measured."""
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


def suggest(text: str, names: dict[str, Iterable[str]]) -> list[str]:
    """The codes whose name (or code) ``text`` is, diacritics and case ignored; else a code very like it."""
    folded = fold(text)
    hits = [code for code, words in names.items() if folded == fold(code) or any(folded == fold(w) for w in words if w)]
    return hits or difflib.get_close_matches(str(text), list(names), n=1, cutoff=0.85)


def unknown(what: str, text, names: dict[str, Iterable[str]]) -> str:
    """"unknown indicator 'Số hồ sơ' (did you mean 'hcc-ho-so-tiep-nhan'?)": the codes ``suggest`` finds."""
    codes = suggest(text, names)[:3] if isinstance(text, str) else []
    mean = " or ".join(f"'{c}'" for c in codes)
    return f"unknown {what} '{text}'" + (f" (did you mean {mean}?)" if codes else "")


@functools.lru_cache(maxsize=8192)  # a batch repeats a few periods for many rows and indicators
def fit_period(period: str, ind: Indicator) -> tuple[str, str | None]:
    """The period as stored for ``ind`` and, when it cannot be one of its periods, why.

    A date-time for a daily, monthly... indicator stands for its date (Vietnam time), which must start one of the
    indicator's periods ("2025-11-15" is no month: rejected, not moved to 2025-11-01, which would let a day's
    figure overwrite the month's). An instant indicator needs the time: a date alone is a time cut off."""
    if ind.period == "instant":
        if "T" not in period:
            return period, (f"period {period} has no time, but {ind.id} is a measurement at a moment: "
                            "the time of day is missing")
        return period, None
    day = date.fromisoformat(period[:10])
    start = start_of(day, ind.period)
    if start != day:
        return period, (f"period {period} does not start a {_PERIOD_WORD[ind.period]}: {ind.id} describes a whole "
                        f"{ind.period} (starting {start.isoformat()})")
    return day.isoformat(), None


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
        for target in range(max(version, 1) + 1, SCHEMA_VERSION + 1):
            with self.db:  # each step whole or not at all
                self.db.execute("BEGIN")
                for statement in _MIGRATIONS[target]:
                    self.db.execute(statement)
                self.db.execute(f"PRAGMA user_version={target}")
        if version == 0:  # a new file: _SCHEMA made version 1's tables, the migrations the rest
            self.db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
        self._since_prune = 0
        self.mirror_skipped = 0  # rows ``mirror`` skipped: of indicators or regions this catalogue does not know
        # readings as they stood at this time (epoch seconds), ages measured then: a meeting's "freeze"
        self.as_of: float | None = None

    def _until(self) -> float:
        return self.as_of if self.as_of is not None else float("inf")

    def close(self) -> None:
        self.db.close()

    # -- writing -------------------------------------------------------------------------------------------
    def ingest(self, source: str, observations: Iterable[Observation], whole: bool = False) -> IngestReport:
        """Store a batch from one source; rows that cannot be right are rejected with a reason. ``whole``: all or
        nothing, one row rejected and none is stored (``accepted`` 0; figures approved as one submission)."""
        now = self.clock()
        report, rows, seen, hints = IngestReport(), [], {}, {}
        for i, ob in enumerate(observations):
            period, reason = self._check(ob, now, hints)
            key = (ob.indicator, ob.region, period)
            if reason is None and key in seen:
                reason = f"duplicate period {period} for {ob.indicator}/{ob.region} (row {seen[key]} kept)"
            if reason:
                report.rejected.append((i, reason))
                continue
            seen[key] = i
            rows.append((ob.indicator, ob.region, period, ob.value,
                         ob.observed_at if ob.observed_at is not None else now, source, ob.parts))
        if whole and report.rejected:
            return report
        self._upsert(rows)
        report.accepted = len(rows)
        self._since_prune += len(rows)
        if self._since_prune >= 50_000:
            self.prune()
        return report

    def mirror(self, rows: Iterable[tuple]) -> int:
        """Store rows another store already validated (the hub's), as given: (indicator, region, period, value,
        observed_at, source, parts), observed_at being the hub's as-of so every wall judges the same age. One
        transaction; the newer observed_at wins, as in ``ingest``. Rows of an indicator or region this wall's
        catalogue does not know, or not even shaped like a row, are skipped and counted (``mirror_skipped``).
        Returns the rows written."""
        indicators, regions = self.catalogue.indicators, self.catalogue.regions
        keep, skipped = [], 0
        for row in rows:
            try:
                indicator, region, period, value, observed_at, source, parts = row
            except (TypeError, ValueError):
                skipped += 1
                continue
            if (indicator not in indicators or (regions and region != PROVINCE and region not in regions)
                    or not isinstance(period, str) or not _finite(value) or not _finite(observed_at)
                    or not isinstance(source, str)
                    or (parts is not None and (not isinstance(parts, int) or isinstance(parts, bool)))):
                skipped += 1
                continue
            keep.append((indicator, region, period, float(value), float(observed_at), source, parts))
        self.mirror_skipped += skipped
        if keep:
            self._upsert(keep)
            self._since_prune += len(keep)
            if self._since_prune >= 50_000:
                self.prune()
        return len(keep)

    def mirror_health(self, records: Iterable[dict]) -> None:
        """The source health table becomes the hub's records (``SourceHealth`` fields; others ignored), so the
        wall's health view shows the sources the hub runs; a record without a source name is skipped."""
        columns = [f.name for f in dataclasses.fields(SourceHealth)]
        counts = {"error_count", "consecutive_errors", "records_received", "records_rejected"}
        rows = []
        skipped: list[str] = []
        for record in records:
            if not isinstance(record, dict) or not isinstance(record.get("source"), str) or not record["source"]:
                continue
            row = _health_row(record, columns, counts)
            if row is None:
                skipped.append(record["source"][:60])
                continue
            rows.append(row)
        if skipped:  # one broken record never blanks the others: it alone is left out
            log.warning("source health skipped (fields of the wrong type): %s", ", ".join(skipped[:5]))
        marks = ",".join("?" * len(columns))
        with self.db:
            self.db.execute("BEGIN")
            self.db.execute("DELETE FROM source_health")
            self.db.executemany(f"INSERT OR REPLACE INTO source_health ({','.join(columns)}) VALUES ({marks})", rows)

    def _upsert(self, rows: list[tuple]) -> None:
        """Rows (indicator, region, period, value, observed_at, source, parts) in one transaction; a period already
        stored is replaced only by a value observed as late or later (a late delivery never undoes a newer one)."""
        with self.db:
            self.db.execute("BEGIN")
            self.db.executemany(
                "INSERT INTO observations (indicator, region, period, value, observed_at, source, parts) "
                "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (indicator, region, period) "
                "DO UPDATE SET value=excluded.value, observed_at=excluded.observed_at, source=excluded.source, "
                "parts=excluded.parts WHERE excluded.observed_at >= observations.observed_at", rows)

    def _check(self, ob: Observation, now: float, hints: dict) -> tuple[str, str | None]:
        """The period as it would be stored, and why the row cannot be (None: it can)."""
        ind = self.catalogue.indicators.get(ob.indicator)
        if ind is None:
            return ob.period, self._unknown("indicator", ob.indicator, hints)
        regions = self.catalogue.regions
        if regions and ob.region != PROVINCE and ob.region not in regions:
            return ob.period, self._unknown("region", ob.region, hints)
        if not isinstance(ob.value, float | int) or isinstance(ob.value, bool) or not math.isfinite(ob.value):
            return ob.period, f"value {ob.value!r} is not a finite number"
        if not ind.plausible(ob.value):
            if ind.min_value is not None and ob.value < ind.min_value:
                return ob.period, f"value {ob.value!r} is below the valid minimum {ind.min_value:g} of {ob.indicator}"
            return ob.period, f"value {ob.value!r} is above the valid maximum {ind.max_value:g} of {ob.indicator}"
        if ob.parts is not None and (not isinstance(ob.parts, int) or isinstance(ob.parts, bool) or ob.parts < 1):
            return ob.period, f"parts {ob.parts!r} is not a number of communes"
        if _period_epoch(ob.period) is None:
            return ob.period, f"period {ob.period!r} is not a date"
        period, reason = fit_period(ob.period, ind)
        if reason:
            return period, reason
        if _period_epoch(period) > now + FUTURE_TOLERANCE_S:
            return period, f"period {period} is in the future"
        if ob.observed_at is not None and ob.observed_at > now + FUTURE_TOLERANCE_S:
            return period, "observation time is in the future"
        return period, None

    def _unknown(self, what: str, text: str, hints: dict) -> str:
        """"unknown indicator 'Số hồ sơ tiếp nhận' (did you mean 'hcc-ho-so-tiep-nhan'?)": a name given where its
        code belongs is found by the name (once a batch for each text)."""
        if (what, text) not in hints:
            if what == "indicator":
                names = {i.id: (i.name_vi, i.name_en) for i in self.catalogue.indicators.values()}
            else:
                names = {code: (name,) for code, name in self.catalogue.regions.items()}
            hints[(what, text)] = unknown(what, text, names)
        return hints[(what, text)]

    def record_start(self, source: str, budget_s: float | None = None) -> None:
        """Note that a fetch began and how long it may take: one still waiting after that is late."""
        self.db.execute("INSERT OR IGNORE INTO source_health (source) VALUES (?)", (source,))
        self.db.execute("UPDATE source_health SET last_started=?, last_budget_s=? WHERE source=?",
                        (self.clock(), budget_s, source))

    def forget_sources_except(self, keep: set[str]) -> int:
        """Drop the health records of sources no longer configured (renamed or removed from the sources file): a
        source fixed by renaming it must not stay on the health view as failing for ever. Their values stay. The
        sources kept each have a record from now on, so the health view lists what the file configures (a source
        not yet fetched shows as not connected) and not every source the catalogue could name."""
        marks = ",".join("?" * len(keep))
        with self.db:
            self.db.execute("BEGIN")
            cur = self.db.execute(f"DELETE FROM source_health WHERE source NOT IN ({marks})", tuple(keep))
            self.db.executemany("INSERT OR IGNORE INTO source_health (source) VALUES (?)", [(k,) for k in keep])
        return cur.rowcount

    def end_in_flight(self) -> None:
        """Forget the fetches under way (the wall stopped during them): none is shown waiting for ever."""
        self.db.execute("UPDATE source_health SET last_started=NULL WHERE last_started > COALESCE(last_attempt, 0)")

    def record_fetch(self, source: str, received: int = 0, rejected: int = 0, error: str | None = None,
                     reason: str | None = None) -> None:
        """Note a finished fetch on the source's health record: ``received`` values stored, ``rejected`` rows
        refused (``reason``: the first one's), or the ``error`` that failed it as a whole."""
        now = self.clock()
        self.db.execute("INSERT OR IGNORE INTO source_health (source) VALUES (?)", (source,))
        if error is None:
            self.db.execute(
                "UPDATE source_health SET last_attempt=?, last_success=?, consecutive_errors=0, "
                "records_received=records_received+?, records_rejected=records_rejected+?, last_stored=?, "
                "last_rejected=?, last_reason=? WHERE source=?",
                (now, now, received, rejected, received, rejected, reason, source))
        else:
            self.db.execute(
                "UPDATE source_health SET last_attempt=?, last_error=?, last_error_message=?, "
                "error_count=error_count+1, consecutive_errors=consecutive_errors+1, "
                "records_rejected=records_rejected+?, last_stored=0, last_rejected=?, last_reason=? WHERE source=?",
                (now, now, error, rejected, rejected, reason, source))

    def hold_error(self, source: str, message: str | None) -> None:
        """A standing problem of a source that is no fetch (a department's figures not in by their deadline: the
        hub's manual entry): shown as the source's error until cleared with None. Holding the same message again
        counts nothing and keeps when it began; ``record_fetch`` of a success clears it too."""
        if message is None:  # no record made for nothing to show
            self.db.execute("UPDATE source_health SET consecutive_errors=0 WHERE source=?", (source,))
            return
        now = self.clock()
        self.db.execute("INSERT OR IGNORE INTO source_health (source) VALUES (?)", (source,))
        self.db.execute(
            "UPDATE source_health SET last_error=CASE WHEN consecutive_errors>0 AND last_error_message IS ? "
            "THEN last_error ELSE ? END, last_error_message=?, error_count=error_count+(consecutive_errors=0), "
            "consecutive_errors=MAX(consecutive_errors, 1) WHERE source=?", (message, now, message, source))

    def prune(self) -> int:
        """Cap history by age and by count per series; returns the rows removed."""
        import pandas as pd

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
        import pandas as pd

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

    def latest_rows(self, indicators: Iterable[str] | None = None) -> list[tuple]:
        """The latest period's row of every (indicator, region), of ``indicators`` (None: of all), in one query:
        (indicator, region, period, value, observed_at, source, parts), as the hub publishes them."""
        where, params = "", ()
        if indicators is not None:
            ids = sorted(set(indicators))
            if not ids:
                return []
            where, params = f"WHERE o.indicator IN ({','.join('?' * len(ids))})", tuple(ids)
        return self.db.execute(
            "SELECT o.indicator, o.region, o.period, o.value, o.observed_at, o.source, o.parts FROM observations o "
            f"JOIN (SELECT indicator, region, MAX(period) AS period FROM observations {where.replace('o.', '')} "
            "GROUP BY indicator, region) m ON o.indicator = m.indicator AND o.region = m.region "
            "AND o.period = m.period ORDER BY o.indicator, o.region", params).fetchall()

    def latest(self, indicator: str, region: str = PROVINCE) -> Reading | None:
        ind = self.catalogue.indicators[indicator]
        rows = self.db.execute(
            "SELECT period, value, observed_at, source, parts FROM observations WHERE indicator=? AND region=? "
            "AND observed_at <= ? ORDER BY period DESC LIMIT 2", (indicator, region, self._until())).fetchall()
        if not rows:
            return None
        (period, value, observed_at, source, parts), previous = rows[0], (rows[1][1] if len(rows) > 1 else None)
        now = min(self.clock(), self._until())
        age = max(0.0, now - observed_at)
        end = period_end(period, ind.period)
        partial = ind.aggregation == "sum" and end > now
        return Reading(ind, region, period, value, observed_at, source, age, freshness(ind, age, now - end),
                       ind.status(value), None if partial else previous,
                       None if partial else self._last_year(indicator, region, period),
                       self._progress(ind, region, period, value), partial, end, parts)

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
            "consecutive_errors, records_received, records_rejected, last_started, last_budget_s, last_stored, "
            "last_rejected, last_reason FROM source_health")]
        return sorted(rows, key=lambda h: (-h.consecutive_errors, h.last_success or 0.0))


_HEALTH_TEXT = {"source", "last_error_message", "last_reason"}
_HEALTH_INT = {"error_count", "consecutive_errors", "records_received", "records_rejected", "last_stored",
               "last_rejected"}


def _health_row(record: dict, columns: list[str], counts: set[str]) -> tuple | None:
    """One health record as the table keeps it; None when a field has a type ``SourceHealth`` cannot hold (a
    count that is no whole number, a time that is no finite number, a message that is no text)."""
    row = []
    for c in columns:
        v = record.get(c)
        if v is None:
            row.append(0 if c in counts else None)
        elif isinstance(v, bool):
            return None
        elif c in _HEALTH_TEXT:
            if not isinstance(v, str):
                return None
            row.append(v)
        elif c in _HEALTH_INT:
            if isinstance(v, float) and v.is_integer():
                v = int(v)  # JSON's 3.0: harmless
            if not isinstance(v, int):
                return None
            row.append(v)
        else:  # times and budgets: seconds
            if not isinstance(v, int | float) or not math.isfinite(v):
                return None
            row.append(float(v))
    return tuple(row)
