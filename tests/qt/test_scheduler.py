"""Fetching off the GUI thread: a hanging source never stalls the wall or the other sources."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from PySide6.QtCore import QElapsedTimer, QTimer

from ioc_core.catalogue import load_catalogue
from ioc_core.indicators.indicator_store import IndicatorStore
from ioc_core.sources.base import Timeouts
from ioc_core.sources.http_json import HttpJsonSource
from ioc_core.sources.schedule import FetchPlan
from wall.runtime.fetcher import FetchScheduler

from ..fakeservers import ScriptedServer, SilentServer, closed_port_url

MAPPING = {"records": "items", "period": "ky", "values": {"pakn-tiep-nhan": "so"}}


def test_plan_fetches_on_cadence_one_at_a_time_and_backs_off():
    plan = FetchPlan(retry_base_s=10, max_backoff_s=60)
    plan.add("a", 300, now=0)
    assert plan.due(0) == ["a"]
    assert plan.due(1) == []  # in flight: never twice at once
    assert plan.finished("a", ok=True, now=2) == 302
    assert plan.due(301) == [] and plan.due(302) == ["a"]
    assert [plan.finished("a", ok=False, now=t) - t for t in (400, 500, 600, 700, 800)] == [10, 20, 40, 60, 60]
    assert plan.failures("a") == 5
    plan.due(900)
    assert plan.finished("a", ok=True, now=900) == 1200 and plan.failures("a") == 0


@pytest.fixture
def servers():
    good, silent = ScriptedServer(), SilentServer()
    good.routes["/pakn"] = (200, {"items": [{"ky": "2026-11-23", "so": 41}]})
    yield good, silent
    good.close()
    silent.close()


def test_a_hanging_source_does_not_delay_the_others_or_the_event_loop(qtbot, tmp_path: Path, servers):
    good, silent = servers
    cat = load_catalogue()
    store = IndicatorStore(tmp_path / "s.sqlite", cat)  # the GUI's reading connection
    sched = FetchScheduler(lambda: IndicatorStore(tmp_path / "s.sqlite", cat), workers=4, tick_ms=50)
    sched.add(HttpJsonSource("treo", silent.url + "/x", MAPPING, timeouts=Timeouts(1, 3)), interval_s=0.1)
    sched.add(HttpJsonSource("pakn-1022", good.url + "/pakn", MAPPING, timeouts=Timeouts(1, 3)), interval_s=0.2)
    sched.add(HttpJsonSource("tat", closed_port_url() + "/x", MAPPING, timeouts=Timeouts(1, 3)), interval_s=0.1)

    gaps, clock = [], QElapsedTimer()
    clock.start()

    def beat():
        gaps.append(clock.restart())

    heart = QTimer(interval=10)
    heart.timeout.connect(beat)
    heart.start()
    t0 = time.monotonic()
    sched.start()
    try:
        qtbot.waitUntil(lambda: store.latest("pakn-tiep-nhan") is not None, timeout=2000)
        assert time.monotonic() - t0 < 1.0  # not held up by the source that never answers
        qtbot.waitUntil(lambda: len(good.requests) >= 3, timeout=3000)  # and it keeps polling on cadence
        assert sched.plan.in_flight("treo")
        assert len(silent.conns) == 1  # one fetch in flight per source, never a pile-up
        def health(source):
            return next((h for h in store.health() if h.source == source), None)

        qtbot.waitUntil(lambda: health("pakn-1022").records_received >= 3, timeout=2000)  # each answer stored
        qtbot.waitUntil(lambda: health("tat") is not None and health("tat").last_attempt is not None, timeout=2000)
        assert "cannot connect" in health("tat").last_error_message
        qtbot.waitUntil(lambda: health("treo") is not None and health("treo").last_attempt is not None, timeout=5000)
        assert "no complete answer within 4 s" in health("treo").last_error_message  # connect 1 + read 3
    finally:
        heart.stop()
        sched.stop()
        store.close()
    assert max(gaps[1:]) < 250, f"event loop stalled for {max(gaps)} ms"  # a hang would be 3,000 ms
