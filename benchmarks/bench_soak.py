"""24/7 benchmark: the soak's growth slopes, recovery after kill -9, and the watchdog's time to notice a stuck GUI
thread; a real wall process (nine offscreen 1920x1080 screens, demo data); prints one JSON line of figures.

    .venv/bin/python benchmarks/bench_soak.py [--soak-s 600] [--rate 1440] [--kills 5] [--stalls 3]

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
import signal
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.common import machine  # noqa: E402
from tests import soak  # noqa: E402
from tests.wallproc import READY, WallApi, WallProcess, wait_for_count  # noqa: E402


def start(state_dir: Path, *args: str, env: dict | None = None) -> WallProcess:
    return WallProcess("--demo", "--state-dir", str(state_dir), "--layouts-dir", str(ROOT / "layouts"), *args,
                       env=env)


def kill9(folder: Path, kills: int) -> list[float]:
    state_dir = folder / "kill9"
    first = start(state_dir, "--layout", "tong-quan")
    first.wait_for(READY, 90)  # the first start fills the demo history; restarts find it
    proc, times = first, []
    for n in range(kills):
        api = WallApi(proc, state_dir)
        layout = soak.CYCLE[n % (len(soak.CYCLE) - 1) + 1]
        assert api.command(command="apply_layout", layout=layout).status_code == 200
        proc.proc.kill()
        proc.proc.wait(10)
        t0 = time.monotonic()
        proc = start(state_dir)
        proc.wait_for(READY, 60)
        times.append(time.monotonic() - t0)
        assert WallApi(proc, state_dir).state()["layout"] == layout, "the picture did not come back"
    proc.stop(signal.SIGKILL)
    return times


def stalls(folder: Path, count: int) -> tuple[list[float], list[float]]:
    state_dir = folder / "stall"
    proc = start(state_dir, "--layout", "tong-quan", env={"IOC_WALL_FAULTS": "1", "IOC_WALL_STALL_S": "60",
                                                           "INVOCATION_ID": "", "NOTIFY_SOCKET": ""})
    detect, restart = [], []
    try:
        for n in range(count):
            wait_for_count(proc, READY, n + 1, 90)
            time.sleep(2)
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
    args = ap.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-soak-"))
    run = soak.run(folder / "soak", args.soak_s, rate=args.rate)
    out = {"soak_real_s": args.soak_s, "soak_simulated_days": round(run.simulated_days(), 2),
           "soak_cycles": run.cycles, "soak_commands": run.commands, "soak_refused": run.refused}
    for metric in soak.METRICS:
        out[f"soak_{metric}_per_day"] = round(run.slope_per_day(metric), 3)
    out["soak_rss_mb_per_real_hour"] = round(run.slope_per_day("rss_mb") * args.rate / 24, 2)
    out["soak_rss_mb_start_end"] = [round(run.samples[0]["rss_mb"], 1), round(run.samples[-1]["rss_mb"], 1)]
    recover = kill9(folder, args.kills)
    out["kill9_recover_s_p50"] = round(statistics.median(recover), 2)
    out["kill9_recover_s_max"] = round(max(recover), 2)
    detect, restart = stalls(folder, args.stalls)
    out["watchdog_detect_s_p50"] = round(statistics.median(detect), 2)
    out["watchdog_detect_s_max"] = round(max(detect), 2)
    out["watchdog_restart_s_p50"] = round(statistics.median(restart), 2)
    out["kill9_recover_s"] = [round(t, 2) for t in recover]
    out["watchdog_detect_s"] = [round(t, 2) for t in detect]
    print(json.dumps({**out, **machine()}))


if __name__ == "__main__":
    main()
