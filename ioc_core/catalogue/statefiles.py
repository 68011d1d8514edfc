"""The technicians' catalogue in the wall's state folder (Qt-free): indicators, regions and map markers.

Files in ``<state-dir>/catalogue/`` (beside the additions of ioc_core/catalogue/additions.py), each in the shipped
file's
own format, so an upgrade that ships new catalogues keeps them:

- ``indicators.json``: ``{"schema_version": 1, "sectors": [...], "indicators": [...]}`` (both lists optional), as
  ``data/indicators.json``. An entry whose id is new adds it; one with a shipped id is a problem unless it says
  ``"replace": true`` (then it stands in for the shipped one).
- ``regions.json``: ``{"schema_version": 1, "regions": {"<code>": "<Vietnamese name>"}}``: a new code adds a
  commune or ward, a shipped code renames it.
- ``markers.json``: ``{"schema_version": 1, "markers": [...]}``, as ``data/map/markers.json`` (``"replace": true``
  as for indicators); checked against the indicators and regions above.

They are checked like layouts: every problem names the file, the JSON path and what is wrong. A file that is not
such a file at all is not used (the wall runs on the shipped catalogue); an entry with a problem is left out and
the others used. Nothing here writes while loading: ``ioc-wall --check --state-dir`` reads them as the wall would.

Technicians add entries from a console (``StateFiles``, the API's ``/catalogue/indicators``, ``/regions`` and
``/markers``): an entry is checked with the same code on the file it would make, the file written atomically with
its previous version kept as ``<file>.previous``. A region is in use at once; an indicator or a marker when the
wall next starts (the data store, sources and views are built on the catalogue at start).
"""

from __future__ import annotations

import copy
import functools
import threading
from dataclasses import dataclass, field
from pathlib import Path

from ioc_core.catalogue.load import DEFAULT_FILE, Catalogue, parse_catalogue
from ioc_core.catalogue.regions import DEFAULT_FILE as REGIONS_DEFAULT
from ioc_core.catalogue.regions import parse_regions
from ioc_core.jsonfile import read_json, replace_keeping_previous, write_failure_kind, write_json_atomic
from ioc_core.outcomes import CONFLICT, INVALID, NOT_FOUND
from ioc_core.problems import InvalidFile, Problem, Severity, json_path

FOLDER = "catalogue"  # in the state folder (as ioc_core/catalogue/edits.py)
INDICATORS_FILE = "indicators.json"
REGIONS_FILE = "regions.json"
MARKERS_FILE = "markers.json"
PREVIOUS = ".previous"
SCHEMA_VERSION = 1


def _shape(doc, file: str, lists: tuple[str, ...], example: str) -> list[Problem]:
    """Problems of a state file's outline (the whole file is then unusable); entries are checked one by one."""
    if not isinstance(doc, dict):
        return [Problem(file, "$", f"expected a JSON object: {example}")]
    out = []
    if doc.get("schema_version") != SCHEMA_VERSION:
        out.append(Problem(file, "$.schema_version", f"expected schema_version {SCHEMA_VERSION}, found "
                                                     f"{doc.get('schema_version')!r}"))
    known = {"schema_version", "note", *lists}
    out += [Problem(file, json_path([k]), f"unknown key '{k}' (known: {', '.join(sorted(known))})")
            for k in doc if k not in known]
    out += [Problem(file, json_path([k]), f"'{k}' must be a list") for k in lists
            if k in doc and not isinstance(doc[k], list)]
    return out


def _repath(problems: list[Problem], file: str, prefix: str, at: str, skipped: bool = True) -> list[Problem]:
    """Problems said of a one-entry document (``prefix``, e.g. ``$.indicators[0]``) said of the file's entry at
    ``at`` instead."""
    tail = " (left out)" if skipped else ""
    return [Problem(file, at + p.path[len(prefix):] if p.path.startswith(prefix) else at, p.message + tail,
                    p.severity) for p in problems]


def _entry_id(entry) -> str | None:
    return entry.get("id") if isinstance(entry, dict) and isinstance(entry.get("id"), str) else None


@dataclass
class Merged:
    """What one state file adds: the ids in use, those standing in for shipped ones, and the problems."""

    added: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    unusable: bool = False  # the file as a whole could not be used

    def errors_at(self, prefix: str) -> list[Problem]:
        return [p for p in self.problems if p.path == prefix or p.path.startswith((prefix + ".", prefix + "["))]


