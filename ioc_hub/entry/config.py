"""What departments enter by hand, by when, and where it comes from (Qt-free).

Entered: the catalogue's indicators whose ``calculationMethod`` is "manual" or "semiautomatic", plus those that
``entry.json`` in the hub's state folder names (by sector or by indicator; without the file, tourism's, which the
province's departments also enter by hand). Each entered indicator is entered in periods of one kind
(``entry_kind``): the finer of what one value describes and how often it is due (a year-to-date rate due monthly is
entered each month, its value standing for the year so far).

``entry.json`` (every key optional)::

    {"schema_version": 1,
     "sectors": ["dulich"],                     # whole sectors entered by hand beyond the catalogue's manual ones
     "indicators": ["hcc-chi-so-phuc-vu"],      # single indicators likewise
     "departments": {"ktxh": "Sở Tài chính"},   # who a sector's figures come from (messaged when late)
     "deadlines": {"month": {"day": 5}, "quarter": {"day": 10}, "year": {"month": 1, "day": 31},
                   "day": {"day": 1, "time": "10:00"}},
     "since": "2026-01-01",                     # periods before it are never reported missing
     "open_periods": {"day": 7, "month": 3}}    # periods offered in the form: the current and N-1 before

A deadline is the ``day``-th day of the ``month``-th month after the period ends (for days and weeks: the ``day``-th
day after it ends), by ``time`` (Vietnam time; none: the end of that day).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path

from ioc_core.fmt import TZ
from ioc_core.indicators.observation import start_of
from ioc_core.jsonfile import read_json
from ioc_core.problems import InvalidFile, Problem, json_path

FILE_NAME = "entry.json"
SCHEMA_VERSION = 1
KINDS = ("day", "week", "month", "quarter", "year")
FREQUENCY_KIND = {"realtime": "day", "hourly": "day", "daily": "day", "weekly": "week", "monthly": "month",
                  "quarterly": "quarter", "yearly": "year"}
DEFAULT_SECTORS = ("dulich",)  # tourism: entered by hand in the provinces' own reports (issue 23)
DEPARTMENTS = {
    "ktxh": "Sở Kế hoạch và Đầu tư", "yte": "Sở Y tế", "giaoduc": "Sở Giáo dục và Đào tạo",
    "dulich": "Sở Văn hóa, Thể thao và Du lịch", "hcc": "Văn phòng UBND tỉnh", "vbdt": "Văn phòng UBND tỉnh",
    "pakn": "Văn phòng UBND tỉnh", "attt": "Sở Khoa học và Công nghệ", "antt": "Công an tỉnh",
    "moitruong": "Sở Nông nghiệp và Môi trường",
}
DEADLINES = {"day": {"day": 1, "time": "10:00"}, "week": {"day": 2, "time": "10:00"}, "month": {"day": 5},
             "quarter": {"day": 10}, "year": {"month": 1, "day": 31}}
OPEN_PERIODS = {"day": 7, "week": 4, "month": 4, "quarter": 4, "year": 2}
ROMAN = ("I", "II", "III", "IV")
_TIME = re.compile(r"([01]\d|2[0-3]):([0-5]\d)")


def entry_kind(ind) -> str | None:
    """The kind of period an indicator is entered in; None: a measurement at a moment, never entered by hand."""
    if ind.period not in KINDS:
        return None
    due = FREQUENCY_KIND.get(ind.frequency, ind.period)
    return min(ind.period, due, key=KINDS.index)


@dataclass(frozen=True)
class Period:
    """One period of entry: its kind and first day. ``stored`` is how the store keeps it ("2026-11-01")."""

    kind: str
    start: date

    @property
    def stored(self) -> str:
        return self.start.isoformat()

    @property
    def key(self) -> str:
        """"2026-11", "2026-Q4", "2026", "2026-11-23", "2026-W48": the period named unambiguously."""
        s = self.start
        if self.kind == "month":
            return f"{s.year}-{s.month:02d}"
        if self.kind == "quarter":
            return f"{s.year}-Q{(s.month - 1) // 3 + 1}"
        if self.kind == "year":
            return str(s.year)
        if self.kind == "week":
            y, w, _ = s.isocalendar()
            return f"{y}-W{w:02d}"
        return s.isoformat()

    @property
    def label(self) -> str:
        """Vietnamese: "tháng 11/2026", "quý IV/2026", "năm 2026", "ngày 23/11/2026", "tuần 48/2026"."""
        s = self.start
        if self.kind == "month":
            return f"tháng {s.month:02d}/{s.year}"
        if self.kind == "quarter":
            return f"quý {ROMAN[(s.month - 1) // 3]}/{s.year}"
        if self.kind == "year":
            return f"năm {s.year}"
        if self.kind == "week":
            y, w, _ = s.isocalendar()
            return f"tuần {w}/{y}"
        return f"ngày {s.strftime('%d/%m/%Y')}"

    def end(self) -> date:
        """The first day after the period."""
        return self.shift(1).start

    def shift(self, n: int) -> Period:
        """The period ``n`` after this one (before it when negative)."""
        s = self.start
        if self.kind == "day":
            return Period("day", s + timedelta(days=n))
        if self.kind == "week":
            return Period("week", s + timedelta(days=7 * n))
        months = {"month": 1, "quarter": 3, "year": 12}[self.kind] * n
        y, m = divmod(s.month - 1 + months, 12)
        return Period(self.kind, date(s.year + y, m + 1, 1))

    @classmethod
    def containing(cls, day: date, kind: str) -> Period:
        return cls(kind, start_of(day, kind))

    def to_json(self) -> dict:
        return {"period": self.stored, "kind": self.kind, "key": self.key, "label": self.label}


class PeriodError(ValueError):
    """A period that cannot be read; the message is Vietnamese, for the person who typed it."""


_KEY_FORMS = (
    (re.compile(r"(\d{4})-Q([1-4])"), "quarter", lambda m: date(int(m[1]), 3 * int(m[2]) - 2, 1)),
    (re.compile(r"(\d{4})-W(\d{2})"), "week", lambda m: date.fromisocalendar(int(m[1]), int(m[2]), 1)),
    (re.compile(r"(\d{4})-(\d{2})"), "month", lambda m: date(int(m[1]), int(m[2]), 1)),
    (re.compile(r"(\d{4})"), "year", lambda m: date(int(m[1]), 1, 1)),
)
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def parse_period(text, kinds: tuple[str, ...] | list[str], kind: str | None = None) -> Period:
    """A period as a person or a page names it: "2026-11" (month), "2026-Q4", "2026", "2026-W48", or a first day as
    the store keeps it ("2026-11-01": the kind given, else the only one of ``kinds`` it starts; a day when ``kinds``
    has days). ``kinds``: the kinds the sector is entered in."""
    if not isinstance(text, str) or not text.strip():
        raise PeriodError("chưa ghi kỳ số liệu (ví dụ 2026-11, 2026-Q4, 2026)")
    text = text.strip()
    if kind is not None and kind not in KINDS:
        raise PeriodError(f"loại kỳ '{kind}' không có (chỉ có: {', '.join(KINDS)})")
    for pattern, form_kind, start in _KEY_FORMS:
        m = pattern.fullmatch(text)
        if m:
            try:
                period = Period(form_kind, start(m))
            except ValueError:
                raise PeriodError(f"kỳ '{text}' không có thật") from None
            if kind is not None and kind != form_kind:
                raise PeriodError(f"kỳ '{text}' là {period.label}, không phải kỳ loại '{kind}'")
            return period
    if not _DATE.fullmatch(text):
        raise PeriodError(f"không đọc được kỳ '{text}' (ghi như 2026-11, 2026-Q4, 2026 hoặc 2026-11-23)")
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise PeriodError(f"ngày '{text}' không có thật") from None
    if kind is not None:
        if start_of(day, kind) != day:
            raise PeriodError(f"ngày {day.strftime('%d/%m/%Y')} không phải ngày đầu của một kỳ loại '{kind}'")
        return Period(kind, day)
    fits = [k for k in kinds if start_of(day, k) == day]
    if "day" in fits or (not fits and not kinds):
        return Period("day", day)
    if len(fits) == 1:
        return Period(fits[0], day)
    if not fits:
        raise PeriodError(f"ngày {day.strftime('%d/%m/%Y')} không mở đầu kỳ nào của lĩnh vực này (nhập theo: "
                          f"{', '.join(kinds)})")
    names = " hay ".join(Period(k, day).key + f" ({Period(k, day).label})" for k in fits)
    raise PeriodError(f"kỳ {text} chưa rõ: {names}?")


@dataclass(frozen=True)
class Deadline:
    month: int = 1  # the month-th month after the period (month, quarter, year)
    day: int = 1  # the day-th day of that month (days, weeks: the day-th day after the period)
    at: time | None = None  # by this time of that day; None: by its end

    def due(self, period: Period) -> datetime:
        """The moment the period's figures are late after."""
        end = period.end()
        if period.kind in ("day", "week"):
            day = end + timedelta(days=self.day - 1)
        else:
            y, m = divmod(end.month - 1 + self.month - 1, 12)
            first = date(end.year + y, m + 1, 1)
            last = (Period("month", first).end() - timedelta(days=1)).day
            day = first.replace(day=min(self.day, last))
        if self.at is None:
            return datetime.combine(day + timedelta(days=1), time(0, 0), TZ)
        return datetime.combine(day, self.at, TZ)

    def shown(self, period: Period) -> str:
        """"05/11/2026" or "10:00 24/11/2026": the deadline as the messages and the health view say it."""
        due = self.due(period)
        if self.at is None:
            return (due - timedelta(days=1)).strftime("%d/%m/%Y")
        return due.strftime("%H:%M %d/%m/%Y")


