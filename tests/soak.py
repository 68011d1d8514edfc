"""The soak: a real demo wall on an accelerated clock, switching layouts and taking commands from a client while
its resources are sampled; growth is a robust slope per simulated day. Used by tests/core/test_soak.py (short) and
benchmarks/bench_soak.py (long)."""

from __future__ import annotations

import itertools
import statistics
import time
from dataclasses import dataclass, field
from pathlib import Path

from wall.runtime.memory import open_files, process_threads, rss_mb

from .wallproc import READY, WallApi, WallProcess

ROOT = Path(__file__).resolve().parent.parent
DAY_S = 86400
# every shipped layout but the meeting's, in a fixed order; tong-quan (9 sector views) opens each cycle, and the
# resources are compared there, with the same views up each time
CYCLE = ("tong-quan", "van-hanh", "tap-trung-hcc", "khan-cap", "camera", "tong-quan")
METRICS = ("rss_mb", "fds", "threads", "widgets", "scene_items", "python_qobjects")


@dataclass
class Soak:
    rate: float
    samples: list[dict] = field(default_factory=list)
    commands: int = 0
    refused: int = 0
    cycles: int = 0
    log: str = ""

    def series(self, metric: str, skip: float) -> tuple[list[float], list[float]]:
        """(simulated days, values) after the first ``skip`` of the run (the warm-up: caches filling, the
        indicator store's first days, Python's first collections)."""
        start = self.samples[0]["t"] + skip * (self.samples[-1]["t"] - self.samples[0]["t"])
        kept = [s for s in self.samples if s["t"] >= start]
        return [s["t"] * self.rate / DAY_S for s in kept], [s[metric] for s in kept]

    def slope_per_day(self, metric: str, skip: float = 0.3) -> float:
        return theil_sen(*self.series(metric, skip))

    def simulated_days(self) -> float:
        return (self.samples[-1]["t"] - self.samples[0]["t"]) * self.rate / DAY_S


def theil_sen(xs: list[float], ys: list[float]) -> float:
    """The median of all pairwise slopes: one odd sample (a collection, a burst of fetches) does not tilt it."""
    points = itertools.combinations(zip(xs, ys, strict=True), 2)
    slopes = [(y2 - y1) / (x2 - x1) for (x1, y1), (x2, y2) in points if x2 > x1]
    return statistics.median(slopes) if slopes else 0.0


def sample(api: WallApi, t0: float) -> dict:
    """Files and threads first, the least of three readings: the API's thread and socket for a request that has
    just been answered (the soak's own, a moment ago) may not be gone yet, and are not what the wall holds."""
    pid = api.proc.proc.pid
    reads = []
    for _ in range(3):
        reads.append((open_files(pid), process_threads(pid)))
        time.sleep(0.1)
    out = {"t": time.monotonic() - t0, "rss_mb": rss_mb(pid), "fds": min(r[0] for r in reads),
           "threads": min(r[1] for r in reads)}
    return {**out, **api.health(objects=True)["objects"]}


def run(state_dir: Path, seconds: float, rate: float = 1440, step_s: float = 2.0, log=None) -> Soak:
    """Drive a demo wall for ``seconds`` of real time; a sample at the start of every cycle of layouts."""
    proc = WallProcess("--demo", "--state-dir", str(state_dir), "--layout", "tong-quan", "--layouts-dir",
                       str(ROOT / "layouts"), env={"IOC_WALL_CLOCK_RATE": str(rate)})
    soak = Soak(rate)
    try:
        proc.wait_for(READY, timeout=60)
        api = WallApi(proc, state_dir)
        t0 = time.monotonic()
        for n in itertools.count():
            layout = CYCLE[n % len(CYCLE)]
            if n % len(CYCLE) == 0 and n:
                time.sleep(1.0)  # the views of the cycle's first layout settled
                soak.samples.append(sample(api, t0))
                soak.cycles += 1
                if log:
                    log(soak.samples[-1])
                if time.monotonic() - t0 >= seconds:
                    break
            for cmd in commands(layout, n):
                r = api.command(**cmd)
                soak.commands += 1
                soak.refused += r.status_code != 200
            time.sleep(step_s)
        return soak
    finally:
        proc.stop()
        soak.log = proc.log


def commands(layout: str, n: int) -> list[dict]:
    """What an operator does between switches: a layout, then a view pushed, a screen blacked out and back, the
    identify overlay, a freeze of the figures; all of them kinds of change that build and tear down views."""
    out = [{"command": "apply_layout", "layout": layout}]
    if layout == "tong-quan":
        sector = ("yte", "giaoduc", "dulich", "ktxh")[n // len(CYCLE) % 4]  # the catalogue's ids
        out.append({"command": "show_view", "region": "ktxh", "view": {"kind": "sector", "sector": sector}})
        out.append({"command": "blackout", "screen": [2, 2]})
        out.append({"command": "unblank", "screen": [2, 2]})
    elif layout == "van-hanh":
        out.append({"command": "identify", "on": True})
        out.append({"command": "identify", "on": False})
        out.append({"command": "freeze", "on": n % 2 == 1})
    return out
