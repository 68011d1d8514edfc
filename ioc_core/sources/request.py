"""One HTTP exchange with a province's system, bounded in every way a feed can go wrong (Qt-free).

    spec = RequestSpec.read(Spec(entry["request"], file, ["sources", 3, "request"]))
    answer = send(session, spec, auth)          # Answer(status, headers, body, url); answer.json()

- A deadline for the WHOLE answer (connect, headers and body): every read on the socket waits at most the time left,
  so a system that trickles a byte a second, in its headers or its body, or accepts and never answers, is given up
  when the deadline passes (``SourceTimeout``), not after a read timeout per byte.
- A size limit: an answer announced larger is refused before it is read, one that grows larger is refused as it
  passes the limit (``SourceTooLarge``); it is never held whole.
- Redirects followed here, at most 5: to the same scheme, host and port, or to a host the source lists in
  ``redirect_hosts``; anything else (``SourceRedirectError``) names both hosts; https never goes down to http.
  Credentials (the Authorization header, what the auth added to the headers or the query, cookies) never go to
  another host, even a listed one.
- An HTTP error status words the gateway's own fault (WSO2 API Manager, CKAN, Spring, Wazuh, OAuth) in the
  ``SourceHTTPError``'s message; a 401 with an auth that can renew its token is renewed and tried once more.

The deadline is enforced under requests' transport: ``send`` mounts ``DeadlineAdapter`` on the session it is given
(the adapter behaves exactly as requests' own outside ``send``), whose connections read through ``_DeadlineIO``.
"""

from __future__ import annotations

import http.client
import io
import ipaddress
import json as jsonlib
import re
import socket
import threading
import time
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field, replace
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

import requests
import urllib3.exceptions
import urllib3.poolmanager
from requests.adapters import HTTPAdapter
from requests.structures import CaseInsensitiveDict
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

from ioc_core.problems import Severity
from ioc_core.redact import redact_text
from ioc_core.sources.base import (
    SourceConnectError,
    SourceError,
    SourceFormatError,
    SourceHTTPError,
    SourceTimeout,
    _host,
    _reason,
)
from ioc_core.sources.spec import Spec

if TYPE_CHECKING:
    from ioc_core.sources.auth import Auth

MAX_REDIRECTS = 5
MB = 1024 * 1024
ERROR_BODY_BYTES = 64 * 1024  # of an error answer, enough to word its fault
WORDED_CHARS = 160
CHUNK = 64 * 1024
# headers that hold credentials whoever set them: never sent to another host
CREDENTIAL_HEADERS = frozenset({"authorization", "proxy-authorization", "cookie"})
# header names a sources file may not give a value (a credential in the file): auth's business
_SECRET_HEADER = re.compile(r"authorization|cookie|token|secret|passw|api[-_]?key|^apikey$", re.IGNORECASE)
# query parameter and body field names that carry a credential (not "pageToken", a paging cursor)
_SECRET_FIELD = re.compile(r"^(x[-_]?)?api[-_]?key$|^((access|auth|api|id|bearer)[-_]?)?token$|^pass(word|wd)?$|^pwd$|"
                           r"^(client[-_]?)?secret$", re.IGNORECASE)


def _literal_credentials(spec: Spec, url: str, query: dict, body_json, form: dict | None) -> None:
    """A key, token or password written in the url's query, ``query`` or the body: a secret in the sources file,
    and one that a query carries into proxies' and servers' logs. It belongs in ``auth``. A warning: the source
    keeps running (a feed that worked before an upgrade goes on working), and --check says where to move it."""
    in_url = parse_qsl(urlsplit(url).query) if url else []
    for where, names in (("url", [k for k, v in in_url if v]), ("query", [k for k, v in query.items() if v]),
                         ("json", [k for k, v in body_json.items() if isinstance(v, str) and v]
                          if isinstance(body_json, dict) else []),
                         ("form", [k for k, v in (form or {}).items() if v])):
        for name in names:
            if not _SECRET_FIELD.match(name):
                continue
            if where in ("url", "query"):
                fix = f'{{"kind": "api_key", "query": "{name}", "key": {{"env": ...}}}}'
            else:
                fix = f'a log-in: {{"kind": "login", "body": {{"{name}": "{{password}}"}}, ...}}'
            at = spec if where == "url" else Spec({}, spec.file, [*spec.parts, where], spec.problems)
            at.problem(f"'{name}' in the {'query' if where == 'url' else where} is a credential written in the "
                       f"sources file: move it to 'auth' ({fix})", "url" if where == "url" else name,
                       Severity.WARNING)


