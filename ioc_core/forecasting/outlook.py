"""One indicator's outlook: its forecast, how good it has been, its risks and its anomalies, in words (Qt-free).

``outlook(ind, history, now)`` runs the whole chain off the GUI thread (grid.py -> models.py -> risk.py); the
result is plain data that travels as JSON (the hub publishes it, ``Outlook.to_json``/``from_json``) and that the
wall draws and the alert checks judge without computing anything again.

What is shown, and when (see models.py for how):
- **No forecast, no risk** for a series too short, too gappy or flat to judge (``reason`` says which), or whose
  model did not beat the seasonal naive forecast in the backtest (``reason`` "naive").
- **The forecast** with its 95 % band, and its record in words: "sai số trung bình 3,2 % trong 12 kỳ qua".
- **Risks** with probability ``RISK_SHOWN`` or more: "65 % khả năng vượt ngưỡng cảnh báo trong 7 ngày tới",
  "72 % khả năng không đạt kế hoạch năm". From ``RISK_ALERT`` they raise a forecast alert.
- **Anomalies** of the newest ``ANOMALY_WINDOW`` periods, each with its expected range; the newest value being one
  raises an "anomaly" alert ("bất thường").
"""

from __future__ import annotations

import logging
import math
from dataclasses import asdict, dataclass, field
from datetime import datetime

from ioc_core import fmt
from ioc_core.catalogue import Indicator, Status
from ioc_core.forecasting import grid as grids
from ioc_core.forecasting import models, risk

log = logging.getLogger(__name__)

HORIZON = {"instant": 12, "day": 7, "week": 4, "month": 6, "quarter": 4, "year": 3}  # forecast, in periods
PER_YEAR = {"day": 365, "week": 52, "month": 12, "quarter": 4, "year": 1}
RISK_SHOWN = 0.2  # a risk this likely or more is worded on the tile
RISK_ALERT = 0.5  # ... and from this on it raises a forecast alert
_RANK = {"critical": 2, "warning": 1}
RISK_CLEAR = 0.4  # a raised forecast alert clears only below this
ANOMALY_WINDOW = 90  # periods back whose anomalies are kept (a chart's window at most)
MAX_YEAR_GAPS = 0.1  # a year so far with more of its periods missing: its plan is not judged
REUSE_S = 6 * 3600  # an outlook of unchanged history is kept this long (then made again: the year moves on)
REASONS_VI = {"short": "chưa đủ số liệu để dự báo", "gaps": "số liệu thiếu quá nhiều kỳ để dự báo",
              "flat": "số liệu không đổi, không dự báo", "failed": "không dựng được mô hình dự báo",
              "naive": "mô hình chưa dự báo tốt hơn cách lặp lại kỳ trước, không hiển thị dự báo"}
REASONS_EN = {"short": "too little data to forecast", "gaps": "too many periods missing to forecast",
              "flat": "the figure never changes: no forecast", "failed": "no forecasting model could be fitted",
              "naive": "the model has not beaten repeating the previous season: no forecast shown"}


@dataclass(frozen=True)
class RiskNote:
    kind: str  # "warning" | "critical" (a threshold crossed within the horizon) | "plan" (the annual plan missed)
    probability: float
    severity: str | None  # "warning" | "critical" from RISK_ALERT on, else None (worded, no alert)
    message_vi: str
    message_en: str


@dataclass(frozen=True)
class AnomalyNote:
    period: str  # the period's start, as the store keeps it
    value: float
    expected: float
    low: float  # the expected 95 % range
    high: float
    message_vi: str
    message_en: str


