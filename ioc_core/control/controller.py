"""The central image controller: what the wall shows, changed only by commands (Qt-free).

The controller is the single source of truth for "what shows where". A command that changes the state raises
the revision by one and is saved at once; a command that changes nothing is accepted and leaves the revision
alone, so every command can be sent twice safely.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime

from ioc_core import clock as wallclock
from ioc_core.control.commands import (
    FALLBACK_LAYOUT_ID,
    Command,
    CommandError,
    Refused,
    parse_command,
    released,
    share_problem,
)
from ioc_core.control.power_plan import PowerSchedule, power_status
from ioc_core.control.saved_state import StateStore
from ioc_core.control.state import MAX_HOLD_S, OPERATOR_PRIORITY, Hold, WallState, views_for
from ioc_core.fmt import TZ
from ioc_core.layouts.library import LayoutLibrary
from ioc_core.layouts.model import Layout, Region
from ioc_core.layouts.validate import bezel_warnings, room_warnings
from ioc_core.meeting.run import MeetingRun
from ioc_core.observers import Listeners
from ioc_core.problems import InvalidFile, Problem, Severity
from ioc_core.setup.geometry import WallGeometry
from ioc_core.setup.webpolicy import WebAllowlist

__all__ = ["FALLBACK_LAYOUT_ID", "MAX_HOLD_S", "OPERATOR_PRIORITY", "Controller", "Hold", "Result", "WallState",
           "fallback_layout"]

log = logging.getLogger(__name__)

@dataclass(frozen=True)
class Result:
    """A command's answer. A refused one changes nothing; ``refused`` says what kind of refusal it is
    (commands.Refused: invalid, not_found, conflict), which the API turns into its status."""

    accepted: bool
    revision: int
    changed: bool = False
    reason: str = ""
    warnings: tuple[str, ...] = ()
    refused: str = ""
    extra: dict = field(default_factory=dict)  # what the command's answer adds (a meeting's item)

    def to_json(self) -> dict:
        out = {"accepted": self.accepted, "revision": self.revision, "changed": self.changed, **self.extra}
        if self.reason:
            out["reason"] = self.reason
        if self.refused:
            out["refused"] = self.refused
        if self.warnings:
            out["warnings"] = list(self.warnings)
        return out


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
    # the room the wall is read in (ioc_core.views.legibility.Room) and each sector's view (a SectorViewSpec, or
    # None): what the layout's legibility warnings judge; None: not judged here
    room: object | None = None
    sector_view: Callable[[str], object] | None = None

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
        out = bezel_warnings(self.state.layout, self.geometry, self.state.views)
        if self.room is not None:
            out += room_warnings(self.state.layout, self.geometry, self.room, self.state.views, self.sector_view)
        return out

    # -- commands ------------------------------------------------------------------------------------------
    def execute(self, cmd) -> Result:
        """Apply one command (a JSON object, or a Command already read); never raises for bad input."""
        if isinstance(cmd, Command):
            command = cmd
        else:
            try:
                command = parse_command(cmd)
            except CommandError as exc:
                return self._refuse(exc.problem, "invalid")
        for view in command.views():
            if self.web_allow is not None and isinstance(view, dict) and view.get("kind") == "web":
                problem = self.web_allow.problem(view["url"])
                if problem:
                    return self._refuse(f"web page refused: {problem}", "invalid")
            if self.references is not None and isinstance(view, dict):
                from ioc_core.layouts.refs import view_refusal

                problem = view_refusal(view, self.references())
                if problem:
                    return self._refuse(f"view refused: {problem}", "invalid")
        outcome = command.apply(self.state, self)
        if isinstance(outcome, Refused):
            return self._refuse(outcome.message, outcome.kind)
        force = False
        if outcome.presets is not None and outcome.presets != self.presets:
            self.presets, force = outcome.presets, True
        result = self._commit(outcome.state, outcome.warnings, persist=outcome.persist, force=force)
        return replace(result, extra=outcome.extra) if outcome.extra else result

    def expire_holds(self, now: float | None = None) -> Result | None:
        """Give back regions whose rule takeover has run its time; called by the wall's clock every second."""
        now = self.clock() if now is None else now

        def ended(h: Hold) -> bool:  # or ends further ahead than it lasts: the clock stepped back
            return h.until is not None and (h.until <= now or h.until - now > (h.duration_s or MAX_HOLD_S))

        if not any(ended(h) for h in self.state.holds.values()):
            return None
        views, holds = released(self.state, ended)
        return self._commit(replace(self.state, views=views, holds=holds))

    def layout_regions(self) -> dict[str, list[str]]:
        return {lid: list(lay.region_ids) for lid, lay in self.library.layouts.items()}

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
    def _refuse(self, reason: str, kind: str = "invalid") -> Result:
        log.info("command refused: %s", reason)
        return Result(False, self.state.revision, reason=reason, refused=kind)

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
        views = views_for(layout, doc.get("views") if isinstance(doc.get("views"), dict) else {})
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
        if share is not None and (not isinstance(share, dict) or share_problem(self, share)):
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


def fallback_layout(geo: WallGeometry) -> Layout:
    regions = tuple(Region(f"s{r}{c}", r, c, view={"kind": "clock"}, title_vi=f"Màn hình {r * geo.cols + c + 1}")
                    for r, c in geo.screens())
    return Layout(FALLBACK_LAYOUT_ID, "Dự phòng (không có bố cục hợp lệ)", geo.rows, geo.cols, regions,
                  "Fallback (no valid layout)", source="<built-in>")
