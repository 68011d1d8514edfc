"""Camera frames on the CPU path (wall.widgets.framepump): a real RTSP camera shown at the stream's own rate, each
new picture drawn once, repeats skipped, at most one picture waiting for the GUI thread, memory that stays flat
when the GUI thread is held busy; and the same rules on a QVideoSink fed frame by frame."""

from __future__ import annotations

import os
import socket
import time
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import QRectF, QSize
from PySide6.QtGui import QColor, QImage
from PySide6.QtMultimedia import QVideoFrame, QVideoSink
from PySide6.QtWidgets import QGraphicsRectItem, QGraphicsScene, QGraphicsView

from ioc_core.layouts.model import Region
from wall.widgets import framepump
from wall.widgets.base import ViewContext
from wall.widgets.framepump import PUMP, Feed
from wall.widgets.registry import create_view

from ..pictures import near, renderer
from .test_camera_view import catalogue, start_rtsp

render = renderer("camera-frames")


def clip(path: Path, w: int, h: int, seconds: int, colour=(32, 80, 208)) -> Path:
    """H.264 at 25 fps, one colour with a block moving across (every frame a new picture)."""
    import av
    import numpy as np

    with av.open(str(path), "w") as out:
        stream = out.add_stream("libx264", rate=25, options={"preset": "ultrafast", "g": "25", "bf": "0"})
        stream.width, stream.height, stream.pix_fmt = w, h, "yuv420p"
        for n in range(seconds * 25):
            picture = np.empty((h, w, 3), dtype=np.uint8)
            picture[:, :] = colour
            x = (n * 8) % (w - 40)
            picture[:40, x:x + 40] = 255
            for packet in stream.encode(av.VideoFrame.from_ndarray(picture, format="rgb24")):
                out.mux(packet)
        for packet in stream.encode():
            out.mux(packet)
    return path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_mb() -> float:
    return int(Path("/proc/self/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


@pytest.fixture
def shown_camera(qapp, qtbot, tmp_path):
    """``open(w, h)``: a camera view on a real RTSP stream of a w x h 25 fps clip, in a 1920x1080 view that paints
    (offscreen); yields (view, the RTSP server)."""
    made = []

    def open_(w: int, h: int):
        port = free_port()
        server = start_rtsp(clip(tmp_path / f"c{w}.mp4", w, h, 30), port)
        scene = QGraphicsScene(0, 0, 1920, 1080)
        view = create_view(Region("cam", 0, 0), {"kind": "camera", "camera": "cam-thu"},
                           ViewContext(cameras=catalogue(f"rtsp://127.0.0.1:{port}/cam")))
        view.setGeometry(QRectF(0, 0, 1920, 1080))
        scene.addItem(view)
        screen = QGraphicsView(scene)
        screen.setFrameShape(QGraphicsView.Shape.NoFrame)
        screen.setHorizontalScrollBarPolicy(screen.horizontalScrollBarPolicy().ScrollBarAlwaysOff)
        screen.setVerticalScrollBarPolicy(screen.verticalScrollBarPolicy().ScrollBarAlwaysOff)
        screen.resize(1920, 1080)
        screen.show()
        made.append((server, view, screen, scene))
        qtbot.waitUntil(lambda: view.state == "live" and view.shown >= 3, timeout=20000)
        return view

    yield open_
    for server, view, screen, scene in made:
        view.dispose()
        screen.close()
        shiboken6.delete(screen)
        shiboken6.delete(scene)
        qapp.processEvents()
        server.kill()
        server.wait(5)


def test_a_camera_is_shown_at_its_streams_rate_each_picture_once_repeats_skipped(shown_camera, qtbot):
    view = shown_camera(640, 360)
    feed = view._feed
    shown0, made0, t0 = view.shown, feed.converted, time.monotonic()
    qtbot.wait(3000)
    seconds = time.monotonic() - t0
    rate = (view.shown - shown0) / seconds
    assert rate >= 18, f"{rate:.1f} pictures a second shown for a 25 fps stream"
    assert view.shown - shown0 <= feed.converted - made0 + 1  # each new picture drawn once; repeats are not new
    assert feed.converted - made0 <= 26 * seconds + 2  # never more pictures made than the stream has frames
    assert feed.pending() <= 1
    # made at the screen's size: the GUI thread copies it, no scaling
    assert (view.image().width(), view.image().height()) == (1920, 1080)
    img = render(view, "rtsp-25fps")
    assert near(img.pixelColor(960, 700), "#2050d0", 45)


def test_a_gui_thread_held_busy_does_not_pile_up_frames(shown_camera, qtbot):
    view = shown_camera(1280, 720)
    feed = view._feed
    qtbot.wait(1000)
    before, made, signals = rss_mb(), feed.converted, feed.signals
    time.sleep(2.0)  # the GUI thread held busy for 2 s: 50 frames of 720p arrive meanwhile
    # one picture waits, one signal is queued; the frames after it are dropped, not converted for nothing
    assert feed.pending() <= 1 and feed.signals - signals <= 1
    assert feed.converted - made <= 1
    grown = rss_mb() - before
    assert grown < 40, f"memory grew {grown:.0f} MB while the GUI thread was busy"
    shown = view.shown
    qtbot.waitUntil(lambda: view.shown >= shown + 10, timeout=5000)  # and the picture goes on at once


def test_a_capped_feed_makes_its_newest_frame_when_the_gap_is_over(qapp, qtbot):
    """A grid cell's cap (pictures a second): a frame that arrives too soon is not dropped for good, the newest
    one is made when the gap is over; a frame with the same start time as the last is a repeat, not made."""
    sink = QVideoSink()
    feed = Feed(sink, min_gap=0.3)
    got = []
    feed.ready.connect(lambda: got.append(feed.take()))
    PUMP.add(feed)
    try:
        def frame(colour: str, start: int) -> QVideoFrame:
            img = QImage(64, 36, QImage.Format.Format_RGB32)
            img.fill(QColor(colour))
            f = QVideoFrame(img)
            f.setStartTime(start)
            return f

        feed.set_size(128, 72)
        sink.setVideoFrame(frame("#d02020", 0))
        qtbot.waitUntil(lambda: len(got) == 1, timeout=2000)
        assert got[0].size().width() == 128 and near(got[0].pixelColor(60, 30), "#d02020")
        t0 = time.monotonic()
        sink.setVideoFrame(frame("#20a040", 40_000))  # within the gap: not yet ...
        sink.setVideoFrame(frame("#2050d0", 80_000))  # ... and replaced by a newer one
        qtbot.waitUntil(lambda: len(got) == 2, timeout=2000)
        assert time.monotonic() - t0 >= 0.2 and near(got[1].pixelColor(60, 30), "#2050d0")
        sink.setVideoFrame(frame("#ffffff", 80_000))  # the same picture's time again: a repeat
        qtbot.waitUntil(lambda: feed.repeats == 1, timeout=2000)
        qtbot.wait(500)
        assert len(got) == 2 and feed.converted == 2
    finally:
        feed.close()
        shiboken6.delete(sink)


def test_the_workers_end_when_no_camera_is_shown(qapp, qtbot, monkeypatch):
    pump = framepump._Pump(workers=2)
    sink = QVideoSink()
    feed = Feed(sink)
    pump.add(feed)
    assert pump.threads() == 2
    pump.remove(feed)
    qtbot.waitUntil(lambda: pump.threads() == 0, timeout=5000)
    shiboken6.delete(sink)


def decoded_frames(path: Path, n: int, qtbot) -> list[QVideoFrame]:
    """The first ``n`` frames Qt's FFmpeg backend decodes from ``path`` (YUV, as a camera's H.264 gives them)."""
    from PySide6.QtCore import QUrl
    from PySide6.QtMultimedia import QMediaPlayer

    sink, player, got = QVideoSink(), QMediaPlayer(), []
    player.setVideoSink(sink)
    sink.videoFrameChanged.connect(lambda f: got.append(QVideoFrame(f)) if f.isValid() else None)
    player.setSource(QUrl.fromLocalFile(str(path)))
    player.play()
    try:
        qtbot.waitUntil(lambda: len(got) >= n, timeout=10000)
    finally:
        player.stop()
        shiboken6.delete(player)
        shiboken6.delete(sink)
    return got[:n]


def test_a_camera_frame_is_made_in_the_screens_format_at_its_size_in_true_colours(qapp, qtbot, tmp_path):
    """What the workers hand the GUI thread: an RGB32 picture (the backing store's format: drawn by a plain copy,
    no conversion on the GUI thread) at the region's size on the screen, proportions kept, colours as Qt's own
    conversion gives them (within 3 of 255)."""
    for w, h, target, want in ((1280, 720, (1920, 1080), (1920, 1080)), (854, 480, (1920, 1080), (1920, 1079)),
                               (640, 360, (0, 0), (640, 360))):
        frame = decoded_frames(clip(tmp_path / f"flat{w}.mp4", w, h, 1, colour=(230, 40, 40)), 1, qtbot)[0]
        assert frame.pixelFormat() == frame.pixelFormat().Format_YUV420P  # (the path under test: FFmpeg's scaler)
        made = framepump.picture(frame, QSize(*target) if target[0] else QSize())
        assert made.format() == QImage.Format.Format_RGB32 and (made.width(), made.height()) == want
        qt = frame.toImage()
        for x, y in ((0.5, 0.8), (0.1, 0.6), (0.9, 0.9)):
            a = made.pixelColor(int(x * made.width()), int(y * made.height()))
            b = qt.pixelColor(int(x * qt.width()), int(y * qt.height()))
            assert near(a, b, 3), (w, h, a.getRgb(), b.getRgb())


def test_a_worker_making_a_picture_leaves_python_free_for_the_gui_thread(qapp, qtbot, tmp_path):
    """The GUI thread's Python (its paints, its slots) goes on while a worker converts and scales a frame: the
    conversion does not hold Python's lock (Qt's toImage and QImage.scaled did, so every worker's conversion
    stopped the GUI thread as long)."""
    import threading

    frame = decoded_frames(clip(tmp_path / "big.mp4", 1280, 720, 1), 1, qtbot)[0]
    size = QSize(7680, 4320)  # a long conversion (about 50 ms), to see the GUI thread's gaps against
    t = time.perf_counter()
    framepump.picture(frame, size)
    once = time.perf_counter() - t
    done = threading.Event()

    def work():
        for _ in range(5):
            framepump.picture(frame, size)
        done.set()

    worker = threading.Thread(target=work)
    ran = set()  # the 5 ms steps of the conversions' time in which the GUI thread's Python ran
    t0 = time.perf_counter()
    worker.start()
    while not done.is_set():
        ran.add(int((time.perf_counter() - t0) / 0.005))
    steps = (time.perf_counter() - t0) / 0.005
    worker.join()
    # held by the conversion, Python would run only between conversions (a step or two each of the five); on a
    # busy machine the thread still gets a good part of the time (the bar leaves room for other processes)
    assert len(ran) >= 0.25 * steps, f"the GUI thread's Python ran in {len(ran)} of {steps:.0f} 5 ms steps " \
                                     f"({once * 1000:.0f} ms a conversion)"


class _Neighbour(QGraphicsRectItem):
    """Another region's view on the same screen, counting its paints."""

    paints = 0

    def paint(self, painter, option, widget=None):
        self.paints += 1
        super().paint(painter, option, widget)


@pytest.fixture
def screen(qapp, qtbot):
    """A wall screen (wall.runtime.screens.ScreenView, 1920x1080) showing a camera view in ``rect`` (its stream
    closed: pictures are handed to it as the frame pump does) and a green neighbour region beside it; yields
    (screen, camera view, neighbour, hand(picture) that waits for the screen's repaint)."""
    from PySide6.QtWidgets import QWidget

    from ioc_core.setup.geometry import Rect
    from wall.runtime.screens import ScreenView

    from ..fakeservers import closed_port_url

    made = []

    def open_(rect: QRectF, grid: bool = False):
        scene = QGraphicsScene(0, 0, 1920, 1080)
        ctx = ViewContext(cameras=catalogue(closed_port_url()))
        spec = ({"kind": "camera_grid", "group": "giao-thong", "rows": 2, "cols": 2} if grid
                else {"kind": "camera", "camera": "cam-thu"})
        view = create_view(Region("cam", 0, 0), spec, ctx)
        view.setGeometry(rect)
        scene.addItem(view)
        view.dispose()
        cam = view.tiles[0] if grid else view
        cam.state = "live"
        neighbour = _Neighbour(QRectF(1500, 0, 420, 1080))
        neighbour.setBrush(QColor("#20a040"))
        scene.addItem(neighbour)
        window = QWidget()
        window.resize(1920, 1080)
        sv = ScreenView(scene, (0, 0), Rect(0, 0, 1920, 1080), window)
        sv.setGeometry(0, 0, 1920, 1080)
        window.show()
        made.append((window, view, scene))
        qtbot.waitUntil(lambda: sv.paint_count > 0)

        def hand(picture: QImage) -> None:
            n = sv.paint_count
            cam._got_picture(None, picture)
            cam.update()
            qtbot.waitUntil(lambda: sv.paint_count > n, timeout=2000)

        return sv, cam, neighbour, hand

    yield open_
    for window, view, scene in made:
        view.dispose()
        window.close()
        shiboken6.delete(window)
        shiboken6.delete(scene)
        qapp.processEvents()


def filled(w: int, h: int, colour: str) -> QImage:
    img = QImage(w, h, QImage.Format.Format_RGB32)
    img.fill(QColor(colour))
    return img


def test_a_new_picture_repaints_only_its_rectangle_and_nothing_under_it(screen):
    """Each new picture: the screen repaints the camera's rectangle only (not the region beside it), fills no
    black under the picture first, and the picture is copied as made (RGB32 at its size on the screen); black
    stays beside a picture a pixel short of its region, the neighbour stays green."""
    sv, cam, neighbour, hand = screen(QRectF(0, 0, 1280, 720))
    hand(filled(1280, 720, "#2050d0"))  # (the first paint after the state change: the band is made)
    paints, background = neighbour.paints, sv.background_px
    for k in range(10):
        hand(filled(1280, 719, ("#2050d0", "#d05020")[k % 2]))
    assert neighbour.paints == paints
    # (Qt repaints an item's rectangle widened by 2 px for antialiasing: that ring is the most filled black)
    assert sv.background_px - background <= 10 * 2 * 2 * (1280 + 720 + 4), sv.background_px - background
    shot = sv.viewport().grab().toImage()
    assert near(shot.pixelColor(640, 300), "#d05020", 2)  # the last picture, a plain copy
    assert near(shot.pixelColor(640, 719), "#000000", 2)  # the row it leaves: black, not the last picture's
    assert near(shot.pixelColor(1700, 500), "#20a040", 2) and near(shot.pixelColor(1400, 900), "#000000", 2)


def test_a_new_picture_in_a_grid_cell_fills_no_black_under_the_cell(screen):
    """A cell of a camera grid: a new picture repaints the cell with no black filled under it first (the screen's
    background nor the grid's own black), and the grid stays black between its cells."""
    sv, cam, neighbour, hand = screen(QRectF(0, 0, 1440, 810), grid=True)
    w, h = round(cam.rect().width()), round(cam.rect().height())
    hand(filled(w, h, "#2050d0"))
    background = sv.background_px
    for k in range(10):
        hand(filled(w, h, ("#2050d0", "#d05020")[k % 2]))
    assert sv.background_px - background <= 10 * 2 * 2 * (w + h + 4)
    shot = sv.viewport().grab().toImage()
    assert near(shot.pixelColor(w // 2, h // 2), "#d05020", 2)  # the last picture
    gap = cam.geometry().right() + 2  # between the cells: the grid's black
    assert near(shot.pixelColor(int(gap), h // 2), "#000000", 2)


def test_the_name_band_is_drawn_once_a_second_not_every_picture(screen, monkeypatch):
    """The band (the camera's name and the picture's time) is laid out and drawn when what it says changes, then
    copied over each new picture: translucent over the picture, its time moving on with the next second."""
    from datetime import datetime, timedelta

    from ioc_core import fmt
    from wall.widgets import camera as camera_module

    sv, cam, neighbour, hand = screen(QRectF(0, 0, 1280, 720))
    now = [datetime(2026, 12, 7, 9, 30, 5, tzinfo=fmt.TZ)]
    monkeypatch.setattr(camera_module.fmt, "now", lambda: now[0])
    hand(filled(1280, 720, "#2050d0"))
    band = cam._band_image
    for _ in range(5):
        hand(filled(1280, 720, "#d05020"))
    assert cam._band_image is band  # the same second: not drawn again
    shot = sv.viewport().grab().toImage()
    y = int(720 - cam.band["height"] / 2)
    assert near(shot.pixelColor(640, 300), "#d05020", 2)
    assert near(shot.pixelColor(640, y), QColor(0xd0 * 85 // 255, 0x50 * 85 // 255, 0x20 * 85 // 255), 6)
    strip = shot.copy(900, y - 20, 380, 40)
    now[0] += timedelta(seconds=1)
    hand(filled(1280, 720, "#d05020"))
    assert cam._band_image is not band and cam.band["when"].endswith("09:30:06")
    assert sv.viewport().grab().toImage().copy(900, y - 20, 380, 40) != strip  # the time drawn anew


@pytest.mark.parametrize("fmt", ["Format_YUV420P", "Format_YV12", "Format_NV12", "Format_NV21", "Format_YUV422P"])
def test_each_yuv_layout_gives_qts_colours(qapp, fmt):
    """The YUV layouts decoders give (planar, V before U, interleaved chroma, 4:2:2), an odd size among them:
    the picture FFmpeg's scaler makes has Qt's size and colours (a swapped U and V would not)."""
    import numpy as np
    from PySide6.QtMultimedia import QVideoFrameFormat

    pf = getattr(QVideoFrameFormat.PixelFormat, fmt)
    frame = QVideoFrame(QVideoFrameFormat(QSize(322, 182), pf))
    assert frame.map(QVideoFrame.MapMode.WriteOnly)
    y, u, v = 81, 200, 110
    for i in range(frame.planeCount()):
        line = frame.bytesPerLine(i)
        plane = np.frombuffer(frame.bits(i), np.uint8)
        plane = plane[:plane.size // line * line].reshape(-1, line)
        if i == 0:
            plane[:] = y
        elif fmt in ("Format_NV12", "Format_NV21"):
            plane[:, 0::2], plane[:, 1::2] = (u, v) if fmt == "Format_NV12" else (v, u)
        else:
            plane[:] = (u if i == 1 else v) if fmt != "Format_YV12" else (v if i == 1 else u)
    frame.unmap()
    made, qt = framepump.picture(frame, QSize(640, 360)), framepump.qt_picture(frame, QSize(640, 360))
    assert made.format() == QImage.Format.Format_RGB32 and made.size() == qt.size()
    assert near(made.pixelColor(320, 180), qt.pixelColor(320, 180), 3), made.pixelColor(320, 180).getRgb()


def test_a_feed_closed_while_a_worker_converts_it_is_destroyed_on_the_gui_thread(qapp, qtbot, monkeypatch):
    """A Feed is a QObject of the GUI thread: closed (the view lets go of it) while a worker converts its frame,
    it is still destroyed on the GUI thread, never on the worker that held it last (seen: on camera-frames-1)."""
    import threading
    import weakref

    entered, release = threading.Event(), threading.Event()
    qt_conversion = framepump.qt_picture

    def slow_picture(frame, size):
        entered.set()
        release.wait(10)
        return qt_conversion(frame, size)

    monkeypatch.setattr(framepump, "picture", slow_picture)
    sink = QVideoSink()
    feed = Feed(sink)
    died_on: list[str] = []
    weakref.finalize(feed, lambda: died_on.append(threading.current_thread().name))
    held = weakref.ref(feed)
    PUMP.add(feed)
    img = QImage(64, 36, QImage.Format.Format_RGB32)
    img.fill(QColor("#2050d0"))
    sink.setVideoFrame(QVideoFrame(img))
    assert entered.wait(5), "no worker took the frame"
    feed.close()  # the view closes its feed mid-conversion and lets go of it
    del feed
    release.set()
    qtbot.waitUntil(lambda: bool(died_on) or not getattr(held(), "busy", True), timeout=5000)  # the worker is done
    assert died_on == [] or died_on == [threading.main_thread().name], died_on
    other = Feed(QVideoSink())  # the GUI thread's next add/remove lets go of the closed feed
    PUMP.add(other)
    other.close()
    qtbot.waitUntil(lambda: bool(died_on), timeout=2000)
    assert died_on == [threading.main_thread().name]
    assert PUMP.closed == []
    shiboken6.delete(sink)


def test_a_camera_taken_off_makes_no_picture_and_never_reconnects(shown_camera, qtbot, caplog):
    """A view a switch takes off is hidden at once and disposed of up to a second later; quiesced when taken off,
    its camera makes no more pictures (no worker converts its frames, its player decodes nothing) and it never
    opens the stream again, even when its frames stop for longer than the stall limit; dispose still works after.
    A second view on the same stream shows that frames went on arriving meanwhile."""
    import logging

    view = shown_camera(640, 360)
    ref = create_view(Region("ref", 0, 0), {"kind": "camera", "camera": "cam-thu"}, view.context)
    ref.setGeometry(QRectF(0, 0, 480, 270))
    view.scene().addItem(ref)
    try:
        qtbot.waitUntil(lambda: ref.state == "live" and ref.shown >= 3, timeout=20000)
        caplog.set_level(logging.INFO, "wall.widgets.camera")
        feed, player = view._feed, view._player
        view.setVisible(False)  # what the runtime does to a view a switch takes off
        view.quiesce()
        made, frames, pictures, seen = feed.converted, view.frames, view.shown, ref.frames
        later = view.clock() + 60
        view.clock = lambda: later  # its frames "stopped" a minute ago: the stall check would reconnect it
        qtbot.waitUntil(lambda: ref.frames >= seen + 75, timeout=15000)  # 3 s of the stream's frames, elsewhere
        assert feed.converted == made and view.frames == frames and view.shown == pictures
        assert view._player is player and view.state == "live"
        assert not [r for r in caplog.records if "region cam:" in r.getMessage()]  # no "no_signal", no reopening
    finally:
        ref.dispose()
        shiboken6.delete(ref)


def test_a_gpu_camera_taken_off_hands_on_no_frame_and_stays_off_when_the_gpu_path_fails(qapp, qtbot):
    """The gpu render path: a camera taken off hands its video item no more frames, and a fall-back of the gpu path
    meanwhile does not open it again on the frame pump; dispose still works after."""
    from wall.runtime import render as render_path

    from ..fakeservers import MjpegServer
    from ..pictures import Stage, jpeg

    before = render_path.current()
    render_path.reset(render_path.Render("gpu", "gpu", "", "4.5", "test"))
    server = MjpegServer(jpeg("#d02020"))
    stage = Stage()
    try:
        view = stage.place(create_view(Region("cam", 0, 0), {"kind": "camera", "camera": "cam-thu"},
                                       ViewContext(cameras=catalogue(server.url))))
        ref = stage.place(create_view(Region("ref", 0, 0), {"kind": "camera", "camera": "cam-thu"},
                                      ViewContext(cameras=catalogue(server.url))))
        assert view._video is not None and view._feed is None
        qtbot.waitUntil(lambda: view.state == "live" and view.frames >= 3 and ref.frames >= 3, timeout=15000)
        player = view._player
        view.setVisible(False)
        view.quiesce()
        frames, seen = view.frames, ref.frames
        render_path.fail("test")  # the gpu path fails elsewhere: the shown camera moves to the frame pump ...
        qtbot.waitUntil(lambda: ref._feed is not None and ref.frames >= seen + 10, timeout=15000)
        # ... the one taken off stays as it was: no frame handed on, no player of the frame pump opened
        assert view.frames == frames and view._player is player and view._feed is None
        assert view._video is not None
        view.dispose()
        assert view._player is None
        ref.dispose()
    finally:
        stage.close(qapp)
        server.close()
        render_path.reset(before)
