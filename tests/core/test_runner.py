"""The Qt-free fetch runner (the wall's and the hub's): real HTTP sources on 127.0.0.1, a real store. Values are
stored and told from the writer thread; a failing source is retried with backoff while the others go on; a hanging
source holds nobody; stop() leaves no thread behind."""

from __future__ import annotations

import logging
import threading
import time
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from ioc_core.alerts import AlertBook
from ioc_core.alerts.monitor import AlertChecks, StoreReading
from ioc_core.catalogue import load_catalogue
from ioc_core.fmt import TZ
from ioc_core.indicators.indicator_store import IndicatorStore
from ioc_core.sources.base import Timeouts
from ioc_core.sources.cap import CapSource
from ioc_core.sources.http_json import HttpJsonSource
from ioc_core.sources.runner import FetchRunner

from ..common import Clock
from ..fakeservers import ScriptedServer, SilentServer
from ..waiting import until as wait_until

CAT = load_catalogue()
PAKN = {"records": "items", "period": "ky", "values": {"pakn-tiep-nhan": "so"}}
FAST = Timeouts(1, 1)


class Told:
    """on_stored's calls, with the thread they came on and what the store it was given held then."""

    def __init__(self):
        self.calls: list[tuple[str, bool, str, frozenset, str, float | None]] = []
        self.lock = threading.Lock()

    def __call__(self, sid, ok, summary, wrote, store):
        latest = store.latest("pakn-tiep-nhan")
        with self.lock:
            self.calls.append((sid, ok, summary, wrote, threading.current_thread().name,
                               latest.value if latest else None))

    def of(self, sid: str) -> list:
        with self.lock:
            return [c for c in self.calls if c[0] == sid]


@pytest.fixture
def good():
    server = ScriptedServer()
    server.routes["/pakn"] = (200, {"items": [{"ky": "2026-11-23", "so": 41}]})
    yield server
    server.close()


def runner_threads(name: str) -> list[str]:
    return [t.name for t in threading.enumerate() if t.name.startswith(name)]


def test_values_are_stored_and_told_from_the_writer_thread(tmp_path: Path, good):
    told = Told()
    runner = FetchRunner(lambda: IndicatorStore(tmp_path / "s.sqlite", CAT), workers=2, tick_s=0.05,
                         on_stored=told, name="fetch-t1")
    runner.add(HttpJsonSource("pakn-1022", good.url + "/pakn", PAKN, timeouts=FAST), interval_s=0.1)
    runner.start()
    try:
        wait_until(lambda: len(told.of("pakn-1022")) >= 1, what="the first fetch stored")
        sid, ok, summary, wrote, thread, seen = told.calls[0]
        assert (sid, ok, summary, wrote) == ("pakn-1022", True, "1 value(s) stored", frozenset({"pakn-tiep-nhan"}))
        assert thread == "fetch-t1-store-writer" and seen == 41.0  # committed, read through the writer's store
        reader = IndicatorStore(tmp_path / "s.sqlite", CAT)
        try:
            assert reader.latest("pakn-tiep-nhan").value == 41.0  # and in the file, for any other reader
            good.routes["/pakn"] = (200, {"items": [{"ky": "2026-11-24", "so": 57}]})
            wait_until(lambda: (r := reader.latest("pakn-tiep-nhan")) is not None and r.value == 57.0,
                       what="the next value, on cadence")
            health = {h.source: h for h in reader.health()}["pakn-1022"]
            assert health.records_received >= 2 and health.consecutive_errors == 0
        finally:
            reader.close()
    finally:
        runner.stop()
    assert runner_threads("fetch-t1") == [] and runner.threads() == []


