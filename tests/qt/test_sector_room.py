"""A sector screen read from the leaders' seats (issue 20, points 2 to 4): its tiles and header planned at the
room's text size. The one-stop shop's (hcc) screen, on a whole 1920x1080 panel and on half of one, is rendered
through tests/textcensus.py: every text of its header and tiles is at least 16 minutes of arc tall at 5 m, whole
and clear of every other. A panel too small for its eight tiles shows the abnormal ones and the most important;
one that turns critical while hidden comes into view; nearer seats (3 m) see more tiles. The header says all is
normal only when the sector has no open alert, a forecast's included. Pictures: artifacts/sector-room-*.png, looked
at.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRectF

from ioc_core.alerts import AlertBook
from ioc_core.alerts.evaluate import check_thresholds
from ioc_core.catalogue.sectorviews import load_sector_views
from ioc_core.indicators.observation import Observation
from ioc_core.layouts.model import Region
from ioc_core.layouts.validate import sector_tiles_shown
from ioc_core.views import legibility
from wall.widgets import style
from wall.widgets.base import ViewContext
from wall.widgets.sector import SectorView

from ..pictures import renderer
from ..textcensus import census, faults
from .test_sector_view import CAT, NOON, all_normal, setup

FIXTURES = (setup,)  # test_sector_view's, found by pytest by name
render = renderer("sector-room")
ROOM_5M = legibility.Room()
PREVIOUS = {"2026-11-01": "2026-10-01", "2026-11-23T11:30": "2026-11-23T11:00"}  # all_normal's periods' previous


@pytest.fixture
def book(setup):
    _, _, clock, _ = setup
    return AlertBook(None, lambda: clock.t)


@pytest.fixture
def room():
    """Sets the room for one test, and the default room back after it."""
    def set_room(r: legibility.Room) -> None:
        style.set_room(r)

    yield set_room
    style.set_room(ROOM_5M)


def hcc_view(setup, book, width: float = 1920, height: float = 1080) -> SectorView:
    make, _, _, hub = setup
    base = make("hcc")
    scene = base.scene()
    scene.removeItem(base)
    view = SectorView(Region("hcc", 0, 0), {"kind": "sector", "sector": "hcc"},
                      ViewContext(hub, load_sector_views(CAT), book))
    view.setGeometry(QRectF(0, 0, width, height))
    view.tick(NOON)
    scene.addItem(view)
    hub.settle()
    return view


def header_and_tile_faults(view: SectorView) -> tuple[list[str], list]:
    """What a reader in the room would notice in the view's header and tiles (the other panels are judged by
    their own tests), and the runs judged."""
    runs = census(view.scene(), view.sceneBoundingRect())
    areas = [view.head] + [view.tile_rects[i] for i in view.shown_tiles()]
    mine = [r for r in runs if any(a.contains(r.box.center()) for a in areas)]
    return faults(mine, ROOM_5M.cap_px), mine


@pytest.mark.parametrize(("width", "name"), [(1920, "full"), (960, "half")])
def test_header_and_tiles_read_from_the_seats(setup, book, width, name):
    make, ingest, clock, hub = setup
    clock.t = NOON.timestamp() - 2.5 * 3600  # 09:30: two figures cross their thresholds, the book raises alerts
    ingest(*[Observation(o.indicator, PREVIOUS.get(o.period, "2026-11-22"), o.value * 0.97)
             for o in all_normal("hcc")],  # the period before: each tile has its changes
           *[o for o in all_normal("hcc") if o.indicator not in ("hcc-ty-le-dung-han", "hcc-ho-so-tre-han")],
           Observation("hcc-ty-le-dung-han", "2026-11-23", 93.0),  # warning below 95
           Observation("hcc-ho-so-tre-han", "2026-11-23", 180.0))  # critical above 150
    check_thresholds(book, CAT, ["hcc-ty-le-dung-han", "hcc-ho-so-tre-han"], hub.reading)
    book.observe("hcc-ty-le-truc-tuyen", "hcc", "province", "forecast", "warning",
                 "Dự báo vượt ngưỡng cảnh báo sau 7 kỳ", "Forecast to cross the warning threshold in 7 periods")
    clock.t = NOON.timestamp()
    view = hcc_view(setup, book, width)
    render(view, f"hcc-{name}")
    found, runs = header_and_tile_faults(view)
    assert not found, "\n".join(found)
    shown = view.shown_tiles()
    texts = [r.text for r in runs]
    assert "Hành chính công" in " ".join(texts) and "12:00" in texts
    if width == 1920:  # the loud ones kept first, standing in their declared order
        assert shown[:2] == ["hcc-ty-le-dung-han", "hcc-ho-so-tre-han"]
        assert "▲ Cảnh báo" in " ".join(view.drawn["hcc-ty-le-dung-han"])
    else:  # room for one tile at 5 m: the critical one
        assert shown == ["hcc-ho-so-tre-han"]
    assert any("từ 09:30" in t for t in view.drawn["hcc-ho-so-tre-han"])
    assert any("150" in t for t in view.drawn["hcc-ho-so-tre-han"])  # the threshold crossed, whole
    assert "180" in texts
    assert view.header_line() == ""  # something is abnormal


def test_a_figure_that_turns_critical_while_hidden_is_shown(setup, book):
    make, ingest, clock, hub = setup
    ingest(*all_normal("hcc"))
    view = hcc_view(setup, book)
    before = view.shown_tiles()
    assert "hcc-ty-le-so-hoa" not in before and len(before) < len(view.spec.tiles)  # priority 3: hidden when calm
    ingest(Observation("hcc-ty-le-so-hoa", "2026-11-23", 60.0))  # critical below 70
    assert "hcc-ty-le-so-hoa" in view.shown_tiles()
    assert len(view.shown_tiles()) == len(before)  # in place of the least important one
    render(view, "hcc-hidden-critical")
    found, _ = header_and_tile_faults(view)
    assert not found, "\n".join(found)
    assert any("Nghiêm trọng" in t for t in view.drawn["hcc-ty-le-so-hoa"])


def test_the_header_does_not_say_all_is_normal_while_a_forecast_alert_is_open(setup, book):
    make, ingest, clock, hub = setup
    ingest(*all_normal("hcc"))
    view = hcc_view(setup, book)
    render(view, "hcc-calm")
    assert view.header_line() == "● Tất cả chỉ số bình thường"
    book.observe("hcc-ty-le-dung-han", "hcc", "province", "forecast", "warning",
                 "Dự báo dưới ngưỡng cảnh báo sau 7 kỳ", "Forecast below the warning threshold in 7 periods")
    hub.settle()
    render(view, "hcc-forecast")
    assert view.header_line() == ""
    assert not any("bình thường" in t for t in view.header_drawn)
    assert any("Dự báo" in t for t in view.drawn["hcc-ty-le-dung-han"])  # the tile says why
    book.observe("hcc-ty-le-dung-han", "hcc", "province", "forecast", None)
    hub.settle()
    render(view, "hcc-calm-again")
    assert view.header_line() == "● Tất cả chỉ số bình thường"


def test_nearer_seats_see_more_tiles(setup, book, room):
    make, ingest, clock, hub = setup
    ingest(*all_normal("hcc"))
    view = hcc_view(setup, book)
    spec = view.spec
    at_5m = view.shown_tiles()
    assert len(at_5m) == sector_tiles_shown(spec, 1920, 1080, ROOM_5M)  # as --check counts them
    room(legibility.Room(3.0))
    view.room_changed()
    render(view, "hcc-3m")
    at_3m = view.shown_tiles()
    assert len(at_3m) > len(at_5m)
    assert len(at_3m) == sector_tiles_shown(spec, 1920, 1080, legibility.Room(3.0))
    runs = census(view.scene(), view.sceneBoundingRect())
    areas = [view.head] + [view.tile_rects[i] for i in at_3m]
    mine = [r for r in runs if any(a.contains(r.box.center()) for a in areas)]
    assert not faults(mine, legibility.Room(3.0).cap_px)
    assert min(r.font_px for r in mine) < 52  # the smaller room's text, not the 5 m one


@pytest.mark.parametrize(("sector", "width"), [("antt", 960), ("antt", 1920), ("vbdt", 960)])
def test_a_long_sector_name_is_wrapped_not_cut(setup, book, sector, width):
    """"An ninh trật tự, An toàn giao thông" beside the clock on half a screen: on two lines, whole."""
    make, ingest, clock, hub = setup
    ingest(*all_normal(sector))
    base = make(sector)
    scene = base.scene()
    scene.removeItem(base)
    view = SectorView(Region(sector, 0, 0), {"kind": "sector", "sector": sector},
                      ViewContext(hub, load_sector_views(CAT), book))
    view.setGeometry(QRectF(0, 0, width, 1080))
    view.tick(NOON)
    scene.addItem(view)
    hub.settle()
    render(view, f"{sector}-{width}")
    found, runs = header_and_tile_faults(view)
    assert not found, "\n".join(found)
    assert " ".join(view.header_drawn).startswith(CAT.sectors[sector].name_vi)
    assert "12:00" in view.header_drawn
    assert view.shown_tiles()  # the header leaves room for a tile
