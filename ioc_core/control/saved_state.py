"""Saved controller state: written atomically on every change, restored at start (Qt-free).

A file an older version wrote is migrated forward on load, one version at a time (``MIGRATIONS``: version N to
N + 1), written back, and kept as it was in ``state.json.previous``; a version change never costs the wall its
picture. Only a file that cannot be read (torn, not JSON, not a state, or a version this wall does not know) is set
aside.

Versions: 1 the first; 2 adds ``saved_at`` (epoch seconds of the save: how old a restored picture is).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from pathlib import Path

from ioc_core.jsonfile import read_json, remove_torn_copies, write_bytes_atomic, write_json_atomic
from ioc_core.problems import InvalidFile

log = logging.getLogger(__name__)

STATE_SCHEMA_VERSION = 2


def _v1_to_v2(doc: dict) -> dict:
    return {**doc, "schema_version": 2, "saved_at": None}  # when a version 1 file was written is not known


# version N -> the function turning a version N file into a version N + 1 one (pure: a new dict, or raises)
MIGRATIONS: dict[int, Callable[[dict], dict]] = {1: _v1_to_v2}


def migrate(doc: dict) -> dict:
    """``doc`` brought to STATE_SCHEMA_VERSION; raises ValueError for a version with no way forward."""
    version = doc.get("schema_version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise ValueError("not a state file (no schema_version)")
    while version != STATE_SCHEMA_VERSION:
        step = MIGRATIONS.get(version)
        if step is None:
            raise ValueError(f"schema_version {version} is not one this wall can read (it reads 1 to "
                             f"{STATE_SCHEMA_VERSION})")
        doc = step(doc)
        if not isinstance(doc, dict) or doc.get("schema_version") != version + 1:
            raise ValueError(f"the migration from schema_version {version} did not give version {version + 1}")
        version += 1
    return doc


class StateStore:
    """One JSON file. A corrupt file is set aside (renamed, kept for inspection), never deleted."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self.set_aside: Path | None = None
        self.migrated_from: int | None = None  # the version of the file the last load migrated forward

    def load(self) -> dict | None:
        remove_torn_copies(self.path.parent, self.path.name)
        if not self.path.exists():
            return None
        try:
            doc = read_json(self.path)
            if not isinstance(doc, dict):
                raise ValueError("not a state file (not a JSON object)")
            version = doc.get("schema_version")
            doc = migrate(doc)
        except (InvalidFile, ValueError, TypeError, KeyError) as exc:
            self.set_aside = self.path.with_name(f"{self.path.name}.corrupt-{time.strftime('%Y%m%dT%H%M%S')}")
            try:
                self.path.replace(self.set_aside)
            except OSError as move_exc:
                log.error("cannot set aside corrupt state %s: %s", self.path, move_exc)
                self.set_aside = None
            log.error("saved state %s is unusable (%s); kept as %s, starting from the default layout",
                      self.path, exc, self.set_aside)
            return None
        if version != STATE_SCHEMA_VERSION:
            self._migrated(version, doc)
        return doc

    def _migrated(self, version: int, doc: dict) -> None:
        """The old file kept as ``.previous`` (private: it may hold a feed's password), the migrated one written."""
        previous = self.path.with_name(self.path.name + ".previous")
        try:
            write_bytes_atomic(previous, self.path.read_bytes(), 0o600)
            write_json_atomic(self.path, doc, 0o600)
        except OSError as exc:  # the wall runs on the migrated state; the next save writes it
            log.error("saved state %s migrated from schema_version %s but not written back: %s", self.path, version,
                      exc)
        else:
            log.warning("saved state %s migrated from schema_version %s to %s; the old file is kept as %s", self.path,
                        version, STATE_SCHEMA_VERSION, previous.name)
        self.migrated_from = version

    def save(self, doc: dict) -> None:
        # 0600 whatever the file was: the state can carry a meeting point's feed with its password, and a copy
        # opened up by hand is closed again at the next save
        write_json_atomic(self.path, {"schema_version": STATE_SCHEMA_VERSION, "saved_at": time.time(), **doc}, 0o600)