@dataclass
class EntryConfig:
    sectors: tuple[str, ...] = DEFAULT_SECTORS
    indicators: tuple[str, ...] = ()
    departments: dict[str, str] = field(default_factory=lambda: dict(DEPARTMENTS))
    deadlines: dict[str, Deadline] = field(default_factory=dict)
    since: date | None = None
    open_periods: dict[str, int] = field(default_factory=lambda: dict(OPEN_PERIODS))

    def __post_init__(self):
        for kind, spec in DEADLINES.items():
            self.deadlines.setdefault(kind, _deadline(spec))

    def entered(self, catalogue) -> dict[str, list]:
        """Sector -> its indicators entered by hand (catalogue order), each with a kind of period."""
        out: dict[str, list] = {}
        for ind in catalogue.indicators.values():
            if entry_kind(ind) is None:
                continue
            if ind.method in ("manual", "semiautomatic") or ind.sector in self.sectors or ind.id in self.indicators:
                out.setdefault(ind.sector, []).append(ind)
        return out

    def department(self, sector: str) -> str:
        return self.departments.get(sector, "")


def _deadline(spec: dict) -> Deadline:
    at = spec.get("time")
    if at is not None:
        m = _TIME.fullmatch(at)
        at = time(int(m[1]), int(m[2]))
    return Deadline(spec.get("month", 1), spec.get("day", 1), at)


