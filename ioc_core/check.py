"""``ioc-wall --check``: a technician's check of everything the wall would load, without opening a window.

The configuration, the layouts, the catalogues and the sources file are read by the wall's own loaders, and their
problems are reported as the loaders word them; each configured source is then fetched once, all at the same time,
through its own code and timeouts. With ``--state-dir``, what technicians saved there from consoles is read too, as
the wall would read it at start: the screen mapping's configuration, layouts and catalogue additions. Nothing is
stored and nothing is written (the state folder is never touched).
Qt-free: it runs on a machine without a display. The report is in English (a terminal tool), with the Vietnamese
group names the control room uses next to the English ones.
"""

from __future__ import annotations

import argparse
import logging
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from urllib.parse import urlsplit

from ioc_core.jsonfile import read_json
from ioc_core.layouts.library import LayoutLibrary
from ioc_core.layouts.validate import bezel_warnings, room_warnings
from ioc_core.problems import InvalidFile, Problem, Severity, errors, json_path
from ioc_core.redact import redact_text
from ioc_core.setup.wall_config import WallConfig, load_config

GRACE_S = 1.0  # on top of a source's connect + read timeouts before it is given up (a slow trickle, CKAN pages)


class Status(StrEnum):
    OK = "OK"
    WARN = "WARN"  # works, but worth a look (the loaders' warnings)
    FAIL = "FAIL"  # the wall would run without it, or not as configured
    SKIP = "SKIP"  # not checked because something it needs failed


@dataclass(frozen=True)
class Item:
    """One thing checked: one line of the report, and the loader's problems under it."""

    status: Status
    name: str
    text: str = ""
    problems: tuple[Problem, ...] = ()


@dataclass
class Group:
    title: str
    where: str = ""
    items: list[Item] = field(default_factory=list)


@dataclass
class Report:
    groups: list[Group] = field(default_factory=list)

    def count(self, status: Status) -> int:
        return sum(i.status is status for g in self.groups for i in g.items)

    @property
    def exit_code(self) -> int:
        return 1 if self.count(Status.FAIL) else 0


def file_item(name: str, text: str, problems=()) -> Item:
    """OK, WARN or FAIL as the loader classified its problems."""
    problems = tuple(problems)
    status = Status.FAIL if errors(problems) else Status.WARN if problems else Status.OK
    return Item(status, name, text, problems)


def loaded(name: str, load: Callable, describe: Callable) -> tuple[Item, object | None]:
    """Run one loader: its result (None when the file is unusable) and the report's line for it."""
    try:
        obj = load()
    except InvalidFile as exc:
        return file_item(name, "", exc.problems), None
    return file_item(name, describe(obj), getattr(obj, "problems", ())), obj


# -- configuration and layouts -----------------------------------------------------------------------------------
def check_config(args: argparse.Namespace, library: LayoutLibrary) -> tuple[Group, WallConfig]:
    group = Group("Configuration (Cấu hình)")
    from ioc_core.setup.wall_config_edits import load_path

    path = load_path(args.config, getattr(args, "state_dir", None))  # without --config: the screen mapping's file
    item, config = loaded("wall configuration", lambda: load_config(path), _describe_config)
    group.items.append(item)
    config = config or WallConfig(source=str(path))
    if config.default_layout:
        problems = [] if library.get(config.default_layout) else [
            Problem(config.source, "$.default_layout", f"default layout '{config.default_layout}' is not loaded")]
        group.items.append(file_item("default layout", config.default_layout, problems))
    if args.meeting:
        from ioc_core.meeting.model import parse_meeting

        regions = {lid: lay.region_ids for lid, lay in library.layouts.items()}
        group.items.append(loaded("meeting", lambda: parse_meeting(read_json(args.meeting), str(args.meeting),
                                                                   regions), lambda m: f"{m.title!r}")[0])
    return group, config


def _describe_config(c: WallConfig) -> str:
    outputs = c.outputs if isinstance(c.outputs, str) else f"{len(c.outputs)} monitors"
    return (f"{c.source}: {c.rows} x {c.cols} screens of {c.width_px}x{c.height_px}, outputs {outputs}, "
            f"web allowlist {', '.join(c.web_allow)}, read from {c.room().describe()}")


