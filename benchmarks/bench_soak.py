"""24/7 benchmark: the soak's growth slopes, recovery after kill -9, and the watchdog's time to notice a stuck GUI
thread; a real wall process (nine offscreen 1920x1080 screens, demo data); prints one JSON line of figures.

    .venv/bin/python benchmarks/bench_soak.py [--soak-s 600] [--rate 1440] [--kills 5] [--stalls 3]
    .venv/bin/python benchmarks/bench_soak.py --quick   # one cycle, one kill, one stall (2 s limit), for CI

Its walls end with it: stopped by SIGTERM, SIGINT or an error, it stops them first.

- soak_*_per_day: the Theil-Sen slope of each resource per simulated day, over the soak after its first 30 %
  (tests/soak.py: the clock runs ``rate`` times fast, layouts switch every 2 s through the shipped ones, an
  operator's commands in between; samples with the same layout up, after a full garbage collection). Targets:
  rss_mb <= 5, fds 0, threads 0, Qt objects (widgets, scene items, Python-held QObjects) 0;
  soak_rss_mb_per_real_hour: the same RSS slope per real hour (what grows with real time, not wall time:
  repaints, beats);
- kill9_recover_s_p50/max: a wall killed with SIGKILL right after a command, started again on the same state
  folder: from the new process's start to every screen painted (target <= 3 s), the picture checked;
- watchdog_detect_s_p50/max: the GUI thread held still (the fault hook) until the watchdog logs it, with the
  default limit of 8 s (target <= 10 s); watchdog_restart_s: from then to every screen painted again.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.common import end_children_with_me, machine, quick_arg  # noqa: E402
from tests import soak  # noqa: E402
from tests.wallproc import READY, WallApi, WallProcess, wait_for_count  # noqa: E402


def start(state_dir: Path, *args: str, env: dict | None = None) -> WallProcess:
    return WallProcess("--demo", "--state-dir", str(state_dir), "--layouts-dir", str(ROOT / "layouts"), *args,
                       env=env)


def kill9(folder: Path, kills: int) -> list[float]:
    state_dir = folder / "kill9"
    proc, times = start(state_dir, "--layout", "tong-quan"), []
    try:
        proc.wait_for(READY, 90)  # the first start fills the demo history; restarts find it
        for n in range(kills):
            api = WallApi(proc, state_dir)
            layout = soak.CYCLE[n % (len(soak.CYCLE) - 1) + 1]
            assert api.command(command="apply_layout", layout=layout).status_code == 200
            proc.stop(signal.SIGKILL)
            t0 = time.monotonic()
            proc = start(state_dir)
            proc.wait_for(READY, 60)
            times.append(time.monotonic() - t0)
            assert WallApi(proc, state_dir).state()["layout"] == layout, "the picture did not come back"
    finally:
        proc.stop(signal.SIGKILL)
    return times


def stalls(folder: Path, count: int, limit_s: float = 8, rest_s: float = 2) -> tuple[list[float], list[float]]:
    state_dir = folder / "stall"
    proc = start(state_dir, "--layout", "tong-quan", env={"IOC_WALL_FAULTS": "1", "IOC_WALL_STALL_S": "60",
                                                           "IOC_WALL_WATCHDOG_S": str(limit_s),
                                                           "INVOCATION_ID": "", "NOTIFY_SOCKET": ""})
    detect, restart = [], []
    try:
        for n in range(count):
            wait_for_count(proc, READY, n + 1, 90)
            time.sleep(rest_s)
            t0 = time.monotonic()
            os.kill(proc.proc.pid, signal.SIGUSR2)
            wait_for_count(proc, "restarting the wall. It hangs at", n + 1, 30)  # the log line, once a stall
            t1 = time.monotonic()
            wait_for_count(proc, READY, n + 2, 60)
            detect.append(t1 - t0)
            restart.append(time.monotonic() - t1)
    finally:
        proc.stop(signal.SIGKILL)
    return detect, restart


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--soak-s", type=float, default=600)
    ap.add_argument("--rate", type=float, default=1440)
    ap.add_argument("--kills", type=int, default=5)
    ap.add_argument("--stalls", type=int, default=3)
    ap.add_argument("--watchdog-s", type=float, default=8, help="the watchdog's limit (the wall's default: 8 s)")
    quick_arg(ap)
    args = ap.parse_args()
    end_children_with_me()
    if args.quick:
        args.soak_s, args.kills, args.stalls, args.watchdog_s = 0, 1, 1, 2
    folder = Path(tempfile.mkdtemp(prefix="bench-soak-"))
    try:
        out = measure(args, folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    print(json.dumps({**out, **machine()}))


def measure(args: argparse.Namespace, folder: Path) -> dict:
    run = soak.run(folder / "soak", args.soak_s, rate=args.rate, step_s=0.2 if args.quick else 2.0)
    out = {"quick": args.quick, "soak_real_s": args.soak_s, "soak_simulated_days": round(run.simulated_days(), 2),
           "soak_cycles": run.cycles, "soak_commands": run.commands, "soak_refused": run.refused}
    for metric in soak.METRICS:
        out[f"soak_{metric}_per_day"] = round(run.slope_per_day(metric), 3)
    out["soak_rss_mb_per_real_hour"] = round(run.slope_per_day("rss_mb") * args.rate / 24, 2)
    out["soak_rss_mb_start_end"] = [round(run.samples[0]["rss_mb"], 1), round(run.samples[-1]["rss_mb"], 1)]
    recover = kill9(folder, args.kills)
    out["kill9_recover_s_p50"] = round(statistics.median(recover), 2)
    out["kill9_recover_s_max"] = round(max(recover), 2)
    detect, restart = stalls(folder, args.stalls, args.watchdog_s, rest_s=0.5 if args.quick else 2)
    out["watchdog_detect_s_p50"] = round(statistics.median(detect), 2)
    out["watchdog_detect_s_max"] = round(max(detect), 2)
    out["watchdog_restart_s_p50"] = round(statistics.median(restart), 2)
    out["kill9_recover_s"] = [round(t, 2) for t in recover]
    out["watchdog_detect_s"] = [round(t, 2) for t in detect]
    out["watchdog_limit_s"] = args.watchdog_s
    return out


if __name__ == "__main__":
    main()
