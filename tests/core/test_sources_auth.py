"""ioc_core/sources/auth.py and secrets.py against real servers on 127.0.0.1 answering as the systems document it: an
LGSP on WSO2 API Manager (OAuth 2.0 client credentials, fault codes 9009xx), Wazuh's login for a token, basic auth,
API keys (header, query, CKAN's Authorization); tokens that expire or are revoked heal without a restart."""

from __future__ import annotations

import base64
import contextlib
import json
import os
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import requests

from ioc_core.problems import InvalidFile, Severity
from ioc_core.sources.auth import ApiKeyAuth, BasicAuth, LoginAuth, OAuth2ClientCredentials, read_auth
from ioc_core.sources.base import SourceError, SourceFormatError, SourceHTTPError, SourceTimeout
from ioc_core.sources.request import RequestSpec, send
from ioc_core.sources.secrets import SecretRef, Secrets
from ioc_core.sources.spec import Spec

from ..fakeservers import env_ref

KEY, SECRET = "lgsp-consumer-key-01", "lgsp-consumer-secret-s3cr3t"
WAZUH_USER, WAZUH_PASSWORD = "wazuh-wui", "MatKhau.Wazuh#2026"


class Clock:
    """One clock for the gateway and the client: a token's hour passes when a test says so."""

    def __init__(self):
        self.t = 1000.0

    def __call__(self) -> float:
        return self.t


