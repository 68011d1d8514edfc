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
from ioc_core.loading import (
    open_store,
)
from ioc_core.logsetup import stderr_handler
from ioc_core.problems import InvalidFile, Problem
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
    p.add_argument("--api-plain-http", action="store_true",
                   default=os.environ.get("IOC_WALL_API_PLAIN_HTTP", "") not in ("", "0"),
                   help="serve the control API over plain HTTP instead of HTTPS with the wall's own certificate "
                        "(tokens then cross the LAN readable; or IOC_WALL_API_PLAIN_HTTP=1)")
    p.add_argument("--share-plain-port", metavar="PORT", type=int,
                   default=int(os.environ["IOC_WALL_SHARE_PLAIN_PORT"]) if os.environ.get(
                       "IOC_WALL_SHARE_PLAIN_PORT") else None,
                   help="also serve the share-out (its page and MJPEG stream, token in the address) on plain HTTP on "
                        "this port, for meeting-room codecs and phones that refuse the wall's own certificate (0: "
                        "any free port; default: off)")
    p.add_argument("--hub", metavar="LINKFILE", default=os.environ.get("IOC_WALL_HUB") or None,
                   help="read the figures and alerts from the province's data hub through its MQTT broker instead "
                        "of running the sources here: the link file 'ioc-hub add-wall' wrote, or 'auto' for "
                        "hub-link.json in the state folder (or IOC_WALL_HUB); an unusable file is shown on the "
                        "identify card and the wall runs its own sources")
    p.add_argument("--no-api", action="store_true", help="run without the control API")
    p.add_argument("--zeroconf", metavar="IFACES", default=os.environ.get("IOC_WALL_ZEROCONF", "all"),
                   help="advertise on these interfaces (comma-separated addresses), 'all', or 'off'")
    p.add_argument("--render", choices=("auto", "gpu", "cpu"), default=os.environ.get("IOC_WALL_RENDER", "auto"),
                   help="how screens and cameras are drawn: gpu (OpenGL viewports, cameras scaled by the GPU), cpu "
                        "(raster, cameras converted off the GUI thread), auto (gpu on a hardware OpenGL renderer, "
                        "else cpu; the default); logged at start, in GET /health")
    p.add_argument("--log-level", default=os.environ.get("IOC_WALL_LOG", "INFO"))
    p.add_argument("--check", action="store_true", help="check the configuration, layouts, catalogues and "
                   "sources (each source fetched once), print a report and exit: 0 all well, 1 problems")
    return p.parse_args(argv)


def load_wall_config(args: argparse.Namespace, problems: list[Problem]) -> WallConfig:
    """--config, else the file the screen mapping saved in the state folder, else the built-in defaults; an unusable
    file's problems are collected and the defaults used."""
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
    return config


def build_controller(args: argparse.Namespace, config: WallConfig | None = None, problems: list[Problem] | None = None,
                     references=None, sector_view=None) -> tuple[Controller, WallConfig, list[Problem]]:
    """Everything Qt-free: configuration (read here unless given), layouts, saved state; ``references``: what views
    may name, ``sector_view``: each sector's view as the wall shows it (the Controller's). Problems are collected,
    never fatal."""
    problems = [] if problems is None else problems
    config = load_wall_config(args, problems) if config is None else config
    library = LayoutLibrary.load_dir(args.layouts_dir, args.state_dir / "layouts")  # and those saved from consoles
    log.info("layouts loaded from %s and %s: %s", args.layouts_dir, args.state_dir / "layouts",
             ", ".join(library.ids()) or "none")
    store = StateStore(args.state_dir / "state.json", writer=writer.shared())  # written on the writer's thread
    controller = Controller(library, config.geometry(), store, default_layout=config.default_layout,
                            web_allow=config.web_allowlist(), power=config.power, references=references,
                            room=config.room(), sector_view=sector_view)
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


def start_data(args: argparse.Namespace, problems: list[Problem], catalogue, hub, started: list | None = None):
    """Store and fetch scheduler (Qt); returns the scheduler, started. Runs after the first paint. A demo's empty
    store is filled with its history on a thread of its own (``DemoHistory``, appended to ``started`` to be stopped
    with the wall): the GUI thread never waits for it, and the hub hears of it when it is stored."""
    from ioc_core.indicators.indicator_store import IndicatorStore
    from ioc_core.loading import load_source_set
    from wall.runtime.fetcher import FetchScheduler

    sources = load_source_set(args, catalogue)
    problems.extend(sources.problems)
    path = args.state_dir / "indicators.sqlite"
    store = open_store(path, catalogue)
    if not args.demo:  # the health view shows the sources file as it is now, the ones it leaves out too
        left_out = sources.left_out()
        store.forget_sources_except({s.id for s, _ in sources.sources} | set(left_out))
        for sid, why in left_out.items():
            store.record_fetch(sid, error=why)
    (count,) = store.db.execute("SELECT count(*) FROM observations").fetchone()
    store.close()  # the writer thread opens its own connection, the views read through the hub's
    if args.demo and count == 0:
        history = DemoHistory(path, catalogue, hub, len(sources.sources))
        if started is not None:
            started.append(history)
    else:
        log.info("indicator store: %d values stored, %d sources", count, len(sources.sources))
    hub.mark(set(catalogue.indicators))
    scheduler = FetchScheduler(lambda: IndicatorStore(path, catalogue))
    scheduler.fetched.connect(hub.source_fetched)
    for source, every in sources.sources:
        scheduler.add(source, every)
    scheduler.start()
    return scheduler


