"""A camera in a region (QtMultimedia, FFmpeg backend): the picture kept in proportion, the camera's name and the
time of the frame shown; a stream that stops is a "mất tín hiệu" card with the time of the last frame, never a
frozen picture that looks live; the camera is reopened with backoff (its other stream URLs tried in turn) and
the picture comes back on its own.

Frames arrive through a QVideoSink (a QVideoWidget's picture cannot be grabbed or drawn in the wall's scene); the
frame pump (wall.widgets.framepump) converts and scales the newest one to the region's size off the GUI thread, at
most one picture waiting per camera, repeats skipped; the GUI thread draws it at 1:1. A state change is logged
once, not every retry.
"""

from __future__ import annotations

import contextlib
import logging
import math
import os
import time
from datetime import datetime

import shiboken6
from PySide6.QtCore import QObject, QPoint, QRect, QRectF, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QColor, QImage, QPainter, QRegion
from PySide6.QtMultimedia import QMediaPlayer, QVideoFrame, QVideoSink
from PySide6.QtWidgets import QGraphicsRectItem, QGraphicsSimpleTextItem

from ioc_core import fmt
from ioc_core.catalogue.cameras import Camera, redact
from ioc_core.meeting.model import POINT_CAMERA_PREFIX
from ioc_core.views.names import short_camera_name
from wall.i18n import tr
from wall.runtime import render
from wall.widgets import style
from wall.widgets.base import ViewItem
from wall.widgets.framepump import PUMP, Feed
from wall.widgets.panels import balanced_lines

log = logging.getLogger(__name__)

# RTSP over TCP: camera networks often pass no UDP, and on a busy LAN UDP loses packets (seen: concealed frames)
os.environ.setdefault("QT_FFMPEG_RTSP_TRANSPORT", "tcp")

STALL_S = 5.0  # no new frame this long: the picture is no longer live
# Reopening a camera costs one connection attempt, so the wait stays short: a camera that comes back shows its
# picture again within a few seconds however long it was gone (benchmarks/bench_cameras.py measures it).
BACKOFF_S = (1.0, 2.0)
SLOW_BACKOFF_S = (10.0, 30.0, 60.0, 300.0)  # access denied, a codec that cannot be decoded
GPU_LOOK_MS = 15  # the gpu path looks for a new frame this often (a 25 fps frame lasts 40 ms)
GRID_FPS = 10.0  # pictures a second drawn per cell of a camera grid (a pinned camera: every frame)


def find_camera(context, camera_id: str):
    """A camera of the catalogue, or a meeting point's video feed (``diem-cau:<point id>``) of the loaded
    meeting; None when there is no such camera."""
    if camera_id.startswith(POINT_CAMERA_PREFIX):
        controller = context.controller
        run = controller.state.meeting if controller is not None else None
        point = run.meeting.point(camera_id[len(POINT_CAMERA_PREFIX):]) if run is not None else None
        if point is None or not point.feed:
            return None
        return Camera(camera_id, point.name, "", "meeting", (point.feed,))
    cameras = context.cameras
    return cameras.cameras.get(camera_id) if cameras is not None else None


