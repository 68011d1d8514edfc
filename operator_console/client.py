"""A wall's control API seen from a console (Qt-free): calls with short timeouts, and the event stream read on its
own thread with reconnection and catch-up (``Last-Event-ID``).

A wall served over HTTPS is reached only with its pinned certificate fingerprint (``pin``): urllib3 checks it on
every connection (``assert_fingerprint`` through the session's adapter) before a byte of the request, the token
among them, is sent. Without a pin nothing is sent to it at all (operator_console/pinning.py asks the operator
first). A plain ``http://`` address is one a person gave the console (with ``--wall`` or the add-wall dialog).
"""

from __future__ import annotations

import contextlib
import json
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import quote

import requests

from ioc_core.api.identity import fingerprint_of, normalised
from ioc_core.api.pinned import PinnedAdapter

TIMEOUT = (3.0, 10.0)  # connect, read: an unreachable wall is known within seconds
CLIENT_HEADER = "X-IOC-Client"  # this console's name on every request, percent-encoded UTF-8 (the audit log's)
NOT_PINNED = "this wall's certificate is not trusted yet: nothing was sent to it"
CHANGED = "the wall's certificate is not the one trusted: nothing was sent to it"


def presented_fingerprint(url: str, timeout: float = 3.0) -> str:
    """The fingerprint of the certificate the server at ``url`` (https) presents: a TLS handshake and nothing
    else (no request, no token). Raises OSError when it cannot be reached or speaks no TLS."""
    import ssl
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE  # only looked at, and compared with the pin or shown to the operator
    with socket.create_connection((parts.hostname, parts.port or 443), timeout=timeout) as raw, \
            context.wrap_socket(raw, server_hostname=parts.hostname) as tls:
        der = tls.getpeercert(binary_form=True)
    if not der:
        raise OSError("the server presented no certificate")
    return fingerprint_of(der)


def failure(exc: Exception) -> str:
    """Why a call did not reach the wall, for the operator: a changed certificate said as such."""
    if isinstance(exc, requests.exceptions.SSLError) and "Fingerprints did not match" in str(exc):
        return CHANGED
    return f"cannot reach the wall: {type(exc).__name__}"


@dataclass(frozen=True)
class Answer:
    """What a call came to: ``status`` 0 when the wall could not be reached (``error`` says why)."""

    status: int
    body: dict | bytes | None
    error: str = ""

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300

    def reason(self) -> str:
        """Why the call failed, in the wall's words (its status code when it gave none); "" for a success."""
        if self.error:
            return self.error
        said = (self.body.get("reason") or self.body.get("error") or "") if isinstance(self.body, dict) else ""
        return said or ("" if self.ok else f"HTTP {self.status}")


class WallClient:
    def __init__(self, base_url: str, token: str, client_name: str = "ioc-console", pin: str = ""):
        self.base = base_url.rstrip("/")
        if not self.base.endswith("/api/v1"):
            self.base += "/api/v1"
        self.token = token
        self.client_name = client_name
        self.pin = normalised(pin)
        self.secure = self.base.lower().startswith("https://")
        self._session = requests.Session()
        self._session.headers[CLIENT_HEADER] = quote(client_name, safe="")
        if self.secure and self.pin:
            self._session.verify = False  # the pin is the check (PinnedAdapter), not a certificate authority
            self._session.trust_env = False  # nor REQUESTS_CA_BUNDLE, a proxy or .netrc from the environment
            self._session.mount("https://", PinnedAdapter(self.pin))
        if self.trusted:
            self._session.headers["Authorization"] = f"Bearer {token}"

    @property
    def trusted(self) -> bool:
        """Whether anything may be sent: an https wall only with its pinned fingerprint."""
        return bool(self.pin) or not self.secure

    def close(self) -> None:
        """Its kept-alive connections closed (the wall's side then ends them too)."""
        self._session.close()

    def call(self, method: str, path: str, body: dict | None = None, params: dict | None = None) -> Answer:
        if not self.trusted:
            return Answer(0, None, NOT_PINNED)
        try:
            r = self._session.request(method, self.base + path, json=body, params=params, timeout=TIMEOUT)
        except requests.Timeout:
            return Answer(0, None, "the wall did not answer in time")
        except requests.RequestException as exc:
            return Answer(0, None, failure(exc))
        if r.headers.get("Content-Type", "").startswith("application/json"):
            try:
                return Answer(r.status_code, r.json())
            except ValueError:
                return Answer(r.status_code, None, "the wall sent malformed JSON")
        return Answer(r.status_code, r.content)

    def state(self) -> Answer:
        return self.call("GET", "/state")

    def command(self, cmd: dict, base_revision: int | None = None, force: bool = False) -> Answer:
        body = dict(cmd)
        if base_revision is not None:
            body["base_revision"] = base_revision
        if force:
            body["force"] = True
        return self.call("POST", "/commands", body)

    def snapshot(self, row: int, col: int, width: int = 480) -> Answer:
        return self.call("GET", f"/screens/{row}/{col}/snapshot", params={"width": width, "format": "jpeg"})

    def share_access(self) -> Answer:
        """The share page's and MJPEG stream's paths on the wall, carrying its viewer token (never this console's)."""
        return self.call("GET", "/share/access")

    def new_share_link(self) -> Answer:
        """A new share token on the wall (the old links stop opening); answers the new paths, as share_access."""
        return self.call("POST", "/share/access")

    def minutes(self) -> Answer:
        """The meetings' minutes the wall keeps, newest first."""
        return self.call("GET", "/minutes")

    def minutes_file(self, folder: str, name: str) -> Answer:
        """One file of a meeting's minutes as bytes, whatever its type: the JSON summary is saved as the wall wrote
        it, not decoded and written again."""
        if not self.trusted:
            return Answer(0, None, NOT_PINNED)
        try:
            r = self._session.get(f"{self.base}/minutes/{quote(folder, safe='')}/{quote(name, safe='')}",
                                  timeout=TIMEOUT)
        except requests.Timeout:
            return Answer(0, None, "the wall did not answer in time")
        except requests.RequestException as exc:
            return Answer(0, None, failure(exc))
        if not r.ok:
            return Answer(r.status_code, None, f"HTTP {r.status_code} for {folder}/{name}")
        return Answer(r.status_code, r.content)


