"""Sector views rendered offscreen at 1920x1080: what a leader reads on the tiles."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, QObject, QRect, QRectF
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QGraphicsScene

from ioc_core.catalogue import load_catalogue
from ioc_core.catalogue.sectorviews import load_sector_views
from ioc_core.fmt import TZ
from ioc_core.indicators.indicator_store import IndicatorStore
from ioc_core.indicators.observation import Observation
from ioc_core.layouts.model import Region
from ioc_core.setup.geometry import Rect
from wall.runtime.datahub import DataHub
from wall.runtime.screens import ScreenView
from wall.widgets import style
from wall.widgets.base import ViewContext
from wall.widgets.sector import SectorView

from ..common import Clock
from ..pictures import near, renderer

CAT = load_catalogue()
NOON = datetime(2026, 11, 23, 12, 0, tzinfo=TZ)


@pytest.fixture
def setup(qapp, tmp_path: Path):
    clock = Clock(NOON.timestamp())
    path = tmp_path / "chi-tieu.sqlite"
    writer = IndicatorStore(path, CAT, clock=clock)
    hub = DataHub(CAT, path, clock=clock)
    scene = QGraphicsScene(0, 0, 1920, 1080)
    views = []

    def make(sector: str) -> SectorView:
        view = SectorView(Region(sector, 0, 0), {"kind": "sector", "sector": sector},
                          ViewContext(hub, load_sector_views(CAT)))
        view.setGeometry(QRectF(0, 0, 1920, 1080))
        view.tick(datetime.fromtimestamp(clock.t, TZ))
        scene.addItem(view)
        views.append(view)
        hub.settle()  # the view's models are built on the hub's worker: wait for them, as a frame would
        return view

    def ingest(*obs: Observation):
        assert writer.ingest("test", obs).rejected == []
        hub.mark({o.indicator for o in obs})
        hub._flush()
        while hub._news:  # deliver to every view now, as the event loop would, and wait for their models
            hub._deliver_one()
        hub.settle()

    yield make, ingest, clock, hub
    for v in views:
        v.dispose()
    hub.close()
    writer.close()
    # Deleted here, on the GUI thread: left to Python's cycle collector, a QObject with live timers can be freed
    # from whatever thread collects (a later test's server thread), and its timer then fires into freed memory.
    shiboken6.delete(scene)
    shiboken6.delete(hub)


render = renderer("sector")


def border_colour(img: QImage, view: SectorView) -> QColor:
    """The first tile's left border, half way down."""
    r = view.tile_rects[view.spec.tiles[0]]
    return QColor(img.pixel(int(r.left()) + 1, int(r.center().y())))




@pytest.mark.parametrize(("value", "state", "word"), [
    (96.0, "normal", "● Bình thường"), (95.0, "normal", "● Bình thường"),
    (94.9, "warning", "▲ Cảnh báo"), (89.0, "critical", "◆ Nghiêm trọng"),
])
def test_tile_status_on_each_side_of_the_thresholds(setup, value, state, word):
    make, ingest, _, _ = setup
    ingest(Observation("hcc-ty-le-dung-han", "2026-11-23", value))  # warning below 95, critical below 90
    view = make("hcc")
    tile = view.tiles()[0]
    assert (tile.state, tile.status, tile.value) == (state, word, f"{value:.1f}".replace(".", ","))
    img = render(view, f"hcc-{state}")
    drawn = view.drawn["hcc-ty-le-dung-han"]
    if state == "normal":  # quiet: a muted frame, and the word only in the model (tables, overview), not drawn
        assert near(border_colour(img, view), SectorView.QUIET_FRAME, 12)
        assert not any("Bình thường" in text for text in drawn), drawn
    else:
        assert near(border_colour(img, view), style.STATUS_LOOK[state][0])
        assert word in drawn


