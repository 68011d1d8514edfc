"""Forecasts a leader can trust, on the wall (issue 24): a wall on its own sources computes its indicators' outlooks
on its forecasting worker (never the GUI thread); its charts draw the forecast, its band and its record only when
the model earned it, ring anomalies, and the alert book lists an anomaly of the newest day as "bất thường" with the
expected range; a series too short to judge shows neither forecast nor risk; a wall fed by a hub computes none.
The models are fitted in the forecasting process (ioc_core/forecasting/process.py), never in the wall's own."""

from __future__ import annotations

import os
import threading
import time
from datetime import datetime, timedelta
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QRectF, QTimer
from PySide6.QtWidgets import QGraphicsScene

from ioc_core.alerts import AlertBook, parse_rules
from ioc_core.alerts.monitor import AlertChecks
from ioc_core.catalogue import load_catalogue
from ioc_core.catalogue.sectorviews import load_sector_views
from ioc_core.control.controller import Controller
from ioc_core.fmt import TZ
from ioc_core.forecasting import outlook as outlooks
from ioc_core.indicators.indicator_store import IndicatorStore
from ioc_core.indicators.observation import Observation
from ioc_core.layouts import LayoutLibrary
from ioc_core.layouts.model import Region
from ioc_core.setup.geometry import WallGeometry
from ioc_core.views.series import epoch
from wall.runtime.alerting import AlertMonitor
from wall.runtime.datahub import DataHub
from wall.widgets.base import ViewContext
from wall.widgets.chart import ChartView
from wall.widgets.sector import SectorView

from ..common import SHIPPED_LAYOUTS, Clock
from ..outlooks import days_after, made
from ..pictures import renderer

CAT = load_catalogue()
NOON = datetime(2026, 11, 23, 12, 0, tzinfo=TZ)
ON_TIME = "hcc-ty-le-dung-han"  # daily, %, higher is better: warning below 95, critical below 90
SHARES = (ON_TIME, "hcc-ty-le-truc-tuyen", "hcc-ty-le-so-hoa")  # the office's daily shares (%)
WEEK = np.array([0.8, 0.5, 0.2, 0.0, -0.3, -1.2, -1.5])  # the weekend's dossiers run late

render = renderer("outlook")


def office(n: int, drop_today: bool = False, seed: int = 3, ind: str = ON_TIME) -> list[Observation]:
    """``n`` days of an office's on-time rate (or another of its shares, ``ind``) near 96 % up to today (an average:
    today's figure counts), today an ordinary weekday (normal: the weekend's lows ahead are the risk); yesterday's at
    87 % when ``drop_today`` (today's own figure, still under way, is judged for anomalies once the day is over)."""
    values = 96 + WEEK[(np.arange(n) - n + 2) % 7] + np.random.default_rng(seed).normal(0, 0.35, n)
    if drop_today:
        values[-2] = 87.0
    first = NOON.date() - timedelta(days=n - 1)
    return [Observation(ind, (first + timedelta(days=i)).isoformat(), round(float(v), 2))
            for i, v in enumerate(values)]


class Threads:
    """Which threads of the wall's own process made outlooks, and of which indicators (a series too short to fit is
    judged there; a fitted one is made in the forecasting process, where this does not reach)."""

    def __init__(self, monkeypatch):
        self.seen: list[threading.Thread] = []
        self.judged: list[tuple[str, str]] = []  # (indicator, reason) of each outlook made in the wall's process
        real = outlooks.outlook

        def outlook(*a, **k):
            self.seen.append(threading.current_thread())
            made = real(*a, **k)
            self.judged.append((made.indicator, made.reason))
            return made

        monkeypatch.setattr(outlooks, "outlook", outlook)  # imported where an outlook is computed


def fitted_in_the_child(monitor, threads: Threads, ind_id: str = ON_TIME) -> int:
    """Asserts that ``ind_id``'s models were fitted in the forecasting process, not the wall's: the wall's process
    made no outlook of it (only "short" judgements of others, on the forecasting worker), and the child, a process
    of its own, has statsmodels loaded and spent CPU time. Returns the child's pid."""
    assert ind_id not in [i for i, _ in threads.judged], threads.judged
    assert {reason for _, reason in threads.judged} <= {"short"}, threads.judged
    assert set(threads.seen) <= {monitor.forecasting.thread}
    pid = monitor.forecasting.pid
    assert pid is not None and pid != os.getpid()
    assert "statsmodels" in Path(f"/proc/{pid}/maps").read_text()  # its compiled modules: imported there
    stat = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    assert int(stat[11]) + int(stat[12]) > 0  # utime + stime, in clock ticks: it worked
    return pid


