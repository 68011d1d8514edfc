"""What a sector screen repaints when figures change (issue 21): a tile whose figure did not change is not drawn
again when others change around it, a new figure repaints the lines it changes and not the tile's name and frame,
and what the screen shows afterwards is the picture a full paint makes, the new figure in it."""

from __future__ import annotations

import time

import pytest
import shiboken6
from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QImage, QPainter, QRegion

from ioc_core.alerts.book import AlertBook
from ioc_core.catalogue.sectorviews import load_sector_views
from ioc_core.indicators.observation import Observation
from ioc_core.layouts.model import Region
from ioc_core.setup.geometry import Rect
from wall.runtime.screens import ScreenView
from wall.widgets import style
from wall.widgets.base import ViewContext
from wall.widgets.sector import SectorView

from ..textcensus import _Device, census
from .test_sector_view import CAT, NOON, _PaintSpy, all_normal, setup

FIXTURES = (setup,)  # test_sector_view's, found by pytest by name
MINUTE = NOON.timestamp() - 60  # 11:59: the header's "data as of" stays the same for the news below


def full_picture(scene) -> QImage:
    """The scene's 1920x1080 picture painted whole, as a screen paints it."""
    img = QImage(1920, 1080, QImage.Format.Format_RGB32)
    img.fill(QColor("black"))
    painter = QPainter(img)
    painter.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing
                           | QPainter.RenderHint.SmoothPixmapTransform)
    scene.render(painter, QRectF(0, 0, 1920, 1080), QRectF(0, 0, 1920, 1080))
    painter.end()
    return img


def on_screen(widget) -> QImage:
    """What the screen shows now: its window's last flushed picture (no new paint)."""
    return widget.screen().grabWindow(widget.winId()).toImage().convertToFormat(QImage.Format.Format_RGB32)


def largest_difference(a: QImage, b: QImage, area: QRectF | None = None) -> int:
    """The largest difference of one colour channel between the two pictures (in ``area``, else everywhere;
    every other pixel each way)."""
    r = (area or QRectF(0, 0, a.width(), a.height())).toAlignedRect().intersected(a.rect())
    worst = 0
    for y in range(r.top(), r.bottom() + 1, 2):
        for x in range(r.left(), r.right() + 1, 2):
            pa, pb = a.pixel(x, y), b.pixel(x, y)
            if pa != pb:
                worst = max(worst, *(abs(((pa >> s) & 255) - ((pb >> s) & 255)) for s in (0, 8, 16)))
    return worst


def normal_but(*obs: Observation) -> list[Observation]:
    """Every hcc figure well inside its thresholds, but for ``obs``."""
    mine = {o.indicator for o in obs}
    return [o for o in all_normal("hcc") if o.indicator not in mine] + list(obs)


def hcc_news(value_a: float, value_c: float, at: float) -> list[Observation]:
    return [Observation("hcc-ty-le-dung-han", "2026-11-23", value_a, observed_at=at),
            Observation("hcc-ty-le-truc-tuyen", "2026-11-23", value_c, observed_at=at)]


def _on_screen_widget(make, hub, book, qtbot, request) -> tuple[SectorView, ScreenView]:
    """The hcc screen reading ``book``, in the fixture's scene, on the wall's own screen widget, painted once."""
    under = make("hcc")  # (the fixture's scene: this view of it is not shown)
    scene = under.scene()
    scene.removeItem(under)
    view = SectorView(Region("hcc", 0, 0), {"kind": "sector", "sector": "hcc"},
                      ViewContext(hub, load_sector_views(CAT), book))
    view.setGeometry(QRectF(0, 0, 1920, 1080))
    view.tick(NOON)
    scene.addItem(view)
    hub.settle()
    request.addfinalizer(view.dispose)
    widget = ScreenView(scene, (0, 0), Rect(0, 0, 1920, 1080), None)
    widget.setGeometry(0, 0, 1920, 1080)
    widget.show()
    qtbot.waitExposed(widget)
    request.addfinalizer(lambda: (widget.close(), shiboken6.delete(widget)))
    qtbot.waitUntil(lambda: widget.paint_count > 0)
    return view, widget


