"""Manual entry with approval on a real hub (tests/hubpeople.py): a clerk's workbook, a checker's approval, the
figures on the walls' readings with who entered and approved them, corrections as versions; and hostile clients
(no session, another department, a leader approving, one's own approval, CSRF, oversized, formulas, zip bombs, bad
numbers) answered 4xx with nothing changed."""

from __future__ import annotations

import io
import json
import sqlite3
import threading
import zipfile
from datetime import date, datetime

import openpyxl
import pytest
import requests

from ioc_core.fmt import TZ
from ioc_hub.people import CSRF_HEADER
from ioc_hub.routes import XLSX

from ..hubpeople import people_hub, signed_in
from ..waiting import until

REVENUE = "ktxh-thu-ngan-sach"  # monthly, province-level, tỷ đồng
CPI = "ktxh-cpi"


def last_month() -> str:
    today = datetime.now(TZ).date()
    first = today.replace(day=1)
    prev = date(first.year - (first.month == 1), 12 if first.month == 1 else first.month - 1, 1)
    return f"{prev.year}-{prev.month:02d}"


def filled(template: bytes, values: dict) -> bytes:
    """The template with ``values`` ({indicator: value}) typed in its value column, as a clerk saves it."""
    wb = openpyxl.load_workbook(io.BytesIO(template))
    ws = wb.active
    for row in ws.iter_rows(min_row=5):
        if row[0].value in values:
            row[6].value = values[row[0].value]
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _lines(response):
    try:
        yield from response.iter_lines(decode_unicode=True)
    except (requests.RequestException, AttributeError, ValueError):  # closed by the test
        return


def upload(s: requests.Session, sector: str, period: str, body: bytes):
    return s.post(s.api + f"/entry/upload?sector={sector}&period={period}", data=body,
                  headers={"Content-Type": XLSX}, timeout=20)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("entry")
    with people_hub(folder) as (hub, feed, broker):
        yield hub


def snapshot(hub) -> dict:
    """What a refused request must leave as it was: the submissions, the figures stored and published, the audit log."""
    admin = signed_in(hub.api_url(), "quantri")
    subs = admin.get(admin.api + "/entry/submissions", timeout=10).json()["submissions"]
    readings = [r for r in hub.call("GET", "/readings").json()["readings"] if r["source"].startswith("manual-")]
    db = sqlite3.connect(f"file:{hub.state_dir / 'indicators.sqlite'}?mode=ro", uri=True, timeout=5)
    try:
        stored = db.execute("SELECT indicator, region, period, value, source FROM observations "
                            "WHERE source LIKE 'manual-%' ORDER BY 1, 2, 3").fetchall()
    finally:
        db.close()
    audit = [json.loads(line) for line in (hub.state_dir / "audit.jsonl").read_text().splitlines() if line]
    steps = [a for a in audit if str(a["command"].get("command", "")).startswith("entry")]  # not the sign-ins
    return {"subs": [(s["id"], s["state"], s["version"]) for s in subs], "readings": readings, "stored": stored,
            "audit": steps}


