"""The hub's people under a hostile or busy load (issue 23's review): failed sign-ins cannot fill the audit log,
locks count attempts made at once and are lifted by an administrator, address and all; a refused change changes
nothing; a password change counts by the real address; a signed-out phone's event stream ends; a session's
lookup or a password's hashing never holds the server's loop; the sign-in's body is small. A real HubApi on the
real HTTP server (127.0.0.1) and the real people's store, in this process."""

from __future__ import annotations

import contextlib
import json
import logging
import threading
from concurrent.futures import ThreadPoolExecutor
from types import SimpleNamespace

import pytest
import requests
from argon2 import PasswordHasher

from ioc_core.api import server as server_module
from ioc_core.api.audit import AuditLog
from ioc_core.api.server import ApiServer
from ioc_core.api.tokens import TokenStore
from ioc_core.catalogue import load_catalogue
from ioc_hub.people import ADDRESS_FAILS, COOKIE, CSRF_HEADER, FAILS, People
from ioc_hub.routes import MAX_BODY, HubApi

from ..hubpeople import PASSWORD, seed_people, signed_in

CATALOGUE = load_catalogue()


class Served:
    """A HubApi served on 127.0.0.1 (a free port), with the test accounts; ``sign_in(login, address)`` through
    the API as a connection from ``address`` would (the server sets the peer header; in-process calls say it)."""

    def __init__(self, folder):
        seed_people(folder)
        self.people = People(folder / "people.sqlite")
        self.audit = AuditLog(folder / "audit.jsonl")
        self.tokens = TokenStore(folder / "api-tokens.json")
        hub = SimpleNamespace(info=lambda: {"name": "hub-test"}, catalogue=CATALOGUE, readings=lambda: [])
        self.api = HubApi(self.tokens, hub, self.audit, people=self.people, secure=False)
        self.server = ApiServer(self.api, "127.0.0.1", 0, name="test-hub-api")
        self.server.start()
        self.url = f"http://127.0.0.1:{self.server.port}/api/v1"

    def call(self, method: str, path: str, doc=None, address: str = "10.0.0.1", session=None):
        """In process, as the server hands it over: ``session`` a Login (its cookie and CSRF token) or None."""
        headers = {"X-IOC-Peer": address, "Content-Type": "application/json"}
        if session is not None:
            headers.update({"Cookie": f"{COOKIE}={session.session_id}", CSRF_HEADER: session.csrf})
        r = self.api.handle(method, "/api/v1" + path, "", headers, json.dumps(doc).encode() if doc else b"")
        return r.status, (json.loads(r.body) if r.body else None)

    def steps(self, *commands: str) -> list[dict]:
        """The audit log's steps of those commands: each its command's fields and "who"."""
        lines = [json.loads(line) for line in self.audit.export(0).decode().splitlines() if line.strip()]
        return [{**e["command"], "who": e["who"]} for e in lines
                if isinstance(e.get("command"), dict) and e["command"].get("command") in commands]

    def close(self) -> None:
        self.server.stop()
        self.audit.close()
        self.people.close()


@pytest.fixture
def served(tmp_path):
    s = Served(tmp_path)
    try:
        yield s
    finally:
        s.close()


def test_failed_and_locked_sign_ins_do_not_fill_the_audit_log(served, caplog):
    caplog.set_level(logging.INFO, logger="ioc_hub.routes")
    wrong = {"login": "lanhdao", "password": "doan-mat-khau"}
    for _ in range(FAILS):
        assert served.call("POST", "/session", wrong, "203.0.113.9")[0] == 401
    before = served.audit.path.stat().st_size
    for _ in range(300):  # a locked attempt costs no Argon2: cheap to send by the hundred thousand
        assert served.call("POST", "/session", wrong, "203.0.113.9")[0] == 429
    assert served.audit.path.stat().st_size == before  # nothing more written for them
    steps = served.steps("sign_in", "sign_in_locked")
    assert [(e["command"], e["lock"]) for e in steps] == [("sign_in_locked", "login:lanhdao")]  # once, as it began

    # the failures are in the hub's log instead: a line a minute at most, never the password
    lines = [r.getMessage() for r in caplog.records if "sign-in refused" in r.getMessage()]
    assert len(lines) == 1 and "lanhdao" in lines[0] and "203.0.113.9" in lines[0]
    assert "doan-mat-khau" not in caplog.text

    assert served.call("POST", "/session", {"login": "vanhanh", "password": PASSWORD}, "203.0.113.7")[0] == 200
    assert served.steps("sign_in")[-1]["who"] == "vanhanh"


def test_attempts_made_at_once_cannot_slip_more_guesses_past_the_lock(tmp_path):
    people = People(tmp_path / "people.sqlite")
    try:
        people.add("lanhdao", "Nguyễn Văn Lãnh", "leader", PASSWORD)
        start = threading.Barrier(4 * FAILS)
        with ThreadPoolExecutor(4 * FAILS) as pool:
            def guess(n: int):
                start.wait(10)
                return people.sign_in("lanhdao", f"doan-{n}", f"10.1.0.{n}")
            results = list(pool.map(guess, range(4 * FAILS)))
        checked = [r for r in results if r.locked_s == 0]  # those whose password was verified
        assert len(checked) <= FAILS and all(r.person is None for r in results)
        assert people.sign_in("lanhdao", PASSWORD, "10.2.0.1").locked_s > 0  # locked, even to the right one
    finally:
        people.close()