@pytest.fixture
def screen(setup, qtbot, request):
    """The hcc screen on the wall's own screen widget, first painted; figures of its first and third tiles in."""
    make, ingest, _, _ = setup
    ingest(*normal_but(*hcc_news(97.0, 80.0, MINUTE)))
    view = make("hcc")
    widget = ScreenView(view.scene(), (0, 0), Rect(0, 0, 1920, 1080), None)
    widget.setGeometry(0, 0, 1920, 1080)
    widget.show()
    qtbot.waitExposed(widget)
    request.addfinalizer(lambda: (widget.close(), shiboken6.delete(widget)))
    qtbot.waitUntil(lambda: widget.paint_count > 0)
    return view, widget


def news(ingest, widget, qtbot, *obs: Observation) -> None:
    painted = widget.paint_count
    ingest(*obs)
    qtbot.waitUntil(lambda: widget.paint_count > painted)
    qtbot.wait(50)


def test_a_tile_whose_figure_did_not_change_is_not_drawn_again(setup, screen, qtbot):
    """The first and third tiles of a row change: the tile between them is not drawn again (Qt exposes the
    rectangle around both), and the screen shows the picture a whole paint makes."""
    _, ingest, _, _ = setup
    view, widget = screen
    first, middle, third = view.shown_tiles()[:3]
    assert (first, third) == ("hcc-ty-le-dung-han", "hcc-ty-le-truc-tuyen")
    assert view.tile_rects[first].top() == view.tile_rects[middle].top() == view.tile_rects[third].top()
    drawn: list[str] = []
    paint_tile = view._paint_tile

    def counted(painter, r, t, *rest):
        drawn.append(t.indicator.id)
        return paint_tile(painter, r, t, *rest)

    view._paint_tile = counted
    news(ingest, widget, qtbot, *hcc_news(96.0, 81.0, MINUTE + 20))
    assert sorted(set(drawn)) == sorted([first, third]), drawn
    assert any("96,0" in t for t in view.drawn[first]) and any("81,0" in t for t in view.drawn[third])
    assert largest_difference(on_screen(widget), full_picture(view.scene())) <= 2


def test_a_new_figure_repaints_its_lines_not_the_tile_s_name_and_frame(setup, screen, qtbot):
    _, ingest, _, _ = setup
    view, widget = screen
    first = view.shown_tiles()[0]
    tile = view.tile_rects[first]
    spy = _PaintSpy(widget.viewport())
    news(ingest, widget, qtbot, *hcc_news(96.5, 80.0, MINUTE + 20))
    repainted = QRegion()
    for r in spy.rects:
        repainted = repainted.united(r)
    others = [view.tile_rects[i].toAlignedRect() for i in view.shown_tiles() if i != first]
    assert not any(repainted.intersects(r) for r in others), list(repainted)
    repainted = repainted.intersected(tile.adjusted(-10, -10, 10, 10).toAlignedRect())
    assert not repainted.isEmpty()
    name_top = tile.toAlignedRect().adjusted(4, 4, -4, 0)
    name_top.setHeight(int(style.line_px()))  # the name's first line, under the tile's top edge
    assert not repainted.intersects(name_top), list(repainted)
    area = sum(r.width() * r.height() for r in repainted)
    assert area < tile.width() * tile.height() * 0.7  # less than the whole tile
    assert any("96,5" in t for t in view.drawn[first])
    assert largest_difference(on_screen(widget), full_picture(view.scene()), tile.adjusted(-8, -8, 8, 8)) <= 2


def test_a_changed_state_repaints_the_whole_tile_and_shows_it(setup, screen, qtbot):
    _, ingest, _, _ = setup
    view, widget = screen
    first = view.shown_tiles()[0]
    tile = view.tile_rects[first].adjusted(-8, -8, 8, 8)
    news(ingest, widget, qtbot, *hcc_news(91.5, 80.0, MINUTE + 20))  # 97 -> 91,5: warning
    assert largest_difference(on_screen(widget), full_picture(view.scene()), tile) <= 2
    texts = [r.text for r in census(view.scene(), tile)]
    assert "91,5" in texts and any("Cảnh báo" in t for t in texts)


