"""``ioc-wall --check`` as a technician runs it: a real process without a display, the shipped files or broken
copies of them, and real HTTP servers on 127.0.0.1 for the sources."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import threading
import time
from datetime import datetime
from pathlib import Path

import pytest
import requests

from ioc_core.catalogue import load_catalogue
from ioc_core.check import Status, fetch_all, where
from ioc_core.fmt import TZ
from ioc_core.sources.base import Timeouts
from ioc_core.sources.http_json import HttpJsonSource

from ..fakeservers import SilentServer, closed_port_url

ROOT = Path(__file__).resolve().parents[2]
MAPPING = {"records": "data.items", "period": "date", "period_format": "%d-%m-%Y", "region": "agency",
           "values": {"hcc-ho-so-tiep-nhan": "receivedCount", "hcc-ho-so-tre-han": "overdueCount"}}
TODAY = datetime.now(TZ).strftime("%d-%m-%Y")  # a day long over is old data, which --check warns of
GOOD = (200, {"data": {"items": [
    {"date": TODAY, "agency": "xa-001", "receivedCount": 41, "overdueCount": 2},
    {"date": TODAY, "agency": "xa-002", "receivedCount": 120, "overdueCount": 0}]}})
READ_S = 2  # the hanging sources' read timeout
CAT = load_catalogue()


def check(*args, python_flags=(), env=None, timeout=60) -> subprocess.CompletedProcess:
    """``python -m wall --check ...`` with no display at all: no DISPLAY, no Qt platform."""
    clean = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    return subprocess.run([sys.executable, *python_flags, "-m", "wall", "--check", *map(str, args)], cwd=ROOT,
                          env={**clean, "PYTHONIOENCODING": "utf-8", **(env or {})}, capture_output=True,
                          text=True, encoding="utf-8", timeout=timeout)


def line(report: str, name: str) -> str:
    """The report's line for ``name`` (a layout id, a file name, a source id)."""
    hits = [ln for ln in report.splitlines() if re.match(rf"^  [A-Z]+ +{re.escape(name)}( |$)", ln)]
    assert len(hits) == 1, f"{name!r} not reported once in:\n{report}"
    return hits[0]


def status(report: str, name: str) -> str:
    return line(report, name).split()[0]


def write_sources(path: Path, entries: list[dict]) -> Path:
    path.write_text(json.dumps({"schema_version": 1, "sources": entries}), encoding="utf-8")
    return path


def http_source(sid: str, url: str, **kw) -> dict:
    return {"id": sid, "kind": "http_json", "url": url, "mapping": MAPPING,
            "timeout": {"connect": 1, "read": READ_S}, **kw}


@pytest.fixture
def silent():
    s = SilentServer()
    yield s
    s.close()


def test_the_shipped_files_check_out():
    out = check("--demo", "--config", "configs/wall-9-monitors.json", "--meeting", "meetings/giao-ban-thang-11.json")
    assert out.returncode == 0, out.stdout + out.stderr
    for path in sorted((ROOT / "layouts").glob("*.json")):
        assert status(out.stdout, json.loads(path.read_text(encoding="utf-8"))["id"]) == "OK"
    for name in ("wall configuration", "default layout", "meeting", "indicators", "sector views", "alert rules",
                 "cameras", "web pages"):
        assert status(out.stdout, name) == "OK"
    assert status(out.stdout, "igate") in ("OK", "WARN")  # a simulated feed may be in its simulated outage
    assert "Layouts (Bố cục)" in out.stdout and out.stdout.rstrip().endswith("exit code 0")
    assert out.stderr == ""