def test_a_refused_field_changes_nothing_and_what_is_applied_is_audited(served):
    admin = served.people.sign_in("quantri", PASSWORD, "10.0.0.2")
    status, doc = served.call("PATCH", "/people/lanhdao", {"role": "administrator", "password": "ngan"},
                              session=admin)
    assert status == 400 and "password" in doc["error"]
    assert served.people.get("lanhdao").role == "leader"  # the role stays as it was
    assert served.people.sign_in("lanhdao", PASSWORD, "10.0.0.3").person is not None
    status, doc = served.call("PATCH", "/people/lanhdao", {"name": "Tên Mới", "unlock": "yes"}, session=admin)
    assert status == 400 and "unlock" in doc["error"] and served.people.get("lanhdao").name == "Nguyễn Văn Lãnh"
    assert not served.steps("change_person")

    status, doc = served.call("PATCH", "/people/lanhdao", {"role": "operator", "password": "mat-khau-moi-dai-1"},
                              session=admin)
    assert status == 200 and doc["role"] == "operator"
    (step,) = served.steps("change_person")
    assert step["login"] == "lanhdao" and step["fields"] == ["role"] and step["password"] == "changed"
    assert "mat-khau-moi-dai-1" not in served.audit.export(0).decode()


def test_a_password_change_counts_by_the_real_address_and_opens_no_session(served):
    leader = served.people.sign_in("lanhdao", PASSWORD, "198.51.100.1")
    operator = served.people.sign_in("vanhanh", PASSWORD, "198.51.100.2")
    sessions = served.people.db.execute("SELECT count(*) FROM sessions").fetchone()[0]
    for _ in range(ADDRESS_FAILS):  # a leader mistyping over and over, from their own phone
        status, _doc = served.call("POST", "/me/password", {"old": "go-sai-mat-khau", "new": "mat-khau-moi-dai-1"},
                                   "198.51.100.1", session=leader)
        assert status in (403, 429)
    assert status == 429  # their own login (and address) locked, as a sign-in would be
    # someone else, from another address, is not locked out by them
    status, doc = served.call("POST", "/me/password", {"old": PASSWORD, "new": "mat-khau-moi-dai-2"},
                              "198.51.100.2", session=operator)
    assert status == 200, doc
    assert served.people.sign_in("vanhanh", "mat-khau-moi-dai-2", "198.51.100.3").person is not None
    # checking a password opened no session (the operator's ended with the change; one opened just above)
    left = served.people.db.execute("SELECT login FROM sessions").fetchall()
    assert sorted(r[0] for r in left) == ["lanhdao", "vanhanh"] and len(left) <= sessions


def test_an_administrator_lifts_an_address_lock(served):
    office = "192.0.2.50"  # one office's NAT: every leader there shares it
    for n in range(ADDRESS_FAILS):
        served.call("POST", "/session", {"login": f"ai-do-{n}", "password": "x"}, office)
    assert served.call("POST", "/session", {"login": "lanhdao", "password": PASSWORD}, office)[0] == 429
    admin = served.people.sign_in("quantri", PASSWORD, "10.0.0.2")
    leader = served.people.sign_in("lanhdao", PASSWORD, "10.0.0.3")
    status, doc = served.call("GET", "/locks", session=admin)
    assert status == 200
    assert [(lk["key"], lk["name"]) for lk in doc["locks"] if lk["kind"] == "address"] == [(f"address:{office}",
                                                                                            office)]
    assert served.call("GET", "/locks", session=leader)[0] == 403
    assert served.call("DELETE", f"/locks/address:{office}", session=leader)[0] == 403
    assert served.call("DELETE", f"/locks/address:{office}", session=admin)[0] == 200
    assert served.call("DELETE", f"/locks/address:{office}", session=admin)[0] == 404  # nothing locked now
    assert served.call("POST", "/session", {"login": "lanhdao", "password": PASSWORD}, office)[0] == 200
    assert [e["lock"] for e in served.steps("unlock")] == [f"address:{office}"]


def _events(session: requests.Session, url: str):
    """The lines of GET /events as they come (the connection ends: the iteration ends), read past the first
    event (the state)."""
    r = session.get(url + "/events", stream=True, timeout=(5, 20))
    assert r.status_code == 200
    lines = r.iter_lines(decode_unicode=True)
    state = False
    for line in lines:  # (a read waits 20 s at most: a stream that says nothing fails the test)
        state = state or line.startswith("event: state")
        if state and line == "":
            break
    return r, lines


def _rest(r, lines, within: float = 10.0) -> list[str]:
    """The stream's lines until the hub ends it; one still open after ``within`` seconds (keep-alives would hold
    a read forever) is closed here and fails the test."""
    got: list[str] = []
    reader = threading.Thread(target=_read, args=(lines, got), daemon=True)
    reader.start()
    reader.join(within)
    if reader.is_alive():
        r.close()
        reader.join(5)
        pytest.fail(f"the event stream was still open after {within:g} s: {got}")
    return got


