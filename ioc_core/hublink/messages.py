"""The JSON in each hub message (UTF-8, one object, ``"v": 1``). Decoding never trusts the broker: a payload that is
not what this version writes raises ``BadMessage`` naming the topic and the problem, and the caller skips it (a wall
keeps what it has).

A reading: {"v": 1, "indicator", "region", "period", "value", "as_of", "received", "status", "source", "parts"}
  ``as_of``: epoch seconds the value stands as of (the source's own time, or when the hub received it when the source
  gives none): the time every wall judges its age by, so every wall shows the same age. ``received``: when the hub
  stored it. ``status``: normal | warning | critical by the catalogue's thresholds, as the hub judged it.
The hub's presence: {"v": 1, "state": "online" | "offline", "hub", "since", "api", "fingerprint", "readings", "alerts"}
  ``readings``: how many reading topics the hub has retained, so a wall starting knows when it has them all.
An alert: ``Alert.to_json()`` plus "v"; an empty payload: the alert is gone from the hub's book.
Health: {"v": 1, "sources": [SourceHealth fields...], "at"}.
A wall's presence: {"v": 1, "state", "wall", "api", "since"}.
"""

from __future__ import annotations

import json
import math
from dataclasses import asdict, dataclass, fields

VERSION = 1
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


def encode_reading(r: ReadingMessage) -> bytes:
    return encode(asdict(r))


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


_READING_TYPES = {"indicator": str, "region": str, "period": str, "value": (int, float), "as_of": (int, float),
                  "received": (int, float), "status": str, "source": str}


def decode_reading(topic: str, payload: bytes) -> ReadingMessage | None:
    doc = decode(topic, payload)
    if doc is None:
        return None
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
