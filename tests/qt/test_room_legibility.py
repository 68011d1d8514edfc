"""The wall read from the leaders' seats (issue 20): every shipped layout on the demo wall of nine offscreen
1920x1080 screens, its figures from the demo's feeds and its communes named with the longest real names of Nghệ
An, Hà Tĩnh and Thanh Hóa, is rendered through a paint device that records every text run Qt draws
(tests/textcensus.py). Every text must be at least as tall as the configured distance needs (16 minutes of arc at
5 m: capitals of 37 px), whole (never elided or clipped) and clear of every other text. Each layout's picture is
kept in artifacts/room-<layout>.png; they were looked at.
"""

from __future__ import annotations

import contextlib
import gc
import json
import shutil

import pytest
from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QImage, QPainter

from ioc_core.catalogue import regions
from ioc_core.views import legibility
from wall.app import parse_args
from wall.assembly import build_wall
from wall.widgets import style

from ..common import SHIPPED_LAYOUTS
from ..pictures import ARTIFACTS
from ..textcensus import census, faults
from .test_alerts_rankings_legible import LONG_NAMES

LAYOUTS = sorted(p.stem for p in SHIPPED_LAYOUTS.glob("*.json"))

# Every kind of view again in regions smaller than the shipped layouts give them: half screens (960x1080) and
# quarter screens (960x540). A view that cannot show something whole at the room's size leaves it out.
KINDS = [{"kind": "clock"}, {"kind": "meeting"}, {"kind": "alerts"}, {"kind": "overview"}, {"kind": "health"},
         {"kind": "camera", "camera": "cam-quang-trung"}, {"kind": "chart", "indicator": "hcc-ho-so-tiep-nhan"},
         {"kind": "map", "layer": "incidents"}, {"kind": "sector", "sector": "hcc"},
         {"kind": "camera_grid", "group": "lu-lut", "rows": 2, "cols": 2, "dwell_s": 20},
         {"kind": "web", "url": "https://khong-duoc-phep.example.com/"}, {"kind": "sector", "sector": "giaoduc"}]


# Views naming what the catalogues lack, and a region left empty: the cards that say so.
MISSING = [{"kind": "sector", "sector": "khong-co-linh-vuc-nay"}, {"kind": "camera", "camera": "cam-khong-co"},
           {"kind": "chart", "indicator": "chi-tieu-khong-co-trong-danh-muc"}, {"kind": "map", "layer": "lop-khong-co"},
           None]


def _layout(lid: str, rows: int, cols: int, span: tuple[int, int], kinds=KINDS) -> dict:
    regions, cells = [], [(r, c) for r in range(0, rows, span[0]) for c in range(0, cols, span[1])]
    for n, (view, (r, c)) in enumerate(zip(kinds, cells, strict=False)):
        regions.append({"id": f"vung-{n}", "title": {"vi": f"Vùng {n} có tên dài như tên thật"}, "cell": [r, c],
                        "span": list(span), "view": view})
    return {"schema_version": 2, "id": lid, "title": {"vi": lid}, "grid": {"rows": rows, "cols": cols},
            "regions": regions}


SMALL = {"thu-nua-man-hinh": _layout("thu-nua-man-hinh", 3, 6, (1, 1)),
         "thu-phan-tu-man-hinh": _layout("thu-phan-tu-man-hinh", 6, 6, (1, 1)),
         "thu-thieu": _layout("thu-thieu", 6, 6, (1, 1), MISSING)}


@pytest.fixture(scope="module")
def demo_wall(qapp, tmp_path_factory):
    """The demo wall built in this process (its one assembly), its communes renamed with the longest names, every
    demo feed's first figures in."""
    state = tmp_path_factory.mktemp("room")
    layouts = tmp_path_factory.mktemp("layouts")
    for path in SHIPPED_LAYOUTS.glob("*.json"):
        shutil.copy(path, layouts / path.name)
    for lid, doc in SMALL.items():
        (layouts / f"{lid}.json").write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    longest = list(LONG_NAMES.values())
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("IOC_WALL_WATCHDOG_S", "600")
        mp.delenv("IOC_WALL_RESUME", raising=False)
        args = parse_args(["--demo", "--state-dir", str(state), "--layouts-dir", str(layouts),
                           "--api-bind", "127.0.0.1", "--api-port", "0", "--zeroconf", "off", "--api-plain-http",
                           "--name", "Tường thử chữ"])
        wall = build_wall(args, qapp)
        names = regions.region_names()
        mp.setattr(regions, "_in_use", {code: longest[i % len(longest)] for i, code in enumerate(sorted(names))})
        wall.start()
        try:
            _settle(qapp, wall, 4000)
            yield wall
        finally:
            wall.stop()
            with contextlib.suppress(Exception):
                import ctypes

                ctypes.CDLL(None, use_errno=True).prctl(36, 0, 0, 0, 0)  # the watchdog's subreaper off
            gc.unfreeze()
            gc.enable()


