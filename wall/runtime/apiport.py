"""The control API's view of the wall (Qt): each call from a server thread is carried over to the GUI thread, which
owns the controller, the alert book and the scene, and the server thread waits for the answer (at most a few
seconds: a wall too busy to answer says 503, it never leaves a console hanging). A technician's save is checked and
written on the server thread; only its swap into the running wall comes over (``_tell``: never cancelled once
written)."""

from __future__ import annotations

import contextlib
import logging
import os
import threading
import time
from concurrent.futures import Future

from PySide6.QtCore import QBuffer, QCoreApplication, QEvent, QIODevice, QObject, QRectF, Qt, QThread, Signal
from PySide6.QtGui import QImage, QPainter

from ioc_core.api.desk import CommandDesk, Reply
from ioc_core.api.events import EventBus
from ioc_core.api.port import ControllerPort
from ioc_core.control.saved_state import Settling, catch_up
from ioc_core.outcomes import Answer
from wall.runtime import render
from wall.runtime.memory import open_files, process_threads, qt_objects, rss_mb

log = logging.getLogger(__name__)

ANSWER_TIMEOUT_S = 5.0
APPLY_TIMEOUT_S = 15.0  # new windows on every monitor: longer than an answer
STRIP_PX = 540  # a snapshot's rows drawn in one turn of the GUI thread (a quarter of a 4K picture)
_GUI_TURN = threading.Lock()  # one snapshot step waiting for the GUI thread at a time
_ENCODERS = threading.BoundedSemaphore(max(1, (os.cpu_count() or 2) - 1))  # a core left for the GUI thread




MODELS_WAIT_S = 1.0  # the longest a snapshot waits for the view models asked for before it (the worker is rarely busy)


class _SharedPicture:
    """One picture that many may ask for at once: each gets the result of a drawing that began after they asked,
    and those waiting together share the next drawing (thread-safe; the drawing runs outside the lock)."""

    def __init__(self):
        self._cond = threading.Condition()
        self._started = self._done = 0  # drawings begun, and the number of the last one finished
        self._busy = False
        self._data: bytes | None = None
        self.last: tuple[tuple, bytes] | None = None  # the last picture drawn (the screen's stamp then, its bytes)

    def take(self, draw) -> bytes | None:
        with self._cond:
            need = self._started + 1  # a drawing begun after now
            while self._done < need:
                if self._busy:
                    self._cond.wait()
                    continue
                self._busy, self._started = True, self._started + 1
                mine = self._started
                self._cond.release()
                try:
                    data = draw()
                finally:
                    self._cond.acquire()
                    self._busy = False
                    self._cond.notify_all()
                self._data, self._done = data, mine
            return self._data


def _encode(image: QImage, fmt: str) -> bytes:
    """PNG or JPEG bytes of a picture; on any thread (QImage is not tied to the GUI thread)."""
    buf = QBuffer()
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buf, "PNG" if fmt == "png" else "JPEG", -1 if fmt == "png" else 85)
    return bytes(buf.data())


def _view_health(item) -> dict:
    """A view's health; a sector view also names the indicators it draws as tiles now (``tiles``: as many as fit at
    the room's text size, the abnormal and most important first) and every one it declares (``tiles_declared``: a
    technician's addition shows here once the view on the wall has it)."""
    out = item.health()
    if getattr(item, "tile_rects", None):
        out["tiles"] = [i for i, rect in item.tile_rects.items() if not rect.isEmpty()]
        out["tiles_declared"] = list(item.tile_rects)
    return out


