"""The declarative mapping on payloads in the shapes real systems publish (Qt-free): selection with JMESPath,
periods built from fields, unit scaling, ratios, keys with dots, series keyed by name, counts by level, commune
values made into the province value, and commune names matched to codes."""

from __future__ import annotations

import pytest

from ioc_core.catalogue import load_catalogue
from ioc_core.indicators.observation import PROVINCE, Observation
from ioc_core.problems import InvalidFile
from ioc_core.sources.base import SourceFormatError
from ioc_core.sources.mapping import apply_all, period_containing, read_mappings
from ioc_core.sources.spec import Spec

NOW = 1_796_000_000.0  # 2026-11-30 in Vietnam


@pytest.fixture(scope="module")
def catalogue():
    return load_catalogue(regions={"27043": "Phường Trường Vinh", "27044": "Phường Thành Vinh",
                                   "27050": "Xã Nghi Lộc", "27051": "Xã Hưng Nguyên"})


def mapped(entry: dict, doc, catalogue):
    spec = Spec(entry, "sources.json", ["sources", 0])
    mappings = read_mappings(spec, catalogue)
    spec.raise_problems()
    return apply_all(mappings, doc, "src", now=NOW)


def problems_of(entry: dict, catalogue) -> list[str]:
    spec = Spec(entry, "sources.json", ["sources", 0])
    read_mappings(spec, catalogue)
    return [str(p) for p in spec.problems]


WAZUH = {"data": {"affected_items": [
    {"timestamp": "2026-11-29T22:10:03.120+0000", "rule": {"level": 12, "description": "Brute force"}},
    {"timestamp": "2026-11-30T01:02:00.000+0000", "rule": {"level": 13, "description": "Rootkit"}},
    {"timestamp": "2026-11-30T02:40:00.000+0000", "rule": {"level": 7, "description": "Login failed"}},
    {"timestamp": "2026-11-30T03:00:00.000+0000", "rule": {"level": 10, "description": "Port scan"}},
], "total_affected_items": 4, "failed_items": []}, "message": "All selected alerts were returned", "error": 0}


def test_security_alerts_are_counted_by_level_per_day_not_stored_as_their_level(catalogue):
    result = mapped({"mapping": {
        "records": "data.affected_items", "period": "timestamp",
        "values": {"attt-canh-bao-nghiem-trong": {"count": "rule.level >= `12`"},
                   "attt-canh-bao-cao": {"count": "rule.level >= `10` && rule.level < `12`"}}}}, WAZUH, catalogue)
    # 22:10 UTC on the 29th is 05:10 on the 30th in Vietnam: both level-12+ alerts fall on the 30th
    assert set(result.observations) == {
        Observation("attt-canh-bao-nghiem-trong", "2026-11-30", 2.0),
        Observation("attt-canh-bao-cao", "2026-11-30", 1.0)}


def test_a_count_with_no_matching_alert_is_zero_not_left_at_the_last_value(catalogue):
    """A day whose alerts are all below level 12 has 0 critical alerts: without a 0 the tile kept the last day's
    count (and the wall's alert), however quiet the network became."""
    quiet = {"data": {"affected_items": [
        {"timestamp": "2026-11-30T01:02:00.000+0000", "rule": {"level": 7}},
        {"timestamp": "2026-11-30T03:00:00.000+0000", "rule": {"level": 10}}]}}
    entry = {"mapping": {"records": "data.affected_items", "period": "timestamp",
                         "values": {"attt-canh-bao-nghiem-trong": {"count": "rule.level >= `12`"},
                                    "attt-canh-bao-cao": {"count": "rule.level >= `10` && rule.level < `12`"}}}}
    assert set(mapped(entry, quiet, catalogue).observations) == {
        Observation("attt-canh-bao-nghiem-trong", "2026-11-30", 0.0),
        Observation("attt-canh-bao-cao", "2026-11-30", 1.0)}
    # the alerts of the last minutes, counted "now": an empty list is 0 of each, now
    entry["mapping"]["period"] = "now"
    today = period_containing(NOW, "day")
    assert set(mapped(entry, {"data": {"affected_items": []}}, catalogue).observations) == {
        Observation("attt-canh-bao-nghiem-trong", today, 0.0), Observation("attt-canh-bao-cao", today, 0.0)}


