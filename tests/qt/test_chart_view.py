"""Indicator charts rendered offscreen at 1920x1080: history, threshold zones, forecast, no data, live updates."""

from __future__ import annotations

import math
from datetime import datetime, timedelta
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QGraphicsScene, QGraphicsWidget

from ioc_core.catalogue import load_catalogue
from ioc_core.fmt import TZ
from ioc_core.indicators.indicator_store import IndicatorStore
from ioc_core.indicators.observation import Observation
from ioc_core.layouts.model import Region
from ioc_core.layouts.views import is_valid_view
from wall.runtime.datahub import DataHub
from wall.widgets import style
from wall.widgets.base import ViewContext
from wall.widgets.chart import ChartPanel, ChartView
from wall.widgets.registry import create_view

from ..common import Clock
from ..outlooks import days_after, made
from ..pictures import ARTIFACTS, renderer

CAT = load_catalogue()
NOON = datetime(2026, 11, 23, 12, 0, tzinfo=TZ)


@pytest.fixture
def setup(qapp, qtbot, tmp_path: Path):
    clock = Clock(NOON.timestamp())
    path = tmp_path / "chi-tieu.sqlite"
    writer = IndicatorStore(path, CAT, clock=clock)
    hub = DataHub(CAT, path, clock=clock)
    scene = QGraphicsScene(0, 0, 1920, 1080)
    views = []

    def make(indicator: str, **params) -> ChartView:
        view = ChartView(Region("bieu-do", 0, 0), {"kind": "chart", "indicator": indicator, **params},
                         ViewContext(hub))
        view.setGeometry(QRectF(0, 0, 1920, 1080))
        view.tick(datetime.fromtimestamp(clock.t, TZ))
        scene.addItem(view)
        views.append(view)
        qtbot.wait(1)  # pyqtgraph lays its plot out in the next pass of the event loop
        hub.settle()  # the series and forecast are computed on the hub's worker
        return view

    def ingest(*obs: Observation):
        assert writer.ingest("test", obs).rejected == []
        hub.mark({o.indicator for o in obs})
        hub._flush()
        while hub._news:  # deliver to every view now, as the event loop would
            hub._deliver_one()
        hub.settle()

    yield make, ingest, clock, hub
    for v in views:
        v.dispose()
        scene.removeItem(v)
    hub.close()
    writer.close()


render = renderer("chart")


def days(indicator: str, values, end: datetime = NOON) -> list[Observation]:
    first = end.date() - timedelta(days=len(values) - 1)
    return [Observation(indicator, (first + timedelta(days=i)).isoformat(), float(v)) for i, v in enumerate(values)]


def hours(indicator: str, values, end: datetime = NOON) -> list[Observation]:
    return [Observation(indicator, (end - timedelta(hours=len(values) - 1 - i)).strftime("%Y-%m-%dT%H:%M"), float(v))
            for i, v in enumerate(values)]


def months(indicator: str, values, end: datetime = NOON) -> list[Observation]:
    first = end.year * 12 + end.month - 1 - (len(values) - 1)
    return [Observation(indicator, f"{(first + i) // 12}-{(first + i) % 12 + 1:02d}-01", float(v))
            for i, v in enumerate(values)]


def epoch(day: str) -> float:
    return datetime.fromisoformat(day).replace(tzinfo=TZ).timestamp()


def scene_pos(panel: ChartPanel, x: float, y: float):
    return panel.vb.mapViewToScene(pg_point(x, y))


def pg_point(x, y):
    from PySide6.QtCore import QPointF

    return QPointF(x, y)


def tinted(c: QColor, ref: QColor) -> bool:
    """``c`` is the panel with ``ref`` laid over it at low alpha: it leans towards ``ref``."""
    base = style.PANEL
    return all((a - b) * (r - b) >= 0 for a, b, r in zip(c.getRgb()[:3], base.getRgb()[:3], ref.getRgb()[:3],
                                                          strict=True)) and c != base


