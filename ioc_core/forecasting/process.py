"""Outlooks fitted in a process of their own, so that fitting never holds the wall's interpreter (Qt-free).

A thread of the wall shares one interpreter lock with the GUI thread: while statsmodels' optimiser or a large
numpy copy holds it, the GUI thread waits (measured: stalls of 30-60 ms with fits on a thread). A forecasting
process shares nothing: the wall's thread reads the histories from its store (milliseconds), sends them here
pickled (a few kB each), and gets the outlooks back.

``ForecastProcess`` keeps one worker (``python -m ioc_core.forecasting.process``: a fresh interpreter, never a fork
of Qt's threads, and none of multiprocessing's re-import of the wall's main module) at a lower CPU priority, started
with the first batch, talking pickled frames over its stdin and stdout. A worker that died is replaced at the next
batch (the batch it was running raises WorkerDied; its caller asks again later). It ends when its stdin closes and
with its parent (PR_SET_PDEATHSIG on Linux)."""

from __future__ import annotations

import contextlib
import logging
import os
import pickle
import struct
import subprocess
import sys
import threading
from collections.abc import Callable

log = logging.getLogger(__name__)

NICE = 10  # the worker's CPU priority below the wall's: fits wait when the wall needs both cores
_HEADER = struct.Struct("!Q")
BLAS_THREADS = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")
BATCH_TIMEOUT_S = 300.0  # a batch taking longer has hung (a fit takes well under a second): the worker is killed


class WorkerDied(RuntimeError):
    """The forecasting process ended during a batch (it is started again with the next)."""


def _send(stream, obj) -> None:
    data = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(_HEADER.pack(len(data)) + data)
    stream.flush()


def _receive(stream):
    head = stream.read(_HEADER.size)
    if len(head) < _HEADER.size:
        raise EOFError
    size = _HEADER.unpack(head)[0]
    data = stream.read(size)
    if len(data) < size:
        raise EOFError
    return pickle.loads(data)  # noqa: S301  # our own child's answers over our own pipe


def _compute(batch: list, now: float) -> list:  # in the worker
    """``batch``: (Indicator, history DataFrame, previous Outlook or None) -> [(indicator id, Outlook or the error's
    text)]."""
    from ioc_core.forecasting.outlook import outlook

    out = []
    for ind, history, previous in batch:
        try:
            out.append((ind.id, outlook(ind, history, now, previous)))
        except Exception as exc:  # one bad series never costs the others their outlook
            out.append((ind.id, f"{type(exc).__name__}: {exc}"))
    return out


def _settle() -> None:  # in the worker
    """Below the wall's CPU priority, and ending with it."""
    if hasattr(os, "nice"):  # Windows has none: the parent starts it below normal priority instead
        with contextlib.suppress(OSError):
            os.nice(NICE)
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):  # end with the parent, even killed
            import ctypes
            import signal

            ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def serve() -> None:  # the worker: python -m ioc_core.forecasting.process
    """Batches from stdin, outlooks to stdout, until stdin ends (the wall closed it, or died)."""
    _settle()
    requests, answers = sys.stdin.buffer, sys.stdout.buffer
    sys.stdout = sys.stderr  # a stray print never corrupts the answers
    import statsmodels.tsa.exponential_smoothing.ets  # noqa: F401  # once, here, not in the wall

    while True:
        try:
            batch, now = _receive(requests)
        except EOFError:
            return
        _send(answers, _compute(batch, now))


