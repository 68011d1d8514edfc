"""The share-out and the minutes without a display: the share command and what area it names, kept across a
restart; the frame box's hand-over, demand and bound; the minutes' summary and its as-of wording."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest

from ioc_core.api.share_frames import FrameBox, TooManyViewers
from ioc_core.control.controller import Controller
from ioc_core.control.saved_state import StateStore
from ioc_core.control.sharing import fit_width, share_area, share_info
from ioc_core.layouts import LayoutLibrary
from ioc_core.meeting import minutes as mm
from ioc_core.meeting.model import parse_meeting
from ioc_core.meeting.run import MeetingRun
from ioc_core.setup.geometry import Rect, WallGeometry

from ..common import ROOT, SHIPPED_LAYOUTS, Clock
from ..waiting import until

DEMO = json.loads((ROOT / "meetings" / "giao-ban-thang-11.json").read_text())
T0 = 1795482000.0  # 2026-11-24 08:00 +07:00


@pytest.fixture
def lib() -> LayoutLibrary:
    return LayoutLibrary.load_dir(SHIPPED_LAYOUTS)


def test_the_share_command_names_an_area_and_survives_a_restart(lib, tmp_path):
    store = StateStore(tmp_path / "state.json")
    c = Controller(lib, WallGeometry(), store)
    c.restore()
    geo = c.geometry
    assert share_area(c.state.share, c.state.layout, geo) is None  # nothing is shared until an operator says so
    assert c.execute({"command": "share", "screen": [2, 1]}).changed
    rect, label = share_area(c.state.share, c.state.layout, geo)
    assert rect == geo.screen_rect(2, 1) and label == "Màn hình hàng 3, cột 2"
    assert not c.execute({"command": "share", "screen": [2, 1]}).changed  # idempotent
    assert c.execute({"command": "share", "region": "ktxh"}).accepted
    region = c.state.layout.region("ktxh")
    rect, label = share_area(c.state.share, c.state.layout, geo)
    assert rect == geo.cell_rect(c.state.layout.grid_rows, c.state.layout.grid_cols, region.row, region.col,
                                 region.rows, region.cols)
    assert label == f"Vùng «{region.label}»"
    assert c.execute({"command": "share", "region": "trung-tam"}).accepted  # the meeting layout's: accepted now
    rect, label = share_area(c.state.share, c.state.layout, geo)  # and nothing shared until it is up: never more
    assert rect is None and label.startswith("Vùng «trung-tam» không có trên tường lúc này")
    assert c.execute({"command": "share", "wall": True}).accepted
    assert share_area(c.state.share, c.state.layout, geo) == (Rect(0, 0, geo.canvas_w, geo.canvas_h), "Toàn bộ tường")
    assert c.execute({"command": "share", "region": "trung-tam"}).accepted

    again = Controller(lib, WallGeometry(), store)
    again.restore()
    assert again.state.share == {"region": "trung-tam"}
    assert again.execute({"command": "share", "off": True}).changed and again.state.share is None


@pytest.mark.parametrize(("cmd", "reason"), [
    ({"screen": [0, 3]}, "screen [0, 3] is not on this 3 x 3 wall"),
    ({"region": "khong-co"}, "no loaded layout has a region 'khong-co'"),
    ({"screen": [0, 0], "region": "ktxh"}, "share needs exactly one of: wall, screen, region, off (got screen, "),
    ({"wall": False}, "share: wall: True was expected"),
])
def test_bad_share_commands_are_refused_with_the_reason(lib, cmd, reason):
    c = Controller(lib, WallGeometry())
    result = c.execute({"command": "share", **cmd})
    assert not result.accepted and reason in result.reason and c.state.share is None


def test_a_saved_share_that_no_longer_fits_is_dropped_with_a_problem(lib, tmp_path):
    store = StateStore(tmp_path / "state.json")
    store.save({"revision": 3, "layout": "tong-quan", "views": {}, "share": {"screen": [7, 7]}})
    c = Controller(lib, WallGeometry(), store)
    c.restore()
    assert c.state.share is None and any("$.share" in str(p) for p in c.problems)


def test_share_pictures_are_at_most_1280_wide_with_even_sides():
    assert fit_width(Rect(0, 0, 1920, 1080), 1280) == (1280, 720)
    assert fit_width(Rect(0, 0, 640, 481), 1280) == (640, 480)  # never upscaled
    assert fit_width(Rect(0, 0, 5840, 3320), 1280) == (1280, 728)


def test_the_share_page_hears_the_agenda_and_the_clock_but_no_feeds(lib):
    c = Controller(lib, WallGeometry(), clock=Clock(T0))
    c.execute({"command": "load_meeting", "meeting": DEMO})
    c.execute({"command": "meeting", "action": "start"})
    c.execute({"command": "share", "wall": True})
    info = share_info(c.state, c.geometry, "Tường IOC", T0 + 60)
    assert info["sharing"] and info["label"] == "Toàn bộ tường" and info["wall"] == "Tường IOC"
    m = info["meeting"]
    assert m["title"] == DEMO["title"] and m["item"] == 0 and m["remaining_s"] == 14 * 60
    assert [i["title"] for i in m["items"]] == [i["title"] for i in DEMO["items"]]
    assert "feed" not in json.dumps(m) and "rtsp" not in json.dumps(info)  # remote rooms only watch


def test_the_frame_box_hands_the_newest_picture_to_every_waiting_viewer():
    box = FrameBox()
    got = []

    def watch():
        with box.viewer():
            got.append(box.newer(0, 5))
    watchers = [threading.Thread(target=watch) for _ in range(5)]
    for w in watchers:
        w.start()
    until(lambda: box.viewers == 5, 5, "five viewers waiting")
    assert box.wanted()
    box.publish(b"jpeg-1", 1.0, 1280, 720)
    for w in watchers:
        w.join(2)
    assert [f.jpeg for f in got] == [b"jpeg-1"] * 5 and box.viewers == 0
    assert box.newer(1, 0.05) is None  # nothing newer: the long poll ends empty
    box.publish(b"jpeg-2", 2.0, 1280, 720)
    assert box.newer(1, 0).seq == 2
    assert box.newer(36000, 0).seq == 2  # a page open from before the wall restarted gets the newest at once
    box.clear()  # another area is shared: nobody gets the old picture
    assert box.newer(0, 0.05) is None and box.latest() is None


def test_the_frame_box_refuses_the_viewer_over_the_bound_and_stops_wanting_pictures():
    clock = Clock(100.0)
    box = FrameBox(max_viewers=2, clock=clock)
    assert not box.wanted()  # nobody asked: the wall draws nothing for the share-out
    with box.viewer(), box.viewer(), pytest.raises(TooManyViewers, match="the limit is 2"), box.viewer():
        pass
    assert box.wanted()  # just left: a page between two polls still counts
    clock.t += 11
    assert not box.wanted()


def test_the_minutes_summary_says_when_each_item_was_shown_and_how_fresh_its_figures_were(lib):
    meeting = parse_meeting(DEMO, "m.json", {k: list(v.region_ids) for k, v in lib.layouts.items()})
    run = MeetingRun(meeting).go_to(0, T0)
    run = run.go_to(1, T0 + 600).end(T0 + 900)
    caps = [mm.Capture(0, "so-lieu-1", "Số liệu 1", {"kind": "sector", "sector": "ktxh"}, "01-so-lieu-1.png",
                       T0 + 599, None, T0 - 7200, T0 - 60),
            mm.Capture(1, "trung-tam", "Trung tâm", {"kind": "sector", "sector": "hcc"}, "02-trung-tam.png",
                       T0 + 899, T0 + 700, T0 - 30, T0 - 30),
            mm.Capture(1, "so-lieu-1", "Số liệu 1", {"kind": "camera", "camera": "x"}, "02-so-lieu-1.png",
                       T0 + 899)]
    doc = mm.summary(run, caps, "Tường IOC", T0 + 901)
    assert mm.folder_name(run) == "2026-11-24-0800-giao-ban-thang-11"
    first, second = doc["items"][0], doc["items"][1]
    assert first["shown"] == [[T0, T0 + 600]] and first["shown_minutes"] == 10.0
    assert second["shown"] == [[T0 + 600, T0 + 900]] and doc["ended_at"] == T0 + 900
    assert first["views"][0]["as_of"] == "Số liệu cập nhật từ 06:00 24/11/2026 đến 07:59 24/11/2026"
    assert second["views"][0]["as_of"] == "Số liệu tại 08:11 24/11/2026 (giữ nguyên để thảo luận)"
    assert second["views"][1]["as_of"] == "Hình lúc 08:14 24/11/2026"  # a camera: the time of the picture
    assert doc["items"][2]["shown"] == [] and doc["items"][2]["views"] == []


def test_pictures_of_an_earlier_run_of_the_wall_are_kept_and_replaced_per_item_and_region(tmp_path: Path):
    a = mm.Capture(0, "r", "R", None, "01-r.png", T0)
    b = mm.Capture(1, "r", "R", None, "02-r.png", T0 + 1)
    mm.write_captures(tmp_path, [a, b])
    assert mm.read_captures(tmp_path) == [a, b]
    (tmp_path / "anh.json").write_text("{ hỏng")
    assert mm.read_captures(tmp_path) == []  # a torn list is not a crash: the pictures on disk stay
