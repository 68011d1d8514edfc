"""The API's routes (Qt-free): authentication, roles, bodies and answers. The server (``server.py``) does the I/O;
``port`` is the wall, whose methods the wall runs on its GUI thread.

    GET  /api/v1/wall                         name, API version, grid, revision, connected consoles
    GET  /api/v1/state                        layout, regions and what each shows, blackout, revision
    GET  /api/v1/layouts                      layouts the wall has
    GET  /api/v1/layouts/{id}                 one layout's file as stored, with its revision
    PUT  /api/v1/layouts/{id}                 store a layout (technician): {"layout", "base_revision" (null: a new
                                              one), "apply"}; 400 invalid (problems named), 409 changed meanwhile
    DELETE /api/v1/layouts/{id}               move a layout's file aside to .previous/ (technician)
    GET  /api/v1/presets                      saved presets
    GET  /api/v1/views                        views a console can put on a region
    GET  /api/v1/catalogue                    cameras (no credentials), camera groups, web pages, each sector view's
                                              indicators, the indicators one could add, the web allowlist, the id
                                              and address rules; technicians' additions marked "added"
    POST /api/v1/catalogue/cameras            technician: a camera (the camera catalogue's format); 201, at once in
                                              /views; 400 {"error", "problems": [{"path", "message"}]} names the
                                              field (a duplicate id too); 507 a full disk, nothing changed
    POST /api/v1/catalogue/camera-groups      technician: a camera group (id, name, kind), for a new site's cameras
    DELETE /api/v1/catalogue/camera-groups/{id}   technician: takes back a technician's group, once no camera is in
                                              it (409 names them)
    POST /api/v1/catalogue/web-pages          technician: a web page (the web pages file's format), on the allowlist
    POST /api/v1/catalogue/sectors/{sector}/indicators   technician: {"indicator": id} joins the sector view's tiles
                                              (or table), on the wall at once; 404 an unknown sector
    DELETE /api/v1/catalogue/cameras/{id}, /catalogue/web-pages/{id}, /catalogue/sectors/{sector}/indicators/{id}
                                              technician: takes back a technician's addition (404 unknown, 409 one
                                              from the catalogue files, or a camera on the wall); saved in the state
                                              folder's catalogue/ (ioc_core/catalogue/edits.py)
    POST /api/v1/catalogue/indicators         technician: an indicator (the indicator catalogue's format; "replace":
                                              true stands in for a shipped one) into the state folder's
                                              indicators.json, in use when the wall next starts; 400 names the field
    POST /api/v1/catalogue/sectors            technician: a sector (id, name) into that file, e.g. nong-nghiep
    POST /api/v1/catalogue/regions            technician: {"code", "name"}: a commune or ward (a shipped code renames
                                              it) into the state folder's regions.json, shown at once
    POST /api/v1/catalogue/markers            technician: a map station or marker (the markers file's format),
                                              checked against the indicators and regions; at the next start
    DELETE /api/v1/catalogue/indicators/{id}, /catalogue/regions/{code}, /catalogue/markers/{id}
                                              technician: takes one back from the state folder's files (404 unknown)
    POST /api/v1/commands                     a controller command, optionally with base_revision and force
    GET  /api/v1/alerts                       open alerts (and recently closed ones with ?closed=1)
    POST /api/v1/alerts/{id}/ack              acknowledge an alert (recorded under the token's name)
    GET  /api/v1/screens/{row}/{col}/snapshot a PNG (or ?format=jpeg) of one screen, ?width= to scale it
    GET  /api/v1/screens                      the screen mapping: screens, bezels (mm and px), outputs, connected
                                              monitors (with physical size), the running plan, the file's revision,
                                              the room (viewing distance, the smallest capital height it needs)
    PUT  /api/v1/screens                      technician: outputs, bezel_mm, screen_mm, viewing_distance_m with
                                              base_revision; saved to the wall configuration (previous kept) and
                                              applied at once;
                                              400 names each bad field, 409 a colleague's save, 507 a full disk
    GET  /api/v1/clients                      who is connected to the event stream
    GET  /api/v1/rules                        alert rules and whether each is paused (pause_rule to change)
    GET  /api/v1/correlation                  ?a=ID&b=ID&max_lag=N: two indicators' lagged correlation over their shared
                                              history (their period-to-period changes, lags -N..N, N 12 unless said,
                                              at most 60), with its words and caveats (ioc_core/forecasting/
                                              correlation.py); 400 names the bad parameter, 404 an unknown indicator
    GET  /api/v1/audit                        the audit log (JSON lines), ?verify=1 checks its chain, ?part=N the
                                              N-th file moved aside (1 the newest)
    GET  /api/v1/events                       server-sent events: state, alert, clients, layouts, catalogue, power
                                              (see server.py)
    GET  /api/v1/openapi.json                 this list as OpenAPI 3.1, with each route's role (x-role)
    GET  /api/v1/health                       uptime, memory, threads, files, screens, views, sources, watchdog,
                                              screen power (on, scheduled-off: intentionally dark, overrides);
                                              ?objects=1 (technician) also counts Qt objects (slow: soak tests)
    GET  /api/v1/share                        the share page for remote meeting rooms and phones (HTML)
    GET  /api/v1/share/info                   what is shared, the meeting and its agenda
    GET  /api/v1/share/frame.jpg              the newest picture; ?after=N waits (up to ?wait= s) for a newer one
    GET  /api/v1/share/stream.mjpg            the shared picture as an MJPEG stream, for video-conference systems
    GET  /api/v1/share/access                 the share page's and stream's paths with the viewer token (operator)
    POST /api/v1/share/access                 a new share link: the old one stops opening (operator)
    GET  /api/v1/minutes                      meetings' minutes on the wall, newest first, with their files
    GET  /api/v1/minutes/{folder}/{file}      one file of them: the PDF, the summary or a picture
    GET  /api/v1/hub/requests                 a wall on a data hub: leaders' requests to show something on the wall,
                                              as the hub publishes them, newest first ("hub_requests" events on
                                              each change); 404 on a wall without a hub
    POST /api/v1/hub/requests/{id}/answer     operator: {"accept", "reason" (to decline), "by"?} forwarded to the
                                              hub with the wall's hub token (503 the hub out of reach, 502 refused)
    GET  /api/v1/hub/deliveries               operator: the hub's delivery log of alert messages, forwarded

The share routes (and only they) also take the token as ``?token=``, a share or viewer token only: a phone's browser
or a video-conference system cannot send a header. Tokens in a request line are never logged (server.py). The share
token (tokens.py) opens the share routes and nothing else.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, parse_qsl, quote, unquote

from ioc_core import outcomes
from ioc_core.api import API_VERSION
from ioc_core.api.audit import AuditLog, Caller, client_name
from ioc_core.api.events import EventBus
from ioc_core.api.share_frames import FrameBox, TooManyViewers
from ioc_core.api.tokens import Principal, TokenError, TokenStore
from ioc_core.jsonfile import write_failure_kind
from ioc_core.outcomes import Answer

MAX_BODY = 64 * 1024
# the connection's address, set by the server on every request (one a client sends is dropped first): a route that
# limits by address (the hub's sign-in lockout) reads it from here
PEER_HEADER = "X-IOC-Peer"
CLIENT_HEADER = "X-IOC-Client"  # a console's own name (percent-encoded UTF-8), recorded beside the token's
PREFIX = f"/api/v{API_VERSION}"
SHARE_PAGE = Path(__file__).with_name("share_page.html")
URL_ROLES = ("share", "viewer")  # the tokens a share route takes from ``?token=``
FRAME_WAIT_S = 10.0  # a share page's long poll for the next picture
STREAM_REPEAT_S = 1.0  # an MJPEG stream repeats its picture this often when the wall is still (codecs want frames)
# the share page's own script and style only; nothing else loads, and the token in its address never leaves
PAGE_HEADERS = {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer", "X-Content-Type-Options": "nosniff",
                "Content-Security-Policy": "default-src 'none'; img-src 'self' blob:; connect-src 'self'; "
                                           "style-src 'unsafe-inline'; script-src 'unsafe-inline'"}


@dataclass
class Response:
    status: int
    body: bytes = b""
    content_type: str = "application/json; charset=utf-8"
    headers: dict = field(default_factory=dict)
    stream: Callable | None = None  # a streamed body: called with the connection's writer after the headers
    release: Callable | None = None  # what ends a stream that is never started (HEAD, the viewer gone before it)


# a command's answer (ioc_core/api/desk.py's Reply) as an HTTP status: every refusal by the controller is 422, whatever
# its kind (the answer's "refused" names it: invalid, not_found, conflict), as consoles in the field expect
COMMAND_STATUS = {"done": 200, "invalid": 422, "refused": 422, "forbidden": 403, "stale": 409, "disk_full": 507}

# what a technician's save or edit came to (ioc_core/outcomes.py: the port's Answer, the core's refusals) as an HTTP
# status: the one place these kinds become numbers; the statuses are those consoles in the field expect
OUTCOME_STATUS = {
    outcomes.DONE: 200,
    outcomes.CREATED: 201,
    outcomes.INVALID: 400,  # malformed, or a field not valid: "problems" name where
    outcomes.NOT_FOUND: 404,
    outcomes.CONFLICT: 409,  # changed since read, exists, in use, or its file cannot be used as it is
    outcomes.LACKING: 422,  # names what the wall does not have
    outcomes.NOT_WRITTEN: 500,
    outcomes.DISK_FULL: 507,  # Insufficient Storage: nothing changed
}


# GET /correlation's lags (ioc_core/forecasting/correlation.py's DEFAULT_LAG and MAX_LAG: numpy is not imported
# with the routes)
CORRELATION_LAG, CORRELATION_MAX_LAG = 12, 60

# a wall in hub mode whose hub did not take an acknowledgement says so with these (503 and 502)
HUB_UNREACHABLE = "not acknowledged: the data hub cannot be reached"
HUB_FAILED = "not acknowledged: the data hub answered"
NO_HUB = "this wall has no data hub"


def answer(status: int, doc) -> Response:
    return Response(status, json.dumps(doc, ensure_ascii=False).encode())


def refusal(status: int, reason: str, **extra) -> Response:
    return answer(status, {"error": reason, **extra})


def outcome(a: Answer) -> Response:
    """The port's answer to a technician's save or edit, with its kind's status."""
    return answer(OUTCOME_STATUS[a.kind], a.body)