def ended(pid: int) -> bool:
    """Whether process ``pid`` is gone (ended and reaped: no /proc entry left, not even a zombie's)."""
    return not Path(f"/proc/{pid}").exists()


@pytest.fixture
def wall(qapp, qtbot, tmp_path: Path, monkeypatch):
    """A data hub, the alert monitor (``checks``: a wall on its own sources; false: fed by a hub), a chart of the
    on-time rate and the hcc sector screen, as the wall builds them."""
    clock = Clock(NOON.timestamp())
    monkeypatch.setattr("ioc_core.clock.now_s", clock)  # the outlooks' "now": the wall clock
    path = tmp_path / "chi-tieu.sqlite"
    writer = IndicatorStore(path, CAT, clock=clock)
    threads = Threads(monkeypatch)
    made: list = []

    def build(checks: bool = True):
        hub = DataHub(CAT, path, clock=clock)
        book = AlertBook(None, clock)
        controller = Controller(LayoutLibrary.load_dir(SHIPPED_LAYOUTS), WallGeometry(), clock=clock)
        controller.restore()
        monitor = AlertMonitor(hub, book, controller, parse_rules({"schema_version": 1, "rules": []}, CAT),
                               checks=checks)
        context = ViewContext(hub, load_sector_views(CAT), book)
        scene = QGraphicsScene(0, 0, 1920, 1080)
        chart = ChartView(Region("bieu-do", 0, 0), {"kind": "chart", "indicator": ON_TIME}, context)
        sector = SectorView(Region("hcc", 0, 0), {"kind": "sector", "sector": "hcc"}, context)
        for view in (chart, sector):
            view.setGeometry(QRectF(0, 0, 1920, 1080))
            view.tick(datetime.fromtimestamp(clock.t, TZ))
            scene.addItem(view)
        made.append((hub, monitor, scene, (chart, sector)))
        assert hub.settle()

        def news(*obs: Observation):
            assert writer.ingest("igate", obs).rejected == []
            hub.source_fetched("igate", frozenset({o.indicator for o in obs}))

        return hub, book, monitor, chart, sector, news

    yield build, threads, qtbot
    for hub, monitor, scene, views in made:
        child = monitor.forecasting.pid if monitor.forecasting is not None else None
        monitor.stop()
        assert child is None or ended(child)  # the forecasting process ends with the wall
        for view in views:
            view.dispose()
            scene.removeItem(view)
        hub.close()
        assert monitor.forecasting is None or not monitor.forecasting.thread.is_alive()
    writer.close()


def test_a_daily_office_rate_shows_its_forecast_band_and_record(wall):
    build, threads, qtbot = wall
    hub, book, monitor, chart, sector, news = build()
    news(*office(140))
    qtbot.waitUntil(lambda: chart.panel.forecast is not None, timeout=30_000)
    panel = chart.panel
    o = hub.outlooks.get(ON_TIME)
    assert o.shown and o.last == "2026-11-23" and panel.series.outlook is o
    # the dashed line and its band, from the newest day on, the outlook's values
    fx, fy = panel.forecast_curve.getData()
    assert panel.forecast_curve.isVisible() and panel.band.isVisible()
    assert fx[0] == pytest.approx(panel.x[-1]) and fx[1] == pytest.approx(panel.x[-1] + 86400)
    assert list(fy[1:]) == pytest.approx(list(o.values[: len(fy) - 1]))
    # its record, in words, where the legend is
    record = panel.legend["forecast"]
    assert record.isVisible() and record.text() == f"Dự báo · {o.accuracy_vi}"
    assert o.accuracy_vi.startswith("sai số trung bình ") and o.accuracy_vi.endswith(" % trong 24 kỳ qua")
    render(chart, "forecast")
    # fitted in the forecasting process, handed over by the forecasting worker: never the GUI thread, nor the
    # views' worker
    fitted_in_the_child(monitor, threads)
    assert o.model and o.n >= 100 and not o.reason
    assert monitor.forecasting.thread is not hub.models.thread
    assert monitor.forecasting.thread.name == "forecasting"