@dataclass(frozen=True)
class Outlook:
    indicator: str
    period: str  # the indicator's calculationPeriod
    computed_at: float
    last: str = ""  # the newest complete period judged (its start)
    n: int = 0  # values judged
    reason: str = ""  # why no forecast is shown (REASONS_VI's keys); "" when one is
    model: str = ""
    skill: float = math.nan  # backtest MAE / the seasonal naive's (below 1: better)
    error_pct: float = math.nan  # backtest MAE as a share of the figure, %
    mase: float = math.nan
    mae: float = math.nan  # backtest mean absolute error, in the unit
    coverage: float = math.nan  # share of backtest values inside the stated 95 % band
    scored: int = 0
    origins: int = 0
    starts: tuple[str, ...] = ()  # the forecast's periods
    values: tuple[float, ...] = ()
    lower: tuple[float, ...] = ()
    upper: tuple[float, ...] = ()
    risks: tuple[RiskNote, ...] = ()
    anomalies: tuple[AnomalyNote, ...] = ()
    unit: str = field(default="", compare=False)
    judged: str = ""  # the newest COMPLETE period (``last`` may be one still under way): its anomaly raises the alert
    digest: str = ""  # of the values judged: the same history again needs no new fit (``outlook``'s ``previous``)

    @property
    def shown(self) -> bool:
        return not self.reason and bool(self.values)

    @property
    def accuracy_vi(self) -> str:
        """"sai số trung bình 3,2 % trong 24 kỳ qua" (an absolute error for a figure near zero)."""
        return _record(self, "sai số trung bình {} trong {} kỳ qua", en=False)

    @property
    def accuracy_en(self) -> str:
        return _record(self, "mean error {} over the last {} periods", en=True)

    @property
    def reason_vi(self) -> str:
        return REASONS_VI.get(self.reason, "")

    @property
    def reason_en(self) -> str:
        return REASONS_EN.get(self.reason, "")

    def alert_risk(self) -> RiskNote | None:
        """The risk that raises the forecast alert: the most severe, then the most likely; None below RISK_ALERT."""
        risk = self.headline_risk()
        return risk if risk is not None and risk.severity else None

    def headline_risk(self) -> RiskNote | None:
        """The risk a chart, a tile and a phone word: the most severe, then the most likely (one below the alert
        level too); None without risks."""
        return max(self.risks, key=lambda r: (_RANK.get(r.severity or "", 0), r.probability), default=None)

    def newest_anomaly(self) -> AnomalyNote | None:
        """The anomaly of the newest complete period, if it is one (it raises the "anomaly" alert)."""
        newest = self.judged or self.last
        return self.anomalies[-1] if self.anomalies and self.anomalies[-1].period == newest else None

    def behind(self, ind: Indicator, newest: str | None, now: float) -> bool:
        """Whether this outlook was made before ``newest`` (the store's newest period of ``ind``, as kept: its
        reading's period) became the newest complete one: its forecast and risks then speak of a past the wall has
        moved on from, and are not shown (a chart, a tile and a phone all judge by this)."""
        if not newest or not self.last:
            return False
        return self.last < newest_complete(ind, newest, now)

    def to_json(self) -> dict:
        doc = asdict(self)
        for k in ("skill", "error_pct", "mase", "mae", "coverage"):
            doc[k] = None if not math.isfinite(doc[k]) else round(doc[k], 6)
        return doc

    @classmethod
    def from_json(cls, doc: dict) -> Outlook:
        """Raises (KeyError, TypeError, ValueError) on a document that is not an outlook."""
        if not isinstance(doc, dict):
            raise TypeError("an outlook is a JSON object")
        d = dict(doc)
        for k in ("skill", "error_pct", "mase", "mae", "coverage"):
            d[k] = math.nan if d.get(k) is None else float(d[k])
        for k in ("starts",):
            d[k] = tuple(str(v) for v in d.get(k, ()))
        for k in ("values", "lower", "upper"):
            d[k] = tuple(float(v) for v in d.get(k, ()))
        if not (len(d["starts"]) == len(d["values"]) == len(d["lower"]) == len(d["upper"])):
            raise ValueError("an outlook's starts, values and band differ in length")
        # a newer hub's extra fields are ignored, not a reason to refuse the whole outlook
        d["risks"] = tuple(RiskNote(**_known(RiskNote, r)) for r in d.get("risks", ()))
        d["anomalies"] = tuple(AnomalyNote(**_known(AnomalyNote, a)) for a in d.get("anomalies", ()))
        known = set(cls.__dataclass_fields__)
        return cls(**{k: v for k, v in d.items() if k in known})


def newest_complete(ind: Indicator, newest: str, now: float) -> str:
    """The start of the newest period an outlook of ``ind`` judges when the store's newest period is ``newest``
    (ISO text): its hour for instant readings, the period before it when a summed figure's is still under way."""
    from ioc_core.indicators.indicator_store import period_end

    if ind.period == "instant":
        return newest[:13] + ":00" if len(newest) >= 13 else newest
    start = newest[:10]
    if ind.aggregation == "sum" and period_end(start, ind.period) > now:
        import pandas as pd

        step = pd.tseries.frequencies.to_offset(grids.FREQ[ind.period])
        return (pd.Timestamp(start) - step).strftime("%Y-%m-%d")
    return start


def _known(cls, doc) -> dict:
    if not isinstance(doc, dict):
        raise TypeError(f"a {cls.__name__} is a JSON object")
    return {k: v for k, v in doc.items() if k in cls.__dataclass_fields__}


