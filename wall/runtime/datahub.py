"""What the views read: the indicator store through its own read connection, refreshed in coalesced steps."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal, Slot

from ioc_core import clock as wallclock
from ioc_core.catalogue import Catalogue
from ioc_core.forecasting.service import Outlooks
from ioc_core.indicators.indicator_store import IndicatorStore, Reading
from ioc_core.indicators.observation import PROVINCE
from ioc_core.observers import Listeners
from ioc_core.views import text as view_text
from ioc_core.views.executor import NewestWins
from ioc_core.views.reader import StoreReader

if TYPE_CHECKING:  # pandas (~0.25 s to import) is imported where history is read: not before the first picture
    import pandas as pd

log = logging.getLogger(__name__)

view_text.set_translator(QCoreApplication.translate)  # thread-safe (Qt's word): models speak the wall's language


class _ToGui(QObject):
    """Carries a worker's finished result to the thread this object lives in (the GUI's): a queued signal."""

    posted = Signal(object)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.posted.connect(self._run)

    @Slot(object)
    def _run(self, fn) -> None:
        fn()


class DataHub(QObject):
    """Cached readings for the views, and news of fresh data at most ``rate_hz`` times a second.

    Listeners (views) hear of new data one per pass of the event loop, so the screens repaint one after another
    and the loop keeps breathing, instead of all nine repainting in one long pass after a burst of data.
    Freshness is not cached: a view computes the age from the reading's time and the clock when it paints, so a
    figure that stops arriving turns stale on the wall on time even when nothing else happens.
    """

    HEALTH_TTL_S = 5.0  # the sources' health is read again after this, news or not (a fetch that began is no news)
    AGED_EVERY_S = 5.0  # figures only confirmed again are told at most this often (their age is shown in minutes)

    def __init__(self, catalogue: Catalogue, store_path: Path | None = None,
                 clock: Callable[[], float] = wallclock.now_s, rate_hz: float = 1.0, parent=None):
        super().__init__(parent)
        self.catalogue = catalogue
        self.clock = clock
        # every indicator's outlook (forecast, risks, anomalies): computed by the wall's forecasting worker on its own
        # sources, mirrored from the hub's otherwise; charts read theirs from here on their worker. Its news comes on
        # the thread that put them: carried to the GUI thread here, once, and told to the views through
        # ``outlook_news`` (the set of indicator ids), on the GUI thread
        self.outlooks = Outlooks()
        self.outlook_news = Listeners("outlook news")
        self.outlooks.changed.subscribe(lambda ids: self.on_gui(lambda: self.outlook_news.emit(set(ids))))
        self._path = store_path
        self._store: IndicatorStore | None = None
        self._cache: dict[tuple[str, str], Reading | None] = {}
        self._history: dict[tuple[str, str], pd.DataFrame | None] = {}
        self._by_region: dict[str, list] = {}
        self._broken = False
        self._health: list | None = None
        self._health_read = 0.0  # time.monotonic() of that read
        self._dirty: set[str] = set()
        self._every_s = 1.0 / rate_hz
        self._flushed_at = -self._every_s  # time.monotonic() of the last flush
        self._flush_timer = QTimer(self, singleShot=True)
        self._flush_timer.timeout.connect(self._flush)
        self._aged: set[str] = set()  # figures only confirmed again (a newer as-of, the same value): no hurry
        self._aged_timer = QTimer(self, singleShot=True, interval=int(self.AGED_EVERY_S * 1000))
        self._aged_timer.timeout.connect(self._flush_aged)
        self.changes = Listeners("indicator data")  # the views, told one at a time (_deliver_one)
        self._news: list[tuple[Callable[[set[str]], None], set[str]]] = []
        self._deliver_timer = QTimer(self, singleShot=True, interval=0)
        self._deliver_timer.timeout.connect(self._deliver_one)
        self._as_of: float | None = None
        # View models (tiles, chart series and forecasts, alert checks) are computed on a worker with its own
        # read connection; the GUI thread only takes finished models (compute()).
        self._to_gui = _ToGui(self)
        self._reader = StoreReader(store_path, catalogue, clock)
        self.models = NewestWins(self._to_gui.posted.emit, name="view-models", on_exit=self._reader.close)

    def compute(self, key, job: Callable, deliver: Callable) -> int:
        """``job(reader)`` on the view-model worker, reading the store through the worker's own connection as
        the figures now stand (frozen or live); ``deliver(result)`` on the GUI thread, if it is still the newest
        request for ``key`` by then (a newer one for the same key drops an older one that has not run)."""
        reader, as_of = self._reader, self._as_of

        def run():
            reader.as_of = as_of
            return job(reader)

        return self.models.submit(key, run, deliver)

    @property
    def store_path(self) -> Path | None:
        """The indicator store the views read (a worker of its own opens its own connection to it)."""
        return self._path

    def on_gui(self, fn: Callable[[], None]) -> None:
        """Run ``fn()`` on the GUI thread's next pass, from any thread: how news heard on a worker (a new outlook,
        told on the thread that put it) reaches a view."""
        try:
            self._to_gui.posted.emit(fn)
        except RuntimeError:  # the wall is closing: its GUI-side object is gone, nobody is left to tell
            log.debug("news for the GUI thread after the data hub closed")

    def forget(self, key) -> None:
        """A view that goes away: its pending model is dropped and any result still to come is not delivered."""
        self.models.forget(key)

    def settle(self, timeout: float = 10.0) -> bool:
        """Wait until every model asked for is computed and taken (tests, benchmarks); False on timeout."""
        app = QCoreApplication.instance()
        return self.models.wait_idle(timeout, app.processEvents if app is not None else None)

    @property
    def as_of(self) -> float | None:
        """While a meeting holds the figures still: the time they are shown as of (epoch seconds)."""
        return self._as_of

    def freeze(self, as_of: float | None) -> None:
        """Show every figure as it stood at ``as_of`` (None: live again); every view hears of it."""
        if as_of == self._as_of:
            return
        self._as_of = as_of
        if self._store is not None:
            self._store.as_of = as_of
        self.mark(set(self.catalogue.indicators))

    def subscribe(self, listener: Callable[[set[str]], None]) -> Callable[[], None]:
        """``listener(indicator ids)`` when their figures change; returns the unsubscribe."""
        return self.changes.subscribe(listener)

    def unsubscribe(self, listener: Callable[[set[str]], None]) -> None:
        self.changes.unsubscribe(listener)
        self._news = [(fn, ids) for fn, ids in self._news if fn != listener]

    def store(self) -> IndicatorStore | None:
        """The read connection, opened when the database exists; after a failure, retried with the next data."""
        if self._store is None and not self._broken and self._path is not None and self._path.exists():
            try:
                self._store = IndicatorStore(self._path, self.catalogue, clock=self.clock)
                self._store.as_of = self._as_of
            except Exception as exc:
                self._broken = True
                log.error("cannot read the indicator store %s: %s", self._path, exc)
        return self._store

    def reading(self, indicator: str, region: str = PROVINCE) -> Reading | None:
        key = (indicator, region)
        if key not in self._cache:
            store = self.store()
            try:
                self._cache[key] = store.latest(indicator, region) if store else None
            except Exception as exc:  # a damaged row or a locked file must not blank a view
                log.error("cannot read %s/%s: %s", indicator, region, exc)
                self._cache[key] = None
        return self._cache[key]

    def history(self, indicator: str, region: str = PROVINCE) -> pd.DataFrame | None:
        """The stored series (period, value, observed_at, source; oldest first), cached until new data for it."""
        key = (indicator, region)
        if key not in self._history:
            store = self.store()
            try:
                self._history[key] = store.history(indicator, region) if store else None
            except Exception as exc:  # as in reading(): a bad read shows "no data", it does not break the view
                log.error("cannot read the history of %s/%s: %s", indicator, region, exc)
                self._history[key] = None
        return self._history[key]

    def by_region(self, indicator: str) -> list[tuple[str, str, float, float]]:
        """Each commune's latest (region, period, value, observed_at): what rankings and maps show."""
        if indicator not in self._by_region:
            store = self.store()
            try:
                self._by_region[indicator] = store.latest_by_region(indicator) if store else []
            except Exception as exc:
                log.error("cannot read the communes of %s: %s", indicator, exc)
                self._by_region[indicator] = []
        return self._by_region[indicator]

    def health(self) -> list:
        """Every source's health record (ioc_core.indicators.indicator_store.SourceHealth), most troubled first."""
        if self._health is None or time.monotonic() - self._health_read > self.HEALTH_TTL_S:
            store = self.store()
            self._health_read = time.monotonic()
            try:
                self._health = store.health() if store else []
            except Exception as exc:
                log.error("cannot read source health: %s", exc)
                self._health = []
        return self._health

    def source_fetched(self, source_id: str, wrote: frozenset[str] = frozenset()) -> None:
        """A fetch of ``source_id`` is stored: the indicators it wrote (whatever the catalogue names as their
        source: a province may feed one from another system) and those the catalogue says it feeds (their
        freshness changed, even when it failed) are read again and their views and alert checks told."""
        self._health = None
        self.mark(set(wrote) | {i.id for i in self.catalogue.indicators.values() if i.source == source_id})

    def mark(self, indicators: set[str]) -> None:
        """News of ``indicators``: told to the views at once when none was told within the last ``1/rate_hz``
        seconds (a lone new figure reaches the screen without waiting), else with the rest of the burst when that
        time is up (a burst still repaints the screens at most ``rate_hz`` times a second)."""
        self._dirty |= indicators
        if not self._flush_timer.isActive():
            wait_s = self._flushed_at + self._every_s - time.monotonic()
            self._flush_timer.start(max(0, int(wait_s * 1000)))

    def mark_aged(self, indicators: set[str]) -> None:
        """News of ``indicators`` whose figures are only confirmed again (the same value and period, a newer as-of:
        the data hub's sources fetched again): told within ``AGED_EVERY_S``, or with the next new figure, and never
        taking a new figure's turn (a source that confirms its figures every second would otherwise keep the rate
        limit busy, and every new figure would wait for the next second)."""
        self._aged |= indicators
        if not self._aged_timer.isActive():
            self._aged_timer.start()

    def _flush_aged(self) -> None:
        if not self._aged:
            return
        flushed_at = self._flushed_at
        self._dirty |= self._aged
        self._flush()
        self._flushed_at = flushed_at  # an old figure's new age does not hold back the next new figure

    def _flush(self) -> None:
        self._flushed_at = time.monotonic()
        dirty, self._dirty = self._dirty | self._aged, set()
        self._aged = set()
        self._aged_timer.stop()
        self._reader.invalidate(dirty)  # before the views hear of it and ask the worker again
        self._broken = False
        self._health = None
        for key in [k for k in self._cache if k[0] in dirty]:
            del self._cache[key]
        for key in [k for k in self._history if k[0] in dirty]:
            del self._history[key]
        for key in [k for k in self._by_region if k in dirty]:
            del self._by_region[key]
        self._news.extend((fn, dirty) for fn in self.changes)
        if not self._deliver_timer.isActive():
            self._deliver_timer.start()

    def _deliver_one(self) -> None:
        if self._news:
            listener, ids = self._news.pop(0)
            try:
                listener(ids)
            except Exception:
                log.exception("a view failed to take new data")
        if self._news:
            self._deliver_timer.start()

    def close(self) -> None:
        self.models.close()
        if self._store is not None:
            self._store.close()
            self._store = None
