"""The spreadsheet drop: hand-filled CSV and Excel files, and everything that goes wrong with them."""

from __future__ import annotations

import subprocess
import sys
from datetime import datetime
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
import xlwt

from ioc_core.catalogue import load_catalogue
from ioc_core.indicators.observation import Observation
from ioc_core.sources.base import SourceFileError
from ioc_core.sources.spec import Spec
from ioc_core.sources.spreadsheet import SpreadsheetSource, write_template

from ..core.test_sources_formats import VI_CSV, cp1258, report_workbook

ROOT = Path(__file__).resolve().parents[2]


def run(folder: Path):
    return SpreadsheetSource("drop-yte", folder).run(None)


def test_csv_with_vietnamese_headers_and_number_format(tmp_path: Path):
    (tmp_path / "yte-thang-11.csv").write_text(
        "Mã chỉ tiêu,Kỳ báo cáo,Địa bàn,Giá trị,Ghi chú\n"
        "yte-kham-ngoai-tru,22/11/2026,xa-nghi-loc,\"1.234\",\n"
        "yte-cong-suat-giuong,22/11/2026,,\"87,5\",bệnh viện tỉnh\n"
        ",,,,\n", encoding="utf-8")
    result = run(tmp_path)
    assert result.observations == [
        Observation("yte-kham-ngoai-tru", "2026-11-22", 1234.0, "xa-nghi-loc"),
        Observation("yte-cong-suat-giuong", "2026-11-22", 87.5, "province"),
    ]
    assert result.rejected == []


def test_excel_with_date_cells(tmp_path: Path):
    pd.DataFrame({
        "ma_chi_tieu": ["yte-tiem-chung", "yte-tiem-chung"],
        "ky_bao_cao": [datetime(2026, 10, 1), "11/2026"],
        "gia_tri": [93.1, "94,2"],
    }).to_excel(tmp_path / "tiem-chung.xlsx", index=False)
    result = run(tmp_path)
    assert result.observations == [Observation("yte-tiem-chung", "2026-10-01", 93.1),
                                   Observation("yte-tiem-chung", "2026-11-01", 94.2)]


def test_rejected_rows_name_file_row_and_reason(tmp_path: Path):
    (tmp_path / "a.csv").write_text(
        "ma_chi_tieu,ky_bao_cao,dia_ban,gia_tri\n"
        "yte-kham-ngoai-tru,22/11/2026,,mười hai\n"
        "yte-kham-ngoai-tru,32/11/2026,,12\n"
        ",22/11/2026,,12\n"
        "yte-kham-ngoai-tru,22/11/2026,,\n"
        "yte-kham-ngoai-tru,21/11/2026,,4.100\n", encoding="utf-8")
    result = run(tmp_path)
    assert result.observations == [Observation("yte-kham-ngoai-tru", "2026-11-21", 4100.0)]
    assert result.rejected == [
        "a.csv row 2: 'mười hai' is not a number",
        "a.csv row 3: period '32/11/2026' is not a date",
        "a.csv row 4: indicator id (ma_chi_tieu) is empty",
        "a.csv row 5: value is missing",
    ]


def test_wrong_headers_and_corrupt_files_do_not_stop_the_good_ones(tmp_path: Path):
    (tmp_path / "sai-mau.csv").write_text("chi tieu,ngay,so\nx,1,2\n", encoding="utf-8")
    (tmp_path / "hong.xlsx").write_bytes(b"PK\x03\x04 not really a workbook")
    (tmp_path / "~$tot.xlsx").write_bytes(b"Excel's lock file")
    (tmp_path / "._tot.csv").write_bytes(b"\0\5\26\7 a Mac's resource fork on the share")
    with (tmp_path / "qua-lon.xlsx").open("wb") as f:
        f.truncate(40_000_000)  # sparse: takes no room
    (tmp_path / "tot.csv").write_text("ma_chi_tieu,ky_bao_cao,gia_tri\nyte-tai-nan-thuong-tich,2026-11-22,9\n",
                                      encoding="utf-8")
    result = run(tmp_path)
    assert result.observations == [Observation("yte-tai-nan-thuong-tich", "2026-11-22", 9.0)]
    assert result.rejected == [
        "hong.xlsx: corrupt file (BadZipFile)",
        "qua-lon.xlsx: 40 MB, larger than a hand-filled sheet can be (30 MB): not read",
        "sai-mau.csv: missing column(s) ma_chi_tieu, ky_bao_cao, gia_tri (found: chi_tieu, ngay, so); use the template",
    ]


