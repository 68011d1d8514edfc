"""Camera names read from the leaders' seats (issue 20): a camera's name on its picture's band is whole at the
room's smallest legible size, never "Camera nút giao Quang Trung – L…": on one line with the picture's time,
else without its common "Camera " prefix, the time without its word, on two lines; and the card of a camera
without a picture stays clear of the band. Judged on what is drawn (tests/textcensus.py) in the cells a camera
grid really has: a whole screen, a quarter of it (2 x 2), a ninth (3 x 3). Pictures: artifacts/camname-*.png."""

from __future__ import annotations

from datetime import datetime

import pytest
from PySide6.QtCore import QRectF

from ioc_core import fmt
from ioc_core.catalogue.cameras import parse_cameras
from ioc_core.layouts.model import Region
from ioc_core.views.names import short_camera_name
from wall.widgets import style
from wall.widgets.base import ViewContext
from wall.widgets.camera import plan_band
from wall.widgets.registry import create_view

from ..fakeservers import closed_port_url
from ..pictures import Stage, renderer
from ..textcensus import faults, item_census

render = renderer("camname")
LONGEST = "Camera sảnh Trung tâm phục vụ hành chính công"  # the longest of the shipped cameras.json
CELLS = [(1920, 1080), (960, 540), (640, 360)]


def catalogue():
    return parse_cameras({"schema_version": 1,
                          "groups": [{"id": "giao-thong", "name": {"vi": "Giao thông"}, "kind": "traffic"}],
                          "cameras": [{"id": "cam-dai", "name": {"vi": LONGEST}, "group": "giao-thong",
                                       "streams": [closed_port_url()]}]})


@pytest.fixture
def stage(qapp):
    s = Stage()
    yield s
    s.close(qapp)


def test_the_common_prefix_is_dropped_by_rule():
    assert short_camera_name("Camera nút giao Quang Trung") == "Nút giao Quang Trung"
    assert short_camera_name("Camera") == "Camera" and short_camera_name("Cầu Bến Thủy") == "Cầu Bến Thủy"


@pytest.mark.parametrize("size", CELLS)
@pytest.mark.parametrize("state", ["connecting", "no_signal", "live"])
def test_a_camera_s_name_is_whole_in_every_cell(stage, qtbot, size, state):
    view = create_view(Region("cam", 0, 0), {"kind": "camera", "camera": "cam-dai"}, ViewContext(cameras=catalogue()))
    stage.place(view)
    view.setGeometry(QRectF(0, 0, *size))
    view.dispose()  # no stream: the state is set here, as the stream would
    view.state = state
    if state == "no_signal":
        view.why, view.last_frame_wall = "không kết nối được", None
    if state == "live":  # a frame arrived, its image not kept: the band is what is judged
        view.last_frame_wall = datetime(2026, 11, 23, 12, 0, 5, tzinfo=fmt.TZ)
    render(view, f"{state}-{size[0]}x{size[1]}")
    runs = item_census(view)
    assert not faults(runs, style.ROOM.cap_px)
    band = view.band
    shown = " ".join(band["lines"])
    assert shown.split() in (LONGEST.split(), short_camera_name(LONGEST).split())  # whole, in either form
    assert (band["when"] != "") == (state == "live") or (state == "live" and size[0] < 960)  # (secondary)
    assert " ".join(" ".join(r.text for r in runs).split()).count("hành chính công") == 1


def test_the_band_prefers_the_whole_name_and_the_time_on_one_line(qapp):
    when = "● trực tiếp 12:00:05"
    wide = plan_band("Camera cầu Bến Thủy", when, 1920, 1080)
    assert wide["lines"] == ["Camera cầu Bến Thủy"] and wide["when"] == when
    narrow = plan_band(LONGEST, when, 960, 540)
    assert narrow["lines"] and " ".join(narrow["lines"]).split() == short_camera_name(LONGEST).split()
    assert narrow["when"] in (when, "● 12:00:05")
