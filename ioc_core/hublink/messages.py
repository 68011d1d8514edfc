"""The JSON in each hub message (UTF-8, one object, ``"v": 1``). Decoding never trusts the broker: a payload that is
not what this version writes raises ``BadMessage`` naming the topic and the problem, and the caller skips it (a wall
keeps what it has).

An indicator's readings (one retained message per indicator: every region's latest reading of it, the province's
among them): {"v": 1, "indicator", "readings": [{"region", "period", "value", "as_of", "received", "status",
"source", "parts"}, ...]}. One message per indicator, not per reading: a source brings an indicator's communes and
province together, a wall that subscribes late gets a province's ~15,000 readings in ~60 messages, and a wall's Python
spends its time on a few large JSON documents (parsed in C) instead of ~20 us of MQTT client per reading.
  ``as_of``: epoch seconds the value stands as of (the source's own time, or when the hub received it when the source
  gives none): the time every wall judges its age by, so every wall shows the same age. ``received``: when the hub
  stored it. ``status``: normal | warning | critical by the catalogue's thresholds, as the hub judged it.
The hub's presence: {"v": 1, "state": "online" | "offline", "hub", "since", "api", "fingerprint", "readings", "alerts"}
  ``readings``: how many reading topics the hub has retained, so a wall starting knows when it has them all.
An alert: ``Alert.to_json()`` plus "v"; an empty payload: the alert is gone from the hub's book.
Health: {"v": 1, "sources": [SourceHealth fields...], "at"}.
An indicator's outlook (``{p}/forecasts/{indicator}``, computed by the hub: ioc_core/forecasting/outlook.py):
  ``Outlook.to_json()`` plus "v": {"indicator", "period", "computed_at", "last", "n", "reason", "model", "skill",
  "error_pct", "mase", "mae", "coverage" (null when not known), "scored", "origins", "starts", "values", "lower",
  "upper" (the 95 % band), "risks": [{"kind", "probability", "severity", "message_vi", "message_en"}],
  "anomalies": [{"period", "value", "expected", "low", "high", "message_vi", "message_en"}], "unit"}; an empty
  payload: the hub holds no outlook of it any more. A wall reads it with ``decode_outlook`` and ``Outlook.from_json``.
A wall's presence: {"v": 1, "state", "wall", "api", "since"}.
A leader's request to show something on a wall (``{p}/requests/{id}``, ioc_hub/requests.py): {"v": 1, "id", "kind":
  "sector" | "alert" | "indicator", "target", "sector" (the sector view that shows it), "title_vi", "note", "by",
  "by_login", "at", "wall" ("" any wall), "state": "pending" | "accepted" | "declined", "answered_by",
  "answered_at", "answered_wall", "reason"}; an empty payload: the request is gone (answered more than a day ago).
"""

from __future__ import annotations

import json
import math
from dataclasses import asdict, dataclass, fields

VERSION = 1
# The hub says it is online again every HEARTBEAT_S (its presence, live): a wall that hears no live presence for
# PRESENCE_TIMEOUT_S takes the hub as gone, even when the broker still retains an "online" (a broker restarted from
# its saved state after the hub died, whose last will it never sent; a broken bridge).
HEARTBEAT_S = 5.0
PRESENCE_TIMEOUT_S = 3 * HEARTBEAT_S
MAX_PAYLOAD = 1 << 20  # a message larger than this is refused unread (the hub's biggest, health, is a few kB)


class BadMessage(ValueError):
    """A message this version cannot use: the text says which topic and why."""


@dataclass(frozen=True, slots=True)
class ReadingMessage:
    indicator: str
    region: str
    period: str
    value: float
    as_of: float
    received: float
    status: str = "unknown"
    source: str = ""
    parts: int | None = None

    def row(self) -> tuple:
        """As the indicator store keeps it: (indicator, region, period, value, observed_at, source, parts)."""
        return (self.indicator, self.region, self.period, self.value, self.as_of, self.source, self.parts)


def encode(doc: dict) -> bytes:
    return json.dumps({"v": VERSION, **doc}, ensure_ascii=False, separators=(",", ":")).encode()


