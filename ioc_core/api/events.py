"""The event stream's source: numbered events kept in a bounded ring, and who is connected (thread-safe).

A console that reconnects says the last event it saw; if that is still in the ring it gets what it missed,
otherwise it is told to read the state afresh (``gap``).
"""

from __future__ import annotations

import itertools
import threading
import time
from collections import deque
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Event:
    seq: int
    kind: str  # state | alert | clients
    data: dict


@dataclass
class Client:
    id: int
    name: str  # the token's name
    role: str
    label: str  # what the console calls itself (?client=...)
    since: float = field(default_factory=time.time)

    def to_json(self) -> dict:
        return {"id": self.id, "name": self.name, "role": self.role, "client": self.label, "since": self.since}


class EventBus:
    def __init__(self, keep: int = 500):
        self._cond = threading.Condition()
        self._events: deque[Event] = deque(maxlen=keep)
        self._seq = 0
        self._clients: dict[int, Client] = {}
        self._ids = itertools.count(1)
        self.closed = False
        # called (no arguments, on the publishing thread, outside the lock) after each event and at close: how an
        # asyncio server learns there is something to send without a thread waiting on the condition
        self._watchers: list = []

    @property
    def seq(self) -> int:
        return self._seq

    def publish(self, kind: str, data: dict) -> int:
        with self._cond:
            self._seq += 1
            self._events.append(Event(self._seq, kind, data))
            self._cond.notify_all()
            seq = self._seq
        self._wake()
        return seq

    def watch(self, callback) -> None:
        """``callback()`` after every event and when the bus closes (it must only schedule work: it runs on the
        publisher's thread)."""
        with self._cond:
            self._watchers.append(callback)

    def unwatch(self, callback) -> None:
        with self._cond:
            if callback in self._watchers:
                self._watchers.remove(callback)

    def _wake(self) -> None:
        with self._cond:
            watchers = list(self._watchers)
        for callback in watchers:
            callback()

    def since(self, seq: int) -> tuple[list[Event], bool]:
        """Events after ``seq``, and whether some were already dropped from the ring (the caller must resync)."""
        with self._cond:
            return self._after(seq)

    def _after(self, seq: int) -> tuple[list[Event], bool]:
        if seq > self._seq:  # a number this wall never gave (it restarted since): the state afresh
            return [], True
        if seq == self._seq:
            return [], False
        events = [e for e in self._events if e.seq > seq]
        gap = not events or events[0].seq != seq + 1
        return events, gap

    def wait(self, seq: int, timeout: float) -> tuple[list[Event], bool]:
        with self._cond:
            if seq == self._seq and not self.closed:
                self._cond.wait(timeout)
            return self._after(seq)

    def close(self) -> None:
        with self._cond:
            self.closed = True
            self._cond.notify_all()
        self._wake()

    # -- who is connected ----------------------------------------------------------------------------------
    def join(self, name: str, role: str, label: str) -> Client:
        with self._cond:
            client = Client(next(self._ids), name, role, label[:80])
            self._clients[client.id] = client
        self.publish("clients", {"clients": self.clients()})
        return client

    def leave(self, client: Client) -> None:
        with self._cond:
            self._clients.pop(client.id, None)
        self.publish("clients", {"clients": self.clients()})

    def clients(self) -> list[dict]:
        with self._cond:
            return [c.to_json() for c in self._clients.values()]