class SourceTooLarge(SourceError):
    """The answer is larger than the source's ``max_bytes``; refused as it passed the limit, never held whole."""


class SourceRedirectError(SourceError):
    """A redirect to a host the source does not list, a downgrade to http, or too many redirects."""


def url_problem(url: str, key: str, credentials_go: str) -> str | None:
    """What is wrong with a settings file's address at ``key`` (not http(s), or a user name or password in it:
    ``credentials_go`` says where they belong), or None."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return f"'{key}' must be an http:// or https:// address"
    if parts.username or parts.password:
        return f"'{key}' holds a user name or password: {credentials_go}"
    return None


def read_method(spec: Spec, default: str) -> str:
    """``spec``'s "method", GET or POST (a problem and GET when it is another)."""
    method = (spec.text("method", default) or default).upper()
    if method not in ("GET", "POST"):
        spec.problem(f"'method' is '{method}'; expected GET or POST", "method")
        return "GET"
    return method


@dataclass(frozen=True)
class RequestSpec:
    """What to ask a system and the bounds of its answer."""

    url: str
    method: str = "GET"  # GET or POST
    headers: Mapping[str, str] = field(default_factory=dict)  # non-secret values (apikey etc. go in "auth")
    query: Mapping[str, str] = field(default_factory=dict)
    json: object | None = None  # a JSON body, or
    form: Mapping[str, str] | None = None  # a form body (application/x-www-form-urlencoded)
    connect_s: float = 3.0  # connect timeout
    deadline_s: float = 20.0  # the WHOLE answer: connect + headers + body
    max_bytes: int = 10 * MB  # larger answers are refused while reading
    redirect_hosts: tuple[str, ...] = ()  # other hosts a redirect may go to (same scheme+host+port always may)
    read_s: float | None = None  # an idle limit per read, shorter than the deadline (None: the deadline)

    KEYS = ("url", "method", "headers", "query", "json", "form", "connect_s", "deadline_s", "read_s", "max_bytes",
            "redirect_hosts")

    @classmethod
    def read(cls, spec: Spec, also: Iterable[str] = ()) -> RequestSpec:
        """The request settings of ``spec``'s object; problems (unknown keys but ``also``, the caller's own, wrong
        types, a credential in a header) are added to ``spec``. A spec with problems still returns (for ``--check``
        to go on); the caller raises them."""
        url = spec.text("url", "", required=True) or ""
        if url and (problem := url_problem(url, "url", "credentials go in 'auth'")):
            spec.problem(problem, "url")
        method = read_method(spec, "GET")
        headers = spec.text_map("headers")
        for name in headers:
            if _SECRET_HEADER.search(name):
                spec.problem(f"header '{name}' holds a credential: give it in 'auth' "
                             f"(e.g. {{\"kind\": \"api_key\", \"header\": \"{name}\", \"key\": {{\"env\": ...}}}})",
                             "headers")
        for name, value in headers.items():  # http.client sends names in ASCII, values in Latin-1
            odd = next((ch for ch in name if not ch.isascii()), None) or next(
                (ch for ch in value if ord(ch) > 255), None)
            if odd is not None:
                Spec({}, spec.file, [*spec.parts, "headers"], spec.problems).problem(
                    f"header '{name}' holds '{odd}', which HTTP cannot send in a header: give the system's code "
                    "for it (ASCII)", name)
        query = spec.text_map("query", scalars=True)
        body_json = spec.raw("json")
        form = spec.text_map("form", scalars=True) if spec.has("form") else None
        _literal_credentials(spec, url, query, body_json, form)
        if spec.has("json") and form is not None:
            spec.problem("give either 'json' or 'form', not both", "form")
        if (spec.has("json") or form is not None) and method != "POST":
            spec.problem("a body ('json' or 'form') needs \"method\": \"POST\"", "method")
        connect_s = spec.number("connect_s", 3.0, minimum=0.1, maximum=60)
        deadline_s = spec.number("deadline_s", 20.0, minimum=0.5, maximum=600)
        read_s = spec.number("read_s", None, minimum=0.1, maximum=600)
        max_bytes = spec.integer("max_bytes", 10 * MB, minimum=1024, maximum=500 * MB)
        hosts = tuple(h.strip().lower() for h in spec.texts("redirect_hosts") if h.strip())
        spec.known([*cls.KEYS, *also])
        return cls(url, method, headers, query, body_json, form, connect_s, deadline_s, max_bytes, hosts, read_s)

    def merged(self, query: Mapping | None = None, headers: Mapping | None = None, **changes) -> RequestSpec:
        """A copy with more query parameters or headers (paging, auth) and any field changed (``json=...``)."""
        if query:
            changes["query"] = {**self.query, **{k: str(v) for k, v in query.items()}}
        if headers:
            changes["headers"] = {**self.headers, **headers}
        return replace(self, **changes)

    @property
    def where(self) -> str:
        return _host(self.url)