def test_a_failing_source_backs_off_while_the_others_go_on(tmp_path: Path, good, caplog):
    """On the runner's clock (moved by hand): retried after 15 s, 30 s, 60 s, while the good one keeps its 10 s."""
    good.routes["/down"] = (503, {"error": "bảo trì"})
    clock = Clock(1_800_000_000.0)
    told = Told()
    runner = FetchRunner(lambda: IndicatorStore(tmp_path / "s.sqlite", CAT), workers=2, tick_s=0.02, clock=clock,
                         on_stored=told, name="fetch-t2")
    runner.add(HttpJsonSource("pakn-1022", good.url + "/pakn", PAKN, timeouts=FAST), interval_s=10)
    runner.add(HttpJsonSource("hong", good.url + "/down", PAKN, timeouts=FAST), interval_s=60)

    def fetched(sid: str) -> int:
        return len(told.of(sid))

    def step_to(t: float, good_n: int, bad_n: int) -> None:
        """Move the clock to t; wait for the fetches it makes due, stored; then check nothing else was fetched (the
        tick that made the good source due passed the failing one by, and the other way round)."""
        clock.t = t
        wait_until(lambda: fetched("pakn-1022") >= good_n and fetched("hong") >= bad_n, what=f"fetches at {t}")
        assert (fetched("pakn-1022"), fetched("hong")) == (good_n, bad_n)

    def retries() -> list[str]:
        return [r.getMessage().rsplit("(", 1)[1] for r in caplog.records if "source hong failed: HTTP 503" in
                r.getMessage()]

    t0 = clock.t
    with caplog.at_level(logging.ERROR, logger="ioc_core.sources.runner"):
        runner.start()
        try:
            step_to(t0, 1, 1)
            assert retries() == ["retry in 15 s)"]
            step_to(t0 + 10, 2, 1)
            step_to(t0 + 15, 2, 2)
            assert retries() == ["retry in 15 s)", "retry in 30 s)"]  # backing off
            step_to(t0 + 20, 3, 2)
            step_to(t0 + 30, 4, 2)
            step_to(t0 + 40, 5, 2)
            step_to(t0 + 45, 5, 3)
            assert retries()[-1] == "retry in 60 s)"
            good.routes["/down"] = good.routes["/pakn"]  # back
            step_to(t0 + 100, 6, 3)
            step_to(t0 + 105, 6, 4)
            step_to(t0 + 164, 7, 4)  # then on its cadence again
            step_to(t0 + 165, 7, 5)
        finally:
            runner.stop()
    assert [ok for _, ok, *_ in told.of("hong")] == [False, False, False, True, True]
    store = IndicatorStore(tmp_path / "s.sqlite", CAT)
    try:
        assert {h.source: h.consecutive_errors for h in store.health()} == {"pakn-1022": 0, "hong": 0}
    finally:
        store.close()


def test_a_hanging_source_does_not_hold_the_others_and_stop_ends_every_thread(tmp_path: Path, good):
    silent = SilentServer()
    told = Told()
    runner = FetchRunner(lambda: IndicatorStore(tmp_path / "s.sqlite", CAT), workers=3, tick_s=0.05,
                         on_stored=told, name="fetch-t3")
    runner.add(HttpJsonSource("treo", silent.url + "/x", PAKN, timeouts=Timeouts(1, 20)), interval_s=0.1)
    runner.add(HttpJsonSource("pakn-1022", good.url + "/pakn", PAKN, timeouts=FAST), interval_s=0.1)
    try:
        t0 = time.monotonic()
        runner.start()
        wait_until(lambda: len(told.of("pakn-1022")) >= 3, what="three fetches of the good source")
        assert time.monotonic() - t0 < 5  # while the other hangs (20 s)
        assert runner.plan.in_flight("treo") and len(silent.conns) == 1  # one fetch in flight, never a pile-up
        assert told.of("treo") == []
        assert runner_threads("fetch-t3")  # it runs threads of its own: a tick thread, a writer, workers
        silent.close()  # the hanging system drops its connection: that fetch fails, and is stored as failed
        wait_until(lambda: told.of("treo"), what="the hanging fetch ended")
        _, ok, _, wrote, *_ = told.of("treo")[0]
        assert not ok and wrote == frozenset()
    finally:
        runner.stop(timeout_s=5)
        silent.close()
    assert runner_threads("fetch-t3") == [] and runner.threads() == []
    runner.stop()  # twice: nothing happens


def test_stop_waits_for_a_fetch_under_way_at_most_its_timeout(tmp_path: Path):
    silent = SilentServer()
    runner = FetchRunner(lambda: IndicatorStore(tmp_path / "s.sqlite", CAT), tick_s=0.05, name="fetch-t4")
    runner.add(HttpJsonSource("treo", silent.url + "/x", PAKN, timeouts=Timeouts(1, 30)), interval_s=60)
    runner.start()
    try:
        wait_until(lambda: len(silent.conns) == 1, what="the fetch under way")
        t0 = time.monotonic()
        runner.stop(timeout_s=0.5)
        assert time.monotonic() - t0 < 1.5
        assert [t.name for t in runner.threads()] == ["fetch-t4_0"]  # only the worker waiting on the network
    finally:
        silent.close()  # its connection closed: the worker ends
    wait_until(lambda: runner.threads() == [], what="the worker's end")


