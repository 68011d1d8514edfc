"""The hub's people (Qt-free): accounts with roles, passwords hashed with Argon2id (argon2-cffi), sessions for the
browser (a cookie holding a random id; the store keeps only its SHA-256), a CSRF token per session, and lockout after
repeated failures. Kept in ``people.sqlite`` in the hub's state folder (0600).

Roles, and what each may do (``CAPS``; every route names the one capability it needs and the server checks it):

    leader         reads; acknowledges, comments on and assigns alerts; asks the operators to show something on a wall
    operator       reads; acknowledges, comments, assigns; answers the leaders' wall requests; reads the delivery log
    clerk          reads; enters and uploads the figures of their own sectors (``sectors``), never approves them
    checker        reads; approves or rejects the figures clerks submit (never their own)
    technician     the operator's, and configures the hub (sources, gateways, deadlines)
    administrator  everything, and manages people

A machine (a wall, a console) keeps its bearer token (``ioc_core/api/tokens.py``); a token acts as its role allows
(``TOKEN_CAPS``) and never enters or approves figures: those need a named person, who the figure then names.

Lockout: ``FAILS`` wrong passwords for one login within ``WINDOW_S`` lock it for ``LOCK_S`` (its password is not even
checked meanwhile, so it cannot be guessed through the lock); ``ADDRESS_FAILS`` from one address lock that address
the same way. Each attempt is counted BEFORE its password is checked (and let go when it succeeds), so attempts
made at once cannot slip more than ``FAILS`` guesses past the lock. An administrator unlocks a login
(``unlock``) or an address (``unlock_key``; ``locks`` lists them: leaders behind one office's NAT share an
address). An unknown login is answered exactly like a wrong password, in the same time.

Argon2 (a tenth of a second) never runs while the store's lock is held: a session's lookup (every request) does
not wait for someone's password being hashed.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import os
import re
import secrets
import sqlite3
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from ioc_core.api.audit import Caller
from ioc_core.api.tokens import ROLES as TOKEN_ROLES
from ioc_core.api.tokens import Principal

log = logging.getLogger(__name__)

FILE_NAME = "people.sqlite"
ROLES = ("leader", "operator", "clerk", "checker", "technician", "administrator")
ROLE_NAMES_VI = {"leader": "Lãnh đạo", "operator": "Cán bộ vận hành", "clerk": "Cán bộ nhập liệu (sở, ngành)",
                 "checker": "Cán bộ kiểm duyệt số liệu", "technician": "Kỹ thuật viên", "administrator": "Quản trị"}
_OPERATE = {"read", "ack", "comment", "assign", "answer_wall", "deliveries", "subscribe", "operate"}
CAPS: dict[str, frozenset[str]] = {
    "leader": frozenset({"read", "ack", "comment", "assign", "ask_wall", "subscribe"}),
    "operator": frozenset(_OPERATE),
    "clerk": frozenset({"read", "enter", "subscribe"}),
    "checker": frozenset({"read", "check", "subscribe"}),
    "technician": frozenset(_OPERATE | {"configure"}),
    "administrator": frozenset(_OPERATE | {"configure", "people", "check", "ask_wall"}),
}
TOKEN_CAPS: dict[str, frozenset[str]] = {  # a machine's bearer token: never "enter", "check" or "people"
    "share": frozenset(),
    "viewer": frozenset({"read"}),
    "operator": frozenset(_OPERATE - {"subscribe"}),
    "technician": frozenset((_OPERATE - {"subscribe"}) | {"configure"}),
}
# the token ladder's names (the routes shared with the wall say "viewer", "operator"...) as a capability
LADDER = {"share": "read", "viewer": "read", "operator": "operate", "technician": "configure"}

FAILS, WINDOW_S, LOCK_S = 5, 15 * 60, 15 * 60
ADDRESS_FAILS = 20
IDLE_S = 7 * 24 * 3600  # a session not used for a week ends
LIFETIME_S = 30 * 24 * 3600  # and any session after a month
SEEN_EVERY_S = 60.0  # how often a session's last use is written (not on every request of 200 phones)
PASSWORD_MIN = 10
LOGIN = re.compile(r"[a-z0-9][a-z0-9._-]{1,63}")
NAME_MAX = 80
COOKIE = "ioc-hub-session"
SECURE_COOKIE = "__Host-ioc-hub-session"  # over HTTPS: the browser keeps it to this host, Secure, path /
CSRF_HEADER = "X-CSRF-Token"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS people (
    login TEXT PRIMARY KEY, name TEXT NOT NULL, role TEXT NOT NULL, sectors TEXT NOT NULL DEFAULT '[]',
    department TEXT NOT NULL DEFAULT '', email TEXT NOT NULL DEFAULT '', phone TEXT NOT NULL DEFAULT '',
    hash TEXT NOT NULL, created_at REAL NOT NULL, disabled INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS sessions (
    id_hash TEXT PRIMARY KEY, login TEXT NOT NULL, csrf TEXT NOT NULL, created_at REAL NOT NULL,
    seen_at REAL NOT NULL, address TEXT NOT NULL DEFAULT ''
);
CREATE TABLE IF NOT EXISTS failures (key TEXT NOT NULL, at REAL NOT NULL);
CREATE INDEX IF NOT EXISTS failures_key ON failures (key, at);
CREATE TABLE IF NOT EXISTS locks (key TEXT PRIMARY KEY, until REAL NOT NULL);
"""


