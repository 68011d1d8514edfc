"""Fitted, backtested forecasts of one regular series (Qt-free; statsmodels' ETS models, numpy).

What ``analyse`` does with a series of one value per period (oldest first, NaN where a period is missing):

1. **Too short to judge:** a series needs ``min_points(season)`` values (a model fitted on at least
   ``MIN_TRAIN`` of them, or two seasons and two more for a seasonal one, and ``MIN_ORIGINS`` forecasts to check
   it by). Shorter: no forecast, no risk, and the reason in words.
2. **The model chosen from the data:** exponential smoothing state-space models (statsmodels' ``ETSModel``,
   additive errors): level only, damped trend, each with an additive seasonal cycle at the cadence's season
   (7 for daily values, 12 for monthly...) when the history holds two seasons, on the values or on their logarithm
   (all values above zero: a cycle or noise proportional to the level). The lowest AICc wins (log models compared
   with the Jacobian of the logarithm added, so both score the same data). Fitted on the history before the
   backtest's origins only.
3. **The backtest (rolling origin):** from each of the last ``ORIGINS`` periods the model, its parameters fixed
   at the fit (nothing of the future leaks in), forecasts the ``horizon`` periods ahead that the history holds,
   as does the seasonal naive forecast (the value one season earlier; the last value for a series without a
   season). Scored: mean absolute error against the naive's (``skill``, below 1 beats it), the mean absolute
   error as a share of the mean absolute value (``error_pct``, what the chart says), and how many values fell in
   the 95 % band (``coverage``). A period that was missing is never scored.
4. **The forecast:** the same model and parameters run over the whole history, then ``paths`` simulated ahead
   (errors resampled from the fit's own; a normal curve with their spread below ``BOOTSTRAP_MIN`` of them), their
   spread widened by the calibration (``_calibration``): the forecast is their median, the band their 2.5 % and
   97.5 % quantiles, and the risks are read from the paths (ioc_core/forecasting/risk.py). ``shown`` is True only when
   the model beat the seasonal naive in the backtest.
5. **Anomalies:** a value far from what the model expected one period before (more than ``ANOMALY_Z`` robust
   standard deviations of the one-step errors) is an anomaly, with the expected 95 % range. An isolated anomaly
   is replaced by its expected value before the forecast is run, so one bad day does not bend it.

Gaps (missing periods) are filled by straight lines for the fit and never scored; a series more than
``MAX_GAP_SHARE`` missing is not judged.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass, field

import numpy as np

ORIGINS = 24  # the backtest's rolling origins, at most: "trong 24 kỳ qua"
MIN_ORIGINS = 6  # fewer forecasts to check a model by: too short to judge
MIN_TRAIN = 10  # values a model is fitted on, at least (two seasons and two more for a seasonal one)
FIT_WINDOW = 168  # the newest values a model is fitted on, at most (three seasons and the origins for weeks)
TREND_MARGIN = 2.0  # AICc points a damped trend must gain to be chosen: a trend read into noise forecasts badly
FIT_ITERATIONS = 200  # the optimiser's steps at most (a fit takes 20-60)
PATHS = 500  # simulated paths of the forecast (its band and its risks: a probability to about 2 points)
BACKTEST_PATHS = 200  # per origin, for the band's coverage
ANOMALY_Z = 4.0  # robust standard deviations of the one-step errors: beyond it a value is an anomaly
MAX_GAP_SHARE = 0.2
CALIBRATION_ORIGINS = 24  # the fitted history's last forecasts that calibrate the band
CALIBRATION_Q = 0.97  # in-sample errors flatter the model (its parameters were fitted on them): aim above 95 %
CALIBRATION_MIN = 20  # values needed to calibrate it (fewer: not widened)
WIDEN_MIN, WIDEN_MAX = 1.0, 3.0  # never narrower than the paths themselves
BOOTSTRAP_MIN = 30  # the fit's errors resampled for the paths from this many on (fewer: a normal curve)
Z95 = 1.959964
SEED = 20261207  # the simulations are repeatable: the same history gives the same forecast and risks


@dataclass(frozen=True)
class Spec:
    trend: bool
    seasonal: bool
    log: bool

    def name(self, season: int) -> str:
        """The model in ETS notation: ETS(error, trend, season), "log" when fitted on the logarithm."""
        text = f"ETS(A,{'Ad' if self.trend else 'N'},{'A' if self.seasonal else 'N'})"
        if self.seasonal:
            text += f"[{season}]"
        return text + (" log" if self.log else "")


@dataclass(frozen=True)
class Anomaly:
    index: int  # in the series given
    value: float
    expected: float
    low: float  # the expected 95 % range
    high: float


@dataclass(frozen=True)
class Analysis:
    """What ``analyse`` found; ``reason`` says why there is no forecast (``values`` empty then)."""

    n: int
    season: int
    reason: str = ""  # "short" | "gaps" | "flat" | "failed" | "" (a forecast exists)
    model: str = ""
    skill: float = math.nan  # backtest MAE / seasonal naive MAE: below 1 beats it
    error_pct: float = math.nan  # backtest MAE as a share of the mean absolute value, in %
    coverage: float = math.nan  # share of backtest values inside the 95 % band
    scored: int = 0  # backtest values scored
    origins: int = 0  # backtest origins (periods)
    values: np.ndarray = field(default_factory=lambda: np.empty(0))  # the forecast (median of the paths)
    lower: np.ndarray = field(default_factory=lambda: np.empty(0))
    upper: np.ndarray = field(default_factory=lambda: np.empty(0))
    paths: np.ndarray = field(default_factory=lambda: np.empty((0, 0)))  # (steps, PATHS), for the risks
    anomalies: tuple[Anomaly, ...] = ()
    mae: float = math.nan  # backtest mean absolute error, in the series' unit
    mase: float = math.nan  # backtest MAE scaled by the in-sample one-step seasonal naive MAE (Hyndman & Koehler)

    @property
    def shown(self) -> bool:
        """A forecast worth drawing: it exists and beat the seasonal naive in the backtest."""
        return len(self.values) > 0 and self.skill < 1.0


def min_points(season: int) -> int:
    """Values a series needs before it is judged at all."""
    return MIN_ORIGINS + (max(MIN_TRAIN, 2 * season + 2) if season > 1 else MIN_TRAIN)


def _filled(y: np.ndarray, season: int = 1) -> np.ndarray:
    """Gaps inside the series filled: with the value one season before (a missing Sunday gets last Sunday's, not a
    line between Saturday and Monday), or one season after at the start; by a straight line between its neighbours
    without a season."""
    missing = ~np.isfinite(y)
    if not missing.any():
        return y
    idx = np.arange(len(y))
    out = y.copy()
    out[missing] = np.interp(idx[missing], idx[~missing], y[~missing])
    if season > 1:
        for t in np.flatnonzero(missing):
            if t >= season:
                out[t] = out[t - season]  # filled in order: a gap longer than a season repeats the last one
            elif t + season < len(y) and np.isfinite(y[t + season]):
                out[t] = y[t + season]
    return out


def _quantum(y: np.ndarray) -> float:
    """The smallest step between the series' distinct values (1 for counts, 0.1 for rates with one decimal)."""
    steps = np.diff(np.unique(y))
    steps = steps[steps > 1e-9 * max(1.0, float(np.max(np.abs(y))) if len(y) else 1.0)]
    return float(steps.min()) if len(steps) else 0.0


