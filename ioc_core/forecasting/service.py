"""Where outlooks live and when they are computed again (Qt-free; any thread).

``Outlooks`` holds the newest outlook of each indicator: computed here (a wall on its own sources, the hub) or
received (a wall fed by a hub mirrors the hub's, computing none). Its listeners hear which indicators changed, on the
thread that put them (a wall's charts then re-read theirs on their worker).

``compute`` is the one place an outlook is made from a store: the history read through ``reader`` (StoreReader or
StoreReading: ``.history(indicator)``), the models run (tens of milliseconds each: call it on a worker, never on
the GUI thread)."""

from __future__ import annotations

import logging
import math
import threading
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from ioc_core.observers import Listeners

if TYPE_CHECKING:  # numpy and the models are imported with the first outlook, not at the wall's start
    from ioc_core.forecasting.outlook import Outlook

log = logging.getLogger(__name__)


class Turns:
    """Which indicators are due a new outlook: news of one waits until its last outlook was begun ``every_s`` ago,
    and is never dropped (its turn comes). Not locked itself: its owner's thread and callers share the owner's
    lock (the wall's forecasting worker, the hub's forecaster)."""

    def __init__(self, every_s: float):
        self.every_s = every_s
        self.wanted: set[str] = set()  # news since their last outlook
        self._begun: dict[str, float] = {}  # indicator -> when its last outlook was begun (the owner's clock)

    def ask(self, indicators) -> None:
        self.wanted |= set(indicators)

    def due(self, now: float) -> list[str]:
        return sorted(i for i in self.wanted if now - self._begun.get(i, -math.inf) >= self.every_s)

    def next_due_in(self, now: float) -> float | None:
        """Seconds until the next one is due; None when nothing waits."""
        waits = [self._begun.get(i, -math.inf) + self.every_s - now for i in self.wanted]
        return max(0.0, min(waits)) if waits else None

    def take(self, now: float, limit: int) -> list[str]:
        """The next ``limit`` due, marked as begun now (news that comes while they are computed waits for their
        next turn)."""
        ids = self.due(now)[:limit]
        self.wanted.difference_update(ids)
        for ind_id in ids:
            self._begun[ind_id] = now
        return ids


class Outlooks:
    def __init__(self):
        self._lock = threading.Lock()
        self._by_id: dict[str, Outlook] = {}
        self.changed = Listeners("outlooks")  # called with the set of indicator ids whose outlook changed

    def get(self, indicator: str) -> Outlook | None:
        with self._lock:
            return self._by_id.get(indicator)

    def all(self) -> list[Outlook]:
        with self._lock:
            return [self._by_id[k] for k in sorted(self._by_id)]

    def put(self, outlooks: Iterable[Outlook]) -> set[str]:
        """Keep ``outlooks`` (each replaces its indicator's); returns and tells the ids whose outlook changed."""
        changed = set()
        with self._lock:
            for o in outlooks:
                held = self._by_id.get(o.indicator)
                if held is not o and (held is None or held.to_json() != o.to_json()):  # a reused one: the same
                    self._by_id[o.indicator] = o
                    changed.add(o.indicator)
        if changed:
            self.changed.emit(changed)
        return changed

    def drop(self, indicator: str) -> None:
        with self._lock:
            gone = self._by_id.pop(indicator, None) is not None
        if gone:
            self.changed.emit({indicator})


def compute(catalogue, indicators: Iterable[str], reader, now: float,
            on_error: Callable[[str, Exception], None] | None = None, held: Outlooks | None = None) -> list[Outlook]:
    """The outlooks of ``indicators`` (ids in ``catalogue``) from their stored history; one that fails is logged
    and left out (its old outlook stays), never taking the others down. With ``held``, an indicator whose complete
    periods have not changed since its held outlook keeps it, unfitted (outlook.REUSE_S)."""
    from ioc_core.forecasting.outlook import outlook

    out = []
    for ind_id in sorted(indicators):
        ind = catalogue.indicators.get(ind_id)
        if ind is None:
            continue
        try:
            out.append(outlook(ind, reader.history(ind_id), now, held.get(ind_id) if held is not None else None))
        except Exception as exc:
            log.exception("the outlook of %s failed", ind_id)
            if on_error is not None:
                on_error(ind_id, exc)
    return out
