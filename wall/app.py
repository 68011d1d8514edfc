"""``ioc-wall``: the kiosk that owns the wall's screens."""

from __future__ import annotations

import argparse
import logging
import os
import socket
import sys
import time
from pathlib import Path

from ioc_core import writer
from ioc_core.control.controller import Controller
from ioc_core.control.saved_state import StateStore
from ioc_core.layouts.library import LayoutLibrary
from ioc_core.layouts.saved_layouts import LayoutStore
from ioc_core.loading import (
    load_alerting,
    load_camera_catalogue,
    load_catalogue_edits,
    load_data_model,
    load_webpage_catalogue,
    open_store,
)
from ioc_core.logsetup import stderr_handler
from ioc_core.problems import InvalidFile, Problem, Severity
from ioc_core.setup.wall_config import WallConfig, load_config

_T0 = time.perf_counter()
log = logging.getLogger("wall")

REPO_LAYOUTS = Path(__file__).resolve().parent.parent / "layouts"
MINUTES_DIR = "minutes"  # in the state folder: one folder per meeting (ioc_core/meeting/minutes.py)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="ioc-wall", description="IOC Wall: the video-wall kiosk of an IOC room.")
    p.add_argument("--demo", action="store_true", help="run on demo data with the shipped layouts")
    p.add_argument("--layout", metavar="ID", help="layout to show at start (instead of the saved picture)")
    p.add_argument("--config", metavar="FILE", type=Path, help="wall configuration (JSON), where the console's "
                   "screen mapping also saves; default: wall-config.json in the state folder when the screen "
                   "mapping saved one, else 3 x 3 1920x1080 screens, monitors matched automatically")
    p.add_argument("--layouts-dir", metavar="DIR", type=Path,
                   default=Path(os.environ.get("IOC_WALL_LAYOUTS", REPO_LAYOUTS)), help="folder of layout files")
    p.add_argument("--state-dir", metavar="DIR", type=Path, help="where the wall keeps its state")
    p.add_argument("--sources", metavar="FILE", type=Path,
                   help="the systems that feed indicator data (JSON); --demo simulates them instead")
    p.add_argument("--alert-rules", metavar="FILE", type=Path,
                   help="what critical alerts put on the wall, for how long (JSON); default: the shipped rules")
    p.add_argument("--cameras", metavar="FILE", type=Path,
                   help="camera catalogue (JSON); default: the shipped catalogue")
    p.add_argument("--web-pages", metavar="FILE", type=Path,
                   help="web pages offered to consoles (JSON); default: the shipped pages")
    p.add_argument("--meeting", metavar="FILE", type=Path,
                   help="load this meeting (JSON) at start, unless a meeting is already running")
    p.add_argument("--windowed", action="store_true",
                   help="show a virtual wall in an ordinary window instead of full screen (implied by --demo)")
    p.add_argument("--lang", choices=("vi", "en"), default=os.environ.get("IOC_WALL_LANG", "vi"),
                   help="language of the wall's own texts (default: Vietnamese)")
    p.add_argument("--name", default=os.environ.get("IOC_WALL_NAME", socket.gethostname()),
                   help="the wall's name on the LAN (default: the host name)")
    p.add_argument("--api-bind", metavar="ADDRESS", default=os.environ.get("IOC_WALL_API_BIND", "0.0.0.0"),
                   help="address the control API listens on (default 0.0.0.0: every interface of the control "
                        "room LAN; 127.0.0.1 keeps it on this PC)")
    p.add_argument("--api-port", metavar="PORT", type=int, default=int(os.environ.get("IOC_WALL_API_PORT", 8765)),
                   help="control API port (default 8765; 0 picks a free one, logged at start)")
    p.add_argument("--no-api", action="store_true", help="run without the control API")
    p.add_argument("--zeroconf", metavar="IFACES", default=os.environ.get("IOC_WALL_ZEROCONF", "all"),
                   help="advertise on these interfaces (comma-separated addresses), 'all', or 'off'")
    p.add_argument("--log-level", default=os.environ.get("IOC_WALL_LOG", "INFO"))
    p.add_argument("--check", action="store_true", help="check the configuration, layouts, catalogues and "
                   "sources (each source fetched once), print a report and exit: 0 all well, 1 problems")
    return p.parse_args(argv)


