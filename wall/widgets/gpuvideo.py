"""A camera's picture on the gpu render path (wall/runtime/render.py): a QGraphicsVideoItem that the player plays
into, inside the camera view, the picture kept in proportion; the view draws its name band (and its "mất tín hiệu"
card) above it.

Why ``paint`` is overridden: on a platform with OpenGL, ``QVideoFrame.toImage`` (which the item's own paint calls)
converts YUV with a shader on a thread-local QRhi context of its own, made current on the GUI thread in the middle
of the viewport's paint; the OpenGL paint engine then draws into the wrong context and the whole screen shows
nothing of the scene (seen under Xvfb with Mesa: a white screen). Here the viewport's context is made current again
after the conversion and the paint engine's state restored, then the picture is drawn scaled by the OpenGL paint
engine (on the GPU). A frame that cannot be converted is reported to ``on_failure`` (the view falls back to the cpu
path after a few in a row).

Why the player does not play into the item's sink directly: the item hears of each frame through a queued signal
that carries the frame, one event per frame in the GUI thread's queue; a GUI thread that falls behind (nine 720p
cameras on a software OpenGL renderer: seen here, the control API unanswered for 5 s and more) lets them pile up
without bound. The player plays into a sink of the view's, which the view looks at on a GUI-thread timer (timer
events never pile up) and ``offer``s the newest frame to the item: at most one frame a look, repeats skipped.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QRectF, QSizeF, Qt
from PySide6.QtGui import QPainter
from PySide6.QtMultimedia import QVideoFrame
from PySide6.QtMultimediaWidgets import QGraphicsVideoItem
from PySide6.QtWidgets import QGraphicsItem

FAILURES = 5  # frames in a row that give no picture: the gpu path does not work here


class GpuVideoItem(QGraphicsVideoItem):
    def __init__(self, parent: QGraphicsItem, on_painted: Callable[[], None], on_failure: Callable[[str], None]):
        super().__init__(parent)
        self.on_painted, self.on_failure = on_painted, on_failure
        self.setAspectRatioMode(Qt.AspectRatioMode.KeepAspectRatio)
        # under the view's own paint (its name band and card are drawn over the picture)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemStacksBehindParent, True)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.last_start = -1
        self.last: QVideoFrame | None = None  # the last frame offered
        self.painted = 0  # new pictures painted
        self.failures = 0
        self._converted: tuple[QVideoFrame, object] | None = None  # (frame, its picture): a region over two screens
        # paints each frame twice, converted once

    def place(self, rect: QRectF) -> None:
        self.setOffset(rect.topLeft())
        self.setSize(QSizeF(rect.size()))

    def offer(self, frame: QVideoFrame) -> bool:
        """``frame`` shown from now on when it is a new one (by start time, or another frame object when the stream
        gives none): True. A repeat or an invalid frame: False, nothing done."""
        if not frame.isValid():
            return False
        start = frame.startTime()
        if (start >= 0 and start == self.last_start) or (self.last is not None and frame == self.last):
            return False
        self.last, self.last_start = frame, start
        self.videoSink().setVideoFrame(frame)  # the item repaints itself (same thread: no queued event)
        return True

    def paint(self, painter: QPainter, option, widget=None) -> None:
        frame = self.videoSink().videoFrame()
        if not frame.isValid():
            return
        fresh = self._converted is None or self._converted[0] != frame
        if not fresh:
            image = self._converted[1]
        else:
            image = frame.toImage()  # YUV to RGB: on the GPU (Qt's QRhi) where OpenGL exists
            self._converted = (frame, image)
            if not image.isNull():
                self.painted += 1
                self.on_painted()
        if widget is not None and hasattr(widget, "makeCurrent"):  # a QOpenGLWidget viewport: its context back
            widget.makeCurrent()
            painter.beginNativePainting()
            painter.endNativePainting()  # the paint engine's GL state set again
        if image.isNull():
            if fresh:  # (the same frame painted again, on another screen or in a snapshot, is not another failure)
                self.failures += 1
                if self.failures == FAILURES:
                    self.on_failure(f"{FAILURES} video frames in a row gave no picture")
            return
        if fresh:
            self.failures = 0
        painter.drawImage(self.boundingRect(), image)  # scaled by the paint engine (OpenGL: a textured quad)
