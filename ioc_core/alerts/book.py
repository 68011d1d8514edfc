"""The alert book: one open alert per indicator, region and cause; raised, escalated, cleared, acknowledged.

An alert is raised when a value crosses a threshold (cause ``threshold``) or a forecast flags a risk (cause
``forecast``); it is escalated in place when it gets worse, cleared when the value is back to normal, and kept
(closed) for the record. A CAP message (cause ``cap``: a typhoon or flood warning from a disaster-management or
weather service, ``take_cap``) opens one alert per CAP identifier; its Updates change that alert in place, a Cancel
closes it, and it closes by itself once past its ``expires``. Acknowledging an alert says someone has seen it: it
stays listed, dimmed, until it clears. The book is saved to a JSON file after every change, so a restarted wall
keeps its acknowledgements.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path

from ioc_core import clock as wallclock
from ioc_core.jsonfile import read_json, write_json_atomic
from ioc_core.migrations import Migrations, NewerVersion, keep_and_write
from ioc_core.observers import Listeners
from ioc_core.problems import InvalidFile

log = logging.getLogger(__name__)

SEVERITY_RANK = {"critical": 2, "warning": 1}
# CAP's severity on the wall: the wall has two levels; Minor and Unknown are shown as warnings (with CAP's own word
# beside them, cap_severity), never dropped: a service that sends them wants them seen.
CAP_SEVERITY = {"Extreme": "critical", "Severe": "critical", "Moderate": "warning", "Minor": "warning",
                "Unknown": "warning"}
CAP_SECTOR = "moitruong"  # Tài nguyên - Môi trường: disasters and weather, unless a source names another sector
# CAP's fixed words as the wall shows them (Vietnamese, English): data like an alert's two messages
CAP_TERMS = {
    "severity": {"Extreme": ("Cực kỳ nghiêm trọng", "Extreme"), "Severe": ("Nghiêm trọng", "Severe"),
                 "Moderate": ("Trung bình", "Moderate"), "Minor": ("Nhẹ", "Minor"),
                 "Unknown": ("Chưa rõ mức độ", "Severity unknown")},
    "urgency": {"Immediate": ("Hành động ngay", "Immediate"), "Expected": ("Sắp xảy ra", "Expected"),
                "Future": ("Sẽ xảy ra", "Future"), "Past": ("Đã qua", "Past"),
                "Unknown": ("Chưa rõ thời điểm", "Urgency unknown")},
    "certainty": {"Observed": ("Đã xảy ra", "Observed"), "Likely": ("Nhiều khả năng", "Likely"),
                  "Possible": ("Có thể", "Possible"), "Unlikely": ("Ít khả năng", "Unlikely"),
                  "Unknown": ("Chưa rõ khả năng", "Certainty unknown")},
}
CAP_HEADING = ("Cảnh báo thiên tai", "Hazard warnings")


def cap_terms(alert: Alert, lang: str = "vi") -> list[str]:
    """A CAP alert's severity, urgency and certainty in words (those it gives)."""
    out = []
    for kind, value in (("severity", alert.cap_severity), ("urgency", alert.urgency),
                        ("certainty", alert.certainty)):
        if value:
            vi, en = CAP_TERMS[kind].get(value, (value, value))
            out.append(en if lang == "en" else vi)
    return out
