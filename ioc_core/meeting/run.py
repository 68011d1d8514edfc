"""Where a meeting is (Qt-free): not started, at which agenda item, since when, paused or ended, and what each item
showed and when (for the minutes). Part of the controller's state, saved with it, so a wall that restarts in the
middle of a meeting comes back at the same item with the same clock."""

from __future__ import annotations

from dataclasses import dataclass, replace

from ioc_core.meeting.minutes import folder_name
from ioc_core.meeting.model import Meeting, parse_meeting

STATUSES = ("ready", "running", "paused", "ended")


@dataclass(frozen=True)
class MeetingRun:
    meeting: Meeting
    status: str = "ready"
    item: int = -1  # the current agenda item, -1 before the start
    item_since: float | None = None  # epoch seconds when the current item's clock last started (None: stopped)
    item_counted: float = 0.0  # seconds the current item ran before item_since (pauses split it)
    started_at: float | None = None
    ended_at: float | None = None
    shown: tuple[tuple[int, float, float | None], ...] = ()  # (item, from, to): what the wall showed, when

    # -- reading ---------------------------------------------------------------------------------------------
    def elapsed(self, now: float) -> float:
        """Seconds the current item has run (pauses not counted)."""
        running = now - self.item_since if self.item_since is not None else 0.0
        return self.item_counted + max(0.0, running)

    def remaining(self, now: float) -> float | None:
        """Seconds left of the current item's time (negative when over time); None before the start."""
        if not 0 <= self.item < len(self.meeting.items):
            return None
        return self.meeting.items[self.item].minutes * 60 - self.elapsed(now)

    # -- changes (each returns a new run, or a reason why not) -------------------------------------------------
    def go_to(self, item: int, now: float) -> MeetingRun | str:
        if self.status == "ended":
            return "the meeting has ended"
        if not 0 <= item < len(self.meeting.items):
            return f"the agenda has items 1 to {len(self.meeting.items)}, not {item + 1}"
        shown = self._close_shown(now) + ((item, now, None),)
        return replace(self, status="running", item=item, item_since=now, item_counted=0.0,
                       started_at=self.started_at if self.started_at is not None else now, shown=shown)

    def pause(self, now: float) -> MeetingRun | str:
        if self.status != "running":
            return f"the meeting is {self.status}, not running"
        return replace(self, status="paused", item_counted=self.elapsed(now), item_since=None)

    def resume(self, now: float) -> MeetingRun | str:
        if self.status != "paused":
            return f"the meeting is {self.status}, not paused"
        return replace(self, status="running", item_since=now)

    def end(self, now: float) -> MeetingRun | str:
        if self.status in ("ready", "ended"):
            return f"the meeting is {'not started' if self.status == 'ready' else 'already ended'}"
        return replace(self, status="ended", item_counted=self.elapsed(now), item_since=None, ended_at=now,
                       shown=self._close_shown(now))

    def _close_shown(self, now: float) -> tuple:
        return tuple((i, t0, t1 if t1 is not None else now) for i, t0, t1 in self.shown)

    # -- saving ----------------------------------------------------------------------------------------------
    def to_json(self) -> dict:
        return {"meeting": self.meeting.to_json(), "status": self.status, "item": self.item,
                "item_since": self.item_since, "item_counted": self.item_counted, "started_at": self.started_at,
                "ended_at": self.ended_at, "shown": [list(s) for s in self.shown],
                # where the wall writes this run's minutes (ioc_core/meeting/minutes.py): consoles fetch that folder
                "minutes": folder_name(self) if self.started_at is not None else None}

    def to_saved(self) -> dict:
        """As to_json, with the meeting document as it was given (feeds as written), for the wall's own file."""
        return {**self.to_json(), "meeting": self.meeting.source or self.meeting.to_json()}

    @classmethod
    def from_saved(cls, doc: dict, layout_regions: dict[str, list[str]] | None = None) -> MeetingRun:
        meeting = parse_meeting(doc["meeting"], "<saved meeting>", layout_regions)
        status = doc.get("status") if doc.get("status") in STATUSES else "ready"
        item = doc.get("item") if isinstance(doc.get("item"), int) else -1
        if not -1 <= item < len(meeting.items):
            item, status = -1, "ready"
        shown = tuple((int(s[0]), float(s[1]), None if s[2] is None else float(s[2]))
                      for s in doc.get("shown", []) if isinstance(s, list) and len(s) == 3)
        return cls(meeting, status, item, _num(doc.get("item_since")), _num(doc.get("item_counted")) or 0.0,
                   _num(doc.get("started_at")), _num(doc.get("ended_at")), shown)


def _num(x) -> float | None:
    return float(x) if isinstance(x, int | float) and not isinstance(x, bool) else None
