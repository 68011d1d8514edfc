"""The wall's start-up loaders that need no Qt: the indicator store, the data model, the alert book and rules, the
catalogues with the technicians' additions. ``wall.app`` calls them to start a wall; ``ioc-wall --check`` calls the
same code read-only, so the check and the wall never disagree and the check never imports Qt."""

from __future__ import annotations

import argparse
import logging
import time
from pathlib import Path

from ioc_core.problems import InvalidFile, Problem
from ioc_core.setup.wall_config import WallConfig

log = logging.getLogger("wall")


def open_store(path: Path, catalogue):
    """The indicator store; an unreadable database is set aside (kept) and a new one started."""
    import sqlite3

    from ioc_core.indicators.indicator_store import IndicatorStore

    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        store = IndicatorStore(path, catalogue)
        store.db.execute("SELECT count(*) FROM observations").fetchone()
        return store
    except sqlite3.DatabaseError as exc:
        aside = path.with_name(f"{path.name}.corrupt-{time.strftime('%Y%m%dT%H%M%S')}")
        path.replace(aside)
        log.error("indicator store %s unreadable (%s); kept as %s, starting empty", path, exc, aside.name)
        return IndicatorStore(path, catalogue)


def load_source_set(args: argparse.Namespace, catalogue):
    """The sources a wall or the hub runs: the demo's simulated ones (``--demo``), the sources file's
    (``--sources``, secrets from the state folder), or none; each problem with them logged (and kept in the
    SourceSet's ``problems``): an unusable source is skipped, never fatal."""
    from ioc_core.problems import Severity
    from ioc_core.sources.secrets import Secrets
    from ioc_core.sources.sources_file import SourceSet, demo_sources, load_sources

    sources = SourceSet()
    if args.demo:
        sources = demo_sources(catalogue)
    elif args.sources:
        try:
            sources = load_sources(args.sources, catalogue, Secrets(args.state_dir / Secrets.FILE_NAME))
        except InvalidFile as exc:
            sources.problems.extend(exc.problems)
    for p in sources.problems:
        if p.severity is Severity.ERROR:
            log.error("source skipped: %s", p)
        else:
            log.warning("source: %s", p)
    return sources


HISTORY = "demo-history"  # the source the demo's history is stored as


def store_demo_history(path: Path, catalogue, days: int = 400, years: int = 6, hours: int = 24 * 7) -> int | None:
    """The demo's ``days`` of simulated history (``years`` for monthly and longer figures, ``hours`` of hourly
    station readings: see Simulator.backfill) stored into the store at ``path`` unless it is there already (about
    a second of work: call it off the GUI thread); returns how many values the store then holds (None: the history
    was stored before, nothing was). Asked of the history's own rows, not of any row: the wall's first fetches run
    while this does and may store theirs first."""
    from ioc_core import fmt
    from ioc_core.indicators.indicator_store import IndicatorStore
    from ioc_core.sources.demo import Simulator

    store = IndicatorStore(path, catalogue)
    try:
        if store.db.execute("SELECT 1 FROM observations WHERE source = ? LIMIT 1", (HISTORY,)).fetchone():
            return None
        store.ingest(HISTORY, Simulator(catalogue).backfill(list(catalogue.indicators.values()), fmt.now(),
                                                            days=days, years=years, hours=hours))
        (count,) = store.db.execute("SELECT count(*) FROM observations").fetchone()
        return count
    finally:
        store.close()


def load_data_model(args: argparse.Namespace, problems: list[Problem]):
    """Catalogue, declared sector views and the state folder's catalogue it was merged from
    (ioc_core.catalogue.statefiles.StateCatalogue, for ``load_catalogue_edits``); (None, {}, None) when the catalogue
    is unusable (views show placeholders)."""
    from ioc_core.catalogue import regions
    from ioc_core.catalogue.sectorviews import load_sector_views
    from ioc_core.catalogue.statefiles import FOLDER, load_state_catalogue

    try:  # the shipped catalogue with the state folder's indicators and regions (ioc_core/catalogue/statefiles.py)
        state = load_state_catalogue(args.state_dir / FOLDER if args.state_dir is not None else None)
    except InvalidFile as exc:
        problems.extend(exc.problems)
        log.error("indicator catalogue unusable: %s", exc)
        return None, {}, None
    for p in state.problems:
        log.error("technicians' catalogue: %s", p)
    problems.extend(state.problems)
    catalogue = state.catalogue
    regions.use(catalogue.regions)
    try:
        return catalogue, load_sector_views(catalogue), state
    except InvalidFile as exc:
        problems.extend(exc.problems)
        log.error("sector views unusable, showing every indicator of each sector: %s", exc)
        return catalogue, {}, state


