"""A province's own systems feed the store through configuration alone: each system imitated by a real HTTP server on
127.0.0.1 answering as its API documents, each source written as a technician would in a sources file, and what
the store keeps asserted."""

from __future__ import annotations

import base64
import json
import threading
import time
import uuid
from datetime import date, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest
import requests

from ioc_core.catalogue import load_catalogue
from ioc_core.indicators.indicator_store import IndicatorStore
from ioc_core.indicators.observation import PROVINCE
from ioc_core.sources.base import SourceHTTPError
from ioc_core.sources.sources_file import parse_sources

REGIONS = {"27043": "Phường Trường Vinh", "27044": "Phường Thành Vinh", "27050": "Xã Nghi Lộc",
           "27051": "Xã Hưng Nguyên"}


class SystemServer:
    """``server.routes[("GET", "/path")] = handler(query, headers, body) -> (status, body[, headers])``."""

    def __init__(self):
        self.routes: dict = {}
        self.requests: list[tuple[str, str, dict, dict, bytes]] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def _serve(self):
                parts = urlsplit(self.path)
                query = {k: v[0] for k, v in parse_qs(parts.query).items()}
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                outer.requests.append((self.command, parts.path, query, dict(self.headers), body))
                route = outer.routes.get((self.command, parts.path))
                status, out, *extra = route(query, dict(self.headers), body) if route else (404, {"error": "?"})
                data = out if isinstance(out, bytes) else json.dumps(out, ensure_ascii=False).encode()
                self.send_response(status)
                for k, v in ({"Content-Type": "application/json; charset=utf-8"} | (extra[0] if extra else {})).items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = _serve  # noqa: N815 (http.server's names)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self.thread.start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(5)


@pytest.fixture
def system():
    s = SystemServer()
    try:
        yield s
    finally:
        s.close()


@pytest.fixture(scope="module")
def catalogue():
    return load_catalogue(regions=REGIONS)


@pytest.fixture
def store(tmp_path, catalogue):
    s = IndicatorStore(tmp_path / "store.db", catalogue)
    try:
        yield s
    finally:
        s.close()


def source_of(entry: dict, catalogue, warnings: tuple[str, ...] = ()):
    """The source of ``entry``, which must have no problem but the warnings that contain ``warnings``' texts."""
    found = parse_sources({"schema_version": 1, "sources": [entry]}, catalogue, "sources.json")
    unexpected = [p for p in found.problems if not any(w in p.message for w in warnings)]
    assert not unexpected and len(found.problems) == len(warnings), [str(p) for p in found.problems]
    return found.sources[0][0]


def fetch_into(store, entry: dict, catalogue, warnings: tuple[str, ...] = ()) -> tuple[int, list[str]]:
    source = source_of(entry, catalogue, warnings)
    with requests.Session() as session:
        result = source.run(session)
    report = store.ingest(source.id, result.observations)
    return report.accepted, result.rejected + [why for _i, why in report.rejected]


def stored(store, indicator: str, region: str = PROVINCE) -> list[tuple[str, float]]:
    return [(p, v) for p, v in store.db.execute(
        "SELECT period, value FROM observations WHERE indicator=? AND region=? ORDER BY period", (indicator, region))]


