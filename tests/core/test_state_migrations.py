"""The wall's own state files across a version change (Qt-free): an older file is migrated forward and its old bytes
kept as ``.previous``; a newer wall's file (a downgrade) is used read-only, reported, and left byte for byte as it
was; only an unreadable file is set aside."""

from __future__ import annotations

import argparse
import json
import logging
from pathlib import Path

import pytest

from ioc_core.alerts import AlertBook
from ioc_core.alerts import book as alert_book
from ioc_core.catalogue import additions, load_catalogue
from ioc_core.catalogue.cameras import load_cameras
from ioc_core.catalogue.edits import CatalogueEdits, Refused
from ioc_core.catalogue.sectorviews import load_sector_views
from ioc_core.catalogue.webpages import load_webpages
from ioc_core.loading import load_alerting
from ioc_core.migrations import Migrations, NewerVersion, NotMigratable
from ioc_core.outcomes import CONFLICT
from ioc_core.setup.webpolicy import WebAllowlist

from ..common import Clock

CAT = load_catalogue()
ALLOW = WebAllowlist(("127.0.0.1:8080", "*.nghean.gov.vn"))
PAGE = {"id": "bao-cao", "name": {"vi": "Báo cáo"}, "url": "http://127.0.0.1:8080/ktxh"}
PAGE_2 = {"id": "so-lieu", "name": {"vi": "Số liệu"}, "url": "http://127.0.0.1:8080/so-lieu"}
T0 = 1_800_000_000.0
ALERT = {"id": "mt-aqi/province/threshold/7", "indicator": "mt-aqi", "sector": "moitruong", "region": "province",
         "cause": "threshold", "severity": "critical", "message_vi": "AQI rất cao", "message_en": "AQI very high",
         "value": 210.0, "raised_at": T0 - 600, "updated_at": T0 - 600, "acknowledged_by": "trực ban",
         "acknowledged_at": T0 - 300}


def files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def open_edits(folder: Path) -> CatalogueEdits:
    """What the wall does at start: the catalogues as loaded, the additions merged over them."""
    return CatalogueEdits(folder, CAT, ALLOW, load_cameras(), load_webpages().checked(ALLOW), load_sector_views(CAT))


# -- the helper ----------------------------------------------------------------------------------------------------
def test_a_chain_of_steps_brings_a_document_forward_one_version_at_a_time():
    seen = []

    def step(n):
        return lambda d: seen.append(n) or {**d, "schema_version": n + 1, f"v{n + 1}": True}

    doc = {"schema_version": 1, "x": 1}
    out, was = Migrations("test file", 3, {1: step(1), 2: step(2)}).apply(doc)
    assert (out, was, seen) == ({"schema_version": 3, "x": 1, "v2": True, "v3": True}, 1, [1, 2])
    assert doc == {"schema_version": 1, "x": 1}  # the input untouched
    assert Migrations("test file", 3, {}).apply({"schema_version": 3})[1] == 3


def test_a_newer_file_and_garbage_raise_different_errors():
    m = Migrations("alerts file", 1, {})
    with pytest.raises(NewerVersion) as newer:
        m.apply({"schema_version": 2})
    assert (newer.value.version, newer.value.current) == (2, 1)
    assert str(newer.value) == "alerts file has schema_version 2, written by a newer IOC Wall (this wall reads up to 1)"
    for garbage in (["x"], {}, {"schema_version": "1"}, {"schema_version": True}, {"schema_version": 0}):
        with pytest.raises(NotMigratable):
            m.apply(garbage)
    with pytest.raises(NotMigratable, match="did not give version 2"):
        Migrations("test file", 2, {1: lambda d: d}).apply({"schema_version": 1})