def test_a_broken_layout_is_named_with_its_file_and_problem_and_the_good_ones_still_pass(layouts_dir):
    (layouts_dir / "hong.json").write_text('{"schema_version": 2, "id": "hong",\n', encoding="utf-8")
    clock = {"kind": "clock"}
    (layouts_dir / "chong-lan.json").write_text(json.dumps({
        "schema_version": 2, "id": "chong-lan", "title": {"vi": "Chồng lấn", "en": "Overlap"},
        "grid": {"rows": 3, "cols": 3}, "regions": [{"id": "lon", "cell": [0, 0], "span": [2, 2], "view": clock},
                                                    {"id": "nho", "cell": [1, 1], "view": clock}]}), encoding="utf-8")
    out = check("--demo", "--layouts-dir", layouts_dir)
    assert out.returncode == 1
    assert status(out.stdout, "hong.json") == "FAIL"
    assert f"{layouts_dir / 'hong.json'}: malformed JSON at line 2" in out.stdout
    assert status(out.stdout, "chong-lan.json") == "FAIL"
    assert f"{layouts_dir / 'chong-lan.json'}: $.regions[1]: region 'nho' overlaps region 'lon' at cell [1, 1]" \
        in out.stdout
    for lid in ("camera", "hop", "khan-cap", "tap-trung-hcc", "tong-quan", "van-hanh"):
        assert status(out.stdout, lid) == "OK"
    assert "exit code 1" in out.stdout


def test_each_source_is_fetched_once_at_the_same_time_and_named_with_its_problem(tmp_path, server, silent):
    server.routes.update({"/tot": GOOD, "/loi": (500, {"error": "boom"}),
                          "/rac": (200, b"<html>Bao tri he thong</html>", "text/html"), "/treo": "hang"})
    sources = write_sources(tmp_path / "sources.json", [
        http_source("tot", server.url + "/tot"), http_source("loi-500", server.url + "/loi"),
        http_source("rac", server.url + "/rac"), http_source("treo", silent.url + "/x"),
        http_source("treo-2", server.url + "/treo"), {"id": "ftp", "kind": "ftp"}])
    t0 = time.monotonic()
    out = check("--sources", sources)
    took = time.monotonic() - t0
    assert out.returncode == 1
    host = server.url.removeprefix("http://")
    assert status(out.stdout, "tot") == "OK" and "4 values would be stored  (" in line(out.stdout, "tot")
    assert f"HTTP 500 Internal Server Error from {host}/loi" in line(out.stdout, "loi-500")
    assert f"{host}/rac: not JSON: '<html>Bao tri he thong</html>'" in line(out.stdout, "rac")
    # a legacy source's deadline for the whole answer is its connect plus its read timeout
    assert f"no complete answer within {READ_S + 1:g} s from" in line(out.stdout, "treo")
    assert f"no complete answer within {READ_S + 1:g} s from {host}/treo" in line(out.stdout, "treo-2")
    assert [status(out.stdout, s) for s in ("loi-500", "rac", "treo", "treo-2")] == ["FAIL"] * 4
    assert f"{sources}: $.sources[5]: unknown source kind 'ftp'" in out.stdout
    assert [path for path, _q, _h in server.requests].count("/tot") == 1  # once, and only once
    fetched = float(re.search(r"fetched in ([0-9.]+) s", out.stdout).group(1))
    # the two hanging sources waited side by side (each READ_S + 1 s), not one after the other (twice that); the
    # margin between the two is what a loaded two-core machine needs
    assert READ_S <= fetched < 2 * (READ_S + 1) - 1
    assert took < READ_S + 8, f"the whole check took {took:.1f} s"


