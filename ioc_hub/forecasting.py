"""The hub's forecasting thread (Qt-free): every indicator's outlook (ioc_core/forecasting), computed here once for
all the walls and phones of the province, published retained (``{p}/forecasts/{indicator}``) and judged into the
alert book.

Fitting the models takes tens of milliseconds per indicator (seconds for a province's catalogue), so it runs on a
thread of its own with its own read connection to the store, never on the hub's alert-book thread (an operator's
acknowledgement would wait behind it) nor on the fetch runner's writer. The writer tells it which indicators each
stored fetch wrote (``ask``); each indicator is computed at most once every ``every_s`` (AlertChecks.FORECAST_EVERY_S),
from its newest data: asks that come meanwhile are coalesced into the next computation. The outlooks are kept in
``outlooks`` (an ``Outlooks`` registry: the routes read it), each changed one handed to ``on_outlooks`` (the
publisher and the phones' event stream), and their forecast and anomaly verdicts go to the hub's thread as one job
(``on_verdicts``), told to the book there in one batch."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable

from ioc_core import clock as wallclock
from ioc_core.alerts.monitor import AlertChecks
from ioc_core.forecasting.process import ForecastProcess, compute_outlooks
from ioc_core.forecasting.service import Outlooks, Turns

log = logging.getLogger("hub")

BATCH = 8  # indicators computed between two looks at stopping and at what is due (a fraction of a second)


class Forecaster:
    def __init__(self, catalogue, store_path, *, on_outlooks: Callable[[list], None] | None = None,
                 on_verdicts: Callable[[list], None] | None = None, every_s: float = AlertChecks.FORECAST_EVERY_S,
                 clock: Callable[[], float] = time.monotonic, now: Callable[[], float] = wallclock.now_s):
        """``on_outlooks(outlooks)``: the outlooks just computed that changed; ``on_verdicts(calls)``: the book's
        observe calls of every outlook just computed (AlertChecks.judged); both on this thread. ``clock``: the
        monotonic time the once-every-``every_s`` rule is kept by; ``now``: the wall clock the outlooks are
        computed at."""
        self.catalogue, self.store_path = catalogue, store_path
        self.on_outlooks, self.on_verdicts = on_outlooks, on_verdicts
        self.every_s, self.clock, self.now = every_s, clock, now
        self.outlooks = Outlooks()
        self._process = ForecastProcess()  # the fits in a process of their own: the API's threads keep the lock
        self._cond = threading.Condition()
        self._turns = Turns(every_s)  # under _cond; kept by ``clock``
        self._stopping = False
        self._busy = False
        self.computed = 0  # outlooks computed, for the health and the tests
        self.passes = 0  # batches done
        self._run_started: float | None = None  # when the batches since the last idle moment began (monotonic)
        self._run_count = 0
        self._thread = threading.Thread(target=self._run, name="hub-forecast", daemon=True)

    # -- life ----------------------------------------------------------------------------------------------
    def start(self) -> None:
        if not self._thread.is_alive():
            self._thread.start()

    def stop(self, timeout_s: float = 10.0) -> None:
        """Ends the forecasting process (a fit under way is abandoned), then the thread."""
        with self._cond:
            self._stopping = True
            self._cond.notify_all()
        self._process.close()
        if self._thread.is_alive():
            self._thread.join(timeout_s)
            if self._thread.is_alive():
                log.warning("the forecasting thread did not end within %.0f s", timeout_s)

    @property
    def started(self) -> bool:
        return self._thread.is_alive()

    # -- asked from any thread -----------------------------------------------------------------------------
    def ask(self, indicators: Iterable[str]) -> None:
        """New data of ``indicators``: computed again once each is due (at once, when not computed for
        ``every_s``)."""
        ids = {i for i in indicators if i in self.catalogue.indicators}
        if not ids:
            return
        with self._cond:
            self._turns.ask(ids)
            self._cond.notify_all()

    def idle(self) -> bool:
        """Nothing due, nothing being computed (what is waiting for its ``every_s`` does not count)."""
        with self._cond:
            return not self._busy and not self._turns.due(self.clock())

    def wait_idle(self, timeout_s: float) -> bool:
        deadline = time.monotonic() + timeout_s
        with self._cond:
            while self._busy or self._turns.due(self.clock()):
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self._cond.wait(min(left, 0.1))
            return True

    # -- the thread ----------------------------------------------------------------------------------------
    def _run(self) -> None:
        from ioc_core.views.reader import StoreReader

        reader = StoreReader(self.store_path, self.catalogue, self.now)
        try:
            while True:
                with self._cond:
                    while not self._stopping and not self._turns.due(self.clock()):
                        self._cond.wait(self._turns.next_due_in(self.clock()))  # None: until news
                    if self._stopping:
                        return
                    batch = self._turns.take(self.clock(), BATCH)
                    self._busy = True
                if self._run_started is None:
                    self._run_started, self._run_count = time.monotonic(), 0
                try:
                    self._compute(reader, batch)
                finally:
                    with self._cond:
                        self._busy = False
                        drained = not self._turns.due(self.clock())
                        self._cond.notify_all()
                self._run_count += len(batch)
                if drained:  # one line per run of work (the starting pass, then each burst of news)
                    shown = sum(1 for o in self.outlooks.all() if o.shown)
                    log.info("forecasts: %d indicators computed in %.1f s; %d of %d held show a forecast",
                             self._run_count, time.monotonic() - self._run_started, shown, len(self.outlooks.all()))
                    self._run_started = None
        except Exception:
            log.exception("the hub's forecasting thread stopped")
        finally:
            reader.close()

    def _compute(self, reader, batch: list[str]) -> None:
        t0 = time.monotonic()
        reader.invalidate(set(batch))
        now, done = self.now(), []
        for ind_id in batch:  # one at a time: a hub stopping waits for one fit at most, not a batch's
            if self._stopping:
                break
            done += compute_outlooks(self._process, self.catalogue, [ind_id], reader, now, held=self.outlooks)
        self.computed += len(done)
        self.passes += 1
        changed = self.outlooks.put(done)
        log.debug("outlooks of %d indicators in %.2f s (%d changed)", len(done), time.monotonic() - t0, len(changed))
        if changed and self.on_outlooks is not None:
            try:
                self.on_outlooks([o for o in done if o.indicator in changed])
            except Exception:
                log.exception("publishing the outlooks failed")
        calls = AlertChecks.judged(self.catalogue, done)
        if calls and self.on_verdicts is not None:
            try:
                self.on_verdicts(calls)
            except Exception:
                log.exception("the outlooks' verdicts could not be handed to the hub's thread")