def _select(train: np.ndarray, season: int, positive: bool):
    """The model of lowest AICc, chosen in steps (four fits, not all eight): a seasonal cycle or none (when two
    seasons and two more are there), then the logarithm or not (values above zero), then a damped trend or none."""
    best, best_aicc, spec = None, math.inf, None

    def consider(s: Spec, margin: float = 0.0) -> bool:
        nonlocal best, best_aicc, spec
        res, aicc = _fit(train, s, season)
        if res is not None and aicc < best_aicc - margin:
            best, best_aicc, spec = res, aicc, s
            return True
        return False

    consider(Spec(False, False, False))
    if season > 1 and len(train) >= 2 * season + 2:
        consider(Spec(False, True, False))
    if spec is None:
        return None, math.inf, None
    if positive:
        consider(Spec(False, spec.seasonal, True))
    consider(Spec(True, spec.seasonal, spec.log), TREND_MARGIN)
    return best, best_aicc, spec


def _model(y: np.ndarray, spec: Spec, season: int):
    from statsmodels.tsa.exponential_smoothing.ets import ETSModel

    model = ETSModel(np.log(y) if spec.log else y, error="add", trend="add" if spec.trend else None,
                    damped_trend=spec.trend, seasonal="add" if spec.seasonal else None,
                    seasonal_periods=season if spec.seasonal else None, initialization_method="heuristic"
                    if spec.seasonal and len(y) >= 2 * season + 10 and season > 1 else "estimated")
    model._ioc_log = spec.log  # the calibration compares on the model's own scale
    return model