def test_a_folder_of_only_bad_files_is_an_error_for_the_health_view(tmp_path: Path):
    (tmp_path / "hong.xlsx").write_bytes(b"garbage")
    with pytest.raises(SourceFileError, match=r"^hong.xlsx: not an Excel workbook \(neither .xlsx nor .xls\)$"):
        run(tmp_path)
    with pytest.raises(SourceFileError, match="drop folder .* does not exist"):
        run(tmp_path / "khong-co")


# -- files as departments really send them -------------------------------------------------------------------------
AMBIGUOUS = ("'1,234' is ambiguous (1.234 or 1234?): write 1234, or enter it as a number rather than text, or set "
             "the source's \"decimal\"")


def test_a_vietnamese_excel_csv_semicolons_cp1258_and_a_title_row(tmp_path: Path):
    (tmp_path / "yte.csv").write_bytes(cp1258(VI_CSV + "yte-tiem-chung;11/2025;;1,234;\r\n"))
    result = run(tmp_path)
    assert result.observations == [
        Observation("yte-kham-ngoai-tru", "2025-11-22", 1234.0, "Phường Trường Vinh"),
        Observation("yte-cong-suat-giuong", "2025-11-22", 87.5),
    ]
    assert result.rejected == [f"yte.csv row 6: {AMBIGUOUS}"]


def test_a_source_settles_the_decimal_mark_for_its_files(tmp_path: Path):
    (tmp_path / "en.csv").write_text("ma_chi_tieu,ky_bao_cao,gia_tri\n"
                                     "yte-kham-ngoai-tru,22/11/2025,\"1,234\"\n"
                                     "yte-kham-ngoai-tru,23/11/2025,\"1.5\"\n", encoding="utf-8")
    english = SpreadsheetSource("drop-yte", tmp_path, format={"decimal": "."}).run(None)
    assert [o.value for o in english.observations] == [1234.0, 1.5]
    vietnamese = SpreadsheetSource("drop-yte", tmp_path, format={"decimal": ","}).run(None)
    assert [o.value for o in vietnamese.observations] == [1.234]
    assert vietnamese.rejected == ["en.csv row 3: '1.5' is not a number"]  # a dot groups thousands there
    assert [o.value for o in run(tmp_path).observations] == [1.5]  # undeclared: "1,234" refused, as said
    with pytest.raises(ValueError, match=r"^\$\.format\.decimal: 'decimal' is 'dot'; expected one of: ,, \.$"):
        SpreadsheetSource("drop-yte", tmp_path, format={"decimal": "dot"})