def test_credentials_tokens_and_query_keys_never_reach_the_report(tmp_path, server):
    server.routes.update({"/tot": GOOD, "/loi": (401, {"code": "900901"})})
    query = "?api_key=KhoaBiMat456"
    params = {"params": {"token": "ThamSo789"}, "bearer_env": "IOC_CHECK_TOKEN"}
    urls = [server.url + "/tot" + query, server.url + "/loi" + query, closed_port_url() + "/x" + query,
            server.url.replace("http://", "http://quantri:MatKhau123@") + "/tot"]  # a password in the address
    sources = write_sources(tmp_path / "sources.json", [http_source(sid, url, **params) for sid, url in zip(
        ("tot", "loi-401", "tat", "mat-khau"), urls, strict=True)])
    pages = tmp_path / "webpages.json"  # a loader's own message quotes the address: masked in the report too
    pages.write_text(json.dumps({"schema_version": 1, "pages": [{
        "id": "cong", "name": {"vi": "Cổng"}, "url": "https://quantri:MatKhau123@portal.example.com/?token=Tk999"}]}))
    out = check("--sources", sources, "--web-pages", pages, env={"IOC_CHECK_TOKEN": "MaThongBao000"})
    def fetched(name: str) -> str:  # the fetch's line (a warning about the file has a line of its own)
        (hit,) = [ln for ln in out.stdout.splitlines() if re.match(rf"^  [A-Z]+ +{name} +http", ln)]
        return hit

    assert "4 values" in fetched("tot")  # reached, with its credentials
    # ... and the key written in the file is flagged by its name (its value never shown): it belongs in "auth"
    assert "$.sources[0].url: warning: 'api_key' in the query is a credential written in the sources file" in out.stdout
    assert "$.sources[0].params.token: warning: 'token' in the query is a credential" in out.stdout
    assert "HTTP 401" in fetched("loi-401") and "connection refused" in fetched("tat")
    assert re.search(r"^  FAIL  mat-khau$", out.stdout, re.M)  # refused before anything is sent: credentials in "auth"
    assert "$.sources[3].url: 'url' holds a user name or password: credentials go in 'auth'" in out.stdout
    assert status(out.stdout, "web pages") == "WARN" and "page 'cong' is not offered" in out.stdout
    for secret in ("quantri", "MatKhau123", "KhoaBiMat456", "ThamSo789", "MaThongBao000", "Tk999"):
        assert secret not in out.stdout + out.stderr


def test_the_check_writes_nothing_and_never_loads_qt(tmp_path):
    empty, absent = tmp_path / "empty", tmp_path / "absent"
    empty.mkdir()
    for state in (empty, absent):
        out = check("--demo", "--state-dir", state, python_flags=["-X", "importtime"])
        assert out.returncode == 0
        imported = {ln.rsplit("|", 1)[-1].strip().split(".")[0] for ln in out.stderr.splitlines() if "|" in ln}
        assert "wall" in imported and not imported & {"PySide6", "shiboken6", "pyqtgraph"}
    assert list(empty.iterdir()) == [] and not absent.exists()


def test_a_copy_of_the_shipped_layouts_folder_is_enough(tmp_path):
    """--layouts-dir is honoured (the shipped folder is not read when another is given)."""
    folder = tmp_path / "chi-mot"
    folder.mkdir()
    shutil.copy(ROOT / "layouts" / "camera.json", folder)
    out = check("--demo", "--layouts-dir", folder)
    assert status(out.stdout, "camera") == "OK" and "tong-quan" not in out.stdout.split("Catalogues")[0]


def test_what_technicians_saved_from_a_console_in_the_state_folder_is_checked_too(tmp_path):
    """Without --config the wall starts from the screen mapping's saved file, and layouts saved from consoles
    replace the given ones of their ids: --check reads what the wall would."""
    state = tmp_path / "state"
    (state / "layouts").mkdir(parents=True)
    (state / "wall-config.json").write_text(json.dumps({"schema_version": 1, "screens": {
        "rows": 2, "cols": 2, "width_px": 1920, "height_px": 1080}}), encoding="utf-8")
    mine = json.loads((ROOT / "layouts" / "camera.json").read_text(encoding="utf-8"))
    mine["title"]["vi"] = "Camera (kỹ thuật viên sửa)"
    (state / "layouts" / "camera.json").write_text(json.dumps(mine, ensure_ascii=False), encoding="utf-8")
    broken = {**mine, "id": "hong", "regions": [*mine["regions"], {**mine["regions"][0], "id": "thua"}]}
    (state / "layouts" / "hong.json").write_text(json.dumps(broken), encoding="utf-8")
    out = check("--demo", "--state-dir", state)
    assert "wall-config.json: 2 x 2 screens" in out.stdout, out.stdout
    shipped = line(out.stdout, "camera.json")
    assert "replaced by" in shipped and str(state / "layouts" / "camera.json") in shipped
    assert "camera.json (saved from a console): 3 x 3 grid" in line(out.stdout, "camera")  # the technician's, checked
    assert status(out.stdout, "hong.json") == "FAIL" and "overlaps" in out.stdout
    assert out.returncode == 1


