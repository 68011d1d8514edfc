"""A sector's screen: header with the data-as-of time and the clock, then one KPI tile per declared indicator."""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from datetime import datetime

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QRectF, Qt, QTimer
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen

from ioc_core import fmt
from ioc_core.catalogue import Indicator, Status
from ioc_core.catalogue.sectorviews import SectorViewSpec
from ioc_core.indicators.freshness import Freshness, freshness
from ioc_core.indicators.indicator_store import Reading
from ioc_core.indicators.observation import period_start
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
    raw: float | None = None  # the figure itself, for sorting
    age_s: float | None = None
    change_text: str = ""  # the change against the previous period alone (tables)
    period_note: str = ""  # old data that arrived on time: which period it describes ("số liệu kỳ 11/2025")

    def shown(self) -> tuple:
        """What a reader sees of the tile (a new fetch of the same figure changes nothing here)."""
        progress = None if self.progress is None else round(self.progress, 3)
        return self.state, self.name, self.value, self.unit, self.status, self.changes, progress


def make_tile(ind: Indicator, reading: Reading | None, now: float) -> Tile:
    """The tile for a reading at ``now``: freshness is computed now, not when the value was fetched."""
    name = ind.name_en if style.LANGUAGE == "en" else ind.name_vi
    if reading is None or not ind.plausible(reading.value):  # no figure rather than a misleading one
        colour, shape, word = style.STATUS_LOOK["no_data"]
        word = word if reading is None or reading.value is None else QT_TRANSLATE_NOOP("Status", "Số liệu không hợp lệ")
        return Tile(
            ind, "no_data", name, None, ind.unit, f"{shape} {QCoreApplication.translate('Status', word)}", "", None
        )
    fresh = freshness(ind, now - reading.observed_at,
                      None if reading.period_end is None else now - reading.period_end)
    status = ind.status(reading.value)
    state = "stale" if fresh.old else (status.value if status != Status.UNKNOWN else "normal")
    _, shape, word = style.STATUS_LOOK[state]
    label = f"{shape} {QCoreApplication.translate('Status', word)}"
    # arrived lately, but describes a period long over: which one, first under the value (the status line is short)
    period_note = period_words(reading.period, ind.period) if fresh is Freshness.OLD_PERIOD else ""
    if fresh in (Freshness.DUE, Freshness.STALE):
        label += "  ·  " + QCoreApplication.translate("SectorView", "cập nhật %1").replace(
            "%1", fmt.age(now - reading.observed_at)
        )
    parts, change_text = [period_note] if period_note else [], ""
    if reading.parts:  # a province figure summed up from the communes' own
        parts.append(QCoreApplication.translate("SectorView", "tổng hợp từ %1 xã/phường").replace(
            "%1", fmt.number(reading.parts)))
    if reading.partial:
        moment = datetime.fromtimestamp(reading.observed_at, fmt.TZ)
        parts.append(
            QCoreApplication.translate("SectorView", "tạm tính đến %1").replace("%1", fmt.clock(moment, seconds=False))
        )
    if reading.change is not None:
        change_text = fmt.signed(reading.change, 1 if ind.unit == "%" else 0)
        parts.append(QCoreApplication.translate("SectorView", "so kỳ trước %1").replace("%1", change_text))
    if reading.change_yoy is not None:
        parts.append(
            QCoreApplication.translate("SectorView", "cùng kỳ %1%").replace(
                "%1", fmt.signed(reading.change_yoy * 100, 1)
            )
        )
    return Tile(ind, state, name, fmt.value(reading.value, ind.unit), ind.unit, label, "   ".join(parts),
                reading.progress, reading.value, now - reading.observed_at, change_text, period_note)


