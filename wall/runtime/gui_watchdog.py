"""The GUI thread's watchdog: a stuck GUI thread restarts the wall, which comes back with its saved state.

A timer on the GUI thread beats once a second; ioc_core.stallwatch.StallWatch, on its own thread, notices when the beats
stop for ``limit_s`` (8 s; ``IOC_WALL_WATCHDOG_S`` changes it, 0 turns it off for debugging). It then logs where
the thread hangs, records the restart in the state folder (the health report shows it) and restarts the wall:
under a service manager (systemd) by exiting with ``EXIT_STUCK``, so the manager restarts the whole process group
(web renderers included) under its own restart policy; elsewhere by executing the wall's own command line again
in this process. The controller state is saved at every change, so the wall comes back showing what it showed.

The beat also tells systemd ``WATCHDOG=1``, which covers hangs the watching thread cannot see, and watches the
wall clock for steps (ioc_core.clock.StepWatch).
"""

from __future__ import annotations

import contextlib
import faulthandler
import logging
import os
import signal
import sys
import threading
import time
from pathlib import Path

from PySide6.QtCore import QObject, QTimer

from ioc_core import sdnotify, writer
from ioc_core.clock import StepWatch
from ioc_core.stallwatch import LIMIT_S, RestartRecord, StallWatch, innermost
from wall.runtime.stallrecord import StallRecorder

log = logging.getLogger(__name__)

EXIT_STUCK = 70  # EX_SOFTWARE: the unit's Restart= brings the wall back
RESUME_ENV = "IOC_WALL_RESUME"
HARD_EXIT_S = 10.0  # if logging or recording the stall hangs too, the process ends anyway
WRITES_S = 3.0  # how long a restart waits for the writer's queue (ioc_core/writer.py)


def limit_from_env() -> float:
    try:
        return float(os.environ.get("IOC_WALL_WATCHDOG_S", LIMIT_S))
    except ValueError:
        log.error("IOC_WALL_WATCHDOG_S=%r is not a number of seconds; using %.0f s",
                  os.environ["IOC_WALL_WATCHDOG_S"], LIMIT_S)
        return LIMIT_S


class GuiWatchdog(QObject):
    def __init__(self, state_dir: Path, limit_s: float | None = None, parent=None):
        super().__init__(parent)
        self.limit_s = limit_from_env() if limit_s is None else limit_s
        self.record = RestartRecord.in_folder(state_dir)
        self.previous = self.record.entries()
        self.watch = StallWatch(self._stuck, self.limit_s) if self.limit_s > 0 else None
        self.clock_steps = StepWatch()
        self._timer = QTimer(self, interval=1000)
        self._timer.timeout.connect(self._beat)
        if self.previous and time.time() - self.previous[-1].get("at", 0) < 120:
            last = self.previous[-1]
            log.warning("restarted by the watchdog: the GUI thread was stuck %.0f s at %s",
                        last.get("stuck_s", 0), last.get("where", "?"))

    def start(self) -> None:
        adopt_orphans()
        if self.watch is not None:
            self.watch.start()
        else:
            log.warning("GUI watchdog off (IOC_WALL_WATCHDOG_S=0)")
        self._timer.start()
        self.stall_record = StallRecorder.from_env(self)  # benchmarks only: the GUI thread's longest delays

    def stop(self) -> None:
        self._timer.stop()
        if self.watch is not None:
            self.watch.stop()

    def health(self) -> dict:
        return {"limit_s": self.limit_s, "restarts": self.previous[-5:], "clock_steps": self.clock_steps.steps}

    def _beat(self) -> None:
        if self.watch is not None:
            self.watch.beat()
        sdnotify.notify("WATCHDOG=1")
        step = self.clock_steps.check()
        if step is not None:
            log.warning("the wall clock stepped %s by %.0f s; figures' ages around now were measured across it",
                        "forward" if step > 0 else "back", abs(step))

    def _stuck(self, stuck_s: float, stack: str) -> None:
        """On the watching thread: the GUI thread has not turned for ``stuck_s``. Nothing here may wait on what
        the stuck thread could hold: the stack goes to stderr without a lock first (faulthandler), and a hard
        exit is armed before logging and recording, which take locks (a GUI thread stuck writing a log line
        holds the handler's)."""
        _arm_hard_exit(HARD_EXIT_S)
        with contextlib.suppress(Exception):
            sys.stderr.write(f"ioc-wall: GUI thread stuck for {stuck_s:.1f} s; restarting\n")
            faulthandler.dump_traceback(all_threads=True)
        where = innermost(stack)
        log.critical("GUI thread stuck for %.1f s; restarting the wall. It hangs at:\n%s", stuck_s, stack)
        try:
            self.record.add(time.time(), stuck_s, where)  # the next start reads it (ioc_core.stallwatch.hang_loop)
        except OSError as exc:
            log.error("cannot record the watchdog restart: %s", exc)
        restart()


