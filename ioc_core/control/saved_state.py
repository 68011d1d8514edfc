"""Saved controller state: written atomically on every change, restored at start (Qt-free)."""

from __future__ import annotations

import logging
import time
from pathlib import Path

from ioc_core.jsonfile import read_json, remove_torn_copies, write_json_atomic
from ioc_core.problems import InvalidFile

log = logging.getLogger(__name__)

STATE_SCHEMA_VERSION = 1


class StateStore:
    """One JSON file. A corrupt file is set aside (renamed, kept for inspection), never deleted."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self.set_aside: Path | None = None

    def load(self) -> dict | None:
        remove_torn_copies(self.path.parent, self.path.name)
        if not self.path.exists():
            return None
        try:
            doc = read_json(self.path)
            if not isinstance(doc, dict) or doc.get("schema_version") != STATE_SCHEMA_VERSION:
                raise ValueError(f"not a state file of schema_version {STATE_SCHEMA_VERSION}")
            return doc
        except (InvalidFile, ValueError) as exc:
            self.set_aside = self.path.with_name(f"{self.path.name}.corrupt-{time.strftime('%Y%m%dT%H%M%S')}")
            try:
                self.path.replace(self.set_aside)
            except OSError as move_exc:
                log.error("cannot set aside corrupt state %s: %s", self.path, move_exc)
                self.set_aside = None
            log.error("saved state %s is unusable (%s); kept as %s, starting from the default layout",
                      self.path, exc, self.set_aside)
            return None

    def save(self, doc: dict) -> None:
        # 0600 whatever the file was: the state can carry a meeting point's feed with its password, and a copy
        # opened up by hand is closed again at the next save
        write_json_atomic(self.path, {"schema_version": STATE_SCHEMA_VERSION, **doc}, 0o600)