# -- the alert book ------------------------------------------------------------------------------------------------
def test_an_older_alerts_file_is_migrated_and_kept_as_previous(tmp_path: Path, monkeypatch):
    """A version 0 book (its list called ``items``), with a step registered as the next change of the file would
    register it: the wall keeps the acknowledged alert, the old bytes stay in ``alerts.json.previous``."""
    monkeypatch.setitem(alert_book.MIGRATIONS, 0, lambda d: {"schema_version": 1, "serial": d["serial"],
                                                            "alerts": d["items"]})
    path = tmp_path / "alerts.json"
    old = json.dumps({"schema_version": 0, "serial": 7, "items": [ALERT]}, ensure_ascii=False).encode()
    path.write_bytes(old)
    path.chmod(0o600)
    book = AlertBook(path, Clock(T0))
    assert [(a.id, a.acknowledged_by) for a in book.alerts()] == [(ALERT["id"], "trực ban")]
    assert book.migrated_from == 0 and book.read_only == ""
    assert sorted(files(tmp_path)) == ["alerts.json", "alerts.json.previous"]
    assert (tmp_path / "alerts.json.previous").read_bytes() == old
    assert (tmp_path / "alerts.json.previous").stat().st_mode & 0o777 == 0o600
    now = json.loads(path.read_text(encoding="utf-8"))
    assert now["schema_version"] == 1 and now["serial"] == 7 and now["alerts"][0]["id"] == ALERT["id"]
    # the serial carried over: the next alert does not reuse a number
    raised = book.observe("attt-ma-doc", "attt", "province", "threshold", "warning", "Mã độc")
    assert raised.id == "attt-ma-doc/province/threshold/8"


def test_a_newer_alerts_file_is_used_in_memory_and_never_written(tmp_path: Path, caplog):
    path = tmp_path / "alerts.json"
    newer = json.dumps({"schema_version": 2, "serial": 7, "alerts": [{**ALERT, "team": "B"}], "muted": []},
                       ensure_ascii=False).encode()
    path.write_bytes(newer)
    with caplog.at_level(logging.ERROR, logger="ioc_core.alerts.book"):
        book = AlertBook(path, Clock(T0))
    assert [(a.id, a.acknowledged_by) for a in book.alerts()] == [(ALERT["id"], "trực ban")]
    said = " ".join(r.getMessage() for r in caplog.records)
    assert str(path) in said and "schema_version 2" in said and "reads up to 1" in said and "not saved" in said
    assert book.read_only
    # a change the operators make is in memory; the file stays as the newer wall left it
    book.observe("attt-ma-doc", "attt", "province", "threshold", "warning", "Mã độc")
    book.acknowledge(ALERT["id"], "trực ban")
    assert [a.indicator for a in book.alerts()] == ["attt-ma-doc", "mt-aqi"]
    assert files(tmp_path) == {"alerts.json": newer}
    # the next upgrade finds it intact; this wall, started again, reads it the same way and says so in its problems
    problems = []
    again, _ = load_alerting(argparse.Namespace(state_dir=tmp_path, alert_rules=None), problems, CAT)
    assert [a.id for a in again.alerts()] == [ALERT["id"]]
    assert [str(p) for p in problems] == [
        f"{path}: $.schema_version: alerts.json has schema_version 2, written by a newer IOC Wall (this wall reads up "
        "to 1): left as it is for that version; alerts are not saved"]
    assert files(tmp_path) == {"alerts.json": newer}


def test_a_newer_alerts_file_this_wall_cannot_read_is_still_not_set_aside(tmp_path: Path):
    path = tmp_path / "alerts.json"
    path.write_text('{"schema_version": 3, "book": {"open": []}}', encoding="utf-8")
    book = AlertBook(path, Clock(T0))
    book.observe("attt-ma-doc", "attt", "province", "threshold", "warning", "Mã độc")
    assert [a.indicator for a in book.alerts()] == ["attt-ma-doc"]
    assert files(tmp_path) == {"alerts.json": b'{"schema_version": 3, "book": {"open": []}}'}


@pytest.mark.parametrize("text", ['{"serial": 1, "alerts": []}', '["x"]', '{"schema_version": "1", "alerts": []}',
                                  '{"schema_version": 1, "alerts": 5}'])
def test_an_alerts_file_that_is_no_alerts_file_is_still_set_aside(tmp_path: Path, text):
    path = tmp_path / "alerts.json"
    path.write_text(text, encoding="utf-8")
    assert AlertBook(path, Clock(T0)).alerts() == []
    assert (tmp_path / "alerts.json.corrupt").read_text(encoding="utf-8") == text
    assert not path.exists()