def test_hostile_clients_are_refused_and_change_nothing(site):
    hub = site
    api = hub.api_url()
    period = last_month()
    clerk = signed_in(api, "nhaplieu-ktxh")
    template = clerk.get(api + f"/entry/template?sector=ktxh&period={period}", timeout=20)
    assert template.status_code == 200 and template.headers["Content-Type"].startswith(XLSX)
    good = {"sector": "ktxh", "period": period, "rows": [{"indicator": REVENUE, "value": "1.234,5"}]}
    before = snapshot(hub)

    # no session at all
    assert requests.post(api + "/entry/submissions", json=good, timeout=10).status_code == 401
    assert requests.get(api + "/entry/forms?sector=ktxh", timeout=10).status_code == 401
    assert requests.post(api + f"/entry/upload?sector=ktxh&period={period}", data=template.content,
                         headers={"Content-Type": XLSX}, timeout=10).status_code == 401
    # another department's clerk
    other = signed_in(api, "nhaplieu-yte")
    r = other.post(api + "/entry/submissions", json=good, timeout=10)
    assert r.status_code == 403 and "ktxh" in r.json()["error"]
    assert upload(other, "ktxh", period, filled(template.content, {REVENUE: 10})).status_code == 403
    assert other.get(api + f"/entry/template?sector=ktxh&period={period}", timeout=10).status_code == 403
    # a leader neither enters nor approves; a checker does not enter; a machine's token neither
    leader = signed_in(api, "lanhdao")
    assert leader.post(api + "/entry/submissions", json=good, timeout=10).status_code == 403
    assert signed_in(api, "kiemduyet").post(api + "/entry/submissions", json=good, timeout=10).status_code == 403
    assert hub.call("POST", "/entry/submissions", "operator", json=good).status_code == 403
    # CSRF: the cookie without the session's token
    bare = signed_in(api, "nhaplieu-ktxh")
    del bare.headers[CSRF_HEADER]
    r = bare.post(api + "/entry/submissions", json=good, timeout=10)
    assert r.status_code == 403 and "CSRF" in r.json()["error"]
    # too big: the server refuses before any handler reads it
    assert upload(clerk, "ktxh", period, b"PK\x03\x04" + b"\0" * (2 * 1024 * 1024)).status_code == 413
    # a formula in the value column: refused, the cell named
    wb = openpyxl.load_workbook(io.BytesIO(filled(template.content, {REVENUE: 5})))
    wb.active["G6"] = "=1+1"
    out = io.BytesIO()
    wb.save(out)
    r = upload(clerk, "ktxh", period, out.getvalue())
    assert r.status_code == 422 and "ô G6" in r.json()["error"] and "công thức" in r.json()["error"]
    # a zip bomb: 30 MB of zeros packed into a few KB
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/worksheets/sheet1.xml", b"\0" * (30 * 1024 * 1024))
    assert len(bomb.getvalue()) < 200_000
    r = upload(clerk, "ktxh", period, bomb.getvalue())
    assert r.status_code == 422 and "giải nén" in r.json()["error"]
    # not a workbook
    r = upload(clerk, "ktxh", period, b"<html>not a workbook</html>")
    assert r.status_code == 422 and "không phải sổ tính" in r.json()["error"]
    # a number that is no number: the row and the field named, nothing kept of the good rows
    bad = {"sector": "ktxh", "period": period, "rows": [{"indicator": CPI, "value": "3,2"},
                                                         {"indicator": REVENUE, "value": "một nghìn"}]}
    r = clerk.post(api + "/entry/submissions", json=bad, timeout=10)
    assert r.status_code == 422
    assert r.json()["problems"] == [{"row": 2, "field": "value", "problem": r.json()["problems"][0]["problem"]}]
    assert "một nghìn" in r.json()["problems"][0]["problem"] and "dòng 2" in r.json()["error"]
    r = upload(clerk, "ktxh", period, filled(template.content, {REVENUE: "12,5,3"}))
    assert r.status_code == 422 and r.json()["problems"][0]["row"].startswith("dòng ")
    # out of range, a commune for a province figure, a period in the future
    r = clerk.post(api + "/entry/submissions", json={**good, "rows": [{"indicator": CPI, "value": -150}]}, timeout=10)
    assert r.status_code == 422 and "ngoài khoảng hợp lệ" in r.json()["problems"][0]["problem"]
    r = clerk.post(api + "/entry/submissions", json={**good, "rows": [{"indicator": CPI, "region": "16681",
                                                                        "value": 3}]}, timeout=10)
    assert r.status_code == 422 and r.json()["problems"][0]["field"] == "region"
    r = clerk.post(api + "/entry/submissions", json={**good, "period": "2099-01"}, timeout=10)
    assert r.status_code == 422 and "tương lai" in r.json()["error"]
    assert snapshot(hub) == before

    # nobody approves what they entered themselves: a clerk made a checker afterwards (on main, the administrator
    # may check but not enter, so a change of role is how one person comes to hold both)
    admin = signed_in(api, "quantri")
    r = admin.post(api + "/people", json={"login": "nhaplieu-2", "name": "Bùi Văn Hai", "role": "clerk",
                                          "password": "mật-khẩu-thử-nghiệm-2", "sectors": ["ktxh"]}, timeout=10)
    assert r.status_code == 201, r.text
    turncoat = signed_in(api, "nhaplieu-2", "mật-khẩu-thử-nghiệm-2")
    r = turncoat.post(api + "/entry/submissions", json=good, timeout=10)
    assert r.status_code == 201, r.text
    sid = r.json()["id"]
    assert admin.patch(api + "/people/nhaplieu-2", json={"role": "checker", "sectors": []},
                       timeout=10).status_code == 200
    turncoat = signed_in(api, "nhaplieu-2", "mật-khẩu-thử-nghiệm-2")
    middle = snapshot(hub)
    r = turncoat.post(api + f"/entry/submissions/{sid}/approve", timeout=10)
    assert r.status_code == 403 and "tự duyệt" in r.json()["error"]
    assert leader.post(api + f"/entry/submissions/{sid}/approve", timeout=10).status_code == 403
    assert clerk.post(api + f"/entry/submissions/{sid}/approve", timeout=10).status_code == 403
    assert hub.call("POST", f"/entry/submissions/{sid}/approve", "operator").status_code == 403
    r = signed_in(api, "kiemduyet").post(api + f"/entry/submissions/{sid}/reject", json={}, timeout=10)
    assert r.status_code == 400  # a rejection needs its reason
    assert snapshot(hub) == middle
    assert admin.get(api + f"/entry/submissions/{sid}", timeout=10).json()["state"] == "submitted"
    # figures not approved are read by the checkers and the sector's own clerks only: not by another
    # department's clerk, a leader or a wall's token, whether asked for by submission or in a figure's history
    checker = signed_in(api, "kiemduyet")
    for reader in (clerk, checker, admin):
        r = reader.get(api + f"/entry/submissions/{sid}", timeout=10)
        assert r.status_code == 200 and r.json()["rows"][0]["value"] == 1234.5
    for r in (other.get(api + f"/entry/submissions/{sid}", timeout=10),
              leader.get(api + f"/entry/submissions/{sid}", timeout=10),
              hub.call("GET", f"/entry/submissions/{sid}", "viewer")):
        assert r.status_code == 403 and "rows" not in r.json()

    def history(who) -> list:
        r = who.get(api + f"/entry/history?indicator={REVENUE}", timeout=10) if who != "viewer" else \
            hub.call("GET", f"/entry/history?indicator={REVENUE}", "viewer")
        assert r.status_code == 200
        return [(v["state"], v["value"]) for v in r.json()["versions"]]

    assert history(clerk) == history(checker) == [("submitted", 1234.5)]
    assert history(other) == history(leader) == history("viewer") == []
    r = checker.post(api + f"/entry/submissions/{sid}/reject", json={"reason": "Dùng cho kiểm thử"}, timeout=10)
    assert r.status_code == 200 and r.json()["state"] == "rejected"
    assert history(clerk) == [("rejected", 1234.5)]
    assert history(other) == history(leader) == history("viewer") == []
    assert snapshot(hub)["subs"] == [(sid, "rejected", 1)]


