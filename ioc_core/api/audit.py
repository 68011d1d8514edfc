"""The append-only audit log: every accepted command, who sent it (the token's name, and the console's own name when
it gives one), when, the revision before and after.

One JSON object a line, numbered (``seq``). Each line carries an HMAC-SHA256 (``mac``) over the entry, which holds
the previous line's MAC (``prev``): a keyed chain. The key is 32 random bytes in ``audit.key`` beside the log, made
at the first start (0600, the wall's alone), never logged, never in an answer or an export. Someone who can write
the log but not read the key cannot write a line that verifies, so cannot change, add or recompute lines. The last
entry written (its ``seq`` and MAC) is also kept, under the key, in ``audit.head``: lines cut from the end are seen
across a restart too. What a wall finds wrong at start (lines cut, the key or the head file lost or changed) it
records as an entry of its own (``audit_log_damaged``), so the next write cannot hide it.

``verify`` names the first break and what it is: a line changed (its MAC does not match), lines removed or
reordered (the numbers jump), lines cut from the end, a file moved aside missing, a line that is not JSON, a line
signed with another key (the key file replaced or lost). Lines written before the keyed chain (a plain SHA-256
chain, ``hash``) stay as they are and are checked as before; the keyed chain begins after them, and the answer
counts them as unkeyed.

A wall runs for months: past ``max_bytes`` the file is moved aside as ``audit.jsonl.1`` (the one before that to
``.2``, and so on; the oldest beyond ``keep`` is dropped) and a new one begins, its first entry chained to the last
of the one moved aside, so the chain runs on across the files.

A full disk: the lines the disk refuses are held in memory, in order, and written first when it takes lines again
(at the next record, and every ``RETRY_S`` on the writer's thread); ``health()`` says how many wait. Once
``HOLD_MAX`` wait the log is ``full``: commands are refused (507) before they change anything, so no record is ever
dropped.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import io
import json
import logging
import os
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ioc_core.api.tokens import Principal
from ioc_core.jsonfile import write_bytes_atomic

log = logging.getLogger(__name__)

GENESIS = "0" * 64
MAX_BYTES = 8 * 1024 * 1024  # about 28,000 commands a file
KEEP = 12  # files moved aside and kept: with the current one, about 100 MB at most
SETTLE_S = 5.0  # how long an export or a check waits for the lines handed to the writer
KEY_BYTES = 32
HEAD_BYTES = 320  # the head file is rewritten in place, always this long
HOLD_MAX = 1000  # lines a full disk refused that wait in memory; beyond, commands are refused
RETRY_S = 5.0  # how often lines held by a full disk are tried again
KEYED_SINCE = "0.1.0 (issue 19)"  # the version whose lines are keyed: the lines before are "unkeyed"
DAMAGED = "audit_log_damaged"  # the wall's own entry: what it found wrong with the log at start
CLIENT_MAX = 64  # characters of a console's name kept


@dataclass(frozen=True)
class Caller(Principal):
    """A token's holder as one request names it: the token's name and role, and the console's own name
    (``X-IOC-Client``), "" when it gave none."""

    client: str = ""


def recorded_as(who) -> tuple[str, str]:
    """(the token's name, the console's name) of ``who``: a Caller, a Principal or a name."""
    if isinstance(who, Caller):
        return who.name, who.client
    if isinstance(who, Principal):
        return who.name, ""
    return str(who), ""


def client_name(raw) -> str:
    """A console's ``X-IOC-Client`` header as recorded: percent-decoded UTF-8 (bytes that are not UTF-8 as U+FFFD),
    control characters escaped (\\x0a: a name cannot forge a line of a log or break a table), at most
    ``CLIENT_MAX`` characters; "" for none."""
    from urllib.parse import unquote

    if not isinstance(raw, str) or not raw:
        return ""
    name = unquote(raw.strip(), encoding="utf-8", errors="replace")
    out = []
    for ch in name:
        if ord(ch) < 0x20 or 0x7F <= ord(ch) < 0xA0 or ch in "\u2028\u2029":
            out.append(f"\\x{ord(ch):02x}" if ord(ch) < 0x100 else f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return "".join(out)[:CLIENT_MAX]


def _canonical(entry: dict, leave: str) -> bytes:
    body = {k: v for k, v in entry.items() if k != leave}
    return json.dumps(body, sort_keys=True, ensure_ascii=False).encode()


def _digest(entry: dict) -> str:
    """The plain SHA-256 of lines written before the keyed chain."""
    return hashlib.sha256(_canonical(entry, "hash")).hexdigest()


def _link(entry: dict) -> str | None:
    """What the next line's ``prev`` names: the MAC of a keyed line, the hash of an older one."""
    link = entry.get("mac", entry.get("hash"))
    return link if isinstance(link, str) else None