def build_controller(args: argparse.Namespace) -> tuple[Controller, WallConfig, list[Problem]]:
    """Everything Qt-free: configuration, layouts, saved state. Problems are collected, never fatal."""
    problems: list[Problem] = []
    from ioc_core.setup.wall_config_edits import load_path

    path = load_path(args.config, args.state_dir)  # --config, else the screen mapping's saved file, else built-in
    try:
        config = load_config(path)
    except InvalidFile as exc:
        problems.extend(exc.problems)
        for p in exc.problems:
            log.error("wall configuration unusable, using built-in defaults: %s", p)
        config = WallConfig(source=str(path))
    if path is not None and args.config is None:
        log.info("wall configuration read from %s (saved by the screen mapping)", path)
    library = LayoutLibrary.load_dir(args.layouts_dir, args.state_dir / "layouts")  # and those saved from consoles
    log.info("layouts loaded from %s and %s: %s", args.layouts_dir, args.state_dir / "layouts",
             ", ".join(library.ids()) or "none")
    store = StateStore(args.state_dir / "state.json", writer=writer.shared())  # written on the writer's thread
    controller = Controller(library, config.geometry(), store, default_layout=config.default_layout,
                            web_allow=config.web_allowlist(), power=config.power)
    controller.restore()
    problems.extend(library.problems)
    if os.environ.pop("IOC_WALL_RESUME", "") and (args.meeting or args.layout):  # restarted by the watchdog
        log.info("resuming the saved picture; --layout and --meeting were for the first start")
        args.meeting = args.layout = None
    from ioc_core.stallwatch import RestartRecord, hang_loop

    if hang_loop(RestartRecord.in_folder(args.state_dir).entries(), time.time()):
        args.meeting = args.layout = None  # the saved picture may be what hangs the wall: not shown again
        result = controller.execute({"command": "apply_layout", "layout": controller.start_layout().id})
        log.error("the wall hung again and again: started on the default layout '%s' (%s)",
                  controller.state.layout.id, "ok" if result.accepted else result.reason)
    if args.meeting:
        from ioc_core.jsonfile import read_json

        try:
            result = controller.execute({"command": "load_meeting", "meeting": read_json(args.meeting)})
            reason = "" if result.accepted else result.reason
        except InvalidFile as exc:
            reason = str(exc)
        if reason:
            problems.append(Problem(str(args.meeting), "", reason))
            log.error("--meeting %s: %s", args.meeting, reason)
    if args.layout:
        result = controller.execute({"command": "apply_layout", "layout": args.layout})
        if not result.accepted:
            problems.append(Problem("--layout", "", result.reason))
            log.error("--layout: %s", result.reason)
    return controller, config, problems


def start_data(args: argparse.Namespace, problems: list[Problem], catalogue, hub):
    """Store and fetch scheduler (Qt); returns the scheduler. Runs after the first paint."""
    from ioc_core import fmt
    from ioc_core.indicators.indicator_store import IndicatorStore
    from ioc_core.sources.demo import Simulator
    from ioc_core.sources.secrets import Secrets
    from ioc_core.sources.sources_file import SourceSet, demo_sources, load_sources
    from wall.runtime.fetcher import FetchScheduler

    sources = SourceSet()
    if args.demo:
        sources = demo_sources(catalogue)
    elif args.sources:
        try:
            sources = load_sources(args.sources, catalogue, Secrets(args.state_dir / Secrets.FILE_NAME))
        except InvalidFile as exc:
            sources.problems.extend(exc.problems)
    problems.extend(sources.problems)
    for p in sources.problems:
        if p.severity is Severity.ERROR:
            log.error("source skipped: %s", p)
        else:
            log.warning("source: %s", p)
    path = args.state_dir / "indicators.sqlite"
    store = open_store(path, catalogue)
    if not args.demo:  # the health view shows the sources file as it is now, the ones it leaves out too
        left_out = sources.left_out()
        store.forget_sources_except({s.id for s, _ in sources.sources} | set(left_out))
        for sid, why in left_out.items():
            store.record_fetch(sid, error=why)
    (count,) = store.db.execute("SELECT count(*) FROM observations").fetchone()
    if args.demo and count == 0:
        history = Simulator(catalogue).backfill(list(catalogue.indicators.values()), fmt.now(), days=400)
        count = store.ingest("demo-history", history).accepted
    log.info("indicator store: %d values stored, %d sources", count, len(sources.sources))
    store.close()  # the writer thread opens its own connection, the views read through the hub's
    hub.mark(set(catalogue.indicators))
    scheduler = FetchScheduler(lambda: IndicatorStore(path, catalogue))
    scheduler.fetched.connect(hub.source_fetched)
    for source, every in sources.sources:
        scheduler.add(source, every)
    scheduler.start()
    return scheduler


