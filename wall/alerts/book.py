"""The alert book: one open alert per indicator, region and cause; raised, escalated, cleared, acknowledged.

An alert is raised when a value crosses a threshold (cause ``threshold``) or a forecast flags a risk (cause
``forecast``); it is escalated in place when it gets worse, cleared when the value is back to normal, and kept
(closed) for the record. Acknowledging an alert says someone has seen it: it stays listed, dimmed, until it
clears. The book is saved to a JSON file after every change, so a restarted wall keeps its acknowledgements.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, replace
from pathlib import Path

from wall import clock as wallclock
from wall.jsonfile import read_json, write_json_atomic
from wall.problems import InvalidFile

log = logging.getLogger(__name__)

SEVERITY_RANK = {"critical": 2, "warning": 1}
SCHEMA_VERSION = 1
KEEP_CLOSED = 200  # closed alerts kept for the record


@dataclass(frozen=True)
class Alert:
    id: str  # "<indicator>/<region>/<cause>/<n>": stable while open
    indicator: str
    sector: str
    region: str
    cause: str  # threshold | forecast
    severity: str  # warning | critical
    message_vi: str
    message_en: str
    value: float | None
    raised_at: float
    updated_at: float
    acknowledged_by: str | None = None
    acknowledged_at: float | None = None
    cleared_at: float | None = None

    @property
    def open(self) -> bool:
        return self.cleared_at is None

    @property
    def acknowledged(self) -> bool:
        return self.acknowledged_by is not None

    def message(self, lang: str = "vi") -> str:
        return self.message_en if lang == "en" else self.message_vi

    def sort_key(self) -> tuple:
        """Open before closed, unacknowledged before acknowledged, most severe, then newest."""
        return (not self.open, self.acknowledged, -SEVERITY_RANK.get(self.severity, 0), -self.updated_at)

    def to_json(self) -> dict:
        return asdict(self)


class AlertBook:
    def __init__(self, path: Path | None = None, clock: Callable[[], float] | None = None):
        self.path = Path(path) if path else None
        self.clock = clock or wallclock.now_s
        self._alerts: dict[str, Alert] = {}
        self._open: dict[tuple[str, str, str], str] = {}  # (indicator, region, cause) -> alert id
        self._serial = 0
        self._listeners: list[Callable[[Alert, str], None]] = []
        self._batching = 0
        self._unsaved = False
        self._load()

    @contextmanager
    def batch(self) -> Iterator[None]:
        """Changes inside are saved once, at the end (one file write for a whole fetch's verdicts)."""
        self._batching += 1
        try:
            yield
        finally:
            self._batching -= 1
            if not self._batching and self._unsaved:
                self._save()

    # -- reading -------------------------------------------------------------------------------------------
    def alerts(self, sector: str | None = None, include_closed: bool = False) -> list[Alert]:
        """Newest and most severe first (open and unacknowledged before the rest)."""
        out = [a for a in self._alerts.values()
               if (include_closed or a.open) and (sector is None or a.sector == sector)]
        return sorted(out, key=Alert.sort_key)

    def get(self, alert_id: str) -> Alert | None:
        return self._alerts.get(alert_id)

    def open_for(self, indicator: str, region: str = "province") -> list[Alert]:
        return [self._alerts[i] for (ind, reg, _), i in self._open.items() if ind == indicator and reg == region]

    def subscribe(self, listener: Callable[[Alert, str], None]) -> None:
        """``listener(alert, event)`` with event raised | escalated | cleared | acknowledged."""
        self._listeners.append(listener)

    def unsubscribe(self, listener: Callable[[Alert, str], None]) -> None:
        self._listeners = [fn for fn in self._listeners if fn != listener]

    # -- changes -------------------------------------------------------------------------------------------
    def observe(self, indicator: str, sector: str, region: str, cause: str, severity: str | None,
                message_vi: str = "", message_en: str = "", value: float | None = None) -> Alert | None:
        """The current verdict for one indicator/region/cause: ``severity`` None means all clear."""
        now = self.clock()
        key = (indicator, region, cause)
        current = self._alerts.get(self._open.get(key, ""))
        if severity is None:
            if current is not None:
                del self._open[key]
                self._change(replace(current, cleared_at=now, updated_at=now), "cleared")
            return None
        if severity not in SEVERITY_RANK:
            raise ValueError(f"unknown severity {severity!r} (warning or critical)")
        if current is None:
            self._serial += 1
            alert = Alert(f"{indicator}/{region}/{cause}/{self._serial}", indicator, sector, region, cause, severity,
                          message_vi, message_en, value, now, now)
            self._open[key] = alert.id
            return self._change(alert, "raised")
        if SEVERITY_RANK[severity] > SEVERITY_RANK[current.severity]:  # worse: seen again as new
            return self._change(replace(current, severity=severity, message_vi=message_vi, message_en=message_en,
                                        value=value, updated_at=now, acknowledged_by=None, acknowledged_at=None),
                                "escalated")
        if (severity, message_vi, value) != (current.severity, current.message_vi, current.value):
            updated = replace(current, severity=severity, message_vi=message_vi, message_en=message_en, value=value)
            self._alerts[current.id] = updated  # a quieter update: no news, no save storm on every value
            return updated
        return current

    def acknowledge(self, alert_id: str, by: str) -> tuple[bool, str]:
        """Mark an alert seen; returns (accepted, reason). Acknowledging twice is accepted and changes nothing."""
        alert = self._alerts.get(alert_id)
        if alert is None:
            return False, f"unknown alert '{alert_id}'"
        if not by or not isinstance(by, str):
            return False, "an acknowledgement needs the name of who acknowledges"
        if alert.acknowledged:
            return True, ""
        self._change(replace(alert, acknowledged_by=by, acknowledged_at=self.clock()), "acknowledged")
        return True, ""

    def _change(self, alert: Alert, event: str) -> Alert:
        self._alerts[alert.id] = alert
        self._trim()
        self._save()
        for listener in list(self._listeners):
            try:
                listener(alert, event)
            except Exception:
                log.exception("an alert listener failed on %s %s", event, alert.id)
        return alert

    def _trim(self) -> None:
        closed = sorted((a for a in self._alerts.values() if not a.open), key=lambda a: a.cleared_at or 0)
        for a in closed[:-KEEP_CLOSED] if len(closed) > KEEP_CLOSED else []:
            del self._alerts[a.id]

    # -- persistence ---------------------------------------------------------------------------------------
    def _save(self) -> None:
        if self.path is None:
            return
        if self._batching:
            self._unsaved = True
            return
        self._unsaved = False
        doc = {"schema_version": SCHEMA_VERSION, "serial": self._serial,
               "alerts": [a.to_json() for a in self._alerts.values()]}
        try:
            write_json_atomic(self.path, doc)
        except OSError as exc:
            log.error("cannot save alerts to %s: %s (kept in memory)", self.path, exc)

    def _load(self) -> None:
        if self.path is None or not self.path.exists():
            return
        try:
            doc = read_json(self.path)
            if not isinstance(doc, dict) or doc.get("schema_version") != SCHEMA_VERSION:
                raise ValueError(f"not an alerts file of schema_version {SCHEMA_VERSION}")
            alerts = [Alert(**a) for a in doc["alerts"]]
            serial = int(doc.get("serial", 0))
        except (InvalidFile, ValueError, TypeError, KeyError) as exc:
            aside = self.path.with_name(self.path.name + ".corrupt")
            log.error("alerts file %s is unusable (%s); kept as %s, starting with no alerts", self.path, exc, aside)
            self.path.replace(aside)
            return
        self._serial = serial
        for a in alerts:
            self._alerts[a.id] = a
            if a.open:
                self._open[(a.indicator, a.region, a.cause)] = a.id
