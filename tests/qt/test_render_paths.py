"""The render path (``--render auto|gpu|cpu``, wall/runtime/render.py): chosen at start, logged once, in GET /health;
a gpu path that cannot work falls back to the cpu path and the camera's picture still shows. Offscreen (no OpenGL)
and under Xvfb with Mesa (OpenGL by llvmpipe, a software renderer: ``auto`` keeps to the cpu path there, ``gpu``
really draws through OpenGL viewports and QGraphicsVideoItems)."""

from __future__ import annotations

import json
import logging
import signal
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QGraphicsScene, QWidget

from ioc_core.layouts.model import Region
from ioc_core.setup.geometry import Rect
from wall.runtime import render
from wall.runtime.screens import ScreenView
from wall.widgets.base import ViewContext
from wall.widgets.registry import create_view

from ..common import solid_clip
from ..wallproc import READY, WallApi, WallProcess
from .test_camera_view import catalogue

BLUE = (32, 80, 208)  # the clip's colour
W, H = 1920, 1080


def near(rgb, ref=BLUE, tol=40) -> bool:
    return all(abs(a - b) <= tol for a, b in zip(rgb[:3], ref, strict=True))


@pytest.fixture(scope="module")
def clip(tmp_path_factory) -> Path:
    """A 90 s H.264 clip in one colour at 10 fps (PyAV's bundled libx264): longer than any test here."""
    return solid_clip(tmp_path_factory.mktemp("render") / "clip.mp4", BLUE, 900)


def wall_files(folder: Path, clip: Path) -> list[str]:
    """A layout with the clip's camera full screen on screen 0,0 and clocks elsewhere; the wall's arguments."""
    layouts = folder / "layouts"
    layouts.mkdir()
    regions = [{"id": f"r{i}", "cell": list(divmod(i, 3)),
                "view": {"kind": "camera", "camera": "cam-0"} if i == 0 else {"kind": "clock"}} for i in range(9)]
    (layouts / "cam.json").write_text(json.dumps({"schema_version": 2, "id": "cam", "title": {"vi": "Camera"},
                                                  "grid": {"rows": 3, "cols": 3}, "regions": regions}))
    (folder / "cameras.json").write_text(json.dumps({
        "schema_version": 1, "groups": [{"id": "g", "name": {"vi": "Thử"}, "kind": "traffic"}],
        "cameras": [{"id": "cam-0", "name": {"vi": "Camera thử"}, "group": "g", "streams": [clip.as_uri()]}]}))
    return ["--state-dir", str(folder / "state"), "--layouts-dir", str(layouts), "--cameras",
            str(folder / "cameras.json"), "--layout", "cam"]


def wait_until(check, timeout: float = 20.0, every: float = 0.3):
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        got = check()
        if got:
            return got
        time.sleep(every)
    return check()


# -- the choice itself ------------------------------------------------------------------------------------------
@pytest.fixture
def restore_render():
    before = render.current()
    yield
    render.reset(before)


@pytest.mark.parametrize(("asked", "probed", "path", "words"), [
    ("auto", ("4.6", "NVIDIA GeForce GTX 1650/PCIe/SSE2", ""), "gpu", "gpu (OpenGL 4.6, renderer NVIDIA"),
    ("auto", ("4.5", "llvmpipe (LLVM 15.0.6, 256 bits)", ""), "cpu", "cpu (the OpenGL renderer is software"),
    ("gpu", ("4.5", "llvmpipe (LLVM 15.0.6, 256 bits)", ""), "gpu", "gpu (OpenGL 4.5, renderer llvmpipe"),
    ("gpu", ("", "", "no OpenGL context on the 'offscreen' platform"), "cpu", "cpu (no OpenGL context"),
    ("cpu", None, "cpu", "cpu (asked for with --render cpu)"),
])
def test_the_path_is_chosen_by_what_opengl_there_is_and_logged_once(qapp, restore_render, caplog, asked, probed,
                                                                     path, words):
    caplog.set_level(logging.INFO, "wall.runtime.render")

    def probe():
        assert probed is not None, "--render cpu does not look for OpenGL"
        return probed

    chosen = render.choose(asked, probe)
    assert chosen.path == path and render.current() is chosen
    lines = [r.getMessage() for r in caplog.records if r.getMessage().startswith("render: ")]
    assert len(lines) == 1 and lines[0].startswith("render: " + words), lines


