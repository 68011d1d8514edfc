"""Every benchmark's quick mode runs in CI, so none can break unseen: each prints its one line of figures, and its
hard limits hold even at the small sizes (the speed goals are for the full runs, on a quiet machine:
docs/performance.md). A benchmark's children end with it: when it ends, when it is stopped by SIGTERM or Ctrl+C
while its wall runs, and when it fails.

This process is made a child subreaper while a benchmark runs, so a wall or RTSP server the benchmark leaves
behind becomes its child: seen here, and ended here."""

from __future__ import annotations

import contextlib
import ctypes
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PR_SET_CHILD_SUBREAPER = 36


def children() -> set[int]:
    return {int(pid) for task in Path("/proc/self/task").glob("*/children") for pid in task.read_text().split()}


def running(pid: int) -> bool:
    """Alive and not a zombie."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return False


@pytest.fixture
def orphans():
    """The processes left behind by what the test started: this process adopts them (a child subreaper) while the
    test runs; the fixture yields a function that lists them (running ones, not yet reaped), and ends them all at
    the end whatever happened."""
    before = children()
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0:
        pytest.skip("cannot become a child subreaper (not Linux?)")

    def left() -> list[int]:
        return sorted(pid for pid in children() - before if running(pid))

    try:
        yield left
    finally:
        libc.prctl(PR_SET_CHILD_SUBREAPER, 0, 0, 0, 0)
        for pid in children() - before:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
            with contextlib.suppress(ChildProcessError):
                os.waitpid(pid, 0)


def env() -> dict:
    return {**os.environ, "QT_QPA_PLATFORM": "offscreen"}


def positive(*keys):
    return lambda f: all(f[k] > 0 for k in keys)


# each benchmark's quick run and what its figures must show even then
QUICK = {
    "bench_sources.py": lambda f: (
        all(f[k] > 0 for k in ("json_values_per_s", "jsonstat_values_per_s", "csv_values_per_s", "xlsx_rows_per_s"))
        and f["fetches"] >= 12 and f["fetch_over_deadline_s_max"] <= 1.0  # every fetch ends in time
        and f["peak_memory_ratio_10mb"] <= 5),
    "bench_api.py": lambda f: (f["event_deliveries"] == 30 and f["discovery_s"] is not None
                               and f["command_rtt_ms_p50"] > 0 and f["slow_console_failed"] == 0
                               and f["slow_console_ms_p50"] > 0),
    "bench_wall.py": lambda f: f["switches"] == 12 and 0 < f["start_s"] < 30 and f["switch_ms_p50"] > 0,
    "bench_data.py": lambda f: f["ingest_obs_per_s"] > 0 and f["db_rows_after_1m"] == 50_000,
    "bench_views.py": lambda f: f["burst_values_written"] == 1000 and f["sector_render_ms_p50"] > 0,
    "bench_editor.py": positive("drag_step_ms_p50_dense", "save_ms_p50", "save_apply_ms_p50"),
    "bench_cameras.py": lambda f: (0 < f["start_9_s"] < 30 and f["cpu_pct_9"] > f["cpu_pct_idle_wall"]
                                   and f["recovery_s_max"] > 0),
    "bench_share.py": lambda f: (f["viewer_fps_1"] > 0 and f["viewer_fps_3"] > 0 and f["paint_fps_0"] > 0
                                 and f["latency_ms_max_3"] < 10_000),
    "bench_viewers.py": lambda f: (f["snapshots"] > 0 and f["errors"] == 0 and f["watchdog_restarts"] == 0
                                   and f["picture_unchanged"] and f["wall_running"]
                                   and f["gui_stall_ms_max"] is not None and f["stall_seconds_recorded"] >= 2
                                   and f["state_errors"] == 0 and f["state_ms_p50"] > 0),
    "bench_hub.py": lambda f: (f["changes"] == 3 and 0 < f["pixel_ms_p50"] <= f["pixel_ms_p99"] < 15_000
                               and f["lost"] == 0 and f["readings_published"] > 0 and f["subscribers"] == 2
                               and 0 < f["broker_restart_s"] < 60 and f["week_fetches"] >= 200
                               and f["hub_rss_mb"] > 0),
    "bench_mobile.py": lambda f: (0 < f["first_load_kb"] <= 300 and 0 < f["usable_ms_p50"] < 10_000
                                  and f["phones"] == 10 and f["alerts"] == 3 and f["phones_missed"] == 0
                                  and f["emails"] == 3 and f["email_ms_p99"] is not None),
    "bench_forecast.py": lambda f: (f["judged"] >= 30 and 0 < f["shown"] <= f["judged"] and f["skill_mean"] < 1
                                    and 0.5 <= f["coverage_pooled"] <= 1 and f["refit_n"] == 40 and f["refit_s"] > 0
                                    and f["fit_ms_p50"] > 0 and f["gui_ticks"] > 0 and f["gui_gap_ms_max"] >= 5
                                    and f["gui_child_process_gap_ms_max"] >= 5 and f["gui_thread_gap_ms_max"] >= 5
                                    and f["accuracy"]["public"]["judged"] == 3),
    "bench_soak.py": lambda f: (f["soak_cycles"] >= 1 and f["soak_refused"] == 0 and len(f["kill9_recover_s"]) == 1
                                and 0 < f["watchdog_detect_s_max"] <= f["watchdog_limit_s"] + 1),
}


def test_every_benchmark_has_a_quick_run_here():
    assert sorted(QUICK) == sorted(p.name for p in (ROOT / "benchmarks").glob("bench_*.py"))


@pytest.mark.parametrize("bench", sorted(QUICK))
def test_quick_run_prints_one_line_within_its_limits_and_leaves_nothing(bench, orphans):
    out = subprocess.run([sys.executable, f"benchmarks/{bench}", "--quick"], cwd=ROOT, env=env(),
                         capture_output=True, text=True, timeout=240)
    assert out.returncode == 0, out.stderr[-3000:]
    lines = [ln for ln in out.stdout.splitlines() if ln.startswith("{")]
    assert len(lines) == 1, out.stdout
    figures = json.loads(lines[0])
    assert figures.get("quick") is True
    assert QUICK[bench](figures), figures
    assert orphans() == [], f"{bench} left processes running: {orphans()}"


def wall_of(bench: subprocess.Popen, timeout: float = 60) -> int:
    """The pid of the wall the benchmark runs, once it has one."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for task in Path(f"/proc/{bench.pid}/task").glob("*/children"):
            for pid in task.read_text().split():
                with contextlib.suppress(FileNotFoundError):
                    if b"\0-m\0wall\0" in Path(f"/proc/{pid}/cmdline").read_bytes():
                        return int(pid)
        assert bench.poll() is None, f"the benchmark ended before it started a wall: {bench.returncode}"
        time.sleep(0.05)
    raise AssertionError(f"no wall within {timeout} s")


