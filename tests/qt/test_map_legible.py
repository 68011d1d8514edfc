"""The province map read from the leaders' seats (issue 20): at the sizes maps have on the wall (a 2x2-screen
region, a whole screen, half a screen) with the demo's figures and incidents and three CAP alerts, every text the
map draws is at least the size the room's distance needs, whole (never elided or clipped) and clear of every other
text; the critical alert's headline is in the legend whole. What does not fit is left out: the kinds of places,
then the states, then the headlines after the worst (counted); a marker's label over a more severe one.

Judged on what Qt draws (tests/textcensus.py); the pictures are kept in artifacts/map-room-<w>x<h>.png and were
looked at.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QImage, QPainter

from ioc_core.alerts import AlertBook
from ioc_core.catalogue import load_catalogue
from ioc_core.fmt import TZ
from ioc_core.indicators.indicator_store import IndicatorStore
from ioc_core.sources.demo import Simulator
from ioc_core.views import legibility
from wall.runtime.datahub import DataHub
from wall.widgets import style
from wall.widgets.mapview import MapView

from ..common import Clock
from ..pictures import ARTIFACTS
from ..textcensus import census, faults
from .test_cap_wall import FLOOD, NEIGHBOUR, RAIN, placed_views
from .test_sources_cap import msgs

CAT = load_catalogue()
NOW = datetime(2026, 12, 6, 15, 0, tzinfo=TZ)
FLOOD_HEADLINE = "Lũ quét, sạt lở đất tại Quế Phong, Quỳ Châu"
SIZES = [(3840, 2160), (1920, 1080), (960, 1080)]


@pytest.fixture
def demo_map(qapp, tmp_path: Path):
    """A map view fed with the demo's figures at NOW, its alert book holding ``alerts`` once given."""
    clock = Clock(NOW.timestamp())
    path = tmp_path / "chi-tieu.sqlite"
    store = IndicatorStore(path, CAT, clock=clock)
    assert store.ingest("demo", Simulator(CAT).observations(list(CAT.indicators.values()), NOW)).rejected == []
    store.close()
    hub = DataHub(CAT, path, clock=clock)
    book = AlertBook(tmp_path / "alerts.json", clock)
    with placed_views(hub, book, "ban-do", 3840, 2160) as place:

        def make(width: int, height: int, **params) -> MapView:
            view = place({"kind": "map", **params}, width, height)
            assert isinstance(view, MapView)
            return view

        yield make, book


def picture(view: MapView, name: str) -> None:
    r = view.rect()
    img = QImage(round(r.width()), round(r.height()), QImage.Format.Format_RGB32)
    img.fill(QColor("black"))
    painter = QPainter(img)
    view.scene().render(painter, QRectF(0, 0, r.width(), r.height()), view.sceneBoundingRect())
    painter.end()
    ARTIFACTS.mkdir(exist_ok=True)
    img.save(str(ARTIFACTS / f"map-room-{name}.png"))


def judged(view: MapView):
    runs = census(view.scene(), view.sceneBoundingRect())
    return runs, faults(runs, style.ROOM.cap_px)


def legend_text(view: MapView, runs) -> str:
    box = view.plan().legend
    return " ".join(r.text for r in runs if box.contains(r.box.center()))


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_every_map_text_is_legible_whole_and_apart_with_cap_alerts(demo_map, width, height):
    make, book = demo_map
    book.take_cap(msgs(FLOOD, RAIN, NEIGHBOUR), now=NOW.timestamp())
    view = make(width, height)
    picture(view, f"{width}x{height}")
    runs, found = judged(view)
    assert found == []
    assert min(r.cap_px for r in runs) >= style.ROOM.cap_px - 0.5
    # the critical alert's headline, whole, first under the legend's heading
    legend = legend_text(view, runs)
    assert legend.startswith("Cảnh báo thiên tai " + FLOOD_HEADLINE.split()[0])
    assert FLOOD_HEADLINE in legend
    assert view.legend_plan["headlines"] >= 1 and max(view.legend_plan["lines"]) <= 2
    shown = view.legend_plan["headlines"]
    if shown < 3:  # the others counted
        assert f"và {3 - shown} cảnh báo khác" in legend
    # the labels on the map: inside the map, never over each other
    body = view.plan().body
    boxes = [box for _, box in view.labels]
    assert all(body.contains(b) for b in boxes)
    assert not any(a.intersects(b) for i, a in enumerate(boxes) for b in boxes[i + 1:])
    # the critical incident keeps its name on the map
    assert any(text.startswith("◆ Sạt lở đất QL7 Kỳ Sơn") for text, _ in view.labels)


def test_a_large_map_shows_every_part_of_the_legend(demo_map):
    make, book = demo_map
    book.take_cap(msgs(FLOOD, RAIN, NEIGHBOUR), now=NOW.timestamp())
    view = make(3840, 2160)
    view.plan()
    assert view.legend_plan["headlines"] == 3 and view.legend_plan["states"] and view.legend_plan["kinds"]


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_without_alerts_the_legend_is_whole_too(demo_map, width, height):
    make, _ = demo_map
    view = make(width, height, layer="incidents")
    picture(view, f"calm-{width}x{height}")
    runs, found = judged(view)
    assert found == []
    assert "Trạng thái" in legend_text(view, runs)


def test_a_nearer_room_shows_more_at_smaller_sizes(demo_map, monkeypatch):
    make, book = demo_map
    book.take_cap(msgs(FLOOD, RAIN, NEIGHBOUR), now=NOW.timestamp())
    view = make(960, 1080)
    view.plan()
    far = dict(view.legend_plan)
    monkeypatch.setattr(style, "ROOM", style.ROOM)
    monkeypatch.setattr(style, "MIN_TEXT_PX", style.MIN_TEXT_PX)
    style.set_room(legibility.Room(distance_m=3.0))
    view.room_changed()
    picture(view, "3m-960x1080")
    runs, found = judged(view)
    assert found == []
    near = view.legend_plan
    assert near["font_px"] < far["font_px"]
    assert (near["headlines"], near["states"], near["kinds"]) > (far["headlines"], far["states"], far["kinds"])
