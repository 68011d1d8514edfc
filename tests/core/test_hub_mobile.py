"""The leaders' mobile page's data on the hub: the nine sectors' key figures as the wall judges them, a sector's
tiles and chart, and the notes people write on alerts (comments, "assign to"), checked by role, CSRF and origin
against a real hub process with people on it; and the page's translations."""

from __future__ import annotations

import contextlib
import json
import time
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import quote

import pytest
import requests

from ioc_core import fmt
from ioc_core.catalogue import load_catalogue
from ioc_core.catalogue.sectorviews import load_sector_views, sector_view
from ioc_core.indicators.indicator_store import IndicatorStore
from ioc_core.loading import store_demo_history
from ioc_hub.mobile import i18n
from ioc_hub.mobile.notes import NoteError, Notes, clean_text
from ioc_hub.mobile.summary import figure, nine_sectors, period_label
from ioc_hub.people import CSRF_HEADER

from ..hubpeople import PEOPLE, people_hub, signed_in
from ..hubsite import OVERDUE
from ..waiting import until

NINE = ["ktxh", "hcc", "vbdt", "yte", "giaoduc", "pakn", "dulich", "attt", "antt"]
STALE = "dl-luot-khach"  # a daily figure last heard of three days ago: old data, as the wall marks it
XSS = '<img src=x onerror="window.__xss=1">'
MOBILE_PEOPLE = {**PEOPLE, "lanhdao2": ("leader", XSS, (), "UBND tỉnh", "")}


def seed_store(state: Path) -> None:
    """Every indicator's history (the demo's), its latest figure fresh, one daily figure three days old."""
    cat = load_catalogue()
    state.mkdir(parents=True, exist_ok=True)
    path = state / "indicators.sqlite"
    store_demo_history(path, cat, days=60)
    store = IndicatorStore(path, cat)
    try:
        now = time.time()
        fresh = [(i, r, p, v, now - 120, src, parts) for i, r, p, v, _at, src, parts in store.latest_rows()
                 if r == "province" and i != STALE]
        store.mirror(fresh)
        old = datetime.fromtimestamp(now - 3 * 86400, fmt.TZ).strftime("%Y-%m-%d")
        store.db.execute("DELETE FROM observations WHERE indicator=? AND period > ?", (STALE, old))
        store.mirror([(STALE, "province", old, 12345.0, now - 3 * 86400 - 600, "demo-history", None)])
    finally:
        store.close()


@contextlib.contextmanager
def mobile_hub(folder: Path):
    """(hub, feed): a real hub with people (and a leader whose name is markup) on a store with every figure."""
    seed_store(folder / "hub")
    with people_hub(folder, people=MOBILE_PEOPLE) as (hub, feed, _broker):
        yield hub, feed


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    with mobile_hub(tmp_path_factory.mktemp("mobile")) as (hub, feed):
        api = hub.api_url()
        until(lambda: len(hub.call("GET", "/readings").json()["readings"]) > 50, 60, "the seeded readings")
        yield hub, feed, api


def overdue_alert(hub) -> str:
    return until(lambda: next((a["id"] for a in hub.call("GET", "/alerts").json()["alerts"]
                               if a["indicator"] == OVERDUE), None), 30, "the alert at the hub")


def alert_path(alert_id: str, what: str) -> str:
    return f"/alerts/{quote(alert_id, safe='')}/{what}"


# -- what a figure says ---------------------------------------------------------------------------------------
def test_an_old_figure_is_marked_with_the_walls_words():
    cat = load_catalogue()
    ind = cat.indicators[STALE]
    now = time.time()
    three_days = {"indicator": STALE, "region": "province", "value": 5238802.0, "as_of": now - 3 * 86400 - 60,
                  "period": datetime.fromtimestamp(now - 3 * 86400, fmt.TZ).strftime("%Y-%m-%d")}
    f = figure(ind, three_days, now)
    assert (f["state"], f["freshness"]) == ("stale", "stale")
    assert f["status_text"] == "◷ Số liệu cũ  ·  cập nhật 3 ngày trước"  # the wall's tile says exactly this
    assert f["value_text"] == "5.238.802"

    last_year = {**three_days, "period": "2025-11-03", "as_of": now - 60}  # on time, but a period long over
    f = figure(ind, last_year, now)
    assert (f["state"], f["freshness"], f["period_note"]) == ("stale", "old_period", "số liệu ngày 03/11/2025")
    assert f["period_label"] == "Ngày 03/11/2025"

    fresh = figure(cat.indicators["ktxh-cpi"], {"indicator": "ktxh-cpi", "region": "province",
                                                "period": "2026-11-01", "value": 3.26, "as_of": now - 60}, now)
    assert fresh["period_label"] == "Tháng 11/2026" and fresh["value_text"] == "3,3"
    assert figure(ind, None, now)["status_text"] == "○ Chưa có dữ liệu"
    assert period_label("2026-10-01", "quarter") == "Quý IV/2026" and period_label("2026-01-01", "year") == "Năm 2026"


