"""A newest-wins executor (Qt-free): view models computed on a worker thread, the newest request per key only.

The GUI submits "compute the model for view V" as ``submit(key, job, deliver)``. A request that has not started
when a newer one for the same key arrives is dropped; a result is handed to ``post`` (which runs it on the GUI
thread: a queued Qt signal in the wall) and ``deliver`` is called only if the request is still the newest for its
key when it arrives there. A job that raises is logged and the worker goes on with the next.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Hashable
from typing import Any

log = logging.getLogger(__name__)


def _direct(fn: Callable[[], None]) -> None:
    fn()


class NewestWins:
    def __init__(self, post: Callable[[Callable[[], None]], None] = _direct, name: str = "view-models",
                 on_exit: Callable[[], None] | None = None):
        self._post = post
        self._on_exit = on_exit
        self._lock = threading.Condition()
        self._pending: dict[Hashable, tuple[int, Callable[[], Any], Callable[[Any], None]]] = {}
        self._newest: dict[Hashable, int] = {}  # each key's newest request number (read on the GUI thread)
        self._seq = 0
        self._outstanding = 0  # requests submitted and neither delivered nor dropped
        self._stopping = False
        self.ran = 0  # jobs run; dropped before they ran; results that came too late; jobs that failed
        self.dropped = 0
        self.late = 0
        self.failed = 0
        self._thread = threading.Thread(target=self._work, name=name, daemon=True)
        self._thread.start()

    @property
    def thread(self) -> threading.Thread:
        return self._thread

    def submit(self, key: Hashable, job: Callable[[], Any], deliver: Callable[[Any], None]) -> int:
        """Compute ``job()`` on the worker and ``deliver(result)`` on the consumer's thread, unless a newer
        request for ``key`` comes first. Returns the request's number."""
        with self._lock:
            if self._stopping:
                return -1
            self._seq += 1
            self._newest[key] = self._seq
            if self._pending.pop(key, None) is not None:
                self.dropped += 1  # the older request never ran
            else:
                self._outstanding += 1
            self._pending[key] = (self._seq, job, deliver)
            self._lock.notify()
            return self._seq

    def forget(self, key: Hashable) -> None:
        """Drop ``key``'s pending request and any result of it still to come (a view that goes away)."""
        with self._lock:
            if self._pending.pop(key, None) is not None:
                self.dropped += 1
                self._outstanding -= 1
            self._newest.pop(key, None)
            self._lock.notify_all()

    def idle(self) -> bool:
        """Nothing pending, running or on its way to the consumer."""
        with self._lock:
            return self._outstanding == 0

    def wait_idle(self, timeout: float, pump: Callable[[], None] | None = None) -> bool:
        """Wait until idle, calling ``pump`` (e.g. the event loop's processEvents) meanwhile; False on timeout."""
        end = time.monotonic() + timeout
        while not self.idle():
            if pump is not None:
                pump()
            with self._lock:
                remaining = end - time.monotonic()
                if remaining <= 0:
                    return False
                if self._outstanding:
                    self._lock.wait(min(remaining, 0.005 if pump is not None else remaining))
        return True

    def close(self, timeout: float = 5.0) -> None:
        """Stop the worker (a running job finishes; pending ones are dropped) and wait for it."""
        with self._lock:
            self._stopping = True
            self.dropped += len(self._pending)
            self._outstanding -= len(self._pending)
            self._pending.clear()
            self._lock.notify_all()
        if self._thread is not threading.current_thread():
            self._thread.join(timeout)

    # -- worker ------------------------------------------------------------------------------------------
    def _work(self) -> None:
        try:
            while True:
                with self._lock:
                    while not self._pending and not self._stopping:
                        self._lock.wait()
                    if self._stopping:
                        return
                    key = next(iter(self._pending))
                    seq, job, deliver = self._pending.pop(key)
                try:
                    result = job()
                except Exception:
                    log.exception("view model %r failed", key)
                    with self._lock:
                        self.failed += 1
                        self._done()
                    continue
                with self._lock:
                    self.ran += 1
                try:
                    self._post(lambda k=key, s=seq, d=deliver, r=result: self._arrive(k, s, d, r))
                except Exception:  # the consumer is gone (wall closing): nothing to deliver to
                    log.exception("cannot deliver view model %r", key)
                    with self._lock:
                        self._done()
        finally:
            if self._on_exit is not None:
                try:
                    self._on_exit()
                except Exception:
                    log.exception("view-model worker failed to close")

    def _done(self) -> None:  # with the lock held
        self._outstanding -= 1
        self._lock.notify_all()

    # -- consumer ----------------------------------------------------------------------------------------
    def _arrive(self, key: Hashable, seq: int, deliver: Callable[[Any], None], result: Any) -> None:
        with self._lock:
            current = self._newest.get(key) == seq
            if not current:
                self.late += 1
            self._done()
        if current:
            try:
                deliver(result)
            except Exception:
                log.exception("a view failed to take its model %r", key)
