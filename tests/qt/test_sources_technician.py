"""A province technician's mistakes in a sources file, end to end: through ``ioc-wall --check`` and a real wall
process (its health as the API and the screen give it). Each test is a mistake that once went wrong."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
import requests

from ioc_core.catalogue import load_catalogue
from ioc_core.fmt import TZ
from ioc_core.sources.mapping import compile_expr
from ioc_core.sources.secrets import Secrets
from ioc_core.sources.sources_file import load_sources

from ..common import SHIPPED_LAYOUTS
from ..fakeservers import ScriptedServer
from ..wallproc import READY, WallApi, WallProcess

ROOT = Path(__file__).resolve().parents[2]
CAT = load_catalogue()
TOKEN = "TECHNICIAN-PASTED-TOKEN-4f9a"


@pytest.fixture
def server():
    s = ScriptedServer()
    try:
        yield s
    finally:
        s.close()


def write_sources(path: Path, *entries: dict) -> Path:
    path.write_text(json.dumps({"schema_version": 1, "sources": list(entries)}, ensure_ascii=False), encoding="utf-8")
    return path


def check(sources: Path, state: Path, env: dict | None = None) -> tuple[int, str]:
    """``ioc-wall --check --sources FILE --state-dir DIR``: its exit code and everything it printed."""
    import os

    out = subprocess.run([sys.executable, "-m", "wall", "--check", "--sources", str(sources), "--state-dir",
                          str(state)], cwd=ROOT, capture_output=True, text=True, encoding="utf-8", timeout=120,
                         env={**os.environ, **(env or {})})
    assert "Traceback" not in out.stdout + out.stderr
    return out.returncode, out.stdout + out.stderr


def wait_health(api: WallApi, until, timeout: float = 30) -> dict:
    deadline = time.monotonic() + timeout
    while True:
        sources = api.health()["sources"]
        if until(sources):
            return sources
        if time.monotonic() > deadline:
            raise AssertionError(f"health never settled: {sources}")
        time.sleep(0.1)


def test_a_source_left_out_for_a_typo_is_on_the_health_view_and_a_removed_one_is_gone(tmp_path, server):
    """A typo ("timeout" for "deadline_s") left the source out with one log line: the health view, which the
    operator watches, showed nothing about it. And a source the technician removed or renamed stayed on the health
    view with its last state ("Lỗi") for ever."""
    server.routes["/pakn"] = (200, {"data": [{"v": 5}]})
    state = tmp_path / "state"
    state.mkdir()
    with sqlite3.connect(state / "indicators.sqlite") as db:  # what an earlier run with another file left
        db.execute("CREATE TABLE source_health (source TEXT PRIMARY KEY, last_attempt REAL, last_success REAL, "
                   "last_error REAL, last_error_message TEXT, error_count INTEGER NOT NULL DEFAULT 0, "
                   "consecutive_errors INTEGER NOT NULL DEFAULT 0, records_received INTEGER NOT NULL DEFAULT 0, "
                   "records_rejected INTEGER NOT NULL DEFAULT 0)")
        db.execute("INSERT INTO source_health (source, last_attempt, last_error, last_error_message, error_count, "
                   "consecutive_errors) VALUES ('pakn-cu', 1, 1, 'HTTP 500 from old.example', 3, 3)")
    mapping = {"records": "data", "period": "now", "values": {"pakn-tiep-nhan": "v"}}
    sources = write_sources(
        tmp_path / "sources.json",
        {"id": "pakn-1022", "kind": "http", "every_s": 30, "request": {"url": server.url + "/pakn"},
         "mapping": mapping},
        {"id": "pakn-typo", "kind": "http", "every_s": 30, "request": {"url": server.url + "/pakn", "timeout": 5},
         "mapping": mapping},
        {"id": "pakn-token", "kind": "http", "every_s": 30, "request": {"url": server.url + "/pakn"},
         "auth": {"kind": "bearer", "token": TOKEN}, "mapping": mapping},
        {"id": "pakn-1022", "kind": "http", "request": {"url": server.url + "/other"}, "mapping": mapping})
    proc = WallProcess("--state-dir", str(state), "--layouts-dir", str(SHIPPED_LAYOUTS), "--sources", str(sources),
                       "--layout", "van-hanh")
    try:
        proc.wait_for(READY, 60)
        api = WallApi(proc, state)
        health = wait_health(api, lambda s: s.get("pakn-1022", {}).get("state") == "ok")
        screen = api.call("GET", "/screens/0/1/snapshot", "viewer")  # the health view keeps painting
        assert screen.status_code == 200 and screen.content[:4] == b"\x89PNG"
    finally:
        proc.stop()
    assert "pakn-cu" not in health
    assert health["pakn-typo"]["state"] == "error"
    assert health["pakn-typo"]["error"].startswith("not started: request.timeout: unknown key 'timeout'")
    assert health["pakn-token"]["state"] == "error"
    assert "not started: auth.token" in health["pakn-token"]["error"]
    assert health["pakn-1022"]["state"] == "ok"  # the duplicate entry did not put the running source on error
    assert TOKEN not in json.dumps(health) and TOKEN not in proc.log


def wazuh(server: ScriptedServer, now: datetime) -> None:
    """Wazuh's API: log in with basic auth for a JWT, then the alerts with it (three alerts of today, levels 13, 12
    and 5)."""
    server.routes["/security/user/authenticate"] = (200, {"data": {"token": "jwt-1"}, "error": 0})
    stamp = now.strftime("%Y-%m-%dT%H:%M:%S.000+0700")
    alerts = [{"timestamp": stamp, "rule": {"level": level, "description": "sshd: brute force"}}
              for level in (13, 12, 5)]
    server.routes["/alerts"] = (200, {"data": {"affected_items": alerts, "total_affected_items": 3}, "error": 0})


def wazuh_source(server: ScriptedServer, count: str) -> dict:
    return {"id": "soc", "kind": "http", "every_s": 60,
            "request": {"url": server.url + "/alerts", "query": {"limit": 500}},
            "auth": {"kind": "login", "url": server.url + "/security/user/authenticate",
                     "user": "ioc-wall", "password": {"secret": "wazuh-password"}},
            "mapping": {"records": "data.affected_items", "period": "timestamp",
                        "values": {"attt-canh-bao-nghiem-trong": {"count": count}}}}


def secrets_file(state: Path, **secrets: str) -> None:
    state.mkdir(exist_ok=True)
    path = state / "secrets.json"
    path.write_text(json.dumps({"schema_version": 1, "secrets": secrets}), encoding="utf-8")
    path.chmod(0o600)


def test_a_count_with_a_bare_number_is_a_problem_not_a_count_of_nothing(tmp_path, server):
    """``"count": "rule.level >= 12"`` (JMESPath wants `12`) was read as the name of a field no alert has: --check
    said OK and the wall showed 0 critical security alerts while two came in."""
    wazuh(server, datetime.now(TZ))
    state = tmp_path / "state"
    secrets_file(state, **{"wazuh-password": "wz-Pa55-secret"})
    code, out = check(write_sources(tmp_path / "s.json", wazuh_source(server, "rule.level >= 12")), state)
    assert code == 1, out
    assert ("s.json: $.sources[0].mapping.values.attt-canh-bao-nghiem-trong.count: 'rule.level >= 12' not a "
            "JMESPath expression") in out
    assert "as in: rule.level >= `12`" in out
    assert "for expression" not in out
    fixed = wazuh_source(server, "rule.level >= `12`")
    code, out = check(write_sources(tmp_path / "s.json", fixed), state)
    assert code == 0 and "OK    soc" in out and "1 value would be stored" in out, out
    source = load_sources(tmp_path / "s.json", CAT, Secrets(state / "secrets.json")).sources[0][0]
    with requests.Session() as session:
        (ob,) = source.run(session).observations
    assert ob.value == 2
    assert "wz-Pa55-secret" not in out


@pytest.mark.parametrize("text", ["Lượt khám (nghìn lượt)", "PM2.5", "Mã xã", "Tỷ lệ (%)"])
def test_a_header_with_spaces_dots_or_brackets_is_still_a_field_name(text):
    assert compile_expr(text)({text: 7}) == 7


def test_a_key_or_password_written_in_the_query_or_the_body_is_flagged(tmp_path, server):
    """A technician pastes the portal's link with its key (``?apikey=...``), a token in ``query`` or a password in
    a POST body: all three passed --check silently, the secret living in the sources file (a header was refused).
    A warning, not a failure: a feed that worked before an upgrade keeps working while the key is moved."""
    server.routes["/aqi"] = (200, {"data": [{"v": 57}]})
    mapping = {"records": "data", "period": "now", "values": {"mt-aqi": "v"}}
    entries = [
        {"id": "in-url", "kind": "http", "request": {"url": server.url + "/aqi?tinh=nghe-an&apikey=K3Y-in-url"},
         "mapping": mapping},
        {"id": "in-query", "kind": "http", "request": {"url": server.url + "/aqi",
                                                       "query": {"access_token": "T0KEN-in-query", "limit": 10}},
         "mapping": mapping},
        {"id": "in-body", "kind": "http", "request": {"url": server.url + "/aqi", "method": "POST",
                                                      "json": {"username": "ioc", "password": "PA55-in-body"}},
         "mapping": mapping},
        {"id": "cursor", "kind": "http", "request": {"url": server.url + "/aqi", "query": {"pageToken": "abc"}},
         "mapping": mapping},
    ]
    code, out = check(write_sources(tmp_path / "s.json", *entries), tmp_path / "state")
    assert code == 0, out
    assert "s.json: $.sources[0].request.url: warning: 'apikey' in the query is a credential" in out
    assert "s.json: $.sources[1].request.query.access_token: warning: 'access_token' in the query is a credential" \
        in out
    assert "s.json: $.sources[2].request.json.password: warning: 'password' in the json is a credential" in out
    assert '"kind": "api_key", "query": "apikey"' in out
    assert out.count("WARN  in-") == 3 and "WARN  cursor" not in out  # a paging cursor is no credential
    assert out.count("1 value would be stored") == 4  # each still runs
    for secret in ("K3Y-in-url", "T0KEN-in-query", "PA55-in-body"):
        assert secret not in out


def test_a_fixed_region_given_by_its_name_is_its_code_and_an_unknown_one_a_problem(tmp_path, server):
    """``"region": {"fixed": "Trường Vinh"}``: a name where the code belongs was a rejected row on every fetch
    ("unknown region", no key named, no code offered), while the same name in a region field was matched."""
    server.routes["/tram"] = (200, [{"time": "2026-12-06 07:00", "value": 31.5}])

    def station(fixed: str) -> dict:
        return {"id": "quan-trac-vinh", "kind": "http", "request": {"url": server.url + "/tram"},
                "mapping": {"period": {"field": "time", "format": "%Y-%m-%d %H:%M"}, "region": {"fixed": fixed},
                            "values": {"mt-pm25": "value"}}}

    sources = write_sources(tmp_path / "s.json", station("truong vinh"))
    (source, _), = load_sources(sources, CAT).sources
    with requests.Session() as session:
        (ob,) = source.run(session).observations
    assert ob.region == "16690" and ob.value == 31.5  # Phường Trường Vinh
    code, out = check(write_sources(tmp_path / "s.json", station("Xã Không Có")), tmp_path / "state")
    assert code == 1
    assert ("s.json: $.sources[0].mapping.region.fixed: region 'Xã Không Có' is not a known commune or ward code "
            "or name") in out


def test_the_health_view_gives_a_fetch_errors_reason_the_width_it_needs(qapp, tmp_path):
    """A fetch error names the host and path first and the reason after: in a fixed fifth of a 1920 px screen the
    LGSP's "WSO2 900910 — the access token does not allow this resource (scope)" was cut to "WSO2 900910 ...".
    The reason is drawn whole under its feed, wrapped onto as many lines as it needs at the room's size (issue
    20: every text at least 37 px capitals from 5 m, and none cut), as the paint engine receives it."""
    import shiboken6
    from PySide6.QtCore import QRectF
    from PySide6.QtWidgets import QGraphicsScene

    from ioc_core.indicators.indicator_store import IndicatorStore
    from ioc_core.layouts.model import Region
    from wall.runtime.datahub import DataHub
    from wall.widgets import style
    from wall.widgets.base import ViewContext
    from wall.widgets.health import HealthView

    from ..textcensus import census, faults

    wso2 = ("HTTP 403 from lgsp.nghean.gov.vn:8243/hcc/1.0/thongke: WSO2 900910 — the access token does not allow "
            "this resource (scope)")
    store = IndicatorStore(tmp_path / "s.sqlite", CAT)
    hub = DataHub(CAT, tmp_path / "s.sqlite")
    scene = QGraphicsScene(0, 0, 1920, 1080)
    view = HealthView(Region("du-lieu", 0, 1), {"kind": "health"}, ViewContext(hub))
    try:
        store.record_fetch("lgsp-hcc", error=wso2)
        store.record_fetch("drop-missing", error="drop folder /srv/ioc-wall/drop/yte does not exist")
        hub.source_fetched("lgsp-hcc")
        view.setGeometry(QRectF(0, 0, 1920, 1080))
        view.tick(datetime.now(TZ))
        scene.addItem(view)
        plan = {p.row.source: p for p in view.plan(view.rows()).rows}
        assert set(plan) == {"lgsp-hcc", "drop-missing"}
        lgsp = plan["lgsp-hcc"]
        assert "".join(lgsp.reason).replace(" ", "") == wso2.replace(" ", "") and len(lgsp.reason) >= 2
        assert lgsp.cells[0][0].endswith("Lỗi") and lgsp.cells[1][0] == "lgsp-hcc"
        runs = census(scene, QRectF(0, 0, 1920, 1080))
        drawn = " ".join(r.text for r in runs)
        assert "the access token does not allow this resource (scope)" in drawn.replace("  ", " ")
        assert faults(runs, style.ROOM.cap_px) == []
    finally:
        view.dispose()
        scene.removeItem(view)
        shiboken6.delete(scene)
        hub.close()  # its view-model worker
        store.close()
        qapp.processEvents()


def test_a_drop_folders_refused_rows_name_the_file_and_the_row_the_clerk_sees(tmp_path):
    """A template filled by a clerk in a Vietnamese Excel (CSV, ';', code page 1258): the indicator's name where
    its id belongs, the id in capitals, the same commune twice (once without diacritics) and again in a second
    file. The store refused them as "unknown indicator ..." and "duplicate ... (row 1 kept)": no file, and a row
    number counted from the batch, not the sheet's."""
    from ioc_core.sources.verify import verify

    from ..core.test_sources_formats import cp1258

    folder = tmp_path / "drop"
    folder.mkdir()
    head = "Mã chỉ tiêu;Tên chỉ tiêu;Đơn vị;Kỳ báo cáo;Địa bàn;Giá trị;Ghi chú"
    day = datetime.now(TZ).strftime("%d/%m/%Y")
    rows = [f"yte-kham-ngoai-tru;;lượt;{day};Phường Trường Vinh;1.234;",
            f"yte-kham-ngoai-tru;;lượt;{day};Xa Que Phong;17;",
            f"yte-kham-ngoai-tru;;lượt;{day};Quế Phong;18;",
            f"Lượt khám ngoại trú;;lượt;{day};;99;",
            f"YTE-TAI-NAN-THUONG-TICH;;ca;{day};;4;"]
    (folder / "kham-benh.csv").write_bytes(cp1258("\r\n".join([head, *rows]) + "\r\n"))
    (folder / "kham-benh (1).csv").write_bytes(cp1258("\r\n".join([head, rows[0]]) + "\r\n"))
    sources = write_sources(tmp_path / "s.json", {"id": "drop-yte", "kind": "spreadsheet", "folder": str(folder)})
    (source, _), = load_sources(sources, CAT).sources
    with requests.Session() as session:
        verdict = verify(source, CAT, session)
        result = source.run(session)
    assert verdict.stored == 3 and verdict.rejected == 3
    assert all(reason.startswith("kham-benh") for reason in verdict.reasons)  # each names its file and row
    assert sorted((o.indicator, o.region, o.value) for o in result.observations) == [
        ("yte-kham-ngoai-tru", "16690", 1234.0), ("yte-kham-ngoai-tru", "16738", 17.0),
        ("yte-tai-nan-thuong-tich", "province", 4.0)]
    today = datetime.now(TZ).date().isoformat()
    rejected = sorted(result.rejected)  # the files are read in name order: "kham-benh (1).csv" first
    assert rejected == sorted([
        f"kham-benh.csv row 2: yte-kham-ngoai-tru for 16690 and {today} is also in kham-benh (1).csv row 2 "
        "(that one is kept)",
        f"kham-benh.csv row 4: yte-kham-ngoai-tru for 16738 and {today} is also in kham-benh.csv row 3 "
        "(that one is kept)",
        "kham-benh.csv row 5: unknown indicator 'Lượt khám ngoại trú' (did you mean 'yte-kham-ngoai-tru'?)"])


