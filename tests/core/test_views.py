"""View models (Qt-free) and the newest-wins executor that builds them off the GUI thread."""

from __future__ import annotations

import logging
import queue
import threading
from datetime import datetime, timedelta
from pathlib import Path

import numpy as np
import pytest

from ioc_core.catalogue import load_catalogue
from ioc_core.catalogue.sectorviews import load_sector_views, sector_view
from ioc_core.fmt import TZ
from ioc_core.forecasting.outlook import outlook
from ioc_core.indicators.indicator_store import IndicatorStore
from ioc_core.indicators.observation import Observation
from ioc_core.views.executor import NewestWins
from ioc_core.views.reader import StoreReader
from ioc_core.views.series import chart_series
from ioc_core.views.tiles import make_tile, sector_models

from ..common import Clock

CAT = load_catalogue()
NOON = datetime(2026, 11, 23, 12, 0, tzinfo=TZ)


class Consumer:
    """Stands in for the GUI thread: results are posted to a queue and run when the test says so."""

    def __init__(self):
        self.posted: queue.Queue = queue.Queue()

    def post(self, fn) -> None:
        self.posted.put(fn)

    def run_one(self, timeout: float = 5.0) -> None:
        self.posted.get(timeout=timeout)()


@pytest.fixture
def executor():
    consumer = Consumer()
    ex = NewestWins(consumer.post, name="test-models")
    yield ex, consumer
    ex.close()
    assert not ex.thread.is_alive()


def test_a_newer_request_drops_an_older_one_that_has_not_run(executor):
    ex, consumer = executor
    gate, started = threading.Event(), threading.Event()
    got = []
    ex.submit("blocker", lambda: (started.set(), gate.wait(5))[1], lambda r: got.append(("blocker", r)))
    assert started.wait(5)  # the worker is busy: what follows waits in line
    ran = []
    for n in range(5):
        ex.submit("sector-hcc", lambda n=n: ran.append(n) or n, lambda r: got.append(("hcc", r)))
    gate.set()
    consumer.run_one()
    consumer.run_one()
    assert ex.wait_idle(5)
    assert ran == [4]  # requests 0-3 never ran: only the newest was computed
    assert got == [("blocker", True), ("hcc", 4)]
    assert ex.dropped == 4 and consumer.posted.empty()


def test_an_older_result_arriving_late_is_discarded(executor):
    ex, consumer = executor
    got = []
    ex.submit("chart", lambda: "old", got.append)
    consumer_item = consumer.posted.get(timeout=5)  # computed, on its way to the GUI thread
    ex.submit("chart", lambda: "new", got.append)  # meanwhile, newer data: a new request
    consumer_item()  # the old result arrives: not the newest any more, not applied
    assert got == []
    consumer.run_one()
    assert got == ["new"] and ex.late == 1 and ex.idle()


def test_a_job_that_raises_is_logged_and_the_worker_goes_on(executor, caplog):
    ex, consumer = executor
    got = []

    def broken():
        raise ValueError("damaged row")

    with caplog.at_level(logging.ERROR, logger="ioc_core.views.executor"):
        ex.submit("tiles", broken, got.append)
        ex.submit("other", lambda: 42, got.append)
        consumer.run_one()
    assert got == [42] and ex.failed == 1
    assert "damaged row" in caplog.text and "'tiles'" in caplog.text
    ex.submit("tiles", lambda: "fine again", got.append)  # the same key works again
    consumer.run_one()
    assert got == [42, "fine again"] and ex.idle()


def test_a_forgotten_key_delivers_nothing(executor):
    ex, consumer = executor
    got = []
    ex.submit("view", lambda: 1, got.append)
    item = consumer.posted.get(timeout=5)
    ex.forget("view")  # the view went away
    item()
    assert got == [] and ex.idle()


def test_jobs_run_on_the_worker_thread_and_results_on_the_consumers(executor):
    ex, consumer = executor
    where = {}
    ex.submit("k", lambda: where.setdefault("job", threading.current_thread()),
              lambda r: where.setdefault("deliver", threading.current_thread()))
    consumer.run_one()
    assert where["job"] is ex.thread and where["deliver"] is threading.current_thread()


# -- the models ----------------------------------------------------------------------------------------------
@pytest.fixture
def store(tmp_path: Path):
    clock = Clock(NOON.timestamp())
    path = tmp_path / "chi-tieu.sqlite"
    writer = IndicatorStore(path, CAT, clock=clock)
    reader = StoreReader(path, CAT, clock)
    yield writer, reader, clock
    reader.close()
    writer.close()


def test_sector_models_say_what_the_tiles_ranking_and_table_show(store):
    writer, reader, clock = store
    writer.ingest("t", [Observation("hcc-ty-le-dung-han", "2026-11-22", 96.0),
                        Observation("hcc-ty-le-dung-han", "2026-11-23", 94.0),
                        Observation("hcc-ty-le-dung-han", "2026-11-23", 97.0, region="xa-001"),
                        Observation("hcc-ty-le-dung-han", "2026-11-23", 88.0, region="xa-002")])
    spec = sector_view(CAT, "hcc", load_sector_views(CAT))
    models = sector_models(CAT, spec, reader, clock.t)
    tile = models["hcc-ty-le-dung-han"]
    assert (tile.state, tile.value, tile.status) == ("warning", "94,0", "▲ Cảnh báo")
    assert "so kỳ trước -2,0" in tile.changes
    assert tile.threshold == "dưới ngưỡng cảnh báo 95 %" and tile.since == ""  # no alert in the book: no time
    assert tile == make_tile(CAT.indicators["hcc-ty-le-dung-han"], reader.reading("hcc-ty-le-dung-han"), clock.t)
    assert models["header"] == ("12:00", f"Số liệu đến {tile_time(writer)}", "")  # a warning: not all normal
    ranking = next(n for n, p in enumerate(spec.panels) if p.kind == "ranking")
    assert [(e.region, e.state) for e in models[ranking]] == [("xa-002", "critical"), ("xa-001", "normal")]
    # charts and alerts: not here; the tiles panel's order of importance (issue 20): the warning first
    assert set(models) == {"header", ranking, ("order", 0), *spec.panels[0].indicators}
    assert models[("order", 0)][0] == "hcc-ty-le-dung-han"
    empty = sector_models(CAT, spec, StoreReader(None, CAT, clock), clock.t)  # no store yet: "no data"
    assert empty["hcc-ty-le-dung-han"].state == "no_data" and empty["header"][1] == "Chưa có dữ liệu"


