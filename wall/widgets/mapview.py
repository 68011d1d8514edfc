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
from ioc_core.views.tiles import make_tile
from wall.widgets import style
from wall.widgets.dataview import DataView
from wall.widgets.style import two_lines as _two_lines  # shared with health.py

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
LAYER_NAMES = {
    "all": QT_TRANSLATE_NOOP("MapView", "Tất cả"),
    "tourism": QT_TRANSLATE_NOOP("MapView", "Du lịch"),
    "environment": QT_TRANSLATE_NOOP("MapView", "Môi trường"),
    "cameras": QT_TRANSLATE_NOOP("MapView", "Camera"),
    "incidents": QT_TRANSLATE_NOOP("MapView", "Sự cố"),
    "safety": QT_TRANSLATE_NOOP("MapView", "An ninh, trật tự"),
}
CONTEXT_LABELS = (
    (104.25, 18.75, QT_TRANSLATE_NOOP("MapView", "Lào")),
    (105.98, 18.98, QT_TRANSLATE_NOOP("MapView", "Biển Đông")),
)
NEIGHBOUR_FILL = QColor("#0f1b31")
CAP_FILL_ALPHA = 110  # an alert's area over the map: its severity colour, the outline and markers seen through it
CAP_LEGEND_MAX = 3  # headlines listed in the legend; more are counted
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


