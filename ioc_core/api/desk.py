"""Commands from consoles (Qt-free): checked against what colleagues changed since, carried out by the controller,
written to the audit log (addresses in it without their secrets: operators read the log through the API). Runs on the
thread that owns the controller (the wall's GUI thread)."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from datetime import datetime

from ioc_core.api.audit import AuditLog
from ioc_core.api.events import EventBus
from ioc_core.api.tokens import Principal
from ioc_core.control.commands import CommandError, parse_command
from ioc_core.redact import redact_doc

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Reply:
    """A command's answer at the desk. ``kind``: "done" (accepted, whether it changed anything or not); or why not:
    "invalid" (not a well-formed command, or a base_revision the wall never had), "refused" (the controller's
    refusal; ``body["refused"]`` says which: invalid, not_found, conflict), "forbidden" (not for this token, or the
    wall's own), "stale" (a colleague changed a region it touches since ``base_revision``), "disk_full" (the audit
    log cannot take its record: nothing changed). The routes turn the kind into an HTTP status."""

    kind: str
    body: dict

    @property
    def done(self) -> bool:
        return self.kind == "done"


@dataclass(frozen=True)
class Change:
    """A region's last change: at which revision, by which token (``by``), from which console (``client``, "" for
    the wall's own or a console that gave no name), when (seconds since the epoch)."""

    revision: int
    by: str
    client: str
    at: float

    def to_json(self) -> dict:
        return {"revision": self.revision, "by": self.by, "client": self.client,
                "at": datetime.fromtimestamp(self.at).astimezone().isoformat(timespec="seconds")}


class CommandDesk:
    def __init__(self, controller, audit: AuditLog | None, bus: EventBus | None):
        self.controller = controller
        self.audit = audit
        self.bus = bus
        self._state = controller.state
        self._by: str = "wall"  # who the change being applied comes from (rules and timers: "wall")
        self._client: str = ""  # and from which console (its X-IOC-Client name; "" for the wall or unnamed)
        self.changed: dict[str, Change] = {}  # region id -> its last change
        controller.subscribe(self._on_state)

    def _on_state(self, new) -> None:
        old, self._state = self._state, new
        if new.layout.id != old.layout.id or [r.id for r in new.layout.regions] != [r.id for r in old.layout.regions]:
            ids = [r.id for r in new.layout.regions]
        else:
            ids = [r.id for r in new.layout.regions if new.views.get(r.id) != old.views.get(r.id)]
        now = time.time()
        for rid in ids:
            self.changed[rid] = Change(new.revision, self._by, self._client, now)
        if self.bus is not None:
            self.bus.publish("state", {**new.to_json(), "by": self._by, "client": self._client})

    def execute(self, cmd, who: Principal, base_revision: int | None = None, force: bool = False,
                client: str = "") -> Reply:
        """Read the command once, check who sends it and what colleagues changed since ``base_revision`` (the
        revision its operator was looking at when the action began), have the controller carry it out, and record
        it. ``client``: the sending console's name (X-IOC-Client): two consoles sharing one token are two
        colleagues, not one."""
        revision = self.controller.state.revision
        if self.audit is not None and self.audit.full:  # it could not be recorded: refused before anything changes
            return Reply("disk_full", {"accepted": False, "revision": revision,
                                       "reason": f"not applied: {self.audit.health()['message']}"})
        try:
            command = parse_command(cmd)
        except CommandError as exc:
            return Reply("invalid", {"accepted": False, "reason": exc.problem, "revision": revision})
        if command.wall_only:
            return Reply("forbidden", {"accepted": False, "reason": f"'{command.command}' is sent by the wall's alert "
                                                                    "rules only", "revision": revision})
        if not who.may(command.role):
            return Reply("forbidden", {"accepted": False, "reason": f"the '{who.role}' token may not send "
                                                                    f"'{command.command}' ({command.role} or above)",
                                       "revision": revision})
        state = self.controller.state
        if base_revision is not None and (not isinstance(base_revision, int) or isinstance(base_revision, bool)
                                          or not 0 <= base_revision <= state.revision):
            # one from the future would pass every region's check: a console's bug, never a reason to apply
            return Reply("invalid", {"accepted": False, "revision": state.revision,
                                     "reason": f"base_revision must be a revision this wall has had (an integer "
                                               f"from 0 to the wall's revision {state.revision}), not "
                                               f"{base_revision!r}"})
        if not isinstance(force, bool):
            return Reply("invalid", {"accepted": False, "revision": state.revision,
                                     "reason": f"force must be true or false, not {force!r}"})
        if base_revision is not None and not force:
            newer = [(rid, self.changed[rid]) for rid in command.regions(state)
                     if rid in self.changed and self.changed[rid].revision > base_revision
                     and (self.changed[rid].by, self.changed[rid].client) != (who.name, client)]
            if newer:
                rid, change = newer[0]
                console = f" (console '{change.client}')" if change.client else ""
                return Reply("stale", {"accepted": False, "conflict": True, "revision": state.revision,
                                       "regions": [n[0] for n in newer],
                                       "changed": {"region": rid, **change.to_json(), "view": state.views.get(rid)},
                                       "reason": f"region '{rid}' was changed by '{change.by}'{console} at revision "
                                                 f"{change.revision}, after your revision {base_revision}; send "
                                                 "again with \"force\": true to override"})
        before = state.revision
        self._by, self._client = who.name, client
        try:
            result = self.controller.execute(command)
        finally:
            self._by, self._client = "wall", ""
        answer = result.to_json()
        if result.accepted and (missing := self.record(who, cmd, before, result.revision,
                                                       base_revision=base_revision, force=force)):
            answer.setdefault("warnings", []).extend(missing)
        return Reply("done" if result.accepted else "refused", answer)

    def record(self, who, entry: dict, before: int, after: int, **sent) -> list[str]:
        """Append a change to the audit log, its addresses without their secrets; ``who``: the request's Caller
        (the token's name and the console's) or a name; ``sent``: what else the sender sent beside the entry (a
        command's ``base_revision`` and ``force``), recorded as it is. A record the disk refuses does not undo the
        change (the wall shows it): it is held and written when the disk takes it; the warning says so."""
        if self.audit is None:
            return []
        try:
            self.audit.append(who, redact_doc(entry), before, after, **sent)
        except OSError as exc:
            log.error("audit log %s not written: %s", self.audit.path, exc)
            return [f"audit log not written: {exc} (held, written when there is room)"]
        return []
