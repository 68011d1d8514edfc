"""The map's outline file: read and checked once per version of the file, not at every map view built."""

from __future__ import annotations

import json
import os
import time

import pytest

from ioc_core.catalogue import mapdata
from ioc_core.problems import InvalidFile


def _write(path, doc) -> None:
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")


def test_the_shipped_outline_is_read_once_for_every_map_built():
    """A map view is built at every layout switch that shows one: parsing and validating the province's outline
    each time held the GUI thread about 40 ms. The same file gives the same (immutable) outline."""
    first = mapdata.load_outline()
    t0 = time.perf_counter()
    again = mapdata.load_outline()
    took = time.perf_counter() - t0
    assert again is first
    assert took < 0.005, f"the outline was read again: {took * 1000:.1f} ms"
    assert any(a.role == "province" for a in first.areas)


def test_an_edited_outline_is_read_again_and_a_broken_one_still_says_why(tmp_path):
    doc = json.loads(mapdata.OUTLINE_FILE.read_text(encoding="utf-8"))
    path = tmp_path / "outline.geojson"
    _write(path, doc)
    before = mapdata.load_outline(path)
    province = next(f for f in doc["features"] if f["properties"]["role"] == "province")
    province["properties"]["name_vi"] = "Tỉnh đã đổi tên"
    _write(path, doc)
    os.utime(path, ns=(time.time_ns(), time.time_ns() + 1_000_000_000))  # (a new version even within one tick)
    after = mapdata.load_outline(path)
    assert after is not before
    assert any(a.name_vi == "Tỉnh đã đổi tên" for a in after.areas)

    doc["features"] = [f for f in doc["features"] if f["properties"]["role"] != "province"]
    _write(path, doc)
    os.utime(path, ns=(time.time_ns(), time.time_ns() + 2_000_000_000))
    for _ in range(2):  # every time, not only the first
        with pytest.raises(InvalidFile) as e:
            mapdata.load_outline(path)
        assert "province" in str(e.value.problems[0].message)