def all_normal(sector: str) -> list[Observation]:
    """A figure for every indicator of a sector's screen, each well inside its thresholds."""
    spec = load_sector_views(CAT)[sector]
    out = []
    for i in spec.indicators:
        ind = CAT.indicators[i]
        period = {"month": "2026-11-01", "instant": "2026-11-23T11:30"}.get(ind.period, "2026-11-23")
        limit = ind.warning if ind.warning is not None else 100.0
        out.append(Observation(i, period, limit * (1.05 if ind.direction == "higher_better" else 0.5)))
    return out


def test_a_calm_screen_says_so_once_in_its_header_and_no_tile_says_normal(setup):
    make, ingest, _, _ = setup
    ingest(*all_normal("hcc"))
    view = make("hcc")
    img = render(view, "hcc-all-normal")
    assert {t.state for t in view.tiles()} == {"normal"}
    # every tile laid out was drawn (as many as fit at 5 m: the most important first, issue 20) ...
    assert set(view.drawn) == set(view.shown_tiles()) and len(view.drawn) >= 3
    for ind_id, texts in view.drawn.items():  # ... and none says "Bình thường": the header says it once
        assert not any("Bình thường" in text or "bình thường" in text for text in texts), (ind_id, texts)
    assert view.header_line() == "● Tất cả chỉ số bình thường"
    for ind_id in view.shown_tiles():  # muted frames: none in the status teal
        r = view.tile_rects[ind_id]
        assert near(QColor(img.pixel(int(r.left()) + 1, int(r.center().y()))), SectorView.QUIET_FRAME, 12)


def test_a_figure_that_stops_arriving_turns_stale_with_its_age(setup):
    make, ingest, clock, hub = setup
    ingest(Observation("hcc-ty-le-dung-han", "2026-11-23", 97.0))
    view = make("hcc")
    assert view.tiles()[0].state == "normal"
    clock.t += 86400 * 1.5 + 3600  # daily cadence + half a day of grace, then one more hour
    view.tick(datetime.fromtimestamp(clock.t, TZ))
    hub.settle()  # the new minute's models, from the hub's worker
    tile = view.tiles()[0]
    assert tile.state == "stale"
    assert tile.status == "◷ Số liệu cũ  ·  cập nhật 1 ngày trước"
    assert tile.value == "97,0"  # the last value stays, marked
    assert near(border_colour(render(view, "hcc-stale"), view), style.STATUS_LOOK["stale"][0])


def test_vietnamese_numbers_changes_and_no_data(setup):
    make, ingest, _, _ = setup
    ingest(Observation("vbdt-van-ban-den", "2025-11-22", 17_000.0),
           Observation("vbdt-van-ban-den", "2026-11-21", 19_500.0),
           Observation("vbdt-van-ban-den", "2026-11-22", 19_234.0, observed_at=NOON.timestamp() - 43200),
           Observation("vbdt-ky-so", "2026-11-23", 96.25))
    view = make("vbdt")
    tiles = {t.indicator.id: t for t in view.tiles()}
    assert tiles["vbdt-van-ban-den"].value == "19.234"
    assert tiles["vbdt-van-ban-den"].changes == "so kỳ trước -266   cùng kỳ +13,1%"
    assert tiles["vbdt-ky-so"].value == "96,2" or tiles["vbdt-ky-so"].value == "96,3"
    assert tiles["vbdt-xu-ly-qua-han"].value is None and tiles["vbdt-xu-ly-qua-han"].state == "no_data"
    assert tiles["vbdt-xu-ly-qua-han"].status == "○ Chưa có dữ liệu"
    img = render(view, "vbdt")
    assert QColor(img.pixel(960, 60)).getRgb()[:3] == style.PANEL.getRgb()[:3]  # the header band


def test_a_running_total_is_provisional_and_not_compared(setup):
    make, ingest, _, _ = setup
    ingest(Observation("hcc-ho-so-tiep-nhan", "2026-11-22", 900.0),
           Observation("hcc-ho-so-tiep-nhan", "2026-11-23", 420.0, observed_at=NOON.timestamp() - 600))
    tile = next(t for t in make("hcc").tiles() if t.indicator.id == "hcc-ho-so-tiep-nhan")
    assert tile.value == "420"
    assert tile.changes == "tạm tính đến 11:50"