def test_the_nine_sectors_are_the_walls_overview_in_its_order():
    assert nine_sectors(load_catalogue()) == NINE


def test_notes_are_kept_and_bad_text_refused(tmp_path):
    notes = Notes(tmp_path / "n.sqlite")
    notes.add("a/1", "comment", "Nguyễn Văn Lãnh (lanhdao)", "lanhdao", "Đã gọi Sở Y tế")
    notes.add("a/1", "assign", "Trần Thị Vận (vanhanh)", "vanhanh", "", "Sở Y tế")
    notes.close()
    again = Notes(tmp_path / "n.sqlite")  # read back after a restart
    try:
        assert [n.kind for n in again.of("a/1")] == ["comment", "assign"]
        assert again.count("a/1") == 2 and again.assigned("a/1").department == "Sở Y tế"
    finally:
        again.close()
    for bad in ("", "   ", "x" * 501, "dòng\x1b[31m", 42):
        with pytest.raises(NoteError):
            clean_text(bad)
    assert clean_text("  hai\r\ndòng  ") == "hai\ndòng"


def test_every_text_of_the_page_has_its_english():
    found = i18n.texts()
    english = json.loads(i18n.JSON.read_text(encoding="utf-8"))
    keys = {text if ctx == i18n.CONTEXT else f"{ctx}|{text}" for ctx, text, _ in found}
    assert len(found) > 50 and keys <= set(english), sorted(keys - set(english))
    assert english["Status|Cảnh báo"] == "Warning" and english["Đăng xuất"] == "Sign out"


# -- against a real hub ---------------------------------------------------------------------------------------
def test_without_a_session_nothing_is_answered(site):
    hub, _feed, api = site
    for method, path in (("GET", "/m/summary"), ("GET", "/m/sector/hcc"), ("POST", "/alerts/x/comment"),
                         ("GET", "/alerts/x/notes")):
        r = requests.request(method, api + path, json={"text": "x"}, timeout=10)
        assert r.status_code == 401, (path, r.text)
    page = requests.get(api.removesuffix("/api/v1") + "/m/", timeout=10)  # the page itself holds no data
    assert page.status_code == 200 and "app.js" in page.text
    assert "script-src 'self'" in page.headers["Content-Security-Policy"]


def test_the_summary_shows_the_hubs_readings_as_the_wall_judges_them(site):
    hub, _feed, api = site
    leader = signed_in(api, "lanhdao")
    doc = leader.get(api + "/m/summary", timeout=10).json()
    assert [s["id"] for s in doc["sectors"]] == NINE
    cat = load_catalogue()
    views = load_sector_views(cat)
    readings = {r["indicator"]: r for r in hub.call("GET", "/readings").json()["readings"]
                if r["region"] == "province"}
    for s in doc["sectors"]:
        declared = sector_view(cat, s["id"], views)
        shown = declared.tiles or declared.indicators
        assert [f["indicator"] for f in s["figures"]] == list(shown[:4])
        for f in s["figures"]:
            r = readings[f["indicator"]]
            assert (f["value"], f["period"], f["as_of"]) == (r["value"], r["period"], r["as_of"])
            assert f["status"] == cat.indicators[f["indicator"]].status(r["value"]).value
    figures = {f["indicator"]: f for s in doc["sectors"] for f in s["figures"]}
    old = figures[STALE]
    assert old["state"] == "stale" and old["status_text"].startswith("◷ Số liệu cũ  ·  cập nhật 3 ngày trước")
    assert old["value_text"] == "12.345"
    assert figures["hcc-ty-le-dung-han"]["freshness"] == "fresh"
    assert doc["departments"][:1] == ["Sở Kế hoạch và Đầu tư"] and "Sở Y tế" in doc["departments"]


