"""Technicians' additions to the catalogues, kept in the wall's state folder (Qt-free).

One file per kind (``cameras.json``, ``web-pages.json``, ``sector-indicators.json``), each
``{"schema_version": 1, "<key>": [entries]}``; an entry is written in the catalogue's own format. A save is atomic
(``write_json_atomic``) and keeps the version it replaced as ``<file>.previous`` (a name no ``*.json`` pattern
takes for a catalogue). A file the wall cannot read is set aside (``<file>.corrupt-<time>``, kept for a look) and
reported; the wall starts without its additions, and the next save starts a new file.
"""

from __future__ import annotations

import errno
import logging
import time
from pathlib import Path

from wall.jsonfile import read_json, remove_torn_copies, write_failure_status, write_json_atomic
from wall.problems import InvalidFile, Problem

log = logging.getLogger(__name__)

SCHEMA_VERSION = 1
PREVIOUS = ".previous"


class SaveFailed(Exception):
    """The additions could not be written; nothing on disk or in memory changed."""

    def __init__(self, path: Path, exc: OSError):
        self.status = write_failure_status(exc)
        super().__init__(f"cannot write {path.name} in {path.parent}: {exc.strerror or exc}; nothing was changed")


class AdditionsFile:
    def __init__(self, path: Path, key: str):
        self.path, self.key = Path(path), key
        self.entries: list = []  # as stored: entries the wall cannot use stay here, and are reported
        self.problems: list[Problem] = []
        self.locked = ""  # why saving is refused (an unreadable file that could not be set aside)

    def load(self) -> AdditionsFile:
        remove_torn_copies(self.path.parent, self.path.name)
        if not self.path.exists():
            return self
        try:
            doc = read_json(self.path)
            if not isinstance(doc, dict) or doc.get("schema_version") != SCHEMA_VERSION \
                    or not isinstance(doc.get(self.key), list):
                raise InvalidFile([Problem(str(self.path), "$", f"not an additions file: expected "
                                           f'{{"schema_version": {SCHEMA_VERSION}, "{self.key}": [...]}}')])
        except InvalidFile as exc:
            self._set_aside(exc.problems)
            return self
        self.entries = doc[self.key]
        return self

    def _set_aside(self, problems: list[Problem]) -> None:
        aside = self.path.with_name(f"{self.path.name}.corrupt-{time.strftime('%Y%m%dT%H%M%S')}")
        try:
            self.path.replace(aside)
            kept = f"kept as {aside.name}"
        except OSError as exc:
            self.locked = f"{self.path} is unreadable and cannot be set aside ({exc.strerror}): fix the state folder"
            kept = "cannot be set aside, so no addition of this kind is saved"
        self.problems = [*problems, Problem(str(self.path), "", f"technicians' additions skipped ({kept})")]
        log.error("%s unusable, its additions skipped (%s): %s", self.path, kept, "; ".join(map(str, problems)))

    def save(self, entries: list) -> str:
        """Writes ``entries`` (then keeps the replaced version beside it); returns a warning when only the copy of
        the previous version failed. Raises SaveFailed, with ``entries`` unchanged, when the file could not be
        written."""
        if self.locked:
            raise SaveFailed(self.path, OSError(errno.EIO, self.locked))
        old = {"schema_version": SCHEMA_VERSION, self.key: self.entries}
        try:
            write_json_atomic(self.path, {"schema_version": SCHEMA_VERSION, self.key: entries})
        except OSError as exc:
            raise SaveFailed(self.path, exc) from exc
        self.entries = entries
        try:
            write_json_atomic(self.path.with_name(self.path.name + PREVIOUS), old)
        except OSError as exc:
            log.warning("saved %s, but could not keep its previous version: %s", self.path, exc)
            return f"saved, but the previous version could not be kept: {exc.strerror or exc}"
        return ""
