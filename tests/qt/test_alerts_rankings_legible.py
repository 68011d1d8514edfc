"""Rankings and alert lists read from the leaders' seats (issue 20): every commune or ward name whole (its kind
abbreviated, wrapped onto a second line when still too wide, never cut), every alert in full and naming its sector
and indicator, a critical alert never below a warning, and an empty alert panel one line.

Names: the longest of Nghệ An's 2025 communes and wards in the shipped regions.json ("Phường Trường Vinh",
"Xã Hưng Nguyên Nam", "Xã Thành Bình Thọ"), wards of Hà Tĩnh and Thanh Hóa after the 2025 reorganisation
("Phường Bắc Hồng Lĩnh", "Phường Hạc Thành"), and a longer one of the kind units had before it
("Thị trấn Nông trường Thống Nhất", Thanh Hóa), so that a name that must wrap is tested too.
Each picture is saved in artifacts/legible-*.png and was looked at.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QFontMetricsF, QImage, QPainter

from ioc_core.alerts import AlertBook
from ioc_core.catalogue import regions
from ioc_core.catalogue.sectorviews import load_sector_views
from ioc_core.indicators.observation import Observation
from ioc_core.layouts.model import Region
from ioc_core.views.alerts import alert_items
from ioc_core.views.names import short_region_name
from wall.widgets import panels, style
from wall.widgets.alertsview import AlertsView
from wall.widgets.base import ViewContext
from wall.widgets.sector import SectorView

from ..pictures import renderer
from .test_sector_view import CAT, NOON, setup

render = renderer("legible")
FIXTURES = (setup,)  # test_sector_view's, found by pytest by name

LONG_NAMES = {
    "xa-001": "Thị trấn Nông trường Thống Nhất",
    "xa-002": "Phường Bắc Hồng Lĩnh",
    "xa-003": "Xã Hưng Nguyên Nam",
    "xa-004": "Phường Trường Vinh",
    "xa-005": "Xã Thành Bình Thọ",
    "xa-006": "Phường Hạc Thành",
    "xa-007": "Phường Thành Vinh",
    "xa-008": "Xã Quỳnh Văn",
}


@pytest.fixture
def long_names(monkeypatch):
    monkeypatch.setattr(regions, "_in_use", {**regions.region_names(), **LONG_NAMES})


@pytest.fixture
def book():
    return AlertBook(None, lambda: NOON.timestamp())


def sector_view(hub, book, scene, sector: str) -> SectorView:
    view = SectorView(Region(sector, 0, 0), {"kind": "sector", "sector": sector},
                      ViewContext(hub, load_sector_views(CAT), book))
    view.setGeometry(QRectF(0, 0, 1920, 1080))
    view.tick(NOON)
    scene.addItem(view)
    hub.settle()
    return view


def laid_out(rect: QRectF, paint) -> dict:
    """What ``paint(painter, rect)`` laid out, painted on an image of the panel's real size."""
    img = QImage(int(rect.right()) + 1, int(rect.bottom()) + 1, QImage.Format.Format_RGB32)
    img.fill(QColor("black"))
    painter = QPainter(img)
    try:
        return paint(painter, rect)
    finally:
        painter.end()


def words(text: str) -> list[str]:
    return text.split()


def assert_whole(lines: list[str], text: str, px: float, width: float, bold: bool = False) -> None:
    """``lines`` say ``text`` whole, nothing elided, each within ``width`` at ``px``."""
    fm = QFontMetricsF(style.font(px, bold))
    assert not any("…" in line for line in lines), lines
    assert words(" ".join(lines)) == words(text), (lines, text)
    assert all(fm.horizontalAdvance(line) <= width + 0.5 for line in lines), (lines, width)


@pytest.mark.parametrize(("sector", "indicator", "values"), [
    ("hcc", "hcc-ty-le-dung-han", [71.0, 74.5, 80.0, 86.5, 91.0, 93.5, 95.0, 99.0]),
    ("pakn", "pakn-qua-han", [41.0, 37.0, 30.0, 22.0, 15.0, 9.0, 4.0, 1.0]),
])
def test_ranking_names_are_whole_at_the_real_panel_size(setup, book, long_names, qtbot, sector, indicator, values):
    make, ingest, clock, hub = setup
    period = "2026-11-23" if CAT.indicators[indicator].period != "instant" else "2026-11-23T11:00"
    ingest(*[Observation(indicator, period, v, code) for code, v in zip(LONG_NAMES, values, strict=True)])
    base = make(sector)
    view = sector_view(hub, book, base.scene(), sector)
    base.scene().removeItem(base)
    render(view, f"ranking-{sector}")
    [(n, panel)] = [(n, p) for n, p in enumerate(view.spec.panels) if p.kind == "ranking"]
    entries = view._models[n]
    assert entries[0].short == short_region_name(entries[0].name)
    plan = laid_out(view.rects[n], lambda p, r: panels.paint_ranking(p, r, CAT.indicators[indicator], entries, ""))
    assert plan["px"] >= style.MIN_TEXT_PX and plan["left_out"] == 0
    assert [code for code, _ in plan["rows"]] == [e.region for e in entries]
    for code, lines in plan["rows"]:
        assert_whole(lines, short_region_name(LONG_NAMES[code]), plan["px"], plan["name_w"])
        assert len(lines) <= 2
    assert plan["bar_room"] >= 0  # the bars have what the names leave (none, when the names need it all)
    wrapped = [lines for code, lines in plan["rows"] if code == "xa-001"]
    assert not wrapped or len(wrapped[0]) == 2  # "TT. Nông trường Thống Nhất": on two lines, not cut
    view.dispose()


