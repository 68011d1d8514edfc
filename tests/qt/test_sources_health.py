"""The data-flow health view as an operator reads it: real sources fetched by the wall's scheduler from real HTTP
servers on 127.0.0.1, stored in a real store, shown on a real HealthView."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import QRectF
from PySide6.QtWidgets import QGraphicsScene

from ioc_core import clock as wallclock
from ioc_core.catalogue import load_catalogue
from ioc_core.fmt import TZ
from ioc_core.indicators.indicator_store import IndicatorStore
from ioc_core.indicators.observation import Observation
from ioc_core.layouts.model import Region
from ioc_core.setup.geometry import Rect
from ioc_core.sources.base import Timeouts
from ioc_core.sources.http_json import HttpJsonSource
from ioc_core.sources.runner import FetchRunner
from wall.runtime.datahub import DataHub
from wall.runtime.fetcher import FetchScheduler
from wall.runtime.screens import ScreenView
from wall.widgets import style
from wall.widgets.base import ViewContext
from wall.widgets.health import SOURCE_LOOK, HealthView, detail, feed_rows

from ..common import Clock
from ..fakeservers import TrickleServer
from ..pictures import ARTIFACTS, near
from ..textcensus import census, faults

CAT = load_catalogue()
NOON = datetime(2026, 11, 23, 12, 0, tzinfo=TZ).timestamp()
IGATE = {"records": "data.items", "period": "date", "period_format": "%d-%m-%Y", "region": "agency",
         "values": {"hcc-ho-so-tiep-nhan": "receivedCount"}}


class Budgeted(HttpJsonSource):
    """A source that may take one second, whatever its timeouts let requests wait (each byte comes in time)."""

    def budget_s(self) -> float:
        return 1.0


@pytest.fixture
def trickle():
    """Answers 200 and then its body a byte at a time, never finishing: each read is within the client's read
    timeout, so only an overall budget tells the fetch is late (a slow system paging a big export)."""
    s = TrickleServer(interval_s=0.2, length=1_000_000)
    yield s
    s.close()


@pytest.fixture
def health_view(qapp):
    """``make(hub, height)``: a HealthView on a scene, disposed afterwards."""
    made = []

    def make(hub, height: float = 1080, now: float | None = None) -> HealthView:
        scene = QGraphicsScene(0, 0, 1920, 1080)
        view = HealthView(Region("suc-khoe", 0, 0), {"kind": "health"}, ViewContext(hub))
        view.setGeometry(QRectF(0, 0, 1920, height))
        view.tick(datetime.fromtimestamp(now if now is not None else wallclock.now_s(), TZ))
        scene.addItem(view)
        made.append((view, scene))
        return view

    yield make
    for view, scene in made:
        view.dispose()
        scene.removeItem(view)
        shiboken6.delete(scene)
    qapp.processEvents()


def test_each_state_from_real_fetches_worst_first(qtbot, tmp_path: Path, server, trickle, health_view):
    path = tmp_path / "chi-tieu.sqlite"
    then = Clock(wallclock.now_s() - 60 * 86400)  # a monthly feed whose last success was two months ago
    seed = IndicatorStore(path, CAT, clock=then)
    seed.record_fetch("dvc-766", received=1)
    seed.close()
    day = "23-11-2026"
    server.routes.update({
        "/igate": (200, {"data": {"items": [{"date": day, "agency": "xa-001", "receivedCount": 41},
                                            {"date": day, "agency": "xa-002", "receivedCount": 12}]}}),
        "/ioffice": (200, [{"ky": "2026-11-23", "den": 190, "di": 120}, {"ky": "2026-11-22", "den": 170, "di": 99}]),
        "/pakn": (200, [{"ky": "2026-11-23", "so": 41}]),
        "/soc": (500, {"error": "boom"}),
    })
    fast = Timeouts(connect=0.5, read=1.0)
    hub = DataHub(CAT, path)
    hub.HEALTH_TTL_S = 0.1  # the wall's 5 s, shortened: a fetch that began shows without news
    sched = FetchScheduler(lambda: IndicatorStore(path, CAT), workers=6, tick_ms=50)
    sched.fetched.connect(hub.source_fetched)
    for source in (
        HttpJsonSource("igate", server.url + "/igate", IGATE, timeouts=fast),
        HttpJsonSource("ioffice", server.url + "/ioffice", {"period": "ky", "values": {
            "vbdt-van-ban-den": "den", "Văn bản đi": "di"}}, timeouts=fast),
        HttpJsonSource("pakn-1022", server.url + "/pakn", {"period": "ky", "values": {"Phản ánh tiếp nhận": "so"}},
                       timeouts=fast),
        HttpJsonSource("soc", server.url + "/soc", IGATE, timeouts=fast),
        Budgeted("quan-trac", trickle.url + "/aqi", IGATE, timeouts=Timeouts(connect=0.5, read=5.0)),
    ):
        sched.add(source, interval_s=3600)
    sched.start()
    try:
        view = health_view(hub)

        def rows_now():
            view.tick(datetime.fromtimestamp(wallclock.now_s(), TZ))
            return view.rows()

        def states():
            return [(r.source, r.state) for r in rows_now()]

        # the sources configured, not every source the catalogue could name
        expected = [("soc", "error"), ("pakn-1022", "rejected"), ("quan-trac", "late"), ("dvc-766", "late"),
                    ("ioffice", "partial"), ("igate", "ok")]
        qtbot.waitUntil(lambda: states() == expected, timeout=8000)
        rows = {r.source: r for r in view.rows()}
        assert rows["soc"].error == f"HTTP 500 Internal Server Error from {server.url[7:]}/soc"
        assert detail(rows["pakn-1022"]) == ("đã lưu 0, từ chối 1: unknown indicator 'Phản ánh tiếp nhận' (did you "
                                              "mean 'pakn-tiep-nhan'?)")
        assert detail(rows["ioffice"]) == ("đã lưu 2, từ chối 2: unknown indicator 'Văn bản đi' (did you mean "
                                           "'vbdt-van-ban-di'?)")
        waiting = rows["quan-trac"].waiting_s
        assert waiting > 1.0 and detail(rows["quan-trac"]) == f"đang chờ phản hồi {int(waiting)} s"
        assert rows["dvc-766"].waiting_s is None and rows["dvc-766"].last_success_age > 59 * 86400
        assert detail(rows["dvc-766"]) == "Hành chính công" and rows["igate"].error == ""
        qtbot.waitUntil(lambda: rows_now()[2].waiting_s > waiting + 0.3, timeout=2000)  # it goes on counting
    finally:
        sched.stop()
        hub.close()


def test_a_feed_that_was_rejected_and_then_fixed_is_ok_again(tmp_path: Path, health_view):
    clock = Clock(NOON)
    store = IndicatorStore(tmp_path / "s.sqlite", CAT, clock=clock)
    hub = DataHub(CAT, tmp_path / "s.sqlite", clock=clock)
    try:
        store.record_start("igate", 13.0)
        store.record_fetch("igate", received=0, rejected=5, reason="unknown region 'x'")
        hub.source_fetched("igate")
        assert {r.source: r.state for r in feed_rows(hub, clock.t)}["igate"] == "rejected"
        clock.t += 60
        store.record_start("igate", 13.0)
        hub.source_fetched("igate")
        assert {r.source: r.state for r in feed_rows(hub, clock.t + 10)}["igate"] == "rejected"  # within budget
        store.record_fetch("igate", received=12)
        hub.source_fetched("igate")
        assert {r.source: r.state for r in feed_rows(hub, clock.t)}["igate"] == "ok"
    finally:
        store.close()
        hub.close()


def test_sixteen_sources_fit_with_the_least_troubled_summed_up(qtbot, tmp_path: Path, health_view):
    """Eleven catalogue feeds and five other systems: the troubled ones are listed first, each with its reason whole
    under it at the room's size; the healthy ones are one quiet line each, and those that do not fit are counted
    on a "+N nguồn khác" line. In half a screen fewer rows, never smaller or cut text. The picture is kept in
    artifacts/ to look at."""
    clock = Clock(NOON)
    store = IndicatorStore(tmp_path / "s.sqlite", CAT, clock=clock)
    hub = DataHub(CAT, tmp_path / "s.sqlite", clock=clock)
    try:
        for sid in ("igate", "ioffice", "antt", "cap-kttv", "camera-vms", "his-benh-vien", "ckan-dulich", "drop-yte"):
            store.record_fetch(sid, received=20)
        store.record_fetch("soc", error="no answer within 10 s from soc.nghean.gov.vn:55000/alerts")
        store.record_fetch("pakn-1022", received=0, rejected=40,
                           reason="unknown indicator 'Phản ánh tiếp nhận' (did you mean 'pakn-tiep-nhan'?)")
        store.record_fetch("drop-ktxh", received=6, rejected=1,
                           reason="period 2025-11-15 does not start a month: ktxh-thu-ngan-sach describes a whole "
                                  "month (starting 2025-11-01)")
        clock.t -= 30
        store.record_start("quan-trac", budget_s=13.0)
        store.record_start("hue-s", budget_s=5.0)
        clock.t += 30
        store.record_start("smart-parking", budget_s=10.0)  # just began: not late
        # as the wall does at start: a record for each configured source, those not yet fetched too
        store.forget_sources_except({"igate", "ioffice", "antt", "cap-kttv", "camera-vms", "his-benh-vien",
                                     "ckan-dulich", "drop-yte", "soc", "pakn-1022", "drop-ktxh", "quan-trac", "hue-s",
                                     "smart-parking", "drop-giaoduc", "dvc-766"})
        hub.source_fetched("igate")
        full = health_view(hub, 1080, clock.t)
        assert len(full.rows()) == 16
        whole = full.plan(full.rows())
        assert [r.state for r in full.rows()[:5]] == ["error", "rejected", "late", "late", "partial"]
        assert [p.row for p in whole.rows] == full.rows()[:len(whole.rows)] and len(whole.rows) >= 4
        assert all(p.reason for p in whole.rows[:2]) and not any(p.reason for p in whole.rows if p.row.state == "ok")
        assert faults(census(full.scene(), QRectF(0, 0, 1920, 1080)), style.ROOM.cap_px) == []
        half = health_view(hub, 540, clock.t)
        rows = half.rows()
        plan = half.plan(rows)
        shown = len(plan.rows)
        line_h = plan.line_h
        assert 1 <= shown < len(whole.rows) and plan.more and plan.more[0].startswith(f"+{16 - shown} nguồn khác")
        assert [r.state for r in rows[:2]] == ["error", "rejected"]
        screen = ScreenView(half.scene(), (0, 0), Rect(0, 0, 1920, 1080), None)
        screen.setGeometry(0, 0, 1920, 1080)
        screen.show()
        qtbot.waitExposed(screen)
        try:
            ARTIFACTS.mkdir(exist_ok=True)
            picture = screen.grab()
            assert picture.save(str(ARTIFACTS / "health-16-sources.png"))
            img = picture.toImage()
        finally:
            screen.close()
            shiboken6.delete(screen)
        first_row_y = int(plan.rows[0].top + line_h * 0.5)
        state_cell = plan.rows[0].cells[0][1]
        colours = [img.pixelColor(x, first_row_y) for x in range(int(state_cell.left()), int(state_cell.right()))]
        assert any(near(c, SOURCE_LOOK["error"][0]) for c in colours)  # the red diamond and word of "error"
        assert any(img.pixelColor(x, y).lightness() > 100 for x in range(40, 400)  # the "+N" line is drawn
                   for y in range(int(plan.more_top), int(plan.more_top + line_h)))
        assert all(img.pixelColor(x, y).lightness() < 60 for x in range(0, 1920, 7) for y in range(560, 1080, 7))
    finally:
        store.close()
        hub.close()


# -- a KPI tile says which period an old figure describes ---------------------------------------------------------
def test_a_tile_names_the_period_of_old_data_and_the_communes_a_total_was_made_from(qapp, tmp_path: Path):
    from wall.widgets.panels import ranking
    from wall.widgets.sector import make_tile

    now = datetime(2026, 12, 6, 9, 0, tzinfo=TZ).timestamp()
    store = IndicatorStore(tmp_path / "s.sqlite", CAT, clock=Clock(now))
    try:
        report = store.ingest("x", [
            Observation("ktxh-thu-ngan-sach", "2025-11-01", 1500.0),  # last year's November, arriving now
            Observation("gd-hoc-sinh", "2024-01-01", 850_000.0),
            Observation("ktxh-grdp-tang-truong", "2025-07-01", 7.2),
            Observation("hcc-ty-le-dung-han", "2026-12-03", 96.0),
            Observation("ktxh-von-fdi", "2026-11-01", 120.0),  # November's, in December: on time
            Observation("hcc-ho-so-tiep-nhan", "2026-12-06", 1200.0, parts=87),
            Observation("hcc-ho-so-tiep-nhan", "2026-12-06", 41.0, "xa-001"),
            Observation("hcc-ho-so-tiep-nhan", "2026-12-01", 30.0, "xa-002"),  # a commune stuck on Tuesday
        ])
        assert report.rejected == []

        def tile(ind_id: str):
            return make_tile(CAT.indicators[ind_id], store.latest(ind_id), now)

        words = {"ktxh-thu-ngan-sach": "số liệu kỳ 11/2025", "gd-hoc-sinh": "số liệu năm 2024",
                 "ktxh-grdp-tang-truong": "số liệu quý III/2025", "hcc-ty-le-dung-han": "số liệu ngày 03/12/2026"}
        for ind_id, said in words.items():
            t = tile(ind_id)
            assert t.state == "stale" and t.status == "◷ Số liệu cũ" and t.period_note == said, ind_id
            assert t.changes.startswith(said)  # first under the value
            assert t.age_s == 0  # it did arrive just now: the period is what is old
        fdi = tile("ktxh-von-fdi")
        assert fdi.state == "normal" and "số liệu" not in fdi.status and "cập nhật" not in fdi.status
        total = tile("hcc-ho-so-tiep-nhan")
        assert total.changes.startswith("tổng hợp từ 87 xã/phường") and total.state == "normal"
        entries = ranking(CAT.indicators["hcc-ho-so-tiep-nhan"], store.latest_by_region("hcc-ho-so-tiep-nhan"),
                          now, 10)
        assert {e.region: e.state for e in entries} == {"xa-001": "normal", "xa-002": "stale"}
    finally:
        store.close()


def test_a_filter_that_selects_nothing_is_not_ok_on_the_health_view(tmp_path: Path, server):
    """The national portal's records are picked by name ("[?TEN == 'Nghệ An']"); once it writes "Tỉnh Nghệ An"
    the selection is empty: nothing was stored, fetch after fetch, while the health view said "Tốt" (each fetch a
    success) and --check alone said FAIL."""
    server.routes["/rest"] = (200, [{"TEN": "Tỉnh Nghệ An", "TONG_SCORE": 81.2}, {"TEN": "Hà Tĩnh",
                                                                                  "TONG_SCORE": 79.0}])
    source = HttpJsonSource("dvc-766", server.url + "/rest", {"records": "[?TEN == 'Nghệ An']", "period": "now",
                                                             "values": {"hcc-chi-so-phuc-vu": "TONG_SCORE"}},
                            timeouts=Timeouts(connect=1, read=2))
    import requests

    with requests.Session() as session:
        result = source.run(session)
    clock = Clock(NOON)
    store = IndicatorStore(tmp_path / "s.sqlite", CAT, clock=clock)
    hub = DataHub(CAT, tmp_path / "s.sqlite", clock=clock)
    try:
        FetchRunner.store_result(store, "dvc-766", result, None)
        hub.source_fetched("dvc-766")
        row = {r.source: r for r in feed_rows(hub, clock.t)}["dvc-766"]
        assert row.state == "rejected"
        assert detail(row) == ("đã lưu 0, từ chối 1: no records at \"[?TEN == 'Nghệ An']\" in the answer (none of "
                               "its 2 records matched; fields: TEN, TONG_SCORE)")
    finally:
        store.close()
        hub.close()
