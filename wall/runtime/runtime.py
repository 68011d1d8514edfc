"""The screen runtime: follows the controller's state onto the monitors, changing only what differs."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, QRectF, Qt, QTimer
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtWidgets import QGraphicsScene

from ioc_core import fmt
from ioc_core.control.controller import Controller, WallState
from ioc_core.control.statediff import match_views
from ioc_core.observers import Listeners
from ioc_core.problems import Problem
from ioc_core.setup.geometry import Rect
from ioc_core.setup.outputs import Monitor, OutputPlan, plan_outputs
from ioc_core.setup.wall_config import WallConfig
from wall.runtime import first_paint
from wall.runtime.memory import release_free_memory
from wall.runtime.overlays import BlackoutItem, IdentifyItem
from wall.runtime.screen_power import ScreenPower
from wall.runtime.screens import OutputWindow, ScreenView
from wall.widgets import style
from wall.widgets.base import ViewContext, ViewItem
from wall.widgets.registry import create_view

log = logging.getLogger(__name__)

TRIM_AFTER_MS = 1000
DISPOSE_SLICE_S = 0.008  # views taken off are disposed of in slices this long, between passes of the event loop
LEAVE_LATEST_MS = 1000  # views a switch took off are disposed once the new picture is painted, or after this


def qt_monitors() -> list[Monitor]:
    screens = QGuiApplication.screens()
    return [
        Monitor(s.name(), s.geometry().x(), s.geometry().y(), s.geometry().width(), s.geometry().height())
        for s in screens
    ]


def qt_monitor_details(monitors: list[Monitor]) -> list[dict]:
    """``monitors`` with what Qt knows of each: physical size in millimetres (from the monitor's EDID; 0 when
    unknown), manufacturer and model (empty when unknown)."""
    screens = {s.name(): s for s in QGuiApplication.screens()}
    out = []
    for m in monitors:
        s = screens.get(m.name)
        info = {"name": m.name, "x": m.x, "y": m.y, "w": m.w, "h": m.h, "width_mm": 0, "height_mm": 0,
                "manufacturer": "", "model": ""}
        if s is not None:
            size = s.physicalSize()
            info.update(width_mm=round(size.width(), 1), height_mm=round(size.height(), 1),
                        manufacturer=s.manufacturer(), model=s.model())
        out.append(info)
    return out


def _release_held() -> None:
    """What a switch's new views left for after their first picture, done now (one piece per pass)."""
    if first_paint.holding():
        first_paint.release()


def _qrect(r: Rect) -> QRectF:
    return QRectF(r.x, r.y, r.w, r.h)


