"""Where the wall's log lines go and how they look (Qt-free).

Run by systemd, the wall's stderr is a stream into the journal: each line then starts with its syslog priority
(``<4>`` for a warning), so ``journalctl -p warning`` finds warnings and errors; the journal keeps its own time stamps.
Anywhere else (a terminal, a test reading stderr, Windows) lines keep the plain format with the time.
"""

from __future__ import annotations

import logging
import os
import sys
from typing import TextIO

from ioc_core.redact import guard

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
JOURNAL_FORMAT = "%(levelname)s %(name)s: %(message)s"


def syslog_priority(levelno: int) -> int:
    """The syslog priority of a logging level: 2 critical, 3 error, 4 warning, 6 info, 7 debug."""
    for floor, priority in ((logging.CRITICAL, 2), (logging.ERROR, 3), (logging.WARNING, 4), (logging.INFO, 6)):
        if levelno >= floor:
            return priority
    return 7


class JournalFormatter(logging.Formatter):
    """Each line of a record (a traceback's too: the journal keeps every line as an entry of its own) carries the
    record's priority prefix."""

    def __init__(self, fmt: str = JOURNAL_FORMAT):
        super().__init__(fmt)

    def format(self, record: logging.LogRecord) -> str:
        prefix = f"<{syslog_priority(record.levelno)}>"
        return "\n".join(prefix + line for line in super().format(record).splitlines() or [""])


def is_journal_stream(stream: TextIO, env: dict | None = None) -> bool:
    """True when ``stream`` is the journal stream systemd gave this process: $JOURNAL_STREAM names its device and
    inode (a child that inherited the variable but writes elsewhere, a pipe in a test, is not)."""
    value = (os.environ if env is None else env).get("JOURNAL_STREAM", "")
    try:
        dev, ino = (int(part) for part in value.split(":"))
        st = os.fstat(stream.fileno())
    except (ValueError, OSError, AttributeError):  # unset or malformed; a stream without a file (pythonw: None)
        return False
    return (st.st_dev, st.st_ino) == (dev, ino)


def stderr_handler(stream: TextIO | None = None) -> logging.Handler:
    """The wall's log handler: the journal's format when stderr goes to the journal, the plain one otherwise; every
    record through it with its secrets masked and its message on one line (``redact.LogFilter``), whoever logs it."""
    stream = sys.stderr if stream is None else stream
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JournalFormatter() if is_journal_stream(stream) else logging.Formatter(FORMAT))
    return guard(handler)
