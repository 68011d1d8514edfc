"""Charts read from the leaders' seats (issue 20): at the sizes they really have on the wall, every text a chart
draws is at least the room's smallest legible size, whole, and clear of every other text; what does not fit is
left out, the least important first. Judged on what the paint engine receives (tests/textcensus.py)."""

from __future__ import annotations

import math
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QRectF
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QGraphicsScene, QGraphicsWidget

from ioc_core.catalogue import load_catalogue
from ioc_core.fmt import TZ
from ioc_core.indicators.indicator_store import IndicatorStore
from ioc_core.indicators.observation import Observation
from ioc_core.layouts.model import Region
from ioc_core.views import legibility
from wall.widgets import style
from wall.widgets.base import ViewContext
from wall.widgets.chart import ChartPanel, ChartView

from ..common import Clock
from ..outlooks import fitted
from ..pictures import ARTIFACTS
from ..textcensus import census, faults

CAT = load_catalogue()
NOON = datetime(2026, 11, 23, 12, 0, tzinfo=TZ)
# Inside a one-screen sector view (a wide and a narrow panel) and as a region of its own (a whole screen, and a
# ninth of a 6x6 grid over the nine screens).
PANELS = {"sector-wide": (1260, 420), "sector-narrow": (620, 420)}
REGIONS = {"screen": (1920, 1080), "ninth": (960, 540)}
# Falling through the warning threshold (95 %): the latest value and the forecast are below it; forty days, which
# the models judge: a forecast, its record above the plot and its risk in the header.
FALLING = [97.6 - 0.07 * i + 0.25 * math.sin(i / 2.5) for i in range(40)]


@pytest.fixture
def wall(qapp, qtbot, tmp_path: Path):
    clock = Clock(NOON.timestamp())
    path = tmp_path / "chi-tieu.sqlite"
    writer = IndicatorStore(path, CAT, clock=clock)
    from wall.runtime.datahub import DataHub

    hub = DataHub(CAT, path, clock=clock)
    made = []

    def ingest(*obs: Observation):
        assert writer.ingest("test", obs).rejected == []
        fitted(hub.outlooks, CAT, writer, {o.indicator for o in obs}, clock())  # what the forecasting worker does

    def panel(indicator: str, w: int, h: int):
        scene = QGraphicsScene(0, 0, w + 80, h + 80)
        host = QGraphicsWidget()
        scene.addItem(host)
        chart = ChartPanel(host, hub, indicator)
        chart.set_rect(QRectF(40, 40, w, h))
        chart.refresh(clock())
        hub.settle()
        qtbot.wait(1)
        made.append((scene, host, chart))
        return chart, scene, QRectF(40, 40, w, h)

    def view(indicator: str, w: int, h: int):
        scene = QGraphicsScene(0, 0, w, h)
        v = ChartView(Region("bieu-do", 0, 0), {"kind": "chart", "indicator": indicator}, ViewContext(hub))
        v.setGeometry(QRectF(0, 0, w, h))
        v.tick(datetime.fromtimestamp(clock.t, TZ))
        scene.addItem(v)
        qtbot.wait(1)
        hub.settle()
        made.append((scene, v, v.panel))
        return v, scene, QRectF(0, 0, w, h)

    yield ingest, panel, view
    for scene, item, chart in made:
        chart.dispose()
        scene.removeItem(item)
    hub.close()
    writer.close()


def days(indicator: str, values) -> list[Observation]:
    first = NOON.date() - timedelta(days=len(values) - 1)
    return [Observation(indicator, (first + timedelta(days=i)).isoformat(), float(v)) for i, v in enumerate(values)]


def months(indicator: str, values) -> list[Observation]:
    first = NOON.year * 12 + NOON.month - 1 - (len(values) - 1)
    return [Observation(indicator, f"{(first + i) // 12}-{(first + i) % 12 + 1:02d}-01", float(v))
            for i, v in enumerate(values)]


def look(scene, rect: QRectF, name: str):
    """The texts drawn in ``rect`` and the faults a reader at the room's distance would see; the picture kept."""
    img = QImage(int(rect.width()), int(rect.height()), QImage.Format.Format_RGB32)
    img.fill(style.BACKGROUND)
    painter = QPainter(img)
    scene.render(painter, QRectF(0, 0, rect.width(), rect.height()), rect)
    painter.end()
    ARTIFACTS.mkdir(exist_ok=True)
    img.save(str(ARTIFACTS / f"chart-room-{name}.png"))
    runs = census(scene, rect)
    return runs, faults(runs, style.ROOM.cap_px)


