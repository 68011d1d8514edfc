"""Spreadsheet drop: CSV and Excel files that departments fill in by hand, read from a folder.

The template (one per sector, written by ``write_template``; ``ioc-wall template --sector yte --out FILE.xlsx``)
has these columns; headers may be written with or without Vietnamese diacritics and in any case:

    Mã chỉ tiêu | Tên chỉ tiêu | Đơn vị | Kỳ báo cáo | Địa bàn | Giá trị | Ghi chú
    (indicator id)               (period: dd/mm/yyyy, mm/yyyy, yyyy, ISO,   (commune code; empty = whole province)
                                  or "Quý III/2025" for a quarter)

Only ``ma_chi_tieu``, ``ky_bao_cao`` and ``gia_tri`` are required (``dia_ban`` optional); other columns are ignored.
Files are read through ``ioc_core.sources.formats``: ``.xlsx``, ``.xls`` (told apart by their first bytes), CSV with
``,`` or ``;`` in UTF-8 or the Windows code page Excel wrote; title rows above the header are skipped. A source entry
may add ``"format": {"sheet": "Số liệu" or 2, "header_row": 4, "delimiter": ";", "encoding": "cp1258",
"decimal": ","}``. Without a sheet, the first sheet holding the template's columns is read.

Values typed as Excel numbers are taken as they are; text values in the Vietnamese way ("1.234,5", "19.000"), and
"1,234" is refused as ambiguous unless the source sets ``decimal`` (``formats.read_number``). A row with neither a
period nor a value (a template line not filled in) is skipped. Every rejected row is reported with its file, row
number (as the spreadsheet shows it) and reason; a file that cannot be read does not stop the others.
"""

from __future__ import annotations

import io
import re
import sys
from collections.abc import Sequence
from dataclasses import replace
from datetime import date, datetime
from datetime import time as dtime
from pathlib import Path

import requests
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.worksheet.datavalidation import DataValidation

from ioc_core.catalogue import Catalogue
from ioc_core.indicators.observation import PROVINCE, BadValue, Observation, fold, parse_period
from ioc_core.jsonfile import file_mode, write_bytes_atomic
from ioc_core.problems import InvalidFile, errors
from ioc_core.sources.base import FetchResult, Source, SourceFileError, SourceFormatError, Timeouts, register
from ioc_core.sources.formats import XLS_MAGIC, XLSX_MAGIC, FormatSpec, Table, decode, read_number, sheet_names
from ioc_core.sources.mapping import RegionNames, apply_all, read_mappings
from ioc_core.sources.spec import Spec

COLUMNS = ("ma_chi_tieu", "ky_bao_cao", "dia_ban", "gia_tri")
REQUIRED = ("ma_chi_tieu", "ky_bao_cao", "gia_tri")
SUFFIXES = (".csv", ".xlsx", ".xlsm", ".xls")
HEADERS_VI = ("Mã chỉ tiêu", "Tên chỉ tiêu", "Đơn vị", "Kỳ báo cáo", "Địa bàn", "Giá trị", "Ghi chú")
DATA_SHEET, GUIDE_SHEET = "Số liệu", "Hướng dẫn"
MAX_FILE_BYTES = 30_000_000  # read whole into memory, and an .xlsx unpacks to several times its size
TEMPLATE_MODE = 0o644  # a new template is handed out: readable by all (the atomic writer alone makes it 0600)
SPARE_ROWS = 500  # rows below the indicators' lines left open (unlocked, validated) for more communes or periods


def normalise_header(text) -> str:
    """"Mã chỉ tiêu" -> "ma_chi_tieu"."""
    return "_".join(fold(text).replace("-", " ").split())


