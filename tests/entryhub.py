"""Manual entry (ioc_hub/entry) in this process, on a clock the test moves: the real part, its real stores, the
hub's real HTTP routes called in-process (``call``), around the few things of a hub it uses. Tests of deadlines,
which a real hub process on the real clock cannot reach."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

from ioc_core.api.audit import AuditLog
from ioc_core.api.tokens import TokenStore
from ioc_core.catalogue import load_catalogue
from ioc_hub.entry import Entry
from ioc_hub.people import COOKIE, CSRF_HEADER, People
from ioc_hub.routes import HubApi

from .hubpeople import PASSWORD, seed_people

CATALOGUE = load_catalogue()


class Told:
    """The messages part's contract (``hub.messenger``): what it was asked to send, once per key."""

    def __init__(self):
        self.sent: list[dict] = []

    def tell_department(self, department: str, subject: str, text: str, link: str, key: str) -> int:
        if any(m["key"] == key for m in self.sent):
            return 0
        self.sent.append({"department": department, "subject": subject, "text": text, "link": link, "key": key})
        return 1


class LocalHub:
    def __init__(self, folder: Path, clock, entry_json: dict | None = None, messenger: Told | None = None,
                 catalogue=None):
        """``catalogue``: the hub's own (default the shipped one; a province's ranges differ)."""
        folder.mkdir(parents=True, exist_ok=True)
        if entry_json is not None:
            (folder / "entry.json").write_text(json.dumps(entry_json, ensure_ascii=False), encoding="utf-8")
        if not (folder / "people.sqlite").exists():  # a restart keeps them
            seed_people(folder)
        self.settings = SimpleNamespace(state_dir=folder)
        self.catalogue, self.clock, self.store_path = catalogue or CATALOGUE, clock, folder / "indicators.sqlite"
        self.people = People(folder / "people.sqlite")
        self.audit = AuditLog(folder / "audit.jsonl")
        self.api = HubApi(TokenStore(folder / "api-tokens.json"), self, self.audit, people=self.people, secure=False)
        self.api_url = "http://127.0.0.1:8766/api/v1"
        self.publisher = None  # the part's own thread waits for it: the test calls check_deadlines itself
        self.published: list[tuple] = []
        if messenger is not None:
            self.messenger = messenger
        self.entry = Entry(clock=clock, every_s=3600)
        self.entry.start(self)

    def publish_stored(self, indicators, store) -> None:
        self.published.append((tuple(indicators), {h.source: h for h in store.health()}))

    def call(self, login: str, method: str, path: str, doc=None, query: str = ""):
        """A route answered as the hub answers it, for ``login`` signed in (their cookie and CSRF token)."""
        signed = self.people.sign_in(login, PASSWORD)
        headers = {"Cookie": f"{COOKIE}={signed.session_id}", CSRF_HEADER: signed.csrf}
        body = json.dumps(doc).encode() if doc is not None else b""
        r = self.api.handle(method, "/api/v1" + path, query, headers, body)
        return r.status, (json.loads(r.body) if r.body and r.content_type.startswith("application/json") else r.body)

    def close(self) -> None:
        self.entry.stop()
        self.audit.close()
        self.people.close()
