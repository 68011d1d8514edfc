"""Runs the sources on a small thread pool and writes their results from one writer thread (Qt-free).

The same code runs a wall's sources in process (wall/runtime/fetcher.py's FetchScheduler, a thin Qt adapter over
it) and the hub's (ioc_hub). Workers fetch and parse; one writer thread owns the store's write connection (SQLite:
one writer) and stores each result in its own transaction, then reschedules the source and tells ``on_stored``; a
tick thread of its own asks the plan which sources are due. Nobody else does database work for fetching: on a wall,
each SQLite call on the GUI thread releases and retakes Python's GIL, and with busy fetch threads every retake can
wait a switch interval, which froze the screens for tens of milliseconds when the GUI thread stored results itself.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import requests

from ioc_core import clock as wallclock
from ioc_core.indicators.indicator_store import IndicatorStore
from ioc_core.sources.base import FetchResult, Source, SourceError
from ioc_core.sources.schedule import FetchPlan

log = logging.getLogger(__name__)

_STOP = object()

# on_stored(source id, ok, summary for the log, the indicators it wrote, the writer's store)
OnStored = Callable[[str, bool, str, frozenset, IndicatorStore], None]
OnAlerts = Callable[[str, list], None]  # (source id, the alert messages (CAP) a fetch brought)


class _Started(tuple):
    """A fetch began: (source id, its budget in seconds), noted on the health record by the writer."""


class FetchRunner:
    """Fetches each source at its interval on a small thread pool; one fetch in flight per source.

    A source that hangs holds one worker until its read timeout; the others go on. ``on_stored`` runs on the writer
    thread right after a result is committed (it may read the latest rows through the store it is given; it must
    not block long: the next result waits for it). ``on_alerts`` runs on the worker thread that fetched them.
    """

    def __init__(self, open_store: Callable[[], IndicatorStore], workers: int = 6, tick_s: float = 0.5,
                 clock=wallclock.now_s, on_stored: OnStored | None = None, on_alerts: OnAlerts | None = None,
                 name: str = "fetch"):
        self.clock = clock
        self.plan = FetchPlan()
        self.sources: dict[str, Source] = {}
        self.tick_s = tick_s
        self.name = name
        self._on_stored, self._on_alerts = on_stored, on_alerts
        self._open_store = open_store
        self._plan_lock = threading.Lock()  # the tick thread asks it, the writer reschedules, add() from anywhere
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix=name)
        self._local = threading.local()
        self._results: queue.Queue = queue.Queue()
        self._stopping = threading.Event()
        self._replanned = threading.Event()  # a fetch finished or a source was added: the next one may be sooner
        self._writer = threading.Thread(target=self._write_loop, name=f"{name}-store-writer", daemon=True)
        self._ticker = threading.Thread(target=self._tick_loop, name=f"{name}-tick", daemon=True)
        self._sessions: list[requests.Session] = []
        self._sessions_lock = threading.Lock()

    def add(self, source: Source, interval_s: float) -> None:
        self.sources[source.id] = source
        with self._plan_lock:
            self.plan.add(source.id, interval_s, self.clock())
        self._replanned.set()

    def start(self) -> None:
        self._writer.start()
        self._ticker.start()

    def stop(self, timeout_s: float = 3.0, wait_fetches: bool = True) -> None:
        """End the tick and writer threads (a result not yet stored is dropped) and, with ``wait_fetches``, the
        workers too, all within ``timeout_s``: a fetch under way is not cut short, it ends at its own timeout.
        Idempotent. Nothing is told after this returns."""
        deadline = time.monotonic() + timeout_s
        self._stopping.set()
        self._replanned.set()
        if self._ticker.is_alive():
            self._ticker.join(max(0.0, deadline - time.monotonic()))
        self._pool.shutdown(wait=False, cancel_futures=True)
        self._results.put(_STOP)
        if self._writer.is_alive():
            self._writer.join(max(0.0, deadline - time.monotonic()))
        if wait_fetches:
            for t in list(getattr(self._pool, "_threads", ())):  # the pool has no join with a timeout
                t.join(max(0.0, deadline - time.monotonic()))
            with self._sessions_lock:
                sessions, self._sessions = self._sessions, []
            for s in sessions:
                s.close()

    def threads(self) -> list[threading.Thread]:
        """Its threads still alive (tests, the hub's health)."""
        own = [self._ticker, self._writer, *getattr(self._pool, "_threads", ())]
        return [t for t in own if t.is_alive()]

    # -- the tick thread -----------------------------------------------------------------------------------
    def _tick_loop(self) -> None:
        """Fetches what is due, then sleeps until the next source is due (``tick_s`` at most: the clock may be
        stepped), or until a fetch finishes: a source's cadence is its interval, not its interval plus a tick."""
        while True:
            try:
                self._tick()
            except Exception:  # a bug here must not end fetching for good
                log.exception("%s: planning the next fetches failed", self.name)
            with self._plan_lock:
                wait_s = min(self.tick_s, max(0.0, self.plan.next_at() - self.clock()))
            self._replanned.wait(wait_s)
            self._replanned.clear()
            if self._stopping.is_set():
                return

    def _tick(self) -> None:
        with self._plan_lock:
            due = self.plan.due(self.clock())
        for sid in due:
            if self._stopping.is_set():
                return
            self._pool.submit(self._work, sid)

    # -- worker threads ------------------------------------------------------------------------------------
    def _session(self) -> requests.Session:
        if not hasattr(self._local, "session"):
            self._local.session = requests.Session()
            with self._sessions_lock:
                self._sessions.append(self._local.session)
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
        if result is not None and result.alerts and self._on_alerts is not None and not self._stopping.is_set():
            try:  # to the alert book (no store involved)
                self._on_alerts(sid, list(result.alerts))
            except Exception:
                log.exception("taking the alerts of %s failed", sid)
        self._results.put((sid, result, error))

    # -- the writer thread ---------------------------------------------------------------------------------
    def _write_loop(self) -> None:
        try:
            store = self._open_store()
        except Exception:
            log.exception("%s: the indicator store cannot be opened: nothing is fetched", self.name)
            self._stopping.set()
            return
        store.end_in_flight()  # a fetch a stopped wall or hub left in flight is not waiting any more
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
                    ok, summary = self.store_result(store, sid, result, error)
                except Exception as exc:  # disk full, locked database: report, keep the thread alive
                    log.exception("storing %s failed", sid)
                    ok, summary, wrote = False, f"cannot store: {type(exc).__name__}: {exc}", frozenset()
                self._finished(sid, ok, summary)
                if self._on_stored is not None and not self._stopping.is_set():
                    try:
                        self._on_stored(sid, ok, summary, wrote, store)
                    except Exception:
                        log.exception("after storing %s: on_stored failed", sid)
        finally:
            store.close()

    def _finished(self, sid: str, ok: bool, summary: str) -> None:
        now = self.clock()
        with self._plan_lock:
            next_at = self.plan.finished(sid, ok, now)
        self._replanned.set()
        if not ok:
            log.error("source %s failed: %s (retry in %.0f s)", sid, summary, next_at - now)
        elif "rejected" in summary:
            log.warning("source %s: %s", sid, summary)
        else:
            log.debug("source %s: %s", sid, summary)

    @staticmethod
    def store_result(store: IndicatorStore, sid: str, result: FetchResult | None,
                     error: str | None) -> tuple[bool, str]:
        """Store one fetch's outcome and its health record; (ok, one line for the log)."""
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
