"""The one place that builds the wall's services: each through its constructor, given its collaborators, in the order
they depend on each other; ``wall.app.main`` parses, builds, starts, runs and stops.

    wall = build_wall(args, app)   # nothing runs yet
    wall.start()                   # screens and watchdog; the API, then the indicator data, once every screen is
                                   # painted (the API's modules and server cost the first picture ~0.13 s)
    ...                            # the event loop
    wall.stop()

Optional parts are decided here and given as None (no data hub without a catalogue, no API with ``--no-api`` or
when it cannot listen, no catalogue additions when their folder cannot be read); nothing is set on an object after
it is built.
"""

from __future__ import annotations

import argparse
import logging
import socket
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ioc_core import writer
from ioc_core.loading import (
    load_alerting,
    load_camera_catalogue,
    load_catalogue_edits,
    load_data_model,
    load_webpage_catalogue,
)
from ioc_core.problems import Problem
from ioc_core.setup.wall_config import WallConfig

log = logging.getLogger("wall")


@dataclass(frozen=True)
class ApiParts:
    """The control API: the port the routes ask (wall/runtime/apiport.py), its server, the share-out's capture and
    the zeroconf advertisement (None with ``--zeroconf off``)."""

    tokens: Any  # ioc_core.api.tokens.TokenStore
    port: Any  # wall.runtime.apiport.WallPort
    share: Any  # wall.runtime.shareout.ShareCapture
    server: Any  # ioc_core.api.server.ApiServer (its socket bound, not serving until ``start``)
    advertiser: Any | None  # ioc_core.api.discovery.Advertiser
    address: str  # what identify screen 1 shows: https://<host>:<port>/api/v1/
    identity: Any | None = None  # ioc_core.api.identity.Identity: served over HTTPS (None: plain HTTP)
    share_server: Any | None = None  # the share-out's own plain-HTTP listener (--share-plain-port)
    audit: Any = None  # ioc_core.api.audit.AuditLog: its retrying (a full disk) ends with the API
    audit_alarm: Any = None  # wall.runtime.audit_alarm.AuditAlarm: records a full disk holds, in the alert book

    def start(self, runtime) -> None:
        from ioc_core.api.identity import shown
        from ioc_core.api.tokens import TokenStore

        self.server.start()
        runtime.set_api_access(self.address, self.tokens.token("operator") or "",
                               shown(self.identity.fingerprint) if self.identity is not None else "")
        if self.identity is None:
            log.warning("the control API serves plain HTTP (--api-plain-http): its tokens cross the LAN readable "
                        "by anyone on it, and consoles cannot tell this wall from an impostor")
        scheme = "http" if self.identity is None else "https"
        certificate = "" if self.identity is None else f"; certificate {shown(self.identity.fingerprint)}"
        log.info("control API on %s://%s:%d/api/v1/ (tokens in %s; operator token %s%s)", scheme, self.server.bind,
                 self.server.port, self.tokens.path, TokenStore.fingerprint(self.tokens.token("operator") or ""),
                 certificate)
        if self.share_server is not None:
            self.share_server.start()
            log.warning("the share-out is also served on plain HTTP on %s:%d (%s/share, its token in the address; "
                        "nothing else there)", self.share_server.bind, self.share_server.port, "/api/v1")
        if self.advertiser is not None:
            self.advertiser.start()

    def stop(self) -> None:
        """In reverse order of building: the advertisement, the share-out, the server."""
        if self.advertiser is not None:
            self.advertiser.stop()
        self.share.stop()
        if self.share_server is not None:
            self.share_server.stop()
        self.server.stop()
        if self.audit is not None:
            self.audit.close()
        if self.audit_alarm is not None:
            self.audit_alarm.stop()


