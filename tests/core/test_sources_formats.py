"""Formats of the source pipeline (ioc_core/sources/formats.py): JSON-stat 2.0 from a PX-Web server, CSV as Excel saves
it in a Vietnamese locale, workbooks (.xlsx and .xls) in the shapes departments send, and XML, safely."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import textwrap
import threading
import unicodedata
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import jmespath
import openpyxl
import pytest
import requests
import xlwt

from ioc_core.indicators.observation import BadValue
from ioc_core.sources.base import SourceFormatError
from ioc_core.sources.formats import FormatSpec, decode, read_number
from ioc_core.sources.spec import Spec

ROOT = Path(__file__).resolve().parents[2]


# -- a PX-Web server (statistics offices' API): POST a query, get JSON-stat 2.0 --------------------------------------
PX_TABLE = "/api/v1/vi/GSO/01.Dan-so/E02.01.px"
PX_DIMS = {  # code -> (label, categories: code -> label)
    "Địa phương": ("Địa phương", {"40": "Nghệ An", "42": "Hà Tĩnh"}),
    "Năm": ("Năm", {"2023": "2023", "2024": "2024"}),
    "Chỉ tiêu": ("Chỉ tiêu", {"DS": "Dân số trung bình", "MD": "Mật độ dân số"}),
}
PX_VALUES = [3442.0, 346, 3471.5, 349, 1323.6, 221, 1329.0, None]  # Hà Tĩnh 2024 density not yet published


def px_answer(query: list[dict], sparse: bool = False) -> dict:
    """The JSON-stat 2.0 answer PX-Web gives to a query (every category of each variable asked for)."""
    for q in query:
        if q.get("code") not in PX_DIMS or q.get("selection", {}).get("filter") not in ("item", "all"):
            raise ValueError(f"bad query part {q}")
    dims = {}
    for code, (label, cats) in PX_DIMS.items():
        cat = {"index": {c: n for n, c in enumerate(cats)}, "label": dict(cats)}
        if code == "Chỉ tiêu":
            cat["unit"] = {"DS": {"base": "Nghìn người", "decimals": 1, "label": "Nghìn người"},
                           "MD": {"base": "Người/km2", "decimals": 0, "label": "Người/km2"}}
        dims[code] = {"label": label, "category": cat}
    values: list | dict = PX_VALUES
    if sparse:
        values = {str(n): v for n, v in enumerate(PX_VALUES) if v is not None}
    return {"version": "2.0", "class": "dataset", "label": "Dân số trung bình phân theo địa phương",
            "source": "Tổng cục Thống kê", "updated": "2025-06-30T00:00:00Z",
            "id": list(PX_DIMS), "size": [len(c) for _l, c in PX_DIMS.values()], "dimension": dims,
            "role": {"time": ["Năm"], "metric": ["Chỉ tiêu"], "geo": ["Địa phương"]},
            "value": values, "status": {"7": ".."},
            "extension": {"px": {"tableid": "E02.01", "decimals": 1, "language": "vi"}}}


@pytest.fixture
def pxweb():
    queries: list[dict] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 (http.server's name)
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            try:
                query = json.loads(body)
                queries.append(query)
                if self.path not in (PX_TABLE, PX_TABLE + "?sparse=1"):
                    raise LookupError(self.path)
                if query["response"]["format"] != "json-stat2":
                    raise ValueError("format")
                answer = json.dumps(px_answer(query["query"], "sparse" in self.path), ensure_ascii=False).encode()
                status, kind = 200, "application/json; charset=UTF-8"
            except LookupError:
                status, kind, answer = 404, "text/plain", b"Not Found"
            except (ValueError, KeyError, TypeError):
                status, kind, answer = 400, "text/plain", b"Bad request: the query is not valid"
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)

        def log_message(self, *args):
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}", queries
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(5)


PX_QUERY = {"query": [{"code": "Địa phương", "selection": {"filter": "item", "values": ["40", "42"]}},
                      {"code": "Năm", "selection": {"filter": "item", "values": ["2023", "2024"]}},
                      {"code": "Chỉ tiêu", "selection": {"filter": "all", "values": ["*"]}}],
            "response": {"format": "json-stat2"}}


def test_json_stat_from_a_px_web_query_is_one_record_per_cell(pxweb):
    url, queries = pxweb
    with requests.Session() as s:
        answer = s.post(url + PX_TABLE, json=PX_QUERY, timeout=5)
    assert answer.status_code == 200 and queries == [PX_QUERY]
    records = decode(answer.content, FormatSpec(kind="json-stat"), "pxweb.gso.gov.vn")
    assert len(records) == 8
    assert records[0] == {"Địa phương": "Nghệ An", "Năm": "2023", "Chỉ tiêu": "Dân số trung bình",
                          "codes": {"Địa phương": "40", "Năm": "2023", "Chỉ tiêu": "DS"},
                          "value": 3442.0, "unit": "Nghìn người", "status": None}
    # row-major over the dataset's id: the last dimension varies fastest
    assert [(r["codes"]["Địa phương"], r["Năm"], r["codes"]["Chỉ tiêu"], r["value"]) for r in records] == [
        ("40", "2023", "DS", 3442.0), ("40", "2023", "MD", 346), ("40", "2024", "DS", 3471.5),
        ("40", "2024", "MD", 349), ("42", "2023", "DS", 1323.6), ("42", "2023", "MD", 221),
        ("42", "2024", "DS", 1329.0), ("42", "2024", "MD", None)]
    assert records[1]["unit"] == "Người/km2"
    assert records[7]["status"] == ".." and records[7]["value"] is None  # not published: None stays None


def test_json_stat_sparse_values_collections_and_bundles(pxweb):
    url, _queries = pxweb
    with requests.Session() as s:
        sparse = s.post(url + PX_TABLE + "?sparse=1", json=PX_QUERY, timeout=5).content
    dense_records = jsonstat(px_answer(PX_QUERY["query"]))
    assert decode(sparse, FormatSpec(kind="json-stat"), "px") == dense_records
    collection = {"version": "2.0", "class": "collection", "label": "Dân số",
                  "link": {"item": [{**px_answer(PX_QUERY["query"]), "href": "https://x/E02.01"}]}}
    assert jsonstat(collection) == dense_records
    v1 = px_answer(PX_QUERY["query"])  # JSON-stat 1.0: a bundle, id and size inside "dimension"
    v1_ds = {"label": v1["label"], "value": v1["value"], "status": v1["status"],
             "dimension": {**v1["dimension"], "id": v1["id"], "size": v1["size"]}}
    assert jsonstat({"E02.01": v1_ds}) == dense_records
    one = {"version": "2.0", "class": "dataset", "id": ["Năm"], "size": [1], "value": [5.5], "status": "p",
           "dimension": {"Năm": {"category": {"label": {"2025": "Năm 2025"}}}}, "extension": {"unit": "%"}}
    assert jsonstat(one) == [{"Năm": "Năm 2025", "codes": {"Năm": "2025"}, "value": 5.5, "unit": "%",
                              "status": "p"}]


def jsonstat(doc) -> list[dict]:
    return decode(json.dumps(doc).encode(), FormatSpec(kind="json-stat"), "px")


@pytest.mark.parametrize(("doc", "message"), [
    ({**px_answer([]), "value": [1, 2, 3]}, "px: JSON-stat 'value' has 3 cells, the sizes make 8"),
    ({**px_answer([]), "size": [2, 2]}, "px: JSON-stat dataset needs 'id' and 'size' lists of one length"),
    ({**px_answer([]), "size": [3, 2, 2], "value": [0] * 12}, "dimension 'Địa phương' has 2 categories, its size is 3"),
    ({**px_answer([]), "value": {"8": 1}}, "px: JSON-stat 'value' names cell '8' of 8"),
    ({"class": "collection", "link": {"item": []}}, "px: JSON-stat collection holds 0 datasets; one is expected"),
    ({**px_answer([]), "dimension": {**px_answer([])["dimension"], "Năm": {"category": {"index": {"2023": 0,
                                                                                             "2024": 2}}}}},
     "px: JSON-stat dimension 'Năm': its category index must number the categories 0 .. 1"),
    ([1, 2], "px: JSON-stat answer is not an object"),
])
def test_json_stat_that_does_not_add_up_is_a_format_error(doc, message):
    with pytest.raises(SourceFormatError) as info:
        jsonstat(doc)
    assert str(info.value).startswith("px: ") and message in str(info.value)


def test_json_is_parsed_and_non_json_named():
    assert decode(b'\xef\xbb\xbf{"a": [1]}', FormatSpec(), "igate.nghean.gov.vn/api") == {"a": [1]}
    with pytest.raises(SourceFormatError, match=r"^igate.nghean.gov.vn/api: not JSON: '<html>"):
        decode(b"<html>Bao tri he thong</html>", FormatSpec(), "igate.nghean.gov.vn/api")


# -- CSV -------------------------------------------------------------------------------------------------------------
_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def cp1258(text: str) -> bytes:
    """Text as Windows writes it in code page 1258 (what Excel on a Vietnamese Windows saves as "CSV"): letters
    with a tone mark are written as the base letter (â, ơ, ư ... are in the code page) and a combining tone."""
    out = []
    for ch in text:
        try:
            ch.encode("cp1258")
            out.append(ch)
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", ch)
            out.append(unicodedata.normalize("NFC", "".join(c for c in parts if c not in _TONES))
                       + "".join(c for c in parts if c in _TONES))
    return "".join(out).encode("cp1258")


VI_CSV = ("BÁO CÁO SỐ LIỆU Y TẾ THÁNG 11/2025;;;;\r\n"
          ";;;;\r\n"
          "Mã chỉ tiêu;Kỳ báo cáo;Địa bàn;Giá trị;Ghi chú\r\n"
          "yte-kham-ngoai-tru;22/11/2025;Phường Trường Vinh;1.234;\r\n"
          "yte-cong-suat-giuong;22/11/2025;;87,5;bệnh viện đa khoa tỉnh\r\n")


def test_csv_saved_by_a_vietnamese_excel_semicolons_and_cp1258():
    body = cp1258(VI_CSV)
    with pytest.raises(UnicodeDecodeError):
        body.decode("utf-8")  # really the code page, not UTF-8
    records = decode(body, FormatSpec(kind="csv"), "yte.csv")
    assert records == [
        {"Mã chỉ tiêu": "yte-kham-ngoai-tru", "Kỳ báo cáo": "22/11/2025", "Địa bàn": "Phường Trường Vinh",
         "Giá trị": "1.234", "Ghi chú": "", "_row": 4},
        {"Mã chỉ tiêu": "yte-cong-suat-giuong", "Kỳ báo cáo": "22/11/2025", "Địa bàn": "",
         "Giá trị": "87,5", "Ghi chú": "bệnh viện đa khoa tỉnh", "_row": 5},
    ]
    assert records[0]["Địa bàn"] == unicodedata.normalize("NFC", "Phường Trường Vinh")  # matches the catalogue


def test_csv_utf8_with_bom_commas_tabs_and_given_settings():
    body = "\ufeffma_chi_tieu,ky_bao_cao,gia_tri\nyte-tiem-chung,11/2025,\"94,2\"\n".encode()
    assert decode(body, FormatSpec(kind="csv"), "a.csv") == [
        {"ma_chi_tieu": "yte-tiem-chung", "ky_bao_cao": "11/2025", "gia_tri": "94,2", "_row": 2}]
    tabbed = "Mã\tGiá trị\nx\t1\n".encode("utf-16")  # Excel's "Unicode text": UTF-16 with a BOM
    assert decode(tabbed, FormatSpec(kind="csv"), "b.txt") == [{"Mã": "x", "Giá trị": "1", "_row": 2}]
    said = cp1258("sep=;\r\nMã;Giá trị\r\nx,y;1,5\r\nz,w;2,5\r\n")  # Excel's own line naming the separator
    assert decode(said, FormatSpec(kind="csv"), "s.csv") == [
        {"Mã": "x,y", "Giá trị": "1,5", "_row": 2}, {"Mã": "z,w", "Giá trị": "2,5", "_row": 3}]
    short = cp1258("Giá trị\r\n1\r\n")  # too short for charset_normalizer's guess alone (it says cp1252)
    assert decode(short, FormatSpec(kind="csv"), "k.csv") == [{"Giá trị": "1", "_row": 2}]
    latin = "Nom;Coût\r\nx;1\r\n".encode("cp1252")
    assert decode(latin, FormatSpec(kind="csv"), "l.csv") == [{"Nom": "x", "Coût": "1", "_row": 2}]
    piped = cp1258("tiêu đề|\nMã|Giá trị\nx|1\n")
    assert decode(piped, FormatSpec(kind="csv", delimiter="|", encoding="cp1258", header_row=2), "c.csv") == [
        {"Mã": "x", "Giá trị": "1", "_row": 3}]
    with pytest.raises(SourceFormatError, match=r"^d.csv: not utf-8 text"):
        decode(cp1258("Địa bàn\n"), FormatSpec(kind="csv", encoding="utf-8"), "d.csv")


# -- Excel -----------------------------------------------------------------------------------------------------------
def report_workbook() -> bytes:
    """A department's monthly report as sent: a guide sheet first, then the figures under merged title rows and a
    row numbering the columns, dates as date cells and as text, numbers as numbers, as text and as percentages."""
    wb = openpyxl.Workbook()
    guide = wb.active
    guide.title = "Hướng dẫn"
    guide["A1"] = "Điền số liệu vào trang Số liệu"
    ws = wb.create_sheet("Số liệu")
    ws["A1"], ws["E1"] = "SỞ Y TẾ NGHỆ AN", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    ws.merge_cells("A1:C1")
    ws.merge_cells("E1:G1")
    ws["A2"] = "BÁO CÁO SỐ LIỆU THÁNG 11/2025"
    ws.merge_cells("A2:G2")
    ws.append([])
    ws.append(["STT", "Mã chỉ tiêu", "Kỳ báo cáo", "Địa bàn", "Giá trị", "Đơn vị", "Ghi chú"])
    ws.append(["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)"])
    ws.append([1, "yte-kham-ngoai-tru", datetime(2025, 11, 22), 16681, 1234, "lượt", None])
    ws.append([2, "yte-kham-ngoai-tru", "23/11/2025", "16690", "1.234", "lượt", "số tạm"])
    ws.append([None] * 7)
    ws.append([3, "yte-cong-suat-giuong", "11/2025", None, 0.875, "%", None])
    ws["E9"].number_format = "0.0%"  # typed "87,5%": Excel keeps 0.875 and shows 87,5 %
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


REPORT_RECORDS = [
    {"STT": 1, "Mã chỉ tiêu": "yte-kham-ngoai-tru", "Kỳ báo cáo": datetime(2025, 11, 22), "Địa bàn": 16681,
     "Giá trị": 1234, "Đơn vị": "lượt", "Ghi chú": None, "_row": 6},
    {"STT": 2, "Mã chỉ tiêu": "yte-kham-ngoai-tru", "Kỳ báo cáo": "23/11/2025", "Địa bàn": "16690",
     "Giá trị": "1.234", "Đơn vị": "lượt", "Ghi chú": "số tạm", "_row": 7},
    {"STT": 3, "Mã chỉ tiêu": "yte-cong-suat-giuong", "Kỳ báo cáo": "11/2025", "Địa bàn": None,
     "Giá trị": 87.5, "Đơn vị": "%", "Ghi chú": None, "_row": 9},
]


def test_xlsx_title_rows_second_sheet_types_and_row_numbers():
    body = report_workbook()
    assert decode(body, FormatSpec(kind="excel", sheet="Số liệu"), "bc.xlsx") == REPORT_RECORDS
    assert decode(body, FormatSpec(kind="excel", sheet=2), "bc.xlsx") == REPORT_RECORDS
    assert decode(body, FormatSpec(kind="excel", sheet=" số LIỆU "), "bc.xlsx") == REPORT_RECORDS
    assert decode(body, FormatSpec(kind="excel"), "bc.xlsx") == []  # the first sheet: a guide, no table under it
    chosen = decode(body, FormatSpec(kind="excel", sheet=2, header_row=2), "bc.xlsx")
    assert chosen[0] == {"BÁO CÁO SỐ LIỆU THÁNG 11/2025": "STT", "_row": 4}
    with pytest.raises(SourceFormatError, match=r"^bc.xlsx: no sheet 'Data' \(sheets: Hướng dẫn, Số liệu\)$"):
        decode(body, FormatSpec(kind="excel", sheet="Data"), "bc.xlsx")
    with pytest.raises(SourceFormatError, match=r"^bc.xlsx: no sheet 3 \(the workbook has 2: Hướng dẫn, Số liệu\)"):
        decode(body, FormatSpec(kind="excel", sheet=3), "bc.xlsx")
    with pytest.raises(SourceFormatError, match=r"^bc.xlsx, sheet 'Số liệu': row 3 \(the header row set"):
        decode(body, FormatSpec(kind="excel", sheet=2, header_row=3), "bc.xlsx")


def test_xls_made_by_an_old_excel():
    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet("Số liệu")
    ws.write_merge(0, 0, 0, 3, "BÁO CÁO THÁNG 11/2025")
    for c, text in enumerate(["Mã chỉ tiêu", "Kỳ báo cáo", "Địa bàn", "Giá trị"]):
        ws.write(2, c, text)
    date_style = xlwt.easyxf(num_format_str="dd/mm/yyyy")
    ws.write(3, 0, "yte-tiem-chung")
    ws.write(3, 1, datetime(2025, 11, 1), date_style)
    ws.write(3, 2, 16681)
    ws.write(3, 3, 0.942, xlwt.easyxf(num_format_str="0.0%"))
    ws.write(4, 0, "yte-tiem-chung")
    ws.write(4, 1, "01/12/2025")
    ws.write(4, 3, "95,1")
    buf = io.BytesIO()
    wb.save(buf)
    body = buf.getvalue()
    assert body[:4] == b"\xd0\xcf\x11\xe0"
    assert decode(body, FormatSpec(kind="excel"), "tc.xls") == [
        {"Mã chỉ tiêu": "yte-tiem-chung", "Kỳ báo cáo": datetime(2025, 11, 1), "Địa bàn": 16681, "Giá trị": 94.2,
         "_row": 4},
        {"Mã chỉ tiêu": "yte-tiem-chung", "Kỳ báo cáo": "01/12/2025", "Địa bàn": None, "Giá trị": "95,1",
         "_row": 5}]


def test_headers_typed_as_numbers_or_dates_are_their_text():
    book = xlwt.Workbook()
    ws = book.add_sheet("S")
    month = xlwt.easyxf(num_format_str="mm/yyyy")
    for c, v in enumerate(["Chỉ tiêu", 2024, 2025, datetime(2025, 11, 1)]):
        ws.write(0, c, v, month if isinstance(v, datetime) else xlwt.Style.default_style)
    for c, v in enumerate(["Dân số", 3471.5, 3500, 3502]):
        ws.write(1, c, v)
    buf = io.BytesIO()
    book.save(buf)
    assert decode(buf.getvalue(), FormatSpec(kind="excel"), "w.xls") == [
        {"Chỉ tiêu": "Dân số", "2024": 3471.5, "2025": 3500, "2025-11-01": 3502, "_row": 2}]


def test_what_is_not_a_workbook_is_named():
    with pytest.raises(SourceFormatError, match=r"^x.xls: a web page saved with an Excel name, not a workbook"):
        decode(b"<html><body><table><tr><td>1</td></tr></table></body></html>", FormatSpec(kind="excel"), "x.xls")
    spreadsheet_ml = (b'<?xml version="1.0"?>\n<?mso-application progid="Excel.Sheet"?>\n<Workbook xmlns='
                      b'"urn:schemas-microsoft-com:office:spreadsheet"><Worksheet ss:Name="S"/></Workbook>')
    with pytest.raises(SourceFormatError, match=r'^x.xls: an "XML Spreadsheet 2003", not a workbook'):
        decode(spreadsheet_ml, FormatSpec(kind="excel"), "x.xls")
    with pytest.raises(SourceFormatError, match=r"^x.xlsx: corrupt file \(BadZipFile\)"):
        decode(b"PK\x03\x04 cut short", FormatSpec(kind="excel"), "x.xlsx")
    with pytest.raises(SourceFormatError, match=r"^x.xls: corrupt file"):
        decode(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, FormatSpec(kind="excel"), "x.xls")
    with pytest.raises(SourceFormatError, match=r"^x.xlsx: not an Excel workbook"):
        decode(b"ma_chi_tieu,gia_tri\n", FormatSpec(kind="excel"), "x.xlsx")
    empty = openpyxl.Workbook()
    buf = io.BytesIO()
    empty.save(buf)
    with pytest.raises(SourceFormatError, match=r"^e.xlsx, sheet 'Sheet': empty"):
        decode(buf.getvalue(), FormatSpec(kind="excel"), "e.xlsx")


# -- XML -------------------------------------------------------------------------------------------------------------
XML = """<?xml version="1.0" encoding="utf-8"?>
<bc:BaoCao xmlns:bc="http://dvc.nghean.gov.vn/baocao" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
           ky="11/2025" xsi:type="bc:BaoCaoThang">
  <bc:DonVi ma="16681">
    <bc:Ten>Phường Thành Vinh</bc:Ten>
    <bc:HoSo loai="tiep-nhan">120</bc:HoSo>
    <bc:HoSo loai="giai-quyet">98</bc:HoSo>
    <!-- số liệu tạm -->
    <bc:GhiChu/>
  </bc:DonVi>
  <bc:DonVi ma="16690">
    <bc:Ten>Phường Trường Vinh</bc:Ten>
    <bc:HoSo loai="tiep-nhan">75</bc:HoSo>
  </bc:DonVi>