def start_api(args: argparse.Namespace, runtime, controller, book, catalogue, rules=None, cameras=None,
              webpages=None) -> list:
    """The control API server and the zeroconf advertisement; returns what to stop at exit. A port in use or a
    broken token file is logged and the wall runs on without its API (the screens matter more)."""
    if args.no_api:
        return []
    from ioc_core.api.audit import AuditLog
    from ioc_core.api.desk import CommandDesk
    from ioc_core.api.events import EventBus
    from ioc_core.api.routes import Api
    from ioc_core.api.server import ApiServer
    from ioc_core.api.share_frames import FrameBox
    from ioc_core.api.tokens import FILE_NAME, TokenError, TokenStore
    from wall.runtime.apiport import WallPort
    from wall.runtime.shareout import ShareCapture

    try:
        tokens = TokenStore(args.state_dir / FILE_NAME)
    except TokenError as exc:
        log.error("control API not started: %s", exc)
        return []
    bus = EventBus()
    audit = AuditLog(args.state_dir / "audit.jsonl", writer=writer.shared())  # in order with the state
    desk = CommandDesk(controller, audit, bus)
    port = WallPort(args.name, runtime, controller, desk, bus, book, catalogue, rules, cameras, webpages)
    port.core.layout_store = LayoutStore(args.state_dir / "layouts", controller.library, args.layouts_dir)
    share = FrameBox()
    try:
        server = ApiServer(Api(tokens, port, bus, audit, share=share, minutes=args.state_dir / MINUTES_DIR),
                           args.api_bind, args.api_port)
    except OSError as exc:
        log.error("control API not started: cannot listen on %s:%d: %s", args.api_bind, args.api_port, exc)
        return []
    server.start()
    shown_host = args.api_bind if args.api_bind not in ("0.0.0.0", "") else socket.gethostname()
    runtime.set_api_access(f"http://{shown_host}:{server.port}/api/v1/", tokens.token("operator") or "")
    log.info("control API on http://%s:%d/api/v1/ (tokens in %s; operator token %s)", server.bind, server.port,
             tokens.path, TokenStore.fingerprint(tokens.token("operator") or ""))
    runtime.api_port = port  # kept alive with the runtime
    runtime.share = ShareCapture(runtime, controller, share, args.name)
    parts: list = [server, runtime.share]
    if args.zeroconf != "off":
        from ioc_core.api.discovery import Advertiser

        ifaces = None if args.zeroconf == "all" else [i.strip() for i in args.zeroconf.split(",") if i.strip()]
        adv = Advertiser(args.name, server.port, controller.geometry.rows, controller.geometry.cols, ifaces)
        adv.start()
        parts.append(adv)
    return parts


def default_state_dir(demo: bool) -> Path:
    from PySide6.QtCore import QStandardPaths

    base = Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.GenericDataLocation)) / "ioc-wall"
    return base / "demo" if demo else base