def check_layouts(folder: Path, library: LayoutLibrary, config: WallConfig, saved: Path | None = None,
                  cameras=None, catalogue=None) -> Group:
    """One line per layout file, as the library loaded it (a bad file never stops the others); ``saved``: the
    wall's folder of layouts saved from consoles, which replace the given ones of their ids; ``cameras``: the
    camera catalogue the wall would use, with the technicians' additions (None: cameras not checked);
    ``catalogue``: the indicator catalogue, with the state folder's (None: sectors and indicators not checked). A
    view naming a sector, an indicator, a map layer, a camera or a camera group the wall does not have fails."""
    group = Group("Layouts (Bố cục)", str(folder) + (f" + {saved}" if saved is not None else ""))
    by_file = {lay.source: lay for lay in library.layouts.values()}
    replaced_by = {given.source: library.get(lid) for lid, given in library.replaced.items()}
    geometry, allow, room = config.geometry(), config.web_allowlist(), config.room()
    sector_of = _sector_views(catalogue)
    paths = [p for f in (folder, saved) if f is not None for p in Path(f).glob("*.json")]
    files = sorted({str(p) for p in paths} | {p.file for p in library.problems})
    for file in files:
        problems = [p for p in library.problems if p.file == file]
        layout = by_file.get(file)
        if layout is None and not problems and (winner := replaced_by.get(file)) is not None:
            group.items.append(file_item(Path(file).name, f"layout '{winner.id}' replaced by {winner.source}, "
                                                           "saved from a console", []))
            continue
        if layout is None:
            group.items.append(file_item(Path(file).name, "", problems))
            continue
        problems += (bezel_warnings(layout, geometry) + room_warnings(layout, geometry, room, None, sector_of)
                     + shown_warnings(layout, cameras, allow, catalogue))
        mine = " (saved from a console)" if saved is not None and Path(file).parent == Path(saved) else ""
        text = f"{Path(file).name}{mine}: {layout.grid_rows} x {layout.grid_cols} grid, {len(layout.regions)} regions"
        group.items.append(file_item(layout.id, text, problems))
    if not library.layouts:
        group.items.append(file_item("layouts", "", [Problem(str(folder), "", "no valid layout loaded: showing "
                                                                             "the fallback layout")]))
    return group


def _sector_views(catalogue):
    """Each sector's view as the wall would show it (the shipped sector views file, else the default view): what
    the legibility warnings count tiles of. None without a catalogue."""
    if catalogue is None:
        return None
    from ioc_core.catalogue.sectorviews import load_sector_views, sector_view

    try:
        declared = load_sector_views(catalogue)
    except Exception:  # reported by the catalogues' group; the default views are judged
        declared = {}
    return lambda sector: sector_view(catalogue, sector, declared) if sector in catalogue.sectors else None


def shown_warnings(layout, cameras, allow, catalogue=None) -> list[Problem]:
    """A region whose view names what the catalogues do not have: a sector, an indicator, a commune, a map layer,
    a camera or a camera group (errors: the wall shows a card saying what is missing there; ioc_core/layouts/refs.py);
    a camera group without cameras or a pin outside its group, or a web address the allowlist refuses (warnings:
    the wall shows an empty grid, the whole group, or the page as refused)."""
    from ioc_core.layouts.refs import Known, layout_problems

    out = []
    for i, region in enumerate(layout.regions):
        view = region.view or {}
        if view.get("kind") == "web" and (why := allow.problem(view["url"])):
            out.append(Problem(layout.source or layout.id, json_path(["regions", i, "view"]),
                               f"region '{region.id}' shows a web page the wall refuses: {why}", Severity.WARNING))
    return out + layout_problems(layout, Known.of(catalogue, cameras))