# -- a tile that just crossed a threshold pulses (issue 21: the beats were most of the GUI thread's tile painting) --
@pytest.fixture
def pulsing(setup, qtbot, request):
    """The hcc screen, with its alert book, on the wall's own screen widget; its first tile just turned warning
    and the book raised the alert: the tile pulses."""
    make, ingest, _, hub = setup
    ingest(*normal_but(*hcc_news(97.0, 80.0, MINUTE)))
    book = AlertBook(None, lambda: NOON.timestamp())
    view, widget = _on_screen_widget(make, hub, book, qtbot, request)
    first = view.shown_tiles()[0]
    news(ingest, widget, qtbot, *hcc_news(91.5, 80.0, MINUTE + 20))  # 97 -> 91,5: warning
    book.observe(first, "hcc", "province", "threshold", "warning", "Tỷ lệ hồ sơ giải quyết đúng hạn: 91,5 %")
    assert first in view.pulsing()
    hub.settle()  # the tile now says since when it warns: painted before the tests look at the beats
    qtbot.waitUntil(lambda: any("từ 12:00" in t for t in view.drawn[first]))
    return view, widget, first


def test_a_pulse_beat_repaints_the_tile_s_edge_and_no_text(pulsing, qtbot):
    """While a tile pulses, its beats repaint a ring around its edge: no text on the screen is drawn again (the
    tile's name and figure, its neighbours'), and the ring stays clear of the header and the other tiles."""
    view, widget, first = pulsing
    spy = _PaintSpy(widget.viewport())
    painted = widget.paint_count
    qtbot.waitUntil(lambda: widget.paint_count >= painted + 4)  # four beats' frames at least
    assert first in view.pulsing()
    repainted = QRegion()
    for r in spy.rects:
        repainted = repainted.united(r)
    assert not repainted.isEmpty()
    runs = census(view.scene(), QRectF(0, 0, 1920, 1080))
    hit = [r.text for r in runs if repainted.intersects(r.box.toAlignedRect())]
    assert hit == [], hit
    tile = view.tile_rects[first]
    assert QRegion(tile.adjusted(-16, -16, 16, 16).toAlignedRect()).contains(repainted.boundingRect())
    inside = tile.adjusted(tile.height() * 0.1, tile.height() * 0.1, -tile.height() * 0.1, -tile.height() * 0.1)
    assert not repainted.intersects(inside.toAlignedRect())  # the ring, not the tile
    assert not repainted.intersects(view.head.toAlignedRect())
    # what a paint of that region draws, as the paint engine receives it: none of the tile's texts (the scene's
    # render paints every item in its source, the chart's too; the tile's paint draws what meets the region)
    device = _Device(1920, 1080)
    device.engine.setSystemClip(repainted)
    painter = QPainter(device)
    try:
        view.scene().render(painter, QRectF(0, 0, 1920, 1080), QRectF(0, 0, 1920, 1080))
    finally:
        painter.end()
    drawn = [r.text for r in device.engine.runs if r.box.intersects(tile.adjusted(-16, -16, 16, 16))]
    assert drawn == [], drawn


def test_the_beat_shows_around_the_tile(pulsing):
    """At the height of a beat the tile's frame has swollen and brightened: its edge looks different from the
    start of the beat (the tile inside it does not change)."""
    view, widget, first = pulsing
    tile = view.tile_rects[first]
    view._pulses[first] = time.monotonic()  # the beat starts
    rest = full_picture(view.scene())
    view._pulses[first] = time.monotonic() - 0.5  # half a second in: the height of the beat
    swollen = full_picture(view.scene())
    edge = QRectF(tile.left() - 12, tile.center().y() - 40, 12, 80)  # left of the tile, in the gap
    assert largest_difference(rest, swollen, edge) > 60
    assert largest_difference(rest, swollen, tile.adjusted(20, 20, -20, -20)) == 0


def test_after_the_pulse_the_tile_shows_its_steady_look(pulsing, qtbot):
    """Three seconds on, the pulse has ended: the screen shows the tile as a whole paint of it does, the ring gone
    and the tile's warning look kept."""
    view, widget, first = pulsing
    qtbot.waitUntil(lambda: not view._pulse_timer.isActive(), timeout=5000)
    tile = view.tile_rects[first]
    gap = QRectF(tile.left() - 12, tile.top(), 6, tile.height())  # left of the tile: where the ring swelled
    qtbot.waitUntil(lambda: largest_difference(on_screen(widget), full_picture(view.scene()), gap) <= 2)
    shown = on_screen(widget)
    assert largest_difference(shown, full_picture(view.scene()), tile.adjusted(-14, -14, 14, 14)) <= 2
    texts = [r.text for r in census(view.scene(), tile)]
    assert "91,5" in texts and any("Cảnh báo" in t for t in texts)
    assert QColor(shown.pixel(int(tile.left() - 9), int(tile.center().y()))) == QColor(style.BACKGROUND)  # no ring