# -- the technicians' additions ------------------------------------------------------------------------------------
def test_an_older_additions_file_is_migrated_and_kept_as_previous(tmp_path: Path, monkeypatch):
    monkeypatch.setitem(additions.MIGRATIONS, 0, lambda d: {"schema_version": 1, "pages": d["web_pages"]})
    path = tmp_path / "web-pages.json"
    old = json.dumps({"schema_version": 0, "web_pages": [PAGE]}, ensure_ascii=False).encode()
    path.write_bytes(old)
    path.chmod(0o644)
    edits = open_edits(tmp_path)
    assert edits.problems == [] and edits.added("web_page") == {PAGE["id"]}
    assert sorted(files(tmp_path)) == ["web-pages.json", "web-pages.json.previous"]
    assert (tmp_path / "web-pages.json.previous").read_bytes() == old
    assert (tmp_path / "web-pages.json.previous").stat().st_mode & 0o777 == 0o644  # the file's own mode
    assert json.loads(path.read_text(encoding="utf-8")) == {"schema_version": 1, "pages": [PAGE]}
    edits.add("web_page", PAGE_2)
    assert open_edits(tmp_path).added("web_page") == {PAGE["id"], PAGE_2["id"]}


def test_an_older_additions_file_is_not_written_read_only(tmp_path: Path, monkeypatch):
    monkeypatch.setitem(additions.MIGRATIONS, 0, lambda d: {"schema_version": 1, "pages": d["web_pages"]})
    (tmp_path / "web-pages.json").write_text(json.dumps({"schema_version": 0, "web_pages": [PAGE]}),
                                             encoding="utf-8")
    before = files(tmp_path)
    with additions.read_only():
        edits = open_edits(tmp_path)
    assert edits.problems == [] and edits.added("web_page") == {PAGE["id"]}
    assert files(tmp_path) == before


def test_a_newer_additions_file_is_reported_used_and_left_intact(tmp_path: Path):
    path = tmp_path / "web-pages.json"
    newer = json.dumps({"schema_version": 2, "pages": [PAGE], "order": ["bao-cao"]}, ensure_ascii=False).encode()
    path.write_bytes(newer)
    edits = open_edits(tmp_path)
    assert [str(p) for p in edits.problems] == [
        f"{path}: $.schema_version: web-pages.json has schema_version 2, written by a newer IOC Wall (this wall reads "
        "up to 1); it is left as it is for that version, and additions of this kind are not saved"]
    assert edits.added("web_page") == {PAGE["id"]}  # its pages still on the wall
    with pytest.raises(Refused) as refused:
        edits.add("web_page", PAGE_2)
    assert refused.value.kind == CONFLICT and "written by a newer IOC Wall" in refused.value.error
    assert files(tmp_path) == {"web-pages.json": newer}
    assert open_edits(tmp_path).added("web_page") == {PAGE["id"]}
    assert files(tmp_path) == {"web-pages.json": newer}


@pytest.mark.parametrize("text", ['{"pages": []}', '{"schema_version": "1", "pages": []}',
                                  '{"schema_version": 1, "pages": {}}'])
def test_an_additions_file_that_is_no_additions_file_is_still_set_aside(tmp_path: Path, text):
    (tmp_path / "web-pages.json").write_text(text, encoding="utf-8")
    edits = open_edits(tmp_path)
    assert edits.problems[0].message == 'not an additions file: expected {"schema_version": 1, "pages": [...]}'
    assert edits.problems[1].message.startswith("technicians' additions skipped (kept as web-pages.json.corrupt-")
    assert [p.name.split(".corrupt-")[0] for p in tmp_path.iterdir()] == ["web-pages.json"]


def test_a_step_that_fails_on_a_broken_file_makes_it_unreadable():
    with pytest.raises(NotMigratable, match="migration from schema_version 0 failed"):
        Migrations("test file", 1, {0: lambda d: {"schema_version": 1, "pages": d["web_pages"]}}).apply(
            {"schema_version": 0})
