"""Manual entry's own logic: entry.json checked with clear errors, periods named the way people write them, the
default deadlines, the department's template (no text a spreadsheet would run) and the reading of one filled in."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import date, datetime

import openpyxl
import pytest

from ioc_core.fmt import TZ
from ioc_core.problems import InvalidFile
from ioc_hub.entry import workbook
from ioc_hub.entry.checks import check_rows, commune_codes
from ioc_hub.entry.config import EntryConfig, Period, PeriodError, entry_kind, load_config, parse_period

from ..entryhub import CATALOGUE

CFG = EntryConfig()
ENTERED = CFG.entered(CATALOGUE)


def test_entry_json_problems_name_the_file_the_path_and_what_is_wrong(tmp_path):
    (tmp_path / "entry.json").write_text(json.dumps({
        "schema_version": 1, "sectors": ["du-lich"], "departments": {"ktxh": ""},
        "deadlines": {"month": {"day": 40}, "fortnight": {"day": 1}, "day": {"time": "25:00"}}, "since": "hôm qua"}))
    with pytest.raises(InvalidFile) as exc:
        load_config(tmp_path, CATALOGUE)
    found = {(p.path, p.message.split(" (")[0]) for p in exc.value.problems}
    assert all(p.file == str(tmp_path / "entry.json") for p in exc.value.problems)
    assert ("$.sectors[0]", "unknown sector 'du-lich'") in found
    assert ("$.deadlines.month.day", "day must be a whole number from 1 to 31") in found
    assert ("$.deadlines.fortnight", "unknown period kind 'fortnight'") in found
    assert ("$.deadlines.day.time", "time must be HH:MM") in found
    assert ("$.since", "since must be a date, YYYY-MM-DD") in found
    assert any(p == "$.departments.ktxh" for p, _ in found)


def test_what_is_entered_by_hand_by_default_and_with_entry_json(tmp_path):
    assert set(ENTERED) == {"ktxh", "yte", "giaoduc", "dulich"}  # the catalogue's manual ones, and tourism
    assert entry_kind(CATALOGUE.indicators["ktxh-giai-ngan-dau-tu-cong"]) == "month"  # the year so far, monthly
    assert entry_kind(CATALOGUE.indicators["ktxh-grdp-tang-truong"]) == "quarter"
    (tmp_path / "entry.json").write_text(json.dumps({"sectors": [], "indicators": ["hcc-chi-so-phuc-vu"],
                                                     "departments": {"ktxh": "Sở Tài chính"}}))
    cfg = load_config(tmp_path, CATALOGUE)
    assert set(cfg.entered(CATALOGUE)) == {"ktxh", "yte", "giaoduc", "hcc"}
    assert [i.id for i in cfg.entered(CATALOGUE)["hcc"]] == ["hcc-chi-so-phuc-vu"]
    assert cfg.department("ktxh") == "Sở Tài chính" and cfg.department("yte") == "Sở Y tế"


def test_periods_as_people_write_them_and_as_the_store_keeps_them():
    assert parse_period("2026-11", ["month"]) == Period("month", date(2026, 11, 1))
    assert parse_period("2026-Q4", ["quarter"]).stored == "2026-10-01"
    assert parse_period("2026", ["year"]).label == "năm 2026"
    assert parse_period("2026-Q4", ["quarter"]).label == "quý IV/2026"
    assert parse_period("2026-11-01", ["month", "quarter"]).kind == "month"  # November starts no quarter
    assert parse_period("2026-10-01", ["month"], "quarter").key == "2026-Q4"
    with pytest.raises(PeriodError, match=r"2026-10 \(tháng 10/2026\) hay 2026-Q4 \(quý IV/2026\)"):
        parse_period("2026-10-01", ["month", "quarter"])
    with pytest.raises(PeriodError, match="không có thật"):
        parse_period("2026-13", ["month"])
    with pytest.raises(PeriodError, match="không đọc được"):
        parse_period("tháng 11", ["month"])


def test_default_deadlines():
    def due(key, kinds):
        p = parse_period(key, kinds)
        return CFG.deadlines[p.kind].due(p), CFG.deadlines[p.kind].shown(p)

    assert due("2026-11", ["month"]) == (datetime(2026, 12, 6, tzinfo=TZ), "05/12/2026")  # late from the 6th
    assert due("2026-Q4", ["quarter"]) == (datetime(2027, 1, 11, tzinfo=TZ), "10/01/2027")
    assert due("2026", ["year"]) == (datetime(2027, 2, 1, tzinfo=TZ), "31/01/2027")
    assert due("2026-11-23", ["day"]) == (datetime(2026, 11, 24, 10, 0, tzinfo=TZ), "10:00 24/11/2026")


def test_rows_are_read_the_vietnamese_way_and_commune_figures_make_the_province_one():
    day = parse_period("2026-11-23", ["day"])
    checked = check_rows(CATALOGUE, ENTERED["yte"], day, [
        {"indicator": "yte-kham-ngoai-tru", "region": "16681", "value": "1.250"},
        {"indicator": "yte-kham-ngoai-tru", "region": "16690", "value": 750},
        {"indicator": "yte-cong-suat-giuong", "value": "87,5"}], date(2026, 11, 24))
    assert checked.problems == []
    rows = {(r["indicator"], r["region"]): r for r in checked.rows}
    assert rows[("yte-kham-ngoai-tru", "16681")]["value"] == 1250.0
    assert rows[("yte-cong-suat-giuong", "province")]["value"] == 87.5
    assert rows[("yte-kham-ngoai-tru", "province")]["value"] == 2000.0
    assert rows[("yte-kham-ngoai-tru", "province")]["parts"] == 2
    month = parse_period("2026-11", ["month"])
    checked = check_rows(CATALOGUE, ENTERED["yte"], month, [{"indicator": "yte-tiem-chung", "value": 91}],
                         date(2026, 12, 1))
    assert checked.rows[0]["period"] == "2026-01-01"  # a year-to-date rate: the year's figure, so far


def test_the_template_has_a_row_per_indicator_and_commune_and_no_text_that_runs():
    sector = CATALOGUE.sectors["yte"]
    day = parse_period("2026-11-23", ["day"])
    inds = [i for i in ENTERED["yte"] if entry_kind(i) == "day"]
    data = workbook.template(sector, day, inds, commune_codes(CATALOGUE), "=HYPERLINK(\"http://x\",\"Sở Y tế\")")
    ws = openpyxl.load_workbook(io.BytesIO(data)).active
    assert [c.value for c in ws[workbook.HEADER_ROW]] == list(workbook.HEADER)
    assert ws["B2"].value == "yte" and ws["D2"].value == "2026-11-23"
    dept = ws["F2"]
    assert dept.data_type == "s" and dept.quotePrefix and dept.value.startswith("=HYPERLINK")
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert "<f>" not in z.read("xl/worksheets/sheet1.xml").decode()  # no formula anywhere
    communes = len(commune_codes(CATALOGUE))
    assert communes == 130
    rows = list(ws.iter_rows(min_row=workbook.HEADER_ROW + 1, values_only=True))
    commune_inds = sum(1 for i in inds if i.region_level == "commune")
    assert len(rows) == commune_inds * communes + (len(inds) - commune_inds)
    assert all(r[6] is None for r in rows)  # the value column is the clerk's


def test_an_upload_is_read_with_percent_cells_as_shown_and_refused_for_another_period():
    sector = CATALOGUE.sectors["ktxh"]
    month = parse_period("2026-11", ["month"])
    inds = [i for i in ENTERED["ktxh"] if entry_kind(i) == "month"]
    wb = openpyxl.load_workbook(io.BytesIO(workbook.template(sector, month, inds, {}, "Sở KH&ĐT")))
    ws = wb.active
    for row in ws.iter_rows(min_row=5):
        if row[0].value == "ktxh-cpi":
            row[6].value, row[6].number_format = 0.0325, "0.00%"
        if row[0].value == "ktxh-von-fdi":
            row[6].value = "1.234,5"
    out = io.BytesIO()
    wb.save(out)
    rows = {r["indicator"]: r["value"] for r in workbook.read_upload(out.getvalue(), "ktxh", "2026-11")}
    assert rows == {"ktxh-cpi": 3.25, "ktxh-von-fdi": "1.234,5"}
    with pytest.raises(workbook.WorkbookError, match="kỳ '2026-11', không phải '2026-10'") as exc:
        workbook.read_upload(out.getvalue(), "ktxh", "2026-10")
    assert exc.value.problems[0]["row"] == "D2"
    many = io.BytesIO()
    with zipfile.ZipFile(many, "w") as z:
        for n in range(workbook.MAX_PARTS + 1):
            z.writestr(f"x/{n}.xml", "")
    with pytest.raises(workbook.WorkbookError, match="thành phần"):
        workbook.read_upload(many.getvalue(), "ktxh", "2026-11")


def test_a_zip_that_lies_about_its_sizes_is_refused_without_being_unpacked():
    """50 MB of sheet declared as 1000 bytes in both of the zip's headers: zipfile stops at the declared size, the
    sheet is cut short, and the file is refused as damaged at once."""
    import resource
    import struct
    import time

    sector, month = CATALOGUE.sectors["ktxh"], parse_period("2026-11", ["month"])
    inds = [i for i in ENTERED["ktxh"] if entry_kind(i) == "month"]
    src = zipfile.ZipFile(io.BytesIO(workbook.template(sector, month, inds, {}, "")))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"<sheetData>", b"<sheetData>" + b" " * (50 * 1024 * 1024))
            z.writestr(info.filename, data)
    body = bytearray(out.getvalue())
    name, at = b"xl/worksheets/sheet1.xml", 0
    while (at := body.find(name, at + 1)) >= 0:
        if body[at - 30:at - 26] == b"PK\x03\x04":
            struct.pack_into("<I", body, at - 30 + 22, 1000)
        elif body[at - 46:at - 42] == b"PK\x01\x02":
            struct.pack_into("<I", body, at - 46 + 24, 1000)
    assert len(body) < 200_000
    peak, started = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, time.monotonic()
    with pytest.raises(workbook.WorkbookError, match="bị hỏng"):
        workbook.read_upload(bytes(body), "ktxh", "2026-11")
    assert time.monotonic() - started < 2
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - peak < 40 * 1024  # KiB: never the 50 MB
