"""Which web addresses the wall may show (Qt-free): the technician's allowlist of hosts.

An entry is a host name (``dichvucong.nghean.gov.vn``), a host's subdomains (``*.nghean.gov.vn``, which does not
include ``nghean.gov.vn`` itself; a wildcard is for domain names, never addresses), or either with a port
(``127.0.0.1:8080``, 1 to 65535); an entry without a port allows any port. Only ``http`` and ``https`` addresses are
shown. The same check refuses a view before it is built, and stops a page that is on the wall from navigating (or
framing a page) anywhere else.

An address that a browser could read differently from this check is refused rather than guessed at: one with a user
name or password before its host (``https://portal.gov.vn@evil.example/`` goes to evil.example, and a password in
a view would be in the wall's state), a backslash (``http://evil.example\\@portal.gov.vn/``: Chromium reads the
backslash as a slash, so the host is evil.example), spaces or control and invisible format characters (a zero-width
joiner), a host that is not a host name, or an international name with a letter the two IDNA standards map to
different hosts (ß, ς).
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from ioc_core.messages import word
from ioc_core.redact import redact

SCHEMES = ("http", "https")
# a host name label, an IPv4 address, or a bracketed IPv6 address; optionally "*." first and ":port" last
_ENTRY = re.compile(r"^(\*\.)?([a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*|\[[0-9a-f:.]+\])"
                    r"(:[0-9]{1,5})?$")
_HOST = re.compile(r"[a-z0-9_]([a-z0-9_.-]*[a-z0-9_])?")  # after IDNA: what a browser also takes as a host name
_IPV4 = re.compile(r"[0-9.]+")
_DEVIATIONS = "ßς"  # IDNA 2003 (Python) and UTS 46 (browsers) turn these into different hosts


def entry_problem(entry: str) -> str | None:
    """Why ``entry`` is not a usable allowlist entry, or None."""
    if not isinstance(entry, str) or not _ENTRY.match(entry.lower()):
        return (f"'{entry}' is not a host, *.domain or host:port (examples: portal.nghean.gov.vn, "
                "*.nghean.gov.vn, 127.0.0.1:8080)")
    name, port = _split_entry(entry.lower())
    if port is not None and not 1 <= port <= 65535:
        return f"'{entry}': a port is a number from 1 to 65535"
    if name.startswith("["):
        try:
            ipaddress.IPv6Address(name[1:-1])
        except ValueError:
            return f"'{entry}': '{name}' is not an IPv6 address"
    if name.startswith("*."):
        if name.startswith("*.[") or _IPV4.fullmatch(name[2:]):
            return f"'{entry}': a wildcard (*.) is for domain names, not for addresses"
        if "." not in name[2:]:
            return f"'{entry}' would allow every host under a top-level domain"
    return None


def _split_entry(entry: str) -> tuple[str, int | None]:
    """``host:port`` -> (host, port); ``[::1]`` and names without a port -> (host, None)."""
    if entry.endswith("]") or ":" not in entry:
        return entry, None
    name, _, port = entry.rpartition(":")
    return name, int(port)


@dataclass(frozen=True)
class WebAllowlist:
    entries: tuple[str, ...] = ()

    def __post_init__(self):
        object.__setattr__(self, "entries", tuple(e.lower() for e in self.entries))

    def problem(self, url: str) -> str | None:
        """Why the wall may not show ``url``, or None when it may."""
        why = self.reason(url)
        return None if why is None else word(why[0], **why[1])

    def reason(self, url: str) -> tuple[str, dict] | None:
        """Why the wall may not show ``url`` as a code of ioc_core/messages.py and the words it names (a console words
        it in its language), or None when it may."""
        short = _short(url)
        if "\\" in url or any(c.isspace() or not c.isprintable() for c in url):
            return "web.bad_characters", {"url": short}
        try:
            parts = urlsplit(url)
            port = parts.port
        except ValueError as exc:
            return "web.not_an_address", {"url": short, "why": str(exc)}
        if parts.scheme.lower() not in SCHEMES:
            return "web.scheme", {"url": short, "scheme": parts.scheme or "(none)"}
        host = (parts.hostname or "").lower().rstrip(".")
        if not host:
            return "web.no_host", {"url": short}
        if not host.isascii():  # an internationalised name is compared in its ASCII (punycode) form
            if any(c in host for c in _DEVIATIONS):
                return "web.idn_deviation", {"url": short}
            try:
                host = host.encode("idna").decode("ascii")
            except UnicodeError:
                return "web.bad_domain", {"url": short}
        if ":" in host:
            try:
                ipaddress.IPv6Address(host)
            except ValueError:
                return "web.bad_ipv6", {"url": short}
            host = f"[{host}]"
        elif not _HOST.fullmatch(host):
            return "web.bad_host", {"url": short, "host": host}
        if "@" in parts.netloc:
            return "web.credentials", {"url": short, "host": host}
        if port is None:
            port = 443 if parts.scheme.lower() == "https" else 80
        for entry in self.entries:
            if _matches(entry, host, port):
                return None
        if not self.entries:
            return "web.nothing_allowed", {"host": host}
        return "web.not_allowed", {"host": host, "allowed": ", ".join(self.entries)}

    def allows(self, url: str) -> bool:
        return self.problem(url) is None


def _matches(entry: str, host: str, port: int) -> bool:
    name, want_port = _split_entry(entry)
    if want_port is not None and want_port != port:
        return False
    if name.startswith("*."):
        return host.endswith(name[1:])
    return host == name


def _short(url: str) -> str:
    """The address as a refusal shows it: without its secrets, and not too long."""
    url = redact(url)
    return url if len(url) <= 120 else url[:117] + "…"
