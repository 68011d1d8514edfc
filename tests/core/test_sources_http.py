"""HTTP JSON and CKAN sources against real servers on 127.0.0.1: the happy path and every way a feed goes bad."""

from __future__ import annotations

import time

import pytest
import requests

from ioc_core.catalogue import load_catalogue
from ioc_core.indicators.observation import Observation
from ioc_core.problems import InvalidFile
from ioc_core.sources.base import (
    SourceConnectError,
    SourceError,
    SourceFormatError,
    SourceHTTPError,
    SourceTimeout,
    Timeouts,
)
from ioc_core.sources.ckan import CkanSource
from ioc_core.sources.http_json import HttpJsonSource
from ioc_core.sources.pipeline import HttpSource
from ioc_core.sources.spec import Spec

from ..fakeservers import SilentServer, closed_port_url

MAPPING = {"records": "data.items", "period": "date", "period_format": "%d-%m-%Y", "region": "agency",
           "values": {"hcc-ho-so-tiep-nhan": "receivedCount", "hcc-ho-so-tre-han": "overdueCount"}}
FAST = Timeouts(connect=1, read=0.5)


@pytest.fixture
def session():
    with requests.Session() as s:
        yield s


def igate(url: str, **kw) -> HttpJsonSource:
    return HttpJsonSource("igate", url + "/stats", MAPPING, timeouts=FAST, **kw)


def test_http_json_maps_records_to_observations(server, session, monkeypatch):
    monkeypatch.setenv("IGATE_TOKEN", "bi-mat-123")
    server.routes["/stats"] = (200, {"data": {"items": [
        {"date": "23-11-2026", "agency": "xa-nghi-loc", "receivedCount": 41, "overdueCount": "2"},
        {"date": "23-11-2026", "agency": "phuong-vinh", "receivedCount": 120, "overdueCount": 0},
    ]}})
    result = igate(server.url, bearer_env="IGATE_TOKEN", params={"from-date": "2026-11-23"}).run(session)
    assert result.observations == [
        Observation("hcc-ho-so-tiep-nhan", "2026-11-23", 41.0, "xa-nghi-loc"),
        Observation("hcc-ho-so-tre-han", "2026-11-23", 2.0, "xa-nghi-loc"),
        Observation("hcc-ho-so-tiep-nhan", "2026-11-23", 120.0, "phuong-vinh"),
        Observation("hcc-ho-so-tre-han", "2026-11-23", 0.0, "phuong-vinh"),
    ]
    path, query, headers = server.requests[0]
    assert (path, query["from-date"], headers["Authorization"]) == ("/stats", "2026-11-23", "Bearer bi-mat-123")


def test_bad_rows_are_rejected_with_their_reason_and_the_rest_kept(server, session):
    server.routes["/stats"] = (200, {"data": {"items": [
        {"date": "23-11-2026", "agency": "a", "receivedCount": "mười", "overdueCount": 1},
        {"date": "2026/11/23", "agency": "b", "receivedCount": 5, "overdueCount": 1},
        {"agency": "c", "receivedCount": 5, "overdueCount": 1},
        {"date": "23-11-2026", "agency": "d", "receivedCount": None},
        "rác",
    ]}})
    result = igate(server.url).run(session)
    assert result.observations == [Observation("hcc-ho-so-tre-han", "2026-11-23", 1.0, "a")]
    assert result.rejected == [
        "record 0: receivedCount: 'mười' is not a number",
        "record 1: period '2026/11/23' is not a date in the format %d-%m-%Y",
        "record 2: field 'date' is missing",
        "record 3: receivedCount: value is missing (if null means no reading, list it in the mapping's \"missing\")",
        "record 3: field 'overdueCount' is missing",
        "record 4: not an object",
    ]


@pytest.mark.parametrize(("route", "error", "message"), [
    ((500, {"error": "boom"}), SourceHTTPError, "HTTP 500 Internal Server Error from 127.0.0.1:{port}/stats"),
    ((401, {"code": "900901"}), SourceHTTPError, "HTTP 401 Unauthorized from 127.0.0.1:{port}/stats"),
    ((200, b"<html>Bao tri he thong</html>"), SourceFormatError,
     "127.0.0.1:{port}/stats: not JSON: '<html>Bao tri he thong</html>'"),
    ((200, {"content": []}), SourceFormatError, "igate: expected a list of records at 'data.items', found nothing"),
    ((200, {"data": {"items": {"a": 1}}}), SourceFormatError,  # one object is one record
     "igate: no usable record (1 rejected; first: record 0: field 'date' is missing)"),
    ((200, {"data": {"items": [{"x": 1}]}}), SourceFormatError,
     "igate: no usable record (1 rejected; first: record 0: field 'date' is missing)"),
])
def test_a_feed_gone_bad_is_a_typed_error_naming_the_problem(server, session, route, error, message):
    server.routes["/stats"] = route
    with pytest.raises(error) as info:
        igate(server.url).run(session)
    assert str(info.value) == message.format(port=server.url.rsplit(":", 1)[1])