def decode(topic: str, payload: bytes) -> dict | None:
    """The payload's object; None for an empty payload (a retained message removed)."""
    if not payload:
        return None
    if len(payload) > MAX_PAYLOAD:
        raise BadMessage(f"{topic}: {len(payload)} bytes, more than {MAX_PAYLOAD}")
    try:
        doc = json.loads(payload.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise BadMessage(f"{topic}: not JSON in UTF-8 ({exc})") from None
    if not isinstance(doc, dict):
        raise BadMessage(f"{topic}: a JSON object is expected, not {type(doc).__name__}")
    if doc.get("v") != VERSION:
        raise BadMessage(f"{topic}: message version {doc.get('v')!r}, this wall reads version {VERSION}")
    return doc


_NUMBER = (int, float)
_READING_TYPES = {"indicator": str, "region": str, "period": str, "value": (int, float), "as_of": (int, float),
                  "received": (int, float), "status": str, "source": str}


def _reading(topic: str, doc: dict) -> ReadingMessage:
    for name, kind in _READING_TYPES.items():
        value = doc.get(name)
        if not isinstance(value, kind) or isinstance(value, bool):
            raise BadMessage(f"{topic}: '{name}' is missing or not a {getattr(kind, '__name__', 'number')}")
    for name in ("value", "as_of", "received"):
        if not math.isfinite(doc[name]):
            raise BadMessage(f"{topic}: '{name}' is not a finite number")
    parts = doc.get("parts")
    if parts is not None and (not isinstance(parts, int) or isinstance(parts, bool)):
        raise BadMessage(f"{topic}: 'parts' is not a whole number")
    known = {f.name for f in fields(ReadingMessage)}
    return ReadingMessage(**{k: v for k, v in doc.items() if k in known})


def encode_readings(indicator: str, readings: list[ReadingMessage]) -> bytes:
    """Every region's latest reading of one indicator, as one message."""
    rows = []
    for r in readings:
        row = asdict(r)
        del row["indicator"]
        rows.append(row)
    return encode({"indicator": indicator, "readings": rows})


def decode_readings(topic: str, payload: bytes) -> list[ReadingMessage]:
    """An indicator's readings; an empty payload: none. The whole message is refused (BadMessage) when any reading in
    it is not what this version writes: the hub writes them all, so one bad reading means a bad message."""
    doc = decode(topic, payload)
    if doc is None:
        return []
    indicator, rows = doc.get("indicator"), doc.get("readings")
    if not isinstance(indicator, str) or not indicator:
        raise BadMessage(f"{topic}: 'indicator' is missing or not text")
    if not isinstance(rows, list):
        raise BadMessage(f"{topic}: 'readings' is missing or not a list")
    out = []
    append, finite, new = out.append, math.isfinite, ReadingMessage
    for n, row in enumerate(rows):  # the common case checked inline (~2.7 us a reading); a failure says why below
        try:
            value, as_of, received, parts = row["value"], row["as_of"], row["received"], row.get("parts")
            if (type(row["region"]) is str and type(row["period"]) is str and type(value) in _NUMBER
                    and type(as_of) in _NUMBER and type(received) in _NUMBER and type(row["status"]) is str
                    and type(row["source"]) is str and (parts is None or type(parts) is int)
                    and finite(value) and finite(as_of) and finite(received)):
                append(new(indicator, row["region"], row["period"], value, as_of, received, row["status"],
                           row["source"], parts))
                continue
        except (KeyError, TypeError, AttributeError):
            pass
        if not isinstance(row, dict):
            raise BadMessage(f"{topic}: readings[{n}] is not an object")
        _reading(f"{topic}: readings[{n}]", {**row, "indicator": indicator})  # raises, naming the field
        raise BadMessage(f"{topic}: readings[{n}] is not a reading")
    return out


def encode_outlook(doc: dict) -> bytes:
    """An outlook's JSON (``Outlook.to_json()``), as one message."""
    return encode(doc)


def decode_outlook(topic: str, indicator: str, payload: bytes) -> dict | None:
    """An outlook's document (without "v") for ``Outlook.from_json``; None: removed. BadMessage when it is not an
    outlook of ``indicator`` in this version (``from_json`` checks the rest)."""
    doc = decode(topic, payload)
    if doc is None:
        return None
    if doc.get("indicator") != indicator:
        raise BadMessage(f"{topic}: the outlook is of {doc.get('indicator')!r}")
    doc.pop("v", None)
    return doc


REQUEST_KINDS = ("sector", "alert", "indicator")
REQUEST_STATES = ("pending", "accepted", "declined")
_REQUEST_TEXT = ("id", "kind", "target", "title_vi", "by", "state")


def decode_request(topic: str, payload: bytes) -> dict | None:
    """A request's document (without "v"), checked as far as a wall shows it; None: removed. BadMessage when it is
    not what this version writes."""
    doc = decode(topic, payload)
    if doc is None:
        return None
    for name in _REQUEST_TEXT:
        if not isinstance(doc.get(name), str) or not doc[name]:
            raise BadMessage(f"{topic}: '{name}' is missing or not text")
    if doc["kind"] not in REQUEST_KINDS:
        raise BadMessage(f"{topic}: kind {doc['kind']!r} is not one of {', '.join(REQUEST_KINDS)}")
    if doc["state"] not in REQUEST_STATES:
        raise BadMessage(f"{topic}: state {doc['state']!r} is not one of {', '.join(REQUEST_STATES)}")
    if not isinstance(doc.get("at"), (int, float)) or isinstance(doc.get("at"), bool):
        raise BadMessage(f"{topic}: 'at' is missing or not a time")
    for name in ("sector", "note", "by_login", "wall", "answered_by", "answered_wall", "reason"):
        if not isinstance(doc.get(name, ""), str):
            raise BadMessage(f"{topic}: '{name}' is not text")
    doc.pop("v", None)
    return doc
