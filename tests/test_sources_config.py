"""The sources file: valid entries become sources, bad ones are named and skipped."""

from __future__ import annotations

from wall.catalogue import load_catalogue
from wall.sources.config import default_interval, demo_sources, parse_sources
from wall.sources.http_json import HttpJsonSource
from wall.sources.spreadsheet import SpreadsheetSource

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
        ("HttpJsonSource", "pakn-1022", 900.0), ("SpreadsheetSource", "drop-yte", 120.0)]
    assert got.sources[0][0].timeouts.read == 5
    assert [str(p) for p in got.problems] == [
        "sources.json: $.sources[2]: unknown source kind 'ftp' (known: cap, ckan, demo, http_json, spreadsheet)",
        "sources.json: $.sources[3]: duplicate source id 'pakn-1022'",
        "sources.json: $.sources[4]: source 'y' (http_json): HttpJsonSource.__init__() missing 1 required "
        "positional argument: 'mapping'",
        "sources.json: $.sources[5]: 'id' is a required text field",
    ]
    assert isinstance(got.sources[0][0], HttpJsonSource) and isinstance(got.sources[1][0], SpreadsheetSource)


def test_default_interval_follows_the_fastest_indicator_of_the_source():
    assert default_interval(CAT, "soc") == 75  # realtime (5 min) / 4
    assert default_interval(CAT, "pakn-1022") == 900  # hourly / 4 = 15 min
    assert default_interval(CAT, "drop-ktxh") == 900


def test_demo_feeds_cover_every_catalogue_source():
    demo = demo_sources(CAT)
    assert {s.id for s, _ in demo.sources} == CAT.sources()


def test_the_example_sources_file_is_valid():
    from pathlib import Path

    from wall.sources.config import load_sources

    got = load_sources(Path(__file__).resolve().parent.parent / "configs" / "sources.example.json", CAT)
    assert got.problems == []
    assert [s.id for s, _ in got.sources] == ["igate", "ckan-dulich", "drop-yte"]
