"""The append-only audit log: every accepted command, who sent it, when, the revision before and after.

One JSON object a line; each carries the SHA-256 of the previous line's entry, so an edited, removed or reordered
line breaks the chain and ``verify`` says where. Lines cut from the end are seen by the running wall (it knows its
last entry); across a restart they are not (that needs the last hash kept elsewhere: a later issue).

A wall runs for months: past ``max_bytes`` the file is moved aside as ``audit.jsonl.1`` (the one before that to
``.2``, and so on; the oldest beyond ``keep`` is dropped) and a new one begins, its first entry chained to the last
of the one moved aside, so the chain runs on across the files.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import threading
import time
from pathlib import Path

GENESIS = "0" * 64
MAX_BYTES = 8 * 1024 * 1024  # about 28,000 commands a file
KEEP = 12  # files moved aside and kept: with the current one, about 100 MB at most


def _digest(entry: dict) -> str:
    body = {k: v for k, v in entry.items() if k != "hash"}
    return hashlib.sha256(json.dumps(body, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def _last_entry(path: Path) -> dict | None:
    """The last line of ``path`` that is an audit entry (verify() reports the others), or None."""
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except FileNotFoundError:
        return None
    for line in reversed(lines):
        try:
            entry = json.loads(line)
            if isinstance(entry, dict) and isinstance(entry["hash"], str) and isinstance(entry["seq"], int):
                return entry
        except (ValueError, KeyError):
            continue
    return None


class AuditLog:
    def __init__(self, path: Path, clock=time.time, max_bytes: int = MAX_BYTES, keep: int = KEEP):
        self.path = Path(path)
        self.clock = clock
        self.max_bytes, self.keep = max_bytes, keep
        self._lock = threading.Lock()
        self._last, self._seq = GENESIS, 0
        # appending goes on after the last good line; a wall stopped just after moving a full file aside goes on
        # from that file
        last = _last_entry(self.path) or _last_entry(self.part(1))
        if last is not None:
            self._last, self._seq = last["hash"], last["seq"]

    def part(self, n: int) -> Path:
        """The current file (0) or the n-th moved aside (1 is the newest of those)."""
        return self.path if n == 0 else self.path.with_name(f"{self.path.name}.{n}")

    def parts(self) -> list[Path]:
        """The files that hold the log, oldest first."""
        return [p for p in (self.part(n) for n in range(self.keep, -1, -1)) if p.exists()]

    def _rotate(self) -> None:
        for n in range(self.keep - 1, 0, -1):
            if self.part(n).exists():
                os.replace(self.part(n), self.part(n + 1))
        os.replace(self.path, self.part(1))

    def append(self, who: str, command: dict, revision_before: int, revision_after: int) -> dict:
        with self._lock:
            entry = {"seq": self._seq + 1, "at": round(self.clock(), 3), "who": who, "command": command,
                     "revision_before": revision_before, "revision_after": revision_after, "prev": self._last}
            entry["hash"] = _digest(entry)
            data = memoryview((json.dumps(entry, ensure_ascii=False) + "\n").encode())
            self.path.parent.mkdir(parents=True, exist_ok=True)
            try:
                size = os.stat(self.path).st_size
            except FileNotFoundError:
                size = 0
            if size and size + len(data) > self.max_bytes:
                self._rotate()
            fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
            try:
                size = os.fstat(fd).st_size
                try:
                    while data:
                        data = data[os.write(fd, data):]
                except OSError:
                    os.ftruncate(fd, size)  # a torn line would break the chain for every entry after it
                    raise
                self._last, self._seq = entry["hash"], entry["seq"]  # in the file: the chain goes on from it
                os.fsync(fd)
            finally:
                os.close(fd)
            return entry

    def export(self, part: int = 0) -> bytes:
        """The current file's lines (or those of the n-th file moved aside); b"" when there is no such file."""
        with self._lock:
            try:
                return self.part(part).read_bytes() if 0 <= part <= self.keep else b""
            except FileNotFoundError:
                return b""

    def verify(self) -> tuple[bool, str]:
        """(True, "") when every line of every file kept is intact and chained to the one before; else (False, where
        and what). Once files have been dropped (``keep`` of them moved aside), the oldest kept begins after entries
        that are gone: its first line is taken as it is. Otherwise the chain begins at the first entry.

        The files are opened, and their lengths and the last entry written noted, at one moment under the lock; they
        are read after it, up to those lengths, so a command appended or a file moved aside meanwhile is neither a
        false alarm nor waits for the reading."""
        with self._lock:
            last, seq = self._last, self._seq
            opened = []
            for path in self.parts():
                try:
                    f = path.open("rb")
                except FileNotFoundError:  # dropped between listing and opening: not a part of this moment
                    continue
                opened.append((path, f, os.fstat(f.fileno()).st_size))
        try:
            prev = None if opened and opened[0][0] == self.part(self.keep) else GENESIS
            n = 0
            for path, f, size in opened:
                n = 0
                for n, raw in enumerate(io.BytesIO(f.read(size)), start=1):
                    entry, problem = self._broken(raw, prev, n)
                    if problem:
                        return False, problem if path == self.path else f"{path.name} {problem}"
                    prev = entry["hash"]
            if opened and opened[-1][0] != self.path:
                n = 0  # the current file was not there yet (moved aside, the next line not yet written)
            if (prev or GENESIS) != last:  # this process wrote entries the files no longer have
                return False, (f"the file ends at line {n} but this wall has written {seq} entries (lines cut from "
                               "the end)")
            return True, ""
        finally:
            for _, f, _ in opened:
                f.close()

    @staticmethod
    def _broken(raw: bytes, prev: str | None, n: int) -> tuple[dict, str]:
        """Line ``n`` read, and what is wrong with it after an entry whose hash is ``prev`` (None: the first line
        kept, taken as it is)."""
        try:
            entry = json.loads(raw.decode("utf-8", errors="replace"))
        except ValueError:
            return {}, f"line {n}: not JSON"
        if not isinstance(entry, dict):
            return {}, f"line {n}: not an audit entry"
        if prev is not None and entry.get("prev") != prev:
            return entry, f"line {n}: does not follow line {n - 1} (a line was removed, added or reordered)"
        if entry.get("hash") != _digest(entry):
            return entry, f"line {n}: content changed after it was written"
        return entry, ""
