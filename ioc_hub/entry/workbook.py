"""The department's Excel template and the reading of one filled in (Qt-free, openpyxl).

The template: a title, the sector and period it is for, a header, one row per indicator (commune indicators: one per
commune), the unit and the valid range, an empty value column. Every text cell is written as text: one that begins
with = + - @ gets Excel's leading apostrophe (quotePrefix), so no spreadsheet ever runs it as a formula.

Reading an upload, before openpyxl sees it: a .xlsx is a zip; its entries are counted and their sizes added from the
zip's directory (more than ``MAX_PARTS`` entries or ``MAX_UNZIPPED`` bytes unpacked: refused as a zip bomb; zipfile
never unpacks past an entry's declared size). Then openpyxl reads it read-only with the formulas as written: a cell
holding a formula is refused, naming its sheet and cell (a figure must be the number the department stands by, not
something a spreadsheet computed from cells nobody checks)."""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile

from ioc_core import fmt
from ioc_core.indicators.observation import PROVINCE, fold
from ioc_hub.entry.checks import shown_range

SHEET = "Số liệu"
HEADER = ("Mã chỉ tiêu", "Tên chỉ tiêu", "Mã đơn vị", "Tên đơn vị", "Đơn vị tính", "Khoảng hợp lệ", "Giá trị")
VALUE_COLUMN = 7  # G
HEADER_ROW = 4
MAX_PARTS = 200
MAX_UNZIPPED = 20 * 1024 * 1024
MAX_SHEET_ROWS = 10_000
ZIP_MAGIC = b"PK\x03\x04"
RISKY = ("=", "+", "-", "@", "\t", "\r")


class WorkbookError(ValueError):
    """An upload refused as a whole; ``problems`` as the checks give them ({"row", "field", "problem"})."""

    def __init__(self, text: str, cell: str | None = None):
        super().__init__(text)
        self.problems = [{"row": cell, "field": "file", "problem": text}]


def _text(ws, row: int, col: int, value) -> None:
    cell = ws.cell(row=row, column=col)
    if isinstance(value, str):
        cell.value = value
        cell.data_type = "s"  # never a formula, whatever it begins with
        if value.startswith(RISKY):
            cell.quotePrefix = True
    else:
        cell.value = value


def template(sector, period, indicators: list, communes: dict[str, str], department: str = "") -> bytes:
    """The .xlsx for ``sector``'s ``indicators`` (entered in ``period``'s kind), communes by code -> name."""
    import openpyxl
    from openpyxl.styles import Font, PatternFill

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = SHEET
    _text(ws, 1, 1, f"Báo cáo số liệu {sector.name_vi} — {period.label}")
    ws.cell(row=1, column=1).font = Font(bold=True, size=14)
    for col, value in enumerate(("Lĩnh vực", sector.id, "Kỳ", period.key, "Đơn vị báo cáo", department), 1):
        _text(ws, 2, col, value)
    _text(ws, 3, 1, "Chỉ ghi số vào cột Giá trị (ví dụ 5.238.802 hoặc 12,5); không dùng công thức; ô để trống là "
                    "chưa có số liệu.")
    for col, title in enumerate(HEADER, 1):
        _text(ws, HEADER_ROW, col, title)
        ws.cell(row=HEADER_ROW, column=col).font = Font(bold=True)
        ws.cell(row=HEADER_ROW, column=col).fill = PatternFill("solid", fgColor="DDEBF7")
    row = HEADER_ROW + 1
    for ind in indicators:
        regions = [(PROVINCE, "Toàn tỉnh")] if ind.region_level == "province" else list(communes.items())
        for code, name in regions:
            for col, value in enumerate((ind.id, ind.name_vi, code, name, ind.unit, shown_range(ind)), 1):
                _text(ws, row, col, value)
            row += 1
    for col, width in zip("ABCDEFG", (30, 48, 12, 30, 14, 18, 16), strict=True):
        ws.column_dimensions[col].width = width
    ws.freeze_panes = ws.cell(row=HEADER_ROW + 1, column=1)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def check_zip(body: bytes) -> None:
    """Refuse what is no workbook, or one that would unpack into too much (before openpyxl reads a byte)."""
    if not body.startswith(ZIP_MAGIC):
        raise WorkbookError("tệp không phải sổ tính Excel .xlsx (hãy lưu tệp dưới dạng .xlsx)")
    try:
        with zipfile.ZipFile(io.BytesIO(body)) as z:
            entries = z.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise WorkbookError("tệp .xlsx bị hỏng, không mở được") from None
    if len(entries) > MAX_PARTS:
        raise WorkbookError(f"tệp có {len(entries)} thành phần (tối đa {MAX_PARTS}): không nhận")
    unpacked = sum(e.file_size for e in entries)
    if unpacked > MAX_UNZIPPED:
        raise WorkbookError(f"tệp giải nén ra {fmt.number(unpacked / 1e6, 1)} MB (tối đa "
                            f"{MAX_UNZIPPED // (1024 * 1024)} MB): không nhận")


