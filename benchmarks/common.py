"""What every benchmark reports the same way: resident memory, percentiles, and the machine it ran on."""

from __future__ import annotations

import atexit
import contextlib
import os
import platform
import signal
import subprocess
import time
from pathlib import Path

from wall.runtime.memory import rss_mb  # noqa: F401 (the benchmarks read it from here)


def percentile(values: list[float], q: float) -> float:
    """The nearest-rank ``q``-th percentile (q in 0-100)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * len(ordered) + 0.5) - 1))]


def machine() -> dict:
    """The figures' context: Python, PySide6 and the machine."""
    import PySide6

    return {"python": platform.python_version(), "pyside6": PySide6.__version__,
            "machine": f"{platform.machine()}, {os.cpu_count()} cores"}


def end_children_with_me() -> None:
    """A benchmark's children (walls, RTSP servers) end with it in every case: SIGTERM, SIGINT and SIGHUP raise
    ``SystemExit`` in the main thread, so every ``finally`` runs and stops what it started; later signals are
    ignored while it cleans up (each stop is bounded), so a second Ctrl+C cannot cut that short; and at exit any
    child still there (started outside a ``try``, or a ``finally`` cut short) is ended too. Call it first thing."""

    def stop(signum, frame):
        for s in SIGNALS:
            signal.signal(s, signal.SIG_IGN)
        raise SystemExit(128 + signum)

    for s in SIGNALS:
        signal.signal(s, stop)
    atexit.register(end_children)


SIGNALS = (signal.SIGTERM, signal.SIGINT, signal.SIGHUP)


def end_process(proc, timeout: float = 10.0, terminate: bool = True) -> None:
    """``proc`` (a subprocess.Popen) ended: SIGTERM (or, with ``terminate=False``, only waiting: it was told to end
    some other way), then SIGKILL if it is still running after ``timeout``; reaped either way."""
    if terminate:
        proc.terminate()
    try:
        proc.wait(timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(5)


def children() -> list[int]:
    """This process's child processes (Linux: /proc/self/task/*/children)."""
    return [int(pid) for task in Path("/proc/self/task").glob("*/children") for pid in task.read_text().split()]


def end_children(timeout: float = 5.0) -> None:
    """SIGTERM to every child still there, SIGKILL to those still running after ``timeout``; each reaped."""
    left = children()
    for pid in left:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while left:
        for pid in list(left):
            try:
                done = os.waitpid(pid, os.WNOHANG)[0] == pid
            except ChildProcessError:
                done = True
            if done:
                left.remove(pid)
        if left and time.monotonic() > deadline:
            for pid in left:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
                with contextlib.suppress(ChildProcessError):
                    os.waitpid(pid, 0)
            break
        time.sleep(0.05)


def quick_arg(parser) -> None:
    """``--quick``: the smallest run that goes through every step, for CI (tests/core/test_bench_quick.py); its
    figures say the benchmark works, not how fast (docs/performance.md has the full runs)."""
    parser.add_argument("--quick", action="store_true", help="smallest sizes, for CI: every step, no figures to "
                        "quote")