def test_a_count_of_the_whole_answer_with_jmespath_is_one_value_for_now(catalogue):
    result = mapped({"mapping": {"records": "length(data.affected_items[?rule.level >= `12`])", "period": "now",
                                 "values": {"attt-canh-bao-nghiem-trong": "@"}}}, WAZUH, catalogue)
    assert result.observations == [Observation("attt-canh-bao-nghiem-trong", period_containing(NOW, "day"), 2.0)]


def test_a_period_is_built_from_a_year_and_a_month_field_and_units_are_scaled(catalogue):
    rows = [{"nam": 2026, "thang": "10", "thu_ngan_sach_trieu": "2.150.000"},
            {"nam": "2026", "thang": "Tháng 11", "thu_ngan_sach_trieu": 1980000}]
    result = mapped({"mapping": {"period": {"year": "nam", "month": "thang"}, "decimal": ",",
                                 "values": {"ktxh-thu-ngan-sach": {"field": "thu_ngan_sach_trieu",
                                                                   "scale": 0.001}}}}, rows, catalogue)
    assert result.observations == [Observation("ktxh-thu-ngan-sach", "2026-10-01", 2150.0),
                                   Observation("ktxh-thu-ngan-sach", "2026-11-01", 1980.0)]


def test_a_key_with_a_dot_and_a_feed_keyed_by_series_name(catalogue):
    """Hanoi's air portal: ``{"PM2.5": [{"time", "value"}], ...}`` with numbers as strings and nulls."""
    daily = {"PM2.5": [{"time": "2026-11-30 07:00", "value": "15.49"}, {"time": "2026-11-30 08:00", "value": None}],
             "PM10": [{"time": "2026-11-30 07:00", "value": "40.1"}]}
    result = mapped({"mappings": [
        {"records": '"PM2.5"', "period": "time", "region": {"fixed": "27043"}, "missing": [None],
         "values": {"mt-pm25": "value"}},
        {"records": "PM10", "period": "time", "region": {"fixed": "27043"}, "values": {"mt-do-am": "value"}},
    ]}, daily, catalogue)
    assert result.observations == [Observation("mt-pm25", "2026-11-30T07:00", 15.49, "27043"),
                                   Observation("mt-do-am", "2026-11-30T07:00", 40.1, "27043")]
    site = [{"id": 1, "PM2.5": "21.5", "aqi_time": "30-11-2026"}]
    result = mapped({"mapping": {"period": {"field": "aqi_time", "format": "%d-%m-%Y"},
                                 "values": {"mt-pm25": {"key": "PM2.5"}}}}, site, catalogue)
    assert result.observations == [Observation("mt-pm25", "2026-11-30", 21.5)]


def test_a_ratio_of_two_fields(catalogue):
    rows = [{"ngay": "30/11/2026", "ontimeCount": 45, "doneCount": 50}, {"ngay": "29/11/2026", "ontimeCount": 3,
                                                                          "doneCount": 0}]
    result = mapped({"mapping": {"period": "ngay", "values": {
        "hcc-ty-le-dung-han": {"ratio": ["ontimeCount", "doneCount"], "scale": 100}}}}, rows, catalogue)
    assert result.observations == [Observation("hcc-ty-le-dung-han", "2026-11-30", 90.0)]
    assert result.rejected == ["record 1: ontimeCount/doneCount: the denominator is 0"]


OPENCPS = [  # OpenCPS DossierStatisticData, one row per commune
    {"month": 11, "year": 2026, "govAgencyName": "UBND Phường Trường Vinh", "receivedCount": 120,
     "ontimePercentage": 90, "doneCount": 100},
    {"month": 11, "year": 2026, "govAgencyName": "UBND xã Nghi Lộc", "receivedCount": 30,
     "ontimePercentage": 60, "doneCount": 20},
]