def write_additions(state: Path, **files) -> Path:
    """``<state>/catalogue/<file>`` as the wall's catalogue editing writes them (cameras.json: cameras=[...])."""
    folder = state / "catalogue"
    folder.mkdir(parents=True, exist_ok=True)
    names = {"cameras": "cameras.json", "pages": "web-pages.json", "indicators": "sector-indicators.json"}
    for key, entries in files.items():
        (folder / names[key]).write_text(json.dumps({"schema_version": 1, key: entries}, ensure_ascii=False),
                                         encoding="utf-8")
    return folder


def test_technicians_catalogue_additions_are_merged_as_the_wall_does_and_a_layout_may_use_them(tmp_path):
    """The additions in the state folder are merged over the catalogues by the wall's own code: each one the wall
    would skip is named with its file, its place and why; a layout showing an added camera or page checks clean,
    one showing a skipped camera is warned about."""
    state = tmp_path / "state"
    folder = write_additions(state, cameras=[
        {"id": "cam-moi", "name": {"vi": "Camera mới"}, "group": "giao-thong", "streams": ["rtsp://10.1.2.3/c"]},
        {"id": "cam-nhom-cu", "name": {"vi": "Camera nhóm cũ"}, "group": "nhom-da-xoa",
         "streams": ["rtsp://10.1.2.4/c"]}], pages=[
        {"id": "trang-moi", "name": {"vi": "Trang mới"}, "url": "https://baocao.nghean.gov.vn/"},
        {"id": "trang-ngoai", "name": {"vi": "Trang ngoài"}, "url": "https://ngoai.example/"}], indicators=[
        {"sector": "ktxh", "indicator": "dl-luot-khach"}, {"sector": "khong-co", "indicator": "ktxh-cpi"}])
    (state / "layouts").mkdir()
    mine = json.loads((ROOT / "layouts" / "camera.json").read_text(encoding="utf-8"))
    mine["id"] = "cua-ky-thuat"
    mine["regions"][0]["view"] = {"kind": "camera", "camera": "cam-moi"}
    mine["regions"][1]["view"] = {"kind": "web", "url": "https://baocao.nghean.gov.vn/"}
    mine["regions"][2]["view"] = {"kind": "camera_grid", "group": "giao-thong", "pin": "cam-moi"}
    (state / "layouts" / "cua-ky-thuat.json").write_text(json.dumps(mine), encoding="utf-8")
    before = {p: p.read_bytes() for p in folder.iterdir()}
    out = check("--demo", "--state-dir", state)
    assert status(out.stdout, "cua-ky-thuat") == "OK", out.stdout  # the added camera and page are the wall's
    assert status(out.stdout, "added cameras") == "FAIL"
    assert f"{folder / 'cameras.json'}: 1 in use, 1 skipped" in line(out.stdout, "added cameras")
    assert f"{folder / 'cameras.json'}: $.cameras[1].group: unknown group 'nhom-da-xoa'" in out.stdout
    assert f"{folder / 'web-pages.json'}: 1 in use, 1 skipped" in line(out.stdout, "added web pages")
    assert f"{folder / 'web-pages.json'}: $.pages[1].url: host 'ngoai.example' is not in the wall's web " \
           "allowlist" in out.stdout
    assert f"{folder / 'sector-indicators.json'}: 1 in use, 1 skipped" in line(out.stdout, "added indicators")
    assert f"{folder / 'sector-indicators.json'}: $.indicators[1].sector: unknown sector 'khong-co' (skipped)" \
        in out.stdout
    assert out.returncode == 1 and out.stderr == ""
    assert {p: p.read_bytes() for p in folder.iterdir()} == before

    mine["regions"][3]["view"] = {"kind": "camera", "camera": "cam-nhom-cu"}  # the skipped one: not on the wall
    (state / "layouts" / "cua-ky-thuat.json").write_text(json.dumps(mine), encoding="utf-8")
    warned = check("--demo", "--state-dir", state).stdout  # a camera the wall lacks fails (ioc_core/layouts/refs.py)
    assert status(warned, "cua-ky-thuat") == "FAIL"
    assert "$.regions[3].view.camera: region 'giao-thong-2' shows unknown camera 'cam-nhom-cu' (known: " in warned
    assert "regions[0]" not in warned and "regions[1]" not in warned and "regions[2]" not in warned


