"""The controller's commands: their JSON shape, checked before anything changes (Qt-free)."""

from __future__ import annotations

import functools

from jsonschema import Draft202012Validator

from ioc_core.layouts.views import view_schema
from ioc_core.problems import schema_errors

_ID = {"type": "string", "minLength": 1, "maxLength": 64}
_NAME = {"type": "string", "minLength": 1, "maxLength": 80}
_PRIORITY = {"type": "integer", "minimum": 1, "maximum": 100}
_SCREEN = {"type": "array", "items": {"type": "integer", "minimum": 0}, "minItems": 2, "maxItems": 2}

COMMANDS: dict[str, dict] = {
    "apply_layout": {"layout": _ID},
    "show_view": {"region": _ID, "view": view_schema(), "priority": _PRIORITY},
    "clear_region": {"region": _ID, "priority": _PRIORITY},
    "swap_regions": {"a": _ID, "b": _ID},
    "save_preset": {"name": _NAME},
    "recall_preset": {"name": _NAME},
    "delete_preset": {"name": _NAME},
    "rename_preset": {"name": _NAME, "to": _NAME},
    "blackout": {"screen": _SCREEN},
    "unblank": {"screen": _SCREEN},
    "identify": {"on": {"type": "boolean"}},
    # alert rules: a takeover of a region for a while, and operators pausing a rule
    "rule_show": {"rule": _ID, "region": _ID, "view": view_schema(), "priority": _PRIORITY,
                  "duration_s": {"type": "number", "minimum": 1, "maximum": 86400},
                  "layouts": {"type": "array", "items": _ID}, "reason": {"type": "string", "maxLength": 200}},
    "pause_rule": {"rule": _ID, "paused": {"type": "boolean"}},
    # meetings (ioc_core/meeting/): the agenda drives the meeting layout's regions
    "load_meeting": {"meeting": {"type": "object"}},
    "meeting": {"action": {"enum": ["start", "next", "prev", "goto", "pause", "resume", "end", "close"]},
                "item": {"type": "integer", "minimum": 1, "maximum": 60}},
    "freeze": {"on": {"type": "boolean"}},
    # what remote meeting rooms and phones see (ioc_core/control/sharing.py): exactly one of these
    "share": {"wall": {"const": True}, "screen": _SCREEN, "region": _ID, "off": {"const": True}},
    # the screens' power (ioc_core/control/power_plan.py): on or off until the schedule next turns them on, or back to
    # the schedule
    "screen_power": {"mode": {"enum": ["on", "off", "schedule"]}},
}
# commands that change the wall's configuration rather than what it shows: the technician's (the operator recalls
# presets and layouts, the viewer only reads); every other command is the operator's
COMMAND_ROLES = {"save_preset": "technician", "rename_preset": "technician", "delete_preset": "technician"}
_OPTIONAL = {"blackout": {"screen"}, "unblank": {"screen"}, "show_view": {"priority"}, "clear_region": {"priority"},
             "rule_show": {"layouts", "reason"}, "meeting": {"item"},
             "share": {"wall", "screen", "region", "off"}}


@functools.cache
def _validator(name: str) -> Draft202012Validator:
    props = COMMANDS[name]
    return Draft202012Validator({
        "type": "object",
        "properties": {"command": {"const": name}, **props},
        "required": ["command", *(k for k in props if k not in _OPTIONAL.get(name, ()))],
        "additionalProperties": False,
    })


def command_problem(cmd) -> str | None:
    """Why ``cmd`` is not a well-formed command, or None."""
    if not isinstance(cmd, dict):
        return "a command must be a JSON object"
    name = cmd.get("command")
    if not isinstance(name, str):
        return "missing 'command' (one of: " + ", ".join(COMMANDS) + ")"
    if name not in COMMANDS:
        return f"unknown command '{name}' (known: {', '.join(COMMANDS)})"
    errs = schema_errors(_validator(name), cmd)
    if errs:
        e = errs[0]
        where = ".".join(str(p) for p in e.absolute_path)
        return f"{name}: {where + ': ' if where else ''}{e.message}"
    return None
