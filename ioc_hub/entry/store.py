"""Submissions of figures entered by hand, and their checking (maker-checker), in ``entry.sqlite`` (Qt-free).

A submission is one sector's figures for one period (its kind and first day), entered by one person; a checker
approves or rejects it. States: submitted -> approved | rejected; a submitted one is superseded when the same person
or another sends newer figures for the same period before it is checked, and an approved one when a correction of it
is approved. Versions count the approved figures of a period: the first approved is version 1, a correction
version 2; nothing is ever deleted, so every version stays readable."""

from __future__ import annotations

import contextlib
import json
import sqlite3
import threading
from dataclasses import dataclass
from pathlib import Path

FILE_NAME = "entry.sqlite"
STATES = ("submitted", "approved", "rejected", "superseded")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS submissions (
    id INTEGER PRIMARY KEY AUTOINCREMENT, sector TEXT NOT NULL, kind TEXT NOT NULL, period TEXT NOT NULL,
    version INTEGER NOT NULL, state TEXT NOT NULL, rows TEXT NOT NULL, via TEXT NOT NULL DEFAULT 'form',
    entered_by TEXT NOT NULL, entered_login TEXT NOT NULL, entered_at REAL NOT NULL,
    checked_by TEXT NOT NULL DEFAULT '', checked_login TEXT NOT NULL DEFAULT '', checked_at REAL,
    reason TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS submissions_period ON submissions (sector, kind, period);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS told (key TEXT PRIMARY KEY, at REAL NOT NULL);
"""


@dataclass(frozen=True)
class Submission:
    id: int
    sector: str
    kind: str
    period: str  # the first day, as the store keeps it
    version: int
    state: str
    rows: tuple[dict, ...]  # {"indicator", "region", "value", "period" (the row's own, as stored)}
    via: str  # "form" | "upload"
    entered_by: str
    entered_login: str
    entered_at: float
    checked_by: str = ""
    checked_login: str = ""
    checked_at: float | None = None
    reason: str = ""


class EntryStore:
    """One connection, used under a lock from the API's threads and the part's own."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self._lock = threading.Lock()
        self.db = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False, timeout=10)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.executescript(_SCHEMA)
        with contextlib.suppress(OSError):
            self.path.chmod(0o600)

    def close(self) -> None:
        with self._lock:
            self.db.close()

    # -- meta ------------------------------------------------------------------------------------------------
    def meta(self, key: str, default: str) -> str:
        """The value kept under ``key``; the first call keeps ``default``."""
        with self._lock:
            self.db.execute("INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)", (key, default))
            return self.db.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()[0]

    def told(self, key: str, at: float) -> bool:
        """Whether ``key`` was told before; it is from now on."""
        with self._lock:
            cur = self.db.execute("INSERT OR IGNORE INTO told (key, at) VALUES (?, ?)", (key, at))
            return cur.rowcount == 0

    # -- submissions -----------------------------------------------------------------------------------------
    def submit(self, sector: str, kind: str, period: str, rows: list[dict], via: str, by: str, login: str,
               at: float) -> Submission:
        """A new submission (a correction when the period has approved figures); an unchecked one of the same
        period is superseded by it."""
        with self._lock, self.db:
            self.db.execute("BEGIN IMMEDIATE")
            (approved,) = self.db.execute(
                "SELECT COALESCE(MAX(version), 0) FROM submissions WHERE sector=? AND kind=? AND period=? "
                "AND state IN ('approved', 'superseded') AND checked_at IS NOT NULL",
                (sector, kind, period)).fetchone()
            self.db.execute("UPDATE submissions SET state='superseded' WHERE sector=? AND kind=? AND period=? "
                            "AND state='submitted'", (sector, kind, period))
            cur = self.db.execute(
                "INSERT INTO submissions (sector, kind, period, version, state, rows, via, entered_by, entered_login,"
                " entered_at) VALUES (?, ?, ?, ?, 'submitted', ?, ?, ?, ?, ?)",
                (sector, kind, period, approved + 1, json.dumps(rows, ensure_ascii=False), via, by, login, at))
            sid = cur.lastrowid
        return self.get(sid)

    def decide(self, sid: int, approve: bool, by: str, login: str, at: float, reason: str = "",
               then=None) -> Submission:
        """Approve (the period's approved one before it superseded) or reject a submitted one; ``then(sub)`` runs
        inside the transaction (the figures written to the indicator store): if it raises, nothing changes."""
        with self._lock, self.db:
            self.db.execute("BEGIN IMMEDIATE")
            row = self.db.execute("SELECT sector, kind, period, state FROM submissions WHERE id=?",
                                  (sid,)).fetchone()
            if row is None or row[3] != "submitted":
                raise LookupError(sid)
            if approve:
                self.db.execute("UPDATE submissions SET state='superseded' WHERE sector=? AND kind=? AND period=? "
                                "AND state='approved'", row[:3])
            self.db.execute("UPDATE submissions SET state=?, checked_by=?, checked_login=?, checked_at=?, reason=? "
                            "WHERE id=?", ("approved" if approve else "rejected", by, login, at, reason, sid))
            sub = self._get(sid)
            if then is not None:
                then(sub)
        return sub

    def get(self, sid: int) -> Submission | None:
        with self._lock:
            return self._get(sid)

    def _get(self, sid: int) -> Submission | None:
        row = self.db.execute(f"SELECT {_COLUMNS} FROM submissions WHERE id=?", (sid,)).fetchone()
        return _submission(row) if row else None

    def find(self, sector: str | None = None, state: str | None = None, kind: str | None = None,
             period: str | None = None, limit: int = 500) -> list[Submission]:
        """Newest first."""
        where, args = [], []
        for column, value in (("sector", sector), ("state", state), ("kind", kind), ("period", period)):
            if value:
                where.append(f"{column}=?")
                args.append(value)
        sql = (f"SELECT {_COLUMNS} FROM submissions" + (" WHERE " + " AND ".join(where) if where else "")
               + " ORDER BY id DESC LIMIT ?")
        with self._lock:
            return [_submission(r) for r in self.db.execute(sql, (*args, limit))]

    def checked(self) -> list[Submission]:
        """Every submission ever approved (those superseded by a correction since too), in the order approved."""
        with self._lock:
            return [_submission(r) for r in self.db.execute(
                f"SELECT {_COLUMNS} FROM submissions WHERE state IN ('approved', 'superseded') AND checked_at IS NOT "
                "NULL ORDER BY checked_at, id")]

    def count(self) -> int:
        with self._lock:
            return self.db.execute("SELECT COUNT(*) FROM submissions").fetchone()[0]


_COLUMNS = ("id, sector, kind, period, version, state, rows, via, entered_by, entered_login, entered_at, checked_by, "
            "checked_login, checked_at, reason")


def _submission(row) -> Submission:
    return Submission(*row[:6], tuple(json.loads(row[6])), *row[7:])