def test_a_day_far_below_the_usual_is_ringed_and_listed_as_an_anomaly(wall):
    build, threads, qtbot = wall
    hub, book, monitor, chart, sector, news = build()
    news(*office(140, drop_today=True))
    qtbot.waitUntil(lambda: any(a.cause == "anomaly" for a in book.alerts()), timeout=30_000)
    [alert] = [a for a in book.alerts() if a.cause == "anomaly"]
    assert (alert.indicator, alert.severity, alert.value, alert.sector) == (ON_TIME, "warning", 87.0, "hcc")
    note = hub.outlooks.get(ON_TIME).newest_anomaly()
    low, high = (f"{v:.1f}".replace(".", ",") for v in (note.low, note.high))
    assert alert.message_vi == (f"Bất thường: Tỷ lệ giải quyết đúng hạn 87,0 % (22/11/2026), ngoài khoảng dự kiến "
                                f"{low}–{high} %")
    assert 93 < note.low < note.high < 99
    # the day is ringed on the chart's line, and the legend says what the ring means
    qtbot.waitUntil(lambda: len(chart.panel.anomalies_x) == 1)
    panel = chart.panel
    ax, ay = panel.anomaly_points.getData()
    assert list(ax) == [epoch("2026-11-22")] == [panel.x[-2]] and list(ay) == [87.0] == [panel.y[-2]]
    assert panel.anomaly_points.isVisible()
    assert panel.legend["anomaly"].isVisible() and panel.legend["anomaly"].text() == "○ Bất thường"
    render(chart, "anomaly")
    fitted_in_the_child(monitor, threads)


def test_too_little_history_shows_no_forecast_and_no_risk(wall):
    build, threads, qtbot = wall
    hub, book, monitor, chart, sector, news = build()
    news(*office(20))
    qtbot.waitUntil(lambda: hub.outlooks.get(ON_TIME) is not None and monitor.forecasting.idle(), timeout=30_000)
    assert hub.outlooks.get(ON_TIME).reason == "short"
    qtbot.waitUntil(lambda: chart.panel.series is not None and chart.panel.series.outlook is not None)
    panel = chart.panel
    assert len(panel.x) == 20 and panel.forecast is None and panel.risk is None
    assert not panel.forecast_curve.isVisible() and not panel.band.isVisible()
    assert not any(item.isVisible() for item in panel.legend.values())
    assert sector._forecast_note(ON_TIME) == ""
    assert [a for a in book.alerts() if a.cause in ("forecast", "anomaly")] == []


def test_news_soon_after_an_outlook_is_forecast_when_its_turn_comes(wall, monkeypatch):
    """The next day's figure comes within FORECAST_EVERY_S of the outlook the chart shows: the chart hides that
    outlook (it speaks of a day the wall has moved on from) only until the indicator's turn comes, then shows the
    new one. (The news was dropped, and the chart showed no forecast until more news came, minutes later.)"""
    monkeypatch.setattr(AlertChecks, "FORECAST_EVERY_S", 6.0)  # ten minutes, in a test's time
    build, threads, qtbot = wall
    hub, book, monitor, chart, sector, news = build()
    news(*office(140))
    qtbot.waitUntil(lambda: chart.panel.forecast is not None, timeout=30_000)
    first = hub.outlooks.get(ON_TIME)
    assert first.last == "2026-11-23"
    hub.clock.t += 86400  # the next day, and its first figure moments after the outlook
    news(Observation(ON_TIME, "2026-11-24", 96.4))
    qtbot.waitUntil(lambda: len(chart.panel.x) and chart.panel.x[-1] == epoch("2026-11-24"))
    assert chart.panel.forecast is None or chart.panel.series.outlook is not first  # never ahead of the new day
    qtbot.waitUntil(lambda: hub.outlooks.get(ON_TIME).last == "2026-11-24" and chart.panel.forecast is not None,
                    timeout=30_000)
    panel = chart.panel
    assert panel.series.outlook is hub.outlooks.get(ON_TIME) and panel.legend["forecast"].isVisible()
    fx, _ = panel.forecast_curve.getData()
    assert fx[0] == pytest.approx(epoch("2026-11-24")) and fx[1] == pytest.approx(epoch("2026-11-25"))
    assert monitor.forecasting.waiting() == set()