</bc:BaoCao>
"""


def test_xml_to_the_usual_json_shape_for_jmespath():
    doc = decode(XML.encode(), FormatSpec(kind="xml"), "dvc.nghean.gov.vn")
    assert doc == {"BaoCao": {
        "@ky": "11/2025", "@type": "bc:BaoCaoThang",
        "DonVi": [
            {"@ma": "16681", "Ten": "Phường Thành Vinh", "GhiChu": None,
             "HoSo": [{"@loai": "tiep-nhan", "#text": "120"}, {"@loai": "giai-quyet", "#text": "98"}]},
            {"@ma": "16690", "Ten": "Phường Trường Vinh", "HoSo": {"@loai": "tiep-nhan", "#text": "75"}},
        ]}}
    assert jmespath.search("BaoCao.DonVi[].Ten", doc) == ["Phường Thành Vinh", "Phường Trường Vinh"]


BOMB = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<lolz>&lol9;</lolz>"""


def test_xml_bombs_and_external_entities_are_refused():
    with pytest.raises(SourceFormatError, match=r"^feed.example.vn: XML refused: it declares entities"):
        decode(BOMB.encode(), FormatSpec(kind="xml"), "feed.example.vn")
    xxe = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>'
    with pytest.raises(SourceFormatError, match=r"XML refused"):
        decode(xxe, FormatSpec(kind="xml"), "feed.example.vn")
    with pytest.raises(SourceFormatError, match=r"^feed.example.vn: not XML \(line 1, column"):
        decode(b"<a><b></a>", FormatSpec(kind="xml"), "feed.example.vn")


