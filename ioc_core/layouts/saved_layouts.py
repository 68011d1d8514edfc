"""Saving technicians' layouts (Qt-free).

Layouts saved from the console live in the wall's own folder (``<state-dir>/layouts``), never in the layouts folder
the wall was given (``--layouts-dir``, by default the shipped ``layouts/`` of the installation: an upgrade replaces
it, and a technician's work must survive that). At start a saved layout replaces the one of its id from that folder
(``LayoutLibrary.load_dir(folder, saved)``).

A save is checked with the same code that loads layouts at start (``parse_layout``) and stored at the current schema
version, written atomically (the file holds the old or the new layout, never a torn one), and the version it
replaces is kept in ``.previous/`` beside it (a hidden folder: only ``*.json`` of the folder are loaded). Each
layout's revision is a hash of its file's bytes, so a save based on an older read is refused, whoever changed the
file, console or text editor alike.

Saves and deletes run on the caller's thread (the API server's), one at a time (a lock per store). The library is
never changed in place: each save or delete makes a new one (``store.library``), for the wall to put in use on its
own thread (the controller reads it there).
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ioc_core.jsonfile import (
    file_mode,
    parse_json,
    replace_keeping_previous,
    revision_of,
    write_bytes_atomic,
    write_failure_kind,
)
from ioc_core.layouts.library import LayoutLibrary
from ioc_core.layouts.migrate import MigrationError, migrate
from ioc_core.layouts.model import Layout
from ioc_core.layouts.validate import bezel_warnings, parse_layout
from ioc_core.messages import word
from ioc_core.outcomes import CONFLICT, INVALID, LACKING, NOT_FOUND, checked
from ioc_core.problems import InvalidFile, Problem, Severity, coded, errors, json_path

PREVIOUS = ".previous"
_ORDER = ("schema_version", "id", "title", "description", "grid", "regions")
_REGION_ORDER = ("id", "title", "cell", "span", "view")


class LayoutSaveError(Exception):
    """A save refused or failed; ``kind`` what it came to (ioc_core/outcomes.py: the API makes it a status),
    ``problems`` what is wrong where."""

    def __init__(self, kind: str, reason: str, problems: list[Problem] | None = None, revision: str | None = None,
                 code: str = "", args: dict | None = None):
        super().__init__(reason)
        self.kind, self.reason, self.problems, self.revision = checked(kind), reason, problems or [], revision
        # the reason's code (ioc_core/messages.py) and the words it names, for a console to word it (not ``args``:
        # that is the exception's own)
        self.code, self.words = code, args or {}

    @classmethod
    def coded(cls, kind: str, code: str, revision: str | None = None, **args) -> LayoutSaveError:
        return cls(kind, word(code, **args), revision=revision, code=code, args=args)

    def to_json(self) -> dict:
        out: dict = {"error": self.reason, **({"code": self.code, "args": self.words} if self.code else {})}
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
    library: LayoutLibrary | None = None  # the library with it, which the store holds now


def layout_bytes(doc: dict) -> bytes:
    """The file a technician reads: keys in a reading order, two-space indents, Vietnamese as is."""
    def ordered(d: dict, order) -> dict:
        return {**{k: d[k] for k in order if k in d}, **{k: v for k, v in d.items() if k not in order}}

    out = ordered(doc, _ORDER)
    if isinstance(out.get("regions"), list):
        out["regions"] = [ordered(r, _REGION_ORDER) if isinstance(r, dict) else r for r in out["regions"]]
    return (json.dumps(out, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


class LayoutStore:
    def __init__(self, folder: Path, library: LayoutLibrary, given: Path | None = None):
        """``folder``: where saves go (the wall's own); ``given``: the layouts folder the wall was started with."""
        self.folder, self.library, self.given = Path(folder), library, given
        self._lock = threading.Lock()  # one save or delete at a time: the revision check and the write are one step

    def _source(self, layout_id: str) -> Path | None:
        """The file a loaded layout came from, in either folder."""
        layout = self.library.get(layout_id)
        if layout is None or not layout.source or not Path(layout.source).is_file():
            return None
        return Path(layout.source)

    def path_of(self, layout_id: str) -> Path | None:
        """The saved file of a layout, or None when it was never saved from the console."""
        path = self._source(layout_id)
        return path if path is not None and path.parent.resolve() == self.folder.resolve() else None

    def _bytes(self, layout_id: str, path: Path) -> bytes:
        try:
            return path.read_bytes()
        except OSError as exc:  # removed or locked by hand on the wall PC since the wall loaded it
            raise LayoutSaveError(CONFLICT, f"the file of layout '{layout_id}' ({path.name}) cannot be read now: "
                                            f"{exc.strerror or exc}") from None

    def read(self, layout_id: str) -> tuple[dict, str, str]:
        """(document at the current schema version, revision, file name) of a layout as it is on disk now."""
        path = self._source(layout_id)
        if path is None:
            raise LayoutSaveError(NOT_FOUND, f"no layout '{layout_id}' on the wall")
        data = self._bytes(layout_id, path)
        try:
            doc = parse_json(data, path.name)  # the bytes the revision is of: a save meanwhile cannot pair them
            parse_layout(doc, path.name)  # an editor opens only what the wall can load
            doc, _ = migrate(doc)
        except (InvalidFile, MigrationError) as exc:
            why = exc.problems[0] if isinstance(exc, InvalidFile) else exc
            raise LayoutSaveError(CONFLICT, f"the file of layout '{layout_id}' is not valid now: {why}") from None
        return doc, revision_of(data), path.name

    def save(self, doc, base_revision: str | None, geometry=None, take: Callable[[Saved], None] = lambda saved: None,
             known=None, web_allow=None) -> Saved:
        """Check and store ``doc``. ``base_revision`` is the revision the editor read, or None for a new layout.
        ``take(saved)`` is called once it is written, before the next save or delete may start: saves reach the
        wall in the order they were written.

        ``known`` (ioc_core.layouts.refs.Known): what views may name; a view naming a sector, an indicator, a map layer,
        a camera or a camera group the wall lacks refuses the save ("lacking"), each such view a problem.
        ``web_allow`` (ioc_core.setup.webpolicy.WebAllowlist): a web view the wall would not show is saved with a
        warning at its address, worded as the catalogue's web-page form words its refusal (the allowlist may grow
        before the layout is applied).

        Raises LayoutSaveError of a kind (ioc_core/outcomes.py): "invalid", "lacking" (names what the wall lacks),
        "conflict" (changed since it was read, or exists already, or gone), "disk_full" or "not_written". On any
        error the folders and the library are as they were.
        """
        label = f"layout '{doc.get('id')}'" if isinstance(doc, dict) and isinstance(doc.get("id"), str) else "layout"
        try:
            layout, warnings = parse_layout(doc, label)
        except InvalidFile as exc:
            raise LayoutSaveError(INVALID, f"{label} is not valid: {exc.problems[0].message}", exc.problems) from None
        if known is not None:
            from ioc_core.layouts.refs import layout_problems

            found = layout_problems(layout, known, label)
            if refused := errors(found):
                raise LayoutSaveError(LACKING, f"{label} names what the wall does not have: {refused[0].message}",
                                      refused)
            warnings = [*warnings, *found]
        if web_allow is not None:
            warnings = [*warnings, *web_warnings(layout, web_allow, label)]
        doc, _ = migrate(doc)  # stored at the current schema version
        with self._lock:
            saved = self._save(layout, doc, warnings, base_revision, geometry)
            take(saved)
            return saved

    def _save(self, layout: Layout, doc: dict, warnings: list[Problem], base_revision: str | None, geometry) -> Saved:
        source = self._source(layout.id)
        current = revision_of(self._bytes(layout.id, source)) if source is not None else None
        if current is not None and base_revision != current:
            if base_revision is None:
                raise LayoutSaveError.coded(CONFLICT, "save.exists", current, layout=layout.id)
            raise LayoutSaveError.coded(CONFLICT, "save.changed", current, layout=layout.id,
                                        yours=base_revision, theirs=current)
        if current is None and base_revision is not None:
            raise LayoutSaveError.coded(CONFLICT, "save.gone", layout=layout.id)
        path = self.path_of(layout.id) or self._new_path(layout.id)
        payload = layout_bytes(doc)
        try:
            replace_keeping_previous(path, self.folder / PREVIOUS / path.name,
                                     lambda: write_bytes_atomic(path, payload))
        except OSError as exc:
            raise LayoutSaveError.coded(write_failure_kind(exc), "save.not_written", layout=layout.id,
                                        why=str(exc.strerror or exc), folder=str(path.parent)) from None
        layout = Layout(layout.id, layout.title_vi, layout.grid_rows, layout.grid_cols, layout.regions,
                        layout.title_en, str(path))
        before = self.library.get(layout.id)
        replaced = dict(self.library.replaced)
        if before is not None and self.path_of(layout.id) is None:  # a given layout, now stood in for
            replaced[layout.id] = before
        self.library = _library(self.library, {**self.library.layouts, layout.id: layout}, replaced)
        if geometry is not None:
            warnings = [*warnings, *bezel_warnings(layout, geometry)]
        return Saved(layout, revision_of(payload), path.name, warnings, before is None, self.library)

    def delete(self, layout_id: str, take: Callable[[LayoutLibrary], None] = lambda library: None,
               done: Callable[[str, Layout | None], None] = lambda file, given: None) -> tuple[str, Layout | None]:
        """Move a saved layout's file to ``.previous/`` (a mistaken delete can be undone by hand). Returns its file
        name and the layout of that id from the given folder, which is shown again (None if there is none).

        ``take(library)`` gets the library without it before the file is moved, and puts it in use (the wall does
        so on its own thread, where no command can then apply the layout); it may refuse by raising
        LayoutSaveError. When the move fails, ``store.library`` is the one before again (the caller puts it back).
        ``done(file, given)`` runs once the file is moved, the lock still held: deletes and saves are recorded and
        told in the order they were made.
        """
        with self._lock:
            path = self.path_of(layout_id)
            if path is None:
                if self.library.get(layout_id) is not None:
                    raise LayoutSaveError(CONFLICT, f"layout '{layout_id}' is one of the layouts the wall was "
                                                    f"given ({self.given}), not saved from the console; remove its "
                                                    "file there")
                raise LayoutSaveError(NOT_FOUND, f"no layout '{layout_id}' on the wall")
            before = self.library
            replaced = dict(before.replaced)
            given = replaced.pop(layout_id, None)
            layouts = {k: v for k, v in before.layouts.items() if k != layout_id}
            if given is not None:
                layouts[layout_id] = given
            after = _library(before, layouts, replaced)
            take(after)
            self.library = after
            try:
                write_bytes_atomic(self.folder / PREVIOUS / path.name, path.read_bytes(), file_mode(path))
                path.unlink()
            except OSError as exc:
                self.library = before
                raise LayoutSaveError(write_failure_kind(exc), f"layout '{layout_id}' not deleted: "
                                                               f"{exc.strerror or exc}") from None
            done(path.name, given)
            return path.name, given

    def _new_path(self, layout_id: str) -> Path:
        path = self.folder / f"{layout_id}.json"
        n = 2
        while path.exists():  # a file of that name holding another layout (or a broken one): never overwritten
            path = self.folder / f"{layout_id}-{n}.json"
            n += 1
        return path


def web_warnings(layout: Layout, allow, file: str) -> list[Problem]:
    """A warning at each web view's address the allowlist does not let the wall show."""
    return [coded(file, json_path(["regions", i, "view", "url"]), why[0], Severity.WARNING, **why[1])
            for i, region in enumerate(layout.regions)
            if isinstance(region.view, dict) and region.view.get("kind") == "web"
            and (why := allow.reason(region.view["url"]))]


def _library(old: LayoutLibrary, layouts: dict[str, Layout], replaced: dict[str, Layout]) -> LayoutLibrary:
    """A new library with ``layouts``, keeping what ``old`` reported at start (``old`` itself is not changed)."""
    return LayoutLibrary(layouts, list(old.problems), replaced)
