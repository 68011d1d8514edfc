"""The spreadsheet drop: hand-filled CSV and Excel files, and everything that goes wrong with them."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pandas as pd
import pytest

from wall.catalogue import load_catalogue
from wall.indicators.observation import Observation
from wall.sources.base import SourceFileError
from wall.sources.spreadsheet import SpreadsheetSource, write_template


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
    (tmp_path / "tot.csv").write_text("ma_chi_tieu,ky_bao_cao,gia_tri\nyte-tai-nan-thuong-tich,2026-11-22,9\n",
                                      encoding="utf-8")
    result = run(tmp_path)
    assert result.observations == [Observation("yte-tai-nan-thuong-tich", "2026-11-22", 9.0)]
    assert result.rejected == [
        "hong.xlsx: corrupt file (BadZipFile)",
        "sai-mau.csv: missing column(s) ma_chi_tieu, ky_bao_cao, gia_tri (found: chi_tieu, ngay, so); use the template",
    ]


def test_a_folder_of_only_bad_files_is_an_error_for_the_health_view(tmp_path: Path):
    (tmp_path / "hong.xlsx").write_bytes(b"garbage")
    with pytest.raises(SourceFileError, match=r"hong.xlsx: (corrupt|not a readable)"):
        run(tmp_path)
    with pytest.raises(SourceFileError, match="drop folder .* does not exist"):
        run(tmp_path / "khong-co")


def test_the_template_for_a_sector_reads_back_once_filled(tmp_path: Path):
    path = write_template(load_catalogue(), "giaoduc", tmp_path / "mau-giaoduc.csv")
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    assert list(frame.columns) == ["ma_chi_tieu", "ten_chi_tieu", "don_vi", "ky_bao_cao", "dia_ban", "gia_tri"]
    assert "gd-tot-nghiep-thpt" in set(frame["ma_chi_tieu"])
    frame["ky_bao_cao"], frame["gia_tri"] = "2026", "1"
    frame.to_csv(path, index=False, encoding="utf-8-sig")
    assert len(run(tmp_path).observations) == len(frame)