# -- numbers written as text -----------------------------------------------------------------------------------------
@pytest.mark.parametrize(("raw", "decimal", "value"), [
    ("1.234", None, 1234.0), ("19.000", None, 19000.0), ("1.234,5", None, 1234.5), ("12,5", None, 12.5),
    ("87,5", None, 87.5), ("0,125", None, 0.125), ("1,2345", None, 1.2345), ("15.49", None, 15.49),
    ("1.234.567", None, 1234567.0), ("1,234,567", None, 1234567.0), ("1,234.5", None, 1234.5),
    ("-4.100", None, -4100.0), (" 1 234 ", None, 1234.0), ("1\u00a0234,5", None, 1234.5), ("7", None, 7.0),
    ("1,234", ",", 1.234), ("1.234", ",", 1234.0), ("1.234,5", ",", 1234.5), ("1,234", ".", 1234.0),
    ("1.234", ".", 1.234), ("1,234.5", ".", 1234.5), (1234.5, None, 1234.5), (1234, ",", 1234.0),
])
def test_text_numbers(raw, decimal, value):
    assert read_number(raw, decimal) == value


@pytest.mark.parametrize(("raw", "decimal", "message"), [
    ("1,234", None, "'1,234' is ambiguous (1.234 or 1234?): write 1234, or enter it as a number rather than text, "
                    "or set the source's \"decimal\""),
    ("12a", None, "'12a' is not a number"), ("1.23.4", None, "'1.23.4' is not a number"),
    ("12,5", ".", "'12,5' is not a number"), ("1,2,5", ",", "'1,2,5' is not a number"),
    ("", None, "value is missing"), (None, None, "value is missing"), (True, None, "True is not a number"),
    (float("nan"), None, "nan is not a finite number"),
])
def test_text_numbers_refused(raw, decimal, message):
    with pytest.raises(BadValue) as info:
        read_number(raw, decimal)
    assert str(info.value) == message


