"""How a source proves who it is: a static token, an API key, basic auth, an OAuth 2.0 client-credentials token
(an LGSP on WSO2 API Manager) or a token got by logging in (Wazuh). Qt-free.

    "auth": {"kind": "bearer", "token": {"env": "IGATE_TOKEN"}}
    "auth": {"kind": "api_key", "header": "apikey", "key": {"secret": "lgsp-apikey"}}          # or "query": "api_key"
    "auth": {"kind": "api_key", "header": "Authorization", "key": {"secret": "ckan-key"}}      # CKAN's API key
    "auth": {"kind": "basic", "user": "ioc", "password": {"secret": "camera-pw"}}
    "auth": {"kind": "oauth2_client_credentials", "token_url": "https://lgsp.tinh.gov.vn/token",
             "client_id": {"env": "LGSP_KEY"}, "client_secret": {"secret": "lgsp-secret"}, "scope": "hcc",
             "client_auth": "basic"}                                                         # or "body"
    "auth": {"kind": "login", "url": "https://wazuh:55000/security/user/authenticate",
             "user": "wazuh-wui", "password": {"secret": "wazuh"}}      # token at data.token, 900 s (Wazuh's)

Secrets are references (ioc_core/sources/secrets.py), read when a request needs them. A fetched token is kept until it
nears its end (less than 60 s or a tenth of its life left, and at most half its life used up for short ones) and
renewed once after a 401, so an expired or revoked token heals without a restart; one lock per source, so two
workers never fetch two tokens at once. Token requests go through ``send`` under the fetch's own deadline.
"""

from __future__ import annotations

import base64
import logging
import threading
import time
from collections.abc import Callable
from contextlib import contextmanager
from urllib.parse import parse_qsl

import jmespath
import jmespath.exceptions
import requests
from oauthlib.oauth2 import BackendApplicationClient
from oauthlib.oauth2.rfc6749.errors import OAuth2Error

from ioc_core.problems import errors
from ioc_core.redact import secret_param
from ioc_core.sources.base import SourceFormatError, SourceHTTPError, SourceTimeout, _host
from ioc_core.sources.request import MB, RequestSpec, read_method, send, time_left, url_problem
from ioc_core.sources.secrets import Credential, SecretRef, Secrets, reveal
from ioc_core.sources.spec import Spec

log = logging.getLogger(__name__)

KINDS = ("bearer", "api_key", "basic", "oauth2_client_credentials", "login")
TOKEN_BYTES = 1 * MB  # a token endpoint's answer is small; more is refused
WAZUH_LIFETIME_S = 900.0
CLIENT_REFUSALS = ("invalid_client", "unauthorized_client")


class Auth:
    """Adds credentials to a request; a kind with a token it can fetch again renews it after a 401."""

    kind = ""

    def apply(self, spec: RequestSpec, session: requests.Session) -> RequestSpec:
        """The spec with credentials added (headers or query)."""
        return spec

    def renew(self, session: requests.Session) -> bool:
        """After a 401: forget the token so the next ``apply`` gets a new one; True when a retry is worth it."""
        return False

    def __repr__(self) -> str:
        return f"<{type(self).__name__}>"  # never a credential


class BearerAuth(Auth):
    kind = "bearer"

    def __init__(self, token: SecretRef):
        self.token = token

    def apply(self, spec, session):
        return spec.merged(headers={"Authorization": f"Bearer {self.token.value()}"})


class ApiKeyAuth(Auth):
    kind = "api_key"

    def __init__(self, key: SecretRef, header: str | None = None, query: str | None = None, prefix: str = ""):
        self.key, self.header, self.query, self.prefix = key, header, query, prefix
        if query:
            secret_param(query)  # whatever its name, its value is masked wherever an address is logged

    def apply(self, spec, session):
        value = f"{self.prefix.rstrip()} {self.key.value()}" if self.prefix.strip() else self.key.value()
        if self.header:
            return spec.merged(headers={self.header: value})
        return spec.merged(query={self.query: value})


