"""Bearer tokens: created at first start, kept in a file only the wall's user can read, compared in constant time.

Roles, each allowed what the one before it may do: ``share`` only watches the share-out (the link handed to remote
meeting rooms and phones: nothing else of the wall, and it may travel in an address); ``viewer`` reads; ``operator``
also sends commands and acknowledges alerts; ``technician`` also edits layouts and configuration (issue 9).
A province can name one token per console (``"name": "console-phong-hop"``): the name is who the audit log says did it.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import logging
import os
import secrets
import stat
import threading
from dataclasses import dataclass
from pathlib import Path

from ioc_core.jsonfile import NEW_FILE_MODE, write_bytes_atomic

log = logging.getLogger(__name__)

ROLES = ("share", "viewer", "operator", "technician")
FILE_NAME = "api-tokens.json"


@dataclass(frozen=True)
class Principal:
    name: str
    role: str

    def may(self, role: str) -> bool:
        return ROLES.index(self.role) >= ROLES.index(role)


def _share_entry() -> dict:
    return {"name": "share", "role": "share", "token": secrets.token_urlsafe(32)}


class TokenError(ValueError):
    pass


def _entries(doc: dict) -> list[tuple[bytes, Principal]]:
    """The token file's entries, each checked (TokenError names the first bad one)."""
    tokens = []
    for n, e in enumerate(doc["tokens"]):
        if e.get("role") not in ROLES:
            raise TokenError(f"tokens[{n}]: role must be one of {', '.join(ROLES)}")
        if not isinstance(e.get("token"), str) or len(e["token"]) < 24:
            raise TokenError(f"tokens[{n}]: a token needs at least 24 characters")
        if not isinstance(e.get("name"), str) or not e["name"]:
            raise TokenError(f"tokens[{n}]: a token needs a name (who the audit log names)")
        tokens.append((e["token"].encode(), Principal(e["name"], e["role"])))
    return tokens


