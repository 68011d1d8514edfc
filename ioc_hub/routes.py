"""The hub's HTTP API (Qt-free), served by ``ioc_core/api/server.py``'s ApiServer with the wall's tokens and roles
(``ioc_core/api/routes.py``'s Dispatch: the same 401, 403, 404 and 405).

    GET  /api/v1/hub                   viewer: name, topic prefix, broker address, uptime, the walls' presence
    GET  /api/v1/health                viewer: uptime, memory, the broker link, sources' health, counts
    GET  /api/v1/catalogue             viewer: the ids of indicators, sectors and regions
    GET  /api/v1/history?indicator=ID&region=R[&since=PERIOD]   viewer: the store's rows, oldest first
    GET  /api/v1/readings              viewer: the latest reading of every indicator and region, as published
    GET  /api/v1/forecasts             viewer: every indicator's outlook (forecast, 95 % band, record, risks,
                                       anomalies), as published, with "shown" and the record and reason in words
    GET  /api/v1/forecasts/{id}        viewer: one indicator's; 404 for an indicator not in the catalogue or not
                                       forecast yet
    GET  /api/v1/alerts                viewer: open alerts (?closed=1: those kept closed too)
    POST /api/v1/alerts/{id}/ack       operator: {"by", "wall", "client"} all optional; recorded once in the hub's
                                       audit log with the token's name, then published to every wall
    GET  /api/v1/audit                 operator: the audit log (JSON lines), ?verify=1 checks its chain

People (ioc_hub/people.py) sign in from a browser; their session is a cookie, and every request that changes
something carries the session's CSRF token in ``X-CSRF-Token`` (a request from another site's page has neither):

    POST   /api/v1/session             anyone: {"login", "password"} -> the person and the CSRF token, the cookie
                                       set; 401 wrong login or password (one answer for both), 429 locked. Audited:
                                       a sign-in, and a lock the moment it starts; a failure goes to the hub's log
                                       (a few lines a minute), never the audit log (anyone could fill it)
    GET    /api/v1/session             signed in: the person, their capabilities and the CSRF token
    DELETE /api/v1/session             signed in: signs out
    POST   /api/v1/me/password         signed in: {"old", "new"}; every session of the person ends
    GET    /api/v1/people              administrator: everyone (never a hash)
    POST   /api/v1/people              administrator: {"login", "name", "role", "password", "sectors",
                                       "department", "email", "phone"}
    PATCH  /api/v1/people/{login}      administrator: the fields to change, "password" too; "unlock": true. Every
                                       field is checked before any is changed (400: nothing changed)
    DELETE /api/v1/people/{login}      administrator
    GET    /api/v1/locks               administrator: the sign-in locks in force, of logins and of addresses
    DELETE /api/v1/locks/{key}         administrator: lifts one ("login:lanhdao", "address:10.0.0.9")

Bodies: 64 KiB at most, a department's workbook (POST /entry/upload) 2 MiB (``body_limit``).

    GET    /                            the mobile page (``/m/``): its files only, no data, are served without a
    GET    /m/, /m/{file}               session; everything else asks for one

Each route names the capability it needs ("read", "ack", "enter"...; ``people.CAPS``); a machine's bearer token is
allowed by its role (``people.TOKEN_CAPS``). No answer holds a token, a session id or a password."""

from __future__ import annotations

import contextlib
import logging
import mimetypes
import re
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

from ioc_core.api.events import EventBus
from ioc_core.api.routes import PEER_HEADER, PREFIX, Dispatch, Response, answer, refusal
from ioc_core.api.tokens import Principal, TokenStore
from ioc_hub import people as pp

_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,127}")
_PERIOD = re.compile(r"\d{4}[0-9A-Za-z:.+-]{0,28}")  # a period as stored: 2026, 2026-11, 2026-11-23, ...T08:00
NAME_MAX = 64  # characters of a "by" or "wall" name kept
FAILED_LOG_S = 60.0  # failed sign-ins: one line a minute at most (with how many since), never the password
log = logging.getLogger(__name__)


