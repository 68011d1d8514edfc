"""Which web addresses the wall may show (Qt-free): the technician's allowlist of hosts.

An entry is a host name (``dichvucong.nghean.gov.vn``), a host's subdomains (``*.nghean.gov.vn``, which does not
include ``nghean.gov.vn`` itself), or either with a port (``127.0.0.1:8080``); an entry without a port allows
any port. Only ``http`` and ``https`` addresses are shown. The same check refuses a view before it is built, and
stops a page that is on the wall from navigating (or framing a page) anywhere else.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

SCHEMES = ("http", "https")
# a host name label, an IPv4 address, or a bracketed IPv6 address; optionally "*." first and ":port" last
_ENTRY = re.compile(r"^(\*\.)?([a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*|\[[0-9a-f:.]+\])"
                    r"(:[0-9]{1,5})?$")


def entry_problem(entry: str) -> str | None:
    """Why ``entry`` is not a usable allowlist entry, or None."""
    if not isinstance(entry, str) or not _ENTRY.match(entry.lower()):
        return (f"'{entry}' is not a host, *.domain or host:port (examples: portal.nghean.gov.vn, "
                "*.nghean.gov.vn, 127.0.0.1:8080)")
    if entry.startswith("*.") and "." not in entry[2:].split(":")[0]:
        return f"'{entry}' would allow every host under a top-level domain"
    return None


@dataclass(frozen=True)
class WebAllowlist:
    entries: tuple[str, ...] = ()

    def __post_init__(self):
        object.__setattr__(self, "entries", tuple(e.lower() for e in self.entries))

    def problem(self, url: str) -> str | None:
        """Why the wall may not show ``url``, or None when it may."""
        try:
            parts = urlsplit(url)
            port = parts.port
        except ValueError as exc:
            return f"'{url}' is not a valid address ({exc})"
        if parts.scheme.lower() not in SCHEMES:
            return f"'{_short(url)}': only http and https pages are shown (not '{parts.scheme or '(none)'}')"
        host = (parts.hostname or "").lower().rstrip(".")
        if not host:
            return f"'{_short(url)}' names no host"
        if not host.isascii():  # an internationalised name is compared in its ASCII (punycode) form
            try:
                host = host.encode("idna").decode("ascii")
            except UnicodeError:
                return f"'{_short(url)}' names a host that is not a valid domain name"
        if port is None:
            port = 443 if parts.scheme.lower() == "https" else 80
        if ":" in host:
            host = f"[{host}]"
        for entry in self.entries:
            if _matches(entry, host, port):
                return None
        allowed = ", ".join(self.entries) or "none: the wall configuration lists no web hosts"
        return f"host '{host}' is not in the wall's web allowlist (allowed: {allowed})"

    def allows(self, url: str) -> bool:
        return self.problem(url) is None


def _matches(entry: str, host: str, port: int) -> bool:
    name, _, want_port = entry.rpartition(":") if not entry.endswith("]") and ":" in entry else (entry, "", "")
    if want_port and int(want_port) != port:
        return False
    if name.startswith("*."):
        return host.endswith(name[1:])
    return host == name


def _short(url: str) -> str:
    return url if len(url) <= 120 else url[:117] + "…"