def test_check_warns_when_a_source_sends_a_period_long_over(tmp_path, server):
    """A finance system's query still asks for last year (``"nam": 2024`` left in the request): --check said OK,
    and the wall showed the figure as old data ("số liệu kỳ 11/2024") from the first minute."""
    now = datetime.now(TZ)
    server.routes["/ngan-sach"] = lambda q: (200, {"data": [{"nam": int(q["nam"]), "thang": int(q["thang"]),
                                                             "thu": 1250.5}]})

    def budget(year: int, month: int) -> dict:
        return {"id": "tai-chinh", "kind": "http",
                "request": {"url": server.url + "/ngan-sach", "query": {"nam": year, "thang": month}},
                "mapping": {"records": "data", "period": {"year": "nam", "month": "thang"},
                            "values": {"ktxh-thu-ngan-sach": "thu"}}}

    code, out = check(write_sources(tmp_path / "s.json", budget(now.year - 2, 11)), tmp_path / "state")
    assert code == 0
    (row,) = [ln for ln in out.splitlines() if "tai-chinh" in ln]
    assert row.startswith("  WARN  tai-chinh") and "1 value would be stored" in row
    assert f"old data: ktxh-thu-ngan-sach's newest period is {now.year - 2}-11-01" in row
    code, out = check(write_sources(tmp_path / "s.json", budget(now.year, now.month)), tmp_path / "state")
    (row,) = [ln for ln in out.splitlines() if "tai-chinh" in ln]
    assert code == 0 and row.startswith("  OK    tai-chinh") and "old data" not in row