# -- catalogues --------------------------------------------------------------------------------------------------
def check_catalogues(args: argparse.Namespace, config: WallConfig) -> tuple[Group, object | None, object | None]:
    """The catalogues and, with --state-dir, the technicians' additions merged over them; returns the indicator
    catalogue and the camera catalogue the wall would use (each None when unusable)."""
    from ioc_core.alerts.rules import DEFAULT_FILE as RULES_FILE
    from ioc_core.alerts.rules import load_rules
    from ioc_core.catalogue import DEFAULT_FILE
    from ioc_core.catalogue.cameras import load_cameras
    from ioc_core.catalogue.sectorviews import DEFAULT_FILE as VIEWS_FILE
    from ioc_core.catalogue.sectorviews import load_sector_views
    from ioc_core.catalogue.statefiles import FOLDER, load_state_catalogue

    group = Group("Catalogues (Danh mục)")
    folder = args.state_dir / FOLDER if getattr(args, "state_dir", None) else None
    item, state = loaded("indicators", lambda: load_state_catalogue(folder), lambda s: "")
    catalogue = state.catalogue if state is not None else None
    if state is not None:  # the shipped file's line; the state folder's files have their own (check_additions)
        shipped = state.shipped_doc  # already read, and valid
        item = Item(Status.OK, "indicators", f"{DEFAULT_FILE}: {len(shipped['indicators'])} indicators in "
                                             f"{len(shipped['sectors'])} sectors, {len(state.shipped_regions)} regions")
    group.items.append(item)
    views = None
    if catalogue is None:
        group.items.append(Item(Status.SKIP, "sector views", "needs the indicator catalogue"))
    else:
        item, views = loaded("sector views", lambda: load_sector_views(catalogue),
                             lambda v: f"{VIEWS_FILE}: {len(v)} sectors declared")
        group.items.append(item)
    rules = args.alert_rules or RULES_FILE
    group.items.append(loaded("alert rules", lambda: load_rules(rules, catalogue), lambda r: f"{rules}: "
                                                                                            f"{len(r)} rules")[0])
    item, cameras = loaded("cameras", lambda: load_cameras(args.cameras), _describe_cameras(args.cameras))
    group.items.append(item)
    item, pages = _check_webpages(args.web_pages, config)
    group.items.append(item)
    if getattr(args, "state_dir", None):
        items, cameras = check_additions(args, config, catalogue, cameras, pages, views or {}, state)
        group.items += items
    elif catalogue is not None:
        group.items.append(_markers_item(None, catalogue))
    return group, catalogue, cameras


def _markers_item(folder: Path | None, catalogue) -> Item:
    """The map's markers (the shipped file's, with ``folder``'s ``markers.json``), checked against the catalogue."""
    from ioc_core.catalogue.mapdata import MARKERS_FILE, load_outline
    from ioc_core.catalogue.statefiles import MARKERS_FILE as STATE_MARKERS
    from ioc_core.catalogue.statefiles import load_state_markers

    def load():
        return load_state_markers(folder, catalogue, bounds=load_outline().bounds())

    item, result = loaded("map markers", load, lambda r: "")
    if result is None:
        return item
    markers, merged = result
    mine = f" + {folder / STATE_MARKERS}: {_count(len(merged.added), 'added')}, {len(merged.replaced)} replacing " \
           "shipped ones" if folder is not None and (folder / STATE_MARKERS).exists() else ""
    return file_item("map markers", f"{MARKERS_FILE}: {len(markers)} markers{mine}", merged.problems)


def _state_items(folder: Path, state) -> list[Item]:
    """The state folder's indicators.json and regions.json, as merged over the shipped files."""
    from ioc_core.catalogue.statefiles import INDICATORS_FILE, REGIONS_FILE

    out = []
    for name, label, again in ((INDICATORS_FILE, "state indicators", "replacing shipped ones"),
                               (REGIONS_FILE, "state regions", "renamed")):
        merged, path = state.merged.get(name), folder / name
        if not path.exists():
            continue
        if merged is None or merged.unusable:
            out.append(file_item(label, f"{path}: not used, the wall runs on the shipped file",
                                 merged.problems if merged else []))
            continue
        out.append(file_item(label, f"{path}: {len(merged.added)} added, {len(merged.replaced)} {again}",
                             merged.problems))
    return out


def _describe_cameras(path: Path | None) -> Callable:
    from ioc_core.catalogue.cameras import DEFAULT_FILE

    return lambda c: f"{path or DEFAULT_FILE}: {len(c.cameras)} cameras in {len(c.groups)} groups"


def _check_webpages(path: Path | None, config: WallConfig) -> tuple[Item, object | None]:
    """The pages, and which of them the configuration's web allowlist lets the wall show (others: warnings); returns
    those the wall offers too."""
    from ioc_core.catalogue.webpages import DEFAULT_FILE, load_webpages

    file = str(path or DEFAULT_FILE)
    item, pages = loaded("web pages", lambda: load_webpages(path), lambda p: "")
    if pages is None:
        return item, None
    shown = pages.checked(config.web_allowlist(), file)
    return file_item("web pages", f"{file}: {len(shown.pages)} of {len(pages.pages)} pages allowed by the web "
                                  "allowlist", shown.problems), shown


