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
import shiboken6
from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QFontMetricsF, QImage, QPainter
from PySide6.QtWidgets import QGraphicsRectItem, QGraphicsScene

from ioc_core.alerts import AlertBook
from ioc_core.catalogue import regions
from ioc_core.catalogue.sectorviews import load_sector_views
from ioc_core.indicators.observation import Observation
from ioc_core.layouts.model import Region
from ioc_core.views import legibility
from ioc_core.views.alerts import alert_items
from ioc_core.views.names import short_region_name
from wall.widgets import panels, style
from wall.widgets.alertsview import AlertsView
from wall.widgets.base import ViewContext
from wall.widgets.sector import SectorView

from ..pictures import ARTIFACTS, renderer
from ..textcensus import census, faults, item_census
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
    # fewer rows, never smaller text: the worst ones, in order, and the rest counted as left out
    shown = [code for code, _ in plan["rows"]]
    assert plan["px"] >= style.MIN_TEXT_PX and shown
    assert shown == [e.region for e in entries][:len(shown)] and plan["left_out"] == len(entries) - len(shown)
    for code, lines in plan["rows"]:
        assert_whole(lines, short_region_name(LONG_NAMES[code]), plan["px"], plan["name_w"])
        assert len(lines) <= panels.NAME_LINES
    assert plan["bar_room"] >= 0  # the bars have what the names leave (none, when the names need it all)
    wrapped = [lines for code, lines in plan["rows"] if code == "xa-001"]
    assert not wrapped or len(wrapped[0]) >= 2  # "TT. Nông trường Thống Nhất": on two lines or more, not cut
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
    for n, (alert_id, head, msg) in enumerate(plan["alerts"]):
        if head or n:  # (a panel too small for the first alert's head shows its message alone)
            assert_whole(head, by_id[alert_id].head if words(" ".join(head)) == words(by_id[alert_id].head)
                         else by_id[alert_id].head_brief, plan["px"], plan["width"], bold=True)
        # whole, or (too little room for the whole) its brief: the threshold clause left out, never cut mid-way
        text = by_id[alert_id].message if words(" ".join(msg)) == words(by_id[alert_id].message) else \
            by_id[alert_id].brief
        assert_whole(msg, text, plan["px"], plan["width"])


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
    assert not plan["alerts"][0][1] or "✓ đã xác nhận: Trực ban Nguyễn Thị Lan" in " ".join(plan["alerts"][0][1])
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
    # one line, or two where the panel is narrower than it (never cut, never smaller)
    line_h = QFontMetricsF(style.font(style.MIN_TEXT_PX)).height()
    assert plan["height"] <= line_h * (len(plan["lines"]) + 0.6) + 1 and plan["height"] < rect.height() / 2
    # below the line: the screen's background, not an empty panel
    assert QColor(img.pixel(int(rect.center().x()), int(rect.bottom()) - 20)) == style.BACKGROUND
    assert QColor(img.pixel(int(rect.left()) + 4, int(rect.top()) + 4)) == style.PANEL
    view.dispose()


@pytest.mark.parametrize("size", [(1920, 1080), (960, 1080), (640, 540)])
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
    assert not faults(item_census(ticker), style.ROOM.cap_px)  # every text whole, legible, clear of the others
    assert ticker.title.startswith("Cảnh báo")
    assert [a for a, _, _ in plan["alerts"]][0] == raised["critical"].id
    assert_alerts_whole(plan, book.alerts(), ticker.sector_names())
    # the province's ticker names each alert's sector (on a half screen; a quarter has room for fewer words)
    assert size[1] < 1080 or all(CAT.sectors["hcc"].name_vi in " ".join(h) for _, h, _ in plan["alerts"])
    ticker.dispose()


# -- each panel at its real sizes, judged by what is drawn (tests/textcensus.py) -------------------------------
# A one-screen sector view's ranking, table or alert panel is about 470x420 (fewer, larger tiles) and as small as
# 320x240 (today's grids); the alerts region a half or a whole screen; a narrow strip besides.
PANEL_SIZES = [(470, 420), (400, 360), (640, 540), (960, 1080), (1920, 1080)]


class _Panel(QGraphicsRectItem):
    """A panel painted on a scene (so that the census records it), ``paint(painter, rect)`` keeping its plan."""

    def __init__(self, w: float, h: float, paint):
        super().__init__(0, 0, w, h)
        self.paint_panel, self.plan = paint, None

    def paint(self, painter, option, widget=None):
        painter.setClipRect(self.rect())  # as a region's view is clipped to its region
        self.plan = self.paint_panel(painter, self.rect())