def listening(pid: int) -> list[str]:
    """The addresses (hex, as /proc/net/tcp has them: 0100007F is 127.0.0.1) of the TCP sockets ``pid`` listens
    on."""
    inodes = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        with contextlib.suppress(OSError):
            if (target := os.readlink(fd)).startswith("socket:["):
                inodes.add(target[8:-1])
    out = []
    for table in ("tcp", "tcp6"):
        for line in Path(f"/proc/{pid}/net/{table}").read_text().splitlines()[1:]:
            fields = line.split()
            if fields[3] == "0A" and fields[9] in inodes:  # LISTEN
                out.append(fields[1].rsplit(":", 1)[0])
    return out


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_a_benchmark_stopped_while_its_wall_runs_ends_the_wall(signum, orphans, tmp_path):
    log = (tmp_path / "stderr").open("w")
    bench = subprocess.Popen([sys.executable, "benchmarks/bench_soak.py", "--quick"], cwd=ROOT, env=env(),
                             stdout=subprocess.DEVNULL, stderr=log)
    try:
        wall = wall_of(bench)
        deadline = time.monotonic() + 30  # the wall up and listening: its API socket is open
        while running(wall) and not listening(wall):
            assert time.monotonic() < deadline, "the wall never listened"
            time.sleep(0.05)
        assert running(wall)
        assert set(listening(wall)) == {"0100007F"}, "a benchmark's wall must listen on 127.0.0.1 only"
        bench.send_signal(signum)
        assert bench.wait(30) == 128 + signum, (tmp_path / "stderr").read_text()[-3000:]
        assert not running(wall), "the wall outlived its benchmark"
        assert orphans() == []
    finally:
        if bench.poll() is None:
            bench.kill()
            bench.wait(10)
        log.close()


def test_a_benchmark_that_fails_ends_its_children(orphans):
    """An exception outside any try: the children a benchmark started still end with it (at exit)."""
    code = ("import subprocess, sys\n"
            "sys.path.insert(0, '.')\n"
            "from benchmarks.common import end_children_with_me\n"
            "end_children_with_me()\n"
            "child = subprocess.Popen(['sleep', '60'])\n"
            "print(child.pid, flush=True)\n"
            "raise RuntimeError('the benchmark fails')\n")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert out.returncode == 1 and "RuntimeError: the benchmark fails" in out.stderr
    assert not running(int(out.stdout.split()[0]))
    assert orphans() == []