def tile_time(writer) -> str:
    from ioc_core import fmt

    rd = writer.latest("hcc-ty-le-dung-han")
    return fmt.moment(datetime.fromtimestamp(rd.observed_at, TZ))


def test_sector_models_say_since_when_from_the_book_and_all_normal_once(store):
    writer, reader, clock = store
    spec = sector_view(CAT, "hcc", load_sector_views(CAT))
    report = writer.ingest("t", [Observation(i, "2026-11-01" if CAT.indicators[i].period == "month" else "2026-11-23",
                                             97.0 if CAT.indicators[i].direction == "higher_better" else 1.0)
                                 for i in spec.indicators])
    assert report.rejected == []
    calm = sector_models(CAT, spec, reader, clock.t)
    assert [calm[i].mark for i in spec.tiles] == [""] * len(spec.tiles)  # no "Bình thường" on any tile
    assert calm["header"][2] == "● Tất cả chỉ số bình thường"
    writer.ingest("t", [Observation("hcc-ty-le-dung-han", "2026-11-23", 88.0)])  # critical below 90
    reader.invalidate({"hcc-ty-le-dung-han"})
    raised = clock.t - 2.5 * 3600  # 09:30
    models = sector_models(CAT, spec, reader, clock.t, since={"hcc-ty-le-dung-han": ("critical", raised)})
    tile = models["hcc-ty-le-dung-han"]
    assert (tile.mark, tile.threshold, tile.since) == ("◆ Nghiêm trọng", "dưới ngưỡng nghiêm trọng 90 %", "từ 09:30")
    assert models["header"][2] == ""
    older = sector_models(CAT, spec, reader, clock.t, since={"hcc-ty-le-dung-han": ("critical", raised - 86400)})
    assert older["hcc-ty-le-dung-han"].since == "từ 09:30 22/11/2026"
    # the book's time for another severity (a warning's) is not this critical's: no time rather than a wrong one
    other = sector_models(CAT, spec, reader, clock.t, since={"hcc-ty-le-dung-han": ("warning", raised)})
    assert other["hcc-ty-le-dung-han"].since == ""


def test_chart_series_window_partial_and_forecast(store):
    writer, reader, clock = store
    ind = CAT.indicators["dl-luot-khach"]
    start = NOON - timedelta(days=30)
    writer.ingest("t", [Observation(ind.id, (start + timedelta(days=i)).strftime("%Y-%m-%d"), 26_000 + 800 * (i % 6))
                        for i in range(30)] + [Observation(ind.id, "2026-11-23", 9_000.0)])
    history = reader.history(ind.id)
    o = outlook(ind, history, clock.t)  # a month of days: the outlook judges it, the chart draws what it says
    assert o.last == "2026-11-22"  # today's running total is not a day's figure
    s = chart_series(ind, history, 60 * 86400, clock.t, outlook=o)
    assert len(s.y) == 30 and s.partial[1] == 9_000.0  # today's running total is off the line
    assert s.outlook is o and (s.forecast is not None) is o.shown
    if o.shown:
        assert len(s.forecast_x) == len(s.forecast.values) == 7
        assert s.forecast_x[0] == pytest.approx(s.x[-1] + 86400)
        assert np.isfinite(s.forecast.values).all()
    assert chart_series(ind, history, 60 * 86400, clock.t, shown=s, outlook=o) is None  # same: no recompute
    assert chart_series(ind, history, 60 * 86400, clock.t, shown=s) is not None  # the outlook is gone: redrawn
    assert not chart_series(ind, None, 60 * 86400, clock.t).has_data


def test_the_reader_keeps_what_it_read_until_news_of_that_indicator(store):
    writer, reader, clock = store
    writer.ingest("t", [Observation("mt-aqi", "2026-11-23T11:00", 80.0),
                        Observation("hcc-ty-le-dung-han", "2026-11-23", 96.0)])
    assert reader.reading("mt-aqi").value == 80.0 and reader.reading("hcc-ty-le-dung-han").value == 96.0
    writer.ingest("t", [Observation("mt-aqi", "2026-11-23T11:30", 182.0),
                        Observation("hcc-ty-le-dung-han", "2026-11-23", 91.0)])
    assert reader.reading("mt-aqi").value == 80.0  # no news yet: what was read stands (as the hub's cache did)
    reader.invalidate({"mt-aqi"})
    assert reader.reading("mt-aqi").value == 182.0  # read again after news of it ...
    assert reader.reading("hcc-ty-le-dung-han").value == 96.0  # ... and only of it
    reader.invalidate(None)
    assert reader.reading("hcc-ty-le-dung-han").value == 91.0
    reader.as_of = clock.t - 86400  # a meeting's frozen figures are read as they stood then
    assert reader.reading("mt-aqi") is None