def test_a_sectors_tiles_and_main_chart(site):
    hub, _feed, api = site
    leader = signed_in(api, "lanhdao")
    doc = leader.get(api + "/m/sector/yte", timeout=10).json()
    cat = load_catalogue()
    assert [t["indicator"] for t in doc["tiles"]] == list(sector_view(cat, "yte", load_sector_views(cat)).tiles)
    chart = doc["chart"]
    assert chart["indicator"] == doc["tiles"][0]["indicator"] and 2 <= len(chart["points"]) <= 60
    rows = hub.call("GET", f"/history?indicator={chart['indicator']}&region=province").json()["rows"]
    assert chart["points"] == [[r[0], r[1]] for r in rows][-len(chart["points"]):]
    assert leader.get(api + "/m/sector/khong-co", timeout=10).status_code == 404


def test_the_summarys_forecast_words_are_the_hubs_outlooks(site):
    hub, _feed, api = site
    cat = load_catalogue()
    until(lambda: len(hub.call("GET", "/forecasts", "viewer").json()["forecasts"]) == len(cat.indicators), 300,
          "every indicator forecast at the hub")
    outlooks = {d["indicator"]: d for d in hub.call("GET", "/forecasts", "viewer").json()["forecasts"]}
    leader = signed_in(api, "lanhdao")
    until(lambda: any(f["accuracy_vi"] for s in leader.get(api + "/m/summary", timeout=10).json()["sectors"]
                      for f in s["figures"]), 30, "the forecasts in the summary")
    doc = leader.get(api + "/m/summary", timeout=10).json()
    rank = {"critical": 2, "warning": 1}
    for f in (f for s in doc["sectors"] for f in s["figures"]):
        o = outlooks[f["indicator"]]
        if not o["shown"]:  # too short, or no better than the seasonal naive: no risk, no record
            assert f["risk"] is None and f["accuracy_vi"] == "", f
            continue
        assert f["accuracy_vi"] == o["accuracy_vi"] and f["accuracy_en"] == o["accuracy_en"]
        worst = max(o["risks"], key=lambda r: (rank.get(r["severity"] or "", 0), r["probability"]), default=None)
        assert f["risk"] == worst


def test_comment_and_assign_are_kept_audited_and_published(site):
    hub, feed, api = site
    feed.values["overdue"] = 200
    alert_id = overdue_alert(hub)
    leader = signed_in(api, "lanhdao")
    stream = leader.get(api + "/events", stream=True, timeout=20)  # the phone's live stream, on the cookie
    assert stream.status_code == 200
    lines = stream.iter_lines(decode_unicode=True)
    assert next(lines).startswith("id:")  # the stream is open before the note is written

    r = leader.post(api + alert_path(alert_id, "comment"), json={"text": "Đề nghị Sở xử lý ngay"}, timeout=10)
    assert r.status_code == 201 and r.json()["by"] == "Nguyễn Văn Lãnh (lanhdao)"
    r = leader.post(api + alert_path(alert_id, "assign"), json={"department": "Sở Y tế", "note": "Báo cáo 16:00"},
                    timeout=10)
    assert r.status_code == 201, r.text

    kinds, deadline = [], time.monotonic() + 15
    for line in lines:
        if line.startswith("event: alert_note"):
            kinds.append(json.loads(next(lines).removeprefix("data: "))["note"]["kind"])
        if kinds == ["comment", "assign"] or time.monotonic() > deadline:
            break
    stream.close()
    assert kinds == ["comment", "assign"]

    notes = leader.get(api + alert_path(alert_id, "notes"), timeout=10).json()
    assert [(n["kind"], n["text"], n["department"]) for n in notes["notes"]][-2:] == [
        ("comment", "Đề nghị Sở xử lý ngay", ""), ("assign", "Báo cáo 16:00", "Sở Y tế")]
    shown = next(a for a in leader.get(api + "/m/summary", timeout=10).json()["alerts"] if a["id"] == alert_id)
    assert shown["notes"] >= 2 and shown["assigned"]["department"] == "Sở Y tế"
    audit = [json.loads(line) for line in hub.call("GET", "/audit").text.splitlines()]
    steps = [a for a in audit if a["command"].get("command") in ("comment_alert", "assign_alert")
             and a["command"].get("alert") == alert_id]
    assert {s["command"]["command"] for s in steps} == {"comment_alert", "assign_alert"}
    assert all(s["who"] == "lanhdao" and s["command"]["by"] == "Nguyễn Văn Lãnh (lanhdao)" for s in steps)
    # the alerts in the summary are the hub's, in the hub's order
    assert [a["id"] for a in leader.get(api + "/m/summary", timeout=10).json()["alerts"]] == \
        [a["id"] for a in hub.call("GET", "/alerts").json()["alerts"]]


