"""``notify.json`` in the hub's state folder: where alert messages go out (SMTP, the province's webhook gateways),
the link they carry, the escalation chains and the retry schedule. Read at start and whenever it changes; a file
that does not validate keeps the last good one (``Watched``). Every problem names the file, the JSON path and what
is wrong; no problem, log line or answer ever holds a password or a gateway's secret.

    {"schema_version": 1,
     "page_url": "https://ioc.example/m/",
     "smtp": {"host": "mail.example", "port": 587, "security": "starttls", "username": "ioc", "password": "...",
              "from": "IOC Tỉnh <ioc@example>"},
     "gateways": {"zalo": {"url": "https://gw.example/ioc", "secret": "<32 characters or more>", "title": "Zalo OA"}},
     "escalation": {"after_min": 15, "chains": {"yte": ["lanhdao"], "*": ["vanhanh", "lanhdao"]}},
     "retry": {"first_s": 5, "max_s": 600, "attempts": 8}}
"""

from __future__ import annotations

import logging
import os
import re
import stat
from dataclasses import dataclass, field
from email.utils import parseaddr
from pathlib import Path
from urllib.parse import urlsplit

from ioc_core.jsonfile import read_json
from ioc_core.problems import InvalidFile, Problem

log = logging.getLogger("hub.notify")

FILE_NAME = "notify.json"
SCHEMA_VERSION = 1
SECURITIES = ("starttls", "tls", "none")
SECRET_MIN = 32
GATEWAY_NAME = re.compile(r"[a-z0-9][a-z0-9_-]{0,31}")


@dataclass(frozen=True)
class Smtp:
    host: str
    port: int
    security: str  # starttls | tls | none
    sender: str  # "IOC Tỉnh <ioc@...>"
    username: str = ""
    password: str = field(default="", repr=False)
    timeout_s: float = 10.0

    @property
    def address(self) -> str:
        return f"{self.host}:{self.port}"


@dataclass(frozen=True)
class Gateway:
    name: str
    url: str
    secret: str = field(repr=False)
    title: str = ""
    timeout_s: float = 10.0


@dataclass(frozen=True)
class Retry:
    first_s: float = 5.0
    max_s: float = 600.0
    attempts: int = 8

    def delay(self, attempts_made: int) -> float:
        """Seconds before the next try after ``attempts_made`` failed ones: first_s doubling, at most max_s."""
        return min(self.max_s, self.first_s * (2 ** max(0, attempts_made - 1)))


@dataclass(frozen=True)
class NotifyConfig:
    page_url: str = ""
    smtp: Smtp | None = None
    gateways: dict[str, Gateway] = field(default_factory=dict)
    after_min: float = 15.0
    chains: dict[str, tuple[str, ...]] = field(default_factory=dict)
    retry: Retry = field(default_factory=Retry)

    def link(self, alert_id: str, page: str = "/m/") -> str:
        """Where a message about the alert leads: the mobile page (``page_url``, else ``page``), opened on it."""
        from urllib.parse import quote

        base = self.page_url or page
        return f"{base}#/alert/{quote(alert_id, safe='/:')}"

    def chain(self, sector: str) -> tuple[str, ...]:
        return self.chains.get(sector) or self.chains.get("*") or ()

    def secrets(self) -> list[str]:
        """Every secret the file holds (what a log line or an error text must never show)."""
        out = [g.secret for g in self.gateways.values()]
        if self.smtp is not None and self.smtp.password:
            out.append(self.smtp.password)
        return [s for s in out if s]

    def summary(self) -> dict:
        return {"smtp": self.smtp.address if self.smtp is not None else "",
                "gateways": sorted(self.gateways)}


def _number(value, lo: float, hi: float) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and lo <= value <= hi