def parse_template_args(argv: list[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="ioc-wall template", description="Write an Excel workbook a department fills "
                                "in for the spreadsheet drop: one line per indicator, a guide sheet.")
    p.add_argument("--sector", metavar="ID", help="the sector's indicators (e.g. yte)")
    p.add_argument("--indicators", metavar="ID,ID", help="these indicators instead (comma-separated)")
    p.add_argument("--out", metavar="FILE", type=Path, required=True, help="the workbook to write (.xlsx)")
    args = p.parse_args(argv)
    if not args.sector and not args.indicators:
        p.error("name a sector (--sector) or indicators (--indicators)")
    return args


def main(argv: list[str] | None = None) -> int:
    if (sys.argv[1:] if argv is None else argv)[:1] == ["template"]:  # no window, nothing else started
        from ioc_core.sources.spreadsheet import template_main

        return template_main(parse_template_args((sys.argv[1:] if argv is None else argv)[1:]))
    args = parse_args(argv)
    if args.check:  # a technician's check: no window, no display, nothing written (ioc_core/check.py)
        from ioc_core import check

        return check.main(args)
    logging.basicConfig(level=args.log_level.upper(), handlers=[stderr_handler()])  # the journal's levels under systemd
    from ioc_core import redact

    redact.guard_logs()  # no password or token in an address reaches the log, whoever logs it

    from PySide6.QtWidgets import QApplication

    from wall.runtime.datahub import DataHub
    from wall.runtime.runtime import WallRuntime
    from wall.widgets.base import ViewContext

    try:  # QtWebEngine must be loaded before the QApplication exists, or web views cannot start later
        import wall.widgets.web  # noqa: F401
    except ImportError as exc:
        log.error("web pages cannot be shown on this machine: %s", exc)
    app = QApplication(sys.argv[:1])
    app.setApplicationName("ioc-wall")
    app.setQuitOnLastWindowClosed(False)
    from wall import i18n

    translator = i18n.install(app, args.lang)  # noqa: F841 (kept alive for the app's lifetime)
    if args.state_dir is None:
        args.state_dir = default_state_dir(args.demo)
    from ioc_core.statedir import keep_private

    keep_private(args.state_dir)  # tokens, feeds' passwords, the audit log: files 0600 in a 0700 folder
    controller, config, problems = build_controller(args)
    catalogue, sector_views, state_catalogue = load_data_model(args, problems)
    hub = DataHub(catalogue, args.state_dir / "indicators.sqlite") if catalogue else None
    book, rules = load_alerting(args, problems, catalogue)
    cameras = load_camera_catalogue(problems, args.cameras)
    from PySide6.QtCore import QThreadPool

    # Qt opens media on the global pool (2 threads on a 2-core PC): nine cameras would start two at a time
    QThreadPool.globalInstance().setMaxThreadCount(max(QThreadPool.globalInstance().maxThreadCount(), 12))
    context = ViewContext(hub, sector_views, book, cameras, config.web_allowlist(), controller)
    webpages = load_webpage_catalogue(problems, config, args.web_pages)
    edits = load_catalogue_edits(args, problems, config, catalogue, cameras, webpages, sector_views,
                                 state_catalogue)
    if edits is not None:
        cameras, webpages = edits.cameras, edits.webpages
        context.cameras, context.sector_views, context.markers = cameras, edits.sector_views, edits.markers
    from ioc_core.layouts.refs import Known

    controller.references = lambda: Known.of(catalogue, edits.in_use.cameras if edits is not None else cameras)
    runtime = WallRuntime(controller, config, problems, windowed=args.windowed or args.demo, context=context)
    runtime.catalogue_edits = edits  # the API adds to them (wall/runtime/apiport.py)
    from ioc_core.setup.wall_config_edits import ConfigStore, save_path

    runtime.config_store = ConfigStore(save_path(args.config, args.state_dir))  # the console's screen mapping
    from wall.runtime.minutes_recorder import MinutesRecorder

    runtime.minutes = MinutesRecorder(runtime, args.state_dir / MINUTES_DIR, args.name)
    runtime.start()
    from wall.runtime.gui_watchdog import GuiWatchdog, install_fault_hooks

    runtime.watchdog = GuiWatchdog(args.state_dir)
    runtime.watchdog.start()
    install_fault_hooks()
    if hub is not None:
        from wall.runtime.alerting import AlertMonitor

        monitor = AlertMonitor(hub, book, controller, rules)  # noqa: F841 (lives as long as the app)
    api = start_api(args, runtime, controller, book, catalogue, rules, cameras, webpages)
    data = []  # started once every screen is painted (data never delays the picture); each has stop()
    state = controller.state
    log.info("showing layout '%s' at revision %d (%d regions, %d screens blacked out)", state.layout.id,
             state.revision, len(state.layout.regions), len(state.blackout))
    def begin_data():
        from ioc_core import sdnotify
        from wall.runtime.memory import GuiThreadCollector, freeze_startup_objects

        sdnotify.notify("READY=1")

        freeze_startup_objects()  # start-up is done: full collections must not walk it again (60 ms stalls)
        data.append(GuiThreadCollector(app))  # cycles (Qt objects among them) are freed on this thread only
        if hub is None:
            return
        try:
            data.append(start_data(args, problems, catalogue, hub))
            monitor.follow(data[-1])  # the alert messages (CAP) the sources bring reach the alert book
        except Exception:  # e.g. the state folder is not writable: the screens keep running without data
            log.exception("indicator data could not start")

    _report_when_painted(runtime, then=begin_data)

    def stop() -> None:
        log.info("stopping")
        from ioc_core import sdnotify

        sdnotify.notify("STOPPING=1")
        runtime.watchdog.stop()
        for scheduler in data:
            scheduler.stop()
        for part in api:
            part.stop()
        if hub is not None:
            hub.close()
        runtime.shutdown()
        app.quit()

    from wall.runtime.stopping import stop_on_signals

    wake = stop_on_signals(stop)  # noqa: F841 (kept alive with the app)
    return app.exec()


def _report_when_painted(runtime, then) -> None:
    """Log once when every screen has been painted (the figure the start-up benchmark reads), then go on."""
    from PySide6.QtCore import QTimer

    pending = set(runtime.screen_views())
    if not pending:  # no monitor at all: nothing to wait for
        QTimer.singleShot(0, then)

    def painted(screen):
        if not pending:
            return
        pending.discard(screen)
        if not pending:
            log.info("wall ready: %d screens painted %.2f s after start", len(runtime.screen_views()),
                     time.perf_counter() - _T0)
            QTimer.singleShot(0, then)

    for s, view in runtime.screen_views().items():
        view.painted.connect(lambda s=s: painted(s))


if __name__ == "__main__":
    sys.exit(main())
