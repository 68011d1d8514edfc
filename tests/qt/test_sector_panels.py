"""Composed sector screens: every sector rendered at 1920x1080 with its panels, rankings worst first, tables in
their declared order, alerts in the ticker, a tile that pulses briefly when its indicator crosses a threshold, and
a critical alert that puts a sector's view on a region through a rule."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor

from ioc_core.alerts import AlertBook, parse_rules
from ioc_core.alerts.evaluate import check_thresholds
from ioc_core.catalogue.sectorviews import load_sector_views, parse_sector_views
from ioc_core.control.controller import Controller
from ioc_core.indicators.observation import Observation
from ioc_core.layouts import LayoutLibrary
from ioc_core.layouts.model import Region
from ioc_core.problems import InvalidFile
from ioc_core.setup.geometry import WallGeometry
from wall.runtime.alerting import AlertMonitor
from wall.widgets import panels, style
from wall.widgets.alertsview import AlertsView
from wall.widgets.base import ViewContext
from wall.widgets.sector import SectorView, make_tile

from ..common import SHIPPED_LAYOUTS
from .test_sector_view import CAT, NOON, all_normal, near, render, setup  # noqa: F401 (the fixture)


@pytest.fixture
def book():
    return AlertBook(None, lambda: NOON.timestamp())


def make_view(hub, book, sector: str, scene) -> SectorView:
    view = SectorView(Region(sector, 0, 0), {"kind": "sector", "sector": sector},
                      ViewContext(hub, load_sector_views(CAT), book))
    view.setGeometry(QRectF(0, 0, 1920, 1080))
    view.tick(NOON)
    scene.addItem(view)
    hub.settle()  # the view's models are built on the hub's worker
    return view


@pytest.mark.parametrize("sector", sorted(CAT.sectors))
def test_every_sector_screen_renders_its_panels(setup, book, qtbot, sector):
    make, ingest, clock, hub = setup
    from ioc_core.sources.demo import Simulator

    history = Simulator(CAT).backfill(CAT.of_sector(sector), NOON, days=40)
    ingest(*[o for o in history if o.period <= "2026-11-23T12:00"])
    for ind in CAT.of_sector(sector):  # the backfill has whole periods only: give instant values a day of readings
        if ind.period == "instant":
            base = (ind.warning or 50.0) * 0.8
            ingest(*[Observation(ind.id, f"2026-11-23T{h:02d}:00", base + h % 5) for h in range(0, 12)],
                   *[Observation(ind.id, f"2026-11-22T{h:02d}:00", base + h % 3) for h in range(0, 24)])
    base = make(sector)  # the fixture's scene; the view under test is built the same way with the alert book
    scene = base.scene()
    scene.removeItem(base)
    view = make_view(hub, book, sector, scene)
    qtbot.wait(20)  # pyqtgraph lays its plots out in an event-loop pass
    img = render(view, f"panels-{sector}")
    kinds = [p.kind for p in view.spec.panels]
    assert "tiles" in kinds or "table" in kinds
    assert all(t.value is not None for t in view.tiles() if t.state != "no_data")
    for panel, rect in zip(view.spec.panels, view.rects, strict=True):
        assert rect.width() > 300 and rect.height() > 250, (panel.kind, rect)
        corner = QColor(img.pixel(int(rect.left()) + 20, int(rect.top()) + 20))
        assert corner != style.BACKGROUND  # every panel is drawn (its own background or tile)
    for chart in view.charts.values():
        assert chart.has_data
    view.dispose()


def test_ranking_puts_the_worst_commune_first(setup):
    _, ingest, clock, hub = setup
    ingest(Observation("hcc-ty-le-dung-han", "2026-11-23", 97.0, "xa-001"),
           Observation("hcc-ty-le-dung-han", "2026-11-23", 88.0, "xa-002"),
           Observation("hcc-ty-le-dung-han", "2026-11-23", 93.5, "xa-003"),
           Observation("mt-aqi", "2026-11-23T11:00", 60.0, "xa-001"),
           Observation("mt-aqi", "2026-11-23T11:00", 190.0, "xa-002"))
    ind = CAT.indicators["hcc-ty-le-dung-han"]  # higher is better: lowest first
    entries = panels.ranking(ind, hub.by_region(ind.id), clock.t, 8)
    assert [(e.name, e.text, e.state) for e in entries] == [
        ("Phường Thành Vinh", "88,0", "critical"), ("Phường Vinh Hưng", "93,5", "warning"),
        ("Phường Trường Vinh", "97,0", "normal")]
    aqi = CAT.indicators["mt-aqi"]  # lower is better: highest first
    assert [e.region for e in panels.ranking(aqi, hub.by_region("mt-aqi"), clock.t, 8)] == ["xa-002", "xa-001"]
    assert len(panels.ranking(ind, hub.by_region(ind.id), clock.t, 2)) == 2


def test_table_rows_follow_the_declared_sort(setup, book, qtbot):
    make, ingest, clock, hub = setup
    ingest(Observation("gd-chuyen-can", "2026-11-23", 89.0),  # critical (below 90)
           Observation("gd-tot-nghiep-thpt", "2026-01-01", 96.0),  # warning (below 97)
           Observation("gd-hoc-sinh", "2026-01-01", 742_000.0))
    view = make("giaoduc")
    [table] = [p for p in view.spec.panels if p.kind == "table"]
    tiles = [make_tile(CAT.indicators[i], hub.reading(i), clock.t) for i in table.indicators]
    by_status = [t.indicator.id for t in panels.table_rows(tiles, "status")]
    assert by_status[:2] == ["gd-chuyen-can", "gd-tot-nghiep-thpt"]
    assert panels.table_rows(tiles, "value")[0].indicator.id == "gd-hoc-sinh"
    render(view, "giaoduc-table")


def test_negative_counts_are_refused_and_never_shown(setup):
    make, ingest, clock, hub = setup
    from ioc_core.indicators.indicator_store import IndicatorStore

    store = IndicatorStore(hub._path, CAT, clock=clock)
    report = store.ingest("test", [Observation("hcc-ho-so-tre-han", "2026-11-23", -5.0),
                                   Observation("ktxh-cpi", "2026-10-01", -0.4)])
    assert report.rejected == [(0, "value -5.0 is below the valid minimum 0 of hcc-ho-so-tre-han")]
    store.close()


def test_a_threshold_crossing_raises_an_alert_pulses_the_tile_and_a_rule_takes_a_region(setup, book, qtbot,
                                                                                           tmp_path):
    make, ingest, clock, hub = setup
    controller = Controller(LayoutLibrary.load_dir(SHIPPED_LAYOUTS), WallGeometry(), clock=lambda: clock.t)
    controller.restore()
    rules = parse_rules({"schema_version": 1, "rules": [
        {"id": "mt", "when": {"severity": "critical", "sectors": ["moitruong"]}, "show": "sector", "region": "attt",
         "duration_s": 600, "priority": 60}]}, CAT)
    monitor = AlertMonitor(hub, book, controller, rules)
    view = make_view(hub, book, "moitruong", make("moitruong").scene())
    ingest(Observation("mt-aqi", "2026-11-23T11:00", 80.0))
    qtbot.waitUntil(lambda: not hub._news)
    assert book.alerts() == []
    ingest(Observation("mt-aqi", "2026-11-23T11:30", 182.0))  # above the critical threshold 151
    qtbot.waitUntil(lambda: book.alerts() != [])
    [alert] = [a for a in book.alerts() if a.cause == "threshold"]
    assert (alert.indicator, alert.severity) == ("mt-aqi", "critical")
    assert alert.message_vi == "Chỉ số chất lượng không khí (VN_AQI): 182 AQI, vượt ngưỡng nghiêm trọng 151"
    assert "mt-aqi" in view.pulsing()  # emphasised now ...
    img = render(view, "moitruong-alert")
    r = view.tile_rects["mt-aqi"]
    assert near(QColor(img.pixel(int(r.left()) + 2, int(r.center().y()))), style.STATUS_LOOK["critical"][0], 60)
    qtbot.waitUntil(lambda: not view._pulse_timer.isActive(), timeout=5000)  # ... and not for ever
    assert not view.pulsing()
    assert controller.state.views["attt"] == {"kind": "sector", "sector": "moitruong"}
    assert controller.state.holds["attt"].reason == alert.id
    ticker = AlertsView(Region("canh-bao", 0, 0), {"kind": "alerts"}, ViewContext(hub, {}, book))
    ticker.setGeometry(QRectF(0, 0, 960, 1080))
    view.scene().addItem(ticker)
    assert ticker.alerts()[0].id == alert.id
    render(ticker, "alerts-ticker")
    book.acknowledge(alert.id, "trực ban")
    assert ticker.alerts()[0].acknowledged_by == "trực ban"
    ingest(Observation("mt-aqi", "2026-11-23T12:00", 70.0))
    qtbot.waitUntil(lambda: all(a.cause != "threshold" for a in book.alerts()))
    clock.t += 601
    monitor._expire()
    assert controller.state.views["attt"] == {"kind": "sector", "sector": "attt"}
    monitor.stop()
    ticker.dispose()
    view.dispose()


def test_warning_and_critical_tiles_say_the_threshold_crossed_and_since_when(setup, qtbot):
    make, ingest, clock, hub = setup
    book = AlertBook(None, lambda: clock.t)
    clock.t = NOON.timestamp() - 2.5 * 3600  # 09:30: two figures cross their thresholds, the book raises alerts
    ingest(*[o for o in all_normal("hcc") if o.indicator not in ("hcc-ty-le-dung-han", "hcc-ho-so-tre-han")],
           Observation("hcc-ty-le-dung-han", "2026-11-23", 93.0),  # warning below 95
           Observation("hcc-ho-so-tre-han", "2026-11-23", 180.0))  # critical above 150
    check_thresholds(book, CAT, ["hcc-ty-le-dung-han", "hcc-ho-so-tre-han"], hub.reading)
    clock.t = NOON.timestamp()
    base = make("hcc")
    view = make_view(hub, book, "hcc", base.scene())
    base.scene().removeItem(base)
    img = render(view, "hcc-warning-critical")
    warning, critical = view.drawn["hcc-ty-le-dung-han"], view.drawn["hcc-ho-so-tre-han"]
    # the texts as read, line after line: a threshold may wrap between words onto a second line (issue 20)
    assert "▲ Cảnh báo  ·  từ 09:30" in warning and "dưới ngưỡng cảnh báo 95 %" in " ".join(warning), warning
    read = " ".join(critical)
    assert "◆ Nghiêm trọng" in read and "từ 09:30" in read and "vượt ngưỡng" in read and "150 hồ sơ" in read, critical
    quiet = [texts for i, texts in view.drawn.items() if i not in ("hcc-ty-le-dung-han", "hcc-ho-so-tre-han")]
    assert len(quiet) == len(view.shown_tiles()) - 2 >= 1  # the tiles that fit at 5 m (issue 20)
    assert not any("Bình thường" in text for texts in quiet for text in texts)
    assert view.header_line() == ""  # something is abnormal: the header does not say all is well
    for ind_id, state in (("hcc-ty-le-dung-han", "warning"), ("hcc-ho-so-tre-han", "critical")):
        r = view.tile_rects[ind_id]
        assert near(QColor(img.pixel(int(r.left()) + 2, int(r.center().y()))), style.STATUS_LOOK[state][0])
    view.dispose()


def test_sector_view_files_name_their_problems():
    doc = {"schema_version": 2, "views": {"hcc": {"grid": {"rows": 2, "cols": 2}, "panels": [
        {"kind": "tiles", "cell": [0, 0], "span": [1, 2], "indicators": ["hcc-ty-le-dung-han"]},
        {"kind": "chart", "cell": [0, 1], "indicator": "hcc-ty-le-dung-han"},
        {"kind": "ranking", "cell": [1, 0], "indicator": "hcc-chi-so-phuc-vu"},
        {"kind": "table", "cell": [1, 1], "span": [1, 2], "indicators": ["khong-co"]}]}}}
    with pytest.raises(InvalidFile) as err:
        parse_sector_views(doc, CAT, "sv.json")
    text = str(err.value)
    assert "sv.json: $.views.hcc.panels[1]: overlaps panel 0 at [0, 1]" in text
    assert "sv.json: $.views.hcc.panels[2].indicator: 'hcc-chi-so-phuc-vu' has no commune figures to rank" in text
    assert "sv.json: $.views.hcc.panels[3].cell: panel at [1, 1] spanning [1, 2] does not fit the 2 x 2 grid" in text


def test_version_1_files_still_load_as_one_tiles_panel():
    views = parse_sector_views({"schema_version": 1, "views": {"hcc": {"tiles": ["hcc-ty-le-dung-han"],
                                                                        "columns": 2}}}, CAT)
    [panel] = views["hcc"].panels
    assert (panel.kind, panel.indicators, panel.columns) == ("tiles", ("hcc-ty-le-dung-han",), 2)


def test_a_chart_view_added_to_a_live_screen_is_adopted_by_pyqtgraph(setup, book, qtbot):
    """Views built after the screens exist (a rule's takeover, an operator's choice) hold pyqtgraph items too."""
    from PySide6.QtWidgets import QGraphicsScene, QWidget

    from ioc_core.setup.geometry import Rect
    from wall.runtime.screens import ScreenView

    make, ingest, clock, hub = setup
    scene = QGraphicsScene(0, 0, 1920, 1080)
    host = QWidget()
    screen = ScreenView(scene, (0, 0), Rect(0, 0, 1920, 1080), host)
    host.resize(1920, 1080)
    host.show()
    view = make_view(hub, book, "hcc", scene)  # pytest-qt fails the test on an exception inside a Qt override
    qtbot.wait(50)
    assert view.charts and all(c.plot is not None for c in view.charts.values())
    assert screen.scene() is scene
    view.dispose()
    host.close()


def test_the_wall_s_own_audit_alert_names_its_sector_in_words_on_the_ticker(setup, book, qtbot):
    """A full disk's held audit records raise an alert of the wall's own, in no sector of the catalogue: the
    ticker says "Hệ thống tường" above it, not the id "he-thong"."""
    from ioc_core.alerts.audit_alarm import SECTOR, observe_audit

    make, ingest, clock, hub = setup
    observe_audit(book, {"held": 12, "held_max": 1000, "full": False, "error": "No space left on device",
                         "message": ""})
    ticker = AlertsView(Region("canh-bao", 0, 0), {"kind": "alerts"}, ViewContext(hub, {}, book))
    ticker.setGeometry(QRectF(0, 0, 960, 1080))
    make("hcc").scene().addItem(ticker)
    [alert] = ticker.alerts()
    assert alert.sector == SECTOR and "12 bản ghi nhật ký kiểm toán chờ ghi" in alert.message_vi
    assert ticker.sector_names()[SECTOR] == "Hệ thống tường"
    render(ticker, "alerts-audit-hold")
    ticker.dispose()
