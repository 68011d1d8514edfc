"""Forecasting benchmark: how good the outlooks are, what they cost, and the GUI thread while they are made; prints
one JSON line of figures.

    .venv/bin/python benchmarks/bench_forecast.py
    .venv/bin/python benchmarks/bench_forecast.py --quick   # 40 indicators, 3 public series, 40 refits, for CI

- Accuracy: the demo's simulated history (as the wall stores it: ioc_core.loading.store_demo_history) in a
  temporary IndicatorStore, every indicator's outlook (ioc_core.forecasting.outlook), and the public series shipped
  with statsmodels (tests/publicseries.py). Per series (``series``): [model, skill, mase, coverage] or the reason
  there is none. ``skill_mean``: the backtest's MAE over the seasonal naive's, averaged over the judged series (goal
  <= 0.9); ``skill_mean_shown`` over those shown; ``mase_mean`` the classical MASE likewise; ``coverage_pooled``:
  the backtest's values inside their stated 95 % band, all judged series pooled (goal 0.90-0.98); counts judged,
  shown, short, and the other reasons.
- Cost: ``fit_ms_p50/p95``: one outlook (fit, backtest, paths, risks) per demo indicator, on this process;
  ``refit_s``: 500 outlooks (the demo's daily indicators' histories simulated with other seeds and end days) in a
  child process pinned to ONE core (os.sched_setaffinity; BLAS on one thread), through
  ioc_core.forecasting.service.compute, statsmodels already imported; goal <= 30 s. ``refit_cpu_s`` is its CPU time:
  the work itself, whatever else ran on that core. ``statsmodels_import_s``: the first import's cost, paid once.
- The GUI thread: a QApplication (offscreen) with a 5 ms QTimer, the gaps between its ticks recorded while a Python
  thread has the forecasting process (ioc_core.forecasting.process.ForecastProcess: fits outside this interpreter's
  lock, at a lower CPU priority) refit the same 500, ten indicators a batch: ``gui_gap_ms_p99/max``, and
  ``gui_stall_ms_max`` the longest beyond the 5 ms (goal <= 20 ms), as bench_data.py and bench_views.py report it.
  For comparison: ``gui_thread_*`` while a thread refits them in this process (service.compute one at a time, the
  lock let go between two; this process's BLAS as numpy starts it), ``gui_child_process_*`` while the one-core child
  refits, and ``gui_idle_gap_ms_p99/max`` with nothing else running in the process (what the machine's other work
  alone costs the timer).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.common import end_children_with_me, machine, percentile, quick_arg  # noqa: E402

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REFITS, QUICK_REFITS = 500, 40
QUICK_INDICATORS = 40
QUICK_PUBLIC = ("elnino", "nile", "macrodata.realgdp")
ONE_THREAD = {k: "1" for k in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")}


# -- accuracy ----------------------------------------------------------------------------------------------------
def demo_outlooks(folder: Path, limit: int | None):
    """Every demo indicator's outlook from the demo's stored history: (outlooks, fit milliseconds)."""
    from ioc_core import fmt
    from ioc_core.catalogue import load_catalogue
    from ioc_core.forecasting.outlook import outlook
    from ioc_core.indicators.indicator_store import IndicatorStore
    from ioc_core.loading import store_demo_history

    cat = load_catalogue()
    path = folder / "demo.sqlite"
    store_demo_history(path, cat)
    store = IndicatorStore(path, cat)
    now = fmt.now().timestamp()
    ids = sorted(cat.indicators)[:limit] if limit else sorted(cat.indicators)
    out, times, cpu = [], [], []
    try:
        for ind_id in ids:
            history = store.history(ind_id)
            t, c = time.perf_counter(), time.thread_time()
            out.append(outlook(cat.indicators[ind_id], history, now))
            times.append((time.perf_counter() - t) * 1000)
            cpu.append((time.thread_time() - c) * 1000)
    finally:
        store.close()
    return out, times, cpu


def public_analyses(names):
    from ioc_core.forecasting.models import analyse
    from tests.publicseries import load

    out = {}
    for name in names:
        s = load(name)
        out[name] = analyse(s.values, s.season, s.horizon)
    return out


def rounded(x: float, digits: int = 3):
    return round(x, digits) if x is not None and math.isfinite(x) else None


def summary(records: dict[str, tuple]) -> dict:
    """records: name -> (reason, model, skill, mase, coverage, scored, shown)."""
    judged = {k: r for k, r in records.items() if r[5] > 0}
    finite = {k: r for k, r in judged.items() if math.isfinite(r[2])}  # a naive that never erred: skill infinite
    shown = {k: r for k, r in judged.items() if r[6]}
    pooled_in = sum(r[4] * r[5] for r in judged.values())
    pooled_n = sum(r[5] for r in judged.values())
    reasons: dict[str, int] = {}
    for r in records.values():
        if r[0] and r[0] != "naive":
            reasons[r[0]] = reasons.get(r[0], 0) + 1
    finite_mase = [r[3] for r in judged.values() if math.isfinite(r[3])]
    return {
        "series_total": len(records), "judged": len(judged), "shown": len(shown),
        "short": reasons.pop("short", 0), "not_judged_other": reasons,
        "skill_infinite": len(judged) - len(finite),
        "skill_mean": rounded(statistics.fmean(r[2] for r in finite.values())) if finite else None,
        "skill_median": rounded(statistics.median(r[2] for r in finite.values())) if finite else None,
        "skill_mean_shown": rounded(statistics.fmean(r[2] for r in shown.values())) if shown else None,
        "mase_mean": rounded(statistics.fmean(finite_mase)) if finite_mase else None,
        "coverage_pooled": rounded(pooled_in / pooled_n) if pooled_n else None,
        "coverage_pooled_shown": rounded(sum(r[4] * r[5] for r in shown.values())
                                         / max(1, sum(r[5] for r in shown.values()))) if shown else None,
        "scored_values": pooled_n,
    }


def accuracy(folder: Path, quick: bool) -> tuple[dict, dict, list[float], list[float], dict]:
    from tests.publicseries import NAMES

    outlooks, times, cpu = demo_outlooks(folder, QUICK_INDICATORS if quick else None)
    records = {o.indicator: (o.reason, o.model, o.skill, o.mase, o.coverage, o.scored, o.shown) for o in outlooks}
    for name, a in public_analyses(QUICK_PUBLIC if quick else NAMES).items():
        records[f"public:{name}"] = (a.reason or ("" if a.shown else "naive"), a.model, a.skill, a.mase, a.coverage,
                                     a.scored, a.shown)
    demo = {k: r for k, r in records.items() if not k.startswith("public:")}
    public = {k: r for k, r in records.items() if k.startswith("public:")}
    figures = {"all": summary(records), "demo": summary(demo), "public": summary(public)}
    series = {k: ([r[1], rounded(r[2]), rounded(r[3]), rounded(r[4])] if r[5] else r[0]) for k, r in records.items()}
    periods: dict[str, list[float]] = {}
    for o, ms in zip(outlooks, cpu, strict=True):
        periods.setdefault(o.period, []).append(ms)
    cpu_by_period = {p: round(statistics.median(v), 1) for p, v in sorted(periods.items())}
    return figures, series, times, cpu, cpu_by_period


# -- 500 refits ----------------------------------------------------------------------------------------------------
class Variants:
    """The demo's daily indicators' histories, each simulated with other seeds and ending on other days: a reader
    (``.history(indicator)``) for service.compute, one round of indicators per variant (``round``)."""

    def __init__(self, n: int, days: int = 400):
        from ioc_core import fmt
        from ioc_core.catalogue import load_catalogue

        self.catalogue = load_catalogue()
        self.ids = sorted(i.id for i in self.catalogue.indicators.values() if i.period == "day")
        self.rounds = math.ceil(n / len(self.ids))
        self.n = n
        self.now = fmt.now()
        self._frames: dict[tuple[int, str], object] = {}
        self.round = 0
        self._build(days)

    def _build(self, days: int) -> None:
        import pandas as pd

        from ioc_core.sources.demo import Simulator

        daily = [self.catalogue.indicators[i] for i in self.ids]
        for r in range(self.rounds):
            end = self.now - timedelta(days=3 * r)  # another weekday and season phase each round
            rows: dict[str, list] = {i: [] for i in self.ids}
            for ob in Simulator(self.catalogue, seed=100 + r).backfill(daily, end, days=days):
                rows[ob.indicator].append((ob.period, ob.value))
            for ind_id, pairs in rows.items():
                self._frames[(r, ind_id)] = pd.DataFrame({"period": pd.to_datetime([p for p, _ in pairs]),
                                                          "value": [v for _, v in pairs]})

    def history(self, indicator: str, region: str = "province"):
        return self._frames[(self.round, indicator)]

    def jobs(self):
        """(round, the ids to compute in it): ``n`` outlooks in all."""
        left = self.n
        for r in range(self.rounds):
            take = self.ids[:min(left, len(self.ids))]
            left -= len(take)
            yield r, take


def refit_all(variants: Variants) -> list[float]:
    """Every variant's outlook through service.compute; the milliseconds of each."""
    from ioc_core.forecasting.service import compute

    now = variants.now.timestamp()
    times = []
    for r, ids in variants.jobs():
        variants.round = r
        for ind_id in ids:
            t = time.perf_counter()
            [_] = compute(variants.catalogue, [ind_id], variants, now)
            times.append((time.perf_counter() - t) * 1000)
            time.sleep(0)  # the interpreter lock let go between two outlooks, as the wall's worker does
    return times