def test_a_tile_shows_no_risk_from_an_outlook_behind_its_figure(wall):
    """An outlook made before the tile's figure (yesterday's, while today's is in) says nothing on the tile, as on
    the chart: its risk speaks of a past the wall has moved on from. The newest day's outlook says its risk on both."""
    from ioc_core.forecasting.outlook import RiskNote

    build, threads, qtbot = wall
    hub, book, monitor, chart, sector, news = build(checks=False)  # the outlooks given, as a hub's would be
    history = office(140)
    news(*history)
    plan = RiskNote("plan", 0.72, "warning", "72 % khả năng không đạt kế hoạch năm",
                    "72 % chance of missing the annual plan")
    ind = CAT.indicators[ON_TIME]
    yesterday = made(ind, "2026-11-22", days_after("2026-11-22", 7), [96.0] * 7, risks=(plan,))
    hub.outlooks.put([yesterday])
    qtbot.waitUntil(lambda: getattr(sector._models.get(ON_TIME), "raw", None) == history[-1].value
                    and chart.panel.series is not None and chart.panel.series.outlook is yesterday)
    tile, note = sector._model(ON_TIME)  # what the tile is painted from
    assert note == "" == sector._forecast_note(ON_TIME)
    assert chart.panel.forecast is None and chart.panel.risk is None

    today = made(ind, "2026-11-23", days_after("2026-11-23", 7), [96.0] * 7, risks=(plan,))
    hub.outlooks.put([today])
    qtbot.waitUntil(lambda: chart.panel.forecast is not None and chart.panel.risk is not None)
    assert sector._model(ON_TIME)[1] == "↗ 72 % khả năng không đạt kế hoạch năm" == sector._forecast_note(ON_TIME)


def test_the_risk_is_worded_on_the_chart_and_the_tile(wall):
    """Weekends under the warning threshold most weeks: the outlook's risk, as a probability, on the chart (under
    the record) and on the sector's tile."""
    build, threads, qtbot = wall
    hub, book, monitor, chart, sector, news = build()
    news(*office(140))
    qtbot.waitUntil(lambda: chart.panel.risk is not None, timeout=30_000)
    risk = hub.outlooks.get(ON_TIME).alert_risk()
    assert risk is not None
    assert risk.message_vi.endswith("% khả năng xuống dưới ngưỡng cảnh báo 95,0 % trong 7 ngày tới")
    assert chart.panel.legend["risk"].isVisible() and chart.panel.legend["risk"].text() == f"↗ {risk.message_vi}"
    assert sector._forecast_note(ON_TIME) == f"↗ {risk.message_vi}"
    # the verdicts reach the book on the GUI thread after the outlooks reach the charts: wait for them too
    qtbot.waitUntil(lambda: any(a.cause == "forecast" for a in book.alerts()))
    [alert] = [a for a in book.alerts() if a.cause == "forecast"]
    assert alert.message_vi == f"Dự báo: {risk.message_vi}" and alert.value == pytest.approx(risk.probability)


def test_a_wall_in_english_words_the_record_and_the_risk_in_english(wall, qapp):
    from ioc_core.forecasting.outlook import RiskNote
    from wall.i18n import install
    from wall.widgets import style

    build, threads, qtbot = wall
    hub, book, monitor, chart, sector, news = build(checks=False)  # the outlook given, as a hub's would be
    translator = install(qapp, "en")
    try:
        news(*office(140))
        plan = RiskNote("plan", 0.72, "warning", "72 % khả năng không đạt kế hoạch năm",
                        "72 % chance of missing the annual plan")
        hub.outlooks.put([made(CAT.indicators[ON_TIME], "2026-11-23", days_after("2026-11-23", 7), [96.0] * 7,
                               risks=(plan,))])
        qtbot.waitUntil(lambda: chart.panel.forecast is not None)
        assert chart.panel.legend["forecast"].text().endswith(" · mean error 3.2 % over the last 12 periods")
        assert chart.panel.legend["risk"].text() == "↗ 72 % chance of missing the annual plan"
        assert sector._forecast_note(ON_TIME) == "↗ 72 % chance of missing the annual plan"
    finally:
        qapp.removeTranslator(translator)
        style.LANGUAGE = "vi"