def _record(o: Outlook, words: str, en: bool) -> str:
    """The backtest's record in ``words`` ({error}, {origins}): the mean error as a share of the figure, or in the
    indicator's unit for a figure near zero (where a share misleads); "" without a backtest."""
    if not o.scored:
        return ""
    if math.isfinite(o.error_pct):
        error = f"{o.error_pct:.1f} %" if en else f"{fmt.number(o.error_pct, 1)} %"
    else:
        error = f"{f'{o.mae:.3g}' if en else fmt.value(o.mae, o.unit)} {o.unit}".strip()
    return words.format(error, o.origins)


def _pct(p: float) -> str:
    if p < 0.01:
        return "< 1 %"
    if p > 0.99:
        return "> 99 %"
    return f"{round(p * 100):d} %"


def _ahead_words(ind: Indicator, horizon: int) -> tuple[str, str]:
    vi, en = grids.STEP_WORDS.get(ind.period, ("kỳ", "period"))
    return f"trong {horizon} {vi} tới", f"within the next {horizon} {en}{'s' if horizon > 1 else ''}"


def _raised(previous: Outlook | None, kind: str) -> bool:
    """Whether ``previous`` raised an alert for the risk ``kind``: it stays raised down to RISK_CLEAR (hysteresis:
    a probability wavering around RISK_ALERT does not raise and clear the alert again and again)."""
    return previous is not None and any(r.kind == kind and r.severity for r in previous.risks)


def _severity(kind: str, p: float, previous: Outlook | None) -> str | None:
    level = "warning" if kind == "plan" else kind
    return level if p >= RISK_ALERT or (p >= RISK_CLEAR and _raised(previous, kind)) else None


def _crossing_notes(ind: Indicator, paths, horizon: int, latest: float | None,
                    previous: Outlook | None = None) -> list[RiskNote]:
    """The chance of crossing a threshold within the horizon; none for a threshold the newest value is already
    past (its threshold alert says so: a forecast alert beside it would say it twice)."""
    c = risk.crossing(ind, paths, horizon)
    if c is None:
        return []
    now_status = ind.status(latest) if latest is not None else Status.NORMAL
    if now_status == Status.CRITICAL:
        return []
    notes = []
    below = ind.direction == "higher_better"
    when_vi, when_en = _ahead_words(ind, horizon)
    for kind, p, limit in (("critical", c.critical, ind.critical), ("warning", c.warning, ind.warning)):
        if limit is None or p < RISK_SHOWN or (kind == "warning" and now_status == Status.WARNING):
            continue
        level_vi = "nghiêm trọng" if kind == "critical" else "cảnh báo"
        vi = _words(f"{_pct(p)} khả năng {'xuống dưới' if below else 'vượt'} ngưỡng {level_vi} "
                    f"{fmt.value(limit, ind.unit)} {ind.unit} {when_vi}")
        en = _words(f"{_pct(p)} chance of {'falling below' if below else 'exceeding'} the {kind} threshold "
                    f"{limit:g} {ind.unit} {when_en}")
        notes.append(RiskNote(kind, round(p, 4), _severity(kind, p, previous), vi, en))
        break  # the critical risk says the warning one too
    return notes


def _plan_note(ind: Indicator, g: grids.Grid, paths, now: float, previous: Outlook | None = None
               ) -> RiskNote | None:
    """The chance of missing the annual plan: the year's values so far and the paths up to its last period."""
    import numpy as np

    per_year = PER_YEAR.get(ind.period)
    if not ind.target or per_year is None or not g.starts:
        return None
    year = str(datetime.fromtimestamp(now, fmt.TZ).year)
    coming = g.ahead(per_year + 1)
    if not coming or coming[0][:4] != year:
        return None  # the history stops before this year: nothing to add the year up from
    left = sum(1 for s in coming if s[:4] == year)
    so_far = np.array([v for s, v in zip(g.starts, g.values, strict=True) if s[:4] == year], dtype=float)
    elapsed = per_year - left
    if elapsed > 0 and np.count_nonzero(np.isfinite(so_far)) < elapsed * (1 - MAX_YEAR_GAPS):
        return None  # too much of the year is missing to add it up
    p = risk.plan_miss(ind, paths, left, so_far[np.isfinite(so_far)])
    if p is None or p < RISK_SHOWN:
        return None
    vi = f"{_pct(p)} khả năng không đạt kế hoạch năm"
    en = f"{_pct(p)} chance of missing the annual plan"
    return RiskNote("plan", round(p, 4), _severity("plan", p, previous), vi, en)


def _words(text: str) -> str:
    """Without the double spaces an empty unit leaves."""
    return " ".join(text.split())


