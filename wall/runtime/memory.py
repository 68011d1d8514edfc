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