def test_commune_values_make_the_province_value_by_each_indicators_aggregation(catalogue):
    result = mapped({"mapping": {
        "period": {"year": "year", "month": "month"}, "to_province": True,
        "region": {"field": "govAgencyName", "match": "name"},
        "values": {"hcc-ho-so-tiep-nhan": "receivedCount",
                   "hcc-ty-le-dung-han": {"field": "ontimePercentage", "weight": "doneCount"}}}},
        [dict(r, govAgencyName=r["govAgencyName"].removeprefix("UBND ")) for r in OPENCPS], catalogue)
    province = {o.indicator: o for o in result.observations if o.region == PROVINCE}
    assert province["hcc-ho-so-tiep-nhan"] == Observation("hcc-ho-so-tiep-nhan", "2026-11-01", 150.0, PROVINCE,
                                                          parts=2)
    assert province["hcc-ty-le-dung-han"].value == pytest.approx(85.0)  # (90*100 + 60*20) / 120
    assert province["hcc-ty-le-dung-han"].parts == 2
    communes = {(o.indicator, o.region) for o in result.observations if o.region != PROVINCE}
    assert ("hcc-ho-so-tiep-nhan", "27043") in communes and ("hcc-ho-so-tiep-nhan", "27050") in communes


def test_the_province_value_is_made_from_the_communes_the_store_keeps_only(catalogue):
    """A commune's value the store refuses (below the valid minimum) or a commune sent twice (the store keeps the
    first) must not be in the province's figure: it was 100 - 5 + 30 + 40 = 165 "from 4 communes", while the wall
    showed communes adding up to 130."""
    from ioc_core.indicators.indicator_store import IndicatorStore

    rows = [{"d": "30/11/2026", "xa": "27043", "n": 100}, {"d": "30/11/2026", "xa": "27050", "n": -5},
            {"d": "30/11/2026", "xa": "27051", "n": 30}, {"d": "30/11/2026", "xa": "27051", "n": 40}]
    result = mapped({"mapping": {"period": "d", "region": "xa", "to_province": True,
                                 "values": {"hcc-ho-so-tiep-nhan": "n"}}}, rows, catalogue)
    store = IndicatorStore(":memory:", catalogue, clock=lambda: NOW)
    try:
        report = store.ingest("opencps", result.observations)
        kept = {r: v for r, _p, v, _t in store.latest_by_region("hcc-ho-so-tiep-nhan")}
        province = store.latest("hcc-ho-so-tiep-nhan")
    finally:
        store.close()
    assert kept == {"27043": 100.0, "27051": 30.0} and len(report.rejected) == 2  # -5 and the second 27051
    assert (province.value, province.parts) == (sum(kept.values()), 2)


def test_a_feeds_own_province_figure_is_not_replaced_by_one_made_from_communes(catalogue):
    rows = [{"d": "30/11/2026", "xa": "27043", "n": 100}, {"d": "30/11/2026", "xa": "27051", "n": 30},
            {"d": "30/11/2026", "xa": "Toàn tỉnh", "n": 400}]  # the province's own total counts other units too
    result = mapped({"mapping": {"period": "d", "region": {"field": "xa", "province": ["Toàn tỉnh"]},
                                 "to_province": True, "values": {"hcc-ho-so-tiep-nhan": "n"}}}, rows, catalogue)
    assert [(o.value, o.parts) for o in result.observations if o.region == PROVINCE] == [(400.0, None)]


def test_a_commune_name_is_matched_to_its_code_and_an_unknown_one_is_a_clear_rejection(catalogue):
    rows = [{"ngay": "30/11/2026", "xa": "phuong truong vinh", "v": 5},
            {"ngay": "30/11/2026", "xa": "Nghi Lộc", "v": 6},
            {"ngay": "30/11/2026", "xa": "27051", "v": 7},
            {"ngay": "30/11/2026", "xa": "Xã Không Có", "v": 8},
            {"ngay": "30/11/2026", "xa": "Toàn tỉnh", "v": 26}]
    result = mapped({"mapping": {"period": "ngay", "region": {"field": "xa", "province": ["Toàn tỉnh"]},
                                 "values": {"dl-luot-khach": "v"}}}, rows, catalogue)
    assert [(o.region, o.value) for o in result.observations] == [("27043", 5.0), ("27050", 6.0),
                                                                  ("27051", 7.0), (PROVINCE, 26.0)]
    assert result.rejected == ["record 3: region 'Xã Không Có' is not a known commune or ward code or name "
                               "(the catalogue's regions)"]


