"""Technicians' additions to the catalogues, kept in the wall's state folder (Qt-free).

One file per kind (``cameras.json``, ``web-pages.json``, ``sector-indicators.json``), each
``{"schema_version": 1, "<key>": [entries]}``; an entry is written in the catalogue's own format. A save is atomic
(``write_json_atomic``) and keeps the version it replaced as ``<file>.previous`` (a name no ``*.json`` pattern
takes for a catalogue). A file the wall cannot read is set aside (``<file>.corrupt-<time>``, kept for a look) and
reported; the wall starts without its additions, and the next save starts a new file. A file an older wall wrote
is migrated forward (``MIGRATIONS``), its old bytes kept as ``<file>.previous``; one a newer wall wrote (a
downgrade) is used as far as this wall can, reported, and never written over, so the next upgrade finds it intact.

Loading writes (it sets an unreadable file aside and removes what an interrupted save left), except read-only
(``read_only()``): the same problems, worded as what would be done, and the folder untouched.
"""

from __future__ import annotations

import contextlib
import errno
import logging
import time
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from pathlib import Path

from ioc_core.jsonfile import file_mode, read_json, remove_torn_copies, write_failure_kind, write_json_atomic
from ioc_core.migrations import MigrationError, Migrations, NewerVersion, keep_and_write
from ioc_core.outcomes import CONFLICT
from ioc_core.problems import InvalidFile, Problem

log = logging.getLogger(__name__)

SCHEMA_VERSION = 1
PREVIOUS = ".previous"
# version N -> the function turning a version N additions file into a version N + 1 one (ioc_core/migrations.py);
# none yet: the first change of the files' shape adds its step here
MIGRATIONS: dict[int, Callable[[dict], dict]] = {}

_READ_ONLY: ContextVar[bool] = ContextVar("additions_read_only", default=False)


@contextlib.contextmanager
def read_only() -> Iterator[None]:
    """Additions files opened within (on this thread) are only read: for ``ioc-wall --check``, which runs the wall's
    own start-up loader (``ioc_core.loading.load_catalogue_edits``) on the state folder; that loader builds its files
    itself, so the mode cannot be handed to them."""
    token = _READ_ONLY.set(True)
    try:
        yield
    finally:
        _READ_ONLY.reset(token)


class SaveFailed(Exception):
    """The additions could not be written; nothing on disk or in memory changed."""

    def __init__(self, path: Path, exc: OSError):
        self.kind = write_failure_kind(exc)  # ioc_core/outcomes.py: disk_full or not_written
        super().__init__(f"cannot write {path.name} in {path.parent}: {exc.strerror or exc}; nothing was changed")


class AdditionsFile:
    def __init__(self, path: Path, key: str, read_only: bool | None = None):
        """``read_only``: load without writing and refuse to save (None: as ``read_only()`` says, else False)."""
        self.path, self.key = Path(path), key
        self.read_only = _READ_ONLY.get() if read_only is None else read_only
        self.entries: list = []  # as stored: entries the wall cannot use stay here, and are reported
        self.problems: list[Problem] = []
        self.locked = ""  # why saving is refused (an unreadable file that could not be set aside)
        self.newer = ""  # why saving is refused: a newer wall wrote the file (left for it as it is)
        self.migrated_from: int | None = None  # the version of the file the load migrated forward

    def load(self) -> AdditionsFile:
        if not self.read_only:
            remove_torn_copies(self.path.parent, self.path.name)
        if not self.path.exists():
            return self
        shape = Problem(str(self.path), "$", f'not an additions file: expected {{"schema_version": {SCHEMA_VERSION}, '
                                             f'"{self.key}": [...]}}')
        try:
            raw = read_json(self.path)
            try:
                doc, version = Migrations(f"{self.path.name} additions file", SCHEMA_VERSION, MIGRATIONS).apply(raw)
            except NewerVersion as exc:
                self._newer(raw, exc)
                return self
            except MigrationError:
                raise InvalidFile([shape]) from None
            if not isinstance(doc.get(self.key), list):
                raise InvalidFile([shape])
        except InvalidFile as exc:
            self._set_aside(exc.problems)
            return self
        self.entries = doc[self.key]
        if version != SCHEMA_VERSION:
            self._migrated(doc, version)
        return self

    def _newer(self, doc: dict, exc: NewerVersion) -> None:
        """A newer wall's file: its entries used as far as this wall can, the file never written."""
        self.newer = (f"{self.path.name} has schema_version {exc.version}, written by a newer IOC Wall (this wall "
                      f"reads up to {SCHEMA_VERSION}); it is left as it is for that version, and additions of this "
                      "kind are not saved")
        entries = doc.get(self.key)
        self.entries = list(entries) if isinstance(entries, list) else []
        self.problems = [Problem(str(self.path), "$.schema_version", self.newer)]
        log.error("%s: %s", self.path, self.newer)

    def _migrated(self, doc: dict, version: int) -> None:
        self.migrated_from = version
        if self.read_only:
            log.warning("%s is of schema_version %s: the wall migrates it to %s when it starts", self.path, version,
                        SCHEMA_VERSION)
            return
        try:
            previous = keep_and_write(self.path, doc)
        except OSError as exc:  # the next save writes the migrated entries
            log.error("%s migrated from schema_version %s but not written back: %s", self.path, version, exc)
            return
        log.warning("%s migrated from schema_version %s to %s; the old file is kept as %s", self.path, version,
                    SCHEMA_VERSION, previous.name)

    def _set_aside(self, problems: list[Problem]) -> None:
        if self.read_only:
            kept = f"would be set aside as {self.path.name}.corrupt-<time> when the wall starts"
        else:
            kept = self._rename()
        self.problems = [*problems, Problem(str(self.path), "", f"technicians' additions skipped ({kept})")]
        log.error("%s unusable, its additions skipped (%s): %s", self.path, kept, "; ".join(map(str, problems)))

    def _rename(self) -> str:
        """Sets the file aside; says where it went, or why it could not (then saving is refused)."""
        aside = self.path.with_name(f"{self.path.name}.corrupt-{time.strftime('%Y%m%dT%H%M%S')}")
        try:
            self.path.replace(aside)
            return f"kept as {aside.name}"
        except OSError as exc:
            self.locked = f"{self.path} is unreadable and cannot be set aside ({exc.strerror}): fix the state folder"
            return "cannot be set aside, so no addition of this kind is saved"

    def save(self, entries: list) -> str:
        """Writes ``entries`` (then keeps the replaced version beside it); returns a warning when only the copy of
        the previous version failed. Raises SaveFailed, with ``entries`` unchanged, when the file could not be
        written."""
        if self.read_only:
            raise SaveFailed(self.path, OSError(errno.EROFS, "opened read-only"))
        if self.locked:
            raise SaveFailed(self.path, OSError(errno.EIO, self.locked))
        if self.newer:
            refused = SaveFailed(self.path, OSError(errno.EROFS, self.newer))
            refused.kind = CONFLICT
            raise refused
        old = {"schema_version": SCHEMA_VERSION, self.key: self.entries}
        try:
            write_json_atomic(self.path, {"schema_version": SCHEMA_VERSION, self.key: entries})
        except OSError as exc:
            raise SaveFailed(self.path, exc) from exc
        self.entries = entries
        try:
            write_json_atomic(self.path.with_name(self.path.name + PREVIOUS), old, file_mode(self.path))
        except OSError as exc:
            log.warning("saved %s, but could not keep its previous version: %s", self.path, exc)
            return f"saved, but the previous version could not be kept: {exc.strerror or exc}"
        return ""
