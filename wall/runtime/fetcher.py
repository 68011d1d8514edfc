"""Runs the sources off the GUI thread and hands their results to the store on the GUI thread."""

from __future__ import annotations

import logging
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import requests
from PySide6.QtCore import QObject, QTimer, Signal

from wall.indicators.store import IndicatorStore
from wall.sources.base import FetchResult, Source, SourceError
from wall.sources.schedule import FetchPlan

log = logging.getLogger(__name__)


class _Bridge(QObject):
    """Lives on the GUI thread; worker threads only emit its signal (queued across threads)."""

    done = Signal(str, object, object)  # source id, FetchResult or None, error message or None


class FetchScheduler(QObject):
    """Fetches each source at its interval on a small thread pool; one fetch in flight per source.

    A source that hangs holds one worker until its read timeout; the GUI thread never waits on the network.
    """

    fetched = Signal(str)  # source id, after its result (or error) is stored

    def __init__(self, store: IndicatorStore, workers: int = 6, tick_ms: int = 500, clock=time.time, parent=None):
        super().__init__(parent)
        self.store = store
        self.clock = clock
        self.plan = FetchPlan()
        self.sources: dict[str, Source] = {}
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="fetch")
        self._local = threading.local()
        self._bridge = _Bridge()
        self._bridge.done.connect(self._on_done)
        self._timer = QTimer(self, interval=tick_ms)
        self._timer.timeout.connect(self._tick)

    def add(self, source: Source, interval_s: float) -> None:
        self.sources[source.id] = source
        self.plan.add(source.id, interval_s, self.clock())

    def start(self) -> None:
        self._tick()
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()
        self._pool.shutdown(wait=False, cancel_futures=True)

    def _tick(self) -> None:
        for sid in self.plan.due(self.clock()):
            self._pool.submit(self._work, sid)

    def _session(self) -> requests.Session:
        if not hasattr(self._local, "session"):
            self._local.session = requests.Session()
        return self._local.session

    def _work(self, sid: str) -> None:  # on a worker thread: no Qt objects touched but the signal
        try:
            result, error = self.sources[sid].run(self._session()), None
        except SourceError as exc:
            result, error = None, str(exc)
        except Exception as exc:  # a bug in one source must not kill the flow of the others
            log.exception("source %s crashed", sid)
            result, error = None, f"internal error: {type(exc).__name__}"
        self._bridge.done.emit(sid, result, error)

    def _on_done(self, sid: str, result: FetchResult | None, error: str | None) -> None:
        now = self.clock()
        if result is not None:
            report = self.store.ingest(sid, result.observations)
            rejected = result.rejected + [f"row {i}: {why}" for i, why in report.rejected]
            self.store.record_fetch(sid, received=report.accepted, rejected=len(rejected))
            for why in rejected[:5]:
                log.warning("source %s: rejected %s", sid, why)
            self.plan.finished(sid, True, now)
        else:
            self.store.record_fetch(sid, error=error)
            next_at = self.plan.finished(sid, False, now)
            log.error("source %s failed: %s (retry in %.0f s)", sid, error, next_at - now)
        self.fetched.emit(sid)
