"""The alert ticker as a region of its own: the province's (or one sector's) alerts, newest and most severe first."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QRectF, Qt
from PySide6.QtGui import QPainter

from ioc_core import fmt
from ioc_core.alerts.audit_alarm import SECTOR as SYSTEM_SECTOR
from ioc_core.views.alerts import list_order, sector_names
from wall.widgets import style
from wall.widgets.dataview import MinuteView
from wall.widgets.panels import paint_alerts


class AlertsView(MinuteView):
    paints_background = True  # draw() fills its whole rectangle first (ViewItem.covers)
    HEADER = 0.1

    def __init__(self, region, view, context):
        super().__init__(region, view, context)
        self.book = context.alerts
        self.catalogue = context.hub.catalogue
        self.sector = (view or {}).get("sector")
        self.plan: dict = {}  # what the last paint laid out (panels.paint_alerts)
        self.title = ""  # the title the last paint drew
        self.follow_alerts(self.book)

    def _alert_event(self, alert, event: str) -> None:
        if self.sector is None or alert.sector == self.sector:
            self.update()

    def alerts(self):
        """In list order: most severe first, then unacknowledged, then newest (ioc_core.views.alerts)."""
        return list_order(self.book.alerts(self.sector))

    def draw(self, painter: QPainter) -> None:
        r = self.rect()
        painter.fillRect(r, style.BACKGROUND)
        head_h = max(style.MIN_TEXT_PX * 2.2, r.height() * self.HEADER)
        head = QRectF(r.left(), r.top(), r.width(), head_h)
        painter.fillRect(head, style.PANEL)
        pad = head_h * 0.25
        alerts = self.alerts()
        self.title = self._draw_title(painter, head, pad, alerts)
        body = QRectF(r.left(), head.bottom(), r.width(), r.height() - head_h).adjusted(8, 8, -8, -8)
        limit = max(1, int(body.height() // max(style.MIN_TEXT_PX * 2.8, 90)))
        self.plan = paint_alerts(painter, body, alerts, limit, self.sector_names(), " ", self.catalogue)

    def _draw_title(self, painter: QPainter, head: QRectF, pad: float, alerts) -> str:
        """The title whole on one line with the clock: the count waiting, then the sector's name, then the clock
        are left out before the title is cut. Returns the title drawn."""
        word = QCoreApplication.translate("AlertsView", "Cảnh báo")
        sector = ""
        if self.sector and self.sector in self.catalogue.sectors:
            s = self.catalogue.sectors[self.sector]
            sector = " · " + (s.name_en if style.LANGUAGE == "en" else s.name_vi)
        waiting = sum(1 for a in alerts if not a.acknowledged)
        count = ("  ·  " + QCoreApplication.translate("AlertsView", "%1 chưa xác nhận").replace("%1", str(waiting))
                 if waiting else "")
        clock = fmt.clock(self._now, seconds=False)
        px = head.height() * 0.45
        bold = style.metrics(style.font(px, bold=True))
        clock_w = bold.horizontalAdvance(clock) + pad * 2
        tries = [(word + sector + count, True), (word + sector, True), (word + count, True), (word, True),
                 (word, False)]
        for title, with_clock in tries:
            width = head.width() - pad - (clock_w if with_clock else pad)
            font = style.fitting_font(title, width, px, style.MIN_TEXT_PX, bold=True)
            if style.metrics(font).horizontalAdvance(title) <= width:
                break
        else:
            return ""
        painter.setPen(style.TEXT)
        if with_clock:
            painter.setFont(style.font(px, bold=True))
            painter.drawText(head.adjusted(0, 0, -pad, 0),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, clock)
        painter.setFont(font)
        painter.drawText(QRectF(head.left() + pad, head.top(), width, head.height()),
                         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, title)
        return title

    def sector_names(self) -> dict[str, str] | None:
        """What each alert's head says its sector is (None: one sector's ticker, whose title names it)."""
        if self.sector:
            return None
        # the wall's own alerts (its disk, its audit log): no sector of the catalogue's
        return sector_names(self.catalogue, style.LANGUAGE,
                            (SYSTEM_SECTOR, QCoreApplication.translate("Alerts", "Hệ thống tường")))
