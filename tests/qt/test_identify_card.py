"""The identify card as a technician reads it from the room: every text at least the size the room's viewing
distance needs, each problem whole and in Vietnamese (the region by its title, no JSON path, folder or revision),
the room's warnings listed as the bezel ones are, and following a new distance at once (WallRuntime.reconfigure)."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QImage, QPainter

from ioc_core.control.controller import Controller
from ioc_core.layouts import LayoutLibrary
from ioc_core.problems import Problem, Severity, coded
from ioc_core.setup.outputs import Monitor
from ioc_core.setup.wall_config import parse_config
from ioc_core.views.legibility import Room
from wall.runtime.overlays import worded
from wall.runtime.runtime import WallRuntime
from wall.widgets import style

from ..pictures import ARTIFACTS
from ..textcensus import census, faults
from .test_viewing_distance import SMALL_SECTOR

BASE = {"schema_version": 1, "screens": {"rows": 3, "cols": 3, "width_px": 1920, "height_px": 1080,
                                         "width_mm": 1209.6, "height_mm": 680.4}}
MONITORS = [Monitor(f"WALL{r * 3 + c}", c * 1920, r * 1080, 1920, 1080) for r in range(3) for c in range(3)]
FINGERPRINT = "SHA256:" + ":".join(f"{i * 7 % 256:02X}" for i in range(32))
TOKEN = "k3Jx9QeT0vB7mWc2RzL5nYp8"


def config_at(metres: float):
    return parse_config({**BASE, "room": {"viewing_distance_m": metres}}, "wall.json")


@pytest.fixture
def runtime(qtbot, tmp_path):
    (tmp_path / "hcc-nho.json").write_text(json.dumps(SMALL_SECTOR, ensure_ascii=False), encoding="utf-8")
    config = config_at(3)
    controller = Controller(LayoutLibrary.load_dir(tmp_path), config.geometry(), room=config.room())
    assert controller.execute({"command": "apply_layout", "layout": "hcc-nho"}).accepted
    rt = WallRuntime(controller, config, monitors=lambda: MONITORS)
    rt.start()
    rt.set_api_access("http://127.0.0.1:8765/api/v1", TOKEN, FINGERPRINT)
    assert controller.execute({"command": "identify", "on": True}).accepted
    yield rt
    rt.shutdown()
    for w in rt.windows:
        w.deleteLater()
    style.set_room(Room())  # the next tests read the wall from 5 m again


def card(rt, screen=(0, 0), name: str = "") -> list:
    """The texts the card of ``screen`` draws (the views under it hidden: they are judged elsewhere); its picture
    saved as artifacts/identify-<name>.png."""
    for item in rt.items.values():
        item.setVisible(False)
    try:
        r = rt.geo.screen_rect(*screen)
        rect = QRectF(r.x, r.y, r.w, r.h)
        if name:
            img = QImage(1920, 1080, QImage.Format.Format_RGB32)
            img.fill(QColor("black"))
            painter = QPainter(img)
            rt.scene.render(painter, QRectF(0, 0, 1920, 1080), rect)
            painter.end()
            ARTIFACTS.mkdir(exist_ok=True)
            img.save(str(ARTIFACTS / f"identify-{name}.png"))
        return census(rt.scene, rect)
    finally:
        for item in rt.items.values():
            item.setVisible(True)


def said(runs) -> str:
    return " ".join(r.text for r in runs)


def test_the_room_warning_appears_whole_in_vietnamese_when_the_distance_grows(runtime):
    runs = card(runtime, name="3m")
    assert faults(runs, style.ROOM.cap_px) == []
    assert "quá nhỏ" not in said(runs) and "Hàng 1 · Cột 1 · WALL0" in said(runs)

    assert runtime.reconfigure(config_at(8)) == ""
    assert style.MIN_TEXT_PX == 83
    runs = card(runtime, (0, 1), name="8m")
    assert faults(runs, style.ROOM.cap_px) == []  # every text at 59 px capitals, none cut or over another
    text = said(runs)
    assert "Vùng «Hành chính công» quá nhỏ cho lĩnh vực đọc từ 8 m: cần ít nhất" in text, text
    for internal in ("$.", "regions[", "/tmp", "hcc-nho", "sector", "warning:", "…"):
        assert internal not in text, (internal, text)
    assert "Còn " in text and "mục khác (xem nhật ký của tường)" in text  # the bezel warnings that did not fit
    # screen 1 keeps the API's lines whole: the fingerprint's 32 pairs across its lines, the token masked in a
    # picture; the problems are on the other eight
    runs = card(runtime, (0, 0), name="8m-screen1")
    assert faults(runs, style.ROOM.cap_px) == []
    assert FINGERPRINT in "".join(r.text for r in runs if r.text.count(":") > 2)
    assert TOKEN not in said(runs) and "••••••" in said(runs)


def test_at_five_metres_every_screens_card_is_legible(runtime):
    assert runtime.reconfigure(config_at(5)) == ""
    for screen in runtime.geo.screens():
        runs = card(runtime, screen, name="5m" if screen == (0, 0) else "")
        assert faults(runs, style.ROOM.cap_px) == [], screen


def test_a_problem_is_worded_without_where_it_lies_in_which_file():
    cut = coded("/srv/ioc/layouts/tong-quan.json", "$.regions[0]", "layout.bezel_cut", Severity.WARNING,
                region="ban-do", kind="chart", screens=2)
    assert worded(cut, {"ban-do": "Bản đồ sự cố"}) == (
        "Vùng «Bản đồ sự cố» hiện biểu đồ chỉ tiêu (chữ và số liệu) trên 2 màn hình: số bị viền màn hình cắt ngang "
        "thì không đọc được")
    stale = Problem("/srv/ioc/state/wall-state.json", "$.layout",
                    "saved layout 'hop' (revision 3f9a0c2b7d1e4a56) no longer exists")
    assert worded(stale) == "Wall-state.json: saved layout 'hop' no longer exists"
