"""Vietnamese formats for what the wall shows: 5.238.802 · 12,5 · 23/11/2026 · 14:05 (Qt-free)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from ioc_core import clock as wallclock

TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def now() -> datetime:
    return datetime.fromtimestamp(wallclock.now_s(), TZ)


def number(value: float, decimals: int = 0) -> str:
    """``5238802`` -> ``5.238.802``; ``12.5, 1`` -> ``12,5`` (dot groups thousands, comma marks decimals)."""
    value = round(value, decimals) + 0.0  # -0.04 shown with no decimals is 0, not "-0"
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def date(dt: datetime) -> str:
    return dt.astimezone(TZ).strftime("%d/%m/%Y")


def clock(dt: datetime, seconds: bool = True) -> str:
    return dt.astimezone(TZ).strftime("%H:%M:%S" if seconds else "%H:%M")


def moment(dt: datetime) -> str:
    """"14:05 24/11/2026": when a figure stood, as the wall and the minutes print it."""
    return f"{clock(dt, seconds=False)} {date(dt)}"


WEEKDAYS = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật")


def weekday(dt: datetime) -> str:
    return WEEKDAYS[dt.astimezone(TZ).weekday()]


def value(v: float, unit: str = "") -> str:
    """A figure as the wall shows it: rates with one decimal, small values with up to two, counts whole."""
    if unit == "%" or (abs(v) < 100 and v != int(v)):
        return number(v, 1 if abs(v) >= 1 or unit == "%" else 2)
    return number(v, 0)


def age(seconds: float) -> str:
    """``3 giờ trước``: how long ago, in the largest whole unit."""
    s = max(0, int(seconds))
    for size, unit in ((86400, "ngày"), (3600, "giờ"), (60, "phút")):
        if s >= size:
            return f"{s // size} {unit} trước"
    return "vừa xong"


def signed(v: float, decimals: int = 1) -> str:
    """``+1,2`` / ``-0,4`` / ``0``: the sign of what is shown, so a change that rounds away reads 0."""
    shown = round(v, decimals) + 0.0
    return ("+" if shown > 0 else "") + number(shown, decimals)