def test_refused_notes_change_nothing(site):
    hub, feed, api = site
    feed.values["overdue"] = 200
    alert_id = overdue_alert(hub)
    leader = signed_in(api, "lanhdao")
    before = leader.get(api + alert_path(alert_id, "notes"), timeout=10).json()["notes"]

    clerk = signed_in(api, "nhaplieu-yte")
    assert clerk.get(api + "/m/summary", timeout=10).status_code == 200  # a clerk reads
    for what, body in (("comment", {"text": "x"}), ("assign", {"department": "Sở Y tế"})):
        r = clerk.post(api + alert_path(alert_id, what), json=body, timeout=10)
        assert r.status_code == 403 and f"'{what}'" in r.json()["error"]
    checker = signed_in(api, "kiemduyet")
    assert checker.post(api + alert_path(alert_id, "comment"), json={"text": "x"}, timeout=10).status_code == 403

    bare = requests.Session()  # the cookie without the CSRF token: what another site's page could send
    bare.cookies.update(leader.cookies)
    r = bare.post(api + alert_path(alert_id, "comment"), json={"text": "giả mạo"}, timeout=10)
    assert r.status_code == 403 and "CSRF" in r.json()["error"]
    r = leader.post(api + alert_path(alert_id, "comment"), json={"text": "giả mạo"}, timeout=10,
                    headers={"Origin": "https://evil.example"})
    assert r.status_code == 403
    wrong = leader.post(api + alert_path(alert_id, "comment"), json={"text": "x"}, timeout=10,
                        headers={CSRF_HEADER: "sai"})
    assert wrong.status_code == 403

    for body in ({"text": ""}, {"text": "x" * 501}, {"text": 5}, {}):
        assert leader.post(api + alert_path(alert_id, "comment"), json=body, timeout=10).status_code == 400
    r = leader.post(api + alert_path(alert_id, "assign"), json={"department": "Sở Không Có"}, timeout=10)
    assert r.status_code == 400 and "Sở Y tế" in r.json()["error"]
    assert leader.post(api + alert_path("khong/co/alert/1", "comment"), json={"text": "x"},
                       timeout=10).status_code == 404
    assert leader.get(api + alert_path("khong/co/alert/1", "notes"), timeout=10).status_code == 404
    r = leader.post(api + alert_path(alert_id, "comment"), data=b"text=x", timeout=10,
                    headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert r.status_code == 415
    assert leader.get(api + alert_path(alert_id, "notes"), timeout=10).json()["notes"] == before


def test_an_operators_token_comments_as_the_token(site):
    hub, feed, api = site
    feed.values["overdue"] = 200
    alert_id = overdue_alert(hub)
    r = hub.call("POST", alert_path(alert_id, "comment"), "operator", json={"text": "Ca trực đã nhận"})
    assert r.status_code == 201 and r.json()["by_login"] == "" and r.json()["by"]
    assert hub.call("POST", alert_path(alert_id, "comment"), "viewer", json={"text": "x"}).status_code == 403


# -- the summary's cache and the manual-entry part's contract ---------------------------------------------------
class _Entry:
    """The manual-entry part as the summary asks it (ioc_hub/entry: ``provenance``, ``missing``)."""

    def provenance(self, indicator: str, region: str = "province") -> dict | None:
        if indicator != "ktxh-cpi":
            return None
        return {"entered_by": "Lê Văn Nhập (nhaplieu-ktxh)", "entered_at": 1_796_000_000.0,
                "approved_by": "Hoàng Văn Duyệt (kiemduyet)", "approved_at": 1_796_003_600.0, "version": 2,
                "period": "2026-11-01"}

    def missing(self) -> list[dict]:
        return [{"sector": "dulich", "period": "2026-11", "deadline": 1_796_100_000.0,
                 "department": "Sở Văn hoá, Thể thao và Du lịch"}]


class _Hub:
    """What the summary reads of the hub: its catalogue, published readings and alerts, and its event bus."""

    def __init__(self, readings: list[dict]):
        from types import SimpleNamespace

        from ioc_core.api.events import EventBus

        self.catalogue = load_catalogue()
        self._readings = readings
        self.api = SimpleNamespace(bus=EventBus())
        self.people = None
        self.reads = 0

    def readings(self) -> list[dict]:
        self.reads += 1
        return self._readings

    def alerts(self, closed: bool = False) -> list[dict]:
        return []


def test_the_summary_is_built_once_per_change_and_names_who_entered_a_figure(tmp_path):
    from ioc_hub.mobile.summary import Summary

    now = time.time()
    cpi = {"indicator": "ktxh-cpi", "region": "province", "period": "2026-11-01", "value": 3.4, "as_of": now - 60,
           "received": now, "status": "normal", "source": "manual", "parts": None}
    hub = _Hub([cpi])
    notes = Notes(tmp_path / "n.sqlite")
    try:
        summary = Summary(hub, notes)
        first = summary.summary()
        for _ in range(200):  # 200 phones asking: one build
            assert summary.summary() is first
        assert summary.builds == 1
        hub.api.bus.publish("clients", {"clients": []})  # a phone connecting changes nothing shown
        assert summary.summary() is first
        hub.api.bus.publish("readings", {"readings": [cpi]})
        assert summary.summary() is not first and summary.builds == 2

        hub.entry = _Entry()
        hub.api.bus.publish("figures", {"sector": "ktxh", "period": "2026-11", "indicators": ["ktxh-cpi"]})
        doc = summary.summary()
        shown = next(f for s in doc["sectors"] for f in s["figures"] if f["indicator"] == "ktxh-cpi")
        assert shown["provenance"]["approved_by"] == "Hoàng Văn Duyệt (kiemduyet)"
        assert doc["missing"] == [{"sector": "dulich", "period": "2026-11", "deadline": 1_796_100_000.0,
                                   "department": "Sở Văn hoá, Thể thao và Du lịch", "sector_name_vi": "Du lịch",
                                   "sector_name_en": "Tourism", "deadline_text": "11:40 01/12/2026",
                                   "period_text": "11/2026"}]
        assert doc["entry"] is True
    finally:
        notes.close()


def test_a_figure_carries_its_forecasts_risk_and_record_and_a_sector_its_anomalies(tmp_path):
    """The hub's outlooks on the phones: each figure's most serious risk in words with its probability and the
    forecast's record; nothing for a figure whose forecast is not shown; an anomaly alert in its sector's list; a
    new outlook rebuilds the summary."""
    from ioc_core.forecasting.outlook import Outlook, RiskNote
    from ioc_core.forecasting.service import Outlooks
    from ioc_hub.mobile.summary import Summary

    now = time.time()
    anomaly = {"id": "yte-ca-benh-truyen-nhiem/province/anomaly/1", "indicator": "yte-ca-benh-truyen-nhiem",
               "sector": "yte", "region": "province", "cause": "anomaly", "severity": "warning",
               "message_vi": "Bất thường: Ca bệnh truyền nhiễm 90 ca (06/12/2026), ngoài khoảng dự kiến 8–21 ca",
               "message_en": "Anomaly: ...", "value": 90.0, "raised_at": now, "updated_at": now,
               "acknowledged_by": None, "acknowledged_at": None}

    class Hub(_Hub):
        def alerts(self, closed: bool = False) -> list[dict]:
            return [anomaly]

        def history(self, indicator: str, region: str) -> list:
            return []

    hub = Hub([])
    hub.outlooks = Outlooks()
    record = dict(period="day", computed_at=now, last="2026-12-06", n=200, model="ETS(A,N,A)[7]", skill=0.7,
                  error_pct=3.2, mase=0.8, mae=40.0, coverage=0.95, scored=84, origins=12,
                  starts=("2026-12-07",), values=(1.0,), lower=(0.5,), upper=(1.5,))
    notes = Notes(tmp_path / "n.sqlite")
    try:
        summary = Summary(hub, notes)
        first = summary.summary()
        hub.outlooks.put([
            Outlook("hcc-ty-le-dung-han", **record, risks=(
                RiskNote("critical", 0.31, None, "31 % khả năng xuống dưới ngưỡng nghiêm trọng 85,0 % trong 7 ngày "
                         "tới", "31 % chance of falling below the critical threshold 85 % within the next 7 days"),
                RiskNote("plan", 0.72, "warning", "72 % khả năng không đạt kế hoạch năm",
                         "72 % chance of missing the annual plan"))),
            Outlook("hcc-ho-so-tre-han", **{**record, "values": (), "starts": (), "lower": (), "upper": ()},
                    reason="naive")])
        hub.api.bus.publish("forecasts", {"indicators": ["hcc-ty-le-dung-han", "hcc-ho-so-tre-han"]})
        doc = summary.summary()
        assert doc is not first
        figures = {f["indicator"]: f for s in doc["sectors"] for f in s["figures"]}
        on_time = figures["hcc-ty-le-dung-han"]
        assert on_time["risk"] == {"kind": "plan", "probability": 0.72, "severity": "warning",
                                   "message_vi": "72 % khả năng không đạt kế hoạch năm",
                                   "message_en": "72 % chance of missing the annual plan"}
        assert on_time["accuracy_vi"] == "sai số trung bình 3,2 % trong 12 kỳ qua"
        assert on_time["accuracy_en"] == "mean error 3.2 % over the last 12 periods"
        late = figures["hcc-ho-so-tre-han"]
        assert late["risk"] is None and late["accuracy_vi"] == ""  # not better than the seasonal naive: none
        assert figures["ktxh-cpi"]["risk"] is None  # never forecast
        sector = summary.sector("yte")
        assert [(a["cause"], a["message_vi"][:11]) for a in sector["alerts"]] == [("anomaly", "Bất thường:")]
    finally:
        notes.close()


def test_a_figure_newer_than_its_outlook_carries_no_risk_nor_record(tmp_path):
    """An outlook made before the figure a phone shows became the newest complete one (the hub has not forecast
    it again yet): its risk speaks of a past the phone has moved on from; the figure carries neither risk nor
    record, as the wall's charts and tiles show none (``Outlook.behind``). An outlook of the figure's own period,
    or of a summed day's still under way, keeps its words."""
    from ioc_core.forecasting.outlook import Outlook, RiskNote
    from ioc_core.forecasting.service import Outlooks
    from ioc_hub.mobile.summary import Summary

    now = time.time()
    today = datetime.fromtimestamp(now, fmt.TZ).date()
    day = [(today - timedelta(days=k)).isoformat() for k in range(3)]  # today, yesterday, the day before

    def reading(ind_id: str, period: str) -> dict:
        return {"indicator": ind_id, "region": "province", "period": period, "value": 90.0, "as_of": now - 60,
                "received": now, "status": "normal", "source": "s", "parts": None}

    plan = RiskNote("plan", 0.72, "warning", "72 % khả năng không đạt kế hoạch năm",
                    "72 % chance of missing the annual plan")

    def outlook(ind_id: str, last: str) -> Outlook:
        return Outlook(ind_id, "day", now - 3600, last=last, n=200, model="ETS(A,N,A)[7]", skill=0.7,
                       error_pct=3.2, mase=0.8, mae=4.0, coverage=0.95, scored=168, origins=24,
                       starts=(day[0],), values=(90.0,), lower=(85.0,), upper=(95.0,), risks=(plan,))

    class Hub(_Hub):
        def history(self, indicator: str, region: str) -> list:
            return []

    hub = Hub([reading("hcc-ty-le-dung-han", day[0]), reading("hcc-ho-so-tre-han", day[2])])
    hub.outlooks = Outlooks()
    hub.outlooks.put([outlook("hcc-ty-le-dung-han", day[2]), outlook("hcc-ho-so-tre-han", day[2])])
    notes = Notes(tmp_path / "n.sqlite")
    try:
        summary = Summary(hub, notes)
        figures = {f["indicator"]: f for s in summary.summary()["sectors"] for f in s["figures"]}
        behind = figures["hcc-ty-le-dung-han"]  # today's figure, an outlook made up to the day before yesterday
        assert behind["value"] == 90.0 and behind["period"] == day[0]
        assert behind["risk"] is None and behind["accuracy_vi"] == "" and behind["accuracy_en"] == ""
        level = figures["hcc-ho-so-tre-han"]  # its outlook is of the figure's own period: said
        assert level["risk"]["message_vi"] == "72 % khả năng không đạt kế hoạch năm"
        assert level["accuracy_vi"] == "sai số trung bình 3,2 % trong 24 kỳ qua"
        tile = summary.sector("hcc")["tiles"][0]  # a sector's page judges as its card
        assert tile["indicator"] == "hcc-ty-le-dung-han" and tile["risk"] is None and tile["accuracy_vi"] == ""
    finally:
        notes.close()
    summed = load_catalogue().indicators["hcc-ho-so-giai-quyet"]  # a day's count: today's is still under way
    assert summed.aggregation == "sum"
    under_way = figure(summed, reading(summed.id, day[0]), now, outlook=outlook(summed.id, day[1]))
    assert under_way["risk"] == {"kind": "plan", "probability": 0.72, "severity": "warning",
                                 "message_vi": plan.message_vi, "message_en": plan.message_en}
    stale = figure(summed, reading(summed.id, day[0]), now, outlook=outlook(summed.id, day[2]))
    assert stale["risk"] is None and stale["accuracy_vi"] == ""