SCHEMA_VERSION = 1
# version N -> the function turning a version N alerts file into a version N + 1 one (ioc_core/migrations.py); none
# yet: the first change of the file's shape adds its step here, and older files are migrated, never set aside
MIGRATIONS: dict[int, Callable[[dict], dict]] = {}
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
    # CAP alerts only (cause "cap"); the defaults keep books saved before them loading
    cap_severity: str = ""  # Extreme | Severe | Moderate | Minor | Unknown
    urgency: str = ""  # Immediate | Expected | Future | Past | Unknown
    certainty: str = ""  # Observed | Likely | Possible | Unlikely | Unknown
    event: str = ""  # short: "Bão", "Lũ quét" (the map writes it in the area)
    event_en: str = ""
    area: str = ""  # the area's name(s) as the message gives them (areaDesc)
    instruction: str = ""
    web: str = ""
    sent_at: float | None = None  # the latest CAP message's sent
    expires_at: float | None = None
    cap_ids: tuple[str, ...] = ()  # "sender,identifier" of every message folded into this alert, oldest first
    polygons: tuple[tuple[tuple[float, float], ...], ...] = ()  # rings of (lat, lon)
    circles: tuple[tuple[float, float, float], ...] = ()  # (lat, lon, radius_km)
    geocodes: tuple[tuple[str, str], ...] = ()  # (valueName, value)
    close_reason: str = ""  # cap: cancelled | expired

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

    @classmethod
    def from_json(cls, d: dict) -> Alert:
        """As saved; keys this version does not know are left out (a newer wall's book still loads)."""
        known = {f.name for f in fields(cls)}
        d = {k: v for k, v in d.items() if k in known}
        for key in ("cap_ids", "circles", "geocodes"):
            if key in d:
                d[key] = tuple(tuple(v) if isinstance(v, list) else v for v in d[key])
        if "polygons" in d:
            d["polygons"] = tuple(tuple(tuple(p) for p in ring) for ring in d["polygons"])
        return cls(**d)