def period_words(period: str, kind: str) -> str:
    """Which period a figure describes, as a Vietnamese reader says it: "số liệu kỳ 11/2025", "số liệu năm 2024",
    "số liệu quý III/2025", "số liệu ngày 03/12/2026"."""
    start = period_start(period)
    if kind == "year":
        return QCoreApplication.translate("SectorView", "số liệu năm %1").replace("%1", str(start.year))
    if kind == "quarter":
        quarter = ("I", "II", "III", "IV")[(start.month - 1) // 3]
        return QCoreApplication.translate("SectorView", "số liệu quý %1").replace("%1", f"{quarter}/{start.year}")
    if kind == "month":
        month = f"{start.month:02d}/{start.year}"
        return QCoreApplication.translate("SectorView", "số liệu kỳ %1").replace("%1", month)
    if kind == "week":
        return QCoreApplication.translate("SectorView", "số liệu tuần từ %1").replace("%1", fmt.date(start))
    return QCoreApplication.translate("SectorView", "số liệu ngày %1").replace("%1", fmt.date(start))


class SectorView(DataView):
    """A sector's screen: header, then the panels declared for it (tiles, charts, ranking, table, alerts)."""

    HEADER = 0.11  # of the height
    PULSE_S = 3.0  # a tile that just crossed a threshold pulses this long (three beats), then stays coloured
    PULSE_FRAME_MS = 80

    def __init__(self, region, view, context):
        super().__init__(region, view, context)
        cat = self.hub.catalogue
        self.sector = cat.sectors.get(view["sector"])
        self.spec: SectorViewSpec = context.sector_view(view["sector"])
        self.indicators = [cat.indicators[i] for i in self.spec.indicators if i in cat.indicators]
        self.alerts = context.alerts
        self.rects: list[QRectF] = []  # each panel's rectangle, in the order of spec.panels
        self.tile_rects: dict[str, QRectF] = {}
        self.charts = {}
        for n, panel in enumerate(self.spec.panels):
            if panel.kind == "chart" and panel.indicators[0] in cat.indicators:
                from wall.widgets.chart import ChartPanel  # pyqtgraph only for screens that chart

                self.charts[n] = ChartPanel(self, self.hub, panel.indicators[0])
                self.charts[n].refresh(self.hub.clock())
        self._painted: dict[object, tuple] = {}  # each part's content when last painted: see _repaint_changed
        self._pulses: dict[str, float] = {}
        self._pulse_timer = QTimer(self, interval=self.PULSE_FRAME_MS)
        self._pulse_timer.timeout.connect(self._pulse_frame)
        self.follow_alerts(self.alerts)

    def dispose(self) -> None:
        super().dispose()
        self._pulse_timer.stop()
        for chart in self.charts.values():
            chart.dispose()

    def shows(self, indicators: set[str]) -> bool:
        return any(i.id in indicators for i in self.indicators)

    def _data_changed(self, indicators: set[str]) -> None:
        for chart in self.charts.values():
            if chart.mark(indicators):
                chart.refresh(self.hub.clock())
        if self.shows(indicators):
            self._repaint_changed(indicators)

    def _minute_passed(self) -> None:  # the clock, and ages that read in minutes
        self._repaint_changed(None)

    # -- what changed --------------------------------------------------------------------------------------
    # A fetch rewrites figures every few seconds and most of them say what they said before. Each part of the
    # screen (header, each tile, each ranking or table) remembers what it showed when painted; news repaints only
    # the parts whose content differs, so nine screens of unchanged figures cost next to nothing.
    def _parts(self, indicators: set[str] | None) -> list[tuple[object, QRectF]]:
        """The parts that may show something new after news of ``indicators`` (None: every part)."""
        if not self.rects:
            return []
        r = self.rect()
        parts: list[tuple[object, QRectF]] = [("header", QRectF(r.left(), r.top(), r.width(),
                                                                  r.height() * self.HEADER))]
        for n, (panel, rect) in enumerate(zip(self.spec.panels, self.rects, strict=True)):
            if indicators is not None and not indicators.intersection(panel.indicators):
                continue
            if panel.kind == "tiles":
                parts += [(i, self.tile_rects[i].adjusted(-8, -8, 8, 8)) for i in panel.indicators
                          if indicators is None or i in indicators]
            elif panel.kind in ("ranking", "table"):
                parts.append((n, rect))
        return parts

    def _model(self, part: object, now: float):
        """What ``part`` shows at ``now``, as painting takes it: the header's texts, a tile and its forecast note,
        a ranking's entries or a table's rows."""
        cat = self.hub.catalogue
        if part == "header":
            return self._header_texts(now)
        if isinstance(part, str):
            return make_tile(cat.indicators[part], self.hub.reading(part), now), self._forecast_note(part)
        from wall.widgets import panels

        panel = self.spec.panels[part]
        if panel.kind == "ranking":
            ind = cat.indicators[panel.indicators[0]]
            return panels.ranking(ind, self.hub.by_region(ind.id), now, panel.limit)
        tiles = [make_tile(cat.indicators[i], self.hub.reading(i), now) for i in panel.indicators]
        return panels.table_rows(tiles, panel.sort)

    def _shown(self, part: object, model) -> tuple:
        """The part of ``model`` a reader sees: what is compared to decide a repaint."""
        if part == "header":
            return model
        if isinstance(part, str):
            tile, note = model
            return tile.shown() + (note,)
        if self.spec.panels[part].kind == "ranking":
            return tuple(model)
        return tuple(t.shown() + (fmt.age(t.age_s) if t.age_s is not None else "",) for t in model)

    def _content(self, part: object, now: float) -> tuple:
        return self._shown(part, self._model(part, now))

    def _painting(self, part: object, now: float):
        """The model of ``part`` for a paint, remembered as what the part now shows."""
        model = self._model(part, now)
        self._painted[part] = self._shown(part, model)
        return model

    def _repaint_changed(self, indicators: set[str] | None) -> None:
        now = self._now.timestamp()
        for part, rect in self._parts(indicators):
            if self._painted.get(part) != self._content(part, now):
                self.update(rect)

    # -- emphasis ------------------------------------------------------------------------------------------
    def _alert_event(self, alert, event: str) -> None:
        if event in ("raised", "escalated") and alert.region == "province" and alert.indicator in self.tile_ids():
            self._pulses[alert.indicator] = time.monotonic()
            if not self._pulse_timer.isActive():
                self._pulse_timer.start()
        if alert.sector == self.spec.sector:  # the alert panels and that tile's forecast line follow the book
            for panel, rect in zip(self.spec.panels, self.rects, strict=False):
                if panel.kind == "alerts":
                    self.update(rect)
            if alert.indicator in self.tile_rects:
                self.update(self.tile_rects[alert.indicator])

    def pulsing(self) -> set[str]:
        now = time.monotonic()
        return {i for i, t0 in self._pulses.items() if now - t0 < self.PULSE_S}

    def _pulse_frame(self) -> None:
        """Repaints only the pulsing tiles; the last frame after a pulse ends paints the steady look."""
        live = self.pulsing()
        for ind in list(self._pulses):
            if ind in self.tile_rects:
                self.update(self.tile_rects[ind].adjusted(-8, -8, 8, 8))
            if ind not in live:
                del self._pulses[ind]
        if not self._pulses:
            self._pulse_timer.stop()

    def tiles(self, now: float | None = None) -> list[Tile]:
        """What every tile says at ``now`` (default: the view's clock), in panel order."""
        now = self._now.timestamp() if now is None else now
        cat = self.hub.catalogue
        return [make_tile(cat.indicators[i], self.hub.reading(i), now) for i in self.spec.tiles
                if i in cat.indicators]

    def tile_ids(self) -> set[str]:
        return {i for p in self.spec.panels if p.kind == "tiles" for i in p.indicators}

    # -- layout --------------------------------------------------------------------------------------------
    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        self._layout()

    def _layout(self) -> None:
        r = self.rect()
        gap = max(12.0, r.width() * 0.008)
        body = QRectF(r.left(), r.top() + r.height() * self.HEADER, r.width(), r.height() * (1 - self.HEADER))
        cw = (body.width() - gap) / self.spec.cols
        ch = (body.height() - gap) / self.spec.rows
        self.rects = [QRectF(body.left() + gap + p.col * cw, body.top() + gap + p.row * ch,
                             p.cols * cw - gap, p.rows * ch - gap) for p in self.spec.panels]
        self.tile_rects = {}
        for panel, rect in zip(self.spec.panels, self.rects, strict=True):
            if panel.kind == "tiles":
                cells = style.grid(rect.adjusted(-gap, -gap, gap, gap), len(panel.indicators), panel.columns, gap)
                self.tile_rects.update(zip(panel.indicators, cells, strict=True))
        for n, chart in self.charts.items():
            chart.set_rect(self.rects[n])

    # -- painting ------------------------------------------------------------------------------------------
    def draw(self, painter: QPainter) -> None:
        from wall.widgets import panels

        r = self.rect()
        if not self.rects:
            self._layout()
        exposed = getattr(self, "exposed", r)  # a chart's new curve or a pulsing tile repaints only its own part
        painter.fillRect(exposed, style.BACKGROUND)
        head = QRectF(r.left(), r.top(), r.width(), r.height() * self.HEADER)
        now = self._now.timestamp()
        if head.intersects(exposed):
            self._paint_header(painter, head, *self._painting("header", now))
        cat = self.hub.catalogue
        pulsing = self.pulsing()
        for n, (panel, rect) in enumerate(zip(self.spec.panels, self.rects, strict=True)):
            if not rect.intersects(exposed):
                continue
            if panel.kind == "tiles":
                for ind_id in panel.indicators:
                    if self.tile_rects[ind_id].adjusted(-8, -8, 8, 8).intersects(exposed):
                        tile, note = self._painting(ind_id, now)
                        self._paint_tile(painter, self.tile_rects[ind_id], tile, note, ind_id in pulsing)
            elif panel.kind == "ranking":
                panels.paint_ranking(painter, rect, cat.indicators[panel.indicators[0]], self._painting(n, now),
                                     panel.title)
            elif panel.kind == "table":
                panels.paint_table(painter, rect, self._painting(n, now), panel.sort, panel.title)
            elif panel.kind == "alerts":
                alerts = self.alerts.alerts(self.spec.sector) if self.alerts is not None else []
                panels.paint_alerts(painter, rect, alerts, panel.limit, None, panel.title)

    def _header_texts(self, now: float) -> tuple[str, str, str]:
        """The sector's name, the clock and the data-as-of line (the newest figure's time)."""
        name = (
            self.sector.name_en
            if (self.sector and style.LANGUAGE == "en")
            else (self.sector.name_vi if self.sector else self.view["sector"])
        )
        times = [rd.observed_at for ind in self.indicators if (rd := self.hub.reading(ind.id))]
        if times:
            newest = datetime.fromtimestamp(max(times), fmt.TZ)
            asof = QCoreApplication.translate("SectorView", "Số liệu đến %1").replace(
                "%1", fmt.moment(newest)
            )
        else:
            asof = QCoreApplication.translate("SectorView", "Chưa có dữ liệu")
        return name, fmt.clock(datetime.fromtimestamp(now, fmt.TZ), seconds=False), asof

    def _paint_header(self, painter: QPainter, r: QRectF, name: str, clock: str, asof: str) -> None:
        painter.fillRect(r, style.PANEL)
        pad = r.height() * 0.25
        painter.setPen(style.TEXT)
        painter.setFont(style.fitting_font(name, r.width() * 0.55, r.height() * 0.5, r.height() * 0.3, bold=True))
        painter.drawText(r.adjusted(pad, 0, 0, 0), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, name)
        painter.setFont(style.font(r.height() * 0.42, bold=True))
        painter.drawText(r.adjusted(0, 0, -pad, 0), Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, clock)
        clock_w = painter.fontMetrics().horizontalAdvance("00:00") + pad * 1.5
        painter.setPen(style.TEXT_DIM)
        painter.setFont(style.font(r.height() * 0.24))
        painter.drawText(
            r.adjusted(0, 0, -clock_w, 0), Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, asof
        )

    def _forecast_note(self, indicator: str) -> str:
        """The forecast's warning for a tile, when an open forecast alert says the figure is heading for trouble."""
        if self.alerts is None:
            return ""
        risks = [a for a in self.alerts.open_for(indicator) if a.cause == "forecast"]
        return "↗ " + risks[0].message(style.LANGUAGE) if risks else ""

    def _paint_tile(self, painter: QPainter, r: QRectF, t: Tile, note: str = "", pulse: bool = False) -> None:
        accent = QColor(style.STATUS_LOOK[t.state][0])
        path = QPainterPath()
        radius = min(r.width(), r.height()) * 0.04
        path.addRoundedRect(r, radius, radius)
        tint = QColor(accent)
        beat = 0.0
        if pulse:  # one beat a second: the tint swells and the border thickens, then settles
            beat = 0.5 - 0.5 * math.cos(2 * math.pi * (time.monotonic() % 1.0))
        tint.setAlpha(int((38 if t.state in ("warning", "critical") else 0) + 110 * beat))
        painter.fillPath(path, style.PANEL)
        painter.fillPath(path, tint)
        painter.setPen(QPen(accent, max(3.0, r.height() * (0.02 if t.state == "critical" else 0.008)) + 10 * beat))
        painter.drawPath(path)

        pad = r.height() * 0.07
        inner = r.adjusted(pad, pad * 0.8, -pad, -pad * 0.8)
        h = inner.height()
        painter.setPen(style.TEXT)  # the name: one line, or two that both fit, elided only as a last resort
        name_rect = QRectF(inner.left(), inner.top(), inner.width(), h * 0.31)
        painter.setFont(style.font(h * 0.11))
        if painter.fontMetrics().horizontalAdvance(t.name) > name_rect.width():
            painter.setFont(style.fitting_font(t.name, name_rect.width() * 1.8, h * 0.31 / 2.9, h * 0.07))
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
        value_rect = QRectF(inner.left(), name_rect.bottom(), inner.width(), h * 0.32)
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
        if note:  # a forecast heading for trouble says so instead of the changes
            painter.setPen(QColor(style.STATUS_LOOK["warning"][0]))
        painter.drawText(changes, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         painter.fontMetrics().elidedText(note or t.changes, Qt.TextElideMode.ElideRight,
                                                          int(changes.width())))
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