class TokenStore:
    def __init__(self, path: Path):
        self.path = Path(path)
        self._tokens: list[tuple[bytes, Principal]] = []
        self._lock = threading.Lock()  # one change of the file at a time (a rotation)
        if not self.path.exists():
            self._create()
        self._seen = self._stamp()  # the file as read: ``refresh`` reads it again once it changes
        self._load()

    def _create(self) -> None:
        doc = {"schema_version": 1, "tokens": [
            {"name": "operator", "role": "operator", "token": secrets.token_urlsafe(32)},
            {"name": "technician", "role": "technician", "token": secrets.token_urlsafe(32)},
            {"name": "viewer", "role": "viewer", "token": secrets.token_urlsafe(32)},
            _share_entry(),
        ]}
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._write(doc, os.O_EXCL)
        log.warning("created API tokens in %s (readable by this user only)", self.path)

    def _write(self, doc: dict, flags: int = 0) -> None:
        """The file rewritten whole (jsonfile's atomic writer: the old file or the new one, never a torn one, and no
        copy left behind when the disk refuses it; 0600 whatever the umask), or created with ``O_EXCL`` when it is
        new (removed again when it cannot be written whole). An OSError propagates, the file as it was."""
        payload = (json.dumps(doc, indent=2) + "\n").encode("utf-8")
        if not flags:
            write_bytes_atomic(self.path, payload, NEW_FILE_MODE)
            return
        # created 0600: never readable by others, not even for a moment
        fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | flags, NEW_FILE_MODE)
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(payload)
                f.flush()
                os.fsync(f.fileno())
        except BaseException:
            with contextlib.suppress(OSError):
                self.path.unlink()  # an empty or torn token file would stop the next start
            raise

    def _load(self) -> None:
        mode = stat.S_IMODE(self.path.stat().st_mode)
        if os.name == "posix" and mode & 0o077:
            os.chmod(self.path, 0o600)
            log.warning("API token file %s was readable by others (%o); now 600", self.path, mode)
        try:
            doc = json.loads(self.path.read_text(encoding="utf-8"))
            tokens = _entries(doc)
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
            raise TokenError(f"{self.path}: {exc}") from exc
        if not any(who.role == "share" for _, who in tokens):  # a token file from before the share-out
            entry = _share_entry()
            doc["tokens"].append(entry)
            self._write(doc)
            tokens.append((entry["token"].encode(), Principal(entry["name"], entry["role"])))
            log.warning("added a share token to %s (for the share-out's link)", self.path)
        self._tokens = tokens

    def authenticate(self, authorization: str | None) -> Principal | None:
        """The principal of an ``Authorization: Bearer ...`` header, or None. Every token is compared, in constant
        time, so the answer's timing says nothing about which one nearly matched."""
        if not authorization or not authorization.startswith("Bearer "):
            return None
        given = authorization[len("Bearer "):].strip().encode()
        found = None
        for token, who in self._tokens:
            if hmac.compare_digest(token, given):
                found = who
        return found

    def rotate(self, role: str) -> str:
        """A new token for the first entry of ``role`` (the share link, once handed out too widely): written to the
        file, kept as the file's other entries are, and the old token refused from now on. Returns the new one."""
        with self._lock:
            try:
                doc = json.loads(self.path.read_text(encoding="utf-8"))
                entry = next(e for e in doc["tokens"] if isinstance(e, dict) and e.get("role") == role)
            except (OSError, ValueError, KeyError, TypeError, StopIteration) as exc:
                raise TokenError(f"{self.path}: no {role} token to replace ({type(exc).__name__})") from None
            entry["token"] = secrets.token_urlsafe(32)
            try:
                tokens = _entries(doc)  # checked before it is written: a file that cannot be loaded stays as it was
            except (ValueError, KeyError, TypeError, AttributeError) as exc:
                raise TokenError(f"{self.path}: {exc}") from None
            self._write(doc)
            self._tokens = tokens
            log.warning("the %s token was replaced (sha256 now %s): links with the old one no longer open", role,
                        self.fingerprint(entry["token"])[7:])
            return entry["token"]

    def issue(self, name: str, role: str) -> str:
        """A new token named ``name`` with ``role`` (a hub's token for a wall: ``ioc-hub add-wall``), written to the
        file; a token of that name already there is replaced (its old value refused from now on). Returns it."""
        if role not in ROLES:
            raise TokenError(f"role must be one of {', '.join(ROLES)}")
        with self._lock:
            try:
                doc = json.loads(self.path.read_text(encoding="utf-8"))
                kept = [e for e in doc["tokens"] if not (isinstance(e, dict) and e.get("name") == name)]
            except (OSError, ValueError, KeyError, TypeError) as exc:
                raise TokenError(f"{self.path}: {exc}") from None
            token = secrets.token_urlsafe(32)
            doc["tokens"] = [*kept, {"name": name, "role": role, "token": token}]
            try:
                tokens = _entries(doc)
            except (ValueError, KeyError, TypeError, AttributeError) as exc:
                raise TokenError(f"{self.path}: {exc}") from None
            self._write(doc)
            self._tokens = tokens
            self._seen = self._stamp()
            log.warning("a token for '%s' (role %s) was issued (sha256 %s)", name, role, self.fingerprint(token)[7:])
            return token

    def refresh(self) -> None:
        """Read the file again when another process changed it (``ioc-hub add-wall`` beside a running hub); a file
        that cannot be read now keeps the tokens as they were, said in the log."""
        stamp = self._stamp()
        if stamp == self._seen:
            return
        with self._lock:
            self._seen = stamp
            try:
                self._load()
            except TokenError as exc:
                log.error("API tokens not re-read, the ones read before still hold: %s", exc)

    def _stamp(self) -> tuple:
        try:
            st = self.path.stat()
        except OSError:
            return ()
        return (st.st_mtime_ns, st.st_size, st.st_ino)

    def token(self, role: str) -> str | None:
        """The first token of ``role``: shown on the identify overlay for the technician standing at the wall."""
        return next((t.decode() for t, who in self._tokens if who.role == role), None)

    @staticmethod
    def fingerprint(token: str) -> str:
        """Enough to tell tokens apart in a log without giving any of one away: a hash, not a prefix."""
        return "sha256:" + hashlib.sha256(token.encode()).hexdigest()[:8]