def refit_in_process(variants: Variants, worker, batch: int = 10) -> None:
    """Every variant's outlook computed by the forecasting process (ioc_core.forecasting.process), ``batch``
    indicators at a time: the histories read here, pickled there, the outlooks back, as the wall's worker does."""
    now = variants.now.timestamp()
    for r, ids in variants.jobs():
        variants.round = r
        for i in range(0, len(ids), batch):
            chunk = [(variants.catalogue.indicators[k], variants.history(k), None) for k in ids[i:i + batch]]
            made = worker.compute(chunk, now)
            assert len(made) == len(chunk), "an outlook failed in the forecasting process"


def warm_up(variants: Variants) -> float:
    """statsmodels imported and one whole outlook made (every module it needs loaded: a dynamic library's loading
    holds the GIL): what the wall's worker pays once, apart from the refits; its seconds."""
    from ioc_core.forecasting.service import compute

    t = time.perf_counter()
    variants.round = 0
    compute(variants.catalogue, ["dl-khach-quoc-te"], variants, variants.now.timestamp())  # a plan: a year of paths
    return time.perf_counter() - t


def child_refit(n: int) -> None:
    """In the child: pinned to one core, ``n`` refits; prints their figures as one JSON line."""
    cpu = min(os.sched_getaffinity(0))
    os.sched_setaffinity(0, {cpu})
    variants = Variants(n)
    import_s = warm_up(variants)
    cpu0, t0 = time.process_time(), time.perf_counter()
    times = refit_all(variants)
    elapsed, cpu_s = time.perf_counter() - t0, time.process_time() - cpu0
    print(json.dumps({"cpu": cpu, "n": len(times), "elapsed_s": elapsed, "cpu_s": cpu_s, "import_s": import_s,
                      "p50": percentile(times, 50), "p95": percentile(times, 95)}))


