"""The camera catalogue (Qt-free): which cameras the province has, where they are, which group each belongs to, and
how to reach its streams. Validated with errors that name the file, the JSON path and the problem.

Credentials never live in the catalogue's URLs: a camera names a ``username`` and the environment variable that
holds its password (``password_env``), and the wall puts them into the URL only when it opens the stream. What
the API and the logs show goes through ``redact`` (ioc_core/redact.py), which also masks query values such as
``?token=``; a URL with a password in it is accepted with a warning, and redacted everywhere it is shown.
"""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

from jsonschema import Draft202012Validator

from ioc_core.jsonfile import read_json
from ioc_core.problems import InvalidFile, Problem, Severity, schema_problems
from ioc_core.redact import redact

DEFAULT_FILE = Path(__file__).resolve().parent / "data" / "cameras.json"
SCHEMA_VERSION = 1
GROUP_KINDS = ("security", "traffic", "forest_fire", "flood", "administrative", "border", "meeting")
SCHEMES = ("rtsp", "rtsps", "http", "https", "file")

_ID = {"type": "string", "pattern": r"^[a-z0-9][a-z0-9_-]*$", "maxLength": 64}
_NAME = {"type": "object", "required": ["vi"], "additionalProperties": False,
         "properties": {"vi": {"type": "string", "minLength": 1, "maxLength": 160},
                        "en": {"type": "string", "maxLength": 160}}}
_URL = {"type": "string", "minLength": 3, "maxLength": 2048}
SCHEMA = {
    "type": "object", "required": ["schema_version", "groups", "cameras"], "additionalProperties": False,
    "properties": {
        "schema_version": {"const": SCHEMA_VERSION},
        "groups": {"type": "array", "items": {
            "type": "object", "required": ["id", "name", "kind"], "additionalProperties": False,
            "properties": {"id": _ID, "name": _NAME, "kind": {"enum": list(GROUP_KINDS)}}}},
        "cameras": {"type": "array", "items": {
            "type": "object", "required": ["id", "name", "group", "streams"], "additionalProperties": False,
            "properties": {
                "id": _ID, "name": _NAME, "group": _ID,
                "lon": {"type": "number", "minimum": -180, "maximum": 180},
                "lat": {"type": "number", "minimum": -90, "maximum": 90},
                "streams": {"type": "array", "minItems": 1, "maxItems": 4, "items": _URL},
                "grid_stream": _URL,
                "snapshot": _URL,
                "username": {"type": "string", "maxLength": 120},
                "password_env": {"type": "string", "pattern": r"^[A-Z_][A-Z0-9_]*$", "maxLength": 120},
            }}},
    },
}


@dataclass(frozen=True)
class CameraGroup:
    id: str
    name_vi: str
    name_en: str
    kind: str

    def entry(self) -> dict:
        return {"id": self.id, "name": {"vi": self.name_vi, **({"en": self.name_en} if self.name_en else {})},
                "kind": self.kind}


@dataclass(frozen=True)
class Camera:
    id: str
    name_vi: str
    name_en: str
    group: str
    streams: tuple[str, ...]
    lon: float | None = None
    lat: float | None = None
    snapshot: str | None = None
    username: str | None = None
    password_env: str | None = None
    grid_stream: str | None = None  # the camera's sub-stream (a smaller picture), for a cell of a grid

    def open_urls(self, env=os.environ, grid: bool = False) -> list[str]:
        """The stream URLs with the credentials filled in: for the player only, never to be logged or shown. For a
        cell of a grid (``grid``) the sub-stream first: nine main streams decoded to be drawn a ninth of their size
        cost the wall several times what the sub-streams do; the main streams stay as the fallback."""
        urls = [self.grid_stream, *self.streams] if grid and self.grid_stream else list(self.streams)
        if not self.username:
            return urls
        password = env.get(self.password_env, "") if self.password_env else ""
        userinfo = quote(self.username, safe="") + (":" + quote(password, safe="") if password else "")
        out = []
        for url in urls:
            parts = urlsplit(url)
            if parts.scheme == "file" or parts.username:
                out.append(url)
                continue
            out.append(urlunsplit((parts.scheme, f"{userinfo}@{parts.netloc}", parts.path, parts.query,
                                   parts.fragment)))
        return out

    def entry(self) -> dict:
        """The camera as the catalogue file writes it (credentials included: for merging, never to be shown)."""
        out = {"id": self.id, "name": {"vi": self.name_vi, **({"en": self.name_en} if self.name_en else {})},
               "group": self.group, "streams": list(self.streams)}
        for key in ("lon", "lat", "grid_stream", "snapshot", "username", "password_env"):
            if getattr(self, key) is not None:
                out[key] = getattr(self, key)
        return out

    def public(self) -> dict:
        """What the API and the console may see: names, group, place, stream kinds; no credential anywhere."""
        out = {"id": self.id, "name": {"vi": self.name_vi, "en": self.name_en or self.name_vi}, "group": self.group,
               "streams": [redact(u) for u in self.streams]}
        if self.grid_stream:
            out["grid_stream"] = redact(self.grid_stream)
        if self.lon is not None and self.lat is not None:
            out["lon"], out["lat"] = self.lon, self.lat
        return out


