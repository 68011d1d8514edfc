"""CAP alerts on the wall: their areas drawn on the province map in the severity colour (semi-transparent, under
the markers, headline in the legend), and the alert list's words (severity, urgency, certainty, headline, area)."""

from __future__ import annotations

import contextlib
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QGraphicsScene

from ioc_core.alerts import AlertBook
from ioc_core.catalogue import load_catalogue, mapdata
from ioc_core.fmt import TZ
from ioc_core.indicators.indicator_store import IndicatorStore
from ioc_core.layouts.model import Region
from wall.runtime.datahub import DataHub
from wall.widgets import style
from wall.widgets.alertsview import AlertsView
from wall.widgets.base import ViewContext
from wall.widgets.mapview import CAP_FILL_ALPHA, MapView
from wall.widgets.panels import alert_lines
from wall.widgets.registry import create_view

from .. import pictures
from ..common import Clock
from ..pictures import renderer
from ..textcensus import census
from .test_sources_cap import SENDER, cap, info, iso, msgs

CAT = load_catalogue()
NOW = datetime(2026, 12, 6, 15, 0, tzinfo=TZ)
HILLS = "19.35,104.50 19.75,104.50 19.75,104.95 19.35,104.95 19.35,104.50"  # Quế Phong, Quỳ Châu: no marker there
INSIDE_HILLS = (104.58, 19.42)  # lon, lat: inside the box, away from its name written in the middle
CIRCLE_AT = (105.30, 19.20)  # lon, lat: Yên Thành, away from every marker
IN_CIRCLE = (105.30, 19.13)  # 8 km south of its centre (radius 12 km), below its name
render = renderer("cap")


FLOOD = cap("lu-que-phong-1",
            info("vi-VN", "Lũ quét, sạt lở đất tại Quế Phong, Quỳ Châu", "Lũ quét", severity="Severe",
                 urgency="Immediate", certainty="Observed", expires=NOW + timedelta(hours=12), polygon=HILLS,
                 area="Huyện Quế Phong, Quỳ Châu"),
            info("en-US", "Flash floods and landslides in Que Phong, Quy Chau", "Flash flood", severity="Severe",
                 urgency="Immediate", certainty="Observed", expires=NOW + timedelta(hours=12), polygon=HILLS,
                 area="Que Phong, Quy Chau districts"))
RAIN = cap("mua-yen-thanh-1",
           info("vi-VN", "Mưa rất to ở Yên Thành", "Mưa lớn", severity="Moderate", urgency="Expected",
                certainty="Likely", expires=NOW + timedelta(hours=6), polygon=None,
                circle=f"{CIRCLE_AT[1]},{CIRCLE_AT[0]} 12", area="Yên Thành"))
NEIGHBOUR = cap("gio-ha-tinh-1",
                info("vi-VN", "Gió mạnh trên đất liền Hà Tĩnh", "Gió mạnh", severity="Minor", polygon=None,
                     geocode=("GSO", "42"), area="Hà Tĩnh", expires=NOW + timedelta(hours=6)))


@pytest.fixture
def wall(qapp, tmp_path: Path):
    clock = Clock(NOW.timestamp())
    path = tmp_path / "chi-tieu.sqlite"
    IndicatorStore(path, CAT, clock=clock).close()
    hub = DataHub(CAT, path, clock=clock)
    book = AlertBook(tmp_path / "alerts.json", clock)
    with placed_views(hub, book, "r", 1920, 1080) as place:
        yield (lambda kind, **params: place({"kind": kind, **params}, 1920, 1080)), book


@contextlib.contextmanager
def placed_views(hub, book, region: str, width: int, height: int):
    """``place(view, w, h)``: the view of region ``region`` built with ``hub`` and ``book``, ``w`` x ``h`` on a scene
    of ``width`` x ``height``, ticked at NOW and its model built; every view disposed and the hub closed after."""
    scene = QGraphicsScene(0, 0, width, height)
    views = []

    def place(view: dict, w: int, h: int):
        item = create_view(Region(region, 0, 0), view, ViewContext(hub, alerts=book))
        item.setGeometry(QRectF(0, 0, w, h))
        item.tick(NOW)
        scene.addItem(item)
        views.append(item)
        hub.settle()  # data views' models are built on the hub's worker
        return item

    try:
        yield place
    finally:
        for v in views:
            v.dispose()
        hub.close()


