"""Formats the source pipeline reads: JSON, JSON-stat 2.0, CSV, Excel (.xlsx and .xls) and XML, each decoded from
the bytes of an answer or a dropped file into plain Python data a mapping can select from.

    fmt = FormatSpec.read(spec.sub("format"), default="json")      # {"kind": "excel", "sheet": "Số liệu", ...}
    records = decode(body, fmt, "bao-cao-thang-11.xlsx")

- ``json``: the parsed document.
- ``json-stat``: a JSON-stat 2.0 dataset (or a collection, or a 1.x bundle, holding one) as one record per cell,
  row-major over the dataset's ``id``: ``{"<dimension id>": "<category label>", ..., "codes": {"<dimension id>":
  "<category code>"}, "value": v, "unit": "<unit label>" or None, "status": "<status>" or None}``. A short decoder
  of the specification rather than pyjstat: the format is a few index rules, pyjstat builds a pandas frame per
  dataset (slow to import and to build, and its output has to be turned back into records), and it does not keep
  category codes next to labels, which a mapping needs (statistics offices' labels change wording, codes do not).
- ``csv``: one dict per row keyed by the header (stripped), cells as text; the delimiter (``, ; TAB |``, or
  Excel's ``sep=;`` first line) and the encoding (UTF-8 with or without BOM, UTF-16 with a BOM, else the Windows
  code page Excel wrote: cp1258 Vietnamese or cp1252, told apart by charset_normalizer) detected unless given.
  Text is NFC-normalised: cp1258 spells "ị" as "i" plus a combining dot, so names would not match the catalogue's
  otherwise.
- ``excel``: ``.xlsx`` (openpyxl, read-only, cached values) or ``.xls`` (xlrd), told apart by the file's first
  bytes; cells keep their type (numbers, datetimes, text). A number shown as a percentage is the number shown
  (a cell showing 87,5 % gives 87.5, not the 0.875 Excel keeps), as the catalogue's "%" indicators count.
- ``xml``: parsed with defusedxml (no entity expansion, no external entity, so a billion-laughs document is refused)
  into the usual XML-to-JSON shape: ``{"root": {"@attr": "...", "child": [..., ...], "#text": "..."}}``, a leaf
  without attributes as its text, namespaces stripped to local names.

For CSV and Excel the header row is the one given, or detected: the first row (title rows and blank rows above it
skipped) whose filled cells are all text and as many as the table is wide. Each record also carries ``"_row"``, the
row number the spreadsheet shows, so a rejection names the row the clerk sees. Fully blank rows are skipped, and so is
a row that only numbers the columns under the header ("1 2 3 ..." or "(1) (2) (3) ..."), as official report forms
have.

openpyxl and xlrd are imported here, when the module is imported, not lazily on the first file: two drop folders
read at once in two threads each imported openpyxl (through pandas' lazy import) and one of them saw a half-imported
module ("corrupt file (AttributeError)").
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
import unicodedata
import zipfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, time
from xml.etree.ElementTree import Element, ParseError

import openpyxl
import xlrd
from charset_normalizer import from_bytes
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring as xml_fromstring
from openpyxl.utils.exceptions import InvalidFileException

from ioc_core.indicators.observation import BadValue, parse_number
from ioc_core.sources.base import SourceFormatError
from ioc_core.sources.spec import Spec

KINDS = ("json", "json-stat", "csv", "excel", "xml")
DELIMITERS = (",", ";", "\t", "|")
XLSX_MAGIC = b"PK\x03\x04"
XLS_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # OLE2 compound document (Excel 97-2003)
SCAN_ROWS = 30  # rows looked at to find the header
HeaderTest = Callable[[list[str]], bool]  # whether a row's filled cells (as text) are the header a reader knows


@dataclass(frozen=True)
class FormatSpec:
    kind: str = "json"  # json | json-stat | csv | excel | xml
    sheet: str | int | None = None  # excel: a sheet name or 1-based number (default: the first)
    header_row: int | None = None  # excel/csv: 1-based row of the headers (default: detected)
    delimiter: str | None = None  # csv: default detected among , ; TAB |
    encoding: str | None = None  # csv: default detected (UTF-8 with or without BOM, else cp1258 or cp1252)
    decimal: str | None = None  # "," or ".": how text numbers are written (default: Vietnamese, see read_number)

    @classmethod
    def read(cls, spec: Spec | None, default: str = "json") -> FormatSpec:
        """The ``format`` object of a source; each unknown key or wrong value is a problem on ``spec``."""
        if spec is None:
            return cls(kind=default)
        kind = spec.text("kind", default, choices=KINDS)
        sheet = spec.raw("sheet")
        if sheet is not None and (isinstance(sheet, bool) or not isinstance(sheet, str | int)
                                  or (isinstance(sheet, int) and sheet < 1) or (isinstance(sheet, str)
                                                                                 and not sheet.strip())):
            spec.problem("'sheet' must be a sheet's name or its number (1 = the first)", "sheet")
            sheet = None
        header_row = spec.integer("header_row", None, minimum=1, maximum=1000)
        delimiter = spec.text("delimiter", None)
        if delimiter is not None and len(delimiter) != 1:
            spec.problem(f"'delimiter' must be one character (e.g. \";\" or \"\\t\"), found {delimiter!r}",
                         "delimiter")
            delimiter = None
        encoding = spec.text("encoding", None)
        if encoding is not None:
            try:
                "".encode(encoding)
            except LookupError:
                spec.problem(f"'encoding' {encoding!r} is not an encoding Python knows (e.g. utf-8, cp1258)",
                             "encoding")
                encoding = None
        decimal = spec.text("decimal", None, choices=(",", "."))
        spec.known({"kind", "sheet", "header_row", "delimiter", "encoding", "decimal"})
        return cls(kind or default, sheet, header_row, delimiter, encoding, decimal)


def decode(body: bytes, fmt: FormatSpec, name: str, header: HeaderTest | None = None) -> object:
    """The document in ``body`` as Python data (see the module's docstring); ``name`` (a file name or a host) is
    named in every SourceFormatError. ``header`` (CSV and Excel): a test of a row's texts that finds the header row
    before the generic detection does (a reader that knows its columns, e.g. the drop folder's template)."""
    if fmt.kind == "json":
        return _json(body, name)
    if fmt.kind == "json-stat":
        return jsonstat_records(_json(body, name), name)
    if fmt.kind == "csv":
        return csv_records(body, fmt, name, header)
    if fmt.kind == "excel":
        return excel_records(body, fmt, name, header)
    if fmt.kind == "xml":
        return xml_document(body, name)
    raise SourceFormatError(f"{name}: unknown format '{fmt.kind}' (known: {', '.join(KINDS)})")


def _json(body: bytes, name: str):
    try:
        return json.loads(body.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise SourceFormatError(f"{name}: not JSON (not UTF-8 text)") from None
    except ValueError:
        snippet = body[:60].decode("utf-8", "replace").replace("\n", " ")
        raise SourceFormatError(f"{name}: not JSON: {snippet!r}") from None


# -- numbers written as text ---------------------------------------------------------------------------------------
_GROUPED = re.compile(r"[1-9]\d{0,2}(?:[.,]\d{3})+")  # no group starts a number with 0


def read_number(raw, decimal: str | None = None) -> float:
    """A number as a hand-filled sheet holds it. Real numbers are taken as they are. Text is read with ``decimal``
    as its decimal mark when the source declares one; otherwise the Vietnamese way: "12,5" is 12.5, "1.234" and
    "19.000" are thousands, "1.234,5" is 1234.5 -- but "1,234" (one comma, then exactly three digits) is refused
    as ambiguous: an English-locale Excel writes one thousand two hundred thirty-four so.
    Raises BadValue saying what is wrong (None and "" are "value is missing")."""
    if not isinstance(raw, str):  # a number, None, anything else: as every source's (observation.parse_number)
        return parse_number(raw)
    value = _text_number(raw, decimal)
    if not math.isfinite(value):
        raise BadValue(f"{raw!r} is not a finite number")
    return value


def _text_number(raw: str, decimal: str | None) -> float:
    text = raw.strip().replace("\u00a0", "").replace("\u202f", "").replace(" ", "")
    if not text:
        raise BadValue("value is missing")
    sign = ""
    if text[0] in "+-\u2212":
        sign, text = ("-" if text[0] != "+" else ""), text[1:]
    body = text
    if decimal is not None:
        group = "." if decimal == "," else ","
        whole, _, frac = body.partition(decimal)
        if group in whole and not _GROUPED.fullmatch(whole):
            raise BadValue(f"{raw!r} is not a number")
        body = whole.replace(group, "") + ("." + frac if _ else "")
    elif "," in body and "." in body:  # both: the last one is the decimal mark ("1.234,5" or "1,234.5")
        mark = "," if body.rfind(",") > body.rfind(".") else "."
        group = "." if mark == "," else ","
        whole, _, frac = body.rpartition(mark)
        if not _GROUPED.fullmatch(whole) or group in frac:
            raise BadValue(f"{raw!r} is not a number")
        body = whole.replace(group, "") + "." + frac
    elif body.count(",") == 1:
        whole, _, frac = body.partition(",")
        if len(frac) == 3 and whole.isdigit() and frac.isdigit() and whole != "0" and len(whole) <= 3:
            raise BadValue(f"'{raw.strip()}' is ambiguous ({whole}.{frac} or {whole}{frac}?): write {whole}{frac}, "
                           "or enter it as a number rather than text, or set the source's \"decimal\"")
        body = body.replace(",", ".")
    elif "," in body or body.count(".") > 1:  # several marks of one kind: they group thousands
        if not _GROUPED.fullmatch(body):
            raise BadValue(f"{raw!r} is not a number")
        body = body.replace(",", "").replace(".", "")
    elif body.count(".") == 1:
        whole, _, frac = body.partition(".")
        if len(frac) == 3 and whole.isdigit() and frac.isdigit() and whole != "0" and len(whole) <= 3:
            body = whole + frac  # "19.000": nineteen thousand, as a Vietnamese clerk writes it
    if not re.fullmatch(r"(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?", body):
        raise BadValue(f"{raw!r} is not a number")
    return float(sign + body)


# -- JSON-stat 2.0 -------------------------------------------------------------------------------------------------
JSONSTAT_MAX_CELLS = 2_000_000  # PX-Web answers at most 100,000 values a query by default
def jsonstat_records(doc, name: str) -> list[dict]:
    """One record per cell of the dataset in ``doc`` (a dataset, a collection or a bundle with one dataset)."""
    ds = _one_dataset(doc, name)
    ids, sizes = ds.get("id"), ds.get("size")
    dims = ds.get("dimension")
    if not isinstance(dims, dict):
        raise SourceFormatError(f"{name}: JSON-stat dataset without 'dimension'")
    if ids is None and isinstance(dims.get("id"), list):  # JSON-stat 1.x keeps them inside "dimension"
        ids, sizes = dims.get("id"), dims.get("size")
    if (not isinstance(ids, list) or not isinstance(sizes, list) or len(ids) != len(sizes)
            or not all(isinstance(s, int) and s >= 0 for s in sizes)):
        raise SourceFormatError(f"{name}: JSON-stat dataset needs 'id' and 'size' lists of one length")
    axes = [_axis(dims.get(d), str(d), size, name) for d, size in zip(ids, sizes, strict=True)]
    total = 1
    for size in sizes:
        total *= size
    if total > JSONSTAT_MAX_CELLS:  # a small answer may claim any sizes: each cell becomes a record
        raise SourceFormatError(f"{name}: JSON-stat dataset of {total} cells is more than the "
                                f"{JSONSTAT_MAX_CELLS} a source may bring (ask for fewer in the query)")
    values = _cells(ds.get("value"), total, "value", name, required=True)
    status = _cells(ds.get("status"), total, "status", name, required=False)
    cube_unit = _extension_unit(ds)
    out = []
    for n in range(total):
        coords, rest = [], n
        for size in reversed(sizes):  # row-major: the last dimension varies fastest
            rest, at = divmod(rest, size)
            coords.append(at)
        coords.reverse()
        rec: dict = {}
        codes = {}
        unit = None
        for (dim, codes_at, labels, units), at in zip(axes, coords, strict=True):
            code = codes_at[at]
            rec[dim], codes[dim] = labels.get(code, code), code
            if unit is None and code in units:
                unit = units[code]
        rec.update({"codes": codes, "value": values[n], "unit": unit if unit is not None else cube_unit,
                    "status": status[n]})
        out.append(rec)
    return out


def _one_dataset(doc, name: str) -> dict:
    if not isinstance(doc, dict):
        raise SourceFormatError(f"{name}: JSON-stat answer is not an object")
    kind = doc.get("class")
    if kind == "dataset" or ("value" in doc and "dimension" in doc):
        return doc
    if kind == "collection":
        items = (doc.get("link") or {}).get("item") if isinstance(doc.get("link"), dict) else None
        found = [i for i in items or [] if isinstance(i, dict) and i.get("class") == "dataset" and "value" in i]
        what = "collection"
    else:  # a JSON-stat 1.x bundle: {"<name>": {dataset}, ...}
        found = [v for v in doc.values() if isinstance(v, dict) and "dimension" in v and "value" in v]
        what = "bundle"
    if len(found) != 1:
        raise SourceFormatError(f"{name}: JSON-stat {what} holds {len(found)} datasets; one is expected")
    return found[0]


def _axis(dim, dim_id: str, size: int, name: str) -> tuple[str, list[str], dict, dict]:
    """(dimension id, category codes in index order, code -> label, code -> unit label)."""
    cat = dim.get("category") if isinstance(dim, dict) else None
    if not isinstance(cat, dict):
        raise SourceFormatError(f"{name}: JSON-stat dimension '{dim_id}' has no category")
    index, labels = cat.get("index"), cat.get("label") if isinstance(cat.get("label"), dict) else {}
    if isinstance(index, list):
        codes = [str(c) for c in index]
    elif isinstance(index, dict):
        if sorted(v for v in index.values() if isinstance(v, int) and not isinstance(v, bool)) != list(
                range(len(index))):
            raise SourceFormatError(f"{name}: JSON-stat dimension '{dim_id}': its category index must number the "
                                    f"categories 0 .. {len(index) - 1}")
        codes = [str(c) for c, _ in sorted(index.items(), key=lambda kv: kv[1])]
    elif index is None and len(labels) == 1:  # a single category may leave out its index
        codes = [str(next(iter(labels)))]
    else:
        raise SourceFormatError(f"{name}: JSON-stat dimension '{dim_id}' has no category index")
    if len(codes) != size:
        raise SourceFormatError(f"{name}: JSON-stat dimension '{dim_id}' has {len(codes)} categories, its size is "
                                f"{size}")
    units = {}
    for code, unit in (cat.get("unit") or {}).items() if isinstance(cat.get("unit"), dict) else ():
        if isinstance(unit, dict) and (unit.get("label") or unit.get("symbol")):
            units[str(code)] = str(unit.get("label") or unit.get("symbol"))
    return dim_id, codes, {str(k): str(v) for k, v in labels.items()}, units


def _cells(raw, total: int, key: str, name: str, required: bool) -> list:
    if raw is None and not required:
        return [None] * total
    if isinstance(raw, list):
        if len(raw) != total:
            raise SourceFormatError(f"{name}: JSON-stat '{key}' has {len(raw)} cells, the sizes make {total}")
        return list(raw)
    if isinstance(raw, dict):  # sparse: {"<index>": cell}
        out = [None] * total
        for k, v in raw.items():
            if not str(k).isdecimal() or int(k) >= total:
                raise SourceFormatError(f"{name}: JSON-stat '{key}' names cell {k!r} of {total}")
            out[int(k)] = v
        return out
    if isinstance(raw, str) and key == "status":  # one status for every cell
        return [raw] * total
    raise SourceFormatError(f"{name}: JSON-stat '{key}' must be a list or an object of cells")


def _extension_unit(ds: dict) -> str | None:
    for holder in (ds.get("extension"), ds):
        unit = holder.get("unit") if isinstance(holder, dict) else None
        if isinstance(unit, str) and unit.strip():
            return unit
        if isinstance(unit, dict) and (unit.get("label") or unit.get("symbol")):
            return str(unit.get("label") or unit.get("symbol"))
    return None


# -- CSV -----------------------------------------------------------------------------------------------------------
def csv_records(body: bytes, fmt: FormatSpec, name: str, header: HeaderTest | None = None) -> Table:
    text = _csv_text(body, fmt.encoding, name)
    first, _, rest = text.partition("\n")
    said = None
    if len(first.strip()) == 5 and first.strip().lower().startswith("sep="):  # Excel's "sep=;" line (not shown)
        said, text = first.strip()[4], rest
    delimiter = fmt.delimiter or said or _delimiter(text)
    rows = [[unicodedata.normalize("NFC", c) for c in row]
            for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]
    return _records(rows, fmt.header_row, name, header)


def _csv_text(body: bytes, encoding: str | None, name: str) -> str:
    if encoding:
        try:
            return body.decode(encoding)
        except UnicodeDecodeError as exc:
            raise SourceFormatError(f"{name}: not {encoding} text (byte {exc.start})") from None
    if body.startswith((b"\xff\xfe", b"\xfe\xff")):  # Excel's "Unicode text": UTF-16 with a BOM, TAB-separated
        try:
            return body.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise SourceFormatError(f"{name}: not UTF-16 text (byte {exc.start})") from None
    try:
        return body.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    vietnamese = body.decode("cp1258", errors="replace")
    if len(unicodedata.normalize("NFC", vietnamese)) < len(vietnamese):  # tone marks that join their letters
        return vietnamese
    best = from_bytes(body, cp_isolation=["cp1258", "cp1252"]).best()
    return body.decode(best.encoding if best is not None else "cp1258", errors="replace")


def _delimiter(text: str) -> str:
    """The candidate that splits the most of the first lines into one same number (> 1) of fields."""
    lines = [ln for ln in text.splitlines()[:SCAN_ROWS] if ln.strip()]
    best, score = ",", (0, 0)
    for cand in DELIMITERS:
        counts = [len(r) for r in csv.reader(lines, delimiter=cand)]
        wide = [c for c in counts if c > 1]
        if not wide:
            continue
        mode = max(set(wide), key=lambda c: (wide.count(c), c))
        if (wide.count(mode), mode) > score:
            best, score = cand, (wide.count(mode), mode)
    return best


# -- Excel ---------------------------------------------------------------------------------------------------------
def excel_records(body: bytes, fmt: FormatSpec, name: str, header: HeaderTest | None = None) -> Table:
    if body.startswith(XLSX_MAGIC):
        sheet_name, rows = _xlsx_rows(body, fmt.sheet, name)
    elif body.startswith(XLS_MAGIC):
        sheet_name, rows = _xls_rows(body, fmt.sheet, name)
    else:
        head = body[:512].lstrip().lower()
        if head.startswith((b"<!doctype html", b"<html", b"<table")) or b"<table" in head:
            raise SourceFormatError(f"{name}: a web page saved with an Excel name, not a workbook: open it in "
                                    "Excel and save it as .xlsx")
        if head.startswith(b"<?xml") and b"urn:schemas-microsoft-com:office:spreadsheet" in body[:4096]:
            raise SourceFormatError(f"{name}: an \"XML Spreadsheet 2003\", not a workbook: open it in Excel and "
                                    "save it as .xlsx")
        raise SourceFormatError(f"{name}: not an Excel workbook (neither .xlsx nor .xls)")
    return _records(rows, fmt.header_row, f"{name}, sheet '{sheet_name}'", header)


def sheet_names(body: bytes, name: str) -> list[str]:
    """The workbook's sheet names, in order."""
    if body.startswith(XLS_MAGIC):
        return list(_open_xls(body, name).sheet_names())
    wb = _open_xlsx(body, name)
    try:
        return list(wb.sheetnames)
    finally:
        wb.close()


def _open_xlsx(body: bytes, name: str):
    try:
        return openpyxl.load_workbook(io.BytesIO(body), read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as exc:
        raise SourceFormatError(f"{name}: corrupt file ({type(exc).__name__})") from None
    except Exception as exc:  # noqa: BLE001 (XML errors inside a damaged workbook)
        raise SourceFormatError(f"{name}: corrupt file ({type(exc).__name__})") from None


def _open_xls(body: bytes, name: str):
    try:
        return xlrd.open_workbook(file_contents=body, on_demand=True, formatting_info=True)
    except Exception as exc:  # noqa: BLE001 (xlrd's errors are many and untyped)
        raise SourceFormatError(f"{name}: corrupt file ({type(exc).__name__})") from None


def _pick(names: list[str], sheet: str | int | None, name: str) -> int:
    if not names:
        raise SourceFormatError(f"{name}: the workbook has no sheet")
    if sheet is None:
        return 0
    if isinstance(sheet, int):
        if sheet > len(names):
            raise SourceFormatError(f"{name}: no sheet {sheet} (the workbook has {len(names)}: "
                                    f"{', '.join(names)})")
        return sheet - 1
    wanted = _fold(sheet)
    for n, s in enumerate(names):
        if _fold(s) == wanted:
            return n
    raise SourceFormatError(f"{name}: no sheet '{sheet}' (sheets: {', '.join(names)})")


def _fold(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def _xlsx_rows(body: bytes, sheet, name: str) -> tuple[str, list[list]]:
    wb = _open_xlsx(body, name)
    try:
        ws = wb.worksheets[_pick(wb.sheetnames, sheet, name)]
        try:
            ws.reset_dimensions()  # some writers record a wrong size ("A1:A1"): read every row there is
        except AttributeError:  # a chart sheet
            raise SourceFormatError(f"{name}: sheet '{ws.title}' holds no cells") from None
        try:
            rows = [[_xlsx_cell(c) for c in row] for row in ws.iter_rows()]
        except Exception as exc:  # noqa: BLE001 (a damaged sheet's XML)
            raise SourceFormatError(f"{name}, sheet '{ws.title}': corrupt file ({type(exc).__name__})") from None
        return ws.title, rows
    finally:
        wb.close()


def _xlsx_cell(cell):
    value = cell.value
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _shown_percent(value, getattr(cell, "number_format", None))
    return value


def _shown_percent(value: float, number_format: str | None):
    """A cell shown as a percentage holds a fraction (87,5 % is 0.875): the number the clerk typed and sees is
    given, since the catalogue's "%" indicators count in percent."""
    if number_format and "%" in re.sub(r'"[^"]*"|\\.', "", number_format):
        shown = round(value * 100, 10)
        return int(shown) if float(shown).is_integer() and isinstance(value, int) else shown
    return value


def _xls_rows(body: bytes, sheet, name: str) -> tuple[str, list[list]]:
    book = _open_xls(body, name)
    try:
        ws = book.sheet_by_index(_pick(list(book.sheet_names()), sheet, name))
        rows = []
        for r in range(ws.nrows):
            rows.append([_xls_cell(ws.cell(r, c), book) for c in range(ws.row_len(r))])
        return ws.name, rows
    except xlrd.XLRDError as exc:
        raise SourceFormatError(f"{name}: corrupt file ({exc})") from None
    finally:
        book.release_resources()


def _xls_cell(cell, book):
    kind, value = cell.ctype, cell.value
    if kind in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
        return None
    if kind == xlrd.XL_CELL_NUMBER:
        value = int(value) if float(value).is_integer() else value
        try:
            shown = book.format_map[book.xf_list[cell.xf_index].format_key].format_str
        except (IndexError, KeyError, TypeError, AttributeError):
            shown = None
        return _shown_percent(value, shown)
    if kind == xlrd.XL_CELL_DATE:
        try:
            return xlrd.xldate_as_datetime(value, book.datemode)
        except (ValueError, OverflowError, xlrd.xldate.XLDateError):
            return value
    if kind == xlrd.XL_CELL_BOOLEAN:
        return bool(value)
    if kind == xlrd.XL_CELL_ERROR:
        return xlrd.error_text_from_code.get(value, "#ERROR")
    return unicodedata.normalize("NFC", str(value))


# -- tables (CSV and Excel rows -> records) ------------------------------------------------------------------------
def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _filled(row: list) -> int:
    return sum(1 for v in row if not _blank(v))


class Table(list):
    """The records of a CSV file or a sheet (a plain list of dicts), with the ``headers`` read even when no row
    is under them."""

    headers: tuple[str, ...] = ()


def _records(rows: list[list], header_row: int | None, where: str, header: HeaderTest | None = None) -> Table:
    if not any(_filled(r) for r in rows):
        raise SourceFormatError(f"{where}: empty, no table in it")
    if header_row is not None:
        if header_row > len(rows) or not _filled(rows[header_row - 1]):
            raise SourceFormatError(f"{where}: row {header_row} (the header row set for this source) is empty")
        at = header_row - 1
    else:
        at = _detect_header(rows, header)
    headers = _headers(rows[at])
    out = Table()
    out.headers = tuple(h for _c, h in headers)
    for n in range(at + 1, len(rows)):
        row = rows[n]
        if not _filled(row):
            continue
        if n == at + 1 and _numbers_columns(row):
            continue
        rec = {h: (row[c] if c < len(row) else None) for c, h in headers}
        rec = {k: (v.strip() if isinstance(v, str) else v) for k, v in rec.items()}
        rec["_row"] = n + 1
        out.append(rec)
    return out


def _detect_header(rows: list[list], header: HeaderTest | None = None) -> int:
    """The first row ``header`` accepts; else the first row whose filled cells are all text and as many as the
    widest of the first rows; else the first row that wide."""
    scan = rows[:SCAN_ROWS]
    if header is not None:
        for n, row in enumerate(scan):
            if _filled(row) and header([" ".join(str(v).split()) for v in row if not _blank(v)]):
                return n
    width = max(_filled(r) for r in scan) if any(_filled(r) for r in scan) else 0
    wide = [n for n, r in enumerate(scan) if width and _filled(r) == width]
    if not wide:  # every table row is below the scanned ones: take the first filled row
        return next(n for n, r in enumerate(rows) if _filled(r))
    for n in wide:
        if all(isinstance(v, str) for v in rows[n] if not _blank(v)):
            return n
    return wide[0]


def _headers(row: list) -> list[tuple[int, str]]:
    """(column, header) for each filled header cell; a repeated header gets " (2)", " (3)" ..."""
    out, seen = [], {}
    for c, v in enumerate(row):
        if _blank(v):
            continue
        text = " ".join(_header_text(v).split())
        seen[text] = seen.get(text, 0) + 1
        out.append((c, text if seen[text] == 1 else f"{text} ({seen[text]})"))
    return out


def _header_text(value) -> str:
    """A header cell as text: 2025 typed as a number is "2025", a date cell "2025-11-01" (columns by year or
    month)."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat(timespec="minutes")
    return str(value)


def _numbers_columns(row: list) -> bool:
    """Whether a row only numbers the columns: 1 2 3 ... or (1) (2) (3) ... (official forms have one)."""
    cells = [v for v in row if not _blank(v)]
    if len(cells) < 2:
        return False
    nums = []
    for v in cells:
        text = str(v).strip() if not isinstance(v, float) or not v.is_integer() else str(int(v))
        text = text[1:-1] if text.startswith("(") and text.endswith(")") else text
        if not text.isdecimal():  # not isdigit: "²" is a digit int() cannot read
            return False
        nums.append(int(text))
    return nums == list(range(nums[0], nums[0] + len(nums)))


# -- XML -----------------------------------------------------------------------------------------------------------
def xml_document(body: bytes, name: str) -> dict:
    try:
        root = xml_fromstring(body, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise SourceFormatError(f"{name}: XML refused: it declares entities or external references "
                                f"({type(exc).__name__}), which could expand without bound") from None
    except ParseError as exc:
        line, col = exc.position if getattr(exc, "position", None) else (0, 0)
        raise SourceFormatError(f"{name}: not XML (line {line}, column {col})") from None
    except LookupError as exc:  # <?xml ... encoding="TCVN3"?>: a Vietnamese code page Python does not know
        raise SourceFormatError(f"{name}: XML in an encoding this wall cannot read ({exc}): ask for UTF-8") from None
    return {_local(root.tag): _element(root)}


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1] if tag.startswith("{") else tag


def _element(el: Element):
    text = (el.text or "").strip()
    children = [c for c in el if isinstance(c.tag, str)]  # comments and processing instructions left out
    if not el.attrib and not children:
        return text or None
    out: dict = {f"@{_local(k)}": v for k, v in el.attrib.items()}
    names = [_local(c.tag) for c in children]
    repeated = {n for n, count in Counter(names).items() if count > 1}
    for key, child in zip(names, children, strict=True):
        if key in repeated:
            out.setdefault(key, []).append(_element(child))
        else:
            out[key] = _element(child)
    if text:
        out["#text"] = text
    return out
