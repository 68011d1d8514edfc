"""Indicator data benchmark; prints one JSON line of figures.

    .venv/bin/python benchmarks/bench_data.py
    .venv/bin/python benchmarks/bench_data.py --quick   # 20,000 / 50,000 observations, a 1 s stall run, for CI

- ingest_obs_per_s: observations validated and written into the SQLite store per second (batches of 10,000);
- gui_stall_ms_max: with 50 HTTP sources polling a local server every 2 s (BENCH_EVERY_S) and one source that
  never answers,
  the longest the Qt event loop went without running a 5 ms timer, beyond the 5 ms (over 5 s);
- rss_mb_after_1m / db_rows_after_1m: memory and stored rows after 1,000,000 observations with history capped
  at 2,000 rows per series (the store's pruning on ingest).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.common import machine, quick_arg, rss_mb  # noqa: E402 (after the path is set)

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from ioc_core.catalogue import load_catalogue  # noqa: E402
from ioc_core.indicators.indicator_store import IndicatorStore  # noqa: E402
from ioc_core.indicators.observation import Observation  # noqa: E402
from tests.fakeservers import ScriptedServer, SilentServer  # noqa: E402

CAT = load_catalogue()
EVERY_S = float(os.environ.get("BENCH_EVERY_S", "2"))  # each of the 50 sources: 25 fetches a second in all
INDICATORS = [i.id for i in CAT.indicators.values() if i.period == "day"]  # one value a day each
REGIONS = sorted(CAT.regions)[:20]  # the shipped communes: the store refuses a region it does not know


def observations(n: int, regions: int = 20, start: date = date(2010, 1, 1)):
    """n observations over the catalogue's indicators and ``regions`` regions, one day after another."""
    per_day = len(INDICATORS) * regions
    for k in range(n):
        day, rest = divmod(k, per_day)
        ind, reg = divmod(rest, regions)
        yield Observation(INDICATORS[ind], (start + timedelta(days=day)).isoformat(), float(k % 997), REGIONS[reg])




def bench_ingest(folder: Path, n: int = 200_000) -> float:
    store = IndicatorStore(folder / "ingest.sqlite", CAT, max_rows_per_series=100_000)
    batch = list(observations(n))
    t0 = time.perf_counter()
    for i in range(0, len(batch), 10_000):
        report = store.ingest("bench", batch[i:i + 10_000])
        assert not report.rejected, report.rejected[:3]
    elapsed = time.perf_counter() - t0
    store.close()
    return len(batch) / elapsed


def bench_million(folder: Path, n: int = 1_000_000) -> tuple[float, int]:
    store = IndicatorStore(folder / "million.sqlite", CAT, max_age_days=100_000, max_rows_per_series=2_000)
    chunk = []
    for ob in observations(n, regions=5):
        chunk.append(ob)
        if len(chunk) == 20_000:
            store.ingest("bench", chunk)
            chunk = []
    if chunk:
        store.ingest("bench", chunk)
    store.prune()
    (rows,) = store.db.execute("SELECT count(*) FROM observations").fetchone()
    store.close()
    return rss_mb(), rows


def bench_gui_stall(folder: Path, seconds: float = 5) -> float:
    from PySide6.QtCore import QElapsedTimer, QTimer
    from PySide6.QtWidgets import QApplication

    from ioc_core.sources.base import Timeouts
    from ioc_core.sources.http_json import HttpJsonSource
    from wall.runtime.fetcher import FetchScheduler

    app = QApplication.instance() or QApplication([])
    server, silent = ScriptedServer(), SilentServer()
    server.routes["/feed"] = (200, {"items": [{"ky": "2026-11-22", "xa": REGIONS[n], "so": n} for n in range(20)]})
    mapping = {"records": "items", "period": "ky", "region": "xa", "values": {"pakn-tiep-nhan": "so"}}
    sched = FetchScheduler(lambda: IndicatorStore(folder / "stall.sqlite", CAT), tick_ms=50)
    for n in range(50):
        sched.add(HttpJsonSource(f"nguon-{n}", server.url + "/feed", mapping, timeouts=Timeouts(1, 2)), EVERY_S)
    sched.add(HttpJsonSource("treo", silent.url + "/x", mapping, timeouts=Timeouts(1, 2)), EVERY_S)
    gaps, clock = [], QElapsedTimer()
    heart = QTimer(interval=5)
    heart.timeout.connect(lambda: gaps.append(clock.restart()))
    clock.start()
    heart.start()
    sched.start()
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.001)
    heart.stop()
    sched.stop()
    fetches = len(server.requests)
    server.close()
    silent.close()
    print(f"stall bench: {fetches} fetches served in {seconds:g} s", file=sys.stderr)
    return max(0, max(gaps[1:]) - 5)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    quick_arg(ap)
    args = ap.parse_args()
    q = args.quick
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        ingest = bench_ingest(folder, 20_000 if q else 200_000)
        stall = bench_gui_stall(folder, 1 if q else 5)
        rss, rows = bench_million(folder, 50_000 if q else 1_000_000)

    print(json.dumps({
        "quick": q,
        "ingest_obs_per_s": round(ingest),
        "gui_stall_ms_max": stall,
        "poll_every_s": EVERY_S,
        "rss_mb_after_1m": round(rss, 1),
        "db_rows_after_1m": rows,
        "history_cap_rows_per_series": 2000,
        **machine(),
    }))


if __name__ == "__main__":
    main()