def test_a_workbook_with_a_guide_sheet_first_title_rows_text_numbers_and_dates(tmp_path: Path):
    (tmp_path / "bao-cao-thang-11.xlsx").write_bytes(report_workbook())
    result = run(tmp_path)
    assert result.observations == [
        Observation("yte-kham-ngoai-tru", "2025-11-22", 1234.0, "16681"),  # a date cell; a code typed as a number
        Observation("yte-kham-ngoai-tru", "2025-11-23", 1234.0, "16690"),  # dd/mm/yyyy as text; "1.234" as text
        Observation("yte-cong-suat-giuong", "2025-11-01", 87.5),
    ]
    assert result.rejected == []  # the row numbering the columns is not a data row
    with pytest.raises(SourceFileError, match=r"^bao-cao-thang-11.xlsx: missing column\(s\) ma_chi_tieu, "
                       r"ky_bao_cao, gia_tri \(found: dien_so_lieu_vao_trang_so_lieu\); use the template$"):
        SpreadsheetSource("drop-yte", tmp_path, format={"sheet": 1}).run(None)
    chosen = SpreadsheetSource("drop-yte", tmp_path, format={"sheet": "Số liệu", "header_row": 4}).run(None)
    assert chosen.observations == result.observations
    wb = openpyxl.load_workbook(tmp_path / "bao-cao-thang-11.xlsx")
    wb["Hướng dẫn"].delete_rows(1)  # an empty first sheet ("Sheet1" left as it was)
    wb.save(tmp_path / "bao-cao-thang-11.xlsx")
    assert run(tmp_path).observations == result.observations


def test_an_xls_from_an_old_excel_and_extensions_that_lie(tmp_path: Path):
    book = xlwt.Workbook(encoding="utf-8")
    ws = book.add_sheet("Số liệu")
    ws.write_merge(0, 0, 0, 2, "BÁO CÁO TIÊM CHỦNG NĂM 2025")
    for c, text in enumerate(["Mã chỉ tiêu", "Kỳ báo cáo", "Giá trị"]):
        ws.write(1, c, text)
    ws.write(2, 0, "yte-tiem-chung")
    ws.write(2, 1, datetime(2025, 11, 1), xlwt.easyxf(num_format_str="dd/mm/yyyy"))
    ws.write(2, 2, 94.2)
    ws.write(3, 0, "yte-tiem-chung")
    ws.write(3, 1, 2025)
    ws.write(3, 2, "95,1")
    book.save(str(tmp_path / "tiem-chung.xls"))
    (tmp_path / "tiem-chung.xls").rename(tmp_path / "a-that-is-xls.xlsx")
    wb = openpyxl.Workbook()
    wb.active.append(["ma_chi_tieu", "ky_bao_cao", "gia_tri"])
    wb.active.append(["yte-tai-nan-thuong-tich", "Tháng 11/2025", 9])
    wb.save(tmp_path / "b-that-is-xlsx.xls")
    result = run(tmp_path)
    assert result.observations == [Observation("yte-tiem-chung", "2025-11-01", 94.2),
                                   Observation("yte-tiem-chung", "2025-01-01", 95.1),
                                   Observation("yte-tai-nan-thuong-tich", "2025-11-01", 9.0)]
    assert result.rejected == []


def test_quarters_and_a_header_narrower_than_its_rows(tmp_path: Path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["BÁO CÁO QUÝ"])
    ws.append(["Mã chỉ tiêu", "Kỳ báo cáo", "Giá trị"])  # notes typed in column D, which has no header
    ws.append(["ktxh-grdp", "Quý III/2025", 12.5, "ước tính"])
    ws.append(["ktxh-grdp", "Q4/2025", "13,1", "sơ bộ"])
    ws.append(["ktxh-grdp", "Quý 1 năm 2026", 9.8, "kế hoạch"])
    wb.save(tmp_path / "quy.xlsx")
    result = run(tmp_path)
    assert [(o.period, o.value) for o in result.observations] == [("2025-07-01", 12.5), ("2025-10-01", 13.1),
                                                                  ("2026-01-01", 9.8)]
    assert result.rejected == []


