"""Leaders' requests to show something on a wall (Qt-free): a leader on the phone asks the IOC's operators to put a
sector, an alert or an indicator on the wall; the operator accepts on the console (which puts the sector view up) or
declines with a reason. ``WallRequests`` is the hub's part (ioc_hub/parts.py) that keeps them.

    POST /api/v1/wall-requests               ask_wall: {"kind", "target", "note"?, "wall"?} -> 201 the request; the
                                             same person's pending request for the same thing -> 200 that one
    GET  /api/v1/wall-requests               read: {"requests": [...]}, newest first (?mine=1: the caller's own;
                                             ?state=pending: those waiting)
    POST /api/v1/wall-requests/{id}/answer   answer_wall: {"accept": bool, "reason"? (needed to decline), "by"?,
                                             "wall"?, "client"?} -> 200 the request; the same answer again -> 200
                                             (a retry), another -> 409

A request (``ioc_core/hublink/messages.py`` says the fields): kept in ``wall-requests.json`` in the hub's state
folder (it survives a restart), published retained with QoS 1 on ``{p}/requests/{id}`` when made and when answered
(the walls mirror them for their consoles), and as a "request" event on the hub's event stream (the phones). An
answered request is removed a day after its answer (an empty retained message). Every ask and answer is a step in
the hub's audit log naming the person, or the wall and the operator who answered on it.

The requests go out on a broker connection of this part's own (the hub's account, client id ``ioc-hub-<name>-
requests``): on every (re)connection all kept requests are published again, and the removals not yet said, so a
broker restarted without its retained store has them back."""

from __future__ import annotations

import contextlib
import logging
import re
import secrets
import threading
import time
from datetime import datetime
from pathlib import Path

from ioc_core.api.routes import answer, refusal
from ioc_core.fmt import TZ
from ioc_core.hublink.client import BrokerLink
from ioc_core.hublink.messages import REQUEST_KINDS, encode
from ioc_core.jsonfile import read_json, write_json_atomic
from ioc_core.problems import InvalidFile

log = logging.getLogger(__name__)

FILE_NAME = "wall-requests.json"
KEEP_S = 24 * 3600  # an answered request is kept (and retained on the broker) this long after its answer
SWEEP_S = 60.0  # how often answered requests are looked at for removal
NOTE_MAX = 500  # characters of a leader's note kept
NAME_MAX = 64
KEPT_MAX = 2000  # requests kept at most (the oldest answered go first): a phone cannot fill the disk
_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")


class RequestError(ValueError):
    """A request that cannot be made or answered; ``status`` the HTTP status that says so."""

    def __init__(self, status: int, why: str):
        super().__init__(why)
        self.status = status


def _clean(text: str, limit: int, lines: bool = False) -> str:
    """Text as kept and shown: control characters (but newlines in a note) become spaces, trimmed, at most
    ``limit`` characters."""
    out = "".join(ch if ch >= " " and not 0x7F <= ord(ch) < 0xA0 and ch not in "\u2028\u2029" or (lines and ch == "\n")
                  else " " for ch in text)
    return out.strip()[:limit]