def _read(lines, got: list[str]) -> None:
    with contextlib.suppress(Exception):  # (closed by _rest: the read ends with an error)
        for line in lines:
            got.append(line)


@pytest.mark.parametrize("how", ["sign_out", "disable"])
def test_a_signed_out_or_disabled_persons_event_stream_ends(served, how):
    phone = signed_in(served.url, "lanhdao")
    r, lines = _events(phone, served.url)
    with contextlib.closing(r):
        if how == "sign_out":
            other = requests.Session()
            other.cookies.update(phone.cookies)
            assert other.delete(served.url + "/session", headers={CSRF_HEADER: phone.headers[CSRF_HEADER]},
                                timeout=10).status_code == 200
        else:
            admin = signed_in(served.url, "quantri")
            assert admin.patch(served.url + "/people/lanhdao", json={"disabled": True}, timeout=10).status_code == 200
        served.api.bus.publish("alert", {"event": "raised", "alert": {"id": "bi-mat"}})
        rest = _rest(r, lines)  # ends: the stream is closed by the hub
    assert not any("bi-mat" in line for line in rest)


def test_a_signed_out_stream_ends_at_its_next_keepalive(served, monkeypatch):
    monkeypatch.setattr(server_module, "KEEPALIVE_S", 0.5)
    phone = signed_in(served.url, "lanhdao")
    r, lines = _events(phone, served.url)
    with contextlib.closing(r):
        served.people.end_sessions("lanhdao")
        rest = _rest(r, lines, 5.0)
    assert all(line in ("", ": keepalive") for line in rest)


def test_a_slow_people_store_never_holds_the_servers_loop(served):
    """A session's lookup waits for the people's store (held here, as a password's hashing once held it): a
    machine's request and a new event stream are answered meanwhile."""
    phone, phone2 = signed_in(served.url, "lanhdao"), requests.Session()
    phone2.cookies.update(phone.cookies)
    viewer = {"Authorization": f"Bearer {served.tokens.token('viewer')}"}
    with ThreadPoolExecutor(2) as pool:
        with served.people._lock:  # (a test's hold: a real one lasts as long as SQLite or a hash takes)
            waiting = pool.submit(phone.get, served.url + "/readings", timeout=30)
            stream = pool.submit(phone2.get, served.url + "/events", stream=True, timeout=30)
            r = requests.get(served.url + "/hub", headers=viewer, timeout=5)  # old code: the loop stuck, timed out
            assert r.status_code == 200 and r.json()["name"] == "hub-test"
            assert not waiting.done()
        assert waiting.result(30).json() == {"readings": []}
        with contextlib.closing(stream.result(30)) as s:
            assert s.status_code == 200


def test_a_password_being_hashed_does_not_hold_the_sessions(tmp_path):
    entered, release = threading.Event(), threading.Event()

    class Gated(PasswordHasher):
        def hash(self, password, *, salt=None):  # noqa: D401 - the library's own signature
            if password == "mat-khau-dang-bam-1":
                entered.set()
                release.wait(30)
            return super().hash(password, salt=salt)

    people = People(tmp_path / "people.sqlite", hasher=Gated())
    try:
        people.add("lanhdao", "Nguyễn Văn Lãnh", "leader", PASSWORD)
        signed = people.sign_in("lanhdao", PASSWORD, "10.0.0.1")
        people._sessions.clear()  # the next lookup reads the file (as it does each minute)
        with ThreadPoolExecutor(3) as pool:
            adding = pool.submit(people.add, "moi", "Người Mới", "leader", "mat-khau-dang-bam-1")
            assert entered.wait(10)
            looked = pool.submit(people.session, signed.session_id)
            assert looked.result(5)[1].login == "lanhdao"  # old code: waited for the hash
            changing = pool.submit(people.set_password, "lanhdao", "mat-khau-dang-bam-1")
            assert pool.submit(people.get, "lanhdao").result(5).name == "Nguyễn Văn Lãnh"
            release.set()
            adding.result(30), changing.result(30)
        assert people.sign_in("moi", "mat-khau-dang-bam-1").person is not None
    finally:
        release.set()
        people.close()


def test_the_sign_in_takes_a_small_body_and_only_the_upload_a_large_one(served):
    big = b'{"login": "lanhdao", "password": "' + b"x" * (MAX_BODY + 10) + b'"}'
    r = requests.post(served.url + "/session", data=big, headers={"Content-Type": "application/json"}, timeout=10)
    assert r.status_code == 413 and str(MAX_BODY) in r.json()["error"]
    upload = requests.post(served.url + "/entry/upload?sector=ktxh&period=2026-11", data=b"x" * (1024 * 1024),
                           headers={"Content-Type": "application/json"}, timeout=10)
    assert upload.status_code == 401  # read whole (up to 2 MiB), then refused for want of a session
    assert served.api.body_limit("PATCH", "/api/v1/people/lanhdao") == MAX_BODY