def census_of(size, paint, name: str) -> tuple[list, dict]:
    """The runs ``paint`` draws in a panel of ``size``, its plan; the picture in artifacts/legible-<name>.png."""
    scene = QGraphicsScene(0, 0, *size)
    item = _Panel(*size, paint)
    scene.addItem(item)
    runs = census(scene, QRectF(0, 0, *size))
    img = QImage(*size, QImage.Format.Format_RGB32)
    img.fill(style.BACKGROUND)
    painter = QPainter(img)
    scene.render(painter, QRectF(0, 0, *size), QRectF(0, 0, *size))
    painter.end()
    ARTIFACTS.mkdir(exist_ok=True)
    img.save(str(ARTIFACTS / f"legible-{name}.png"))
    plan = item.plan
    shiboken6.delete(scene)
    return runs, plan


def long_entries() -> list:
    """Eight communes with the longest names, worst first, their figures as a ranking says them."""
    from ioc_core.views.tiles import RankEntry

    values = [41.0, 37.0, 30.0, 22.0, 15.0, 9.0, 4.0, 1.0]
    states = ["critical", "warning"] + ["normal"] * 6
    return [RankEntry(code, name, v, f"{v:g}".replace(".", ","), s, short_region_name(name))
            for (code, name), v, s in zip(LONG_NAMES.items(), values, states, strict=True)]


@pytest.mark.parametrize("size", PANEL_SIZES)
def test_a_ranking_shows_the_worst_communes_whole_at_every_size(qtbot, size):
    entries = long_entries()
    ind = CAT.indicators["pakn-qua-han"]
    runs, plan = census_of(size, lambda p, r: panels.paint_ranking(p, r, ind, entries, ""), f"rank-{size[0]}x{size[1]}")
    assert not faults(runs, style.ROOM.cap_px)
    shown = [code for code, _ in plan["rows"]]
    assert shown == [e.region for e in entries][:len(shown)] and shown, plan  # the worst first, fewer not smaller
    assert plan["left_out"] == len(entries) - len(shown)
    texts = [r.text for r in runs]
    assert entries[0].text in texts  # the worst commune's figure is kept beside its name


def test_a_ranking_follows_the_room_s_distance(qtbot):
    """At 3 m the smallest legible text is smaller: the same panel shows more communes."""
    entries = long_entries()
    ind = CAT.indicators["pakn-qua-han"]
    _, far = census_of((470, 420), lambda p, r: panels.paint_ranking(p, r, ind, entries, ""), "rank-5m")
    old = style.ROOM
    try:
        style.set_room(legibility.Room(3.0))
        runs, near = census_of((470, 420), lambda p, r: panels.paint_ranking(p, r, ind, entries, ""), "rank-3m")
        assert not faults(runs, style.ROOM.cap_px)
    finally:
        style.set_room(old)
    assert len(near["rows"]) > len(far["rows"])


def gd_rows(view, hub, clock) -> list:
    """giaoduc's table rows as its sector view's table panel lists them, by status."""
    from wall.widgets.sector import make_tile

    [table] = [p for p in view.spec.panels if p.kind == "table"]
    tiles = [make_tile(CAT.indicators[i], hub.reading(i), clock.t) for i in table.indicators]
    return panels.table_rows(tiles, "status")


@pytest.mark.parametrize("size", [(470, 420), (960, 540), (1920, 540)])
def test_a_table_is_quiet_for_normal_rows_and_never_cuts_a_cell(setup, qtbot, size):
    make, ingest, clock, hub = setup
    seed_giaoduc(ingest)
    base = make("giaoduc")
    rows = gd_rows(base, hub, clock)
    runs, plan = census_of(size, lambda p, r: panels.paint_table(p, r, rows, "status", ""),
                           f"table-{size[0]}x{size[1]}")
    assert not faults(runs, style.ROOM.cap_px)
    texts = " ".join(r.text for r in runs)
    assert "Bình thường" not in texts  # normal rows say nothing of their state
    critical = [t for t in rows if t.state == "critical"]
    assert critical and rows[0] is critical[0]  # sorted by status: the critical row first ...
    assert plan["rows"][0][0] == critical[0].indicator.id and "◆" in texts  # ... shown, with its loud mark
    shown = len(plan["rows"])
    assert shown + plan["left_out"] == len(rows)
    if plan["left_out"]:
        assert " ".join(plan["more"]) == f"và {plan['left_out']} chỉ tiêu khác"
    if size[0] < 960:  # narrow: the least important columns are left out before any cell is cut
        assert not any(c.startswith("Cập nhật") for c in plan["columns"])


def seed_giaoduc(ingest) -> None:
    """Every giaoduc indicator with a figure, the attendance rate far below its threshold (critical)."""
    obs = []
    for ind in CAT.indicators.values():
        if ind.sector != "giaoduc":
            continue
        period = {"instant": "2026-11-23T11:00", "year": "2026-01-01", "month": "2026-11-01"}.get(
            ind.period, "2026-11-23")
        value = 10.0 if ind.id == "gd-chuyen-can" else (99.5 if ind.unit == "%" else 800_890.0)
        obs.append(Observation(ind.id, period, value))
    ingest(*obs)