class AlertBook:
    def __init__(self, path: Path | None = None, clock: Callable[[], float] | None = None):
        self.path = Path(path) if path else None
        self.clock = clock or wallclock.now_s
        self._alerts: dict[str, Alert] = {}
        self._open: dict[tuple[str, str, str], str] = {}  # (indicator, region, cause) -> alert id
        self._cap: dict[str, str] = {}  # CAP "sender,identifier" -> the alert it opened or changed
        self._serial = 0
        self.changes = Listeners("alert book")
        self._batching = 0
        self._unsaved = False
        # why the file is never written (one a newer wall wrote: kept intact for it); the book lives in memory
        self.read_only = ""
        self.migrated_from: int | None = None  # the version of the file the load migrated forward
        self._bad_logged: set[str] = set()  # mirrored alerts skipped as malformed (logged once each)
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

    def cap_alert(self, sender: str, identifier: str) -> Alert | None:
        """The alert a CAP message opened or changed (open or closed)."""
        return self._alerts.get(self._cap.get(f"{sender},{identifier}", ""))

    def open_for(self, indicator: str, region: str = "province") -> list[Alert]:
        return [self._alerts[i] for (ind, reg, _), i in self._open.items() if ind == indicator and reg == region]

    def subscribe(self, listener: Callable[[Alert, str], None]) -> None:
        """``listener(alert, event)`` with event raised | escalated | updated (a CAP Update that is not worse) |
        cleared | acknowledged. Returns the unsubscribe."""
        return self.changes.subscribe(listener)

    def unsubscribe(self, listener: Callable[[Alert, str], None]) -> None:
        self.changes.unsubscribe(listener)

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

    def take_cap(self, messages, now: float | None = None, sector: str = CAP_SECTOR) -> list[tuple[Alert, str]]:
        """CAP messages (ioc_core.sources.cap.CapAlert, Actual ones) from one fetch; returns what changed.

        Taken in the order they were sent. A message seen before changes nothing, so a feed read every minute
        raises each alert once. An Alert opens one alert (unless already expired); an Update changes the alert
        of the message it references in place (escalated, asking for a new acknowledgement, when worse; updated
        otherwise), or opens one when that message was never seen; a Cancel closes it. Ack and Error messages
        change nothing. Open CAP alerts past their expiry close (``expire_cap``)."""
        now = self.clock() if now is None else now
        changes: list[tuple[Alert, str]] = []
        order = {"Alert": 0, "Update": 1, "Cancel": 2}
        with self.batch():
            for msg in sorted((m for m in messages if m.msg_type in order), key=lambda m: (m.sent, order[m.msg_type])):
                if msg.key in self._cap:
                    continue  # seen before (also as the reference of an Update that came first)
                target = next((self._alerts[self._cap[k]] for k in msg.reference_keys
                               if self._cap.get(k) in self._alerts), None)
                expired = msg.expires is not None and msg.expires <= now
                if msg.msg_type == "Cancel":
                    if target is not None and target.open:
                        changes.append(self._cap_change(replace(
                            target, cleared_at=now, updated_at=now, close_reason="cancelled",
                            cap_ids=(*target.cap_ids, msg.key)), "cleared"))
                    continue
                if target is None or msg.msg_type == "Alert":
                    if expired:
                        continue
                    self._serial += 1
                    keys = (*[k for k in msg.reference_keys if k not in self._cap], msg.key)
                    alert = Alert(f"cap/province/cap/{self._serial}", "cap", sector, "province", "cap", value=None,
                                  raised_at=now, updated_at=now, cap_ids=keys, **_cap_fields(msg))
                    changes.append(self._cap_change(alert, "raised"))
                    continue
                if target.close_reason == "cancelled":
                    continue  # an Update of a cancelled alert does not bring it back
                updated = replace(target, updated_at=now, cap_ids=(*target.cap_ids, msg.key), **_cap_fields(msg))
                if expired:
                    if target.open:
                        changes.append(self._cap_change(replace(updated, cleared_at=now, close_reason="expired"),
                                                        "cleared"))
                    continue
                if not target.open:  # an expired alert extended by its Update: the same entry, open again
                    changes.append(self._cap_change(replace(updated, cleared_at=None, close_reason="",
                                                            acknowledged_by=None, acknowledged_at=None), "raised"))
                elif SEVERITY_RANK[updated.severity] > SEVERITY_RANK[target.severity]:
                    changes.append(self._cap_change(replace(updated, acknowledged_by=None, acknowledged_at=None),
                                                    "escalated"))
                else:
                    changes.append(self._cap_change(updated, "updated"))
            changes += self.expire_cap(now)
        return changes

    def expire_cap(self, now: float | None = None) -> list[tuple[Alert, str]]:
        """Close the open CAP alerts past their expiry (run at each take and once a second by the wall)."""
        now = self.clock() if now is None else now
        due = [a for a in self._alerts.values()
               if a.cause == "cap" and a.open and a.expires_at is not None and a.expires_at <= now]
        with self.batch():
            return [self._cap_change(replace(a, cleared_at=now, updated_at=now, close_reason="expired"), "cleared")
                    for a in due]

    def _cap_change(self, alert: Alert, event: str) -> tuple[Alert, str]:
        for key in alert.cap_ids:
            self._cap[key] = alert.id
        return self._change(alert, event), event

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

    def mirror(self, alert_id: str, doc: dict | None) -> str | None:
        """Another book's version of one alert (the hub's, ``Alert.to_json()``) becomes this book's; ``doc`` None
        removes it. Returns, and tells the listeners, what a person would see happen: "raised" (a new open alert,
        or a closed one open again), "escalated" (its severity rose), "acknowledged" (acknowledged_by appeared),
        "cleared" (cleared_at appeared, or an open alert removed), "updated" (anything else, a closed alert seen
        for the first time among them); None when nothing changed. Saved as any change is (inside ``batch``: once).
        A ``doc`` that is no alert is logged and skipped (None; the book is left as it was)."""
        current = self._alerts.get(alert_id)
        if doc is None:
            if current is None:
                return None
            self._unindex(current)
            del self._alerts[alert_id]
            if current.open:  # gone from the hub while open: seen here as cleared, then forgotten
                now = self.clock()
                self._save()
                self.changes.emit(replace(current, cleared_at=now, updated_at=now), "cleared")
                return "cleared"
            self._save()
            return None
        why = _not_an_alert(doc) if isinstance(doc, dict) else "not a JSON object"
        if not why:
            try:
                alert = Alert.from_json({**doc, "id": alert_id})
            except (TypeError, ValueError, AttributeError) as exc:
                why = str(exc)
        if why:
            if alert_id not in self._bad_logged:  # once per alert, not at every republish
                self._bad_logged.add(alert_id)
                log.warning("alert %s skipped: not an alert (%s)", alert_id, why)
            return None
        self._bad_logged.discard(alert_id)
        if alert == current:
            return None
        if current is None:
            # new here: raised only when someone still has to see it (open, unacknowledged); one already
            # acknowledged or closed elsewhere wakes no screen and fires no takeover
            event = "raised" if alert.open and not alert.acknowledged else "updated"
        elif current.open and not alert.open:
            event = "cleared"
        elif alert.open and not current.open:
            event = "raised"
        elif SEVERITY_RANK.get(alert.severity, 0) > SEVERITY_RANK.get(current.severity, 0):
            event = "escalated"
        elif alert.acknowledged and not current.acknowledged:
            event = "acknowledged"
        else:
            event = "updated"
        if current is not None:
            self._unindex(current)
        for key in alert.cap_ids:
            self._cap[key] = alert.id
        if alert.open and alert.cause != "cap":
            self._open[(alert.indicator, alert.region, alert.cause)] = alert.id
        self._change(alert, event)
        return event

    def _unindex(self, alert: Alert) -> None:
        key = (alert.indicator, alert.region, alert.cause)
        if self._open.get(key) == alert.id:
            del self._open[key]
        for cap_key in alert.cap_ids:
            if self._cap.get(cap_key) == alert.id:
                del self._cap[cap_key]

    def _change(self, alert: Alert, event: str) -> Alert:
        self._alerts[alert.id] = alert
        self._trim()
        self._save()
        self.changes.emit(alert, event)
        return alert

    def _trim(self) -> None:
        closed = sorted((a for a in self._alerts.values() if not a.open), key=lambda a: a.cleared_at or 0)
        for a in closed[:-KEEP_CLOSED] if len(closed) > KEEP_CLOSED else []:
            del self._alerts[a.id]
            for key in a.cap_ids:
                self._cap.pop(key, None)

    # -- persistence ---------------------------------------------------------------------------------------
    def _save(self) -> None:
        if self.path is None or self.read_only:
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
        """The saved book. An older version's file is migrated forward (the old one kept as ``.previous``); a newer
        wall's file is read as far as this wall can and never written (``read_only``); an unreadable one is set
        aside as ``.corrupt``."""
        if self.path is None or not self.path.exists():
            return
        migrations = Migrations("alerts file", SCHEMA_VERSION, MIGRATIONS)
        newer = None
        try:
            raw = read_json(self.path)
            try:
                doc, version = migrations.apply(raw)
            except NewerVersion as exc:
                newer, doc, version = exc, raw, exc.version
            alerts = [Alert.from_json(a) for a in doc["alerts"]]
            serial = int(doc.get("serial", 0))
        except (InvalidFile, ValueError, TypeError, KeyError) as exc:
            if newer is not None:  # a newer wall's book this one cannot read: still not set aside
                alerts, serial = [], 0
                log.error("alerts file %s cannot be read by this wall (%s); starting with no alerts", self.path, exc)
            else:
                aside = self.path.with_name(self.path.name + ".corrupt")
                log.error("alerts file %s is unusable (%s); kept as %s, starting with no alerts", self.path, exc,
                          aside)
                self.path.replace(aside)
                return
        if newer is not None:
            self.read_only = (f"{self.path.name} has schema_version {newer.version}, written by a newer IOC Wall "
                              f"(this wall reads up to {SCHEMA_VERSION}): left as it is for that version")
            log.error("%s: %s; alerts are kept in memory only, not saved, until the wall is upgraded again",
                      self.path, self.read_only)
        elif version != SCHEMA_VERSION:
            self.migrated_from = version
            try:
                previous = keep_and_write(self.path, doc)
            except OSError as exc:  # the next save writes the migrated book
                log.error("alerts file %s migrated from schema_version %s but not written back: %s", self.path,
                          version, exc)
            else:
                log.warning("alerts file %s migrated from schema_version %s to %s; the old file is kept as %s",
                            self.path, version, SCHEMA_VERSION, previous.name)
        self._serial = serial
        for a in alerts:
            self._alerts[a.id] = a
            for key in a.cap_ids:
                self._cap[key] = a.id
            if a.open and a.cause != "cap":  # CAP alerts are many at once under one key: found by cap_ids
                self._open[(a.indicator, a.region, a.cause)] = a.id


