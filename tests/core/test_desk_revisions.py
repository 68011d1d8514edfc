"""The desk's base_revision and force (issue 19): a base_revision from the future (or not a revision at all) is
refused, not let past the conflict check; and the audit log records what the sender sent of them, so an auditor
sees an operator override a colleague's change."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ioc_core.api.audit import AuditLog
from ioc_core.api.desk import CommandDesk
from ioc_core.api.events import EventBus
from ioc_core.api.port import ControllerPort
from ioc_core.api.routes import Api
from ioc_core.api.tokens import Principal, TokenStore
from ioc_core.control.controller import Controller
from ioc_core.layouts import LayoutLibrary
from ioc_core.setup.geometry import WallGeometry

from ..common import SHIPPED_LAYOUTS

CAMERA = {"kind": "camera", "camera": "cau-rong"}
SECTOR = {"kind": "sector", "sector": "hcc"}


class Wall:
    def __init__(self, tmp_path: Path, log: AuditLog | None = None):
        self.controller = Controller(LayoutLibrary.load_dir(SHIPPED_LAYOUTS), WallGeometry(), None)
        self.controller.restore()
        self.path = tmp_path / "audit.jsonl"
        self.desk = CommandDesk(self.controller, log or AuditLog(self.path), EventBus())
        self.tokens = TokenStore(tmp_path / "api-tokens.json")
        self.api = Api(self.tokens, ControllerPort("thử", self.controller, self.desk), EventBus(), self.desk.audit)

    def call(self, role: str, method: str, path: str, query: str = "", body: bytes = b""):
        r = self.api.handle(method, path, query, {"Authorization": f"Bearer {self.tokens.token(role)}"}, body)
        return r.status, r.body

    def post(self, role: str, **cmd) -> tuple[int, dict]:
        status, body = self.call(role, "POST", "/api/v1/commands", body=json.dumps(cmd).encode())
        return status, json.loads(body)

    def lines(self) -> list[dict]:
        status, body = self.call("operator", "GET", "/api/v1/audit")
        assert status == 200
        return [json.loads(line) for line in body.decode().splitlines()]

    def verified(self) -> dict:
        status, body = self.call("operator", "GET", "/api/v1/audit", "verify=1")
        assert status == 200
        return json.loads(body)


def test_a_base_revision_from_the_future_is_refused_not_let_past_the_conflict_check(tmp_path: Path):
    wall = Wall(tmp_path)
    assert wall.post("technician", command="show_view", region="yte", view=SECTOR)[0] == 200  # a colleague's change
    before, lines = wall.controller.state, wall.lines()
    future = before.revision + 5
    status, body = wall.post("operator", command="clear_region", region="yte", base_revision=future)
    assert status == 422, body
    assert body["accepted"] is False and body["revision"] == before.revision
    assert "base_revision" in body["reason"] and f"wall's revision {before.revision}" in body["reason"]
    assert str(future) in body["reason"]
    # nothing applied, nothing recorded
    assert wall.controller.state == before and wall.controller.state.views["yte"] == SECTOR
    assert wall.lines() == lines
    # the wall's own revision is no conflict with itself; one before the colleague's change is (409)
    assert wall.post("operator", command="clear_region", region="yte", base_revision=before.revision - 1)[0] == 409
    assert wall.post("operator", command="clear_region", region="yte", base_revision=before.revision)[0] == 200


@pytest.mark.parametrize("base", [-1, True, "3", 2.0, [1]])
def test_a_base_revision_that_is_no_revision_is_refused_with_nothing_applied(tmp_path: Path, base):
    wall = Wall(tmp_path)
    before = wall.controller.state
    status, body = wall.post("operator", command="show_view", region="yte", view=CAMERA, base_revision=base)
    assert status == 400 and "base_revision" in body["error"]  # as docs/api.md says: a bad base_revision
    assert wall.controller.state == before and not wall.path.exists()
    # the desk itself refuses it too (its other callers go through no route)
    reply = wall.desk.execute({"command": "show_view", "region": "yte", "view": CAMERA},
                              Principal("operator", "operator"), base_revision=base)
    assert reply.kind == "invalid" and "base_revision" in reply.body["reason"], reply
    reply = wall.desk.execute({"command": "show_view", "region": "yte", "view": CAMERA},
                              Principal("operator", "operator"), force="yes")
    assert reply.kind == "invalid" and "force" in reply.body["reason"], reply
    assert wall.controller.state == before and not wall.path.exists()


def test_the_audit_record_says_which_revision_was_seen_and_that_a_change_was_overridden(tmp_path: Path):
    wall = Wall(tmp_path)
    base = wall.controller.state.revision
    assert wall.post("technician", command="show_view", region="yte", view=SECTOR)[0] == 200
    assert wall.post("operator", command="show_view", region="yte", view=CAMERA, base_revision=base)[0] == 409
    status, body = wall.post("operator", command="show_view", region="yte", view=CAMERA, base_revision=base,
                             force=True)
    assert status == 200 and wall.controller.state.views["yte"] == CAMERA
    plain, override = wall.lines()
    assert (plain["who"], plain["base_revision"], plain["force"]) == ("technician", None, False)
    assert (override["who"], override["base_revision"], override["force"]) == ("operator", base, True)
    assert override["command"] == {"command": "show_view", "region": "yte", "view": CAMERA}
    assert wall.verified() == {"intact": True, "problem": ""}
    # the fields are inside the hashed record: changing them breaks the chain
    raw = wall.path.read_text(encoding="utf-8").splitlines()
    raw[1] = json.dumps({**override, "force": False}, ensure_ascii=False)
    wall.path.write_text("\n".join(raw) + "\n", encoding="utf-8")
    assert wall.verified() == {"intact": False, "problem": "line 2: content changed after it was written"}


def test_lines_written_before_the_fields_were_recorded_still_verify(tmp_path: Path):
    old = AuditLog(tmp_path / "audit.jsonl")
    old.append("operator", {"command": "blackout"}, 0, 1)  # a line as walls wrote it before
    wall = Wall(tmp_path, AuditLog(tmp_path / "audit.jsonl"))
    assert wall.post("operator", command="show_view", region="yte", view=CAMERA, base_revision=0)[0] == 200
    first, second = wall.lines()
    assert "base_revision" not in first and "force" not in first
    assert (second["base_revision"], second["force"], second["prev"]) == (0, False, first["mac"])
    assert wall.verified() == {"intact": True, "problem": ""}