def parse(doc, label: str, sectors=None) -> NotifyConfig:
    """The configuration in ``doc``; InvalidFile listing every problem (file, JSON path, what is wrong).
    ``sectors``: the catalogue's sector ids (a chain for an unknown sector is refused)."""
    problems: list[Problem] = []

    def bad(path: str, message: str) -> None:
        problems.append(Problem(label, path, message))

    if not isinstance(doc, dict):
        raise InvalidFile([Problem(label, "$", "a JSON object is expected")])
    known = {"schema_version", "page_url", "smtp", "gateways", "escalation", "retry"}
    for key in sorted(set(doc) - known):
        bad(f"$.{key}", f"not a setting of this file ({', '.join(sorted(known))})")
    if doc.get("schema_version") != SCHEMA_VERSION:
        bad("$.schema_version", f"{doc.get('schema_version')!r}: this hub reads version {SCHEMA_VERSION}")
    page_url = doc.get("page_url", "")
    if not isinstance(page_url, str) or (page_url and urlsplit(page_url).scheme not in ("http", "https")):
        bad("$.page_url", "the mobile page's address as phones reach it (https://.../m/)")
        page_url = ""
    smtp = None
    raw = doc.get("smtp")
    if raw is not None:
        if not isinstance(raw, dict):
            bad("$.smtp", "an object: host, port, security, username, password, from")
        else:
            for key in sorted(set(raw) - {"host", "port", "security", "username", "password", "from", "timeout_s"}):
                bad(f"$.smtp.{key}", "not a setting of the SMTP server")
            host, port, security = raw.get("host"), raw.get("port", 587), raw.get("security", "starttls")
            if not isinstance(host, str) or not host or any(c.isspace() for c in host):
                bad("$.smtp.host", "the SMTP server's host name or address is required")
            if not isinstance(port, int) or isinstance(port, bool) or not 1 <= port <= 65535:
                bad("$.smtp.port", f"{port!r}: a port number 1-65535")
            if security not in SECURITIES:
                bad("$.smtp.security", f"{security!r}: one of {', '.join(SECURITIES)}")
            username, password = raw.get("username", ""), raw.get("password", "")
            if not isinstance(username, str):
                bad("$.smtp.username", "text")
            if not isinstance(password, str):
                bad("$.smtp.password", "text")  # never its value
            elif password and not username:
                bad("$.smtp.username", "a password is given without a user name")
            sender = raw.get("from")
            if not isinstance(sender, str) or "@" not in parseaddr(sender)[1]:
                bad("$.smtp.from", "the sender, e.g. \"IOC Tỉnh <ioc@tinh.gov.vn>\"")
            timeout = raw.get("timeout_s", 10)
            if not _number(timeout, 0.5, 120):
                bad("$.smtp.timeout_s", "seconds, 0.5-120")
            if not problems:
                smtp = Smtp(host, port, security, sender, username, password, float(timeout))
    gateways: dict[str, Gateway] = {}
    raw = doc.get("gateways", {})
    if not isinstance(raw, dict):
        bad("$.gateways", "an object: {\"<name>\": {\"url\", \"secret\", \"title\"}}")
        raw = {}
    for name, g in raw.items():
        where = f"$.gateways.{name}"
        if not GATEWAY_NAME.fullmatch(name):
            bad(where, "a gateway's name: 1-32 characters a-z, 0-9, '_' or '-'")
            continue
        if not isinstance(g, dict):
            bad(where, "an object: url, secret, title")
            continue
        for key in sorted(set(g) - {"url", "secret", "title", "timeout_s"}):
            bad(f"{where}.{key}", "not a setting of a gateway")
        url, secret, title = g.get("url"), g.get("secret"), g.get("title", name)
        parts = urlsplit(url) if isinstance(url, str) else None
        if parts is None or parts.scheme not in ("http", "https") or not parts.hostname:
            bad(f"{where}.url", "the gateway's address, http:// or https://")
        elif parts.username or parts.password:
            bad(f"{where}.url", "no user or password in the address: the signature is the gateway's proof")
        if not isinstance(secret, str) or len(secret) < SECRET_MIN:
            bad(f"{where}.secret", f"the shared secret the messages are signed with: at least {SECRET_MIN} "
                                   "characters")
        if not isinstance(title, str) or not title.strip():
            bad(f"{where}.title", "the name people see, e.g. \"Zalo OA\"")
        timeout = g.get("timeout_s", 10)
        if not _number(timeout, 0.5, 120):
            bad(f"{where}.timeout_s", "seconds, 0.5-120")
        if isinstance(secret, str) and isinstance(url, str) and isinstance(title, str) and _number(timeout, 0.5, 120):
            gateways[name] = Gateway(name, url, secret, title.strip(), float(timeout))
    after_min, chains = 15.0, {}
    raw = doc.get("escalation", {})
    if not isinstance(raw, dict):
        bad("$.escalation", "an object: after_min, chains")
        raw = {}
    for key in sorted(set(raw) - {"after_min", "chains"}):
        bad(f"$.escalation.{key}", "not a setting of the escalation")
    after_min = raw.get("after_min", 15)
    if not _number(after_min, 0.01, 24 * 60):
        bad("$.escalation.after_min", f"{after_min!r}: minutes, 0.01-1440")
        after_min = 15
    raw_chains = raw.get("chains", {})
    if not isinstance(raw_chains, dict):
        bad("$.escalation.chains", "an object: {\"<sector>\" or \"*\": [\"login\", ...]}")
        raw_chains = {}
    for sector, logins in raw_chains.items():
        where = f"$.escalation.chains.{sector}"
        if sector != "*" and sectors is not None and sector not in sectors:
            bad(where, f"'{sector}' is not a sector of the catalogue ({', '.join(sorted(sectors))}) nor \"*\"")
        if not isinstance(logins, list) or not all(isinstance(x, str) and x for x in logins):
            bad(where, "a list of people's logins, the first messaged first")
            continue
        chains[sector] = tuple(dict.fromkeys(logins))
    retry = Retry()
    raw = doc.get("retry", {})
    if not isinstance(raw, dict):
        bad("$.retry", "an object: first_s, max_s, attempts")
        raw = {}
    for key in sorted(set(raw) - {"first_s", "max_s", "attempts"}):
        bad(f"$.retry.{key}", "not a setting of the retries")
    first_s, max_s, attempts = raw.get("first_s", 5), raw.get("max_s", 600), raw.get("attempts", 8)
    if not _number(first_s, 0.05, 3600):
        bad("$.retry.first_s", f"{first_s!r}: seconds, 0.05-3600")
    if not _number(max_s, 0.05, 86400) or (_number(first_s, 0.05, 3600) and max_s < first_s):
        bad("$.retry.max_s", f"{max_s!r}: seconds, at least first_s, at most 86400")
    if not isinstance(attempts, int) or isinstance(attempts, bool) or not 1 <= attempts <= 50:
        bad("$.retry.attempts", f"{attempts!r}: a whole number 1-50")
    if problems:
        raise InvalidFile(problems)
    retry = Retry(float(first_s), float(max_s), attempts)
    return NotifyConfig(page_url, smtp, gateways, float(after_min), chains, retry)