def gaps_while(app, busy) -> list[tuple[int, float]]:
    """The gaps (ms) between the ticks of a 5 ms QTimer on this (the GUI) thread, each with when it ended
    (perf_counter), for as long as ``busy()`` is true (checked every 20 ms)."""
    from PySide6.QtCore import QElapsedTimer, QTimer

    gaps, clock = [], QElapsedTimer()
    heart = QTimer(interval=5)
    heart.timeout.connect(lambda: gaps.append((clock.restart(), time.perf_counter())))
    watch = QTimer(interval=20)
    watch.timeout.connect(lambda: None if busy() else app.quit())
    clock.start()
    heart.start()
    watch.start()
    app.exec()
    heart.stop()
    watch.stop()
    return gaps[1:] or [(0, time.perf_counter())]


def figures_of(gaps: list[tuple[int, float]], prefix: str) -> dict:
    ticks = [g for g, _ in gaps]
    return {f"{prefix}_gap_ms_p99": percentile(ticks, 99), f"{prefix}_gap_ms_max": max(ticks)}


def one_core_refit(app, n: int) -> tuple[dict, list]:
    """The ``n`` refits in a child process pinned to one core, this GUI thread ticking meanwhile: (the child's
    figures, the gaps)."""
    env = {**os.environ, **ONE_THREAD}
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        proc = subprocess.Popen([sys.executable, __file__, "--child-refit", str(n)], env=env, stdout=out, stderr=err,
                                text=True)
        try:
            gaps = gaps_while(app, lambda: proc.poll() is None)
        finally:
            if proc.poll() is None:
                proc.kill()
            proc.wait(30)
        out.seek(0)
        err.seek(0)
        if proc.returncode != 0:
            raise RuntimeError(f"the one-core refit failed: {err.read()[-2000:]}")
        return json.loads([ln for ln in out.read().splitlines() if ln.startswith("{")][-1]), gaps