def basic(user: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


class Gateway:
    """An LGSP as WSO2 API Manager answers: ``POST /token`` (client credentials; the consumer key and secret as
    basic auth or in the body) gives ``{"access_token", "scope", "token_type", "expires_in"}``;
    ``GET /hcc/1.0/thongke`` wants a live bearer token (401 900901 otherwise) whose scopes include the resource's
    (403 900910 otherwise). Tokens expire by ``clock``; ``revoke()`` forgets them all (a gateway restart)."""

    def __init__(self, clock: Clock, expires_in: int = 3600, scopes: str = "default hcc", token_delay_s: float = 0):
        self.clock, self.expires_in, self.scopes, self.token_delay_s = clock, expires_in, scopes, token_delay_s
        self.tokens: dict[str, tuple[float, set[str]]] = {}
        self.token_requests: list[dict] = []
        self.api_answers: list[int] = []
        self.lock = threading.Lock()
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def answer(self, status: int, doc) -> None:
                body = json.dumps(doc).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_POST(self):  # noqa: N802
                form = {k: v[0] for k, v in parse_qs(self.rfile.read(int(self.headers["Content-Length"])).decode(),
                                                         keep_blank_values=True).items()}
                with outer.lock:
                    outer.token_requests.append({"form": form, "authorization": self.headers.get("Authorization")})
                if outer.token_delay_s:
                    time.sleep(outer.token_delay_s)  # a slow key manager
                by_header = self.headers.get("Authorization") == basic(KEY, SECRET)
                by_body = (form.get("client_id"), form.get("client_secret")) == (KEY, SECRET)
                if urlsplit(self.path).path != "/token":
                    return self.answer(404, {"error": "not found"})
                if not (by_header or by_body):
                    return self.answer(401, {"error_description": "A valid OAuth client could not be found for "
                                             "client_id: " + str(form.get("client_id")), "error": "invalid_client"})
                if form.get("grant_type") != "client_credentials":
                    return self.answer(400, {"error": "unsupported_grant_type",
                                             "error_description": "Unsupported grant_type value"})
                token = str(uuid.uuid4())
                granted = set((form.get("scope") or "default").split()) & set(outer.scopes.split()) or {"default"}
                with outer.lock:
                    outer.tokens[token] = (outer.clock() + outer.expires_in, granted)
                self.answer(200, {"access_token": token, "scope": " ".join(sorted(granted)), "token_type": "Bearer",
                                  "expires_in": outer.expires_in})

            def do_GET(self):  # noqa: N802
                auth = self.headers.get("Authorization") or ""
                token = auth.removeprefix("Bearer ") if auth.startswith("Bearer ") else None
                with outer.lock:
                    live = outer.tokens.get(token) if token else None
                if live is None or live[0] <= outer.clock():
                    outer.api_answers.append(401)
                    return self.answer(401, {"code": "900901", "message": "Invalid Credentials", "description":
                                             "Invalid Credentials. Make sure you have provided the correct security "
                                             "credentials"})
                if "hcc" not in live[1]:
                    outer.api_answers.append(403)
                    return self.answer(403, {"code": "900910", "message": "The access token does not allow you to "
                                             "access the requested resource", "description": "User is NOT authorized"
                                             " to access the Resource: /thongke. Scope validation failed."})
                outer.api_answers.append(200)
                self.answer(200, {"data": [{"ky": "2026-11", "ho_so": 120}]})

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()

    def revoke(self) -> None:
        with self.lock:
            self.tokens.clear()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def gateway_with(clock):
    """``gateway_with(**settings)``: a Gateway of its own settings, closed with the test."""
    made: list[Gateway] = []

    def make(**settings) -> Gateway:
        made.append(Gateway(clock, **settings))
        return made[-1]

    yield make
    for gw in made:
        gw.close()


@pytest.fixture
def gateway(gateway_with):
    return gateway_with()


@pytest.fixture
def session():
    with requests.Session() as s:
        yield s


def secrets_with(tmp_path: Path, values: dict[str, str], env: dict[str, str] | None = None) -> Secrets:
    file = tmp_path / "secrets.json"
    file.write_text(json.dumps({"schema_version": 1, "secrets": values}))
    file.chmod(0o600)
    return Secrets(file, env or {})


def oauth2(gateway: Gateway, tmp_path: Path, clock: Clock, **extra) -> OAuth2ClientCredentials:
    spec = Spec({"kind": "oauth2_client_credentials", "token_url": gateway.url + "/token",
                 "client_id": {"env": "LGSP_KEY"}, "client_secret": {"secret": "lgsp"}, **extra}, "sources.json",
                ["sources", 0, "auth"])
    auth = read_auth(spec, secrets_with(tmp_path, {"lgsp": SECRET}, {"LGSP_KEY": KEY}), clock)
    spec.raise_problems()
    return auth


def api(gateway: Gateway) -> RequestSpec:
    return RequestSpec(gateway.url + "/hcc/1.0/thongke", deadline_s=5)


# -- OAuth 2.0 client credentials (WSO2) -----------------------------------------------------------------------------
def test_client_credentials_token_is_fetched_once_and_used(gateway, tmp_path, clock, session):
    auth = oauth2(gateway, tmp_path, clock, scope="hcc")
    assert send(session, api(gateway), auth).json() == {"data": [{"ky": "2026-11", "ho_so": 120}]}
    assert send(session, api(gateway), auth).json()["data"][0]["ho_so"] == 120
    assert len(gateway.token_requests) == 1 and gateway.api_answers == [200, 200]
    first = gateway.token_requests[0]
    assert first["authorization"] == basic(KEY, SECRET)  # WSO2's default: the consumer key and secret as basic
    assert first["form"] == {"grant_type": "client_credentials", "scope": "hcc"}


def test_a_token_is_renewed_before_it_expires(gateway, tmp_path, clock, session):
    auth = oauth2(gateway, tmp_path, clock, scope="hcc")
    send(session, api(gateway), auth)
    clock.t += 3000  # 600 s left of 3600: not yet within the last tenth
    send(session, api(gateway), auth)
    assert len(gateway.token_requests) == 1
    clock.t += 300  # 300 s left: within the last tenth (360 s), renewed before the gateway would refuse it
    send(session, api(gateway), auth)
    clock.t += 3000  # the first token is long dead; the second still has 600 s
    send(session, api(gateway), auth)
    assert len(gateway.token_requests) == 2
    assert gateway.api_answers == [200, 200, 200, 200]  # never a 401 on the way


def test_a_revoked_token_is_renewed_after_one_401_and_the_fetch_retried(gateway, tmp_path, clock, session):
    auth = oauth2(gateway, tmp_path, clock, scope="hcc")
    send(session, api(gateway), auth)
    gateway.revoke()  # the gateway restarted: every token it gave is unknown now
    assert send(session, api(gateway), auth).json()["data"][0]["ho_so"] == 120  # no restart of the wall
    assert gateway.api_answers == [200, 401, 200] and len(gateway.token_requests) == 2


def test_a_token_that_expired_on_the_gateway_early_is_renewed_on_its_401(tmp_path, clock, session, gateway_with):
    gw = gateway_with(expires_in=3600)
    auth = oauth2(gw, tmp_path, clock, scope="hcc")
    send(session, api(gw), auth)
    gw.expires_in = 2
    with gw.lock:  # the gateway's token life was cut to 2 s (its administrator's change)
        gw.tokens = {t: (clock() + 2, s) for t, (_, s) in gw.tokens.items()}
    clock.t += 3
    assert send(session, api(gw), auth).json()["data"]
    assert gw.api_answers == [200, 401, 200]
    clock.t += 1.5  # the new token's 2 s: at most half its life is used before it is renewed
    send(session, api(gw), auth)
    assert gw.api_answers == [200, 401, 200, 200] and len(gw.token_requests) == 3


def test_two_workers_fetching_at_once_take_one_token(tmp_path, clock, session, gateway_with):
    gw = gateway_with(token_delay_s=0.3)
    auth = oauth2(gw, tmp_path, clock, scope="hcc")
    start = threading.Barrier(2)
    results: list = []

    def worker():
        with requests.Session() as own:  # each worker thread has its own session, as the fetcher's do
            start.wait(5)
            results.append(send(own, api(gw), auth).json())

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    assert len(results) == 2 and len(gw.token_requests) == 1 and gw.api_answers == [200, 200]


def test_a_worker_waiting_for_anothers_token_keeps_its_own_deadline(tmp_path, clock, session, gateway_with):
    gw = gateway_with(token_delay_s=2.5)
    auth = oauth2(gw, tmp_path, clock, scope="hcc")
    first = threading.Thread(target=lambda: _quiet(send, requests.Session(), api(gw), auth))
    first.start()
    deadline = time.monotonic() + 5
    while not gw.token_requests and time.monotonic() < deadline:
        threading.Event().wait(0.01)
    t0 = time.monotonic()
    with pytest.raises(SourceTimeout, match="another fetch was still getting a token from 127.0.0.1"):
        send(session, RequestSpec(gw.url + "/hcc/1.0/thongke", deadline_s=1), auth)
    assert time.monotonic() - t0 < 1.5
    first.join(10)


def _quiet(fn, *args):
    with contextlib.suppress(Exception):  # the other thread's outcome is not this test's
        fn(*args)


def test_client_secret_in_the_body(gateway, tmp_path, clock, session):
    auth = oauth2(gateway, tmp_path, clock, client_auth="body")
    with pytest.raises(SourceHTTPError, match="WSO2 900910 — the access token does not allow this resource"):
        send(session, api(gateway), auth)  # no scope asked: WSO2 grants "default", which this resource refuses
    request = gateway.token_requests[0]
    assert request["authorization"] is None
    assert request["form"] == {"grant_type": "client_credentials", "client_id": KEY, "client_secret": SECRET}


def test_a_refused_client_is_worded_without_the_secret(gateway, tmp_path, clock, session):
    spec = Spec({"kind": "oauth2_client_credentials", "token_url": gateway.url + "/token",
                 "client_id": "khong-dung", "client_secret": {"env": "WRONG"}}, "sources.json", [])
    auth = read_auth(spec, Secrets(env={"WRONG": "sai-bi-mat-xyz"}), clock)
    with pytest.raises(SourceHTTPError) as info:
        send(session, api(gateway), auth)
    assert str(info.value) == f"token endpoint refused the client: invalid_client ({gateway.url[7:]}/token, HTTP 401)"
    assert info.value.status == 401 and "sai-bi-mat-xyz" not in str(info.value)
    assert gateway.api_answers == []  # the API is not asked without a token


def test_a_token_endpoint_that_is_not_one_is_said_so(server, tmp_path, clock, session):
    server.routes["/token"] = (200, b"<html>Dang nhap</html>", "text/html")
    server.routes["/api"] = (200, {})
    auth = OAuth2ClientCredentials(server.url + "/token", KEY, env_ref("S", SECRET))
    with pytest.raises(SourceFormatError, match=r"token endpoint 127\.0\.0\.1:\d+/token answered HTTP 200 without an "
                                                r"access token"):
        send(session, RequestSpec(server.url + "/api"), auth)
    server.routes["/token"] = (503, b"<html>Bao tri</html>", "text/html")
    with pytest.raises(SourceHTTPError, match=r"token endpoint: HTTP 503 Service Unavailable from 127.0.0.1"):
        send(session, RequestSpec(server.url + "/api"), auth)


# -- Wazuh: a token got by logging in --------------------------------------------------------------------------------
class Wazuh:
    """Wazuh's server API: ``POST /security/user/authenticate`` with basic auth -> ``{"data": {"token": JWT},
    "error": 0}`` valid 900 s; ``GET /alerts`` wants ``Authorization: Bearer <JWT>`` (401 problem+json otherwise)."""

    def __init__(self, clock: Clock):
        self.clock, self.tokens, self.logins, self.api_answers = clock, {}, 0, []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def answer(self, status, doc):
                body = json.dumps(doc).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/problem+json" if status >= 400 else "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_POST(self):  # noqa: N802
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                if self.path != "/security/user/authenticate":
                    return self.answer(404, {"title": "Not Found", "detail": "404: Not Found"})
                if self.headers.get("Authorization") != basic(WAZUH_USER, WAZUH_PASSWORD):
                    return self.answer(401, {"title": "Unauthorized", "detail": "Invalid credentials"})
                outer.logins += 1
                header = base64.urlsafe_b64encode(b'{"alg":"ES512","typ":"JWT"}').rstrip(b"=").decode()
                claims = base64.urlsafe_b64encode(json.dumps({"iss": "wazuh", "exp": outer.clock() + 900}).encode())
                token = f"{header}.{claims.rstrip(b'=').decode()}.{uuid.uuid4().hex}"
                outer.tokens[token] = outer.clock() + 900
                self.answer(200, {"data": {"token": token}, "error": 0})

            def do_GET(self):  # noqa: N802
                token = (self.headers.get("Authorization") or "").removeprefix("Bearer ")
                if outer.tokens.get(token, 0) <= outer.clock():
                    outer.api_answers.append(401)
                    return self.answer(401, {"title": "Unauthorized", "detail": "Invalid token"})
                outer.api_answers.append(200)
                self.answer(200, {"data": {"affected_items": [{"rule": {"level": 12}}], "total_affected_items": 1},
                                  "error": 0})

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def wazuh(clock):
    w = Wazuh(clock)
    yield w
    w.close()


def test_wazuh_login_for_a_token_then_alerts_with_it(wazuh, clock, session):
    spec = Spec({"kind": "login", "url": wazuh.url + "/security/user/authenticate", "user": WAZUH_USER,
                 "password": {"env": "WAZUH_PASSWORD"}}, "sources.json", ["sources", 1, "auth"])
    auth = read_auth(spec, Secrets(env={"WAZUH_PASSWORD": WAZUH_PASSWORD}), clock)
    assert spec.problems == [] and isinstance(auth, LoginAuth)
    alerts = RequestSpec(wazuh.url + "/alerts", query={"limit": "500"})
    assert send(session, alerts, auth).json()["data"]["total_affected_items"] == 1
    send(session, alerts, auth)
    assert wazuh.logins == 1
    clock.t += 850  # 50 s left of Wazuh's 900: logged in again first
    send(session, alerts, auth)
    assert wazuh.logins == 2 and wazuh.api_answers == [200, 200, 200]


def test_a_wazuh_login_refused_says_so_without_the_password(wazuh, clock, session):
    auth = LoginAuth(wazuh.url + "/security/user/authenticate", WAZUH_USER,
                     env_ref("P", "sai-mat-khau-123"), clock=clock)
    with pytest.raises(SourceHTTPError) as info:
        send(session, RequestSpec(wazuh.url + "/alerts"), auth)
    assert str(info.value) == (f"login refused: HTTP 401 from {wazuh.url[7:]}/security/user/authenticate: "
                               "Unauthorized: Invalid credentials")
    assert "sai-mat-khau-123" not in str(info.value)


def test_a_login_with_a_json_body_and_a_token_elsewhere(server, session):
    server.routes["/api/auth/login"] = (200, {"result": {"accessToken": "jwt-abc-123"}})
    server.routes["/api/data"] = (200, {"ok": True})
    spec = Spec({"kind": "login", "url": server.url + "/api/auth/login", "user": {"env": "U"},
                 "password": {"env": "P"}, "body": {"username": "{user}", "password": "{password}", "app": "ioc"},
                 "token": "result.accessToken", "lifetime_s": 3600}, "s.json", [])
    auth = read_auth(spec, Secrets(env={"U": "ioc", "P": "pw-xyz"}))
    assert spec.problems == []
    send(session, RequestSpec(server.url + "/api/data"), auth)
    assert json.loads(server.bodies[0]) == {"username": "ioc", "password": "pw-xyz", "app": "ioc"}
    assert server.requests[1][2]["Authorization"] == "Bearer jwt-abc-123"


# -- static credentials ----------------------------------------------------------------------------------------------
def test_basic_api_key_header_and_query_and_ckan(server, session):
    server.routes["/x"] = (200, {})
    secrets = Secrets(env={"PW": "pw-1", "KEY": "key-2", "CKAN": "ckan-3"})
    kinds = [{"kind": "basic", "user": "ioc", "password": {"env": "PW"}},
             {"kind": "api_key", "header": "apikey", "key": {"env": "KEY"}},
             {"kind": "api_key", "query": "api_key", "key": {"env": "KEY"}},
             {"kind": "api_key", "header": "Authorization", "key": {"env": "CKAN"}},
             {"kind": "api_key", "header": "Authorization", "prefix": "Token", "key": {"env": "KEY"}},
             {"kind": "bearer", "token": {"env": "KEY"}}]
    for doc in kinds:
        spec = Spec(doc, "s.json", [])
        send(session, RequestSpec(server.url + "/x", query={"nam": "2026"}), read_auth(spec, secrets))
        assert spec.problems == []
    got = [(q, h.get("Authorization"), h.get("apikey")) for _, q, h in server.requests]
    assert got == [({"nam": "2026"}, basic("ioc", "pw-1"), None),
                   ({"nam": "2026"}, None, "key-2"),
                   ({"nam": "2026", "api_key": "key-2"}, None, None),
                   ({"nam": "2026"}, "ckan-3", None),
                   ({"nam": "2026"}, "Token key-2", None),
                   ({"nam": "2026"}, "Bearer key-2", None)]


def test_a_static_credential_refused_is_not_retried(server, session):
    server.routes["/x"] = (401, {"title": "Unauthorized", "detail": "Invalid credentials"})
    auth = BasicAuth("ioc", env_ref("PW", "pw-1"))
    with pytest.raises(SourceHTTPError, match="Unauthorized: Invalid credentials"):
        send(session, RequestSpec(server.url + "/x"), auth)
    assert len(server.requests) == 1


def test_an_api_key_in_the_query_is_never_in_a_message(session):
    from ..fakeservers import closed_port_url

    auth = ApiKeyAuth(env_ref("K", "khoa-bi-mat-42"), query="api_key")
    with pytest.raises(SourceError) as info:
        send(session, RequestSpec(closed_port_url() + "/data"), auth)
    assert "khoa-bi-mat-42" not in str(info.value) and "api_key" not in str(info.value)


# -- secrets and the "auth" settings ---------------------------------------------------------------------------------
def test_a_secret_is_read_when_needed_so_a_fix_needs_no_restart(tmp_path, server, session):
    server.routes["/x"] = (200, {})
    secrets = secrets_with(tmp_path, {"camera": "old-pw"})
    spec = Spec({"kind": "basic", "user": "ioc", "password": {"secret": "camera"}}, "s.json", [])
    auth = read_auth(spec, secrets)
    send(session, RequestSpec(server.url + "/x"), auth)
    file = tmp_path / "secrets.json"
    file.write_text(json.dumps({"schema_version": 1, "secrets": {"camera": "new-pw"}}))
    os.utime(file, ns=(time.time_ns() + 10**9, time.time_ns() + 10**9))  # a later mtime, as an edit a moment later
    send(session, RequestSpec(server.url + "/x"), auth)
    assert [h["Authorization"] for _, _, h in server.requests] == [basic("ioc", "old-pw"), basic("ioc", "new-pw")]
    file.write_text(json.dumps({"schema_version": 1, "secrets": {}}))
    os.utime(file, ns=(time.time_ns() + 2 * 10**9, time.time_ns() + 2 * 10**9))
    with pytest.raises(SourceError, match="^secret 'camera' is not set$"):
        send(session, RequestSpec(server.url + "/x"), auth)


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
def test_a_secrets_file_others_may_read_is_refused(tmp_path):
    secrets = secrets_with(tmp_path, {"lgsp": SECRET})
    (tmp_path / "secrets.json").chmod(0o644)
    spec = Spec({"kind": "bearer", "token": {"secret": "lgsp"}}, "sources.json", ["sources", 4, "auth"])
    read_auth(spec, secrets)
    [problem] = spec.problems
    assert problem.path == "$.sources[4].auth.token.secret"
    assert "may be read by others (mode 644): chmod 600" in problem.message and SECRET not in problem.message
    with pytest.raises(SourceError, match="chmod 600"):
        SecretRef("secret", "lgsp", secrets).value()


def test_auth_settings_problems_name_file_path_and_key(tmp_path):
    secrets = secrets_with(tmp_path, {"lgsp": SECRET}, {})
    cases = [
        ({"kind": "bearer", "token": "eyJhbGciOi-literal"}, "$.auth.token",
         'is a literal text: secrets never live in the sources file: use {"env": ...} or {"secret": ...}'),
        ({"kind": "bearer", "token": {"env": "KHONG_CO"}}, "$.auth.token.env",
         "environment variable KHONG_CO is not set"),
        ({"kind": "bearer", "token": {"secret": "khong-co"}}, "$.auth.token.secret",
         f"secret 'khong-co' is not in {tmp_path / 'secrets.json'}"),
        ({"kind": "bearer", "token": {"secret": "lgsp"}, "tokn": 1}, "$.auth.tokn", "unknown key 'tokn'"),
        ({"kind": "oauth2_client_credentials", "token_url": "https://gw/token", "client_id": "k",
          "client_secret": {"secret": "lgsp"}, "grant": "password"}, "$.auth.grant", "unknown key 'grant'"),
        ({"kind": "api_key", "key": {"secret": "lgsp"}}, "$.auth", "give the key's place"),
        ({"kind": "jwt"}, "$.auth.kind", "'kind' is 'jwt'; expected one of"),
        ({"kind": "login", "url": "https://w:55000/security/user/authenticate", "user": "u",
          "password": {"secret": "lgsp"}, "token": "data.[token"}, "$.auth.token", "'token' is not a JMESPath"),
    ]
    for doc, path, words in cases:
        spec = Spec(doc, "sources.json", ["auth"])
        auth = read_auth(spec, secrets)
        assert [(p.file, p.path) for p in spec.problems] == [("sources.json", path)], doc
        [problem] = spec.problems
        assert words in problem.message, (doc, problem.message)
        assert "eyJhbGciOi-literal" not in problem.message and SECRET not in problem.message
        if "is not set" in words or "is not in" in words:  # set it and the source works, no restart: a warning
            assert problem.severity is Severity.WARNING and auth is not None
            with pytest.raises(SourceError, match=r"KHONG_CO|khong-co"):
                auth.apply(RequestSpec("https://gw/x"), None)
        else:
            assert auth is None
            with pytest.raises(InvalidFile):
                spec.raise_problems()


def test_secret_refs_never_show_their_value(tmp_path):
    ref = SecretRef("secret", "lgsp", secrets_with(tmp_path, {"lgsp": SECRET}))
    auth = BasicAuth("ioc", ref)
    assert ref.value() == SECRET
    assert SECRET not in repr(ref) + str(ref) + repr(auth)


# -- review: a token or a password never reaches a message through the token request's own answer ----------------------
def test_a_login_answering_its_token_as_plain_text_never_shows_the_token(server, session):
    """Wazuh with ``?raw=true`` answers the JWT itself as text/plain: not JSON, and the message must not quote it."""
    jwt = "eyJhbGciOiJFUzUxMiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJ3YXp1aCJ9.c2VjcmV0LXNpZ25hdHVyZQ"
    server.routes["/security/user/authenticate"] = (200, jwt, "text/plain")
    server.routes["/alerts"] = (200, {"data": {}})
    auth = LoginAuth(server.url + "/security/user/authenticate?raw=true", WAZUH_USER,
                     env_ref("P", WAZUH_PASSWORD))
    with pytest.raises(SourceFormatError) as info:
        send(session, RequestSpec(server.url + "/alerts"), auth)
    assert "not JSON" in str(info.value) and "127.0.0.1" in str(info.value)
    assert jwt[:20] not in str(info.value) and "eyJ" not in str(info.value)


def test_a_token_endpoint_echoing_the_posted_password_or_secret_is_masked(server, session):
    """A Spring login (and a Keycloak-like token endpoint) that quotes what was posted in its error answer: the
    password or client secret sent in the body is masked in the health message, as a header's would be."""
    password, secret = "MatKhau.Login#77", "client-secret-echo-99"
    server.routes["/api/auth/login"] = (400, {"timestamp": "2026-12-06T10:00:00Z", "status": 400,
                                              "error": "Bad Request", "path": "/api/auth/login",
                                              "message": f"user ioc: password {password} is expired"})
    server.routes["/token"] = (400, {"error": "invalid_request",
                                     "error_description": f"client_secret {secret} is malformed"})
    server.routes["/api"] = (200, {})
    login = LoginAuth(server.url + "/api/auth/login", "ioc", env_ref("P", password),
                      body={"username": "{user}", "password": "{password}"})
    with pytest.raises(SourceHTTPError) as info:
        send(session, RequestSpec(server.url + "/api"), login)
    assert "expired" in str(info.value) and password not in str(info.value)
    oauth = OAuth2ClientCredentials(server.url + "/token", KEY, env_ref("S", secret),
                                    client_auth="body")
    server.routes["/token"] = (503, {"code": "900999", "message": "Key manager unavailable",
                                     "description": f"cannot check {secret} now"})
    with pytest.raises(SourceHTTPError) as info:
        send(session, RequestSpec(server.url + "/api"), oauth)
    assert "cannot check" in str(info.value) and secret not in str(info.value)


def test_an_api_key_in_a_query_parameter_of_any_name_stays_out_of_a_debug_log(server, session):
    """With --log-level debug, urllib3 logs every request line, query included; the wall's log filter masks the
    usual names (key, token ...) but OpenWeatherMap's key is 'appid': the auth tells the filter its name."""
    import io
    import logging

    from ioc_core.redact import LogFilter

    server.routes["/data/2.5/weather"] = (200, {"main": {"temp": 27.5}})
    out = io.StringIO()
    handler = logging.StreamHandler(out)
    handler.addFilter(LogFilter())
    urllib3_log = logging.getLogger("urllib3")
    level = urllib3_log.level
    urllib3_log.addHandler(handler)
    urllib3_log.setLevel(logging.DEBUG)
    try:
        auth = ApiKeyAuth(env_ref("OWM", "0f3a9c1e5b7d2e8f"), query="appid")
        send(session, RequestSpec(server.url + "/data/2.5/weather", query={"q": "Vinh"}), auth)
    finally:
        urllib3_log.removeHandler(handler)
        urllib3_log.setLevel(level)
    assert server.requests[0][1]["appid"] == "0f3a9c1e5b7d2e8f"  # sent
    assert "/data/2.5/weather?" in out.getvalue() and "0f3a9c1e5b7d2e8f" not in out.getvalue()  # never logged
