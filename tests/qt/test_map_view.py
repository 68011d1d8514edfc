"""The province map: shipped vector outline, markers validated from a data file, status drawn in colour and shape."""

from __future__ import annotations

import copy
import json
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QGraphicsScene

from ioc_core.catalogue import load_catalogue, mapdata
from ioc_core.fmt import TZ
from ioc_core.indicators.indicator_store import IndicatorStore
from ioc_core.indicators.observation import Observation
from ioc_core.jsonfile import read_json
from ioc_core.layouts.model import Region
from ioc_core.problems import InvalidFile
from wall.runtime.datahub import DataHub
from wall.widgets import style
from wall.widgets.base import ViewContext
from wall.widgets.mapview import MapView
from wall.widgets.placeholder import ErrorView
from wall.widgets.registry import create_view

from .. import pictures
from ..common import Clock
from ..pictures import renderer

CAT = load_catalogue()
NOON = datetime(2026, 11, 23, 12, 0, tzinfo=TZ)
SHIPPED = read_json(mapdata.MARKERS_FILE)


# -- the data files ------------------------------------------------------------------------------------------
def test_shipped_files_load_and_every_marker_is_inside_the_province():
    base = mapdata.load_outline()
    assert base.province.code == "40" and base.province.name_vi == "Nghệ An"
    assert {a.name_vi for a in base.neighbours} == {"Thanh Hóa", "Hà Tĩnh"}
    assert "ODbL" in base.attribution
    assert sum(len(r) for p in base.province.polygons for r in p) < 600  # simplified: a few hundred points
    markers = mapdata.load_markers(CAT, bounds=base.bounds())
    assert len(markers) >= 20
    assert {m.kind for m in markers} == set(mapdata.KINDS)
    outside = [m.id for m in markers if not mapdata.contains(base.province, m.lon, m.lat)]
    assert outside == []
    vinh = next(m for m in markers if m.id == "qt-kk-vinh")
    assert (vinh.indicator, vinh.region, vinh.sector) == ("mt-aqi", "xa-005", "moitruong")
    assert (mapdata.DATA_DIR / "NOTICE.md").read_text(encoding="utf-8").count("ODbL") >= 2


def _bad(mutate) -> str:
    doc = copy.deepcopy(SHIPPED)
    mutate(doc)
    with pytest.raises(InvalidFile) as err:
        mapdata.parse_markers(doc, CAT, "markers.json", mapdata.load_outline().bounds())
    return str(err.value)


@pytest.mark.parametrize(("mutate", "expected"), [
    (lambda d: d["markers"][0].update(kind="volcano"), "markers.json: $.markers[0].kind: 'volcano' is not one of"),
    (lambda d: d["markers"][1].update(lat=105.6), "markers.json: $.markers[1].lat: 105.6 is greater than"),
    (lambda d: d["markers"][1].update(lon=-190), "markers.json: $.markers[1].lon: -190 is less than"),
    (lambda d: d["markers"][2].update(lon=18.7, lat=15.6),  # lon and lat swapped and mistyped
     "markers.json: $.markers[2]: lon 18.7, lat 15.6 is outside the map (lon 103.58..106.11"),
    (lambda d: d["markers"][3].update(indicator="mt-khong-co"),
     "markers.json: $.markers[3].indicator: unknown indicator 'mt-khong-co'"),
    (lambda d: d["markers"][4].update(id=d["markers"][0]["id"]),
     "markers.json: $.markers[4].id: duplicate marker id 'kim-lien'"),
    (lambda d: d["markers"][0].update(status="critical"),
     "markers.json: $.markers[0]: give either 'indicator' or a static 'status', not both"),
    (lambda d: d["markers"][0].update(indicator="vbdt-ky-so"),
     "markers.json: $.markers[0].region: indicator 'vbdt-ky-so' has province figures only"),
    (lambda d: d.update(schema_version=2), "markers.json: $.schema_version: 1 was expected"),
])
def test_bad_markers_are_named(mutate, expected):
    assert expected in _bad(mutate)