def _last_entry(path: Path) -> dict | None:
    """The last line of ``path`` that is an audit entry (verify() reports the others), or None."""
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except FileNotFoundError:
        return None
    for line in reversed(lines):
        try:
            entry = json.loads(line)
            if isinstance(entry, dict) and _link(entry) is not None and isinstance(entry["seq"], int):
                return entry
        except (ValueError, KeyError):
            continue
    return None


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def load_key(path: Path) -> tuple[bytes, str]:
    """The audit key at ``path``, made (0600, created exclusively) when there is none; and what happened: "" (read),
    "made", or why an unusable file was replaced (moved aside as ``<name>.bad``)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    said = "made"
    try:
        key = path.read_bytes()
        if len(key) == KEY_BYTES:
            return key, ""
        said = f"{path.name} held {len(key)} bytes, not {KEY_BYTES}: moved aside as {path.name}.bad"
        os.replace(path, path.with_name(path.name + ".bad"))
    except FileNotFoundError:
        pass
    key = secrets.token_bytes(KEY_BYTES)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process made it meanwhile: theirs
        return load_key(path)
    try:
        os.write(fd, key)
        os.fsync(fd)
    except BaseException:
        os.close(fd)
        os.unlink(path)
        raise
    os.close(fd)
    _fsync_dir(path.parent)
    return key, said


@dataclass(frozen=True)
class Verdict:
    """What ``check`` found: intact or the first break, and how many lines before the keyed chain there are."""

    intact: bool
    problem: str = ""
    unkeyed: int = 0

    def to_json(self) -> dict:
        out = {"intact": self.intact, "problem": self.problem}
        if self.unkeyed:
            out["unkeyed_lines"] = self.unkeyed
            out["note"] = (f"{self.unkeyed} unkeyed lines written before version {KEYED_SINCE} (a plain SHA-256 "
                           "chain): kept as they are; the keyed chain begins after them")
        return out


class AuditLog:
    """With an ioc_core.writer.OrderedWriter (``writer``) ``append`` makes the entry, chained to the one before, and
    hands its line to the writer's thread, which appends and fsyncs the lines waiting (in order, each once). A line
    the disk refuses stays waiting (held), and is written before any later one (``error`` says why until then).
    Without a writer ``append`` writes on its caller's thread and raises what the disk refuses; the line is held
    all the same. ``notify(health)``: called (on the writing thread) when lines begin to wait, when the hold is
    full, and when they are written."""

    def __init__(self, path: Path, clock=time.time, max_bytes: int = MAX_BYTES, keep: int = KEEP, writer=None,
                 key_path: Path | None = None, notify: Callable[[dict], None] | None = None):
        self.path = Path(path)
        self.clock = clock
        self.max_bytes, self.keep = max_bytes, keep
        self.writer = writer
        self.notify = notify
        self.key_path = Path(key_path) if key_path is not None else self.path.with_suffix(".key")
        self.head_path = self.path.with_suffix(".head")
        self.error: OSError | None = None  # why the waiting lines could not be written, until they are
        self.ticket = 0  # the writer's ticket of the last line handed over
        self._tickets = 0  # without a writer: the lines' own numbers
        self._lock = threading.Lock()  # the chain as handed out, and the lines waiting: held only briefly
        self._files = threading.Lock()  # the files: writing, moving aside, reading them for export and verify
        self._waiting: list[tuple[int, dict, bytes]] = []
        self._retrying: threading.Thread | None = None
        self._stop = threading.Event()
        self._wake = threading.Event()  # set at close, and when the held lines are written
        self._head_error: OSError | None = None
        self._last, self._seq = GENESIS, 0
        last = self._key_and_tail()
        self._written = (self._last, self._seq)  # the last entry in the file
        self._first_keyed: int | None = None
        head = self._read_head()
        found = self._found_at_start(last, head)
        if head is not None and head["seq"] > self._seq:  # lines cut: go on after them, so the gap shows
            self._last, self._seq = head["mac"], head["seq"]
        if head is not None:
            self._first_keyed = head["first_keyed"]
        elif last is not None and "mac" in last:  # the head lost: the keyed chain began at least here
            self._first_keyed = last["seq"]
        for problem in found:
            log.error("audit log %s: %s", self.path, problem)
            with contextlib.suppress(OSError):  # held: written with the next line
                self.append("wall", {"command": DAMAGED, "found": problem}, -1, -1)

    def _key_and_tail(self) -> dict | None:
        self.key, self._key_said = load_key(self.key_path)
        self.key_id = hmac.new(self.key, b"ioc-wall audit key id", hashlib.sha256).hexdigest()[:16]
        # appending goes on after the last good line; a wall stopped just after moving a full file aside goes on
        # from that file
        last = _last_entry(self.path) or _last_entry(self.part(1))
        if last is not None:
            self._last, self._seq = _link(last), last["seq"]
        return last

    def _found_at_start(self, last: dict | None, head: dict | None) -> list[str]:
        """What is wrong with the log as this wall finds it (recorded in it: a later write cannot hide it)."""
        keyed = last is not None and "mac" in last
        out = []
        if keyed and self._key_said:
            out.append(f"the audit key {self.key_path.name} was lost or unusable ({self._key_said}); a new key was "
                       "made: the lines before cannot be checked")
        elif keyed and last.get("key") != self.key_id:
            out.append(f"the audit key {self.key_path.name} was replaced: the lines before cannot be checked")
        elif keyed and head is None:
            out.append(f"{self.head_path.name} (the last entry written) was missing or changed: lines cut from the "
                       "end cannot be ruled out")
        if head is not None and head["seq"] > self._seq:
            out.append(f"the log ended at entry {self._seq} but entry {head['seq']} had been written (lines cut "
                       "from the end)")
        elif head is not None and head["seq"] == self._seq and head["mac"] != self._last:
            out.append(f"entry {self._seq} is not the one written (its MAC differs from {self.head_path.name})")
        return out

    # -- the key, the chain and the head ----------------------------------------------------------------------------
    def _mac(self, entry: dict) -> str:
        return hmac.new(self.key, _canonical(entry, "mac"), hashlib.sha256).hexdigest()

    def _head_mac(self, seq: int, mac: str, first: int | None) -> str:
        return hmac.new(self.key, f"head {seq} {mac} {first}".encode(), hashlib.sha256).hexdigest()

    def _read_head(self) -> dict | None:
        """The head file when it is there and its MAC matches under this key; else None."""
        try:
            doc = json.loads(self.head_path.read_bytes().decode("utf-8"))
            seq, mac, first = doc["seq"], doc["mac"], doc["first_keyed"]
            if hmac.compare_digest(str(doc["check"]), self._head_mac(seq, mac, first)) and isinstance(seq, int):
                return {"seq": seq, "mac": mac, "first_keyed": first}
        except (OSError, ValueError, KeyError, TypeError):
            pass
        return None

    def _write_head(self, seq: int, mac: str) -> None:
        """Under ``_files``: the last entry written, in place (one fsync; the same length each time). A failure is
        logged; the next line writes it again (until then a cut of the lines after the last head written would go
        unseen)."""
        data = json.dumps({"seq": seq, "mac": mac, "first_keyed": self._first_keyed,
                           "check": self._head_mac(seq, mac, self._first_keyed)}).encode().ljust(HEAD_BYTES)
        try:
            if not self.head_path.exists():  # the first: whole or not at all (a kill cannot leave it empty)
                write_bytes_atomic(self.head_path, data, 0o600)
                self._head_error = None
                return
            fd = os.open(self.head_path, os.O_WRONLY, 0o600)
            try:
                os.pwrite(fd, data, 0)
                os.ftruncate(fd, len(data))
                os.fsync(fd)
            finally:
                os.close(fd)
        except OSError as exc:
            if self._head_error is None:
                log.error("audit head %s not written (%s)", self.head_path, exc)
            self._head_error = exc
            return
        self._head_error = None

    # -- files --------------------------------------------------------------------------------------------------------
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

    # -- writing ------------------------------------------------------------------------------------------------------
    def append(self, who, command: dict, revision_before: int, revision_after: int, **sent) -> dict:
        """``who``: a Caller (the token's name and the console's, recorded as "who" and "client"), a Principal or
        a name. ``sent``: fields recorded beside the command, inside the keyed entry (a command's
        ``base_revision`` and ``force``: an auditor sees an override)."""
        name, client = recorded_as(who)
        with self._lock:
            entry = {"seq": self._seq + 1, "at": round(self.clock(), 3), "who": name,
                     **({"client": client} if client else {}), "command": command,
                     "revision_before": revision_before, "revision_after": revision_after, **sent,
                     "prev": self._last, "key": self.key_id}
            entry["mac"] = self._mac(entry)
            if self._first_keyed is None:
                self._first_keyed = entry["seq"]
            data = (json.dumps(entry, ensure_ascii=False) + "\n").encode()
            self._last, self._seq = entry["mac"], entry["seq"]  # handed over: the next entry follows it
            if self.writer is not None:
                self.ticket = self.writer.submit(self._write_waiting)
                self._waiting.append((self.ticket, entry, data))  # before the job can look (it takes the lock)
                return entry
            self._tickets += 1
            self._waiting.append((self._tickets, entry, data))
        if not self._write_waiting():
            raise self.error
        return entry

    def _write_waiting(self) -> bool:
        """On the writer's thread (or the caller's, without a writer): the lines waiting, in order, in one append
        and one fsync: those handed over before the next state queued (the state of a command is never written
        after a later command's line). False when the disk refused them (they wait on)."""
        before = self.writer.next_keyed() if self.writer is not None else None
        with self._files:
            with self._lock:
                waiting = [w for w in self._waiting if before is None or w[0] < before]
            if not waiting:
                return True
            try:
                self._write(b"".join(data for _, _, data in waiting))
            except OSError as exc:
                self._held(exc)
                return False
            last = waiting[-1][1]
            self._written = (last["mac"], last["seq"])
            self._write_head(last["seq"], last["mac"])
            with self._lock:
                del self._waiting[:len(waiting)]
            if self.error is not None:
                log.warning("audit log %s written again (%d lines that waited)", self.path, len(waiting))
                self.error = None
                self._wake.set()
                self._tell()
            return True

    def _held(self, exc: OSError) -> None:
        """Lines refused by the disk: they wait, said once a spell, tried again every RETRY_S."""
        first, self.error = self.error is None, exc
        held = self.held
        if first:
            log.error("audit log %s not written (%s); %d lines held until it can be", self.path, exc, held)
        if first or held == HOLD_MAX:
            self._tell()
        if self.writer is not None and (self._retrying is None or not self._retrying.is_alive()):
            self._retrying = threading.Thread(target=self._retry, name="ioc-audit-retry", daemon=True)
            self._retrying.start()

    def _retry(self) -> None:
        """While lines are held: hand the writer a try every RETRY_S (ends once they are written, or at close)."""
        while True:
            self._wake.wait(RETRY_S)
            self._wake.clear()
            if self._stop.is_set() or self.error is None:
                return
            try:
                self.retry()
            except RuntimeError:  # the writer closed: the wall is stopping
                return

    def retry(self) -> None:
        """Lines held by a full disk tried again (on the writer's thread); nothing when none wait."""
        if self.error is not None and self.writer is not None:
            self.writer.submit(self._write_waiting)
        elif self.error is not None:
            self._write_waiting()

    def close(self) -> None:
        """End the retrying thread (if lines are held, they stay held: said at their first refusal)."""
        self._stop.set()
        self._wake.set()
        if self._retrying is not None:
            self._retrying.join(RETRY_S)

    def _tell(self) -> None:
        if self.notify is not None:
            try:
                self.notify(self.health())
            except Exception:
                log.exception("audit log: telling of the hold failed")

    @property
    def held(self) -> int:
        """Lines the disk refused that wait in memory."""
        with self._lock:
            return len(self._waiting) if self.error is not None else 0

    @property
    def full(self) -> bool:
        """As many lines held as may be: commands are refused until the disk takes them."""
        return self.held >= HOLD_MAX

    def health(self) -> dict:
        """For GET /health, the wall's health and the consoles' "audit" event: lines held, and in Vietnamese."""
        held, error = self.held, self.error
        out = {"held": held, "held_max": HOLD_MAX, "full": held >= HOLD_MAX,
               "error": (error.strerror or str(error)) if error is not None else None, "message": ""}
        if held:
            out["message"] = f"{held} bản ghi nhật ký kiểm toán chờ ghi: ổ đĩa đầy"
            if held >= HOLD_MAX:
                out["message"] += "; lệnh điều khiển bị từ chối cho đến khi ghi được"
        return out

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
        lines handed to the writer before are written first (a few seconds at most). Never the key."""
        self.settle(SETTLE_S)
        with self._files:
            try:
                return self.part(part).read_bytes() if 0 <= part <= self.keep else b""
            except FileNotFoundError:
                return b""

    # -- checking -----------------------------------------------------------------------------------------------------
    def verify(self) -> tuple[bool, str]:
        """(True, "") when every line of every file kept is intact and chained to the one before; else (False, where
        and what). ``check`` also counts the unkeyed lines."""
        v = self.check()
        return v.intact, v.problem

    def check(self) -> Verdict:
        """Every line of every file kept, in order. Once files have been dropped (``keep`` of them moved aside),
        the oldest kept begins after entries that are gone: its first line is taken as it is. Otherwise the chain
        begins at entry 1.

        The files are opened, and their lengths, the head and the last entry written noted, at one moment under the
        lock; they are read after it, up to those lengths, so a command appended or a file moved aside meanwhile is
        neither a false alarm nor waits for the reading."""
        self.settle(SETTLE_S)
        with self._files:
            last, seq = self._written
            head = self._read_head()
            head_there = self.head_path.exists()
            opened = []
            for n in range(self.keep, -1, -1):
                try:
                    f = self.part(n).open("rb")
                except FileNotFoundError:
                    continue
                opened.append((n, f, os.fstat(f.fileno()).st_size))
        try:
            return self._check(opened, head, head_there, last, seq)
        finally:
            for _, f, _ in opened:
                f.close()

    def _check(self, opened, head, head_there: bool, last: str, seq: int) -> Verdict:
        numbers = [n for n, _, _ in opened if n]  # oldest first: .3, .2, .1 (each move keeps them in a row)
        for want, got in zip(range(numbers[0], 0, -1) if numbers else (), numbers + [0], strict=False):
            if want != got:
                return Verdict(False, f"{self.part(want).name} is missing (a file moved aside was removed)")
        begins_anywhere = bool(opened) and opened[0][0] == self.keep  # older files were dropped
        prev, prev_seq, keyed, unkeyed, n = (None, None, False, 0, 0) if begins_anywhere else (GENESIS, 0, False,
                                                                                            0, 0)
        first_keyed = head["first_keyed"] if head is not None else None
        head_link = None
        for number, f, size in opened:
            where = "" if number == 0 else f"{self.part(number).name} "
            n = 0
            for n, raw in enumerate(io.BytesIO(f.read(size)), start=1):
                entry, problem = self._broken(raw, n, prev, prev_seq, keyed, first_keyed)
                if problem:
                    return Verdict(False, where + problem, unkeyed)
                if "mac" in entry:
                    keyed = True
                else:
                    unkeyed += 1
                prev, prev_seq = _link(entry), entry["seq"]
                if head is not None and prev_seq == head["seq"]:
                    head_link = prev
        if opened and opened[-1][0] != 0:
            n = 0  # the current file was not there yet (moved aside, the next line not yet written)
        if (prev or GENESIS) != last:  # this process wrote entries the files no longer have
            return Verdict(False, f"the file ends at line {n} but this wall has written {seq} entries (lines cut "
                                  "from the end)", unkeyed)
        if keyed and head is None:
            what = "changed or written with another key" if head_there else "missing"
            return Verdict(False, f"{self.head_path.name} (the last entry written, kept under the key) is {what}: "
                                  "lines cut from the end cannot be ruled out", unkeyed)
        if head is not None and (prev_seq or 0) < head["seq"]:
            return Verdict(False, f"the log ends at entry {prev_seq or 0} but entry {head['seq']} was written "
                                  "(lines cut from the end)", unkeyed)
        if head is not None and head_link is not None and head_link != head["mac"]:
            return Verdict(False, f"entry {head['seq']} is not the one written (lines at the end replaced)", unkeyed)
        return Verdict(True, "", unkeyed)

    def _broken(self, raw: bytes, n: int, prev: str | None, prev_seq: int | None, keyed: bool,
                first_keyed: int | None) -> tuple[dict, str]:
        """Line ``n`` read, and what is wrong with it after an entry whose link is ``prev`` and number ``prev_seq``
        (None: the first line kept, taken as it is); ``keyed``: the keyed chain has begun."""
        try:
            entry = json.loads(raw.decode("utf-8", errors="replace"))
        except ValueError:
            return {}, f"line {n}: not JSON"
        if not isinstance(entry, dict) or not isinstance(entry.get("seq"), int) or isinstance(entry["seq"], bool):
            return {}, f"line {n}: not an audit entry"
        seq = entry["seq"]
        if "mac" in entry:
            if entry.get("key") != self.key_id:
                return entry, (f"line {n}: signed with another key (the key file {self.key_path.name} was replaced "
                               "or lost, or the line was forged)")
            if not isinstance(entry["mac"], str) or not hmac.compare_digest(entry["mac"], self._mac(entry)):
                return entry, f"line {n}: content changed after it was written"
        else:
            if keyed or (first_keyed is not None and seq >= first_keyed):
                return entry, (f"line {n}: has no MAC where the keyed chain had begun (a line added, or its MAC "
                               "removed)")
            if entry.get("hash") != _digest(entry):
                return entry, f"line {n}: content changed after it was written"
        command = entry.get("command")
        if isinstance(command, dict) and command.get("command") == DAMAGED and entry.get("who") == "wall":
            return entry, f"line {n}: at start the wall found: {command.get('found', '')}"
        if prev_seq is not None and seq != prev_seq + 1:
            if prev_seq == 0 and seq > 1:
                gone = "entry 1 is" if seq == 2 else f"entries 1 to {seq - 1} are"
                return entry, (f"line {n}: the log begins at entry {seq}: {gone} missing (a file moved aside was "
                               "removed, or lines cut from the start)")
            if seq > prev_seq + 1:
                gone = f"entry {prev_seq + 1} is" if seq == prev_seq + 2 else f"entries {prev_seq + 1} to {seq - 1} are"
                return entry, (f"line {n}: entry {seq} follows entry {prev_seq}: {gone} missing (lines removed or "
                               "reordered)")
            return entry, f"line {n}: entry {seq} comes after entry {prev_seq} (lines reordered or repeated)"
        if prev is not None and entry.get("prev") != prev:
            return entry, f"line {n}: does not follow line {n - 1} (a line was replaced)"
        return entry, ""