class DemoHistory:
    """The demo's 400 days of history (about a second of work), simulated and stored on a thread of its own with its
    own connection to the store, while the wall and its fetches run; the hub is told on the GUI thread when they
    are stored. ``stop`` waits for it a bounded time (it cannot be cut short mid-write: SQLite keeps it whole)."""

    DAYS = 400

    def __init__(self, path: Path, catalogue, hub, sources: int):
        import threading

        from PySide6.QtCore import QObject, Signal

        class _Told(QObject):
            stored = Signal(object)  # the indicators whose history is in: queued to the hub's (GUI) thread

        self._told = _Told()
        self._told.stored.connect(hub.mark)
        self._path, self._catalogue, self._sources = path, catalogue, sources
        self._stopped = False
        self._thread = threading.Thread(target=self._fill, name="demo-history", daemon=True)
        self._thread.start()

    def _fill(self) -> None:
        from ioc_core.loading import store_demo_history

        try:
            count = store_demo_history(self._path, self._catalogue, self.DAYS)
        except Exception:
            log.exception("the demo's history could not be stored")
            return
        if count is not None:
            log.info("indicator store: %d values stored, %d sources", count, self._sources)
        if not self._stopped:
            self._told.stored.emit(set(self._catalogue.indicators))

    def wait(self, timeout: float) -> bool:
        """True once the history is stored (or failed); tests and benchmarks."""
        self._thread.join(timeout)
        return not self._thread.is_alive()

    def stop(self, timeout: float = 5.0) -> None:
        self._stopped = True
        self._thread.join(timeout)


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
    app = make_app()
    from wall.runtime import render

    render.choose(args.render)  # before any screen: each screen's viewport follows it
    from wall import i18n

    translator = i18n.install(app, args.lang)  # noqa: F841 (kept alive for the app's lifetime)
    if args.state_dir is None:
        args = argparse.Namespace(**{**vars(args), "state_dir": default_state_dir(args.demo)})
    from ioc_core.statedir import keep_private

    keep_private(args.state_dir)  # tokens, feeds' passwords, the audit log: files 0600 in a 0700 folder
    from wall.assembly import build_wall
    from wall.runtime import first_paint

    first_paint.hold()  # what can wait for the first picture (the charts' plots) waits: _report_when_painted
    wall = build_wall(args, app)
    wall.start()

    def stop() -> None:
        wall.stop()
        app.quit()

    from wall.runtime.stopping import stop_on_signals

    wake = stop_on_signals(stop)  # noqa: F841 (kept alive with the app)
    return app.exec()


def make_app():
    """The QApplication, ready for QtWebEngine to be loaded later (only a wall that shows a web page loads it: it
    costs the start ~0.1 s) and with room on Qt's global pool for the cameras."""
    from PySide6.QtCore import QCoreApplication, Qt, QThreadPool
    from PySide6.QtWidgets import QApplication

    # what QtWebEngine needs set before the QApplication exists when it is imported after it (wall/widgets/web.py)
    QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_ShareOpenGLContexts)
    app = QApplication(sys.argv[:1])
    app.setApplicationName("ioc-wall")
    app.setQuitOnLastWindowClosed(False)
    # Qt opens media on the global pool (2 threads on a 2-core PC): nine cameras would start two at a time
    QThreadPool.globalInstance().setMaxThreadCount(max(QThreadPool.globalInstance().maxThreadCount(), 12))
    return app


READY_LATEST_S = 10.0  # the API and the data start after this even when a screen has not painted


def _report_when_painted(runtime, then, latest_s: float = READY_LATEST_S) -> None:
    """Log once when every screen of the wall has been painted (the figure the start-up benchmark reads), then
    finish what waited for that picture (wall/runtime/first_paint.py) and go on (the API, the data, READY=1).
    The screens are the ones the wall has when each paint comes (monitors that appear or change at boot replace
    windows before they paint); after ``latest_s`` it goes on whatever has painted (a screen that is never shown:
    the operators must still reach the wall), and says which screens had not."""
    from PySide6.QtCore import QTimer

    from wall.runtime import first_paint

    done = [False]

    def finish(late: bool) -> None:
        if done[0]:
            return
        done[0] = True
        runtime.screen_painted.unsubscribe(painted)
        views = runtime.screen_views()
        if late:
            unpainted = sorted(f"{r + 1}.{c + 1}" for (r, c), v in views.items() if not v.paint_count)
            log.warning("wall started without every screen painted after %.0f s (not painted: %s): the API and the "
                        "data start anyway", latest_s, ", ".join(unpainted) or "none")
        else:
            log.info("wall ready: %d screens painted %.2f s after start", len(views), time.perf_counter() - _T0)
        first_paint.release()
        QTimer.singleShot(0, then)

    def painted(_screen=None) -> None:
        views = runtime.screen_views()
        if all(v.paint_count for v in views.values()):  # no monitor at all: nothing to wait for
            finish(late=False)

    runtime.screen_painted.subscribe(painted)
    QTimer.singleShot(int(latest_s * 1000), lambda: finish(late=True))
    painted()


if __name__ == "__main__":
    sys.exit(main())