class MapView(DataView):
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

    def _draw_cap_labels(self, painter: QPainter, base: _Base, areas, body: QRectF) -> list[QRectF]:
        """Each area's name on the map (status shape and event), worst first, inside its visible part where it
        hides no marker; returns the boxes taken, for the markers' labels to avoid."""
        u = self._unit()
        painter.setFont(style.font(max(style.MIN_TEXT_PX, body.height() * 0.03), bold=True))
        fm = painter.fontMetrics()
        dots = [QPointF(*base.projection(m.lon, m.lat)) for m in self.markers]
        placed: list[QRectF] = []
        for alert, path in reversed(areas):
            visible = path.boundingRect().intersected(base.label_rect)
            if visible.isEmpty():
                continue
            colour = QColor(style.STATUS_LOOK[alert.severity][0])
            name = ((alert.event_en or alert.event or alert.message_en) if style.LANGUAGE == "en"
                    else (alert.event or alert.message_vi))  # short: the event; the headline is in the legend
            room = base.label_rect.width() * 0.4
            text = fm.elidedText(f"{style.STATUS_LOOK[alert.severity][1]} {name}", Qt.TextElideMode.ElideRight,
                                 int(room))
            w, h = fm.horizontalAdvance(text) + u * 1.2, fm.height() + u * 0.5
            c = visible.center()
            candidates = [_clamped(QRectF(c.x() - w / 2, c.y() - h / 2 + dy * h, w, h), base.label_rect)
                          for dy in (0, -1.2, 1.2, -2.4, 2.4)]
            box = min(candidates, key=lambda b: _label_cost(b, c, dots, placed, u))
            placed.append(box)
            back = QColor(style.BACKGROUND)
            back.setAlpha(225)
            frame = QPainterPath()
            frame.addRoundedRect(box, u * 0.4, u * 0.4)
            painter.fillPath(frame, back)
            painter.setPen(QPen(colour, max(2.0, u * 0.2)))
            painter.drawPath(frame)
            painter.setPen(colour)
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, text)
        return placed

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

    def _layout(self) -> tuple[QRectF, QRectF, QRectF]:
        r = self.rect()
        head_h = max(64.0, r.height() * 0.09)
        legend_w = min(max(r.width() * 0.23, 330.0), max(520.0, r.height() * 0.32), r.width() * 0.4)
        head = QRectF(r.left(), r.top(), r.width(), head_h)
        legend = QRectF(r.right() - legend_w, head.bottom(), legend_w, r.height() - head_h)
        body = QRectF(r.left(), head.bottom(), r.width() - legend_w, r.height() - head_h)
        return head, body, legend

    def base(self) -> _Base:
        """The base layer projected for the current size (cached per size)."""
        _, body, _ = self._layout()
        key = (round(body.width()), round(body.height()), round(body.left()), round(body.top()))
        if self._base is None or self._base_key != key:
            self._base = self._project(body)
            self._base_key = key
        return self._base

    def _project(self, body: QRectF) -> _Base:
        west, south, east, north = self.basemap.bounds()
        for m in self.all_markers:
            west, south, east, north = min(west, m.lon), min(south, m.lat), max(east, m.lon), max(north, m.lat)
        bottom_band = max(float(style.MIN_TEXT_PX), body.height() * 0.03) * 1.6  # room for the attribution
        proj = Projection.fit(
            (west, south, east, north),
            (body.left(), body.top(), body.width(), body.height() - bottom_band),
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
        return _Base(proj, body, label_rect, path_of(self.basemap.province), neighbours)

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
        head, body, legend = self._layout()
        base = self.base()
        states = self.states(tiles=self._tiles) if self._tiles is not None else []  # the worker's first: soon

        painter.save()
        painter.setClipRect(body)
        for path, _, _ in base.neighbours:
            painter.fillPath(path, NEIGHBOUR_FILL)
            painter.setPen(QPen(NEIGHBOUR_EDGE, 2))
            painter.drawPath(path)
        for _, name, label in base.neighbours:
            if label is not None:
                painter.setPen(style.TEXT_DIM)
                painter.setFont(style.font(body.height() * 0.03))
                painter.drawText(QRectF(label.x() - 300, label.y() - 30, 600, 60), Qt.AlignmentFlag.AlignCenter, name)
        painter.fillPath(base.province, style.PANEL)
        cap_areas = self.cap_areas()
        self._draw_cap_areas(painter, cap_areas)  # over the land, under the outline and the markers
        painter.setPen(QPen(style.ACCENT, max(3.0, self._unit() * 0.25)))
        painter.drawPath(base.province)
        cap_labels = self._draw_cap_labels(painter, base, cap_areas, body)
        self._draw_markers(painter, base, states, body, cap_labels)
        self._draw_attribution(painter, body)
        painter.restore()

        self._draw_header(painter, head)
        self._draw_legend(painter, legend, states, [a for a, _ in cap_areas])

    def _draw_markers(self, painter: QPainter, base: _Base, states: list[MarkerState], body: QRectF,
                      placed: list[QRectF] | None = None) -> None:
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
        self._draw_labels(painter, base, [s for s in states if s.state in TROUBLE], body, placed)

    def _draw_labels(self, painter: QPainter, base: _Base, trouble: list[MarkerState], body: QRectF,
                     placed: list[QRectF] | None = None) -> None:
        """Name (and reading) of every marker in trouble, worst first, placed where it hides no marker or label."""
        u = self._unit()
        painter.setFont(style.font(max(style.MIN_TEXT_PX, body.height() * 0.03), bold=True))
        fm = painter.fontMetrics()
        dots = [QPointF(*base.projection(m.lon, m.lat)) for m in self.markers]
        placed = list(placed or [])  # boxes already taken (the CAP areas' names)
        for s in sorted(trouble, key=lambda s: -ORDER[s.state]):
            shape = style.STATUS_LOOK[s.state][1]
            text = f"{shape} {s.marker.name(style.LANGUAGE)}" + (f": {s.value}" if s.value else "")
            w, h = fm.horizontalAdvance(text) + u * 1.2, fm.height() + u * 0.5
            x, y = base.projection(s.marker.lon, s.marker.lat)
            box = min(
                _label_candidates(x, y, w, h, u, base.label_rect),
                key=lambda c: _label_cost(c, QPointF(x, y), dots, placed, u),
            )
            placed.append(box)
            anchor = QPointF(min(max(x, box.left()), box.right()), min(max(y, box.top()), box.bottom()))
            if math.hypot(anchor.x() - x, anchor.y() - y) > u * 3.5:  # a leader line to a label moved away
                painter.setPen(QPen(s.colour, max(2.0, u * 0.18)))
                painter.drawLine(QPointF(x, y), anchor)
            back = QColor(style.BACKGROUND)
            back.setAlpha(225)
            path = QPainterPath()
            path.addRoundedRect(box, u * 0.4, u * 0.4)
            painter.fillPath(path, back)
            painter.setPen(QPen(s.colour, max(2.0, u * 0.2)))
            painter.drawPath(path)
            painter.setPen(style.TEXT)
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, text)

    def _draw_attribution(self, painter: QPainter, body: QRectF) -> None:
        if not self.basemap.attribution:
            return
        painter.setPen(style.TEXT_DIM)
        painter.setFont(style.font(style.MIN_TEXT_PX))
        pad = self._unit()
        painter.drawText(
            body.adjusted(pad, 0, -pad, -pad * 0.6),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom,
            QCoreApplication.translate("MapView", "Ranh giới tỉnh: %1").replace("%1", self.basemap.attribution),
        )

    def _draw_header(self, painter: QPainter, r: QRectF) -> None:
        painter.fillRect(r, style.PANEL)
        pad = r.height() * 0.3
        area = self.basemap.province
        title = QCoreApplication.translate("MapView", "Bản đồ tỉnh %1").replace(
            "%1", area.name_en if style.LANGUAGE == "en" else area.name_vi
        )
        extra = []
        if self.layer != "all":
            extra.append(tr(LAYER_NAMES.get(self.layer, self.layer)))
        if self.sector:
            sector = self.hub.catalogue.sectors.get(self.sector)
            extra.append((sector.name_en if style.LANGUAGE == "en" else sector.name_vi) if sector else self.sector)
        if extra:
            title += " — " + ", ".join(extra)
        painter.setPen(style.TEXT)
        painter.setFont(style.font(r.height() * 0.42, bold=True))
        clock = fmt.clock(self._now, seconds=False)
        clock_w = painter.fontMetrics().horizontalAdvance(clock) + pad * 2
        painter.drawText(r.adjusted(0, 0, -pad, 0), Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, clock)
        room = r.width() - clock_w - pad
        painter.setFont(style.fitting_font(title, room, r.height() * 0.48, r.height() * 0.32, bold=True))
        painter.drawText(
            QRectF(r.left() + pad, r.top(), room, r.height()),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            painter.fontMetrics().elidedText(title, Qt.TextElideMode.ElideRight, int(room)),
        )

    def _draw_legend(self, painter: QPainter, r: QRectF, states: list[MarkerState], caps: list = ()) -> None:
        gap = max(10.0, r.width() * 0.03)
        box = r.adjusted(0, gap, -gap, -gap)
        path = QPainterPath()
        path.addRoundedRect(box, gap, gap)
        painter.fillPath(path, style.PANEL)
        kinds = [k for k in mapdata.KINDS if k in mapdata.LAYERS.get(self.layer, mapdata.KINDS)]
        statuses = ["critical", "warning", "normal", "stale", "no_data"]
        if any(s.state == "info" for s in states):
            statuses.append("info")
        caps = sorted(caps, key=lambda a: (a.severity != "critical", -a.updated_at))  # the worst, newest first
        shown_caps, cap_lines, show_kinds = caps[:CAP_LEGEND_MAX], 2, True

        def count_rows() -> float:
            cap_rows = (1.3 + cap_lines * len(shown_caps) + (len(caps) > len(shown_caps))) if caps else 0
            return 1 + len(statuses) + (1 + len(kinds) if show_kinds else 0) + cap_rows

        # Short of room (a small region), the headlines keep their place: the kinds of places go first, then the
        # headlines' second lines, then headlines beyond the first (counted)
        fits = box.height() / (style.MIN_TEXT_PX * 1.3) - 1.0
        if caps and count_rows() > fits:
            show_kinds = False
        if caps and count_rows() > fits:
            cap_lines = 1
        while len(shown_caps) > 1 and count_rows() > fits:
            shown_caps = shown_caps[:-1]
        rows = count_rows()
        row_h = min(box.height() / (rows + 1.0), max(48.0, self.rect().height() * 0.06))
        self.legend_plan = {"headlines": len(shown_caps), "lines": cap_lines, "kinds": show_kinds, "row_h": row_h}
        x0, y = box.left() + gap * 1.2, box.top() + row_h * 0.4
        icon_r = row_h * 0.22
        text_x = x0 + icon_r * 3.2
        right = box.right() - gap
        font_px = max(style.MIN_TEXT_PX, row_h * 0.5)
        # The longest label and a count fit the column at one size for all rows (a column of "Nghiê…" says
        # nothing); eliding is left for sizes below the minimum.
        labels = [QCoreApplication.translate("Status", style.STATUS_LOOK[st][2]) for st in statuses if st != "info"]
        labels += [tr(KIND_NAMES[k]) for k in kinds]
        if "info" in statuses:
            labels.append(QCoreApplication.translate("MapView", "Không theo dõi"))
        widest = max(QFontMetricsF(style.font(font_px)).horizontalAdvance(t + "  000") for t in labels)
        if widest > right - text_x:
            font_px = max(style.MIN_TEXT_PX, font_px * (right - text_x) / widest * 0.98)

        def heading(text: str) -> None:
            nonlocal y
            painter.setPen(style.TEXT)
            painter.setFont(style.font(font_px, bold=True))
            painter.drawText(
                QRectF(x0, y, right - x0, row_h), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, text
            )
            y += row_h

        def row(icon: QPainterPath, colour: QColor, text: str, count: int) -> None:
            nonlocal y
            centre = QPointF(x0 + icon_r * 1.3, y + row_h / 2)
            icon.translate(centre)
            painter.setPen(QPen(style.BACKGROUND, 2))
            painter.setBrush(colour)
            painter.drawPath(icon)
            painter.setPen(style.TEXT if count else style.TEXT_DIM)
            painter.setFont(style.font(font_px))
            line = QRectF(text_x, y, right - text_x, row_h)
            painter.drawText(line, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, fmt.number(count, 0))
            room = int(line.width() - painter.fontMetrics().horizontalAdvance("000") - gap * 0.5)
            painter.drawText(
                line,
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                painter.fontMetrics().elidedText(text, Qt.TextElideMode.ElideRight, room),
            )
            y += row_h

        if caps:  # the alerts' headlines first: what a leader must read before the markers' states
            heading(CAP_HEADING[1] if style.LANGUAGE == "en" else CAP_HEADING[0])
            fm = QFontMetricsF(style.font(font_px, bold=True))
            for a in shown_caps:
                colour = QColor(style.STATUS_LOOK[a.severity][0])
                icon = status_path(a.severity, icon_r)
                icon.translate(QPointF(x0 + icon_r * 1.3, y + row_h / 2))
                painter.setPen(QPen(style.BACKGROUND, 2))
                painter.setBrush(colour)
                painter.drawPath(icon)
                painter.setPen(colour)
                painter.setFont(style.font(font_px, bold=True))
                text = a.message(style.LANGUAGE)
                painter.drawText(QRectF(text_x, y, right - text_x, row_h * cap_lines),
                                 Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop,
                                 _two_lines(fm, text, right - text_x) if cap_lines == 2
                                 else fm.elidedText(text, Qt.TextElideMode.ElideRight, right - text_x))
                y += row_h * cap_lines
            if len(caps) > len(shown_caps):
                painter.setPen(style.TEXT_DIM)
                painter.setFont(style.font(font_px))
                painter.drawText(QRectF(text_x, y, right - text_x, row_h),
                                 Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                                 f"+{len(caps) - len(shown_caps)}")
                y += row_h
            y += row_h * 0.3
        heading(QCoreApplication.translate("MapView", "Trạng thái"))
        for state in statuses:
            count = sum(s.state == state for s in states)
            if state == "info":
                row(
                    status_path("normal", icon_r),
                    QColor(INFO_COLOUR),
                    QCoreApplication.translate("MapView", "Không theo dõi"),
                    count,
                )
            else:
                colour, _, word = style.STATUS_LOOK[state]
                row(status_path(state, icon_r), QColor(colour), QCoreApplication.translate("Status", word), count)
        y += row_h * 0.3
        if show_kinds:
            heading(QCoreApplication.translate("MapView", "Loại điểm"))
        for kind in kinds if show_kinds else ():
            row(
                kind_path(kind, icon_r),
                style.TEXT_DIM,
                tr(KIND_NAMES[kind]),
                sum(s.marker.kind == kind for s in states),
            )
        if not states:
            painter.setPen(style.TEXT_DIM)
            painter.setFont(style.font(font_px))
            painter.drawText(
                QRectF(x0, y, right - x0, box.bottom() - y),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap,
                QCoreApplication.translate("MapView", "Không có điểm nào để hiển thị"),
            )


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
    for d in (2.6, 4.5, 7.0):
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
