"""The GUI thread only draws: after news, the sector and chart views' SQL and pandas reads (and the alert monitor's
threshold checks) run on the data hub's view-model worker, the forecasts (outlooks) on the wall's forecasting
worker, and the wall shows the same figures."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta

import pandas as pd
from PySide6.QtCore import QRectF
from PySide6.QtWidgets import QGraphicsScene

from ioc_core.alerts import AlertBook, parse_rules
from ioc_core.catalogue.sectorviews import load_sector_views
from ioc_core.control.controller import Controller
from ioc_core.fmt import TZ
from ioc_core.forecasting import outlook as outlooks
from ioc_core.indicators.indicator_store import IndicatorStore
from ioc_core.indicators.observation import Observation
from ioc_core.layouts import LayoutLibrary
from ioc_core.layouts.model import Region
from ioc_core.setup.geometry import WallGeometry
from wall.runtime.alerting import AlertMonitor
from wall.runtime.datahub import DataHub
from wall.widgets.base import ViewContext
from wall.widgets.chart import ChartView
from wall.widgets.sector import SectorView

from ..common import SHIPPED_LAYOUTS, Clock
from ..pictures import renderer
from .test_sector_view import CAT, NOON

render = renderer("off-gui")


class Recorder:
    """Which threads ran SQL (every statement of every store connection opened while recording), pandas reads
    and forecasts."""

    def __init__(self, monkeypatch):
        self.sql: list[tuple[threading.Thread, str]] = []
        self.pandas: list[threading.Thread] = []
        self.forecasts: list[threading.Thread] = []
        real_init, real_read, real_outlook = IndicatorStore.__init__, pd.read_sql_query, outlooks.outlook

        def init(store, *a, **k):
            real_init(store, *a, **k)
            store.db.set_trace_callback(lambda statement: self.sql.append((threading.current_thread(), statement)))

        def read(*a, **k):
            self.pandas.append(threading.current_thread())
            return real_read(*a, **k)

        def outlook(*a, **k):
            self.forecasts.append(threading.current_thread())
            return real_outlook(*a, **k)

        monkeypatch.setattr(IndicatorStore, "__init__", init)
        monkeypatch.setattr(pd, "read_sql_query", read)  # the store imports pandas where it reads
        monkeypatch.setattr(outlooks, "outlook", outlook)  # imported where an outlook is computed

    def clear(self) -> None:
        self.sql.clear()
        self.pandas.clear()
        self.forecasts.clear()

    def on_gui_thread(self) -> list:
        main = threading.main_thread()
        return ([s for t, s in self.sql if t is main] + ["pandas"] * self.pandas.count(main)
                + ["forecast"] * self.forecasts.count(main))


def days(ind: str, values, end: datetime):
    return [Observation(ind, (end - timedelta(days=len(values) - 1 - i)).strftime("%Y-%m-%d"), v)
            for i, v in enumerate(values)]


def test_news_reads_and_forecasts_off_the_gui_thread_and_shows_the_same(qapp, qtbot, tmp_path, monkeypatch):
    clock = Clock(NOON.timestamp())
    path = tmp_path / "chi-tieu.sqlite"
    writer = IndicatorStore(path, CAT, clock=clock)  # the fetcher's connection: opened before recording
    writer.ingest("t", days("hcc-ty-le-dung-han", [96.0 + i % 3 for i in range(20)], NOON - timedelta(days=1)))
    writer.ingest("t", [Observation("hcc-ty-le-dung-han", "2026-11-23", 96.0, region=r) for r in ("xa-001", "xa-002")])
    recorder = Recorder(monkeypatch)
    hub = DataHub(CAT, path, clock=clock)
    book = AlertBook(None, lambda: clock.t)
    controller = Controller(LayoutLibrary.load_dir(SHIPPED_LAYOUTS), WallGeometry(), clock=lambda: clock.t)
    controller.restore()
    monitor = AlertMonitor(hub, book, controller, parse_rules({"schema_version": 1, "rules": []}, CAT))
    scene = QGraphicsScene(0, 0, 1920, 1080)
    context = ViewContext(hub, load_sector_views(CAT), book)
    sector = SectorView(Region("hcc", 0, 0), {"kind": "sector", "sector": "hcc"}, context)
    chart = ChartView(Region("bieu-do", 0, 0), {"kind": "chart", "indicator": "hcc-ty-le-dung-han"}, context)
    for view in (sector, chart):
        view.setGeometry(QRectF(0, 0, 1920, 1080))
        view.tick(datetime.fromtimestamp(clock.t, TZ))
        scene.addItem(view)
    try:
        assert hub.settle()
        recorder.clear()

        # news: a figure below the critical threshold, and a commune's
        writer.ingest("t", [Observation("hcc-ty-le-dung-han", "2026-11-23", 88.0),
                            Observation("hcc-ty-le-dung-han", "2026-11-23", 80.0, region="xa-002")])
        hub.source_fetched("mot-cua", frozenset({"hcc-ty-le-dung-han"}))
        qtbot.waitUntil(lambda: sector._models.get("hcc-ty-le-dung-han") is not None
                        and sector._models["hcc-ty-le-dung-han"].value == "88,0" and chart.panel.y[-1] == 88.0)
        qtbot.waitUntil(lambda: any(a.cause == "threshold" for a in book.alerts()))  # the monitor's verdict
        qtbot.waitUntil(lambda: bool(recorder.forecasts) and monitor.forecasting.idle()
                        and hub.outlooks.get("hcc-ty-le-dung-han") is not None)  # and the forecasting worker's
        clock.t += 60
        for view in (sector, chart):  # a minute passes: ages are recomputed, on the worker too
            view.tick(datetime.fromtimestamp(clock.t, TZ))
        assert hub.settle()
        render(sector, "hcc")  # painting the new models reads nothing either
        render(chart, "chart")

        assert recorder.sql and recorder.pandas and recorder.forecasts  # the work was done ...
        assert recorder.on_gui_thread() == []  # ... and none of it on the GUI thread
        assert {t for t, _ in recorder.sql} == {hub.models.thread, monitor.forecasting.thread}
        assert set(recorder.forecasts) == {monitor.forecasting.thread}  # outlooks on the forecasting worker alone

        # what the wall shows is what the tiles say, read the old way (synchronously, through the hub)
        shown = {i: sector._models[i] for i in sector.spec.panels[0].indicators}
        assert [shown[t.indicator.id].shown() for t in sector.tiles()] == [t.shown() for t in sector.tiles()]
        tile, _ = chart.head
        assert (tile.state, tile.value) == ("critical", "88,0")
        ranking = next(n for n, p in enumerate(sector.spec.panels) if p.kind == "ranking")
        assert [e.region for e in sector._models[ranking]] == ["xa-002", "xa-001"]
        [alert] = [a for a in book.alerts() if a.cause == "threshold"]
        assert (alert.indicator, alert.severity) == ("hcc-ty-le-dung-han", "critical")
    finally:
        monitor.stop()
        for view in (sector, chart):
            view.dispose()
            scene.removeItem(view)
        hub.close()
        writer.close()
    assert not hub.models.thread.is_alive() and not monitor.forecasting.thread.is_alive()


def test_news_while_the_worker_is_busy_builds_the_view_model_once(qapp, tmp_path):
    """Twenty pieces of news while the worker is busy: each replaces the request before it, the model is built
    once, and what is shown is the newest figure."""
    bursts = 20
    clock = Clock(NOON.timestamp())
    path = tmp_path / "chi-tieu.sqlite"
    writer = IndicatorStore(path, CAT, clock=clock)
    hub = DataHub(CAT, path, clock=clock)
    sector = SectorView(Region("hcc", 0, 0), {"kind": "sector", "sector": "hcc"},
                        ViewContext(hub, load_sector_views(CAT)))
    sector.setGeometry(QRectF(0, 0, 1920, 1080))
    try:
        assert hub.settle()
        gate, busy = threading.Event(), threading.Event()
        hub.models.submit("busy", lambda: (busy.set(), gate.wait(10)), lambda _: None)
        assert busy.wait(10)
        ran = hub.models.ran
        for n in range(bursts):
            writer.ingest("t", [Observation("hcc-ho-so-tre-han", "2026-11-23", float(n))])
            hub.mark({"hcc-ho-so-tre-han"})
            hub._flush()
            while hub._news:
                hub._deliver_one()
        gate.set()
        assert hub.settle()
        assert hub.models.ran - ran == 2 and hub.models.dropped == bursts - 1  # the busy job, then the newest
        assert sector._models["hcc-ho-so-tre-han"].value == str(bursts - 1)
    finally:
        sector.dispose()
        hub.close()
        writer.close()