def test_an_unreadable_additions_file_is_reported_and_left_where_it_is(tmp_path):
    """The wall sets an unreadable file aside at start; the check says so and touches nothing (nor a torn copy a
    save left, which the wall removes at start). Additions to a catalogue that cannot be loaded are not merged."""
    state = tmp_path / "state"
    folder = write_additions(state, cameras=[{"id": "cam-moi", "name": {"vi": "Camera mới"}, "group": "giao-thong",
                                              "streams": ["rtsp://10.1.2.3/c"]}])
    (folder / "web-pages.json").write_text('{"schema_version": 1, "pages": [', encoding="utf-8")
    (folder / ".cameras.json.abc123.tmp").write_text("{", encoding="utf-8")
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    out = check("--demo", "--state-dir", state)
    pages = folder / "web-pages.json"
    assert status(out.stdout, "added web pages") == "FAIL" and f"{pages}: unreadable" in out.stdout
    assert f"{pages}: malformed JSON at line 1" in out.stdout
    assert f"{pages}: technicians' additions skipped (would be set aside as web-pages.json.corrupt-<time> when " \
           "the wall starts)" in out.stdout
    assert f"{folder / 'cameras.json'}: 1 in use" in line(out.stdout, "added cameras")
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before

    broken = tmp_path / "cameras.json"
    broken.write_text("[]", encoding="utf-8")
    out = check("--demo", "--state-dir", state, "--cameras", broken)
    assert status(out.stdout, "cameras") == "FAIL" and status(out.stdout, "added cameras") == "SKIP"
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before


# -- in process: the parts the report is made of ---------------------------------------------------------------
def test_where_shows_scheme_host_and_port_only():
    src = HttpJsonSource("x", "https://api.example.gov.vn:8443/key/abc?token=t", MAPPING)
    assert where(src) == "https://api.example.gov.vn:8443"


def test_a_demo_feeds_simulated_outage_is_a_warning_not_a_failure():
    from ioc_core.catalogue import load_catalogue
    from ioc_core.sources.demo import DemoSource

    always_silent = DemoSource("drop-yte", load_catalogue(), silent_every_s=1, silent_for_s=1)
    (item,) = fetch_all([always_silent], load_catalogue())
    assert item.status is Status.WARN and "simulated outage" in item.text


def test_a_source_that_trickles_past_its_timeouts_is_given_up_on_time():
    src = HttpJsonSource("treo", "http://127.0.0.1:9/treo", MAPPING, timeouts=Timeouts(connect=0.2, read=0.3))
    done = threading.Event()  # let go at the end: the check has given up on it, the test ends its thread
    src.fetch = lambda session: done.wait(5)  # a fetch that ignores its timeouts (a slow trickle)
    t0 = time.monotonic()
    try:
        (item,) = fetch_all([src], CAT)
    finally:
        done.set()
    assert time.monotonic() - t0 < 2.5
    assert item.status is Status.FAIL and "no complete answer within 1.5 s" in item.text


