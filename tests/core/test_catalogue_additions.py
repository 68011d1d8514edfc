"""Technicians' additions files read-only, as ``ioc-wall --check`` reads them: the wall's own loading on real files,
the same problems worded as what the wall would do, and the folder left byte for byte as it was."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from ioc_core.catalogue import load_catalogue
from ioc_core.catalogue.additions import AdditionsFile, read_only
from ioc_core.catalogue.cameras import load_cameras
from ioc_core.catalogue.edits import CatalogueEdits, Refused
from ioc_core.catalogue.sectorviews import load_sector_views
from ioc_core.catalogue.webpages import load_webpages
from ioc_core.setup.webpolicy import WebAllowlist

CAT = load_catalogue()
ALLOW = WebAllowlist(("127.0.0.1:8080", "*.nghean.gov.vn"))
PAGE = {"id": "bao-cao", "name": {"vi": "Báo cáo"}, "url": "http://127.0.0.1:8080/ktxh"}


def open_edits(folder: Path) -> CatalogueEdits:
    """What the wall does at start: the catalogues as loaded, the additions merged over them."""
    return CatalogueEdits(folder, CAT, ALLOW, load_cameras(), load_webpages().checked(ALLOW), load_sector_views(CAT))


def files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_read_only_the_same_problems_are_said_and_the_folder_is_not_touched(tmp_path: Path):
    """An unreadable file is said to be one the wall would set aside, a save's leftover stays, nothing can be
    saved; outside ``read_only()`` the wall starts as before (the file set aside, the leftover removed)."""
    (tmp_path / "cameras.json").write_text('{"schema_version": 1, "cameras": [', encoding="utf-8")
    (tmp_path / ".web-pages.json.abc123.tmp").write_text("{", encoding="utf-8")
    before = files(tmp_path)
    with read_only():
        edits = open_edits(tmp_path)
        with pytest.raises(Refused, match="opened read-only"):
            edits.add("web_page", PAGE)
    assert files(tmp_path) == before
    said = [str(p) for p in edits.problems]
    assert said[0].startswith(f"{tmp_path / 'cameras.json'}: malformed JSON at line 1")
    assert said[1:] == [f"{tmp_path / 'cameras.json'}: technicians' additions skipped (would be set aside as "
                        "cameras.json.corrupt-<time> when the wall starts)"]
    assert edits.cameras.cameras.keys() == load_cameras().cameras.keys()  # the catalogue, without additions

    started = open_edits(tmp_path)
    assert str(started.problems[0]) == said[0]
    assert started.problems[1].message.startswith("technicians' additions skipped (kept as cameras.json.corrupt-")
    assert [p.name.split(".corrupt-")[0] for p in tmp_path.iterdir()] == ["cameras.json"]
    started.add("web_page", PAGE)  # and the wall saves as before
    assert open_edits(tmp_path).added("web_page") == {PAGE["id"]}


def test_a_readable_file_loads_the_same_read_only(tmp_path: Path):
    open_edits(tmp_path).add("web_page", PAGE)
    with read_only():
        edits = open_edits(tmp_path)
    assert edits.problems == [] and edits.added("web_page") == {PAGE["id"]}


def test_the_mode_holds_only_inside_the_block_and_on_its_thread(tmp_path: Path):
    """The wall's API threads never inherit it: a check in one thread leaves the wall's saves alone."""
    path = tmp_path / "cameras.json"
    elsewhere: list[bool] = []
    with read_only():
        assert AdditionsFile(path, "cameras").read_only
        assert not AdditionsFile(path, "cameras", read_only=False).read_only
        thread = threading.Thread(target=lambda: elsewhere.append(AdditionsFile(path, "cameras").read_only))
        thread.start()
        thread.join()
    assert elsewhere == [False] and not AdditionsFile(path, "cameras").read_only
