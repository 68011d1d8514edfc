"""The clock view: the time large, the date in words, from the wall's one display clock, and what that clock is.

It titles itself with nothing (a clock needs no heading) and never draws its region's name: a region that showed
the alerts ("Cảnh báo") and now shows the clock must not read "Cảnh báo" above the time.

Sizes: the time takes what the region gives it (a whole 1920x1080 screen: digits about 330 px tall); the date and
the note under it never go below style.MIN_TEXT_PX (set from the room's distance: capitals of about 37 px, 16
minutes of arc at 5 m on a 55-inch 1080p screen) -- the note is dropped first, then the date is broken after its
weekday, then dropped, rather than drawn smaller than the room can read.

What the wall knows of its clock (ioc_core/clock.py): it is the machine's system clock, or, in soak and fault
tests, a simulated one. The wall cannot tell whether the machine's clock is synchronised (it has no NTP state), so
the view says whose time it is ("Giờ của máy tường") and never claims a synchronisation it cannot see.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QPointF, QRectF, Qt
from PySide6.QtGui import QPainter

from ioc_core import clock as wallclock
from ioc_core import fmt
from wall.widgets import style
from wall.widgets.base import ViewItem

DOMINANT = 2.5  # the time at least this many times the date's size: lines that would shrink it more are dropped

_WEEKDAYS = (
    QT_TRANSLATE_NOOP("ClockView", "Thứ Hai"), QT_TRANSLATE_NOOP("ClockView", "Thứ Ba"),
    QT_TRANSLATE_NOOP("ClockView", "Thứ Tư"), QT_TRANSLATE_NOOP("ClockView", "Thứ Năm"),
    QT_TRANSLATE_NOOP("ClockView", "Thứ Sáu"), QT_TRANSLATE_NOOP("ClockView", "Thứ Bảy"),
    QT_TRANSLATE_NOOP("ClockView", "Chủ Nhật"),
)
_MONTHS = (
    QT_TRANSLATE_NOOP("ClockView", "tháng 1"), QT_TRANSLATE_NOOP("ClockView", "tháng 2"),
    QT_TRANSLATE_NOOP("ClockView", "tháng 3"), QT_TRANSLATE_NOOP("ClockView", "tháng 4"),
    QT_TRANSLATE_NOOP("ClockView", "tháng 5"), QT_TRANSLATE_NOOP("ClockView", "tháng 6"),
    QT_TRANSLATE_NOOP("ClockView", "tháng 7"), QT_TRANSLATE_NOOP("ClockView", "tháng 8"),
    QT_TRANSLATE_NOOP("ClockView", "tháng 9"), QT_TRANSLATE_NOOP("ClockView", "tháng 10"),
    QT_TRANSLATE_NOOP("ClockView", "tháng 11"), QT_TRANSLATE_NOOP("ClockView", "tháng 12"),
)


def long_date(dt: datetime) -> tuple[str, str]:
    """``("Chủ Nhật,", "6 tháng 12 năm 2026")``: the weekday and the date in words, in the wall's language (the
    two halves a narrow region draws on two lines)."""
    dt = dt.astimezone(fmt.TZ)
    day = QCoreApplication.translate("ClockView", _WEEKDAYS[dt.weekday()])
    month = QCoreApplication.translate("ClockView", _MONTHS[dt.month - 1])
    rest = (QCoreApplication.translate("ClockView", "%1 %2 năm %3")  # English: "%1 %2 %3" (6 December 2026)
            .replace("%1", str(dt.day)).replace("%2", month).replace("%3", str(dt.year)))
    return day + ",", rest


def clock_note() -> str:
    """What the wall can say of the time it shows: simulated (soak and fault tests), else the machine's own."""
    if wallclock.RATE != 1 or wallclock._OFFSET_FILE is not None:
        return QCoreApplication.translate("ClockView", "Giờ mô phỏng (thử nghiệm)")
    return QCoreApplication.translate("ClockView", "Giờ của máy tường")


@dataclass(frozen=True)
class _Plan:
    """Where the texts go for one region size and one date: the time, and the lines under it (the date on one or
    two lines, the note), each ``(text, rect, px, is_note)``."""

    time_px: float
    time_rect: QRectF  # "HH:MM" and the seconds beside it: what a tick repaints
    hm_w: float  # HH:MM's width, where the seconds start
    seconds_px: float  # 0: no seconds (they would be smaller than the room reads)
    lines: tuple[tuple[str, QRectF, float, bool], ...]
    ascent: float  # from the top of the digits to their baseline