# -- settings --------------------------------------------------------------------------------------------------------
def test_format_settings_name_every_problem():
    spec = Spec({"kind": "excell", "sheet": 0, "header_row": "4", "delimiter": ";;", "encoding": "tcvn3",
                 "decimal": "dot", "sheeet": 2}, "sources.json", ["sources", 2, "format"])
    fmt = FormatSpec.read(spec)
    assert fmt == FormatSpec()
    assert [str(p) for p in spec.problems] == [
        "sources.json: $.sources[2].format.kind: 'kind' is 'excell'; expected one of: json, json-stat, csv, excel, "
        "xml",
        "sources.json: $.sources[2].format.sheet: 'sheet' must be a sheet's name or its number (1 = the first)",
        "sources.json: $.sources[2].format.header_row: 'header_row' must be a whole number, found a text",
        "sources.json: $.sources[2].format.delimiter: 'delimiter' must be one character (e.g. \";\" or \"\\t\"), "
        "found ';;'",
        "sources.json: $.sources[2].format.encoding: 'encoding' 'tcvn3' is not an encoding Python knows (e.g. "
        "utf-8, cp1258)",
        "sources.json: $.sources[2].format.decimal: 'decimal' is 'dot'; expected one of: ,, .",
        "sources.json: $.sources[2].format.sheeet: unknown key 'sheeet' (this object takes: decimal, delimiter, "
        "encoding, header_row, kind, sheet)",
    ]
    good = Spec({"kind": "csv", "sheet": "Số liệu", "header_row": 4, "delimiter": ";", "encoding": "cp1258",
                 "decimal": ","}, "s.json")
    assert FormatSpec.read(good) == FormatSpec("csv", "Số liệu", 4, ";", "cp1258", ",") and not good.problems
    assert FormatSpec.read(None, default="xml") == FormatSpec(kind="xml")


