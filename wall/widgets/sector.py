"""A sector's screen: header with the data-as-of time and the clock, then one KPI tile per declared indicator."""

from __future__ import annotations

import math
import time

from PySide6.QtCore import QCoreApplication, QRectF, Qt, QTimer
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen

from ioc_core import fmt
from ioc_core.catalogue.sectorviews import SectorViewSpec
from ioc_core.views.tiles import Tile, alert_since, make_tile, period_words, sector_models
from wall.widgets import panels, style
from wall.widgets.dataview import DataView

__all__ = ["SectorView", "Tile", "make_tile", "period_words"]  # the models live in ioc_core.views.tiles


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
        self._painted: dict[object, tuple] = {}  # each part's content when last painted: see _take_models
        self._models: dict[object, object] = {}  # each part's model, as the worker last built them
        self._key = ("sector", id(self))
        self._pulses: dict[str, float] = {}
        self.drawn: dict[str, list[str]] = {}  # each tile's texts as last laid out, in order (tests, tools)
        self._pulse_timer = QTimer(self, interval=self.PULSE_FRAME_MS)
        self._pulse_timer.timeout.connect(self._pulse_frame)
        self.follow_alerts(self.alerts)
        self._request()

    def dispose(self) -> None:
        super().dispose()
        self.hub.forget(self._key)
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
            self._request()

    def _minute_passed(self) -> None:  # the clock, and ages that read in minutes
        self._request()

    def _request(self) -> None:
        """Ask the worker for every part's model at the view's time; the newest request wins (_take_models)."""
        cat, spec, now, lang = self.hub.catalogue, self.spec, self._now.timestamp(), style.LANGUAGE
        since = self._since()
        self.hub.compute(self._key, lambda reader: sector_models(cat, spec, reader, now, lang, since),
                         self._take_models)

    def _since(self) -> dict[str, tuple[str, float]]:
        """Since when each tile's figure has been warning or critical, as the alert book recorded it (read here, on
        the GUI thread that owns the book; the worker formats it)."""
        if self.alerts is None:
            return {}
        return {a.indicator: (a.severity, alert_since(a)) for i in self.spec.indicators
                for a in self.alerts.open_for(i) if a.cause == "threshold"}

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

    def _model(self, part: object):
        """What ``part`` shows, as painting takes it: the header's texts, a tile and its forecast note, a
        ranking's entries or a table's rows; None until the worker has built it. Nothing is read here."""
        if part == "header":
            clock, asof, calm = self._models.get("header", (fmt.clock(self._now, seconds=False), "", ""))
            return self._sector_name(), clock, asof, calm
        model = self._models.get(part)
        if model is None:
            return None
        if isinstance(part, str):
            return model, self._forecast_note(part)
        return model

    def _shown(self, part: object, model) -> tuple | None:
        """The part of ``model`` a reader sees: what is compared to decide a repaint."""
        if model is None:
            return None
        if part == "header":
            return model
        if isinstance(part, str):
            tile, note = model
            return tile.shown() + (note,)
        if self.spec.panels[part].kind == "ranking":
            return tuple(model)
        return tuple(t.shown() + (fmt.age(t.age_s) if t.age_s is not None else "",) for t in model)

    def _painting(self, part: object):
        """The model of ``part`` for a paint, remembered as what the part now shows."""
        model = self._model(part)
        self._painted[part] = self._shown(part, model)
        return model

    def _take_models(self, models: dict) -> None:
        """The worker's models, on the GUI thread: repaint only the parts whose content differs from what they
        show (each model was built once, on the worker; painting takes it as it is)."""
        self._models = models
        for part, rect in self._parts(None):
            if part not in self._painted or self._painted[part] != self._shown(part, self._model(part)):
                self.update(rect)

    # -- emphasis ------------------------------------------------------------------------------------------
    def _alert_event(self, alert, event: str) -> None:
        if event in ("raised", "escalated") and alert.region == "province" and alert.indicator in self.tile_ids():
            self._pulses[alert.indicator] = time.monotonic()
            if not self._pulse_timer.isActive():
                self._pulse_timer.start()
        if alert.cause == "threshold" and alert.region == "province" and alert.indicator in self.spec.indicators:
            self._request()  # the tile's "since" follows the book
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
        """What every tile says at ``now`` (default: the view's clock), in panel order, read now through the hub
        (tests and tools; the wall paints the worker's models)."""
        now = self._now.timestamp() if now is None else now
        cat, since = self.hub.catalogue, self._since()
        out = []
        for i in self.spec.tiles:
            if i in cat.indicators:
                tile = make_tile(cat.indicators[i], self.hub.reading(i), now, style.LANGUAGE)
                if tile.loud and since.get(i, ("", 0))[0] == tile.state:
                    tile = make_tile(cat.indicators[i], self.hub.reading(i), now, style.LANGUAGE, since[i][1])
                out.append(tile)
        return out

    def header_line(self) -> str:
        """The header's all-normal line as last painted ("" when something is abnormal)."""
        return (self._painted.get("header") or ("", "", "", ""))[3]

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
        r = self.rect()
        if not self.rects:
            self._layout()
        exposed = getattr(self, "exposed", r)  # a chart's new curve or a pulsing tile repaints only its own part
        painter.fillRect(exposed, style.BACKGROUND)
        head = QRectF(r.left(), r.top(), r.width(), r.height() * self.HEADER)
        if head.intersects(exposed):
            self._paint_header(painter, head, *self._painting("header"))
        cat = self.hub.catalogue
        pulsing = self.pulsing()
        for n, (panel, rect) in enumerate(zip(self.spec.panels, self.rects, strict=True)):
            if not rect.intersects(exposed):
                continue
            if panel.kind == "tiles":
                for ind_id in panel.indicators:
                    if self.tile_rects[ind_id].adjusted(-8, -8, 8, 8).intersects(exposed):
                        model = self._painting(ind_id)
                        if model is not None:  # until the worker's first model: the background alone
                            self.drawn[ind_id] = self._paint_tile(painter, self.tile_rects[ind_id], *model,
                                                                  ind_id in pulsing)
            elif panel.kind == "ranking" and (entries := self._painting(n)) is not None:
                panels.paint_ranking(painter, rect, cat.indicators[panel.indicators[0]], entries, panel.title)
            elif panel.kind == "table" and (rows := self._painting(n)) is not None:
                panels.paint_table(painter, rect, rows, panel.sort, panel.title)
            elif panel.kind == "alerts":
                alerts = self.alerts.alerts(self.spec.sector) if self.alerts is not None else []
                panels.paint_alerts(painter, rect, alerts, panel.limit, None, panel.title, cat)

    def _sector_name(self) -> str:
        if self.sector is None:
            return self.view["sector"]
        return self.sector.name_en if style.LANGUAGE == "en" else self.sector.name_vi

    def _paint_header(self, painter: QPainter, r: QRectF, name: str, clock: str, asof: str, calm: str = "") -> None:
        painter.fillRect(r, style.PANEL)
        pad = r.height() * 0.25
        painter.setPen(style.TEXT)
        painter.setFont(style.fitting_font(name, r.width() * 0.55, r.height() * 0.5, r.height() * 0.3, bold=True))
        painter.drawText(r.adjusted(pad, 0, 0, 0), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, name)
        name_end = r.left() + pad + painter.fontMetrics().horizontalAdvance(name)
        painter.setFont(style.font(r.height() * 0.42, bold=True))
        painter.drawText(r.adjusted(0, 0, -pad, 0), Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, clock)
        clock_w = painter.fontMetrics().horizontalAdvance("00:00") + pad * 1.5
        painter.setPen(style.TEXT_DIM)
        painter.setFont(style.font(r.height() * 0.24))
        painter.drawText(
            r.adjusted(0, 0, -clock_w, 0), Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, asof
        )
        if calm:  # nothing abnormal on the screen: said once, here, between the name and the data's time
            asof_w = painter.fontMetrics().horizontalAdvance(asof)
            left, right = name_end + pad * 1.5, r.right() - clock_w - asof_w - pad * 1.5
            room = QRectF(left, r.top(), max(0.0, right - left), r.height())
            painter.setPen(QColor(style.STATUS_LOOK["normal"][0]))
            painter.setFont(style.fitting_font(calm, room.width(), r.height() * 0.36, r.height() * 0.24, bold=True))
            painter.drawText(room, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, calm)

    def _forecast_note(self, indicator: str) -> str:
        """The forecast's warning for a tile, when an open forecast alert says the figure is heading for trouble."""
        if self.alerts is None:
            return ""
        risks = [a for a in self.alerts.open_for(indicator) if a.cause == "forecast"]
        return "↗ " + risks[0].message(style.LANGUAGE) if risks else ""

    QUIET_FRAME = QColor("#2c3d5c")  # a normal tile's frame: there, but not competing with the exceptions

    def _paint_tile(self, painter: QPainter, r: QRectF, t: Tile, note: str = "", pulse: bool = False) -> list[str]:
        """Paints one tile; returns its texts in the order laid out. Normal tiles are quiet (a muted frame, no
        status word); warning and critical ones loud (tint, thick frame, shape and word, the threshold crossed and
        since when); stale and no-data ones say their state in their grey."""
        accent = QColor(style.STATUS_LOOK[t.state][0])
        drawn: list[str] = []
        path = QPainterPath()
        radius = min(r.width(), r.height()) * 0.04
        path.addRoundedRect(r, radius, radius)
        tint = QColor(accent)
        beat = 0.0
        if pulse:  # one beat a second: the tint swells and the border thickens, then settles
            beat = 0.5 - 0.5 * math.cos(2 * math.pi * (time.monotonic() % 1.0))
        tint.setAlpha(int((56 if t.loud else 0) + 110 * beat))
        painter.fillPath(path, style.PANEL)
        painter.fillPath(path, tint)
        frame = {"critical": 0.03, "warning": 0.02}.get(t.state, 0.008)
        pen_colour = self.QUIET_FRAME if t.state == "normal" and not pulse else accent
        painter.setPen(QPen(pen_colour, max(3.0, r.height() * frame) + 10 * beat))
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
        drawn.append(t.name)
        mark = t.mark + (f"  ·  {t.since}" if t.loud and t.since else "")
        if mark:  # a normal tile has no status line: the header says once that all is normal
            painter.setPen(accent)
            painter.setFont(style.fitting_font(mark, inner.width(), h * (0.11 if t.loud else 0.085), h * 0.07,
                                               bold=True))
            painter.drawText(
                QRectF(inner.left(), inner.bottom() - h * 0.14, inner.width(), h * 0.14),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                mark,
            )
            drawn.append(mark)
        value_rect = QRectF(inner.left(), name_rect.bottom(), inner.width(), h * 0.32)
        if t.value is None:
            painter.setPen(style.TEXT_DIM)
            painter.setFont(style.font(h * 0.12))
            empty = QCoreApplication.translate("SectorView", "chưa có dữ liệu")
            painter.drawText(value_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, empty)
            drawn.append(empty)
            return drawn
        painter.setPen(style.TEXT_DIM if t.state == "stale" else style.TEXT)
        painter.setFont(style.fitting_font(t.value, inner.width() * 0.72, h * 0.30, h * 0.14, bold=True))
        painter.drawText(value_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, t.value)
        drawn.append(t.value)
        shown = painter.fontMetrics().horizontalAdvance(t.value)
        painter.setPen(style.TEXT_DIM)
        painter.setFont(style.font(h * 0.09))
        painter.drawText(
            value_rect.adjusted(shown + pad * 0.5, 0, 0, 0),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            t.unit,
        )
        drawn.append(t.unit)
        changes = QRectF(inner.left(), value_rect.bottom(), inner.width(), h * 0.13)
        if t.loud and t.threshold:  # the threshold crossed, in its colour, in place of the changes and the plan's
            area = QRectF(changes.left(), changes.top(), changes.width(), h * 0.22)  # bar; whole, on one line
            painter.setPen(accent)
            painter.setFont(style.fitting_font(t.threshold, area.width(), area.height() * 0.5,
                                               changes.height() * 0.62, bold=True))
            words = t.threshold  # the severity word dropped when the tile is too narrow: the status line says it
            if painter.fontMetrics().horizontalAdvance(words) > area.width():
                words = t.threshold_short
                painter.setFont(style.fitting_font(words, area.width(), area.height() * 0.5,
                                                   changes.height() * 0.62, bold=True))
            painter.drawText(area, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, words)
            drawn.append(words)
            return drawn
        line = t.changes
        painter.setFont(style.font(changes.height() * 0.62))
        if note:  # a forecast heading for trouble says so instead of the changes
            line = note
            painter.setPen(QColor(style.STATUS_LOOK["warning"][0]))
        line = painter.fontMetrics().elidedText(line, Qt.TextElideMode.ElideRight, int(changes.width()))
        painter.drawText(changes, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, line)
        if line:
            drawn.append(line)
        if t.progress is not None:
            drawn.append(self._paint_progress(
                painter, QRectF(inner.left(), value_rect.bottom() + h * 0.14, inner.width(), h * 0.09), t.progress
            ))
        return drawn

    def _paint_progress(self, painter: QPainter, r: QRectF, progress: float) -> str:
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
        return label
