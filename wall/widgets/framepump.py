"""Camera frames made ready to draw off the GUI thread (the CPU path: no GPU converts YUV here).

Each camera's QVideoSink is a *feed*. A small pool of worker threads (one a core, at most four) looks at every
feed's newest frame a few times per frame interval; a frame it has not seen before (by its start time, or the same
frame object when the stream gives none) is converted from YUV and scaled to the region's size on the device in
one pass of FFmpeg's scaler, without Python's lock (``picture``; Qt's ``toImage`` and ``QImage.scaled`` keep the
lock through the C++ call, so they stopped the GUI thread as long), into RGB32, the backing store's own format; the
ready picture waits for the GUI thread, which gets one queued ``ready`` signal for it and only copies it at 1:1.
While a picture waits, no other frame of that camera is converted (work the GUI thread could not show anyway:
measured, converting on regardless halved the pictures shown with nine cameras).

What is held, whatever the GUI thread's load: per camera the sink's own newest frame, at most one frame being
converted and at most one ready picture; frames in between are dropped, never queued. Repeated frames (Qt's FFmpeg
backend signals about 1.5 frames per RTSP source frame) are skipped before any conversion.

Why polling and not the sink's ``videoFrameChanged``: a Python slot connected directly runs on Qt's video thread
and needs Python's lock, while ``QMediaPlayer.stop()`` on the GUI thread holds that lock and waits for the video
thread (a deadlock, seen here); a queued connection keeps one frame per signal in the GUI thread's queue (1.88 GB
once, with the GUI thread behind). Reading ``QVideoSink.videoFrame()`` takes only the sink's own short lock.

A Feed is a QObject of the GUI thread, so its last reference is always dropped there: a worker lets go of the feed,
frame and picture of a conversion while it holds the pump's lock, and a feed closed while a worker converts it
waits in the pump's list of closed feeds until the GUI thread's next ``add`` or ``remove`` (without it, a feed
closed mid-conversion was destroyed on the worker thread that held it last).
"""

from __future__ import annotations

import contextlib
import os
import threading
import time

from PySide6.QtCore import QObject, QSize, Qt, Signal
from PySide6.QtGui import QImage
from PySide6.QtMultimedia import QVideoFrame, QVideoFrameFormat, QVideoSink

POLL_S = 0.004  # how often an idle worker looks at the feeds (a 25 fps frame lasts 40 ms)

_F = QVideoFrameFormat.PixelFormat
# YUV layouts FFmpeg's scaler takes as they are: its name, and Qt's plane for each of its planes (YV12: V before U)
_YUV = {_F.Format_YUV420P: ("yuv420p", (0, 1, 2)), _F.Format_YV12: ("yuv420p", (0, 2, 1)),
        _F.Format_YUV422P: ("yuv422p", (0, 1, 2)), _F.Format_NV12: ("nv12", (0, 1)), _F.Format_NV21: ("nv21", (0, 1))}
_SPACE = {QVideoFrameFormat.ColorSpace.ColorSpace_BT709: "ITU709",
          QVideoFrameFormat.ColorSpace.ColorSpace_BT2020: "BT2020"}  # else BT.601, as Qt's toImage does
_av = np = None  # PyAV and numpy, imported by the first worker that needs them (not at the wall's start); False:
# PyAV not installed (Qt's conversion instead)