def check_additions(args: argparse.Namespace, config: WallConfig, catalogue, cameras, pages, views, state=None) \
        -> tuple[list[Item], object | None]:
    """One line per file of technicians' additions in ``<state-dir>/catalogue``, merged over the catalogues by the
    wall's own start-up code (``ioc_core.loading.load_catalogue_edits``), each addition it would skip named with its
    file,
    its place and why; returns them and the camera catalogue the wall would use. That code runs read-only here
    (``read_only``): what it would set aside or clean up is said, and the state folder is never touched."""
    from ioc_core.catalogue.additions import read_only
    from ioc_core.catalogue.editkinds import CameraKind, GroupKind, IndicatorKind, WebPageKind
    from ioc_core.catalogue.edits import FOLDER
    from ioc_core.loading import load_catalogue_edits

    folder = args.state_dir / FOLDER
    extra = (_state_items(folder, state) if state is not None else []) + (
        [_markers_item(folder, catalogue)] if catalogue is not None else [])
    kinds = {"camera_group": ("added camera groups", GroupKind.file_name),
             "camera": ("added cameras", CameraKind.file_name), "web_page": ("added web pages", WebPageKind.file_name),
             "indicator": ("added indicators", IndicatorKind.file_name)}
    problems: list[Problem] = []
    with read_only():
        edits = load_catalogue_edits(args, problems, config, catalogue, cameras, pages, views, state)
    if edits is None:  # the folder could not be read at all: the wall runs on its catalogues
        return [file_item("catalogue additions", "", problems), *extra], cameras
    present = {kind: folder / name for kind, (_, name) in kinds.items() if (folder / name).exists()}
    if not present:
        return [Item(Status.OK, "catalogue additions", f"no camera, web page or sector indicator added in {folder}"),
                *extra], cameras
    return [*(_additions_item(kinds[kind][0], file, edits.books[kind]) for kind, file in present.items()),
            *extra], edits.cameras


def _additions_item(label: str, file: Path, book) -> Item:
    if book is None:
        return Item(Status.SKIP, label, f"{file}: not merged, its catalogue is unusable (above): the wall runs "
                                        "without these additions")
    if book.file.problems:  # unreadable: the wall would set it aside and start without it
        return file_item(label, f"{file}: unreadable", book.problems)
    skipped = f", {len(book.skipped)} skipped" if book.skipped else ""
    return file_item(label, f"{file}: {len(book.kept)} in use{skipped}", book.problems)


# -- sources -----------------------------------------------------------------------------------------------------
def check_sources(args: argparse.Namespace, catalogue) -> Group:
    """The sources the wall would fetch (simulated ones with --demo), each fetched once."""
    from ioc_core.sources.secrets import Secrets
    from ioc_core.sources.sources_file import SourceSet, demo_sources, load_sources

    where = "simulated (--demo)" if args.demo else str(args.sources or "")
    group = Group("Data sources (Nguồn dữ liệu)", where)
    if catalogue is None:
        group.items.append(Item(Status.SKIP, "sources", "the indicator catalogue is unusable: the wall fetches "
                                                         "no data"))
        return group
    if not args.demo and not args.sources:
        group.items.append(Item(Status.WARN, "sources", "none configured (--sources FILE): the wall shows no "
                                                        "indicator data"))
        return group
    sources = SourceSet()
    if args.demo:
        sources = demo_sources(catalogue)
    else:
        try:
            state = getattr(args, "state_dir", None)  # its secrets file, read only
            sources = load_sources(args.sources, catalogue, Secrets(state / Secrets.FILE_NAME if state else None))
        except InvalidFile as exc:
            sources.problems.extend(exc.problems)
    group.items += [file_item(sources.named(p), "", [p]) for p in sources.problems]
    t0 = time.monotonic()
    group.items += fetch_all([s for s, _every in sources.sources], catalogue)
    group.where += f" (fetched in {time.monotonic() - t0:.2f} s)"
    return group


def fetch_all(sources: list, catalogue) -> list[Item]:
    """Fetch every source once, all at the same time, and judge what each brought as the wall's store would; the
    whole takes about the longest budget. A source still busy after its budget (and a grace) is reported as such
    and left behind (daemon thread)."""
    results: list[Item | None] = [None] * len(sources)

    def work(n: int) -> None:
        results[n] = fetch_one(sources[n], catalogue)

    threads = [threading.Thread(target=work, args=(n,), daemon=True, name=f"check-{s.id}")
               for n, s in enumerate(sources)]
    start = time.monotonic()
    for t in threads:
        t.start()
    for s, t in zip(sources, threads, strict=True):
        t.join(max(0.0, start + _budget(s) - time.monotonic()))
    return [results[n] or _late(s, time.monotonic() - start) for n, s in enumerate(sources)]