def test_format_settings_from_the_sources_file_name_each_key():
    spec = Spec({"id": "drop-yte", "kind": "spreadsheet", "folder": "/srv/ioc/drop/yte", "every_s": 120,
                 "format": {"kind": "csv", "sheet": "Số liệu", "header_row": 0, "sheeet": 2}}, "sources.json",
                ["sources", 2])
    assert SpreadsheetSource.from_spec(spec) is None
    assert [str(p) for p in spec.problems] == [
        "sources.json: $.sources[2].format.kind: 'kind' is not set for a drop folder: each file's kind is read "
        "from the file",
        "sources.json: $.sources[2].format.header_row: 'header_row' must be within 1 .. 1000, found 0",
        "sources.json: $.sources[2].format.sheeet: unknown key 'sheeet' (this object takes: decimal, delimiter, "
        "encoding, header_row, kind, sheet)",
    ]
    good = Spec({"id": "drop-yte", "kind": "spreadsheet", "folder": "/srv/ioc/drop/yte",
                 "format": {"sheet": 2, "decimal": ","}}, "sources.json", ["sources", 2])
    source = SpreadsheetSource.from_spec(good)
    assert good.problems == [] and source.folder == Path("/srv/ioc/drop/yte")
    assert (source.format.sheet, source.format.decimal) == (2, ",")
    missing = Spec({"id": "drop-yte", "kind": "spreadsheet", "folders": "/x"}, "sources.json", ["sources", 0])
    assert SpreadsheetSource.from_spec(missing) is None
    assert [str(p) for p in missing.problems] == [
        "sources.json: $.sources[0].folders: unknown key 'folders' (this object takes: every_s, folder, format, id, "
        "kind, mapping, mappings, timeout)",
        "sources.json: $.sources[0].folder: 'folder' is required"]


# -- the template ----------------------------------------------------------------------------------------------------
def test_the_template_workbook_reads_back_once_a_clerk_fills_it(tmp_path: Path):
    cat = load_catalogue()
    drop = tmp_path / "drop"
    drop.mkdir()
    path = write_template(cat, "yte", tmp_path / "mau-yte.xlsx")
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["Số liệu", "Hướng dẫn"]
    ws = wb["Số liệu"]
    assert ws["A1"].value == "Biểu nhập số liệu — Y tế"
    assert [c.value for c in ws[3]] == ["Mã chỉ tiêu", "Tên chỉ tiêu", "Đơn vị", "Kỳ báo cáo", "Địa bàn", "Giá trị",
                                        "Ghi chú"]
    ids = [i.id for i in cat.of_sector("yte")]
    assert [ws.cell(r, 1).value for r in range(4, 4 + len(ids))] == ids
    assert ws.cell(4, 2).value == cat.indicators[ids[0]].name_vi
    assert ws.protection.sheet and ws["A4"].protection.locked and ws["B4"].protection.locked
    assert not ws["D4"].protection.locked and not ws["F4"].protection.locked and ws["D4"].number_format == "@"
    assert {str(dv.sqref).split(":")[0] for dv in ws.data_validations.dataValidation} >= {"D4", "F4"}
    guide = " ".join(str(c.value) for row in wb["Hướng dẫn"].iter_rows() for c in row if c.value)
    assert "dd/mm/yyyy" in guide and "mm/yyyy" in guide and "toàn tỉnh" in guide
    row = {ws.cell(r, 1).value: r for r in range(4, 4 + len(ids))}
    # the clerk: a figure for the province, one as a date cell for a commune, a line added for another commune
    ws.cell(row["yte-kham-ngoai-tru"], 4, "22/11/2026")
    ws.cell(row["yte-kham-ngoai-tru"], 6, 1234)
    ws.cell(row["yte-tiem-chung"], 4, datetime(2026, 11, 1))
    ws.cell(row["yte-tiem-chung"], 5, "16681")
    ws.cell(row["yte-tiem-chung"], 6, 94.5)
    extra = 4 + len(ids)
    for c, v in enumerate(["yte-kham-ngoai-tru", None, None, "22/11/2026", "16690", "1.321", "số tạm"], start=1):
        ws.cell(extra, c, v)
    wb.save(drop / "yte-thang-11.xlsx")
    result = run(drop)
    assert result.observations == [Observation("yte-kham-ngoai-tru", "2026-11-22", 1234.0),
                                   Observation("yte-tiem-chung", "2026-11-01", 94.5, "16681"),
                                   Observation("yte-kham-ngoai-tru", "2026-11-22", 1321.0, "16690")]
    assert result.rejected == []  # the lines left empty are not errors