def parse_config(doc, file: str, catalogue) -> EntryConfig:
    """``entry.json`` read; every problem named by file, path and what is wrong (InvalidFile)."""
    problems: list[Problem] = []

    def bad(path: list, text: str) -> None:
        problems.append(Problem(file, json_path(path), text))

    if not isinstance(doc, dict):
        raise InvalidFile([Problem(file, "$", "entry.json must be a JSON object")])
    known = {"schema_version", "sectors", "indicators", "departments", "deadlines", "since", "open_periods", "note"}
    for key in sorted(set(doc) - known):
        bad([key], f"unknown key '{key}' (known: {', '.join(sorted(known))})")
    if doc.get("schema_version", SCHEMA_VERSION) != SCHEMA_VERSION:
        bad(["schema_version"], f"schema_version must be {SCHEMA_VERSION}")
    cfg = EntryConfig()
    sectors = doc.get("sectors", list(DEFAULT_SECTORS))
    if not isinstance(sectors, list):
        bad(["sectors"], "expected a list of sector ids")
        sectors = []
    for i, s in enumerate(sectors):
        if s not in catalogue.sectors:
            bad(["sectors", i], f"unknown sector '{s}' (known: {', '.join(catalogue.sectors)})")
    indicators = doc.get("indicators", [])
    if not isinstance(indicators, list):
        bad(["indicators"], "expected a list of indicator ids")
        indicators = []
    for i, ind in enumerate(indicators):
        if ind not in catalogue.indicators:
            bad(["indicators", i], f"unknown indicator '{ind}'")
        elif entry_kind(catalogue.indicators[ind]) is None:
            bad(["indicators", i], f"'{ind}' is a measurement at a moment: it cannot be entered by period")
    departments = doc.get("departments", {})
    if not isinstance(departments, dict):
        bad(["departments"], 'expected {"<sector>": "<department>"}')
        departments = {}
    for s, name in departments.items():
        if s not in catalogue.sectors:
            bad(["departments", s], f"unknown sector '{s}'")
        elif not isinstance(name, str) or not name.strip() or len(name) > 120:
            bad(["departments", s], "the department's name must be text of 1 to 120 characters")
    deadlines = doc.get("deadlines", {})
    if not isinstance(deadlines, dict):
        bad(["deadlines"], 'expected {"month": {"day": 5}, ...}')
        deadlines = {}
    for kind, spec in deadlines.items():
        at = ["deadlines", kind]
        if kind not in KINDS:
            bad(at, f"unknown period kind '{kind}' (known: {', '.join(KINDS)})")
            continue
        if not isinstance(spec, dict) or set(spec) - {"month", "day", "time"}:
            bad(at, 'expected {"month": 1..12, "day": 1..31, "time": "HH:MM"} (each optional)')
            continue
        for key, top in (("month", 12), ("day", 31)):
            v = spec.get(key, 1)
            if isinstance(v, bool) or not isinstance(v, int) or not 1 <= v <= top:
                bad([*at, key], f"{key} must be a whole number from 1 to {top}")
        if "time" in spec and (not isinstance(spec["time"], str) or not _TIME.fullmatch(spec["time"])):
            bad([*at, "time"], "time must be HH:MM (00:00 to 23:59), Vietnam time")
    since = doc.get("since")
    if since is not None:
        try:
            since = date.fromisoformat(since) if isinstance(since, str) else None
        except ValueError:
            since = None
        if since is None:
            bad(["since"], "since must be a date, YYYY-MM-DD")
    opened = doc.get("open_periods", {})
    if not isinstance(opened, dict):
        bad(["open_periods"], 'expected {"month": 4, ...}')
        opened = {}
    for kind, n in opened.items():
        if kind not in KINDS:
            bad(["open_periods", kind], f"unknown period kind '{kind}'")
        elif isinstance(n, bool) or not isinstance(n, int) or not 1 <= n <= 60:
            bad(["open_periods", kind], "a whole number of periods from 1 to 60")
    if problems:
        raise InvalidFile(problems)
    cfg.sectors = tuple(sectors)
    cfg.indicators = tuple(indicators)
    cfg.departments.update({s: n.strip() for s, n in departments.items()})
    cfg.deadlines.update({k: _deadline(v) for k, v in deadlines.items()})
    cfg.since = since
    cfg.open_periods.update(opened)
    return cfg


def load_config(state_dir: Path, catalogue) -> EntryConfig:
    """The state folder's ``entry.json``, or the defaults when there is none (InvalidFile when it is wrong)."""
    path = Path(state_dir) / FILE_NAME
    if not path.exists():
        return EntryConfig()
    return parse_config(read_json(path, str(path)), str(path), catalogue)
