"""Viewers benchmark: the GUI thread while 20 viewers pull 4K snapshots; prints one JSON line of figures.

    .venv/bin/python benchmarks/bench_viewers.py
    .venv/bin/python benchmarks/bench_viewers.py --quick   # 3 viewers for 3 s, for CI

A real wall process (demo data flowing, nine offscreen 1920x1080 screens, API on 127.0.0.1, the GUI thread's
heartbeat recorded: wall/runtime/stallrecord.py). Found: a flood of snapshot requests stalled the GUI thread 8 s
and the watchdog restarted the wall, dropping the operator's picture.

- gui_stall_ms_max: the longest the GUI thread's event loop was late (a 10 ms precise timer's worst delay) while
  ``viewers`` threads each pull GET /screens/{row}/{col}/snapshot?width=3840 (3840x2160 PNG), one after another,
  each on a screen of its own in turn, for ``seconds`` (goal: <= 50 ms); gui_stall_ms_max_idle: the same with no
  viewer, over as many seconds before them (what the demo feeds and the screens cost alone);
- snapshots, snapshots_per_s, snapshot_ms_p50/p99: the answers the viewers got, and how long each took;
- state_ms_p50/p99: a console's GET /state every 50 ms while the viewers pull (goal p99 <= 100 ms);
- watchdog_restarts: the wall's own restarts during the run (must be 0), and picture_unchanged: the state's
  revision, layout and views the same after the flood as before it (the operator's picture kept).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.common import end_children_with_me, machine, percentile, quick_arg  # noqa: E402
from tests.wallproc import READY, WallApi, WallProcess  # noqa: E402

GOAL_MS = 50.0
WORDS = "gui stall: longest "  # wall/runtime/stallrecord.py
GOAL_STATE_MS = 100.0  # a console's GET /state p99 during the flood
STUCK = "GUI thread stuck"  # wall/runtime/gui_watchdog.py
FULL = {"viewers": 20, "seconds": 60.0, "idle_s": 10.0, "warm_s": 5.0}
QUICK = {"viewers": 3, "seconds": 3.0, "idle_s": 2.0, "warm_s": 1.0}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    quick_arg(ap)
    ap.add_argument("--viewers", type=int)
    ap.add_argument("--seconds", type=float)
    args = ap.parse_args()
    end_children_with_me()
    counts = dict(QUICK if args.quick else FULL)
    counts.update({k: v for k, v in (("viewers", args.viewers), ("seconds", args.seconds)) if v is not None})
    folder = tempfile.TemporaryDirectory()
    state = Path(folder.name) / "state"
    wall = WallProcess("--demo", "--state-dir", str(state), "--log-level", "INFO", "--layout", "tong-quan",
                       env={"IOC_WALL_STALL_RECORD": "1"})
    try:
        wall.wait_for(READY, 60)
        figures = measure(wall, WallApi(wall, state), counts)
    finally:
        wall.stop()
        folder.cleanup()
    print(json.dumps({"quick": args.quick, **figures, **machine()}))


def stalls(wall: WallProcess, since: int) -> list[float]:
    """The longest delays the wall logged (one a second) from its log line ``since`` on."""
    out = []
    for line in wall.lines[since:]:
        if WORDS in line:
            out.append(float(line.split(WORDS, 1)[1].split(" ms", 1)[0]))
    return out


def picture(api: WallApi) -> dict:
    s = api.state()
    return {"revision": s["revision"], "layout": s["layout"], "views": s.get("views")}


def measure(wall: WallProcess, api: WallApi, counts: dict) -> dict:
    pid = wall.proc.pid
    time.sleep(counts["warm_s"])  # the demo feeds' first data in, the start-up's work done
    before = picture(api)
    restarts_before = len((api.health().get("watchdog") or {}).get("restarts", []))

    mark = len(wall.lines)
    time.sleep(counts["idle_s"])
    idle = stalls(wall, mark)

    info = api.call("GET", "/wall", "viewer").json()
    rows, cols = info["rows"], info["cols"]
    screens = [(r, c) for r in range(rows) for c in range(cols)]
    token = api.tokens["viewer"]
    times: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    stop = threading.Event()
    start = threading.Barrier(counts["viewers"] + 2)  # the viewers, the console and this thread

    def viewer(k: int) -> None:
        session = requests.Session()
        session.headers["Authorization"] = f"Bearer {token}"
        start.wait(10)
        n = k
        while not stop.is_set():
            row, col = screens[n % len(screens)]
            n += 1
            t = time.perf_counter()
            try:
                r = session.get(f"{api.url}/screens/{row}/{col}/snapshot", params={"width": 3840}, timeout=30)
                ok = r.status_code == 200 and r.content[:8] == b"\x89PNG\r\n\x1a\n"
                what = f"{r.status_code}"
            except requests.RequestException as exc:
                ok, what = False, type(exc).__name__
            with lock:
                (times.append((time.perf_counter() - t) * 1000) if ok else errors.append(what))
        session.close()

    state_times: list[float] = []
    state_errors: list[str] = []

    def console() -> None:  # an operator's console reading the state meanwhile
        session = requests.Session()
        session.headers["Authorization"] = f"Bearer {api.tokens['operator']}"
        start.wait(10)
        while not stop.wait(0.05):
            t = time.perf_counter()
            try:
                r = session.get(f"{api.url}/state", timeout=30)
                (state_times.append((time.perf_counter() - t) * 1000) if r.status_code == 200
                 else state_errors.append(str(r.status_code)))
            except requests.RequestException as exc:
                state_errors.append(type(exc).__name__)
        session.close()

    threads = [threading.Thread(target=viewer, args=(k,), daemon=True) for k in range(counts["viewers"])]
    threads.append(threading.Thread(target=console, daemon=True))
    for t in threads:
        t.start()
    mark = len(wall.lines)
    start.wait(10)
    began = time.perf_counter()
    time.sleep(counts["seconds"])
    stop.set()
    for t in threads:
        t.join(40)
    took = time.perf_counter() - began
    time.sleep(1.2)  # the last second's line
    flood = stalls(wall, mark)

    after = picture(api)
    restarts = len((api.health().get("watchdog") or {}).get("restarts", [])) - restarts_before
    stuck = sum(STUCK in line for line in wall.lines)
    stall_max = max(flood) if flood else None
    return {
        "viewers": counts["viewers"],
        "seconds": counts["seconds"],
        "snapshot_px": "3840x2160",
        "snapshots": len(times),
        "snapshots_per_s": round(len(times) / took, 1),
        "snapshot_ms_p50": round(statistics.median(times), 1) if times else None,
        "snapshot_ms_p99": round(percentile(times, 99), 1) if times else None,
        "errors": len(errors),
        "error_kinds": sorted(set(errors)),
        "state_ms_p50": round(statistics.median(state_times), 1) if state_times else None,
        "state_ms_p99": round(percentile(state_times, 99), 1) if state_times else None,
        "state_errors": len(state_errors),
        "goal_state_ms_p99": GOAL_STATE_MS,
        "gui_stall_ms_max": stall_max,
        "gui_stall_ms_p50_of_seconds": round(statistics.median(flood), 1) if flood else None,
        "gui_stall_ms_max_idle": max(idle) if idle else None,
        "stall_seconds_recorded": len(flood),
        "watchdog_restarts": max(restarts, stuck),
        "wall_running": wall.proc.poll() is None and wall.proc.pid == pid,
        "picture_unchanged": before == after,
        "goal_gui_stall_ms": GOAL_MS,
        "goal_met": stall_max is not None and stall_max <= GOAL_MS and restarts == 0 and stuck == 0
        and before == after and not errors and not state_errors
        and bool(state_times) and percentile(state_times, 99) <= GOAL_STATE_MS,
    }


if __name__ == "__main__":
    main()
