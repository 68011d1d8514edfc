"""The control API's view of the wall (Qt): each call from a server thread is carried over to the GUI thread, which
owns the controller, the alert book and the scene, and the server thread waits for the answer (at most a few
seconds: a wall too busy to answer says 503, it never leaves a console hanging)."""

from __future__ import annotations

import logging
from concurrent.futures import Future

from PySide6.QtCore import QBuffer, QIODevice, QObject, QRectF, Qt, QThread, Signal
from PySide6.QtGui import QImage, QPainter

from wall.api.desk import CommandDesk
from wall.api.events import EventBus

log = logging.getLogger(__name__)

ANSWER_TIMEOUT_S = 5.0


class WallPort(QObject):
    _call = Signal(object)

    def __init__(self, name: str, runtime, controller, desk: CommandDesk, bus: EventBus, book=None, catalogue=None):
        super().__init__()
        self.name, self.runtime, self.controller, self.desk, self.book = name, runtime, controller, desk, book
        self.catalogue = catalogue
        self._call.connect(self._run, Qt.ConnectionType.QueuedConnection)
        if book is not None:
            book.subscribe(lambda alert, event: bus.publish("alert", {"event": event, "alert": alert.to_json()}))

    # -- carrying calls over -------------------------------------------------------------------------------
    def _invoke(self, fn, timeout: float = ANSWER_TIMEOUT_S):
        if QThread.currentThread() is self.thread():
            return fn()
        future: Future = Future()
        self._call.emit((fn, future))
        return future.result(timeout)

    def _run(self, job) -> None:
        fn, future = job
        if not future.set_running_or_notify_cancel():
            return
        try:
            future.set_result(fn())
        except Exception as exc:
            future.set_exception(exc)

    # -- what the routes ask -------------------------------------------------------------------------------
    def info(self) -> dict:
        def read():
            geo = self.controller.geometry
            return {"name": self.name, "rows": geo.rows, "cols": geo.cols, "revision": self.controller.state.revision,
                    "layout": self.controller.state.layout.id}
        return self._invoke(read)

    def state(self) -> dict:
        return self._invoke(lambda: self.controller.state.to_json())

    def layouts(self) -> list[dict]:
        def read():
            lib = self.controller.library
            return [{"id": lay.id, "title": {"vi": lay.title_vi, "en": getattr(lay, "title_en", "") or lay.title_vi},
                     "grid": {"rows": lay.grid_rows, "cols": lay.grid_cols},
                     "regions": [r.to_json() for r in lay.regions]}
                    for lay in sorted(lib.layouts.values(), key=lambda lay: lay.id)]
        return self._invoke(read)

    def presets(self) -> list[dict]:
        return self._invoke(lambda: [{"name": n, "layout": p["layout"]}
                                     for n, p in sorted(self.controller.presets.items())])

    def views(self) -> dict:
        def read():
            out = [{"kind": "overview", "title": "Tổng quan tỉnh"}, {"kind": "alerts", "title": "Cảnh báo"},
                   {"kind": "health", "title": "Tình trạng nguồn dữ liệu"}, {"kind": "clock", "title": "Đồng hồ"},
                   {"kind": "meeting", "title": "Cuộc họp"}]
            if self.catalogue is not None:
                out += [{"kind": "sector", "sector": s.id, "title": s.name_vi}
                        for s in self.catalogue.sectors.values()]
                out += [{"kind": "chart", "indicator": i.id, "title": i.name_vi}
                        for i in self.catalogue.indicators.values()]
            from wall.catalogue.mapdata import LAYERS

            out += [{"kind": "map", "layer": layer, "title": f"Bản đồ: {layer}"} for layer in LAYERS]
            return {"views": out}
        return self._invoke(read)

    def execute(self, cmd: dict, who, base_revision, force) -> tuple[int, dict]:
        return self._invoke(lambda: self.desk.execute(cmd, who, base_revision, force))

    def alerts(self, closed: bool = False) -> list[dict]:
        if self.book is None:
            return []
        return self._invoke(lambda: [a.to_json() for a in self.book.alerts(include_closed=closed)])

    def acknowledge(self, alert_id: str, by: str) -> tuple[bool, str]:
        if self.book is None:
            return False, f"unknown alert '{alert_id}' (this wall keeps no alerts)"
        return self._invoke(lambda: self.book.acknowledge(alert_id, by))

    def snapshot(self, row: int, col: int, width: int | None, fmt: str) -> bytes | None:
        return self._invoke(lambda: self._render(row, col, width, fmt))

    def _render(self, row: int, col: int, width: int | None, fmt: str) -> bytes | None:
        geo = self.runtime.geo
        if (row, col) not in geo.screens():
            return None
        r = geo.screen_rect(row, col)
        w = width or int(r.w)
        h = max(1, round(w * r.h / r.w))
        image = QImage(w, h, QImage.Format.Format_RGB32)
        image.fill(Qt.GlobalColor.black)
        from wall.runtime.overlays import IdentifyItem

        IdentifyItem.hide_secrets = True  # a snapshot goes to viewers too: never with the token in it
        painter = QPainter(image)
        painter.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing
                               | QPainter.RenderHint.SmoothPixmapTransform)
        self.runtime.scene.render(painter, QRectF(0, 0, w, h), QRectF(r.x, r.y, r.w, r.h))
        painter.end()
        IdentifyItem.hide_secrets = False
        buf = QBuffer()
        buf.open(QIODevice.OpenModeFlag.WriteOnly)
        image.save(buf, "PNG" if fmt == "png" else "JPEG", -1 if fmt == "png" else 85)
        return bytes(buf.data())
