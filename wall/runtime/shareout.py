"""The share-out's capture (Qt): the shared area of the wall canvas, drawn into a picture on the GUI thread at most
``fps`` times a second while someone watches, and JPEG-encoded on a thread of its own (QImage.save releases Python's
lock: measured, the GUI thread runs on while a frame is encoded).

A picture identical to the last one is not encoded again, so a still wall costs one render per tick and no
encoding; the cost is the same for one viewer or twenty (ioc_core/api/share_frames.py hands the frames out).
"""

from __future__ import annotations

import json
import logging
import threading
import time

from PySide6.QtCore import QBuffer, QCoreApplication, QIODevice, QObject, QRectF, Qt, QTimer
from PySide6.QtGui import QImage, QPainter

from ioc_core import clock as wallclock
from ioc_core.api.share_frames import FrameBox
from ioc_core.control.sharing import fit_width, share_area, share_info
from ioc_core.setup.geometry import Rect
from wall.widgets import style
from wall.widgets.base import draw_card

log = logging.getLogger(__name__)

SHARE_FPS = 5  # pictures a second at most: a meeting's figures and a camera's gist, at a small cost to the wall
SHARE_WIDTH = 1280  # a phone or a meeting room's codec needs no more; larger areas are scaled down
JPEG_QUALITY = 80
BUDGET = 0.05  # the share-out's part of the GUI thread at most: a costly area is captured less often, not slower
IDLE_SIZE = Rect(0, 0, 1280, 720)


class ShareCapture(QObject):
    def __init__(self, runtime, controller, box: FrameBox, wall_name: str = "", fps: int = SHARE_FPS,
                 width: int = SHARE_WIDTH):
        super().__init__()
        self.runtime, self.controller, self.box = runtime, controller, box
        self.wall_name, self.width = wall_name, width
        self.rendered = 0  # pictures drawn, and of those encoded (changed): for the benchmark and the health view
        self.encoded = 0
        self._last: QImage | None = None
        self._due = 0.0  # monotonic time of the next capture (BUDGET)
        self._failed = False
        self._target: tuple | None = None  # what the pictures in the box show: the share target, the layout
        self._slot = threading.Condition()
        self._pending: tuple[QImage, float] | None = None
        self._stopped = False
        self._encoder = threading.Thread(target=self._encode_loop, name="share-encoder", daemon=True)
        self._encoder.start()
        self._timer = QTimer(self, interval=max(1, round(1000 / fps)))
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.timeout.connect(self.capture)
        self._timer.start()

    def capture(self) -> None:
        try:
            self._capture()
        except Exception:  # logged once per kind of failure: a bug here must not flood the log 5 times a second
            if not self._failed:
                log.exception("share-out capture failed (viewers keep the last picture)")
            self._failed = True
        else:
            self._failed = False

    def _capture(self) -> None:
        state = self.controller.state
        self.box.set_info(share_info(state, self.runtime.geo, self.wall_name, wallclock.now_s()))
        target = (json.dumps(state.share, sort_keys=True), state.layout.id)
        if target != self._target or not self.box.wanted():
            # another area, or nobody watching: no viewer may get the old picture, and the new one comes at once
            self._target, self._last, self._due = target, None, 0.0
            self.box.clear()
            if not self.box.wanted():
                return
        t0 = time.monotonic()
        if t0 < self._due:
            return
        area = share_area(state.share, state.layout, self.runtime.geo)
        if area is not None and area[0] is not None:
            image = self._render(area[0])
        else:
            image = self._not_shared(area[1] if area is not None else "")
        self.rendered += 1
        changed = self._last is None or image != self._last
        self._due = t0 + (time.monotonic() - t0) / BUDGET
        if not changed:
            return
        self._last = image
        with self._slot:  # the newest waits; an older one not yet encoded is dropped, never queued
            self._pending = (image, time.time())
            self._slot.notify()

    def _render(self, rect: Rect) -> QImage:
        return self.runtime.picture(QRectF(rect.x, rect.y, rect.w, rect.h), *fit_width(rect, self.width))

    def _not_shared(self, why: str) -> QImage:
        """What viewers see while the operator shares nothing: a card that says so, not a frozen last picture."""
        w, h = fit_width(IDLE_SIZE, self.width)
        image = QImage(w, h, QImage.Format.Format_RGB32)
        painter = QPainter(image)
        painter.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        draw_card(painter, QRectF(0, 0, w, h), QCoreApplication.translate("Share", "Chưa chia sẻ hình ảnh"),
                  style.TEXT, "\n".join(x for x in (why, self.wall_name) if x), h / 12)
        painter.end()
        return image

    def _encode_loop(self) -> None:
        while True:
            with self._slot:
                while self._pending is None and not self._stopped:
                    self._slot.wait()
                if self._stopped:
                    return
                image, at = self._pending
                self._pending = None
            try:
                buf = QBuffer()
                buf.open(QIODevice.OpenModeFlag.WriteOnly)
                image.save(buf, "JPEG", JPEG_QUALITY)
                self.box.publish(bytes(buf.data()), at, image.width(), image.height())
                self.encoded += 1
            except Exception:  # a picture that cannot be encoded is skipped; the next one comes in 1/fps s
                log.exception("share-out frame could not be encoded")

    def stop(self) -> None:
        self._timer.stop()
        with self._slot:
            self._stopped = True
            self._slot.notify()
        self.box.close()