class PeopleError(ValueError):
    """A refused change to the people: the message says which field and why (shown to the administrator)."""


@dataclass(frozen=True)
class Person:
    login: str
    name: str
    role: str
    sectors: tuple[str, ...] = ()  # a clerk's sectors (whose figures they enter)
    department: str = ""  # "Sở Y tế": what an alert is assigned to, and who a missed deadline is messaged to
    email: str = ""
    phone: str = ""
    disabled: bool = False

    @property
    def caps(self) -> frozenset[str]:
        return CAPS[self.role]

    def to_json(self) -> dict:
        """As the API answers it (never a hash)."""
        return {"login": self.login, "name": self.name, "role": self.role, "role_vi": ROLE_NAMES_VI[self.role],
                "sectors": list(self.sectors), "department": self.department, "email": self.email,
                "phone": self.phone, "disabled": self.disabled}


@dataclass(frozen=True)
class Session:
    id_hash: str
    login: str
    csrf: str
    created_at: float
    seen_at: float


@dataclass(frozen=True)
class Login:
    """What a sign-in came to: ``person`` and ``session_id`` (the cookie's value) when it succeeded; otherwise
    ``locked_s`` > 0 when the login or the address is locked (answer 429 with Retry-After), else a wrong login or
    password (401, the same answer for both)."""

    person: Person | None = None
    session_id: str = ""
    csrf: str = ""
    locked_s: float = 0.0
    lock_started: tuple[str, ...] = ()  # the lock keys ("login:x", "address:a") this very attempt locked


@dataclass(frozen=True)
class HubCaller(Caller):
    """Who a hub request is from: a person signed in (``person``, ``session``) or a machine's bearer token. ``may``
    takes a capability ("ack", "enter"...) or a token role of the ladder shared with the wall ("viewer"...)."""

    caps: frozenset = frozenset()
    person: Person | None = None
    session: Session | None = None
    address: str = ""  # the connection's address (the server's PEER_HEADER): what lockout counts by

    def may(self, need: str) -> bool:
        if self.person is None and need in TOKEN_ROLES:
            return Principal.may(self, need)
        return LADDER.get(need, need) in self.caps

    def may_sector(self, sector: str) -> bool:
        """A clerk enters only their own sectors' figures; anyone else allowed to enter, any sector."""
        return self.person is None or self.person.role != "clerk" or sector in self.person.sectors

    @property
    def display(self) -> str:
        """The name the hub records and shows: the person's full name and login, or the token's name."""
        return f"{self.person.name} ({self.person.login})" if self.person is not None else self.name

    @classmethod
    def of_token(cls, who: Principal, client: str = "", address: str = "") -> HubCaller:
        return cls(who.name, who.role, client, caps=TOKEN_CAPS.get(who.role, frozenset()), address=address)

    @classmethod
    def of_person(cls, person: Person, session: Session | None, client: str = "", address: str = "") -> HubCaller:
        return cls(person.login, person.role, client, caps=person.caps, person=person, session=session,
                   address=address)