def picture(frame: QVideoFrame, size: QSize) -> QImage | None:
    """The frame as an RGB32 picture (the backing store's own format: drawn by a plain copy) of ``size``, its
    proportions kept (an empty size: the frame's own).

    A YUV frame (what H.264 decodes to) is converted and scaled in one pass by FFmpeg's scaler (PyAV, bilinear),
    which runs without Python's lock: measured per 720p frame to 1080p, 0.3 ms to copy the planes and 2-2.5 ms
    for the pass, where Qt's ``toImage`` (3.3 ms) then a smooth ``QImage.scaled`` (2.4-4.5 ms) both hold Python's
    lock all along (PySide6 keeps it through a C++ call), so the GUI thread waited on every worker's conversion.
    The picture wraps the scaler's own buffer (no copy; PySide6 keeps the buffer while any QImage shares it).
    Other formats, or without PyAV: Qt's conversion, as before."""
    global _av, np
    if _av is None:
        try:
            import av
            import numpy

            _av, np = av, numpy
        except ImportError:  # a stripped install still shows its cameras, at Qt's cost
            _av = False
    fmt = frame.surfaceFormat()
    layout = _YUV.get(fmt.pixelFormat()) if _av else None
    fw, fh = frame.width(), frame.height()
    if layout is None or frame.handleType() != QVideoFrame.HandleType.NoHandle or fw < 2 or fh < 2:
        return qt_picture(frame, size)
    out = QSize(fw, fh) if size.isEmpty() else QSize(fw, fh).scaled(size, Qt.AspectRatioMode.KeepAspectRatio)
    name, order = layout
    yuv = _av.VideoFrame(fw, fh, name)
    if not frame.map(QVideoFrame.MapMode.ReadOnly):
        return None
    try:
        for plane, k in zip(yuv.planes, order, strict=True):
            rows, width = plane.height, min(plane.line_size, frame.bytesPerLine(k))
            if name.startswith("nv") and plane is not yuv.planes[0]:
                width = min(width, 2 * plane.width)  # (U and V interleaved: two bytes a chroma sample)
            else:
                width = min(width, plane.width)
            src = np.frombuffer(frame.bits(k), np.uint8)
            line = frame.bytesPerLine(k)
            if src.size < line * (rows - 1) + width:
                return qt_picture(frame, size)  # (not the layout expected: Qt knows its own frames)
            dst = np.frombuffer(plane, np.uint8).reshape(rows, plane.line_size)
            dst[:, :width] = np.lib.stride_tricks.as_strided(src, (rows, width), (line, 1))
    finally:
        frame.unmap()
    space = _SPACE.get(fmt.colorSpace(), "ITU601")
    full = fmt.colorRange() == QVideoFrameFormat.ColorRange.ColorRange_Full
    try:
        rgb = yuv.reformat(out.width(), out.height(), "bgra", src_colorspace=space, interpolation="BILINEAR",
                           src_color_range="JPEG" if full else "MPEG", dst_color_range="JPEG", threads=1)
    except TypeError:  # a PyAV without these arguments: Qt's conversion from now on
        _av = False
        return qt_picture(frame, size)
    plane = rgb.planes[0]
    return QImage(plane, out.width(), out.height(), plane.line_size, QImage.Format.Format_RGB32)


def qt_picture(frame: QVideoFrame, size: QSize) -> QImage | None:
    """Qt's own conversion and a smooth scaling (both hold Python's lock): formats FFmpeg's scaler is not given."""
    image = frame.toImage()
    if image.isNull():
        return None
    if not size.isEmpty() and image.size() != size:
        image = image.scaled(size, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation)
    if image.format() != QImage.Format.Format_RGB32:
        image = image.convertToFormat(QImage.Format.Format_RGB32)
    return image


class Feed(QObject):
    """One camera's sink; ``ready`` (on the GUI thread) when a new picture can be taken with ``take()``."""

    ready = Signal()

    def __init__(self, sink: QVideoSink, min_gap: float = 0.0, clock=time.monotonic):
        super().__init__()
        self.sink: QVideoSink | None = sink
        self.min_gap = min_gap  # a cap on pictures a second (a grid cell): the newest frame once the gap is over
        self.clock = clock
        self.size = QSize()  # the picture's size on the device; empty: the frame's own
        self.closed = False
        self.busy = False  # a worker converts one of its frames
        self.next_at = 0.0
        self.last: QVideoFrame | None = None  # the last frame taken for conversion (to know a repeat)
        self.last_start = -1
        self._image: QImage | None = None  # the ready picture, not yet taken by the GUI thread
        self._signalled = False
        self.converted = 0  # pictures made ready
        self.repeats = 0  # frames seen again (same start time or same frame): not converted
        self.replaced = 0  # ready pictures replaced by a newer one before the GUI thread took them
        self.signals = 0  # ready signals sent (one at a time: never more than one queued)

    def set_size(self, w: int, h: int) -> None:
        with PUMP.lock:
            self.size = QSize(max(1, int(w)), max(1, int(h)))

    def take(self) -> QImage | None:
        """The ready picture (GUI thread); None when there is none."""
        with PUMP.lock:
            image, self._image, self._signalled = self._image, None, False
        return image

    def pending(self) -> int:
        with PUMP.lock:
            return int(self._image is not None)

    def close(self) -> None:
        """No more pictures; the sink is no longer touched by a worker once this returns."""
        PUMP.remove(self)