def test_malformed_or_missing_files_name_the_file(tmp_path: Path):
    bad = tmp_path / "markers.json"
    bad.write_text('{"schema_version": 1, "markers": [', encoding="utf-8")
    with pytest.raises(InvalidFile, match=r"markers\.json: malformed JSON at line 1, column"):
        mapdata.load_markers(CAT, bad)
    with pytest.raises(InvalidFile, match=r"nowhere\.json: file not found"):
        mapdata.load_markers(CAT, tmp_path / "nowhere.json")
    outline = tmp_path / "outline.geojson"
    outline.write_text(json.dumps({"type": "FeatureCollection", "features": []}), encoding="utf-8")
    with pytest.raises(InvalidFile, match=r"outline\.geojson: \$\.features: \[\] should be non-empty"):
        mapdata.load_outline(outline)


def test_layers_and_sector_filter():
    markers = mapdata.load_markers(CAT)
    assert {m.kind for m in mapdata.select(markers, "environment")} == {"station"}
    assert {m.kind for m in mapdata.select(markers, "safety")} == {"camera", "incident"}
    assert {m.sector for m in mapdata.select(markers, "all", "dulich")} == {"dulich"}
    assert mapdata.select(markers, "no-such-layer") == markers


def test_projection_keeps_the_aspect_with_cos_latitude():
    proj = mapdata.Projection.fit((104.0, 18.0, 106.0, 20.0), (0, 0, 1000, 1000), margin=0)
    assert proj.kx == pytest.approx(proj.ky * 0.9455, rel=1e-3)  # cos(19°)
    assert proj(104.0, 20.0)[1] == pytest.approx(0) and proj(104.0, 18.0)[1] == pytest.approx(1000)
    assert proj.inverse(*proj(105.3, 18.9)) == pytest.approx((105.3, 18.9))


# -- the view ------------------------------------------------------------------------------------------------
@pytest.fixture
def setup(qapp, tmp_path: Path):
    clock = Clock(NOON.timestamp())
    path = tmp_path / "chi-tieu.sqlite"
    writer = IndicatorStore(path, CAT, clock=clock)
    hub = DataHub(CAT, path, clock=clock)
    scene = QGraphicsScene(0, 0, 1920, 1080)
    views = []

    def make(**params) -> MapView:
        view = create_view(Region("ban-do", 0, 0), {"kind": "map", **params}, ViewContext(hub))
        view.setGeometry(QRectF(0, 0, 1920, 1080))
        view.tick(datetime.fromtimestamp(clock.t, TZ))
        scene.addItem(view)
        views.append(view)
        hub.settle()  # the markers' figures are judged on the hub's worker
        return view

    def ingest(*obs: Observation):
        assert writer.ingest("test", obs).rejected == []
        hub.mark({o.indicator for o in obs})
        hub._flush()
        while hub._news:
            hub._deliver_one()
        hub.settle()

    yield make, ingest, hub
    for v in views:
        v.dispose()
    hub.close()
    writer.close()


render = renderer("map")


def near(c: QColor, ref: QColor | str, tol: int = 30) -> bool:
    return pictures.near(c, ref, tol)