class Dispatch:
    """Authentication, roles and routing shared by every API served by ``server.ApiServer`` (the wall's ``Api``, the
    hub's ``ioc_hub.routes.HubApi``): a subclass sets ``tokens`` (a TokenStore) and ``_routes`` (method, pattern
    under ``PREFIX``, the least role, handler(who, query, body)), so 401, 403, 404, 405 and 400 for a repeated query
    parameter are answered the same way by both."""

    realm = "ioc-wall"
    tokens: TokenStore
    _routes: list
    audit: AuditLog | None = None

    def _audit(self, who, q, body) -> Response:
        """GET /audit: the log as JSON lines (``?part=N``: an older file), or its chain checked (``?verify=1``)."""
        if self.audit is None:
            return refusal(404, f"this {self.realm.removeprefix('ioc-')} keeps no audit log")
        if q.get("verify") in ("1", "true"):
            return answer(200, self.audit.check().to_json())
        part = q.get("part", "0")
        if not (part.isascii() and part.isdecimal()) or int(part) > self.audit.keep:
            return refusal(400, f"part must be a whole number from 0 (the current file) to {self.audit.keep}")
        return Response(200, self.audit.export(int(part)), "application/x-ndjson; charset=utf-8")

    def authenticate(self, headers) -> Principal | None:
        return self.tokens.authenticate(headers.get("Authorization"))

    def pool_for(self, headers) -> str | None:
        """The role whose worker pool answers a request (None: no credential), asked on the server's loop: it must
        not wait for anything (a token is looked up in memory; an API whose callers need a slower lookup answers
        from the credential's kind alone, and ``authenticate`` runs on the worker)."""
        who = self.authenticate(headers)
        return who.role if who is not None else None

    def body_limit(self, method: str, path: str) -> int:
        """The most a request's body to ``method`` ``path`` may be (the server refuses more: 413)."""
        return self.max_body

    def url_principal(self, path: str, query: str) -> Principal | None:
        """A token a route takes from its address (none by default)."""
        return None

    def caller(self, who: Principal, client: str) -> Caller:
        """Who the routes and the audit log see: the token's name and role and the console's own name."""
        return Caller(who.name, who.role, client)

    def denied(self, who, method: str, path: str, role: str) -> Response:
        """403: the caller's role may not do this."""
        return refusal(403, f"the '{who.role}' token may not {method} {path} ({role} or above)")

    def refuse(self, who, method: str, headers) -> Response | None:
        """A refusal before any route is looked at (the hub's CSRF check for a browser's session); None: go on."""
        return None

    def handle(self, method: str, path: str, query: str, headers, body: bytes) -> Response:
        """Every route needs a valid token: a request without one changes nothing and learns nothing."""
        who = self.authenticate(headers)
        if who is None:
            who = self.url_principal(path, query)
        if who is None:
            return Response(401, json.dumps({"error": "a valid bearer token is required"}).encode(),
                            headers={"WWW-Authenticate": f'Bearer realm="{self.realm}"'})
        # the console's own name beside the token's, in every audit record this request causes
        who = self.caller(who, client_name(headers.get(CLIENT_HEADER)))
        if (refused := self.refuse(who, method, headers)) is not None:
            return refused
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
                return self.denied(who, method, path, role)
            names = [k for k, _ in parse_qsl(query, keep_blank_values=True)]
            if twice := next((k for k in names if names.count(k) > 1), None):  # which one counts would be a guess
                return refusal(400, f"the query parameter '{twice}' is given more than once")
            q = {k: v[-1] for k, v in parse_qs(query).items()}
            q.update({k: unquote(v) for k, v in m.groupdict().items()})
            return handler(who, q, body)
        if allowed:
            return Response(405, json.dumps({"error": f"{method} not allowed here (use {', '.join(allowed)})"}
                                            ).encode(), headers={"Allow": ", ".join(allowed)})
        return refusal(404, f"no such route: {path}")

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


