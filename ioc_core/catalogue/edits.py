"""Technicians' catalogue edits (Qt-free): add a camera or a web page, add an indicator to a sector view, and take
back what a technician added.

The additions live in the wall's state folder (``additions.py``), apart from the shipped or configured catalogues,
so an upgrade that ships new catalogues keeps them. At start they are merged over the catalogues with the checks
the catalogues get (``editkinds.py``): an addition the wall cannot use (its group is gone, its host is no longer
allowed) is reported and skipped, and kept on disk. An edit is checked on the merged document, saved, and only
then put in use: a refused or unsaved edit changes nothing.

Edits run on the caller's thread (the API server's), one at a time (a lock). What the wall's own thread reads is
``in_use``: catalogues never changed once built, swapped whole after each edit.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from pathlib import Path

from ioc_core.catalogue.additions import AdditionsFile, SaveFailed
from ioc_core.catalogue.cameras import GROUP_KINDS
from ioc_core.catalogue.editkinds import CameraKind, GroupKind, IndicatorKind, WebPageKind, shown
from ioc_core.catalogue.statefiles import StateFiles
from ioc_core.names import reserved_problem
from ioc_core.outcomes import CONFLICT, INVALID, NOT_FOUND, checked
from ioc_core.problems import InvalidFile, Problem, coded

log = logging.getLogger(__name__)

FOLDER = "catalogue"  # in the state folder
ID_PATTERN = r"^[a-z0-9][a-z0-9_-]*$"  # every catalogue id


def shows_camera(view, camera: str, group: str, members: Collection[str] = ()) -> bool:
    """Whether ``view`` (a region's, as the wall's state, a layout or a preset holds it) shows catalogue camera
    ``camera`` of ``group``, whose cameras are ``members``: a camera view that names it; a grid of its group,
    unless the grid pins another camera of the group (a pin that is no camera of the group is ignored and the
    grid pages through the whole group, as wall/widgets/camera.py draws it)."""
    return names_camera(view, camera, group) or (
        isinstance(view, dict) and view.get("kind") == "camera_grid" and bool(group) and view.get("group") == group
        and view.get("pin") not in members)  # it pages through the group, the camera among them


def names_camera(view, camera: str, group: str) -> bool:
    """Whether ``view`` was given ``camera`` (of ``group``) itself: a camera view of it, or a grid of its group
    pinned to it. Without the camera such a view loses what it was given, where a grid of its group only pages
    through the others: a camera a region names is not removed from under it, and presets and layouts that name
    it are warned of. (A pin outside the grid's group is ignored by the grid, so it names nothing.)"""
    if not isinstance(view, dict):
        return False
    if view.get("kind") == "camera":
        return view.get("camera") == camera
    return view.get("kind") == "camera_grid" and view.get("pin") == camera and bool(group) \
        and view.get("group") == group


@dataclass(frozen=True)
class Change:
    kind: str  # camera | web_page | indicator
    action: str  # add | remove
    id: str  # for an indicator: "<sector>/<indicator>"
    group: str = ""  # a camera's group
    members: frozenset[str] = field(default=frozenset(), compare=False)  # the cameras of that group, with it

    def affects(self, view) -> bool:
        """Whether a view on the wall shows what changed, and must be built again to show it."""
        if not isinstance(view, dict):
            return False
        if self.kind == "camera":
            return shows_camera(view, self.id, self.group, self.members)
        if self.kind == "indicator":
            return view.get("kind") == "sector" and view.get("sector") == self.id.split("/", 1)[0]
        return False  # a web view names its address, not the page's entry


class Refused(Exception):
    """An edit not made: ``kind`` what it came to (ioc_core/outcomes.py: the API makes it a status), ``problems``
    at the fields of the entry sent (``path``)."""

    def __init__(self, kind: str, error: str, problems: list[Problem] = ()):
        super().__init__(error)
        self.kind, self.error, self.problems = checked(kind), error, list(problems)

    def to_json(self) -> dict:
        return {"error": self.error, "problems": [{k: v for k, v in p.to_json().items() if k not in ("file",
                                                                                                       "severity")}
                                                  for p in self.problems]}


class Book:
    """One kind's additions: as stored, those in use, and the catalogue they make with the loaded one."""

    def __init__(self, kind, folder: Path):
        self.kind = kind
        self.file = AdditionsFile(folder / kind.file_name, kind.key).load()
        self.problems: list[Problem] = list(self.file.problems)
        self.skipped: dict[str, str] = {}  # stored additions not in use: id -> why
        self.kept: list = []
        try:  # at start: all of them at once; one by one only to find which an upgrade made unusable
            self.result = kind.build(list(self.file.entries))
            self.kept = list(self.file.entries)
            return
        except InvalidFile:
            pass
        for i, entry in enumerate(self.file.entries):
            try:
                kind.build([*self.kept, entry])
            except InvalidFile as exc:
                found = kind.fields(exc.problems, len(self.kept)) or [Problem("", "", str(exc))]
                where = f"$.{kind.key}[{i}]"
                self.problems += [Problem(str(self.file.path), f"{where}.{p.path}" if p.path else where,
                                          f"{p.message} (skipped)") for p in found]
                self.skipped[kind.entry_id(entry) or f"#{i}"] = "; ".join(p.message for p in found)
                continue
            self.kept.append(entry)
        self.result = kind.build(self.kept)

    def added(self) -> set[str]:
        return {self.kind.entry_id(e) for e in self.kept}

    def add(self, entry) -> list[str]:
        """Checks, saves and uses ``entry``; returns its warnings. Raises Refused, with nothing changed."""
        kind, eid = self.kind, self.kind.entry_id(entry)
        if eid is not None and eid in self.skipped:
            raise Refused(INVALID, f"{kind.name} '{eid}' is already among the technicians' additions, not in use "
                                   f"({self.skipped[eid]}): remove it first",
                          [coded("", kind.id_field, "entry.added_not_in_use")])
        if eid is not None and eid in (ids := kind.ids(self.result)):
            raise Refused(INVALID, f"{kind.name} '{eid}': {ids[eid].message}", [ids[eid]])
        try:
            result = kind.build([*self.kept, entry])
        except InvalidFile as exc:
            found = kind.fields(exc.problems, len(self.kept)) or [Problem("", "", str(exc))]
            raise Refused(INVALID, f"the {kind.name} was not added: " + "; ".join(
                f"{p.path}: {p.message}" if p.path else p.message for p in found), found) from None
        warnings = [f"{p.path}: {p.message}"
                    for p in kind.fields(list(getattr(result, "problems", ())), len(self.kept))]
        warnings += self._save([*self.file.entries, entry])
        self.kept, self.result = [*self.kept, entry], result
        return warnings

    def remove(self, eid: str) -> None:
        kind = self.kind
        if eid not in self.added() and eid not in self.skipped:
            if eid in kind.ids(self.result):
                raise Refused(CONFLICT, f"{kind.name} '{eid}' comes from {kind.source}, not from a technician's "
                                        "addition: it is changed in that file")
            raise Refused(NOT_FOUND, f"no {kind.name} '{eid}' among the technicians' additions")
        kept = [e for e in self.kept if kind.entry_id(e) != eid]
        result = kind.build(kept)
        self._save([e for i, e in enumerate(self.file.entries) if (kind.entry_id(e) or f"#{i}") != eid])
        self.kept, self.result = kept, result
        self.skipped = {k: why for k, why in self.skipped.items() if k != eid}

    def _save(self, entries: list) -> list[str]:
        try:
            warning = self.file.save(entries)
        except SaveFailed as exc:
            log.error("%s", exc)
            raise Refused(exc.kind, str(exc)) from None
        return [warning] if warning else []


def _refuse_reserved(kind: str, entry) -> None:
    """An id Windows reserves as a file name (``con``, ``com1``: ioc_core/names.py) is refused for every kind, as
    layouts' ids are: a catalogue id may become a file name (a layout or a view naming it), and one check holds
    everywhere."""
    field = {"region": "code", "indicator": "indicator"}.get(kind, "id")
    value = entry.get(field) if isinstance(entry, dict) else None
    if isinstance(value, str) and (problem := reserved_problem("", field, value)) is not None:
        raise Refused(INVALID, f"the {kind.replace('_', ' ')} was not added: {field}: {problem.message}", [problem])


@dataclass(frozen=True)
class InUse:
    """The catalogues in use, as one edit left them (never changed: the next edit makes new ones)."""

    cameras: object
    webpages: object
    sector_views: dict


STATE_KINDS = tuple(StateFiles.KINDS)  # the state folder's catalogue files (ioc_core/catalogue/statefiles.py)


class CatalogueEdits:
    """The catalogues in use with the technicians' additions. A kind whose catalogue could not be loaded (None)
    has no book: it is not editable, and the wall runs on without it as before. The state folder's indicators,
    sectors, regions and markers (``STATE_KINDS``) are edited through ``state_files`` (the wall sets it)."""

    state_files = None  # a ioc_core.catalogue.statefiles.StateFiles
    markers = None  # the map's markers with the state folder's (None: the map reads the shipped file)

    def __init__(self, folder: Path, catalogue=None, allow=None, cameras=None, webpages=None, sector_views=None,
                 sources: dict[str, str] | None = None):
        self.folder, self.catalogue, self.allow = Path(folder), catalogue, allow
        self.sources = {"camera": "the camera catalogue", "web_page": "the web pages file",
                        "indicator": "the sector views file", **(sources or {})}
        self.sources.setdefault("camera_group", self.sources["camera"])
        src = self.sources
        groups = Book(GroupKind(cameras, src["camera_group"]), self.folder) if cameras is not None else None
        self.books: dict[str, Book | None] = {
            "camera_group": groups,  # first: the cameras are built on the groups technicians added
            "camera": Book(CameraKind(groups.result, src["camera"]), self.folder) if groups is not None else None,
            "web_page": Book(WebPageKind(webpages, allow, src["web_page"]), self.folder)
            if webpages is not None and allow is not None else None,
            "indicator": Book(IndicatorKind(catalogue, sector_views or {}, src["indicator"]), self.folder)
            if catalogue is not None else None,
        }
        self.problems = [p for b in self.books.values() if b is not None for p in b.problems]
        self._given = (cameras, webpages, sector_views or {})
        self._lock = threading.Lock()  # one edit at a time: the check, the write and the swap are one step
        self.in_use = InUse(self.cameras, self.webpages, self.sector_views)  # what the wall's thread reads

    # -- what is in use ----------------------------------------------------------------------------------------
    @property
    def cameras(self):
        return self.books["camera"].result if self.books["camera"] else self._given[0]

    @property
    def webpages(self):
        return self.books["web_page"].result if self.books["web_page"] else self._given[1]

    @property
    def sector_views(self) -> dict:
        return self.books["indicator"].result if self.books["indicator"] else self._given[2]

    def added(self, kind: str) -> set[str]:
        book = self.books[kind]
        return book.added() if book is not None else set()

    # -- edits -------------------------------------------------------------------------------------------------
    def book(self, kind: str) -> Book:
        book = self.books[kind]
        if book is None:
            raise Refused(CONFLICT, f"{self.sources[kind]} could not be loaded (see the wall's problems): fix it "
                                    "before adding to it")
        return book

    def add(self, kind: str, entry, sector: str = "", done: Callable[[Change], None] = lambda change: None) \
            -> tuple[Change, list[str]]:
        """Adds ``entry`` (for an indicator: ``{"indicator": id}`` to ``sector``); returns the change and its
        warnings. Raises Refused, with nothing changed. ``done(change)`` runs once it is saved and in use, the lock
        still held: edits are recorded and told in the order they were made."""
        _refuse_reserved(kind, entry)
        if kind in STATE_KINDS:
            return self._state_edit("add", kind, entry, "", done)
        with self._lock:
            book = self.book(kind)
            if kind == "indicator":
                if sector not in self.catalogue.sectors:
                    raise Refused(NOT_FOUND, f"no sector '{sector}' (known: {', '.join(self.catalogue.sectors)})")
                if not isinstance(entry, dict) or not isinstance(entry.get("indicator"), str) or len(entry) != 1:
                    raise Refused(INVALID, 'send {"indicator": "<indicator id>"}',
                                  [coded("", "indicator", "entry.required")])
                entry = {"sector": sector, "indicator": entry["indicator"]}
            elif not isinstance(entry, dict):
                raise Refused(INVALID, f"a {book.kind.name} must be a JSON object")
            warnings = book.add(entry)
            if kind == "camera_group":
                self._regroup()
            self._swapped()
            eid = book.kind.entry_id(entry)
            log.info("technician added %s '%s'", book.kind.name, eid)
            change = self._change(kind, "add", eid)
            done(change)
            return change, warnings

    def remove(self, kind: str, eid: str, check: Callable[[Change], None] = lambda change: None,
               done: Callable[[Change], None] = lambda change: None) -> Change:
        """Takes back a technician's addition. ``check(change)`` may refuse (raising Refused) before anything is
        written. Raises Refused, with nothing changed. ``done(change)`` as for ``add``."""
        if kind in STATE_KINDS:
            return self._state_edit("remove", kind, None, eid, done)[0]
        with self._lock:
            book = self.book(kind)
            change = self._change(kind, "remove", eid)  # its group as it is before it goes
            check(change)
            if kind == "camera_group" and eid in book.added() and (members := [c.id for c in
                                                                               self.cameras.of_group(eid)]):
                raise Refused(CONFLICT, f"camera group '{eid}' still has cameras ({', '.join(members)}): "
                                        "remove them first",
                              [coded("", "id", "entry.group_in_use", cameras=", ".join(members))])
            book.remove(eid)
            if kind == "camera_group":
                self._regroup()
            self._swapped()
            log.info("technician removed %s '%s'", book.kind.name, eid)
            done(change)
            return change

    def _state_edit(self, action: str, kind: str, entry, eid: str, done) -> tuple[Change, list[str]]:
        if self.state_files is None:
            raise Refused(CONFLICT, "the indicator catalogue could not be loaded (see the wall's problems): fix it "
                                    "before adding to it")
        with self._lock:
            if action == "add":
                eid, warnings = self.state_files.add(kind, entry)
            else:
                self.state_files.remove(kind, eid)
                warnings = []
            log.info("technician %s %s '%s'", "added" if action == "add" else "removed", kind, eid)
            change = Change(kind, action, eid)
            done(change)
            return change, warnings

    def _change(self, kind: str, action: str, eid: str) -> Change:
        cam = self.cameras.cameras.get(eid) if kind == "camera" else None
        if cam is None:
            return Change(kind, action, eid)
        return Change(kind, action, eid, cam.group, frozenset(c.id for c in self.cameras.of_group(cam.group)))

    def _regroup(self) -> None:
        """The camera groups changed: the cameras' kind is built again on them (the technicians' cameras kept)."""
        cams = self.books["camera"]
        cams.kind = CameraKind(self.books["camera_group"].result, self.sources["camera"])
        cams.result = cams.kind.build(cams.kept)

    def _swapped(self) -> None:
        self.in_use = InUse(self.cameras, self.webpages, self.sector_views)

    # -- what consoles see -------------------------------------------------------------------------------------
    def public(self) -> dict:
        """GET /catalogue: what each catalogue holds (cameras without credentials), what technicians added (and
        may remove), what one could add, and the rules a console checks a form with before sending it."""
        with self._lock:
            return self._public()

    def _public(self) -> dict:
        from ioc_core.catalogue.cameras import SCHEMES
        from ioc_core.catalogue.sectorviews import sector_view

        cams, pages, views, cat = self.cameras, self.webpages, self.sector_views, self.catalogue
        added = {k: self.added(k) for k in self.books}

        def name(vi, en):
            return {"vi": vi, "en": en or vi}

        ind_book = self.books["indicator"]
        sectors = [{"id": s.id, "name": name(s.name_vi, s.name_en), "indicators": list(shown(cat, views, s.id)),
                    "shows": list(sector_view(cat, s.id, views).indicators),
                    "added": [e["indicator"] for e in (ind_book.kept if ind_book else []) if e["sector"] == s.id]}
                   for s in (cat.sectors.values() if cat is not None else [])]
        return {
            "cameras": [{**c.public(), "added": c.id in added["camera"]} for c in cams.cameras.values()]
            if cams else [],
            "camera_groups": [{"id": g.id, "name": name(g.name_vi, g.name_en), "kind": g.kind,
                               "added": g.id in added["camera_group"]} for g in cams.groups.values()] if cams else [],
            "camera_group_kinds": list(GROUP_KINDS),
            "web_pages": [{**p.public(), "added": p.id in added["web_page"]} for p in pages.pages.values()]
            if pages else [],
            "sectors": sectors,
            "indicators": [{"id": i.id, "name": name(i.name_vi, i.name_en), "sector": i.sector, "unit": i.unit,
                            "region_level": i.region_level}
                           for i in (cat.indicators.values() if cat is not None else [])],
            "markers": [{"id": m.id, "name": name(m.name_vi, m.name_en), "kind": m.kind} for m in self.markers or []],
            "web_allow": list(self.allow.entries) if self.allow is not None else [],
            "rules": {"id": ID_PATTERN, "max_length": 64, "camera_schemes": list(SCHEMES),
                      "web_schemes": ["http", "https"], "zoom": [0.25, 5], "panel_indicators": 12},
            "editable": {k: b is not None for k, b in self.books.items()},
            "skipped": [{"kind": k, "id": i, "why": why} for k, b in self.books.items() if b is not None
                        for i, why in b.skipped.items()],
            **(self.state_files.public() if self.state_files is not None else {
                "regions": [], "state_catalogue": {"editable": False}}),
        }
