"""The central image controller: what the wall shows, changed only by commands (Qt-free).

The controller is the single source of truth for "what shows where". A command that changes the state raises
the revision by one and is saved at once; a command that changes nothing is accepted and leaves the revision
alone, so every command can be sent twice safely.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime

from ioc_core import clock as wallclock
from ioc_core.control.commands import command_problem
from ioc_core.control.power_plan import PowerSchedule, override_for, power_status
from ioc_core.control.saved_state import StateStore
from ioc_core.control.sharing import share_target
from ioc_core.fmt import TZ
from ioc_core.layouts.library import LayoutLibrary
from ioc_core.layouts.model import Layout, Region
from ioc_core.layouts.validate import bezel_warnings, region_cut_by_bezel
from ioc_core.layouts.views import VIEW_KINDS, is_valid_view
from ioc_core.meeting.model import parse_meeting
from ioc_core.meeting.run import MeetingRun
from ioc_core.observers import Listeners
from ioc_core.problems import InvalidFile, Problem, Severity
from ioc_core.setup.geometry import WallGeometry
from ioc_core.setup.webpolicy import WebAllowlist

log = logging.getLogger(__name__)

# Shown when no layout file could be loaded at all: one region per screen, so the wall still shows its clock
# and, on the identify overlay, what is wrong.
FALLBACK_LAYOUT_ID = "_fallback"


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


@dataclass(frozen=True)
class Result:
    accepted: bool
    revision: int
    changed: bool = False
    reason: str = ""
    warnings: tuple[str, ...] = ()

    def to_json(self) -> dict:
        out = {"accepted": self.accepted, "revision": self.revision, "changed": self.changed}
        if self.reason:
            out["reason"] = self.reason
        if self.warnings:
            out["warnings"] = list(self.warnings)
        return out


MAX_HOLD_S = 86400  # the longest rule takeover (commands.py: rule_show duration_s)


@dataclass
class Controller:
    library: LayoutLibrary
    geometry: WallGeometry = field(default_factory=WallGeometry)
    store: StateStore | None = None
    default_layout: str | None = None
    presets: dict[str, dict] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    clock: Callable[[], float] = wallclock.now_s
    web_allow: WebAllowlist | None = None  # the wall configuration's web hosts; None: web views not checked here
    power: PowerSchedule | None = None  # when the configuration switches the screens off; None: always on
    # what views may name (ioc_core.layouts.refs.Known: sectors, indicators, map layers, cameras), asked on each command
    # that gives views; None: not checked here
    references: Callable[[], object] | None = None

    def __post_init__(self):
        self.save_error: str | None = None  # why the last save failed, until one succeeds (the health report)
        self.changes = Listeners("wall state")  # each new state, to the screens and every console
        self.state = WallState(0, self.start_layout(), {})
        self.state = replace(self.state, views=self.state.layout.default_views())

    # -- reading -------------------------------------------------------------------------------------------
    def subscribe(self, listener: Callable[[WallState], None]) -> Callable[[], None]:
        """``listener(state)`` after each change; returns the unsubscribe. One that raises is logged and the others
        still hear of the change (ioc_core/observers.py)."""
        return self.changes.subscribe(listener)

    def layout_warnings(self) -> list[Problem]:
        return bezel_warnings(self.state.layout, self.geometry, self.state.views)

    # -- commands ------------------------------------------------------------------------------------------
    def execute(self, cmd) -> Result:
        """Apply one command (a JSON object); never raises for bad input."""
        problem = command_problem(cmd)
        if problem:
            return self._refuse(problem)
        view = cmd.get("view")
        if self.web_allow is not None and isinstance(view, dict) and view.get("kind") == "web":
            problem = self.web_allow.problem(view["url"])
            if problem:
                return self._refuse(f"web page refused: {problem}")
        if self.references is not None and isinstance(view, dict):
            from ioc_core.layouts.refs import view_refusal

            problem = view_refusal(view, self.references())
            if problem:
                return self._refuse(f"view refused: {problem}")
        handler = getattr(self, "_cmd_" + cmd["command"])
        args = {k: v for k, v in cmd.items() if k != "command"}
        return handler(**args)

    def _cmd_apply_layout(self, layout: str) -> Result:
        new = self.library.get(layout)
        if new is None:
            known = ", ".join(self.library.ids()) or "none loaded"
            return self._refuse(f"unknown layout '{layout}' (available: {known})")
        return self._commit(replace(self.state, layout=new, views=new.default_views(), holds={}),
                            [str(p) for p in bezel_warnings(new, self.geometry)] + self._reference_warnings(new))

    def _reference_warnings(self, layout: Layout) -> list[str]:
        """A layout is applied whole; what its views name that the wall lacks is said (the wall shows a card
        there; ``ioc-wall --check`` fails such a layout)."""
        if self.references is None:
            return []
        from ioc_core.layouts.refs import layout_problems

        return [str(p) for p in layout_problems(layout, self.references()) if p.severity is Severity.ERROR]

    def _cmd_show_view(self, region: str, view: dict, priority: int = OPERATOR_PRIORITY) -> Result:
        reg = self.state.layout.region(region)
        if reg is None:
            return self._refuse(self._no_region(region))
        if view["kind"] not in VIEW_KINDS:
            return self._refuse(f"unknown view kind '{view['kind']}' (known: {', '.join(sorted(VIEW_KINDS))})")
        return self._commit(self._operator_sets({region: view}, priority), self._cut_warning(reg, view))

    def _cmd_clear_region(self, region: str, priority: int = OPERATOR_PRIORITY) -> Result:
        if self.state.layout.region(region) is None:
            return self._refuse(self._no_region(region))
        return self._commit(self._operator_sets({region: None}, priority))

    def _cmd_swap_regions(self, a: str, b: str) -> Result:
        for rid in (a, b):
            if self.state.layout.region(rid) is None:
                return self._refuse(self._no_region(rid))
        views = {a: self.state.views.get(b), b: self.state.views.get(a)}
        warn = [w for rid in (a, b) for w in self._cut_warning(self.state.layout.region(rid), views[rid])]
        return self._commit(self._operator_sets(views, OPERATOR_PRIORITY), warn)

    def _operator_sets(self, views: dict[str, dict | None], priority: int) -> WallState:
        """An operator's own choice: it ends any rule's takeover of those regions (no revert over it)."""
        holds = {**self.state.holds, **{rid: Hold("operator", priority) for rid in views}}
        return replace(self.state, views={**self.state.views, **views}, holds=holds)

    # -- alert rules -----------------------------------------------------------------------------------------
    def _cmd_rule_show(self, rule: str, region: str, view: dict, priority: int, duration_s: float,
                       layouts: list[str] | None = None, reason: str = "") -> Result:
        s = self.state
        if rule in s.paused_rules:
            return self._refuse(f"rule '{rule}' is paused")
        if layouts and s.layout.id not in layouts:
            return self._refuse(f"rule '{rule}' applies to layouts {', '.join(layouts)}, not '{s.layout.id}'")
        if s.layout.region(region) is None:
            return self._refuse(self._no_region(region))
        owner, until = f"rule:{rule}", self.clock() + duration_s
        current = s.holds.get(region)
        if current is not None and current.owner == owner:  # the same rule again: show the newest, keep the revert
            hold = replace(current, until=max(until, current.until or until), reason=reason or current.reason,
                           duration_s=max(duration_s, current.duration_s or 0))
        elif priority <= s.priority_of(region):
            who = "an operator's choice" if current and current.owner == "operator" else f"'{current.owner}'"
            return self._refuse(f"region '{region}' holds {who} at priority {current.priority}; "
                                f"rule '{rule}' has priority {priority}")
        else:
            hold = Hold(owner, priority, until, s.views.get(region), current, reason, duration_s)
        return self._commit(replace(s, views={**s.views, region: view}, holds={**s.holds, region: hold}))

    def _cmd_pause_rule(self, rule: str, paused: bool) -> Result:
        s = self.state
        if paused:
            views, holds = self._released(s, lambda h: h.rule == rule)
            return self._commit(replace(s, views=views, holds=holds, paused_rules=s.paused_rules | {rule}))
        return self._commit(replace(s, paused_rules=s.paused_rules - {rule}))

    def expire_holds(self, now: float | None = None) -> Result | None:
        """Give back regions whose rule takeover has run its time; called by the wall's clock every second."""
        now = self.clock() if now is None else now

        def ended(h: Hold) -> bool:  # or ends further ahead than it lasts: the clock stepped back
            return h.until is not None and (h.until <= now or h.until - now > (h.duration_s or MAX_HOLD_S))

        if not any(ended(h) for h in self.state.holds.values()):
            return None
        views, holds = self._released(self.state, ended)
        return self._commit(replace(self.state, views=views, holds=holds))

    @staticmethod
    def _released(s: WallState, ends: Callable[[Hold], bool]) -> tuple[dict, dict]:
        """Views and holds with every rule hold for which ``ends`` is true undone, down to what it covered."""
        views, holds = dict(s.views), dict(s.holds)
        for rid, hold in s.holds.items():
            if hold.rule is None or not ends(hold):
                continue
            view, under = hold.revert_view, hold.previous
            while under is not None and under.rule is not None and ends(under):
                view, under = under.revert_view, under.previous
            views[rid] = view
            if under is None:
                holds.pop(rid, None)
            else:
                holds[rid] = under
        return views, holds

    def _cmd_save_preset(self, name: str) -> Result:
        preset = {"layout": self.state.layout.id, "views": dict(self.state.views)}
        if self.presets.get(name) == preset:
            return Result(True, self.state.revision)
        if self.state.layout.id == FALLBACK_LAYOUT_ID:
            return self._refuse("the wall shows its fallback layout; load a valid layout before saving a preset")
        self.presets[name] = preset
        return self._commit(self.state, force=True)

    def _cmd_recall_preset(self, name: str) -> Result:
        preset = self.presets.get(name)
        if preset is None:
            return self._refuse(f"unknown preset '{name}' (saved: {', '.join(sorted(self.presets)) or 'none'})")
        layout = self.library.get(preset["layout"])
        if layout is None:
            return self._refuse(f"preset '{name}' uses layout '{preset['layout']}', which is not loaded")
        views = _views_for(layout, preset["views"])
        if self.references is not None:
            from ioc_core.layouts.refs import views_refusal

            problem = views_refusal({rid: v for rid, v in views.items() if rid in preset["views"]}, self.references())
            if problem:
                return self._refuse(f"preset '{name}' cannot be shown: {problem}")
        return self._commit(replace(self.state, layout=layout, views=views, holds={}),
                            [str(p) for p in bezel_warnings(layout, self.geometry, views)])

    def _cmd_rename_preset(self, name: str, to: str) -> Result:
        if name not in self.presets:
            return self._refuse(f"unknown preset '{name}' (saved: {', '.join(sorted(self.presets)) or 'none'})")
        if to == name:
            return Result(True, self.state.revision)
        if to in self.presets:
            return self._refuse(f"a preset named '{to}' already exists; delete it first or choose another name")
        self.presets = {(to if k == name else k): v for k, v in self.presets.items()}
        return self._commit(self.state, force=True)

    def _cmd_delete_preset(self, name: str) -> Result:
        if name not in self.presets:
            return Result(True, self.state.revision)
        del self.presets[name]
        return self._commit(self.state, force=True)

    def _cmd_blackout(self, screen: list[int] | None = None) -> Result:
        screens = self._screens(screen)
        if isinstance(screens, Result):
            return screens
        return self._commit(replace(self.state, blackout=self.state.blackout | screens))

    def _cmd_unblank(self, screen: list[int] | None = None) -> Result:
        screens = self._screens(screen)
        if isinstance(screens, Result):
            return screens
        return self._commit(replace(self.state, blackout=self.state.blackout - screens))

    def _cmd_identify(self, on: bool) -> Result:
        return self._commit(replace(self.state, identify=on), persist=False)

    # -- meetings ------------------------------------------------------------------------------------------
    def layout_regions(self) -> dict[str, list[str]]:
        return {lid: list(lay.region_ids) for lid, lay in self.library.layouts.items()}

    def _cmd_load_meeting(self, meeting: dict) -> Result:
        run = self.state.meeting
        if run is not None and run.status in ("running", "paused"):
            return self._refuse(f"meeting '{run.meeting.title}' is {run.status}: end it before loading another")
        try:
            parsed = parse_meeting(meeting, "meeting", self.layout_regions(), self.web_allow)
        except InvalidFile as exc:
            shown = "; ".join(str(p) for p in exc.problems[:5])
            more = f" (and {len(exc.problems) - 5} more)" if len(exc.problems) > 5 else ""
            return self._refuse(f"meeting refused: {shown}{more}")
        if self.references is not None:  # an agenda item's view naming what the wall lacks (ioc_core/layouts/refs.py)
            from ioc_core.layouts.refs import views_refusal

            known = self.references()
            for n, item in enumerate(parsed.items, 1):
                if why := views_refusal(item.views, known):
                    return self._refuse(f"meeting refused: item {n} ({item.title}): {why}")
        return self._commit(replace(self.state, meeting=MeetingRun(parsed)))

    def _cmd_meeting(self, action: str, item: int | None = None) -> Result:
        run = self.state.meeting
        if run is None:
            return self._refuse("no meeting is loaded (load_meeting first)")
        now = self.clock()
        if action == "close":  # the meeting taken off the wall's mind (its minutes are kept by whoever asked)
            return self._commit(replace(self.state, meeting=None, frozen_at=None))
        if action in ("start", "next", "prev", "goto"):
            target = {"start": 0, "next": run.item + 1, "prev": run.item - 1,
                      "goto": (item or 0) - 1}[action]
            if action == "start" and run.status != "ready":
                return self._refuse(f"the meeting is already {run.status}")
            if action == "goto" and item is None:
                return self._refuse("goto needs the item's number (1 is the first)")
            new = run.go_to(target, now)
        else:
            new = getattr(run, action)(now)
        if isinstance(new, str):
            return self._refuse(new)
        state = replace(self.state, meeting=new)
        if new.item != run.item:  # the item's views on the meeting layout
            layout = self.library.get(new.meeting.layout)
            if layout is None:
                return self._refuse(f"the meeting's layout '{new.meeting.layout}' is not loaded")
            views = layout.default_views()
            views.update(new.meeting.items[new.item].views)
            state = replace(state, layout=layout, views=views, holds={})
        return self._commit(state)

    def _cmd_freeze(self, on: bool) -> Result:
        if on == (self.state.frozen_at is not None):
            return Result(True, self.state.revision)
        return self._commit(replace(self.state, frozen_at=self.clock() if on else None))

    # -- sharing with remote meeting rooms (ioc_core/control/sharing.py) -----------------------------------------------
    def _cmd_share(self, **target) -> Result:
        chosen = share_target(target)
        if isinstance(chosen, str):
            return self._refuse(chosen)
        if chosen is not None and (problem := self._share_problem(chosen)):
            return self._refuse(problem)
        return self._commit(replace(self.state, share=chosen))

    def _share_problem(self, target: dict) -> str | None:
        if "screen" in target:
            s = target["screen"]
            if not (isinstance(s, list) and len(s) == 2 and tuple(s) in set(self.geometry.screens())):
                return f"screen {s} is not on this {self.geometry.rows} x {self.geometry.cols} wall"
        elif "region" in target:  # a region of any loaded layout: an agenda may bring its layout in later
            if not any(target["region"] in ids for ids in self.layout_regions().values()):
                return f"no loaded layout has a region '{target['region']}'"
        elif target != {"wall": True}:
            return f"unknown share target {target}"
        return None

    # -- screen power (ioc_core/control/power_plan.py) -----------------------------------------------------------------
    def _cmd_screen_power(self, mode: str) -> Result:
        return self._commit(replace(self.state, power=override_for(self.power, mode, self._now())))

    def wake_for_alert(self, severity: str) -> Result | None:
        """A critical alert while the screens are off (on the schedule, or by an operator's "off") switches them on
        as an operator's "on" would, until the schedule next turns them on; None when nothing is to be done (not
        critical, already on, or the schedule says ``wake_on_critical: false``)."""
        if severity != "critical" or (self.power is not None and not self.power.wake_on_critical):
            return None
        if power_status(self.power, self.state.power, self._now()).screens_on:
            return None
        return self.execute({"command": "screen_power", "mode": "on"})

    def expire_power(self, now: float | None = None) -> Result | None:
        """Back to the schedule when an operator's override has run its time (the schedule's next "on")."""
        until = (self.state.power or {}).get("until")
        if until is None or until > (self.clock() if now is None else now):
            return None
        return self._commit(replace(self.state, power=None))

    def _now(self) -> datetime:
        return datetime.fromtimestamp(self.clock(), TZ)

    # -- helpers -------------------------------------------------------------------------------------------
    def _screens(self, screen) -> frozenset[tuple[int, int]] | Result:
        if screen is None:
            return frozenset(self.geometry.screens())
        r, c = screen
        if r >= self.geometry.rows or c >= self.geometry.cols:
            return self._refuse(f"screen [{r}, {c}] is not on this {self.geometry.rows} x {self.geometry.cols} wall")
        return frozenset({(r, c)})

    def _no_region(self, region: str) -> str:
        return (f"layout '{self.state.layout.id}' has no region '{region}' "
                f"(regions: {', '.join(self.state.layout.region_ids)})")

    def _cut_warning(self, region: Region, view: dict | None) -> list[str]:
        layout = self.state.layout
        screens = region_cut_by_bezel(region, view, (layout.grid_rows, layout.grid_cols), self.geometry)
        if not screens:
            return []
        return [f"region '{region.id}' shows {view['kind']} (text and figures) across {len(screens)} screens: "
                "numbers cut by a bezel are unreadable"]

    def _refuse(self, reason: str) -> Result:
        log.info("command refused: %s", reason)
        return Result(False, self.state.revision, reason=reason)

    def _commit(self, new: WallState, warnings=(), persist: bool = True, force: bool = False) -> Result:
        if new == self.state and not force:
            return Result(True, self.state.revision, warnings=tuple(warnings))
        self.state = replace(new, revision=self.state.revision + 1)
        if persist and not self.save():
            warnings = (*warnings, f"state not saved ({self.save_error}): the wall shows it, but would come back "
                        "to the previous picture after a restart")
        self.changes.emit(self.state)
        return Result(True, self.state.revision, changed=True, warnings=tuple(warnings))

    # -- persistence ---------------------------------------------------------------------------------------
    def save(self) -> bool:
        """Write the state; on failure (disk full, permissions) keep running and keep the old file."""
        if self.store is None:
            return True
        s = self.state
        doc = {"revision": s.revision, "layout": s.layout.id, "views": s.views,
               "blackout": sorted([list(x) for x in s.blackout]), "presets": self.presets,
               "holds": {rid: h.to_json() for rid, h in s.holds.items()}, "paused_rules": sorted(s.paused_rules),
               "meeting": s.meeting.to_saved() if s.meeting is not None else None, "frozen_at": s.frozen_at,
               "share": s.share, "power": s.power}
        try:
            self.store.save(doc)
        except (OSError, ValueError, TypeError) as exc:  # disk full; or a value that is not JSON text
            if self.save_error is None:  # once per failing spell, not once per command
                log.error("cannot save wall state to %s: %s (previous saved state kept)", self.store.path, exc)
            self.save_error = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            return False
        if self.save_error is not None:
            log.warning("wall state saved again to %s", self.store.path)
            self.save_error = None
        return True

    def restore(self) -> None:
        """Return to the saved picture; anything unusable in it is reported and replaced by defaults."""
        if self.store is None:
            return
        doc = self.store.load()
        if self.store.set_aside is not None:
            self.problems.append(Problem(str(self.store.path), "", "saved state was corrupt; set aside as "
                                         f"{self.store.set_aside.name}, started from the default layout"))
        if doc is None:
            return
        presets = doc.get("presets")
        if isinstance(presets, dict):
            self.presets = {k: v for k, v in presets.items()
                            if isinstance(v, dict) and isinstance(v.get("views"), dict)}
        layout = self.library.get(doc.get("layout"))
        if layout is None:
            self.problems.append(Problem(str(self.store.path), "$.layout", f"saved layout '{doc.get('layout')}' "
                                         "is no longer available; showing the default layout"))
            layout = self.state.layout
        views = _views_for(layout, doc.get("views") if isinstance(doc.get("views"), dict) else {})
        blackout = frozenset(
            (b[0], b[1]) for b in doc.get("blackout", [])
            if isinstance(b, list) and len(b) == 2 and tuple(b) in set(self.geometry.screens())
        )
        revision = doc.get("revision") if isinstance(doc.get("revision"), int) else 0
        holds = {}
        if layout.id == doc.get("layout") and isinstance(doc.get("holds"), dict):
            for rid, h in doc["holds"].items():
                try:
                    if layout.region(rid) is not None:
                        holds[rid] = Hold.from_json(h)
                except (KeyError, TypeError, ValueError, AttributeError):
                    log.warning("saved hold of region %s is unreadable; dropped", rid)
        paused = doc.get("paused_rules") if isinstance(doc.get("paused_rules"), list) else []
        meeting = None
        if isinstance(doc.get("meeting"), dict):
            try:
                meeting = MeetingRun.from_saved(doc["meeting"], self.layout_regions())
            except (InvalidFile, KeyError, TypeError, ValueError) as exc:
                self.problems.append(Problem(str(self.store.path), "$.meeting", f"saved meeting dropped: {exc}"))
        frozen = doc.get("frozen_at")
        share = doc.get("share")
        if share is not None and (not isinstance(share, dict) or self._share_problem(share)):
            self.problems.append(Problem(str(self.store.path), "$.share", f"saved share {share!r} dropped"))
            share = None
        power = doc.get("power")
        if power is not None and not _is_power_override(power):
            self.problems.append(Problem(str(self.store.path), "$.power", f"saved screen power {power!r} dropped"))
            power = None
        self.state = WallState(revision, layout, views, blackout, holds=holds,
                               paused_rules=frozenset(p for p in paused if isinstance(p, str)), meeting=meeting,
                               frozen_at=float(frozen) if isinstance(frozen, int | float) else None, share=share,
                               power=power)

    def start_layout(self) -> Layout:
        for candidate in (self.default_layout, "tong-quan"):
            if candidate and self.library.get(candidate):
                return self.library.get(candidate)
        if self.default_layout:
            self.problems.append(Problem("<config>", "$.default_layout",
                                         f"default layout '{self.default_layout}' is not loaded"))
        if self.library.layouts:
            return self.library.layouts[self.library.ids()[0]]
        self.problems.append(Problem("<layouts>", "", "no valid layout loaded: showing the fallback layout",
                                     Severity.ERROR))
        return fallback_layout(self.geometry)


def _is_power_override(doc) -> bool:
    return (isinstance(doc, dict) and set(doc) == {"mode", "until"} and doc["mode"] in ("on", "off")
            and (doc["until"] is None or isinstance(doc["until"], int | float)))


def _views_for(layout: Layout, saved: dict) -> dict[str, dict | None]:
    """The layout's default views, overridden by saved ones where the region still exists and the view is valid."""
    views = layout.default_views()
    for rid, view in saved.items():
        if rid in views and is_valid_view(view):
            views[rid] = view
    return views


def fallback_layout(geo: WallGeometry) -> Layout:
    regions = tuple(Region(f"s{r}{c}", r, c, view={"kind": "clock"}, title_vi=f"Màn hình {r * geo.cols + c + 1}")
                    for r, c in geo.screens())
    return Layout(FALLBACK_LAYOUT_ID, "Dự phòng (không có bố cục hợp lệ)", geo.rows, geo.cols, regions,
                  "Fallback (no valid layout)", source="<built-in>")