@pytest.mark.parametrize("size", PANELS)
def test_a_chart_in_a_sector_view_reads_from_the_seats(wall, size):
    ingest, panel, _ = wall
    ingest(*days("hcc-ty-le-dung-han", FALLING))
    chart, scene, rect = panel("hcc-ty-le-dung-han", *PANELS[size])
    assert chart.forecast is not None and chart.series.mark == "line"
    runs, found = look(scene, rect, f"panel-{size}")
    assert not found, "\n".join(found)
    texts = [r.text for r in runs]
    assert chart._title.isVisible() and "Tỷ lệ giải quyết đúng hạn" in " ".join(chart._title.text().split())
    # the threshold the forecast crosses is labelled: in full where there is room, by its figure otherwise
    assert "Cảnh báo 95,0" in texts or size != "sector-wide" and "95,0" in texts, texts
    # a tick or two on each axis, every one whole
    assert any("/" in t for t in texts), texts
    assert min(r.font_px for r in runs) >= style.MIN_TEXT_PX


@pytest.mark.parametrize("size", REGIONS)
def test_a_chart_region_reads_from_the_seats(wall, size):
    ingest, _, view = wall
    ingest(*days("hcc-ty-le-dung-han", FALLING))
    v, scene, rect = view("hcc-ty-le-dung-han", *REGIONS[size])
    assert v.head is not None and v.panel.forecast is not None
    runs, found = look(scene, rect, f"view-{size}")
    assert not found, "\n".join(found)
    texts = [r.text for r in runs]
    assert "Tỷ lệ giải quyết đúng hạn" in texts and "Dự báo" in texts, texts
    record = v.panel.legend["forecast"]
    assert record.isVisible() and record.text().startswith("Dự báo · sai số trung bình ")
    assert "Cảnh báo 95,0" in texts or size != "screen" and "95,0" in texts, texts


def test_the_longest_title_wraps_or_drops_its_unit_never_cut(wall):
    ingest, panel, _ = wall
    ingest(*months("hcc-chi-so-phuc-vu", [82 - i * 0.3 + i % 3 for i in range(20)]))
    for w, h in PANELS.values():
        chart, scene, rect = panel("hcc-chi-so-phuc-vu", w, h)
        runs, found = look(scene, rect, f"long-title-{w}")
        assert not found, "\n".join(found)
        title = " ".join(chart._title.text().split())
        assert title in (chart._full_title, "Chỉ số phục vụ người dân, doanh nghiệp (QĐ 766)"), title


def test_a_chart_too_small_for_its_axes_keeps_its_title_and_says_nothing_unreadable(wall):
    ingest, panel, _ = wall
    ingest(*days("hcc-ty-le-dung-han", FALLING))
    chart, scene, rect = panel("hcc-ty-le-dung-han", 620, 260)
    runs, found = look(scene, rect, "panel-small")
    assert not found, "\n".join(found)
    texts = [r.text for r in runs]
    assert texts[:2] == ["Tỷ lệ giải quyết đúng", "hạn (%)"], texts  # the title first, whole
    assert not chart._axes and not any("/" in t for t in texts), texts  # no axis labels rather than cut ones


def test_a_running_total_and_the_plan_pace_are_labelled_apart(wall):
    ingest, panel, _ = wall
    values = [1000 + 80 * math.sin(i / 1.3) for i in range(40)] + [306]  # today's total, still under way
    ingest(*days("hcc-ho-so-tiep-nhan", values))
    for w, h in (*PANELS.values(), (1896, 860)):
        chart, scene, rect = panel("hcc-ho-so-tiep-nhan", w, h)
        assert chart.partial is not None
        runs, found = look(scene, rect, f"running-{w}x{h}")
        assert not found, "\n".join(found)


def test_a_closer_room_shows_more(wall):
    """At 3 m the smallest legible text is smaller: the same chart carries more ticks and its labels in full."""
    ingest, panel, _ = wall
    ingest(*days("hcc-ty-le-dung-han", FALLING))
    chart, scene, rect = panel("hcc-ty-le-dung-han", *PANELS["sector-narrow"])
    far = [r.text for r in look(scene, rect, "panel-5m")[0]]
    try:
        style.set_room(legibility.Room(3.0))
        chart.relayout()
        runs, found = look(scene, rect, "panel-3m")
    finally:
        style.set_room(legibility.Room())
        chart.relayout()
    assert not found, "\n".join(found)
    near = [r.text for r in runs]
    assert len(near) > len(far), (far, near)
    assert min(r.font_px for r in runs) == legibility.font_px(legibility.Room(3.0))