def test_a_clerk_s_workbook_approved_reaches_the_walls_naming_who_entered_and_approved(site):
    hub = site
    api = hub.api_url()
    period = last_month()
    clerk, checker = signed_in(api, "nhaplieu-ktxh"), signed_in(api, "kiemduyet")
    form = clerk.get(api + "/entry/forms?sector=ktxh", timeout=10).json()
    assert {i["id"] for i in form["indicators"]} >= {REVENUE, CPI, "ktxh-grdp-tang-truong"}
    assert any(p["key"] == period and p["kind"] == "month" for p in form["periods"])
    revenue = next(i for i in form["indicators"] if i["id"] == REVENUE)
    assert revenue["unit"] == "tỷ đồng" and revenue["kind"] == "month" and revenue["region_level"] == "province"

    template = clerk.get(api + f"/entry/template?sector=ktxh&period={period}", timeout=20).content
    r = upload(clerk, "ktxh", period, filled(template, {REVENUE: "5.238.802", CPI: 3.25}))
    assert r.status_code == 201, r.text
    sub = r.json()
    assert sub["state"] == "submitted" and sub["version"] == 1 and sub["entered_by"] == "Lê Văn Nhập (nhaplieu-ktxh)"
    assert {(x["indicator"], x["value"]) for x in sub["rows"]} == {(REVENUE, 5238802.0), (CPI, 3.25)}
    # only approved figures are published
    assert not [x for x in hub.call("GET", "/readings").json()["readings"] if x["source"] == "manual-ktxh"]

    phone = signed_in(api, "lanhdao").get(api + "/events", stream=True, timeout=10)  # a leader's page following
    heard: list[str] = []
    listener = threading.Thread(target=lambda: heard.extend(_lines(phone)), daemon=True)
    listener.start()
    try:
        r = checker.post(api + f"/entry/submissions/{sub['id']}/approve", timeout=10)
        assert r.status_code == 200, r.text
        assert r.json()["state"] == "approved" and r.json()["checked_by"] == "Hoàng Văn Duyệt (kiemduyet)"
        until(lambda: "event: figures" in heard, 10, "the figures event on the phones' stream")
        figures = json.loads(heard[heard.index("event: figures") + 1][len("data: "):])
        assert figures["sector"] == "ktxh" and figures["period"] == period + "-01"
        assert set(figures["indicators"]) == {REVENUE, CPI}
    finally:
        phone.close()
        listener.join(10)

    def reading(indicator):
        return next((x for x in hub.call("GET", "/readings").json()["readings"]
                     if x["indicator"] == indicator and x["region"] == "province"
                     and x["source"] == "manual-ktxh"), None)

    until(lambda: reading(REVENUE) is not None, 10, "the approved figure among the readings")
    assert reading(REVENUE)["value"] == 5238802.0 and reading(CPI)["value"] == 3.25
    prov = clerk.get(api + f"/entry/provenance?indicator={REVENUE}", timeout=10).json()["provenance"]
    assert prov["entered_by"] == "Lê Văn Nhập (nhaplieu-ktxh)" and prov["approved_by"] == "Hoàng Văn Duyệt (kiemduyet)"
    assert prov["version"] == 1 and prov["period"] == period + "-01"
    health = {s["source"]: s for s in hub.call("GET", "/health").json()["sources"]}
    assert "Nhập: Lê Văn Nhập (nhaplieu-ktxh), duyệt: Hoàng Văn Duyệt (kiemduyet)" in \
        health["manual-ktxh"]["last_reason"]
    assert health["manual-ktxh"]["consecutive_errors"] == 0

    # a correction: version 2; it carries every figure approved (one left out would stay on the walls: refused);
    # a first try rejected with its reason, then approved; version 1 kept as history
    fix = {"sector": "ktxh", "period": period, "rows": [{"indicator": REVENUE, "value": "5.300.000"}]}
    r = clerk.post(api + "/entry/submissions", json=fix, timeout=10)
    assert r.status_code == 422 and [(p["indicator"], p["field"]) for p in r.json()["problems"]] == [(CPI, "rows")]
    assert "phiên bản 1" in r.json()["error"] and "3,25" in r.json()["error"]
    fix["rows"].append({"indicator": CPI, "value": "3,25"})
    r = clerk.post(api + "/entry/submissions", json=fix, timeout=10)
    assert r.status_code == 201 and r.json()["version"] == 2
    r = checker.post(api + f"/entry/submissions/{r.json()['id']}/reject", json={"reason": "Thiếu số tháng"},
                     timeout=10)
    assert r.status_code == 200 and r.json()["reason"] == "Thiếu số tháng"
    assert reading(REVENUE)["value"] == 5238802.0  # a rejected correction changes nothing shown
    r = clerk.post(api + "/entry/submissions", json=fix, timeout=10)
    assert r.json()["version"] == 2
    assert checker.post(api + f"/entry/submissions/{r.json()['id']}/approve", timeout=10).status_code == 200
    until(lambda: reading(REVENUE)["value"] == 5300000.0, 10, "the correction among the readings")
    history = clerk.get(api + f"/entry/history?indicator={REVENUE}", timeout=10).json()["versions"]
    states = [(v["version"], v["state"], v["value"]) for v in history]
    assert (1, "superseded", 5238802.0) in states and (2, "approved", 5300000.0) in states
    assert (2, "rejected", 5300000.0) in states
    assert hub.call("GET", f"/history?indicator={REVENUE}&region=province").json()["rows"][-1][1] == 5300000.0
    prov = clerk.get(api + f"/entry/provenance?indicator={REVENUE}", timeout=10).json()["provenance"]
    assert prov["version"] == 2
    # every step in the audit log, naming the person
    audit = (hub.state_dir / "audit.jsonl").read_text()
    for command in ("entry_upload", "entry_approve", "entry_reject", "entry_submit"):
        assert command in audit
    assert "nhaplieu-ktxh" in audit and "kiemduyet" in audit