def _merge_list(base: list[dict], entries: list, key: str, file: str, check, merged: Merged) -> list[dict]:
    """``base`` (shipped entries) with ``entries`` merged over them; ``check(entry, at)`` gives an entry's
    problems said at ``at``."""
    out = list(base)
    shipped = {e["id"]: n for n, e in enumerate(base)}
    seen: set[str] = set()
    for n, entry in enumerate(entries):
        at = json_path([key, n])
        eid = _entry_id(entry)
        replace = isinstance(entry, dict) and entry.get("replace") is True
        if isinstance(entry, dict) and "replace" in entry and not isinstance(entry["replace"], bool):
            merged.problems.append(Problem(file, at + ".replace", "'replace' must be true or false (left out)"))
            continue
        body = {k: v for k, v in entry.items() if k != "replace"} if isinstance(entry, dict) else entry
        if eid is not None and eid in seen:
            merged.problems.append(Problem(file, at + ".id", f"duplicate id '{eid}' in this file (left out)"))
            continue
        if eid is not None and eid in shipped and not replace:
            merged.problems.append(Problem(file, at + ".id", f"'{eid}' is a shipped {key[:-1]}: give "
                                                             '"replace": true to stand in for it (left out)'))
            continue
        problems = check(body, at)
        if problems:
            merged.problems += problems
            continue
        seen.add(eid)
        if eid in shipped:
            out[shipped[eid]] = body
            merged.replaced.append(eid)
        else:
            if replace:
                merged.problems.append(Problem(file, at + ".replace", f"no shipped {key[:-1]} '{eid}' to replace: "
                                                                      "added", Severity.WARNING))
            out.append(body)
            merged.added.append(eid)
    return out


def merge_indicators(shipped_doc: dict, state_doc, file: str) -> tuple[Catalogue, Merged]:
    """The shipped catalogue document (already valid) with a state ``indicators.json`` merged over it."""
    merged = Merged()
    shape = _shape(state_doc, file, ("sectors", "indicators"),
                   '{"schema_version": 1, "sectors": [...], "indicators": [...]}')
    if shape:
        merged.problems, merged.unusable = shape, True
        return parse_catalogue(shipped_doc, DEFAULT_FILE.name), merged

    def sector_problems(body, at):
        try:
            parse_catalogue({"schema_version": 1, "sectors": [body], "indicators": []}, file)
        except InvalidFile as exc:
            return _repath(exc.problems, file, "$.sectors[0]", at)
        return []

    sectors = _merge_list(shipped_doc["sectors"], state_doc.get("sectors", []), "sectors", file, sector_problems,
                          merged)

    def indicator_problems(body, at):
        try:
            parse_catalogue({"schema_version": 1, "sectors": sectors, "indicators": [body]}, file)
        except InvalidFile as exc:
            return _repath([p for p in exc.problems if p.path.startswith("$.indicators")] or exc.problems, file,
                           "$.indicators[0]", at)
        return []

    indicators = _merge_list(shipped_doc["indicators"], state_doc.get("indicators", []), "indicators", file,
                             indicator_problems, merged)
    try:
        return parse_catalogue({"schema_version": 1, "sectors": sectors, "indicators": indicators}, file), merged
    except InvalidFile as exc:  # each entry passed alone, the whole not (never expected): the shipped one is used
        merged.problems += exc.problems
        merged.unusable, merged.added, merged.replaced = True, [], []
        return parse_catalogue(shipped_doc, DEFAULT_FILE.name), merged


def merge_regions(shipped: dict[str, str], state_doc, file: str) -> tuple[dict[str, str], Merged]:
    merged = Merged()
    try:
        names, problems = parse_regions(state_doc, file, demo=False)
    except InvalidFile as exc:
        merged.problems, merged.unusable = exc.problems, True
        return dict(shipped), merged
    merged.problems = [Problem(p.file, p.path, p.message + " (left out)", p.severity) for p in problems]
    merged.added = [c for c in names if c not in shipped]
    merged.replaced = [c for c in names if c in shipped and names[c] != shipped[c]]
    return {**shipped, **names}, merged


