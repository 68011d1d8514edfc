"""When each source is fetched next: its cadence, at most one fetch in flight, backoff after failures (Qt-free)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class _Entry:
    interval_s: float
    next_at: float
    in_flight: bool = False
    failures: int = 0


class FetchPlan:
    def __init__(self, retry_base_s: float = 15.0, max_backoff_s: float = 900.0):
        self.retry_base_s = retry_base_s
        self.max_backoff_s = max_backoff_s
        self._entries: dict[str, _Entry] = {}

    def add(self, source_id: str, interval_s: float, now: float) -> None:
        self._entries[source_id] = _Entry(interval_s, now)

    def due(self, now: float) -> list[str]:
        """Sources to fetch now; each is marked in flight until ``finished``.

        A source planned further ahead than it can ever wait means the clock stepped back (a wrong time corrected,
        a technician's change): without a correction it would not be fetched until the clock caught up, for hours
        or days, and every figure of it would go stale. It is fetched now instead."""
        for e in self._entries.values():
            if e.next_at - now > max(e.interval_s, self.retry_base_s, self.max_backoff_s):
                e.next_at = now
        ready = sorted((e.next_at, sid) for sid, e in self._entries.items() if not e.in_flight and e.next_at <= now)
        for _, sid in ready:
            self._entries[sid].in_flight = True
        return [sid for _, sid in ready]

    def finished(self, source_id: str, ok: bool, now: float) -> float:
        """Record the outcome; return when the source is due again."""
        e = self._entries[source_id]
        e.in_flight = False
        if ok:
            e.failures = 0
            e.next_at = now + e.interval_s
        else:
            e.failures += 1
            backoff = self.retry_base_s * 2 ** (e.failures - 1)
            e.next_at = now + min(backoff, self.max_backoff_s, max(e.interval_s, self.retry_base_s))
        return e.next_at

    def next_at(self) -> float:
        """When the next source not in flight is due (infinity: none)."""
        return min((e.next_at for e in self._entries.values() if not e.in_flight), default=float("inf"))

    def in_flight(self, source_id: str) -> bool:
        return self._entries[source_id].in_flight

    def failures(self, source_id: str) -> int:
        return self._entries[source_id].failures