class WallPort(QObject):
    """``runtime``: the wall's WallRuntime. Optional parts, each None when the wall runs without it: ``edits`` the
    technicians' catalogue additions, ``config_store`` the file the screen mapping saves, ``layout_store`` the
    layouts folder technicians save into, ``share`` the share-out's capture and ``watchdog`` the GUI thread's
    (both for the health report), ``hubfeed`` the data hub's feed in hub mode (wall/runtime/hubfeed.py: it takes the
    acknowledgements and says how the link is)."""

    _call = Signal(object)

    def __init__(self, name: str, runtime, controller, desk: CommandDesk, bus: EventBus, book=None, catalogue=None,
                 rules=None, cameras=None, webpages=None, *, edits=None, config_store=None, layout_store=None,
                 share=None, watchdog=None, hubfeed=None, store_path=None):
        super().__init__()
        self.runtime, self.share, self.watchdog, self.hubfeed = runtime, share, watchdog, hubfeed
        self._started = time.monotonic()
        # saves and deletes check and write on the server's thread; only what touches the wall comes over here
        self.core = ControllerPort(name, controller, desk, book, catalogue, rules, cameras, webpages, edits=edits,
                                   config_store=config_store, layout_store=layout_store,
                                   on_catalogue_change=self._catalogue_changed, ask_wall=self._invoke,
                                   tell_wall=self._tell, store_path=store_path,
                                   history_from="hub" if hubfeed is not None else "own")
        self._call.connect(self._run, Qt.ConnectionType.QueuedConnection)
        self._snapshots: dict[tuple, _SharedPicture] = {}  # by (row, col, width, format)
        self._snapshot_lock = threading.Lock()
        if book is not None:
            book.subscribe(lambda alert, event: bus.publish("alert", {"event": event, "alert": alert.to_json()}))
        # the screens switched by the schedule (no command, so no state event) or an override
        runtime.power.changes.subscribe(lambda screens: bus.publish("power", screens))

    # -- carrying calls over -------------------------------------------------------------------------------
    def _invoke(self, fn, timeout: float = ANSWER_TIMEOUT_S, cancel: bool = True):
        """``fn`` on the GUI thread, its answer here. Not begun within ``timeout``, it is cancelled and TimeoutError
        raised (the 503 the console gets is the truth). With ``cancel`` false (after a save: a busy wall takes it
        late, never not at all) TimeoutError is raised and ``fn`` still runs."""
        if QThread.currentThread() is self.thread():
            return fn()
        future: Future = Future()
        self._call.emit((fn, future))
        try:
            return future.result(timeout)
        except TimeoutError:
            if not cancel or future.cancel():
                raise
            return future.result()  # already running on the GUI thread: its answer is coming

    def _tell(self, fn, timeout: float = APPLY_TIMEOUT_S):
        return self._invoke(fn, timeout, cancel=False)

    def _run(self, job) -> None:
        fn, future = job
        if not future.set_running_or_notify_cancel():
            return
        try:
            future.set_result(fn())
        except Exception as exc:
            future.set_exception(exc)

    # -- what the routes ask: the Qt-free answers, on the GUI thread -------------------------------------------
    def info(self) -> dict:
        return self._invoke(self.core.info)

    def state(self) -> dict:
        return self._invoke(self._state)

    def _state(self) -> dict:
        """The controller's state and what the screens do (on, or dark on the schedule or by an operator)."""
        return {**self.core.state(), "screen_power": self.runtime.power.screens()}

    def layouts(self) -> list[dict]:
        return self._invoke(self.core.layouts)

    def presets(self) -> list[dict]:
        return self._invoke(self.core.presets)

    def views(self) -> dict:
        return self._invoke(self.core.views)

    def execute(self, cmd: dict, who, base_revision, force, client: str = "") -> Reply:
        """Carried out on the GUI thread, which only hands the state and the audit line to the writer's thread;
        the answer waits here until they are on disk and says whether they are (as when they were written there)."""
        controller = self.core.controller
        settling = Settling(controller.store, self.core.desk.audit, ANSWER_TIMEOUT_S)
        reply = self._invoke(lambda: self.core.execute(cmd, who, base_revision, force, client))
        reply = Reply(reply.kind, settling.answer(reply.done, reply.body))
        if settling.out_of_step(controller):  # the health report's save error, on the controller's thread
            with contextlib.suppress(TimeoutError):
                self._tell(lambda: catch_up(controller), ANSWER_TIMEOUT_S)
        return reply

    # -- catalogue editing ---------------------------------------------------------------------------------
    def catalogue_doc(self) -> dict | None:
        return self.core.catalogue_doc()  # the additions' own snapshot, under their lock: no GUI state

    def edit_catalogue(self, who, action: str, kind: str, entry=None, eid: str = "", sector: str = "") -> Answer:
        return self.core.edit_catalogue(who, action, kind, entry, eid, sector)  # the core hands the wall its part

    def _catalogue_changed(self, change) -> None:
        """On the GUI thread, after a technician's edit is saved: the views that show what changed (that camera,
        that camera group, that sector) are built again in place (new views find the new catalogue: the wall's
        ViewContext reads the additions' catalogues in use)."""
        rebuilt = self.runtime.rebuild_views(change.affects)
        if rebuilt:
            log.info("%s %s '%s': region %s built again", change.kind, change.action, change.id, ", ".join(rebuilt))

    # -- layouts: read, checked and written on the calling thread (the core hands the wall its part) ---------------
    def layout(self, layout_id: str) -> Answer:
        return self.core.layout(layout_id)

    def save_layout(self, layout_id: str, doc, base_revision, apply: bool, who) -> Answer:
        return self.core.save_layout(layout_id, doc, base_revision, apply, who)

    def delete_layout(self, layout_id: str, who) -> Answer:
        return self.core.delete_layout(layout_id, who)

    def audit(self, who: str, entry: dict) -> list[str]:
        return self.core.audit(who, entry)  # the audit log has its own lock; the revision is read as it stands

    def alert_rules(self) -> list[dict]:
        return self._invoke(self.core.alert_rules)

    def alerts(self, closed: bool = False) -> list[dict]:
        return self._invoke(lambda: self.core.alerts(closed))

    def correlation(self, a: str, b: str, max_lag: int):
        """On the API's thread, never the GUI thread: the core reads the store through a connection of its own (in
        hub mode the wall's mirror of the hub, its history included: ioc_core/hublink/subscriber.py)."""
        return self.core.correlation(a, b, max_lag)

    def acknowledge(self, alert_id: str, by: str) -> tuple[bool, str]:
        """In hub mode forwarded to the hub here, on the API's thread (the hub records it once in its audit log and
        publishes it: it comes back to this wall's book through the broker); else the wall's own book and log."""
        if self.hubfeed is not None:
            return self.hubfeed.acknowledge(alert_id, by)
        return self._invoke(lambda: self.core.acknowledge(alert_id, by))

    def health(self, objects: bool = False) -> dict:
        return self._invoke(lambda: self._health(objects))

    def _health(self, objects: bool) -> dict:
        """How the wall is doing: uptime, memory, threads and files, each screen's repaints so far, each view's
        and each data source's state, the watchdog's restarts, the share-out's work; with ``objects`` also how
        many Qt objects exist (a full walk of the heap: tens of milliseconds, for soak tests and technicians)."""
        share, watchdog = self.share, self.watchdog
        out = {
            "uptime_s": round(time.monotonic() - self._started, 1),
            "rss_mb": round(rss_mb(), 1),
            "threads": process_threads() or threading.active_count(),
            "open_files": open_files(),
            "painted": {f"{r},{c}": v.paint_count for (r, c), v in sorted(self.runtime.screen_views().items())},
            "views": {rid: _view_health(item) for rid, item in sorted(self.runtime.items.items())},
            "sources": self._sources(),
            "state": {"revision": self.runtime.controller.state.revision,
                      "save_error": self.runtime.controller.save_error},
            "watchdog": watchdog.health() if watchdog is not None else None,
            # the data hub this wall reads in hub mode, and its link to it; None: the wall runs its own sources
            "hub": self.hubfeed.health() if self.hubfeed is not None else None,
            "power": self.runtime.power.health(),
            "share": {"rendered": share.rendered, "encoded": share.encoded} if share is not None else None,
            # the gpu or cpu path (wall/runtime/render.py), and how many screens draw through OpenGL
            "render": {**render.current().health(),
                       "gl_screens": sum(v.gl for v in self.runtime.screen_views().values())},
        }
        if objects:
            out["objects"] = qt_objects(self.runtime.scene)
        return out

    def _sources(self) -> dict:
        hub = self.runtime.hub
        if hub is None:
            return {}
        from wall.widgets.health import feed_rows

        return {row.source: {"state": row.state, "age_s": None if row.last_success_age is None
                             else round(row.last_success_age), "errors": row.consecutive_errors,
                             **({"error": row.error} if row.error else {})}
                for row in feed_rows(hub, hub.clock())}

    def snapshot(self, row: int, col: int, width: int | None, fmt: str) -> bytes | None:
        """One screen's picture, drawn after the request came. Only the drawing runs on the GUI thread; the encoding
        (tens of milliseconds for a PNG) runs here, on the server thread. Requests for the same picture share a
        drawing that began after they came, so a flood of viewers costs a drawing or two a wave, not one each: it
        cannot stall the screens, and no one is shown a picture from before their request."""
        hub = self.runtime.hub
        if hub is not None:  # a view built a moment ago is pictured with its figures, not in the frame before them
            hub.models.wait_idle(MODELS_WAIT_S)  # here, on the server thread; the GUI thread delivers meanwhile
        with self._snapshot_lock:
            shared = self._snapshots.setdefault((row, col, width, fmt), _SharedPicture())
        return shared.take(lambda: self._draw(row, col, width, fmt, shared))

    def _draw(self, row: int, col: int, width: int | None, fmt: str, shared: _SharedPicture) -> bytes | None:
        """The picture, or the bytes of the last one when the screen has not been painted since (a screen left as
        it was costs the GUI thread a glance at its paint count, and the server no encoding). A picture is drawn
        ``STRIP_PX`` rows at a time, one strip a turn of the GUI thread's event loop, and put together here: a 4K
        drawing never holds the screens still for its whole length."""
        last = shared.last
        begun = self._gui(lambda: self._begin(row, col, width, last[0] if last is not None else None))
        if begun is None:
            return None
        stamp, size, source = begun
        if size is None:
            return last[1]
        w, h = size
        image = QImage(w, h, QImage.Format.Format_RGB32)
        painter = QPainter(image)
        try:
            for y in range(0, h, STRIP_PX):
                rows = min(STRIP_PX, h - y)
                painter.drawImage(0, y, self._gui(lambda y=y, rows=rows: self._strip(source, w, h, y, rows)))
        finally:
            painter.end()
        with _ENCODERS:
            data = _encode(image, fmt)
        shared.last = (stamp, data) if stamp is not None else None
        return data

    def _gui(self, fn):
        """``fn`` on the GUI thread, one snapshot's step at a time whichever screen it is of: the event loop never
        has more than one waiting (viewers of nine screens at once would otherwise stack nine in one turn)."""
        with _GUI_TURN:
            return self._invoke(fn)

    # -- screen mapping --------------------------------------------------------------------------------------
    @property
    def config_store(self):
        return self.core.config_store

    def screens(self, current=None) -> dict | None:
        """The configuration file (read on the calling thread, unless ``current`` is the file as just saved) with
        the monitors and plan (read on the GUI's)."""
        r = self.runtime
        monitors, plan, running = self._invoke(lambda: (r.monitor_details(), r.plan, r.config))
        return self.core.screens(monitors, plan, running, current)

    def save_screens(self, body, who: str) -> dict:
        def shown(current) -> dict:
            try:
                return self.screens(current) or {}
            except TimeoutError:  # saved and on its way to the screens; the next GET shows the plan
                return {}

        return self.core.save_screens(body, who, self._apply_config, shown)

    def _apply_config(self, config) -> str:
        """The saved configuration to the running wall, on the GUI thread; never cancelled once the file is saved
        (a busy wall takes it late, never not at all). Returns why it was not applied, or ""."""
        try:
            return self._tell(lambda: self.runtime.reconfigure(config))
        except TimeoutError:
            return "saved; the wall is busy and moves its monitors as soon as it can"
        except Exception as exc:  # the file is saved and valid: the next start runs on it
            log.exception("the saved wall configuration could not be applied")
            return f"saved, but the running wall could not take it ({exc}): it applies at the next start"

    def _begin(self, row: int, col: int, width: int | None, unchanged: tuple | None) \
            -> tuple[tuple | None, tuple[int, int] | None, QRectF | None] | None:
        """On the GUI thread: (the screen's stamp, the picture's size, the screen's canvas rectangle); (``unchanged``,
        None, None) when its stamp is still ``unchanged`` (nothing to draw); None for no such screen."""
        geo = self.runtime.geo
        if (row, col) not in geo.screens():
            return None
        r = geo.screen_rect(row, col)
        stamp = self._stamp(row, col, (r.x, r.y, r.w, r.h))
        if stamp is not None and stamp == unchanged:
            return stamp, None, None
        w = width or int(r.w)
        return stamp, (w, max(1, round(w * r.h / r.w))), QRectF(r.x, r.y, r.w, r.h)

    def _strip(self, source: QRectF, w: int, h: int, y: int, rows: int) -> QImage:
        """On the GUI thread: rows ``y`` to ``y + rows`` of the w x h picture of ``source``."""
        scale = source.height() / h
        return self.runtime.picture(QRectF(source.x(), source.y() + y * scale, source.width(), rows * scale), w, rows)

    def _stamp(self, row: int, col: int, rect: tuple) -> tuple | None:
        """On the GUI thread: what changes whenever the screen's picture may have: its view and how many times it
        has painted, after the repaints already asked for are done (Qt paints a change at the next turn of the event
        loop, which may come after this call: a picture from before a command never passes for one after it).
        None when no shown view paints the screen (nothing then says it is unchanged)."""
        view = self.runtime.screen_views().get((row, col))
        if view is None or not view.isVisible():
            return None
        QCoreApplication.sendPostedEvents(self.runtime.scene, QEvent.Type.MetaCall.value)  # changed items, to views
        QCoreApplication.sendPostedEvents(view.window(), QEvent.Type.UpdateRequest.value)  # and painted
        return id(view), view.paint_count, rect, self.runtime.applied_revision