class ControlApi:
    """The control API, built and started once every screen is painted: its modules (uvicorn, starlette, the routes)
    and its server cost the first picture about 0.13 s, and a console waits a moment longer for its first answer
    instead. ``parts`` is None until then, with ``--no-api``, and when it could not start (``build_api``); the wall
    says "ready" (READY=1) only after ``start``, so a ready wall answers its API."""

    def __init__(self, build: Callable[[], ApiParts | None] | None):
        self._build = build  # None: --no-api
        self._parts: ApiParts | None = None
        self._stopped = False

    @property
    def parts(self) -> ApiParts | None:
        return self._parts

    def start(self, runtime) -> None:
        """Build the API (its socket bound: a port in use is logged here) and serve it; once, GUI thread."""
        if self._build is None or self._stopped or self._parts is not None:
            return
        build, self._build = self._build, None
        self._parts = build()
        if self._parts is not None:
            self._parts.start(runtime)

    def stop(self) -> None:
        """Ends what started, once; an API not built yet never will be."""
        if self._stopped:
            return
        self._stopped = True
        if self._parts is not None:
            self._parts.stop()


def build_api(args: argparse.Namespace, runtime, controller, book, catalogue, rules, cameras, webpages, edits,
              config_store, watchdog, hubfeed=None) -> ApiParts | None:
    """The control API, bound but not serving; None with ``--no-api``, or when a port in use or a broken token file
    keeps it from starting: logged, and the wall runs on without its API (the screens matter more)."""
    if args.no_api:
        return None
    from ioc_core.api.audit import AuditLog
    from ioc_core.api.desk import CommandDesk
    from ioc_core.api.events import EventBus
    from ioc_core.api.routes import Api
    from ioc_core.api.server import ApiServer
    from ioc_core.api.share_frames import FrameBox
    from ioc_core.api.tokens import FILE_NAME, TokenError, TokenStore
    from ioc_core.layouts.saved_layouts import LayoutStore
    from wall.app import MINUTES_DIR
    from wall.runtime.apiport import WallPort
    from wall.runtime.audit_alarm import AuditAlarm
    from wall.runtime.shareout import ShareCapture

    try:
        tokens = TokenStore(args.state_dir / FILE_NAME)
    except TokenError as exc:
        log.error("control API not started: %s", exc)
        return None
    identity = ssl_context = None
    if not args.api_plain_http:  # HTTPS with the wall's own certificate, made at its first start
        from ioc_core.api.identity import load_or_make, served_hosts

        try:
            identity = load_or_make(args.state_dir, args.name, served_hosts(args.api_bind))
            ssl_context = identity.ssl_context()
        except (OSError, ValueError) as exc:  # ssl.SSLError is an OSError
            log.error("control API not started: the wall's certificate cannot be made or read: %s", exc)
            return None
    bus = EventBus()
    # records a full disk holds: an alert in the book (handed to the GUI thread), and to consoles ("audit" events)
    alarm = AuditAlarm(book, lambda: audit.health()) if book is not None else None

    def held(health: dict) -> None:  # on the writer's thread
        bus.publish("audit", health)
        if alarm is not None:
            alarm.tell(health)

    # in order with the state; its key (audit.key, 0600) is made here at the first start
    audit = AuditLog(args.state_dir / "audit.jsonl", writer=writer.shared(), notify=held)
    if alarm is not None:
        alarm.apply(audit.health())  # an alert left open by the wall's last run: nothing is held now
    desk = CommandDesk(controller, audit, bus)
    box = FrameBox()
    share = ShareCapture(runtime, controller, box, args.name)
    port = WallPort(args.name, runtime, controller, desk, bus, book, catalogue, rules, cameras, webpages, edits=edits,
                    config_store=config_store, share=share, watchdog=watchdog, hubfeed=hubfeed,
                    store_path=args.state_dir / "indicators.sqlite" if catalogue else None,
                    layout_store=LayoutStore(args.state_dir / "layouts", controller.library, args.layouts_dir))
    try:
        server = ApiServer(Api(tokens, port, bus, audit, share=box, minutes=args.state_dir / MINUTES_DIR,
                               hub=hubfeed),
                           args.api_bind, args.api_port, ssl_context=ssl_context)
    except OSError as exc:
        log.error("control API not started: cannot listen on %s:%d: %s", args.api_bind, args.api_port, exc)
        share.stop()
        audit.close()
        return None
    share_server = None
    if args.share_plain_port is not None:  # codecs and phones that refuse a self-signed certificate
        from ioc_core.api.share_listener import ShareOnly

        try:
            share_server = ApiServer(ShareOnly(server.api), args.api_bind, args.share_plain_port)
        except OSError as exc:
            log.error("the share-out's plain-HTTP listener not started: cannot listen on %s:%d: %s", args.api_bind,
                      args.share_plain_port, exc)
    advertiser = None
    if args.zeroconf != "off":
        from ioc_core.api.discovery import Advertiser

        ifaces = None if args.zeroconf == "all" else [i.strip() for i in args.zeroconf.split(",") if i.strip()]
        advertiser = Advertiser(args.name, server.port, controller.geometry.rows, controller.geometry.cols, ifaces,
                                fingerprint=identity.fingerprint if identity else "")
    shown_host = args.api_bind if args.api_bind not in ("0.0.0.0", "") else socket.gethostname()
    scheme = "https" if identity else "http"
    return ApiParts(tokens, port, share, server, advertiser, f"{scheme}://{shown_host}:{server.port}/api/v1/",
                    identity, share_server, audit, alarm)


