"""What a sector screen repaints when figures change (issue 21): a tile whose figure did not change is not drawn
again when others change around it, a new figure repaints the lines it changes and not the tile's name and frame,
and what the screen shows afterwards is the picture a full paint makes, the new figure in it."""

from __future__ import annotations

import pytest
import shiboken6
from PySide6.QtCore import QEvent, QObject, QRect, QRectF
from PySide6.QtGui import QColor, QImage, QPainter, QRegion

from ioc_core.indicators.observation import Observation
from ioc_core.setup.geometry import Rect
from wall.runtime.screens import ScreenView
from wall.widgets import style

from ..textcensus import census
from .test_sector_view import NOON, all_normal, setup

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


class _PaintSpy(QObject):
    """Records the rectangles a screen's viewport repaints."""

    def __init__(self, widget):
        super().__init__()
        self.rects: list[QRect] = []
        widget.installEventFilter(self)

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.Paint:
            self.rects += list(event.region())
        return False


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
