"""The wall's alerting loop (Qt side): after new data, check thresholds and forecasts, and carry out the rules.

The checks read the store and forecast (pandas, Holt) on the data hub's view-model worker; their verdicts are
told to the alert book on the GUI thread."""

from __future__ import annotations

import logging
import time

from PySide6.QtCore import QObject, QTimer

from ioc_core.alerts import Alert, AlertBook
from ioc_core.alerts.book import CAP_SECTOR
from ioc_core.alerts.evaluate import check_forecast, check_thresholds
from ioc_core.alerts.rules import triggered

log = logging.getLogger(__name__)

FORECAST_EVERY_S = 600  # a forecast is re-run at most this often per indicator: trends do not change by the second


class AlertMonitor(QObject):
    """Listens to the data hub like a view; tells the alert book; rules become controller commands.

    Takeovers end on the controller's clock: ``expire_holds`` runs once a second. With ``checks`` false (a wall in
    hub mode: the hub checks thresholds and forecasts, its alerts are mirrored into the book) only the rules and
    the holds run here.
    """

    def __init__(self, hub, book: AlertBook, controller, rules: dict, parent=None, checks: bool = True):
        super().__init__(parent)
        self.hub, self.book, self.controller, self.rules = hub, book, controller, rules
        self._forecast_at: dict[str, float] = {}
        self._to_check: set[str] = set()  # asked for and not yet checked: a newer request covers an older one
        self._to_forecast: set[str] = set()
        self._key = ("alerts", id(self))
        self.results: list[tuple[str, str, bool, str]] = []  # (rule, alert, accepted, reason), newest last
        book.subscribe(self._alert_event)
        self._checks = checks
        if checks:
            hub.subscribe(self.check)
        self._timer = QTimer(self, interval=1000)
        self._timer.timeout.connect(self._expire)
        self._timer.start()

    def check(self, indicators: set[str]) -> None:
        """Ask the worker to check ``indicators`` (and forecast those not forecast lately); the verdicts are
        applied when they come back (_apply). A request not yet run is replaced by one that covers it too."""
        cat = self.hub.catalogue
        ids = {i for i in indicators if i in cat.indicators}
        now = time.monotonic()
        for ind_id in ids:
            if now - self._forecast_at.get(ind_id, -FORECAST_EVERY_S) >= FORECAST_EVERY_S:
                self._forecast_at[ind_id] = now
                self._to_forecast.add(ind_id)
        self._to_check |= ids
        if not self._to_check and not self._to_forecast:
            return
        checks, forecasts = frozenset(self._to_check), frozenset(self._to_forecast)

        def job(reader):
            verdicts = _Verdicts()
            check_thresholds(verdicts, cat, sorted(checks), reader.reading)
            for ind_id in sorted(forecasts):
                check_forecast(verdicts, cat.indicators[ind_id], reader.history(ind_id))
            return checks, forecasts, verdicts.calls

        self.hub.compute(self._key, job, self._apply)

    def _apply(self, result) -> None:
        checks, forecasts, calls = result
        self._to_check -= checks
        self._to_forecast -= forecasts
        with self.book.batch():  # one save of the book for the whole batch, however many verdicts change
            for args, kwargs in calls:
                self.book.observe(*args, **kwargs)

    def follow(self, scheduler) -> None:
        """Take the alert messages (CAP) the fetch scheduler's sources bring into the book, in their sector."""
        scheduler.alerts_fetched.connect(
            lambda sid, alerts: self.take_alerts(alerts, getattr(scheduler.sources.get(sid), "sector", CAP_SECTOR)))

    def take_alerts(self, alerts: list, sector: str = CAP_SECTOR) -> None:
        for alert, event in self.book.take_cap(alerts, sector=sector):
            log.info("CAP alert %s %s: %s", alert.id, event, alert.message_vi)

    def _alert_event(self, alert: Alert, event: str) -> None:
        if event not in ("raised", "escalated"):
            return
        log.warning("alert %s: %s", event, alert.message_vi)
        woken = self.controller.wake_for_alert(alert.severity)
        if woken is not None and woken.changed:
            log.warning("critical alert %s: the screens, which were off, are switched on", alert.id)
        for rule in triggered(self.rules, alert, self.controller.state.paused_rules):
            result = self.controller.execute(rule.command(alert))
            self.results = [*self.results[-99:], (rule.id, alert.id, result.accepted, result.reason)]
            if result.accepted:
                log.warning("rule %s shows %s on region %s for %d s", rule.id, rule.view_for(alert), rule.region,
                            rule.duration_s)
                break  # the highest-priority rule that could act has acted
            log.info("rule %s not applied: %s", rule.id, result.reason)

    def _expire(self) -> None:
        self.controller.expire_holds()
        self.book.expire_cap()  # CAP alerts past their expiry close even when their feed goes quiet

    def stop(self) -> None:
        self._timer.stop()
        self.hub.forget(self._key)
        if self._checks:
            self.hub.unsubscribe(self.check)
        self.book.unsubscribe(self._alert_event)


class _Verdicts:
    """Stands in for the alert book on the worker: the checks' verdicts, to be told to the book on the GUI
    thread in the same order."""

    def __init__(self):
        self.calls: list[tuple[tuple, dict]] = []

    def observe(self, *args, **kwargs) -> None:
        self.calls.append((args, kwargs))
