"""``notify.sqlite`` in the hub's state folder (0600): people's subscriptions and the outbox of deliveries.

A delivery is one message to one person on one channel about one thing: its key (``alert``, ``event``, ``login``,
``channel``) is UNIQUE, so the same message is never queued twice, even across a restart of the hub. Its state:
queued (waiting for its time: ``next_at``), held (quiet hours: until ``hold_until``), sending (a sender has it;
back to queued at the next start if the hub stopped meanwhile), sent, failed."""

from __future__ import annotations

import json
import os
import re
import secrets
import sqlite3
import threading
import time
from pathlib import Path

FILE_NAME = "notify.sqlite"
STATES = ("queued", "held", "sending", "sent", "failed")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS subscriptions (login TEXT PRIMARY KEY, doc TEXT NOT NULL, changed_at REAL NOT NULL);
CREATE TABLE IF NOT EXISTS approved (
    login TEXT NOT NULL, kind TEXT NOT NULL, gateway TEXT NOT NULL, recipient TEXT NOT NULL,
    PRIMARY KEY (login, kind, gateway, recipient)
);
CREATE TABLE IF NOT EXISTS deliveries (
    id TEXT PRIMARY KEY, alert TEXT NOT NULL, event TEXT NOT NULL, login TEXT NOT NULL, channel TEXT NOT NULL,
    name TEXT NOT NULL DEFAULT '', kind TEXT NOT NULL, gateway TEXT NOT NULL DEFAULT '', recipient TEXT NOT NULL,
    subject TEXT NOT NULL, text TEXT NOT NULL, link TEXT NOT NULL, payload TEXT NOT NULL DEFAULT '{}',
    state TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, last_error TEXT NOT NULL DEFAULT '',
    queued_at REAL NOT NULL, next_at REAL NOT NULL, hold_until REAL, sent_at REAL,
    UNIQUE (alert, event, login, channel)
);
CREATE INDEX IF NOT EXISTS deliveries_due ON deliveries (state, next_at);
CREATE INDEX IF NOT EXISTS deliveries_alert ON deliveries (alert);
"""


def mask(to: str) -> str:
    """An address as the delivery log shows it: "n***@so-yte.gov.vn", a phone "09******78"."""
    if "@" in to:
        local, _, domain = to.rpartition("@")
        return f"{local[:1]}***@{domain}"
    if len(to) <= 4:
        return "***"
    return to[:2] + "*" * (len(to) - 4) + to[-2:]


class Outbox:
    """Thread-safe (the planner, the senders and the API's threads): one connection under a lock."""

    def __init__(self, path: Path, clock=time.time):
        self.path, self.clock = Path(path), clock
        self.path.parent.mkdir(parents=True, exist_ok=True)
        if not self.path.exists():
            os.close(os.open(self.path, os.O_CREAT | os.O_WRONLY, 0o600))
        self._lock = threading.Lock()
        self.db = sqlite3.connect(str(self.path), check_same_thread=False, isolation_level=None, timeout=10)
        self.db.row_factory = sqlite3.Row
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.executescript(_SCHEMA)
        with self._lock:  # a sender stopped mid-send (the hub ended): tried again
            self.db.execute("UPDATE deliveries SET state='queued' WHERE state='sending'")

    def close(self) -> None:
        with self._lock:
            self.db.close()

    # -- subscriptions ------------------------------------------------------------------------------------------
    def subscription(self, login: str) -> dict | None:
        with self._lock:
            row = self.db.execute("SELECT doc FROM subscriptions WHERE login=?", (login,)).fetchone()
        return json.loads(row[0]) if row else None

    def subscriptions(self) -> dict[str, dict]:
        with self._lock:
            rows = self.db.execute("SELECT login, doc FROM subscriptions").fetchall()
        return {r[0]: json.loads(r[1]) for r in rows}

    def set_subscription(self, login: str, doc: dict, approved: list[tuple[str, str, str]] | None = None) -> None:
        """Store ``doc``; with ``approved`` (an administrator set it) those channel keys (subscriptions.channel_key)
        replace the ones approved for this person before, in the same step."""
        with self._lock:
            self.db.execute("BEGIN IMMEDIATE")
            try:
                self.db.execute("INSERT OR REPLACE INTO subscriptions (login, doc, changed_at) VALUES (?, ?, ?)",
                                (login, json.dumps(doc, ensure_ascii=False), self.clock()))
                if approved is not None:
                    self.db.execute("DELETE FROM approved WHERE login=?", (login,))
                    self.db.executemany("INSERT OR IGNORE INTO approved (login, kind, gateway, recipient) "
                                        "VALUES (?, ?, ?, ?)", [(login, *k) for k in approved])
            except BaseException:
                self.db.execute("ROLLBACK")
                raise
            self.db.execute("COMMIT")

    def approved(self, login: str) -> set[tuple[str, str, str]]:
        """The channel keys an administrator set for ``login`` last: theirs to use on their own."""
        with self._lock:
            rows = self.db.execute("SELECT kind, gateway, recipient FROM approved WHERE login=?", (login,)).fetchall()
        return {(r[0], r[1], r[2]) for r in rows}

    # -- the outbox ---------------------------------------------------------------------------------------------
    def add(self, alert: str, event: str, login: str, channel: str, *, name: str, kind: str, gateway: str,
            recipient: str, subject: str, text: str, link: str, payload: dict, hold_until: float | None) -> str | None:
        """Queue one delivery (held until ``hold_until`` if given); its id, or None when it was queued before."""
        now = self.clock()
        did = "d-" + secrets.token_hex(8)
        with self._lock:
            cur = self.db.execute(
                "INSERT OR IGNORE INTO deliveries (id, alert, event, login, channel, name, kind, gateway, recipient, "
                "subject, text, link, payload, state, queued_at, next_at, hold_until) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (did, alert, event, login, channel, name, kind, gateway, recipient, subject, text, link,
                 json.dumps(payload, ensure_ascii=False), "held" if hold_until else "queued", now,
                 hold_until or now, hold_until))
        return did if cur.rowcount else None

    def release_held(self) -> int:
        """Held deliveries whose quiet hours are over: queued now."""
        now = self.clock()
        with self._lock:
            return self.db.execute("UPDATE deliveries SET state='queued', next_at=? WHERE state='held' AND "
                                   "hold_until <= ?", (now, now)).rowcount

    def claim(self) -> sqlite3.Row | None:
        """The next delivery due, marked as being sent (no other sender takes it)."""
        now = self.clock()
        with self._lock:
            row = self.db.execute("SELECT * FROM deliveries WHERE state='queued' AND next_at <= ? "
                                  "ORDER BY next_at LIMIT 1", (now,)).fetchone()
            if row is None:
                return None
            self.db.execute("UPDATE deliveries SET state='sending', attempts=attempts+1 WHERE id=?", (row["id"],))
        return row

    def next_due(self) -> float | None:
        """When the next queued or held delivery is due (epoch s), None: nothing waits."""
        with self._lock:
            a = self.db.execute("SELECT min(next_at) FROM deliveries WHERE state='queued'").fetchone()[0]
            b = self.db.execute("SELECT min(hold_until) FROM deliveries WHERE state='held'").fetchone()[0]
        return min((x for x in (a, b) if x is not None), default=None)

    def sent(self, did: str) -> None:
        with self._lock:
            self.db.execute("UPDATE deliveries SET state='sent', sent_at=?, last_error='' WHERE id=?",
                            (self.clock(), did))

    def failed(self, did: str, error: str, retry_at: float | None) -> None:
        """A try failed: tried again at ``retry_at``, or failed for good (None)."""
        with self._lock:
            if retry_at is None:
                self.db.execute("UPDATE deliveries SET state='failed', last_error=? WHERE id=?", (error, did))
            else:
                self.db.execute("UPDATE deliveries SET state='queued', next_at=?, last_error=? WHERE id=?",
                                (retry_at, error, did))

    def prune(self, before: float) -> int:
        """Sent and failed deliveries queued before ``before`` forgotten (the log of deliveries stays small)."""
        with self._lock:
            return self.db.execute("DELETE FROM deliveries WHERE state IN ('sent', 'failed') AND queued_at < ?",
                                   (before,)).rowcount

    def deliveries(self, alert: str | None = None, state: str | None = None, limit: int = 200) -> list[dict]:
        sql, args = "SELECT * FROM deliveries", []
        where = []
        if alert:
            where.append("alert=?")
            args.append(alert)
        if state:  # one being sent is shown as queued (its try is not over)
            where.append("state IN ('queued', 'sending')" if state == "queued" else "state=?")
            args += [] if state == "queued" else [state]
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY queued_at DESC, rowid DESC LIMIT ?"
        args.append(limit)
        with self._lock:
            rows = self.db.execute(sql, args).fetchall()
        return [public(r) for r in rows]


def public(row) -> dict:
    """A delivery as GET /deliveries answers it: the address masked, never the message's secret parts."""
    channel = row["kind"] if not row["gateway"] else f"webhook:{row['gateway']}"
    return {"id": row["id"], "alert": row["alert"] if not row["alert"].startswith("msg:") else "",
            "event": row["event"], "login": row["login"], "name": row["name"], "channel": channel,
            "to": mask(row["recipient"]), "state": "queued" if row["state"] == "sending" else row["state"],
            "attempts": row["attempts"], "last_error": row["last_error"], "subject": row["subject"],
            "queued_at": row["queued_at"], "sent_at": row["sent_at"],
            **({"held_until": row["hold_until"]} if row["state"] == "held" else {})}


_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def clean_error(text: str, secrets_: list[str]) -> str:
    """An error as kept in the log of deliveries: one line, at most 300 characters, no secret in it."""
    for s in secrets_:
        if s:
            text = text.replace(s, "***")
    return _CONTROL.sub(" ", text)[:300]
