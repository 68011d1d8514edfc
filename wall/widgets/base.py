"""Base of every view item placed in a region of the wall canvas."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter
from PySide6.QtWidgets import QGraphicsItem, QGraphicsWidget

from wall.layouts.model import Region
from wall.widgets import style

log = logging.getLogger(__name__)


@dataclass
class ViewContext:
    """What views may need from the wall: indicator data and the declared sector views."""

    hub: object | None = None  # wall.runtime.datahub.DataHub
    sector_views: dict = field(default_factory=dict)
    alerts: object | None = None  # wall.alerts.AlertBook
    cameras: object | None = None  # wall.catalogue.cameras.CameraCatalogue
    web_allow: object | None = None  # wall.webpolicy.WebAllowlist: the hosts web views may show (None: none)

    def sector_view(self, sector: str):
        from wall.catalogue.sectorviews import sector_view

        return sector_view(self.hub.catalogue, sector, self.sector_views)


class ViewItem(QGraphicsWidget):
    """A view drawn in wall-canvas pixels (a 1920x1080 screen is 1920x1080 units, whatever the monitor).

    Subclasses draw in local coordinates ``(0, 0, width, height)``. ``tick`` is called once a second by the wall's
    single display clock; a view updates only what changed.
    """


    def __init__(self, region: Region, view: dict | None, context: ViewContext | None = None):
        super().__init__()
        self.context = context
        self._draw_failed = False
        self.region = region
        self.view = view
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemClipsToShape, True)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemClipsChildrenToShape, True)
        # Qt then tells paint() which part of the item is exposed. Without it every screen drew every region that
        # touches its edges (Qt widens each item by 2 px for antialiasing): the centre screen drew all nine.
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption, True)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)

    def set_region(self, region: Region) -> None:
        """The same view moved to another region (or the region was renamed): no rebuild, just relabel."""
        if region != self.region:
            self.region = region
            self.update()

    def place(self, rect: QRectF) -> None:
        if self.geometry() != rect:
            self.setGeometry(rect)

    def tick(self, now: datetime) -> None:
        """Called every second by the wall's display clock."""

    def paint(self, painter: QPainter, option, widget=None) -> None:
        """Draws the view; a view that fails to draw shows why instead of taking the wall down.

        An exception escaping a paint override unwinds through Qt's C++ paint code and can kill the process
        (seen: a segmentation fault), so no exception leaves here.
        """
        # the part Qt asks for (ItemUsesExtendedStyleOption): views may skip what lies outside it
        self.exposed = QRectF(option.exposedRect) if option is not None else self.rect()
        if self.exposed.isEmpty():  # a neighbour screen's repaint that only grazes this region's edge
            return
        painter.save()
        try:
            self.draw(painter)
        except Exception as exc:
            if not self._draw_failed:
                log.exception("view %s in region %s failed to draw", self.view, self.region.id)
            self._draw_failed = True
            painter.restore()
            painter.save()
            _draw_failure(painter, self.rect(), self.region.label, exc)
        else:
            self._draw_failed = False
        finally:
            painter.restore()

    def draw(self, painter: QPainter) -> None:
        """Subclasses draw here, in local coordinates (0, 0, width, height)."""

    def dispose(self) -> None:
        """Release streams, timers and threads before the item is deleted."""


def _draw_failure(painter: QPainter, r: QRectF, label: str, exc: Exception) -> None:
    painter.fillRect(r, QColor("#12203a"))
    painter.setPen(style.CRITICAL)
    painter.drawRect(r.adjusted(2, 2, -2, -2))
    font = QFont()
    font.setPixelSize(max(28, int(r.height() / 20)))
    painter.setFont(font)
    painter.setPen(QColor("#f2f5fa"))
    painter.drawText(r.adjusted(30, 30, -30, -30), Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap,
                     f"{label}\nLỗi hiển thị: {type(exc).__name__}: {exc}"[:300])
