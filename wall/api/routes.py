"""The API's routes (Qt-free): authentication, roles, bodies and answers. The server (``server.py``) does the I/O;
``port`` is the wall, whose methods the wall runs on its GUI thread.

    GET  /api/v1/wall                         name, API version, grid, revision, connected consoles
    GET  /api/v1/state                        layout, regions and what each shows, blackout, revision
    GET  /api/v1/layouts                      layouts the wall has
    GET  /api/v1/presets                      saved presets
    GET  /api/v1/views                        views a console can put on a region
    POST /api/v1/commands                     a controller command, optionally with base_revision and force
    GET  /api/v1/alerts                       open alerts (and recently closed ones with ?closed=1)
    POST /api/v1/alerts/{id}/ack              acknowledge an alert (recorded under the token's name)
    GET  /api/v1/screens/{row}/{col}/snapshot a PNG (or ?format=jpeg) of one screen, ?width= to scale it
    GET  /api/v1/clients                      who is connected to the event stream
    GET  /api/v1/rules                        alert rules and whether each is paused (pause_rule to change)
    GET  /api/v1/audit                        the audit log (JSON lines), ?verify=1 checks its chain
    GET  /api/v1/events                       server-sent events: state, alert, clients (see server.py)
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from urllib.parse import parse_qs, unquote

from wall.api import API_VERSION
from wall.api.audit import AuditLog
from wall.api.events import EventBus
from wall.api.tokens import Principal, TokenStore

MAX_BODY = 64 * 1024
PREFIX = f"/api/v{API_VERSION}"


@dataclass
class Response:
    status: int
    body: bytes = b""
    content_type: str = "application/json; charset=utf-8"
    headers: dict = field(default_factory=dict)


def answer(status: int, doc) -> Response:
    return Response(status, json.dumps(doc, ensure_ascii=False).encode())


def refusal(status: int, reason: str, **extra) -> Response:
    return answer(status, {"error": reason, **extra})


class Api:
    def __init__(self, tokens: TokenStore, port, bus: EventBus, audit: AuditLog | None = None,
                 max_body: int = MAX_BODY):
        self.tokens, self.port, self.bus, self.audit, self.max_body = tokens, port, bus, audit, max_body
        self._routes = [
            ("GET", r"/wall", "viewer", self._wall),
            ("GET", r"/state", "viewer", lambda who, q, b: answer(200, self.port.state())),
            ("GET", r"/layouts", "viewer", lambda who, q, b: answer(200, {"layouts": self.port.layouts()})),
            ("GET", r"/presets", "viewer", lambda who, q, b: answer(200, {"presets": self.port.presets()})),
            ("GET", r"/views", "viewer", lambda who, q, b: answer(200, self.port.views())),
            ("POST", r"/commands", "operator", self._command),
            ("GET", r"/alerts", "viewer", self._alerts),
            ("POST", r"/alerts/(?P<alert>.+)/ack", "operator", self._ack),
            ("GET", r"/screens/(?P<row>\d{1,3})/(?P<col>\d{1,3})/snapshot", "viewer", self._snapshot),
            ("GET", r"/clients", "viewer", lambda who, q, b: answer(200, {"clients": self.bus.clients()})),
            ("GET", r"/rules", "viewer", lambda who, q, b: answer(200, {"rules": self.port.alert_rules()})),
            ("GET", r"/audit", "operator", self._audit),
        ]

    def authenticate(self, headers) -> Principal | None:
        return self.tokens.authenticate(headers.get("Authorization"))

    def handle(self, method: str, path: str, query: str, headers, body: bytes) -> Response:
        """Every route needs a valid token: a request without one changes nothing and learns nothing."""
        who = self.authenticate(headers)
        if who is None:
            return Response(401, json.dumps({"error": "a valid bearer token is required"}).encode(),
                            headers={"WWW-Authenticate": 'Bearer realm="ioc-wall"'})
        if not path.startswith(PREFIX + "/"):
            return refusal(404, f"no such route: {path} (the API lives under {PREFIX}/)")
        rest, allowed = path[len(PREFIX):], []
        for verb, pattern, role, handler in self._routes:
            m = re.fullmatch(pattern, rest)
            if not m:
                continue
            allowed.append(verb)
            if verb != method:
                continue
            if not who.may(role):
                return refusal(403, f"the '{who.role}' token may not {method} {path} ({role} or above)")
            q = {k: v[-1] for k, v in parse_qs(query).items()}
            q.update({k: unquote(v) for k, v in m.groupdict().items()})
            return handler(who, q, body)
        if allowed:
            return Response(405, json.dumps({"error": f"{method} not allowed here (use {', '.join(allowed)})"}
                                            ).encode(), headers={"Allow": ", ".join(allowed)})
        return refusal(404, f"no such route: {path}")

    # -- handlers ------------------------------------------------------------------------------------------
    def _wall(self, who, q, body) -> Response:
        return answer(200, {**self.port.info(), "api_version": API_VERSION, "you": {"name": who.name, "role": who.role},
                            "clients": self.bus.clients()})

    def _json_body(self, body: bytes):
        if not body:
            raise ValueError("the body is empty; send a JSON object")
        try:
            doc = json.loads(body.decode("utf-8"))
        except UnicodeDecodeError as exc:
            raise ValueError(f"the body is not UTF-8: {exc}") from exc
        except json.JSONDecodeError as exc:
            raise ValueError(f"malformed JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}") from exc
        except RecursionError:
            raise ValueError("the JSON is nested too deeply") from None
        try:  # "\ud800" is valid JSON but no text: it would break every later save of the wall's state
            json.dumps(doc, ensure_ascii=False).encode("utf-8")
        except UnicodeEncodeError:
            raise ValueError("the JSON contains an unpaired UTF-16 surrogate (\\ud800-\\udfff): not text") from None
        return doc

    def _command(self, who, q, body) -> Response:
        try:
            doc = self._json_body(body)
        except ValueError as exc:
            return refusal(400, str(exc))
        if not isinstance(doc, dict):
            return refusal(400, "a command must be a JSON object")
        base, force = doc.pop("base_revision", None), doc.pop("force", False)
        if base is not None and (not isinstance(base, int) or isinstance(base, bool) or base < 0):
            return refusal(400, "base_revision must be a revision number (an integer >= 0)")
        if not isinstance(force, bool):
            return refusal(400, "force must be true or false")
        status, result = self.port.execute(doc, who, base, force)
        return answer(status, result)

    def _alerts(self, who, q, body) -> Response:
        return answer(200, {"alerts": self.port.alerts(q.get("closed") in ("1", "true"))})

    def _ack(self, who, q, body) -> Response:
        ok, reason = self.port.acknowledge(q["alert"], who.name)
        if ok:
            return answer(200, {"acknowledged": q["alert"], "by": who.name})
        return refusal(404 if reason.startswith("unknown alert") else 422, reason)

    def _snapshot(self, who, q, body) -> Response:
        fmt = q.get("format", "png").lower()
        if fmt not in ("png", "jpeg", "jpg"):
            return refusal(400, f"format must be png or jpeg, not '{fmt}'")
        try:
            width = int(q["width"]) if "width" in q else None
        except ValueError:
            return refusal(400, f"width must be a number of pixels, not '{q['width']}'")
        if width is not None and not 16 <= width <= 3840:
            return refusal(400, "width must be between 16 and 3840 pixels")
        image = self.port.snapshot(int(q["row"]), int(q["col"]), width, "jpeg" if fmt == "jpg" else fmt)
        if image is None:
            return refusal(404, f"the wall has no screen at row {q['row']}, column {q['col']}")
        return Response(200, image, "image/png" if fmt == "png" else "image/jpeg", {"Cache-Control": "no-store"})

    def _audit(self, who, q, body) -> Response:
        if self.audit is None:
            return refusal(404, "this wall keeps no audit log")
        if q.get("verify") in ("1", "true"):
            ok, problem = self.audit.verify()
            return answer(200, {"intact": ok, "problem": problem})
        return Response(200, self.audit.export(), "application/x-ndjson; charset=utf-8")