def keep_private(path: Path) -> None:
    """The file holds the SMTP password and the gateways' secrets: readable by others -> made 0600, with a warning
    naming the file (never what is in it)."""
    if os.name != "posix":
        return
    try:
        mode = stat.S_IMODE(os.stat(path).st_mode)
        if mode & 0o077:
            os.chmod(path, 0o600)
            log.warning("%s (it holds the SMTP password and the gateways' secrets) was readable by others (%o); "
                        "now 600", path, mode)
    except OSError:
        pass


class Watched:
    """The configuration in use and the state of its file: ``poll()`` rereads it when its size or time changed.
    ``config`` is the last good one (empty before any); ``problem`` says why the file is not in use ("" = it is)."""

    def __init__(self, path: Path, sectors=None):
        self.path, self.sectors = Path(path), sectors
        self.config = NotifyConfig()
        self.problem = ""
        self.loaded = False  # a good file has been read
        self._seen: tuple | None = ()

    def poll(self) -> bool:
        """Read the file again if it changed; True when the configuration in use changed."""
        try:
            st = os.stat(self.path)
            seen = (st.st_mtime_ns, st.st_size, st.st_ino)
        except OSError:
            seen = None
        if seen == self._seen:
            return False
        self._seen = seen
        if seen is None:  # a hub that sends no message has none: said once, quietly
            if self.loaded:
                self.problem = f"{self.path}: file not found: the last good settings stay in use"
                log.warning("%s", self.problem)
            else:
                self.problem = f"{self.path}: file not found: no message is sent until it is written"
                log.info("%s", self.problem)
            return False
        keep_private(self.path)
        try:
            config = parse(read_json(self.path), str(self.path), self.sectors)
        except InvalidFile as exc:
            secrets = self.config.secrets()
            text = "; ".join(str(p) for p in exc.problems)
            for s in secrets:
                text = text.replace(s, "***")
            kept = "the last good settings stay in use" if self.loaded else "no message is sent until it is fixed"
            self.problem = f"{text} ({kept})"
            log.error("notify settings not used: %s", self.problem)
            return False
        self.config, self.problem, self.loaded = config, "", True
        log.info("notify settings read from %s: SMTP %s, gateways %s, escalation after %g min", self.path,
                 config.smtp.address if config.smtp else "none", ", ".join(sorted(config.gateways)) or "none",
                 config.after_min)
        return True