@dataclass(frozen=True)
class Answer:
    status: int
    headers: Mapping[str, str]
    body: bytes
    url: str  # the final address after allowed redirects
    secrets: tuple[str, ...] = field(default=(), repr=False)  # what the auth sent: masked in what is said of it

    def json(self):
        """The body as JSON; ``SourceFormatError`` naming the host and a short snippet when it is not."""
        try:
            return jsonlib.loads(self._text())
        except (ValueError, UnicodeDecodeError):
            snippet = self.body[:60].decode("utf-8", "replace").replace("\n", " ")
            raise SourceFormatError(self.scrub(f"answer from {_host(self.url)} is not JSON: {snippet!r}")) from None

    def scrub(self, text: str) -> str:
        """``text`` (words about this answer, a snippet of it) with the credentials sent for it masked: a system
        that echoes the key it was given in an error page must not put it on the health view."""
        return redact_text(text, self.secrets)

    def _text(self):
        charset = requests.utils.get_encoding_from_headers(CaseInsensitiveDict(self.headers))
        if charset and charset.lower().replace("_", "-") not in ("utf-8", "utf8", "iso-8859-1"):
            try:  # a declared legacy code page (cp1258 ...); ISO-8859-1 is requests' default for text/*
                return self.body.decode(charset)
            except LookupError:
                pass
        return self.body  # JSON is UTF-8 (json.loads finds UTF-16/32 and a BOM by itself)


# -- the deadline under requests -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Bounds:
    deadline: float  # time.monotonic()
    budget_s: float  # the seconds the deadline stands for (for the words)
    max_raw: int  # bytes read from one answer's socket at most (headers and body, before decompression)
    where: str


_BOUNDS: ContextVar[_Bounds | None] = ContextVar("wall_source_bounds", default=None)


def time_left() -> float | None:
    """Seconds left before the deadline of the ``send`` under way in this thread (None outside one)."""
    bounds = _BOUNDS.get()
    return None if bounds is None else bounds.deadline - time.monotonic()


@contextmanager
def _bounded(deadline: float, budget_s: float, max_raw: int, where: str) -> Iterator[_Bounds]:
    outer = _BOUNDS.get()
    if outer is not None and outer.deadline < deadline:  # a token fetched inside a fetch: the earlier deadline
        deadline, budget_s = outer.deadline, outer.budget_s
    bounds = _Bounds(deadline, budget_s, max_raw, where)
    token = _BOUNDS.set(bounds)
    try:
        yield bounds
    finally:
        _BOUNDS.reset(token)


class _DeadlineIO(socket.SocketIO):
    """A socket's reader whose every read waits at most the time left (and the idle limit), counting the bytes."""

    def __init__(self, sock: socket.socket, bounds: _Bounds):
        super().__init__(sock, "rb")
        self._bounds = bounds
        self._idle = sock.gettimeout()  # urllib3 set it to the read timeout just before the answer is read
        self._count = 0

    def readinto(self, b) -> int:
        left = self._bounds.deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError("timed out")  # as the socket says it: urllib3 makes it a read timeout
        self._sock.settimeout(left if self._idle is None else min(self._idle, left))
        n = super().readinto(b)
        if n:
            self._count += n
            if self._count > self._bounds.max_raw:
                raise SourceTooLarge(f"answer from {self._bounds.where} is larger than "
                                     f"{_size(self._bounds.max_raw)} (limit max_bytes)")
        return n