class WallRequests:
    def __init__(self, clock=time.time, keep_s: float = KEEP_S, sweep_s: float = SWEEP_S):
        self.clock, self.keep_s, self.sweep_s = clock, keep_s, sweep_s
        self.hub = None
        self.path: Path | None = None
        self._lock = threading.RLock()
        self._requests: dict[str, dict] = {}  # id -> the request, in the order they were made
        self._unsaid: set[str] = set()  # removed requests whose empty retained message is not yet sent
        self._stopping = threading.Event()
        self._sweeper: threading.Thread | None = None
        self.link: BrokerLink | None = None

    # -- life ----------------------------------------------------------------------------------------------
    def start(self, hub) -> None:
        self.hub = hub
        self.path = Path(hub.settings.state_dir) / FILE_NAME
        self._load()
        account = hub.settings.broker
        self.link = BrokerLink(account.url, f"ioc-hub-{hub.name}-requests", username=account.username,
                               password=account.password, ca_file=account.ca_file, on_connection=self._connected)
        hub.api.add_routes([
            ("POST", r"/wall-requests", "ask_wall", self._route_ask),
            ("GET", r"/wall-requests", "read", self._route_list),
            ("POST", r"/wall-requests/(?P<request>[^/]+)/answer", "answer_wall", self._route_answer),
        ])
        hub.requests = self
        self.sweep()
        self.link.start()
        self._sweeper = threading.Thread(target=self._sweep_loop, name="hub-wall-requests", daemon=True)
        self._sweeper.start()

    def stop(self) -> None:
        self._stopping.set()
        if self._sweeper is not None:
            self._sweeper.join(5)
        if self.link is not None:
            self.link.stop()

    def _load(self) -> None:
        if not self.path.is_file():
            return
        try:
            doc = read_json(self.path)
        except InvalidFile as exc:
            aside = self.path.with_name(self.path.name + ".unreadable")
            with contextlib.suppress(OSError):
                self.path.replace(aside)
            log.error("the wall requests could not be read (%s): set aside as %s, starting with none",
                      "; ".join(map(str, exc.problems)), aside.name)
            return
        items = doc.get("requests") if isinstance(doc, dict) else None
        for item in items if isinstance(items, list) else []:
            if isinstance(item, dict) and isinstance(item.get("id"), str) and item.get("kind") in REQUEST_KINDS:
                self._requests[item["id"]] = item
        log.info("%d wall request(s) kept from before (%d pending)", len(self._requests),
                 sum(1 for r in self._requests.values() if r.get("state") == "pending"))

    def _save(self) -> None:  # under the lock
        try:
            write_json_atomic(self.path, {"schema_version": 1, "requests": list(self._requests.values())})
        except OSError as exc:
            log.error("the wall requests could not be saved to %s: %s", self.path, exc)

    # -- what others call ------------------------------------------------------------------------------------
    def ask(self, who, kind: str, target: str, note: str = "", wall: str = "") -> dict:
        """The request made (or the caller's pending one for the same thing); RequestError when it cannot be."""
        return self._ask(who, kind, target, note, wall)[0]

    def open(self) -> list[dict]:
        """The pending requests, oldest first."""
        with self._lock:
            return [dict(r) for r in self._requests.values() if r["state"] == "pending"]

    def all(self) -> list[dict]:
        """Every request kept, newest first."""
        with self._lock:
            return [dict(r) for r in reversed(self._requests.values())]

    def get(self, request_id: str) -> dict | None:
        with self._lock:
            found = self._requests.get(request_id)
            return dict(found) if found is not None else None

    # -- asking ----------------------------------------------------------------------------------------------
    def _what(self, kind: str, target: str) -> tuple[str, str]:
        """(the sector whose view shows it, what a person reads) for a target; RequestError 404 when unknown."""
        cat = self.hub.catalogue
        if kind == "sector":
            sector = cat.sectors.get(target)
            if sector is None:
                raise RequestError(404, f"no sector '{target}' in the hub's catalogue")
            return target, f"Lĩnh vực {sector.name_vi}"
        if kind == "indicator":
            ind = cat.indicators.get(target)
            if ind is None:
                raise RequestError(404, f"no indicator '{target}' in the hub's catalogue")
            return ind.sector, ind.name_vi
        alert = next((a for a in self.hub.alerts(True) if a.get("id") == target), None)
        if alert is None:
            raise RequestError(404, f"unknown alert '{target}'")
        return str(alert.get("sector") or ""), str(alert.get("message_vi") or alert.get("id"))

    def _ask(self, who, kind: str, target: str, note: str, wall: str) -> tuple[dict, bool]:
        if kind not in REQUEST_KINDS:
            raise RequestError(400, f"kind must be one of {', '.join(REQUEST_KINDS)}, not {kind!r}")
        if not isinstance(target, str) or not target.strip():
            raise RequestError(400, "target must name the sector, alert or indicator")
        target = target.strip()
        sector, title = self._what(kind, target)
        login = who.person.login if getattr(who, "person", None) is not None else who.name
        by = getattr(who, "display", who.name)
        with self._lock:
            for r in self._requests.values():
                if r["state"] == "pending" and (r["by_login"], r["kind"], r["target"]) == (login, kind, target):
                    return dict(r), False
            now = self.clock()
            rid = f"{datetime.fromtimestamp(now, TZ):%Y%m%d-%H%M%S}-{secrets.token_hex(3)}"
            doc = {"id": rid, "kind": kind, "target": target, "sector": sector, "title_vi": title,
                   "note": _clean(note, NOTE_MAX, lines=True), "by": by, "by_login": login, "at": round(now, 3),
                   "wall": _clean(wall, NAME_MAX), "state": "pending", "answered_by": "", "answered_at": None,
                   "answered_wall": "", "reason": ""}
            self._requests[rid] = doc
            self._trim()
            self._save()
            self._publish(doc)
        self._record(who, {"command": "ask_wall", "request": rid, "kind": kind, "target": target, "by": by,
                           **({"wall": doc["wall"]} if doc["wall"] else {}), **({"note": doc["note"]} if doc["note"]
                                                                              else {})})
        log.info("wall request %s: %s asks for %s %s", rid, login, kind, target)
        return dict(doc), True

    def _trim(self) -> None:  # under the lock: the oldest answered first, never a pending one
        excess = len(self._requests) - KEPT_MAX
        for rid in [r for r, d in self._requests.items() if d["state"] != "pending"][:max(0, excess)]:
            self._remove(rid)

    # -- answering -------------------------------------------------------------------------------------------
    def answer(self, who, request_id: str, accept: bool, reason: str = "", by: str = "", wall: str = "") -> dict:
        """The request answered (accepted, or declined with ``reason``) by ``by`` on ``wall`` (a wall's operator),
        or by the person signed in; the same answer again changes nothing (a retry); RequestError otherwise."""
        reason = _clean(reason, NOTE_MAX, lines=True)
        if not accept and not reason:
            raise RequestError(400, "declining needs a reason (reason) for the leader")
        person = getattr(who, "person", None)
        name = getattr(who, "display", who.name) if person is not None else (_clean(by, NAME_MAX) or who.name)
        on = _clean(wall, NAME_MAX) or ("" if person is not None else who.name)
        state = "accepted" if accept else "declined"
        with self._lock:
            doc = self._requests.get(request_id)
            if doc is None:
                raise RequestError(404, f"no wall request '{request_id}' (answered more than a day ago, or never)")
            if doc["state"] != "pending":
                if doc["state"] == state:
                    return dict(doc)
                raise RequestError(409, f"the request was already {doc['state']} by {doc['answered_by']}")
            doc.update(state=state, answered_by=name, answered_at=round(self.clock(), 3), answered_wall=on,
                       reason=reason)
            self._save()
            self._publish(doc)
            out = dict(doc)
        self._record(who, {"command": "answer_wall_request", "request": request_id, "accept": accept, "by": name,
                           **({"wall": on} if on else {}), **({"reason": reason} if reason else {})})
        log.info("wall request %s %s by %s%s", request_id, state, name, f" on {on}" if on else "")
        return out

    # -- the routes (API threads) ------------------------------------------------------------------------------
    def _body(self, body: bytes) -> dict:
        try:
            doc = self.hub.api._json_body(body)
        except ValueError as exc:
            raise RequestError(400, str(exc)) from None
        if not isinstance(doc, dict):
            raise RequestError(400, "send a JSON object")
        return doc

    def _full(self):
        audit = self.hub.api.audit
        return refusal(507, f"not recorded: {audit.health()['message']}") if audit is not None and audit.full \
            else None

    def _route_ask(self, who, q, body):
        try:
            doc = self._body(body)
            for key in ("note", "wall"):
                if not isinstance(doc.get(key, ""), str):
                    raise RequestError(400, f"'{key}' must be text")
            if not isinstance(doc.get("kind"), str) or not isinstance(doc.get("target"), str):
                raise RequestError(400, 'send {"kind": "sector" | "alert" | "indicator", "target": "<id>", '
                                        '"note": "..."}')
            if (full := self._full()) is not None:
                return full
            made, created = self._ask(who, doc["kind"], doc["target"], doc.get("note", ""), doc.get("wall", ""))
        except RequestError as exc:
            return refusal(exc.status, str(exc))
        return answer(201 if created else 200, made)

    def _route_list(self, who, q, body):
        docs = self.all()
        if q.get("mine") in ("1", "true"):
            login = who.person.login if getattr(who, "person", None) is not None else who.name
            docs = [d for d in docs if d["by_login"] == login]
        if q.get("state"):
            docs = [d for d in docs if d["state"] == q["state"]]
        return answer(200, {"requests": docs})

    def _route_answer(self, who, q, body):
        try:
            doc = self._body(body)
            if not isinstance(doc.get("accept"), bool):
                raise RequestError(400, 'send {"accept": true} or {"accept": false, "reason": "..."}')
            for key in ("reason", "by", "wall", "client"):
                if not isinstance(doc.get(key, ""), str):
                    raise RequestError(400, f"'{key}' must be text")
            if (full := self._full()) is not None:
                return full
            if doc.get("client"):
                from ioc_hub.people import HubCaller

                who = HubCaller(who.name, who.role, _clean(doc["client"], NAME_MAX), caps=who.caps,
                                person=who.person, session=who.session)
            done = self.answer(who, q["request"], doc["accept"], doc.get("reason", ""), doc.get("by", ""),
                               doc.get("wall", ""))
        except RequestError as exc:
            return refusal(exc.status, str(exc))
        return answer(200, done)

    def _record(self, who, entry: dict) -> None:
        self.hub.api._record(who, entry)

    # -- the broker and the phones ---------------------------------------------------------------------------
    def _publish(self, doc: dict) -> None:  # under the lock
        if self.link is not None and self.link.connected:
            self.link.publish(self.hub.topics.request(doc["id"]), encode(doc), retain=True, qos=1)
        if self.hub.api is not None:
            self.hub.api.bus.publish("request", {"request": dict(doc)})

    def _remove(self, rid: str) -> None:  # under the lock
        self._requests.pop(rid, None)
        if self.link is not None and self.link.connected:
            self.link.publish(self.hub.topics.request(rid), b"", retain=True, qos=1)
        else:
            self._unsaid.add(rid)

    def _connected(self, connected: bool, reason: str) -> None:  # Paho's thread
        if not connected:
            return
        with self._lock:
            for doc in self._requests.values():
                self.link.publish(self.hub.topics.request(doc["id"]), encode(doc), retain=True, qos=1)
            for rid in sorted(self._unsaid):
                self.link.publish(self.hub.topics.request(rid), b"", retain=True, qos=1)
            self._unsaid.clear()

    def sweep(self) -> int:
        """Answered requests older than ``keep_s`` removed (from the file and the broker); how many."""
        cutoff = self.clock() - self.keep_s
        with self._lock:
            old = [rid for rid, d in self._requests.items()
                   if d["state"] != "pending" and isinstance(d.get("answered_at"), (int, float))
                   and d["answered_at"] < cutoff]
            for rid in old:
                self._remove(rid)
            if old:
                self._save()
        if old:
            log.info("%d answered wall request(s) older than %.0f h removed", len(old), self.keep_s / 3600)
        return len(old)

    def _sweep_loop(self) -> None:
        while not self._stopping.wait(self.sweep_s):
            try:
                self.sweep()
            except Exception:
                log.exception("removing old wall requests failed")