class WallRuntime(QObject):
    """Owns the wall canvas (one QGraphicsScene with bezel gaps) and one window per monitor.

    Every region's view is one item on the canvas, however many screens it spans; each screen's view of the
    canvas shows its own rectangle of it, so spanning content is one widget, bezel-compensated.
    """


    def __init__(
        self,
        controller: Controller,
        config: WallConfig,
        problems: list[Problem] | None = None,
        monitors: Callable[[], list[Monitor]] = qt_monitors,
        windowed: bool = False,
        context: ViewContext | None = None,
    ):
        super().__init__()
        self.context = context  # None: no data, no cameras (views show placeholders)
        self.controller = controller
        self.config = config
        self.geo = config.geometry()
        style.set_room(config.room())  # every view's smallest text, from the room's viewing distance
        self.windowed = windowed
        self._monitors = monitors
        self._base_problems = list(problems or [])
        self.scene = QGraphicsScene(0, 0, self.geo.canvas_w, self.geo.canvas_h, self)
        self.scene.setItemIndexMethod(QGraphicsScene.ItemIndexMethod.NoIndex)  # few, large items
        self.items: dict[str, ViewItem] = {}
        # the control API's address, operator token and certificate fingerprint, for identify screen 1
        self._api_access = ("", "", "")
        self.last_diff: dict[str, list[str]] = {"created": [], "reused": [], "removed": []}
        self.windows: list[OutputWindow] = []
        self.plan: OutputPlan | None = None
        self.applied_revision = -1
        self.state: WallState | None = None  # the state on the screens now
        # (state on the screens, state coming) before each change reaches them, while what is left is still shown:
        # the minutes picture an agenda item being left (wall/runtime/minutes_recorder.py)
        self.leaving = Listeners("state leaving the screens")
        self.screen_painted = Listeners("a screen painted")  # (row, col), every paint of every window's screens
        self.blanked = False  # the screens switched off (on schedule or by an operator): they paint black
        self.power = ScreenPower(self, controller, config.power)  # follows the schedule once started
        self._blackouts: dict[tuple[int, int], BlackoutItem] = {}
        self._identify: dict[tuple[int, int], IdentifyItem] = {}
        self._build_overlays()
        self._clock = QTimer(self)
        self._clock.timeout.connect(self._tick)
        self._replan_timer = QTimer(self, singleShot=True, interval=300)
        self._replan_timer.timeout.connect(self.replan)
        self._trim_timer = QTimer(self, singleShot=True, interval=TRIM_AFTER_MS)
        self._trim_timer.timeout.connect(release_free_memory)
        # what a switch leaves for after its new picture (disposing of the views it took off: streams closed,
        # players and threads stopped, up to hundreds of ms; finishing its new views: a chart's plot), each with
        # the screens still to paint that picture; done at the latest LEAVE_LATEST_MS after the oldest (_when_painted)
        self._after_paint: list[tuple[set[tuple[int, int]], Callable[[], None]]] = []
        self._after_paint_timer = QTimer(self, singleShot=True, interval=LEAVE_LATEST_MS)
        self._after_paint_timer.timeout.connect(lambda: self._run_painted(everything=True))
        # views taken off, disposed of in short slices between passes of the event loop (a camera's player stops in
        # about 40 ms: nine at once held the GUI thread a third of a second)
        self._disposing: list[ViewItem] = []
        self._dispose_timer = QTimer(self, singleShot=True, interval=0)
        self._dispose_timer.timeout.connect(self._dispose_next)
        controller.subscribe(self._on_state)

    # -- start -----------------------------------------------------------------------------------------------
    def start(self) -> None:
        self.apply(self.controller.state)
        self.replan()
        app = QGuiApplication.instance()
        app.screenAdded.connect(self._screens_changed)
        app.screenRemoved.connect(self._screens_changed)
        self._schedule_tick()
        self.power.start()

    def _screens_changed(self, *_args) -> None:
        self._replan_timer.start()  # monitors come and go in bursts: settle first

    # -- monitors --------------------------------------------------------------------------------------------
    def replan(self, rebuild: bool = False) -> None:
        """Match windows to the monitors present now; windows whose output did not change are kept (none with
        ``rebuild``: the canvas changed under them)."""
        plan = plan_outputs(self.config, self._monitors())
        for p in plan.problems:
            log.error("%s", p) if p.severity.value == "error" else log.warning("%s", p)
        self.plan = plan
        qscreens = {s.name(): s for s in QGuiApplication.screens()}
        keep = {} if rebuild else {
            w.output: w for w in self.windows if w.output in plan.outputs and w.output.monitor.name in qscreens}
        for w in self.windows:
            if w.output not in keep:
                w.allow_close = True
                w.hide()
                w.deleteLater()
        self.windows = []
        for out in plan.outputs:
            w = keep.get(out)
            if w is None:
                w = OutputWindow(
                    out, qscreens.get(out.monitor.name), self.scene, self.geo, windowed=self.windowed and out.virtual
                )
                w.show_on_screen()
                w.set_blanked(self.blanked)
                for screen, view in w.views.items():
                    view.painted.connect(lambda screen=screen: self._screen_painted(screen))
            self.windows.append(w)
        log.info(
            "wall outputs: %s mode, %d window(s) for %d monitor(s)", plan.mode, len(self.windows), len(self._monitors())
        )
        self._refresh_identify()

    def monitor_details(self) -> list[dict]:
        return qt_monitor_details(self._monitors())

    def reconfigure(self, config: WallConfig) -> str:
        """Run on ``config`` (saved by the screen mapping): monitors move at once, and new bezels or panel sizes
        redraw the canvas with the new gaps. A file whose rows, columns or resolution differ from the running
        wall's is not applied (every layout and window depends on them): returns why, or "" when applied."""
        old = self.config
        if (config.rows, config.cols, config.width_px, config.height_px) != (old.rows, old.cols, old.width_px,
                                                                             old.height_px):
            return (f"the file's screens ({config.rows} x {config.cols} of {config.width_px}x{config.height_px}) "
                    f"differ from the running wall's ({old.rows} x {old.cols} of {old.width_px}x{old.height_px}): "
                    "the configuration applies at the next start")
        self.config = config
        # what the file said at start is out of date now (a file unusable then is valid now)
        self._base_problems = [p for p in self._base_problems if p.file != config.source]
        if config.power != old.power:  # a schedule edited in the file (holidays added): followed from now on
            self.controller.power = self.power.schedule = config.power
            self.power.follow()
            log.info("screen power schedule changed in %s", config.source)
        if config.room() != old.room():  # a new viewing distance (or panel size): every view's smallest text
            self.controller.room = config.room()
            if style.set_room(config.room()):
                for item in self.items.values():
                    item.room_changed()
            log.info("the wall is now read from %s", config.room().describe())
        if config.web_allow != old.web_allow:
            log.warning("the web section changed in %s: it applies at the next start", config.source)
        geo = config.geometry()
        if geo == self.geo:
            self.replan()
            return ""
        self.geo = self.controller.geometry = geo
        self.scene.setSceneRect(0, 0, geo.canvas_w, geo.canvas_h)
        self._build_overlays()
        if self.state is not None:
            layout = self.state.layout
            for region in layout.regions:
                if region.id in self.items:
                    self.items[region.id].place(_qrect(geo.cell_rect(layout.grid_rows, layout.grid_cols, region.row,
                                                                     region.col, region.rows, region.cols)))
        self.replan(rebuild=True)
        log.info("wall canvas now %d x %d px (bezel gaps %d, %d px)", geo.canvas_w, geo.canvas_h, geo.gap_x, geo.gap_y)
        return ""

    def _build_overlays(self) -> None:
        """Blackout and identify overlays, one per screen, where the screens lie on the canvas now."""
        for item in [*self._blackouts.values(), *self._identify.values()]:
            self.scene.removeItem(item)
            shiboken6.delete(item)
        self._blackouts = {s: BlackoutItem(_qrect(self.geo.screen_rect(*s))) for s in self.geo.screens()}
        self._identify = {
            s: IdentifyItem(_qrect(self.geo.screen_rect(*s)), i + 1, *s) for i, s in enumerate(self.geo.screens())
        }
        for item in [*self._blackouts.values(), *self._identify.values()]:
            self.scene.addItem(item)
        if self.state is not None:
            self._show_overlays(self.state)

    def _show_overlays(self, state: WallState) -> None:
        for s, item in self._blackouts.items():
            item.setVisible(s in state.blackout)
        for item in self._identify.values():
            item.setVisible(state.identify)

    @staticmethod
    def _discard(item) -> None:
        item.dispose()
        # deleted now, on the GUI thread: taken out of the scene and left to deleteLater, the item belongs to Python
        # until the event loop reaches it, and Python's cycle collector, run from any thread (the fetch workers),
        # could free it first; its timers would then fire into freed memory
        shiboken6.delete(item)

    @property
    def hub(self):
        """The data hub the views read (wall/runtime/datahub.py); None when the wall has no indicator data."""
        return self.context.hub if self.context is not None else None

    def screen_views(self) -> dict[tuple[int, int], ScreenView]:
        return {s: v for w in self.windows for s, v in w.views.items()}

    # -- state -----------------------------------------------------------------------------------------------
    def _on_state(self, state: WallState) -> None:
        self.apply(state)

    def apply(self, state: WallState) -> None:
        """Bring the canvas to ``state``: prepare every new view first, then swap them all in one step."""
        t0 = time.perf_counter()
        self.leaving.emit(self.state, state)  # while the item being left is still on the screens
        self.state = state
        hub = self.hub
        if hub is not None:
            hub.freeze(state.frozen_at)  # a meeting's "freeze": figures as they stood, for every view
        layout = state.layout
        grid = (layout.grid_rows, layout.grid_cols)
        old = dict(self.items)
        new_views = {r.id: state.views.get(r.id) for r in layout.regions}
        source = match_views({rid: item.view for rid, item in old.items()}, new_views)
        plan: dict[str, tuple] = {}  # region id -> (region, item, created); new views are built hidden first
        # a switch on a running wall, like the start: what a new view can finish after its first picture (a
        # chart's plot) waits until every changed screen has painted it; until the swap is done, every screen
        # (whatever happens below, the queue is released)
        finish_here = self.windows and not first_paint.holding()
        if finish_here:
            first_paint.hold()
            finishing = self._when_painted(set(self.screen_views()), _release_held)
        for region in layout.regions:
            if source[region.id] is not None:
                plan[region.id] = (region, old[source[region.id]], False)
            else:
                item = create_view(region, new_views[region.id], self.context)
                item.setVisible(False)
                plan[region.id] = (region, item, True)

        # swap: everything below happens before the next paint
        for region, item, created in plan.values():
            item.set_region(region)
            item.place(_qrect(self.geo.cell_rect(*grid, region.row, region.col, region.rows, region.cols)))
            if created:
                self.scene.addItem(item)
                item.setVisible(True)
        kept = set(source.values())
        removed = [rid for rid in old if rid not in kept]
        for rid in removed:
            old[rid].setVisible(False)  # off the picture now; disposed once the new one is painted (_when_painted)
            old[rid].quiesce()  # stopped now: no decoding, converting or reconnecting until it is disposed of
        self.items = {rid: p[1] for rid, p in plan.items()}
        for item in self.items.values():
            item.set_frozen(state.frozen_at)
        self.last_diff = {
            "created": [rid for rid, p in plan.items() if p[2]],
            "reused": [rid for rid, p in plan.items() if not p[2]],
            "removed": removed,
        }
        if removed:
            gone = [old[rid] for rid in removed]
            self._when_painted(self.changed_screens().union(*(self._screens_under(item) for item in gone)),
                               lambda: self._dispose_later(gone))
        if finish_here:
            finishing.intersection_update(self.changed_screens())
            self._screen_painted(None)
        self._show_overlays(state)
        if state.identify:
            self._refresh_identify()
        self.applied_revision = state.revision
        log.debug(
            "applied revision %d in %.1f ms: %s", state.revision, (time.perf_counter() - t0) * 1e3, self.last_diff
        )

    def changed_screens(self) -> set[tuple[int, int]]:
        """Screens under the regions created or moved by the last apply."""
        out = set()
        for rid in self.last_diff["created"] + self.last_diff["reused"]:
            out.update(self._screens_under(self.items[rid]))
        return out

    def _screens_under(self, item: ViewItem) -> set[tuple[int, int]]:
        g = item.geometry()
        return set(self.geo.screens_under(Rect(g.x(), g.y(), g.width(), g.height())))

    def _when_painted(self, screens: set[tuple[int, int]], work: Callable[[], None]) -> set[tuple[int, int]]:
        """``work`` done once each of ``screens`` (those shown) has painted the new picture (a switch shows the new
        layout without waiting for the old views' streams and threads to stop, or for its charts' plots), or at
        the latest LEAVE_LATEST_MS after the oldest work waiting (a screen that does not paint); switches in a row
        never postpone it. Returns the screens still to paint, which the caller may narrow."""
        views = self.screen_views()
        pending = {s for s in screens if s in views and views[s].isVisible()}
        self._after_paint.append((pending, work))
        if not self._after_paint_timer.isActive():
            self._after_paint_timer.start()
        self._screen_painted(None)  # no screen to wait for: done at once after this turn
        return pending

    def _screen_painted(self, screen: tuple[int, int] | None) -> None:
        if screen is not None:
            self.screen_painted.emit(screen)
        if not self._after_paint:
            return
        for pending, _work in self._after_paint:
            pending.discard(screen)
        if any(not pending for pending, _work in self._after_paint):
            # after this paint event, not inside it: the scene is not changed while a view draws it
            QTimer.singleShot(0, self._run_painted)

    def _run_painted(self, everything: bool = False) -> None:
        done = [work for pending, work in self._after_paint if everything or not pending]
        self._after_paint = [] if everything else [(p, work) for p, work in self._after_paint if p]
        if not self._after_paint:
            self._after_paint_timer.stop()
        for work in done:
            work()
        if everything:  # (the wall stops, or a screen never painted: no waiting for the event loop)
            while self._disposing:
                self._discard(self._disposing.pop(0))

    def _dispose_later(self, items: list[ViewItem]) -> None:
        """``items`` (hidden, quiet) disposed of in slices between passes of the event loop; held here until then:
        never left to Python's collector."""
        self._disposing.extend(items)
        self._dispose_timer.start()
        self._trim_timer.start()  # once the deleted views are gone and the wall is quiet

    def _dispose_next(self) -> None:
        """Disposes of the views waiting for it for at most DISPOSE_SLICE_S (at least one), then lets the event loop
        run: a camera's player (40 ms) goes alone, a screenful of cards together, and a flood of switches never
        leaves views behind faster than they are disposed of."""
        deadline = time.perf_counter() + DISPOSE_SLICE_S
        while self._disposing:
            self._discard(self._disposing.pop(0))
            if time.perf_counter() > deadline:
                break
        if self._disposing:
            self._dispose_timer.start()

    def rebuild_views(self, which: Callable[[dict | None], bool]) -> list[str]:
        """Build again, in place, the views ``which`` picks: what they show changed under them (a technician added
        a camera, or an indicator to a sector view). Returns their region ids."""
        rebuilt = []
        for rid, old in list(self.items.items()):
            if not which(old.view):
                continue
            item = create_view(old.region, old.view, self.context)
            item.place(old.geometry())
            self.scene.addItem(item)
            item.set_frozen(self.state.frozen_at if self.state is not None else None)
            self.items[rid] = item
            self._discard(old)
            rebuilt.append(rid)
        return rebuilt

    def picture(self, source: QRectF, w: int, h: int) -> QImage:
        """``source`` (wall-canvas pixels) drawn into a w x h picture: what snapshots, the share-out and the minutes
        show. (A render into an image: the identify overlay masks the API token itself.)"""
        image = QImage(w, h, QImage.Format.Format_RGB32)
        image.fill(Qt.GlobalColor.black)
        painter = QPainter(image)
        painter.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing
                               | QPainter.RenderHint.SmoothPixmapTransform)
        self.scene.render(painter, QRectF(0, 0, w, h), source)
        painter.end()
        return image

    def set_blanked(self, on: bool) -> None:
        """Every screen black (switched off) or showing the wall again, at once."""
        self.blanked = on
        for w in self.windows:
            w.set_blanked(on)

    # -- identify overlay ------------------------------------------------------------------------------------
    def problems(self) -> list[Problem]:
        plan_problems = self.plan.problems if self.plan else []
        return [*self._base_problems, *self.controller.problems, *plan_problems, *self.controller.layout_warnings()]

    def set_api_access(self, address: str, token: str, fingerprint: str = "") -> None:
        """What identify screen 1 tells the technician: where the API is, the operator token and the fingerprint
        of the wall's certificate (what a console shows when it first trusts the wall: compared here, in the
        room, it cannot be an impostor's)."""
        self._api_access = (address, token, fingerprint)
        self._refresh_identify()

    def _refresh_identify(self) -> None:
        monitors = {}
        if self.plan:
            for out in self.plan.outputs:
                for s in out.screens:
                    monitors[s] = out.monitor.name + (
                        QCoreApplication.translate("Identify", " (tường ảo)") if out.virtual else ""
                    )
        problems = self.problems()
        # the regions by their titles, as the card names them in a problem
        regions = {r.id: r.label_in(style.LANGUAGE) for r in self.state.layout.regions} if self.state else {}
        for s, item in self._identify.items():
            item.api_address, item.api_token, item.api_fingerprint = self._api_access
            item.set_info(monitors.get(s, ""), problems, regions)

    # -- the one display clock -------------------------------------------------------------------------------
    def _schedule_tick(self) -> None:
        ms = 1000 - int(time.time() * 1000) % 1000
        self._clock.start(ms + 5)

    def _tick(self) -> None:
        now = fmt.now()
        for item in self.items.values():
            item.tick(now)
        self._schedule_tick()

    def shutdown(self) -> None:
        self._clock.stop()
        self.power.stop()
        self._run_painted(everything=True)
        for item in self.items.values():
            item.dispose()
        for w in self.windows:
            w.allow_close = True
            w.close()
