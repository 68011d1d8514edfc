"""The indicator catalogue: enough indicators for every sector, validated like layouts."""

from __future__ import annotations

import copy
import json

import pytest

from ioc_core.catalogue import DEFAULT_FILE, Status, load_catalogue, parse_catalogue
from ioc_core.layouts import LayoutLibrary
from ioc_core.problems import InvalidFile

from ..common import SHIPPED_LAYOUTS


@pytest.fixture(scope="module")
def doc() -> dict:
    return json.loads(DEFAULT_FILE.read_text(encoding="utf-8"))


def test_catalogue_covers_every_sector_with_enough_indicators():
    cat = load_catalogue()
    assert len(cat.indicators) >= 45
    assert set(cat.sectors) == {"ktxh", "hcc", "vbdt", "yte", "giaoduc", "pakn", "dulich", "attt", "antt", "moitruong"}
    assert all(len(cat.of_sector(s)) >= 4 for s in cat.sectors)
    hcc = {i.id for i in cat.of_sector("hcc")}
    assert {"hcc-ho-so-tiep-nhan", "hcc-ty-le-dung-han", "hcc-ho-so-tre-han", "hcc-ty-le-truc-tuyen"} <= hcc


def test_shipped_layouts_name_only_known_sectors_and_indicators():
    cat = load_catalogue()
    for layout in LayoutLibrary.load_dir(SHIPPED_LAYOUTS).layouts.values():
        for region in layout.regions:
            view = region.view or {}
            if "sector" in view:
                assert view["sector"] in cat.sectors, (layout.id, region.id)
            if "indicator" in view:
                assert view["indicator"] in cat.indicators, (layout.id, region.id)


def test_status_follows_direction_and_thresholds():
    cat = load_catalogue()
    on_time = cat.indicators["hcc-ty-le-dung-han"]  # higher is better: warning 95, critical 90
    assert [on_time.status(v) for v in (99, 95, 94.9, 89.9, None)] == [
        Status.NORMAL, Status.NORMAL, Status.WARNING, Status.CRITICAL, Status.UNKNOWN]
    aqi = cat.indicators["mt-aqi"]  # lower is better: warning 101, critical 151
    assert [aqi.status(v) for v in (50, 120, 200)] == [Status.NORMAL, Status.WARNING, Status.CRITICAL]
    assert cat.indicators["vbdt-van-ban-den"].status(5_238_802) == Status.NORMAL


def errors_of(doc) -> list[str]:
    with pytest.raises(InvalidFile) as info:
        parse_catalogue(doc, "cat.json")
    return [str(p) for p in info.value.problems]


def test_bad_catalogue_entries_are_named(doc):
    bad = copy.deepcopy(doc)
    bad["indicators"][0]["sector"] = "nong-nghiep"
    bad["indicators"][1]["id"] = bad["indicators"][0]["id"]
    bad["indicators"][2]["thresholds"] = {"warning": 10, "critical": 20}  # higher is better: inverted
    assert errors_of(bad) == [
        "cat.json: $.indicators[0].sector: unknown sector 'nong-nghiep' (known: ktxh, hcc, vbdt, yte, giaoduc, "
        "pakn, dulich, attt, antt, moitruong)",
        f"cat.json: $.indicators[1].id: duplicate indicator id '{doc['indicators'][0]['id']}'",
        "cat.json: $.indicators[2].thresholds: higher is better, so critical (20) must be below warning (10)",
    ]


def test_schema_errors_in_the_catalogue(doc):
    bad = copy.deepcopy(doc)
    bad["indicators"][3]["calculationFrequency"] = "sometimes"
    del bad["indicators"][4]["unit"]
    assert errors_of(bad) == [
        "cat.json: $.indicators[3].calculationFrequency: 'sometimes' is not one of ['realtime', 'hourly', 'daily', "
        "'weekly', 'monthly', 'quarterly', 'yearly']",
        "cat.json: $.indicators[4]: 'unit' is a required property",
    ]


def test_indicators_carry_a_priority_the_headline_figures_first(doc):
    """Issue 20: a sector screen too small for all its tiles keeps the most important; the catalogue says which
    (1 most important); an entry without one is of the middle rank (3); a priority out of 1-9 is refused."""
    cat = load_catalogue()
    assert cat.indicators["hcc-ty-le-dung-han"].priority == 1 and cat.indicators["hcc-ho-so-tre-han"].priority == 1
    assert cat.indicators["hcc-ho-so-tiep-nhan"].priority > cat.indicators["hcc-ty-le-dung-han"].priority
    assert all(any(i.priority == 1 for i in cat.of_sector(s)) for s in cat.sectors)
    bare = copy.deepcopy(doc)
    del bare["indicators"][0]["priority"]
    assert parse_catalogue(bare).indicators[bare["indicators"][0]["id"]].priority == 3
    wrong = copy.deepcopy(doc)
    wrong["indicators"][0]["priority"] = 0
    with pytest.raises(InvalidFile) as err:
        parse_catalogue(wrong, "indicators.json")
    assert "$.indicators[0].priority" in str(err.value)