class _DeadlineSocket:
    """What ``http.client.HTTPResponse`` is given instead of the socket: only ``makefile`` is called on it."""

    def __init__(self, sock, bounds: _Bounds):
        self._sock, self._bounds = sock, bounds

    def makefile(self, mode="rb", *args, **kwargs):
        if not isinstance(self._sock, socket.socket):  # urllib3's TLS-in-TLS transport: read as it is
            return self._sock.makefile(mode, *args, **kwargs)
        self._sock._io_refs += 1  # as socket.makefile counts its readers (SocketIO.close gives it back)
        return io.BufferedReader(_DeadlineIO(self._sock, self._bounds), io.DEFAULT_BUFFER_SIZE)


class _DeadlineResponse(http.client.HTTPResponse):
    def __init__(self, sock, *args, **kwargs):
        bounds = _BOUNDS.get()
        super().__init__(sock if bounds is None else _DeadlineSocket(sock, bounds), *args, **kwargs)


def _lookup_within(host: str, port: int, left: float) -> list:
    """``socket.getaddrinfo`` waited for at most ``left`` seconds: a resolver whose DNS server went away answers
    after its own timeouts (5 s a try, twice, for each server), long past a fetch's deadline. The lookup goes on in
    its daemon thread until the resolver gives up; the fetch does not wait for it."""
    done, out = threading.Event(), {}

    def run():
        try:
            out["infos"] = socket.getaddrinfo(host, port, 0, socket.SOCK_STREAM)
        except BaseException as exc:  # noqa: BLE001 (handed to the waiting thread as it is)
            out["error"] = exc
        finally:
            done.set()

    threading.Thread(target=run, name=f"dns-{host}"[:40], daemon=True).start()
    if not done.wait(max(0.0, left)):
        raise TimeoutError(f"no address for {host} within {left:.1f} s")
    if "error" in out:
        raise out["error"]
    return out["infos"]


class _BoundedLookup:
    """A connection whose name lookup ends by the deadline of the ``send`` under way, and whose TLS handshake is
    given what is left of it once the TCP connect (bounded by the connect timeout) is done."""

    def _new_conn(self):
        bounds = _BOUNDS.get()
        sock = self._connect_within(bounds)
        if bounds is not None:  # the TLS handshake and the request's sending get what is left, not a new timeout
            left = bounds.deadline - time.monotonic()
            if left <= 0:
                sock.close()
                raise urllib3.exceptions.ConnectTimeoutError(self, f"Connection to {self.host} timed out")
            current = sock.gettimeout()
            sock.settimeout(left if current is None else min(current, left))
        return sock

    def _connect_within(self, bounds):
        host = self._dns_host
        if bounds is None or _is_address(host):
            return super()._new_conn()
        try:
            infos = _lookup_within(host, self.port, bounds.deadline - time.monotonic())
        except TimeoutError:
            raise urllib3.exceptions.ConnectTimeoutError(self, f"Connection to {self.host} timed out (name lookup)") \
                from None
        except socket.gaierror as exc:
            raise urllib3.exceptions.NameResolutionError(self.host, self, exc) from exc
        error: Exception | None = None
        for *_kind, address in infos:  # each address as urllib3 tries them (an IPv6 that never answers, then the
            if error is not None and time.monotonic() >= bounds.deadline:  # IPv4 that does), the lookup done
                break
            self._dns_host = address[0]
            try:
                return super()._new_conn()
            except (urllib3.exceptions.ConnectTimeoutError, urllib3.exceptions.NewConnectionError) as exc:
                error = exc
            finally:
                self._dns_host = host
        raise error or urllib3.exceptions.NewConnectionError(self, f"no address for {self.host}")


