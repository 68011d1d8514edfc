"""Two operators on one wall (issue 19, item 7): a change is judged against the revision its operator was looking at,
two consoles sharing one token are two colleagues (told apart by the X-IOC-Client header), and the conflict answer
names who changed what, to which view, and when, so the console can ask its operator in words."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from urllib.parse import quote

from ioc_core.api.audit import AuditLog, client_name
from ioc_core.api.desk import CommandDesk
from ioc_core.api.events import EventBus
from ioc_core.api.port import ControllerPort
from ioc_core.api.routes import Api
from ioc_core.api.tokens import TokenStore
from ioc_core.control.controller import Controller
from ioc_core.layouts import LayoutLibrary
from ioc_core.layouts.views import VIEW_KINDS
from ioc_core.setup.geometry import WallGeometry

from ..common import SHIPPED_LAYOUTS

OVERVIEW = {"kind": "overview"}
CLOCK = {"kind": "clock"}


class Wall:
    def __init__(self, tmp_path: Path):
        self.controller = Controller(LayoutLibrary.load_dir(SHIPPED_LAYOUTS), WallGeometry(), None)
        self.controller.restore()
        self.bus = EventBus()
        self.desk = CommandDesk(self.controller, AuditLog(tmp_path / "audit.jsonl"), self.bus)
        self.tokens = TokenStore(tmp_path / "api-tokens.json")
        self.api = Api(self.tokens, ControllerPort("thử", self.controller, self.desk), self.bus, self.desk.audit)

    def post(self, role: str, console: str | None, **cmd) -> tuple[int, dict]:
        headers = {"Authorization": f"Bearer {self.tokens.token(role)}"}
        if console is not None:
            headers["X-IOC-Client"] = quote(console, safe="")
        r = self.api.handle("POST", "/api/v1/commands", "", headers, json.dumps(cmd).encode())
        return r.status, json.loads(r.body)


def test_two_consoles_with_the_operator_token_are_two_colleagues(tmp_path: Path):
    wall = Wall(tmp_path)
    seen = wall.controller.state.revision  # both operators look at the wall as it is
    status, body = wall.post("operator", "Bàn trực 2", command="show_view", region="yte", view=OVERVIEW)
    assert status == 200
    changed_at = body["revision"]
    # the first console, same token, acts on what its operator saw: the second's change is not overwritten silently
    status, body = wall.post("operator", "Bàn trực 1", command="show_view", region="yte", view=CLOCK,
                             base_revision=seen)
    assert status == 409, body
    assert wall.controller.state.views["yte"] == OVERVIEW
    assert body["regions"] == ["yte"] and body["conflict"] is True
    changed = body["changed"]
    assert {k: changed[k] for k in ("region", "by", "client", "view", "title", "revision")} == {
        "region": "yte", "by": "operator", "client": "Bàn trực 2", "view": OVERVIEW,
        "title": VIEW_KINDS["overview"].title_vi, "revision": changed_at}
    assert abs(datetime.fromisoformat(changed["at"]).timestamp() - datetime.now().timestamp()) < 60
    assert "changed by 'operator' (console 'Bàn trực 2')" in body["reason"]
    # "apply mine": force puts the first console's view on the wall
    status, body = wall.post("operator", "Bàn trực 1", command="show_view", region="yte", view=CLOCK,
                             base_revision=seen, force=True)
    assert status == 200 and wall.controller.state.views["yte"] == CLOCK


def test_a_console_is_no_colleague_of_itself(tmp_path: Path):
    wall = Wall(tmp_path)
    seen = wall.controller.state.revision
    assert wall.post("operator", "Bàn trực 1", command="show_view", region="yte", view=OVERVIEW)[0] == 200
    status, body = wall.post("operator", "Bàn trực 1", command="show_view", region="yte", view=CLOCK,
                             base_revision=seen)
    assert status == 200, body
    assert wall.controller.state.views["yte"] == CLOCK
    # a console that gives no name (an older one) is judged by its token, as before
    seen = wall.controller.state.revision
    assert wall.post("operator", None, command="clear_region", region="yte")[0] == 200
    assert wall.post("operator", None, command="show_view", region="yte", view=OVERVIEW,
                     base_revision=seen)[0] == 200
    assert wall.post("technician", None, command="clear_region", region="yte")[0] == 200
    status, body = wall.post("operator", None, command="show_view", region="yte", view=CLOCK, base_revision=seen)
    assert status == 409 and body["changed"]["client"] == "" and body["changed"]["view"] is None
    assert "console" not in body["reason"]


def test_the_state_event_names_the_console_beside_the_token(tmp_path: Path):
    wall = Wall(tmp_path)
    start = wall.bus.seq
    assert wall.post("operator", "Bàn trực 2", command="show_view", region="yte", view=OVERVIEW)[0] == 200
    events, _ = wall.bus.since(start)
    state = [e.data for e in events if e.kind == "state"]
    assert [(d["by"], d["client"]) for d in state] == [("operator", "Bàn trực 2")]


def test_the_console_name_is_decoded_cleaned_and_bounded():
    assert client_name(quote("Bàn trực 1", safe="")) == "Bàn trực 1"
    assert client_name(None) == client_name("") == ""
    assert client_name("a%0Ab%1B%5B31mc") == "a\\x0ab\\x1b[31mc"  # no line or escape reaches a log
    assert client_name("x" * 200) == "x" * 64
    assert client_name("%FF") == "\ufffd"