def test_history_curve_holds_the_stored_values_and_renders_at_full_hd(setup):
    make, ingest, _, _ = setup
    values = [95 + 2 * math.sin(i / 4) for i in range(40)]
    obs = days("hcc-ty-le-dung-han", values)
    ingest(*obs)
    view = make("hcc-ty-le-dung-han")
    x, y = view.panel.curve.getData()
    assert list(y) == pytest.approx(values)
    assert list(x) == pytest.approx([epoch(o.period) for o in obs])
    assert np.isfinite(x).all() and np.isfinite(y).all()
    img = render(view, "hcc-ty-le-dung-han")
    assert QColor(img.pixel(960, 60)).getRgb()[:3] == style.PANEL.getRgb()[:3]  # the header band
    # the line is drawn where the last value is
    last = scene_pos(view.panel, x[-1], y[-1])
    assert any(QColor(img.pixel(int(last.x()) + dx, int(last.y()) + dy)).blue() > 200
               for dx in range(-6, 7) for dy in range(-6, 7))


def test_critical_zone_of_a_lower_better_indicator_is_above_its_threshold(setup):
    make, ingest, _, _ = setup
    ind = CAT.indicators["mt-aqi"]  # lower_better: warning above 101, critical above 151
    ingest(*hours("mt-aqi", [120 + 30 * math.sin(i / 3) for i in range(30)]))
    view = make("mt-aqi")
    panel = view.panel
    (_, _), (y0, y1) = panel.vb.viewRange()
    crit, warn = panel.critical_band.rect(), panel.warning_band.rect()
    assert panel.critical_band.isVisible() and panel.warning_band.isVisible()
    assert crit.top() == pytest.approx(ind.critical) and crit.bottom() == pytest.approx(y1)
    assert warn.top() == pytest.approx(ind.warning) and warn.bottom() == pytest.approx(ind.critical)
    img = render(view, "mt-aqi")
    x_left = panel.vb.viewRange()[0][0]
    high = scene_pos(panel, x_left, (ind.critical + y1) / 2)
    mid = scene_pos(panel, x_left, (ind.warning + ind.critical) / 2)
    low = scene_pos(panel, x_left, max(y0, ind.warning - 15))
    px = lambda p: QColor(img.pixel(int(p.x()) + 4, int(p.y())))  # noqa: E731
    assert tinted(px(high), style.CRITICAL)
    assert tinted(px(mid), style.WARNING)
    assert px(low).getRgb()[:3] == style.PANEL.getRgb()[:3]  # below the warning threshold: no zone


def test_critical_zone_of_a_higher_better_indicator_is_below_its_threshold(setup):
    make, ingest, _, _ = setup
    ind = CAT.indicators["hcc-ty-le-dung-han"]  # higher_better: warning below 95, critical below 90
    ingest(*days("hcc-ty-le-dung-han", [91 + (i % 7) for i in range(20)]))
    panel = make("hcc-ty-le-dung-han").panel
    (_, _), (y0, _) = panel.vb.viewRange()
    crit, warn = panel.critical_band.rect(), panel.warning_band.rect()
    assert crit.top() == pytest.approx(y0) and crit.bottom() == pytest.approx(ind.critical)
    assert warn.top() == pytest.approx(ind.critical) and warn.bottom() == pytest.approx(ind.warning)
    assert panel.target_line.isVisible() and panel.target_line.getData()[1][0] == pytest.approx(ind.target)


