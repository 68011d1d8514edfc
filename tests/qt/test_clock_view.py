"""The clock view rendered offscreen as a leader reads it: the time large, the date in Vietnamese words, no
placeholder text, no heading left over from the region's former view; and no view kind in the console's palette
that falls to the placeholder."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QGraphicsScene

from ioc_core.alerts import AlertBook
from ioc_core.api.port import ControllerPort
from ioc_core.catalogue import load_catalogue
from ioc_core.catalogue.cameras import load_cameras
from ioc_core.catalogue.sectorviews import load_sector_views
from ioc_core.catalogue.webpages import load_webpages
from ioc_core.fmt import TZ
from ioc_core.indicators.indicator_store import IndicatorStore
from ioc_core.layouts.model import Region
from ioc_core.setup.webpolicy import WebAllowlist
from wall.runtime.datahub import DataHub
from wall.widgets import registry, style
from wall.widgets.base import ViewContext
from wall.widgets.clock import ClockView
from wall.widgets.placeholder import PlaceholderView

from ..common import Clock
from ..pictures import near, renderer

CAT = load_catalogue()
SUNDAY = datetime(2026, 12, 6, 21, 56, 14, tzinfo=TZ)  # Chủ Nhật, 6 tháng 12 năm 2026
render = renderer("clock")


@pytest.fixture
def scene(qapp):
    scene = QGraphicsScene(0, 0, 1920, 1080)
    views = []

    def place(view, rect: QRectF, now: datetime = SUNDAY):
        view.setGeometry(rect)
        view.tick(now)
        scene.addItem(view)
        views.append(view)
        return view

    yield scene, place
    for v in views:
        v.dispose()
    shiboken6.delete(scene)
    qapp.processEvents()


def clock_in(region_title: str) -> ClockView:
    """The clock put, from the console's palette, in the region that showed the alerts."""
    view = registry.create_view(Region("canh-bao", 0, 0, title_vi=region_title), {"kind": "clock"}, ViewContext())
    assert isinstance(view, ClockView)
    return view


def ink(img: QImage, area: QRectF, colour: QColor = style.TEXT) -> tuple[int, int] | None:
    """The top and bottom rows in ``area`` holding pixels of ``colour`` (the drawn text's ink)."""
    rows = [y for y in range(int(area.top()), int(area.bottom()))
            if any(near(QColor(img.pixel(x, y)), colour, 30) for x in range(int(area.left()), int(area.right()), 3))]
    return (rows[0], rows[-1]) if rows else None


@pytest.mark.parametrize("name, rect", [("screen", QRectF(0, 0, 1920, 1080)),
                                        ("half-screen", QRectF(0, 0, 960, 1080)),
                                        ("half-screen-wide", QRectF(0, 0, 1920, 540))])
def test_the_clock_shows_the_time_and_date_large_and_no_old_heading(scene, name, rect):
    _, place = scene
    view = place(clock_in("Cảnh báo"), rect)
    img = render(view, name)
    texts = view.texts()
    said = [t for t, _ in texts]
    assert said[0] == "21:56"
    assert "Chủ Nhật," in " ".join(said) and "6 tháng 12 năm 2026" in " ".join(said)
    assert not any("sẽ được hiển thị" in t or "Cảnh báo" in t or "Đồng hồ" in t for t in said)
    assert all(px >= style.MIN_TEXT_PX for _, px in texts)  # nothing smaller than the room reads at 5 m

    # the time's digits as drawn: their ink, white, measured on the picture
    plan = view.plan()
    top, bottom = ink(img, plan.time_rect)
    if name == "screen":
        assert bottom - top >= 200, bottom - top
    else:
        assert bottom - top >= 140, bottom - top
    # the date under it, drawn at a size the room reads (capital height about 37 px or more)
    date_rect = plan.lines[0][1]
    top, bottom = ink(img, date_rect)
    assert bottom - top >= 37, bottom - top
    assert plan.lines[-1][0] == "Giờ của máy tường"  # the wall cannot tell whether its clock is synchronised

    # the region's name is drawn nowhere: the same clock in a region named otherwise is the same picture
    # (each drawn twice: Qt draws a large glyph as a path the first time and from its cache after, a few edge
    # pixels apart)
    img = render(view, name)
    other = place(clock_in("Một vùng khác"), rect)
    view.hide()
    render(other, name + "-other")
    assert render(other, name + "-other") == img


