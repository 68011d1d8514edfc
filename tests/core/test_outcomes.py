"""HTTP statuses live in the API layer only: the core says what a save or an edit came to (ioc_core/outcomes.py),
and ioc_core/api/routes.py alone turns that into the status consoles in the field expect."""

from __future__ import annotations

import ast
import errno
import json
from pathlib import Path

import pytest

from ioc_core import outcomes
from ioc_core.api.routes import OUTCOME_STATUS, Api, outcome
from ioc_core.api.tokens import TokenStore
from ioc_core.jsonfile import write_failure_kind
from ioc_core.outcomes import Answer

CORE = Path(__file__).resolve().parents[2] / "ioc_core"
# where HTTP statuses belong: the routes and the server (the wire), the share-out's plain listener (routes of its
# own), the OpenAPI document (it names them), and the HTTP clients reading the statuses other systems answer (the
# sources; a wall's client of its hub's API)
HTTP_LAYER = ("api/routes.py", "api/server.py", "api/share_listener.py", "api/openapi.py", "sources/",
              "hublink/hubapi.py")
STATUSES = {200, 201, 202, 204, 301, 302, 304, 400, 401, 403, 404, 405, 409, 413, 415, 422, 429, 500, 502, 503, 504,
            507}


def _status(node) -> bool:
    return isinstance(node, ast.Constant) and type(node.value) is int and node.value in STATUSES


def status_literals(source: str) -> list[int]:
    """Lines where a status number is returned, raised, passed to a call or compared with."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Return) and node.value is not None:
            values = node.value.elts if isinstance(node.value, ast.Tuple) else [node.value]
        elif isinstance(node, ast.Call):
            values = [*node.args, *(k.value for k in node.keywords)]
        elif isinstance(node, ast.Compare):
            values = [node.left, *node.comparators]
            values += [e for v in values if isinstance(v, ast.Tuple | ast.Set | ast.List) for e in v.elts]
        elif isinstance(node, ast.IfExp):
            values = [node.body, node.orelse]
        else:
            continue
        found += [v.lineno for v in values if _status(v)]
    return sorted(set(found))


def test_no_http_status_in_the_core_outside_the_api_layer():
    offenders = {}
    for path in sorted(CORE.rglob("*.py")):
        rel = path.relative_to(CORE).as_posix()
        if rel.startswith(HTTP_LAYER):
            continue
        if lines := status_literals(path.read_text(encoding="utf-8")):
            offenders[rel] = lines
    assert offenders == {}, f"HTTP statuses outside ioc_core/api/routes.py (use ioc_core/outcomes.py): {offenders}"


def test_the_scan_finds_what_the_core_used_to_hold():
    old = '''
def edit(self):
    if self.edits is None:
        return 404, {"error": "none"}
    raise Refused(409, "in use")
    if exc.status == 500:
        pass
    return (201 if add else 200), {}
    status = 507 if full else 500
'''
    assert status_literals(old) == [4, 5, 6, 8, 9]
    assert status_literals('KEEP = 200\nx = {"maxLength": 200}\ndef f(keep: int = 500): ...\n') == []


def test_every_kind_has_the_status_consoles_expect():
    assert set(OUTCOME_STATUS) == outcomes.KINDS
    assert OUTCOME_STATUS == {"done": 200, "created": 201, "invalid": 400, "not_found": 404, "conflict": 409,
                              "lacking": 422, "not_written": 500, "disk_full": 507}
    for kind, status in OUTCOME_STATUS.items():
        r = outcome(Answer(kind, {"error": "x", "problems": []}))
        assert (r.status, json.loads(r.body)) == (status, {"error": "x", "problems": []})


def test_an_unknown_kind_fails_where_it_is_made():
    from ioc_core.catalogue.edits import Refused
    from ioc_core.layouts.saved_layouts import LayoutSaveError

    for make in (lambda: Answer("refused", {}), lambda: Refused("404", "x"), lambda: LayoutSaveError(409, "x")):
        with pytest.raises(ValueError, match="unknown outcome kind"):
            make()


@pytest.mark.parametrize(("err", "kind"), [(errno.ENOSPC, "disk_full"), (errno.EDQUOT, "disk_full"),
                                           (errno.EFBIG, "disk_full"), (errno.EACCES, "not_written"),
                                           (errno.EROFS, "not_written"), (errno.EIO, "not_written")])
def test_a_failed_write_is_disk_full_only_when_the_disk_refused_it(err, kind):
    assert write_failure_kind(OSError(err, "x")) == kind


class _Port:
    """The routes' port, answering each technician's request with one kind."""

    config_store = None

    def __init__(self, kind: str):
        self.kind = kind

    def layout(self, layout_id):
        return Answer(self.kind, {"error": f"layout {layout_id}"})


@pytest.mark.parametrize("kind", sorted(outcomes.KINDS))
def test_a_ports_answer_reaches_the_wire_with_its_status(tmp_path, kind):
    tokens = TokenStore(tmp_path / "tokens.json")
    secret = tokens.token("viewer")
    api = Api(tokens, _Port(kind), bus=None)
    r = api.handle("GET", "/api/v1/layouts/tong-quan", "", {"Authorization": f"Bearer {secret}"}, b"")
    assert r.status == OUTCOME_STATUS[kind] and json.loads(r.body) == {"error": "layout tong-quan"}
