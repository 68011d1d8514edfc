"""Saved controller state: written atomically on every change, restored at start (Qt-free).

A file an older version wrote is migrated forward on load, one version at a time (``MIGRATIONS``: version N to
N + 1), written back, and kept as it was in ``state.json.previous``; a version change never costs the wall its
picture. Only a file that cannot be read (torn, not JSON, not a state, or a version this wall does not know) is set
aside.

Versions: 1 the first; 2 adds ``saved_at`` (epoch seconds of the save: how old a restored picture is).
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable
from pathlib import Path

from ioc_core.jsonfile import read_json, remove_torn_copies, write_bytes_atomic
from ioc_core.migrations import PREVIOUS, Migrations, keep_and_write
from ioc_core.problems import InvalidFile

log = logging.getLogger(__name__)

STATE_SCHEMA_VERSION = 2


def _v1_to_v2(doc: dict) -> dict:
    return {**doc, "schema_version": 2, "saved_at": None}  # when a version 1 file was written is not known


# version N -> the function turning a version N file into a version N + 1 one (pure: a new dict, or raises)
MIGRATIONS: dict[int, Callable[[dict], dict]] = {1: _v1_to_v2}
STATE_MIGRATIONS = Migrations("state file", STATE_SCHEMA_VERSION, MIGRATIONS)


def migrate(doc: dict) -> dict:
    """``doc`` brought to STATE_SCHEMA_VERSION; raises ValueError (ioc_core.migrations.MigrationError) for a version
    with no way forward."""
    return STATE_MIGRATIONS.apply(doc)[0]


class StateStore:
    """One JSON file. A corrupt file is set aside (renamed, kept for inspection), never deleted."""

    def __init__(self, path: Path, writer=None):
        self.path = Path(path)
        self.set_aside: Path | None = None
        self.migrated_from: int | None = None  # the version of the file the last load migrated forward
        # with an ioc_core.writer.OrderedWriter the file is written on its thread (save only hands the state over)
        self.writer = writer
        self.error: Exception | None = None  # the last background write's failure, until one succeeds
        self.ticket = 0  # the writer's ticket of the last save handed over
        self.saves = 0  # saves handed over so far
        self._payload: bytes | None = None  # the newest state not yet written
        self._lock = threading.Lock()

    def load(self) -> dict | None:
        remove_torn_copies(self.path.parent, self.path.name)
        if not self.path.exists():
            return None
        try:
            doc, version = STATE_MIGRATIONS.apply(read_json(self.path))
        except (InvalidFile, ValueError, TypeError, KeyError) as exc:
            self.set_aside = self.path.with_name(f"{self.path.name}.corrupt-{time.strftime('%Y%m%dT%H%M%S')}")
            try:
                self.path.replace(self.set_aside)
            except OSError as move_exc:
                log.error("cannot set aside corrupt state %s: %s", self.path, move_exc)
                self.set_aside = None
            log.error("saved state %s is unusable (%s); kept as %s, starting from the default layout",
                      self.path, exc, self.set_aside)
            return None
        if version != STATE_SCHEMA_VERSION:
            self._migrated(version, doc)
        return doc

    def _migrated(self, version: int, doc: dict) -> None:
        """The old file kept as ``.previous`` (private: it may hold a feed's password), the migrated one written."""
        previous = self.path.with_name(self.path.name + PREVIOUS)
        try:
            keep_and_write(self.path, doc, 0o600)
        except OSError as exc:  # the wall runs on the migrated state; the next save writes it
            log.error("saved state %s migrated from schema_version %s but not written back: %s", self.path, version,
                      exc)
        else:
            log.warning("saved state %s migrated from schema_version %s to %s; the old file is kept as %s", self.path,
                        version, STATE_SCHEMA_VERSION, previous.name)
        self.migrated_from = version

    def save(self, doc: dict) -> None:
        """Write ``doc``; a value that is not JSON text raises here, on the caller's thread, either way. With a
        writer the bytes are handed to its thread (saves not yet begun coalesce: the newest is written) and a
        failed write raises here at the next save, until one succeeds; that next save is written all the same
        (it holds the state the failed one had, and newer)."""
        payload = json.dumps({"schema_version": STATE_SCHEMA_VERSION, "saved_at": time.time(), **doc},
                             ensure_ascii=False, indent=2, sort_keys=True).encode("utf-8")
        if self.writer is None:
            self._write_now(payload)
            return
        with self._lock:
            self._payload = payload
            failed = self.error
        self.ticket = self.writer.submit(self._write_newest, key=self)
        self.saves += 1
        if failed is not None:
            raise failed

    def _write_now(self, payload: bytes) -> None:
        # 0600 whatever the file was: the state can carry a meeting point's feed with its password, and a copy
        # opened up by hand is closed again at the next save
        write_bytes_atomic(self.path, payload, 0o600)

    def _write_newest(self) -> None:
        """On the writer's thread: the newest state handed over. On failure it stays the newest until a save hands
        over a newer one, and the error is kept for the caller (``error``, raised at the next save)."""
        with self._lock:
            payload, self._payload = self._payload, None
        if payload is None:
            return
        try:
            self._write_now(payload)
        except OSError as exc:
            with self._lock:
                if self._payload is None:
                    self._payload = payload  # written by the next save's job unless a newer state comes first
                first, self.error = self.error is None, exc
            if first:
                log.warning("state file %s not written (%s); the newest state is written at the next save",
                            self.path, exc)
            return
        with self._lock:
            self.error = None

    def settle(self, timeout: float) -> bool:
        """On a thread that may wait (never the GUI's): True once the states handed over so far are written or
        have failed (``error``); False after ``timeout``."""
        return self.writer is None or self.writer.wait(self.ticket, timeout)


# -- a command's answer once its writes are done (the API server's thread; the GUI thread only hands them over) --
NOT_SAVED = "state not saved"
NOT_RECORDED = "audit log not written"


def error_text(exc: Exception) -> str:
    return exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)


