"""What every benchmark reports the same way: resident memory, percentiles, and the machine it ran on."""

from __future__ import annotations

import os
import platform

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
