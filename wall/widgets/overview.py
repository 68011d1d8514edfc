"""The province overview: one card per sector, the worst first, so the area in trouble is the first thing seen."""

from __future__ import annotations

import math
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen

from wall.catalogue import Sector
from wall.widgets import style
from wall.widgets.dataview import DataView
from wall.widgets.sector import Tile, make_tile

SEVERITY = style.STATE_ORDER


@dataclass(frozen=True)
class SectorCard:
    sector: Sector
    state: str  # the worst tile state of the sector
    critical: int
    warning: int
    stale: int
    worst: Tile | None  # the tile that gives the state

    def sort_key(self) -> tuple:
        return (SEVERITY[self.state], -self.critical, -self.warning, -self.stale, self.sector.name_vi)


def sector_cards(hub, now: float) -> list[SectorCard]:
    """Every sector's card, exception first: critical, then warning, then out-of-date data, then the rest."""
    cards = []
    for sector in hub.catalogue.sectors.values():
        tiles = [make_tile(ind, hub.reading(ind.id), now) for ind in hub.catalogue.of_sector(sector.id)]
        count = {k: sum(t.state == k for t in tiles) for k in SEVERITY}
        worst = min(tiles, key=lambda t: SEVERITY[t.state], default=None)
        state = worst.state if worst else "no_data"
        if count["no_data"] and count["no_data"] < len(tiles) and state == "no_data":
            state = "normal"
        cards.append(SectorCard(sector, state, count["critical"], count["warning"], count["stale"], worst))
    return sorted(cards, key=SectorCard.sort_key)


class OverviewView(DataView):
    def cards(self) -> list[SectorCard]:
        return sector_cards(self.hub, self._now.timestamp())

    def draw(self, painter: QPainter) -> None:
        r = self.rect()
        painter.fillRect(r, style.BACKGROUND)
        cards = self.cards()
        cols = round(math.sqrt(max(1, len(cards)) * r.width() / r.height() / 1.8))
        for cell, card in zip(style.grid(r, len(cards), cols, max(10.0, min(r.width(), r.height()) * 0.012)), cards,
                              strict=True):
            self._draw_card(painter, cell, card)

    def _draw_card(self, painter: QPainter, r: QRectF, card: SectorCard) -> None:
        colour, shape, word = style.STATUS_LOOK[card.state]
        accent = QColor(colour)
        path = QPainterPath()
        path.addRoundedRect(r, r.height() * 0.06, r.height() * 0.06)
        painter.fillPath(path, style.PANEL)
        painter.fillRect(QRectF(r.left(), r.top(), max(8.0, r.width() * 0.025), r.height()), accent)
        painter.setPen(QPen(accent, 4 if card.state in ("critical", "warning") else 2))
        painter.drawPath(path)
        pad = r.height() * 0.1
        inner = r.adjusted(pad + r.width() * 0.025, pad * 0.7, -pad, -pad * 0.7)
        name = card.sector.name_en if style.LANGUAGE == "en" else card.sector.name_vi
        painter.setPen(style.TEXT)
        painter.setFont(style.fitting_font(name, inner.width(), inner.height() * 0.24, inner.height() * 0.15, True))
        top = QRectF(inner.left(), inner.top(), inner.width(), inner.height() * 0.34)
        painter.drawText(top, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         painter.fontMetrics().elidedText(name, Qt.TextElideMode.ElideRight, int(inner.width())))
        painter.setPen(accent)
        painter.setFont(style.font(inner.height() * 0.2, bold=True))
        status = QRectF(inner.left(), top.bottom(), inner.width(), inner.height() * 0.3)
        painter.drawText(status, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         f"{shape} {QCoreApplication.translate('Status', word)}")
        parts = []
        if card.critical:
            parts.append(QCoreApplication.translate("Overview", "%1 nghiêm trọng").replace("%1", str(card.critical)))
        if card.warning:
            parts.append(QCoreApplication.translate("Overview", "%1 cảnh báo").replace("%1", str(card.warning)))
        if card.stale:
            parts.append(QCoreApplication.translate("Overview", "%1 số liệu cũ").replace("%1", str(card.stale)))
        detail = " · ".join(parts)
        if card.worst is not None and card.state in ("critical", "warning") and card.worst.value is not None:
            detail = f"{card.worst.value} {card.worst.unit} · {card.worst.name}"  # the figure first: names are long
        painter.setPen(style.TEXT_DIM)
        painter.setFont(style.font(inner.height() * 0.15))
        bottom = QRectF(inner.left(), status.bottom(), inner.width(), inner.bottom() - status.bottom())
        painter.drawText(bottom, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         painter.fontMetrics().elidedText(detail, Qt.TextElideMode.ElideRight, int(inner.width())))