class EventStream:
    """Reads ``/events`` on a daemon thread and hands each event to ``on_event(kind, data)``; reconnects with
    backoff after a drop and resumes from the last event seen. ``on_status(connected, why)`` reports the link."""

    def __init__(self, client: WallClient, on_event: Callable[[str, dict], None],
                 on_status: Callable[[bool, str], None]):
        self.client, self.on_event, self.on_status = client, on_event, on_status
        self.last_id: int | None = None
        self._stop = threading.Event()
        self._response = None
        self._thread = threading.Thread(target=self._run, name="wall-events", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        r = self._response
        sock = _socket_of(r) if r is not None else None
        if sock is not None:  # shut the socket: the reading thread wakes now, not at the next keep-alive
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
        self._thread.join(3)

    def _run(self) -> None:
        delay = 0.5
        while not self._stop.is_set():
            try:
                self._read()
                delay = 0.5
            except Exception as exc:
                if self._stop.is_set():
                    return
                said = failure(exc)
                self.on_status(False, said if said == CHANGED else f"{type(exc).__name__}")
            if self._stop.wait(delay):
                return
            delay = min(delay * 2, 10.0)

    def _read(self) -> None:
        if not self.client.trusted:  # nothing to a wall not trusted: said once, then waited for (the backoff)
            raise PermissionError(NOT_PINNED)
        headers = {"Accept": "text/event-stream"}  # the token and the console's name, from the client's session
        if self.last_id is not None:
            headers["Last-Event-ID"] = str(self.last_id)
        with self.client._session.get(self.client.base + "/events", headers=headers, stream=True,
                                      timeout=(3.0, 45.0), params={"client": self.client.client_name}) as r:
            self._response = r
            if r.status_code != 200:
                self.on_status(False, f"HTTP {r.status_code}")
                time.sleep(2)
                return
            self.on_status(True, "")
            for event in sse_events(r):
                if self._stop.is_set():
                    return
                self.on_event(event["kind"], event.get("data", {}))
                self.last_id = event.get("id", self.last_id)  # only once handled: a failure re-asks for it
        if not self._stop.is_set():
            self.on_status(False, "the wall closed the stream")


def _socket_of(response) -> socket.socket | None:
    """The socket under a streaming response. Closing the response from another thread waits for the reader's
    lock (up to the next keep-alive); shutting the socket wakes the reader at once. http.client hands the socket
    from the connection to the response once the body streams, so both places are looked at."""
    for path in (("raw", "connection", "sock"), ("raw", "_fp", "fp", "raw", "_sock")):
        obj = response
        for name in path:
            obj = getattr(obj, name, None)
        if isinstance(obj, socket.socket):
            return obj
    return None


def sse_lines(response):
    """The lines of an event stream as they arrive. ``iter_lines`` waits to fill its chunk (an event would sit in
    the buffer until the next one); reading byte by byte costs a Python call per byte (measured: 20 consoles on
    one PC fell 1.5 s behind). ``read1`` returns whatever the socket has."""
    raw = response.raw
    if not hasattr(raw, "read1"):
        yield from response.iter_lines(chunk_size=1, decode_unicode=True)
        return
    buf = b""
    while True:
        chunk = raw.read1(65536)
        if not chunk:
            return
        buf += chunk
        *lines, buf = buf.split(b"\n")
        for line in lines:
            yield line.rstrip(b"\r").decode("utf-8")


def sse_events(response):
    """The events of a server-sent-events stream as they arrive: dicts with ``kind`` and, when sent, ``id`` and
    ``data`` (decoded JSON). Comment lines (keep-alives) are skipped."""
    event: dict = {}
    for line in sse_lines(response):
        if line.startswith("id: "):
            event["id"] = int(line[4:])
        elif line.startswith("event: "):
            event["kind"] = line[7:]
        elif line.startswith("data: "):
            event["data"] = json.loads(line[6:])
        elif line == "" and "kind" in event:
            yield event
            event = {}
