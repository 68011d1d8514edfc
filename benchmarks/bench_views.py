"""Sector views benchmark; prints one JSON line of figures.

    .venv/bin/python benchmarks/bench_views.py
    .venv/bin/python benchmarks/bench_views.py --quick   # 2 s instead of 20, 1,000 values in the burst, for CI

- sector_render_ms_p50/max: one full 1920x1080 sector view (hcc: 8 tiles, a chart, a ranking, the alerts; data
  present) rendered into an image, the store read afresh each time as after new data;
- sector_build_render_ms_p50: the same view built from nothing (pyqtgraph chart included) and rendered once;
- cpu_pct_one_core: the wall's process CPU over 20 s, nine sector views on nine offscreen screens, the demo
  feeds fetched every second, thresholds and forecasts checked after each piece of news (the demo's running
  totals grow; most other figures come back unchanged, and a view repaints only what changed);
- cpu_pct_every_figure_changes: the same, while another thread also writes a new value for every province
  figure every second (the worst case: every tile, table and chart on every screen changes every second);
  gui_thread_cpu_pct_every_figure_changes: the GUI thread's share of it; screens_repainted_per_s_every_figure_
  changes: the area the nine screens repainted in that time, in whole screens a second;
- smallest_text_arcmin: every shipped layout applied in turn, every text run Qt draws on the nine screens
  recorded (tests/textcensus.py); the smallest capital height among them, as the angle it subtends at the
  configured viewing distance (5 m; goal >= 16 arc-minutes, NUREG-0700's group-view figure); text_faults: the
  texts among them too small, cut or drawn over another (goal 0);
- burst_stall_ms_max: 10,000 new values (province and commune figures, each different from the last) written
  within one second by another thread, the data hub told after every batch of 100; the longest delay of a
  5 ms timer on the GUI thread beyond its interval.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import threading
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.common import machine, quick_arg  # noqa: E402 (after the path is set)

os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={ROOT / 'tests' / 'nine-screens.json'}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    quick_arg(ap)
    q = ap.parse_args().quick
    run_s, renders, builds_n, burst = (2, 8, 4, 1_000) if q else (20, 50, 12, 10_000)
    from PySide6.QtCore import QElapsedTimer, QEvent, QObject, QRectF, QTimer, Signal
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtWidgets import QApplication, QGraphicsScene

    from ioc_core.fmt import TZ
    from ioc_core.indicators.indicator_store import IndicatorStore
    from ioc_core.indicators.observation import Observation
    from ioc_core.layouts.model import Region
    from ioc_core.loading import load_alerting, load_data_model
    from ioc_core.sources import sources_file as source_config
    from wall.app import build_controller, parse_args, start_data
    from wall.runtime.alerting import AlertMonitor
    from wall.runtime.datahub import DataHub
    from wall.runtime.memory import GuiThreadCollector, freeze_startup_objects
    from wall.runtime.runtime import WallRuntime
    from wall.widgets.base import ViewContext
    from wall.widgets.sector import SectorView

    app = QApplication([])
    tmp = tempfile.TemporaryDirectory()
    args = parse_args(["--demo", "--state-dir", tmp.name, "--layouts-dir", str(ROOT / "layouts"),
                       "--layout", "tong-quan", "--log-level", "WARNING"])
    controller, config, problems = build_controller(args)
    catalogue, sector_views, _state = load_data_model(args, problems)
    hub = DataHub(catalogue, args.state_dir / "indicators.sqlite")
    book, rules = load_alerting(args, problems, catalogue)
    context = ViewContext(hub, sector_views, book)
    runtime = WallRuntime(controller, config, problems, context=context)
    runtime.start()
    monitor = AlertMonitor(hub, book, controller, rules)
    demo = source_config.demo_sources
    source_config.demo_sources = lambda cat: demo(cat, every_s=1)  # every feed, every second (start_data looks it up)
    scheduler = start_data(args, problems, catalogue, hub)

    def spin(seconds: float) -> None:
        end = time.perf_counter() + seconds
        while time.perf_counter() < end:
            app.processEvents()
            time.sleep(0.002)

    class Bridge(QObject):
        wrote = Signal(object)

    bridge = Bridge()
    bridge.wrote.connect(hub.mark)  # queued to the GUI thread, as the fetch scheduler's news is

    def rows() -> list[tuple[str, str, str, float]]:
        """(indicator, region, period, value) of every stored latest figure: what a churn rewrites."""
        store = hub.store()
        out = []
        for ind in catalogue.indicators.values():
            if (rd := store.latest(ind.id)) is not None and rd.value is not None:
                out.append((ind.id, "province", rd.period, rd.value))
            out += [(ind.id, region, period, value) for region, period, value, _ in store.latest_by_region(ind.id)]
        return out

    written = [0]

    def churn(targets, per_second: int, seconds: float, batch: int) -> None:
        """Writes ``per_second * seconds`` new values (each within 10 % of the last) from another thread, in
        batches due at an even pace; the hub is told after each batch."""
        store = IndicatorStore(args.state_dir / "indicators.sqlite", catalogue)
        rng = random.Random(7)
        start, n = time.perf_counter(), 0
        while n < per_second * seconds:
            picked = [targets[(n + k) % len(targets)] for k in range(batch)]
            n += batch
            obs = {(i, region): Observation(i, period, max(0.0, v * rng.uniform(0.9, 1.1)), region=region)
                   for i, region, period, v in picked}
            written[0] += store.ingest("bench", list(obs.values())).accepted
            bridge.wrote.emit({i for i, _ in obs})
            time.sleep(max(0.0, start + n / per_second - time.perf_counter()))
        store.close()

    spin(1 if q else 3)  # first fetches in
    freeze_startup_objects()  # as the wall does once its screens are painted
    collector = GuiThreadCollector(app)
    cpu0, t0 = time.process_time(), time.perf_counter()
    spin(run_s)
    cpu_pct = 100 * (time.process_time() - cpu0) / (time.perf_counter() - t0)

    class Repaints(QObject):
        """Sums the area the screens' viewports repaint, in screens."""

        def __init__(self, screens):
            super().__init__()
            self.screens = 0.0
            for screen in screens:
                screen.viewport().installEventFilter(self)

        def eventFilter(self, obj, event) -> bool:  # noqa: N802 (Qt's name)
            if event.type() == QEvent.Type.Paint:
                self.screens += sum(r.width() * r.height() for r in event.region()) / (obj.width() * obj.height())
            return False

    targets = rows()
    province = [t for t in targets if t[1] == "province"]
    writer = threading.Thread(target=churn, args=(province, len(province), run_s, len(province)))
    repaints = Repaints(runtime.screen_views().values())
    writer.start()
    cpu0, t0, gui0 = time.process_time(), time.perf_counter(), time.thread_time()
    spin(run_s)
    gui_all = 100 * (time.thread_time() - gui0) / (time.perf_counter() - t0)
    repainted = repaints.screens / (time.perf_counter() - t0)
    writer.join()
    cpu_all = 100 * (time.process_time() - cpu0) / (time.perf_counter() - t0)

    view = SectorView(Region("hcc", 0, 0), {"kind": "sector", "sector": "hcc"}, context)
    view.setGeometry(QRectF(0, 0, 1920, 1080))
    view.tick(datetime.now(TZ))
    scene = QGraphicsScene(0, 0, 1920, 1080)
    scene.addItem(view)
    img = QImage(1920, 1080, QImage.Format.Format_RGB32)
    times = []
    for _ in range(renders):
        hub._cache.clear()  # read the store each time, as after new data
        t = time.perf_counter()
        painter = QPainter(img)
        scene.render(painter, QRectF(0, 0, 1920, 1080), QRectF(0, 0, 1920, 1080))
        painter.end()
        times.append((time.perf_counter() - t) * 1000)

    builds = []
    for _ in range(builds_n):
        t = time.perf_counter()
        fresh = SectorView(Region("hcc", 0, 0), {"kind": "sector", "sector": "hcc"}, context)
        fresh.setGeometry(QRectF(0, 0, 1920, 1080))
        fresh.tick(datetime.now(TZ))
        other = QGraphicsScene(0, 0, 1920, 1080)
        other.addItem(fresh)
        painter = QPainter(img)
        other.render(painter, QRectF(0, 0, 1920, 1080), QRectF(0, 0, 1920, 1080))
        painter.end()
        builds.append((time.perf_counter() - t) * 1000)
        fresh.dispose()
        other.removeItem(fresh)
        fresh.deleteLater()
    app.processEvents()

    gaps, clock = [], QElapsedTimer()
    heart = QTimer(interval=5)
    heart.timeout.connect(lambda: gaps.append(clock.restart()))
    spin(0.5 if q else 2)
    clock.start()
    heart.start()
    written[0] = 0
    writer = threading.Thread(target=churn, args=(targets, burst, 1.0, 100))
    start = time.perf_counter()
    writer.start()
    # the burst, then the hub's last coalesced news and its repaints
    while time.perf_counter() - start < (1.5 if q else 3.0):
        app.processEvents()
        time.sleep(0.001)
    writer.join()
    heart.stop()

    from ioc_core.setup.geometry import Rect
    from tests.textcensus import census, faults

    room, smallest, text_faults, layouts_seen = config.room(), float("inf"), 0, 0
    for lid in controller.library.ids():
        if not controller.execute({"command": "apply_layout", "layout": lid}).accepted:
            continue
        layouts_seen += 1
        spin(1.0 if q else 2.5)  # the new views' models from the worker, their first paints
        for row, col in runtime.geo.screens():
            s: Rect = runtime.geo.screen_rect(row, col)
            runs = census(runtime.scene, QRectF(s.x, s.y, s.w, s.h))
            smallest = min([smallest, *(r.cap_px for r in runs)])
        for item in runtime.items.values():
            text_faults += len(faults(census(runtime.scene, item.sceneBoundingRect()), room.cap_px))
    scheduler.stop()
    monitor.stop()
    collector.stop()
    view.dispose()
    hub.close()

    print(json.dumps({
        "quick": q,
        "sector_render_ms_p50": round(statistics.median(times[5:]), 1),
        "sector_render_ms_max": round(max(times[5:]), 1),
        "sector_build_render_ms_p50": round(statistics.median(builds[2:]), 1),
        "alerts_open": len(book.alerts()),
        "cpu_pct_one_core": round(cpu_pct, 1),
        "cpu_pct_every_figure_changes": round(cpu_all, 1),
        "gui_thread_cpu_pct_every_figure_changes": round(gui_all, 1),
        "screens_repainted_per_s_every_figure_changes": round(repainted, 2),
        "burst_values_written": written[0],
        "burst_stall_ms_max": max(0, max(gaps[1:]) - 5),
        "viewing_distance_m": room.distance_m,
        "layouts_checked": layouts_seen,
        "smallest_text_cap_px": round(smallest, 1),
        "smallest_text_arcmin": round(room.arc_minutes(smallest), 1),
        "text_faults": text_faults,
        **machine(),
    }))


if __name__ == "__main__":
    main()