class DataFeeds:
    """The indicator data (the sources' fetch scheduler) and the GUI thread's collector: started once every screen is
    painted (data never delays the picture), stopped with the wall. In hub mode (``feed``: the data hub's feed,
    wall/runtime/hubfeed.py) the feed runs instead of the sources: started as the wall is built and waited for
    before the first picture (``before_picture``), so a wall started late shows every retained reading at once."""

    def __init__(self, args: argparse.Namespace, problems: list[Problem], catalogue, hub, monitor, app, feed=None):
        self._args, self._problems, self._catalogue, self._hub, self._monitor, self._app = (
            args, problems, catalogue, hub, monitor, app)
        self.feed = feed
        self._running: list = [feed] if feed is not None else []  # what started, each with stop()

    def before_picture(self, runtime) -> None:
        """Hub mode: wait (at most HUB_SYNC_S) for the readings the hub retains; the GUI thread, before the screens
        are shown."""
        if self.feed is not None:
            self.feed.wait_first_picture(runtime)

    def start(self) -> None:
        from ioc_core import sdnotify
        from wall.app import start_data
        from wall.runtime.memory import GuiThreadCollector, freeze_startup_objects

        sdnotify.notify("READY=1")
        freeze_startup_objects()  # start-up is done: full collections must not walk it again (60 ms stalls)
        self._running.append(GuiThreadCollector(self._app))  # cycles (Qt objects among them) freed on this thread
        if self._hub is None or self.feed is not None:  # hub mode: the hub runs the sources, the feed brings them
            return
        try:
            scheduler = start_data(self._args, self._problems, self._catalogue, self._hub, self._running)
        except Exception:  # e.g. the state folder is not writable: the screens keep running without data
            log.exception("indicator data could not start")
            return
        self._running.append(scheduler)
        self._monitor.follow(scheduler)  # the alert messages (CAP) the sources bring reach the alert book

    @property
    def running(self) -> list:
        return list(self._running)

    def stop(self) -> None:
        for part in self._running:
            part.stop()
        self._running.clear()


