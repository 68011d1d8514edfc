"""Runs the sources off the GUI thread and writes their results from one writer thread.

Workers fetch and parse; one writer thread owns the store's write connection (SQLite: one writer) and stores
each result in its own transaction; the GUI thread only hears "source X was fetched" and reschedules it. The GUI
thread does no database work for fetching: each SQLite call releases and retakes Python's GIL, and with busy
fetch threads every retake can wait a switch interval, which froze the screens for tens of milliseconds when the
GUI thread stored results itself.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import requests
from PySide6.QtCore import QObject, QTimer, Signal

from ioc_core import clock as wallclock
from ioc_core.indicators.indicator_store import IndicatorStore
from ioc_core.sources.base import FetchResult, Source, SourceError
from ioc_core.sources.schedule import FetchPlan

log = logging.getLogger(__name__)

_STOP = object()


class _Started(tuple):
    """A fetch began: (source id, its budget in seconds), noted on the health record by the writer."""


class _Bridge(QObject):
    """Lives on the GUI thread; other threads only emit its signal (queued across threads)."""

    done = Signal(str, bool, str, object)  # source id, ok, summary for the log, the indicators it wrote
    alerts = Signal(str, object)  # source id, the alert messages (CAP) a fetch brought


class FetchScheduler(QObject):
    """Fetches each source at its interval on a small thread pool; one fetch in flight per source.

    A source that hangs holds one worker until its read timeout; the GUI thread never waits on the network or
    the disk.
    """

    fetched = Signal(str, object)  # source id and the indicators it wrote (a frozenset), once stored
    alerts_fetched = Signal(str, object)  # source id and the alert messages (CAP) it brought, for the alert book

    def __init__(self, open_store: Callable[[], IndicatorStore], workers: int = 6, tick_ms: int = 500,
                 clock=wallclock.now_s, parent=None):
        super().__init__(parent)
        self.clock = clock
        self.plan = FetchPlan()
        self.sources: dict[str, Source] = {}
        self._open_store = open_store
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="fetch")
        self._local = threading.local()
        self._results: queue.Queue = queue.Queue()
        self._writer = threading.Thread(target=self._write_loop, name="store-writer", daemon=True)
        self._bridge = _Bridge()
        self._bridge.done.connect(self._on_done)
        self._bridge.alerts.connect(self.alerts_fetched)
        self._timer = QTimer(self, interval=tick_ms)
        self._timer.timeout.connect(self._tick)

    def add(self, source: Source, interval_s: float) -> None:
        self.sources[source.id] = source
        self.plan.add(source.id, interval_s, self.clock())

    def start(self) -> None:
        self._writer.start()
        self._tick()
        self._timer.start()

    def stop(self, timeout_s: float = 3.0) -> None:
        self._timer.stop()
        self._pool.shutdown(wait=False, cancel_futures=True)
        self._results.put(_STOP)
        if self._writer.is_alive():
            self._writer.join(timeout_s)

    def _tick(self) -> None:
        for sid in self.plan.due(self.clock()):
            self._pool.submit(self._work, sid)

    # -- worker threads ------------------------------------------------------------------------------------
    def _session(self) -> requests.Session:
        if not hasattr(self._local, "session"):
            self._local.session = requests.Session()
        return self._local.session

    def _work(self, sid: str) -> None:
        self._results.put(_Started((sid, self.sources[sid].budget_s())))
        try:
            result, error = self.sources[sid].run(self._session()), None
        except SourceError as exc:
            result, error = None, str(exc)
        except Exception as exc:  # a bug in one source must not stop the others
            log.exception("source %s crashed", sid)
            result, error = None, f"internal error: {type(exc).__name__}"
        if result is not None and result.alerts:  # to the alert book, on the GUI thread (no store involved)
            self._bridge.alerts.emit(sid, list(result.alerts))
        self._results.put((sid, result, error))

    # -- the writer thread ---------------------------------------------------------------------------------
    def _write_loop(self) -> None:
        store = self._open_store()
        store.end_in_flight()  # a fetch a stopped wall left in flight is not waiting any more
        try:
            while (item := self._results.get()) is not _STOP:
                if isinstance(item, _Started):  # the health view tells a fetch in flight past its budget
                    try:
                        store.record_start(*item)
                    except Exception:
                        log.exception("noting the start of %s failed", item[0])
                    continue
                sid, result, error = item
                wrote = frozenset(o.indicator for o in result.observations) if result is not None else frozenset()
                try:
                    ok, summary = self._store(store, sid, result, error)
                except Exception as exc:  # disk full, locked database: report, keep the thread alive
                    log.exception("storing %s failed", sid)
                    ok, summary, wrote = False, f"cannot store: {type(exc).__name__}: {exc}", frozenset()
                self._bridge.done.emit(sid, ok, summary, wrote)
        finally:
            store.close()

    @staticmethod
    def _store(store: IndicatorStore, sid: str, result: FetchResult | None, error: str | None) -> tuple[bool, str]:
        if result is None:
            store.record_fetch(sid, error=error)
            return False, error or "failed"
        report = store.ingest(sid, result.observations)
        rejected = len(result.rejected) + len(report.rejected)
        first = reason = None  # the first rejection, for the log and (as an operator reads it) the health record
        if result.rejected:
            first = reason = result.rejected[0]
        elif report.rejected:
            row, reason = report.rejected[0]
            first = f"row {row}: {reason}"
        store.record_fetch(sid, received=report.accepted, rejected=rejected, reason=reason)
        summary = f"{report.accepted} value(s) stored"
        if rejected:  # one line a fetch, however many rows: a bad feed must not flood the log
            summary += f", {rejected} row(s) rejected; first: {first}"
        return True, summary

    # -- back on the GUI thread ----------------------------------------------------------------------------
    def _on_done(self, sid: str, ok: bool, summary: str, wrote: frozenset) -> None:
        now = self.clock()
        next_at = self.plan.finished(sid, ok, now)
        if not ok:
            log.error("source %s failed: %s (retry in %.0f s)", sid, summary, next_at - now)
        elif "rejected" in summary:
            log.warning("source %s: %s", sid, summary)
        else:
            log.debug("source %s: %s", sid, summary)
        self.fetched.emit(sid, wrote)
