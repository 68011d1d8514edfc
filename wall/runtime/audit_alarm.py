"""The audit log's hold on the wall's own screens: its ``notify`` runs on the writer's thread (or a command's), so
the health it gives is handed to the GUI thread, which owns the alert book (ioc_core/alerts/audit_alarm.py says
what the alert is). While records wait, their count in the alert is kept current every few seconds."""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Qt, QTimer, Signal

from ioc_core.alerts.audit_alarm import observe_audit

log = logging.getLogger(__name__)

REFRESH_MS = 5000  # the count of records waiting, in the alert, as often as the log tries them again


class AuditAlarm(QObject):
    """Built on the GUI thread with the alert book and ``health`` (the audit log's, read for the count while
    records wait). ``tell(health)`` may be called from any thread."""

    _told = Signal(object)

    def __init__(self, book, health=None, parent=None):
        super().__init__(parent)
        self.book, self._health = book, health
        self._told.connect(self.apply, Qt.ConnectionType.QueuedConnection)
        self._refresh = QTimer(self, interval=REFRESH_MS)
        self._refresh.timeout.connect(lambda: self._health is not None and self.apply(self._health()))

    def tell(self, health: dict) -> None:
        """From any thread: applied on the GUI thread, in the order told."""
        self._told.emit(dict(health))

    def apply(self, health: dict) -> None:
        """On the GUI thread: raise, escalate, update or clear the alert."""
        try:
            observe_audit(self.book, health)
        except Exception:  # the alert book's own trouble (its file) must not stop the wall
            log.exception("the audit log's alert could not be shown")
        held = bool((health or {}).get("held"))
        if held and not self._refresh.isActive() and self._health is not None:
            self._refresh.start()
        elif not held:
            self._refresh.stop()

    def stop(self) -> None:
        self._refresh.stop()