_TEXT_FIELDS = ("indicator", "sector", "region", "cause", "message_vi", "message_en", "cap_severity", "urgency",
                "certainty", "event", "event_en", "area", "instruction", "web", "close_reason")
_TIME_FIELDS = ("value", "acknowledged_at", "cleared_at", "sent_at", "expires_at")  # a number or None


def _number(v) -> bool:
    return isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v)


def _numbers(v, n: int) -> bool:
    return isinstance(v, list | tuple) and len(v) == n and all(_number(x) for x in v)


def _not_an_alert(doc: dict) -> str:
    """Why another book's alert (the hub's ``to_json()``) cannot be taken as one, "" when it can: every field of
    the type this book keeps, so a broken one never fires rules, breaks the views' sorting or is saved."""
    for key in ("indicator", "sector", "region", "cause", "message_vi", "message_en"):
        if key not in doc:
            return f"{key} is missing"
    for key in _TEXT_FIELDS:
        if key in doc and not isinstance(doc[key], str):
            return f"{key} {doc[key]!r} is not text"
    if doc.get("severity") not in SEVERITY_RANK:
        return f"severity {doc.get('severity')!r} is not one of {', '.join(SEVERITY_RANK)}"
    for key in ("raised_at", "updated_at"):
        if not _number(doc.get(key)):
            return f"{key} {doc.get(key)!r} is not a time"
    for key in _TIME_FIELDS:
        if doc.get(key) is not None and not _number(doc[key]):
            return f"{key} {doc[key]!r} is not a number"
    if doc.get("acknowledged_by") is not None and not isinstance(doc["acknowledged_by"], str):
        return f"acknowledged_by {doc['acknowledged_by']!r} is not text"
    cap_ids = doc.get("cap_ids", [])
    if not isinstance(cap_ids, list | tuple) or not all(isinstance(k, str) for k in cap_ids):
        return "cap_ids is not a list of texts"
    polygons = doc.get("polygons", [])
    if not isinstance(polygons, list | tuple) or not all(
            isinstance(ring, list | tuple) and all(_numbers(p, 2) for p in ring) for ring in polygons):
        return "polygons is not a list of rings of (lat, lon)"
    circles = doc.get("circles", [])
    if not isinstance(circles, list | tuple) or not all(_numbers(c, 3) for c in circles):
        return "circles is not a list of (lat, lon, radius_km)"
    geocodes = doc.get("geocodes", [])
    if not isinstance(geocodes, list | tuple) or not all(
            isinstance(g, list | tuple) and len(g) == 2 and all(isinstance(x, str) for x in g) for g in geocodes):
        return "geocodes is not a list of (name, value)"
    return ""


def _cap_fields(msg) -> dict:
    """What a CAP message sets on its alert. The messages: the chosen (Vietnamese) headline or event; the English
    block's, else the same."""
    vi = msg.headline or msg.event or msg.identifier
    return {"severity": CAP_SEVERITY.get(msg.severity, "warning"), "message_vi": vi,
            "message_en": msg.headline_en or msg.event_en or vi, "cap_severity": msg.severity,
            "urgency": msg.urgency, "certainty": msg.certainty, "event": msg.event, "event_en": msg.event_en,
            "area": msg.area_desc, "instruction": msg.instruction, "web": msg.web, "sent_at": msg.sent,
            "expires_at": msg.expires, "polygons": tuple(msg.polygons), "circles": tuple(msg.circles),
            "geocodes": tuple(msg.geocodes)}