class CameraView(ViewItem):
    # its whole region painted opaque whatever it shows (the picture with black bars beside it, or a card; on the
    # gpu path the video item and its black backdrop): the screen fills no background under it (ViewItem.covers)
    paints_background = True

    def __init__(self, region, view, context, clock=time.monotonic, snapshot_s: float | None = None,
                 fps: float | None = None, grid: bool = False):
        super().__init__(region, view, context)
        self.grid = grid  # a cell of a camera grid: the camera's sub-stream first, when it has one
        # at most this many pictures a second are made (each a YUV to RGB conversion and a scaling, off the GUI
        # thread); frames in between are dropped: the newest is converted once the gap is over
        fps = float(view.get("fps") or fps or 0)
        self._min_gap = 1 / fps if fps else 0.0
        self._feed: Feed | None = None
        self._device_size: tuple[int, int] | None = None  # the region's size on the screen, from the last paint
        self._drawn: QImage | None = None
        self.shown = 0  # pictures drawn (each new picture counted once, however often it is painted)
        self.camera = find_camera(context, str(view.get("camera", "")))
        self.clock = clock
        self.state = "connecting"  # connecting | live | no_signal | unknown_camera
        self.band: dict = {}  # what the last paint put on the name band (plan_band)
        self._band_key: tuple | None = None  # what self.band and its picture were made for
        self._band_image: QImage | None = None
        self.why = ""
        self.last_frame_at: float | None = None  # monotonic
        self.last_frame_wall: datetime | None = None  # local time of the last frame, for the card
        self.frames = 0
        self._frame: QVideoFrame | None = None
        self._image: QImage | None = None
        self._attempt = 0
        self._url_index = 0
        self._opened_at = 0.0
        self._player: QMediaPlayer | None = None
        self._sink: QVideoSink | None = None
        self._poller: _SnapshotPoller | None = None  # the snapshot URL's, in low-cost mode
        self._hears_fallback = False  # _to_cpu connected to render.changes.fell_back
        self._video = None  # the gpu render path's QGraphicsVideoItem (wall/widgets/gpuvideo.py), when it plays
        # the gpu path: the sink's newest frame handed to the video item, at most one a look (never queued)
        self._gpu_timer = QTimer(self, interval=max(GPU_LOOK_MS, int(self._min_gap * 1000)))
        self._gpu_timer.timeout.connect(self._gpu_look)
        self._retry = QTimer(self, singleShot=True)
        self._retry.timeout.connect(self._open)
        self._watch = QTimer(self, interval=1000)
        self._watch.timeout.connect(self._check)
        self.quiet = False  # taken off the wall (quiesce): never opened again, nothing more made for it
        if self.camera is None:
            self.state = "unknown_camera"
            return
        # low-cost mode: the snapshot URL polled off the GUI thread instead of a decoder running all the time
        self.snapshot_s = snapshot_s if snapshot_s and self.camera.snapshot else None
        self._stall_s = max(STALL_S, 2.5 * self.snapshot_s) if self.snapshot_s else STALL_S
        if self.snapshot_s:
            self._poller = _SnapshotPoller(self.camera, self)
            self._poller.got.connect(self._on_snapshot)
            self._poll_timer = QTimer(self, interval=int(self.snapshot_s * 1000))
            self._poll_timer.timeout.connect(self._poller.fetch)
            self._poll_timer.start()
            self._opened_at = self.clock()
            self._poller.fetch()
        else:
            self._open()
        self._watch.start()

    # -- the stream ----------------------------------------------------------------------------------------
    def _open(self) -> None:
        if self.quiet:
            return
        self._close_player()
        urls = self.camera.open_urls(grid=self.grid)
        url = urls[self._url_index % len(urls)]
        self._player = QMediaPlayer(self)
        self._sink = QVideoSink(self)
        self._player.setVideoSink(self._sink)
        if render.gpu() and self._play_on_gpu():
            self._gpu_timer.start()
        else:
            self._feed = Feed(self._sink, self._min_gap, self.clock)
            if self._device_size:
                self._feed.set_size(*self._device_size)
            self._feed.ready.connect(self._on_ready)
            PUMP.add(self._feed)
        self._player.errorOccurred.connect(self._on_error)
        self._opened_at = self.clock()
        self._player.setSource(QUrl(url))
        self._player.play()
        log.debug("camera %s: opening %s", self.camera.id, redact(url))

    def _close_feed(self) -> None:
        if self._feed is not None:
            self._feed.ready.disconnect(self._on_ready)
            self._feed.close()  # before the sink goes: no worker reads it after this
            self._feed = None

    def _close_player(self) -> None:
        if self._player is not None:
            self._gpu_timer.stop()
            self._close_feed()
            self._player.errorOccurred.disconnect(self._on_error)
            self._player.stop()
            self._player.setSource(QUrl())
            self._player.deleteLater()
            self._sink.deleteLater()
            self._player = self._sink = None

    # -- the gpu render path (wall/runtime/render.py) ----------------------------------------------------------
    def _play_on_gpu(self) -> bool:
        """The player's frames go to a QGraphicsVideoItem under this view's paint; False when it cannot be made."""
        if self._video is None:
            try:
                from wall.widgets.gpuvideo import GpuVideoItem

                self._video = GpuVideoItem(self, self._on_gpu_painted, self._on_gpu_failure)
            except Exception as exc:  # noqa: BLE001 (no QtMultimediaWidgets, say: the cpu path instead)
                render.fail(f"no video item ({exc})")
                return False
            self._backdrop = QGraphicsRectItem(self.rect(), self)  # black bars beside a picture of another shape
            self._backdrop.setBrush(QColor("#000000"))
            self._backdrop.setPen(Qt.PenStyle.NoPen)
            self._backdrop.setFlag(self._backdrop.GraphicsItemFlag.ItemStacksBehindParent, True)
            self._backdrop.setZValue(-2)
            self._video.setZValue(-1)
            self._video.place(self.rect())
            render.changes.fell_back.connect(self._to_cpu)
            self._hears_fallback = True
        return True

    def _stop_hearing_fallback(self) -> None:
        if self._hears_fallback:
            self._hears_fallback = False
            with contextlib.suppress(RuntimeError, TypeError):
                render.changes.fell_back.disconnect(self._to_cpu)

    def _gpu_look(self) -> None:
        """(GUI thread, on a timer) The sink's newest frame to the video item when it is a new one."""
        if self._sink is not None and self._video is not None and self._video.offer(self._sink.videoFrame()):
            self._on_gpu_frame()

    def _on_gpu_painted(self) -> None:
        self.shown += 1

    def _on_gpu_frame(self) -> None:
        """A new frame reached the video item (GUI thread): timed, live."""
        was, stamp = self.state, fmt.clock(self.last_frame_wall) if self.last_frame_wall else ""
        self._got_picture(None, None)
        self._attempt = 0
        if was != "live" or fmt.clock(self.last_frame_wall) != stamp:
            self.update()  # the card gives way to the picture; the band's time moves on

    def _on_gpu_failure(self, why: str) -> None:
        why = f"camera {self.camera.id}: {why}"
        QTimer.singleShot(0, lambda: render.fail(why))  # after the item's paint: the fall-back deletes the item

    def _to_cpu(self, _why: str = "") -> None:
        """The gpu path failed somewhere: this camera plays through the frame pump from now on."""
        if self._video is None:
            return
        self._stop_hearing_fallback()
        playing = self._player is not None
        self._close_player()
        for item in (self._video, self._backdrop):
            item.setParentItem(None)
            if item.scene() is not None:
                item.scene().removeItem(item)
            shiboken6.delete(item)
        self._video = self._backdrop = None
        if playing:
            self._open()
        self.update()

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        if self._video is not None:
            self._video.place(self.rect())
            self._backdrop.setRect(self.rect())

    def _on_ready(self) -> None:
        """A new picture from the frame pump, converted and scaled already (GUI thread)."""
        image = self._feed.take() if self._feed is not None else None
        if image is None:
            return
        self._got_picture(None, image)
        self._attempt = 0
        self.update()

    def _on_snapshot(self, data: bytes, error: str) -> None:
        if self.quiet:
            return  # (a poll answered after the view was taken off)
        image = QImage.fromData(data) if data else QImage()
        if image.isNull():
            if self.state == "live" and self.clock() - (self.last_frame_at or 0) <= self._stall_s:
                return  # one missed poll is not a lost camera; the stall check decides
            self._set_state("no_signal", error or tr("ảnh không đọc được"))
            self._frame = self._image = None
            self.update()
            return
        self._got_picture(None, image)
        self.update()

    def _got_picture(self, frame: QVideoFrame | None, image: QImage | None) -> None:
        """A new picture, a stream's frame or a polled snapshot: kept (only the newest), counted, timed, live."""
        self._frame, self._image = frame, image
        self.frames += 1
        self.last_frame_at = self.clock()
        self.last_frame_wall = fmt.now()
        self._set_state("live")

    def _on_error(self, error, message: str) -> None:
        cause = {QMediaPlayer.Error.FormatError: tr("định dạng hoặc codec không giải mã được"),
                 QMediaPlayer.Error.NetworkError: tr("lỗi mạng"),
                 QMediaPlayer.Error.AccessDeniedError: tr("bị từ chối truy cập (tên đăng nhập hoặc mật khẩu)"),
                 QMediaPlayer.Error.ResourceError: tr("không mở được luồng hình")}.get(error, "")
        # a wrong password or an undecodable stream will not mend itself in 2 s: asked again slowly (a camera or
        # recorder locks an account after repeated failed logins)
        slow = error in (QMediaPlayer.Error.AccessDeniedError, QMediaPlayer.Error.FormatError)
        self._lost(f"{cause} ({message})" if cause and message else cause or message or str(error), slow)

    def _check(self) -> None:
        """Once a second: a live camera whose frames stopped, or one that never started, is retried."""
        now = self.clock()
        if self.snapshot_s:  # polling: no player to reopen, the poll timer goes on; only say when it is stale
            if self.state == "live" and now - (self.last_frame_at or 0) > self._stall_s:
                self._set_state("no_signal", tr("không có hình mới trong %1 giây").replace(
                    "%1", str(int(self._stall_s))))
                self._image = None
                self.update()
            return
        if self.state == "live" and now - (self.last_frame_at or 0) > STALL_S:
            self._lost(tr("không có hình mới trong %1 giây").replace("%1", str(int(STALL_S))))
        elif self.state in ("connecting", "no_signal") and not self._retry.isActive() and \
                now - self._opened_at > STALL_S * 2:
            self._lost(tr("không kết nối được"))
        if self.state != "live":
            self.update()  # the card's "for N minutes" moves on

    def _lost(self, why: str, slow: bool = False) -> None:
        if self._retry.isActive() or self.quiet:
            return
        self._close_player()
        self._frame = self._image = None
        self._set_state("no_signal", why)
        steps = SLOW_BACKOFF_S if slow else BACKOFF_S
        delay = steps[min(self._attempt, len(steps) - 1)]
        self._attempt += 1
        self._url_index += 1  # the next stream URL, when the camera has more than one
        self._retry.start(int(delay * 1000))
        self.update()

    def _set_state(self, state: str, why: str = "") -> None:
        self.why = why if state == "no_signal" else ""  # the cause, for the card
        if state != self.state:
            level = logging.INFO if state == "live" else logging.WARNING
            log.log(level, "camera %s in region %s: %s%s", self.camera.id, self.region.id, state,
                    f" ({why})" if why else "")
            self.state = state

    def quiesce(self) -> None:
        """Taken off the wall (GUI thread, at the switch): no more pictures made, no reconnect, no decoding. The
        timers stop, the feed closes (no worker converts for it), the gpu hand-off and the render fall-back let
        go, the player stops (0.2-14 ms measured on a 720p RTSP camera; it then decodes nothing). The RTSP
        connection itself stays open until ``dispose`` (``setSource(QUrl())``: 24-300 ms measured, too long for
        the moment of a switch)."""
        self.quiet = True
        self._watch.stop()
        self._retry.stop()
        self._gpu_timer.stop()
        if self._poller is not None:
            self._poll_timer.stop()
            self._poller.close()
        self._close_feed()
        self._stop_hearing_fallback()
        if self._player is not None:
            self._player.stop()

    def dispose(self) -> None:
        self.quiesce()
        self._close_player()

    def health(self) -> dict:
        out = super().health()
        if self.camera is not None:
            out["pictures"] = self.shown  # new pictures drawn so far (benchmarks/bench_cameras.py: a rate)
            out["render"] = "gpu" if self._video is not None else "cpu"  # a QGraphicsVideoItem, or the frame pump
            if self._feed is not None:  # the current stream's frames: made ready, and skipped as repeats
                out["frames"] = {"made": self._feed.converted, "repeats": self._feed.repeats}
        return out

    # -- painting ------------------------------------------------------------------------------------------
    def image(self) -> QImage | None:
        """The newest frame as an image (converted once per frame, when drawn)."""
        if self._image is None and self._frame is not None:  # (a snapshot arrives as an image already)
            self._image = self._frame.toImage()
        return self._image

    def room_changed(self) -> None:
        self._band_key = None  # the band planned and drawn again at the room's new text size
        super().room_changed()

    def draw(self, painter: QPainter) -> None:
        r = self.rect()
        on_gpu = self._video is not None and self.state == "live"  # the video item draws the picture, under this
        img = self.image() if self.state == "live" and not on_gpu else None
        t = painter.deviceTransform()
        sx, sy = abs(t.m11()) or 1.0, abs(t.m22()) or 1.0
        device = (max(1, round(r.width() * sx)), max(1, round(r.height() * sy)))
        copy = (img is not None and not img.isNull() and t.type().value <= t.TransformationType.TxScale.value
                and abs(min(device[0] / img.width(), device[1] / img.height()) - 1) < 0.01)
        if not copy and not on_gpu:  # (a picture made at the screen's size fills the region: black only beside it)
            painter.fillRect(r, QColor("#000000"))
        name = (self.camera.name_en if style.LANGUAGE == "en" and self.camera and self.camera.name_en
                else self.camera.name_vi if self.camera else str(self.view.get("camera")))
        when = ""
        if self.state == "live" and self.last_frame_wall is not None:
            word = tr("ảnh chụp") if self.snapshot_s else tr("trực tiếp")  # a still every few seconds is not live
            when = ("◷ " if self.snapshot_s else "● ") + word + " " + fmt.clock(self.last_frame_wall)
        key = (name, when, r.width(), r.height(), sx, sy, style.MIN_TEXT_PX, style.LANGUAGE)
        if key != self._band_key:  # planned and drawn when it changes (once a second), not every picture
            self._band_key, self.band = key, plan_band(name, when, r.width(), r.height())
            self._band_image = self._band_picture(self.band, r, sx, sy)
        band = self.band
        if device != self._device_size:  # the next pictures are made at this size
            self._device_size = device
            if self._feed is not None:
                self._feed.set_size(*device)
        if img is not None and not img.isNull():
            if img is not self._drawn:
                self._drawn = img
                self.shown += 1
            if copy:
                # made at the screen's size and format: a plain copy, no scaling or conversion on the GUI thread;
                # black only on the strips the picture leaves (a picture a pixel short, kept in proportion)
                c, area = t.map(r.center()), t.mapRect(r).toAlignedRect()
                at = QPoint(round(c.x() - img.width() / 2), round(c.y() - img.height() / 2))
                painter.save()
                painter.resetTransform()
                for strip in QRegion(area).subtracted(QRegion(QRect(at, img.size()))):
                    painter.fillRect(strip, QColor("#000000"))
                painter.drawImage(at, img)
                painter.restore()
            else:  # a snapshot, or the first picture after a resize
                scale = min(r.width() / img.width(), r.height() / img.height())
                w, h = img.width() * scale, img.height() * scale
                painter.drawImage(QRectF(r.center().x() - w / 2, r.center().y() - h / 2, w, h), img)
        elif not on_gpu:
            self._draw_card(painter, r.adjusted(0, 0, 0, -band["height"]))
        if not band["lines"] and not band["when"]:
            return
        area = QRectF(r.left(), r.bottom() - band["height"], r.width(), band["height"])
        if (painter.paintEngine().type() != painter.paintEngine().Type.Raster or self._band_image is None
                or t.type().value > t.TransformationType.TxScale.value):
            _paint_band(painter, band, area)  # (a recording or vector device, a turned screen: the text as text)
            return
        # on a screen: the band's own translucent picture, made when it changes (once a second), copied over
        at = t.map(area.topLeft())
        painter.save()
        painter.resetTransform()
        painter.drawImage(QPoint(round(at.x()), round(at.y())), self._band_image)
        painter.restore()

    @staticmethod
    def _band_picture(band: dict, r: QRectF, sx: float, sy: float) -> QImage | None:
        """The name band at the device's size (what _paint_band draws); None when the band says nothing."""
        if not band["lines"] and not band["when"]:
            return None
        image = QImage(max(1, round(r.width() * sx)), max(1, round(band["height"] * sy)),
                       QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        painter.scale(sx, sy)
        _paint_band(painter, band, QRectF(0, 0, r.width(), band["height"]))
        painter.end()
        return image

    def _draw_card(self, painter: QPainter, r: QRectF) -> None:
        """The state of a camera without a picture, above its name band: the headline whole, then as many whole
        parts of the detail (the cause, the last picture's time, the retry) as fit; never cut."""
        if self.state == "unknown_camera":
            head, parts, colour = tr("Không có camera này"), [tr("Mã camera: %1").replace(
                "%1", str(self.view.get("camera")))], style.CRITICAL
        elif self.state == "no_signal":
            head, colour = "◆ " + tr("Mất tín hiệu"), style.CRITICAL
            if self.last_frame_wall is not None:
                parts = [tr("Hình cuối lúc %1").replace(
                    "%1", f"{fmt.clock(self.last_frame_wall)} {fmt.date(self.last_frame_wall)}")]
            else:
                parts = [tr("Chưa nhận được hình nào")]
            parts.append(tr("đang thử kết nối lại"))
            if self.why:
                parts.insert(0, self.why[:160])
        else:
            head, parts, colour = tr("Đang kết nối…"), [], style.TEXT_DIM
        painter.fillRect(r, style.PANEL)
        px = max(style.MIN_TEXT_PX, min(r.height() * 0.08, 72.0))
        bold = style.metrics(style.font(px, bold=True))
        small = style.metrics(style.font(style.MIN_TEXT_PX))
        width = r.width() - 2 * style.MIN_TEXT_PX * 0.5
        head_lines = balanced_lines(bold, head, width, 2)
        if head_lines is None or len(head_lines) * bold.height() > r.height():
            return
        detail: list[str] = []
        for n in range(len(parts), 0, -1):  # the last parts (the retry, then the time) are left out first
            lines = balanced_lines(small, " · ".join(parts[:n]), width)
            if lines is not None and (len(head_lines) * bold.height() + len(lines) * small.height()
                                      <= r.height() * 0.92):
                detail = lines
                break
        total = len(head_lines) * bold.height() + len(detail) * small.height()
        y = r.top() + (r.height() - total) / 2
        painter.setPen(colour)
        painter.setFont(style.font(px, bold=True))
        for line in head_lines:
            painter.drawText(QRectF(r.left(), y, r.width(), bold.height()), Qt.AlignmentFlag.AlignCenter, line)
            y += bold.height()
        painter.setPen(style.TEXT_DIM)
        painter.setFont(style.font(style.MIN_TEXT_PX))
        for line in detail:
            painter.drawText(QRectF(r.left(), y, r.width(), small.height()), Qt.AlignmentFlag.AlignCenter, line)
            y += small.height()


def _paint_band(painter: QPainter, band: dict, area: QRectF) -> None:
    """The name and the time of the picture (plan_band) on a band that stays readable over any picture."""
    font = style.font(style.MIN_TEXT_PX)
    line_h = style.metrics(font).height()
    painter.fillRect(area, QColor(0, 0, 0, 170))
    painter.setFont(font)
    painter.setPen(style.TEXT)
    pad = band["pad"]
    top = area.top() + (area.height() - max(1, len(band["lines"])) * line_h) / 2
    for k, line in enumerate(band["lines"]):
        painter.drawText(QRectF(area.left() + pad, top + k * line_h, area.width() - 2 * pad, line_h),
                         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, line)
    if band["when"]:
        last = top + (max(1, len(band["lines"])) - 1) * line_h
        painter.drawText(QRectF(area.left() + pad, last, area.width() - 2 * pad, line_h),
                         Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, band["when"])


def plan_band(name: str, when: str, width: float, height: float) -> dict:
    """What a camera's name band says, whole, at the smallest legible size: the name and the picture's time on
    one line; else the name without its "Camera " prefix (ioc_core.views.names), the time without its word, the
    name on two lines, the time left out; a name that fits none of these is left out (never cut)."""
    fm = style.metrics(style.font(style.MIN_TEXT_PX))
    pad = fm.height() * 0.25
    room = width - 2 * pad
    gap = fm.height() * 0.4
    short = short_camera_name(name)
    brief = when.rsplit(" ", 1)[0].split(" ")[0] + " " + when.rsplit(" ", 1)[-1] if when else ""
    tries = [(name, 1, when), (short, 1, when), (short, 1, brief), (short, 2, brief), (short, 1, ""),
             (short, 2, "")]
    max_lines = 2 if height >= fm.height() * 5 else 1  # a band never takes more than about a third of a cell
    for text, lines_allowed, stamp in tries:
        if lines_allowed > max_lines:
            continue
        lines = balanced_lines(fm, text, room - (fm.horizontalAdvance(stamp) + gap if stamp and lines_allowed == 1
                                                  else 0), lines_allowed)
        if lines is None:
            continue
        if stamp and len(lines) > 1 and fm.horizontalAdvance(lines[-1]) + gap + fm.horizontalAdvance(stamp) > room:
            continue
        if len(lines) * fm.height() * 1.2 > height:
            continue
        return {"lines": lines, "when": stamp, "height": len(lines) * fm.height() + pad * 2, "pad": pad}
    stamp = when if when and fm.horizontalAdvance(when) <= room else ""
    return {"lines": [], "when": stamp, "height": fm.height() + pad * 2 if stamp else 0.0, "pad": pad}


class CameraGridView(ViewItem):
    """A camera group in a grid (``rows`` x ``cols``); a group larger than the grid turns a page every ``dwell_s``.
    Each cell is a camera view of its own: one camera that fails shows its card, the others go on."""

    def __init__(self, region, view, context):
        super().__init__(region, view, context)
        cameras = context.cameras
        self.group = cameras.groups.get(view.get("group")) if cameras is not None else None
        self.members = cameras.of_group(view.get("group")) if cameras is not None else []
        self.rows, self.cols = int(view.get("rows", 2)), int(view.get("cols", 2))
        # one camera of the group pinned over the whole region: a 1 x 1 grid of it, no paging
        self.pinned = next((c for c in self.members if c.id == view.get("pin")), None)
        if self.pinned is not None:
            self.members, self.rows, self.cols = [self.pinned], 1, 1
        self.page = 0
        self.tiles: list[CameraView] = []
        self._badge_back = QGraphicsRectItem(self)  # the page of the group, above the cameras (children)
        self._badge_back.setBrush(QColor(0, 0, 0, 170))
        self._badge_back.setPen(Qt.PenStyle.NoPen)
        self._badge_back.setZValue(10)
        self._badge = QGraphicsSimpleTextItem(self)
        self._badge.setBrush(style.TEXT)
        self._badge.setFont(style.font(style.MIN_TEXT_PX))
        self._badge.setZValue(11)
        self._pager = QTimer(self, interval=int(float(view.get("dwell_s", 20)) * 1000))
        self._pager.timeout.connect(self.next_page)
        self._show_page()
        if self.pages > 1:
            self._pager.start()

    @property
    def per_page(self) -> int:
        return self.rows * self.cols

    @property
    def pages(self) -> int:
        return max(1, -(-len(self.members) // self.per_page))

    def next_page(self) -> None:
        self.page = (self.page + 1) % self.pages
        self._show_page()

    def _show_page(self) -> None:
        for tile in self.tiles:
            tile.dispose()
            # deleted now, on the GUI thread. Unparented and left to deleteLater, a tile is Python's until the
            # event loop gets to it, and Python's cycle collector may free it first from another thread; its
            # timers then fire into freed memory (seen as a crash in a later test).
            shiboken6.delete(tile)
        shown = self.members[self.page * self.per_page:(self.page + 1) * self.per_page]
        snapshot_s = float(self.view.get("snapshot_s", 5)) if self.view.get("mode") == "snapshot" else None
        fps = self.view.get("fps") or (None if self.pinned is not None else GRID_FPS)
        self.tiles = [CameraView(self.region, {"kind": "camera", "camera": cam.id}, self.context,
                                 snapshot_s=snapshot_s, fps=fps, grid=self.pinned is None) for cam in shown]
        for tile in self.tiles:
            tile.setParentItem(self)
        self._layout()
        self.update()

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        self._layout()

    def cell(self, i: int) -> QRectF:
        r = self.rect()
        gap = max(4.0, r.width() * 0.004)
        w, h = (r.width() - gap * (self.cols - 1)) / self.cols, (r.height() - gap * (self.rows - 1)) / self.rows
        return QRectF(r.left() + (i % self.cols) * (w + gap), r.top() + (i // self.cols) * (h + gap), w, h)

    def room_changed(self) -> None:
        for tile in self.tiles:
            tile.room_changed()
        self._layout()
        super().room_changed()

    def _layout(self) -> None:
        for i, tile in enumerate(self.tiles):
            tile.setGeometry(self.cell(i))
        texts: list[str] = []  # the badge's wordings, the fullest first: the first that fits whole is shown
        group = self.group.name_vi if self.group else ""
        page = tr("trang %1/%2").replace("%1", str(self.page + 1)).replace("%2", str(self.pages))
        if self.pinned is not None:
            texts = [tr("Đã ghim · %1").replace("%1", group), tr("Đã ghim")]
        elif self.view.get("pin"):
            texts = [tr("Camera ghim “%1” không thuộc nhóm này").replace("%1", str(self.view.get("pin"))),
                     tr("Camera ghim không thuộc nhóm")]
        elif self.pages > 1:
            texts = [tr("%1 · trang %2/%3").replace("%1", group).replace(
                "%2", str(self.page + 1)).replace("%3", str(self.pages)), page]
        font = style.font(style.MIN_TEXT_PX)
        self._badge.setFont(font)
        room = self.rect().width() - 40.0
        text = next((t for t in texts if style.metrics(font).horizontalAdvance(t) <= room), "")
        self._badge.setText(text)
        box = self._badge.boundingRect()
        pad = 10.0
        right = self.rect().right()
        self._badge.setPos(right - box.width() - pad, pad / 2)
        self._badge_back.setRect(QRectF(right - box.width() - 2 * pad, 0, box.width() + 2 * pad, box.height() + pad))
        self._badge_back.setVisible(bool(text))

    def covers(self) -> QRectF:
        """As a camera's: the grid paints all of its rectangle (black between and under the cells)."""
        return self.mapRectToScene(self.rect())

    def draw(self, painter: QPainter) -> None:
        r = self.rect()
        # black between the cells; a cell paints its own rectangle whole (a new picture: no fill under it first)
        area = QRegion(self.exposed.toAlignedRect())
        for tile in self.tiles:
            g = tile.geometry()
            area = area.subtracted(QRegion(QRect(math.ceil(g.left()), math.ceil(g.top()),
                                                 math.floor(g.right()) - math.ceil(g.left()),
                                                 math.floor(g.bottom()) - math.ceil(g.top()))))
        for strip in area:
            painter.fillRect(strip, QColor("#000000"))
        if not self.members:
            painter.fillRect(r, style.PANEL)
            painter.setPen(style.TEXT_DIM)
            painter.setFont(style.font(max(style.MIN_TEXT_PX, r.height() * 0.05)))
            painter.drawText(r, Qt.AlignmentFlag.AlignCenter,
                             tr("Nhóm camera “%1” không có camera nào").replace("%1", str(self.view.get("group"))))

    def quiesce(self) -> None:
        self._pager.stop()
        for tile in self.tiles:
            tile.quiesce()

    def dispose(self) -> None:
        self._pager.stop()
        for tile in self.tiles:
            tile.dispose()


class _SnapshotPoller(QObject):
    """Fetches a camera's snapshot URL on a worker thread (one request at a time); ``got`` (bytes, error) on the
    GUI thread. The URL carries the credentials only inside the request; errors are reported without it."""

    got = Signal(bytes, str)
    _pool = None

    def __init__(self, camera, parent=None):
        super().__init__(parent)
        self.camera = camera
        self._busy = False
        self._closed = False
        if _SnapshotPoller._pool is None:
            from concurrent.futures import ThreadPoolExecutor

            _SnapshotPoller._pool = ThreadPoolExecutor(max_workers=4, thread_name_prefix="snapshot")

    def fetch(self) -> None:
        if self._busy or self._closed:
            return
        self._busy = True
        self._pool.submit(self._run)

    def _run(self) -> None:
        import requests

        cam = self.camera
        auth = None
        if cam.username:
            auth = (cam.username, os.environ.get(cam.password_env, "") if cam.password_env else "")
        try:
            r = requests.get(cam.snapshot, auth=auth, timeout=(3, 5))
            data, error = (r.content, "") if r.status_code == 200 else (b"", f"HTTP {r.status_code}")
        except requests.RequestException as exc:
            data, error = b"", type(exc).__name__
        self._busy = False
        if not self._closed:
            with contextlib.suppress(RuntimeError):  # the view went away while the request was out
                self.got.emit(data, error)

    def close(self) -> None:
        self._closed = True