@pytest.mark.parametrize("size", PANEL_SIZES)
def test_an_alert_panel_shows_whole_alerts_the_worst_first_and_counts_the_rest(setup, book, qtbot, size):
    make, ingest, clock, hub = setup
    t = [NOON.timestamp()]
    book.clock = lambda: t[0]
    raised = raise_alerts(book, t)
    for n in range(3):  # more than any panel holds
        t[0] += 60
        book.observe(f"hcc-extra-{n}", "hcc", "province", "threshold", "warning",
                     "Hồ sơ trễ hạn tại Trung tâm phục vụ hành chính công tỉnh vượt ngưỡng cảnh báo")
    alerts = book.alerts()
    names = {"hcc": CAT.sectors["hcc"].name_vi}
    runs, plan = census_of(size, lambda p, r: panels.paint_alerts(p, r, alerts, 99, names, "", CAT),
                           f"alerts-{size[0]}x{size[1]}")
    assert not faults(runs, style.ROOM.cap_px)
    laid = [a for a, _, _ in plan["alerts"]]
    assert laid and laid[0] == raised["critical"].id  # the critical alert first, acknowledged or not
    assert len(laid) + plan["more"] == len(alerts)
    drawn = " ".join(r.text for r in runs)
    if plan["more"]:
        assert " ".join(plan["more_lines"]) in (f"và {plan['more']} cảnh báo khác", f"+{plan['more']} cảnh báo")
        assert " ".join(plan["more_lines"]) in drawn
    items = {it.id: it for it in alert_items(alerts, CAT, names)}
    for alert_id, head, msg in plan["alerts"]:  # whole: every word of the message (or its brief) drawn
        assert words(" ".join(msg)) in (words(items[alert_id].message), words(items[alert_id].brief))
        assert not head or words(" ".join(head)) in (words(items[alert_id].head), words(items[alert_id].head_brief))


@pytest.mark.parametrize("size", [(470, 420), (320, 240), (300, 80)])
def test_an_empty_alert_panel_is_one_whole_line_at_every_size(qtbot, size):
    runs, plan = census_of(size, lambda p, r: panels.paint_alerts(p, r, [], 3, None, "", CAT),
                           f"alerts-none-{size[0]}x{size[1]}")
    assert not faults(runs, style.ROOM.cap_px)
    assert plan["collapsed"] and len(plan["lines"]) <= 2
    assert " ".join(" ".join(r.text for r in runs).split()) in ("● Không có cảnh báo", "Không có cảnh báo", "")


@pytest.mark.parametrize("size", [(960, 1080), (1920, 1080), (640, 540)])
def test_the_overview_s_cards_are_whole_quiet_when_normal_and_loud_when_not(setup, book, qtbot, size):
    """Sector names whole (never "An ninh trật t…"), no "Bình thường" on normal cards, the warning card's state
    and figure, the "new" badge clear of every other text; cards that do not fit are counted, the quiet ones."""
    from wall.widgets.overview import OverviewView

    make, ingest, clock, hub = setup
    ingest(Observation("antt-camera-truc-tuyen", "2026-11-23T11:00", 93.1),  # warning (below 95)
           Observation("hcc-ty-le-dung-han", "2026-11-23", 97.0))  # normal
    t = [NOON.timestamp() - 600]
    book.clock = lambda: t[0]
    book.observe("antt-camera-truc-tuyen", "antt", "province", "threshold", "warning", "Dưới ngưỡng", value=93.1)
    view = OverviewView(Region("tq", 0, 0), {"kind": "overview"}, ViewContext(hub, alerts=book))
    view.setGeometry(QRectF(0, 0, *size))
    view.tick(NOON)
    hub.settle()
    base = make("hcc")
    base.scene().addItem(view)
    base.scene().removeItem(base)
    render(view, f"overview-{size[0]}x{size[1]}")
    runs = item_census(view)
    assert not faults(runs, style.ROOM.cap_px)
    drawn = " ".join(r.text for r in runs)
    assert "Bình thường" not in drawn
    cards = view.cards()
    assert cards[0].sector.id == "antt" and cards[0].state == "warning"
    plan = view.plan
    first = " ".join(line.text for line in plan["cards"][0])
    assert CAT.sectors["antt"].name_vi in first and "▲ Cảnh báo" in first and "mới 11:50" in first
    for card, lines in zip(cards, plan["cards"], strict=False):  # every card shown names its sector whole
        assert words(card.sector.name_vi) == words(" ".join(ln.text for ln in lines if ln.kind == "name"))
    rest = len(cards) - plan["shown"]
    quiet = all(c.state == "normal" for c in cards[plan["shown"]:])
    assert not rest or " ".join(plan["footer"]) == f"và {rest} lĩnh vực khác" + (" bình thường" if quiet else "")
    view.dispose()
