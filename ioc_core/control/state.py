"""What the wall shows (Qt-free): the state the controller holds and each command turns into the next one."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from ioc_core.layouts.model import Layout
from ioc_core.layouts.views import is_valid_view
from ioc_core.meeting.run import MeetingRun

OPERATOR_PRIORITY = 50  # an operator's own choice of a region; rules above this may still take it over


@dataclass(frozen=True)
class Hold:
    """Who put a region's view there and how strongly: an operator's choice, or an alert rule for a while.

    A region with no hold shows its layout's arrangement (priority 0): any enabled rule may use it. A rule's hold
    ends at ``until``, when ``revert_view`` (and the hold under it, ``previous``) come back.
    """

    owner: str  # "operator" or "rule:<id>"
    priority: int
    until: float | None = None
    revert_view: dict | None = None
    previous: Hold | None = None
    reason: str = ""
    duration_s: float | None = None  # how long a rule's takeover lasts: a hold ending further ahead than that
    # means the clock stepped back, and it ends now

    @property
    def rule(self) -> str | None:
        return self.owner[5:] if self.owner.startswith("rule:") else None

    def to_json(self) -> dict:
        return asdict(self)

    @classmethod
    def from_json(cls, doc: dict) -> Hold:
        prev = doc.get("previous")
        duration = doc.get("duration_s")
        return cls(str(doc["owner"]), int(doc["priority"]), doc.get("until"), doc.get("revert_view"),
                   cls.from_json(prev) if isinstance(prev, dict) else None, str(doc.get("reason", "")),
                   float(duration) if isinstance(duration, int | float) else None)


@dataclass(frozen=True)
class WallState:
    revision: int
    layout: Layout
    views: dict[str, dict | None]
    blackout: frozenset[tuple[int, int]] = frozenset()
    identify: bool = False
    holds: dict[str, Hold] = field(default_factory=dict)
    paused_rules: frozenset[str] = frozenset()
    meeting: MeetingRun | None = None
    frozen_at: float | None = None  # figures held still as of this time (epoch seconds) for discussion
    # what remote meeting rooms see (ioc_core/control/sharing.py): wall, a screen or a region; or off
    share: dict | None = None
    # an operator's screen power override (ioc_core/control/power_plan.py); None: the schedule rules
    power: dict | None = None

    def priority_of(self, region_id: str) -> int:
        hold = self.holds.get(region_id)
        return hold.priority if hold else 0

    def view_of(self, region_id: str) -> dict | None:
        return self.views.get(region_id)

    def to_json(self) -> dict:
        return {
            "revision": self.revision,
            "layout": self.layout.id,
            "grid": {"rows": self.layout.grid_rows, "cols": self.layout.grid_cols},
            "regions": [{**r.to_json(), "view": self.views.get(r.id),
                         **({"hold": _hold_summary(self.holds[r.id])} if r.id in self.holds else {})}
                        for r in self.layout.regions],
            "blackout": sorted([list(s) for s in self.blackout]),
            "identify": self.identify,
            "paused_rules": sorted(self.paused_rules),
            "meeting": self.meeting.to_json() if self.meeting is not None else None,
            "frozen_at": self.frozen_at,
            "share": self.share,
            "power": self.power,
        }


def _hold_summary(h: Hold) -> dict:
    out = {"owner": h.owner, "priority": h.priority}
    if h.until is not None:
        out["until"] = h.until
    if h.reason:
        out["reason"] = h.reason
    return out


MAX_HOLD_S = 86400  # the longest rule takeover (commands.py: rule_show duration_s)


def views_for(layout: Layout, saved: dict) -> dict[str, dict | None]:
    """The layout's default views, overridden by saved ones where the region still exists and the view is valid."""
    views = layout.default_views()
    for rid, view in saved.items():
        if rid in views and is_valid_view(view):
            views[rid] = view
    return views