class _Pump:
    def __init__(self, workers: int | None = None):
        self.lock = threading.Lock()
        self._wake = threading.Condition(self.lock)
        self.feeds: list[Feed] = []
        self.workers = workers or max(1, min(4, os.cpu_count() or 1))
        self._threads: list[threading.Thread] = []
        self._turn = 0
        self.closed: list[Feed] = []  # closed while a worker converted them: let go by the GUI thread (_purge)

    def _purge(self) -> list[Feed]:
        """(under the lock, GUI thread) The closed feeds no worker holds any more, out of the list: the caller lets
        go of them after the lock (their QObjects destroyed on the GUI thread, which owns them)."""
        free = [f for f in self.closed if not f.busy]
        if free:
            self.closed = [f for f in self.closed if f.busy]
        return free

    def add(self, feed: Feed) -> None:
        with self.lock:
            free = self._purge()
            self.feeds.append(feed)
            while len(self._threads) < self.workers:
                t = threading.Thread(target=self._run, name=f"camera-frames-{len(self._threads)}", daemon=True)
                self._threads.append(t)
                t.start()
            self._wake.notify_all()
        del free  # (the closed feeds go here, on the GUI thread, after the lock)

    def remove(self, feed: Feed) -> None:
        with self.lock:
            free = self._purge()
            if feed.busy and not feed.closed:
                self.closed.append(feed)  # a worker converts it: kept until the worker is done with it
            feed.closed = True
            feed.sink = None
            feed.last = None
            feed._image = None
            with contextlib.suppress(ValueError):
                self.feeds.remove(feed)
            self._wake.notify_all()  # the last one gone: the workers end now
        del free

    def threads(self) -> int:
        with self.lock:
            return sum(t.is_alive() for t in self._threads)

    def _job(self):
        """(under the lock) The next feed with a new frame, round robin; None when there is none."""
        n = len(self.feeds)
        now = time.monotonic()
        for k in range(n):
            feed = self.feeds[(self._turn + k) % n]
            if feed.busy or feed.sink is None or feed._image is not None or (feed.min_gap and now < feed.next_at):
                continue  # (a picture not yet taken: the GUI thread is behind, converting more would be wasted)
            frame = feed.sink.videoFrame()
            if not frame.isValid():
                continue
            if feed.last is not None and frame == feed.last:
                continue  # the frame taken last time, still the sink's newest
            start = frame.startTime()
            if start >= 0 and start == feed.last_start:
                feed.repeats += 1  # another frame for the same picture's time: skipped
                feed.last = frame
                continue
            self._turn = (self._turn + k + 1) % n
            feed.last, feed.last_start, feed.busy = frame, start, True
            if feed.min_gap:
                feed.next_at = now + feed.min_gap
            return feed, frame, QSize(feed.size)
        return None

    def _run(self) -> None:
        me = threading.current_thread()
        while True:
            with self.lock:
                job = self._job()
                while job is None:
                    if not self.feeds:  # no camera shown: the thread ends (they start again with the next one)
                        self._threads.remove(me)
                        return
                    self._wake.wait(POLL_S)
                    job = self._job()
            feed, frame, size = job
            try:
                image = picture(frame, size)
            except Exception:  # noqa: BLE001 (a frame that cannot be converted is skipped, the next one tried)
                image = None
            with self.lock:
                feed.busy = False
                if not (feed.closed or image is None or image.isNull()):
                    if feed._image is not None:
                        feed.replaced += 1
                    feed._image = image
                    feed.converted += 1
                    if not feed._signalled:  # one queued signal at a time, whatever the GUI thread's load
                        feed._signalled = True
                        feed.signals += 1
                        feed.ready.emit()
                # let go under the lock: a feed closed meanwhile is then held only by the GUI thread's side (the
                # view, or the pump's closed list), never last by this thread
                job = feed = frame = image = None


PUMP = _Pump()