def _locked(seconds: float) -> Response:
    """429: the login or address is locked, with when to try again."""
    minutes = int(seconds // 60) + 1
    return Response(429, answer(0, {"error": f"tạm khoá đăng nhập do nhập sai nhiều lần: thử lại sau {minutes} "
                                             "phút"}).body, headers={"Retry-After": str(int(seconds) + 1)})


def _name(text: str) -> str:
    """A name from a body as recorded: control characters escaped (a name cannot forge a line of a log or break a
    table), at most NAME_MAX characters."""
    out = (f"\\x{ord(ch):02x}" if ord(ch) < 0x20 or 0x7F <= ord(ch) < 0xA0 else
           f"\\u{ord(ch):04x}" if ch in "\u2028\u2029" else ch for ch in text.strip())
    return "".join(out)[:NAME_MAX]


STATIC = Path(__file__).resolve().parent / "mobile" / "static"  # the mobile page's files
PAGE_HEADERS = {"Cache-Control": "no-cache", "Referrer-Policy": "no-referrer", "X-Content-Type-Options": "nosniff",
                "X-Frame-Options": "DENY",
                "Content-Security-Policy": "default-src 'none'; script-src 'self'; style-src 'self'; "
                                           "img-src 'self' data:; connect-src 'self'; manifest-src 'self'; "
                                           "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"}
UNSAFE = ("POST", "PUT", "PATCH", "DELETE")
MAX_UPLOAD = 2 * 1024 * 1024  # a department's workbook (POST /entry/upload)
MAX_BODY = 64 * 1024  # every other body, signing in too (read before anyone is known)
UPLOADS = {("POST", PREFIX + "/entry/upload")}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _kind(name: str) -> str:
    kind = mimetypes.guess_type(name)[0] or "application/octet-stream"
    if kind.startswith("text/") or kind in ("application/javascript", "application/json"):
        kind += "; charset=utf-8"
    return kind


class HubApi(Dispatch):
    realm = "ioc-hub"
    body_types = ("application/json", XLSX)  # the server refuses any other body (415)

    def __init__(self, tokens: TokenStore, hub, audit=None, max_body: int = MAX_UPLOAD,
                 people: pp.People | None = None, secure: bool = True):
        """``hub``: ioc_hub.service.Hub (info, health, catalogue_doc, history, readings, alerts, acknowledge);
        ``people``: the accounts (None: machines' tokens only); ``secure``: served over HTTPS (the cookie's name
        and its Secure flag)."""
        self.tokens, self.hub, self.audit, self.max_body = tokens, hub, audit, max_body
        self.people, self.secure = people, secure
        self.bus = EventBus()  # the server's event stream (GET /events: the hub's info, then alerts and readings)
        self.port = self
        self._routes = [
            ("GET", r"/hub", "read", lambda who, q, b: answer(200, self.hub.info())),
            ("GET", r"/health", "read", self._health),
            ("GET", r"/catalogue", "read", lambda who, q, b: answer(200, self.hub.catalogue_doc())),
            ("GET", r"/history", "read", self._history),
            ("GET", r"/readings", "read", lambda who, q, b: answer(200, {"readings": self.hub.readings()})),
            ("GET", r"/forecasts", "read", lambda who, q, b: answer(200, {"forecasts": self.hub.forecasts()})),
            ("GET", r"/forecasts/(?P<indicator>[^/]+)", "read", self._forecast),
            ("GET", r"/alerts", "read",
             lambda who, q, b: answer(200, {"alerts": self.hub.alerts(q.get("closed") in ("1", "true"))})),
            ("POST", r"/alerts/(?P<alert>.+)/ack", "ack", self._ack),
            ("GET", r"/audit", "operate", self._audit),
            ("GET", r"/session", "read", self._session),
            ("DELETE", r"/session", "read", self._sign_out),
            ("POST", r"/me/password", "read", self._password),
            ("GET", r"/people", "people", self._people),
            ("POST", r"/people", "people", self._add_person),
            ("PATCH", r"/people/(?P<login>[^/]+)", "people", self._change_person),
            ("DELETE", r"/people/(?P<login>[^/]+)", "people", self._remove_person),
        ]
        self._routes += [
            ("GET", r"/locks", "people", lambda who, q, b: answer(200, {"locks": self.people.locks()})),
            ("DELETE", r"/locks/(?P<key>[^/]+)", "people", self._unlock_key),
        ]
        # the page's files read once, each with its type (a phone's every load is served from memory)
        self._files = {p.name: (p.read_bytes(), _kind(p.name)) for p in STATIC.iterdir() if p.is_file()} \
            if STATIC.is_dir() else {}
        self._failed_lock = threading.Lock()
        self._failed = (-FAILED_LOG_S, 0)  # (when last logged, failures since)

    def add_routes(self, routes: list) -> None:
        """More routes: (method, pattern under /api/v1, the capability needed, handler(who, query, body))."""
        self._routes.extend(routes)

    # -- who asks -------------------------------------------------------------------------------------------
    def authenticate(self, headers) -> Principal | None:
        """A bearer token (a machine), else a session's cookie (a person). The session's lookup may wait for the
        people's store: the server calls this on a worker thread, never on its loop (``pool_for`` there)."""
        address = headers.get(PEER_HEADER, "")
        if headers.get("Authorization"):
            self.tokens.refresh()  # a wall added by ``ioc-hub add-wall`` meanwhile is let in without a restart
            who = super().authenticate(headers)
            return pp.HubCaller.of_token(who, address=address) if who is not None else None
        if self.people is None:
            return None
        found = self.people.session(pp.cookie_value(headers.get("Cookie"), self.secure))
        return pp.HubCaller.of_person(found[1], found[0], address=address) if found is not None else None

    def pool_for(self, headers) -> str | None:
        """Which worker pool answers a request, from the credential it carries, without looking a session up (the
        server's loop asks): a token's role (in memory), a cookie the viewers' pool, nothing None."""
        if headers.get("Authorization"):
            who = self.tokens.authenticate(headers.get("Authorization"))
            return who.role if who is not None else None
        if self.people is not None and pp.cookie_value(headers.get("Cookie"), self.secure):
            return "viewer"
        return None

    def body_limit(self, method: str, path: str) -> int:
        """The most a request's body may be: a department's workbook 2 MiB, anything else 64 KiB."""
        return self.max_body if (method, path) in UPLOADS else min(MAX_BODY, self.max_body)

    def caller(self, who, client: str):
        if isinstance(who, pp.HubCaller):
            return pp.HubCaller(who.name, who.role, client, caps=who.caps, person=who.person, session=who.session,
                                address=who.address)
        return pp.HubCaller.of_token(who, client)

    def refuse(self, who, method: str, headers) -> Response | None:
        """A browser's request that changes something must carry its session's CSRF token, and come from this
        hub's own page if it says where it comes from (Origin): another site's page can send the cookie, never
        the token. A bearer token is never sent by a browser on its own: no check."""
        if who.session is None or method not in UNSAFE:
            return None
        origin = headers.get("Origin")
        if origin is not None and urlsplit(origin).netloc != headers.get("Host", ""):
            return refusal(403, "this request comes from another site's page (Origin): refused")
        if not self.people.csrf_ok(who.session, headers.get(pp.CSRF_HEADER)):
            return refusal(403, f"this session's CSRF token is missing or wrong ({pp.CSRF_HEADER}): reload the page")
        return None

    def denied(self, who, method: str, path: str, role: str) -> Response:
        need = pp.LADDER.get(role, role)
        tokens = [r for r in pp.TOKEN_ROLES if need in pp.TOKEN_CAPS.get(r, ())]
        people = [r for r in pp.ROLES if need in pp.CAPS[r]]
        whose = f"person '{who.person.login}' ({who.role})" if who.person is not None else f"'{who.role}' token"
        allowed = ", ".join([*(f"{r} tokens" for r in tokens), *people]) or "nobody"
        return refusal(403, f"the {whose} may not {method} {path}: '{need}' is for {allowed}")

    def handle(self, method: str, path: str, query: str, headers, body: bytes) -> Response:
        """The page's files and signing in need no session; the rest is ``Dispatch.handle``'s."""
        if method in ("GET", "HEAD") and (path in ("/", "/m") or path.startswith("/m/")):
            return self._file(path, headers)
        if path == PREFIX + "/session" and method == "POST":
            return self._sign_in(headers, body)
        return super().handle(method, path, query, headers, body)

    # -- the page -------------------------------------------------------------------------------------------
    def _file(self, path: str, headers) -> Response:
        if path in ("/", "/m"):
            return Response(303, headers={"Location": "/m/", **PAGE_HEADERS})
        name = path[len("/m/"):] or "index.html"
        file = self._files.get(name)
        if file is None:
            return refusal(404, f"no such page: {path}")
        return Response(200, file[0], file[1], headers=dict(PAGE_HEADERS))

    # -- sessions -------------------------------------------------------------------------------------------
    def _sign_in(self, headers, body: bytes) -> Response:
        if self.people is None:
            return refusal(404, "this hub has no people's accounts")
        origin = headers.get("Origin")
        if origin is not None and urlsplit(origin).netloc != headers.get("Host", ""):
            return refusal(403, "this request comes from another site's page (Origin): refused")
        try:
            doc = self._json_body(body)
        except ValueError as exc:
            return refusal(400, str(exc))
        if not isinstance(doc, dict) or not isinstance(doc.get("login"), str) \
                or not isinstance(doc.get("password"), str):
            return refusal(400, 'send {"login": "...", "password": "..."}')
        address = headers.get(PEER_HEADER, "")  # the connection's address, as the server says (never the client)
        result = self.people.sign_in(doc["login"], doc["password"], address)
        # anyone may try, as often as they like: only what is bounded reaches the audit log (a sign-in, a lock as
        # it starts: once per login or address per lock); failures go to the hub's log, a few lines a minute
        for key in result.lock_started:
            self._record(_name(doc["login"]), {"command": "sign_in_locked", "lock": _name(key),
                                               "minutes": pp.LOCK_S // 60})
        if result.locked_s > 0:
            return _locked(result.locked_s)
        if result.person is None:
            self._failed_sign_in(doc["login"], address)
            return refusal(401, "sai tên đăng nhập hoặc mật khẩu")
        self._record(result.person.login, {"command": "sign_in"})
        r = answer(200, {"person": result.person.to_json(), "caps": sorted(result.person.caps),
                         "csrf": result.csrf})
        r.headers["Set-Cookie"] = pp.set_cookie(result.session_id, self.secure)
        r.headers["Cache-Control"] = "no-store"
        return r

    def _failed_sign_in(self, login: str, address: str) -> None:
        """An INFO line for a wrong login or password, at most one a minute with the count since (a guesser must
        not flood the log either); the login as typed, escaped; never the password."""
        now = time.monotonic()
        with self._failed_lock:
            last, since = self._failed
            if now - last < FAILED_LOG_S:
                self._failed = (last, since + 1)
                return
            self._failed = (now, 0)
        more = f" ({since} more since the last line)" if since else ""
        log.info("sign-in refused: wrong login or password for '%s' from %s%s", _name(login), _name(address), more)

    def _session(self, who, q, body) -> Response:
        if who.person is None:
            return answer(200, {"token": who.name, "role": who.role, "caps": sorted(who.caps)})
        r = answer(200, {"person": who.person.to_json(), "caps": sorted(who.caps), "csrf": who.session.csrf})
        r.headers["Cache-Control"] = "no-store"
        return r

    def _sign_out(self, who, q, body) -> Response:
        if who.session is None:
            return refusal(400, "a bearer token has no session to end")
        self.people.end_sessions(who.person.login) if q.get("everywhere") in ("1", "true") \
            else self.people.end_session_hash(who.session.id_hash)
        self._record(who, {"command": "sign_out"})
        r = answer(200, {"signed_out": who.person.login})
        r.headers["Set-Cookie"] = pp.clear_cookie(self.secure)
        return r

    def _password(self, who, q, body) -> Response:
        if who.person is None:
            return refusal(400, "a bearer token has no password")
        try:
            doc = self._json_body(body)
        except ValueError as exc:
            return refusal(400, str(exc))
        if not isinstance(doc, dict) or not isinstance(doc.get("old"), str) or not isinstance(doc.get("new"), str):
            return refusal(400, 'send {"old": "...", "new": "..."}')
        try:
            self.people.check_new_password(doc["new"])
        except pp.PeopleError as exc:
            return refusal(400, str(exc))
        checked = self.people.check_password(who.person.login, doc["old"], who.address)
        for key in checked.lock_started:
            self._record(who, {"command": "sign_in_locked", "lock": _name(key), "minutes": pp.LOCK_S // 60})
        if checked.locked_s > 0:
            return _locked(checked.locked_s)
        if checked.person is None:
            return refusal(403, "the current password is wrong")
        try:
            self.people.set_password(who.person.login, doc["new"])
        except pp.PeopleError as exc:
            return refusal(400, str(exc))
        self._record(who, {"command": "change_password"})
        r = answer(200, {"changed": who.person.login, "signed_out": True})
        r.headers["Set-Cookie"] = pp.clear_cookie(self.secure)
        return r

    # -- people ---------------------------------------------------------------------------------------------
    def _people(self, who, q, body) -> Response:
        return answer(200, {"people": [dict(p.to_json(), locked_s=round(self.people.locked(p.login)))
                                       for p in self.people.all()], "roles": pp.ROLE_NAMES_VI})

    def _add_person(self, who, q, body) -> Response:
        try:
            doc = self._json_body(body)
            if not isinstance(doc, dict):
                raise pp.PeopleError("send a JSON object")
            fields = {k: doc[k] for k in ("sectors", "department", "email", "phone") if k in doc}
            person = self.people.add(doc.get("login"), doc.get("name"), doc.get("role"), doc.get("password"),
                                     known_sectors=list(self.hub.catalogue.sectors), **fields)
        except (ValueError, TypeError) as exc:
            return refusal(400, str(exc))
        self._record(who, {"command": "add_person", "login": person.login, "role": person.role,
                           "sectors": list(person.sectors)})
        return answer(201, person.to_json())

    def _change_person(self, who, q, body) -> Response:
        """Every field checked before any is changed (a refused password leaves the role as it was); what was
        applied is audited, even when a later step fails."""
        login, known = q["login"], list(self.hub.catalogue.sectors)
        try:
            doc = self._json_body(body)
            if not isinstance(doc, dict):
                raise pp.PeopleError("send a JSON object")
            if self.people.get(login) is None:
                return refusal(404, f"no person '{login}'")
            password, unlock = doc.pop("password", None), doc.pop("unlock", False)
            if not isinstance(unlock, bool):
                raise pp.PeopleError("unlock: true or false")
            if password is not None:
                self.people.check_new_password(password)
            if doc:
                self.people.checked_update(login, known, **doc)
        except KeyError:
            return refusal(404, f"no person '{login}'")
        except (ValueError, TypeError) as exc:
            return refusal(400, str(exc))
        applied: dict = {}
        try:
            if doc:
                self.people.update(login, known_sectors=known, **doc)
                applied["fields"] = sorted(doc)
            if password is not None:
                self.people.set_password(login, password)
                applied["password"] = "changed"
            if unlock:
                self.people.unlock(login)
                applied["unlock"] = True
        except KeyError:
            return refusal(404, f"no person '{login}'")
        except (ValueError, TypeError) as exc:
            return refusal(400, str(exc))
        finally:
            if applied:
                self._record(who, {"command": "change_person", "login": login, **applied})
        return answer(200, self.people.get(login).to_json())

    def _unlock_key(self, who, q, body) -> Response:
        key = q["key"]
        if not key.startswith(("login:", "address:")):
            return refusal(400, f"a lock is 'login:<login>' or 'address:<address>' (GET {PREFIX}/locks), not "
                                f"'{_name(key)}'")
        if not self.people.unlock_key(key):
            return refusal(404, f"'{_name(key)}' is not locked")
        self._record(who, {"command": "unlock", "lock": _name(key)})
        return answer(200, {"unlocked": key})

    def _remove_person(self, who, q, body) -> Response:
        login = q["login"]
        if who.person is not None and who.person.login == login:
            return refusal(409, "an administrator cannot remove their own account")
        if not self.people.remove(login):
            return refusal(404, f"no person '{login}'")
        self._record(who, {"command": "remove_person", "login": login})
        return answer(200, {"removed": login})

    def _record(self, who, entry: dict) -> None:
        """A step in the hub's audit log (held and written later when the disk refuses: ``AuditLog``)."""
        if self.audit is None:
            return
        with contextlib.suppress(OSError):  # held by the log, written when the disk takes it
            self.audit.append(who, entry, -1, -1)

    def state(self) -> dict:
        """What GET /events sends first."""
        return self.hub.info()

    # -- handlers ------------------------------------------------------------------------------------------
    def _health(self, who, q, body) -> Response:
        audit = {"audit": self.audit.health()} if self.audit is not None else {}
        return answer(200, {**self.hub.health(), **audit})

    def _history(self, who, q, body) -> Response:
        indicator, region, since = q.get("indicator", ""), q.get("region", "province"), q.get("since")
        if not indicator:
            return refusal(400, "name the indicator: ?indicator=ID&region=R")
        if indicator not in self.hub.catalogue.indicators:
            return refusal(404, f"no indicator '{indicator}' in the hub's catalogue")
        if not _ID.fullmatch(region):
            return refusal(400, f"region '{region}' is not a region code")
        if since is not None and not _PERIOD.fullmatch(since):
            return refusal(400, f"since must be a period as stored (2026-11-23, 2026-11, 2026-Q4), not '{since}'")
        return answer(200, {"indicator": indicator, "region": region,
                            "rows": self.hub.history(indicator, region, since)})

    def _forecast(self, who, q, body) -> Response:
        indicator = q["indicator"]
        if indicator not in self.hub.catalogue.indicators:
            return refusal(404, f"no indicator '{_name(indicator)}' in the hub's catalogue")
        doc = self.hub.forecast(indicator)
        if doc is None:
            return refusal(404, f"'{indicator}' has not been forecast yet: ask again in a moment")
        return answer(200, doc)

    def _ack(self, who, q, body) -> Response:
        doc = {}
        if body:
            try:
                doc = self._json_body(body)
            except ValueError as exc:
                return refusal(400, str(exc))
            if not isinstance(doc, dict):
                return refusal(400, 'send {"by": "<operator>", "wall": "<wall>", "client": "<console>"} or nothing')
        fields = {}
        for key in ("by", "wall", "client"):
            value = doc.get(key)
            if value is None:
                continue
            if not isinstance(value, str):
                return refusal(400, f"'{key}' must be text")
            fields[key] = _name(value)
        if self.audit is not None and self.audit.full:
            return refusal(507, f"not acknowledged: {self.audit.health()['message']}")
        if fields.get("client"):
            who = pp.HubCaller(who.name, who.role, fields["client"], caps=who.caps, person=who.person,
                               session=who.session)
        by = fields.get("by", "") if who.person is None else who.display  # a person acknowledges as themselves
        ok, reason, by = self.hub.acknowledge(q["alert"], who, by, fields.get("wall", ""))
        if ok:
            return answer(200, {"acknowledged": q["alert"], "by": by})
        if reason.startswith("unknown alert"):
            return refusal(404, reason)
        return refusal(503 if reason.startswith("the hub is") else 422, reason)