def test_connection_refused(session):
    url = closed_port_url()
    with pytest.raises(SourceConnectError, match="cannot connect to 127.0.0.1:.*/stats: connection refused"):
        igate(url).run(session)


def test_a_server_that_never_answers_is_given_up_at_the_deadline(session):
    silent = SilentServer()
    try:
        t0 = time.monotonic()  # a legacy source's deadline is its connect plus its read timeout
        with pytest.raises(SourceTimeout, match=r"no complete answer within 1.5 s from 127.0.0.1:\d+/stats"):
            igate(silent.url).run(session)
        assert time.monotonic() - t0 < 3
    finally:
        silent.close()


def test_missing_token_is_an_error_that_does_not_leak_anything(server, session, monkeypatch):
    monkeypatch.delenv("IGATE_TOKEN", raising=False)
    with pytest.raises(SourceError, match="environment variable IGATE_TOKEN is not set"):
        igate(server.url, bearer_env="IGATE_TOKEN").run(session)
    assert server.requests == []


def test_error_messages_never_carry_credentials_or_query(session):
    # a credential in the query is refused in the file (test_sources_technician.py); any query is left out too
    src = HttpJsonSource("x", closed_port_url() + "/stats", MAPPING, params={"madonvi": "abc"}, timeouts=FAST)
    with pytest.raises(SourceConnectError) as info:
        src.run(session)
    assert "abc" not in str(info.value)
    url = closed_port_url().replace("http://", "http://admin:matkhau@") + "/stats"
    with pytest.raises(InvalidFile) as refused:  # a password in the address is refused before anything is sent
        HttpJsonSource("x", url, MAPPING, timeouts=FAST)
    assert "credentials go in 'auth'" in str(refused.value) and "matkhau" not in str(refused.value)


CKAN_MAPPING = {"period": "ngay", "region": "ma_xa", "values": {"dl-luot-khach": "luot_khach"}}


def ckan_pages(total: int, page_size: int):
    rows = [{"_id": i, "ngay": "2026-11-22", "ma_xa": f"xa-{i:03d}", "luot_khach": str(100 + i)} for i in range(total)]

    def answer(query):
        offset, limit = int(query["offset"]), int(query["limit"])
        return (200, {"help": "...", "success": True, "result": {
            "fields": [{"id": "ngay", "type": "text"}], "records": rows[offset:offset + limit], "total": total,
            "offset": offset, "limit": limit}})

    return answer


def test_ckan_datastore_search_reads_every_page_with_filters(server, session):
    server.routes["/api/3/action/datastore_search"] = ckan_pages(25, 10)
    src = CkanSource("ckan-dulich", server.url, "res-123", CKAN_MAPPING, filters={"tinh": "Nghệ An"}, page_size=10,
                     timeouts=FAST)
    result = src.run(session)
    assert len(result.observations) == 25
    assert result.observations[24] == Observation("dl-luot-khach", "2026-11-22", 124.0, "xa-024")
    queries = [q for _, q, _ in server.requests]
    assert [q["offset"] for q in queries] == ["0", "10", "20"]
    assert {q["resource_id"] for q in queries} == {"res-123"}
    assert queries[0]["filters"] == '{"tinh": "Nghệ An"}'


def test_ckan_refusal_and_wrong_shape(server, session):
    path = "/api/3/action/datastore_search"
    src = CkanSource("ckan-dulich", server.url, "res-x", CKAN_MAPPING, timeouts=FAST)
    server.routes[path] = (200, {"success": False, "error": {"message": "Không tìm thấy tài nguyên"}})
    with pytest.raises(SourceFormatError, match="CKAN refused the query: Không tìm thấy tài nguyên"):
        src.run(session)
    server.routes[path] = (200, {"success": True, "result": {"records": "không phải danh sách"}})
    with pytest.raises(SourceFormatError, match="page 1 has no list of records at 'result.records'"):
        src.run(session)
    server.routes[path] = (404, {"success": False, "error": {"__type": "Not Found Error"}})
    with pytest.raises(SourceHTTPError, match="HTTP 404"):
        src.run(session)