def blend(base: QColor, colour: str, alpha: int) -> QColor:
    c = QColor(colour)
    a = alpha / 255
    return QColor(*(round(b * (1 - a) + x * a) for b, x in zip(base.getRgb()[:3], c.getRgb()[:3], strict=True)))


def test_the_map_draws_open_cap_areas_in_their_severity_colour_under_the_markers(wall):
    make, book = wall
    view = make("map")
    assert isinstance(view, MapView)
    base = view.basemap
    assert mapdata.contains(base.province, *INSIDE_HILLS) and mapdata.contains(base.province, *CIRCLE_AT)

    def pixel(lon_lat, img) -> QColor:  # the projection of the moment: the legend takes the headlines' width
        x, y = view.projection()(*lon_lat)
        return QColor(img.pixel(round(x), round(y)))

    calm = render(view, "map-calm")
    assert pixel(INSIDE_HILLS, calm).getRgb()[:3] == style.PANEL.getRgb()[:3]

    book.take_cap(msgs(FLOOD, RAIN, NEIGHBOUR), now=NOW.timestamp())
    assert [a.message_vi for a in view.cap_alerts()] == [  # drawing order: warnings first, critical on top
        "Mưa rất to ở Yên Thành", "Gió mạnh trên đất liền Hà Tĩnh", "Lũ quét, sạt lở đất tại Quế Phong, Quỳ Châu"]
    img = render(view, "map-alerts")
    critical, warning = style.STATUS_LOOK["critical"][0], style.STATUS_LOOK["warning"][0]
    assert pictures.near(pixel(INSIDE_HILLS, img), blend(style.PANEL, critical, CAP_FILL_ALPHA), 6)
    in_circle = free_point(view, IN_CIRCLE, "Mưa rất to ở Yên Thành")
    assert pictures.near(pixel(in_circle, img), blend(style.PANEL, warning, CAP_FILL_ALPHA), 6)
    labels = [box.adjusted(-6, -6, 6, 6) for _, box in view.labels]
    south = next(p for p in ((104.75, 19.15), (104.85, 19.2), (104.7, 19.25), (104.9, 19.1))  # clear of labels
                 if not any(b.contains(*view.projection()(*p)) for b in labels))
    assert pixel(south, img).getRgb()[:3] == style.PANEL.getRgb()[:3]  # south of the box: untouched
    # the markers stay on top: Cửa Rào's station, just outside the box, keeps its own colour
    p = view.marker_positions()["tv-cua-rao"]
    assert pictures.near(QColor(img.pixel(round(p.x()), round(p.y()))), style.STATUS_LOOK["no_data"][0], 30)
    # a geocode that names a neighbour of the map data takes that neighbour's outline
    areas = {a.message_vi: path for a, path in view.cap_areas()}
    ha_tinh = next(a for a in base.areas if a.code == "42")
    inside_ha_tinh = next((lon / 100, lat / 100) for lon in range(10400, 10600, 5) for lat in range(1780, 1860, 5)
                          if mapdata.contains(ha_tinh, lon / 100, lat / 100))
    proj = view.projection()
    assert areas["Gió mạnh trên đất liền Hà Tĩnh"].contains(QPointF(*proj(*inside_ha_tinh)))
    assert not areas["Gió mạnh trên đất liền Hà Tĩnh"].contains(QPointF(*proj(*INSIDE_HILLS)))
    # the legend lists the headlines, the worst first, each whole
    legend = " ".join(r.text for r in census(view.scene(), view.sceneBoundingRect())
                      if view.plan().legend.contains(r.box.center()))
    headlines = ["Lũ quét, sạt lở đất tại Quế Phong, Quỳ Châu", "Mưa rất to ở Yên Thành",
                 "Gió mạnh trên đất liền Hà Tĩnh"]
    assert all(h in legend for h in headlines)
    assert sorted(headlines, key=legend.index) == headlines

    # cancelled: gone from the map
    cancel = cap("lu-que-phong-2", msg_type="Cancel", sent=NOW + timedelta(minutes=5),
                 references=f"{SENDER},lu-que-phong-1,{iso(NOW)}")
    book.take_cap(msgs(cancel), now=NOW.timestamp() + 300)
    after = render(view, "map-cancelled")
    assert pixel(INSIDE_HILLS, after).getRgb()[:3] == style.PANEL.getRgb()[:3]
    in_circle = free_point(view, IN_CIRCLE, "Mưa rất to ở Yên Thành")
    assert pictures.near(pixel(in_circle, after), blend(style.PANEL, warning, CAP_FILL_ALPHA), 6)


