"""Secrets kept out of what the wall shows and writes down (Qt-free).

An address may carry a secret in two places: its user name and password (``rtsp://admin:secret@10.0.0.5/ch1``) and a
query value a camera or a video system takes as its key (``?token=...``, ``&password=...``). Wherever an address is
logged, audited or shown to a console it goes through ``redact``; the wall keeps the real one only where it opens the
stream. Every line the wall logs also goes through ``LogFilter``, so an address inside a library's error message is
masked too.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from urllib.parse import unquote_plus, urlsplit, urlunsplit

MASK = "***"
# query and fragment names that hold a credential: token, access_token, apikey, password, pwd, sig, auth, session ...
_SECRET_NAME = re.compile(r"pass|pwd|token|secret|key|auth|sig|session|credential", re.IGNORECASE)
# in free text: the user info of any address
_USERINFO_IN_TEXT = re.compile(r"\b([a-z][a-z0-9+.-]*://)[^\s/?#]+@", re.IGNORECASE)
# a parameter's name and its '=', after what starts a parameter: '?', '&', '#' or ';' (a server may split on ';', and
# '&amp;' written into an address is '&' then 'amp;'): the name is matched alone so that a value never hides the
# next parameter from the search
_PARAM_NAME = re.compile(r"(?<=[?&#;])([^=&;\s#?]+)=")
# where a masked value ends: the next '&', a blank or the fragment (not ';', which only some servers split on: the
# value up to the next '&' is the longest a server may read)
_VALUE_END = re.compile(r"[&\s#]")

# names a source's auth puts a credential under that _SECRET_NAME does not know (OpenWeatherMap's "appid")
_MORE_NAMES: set[str] = set()


def secret_param(name: str) -> None:
    """From now on, mask the value of the query parameter ``name`` wherever an address is logged or shown: an
    API key given in the query under a name that does not say it is one."""
    if name and not _SECRET_NAME.search(name):
        _MORE_NAMES.add(name.casefold())


def _is_secret_name(name: str) -> bool:
    """Whether a parameter of this name, as written in an address, holds a credential: decided on the name as a
    server reads it (``%74oken``, ``to%6Ben`` and ``TOKEN`` are ``token``), once and twice percent-decoded (a proxy
    may decode once more), in any case."""
    once = unquote_plus(name)
    for spelling in (name, once, unquote_plus(once)):
        if _SECRET_NAME.search(spelling) or spelling.strip().casefold() in _MORE_NAMES:
            return True
    return False


def _masked_params(text: str) -> str:
    """``text`` with the value of every secret-named parameter after '?', '&', '#' or ';' masked, as written."""
    out, at = [], 0
    for match in _PARAM_NAME.finditer(text):
        start = match.end()
        if match.start() < at or not _is_secret_name(match.group(1)):
            continue  # inside a value masked already, or not a secret
        end_match = _VALUE_END.search(text, start)
        end = end_match.start() if end_match else len(text)
        value = text[start:end]
        if not value or value.startswith((MASK, "…")):
            continue
        out.append(text[at:start] + MASK)
        at = end
    return "".join(out) + text[at:] if out else text


def redact(url: str) -> str:
    """``rtsp://admin:secret@10.0.0.5/ch1?token=abc&channel=1`` -> ``rtsp://***@10.0.0.5/ch1?token=***&channel=1``."""
    try:
        parts = urlsplit(url)
    except ValueError:  # not an address Python can take apart (a bad IPv6 bracket): masked as text
        return redact_text(url)
    netloc = parts.netloc
    if "@" in netloc:
        netloc = f"{MASK}@{netloc.rpartition('@')[2]}"
    query = _masked_params("?" + parts.query)[1:]
    fragment = _masked_params("#" + parts.fragment)[1:]
    if (netloc, query, fragment) == (parts.netloc, parts.query, parts.fragment):
        return url  # nothing to hide: the address exactly as given
    return urlunsplit((parts.scheme, netloc, parts.path, query, fragment))


def redact_text(text: str, values: Iterable[str] = ()) -> str:
    """Free text (a log line, an error message) with every address's secrets masked, and ``values`` (the
    credentials a request sent, which a server may echo anywhere in its answer) wherever they appear."""
    for value in sorted(values, key=len, reverse=True):  # the longest first: "Bearer abc" before "abc"
        text = text.replace(value, MASK)
    return _masked_params(_USERINFO_IN_TEXT.sub(rf"\1{MASK}@", text))


def redact_doc(doc):
    """A JSON document (a command for the audit log) with the secrets of every address in it masked."""
    if isinstance(doc, dict):
        return {k: redact_doc(v) for k, v in doc.items()}
    if isinstance(doc, list):
        return [redact_doc(v) for v in doc]
    if isinstance(doc, str) and "://" in doc:
        return redact(doc)
    return doc


# what could end a log line or start a forged one: the C0 controls but tab, DEL, the C1 controls (NEL among them)
# and Unicode's line and paragraph separators (str.splitlines, which the journal's formatter uses, splits on them)
_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029]")
_ESCAPES = {"\n": r"\n", "\r": r"\r"}


def escape_controls(text: str) -> str:
    r"""``text`` on one line: CR and LF as ``\r`` and ``\n``, every other control character but tab as ``\xNN``
    (``\u2028`` for the line separators), so what an operator typed cannot start a line of its own in a log."""
    return _CONTROL.sub(lambda m: _ESCAPES.get(m[0]) or
                        (f"\\x{ord(m[0]):02x}" if ord(m[0]) < 0x100 else f"\\u{ord(m[0]):04x}"), text)


class LogFilter(logging.Filter):
    """Masks secrets in every record a handler writes, its traceback included, and keeps each record's message on
    one line (a region's or a preset's name with a newline in it cannot forge a second record). A traceback keeps
    its own lines: the formatter adds them, not what anyone typed."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = escape_controls(redact_text(message))
        if masked != message:
            record.msg, record.args = masked, None
        if record.exc_info:
            record.exc_text = redact_text(record.exc_text or logging.Formatter().formatException(record.exc_info))
        return True


def guard(handler: logging.Handler) -> logging.Handler:
    """``handler`` with the filter on it (once)."""
    if not any(isinstance(f, LogFilter) for f in handler.filters):
        handler.addFilter(LogFilter())
    return handler


def guard_logs(logger: logging.Logger | None = None) -> None:
    """Puts the filter on every handler of ``logger`` (the root logger: what ``logging.basicConfig`` set up)."""
    for handler in (logger or logging.getLogger()).handlers:
        guard(handler)