@register
class SpreadsheetSource(Source):
    kind = "spreadsheet"

    def __init__(self, id: str, folder: str | Path, timeouts=None, format: dict | FormatSpec | None = None,
                 catalogue: Catalogue | None = None, mappings: list | None = None):
        """``mappings`` (ioc_core/sources/mapping.py): files in a department's own shape; without, the template's
        columns. A commune's name in the region column is matched to its code when the catalogue has regions."""
        super().__init__(id, timeouts)
        self.folder = Path(folder)
        self.format = format if isinstance(format, FormatSpec) else _read_format(format)
        self.mappings = mappings or []
        for m in self.mappings:  # a clerk's text numbers, read as the template's are
            m.numbers_as(self.format.decimal, hand_filled=True)
        self._regions = RegionNames(catalogue.regions if catalogue is not None else {})
        # indicator id -> its names, to say on which file and row an unknown one is (the store's words have none)
        self._indicators = {i.id: (i.name_vi, i.name_en) for i in catalogue.indicators.values()} \
            if catalogue is not None and catalogue.indicators else None

    @classmethod
    def from_spec(cls, spec: Spec, catalogue=None, secrets=None) -> SpreadsheetSource | None:
        """From a sources file's entry (id, kind, every_s, timeout, folder, format); None when ``spec`` collected
        problems, each naming the file, the JSON path and the key."""
        before = len(spec.problems)
        spec.known(("id", "kind", "every_s", "timeout", "folder", "format", "mapping", "mappings"))
        mappings = read_mappings(spec, catalogue) if spec.has("mapping") or spec.has("mappings") else []
        folder = spec.text("folder", required=True)
        t = spec.sub("timeout")  # nothing is fetched over a network; taken for old entries
        timeouts = Timeouts.from_spec(t) if t is not None else None
        fmt = _format(spec.sub("format"))
        if len(errors(spec.problems[before:])) or not folder:
            return None
        return cls(str(spec.raw("id")), folder, timeouts, fmt, catalogue, mappings)

    def fetch(self, session: requests.Session | None = None) -> list[tuple[Path, Table | str]]:
        if not self.folder.is_dir():
            raise SourceFileError(f"drop folder {self.folder} does not exist")
        files = sorted(p for p in self.folder.iterdir() if p.suffix.lower() in SUFFIXES and not p.name.startswith(
            ("~$", ".~lock", "._")))  # Excel's and LibreOffice's lock files, a Mac's resource forks on a share
        out = []
        for path in files:
            try:
                out.append((path, self._read(path)))
            except SourceFileError as exc:
                out.append((path, str(exc)))
        return out

    def parse(self, raw: list[tuple[Path, Table | str]]) -> FetchResult:
        result = FetchResult()
        broken = []
        seen: dict[tuple[str, str, str], str] = {}  # a row's indicator, region and period -> "file row n"
        for path, records in raw:
            if isinstance(records, str):
                broken.append(records)
                result.rejected.append(records)
                continue
            self._rows(path, records, result, seen)
        if raw and len(broken) == len(raw):
            raise SourceFileError("; ".join(broken))
        return result

    # -- reading one file ----------------------------------------------------------------------------------------
    def _read(self, path: Path) -> Table:
        try:
            size = path.stat().st_size
            if size > MAX_FILE_BYTES:
                raise SourceFileError(f"{path.name}: {size / 1e6:.0f} MB, larger than a hand-filled sheet can be "
                                      f"({MAX_FILE_BYTES / 1e6:.0f} MB): not read")
            body = path.read_bytes()
        except PermissionError:
            raise SourceFileError(f"{path.name}: cannot open (locked or no permission)") from None
        except OSError as exc:
            raise SourceFileError(f"{path.name}: cannot be read ({exc.strerror or type(exc).__name__})") from None
        excel = body.startswith((XLSX_MAGIC, XLS_MAGIC)) or path.suffix.lower() != ".csv"
        fmt = replace(self.format, kind="excel" if excel else "csv")
        if self.mappings:  # a department's own columns: the header found as for any table, no template to hold to
            try:
                return decode(body, fmt, path.name)
            except SourceFormatError as exc:
                raise SourceFileError(str(exc)) from None
        records: Table | None = None
        try:
            records = decode(body, fmt, path.name, _is_header)
        except SourceFormatError as exc:
            error = exc
        workbook = body.startswith((XLSX_MAGIC, XLS_MAGIC))
        if (records is None or _missing(records)) and workbook and fmt.sheet is None:
            try:  # the figures may be on another sheet than the first (a guide, a cover, an empty "Sheet1")
                for n in range(2, len(sheet_names(body, path.name)) + 1):
                    try:
                        other = decode(body, replace(fmt, sheet=n), path.name, _is_header)
                    except SourceFormatError:
                        continue
                    if not _missing(other):
                        return other
            except SourceFormatError:
                pass
        if records is None:
            raise SourceFileError(str(error)) from None
        missing = _missing(records)
        if missing:
            found = ", ".join(normalise_header(h) for h in records.headers)
            raise SourceFileError(f"{path.name}: missing column(s) {', '.join(missing)} (found: {found}); "
                                  "use the template")
        return records

    def _rows(self, path: Path, records: Table, result: FetchResult, seen: dict) -> None:
        if self.mappings:  # a department's own columns, mapped as the sources file says
            try:
                mapped = apply_all(self.mappings, records, path.name)
            except SourceFormatError as exc:
                result.rejected.append(str(exc))
                return
            result.observations += mapped.observations
            result.rejected += [f"{path.name} {why}" for why in mapped.rejected]
            return
        names = {h: normalise_header(h) for h in records.headers}  # folded once a file, not once a row
        for rec in records:
            cells = {names[k]: v for k, v in rec.items() if k != "_row"}
            n = rec["_row"]
            if _blank(cells.get("ky_bao_cao")) and _blank(cells.get("gia_tri")):
                continue  # a template line not filled in (or a note)
            try:
                if _blank(cells.get("ma_chi_tieu")):
                    raise BadValue("indicator id (ma_chi_tieu) is empty")
                indicator = _code(cells["ma_chi_tieu"])
                period = parse_period(_cell_period(cells.get("ky_bao_cao")))
                region = PROVINCE if _blank(cells.get("dia_ban")) else self._regions.code(_code(cells["dia_ban"]),
                                                                                           "auto")
                value = read_number(None if _blank(cells.get("gia_tri")) else cells["gia_tri"], self.format.decimal)
                indicator = self._indicator(indicator)
                first = seen.get((indicator, region, period))
                if first:
                    raise BadValue(f"{indicator} for {region} and {period} is also in {first} (that one is kept)")
            except BadValue as exc:
                result.rejected.append(f"{path.name} row {n}: {exc}")
                continue
            seen[(indicator, region, period)] = f"{path.name} row {n}"
            result.observations.append(Observation(indicator, period, value, region))

    def _indicator(self, text: str) -> str:
        """The catalogue's id for ``text``: the id itself, or the id typed in capitals; else BadValue with the id
        its name (or a near miss) suggests, so that the clerk's file and row go with the reason."""
        if self._indicators is None or text in self._indicators:
            return text
        from ioc_core.indicators.indicator_store import unknown

        lower = text.lower()
        if lower in self._indicators:
            return lower
        raise BadValue(unknown("indicator", text, self._indicators))


