"""Who did it, and from which console (issue 19): a console's X-IOC-Client name is recorded beside the token's in
every audit record its request causes, acknowledgements included; and a full disk never loses a record silently:
records wait in memory (said on /health and to consoles), are written in order when there is room, and once the
hold is full commands are refused 507 with nothing changed. Through the real HTTP API on 127.0.0.1."""

from __future__ import annotations

import json
import os
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import quote

import pytest

from ioc_core.alerts import AlertBook
from ioc_core.api import audit as audit_module
from ioc_core.api.audit import AuditLog
from ioc_core.api.desk import CommandDesk
from ioc_core.api.events import EventBus
from ioc_core.api.port import ControllerPort
from ioc_core.api.routes import Api
from ioc_core.api.server import ApiServer
from ioc_core.api.tokens import TokenStore
from ioc_core.control.controller import Controller
from ioc_core.layouts import LayoutLibrary
from ioc_core.setup.geometry import WallGeometry
from ioc_core.writer import OrderedWriter

from ..common import SHIPPED_LAYOUTS, FullDisk

CONSOLE = "Bàn trực 1 — Sở TT&TT"


class Wall:
    """A Qt-free wall with its audit log on a writer thread, served on 127.0.0.1."""

    def __init__(self, tmp_path: Path):
        self.controller = Controller(LayoutLibrary.load_dir(SHIPPED_LAYOUTS), WallGeometry(), None)
        self.controller.restore()
        self.bus = EventBus()
        self.writer = OrderedWriter("test-audit-writer")
        self.audit = AuditLog(tmp_path / "audit.jsonl", writer=self.writer,
                              notify=lambda doc: self.bus.publish("audit", doc))
        self.book = AlertBook(tmp_path / "alerts.json")
        self.book.observe("mt-aqi", "moitruong", "province", "threshold", "critical", "AQI", value=180.0)
        self.alert = self.book.alerts()[0].id
        self.tokens = TokenStore(tmp_path / "api-tokens.json")
        desk = CommandDesk(self.controller, self.audit, self.bus)
        self.server = ApiServer(Api(self.tokens, ControllerPort("thử", self.controller, desk, self.book), self.bus,
                                    self.audit), "127.0.0.1", 0)
        self.server.start()

    def call(self, method: str, path: str, body=None, client: str | None = None) -> tuple[int, dict]:
        headers = {"Authorization": f"Bearer {self.tokens.token('operator')}", "Content-Type": "application/json"}
        if client is not None:
            headers["X-IOC-Client"] = client
        data = json.dumps(body).encode() if body is not None else (b"" if method == "POST" else None)
        req = urllib.request.Request(f"http://127.0.0.1:{self.server.port}/api/v1{path}", data, headers,
                                     method=method)
        try:
            with urllib.request.urlopen(req, timeout=10) as r:
                return r.status, json.loads(r.read())
        except urllib.error.HTTPError as exc:
            return exc.code, json.loads(exc.read())

    def lines(self) -> list[dict]:
        assert self.audit.settle(5)
        return [json.loads(x) for x in self.audit.export().decode().splitlines()]

    def stop(self) -> None:
        self.server.stop()
        self.audit.close()
        self.writer.close(10)


@pytest.fixture
def wall(tmp_path):
    w = Wall(tmp_path)
    yield w
    w.stop()


def test_every_record_a_console_causes_names_the_console_beside_the_token(wall):
    status, _ = wall.call("POST", "/commands", {"command": "identify", "on": True}, quote(CONSOLE, safe=""))
    assert status == 200
    status, out = wall.call("POST", f"/alerts/{wall.alert}/ack", client=quote(CONSOLE, safe=""))
    assert status == 200 and out["acknowledged"] == wall.alert
    assert wall.book.get(wall.alert).acknowledged_by == "operator"
    command, ack = wall.lines()
    assert (command["who"], command["client"], command["command"]) == ("operator", CONSOLE,
                                                                       {"command": "identify", "on": True})
    assert (ack["who"], ack["client"], ack["command"]) == ("operator", CONSOLE,
                                                           {"command": "acknowledge_alert", "alert": wall.alert})
    assert wall.call("POST", f"/alerts/{wall.alert}/ack", client="khac")[0] == 200  # again: nothing changes
    assert len(wall.lines()) == 2
    assert wall.audit.verify() == (True, "")