def raise_alerts(book: AlertBook, clock_t: list[float]) -> dict[str, object]:
    """A critical threshold alert (acknowledged), a forecast warning that names no indicator, and a newer one."""
    ind = CAT.indicators
    crit = book.observe("hcc-ty-le-dung-han", "hcc", "province", "threshold", "critical",
                        f"{ind['hcc-ty-le-dung-han'].name_vi}: 71,0 %, dưới ngưỡng nghiêm trọng 80")
    clock_t[0] += 300
    fc = book.observe("hcc-ty-le-truc-tuyen", "hcc", "province", "forecast", "warning",
                      "Dự báo vượt ngưỡng cảnh báo sau 7 kỳ")
    clock_t[0] += 300
    warn = book.observe("hcc-ho-so-tre-han", "hcc", "province", "threshold", "warning",
                        f"{ind['hcc-ho-so-tre-han'].name_vi}: 212 hồ sơ, vượt ngưỡng cảnh báo 150")
    book.acknowledge(crit.id, "Trực ban Nguyễn Thị Lan")
    return {"critical": crit, "forecast": fc, "warning": warn}


def assert_alerts_whole(plan: dict, alerts, names) -> None:
    """Every alert laid out is whole; the first ones in list order are, and the rest are counted."""
    items = alert_items(alerts, CAT, names)
    assert plan["px"] >= style.MIN_TEXT_PX and plan["alerts"]
    assert [a for a, _, _ in plan["alerts"]] == [it.id for it in items][:len(plan["alerts"])]
    assert len(plan["alerts"]) + plan["more"] == len(items)
    by_id = {it.id: it for it in items}
    for alert_id, head, msg in plan["alerts"]:
        assert_whole(head, by_id[alert_id].head, plan["px"], plan["width"], bold=not by_id[alert_id].acknowledged)
        assert_whole(msg, by_id[alert_id].message, plan["px"], plan["width"])
        assert len(msg) <= 3


def test_the_sector_view_s_alerts_are_whole_most_severe_first_and_name_their_indicator(setup, book, qtbot):
    make, ingest, clock, hub = setup
    t = [NOON.timestamp()]
    book.clock = lambda: t[0]
    raised = raise_alerts(book, t)
    base = make("hcc")
    view = sector_view(hub, book, base.scene(), "hcc")
    base.scene().removeItem(base)
    render(view, "alerts-hcc")
    [(n, panel)] = [(n, p) for n, p in enumerate(view.spec.panels) if p.kind == "alerts"]
    alerts = book.alerts("hcc")
    plan = laid_out(view.rects[n], lambda p, r: panels.paint_alerts(p, r, alerts, panel.limit, None, "", CAT))
    # acknowledged, the critical alert stays first; then the warnings, newest first
    order = [it.id for it in alert_items(alerts)]
    assert order == [raised["critical"].id, raised["warning"].id, raised["forecast"].id]
    assert_alerts_whole(plan, alerts, None)
    assert "✓ đã xác nhận: Trực ban Nguyễn Thị Lan" in " ".join(plan["alerts"][0][1])
    # a forecast's message says which indicator is heading for trouble
    [forecast] = [it for it in alert_items(alerts, CAT) if it.id == raised["forecast"].id]
    assert forecast.message.startswith(CAT.indicators["hcc-ty-le-truc-tuyen"].name_vi + ": Dự báo")
    view.dispose()


def test_an_empty_alert_panel_is_one_line(setup, book, qtbot):
    make, ingest, clock, hub = setup
    base = make("hcc")
    view = sector_view(hub, book, base.scene(), "hcc")
    base.scene().removeItem(base)
    img = render(view, "alerts-none")
    [(n, panel)] = [(n, p) for n, p in enumerate(view.spec.panels) if p.kind == "alerts"]
    rect = view.rects[n]
    plan = laid_out(rect, lambda p, r: panels.paint_alerts(p, r, [], panel.limit, None, "", CAT))
    assert plan["collapsed"] and plan["line"] == "● Không có cảnh báo"
    assert plan["height"] < style.MIN_TEXT_PX * 3 < rect.height() / 4
    # below the line: the screen's background, not an empty panel
    assert QColor(img.pixel(int(rect.center().x()), int(rect.bottom()) - 20)) == style.BACKGROUND
    assert QColor(img.pixel(int(rect.left()) + 4, int(rect.top()) + 4)) == style.PANEL
    view.dispose()


@pytest.mark.parametrize("size", [(960, 1080), (640, 540)])
def test_the_ticker_shows_every_alert_in_full(setup, book, qtbot, size):
    make, ingest, clock, hub = setup
    t = [NOON.timestamp()]
    book.clock = lambda: t[0]
    raised = raise_alerts(book, t)
    ticker = AlertsView(Region("canh-bao", 0, 0), {"kind": "alerts"}, ViewContext(hub, {}, book))
    ticker.setGeometry(QRectF(0, 0, *size))
    ticker.tick(NOON)
    base = make("hcc")
    base.scene().addItem(ticker)
    base.scene().removeItem(base)
    render(ticker, f"ticker-{size[0]}x{size[1]}")
    plan = ticker.plan
    assert [a for a, _, _ in plan["alerts"]][0] == raised["critical"].id
    assert_alerts_whole(plan, book.alerts(), ticker.sector_names())
    assert all(CAT.sectors["hcc"].name_vi in " ".join(h) for _, h, _ in plan["alerts"])  # the province's: named
    ticker.dispose()