def test_dates_sent_as_unix_milliseconds_or_dd_mm_yyyy_hh_mm_are_periods(tmp_path, server):
    """OpenCPS (Liferay) sends its dates as Unix milliseconds: every record was refused as "period 1764968400000
    is missing or not text" (missing?), and "06/12/2026 10:00" as written by many Vietnamese systems was "not a
    date". A Unix time is read in Vietnam time: 20:00 UTC is the next day's 03:00 there."""
    from datetime import timedelta

    yesterday = (datetime.now(UTC) - timedelta(days=1)).replace(hour=20, minute=0, second=0, microsecond=0)
    ms = int(yesterday.timestamp() * 1000)
    vn_day = yesterday.astimezone(TZ).date()  # the day after, in Vietnam
    server.routes["/dossiers"] = (200, {"total": 3, "data": [
        {"dossierNo": "H01", "receiveDate": ms, "govAgencyCode": "16690"},
        {"dossierNo": "H02", "receiveDate": str(ms), "govAgencyCode": "16690"},
        {"dossierNo": "H03", "receiveDate": vn_day.strftime("%d/%m/%Y 10:15"), "govAgencyCode": "16690"}]})
    sources = write_sources(tmp_path / "s.json", {
        "id": "opencps", "kind": "http", "request": {"url": server.url + "/dossiers"},
        "mapping": {"records": "data", "period": "receiveDate", "region": "govAgencyCode",
                    "values": {"hcc-ho-so-tiep-nhan": {"count": True}}}})
    (source, _), = load_sources(sources, CAT).sources
    with requests.Session() as session:
        result = source.run(session)
    assert result.rejected == []
    assert [(o.indicator, o.region, o.period[:10], o.value) for o in result.observations] == [
        ("hcc-ho-so-tiep-nhan", "16690", vn_day.isoformat(), 3.0)]