@pytest.mark.parametrize(("points", "forecast"), [(2, False), (8, True), (40, True)])
def test_the_forecast_and_its_band_are_the_outlooks(setup, points, forecast):
    """A forecast shown by the indicator's outlook, made from the newest day drawn: its line and band, cut to a third
    of the history shown (two values are points: no forecast, whatever the outlook says)."""
    make, ingest, _, hub = setup
    ingest(*days("hcc-ty-le-dung-han", [93 + (i % 5) * 0.7 + i * 0.05 for i in range(points)]))
    ind = CAT.indicators["hcc-ty-le-dung-han"]
    hub.outlooks.put([made(ind, "2026-11-23", days_after("2026-11-23", 7), [95.0 + k * 0.1 for k in range(7)])])
    panel = make("hcc-ty-le-dung-han").panel
    assert (panel.forecast is not None) is forecast
    assert panel.band.isVisible() is forecast and panel.forecast_curve.isVisible() is forecast
    assert panel.labels["forecast"].isVisible() is forecast
    if forecast:
        fx, fy = panel.forecast_curve.getData()
        # the horizon shown is at most a third of the history's span: 7 days of history show 2 days ahead
        assert len(fx) == 1 + min(7, (points - 1) // 3) and np.isfinite(fy).all()
        assert fx[0] == pytest.approx(panel.x[-1]) and fx[1] == pytest.approx(panel.x[-1] + 86400)
        assert panel.band.polygon().size() == 2 * len(fx)
        assert list(fy[1:]) == pytest.approx([95.0 + k * 0.1 for k in range(len(fx) - 1)])
        assert panel.legend["forecast"].isVisible()
        assert panel.legend["forecast"].text() == "Dự báo · sai số trung bình 3,2 % trong 12 kỳ qua"


def test_nan_and_inf_never_reach_the_curves(setup, monkeypatch):
    make, ingest, _, hub = setup
    bad = pd.DataFrame({
        "period": pd.to_datetime([f"2026-11-{d:02d}" for d in range(1, 13)] + ["not a date"], errors="coerce"),
        "value": [96.0, np.nan, 97.0, np.inf, 95.5, -np.inf, 96.2, 96.8, 95.1, 97.3, 96.0, 95.7, 96.0],
        "observed_at": [NOON.timestamp()] * 13, "source": ["x"] * 13,
    })
    monkeypatch.setattr(hub._reader, "history", lambda indicator, region="province": bad)
    ind = CAT.indicators["hcc-ty-le-dung-han"]
    hub.outlooks.put([made(ind, "2026-11-12", days_after("2026-11-12", 7), [96.0] * 7)])
    panel = make("hcc-ty-le-dung-han").panel
    x, y = panel.curve.getData()
    assert len(y) == 9 and np.isfinite(x).all() and np.isfinite(y).all()
    fx, fy = panel.forecast_curve.getData()
    assert np.isfinite(fx).all() and np.isfinite(fy).all()


def test_no_data_says_so_instead_of_an_empty_plot(setup):
    make, _, _, _ = setup
    view = make("vbdt-ky-so")
    panel = view.panel
    assert not panel.has_data
    assert not panel.plot.isVisible()
    assert panel._empty.isVisible() and panel._empty.text() == "chưa có dữ liệu"
    assert not any(label.isVisible() for label in panel.labels.values())
    render(view, "no-data")


def test_new_data_redraws_only_the_chart_it_concerns(setup, monkeypatch):
    make, ingest, clock, hub = setup
    ingest(*days("hcc-ty-le-dung-han", [96.0] * 10, end=NOON - timedelta(days=1)))
    view = make("hcc-ty-le-dung-han")
    reads = []
    real = hub._reader.history  # the view-model worker's reads
    monkeypatch.setattr(hub._reader, "history", lambda *a, **k: reads.append(a) or real(*a, **k))

    ingest(Observation("mt-aqi", "2026-11-23T11:00", 80.0))  # another indicator: no reload
    assert reads == [] and not view.panel.dirty
    assert len(view.panel.curve.getData()[1]) == 10

    ingest(Observation("hcc-ty-le-dung-han", "2026-11-23", 91.5))
    assert reads == [("hcc-ty-le-dung-han", "province")]
    x, y = view.panel.curve.getData()
    assert len(y) == 11 and y[-1] == 91.5 and x[-1] == pytest.approx(epoch("2026-11-23"))
    render(view, "updated")


def test_a_running_total_is_a_hollow_point_left_out_of_the_line_and_forecast(setup):
    make, ingest, _, _ = setup
    obs = days("dl-luot-khach", [26_000 + 800 * (i % 6) for i in range(30)], end=NOON - timedelta(days=1))
    ingest(*obs, Observation("dl-luot-khach", "2026-11-23", 9_000.0))  # today, still counting
    panel = make("dl-luot-khach").panel
    assert len(panel.curve.getData()[1]) == 30
    assert panel.partial == (pytest.approx(epoch("2026-11-23")), 9_000.0)
    assert panel.labels["partial"].text() == "Tạm tính 9.000"
    value, label = panel.target_value()  # an annual plan shown as its even daily pace
    assert value == pytest.approx(9_450_000 / 365) and label == "BQ kế hoạch %1"
    assert panel.labels["target"].text() == "BQ kế hoạch 25.890"
    render(panel.host, "running-total")


def test_embedded_panel_wraps_a_long_name_and_keeps_text_readable(setup, qtbot):
    _, ingest, clock, hub = setup
    ingest(*months("hcc-chi-so-phuc-vu", [78 + i % 5 + i * 0.3 for i in range(20)]))
    scene = QGraphicsScene(0, 0, 1920, 1080)
    host = QGraphicsWidget()
    scene.addItem(host)
    panel = ChartPanel(host, hub, "hcc-chi-so-phuc-vu")
    panel.set_rect(QRectF(40, 40, 620, 380))
    panel.refresh(clock())
    hub.settle()
    qtbot.wait(1)
    # the name whole, on as many lines as it needs (issue 20: never cut; "…" before)
    assert " ".join(panel._title.text().split()) == panel._full_title
    assert panel._title.font().pixelSize() >= style.MIN_TEXT_PX
    assert panel.left.style["tickFont"].pixelSize() >= style.MIN_TEXT_PX
    assert all(label.font().pixelSize() >= style.MIN_TEXT_PX for label in panel.labels.values() if label.isVisible())
    # the plot is inside the rect it was given
    assert QRectF(40, 40, 620, 380).contains(panel.plot.mapRectToParent(panel.plot.rect()))
    assert panel.refresh(clock()) is False  # nothing new: nothing re-read
    img = QImage(700, 460, QImage.Format.Format_RGB32)
    img.fill(style.BACKGROUND)
    painter = QPainter(img)
    scene.render(painter, QRectF(0, 0, 700, 460), QRectF(0, 0, 700, 460))
    painter.end()
    img.save(str(ARTIFACTS / "chart-embedded.png"))
    panel.dispose()
    scene.removeItem(host)


def test_the_view_kind_builds_through_the_registry(setup):
    _, ingest, _, hub = setup
    ingest(*hours("mt-aqi", [60 + i for i in range(12)]))
    assert is_valid_view({"kind": "chart", "indicator": "mt-aqi", "region": "province", "days": 30})
    assert not is_valid_view({"kind": "chart", "indicator": "mt-aqi", "days": 0})
    view = create_view(Region("r", 0, 0), {"kind": "chart", "indicator": "mt-aqi"}, ViewContext(hub))
    assert isinstance(view, ChartView) and view.shows({"mt-aqi"}) and not view.shows({"mt-pm25"})
    view.dispose()


def test_fifty_chart_views_come_and_go_without_a_crash(setup, qtbot):
    make, ingest, _, hub = setup
    ingest(*hours("mt-aqi", [60 + 10 * math.sin(i / 5) for i in range(48)]))
    scene = QGraphicsScene(0, 0, 1920, 1080)
    img = QImage(480, 270, QImage.Format.Format_RGB32)
    for i in range(50):
        view = ChartView(Region(f"r{i}", 0, 0), {"kind": "chart", "indicator": "mt-aqi"}, ViewContext(hub))
        view.setGeometry(QRectF(0, 0, 960, 540))
        scene.addItem(view)
        if i % 10 == 0:
            qtbot.wait(1)
            painter = QPainter(img)
            scene.render(painter, QRectF(0, 0, 480, 270), QRectF(0, 0, 960, 540))
            painter.end()
        view.dispose()
        scene.removeItem(view)
        view.deleteLater()
    qtbot.wait(10)
    assert len(hub.changes) == 0


# -- charts fit their data (issue 20) ------------------------------------------------------------------------------

def drawn_texts(axis) -> list[str]:
    """The tick labels the axis paints (pyqtgraph's own draw specs, as its paint uses them)."""
    img = QImage(8, 8, QImage.Format.Format_RGB32)
    painter = QPainter(img)
    try:
        _, _, texts = axis.generateDrawSpecs(painter)
    finally:
        painter.end()
    return [t[2] for t in texts]


def embedded(hub, clock, qtbot, indicator: str, rect: QRectF, name: str):
    """A chart panel in a cell the size a sector view gives it, rendered and saved as artifacts/chart-<name>."""
    scene = QGraphicsScene(0, 0, rect.right() + 40, rect.bottom() + 40)
    host = QGraphicsWidget()
    scene.addItem(host)
    panel = ChartPanel(host, hub, indicator)
    panel.set_rect(rect)
    panel.refresh(clock())
    hub.settle()
    qtbot.wait(1)
    size = scene.sceneRect().size().toSize()
    img = QImage(size, QImage.Format.Format_RGB32)
    img.fill(style.BACKGROUND)
    painter = QPainter(img)
    scene.render(painter, scene.sceneRect(), scene.sceneRect())
    painter.end()
    img.save(str(ARTIFACTS / f"chart-{name}.png"))
    return panel, scene, host, img


def test_a_count_is_drawn_on_whole_number_ticks(setup, qtbot):
    make, ingest, clock, hub = setup
    ingest(*days("antt-nguoi-chet-tngt", [0, 1, 0, 2, 1, 0, 1]))  # deaths on the roads: "người", a handful a day
    view = make("antt-nguoi-chet-tngt")
    render(view, "count")
    labels = drawn_texts(view.panel.left)
    assert view.panel.series.integer
    assert {"1", "2", "3"} <= set(labels), labels  # "0,5", "1,0" before
    assert all(t.isdigit() for t in labels), labels
    panel, scene, host, _ = embedded(hub, clock, qtbot, "antt-nguoi-chet-tngt", QRectF(20, 20, 940, 430),
                                     "count-embedded")
    labels = drawn_texts(panel.left)
    assert labels and all(t.isdigit() for t in labels), labels
    panel.dispose()
    scene.removeItem(host)


def month_of(label: str) -> tuple[int, int]:
    m, y = label.split("/")
    return int(y), int(m)


def test_a_short_forecast_takes_a_third_of_the_axis_at_most(setup):
    make, ingest, _, hub = setup
    ingest(*months("ktxh-cpi", [3.1, 3.3, 3.2, 3.5, 3.4, 3.6, 3.5, 3.7, 3.6, 3.8]))  # 02/2026 to 11/2026
    six = ["2026-12-01"] + [f"2027-0{m}-01" for m in range(1, 6)]
    hub.outlooks.put([made(CAT.indicators["ktxh-cpi"], "2026-11-01", six, [3.8] * 6, band=0.3)])
    view = make("ktxh-cpi")
    panel = view.panel
    render(view, "cpi-short")
    assert panel.forecast is not None and len(panel.forecast_x) == 3  # three months ahead, not six
    history = panel.x[-1] - panel.x[0]
    assert panel.bottom.last <= panel.x[-1] + history / 3 + 5 * 86400
    labels = drawn_texts(panel.bottom)
    assert labels and max(month_of(t) for t in labels) <= (2027, 2), labels  # 05/2027 before
    x0, x1 = panel.vb.viewRange()[0]
    future = (panel.bottom.last - panel.x[-1]) / (x1 - x0)  # the forecast (the labels' margin follows it)
    assert future < 0.2


def test_two_values_are_labelled_points_not_a_flat_line(setup, qtbot):
    make, ingest, clock, hub = setup
    ingest(*months("ktxh-cpi", [3.4, 3.6]))
    view = make("ktxh-cpi")
    panel = view.panel
    img = render(view, "two-points")
    assert panel.series.mark == "points"
    assert len(panel.curve.getData()[0] if panel.curve.getData()[0] is not None else []) == 0
    assert list(panel.last_point.getData()[1]) == [3.4, 3.6]
    assert not panel.forecast_curve.isVisible() and not panel.band.isVisible()
    labels = [item for item in panel.point_labels if item.isVisible()]
    assert [item.text() for item in labels] == ["3,4", "3,6"]
    assert all(item.font().pixelSize() >= style.MIN_TEXT_PX for item in labels)
    a, b = (labels[0].mapRectToScene(labels[0].boundingRect()), labels[1].mapRectToScene(labels[1].boundingRect()))
    assert not a.intersects(b)
    for (x, y), box in zip(zip(panel.x, panel.y, strict=True), (a, b), strict=True):
        p = scene_pos(panel, x, y)
        assert abs(box.center().x() - p.x()) < 4 and (box.bottom() < p.y() or box.top() > p.y())
        assert QRectF(0, 0, 1920, 1080).contains(box)
    # nothing drawn between the two points: no line
    first, second = scene_pos(panel, panel.x[0], panel.y[0]), scene_pos(panel, panel.x[1], panel.y[1])
    mid = (first + second) / 2
    assert not any(QColor(img.pixel(int(mid.x()) + dx, int(mid.y()) + dy)).blue() > 200
                   for dx in range(-4, 5) for dy in range(-4, 5))
    # both points shown on the time axis, each under its month
    assert drawn_texts(panel.bottom) == ["10/2026", "11/2026"]
    panel2, scene, host, _ = embedded(hub, clock, qtbot, "ktxh-cpi", QRectF(20, 20, 940, 430), "two-points-embedded")
    assert [item.text() for item in panel2.point_labels if item.isVisible()] == ["3,4", "3,6"]
    panel2.dispose()
    scene.removeItem(host)
