"""The province map: outline drawn from shipped vector data (no tiles), markers coloured and shaped by their status.

View parameters (all optional):
- ``layer``: which marker kinds: ``all`` (default), ``tourism``, ``environment``, ``cameras``, ``incidents``,
  ``safety`` (cameras and incidents); see ioc_core.catalogue.mapdata.LAYERS.
- ``sector``: only markers of that sector (a marker's indicator's sector, else its kind's default sector).

A marker's state is its indicator's reading judged like a KPI tile (normal, warning, critical, stale, no_data), or
the static status in the markers file. Markers in trouble are larger, carry the status shape and a name label, and
are drawn last so nothing hides them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPainterPath, QPen, QPolygonF

from ioc_core import fmt
from ioc_core.alerts.book import CAP_HEADING
from ioc_core.catalogue import mapdata
from ioc_core.catalogue.mapdata import BaseMap, Marker, Projection
from ioc_core.indicators.observation import PROVINCE
from ioc_core.views.text import LAYER_NAMES
from ioc_core.views.tiles import make_tile
from wall.widgets import style
from wall.widgets.dataview import DataView

# Drawing order: calm first, trouble last (on top).
ORDER = {"info": 0, "normal": 1, "no_data": 2, "stale": 3, "warning": 4, "critical": 5}
TROUBLE = ("warning", "critical")
INFO_COLOUR = "#5c8fd6"  # a marker that carries no status at all

KIND_NAMES = {
    "tourist_site": QT_TRANSLATE_NOOP("MapView", "Điểm du lịch"),
    "station": QT_TRANSLATE_NOOP("MapView", "Trạm quan trắc"),
    "camera": QT_TRANSLATE_NOOP("MapView", "Camera"),
    "incident": QT_TRANSLATE_NOOP("MapView", "Sự cố"),
}
CONTEXT_LABELS = (
    (104.25, 18.75, QT_TRANSLATE_NOOP("MapView", "Lào")),
    (105.98, 18.98, QT_TRANSLATE_NOOP("MapView", "Biển Đông")),
)
NEIGHBOUR_FILL = QColor("#0f1b31")
CAP_FILL_ALPHA = 110  # an alert's area over the map: its severity colour, the outline and markers seen through it
CAP_LEGEND_MAX = 3  # the headlines the legend is made wide enough for (two lines each); more as height allows
STATUSES = ("critical", "warning", "normal", "stale", "no_data")  # the legend's order
SEVERITY_RANK = {"critical": 2, "warning": 1}  # which label stays when two would lie over each other
ICON_W = 0.85  # the legend's icon column, in font pixel sizes
KM_PER_DEG = 111.32
NEIGHBOUR_EDGE = QColor("#33486b")


def tr(text: str) -> str:
    return QCoreApplication.translate("MapView", text)


@dataclass(frozen=True)
class MarkerState:
    marker: Marker
    state: str  # a key of style.STATUS_LOOK, or "info" (no status tracked)
    value: str | None  # the reading, formatted, with its unit

    @property
    def colour(self) -> QColor:
        return QColor(INFO_COLOUR if self.state == "info" else style.STATUS_LOOK[self.state][0])


def kind_path(kind: str, r: float) -> QPainterPath:
    """The marker body of a kind around (0, 0): star, hexagon, square or cross (none of them a status shape)."""
    path = QPainterPath()
    if kind == "tourist_site":
        pts = [
            QPointF(
                (r * 1.3 if i % 2 == 0 else r * 0.6) * math.sin(i * math.pi / 5),
                -(r * 1.3 if i % 2 == 0 else r * 0.6) * math.cos(i * math.pi / 5),
            )
            for i in range(10)
        ]
        path.addPolygon(QPolygonF(pts))
    elif kind == "station":
        path.addPolygon(
            QPolygonF(
                [QPointF(r * 1.1 * math.cos(i * math.pi / 3), r * 1.1 * math.sin(i * math.pi / 3)) for i in range(6)]
            )
        )
    elif kind == "camera":
        path.addRoundedRect(QRectF(-r * 0.95, -r * 0.95, r * 1.9, r * 1.9), r * 0.25, r * 0.25)
    else:  # incident: a thick X
        a, b = r * 1.15, r * 0.42
        pts = [
            (0, -b),
            (a - b, -a),
            (a, -a + b),
            (b, 0),
            (a, a - b),
            (a - b, a),
            (0, b),
            (-a + b, a),
            (-a, a - b),
            (-b, 0),
            (-a, -a + b),
            (-a + b, -a),
        ]
        path.addPolygon(QPolygonF([QPointF(x, y) for x, y in pts]))
    path.closeSubpath()
    return path


def status_path(state: str, r: float) -> QPainterPath:
    """The status shape of style.STATUS_LOOK drawn as a vector: ● ▲ ◆ ◷ ○."""
    path = QPainterPath()
    if state == "warning":
        path.addPolygon(QPolygonF([QPointF(0, -r * 1.1), QPointF(r * 1.05, r * 0.75), QPointF(-r * 1.05, r * 0.75)]))
    elif state == "critical":
        path.addPolygon(
            QPolygonF([QPointF(0, -r * 1.2), QPointF(r * 1.0, 0), QPointF(0, r * 1.2), QPointF(-r * 1.0, 0)])
        )
    elif state in ("no_data", "stale"):
        path.addEllipse(QPointF(0, 0), r, r)
        path.addEllipse(QPointF(0, 0), r * 0.55, r * 0.55)  # a ring (odd-even fill)
    else:
        path.addEllipse(QPointF(0, 0), r, r)
    path.closeSubpath()
    return path


@dataclass
class _Base:
    """The projected base layer for one size: cached, since the outline never changes while the wall runs."""

    projection: Projection
    map_rect: QRectF
    label_rect: QRectF  # the map less the attribution line
    province: QPainterPath
    neighbours: list[tuple[QPainterPath, str, QPointF | None]]
    credit: list[str]  # the outline's attribution, wrapped to the map's width


@dataclass
class _Row:
    """One entry of the legend as planned: its lines (wrapped, each whole) and the height they take."""

    kind: str  # heading | cap | more | row | note | gap
    lines: list[str]
    height: float
    colour: QColor | None = None
    icon: QPainterPath | None = None  # around (0, 0)
    count: int | None = None


@dataclass
class _Plan:
    """Where the view's parts go at one size and distance, and which legend texts fit (every one at a legible
    size, whole)."""

    head: QRectF
    title: list[str]  # the title's lines
    head_px: float
    body: QRectF  # the map
    legend: QRectF  # the legend's panel
    rows: list[_Row]
    font_px: float  # the legend's and the map labels' text
    line: float
    pad: float
    info: dict  # what the legend shows (tests, tools)


@dataclass
class _Label:
    """A name written on the map: an alert area's event (``at`` None) or a marker's name and reading."""

    box: QRectF
    lines: list[str]
    frame: QColor
    ink: QColor
    at: QPointF | None


class MapView(DataView):
    paints_background = True  # draw() fills its whole rectangle first (ViewItem.covers)
    markers_file = mapdata.MARKERS_FILE
    outline_file = mapdata.OUTLINE_FILE

    def __init__(self, region, view, context):
        super().__init__(region, view, context)
        view = view or {}
        self.layer = view.get("layer", "all")
        self.sector = view.get("sector")
        self.basemap: BaseMap = mapdata.load_outline(self.outline_file)
        given = getattr(context, "markers", None)  # the wall's, with the state folder's (wall/app.py)
        self.all_markers = given if given is not None else mapdata.load_markers(self.hub.catalogue, self.markers_file,
                                                                                self.basemap.bounds())
        self.markers = mapdata.select(self.all_markers, self.layer, self.sector)
        self._indicators = {m.indicator for m in self.markers if m.indicator}
        self._base: _Base | None = None
        self._base_key = None
        self._plan: _Plan | None = None
        self._plan_key = None
        self.legend_plan: dict = {}  # what the legend shows at the last size planned
        self.labels: list[tuple[str, QRectF]] = []  # the names written on the map at the last paint
        self.dropped_labels: list[str] = []  # labels left out there, over a more severe one
        self.follow_alerts(getattr(context, "alerts", None))  # CAP alerts' areas are drawn on the map
        self._tiles: dict | None = None  # each marker's figure judged as a tile, built on the view-model worker
        self._key = ("map", id(self))
        self._request()

    def dispose(self) -> None:
        super().dispose()
        self.hub.forget(self._key)

    def shows(self, indicators: set[str]) -> bool:
        return bool(self._indicators & indicators)

    def _data_changed(self, indicators: set[str]) -> None:
        if self.shows(indicators):
            self._request()

    def _minute_passed(self) -> None:  # a figure that stops arriving turns stale on the map too
        self._request()

    def _request(self) -> None:
        if not self._indicators:
            self._tiles = {}
            return
        cat, now, lang = self.hub.catalogue, self._now.timestamp(), style.LANGUAGE
        wanted = {(m.indicator, m.region or PROVINCE) for m in self.markers if m.indicator}

        def job(reader):
            return {(i, r): make_tile(cat.indicators[i], reader.reading(i, r), now, lang) for i, r in wanted}

        self.hub.compute(self._key, job, self._take_tiles)

    def _take_tiles(self, tiles: dict) -> None:
        changed = self._tiles is None or {k: t.shown() for k, t in tiles.items()} != {
            k: t.shown() for k, t in self._tiles.items()}
        self._tiles = tiles
        if changed:
            self.update()

    def _alert_event(self, alert, event: str) -> None:
        if alert.cause == "cap":
            self.update()

    # -- CAP alerts' areas ---------------------------------------------------------------------------------
    def cap_alerts(self) -> list:
        """The open CAP alerts, in drawing order: warnings first, critical ones last (on top), newest last."""
        book = getattr(self, "_book", None)
        if book is None:
            return []
        return sorted((a for a in book.alerts() if a.cause == "cap"),
                      key=lambda a: (a.severity == "critical", a.updated_at))

    def cap_areas(self) -> list[tuple[object, QPainterPath]]:
        """Each open CAP alert with its area in local coordinates: its polygons, circles, and the outline of an
        area of the map data its geocode names (a province's code or name); alerts with no shape are left out."""
        proj = self.projection()
        by_name = {}
        for area in self.basemap.areas:
            for name in (area.code, area.name_vi, area.name_en):
                by_name[name.casefold()] = area
        out = []
        for a in self.cap_alerts():
            shapes = []
            for ring in a.polygons:
                p = QPainterPath()
                p.addPolygon(QPolygonF([QPointF(*proj(lon, lat)) for lat, lon in ring]))
                p.closeSubpath()
                shapes.append(p)
            for lat, lon, radius_km in a.circles:
                p = QPainterPath()
                p.addEllipse(QPointF(*proj(lon, lat)), radius_km / (KM_PER_DEG * math.cos(math.radians(lat))) *
                             proj.kx, radius_km / KM_PER_DEG * proj.ky)
                shapes.append(p)
            for _, value in a.geocodes:
                if (area := by_name.get(value.casefold())) is not None:
                    shapes.append(_area_path(proj, area))
            if shapes:
                path = shapes[0]
                for p in shapes[1:]:
                    path = path.united(p)
                out.append((a, path))
        return out

    def _draw_cap_areas(self, painter: QPainter, areas) -> None:
        edge_w = max(3.0, self._unit() * 0.3)
        for alert, path in areas:
            colour = QColor(style.STATUS_LOOK[alert.severity][0])
            fill = QColor(colour)
            fill.setAlpha(CAP_FILL_ALPHA)
            painter.fillPath(path, fill)
            painter.setPen(QPen(colour, edge_w, Qt.PenStyle.DashLine))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawPath(path)

    # -- what is shown -------------------------------------------------------------------------------------
    def states(self, now: float | None = None, tiles: dict | None = None) -> list[MarkerState]:
        """Every shown marker with its state, calm ones first and trouble last (the drawing order); from
        ``tiles`` (the worker's, as painting takes them), else read at ``now`` through the hub (tests, tools)."""
        now = self._now.timestamp() if now is None else now
        out = []
        for m in self.markers:
            if m.indicator:
                ind = self.hub.catalogue.indicators[m.indicator]
                key = (m.indicator, m.region or PROVINCE)
                tile = tiles[key] if tiles is not None else make_tile(ind, self.hub.reading(*key), now,
                                                                      style.LANGUAGE)
                value = f"{tile.value} {tile.unit}".strip() if tile.value is not None else None
                out.append(MarkerState(m, tile.state, value))
            else:
                out.append(MarkerState(m, m.status or "info", None))
        return sorted(out, key=lambda s: ORDER[s.state])

    # -- the plan: what text goes where at this size and distance --------------------------------------------
    def _legend_caps(self) -> list:
        """The CAP alerts the legend lists (those with an area on the map): the worst, then the newest, first."""
        names = {name.casefold() for area in self.basemap.areas for name in (area.code, area.name_vi, area.name_en)}
        shown = [a for a in self.cap_alerts()
                 if a.polygons or a.circles or any(v.casefold() in names for _, v in a.geocodes)]
        return sorted(shown, key=lambda a: (-SEVERITY_RANK.get(a.severity, 0), -a.updated_at))

    def plan(self, states: list[MarkerState] | None = None) -> _Plan:
        """Where the header, the map and the legend go and which of the legend's texts are shown, for this size,
        the room's smallest text and what there is to show (cached while those stay)."""
        if states is None:
            states = self.states(tiles=self._tiles) if self._tiles is not None else []
        caps = self._legend_caps()
        counts = tuple(sum(s.state == st for s in states) for st in (*STATUSES, "info"))
        kinds = tuple(sum(s.marker.kind == k for s in states) for k in mapdata.KINDS)
        r = self.rect()
        key = (round(r.width()), round(r.height()), style.MIN_TEXT_PX, style.LANGUAGE, counts, kinds, bool(states),
               tuple((a.id, a.severity, a.message(style.LANGUAGE)) for a in caps))
        if self._plan is None or self._plan_key != key:
            self._plan = self._make_plan(r, states, caps)
            self._plan_key = key
            self.legend_plan = self._plan.info
        return self._plan

    def room_changed(self) -> None:
        self._plan = self._base = None
        super().room_changed()

    def _make_plan(self, r: QRectF, states: list[MarkerState], caps: list) -> _Plan:
        short = min(r.height(), r.width() * 0.5625)  # the height of the 16:9 rectangle that fits
        f = max(style.MIN_TEXT_PX, round(short * 0.03))
        fm, fmb = style.metrics(style.font(f)), style.metrics(style.font(f, bold=True))
        line = fm.height()
        pad = max(10.0, f * 0.35)

        # the header: the title on as many lines as it needs beside the clock (wrapped, never cut)
        f_head = max(style.MIN_TEXT_PX, round(short * 0.038))
        fmh = style.metrics(style.font(f_head, bold=True))
        clock_w = fmh.horizontalAdvance("00:00") + pad * 2
        title = self._title()
        title_lines = style.wrap(fmh, title, max(fmh.averageCharWidth(), r.width() - clock_w - pad * 2))
        head_h = max(r.height() * 0.09, fmh.height() * len(title_lines) + pad)
        head = QRectF(r.left(), r.top(), r.width(), head_h)
        below = QRectF(r.left(), head.bottom(), r.width(), r.height() - head_h)

        legend = _LegendMaker(self, states, caps, f, fm, fmb, line, pad)
        if r.width() >= r.height() * 1.2:  # wide: the legend a column at the right, as wide as it needs
            width = min(legend.wanted_width(), max(r.width() * 0.45, 330.0))
            gap = pad
            box = QRectF(below.right() - width, below.top() + gap, width - gap, below.height() - gap * 2)
            rows, info = legend.rows(box.width() - pad * 2, box.height() - pad * 2)
            body = QRectF(below.left(), below.top(), below.width() - width, below.height())
            info["mode"] = "side"
        else:  # tall: the legend a band under the map, as tall as what it shows
            gap = pad
            inner_w = below.width() - gap * 2 - pad * 2
            rows, info = legend.rows(inner_w, below.height() * 0.5 - gap - pad * 2)
            used = sum(row.height for row in rows)
            band = used + pad * 2 + gap if rows else 0.0
            box = QRectF(below.left() + gap, below.bottom() - band, below.width() - gap * 2, max(0.0, band - gap))
            body = QRectF(below.left(), below.top(), below.width(), below.height() - band)
            info["mode"] = "bottom"
        info["font_px"] = f
        info["row_h"] = line
        return _Plan(head, title_lines, f_head, body, box, rows, f, line, pad, info)

    def _title(self) -> str:
        area = self.basemap.province
        title = QCoreApplication.translate("MapView", "Bản đồ tỉnh %1").replace(
            "%1", area.name_en if style.LANGUAGE == "en" else area.name_vi)
        extra = []
        if self.layer != "all":
            extra.append(tr(LAYER_NAMES.get(self.layer, self.layer)))
        if self.sector:
            sector = self.hub.catalogue.sectors.get(self.sector)
            extra.append((sector.name_en if style.LANGUAGE == "en" else sector.name_vi) if sector else self.sector)
        return title + (" — " + ", ".join(extra) if extra else "")

    def base(self) -> _Base:
        """The base layer projected for the current size (cached per size)."""
        body = self.plan().body
        key = (round(body.width()), round(body.height()), round(body.left()), round(body.top()), style.MIN_TEXT_PX,
               style.LANGUAGE)
        if self._base is None or self._base_key != key:
            self._base = self._project(body)
            self._base_key = key
        return self._base

    def _project(self, body: QRectF) -> _Base:
        west, south, east, north = self.basemap.bounds()
        for m in self.all_markers:
            west, south, east, north = min(west, m.lon), min(south, m.lat), max(east, m.lon), max(north, m.lat)
        pad = self._unit()
        credit: list[str] = []
        bottom_band = pad
        if self.basemap.attribution:  # the licence's credit, on as many lines as the map's width needs
            fm = style.metrics(style.font(style.MIN_TEXT_PX))
            text = QCoreApplication.translate("MapView", "Ranh giới tỉnh: %1").replace("%1", self.basemap.attribution)
            credit = style.wrap(fm, text, max(fm.averageCharWidth(), body.width() - pad * 2))
            bottom_band = fm.height() * len(credit) + pad
        proj = Projection.fit(
            (west, south, east, north),
            (body.left(), body.top(), body.width(), max(1.0, body.height() - bottom_band)),
            margin=0.05,
        )

        def path_of(area) -> QPainterPath:
            return _area_path(proj, area)

        neighbours = []
        inner = body.adjusted(body.width() * 0.1, body.height() * 0.08, -body.width() * 0.1, -body.height() * 0.12)
        for area in self.basemap.neighbours:
            name = area.name_en if style.LANGUAGE == "en" else area.name_vi
            neighbours.append((path_of(area), name.upper(), _label_point(proj, inner, area)))
        wide = body.adjusted(body.width() * 0.07, body.height() * 0.06, -body.width() * 0.07, -body.height() * 0.1)
        for lon, lat, name in CONTEXT_LABELS:  # places outside the data: the border country and the sea
            x, y = proj(lon, lat)
            if wide.contains(QPointF(x, y)) and not any(mapdata.contains(a, lon, lat) for a in self.basemap.areas):
                neighbours.append((QPainterPath(), tr(name).upper(), QPointF(x, y)))
        label_rect = body.adjusted(0, 0, 0, -bottom_band)
        return _Base(proj, body, label_rect, path_of(self.basemap.province), neighbours, credit)

    def projection(self) -> Projection:
        return self.base().projection

    def marker_positions(self) -> dict[str, QPointF]:
        """Where each shown marker is drawn, in local coordinates (for tests and for touch later)."""
        proj = self.projection()
        return {m.id: QPointF(*proj(m.lon, m.lat)) for m in self.markers}

    def _unit(self) -> float:
        return max(11.0, min(self.rect().width(), self.rect().height()) * 0.015)

    # -- painting ------------------------------------------------------------------------------------------
    def draw(self, painter: QPainter) -> None:
        r = self.rect()
        painter.fillRect(r, style.BACKGROUND)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        states = self.states(tiles=self._tiles) if self._tiles is not None else []  # the worker's first: soon
        plan = self.plan(states)
        body = plan.body
        base = self.base()

        painter.save()
        painter.setClipRect(body)
        for path, _, _ in base.neighbours:
            painter.fillPath(path, NEIGHBOUR_FILL)
            painter.setPen(QPen(NEIGHBOUR_EDGE, 2))
            painter.drawPath(path)
        painter.fillPath(base.province, style.PANEL)
        cap_areas = self.cap_areas()
        self._draw_cap_areas(painter, cap_areas)  # over the land, under the outline and the markers
        painter.setPen(QPen(style.ACCENT, max(3.0, self._unit() * 0.25)))
        painter.drawPath(base.province)
        labels, names = self._place_labels(base, cap_areas, states, plan.font_px)
        painter.setPen(style.TEXT_DIM)
        painter.setFont(style.font(plan.font_px))
        for box, name in names:
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, name)
        self._draw_labels(painter, [lb for lb in labels if lb.at is None], plan)  # areas' names: under markers
        self._draw_markers(painter, base, states)
        self._draw_labels(painter, [lb for lb in labels if lb.at is not None], plan)
        self._draw_attribution(painter, base)
        painter.restore()

        self._draw_header(painter, plan)
        self._draw_legend(painter, plan)

    def _draw_markers(self, painter: QPainter, base: _Base, states: list[MarkerState]) -> None:
        u = self._unit()
        outline = QPen(style.BACKGROUND, max(2.0, u * 0.18))
        for s in states:
            x, y = base.projection(s.marker.lon, s.marker.lat)
            big = s.state in TROUBLE
            size = u * (1.6 if big else 1.0)
            painter.save()
            painter.translate(x, y)
            if big:  # a halo in the status colour, then the status shape beside the body
                halo = QColor(s.colour)
                halo.setAlpha(70)
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(halo)
                painter.drawEllipse(QPointF(0, 0), size * 2.0, size * 2.0)
                painter.setPen(QPen(s.colour, max(3.0, u * 0.22)))
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawEllipse(QPointF(0, 0), size * 2.0, size * 2.0)
            body_path = kind_path(s.marker.kind, size)
            painter.setPen(outline)
            painter.setBrush(s.colour)
            painter.drawPath(body_path)
            if big:
                badge = status_path(s.state, size * 0.62)
                badge.translate(size * 1.25, -size * 1.25)
                painter.setPen(QPen(style.BACKGROUND, max(2.0, u * 0.15)))
                painter.setBrush(s.colour)
                painter.drawPath(badge)
            painter.restore()

    def _place_labels(self, base: _Base, areas, states: list[MarkerState],
                      px: float) -> tuple[list[_Label], list[tuple[QRectF, str]]]:
        """The names written on the map: each CAP area's event and each marker in trouble's name (and reading),
        the most severe first and, at one severity, alerts before places; a label that would lie over one already
        placed is left out (its marker stays). Then the neighbours' names where no label is. Nothing is written
        outside the map or over the legend."""
        u = self._unit()
        fm = style.metrics(style.font(px, bold=True))
        lr = base.label_rect
        dots = [QPointF(*base.projection(m.lon, m.lat)) for m in self.markers]
        wanted = []
        for i, (alert, path) in enumerate(reversed(areas)):  # the worst, newest first
            visible = path.boundingRect().intersected(lr)
            if visible.isEmpty():
                continue
            name = ((alert.event_en or alert.event or alert.message_en) if style.LANGUAGE == "en"
                    else (alert.event or alert.message_vi))  # short: the event; the headline is in the legend
            text = f"{style.STATUS_LOOK[alert.severity][1]} {name}"
            wanted.append(((-SEVERITY_RANK.get(alert.severity, 0), 0, i), text, alert.severity, visible.center(),
                           None))
        trouble = sorted((s for s in states if s.state in TROUBLE), key=lambda s: -ORDER[s.state])
        alarms = [QPointF(*base.projection(s.marker.lon, s.marker.lat)) for s in trouble]
        for i, s in enumerate(trouble):
            text = f"{style.STATUS_LOOK[s.state][1]} {s.marker.name(style.LANGUAGE)}" + (f": {s.value}" if s.value
                                                                                           else "")
            x, y = base.projection(s.marker.lon, s.marker.lat)
            wanted.append(((-SEVERITY_RANK.get(s.state, 0), 1, i), text, s.state, QPointF(x, y), QPointF(x, y)))
        wanted.sort(key=lambda w: w[0])
        labels: list[_Label] = []
        placed: list[QRectF] = []
        self.dropped_labels = []
        for _, text, state, centre, at in wanted:
            # on one line where the map is wide enough, else wrapped between words (a small map: wider labels)
            lines = style.wrap(fm, text, lr.width() * 0.45 if at is None
                               else max(lr.width() * 0.6, min(lr.width() * 0.85, fm.averageCharWidth() * 24)))
            w = max(fm.horizontalAdvance(t) for t in lines) + u * 1.2
            h = fm.height() * len(lines) + u * 0.5
            if w > lr.width() - 8 or h > lr.height() - 8:
                self.dropped_labels.append(text)
                continue
            if at is None:  # an area's name, drawn under the markers: where it hides none
                candidates = [_clamped(QRectF(centre.x() - w / 2 + dx * w, centre.y() - h / 2 + dy * h, w, h), lr)
                              for dy in (0, -1.2, 1.2, -2.4, 2.4) for dx in (0, -0.6, 0.6)]
                candidates = [c for c in candidates if not _hides(c, dots, u)]
            else:
                candidates = _label_candidates(at.x(), at.y(), w, h, u, lr)
            free = [c for c in candidates if not any(c.intersects(p) for p in placed)]
            if at is not None:  # a marker's: where it hides no marker in trouble (a critical one's, if it must)
                clear = [c for c in free if not _hides(c, alarms, u)]
                free = clear if clear or state != "critical" else free
            if not free:  # over a more severe label wherever it goes: the marker speaks for itself
                self.dropped_labels.append(text)
                continue
            # an area's name keeps clear of the markers in trouble too: their labels come next
            box = min(free, key=lambda c: _label_cost(c, centre, dots, placed, u) + (
                300.0 * sum(c.adjusted(-u * 8, -u * 4, u * 8, u * 4).contains(p) for p in alarms) if at is None else 0))
            placed.append(box)
            colour = QColor(style.STATUS_LOOK[state][0])
            labels.append(_Label(box, lines, colour, colour if at is None else style.TEXT, at))
        names: list[tuple[QRectF, str]] = []
        fmn = style.metrics(style.font(px))
        for _, name, point in base.neighbours:
            if point is None:
                continue
            w, h = fmn.horizontalAdvance(name) + 4, fmn.height()
            if w > lr.width() - 8:
                continue
            box = _clamped(QRectF(point.x() - w / 2, point.y() - h / 2, w, h), lr)
            if any(box.intersects(p) for p in placed) or _hides(box, dots, u):
                continue
            placed.append(box)
            names.append((box, name))
        self.labels = [(" ".join(lb.lines), QRectF(lb.box)) for lb in labels] + [(n, QRectF(b)) for b, n in names]
        return labels, names

    def _draw_labels(self, painter: QPainter, labels: list[_Label], plan: _Plan) -> None:
        u = self._unit()
        painter.setFont(style.font(plan.font_px, bold=True))
        line = painter.fontMetrics().height()
        back = QColor(style.BACKGROUND)
        back.setAlpha(225)
        for lb in labels:
            box = lb.box
            if lb.at is not None:
                x, y = lb.at.x(), lb.at.y()
                anchor = QPointF(min(max(x, box.left()), box.right()), min(max(y, box.top()), box.bottom()))
                if math.hypot(anchor.x() - x, anchor.y() - y) > u * 3.5:  # a leader line to a label moved away
                    painter.setPen(QPen(lb.frame, max(2.0, u * 0.18)))
                    painter.drawLine(lb.at, anchor)
            path = QPainterPath()
            path.addRoundedRect(box, u * 0.4, u * 0.4)
            painter.fillPath(path, back)
            painter.setPen(QPen(lb.frame, max(2.0, u * 0.2)))
            painter.drawPath(path)
            painter.setPen(lb.ink)
            top = box.center().y() - line * len(lb.lines) / 2
            for i, text in enumerate(lb.lines):
                painter.drawText(QRectF(box.left(), top + i * line, box.width(), line), Qt.AlignmentFlag.AlignCenter,
                                 text)

    def _draw_attribution(self, painter: QPainter, base: _Base) -> None:
        if not base.credit:
            return
        painter.setPen(style.TEXT_DIM)
        painter.setFont(style.font(style.MIN_TEXT_PX))
        line = painter.fontMetrics().height()
        pad = self._unit()
        body = base.map_rect
        top = body.bottom() - pad * 0.6 - line * len(base.credit)
        for i, text in enumerate(base.credit):
            painter.drawText(QRectF(body.left() + pad, top + i * line, body.width() - pad * 2, line),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, text)

    def _draw_header(self, painter: QPainter, plan: _Plan) -> None:
        r, pad = plan.head, plan.pad
        painter.fillRect(r, style.PANEL)
        painter.setPen(style.TEXT)
        painter.setFont(style.font(plan.head_px, bold=True))
        painter.drawText(r.adjusted(0, 0, -pad, 0), Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                         fmt.clock(self._now, seconds=False))
        line = painter.fontMetrics().height()
        top = r.center().y() - line * len(plan.title) / 2
        for i, text in enumerate(plan.title):
            painter.drawText(QRectF(r.left() + pad, top + i * line, r.width() - pad * 2, line),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, text)

    def _draw_legend(self, painter: QPainter, plan: _Plan) -> None:
        box, pad, line = plan.legend, plan.pad, plan.line
        if box.isEmpty():
            return
        path = QPainterPath()
        path.addRoundedRect(box, pad, pad)
        painter.fillPath(path, style.PANEL)
        x0, y, right = box.left() + pad, box.top() + pad, box.right() - pad
        icon_w = plan.font_px * ICON_W
        for row in plan.rows:
            if row.kind != "gap":
                text_x = x0 + (icon_w if row.kind in ("cap", "more", "row") else 0)
                if row.icon is not None:
                    painter.setPen(QPen(style.BACKGROUND, 2))
                    painter.setBrush(row.colour)
                    painter.drawPath(row.icon.translated(QPointF(x0 + icon_w * 0.4, y + line / 2)))
                painter.setFont(style.font(plan.font_px, bold=row.kind in ("heading", "cap")))
                ink = {"heading": style.TEXT, "cap": row.colour, "row": style.TEXT if row.count else style.TEXT_DIM}
                painter.setPen(ink.get(row.kind, style.TEXT_DIM))
                for i, text in enumerate(row.lines):
                    painter.drawText(QRectF(text_x, y + i * line, right - text_x, line),
                                     Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, text)
                if row.count is not None:
                    painter.drawText(QRectF(text_x, y, right - text_x, line),
                                     Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                                     fmt.number(row.count, 0))
            y += row.height


