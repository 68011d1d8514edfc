"""Two indicators' lagged correlation over their shared history, worded with its caveats (Qt-free; numpy, pandas).

Asked for at the console ("Tương quan"), computed on the wall's API thread from its store:

1. Each indicator on its regular calendar (grid.py). The finer cadence is brought to the coarser one's: a day's
   figures to their week, month, ...; hours to their day. A **summed** indicator (``aggregation`` "sum", not an
   instant reading) adds its periods up and a coarse period with any of its finer periods missing is a gap (a part
   sum is not the period's figure); any other (a level, a rate, a stock counted at a moment, every instant reading)
   takes the mean of its periods, a gap when fewer than half of them are there.
2. The periods both have (``n``, the "kỳ chung").
3. Pearson's r of the period-to-period **changes** (first differences, taken between consecutive periods only: a
   change across a gap is no change of one period) at lags -L..+L, L = min(max_lag, n // 4). Lag k > 0: b follows a
   by k periods (a's change at t against b's at t + k). A common trend alone makes two levels look related; it does
   not make their changes move together.
4. The 95 % significance bound of each lag, ±1.96 · f / sqrt(m), m the pairs of changes at that lag (n - |k| when
   nothing is missing): what the console shades. ``f`` is Bartlett's: sqrt(1 + 2 Σ ρa(j) ρb(j)), the changes' own
   autocorrelations over j = 1..J, at least 1: a series' changes that echo each other (first differences of a series
   without a trend do, at -0.5) make chance correlations wider, and the plain ±1.96 / sqrt(m) would call one in
   five pairs of unrelated series related (measured: 7 of 40 at 200 days); f is 1 for changes without
   autocorrelation, which is the plain bound. The strongest of 2L + 1 lags is judged against a wider bound
   (``best_bound``, Bonferroni: z at 1 - 0.05 / (2 (2L + 1))): of 25 lags of two unrelated series, one beyond its
   own 95 % bound is the rule, not a finding. r of the levels (lag 0) serves the caveat on a common trend.

Differencing has its price: for two series without a trend, a relation at lag k also shows, reversed and about
half as strong, at k - 1 and k + 1 (the change into and out of a period share it); the strongest lag is still k.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from statistics import NormalDist

import numpy as np

from ioc_core import fmt
from ioc_core.forecasting import grid as grids

ORDER = ("instant", "day", "week", "month", "quarter", "year")  # finer to coarser
MIN_SHARED = 8  # fewer shared periods: no correlation at all
FEW = 30  # fewer: "ít số liệu, kết quả chưa đáng tin"
MIN_PAIRS = 4  # a lag with fewer pairs of changes has no r
DEFAULT_LAG = 12
MAX_LAG = 60
TREND_LEVEL = 0.5  # the levels correlate at least this much ...
TREND_GAP = 0.3  # ... and this much more than the changes do: a common trend
Z95 = 1.96
BARTLETT_LAGS = 10  # the changes' autocorrelations summed for the bound's widening
# how coarser periods are cut (pandas resample rules: each period labelled by its start)
RESAMPLE = {"instant": "h", "day": "D", "week": "W-MON", "month": "MS", "quarter": "QS", "year": "YS"}

CAUSAL_VI = "tương quan không phải quan hệ nhân quả"
CAUSAL_EN = "correlation is not causation"
FEW_VI = "ít số liệu, kết quả chưa đáng tin"
FEW_EN = "few data points: the result is not yet reliable"
NONE_VI = "không có tương quan đáng kể"
NONE_EN = "no significant correlation"
TREND_VI = "hai chỉ số cùng có xu hướng; tương quan của mức số liệu chủ yếu do xu hướng chung"
TREND_EN = "both indicators trend; the correlation of their levels is mostly that common trend"


@dataclass(frozen=True)
class Correlation:
    a: str
    b: str
    period: str  # the common cadence (the coarser of the two)
    n: int  # shared periods
    first: str = ""  # the first and last shared periods (their starts)
    last: str = ""
    lags: tuple[int, ...] = ()
    r: tuple[float | None, ...] = ()  # per lag; None: too few pairs
    pairs: tuple[int, ...] = ()  # pairs of changes per lag
    bound: tuple[float | None, ...] = ()  # the 95 % significance bound per lag (±)
    best_lag: int | None = None
    best_r: float | None = None
    best_bound: float | None = None  # the bound the best lag is judged against (all the lags looked at)
    significant: bool = False  # the best lag's |r| beyond best_bound
    level_r: float | None = None  # r of the levels, lag 0
    summary_vi: str = ""
    summary_en: str = ""
    caveats_vi: tuple[str, ...] = ()
    caveats_en: tuple[str, ...] = ()
    aggregation_a: str = ""  # how a's finer periods made the common cadence ("sum", "mean", "" as they were)
    aggregation_b: str = ""

    def to_json(self) -> dict:
        doc = asdict(self)
        for k in ("lags", "r", "pairs", "bound", "caveats_vi", "caveats_en"):
            doc[k] = list(doc[k])
        return doc


def how_coarsened(ind) -> str:
    """"sum" for a summed indicator (a flow: dossiers received), "mean" for anything else (levels, rates, stocks)."""
    return "sum" if ind.aggregation == "sum" and ind.period != "instant" else "mean"


def _series(g: grids.Grid):
    import pandas as pd

    return pd.Series(np.asarray(g.values, dtype=float), index=pd.DatetimeIndex(pd.to_datetime(list(g.starts))))


def _coarsen(s, fine: str, coarse: str, how: str):
    """``s`` (on ``fine``'s calendar, NaN gaps) on ``coarse``'s: see the module docstring."""
    import pandas as pd

    if s.empty:
        return s
    rule = RESAMPLE[coarse]
    kw = dict(label="left", closed="left") if coarse == "week" else {}
    bins = s.resample(rule, **kw)
    present = bins.count()
    # how many fine periods each coarse one holds: a full fine calendar over the bins' span
    starts = present.index
    end = starts[-1] + pd.tseries.frequencies.to_offset(rule)
    full = pd.Series(1.0, index=pd.date_range(starts[0], end, freq=RESAMPLE[fine], inclusive="left"))
    expected = full.resample(rule, **kw).count().reindex(starts).fillna(0)
    if how == "sum":
        out = bins.sum(min_count=1)
        out[present < expected] = np.nan
    else:
        out = bins.mean()
        out[present < np.maximum(1, expected / 2)] = np.nan
    return out


def _pearson(x: np.ndarray, y: np.ndarray) -> float | None:
    ok = np.isfinite(x) & np.isfinite(y)
    if ok.sum() < MIN_PAIRS:
        return None
    x, y = x[ok], y[ok]
    if np.std(x) == 0 or np.std(y) == 0:
        return None
    return float(np.corrcoef(x, y)[0, 1])


def _acf(x: np.ndarray, j: int) -> float:
    r = _pearson(x[:-j], x[j:])
    return 0.0 if r is None else r


def _bartlett(da: np.ndarray, db: np.ndarray) -> float:
    """Bartlett's widening of the bound (see the module docstring), from the changes' first autocorrelations."""
    m = int(min(np.count_nonzero(np.isfinite(da)), np.count_nonzero(np.isfinite(db))))
    top = min(BARTLETT_LAGS, m // 4)
    total = sum(_acf(da, j) * _acf(db, j) for j in range(1, top + 1))
    return math.sqrt(max(1.0, 1.0 + 2.0 * total))


def _lagged(da: np.ndarray, db: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """a's changes at t and b's at t + k (k < 0: b's come first)."""
    if k >= 0:
        return da[:len(da) - k], db[k:]
    return da[-k:], db[:len(db) + k]


def _r_text(r: float) -> str:
    return fmt.number(r, 2)


def correlate(ind_a, history_a, ind_b, history_b, now: float, max_lag: int = DEFAULT_LAG) -> Correlation:
    """``ind_a`` and ``ind_b`` (catalogue Indicators) from their stored histories (IndicatorStore.history's
    DataFrames, or None) at ``now``."""
    import pandas as pd

    period = max(ind_a.period, ind_b.period, key=lambda p: ORDER.index(p) if p in ORDER else 0)
    how = {}
    series = []
    for ind, history in ((ind_a, history_a), (ind_b, history_b)):
        g = grids.regular(ind.period, history, now, ind.aggregation)
        s = _series(g)
        if ind.period != period:
            how[ind.id] = how_coarsened(ind)
            s = _coarsen(s, ind.period, period, how[ind.id])
        series.append(s)
    sa, sb = series
    base = dict(a=ind_a.id, b=ind_b.id, period=period, aggregation_a=how.get(ind_a.id, ""),
                aggregation_b=how.get(ind_b.id, ""))
    both = sa.dropna().index.intersection(sb.dropna().index)
    n = len(both)
    step_vi, step_en = grids.STEP_WORDS.get(period, ("kỳ", "period"))
    if n < MIN_SHARED:
        vi = (f"Chỉ có {n} kỳ chung của {ind_a.name_vi} và {ind_b.name_vi}: chưa đủ số liệu để tính tương quan "
              f"(cần ít nhất {MIN_SHARED})")
        en = (f"Only {n} shared periods of {ind_a.name_en} and {ind_b.name_en}: too little data to correlate "
              f"(at least {MIN_SHARED} needed)")
        return Correlation(**base, n=n, summary_vi=vi, summary_en=en, caveats_vi=(CAUSAL_VI,),
                           caveats_en=(CAUSAL_EN,))
    # one calendar from the first shared period to the last: the changes are between consecutive periods
    start, end = both[0], both[-1]
    if period in RESAMPLE and len(pd.date_range(start, end, freq=RESAMPLE[period])) <= 100_000:
        cal = pd.date_range(start, end, freq=RESAMPLE[period])
        if not both.isin(cal).all():  # periods stored off the calendar (grid.py): taken as they are
            cal = both
    else:
        cal = both
    a = sa.reindex(cal).to_numpy(dtype=float)
    b = sb.reindex(cal).to_numpy(dtype=float)
    shared = np.isfinite(a) & np.isfinite(b)
    a, b = np.where(shared, a, np.nan), np.where(shared, b, np.nan)
    da, db = np.diff(a), np.diff(b)
    top = max(0, min(int(max_lag), n // 4))
    lags = tuple(range(-top, top + 1))
    factor = _bartlett(da, db)
    rs, pairs, bounds = [], [], []
    for k in lags:
        x, y = _lagged(da, db, k)
        m = int(np.count_nonzero(np.isfinite(x) & np.isfinite(y)))
        r = _pearson(x, y)
        rs.append(None if r is None else round(r, 4))
        pairs.append(m)
        bounds.append(round(Z95 * factor / math.sqrt(m), 4) if m >= MIN_PAIRS else None)
    level_r = _pearson(a, b)
    level_r = None if level_r is None else round(level_r, 4)
    scored = [(abs(r), -abs(k), k, r) for k, r in zip(lags, rs, strict=True) if r is not None]
    fmt_n = fmt.number(n)
    if not scored:
        vi = f"{ind_a.name_vi} và {ind_b.name_vi}: số liệu không đổi, không tính được tương quan ({fmt_n} kỳ chung)"
        en = f"{ind_a.name_en} and {ind_b.name_en}: the figures do not change, no correlation ({n} shared periods)"
        caveats = [(FEW_VI, FEW_EN)] if n < FEW else []
        caveats.append((CAUSAL_VI, CAUSAL_EN))
        return Correlation(**base, n=n, first=_iso(start, period), last=_iso(end, period), lags=lags,
                           r=tuple(rs), pairs=tuple(pairs), bound=tuple(bounds), level_r=level_r, summary_vi=vi,
                           summary_en=en, caveats_vi=tuple(c[0] for c in caveats),
                           caveats_en=tuple(c[1] for c in caveats))
    _, _, best_lag, best_r = max(scored)  # the strongest; of equals, the shortest lag, then the later one
    i = lags.index(best_lag)
    z_best = NormalDist().inv_cdf(1 - 0.05 / (2 * len(lags)))
    best_bound = round(z_best * factor / math.sqrt(pairs[i]), 4)
    significant = abs(best_r) > best_bound
    sign_vi = " (ngược chiều)" if best_r < 0 else ""
    sign_en = " (opposite directions)" if best_r < 0 else ""
    if best_lag > 0:
        rel_vi = f"{ind_a.name_vi} đi trước {ind_b.name_vi} {best_lag} {step_vi}"
        rel_en = f"{ind_a.name_en} leads {ind_b.name_en} by {best_lag} {step_en}{'s' if best_lag > 1 else ''}"
    elif best_lag < 0:
        rel_vi = f"{ind_b.name_vi} đi trước {ind_a.name_vi} {-best_lag} {step_vi}"
        rel_en = f"{ind_b.name_en} leads {ind_a.name_en} by {-best_lag} {step_en}{'s' if best_lag < -1 else ''}"
    else:
        rel_vi = f"{ind_a.name_vi} và {ind_b.name_vi} biến động cùng {step_vi}"
        rel_en = f"{ind_a.name_en} and {ind_b.name_en} move in the same {step_en}"
    vi = f"Tương quan mạnh nhất: {rel_vi}, r = {_r_text(best_r)}{sign_vi} ({fmt_n} kỳ chung)"
    en = f"Strongest correlation: {rel_en}, r = {best_r:.2f}{sign_en} ({n} shared periods)"
    caveats = []
    if n < FEW:
        caveats.append((FEW_VI, FEW_EN))
    if not significant:
        caveats.append((NONE_VI, NONE_EN))
    if level_r is not None and abs(level_r) >= TREND_LEVEL and abs(level_r) - abs(best_r) >= TREND_GAP:
        caveats.append((f"{TREND_VI} (r của mức số liệu = {_r_text(level_r)})",
                        f"{TREND_EN} (r of the levels = {level_r:.2f})"))
    caveats.append((CAUSAL_VI, CAUSAL_EN))
    return Correlation(**base, n=n, first=_iso(start, period), last=_iso(end, period), lags=lags, r=tuple(rs),
                       pairs=tuple(pairs), bound=tuple(bounds), best_lag=best_lag, best_r=best_r,
                       best_bound=best_bound, significant=bool(significant), level_r=level_r, summary_vi=vi,
                       summary_en=en,
                       caveats_vi=tuple(c[0] for c in caveats), caveats_en=tuple(c[1] for c in caveats))


def _iso(t, period: str) -> str:
    return t.strftime("%Y-%m-%dT%H:%M" if period == "instant" else "%Y-%m-%d")
