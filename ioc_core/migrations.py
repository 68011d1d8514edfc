"""Forward migration of the wall's own state files, one version at a time (Qt-free).

Every JSON file the wall writes in its state folder carries a ``schema_version``. A file an older wall wrote is
brought to the current version step by step (``steps``: version N -> a function giving the version N + 1
document) and written back, its old bytes kept as ``<name>.previous`` (``keep_and_write``): a version change never
sets a file aside. A file a newer wall wrote (a downgrade) raises ``NewerVersion``: the caller leaves it as it is
(read-only, nothing written over it) so that the next upgrade finds it intact. Only a document with no usable
version, or one no step reaches, raises ``NotMigratable``: the caller sets it aside as an unreadable file.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ioc_core.jsonfile import file_mode, write_bytes_atomic, write_json_atomic

PREVIOUS = ".previous"


class MigrationError(ValueError):
    """The document cannot be brought to the current version."""


class NotMigratable(MigrationError):
    """No usable ``schema_version``, or one no step leads on from: the file is unreadable to this wall."""


class NewerVersion(MigrationError):
    """A file written by a newer wall (a downgrade): to be left untouched, never set aside or written over."""

    def __init__(self, what: str, version: int, current: int):
        self.what, self.version, self.current = what, version, current
        super().__init__(f"{what} has schema_version {version}, written by a newer IOC Wall (this wall reads up to "
                         f"{current})")


class Migrations:
    """The way forward of one kind of file: ``what`` names it in messages, ``current`` is the version this wall
    writes, ``steps[n]`` turns a version n document into a version n + 1 one (a new dict, the input untouched)."""

    def __init__(self, what: str, current: int, steps: dict[int, Callable[[dict], dict]] | None = None):
        self.what, self.current, self.steps = what, current, steps if steps is not None else {}

    def oldest(self) -> int:
        """The oldest version the steps lead on from to ``current``."""
        version = self.current
        while version - 1 in self.steps:
            version -= 1
        return version

    def apply(self, doc) -> tuple[dict, int]:
        """``(doc at the current version, the version it had)``. Raises NewerVersion for a newer file and
        NotMigratable for anything else this wall cannot bring forward."""
        if not isinstance(doc, dict):
            raise NotMigratable(f"not a {self.what} (not a JSON object)")
        version = doc.get("schema_version")
        if not isinstance(version, int) or isinstance(version, bool):
            raise NotMigratable(f"not a {self.what} (no schema_version)")
        if version > self.current:
            raise NewerVersion(self.what, version, self.current)
        start = version
        while version != self.current:
            step = self.steps.get(version)
            if step is None:
                raise NotMigratable(f"schema_version {version} is not one this wall can read (it reads "
                                    f"{self.oldest()} to {self.current})")
            try:
                doc = step(doc)
            except (KeyError, TypeError, ValueError, AttributeError, IndexError) as exc:
                raise NotMigratable(f"the migration from schema_version {version} failed: {exc!r}") from exc
            if not isinstance(doc, dict) or doc.get("schema_version") != version + 1:
                raise NotMigratable(f"the migration from schema_version {version} did not give version "
                                    f"{version + 1}")
            version += 1
        return doc, start


def keep_and_write(path: Path, doc: dict, mode: int | None = None) -> Path:
    """A migrated ``doc`` written over ``path``, the bytes it had kept first as ``<name>.previous`` (both with
    ``mode``, else the file's own). Returns the ``.previous`` path; an OSError propagates (then the wall runs on the
    migrated document in memory and its next save writes it)."""
    path = Path(path)
    previous = path.with_name(path.name + PREVIOUS)
    mode = file_mode(path) if mode is None else mode
    write_bytes_atomic(previous, path.read_bytes(), mode)
    write_json_atomic(path, doc, mode)
    return previous