def fetch_one(source, catalogue) -> Item:
    """One real fetch through the source's own code, with its own session, its values put through the store's own
    validation on a scratch store (ioc_core.sources.verify): nothing is kept. FAIL when nothing would be stored."""
    import requests

    from ioc_core.sources.verify import verify

    with requests.Session() as session:
        verdict = verify(source, catalogue, session)
    if verdict.error is not None:
        return _failed(source, verdict.error, verdict.seconds)
    text = f"{_count(verdict.stored, 'value')} would be stored"
    if verdict.rejected:
        text += f"; {verdict.rejected} rejected, first: {verdict.reasons[0]}"
    if verdict.alerts:
        text += f"; {_count(len(verdict.alerts), 'alert')}"
    if verdict.old:
        more = f" (and {len(verdict.old) - 1} more)" if len(verdict.old) > 1 else ""
        text += f"; old data: {verdict.old[0]}{more}"
    status = Status.FAIL if verdict.failed else Status.WARN if verdict.rejected or verdict.old else Status.OK
    return Item(status, source.id, _line(source, text, verdict.seconds))


def _failed(source, why: str, seconds: float) -> Item:
    # a demo feed's outage is part of the simulation (a silent feed to show staleness), not a fault
    status = Status.WARN if source.kind == "demo" else Status.FAIL
    return Item(status, source.id, _line(source, why, seconds))


def _late(source, seconds: float) -> Item:
    return _failed(source, f"no complete answer within {_budget(source):g} s (its budget {source.budget_s():g} s: "
                           f"connect {source.timeouts.connect:g} s, read {source.timeouts.read:g} s)", seconds)


def _count(n: int, what: str) -> str:
    return f"{n} {what}{'' if n == 1 else 's'}"


def _budget(source) -> float:
    return source.budget_s() + GRACE_S


def _line(source, text: str, seconds: float) -> str:
    return f"{where(source)}  {text}  ({seconds:.2f} s)"


def where(source) -> str:
    """What a source reaches, without credentials, path or query (which may hold keys): scheme://host[:port],
    a folder, or 'simulated'."""
    url = getattr(source, "url", None)
    if url:
        parts = urlsplit(url)
        try:
            port = f":{parts.port}" if parts.port else ""
        except ValueError:
            port = ""
        return f"{parts.scheme}://{parts.hostname or '?'}{port}"
    folder = getattr(source, "folder", None)
    return str(folder) if folder is not None else "simulated" if source.kind == "demo" else source.kind


# -- the whole check ---------------------------------------------------------------------------------------------
def run_check(args: argparse.Namespace) -> Report:
    """Check what the wall started with ``args`` would load; no window, no state written."""
    saved = args.state_dir / "layouts" if getattr(args, "state_dir", None) else None  # saved from consoles
    library = LayoutLibrary.load_dir(args.layouts_dir, saved)
    config_group, config = check_config(args, library)
    catalogue_group, catalogue, cameras = check_catalogues(args, config)
    return Report([config_group, check_layouts(args.layouts_dir, library, config, saved, cameras, catalogue),
                   catalogue_group, check_sources(args, catalogue)])


def render(report: Report) -> str:
    """The report as text; any address a loader quotes (a web page's, a layout's) has its secrets masked."""
    width = max((len(i.name) for g in report.groups for i in g.items), default=0)
    out = ["IOC Wall check"]
    for g in report.groups:
        out += ["", f"{g.title}{': ' + g.where if g.where else ''}"]
        for i in g.items:
            out.append(f"  {i.status.value:<4}  {i.name:<{width}}  {i.text}".rstrip())
            out += [f"        {p}" for p in i.problems]
    fails, warns = report.count(Status.FAIL), report.count(Status.WARN)
    out += ["", f"{fails} failed, {warns} with warnings: exit code {report.exit_code}"]
    return redact_text("\n".join(out) + "\n")


def main(args: argparse.Namespace) -> int:
    # every problem the loaders log is in the report already: only a crash reaches stderr
    logging.basicConfig(level=logging.CRITICAL)
    if hasattr(sys.stdout, "reconfigure"):  # a console or file in a legacy code page cannot take Vietnamese
        sys.stdout.reconfigure(errors="backslashreplace")
    report = run_check(args)
    sys.stdout.write(render(report))
    sys.stdout.flush()
    return report.exit_code