def test_the_clock_follows_the_display_clock_and_the_date_changes_at_midnight(scene):
    _, place = scene
    view = place(clock_in("Cảnh báo"), QRectF(0, 0, 1920, 1080), datetime(2026, 12, 6, 23, 59, 59, tzinfo=TZ))
    assert [t for t, _ in view.texts()][:3] == ["23:59", ":59", "Chủ Nhật, 6 tháng 12 năm 2026"]
    view.tick(datetime(2026, 12, 7, 0, 0, 0, tzinfo=TZ))
    assert [t for t, _ in view.texts()][:3] == ["00:00", ":00", "Thứ Hai, 7 tháng 12 năm 2026"]


def test_a_small_region_drops_the_note_then_breaks_the_date_never_shrinks_it(scene):
    _, place = scene
    ninth = place(clock_in("Cảnh báo"), QRectF(0, 0, 640, 360))
    img = render(ninth, "ninth")
    texts = ninth.texts()
    assert all(px >= style.MIN_TEXT_PX for _, px in texts)
    said = [t for t, _ in texts]
    assert said[0] == "21:56" and "6 tháng 12 năm 2026" in said
    assert ink(img, ninth.plan().time_rect) is not None


@pytest.fixture
def full_context(qapp, tmp_path: Path):
    clock = Clock(SUNDAY.timestamp())
    writer = IndicatorStore(tmp_path / "chi-tieu.sqlite", CAT, clock=clock)
    hub = DataHub(CAT, tmp_path / "chi-tieu.sqlite", clock=clock)
    allow = WebAllowlist(("127.0.0.1:8080", "*.nghean.gov.vn", "dichvucong.gov.vn"))
    cameras, pages = load_cameras(), load_webpages().checked(allow)
    context = ViewContext(hub, load_sector_views(CAT), AlertBook(None, clock), cameras, allow)
    yield context, ControllerPort("thử", None, None, catalogue=CAT, cameras=cameras, webpages=pages)
    hub.close()
    writer.close()
    shiboken6.delete(hub)


# Views that open a connection or a browser when built: their own tests build them (test_camera_view.py,
# test_web_view.py); here only that the registry has a real view for them.
CONNECTING = {"camera", "camera_grid", "web"}


def test_every_kind_in_the_palette_is_a_real_view(full_context):
    context, port = full_context
    offered = port.views()["views"]
    kinds = {v["kind"] for v in offered}
    assert {"clock", "overview", "alerts", "health", "meeting", "sector", "chart", "map"} <= kinds
    for kind in kinds:
        assert kind in registry.FACTORIES, f"{kind} falls to the placeholder"
    first = {}
    for v in offered:
        first.setdefault(v["kind"], {k: x for k, x in v.items() if k != "title"})
    for kind, view in first.items():
        if kind in CONNECTING:
            continue
        built = registry.create_view(Region("r", 0, 0), view, context)
        try:
            assert not isinstance(built, PlaceholderView), (kind, type(built).__name__)
        finally:
            built.dispose()


def test_the_clock_speaks_english_when_the_wall_does(qapp, scene):
    from wall.i18n import install

    _, place = scene
    translator = install(qapp, "en")
    try:
        view = place(clock_in("Alerts"), QRectF(0, 0, 1920, 1080))
        assert [t for t, _ in view.texts()][2:] == ["Sunday, 6 December 2026", "The wall computer's time"]
    finally:
        qapp.removeTranslator(translator)
        style.LANGUAGE = "vi"