def test_overview_puts_the_worst_sector_first(setup):
    from wall.widgets.overview import OverviewView

    make, ingest, clock, hub = setup
    ingest(Observation("mt-aqi", "2026-11-23T11:00", 180.0),  # critical (above 151)
           Observation("hcc-ty-le-dung-han", "2026-11-23", 93.0),  # warning
           Observation("yte-cong-suat-giuong", "2026-11-23T11:00", 80.0),
           Observation("attt-canh-bao-nghiem-trong", "2026-11-23", 0.0,
                       observed_at=clock.t - 3 * 3600))  # realtime cadence: long out of date
    view = OverviewView(Region("tq", 0, 0), {"kind": "overview"}, ViewContext(hub))
    view.setGeometry(QRectF(0, 0, 1920, 1080))
    view.tick(datetime.fromtimestamp(clock.t, TZ))
    hub.settle()  # the cards' tiles are built on the hub's worker
    order = [(c.sector.id, c.state) for c in view.cards()]
    assert order[:3] == [("moitruong", "critical"), ("hcc", "warning"), ("attt", "stale")]
    assert {state for _, state in order[3:-1]} == {"no_data"}  # a sector without any data is a problem too
    assert order[-1] == ("yte", "normal")
    assert view.cards()[0].worst.name == "Chỉ số chất lượng không khí (VN_AQI)"
    scene = QGraphicsScene(0, 0, 1920, 1080)
    scene.addItem(view)
    img = render(view, "overview")
    assert near(QColor(img.pixel(20, 100)), style.STATUS_LOOK["critical"][0])  # first card's status stripe
    view.dispose()
    scene.removeItem(view)


def test_overview_puts_what_changed_first_within_a_severity(setup):
    """Two sectors in warning: the one whose alert is new this hour comes first and carries a "new" badge."""
    from ioc_core.alerts import AlertBook
    from wall.widgets.overview import OverviewView

    make, ingest, clock, hub = setup
    ingest(Observation("hcc-ty-le-dung-han", "2026-11-23", 93.0),  # warning, known since the morning
           Observation("gd-chuyen-can", "2026-11-23", 93.0))  # warning, new at 11:50
    book = AlertBook(None, clock)
    clock.t -= 5 * 3600
    book.observe("hcc-ty-le-dung-han", "hcc", "province", "threshold", "warning", "Dưới ngưỡng", value=93.0)
    clock.t += 5 * 3600 - 600
    book.observe("gd-chuyen-can", "giaoduc", "province", "threshold", "warning", "Dưới ngưỡng", value=93.0)
    clock.t += 600
    view = OverviewView(Region("tq", 0, 0), {"kind": "overview"}, ViewContext(hub, alerts=book))
    view.setGeometry(QRectF(0, 0, 1920, 1080))
    view.tick(datetime.fromtimestamp(clock.t, TZ))
    hub.settle()
    cards = view.cards()
    assert [(c.sector.id, c.state) for c in cards[:2]] == [("giaoduc", "warning"), ("hcc", "warning")]
    assert cards[0].changed_at == clock.t - 600 and cards[1].changed_at is None  # 5 h old is no longer news
    scene = QGraphicsScene(0, 0, 1920, 1080)
    scene.addItem(view)
    render(view, "overview-changed")
    view.dispose()
    scene.removeItem(view)


