"""The control API's OpenAPI document against the routes: every command class in it with its fields, every route's
answers and statuses documented, and schemathesis (the schema-driven fuzzer, as its own process) run against a real
Qt-free API server on 127.0.0.1 with each role's token: no 5xx, no answer off its documented status, content type
or schema, and nothing stored changed by a refused request (tests/core/openapi_fuzz_hooks.py)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from ioc_core.alerts import AlertBook
from ioc_core.api import routes
from ioc_core.api.audit import AuditLog
from ioc_core.api.desk import CommandDesk
from ioc_core.api.events import EventBus
from ioc_core.api.openapi import spec
from ioc_core.api.port import ControllerPort
from ioc_core.api.routes import Api
from ioc_core.api.server import ApiServer
from ioc_core.api.share_frames import FrameBox
from ioc_core.api.tokens import TokenStore
from ioc_core.catalogue import load_catalogue
from ioc_core.catalogue.cameras import load_cameras
from ioc_core.catalogue.edits import CatalogueEdits
from ioc_core.catalogue.sectorviews import load_sector_views
from ioc_core.catalogue.webpages import load_webpages
from ioc_core.control.commands import COMMAND_CLASSES
from ioc_core.control.controller import Controller
from ioc_core.control.saved_state import StateStore
from ioc_core.layouts import LayoutLibrary
from ioc_core.layouts.saved_layouts import LayoutStore
from ioc_core.setup.geometry import WallGeometry
from ioc_core.setup.wall_config_edits import ConfigStore
from ioc_core.setup.webpolicy import WebAllowlist

from ..common import ROOT, SHIPPED_LAYOUTS

HERE = Path(__file__).resolve().parent
SCHEMATHESIS = Path(sys.executable).with_name("schemathesis")
CAT = load_catalogue()
ALLOW = WebAllowlist(("127.0.0.1:8080", "*.nghean.gov.vn"))
ROLES = ("share", "viewer", "operator", "technician")  # every role a token can have (tokens.py)
# the event stream and the share-out's stream never end, and a share picture's long poll waits for a wall that
# draws nothing here: their statuses are documented and tested by tests/core/test_share_core.py and the Qt tests
STREAMS = r"^/(events|share/stream\.mjpg|share/frame\.jpg)$"
# positive_data_acceptance wants every schema-valid request accepted: a command the wall's state refuses (end a
# meeting none runs) is schema-valid and rightly 422, which no schema can say
SKIPPED_CHECKS = "positive_data_acceptance"
# (filter_too_much: an alert's id is any text, slashes too, which the fuzzer's path strategy filters a lot)
# the methods the fuzzer sends to every path expecting 405 (TRACE among them); not QUERY, a method of a draft
# the server does not know, which it answers 501 before the routes see it
CONFIG = """[phases.coverage]
unexpected-methods = ["get", "put", "post", "delete", "options", "patch", "trace"]
"""
EXAMPLES = 20  # per operation and role: ~2,200 requests a role, 25-40 s each on 2 cores (~2 min in all)


class CountingApi(Api):
    """The routes, counting the requests they answer (the fuzzer's figure)."""

    requests = 0

    def handle(self, *args):
        CountingApi.requests += 1
        return super().handle(*args)


def document() -> dict:
    return spec(Api(None, None, None)._routes, routes.__doc__, routes.ROUTE_DOCS)


def test_every_command_class_is_in_the_request_schema_with_its_fields_required_ones_and_enums():
    doc = document()
    members = doc["paths"]["/commands"]["post"]["requestBody"]["content"]["application/json"]["schema"]["oneOf"]
    by_name = {m["properties"]["command"]["const"]: m for m in members}
    assert set(by_name) == {n for n, cls in COMMAND_CLASSES.items() if not cls.wall_only}
    for name, member in by_name.items():
        cls = COMMAND_CLASSES[name]
        assert set(cls.FIELDS) <= set(member["properties"]), name
        assert set(member["required"]) == {"command", *(k for k in cls.FIELDS if k not in cls.OPTIONAL)}, name
        assert member["additionalProperties"] is False
    assert by_name["screen_power"]["properties"]["mode"] == {"enum": ["on", "off", "schedule"]}
    assert by_name["show_view"]["properties"]["view"]["allOf"][1] == {"$ref": "#/components/schemas/View"}
    # what consoles send is valid, and a view of null (answered 500 once) is not
    body = {"oneOf": members, "components": doc["components"]}
    check = Draft202012Validator(body)
    assert check.is_valid({"command": "show_view", "region": "hcc", "view": {"kind": "clock"}, "base_revision": 3})
    assert check.is_valid({"command": "identify", "on": True, "base_revision": None, "force": False})
    assert not check.is_valid({"command": "show_view", "region": "hcc", "view": None})
    assert not check.is_valid({"command": "meeting", "action": "dance"})


def test_every_route_documents_its_answer_and_every_refusal_with_the_error_body():
    doc = document()
    for path, verbs in doc["paths"].items():
        for verb, op in verbs.items():
            statuses = set(op["responses"])
            assert {"401", "503"} <= statuses, (verb, path)
            assert op["x-role"] == "share" or "403" in statuses, (verb, path)
            assert any(s.startswith("2") for s in statuses) and "content" in op["responses"][min(statuses)], path
            if verb in ("post", "put"):
                assert {"400", "413"} <= statuses, (verb, path)
            for status, answer in op["responses"].items():
                if int(status) >= 400:
                    schema = answer["content"]["application/json"]["schema"]
                    assert "Error" in json.dumps(schema) or "CommandReply" in json.dumps(schema), (verb, path)
    saves = ("put /layouts/{layout}", "delete /layouts/{layout}", "post /share/access", "post /catalogue/cameras",
             "put /screens")
    for said in saves:
        verb, path = said.split(" ")
        assert "507" in doc["paths"][path][verb]["responses"], said
    assert doc["components"]["schemas"]["Error"]["required"] == ["error"]


# -- the fuzzer against a real API server ---------------------------------------------------------------------------
@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """A Qt-free wall behind a real ApiServer on 127.0.0.1: the shipped layouts (technicians may save), the alert
    book with an open alert, catalogue additions, a wall configuration file, the share-out and a minutes folder."""
    tmp = tmp_path_factory.mktemp("openapi-fuzz")
    state, config = tmp / "state", tmp / "wall.json"
    shutil.copy(ROOT / "configs" / "wall-9-monitors.json", config)
    library = LayoutLibrary.load_dir(SHIPPED_LAYOUTS, state / "layouts")
    controller = Controller(library, WallGeometry(), StateStore(state / "state.json"))
    controller.restore()
    bus = EventBus()
    audit = AuditLog(state / "audit.jsonl")
    book = AlertBook(state / "alerts.json")
    book.observe("mt-aqi", "moitruong", "province", "threshold", "critical", "AQI", value=180.0)
    edits = CatalogueEdits(state / "catalogue", CAT, ALLOW, load_cameras(), load_webpages().checked(ALLOW),
                           load_sector_views(CAT))
    port = ControllerPort("thử", controller, CommandDesk(controller, audit, bus), book, CAT, edits=edits,
                          config_store=ConfigStore(config),
                          layout_store=LayoutStore(state / "layouts", library, SHIPPED_LAYOUTS))
    tokens = TokenStore(state / "api-tokens.json")
    api = CountingApi(tokens, port, bus, audit, share=FrameBox(), minutes=state / "minutes")
    server = ApiServer(api, "127.0.0.1", 0)
    server.start()
    try:
        yield server, tokens, [state, config], tmp, api
    finally:
        server.stop()


def fuzz(served, role: str) -> tuple[subprocess.CompletedProcess, float]:
    server, tokens, stored, tmp, _ = served
    (tmp / "schemathesis.toml").write_text(CONFIG, encoding="utf-8")
    base = f"http://127.0.0.1:{server.port}/api/v1"
    with urllib.request.urlopen(urllib.request.Request(  # the document as served (a share token may not read it)
            base + "/openapi.json", headers={"Authorization": f"Bearer {tokens.token('viewer')}"}), timeout=5) as r:
        (tmp / "openapi.json").write_bytes(r.read())
    command = [str(SCHEMATHESIS), "--config-file", str(tmp / "schemathesis.toml"), "run",
               str(tmp / "openapi.json"), "--url", base,
               "-H", f"Authorization: Bearer {tokens.token(role)}",
               "--checks", "all", "--exclude-checks", SKIPPED_CHECKS, "--max-examples", str(EXAMPLES),
               "--workers", "1", "--exclude-path-regex", STREAMS, "--suppress-health-check", "filter_too_much",
               "--seed", "19", "--request-timeout", "10",
               "--report", "ndjson", "--report-ndjson-path", str(tmp / f"{role}.ndjson")]
    env = {**os.environ, "SCHEMATHESIS_HOOKS": "openapi_fuzz_hooks", "PYTHONPATH": str(HERE),
           "IOC_FUZZ_STORED": os.pathsep.join(map(str, stored)), "NO_COLOR": "1"}
    started = time.monotonic()
    proc = subprocess.Popen(command, cwd=tmp, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        out, _ = proc.communicate(timeout=150)
    finally:  # interrupted or timed out: the fuzzer ends with the test
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    return subprocess.CompletedProcess(command, proc.returncode, out), time.monotonic() - started


def call(served, method: str, path: str, query: str = "", role: str = "viewer", body=None):
    tokens, api = served[1], served[4]
    r = api.handle(method, "/api/v1" + path, query, {"Authorization": f"Bearer {tokens.token(role)}"},
                          json.dumps(body).encode() if body is not None else b"")
    return r.status, json.loads(r.body)


def test_health_without_a_qt_wall_answers_the_states_revision_not_500(served):
    """The fuzzer's first find: GET /health on the Qt-free port was an AttributeError (500)."""
    status, doc = call(served, "GET", "/health")
    assert status == 200, doc
    assert doc["state"] == {"revision": served[4].port.controller.state.revision, "save_error": None}
    assert doc["viewers"] == 0


def test_a_query_parameter_given_twice_is_refused_not_guessed(served):
    """?closed=1&closed=0 answered the open alerts only (the last one won) while a proxy or a log reading the first
    saw another request; both are now a 400 naming the parameter, and the single ones work as before."""
    status, doc = call(served, "GET", "/alerts", "closed=1&closed=0")
    assert status == 400 and doc["error"] == "the query parameter 'closed' is given more than once"
    assert call(served, "GET", "/alerts", "closed=1")[0] == 200
    status, doc = call(served, "GET", "/audit", "part=0&part=0", role="operator")
    assert status == 400 and "'part'" in doc["error"]


def test_a_command_with_base_revision_null_is_valid_as_documented(served):
    """The wall takes "base_revision": null (no revision seen); the document said integer only."""
    status, doc = call(served, "POST", "/commands", role="operator",
                       body={"command": "identify", "on": False, "base_revision": None})
    assert status == 200 and doc["accepted"] is True


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.leaves(reason="the module's API server answers on worker threads it keeps until the module ends")
def test_the_fuzzer_finds_no_server_error_no_answer_off_the_document_and_no_change_by_a_refusal(served, role):
    before = CountingApi.requests
    result, took = fuzz(served, role)
    summary = result.stdout[result.stdout.rfind("SUMMARY"):]
    assert result.returncode == 0, result.stdout[-20000:]
    generated = re.search(r"(\d+) generated", summary)
    assert generated and int(generated[1]) > 500, summary
    print(f"{role}: {generated[1]} test cases, {CountingApi.requests - before} requests in {took:.1f} s")