class _LegendMaker:
    """The legend's rows for a width and a height: the CAP alerts' headlines first (the most severe first, each
    whole, wrapped), then the markers' states, then the kinds of places. What does not fit is left out, the least
    important first (the kinds of places, then the states, then the headlines after the first, counted)."""

    def __init__(self, view: MapView, states: list[MarkerState], caps: list, px: float, fm: QFontMetricsF,
                 fmb: QFontMetricsF, line: float, pad: float):
        self.states, self.caps, self.fm, self.fmb, self.line, self.pad = states, caps, fm, fmb, line, pad
        self.icon_w = px * ICON_W
        self.icon_r = px * 0.26
        self.count_w = fm.horizontalAdvance("000")
        self.statuses = list(STATUSES) + (["info"] if any(s.state == "info" for s in states) else [])
        self.kinds = [k for k in mapdata.KINDS if k in mapdata.LAYERS.get(view.layer, mapdata.KINDS)]

    def _state_rows(self) -> list[tuple[str, QPainterPath, QColor, int]]:
        out = []
        for state in self.statuses:
            count = sum(s.state == state for s in self.states)
            if state == "info":
                out.append((QCoreApplication.translate("MapView", "Không theo dõi"), status_path("normal", self.icon_r),
                            QColor(INFO_COLOUR), count))
            else:
                colour, _, word = style.STATUS_LOOK[state]
                out.append((QCoreApplication.translate("Status", word), status_path(state, self.icon_r),
                            QColor(colour), count))
        return out

    def _kind_rows(self) -> list[tuple[str, QPainterPath, QColor, int]]:
        return [(tr(KIND_NAMES[k]), kind_path(k, self.icon_r), style.TEXT_DIM,
                 sum(s.marker.kind == k for s in self.states)) for k in self.kinds]

    @staticmethod
    def _headings() -> tuple[str, str, str]:
        return (CAP_HEADING[1] if style.LANGUAGE == "en" else CAP_HEADING[0],
                QCoreApplication.translate("MapView", "Trạng thái"), QCoreApplication.translate("MapView", "Loại điểm"))

    def wanted_width(self) -> float:
        """The legend's width for its rows on one line each and the first headlines on at most two."""
        fm, fmb = self.fm, self.fmb
        need = [fmb.horizontalAdvance(h) for h in self._headings()[0 if self.caps else 1:]]
        need += [self.icon_w + fm.horizontalAdvance(label) + self.pad + self.count_w
                 for label, *_ in self._state_rows() + self._kind_rows()]
        need += [self.icon_w + _two_line_width(fmb, a.message(style.LANGUAGE)) for a in self.caps[:CAP_LEGEND_MAX]]
        return max(need) + self.pad * 3

    def rows(self, width: float, height: float) -> tuple[list[_Row], dict]:
        fm, fmb, line = self.fm, self.fmb, self.line
        cap_w, row_w = width - self.icon_w, width - self.icon_w - self.count_w - self.pad

        def text(kind: str, lines: list[str], **kw) -> _Row:
            return _Row(kind, lines, line * len(lines) + line * 0.04, **kw)

        def total(rows: list[_Row]) -> float:
            return sum(r.height for r in rows)

        def heading(t: str) -> _Row:
            return text("heading", style.wrap(fmb, t, width))

        def more(n: int, alone: bool = False) -> _Row:
            t = (QCoreApplication.translate("MapView", "%1 cảnh báo thiên tai") if alone
                 else QCoreApplication.translate("MapView", "và %1 cảnh báo khác")).replace("%1", fmt.number(n, 0))
            return text("more", style.wrap(fm, t, cap_w))

        def entries(items) -> list[_Row]:
            return [text("row", style.wrap(fm, label, row_w), icon=icon, colour=colour, count=count)
                    for label, icon, colour, count in items]

        gap = _Row("gap", [], line * 0.3)
        cap_head, state_head, kind_head = self._headings()
        out: list[_Row] = []
        info = {"headlines": 0, "lines": [], "states": 0, "kinds": False}
        if self.caps:
            heads = [text("cap", style.wrap(fmb, a.message(style.LANGUAGE), cap_w), colour=QColor(
                style.STATUS_LOOK[a.severity][0]), icon=status_path(a.severity, self.icon_r)) for a in self.caps]
            n = 1
            while n < len(heads) and total([heading(cap_head), *heads[:n + 1]] +
                                           ([more(len(heads) - n - 1)] if n + 1 < len(heads) else [])) <= height:
                n += 1
            out = [heading(cap_head), *heads[:n]] + ([more(len(heads) - n)] if n < len(heads) else [])
            rest = [more(len(heads) - 1)] if len(heads) > 1 else []
            if total(out) > height and total(heads[:1] + rest) <= height:  # short of room: the heading goes first
                out, n = heads[:1] + rest, 1
            elif total(out) > height and total(heads[:1]) <= height:
                out, n = heads[:1], 1
            elif total(out) > height:  # not even the worst headline whole: how many there are
                out, n = [heading(cap_head), more(len(heads), alone=True)], 0
            info["headlines"], info["lines"] = n, [len(h.lines) for h in heads[:n]]
        states = self._state_rows()
        # the states: every one, else those some marker is in; then the kinds of places
        for key, blocks in (("states", [states, [st for st in states if st[3]]]), ("kinds", [self._kind_rows()])):
            for items in blocks:
                block = ([gap] if out else []) + [heading(state_head if key == "states" else kind_head),
                                                  *entries(items)]
                if items and total(out + block) <= height:
                    out += block
                    info[key] = len(items) if key == "states" else True
                    break
            else:
                break
        if not self.states:
            note = text("note", style.wrap(fm, QCoreApplication.translate("MapView", "Không có điểm nào để hiển thị"),
                                           width))
            if total(out + [gap, note]) <= height:
                out += [gap, note]
        return out, info