def test_alerts_a_fetch_brings_are_told_on_the_worker_and_checks_run_after_storing(tmp_path: Path):
    """The hub's wiring: CAP messages into the book from on_alerts; thresholds checked after each stored fetch."""
    now = datetime.now(TZ).replace(minute=0, second=0, microsecond=0)
    expires = (now + timedelta(hours=6)).isoformat(timespec="seconds")
    server = ScriptedServer()
    server.routes["/cap.xml"] = (200, (
        '<?xml version="1.0" encoding="UTF-8"?><alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">'
        f"<identifier>bao-10</identifier><sender>canhbao@kttv.gov.vn</sender><sent>{now.isoformat()}</sent>"
        "<status>Actual</status><msgType>Alert</msgType><scope>Public</scope><info><language>vi-VN</language>"
        "<category>Met</category><event>Bão</event><urgency>Expected</urgency><severity>Severe</severity>"
        f"<certainty>Likely</certainty><expires>{expires}</expires><headline>Bão số 10 trên Biển Đông</headline>"
        "<area><areaDesc>Ven biển Nghệ An</areaDesc>"
        "<polygon>18.70,105.45 19.20,105.45 19.20,105.85 18.70,105.85 18.70,105.45</polygon></area></info></alert>"),
        "application/cap+xml; charset=utf-8")
    server.routes["/aqi"] = (200, {"items": [{"gio": now.strftime("%Y-%m-%dT%H:%M"), "aqi": 170}]})
    book = AlertBook(tmp_path / "alerts.json")
    checks = AlertChecks(CAT, book)
    threads: dict[str, str] = {}

    def on_alerts(sid, alerts):
        threads["alerts"] = threading.current_thread().name
        checks.take_cap(alerts, runner.sources[sid].sector)

    def on_stored(sid, ok, summary, wrote, store):
        threads["stored"] = threading.current_thread().name
        checks.check_now(set(wrote), StoreReading(store))  # through the store just written

    runner = FetchRunner(lambda: IndicatorStore(tmp_path / "s.sqlite", CAT), tick_s=0.05, on_stored=on_stored,
                         on_alerts=on_alerts, name="fetch-t5")
    runner.add(CapSource("kttv", url=server.url + "/cap.xml", sector="antt", timeouts=FAST), interval_s=0.2)
    runner.add(HttpJsonSource("quan-trac", server.url + "/aqi",
                              {"records": "items", "period": "gio", "values": {"mt-aqi": "aqi"}}, timeouts=FAST),
               interval_s=0.2)
    runner.start()
    try:
        wait_until(lambda: len(book.alerts()) == 2, what="the CAP alert and the threshold alert")
        wait_until(lambda: sum(p == "/cap.xml" for p, _, _ in server.requests) >= 3, what="fetched again")
    finally:
        runner.stop()
        server.close()
    saved = AlertBook(tmp_path / "alerts.json")
    assert sorted((a.cause, a.sector, a.severity, a.message_vi) for a in saved.alerts()) == [
        ("cap", "antt", "critical", "Bão số 10 trên Biển Đông"),
        ("threshold", "moitruong", "critical",
         "Chỉ số chất lượng không khí (VN_AQI): 170 AQI, vượt ngưỡng nghiêm trọng 151")]
    assert len(saved.alerts(include_closed=True)) == 2  # fetched again and again: still one each
    assert threads["alerts"].startswith("fetch-t5_") and threads["stored"] == "fetch-t5-store-writer"


def test_a_source_is_fetched_on_its_cadence_not_its_cadence_plus_a_tick(tmp_path: Path, good):
    """Every second means every second: the tick sleeps until the next source is due and wakes when a fetch ends
    (it used to add up to half a second to every cadence, the next fetch found only at the next tick)."""
    times: list[float] = []
    route = good.routes["/pakn"]
    good.routes["/pakn"] = lambda q: (times.append(time.monotonic()), route)[1]
    runner = FetchRunner(lambda: IndicatorStore(tmp_path / "s.sqlite", CAT), workers=2, name="fetch-cad")
    runner.add(HttpJsonSource("pakn-1022", good.url + "/pakn", PAKN, timeouts=FAST), interval_s=1.0)
    runner.start()
    try:
        wait_until(lambda: len(times) >= 4, 10, "four fetches")
    finally:
        runner.stop()
    gaps = [b - a for a, b in zip(times, times[1:], strict=False)]
    assert all(0.95 <= g <= 1.2 for g in gaps), gaps