class ClockView(ViewItem):
    paints_background = True  # draw() fills its whole rectangle first (ViewItem.covers)

    SECONDS = 0.36  # the seconds' size against the hours and minutes

    def __init__(self, region, view, context=None):
        super().__init__(region, view, context)
        self._now = fmt.now()
        self._plan: _Plan | None = None
        self._plan_key = None

    def tick(self, now: datetime) -> None:
        before = long_date(self._now)
        self._now = now
        if long_date(now) != before or self._plan is None:
            self.update()  # midnight: the date changes too
        else:
            pad = self._plan.time_px * 0.05  # the glyphs' antialiased edges
            self.update(self._plan.time_rect.adjusted(-pad, -pad, pad, pad))

    def texts(self) -> list[tuple[str, float]]:
        """What the view draws now, with each text's font pixel size: the time, its seconds, the date, the note."""
        plan = self.plan()
        out = [(fmt.clock(self._now, seconds=False), plan.time_px)]
        if plan.seconds_px:
            out.append((self._seconds(), plan.seconds_px))
        return out + [(text, px) for text, _, px, _ in plan.lines]

    def _seconds(self) -> str:
        return ":" + self._now.astimezone(fmt.TZ).strftime("%S")

    def plan(self) -> _Plan:
        r = self.rect()
        key = (r.width(), r.height(), long_date(self._now), clock_note(), style.MIN_TEXT_PX)
        if key != self._plan_key:
            self._plan, self._plan_key = _layout(r, *long_date(self._now), clock_note(), self.SECONDS), key
        return self._plan

    def draw(self, painter: QPainter) -> None:
        painter.fillRect(self.rect(), style.BACKGROUND)
        plan = self.plan()
        t = plan.time_rect
        big = style.font(plan.time_px, bold=True)
        baseline = t.top() + plan.ascent
        painter.setPen(style.TEXT)
        painter.setFont(big)
        painter.drawText(QPointF(t.left(), baseline), fmt.clock(self._now, seconds=False))
        if plan.seconds_px:
            painter.setPen(style.TEXT_DIM)
            painter.setFont(style.font(plan.seconds_px, bold=True))
            painter.drawText(QPointF(t.left() + plan.hm_w, baseline), self._seconds())
        for text, rect, px, note in plan.lines:
            painter.setPen(style.TEXT_DIM if note else style.TEXT)
            painter.setFont(style.font(px, bold=not note))
            painter.drawText(rect, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop, text)


def _advance(text: str, px: float, bold: bool) -> float:
    return style.metrics(style.font(px, bold)).horizontalAdvance(text)


def _layout(r: QRectF, day: str, date: str, note: str, seconds: float) -> _Plan:
    """The largest time that leaves room under it for the date (on one line, else broken after the weekday) and
    the note; the note goes first, then the date, when the region is too small for them at style.MIN_TEXT_PX."""
    width, height = r.width() * 0.92, r.height() * 0.92
    ref = 200.0
    hm_w = _advance("00:00", ref, True) / ref  # per pixel of font size (the wall's digits are all one width)
    s_w = _advance(":00", ref * seconds, True) / ref
    time_h = _ink(ref).height() / ref  # the digits' own height: no room kept for accents a time never has

    def largest(with_seconds: bool) -> float:
        return min(height / time_h, width / (hm_w + (s_w if with_seconds else 0)))

    def fit(text: str, bold: bool, want: float) -> float:
        """The size ``text`` is drawn at: at most ``want``, narrower than the region (0: not even at the room's
        smallest size)."""
        px = min(want, width * ref / max(1.0, _advance(text, ref, bold)))
        return px if px >= style.MIN_TEXT_PX else 0.0

    def line_h(px: float) -> float:
        return style.metrics(style.font(px)).height()

    whole = f"{day} {date}"
    for texts, with_note in (((whole,), True), ((whole,), False), ((day, date), False), ((), False)):
        px = largest(True)
        if px * seconds < style.MIN_TEXT_PX:
            px = largest(False)
        least = style.MIN_TEXT_PX
        while px >= (DOMINANT * least if texts else least):  # the largest time, shrunk until the lines fit
            sizes = [fit(t, True, max(style.MIN_TEXT_PX, px * 0.3)) for t in texts]
            if not all(sizes):
                break  # too wide at style.MIN_TEXT_PX whatever the time's size
            lines = [(t, min(sizes), False) for t in texts]
            if with_note:
                size = fit(note, False, max(style.MIN_TEXT_PX, px * 0.16))
                if not size:
                    break
                lines.append((note, size, True))
            gap = 0.12 * px if lines else 0
            if px * time_h + gap + sum(line_h(s) for _, s, _ in lines) <= height:
                return _place(r, px, seconds, lines)
            px *= 0.95
    return _place(r, max(style.MIN_TEXT_PX, min(largest(False), r.height())), seconds, [])


def _place(r: QRectF, px: float, seconds: float, lines: list[tuple[str, float, bool]]) -> _Plan:
    big = style.metrics(style.font(px, bold=True))
    ink = _ink(px)
    seconds_px = px * seconds if px * seconds >= style.MIN_TEXT_PX else 0.0
    hm_w = big.horizontalAdvance("00:00")
    w = hm_w + (_advance(":00", seconds_px, True) if seconds_px else 0)
    heights = [style.metrics(style.font(s)).height() for _, s, _ in lines]
    gap = 0.12 * px if lines else 0
    total = ink.height() + gap + sum(heights)
    time_rect = QRectF(r.left() + (r.width() - w) / 2, r.top() + (r.height() - total) / 2, w, ink.height())
    y, placed = time_rect.bottom() + gap, []
    for (text, size, note), h in zip(lines, heights, strict=True):
        placed.append((text, QRectF(r.left(), y, r.width(), h), size, note))
        y += h
    return _Plan(px, time_rect, hm_w, seconds_px, tuple(placed), -ink.top())


def _ink(px: float) -> QRectF:
    """The box the time's digits ink at ``px``, from their baseline (top negative: above it)."""
    return style.metrics(style.font(px, bold=True)).tightBoundingRect("0123456789:")
