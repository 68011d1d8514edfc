"""Commands from consoles (Qt-free): checked against what colleagues changed since, carried out by the controller,
written to the audit log (addresses in it without their secrets: operators read the log through the API). Runs on the
thread that owns the controller (the wall's GUI thread)."""

from __future__ import annotations

import logging

from ioc_core.api.audit import AuditLog
from ioc_core.api.events import EventBus
from ioc_core.api.tokens import Principal
from ioc_core.control.commands import COMMAND_ROLES, command_problem
from ioc_core.redact import redact_doc

log = logging.getLogger(__name__)

WALL_ONLY = {"rule_show"}  # the wall's own alert rules send these; a console asks with pause_rule instead


def touched_regions(cmd: dict, region_ids: list[str]) -> list[str]:
    """The regions a command changes: what a colleague's newer change there would be overridden by it."""
    name = cmd.get("command")
    if name in ("show_view", "clear_region"):
        return [cmd["region"]]
    if name == "swap_regions":
        return [cmd["a"], cmd["b"]]
    if name in ("apply_layout", "recall_preset"):
        return list(region_ids)
    return []


class CommandDesk:
    def __init__(self, controller, audit: AuditLog | None, bus: EventBus | None):
        self.controller = controller
        self.audit = audit
        self.bus = bus
        self._state = controller.state
        self._by: str = "wall"  # who the change being applied comes from (rules and timers: "wall")
        self.changed: dict[str, tuple[int, str]] = {}  # region id -> (revision, who) of its last change
        controller.subscribe(self._on_state)

    def _on_state(self, new) -> None:
        old, self._state = self._state, new
        if new.layout.id != old.layout.id or [r.id for r in new.layout.regions] != [r.id for r in old.layout.regions]:
            ids = [r.id for r in new.layout.regions]
        else:
            ids = [r.id for r in new.layout.regions if new.views.get(r.id) != old.views.get(r.id)]
        for rid in ids:
            self.changed[rid] = (new.revision, self._by)
        if self.bus is not None:
            self.bus.publish("state", {**new.to_json(), "by": self._by})

    def execute(self, cmd, who: Principal, base_revision: int | None = None, force: bool = False) -> tuple[int, dict]:
        """(HTTP status, answer). 200 accepted; 409 a colleague changed a region since ``base_revision``; 422 refused
        (the reason names the problem); 403 a command a console may not send."""
        problem = command_problem(cmd)
        if problem:
            return 422, {"accepted": False, "reason": problem, "revision": self.controller.state.revision}
        if cmd["command"] in WALL_ONLY:
            return 403, {"accepted": False, "reason": f"'{cmd['command']}' is sent by the wall's alert rules only",
                         "revision": self.controller.state.revision}
        role = COMMAND_ROLES.get(cmd["command"], "operator")
        if not who.may(role):
            return 403, {"accepted": False, "reason": f"the '{who.role}' token may not send '{cmd['command']}' "
                                                      f"({role} or above)", "revision": self.controller.state.revision}
        state = self.controller.state
        if base_revision is not None and not force:
            newer = [(rid, *self.changed[rid]) for rid in touched_regions(cmd, [r.id for r in state.layout.regions])
                     if rid in self.changed and self.changed[rid][0] > base_revision
                     and self.changed[rid][1] != who.name]
            if newer:
                rid, rev, by = newer[0]
                return 409, {"accepted": False, "conflict": True, "revision": state.revision,
                             "regions": [n[0] for n in newer],
                             "reason": f"region '{rid}' was changed by '{by}' at revision {rev}, after your revision "
                                       f"{base_revision}; send again with \"force\": true to override"}
        before = state.revision
        self._by = who.name
        try:
            result = self.controller.execute(cmd)
        finally:
            self._by = "wall"
        answer = result.to_json()
        if result.accepted and (missing := self.record(who.name, cmd, before, result.revision)):
            answer.setdefault("warnings", []).extend(missing)
        return (200 if result.accepted else 422), answer

    def record(self, who: str, entry: dict, before: int, after: int) -> list[str]:
        """Append a change to the audit log, its addresses without their secrets. A record the disk refuses does
        not undo the change (the wall shows it): the warning it returns says the record is missing."""
        if self.audit is None:
            return []
        try:
            self.audit.append(who, redact_doc(entry), before, after)
        except OSError as exc:
            log.error("audit log %s not written: %s", self.audit.path, exc)
            return [f"audit log not written: {exc}"]
        return []
