"""A sector's screen: header with the data-as-of time and the clock, then one KPI tile per declared indicator."""

from __future__ import annotations

import contextlib
import math
from datetime import datetime

from PySide6.QtCore import QCoreApplication, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen

from wall import fmt
from wall.catalogue import Indicator, Status
from wall.catalogue.sectorviews import SectorViewSpec
from wall.indicators.freshness import Freshness, freshness
from wall.indicators.store import Reading
from wall.widgets import style
from wall.widgets.base import ViewItem


def tr(text: str) -> str:
    return QCoreApplication.translate("SectorView", text)


def tile_state(ind: Indicator, reading: Reading | None, now: float) -> tuple[str, Freshness]:
    """The look of a tile: its status word, and how fresh its figure is (computed now, not when fetched)."""
    if reading is None or not math.isfinite(reading.value):
        return "no_data", Freshness.NO_DATA
    fresh = freshness(ind, now - reading.observed_at)
    if fresh is Freshness.STALE:
        return "stale", fresh
    return ind.status(reading.value).value if ind.status(reading.value) != Status.UNKNOWN else "normal", fresh


class SectorView(ViewItem):
    shows_clock = True
    HEADER = 0.11  # of the height

    def __init__(self, region, view, context):
        super().__init__(region, view, context)
        self.hub = context.hub
        cat = self.hub.catalogue
        self.sector = cat.sectors.get(view["sector"])
        self.spec: SectorViewSpec = context.sector_view(view["sector"])
        self.indicators = [cat.indicators[i] for i in self.spec.tiles if i in cat.indicators]
        self._now = fmt.now()
        self.hub.changed.connect(self._data_changed)

    def dispose(self) -> None:
        with contextlib.suppress(RuntimeError, TypeError):
            self.hub.changed.disconnect(self._data_changed)

    def _data_changed(self, ids: set) -> None:
        if any(i.id in ids for i in self.indicators):
            self.update()

    def tick(self, now: datetime) -> None:
        self._now = now
        self.update()  # clocks and ages move every second

    # -- painting ------------------------------------------------------------------------------------------
    def draw(self, painter: QPainter) -> None:
        r = self.rect()
        painter.fillRect(r, style.BACKGROUND)
        head = QRectF(r.left(), r.top(), r.width(), r.height() * self.HEADER)
        readings = [(ind, self.hub.reading(ind.id)) for ind in self.indicators]
        self._paint_header(painter, head, [rd for _, rd in readings if rd is not None])
        body = QRectF(r.left(), head.bottom(), r.width(), r.height() - head.height())
        cols = max(1, min(self.spec.columns, len(readings)))
        rows = max(1, math.ceil(len(readings) / cols))
        gap = max(12.0, r.width() * 0.008)
        w = (body.width() - gap * (cols + 1)) / cols
        h = (body.height() - gap * (rows + 1)) / rows
        now = self._now.timestamp()
        for n, (ind, reading) in enumerate(readings):
            cell = QRectF(body.left() + gap + (n % cols) * (w + gap), body.top() + gap + (n // cols) * (h + gap), w, h)
            self._paint_tile(painter, cell, ind, reading, now)

    def _paint_header(self, painter: QPainter, r: QRectF, readings: list[Reading]) -> None:
        painter.fillRect(r, style.PANEL)
        pad = r.height() * 0.25
        name = self.sector.name_en if (self.sector and style.LANGUAGE == "en") else (
            self.sector.name_vi if self.sector else self.view["sector"])
        painter.setPen(style.TEXT)
        painter.setFont(style.fitting_font(name, r.width() * 0.55, r.height() * 0.5, r.height() * 0.3, bold=True))
        painter.drawText(r.adjusted(pad, 0, 0, 0), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, name)
        painter.setFont(style.font(r.height() * 0.42, bold=True))
        painter.drawText(r.adjusted(0, 0, -pad, 0), Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                         fmt.clock(self._now, seconds=False))
        clock_w = painter.fontMetrics().horizontalAdvance("00:00") + pad * 1.5
        painter.setPen(style.TEXT_DIM)
        painter.setFont(style.font(r.height() * 0.24))
        if readings:
            newest = datetime.fromtimestamp(max(rd.observed_at for rd in readings), fmt.TZ)
            asof = tr("Số liệu đến %1").replace("%1", f"{fmt.clock(newest, seconds=False)} {fmt.date(newest)}")
        else:
            asof = tr("Chưa có dữ liệu")
        painter.drawText(r.adjusted(0, 0, -clock_w, 0), Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                         asof)

    def _paint_tile(self, painter: QPainter, r: QRectF, ind: Indicator, reading: Reading | None, now: float):
        state, fresh = tile_state(ind, reading, now)
        colour, shape, word = style.STATUS_LOOK[state]
        accent = QColor(colour)
        path = QPainterPath()
        radius = min(r.width(), r.height()) * 0.04
        path.addRoundedRect(r, radius, radius)
        tint = QColor(accent)
        tint.setAlpha(38 if state in ("warning", "critical") else 0)
        painter.fillPath(path, style.PANEL)
        painter.fillPath(path, tint)
        painter.setPen(QPen(accent, max(3.0, r.height() * (0.02 if state == "critical" else 0.008))))
        painter.drawPath(path)

        pad = r.height() * 0.07
        inner = r.adjusted(pad, pad * 0.8, -pad, -pad * 0.8)
        unit_h = inner.height()
        # name (up to two lines, shrinks before it is cut)
        name = ind.name_en if style.LANGUAGE == "en" else ind.name_vi
        painter.setPen(style.TEXT)
        name_rect = QRectF(inner.left(), inner.top(), inner.width(), unit_h * 0.27)
        painter.setFont(style.font(unit_h * 0.11))
        if painter.fontMetrics().horizontalAdvance(name) > name_rect.width():  # two lines: both must fit
            painter.setFont(style.fitting_font(name, name_rect.width() * 1.8, unit_h * 0.27 / 2.9, unit_h * 0.07))
        painter.drawText(name_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap,
                         name)
        # status: shape + word, in the status colour
        painter.setPen(accent)
        painter.setFont(style.font(unit_h * 0.085, bold=True))
        status_rect = QRectF(inner.left(), inner.bottom() - unit_h * 0.14, inner.width(), unit_h * 0.14)
        label = f"{shape} {tr(word)}"
        if reading is not None and fresh in (Freshness.DUE, Freshness.STALE):
            label += "  ·  " + tr("cập nhật %1").replace("%1", fmt.age(now - reading.observed_at))
        painter.drawText(status_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, label)
        value_rect = QRectF(inner.left(), name_rect.bottom(), inner.width(), unit_h * 0.36)
        if reading is None or not math.isfinite(reading.value):
            painter.setPen(style.TEXT_DIM)
            painter.setFont(style.font(unit_h * 0.12))
            painter.drawText(value_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                             tr("chưa có dữ liệu"))
            return
        text = fmt.value(reading.value, ind.unit)
        painter.setPen(style.TEXT_DIM if state == "stale" else style.TEXT)
        painter.setFont(style.fitting_font(text, inner.width() * 0.72, unit_h * 0.30, unit_h * 0.14, bold=True))
        painter.drawText(value_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, text)
        shown = painter.fontMetrics().horizontalAdvance(text)
        painter.setPen(style.TEXT_DIM)
        painter.setFont(style.font(unit_h * 0.09))
        painter.drawText(value_rect.adjusted(shown + pad * 0.5, 0, 0, 0),
                         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, ind.unit)
        self._paint_changes(painter, QRectF(inner.left(), value_rect.bottom(), inner.width(), unit_h * 0.13),
                            ind, reading)
        if reading.progress is not None:
            self._paint_progress(painter, QRectF(inner.left(), value_rect.bottom() + unit_h * 0.14, inner.width(),
                                                 unit_h * 0.09), reading.progress)

    def _paint_changes(self, painter: QPainter, r: QRectF, ind: Indicator, reading: Reading) -> None:
        parts = []
        if reading.partial:
            moment = datetime.fromtimestamp(reading.observed_at, fmt.TZ)
            parts.append(tr("tạm tính đến %1").replace("%1", fmt.clock(moment, seconds=False)))
        if reading.change is not None:
            parts.append(tr("so kỳ trước %1").replace("%1", fmt.signed(reading.change, 1 if ind.unit == "%" else 0)))
        if reading.change_yoy is not None:
            parts.append(tr("cùng kỳ %1%").replace("%1", fmt.signed(reading.change_yoy * 100, 1)))
        painter.setPen(style.TEXT_DIM)
        painter.setFont(style.font(r.height() * 0.62))
        painter.drawText(r, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, "   ".join(parts))

    def _paint_progress(self, painter: QPainter, r: QRectF, progress: float) -> None:
        label = tr("kế hoạch năm %1%").replace("%1", fmt.number(progress * 100, 0))
        painter.setFont(style.font(r.height() * 0.8))
        label_w = painter.fontMetrics().horizontalAdvance(label) + r.height()
        bar = QRectF(r.left(), r.center().y() - r.height() * 0.22, max(0.0, r.width() - label_w), r.height() * 0.44)
        painter.fillRect(bar, QColor("#24334f"))
        painter.fillRect(QRectF(bar.left(), bar.top(), bar.width() * min(1.0, max(0.0, progress)), bar.height()),
                         style.ACCENT)
        painter.setPen(style.TEXT_DIM)
        painter.drawText(r, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, label)
