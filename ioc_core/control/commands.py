"""The controller's commands, one class each (Qt-free): its fields and their limits, checked once as the command is
read (``from_json``), who may send it, and what it makes of the wall's state (``apply``).

``apply(state, ctx)`` is a pure transition: it returns the next state (a ``Change``) or why not (a ``Refused``), and
changes nothing itself; the controller commits a change (new revision, saved, told to screens and consoles).
``ctx`` is what a command reads besides the state: the layouts, the presets, the wall's geometry, the clock (the
controller). A command that would change nothing gives back the same state, which the controller accepts without a
new revision: every command can be sent twice. The forms meant for retries (a console that lost an answer sends
again) say where things should end up, not a step from where they are: ``swap_regions`` with ``positions`` or
``expect``, ``meeting`` with ``goto`` (or ``next``/``prev`` guarded by ``from_item``).

No HTTP here: a refusal has a ``kind`` (invalid, not_found, conflict, forbidden) that ioc_core/api maps to a status.
The JSON Schema of each command (``schema()``) is the one it is checked against and the one the API's OpenAPI
document gives integrators (ioc_core/api/openapi.py).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field, fields, replace
from typing import TYPE_CHECKING, ClassVar, Protocol

from jsonschema import Draft202012Validator

from ioc_core.control.power_plan import override_for
from ioc_core.control.sharing import share_target
from ioc_core.control.state import OPERATOR_PRIORITY, Hold, WallState, views_for
from ioc_core.layouts.validate import bezel_warnings, region_cut_by_bezel
from ioc_core.layouts.views import VIEW_KINDS, view_schema
from ioc_core.meeting.model import parse_meeting
from ioc_core.meeting.run import MeetingRun
from ioc_core.problems import InvalidFile, Severity, schema_errors

if TYPE_CHECKING:
    from ioc_core.layouts.library import LayoutLibrary
    from ioc_core.layouts.model import Layout, Region
    from ioc_core.setup.geometry import WallGeometry
    from ioc_core.setup.webpolicy import WebAllowlist

FALLBACK_LAYOUT_ID = "_fallback"  # the layout shown when none could be loaded (controller.fallback_layout)

_ID = {"type": "string", "minLength": 1, "maxLength": 64}
_NAME = {"type": "string", "minLength": 1, "maxLength": 80}
_PRIORITY = {"type": "integer", "minimum": 1, "maximum": 100}
_SCREEN = {"type": "array", "items": {"type": "integer", "minimum": 0}, "minItems": 2, "maxItems": 2}
_BOOL = {"type": "boolean"}
_ITEM = {"type": "integer", "minimum": 1, "maximum": 60}
_VIEWS = {"type": "object", "additionalProperties": view_schema(), "minProperties": 1, "maxProperties": 64,
          "propertyNames": _ID}


class CommandError(ValueError):
    """A command that is not well formed: ``problem`` says why and names the field (``field``: its JSON path)."""

    def __init__(self, problem: str, field: str = ""):
        super().__init__(problem)
        self.problem, self.field = problem, field


@dataclass(frozen=True)
class Refused:
    """Why a command changes nothing. ``kind``: "invalid" (not well formed, or a value the wall cannot take),
    "not_found" (no such layout, region, preset or screen), "conflict" (the wall is not where the command needs it:
    a meeting already running, a region a rule holds higher, a view changed since), "forbidden" (not for this
    sender)."""

    kind: str
    message: str


@dataclass(frozen=True)
class Change:
    """The state a command leads to (the same state: nothing to do). ``presets``: the new presets, when the command
    changed them; ``persist``: False for what a restart should not bring back (identify); ``extra``: what the
    answer adds (a meeting's item)."""

    state: WallState
    warnings: tuple[str, ...] = ()
    presets: dict[str, dict] | None = None
    persist: bool = True
    extra: dict = field(default_factory=dict)


class Context(Protocol):
    """What commands read besides the state (the controller is one)."""

    library: LayoutLibrary
    geometry: WallGeometry
    presets: dict[str, dict]
    clock: Callable[[], float]
    web_allow: WebAllowlist | None
    references: Callable[[], object] | None
    power: object

    def layout_regions(self) -> dict[str, list[str]]: ...


Outcome = Change | Refused


class Command:
    """One command: a frozen dataclass of its fields. Subclasses give ``name``, ``FIELDS`` (each field's JSON
    Schema), the optional fields, and ``apply``."""

    command: ClassVar[str]
    FIELDS: ClassVar[dict[str, dict]] = {}
    OPTIONAL: ClassVar[frozenset[str]] = frozenset()
    role: ClassVar[str] = "operator"  # the least token role that may send it (ioc_core/api/tokens.py)
    wall_only: ClassVar[bool] = False  # sent by the wall itself (its alert rules), never by a console
    about: ClassVar[str] = ""  # one line for the API's reference
    SCHEMA_EXTRA: ClassVar[dict] = {}  # more of the schema than its fields (either/or forms)

    @classmethod
    def schema(cls) -> dict:
        """The JSON Schema a command of this class is checked against (and the API's request schema)."""
        return {
            "type": "object",
            "title": cls.command,
            **({"description": cls.about} if cls.about else {}),
            "properties": {"command": {"const": cls.command}, **cls.FIELDS},
            "required": ["command", *(k for k in cls.FIELDS if k not in cls.OPTIONAL)],
            "additionalProperties": False,
            **cls.SCHEMA_EXTRA,
        }

    @classmethod
    def from_json(cls, doc: dict) -> Command:
        """The command ``doc`` (a JSON object) names, its fields checked; raises CommandError naming the field."""
        errs = schema_errors(_validator(cls), doc)
        if errs:
            e = errs[0]
            where = ".".join(str(p) for p in e.absolute_path)
            raise CommandError(f"{cls.command}: {where + ': ' if where else ''}{e.message}", where)
        problem = cls.form_problem(doc)
        if problem:
            raise CommandError(f"{cls.command}: {problem}")
        return cls(**{k: v for k, v in doc.items() if k != "command"})

    @classmethod
    def form_problem(cls, doc: dict) -> str | None:
        """What the schema cannot say well (which fields go together), or None."""
        return None

    def to_json(self) -> dict:
        return {"command": self.command, **{f.name: getattr(self, f.name) for f in fields(self)
                                         if getattr(self, f.name) is not None or f.name not in self.OPTIONAL}}

    def views(self) -> list[dict]:
        """The views the command gives regions (checked against the web allowlist and what the wall knows)."""
        return []

    def regions(self, state: WallState) -> list[str]:
        """The regions it changes: what a colleague's newer change there would be overridden by it."""
        return []

    def apply(self, state: WallState, ctx: Context) -> Outcome:
        raise NotImplementedError


@functools.cache
def _validator(cls: type[Command]) -> Draft202012Validator:
    return Draft202012Validator(cls.schema())


# -- what shows where ----------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class ApplyLayout(Command):
    command: ClassVar[str] = "apply_layout"
    FIELDS: ClassVar[dict] = {"layout": _ID}
    about: ClassVar[str] = "show a layout with its own views"
    layout: str

    def regions(self, state):
        return list(state.layout.region_ids)

    def apply(self, state, ctx):
        new = ctx.library.get(self.layout)
        if new is None:
            known = ", ".join(ctx.library.ids()) or "none loaded"
            return Refused("not_found", f"unknown layout '{self.layout}' (available: {known})")
        return Change(replace(state, layout=new, views=new.default_views(), holds={}),
                      tuple([str(p) for p in bezel_warnings(new, ctx.geometry)] + reference_warnings(new, ctx)))


@dataclass(frozen=True)
class ShowView(Command):
    command: ClassVar[str] = "show_view"
    # a view, not null: clear_region empties a region (null here was a TypeError in apply, answered 500)
    FIELDS: ClassVar[dict] = {"region": _ID, "view": {"allOf": [{"type": "object"}, view_schema()]},
                              "priority": _PRIORITY}
    OPTIONAL: ClassVar[frozenset] = frozenset({"priority"})
    about: ClassVar[str] = "put a view on a region (an operator's choice; clear_region empties one)"
    region: str
    view: dict
    priority: int = OPERATOR_PRIORITY

    @classmethod
    def from_json(cls, doc):
        if isinstance(doc, dict) and "view" in doc and doc["view"] is None:  # the schema's words would say "None"
            raise CommandError(f"{cls.command}: view: null is not a view (clear_region empties a region)", "view")
        return super().from_json(doc)

    def views(self):
        return [self.view]

    def regions(self, state):
        return [self.region]

    def apply(self, state, ctx):
        reg = state.layout.region(self.region)
        if reg is None:
            return no_region(state, self.region)
        if self.view["kind"] not in VIEW_KINDS:
            return Refused("invalid", f"unknown view kind '{self.view['kind']}' "
                                      f"(known: {', '.join(sorted(VIEW_KINDS))})")
        return Change(operator_sets(state, {self.region: self.view}, self.priority),
                      tuple(cut_warning(state, ctx, reg, self.view)))


@dataclass(frozen=True)
class ClearRegion(Command):
    command: ClassVar[str] = "clear_region"
    FIELDS: ClassVar[dict] = {"region": _ID, "priority": _PRIORITY}
    OPTIONAL: ClassVar[frozenset] = frozenset({"priority"})
    about: ClassVar[str] = "leave a region empty"
    region: str
    priority: int = OPERATOR_PRIORITY

    def regions(self, state):
        return [self.region]

    def apply(self, state, ctx):
        if state.layout.region(self.region) is None:
            return no_region(state, self.region)
        return Change(operator_sets(state, {self.region: None}, self.priority))


@dataclass(frozen=True)
class SwapRegions(Command):
    """Swap two regions' views. Sent twice, ``a`` and ``b`` alone swap them back; for retries send what the sender
    saw as ``expect`` ({a: view, b: view}: swapped only from there, and a no-op once swapped), or the views each
    region should end up with as ``positions`` ({region: view})."""

    command: ClassVar[str] = "swap_regions"
    FIELDS: ClassVar[dict] = {"a": _ID, "b": _ID, "expect": {**_VIEWS, "minProperties": 2, "maxProperties": 2},
                              "positions": _VIEWS}
    OPTIONAL: ClassVar[frozenset] = frozenset({"a", "b", "expect", "positions"})
    SCHEMA_EXTRA: ClassVar[dict] = {"oneOf": [{"required": ["a", "b"], "not": {"required": ["positions"]}},
                                              {"required": ["positions"],
                                               "not": {"anyOf": [{"required": ["a"]}, {"required": ["b"]}]}}]}
    about: ClassVar[str] = ("swap two regions' views (a, b; with expect: the views they showed, safe to retry), or "
                            "give each region its view (positions)")
    a: str | None = None
    b: str | None = None
    expect: dict | None = None
    positions: dict | None = None

    @classmethod
    def from_json(cls, doc):
        # which fields go together, before the schema (whose either/or message names no field)
        if "positions" in doc and any(k in doc for k in ("a", "b", "expect")):
            raise CommandError(f"{cls.command}: send either \"positions\" or \"a\" and \"b\" (with \"expect\"), "
                               "not both", "positions")
        if "positions" not in doc and ("a" not in doc or "b" not in doc):
            raise CommandError(f"{cls.command}: 'a' and 'b' are required properties (or send \"positions\": "
                               "{region: view})", "b" if "a" in doc else "a")
        return super().from_json(doc)

    @classmethod
    def form_problem(cls, doc):
        expect = doc.get("expect")
        if expect is not None and set(expect) != {doc["a"], doc["b"]}:
            return f"expect: name the views of '{doc['a']}' and '{doc['b']}', the regions swapped"
        return None

    def views(self):
        return [v for v in (self.positions or {}).values() if v is not None]

    def regions(self, state):
        return list(self.positions) if self.positions is not None else [self.a, self.b]

    def apply(self, state, ctx):
        if self.positions is not None:
            targets = dict(self.positions)
        elif self.expect is not None:  # where the sender means the two to end up: the same whether sent once or twice
            targets = {self.a: self.expect[self.b], self.b: self.expect[self.a]}
        else:
            targets = {self.a: state.views.get(self.b), self.b: state.views.get(self.a)}
        for rid in targets:
            if state.layout.region(rid) is None:
                return no_region(state, rid)
        if self.expect is not None:
            seen = {rid: state.views.get(rid) for rid in (self.a, self.b)}
            if seen != self.expect and seen != targets:
                changed = next(rid for rid in (self.a, self.b) if seen[rid] != self.expect[rid])
                return Refused("conflict", f"region '{changed}' no longer shows what 'expect' says (it was changed "
                                           "since); nothing swapped")
        for rid, view in targets.items():
            if view is not None and view["kind"] not in VIEW_KINDS:
                return Refused("invalid", f"positions: {rid}: unknown view kind '{view['kind']}'")
        warn = [w for rid, view in targets.items() for w in cut_warning(state, ctx, state.layout.region(rid), view)]
        return Change(operator_sets(state, targets, OPERATOR_PRIORITY), tuple(warn))


# -- alert rules ---------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class RuleShow(Command):
    command: ClassVar[str] = "rule_show"
    FIELDS: ClassVar[dict] = {"rule": _ID, "region": _ID, "view": view_schema(), "priority": _PRIORITY,
                              "duration_s": {"type": "number", "minimum": 1, "maximum": 86400},
                              "layouts": {"type": "array", "items": _ID},
                              "reason": {"type": "string", "maxLength": 200}}
    OPTIONAL: ClassVar[frozenset] = frozenset({"layouts", "reason"})
    wall_only: ClassVar[bool] = True
    about: ClassVar[str] = "an alert rule takes a region over for a while (the wall's own rules only)"
    rule: str
    region: str
    view: dict
    priority: int
    duration_s: float
    layouts: list | None = None
    reason: str = ""

    def views(self):
        return [self.view]

    def regions(self, state):
        return [self.region]

    def apply(self, s, ctx):
        if self.rule in s.paused_rules:
            return Refused("conflict", f"rule '{self.rule}' is paused")
        if self.layouts and s.layout.id not in self.layouts:
            return Refused("conflict", f"rule '{self.rule}' applies to layouts {', '.join(self.layouts)}, "
                                       f"not '{s.layout.id}'")
        if s.layout.region(self.region) is None:
            return no_region(s, self.region)
        owner, until = f"rule:{self.rule}", ctx.clock() + self.duration_s
        current = s.holds.get(self.region)
        if current is not None and current.owner == owner:  # the same rule again: show the newest, keep the revert
            hold = replace(current, until=max(until, current.until or until), reason=self.reason or current.reason,
                           duration_s=max(self.duration_s, current.duration_s or 0))
        elif self.priority <= s.priority_of(self.region):
            who = "an operator's choice" if current and current.owner == "operator" else f"'{current.owner}'"
            return Refused("conflict", f"region '{self.region}' holds {who} at priority {current.priority}; "
                                       f"rule '{self.rule}' has priority {self.priority}")
        else:
            hold = Hold(owner, self.priority, until, s.views.get(self.region), current, self.reason, self.duration_s)
        return Change(replace(s, views={**s.views, self.region: self.view}, holds={**s.holds, self.region: hold}))


@dataclass(frozen=True)
class PauseRule(Command):
    command: ClassVar[str] = "pause_rule"
    FIELDS: ClassVar[dict] = {"rule": _ID, "paused": _BOOL}
    about: ClassVar[str] = "pause an alert rule (its takeovers end) or let it act again"
    rule: str
    paused: bool

    def apply(self, s, ctx):
        if self.paused:
            views, holds = released(s, lambda h: h.rule == self.rule)
            return Change(replace(s, views=views, holds=holds, paused_rules=s.paused_rules | {self.rule}))
        return Change(replace(s, paused_rules=s.paused_rules - {self.rule}))


# -- presets -------------------------------------------------------------------------------------------------------

def _unknown_preset(name: str, ctx: Context) -> Refused:
    return Refused("not_found", f"unknown preset '{name}' (saved: {', '.join(sorted(ctx.presets)) or 'none'})")


@dataclass(frozen=True)
class SavePreset(Command):
    command: ClassVar[str] = "save_preset"
    FIELDS: ClassVar[dict] = {"name": _NAME}
    role: ClassVar[str] = "technician"
    about: ClassVar[str] = "save the layout and its views under a name"
    name: str

    def apply(self, state, ctx):
        preset = {"layout": state.layout.id, "views": dict(state.views)}
        if ctx.presets.get(self.name) == preset:
            return Change(state)
        if state.layout.id == FALLBACK_LAYOUT_ID:
            return Refused("conflict", "the wall shows its fallback layout; load a valid layout before saving a "
                                       "preset")
        return Change(state, presets={**ctx.presets, self.name: preset})


@dataclass(frozen=True)
class RecallPreset(Command):
    command: ClassVar[str] = "recall_preset"
    FIELDS: ClassVar[dict] = {"name": _NAME}
    about: ClassVar[str] = "show a saved preset"
    name: str

    def regions(self, state):
        return list(state.layout.region_ids)

    def apply(self, state, ctx):
        preset = ctx.presets.get(self.name)
        if preset is None:
            return _unknown_preset(self.name, ctx)
        layout = ctx.library.get(preset["layout"])
        if layout is None:
            return Refused("not_found", f"preset '{self.name}' uses layout '{preset['layout']}', which is not "
                                        "loaded")
        views = views_for(layout, preset["views"])
        if ctx.references is not None:
            from ioc_core.layouts.refs import views_refusal

            problem = views_refusal({rid: v for rid, v in views.items() if rid in preset["views"]}, ctx.references())
            if problem:
                return Refused("invalid", f"preset '{self.name}' cannot be shown: {problem}")
        return Change(replace(state, layout=layout, views=views, holds={}),
                      tuple(str(p) for p in bezel_warnings(layout, ctx.geometry, views)))


@dataclass(frozen=True)
class RenamePreset(Command):
    command: ClassVar[str] = "rename_preset"
    FIELDS: ClassVar[dict] = {"name": _NAME, "to": _NAME}
    role: ClassVar[str] = "technician"
    about: ClassVar[str] = "rename a preset"
    name: str
    to: str

    def apply(self, state, ctx):
        if self.name not in ctx.presets:
            if self.to in ctx.presets:  # renamed already: the same request again
                return Change(state)
            return _unknown_preset(self.name, ctx)
        if self.to == self.name:
            return Change(state)
        if self.to in ctx.presets:
            return Refused("conflict", f"a preset named '{self.to}' already exists; delete it first or choose "
                                       "another name")
        return Change(state, presets={(self.to if k == self.name else k): v for k, v in ctx.presets.items()})


@dataclass(frozen=True)
class DeletePreset(Command):
    command: ClassVar[str] = "delete_preset"
    FIELDS: ClassVar[dict] = {"name": _NAME}
    role: ClassVar[str] = "technician"
    about: ClassVar[str] = "delete a preset (none of that name: nothing to do)"
    name: str

    def apply(self, state, ctx):
        if self.name not in ctx.presets:
            return Change(state)
        return Change(state, presets={k: v for k, v in ctx.presets.items() if k != self.name})


# -- screens -------------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Blackout(Command):
    command: ClassVar[str] = "blackout"
    FIELDS: ClassVar[dict] = {"screen": _SCREEN}
    OPTIONAL: ClassVar[frozenset] = frozenset({"screen"})
    about: ClassVar[str] = "black out one screen [row, col], or every screen"
    screen: list | None = None

    def apply(self, state, ctx):
        screens = screens_of(ctx, self.screen)
        if isinstance(screens, Refused):
            return screens
        return Change(replace(state, blackout=state.blackout | screens))


@dataclass(frozen=True)
class Unblank(Command):
    command: ClassVar[str] = "unblank"
    FIELDS: ClassVar[dict] = {"screen": _SCREEN}
    OPTIONAL: ClassVar[frozenset] = frozenset({"screen"})
    about: ClassVar[str] = "show one screen [row, col] again, or every screen"
    screen: list | None = None

    def apply(self, state, ctx):
        screens = screens_of(ctx, self.screen)
        if isinstance(screens, Refused):
            return screens
        return Change(replace(state, blackout=state.blackout - screens))


@dataclass(frozen=True)
class Identify(Command):
    command: ClassVar[str] = "identify"
    FIELDS: ClassVar[dict] = {"on": _BOOL}
    about: ClassVar[str] = "show or hide each screen's and region's name"
    on: bool

    def apply(self, state, ctx):
        return Change(replace(state, identify=self.on), persist=False)


# -- meetings (ioc_core/meeting/) ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class LoadMeeting(Command):
    command: ClassVar[str] = "load_meeting"
    FIELDS: ClassVar[dict] = {"meeting": {"type": "object"}}
    about: ClassVar[str] = "load a meeting's agenda (not while another meeting runs)"
    meeting: dict

    def apply(self, state, ctx):
        run = state.meeting
        if run is not None and run.status in ("running", "paused"):
            return Refused("conflict", f"meeting '{run.meeting.title}' is {run.status}: end it before loading "
                                       "another")
        try:
            parsed = parse_meeting(self.meeting, "meeting", ctx.layout_regions(), ctx.web_allow)
        except InvalidFile as exc:
            shown = "; ".join(str(p) for p in exc.problems[:5])
            more = f" (and {len(exc.problems) - 5} more)" if len(exc.problems) > 5 else ""
            return Refused("invalid", f"meeting refused: {shown}{more}")
        if ctx.references is not None:  # an agenda item's view naming what the wall lacks (ioc_core/layouts/refs.py)
            from ioc_core.layouts.refs import views_refusal

            known = ctx.references()
            for n, item in enumerate(parsed.items, 1):
                if why := views_refusal(item.views, known):
                    return Refused("invalid", f"meeting refused: item {n} ({item.title}): {why}")
        return Change(replace(state, meeting=MeetingRun(parsed)))


@dataclass(frozen=True)
class Meeting(Command):
    """Where the meeting is. ``goto`` with ``item`` (1 is the first) is what consoles and retries should send: the
    same goto twice is one. ``next``/``prev`` step from where the meeting is; with ``from_item`` (the item the
    sender saw, 0 before the start) they step only from there, and answer the meeting's item otherwise."""

    command: ClassVar[str] = "meeting"
    FIELDS: ClassVar[dict] = {"action": {"enum": ["start", "next", "prev", "goto", "pause", "resume", "end", "close"]},
                              "item": _ITEM, "from_item": {**_ITEM, "minimum": 0}}
    OPTIONAL: ClassVar[frozenset] = frozenset({"item", "from_item"})
    about: ClassVar[str] = ("run the loaded meeting: goto item N (safe to retry), start, next/prev (from_item: only "
                            "from that item), pause, resume, end, close")
    action: str
    item: int | None = None
    from_item: int | None = None

    @classmethod
    def form_problem(cls, doc):
        if doc["action"] == "goto" and "item" not in doc:
            return "goto needs the item's number (1 is the first)"
        if "from_item" in doc and doc["action"] not in ("next", "prev"):
            return "from_item goes with next or prev"
        return None

    def apply(self, state, ctx):
        run = state.meeting
        if run is None:
            return Refused("conflict", "no meeting is loaded (load_meeting first)")
        now = ctx.clock()
        if self.action == "close":  # the meeting taken off the wall's mind (its minutes are kept by whoever asked)
            return Change(replace(state, meeting=None, frozen_at=None))
        at = {"item": run.item + 1}  # the answer's item: 1 is the first, 0 before the start
        if self.action in ("start", "next", "prev", "goto"):
            if self.from_item is not None and self.from_item != run.item + 1:
                return Change(state, extra=at)  # moved on already (this request's earlier copy, or a colleague)
            target = {"start": 0, "next": run.item + 1, "prev": run.item - 1, "goto": (self.item or 0) - 1}[self.action]
            if self.action == "start" and run.status != "ready":
                return Refused("conflict", f"the meeting is already {run.status}")
            if self.action == "goto" and run.status == "running" and run.item == target:
                return Change(state, extra=at)  # there already
            new = run.go_to(target, now)
        else:
            new = getattr(run, self.action)(now)
        if isinstance(new, str):
            return Refused("conflict", new)
        state2 = replace(state, meeting=new)
        if new.item != run.item:  # the item's views on the meeting layout
            layout = ctx.library.get(new.meeting.layout)
            if layout is None:
                return Refused("not_found", f"the meeting's layout '{new.meeting.layout}' is not loaded")
            views = layout.default_views()
            views.update(new.meeting.items[new.item].views)
            state2 = replace(state2, layout=layout, views=views, holds={})
        return Change(state2, extra={"item": new.item + 1})


@dataclass(frozen=True)
class Freeze(Command):
    command: ClassVar[str] = "freeze"
    FIELDS: ClassVar[dict] = {"on": _BOOL}
    about: ClassVar[str] = "hold every figure as it stands now for discussion (false lets go)"
    on: bool

    def apply(self, state, ctx):
        if self.on == (state.frozen_at is not None):
            return Change(state)
        return Change(replace(state, frozen_at=ctx.clock() if self.on else None))


# -- sharing (ioc_core/control/sharing.py) and screen power (ioc_core/control/power_plan.py) ----------------------

@dataclass(frozen=True)
class Share(Command):
    command: ClassVar[str] = "share"
    FIELDS: ClassVar[dict] = {"wall": {"const": True}, "screen": _SCREEN, "region": _ID, "off": {"const": True}}
    OPTIONAL: ClassVar[frozenset] = frozenset({"wall", "screen", "region", "off"})
    about: ClassVar[str] = "what remote meeting rooms see: exactly one of wall, screen, region, off"
    wall: bool | None = None
    screen: list | None = None
    region: str | None = None
    off: bool | None = None

    def apply(self, state, ctx):
        chosen = share_target({k: v for k, v in self.to_json().items() if k != "command"})
        if isinstance(chosen, str):
            return Refused("invalid", chosen)
        if chosen is not None and (problem := share_problem(ctx, chosen)):
            return Refused("not_found", problem)
        return Change(replace(state, share=chosen))


@dataclass(frozen=True)
class ScreenPower(Command):
    command: ClassVar[str] = "screen_power"
    FIELDS: ClassVar[dict] = {"mode": {"enum": ["on", "off", "schedule"]}}
    about: ClassVar[str] = "screens on or off until the schedule's next \"on\", or back to the schedule"
    mode: str

    def apply(self, state, ctx):
        from datetime import datetime

        from ioc_core.fmt import TZ

        return Change(replace(state, power=override_for(ctx.power, self.mode, datetime.fromtimestamp(ctx.clock(), TZ))))


# -- the commands by name ------------------------------------------------------------------------------------------

COMMAND_CLASSES: dict[str, type[Command]] = {c.command: c for c in (
    ApplyLayout, ShowView, ClearRegion, SwapRegions, SavePreset, RecallPreset, DeletePreset, RenamePreset, Blackout,
    Unblank, Identify, RuleShow, PauseRule, LoadMeeting, Meeting, Freeze, Share, ScreenPower)}
COMMANDS: dict[str, dict] = {name: cls.FIELDS for name, cls in COMMAND_CLASSES.items()}  # each command's fields
# commands that change the wall's configuration rather than what it shows are the technician's (the operator recalls
# presets and layouts, the viewer only reads); every other command is the operator's
COMMAND_ROLES = {name: cls.role for name, cls in COMMAND_CLASSES.items() if cls.role != "operator"}


def parse_command(doc) -> Command:
    """The command a JSON object is; raises CommandError (its ``problem`` names the field) if it is none."""
    if not isinstance(doc, dict):
        raise CommandError("a command must be a JSON object")
    name = doc.get("command")
    if not isinstance(name, str):
        raise CommandError("missing 'command' (one of: " + ", ".join(COMMAND_CLASSES) + ")", "command")
    cls = COMMAND_CLASSES.get(name)
    if cls is None:
        raise CommandError(f"unknown command '{name}' (known: {', '.join(COMMAND_CLASSES)})", "command")
    return cls.from_json(doc)


def command_problem(cmd) -> str | None:
    """Why ``cmd`` is not a well-formed command, or None."""
    try:
        parse_command(cmd)
    except CommandError as exc:
        return exc.problem
    return None


def request_schema() -> dict:
    """The body of POST /commands: one of the commands, each with the optional base_revision and force."""
    desk = {"base_revision": {"type": ["integer", "null"], "minimum": 0,
                              "description": "the revision the sender last saw: refused (a conflict) if a "
                                             "colleague changed a region this command changes since"},
            "force": {"type": "boolean", "description": "apply over a colleague's newer change"}}
    return {"oneOf": [{**cls.schema(), "properties": {**cls.schema()["properties"], **desk}}
                      for cls in COMMAND_CLASSES.values() if not cls.wall_only]}


# -- what several commands share -------------------------------------------------------------------------------------

def no_region(state: WallState, region: str) -> Refused:
    return Refused("not_found", f"layout '{state.layout.id}' has no region '{region}' "
                                f"(regions: {', '.join(state.layout.region_ids)})")


def operator_sets(state: WallState, views: dict[str, dict | None], priority: int) -> WallState:
    """An operator's own choice: it ends any rule's takeover of those regions (no revert over it)."""
    holds = {**state.holds, **{rid: Hold("operator", priority) for rid in views}}
    return replace(state, views={**state.views, **views}, holds=holds)


def released(s: WallState, ends: Callable[[Hold], bool]) -> tuple[dict, dict]:
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


def cut_warning(state: WallState, ctx: Context, region: Region, view: dict | None) -> list[str]:
    layout = state.layout
    screens = region_cut_by_bezel(region, view, (layout.grid_rows, layout.grid_cols), ctx.geometry)
    if not screens:
        return []
    return [f"region '{region.id}' shows {view['kind']} (text and figures) across {len(screens)} screens: "
            "numbers cut by a bezel are unreadable"]


def reference_warnings(layout: Layout, ctx: Context) -> list[str]:
    """A layout is applied whole; what its views name that the wall lacks is said (the wall shows a card there;
    ``ioc-wall --check`` fails such a layout)."""
    if ctx.references is None:
        return []
    from ioc_core.layouts.refs import layout_problems

    return [str(p) for p in layout_problems(layout, ctx.references()) if p.severity is Severity.ERROR]


def screens_of(ctx: Context, screen) -> frozenset[tuple[int, int]] | Refused:
    geo = ctx.geometry
    if screen is None:
        return frozenset(geo.screens())
    r, c = screen
    if r >= geo.rows or c >= geo.cols:
        return Refused("not_found", f"screen [{r}, {c}] is not on this {geo.rows} x {geo.cols} wall")
    return frozenset({(r, c)})


def share_problem(ctx: Context, target: dict) -> str | None:
    geo = ctx.geometry
    if "screen" in target:
        s = target["screen"]
        if not (isinstance(s, list) and len(s) == 2 and tuple(s) in set(geo.screens())):
            return f"screen {s} is not on this {geo.rows} x {geo.cols} wall"
    elif "region" in target:  # a region of any loaded layout: an agenda may bring its layout in later
        if not any(target["region"] in ids for ids in ctx.layout_regions().values()):
            return f"no loaded layout has a region '{target['region']}'"
    elif target != {"wall": True}:
        return f"unknown share target {target}"
    return None