def load_alerting(args: argparse.Namespace, problems: list[Problem], catalogue, file_name: str = "alerts.json"):
    """The alert book (kept in the state folder as ``file_name``: a wall on a data hub keeps the hub's book apart
    from its own) and the alert rules; unusable rules are reported, none run."""
    from ioc_core.alerts import AlertBook, load_rules
    from ioc_core.alerts.rules import DEFAULT_FILE

    book = AlertBook(args.state_dir / file_name)
    if book.read_only:  # a newer wall's book (a downgrade): left intact, the alerts kept in memory only
        problems.append(Problem(str(book.path), "$.schema_version", f"{book.read_only}; alerts are not saved"))
    path = args.alert_rules or DEFAULT_FILE
    try:
        rules = load_rules(path, catalogue)
    except InvalidFile as exc:
        problems.extend(exc.problems)
        log.error("alert rules unusable, no rule will act: %s", exc)
        rules = {}
    return book, rules


def _optional_catalogue(what: str, load, problems: list[Problem], without: str):
    """A catalogue the wall can run without: an unusable file is reported (``without`` says what is lost), and
    its warnings are reported too."""
    try:
        catalogue = load()
    except InvalidFile as exc:
        problems.extend(exc.problems)
        log.error("%s unusable, %s: %s", what, without, exc)
        return None
    for warning in catalogue.problems:
        log.warning("%s: %s", what, warning)
    problems.extend(catalogue.problems)
    return catalogue


def load_camera_catalogue(problems: list[Problem], path: Path | None = None):
    """The camera catalogue (the shipped one by default)."""
    from ioc_core.catalogue.cameras import load_cameras

    return _optional_catalogue("camera catalogue", lambda: load_cameras(path), problems, "no camera will show")


def load_webpage_catalogue(problems: list[Problem], config: WallConfig, path: Path | None = None):
    """The web pages (the shipped ones by default) that the configuration's allowlist lets the wall show; they are
    offered to consoles."""
    from ioc_core.catalogue.webpages import DEFAULT_FILE, load_webpages

    return _optional_catalogue(
        "web pages", lambda: load_webpages(path).checked(config.web_allowlist(), str(path or DEFAULT_FILE)),
        problems, "no page is offered to consoles")


def load_catalogue_edits(args: argparse.Namespace, problems: list[Problem], config: WallConfig, catalogue, cameras,
                         webpages, sector_views, state=None):
    """Technicians' additions (cameras, web pages, indicators on sector views) from the state folder, merged over
    the catalogues just loaded; one the wall cannot use is reported and skipped (ioc_core/catalogue/edits.py). None
    when the folder cannot be read at all: the wall runs on its catalogues, without editing. ``state``: the state
    folder's catalogue ``catalogue`` was merged from (``load_data_model``; None: the catalogue is unusable), whose
    map markers are then read and whose files are edited from consoles."""
    from ioc_core.catalogue import cameras as camera_file
    from ioc_core.catalogue import sectorviews
    from ioc_core.catalogue import webpages as page_file
    from ioc_core.catalogue.edits import FOLDER, CatalogueEdits

    sources = {"camera": str(args.cameras or camera_file.DEFAULT_FILE),
               "web_page": str(args.web_pages or page_file.DEFAULT_FILE), "indicator": str(sectorviews.DEFAULT_FILE)}
    try:
        edits = CatalogueEdits(args.state_dir / FOLDER, catalogue, config.web_allowlist(), cameras, webpages,
                               sector_views, sources)
    except OSError as exc:
        problems.append(Problem(str(args.state_dir / FOLDER), "", f"technicians' additions not read: {exc}"))
        log.error("technicians' catalogue additions not read: %s", exc)
        return None
    for p in edits.problems:
        log.error("technicians' catalogue additions: %s", p)
    problems.extend(edits.problems)
    if state is not None:  # the state folder's indicators, regions (read at start) and map markers
        edits.markers, edits.state_files = _state_markers(problems, state)
    return edits


def _state_markers(problems: list[Problem], state):
    """The map's markers with the state folder's, checked against the state's catalogue, the one in use (None: the
    map reads the shipped file), and the editor of the state folder's catalogue files."""
    from ioc_core.catalogue.mapdata import load_outline
    from ioc_core.catalogue.statefiles import StateFiles, load_state_markers

    try:
        bounds = load_outline().bounds()
        markers, merged = load_state_markers(state.folder, state.catalogue, bounds=bounds)
    except InvalidFile as exc:
        problems.extend(exc.problems)
        log.error("map markers unusable: %s", exc)
        return None, None
    for p in merged.problems:
        log.error("technicians' map markers: %s", p)
    problems.extend(merged.problems)
    return markers, StateFiles(state, merged, bounds)
