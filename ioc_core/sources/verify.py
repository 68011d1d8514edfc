"""What one fetch of a source would put on the wall: fetched and parsed by the source's own code, then judged by
the indicator store's own validation on a scratch store (Qt-free).

``ioc-wall --check`` reports this; counting the parsed values instead said OK for mappings the store then refused
row by row (an indicator's name given for its id, a time cut to a date, duplicate periods, unknown communes).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from ioc_core import clock as wallclock
from ioc_core.indicators.indicator_store import IndicatorStore
from ioc_core.sources.base import SourceError

FIRST_REASONS = 3  # distinct reasons kept: enough to fix a mapping, never a flood


@dataclass
class Verdict:
    source: str
    stored: int = 0  # values the store would keep
    rejected: int = 0  # rows refused: by the source's parsing and by the store, together
    reasons: list[str] = field(default_factory=list)  # the first few distinct reasons, in the order met
    alerts: list = field(default_factory=list)  # alert messages the source brought (CAP)
    seconds: float = 0.0  # fetch, parse and validation
    error: str | None = None  # the fetch failed as a whole (a SourceError's words)
    old: list[str] = field(default_factory=list)  # indicators whose newest stored period is long over, in words

    @property
    def failed(self) -> bool:
        """Nothing would reach the wall: the fetch failed, or every row was refused, or there was none."""
        return self.error is not None or (self.stored == 0 and not self.alerts)


def verify(source, catalogue, session, clock: Callable[[], float] = wallclock.now_s) -> Verdict:
    """Run ``source``'s fetch and parse with ``session``, then ``IndicatorStore.ingest`` on an in-memory store
    (never the wall's): what would be stored, what refused and why. A source's error is the verdict's ``error``;
    any other exception from its code is worded by type only (its message could carry an address with a key)."""
    verdict = Verdict(source.id)
    t0 = time.monotonic()
    try:
        result = source.run(session)
    except SourceError as exc:
        verdict.error = str(exc)
    except Exception as exc:  # a bug in one source must not stop the others
        verdict.error = f"internal error: {type(exc).__name__}"
    else:
        store = IndicatorStore(":memory:", catalogue, clock=clock)
        try:
            report = store.ingest(source.id, result.observations)
            verdict.old = _old(store, clock())
        finally:
            store.close()
        verdict.stored = report.accepted
        verdict.rejected = len(result.rejected) + len(report.rejected)
        for reason in [*result.rejected, *(why for _, why in report.rejected)]:
            if reason not in verdict.reasons:
                verdict.reasons.append(reason)
                if len(verdict.reasons) == FIRST_REASONS:
                    break
        verdict.alerts = list(result.alerts)
    verdict.seconds = time.monotonic() - t0
    return verdict


def _old(store: IndicatorStore, now: float) -> list[str]:
    """The indicators whose newest value would be shown as old data although it just arrived: its period ended
    longer ago than the indicator's cadence plus grace (last year's figures sent as this month's)."""
    from ioc_core.indicators.freshness import Freshness

    out = []
    for indicator, region in store.db.execute(
            "SELECT indicator, region FROM observations GROUP BY indicator HAVING period = MAX(period) "
            "ORDER BY indicator"):
        reading = store.latest(indicator, region)
        if reading is not None and reading.freshness is Freshness.OLD_PERIOD:
            days = (now - reading.period_end) / 86400
            out.append(f"{indicator}'s newest period is {reading.period} (over {days:.0f} days ago): the wall shows "
                       "it as old data")
    return out
