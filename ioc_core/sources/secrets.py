"""Secrets a source needs (tokens, passwords, client secrets, API keys), named in the sources file, never written there.

A sources file names a secret in one of two ways:

    {"env": "IGATE_TOKEN"}         an environment variable of the wall's process (systemd's EnvironmentFile=)
    {"secret": "lgsp-client"}      a key of ``secrets.json`` in the wall's state folder:
                                   {"schema_version": 1, "secrets": {"lgsp-client": "..."}}, mode 600

A literal text where a secret is expected is a problem: the sources file is copied, mailed and shown in ``--check``;
the secrets file is readable by the wall's user only (a file others may read is refused, saying ``chmod 600``).
``Secrets.ref`` checks a reference when the sources file is read (the variable is set, the secret is in the file)
with problems that name the variable or the secret, never a value; ``SecretRef.value`` reads the value when a fetch
needs it, so a technician may fix a variable's file or the secrets file without a restart. The secrets file is read
again only when it changed (its mtime, size and inode).
"""

from __future__ import annotations

import difflib
import os
import stat
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from ioc_core.jsonfile import parse_json
from ioc_core.problems import InvalidFile, Problem, Severity
from ioc_core.sources.base import SourceError
from ioc_core.sources.spec import Spec

LITERAL = 'secrets never live in the sources file: use {"env": ...} or {"secret": ...}'


class SecretsFileError(SourceError):
    """The secrets file cannot be used (missing, readable by others, malformed); the message names the file only."""


@dataclass(frozen=True)
class SecretRef:
    """Where a secret lives; its value is read at fetch time and never shown (``repr`` names the place only)."""

    kind: str  # "env" or "secret"
    name: str
    store: Secrets = field(repr=False, compare=False)

    def value(self) -> str:
        return self.store.value(self)

    def __str__(self) -> str:
        return f"{self.kind}:{self.name}"


Credential = str | SecretRef  # a user name may be plain text; a password never is


def reveal(credential: Credential) -> str:
    """The text of a plain credential or the current value of a reference."""
    return credential.value() if isinstance(credential, SecretRef) else credential


class Secrets:
    """The places a wall's secrets come from: its environment and the secrets file of its state folder."""

    FILE_NAME = "secrets.json"

    def __init__(self, file: Path | None = None, env: Mapping[str, str] = os.environ):
        self.file = Path(file) if file is not None else None
        self.env = env
        self._lock = threading.Lock()
        self._cached: tuple[tuple, dict[str, str]] | None = None  # ((mtime_ns, size, inode), secrets)

    @classmethod
    def in_folder(cls, state_dir: Path, env: Mapping[str, str] = os.environ) -> Secrets:
        return cls(Path(state_dir) / cls.FILE_NAME, env)

    # -- reading the sources file ----------------------------------------------------------------------------------
    def ref(self, spec: Spec, key: str, required: bool = True) -> SecretRef | None:
        """The reference at ``spec[key]``, checked now (problems on ``spec``); None when absent or unusable."""
        if not spec.has(key):
            if required:
                spec.problem(f"'{key}' is required ({{\"env\": ...}} or {{\"secret\": ...}})", key)
            return None
        raw = spec.raw(key)
        if isinstance(raw, str):
            spec.problem(f"'{key}' is a literal text: {LITERAL}", key)
            return None
        sub = spec.sub(key)
        if not isinstance(raw, dict):
            return None  # sub() reported "expected an object"
        sub.known({"env", "secret"})
        places = [k for k in ("env", "secret") if k in raw]
        if len(places) != 1:
            spec.problem(f"'{key}' must name exactly one place: {{\"env\": \"VARIABLE\"}} or {{\"secret\": \"name\"}}",
                         key)
            return None
        kind = places[0]
        name = sub.text(kind, required=True)
        if not name:
            return None
        ref = SecretRef(kind, name, self)
        problem = self.missing(ref)
        if problem:  # set it and the source works from its next fetch, without a restart: a warning
            sub.problems.append(Problem(sub.file, sub.path_of(kind), f"{problem} (the source fails until it is)",
                                        Severity.WARNING))
        return ref

    def credential(self, spec: Spec, key: str, required: bool = True) -> Credential | None:
        """A value that may be plain text (a user name, a client id) or a reference."""
        raw = spec.raw(key)
        if isinstance(raw, str):
            return spec.text(key, required=required)
        return self.ref(spec, key, required)

    def missing(self, ref: SecretRef) -> str | None:
        """Why ``ref`` has no value now (naming the variable or secret, never a value), or None."""
        if ref.kind == "env":
            return None if self.env.get(ref.name) else f"environment variable {ref.name} is not set"
        try:
            secrets = self._secrets()
        except SecretsFileError as exc:
            return str(exc)
        if secrets.get(ref.name):
            return None
        near = difflib.get_close_matches(ref.name, [str(k) for k in secrets], n=1, cutoff=0.75)  # names, no values
        return f"secret '{ref.name}' is not in {self.file}" + (f" (did you mean '{near[0]}'?)" if near else "")

    # -- at fetch time ---------------------------------------------------------------------------------------------
    def value(self, ref: SecretRef) -> str:
        if ref.kind == "env":
            value = self.env.get(ref.name)
            if not value:
                raise SourceError(f"environment variable {ref.name} is not set")
            return value
        value = self._secrets().get(ref.name)
        if not value:
            raise SourceError(f"secret '{ref.name}' is not set")
        return value

    def _secrets(self) -> dict[str, str]:
        if self.file is None:
            raise SecretsFileError("no secrets file (the wall's state folder is not known): use {\"env\": ...}")
        with self._lock:
            try:
                st = os.stat(self.file)
            except FileNotFoundError:
                raise SecretsFileError(f"secrets file {self.file} not found") from None
            except OSError as exc:
                raise SecretsFileError(f"cannot read secrets file {self.file}: {exc.strerror}") from None
            if os.name == "posix" and st.st_mode & 0o077:
                raise SecretsFileError(f"secrets file {self.file} may be read by others (mode "
                                       f"{stat.S_IMODE(st.st_mode):o}): chmod 600 {self.file}")
            key = (st.st_mtime_ns, st.st_size, st.st_ino)
            if self._cached is not None and self._cached[0] == key:
                return self._cached[1]
            secrets = self._parse()
            self._cached = (key, secrets)
            return secrets

    def _parse(self) -> dict[str, str]:
        try:
            doc = parse_json(self.file.read_bytes(), str(self.file))
        except OSError as exc:
            raise SecretsFileError(f"cannot read secrets file {self.file}: {exc.strerror}") from None
        except InvalidFile as exc:  # the problem names a line and column, never the text there
            raise SecretsFileError("; ".join(str(p) for p in exc.problems)) from None
        shape = 'expected {"schema_version": 1, "secrets": {"name": "value", ...}}'
        if not isinstance(doc, dict) or doc.get("schema_version") != 1 or not isinstance(doc.get("secrets"), dict):
            raise SecretsFileError(f"secrets file {self.file}: {shape}")
        bad = sorted(k for k, v in doc["secrets"].items() if not isinstance(v, str))
        if bad:
            raise SecretsFileError(f"secrets file {self.file}: the value of {', '.join(bad)} must be a text")
        return dict(doc["secrets"])