@dataclass(frozen=True)
class CameraCatalogue:
    groups: dict[str, CameraGroup]
    cameras: dict[str, Camera]
    problems: tuple[Problem, ...] = ()  # warnings that did not stop the file (a password in a URL)

    def of_group(self, group: str) -> list[Camera]:
        return [c for c in self.cameras.values() if c.group == group]


@functools.cache
def _validator() -> Draft202012Validator:
    return Draft202012Validator(SCHEMA)


def parse_cameras(doc, file: str = "<cameras>") -> CameraCatalogue:
    problems = schema_problems(_validator(), doc, file)
    if problems:
        raise InvalidFile(problems)
    groups: dict[str, CameraGroup] = {}
    for n, g in enumerate(doc["groups"]):
        if g["id"] in groups:
            problems.append(Problem(file, f"$.groups[{n}].id", f"group '{g['id']}' is declared twice"))
        groups[g["id"]] = CameraGroup(g["id"], g["name"]["vi"], g["name"].get("en", ""), g["kind"])
    cameras: dict[str, Camera] = {}
    warnings: list[Problem] = []
    for n, c in enumerate(doc["cameras"]):
        where = f"$.cameras[{n}]"
        if c["id"] in cameras:
            problems.append(Problem(file, f"{where}.id", f"camera '{c['id']}' is declared twice"))
        if c["group"] not in groups:
            problems.append(Problem(file, f"{where}.group", f"unknown group '{c['group']}' (declared: "
                                                            f"{', '.join(sorted(groups)) or 'none'})"))
        if ("lon" in c) != ("lat" in c):
            problems.append(Problem(file, where, "a camera's place needs both lon and lat"))
        if c.get("password_env") and not c.get("username"):
            problems.append(Problem(file, f"{where}.password_env", "password_env without a username"))
        named = [(f"{where}.streams[{k}]", url) for k, url in enumerate(c["streams"])]
        named += [(f"{where}.{key}", c[key]) for key in ("grid_stream", "snapshot") if key in c]
        for key, url in named:
            try:
                parts = urlsplit(url)
            except ValueError as exc:  # "rtsp://[bad/x": not an address at all
                problems.append(Problem(file, key, f"'{redact(url)}' is not a valid address ({exc})"))
                continue
            if parts.scheme not in SCHEMES:
                problems.append(Problem(file, key, f"'{redact(url)}': the scheme must be one of "
                                                   f"{', '.join(SCHEMES)}"))
            elif parts.scheme != "file" and not parts.hostname:
                problems.append(Problem(file, key, f"'{redact(url)}' names no host"))
            if parts.password:
                warnings.append(Problem(file, key, f"'{redact(url)}' carries a password: move it to an environment "
                                                   "variable named in password_env", Severity.WARNING))
        cameras[c["id"]] = Camera(c["id"], c["name"]["vi"], c["name"].get("en", ""), c["group"], tuple(c["streams"]),
                                  c.get("lon"), c.get("lat"), c.get("snapshot"), c.get("username"),
                                  c.get("password_env"), c.get("grid_stream"))
    if problems:
        raise InvalidFile(problems)
    return CameraCatalogue(groups, cameras, tuple(warnings))


def load_cameras(path: Path | None = None) -> CameraCatalogue:
    path = Path(path or DEFAULT_FILE)
    return parse_cameras(read_json(path), str(path))