def _is_address(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return True


class _Connection(_BoundedLookup, HTTPConnection):
    response_class = _DeadlineResponse


class _TLSConnection(_BoundedLookup, HTTPSConnection):
    response_class = _DeadlineResponse


class _Pool(HTTPConnectionPool):
    ConnectionCls = _Connection


class _TLSPool(HTTPSConnectionPool):
    ConnectionCls = _TLSConnection


_POOLS = {"http": _Pool, "https": _TLSPool}


class DeadlineAdapter(HTTPAdapter):
    """requests' adapter whose answers are read through ``_DeadlineIO`` while a ``send`` is under way."""

    def init_poolmanager(self, *args, **kwargs):
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = _POOLS

    def proxy_manager_for(self, proxy, **proxy_kwargs):
        manager = super().proxy_manager_for(proxy, **proxy_kwargs)
        if manager.pool_classes_by_scheme is urllib3.poolmanager.pool_classes_by_scheme:  # not SOCKS (its own)
            manager.pool_classes_by_scheme = _POOLS
        return manager


_MOUNT_LOCK = threading.Lock()


def _ensure_adapter(session: requests.Session) -> None:
    """Mount ``DeadlineAdapter`` where the session has requests' plain adapter (one a caller mounted is kept: its
    answers are then bounded between chunks only)."""
    with _MOUNT_LOCK:
        for prefix in ("https://", "http://"):
            current = session.adapters.get(prefix)
            if current is None or type(current) is HTTPAdapter:
                session.mount(prefix, DeadlineAdapter())
                if current is not None:
                    current.close()


# -- send ------------------------------------------------------------------------------------------------------------
def send(session: requests.Session, spec: RequestSpec, auth: Auth | None = None,
         secrets: Iterable[str] = ()) -> Answer:
    """Ask ``spec.url`` within ``spec``'s bounds, with ``auth``'s credentials; ``SourceError`` subclasses on failure.

    ``secrets``: texts the request carries in its body (a token request's password or client secret), masked in any
    error text an echoing server sends back, as the auth's headers and query values are.
    Inside another ``send`` (a token fetched for a fetch) the earlier of the two deadlines holds."""
    start = time.monotonic()
    with _bounded(start + spec.deadline_s, spec.deadline_s, spec.max_bytes + 256 * 1024, spec.where) as bounds:
        applied = auth.apply(spec, session) if auth is not None else spec
        try:
            return _exchange(session, spec, applied, bounds, secrets)
        except SourceHTTPError as exc:
            if exc.status != 401 or auth is None or not auth.renew(session):
                raise
        return _exchange(session, spec, auth.apply(spec, session), bounds, secrets)


def _exchange(session: requests.Session, spec: RequestSpec, applied: RequestSpec, bounds: _Bounds,
              extra_secrets: Iterable[str] = ()) -> Answer:
    """One request and its allowed redirects. ``spec`` is as configured, ``applied`` with the auth's credentials."""
    _ensure_adapter(session)
    secret_headers = {k.lower() for k, v in applied.headers.items() if spec.headers.get(k) != v}
    secret_params = {k for k, v in applied.query.items() if spec.query.get(k) != v}
    secrets = _secret_values(applied, secret_headers, secret_params, extra_secrets)
    origin = _origin(applied.url)
    allowed = set(applied.redirect_hosts)
    method, url, query, headers = applied.method, applied.url, dict(applied.query), dict(applied.headers)
    body_json, form = applied.json, applied.form
    stripped = False  # credentials left behind once the exchange went to another host
    for hop in range(MAX_REDIRECTS + 1):
        resp = _open(session, applied, method, url, query, headers, body_json, form, bounds, stripped)
        try:
            where = _host(resp.url or url)
            location = resp.headers.get("Location")
            if resp.status_code in (301, 302, 303, 307, 308) and location:
                try:
                    target = urljoin(resp.url or url, location)
                    _check_redirect(resp.url or url, target, origin, allowed, hop, spec)
                    moved = _origin(target) != origin
                except ValueError:  # "http://[::1", a port past 65535: no address at all
                    raise SourceRedirectError(f"{where} redirected to an address that cannot be read: refused") \
                        from None
                if moved and not stripped:
                    stripped = True
                    headers = {k: v for k, v in headers.items()
                               if k.lower() not in secret_headers and k.lower() not in CREDENTIAL_HEADERS}
                if stripped:
                    target = _without_params(target, secret_params)
                if resp.status_code == 303 or (resp.status_code in (301, 302) and method == "POST"):
                    method, body_json, form = "GET", None, None  # as browsers and requests do
                url, query = target, {}  # the new address carries its own query
                continue
            if resp.status_code >= 400:
                raw = _read(resp, ERROR_BODY_BYTES, bounds, where, truncate=True)
                raise _http_error(resp.status_code, resp.reason, resp.headers, raw, where, secrets)
            body = _read(resp, applied.max_bytes, bounds, where)
            return Answer(resp.status_code, CaseInsensitiveDict(resp.headers), body, resp.url or url, tuple(secrets))
        finally:
            resp.close()
    raise AssertionError("unreachable: _check_redirect stops the loop")  # pragma: no cover


def _open(session, spec: RequestSpec, method, url, query, headers, body_json, form, bounds: _Bounds, stripped: bool):
    where = _host(url)
    left = bounds.deadline - time.monotonic()
    if left <= 0:
        raise SourceTimeout(f"no complete answer within {bounds.budget_s:g} s from {where}")
    connect = min(spec.connect_s, left)
    read = min(spec.read_s, left) if spec.read_s else left
    request = requests.Request(method, url, headers=headers, params=query or None, json=body_json, data=form)
    try:
        prepared = session.prepare_request(request)
        if stripped:  # the session's own (default headers, a netrc entry, its cookie jar) stay behind too
            for name in list(prepared.headers):
                if name.lower() in CREDENTIAL_HEADERS:
                    del prepared.headers[name]
        settings = session.merge_environment_settings(prepared.url, {}, True, None, None)  # stream=True
        token = _BOUNDS.set(replace(bounds, where=where))
        try:
            return session.send(prepared, timeout=(connect, read), allow_redirects=False, **settings)
        finally:
            _BOUNDS.reset(token)
    except SourceError:
        raise
    except requests.exceptions.RequestException as exc:
        raise transport_error(exc, where, connect, spec.read_s, bounds) from None
    except UnicodeEncodeError:  # never the text itself: it may be a credential
        raise SourceError(f"request to {where} failed: a header (or a credential) holds a letter HTTP cannot send "
                          "in a header") from None
    except ValueError:  # requests reading a redirect's Location that is not UTF-8, or no address at all
        raise SourceRedirectError(f"{where} answered with headers that cannot be read (a redirect to no "
                                  "address?): refused") from None


def transport_error(exc: Exception, where: str, connect_s: float, read_s: float | None,
                    bounds: _Bounds) -> SourceError:
    """A requests failure as the typed error the health view shows: host and path, never the query."""
    past = time.monotonic() >= bounds.deadline - 0.05
    if isinstance(exc, requests.exceptions.ConnectTimeout):
        if past:
            return SourceTimeout(f"no complete answer within {bounds.budget_s:g} s from {where}")
        return SourceTimeout(f"no connection within {connect_s:g} s to {where}")
    read_timeout = isinstance(exc, requests.exceptions.ReadTimeout) or "Read timed out" in str(exc)
    if read_timeout or (past and isinstance(exc, requests.ConnectionError)):
        if past or not read_s:
            return SourceTimeout(f"no complete answer within {bounds.budget_s:g} s from {where}")
        return SourceTimeout(f"no answer within {read_s:g} s from {where}")
    if isinstance(exc, requests.exceptions.SSLError):
        text = str(exc)
        why = ("certificate not trusted" if "CERTIFICATE_VERIFY_FAILED" in text
               else "certificate does not match the host" if "match" in text.lower() else "TLS handshake failed")
        return SourceConnectError(f"cannot connect to {where}: {why}")
    if isinstance(exc, requests.exceptions.ChunkedEncodingError | requests.exceptions.ContentDecodingError):
        return SourceConnectError(f"answer from {where} was cut off or garbled ({type(exc).__name__})")
    if isinstance(exc, requests.exceptions.ConnectionError):
        return SourceConnectError(f"cannot connect to {where}: {_reason(exc)}")
    return SourceError(f"request to {where} failed: {type(exc).__name__}")


def _read(resp: requests.Response, limit: int, bounds: _Bounds, where: str, truncate: bool = False) -> bytes:
    """The body, at most ``limit`` bytes (decompressed); over it: ``SourceTooLarge`` (or cut, ``truncate``)."""
    announced = resp.headers.get("Content-Length", "")
    if not truncate and announced.strip().isdigit() and int(announced) > limit:
        raise SourceTooLarge(f"answer from {where} is larger than {_size(limit)} (limit max_bytes): "
                             f"it announces {_size(int(announced))}")
    buf = bytearray()
    try:
        for chunk in resp.iter_content(CHUNK):
            if len(buf) + len(chunk) > limit:
                if truncate:
                    buf += chunk[:limit - len(buf)]
                    break
                raise SourceTooLarge(f"answer from {where} is larger than {_size(limit)} (limit max_bytes)")
            buf += chunk
            if time.monotonic() > bounds.deadline:
                raise SourceTimeout(f"no complete answer within {bounds.budget_s:g} s from {where}")
    except SourceError:
        raise
    except requests.exceptions.RequestException as exc:
        if truncate:
            return bytes(buf)  # an error answer cut short still says its status
        raise transport_error(exc, where, 0, None, bounds) from None
    return bytes(buf)


def _size(n: int) -> str:
    return f"{n / MB:.1f}".removesuffix(".0") + " MB" if n >= MB else f"{n} bytes"


def _origin(url: str) -> tuple[str, str, int]:
    parts = urlsplit(url)
    return (parts.scheme, (parts.hostname or "").lower(), parts.port or (443 if parts.scheme == "https" else 80))


def _check_redirect(current: str, target: str, origin, allowed: set[str], hop: int, spec: RequestSpec) -> None:
    here, there = urlsplit(current), urlsplit(target)
    if there.scheme not in ("http", "https") or not there.hostname:
        raise SourceRedirectError(f"{_host(current)} redirected to a {there.scheme or 'relative'} address: refused")
    if here.scheme == "https" and there.scheme == "http":
        raise SourceRedirectError(f"{_host(current)} redirected from https to http ({_host(target)}): refused")
    if hop >= MAX_REDIRECTS:
        raise SourceRedirectError(f"more than {MAX_REDIRECTS} redirects from {spec.where}")
    if _origin(target) == origin:
        return
    host = there.hostname.lower()
    if host not in allowed and f"{host}:{_origin(target)[2]}" not in allowed:
        if here.scheme == "http" and there.scheme == "https" and host == (here.hostname or "").lower():
            raise SourceRedirectError(f"{_host(current)} moved to https: give 'url' as "
                                      f"{urlunsplit(there._replace(query='', fragment=''))} (the credentials "
                                      "are then sent over https only)")
        raise SourceRedirectError(f"{_host(current)} redirected to another host, {_host(target)}: refused "
                                  f"(a host the source trusts goes in 'redirect_hosts')")


def _without_params(url: str, names: set[str]) -> str:
    if not names:
        return url
    parts = urlsplit(url)
    kept = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k not in names]
    return urlunsplit(parts._replace(query=urlencode(kept)))


