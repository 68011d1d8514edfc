"""The camera view against a real HTTP MJPEG camera on 127.0.0.1: frames arrive and are drawn, a stream that
freezes becomes a "mất tín hiệu" card with the last frame's time, and the picture comes back on its own."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import QRectF
from PySide6.QtWidgets import QGraphicsScene

from ioc_core.catalogue.cameras import parse_cameras
from ioc_core.layouts.model import Region
from wall.widgets import camera as camera_module
from wall.widgets import style
from wall.widgets.base import ViewContext
from wall.widgets.registry import create_view

from ..common import solid_clip
from ..fakeservers import MjpegServer
from ..pictures import Stage, jpeg, near, renderer


def catalogue(*streams: str):
    return parse_cameras({"schema_version": 1,
                          "groups": [{"id": "giao-thong", "name": {"vi": "Giao thông"}, "kind": "traffic"}],
                          "cameras": [{"id": "cam-thu", "name": {"vi": "Camera cầu Bến Thủy"}, "group": "giao-thong",
                                       "streams": list(streams)}]})


@pytest.fixture
def fast(monkeypatch):
    monkeypatch.setattr(camera_module, "STALL_S", 1.0)
    monkeypatch.setattr(camera_module, "BACKOFF_S", (0.3, 0.5))
    monkeypatch.setattr(camera_module, "SLOW_BACKOFF_S", (0.4, 0.7))


@pytest.fixture
def place(qapp):
    stage = Stage()
    yield lambda cat, camera="cam-thu": stage.place(create_view(
        Region("cam", 0, 0), {"kind": "camera", "camera": camera}, ViewContext(cameras=cat)))
    stage.close(qapp)


render = renderer("camera")




def test_frames_arrive_a_freeze_is_no_signal_and_the_picture_comes_back(place, qtbot, fast, caplog):
    server = MjpegServer(jpeg("#d02020"))
    try:
        view = place(catalogue(server.url))
        qtbot.waitUntil(lambda: view.state == "live" and view.frames >= 3, timeout=15000)
        img = render(view, "live")
        assert near(img.pixelColor(960, 400), "#d02020")  # the camera's picture, kept in proportion
        assert img.pixelColor(960, 1060).red() < 100  # the name band darkens the bottom of the picture
        # the camera freezes: within the stall time the wall says so instead of showing the old frame as live
        caplog.set_level(logging.INFO, logger="wall.widgets.camera")
        server.paused.set()
        qtbot.waitUntil(lambda: view.state == "no_signal", timeout=10000)
        img = render(view, "no-signal")
        assert near(img.pixelColor(960, 300), style.PANEL.name(), 10)  # a card, not the red picture
        server.paused.clear()
        qtbot.waitUntil(lambda: view.state == "live", timeout=15000)
        assert near(render(view, "back").pixelColor(960, 400), "#d02020")
        changes = [r.getMessage() for r in caplog.records if "camera cam-thu" in r.getMessage()]
        assert [m.split(": ", 1)[1].split(" (")[0] for m in changes] == ["no_signal", "live"]  # once per change
    finally:
        server.close()


def test_an_unreachable_camera_is_retried_and_logged_once(place, qtbot, fast, caplog):
    caplog.set_level(logging.INFO, logger="wall.widgets.camera")
    view = place(catalogue("http://127.0.0.1:9/video"))  # nothing listens on port 9
    qtbot.waitUntil(lambda: view.state == "no_signal", timeout=15000)
    qtbot.waitUntil(lambda: view._attempt >= 2, timeout=15000)  # retried, at the fast backoff
    assert len([r for r in caplog.records if "no_signal" in r.getMessage()]) == 1
    img = render(view, "unreachable")
    assert not near(img.pixelColor(960, 400), "#d02020")


def test_an_unknown_camera_shows_a_card_naming_it(place):
    view = place(catalogue("http://127.0.0.1:9/video"), camera="khong-co")
    assert view.state == "unknown_camera"
    render(view, "unknown")


def test_a_second_stream_url_is_tried_when_the_first_fails(place, qtbot, fast):
    server = MjpegServer(jpeg("#2050d0"))
    try:
        view = place(catalogue("http://127.0.0.1:9/video", server.url))
        qtbot.waitUntil(lambda: view.state == "live", timeout=20000)
        assert near(render(view, "fallback").pixelColor(960, 400), "#2050d0")
    finally:
        server.close()


def test_a_camera_grid_pages_through_its_group_and_one_dead_camera_spoils_nothing(qapp, qtbot, fast):
    servers = [MjpegServer(jpeg(c)) for c in ("#d02020", "#20a040")]
    try:
        cat = parse_cameras({"schema_version": 1,
                             "groups": [{"id": "lu-lut", "name": {"vi": "Lũ lụt"}, "kind": "flood"}],
                             "cameras": [{"id": f"cam-{n}", "name": {"vi": f"Camera {n}"}, "group": "lu-lut",
                                          "streams": [url]}
                                         for n, url in enumerate([servers[0].url, "http://127.0.0.1:9/x",
                                                                  servers[1].url])]})
        scene = QGraphicsScene(0, 0, 1920, 1080)
        grid = create_view(Region("g", 0, 0), {"kind": "camera_grid", "group": "lu-lut", "rows": 1, "cols": 2,
                                               "dwell_s": 2}, ViewContext(cameras=cat))
        grid.setGeometry(QRectF(0, 0, 1920, 1080))
        scene.addItem(grid)
        assert (grid.pages, [t.camera.id for t in grid.tiles]) == (2, ["cam-0", "cam-1"])
        assert grid._pager.isActive() and grid._pager.interval() == 2000
        qtbot.waitUntil(lambda: grid.tiles[0].state == "live" and grid.tiles[1].state == "no_signal", timeout=15000)
        img = render(grid, "grid-page-1")
        assert near(img.pixelColor(480, 400), "#d02020")  # the live camera, left
        assert near(img.pixelColor(1440, 300), style.PANEL.name(), 10)  # the dead one's card, right
        qtbot.waitUntil(lambda: grid.page == 1, timeout=5000)  # the dwell turns the page
        assert [t.camera.id for t in grid.tiles] == ["cam-2"]
        qtbot.waitUntil(lambda: grid.tiles[0].state == "live", timeout=15000)
        assert near(render(grid, "grid-page-2").pixelColor(480, 400), "#20a040")
        grid.dispose()
        # the operator pins one camera of the group: it fills the region, the pages stop turning
        pinned = create_view(Region("g", 0, 0), {**grid.view, "pin": "cam-2"}, ViewContext(cameras=cat))
        pinned.setGeometry(QRectF(0, 0, 1920, 1080))
        scene.addItem(pinned)
        assert [t.camera.id for t in pinned.tiles] == ["cam-2"] and not pinned._pager.isActive()
        assert pinned.tiles[0].geometry() == QRectF(0, 0, 1920, 1080)
        assert pinned._badge.text().startswith("Đã ghim")
        qtbot.waitUntil(lambda: pinned.tiles[0].state == "live", timeout=15000)
        img = render(pinned, "grid-pinned")
        assert near(img.pixelColor(300, 400), "#20a040") and near(img.pixelColor(1600, 400), "#20a040")
        pinned.dispose()
        shiboken6.delete(scene)  # on the GUI thread (see the place fixture)
        qapp.processEvents()
    finally:
        for s in servers:
            s.close()


def test_credentials_come_from_the_environment_and_a_wrong_password_is_no_signal(place, qtbot, fast, monkeypatch,
                                                                                 caplog):
    server = MjpegServer(jpeg("#d02020"), auth=("xem", "mat-khau-dung"))
    doc = {"schema_version": 1, "groups": [{"id": "g", "name": {"vi": "G"}, "kind": "security"}],
           "cameras": [{"id": "cam-thu", "name": {"vi": "Camera có mật khẩu"}, "group": "g", "streams": [server.url],
                        "username": "xem", "password_env": "IOC_TEST_CAMERA_PASSWORD"}]}
    try:
        caplog.set_level(logging.DEBUG, logger="wall.widgets.camera")
        monkeypatch.setenv("IOC_TEST_CAMERA_PASSWORD", "sai")
        wrong = place(parse_cameras(doc))
        qtbot.waitUntil(lambda: wrong.state == "no_signal", timeout=15000)
        assert server.connections == 0
        monkeypatch.setenv("IOC_TEST_CAMERA_PASSWORD", "mat-khau-dung")
        right = place(parse_cameras(doc))
        qtbot.waitUntil(lambda: right.state == "live", timeout=15000)
        assert all("mat-khau" not in r.getMessage() and "sai@" not in r.getMessage() for r in caplog.records)
    finally:
        server.close()


@pytest.fixture(scope="module")
def rtsp_clip(tmp_path_factory) -> Path:
    """A 20 s H.264 clip in one colour, written with PyAV's bundled libx264 (no Debian ffmpeg needed)."""
    return solid_clip(tmp_path_factory.mktemp("rtsp") / "clip.mp4", (32, 80, 208), 200)