def test_a_secret_named_with_a_typo_is_offered_the_name_in_the_secrets_file(tmp_path, server):
    server.routes["/pakn"] = (200, {"data": [{"v": 5}]})
    state = tmp_path / "state"
    secrets_file(state, **{"pakn-token": "s3cr3t-pakn-value"})
    entry = {"id": "pakn-1022", "kind": "http", "request": {"url": server.url + "/pakn"},
             "auth": {"kind": "bearer", "token": {"secret": "pakn-tokn"}},
             "mapping": {"records": "data", "period": "now", "values": {"pakn-tiep-nhan": "v"}}}
    code, out = check(write_sources(tmp_path / "s.json", entry), state)
    assert code == 1
    assert "s.json: $.sources[0].auth.token.secret: warning: secret 'pakn-tokn' is not in " in out
    assert "(did you mean 'pakn-token'?)" in out and "s3cr3t-pakn-value" not in out


def test_a_filter_that_matches_nothing_shows_the_fields_the_records_have(tmp_path, server):
    """A PX-Web cube's dimension written without its diacritics ("Dia phuong"): the filter matched none of the
    cells and --check said only "no records at ... in the answer"; the fields the cells have are now beside it."""
    server.routes["/px"] = (200, [{"Địa phương": "Nghệ An", "Năm": "Sơ bộ 2024", "value": 512.3},
                                  {"Địa phương": "Hà Tĩnh", "Năm": "Sơ bộ 2024", "value": 301.0}])
    entry = {"id": "pxweb-giaoduc", "kind": "http", "request": {"url": server.url + "/px"},
             "mapping": {"records": "[?\"Dia phuong\" == 'Nghệ An']", "period": {"field": "Năm", "pattern": "(\\d{4})"},
                         "values": {"gd-hoc-sinh": {"field": "value", "scale": 1000}}}}
    code, out = check(write_sources(tmp_path / "s.json", entry), tmp_path / "state")
    assert code == 1
    assert "none of its 2 records matched; fields: Địa phương, Năm, value" in out


