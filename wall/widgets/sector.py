"""A sector's screen: header with the data-as-of time and the clock, then KPI tiles, charts, rankings, tables and
alerts as its sector view declares them.

Every text is planned before it is painted, at the room's sizes (``style.MIN_TEXT_PX`` and up): a tiles panel
shows as many tiles as fit at that size (``legibility.tile_grid``), each tile wraps its name between words and
draws its secondary lines only where they fit whole; nothing is elided, clipped or drawn over other text."""

from __future__ import annotations

import logging
import math
import time
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QPointF, QRect, QRectF, Qt, QTimer
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPainterPath, QPen, QRegion
from PySide6.QtWidgets import QGraphicsItem

from ioc_core import fmt
from ioc_core.catalogue.sectorviews import SectorViewSpec
from ioc_core.views import legibility
from ioc_core.views.series import risk_of
from ioc_core.views.tiles import Tile, alert_since, make_tile, period_words, sector_models
from wall.widgets import panels, style
from wall.widgets.dataview import DataView

log = logging.getLogger(__name__)

__all__ = ["SectorView", "Tile", "make_tile", "period_words"]  # the models live in ioc_core.views.tiles


class SectorView(DataView):
    """A sector's screen: header, then the panels declared for it (tiles, charts, ranking, table, alerts)."""
    paints_background = True  # draw() fills its whole rectangle first (ViewItem.covers)

    PULSE_S = 3.0  # a tile that just crossed a threshold pulses this long (three beats), then stays coloured
    PULSE_FRAME_MS = 80
    # A pulse beats in a ring around the tile's frame (_RingStrip), drawn over the tile's steady look: a beat
    # repaints that ring, not the tile's texts (issue 21: pulses were most of the GUI thread's tile painting).

    def __init__(self, region, view, context):
        super().__init__(region, view, context)
        cat = self.hub.catalogue
        self.sector = cat.sectors.get(view["sector"])
        self.spec: SectorViewSpec = context.sector_view(view["sector"])
        self.indicators = [cat.indicators[i] for i in self.spec.indicators if i in cat.indicators]
        self.alerts = context.alerts
        self.rects: list[QRectF] = []  # each panel's rectangle, in the order of spec.panels
        # each declared tile's rectangle; a tile the panel has no room for has an empty one (it is not shown)
        self.tile_rects: dict[str, QRectF] = {}
        self.head = QRectF()  # the header band
        self._head_lines: list[str] = []  # the sector's name as the header wraps it
        self._orders: dict[int, tuple[str, ...]] = {}  # the orders the tiles were laid out by (see _take_models)
        self.header_drawn: list[str] = []  # the header's texts as last painted (tests, tools)
        self._plans: dict[str, tuple[tuple, TilePlan]] = {}  # each tile's text plan, and what it was planned for
        self._on_screen: dict[str, tuple[tuple, TilePlan]] = {}  # each tile's frame and plan as last painted
        self._tile_items = {i: _TileItem(self, i) for i in self.spec.tiles}
        self._rings = {i: [_RingStrip(self, i) for _ in range(4)] for i in self.spec.tiles}  # over the tiles
        self._ring_reach = 0.0  # how far past its tile's edge a pulse's ring swells (_layout: within the gap)
        self._ring_path: tuple = (None, None, None)  # the ring last painted: its key, path and colour
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
        # a tile's forecast line is its outlook's most serious risk: its news on the GUI thread (``outlook_news``)
        self._outlooks = self.hub.outlooks  # None once disposed
        self.hub.outlook_news.subscribe(self._outlooks_changed)
        self._request()

    def dispose(self) -> None:
        super().dispose()
        self.hub.forget(self._key)
        if self._outlooks is not None:
            self.hub.outlook_news.unsubscribe(self._outlooks_changed)
            self._outlooks = None
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
        alerting = self.alerts is not None and bool(self.alerts.alerts(spec.sector))  # any open alert, any cause
        self.hub.compute(self._key, lambda reader: sector_models(cat, spec, reader, now, lang, since, alerting),
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
        parts: list[tuple[object, QRectF]] = [("header", QRectF(self.head))]
        for n, (panel, rect) in enumerate(zip(self.spec.panels, self.rects, strict=True)):
            if indicators is not None and not indicators.intersection(panel.indicators):
                continue
            if panel.kind == "tiles":
                parts += [(i, self.tile_rects[i].adjusted(-8, -8, 8, 8)) for i in self.shown_tiles(n)
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
        orders = {n: models.get(("order", n)) for n, p in enumerate(self.spec.panels) if p.kind == "tiles"}
        if self.rects and orders != self._orders:  # which tiles the panels keep may change: laid out again
            shown = {n: self.shown_tiles(n) for n in orders}
            self._layout()
            if shown != {n: self.shown_tiles(n) for n in orders}:
                self._painted.clear()
                self.update()
                return
        for part, rect in self._parts(None):
            if part not in self._painted or self._painted[part] != self._shown(part, self._model(part)):
                if isinstance(part, str) and part != "header":
                    self._update_tile(part, self._tile_change(part, rect))
                else:
                    self.update(rect)

    # -- emphasis ------------------------------------------------------------------------------------------
    def _alert_event(self, alert, event: str) -> None:
        if event in ("raised", "escalated") and alert.region == "province" and alert.indicator in self.tile_ids():
            self._pulses[alert.indicator] = time.monotonic()
            for strip in self._rings.get(alert.indicator, ()):
                strip.setVisible(True)  # (shown: Qt repaints its strip)
            if not self._pulse_timer.isActive():
                self._pulse_timer.start()
        if (alert.cause == "threshold" and alert.region == "province" and alert.indicator in self.spec.indicators) \
                or (alert.sector == self.spec.sector and event in ("raised", "cleared")):
            self._request()  # the tile's "since" and the header's all-normal line follow the book
        if alert.sector == self.spec.sector:  # the alert panels and that tile's forecast line follow the book
            for panel, rect in zip(self.spec.panels, self.rects, strict=False):
                if panel.kind == "alerts":
                    self.update(rect)
            if alert.indicator in self.tile_rects:
                self._update_tile(alert.indicator)

    def pulsing(self) -> set[str]:
        now = time.monotonic()
        return {i for i, t0 in self._pulses.items() if now - t0 < self.PULSE_S}

    def _pulse_frame(self) -> None:
        """Repaints only the rings of the pulsing tiles (four thin strips each: Qt unites one item's repaint
        rectangles into one, which for a ring is the whole tile); once a pulse ends its strips are hidden, and
        Qt repaints what they covered: the tile's steady look."""
        live = self.pulsing()
        for ind in list(self._pulses):
            for strip in self._rings.get(ind, ()):
                if ind in live:
                    strip.update()
                else:
                    strip.setVisible(False)
            if ind not in live:
                del self._pulses[ind]
        if not self._pulses:
            self._pulse_timer.stop()

    def beat(self, ind_id: str) -> float:
        """How far tile ``ind_id``'s pulse has swollen now, 0 (the steady frame) to 1; one beat a second from
        the crossing, so a pulse starts and ends on the steady look."""
        t0 = self._pulses.get(ind_id)
        if t0 is None or time.monotonic() - t0 >= self.PULSE_S:
            return 0.0
        return 0.5 - 0.5 * math.cos(2 * math.pi * ((time.monotonic() - t0) % 1.0))

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
        """The header's all-normal line as last painted ("" when something is abnormal, or it did not fit)."""
        calm = (self._painted.get("header") or ("", "", "", ""))[3]
        return calm if calm and calm in self.header_drawn else ""

    def shown_tiles(self, panel: int | None = None) -> list[str]:
        """The tiles laid out (of tiles panel ``panel``, or of every panel), in the order they stand."""
        panels = range(len(self.spec.panels)) if panel is None else (panel,)
        return [i for n in panels if self.spec.panels[n].kind == "tiles" for i in self.spec.panels[n].indicators
                if not self.tile_rects.get(i, QRectF()).isEmpty()]

    def room_changed(self) -> None:
        """The room's smallest text changed: the header, the tiles and the charts are planned again at the new
        size."""
        self._layout()
        for chart in self.charts.values():
            chart.relayout()  # its rectangle may be the same: its ticks and labels are not
        self._painted.clear()
        self.update()

    def tile_ids(self) -> set[str]:
        return {i for p in self.spec.panels if p.kind == "tiles" for i in p.indicators}

    # -- layout --------------------------------------------------------------------------------------------
    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        self._layout()

    def _layout(self) -> None:
        """The header's height (the name on one or two lines), the panels' rectangles, and in each tiles panel the
        tiles that fit at the room's text size: as many as ``legibility.tile_grid`` finds room for, the first of the
        worker's order (``tile_order``: critical, warning, then priority, then as declared), fewer and wider when a
        name would need more than three lines. They stand in their declared order, not in that of importance: a
        tile keeps its place while figures change, and its colour, not its place, says it is abnormal."""
        r = self.rect()
        room = style.ROOM
        gap = max(12.0, r.width() * 0.008)
        # the ring stays clear of the next tile's frame, the header and the next panel (Qt repaints 2 px more)
        self._ring_reach = gap - 4.5
        clock = self._models.get("header", (fmt.clock(self._now, seconds=False), "", ""))[0]
        self._head_lines = self._header_name(r.width(), self._sector_name(), clock)
        self.head = QRectF(r.left(), r.top(), r.width(),
                           min(r.height(), legibility.sector_header_px(r.height(), room, len(self._head_lines))))
        body = QRectF(r.left(), self.head.bottom(), r.width(), r.bottom() - self.head.bottom())
        cw = (body.width() - gap) / self.spec.cols
        ch = (body.height() - gap) / self.spec.rows
        self.rects = [QRectF(body.left() + gap + p.col * cw, body.top() + gap + p.row * ch,
                             p.cols * cw - gap, p.rows * ch - gap) for p in self.spec.panels]
        self.tile_rects = {i: QRectF() for i in self.spec.tiles}
        self._on_screen.clear()  # the next paint of each tile is whole
        cat = self.hub.catalogue
        self._orders = {}
        for n, (panel, rect) in enumerate(zip(self.spec.panels, self.rects, strict=True)):
            if panel.kind != "tiles":
                continue
            self._orders[n] = self._models.get(("order", n))
            order = self._orders[n] or tuple(i for i in panel.indicators if i in cat.indicators)
            area = rect.adjusted(-gap, -gap, gap, gap)
            count, cols = legibility.tile_grid(area.width(), area.height(), len(order), room, panel.columns, gap)
            need_h = legibility.TILE_NEEDS[1] * legibility.line_px(room)
            rows = max(1, int((area.height() - gap) // (need_h + gap)))
            chosen, cells = [], []
            while count:
                chosen = sorted(order[:count], key=panel.indicators.index)
                cells = style.grid(area, count, cols, gap)
                if cols == 1 or all(self._name_fits(i, cell) for i, cell in zip(chosen, cells, strict=True)):
                    break
                cols -= 1  # a name would need a fourth line: wider tiles, as many as still fit
                count = min(count, rows * cols)
            self.tile_rects.update(zip(chosen, cells, strict=True))
        for n, chart in self.charts.items():
            chart.set_rect(self.rects[n])
        for ind_id, item in self._tile_items.items():
            item.set_rect(self.tile_rects.get(ind_id, QRectF()))
            for strip, rect in zip(self._rings[ind_id], ring_strips(self.tile_rects.get(ind_id, QRectF()),
                                                                    self._ring_reach), strict=True):
                strip.set_rect(rect)

    def _name_fits(self, ind_id: str, cell: QRectF) -> bool:
        ind = self.hub.catalogue.indicators[ind_id]
        lines = _wrap(style.metrics(style.font(style.MIN_TEXT_PX)), ind.name_en if style.LANGUAGE == "en"
                      else ind.name_vi, cell.width() - 2 * _tile_pad())
        return lines is not None and len(lines) <= 3

    def _header_name(self, width: float, name: str, clock: str) -> list[str]:
        """The sector's name as the header sets it beside the clock: one line, or two broken between words."""
        f = _header_font()
        m = style.metrics(f)
        room = width - 3 * _header_pad() - m.horizontalAdvance(clock)
        lines = _wrap(m, name, room)
        # longer than two lines beside the clock: as many as it needs (the header grows), never past its edge
        return lines if lines is not None and len(lines) <= 2 else style.wrap(m, name, room)

    # -- painting ------------------------------------------------------------------------------------------
    def draw(self, painter: QPainter) -> None:
        r = self.rect()
        if not self.rects:
            self._layout()
        exposed = getattr(self, "exposed", r)  # a chart's new curve or a pulsing tile repaints only its own part
        painter.fillRect(exposed, style.BACKGROUND)
        region, device = exposed_region(painter), painter.deviceTransform()

        def shows(part: QRectF) -> bool:  # whether the paint may change any pixel of ``part``
            return part.intersects(exposed) and (
                region is None or region.intersects(device.mapRect(part).toAlignedRect()))

        if shows(self.head):
            self.header_drawn = self._paint_header(painter, self.head, *self._painting("header"))
        cat = self.hub.catalogue
        for n, (panel, rect) in enumerate(zip(self.spec.panels, self.rects, strict=True)):
            if not shows(rect):
                continue
            if panel.kind == "tiles":
                continue  # each tile paints itself, an item of its own (_TileItem), over this background
            elif panel.kind == "ranking" and (entries := self._painting(n)) is not None:
                panels.paint_ranking(painter, rect, cat.indicators[panel.indicators[0]], entries, panel.title)
            elif panel.kind == "table" and (rows := self._painting(n)) is not None:
                panels.paint_table(painter, rect, rows, panel.sort, panel.title)
            elif panel.kind == "alerts":
                alerts = self.alerts.alerts(self.spec.sector) if self.alerts is not None else []
                panels.paint_alerts(painter, rect, alerts, panel.limit, None, panel.title, cat)

    def paint_tile_item(self, painter: QPainter, ind_id: str) -> None:
        """Tile ``ind_id`` as its item paints it (until the worker's first model: nothing, the background shows)."""
        model = self._painting(ind_id)
        if model is not None and not self.tile_rects.get(ind_id, QRectF()).isEmpty():
            self.drawn[ind_id] = self._paint_tile(painter, self.tile_rects[ind_id], *model)

    def _update_tile(self, ind_id: str, rect: QRectF | None = None) -> None:
        """Repaint tile ``ind_id`` (only ``rect`` of it, in the view's coordinates, when given)."""
        item = self._tile_items.get(ind_id)
        if item is not None and not item.boundingRect().isEmpty() and (rect is None or not rect.isEmpty()):
            item.update(item.boundingRect() if rect is None else rect)

    def _sector_name(self) -> str:
        if self.sector is None:
            return self.view["sector"]
        return self.sector.name_en if style.LANGUAGE == "en" else self.sector.name_vi

    def _paint_header(self, painter: QPainter, r: QRectF, name: str, clock: str, asof: str,
                      calm: str = "") -> list[str]:
        """The sector's name (one line or two, as laid out) and the clock, at 1.15 the room's smallest text; then,
        between them, the all-normal line and the data's time, each only where it fits whole (the data's time
        goes first: the screen saying once that all is normal matters more to the room). Returns the texts drawn."""
        painter.fillRect(r, style.PANEL)
        pad = _header_pad()
        big = _header_font()
        bm = style.metrics(big)
        lines = self._head_lines or [name]
        top = r.center().y() - len(lines) * bm.height() / 2
        painter.setFont(big)
        painter.setPen(style.TEXT)
        drawn = []
        for k, text in enumerate(lines):
            painter.drawText(QPointF(r.left() + pad, top + k * bm.height() + bm.ascent()), text)
        drawn += lines
        name_end = r.left() + pad + max(bm.horizontalAdvance(text) for text in lines)
        clock_w = bm.horizontalAdvance(clock)
        clock_x = r.right() - pad - clock_w
        if clock_x > name_end + pad * 0.5:
            painter.drawText(QPointF(clock_x, r.center().y() - bm.height() / 2 + bm.ascent()), clock)
            drawn.append(clock)
        else:
            clock_x = r.right()
        left, right = name_end + pad * 1.5, clock_x - pad * 1.5
        small, bold = style.font(style.MIN_TEXT_PX), style.font(style.MIN_TEXT_PX, True)
        baseline = r.center().y() - style.metrics(small).height() / 2 + style.metrics(small).ascent()
        if calm and style.metrics(bold).horizontalAdvance(calm) <= right - left:
            painter.setPen(QColor(style.STATUS_LOOK["normal"][0]))
            painter.setFont(bold)
            painter.drawText(QPointF(left, baseline), calm)
            drawn.append(calm)
            left += style.metrics(bold).horizontalAdvance(calm) + pad * 1.5
        asof_w = style.metrics(small).horizontalAdvance(asof)
        if asof and asof_w <= right - left:
            painter.setPen(style.TEXT_DIM)
            painter.setFont(small)
            painter.drawText(QPointF(right - asof_w, baseline), asof)
            drawn.append(asof)
        return drawn

    def _outlooks_changed(self, indicators: set[str]) -> None:
        """(GUI thread.) New outlooks: the tiles among them repaint their forecast line."""
        if self._outlooks is not None:
            for ind_id in set(indicators) & set(self.spec.tiles):
                self._update_tile(ind_id)

    def _forecast_note(self, indicator: str) -> str:
        """The forecast's risk for a tile: its outlook's most serious risk ("↗ 72 % khả năng không đạt kế hoạch
        năm"; none when the outlook shows no forecast, or is behind the tile's figure: made before its period became
        the newest complete one, as a chart judges it); without an outlook yet, an open forecast alert's."""
        outlook = self._outlooks.get(indicator) if self._outlooks is not None else None
        if outlook is not None:
            tile = self._models.get(indicator)
            newest = tile.newest if isinstance(tile, Tile) else None
            if outlook.behind(self.hub.catalogue.indicators[indicator], newest, self.hub.clock()):
                return ""
            risk = risk_of(outlook)
            return "" if risk is None else "↗ " + (risk.message_en if style.LANGUAGE == "en" else risk.message_vi)
        if self.alerts is None:
            return ""
        risks = [a for a in self.alerts.open_for(indicator) if a.cause == "forecast"]
        return "↗ " + risks[0].message(style.LANGUAGE) if risks else ""

    QUIET_FRAME = QColor("#2c3d5c")  # a normal tile's frame: there, but not competing with the exceptions

    def _paint_tile(self, painter: QPainter, r: QRectF, t: Tile, note: str = "") -> list[str]:
        """Paints one tile; returns its texts in the order laid out. Normal tiles are quiet (a muted frame, no
        status word); warning and critical ones loud (tint, thick frame, shape and word, the threshold crossed and
        since when); stale and no-data ones say their state in their grey. The texts are planned first
        (``plan_tile``) at the room's sizes, then drawn as planned: those whose glyphs meet the paint's region
        (a pulse's ring repaints the tile's edge, and no text of it). A pulse does not change the tile: its ring
        (``paint_ring``) beats over it."""
        accent = QColor(style.STATUS_LOOK[t.state][0])
        path = _tile_path(r)
        painter.fillPath(path, style.PANEL)
        if t.loud:  # a quiet tile has no tint
            tint = QColor(accent)
            tint.setAlpha(56)
            painter.fillPath(path, tint)
        painter.setPen(QPen(self.QUIET_FRAME if t.state == "normal" else accent, _frame_px(r, t.state)))
        painter.drawPath(path)
        plan = self._plan(t, note, r)
        region = exposed_region(painter)
        self._record(painter, region, t, r, plan)
        painter.save()
        painter.translate(r.topLeft())
        device = painter.deviceTransform()
        if plan.bar is not None:
            bar, progress = plan.bar
            painter.fillRect(bar, QColor("#24334f"))
            painter.fillRect(QRectF(bar.left(), bar.top(), bar.width() * min(1.0, max(0.0, progress)), bar.height()),
                             style.ACCENT)
        for line in plan.lines:
            if region is not None and not region.intersects(device.mapRect(_ink_box(line)).toAlignedRect()):
                continue  # none of its pixels is repainted
            painter.setFont(line.font)
            painter.setPen(line.colour)
            painter.drawText(QPointF(line.x, line.baseline), line.text)
        painter.restore()
        return [line.text for line in plan.lines]


    def _record(self, painter: QPainter, region: QRegion | None, t: Tile, r: QRectF, plan: TilePlan) -> None:
        """Remember ``plan`` as what tile ``t`` shows, when this paint leaves all of it on the screen: it repaints
        the whole tile (as far as the screen shows it), or the screen showed a plan of the same frame before and
        the paint repaints every line that differs from it (a new figure's own update). A paint clipped to part of
        the tile (a neighbour's margin, an adjacent panel, a pulse's ring) whose texts changed without an update of
        their own draws the new texts only inside the clip: what the tile shows is then not known, and its next
        update repaints all of it (issue 21: half of an old forecast warning stayed on the wall)."""
        ind_id, chrome = t.indicator.id, self._chrome(t, r)
        reach = min(_frame_px(r, "critical") / 2 + 2, 8.0)  # the frame's outer edge, the widest a tile has
        known = self._on_screen.get(ind_id)
        if _repaints(painter, region, r.adjusted(-reach, -reach, reach, reach)) or (
                known is not None and known[0] == chrome
                and _repaints(painter, region, _plans_differ(known[1], plan).translated(r.topLeft()).intersected(r))):
            self._on_screen[ind_id] = (chrome, plan)
        else:
            self._on_screen.pop(ind_id, None)
            self._painted.pop(ind_id, None)  # the next news repaints the tile, even when it says nothing new

    def _plan(self, t: Tile, note: str, r: QRectF) -> TilePlan:
        """The tile's text plan, made again only when what the tile says, its size or the room's text changed."""
        key = (t.shown(), note, r.width(), r.height(), style.MIN_TEXT_PX)
        plan = self._plans.get(t.indicator.id)
        if plan is None or plan[0] != key:
            self._plans[t.indicator.id] = plan = (key, plan_tile(t, note, QRectF(0, 0, r.width(), r.height())))
        return plan[1]

    def paint_ring(self, painter: QPainter, ind_id: str) -> None:
        """Tile ``ind_id``'s pulse: a ring in its state's colour from the middle of its frame outwards, swelling
        with the beat into the gap around the tile and brightening; at rest it lies on the frame's outer half, so
        a pulse starts and ends on the tile's steady look."""
        r, model = self.tile_rects.get(ind_id, QRectF()), self._models.get(ind_id)
        if r.isEmpty() or model is None:
            return
        beat = round(self.beat(ind_id), 2)
        key = (ind_id, r.x(), r.y(), r.width(), r.height(), model.state, beat, self._ring_reach)
        if self._ring_path[0] != key:  # the strips of one beat paint the same ring: made once
            rest = min(_frame_px(r, model.state) / 2 + 1.0, self._ring_reach)
            reach = rest + (self._ring_reach - rest) * beat
            radius = min(r.width(), r.height()) * 0.04
            ring = QPainterPath()
            ring.addRoundedRect(r.adjusted(-reach, -reach, reach, reach), radius + reach, radius + reach)
            ring.addRoundedRect(r, radius, radius)  # the hole (odd-even fill): the tile inside its frame's middle
            self._ring_path = (key, ring, QColor(style.STATUS_LOOK[model.state][0]).lighter(100 + int(60 * beat)))
        painter.fillPath(self._ring_path[1], self._ring_path[2])

    @staticmethod
    def _chrome(t: Tile, r: QRectF) -> tuple:
        """What a tile's background and frame depend on."""
        return t.state, t.loud, r.x(), r.y(), r.width(), r.height(), style.MIN_TEXT_PX

    def _tile_change(self, ind_id: str, whole: QRectF) -> QRectF:
        """The part of tile ``ind_id`` its new model changes: when its background and frame stay as they are on
        the screen (same state, size), the boxes of the lines (and the plan's bar) that differ from the
        ones painted; else ``whole``. A new figure repaints its own line and the lines it changes, not the
        tile's name and frame."""
        on_screen, model = self._on_screen.get(ind_id), self._model(ind_id)
        r = self.tile_rects.get(ind_id, QRectF())
        if on_screen is None or model is None or r.isEmpty():
            return whole
        tile, note = model
        chrome, was = on_screen
        if chrome != self._chrome(tile, r):
            return whole
        changed = _plans_differ(was, self._plan(tile, note, r))
        return changed.translated(r.topLeft()).intersected(r)  # the texts stay inside the tile


class _TilePart(QGraphicsItem):
    """A part of tile ``ind_id`` that its view paints, an item of its own (Qt keeps one repaint rectangle an item)."""

    def __init__(self, view: SectorView, ind_id: str):
        super().__init__(view)
        self.view, self.ind_id = view, ind_id
        self._rect = QRectF()
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)

    def set_rect(self, rect: QRectF) -> None:
        if rect != self._rect:
            self.prepareGeometryChange()
            self._rect = rect

    def boundingRect(self) -> QRectF:  # noqa: N802 (Qt's name)
        return self._rect


class _TileItem(_TilePart):
    """One tile of a sector screen: two tiles that change at the two ends of a row repaint themselves, not the row
    between them."""

    def set_rect(self, tile: QRectF) -> None:
        """The tile's rectangle (empty: not shown); the item reaches 8 px around it, for its frame."""
        super().set_rect(QRectF() if tile.isEmpty() else tile.adjusted(-8, -8, 8, 8))

    def paint(self, painter: QPainter, option, widget=None) -> None:
        # Qt paints every child of an exposed view: this tile only where the repaint reaches its pixels (the view
        # has just filled the region with its background)
        region, tile = exposed_region(painter), self.view.tile_rects.get(self.ind_id, QRectF())
        if region is not None and not tile.isEmpty():
            reach = _frame_px(tile, "critical") / 2 + 2
            if not region.intersects(painter.deviceTransform().mapRect(
                    tile.adjusted(-reach, -reach, reach, reach)).toAlignedRect()):
                return
        try:  # as in ViewItem.paint: nothing escapes into Qt's paint code
            self.view.paint_tile_item(painter, self.ind_id)
        except Exception:
            log.exception("tile %s of sector %s failed to draw", self.ind_id, self.view.spec.sector)


class _RingStrip(_TilePart):
    """One of the four thin strips (top, bottom, left, right) that together cover a tile's pulse ring, each an item
    of its own so that a beat repaints the ring and not the tile within it; shown only while the tile pulses, above
    the tile. Each draws the ring where it lies in its strip."""

    def __init__(self, view: SectorView, ind_id: str):
        super().__init__(view, ind_id)
        self.setZValue(1)
        self.setVisible(False)

    def paint(self, painter: QPainter, option, widget=None) -> None:
        if self._rect.isEmpty():
            return
        painter.save()
        painter.setClipRect(self._rect, Qt.ClipOperation.IntersectClip)  # the ring once, however much is repainted
        try:
            self.view.paint_ring(painter, self.ind_id)
        except Exception:
            log.exception("pulse of tile %s of sector %s failed to draw", self.ind_id, self.view.spec.sector)
        finally:
            painter.restore()


def _tile_path(r: QRectF) -> QPainterPath:
    path = QPainterPath()
    radius = min(r.width(), r.height()) * 0.04
    path.addRoundedRect(r, radius, radius)
    return path


def _frame_px(r: QRectF, state: str) -> float:
    """The width of a tile's frame: thick on a critical or warning tile, thin on the others."""
    return max(3.0, r.height() * {"critical": 0.03, "warning": 0.02}.get(state, 0.008))


def ring_strips(tile: QRectF, reach: float) -> list[QRectF]:
    """Four strips, on whole pixels, abutting, that cover every pixel a pulse's ring around ``tile`` may touch
    (none when the tile is not shown): the ring reaches ``reach`` past the tile's edge, and a pixel of smoothing;
    inside, only the rounded corners (the ring follows their arc, which stays within 0.3 of the radius of the
    tile's edges where it leaves both of them) and a pixel of smoothing."""
    if tile.isEmpty():
        return [QRectF()] * 4
    out = reach + 1.5
    depth = min(tile.width(), tile.height()) * 0.04 * 0.3 + 1.5
    left, top = math.floor(tile.left() - out), math.floor(tile.top() - out)
    right, bottom = math.ceil(tile.right() + out), math.ceil(tile.bottom() + out)
    in_left, in_top = math.ceil(tile.left() + depth), math.ceil(tile.top() + depth)
    in_right, in_bottom = math.floor(tile.right() - depth), math.floor(tile.bottom() - depth)
    return [QRectF(left, top, right - left, in_top - top), QRectF(left, in_bottom, right - left, bottom - in_bottom),
            QRectF(left, in_top, in_left - left, in_bottom - in_top),
            QRectF(in_right, in_top, right - in_right, in_bottom - in_top)]


_INK: dict[tuple, QRectF] = {}


def _ink_box(line: TextLine) -> QRectF:
    """Where a planned line's glyphs lie (their ink, accents included, and the line's ascent and descent), two
    pixels around: a paint whose region misses it changes none of its pixels."""
    key = (line.text, line.font.key())
    box = _INK.get(key)
    if box is None:
        if len(_INK) > 4096:
            _INK.clear()
        m = style.metrics(line.font)
        box = QRectF(0, -m.ascent(), m.horizontalAdvance(line.text), m.height()).united(
            m.boundingRect(line.text)).adjusted(-2, -2, 2, 2)
        _INK[key] = box
    return box.translated(line.x, line.baseline)


def _plans_differ(was: TilePlan, now: TilePlan) -> QRectF:
    """Where two plans of a tile differ, in the tile's coordinates: the boxes of the lines (and the bar) one has
    and the other has not, united (empty: they paint the same texts)."""
    before = {_line_key(line): line for line in was.lines}
    after = {_line_key(line): line for line in now.lines}
    boxes = [_line_box(line) for k, line in before.items() if k not in after]
    boxes += [_line_box(line) for k, line in after.items() if k not in before]
    if was.bar != now.bar:
        boxes += [bar[0].adjusted(-2, -2, 2, 2) for bar in (was.bar, now.bar) if bar is not None]
    changed = QRectF()
    for box in boxes:
        changed = changed.united(box)
    return changed


def _repaints(painter: QPainter, region: QRegion | None, part: QRectF) -> bool:
    """Whether this paint, of ``region`` (None: all of the device), repaints every pixel of ``part`` (in the
    painter's coordinates) its device shows."""
    if region is None or part.isEmpty():
        return True
    device = painter.deviceTransform().mapRect(part).toAlignedRect()
    target = painter.device()
    if target is not None:
        device = device.intersected(QRect(0, 0, target.width(), target.height()))
    return QRegion(device).subtracted(region).isEmpty()


def _line_key(line: TextLine) -> tuple:
    return line.text, line.font.key(), line.colour.rgba(), round(line.x, 2), round(line.baseline, 2)


def _line_box(line: TextLine) -> QRectF:
    """Where a planned line's glyphs may reach, accents and side bearings included."""
    m = style.metrics(line.font)
    pad = m.height() * 0.25
    return QRectF(line.x - pad, line.baseline - m.ascent() - pad, m.horizontalAdvance(line.text) + 2 * pad,
                  m.height() + 2 * pad)


def exposed_region(painter: QPainter) -> QRegion | None:
    """The device region this paint may change (the screen's repaint region; None: all of the device). Qt's
    exposed rectangle is that region's bounding rectangle: two tiles that change at the two ends of a row
    expose every part between them, which drew again though nothing of it changed."""
    engine, device = painter.paintEngine(), painter.device()
    if engine is None or device is None or device.devicePixelRatioF() != 1.0:  # (unsure units: all of it)
        return None
    clip = engine.systemClip()
    return None if clip.isEmpty() else clip


@dataclass(frozen=True)
class TextLine:
    text: str
    font: QFont
    colour: QColor
    x: float
    baseline: float


@dataclass(frozen=True)
class TilePlan:
    lines: list[TextLine]
    bar: tuple[QRectF, float] | None  # the plan's bar and how far it is
    whole: bool  # the name, the figure and (loud) the state and threshold all fit


def _tile_pad() -> float:
    return max(8.0, style.line_px() * 0.25)


def _header_pad() -> float:
    return max(8.0, style.line_px() * 0.3)


def _header_font() -> QFont:
    return style.font(style.MIN_TEXT_PX * 1.15, True)


def _wrap(metrics: QFontMetricsF, text: str, width: float, glue: str = "") -> list[str] | None:
    """``text`` broken between words into lines no wider than ``width``; None when a word alone is wider.
    ``glue``: a phrase kept on one line (a figure's unit: "150 hồ sơ" never ends a line with "150 hồ")."""
    words = text.split()
    if glue.strip():
        words = text.replace(glue, glue.replace(" ", "\u00a0")).split(" ")
        words = [w.replace("\u00a0", " ") for w in words if w]
    lines, line = [], ""
    for word in words:
        trial = f"{line} {word}" if line else word
        if metrics.horizontalAdvance(trial) <= width:
            line = trial
        elif line and metrics.horizontalAdvance(word) <= width:
            lines.append(line)
            line = word
        else:
            return None
    return [*lines, line] if line else lines


def _balanced(metrics: QFontMetricsF, text: str, width: float) -> list[str] | None:
    """``text`` on as few lines as ``_wrap`` needs, the lines as even as they can be (no word left alone on the
    last line when a narrower measure keeps the count)."""
    lines = _wrap(metrics, text, width)
    if lines is None or len(lines) < 2:
        return lines
    best, measure = lines, width
    while measure > width * 0.4:
        measure -= width * 0.04
        narrower = _wrap(metrics, text, measure)
        if narrower is None or len(narrower) != len(lines):
            break
        best = narrower
    return best


def _pack(metrics: QFontMetricsF, parts, width: float, sep: str = "   ") -> list[str]:
    """Whole parts set side by side on lines no wider than ``width``; a part wider than a line is left out."""
    lines: list[str] = []
    for part in parts:
        if metrics.horizontalAdvance(part) > width:
            continue
        if lines and metrics.horizontalAdvance(lines[-1] + sep + part) <= width:
            lines[-1] += sep + part
        else:
            lines.append(part)
    return lines


def plan_tile(t: Tile, note: str, r: QRectF) -> TilePlan:
    """Where each text of tile ``t`` goes in ``r``, every one at least ``style.MIN_TEXT_PX``: first what the tile
    is for (its name wrapped between words on up to three lines, its figure with the unit beside it, and on a
    warning or critical tile the shape and word, since when, and the threshold crossed), then, only where they fit
    whole, the secondary lines (the forecast's warning, or the changes and the provisional time, then the plan's
    bar and label); the figure takes the height left, up to three times the smallest text."""
    px = style.MIN_TEXT_PX
    small, bold = style.font(px), style.font(px, True)
    sm, bm = style.metrics(small), style.metrics(bold)
    line_h = sm.height()
    pad = _tile_pad()
    inner = r.adjusted(pad, pad * 0.8, -pad, -pad * 0.8)
    width = inner.width()
    accent = QColor(style.STATUS_LOOK[t.state][0])
    whole = True
    blocks: list[tuple[str, list[tuple[str, QFont, QColor]]]] = []  # (kind, lines) top to bottom

    name = _balanced(sm, t.name, width)
    if name is None:  # a word wider than the tile: broken where it must be, never left out
        whole = False
        name = style.wrap(sm, t.name, width)
    elif len(name) > 3:  # the layout keeps names to three lines where it can; a longer one is still whole
        whole = False
    blocks.append(("name", [(text, small, style.TEXT) for text in name]))

    # the figure: at least 1.3 times the smallest text, its unit beside it (under it when the tile is too narrow)
    value = t.value
    unit_below = False
    low = px * 1.3
    if value is not None:
        vw = style.metrics(style.font(low, True)).horizontalAdvance(value)
        uw = sm.horizontalAdvance(t.unit) + px * 0.3 if t.unit else 0.0
        if vw + uw > width:
            low = px
            vw = bm.horizontalAdvance(value)
            unit_below = vw + uw > width
            whole = whole and vw <= width
    else:
        low = px
    figure_h = style.metrics(style.font(low, True)).height()

    state_lines: list[tuple[str, QFont, QColor]] = []
    if t.mark:
        mark = t.mark + (f"  ·  {t.since}" if t.loud and t.since else "")
        if bm.horizontalAdvance(mark) <= width:
            state_lines.append((mark, bold, accent))
        else:  # the shape and word, then since when (or the age) on a line of its own
            for piece in mark.split("  ·  "):
                piece_lines = _wrap(bm, piece, width)
                if piece_lines is None:
                    whole = False
                    continue
                state_lines += [(text, bold, accent) for text in piece_lines]
    empty = [] if value is not None else [(QCoreApplication.translate("SectorView", "chưa có dữ liệu"), small,
                                           style.TEXT_DIM)]
    primary = len(name) * line_h + (figure_h if value is not None else line_h) + len(state_lines) * line_h \
        + (line_h if unit_below else 0.0) + pad * 0.3 * 2
    if t.loud and t.threshold:  # in full on up to two lines where they fit, else without the severity word
        options = [_wrap(bm, words, width, f" {t.unit}") for words in (t.threshold, t.threshold_short)]
        options = [lines for lines in options if lines is not None and len(lines) <= 2]
        crossed = next((lines for lines in options if primary + len(lines) * line_h <= inner.height()),
                       options[-1] if options else None)
        if crossed is None:
            whole = False
        else:
            state_lines += [(text, bold, accent) for text in crossed]
            primary += len(crossed) * line_h
    left = inner.height() - primary
    if left < 0:
        whole = False
    secondary: list[tuple[str, QFont, QColor]] = []
    progress_line = None
    if value is not None and not (t.loud and t.threshold):
        if note:
            warned = _wrap(sm, note, width)
            if warned is not None and len(warned) * line_h <= left:
                secondary = [(text, small, QColor(style.STATUS_LOOK["warning"][0])) for text in warned]
        else:
            for text in _pack(sm, t.notes, width):
                if (len(secondary) + 1) * line_h > left:
                    break
                secondary.append((text, small, style.TEXT_DIM))
        left -= len(secondary) * line_h
        if t.progress is not None and line_h <= left:
            label = QCoreApplication.translate("SectorView", "kế hoạch năm %1%").replace(
                "%1", fmt.number(t.progress * 100, 0))
            if sm.horizontalAdvance(label) <= width:
                progress_line = label
                left -= line_h

    # the figure grows into the height left, as wide as the tile lets it
    value_px = low
    if value is not None and not unit_below:
        uw = sm.horizontalAdvance(t.unit) + px * 0.3 if t.unit else 0.0
        by_width = low * (width - uw) / max(1.0, style.metrics(style.font(low, True)).horizontalAdvance(value))
        by_height = low * (figure_h + max(0.0, left)) / figure_h
        value_px = max(low, min(px * 3.0, by_width * 0.98, by_height * 0.98))
    value_font = style.font(value_px, True)
    vm = style.metrics(value_font)

    out: list[TextLine] = []
    y = inner.top()
    bottom = inner.bottom() + 0.5

    def put(text: str, font: QFont, colour: QColor, x: float | None = None) -> bool:
        nonlocal y
        m = style.metrics(font)
        if y + m.height() > bottom:
            return False
        out.append(TextLine(text, font, colour, inner.left() if x is None else x, y + m.ascent()))
        y += m.height()
        return True

    for text, font, colour in blocks[0][1]:
        put(text, font, colour)
    y += pad * 0.3
    if value is not None:
        if y + vm.height() <= bottom:
            base = y + vm.ascent()
            out.append(TextLine(value, value_font, style.TEXT_DIM if t.state == "stale" else style.TEXT,
                                inner.left(), base))
            if t.unit and not unit_below:
                out.append(TextLine(t.unit, small, style.TEXT_DIM,
                                    inner.left() + vm.horizontalAdvance(value) + px * 0.3, base))
            y += vm.height()
            if t.unit and unit_below:
                put(t.unit, small, style.TEXT_DIM)
    else:
        for text, font, colour in empty:
            put(text, font, colour)
    y += pad * 0.3
    for text, font, colour in state_lines + secondary:
        if not put(text, font, colour):
            break
    bar = None
    if progress_line is not None and y + line_h <= bottom:
        label_w = sm.horizontalAdvance(progress_line)
        out.append(TextLine(progress_line, small, style.TEXT_DIM, inner.right() - label_w, y + sm.ascent()))
        bar_w = width - label_w - px * 0.5
        if bar_w >= px:
            bar = (QRectF(inner.left(), y + line_h * 0.3, bar_w, line_h * 0.4), t.progress)
    return TilePlan(out, bar, whole)
