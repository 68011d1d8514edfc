"""Noticing a stuck GUI thread (Qt-free).

The GUI thread calls ``beat()`` from a timer; a plain thread checks that beats keep coming. When none came for
``limit_s`` the thread reports the stall once, with the stuck thread's stack (where it hangs is what a technician
needs to know), and the caller decides what to do (the wall restarts itself: wall/runtime/gui_watchdog.py). Only
the watching thread runs here; it needs the interpreter lock, so a hang that holds the lock is left to the
service manager's own watchdog (ioc_core/sdnotify.py).
"""

from __future__ import annotations

import sys
import threading
import time
import traceback
from collections.abc import Callable
from pathlib import Path

from ioc_core.jsonfile import read_json, write_json_atomic
from ioc_core.problems import InvalidFile

LOOP_RESTARTS, LOOP_WINDOW_S = 3, 600  # this many hangs within this window: the saved picture may be the cause
LIMIT_S = 8.0  # a GUI thread that has not turned for this long is stuck (no paint, no command takes this long)
POLL_S = 0.5


class StallWatch:
    def __init__(self, on_stuck: Callable[[float, str], None], limit_s: float = LIMIT_S, poll_s: float = POLL_S,
                 clock: Callable[[], float] = time.monotonic, watched: threading.Thread | None = None):
        self.on_stuck = on_stuck
        self.limit_s = limit_s
        self.poll_s = poll_s
        self.clock = clock
        self.watched = watched or threading.current_thread()
        self.last_beat = clock()
        self.stalls = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="gui-watchdog", daemon=True)

    def start(self) -> None:
        self.last_beat = self.clock()
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive() and self._thread is not threading.current_thread():
            self._thread.join(self.poll_s * 4)

    def beat(self) -> None:
        self.last_beat = self.clock()

    def check(self) -> float | None:
        """How long the watched thread has been stuck, or None while it beats (one step of the watching loop)."""
        silent = self.clock() - self.last_beat
        return silent if silent >= self.limit_s else None

    def _run(self) -> None:
        reported = False
        while not self._stop.wait(self.poll_s):
            stuck = self.check()
            if stuck is None:
                reported = False
            elif not reported:  # once per stall: the callback may take its time (it usually ends the process)
                reported = True
                self.stalls += 1
                self.on_stuck(stuck, self.stack())

    def stack(self) -> str:
        frame = sys._current_frames().get(self.watched.ident)
        return "".join(traceback.format_stack(frame)) if frame is not None else "(no stack)"


class RestartRecord:
    """The wall's own restarts after a stall, kept in the state folder across restarts (the last ``KEEP``), so
    the health report can say that the wall restarted itself, when, and where it was stuck."""

    KEEP = 20
    FILE_NAME = "watchdog.json"

    def __init__(self, path):
        self.path = Path(path)

    @classmethod
    def in_folder(cls, state_dir) -> RestartRecord:
        return cls(Path(state_dir) / cls.FILE_NAME)

    def entries(self) -> list[dict]:
        if not self.path.exists():
            return []
        try:
            doc = read_json(self.path)
        except InvalidFile:
            return []
        entries = doc.get("restarts") if isinstance(doc, dict) else None
        return [e for e in entries if isinstance(e, dict)] if isinstance(entries, list) else []

    def add(self, at: float, stuck_s: float, where: str) -> None:
        entries = [*self.entries(), {"at": round(at, 3), "stuck_s": round(stuck_s, 1), "where": where}]
        write_json_atomic(self.path, {"restarts": entries[-self.KEEP:]})


def innermost(stack: str) -> str:
    """The last 'File ..., line N, in f' of a formatted stack: where the thread hangs, in one line."""
    lines = [ln.strip() for ln in stack.splitlines() if ln.strip().startswith("File ")]
    return lines[-1] if lines else ""


def hang_loop(entries: list[dict], now: float) -> bool:
    """Whether the wall is starting after hanging ``LOOP_RESTARTS`` times within ``LOOP_WINDOW_S``, the last just
    now: the saved picture may be what hangs it, so it should start on the default layout."""
    recent = [e.get("at", 0) for e in entries if now - e.get("at", 0) < LOOP_WINDOW_S]
    return len(recent) >= LOOP_RESTARTS and now - max(recent) < 120