def _anomaly_note(ind: Indicator, a: models.Anomaly, start: str) -> AnomalyNote:
    if ind.min_value is not None:  # a count's expected range does not reach below zero
        a = models.Anomaly(a.index, a.value, a.expected, max(a.low, float(ind.min_value)), a.high)
    day = start[:10].split("-")
    when_vi = f"{day[2]}/{day[1]}/{day[0]}" + (f" {start[11:16]}" if len(start) > 10 else "")
    rng_vi = f"{fmt.value(a.low, ind.unit)}–{fmt.value(a.high, ind.unit)} {ind.unit}".rstrip()
    vi = _words(f"Bất thường: {ind.name_vi} {fmt.value(a.value, ind.unit)} {ind.unit} ({when_vi}), ngoài khoảng "
                f"dự kiến {rng_vi}")
    en = _words(f"Anomaly: {ind.name_en} {a.value:g} {ind.unit} ({start}), outside the expected range "
                f"{a.low:.4g}–{a.high:.4g} {ind.unit}")
    return AnomalyNote(start, a.value, round(a.expected, 6), round(a.low, 6), round(a.high, 6), vi, en)


def _running(ind: Indicator, start: str, now: float) -> bool:
    """Whether the period starting at ``start`` is still under way at ``now``."""
    from ioc_core.indicators.indicator_store import period_end

    if ind.period == "instant":
        return datetime.fromisoformat(start).replace(tzinfo=fmt.TZ).timestamp() + 3600 > now
    return period_end(start, ind.period) > now


def _digest(g: grids.Grid, running: bool) -> str:
    import hashlib

    h = hashlib.blake2b(digest_size=12)
    h.update("|".join(g.starts[-1:]).encode() + (b"|running" if running else b""))  # a day that ends is news
    h.update(g.values.tobytes())
    return h.hexdigest()


def outlook(ind: Indicator, history, now: float, previous: Outlook | None = None) -> Outlook:
    """``ind``'s outlook from its stored ``history`` (IndicatorStore.history's DataFrame) at ``now``; ``previous``
    (its last outlook) is given back as it is when the complete periods judged are the same as then and it is less
    than REUSE_S old: a daily figure's running total changes every few minutes, its forecast once a day."""
    g = grids.regular(ind.period, history, now, ind.aggregation)
    running = bool(g.starts) and _running(ind, g.starts[-1], now)
    digest = _digest(g, running)
    if (previous is not None and previous.digest == digest and previous.indicator == ind.id
            and 0 <= now - previous.computed_at < REUSE_S):
        return previous
    horizon = HORIZON.get(ind.period, 7)
    season = grids.SEASON.get(ind.period, 1)
    per_year = PER_YEAR.get(ind.period)
    ahead = horizon + (per_year + 1 if ind.target and per_year else 0)
    import numpy as np
    import pandas as pd

    raw = pd.to_numeric(history["value"], errors="coerce").to_numpy(dtype=float) if history is not None else []
    # the readings' own rounding (an hourly mean of whole counts is not a figure of hundredths)
    quantum = models._quantum(np.asarray(raw)[np.isfinite(raw)]) if len(raw) else None
    a = models.analyse(g.values, season, horizon, ahead=ahead, quantum=quantum)
    base = dict(indicator=ind.id, period=ind.period, computed_at=now, last=g.starts[-1] if g.starts else "",
                n=a.n, unit=ind.unit, digest=digest)
    if a.reason:
        return Outlook(**base, reason=a.reason)
    # a period still under way (today's rate from the morning's dossiers, this hour's readings so far) is no anomaly
    # yet: only complete periods are judged
    done = len(g.starts) - (1 if running else 0)
    anomalies = tuple(_anomaly_note(ind, x, g.starts[x.index]) for x in a.anomalies
                      if len(g.starts) - ANOMALY_WINDOW <= x.index < done)
    record = dict(judged=g.starts[done - 1] if done else "", model=a.model, skill=a.skill, error_pct=a.error_pct,
                  mase=a.mase, mae=a.mae, coverage=a.coverage,
                  scored=a.scored, origins=a.origins, anomalies=anomalies)
    if not a.shown:
        return Outlook(**base, **record, reason="naive")
    finite = g.values[np.isfinite(g.values)]
    risks = _crossing_notes(ind, a.paths, horizon, float(finite[-1]) if len(finite) else None, previous)
    plan = _plan_note(ind, g, a.paths, now, previous)
    if plan is not None:
        risks.append(plan)
    counts = ind.min_value is not None and ind.min_value >= 0
    floor = (lambda v: max(v, float(ind.min_value))) if counts else (lambda v: v)
    return Outlook(**base, **record, starts=g.ahead(horizon),
                   values=tuple(round(floor(float(v)), 6) for v in a.values),
                   lower=tuple(round(floor(float(v)), 6) for v in a.lower),
                   upper=tuple(round(floor(float(v)), 6) for v in a.upper), risks=tuple(risks))
