"""One value of one indicator, for one region and one period, as a source reported it."""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from ioc_core.fmt import TZ

PROVINCE = "province"


@dataclass(frozen=True, slots=True)
class Observation:
    indicator: str
    period: str  # start of the period it describes: "2026-11-23", or "2026-11-23T14:05" for instant values
    value: float
    region: str = PROVINCE
    observed_at: float | None = None  # epoch seconds the source says it measured; None: when it was received
    parts: int | None = None  # a province value made from commune values: how many communes it was made from


def fold(text) -> str:
    """Text compared the way people type it: no diacritics (đ is d), no case, single spaces."""
    text = unicodedata.normalize("NFD", str(text).replace("đ", "d").replace("Đ", "D"))
    return " ".join("".join(c for c in text if not unicodedata.combining(c)).casefold().split())


class BadValue(ValueError):
    """A value or a period that cannot be read; the message says which and why."""


def parse_number(raw, vietnamese: bool = False) -> float:
    """Numbers as sources send them: 12.5, "12.5", "12,5", "5.238.802", "1.234,5". None and "" are missing.

    A single dot is a decimal point ("15.49"), unless ``vietnamese`` (hand-filled sheets), where "19.000" is
    nineteen thousand. A comma is always the Vietnamese decimal mark.
    """
    if isinstance(raw, bool):
        raise BadValue(f"{raw!r} is not a number")
    if isinstance(raw, int | float):
        value = float(raw)
    elif isinstance(raw, str):
        text = raw.strip().replace("\u00a0", "").replace(" ", "")
        if not text:
            raise BadValue("value is missing")
        head, _, tail = text.lstrip("-").partition(".")
        if "," in text:
            text = text.replace(".", "").replace(",", ".")
        elif text.count(".") > 1 or (vietnamese and len(tail) == 3 and head.isdigit() and tail.isdigit()):
            text = text.replace(".", "")
        try:
            value = float(text)
        except ValueError:
            raise BadValue(f"{raw!r} is not a number") from None
    elif raw is None:
        raise BadValue("value is missing")
    else:
        raise BadValue(f"{raw!r} is not a number")
    if not math.isfinite(value):
        raise BadValue(f"{raw!r} is not a finite number")
    return value


_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%Y-%m", "%m/%Y", "%Y", "%Y/%m/%d")
# a date with its time as Vietnamese systems write it (ISO 8601 is read by datetime.fromisoformat)
_TIME_FORMATS = ("%d/%m/%Y %H:%M", "%d/%m/%Y %H:%M:%S", "%d-%m-%Y %H:%M", "%d-%m-%Y %H:%M:%S", "%Y/%m/%d %H:%M",
                 "%Y/%m/%d %H:%M:%S")
EPOCH_S = (1e9, 1e11)  # 2001-09-09 .. 5138: a Unix time in seconds
EPOCH_MS = (1e11, 1e14)  # ... in milliseconds, as Java systems (Liferay, OpenCPS) send their dates


def _epoch(raw) -> float | None:
    """A Unix time in seconds or milliseconds (a number, or a text of 10 or 13 digits), as epoch seconds."""
    if isinstance(raw, str) and raw.strip().isdigit() and len(raw.strip()) in (10, 13):
        raw = int(raw.strip())
    if isinstance(raw, bool) or not isinstance(raw, int | float):
        return None
    if EPOCH_S[0] <= raw < EPOCH_S[1]:
        return float(raw)
    if EPOCH_MS[0] <= raw < EPOCH_MS[1]:
        return raw / 1000
    return None


def parse_period(raw, fmt: str | None = None) -> str:
    """A period start as sortable text; dates in ISO, dd/MM/yyyy, dd-MM-yyyy, yyyy-MM, MM/yyyy or yyyy,
    date-times in ISO 8601 (converted to Vietnam time, minute precision)."""
    if isinstance(raw, datetime):
        dt = raw if raw.tzinfo else raw.replace(tzinfo=TZ)
        return dt.astimezone(TZ).strftime("%Y-%m-%dT%H:%M")
    if isinstance(raw, date):
        return raw.isoformat()
    if isinstance(raw, int) and 1900 <= raw <= 2999:
        return f"{raw}-01-01"
    epoch = _epoch(raw) if not fmt else None
    if epoch is not None:
        return parse_period(datetime.fromtimestamp(epoch, TZ))
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        raise BadValue(f"period {raw!r} is a number but neither a year nor a Unix time")
    if not isinstance(raw, str) or not raw.strip():
        raise BadValue(f"period {raw!r} is missing or not text")
    text = raw.strip()
    for f in ((fmt,) if fmt else _FORMATS):
        try:
            return datetime.strptime(text, f).date().isoformat()
        except ValueError:
            continue
    for f in (() if fmt else _TIME_FORMATS):
        try:
            return parse_period(datetime.strptime(text, f))
        except ValueError:
            continue
    try:
        return parse_period(datetime.fromisoformat(text.replace("Z", "+00:00")))
    except ValueError:
        raise BadValue(f"period {raw!r} is not a date{f' in the format {fmt}' if fmt else ''}") from None


def start_of(day: date, kind: str) -> date:
    """The first day of the ``kind`` period (week: from Monday; month, quarter, year; else the day) holding ``day``."""
    if kind == "week":
        return day - timedelta(days=day.weekday())
    if kind == "month":
        return day.replace(day=1)
    if kind == "quarter":
        return day.replace(month=(day.month - 1) // 3 * 3 + 1, day=1)
    if kind == "year":
        return day.replace(month=1, day=1)
    return day


def period_start(period: str) -> datetime:
    if "T" in period:
        return datetime.strptime(period, "%Y-%m-%dT%H:%M").replace(tzinfo=TZ)
    return datetime.strptime(period, "%Y-%m-%d").replace(tzinfo=TZ)