def test_unknown_keys_and_a_name_for_an_id_are_problems_naming_the_file_the_path_and_the_key(catalogue):
    found = problems_of({"mapping": {"period": "ngay", "header_row": 3,
                                     "values": {"Hồ sơ tiếp nhận": "n", "hcc-ho-so-giai-quyet": {"feild": "x"}},
                                     "region": {"field": "xa", "matching": "name"}}}, catalogue)
    assert any(p.startswith("sources.json: $.sources[0].mapping.header_row: unknown key 'header_row'")
               for p in found), found
    assert "sources.json: $.sources[0].mapping.values.Hồ sơ tiếp nhận: unknown indicator 'Hồ sơ tiếp nhận' " \
           "(did you mean 'hcc-ho-so-tiep-nhan', Hồ sơ tiếp nhận?)" in found
    assert any(p.startswith("sources.json: $.sources[0].mapping.values.hcc-ho-so-giai-quyet.feild: unknown key")
               for p in found), found
    assert any(p.startswith("sources.json: $.sources[0].mapping.region.matching: unknown key") for p in found)


def test_an_indicator_kept_as_its_last_value_cannot_be_made_from_communes(catalogue):
    found = problems_of({"mapping": {"period": "d", "region": "xa", "to_province": True,
                                     "values": {"ktxh-cpi": "cpi"}}}, catalogue)
    assert found == ["sources.json: $.sources[0].mapping.to_province: 'ktxh-cpi' has aggregation 'last': its "
                     "province value cannot be made from communes (give it its own province figure, or change its "
                     "aggregation)"]


def test_a_bad_expression_is_a_problem_not_a_crash(catalogue):
    found = problems_of({"mapping": {"records": "data[?level >", "period": "d", "values": {"mt-aqi": "v"}}},
                        catalogue)
    assert len(found) == 1 and found[0].startswith("sources.json: $.sources[0].mapping.records: 'data[?level >' "
                                                   "not a JMESPath expression")


def test_a_selection_that_finds_nothing_fails_the_fetch_with_the_path(catalogue):
    with pytest.raises(SourceFormatError, match="expected a list of records at 'result.records', found nothing"):
        mapped({"mapping": {"records": "result.records", "period": "d", "values": {"mt-aqi": "v"}}},
               {"success": True}, catalogue)


def test_read_mappings_without_any_is_a_problem(catalogue):
    spec = Spec({}, "s.json", ["sources", 2])
    read_mappings(spec, catalogue)
    with pytest.raises(InvalidFile, match=r"s.json: \$.sources\[2\].mapping: 'mapping' is required"):
        spec.raise_problems()


def test_numbers_written_as_text_are_read_or_refused_never_misread(catalogue):
    """"1,234" from a system whose decimal mark is not declared is 1.234 to a Vietnamese reader and 1234 to an
    English one: refused as ambiguous (as the drop folder refuses it), never stored as 1.234 silently; a declared
    mark reads it, and a grouping that is no grouping ("1,2,3") is refused, not read as 123."""
    texts = ["1,234", "12,5", " 1 234 ", "1.234,5", "15.49", "-", "N/A", "—", "1,2,3", "0,125"]
    rows = [{"d": "30/11/2026", "xa": code, "v": text} for code, text in zip(
        ["27043", "27044", "27050", "27051"] * 3, texts, strict=False)]

    def read(decimal):
        got = {}
        for n, row in enumerate(rows):
            entry = {"mapping": {"period": "d", "region": "xa", "values": {"dl-luot-khach": "v"}}}
            if decimal:
                entry["mapping"]["decimal"] = decimal
            try:
                result = mapped(entry, [row], catalogue)
                got[texts[n]] = result.observations[0].value
            except SourceFormatError:
                got[texts[n]] = None  # rejected, with its reason
        return got

    assert read(None) == {"1,234": None, "12,5": 12.5, " 1 234 ": 1234.0, "1.234,5": 1234.5, "15.49": 15.49,
                          "-": None, "N/A": None, "—": None, "1,2,3": None, "0,125": 0.125}
    assert read(",") == {"1,234": 1.234, "12,5": 12.5, " 1 234 ": 1234.0, "1.234,5": 1234.5, "15.49": 15.49,
                         "-": None, "N/A": None, "—": None, "1,2,3": None, "0,125": 0.125}
    assert read(".") == {"1,234": 1234.0, "12,5": None, " 1 234 ": 1234.0, "1.234,5": None, "15.49": 15.49,
                         "-": None, "N/A": None, "—": None, "1,2,3": None, "0,125": None}


