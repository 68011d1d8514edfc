"""What people write on an alert from their phones: comments, and "assign to" a department (Qt-free).

Kept in ``alert-notes.sqlite`` in the hub's state folder, one row a note, never changed or removed (the record of who
said what, beside the audit log's step). Thread-safe: the API's worker threads write and read it."""

from __future__ import annotations

import sqlite3
import threading
import time
from dataclasses import asdict, dataclass
from pathlib import Path

FILE_NAME = "alert-notes.sqlite"
TEXT_MAX = 500  # characters of a comment or an assignment's note
DEPARTMENT_MAX = 120

_SCHEMA = """
CREATE TABLE IF NOT EXISTS notes (
    id INTEGER PRIMARY KEY AUTOINCREMENT, alert TEXT NOT NULL, kind TEXT NOT NULL, text TEXT NOT NULL DEFAULT '',
    department TEXT NOT NULL DEFAULT '', by TEXT NOT NULL, by_login TEXT NOT NULL DEFAULT '', at REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS notes_alert ON notes (alert, id);
"""


class NoteError(ValueError):
    """A refused note: the message says why (answered 400)."""


@dataclass(frozen=True)
class Note:
    id: int
    alert: str
    kind: str  # comment | assign
    text: str
    department: str  # assign: to whom
    by: str  # "Nguyễn Văn A (nva)": as records show the person
    by_login: str
    at: float

    def to_json(self) -> dict:
        return asdict(self)


def clean_text(text, what: str = "text", limit: int = TEXT_MAX, required: bool = True) -> str:
    """Text as kept: stripped, line breaks kept, other control characters refused; 1..limit characters."""
    if not isinstance(text, str):
        raise NoteError(f"'{what}' must be text")
    text = text.replace("\r\n", "\n").strip()
    if required and not text:
        raise NoteError(f"'{what}' is empty: write 1 to {limit} characters")
    if len(text) > limit:
        raise NoteError(f"'{what}' has {len(text)} characters: {limit} at most")
    if any((ord(c) < 0x20 and c not in "\n\t") or 0x7F <= ord(c) < 0xA0 or c in "\u2028\u2029" for c in text):
        raise NoteError(f"'{what}' holds control characters")
    return text


class Notes:
    def __init__(self, path: Path, clock=time.time):
        self.path, self.clock = Path(path), clock
        self._lock = threading.Lock()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(str(self.path), check_same_thread=False, isolation_level=None, timeout=10)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.executescript(_SCHEMA)
        self._counts: dict[str, int] = {}
        self._assigned: dict[str, Note] = {}
        for note in self._rows("SELECT * FROM notes ORDER BY id"):
            self._remember(note)

    def close(self) -> None:
        with self._lock:
            self.db.close()

    def add(self, alert: str, kind: str, by: str, by_login: str, text: str = "", department: str = "") -> Note:
        with self._lock:
            at = self.clock()
            cur = self.db.execute("INSERT INTO notes (alert, kind, text, department, by, by_login, at) "
                                  "VALUES (?, ?, ?, ?, ?, ?, ?)", (alert, kind, text, department, by, by_login, at))
            note = Note(cur.lastrowid, alert, kind, text, department, by, by_login, at)
            self._remember(note)
        return note

    def of(self, alert: str) -> list[Note]:
        """The alert's notes, oldest first."""
        with self._lock:
            return self._rows("SELECT * FROM notes WHERE alert=? ORDER BY id", (alert,))

    def count(self, alert: str) -> int:
        with self._lock:
            return self._counts.get(alert, 0)

    def assigned(self, alert: str) -> Note | None:
        """The alert's latest assignment (None: not assigned)."""
        with self._lock:
            return self._assigned.get(alert)

    def _remember(self, note: Note) -> None:
        self._counts[note.alert] = self._counts.get(note.alert, 0) + 1
        if note.kind == "assign":
            self._assigned[note.alert] = note

    def _rows(self, sql: str, args=()) -> list[Note]:
        return [Note(*r) for r in self.db.execute(sql, args).fetchall()]