def _fit(y: np.ndarray, spec: Spec, season: int):
    """The fitted results and the AICc on the original scale (the log's Jacobian added); None when it fails."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            res = _model(y, spec, season).fit(disp=False, maxiter=FIT_ITERATIONS)
        except Exception:
            return None, math.inf
    aicc = float(res.aicc)
    if not math.isfinite(aicc) or not np.all(np.isfinite(res.params)):
        return None, math.inf
    if spec.log:
        aicc += 2.0 * float(np.sum(np.log(y)))
    return res, aicc


def _smooth(y: np.ndarray, spec: Spec, season: int, params):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return _model(y, spec, season).smooth(params)


def _mean_path(res, anchor, steps: int) -> np.ndarray:
    return np.asarray(res.simulate(steps, anchor=anchor, repetitions=1, random_errors=np.zeros((steps, 1))),
                      dtype=float).reshape(steps)


def _paths(res, anchor, steps: int, errors: np.ndarray, reps: int, rng) -> np.ndarray:
    """``reps`` simulated paths; their errors drawn from ``errors`` (the fit's own, centred): a series with the odd
    outlier has heavy tails that a normal curve would spread over every day (one value: the normal curve's spread)."""
    if len(errors) == 1:
        eps = rng.standard_normal((steps, reps)) * errors[0]
    else:
        eps = rng.choice(errors, size=(steps, reps), replace=True)
    return np.asarray(res.simulate(steps, anchor=anchor, repetitions=reps, random_errors=eps),
                      dtype=float).reshape(steps, reps)


def _forecast(res, anchor, steps: int, errors: np.ndarray, reps: int, rng, widen: float = 1.0):
    """(the point forecast, ``reps`` paths) from ``anchor``, on the model's scale; the paths' spread around the point
    widened by ``widen`` (the calibration)."""
    point = _mean_path(res, anchor, steps)
    sims = _paths(res, anchor, steps, errors, reps, rng)
    if widen != 1.0:
        sims = point[:, None] + widen * (sims - point[:, None])
    return point, sims


def _calibration(full, y: np.ndarray, missing: np.ndarray, cut: int, horizon: int, errors: np.ndarray,
                 rng) -> float:
    """How much the simulated band must widen to hold 95 % of the values it was meant to in the fitted history's
    own last ``CALIBRATION_ORIGINS`` forecasts (before the backtest's: nothing it scores is used): the paths ignore
    that the parameters are estimates. Aimed at CALIBRATION_Q of those values, above 95 %, because they were
    fitted on (measured: 0.95 gave 90 % coverage out of sample across the demo and public series, 0.97 gives
    92 %). Between WIDEN_MIN and WIDEN_MAX; 1 with too few values to tell."""
    ratios = []
    start = max(cut - CALIBRATION_ORIGINS, cut // 2)
    for o in range(start, cut):
        steps = min(horizon, cut - o)
        point, sims = _forecast(full, o - 1, steps, errors, BACKTEST_PATHS, rng)
        lo, hi = np.quantile(sims, [0.025, 0.975], axis=1)
        half = (hi - lo) / 2
        yt = np.log(y[o:o + steps]) if _is_log(full) else y[o:o + steps]
        ok = ~missing[o:o + steps] & (half > 0)
        ratios.extend((np.abs(yt - point)[ok] / half[ok]).tolist())
    if len(ratios) < CALIBRATION_MIN:
        return 1.0
    return float(np.clip(np.quantile(ratios, CALIBRATION_Q), WIDEN_MIN, WIDEN_MAX))


def _is_log(res) -> bool:
    return bool(getattr(res.model, "_ioc_log", False))


def analyse(values, season: int, horizon: int, ahead: int | None = None, paths: int = PATHS,
            quantum: float | None = None) -> Analysis:
    """Forecast ``values`` (one per period, oldest first, NaN for a missing period) ``horizon`` periods ahead,
    backtested and with its anomalies (see the module docstring); ``ahead``: periods simulated for the risks
    (at least ``horizon``); ``quantum``: the step the figures are rounded to (default: read off ``values``)."""
    y_all = np.asarray(values, dtype=float)
    finite = np.isfinite(y_all)
    if finite.any():  # leading and trailing gaps are no part of the series
        first, last = int(np.argmax(finite)), len(y_all) - int(np.argmax(finite[::-1]))
        offset, y_all = first, y_all[first:last]
    else:
        offset, y_all = 0, y_all[:0]
    season = max(1, int(season))
    window = max(FIT_WINDOW, 3 * season + ORIGINS)
    if len(y_all) > window:
        offset, y_all = offset + len(y_all) - window, y_all[-window:]
    missing = ~np.isfinite(y_all)
    n = int(np.count_nonzero(~missing))
    if n < min_points(season):
        return Analysis(n, season, "short")
    if missing.mean() > MAX_GAP_SHARE:
        return Analysis(n, season, "gaps")
    y = _filled(y_all, season)
    if float(np.ptp(y)) <= 1e-12 * max(1.0, abs(float(y[0]))):
        return Analysis(n, season, "flat")
    n_all = len(y)
    origins = min(ORIGINS, n_all - (min_points(season) - MIN_ORIGINS))
    cut = n_all - origins
    train = y[:cut]
    positive = bool(np.all(y > 0))
    best, best_aicc, spec = _select(train, season, positive)
    if best is None:
        return Analysis(n, season, "failed")
    params = best.params
    resid = np.asarray(best.resid, dtype=float)
    sigma = float(np.sqrt(best.mse)) if np.isfinite(best.mse) else float(np.std(resid))
    settled = resid[min(len(resid) // 3, max(season, 2)):]  # the first errors only set the model up
    errors = settled - settled.mean() if len(settled) >= BOOTSTRAP_MIN else np.array([sigma])
    rng = np.random.default_rng(SEED)
    full = _smooth(y, spec, season, params)
    widen = _calibration(full, y, missing, cut, horizon, errors, rng)
    if quantum is None:
        quantum = _quantum(y[~missing])
    half_step = quantum / 2  # values are rounded to the quantum: so is the band, outward

    # the backtest: the whole history smoothed with the train's parameters, forecasts from each origin
    err, naive_err, inside, actual = [], [], 0, []
    m_naive = season if season > 1 else 1
    for o in range(cut, n_all):
        steps = min(horizon, n_all - o)
        # anchored at the last value known: y[o] is the first forecast
        point, sims = _forecast(full, o - 1, steps, errors, BACKTEST_PATHS, rng, widen)
        if spec.log:
            point, sims = np.exp(point), np.exp(sims)
        lo, hi = np.quantile(sims, [0.025, 0.975], axis=1)
        lo, hi = lo - half_step, hi + half_step
        for h in range(steps):
            t = o + h
            back = t - m_naive * (h // m_naive + 1)
            if missing[t] or back < 0 or missing[back]:
                continue
            err.append(abs(y[t] - point[h]))
            naive_err.append(abs(y[t] - y[back]))
            actual.append(abs(y[t]))
            inside += int(lo[h] <= y[t] <= hi[h])
    if not err:
        return Analysis(n, season, "gaps")
    mae, naive_mae = float(np.mean(err)), float(np.mean(naive_err))
    skill = mae / naive_mae if naive_mae > 0 else (0.0 if mae == 0 else math.inf)
    scale_mae = float(np.mean(np.abs(train[m_naive:] - train[:-m_naive]))) if len(train) > m_naive else math.nan
    mase = mae / scale_mae if scale_mae and scale_mae > 0 else math.nan
    level = float(np.mean(actual))
    error_pct = 100.0 * mae / level if level > quantum else math.nan  # of a figure near zero: none

    # anomalies: one-step errors of the whole history (train parameters) beyond ANOMALY_Z robust deviations
    one_step = np.asarray(full.resid, dtype=float)
    fitted_scale = np.asarray(full.fittedvalues, dtype=float)
    mad = float(np.median(np.abs(resid - np.median(resid)))) * 1.4826
    spread = max(mad, 0.5 * sigma)  # robust to the anomalies themselves, never nothing for a steady series
    expected_at = np.exp(fitted_scale) if spec.log else fitted_scale
    # a count moving by one is no anomaly, however steady it has been (``quantum``)
    flagged = np.flatnonzero((np.abs(one_step) > ANOMALY_Z * spread) & ~missing
                             & (np.abs(y - expected_at) >= 3 * quantum))
    flagged = flagged[flagged >= min(len(y) - 1, max(season, 2))]  # the first values only set the model up
    anomalies = []
    for i in flagged:
        expected, low, high = fitted_scale[i], fitted_scale[i] - Z95 * sigma, fitted_scale[i] + Z95 * sigma
        if spec.log:
            expected, low, high = math.exp(expected), math.exp(low), math.exp(high)
        anomalies.append(Anomaly(int(i) + offset, float(y[i]), float(expected), float(low), float(high)))
    isolated = [a.index - offset for a in anomalies
                if a.index - offset < n_all - 1 and (a.index - offset + 1) not in set(flagged)
                and (a.index - offset - 1) not in set(flagged)]
    if isolated:  # one bad value does not bend the forecast
        y_clean = y.copy()
        for i in isolated:
            y_clean[i] = float(np.exp(fitted_scale[i])) if spec.log else float(fitted_scale[i])
        full = _smooth(y_clean, spec, season, params)

    steps = max(horizon, ahead or 0)
    point, sims = _forecast(full, "end", steps, errors, paths, rng, widen)
    if spec.log:
        point, sims = np.exp(point), np.exp(sims)
    lo, hi = np.quantile(sims[:horizon], [0.025, 0.975], axis=1)
    lo, hi = lo - half_step, hi + half_step
    return Analysis(n, season, "", spec.name(season), skill, error_pct, inside / len(err), len(err), origins,
                    point[:horizon], lo, hi, sims, tuple(anomalies), mae, mase)