def _settle(qapp, wall, ms: int) -> None:
    """Let the data, the view models' worker and the repaints catch up."""
    from PySide6.QtCore import QElapsedTimer

    clock = QElapsedTimer()
    clock.start()
    while clock.elapsed() < ms:
        qapp.processEvents()
        if wall.hub is not None:
            wall.hub.settle()


def _picture(wall, name: str) -> None:
    geo = wall.runtime.geo
    img = QImage(geo.canvas_w // 2, geo.canvas_h // 2, QImage.Format.Format_RGB32)
    img.fill(QColor("black"))
    painter = QPainter(img)
    wall.runtime.scene.render(painter, QRectF(0, 0, img.width(), img.height()),
                              QRectF(0, 0, geo.canvas_w, geo.canvas_h))
    painter.end()
    ARTIFACTS.mkdir(exist_ok=True)
    img.save(str(ARTIFACTS / f"room-{name}.png"))


def test_the_room_needs_capitals_of_37_px_at_5_m():
    room = legibility.Room()
    assert round(room.cap_px, 1) == 36.9 and legibility.font_px(room) == 52
    assert round(room.arc_minutes(room.cap_px), 6) == 16
    assert round(legibility.Room(3.0).cap_px) == 22


def test_the_fonts_measure_as_the_check_computes(qapp):
    """The check's arithmetic (ioc_core.views.legibility) is the wall's font as Qt measures it."""
    from PySide6.QtGui import QFontMetricsF

    m = QFontMetricsF(style.font(100))
    assert m.capHeight() / 100 == pytest.approx(legibility.CAP_PER_FONT_PX, rel=0.02)
    assert m.height() / 100 == pytest.approx(legibility.LINE_PER_FONT_PX, rel=0.02)


@pytest.mark.parametrize("layout", LAYOUTS + sorted(SMALL))
def test_every_text_of_a_shipped_layout_reads_from_the_seats(demo_wall, qapp, layout):
    wall = demo_wall
    assert wall.config.room() == style.ROOM and style.MIN_TEXT_PX == 52
    result = wall.controller.execute({"command": "apply_layout", "layout": layout})
    assert result.accepted, result.reason
    _settle(qapp, wall, 2500)
    _picture(wall, layout)
    need = wall.config.room().cap_px
    found, drawn = [], 0
    for rid, item in wall.runtime.items.items():
        box = item.sceneBoundingRect()
        runs = census(wall.runtime.scene, box)
        drawn += len(runs)
        found += [f"{rid} ({(item.view or {}).get('kind')}): {f}"
                  for f in faults(runs, need, QRectF(0, 0, box.width(), box.height()))]
    assert drawn > 0
    assert not found, f"{len(found)} faults on {layout}:\n" + "\n".join(found)


def test_a_running_meeting_reads_from_the_seats(demo_wall, qapp):
    """The shipped monthly meeting, one item's title made as long as real ones get, running on the meeting layout:
    the agenda, the clock and the figures under discussion all whole and legible."""
    from ..common import ROOT

    wall = demo_wall
    meeting = json.loads((ROOT / "meetings" / "giao-ban-thang-11.json").read_text(encoding="utf-8"))
    meeting["items"][1]["title"] = ("Giải quyết thủ tục hành chính, dịch vụ công trực tuyến toàn trình và thanh toán "
                                    "trực tuyến trên Cổng dịch vụ công của tỉnh")
    for cmd in ({"command": "load_meeting", "meeting": meeting}, {"command": "meeting", "action": "start"},
                {"command": "meeting", "action": "goto", "item": 2}):
        result = wall.controller.execute(cmd)
        assert result.accepted, result.reason
    try:
        _settle(qapp, wall, 2500)
        _picture(wall, "meeting-running")
        need, found = wall.config.room().cap_px, []
        drawn = ""
        for rid, item in wall.runtime.items.items():
            runs = census(wall.runtime.scene, item.sceneBoundingRect())
            if (item.view or {}).get("kind") == "meeting":
                drawn = " ".join(r.text for r in runs)
            found += [f"{rid} ({(item.view or {}).get('kind')}): {f}" for f in faults(runs, need)
                      if (item.view or {}).get("kind") in ("meeting", "clock")]
        assert "Cổng dịch vụ công của tỉnh" in drawn  # the item on now, whole
        assert not found, "\n".join(found)
    finally:
        for action in ("end", "close"):
            wall.controller.execute({"command": "meeting", "action": action})
