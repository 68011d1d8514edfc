"""Spreadsheet drop: CSV and Excel files that departments fill in by hand, read from a folder.

The template (one per sector, written by ``write_template``) has four columns; headers may be written with or
without Vietnamese diacritics and in any case:

    ma_chi_tieu | ky_bao_cao | dia_ban | gia_tri
    (indicator id) (period: dd/mm/yyyy, mm/yyyy, yyyy or ISO) (commune code; empty = whole province) (value)

Other columns (the template's ``ten_chi_tieu`` and ``don_vi``, notes) are ignored. Values may use Vietnamese
number format ("1.234,5", "19.000"). Every rejected row is reported with its file, row number (as the
spreadsheet shows it) and reason; a file that cannot be read does not stop the others.
"""

from __future__ import annotations

import unicodedata
from datetime import datetime
from datetime import time as dtime
from pathlib import Path

import pandas as pd
import requests

from wall.catalogue import Catalogue
from wall.indicators.observation import PROVINCE, BadValue, Observation, parse_number, parse_period
from wall.sources.base import FetchResult, Source, SourceFileError, register

COLUMNS = ("ma_chi_tieu", "ky_bao_cao", "dia_ban", "gia_tri")
REQUIRED = ("ma_chi_tieu", "ky_bao_cao", "gia_tri")
SUFFIXES = (".csv", ".xlsx", ".xls")


def normalise_header(text) -> str:
    """"Mã chỉ tiêu" -> "ma_chi_tieu"."""
    flat = unicodedata.normalize("NFD", str(text).strip().lower().replace("đ", "d"))
    flat = "".join(ch for ch in flat if unicodedata.category(ch) != "Mn")
    return "_".join(flat.replace("-", " ").split())


@register
class SpreadsheetSource(Source):
    kind = "spreadsheet"

    def __init__(self, id: str, folder: str | Path, timeouts=None):
        super().__init__(id, timeouts)
        self.folder = Path(folder)

    def fetch(self, session: requests.Session | None = None) -> list[tuple[Path, pd.DataFrame | str]]:
        if not self.folder.is_dir():
            raise SourceFileError(f"drop folder {self.folder} does not exist")
        files = sorted(p for p in self.folder.iterdir() if p.suffix.lower() in SUFFIXES and not p.name.startswith(
            ("~$", ".~lock")))  # Excel's and LibreOffice's lock files
        out = []
        for path in files:
            try:
                out.append((path, _read(path)))
            except SourceFileError as exc:
                out.append((path, str(exc)))
        return out

    def parse(self, raw: list[tuple[Path, pd.DataFrame | str]]) -> FetchResult:
        result = FetchResult()
        broken = []
        for path, frame in raw:
            if isinstance(frame, str):
                broken.append(frame)
                result.rejected.append(frame)
                continue
            self._rows(path, frame, result)
        if raw and len(broken) == len(raw):
            raise SourceFileError("; ".join(broken))
        return result

    def _rows(self, path: Path, frame: pd.DataFrame, result: FetchResult) -> None:
        for n, row in enumerate(frame.itertuples(index=False), start=2):  # row 1 holds the headers
            rec = row._asdict()
            if all(_blank(v) for v in rec.values()):
                continue
            try:
                indicator = str(rec["ma_chi_tieu"]).strip()
                if _blank(rec["ma_chi_tieu"]):
                    raise BadValue("indicator id (ma_chi_tieu) is empty")
                period = parse_period(_cell_text(rec["ky_bao_cao"]))
                region = PROVINCE if _blank(rec.get("dia_ban")) else str(rec["dia_ban"]).strip()
                value = parse_number(_cell_value(rec["gia_tri"]), vietnamese=True)
            except BadValue as exc:
                result.rejected.append(f"{path.name} row {n}: {exc}")
                continue
            result.observations.append(Observation(indicator, period, value, region))


def _read(path: Path) -> pd.DataFrame:
    try:
        if path.suffix.lower() == ".csv":
            frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
        else:
            frame = pd.read_excel(path, dtype=object)
    except PermissionError:
        raise SourceFileError(f"{path.name}: cannot open (locked or no permission)") from None
    except (ValueError, OSError, KeyError) as exc:
        raise SourceFileError(f"{path.name}: not a readable {path.suffix} file ({type(exc).__name__})") from None
    except Exception as exc:  # zip and XML errors from a corrupt workbook
        raise SourceFileError(f"{path.name}: corrupt file ({type(exc).__name__})") from None
    frame.columns = [normalise_header(c) for c in frame.columns]
    missing = [c for c in REQUIRED if c not in frame.columns]
    if missing:
        raise SourceFileError(f"{path.name}: missing column(s) {', '.join(missing)} (found: "
                              f"{', '.join(map(str, frame.columns))}); use the template")
    if "dia_ban" not in frame.columns:
        frame["dia_ban"] = ""
    return frame[list(COLUMNS)]


def _blank(value) -> bool:
    return value is None or (isinstance(value, float) and pd.isna(value)) or str(value).strip() == ""


def _cell_text(value):
    if isinstance(value, datetime):  # an Excel date cell (pandas Timestamp included)
        return value.date() if value.time() == dtime(0) else value
    if isinstance(value, float) and value.is_integer():
        return int(value)  # a year typed as a number
    return value if not isinstance(value, str) else value.strip()


def _cell_value(value):
    return None if _blank(value) else value


def write_template(catalogue: Catalogue, sector: str, path: Path) -> Path:
    """A CSV template for one sector: one line per indicator, ready to fill in."""
    rows = [{"ma_chi_tieu": i.id, "ten_chi_tieu": i.name_vi, "don_vi": i.unit, "ky_bao_cao": "", "dia_ban": "",
             "gia_tri": ""} for i in catalogue.of_sector(sector)]
    if not rows:
        raise ValueError(f"unknown sector '{sector}'")
    pd.DataFrame(rows).to_csv(path, index=False, encoding="utf-8-sig")
    return path
