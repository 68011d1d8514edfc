"""The control API described as OpenAPI 3.1 (Qt-free), built from the router's own table: every route, the role
its token needs (``x-role``), its path parameters, the words of routes.py's list of routes, and a request body's
schema where the handler gives one (``request_schema``: POST /commands's is the command classes' own,
ioc_core/control/commands.py, with a view's schema once under components). Served at
``GET /api/v1/openapi.json`` and written to docs/openapi.json (scripts/openapi.py) for the province's integrators;
a test holds the file to the router, so a route added later is described or the test fails.
"""

from __future__ import annotations

import re

from ioc_core.api import API_VERSION

_LISTED = re.compile(r"^    (GET|POST|PUT|DELETE)\s+(/api/v1/[^\s,]+(?:, /[^\s,]+)*)\s*(.*)$")
_MORE = re.compile(r"^ {20,}(\S.*)$")
_PARAM = re.compile(r"\(\?P<(\w+)>[^)]*\)")
_NAMED = re.compile(r"\{[^}]+\}")
EXTRA = [("GET", "/events", "viewer", "server-sent events: the whole state first, then each change (state, alert, "
                                      "clients, layouts, catalogue, power); Last-Event-ID replays what was missed")]


def listed(doc: str) -> dict[tuple[str, str], str]:
    """(verb, path template) -> the words routes.py's docstring gives it (continuation lines joined)."""
    out: dict[tuple[str, str], str] = {}
    last: list[tuple[str, str]] = []
    for line in doc.splitlines():
        if m := _LISTED.match(line):
            verb, paths, words = m[1], m[2], m[3]
            last = []
            for n, path in enumerate(paths.split(", ")):
                full = path if n == 0 else "/api/v1" + path
                key = (verb, full.removeprefix("/api/v1"))
                out[key] = words.strip()
                last.append(key)
        elif (m := _MORE.match(line)) and last:
            for key in last:
                out[key] = (out[key] + " " + m[1]).strip()
        elif not line.strip():
            last = []
    return out


def template(pattern: str) -> tuple[str, list[str]]:
    """A route's pattern as an OpenAPI path (``/layouts/(?P<id>[^/]+)`` -> ``/layouts/{id}``) and its parameters."""
    names = _PARAM.findall(pattern)
    path = _PARAM.sub(lambda m: "{" + m[1] + "}", pattern).replace("\\", "")
    return path, names


def spec(routes: list[tuple[str, str, str, object]], doc: str, route_docs: dict | None = None) -> dict:
    """The OpenAPI document of ``routes`` (the router's table: verb, pattern, role, handler); ``route_docs`` adds, by
    handler name, a request body's schema (``request_schema``, a function) and what statuses mean (``responses``)."""
    words = listed(doc)
    paths: dict[str, dict] = {}
    schemas: dict[str, dict] = {}
    table = [(verb, path, names, role, _words(words, verb, path, handler), handler)
             for verb, pattern, role, handler in routes for path, names in [template(pattern)]]
    table += [(verb, path, [], role, said, None) for verb, path, role, said in EXTRA]
    for verb, path, names, role, said, handler in table:
        extra = (route_docs or {}).get(handler.__name__ if handler else "", {})
        operation = {
            "summary": said.split(": ", 1)[0][:120] if said else f"{verb} {path}",
            "description": said,
            "x-role": role,
            "security": [{"token": []}] + ([{"tokenInAddress": []}] if role == "share" else []),
            "parameters": [{"name": n, "in": "path", "required": True, "schema": {"type": "string"}}
                           for n in names],
            "responses": {
                "200": {"description": "done (201 for a catalogue addition)"},
                "401": {"description": "no valid token"},
                "403": {"description": f"the token's role is below {role}"},
            },
        }
        if verb in ("POST", "PUT"):
            body = {}
            if (made := extra.get("request_schema")) is not None:
                body = {"schema": _shared(made(), schemas)}
            operation["requestBody"] = {"required": verb == "PUT" or bool(body), "content": {"application/json": body}}
        operation["responses"].update(extra.get("responses", {}))
        paths.setdefault(path, {})[verb.lower()] = operation
    return {
        "openapi": "3.1.0",
        "info": {"title": "IOC Wall control API", "version": str(API_VERSION),
                 "description": "The wall's control API: every route needs a bearer token. Each route names the "
                                "least role it needs (x-role); a token opens the routes of its own role and of "
                                "the roles below it (share < viewer < operator < technician)."},
        "servers": [{"url": "/api/v1"}],
        "components": {**({"schemas": dict(sorted(schemas.items()))} if schemas else {}), "securitySchemes": {
            "token": {"type": "http", "scheme": "bearer"},
            "tokenInAddress": {"type": "apiKey", "in": "query", "name": "token",
                               "description": "share routes only, and only a share or viewer token"}}},
        "paths": dict(sorted(paths.items())),
    }


def _words(words: dict, verb: str, path: str, handler) -> str:
    """What the list of routes says of a route (matched by shape: ``{id}`` there, ``{layout}`` here), else its
    handler's docstring."""
    said = words.get((verb, path)) or next((w for (v, p), w in words.items() if v == verb and _same(p, path)), "")
    if not said and getattr(handler, "__doc__", None) and handler.__doc__ is not type(handler).__doc__:
        said = " ".join(handler.__doc__.split())
    return said


def _same(listed_path: str, path: str) -> bool:
    """``/layouts/{id}`` in the list against ``/layouts/{layout}`` in the router: the same shape."""
    return _NAMED.sub("{}", listed_path) == _NAMED.sub("{}", path)


def _shared(schema, schemas: dict[str, dict]):
    """``schema`` with each view's schema (ioc_core/layouts/views.py) as a reference to components.schemas.View."""
    from ioc_core.layouts.views import view_schema

    view = view_schema()

    def walk(node):
        if node == view:
            schemas["View"] = view
            return {"$ref": "#/components/schemas/View"}
        if isinstance(node, dict):
            return {k: walk(v) for k, v in node.items()}
        if isinstance(node, list):
            return [walk(v) for v in node]
        return node

    return walk(schema)
