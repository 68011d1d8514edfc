"""The wall's forecasting worker: its indicators' outlooks made by a thread of their own and fitted in a process of
their own (a wall on its own sources; a wall fed by a hub mirrors the hub's outlooks and runs none of this).

An outlook (ioc_core/forecasting: models fitted, backtested, risks simulated) costs tens of milliseconds of CPU, and
the first one imports statsmodels (about a second): neither may run on the GUI thread, nor on the views' worker,
where it would hold up every tile and chart behind it. So the alert monitor (wall/runtime/alerting.py) hands the
indicators to forecast here after new data (each at most every ``AlertChecks.FORECAST_EVERY_S``); this thread
reads their history through its own read connection, has their models fitted in the forecasting process
(ioc_core/forecasting/process.py: a thread would share the interpreter lock with the GUI thread, and a fit or a
large numpy copy holding it stalled the GUI thread for 30-60 ms), keeps their outlooks in the data
hub's ``outlooks`` (the charts and tiles re-read theirs when told) and posts their forecast and anomaly verdicts to
the GUI thread, where the alert book is told them in one batch.

- Newest wins per indicator: one asked for again while it waits is computed once, from the data as it then is.
- Nothing before the first picture: the thread starts once every screen is painted (``start``); statsmodels is
  imported by the forecasting process alone, which runs niced below the wall and is started with the first series
  long enough to fit (a series too short to judge is judged here, at no cost).
- It stops with the wall (``stop``, joined; the process ended): a batch under way finishes, those waiting are
  dropped.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable

from PySide6.QtCore import QObject, Signal

from ioc_core import clock as wallclock
from ioc_core.alerts.monitor import AlertChecks
from ioc_core.forecasting.process import ForecastProcess, compute_outlooks
from ioc_core.forecasting.service import Outlooks
from ioc_core.views.reader import StoreReader

log = logging.getLogger(__name__)

BATCH_S = 1.0  # the outlooks computed are kept and their verdicts posted at least this often while a long queue runs
BATCH = 8  # indicators sent to the forecasting process at a time


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
        self._process = ForecastProcess()  # the fits, outside the wall's interpreter lock (started when needed)
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
        self._process.close()

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
        """The indicators waiting, BATCH at a time (one asked for again meanwhile joins the queue again): their
        histories read here, their models fitted in the forecasting process; kept and posted in batches of about
        ``BATCH_S``."""
        done, began = [], time.monotonic()
        while True:
            with self._cond:
                if self._stopping or not self._pending:
                    break
                ids = sorted(self._pending)[:BATCH]
                self._pending.difference_update(ids)
            try:
                made = compute_outlooks(self._process, self.catalogue, ids, self._reader, self._clock(),
                                        held=self.outlooks, on_error=self._failed)
            except Exception:  # a broken store read: logged, the others go on
                log.exception("the outlooks of %s failed", ", ".join(ids))
                made = []
            self.computed += len(made)
            done += made
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


