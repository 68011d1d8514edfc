"""The province overview: one card per sector, the worst first, so the area in trouble is the first thing seen.

Within a severity, a sector whose alert was raised or got worse in the last hour comes first and says so on its
card ("▲ mới 14:05"): what changed stands out from what has been known all morning.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime

from PySide6.QtCore import QCoreApplication, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen

from ioc_core import fmt
from ioc_core.catalogue import Sector
from ioc_core.views.tiles import Tile, sector_tiles
from wall.widgets import style
from wall.widgets.dataview import DataView

SEVERITY = style.STATE_ORDER
RECENT_S = 3600  # an alert raised or escalated this recently marks its sector's card as changed


@dataclass(frozen=True)
class SectorCard:
    sector: Sector
    state: str  # the worst tile state of the sector
    critical: int
    warning: int
    stale: int
    worst: Tile | None  # the tile that gives the state
    changed_at: float | None = None  # newest alert raised or escalated within RECENT_S, if any

    def sort_key(self) -> tuple:
        return (SEVERITY[self.state], -(self.changed_at or 0.0), -self.critical, -self.warning, -self.stale,
                self.sector.name_vi)


def sector_cards(hub, now: float, alerts=None, tiles_of: dict[str, list[Tile]] | None = None) -> list[SectorCard]:
    """Every sector's card, exception first: critical, then warning, then out-of-date data, then the rest; within
    each, the sectors that changed most recently first (``alerts``: the alert book, when the wall has one;
    ``tiles_of``: each sector's tiles as the view-model worker built them, else read now through the hub)."""
    if tiles_of is None:
        tiles_of = sector_tiles(hub.catalogue, hub, now, style.LANGUAGE)
    cards = []
    for sector in hub.catalogue.sectors.values():
        tiles = tiles_of.get(sector.id, [])
        count = {k: sum(t.state == k for t in tiles) for k in SEVERITY}
        worst = min(tiles, key=lambda t: SEVERITY[t.state], default=None)
        state = worst.state if worst else "no_data"
        if count["no_data"] and count["no_data"] < len(tiles) and state == "no_data":
            state = "normal"
        # threshold alerts only: they are what the card's state says; a forecast risk on a card that reads
        # "normal" would be news without a visible reason (the sector's own screen shows it on the tile)
        news = [a.updated_at for a in alerts.alerts(sector.id) if a.cause == "threshold"] if alerts else []
        changed = max(news, default=None)
        if changed is not None and not 0 <= now - changed < RECENT_S:
            changed = None
        cards.append(SectorCard(sector, state, count["critical"], count["warning"], count["stale"], worst, changed))
    return sorted(cards, key=SectorCard.sort_key)


class OverviewView(DataView):
    def __init__(self, region, view, context):
        super().__init__(region, view, context)
        self.alerts = context.alerts
        self.follow_alerts(self.alerts)
        self._tiles: dict[str, list[Tile]] | None = None  # each sector's tiles, built on the view-model worker
        self._key = ("overview", id(self))
        self._request()

    def dispose(self) -> None:
        super().dispose()
        self.hub.forget(self._key)

    def _data_changed(self, indicators: set[str]) -> None:
        self._request()

    def _minute_passed(self) -> None:
        self._request()

    def _request(self) -> None:
        cat, now, lang = self.hub.catalogue, self._now.timestamp(), style.LANGUAGE
        self.hub.compute(self._key, lambda reader: sector_tiles(cat, reader, now, lang), self._take_tiles)

    def _take_tiles(self, tiles: dict[str, list[Tile]]) -> None:
        self._tiles = tiles
        self.update()

    def _alert_event(self, alert, event: str) -> None:
        self.update()  # order and "new" marks follow the book

    def cards(self) -> list[SectorCard]:
        """The cards as shown: from the worker's tiles (none before they first arrive)."""
        if self._tiles is None:
            return []
        return sector_cards(self.hub, self._now.timestamp(), self.alerts, self._tiles)

    def draw(self, painter: QPainter) -> None:
        r = self.rect()
        painter.fillRect(r, style.BACKGROUND)
        cards = self.cards()
        if not cards:
            return
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
        if card.changed_at is not None:  # what changed: a filled badge, right of the status, with the time
            moment = fmt.clock(datetime.fromtimestamp(card.changed_at, fmt.TZ), seconds=False)
            badge = QCoreApplication.translate("Overview", "mới %1").replace("%1", moment)
            painter.setFont(style.font(inner.height() * 0.15, bold=True))
            w = painter.fontMetrics().horizontalAdvance(badge) + inner.height() * 0.12
            h = painter.fontMetrics().height() * 1.15
            box = QRectF(inner.right() - w, status.center().y() - h / 2, w, h)
            pill = QPainterPath()
            pill.addRoundedRect(box, h / 2, h / 2)
            painter.fillPath(pill, accent if card.state in ("critical", "warning") else style.ACCENT)
            painter.setPen(style.BACKGROUND)
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, badge)
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
