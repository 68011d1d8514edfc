"""The forecasting process: outlooks fitted outside the wall's interpreter, the same as fitted in it; a worker that
dies, hangs or is closed never takes the wall down nor holds its stop; no process is left behind."""

from __future__ import annotations

import os
import signal
import threading
import time
from datetime import date, datetime, timedelta

import numpy as np
import pandas as pd
import pytest

from ioc_core.catalogue import load_catalogue
from ioc_core.fmt import TZ
from ioc_core.forecasting import process as fp
from ioc_core.forecasting.outlook import outlook
from ioc_core.forecasting.process import ForecastProcess, WorkerDied, compute_outlooks

CAT = load_catalogue()
RECEIVED = CAT.indicators["hcc-ho-so-tiep-nhan"]
ON_TIME = CAT.indicators["hcc-ty-le-dung-han"]
FIRST = date(2026, 6, 1)
NOW = datetime(2026, 10, 20, 12, tzinfo=TZ).timestamp()


def history(values, first: date = FIRST) -> pd.DataFrame:
    return pd.DataFrame({"period": pd.to_datetime([first + timedelta(days=i) for i in range(len(values))]),
                         "value": values})


def office(n: int = 120, seed: int = 1) -> np.ndarray:
    rng = np.random.default_rng(seed)
    shape = np.array([1.05, 1.08, 1.06, 1.04, 1.0, 0.45, 0.3])
    return np.round(1000 * shape[np.arange(n) % 7] * (1 + rng.normal(0, 0.03, n)))


def gone(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().split()[2] == "Z"  # a zombie has ended
    except FileNotFoundError:
        return True


@pytest.fixture
def worker():
    p = ForecastProcess()
    yield p
    pid = p.pid
    p.close()
    if pid is not None:
        assert gone(pid), "the forecasting process outlived its close"


def test_outlooks_fitted_in_the_process_are_those_fitted_here(worker):
    batch = [(RECEIVED, history(office()), None), (ON_TIME, history(96 + np.sin(np.arange(120))), None)]
    made = dict(worker.compute(batch, NOW))
    assert worker.pid is not None and worker.pid != os.getpid()
    for ind, hist, _ in batch:
        assert made[ind.id].to_json() == outlook(ind, hist, NOW).to_json()  # the same seed, the same figures
    assert made[RECEIVED.id].shown and "[7]" in made[RECEIVED.id].model


def test_a_series_too_short_is_judged_without_starting_a_process(worker):
    class Reader:
        def history(self, ind_id):
            return history([96.0, 95.0, 97.0])

    [o] = compute_outlooks(worker, CAT, [ON_TIME.id], Reader(), NOW)
    assert o.reason == "short" and worker.pid is None


def test_a_killed_worker_fails_its_batch_and_the_next_batch_starts_another(worker):
    batch = [(RECEIVED, history(office()), None)]
    worker.compute(batch, NOW)
    first = worker.pid
    os.kill(first, signal.SIGKILL)
    with pytest.raises(WorkerDied):
        worker.compute(batch, NOW)
    [(ind_id, o)] = worker.compute(batch, NOW)
    assert ind_id == RECEIVED.id and o.shown and worker.pid not in (None, first)


def test_a_hung_batch_is_ended_by_its_deadline(worker):
    worker.compute([(RECEIVED, history(office()), None)], NOW)  # started
    os.kill(worker.pid, signal.SIGSTOP)
    worker.batch_timeout_s = 1.0
    began = time.monotonic()
    with pytest.raises(WorkerDied):
        worker.compute([(RECEIVED, history(office()), None)], NOW)
    assert time.monotonic() - began < 10


def test_close_ends_a_hung_batch_at_once_and_refuses_more():
    p = ForecastProcess()
    p.compute([(RECEIVED, history(office()), None)], NOW)
    pid = p.pid
    os.kill(pid, signal.SIGSTOP)  # a fit that never returns
    failed: list = []

    def run():
        try:
            p.compute([(RECEIVED, history(office()), None)], NOW)
        except WorkerDied as exc:
            failed.append(exc)

    t = threading.Thread(target=run)
    t.start()
    deadline = time.monotonic() + 5
    while not p._lock.locked() and time.monotonic() < deadline:  # the batch is under way
        time.sleep(0.01)
    began = time.monotonic()
    p.close()  # the wall stopping
    t.join(10)
    assert time.monotonic() - began < 8 and not t.is_alive() and failed
    assert gone(pid)
    with pytest.raises(WorkerDied):
        p.compute([(RECEIVED, history(office()), None)], NOW)
    assert p.pid is None  # no process started after the close


def test_the_worker_settles_where_the_system_has_no_nice(monkeypatch):
    monkeypatch.delattr(os, "nice", raising=False)  # Windows
    monkeypatch.setattr(fp.sys, "platform", "win32")
    fp._settle()  # no AttributeError: the worker would have died at once, every batch
