"""The meeting panel: the agenda with the current item, its presenter and its clock (amber in the last minutes,
red when over time), and the connected meeting points, readable from the back of the room.

It reads the controller's state (the meeting and where it is) when it paints, and repaints once a second while
an item's clock runs, since the seconds are what the chair watches.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPainter

from ioc_core import clock as wallclock
from ioc_core import fmt
from wall.i18n import tr
from wall.widgets import style
from wall.widgets.base import ViewItem

WARN_LAST_S = 120  # the item's clock turns amber this long before its time is up


def _line(px: float) -> float:
    """The height MeetingView._text takes for one line at ``px``."""
    return QFontMetricsF(style.font(px)).height() * 1.1


def mmss(seconds: float) -> str:
    s = int(abs(seconds))
    return f"{s // 60:02d}:{s % 60:02d}" if s < 3600 else f"{s // 3600}:{s % 3600 // 60:02d}:{s % 60:02d}"


class MeetingView(ViewItem):
    def __init__(self, region, view, context, clock=wallclock.now_s):
        super().__init__(region, view, context)
        self.clock = clock

    def run(self):
        controller = getattr(self.context, "controller", None)
        return controller.state.meeting if controller is not None else None

    def tick(self, now: datetime) -> None:
        run = self.run()
        if run is not None and run.status in ("running", "paused"):
            self.update()

    def draw(self, painter: QPainter) -> None:
        r = self.rect()
        painter.fillRect(r, style.PANEL)
        run = self.run()
        pad = max(16.0, r.width() * 0.04)
        px = max(style.MIN_TEXT_PX, min(r.width() / 24, r.height() / 32, 44.0))
        if run is None:
            painter.setPen(style.TEXT_DIM)
            painter.setFont(style.font(px))
            painter.drawText(r.adjusted(pad, pad, -pad, -pad), Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                             tr("Chưa có cuộc họp nào được nạp"))
            return
        m, now = run.meeting, self.clock()
        y = r.top() + pad
        width = r.width() - 2 * pad
        y = self._text(painter, m.title, pad, y, width, px * 1.15, style.TEXT, bold=True, lines=2)
        sub = f"{fmt.clock(m.starts_at, seconds=False)} {fmt.weekday(m.starts_at)} {fmt.date(m.starts_at)}"
        if m.chair:
            sub += " · " + tr("Chủ trì: %1").replace("%1", m.chair)
        y = self._text(painter, sub, pad, y, width, px * 0.8, style.TEXT_DIM, lines=2) + px * 0.4

        # the current item and its clock
        status = {"ready": tr("Chưa bắt đầu"), "running": tr("Đang họp"), "paused": tr("Tạm dừng"),
                  "ended": tr("Đã kết thúc")}[run.status]
        if 0 <= run.item < len(m.items):
            status += " · " + tr("Mục %1/%2").replace("%1", str(run.item + 1)).replace("%2", str(len(m.items)))
        y = self._text(painter, status, pad, y, width, px * 0.85, style.ACCENT, bold=True)
        if 0 <= run.item < len(m.items) and run.status != "ended":
            item = m.items[run.item]
            y = self._text(painter, item.title, pad, y, width, px * 1.05, style.TEXT, bold=True, lines=3)
            if item.presenter:
                y = self._text(painter, tr("Trình bày: %1").replace("%1", item.presenter), pad, y, width, px * 0.8,
                               style.TEXT_DIM, lines=2)
            left = run.remaining(now)
            over = left < 0
            colour = style.CRITICAL if over else style.WARNING if left <= WARN_LAST_S else style.OK
            big = tr("quá giờ %1").replace("%1", mmss(left)) if over else tr("còn %1").replace("%1", mmss(left))
            y = self._text(painter, ("◆ " if over else "") + big, pad, y, width, px * 1.6, colour, bold=True)
            y = self._text(painter, tr("đã %1 / %2 phút").replace("%1", mmss(run.elapsed(now))).replace(
                "%2", fmt.number(item.minutes, 0 if item.minutes == int(item.minutes) else 1)), pad, y, width,
                px * 0.8, style.TEXT_DIM)
        y += px * 0.5

        # the agenda
        painter.setPen(QColor(255, 255, 255, 40))
        painter.drawLine(int(r.left() + pad), int(y), int(r.right() - pad), int(y))
        y += px * 0.4
        points_h = _line(px * 0.8) * (1 + min(4, len(m.points))) if m.points else 0
        room = int((r.bottom() - pad - points_h - y) // _line(px * 0.85))
        first = 0
        if room < len(m.items):  # not all fit: from the item before the current one, "… N more" last
            first = max(0, min(run.item - 1, len(m.items) - room + 1))
        for n, item in enumerate(m.items[first:], start=first):
            if n - first >= room - 1 and n < len(m.items) - 1:
                rest = len(m.items) - n
                y = self._text(painter, tr("… và %1 mục nữa").replace("%1", str(rest)), pad, y, width, px * 0.75,
                               style.TEXT_DIM)
                break
            current = n == run.item and run.status != "ended"
            done = n < run.item or run.status == "ended"
            mark = "▶" if current else "✓" if done else f"{n + 1}."
            line = f"{mark} {item.at + ' ' if item.at else ''}{item.title}"
            if current:
                painter.fillRect(QRectF(r.left() + pad * 0.5, y - px * 0.1, r.width() - pad, px * 1.25),
                                 QColor(58, 160, 255, 60))
            y = self._text(painter, line, pad, y, width, px * 0.85, style.TEXT if not done else style.TEXT_DIM,
                           bold=current)

        # the meeting points, offline ones first
        if m.points:
            y = max(y, r.bottom() - pad - points_h)
            online = sum(p.status == "online" for p in m.points)
            y = self._text(painter, tr("Điểm cầu: %1/%2 trực tuyến").replace("%1", str(online)).replace(
                "%2", str(len(m.points))), pad, y, width, px * 0.8, style.TEXT, bold=True)
            ordered = sorted(m.points, key=lambda p: p.status == "online")
            for p in ordered[:4]:
                on = p.status == "online"
                y = self._text(painter, ("● " if on else "◆ ") + p.name + ("" if on else " — " + tr("mất kết nối")),
                               pad, y, width, px * 0.8, style.OK if on else style.CRITICAL)

    def _text(self, painter: QPainter, text: str, x: float, y: float, width: float, px: float, colour,
              bold: bool = False, lines: int = 1) -> float:
        """Draws ``text`` at (x, y) in at most ``lines`` lines, elided; returns the y below it."""
        painter.setFont(style.font(px, bold))
        painter.setPen(colour)
        fm = painter.fontMetrics()
        height = fm.height()
        if lines == 1 or fm.horizontalAdvance(text) <= width:
            painter.drawText(QRectF(x, y, width, height), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                             fm.elidedText(text, Qt.TextElideMode.ElideRight, int(width)))
            return y + height * 1.1
        box = QRectF(x, y, width, height * lines)
        flags = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap
        used = fm.boundingRect(box.toRect(), int(flags), text).height()
        painter.save()
        painter.setClipRect(box)
        painter.drawText(box, flags, text)
        painter.restore()
        return y + min(used, height * lines) + height * 0.1