# -- two drop folders read at once -----------------------------------------------------------------------------------
RACE = textwrap.dedent("""
    import sys, threading
    sys.setswitchinterval(1e-4)  # switch threads often: the half-imported module shows at once
    from ioc_core.sources.spreadsheet import SpreadsheetSource
    folders = sys.argv[1:]
    barrier = threading.Barrier(len(folders))
    out = {}

    def read(n):
        source = SpreadsheetSource(f"drop-{n}", folders[n])
        barrier.wait()
        try:
            result = source.run(None)
            out[n] = "ok" if len(result.observations) == 1 and not result.rejected else str(result.rejected)
        except Exception as exc:
            out[n] = repr(exc)

    threads = [threading.Thread(target=read, args=(n,)) for n in range(len(folders))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    print(sorted(set(out.values())))
""")


def test_two_drop_folders_read_at_once_in_a_fresh_interpreter(tmp_path: Path):
    folders = []
    for n in range(8):
        folder = tmp_path / f"drop-{n}"
        folder.mkdir()
        wb = openpyxl.Workbook()
        wb.active.append(["ma_chi_tieu", "ky_bao_cao", "gia_tri"])
        wb.active.append(["yte-tiem-chung", "11/2025", 90 + n])
        wb.save(folder / "so-lieu.xlsx")
        folders.append(str(folder))
    for _attempt in range(3):  # the wrong code failed 7 runs in 8 so
        out = subprocess.run([sys.executable, "-c", RACE, *folders], capture_output=True, text=True, timeout=120,
                             cwd=ROOT)
        assert out.returncode == 0, out.stderr
        assert out.stdout.strip() == "['ok']"
    imported = subprocess.run([sys.executable, "-c", "import sys, ioc_core.sources.spreadsheet; "
                               "print('openpyxl' in sys.modules, 'xlrd' in sys.modules)"],
                              capture_output=True, text=True, timeout=60, cwd=ROOT, check=True)
    assert imported.stdout.split() == ["True", "True"]  # imported once, before any thread reads


