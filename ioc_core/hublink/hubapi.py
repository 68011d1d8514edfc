"""A wall's calls to its hub's HTTP API (Qt-free): the history its charts need, the acknowledgements made on the
wall, the answers its operators give to leaders' wall requests and the hub's delivery log they read, with short
timeouts, the hub's token and, when the link file gives one, the hub's certificate pinned (nothing, the token least
of all, is sent to a server presenting another). The token is never logged nor put in an error."""

from __future__ import annotations

import logging
from urllib.parse import quote

import requests

from ioc_core.api.identity import normalised
from ioc_core.api.pinned import PinnedAdapter
from ioc_core.hublink.credentials import HubLinkConfig

log = logging.getLogger(__name__)

TIMEOUT = (3.0, 10.0)  # connect, read
CLIENT_HEADER = "X-IOC-Client"  # the wall's name in the hub's audit log (percent-encoded UTF-8)


class HubApiError(Exception):
    """A call the hub did not answer as asked: unreachable, refused, or an answer that is not the documented one.
    ``status`` 0 when the hub could not be reached."""

    def __init__(self, status: int, why: str):
        super().__init__(why)
        self.status = status

    @property
    def passing(self) -> bool:
        """Worth asking again later: the hub unreachable, or failing on its side (5xx)."""
        return self.status == 0 or self.status >= 500

    @property
    def wants_region(self) -> bool:
        """The hub refused the question as asked (400): for /history without a region, it wants one."""
        return self.status == 400


def _why(exc: Exception) -> str:
    if isinstance(exc, requests.exceptions.SSLError) and "Fingerprints did not match" in str(exc):
        return "the hub's certificate is not the pinned one: nothing was sent to it"
    return f"cannot reach the hub: {type(exc).__name__}"


class HubApiClient:
    def __init__(self, link: HubLinkConfig, wall_name: str, timeout: tuple[float, float] = TIMEOUT):
        self.base = link.hub.rstrip("/")
        self.wall_name = wall_name
        self.timeout = timeout
        self._session = requests.Session()
        self._session.trust_env = False  # no proxy, .netrc or CA bundle from the environment between wall and hub
        self._session.headers[CLIENT_HEADER] = quote(wall_name, safe="")
        self._session.headers["Authorization"] = f"Bearer {link.token}"
        pin = normalised(link.fingerprint) if link.fingerprint else ""
        if pin and self.base.lower().startswith("https://"):
            self._session.verify = False  # the pin is the check (PinnedAdapter), not a certificate authority
            self._session.mount("https://", PinnedAdapter(pin))

    def close(self) -> None:
        self._session.close()

    def _call(self, method: str, path: str, **kw) -> requests.Response:
        try:
            return self._session.request(method, self.base + path, timeout=self.timeout, **kw)
        except requests.RequestException as exc:
            raise HubApiError(0, _why(exc)) from None

    def history(self, indicator: str, region: str | None = None, since: str | None = None) -> list[list]:
        """The hub's stored rows of ``indicator`` (one region, or all of them), oldest first, each
        [indicator, region, period, value, observed_at, source, parts] (the store's ``mirror`` takes them as they
        are). HubApiError when the hub cannot be asked or answers otherwise."""
        params = {"indicator": indicator}
        if region:
            params["region"] = region
        if since:
            params["since"] = since
        r = self._call("GET", "/history", params=params)
        if r.status_code != 200:
            raise HubApiError(r.status_code, f"the hub answered /history with HTTP {r.status_code}")
        try:
            doc = r.json()
        except ValueError:
            raise HubApiError(r.status_code, "the hub's /history answer is not JSON") from None
        if not isinstance(doc, dict) or not isinstance(doc.get("rows"), list):
            raise HubApiError(r.status_code, "the hub's /history answer has no rows")
        rows = []
        for row in doc["rows"]:
            if isinstance(row, list) and len(row) == 5:  # [period, value, observed_at, source, parts]: one region
                rows.append([indicator, doc.get("region") or region, *row])
            elif isinstance(row, list) and len(row) == 6:  # [region, period, ...]: every region
                rows.append([indicator, *row])
            elif isinstance(row, dict):
                rows.append([indicator, row.get("region") or doc.get("region") or region, row.get("period"),
                             row.get("value"), row.get("observed_at"), row.get("source"), row.get("parts")])
        return rows

    def acknowledge(self, alert_id: str, by: str, client: str = "") -> tuple[int, dict]:
        """POST /alerts/{id}/ack: (the hub's status, its answer); (0, {"error": why}) when it cannot be reached."""
        body = {"by": by, "wall": self.wall_name, "client": client}
        return self._forward("POST", f"/alerts/{quote(alert_id, safe='/')}/ack", json=body)

    def answer_request(self, request_id: str, accept: bool, reason: str, by: str, client: str = "") -> tuple[int, dict]:
        """POST /wall-requests/{id}/answer with this wall's name: (the hub's status, its answer)."""
        body = {"accept": accept, "by": by, "wall": self.wall_name, "client": client,
                **({"reason": reason} if reason else {})}
        return self._forward("POST", f"/wall-requests/{quote(request_id, safe='')}/answer", json=body)

    def deliveries(self, params: dict | None = None) -> tuple[int, dict]:
        """GET /deliveries: (the hub's status, its answer)."""
        return self._forward("GET", "/deliveries", params=params or None)

    def _forward(self, method: str, path: str, **kw) -> tuple[int, dict]:
        """(status, the hub's JSON object, with "error" when it refused without one); (0, {"error": why}) when it
        cannot be reached."""
        try:
            r = self._call(method, path, **kw)
        except HubApiError as exc:
            log.warning("%s %s not forwarded to the hub: %s", method, path, exc)
            return 0, {"error": str(exc)}
        try:
            doc = r.json()
        except ValueError:
            doc = {}
        if not isinstance(doc, dict):
            doc = {}
        if r.status_code >= 400 and "error" not in doc:
            doc["error"] = f"HTTP {r.status_code}"
        return r.status_code, doc
