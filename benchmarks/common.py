"""What every benchmark reports the same way: resident memory, percentiles, and the machine it ran on."""

from __future__ import annotations

import os
import platform
from pathlib import Path


def rss_mb(pid: int | str = "self") -> float:
    """Resident memory of a process (this one by default), in MiB; NaN where /proc is missing."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


def percentile(values: list[float], q: float) -> float:
    """The nearest-rank ``q``-th percentile (q in 0-100)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * len(ordered) + 0.5) - 1))]


def machine() -> dict:
    """The figures' context: Python, PySide6 and the machine."""
    import PySide6

    return {"python": platform.python_version(), "pyside6": PySide6.__version__,
            "machine": f"{platform.machine()}, {os.cpu_count()} cores"}