class BasicAuth(Auth):
    kind = "basic"

    def __init__(self, user: Credential, password: SecretRef):
        self.user, self.password = user, password

    def apply(self, spec, session):
        return spec.merged(headers={"Authorization": basic_header(reveal(self.user), self.password.value())})


def basic_header(user: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode("ascii")


class TokenAuth(Auth):
    """A token fetched from the system itself, kept until it nears its end and renewed once on a 401."""

    def __init__(self, clock: Callable[[], float] = time.monotonic):
        self.clock = clock
        self._lock = threading.Lock()
        self._token: str | None = None
        self._expires: float | None = None  # by ``clock``; None: until the system refuses it
        self._margin = 0.0
        self._used = threading.local()  # the token this thread sent last (a 401 renews only that one)
        self.fetches = 0  # tokens fetched (for the health view and tests)

    def apply(self, spec, session):
        with self._locked(spec):
            now = self.clock()
            if self._token is None or (self._expires is not None and self._expires - now <= self._margin):
                token, life = self.fetch(spec, session)
                self.fetches += 1
                self._token = token
                self._expires = now + life if life else None
                self._margin = min(max(60.0, 0.1 * life), 0.5 * life) if life else 0.0
                log.info("%s: new token from %s%s", self.kind, self.where,
                         f" (valid {life:g} s)" if life else "")
            token = self._token
        self._used.token = token
        return spec.merged(headers={"Authorization": f"Bearer {token}"})

    def renew(self, session):
        used = getattr(self._used, "token", None)
        with self._locked(None):
            if self._token == used:  # not renewed by another worker since this one sent it
                self._token = None
        return True

    @contextmanager
    def _locked(self, spec: RequestSpec | None):
        """The token's lock, waited for no longer than the fetch under way may still take."""
        left = time_left()
        if left is None and spec is not None:
            left = spec.deadline_s
        if not self._lock.acquire(timeout=max(0.0, left) if left is not None else -1):
            raise SourceTimeout(f"another fetch was still getting a token from {self.where}")
        try:
            yield
        finally:
            self._lock.release()

    # for the kinds
    where = ""

    def fetch(self, spec: RequestSpec, session: requests.Session) -> tuple[str, float | None]:
        """A new token and its life in seconds (None: unknown)."""
        raise NotImplementedError

    def _token_spec(self, spec: RequestSpec, url: str, **kw) -> RequestSpec:
        return RequestSpec(url, connect_s=spec.connect_s, deadline_s=spec.deadline_s,
                           max_bytes=min(spec.max_bytes, TOKEN_BYTES), **kw)


class OAuth2ClientCredentials(TokenAuth):
    """OAuth 2.0 client credentials (RFC 6749 4.4), as WSO2 API Manager's ``/token`` takes them: the application's
    consumer key and secret as basic auth (or in the body), ``grant_type=client_credentials``. The request body is
    prepared and the answer parsed by oauthlib's ``BackendApplicationClient``; the request itself goes through
    ``send`` (deadline, size limit, no redirect to another host)."""

    kind = "oauth2_client_credentials"

    def __init__(self, token_url: str, client_id: Credential, client_secret: SecretRef, scope: str | None = None,
                 client_auth: str = "basic", clock: Callable[[], float] = time.monotonic):
        super().__init__(clock)
        self.token_url, self.client_id, self.client_secret = token_url, client_id, client_secret
        self.scope, self.client_auth = scope, client_auth
        self.where = _host(token_url)

    def fetch(self, spec, session):
        client_id, secret = reveal(self.client_id), self.client_secret.value()
        client = BackendApplicationClient(client_id=client_id, scope=self.scope)
        in_body = self.client_auth == "body"
        body = client.prepare_request_body(include_client_id=in_body, client_secret=secret if in_body else None)
        headers = {"Accept": "application/json"}
        if not in_body:
            headers["Authorization"] = basic_header(client_id, secret)
        token_spec = self._token_spec(spec, self.token_url, method="POST", headers=headers, form=dict(parse_qsl(body)))
        try:
            answer = send(session, token_spec, secrets=(secret,))
        except SourceHTTPError as exc:
            try:  # the endpoint's OAuth error, worded; else the HTTP error as send worded it
                self._parse(client, getattr(exc, "body", b""), exc.status)
            except SourceHTTPError as refusal:
                raise refusal from None
            except SourceFormatError:
                pass
            raise SourceHTTPError(exc.status, f"token endpoint: {exc}") from None
        token = self._parse(client, answer.body, answer.status)
        life = token.get("expires_in")
        return token["access_token"], float(life) if isinstance(life, int | float) and life > 0 else None

    def _parse(self, client: BackendApplicationClient, body: bytes, status: int) -> dict:
        """The token oauthlib reads in the answer; ``SourceHTTPError`` wording the endpoint's refusal, or
        ``SourceFormatError`` when the answer holds neither."""
        try:
            return client.parse_request_body_response(body.decode("utf-8", "replace"), scope=self.scope)
        except Warning as w:  # oauthlib: the scope granted differs from the one asked (WSO2: "default")
            log.warning("token endpoint %s granted scope %r, asked %r", self.where, getattr(w, "new_scope", None),
                        self.scope)
            return w.token
        except OAuth2Error as exc:
            if exc.error != "missing_token":  # missing_token: no error and no token, not a token endpoint
                who = "the client" if exc.error in CLIENT_REFUSALS else "the request"
                raise SourceHTTPError(status if status >= 400 else 400,
                                      f"token endpoint refused {who}: {exc.error} ({self.where}, HTTP {status})") \
                    from None
        except Exception:  # noqa: BLE001 (oauthlib on a body that is no token answer at all: a list, HTML)
            pass
        raise SourceFormatError(f"token endpoint {self.where} answered HTTP {status} without an access token")


class LoginAuth(TokenAuth):
    """A token got by logging in: Wazuh's ``POST /security/user/authenticate`` with basic auth answers
    ``{"data": {"token": "<JWT>"}, "error": 0}``, valid 900 s; others take the user and password in a JSON or
    form body (``body`` names the fields: ``{"username": "{user}", "password": "{password}"}``)."""

    kind = "login"

    def __init__(self, url: str, user: Credential, password: SecretRef, method: str = "POST",
                 body: dict | None = None, body_as: str = "json", token: str = "data.token",
                 lifetime_s: float = WAZUH_LIFETIME_S, clock: Callable[[], float] = time.monotonic):
        super().__init__(clock)
        self.url, self.user, self.password, self.method = url, user, password, method
        self.body, self.body_as, self.lifetime_s = body, body_as, lifetime_s
        self.token_text, self.token_expr = token, jmespath.compile(token)
        self.where = _host(url)

    def fetch(self, spec, session):
        user, password = reveal(self.user), self.password.value()
        kw: dict = {"method": self.method, "headers": {"Accept": "application/json"}}
        if self.body is None:
            kw["headers"]["Authorization"] = basic_header(user, password)
        else:
            filled = _fill(self.body, user, password)
            kw["json" if self.body_as == "json" else "form"] = filled
        try:
            answer = send(session, self._token_spec(spec, self.url, **kw), secrets=(password,))
        except SourceHTTPError as exc:
            raise SourceHTTPError(exc.status, f"login refused: {exc}") from None
        try:
            doc = answer.json()
        except SourceFormatError:  # never its first bytes: a login answered in plain text is the token itself
            raise SourceFormatError(f"login answer from {self.where} is not JSON (a token is read from a JSON "
                                    f"answer, at '{self.token_text}')") from None
        token = self.token_expr.search(doc)
        if not isinstance(token, str) or not token:
            raise SourceFormatError(f"login answer from {self.where} has no token at '{self.token_text}'")
        return token, self.lifetime_s


def _fill(template, user: str, password: str):
    if isinstance(template, dict):
        return {k: _fill(v, user, password) for k, v in template.items()}
    if isinstance(template, str):
        return template.replace("{user}", user).replace("{password}", password)
    return template


# -- reading "auth" --------------------------------------------------------------------------------------------------
def read_auth(spec: Spec | None, secrets: Secrets, clock: Callable[[], float] = time.monotonic) -> Auth | None:
    """The source's ``auth`` object (None when it has none, or when it has errors: problems are added to ``spec``;
    a secret that is not set yet is a warning and the auth is kept: it fails at fetch time until it is set)."""
    if spec is None:
        return None
    kind = spec.text("kind", required=True, choices=KINDS)
    if kind is None:
        return None
    before = len(errors(spec.problems))
    auth = _READERS[kind](spec, secrets, clock)
    return auth if len(errors(spec.problems)) == before else None  # a warning (a secret not set yet) keeps it


def _bearer(spec: Spec, secrets: Secrets, clock) -> Auth | None:
    spec.known(("kind", "token"))
    token = secrets.ref(spec, "token")
    return BearerAuth(token) if token else None


def _api_key(spec: Spec, secrets: Secrets, clock) -> Auth | None:
    spec.known(("kind", "key", "header", "query", "prefix"))
    key = secrets.ref(spec, "key")
    header, query = spec.text("header"), spec.text("query")
    if (header is None) == (query is None):
        spec.problem("give the key's place: either 'header' (e.g. \"apikey\", \"Authorization\") or 'query' "
                     "(e.g. \"api_key\")")
        return None
    prefix = spec.text("prefix", "") or ""
    return ApiKeyAuth(key, header, query, prefix) if key else None


def _basic(spec: Spec, secrets: Secrets, clock) -> Auth | None:
    spec.known(("kind", "user", "password"))
    user, password = secrets.credential(spec, "user"), secrets.ref(spec, "password")
    return BasicAuth(user, password) if user and password else None


def _oauth2(spec: Spec, secrets: Secrets, clock) -> Auth | None:
    spec.known(("kind", "token_url", "client_id", "client_secret", "scope", "client_auth"))
    token_url = _url(spec, "token_url")
    client_id, client_secret = secrets.credential(spec, "client_id"), secrets.ref(spec, "client_secret")
    scope = " ".join(spec.texts("scope")) or None
    client_auth = spec.text("client_auth", "basic", choices=("basic", "body"))
    if not (token_url and client_id and client_secret):
        return None
    return OAuth2ClientCredentials(token_url, client_id, client_secret, scope, client_auth, clock)


def _login(spec: Spec, secrets: Secrets, clock) -> Auth | None:
    spec.known(("kind", "url", "method", "user", "password", "body", "body_as", "token", "lifetime_s"))
    url = _url(spec, "url")
    method = read_method(spec, "POST")
    user, password = secrets.credential(spec, "user"), secrets.ref(spec, "password")
    body = spec.raw("body")
    if body is not None:
        if not isinstance(body, dict):
            spec.problem("'body' must be an object naming the fields, e.g. "
                         "{\"username\": \"{user}\", \"password\": \"{password}\"}", "body")
        elif "{password}" not in str(body):
            spec.problem("'body' must name where the password goes: \"{password}\"", "body")
        if method != "POST":
            spec.problem("a login 'body' needs \"method\": \"POST\"", "method")
    body_as = spec.text("body_as", "json", choices=("json", "form"))
    token = spec.text("token", "data.token") or "data.token"
    try:
        jmespath.compile(token)
    except jmespath.exceptions.JMESPathError as exc:
        spec.problem(f"'token' is not a JMESPath expression: {str(exc).splitlines()[0]}", "token")
        return None
    lifetime = spec.number("lifetime_s", WAZUH_LIFETIME_S, minimum=10, maximum=7 * 86400)
    if not (url and user and password):
        return None
    return LoginAuth(url, user, password, method, body if isinstance(body, dict) else None, body_as, token,
                     lifetime, clock)


def _url(spec: Spec, key: str) -> str | None:
    url = spec.text(key, required=True)
    if url and (problem := url_problem(url, key, "give them as 'user'/'password' or secrets")):
        spec.problem(problem, key)
        return None
    return url or None


_READERS = {"bearer": _bearer, "api_key": _api_key, "basic": _basic, "oauth2_client_credentials": _oauth2,
            "login": _login}