def test_offscreen_there_is_no_opengl_context(qapp):
    assert qapp.platformName() == "offscreen"
    version, renderer, why = render.probe()
    assert (version, renderer) == ("", "") and "no OpenGL context" in why


# -- a gpu path that fails while the wall runs ------------------------------------------------------------------
def test_a_screen_whose_opengl_viewport_cannot_draw_falls_back_and_the_camera_still_shows(qapp, qtbot, clip,
                                                                                         restore_render, caplog):
    """Told to use the gpu path where OpenGL cannot work (offscreen): the screen's OpenGL viewport has no context,
    the wall logs why, moves the screen and the camera to the cpu path, and the camera's picture is on the screen."""
    caplog.set_level(logging.INFO)
    render.reset(render.Render("gpu", "gpu", "", "4.5", "test"))
    scene = QGraphicsScene(0, 0, W, H)
    view = create_view(Region("cam", 0, 0), {"kind": "camera", "camera": "cam-thu"},
                       ViewContext(cameras=catalogue(clip.as_uri())))
    view.setGeometry(QRectF(0, 0, W, H))
    scene.addItem(view)
    window = QWidget()
    screen = ScreenView(scene, (0, 0), Rect(0, 0, W, H), window)
    try:
        assert screen.gl and view._video is not None  # asked for the gpu path: an OpenGL viewport, a video item
        screen.place(Rect(0, 0, W, H))
        window.setGeometry(0, 0, W, H)
        window.show()
        qtbot.waitUntil(lambda: not render.gpu(), timeout=10000)
        assert "could not be made" in render.current().why
        errors = [r.getMessage() for r in caplog.records if r.getMessage().startswith("render: ")]
        assert len(errors) == 1 and errors[0].startswith("render: cpu (the gpu path failed: screen 0,0"), errors
        qtbot.waitUntil(lambda: not screen.gl and view._video is None, timeout=5000)
        qtbot.waitUntil(lambda: view.state == "live" and view.shown >= 2, timeout=20000)
        img = window.grab().toImage()
        assert near(QColor(img.pixel(W // 2, 400)).getRgb()), QColor(img.pixel(W // 2, 400)).getRgb()
        assert view.health()["render"] == "cpu"
    finally:
        view.dispose()
        window.close()
        shiboken6.delete(window)
        shiboken6.delete(scene)
        qapp.processEvents()


# -- the real wall, offscreen -----------------------------------------------------------------------------------
def test_offscreen_render_gpu_runs_on_the_cpu_path_and_shows_the_camera(tmp_path, clip):
    wall = WallProcess(*wall_files(tmp_path, clip), "--render", "gpu")
    try:
        wall.wait_for(READY, 60)
        line = wall.wait_for("render: ")
        assert "render: cpu (no OpenGL context on the 'offscreen' platform)" in line
        assert sum("render: " in ln for ln in wall.lines) == 1
        api = WallApi(wall, tmp_path / "state")
        health = wall_until_live(api)
        assert health["render"]["path"] == "cpu" and health["render"]["asked"] == "gpu"
        assert "no OpenGL context" in health["render"]["why"] and health["render"]["gl_screens"] == 0
        assert health["views"]["r0"]["render"] == "cpu"
        png = api.call("GET", "/screens/0/0/snapshot", "viewer")
        assert png.status_code == 200
        img = QImage.fromData(png.content)
        assert near(QColor(img.pixel(img.width() // 2, img.height() * 2 // 5)).getRgb())
    finally:
        wall.stop(signal.SIGKILL)


def wall_until_live(api: WallApi) -> dict:
    health = wait_until(lambda: (lambda h: h if h["views"]["r0"].get("state") == "live"
                                 and h["views"]["r0"].get("pictures", 0) >= 2 else None)(api.health()), 30)
    assert health, api.health()
    return health


# -- the real wall on a real X server with Mesa ----------------------------------------------------------------
@pytest.fixture(scope="module")
def xserver():
    from .test_xvfb_wall import XServer

    server = XServer()
    yield server
    server.stop()


def xvfb_wall(xserver, tmp_path, clip, *args: str) -> WallProcess:
    return WallProcess(*wall_files(tmp_path, clip), *args, env={"DISPLAY": xserver.display, "QT_QPA_PLATFORM": "xcb"})


@pytest.mark.xvfb
def test_under_xvfb_render_gpu_draws_the_camera_through_opengl(xserver, tmp_path, clip):
    wall = xvfb_wall(xserver, tmp_path, clip, "--render", "gpu")
    try:
        assert "9 screens painted" in wall.wait_for(READY, 60)
        line = wall.wait_for("render: ")
        assert "render: gpu (OpenGL " in line and "llvmpipe" in line, line
        api = WallApi(wall, tmp_path / "state")
        health = wall_until_live(api)
        assert health["render"]["path"] == "gpu" and health["render"]["gl_screens"] == 9
        assert health["views"]["r0"]["render"] == "gpu"  # played into a QGraphicsVideoItem

        def shows_camera():
            img = xserver.screenshot("xvfb-render-gpu.png")
            px = [QColor(img.pixel(x, y)).getRgb() for x, y in ((W // 2, 400), (W // 4, 300), (3 * W // 4, 700))]
            band = QColor(img.pixel(W // 2, H - 8)).getRgb()  # the name band, drawn over the video item
            return (all(near(p) for p in px) and not near(QColor(img.pixel(W + W // 2, 400)).getRgb())
                    and max(band[:3]) < 100)

        assert wait_until(shows_camera, 20), "the camera's blue is not on screen 0,0 of the X server"
        assert not any("the gpu path failed" in ln for ln in wall.lines), wall.log
        png = api.call("GET", "/screens/0/0/snapshot", "viewer")  # drawn off screen, through the same item
        img = QImage.fromData(png.content)
        assert near(QColor(img.pixel(img.width() // 2, img.height() * 2 // 5)).getRgb())
        assert wall.stop(signal.SIGTERM) == 0
    finally:
        wall.stop(signal.SIGKILL)


@pytest.mark.xvfb
def test_under_xvfb_render_auto_keeps_to_the_cpu_path_on_llvmpipe(xserver, tmp_path, clip):
    wall = xvfb_wall(xserver, tmp_path, clip)  # --render auto, the default
    try:
        wall.wait_for(READY, 60)
        line = wall.wait_for("render: ")
        assert "render: cpu (the OpenGL renderer is software (llvmpipe" in line, line
        api = WallApi(wall, tmp_path / "state")
        health = wall_until_live(api)
        assert health["render"]["path"] == "cpu" and health["render"]["asked"] == "auto"
        assert "llvmpipe" in health["render"]["renderer"] and health["render"]["gl_screens"] == 0
        assert health["views"]["r0"]["render"] == "cpu"
        assert wait_until(lambda: near(QColor(xserver.screenshot("xvfb-render-auto.png").pixel(W // 2, 400))
                                       .getRgb()), 20)
    finally:
        wall.stop(signal.SIGKILL)


# -- the gpu camera itself (drawn here by the raster engine: the item, the band, the card, the hand-off) ---------
def test_a_gpu_camera_shows_its_picture_under_its_name_band_and_a_card_when_the_stream_stops(qapp, qtbot,
                                                                                             restore_render):
    from wall.widgets import camera as camera_module
    from wall.widgets import style

    from ..fakeservers import MjpegServer
    from ..pictures import Stage, jpeg, renderer
    from ..pictures import near as near_colour

    render.reset(render.Render("gpu", "gpu", "", "4.5", "test"))
    server = MjpegServer(jpeg("#d02020"))
    stage = Stage()
    draw = renderer("render-gpu-camera")
    old_stall = camera_module.STALL_S
    camera_module.STALL_S = 1.0
    try:
        view = stage.place(create_view(Region("cam", 0, 0), {"kind": "camera", "camera": "cam-thu"},
                                       ViewContext(cameras=catalogue(server.url))))
        assert view._video is not None and view._feed is None  # a QGraphicsVideoItem, no frame pump
        # the player plays into the view's own sink; the item only gets what the view's timer hands it
        assert view._player.videoSink() is view._sink and view._sink is not view._video.videoSink()
        qtbot.waitUntil(lambda: view.state == "live" and view.frames >= 3, timeout=15000)
        img = draw(view, "live")
        assert near_colour(img.pixelColor(960, 400), "#d02020")  # the picture, drawn by the video item
        assert img.pixelColor(960, 1070).red() < 100  # the name band over it
        assert view.shown >= 1 and view.health()["render"] == "gpu"
        server.paused.set()  # the stream stops: the card, not the last picture
        qtbot.waitUntil(lambda: view.state == "no_signal", timeout=10000)
        assert near_colour(draw(view, "no-signal").pixelColor(960, 300), style.PANEL.name(), 10)
        # the gpu path fails elsewhere: this camera moves to the frame pump and its picture comes back
        server.paused.clear()
        render.fail("test")
        assert view._video is None
        qtbot.waitUntil(lambda: view.state == "live" and view._feed is not None, timeout=15000)
        qtbot.waitUntil(lambda: near_colour(draw(view, "fell-back").pixelColor(960, 400), "#d02020"), timeout=10000)
    finally:
        camera_module.STALL_S = old_stall
        stage.close(qapp)
        server.close()


def test_a_frame_that_gives_no_picture_counts_once_however_often_it_is_painted(qapp, monkeypatch):
    """A camera over two screens, its band's once-a-second repaint and every snapshot paint the same frame again:
    one frame that cannot be converted counted as one failure per paint, and five paints of it sent the whole wall
    to the cpu path until a restart. Only new frames that give no picture count."""
    from PySide6.QtGui import QColor, QImage, QPainter
    from PySide6.QtMultimedia import QVideoFrame
    from PySide6.QtWidgets import QGraphicsRectItem, QGraphicsScene

    from wall.widgets.gpuvideo import FAILURES, GpuVideoItem

    failed: list[str] = []
    scene = QGraphicsScene(0, 0, 320, 180)
    host = QGraphicsRectItem(0, 0, 320, 180)
    scene.addItem(host)
    item = GpuVideoItem(host, lambda: None, failed.append)
    item.place(host.rect())
    monkeypatch.setattr(QVideoFrame, "toImage", lambda self: QImage())  # a frame Qt cannot convert

    def frame(start_us: int) -> QVideoFrame:
        picture = QImage(64, 36, QImage.Format.Format_RGB32)
        picture.fill(QColor("#2060c0"))
        f = QVideoFrame(picture)
        f.setStartTime(start_us)
        return f

    def paint() -> None:
        target = QImage(320, 180, QImage.Format.Format_RGB32)
        painter = QPainter(target)
        scene.render(painter)
        painter.end()

    assert item.offer(frame(40_000))
    for _ in range(FAILURES + 3):  # the same frame painted again and again
        paint()
    assert item.failures == 1 and not failed
    for k in range(2, FAILURES + 1):  # new frames, each giving no picture
        assert item.offer(frame(40_000 * k))
        paint()
        paint()
    assert len(failed) == 1
