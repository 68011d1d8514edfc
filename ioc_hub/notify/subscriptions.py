"""A person's subscription to alert messages: which sectors and severities, quiet hours, and the channels.

    {"sectors": ["yte", "hcc"] or ["*"], "severities": ["critical", "warning"],
     "quiet": {"from": "22:00", "to": "06:00", "critical_too": false} or null,
     "channels": [{"kind": "email", "to": "a@b.vn"}, {"kind": "webhook", "gateway": "zalo", "to": "0912345678"}]}

Quiet hours are in the province's time (Asia/Ho_Chi_Minh): a message then is held until they end; with
"critical_too": true a critical one still goes at once (messages "even critical ones too" at night).

Whose addresses: a person setting their own subscription may only use their account's e-mail, their account's phone
(as a webhook's "to") and the channels an administrator set for them last (a Zalo user id, a Telegram chat id);
an administrator may set any. Otherwise anyone who may subscribe could send the province's alerts to an outside
mailbox, or to numbers billed to the province's SMS gateway (``Own``)."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from ioc_core.fmt import TZ

SEVERITIES = ("critical", "warning")
MAX_CHANNELS = 6
_TIME = re.compile(r"([01]\d|2[0-3]):([0-5]\d)")
_EMAIL = re.compile(r"[^@\s<>\"]{1,64}@[A-Za-z0-9.-]{1,190}\.[A-Za-z]{2,}")
_RECIPIENT = re.compile(r"[^\x00-\x1f\x7f]{1,128}")
ECHOED = ("stored", "gateways", "login")  # what GET adds: a client sending it back is not refused for it


class Refused(ValueError):
    """400: ``field`` names the JSON path, the message what is wrong."""

    def __init__(self, field: str, message: str):
        super().__init__(f"{field}: {message}")
        self.field = field


def phone_key(text: str) -> str:
    """A phone number as compared: separators dropped, +84 / 0084 written 0 ("+84 912 345 678" = "0912345678")."""
    digits = re.sub(r"[\s.\-()]", "", text or "")
    for prefix in ("+84", "0084"):
        if digits.startswith(prefix):
            digits = "0" + digits[len(prefix):]
    return digits


def channel_key(c: dict) -> tuple[str, str, str]:
    """(kind, gateway, to) as compared: an e-mail address in any case, a phone number however it is written."""
    to = c.get("to", "")
    return (c["kind"], c.get("gateway", ""), to.casefold() if c["kind"] == "email" else phone_key(to))


class Own:
    """The addresses a person may use on their own: the account's e-mail and phone, and the channels an
    administrator set for them (``approved``: channel_key tuples)."""

    def __init__(self, email: str, phone: str, approved=()):
        self.email, self.phone = (email or "").strip(), (phone or "").strip()
        self.approved = set(approved)

    def allows(self, c: dict) -> bool:
        if channel_key(c) in self.approved:
            return True
        if c["kind"] == "email":
            return bool(self.email) and c["to"].strip().casefold() == self.email.casefold()
        return bool(phone_key(self.phone)) and phone_key(c["to"]) == phone_key(self.phone)

    def why_not(self, c: dict) -> str:
        if c["kind"] == "email":
            return ("only your account's e-mail" if self.email else "your account has no e-mail") + \
                "; an administrator sets any other address (PUT /api/v1/people/<login>/subscription)"
        return ("only your account's phone number" if self.phone else "your account has no phone number") + \
            " or a recipient an administrator set for you; an administrator sets any other " \
            "(PUT /api/v1/people/<login>/subscription)"


def default(email: str) -> dict:
    """What a person who never subscribed has: nothing (nobody is messaged who did not ask), the account's e-mail
    ready as a channel."""
    return {"sectors": [], "severities": list(SEVERITIES), "quiet": None,
            "channels": [{"kind": "email", "to": email}] if email else []}


def checked(doc, sectors, gateways, own: Own | None = None) -> dict:
    """The subscription in ``doc`` as stored; Refused naming the first bad field. ``own``: the person sets their
    own subscription and may use only those addresses (None: an administrator, any address)."""
    if not isinstance(doc, dict):
        raise Refused("$", "send a JSON object: sectors, severities, quiet, channels")
    for key in doc:
        if key not in ("sectors", "severities", "quiet", "channels", *ECHOED):
            raise Refused(key, "not a field of a subscription (sectors, severities, quiet, channels)")
    chosen = doc.get("sectors", [])
    if not isinstance(chosen, list) or not all(isinstance(s, str) for s in chosen):
        raise Refused("sectors", "a list of sector ids, or [\"*\"] for every sector")
    for i, s in enumerate(chosen):
        if s != "*" and s not in sectors:
            raise Refused(f"sectors[{i}]", f"'{s}' is not a sector ({', '.join(sorted(sectors))}, or \"*\")")
    chosen = ["*"] if "*" in chosen else list(dict.fromkeys(chosen))
    severities = doc.get("severities", list(SEVERITIES))
    if not isinstance(severities, list) or not all(isinstance(s, str) for s in severities):
        raise Refused("severities", "a list: critical, warning")
    for i, s in enumerate(severities):
        if s not in SEVERITIES:
            raise Refused(f"severities[{i}]", f"'{s}' is not a severity (critical, warning)")
    quiet = doc.get("quiet")
    if quiet is not None:
        if not isinstance(quiet, dict):
            raise Refused("quiet", "{\"from\": \"22:00\", \"to\": \"06:00\", \"critical_too\": false} or null")
        for key in quiet:
            if key not in ("from", "to", "critical_too"):
                raise Refused(f"quiet.{key}", "not a field of quiet hours (from, to, critical_too)")
        for key in ("from", "to"):
            if not isinstance(quiet.get(key), str) or not _TIME.fullmatch(quiet[key]):
                raise Refused(f"quiet.{key}", f"{quiet.get(key)!r}: a time of day HH:MM, 00:00-23:59")
        if not isinstance(quiet.get("critical_too", False), bool):
            raise Refused("quiet.critical_too", "true or false")
        quiet = {"from": quiet["from"], "to": quiet["to"], "critical_too": quiet.get("critical_too", False)}
    channels = doc.get("channels", [])
    if not isinstance(channels, list):
        raise Refused("channels", "a list of {\"kind\": \"email\", \"to\"} or {\"kind\": \"webhook\", \"gateway\", "
                                  "\"to\"}")
    if len(channels) > MAX_CHANNELS:
        raise Refused("channels", f"at most {MAX_CHANNELS}")
    out = []
    for i, c in enumerate(channels):
        where = f"channels[{i}]"
        if not isinstance(c, dict):
            raise Refused(where, "an object: kind, to (and gateway for a webhook)")
        kind, to = c.get("kind"), c.get("to")
        if kind == "email":
            if set(c) - {"kind", "to"}:
                raise Refused(f"{where}.{sorted(set(c) - {'kind', 'to'})[0]}", "not a field of an e-mail channel")
            if not isinstance(to, str) or not _EMAIL.fullmatch(to.strip()):
                raise Refused(f"{where}.to", "an e-mail address")
            out.append({"kind": "email", "to": to.strip()})
        elif kind == "webhook":
            if set(c) - {"kind", "to", "gateway"}:
                raise Refused(f"{where}.{sorted(set(c) - {'kind', 'to', 'gateway'})[0]}",
                              "not a field of a webhook channel")
            gateway = c.get("gateway")
            if not isinstance(gateway, str) or gateway not in gateways:
                names = ", ".join(sorted(gateways)) or "none is configured"
                raise Refused(f"{where}.gateway", f"{gateway!r} is not a gateway of the hub ({names})")
            if not isinstance(to, str) or not _RECIPIENT.fullmatch(to.strip()):
                raise Refused(f"{where}.to", "the recipient as the gateway knows it (a phone number, a user id)")
            out.append({"kind": "webhook", "gateway": gateway, "to": to.strip()})
        else:
            raise Refused(f"{where}.kind", f"{kind!r}: email or webhook")
        if own is not None and not own.allows(out[-1]):
            raise Refused(f"{where}.to", own.why_not(out[-1]))
    keys = [channel_key(c) for c in out]
    if len(set(keys)) != len(keys):
        raise Refused("channels", "the same channel twice")
    return {"sectors": chosen, "severities": list(dict.fromkeys(severities)), "quiet": quiet, "channels": out}


def wants(sub: dict, sector: str, severity: str) -> bool:
    chosen = sub.get("sectors") or []
    return ("*" in chosen or sector in chosen) and severity in (sub.get("severities") or [])


def _minutes(hhmm: str) -> int:
    h, m = hhmm.split(":")
    return int(h) * 60 + int(m)


def quiet_until(quiet: dict | None, now_s: float, severity: str = "warning") -> float | None:
    """When the quiet hours around ``now_s`` end (epoch s), None when a message of ``severity`` goes now."""
    if not quiet or quiet["from"] == quiet["to"]:
        return None
    if severity == "critical" and quiet.get("critical_too", False):
        return None
    local = datetime.fromtimestamp(now_s, TZ)
    t, start, end = local.hour * 60 + local.minute, _minutes(quiet["from"]), _minutes(quiet["to"])
    inside = start <= t < end if start < end else (t >= start or t < end)
    if not inside:
        return None
    ends = local.replace(hour=end // 60, minute=end % 60, second=0, microsecond=0)
    if ends <= local:
        ends += timedelta(days=1)
    return ends.timestamp()
