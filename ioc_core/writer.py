"""One thread that writes to disk, in the order the writes were asked for (Qt-free).

The wall's GUI thread runs the controller: a command's saved state (an atomic file, fsync of the file and of its
folder) and its audit line (an append, fsync) are three fsyncs, tens of milliseconds on a busy or slow disk. Here
the caller only hands the write over (``submit``) and goes on; the writer's thread does them one after another in
the order given, so the saved state is never behind the audit lines written after it.

Writes with a ``key`` coalesce: one not yet begun takes the newest job of its key in its place in the queue (only
the newest state needs writing, and it is written where the first of them stood, so never after an audit line that
came after it). Writes without a key (audit lines) are never merged, dropped or reordered.

``wait(ticket)`` lets a thread that may wait (the API server's, before it answers) know its write is on disk;
``flush`` drains the queue; at interpreter exit the shared writer is flushed and ended (``atexit``), and the GUI
watchdog flushes it before it restarts the wall.
"""

from __future__ import annotations

import atexit
import logging
import threading
from collections import deque
from collections.abc import Callable, Hashable

log = logging.getLogger(__name__)

FLUSH_AT_EXIT_S = 10.0  # a disk that takes longer than this at exit loses the writes (logged)


class _Job:
    __slots__ = ("ticket", "key", "fn")

    def __init__(self, ticket: int, key: Hashable | None, fn: Callable[[], None]):
        self.ticket, self.key, self.fn = ticket, key, fn


class OrderedWriter:
    """A single writer thread with an ordered queue. ``submit`` never blocks and never writes on its caller's
    thread; a job that raises is logged and the queue goes on (the jobs keep their own failures to retry them)."""

    def __init__(self, name: str = "ioc-writer"):
        self.name = name
        self._cond = threading.Condition()
        self._queue: deque[_Job] = deque()
        self._pending: dict[Hashable, _Job] = {}  # keyed jobs not yet begun
        self._given = 0  # the last ticket handed out
        self._done = 0  # every job up to this ticket has run
        self._closed = False
        self.written = 0  # jobs run (a coalesced write counts once)
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._thread.start()

    def submit(self, fn: Callable[[], None], key: Hashable | None = None) -> int:
        """Queue ``fn``; returns its ticket (for ``wait``). With ``key``, a queued job of that key not yet begun
        is replaced by ``fn`` in its place, and its ticket returned."""
        with self._cond:
            if self._closed:
                raise RuntimeError(f"writer {self.name} is closed")
            if key is not None and key in self._pending:
                job = self._pending[key]
                job.fn = fn
                return job.ticket
            self._given += 1
            job = _Job(self._given, key, fn)
            self._queue.append(job)
            if key is not None:
                self._pending[key] = job
            self._cond.notify_all()
            return job.ticket

    def next_keyed(self) -> int | None:
        """The ticket of the first keyed job queued and not begun (the next state to write), None when there is
        none: what a job may write ahead of without reordering (everything handed over before it)."""
        with self._cond:
            return min((job.ticket for job in self._pending.values()), default=None)

    @property
    def last_ticket(self) -> int:
        with self._cond:
            return self._given

    def wait(self, ticket: int | None = None, timeout: float | None = None) -> bool:
        """True once every job up to ``ticket`` (all queued now when None) has run; False after ``timeout``."""
        with self._cond:
            target = self._given if ticket is None else ticket
            if threading.current_thread() is self._thread:  # a job cannot wait for the queue it runs in
                return True
            return self._cond.wait_for(lambda: self._done >= target, timeout)

    def flush(self, timeout: float | None = None) -> bool:
        return self.wait(None, timeout)

    def close(self, timeout: float | None = FLUSH_AT_EXIT_S) -> bool:
        """Run what is queued, then end the thread. False (and logged) when the queue did not drain in time."""
        with self._cond:
            self._closed = True
            self._cond.notify_all()
        self._thread.join(timeout)
        if self._thread.is_alive():
            with self._cond:
                left = self._given - self._done
            log.error("writer %s: %d writes not done within %.0f s at exit", self.name, left, timeout or 0)
            return False
        return True

    def _run(self) -> None:
        while True:
            with self._cond:
                self._cond.wait_for(lambda: self._queue or self._closed)
                if not self._queue:
                    return  # closed and drained
                job = self._queue.popleft()
                if job.key is not None:
                    self._pending.pop(job.key, None)  # a newer write of its key queues after this one
                fn = job.fn
            try:
                fn()
            except Exception:  # the job's own failure handling failed: the queue must go on
                log.exception("writer %s: a write failed", self.name)
            with self._cond:
                self._done = job.ticket
                self.written += 1
                self._cond.notify_all()


_shared: OrderedWriter | None = None
_shared_lock = threading.Lock()


def shared() -> OrderedWriter:
    """The process's writer (started on first use; flushed and ended at exit)."""
    global _shared
    with _shared_lock:
        if _shared is None:
            _shared = OrderedWriter()
            atexit.register(_shared.close)
        return _shared


def flush_shared(timeout: float) -> bool:
    """Drain the process's writer, if it was started (before the wall restarts itself or exits)."""
    with _shared_lock:
        writer = _shared
    return True if writer is None else writer.flush(timeout)