def _two_line_width(fm: QFontMetricsF, text: str) -> float:
    """The narrowest width (within 2 %) at which ``text`` wraps between words onto at most two lines."""
    whole = fm.horizontalAdvance(text)
    width = max([whole / 2] + [fm.horizontalAdvance(w) for w in text.split()])
    while width < whole and len(style.wrap(fm, text, width)) > 2:
        width += whole * 0.02
    return min(width, whole) + 1



def _area_path(proj: Projection, area) -> QPainterPath:
    path = QPainterPath()
    path.setFillRule(Qt.FillRule.OddEvenFill)
    for poly in area.polygons:
        for ring in poly:
            path.addPolygon(QPolygonF([QPointF(*proj(lon, lat)) for lon, lat in ring]))
            path.closeSubpath()
    return path


def _label_point(proj: Projection, inner: QRectF, area) -> QPointF | None:
    """Where to write a neighbour's name: inside its visible part, near the middle of that part."""
    lon_w, lat_n = proj.inverse(inner.left(), inner.top())
    lon_e, lat_s = proj.inverse(inner.right(), inner.bottom())
    pts = [(lon_w + (lon_e - lon_w) * i / 24, lat_s + (lat_n - lat_s) * j / 24) for i in range(25) for j in range(25)]
    pts = [p for p in pts if mapdata.contains(area, *p)]
    if len(pts) < 6:  # too little of it is visible to write a name in
        return None
    cx, cy = sum(p[0] for p in pts) / len(pts), sum(p[1] for p in pts) / len(pts)
    best = min(pts, key=lambda p: (p[0] - cx) ** 2 + (p[1] - cy) ** 2)
    return QPointF(*proj(*best))


