"""The leaders' mobile page (Qt-free): its JSON routes, and the notes people write on alerts. The page's files
(``static/``: index.html, app.js, app.css, en.json) are served by ``ioc_hub/routes.py`` under ``/m/`` without a
session; everything they read needs one.

    GET  /api/v1/m/summary              read: the nine sectors' key figures, the open alerts, missing periods
    GET  /api/v1/m/sector/{id}          read: a sector's tiles and its main chart
    POST /api/v1/alerts/{id}/comment    comment: {"text": 1..500 characters}
    POST /api/v1/alerts/{id}/assign     assign: {"department": one of the summary's "departments", "note"?}
    GET  /api/v1/alerts/{id}/notes      read: the alert's comments and assignments, oldest first

Each note is one step in the hub's audit log naming who wrote it, and an "alert_note" event on the hub's event
stream ({"alert", "note", "notes", "assigned"}) that every phone following it shows at once."""

from __future__ import annotations

import logging

from ioc_core.api.routes import Response, answer, refusal
from ioc_hub.mobile.notes import DEPARTMENT_MAX, FILE_NAME, NoteError, Notes, clean_text
from ioc_hub.mobile.summary import Summary

log = logging.getLogger(__name__)

NO_STORE = {"Cache-Control": "no-store"}  # a phone keeps no copy of the figures (a lost phone, a shared one)


class MobilePage:
    """The hub's part (ioc_hub/parts.py): ``hub.mobile`` once started."""

    def __init__(self):
        self.hub = self.notes = self.summary = None

    def start(self, hub) -> None:
        self.hub = hub
        self.notes = Notes(hub.settings.state_dir / FILE_NAME)
        self.summary = Summary(hub, self.notes)
        hub.api.add_routes([
            ("GET", r"/m/summary", "read",
             lambda who, q, b: Response(200, self.summary.encoded(), headers=dict(NO_STORE))),
            ("GET", r"/m/sector/(?P<sector>[^/]+)", "read", self._sector),
            ("POST", r"/alerts/(?P<alert>.+)/comment", "comment", self._comment),
            ("POST", r"/alerts/(?P<alert>.+)/assign", "assign", self._assign),
            ("GET", r"/alerts/(?P<alert>.+)/notes", "read", self._notes),
        ])
        hub.mobile = self

    def stop(self) -> None:
        if self.notes is not None:
            self.notes.close()

    # -- routes ---------------------------------------------------------------------------------------------
    def _sector(self, who, q, body) -> Response:
        doc = self.summary.sector(q["sector"])
        if doc is None:
            return refusal(404, f"no sector '{q['sector']}' in the hub's catalogue")
        r = answer(200, doc)
        r.headers.update(NO_STORE)
        return r

    def _known(self, alert_id: str) -> bool:
        return any(a["id"] == alert_id for a in self.hub.alerts(closed=True))

    def _notes(self, who, q, body) -> Response:
        if not self._known(q["alert"]):
            return refusal(404, f"unknown alert '{q['alert']}'")
        assigned = self.notes.assigned(q["alert"])
        return answer(200, {"alert": q["alert"], "notes": [n.to_json() for n in self.notes.of(q["alert"])],
                            "assigned": None if assigned is None else assigned.to_json()})

    def _body(self, body: bytes) -> dict:
        doc = self.hub.api._json_body(body)
        if not isinstance(doc, dict):
            raise NoteError("send a JSON object")
        return doc

    def _comment(self, who, q, body) -> Response:
        try:
            text = clean_text(self._body(body).get("text"))
        except ValueError as exc:
            return refusal(400, str(exc))
        return self._add(who, q["alert"], "comment", text, "")

    def _assign(self, who, q, body) -> Response:
        try:
            doc = self._body(body)
            department = clean_text(doc.get("department"), "department", DEPARTMENT_MAX)
            note = clean_text(doc.get("note", ""), "note", required=False)
        except ValueError as exc:
            return refusal(400, str(exc))
        allowed = self.summary.departments()
        if department not in allowed:
            return refusal(400, f"'{department}' is not a department an alert may be assigned to "
                                f"({', '.join(allowed)})")
        return self._add(who, q["alert"], "assign", note, department)

    def _add(self, who, alert_id: str, kind: str, text: str, department: str) -> Response:
        if not self._known(alert_id):
            return refusal(404, f"unknown alert '{alert_id}'")
        audit = self.hub.api.audit
        if audit is not None and audit.full:
            return refusal(507, f"not recorded: {audit.health()['message']}")
        login = who.person.login if who.person is not None else ""
        note = self.notes.add(alert_id, kind, who.display, login, text, department)
        self.hub.api._record(who, {"command": "comment_alert" if kind == "comment" else "assign_alert",
                                   "alert": alert_id, "by": who.display, **({"text": text} if text else {}),
                                   **({"department": department} if department else {})})
        assigned = self.notes.assigned(alert_id)
        self.hub.api.bus.publish("alert_note", {
            "alert": alert_id, "note": note.to_json(), "notes": self.notes.count(alert_id),
            "assigned": None if assigned is None else {"department": assigned.department, "by": assigned.by,
                                                       "at": assigned.at}})
        log.info("alert %s: %s by %s", alert_id, "comment" if kind == "comment" else f"assigned to {department}",
                 login or who.name)
        return answer(201, note.to_json())
