"""Saving technicians' layouts into the wall's layouts folder (Qt-free).

A save is checked with the same code that loads layouts at start (``parse_layout``), written atomically (the file
holds the old or the new layout, never a torn one), and the version it replaces is kept in ``.previous/`` beside
it (a hidden folder: the library loads ``*.json`` of the layouts folder only). Each file's revision is a hash of its
bytes, so a save based on an older read is refused, whoever changed the file, console or text editor alike.
"""

from __future__ import annotations

import errno
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from wall.jsonfile import read_json, write_bytes_atomic
from wall.layouts.library import LayoutLibrary
from wall.layouts.model import Layout
from wall.layouts.validate import bezel_warnings, parse_layout
from wall.problems import InvalidFile, Problem

PREVIOUS = ".previous"
_ORDER = ("schema_version", "id", "title", "description", "grid", "regions")
_REGION_ORDER = ("id", "title", "cell", "span", "view")


class LayoutSaveError(Exception):
    """A save refused or failed; ``status`` is the HTTP answer it makes, ``problems`` what is wrong where."""

    def __init__(self, status: int, reason: str, problems: list[Problem] | None = None, revision: str | None = None):
        super().__init__(reason)
        self.status, self.reason, self.problems, self.revision = status, reason, problems or [], revision

    def to_json(self) -> dict:
        out: dict = {"error": self.reason}
        if self.problems:
            out["problems"] = [p.to_json() for p in self.problems]
        if self.revision is not None:
            out["revision"] = self.revision
        return out


@dataclass
class Saved:
    layout: Layout
    revision: str
    file: str
    warnings: list[Problem] = field(default_factory=list)
    created: bool = False


def revision_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:16]


def layout_bytes(doc: dict) -> bytes:
    """The file a technician reads: keys in a reading order, two-space indents, Vietnamese as is."""
    def ordered(d: dict, order) -> dict:
        return {**{k: d[k] for k in order if k in d}, **{k: v for k, v in d.items() if k not in order}}

    out = ordered(doc, _ORDER)
    if isinstance(out.get("regions"), list):
        out["regions"] = [ordered(r, _REGION_ORDER) if isinstance(r, dict) else r for r in out["regions"]]
    return (json.dumps(out, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


class LayoutStore:
    def __init__(self, folder: Path, library: LayoutLibrary):
        self.folder, self.library = Path(folder), library

    def path_of(self, layout_id: str) -> Path | None:
        """The file a loaded layout came from (the library knows), or None for a layout not on disk here."""
        layout = self.library.get(layout_id)
        if layout is None or not layout.source:
            return None
        path = Path(layout.source)
        return path if path.parent.resolve() == self.folder.resolve() and path.is_file() else None

    def read(self, layout_id: str) -> tuple[dict, str, str]:
        """(document, revision, file name) of a layout as it is on disk now."""
        path = self.path_of(layout_id)
        if path is None:
            raise LayoutSaveError(404, f"no layout '{layout_id}' in the layouts folder")
        try:
            data = path.read_bytes()
            doc = read_json(path)
        except (OSError, InvalidFile) as exc:  # changed by hand on the wall PC since the wall loaded it
            why = exc.problems[0].message if isinstance(exc, InvalidFile) else exc.strerror
            raise LayoutSaveError(409, f"the file of layout '{layout_id}' ({path.name}) cannot be read now: {why}"
                                  ) from None
        return doc, revision_of(data), path.name

    def save(self, doc, base_revision: str | None, geometry=None) -> Saved:
        """Check and store ``doc``. ``base_revision`` is the revision the editor read, or None for a new layout.

        Raises LayoutSaveError: 400 invalid, 409 changed since it was read (or exists already), 507/500 not
        written. On any error the folder and the library are as they were.
        """
        label = f"layout '{doc.get('id')}'" if isinstance(doc, dict) and isinstance(doc.get("id"), str) else "layout"
        try:
            layout, warnings = parse_layout(doc, label)
        except InvalidFile as exc:
            raise LayoutSaveError(400, f"{label} is not valid: {exc.problems[0].message}", exc.problems) from None
        path = self.path_of(layout.id)
        current = revision_of(path.read_bytes()) if path is not None else None
        if current is not None and base_revision != current:
            raise LayoutSaveError(
                409, f"layout '{layout.id}' already exists on the wall; open it, or save under another id"
                if base_revision is None else f"layout '{layout.id}' was changed on the wall since you opened it "
                f"(your revision {base_revision}, the wall's {current}); nothing was saved",
                revision=current)
        if current is None and base_revision is not None:
            raise LayoutSaveError(409, f"layout '{layout.id}' is no longer on the wall (deleted since you opened "
                                       "it); save it as a new layout", revision=None)
        if path is None:
            path = self._new_path(layout.id)
        payload = layout_bytes(doc)
        try:
            if path.exists():
                write_bytes_atomic(self.folder / PREVIOUS / path.name, path.read_bytes())
            write_bytes_atomic(path, payload)
        except OSError as exc:
            full = exc.errno in (errno.ENOSPC, errno.EDQUOT)
            raise LayoutSaveError(507 if full else 500, f"layout '{layout.id}' not saved: "
                                  f"{exc.strerror or exc} ({path.parent}); the wall's files are unchanged") from None
        layout = Layout(layout.id, layout.title_vi, layout.grid_rows, layout.grid_cols, layout.regions,
                        layout.title_en, str(path))
        created = self.library.get(layout.id) is None
        self.library.layouts[layout.id] = layout
        if geometry is not None:
            warnings = [*warnings, *bezel_warnings(layout, geometry)]
        return Saved(layout, revision_of(payload), path.name, warnings, created)

    def delete(self, layout_id: str) -> str:
        """Move a layout's file to ``.previous/`` (so a mistaken delete can be undone by hand); its file name."""
        path = self.path_of(layout_id)
        if path is None:
            raise LayoutSaveError(404, f"no layout '{layout_id}' in the layouts folder")
        try:
            write_bytes_atomic(self.folder / PREVIOUS / path.name, path.read_bytes())
            path.unlink()
        except OSError as exc:
            raise LayoutSaveError(500, f"layout '{layout_id}' not deleted: {exc.strerror or exc}") from None
        del self.library.layouts[layout_id]
        return path.name

    def _new_path(self, layout_id: str) -> Path:
        path = self.folder / f"{layout_id}.json"
        n = 2
        while path.exists():  # a file of that name holding another layout (or a broken one): never overwritten
            path = self.folder / f"{layout_id}-{n}.json"
            n += 1
        return path