def _secret_values(applied: RequestSpec, headers: set[str], params: set[str], extra: Iterable[str] = ()) -> list[str]:
    """The credential texts the auth added (to take out of any error text an echoing server sends back)."""
    out = [v for v in extra if isinstance(v, str)]
    for name, value in applied.headers.items():
        if name.lower() in headers or name.lower() in CREDENTIAL_HEADERS:
            out += [value, value.rsplit(" ", 1)[-1]]
    out += [applied.query[k] for k in params]
    return list({v for v in out if len(v) >= 4})  # redact_text masks the longest first


# -- HTTP errors in the gateway's own words --------------------------------------------------------------------------
WSO2_CODES = {
    "900900": "unclassified authentication failure",
    "900901": "invalid credentials (the token is unknown or expired)",
    "900902": "missing credentials (no token sent)",
    "900903": "the access token has expired",
    "900904": "the access token is inactive",
    "900905": "incorrect access token type",
    "900906": "no matching resource in the API (check the address)",
    "900907": "the API is blocked",
    "900908": "resource forbidden (is the application subscribed to this API?)",
    "900909": "the subscription to the API is inactive",
    "900910": "the access token does not allow this resource (scope)",
}


def _http_error(status: int, reason: str, headers, body: bytes, where: str, secrets: list[str]) -> SourceHTTPError:
    detail = word_fault(body)
    retry = retry_after_s(headers.get("Retry-After")) if status in (429, 503) else None
    if status == 429:
        detail = "rate limited" + (f" (retry after {retry:g} s)" if retry is not None else "") + (
            f": {detail}" if detail else "")
    if detail:
        detail = redact_text(detail, secrets)
        if len(detail) > WORDED_CHARS:
            detail = detail[:WORDED_CHARS - 1].rstrip() + "…"
        message = f"HTTP {status} from {where}: {detail}"
    else:
        message = f"HTTP {status} {reason or http.client.responses.get(status, '')} from {where}".replace("  ", " ")
    exc = SourceHTTPError(status, message)
    exc.retry_after_s = retry  # for a scheduler that waits as asked
    exc.body = body  # the first 64 KB, for a caller that reads the fault itself (a token endpoint's OAuth error)
    return exc


