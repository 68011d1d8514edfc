"""The wall's alerting loop (Qt side): after new data, check thresholds and forecasts, and carry out the rules."""

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

    Takeovers end on the controller's clock: ``expire_holds`` runs once a second.
    """

    def __init__(self, hub, book: AlertBook, controller, rules: dict, parent=None):
        super().__init__(parent)
        self.hub, self.book, self.controller, self.rules = hub, book, controller, rules
        self._forecast_at: dict[str, float] = {}
        self.results: list[tuple[str, str, bool, str]] = []  # (rule, alert, accepted, reason), newest last
        book.subscribe(self._alert_event)
        hub.subscribe(self.check)
        self._timer = QTimer(self, interval=1000)
        self._timer.timeout.connect(self._expire)
        self._timer.start()

    def check(self, indicators: set[str]) -> None:
        cat = self.hub.catalogue
        ids = [i for i in indicators if i in cat.indicators]
        with self.book.batch():  # one save of the book for the whole batch, however many verdicts change
            check_thresholds(self.book, cat, ids, self.hub.reading)
            now = time.monotonic()
            for ind_id in ids:
                if now - self._forecast_at.get(ind_id, -FORECAST_EVERY_S) >= FORECAST_EVERY_S:
                    self._forecast_at[ind_id] = now
                    check_forecast(self.book, cat.indicators[ind_id], self.hub.history(ind_id))

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
        self.hub.unsubscribe(self.check)
        self.book.unsubscribe(self._alert_event)
