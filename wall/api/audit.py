"""The append-only audit log: every accepted command, who sent it, when, the revision before and after.

One JSON object a line; each carries the SHA-256 of the previous line's entry, so an edited, removed or reordered
line breaks the chain and ``verify`` says where. Lines cut from the end are seen by the running wall (it knows its
last entry); across a restart they are not (that needs the last hash kept elsewhere: a later issue).
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
import time
from pathlib import Path

GENESIS = "0" * 64


def _digest(entry: dict) -> str:
    body = {k: v for k, v in entry.items() if k != "hash"}
    return hashlib.sha256(json.dumps(body, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


class AuditLog:
    def __init__(self, path: Path, clock=time.time):
        self.path = Path(path)
        self.clock = clock
        self._lock = threading.Lock()
        self._last, self._seq = GENESIS, 0
        if self.path.exists():
            for line in self.path.read_text(encoding="utf-8").splitlines():
                try:
                    entry = json.loads(line)
                    self._last, self._seq = entry["hash"], entry["seq"]
                except (ValueError, KeyError, TypeError):
                    continue  # verify() reports it; appending goes on after the last good line

    def append(self, who: str, command: dict, revision_before: int, revision_after: int) -> dict:
        with self._lock:
            entry = {"seq": self._seq + 1, "at": round(self.clock(), 3), "who": who, "command": command,
                     "revision_before": revision_before, "revision_after": revision_after, "prev": self._last}
            entry["hash"] = _digest(entry)
            data = memoryview((json.dumps(entry, ensure_ascii=False) + "\n").encode())
            self.path.parent.mkdir(parents=True, exist_ok=True)
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

    def export(self) -> bytes:
        with self._lock:
            return self.path.read_bytes() if self.path.exists() else b""

    def verify(self) -> tuple[bool, str]:
        """(True, "") when every line is intact and chained to the one before; else (False, where and what)."""
        prev, n = GENESIS, 0
        for n, line in enumerate(self.export().decode("utf-8", errors="replace").splitlines(), start=1):
            try:
                entry = json.loads(line)
            except ValueError:
                return False, f"line {n}: not JSON"
            if not isinstance(entry, dict):
                return False, f"line {n}: not an audit entry"
            if entry.get("prev") != prev:
                return False, f"line {n}: does not follow line {n - 1} (a line was removed, added or reordered)"
            if entry.get("hash") != _digest(entry):
                return False, f"line {n}: content changed after it was written"
            prev = entry["hash"]
        with self._lock:
            last, seq = self._last, self._seq
        if prev != last:  # this process wrote entries the file no longer has
            return False, f"the file ends at line {n} but this wall has written {seq} entries (lines cut from the end)"
        return True, ""
