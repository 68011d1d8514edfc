"""A sector's screen: header with the data-as-of time and the clock, then one KPI tile per declared indicator."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime

from PySide6.QtCore import QCoreApplication, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen

from wall import fmt
from wall.catalogue import Indicator, Status
from wall.catalogue.sectorviews import SectorViewSpec
from wall.indicators.freshness import Freshness, freshness
from wall.indicators.store import Reading
from wall.widgets import style
from wall.widgets.dataview import DataView


@dataclass(frozen=True)
class Tile:
    """What one KPI tile says: everything is decided here, the painting only lays it out."""

    indicator: Indicator
    state: str  # normal, warning, critical, stale, no_data: the key of style.STATUS_LOOK
    name: str
    value: str | None  # in Vietnamese number format; None when there is no usable figure
    unit: str
    status: str  # shape + word (+ age when due or stale): never colour alone
    changes: str
    progress: float | None


def make_tile(ind: Indicator, reading: Reading | None, now: float) -> Tile:
    """The tile for a reading at ``now``: freshness is computed now, not when the value was fetched."""
    name = ind.name_en if style.LANGUAGE == "en" else ind.name_vi
    if reading is None or not math.isfinite(reading.value):
        colour, shape, word = style.STATUS_LOOK["no_data"]
        return Tile(
            ind, "no_data", name, None, ind.unit, f"{shape} {QCoreApplication.translate('Status', word)}", "", None
        )
    fresh = freshness(ind, now - reading.observed_at)
    status = ind.status(reading.value)
    state = "stale" if fresh is Freshness.STALE else (status.value if status != Status.UNKNOWN else "normal")
    _, shape, word = style.STATUS_LOOK[state]
    label = f"{shape} {QCoreApplication.translate('Status', word)}"
    if fresh in (Freshness.DUE, Freshness.STALE):
        label += "  ·  " + QCoreApplication.translate("SectorView", "cập nhật %1").replace(
            "%1", fmt.age(now - reading.observed_at)
        )
    parts = []
    if reading.partial:
        moment = datetime.fromtimestamp(reading.observed_at, fmt.TZ)
        parts.append(
            QCoreApplication.translate("SectorView", "tạm tính đến %1").replace("%1", fmt.clock(moment, seconds=False))
        )
    if reading.change is not None:
        parts.append(
            QCoreApplication.translate("SectorView", "so kỳ trước %1").replace(
                "%1", fmt.signed(reading.change, 1 if ind.unit == "%" else 0)
            )
        )
    if reading.change_yoy is not None:
        parts.append(
            QCoreApplication.translate("SectorView", "cùng kỳ %1%").replace(
                "%1", fmt.signed(reading.change_yoy * 100, 1)
            )
        )
    return Tile(
        ind, state, name, fmt.value(reading.value, ind.unit), ind.unit, label, "   ".join(parts), reading.progress
    )


class SectorView(DataView):
    HEADER = 0.11  # of the height

    def __init__(self, region, view, context):
        super().__init__(region, view, context)
        cat = self.hub.catalogue
        self.sector = cat.sectors.get(view["sector"])
        self.spec: SectorViewSpec = context.sector_view(view["sector"])
        self.indicators = [cat.indicators[i] for i in self.spec.tiles if i in cat.indicators]

    def shows(self, indicators: set[str]) -> bool:
        return any(i.id in indicators for i in self.indicators)

    # -- painting ------------------------------------------------------------------------------------------
    def draw(self, painter: QPainter) -> None:
        r = self.rect()
        painter.fillRect(r, style.BACKGROUND)
        head = QRectF(r.left(), r.top(), r.width(), r.height() * self.HEADER)
        tiles = self.tiles()
        self._paint_header(painter, head, [rd for ind in self.indicators if (rd := self.hub.reading(ind.id))])
        body = QRectF(r.left(), head.bottom(), r.width(), r.height() - head.height())
        cells = style.grid(body, len(tiles), self.spec.columns, max(12.0, r.width() * 0.008))
        for cell, tile in zip(cells, tiles, strict=True):
            self._paint_tile(painter, cell, tile)

    def _paint_header(self, painter: QPainter, r: QRectF, readings: list[Reading]) -> None:
        painter.fillRect(r, style.PANEL)
        pad = r.height() * 0.25
        name = (
            self.sector.name_en
            if (self.sector and style.LANGUAGE == "en")
            else (self.sector.name_vi if self.sector else self.view["sector"])
        )
        painter.setPen(style.TEXT)
        painter.setFont(style.fitting_font(name, r.width() * 0.55, r.height() * 0.5, r.height() * 0.3, bold=True))
        painter.drawText(r.adjusted(pad, 0, 0, 0), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, name)
        painter.setFont(style.font(r.height() * 0.42, bold=True))
        painter.drawText(
            r.adjusted(0, 0, -pad, 0),
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
            fmt.clock(self._now, seconds=False),
        )
        clock_w = painter.fontMetrics().horizontalAdvance("00:00") + pad * 1.5
        painter.setPen(style.TEXT_DIM)
        painter.setFont(style.font(r.height() * 0.24))
        if readings:
            newest = datetime.fromtimestamp(max(rd.observed_at for rd in readings), fmt.TZ)
            asof = QCoreApplication.translate("SectorView", "Số liệu đến %1").replace(
                "%1", f"{fmt.clock(newest, seconds=False)} {fmt.date(newest)}"
            )
        else:
            asof = QCoreApplication.translate("SectorView", "Chưa có dữ liệu")
        painter.drawText(
            r.adjusted(0, 0, -clock_w, 0), Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, asof
        )

    def tiles(self, now: float | None = None) -> list[Tile]:
        now = self._now.timestamp() if now is None else now
        return [make_tile(ind, self.hub.reading(ind.id), now) for ind in self.indicators]

    def _paint_tile(self, painter: QPainter, r: QRectF, t: Tile) -> None:
        accent = QColor(style.STATUS_LOOK[t.state][0])
        path = QPainterPath()
        radius = min(r.width(), r.height()) * 0.04
        path.addRoundedRect(r, radius, radius)
        tint = QColor(accent)
        tint.setAlpha(38 if t.state in ("warning", "critical") else 0)
        painter.fillPath(path, style.PANEL)
        painter.fillPath(path, tint)
        painter.setPen(QPen(accent, max(3.0, r.height() * (0.02 if t.state == "critical" else 0.008))))
        painter.drawPath(path)

        pad = r.height() * 0.07
        inner = r.adjusted(pad, pad * 0.8, -pad, -pad * 0.8)
        h = inner.height()
        painter.setPen(style.TEXT)  # the name: one line, or two that both fit, elided only as a last resort
        name_rect = QRectF(inner.left(), inner.top(), inner.width(), h * 0.27)
        painter.setFont(style.font(h * 0.11))
        if painter.fontMetrics().horizontalAdvance(t.name) > name_rect.width():
            painter.setFont(style.fitting_font(t.name, name_rect.width() * 1.8, h * 0.27 / 2.9, h * 0.07))
        painter.drawText(
            name_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap, t.name
        )
        painter.setPen(accent)
        painter.setFont(style.font(h * 0.085, bold=True))
        painter.drawText(
            QRectF(inner.left(), inner.bottom() - h * 0.14, inner.width(), h * 0.14),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            t.status,
        )
        value_rect = QRectF(inner.left(), name_rect.bottom(), inner.width(), h * 0.36)
        if t.value is None:
            painter.setPen(style.TEXT_DIM)
            painter.setFont(style.font(h * 0.12))
            painter.drawText(
                value_rect,
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                QCoreApplication.translate("SectorView", "chưa có dữ liệu"),
            )
            return
        painter.setPen(style.TEXT_DIM if t.state == "stale" else style.TEXT)
        painter.setFont(style.fitting_font(t.value, inner.width() * 0.72, h * 0.30, h * 0.14, bold=True))
        painter.drawText(value_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, t.value)
        shown = painter.fontMetrics().horizontalAdvance(t.value)
        painter.setPen(style.TEXT_DIM)
        painter.setFont(style.font(h * 0.09))
        painter.drawText(
            value_rect.adjusted(shown + pad * 0.5, 0, 0, 0),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            t.unit,
        )
        changes = QRectF(inner.left(), value_rect.bottom(), inner.width(), h * 0.13)
        painter.setFont(style.font(changes.height() * 0.62))
        painter.drawText(changes, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, t.changes)
        if t.progress is not None:
            self._paint_progress(
                painter, QRectF(inner.left(), value_rect.bottom() + h * 0.14, inner.width(), h * 0.09), t.progress
            )

    def _paint_progress(self, painter: QPainter, r: QRectF, progress: float) -> None:
        label = QCoreApplication.translate("SectorView", "kế hoạch năm %1%").replace(
            "%1", fmt.number(progress * 100, 0)
        )
        painter.setFont(style.font(r.height() * 0.8))
        label_w = painter.fontMetrics().horizontalAdvance(label) + r.height()
        bar = QRectF(r.left(), r.center().y() - r.height() * 0.22, max(0.0, r.width() - label_w), r.height() * 0.44)
        painter.fillRect(bar, QColor("#24334f"))
        painter.fillRect(
            QRectF(bar.left(), bar.top(), bar.width() * min(1.0, max(0.0, progress)), bar.height()), style.ACCENT
        )
        painter.setPen(style.TEXT_DIM)
        painter.drawText(r, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, label)
