"""The sources file: valid entries become sources, bad ones are named and skipped."""

from __future__ import annotations

from ioc_core.catalogue import load_catalogue
from ioc_core.problems import errors
from ioc_core.sources.pipeline import HttpSource
from ioc_core.sources.sources_file import default_interval, demo_sources, parse_sources
from ioc_core.sources.spreadsheet import SpreadsheetSource

CAT = load_catalogue()
MAPPING = {"records": "items", "period": "ky", "values": {"pakn-tiep-nhan": "so"}}


def test_sources_file_builds_sources_and_names_every_bad_entry():
    doc = {"schema_version": 1, "sources": [
        {"id": "pakn-1022", "kind": "http_json", "url": "http://127.0.0.1:9/x", "mapping": MAPPING,
         "timeout": {"connect": 2, "read": 5}, "bearer_env": "PAKN_TOKEN"},
        {"id": "drop-yte", "kind": "spreadsheet", "folder": "/srv/ioc/drop/yte", "every_s": 120},
        {"id": "x", "kind": "ftp"},
        {"id": "pakn-1022", "kind": "spreadsheet", "folder": "/tmp"},
        {"id": "y", "kind": "http_json", "url": "http://h/x"},
        {"kind": "ckan"},
    ]}
    got = parse_sources(doc, CAT, "sources.json")
    assert [(type(s).__name__, s.id, every) for s, every in got.sources] == [
        ("HttpSource", "pakn-1022", 900.0), ("SpreadsheetSource", "drop-yte", 120.0)]
    assert got.sources[0][0].request.deadline_s == 7  # a legacy source: its connect plus its read timeout
    assert [str(p) for p in got.problems] == [
        "sources.json: $.sources[0].bearer_env: warning: environment variable PAKN_TOKEN is not set (the "
        "source fails until it is)",
        "sources.json: $.sources[2]: unknown source kind 'ftp' (known: cap, ckan, demo, http, http_json, "
        "spreadsheet)",
        "sources.json: $.sources[3]: duplicate source id 'pakn-1022'",
        "sources.json: $.sources[4].mapping: 'mapping' is required",
        "sources.json: $.sources[5]: 'id' is a required text field",
    ]
    assert isinstance(got.sources[0][0], HttpSource) and isinstance(got.sources[1][0], SpreadsheetSource)


def test_a_wrong_key_is_a_problem_naming_it_never_a_python_error(tmp_path):
    doc = {"schema_version": 1, "sources": [
        {"id": "igate", "kind": "http_json", "url": "http://127.0.0.1:9/x", "headers": {"groupId": "hcc"},
         "auth": {"kind": "basic", "user": "ioc", "password": {"env": "IGATE_PW"}}, "header_row": 3,
         "mapping": {"period": "d", "values": {"hcc-ho-so-tiep-nhan": "n"}}},
        {"id": "drop", "kind": "spreadsheet", "folder": str(tmp_path), "sheet_name": "Sheet2"},
        {"id": "lgsp", "kind": "http", "request": {"url": "http://127.0.0.1:9/y", "timeout": 5},
         "mapping": {"period": "d", "values": {"hcc-ho-so-tiep-nhan": "n"}}},
    ]}
    found = [str(p) for p in parse_sources(doc, CAT, "sources.json").problems]
    for where, key in (("$.sources[0].header_row", "header_row"), ("$.sources[1].sheet_name", "sheet_name"),
                       ("$.sources[2].request.timeout", "timeout")):
        assert any(p.startswith(f"sources.json: {where}: unknown key '{key}'") for p in found), (where, found)
    assert not any("TypeError" in p or "__init__" in p for p in found)


def test_default_interval_follows_the_fastest_indicator_of_the_source():
    assert default_interval(CAT, "soc") == 75  # realtime (5 min) / 4
    assert default_interval(CAT, "pakn-1022") == 900  # hourly / 4 = 15 min
    assert default_interval(CAT, "drop-ktxh") == 900


def test_demo_feeds_cover_every_catalogue_source():
    demo = demo_sources(CAT)
    assert {s.id for s, _ in demo.sources} == CAT.sources()


def test_the_example_sources_file_is_valid():
    from pathlib import Path

    from ioc_core.sources.sources_file import load_sources

    got = load_sources(Path(__file__).resolve().parents[2] / "configs" / "sources.example.json", CAT)
    assert errors(got.problems) == []  # a token variable not set on this machine is only a warning
    assert [s.id for s, _ in got.sources] == ["igate", "ckan-dulich", "drop-yte"]


def test_every_s_true_or_not_a_number_is_a_problem_not_a_fetch_every_second():
    """JSON's true is Python's 1: "every_s": true fetched the source every second; NaN (which Python's JSON
    reader takes) was never due."""
    for bad in (True, float("nan"), "300", 0):
        doc = {"schema_version": 1, "sources": [{"id": "drop-yte", "kind": "spreadsheet", "folder": "/tmp",
                                                 "every_s": bad}]}
        got = parse_sources(doc, CAT, "sources.json")
        assert got.sources == [] and [str(p) for p in got.problems] == [
            "sources.json: $.sources[0]: 'every_s' must be a number of seconds >= 1"], bad


def test_a_legacy_timeout_of_the_wrong_shape_is_named_not_dropped():
    """{"timeout": {"connect": "2"}} of an http_json entry was dropped for the defaults without a word."""
    for timeout, where in (({"connect": "2", "read": 5}, "$.sources[0].timeout.connect"),
                           ({"connect": 2, "read": None}, "$.sources[0].timeout.read"),
                           ("5", "$.sources[0].timeout.connect"),
                           ({"connect": 2, "total": 9}, "$.sources[0].request.timeout.total")):
        doc = {"schema_version": 1, "sources": [{"id": "pakn-1022", "kind": "http_json", "url": "http://127.0.0.1:9/x",
                                                 "mapping": MAPPING, "timeout": timeout}]}
        got = parse_sources(doc, CAT, "sources.json")
        assert got.sources == [] and [p.path for p in got.problems] == [where], (timeout, got.problems)
