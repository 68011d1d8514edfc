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
from urllib.parse import urlsplit, urlunsplit

MASK = "***"
# query and fragment names that hold a credential: token, access_token, apikey, password, pwd, sig, auth, session ...
_SECRET_NAME = re.compile(r"pass|pwd|token|secret|key|auth|sig|session|credential", re.IGNORECASE)
# in free text: the user info of any address, and the value of a secret-named query parameter (not one already masked)
_USERINFO_IN_TEXT = re.compile(r"\b([a-z][a-z0-9+.-]*://)[^\s/?#]+@", re.IGNORECASE)
_PARAM_IN_TEXT = re.compile(r"([?&#;][^=&\s#]*(?:pass|pwd|token|secret|key|auth|sig|session|credential)[^=&\s#]*=)"
                            r"(?!\*\*\*|…)[^&\s#]+", re.IGNORECASE)


# names a source's auth puts a credential under that _SECRET_NAME does not know (OpenWeatherMap's "appid")
_MORE_NAMES: set[str] = set()
_MORE_IN_TEXT: re.Pattern | None = None


def secret_param(name: str) -> None:
    """From now on, mask the value of the query parameter ``name`` wherever an address is logged or shown: an
    API key given in the query under a name that does not say it is one."""
    global _MORE_IN_TEXT
    if not name or _SECRET_NAME.search(name) or name in _MORE_NAMES:
        return
    _MORE_NAMES.add(name)
    names = "|".join(re.escape(n) for n in sorted(_MORE_NAMES))
    _MORE_IN_TEXT = re.compile(rf"([?&#;](?:{names})=)(?!\*\*\*|…)[^&\s#]+")


def redact(url: str) -> str:
    """``rtsp://admin:secret@10.0.0.5/ch1?token=abc&channel=1`` -> ``rtsp://***@10.0.0.5/ch1?token=***&channel=1``."""
    try:
        parts = urlsplit(url)
    except ValueError:  # not an address Python can take apart (a bad IPv6 bracket): masked as text
        return redact_text(url)
    netloc = parts.netloc
    if "@" in netloc:
        netloc = f"{MASK}@{netloc.rpartition('@')[2]}"
    query, fragment = _masked_params(parts.query), _masked_params(parts.fragment)
    if (netloc, query, fragment) == (parts.netloc, parts.query, parts.fragment):
        return url  # nothing to hide: the address exactly as given
    return urlunsplit((parts.scheme, netloc, parts.path, query, fragment))


def _masked_params(text: str) -> str:
    out = []
    for pair in text.split("&") if text else []:
        name, eq, value = pair.partition("=")
        out.append(f"{name}={MASK}" if eq and value and (_SECRET_NAME.search(name) or name in _MORE_NAMES) else pair)
    return "&".join(out)


def redact_text(text: str, values: Iterable[str] = ()) -> str:
    """Free text (a log line, an error message) with every address's secrets masked, and ``values`` (the
    credentials a request sent, which a server may echo anywhere in its answer) wherever they appear."""
    for value in sorted(values, key=len, reverse=True):  # the longest first: "Bearer abc" before "abc"
        text = text.replace(value, MASK)
    text = _PARAM_IN_TEXT.sub(rf"\1{MASK}", _USERINFO_IN_TEXT.sub(rf"\1{MASK}@", text))
    more = _MORE_IN_TEXT
    return more.sub(rf"\1{MASK}", text) if more is not None else text


def redact_doc(doc):
    """A JSON document (a command for the audit log) with the secrets of every address in it masked."""
    if isinstance(doc, dict):
        return {k: redact_doc(v) for k, v in doc.items()}
    if isinstance(doc, list):
        return [redact_doc(v) for v in doc]
    if isinstance(doc, str) and "://" in doc:
        return redact(doc)
    return doc


class LogFilter(logging.Filter):
    """Masks secrets in every record a handler writes, its traceback included."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = redact_text(message)
        if masked != message:
            record.msg, record.args = masked, None
        if record.exc_info:
            record.exc_text = redact_text(record.exc_text or logging.Formatter().formatException(record.exc_info))
        return True


def guard_logs(logger: logging.Logger | None = None) -> None:
    """Puts the filter on every handler of ``logger`` (the root logger: what ``logging.basicConfig`` set up)."""
    for handler in (logger or logging.getLogger()).handlers:
        if not any(isinstance(f, LogFilter) for f in handler.filters):
            handler.addFilter(LogFilter())