@dataclass(frozen=True)
class Wall:
    """The wall's services, built by ``build_wall``; ``start`` once, then ``stop`` once."""

    args: argparse.Namespace
    config: WallConfig
    problems: list[Problem]
    controller: Any  # ioc_core.control.controller.Controller
    catalogue: Any | None  # ioc_core.catalogue.model.Catalogue (None: unusable, views show placeholders)
    hub: Any | None  # wall.runtime.datahub.DataHub (None without a catalogue)
    book: Any  # ioc_core.alerts.AlertBook
    rules: dict
    cameras: Any | None  # the camera catalogue as loaded (with the technicians' additions at start)
    webpages: Any | None
    edits: Any | None  # ioc_core.catalogue.edits.CatalogueEdits (None: the folder could not be read)
    context: Any  # wall.widgets.base.ViewContext
    runtime: Any  # wall.runtime.runtime.WallRuntime
    config_store: Any  # ioc_core.setup.wall_config_edits.ConfigStore: the file the screen mapping saves
    minutes: Any  # wall.runtime.minutes_recorder.MinutesRecorder
    watchdog: Any  # wall.runtime.gui_watchdog.GuiWatchdog
    monitor: Any | None  # wall.runtime.alerting.AlertMonitor (None without a data hub)
    control_api: ControlApi  # built and started once every screen is painted
    data: DataFeeds

    @property
    def api(self) -> ApiParts | None:
        """The control API's parts once it is built and serving (None before the first picture, with ``--no-api``
        and when it could not start)."""
        return self.control_api.parts

    def start(self) -> None:
        from wall.runtime.gui_watchdog import install_fault_hooks

        self.data.before_picture(self.runtime)  # hub mode: the retained readings in the first picture
        self.runtime.start()
        self.watchdog.start()
        install_fault_hooks()
        state = self.controller.state
        log.info("showing layout '%s' at revision %d (%d regions, %d screens blacked out)", state.layout.id,
                 state.revision, len(state.layout.regions), len(state.blackout))
        from wall.app import _report_when_painted

        _report_when_painted(self.runtime, then=self._painted)

    def _painted(self) -> None:
        """Every screen painted: the API first, then the data (which tells systemd READY=1: the API answers)."""
        try:
            self.control_api.start(self.runtime)
        except Exception:  # the screens matter more: the wall runs on without its API
            log.exception("control API not started")
        self.data.start()

    def stop(self) -> None:
        """The watchdog first (a slow stop is no hang), then the data, the API, the alert checks (their forecasting
        worker joined), the data hub, the screens and last the minutes (the pictures already taken are written
        before the wall exits)."""
        from ioc_core import sdnotify

        log.info("stopping")
        sdnotify.notify("STOPPING=1")
        steps: list[tuple[str, Callable[[], None]]] = [
            ("watchdog", self.watchdog.stop), ("data", self.data.stop),
            *([("api", self.control_api.stop)] if self.api is not None else []),
            *([("alert checks", self.monitor.stop)] if self.monitor is not None else []),  # joins the forecasting
            *([("hub", self.hub.close)] if self.hub is not None else []),
            ("runtime", self.runtime.shutdown), ("minutes", self.minutes.stop)]
        for name, stop in steps:
            log.debug("stopping the %s", name)
            stop()
        self.control_api.stop()  # stopped before its first picture: the API is never built


def known_references(catalogue, edits, cameras) -> Callable[[], Any]:
    """What views may name (ioc_core/layouts/refs.py), asked on each command that gives views: the catalogue's
    sectors and indicators, and the cameras in use now (with the technicians' latest additions)."""
    from ioc_core.layouts.refs import Known

    if edits is not None:
        return lambda: Known.of(catalogue, edits.in_use.cameras)
    return lambda: Known.of(catalogue, cameras)


def sector_lookup(catalogue, edits, sector_views) -> Callable[[str], Any] | None:
    """Each sector's view as the wall shows it now (the technicians' additions in use): what the layout's warnings
    count tiles of. None without a catalogue."""
    if catalogue is None:
        return None
    from ioc_core.catalogue.sectorviews import sector_view

    def lookup(sector: str):
        if sector not in catalogue.sectors:
            return None
        return sector_view(catalogue, sector, edits.in_use.sector_views if edits is not None else sector_views)

    return lookup


