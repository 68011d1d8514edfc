"""The wall's fetch scheduler: a thin Qt face over the Qt-free ``FetchRunner`` (ioc_core/sources/runner.py).

The runner fetches on its thread pool, stores from its one writer thread and reschedules there, on a tick thread of
its own; this adapter only carries its news to the GUI thread as queued signals. The GUI thread does no database
work and no planning for fetching. The hub runs the same runner.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal

from ioc_core import clock as wallclock
from ioc_core.indicators.indicator_store import IndicatorStore
from ioc_core.sources.base import Source
from ioc_core.sources.runner import FetchRunner


class _Bridge(QObject):
    """Lives on the GUI thread; other threads only emit its signals (queued across threads)."""

    done = Signal(str, object)  # source id, the indicators it wrote (a frozenset), once stored and rescheduled
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
        self._bridge = _Bridge()
        self._bridge.done.connect(self.fetched)
        self._bridge.alerts.connect(self.alerts_fetched)
        done, alerts = self._bridge.done, self._bridge.alerts
        self.runner = FetchRunner(open_store, workers=workers, tick_s=tick_ms / 1000, clock=clock,
                                  on_stored=lambda sid, ok, summary, wrote, store: done.emit(sid, wrote),
                                  on_alerts=alerts.emit)

    @property
    def clock(self):
        return self.runner.clock

    @property
    def plan(self):
        return self.runner.plan

    @property
    def sources(self) -> dict[str, Source]:
        return self.runner.sources

    def add(self, source: Source, interval_s: float) -> None:
        self.runner.add(source, interval_s)

    def start(self) -> None:
        self.runner.start()

    def stop(self, timeout_s: float = 3.0) -> None:
        # the wall does not wait for a fetch under way (a hanging source would hold its quit up to its timeout)
        self.runner.stop(timeout_s, wait_fetches=False)