# -- CKAN: datastore_search, paged, with an API key --------------------------------------------------------------
def test_ckan_datastore_search_is_read_page_by_page_with_its_api_key(system, store, catalogue, monkeypatch):
    monkeypatch.setenv("CKAN_KEY", "ckan-khoa-bi-mat")
    first = date(2023, 1, 1)
    rows = [{"_id": k + 1, "ngay": (first + timedelta(days=k // 2)).strftime("%d/%m/%Y"),
             "ma_xa": ("27043", "27050")[k % 2], "luot_khach": str(100 + k)} for k in range(2500)]

    def datastore_search(query, headers, _body):
        if headers.get("Authorization") != "ckan-khoa-bi-mat":
            return 403, {"help": "...", "success": False,
                         "error": {"message": "Access denied: User not authorized to read resource",
                                   "__type": "Authorization Error"}}
        offset, limit = int(query.get("offset", 0)), int(query.get("limit", 100))
        return 200, {"help": "https://ckan/api/3/action/help_show?name=datastore_search", "success": True,
                     "result": {"resource_id": query["resource_id"], "fields": [{"id": "ngay", "type": "text"}],
                                "records": rows[offset:offset + limit], "total": len(rows), "offset": offset,
                                "limit": limit, "total_was_estimated": False}}

    system.routes[("GET", "/api/3/action/datastore_search")] = datastore_search
    entry = {"id": "ckan-dulich", "kind": "ckan", "base_url": system.url, "resource_id": "b3f1-luu-tru",
             "page_size": 1000, "api_key": {"env": "CKAN_KEY"},
             "mapping": {"period": "ngay", "region": "ma_xa", "values": {"dl-luot-khach": "luot_khach"}}}
    accepted, rejected = fetch_into(store, entry, catalogue)
    pages = [q for m, p, q, _h, _b in system.requests if p.endswith("datastore_search")]
    assert [(q["offset"], q["limit"]) for q in pages] == [("0", "1000"), ("1000", "1000"), ("2000", "1000")]
    assert (accepted, rejected) == (2500, [])
    assert stored(store, "dl-luot-khach", "27043")[:2] == [("2023-01-01", 100.0), ("2023-01-02", 102.0)]
    assert stored(store, "dl-luot-khach", "27050")[-1] == ("2026-06-03", 2599.0)

    monkeypatch.setenv("CKAN_KEY", "sai")
    with pytest.raises(SourceHTTPError) as info:
        fetch_into(store, entry, catalogue)
    assert "Access denied: User not authorized to read resource" in str(info.value)
    assert "sai" not in str(info.value) and "ckan-khoa" not in str(info.value)


# -- PX-Web: a POST query answered in JSON-stat 2.0 ---------------------------------------------------------------
def pxweb_answer(query: dict) -> dict:
    places = [v for q in query["query"] if q["code"] == "Địa phương" for v in q["selection"]["values"]]
    years = ["2022", "2023", "Sơ bộ 2024"]
    figures = {"Nghệ An": [628.1, 641.0, 652.4], "Hà Tĩnh": [290.2, 295.0, 299.9]}
    return {"version": "2.0", "class": "dataset", "label": "Số học sinh phổ thông theo địa phương",
            "source": "Tổng cục Thống kê", "updated": "2025-06-30T00:00:00Z", "id": ["Địa phương", "Năm"],
            "size": [len(places), len(years)],
            "dimension": {
                "Địa phương": {"label": "Địa phương",
                               "category": {"index": {p: i for i, p in enumerate(places)},
                                            "label": {p: p for p in places}}},
                "Năm": {"label": "Năm", "category": {"index": {y: i for i, y in enumerate(years)},
                                                      "label": {y: y for y in years},
                                                      "unit": {y: {"label": "Nghìn học sinh"} for y in years}}}},
            "value": [v for p in places for v in figures[p]]}


def test_a_statistics_office_table_is_queried_by_post_and_read_from_json_stat(system, store, catalogue):
    def table(_query, headers, body):
        query = json.loads(body)
        assert query["response"] == {"format": "json-stat2"}
        return 200, pxweb_answer(query)

    system.routes[("POST", "/pxweb/api/v1/vi/GD/E07.px")] = table
    entry = {"id": "pxweb-gd", "kind": "http",
             "request": {"method": "POST", "url": system.url + "/pxweb/api/v1/vi/GD/E07.px",
                         "json": {"query": [{"code": "Địa phương",
                                             "selection": {"filter": "item", "values": ["Nghệ An", "Hà Tĩnh"]}}],
                                  "response": {"format": "json-stat2"}}},
             "format": {"kind": "json-stat"},
             "mapping": {"records": "[?\"Địa phương\" == 'Nghệ An']",
                         "period": {"field": "Năm", "pattern": "(\\d{4})"},
                         "values": {"gd-hoc-sinh": {"field": "value", "scale": 1000}}}}
    accepted, rejected = fetch_into(store, entry, catalogue)
    assert (accepted, rejected) == (3, [])
    assert stored(store, "gd-hoc-sinh") == [("2022-01-01", 628100.0), ("2023-01-01", 641000.0),
                                            ("2024-01-01", 652400.0)]


# -- OpenCPS: dossier statistics per commune, made into the province's figure ------------------------------------
def opencps_row(agency: str, received: int, ontime_pct: float, done: int) -> dict:
    return {"month": 11, "year": 2026, "govAgencyCode": agency, "govAgencyName": REGIONS.get(agency, agency),
            "domainCode": "", "totalCount": received + 10, "receivedCount": received, "onlineCount": received // 2,
            "doneCount": done, "ontimeCount": round(done * ontime_pct / 100), "overdueCount": done - round(
                done * ontime_pct / 100), "ontimePercentage": ontime_pct, "remainingCount": 3}


def test_opencps_commune_statistics_make_the_province_tile(system, store, catalogue):
    system.routes[("GET", "/o/rest/v2/statistics/dossiers")] = lambda q, h, b: (200, {"total": 3, "data": [
        opencps_row("27043", 120, 90.0, 100), opencps_row("27050", 30, 60.0, 20), opencps_row("27051", 50, 100.0, 0)]})
    entry = {"id": "opencps", "kind": "http",
             "request": {"url": system.url + "/o/rest/v2/statistics/dossiers", "query": {"month": 11, "year": 2026}},
             "mapping": {"records": "data", "period": {"year": "year", "month": "month"}, "to_province": True,
                         "region": {"field": "govAgencyName", "match": "name"},
                         "values": {"hcc-ho-so-tiep-nhan": "receivedCount",
                                    "hcc-ty-le-dung-han": {"field": "ontimePercentage", "weight": "doneCount"}}}}
    # the statistics are by month and these indicators by day: --check warns that the month goes on its first day
    accepted, rejected = fetch_into(store, entry, catalogue, warnings=("is a whole month",))
    assert rejected == [] and accepted == 8
    assert stored(store, "hcc-ho-so-tiep-nhan") == [("2026-11-01", 200.0)]
    assert stored(store, "hcc-ty-le-dung-han")[0][1] == pytest.approx(85.0)  # 0 done in 27051 weighs nothing
    assert stored(store, "hcc-ho-so-tiep-nhan", "27050") == [("2026-11-01", 30.0)]
    parts = store.db.execute("SELECT parts FROM observations WHERE indicator='hcc-ho-so-tiep-nhan' AND region=?",
                             (PROVINCE,)).fetchone()
    assert parts == (3,)


# -- Wazuh: log in for a token, then count the alerts by level ---------------------------------------------------
def test_wazuh_alerts_are_counted_by_level_after_logging_in_for_a_token(system, store, catalogue, monkeypatch):
    monkeypatch.setenv("WAZUH_USER", "ioc-doc")
    monkeypatch.setenv("WAZUH_PASSWORD", "mat-khau-wazuh")
    tokens = set()

    def login(_q, headers, _b):
        want = "Basic " + base64.b64encode(b"ioc-doc:mat-khau-wazuh").decode()
        if headers.get("Authorization") != want:
            return 401, {"title": "Unauthorized", "detail": "Invalid credentials"}
        tokens.add(token := str(uuid.uuid4()))
        return 200, {"data": {"token": token}, "error": 0}

    def alerts(_q, headers, _b):
        if headers.get("Authorization", "").removeprefix("Bearer ") not in tokens:
            return 401, {"title": "Unauthorized", "detail": "Invalid token"}
        items = [{"timestamp": f"2026-11-30T0{h}:00:00.000+0000", "rule": {"level": lvl, "id": "5712",
                  "description": "sshd: brute force", "groups": ["syslog", "sshd"]},
                  "agent": {"id": "003", "name": "cong-dvc", "ip": "10.0.0.3"}, "manager": {"name": "soc"},
                  "id": str(h), "full_log": "..."} for h, lvl in enumerate([12, 13, 7, 10, 15])]
        return 200, {"data": {"affected_items": items, "total_affected_items": 5, "total_failed_items": 0,
                              "failed_items": []}, "message": "All selected alerts were returned", "error": 0}

    system.routes[("POST", "/security/user/authenticate")] = login
    system.routes[("GET", "/alerts")] = alerts
    entry = {"id": "soc", "kind": "http", "request": {"url": system.url + "/alerts"},
             "auth": {"kind": "login", "url": system.url + "/security/user/authenticate",
                      "user": {"env": "WAZUH_USER"}, "password": {"env": "WAZUH_PASSWORD"}},
             "mapping": {"records": "data.affected_items", "period": "timestamp",
                         "values": {"attt-canh-bao-nghiem-trong": {"count": "rule.level >= `12`"},
                                    "attt-canh-bao-cao": {"count": "rule.level >= `10` && rule.level < `12`"},
                                    "attt-canh-bao-trung-binh": {"count": "rule.level >= `7` && rule.level < `10`"}}}}
    accepted, rejected = fetch_into(store, entry, catalogue)
    assert (accepted, rejected) == (3, [])
    assert stored(store, "attt-canh-bao-nghiem-trong") == [("2026-11-30", 3.0)]
    assert stored(store, "attt-canh-bao-cao") == [("2026-11-30", 1.0)]
    assert stored(store, "attt-canh-bao-trung-binh") == [("2026-11-30", 1.0)]


# -- An air-quality portal: numbers as strings, 0 meaning no reading, series keyed by pollutant --------------------
def test_an_air_quality_portal_with_numbers_as_strings(system, store, catalogue):
    system.routes[("GET", "/api/site")] = lambda q, h, b: (200, [
        {"id": 1, "name": "Phường Trường Vinh", "latitude": 18.67, "longtitude": 105.69, "aqi": "85",
         "aqiText": "Trung bình", "temp": "27.5", "humid": "81", "aqi_time": "30-11-2026"},
        {"id": 2, "name": "Xã Nghi Lộc", "latitude": 18.8, "longtitude": 105.6, "aqi": "0", "aqiText": "",
         "temp": "26,9", "humid": "85", "aqi_time": "30-11-2026"}])
    system.routes[("GET", "/public/dailystat/1")] = lambda q, h, b: (200, {
        "PM2.5": [{"time": "2026-11-30 06:00", "value": "15.49"}, {"time": "2026-11-30 07:00", "value": None}],
        "PM10": [{"time": "2026-11-30 06:00", "value": "31.2"}]})
    sites = {"id": "khong-khi", "kind": "http", "request": {"url": system.url + "/api/site"},
             # aqi_time gives only the day: the figures are the current ones, measured now
             "mapping": {"period": "now", "region": "name", "missing": ["0"], "decimal": ",",
                         "values": {"mt-aqi": "aqi", "mt-nhiet-do": "temp"}}}
    accepted, rejected = fetch_into(store, sites, catalogue)
    assert rejected == [] and accepted == 3  # the AQI of 0 is no reading, not clean air
    assert [v for _p, v in stored(store, "mt-aqi", "27043")] == [85.0] and stored(store, "mt-aqi", "27050") == []
    assert [v for _p, v in stored(store, "mt-nhiet-do", "27050")] == [26.9]
    daily = {"id": "khong-khi-tram-1", "kind": "http", "request": {"url": system.url + "/public/dailystat/1"},
             "mappings": [{"records": "\"PM2.5\"", "period": "time", "region": {"fixed": "27043"},
                           "missing": [None], "values": {"mt-pm25": "value"}}]}
    accepted, rejected = fetch_into(store, daily, catalogue)
    assert (accepted, rejected) == (1, []) and stored(store, "mt-pm25", "27043") == [("2026-11-30T06:00", 15.49)]


# -- The LGSP on WSO2 API Manager: OAuth2 client credentials whose tokens expire ----------------------------------
class Wso2Gateway:
    """``POST /token`` (Basic client auth, grant_type=client_credentials) and an API behind it that answers 401 with
    WSO2's 900901 fault for a token it does not know (expired or revoked)."""

    def __init__(self, system: SystemServer, expires_in: int = 3600):
        self.tokens: dict[str, float] = {}  # token -> when it expires (time.monotonic)
        self.issued = 0
        self.expires_in = expires_in
        system.routes[("POST", "/token")] = self.token
        system.routes[("POST", "/hcc/1.0/thongke")] = self.api

    def token(self, _q, headers, body):
        want = "Basic " + base64.b64encode(b"ioc-wall-key:ioc-wall-secret").decode()
        form = {k: v[0] for k, v in parse_qs(body.decode()).items()}
        if headers.get("Authorization") != want or form.get("grant_type") != "client_credentials":
            return 401, {"error": "invalid_client", "error_description": "Client Authentication failed."}
        self.issued += 1
        self.tokens[token := str(uuid.uuid4())] = time.monotonic() + self.expires_in
        return 200, {"access_token": token, "scope": "default", "token_type": "Bearer", "expires_in": self.expires_in}

    def api(self, _q, headers, body):
        if self.tokens.get(headers.get("Authorization", "").removeprefix("Bearer "), 0) < time.monotonic():
            return 401, {"code": "900901", "message": "Invalid Credentials",
                         "description": "Invalid Credentials. Make sure you have provided the correct security "
                                        "credentials"}
        month = json.loads(body)["thang"]
        return 200, {"code": "200", "status": "success", "correlationId": str(uuid.uuid4()), "response": {
            "ngay_bao_cao": f"30/{month:02d}/2026", "tiep_nhan": 1043, "giai_quyet": 987}}


LGSP = {"id": "lgsp-hcc", "kind": "http",
        "request": {"method": "POST", "url": "{url}/hcc/1.0/thongke", "json": {"thang": 11},
                    "headers": {"groupId": "hcc-tinh"}},
        "auth": {"kind": "oauth2_client_credentials", "token_url": "{url}/token",
                 "client_id": {"env": "LGSP_KEY"}, "client_secret": {"env": "LGSP_SECRET"}},
        "mapping": {"records": "response", "period": "ngay_bao_cao",
                    "values": {"hcc-ho-so-tiep-nhan": "tiep_nhan", "hcc-ho-so-giai-quyet": "giai_quyet"}}}


def lgsp_entry(url: str) -> dict:
    return json.loads(json.dumps(LGSP).replace("{url}", url))


def test_a_gateway_token_revoked_mid_run_is_renewed_without_a_restart(system, store, catalogue, monkeypatch):
    monkeypatch.setenv("LGSP_KEY", "ioc-wall-key")
    monkeypatch.setenv("LGSP_SECRET", "ioc-wall-secret")
    gateway = Wso2Gateway(system)
    source = source_of(lgsp_entry(system.url), catalogue)
    with requests.Session() as session:
        first = source.run(session)
        gateway.tokens.clear()  # the gateway restarted: every token it gave is gone
        second = source.run(session)
    assert [o.value for o in first.observations] == [1043.0, 987.0] == [o.value for o in second.observations]
    assert gateway.issued == 2
    sent = [h for m, p, _q, h, _b in system.requests if p == "/hcc/1.0/thongke"]
    assert all(h.get("groupId") == "hcc-tinh" for h in sent) and len(sent) == 3  # one refused, tried once more
    assert store.ingest("lgsp-hcc", second.observations).accepted == 2


def test_a_gateway_token_that_expires_is_renewed_before_it_is_refused(system, catalogue, monkeypatch):
    monkeypatch.setenv("LGSP_KEY", "ioc-wall-key")
    monkeypatch.setenv("LGSP_SECRET", "ioc-wall-secret")
    gateway = Wso2Gateway(system, expires_in=1)  # the gateway refuses it a second after it was given
    source = source_of(lgsp_entry(system.url), catalogue)
    with requests.Session() as session:
        assert len(source.run(session).observations) == 2
        given = max(gateway.tokens.values())
        while time.monotonic() < given + 0.1:  # until the gateway's own clock says the token has expired
            time.sleep(0.02)
        assert len(source.run(session).observations) == 2
    assert gateway.issued == 2
    assert len([p for m, p, _q, _h, _b in system.requests if p == "/hcc/1.0/thongke"]) == 2  # never refused


def test_a_wrong_client_secret_is_worded_without_the_secret(system, catalogue, monkeypatch):
    monkeypatch.setenv("LGSP_KEY", "ioc-wall-key")
    monkeypatch.setenv("LGSP_SECRET", "sai-bi-mat")
    Wso2Gateway(system)
    source = source_of(lgsp_entry(system.url), catalogue)
    with requests.Session() as session, pytest.raises(Exception) as info:
        source.run(session)
    assert "invalid_client" in str(info.value) and "sai-bi-mat" not in str(info.value)


def test_the_check_reads_a_secret_from_the_state_folders_secrets_file(system, tmp_path):
    """A CKAN key kept in ``secrets.json`` (readable by the wall's user only) reaches the portal through --check;
    a secrets file others can read is refused, and the key is never printed."""
    from .test_check import check, line, status

    key = "ckan-khoa-trong-tep"
    system.routes[("GET", "/api/3/action/datastore_search")] = lambda q, h, b: (200, {
        "success": True, "result": {"records": [{"ngay": date.today().isoformat(), "ma_xa": "16690", "luot_khach": 5}],
                                    "total": 1}}) if h.get("Authorization") == key else (403, {
                                        "success": False, "error": {"message": "Access denied"}})
    state = tmp_path / "state"
    state.mkdir()
    secrets = state / "secrets.json"
    secrets.write_text(json.dumps({"schema_version": 1, "secrets": {"ckan-du-lich": key}}))
    secrets.chmod(0o600)
    sources = tmp_path / "sources.json"
    sources.write_text(json.dumps({"schema_version": 1, "sources": [
        {"id": "ckan-dulich", "kind": "ckan", "base_url": system.url, "resource_id": "r1",
         "api_key": {"secret": "ckan-du-lich"},
         "mapping": {"period": "ngay", "region": "ma_xa", "values": {"dl-luot-khach": "luot_khach"}}}]}))
    out = check("--sources", sources, "--state-dir", state)
    assert status(out.stdout, "ckan-dulich") == "OK", out.stdout
    assert "1 value would be stored" in line(out.stdout, "ckan-dulich")
    secrets.chmod(0o644)
    out = check("--sources", sources, "--state-dir", state)
    assert "  FAIL  ckan-dulich" in out.stdout and "chmod 600" in out.stdout and out.returncode == 1
    assert key not in out.stdout + out.stderr


def test_a_large_answer_is_mapped_as_it_streams_in_with_the_same_result(system, store, catalogue):
    """Past a megabyte a JSON answer is read record by record (the whole document is never held as Python
    objects): the same values are stored, and a wrong records path still says what it found."""
    first = date(2020, 1, 1)
    rows = [{"ngay": (first + timedelta(days=k // 2)).isoformat(), "ma_xa": ("16690", "16681")[k % 2],
             "ghi_chu": "x" * 40, "luot": k} for k in range(24_000)]
    system.routes[("GET", "/big")] = lambda q, h, b: (200, {"success": True, "result": {"records": rows}})
    entry = {"id": "lon", "kind": "http", "request": {"url": system.url + "/big"},
             "mapping": {"records": "result.records", "period": "ngay", "region": "ma_xa",
                         "values": {"dl-luot-khach": "luot"}}}
    source = source_of(entry, load_catalogue(regions={"16690": "Phường Trường Vinh", "16681": "Phường Thành Vinh"}))
    with requests.Session() as session:
        raw = source.fetch(session)
        assert type(raw).__name__ == "_Body"  # kept as bytes, streamed in parse
        result = source.parse(raw)
    assert len(result.observations) == 24_000 and result.rejected == []
    assert result.observations[-1].value == 23_999.0 and result.observations[-1].region == "16681"
    wrong = dict(entry, mapping=dict(entry["mapping"], records="result.rows"))
    with requests.Session() as session, pytest.raises(Exception, match="found nothing"):
        source_of(wrong, catalogue).run(session)
