"""A measured heartbeat of the GUI thread, for benchmarks (``IOC_WALL_STALL_RECORD=1``; off otherwise).

A 10 ms precise timer on the GUI thread notes how late each of its ticks comes; once a second the longest delay of
that second is logged (``gui stall: longest ... ms``): how long the event loop was busy with something else (a
drawing, a command, a collection) and nothing on the screens could move. benchmarks/bench_viewers.py reads it.
"""

from __future__ import annotations

import logging
import os
import time

from PySide6.QtCore import QObject, Qt, QTimer

log = logging.getLogger(__name__)

ENV = "IOC_WALL_STALL_RECORD"
TICK_MS = 10
REPORT_S = 1.0
WORDS = "gui stall: longest"


class StallRecorder(QObject):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.longest_ms = 0.0  # since the start
        self._window_ms = 0.0
        self._last = self._reported = time.perf_counter()
        self._timer = QTimer(self, interval=TICK_MS)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.timeout.connect(self._tick)
        self._timer.start()

    @classmethod
    def from_env(cls, parent=None) -> StallRecorder | None:
        return cls(parent) if os.environ.get(ENV) == "1" else None

    def _tick(self) -> None:
        now = time.perf_counter()
        late_ms = max(0.0, (now - self._last) * 1000 - TICK_MS)
        self._last = now
        self._window_ms = max(self._window_ms, late_ms)
        self.longest_ms = max(self.longest_ms, late_ms)
        if now - self._reported >= REPORT_S:
            log.info("%s %.1f ms in the last %.1f s", WORDS, self._window_ms, now - self._reported)
            self._window_ms, self._reported = 0.0, now

    def stop(self) -> None:
        self._timer.stop()