def _clamped(r: QRectF, area: QRectF) -> QRectF:
    x = min(max(r.left(), area.left() + 4), area.right() - r.width() - 4)
    y = min(max(r.top(), area.top() + 4), area.bottom() - r.height() - 4)
    return QRectF(x, y, r.width(), r.height())


def _label_candidates(x: float, y: float, w: float, h: float, u: float, body: QRectF) -> list[QRectF]:
    """Label boxes around a marker: beside, above, below and diagonal, near first, kept inside the map."""
    out = []
    for d in (2.6, 4.5, 7.0, 10.0, 14.0):
        g = u * d
        out += [
            QRectF(x + g, y - h / 2, w, h),
            QRectF(x - g - w, y - h / 2, w, h),
            QRectF(x - w / 2, y - g - h, w, h),
            QRectF(x - w / 2, y + g, w, h),
            QRectF(x + g * 0.7, y - g * 0.7 - h, w, h),
            QRectF(x - g * 0.7 - w, y - g * 0.7 - h, w, h),
            QRectF(x + g * 0.7, y + g * 0.7, w, h),
            QRectF(x - g * 0.7 - w, y + g * 0.7, w, h),
        ]
    return [_clamped(c, body) for c in out]


def _hides(box: QRectF, dots: list[QPointF], u: float) -> bool:
    """Whether a text's box lies over a marker (or too near one to read it)."""
    grown = box.adjusted(-u * 1.2, -u * 1.2, u * 1.2, u * 1.2)
    return any(grown.contains(p) for p in dots)


def _label_cost(box: QRectF, own: QPointF, dots: list[QPointF], placed: list[QRectF], u: float) -> float:
    """Hiding a marker is worst, then hiding another label; then the farther from its marker the worse."""
    grown = box.adjusted(-u * 1.2, -u * 1.2, u * 1.2, u * 1.2)
    cost = sum(1000.0 for p in dots if grown.contains(p))
    for p in placed:
        inter = box.intersected(p)
        if not inter.isEmpty():
            cost += 100.0 + inter.width() * inter.height() / 100
    centre = box.center()
    return cost + math.hypot(centre.x() - own.x(), centre.y() - own.y()) / u