def retry_after_s(value: str | None) -> float | None:
    """A Retry-After header's seconds (a number or an HTTP date), None when absent or unreadable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, round(when.timestamp() - time.time()))


def word_fault(body: bytes) -> str | None:
    """The fault an error answer carries, in a few words, or None when it carries none we know."""
    text = body.decode("utf-8", "replace").strip()
    if text.startswith("<"):
        return _word_xml_fault(body)
    try:
        doc = jsonlib.loads(text)
    except ValueError:
        return None
    if not isinstance(doc, dict):
        return None
    fault = doc.get("fault") if isinstance(doc.get("fault"), dict) else doc
    code = str(fault.get("code", "")).strip()
    if re.fullmatch(r"9\d{5}", code) and isinstance(fault.get("message"), str):  # WSO2 API Manager
        return _wso2(code, fault.get("message"), fault.get("description"))
    if doc.get("success") is False and isinstance(doc.get("error"), dict):  # CKAN's action API
        return _ckan(doc["error"])
    if isinstance(doc.get("title"), str) and isinstance(doc.get("detail"), str):  # Wazuh (RFC 7807 problem+json)
        return f"{doc['title']}: {doc['detail']}" if doc["detail"] else doc["title"]
    if isinstance(doc.get("status"), int) and isinstance(doc.get("error"), str) and (
            "path" in doc or "timestamp" in doc):  # Spring Boot's error page
        message = doc.get("message")
        useful = isinstance(message, str) and message.strip() and message != "No message available"
        return f"{doc['error']}: {message.strip()}" if useful else doc["error"]
    if isinstance(doc.get("error"), str) and isinstance(doc.get("error_description"), str):  # OAuth 2.0 (RFC 6749)
        return f"{doc['error']}: {doc['error_description']}"
    return None


def _wso2(code: str, message: str, description) -> str:
    meaning = WSO2_CODES.get(code)
    if meaning:
        return f"WSO2 {code} — {meaning}"
    more = f": {description}" if isinstance(description, str) and description.strip() else ""
    return f"WSO2 {code} — {message}{more}"


def _ckan(error: dict) -> str:
    kind = error.get("__type") if isinstance(error.get("__type"), str) else "error"
    message = error.get("message")
    if not isinstance(message, str) or not message.strip():  # a validation error: {field: [messages]}
        fields = [f"{k}: {'; '.join(map(str, v)) if isinstance(v, list) else v}"
                  for k, v in error.items() if k != "__type"]
        message = ", ".join(fields) or "no message"
    return f"CKAN {kind}: {message}"


def _word_xml_fault(body: bytes) -> str | None:
    """WSO2's XML fault (<ams:fault xmlns:ams="http://wso2.org/apimanager/security">, API Manager 3.x's default)."""
    if b"wso2.org/apimanager" not in body[:512]:
        return None
    import defusedxml.ElementTree as ET  # noqa: N817 (the usual name)

    try:
        root = ET.fromstring(body)
    except Exception:  # noqa: BLE001 (any malformed XML: no words then)
        return None
    values = {el.tag.rsplit("}", 1)[-1]: (el.text or "").strip() for el in root.iter()}
    code, message = values.get("code", ""), values.get("message", "")
    if re.fullmatch(r"9\d{5}", code) and message:
        return _wso2(code, message, values.get("description"))
    return None
