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
import logging
import os
import threading
import time
from pathlib import Path

log = logging.getLogger(__name__)

GENESIS = "0" * 64
MAX_BYTES = 8 * 1024 * 1024  # about 28,000 commands a file
KEEP = 12  # files moved aside and kept: with the current one, about 100 MB at most
SETTLE_S = 5.0  # how long an export or a check waits for the lines handed to the writer


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
    """With an ioc_core.writer.OrderedWriter (``writer``) ``append`` makes the entry, chained to the one before, and
    hands its line to the writer's thread, which appends and fsyncs the lines waiting (in order, each once). A line
    the disk refuses stays waiting, and is written before any later one at the next append (``error`` says why
    until then). Without a writer ``append`` writes on its caller's thread and raises what the disk refuses."""

    def __init__(self, path: Path, clock=time.time, max_bytes: int = MAX_BYTES, keep: int = KEEP, writer=None):
        self.path = Path(path)
        self.clock = clock
        self.max_bytes, self.keep = max_bytes, keep
        self.writer = writer
        self.error: OSError | None = None  # why the waiting lines could not be written, until they are
        self.ticket = 0  # the writer's ticket of the last line handed over
        self._lock = threading.Lock()  # the chain as handed out, and the lines waiting: held only briefly
        self._files = threading.Lock()  # the files: writing, moving aside, reading them for export and verify
        self._waiting: list[tuple[dict, bytes]] = []
        self._last, self._seq = GENESIS, 0
        # appending goes on after the last good line; a wall stopped just after moving a full file aside goes on
        # from that file
        last = _last_entry(self.path) or _last_entry(self.part(1))
        if last is not None:
            self._last, self._seq = last["hash"], last["seq"]
        self._written = (self._last, self._seq)  # the last entry in the file

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

    def append(self, who: str, command: dict, revision_before: int, revision_after: int, **sent) -> dict:
        """``sent``: fields recorded beside the command, inside the hashed entry (a command's ``base_revision``
        and ``force``: an auditor sees an override). Lines written before they were recorded verify as they are."""
        with self._lock:
            entry = {"seq": self._seq + 1, "at": round(self.clock(), 3), "who": who, "command": command,
                     "revision_before": revision_before, "revision_after": revision_after, **sent,
                     "prev": self._last}
            entry["hash"] = _digest(entry)
            data = (json.dumps(entry, ensure_ascii=False) + "\n").encode()
            if self.writer is not None:
                self._last, self._seq = entry["hash"], entry["seq"]  # handed over: the next entry follows it
                self.ticket = self.writer.submit(self._write_waiting)
                self._waiting.append((self.ticket, entry, data))  # before the job can look (it takes the lock)
                return entry
            with self._files:
                self._write(data)  # raises: the chain goes on from the entry before
                self._last, self._seq = self._written = entry["hash"], entry["seq"]
            return entry

    def _write_waiting(self) -> None:
        """On the writer's thread: the lines waiting, in order, in one append and one fsync: those handed over
        before the next state queued (the state of a command is never written after a later command's line)."""
        before = self.writer.next_keyed()
        with self._files:
            with self._lock:
                waiting = [w for w in self._waiting if before is None or w[0] < before]
            if not waiting:
                return
            try:
                self._write(b"".join(data for _, _, data in waiting))
            except OSError as exc:
                first, self.error = self.error is None, exc
                if first:
                    log.error("audit log %s not written (%s); %d lines wait for the next append", self.path, exc,
                              len(waiting))
                return
            last = waiting[-1][1]
            self._written = (last["hash"], last["seq"])
            with self._lock:
                del self._waiting[:len(waiting)]
            if self.error is not None:
                log.warning("audit log %s written again (%d lines that waited)", self.path, len(waiting))
                self.error = None

    def _write(self, payload: bytes) -> None:
        """Append ``payload`` (whole lines) and fsync; under ``_files``. A failure leaves the file as it was."""
        data = memoryview(payload)
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
                os.fsync(fd)
            except OSError:
                # a torn line would break the chain for every entry after it, and a line kept to retry must not be
                # in the file twice
                os.ftruncate(fd, size)
                raise
        finally:
            os.close(fd)

    def settle(self, timeout: float) -> bool:
        """On a thread that may wait (never the GUI's): True once the lines handed over so far are written or have
        failed (``error``); False after ``timeout``."""
        return self.writer is None or self.writer.wait(self.ticket, timeout)

    def export(self, part: int = 0) -> bytes:
        """The current file's lines (or those of the n-th file moved aside); b"" when there is no such file. The
        lines handed to the writer before are written first (a few seconds at most)."""
        self.settle(SETTLE_S)
        with self._files:
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
        self.settle(SETTLE_S)
        with self._files:
            last, seq = self._written
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
