"""One shape for every source: fetch -> parse -> observations, with explicit timeouts and typed errors."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import ClassVar

import requests

from ioc_core.indicators.observation import Observation


class SourceError(Exception):
    """A fetch failed as a whole; the message is what the data-flow health view shows (never a secret)."""


class SourceConnectError(SourceError):
    """The system could not be reached: refused, unreachable, name not found."""


class SourceTimeout(SourceError):
    """Connecting or reading took longer than the source's timeout."""


class SourceHTTPError(SourceError):
    """The system answered with an HTTP error status."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


class SourceFormatError(SourceError):
    """The answer is not what the mapping expects: invalid JSON, wrong shape, no usable rows."""


class SourceFileError(SourceError):
    """A dropped file cannot be read: missing, locked, corrupt or with the wrong headers."""


@dataclass(frozen=True)
class Timeouts:
    connect: float = 3.0
    read: float = 10.0

    @classmethod
    def from_spec(cls, spec) -> Timeouts:
        """A sources-file entry's ``"timeout": {"connect": s, "read": s}`` (a ioc_core/sources/spec.py ``Spec``); each
        unknown key or wrong value is a problem on ``spec`` and leaves the default."""
        spec.known(("connect", "read"))
        return cls(spec.number("connect", cls.connect, minimum=0.1), spec.number("read", cls.read, minimum=0.1))


@dataclass
class FetchResult:
    observations: list[Observation] = field(default_factory=list)
    rejected: list[str] = field(default_factory=list)  # "row 7: 'abc' is not a number"
    alerts: list = field(default_factory=list)  # alert messages a source brings (CAP), for the alert book


class Source:
    """Base of every source kind. Subclasses set ``kind`` and implement ``fetch`` and ``parse``."""

    kind: ClassVar[str] = ""

    def __init__(self, id: str, timeouts: Timeouts | None = None):
        self.id = id
        self.timeouts = timeouts or Timeouts()

    def fetch(self, session: requests.Session):
        """Get the raw answer; raise a SourceError."""
        raise NotImplementedError

    def parse(self, raw) -> FetchResult:
        """Turn the raw answer into observations; raise SourceFormatError when nothing usable is in it."""
        raise NotImplementedError

    def run(self, session: requests.Session) -> FetchResult:
        return self.parse(self.fetch(session))

    def budget_s(self) -> float:
        """How long one whole fetch may take before it is given up (--check) or shown late (health view):
        connect + read by default; a source with an overall deadline says so here."""
        return self.timeouts.connect + self.timeouts.read

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.id}>"


def get_json(session: requests.Session, url: str, timeouts: Timeouts, params: dict | None = None,
             headers: dict | None = None):
    """GET a JSON document, mapping every failure to a SourceError that names it (ioc_core/sources/request.py's
    ``send``): ``timeouts.read`` is the longest wait for any read, and the whole answer must come within
    connect + read seconds (a system trickling its answer is given up then); at most 10 MB; redirects only to the
    same host."""
    from ioc_core.sources.request import RequestSpec, send

    spec = RequestSpec(url, query={k: str(v) for k, v in (params or {}).items()}, headers=dict(headers or {}),
                       connect_s=timeouts.connect, read_s=timeouts.read, deadline_s=timeouts.connect + timeouts.read)
    return send(session, spec).json()


def _host(url: str) -> str:
    """The URL without credentials or query (which may hold tokens)."""
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    return f"{parts.hostname or ''}{':' + str(parts.port) if parts.port else ''}{parts.path}"


def _reason(exc: Exception) -> str:
    text = str(exc)
    for known in ("Connection refused", "Name or service not known", "No route to host", "Network is unreachable",
                  "Connection reset by peer", "Remote end closed connection"):
        if known in text:
            return known.lower()
    return type(exc).__name__


REGISTRY: dict[str, Callable[..., Source]] = {}


def register(cls):
    REGISTRY[cls.kind] = cls
    return cls
