"""Give freed heap back to the system after views are torn down.

A layout switch frees many small native allocations (Qt items, fonts, paths). glibc keeps freed memory in its
arenas, so RSS creeps up by ~50 KB a switch although nothing leaks (measured: 200 switches +9 MB untrimmed, flat
after malloc_trim). On a wall that runs for months that creep looks like a leak to the watchdog and the
technician, so the runtime trims once things are quiet. Elsewhere (Windows, musl) this does nothing.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import gc
from collections import Counter
from pathlib import Path


def _status(field: str, pid: int | str) -> int | None:
    """One number from /proc/<pid>/status (kB for sizes); None where /proc is missing."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(f"{field}:"):
                return int(line.split()[1])
    except OSError:
        pass
    return None


def rss_mb(pid: int | str = "self") -> float:
    """Resident memory of a process (this one by default), in MiB; NaN where /proc is missing."""
    kb = _status("VmRSS", pid)
    return float("nan") if kb is None else kb / 1024


def process_threads(pid: int | str = "self") -> int | None:
    """Threads of a process, Qt's and the decoders' included (Python knows only its own); None without /proc."""
    return _status("Threads", pid)


def open_files(pid: int | str = "self") -> int | None:
    """Open file descriptors of a process (files, sockets, pipes); None without /proc."""
    try:
        return sum(1 for _ in Path(f"/proc/{pid}/fd").iterdir())
    except OSError:
        return None


def qt_objects(scene=None) -> dict:
    """How many Qt objects exist: widgets, items in the wall's scene, and QObjects that Python holds (a leak of any
    kind shows in one of the three), after a full collection. Walks the whole heap: call it rarely."""
    from PySide6.QtCore import QObject
    from PySide6.QtWidgets import QApplication

    gc.collect()  # garbage that waits for the 5-minute full collection is not held (GuiThreadCollector)
    held = Counter(type(o).__name__ for o in gc.get_objects() if isinstance(o, QObject))
    return {"widgets": len(QApplication.allWidgets()), "scene_items": len(scene.items()) if scene is not None
            else 0, "python_qobjects": held.total(), "most_held": dict(held.most_common(8))}


@functools.cache
def _trim():
    name = ctypes.util.find_library("c")
    if not name:
        return None
    try:
        return getattr(ctypes.CDLL(name), "malloc_trim", None)
    except OSError:
        return None


def release_free_memory() -> bool:
    trim = _trim()
    if trim is None:
        return False
    trim(0)
    return True


def freeze_startup_objects() -> None:
    """Leave what start-up built out of Python's full garbage collections.

    A full collection walks every tracked object; with Qt, pyqtgraph, pandas and the catalogue loaded that took
    about 60 ms on the reference machine, a visible stall on the wall's GUI thread every few minutes
    (benchmarks/bench_views.py). Modules, classes and the catalogue live as long as the process, so after
    start-up they are collected once and then frozen (gc.freeze); later collections walk only newer objects.
    The views built at start-up are frozen too: one set, freed by reference counting when replaced.
    """
    gc.collect()
    gc.freeze()


class GuiThreadCollector:
    """Python's cycle collector, run only from the GUI thread, on a timer.

    Left automatic, a collection starts in whichever thread happens to allocate (a fetch worker, the API server),
    and a Qt object in a reference cycle is then destroyed there. Its timers cannot be unregistered from a
    foreign thread and later fire into freed memory: the process dies with a segmentation fault, hours later and
    far from the cause (seen in the tests). So the wall switches automatic collection off and collects here:
    the young generation every second, the middle one every 10 s, everything every 5 minutes (a full collection
    takes about 5 ms once start-up objects are frozen).
    """

    def __init__(self, parent=None):
        from PySide6.QtCore import QTimer

        gc.disable()
        self._ticks = 0
        self._timer = QTimer(parent, interval=1000)
        self._timer.timeout.connect(self.collect)
        self._timer.start()

    def collect(self) -> int:
        self._ticks += 1
        generation = 2 if self._ticks % 300 == 0 else 1 if self._ticks % 10 == 0 else 0
        return gc.collect(generation)

    def stop(self) -> None:
        self._timer.stop()
        gc.enable()