class Api(Dispatch):
    def __init__(self, tokens: TokenStore, port, bus: EventBus, audit: AuditLog | None = None,
                 max_body: int = MAX_BODY, share: FrameBox | None = None, minutes: Path | None = None, hub=None):
        """``hub``: a wall on a data hub, its feed (wall/runtime/hubfeed.py: the leaders' requests, the answers
        and the delivery log forwarded); None: a wall without a hub (those routes answer 404)."""
        self.tokens, self.port, self.bus, self.audit, self.max_body = tokens, port, bus, audit, max_body
        self.share, self.minutes, self.hub = share, minutes, hub
        self._spec: dict | None = None  # GET /openapi.json, built on first asking
        self._routes = [
            ("GET", r"/wall", "viewer", self._wall),
            ("GET", r"/state", "viewer", lambda who, q, b: answer(200, self.port.state())),
            ("GET", r"/layouts", "viewer", lambda who, q, b: answer(200, {"layouts": self.port.layouts()})),
            ("GET", _LAYOUT, "viewer", lambda who, q, b: outcome(self.port.layout(q["layout"]))),
            ("PUT", _LAYOUT, "technician", self._save_layout),
            ("DELETE", _LAYOUT, "technician", lambda who, q, b: outcome(self.port.delete_layout(q["layout"], who))),
            ("GET", r"/presets", "viewer", lambda who, q, b: answer(200, {"presets": self.port.presets()})),
            ("GET", r"/views", "viewer", lambda who, q, b: answer(200, self.port.views())),
            ("GET", r"/catalogue", "viewer", self._catalogue),
            ("POST", r"/catalogue/cameras", "technician", self._catalogue_add("camera")),
            ("DELETE", r"/catalogue/cameras/(?P<camera>[^/]+)", "technician", self._catalogue_remove("camera")),
            ("POST", r"/catalogue/camera-groups", "technician", self._catalogue_add("camera_group")),
            ("DELETE", r"/catalogue/camera-groups/(?P<group>[^/]+)", "technician",
             self._catalogue_remove("camera_group")),
            ("POST", r"/catalogue/web-pages", "technician", self._catalogue_add("web_page")),
            ("DELETE", r"/catalogue/web-pages/(?P<page>[^/]+)", "technician", self._catalogue_remove("web_page")),
            ("POST", r"/catalogue/sectors/(?P<sector>[^/]+)/indicators", "technician",
             self._catalogue_add("indicator")),
            ("DELETE", r"/catalogue/sectors/(?P<sector>[^/]+)/indicators/(?P<indicator>[^/]+)", "technician",
             self._catalogue_remove("indicator")),
            # the state folder's catalogue files (ioc_core/catalogue/statefiles.py)
            ("POST", r"/catalogue/indicators", "technician", self._catalogue_add("catalogue_indicator")),
            ("DELETE", r"/catalogue/indicators/(?P<indicator>[^/]+)", "technician",
             self._catalogue_remove("catalogue_indicator")),
            ("POST", r"/catalogue/sectors", "technician", self._catalogue_add("catalogue_sector")),
            ("POST", r"/catalogue/regions", "technician", self._catalogue_add("region")),
            ("DELETE", r"/catalogue/regions/(?P<region>[^/]+)", "technician", self._catalogue_remove("region")),
            ("POST", r"/catalogue/markers", "technician", self._catalogue_add("marker")),
            ("DELETE", r"/catalogue/markers/(?P<marker>[^/]+)", "technician", self._catalogue_remove("marker")),
            ("POST", r"/commands", "operator", self._command),
            ("GET", r"/alerts", "viewer", self._alerts),
            ("POST", r"/alerts/(?P<alert>.+)/ack", "operator", self._ack),
            ("GET", r"/screens/(?P<row>\d{1,3})/(?P<col>\d{1,3})/snapshot", "viewer", self._snapshot),
            ("GET", r"/screens", "viewer", self._screens),
            ("PUT", r"/screens", "technician", self._save_screens),
            ("GET", r"/clients", "viewer", lambda who, q, b: answer(200, {"clients": self.bus.clients()})),
            ("GET", r"/rules", "viewer", lambda who, q, b: answer(200, {"rules": self.port.alert_rules()})),
            ("GET", r"/correlation", "viewer", self._correlation),
            ("GET", r"/audit", "operator", self._audit),
            ("GET", r"/health", "viewer", self._health),
            ("GET", r"/share", "share", self._share_page),
            ("GET", r"/share/info", "share", self._share_info),
            ("GET", r"/share/frame\.jpg", "share", self._share_frame),
            ("GET", r"/share/stream\.mjpg", "share", self._share_stream),
            ("GET", r"/share/access", "operator", self._share_access),
            ("POST", r"/share/access", "operator", self._share_new_link),
            ("GET", r"/openapi\.json", "viewer", self._openapi),
            ("GET", r"/minutes", "operator", self._minutes),
            ("GET", r"/minutes/(?P<folder>[^/]+)/(?P<file>[^/]+)", "operator", self._minutes_file),
            ("GET", r"/hub/requests", "viewer", self._hub_requests),
            ("POST", r"/hub/requests/(?P<request>[^/]+)/answer", "operator", self._hub_answer),
            ("GET", r"/hub/deliveries", "operator", self._hub_deliveries),
        ]
        # a wall on a data hub (wall/runtime/hubfeed.py): the leaders' requests' changes to the consoles
        if hub is not None and bus is not None:
            hub.request_listeners.append(lambda docs: bus.publish("hub_requests", {"requests": docs}))

    def url_principal(self, path: str, query: str) -> Principal | None:
        """The share routes (and only they) take a share or viewer token from ``?token=``."""
        if not path.startswith(PREFIX + "/share") or path == PREFIX + "/share/access":
            return None
        token = parse_qs(query).get("token", [""])[-1]
        who = self.tokens.authenticate(f"Bearer {token}") if token else None
        if who is not None and who.role not in URL_ROLES:
            return None  # a token that commands the wall never travels in an address
        return who

    # -- handlers ------------------------------------------------------------------------------------------
    def _wall(self, who, q, body) -> Response:
        return answer(200, {**self.port.info(), "api_version": API_VERSION, "you": {"name": who.name, "role": who.role},
                            "clients": self.bus.clients()})

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
        reply = self.port.execute(doc, who, base, force, client=who.client)
        return answer(COMMAND_STATUS[reply.kind], reply.body)

    def _save_layout(self, who, q, body) -> Response:
        try:
            doc = self._json_body(body)
        except ValueError as exc:
            return refusal(400, str(exc))
        if not isinstance(doc, dict) or not isinstance(doc.get("layout"), dict):
            return refusal(400, 'send {"layout": {...}, "base_revision": "..." or null, "apply": true or false}')
        base, apply = doc.get("base_revision"), doc.get("apply", False)
        if base is not None and not isinstance(base, str):
            return refusal(400, "base_revision must be the revision the layout was read at (a string), or null "
                                "for a new layout")
        if not isinstance(apply, bool):
            return refusal(400, "apply must be true or false")
        return outcome(self.port.save_layout(q["layout"], doc["layout"], base, apply, who))

    # -- catalogue editing (ioc_core/catalogue/edits.py) ---------------------------------------------------------
    def _catalogue(self, who, q, body) -> Response:
        doc = self.port.catalogue_doc()
        return answer(200, doc) if doc is not None else refusal(404, "this wall keeps no catalogue additions")

    def _catalogue_add(self, kind: str):
        def add(who, q, body) -> Response:
            try:
                doc = self._json_body(body)
            except ValueError as exc:
                return refusal(400, str(exc), problems=[])
            return outcome(self.port.edit_catalogue(who, "add", kind, doc, sector=q.get("sector", "")))
        return add

    def _catalogue_remove(self, kind: str):
        def remove(who, q, body) -> Response:
            # the address's own part, never a query parameter
            eid = {"indicator": lambda: f"{q['sector']}/{q['indicator']}", "camera": lambda: q["camera"],
                   "camera_group": lambda: q["group"], "web_page": lambda: q["page"],
                   "catalogue_indicator": lambda: q["indicator"], "region": lambda: q["region"],
                   "marker": lambda: q["marker"]}[kind]()
            return outcome(self.port.edit_catalogue(who, "remove", kind, eid=eid))
        return remove

    def _alerts(self, who, q, body) -> Response:
        return answer(200, {"alerts": self.port.alerts(q.get("closed") in ("1", "true"))})

    def _ack(self, who, q, body) -> Response:
        if self.audit is not None and self.audit.full:
            return refusal(507, f"not acknowledged: {self.audit.health()['message']}")
        ok, reason = self.port.acknowledge(q["alert"], who)  # recorded in the audit log, with the console's name
        if ok:
            return answer(200, {"acknowledged": q["alert"], "by": who.name})
        if reason.startswith(HUB_UNREACHABLE):  # a wall in hub mode forwards it to the hub (wall/runtime/hubfeed.py)
            return refusal(503, reason)
        if reason.startswith(HUB_FAILED):
            return refusal(502, reason)
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

    def _screens(self, who, q, body) -> Response:
        doc = self.port.screens()
        if doc is None:
            return refusal(404, "this wall keeps no configuration file")
        if not who.may("technician") and isinstance(doc.get("file"), str):  # where the wall PC keeps its files
            doc = {**doc, "file": Path(doc["file"]).name}
        return answer(200, doc)

    def _save_screens(self, who, q, body) -> Response:
        """The screen mapping saved to the wall configuration (ioc_core/setup/wall_config_edits.py); each refusal
        changes nothing."""
        from ioc_core.setup.wall_config_edits import Conflict, InvalidChange, SaveFailed, Unreadable

        if self.port.config_store is None:
            return refusal(404, "this wall keeps no configuration file")
        try:
            doc = self._json_body(body)
        except ValueError as exc:
            return refusal(400, str(exc), problems=[{"path": "$", "message": str(exc)}])
        try:
            return answer(200, self.port.save_screens(doc, who))
        except InvalidChange as exc:
            return refusal(400, str(exc), problems=[p.to_json() for p in exc.problems])
        except Conflict as exc:
            return refusal(409, str(exc), revision=exc.current)
        except Unreadable as exc:
            return refusal(500, str(exc), problems=[p.to_json() for p in exc.problems])
        except SaveFailed as exc:
            return refusal(OUTCOME_STATUS[exc.kind], str(exc))

    def _health(self, who, q, body) -> Response:
        objects = q.get("objects") == "1"
        if objects and not who.may("technician"):  # a full heap walk on the GUI thread
            return refusal(403, "counting Qt objects (?objects=1) needs the technician token")
        audit = {"audit": self.audit.health()} if self.audit is not None else {}  # lines a full disk holds
        return answer(200, {**self.port.health(objects), "viewers": self._viewers(), **audit})

    def _correlation(self, who, q, body) -> Response:
        """Computed here, on the API's worker thread (never the server's loop, never the wall's GUI thread): the
        port reads both histories through a read connection of its own."""
        for key in ("a", "b"):
            if not q.get(key, "").strip():
                return refusal(400, f"'{key}' must name an indicator (its id)")
        if q["a"] == q["b"]:
            return refusal(400, "'b' must be another indicator than 'a'")
        lag = q.get("max_lag", str(CORRELATION_LAG))
        if not (lag.isascii() and lag.isdecimal()) or not 0 <= int(lag) <= CORRELATION_MAX_LAG:
            return refusal(400, f"'max_lag' must be a whole number of periods from 0 to {CORRELATION_MAX_LAG}")
        return outcome(self.port.correlation(q["a"], q["b"], int(lag)))

    # -- the share-out (ioc_core/api/share_frames.py) ------------------------------------------------------------------
    def _viewers(self) -> int:
        return self.share.viewers if self.share is not None else 0

    def _no_share(self) -> Response | None:
        return None if self.share is not None else refusal(404, "this wall does not share its picture")

    def _share_page(self, who, q, body) -> Response:
        return self._no_share() or Response(200, _share_page(), "text/html; charset=utf-8", dict(PAGE_HEADERS))

    def _share_info(self, who, q, body) -> Response:
        # closed after answering: a page polls this every 2 s, and its picture's long poll is the one connection a
        # viewer keeps (the wall's connections are bounded, and consoles need theirs)
        return self._no_share() or Response(200, json.dumps(self.share.info(), ensure_ascii=False).encode(),
                                            headers={"Cache-Control": "no-store", "Connection": "close"})

    def _share_frame(self, who, q, body) -> Response:
        if (no := self._no_share()) is not None:
            return no
        try:
            after = int(q.get("after", "-1"))
            wait = min(FRAME_WAIT_S, max(0.0, float(q.get("wait", FRAME_WAIT_S))))
        except ValueError:
            return refusal(400, "after must be a frame number and wait a number of seconds")
        try:
            with self.share.viewer():
                frame = self.share.newer(max(after, 0), wait)
        except TooManyViewers as exc:
            return _full(exc)
        if frame is None:
            return Response(204, headers={"Cache-Control": "no-store"})
        return Response(200, frame.jpeg, "image/jpeg", {"Cache-Control": "no-store", "X-Frame-Seq": str(frame.seq),
                                                        "X-Frame-At": f"{frame.at:.3f}"})

    def _share_stream(self, who, q, body) -> Response:
        if (no := self._no_share()) is not None:
            return no
        box = self.share

        token = q.get("token")  # a link's token is checked again when the share link changes: a new one ends it

        def stream(write) -> None:
            try:
                seq, generation = 0, None  # None: checked once as the stream starts (a new link may have come)
                while not box.closed:
                    frame = box.newer(seq, STREAM_REPEAT_S)  # (woken at once by a new share link)
                    if token and generation != box.generation:
                        generation = box.generation
                        if self.tokens.authenticate(f"Bearer {token}") is None:
                            break
                    if frame is None:  # a still wall: the same picture again, so the far end's codec keeps going
                        frame = box.latest()
                        if frame is None:
                            continue
                    seq = frame.seq
                    write(b"--frame\r\nContent-Type: image/jpeg\r\nContent-Length: "
                          + str(len(frame.jpeg)).encode() + b"\r\n\r\n" + frame.jpeg + b"\r\n")
            finally:
                box.leave()
        try:  # the place is taken before the answer starts, so a full room gets a clear 503
            box.join()
        except TooManyViewers as exc:
            return _full(exc)
        return Response(200, content_type="multipart/x-mixed-replace; boundary=frame",
                        headers={"Cache-Control": "no-store"}, stream=stream, release=box.leave)

    def _openapi(self, who, q, body) -> Response:
        if self._spec is None:  # the route table never changes: built once
            from ioc_core.api.openapi import spec

            self._spec = spec(self._routes, __doc__, ROUTE_DOCS)
        return answer(200, self._spec)

    def _share_new_link(self, who, q, body) -> Response:
        """The share link handed out too widely: a new share token; the old links stop opening and the streams on
        them end. Answers the new links, as GET does; recorded in the audit log."""
        if (no := self._no_share()) is not None:
            return no
        try:
            self.tokens.rotate("share")
        except TokenError as exc:
            return refusal(500, f"the share link was not changed: {exc}")
        except OSError as exc:  # the token file could not be written (a full disk: 507): the old link still opens
            return refusal(OUTCOME_STATUS[write_failure_kind(exc)],
                           f"the share link was not changed: {exc.strerror or exc}")
        self.share.revoke()
        warnings = self.port.audit(who, {"command": "new_share_link"})
        return self._links(warnings)

    def _share_access(self, who, q, body) -> Response:
        """For the console's "copy link": the share token goes to remote rooms; it opens the share-out and
        nothing else (not the screens, the state or the alerts a viewer token reads)."""
        if (no := self._no_share()) is not None:
            return no
        return self._links()

    def _links(self, warnings: list[str] = ()) -> Response:
        """The share page's, stream's and picture's paths with the share token (and a new link's ``warnings``)."""
        token = self.tokens.token("share")
        if not token:
            return refusal(404, "the wall has no share token")
        t = quote(token, safe="")
        return answer(200, {"page": f"{PREFIX}/share?token={t}", "stream": f"{PREFIX}/share/stream.mjpg?token={t}",
                            "frame": f"{PREFIX}/share/frame.jpg?token={t}", **({"warnings": warnings} if warnings
                                                                              else {})})

    # -- a wall on a data hub: leaders' requests and the delivery log (wall/runtime/hubfeed.py) --------------------
    def _hub_requests(self, who, q, body) -> Response:
        feed = self.hub
        if feed is None:
            return refusal(404, NO_HUB)
        return answer(200, {"requests": feed.requests()})

    def _hub_answer(self, who, q, body) -> Response:
        feed = self.hub
        if feed is None:
            return refusal(404, NO_HUB)
        try:
            doc = self._json_body(body)
        except ValueError as exc:
            return refusal(400, str(exc))
        if not isinstance(doc, dict) or not isinstance(doc.get("accept"), bool):
            return refusal(400, 'send {"accept": true} or {"accept": false, "reason": "..."}')
        for key in ("reason", "by"):
            if not isinstance(doc.get(key, ""), str):
                return refusal(400, f"'{key}' must be text")
        if not doc["accept"] and not doc.get("reason", "").strip():
            return refusal(400, "declining needs a reason for the leader (reason)")
        by = doc.get("by", "").strip()
        if by:  # the operator's own name, beside the token's, as the hub records it
            who = Caller(by[:64], who.role, who.client)
        return feed.answer_request(q["request"], doc["accept"], doc.get("reason", ""), who)

    def _hub_deliveries(self, who, q, body) -> Response:
        feed = self.hub
        if feed is None:
            return refusal(404, NO_HUB)
        return feed.deliveries({k: v for k, v in q.items() if k in ("limit", "since", "alert")})

    # -- meeting minutes (wall/runtime/minutes_recorder.py writes them) ------------------------------------------------
    def _minutes(self, who, q, body) -> Response:
        root = self.minutes
        if root is None or not root.is_dir():
            return answer(200, {"minutes": []})
        out = []
        for folder in sorted((d for d in root.iterdir() if d.is_dir()), key=lambda d: d.name, reverse=True):
            files = sorted(f.name for f in folder.iterdir() if f.is_file() and f.suffix in MINUTES_TYPES)
            out.append({"folder": folder.name, "files": files, "complete": "bien-ban.pdf" in files})
        return answer(200, {"minutes": out})

    def _minutes_file(self, who, q, body) -> Response:
        folder, name = q["folder"], q["file"]
        if self.minutes is None or not (_SAFE_NAME.fullmatch(folder) and _SAFE_NAME.fullmatch(name)):
            return refusal(404, f"no minutes file {folder}/{name}")
        path = self.minutes / folder / name
        if path.suffix not in MINUTES_TYPES or not path.is_file():
            return refusal(404, f"no minutes file {folder}/{name}")
        return Response(200, path.read_bytes(), MINUTES_TYPES[path.suffix],
                        {"Content-Disposition": f'attachment; filename="{name}"'})