def test_a_json_stat_cube_claiming_billions_of_cells_is_refused_not_allocated():
    """A 300-byte answer whose sizes multiply to 2.5 billion cells (sparse values: {}) made the reader allocate a
    list of 2.5 billion cells and then a record for each: the wall's memory, from one small answer. PX-Web itself
    answers at most 100,000 values a query."""
    doc = {"version": "2.0", "class": "dataset", "id": ["a", "b"], "size": [50000, 50000], "value": {},
           "dimension": {"a": {"category": {"index": {f"a{i}": i for i in range(50000)}}},
                         "b": {"category": {"index": {f"b{i}": i for i in range(50000)}}}}}
    with pytest.raises(SourceFormatError, match=r"2500000000 cells"):
        decode(json.dumps(doc).encode(), FormatSpec("json-stat"), "pxweb.example/api")


@pytest.mark.parametrize("kind, body", [
    ("csv", "Xã;Diện tích\n²1;2\n".encode()),  # a superscript where a column number was looked for
    ("json-stat", json.dumps({"version": "2.0", "class": "dataset", "id": ["a"], "size": [2], "value": {"²": 1},
                              "dimension": {"a": {"category": {"index": ["x", "y"]}}}}).encode()),
])
def test_a_superscript_digit_is_no_number_and_no_crash(kind, body):
    """str.isdigit() says yes to "²", int() then raised a raw ValueError: the fetch failed as an internal error."""
    try:
        decode(body, FormatSpec(kind), "f.csv")
    except SourceFormatError as exc:  # the JSON-stat cell index is named; a CSV row is simply read
        assert "'²'" in str(exc)


def test_xml_declaring_a_code_page_python_does_not_know_is_a_format_error():
    """An old Vietnamese system's XML declared in TCVN3: a raw LookupError (an internal error) before."""
    with pytest.raises(SourceFormatError, match="encoding this wall cannot read .*TCVN3.*ask for UTF-8"):
        decode(b'<?xml version="1.0" encoding="TCVN3"?><a><b>1</b></a>', FormatSpec("xml"), "f.xml")