def start_rtsp(clip: Path, port: int):
    import subprocess

    server = Path(__file__).parent.parent / "rtspserver.py"
    proc = subprocess.Popen(["/usr/bin/python3", str(server), str(clip), str(port)],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    line = proc.stdout.readline()
    assert line.startswith("ready"), (
        f"the RTSP test server did not start ({line.strip() or proc.poll()}); it needs Debian's python3-gi "
        "gir1.2-gst-rtsp-server-1.0 gstreamer1.0-plugins-good (scripts/install.sh installs them as root)")
    return proc


def test_a_stream_whose_codec_cannot_be_decoded_is_a_card_that_says_so(place, qtbot, fast, rtsp_clip, tmp_path,
                                                                       caplog):
    """The clip's sample entry renamed to a codec no decoder knows: the container opens, the picture cannot."""
    caplog.set_level(logging.INFO, "wall.widgets.camera")
    data = bytearray(rtsp_clip.read_bytes())
    at = data.find(b"avc1", data.find(b"stsd"))
    data[at:at + 4] = b"zzzz"
    clip = tmp_path / "unknown-codec.mp4"
    clip.write_bytes(bytes(data))
    view = place(catalogue(clip.as_uri()))
    qtbot.waitUntil(lambda: view.state == "no_signal", timeout=15000)
    assert "codec không giải mã được" in view.why and view.frames == 0
    qtbot.waitUntil(lambda: view._retry.isActive(), timeout=5000)
    assert view._retry.interval() in (400, 700)  # the slow steps: a codec does not mend itself in 2 s
    qtbot.waitUntil(lambda: view._attempt >= 3, timeout=15000)  # retried with backoff ...
    assert view.state == "no_signal"
    assert sum("no_signal" in r.getMessage() for r in caplog.records) == 1  # ... and logged once
    img = render(view, "unknown-codec")
    assert near(img.pixelColor(40, 40), style.PANEL.name(), 10)  # the card, not a black frame


def test_a_real_rtsp_camera_plays_drops_and_comes_back(place, qtbot, fast, rtsp_clip):
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = start_rtsp(rtsp_clip, port)
    try:
        view = place(catalogue(f"rtsp://127.0.0.1:{port}/cam"))
        qtbot.waitUntil(lambda: view.state == "live" and view.frames >= 3, timeout=20000)
        assert near(render(view, "rtsp-live").pixelColor(960, 400), "#2050d0", 45)
        server.kill()
        server.wait(5)
        qtbot.waitUntil(lambda: view.state == "no_signal", timeout=15000)
        server = start_rtsp(rtsp_clip, port)
        qtbot.waitUntil(lambda: view.state == "live", timeout=30000)
    finally:
        server.kill()
        server.wait(5)


def test_a_low_cost_grid_polls_snapshots_and_runs_no_decoder(qapp, qtbot, fast):
    server = MjpegServer(jpeg("#d02020"))
    try:
        cat = parse_cameras({"schema_version": 1,
                             "groups": [{"id": "gt", "name": {"vi": "Giao thông"}, "kind": "traffic"}],
                             "cameras": [{"id": f"cam-{n}", "name": {"vi": f"Camera {n}"}, "group": "gt",
                                          "streams": [server.url], "snapshot": server.snapshot_url}
                                         for n in range(4)]})
        scene = QGraphicsScene(0, 0, 1920, 1080)
        grid = create_view(Region("g", 0, 0), {"kind": "camera_grid", "group": "gt", "rows": 2, "cols": 2,
                                               "mode": "snapshot", "snapshot_s": 1}, ViewContext(cameras=cat))
        grid.setGeometry(QRectF(0, 0, 1920, 1080))
        scene.addItem(grid)
        qtbot.waitUntil(lambda: all(t.state == "live" for t in grid.tiles), timeout=10000)
        qtbot.waitUntil(lambda: server.snapshots >= 8, timeout=10000)  # polled again, every second
        assert server.connections == 0  # no stream opened: no decoder running
        img = render(grid, "grid-snapshots")
        assert near(img.pixelColor(480, 270), "#d02020")
        server.paused.set()  # the snapshots stop coming: after 2.5 polls the cells say so
        qtbot.waitUntil(lambda: all(t.state == "no_signal" for t in grid.tiles), timeout=10000)
        server.paused.clear()
        qtbot.waitUntil(lambda: all(t.state == "live" for t in grid.tiles), timeout=10000)
        grid.dispose()
        shiboken6.delete(scene)
        qapp.processEvents()
    finally:
        server.close()


def test_a_grid_cell_plays_the_cameras_sub_stream_and_the_camera_alone_its_main_stream(qapp, qtbot, fast):
    """A camera with a sub-stream (grid_stream): a cell of a grid plays it (a small picture, cheap to decode);
    pinned over the region, or shown alone, the camera plays its main stream. A sub-stream that fails falls back
    to the main stream."""
    main, sub = MjpegServer(jpeg("#2050d0")), MjpegServer(jpeg("#d02020"))
    try:
        cam = {"id": "cam-cau", "name": {"vi": "Camera cầu"}, "group": "gt", "streams": [main.url],
               "grid_stream": sub.url}
        cat = parse_cameras({"schema_version": 1,
                             "groups": [{"id": "gt", "name": {"vi": "Giao thông"}, "kind": "traffic"}],
                             "cameras": [cam, {**cam, "id": "cam-cau-2", "grid_stream": "http://127.0.0.1:9/sub"}]})
        assert cat.cameras["cam-cau"].public()["grid_stream"] == sub.url
        scene = QGraphicsScene(0, 0, 1920, 1080)
        grid = create_view(Region("g", 0, 0), {"kind": "camera_grid", "group": "gt", "rows": 1, "cols": 2},
                           ViewContext(cameras=cat))
        grid.setGeometry(QRectF(0, 0, 1920, 1080))
        scene.addItem(grid)
        qtbot.waitUntil(lambda: all(t.state == "live" for t in grid.tiles), timeout=20000)
        img = render(grid, "grid-sub-stream")
        assert near(img.pixelColor(480, 400), "#d02020")  # the sub-stream in the cell
        assert near(img.pixelColor(1440, 400), "#2050d0")  # its sub-stream dead: the main stream instead
        assert sub.connections >= 1
        grid.dispose()
        for view in ({"kind": "camera_grid", "group": "gt", "pin": "cam-cau"}, {"kind": "camera", "camera": "cam-cau"}):
            alone = create_view(Region("g", 0, 0), view, ViewContext(cameras=cat))
            alone.setGeometry(QRectF(0, 0, 1920, 1080))
            scene.addItem(alone)
            qtbot.waitUntil(lambda alone=alone: (alone.tiles[0] if hasattr(alone, "tiles") else alone).state
                            == "live", timeout=15000)
            assert near(render(alone, "camera-main-stream").pixelColor(960, 400), "#2050d0"), view
            alone.dispose()
        shiboken6.delete(scene)  # on the GUI thread (see the place fixture)
        qapp.processEvents()
    finally:
        main.close()
        sub.close()