def read_upload(body: bytes, sector: str, period_key: str) -> list[dict]:
    """The rows filled in ({"indicator", "region", "value", "where"}), from the first sheet (or the one named
    ``SHEET``); WorkbookError for a file refused whole."""
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    check_zip(body)
    try:
        wb = openpyxl.load_workbook(io.BytesIO(body), read_only=True, data_only=False)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError):
        raise WorkbookError("tệp .xlsx bị hỏng, không mở được") from None
    except Exception:  # noqa: BLE001 (a damaged workbook's XML)
        raise WorkbookError("tệp .xlsx bị hỏng, không mở được") from None
    try:
        names = wb.sheetnames
        if not names:
            raise WorkbookError("sổ tính không có trang nào")
        ws = wb[SHEET] if SHEET in names else wb[names[0]]
        try:
            return _rows(ws, sector, period_key)
        except WorkbookError:
            raise
        except Exception:  # noqa: BLE001 (a damaged sheet's XML)
            raise WorkbookError(f"trang '{ws.title}' bị hỏng, không đọc được") from None
    finally:
        wb.close()


def _rows(ws, sector: str, period_key: str) -> list[dict]:
    header_at, rows, meta = None, [], {}
    for n, cells in enumerate(ws.iter_rows(), 1):
        if n > MAX_SHEET_ROWS:
            raise WorkbookError(f"trang '{ws.title}' có hơn {MAX_SHEET_ROWS} dòng")
        for cell in cells:
            if getattr(cell, "data_type", None) == "f":
                raise WorkbookError(f"ô {cell.coordinate} (trang '{ws.title}') chứa công thức: hãy ghi số, không "
                                    "ghi công thức", cell.coordinate)
        values = [_value(c) for c in cells]
        if header_at is None:
            if n == 2 and len(values) >= 4:
                meta = {"sector": values[1], "period": values[3]}
            if values and isinstance(values[0], str) and fold(values[0]) == fold(HEADER[0]):
                header_at = n
            continue
        if not any(v not in (None, "") for v in values):
            continue
        values += [None] * (VALUE_COLUMN - len(values))
        code, region, value = values[0], values[2], values[VALUE_COLUMN - 1]
        if value in (None, ""):
            continue  # not filled in: no figure for it this time
        rows.append({"indicator": code.strip() if isinstance(code, str) else code,
                     "region": str(region).strip() if region not in (None, "") else PROVINCE,
                     "value": value, "where": f"dòng {n}"})
    if header_at is None:
        raise WorkbookError(f"không thấy dòng tiêu đề ('{HEADER[0]}' ở cột A) trong trang '{ws.title}': hãy dùng "
                            "mẫu tải từ hệ thống")
    if meta.get("sector") not in (None, "") and str(meta["sector"]).strip() != sector:
        raise WorkbookError(f"tệp là mẫu của lĩnh vực '{meta['sector']}', không phải '{sector}'", "B2")
    if meta.get("period") not in (None, "") and str(meta["period"]).strip() != period_key:
        raise WorkbookError(f"tệp là mẫu của kỳ '{meta['period']}', không phải '{period_key}'", "D2")
    return rows


def _value(cell):
    value = getattr(cell, "value", None)
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        number_format = getattr(cell, "number_format", None) or ""
        if "%" in re.sub(r'"[^"]*"|\\.', "", number_format):  # 87,5 % is kept as 0.875: the percent is meant
            return round(value * 100, 10)
    return value