# -- the GUI thread while refitting ----------------------------------------------------------------------------
def gui_stall(app, n: int, idle_s: float) -> dict:
    """The GUI thread's timer: idle first; then while a thread has the forecasting process refit ``n`` (the wall's
    way, ``gui_*``); then while a thread refits them in this process (``gui_thread_*``, for comparison)."""
    from ioc_core.forecasting.process import ForecastProcess

    variants = Variants(n)
    until = time.perf_counter() + idle_s
    idle = gaps_while(app, lambda: time.perf_counter() < until)
    out = figures_of(idle, "gui_idle")
    worker = ForecastProcess()
    try:
        variants.round = 0
        worker.compute([(variants.catalogue.indicators["dl-khach-quoc-te"], variants.history("dl-khach-quoc-te"),
                         None)], variants.now.timestamp())  # started, statsmodels imported there
        out.update(_ticking(app, lambda: refit_in_process(variants, worker), "gui"))
    finally:
        worker.close()
    warm_up(variants)  # this process's imports' one-off cost is reported apart (statsmodels_import_s)
    out.update(_ticking(app, lambda: refit_all(variants), "gui_thread"))
    return out


def _ticking(app, job, prefix: str) -> dict:
    """``job`` on a thread of this process, the GUI thread's timer ticking meanwhile: its figures."""
    done, failed = threading.Event(), []

    def work():
        try:
            job()
        except BaseException as exc:  # reported, never left hanging
            failed.append(exc)
        finally:
            done.set()

    worker = threading.Thread(target=work, name="forecasting", daemon=True)
    t0 = time.perf_counter()
    worker.start()
    gaps = gaps_while(app, lambda: not done.is_set())
    elapsed = time.perf_counter() - t0
    worker.join()
    if failed:
        raise failed[0]
    ticks = [g for g, _ in gaps]
    worst, worst_end = max(gaps, key=lambda x: x[0])
    return {f"{prefix}_gap_ms_p50": percentile(ticks, 50), **figures_of(gaps, prefix),
            f"{prefix}_stall_ms_max": max(0, max(ticks) - 5), f"{prefix}_ticks": len(ticks),
            f"{prefix}_refit_s": round(elapsed, 2), f"{prefix}_gap_max_at_s": round(worst_end - t0, 2),
            f"{prefix}_stalls_over_20ms": sum(g - 5 > 20 for g in ticks)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    quick_arg(ap)
    ap.add_argument("--child-refit", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child_refit:
        child_refit(args.child_refit)
        return

    end_children_with_me()
    os.chdir(ROOT)  # the forecasting process (python -m ioc_core.forecasting.process) imports this tree's code
    q = args.quick
    n = QUICK_REFITS if q else REFITS
    t_import = time.perf_counter()
    import statsmodels.tsa.exponential_smoothing.ets  # noqa: F401 (its first import, timed)

    import_s = time.perf_counter() - t_import
    with tempfile.TemporaryDirectory() as tmp:
        figures, series, fit_times, fit_cpu, cpu_by_period = accuracy(Path(tmp), q)
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    until = time.perf_counter() + 0.5
    gaps_while(app, lambda: time.perf_counter() < until)  # the event loop's first run (its one-off costs) left out
    one_core, process_gaps = one_core_refit(app, n)
    stall = gui_stall(app, n, 1.0 if q else 5.0)
    import platform

    cpu_model = next((ln.split(":", 1)[1].strip() for ln in Path("/proc/cpuinfo").read_text().splitlines()
                      if ln.startswith("model name")), platform.processor())
    print(json.dumps({
        "quick": q,
        **{k: figures["all"][k] for k in ("judged", "shown", "short", "skill_mean", "skill_mean_shown",
                                          "mase_mean", "coverage_pooled")},
        "accuracy": figures,
        "fit_ms_p50": round(statistics.median(fit_times), 1),
        "fit_ms_p95": round(percentile(fit_times, 95), 1),
        "fit_cpu_ms_p50": round(statistics.median(fit_cpu), 1),
        "fit_cpu_ms_p95": round(percentile(fit_cpu, 95), 1),
        "fit_cpu_ms_p50_by_period": cpu_by_period,
        "refit_n": one_core["n"],
        "refit_s": round(one_core["elapsed_s"], 2),
        "refit_cpu_s": round(one_core["cpu_s"], 2),
        "refit_ms_p50": round(one_core["p50"], 1),
        "refit_ms_p95": round(one_core["p95"], 1),
        "statsmodels_import_s": round(import_s, 2),
        **stall,
        **figures_of(process_gaps, "gui_child_process"),
        "series": series,
        "cpu_model": cpu_model,
        "load_avg_1m": round(os.getloadavg()[0], 2),
        **machine(),
    }, ensure_ascii=False))


if __name__ == "__main__":
    main()