def test_an_empty_field_or_a_missing_that_is_no_list_is_a_problem_not_ignored(catalogue):
    """"period": "" read the whole record as the period (every row rejected at fetch time, --check the only hint);
    a value's "missing": "N/A" (not a list) was silently ignored, so "N/A" rows were rejected instead of skipped."""
    found = problems_of({"mapping": {"period": "", "region": "", "values": {
        "dl-luot-khach": "", "hcc-ho-so-tiep-nhan": {"field": "n", "missing": "N/A"}}}}, catalogue)
    assert found == [
        "sources.json: $.sources[0].mapping.period: 'period' is empty: name a field or give an expression",
        "sources.json: $.sources[0].mapping.region: 'region' is empty: name a field or give an expression",
        "sources.json: $.sources[0].mapping.values.dl-luot-khach: 'dl-luot-khach' is empty: name a field or give "
        "an expression",
        "sources.json: $.sources[0].mapping.values.hcc-ho-so-tiep-nhan.missing: 'missing' must be a list of values "
        "that mean no data"]


def test_a_weight_written_as_text_is_read_as_the_value_is(catalogue):
    """OpenCPS-like rows with "doneCount": "1,200": the weight was read by the lenient reader as 1.2 (a decimal
    comma), so a commune that settled 1,200 dossiers weighed less than one that settled 20."""
    rows = [{"d": "30/11/2026", "xa": "27043", "pct": 90, "done": "1.200"},
            {"d": "30/11/2026", "xa": "27050", "pct": 60, "done": "20"}]
    entry = {"mapping": {"period": "d", "region": "xa", "to_province": True, "decimal": ",",
                         "values": {"hcc-ty-le-dung-han": {"field": "pct", "weight": "done"}}}}
    province = [o for o in mapped(entry, rows, catalogue).observations if o.region == PROVINCE]
    assert province[0].value == pytest.approx((90 * 1200 + 60 * 20) / 1220)
    rows[0]["done"] = "1,200"  # no decimal mark declared: ambiguous, said, not guessed
    del entry["mapping"]["decimal"]
    result = mapped(entry, rows, catalogue)
    assert any("weight of hcc-ty-le-dung-han: weight: '1,200' is ambiguous" in r for r in result.rejected)


def test_a_year_and_month_held_as_decimals_make_the_period(catalogue):
    """xlrd gives every number of an .xls sheet as a float: the year 2026.0 was read by its last digits, "0"."""
    rows = [{"nam": 2026.0, "thang": 11.0, "v": 7}]
    result = mapped({"mapping": {"period": {"year": "nam", "month": "thang"},
                                 "values": {"ktxh-thu-ngan-sach": "v"}}}, rows, catalogue)
    assert result.observations == [Observation("ktxh-thu-ngan-sach", "2026-11-01", 7.0)]
    result = mapped({"mapping": {"period": "nam", "values": {"ktxh-thu-ngan-sach": "v"}}}, rows, catalogue)
    assert result.observations == [Observation("ktxh-thu-ngan-sach", "2026-01-01", 7.0)]


def test_a_record_an_expression_cannot_read_is_rejected_not_a_crash_of_the_fetch(catalogue):
    """The air portal sends numbers as text: a count condition "aqi > `150`" met "85" and JMESPath raised a
    TypeError, so the whole fetch failed as "internal error: TypeError"; a time zone pushing a date out of range
    (year 1 at +14:00) was an OverflowError. Each is now that record's rejection, worded."""
    rows = [{"d": "30/11/2026", "aqi": "185"}, {"d": "30/11/2026", "aqi": 160}, {"d": "0001-01-01T00:00:00+14:00",
                                                                               "aqi": 1}]
    result = mapped({"mapping": {"period": "d", "values": {"attt-canh-bao-nghiem-trong": {"count": "aqi > `150`"}}}},
                    rows, catalogue)
    assert result.observations == [Observation("attt-canh-bao-nghiem-trong", "2026-11-30", 1.0)]
    assert result.rejected[0].startswith("record 0: count aqi > `150`: cannot be read from this record (")
    assert result.rejected[1].startswith("record 2: period '0001-01-01T00:00:00+14:00' is out of range")


def test_a_records_filter_comparing_text_with_a_number_is_a_format_error(catalogue):
    with pytest.raises(SourceFormatError, match=r"records '\[\?aqi > `150`\]' cannot be selected"):
        mapped({"mapping": {"records": "[?aqi > `150`]", "period": "d", "values": {"mt-aqi": "aqi"}}},
               [{"d": "30/11/2026", "aqi": "185"}], catalogue)