# -- what the store would do with what a source brings ---------------------------------------------------------
def test_the_check_counts_what_the_store_would_keep_not_what_was_parsed(tmp_path, server):
    """Mappings the wall would refuse: a name given for an indicator id (refused with the source, naming the id
    meant), a commune the catalogue does not have, a measurement's time cut to a date, the same period twice.
    Parsing them went well, so --check said OK."""
    day = "23-11-2026"
    server.routes.update({
        "/tot": GOOD,
        "/ten": (200, {"data": {"items": [{"date": day, "agency": "xa-001", "so": 41},
                                          {"date": day, "agency": "xa-002", "so": 12}]}}),
        "/mot-phan": (200, {"data": {"items": [
            {"date": day, "agency": "xa-001", "receivedCount": 41, "overdueCount": 2},
            {"date": day, "agency": "Phường Không Có", "receivedCount": 7, "overdueCount": 1}]}}),
        "/cat-gio": (200, [{"ngay": "2026-11-23", "aqi": 87}, {"ngay": "2026-11-22", "aqi": 90}]),
        "/trung": (200, [{"ngay": "2026-11-23", "den": 190}, {"ngay": "2026-11-23", "den": 191},
                         {"ngay": "2026-11-22", "den": 170}]),
    })
    sources = write_sources(tmp_path / "sources.json", [
        http_source("tot", server.url + "/tot"),
        http_source("ten", server.url + "/ten", mapping={**MAPPING, "values": {"Hồ sơ tiếp nhận": "so"}}),
        http_source("mot-phan", server.url + "/mot-phan"),
        http_source("cat-gio", server.url + "/cat-gio", mapping={"period": "ngay", "values": {"mt-aqi": "aqi"}}),
        http_source("trung", server.url + "/trung", mapping={"period": "ngay", "values": {"vbdt-van-ban-den": "den"}}),
    ])
    out = check("--sources", sources)
    report = out.stdout
    assert out.returncode == 1, report
    assert status(report, "tot") == "OK"
    assert status(report, "ten") == "FAIL"
    assert "$.sources[1].mapping.values.Hồ sơ tiếp nhận: unknown indicator 'Hồ sơ tiếp nhận' (did you mean " \
           "'hcc-ho-so-tiep-nhan', Hồ sơ tiếp nhận?)" in report
    assert status(report, "mot-phan") == "WARN"
    assert "2 values would be stored; 1 rejected, first: record 1: region 'Phường Không Có' is not a known commune " \
           "or ward code or name" in line(report, "mot-phan")
    assert status(report, "cat-gio") == "FAIL"
    assert "0 values would be stored; 2 rejected, first: period 2026-11-23 has no time, but mt-aqi is a " \
           "measurement at a moment: the time of day is missing" in line(report, "cat-gio")
    assert status(report, "trung") == "WARN"
    assert "2 values would be stored; 1 rejected, first: duplicate period 2026-11-23 for vbdt-van-ban-den/province " \
           "(row 0 kept)" in line(report, "trung")
    assert "2 failed, 2 with warnings: exit code 1" in report


def test_verify_runs_the_source_and_the_stores_own_validation(server):
    from ioc_core.sources.verify import verify

    server.routes["/x"] = (200, {"data": {"items": [
        {"date": "23-11-2026", "agency": "xa-001", "receivedCount": "nhiều", "overdueCount": 2},
        {"date": "23-11-2026", "agency": "xa-999", "receivedCount": 5, "overdueCount": 1},
        {"date": "23-11-2026", "agency": "xa-998", "receivedCount": 6, "overdueCount": 1},
        {"date": "23-11-2026", "agency": "xa-002", "receivedCount": 7, "overdueCount": 0}]}})
    src = HttpJsonSource("igate", server.url + "/x", MAPPING, timeouts=Timeouts(1, 2))
    with requests.Session() as session:
        verdict = verify(src, CAT, session)
    assert (verdict.stored, verdict.rejected, verdict.error, verdict.failed) == (3, 5, None, False)
    assert verdict.reasons == ["record 0: receivedCount: 'nhiều' is not a number", "unknown region 'xa-999'",
                               "unknown region 'xa-998'"]  # parsing's first, then the store's; distinct
    assert 0 < verdict.seconds < 2
    server.routes["/x"] = (503, {"error": "bảo trì"})
    with requests.Session() as session:
        down = verify(src, CAT, session)
    assert down.failed and down.error.startswith("HTTP 503") and down.stored == 0


def test_a_source_is_given_up_after_its_own_budget():
    """A source kind with an overall deadline (budget_s) is waited for that long, not for connect + read."""

    class Deadline(HttpJsonSource):
        def budget_s(self) -> float:
            return 0.3

        def fetch(self, session):
            done.wait(4)

    done = threading.Event()  # let go at the end: the check has given up on it, the test ends its thread
    src = Deadline("han", "http://127.0.0.1:9/x", MAPPING, timeouts=Timeouts(connect=5, read=30))
    t0 = time.monotonic()
    try:
        (item,) = fetch_all([src], CAT)
    finally:
        done.set()
    assert time.monotonic() - t0 < 2.5
    assert item.status is Status.FAIL and "no complete answer within 1.3 s (its budget 0.3 s" in item.text
