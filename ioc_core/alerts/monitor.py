"""The alert checks after new data (Qt-free): thresholds, forecasts and anomalies, CAP messages, expiry.

The same code serves a wall that runs its own sources (wall/runtime/alerting.py's AlertMonitor, which runs the
verdicts on the data hub's worker and applies them on the GUI thread) and the hub (ioc_hub, whose checks are made
with ``forecasts=False``: it calls ``check_now`` for thresholds on its own thread after each stored fetch, applies the
verdicts of the outlooks its forecasting thread computed (``judged``), ``take_cap`` for the alert messages a fetch
brought and ``expire`` once a second). What a wall then does about an alert (its rules, takeovers, waking its
screens) stays with the wall.
"""

from __future__ import annotations

import logging
import threading
import time

from ioc_core import clock as wallclock
from ioc_core.alerts.book import CAP_SECTOR, AlertBook
from ioc_core.alerts.evaluate import check_forecast, check_thresholds, judge_outlook
from ioc_core.indicators.observation import PROVINCE

log = logging.getLogger(__name__)


class AlertChecks:
    """Which indicators to check and forecast after new data, the verdicts, and telling them to the book.

    Changes to the book made here hold ``lock`` (re-entrant): a caller that changes the same book from other threads
    (the hub's acknowledgements, say) takes it too. ``plan``'s bookkeeping is for one thread at a time (a wall's GUI
    thread; the hub's through ``check_now``, which holds the lock for it).
    """

    FORECAST_EVERY_S = 600  # a forecast is re-run at most this often per indicator: trends do not change by the second

    def __init__(self, catalogue, book: AlertBook, clock=time.monotonic, forecasts: bool = True):
        """``forecasts`` False: ``plan`` asks for thresholds only (the hub forecasts on a thread of its own,
        ioc_hub/forecasting.py, and applies the verdicts of its outlooks with ``judged``)."""
        self.catalogue, self.book, self.clock = catalogue, book, clock
        self.forecasts = forecasts
        self.lock = threading.RLock()
        self._forecast_at: dict[str, float] = {}
        self._to_check: set[str] = set()  # asked for and not yet applied: a newer request covers an older one
        self._to_forecast: set[str] = set()

    def plan(self, indicators: set[str]) -> tuple[frozenset, frozenset] | None:
        """(to check, to forecast) after new data of ``indicators``, with whatever an earlier plan asked for and was
        not applied yet; each indicator is forecast at most once every FORECAST_EVERY_S. None: nothing to do."""
        cat = self.catalogue
        ids = {i for i in indicators if i in cat.indicators}
        now = self.clock()
        for ind_id in ids if self.forecasts else ():
            if now - self._forecast_at.get(ind_id, -self.FORECAST_EVERY_S) >= self.FORECAST_EVERY_S:
                self._forecast_at[ind_id] = now
                self._to_forecast.add(ind_id)
        self._to_check |= ids
        if not self._to_check and not self._to_forecast:
            return None
        return frozenset(self._to_check), frozenset(self._to_forecast)

    @staticmethod
    def verdicts(catalogue, checks, forecasts, reader, outlooks=None, now: float | None = None
                 ) -> list[tuple[tuple, dict]]:
        """The book.observe calls (args, kwargs), in order, for ``checks`` (thresholds) and ``forecasts`` (each
        indicator's outlook computed, kept in ``outlooks`` when given, and judged), read through ``reader``
        (``.reading(ind)``, ``.history(ind)``: ioc_core.views.reader's StoreReader, or StoreReading) at ``now``
        (the wall clock; default: now). Touches no book: runs on any worker (forecasts take tens of ms each)."""
        verdicts = _Verdicts()
        check_thresholds(verdicts, catalogue, sorted(checks), reader.reading)
        when = wallclock.now_s() if now is None else now
        for ind_id in sorted(forecasts):
            check_forecast(verdicts, catalogue.indicators[ind_id], reader.history(ind_id), when, outlooks)
        return verdicts.calls

    @staticmethod
    def judged(catalogue, outlooks) -> list[tuple[tuple, dict]]:
        """The book.observe calls for outlooks computed elsewhere (the hub's forecasting thread): their forecast
        and anomaly alerts. Touches no book."""
        verdicts = _Verdicts()
        for o in outlooks:
            ind = catalogue.indicators.get(o.indicator)
            if ind is not None:
                judge_outlook(verdicts, ind, o)
        return verdicts.calls

    def apply(self, result: tuple[frozenset, frozenset, list]) -> None:
        """Tell the book ``(checks, forecasts, verdicts)`` in one batch (one save, however many change)."""
        checks, forecasts, calls = result
        with self.lock:
            self._to_check -= checks
            self._to_forecast -= forecasts
            with self.book.batch():
                for args, kwargs in calls:
                    self.book.observe(*args, **kwargs)

    def check_now(self, indicators: set[str], reader) -> None:
        """Plan, judge and apply on the caller's thread (the hub, after a stored fetch)."""
        with self.lock:
            planned = self.plan(indicators)
        if planned is None:
            return
        checks, forecasts = planned
        self.apply((checks, forecasts, self.verdicts(self.catalogue, checks, forecasts, reader)))

    def take_cap(self, alerts: list, sector: str = CAP_SECTOR) -> list:
        """The alert messages (CAP) of one fetch into the book, in ``sector``; returns (alert, event) changed."""
        with self.lock:
            changes = self.book.take_cap(alerts, sector=sector)
        for alert, event in changes:
            log.info("CAP alert %s %s: %s", alert.id, event, alert.message_vi)
        return changes

    def expire(self) -> None:
        """CAP alerts past their expiry close even when their feed goes quiet (once a second)."""
        with self.lock:
            self.book.expire_cap()


class StoreReading:
    """An open indicator store read as the checks read (``reading``, ``history``): the hub checks on its writer
    thread through the store it has just written (FetchRunner's on_stored), with no second connection."""

    def __init__(self, store):
        self.store = store

    def reading(self, indicator: str, region: str = PROVINCE):
        return self.store.latest(indicator, region)

    def history(self, indicator: str, region: str = PROVINCE):
        return self.store.history(indicator, region)


class _Verdicts:
    """Stands in for the alert book on the worker: the checks' verdicts, to be told to the book later, in the same
    order."""

    def __init__(self):
        self.calls: list[tuple[tuple, dict]] = []

    def observe(self, *args, **kwargs) -> None:
        self.calls.append((args, kwargs))