def not_saved(reason: str) -> str:
    """The warning of a command whose state is not on disk (the controller's words)."""
    return (f"{NOT_SAVED} ({reason}): the wall shows it, but would come back to the previous picture after a "
            "restart")


class Settling:
    """Begun before a command is carried over to the GUI thread, ``answer`` after it: waits (here, never on the
    GUI thread) until the state and audit line the command handed to the writer are on disk, and makes the
    answer's warnings say what the disk did. ``store``/``audit`` without a writer: the answer as it is."""

    def __init__(self, store: StateStore | None, audit=None, timeout: float = 5.0):
        self.store, self.audit, self.timeout = store, audit, timeout
        self._saves = store.saves if store is not None else 0

    def answer(self, done: bool, answer: dict) -> dict:
        store, audit = self.store, self.audit
        warnings = list(answer.get("warnings", []))
        if store is not None and store.writer is not None and store.saves != self._saves:
            store.settle(self.timeout)
            warnings = [w for w in warnings if not w.startswith(NOT_SAVED)]
            if store.error is not None:
                warnings.append(not_saved(error_text(store.error)))
        if done and audit is not None and audit.writer is not None:
            audit.settle(self.timeout)
            if audit.error is not None and not any(w.startswith(NOT_RECORDED) for w in warnings):
                warnings.append(f"{NOT_RECORDED}: {audit.error}")
        answer = {k: v for k, v in answer.items() if k != "warnings"}
        if warnings:
            answer["warnings"] = warnings
        return answer

    def out_of_step(self, controller) -> bool:
        """Whether ``controller.save_error`` differs from what the writer found (``catch_up`` on its thread)."""
        store = self.store
        if store is None or store.writer is None:
            return False
        return controller.save_error != (None if store.error is None else error_text(store.error))


def catch_up(controller) -> None:
    """On the controller's thread: its ``save_error`` (the health report's) as the writer found it, logged once a
    failing spell as the controller logs it."""
    store = controller.store
    now = None if store is None or store.error is None else error_text(store.error)
    if now == controller.save_error:
        return
    if now is None:
        log.warning("wall state saved again to %s", store.path)
    elif controller.save_error is None:
        log.error("cannot save wall state to %s: %s (previous saved state kept)", store.path, store.error)
    controller.save_error = now