def test_a_months_figure_fed_to_an_indicator_of_days_is_warned_of(tmp_path, server):
    """OpenCPS's dossier statistics are by month (``month``, ``year``); mapped to hcc-ho-so-tiep-nhan, counted by
    day, each month's total was stored as its first day's figure without a word."""
    now = datetime.now(TZ)
    server.routes["/stats"] = (200, {"data": [{"year": now.year, "month": now.month, "govAgencyCode": "16690",
                                               "receivedCount": 250, "satisfied": 92.5}]})

    def opencps(values: dict) -> dict:
        return {"id": "opencps", "kind": "http", "request": {"url": server.url + "/stats"},
                "mapping": {"records": "data", "period": {"year": "year", "month": "month"},
                            "region": "govAgencyCode", "values": values}}

    code, out = check(write_sources(tmp_path / "s.json", opencps({"hcc-ho-so-tiep-nhan": "receivedCount"})),
                      tmp_path / "state")
    assert ("s.json: $.sources[0].mapping.period: warning: the period built from year and month is a whole month, "
            "but hcc-ho-so-tiep-nhan describes a day: each month's figure would be stored as its first day's") in out
    code, out = check(write_sources(tmp_path / "s.json", opencps({"pakn-hai-long": "satisfied"})), tmp_path / "state")
    assert code == 0 and "whole month" not in out  # a month's figure for an indicator of months


def test_a_station_with_no_reading_says_how_to_declare_it(tmp_path, server):
    """An air-quality portal sends "" for a sensor a station lacks: the row was refused as "temp: value is
    missing" on every fetch (the source "partial" for ever) with no word of the mapping's "missing"."""
    server.routes["/api/site"] = (200, [{"name": "Phường Trường Vinh", "aqi": "57", "temp": "28,5"},
                                        {"name": "Phường Cửa Lò", "aqi": "61", "temp": ""}])
    entry = {"id": "quan-trac", "kind": "http", "request": {"url": server.url + "/api/site"},
             "mapping": {"period": "now", "region": "name", "values": {"mt-aqi": "aqi", "mt-nhiet-do": "temp"}}}
    (source, _), = load_sources(write_sources(tmp_path / "s.json", entry), CAT).sources
    with requests.Session() as session:
        result = source.run(session)
        assert result.rejected == ['record 1: temp: value is missing (if "" means no reading, list it in the '
                                   'mapping\'s "missing")']
        (source, _), = load_sources(write_sources(tmp_path / "s.json", {
            **entry, "mapping": {**entry["mapping"], "missing": [""]}}), CAT).sources
        result = source.run(session)
    assert result.rejected == [] and len(result.observations) == 3