def _arm_hard_exit(after_s: float) -> None:
    def hard_exit():
        time.sleep(after_s)
        os._exit(EXIT_STUCK)

    threading.Thread(target=hard_exit, name="watchdog-hard-exit", daemon=True).start()


def restart() -> None:
    """Start the wall again: exit for the supervisor (systemd, the Windows task's loop), or execute the wall's own
    command line again where nothing supervises it (POSIX only: on Windows os.execv starts a second process and
    the task's loop would start a third)."""
    with contextlib.suppress(Exception):
        for handler in logging.getLogger().handlers:
            handler.flush()
    writer.flush_shared(WRITES_S)  # the state and audit lines handed over reach the disk before the exit
    if sdnotify.supervised() or os.name != "posix":
        os._exit(EXIT_STUCK)
    _end_descendants()  # web renderers and their zygotes would outlive the exec, a set per restart
    argv = [sys.executable, *sys.orig_argv[1:]]
    os.environ[RESUME_ENV] = "1"  # the saved picture wins over --layout and --meeting, which were for the first start
    try:
        os.execv(sys.executable, argv)
    except OSError as exc:  # cannot start again: exit and let whatever started the wall decide
        log.critical("cannot restart the wall (%s); exiting", exc)
        os._exit(EXIT_STUCK)


def adopt_orphans() -> None:
    """Linux: become the child subreaper, so helper processes whose parent dies (QtWebEngine's renderers under
    its zygote) stay this process's descendants, and a restart in place can end them all."""
    if not sys.platform.startswith("linux"):
        return
    with contextlib.suppress(Exception):
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(36, 1, 0, 0, 0)  # PR_SET_CHILD_SUBREAPER


def _end_descendants() -> None:
    """Kill every process below this one (read from /proc; nothing to do elsewhere)."""
    children: dict[int, list[int]] = {}
    for stat_file in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, ValueError, IndexError):
            fields = stat_file.read_text().rsplit(")", 1)[1].split()
            children.setdefault(int(fields[1]), []).append(int(stat_file.parent.name))
    todo, found = [os.getpid()], []
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    for pid in found:
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)
    deadline = time.monotonic() + 2  # reap them (and the grandchildren handed to us), or zombies pile up
    while found and time.monotonic() < deadline:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            time.sleep(0.02)


def install_fault_hooks() -> None:
    """For the fault tests and the benchmark only, with ``IOC_WALL_FAULTS=1``: SIGUSR2 holds the GUI thread still
    for ``IOC_WALL_STALL_S`` seconds (default 60), as a hung paint or a deadlock would."""
    if not os.environ.get("IOC_WALL_FAULTS") or not hasattr(signal, "SIGUSR2"):
        return
    seconds = float(os.environ.get("IOC_WALL_STALL_S", 60))

    def stall(*_):
        log.warning("fault hook: holding the GUI thread for %.0f s", seconds)
        time.sleep(seconds)

    signal.signal(signal.SIGUSR2, stall)