def test_a_wall_fed_by_a_hub_computes_no_outlook(wall):
    build, threads, qtbot = wall
    hub, book, monitor, chart, sector, news = build(checks=False)
    assert monitor.forecasting is None
    news(*office(140))
    # the news has reached every view and the views' worker has nothing left to do: the chart drew the history,
    # the tile its figure (a forecast asked for with the news would have been asked for by now)
    qtbot.waitUntil(lambda: len(chart.panel.x) > 50 and chart.panel.x[-1] == epoch("2026-11-23")
                    and getattr(sector._models.get(ON_TIME), "newest", "") == "2026-11-23")
    assert hub.settle()
    assert threads.seen == [] and hub.outlooks.all() == [] and chart.panel.forecast is None
    assert not [t for t in threading.enumerate() if t.name == "forecasting"]
    assert forecasting_children() == []  # no forecasting process either


def forecasting_children() -> list[int]:
    """The pids of this process's children that are forecasting processes."""
    me, found = str(os.getpid()), []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            ppid = (entry / "stat").read_text().rsplit(")", 1)[1].split()[1]
            cmd = (entry / "cmdline").read_bytes()
        except OSError:  # ended meanwhile
            continue
        if ppid == me and b"ioc_core.forecasting.process" in cmd:
            found.append(int(entry.name))
    return found


def test_forecasting_does_not_stall_the_gui_thread(wall):
    """The first outlooks (statsmodels imported, models fitted) run while the GUI thread keeps its pace: a 5 ms timer
    on the GUI thread keeps beating while the forecasting worker works, never held up long (a fit holding the
    interpreter lock would hold a beat up for its length, tens of milliseconds; the import, longer): the fits run in
    the forecasting process."""
    build, threads, qtbot = wall
    hub, book, monitor, chart, sector, news = build()
    beats: list[tuple[float, bool]] = []
    last = [time.perf_counter()]

    def beat():
        now = time.perf_counter()
        beats.append((now - last[0], not monitor.forecasting.idle()))
        last[0] = now

    timer = QTimer(interval=5)
    timer.timeout.connect(beat)
    timer.start()
    try:
        news(*(o for k, ind in enumerate(SHARES) for o in office(140, seed=k, ind=ind)))
        qtbot.waitUntil(lambda: all(hub.outlooks.get(i) is not None for i in SHARES) and monitor.forecasting.idle(),
                        timeout=30_000)
        qtbot.waitUntil(lambda: chart.panel.forecast is not None)
    finally:
        timer.stop()
    busy = sorted(gap for gap, working in beats if working)
    assert len(busy) >= 5, beats  # the outlooks took a while: the GUI thread beat meanwhile
    assert busy[len(busy) // 2] < 0.020, busy  # half its passes at its own pace at least, however loaded the machine
    # and no long stall. Fits on a thread of the wall held these beats up 104-151 ms at worst (19-37 ms at the 99th
    # percentile); in the forecasting process 12-41 ms on a quiet machine, but up to ~40 ms at the 99th percentile
    # when other tests load both cores, so the 20 ms goal is bench_forecast's to measure (docs/performance.md) and
    # this test asserts what load cannot blur: no beat held up a quarter of a second, and the fits ran in the child
    assert busy[-1] < 0.250, busy
    fitted_in_the_child(monitor, threads)


def test_a_tile_whose_risk_line_pushes_its_plan_bar_out_repaints_where_the_bar_was(qapp):
    """A risk worded on a tile ("↗ > 99 % khả năng không đạt kế hoạch năm", two lines) can leave no room for the
    plan's bar: the tile's repaint covers where the bar was (it raised a TypeError, seen in the soak's log)."""
    from wall.widgets.sector import TilePlan, _plans_differ

    bar = (QRectF(10, 200, 100, 12), 0.9)
    assert _plans_differ(TilePlan([], bar, True), TilePlan([], None, True)) == QRectF(8, 198, 104, 16)
    assert _plans_differ(TilePlan([], None, True), TilePlan([], bar, True)) == QRectF(8, 198, 104, 16)