def free_point(view: MapView, near: tuple[float, float], alert: str) -> tuple[float, float]:
    """The point of ``alert``'s area nearest ``near`` (lon, lat) that no label on the map covers (the labels'
    text is legible from the seats, so a label can cover a small area's middle)."""
    proj = view.projection()
    area = next(path for a, path in view.cap_areas() if a.message_vi == alert)
    covered = [box.adjusted(-6, -6, 6, 6) for _, box in view.labels]
    x0, y0 = proj(*near)
    points = [(x0 + dx, y0 + dy) for dx in range(-80, 81, 4) for dy in range(-80, 81, 4)]
    points = [p for p in points if area.contains(QPointF(*p).toPoint()) and area.contains(
        QRectF(p[0] - 6, p[1] - 6, 12, 12)) and not any(b.contains(*p) for b in covered)]
    x, y = min(points, key=lambda p: (p[0] - x0) ** 2 + (p[1] - y0) ** 2)
    return proj.inverse(x, y)


def test_a_small_map_keeps_the_headlines_and_drops_the_kinds_of_places(wall):
    make, book = wall
    book.take_cap(msgs(FLOOD, RAIN, NEIGHBOUR), now=NOW.timestamp())
    view = make("map")
    view.setGeometry(QRectF(0, 0, 3840, 2160))  # a 2x2-screen region: every part of the legend
    view.plan()
    assert view.legend_plan["headlines"] == 3 and view.legend_plan["lines"] == [2, 2, 2]
    assert view.legend_plan["states"] == 5 and view.legend_plan["kinds"]
    view.setGeometry(QRectF(0, 0, 1920, 1080))  # one screen: the kinds of places go first
    render(view, "map-full")
    plan = view.legend_plan
    assert plan["headlines"] == 3 and max(plan["lines"]) <= 2 and not plan["kinds"]
    view.setGeometry(QRectF(0, 0, 960, 540))
    render(view, "map-small")
    plan = view.legend_plan
    assert plan["headlines"] >= 1 and not plan["kinds"] and plan["row_h"] >= style.line_px() - 0.5


def test_the_alert_list_words_a_cap_alert(wall):
    make, book = wall
    book.take_cap(msgs(FLOOD, RAIN), now=NOW.timestamp())
    flood = next(a for a in book.alerts() if a.severity == "critical")
    head, message = alert_lines(flood)
    assert head == "◆ 15:00 · Nghiêm trọng · Hành động ngay · Đã xảy ra"
    assert message == "Lũ quét, sạt lở đất tại Quế Phong, Quỳ Châu — Huyện Quế Phong, Quỳ Châu"
    head_en, message_en = alert_lines(flood, {"moitruong": "Environment"}, "en")
    assert head_en == "◆ 15:00 · Environment · Severe · Immediate · Observed"
    assert message_en == "Flash floods and landslides in Que Phong, Quy Chau — Huyện Quế Phong, Quỳ Châu"
    rain = next(a for a in book.alerts() if a.severity == "warning")
    assert alert_lines(rain)[1] == "Mưa rất to ở Yên Thành"  # the area named in the headline is not said twice
    book.acknowledge(flood.id, "Trực ban Lan")
    assert alert_lines(book.get(flood.id))[0].endswith("· ✓ đã xác nhận: Trực ban Lan")

    ticker = make("alerts")
    assert isinstance(ticker, AlertsView)
    # acknowledged, the critical flood stays above the warning: a critical alert is never listed below a warning
    assert [a.message_vi for a in ticker.alerts()] == ["Lũ quét, sạt lở đất tại Quế Phong, Quỳ Châu",
                                                      "Mưa rất to ở Yên Thành"]
    render(ticker, "alerts")
