"""The wall's forecasting worker: its indicators' outlooks made by a thread of their own and fitted in a process of
their own (a wall on its own sources; a wall fed by a hub mirrors the hub's outlooks and runs none of this).

An outlook (ioc_core/forecasting: models fitted, backtested, risks simulated) costs tens of milliseconds of CPU, and
the first one imports statsmodels (about a second): neither may run on the GUI thread, nor on the views' worker,
where it would hold up every tile and chart behind it. So the alert monitor (wall/runtime/alerting.py) hands every
indicator with new data here; this thread computes each once it is due (at most every
``AlertChecks.FORECAST_EVERY_S``, and always eventually: news that came within that time of its last outlook waits,
with a timed wait, until then, so a chart never keeps an outlook older than its newest data for longer); it
reads their history through its own read connection, has their models fitted in the forecasting process
(ioc_core/forecasting/process.py: a thread would share the interpreter lock with the GUI thread, and a fit or a
large numpy copy holding it stalled the GUI thread for 30-60 ms), keeps their outlooks in the data
hub's ``outlooks`` (the charts and tiles re-read theirs when told) and posts their forecast and anomaly verdicts to
the GUI thread, where the alert book is told them in one batch.

- Newest wins per indicator: one asked for again while it waits is computed once, from the data as it then is.
- Once per ``every_s`` at most, but never dropped: data that comes while an indicator waits for its turn, or while
  it is computed, is computed when the turn comes (as the hub's Forecaster, ioc_hub/forecasting.py, does).
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
from ioc_core.forecasting.service import Outlooks, Turns
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
                 clock: Callable[[], float] = wallclock.now_s, name: str = "forecasting", parent=None,
                 every_s: float | None = None, monotonic: Callable[[], float] = time.monotonic):
        """``clock``: the wall clock the outlooks are computed at; ``monotonic``: the time the once-every-``every_s``
        rule (default AlertChecks.FORECAST_EVERY_S) is kept by."""
        super().__init__(parent)
        self.catalogue, self.outlooks, self._clock = catalogue, outlooks, clock
        self.every_s = AlertChecks.FORECAST_EVERY_S if every_s is None else every_s
        self._monotonic = monotonic
        self.judged.connect(deliver)
        self._reader = StoreReader(store_path, catalogue, clock)
        self._process = ForecastProcess()  # the fits, outside the wall's interpreter lock (started when needed)
        self._cond = threading.Condition()
        self._turns = Turns(self.every_s)  # under _cond; kept by ``monotonic``
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

    @property
    def pid(self) -> int | None:
        """The forecasting process's, while it runs (None before the first fit and after ``stop``)."""
        return self._process.pid

    def request(self, indicators: Iterable[str]) -> None:
        """New data of ``indicators``: their outlooks are computed again once each is due (at once when its last
        is ``every_s`` old; an indicator still waiting from an earlier request is computed once, from its newest
        data)."""
        ids = {i for i in indicators if i in self.catalogue.indicators}
        if not ids:
            return
        self._reader.invalidate(ids)  # news of their data: read again
        with self._cond:
            if self._stopping:
                return
            self._turns.ask(ids)
            self._cond.notify_all()

    def idle(self) -> bool:
        """Nothing due and nothing under way (an indicator waiting for its ``every_s`` does not count; tests)."""
        with self._cond:
            return not self._busy and not self._turns.due(self._monotonic())

    def waiting(self) -> set[str]:
        """The indicators with news not yet computed (due or waiting for their turn)."""
        with self._cond:
            return set(self._turns.wanted)

    def stop(self, timeout: float = 10.0) -> None:
        """Drop what waits, end the forecasting process (a batch under way is abandoned: a wall stopping does not wait
        seconds for fits nobody will see), and wait for the thread."""
        with self._cond:
            self._stopping = True
            self._turns.wanted.clear()
            self._cond.notify_all()
        self._process.close()
        if self._started and self._thread is not threading.current_thread():
            self._thread.join(timeout)
            if self._thread.is_alive():
                log.warning("the forecasting worker did not stop within %.0f s", timeout)

    # -- the thread ------------------------------------------------------------------------------------------
    def _work(self) -> None:
        try:
            while True:
                with self._cond:
                    while not self._stopping and not self._turns.due(self._monotonic()):
                        self._cond.wait(self._turns.next_due_in(self._monotonic()))  # None: until news
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
        """The indicators due, BATCH at a time (one asked for again meanwhile waits for its next turn): their
        histories read here, their models fitted in the forecasting process; kept and posted in batches of about
        ``BATCH_S``."""
        done, began = [], time.monotonic()
        while True:
            with self._cond:
                ids = [] if self._stopping else self._turns.take(self._monotonic(), BATCH)
                if not ids:
                    break
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