def merge_markers(shipped: list[dict], state_doc, catalogue: Catalogue, file: str,
                  bounds: tuple[float, float, float, float] | None = None) -> tuple[list, Merged]:
    """The shipped markers' entries with a state ``markers.json`` merged over them; returns Marker objects."""
    from ioc_core.catalogue.mapdata import parse_markers

    merged = Merged()
    shape = _shape(state_doc, file, ("markers",), '{"schema_version": 1, "markers": [...]}')
    if shape:
        merged.problems, merged.unusable = shape, True
        state_doc = {"markers": []}

    def marker_problems(body, at):
        try:
            parse_markers({"schema_version": 1, "markers": [body]}, catalogue, file, bounds)
        except InvalidFile as exc:
            return _repath(exc.problems, file, "$.markers[0]", at)
        return []

    entries = _merge_list(shipped, state_doc.get("markers", []), "markers", file, marker_problems, merged)
    return parse_markers({"schema_version": 1, "markers": entries}, catalogue, file, bounds), merged


@dataclass
class StateCatalogue:
    """The catalogue the wall uses: the shipped one with the state folder's files merged over it."""

    catalogue: Catalogue
    folder: Path | None
    shipped_doc: dict
    shipped_regions: dict[str, str]
    docs: dict[str, dict | None] = field(default_factory=dict)  # file name -> state document as read (None: none)
    merged: dict[str, Merged] = field(default_factory=dict)  # file name -> what it added

    @property
    def problems(self) -> list[Problem]:
        return [p for m in self.merged.values() for p in m.problems]

    def path(self, name: str) -> Path | None:
        return self.folder / name if self.folder is not None else None


def _read_state(path: Path | None) -> tuple[object | None, list[Problem]]:
    """A state file's document (None: there is none), or the problems of reading it."""
    if path is None or not path.exists():
        return None, []
    try:
        return read_json(path, str(path)), []
    except InvalidFile as exc:
        return None, exc.problems


def load_state_catalogue(folder: Path | None, shipped: Path = DEFAULT_FILE,
                         regions: Path = REGIONS_DEFAULT) -> StateCatalogue:
    """The indicator catalogue with the state folder's ``indicators.json`` and ``regions.json`` merged over the
    shipped files (``folder`` None: the shipped catalogue). Raises InvalidFile only when the shipped catalogue is
    unusable; a state file's problems are in ``problems``. Reads only."""
    from ioc_core.catalogue.regions import region_names

    shipped_doc = read_json(shipped, str(shipped))
    cat = parse_catalogue(shipped_doc, str(shipped))  # the shipped file's own problems, as before
    state = StateCatalogue(cat, Path(folder) if folder is not None else None, shipped_doc, region_names(regions))
    for name in (INDICATORS_FILE, REGIONS_FILE):
        path = state.path(name)
        doc, problems = _read_state(path)
        state.docs[name] = doc
        if problems:
            state.merged[name] = Merged(problems=problems, unusable=True)
    names = dict(state.shipped_regions)
    if state.docs[INDICATORS_FILE] is not None:
        state.catalogue, state.merged[INDICATORS_FILE] = merge_indicators(
            shipped_doc, state.docs[INDICATORS_FILE], str(state.path(INDICATORS_FILE)))
    if state.docs[REGIONS_FILE] is not None:
        names, state.merged[REGIONS_FILE] = merge_regions(names, state.docs[REGIONS_FILE],
                                                          str(state.path(REGIONS_FILE)))
    state.catalogue.regions = names
    return state


def load_state_markers(folder: Path | None, catalogue: Catalogue, markers: Path | None = None,
                       bounds: tuple[float, float, float, float] | None = None) -> tuple[list, Merged]:
    """The map markers: the shipped file's with the state folder's ``markers.json`` merged over them, checked
    against ``catalogue`` (with the state folder's indicators and regions). Raises InvalidFile when the shipped
    markers are unusable."""
    from ioc_core.catalogue.mapdata import MARKERS_FILE as SHIPPED
    from ioc_core.catalogue.mapdata import parse_markers

    markers = markers or SHIPPED
    shipped_doc = read_json(markers, str(markers))
    shipped = parse_markers(shipped_doc, catalogue, str(markers), bounds)
    path = Path(folder) / MARKERS_FILE if folder is not None else None
    doc, problems = _read_state(path)
    if problems:
        return shipped, Merged(problems=problems, unusable=True)
    if doc is None:
        return shipped, Merged()
    return merge_markers(shipped_doc["markers"], doc, catalogue, str(path), bounds)


