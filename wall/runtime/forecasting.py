"""The wall's forecasting worker: its indicators' outlooks computed on a thread of their own (a wall on its own
sources; a wall fed by a hub mirrors the hub's outlooks and runs none of this).

An outlook (ioc_core/forecasting: models fitted, backtested, risks simulated) costs tens of milliseconds of CPU, and
the first one imports statsmodels (about a second): neither may run on the GUI thread, nor on the views' worker,
where it would hold up every tile and chart behind it. So the alert monitor (wall/runtime/alerting.py) hands the
indicators to forecast here after new data (each at most every ``AlertChecks.FORECAST_EVERY_S``); this thread
reads their history through its own read connection, computes their outlooks one at a time, keeps them in the data
hub's ``outlooks`` (the charts and tiles re-read theirs when told) and posts their forecast and anomaly verdicts to
the GUI thread, where the alert book is told them in one batch.

- Newest wins per indicator: one asked for again while it waits is computed once, from the data as it then is.
- Nothing before the first picture: the thread starts once every screen is painted (``start``); statsmodels is
  imported here, never on the GUI thread. It runs at the wall's own CPU priority, not a lower one: Python threads
  share one interpreter lock, and a thread the system schedules last while it holds that lock would hold the GUI
  thread up with it (the GUI thread gets the lock back within Python's switch interval, 5 ms, between steps of a
  fit). Between two outlooks the lock is let go.
- It stops with the wall (``stop``, joined): an outlook under way finishes, those waiting are dropped.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable

from PySide6.QtCore import QObject, Signal

from ioc_core import clock as wallclock
from ioc_core.alerts.monitor import AlertChecks
from ioc_core.forecasting.service import Outlooks, compute
from ioc_core.views.reader import StoreReader

log = logging.getLogger(__name__)

BATCH_S = 1.0  # the outlooks computed are kept and their verdicts posted at least this often while a long queue runs


class ForecastWorker(QObject):
    """``request(ids)`` from the GUI thread; the outlooks go into ``outlooks``, and ``deliver(ids, calls)`` (the
    alert book's calls for them, AlertChecks.judged's) is called on the thread this object lives in (the GUI's:
    ``judged`` is a queued signal from the worker's thread)."""

    judged = Signal(object, object)  # (indicator ids, the alert book's calls for them)

    def __init__(self, catalogue, store_path, outlooks: Outlooks, deliver: Callable[[frozenset, list], None],
                 clock: Callable[[], float] = wallclock.now_s, name: str = "forecasting", parent=None):
        super().__init__(parent)
        self.catalogue, self.outlooks, self._clock = catalogue, outlooks, clock
        self.judged.connect(deliver)
        self._reader = StoreReader(store_path, catalogue, clock)
        self._cond = threading.Condition()
        self._pending: set[str] = set()
        self._busy = False
        self._started = self._stopping = False
        self._thread = threading.Thread(target=self._work, name=name, daemon=True)
        self.computed = 0  # outlooks computed, and those that failed (tests, health)
        self.failed = 0

    @property
    def thread(self) -> threading.Thread:
        return self._thread

    def start(self) -> None:
        """Begin (once the wall's first picture is painted): requests made before then are computed now."""
        with self._cond:
            if self._started or self._stopping:
                return
            self._started = True
        self._thread.start()

    def request(self, indicators: Iterable[str]) -> None:
        """Compute the outlooks of ``indicators`` (an indicator still waiting from an earlier request is computed
        once, from its newest data)."""
        ids = {i for i in indicators if i in self.catalogue.indicators}
        if not ids:
            return
        self._reader.invalidate(ids)  # news of their data: read again
        with self._cond:
            if self._stopping:
                return
            self._pending |= ids
            self._cond.notify()

    def idle(self) -> bool:
        """Nothing waiting or under way (tests)."""
        with self._cond:
            return not self._pending and not self._busy

    def stop(self, timeout: float = 10.0) -> None:
        """Drop what waits, let an outlook under way finish, and wait for the thread."""
        with self._cond:
            self._stopping = True
            self._pending.clear()
            self._cond.notify_all()
        if self._started and self._thread is not threading.current_thread():
            self._thread.join(timeout)
            if self._thread.is_alive():
                log.warning("the forecasting worker did not stop within %.0f s", timeout)

    # -- the thread ------------------------------------------------------------------------------------------
    def _work(self) -> None:
        try:
            while True:
                with self._cond:
                    while not self._pending and not self._stopping:
                        self._cond.wait()
                    if self._stopping:
                        return
                    self._busy = True
                try:
                    self._run_queue()
                finally:
                    with self._cond:
                        self._busy = False
                        self._cond.notify_all()
        finally:
            self._reader.close()

    def _run_queue(self) -> None:
        """The indicators waiting, one at a time (one asked for again meanwhile joins the queue again), kept and
        posted in batches of about ``BATCH_S``."""
        done, began = [], time.monotonic()
        while True:
            with self._cond:
                if self._stopping or not self._pending:
                    break
                ind_id = min(self._pending)
                self._pending.discard(ind_id)
            try:
                made = compute(self.catalogue, [ind_id], self._reader, self._clock(), on_error=self._failed)
            except Exception:  # a broken store read: logged, the others go on
                log.exception("the outlook of %s failed", ind_id)
                made = []
            self.computed += len(made)
            done += made
            time.sleep(0)  # the interpreter lock let go between two outlooks
            if done and time.monotonic() - began >= BATCH_S:
                self._hand_over(done)
                done, began = [], time.monotonic()
        if done:
            self._hand_over(done)

    def _failed(self, ind_id: str, exc: Exception) -> None:
        self.failed += 1

    def _hand_over(self, outlooks: list) -> None:
        changed = self.outlooks.put(outlooks)  # the charts and tiles hear of theirs (and re-read on the GUI thread)
        log.info("outlooks: %d computed (%d changed), %d with a forecast shown", len(outlooks), len(changed),
                 sum(1 for o in outlooks if o.shown))
        ids = frozenset(o.indicator for o in outlooks)
        calls = AlertChecks.judged(self.catalogue, outlooks)
        with self._cond:
            if self._stopping:
                return
        self.judged.emit(ids, calls)