def test_a_missed_deadline_is_the_sources_error_on_the_hubs_health_and_listed_missing(tmp_path):
    since = date.fromordinal(datetime.now(TZ).date().toordinal() - 70)  # two monthly deadlines at least
    (tmp_path / "hub").mkdir()
    (tmp_path / "hub" / "entry.json").write_text(json.dumps({"schema_version": 1, "sectors": [],
                                                             "since": since.isoformat()}), encoding="utf-8")
    with people_hub(tmp_path) as (hub, feed, broker):
        def ktxh():
            return next((s for s in hub.call("GET", "/health").json()["sources"] if s["source"] == "manual-ktxh"),
                        None)

        until(lambda: ktxh() is not None, 15, "manual-ktxh on the hub's published health")
        assert ktxh()["consecutive_errors"] == 1
        assert ktxh()["last_error_message"].startswith("chưa nộp số liệu tháng ")
        assert "(hạn 05/" in ktxh()["last_error_message"]
        leader = signed_in(hub.api_url(), "lanhdao")
        missing = leader.get(leader.api + "/entry/missing", timeout=10).json()["missing"]
        months = [m for m in missing if m["sector"] == "ktxh" and m["kind"] == "month"]
        assert len(months) >= 2 and all(m["department"] == "Sở Kế hoạch và Đầu tư" for m in months)
        assert "dulich" not in {m["sector"] for m in missing}  # entry.json's sectors: none beyond the catalogue's
        # the clerk submits the latest one: it is missing no more, the error names only the others
        clerk = signed_in(hub.api_url(), "nhaplieu-ktxh")
        latest = months[-1]
        r = clerk.post(clerk.api + "/entry/submissions", json={"sector": "ktxh", "period": latest["key"], "rows": [
            {"indicator": CPI, "value": "3,4"}]}, timeout=10)
        assert r.status_code == 201, r.text
        until(lambda: latest["text"] not in ktxh()["last_error_message"], 15, "the submitted month off the error")