def _command_schema() -> dict:
    from ioc_core.control.commands import request_schema

    return request_schema()


# what the OpenAPI document (openapi.py) says beyond the router's table, by "VERB /path": a request body's schema, the
# success answer's, each query parameter, and every status a route can give besides 401, 403 and 503 (and 400, 413
# for a body): the fuzzer (tests/core/test_openapi_fuzz.py) holds every answer the routes give to these. Refusals
# answer openapi.py's Error unless a schema is given; POST /commands's body is the command classes' own schemas.
def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _list_of(key: str, item: dict) -> dict:
    return {"type": "object", "required": [key], "properties": {key: {"type": "array", "items": item}}}


def _query(name: str, schema: dict, said: str) -> dict:
    return {"name": name, "in": "query", "required": False, "schema": schema, "description": said}


_STR, _INT, _BOOL = {"type": "string"}, {"type": "integer"}, {"type": "boolean"}
_OBJ, _NUM = {"type": "object"}, {"type": "number"}
# GET /screens' room: the farthest seat that must read the wall and what it means (ioc_core/views/legibility.py)
_ROOM = {"type": "object", "required": ["viewing_distance_m", "cap_px", "font_px"],
         "properties": {"viewing_distance_m": _NUM, "pixel_mm": _NUM, "arc_minutes": _NUM, "cap_px": _NUM,
                        "font_px": _INT}}
