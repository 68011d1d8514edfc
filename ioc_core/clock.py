"""The wall's clock of record for wall time: freshness, fetch cadences, alerts, rule takeovers (Qt-free).

It is the system clock, except in soak and fault tests, which set:
- ``IOC_WALL_CLOCK_RATE``: simulated seconds per real second (1440 runs a day in a minute), so every cadence,
  outage and expiry that the wall measures in wall time comes that much sooner;
- ``IOC_WALL_CLOCK_OFFSET_FILE``: a file holding a number of seconds added to the clock, read again when it
  changes, so a test can make the clock jump forward and back as a bad NTP step or a technician would.
Timers that pace the screens (repaints, beats, backoff) run on Qt's monotonic clock and are not affected.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

RATE = float(os.environ.get("IOC_WALL_CLOCK_RATE", "1") or 1)
_OFFSET_FILE = Path(p) if (p := os.environ.get("IOC_WALL_CLOCK_OFFSET_FILE")) else None
_T0 = time.time()
_offset = {"s": 0.0, "mtime": None, "checked": 0.0}


def now_s() -> float:
    """Seconds since the epoch, as the wall reckons them."""
    real = time.time()
    t = real if RATE == 1 else _T0 + (real - _T0) * RATE
    return t + (_read_offset() if _OFFSET_FILE is not None else 0.0)


def _read_offset() -> float:
    mono = time.monotonic()
    if mono - _offset["checked"] >= 0.2:
        _offset["checked"] = mono
        try:
            mtime = _OFFSET_FILE.stat().st_mtime_ns
            if mtime != _offset["mtime"]:
                _offset["s"] = float(_OFFSET_FILE.read_text().strip())
                _offset["mtime"] = mtime  # only once read whole: a half-written file is read again
        except (OSError, ValueError):
            pass  # no file yet, or empty or half written: keep the last offset
    return _offset["s"]


class StepWatch:
    """Notices the wall clock stepping (a wrong time corrected by NTP, a technician's change, a dead RTC battery
    at boot) by comparing it with the monotonic clock, so the health report and the log can say that figures'
    ages around that moment were measured across a jump."""

    KEEP = 5

    def __init__(self, threshold_s: float = 60.0, now=now_s, mono=time.monotonic):
        self.threshold_s = threshold_s
        self._now, self._mono = now, mono
        self._delta = now() - mono() * RATE
        self.steps: list[dict] = []

    def check(self) -> float | None:
        """The step in seconds since the last check (forward positive), or None when the clock ran steadily."""
        delta = self._now() - self._mono() * RATE
        step, self._delta = delta - self._delta, delta
        if abs(step) < self.threshold_s:
            return None
        self.steps = [*self.steps, {"at": round(self._now(), 3), "by_s": round(step, 1)}][-self.KEEP:]
        return step