# -- technicians' edits from consoles ---------------------------------------------------------------------------
class StateFiles:
    """Adds to and takes back from the state folder's indicators, regions and markers (the API's routes). Each
    edit is checked on the file it would make, written (atomic, previous version kept), then in ``state``."""

    KINDS = {"catalogue_indicator": (INDICATORS_FILE, "indicators"), "catalogue_sector": (INDICATORS_FILE, "sectors"),
             "region": (REGIONS_FILE, "regions"), "marker": (MARKERS_FILE, "markers")}

    def __init__(self, state: StateCatalogue, markers_merged: Merged | None = None, bounds=None):
        self.state, self.bounds = state, bounds
        if markers_merged is not None:
            state.merged.setdefault(MARKERS_FILE, markers_merged)
        if MARKERS_FILE not in state.docs:
            state.docs[MARKERS_FILE] = _read_state(state.path(MARKERS_FILE))[0]
        self._lock = threading.Lock()

    def _doc(self, name: str, key: str) -> dict:
        """The file's document to add to: refused when the file exists but cannot be read or is no such file (a
        hand-edited file is never overwritten: the technician fixes it)."""
        from ioc_core.catalogue.edits import Refused

        path = self.state.path(name)
        if path is None:
            raise Refused(CONFLICT, "this wall has no state folder to keep catalogue additions in")
        doc, problems = _read_state(path)
        if doc is not None and not problems:
            if name == REGIONS_FILE:
                try:
                    parse_regions(doc, str(path), demo=False)
                except InvalidFile as exc:
                    problems = exc.problems
            else:
                problems = _shape(doc, str(path), tuple(v[1] for v in self.KINDS.values() if v[0] == name), "")
        if problems:
            raise Refused(CONFLICT, f"{path} cannot be used as it is ({problems[0].path}: {problems[0].message}): "
                                    "fix it before adding to it")
        if doc is None:
            doc = {"schema_version": SCHEMA_VERSION, key: {} if key == "regions" else []}
        return copy.deepcopy(doc)

    def add(self, kind: str, entry) -> tuple[str, list[str]]:
        """Adds ``entry``; returns its id and warnings. Raises Refused (edits.py), nothing changed."""
        from ioc_core.catalogue.edits import Refused

        name, key = self.KINDS[kind]
        with self._lock:
            doc = self._doc(name, key)
            if kind == "region":
                if not isinstance(entry, dict) or set(entry) != {"code", "name"}:
                    raise Refused(INVALID, 'send {"code": "<unit code>", "name": "<Vietnamese name>"}')
                eid = entry["code"] if isinstance(entry["code"], str) else ""
                if eid in doc.setdefault("regions", {}):
                    raise Refused(INVALID, f"region '{eid}' is already in {name}",
                                  [Problem("", "code", f"region '{eid}' is already added")])
                doc["regions"][eid] = entry["name"]
                at = json_path(["regions", eid])
            else:
                if not isinstance(entry, dict):
                    raise Refused(INVALID, f"a {kind.replace('catalogue_', '')} must be a JSON object")
                eid = _entry_id(entry) or ""
                doc.setdefault(key, []).append(entry)
                at = json_path([key, len(doc[key]) - 1])
            result, merged = self._merge(name, doc)
            mine = [p for p in merged.errors_at(at) if p.severity is Severity.ERROR]
            if mine:
                fields = [Problem("", p.path[len(at):].lstrip(".") or _entry_field(kind, p.message),
                                  p.message.removesuffix(" (left out)")) for p in mine]
                what = kind.replace("catalogue_", "")
                raise Refused(INVALID, f"the {what} was not added: " + "; ".join(f"{p.path}: {p.message}"
                                                                                 for p in fields), fields)
            self._write(name, doc, result, merged)
            warnings = [p.message for p in merged.errors_at(at) if p.severity is Severity.WARNING]
            if kind != "region":
                warnings.append(f"saved in {name}; in use when the wall next starts")
            return eid, warnings

    def remove(self, kind: str, eid: str) -> None:
        from ioc_core.catalogue.edits import Refused

        name, key = self.KINDS[kind]
        with self._lock:
            doc = self._doc(name, key)
            if kind == "region":
                if eid not in doc.get("regions", {}):
                    raise Refused(NOT_FOUND, f"no region '{eid}' among the state folder's regions")
                doc["regions"] = {c: n for c, n in doc["regions"].items() if c != eid}
            else:
                entries = doc.get(key, [])
                if not any(_entry_id(e) == eid for e in entries):
                    raise Refused(NOT_FOUND, f"no {key[:-1]} '{eid}' in the state folder's {name}")
                doc[key] = [e for e in entries if _entry_id(e) != eid]
            self._write(name, doc, *self._merge(name, doc))

    def _merge(self, name: str, doc: dict) -> tuple[object, Merged]:
        """``doc`` merged as the wall would at start: what it gives (the catalogue, the region names or the
        markers) and its Merged; regions put in use after the write, by ``_write``."""
        st, file = self.state, str(self.state.path(name))
        if name == INDICATORS_FILE:
            return merge_indicators(st.shipped_doc, doc, file)
        if name == REGIONS_FILE:
            return merge_regions(st.shipped_regions, doc, file)
        from ioc_core.catalogue.mapdata import MARKERS_FILE as SHIPPED

        shipped = read_json(SHIPPED, str(SHIPPED))["markers"]
        return merge_markers(shipped, doc, self._next_catalogue(), file, self.bounds)

    def _next_catalogue(self) -> Catalogue:
        """The catalogue as the wall will load it at its next start: a station may show an indicator added since
        this start."""
        st = self.state
        doc = st.docs.get(INDICATORS_FILE)
        if doc is None:
            return st.catalogue
        cat = merge_indicators(st.shipped_doc, doc, str(st.path(INDICATORS_FILE)))[0]
        cat.regions = st.catalogue.regions
        return cat

    def _write(self, name: str, doc: dict, result, merged: Merged) -> None:
        """Writes ``doc``, whose ``_merge`` gave ``result`` and ``merged``."""
        from ioc_core.catalogue.edits import Refused

        path = self.state.path(name)
        try:
            replace_keeping_previous(path, path.with_name(path.name + PREVIOUS), lambda: write_json_atomic(path, doc))
        except OSError as exc:
            raise Refused(write_failure_kind(exc), f"cannot write {path.name} in {path.parent}: "
                                                   f"{exc.strerror or exc}; nothing was changed") from None
        self.state.docs[name] = doc
        if name == REGIONS_FILE:  # in use at once: a new dict, never one changed under a reader
            from ioc_core.catalogue import regions

            names, self.state.merged[name] = result, merged
            self.state.catalogue.regions = names
            regions.use(names)
        else:  # in use at the next start; what --check and GET /catalogue say follows the file
            self.state.merged[name] = merged

    def public(self) -> dict:
        """What GET /catalogue adds: the regions, and what the state folder's files hold."""
        st = self.state
        demo = set(st.shipped_regions) - set(_shipped_real_regions())
        added = {n: (m.added, m.replaced) for n, m in st.merged.items()}
        ind_doc = st.docs.get(INDICATORS_FILE) or {}
        return {
            "regions": [{"code": c, "name": n, "demo": c in demo,
                         "added": c in added.get(REGIONS_FILE, ([], []))[0] + added.get(REGIONS_FILE, ([], []))[1]}
                        for c, n in st.catalogue.regions.items()],
            "state_catalogue": {
                "editable": st.folder is not None,
                "folder": str(st.folder) if st.folder is not None else None,
                "indicators": [_entry_id(e) for e in ind_doc.get("indicators", []) if isinstance(e, dict)]
                if isinstance(ind_doc, dict) else [],
                "sectors": [_entry_id(e) for e in ind_doc.get("sectors", []) if isinstance(e, dict)]
                if isinstance(ind_doc, dict) else [],
                "markers": [_entry_id(e) for e in (st.docs.get(MARKERS_FILE) or {}).get("markers", [])
                            if isinstance(e, dict)] if isinstance(st.docs.get(MARKERS_FILE), dict) else [],
                "problems": [p.to_json() for p in st.problems],
            },
        }


def _entry_field(kind: str, message: str) -> str:
    """The field a problem said of a whole entry is shown under (a console names fields)."""
    if kind == "region":
        return "code"
    if kind == "marker" and "outside the map" in message:  # both coordinates: said under the first
        return "lon"
    return "id"


@functools.cache
def _shipped_real_regions() -> dict[str, str]:
    """The shipped file's own units, without the demo codes."""
    try:
        doc = read_json(REGIONS_DEFAULT)
        return dict(doc["regions"]) if isinstance(doc, dict) and isinstance(doc.get("regions"), dict) else {}
    except InvalidFile:
        return {}