_TEXT = {"type": "object", "required": ["vi"], "properties": {"vi": _STR, "en": _STR}}  # a name in two languages
_GRID = {"type": "object", "required": ["rows", "cols"], "properties": {"rows": _INT, "cols": _INT}}
_CELL = {"type": "array", "items": _INT, "minItems": 2, "maxItems": 2}
_WARNINGS = {"type": "array", "items": {"anyOf": [_STR, _ref("Problem")]}}
_SAVE_FAILED = {"500": "the file could not be written (not a full disk): nothing changed",
                "507": "the disk is full: nothing changed and nothing left behind"}
_EDIT = {"type": "object", "required": ["kind", "warnings", "catalogue"],
         "properties": {"added": _STR, "removed": _STR, "kind": _STR, "warnings": _WARNINGS,
                        "catalogue": _ref("Catalogue")}}
_ADD = {"responses": {"201": "added (in GET /views at once)", "400": "a field is not valid: problems name each one",
                      "404": "this wall keeps no catalogue additions (or no such sector)",
                      "409": "the id exists already, or the additions file cannot be used as it is",
                      "422": "it names what the wall does not have", **_SAVE_FAILED},
        "request_schema": _OBJ, "answer": _EDIT}


def _entry(module: str, key: str) -> Callable[[], dict]:
    """An addition's request schema: an entry of the catalogue file's own schema (ioc_core/catalogue/), the one it
    is checked against."""
    def made() -> dict:
        import importlib

        return importlib.import_module(f"ioc_core.catalogue.{module}").SCHEMA["properties"][key]["items"]
    return made