# -- a paint clipped to part of a tile (a neighbour's margin, an adjacent panel, a window exposed) -------------------
FORECAST = "Dự báo xuống dưới ngưỡng trong {} ngày tới"


@pytest.fixture
def forecast(setup, qtbot, request):
    """The hcc screen with its alert book on the wall's own screen widget; the book holds a forecast alert on the
    first tile, so the tile says the forecast's warning."""
    make, ingest, _, hub = setup
    ingest(*normal_but(*hcc_news(97.0, 80.0, MINUTE)))
    book = AlertBook(None, lambda: NOON.timestamp())
    first = "hcc-ty-le-dung-han"
    book.observe(first, "hcc", "province", "forecast", "warning", FORECAST.format(3))
    view, widget = _on_screen_widget(make, hub, book, qtbot, request)
    assert view.shown_tiles()[0] == first
    qtbot.waitUntil(lambda: "trong 3 ngày" in " ".join(view.drawn.get(first, [])))
    return view, widget, book, first


@pytest.mark.parametrize("then", ["news", "minute"])
def test_a_clipped_paint_of_a_changed_tile_does_not_leave_half_old_text(setup, forecast, qtbot, then):
    """The forecast's warning on a tile changes without a repaint of the tile (the book updates an alert quietly);
    a repaint of the left half of the tile draws the new warning there only. The tile's next news (or the next
    minute's models, though they say nothing new) then repaints all of it: the screen shows the new warning
    whole, no half of the old one (issue 21)."""
    _, ingest, _, hub = setup
    view, widget, book, first = forecast
    book.observe(first, "hcc", "province", "forecast", "warning", FORECAST.format(12))  # no news: no repaint
    tile = view.tile_rects[first]
    half = QRectF(tile.left() - 8, tile.top() - 8, tile.width() / 2 + 8, tile.height() + 16)
    painted = widget.paint_count
    widget.viewport().update(half.toAlignedRect())
    qtbot.waitUntil(lambda: widget.paint_count > painted)
    assert "trong 12 ngày" in " ".join(view.drawn[first])  # that paint planned the new warning
    if then == "news":
        news(ingest, widget, qtbot, *hcc_news(96.5, 80.0, MINUTE + 20))
        assert any("96,5" in t for t in view.drawn[first])
    else:
        painted = widget.paint_count
        view._minute_passed()
        hub.settle()
        qtbot.waitUntil(lambda: widget.paint_count > painted)
        qtbot.wait(50)
    assert largest_difference(on_screen(widget), full_picture(view.scene()), tile.adjusted(-8, -8, 8, 8)) <= 2


def test_a_tile_s_next_figures_still_repaint_only_their_lines(setup, screen, qtbot):
    """After a new figure repainted its own lines, the tile is known whole on the screen: the figure after it
    repaints its lines again, not the tile's name."""
    _, ingest, _, _ = setup
    view, widget = screen
    first = view.shown_tiles()[0]
    tile = view.tile_rects[first]
    news(ingest, widget, qtbot, *hcc_news(96.5, 80.0, MINUTE + 20))
    spy = _PaintSpy(widget.viewport())
    news(ingest, widget, qtbot, *hcc_news(96.0, 80.0, MINUTE + 30))
    repainted = QRegion()
    for r in spy.rects:
        repainted = repainted.united(r)
    assert not repainted.intersected(tile.toAlignedRect()).isEmpty()
    name_top = tile.toAlignedRect().adjusted(4, 4, -4, 0)
    name_top.setHeight(int(style.line_px()))
    assert not repainted.intersects(name_top), list(repainted)
    assert any("96,0" in t for t in view.drawn[first])
    assert largest_difference(on_screen(widget), full_picture(view.scene()), tile.adjusted(-8, -8, 8, 8)) <= 2