def build_wall(args: argparse.Namespace, app) -> Wall:
    """Every service of the wall, built in the order they depend on each other (``args.state_dir`` set). Problems
    (unusable files) are collected for the identify overlay, never fatal."""
    from ioc_core.setup.wall_config_edits import ConfigStore, save_path
    from wall.app import MINUTES_DIR, build_controller, load_wall_config
    from wall.runtime import hubfeed
    from wall.runtime.alerting import AlertMonitor
    from wall.runtime.datahub import DataHub
    from wall.runtime.gui_watchdog import GuiWatchdog
    from wall.runtime.minutes_recorder import MinutesRecorder
    from wall.runtime.runtime import WallRuntime
    from wall.widgets.base import ViewContext

    problems: list[Problem] = []
    config = load_wall_config(args, problems)
    catalogue, sector_views, state_catalogue = load_data_model(args, problems)
    hub = DataHub(catalogue, args.state_dir / "indicators.sqlite") if catalogue else None
    link = hubfeed.load_link(args.hub, args.state_dir, problems) if hub is not None else None
    # on a data hub the book is the hub's, mirrored: kept apart from the one the wall keeps when it runs alone
    book, rules = load_alerting(args, problems, catalogue, "hub-alerts.json" if link is not None else "alerts.json")
    feed = None
    if link is not None:  # started now: the broker's retained readings come in while the rest is built
        feed = hubfeed.HubFeed(link, catalogue, args.state_dir / "indicators.sqlite", hub, book,
                               wall_name=link.wall or link.broker.username, api_url=_api_guess(args))
        feed.start()
    cameras = load_camera_catalogue(problems, args.cameras)
    webpages = load_webpage_catalogue(problems, config, args.web_pages)
    edits = load_catalogue_edits(args, problems, config, catalogue, cameras, webpages, sector_views, state_catalogue)
    if edits is not None:  # the catalogues with the technicians' additions
        cameras, webpages = edits.cameras, edits.webpages
    controller, config, problems = build_controller(args, config, problems,
                                                    known_references(catalogue, edits, cameras),
                                                    sector_lookup(catalogue, edits, sector_views))
    # with the additions, the views read the catalogues they have in use now (an edit swaps them)
    context = ViewContext(hub, sector_views, book, cameras, config.web_allowlist(), controller, edits=edits)
    runtime = WallRuntime(controller, config, problems, windowed=args.windowed or args.demo, context=context)
    config_store = ConfigStore(save_path(args.config, args.state_dir))  # the console's screen mapping
    minutes = MinutesRecorder(runtime, args.state_dir / MINUTES_DIR, args.name)
    # in hub mode the hub checks thresholds and forecasts: the wall keeps its own rules (takeovers, waking screens)
    monitor = AlertMonitor(hub, book, controller, rules, checks=feed is None) if hub is not None else None
    watchdog = GuiWatchdog(args.state_dir)
    api = ControlApi(None if args.no_api else lambda: build_api(args, runtime, controller, book, catalogue, rules,
                                                                cameras, webpages, edits, config_store, watchdog,
                                                                feed))
    data = DataFeeds(args, problems, catalogue, hub, monitor, app, feed)
    return Wall(args, config, problems, controller, catalogue, hub, book, rules, cameras, webpages, edits, context,
                runtime, config_store, minutes, watchdog, monitor, api, data)


def _api_guess(args: argparse.Namespace) -> str:
    """The control API's address as the wall's presence tells the hub (known before the API is built unless its
    port is picked at start: then "")."""
    if args.no_api or not args.api_port:
        return ""
    host = args.api_bind if args.api_bind not in ("0.0.0.0", "") else socket.gethostname()
    return f"{'http' if args.api_plain_http else 'https'}://{host}:{args.api_port}/api/v1"
