"""The wall's alerting loop (Qt side): after new data, check thresholds and forecasts, and carry out the rules.

The checks themselves are ioc_core.alerts.monitor's AlertChecks (the hub runs the same). The thresholds are read
on the data hub's view-model worker (a few milliseconds); the forecasts (outlooks: fitted models, tens of
milliseconds each) on the wall's forecasting worker (wall/runtime/forecasting.py), which keeps them in the data
hub's ``outlooks`` for the charts. Both verdicts are told to the alert book on the GUI thread, each in one batch.
The wall's own rules (takeovers, waking the screens) stay here."""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QTimer

from ioc_core.alerts import Alert, AlertBook
from ioc_core.alerts.book import CAP_SECTOR
from ioc_core.alerts.monitor import AlertChecks
from ioc_core.alerts.rules import triggered
from wall.runtime import first_paint

log = logging.getLogger(__name__)

FORECAST_EVERY_S = AlertChecks.FORECAST_EVERY_S  # a forecast is re-run at most this often per indicator


class AlertMonitor(QObject):
    """Listens to the data hub like a view; tells the alert book; rules become controller commands.

    Takeovers end on the controller's clock: ``expire_holds`` runs once a second. With ``checks`` false (a wall in
    hub mode: the hub checks thresholds and forecasts, its alerts and outlooks are mirrored into the book and the
    data hub) only the rules and the holds run here, and no forecasting worker exists.
    """

    def __init__(self, hub, book: AlertBook, controller, rules: dict, parent=None, checks: bool = True):
        super().__init__(parent)
        self.hub, self.book, self.controller, self.rules = hub, book, controller, rules
        # thresholds only: the forecasting worker keeps its own once-every-FORECAST_EVERY_S turns (news within that
        # time of an indicator's last outlook waits for its turn there, instead of being dropped here)
        self.checks = AlertChecks(hub.catalogue, book, forecasts=False)
        self._key = ("alerts", id(self))
        self.results: list[tuple[str, str, bool, str]] = []  # (rule, alert, accepted, reason), newest last
        book.subscribe(self._alert_event)
        self._checks = checks
        self.forecasting = None  # the forecasting worker (wall/runtime/forecasting.py): a wall on its own sources
        if checks:
            from wall.runtime.forecasting import ForecastWorker

            self.forecasting = ForecastWorker(hub.catalogue, hub.store_path, hub.outlooks, self._forecasts_judged,
                                              hub.clock, parent=self)
            if not first_paint.later(self.forecasting.start):  # its first outlook after the wall's first picture
                self.forecasting.start()
            hub.subscribe(self.check)
        self._timer = QTimer(self, interval=1000)
        self._timer.timeout.connect(self._expire)
        self._timer.start()

    def check(self, indicators: set[str]) -> None:
        """Ask the view worker to check ``indicators``' thresholds, and the forecasting worker to forecast them
        (each when its turn comes); the verdicts are applied when they come back. A check not yet run is replaced
        by one that covers it too."""
        if self.forecasting is not None:
            self.forecasting.request(indicators)
        planned = self.checks.plan(indicators)
        if planned is None:
            return
        checks, _ = planned
        cat = self.checks.catalogue
        if checks:
            def job(reader):
                return checks, frozenset(), AlertChecks.verdicts(cat, checks, (), reader)

            self.hub.compute(self._key, job, self.checks.apply)

    def _forecasts_judged(self, indicators: frozenset, calls: list) -> None:
        """(GUI thread.) The forecasting worker's verdicts for ``indicators``, told to the book in one batch."""
        if self._checks:
            self.checks.apply((frozenset(), indicators, calls))

    def follow(self, scheduler) -> None:
        """Take the alert messages (CAP) the fetch scheduler's sources bring into the book, in their sector."""
        scheduler.alerts_fetched.connect(
            lambda sid, alerts: self.take_alerts(alerts, getattr(scheduler.sources.get(sid), "sector", CAP_SECTOR)))

    def take_alerts(self, alerts: list, sector: str = CAP_SECTOR) -> None:
        self.checks.take_cap(alerts, sector)

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
        self.checks.expire()  # CAP alerts past their expiry close even when their feed goes quiet

    def stop(self) -> None:
        self._timer.stop()
        self.hub.forget(self._key)
        if self.forecasting is not None:
            self.forecasting.stop()  # joined: an outlook under way finishes first
        if self._checks:
            self.hub.unsubscribe(self.check)
        self.book.unsubscribe(self._alert_event)

