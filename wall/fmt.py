"""Vietnamese formats for what the wall shows: 5.238.802 · 12,5 · 23/11/2026 · 14:05 (Qt-free)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def now() -> datetime:
    return datetime.now(TZ)


def number(value: float, decimals: int = 0) -> str:
    """``5238802`` -> ``5.238.802``; ``12.5, 1`` -> ``12,5`` (dot groups thousands, comma marks decimals)."""
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def date(dt: datetime) -> str:
    return dt.astimezone(TZ).strftime("%d/%m/%Y")


def clock(dt: datetime, seconds: bool = True) -> str:
    return dt.astimezone(TZ).strftime("%H:%M:%S" if seconds else "%H:%M")


WEEKDAYS = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật")


def weekday(dt: datetime) -> str:
    return WEEKDAYS[dt.astimezone(TZ).weekday()]