def test_the_template_for_chosen_indicators_and_as_csv(tmp_path: Path):
    cat = load_catalogue()
    path = write_template(cat, None, tmp_path / "mau.csv", ["gd-tot-nghiep-thpt", "yte-tiem-chung"])
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0] == "Mã chỉ tiêu,Tên chỉ tiêu,Đơn vị,Kỳ báo cáo,Địa bàn,Giá trị,Ghi chú"
    assert [ln.split(",")[0] for ln in lines[1:]] == ["gd-tot-nghiep-thpt", "yte-tiem-chung"]
    path.write_text("\n".join(lines[:1] + [ln.replace(",,,,", ",2026,,\"97,5\",") for ln in lines[1:]]),
                    encoding="utf-8-sig")
    assert [(o.indicator, o.period, o.value) for o in run(tmp_path).observations] == [
        ("gd-tot-nghiep-thpt", "2026-01-01", 97.5), ("yte-tiem-chung", "2026-01-01", 97.5)]
    with pytest.raises(ValueError, match=r"^unknown sector 'y-te' \(known: antt, "):
        write_template(cat, "y-te", tmp_path / "x.xlsx")
    with pytest.raises(ValueError, match=r"^unknown indicator\(s\): yte-khong-co$"):
        write_template(cat, None, tmp_path / "x.xlsx", ["yte-tiem-chung", "yte-khong-co"])