def _read_format(doc: dict | None) -> FormatSpec:
    """The ``format`` object given to the constructor; its problems raise ValueError (the sources file reports it
    on the entry)."""
    spec = Spec(doc, "format", ["format"]) if doc is not None else None
    fmt = _format(spec)
    if spec is not None and spec.problems:
        raise ValueError("; ".join(f"{p.path}: {p.message}" for p in spec.problems))
    return fmt


def _format(spec: Spec | None) -> FormatSpec:
    """A drop folder's format settings: those of ``FormatSpec`` but the kind, which each file's bytes tell."""
    if spec is None:
        return FormatSpec(kind="excel")
    if spec.has("kind"):
        spec.problem("'kind' is not set for a drop folder: each file's kind is read from the file", "kind")
        spec.doc = {k: v for k, v in spec.doc.items() if k != "kind"}
    return FormatSpec.read(spec, default="excel")


def _is_header(texts: list[str]) -> bool:
    """A row holding the template's required columns (the header even when a column beside it has no name)."""
    return set(REQUIRED) <= {normalise_header(t) for t in texts}


def _missing(records: Table) -> list[str]:
    headers = {normalise_header(h) for h in records.headers}
    return [c for c in REQUIRED if c not in headers]


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _code(value) -> str:
    """An id or a commune code as text: 16681 typed as a number is "16681", not "16681.0"."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _cell_period(value):
    if isinstance(value, datetime):  # an Excel date cell
        return value.date() if value.time() == dtime(0) else value
    if isinstance(value, date):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)  # a year typed as a number
    if isinstance(value, str):
        text = value.strip()
        folded = normalise_header(text)
        quarter = _QUARTER.fullmatch(folded.replace("_", ""))
        if quarter:  # "Quý III/2025", "Q3/2025", "Quý 3 năm 2025": the quarter's first month
            number = _ROMAN.get(quarter[1]) or int(quarter[1])
            return f"{(number - 1) * 3 + 1:02d}/{quarter[2]}"
        for word in ("thang_", "nam_", "ngay_"):  # "Tháng 11/2025", "Năm 2025", "Ngày 22/11/2025"
            if folded.startswith(word):
                return text.split(None, 1)[1].strip() if len(text.split(None, 1)) == 2 else text
        return text
    return value


_QUARTER = re.compile(r"(?:quy|q)(iv|i{1,3}|[1-4])(?:[/.]|nam)?(\d{4})")
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}


# -- the template ----------------------------------------------------------------------------------------------------
def write_template(catalogue: Catalogue, sector: str | None, path: Path,
                   indicators: Sequence[str] | None = None) -> Path:
    """An Excel workbook (or a CSV when ``path`` ends in .csv) for one department to fill in: a title row, the
    header row, one line per indicator of ``sector`` (or the ``indicators`` named) with its id, name and unit
    filled in and locked, and a "Hướng dẫn" sheet saying how to fill it. Raises ValueError naming an unknown sector
    or indicator."""
    chosen = _template_indicators(catalogue, sector, indicators)
    path = Path(path)
    if path.suffix.lower() == ".csv":
        import csv

        text = io.StringIO(newline="")
        w = csv.writer(text)
        w.writerow(HEADERS_VI)
        for i in chosen:
            w.writerow([i.id, i.name_vi, i.unit, "", "", "", ""])
        return _write(path, text.getvalue().encode("utf-8-sig"))
    if path.suffix.lower() != ".xlsx":
        raise ValueError(f"the template is written as .xlsx (or .csv), not '{path.suffix or path.name}'")
    sectors = {i.sector for i in chosen}
    title = ", ".join(catalogue.sectors[s].name_vi for s in sorted(sectors) if s in catalogue.sectors)
    wb = Workbook()
    ws = wb.active
    ws.title = DATA_SHEET
    _data_sheet(ws, chosen, title, len(catalogue.regions))
    _guide_sheet(wb.create_sheet(GUIDE_SHEET), catalogue)
    data = io.BytesIO()
    wb.save(data)
    return _write(path, data.getvalue())


def _write(path: Path, data: bytes) -> Path:
    """The template written whole or not at all; a file to hand out, readable as any the technician saves (an
    existing one keeps its mode)."""
    write_bytes_atomic(path, data, mode=file_mode(path) or TEMPLATE_MODE)
    return path


def _template_indicators(catalogue: Catalogue, sector: str | None, ids: Sequence[str] | None) -> list:
    if ids:
        unknown = [i for i in ids if i not in catalogue.indicators]
        if unknown:
            raise ValueError(f"unknown indicator(s): {', '.join(unknown)}")
        chosen = [catalogue.indicators[i] for i in ids]
        if sector is not None and any(i.sector != sector for i in chosen):
            raise ValueError(f"indicator(s) not of sector '{sector}': "
                             f"{', '.join(i.id for i in chosen if i.sector != sector)}")
        return chosen
    if sector is None:
        raise ValueError("name a sector (--sector) or indicators (--indicators)")
    if sector not in catalogue.sectors:
        raise ValueError(f"unknown sector '{sector}' (known: {', '.join(sorted(catalogue.sectors))})")
    chosen = catalogue.of_sector(sector)
    if not chosen:
        raise ValueError(f"sector '{sector}' has no indicator")
    return chosen


_HEADER_ROW = 3
_GUIDE_REGIONS = 12  # header row of the region list on the guide sheet
_GREY = PatternFill("solid", fgColor="E7E6E6")
_HEAD = PatternFill("solid", fgColor="1F4E78")
_THIN = Side(style="thin", color="A6A6A6")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)


def _data_sheet(ws, chosen: list, title: str, regions: int) -> None:
    """``regions``: how many region codes the guide sheet lists (0: none, no list to choose from)."""
    width = len(HEADERS_VI)
    ws["A1"] = f"Biểu nhập số liệu — {title}"
    ws["A1"].font = Font(bold=True, size=14)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    ws["A2"] = ("Điền Kỳ báo cáo, Địa bàn (để trống = toàn tỉnh) và Giá trị; thêm dòng cho mỗi xã hoặc mỗi kỳ. "
                f"Xem trang \"{GUIDE_SHEET}\".")
    ws["A2"].font = Font(italic=True)
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=width)
    for c, text in enumerate(HEADERS_VI, start=1):
        cell = ws.cell(_HEADER_ROW, c, text)
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = _HEAD
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = _BOX
    first = _HEADER_ROW + 1
    last = first + len(chosen) + SPARE_ROWS - 1
    for r in range(first, last + 1):
        for c in range(1, width + 1):
            cell = ws.cell(r, c)
            cell.protection = Protection(locked=False)
            if c in (4, 5):
                cell.number_format = "@"  # text: "05/11/2026" is not turned into 11 May by an English Excel
    for r, ind in enumerate(chosen, start=first):
        for c, text in enumerate((ind.id, ind.name_vi, ind.unit), start=1):
            cell = ws.cell(r, c, text)
            cell.fill = _GREY
            cell.protection = Protection(locked=True)
        for c in range(1, width + 1):
            ws.cell(r, c).border = _BOX
    for col, w in zip("ABCDEFG", (26, 42, 10, 14, 14, 14, 30), strict=True):
        ws.column_dimensions[col].width = w
    ws.freeze_panes = ws.cell(first, 1)
    value = DataValidation(type="decimal", operator="between", formula1="-1E+15", formula2="1E+15",
                           allow_blank=True, showErrorMessage=True, errorTitle="Giá trị",
                           error="Giá trị phải là một số (gõ số, không gõ chữ).", showInputMessage=True,
                           promptTitle="Giá trị", prompt="Một số, ví dụ 1234 hoặc 87,5")
    value.add(f"F{first}:F{last}")
    period = DataValidation(allow_blank=True, showInputMessage=True, promptTitle="Kỳ báo cáo",
                            prompt="dd/mm/yyyy (ngày), mm/yyyy (tháng) hoặc yyyy (năm)")
    period.add(f"D{first}:D{last}")
    ws.add_data_validation(value)
    ws.add_data_validation(period)
    if regions:
        region = DataValidation(type="list", formula1=f"'{GUIDE_SHEET}'!$A${_GUIDE_REGIONS + 1}:"
                                                     f"$A${_GUIDE_REGIONS + regions}",
                                allow_blank=True, showErrorMessage=True, errorTitle="Địa bàn",
                                error=f"Mã địa bàn không có trong danh mục (trang \"{GUIDE_SHEET}\"); "
                                      "để trống cho toàn tỉnh.",
                                showInputMessage=True, promptTitle="Địa bàn",
                                prompt="Mã xã/phường; để trống cho toàn tỉnh")
        region.add(f"E{first}:E{last}")
        ws.add_data_validation(region)
    ws.protection.sheet = True  # no password: a guard against typing over the ids, not a lock
    ws.protection.insertRows = ws.protection.deleteRows = False  # (False: allowed)
    ws.protection.formatColumns = ws.protection.sort = ws.protection.autoFilter = False




def _guide_sheet(ws, catalogue: Catalogue) -> None:
    lines = [
        ("Hướng dẫn điền biểu nhập số liệu", True),
        (f"1. Chỉ điền vào trang \"{DATA_SHEET}\"; không đổi tên, thứ tự các cột và dòng tiêu đề.", False),
        ("2. Mã chỉ tiêu, Tên chỉ tiêu, Đơn vị đã điền sẵn; không sửa. Cần nhiều xã hoặc nhiều kỳ: thêm dòng, "
         "chép mã chỉ tiêu.", False),
        ("3. Kỳ báo cáo: dd/mm/yyyy cho số liệu ngày (22/11/2026), mm/yyyy cho tháng (11/2026), Quý III/2026 "
         "cho quý, yyyy cho năm (2026).", False),
        ("4. Địa bàn: mã xã/phường trong danh mục dưới đây; để trống khi số liệu là của toàn tỉnh.", False),
        ("5. Giá trị: gõ số (1234 hoặc 87,5), không gõ chữ, không thêm đơn vị hay dấu %. Ô trống: chưa có số "
         "liệu.", False),
        ("6. Dòng không có Kỳ báo cáo và Giá trị được bỏ qua. Dòng sai được báo lại kèm số dòng.", False),
        ("7. Lưu tệp (.xlsx) vào thư mục chia sẻ của Sở; hệ thống tự đọc.", False),
    ]
    for r, (text, bold) in enumerate(lines, start=1):
        ws.cell(r, 1, text).font = Font(bold=bold, size=14 if bold else 11)
    ws.column_dimensions["A"].width = 16
    ws.column_dimensions["B"].width = 40
    regions = sorted(catalogue.regions.items())
    if regions:
        ws.cell(_GUIDE_REGIONS, 1, "Mã địa bàn").font = Font(bold=True)
        ws.cell(_GUIDE_REGIONS, 2, "Tên địa bàn").font = Font(bold=True)
        for r, (code, name) in enumerate(regions, start=_GUIDE_REGIONS + 1):
            ws.cell(r, 1, code).number_format = "@"
            ws.cell(r, 2, name)
    ws.protection.sheet = True


def template_main(args) -> int:
    """``ioc-wall template --sector yte --out FILE.xlsx`` (or ``--indicators a,b``): 0 written, 1 the catalogue
    unusable or the file not written, 2 a wrong sector, indicator or file name."""
    from ioc_core.catalogue import load_catalogue

    ids = [i.strip() for i in args.indicators.split(",") if i.strip()] if args.indicators else None
    try:
        catalogue = load_catalogue()
        path = write_template(catalogue, args.sector, args.out, ids)
    except InvalidFile as exc:
        print(f"ioc-wall template: the indicator catalogue is unusable: {exc}", file=sys.stderr)
        return 1
    except ValueError as exc:
        print(f"ioc-wall template: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"ioc-wall template: cannot write {args.out}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    count = len(ids) if ids else len(catalogue.of_sector(args.sector))
    print(f"{path}: {count} indicators; fill in sheet '{DATA_SHEET}', see sheet '{GUIDE_SHEET}'")
    return 0
