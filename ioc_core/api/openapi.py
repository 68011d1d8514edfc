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


# the error body every refusal has (routes.py's ``refusal``): what went wrong, and for a save or an edit each problem
# and where (ioc_core/problems.py's Problem; a catalogue edit's leaves out file and severity)
ERROR = {"type": "object", "required": ["error"],
         "properties": {"error": {"type": "string"},
                        "problems": {"type": "array", "items": {"$ref": "#/components/schemas/Problem"}}}}
PROBLEM = {"type": "object", "required": ["message"],
           "properties": {"file": {"type": "string"}, "path": {"type": "string"}, "message": {"type": "string"},
                          "severity": {"enum": ["error", "warning"]}, "code": {"type": "string"},
                          "args": {"type": "object"}}}
# what every route can answer besides its own statuses: a query parameter twice, no token, a role too low, the wall
# too busy to answer in time
# (server.py: the wall's GUI thread did not take the request) or, for the share-out, every viewer place taken
COMMON = {"400": "a query parameter given more than once (or one not valid: the route says which)",
          "401": "no valid token (the body says so; WWW-Authenticate names the realm)",
          "403": "the token's role is below the route's (x-role)",
          "503": "the wall did not answer in time (busy): nothing was done, send again"}
WITH_BODY = {"400": "the body is not a JSON object of the documented shape: empty, not UTF-8, malformed JSON, or a "
                    "field of the wrong type (error says which)",
             "413": "the body is larger than the wall takes (64 KiB)",
             "415": "the body is not sent as JSON (Content-Type: application/json)"}
REASONS = {"200": "done", "201": "created", "204": "nothing newer within the wait", "400": "invalid",
           "404": "not found", "409": "conflict", "422": "refused", "503": "busy", "507": "the disk is full: "
           "nothing was changed and nothing left behind"}


def spec(routes: list[tuple[str, str, str, object]], doc: str, route_docs: dict | None = None) -> dict:
    """The OpenAPI document of ``routes`` (the router's table: verb, pattern, role, handler); ``route_docs`` adds, by
    ``"VERB /path"`` (or a handler's name), a request body's schema (``request_schema``: a schema or a function
    making one), the success answer (``answer``: a JSON schema, or ``content``: {media type: schema}), and every
    other status the route can give (``responses``: {status: description, or (description, schema)}); a status
    of 400 and above answers ERROR unless a schema is given."""
    words = listed(doc)
    paths: dict[str, dict] = {}
    schemas: dict[str, dict] = {"Error": ERROR, "Problem": PROBLEM}
    table = [(verb, path, names, role, _words(words, verb, path, handler), handler)
             for verb, pattern, role, handler in routes for path, names in [template(pattern)]]
    table += [(verb, path, [], role, said, None) for verb, path, role, said in EXTRA]
    docs = route_docs or {}
    for verb, path, names, role, said, handler in table:
        extra = docs.get(f"{verb} {path}") or docs.get(handler.__name__ if handler else "", {})
        statuses = dict(extra.get("responses", {}))
        success = "201" if "201" in statuses else "200"  # a catalogue addition is created
        content = extra.get("content") or {"application/json": {"schema": extra.get("answer", {"type": "object"})}}
        responses = {success: {"description": statuses.pop(success, "") or REASONS[success],
                               "content": {k: _shared(v, schemas) for k, v in content.items()}}}
        more = {**COMMON, **(WITH_BODY if verb in ("POST", "PUT") else {}), **statuses}
        if role == "share":  # any valid token opens them (a token in the address: a share or viewer one)
            more.pop("403")
        for status, said_of in sorted(more.items()):
            words_of, schema = said_of if isinstance(said_of, tuple) else (said_of, None)
            body = schema if schema is not None else ({"$ref": "#/components/schemas/Error"} if int(status) >= 400
                                                      else None)
            responses[status] = {"description": words_of or REASONS.get(status, status),
                                 **({"content": {"application/json": {"schema": _shared(body, schemas)}}}
                                    if body is not None else {})}
        operation = {
            "summary": said.split(": ", 1)[0][:120] if said else f"{verb} {path}",
            "description": said,
            "x-role": role,
            "security": [{"token": []}] + ([{"tokenInAddress": []}] if role == "share" else []),
            "parameters": [{"name": n, "in": "path", "required": True, "schema": _PARAMS.get(n, {"type": "string"})}
                           for n in names] + extra.get("query", []),
            "responses": dict(sorted(responses.items())),
        }
        if verb in ("POST", "PUT"):
            body = {}
            if (made := extra.get("request_schema")) is not None:
                body = {"schema": _shared(made() if callable(made) else made, schemas)}
            operation["requestBody"] = {"required": verb == "PUT" or bool(body), "content": {"application/json": body}}
        paths.setdefault(path, {})[verb.lower()] = operation
    for name, schema in (docs.get("schemas") or {}).items():
        schemas.setdefault(name, _shared(schema, schemas))
    return {
        "openapi": "3.1.0",
        "info": {"title": "IOC Wall control API", "version": str(API_VERSION),
                 "description": "The wall's control API: every route needs a bearer token. Each route names the "
                                "least role it needs (x-role); a token opens the routes of its own role and of "
                                "the roles below it (share < viewer < operator < technician). Every refusal "
                                "answers an Error ({\"error\": why}); every status a route gives is listed."},
        "servers": [{"url": "/api/v1"}],
        "components": {"schemas": dict(sorted(schemas.items())), "securitySchemes": {
            "token": {"type": "http", "scheme": "bearer"},
            "tokenInAddress": {"type": "apiKey", "in": "query", "name": "token",
                               "description": "share routes only, and only a share or viewer token"}}},
        "paths": dict(sorted(paths.items())),
    }


# path parameters the router matches with a pattern narrower than "any text"
_PARAMS = {"row": {"type": "string", "pattern": "^[0-9]{1,3}$"}, "col": {"type": "string", "pattern": "^[0-9]{1,3}$"},
           "layout": {"type": "string", "pattern": "^[a-z0-9][a-z0-9_-]{0,63}$"}}


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
