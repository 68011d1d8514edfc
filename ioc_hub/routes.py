"""The hub's HTTP API (Qt-free), served by ``ioc_core/api/server.py``'s ApiServer with the wall's tokens and roles
(``ioc_core/api/routes.py``'s Dispatch: the same 401, 403, 404 and 405).

    GET  /api/v1/hub                   viewer: name, topic prefix, broker address, uptime, the walls' presence
    GET  /api/v1/health                viewer: uptime, memory, the broker link, sources' health, counts
    GET  /api/v1/catalogue             viewer: the ids of indicators, sectors and regions
    GET  /api/v1/history?indicator=ID&region=R[&since=PERIOD]   viewer: the store's rows, oldest first
    GET  /api/v1/readings              viewer: the latest reading of every indicator and region, as published
    GET  /api/v1/alerts                viewer: open alerts (?closed=1: those kept closed too)
    POST /api/v1/alerts/{id}/ack       operator: {"by", "wall", "client"} all optional; recorded once in the hub's
                                       audit log with the token's name, then published to every wall
    GET  /api/v1/audit                 operator: the audit log (JSON lines), ?verify=1 checks its chain

No answer holds a token or a password (the broker's address only)."""

from __future__ import annotations

import re

from ioc_core.api.audit import Caller
from ioc_core.api.events import EventBus
from ioc_core.api.routes import MAX_BODY, Dispatch, Response, answer, refusal
from ioc_core.api.tokens import Principal, TokenStore

_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,127}")
_PERIOD = re.compile(r"\d{4}[0-9A-Za-z:.+-]{0,28}")  # a period as stored: 2026, 2026-11, 2026-11-23, ...T08:00
NAME_MAX = 64  # characters of a "by" or "wall" name kept


def _name(text: str) -> str:
    """A name from a body as recorded: control characters escaped (a name cannot forge a line of a log or break a
    table), at most NAME_MAX characters."""
    out = (f"\\x{ord(ch):02x}" if ord(ch) < 0x20 or 0x7F <= ord(ch) < 0xA0 else
           f"\\u{ord(ch):04x}" if ch in "\u2028\u2029" else ch for ch in text.strip())
    return "".join(out)[:NAME_MAX]


class HubApi(Dispatch):
    realm = "ioc-hub"

    def __init__(self, tokens: TokenStore, hub, audit=None, max_body: int = MAX_BODY):
        """``hub``: ioc_hub.service.Hub (info, health, catalogue_doc, history, readings, alerts, acknowledge)."""
        self.tokens, self.hub, self.audit, self.max_body = tokens, hub, audit, max_body
        self.bus = EventBus()  # the server's event stream (GET /events: the hub's info as its state)
        self.port = self
        self._routes = [
            ("GET", r"/hub", "viewer", lambda who, q, b: answer(200, self.hub.info())),
            ("GET", r"/health", "viewer", self._health),
            ("GET", r"/catalogue", "viewer", lambda who, q, b: answer(200, self.hub.catalogue_doc())),
            ("GET", r"/history", "viewer", self._history),
            ("GET", r"/readings", "viewer", lambda who, q, b: answer(200, {"readings": self.hub.readings()})),
            ("GET", r"/alerts", "viewer",
             lambda who, q, b: answer(200, {"alerts": self.hub.alerts(q.get("closed") in ("1", "true"))})),
            ("POST", r"/alerts/(?P<alert>.+)/ack", "operator", self._ack),
            ("GET", r"/audit", "operator", self._audit),
        ]

    def authenticate(self, headers) -> Principal | None:
        self.tokens.refresh()  # a wall added by ``ioc-hub add-wall`` meanwhile is let in without a restart
        return super().authenticate(headers)

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
        caller = Caller(who.name, who.role, fields.get("client") or who.client)
        ok, reason, by = self.hub.acknowledge(q["alert"], caller, fields.get("by", ""), fields.get("wall", ""))
        if ok:
            return answer(200, {"acknowledged": q["alert"], "by": by})
        if reason.startswith("unknown alert"):
            return refusal(404, reason)
        return refusal(503 if reason.startswith("the hub is") else 422, reason)