def _digest(session_id: str) -> str:
    return hashlib.sha256(session_id.encode()).hexdigest()


def cookie_value(headers_cookie: str | None, secure: bool) -> str | None:
    """The session id in a request's Cookie header (None: none)."""
    if not headers_cookie:
        return None
    wanted = SECURE_COOKIE if secure else COOKIE
    for part in headers_cookie.split(";"):
        name, _, value = part.strip().partition("=")
        if name == wanted and value:
            return value
    return None


def set_cookie(session_id: str, secure: bool, max_age: int = IDLE_S) -> str:
    """The Set-Cookie header's value: HttpOnly (no script reads it), SameSite=Strict (no other site's page sends it),
    Secure and host-only over HTTPS."""
    name = SECURE_COOKIE if secure else COOKIE
    return (f"{name}={session_id}; Path=/; Max-Age={max_age}; HttpOnly; SameSite=Strict"
            + ("; Secure" if secure else ""))


def clear_cookie(secure: bool) -> str:
    return set_cookie("", secure, 0)


class People:
    """The accounts, sessions and failures, thread-safe (the API's worker threads). ``clock``: epoch seconds."""

    def __init__(self, path: Path, clock=time.time, hasher: PasswordHasher | None = None):
        self.path = Path(path)
        self.clock = clock
        self.hasher = hasher or PasswordHasher()  # Argon2id, the library's defaults (RFC 9106's second choice)
        self._lock = threading.RLock()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        if not self.path.exists():
            os.close(os.open(self.path, os.O_CREAT | os.O_WRONLY, 0o600))
        self.db = sqlite3.connect(str(self.path), check_same_thread=False, isolation_level=None, timeout=10)
        self.db.row_factory = sqlite3.Row
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.executescript(_SCHEMA)
        self._sessions: dict[str, tuple[Session, Person, float]] = {}  # by id hash: (session, person, read at)
        self._dummy = self.hasher.hash(secrets.token_urlsafe(16))  # an unknown login costs a verify too

    def close(self) -> None:
        with self._lock:
            self.db.close()

    # -- people ---------------------------------------------------------------------------------------------
    def add(self, login: str, name: str, role: str, password: str, sectors=(), department: str = "",
            email: str = "", phone: str = "", known_sectors=None) -> Person:
        person = self._checked(login, name, role, sectors, department, email, phone, known_sectors)
        self._check_password(password)
        with self._lock:
            if self._row(login) is not None:
                raise PeopleError(f"login: '{login}' exists already")
        digest = self.hasher.hash(password)  # outside the lock: sessions are looked up meanwhile
        with self._lock:
            if self._row(login) is not None:
                raise PeopleError(f"login: '{login}' exists already")
            self.db.execute("INSERT INTO people (login, name, role, sectors, department, email, phone, hash, "
                            "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                            (person.login, person.name, person.role, json.dumps(list(person.sectors)),
                             person.department, person.email, person.phone, digest, self.clock()))
        return person

    def update(self, login: str, known_sectors=None, **changes) -> Person:
        """Name, role, sectors, department, email, phone or disabled changed; a role change or a disabling ends the
        person's sessions (what they may do is read again at the next sign-in)."""
        with self._lock:
            old, person, disabled = self.checked_update(login, known_sectors, **changes)
            self.db.execute("UPDATE people SET name=?, role=?, sectors=?, department=?, email=?, phone=?, disabled=? "
                            "WHERE login=?", (person.name, person.role, json.dumps(list(person.sectors)),
                                              person.department, person.email, person.phone, int(disabled), login))
            if disabled or person.role != old.role or person.sectors != old.sectors:
                self.end_sessions(login)
            else:
                self._forget_cached(login)
        return self.get(login)

    def checked_update(self, login: str, known_sectors=None, **changes) -> tuple[Person, Person, bool]:
        """(the person now, the person as ``update`` would make them, disabled) or PeopleError naming the field:
        nothing is changed (so a route can check every field of a request before changing any)."""
        allowed = {"name", "role", "sectors", "department", "email", "phone", "disabled"}
        if unknown := set(changes) - allowed:
            raise PeopleError(f"{sorted(unknown)[0]}: not a field of a person ({', '.join(sorted(allowed))})")
        old = self.get(login)
        if old is None:
            raise KeyError(login)
        merged = {**old.__dict__, **changes}
        disabled = merged.pop("disabled")
        if not isinstance(disabled, bool):
            raise PeopleError("disabled: true or false")
        return old, self._checked(known_sectors=known_sectors, **merged), disabled

    def set_password(self, login: str, password: str) -> None:
        """A new password; every session of the person ends."""
        self._check_password(password)
        if self.get(login) is None:
            raise KeyError(login)
        digest = self.hasher.hash(password)  # outside the lock: sessions are looked up meanwhile
        with self._lock:
            if self.db.execute("UPDATE people SET hash=? WHERE login=?", (digest, login)).rowcount == 0:
                raise KeyError(login)
            self.end_sessions(login)

    def remove(self, login: str) -> bool:
        with self._lock:
            self.end_sessions(login)
            return self.db.execute("DELETE FROM people WHERE login=?", (login,)).rowcount > 0

    def get(self, login: str) -> Person | None:
        with self._lock:
            row = self._row(login)
        return _person(row) if row is not None else None

    def all(self) -> list[Person]:
        with self._lock:
            rows = self.db.execute("SELECT * FROM people ORDER BY login").fetchall()
        return [_person(r) for r in rows]

    def with_role(self, *roles: str) -> list[Person]:
        return [p for p in self.all() if p.role in roles and not p.disabled]

    def departments(self) -> list[str]:
        """The departments people belong to, sorted (what an alert may be assigned to)."""
        return sorted({p.department for p in self.all() if p.department and not p.disabled})

    def _row(self, login: str):
        return self.db.execute("SELECT * FROM people WHERE login=?", (login,)).fetchone()

    def _checked(self, login, name, role, sectors, department, email, phone, known_sectors=None) -> Person:
        if not isinstance(login, str) or not LOGIN.fullmatch(login):
            raise PeopleError(f"login: '{login}' must be 2-64 characters: a-z, 0-9, '.', '_' or '-', "
                              "starting with a letter or digit")
        if not isinstance(name, str) or not name.strip() or len(name) > NAME_MAX \
                or any(ord(c) < 0x20 or 0x7F <= ord(c) < 0xA0 for c in name):
            raise PeopleError(f"name: 1-{NAME_MAX} characters of text, no control characters")
        if role not in ROLES:
            raise PeopleError(f"role: '{role}' is not one of {', '.join(ROLES)}")
        if isinstance(sectors, str) or not all(isinstance(s, str) for s in sectors):
            raise PeopleError("sectors: a list of sector codes")
        sectors = tuple(dict.fromkeys(sectors))
        if known_sectors is not None and (bad := [s for s in sectors if s not in known_sectors]):
            raise PeopleError(f"sectors: '{bad[0]}' is not a sector of the catalogue ({', '.join(known_sectors)})")
        if role == "clerk" and not sectors:
            raise PeopleError("sectors: a clerk enters the figures of one sector or more: name them")
        for key, value, limit in (("department", department, NAME_MAX), ("email", email, 254), ("phone", phone, 32)):
            if not isinstance(value, str) or len(value) > limit or any(ord(c) < 0x20 for c in value):
                raise PeopleError(f"{key}: text of at most {limit} characters")
        if email and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", email):
            raise PeopleError(f"email: '{email}' is not an e-mail address")
        return Person(login, name.strip(), role, sectors, department.strip(), email.strip(), phone.strip())

    @staticmethod
    def check_new_password(password) -> None:
        """PeopleError when ``password`` may not be a password (too short, too long)."""
        People._check_password(password)

    @staticmethod
    def _check_password(password) -> None:
        if not isinstance(password, str) or len(password) < PASSWORD_MIN:
            raise PeopleError(f"password: at least {PASSWORD_MIN} characters")
        if len(password) > 1024:
            raise PeopleError("password: at most 1024 characters")

    # -- signing in -----------------------------------------------------------------------------------------
    def sign_in(self, login: str, password: str, address: str = "") -> Login:
        """Check a login and password (a few tens of milliseconds of Argon2: call it off any loop) and open a
        session; every outcome is counted against lockout as the module says."""
        login = login.strip().lower() if isinstance(login, str) else ""
        checked, row = self._attempt(login, password, address)
        if checked.person is None:
            return checked
        now = self.clock()
        session_id, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
        with self._lock:
            self.db.execute("INSERT INTO sessions (id_hash, login, csrf, created_at, seen_at, address) "
                            "VALUES (?, ?, ?, ?, ?, ?)", (_digest(session_id), login, csrf, now, now, address))
            self.db.execute("DELETE FROM sessions WHERE seen_at < ? OR created_at < ?",
                            (now - IDLE_S, now - LIFETIME_S))
        return Login(checked.person, session_id, csrf)

    def check_password(self, login: str, password: str, address: str) -> Login:
        """``sign_in``'s check without a session (a person confirming their password to change it): counted
        against lockout the same way, by ``address`` (the connection's) and the login. ``person`` set: right."""
        return self._attempt(login, password, address)[0]

    def _attempt(self, login: str, password, address: str):
        """(Login without a session, the person's row or None). The attempt is counted as a failure before the
        password is checked and let go if it was right: attempts made at once each see the others'."""
        now = self.clock()
        keys = (f"login:{login}", f"address:{address}")
        limits = (FAILS, ADDRESS_FAILS)
        with self._lock:
            locked = max(self._locked_until(k) for k in keys) - now
            if locked > 0:
                return Login(locked_s=locked), None
            mine, over = [], False
            for key, limit in zip(keys, limits, strict=True):
                self.db.execute("DELETE FROM failures WHERE key=? AND at < ?", (key, now - WINDOW_S))
                mine.append(self.db.execute("INSERT INTO failures (key, at) VALUES (?, ?)", (key, now)).lastrowid)
                (n,) = self.db.execute("SELECT count(*) FROM failures WHERE key=?", (key,)).fetchone()
                over = over or n > limit  # more attempts under way than the limit: this one is not checked
            if over:
                started = self._lock_full(keys, limits, now)
                return Login(locked_s=LOCK_S, lock_started=started), None
            row = self._row(login) if LOGIN.fullmatch(login) else None
        ok = False
        try:
            ok = self.hasher.verify(row["hash"] if row is not None else self._dummy, password if isinstance(
                password, str) else "")
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            ok = False
        if row is None or row["disabled"]:
            ok = False
        if not ok:
            with self._lock:
                started = self._lock_full(keys, limits, now)
            return Login(lock_started=started), None
        rehash = self.hasher.hash(password) if self.hasher.check_needs_rehash(row["hash"]) else None
        with self._lock:
            self.db.execute("DELETE FROM failures WHERE key=?", (keys[0],))
            self.db.execute("DELETE FROM failures WHERE rowid=?", (mine[1],))
            if rehash is not None:
                self.db.execute("UPDATE people SET hash=? WHERE login=? AND hash=?", (rehash, login, row["hash"]))
        return Login(_person(row)), row

    def _lock_full(self, keys, limits, now: float) -> tuple[str, ...]:
        """Lock each key whose failures reached its limit and is not locked yet: the keys locked now."""
        started = []
        for key, limit in zip(keys, limits, strict=True):
            (n,) = self.db.execute("SELECT count(*) FROM failures WHERE key=?", (key,)).fetchone()
            if n >= limit and self._locked_until(key) <= now:
                self.db.execute("INSERT OR REPLACE INTO locks (key, until) VALUES (?, ?)", (key, now + LOCK_S))
                log.warning("sign-in locked for %d min: %s (%d failures)", LOCK_S // 60, key, n)
                started.append(key)
        return tuple(started)

    def _locked_until(self, key: str) -> float:
        row = self.db.execute("SELECT until FROM locks WHERE key=?", (key,)).fetchone()
        return row[0] if row else 0.0

    def locked(self, login: str) -> float:
        """Seconds the login stays locked (0: it is not)."""
        with self._lock:
            return max(0.0, self._locked_until(f"login:{login}") - self.clock())

    def unlock(self, login: str) -> bool:
        return self.unlock_key(f"login:{login}")

    def unlock_key(self, key: str) -> bool:
        """A lock lifted and its failures forgotten: ``login:<login>`` or ``address:<address>``. True: it was
        locked."""
        with self._lock:
            self.db.execute("DELETE FROM failures WHERE key=?", (key,))
            return self.db.execute("DELETE FROM locks WHERE key=? AND until > ?",
                                   (key, self.clock())).rowcount > 0

    def locks(self) -> list[dict]:
        """The locks in force: [{"key", "kind" (login|address), "name", "locked_s"}], the longest first."""
        now = self.clock()
        with self._lock:
            self.db.execute("DELETE FROM locks WHERE until <= ?", (now,))
            rows = self.db.execute("SELECT key, until FROM locks ORDER BY until DESC").fetchall()
        return [{"key": key, "kind": key.partition(":")[0], "name": key.partition(":")[2],
                 "locked_s": round(until - now)} for key, until in rows]

    # -- sessions -------------------------------------------------------------------------------------------
    def session(self, session_id: str | None) -> tuple[Session, Person] | None:
        """The session and its person for a cookie's value; None when it is unknown, ended or expired, or the
        person is disabled. Read from memory for a minute (200 phones polling do not each read the file)."""
        if not session_id or len(session_id) > 128:
            return None
        key, now = _digest(session_id), self.clock()
        with self._lock:
            cached = self._sessions.get(key)
            if cached is None or now - cached[2] > SEEN_EVERY_S:
                row = self.db.execute("SELECT * FROM sessions WHERE id_hash=?", (key,)).fetchone()
                person_row = self._row(row["login"]) if row is not None else None
                if row is None or person_row is None or person_row["disabled"]:
                    self._sessions.pop(key, None)
                    return None
                s = Session(row["id_hash"], row["login"], row["csrf"], row["created_at"], row["seen_at"])
                if now - s.seen_at > IDLE_S or now - s.created_at > LIFETIME_S:
                    self.db.execute("DELETE FROM sessions WHERE id_hash=?", (key,))
                    self._sessions.pop(key, None)
                    return None
                self.db.execute("UPDATE sessions SET seen_at=? WHERE id_hash=?", (now, key))
                cached = self._sessions[key] = (s, _person(person_row), now)
            return cached[0], cached[1]

    def end_session(self, session_id: str) -> None:
        self.end_session_hash(_digest(session_id))

    def end_session_hash(self, key: str) -> None:
        with self._lock:
            self.db.execute("DELETE FROM sessions WHERE id_hash=?", (key,))
            self._sessions.pop(key, None)

    def end_sessions(self, login: str) -> int:
        with self._lock:
            n = self.db.execute("DELETE FROM sessions WHERE login=?", (login,)).rowcount
            self._forget_cached(login)
            return n

    def _forget_cached(self, login: str) -> None:
        for key in [k for k, (s, _p, _t) in self._sessions.items() if s.login == login]:
            del self._sessions[key]

    @staticmethod
    def csrf_ok(session: Session, sent: str | None) -> bool:
        return bool(sent) and hmac.compare_digest(session.csrf.encode(), sent.encode())


def _person(row) -> Person:
    return Person(row["login"], row["name"], row["role"], tuple(json.loads(row["sectors"])), row["department"],
                  row["email"], row["phone"], bool(row["disabled"]))


__all__ = ["CAPS", "COOKIE", "CSRF_HEADER", "FILE_NAME", "LADDER", "ROLES", "ROLE_NAMES_VI", "SECURE_COOKIE",
           "TOKEN_CAPS", "TOKEN_ROLES",
           "HubCaller", "Login", "People", "PeopleError", "Person", "Session", "clear_cookie", "cookie_value",
           "set_cookie"]


def cli(argv: list[str]) -> int:
    """``ioc-hub add-person LOGIN --role ROLE --name NAME [--sectors a,b] [--department D] [--email E]``: an
    account, its password read from standard input (one line) or asked for; ``ioc-hub people``: the accounts."""
    import argparse
    import getpass
    import sys

    from ioc_hub.app import default_state_dir

    listing = argv[:1] == ["people"]
    p = argparse.ArgumentParser(prog=f"ioc-hub {argv[0] if argv else 'add-person'}",
                                description="The hub's people: their accounts and roles.")
    if not listing:
        p.add_argument("login", help="the sign-in name: a-z, 0-9, '.', '_', '-' (nguyenvana)")
        p.add_argument("--role", required=True, choices=ROLES)
        p.add_argument("--name", required=True, help="the full name, as records show it (Nguyễn Văn A)")
        p.add_argument("--sectors", default="", help="a clerk's sectors, comma-separated (ktxh,dulich)")
        p.add_argument("--department", default="", help="the person's department (Sở Y tế)")
        p.add_argument("--email", default="")
        p.add_argument("--phone", default="")
    p.add_argument("--state-dir", type=Path,
                   default=Path(os.environ["IOC_HUB_STATE_DIR"]) if os.environ.get("IOC_HUB_STATE_DIR") else None,
                   help="the hub's state folder (default: the hub's)")
    args = p.parse_args(argv[1:])
    state = args.state_dir or default_state_dir(False)
    people = People(state / FILE_NAME)
    try:
        if listing:
            for person in people.all():
                print("\t".join([person.login, person.role, person.name, ",".join(person.sectors)]
                                + (["disabled"] if person.disabled else [])))
            return 0
        if sys.stdin.isatty():
            password = getpass.getpass(f"password for {args.login}: ")
            if getpass.getpass("again: ") != password:
                print("ioc-hub add-person: the two passwords differ", file=sys.stderr)
                return 2
        else:
            password = sys.stdin.readline().rstrip("\n")
        from ioc_core.catalogue import load_catalogue

        sectors = [s for s in args.sectors.split(",") if s]
        person = people.add(args.login, args.name, args.role, password, sectors, args.department, args.email,
                            args.phone, known_sectors=list(load_catalogue().sectors))
    except PeopleError as exc:
        print(f"ioc-hub add-person: {exc}", file=sys.stderr)
        return 2
    finally:
        people.close()
    print(f"{person.login} added: {ROLE_NAMES_VI[person.role]} ({person.role})"
          + (f", sectors {', '.join(person.sectors)}" if person.sectors else ""))
    return 0
