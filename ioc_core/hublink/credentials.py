"""A wall's link to its hub: the file ``ioc-hub add-wall`` writes (mode 0600) and ``ioc-wall --hub FILE`` reads.

    {"schema_version": 1, "hub": "https://hub:8443/api/v1", "token": "...", "fingerprint": "<sha256 hex, optional>",
     "topic_prefix": "ioc", "wall": "phong-hop",
     "broker": {"url": "mqtt://10.0.0.5:1883", "username": "phong-hop", "password": "...", "ca_file": null}}

The broker's address is in the file, not asked of the hub: a wall whose hub is down still reads the broker's retained
figures. ``repr`` and ``public()`` never show the token or the password."""

from __future__ import annotations

import logging
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from ioc_core.hublink.client import parse_url
from ioc_core.hublink.topics import DEFAULT_PREFIX, Topics
from ioc_core.jsonfile import read_json, write_json_atomic
from ioc_core.problems import InvalidFile, Problem

log = logging.getLogger(__name__)

SCHEMA_VERSION = 1
FILE_NAME = "hub-link.json"


@dataclass(frozen=True)
class BrokerAccount:
    url: str
    username: str
    password: str = field(repr=False)
    ca_file: str | None = None


@dataclass(frozen=True)
class HubLinkConfig:
    hub: str  # the hub's API root, https://host:port/api/v1
    token: str = field(repr=False)
    broker: BrokerAccount
    wall: str = ""  # the wall's account name at the hub (its broker user)
    fingerprint: str = ""  # the hub's certificate's SHA-256, hex: pinned when given
    topic_prefix: str = DEFAULT_PREFIX

    @property
    def topics(self) -> Topics:
        return Topics(self.topic_prefix)

    def public(self) -> dict:
        """What /health and logs may show."""
        return {"hub": self.hub, "broker": self.broker.url, "wall": self.wall, "topic_prefix": self.topic_prefix}

    def to_json(self) -> dict:
        return {"schema_version": SCHEMA_VERSION, "hub": self.hub, "token": self.token, "wall": self.wall,
                "fingerprint": self.fingerprint, "topic_prefix": self.topic_prefix,
                "broker": {"url": self.broker.url, "username": self.broker.username,
                           "password": self.broker.password, "ca_file": self.broker.ca_file}}

    def save(self, path: Path) -> None:
        write_json_atomic(Path(path), self.to_json(), mode=0o600)

    @classmethod
    def load(cls, path: Path) -> HubLinkConfig:
        """InvalidFile naming the file, the field and the problem for anything unusable."""
        label = str(path)
        _private(Path(path))
        doc = read_json(Path(path), label)
        problems: list[Problem] = []

        def text(d: dict, key: str, where: str, required: bool = True) -> str:
            value = d.get(key)
            if value is None or value == "":
                if required:
                    problems.append(Problem(label, f"{where}{key}", "is required"))
                return ""
            if not isinstance(value, str):
                problems.append(Problem(label, f"{where}{key}", f"must be text, not {type(value).__name__}"))
                return ""
            return value

        if not isinstance(doc, dict):
            raise InvalidFile([Problem(label, "", "a JSON object is expected")])
        version = doc.get("schema_version")
        if version != SCHEMA_VERSION:
            problems.append(Problem(label, "schema_version", f"{version!r}: this wall reads version {SCHEMA_VERSION}"))
        hub = text(doc, "hub", "")
        if hub and not hub.startswith(("http://", "https://")):
            problems.append(Problem(label, "hub", f"{hub!r}: https://host:port/api/v1 expected"))
        token = text(doc, "token", "")
        prefix = text(doc, "topic_prefix", "", required=False) or DEFAULT_PREFIX
        try:
            Topics(prefix)
        except ValueError as exc:
            problems.append(Problem(label, "topic_prefix", str(exc)))
        broker = doc.get("broker")
        account = None
        if not isinstance(broker, dict):
            problems.append(Problem(label, "broker", "an object with url, username and password is required"))
        else:
            url = text(broker, "url", "broker.")
            if url:
                try:
                    parse_url(url)
                except ValueError as exc:
                    problems.append(Problem(label, "broker.url", str(exc)))
            ca = text(broker, "ca_file", "broker.", required=False) or None
            if ca and not os.path.isfile(ca):
                problems.append(Problem(label, "broker.ca_file", f"{ca}: no such file"))
            account = BrokerAccount(url, text(broker, "username", "broker."), text(broker, "password", "broker."), ca)
        if problems:
            raise InvalidFile(problems)
        return cls(hub.rstrip("/"), token, account, text(doc, "wall", "", required=False),
                   text(doc, "fingerprint", "", required=False).lower().replace(":", ""), prefix)


def _private(path: Path) -> None:
    """A link file readable by group or others (it holds the hub's token and the broker's password) is made 0600,
    with a warning naming the file (never its contents), as the API's token file is."""
    if os.name != "posix":
        return
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except OSError:
        return  # read_json says why the file cannot be read
    if mode & 0o077:
        try:
            os.chmod(path, 0o600)
        except OSError as exc:
            log.warning("hub link file %s is readable by others (%o) and cannot be made 600: %s", path, mode,
                        exc.strerror or exc)
            return
        log.warning("hub link file %s was readable by others (%o); now 600", path, mode)