class ForecastProcess:
    def __init__(self, batch_timeout_s: float = BATCH_TIMEOUT_S):
        self._lock = threading.Lock()  # one batch at a time
        self._proc: subprocess.Popen | None = None
        self._closed = False
        self.batch_timeout_s = batch_timeout_s

    def _worker(self) -> subprocess.Popen:
        if self._closed:
            raise WorkerDied("the forecasting process is closed")
        if self._proc is None or self._proc.poll() is not None:
            # one BLAS thread: the models' matrices are tiny, and more threads only spin on the wall's cores
            # (measured: 43 ms of CPU per outlook with one, about twice with OpenBLAS's default of one per core)
            env = dict(os.environ, **{k: "1" for k in BLAS_THREADS})
            extra = {"creationflags": subprocess.BELOW_NORMAL_PRIORITY_CLASS} if sys.platform == "win32" else {}
            self._proc = subprocess.Popen([sys.executable, "-m", "ioc_core.forecasting.process"], env=env,
                                          stdin=subprocess.PIPE, stdout=subprocess.PIPE, close_fds=True, **extra)
        return self._proc

    def compute(self, batch: list, now: float) -> list:
        """Outlooks of ``batch`` ((Indicator, history, previous) triples) as (id, Outlook) pairs, computed in the
        worker; an indicator whose outlook failed is logged and left out. Blocks the calling thread (a worker's,
        never the GUI's). Raises WorkerDied when the worker ended during the batch, took longer than
        ``batch_timeout_s`` (it is killed: a hung fit never hangs the wall's stop), or was closed."""
        if not batch:
            return []
        with self._lock:
            proc = self._worker()
            watchdog = threading.Timer(self.batch_timeout_s, self._kill, (proc,))
            watchdog.daemon = True
            watchdog.start()
            try:
                _send(proc.stdin, (batch, now))
                results = _receive(proc.stdout)
            except (EOFError, BrokenPipeError, OSError, ValueError) as exc:
                self._end(proc)
                if self._closed:  # the wall or hub stopping: the batch is abandoned, nothing went wrong
                    raise WorkerDied("the forecasting process was closed") from exc
                log.error("the forecasting process ended during a batch: it is started again with the next")
                raise WorkerDied(str(exc) or "the forecasting process ended") from exc
            finally:
                watchdog.cancel()
        out = []
        for ind_id, result in results:
            if isinstance(result, str):
                log.error("the outlook of %s failed: %s", ind_id, result)
            else:
                out.append((ind_id, result))
        return out

    @staticmethod
    def _kill(proc: subprocess.Popen) -> None:
        if proc.poll() is None:
            log.error("the forecasting process took too long over a batch: ended")
            with contextlib.suppress(OSError):
                proc.kill()

    def _end(self, proc: subprocess.Popen) -> None:
        for stream in (proc.stdin, proc.stdout):
            with contextlib.suppress(OSError, ValueError):
                stream.close()
        try:
            proc.wait(5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)
        if self._proc is proc:
            self._proc = None

    def close(self) -> None:
        """Ends the worker and refuses further batches. Never waits for a batch under way: its process is killed
        (the batch's caller gets WorkerDied), so a wall stops even while a fit hangs."""
        self._closed = True
        proc = self._proc
        if proc is None:
            return
        if self._lock.acquire(timeout=0.5):  # between batches: stdin closed, the worker returns at once
            try:
                self._end(proc)
            finally:
                self._lock.release()
        else:
            self._kill(proc)
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(5)

    @property
    def pid(self) -> int | None:
        proc = self._proc
        return proc.pid if proc is not None and proc.poll() is None else None


def needs_fit(ind, history) -> bool:
    """Whether ``history`` may be long enough for the models: fewer stored values than a forecast needs can never
    be (its regular grid holds no more values than were stored), and its outlook, "too short to judge", is made at
    once where it is asked, with no process started. No grid is built here: the worker builds it once."""
    from ioc_core.forecasting import grid as grids
    from ioc_core.forecasting.models import min_points

    if history is None:
        return False
    return int(history["value"].notna().sum()) >= min_points(grids.SEASON.get(ind.period, 1))


def compute_outlooks(process: ForecastProcess, catalogue, indicators, reader, now: float, held=None,
                     on_error: Callable[[str, Exception], None] | None = None) -> list:
    """``ioc_core.forecasting.service.compute``'s outlooks, fitted in ``process``: the histories are read here
    through ``reader`` (the calling thread's connection), a series too short to fit is judged here, the rest are
    fitted in the worker. An indicator whose read or outlook failed is logged and left out (``on_error``);
    a worker that died costs this batch its fits (logged; asked again with the next data)."""
    from ioc_core.forecasting.outlook import outlook

    made, batch = [], []
    for ind_id in sorted(indicators):
        ind = catalogue.indicators.get(ind_id)
        if ind is None:
            continue
        previous = held.get(ind_id) if held is not None else None
        try:
            history = reader.history(ind_id)
            if needs_fit(ind, history):
                batch.append((ind, history, previous))
            else:
                made.append(outlook(ind, history, now, previous))
        except Exception as exc:
            log.exception("the outlook of %s failed", ind_id)
            if on_error is not None:
                on_error(ind_id, exc)
    if batch:
        try:
            made += [o for _, o in process.compute(batch, now)]
        except WorkerDied as exc:
            for ind, _, _ in batch:
                if on_error is not None:
                    on_error(ind.id, exc)
    return made


if __name__ == "__main__":
    serve()
