"""The meeting panel: the agenda with the current item, its presenter and its clock (amber in the last minutes,
red when over time), and the connected meeting points, readable from the back of the room.

It reads the controller's state (the meeting and where it is) when it paints, and repaints once a second while
an item's clock runs, since the seconds are what the chair watches.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtGui import QColor, QPainter

from ioc_core import clock as wallclock
from ioc_core import fmt
from wall.i18n import tr
from wall.widgets import style
from wall.widgets.base import ViewItem
from wall.widgets.textplan import Column

WARN_LAST_S = 120  # the item's clock turns amber this long before its time is up


def _line(px: float) -> float:
    """The height MeetingView._text takes for one line at ``px``."""
    return style.metrics(style.font(px)).height() * 1.1


def mmss(seconds: float) -> str:
    s = int(abs(seconds))
    return f"{s // 60:02d}:{s % 60:02d}" if s < 3600 else f"{s // 3600}:{s % 3600 // 60:02d}:{s % 60:02d}"


class MeetingView(ViewItem):
    paints_background = True  # draw() fills its whole rectangle first (ViewItem.covers)
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
        """Top down, each text whole at the room's size or left out: the meeting's title and time, the item on now
        with its presenter and clock (room kept for them first: the chair watches them), the agenda (from the
        item before the current one), and the meeting points, offline first."""
        r = self.rect()
        painter.fillRect(r, style.PANEL)
        run = self.run()
        pad = max(16.0, r.width() * 0.04)
        px = max(style.MIN_TEXT_PX, min(r.width() / 24, r.height() / 32, 44.0))
        col = Column(painter, r.left() + pad, r.top() + pad, r.width() - 2 * pad, r.bottom() - pad)
        if run is None:
            text = tr("Chưa có cuộc họp nào được nạp")
            col.y = r.top() + (r.height() - col.height(text, px, most=3)) / 2
            col.put(text, px, style.TEXT_DIM, most=3)
            return
        m, now = run.meeting, self.clock()
        status = {"ready": tr("Chưa bắt đầu"), "running": tr("Đang họp"), "paused": tr("Tạm dừng"),
                  "ended": tr("Đã kết thúc")}[run.status]
        if 0 <= run.item < len(m.items):
            status += " · " + tr("Mục %1/%2").replace("%1", str(run.item + 1)).replace("%2", str(len(m.items)))
        item = m.items[run.item] if 0 <= run.item < len(m.items) and run.status != "ended" else None
        big = ""
        if item is not None:
            left = run.remaining(now)
            over = left < 0
            clock_colour = style.CRITICAL if over else style.WARNING if left <= WARN_LAST_S else style.OK
            big = ("◆ " if over else "") + (tr("quá giờ %1") if over else tr("còn %1")).replace("%1", mmss(left))
        # what must stay: the status, the item's title and its clock
        must = col.height(status, px * 0.85, True) + (col.height(item.title, px * 1.05, True, 5)
                                                      + col.height(big, px * 1.6, True) if item else 0)
        col.put(m.title, px * 1.15, style.TEXT, bold=True, most=2, keep_below=must)
        sub = f"{fmt.clock(m.starts_at, seconds=False)} {fmt.weekday(m.starts_at)} {fmt.date(m.starts_at)}"
        if m.chair:
            sub += " · " + tr("Chủ trì: %1").replace("%1", m.chair)
        col.put(sub, px * 0.8, style.TEXT_DIM, most=2, keep_below=must)
        col.skip(px * 0.3)
        col.put(status, px * 0.85, style.ACCENT, bold=True)
        if item is not None:
            clock_h = col.height(big, px * 1.6, True)
            col.put(item.title, px * 1.05, style.TEXT, bold=True, most=5, keep_below=clock_h)
            if item.presenter:
                col.put(tr("Trình bày: %1").replace("%1", item.presenter), px * 0.8, style.TEXT_DIM, most=2,
                        keep_below=clock_h)
            col.put(big, px * 1.6, clock_colour, bold=True)
            col.put(tr("đã %1 / %2 phút").replace("%1", mmss(run.elapsed(now))).replace(
                "%2", fmt.number(item.minutes, 0 if item.minutes == int(item.minutes) else 1)), px * 0.8,
                style.TEXT_DIM)
        col.skip(px * 0.3)
        if col.y + _line(px * 0.85) > col.bottom:
            return

        # the agenda, from the item before the current one; the meeting points keep their lines below
        painter.setPen(QColor(255, 255, 255, 40))
        painter.drawLine(int(r.left() + pad), int(col.y), int(r.right() - pad), int(col.y))
        col.skip(px * 0.3)
        online = sum(p.status == "online" for p in m.points)
        points_head = tr("Điểm cầu: %1/%2 trực tuyến").replace("%1", str(online)).replace("%2", str(len(m.points)))
        points_h = col.height(points_head, px * 0.8, True) if m.points else 0.0
        first = max(0, run.item - 1) if run.status != "ended" else 0
        for n in range(first, len(m.items)):
            agenda_item = m.items[n]
            current = n == run.item and run.status != "ended"
            done = n < run.item or run.status == "ended"
            mark = "▶" if current else "✓" if done else f"{n + 1}."
            line = f"{mark} {agenda_item.at + ' ' if agenda_item.at else ''}{agenda_item.title}"
            more = tr("… và %1 mục nữa").replace("%1", str(len(m.items) - n - 1))
            more_h = col.height(more, px * 0.75) if n < len(m.items) - 1 else 0.0
            if not col.put(line, px * 0.85, style.TEXT if not done else style.TEXT_DIM, bold=current, most=2,
                           keep_below=more_h + points_h, band=QColor(58, 160, 255, 60) if current else None):
                if n > first:  # some of the agenda shown: the rest counted
                    col.put(tr("… và %1 mục nữa").replace("%1", str(len(m.items) - n)), px * 0.75,
                            style.TEXT_DIM, keep_below=points_h)
                break

        # the meeting points, offline ones first
        if m.points and col.put(points_head, px * 0.8, style.TEXT, bold=True):
            for p in sorted(m.points, key=lambda p: p.status == "online"):
                on = p.status == "online"
                if not col.put(("● " if on else "◆ ") + p.name + ("" if on else " — " + tr("mất kết nối")), px * 0.8,
                               style.OK if on else style.CRITICAL):
                    break