def test_health_view_lists_failing_and_late_feeds_first(setup, tmp_path):
    from wall.widgets.health import HealthView

    make, ingest, clock, hub = setup
    writer = IndicatorStore(tmp_path / "chi-tieu.sqlite", CAT, clock=clock)
    clock.t -= 3 * 86400
    writer.record_fetch("igate", received=10)  # daily feeds: late after a day and a half
    clock.t += 3 * 86400
    writer.record_fetch("ioffice", received=5)
    writer.record_fetch("soc", error="no answer within 10 s from soc.example:55000/alerts")
    writer.close()
    hub.source_fetched("soc")
    view = HealthView(Region("suc-khoe", 0, 0), {"kind": "health"}, ViewContext(hub))
    view.setGeometry(QRectF(0, 0, 1920, 1080))
    view.tick(datetime.fromtimestamp(clock.t, TZ))
    rows = view.rows()
    assert [(r.source, r.state) for r in rows[:2]] == [("soc", "error"), ("igate", "late")]
    assert rows[0].error == "no answer within 10 s from soc.example:55000/alerts"
    assert rows[1].last_success_age == pytest.approx(3 * 86400)
    assert rows[-1] .source == "ioffice" and rows[-1].state == "ok"
    assert len(rows) == 3  # the sources that reported, not every source the catalogue could name
    scene = QGraphicsScene(0, 0, 1920, 1080)
    scene.addItem(view)
    img = render(view, "health")
    assert QColor(img.pixel(960, 50)).getRgb()[:3] == style.PANEL.getRgb()[:3]
    view.dispose()
    scene.removeItem(view)


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


def test_news_repaints_only_the_tiles_whose_figures_changed(setup, qapp, qtbot, request):
    """A fetch that brings the same figures repaints nothing; a changed figure repaints its own tile alone."""
    make, ingest, _, _ = setup
    minute = NOON.timestamp() - 60  # 11:59: every fetch below keeps the header's "data as of" time
    ingest(Observation("hcc-ty-le-dung-han", "2026-11-23", 97.0, observed_at=minute),
           Observation("hcc-ho-so-tre-han", "2026-11-23", 12.0, observed_at=minute))
    view = make("hcc")
    screen = ScreenView(view.scene(), (0, 0), Rect(0, 0, 1920, 1080), None)  # the wall's own screen widget
    screen.setGeometry(0, 0, 1920, 1080)
    screen.show()
    qtbot.waitExposed(screen)
    request.addfinalizer(lambda: (screen.close(), shiboken6.delete(screen)))
    spy = _PaintSpy(screen.viewport())
    qtbot.waitUntil(lambda: bool(spy.rects))  # the first full paint

    def news(*obs: Observation) -> list[QRect]:
        qtbot.wait(50)
        spy.rects.clear()
        ingest(*obs)
        qtbot.wait(100)
        return list(spy.rects)

    assert news(Observation("hcc-ty-le-dung-han", "2026-11-23", 97.0, observed_at=minute + 20),
                Observation("hcc-ho-so-tre-han", "2026-11-23", 12.0, observed_at=minute + 20)) == []
    changed = news(Observation("hcc-ho-so-tre-han", "2026-11-23", 15.0, observed_at=minute + 40))
    tile = view.tile_rects["hcc-ho-so-tre-han"].toAlignedRect().adjusted(-10, -10, 10, 10)
    assert changed and all(tile.contains(r) for r in changed), (changed, tile)
    assert next(t for t in view.tiles() if t.indicator.id == "hcc-ho-so-tre-han").value == "15"


def test_a_figure_from_a_source_the_catalogue_does_not_name_reaches_its_tile(setup, tmp_path: Path):
    """A province feeds the one-stop shop's figures from its own system ("mot-cua"), where the catalogue names
    iGate: the fetch that wrote them tells the tile, not only a fetch of the source the catalogue names."""
    make, ingest, clock, hub = setup
    ingest(Observation("hcc-ho-so-tre-han", "2026-11-23", 12.0))
    view = make("hcc")
    tile = lambda: next(t for t in view.tiles() if t.indicator.id == "hcc-ho-so-tre-han")  # noqa: E731
    assert tile().value == "12"
    other = IndicatorStore(tmp_path / "chi-tieu.sqlite", CAT, clock=clock)
    assert other.ingest("mot-cua", [Observation("hcc-ho-so-tre-han", "2026-11-23", 15.0)]).rejected == []
    other.close()
    hub.source_fetched("mot-cua", frozenset({"hcc-ho-so-tre-han"}))
    hub._flush()
    for _ in range(10):  # news is delivered a listener at a time on the event loop
        QCoreApplication.processEvents()
    assert tile().value == "15"