def test_ioc_wall_template_writes_the_workbook_without_a_window(tmp_path: Path):
    out = tmp_path / "mau-yte.xlsx"
    code = ("import sys\nfrom wall.app import main\n"
            f"rc = main(['template', '--sector', 'yte', '--out', {str(out)!r}])\n"
            "print(rc, sorted(m for m in sys.modules if m.startswith('PySide6')))\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [f"{out}: 7 indicators; fill in sheet 'Số liệu', see sheet 'Hướng dẫn'",
                                        "0 []"]
    assert openpyxl.load_workbook(out, read_only=True)["Số liệu"]["A4"].value == "yte-kham-ngoai-tru"
    bad = subprocess.run([sys.executable, "-m", "wall", "template", "--sector", "y-te", "--out", str(out)],
                         capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert bad.returncode == 2 and bad.stderr.startswith("ioc-wall template: unknown sector 'y-te' (known: antt")


def test_a_departments_own_workbook_is_read_through_a_mapping_and_commune_names_become_codes(tmp_path):
    """A health department's sheet in its own shape: a title row, its own headers, commune names (not codes), a
    figure in thousands; and a template drop whose region column holds a commune's name."""
    from openpyxl import Workbook

    from ioc_core.catalogue import load_catalogue
    from ioc_core.sources.sources_file import parse_sources

    cat = load_catalogue(regions={"16690": "Phường Trường Vinh", "16681": "Phường Thành Vinh"})
    drop = tmp_path / "drop"
    drop.mkdir()
    wb = Workbook()
    ws = wb.active
    ws.append(["SỞ Y TẾ NGHỆ AN — SỐ LIỆU KHÁM BỆNH THÁNG 11/2025"])
    ws.append([])
    ws.append(["Xã/phường", "Ngày", "Lượt khám (nghìn lượt)"])
    ws.append(["P. Trường Vinh", "03/11/2025", "1,5"])
    ws.append(["Phường Thành Vinh", "03/11/2025", 2])
    ws.append(["Xã Không Có", "03/11/2025", 1])
    wb.save(drop / "kham-benh-11-2025.xlsx")
    found = parse_sources({"schema_version": 1, "sources": [{
        "id": "drop-yte", "kind": "spreadsheet", "folder": str(drop),
        "mapping": {"period": "Ngày", "region": "Xã/phường",
                    "values": {"yte-kham-ngoai-tru": {"field": "Lượt khám (nghìn lượt)", "scale": 1000}}}}]},
        cat, "sources.json")
    assert found.problems == []
    source = found.sources[0][0]
    result = source.run(None)
    assert sorted((o.region, o.value) for o in result.observations) == [("16681", 2000.0), ("16690", 1500.0)]
    assert result.rejected == ["kham-benh-11-2025.xlsx row 6: region 'Xã Không Có' is not a known commune or ward "
                               "code or name (the catalogue's regions)"]


@pytest.mark.parametrize("sector", ["yte", "ktxh", "hcc", "giaoduc", "pakn", "dulich", "attt", "antt", "moitruong",
                                    "vbdt"])
def test_every_line_of_a_sectors_template_filled_with_a_date_is_stored(tmp_path, sector):
    """A clerk fills each line of the template with the day's date (or the period's first day) and a number, as the
    guide sheet says: the store takes every one (an indicator the template offers but whose values need a time of
    day would make the template a trap)."""
    from openpyxl import load_workbook

    from ioc_core.catalogue import load_catalogue
    from ioc_core.indicators.indicator_store import IndicatorStore

    cat = load_catalogue()
    path = write_template(cat, sector, tmp_path / "drop" / f"{sector}.xlsx")
    wb = load_workbook(path)
    ws = wb.worksheets[0]
    starts = {"day": "01/12/2026", "week": "30/11/2026", "month": "12/2026", "quarter": "10/2026", "year": "2025"}
    filled = 0
    for row in ws.iter_rows(min_row=4):
        ind = cat.indicators.get(row[0].value)
        if ind is None or ind.period == "instant":
            continue
        row[3].value, row[5].value = starts[ind.period], 5
        filled += 1
    wb.save(path)
    result = SpreadsheetSource("drop", path.parent).run(None)
    assert result.rejected == [] and len(result.observations) == filled
    store = IndicatorStore(tmp_path / "s.db", cat)
    try:
        report = store.ingest("drop", result.observations)
    finally:
        store.close()
    assert report.rejected == [] and report.accepted == filled
    assert filled >= len([i for i in cat.of_sector(sector) if i.method != "automatic"])


def test_a_departments_workbook_through_a_mapping_reads_text_numbers_as_the_template_does(tmp_path):
    """A clerk's "12.500" is twelve thousand five hundred: the template's reader says so, but a workbook read
    through a mapping went to the lenient reader, 12.5 -- and its source's "format": {"decimal": ","} (the guide's
    own example) was accepted and never used."""
    from openpyxl import Workbook

    from ioc_core.sources.sources_file import parse_sources

    cat = load_catalogue(regions={"16690": "Phường Trường Vinh", "16681": "Phường Thành Vinh"})
    drop = tmp_path / "drop"
    drop.mkdir()
    wb = Workbook()
    ws = wb.active
    ws.append(["Xã/phường", "Ngày", "Lượt khám"])
    ws.append(["P. Trường Vinh", "03/11/2025", "12.500"])
    ws.append(["Phường Thành Vinh", "03/11/2025", "1.234,5"])
    wb.save(drop / "kham-benh-11-2025.xlsx")
    for fmt in ({}, {"format": {"decimal": ","}}):
        found = parse_sources({"schema_version": 1, "sources": [{
            "id": "drop-yte", "kind": "spreadsheet", "folder": str(drop), **fmt,
            "mapping": {"period": "Ngày", "region": "Xã/phường", "values": {"yte-kham-ngoai-tru": "Lượt khám"}}}]},
            cat, "sources.json")
        result = found.sources[0][0].run(None)
        assert sorted((o.region, o.value) for o in result.observations) == [("16681", 1234.5), ("16690", 12500.0)]