@pytest.mark.parametrize(("sent", "recorded"), [
    (quote("a\nb\x1b[31mđỏ", safe=""), "a\\x0ab\\x1b[31mđỏ"),  # cannot forge a line or colour a terminal
    ("x" * 100, "x" * 64),
    ("%FF%FEten", "\ufffd\ufffdten"),  # not UTF-8: kept readable, not refused
])
def test_a_consoles_name_is_escaped_and_bounded(wall, sent, recorded):
    assert wall.call("POST", "/commands", {"command": "identify", "on": True}, sent)[0] == 200
    assert wall.lines()[-1]["client"] == recorded


def test_a_request_without_a_console_name_records_the_token_only(wall):
    assert wall.call("POST", "/commands", {"command": "identify", "on": False})[0] == 200
    line = wall.lines()[-1]
    assert line["who"] == "operator" and "client" not in line


def _until(condition, timeout: float = 10.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return condition()


def test_a_full_disk_holds_records_says_so_refuses_once_full_and_writes_them_when_there_is_room(
        wall, monkeypatch):
    disk = FullDisk()
    monkeypatch.setattr(os, "fsync", disk.fsync)
    monkeypatch.setattr(audit_module, "HOLD_MAX", 3)
    monkeypatch.setattr(audit_module, "RETRY_S", 0.05)
    seen = wall.bus.since(0)[0][-1].seq if wall.bus.since(0)[0] else 0
    disk.full = True
    for on in (True, False, True):
        assert wall.call("POST", "/commands", {"command": "identify", "on": on}, "ban-1")[0] == 200  # applied
    assert _until(lambda: wall.audit.held == 3)  # (the wall's answers also warn: tests/core/test_writer.py)
    with wall.audit._files:  # between two of the retries (each writes, fails its fsync and cuts the file back)
        assert wall.audit.path.read_bytes() == b""  # nothing torn on the disk
    revision = wall.controller.state.revision
    status, health = wall.call("GET", "/health")
    assert status == 200 and health["audit"]["held"] == 3 and health["audit"]["full"]
    assert health["audit"]["message"].startswith("3 bản ghi nhật ký kiểm toán chờ ghi: ổ đĩa đầy")
    told = [e.data for e in wall.bus.since(seen)[0] if e.kind == "audit"]
    assert told and told[-1]["held"] == 3 and told[-1]["full"]  # consoles hear it on the event stream

    # the hold is full: a command is refused before it changes anything, and so is an acknowledgement
    status, out = wall.call("POST", "/commands", {"command": "blackout", "screen": [0, 0]}, "ban-1")
    assert status == 507 and not out["accepted"] and "ổ đĩa đầy" in out["reason"]
    assert wall.controller.state.revision == revision and not wall.controller.state.blackout
    status, out = wall.call("POST", f"/alerts/{wall.alert}/ack", client="ban-1")
    assert status == 507 and not wall.book.get(wall.alert).acknowledged

    disk.full = False  # room again: the records are written without waiting for another command
    assert _until(lambda: wall.audit.held == 0)
    lines = wall.lines()
    assert [(e["seq"], e["command"]["on"], e["client"]) for e in lines] == [(1, True, "ban-1"), (2, False, "ban-1"),
                                                                            (3, True, "ban-1")]
    assert wall.audit.verify() == (True, "")
    assert wall.call("GET", "/health")[1]["audit"] == {"held": 0, "held_max": 3, "full": False, "error": None,
                                                       "message": ""}
    assert [e.data["held"] for e in wall.bus.since(seen)[0] if e.kind == "audit"][-1] == 0
    assert wall.call("POST", "/commands", {"command": "blackout", "screen": [0, 0]}, "ban-1")[0] == 200