_REMOVE = {"responses": {"404": "no such addition (or this wall keeps none)",
                         "409": "one from the catalogue files (not a technician's), one in use (a camera on the wall, "
                                "a group with cameras)", **_SAVE_FAILED}, "answer": _EDIT}
SCHEMAS = {
    "Wall": {"type": "object", "required": ["name", "rows", "cols", "revision", "layout", "api_version", "you",
                                            "clients"],
             "properties": {"name": _STR, "rows": _INT, "cols": _INT, "revision": _INT, "layout": _STR,
                            "api_version": _STR, "clients": {"type": "array", "items": _OBJ},
                            "screen": {"type": "object", "properties": {k: _INT for k in (
                                "width_px", "height_px", "gap_x_px", "gap_y_px")}},
                            "you": {"type": "object", "required": ["name", "role"],
                                    "properties": {"name": _STR, "role": {"enum": ["share", "viewer", "operator",
                                                                                     "technician"]}}}}},
    "State": {"type": "object", "required": ["revision", "layout", "grid", "regions", "blackout", "identify",
                                             "paused_rules", "meeting", "frozen_at", "share"],
              "properties": {"revision": _INT, "layout": _STR, "grid": _GRID, "identify": _BOOL,
                             "regions": {"type": "array", "items": {
                                 "type": "object", "required": ["id", "cell", "span", "view"],
                                 "properties": {"id": _STR, "cell": _CELL, "span": _CELL, "title": _TEXT,
                                                "view": {"type": ["object", "null"]}, "hold": _OBJ}}},
                             "blackout": {"type": "array", "items": _CELL},
                             "paused_rules": {"type": "array", "items": _STR},
                             "meeting": {"type": ["object", "null"]}, "frozen_at": {"type": ["number", "null"]},
                             "share": {"type": ["object", "null"]}, "power": {"type": ["object", "null"]}}},
    "LayoutSummary": {"type": "object", "required": ["id", "title", "grid", "regions"],
                      "properties": {"id": _STR, "title": _TEXT, "grid": _GRID,
                                     "regions": {"type": "array", "items": _OBJ}}},
    "Alert": {"type": "object", "required": ["id", "indicator", "sector", "severity", "raised_at"],
              "properties": {"id": _STR, "indicator": _STR, "sector": _STR, "region": _STR, "cause": _STR,
                             "severity": _STR, "message_vi": _STR, "message_en": _STR,
                             "value": {"type": ["number", "null"]}, "raised_at": _NUM, "updated_at": _NUM,
                             "acknowledged_by": {"type": ["string", "null"]}}},
    "Catalogue": {"type": "object", "required": ["cameras", "camera_groups", "web_pages", "sectors", "indicators"],
                  "properties": {k: {"type": "array", "items": _OBJ} for k in (
                      "cameras", "camera_groups", "web_pages", "sectors", "indicators", "markers")}},
    "CommandReply": {"type": "object", "required": ["accepted", "revision"],
                     "properties": {"accepted": _BOOL, "revision": _INT, "changed": _BOOL, "reason": _STR,
                                    "refused": {"enum": ["invalid", "not_found", "conflict", "forbidden"]},
                                    "conflict": _BOOL, "regions": {"type": "array", "items": _STR},
                                    "warnings": _WARNINGS, "item": _INT}},
    "WallRequest": {"type": "object", "required": ["id", "kind", "target", "title_vi", "by", "at", "state"],
                    "properties": {"id": _STR, "kind": {"enum": ["sector", "alert", "indicator"]}, "target": _STR,
                                   "sector": _STR, "title_vi": _STR, "note": _STR, "by": _STR, "by_login": _STR,
                                   "at": _NUM, "wall": _STR,
                                   "state": {"enum": ["pending", "accepted", "declined"]},
                                   "answered_by": _STR, "answered_at": {"type": ["number", "null"]},
                                   "answered_wall": _STR, "reason": _STR}},
    "Correlation": {
        "type": "object",
        "required": ["a", "b", "period", "n", "lags", "r", "pairs", "bound", "best_lag", "best_r", "significant",
                     "level_r", "summary_vi", "summary_en", "caveats_vi", "caveats_en", "history"],
        "properties": {"a": _STR, "b": _STR, "period": _STR, "n": _INT, "first": _STR, "last": _STR,
                       "lags": {"type": "array", "items": _INT},
                       "r": {"type": "array", "items": {"type": ["number", "null"]}},
                       "pairs": {"type": "array", "items": _INT},
                       "bound": {"type": "array", "items": {"type": ["number", "null"]}},
                       "best_lag": {"type": ["integer", "null"]}, "best_r": {"type": ["number", "null"]},
                       "best_bound": {"type": ["number", "null"]}, "significant": _BOOL,
                       "level_r": {"type": ["number", "null"]}, "summary_vi": _STR, "summary_en": _STR,
                       "caveats_vi": {"type": "array", "items": _STR}, "caveats_en": {"type": "array", "items": _STR},
                       "aggregation_a": _STR, "aggregation_b": _STR,
                       "history": {"enum": ["own", "hub", "none"],
                                   "description": "whose history: the wall's store, its mirror of the hub's, none "
                                                  "(a wall without a store)"}}},
    "ShareLinks": {"type": "object", "required": ["page", "stream", "frame"],
                   "properties": {"page": _STR, "stream": _STR, "frame": _STR, "warnings": _WARNINGS}},
}
_REFUSED_COMMAND = {"anyOf": [_ref("CommandReply"), _ref("Error")]}
ROUTE_DOCS = {
    "schemas": SCHEMAS,
    "GET /wall": {"answer": _ref("Wall")},
    "GET /state": {"answer": _ref("State")},
    "GET /layouts": {"answer": _list_of("layouts", _ref("LayoutSummary"))},
    "GET /layouts/{layout}": {
        "answer": {"type": "object", "required": ["layout", "revision", "file"],
                   "properties": {"layout": _OBJ, "revision": _STR, "file": _STR}},
        "responses": {"404": "no such layout (or no layouts folder technicians save into)",
                      "409": "the layout's file is not valid now"}},
    "PUT /layouts/{layout}": {
        "request_schema": {"type": "object", "required": ["layout"],
                           "properties": {"layout": _OBJ, "base_revision": {"type": ["string", "null"]},
                                          "apply": _BOOL}},
        "answer": {"type": "object", "required": ["saved", "revision", "file", "created", "applied", "warnings"],
                   "properties": {"saved": _STR, "revision": _STR, "file": _STR, "created": _BOOL,
                                  "applied": _BOOL, "warnings": _WARNINGS, "state_revision": {"type": ["integer",
                                                                                                      "null"]}}},
        "responses": {"400": "the layout is not valid: problems name each field", "404": "no layouts folder "
                      "technicians save into", "409": "changed since base_revision (or exists: base_revision null)",
                      "422": "its views name what the wall does not have", **_SAVE_FAILED}},
    "DELETE /layouts/{layout}": {
        "answer": {"type": "object", "required": ["deleted", "file", "restored", "warnings"],
                   "properties": {"deleted": _STR, "file": _STR, "restored": _BOOL, "warnings": _WARNINGS}},
        "responses": {"404": "no such layout in the technicians' folder", "409": "the wall shows it", **_SAVE_FAILED}},
    "GET /presets": {"answer": _list_of("presets", {"type": "object", "required": ["name", "layout"],
                                                    "properties": {"name": _STR, "layout": _STR}})},
    "GET /views": {"answer": {"type": "object", "required": ["views", "cameras"],
                              "properties": {"views": {"type": "array", "items": {
                                  "type": "object", "required": ["kind", "title"],
                                  "properties": {"kind": _STR, "title": _STR}}},
                                  "cameras": {"type": "array", "items": _OBJ}}}},
    "GET /catalogue": {"answer": _ref("Catalogue"), "responses": {"404": "this wall keeps no catalogue additions"}},
    **{f"POST /catalogue/{k}": _ADD for k in ("indicators", "sectors", "markers")},
    "POST /catalogue/cameras": {**_ADD, "request_schema": _entry("cameras", "cameras")},
    "POST /catalogue/camera-groups": {**_ADD, "request_schema": _entry("cameras", "groups")},
    "POST /catalogue/web-pages": {**_ADD, "request_schema": _entry("webpages", "pages")},
    "POST /catalogue/sectors/{sector}/indicators": {**_ADD, "request_schema": {
        "type": "object", "required": ["indicator"], "properties": {"indicator": _STR}}},
    "POST /catalogue/regions": {**_ADD, "request_schema": {"type": "object", "required": ["code", "name"],
                                                            "additionalProperties": False,
                                                            "properties": {"code": _STR, "name": _STR}}},
    **{f"DELETE /catalogue/{k}": _REMOVE for k in (
        "cameras/{camera}", "camera-groups/{group}", "web-pages/{page}", "sectors/{sector}/indicators/{indicator}",
        "indicators/{indicator}", "regions/{region}", "markers/{marker}")},
    "POST /commands": {
        "request_schema": _command_schema,
        "answer": _ref("CommandReply"),
        "responses": {
            "400": "the body is not a JSON object, or base_revision or force is of the wrong type",
            "403": ("the token's role may not send this command (technician commands), or it is the wall's own "
                    "(rule_show)", _REFUSED_COMMAND),
            "409": ("a colleague changed a region this command changes after its base_revision (send again with "
                    "force)", _ref("CommandReply")),
            "422": ("not a well-formed command, or the controller refused it: reason says why, refused which kind "
                    "(invalid, not_found, conflict)", _ref("CommandReply"))}},
    "GET /alerts": {"answer": _list_of("alerts", _ref("Alert")),
                    "query": [_query("closed", _STR, "1 or true: recently closed ones too (else: open ones only)")]},
    "POST /alerts/{alert}/ack": {
        "answer": {"type": "object", "required": ["acknowledged", "by"],
                   "properties": {"acknowledged": _STR, "by": _STR}},
        "responses": {"404": "no such alert", "422": "closed, or acknowledged already",
                      "502": "a wall in hub mode: the data hub refused it", "503": "a wall in hub mode: the data hub "
                      "cannot be reached (not acknowledged)"}},
    "GET /screens/{row}/{col}/snapshot": {
        "content": {"image/png": {"schema": {"type": "string", "format": "binary"}},
                    "image/jpeg": {"schema": {"type": "string", "format": "binary"}}},
        "query": [_query("format", {"enum": ["png", "jpeg", "jpg"]}, "png (the default) or jpeg"),
                  _query("width", {"type": "integer", "minimum": 16, "maximum": 3840}, "scaled to this width")],
        "responses": {"400": "format or width not valid", "404": "no screen there"}},
    "GET /screens": {"answer": {"type": "object", "required": ["revision", "file", "screens", "outputs", "room"],
                                "properties": {"revision": _STR, "file": _STR, "screens": _OBJ,
                                               "outputs": {"type": "array", "items": _OBJ},
                                               "room": _ROOM}},
                     "responses": {"404": "this wall keeps no configuration file"}},
    "PUT /screens": {
        "request_schema": {"type": "object", "required": ["base_revision"],
                           "properties": {"base_revision": _STR, "outputs": {"type": "array", "items": _OBJ},
                                          "bezel_mm": _OBJ, "screen_mm": _OBJ,
                                          "viewing_distance_m": {"type": "number", "minimum": 0.5, "maximum": 100,
                                                                 "description": "the farthest seat that must read "
                                                                                "the wall, in metres (saved as "
                                                                                "room.viewing_distance_m)"}}},
        "answer": {"type": "object", "required": ["saved", "revision", "applied", "warnings"],
                   "properties": {"saved": _STR, "revision": _STR, "applied": _BOOL, "warnings": _WARNINGS}},
        "responses": {"400": "a field is not valid: problems name each one", "404": "this wall keeps no "
                      "configuration file", "409": "a colleague saved since base_revision (revision: the file's "
                      "now)", "500": "the file on disk cannot be read: problems say why", "507": _SAVE_FAILED["507"]}},
    "GET /clients": {"answer": _list_of("clients", _OBJ)},
    "GET /rules": {"answer": _list_of("rules", _OBJ)},
    "GET /correlation": {
        "answer": _ref("Correlation"),
        "query": [{**_query("a", _STR, "an indicator's id"), "required": True},
                  {**_query("b", _STR, "another indicator's id: lag k > 0 means b follows a by k periods"),
                   "required": True},
                  _query("max_lag", {"type": "integer", "minimum": 0, "maximum": CORRELATION_MAX_LAG},
                         f"the longest lag looked at, in periods of the coarser cadence ({CORRELATION_LAG} unless "
                         "said; at most a quarter of the shared periods)")],
        "responses": {"404": "no such indicator (the error names a or b)"}},
    "GET /audit": {
        "content": {"application/x-ndjson": {"schema": _STR},
                    "application/json": {"schema": {"type": "object", "required": ["intact", "problem"],
                                                    "properties": {"intact": _BOOL, "problem": _STR}}}},
        "query": [_query("verify", _STR, "1 or true: check the chain (a JSON answer); anything else: the log"),
                  _query("part", {"type": "integer", "minimum": 0}, "the N-th file moved aside (1 the newest)")],
        "responses": {"400": "part is not a number of a file kept", "404": "this wall keeps no audit log"}},
    "GET /health": {"answer": {"type": "object", "required": ["state", "viewers"],
                               "properties": {"viewers": _INT, "state": {
                                   "type": "object", "required": ["revision", "save_error"],
                                   "properties": {"revision": _INT, "save_error": {"type": ["string", "null"]}}}}},
                    "query": [_query("objects", _STR, "1 (technician): count Qt objects too; anything else: not")]},
    "GET /share": {"content": {"text/html": {"schema": _STR}}, "responses": {"404": "this wall does not share"}},
    "GET /share/info": {"responses": {"404": "this wall does not share"}},
    "GET /share/frame.jpg": {
        "content": {"image/jpeg": {"schema": {"type": "string", "format": "binary"}}},
        "query": [_query("after", _INT, "a frame number: wait for a newer one"),
                  _query("wait", {"type": "number", "minimum": 0, "maximum": FRAME_WAIT_S}, "seconds to wait")],
        "responses": {"204": "nothing newer within the wait", "400": "after or wait is not a number",
                      "404": "this wall does not share", "503": "every viewer place is taken (Retry-After)"}},
    "GET /share/stream.mjpg": {
        "content": {"multipart/x-mixed-replace": {"schema": _STR}},
        "responses": {"404": "this wall does not share", "503": "every viewer place is taken (Retry-After)"}},
    "GET /share/access": {"answer": _ref("ShareLinks"), "responses": {"404": "this wall does not share"}},
    "POST /share/access": {"answer": _ref("ShareLinks"),
                           "responses": {"404": "this wall does not share", "500": "the token file is not valid",
                                         "507": "the disk is full: the old link still opens"}},
    "GET /openapi.json": {},
    "GET /minutes": {"answer": _list_of("minutes", {
        "type": "object", "required": ["folder", "files", "complete"],
        "properties": {"folder": _STR, "files": {"type": "array", "items": _STR}, "complete": _BOOL}})},
    "GET /minutes/{folder}/{file}": {
        "content": {"application/pdf": {"schema": _STR}, "image/png": {"schema": _STR},
                    "application/json": {"schema": {}}},
        "responses": {"404": "no such file"}},
    "GET /hub/requests": {"answer": _list_of("requests", _ref("WallRequest")),
                          "responses": {"404": NO_HUB}},
    "POST /hub/requests/{request}/answer": {
        "request_schema": {"type": "object", "required": ["accept"],
                           "properties": {"accept": _BOOL, "reason": _STR, "by": _STR}},
        "answer": _ref("WallRequest"),
        "responses": {"400": "not an answer (accept missing, declined without a reason), or the hub refused it",
                      "404": f"{NO_HUB}, or no such request at the hub",
                      "409": "the request was answered otherwise already", "502": "the data hub refused it",
                      "503": "the data hub cannot be reached (not answered)"}},
    "GET /hub/deliveries": {"answer": _list_of("deliveries", _OBJ),
                            "responses": {"400": "the hub refused the question", "404": f"{NO_HUB} (or a hub "
                                          "without a delivery log)", "502": "the data hub refused it",
                                          "503": "the data hub cannot be reached"}},
    "GET /events": {"content": {"text/event-stream": {"schema": _STR}},
                    "responses": {"400": "Last-Event-ID is not an event number"}},
}


@functools.cache
def _share_page() -> bytes:
    return SHARE_PAGE.read_bytes()  # read once: every phone in a meeting opens it


def _full(exc: TooManyViewers) -> Response:
    r = refusal(503, str(exc))
    r.headers["Retry-After"] = "5"
    return r


_LAYOUT = r"/layouts/(?P<layout>[a-z0-9][a-z0-9_-]{0,63})"  # a layout id (ioc_core/layouts/schema.py)
_SAFE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,120}")  # no "..", no slashes: the minutes folder only
MINUTES_TYPES = {".pdf": "application/pdf", ".png": "image/png", ".json": "application/json; charset=utf-8"}