# -- review: paging ----------------------------------------------------------------------------------------------------
def paged_source(url: str, **request) -> HttpSource:
    entry = {"id": "ckan-dulich", "kind": "http",
             "request": {"url": url + "/api/3/action/datastore_search", "query": {"resource_id": "r"},
                         "connect_s": 1, "deadline_s": 5, **request},
             "paging": {"kind": "ckan", "page_size": 10},
             "mapping": {"period": "ngay", "values": {"dl-luot-khach": {"count": True}}}}
    spec = Spec(entry, "sources.json", ["sources", 0])
    source = HttpSource.from_spec(spec, load_catalogue())
    spec.raise_problems()
    return source


def test_a_system_that_ignores_the_offset_is_an_error_not_a_count_of_repeated_records(server, session):
    """A portal that answers the first page whatever the offset (an older CKAN behind a cache, a wrong
    'offset_param'): 10 records and a total of 25 were counted as 30 -- the first page three times."""
    rows = ckan_pages(25, 10)
    server.routes["/api/3/action/datastore_search"] = lambda query: rows({**query, "offset": "0"})
    with pytest.raises(SourceFormatError, match="page 2 repeats page 1"):
        paged_source(server.url).run(session)
    server.routes["/api/3/action/datastore_search"] = rows  # a portal that pages: 25 records, counted once each
    assert [o.value for o in paged_source(server.url).run(session).observations] == [25.0]


def test_the_pages_together_are_held_to_max_bytes(server, session):
    """max_bytes bounds what a fetch holds: 200 pages of up to max_bytes each were gathered whole before."""
    server.routes["/api/3/action/datastore_search"] = ckan_pages(400, 10)  # about 1 KB a page, 40 pages
    with pytest.raises(SourceError, match="larger than 8192 bytes"):
        paged_source(server.url, max_bytes=8192).run(session)
    assert len([p for p, _q, _h in server.requests]) < 12  # given up as the limit passed, not after every page


def test_a_portal_that_answers_fewer_records_than_asked_is_read_to_its_total(server, session):
    """CKAN answers at most its rows_max records a page (often set to 100 by a portal), whatever the limit asked:
    the first short page was taken for the last, and 10 of 25 records counted; offsets also skipped by page_size."""
    rows = ckan_pages(25, 10)
    server.routes["/api/3/action/datastore_search"] = lambda q: rows({**q, "limit": str(min(int(q["limit"]), 10))})
    source = paged_source(server.url)
    source.paging.page_size = 1000
    assert [o.value for o in source.run(session).observations] == [25.0]
    assert [q["offset"] for _p, q, _h in server.requests] == ["0", "10", "20"]


def test_paging_settings_are_read_or_named_never_ignored():
    """'limit_param' was accepted and never used (the limit kept its name 'limit'); a bad 'total' expression was a
    raw ValueError worded without its key."""
    from ioc_core.sources.sources_file import parse_sources

    doc = {"schema_version": 1, "sources": [
        {"id": "a", "kind": "http", "request": {"url": "http://127.0.0.1:9/x"},
         "paging": {"kind": "offset", "limit_param": "rows", "offset_param": "start", "records": "docs"},
         "mapping": {"period": "now", "values": {"dl-luot-khach": {"count": True}}}},
        {"id": "b", "kind": "http", "request": {"url": "http://127.0.0.1:9/x"},
         "paging": {"kind": "ckan", "total": "result.[total"},
         "mapping": {"period": "now", "values": {"dl-luot-khach": {"count": True}}}}]}
    got = parse_sources(doc, load_catalogue(), "sources.json")
    assert got.sources[0][0].paging.query(2, 40) == {"start": "40", "rows": "100"}
    assert [p.path for p in got.problems] == ["$.sources[1].paging.total"], [str(p) for p in got.problems]


def test_paging_expressions_a_page_cannot_answer_are_a_format_error(server, session):
    """A records filter comparing a number with the text a portal sends ("[?luot_khach > `100`]" on "101") raised
    jmespath's raw TypeError out of the paging: "internal error" on the health view."""
    import jmespath

    server.routes["/api/3/action/datastore_search"] = ckan_pages(5, 10)
    source = paged_source(server.url)
    source.paging.records = jmespath.compile("result.records[?luot_khach > `100`]").search  # as paging.records
    with pytest.raises(SourceFormatError, match="page 1: paging's expressions cannot be read from it"):
        source.run(session)