def test_the_map_shows_station_status_in_colour_and_shape(setup):
    make, ingest, _ = setup
    ingest(Observation("mt-aqi", "2026-11-23T11:00", 182.0, "xa-005"),  # Vinh: critical (above 151)
           Observation("mt-aqi", "2026-11-23T11:00", 120.0, "xa-008"),  # Hoàng Mai: warning
           Observation("mt-aqi", "2026-11-23T11:00", 60.0, "xa-009"),  # Đông Nam: normal
           *[Observation("dl-luot-khach", "2026-11-23", 900.0, f"xa-{i:03d}") for i in range(1, 8)])
    view = make()
    assert isinstance(view, MapView)
    states = {s.marker.id: s for s in view.states()}
    assert states["qt-kk-vinh"].state == "critical" and states["qt-kk-vinh"].value == "182 AQI"
    assert states["qt-kk-hoang-mai"].state == "warning"
    assert states["qt-kk-dong-nam"].state == "normal"
    assert states["qt-nuoc-ben-thuy"].state == "no_data"  # no water reading at all
    assert states["sc-sat-lo-ky-son"].state == "critical"  # static status from the file
    order = [s.state for s in view.states()]
    assert order.index("critical") > max(i for i, s in enumerate(order) if s == "normal")  # trouble on top

    img = render(view, "all")
    pos = view.marker_positions()
    for marker, state in (("qt-kk-vinh", "critical"), ("qt-kk-hoang-mai", "warning"), ("qt-kk-dong-nam", "normal"),
                          ("tv-cua-rao", "no_data"), ("tv-dua", "no_data")):  # Bến Thủy: under Vinh
        p = pos[marker]
        assert near(QColor(img.pixel(round(p.x()), round(p.y()))), style.STATUS_LOOK[state][0]), marker

    # the outline: inside the province PANEL, the sea and Laos BACKGROUND
    proj = view.projection()
    base = view.basemap
    # Quế Phong / Quỳ Châu hills: inside, away from every marker and label (labels legible from the seats are
    # large: the first of these points no label covers)
    labels = [box.adjusted(-6, -6, 6, 6) for _, box in view.labels]
    inside = next(p for p in ((104.6, 19.45), (104.5, 19.55), (104.75, 19.3), (104.9, 19.2))
                  if not any(b.contains(*proj(*p)) for b in labels))
    assert mapdata.contains(base.province, *inside)
    x, y = proj(*inside)
    assert QColor(img.pixel(round(x), round(y))).getRgb()[:3] == style.PANEL.getRgb()[:3]
    for lon, lat in ((105.95, 19.3), (104.0, 18.6)):  # the sea off Quỳnh Lưu; Laos
        assert not any(mapdata.contains(a, lon, lat) for a in base.areas)
        x, y = proj(lon, lat)
        assert view.base().map_rect.contains(x, y)  # not under the legend
        assert QColor(img.pixel(round(x), round(y))).getRgb()[:3] == style.BACKGROUND.getRgb()[:3]


def test_layer_and_sector_params(setup):
    make, _, _ = setup
    env = make(layer="environment")
    assert {s.marker.kind for s in env.states()} == {"station"}
    assert env.shows({"mt-aqi"}) and not env.shows({"dl-luot-khach"})
    render(env, "environment")
    tourism = make(sector="dulich")
    assert {s.marker.kind for s in tourism.states()} == {"tourist_site"}


def test_every_label_and_legend_text_is_at_least_min_size(setup, monkeypatch):
    make, _, _ = setup
    sizes = []
    real = style.font

    def spy(px, bold=False):
        f = real(px, bold)
        sizes.append(f.pixelSize())
        return f

    monkeypatch.setattr(style, "font", spy)
    render(make(layer="incidents"), "incidents")
    assert sizes and min(sizes) >= style.MIN_TEXT_PX


def test_projection_is_cached_per_size(setup):
    make, _, _ = setup
    view = make()
    first = view.base()
    assert view.base() is first
    view.setGeometry(QRectF(0, 0, 960, 540))
    assert view.base() is not first
    render(view, "small")


@pytest.mark.parametrize("content", ['{"schema_version": 1, "markers": [', None])
def test_a_bad_or_missing_markers_file_gives_an_error_card(setup, monkeypatch, tmp_path, content):
    make, _, _ = setup
    path = tmp_path / "markers.json"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    monkeypatch.setattr(MapView, "markers_file", path)
    view = make()
    assert isinstance(view, ErrorView)
    assert str(path) in view.error
    assert ("malformed JSON" if content else "file not found") in view.error
    render(view, "error")
