"""The hub's people: accounts, Argon2 passwords, sessions in cookies, CSRF, lockout, and every route checked by role
on the server (a real hub process, a real broker)."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys

import pytest
import requests

from ioc_hub.people import CSRF_HEADER, FAILS, IDLE_S, LOCK_S, People, PeopleError

from ..hubpeople import PASSWORD, people_hub, signed_in
from ..hubsite import OVERDUE
from ..waiting import until


class Clock:
    def __init__(self):
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def store(tmp_path):
    clock = Clock()
    people = People(tmp_path / "people.sqlite", clock=clock)
    people.add("lanhdao", "Nguyễn Văn Lãnh", "leader", PASSWORD)
    people.clock_ = clock
    try:
        yield people
    finally:
        people.close()


def test_a_password_is_kept_as_an_argon2id_hash_only(store, tmp_path):
    raw = (tmp_path / "people.sqlite").read_bytes()
    assert PASSWORD.encode() not in raw
    (digest,) = sqlite3.connect(tmp_path / "people.sqlite").execute("SELECT hash FROM people").fetchone()
    assert digest.startswith("$argon2id$")
    assert (tmp_path / "people.sqlite").stat().st_mode & 0o077 == 0
    assert store.sign_in("lanhdao", PASSWORD).person.name == "Nguyễn Văn Lãnh"
    assert store.sign_in("LanhDao ", PASSWORD).person is not None  # as typed on a phone


def test_repeated_failures_lock_the_login_even_against_the_right_password(store):
    for _ in range(FAILS):
        assert store.sign_in("lanhdao", "sai-mat-khau").person is None
    locked = store.sign_in("lanhdao", PASSWORD)
    assert locked.person is None and locked.locked_s == pytest.approx(LOCK_S, abs=2)
    store.clock_.now += LOCK_S + 1
    assert store.sign_in("lanhdao", PASSWORD).person is not None  # the lock ends by itself
    for _ in range(FAILS):
        store.sign_in("lanhdao", "sai")
    assert store.locked("lanhdao") > 0
    assert store.unlock("lanhdao") and store.sign_in("lanhdao", PASSWORD).person is not None


def test_an_unknown_login_is_answered_as_a_wrong_password_and_counted(store):
    unknown, wrong = store.sign_in("khong-co-ai", PASSWORD), store.sign_in("lanhdao", "sai-mat-khau")
    assert unknown == wrong  # nothing tells an account that exists from one that does not
    for _ in range(FAILS):
        store.sign_in("khong-co-ai", "x")
    assert store.sign_in("khong-co-ai", "x").locked_s > 0


def test_one_address_guessing_many_logins_is_locked(store):
    for n in range(20):
        store.sign_in(f"nguoi{n}", "x", address="10.0.0.9")
    assert store.sign_in("lanhdao", PASSWORD, address="10.0.0.9").locked_s > 0
    assert store.sign_in("lanhdao", PASSWORD, address="10.0.0.10").person is not None


def test_a_session_ends_when_idle_on_sign_out_on_a_new_password_and_on_a_role_change(store):
    s = store.sign_in("lanhdao", PASSWORD)
    assert store.session(s.session_id)[1].login == "lanhdao"
    store.clock_.now += IDLE_S + 61
    assert store.session(s.session_id) is None
    s = store.sign_in("lanhdao", PASSWORD)
    store.set_password("lanhdao", "mat-khau-moi-123")
    assert store.session(s.session_id) is None
    s = store.sign_in("lanhdao", "mat-khau-moi-123")
    store.update("lanhdao", role="operator")
    assert store.session(s.session_id) is None
    assert store.session("made-up") is None and store.session("") is None


def test_bad_accounts_are_refused_naming_the_field(store):
    with pytest.raises(PeopleError, match="password"):
        store.add("ngan", "Ngắn", "leader", "123")
    with pytest.raises(PeopleError, match="sectors"):
        store.add("nhaplieu", "Nhập", "clerk", PASSWORD)
    with pytest.raises(PeopleError, match="role"):
        store.add("vua", "Vua", "king", PASSWORD)
    with pytest.raises(PeopleError, match="login"):
        store.add("Có Dấu", "x", "leader", PASSWORD)
    with pytest.raises(PeopleError, match="exists"):
        store.add("lanhdao", "Khác", "leader", PASSWORD)
    with pytest.raises(PeopleError, match="sector"):
        store.add("nl", "Nhập", "clerk", PASSWORD, ["khong-co"], known_sectors=["ktxh"])


def test_add_person_from_the_command_line_reads_the_password_from_standard_input(tmp_path):
    cmd = [sys.executable, "-m", "ioc_hub", "add-person", "nhaplieu", "--role", "clerk", "--name", "Lê Văn Nhập",
           "--sectors", "ktxh,dulich", "--state-dir", str(tmp_path)]
    done = subprocess.run(cmd, input=PASSWORD + "\n", capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "nhaplieu added" in done.stdout and PASSWORD not in done.stdout + done.stderr
    people = People(tmp_path / "people.sqlite")
    try:
        assert people.get("nhaplieu").sectors == ("ktxh", "dulich")
        assert people.sign_in("nhaplieu", PASSWORD).person is not None
    finally:
        people.close()
    bad = subprocess.run([*cmd[:4], "nl2", "--role", "clerk", "--name", "x", "--sectors", "khong-co", "--state-dir",
                          str(tmp_path)], input=PASSWORD + "\n", capture_output=True, text=True, timeout=60)
    assert bad.returncode == 2 and "khong-co" in bad.stderr


def _alert(hub) -> str:
    return until(lambda: next((a["id"] for a in hub.call("GET", "/alerts").json()["alerts"]
                               if a["indicator"] == OVERDUE), None), 30, "the alert at the hub")


def test_a_leader_signs_in_and_acknowledges_with_the_csrf_token_only(tmp_path):
    with people_hub(tmp_path) as (hub, feed, _broker):
        feed.values["overdue"] = 200
        api = hub.api_url()
        alert_id = _alert(hub)
        r = requests.post(api + "/session", json={"login": "lanhdao", "password": PASSWORD}, timeout=10)
        assert r.status_code == 200
        cookie = r.headers["Set-Cookie"]
        assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Path=/" in cookie
        assert r.json()["person"]["name"] == "Nguyễn Văn Lãnh" and "ack" in r.json()["caps"]
        leader = signed_in(api, "lanhdao")
        assert leader.get(api + "/session", timeout=10).json()["person"]["role"] == "leader"
        assert leader.get(api + "/readings", timeout=10).status_code == 200

        # the cookie alone (what another site's page could make the phone send) changes nothing
        bare = requests.Session()
        bare.cookies.update(leader.cookies)
        refused = bare.post(f"{api}/alerts/{alert_id}/ack", json={}, timeout=10)
        assert refused.status_code == 403 and "CSRF" in refused.json()["error"]
        forged = leader.post(f"{api}/alerts/{alert_id}/ack", json={}, timeout=10,
                             headers={"Origin": "https://evil.example"})
        assert forged.status_code == 403
        assert hub.call("GET", "/alerts").json()["alerts"][0]["acknowledged_by"] is None

        done = leader.post(f"{api}/alerts/{alert_id}/ack", json={"by": "someone else"}, timeout=10)
        assert done.status_code == 200 and done.json()["by"] == "Nguyễn Văn Lãnh (lanhdao)"
        acks = [json.loads(line) for line in hub.call("GET", "/audit").text.splitlines()
                if "acknowledge_alert" in line]
        assert [a["who"] for a in acks] == ["lanhdao"]
        signs = [json.loads(line)["command"] for line in hub.call("GET", "/audit").text.splitlines()
                 if "sign_in" in line]
        assert signs and PASSWORD not in hub.call("GET", "/audit").text and PASSWORD not in hub.log

        assert leader.delete(api + "/session", timeout=10).status_code == 200
        assert leader.get(api + "/readings", timeout=10).status_code == 401


def test_each_role_does_only_its_own_and_machines_keep_their_tokens(tmp_path):
    with people_hub(tmp_path) as (hub, feed, _broker):
        feed.values["overdue"] = 200
        api = hub.api_url()
        alert_id = _alert(hub)
        clerk, leader, admin = signed_in(api, "nhaplieu-ktxh"), signed_in(api, "lanhdao"), signed_in(api, "quantri")
        no = clerk.post(f"{api}/alerts/{alert_id}/ack", json={}, timeout=10)
        assert no.status_code == 403 and "nhaplieu-ktxh" in no.json()["error"]
        assert leader.get(api + "/audit", timeout=10).status_code == 403
        assert leader.get(api + "/people", timeout=10).status_code == 403
        assert leader.post(api + "/people", json={}, timeout=10).status_code == 403
        assert requests.get(api + "/readings", timeout=10).status_code == 401
        assert hub.call("GET", "/readings", "viewer").status_code == 200  # a wall's token, as before
        assert hub.call("GET", "/people", "technician").status_code == 403  # a machine never manages people
        assert hub.call("POST", f"/alerts/{alert_id}/ack", "viewer", json={}).status_code == 403

        made = admin.post(api + "/people", json={"login": "lanhdao2", "name": "Bùi Thị Hai", "role": "leader",
                                                 "password": "mat-khau-dai-du-1"}, timeout=10)
        assert made.status_code == 201 and "hash" not in made.json()
        bad = admin.post(api + "/people", json={"login": "x y", "name": "X", "role": "leader",
                                                "password": "mat-khau-dai-du-1"}, timeout=10)
        assert bad.status_code == 400 and "login" in bad.json()["error"]
        listed = admin.get(api + "/people", timeout=10).json()["people"]
        assert {p["login"] for p in listed} >= {"lanhdao", "lanhdao2", "quantri"}
        assert "$argon2" not in json.dumps(listed)
        second = signed_in(api, "lanhdao2", "mat-khau-dai-du-1")
        assert admin.patch(api + "/people/lanhdao2", json={"disabled": True}, timeout=10).status_code == 200
        assert second.get(api + "/readings", timeout=10).status_code == 401  # disabled: signed out at once
        assert admin.delete(api + "/people/quantri", timeout=10).status_code == 409


def test_the_sign_in_locks_after_repeated_failures_and_says_when_to_retry(tmp_path):
    with people_hub(tmp_path) as (hub, _feed, _broker):
        api = hub.api_url()
        for _ in range(FAILS):
            r = requests.post(api + "/session", json={"login": "lanhdao", "password": "sai"}, timeout=10)
            assert r.status_code == 401 and r.json()["error"] == "sai tên đăng nhập hoặc mật khẩu"
        locked = requests.post(api + "/session", json={"login": "lanhdao", "password": PASSWORD}, timeout=10)
        assert locked.status_code == 429 and int(locked.headers["Retry-After"]) > 60
        assert "Set-Cookie" not in locked.headers
        forged = requests.post(api + "/session", json={"login": "vanhanh", "password": PASSWORD}, timeout=10,
                               headers={"X-IOC-Peer": "10.9.9.9"})  # a client cannot choose its address
        assert forged.status_code == 200
        admin = signed_in(api, "quantri")
        assert admin.patch(api + "/people/lanhdao", json={"unlock": True}, timeout=10).status_code == 200
        assert requests.post(api + "/session", json={"login": "lanhdao", "password": PASSWORD},
                             timeout=10).status_code == 200


def test_the_page_is_served_without_a_session_and_nothing_else_is(tmp_path):
    with people_hub(tmp_path) as (hub, _feed, _broker):
        base = hub.api_url().removesuffix("/api/v1")
        r = requests.get(base + "/", allow_redirects=False, timeout=10)
        assert r.status_code == 303 and r.headers["Location"] == "/m/"
        assert requests.get(base + "/m/%2e%2e%2fapi-tokens.json", timeout=10).status_code == 404
        assert requests.get(base + "/m/../api-tokens.json", timeout=10).status_code == 401  # (as /api-tokens.json)
        assert requests.get(base + "/api/v1/alerts", timeout=10).status_code == 401
        session = requests.Session()
        assert session.get(base + "/api/v1/session", timeout=10).status_code == 401
        assert CSRF_HEADER == "X-CSRF-Token"
