"""From a decoded answer to observations, by configuration alone: selection, transformation, mapping.

    {"records": "data.affected_items",          # JMESPath to the records (default: the whole answer)
     "period": "date" | {"field": "date", "format": "%d/%m/%Y"} | {"year": "nam", "month": "thang"}
               | {"fixed": "2025-11"} | "now",
     "region": "agencyCode" | {"field": "ten_xa", "match": "name"} | {"fixed": "xa-001"},   # default: the province
     "values": {"hcc-ho-so-tiep-nhan": "receivedCount",
                "ktxh-dan-so": {"field": "dan_so", "scale": 1000},                        # "Nghìn người"
                "hcc-ty-le-dung-han": {"ratio": ["ontimeCount", "doneCount"], "scale": 100},
                "mt-pm25": {"key": "PM2.5"},                                              # a key with a dot
                "attt-canh-bao-nghiem-trong": {"count": "rule.level >= `12`"}},         # counted per period
     "missing": [0, "", "N/A"],                  # values that mean "no data" (an AQI of 0 is not clean air)
     "to_province": true,                        # commune values also make the province value (its aggregation)
     "decimal": ","}                             # text numbers: "," or "." is the decimal mark (default: guessed)

A source takes one ``mapping`` or several ``mappings`` (a feed keyed by series name: one mapping a series).
Expressions are JMESPath (jmespath.org), so filters, projections, ``length()`` and ``sum()`` work. A text that is
not an expression but has no JMESPath operator in it is a field's own name, as a table's header gives it ("Mã xã",
"PM2.5"), else a dotted path (``items.0.x``); inside an expression such a name is quoted (``"PM2.5" > `50```), and
``{"key": ...}`` always takes the name as it is.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime

import jmespath
from jmespath.exceptions import JMESPathError

from ioc_core import clock as wallclock
from ioc_core.catalogue import Catalogue
from ioc_core.fmt import TZ
from ioc_core.indicators.observation import PROVINCE, BadValue, Observation, fold, parse_number, parse_period, start_of
from ioc_core.problems import Severity
from ioc_core.sources.base import FetchResult, SourceFormatError
from ioc_core.sources.formats import read_number
from ioc_core.sources.spec import Spec

_MISSING = object()
MAPPING_KEYS = ("records", "period", "period_format", "region", "values", "missing", "to_province", "decimal")
_PLAIN = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
# no JMESPath operator in it: a field name as a table's header gives it ("Mã xã"), or a legacy dotted path
_LITERAL = re.compile(r"^[^\[\]|{}'`\"]+$")
# "1,234": 1.234 with a decimal comma, 1234 with a thousands comma; a mapping without "decimal" cannot tell
_AMBIGUOUS = re.compile(r"[+-]?[1-9]\d{0,2},\d{3}")
# a comparison or a logical operator: a condition with a slip in it, never a field's name
_OPERATOR = re.compile(r"[<>]|[=!]=|&&")
_BARE_NUMBER = re.compile(r"(?<![\w.`'\"])-?\d+(?:\.\d+)?(?![\w.`'\"])")


# -- expressions ---------------------------------------------------------------------------------------------------
def compile_expr(text: str) -> Callable:
    """A function of one record: a plain dotted path is read directly (fast), anything else through JMESPath.

    Raises ValueError with JMESPath's own words when the text is not an expression."""
    if text in ("", "@"):
        return lambda doc: doc
    parts = text.split(".")
    if all(_PLAIN.match(p) for p in parts):
        return _getter(parts)
    try:
        compiled = jmespath.compile(text)
    except JMESPathError as exc:
        if _LITERAL.match(text) and not _OPERATOR.search(text):  # "Mã xã", "PM2.5", "items.0.x": the key itself
            return _literal(text, parts)
        raise ValueError(_parse_error(text, exc)) from None
    return compiled.search


def _parse_error(text: str, exc: JMESPathError) -> str:
    """JMESPath's words without the expression it quotes below them, and the fix for the usual slip: a bare number
    ("rule.level >= 12": JMESPath wants `12`), which once read the whole text as a field's name and counted 0."""
    why = str(exc).splitlines()[0].removesuffix(", for expression:").rstrip(":")
    quoted = _BARE_NUMBER.sub(lambda m: f"`{m.group(0)}`", text)
    number = _BARE_NUMBER.search(text)
    if number:
        try:
            jmespath.compile(quoted)
        except JMESPathError:
            pass
        else:
            return (f"not a JMESPath expression ({why}): a number is written `{number.group(0)}` in JMESPath, "
                    f"as in: {quoted}")
    return f"not a JMESPath expression: {why}"


def _getter(parts: list[str]) -> Callable:
    """A plain path read directly; an absent key gives ``_MISSING`` (a null value gives None)."""
    if len(parts) == 1:
        key = parts[0]
        return lambda doc: doc.get(key, _MISSING) if isinstance(doc, dict) else _MISSING

    def get(doc):
        for p in parts:
            if isinstance(doc, dict):
                doc = doc.get(p, _MISSING)
            elif isinstance(doc, list) and p.isdigit() and int(p) < len(doc):
                doc = doc[int(p)]
            else:
                return _MISSING
        return doc

    return get


def _literal(text: str, parts: list[str]) -> Callable:
    path = _getter(parts) if len(parts) > 1 else None

    def get(doc):
        if isinstance(doc, dict) and text in doc:
            return doc[text]
        return path(doc) if path is not None else _MISSING

    return get


def _absent(value) -> bool:
    return value is None or value is _MISSING


# -- the parts of a mapping ----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class ValueSpec:
    indicator: str
    get: Callable | None = None  # the number's field; None for a count
    ratio: tuple[Callable, Callable] | None = None
    count: Callable | None = None  # a predicate: the record counts when it holds
    scale: float = 1.0
    weight: Callable | None = None  # for a weighted mean over communes
    missing: tuple = ()
    label: str = ""  # how the rejections name the field


@dataclass(frozen=True)
class PeriodSpec:
    get: Callable | None = None
    fmt: str | None = None
    pattern: re.Pattern | None = None
    parts: dict[str, Callable] = field(default_factory=dict)  # year, quarter, month, day
    fixed: str | None = None
    now: bool = False
    label: str = ""


@dataclass(frozen=True)
class RegionSpec:
    get: Callable | None = None
    fixed: str | None = None
    match: str = "auto"  # code | name | auto
    province: tuple[str, ...] = ()  # texts that mean the whole province ("Toàn tỉnh")
    label: str = ""


class Mapping:
    """One record set of an answer mapped to observations (see the module's docstring)."""

    def __init__(self, spec: Spec, catalogue: Catalogue | None):
        self.catalogue = catalogue
        spec.known(MAPPING_KEYS)
        self.records_label = spec.text("records", "@") or "@"
        self.records = _expr(spec, "records", self.records_label)
        self.period = _period(spec)
        self.region = _region(spec, catalogue)
        self.missing = tuple(spec.raw("missing", ()) or ()) if isinstance(spec.raw("missing", ()), list) else ()
        if spec.has("missing") and not isinstance(spec.raw("missing"), list):
            spec.problem("'missing' must be a list of values that mean no data", "missing")
        self.to_province = spec.flag("to_province")
        self.decimal = spec.text("decimal", None, choices=(",", "."))
        self.hand_filled = False  # text numbers as a clerk types them (the drop folder's reader): see numbers_as
        self.values = _values(spec, catalogue, self.missing)
        self._check_granularity(spec)
        if self.to_province:
            self._check_aggregations(spec)
        self._names = RegionNames(catalogue.regions if catalogue else {})
        self._periods: dict = {}
        self._codes: dict[str, str] = {}

    def _check_aggregations(self, spec: Spec) -> None:
        if self.catalogue is None:
            return
        for v in self.values:
            ind = self.catalogue.indicators.get(v.indicator)
            if ind is None:
                continue
            if ind.aggregation == "last":
                spec.problem(f"'{v.indicator}' has aggregation 'last': its province value cannot be made from "
                             "communes (give it its own province figure, or change its aggregation)", "to_province")
            if ind.aggregation == "weighted_mean" and v.weight is None:
                spec.problem(f"'{v.indicator}' has aggregation 'weighted_mean': its value needs a 'weight' field",
                             "values")

    def numbers_as(self, decimal: str | None, hand_filled: bool = False) -> None:
        """Text numbers read as the source's format says: its ``decimal`` mark (the mapping's own wins) and, for a
        workbook a clerk filled in, the drop folder's reader ("12.500" is twelve thousand five hundred there)."""
        self.decimal = self.decimal or decimal
        self.hand_filled = hand_filled

    # -- applying ----------------------------------------------------------------------------------------------
    def apply(self, doc, where: str, now: float | None = None) -> FetchResult:
        try:
            selected = self.records(doc)
        except (JMESPathError, TypeError) as exc:  # jmespath compares a text with a number by raising TypeError
            raise SourceFormatError(f"{where}: records '{self.records_label}' cannot be selected: {exc}") from None
        if _absent(selected):
            raise SourceFormatError(f"{where}: expected a list of records at '{self.records_label}', found nothing")
        if selected == [] and all(v.count is None for v in self.values):  # counts of nothing are 0s: stored
            # nothing to store, which is no success to show as "ok": a filter that no longer matches the system's
            # names ("[?TEN == 'Nghệ An']" once it writes "Tỉnh Nghệ An") is said, fetch after fetch
            return FetchResult(rejected=[f"no records at {self.records_label!r} in the answer{self._offered(doc)}"])
        return self.apply_records(selected if isinstance(selected, list) else [selected], where, now)

    def _check_granularity(self, spec: Spec) -> None:
        """A period built from a year and a month (or a quarter, or a year alone) is a whole month; fed to an
        indicator counted by day, each month's figure is stored as its first day's (and is old data from the
        second day). A warning on the period: the technician maps to an indicator of that period or asks the
        system for days."""
        parts = self.period.parts
        if not parts or "day" in parts or self.catalogue is None:
            return
        built = "month" if "month" in parts else "quarter" if "quarter" in parts else "year"
        order = {"instant": 0, "day": 1, "week": 2, "month": 3, "quarter": 4, "year": 5}
        finer = [v.indicator for v in self.values if v.indicator in self.catalogue.indicators
                 and order.get(self.catalogue.indicators[v.indicator].period, 9) < order[built]]
        if finer:
            kinds = [("moment" if k == "instant" else k) for k in sorted(
                {self.catalogue.indicators[i].period for i in finer}, key=order.get)]
            spec.problem(f"the period built from {' and '.join(parts)} is a whole {built}, but {', '.join(finer)} "
                         f"{'describes' if len(finer) == 1 else 'describe'} a {' or a '.join(kinds)}: each {built}'s "
                         f"figure would be stored as its first {kinds[0]}'s", "period", Severity.WARNING)

    def _offered(self, doc) -> str:
        """What a filter that matched nothing ran over: how many records and their fields, so that a misspelt field
        or value ("Dia phuong" for "Địa phương") shows against what the system sends."""
        label = self.records_label
        if "[?" not in label:
            return ""
        try:
            base = compile_expr(label.split("[?", 1)[0].rstrip("."))(doc)
        except (ValueError, JMESPathError):
            return ""
        if not isinstance(base, list) or not base or not isinstance(base[0], dict):
            return ""
        fields = list(base[0])
        shown = ", ".join(str(f) for f in fields[:8]) + (", ..." if len(fields) > 8 else "")
        n = len(base)
        return f" (none of {'its' if n > 1 else 'the'} {n} record{'s' if n > 1 else ''} matched; fields: {shown})"

    @property
    def plain_records(self) -> str | None:
        """The records' path when it is a plain dotted one ("data.items"): an answer can then be read record by
        record without holding the whole document (``apply_records``); None otherwise."""
        label = self.records_label
        if label in ("@", ""):
            return ""
        return label if all(_PLAIN.match(p) for p in label.split(".")) else None

    def apply_records(self, records, where: str, now: float | None = None) -> FetchResult:
        """The mapping over records already selected (a list, or an iterator read as the answer streams in)."""
        result, counts, weights = FetchResult(), defaultdict(float), {}
        now = wallclock.now_s() if now is None else now
        self._periods, self._codes = {}, {}  # a batch repeats a few periods and communes for many records
        seen = 0
        for n, record in enumerate(records):
            seen += 1
            self._record(record, _row_name(record, n), now, result, counts, weights)
        if not seen and self.period.parts == {} and self.period.get is None and self.region.get is None:
            # no record at all, for a period of the settings or the clock and one region: each count is 0 there
            region = self.region.fixed if self.region.fixed is not None else PROVINCE
            for v in self.values:
                if v.count is not None:
                    counts[(v.indicator, region, self._period(None, v, now))] += 0.0
        for (indicator, region, period), total in counts.items():
            result.observations.append(Observation(indicator, period, total, region))
        if self.to_province:
            self._aggregate(result, weights)
        if seen and not result.observations and result.rejected:
            raise SourceFormatError(f"{where}: no usable record ({len(result.rejected)} rejected; first: "
                                    f"{result.rejected[0]})")
        return result

    def _record(self, record, name: str, now: float, result: FetchResult, counts, weights) -> None:
        if not isinstance(record, dict):
            if not isinstance(record, int | float | str) or len(self.values) != 1 or self.values[0].get is None:
                result.rejected.append(f"{name}: not an object")
                return
            record = _Scalar(record)  # a selection that gives a single number, e.g. length(...)
        try:
            base = self._base_period(record)
            region = self._region(record)
        except BadValue as exc:
            result.rejected.append(f"{name}: {exc}")
            return
        except (JMESPathError, TypeError) as exc:
            result.rejected.append(f"{name}: period or region {_unreadable(exc)}")
            return
        for v in self.values:
            period = self._period(base, v, now)
            if v.count is not None:  # a period and region seen count, 0 when none of its records matches
                try:
                    hit = _truthy(v.count(record))
                except (JMESPathError, TypeError) as exc:
                    result.rejected.append(f"{name}: {v.label}: {_unreadable(exc)}")
                    continue
                counts[(v.indicator, region, period)] += v.scale if hit else 0.0
                continue
            try:
                value = self._value(record, v)
            except BadValue as exc:
                result.rejected.append(f"{name}: {exc}")
                continue
            except (JMESPathError, TypeError) as exc:
                result.rejected.append(f"{name}: {v.label}: {_unreadable(exc)}")
                continue
            if value is None:
                continue
            result.observations.append(Observation(v.indicator, period, value, region))
            if v.weight is not None and (v.indicator, region, period) not in weights:  # the first, as the store
                try:
                    # read as the value is: "1,234" ambiguous, the mapping's decimal mark
                    weights[(v.indicator, region, period)] = self._number(v.weight(record), _NO_MISSING, "weight")
                except BadValue as exc:
                    result.rejected.append(f"{name}: weight of {v.indicator}: {exc}")

    def _value(self, record: dict, v: ValueSpec) -> float | None:
        if v.ratio is not None:
            num, den = (self._number(_plain(f(record)), v, v.label) for f in v.ratio)
            if num is None or den is None:
                return None
            if den == 0:
                raise BadValue(f"{v.label}: the denominator is 0")
            return num / den * v.scale
        raw = v.get(record.value if isinstance(record, _Scalar) else record) if v.get is not None else None
        number = self._number(raw, v, v.label)
        return None if number is None else number * v.scale

    def _number(self, raw, v: ValueSpec, what: str) -> float | None:
        if raw is _MISSING:
            raise BadValue(f"field '{what}' is missing")
        if raw is None and None in v.missing:
            return None
        if _is_missing(raw, v.missing):
            return None
        try:
            if isinstance(raw, str) and self.hand_filled:  # as the template's rows are read
                return read_number(raw, self.decimal)
            if isinstance(raw, str) and self.decimal == ",":  # "1.234,5", "12,5"; a lone "27.5" is still 27.5
                return parse_number(raw, vietnamese=True)
            if isinstance(raw, str) and self.decimal == ".":  # the drop folder's reader: "27,5" is no grouping
                return read_number(raw, ".")
            if isinstance(raw, str) and _AMBIGUOUS.fullmatch(raw.strip()):
                raise BadValue(f"'{raw.strip()}' is ambiguous (a decimal comma or a thousands comma?): set the "
                               "mapping's \"decimal\"")
            return parse_number(raw)
        except BadValue as exc:
            if raw is None or (isinstance(raw, str) and not raw.strip()):  # a station with no reading of it
                shown = "null" if raw is None else json.dumps(raw)
                raise BadValue(f"{what}: value is missing (if {shown} means no reading, list it in the mapping's "
                               "\"missing\")") from None
            raise BadValue(f"{what}: {exc}") from None

    def _base_period(self, record: dict) -> str | None:
        """The record's own period (None when it comes from the settings or the clock)."""
        p = self.period
        if p.fixed is not None or p.now:
            return None
        if p.parts:
            return _compose_period(record, p.parts)
        raw = p.get(record)
        if _absent(raw):
            raise BadValue(f"field '{p.label}' is missing")
        key = raw if isinstance(raw, str | int) else None
        if key is not None and key in self._periods:
            return self._periods[key]
        period = self._parse_period(raw)
        if key is not None:
            self._periods[key] = period
        return period

    def _parse_period(self, raw) -> str:
        p = self.period
        if p.pattern is not None and isinstance(raw, str):
            found = p.pattern.search(raw)
            if not found:
                raise BadValue(f"period {raw!r} does not match the pattern {p.pattern.pattern!r}")
            raw = found.group(1) if found.groups() else found.group(0)
            if raw.isdigit() and len(raw) == 4:
                raw = int(raw)
        if isinstance(raw, float) and raw.is_integer():  # a year in an .xls cell: 2026.0
            raw = int(raw)
        try:
            return parse_period(raw, p.fmt)
        except OverflowError:  # year 1 at +14:00 is before the first day Python knows
            raise BadValue(f"period {raw!r} is out of range") from None

    def _period(self, base: str | None, v: ValueSpec, now: float) -> str:
        if self.period.fixed is not None:
            return self.period.fixed
        kind = self._period_kind(v.indicator)
        if base is None:
            return period_containing(now, kind)
        if v.count is not None and kind != "instant":  # counted events group by their indicator's period
            return start_of(date.fromisoformat(base[:10]), kind).isoformat()  # base: a Vietnam date (and time)
        return base

    def _period_kind(self, indicator: str) -> str:
        ind = self.catalogue.indicators.get(indicator) if self.catalogue else None
        return ind.period if ind else "day"

    def _region(self, record: dict) -> str:
        r = self.region
        if r.fixed is not None:
            return r.fixed
        if r.get is None:
            return PROVINCE
        raw = r.get(record)
        if _absent(raw) or (isinstance(raw, str) and not raw.strip()):
            raise BadValue(f"field '{r.label}' is missing")
        text = str(int(raw)) if isinstance(raw, float) and raw.is_integer() else str(raw).strip()
        code = self._codes.get(text)
        if code is None:
            code = PROVINCE if fold(text) in {fold(p) for p in r.province} else self._names.code(text, r.match)
            self._codes[text] = code
        return code

    def _aggregate(self, result: FetchResult, weights: dict) -> None:
        """The province value of each indicator and period from the communes' values the store will keep: not one
        it refuses as implausible, the first of a commune sent twice (as the store keeps it), and none where the
        feed gives the province's own figure (that one stands)."""
        own = {(ob.indicator, self._day(ob)) for ob in result.observations if ob.region == PROVINCE}
        groups: dict[tuple[str, str], dict[str, tuple[float, float | None]]] = defaultdict(dict)
        for ob in result.observations:
            key = (ob.indicator, self._day(ob))
            if ob.region == PROVINCE or key in own or ob.region in groups[key]:
                continue
            ind = self.catalogue.indicators.get(ob.indicator) if self.catalogue else None
            if ind is not None and not ind.plausible(ob.value):
                continue  # refused by the store with its reason: not in the province's figure either
            groups[key][ob.region] = (ob.value, weights.get((ob.indicator, ob.region, ob.period)))
        for (indicator, period), by_region in groups.items():
            if not by_region:
                continue
            items = list(by_region.values())
            ind = self.catalogue.indicators.get(indicator) if self.catalogue else None
            how = ind.aggregation if ind else "sum"
            try:
                value = aggregate(how, items)
            except BadValue as exc:
                result.rejected.append(f"province value of {indicator} for {period}: {exc}")
                continue
            result.observations.append(Observation(indicator, period, value, PROVINCE, parts=len(items)))

    def _day(self, ob: Observation) -> str:
        """The period as the store keeps it: a time stands for its date unless the indicator is an instant one."""
        if "T" in ob.period and self._period_kind(ob.indicator) != "instant":
            return ob.period[:10]
        return ob.period


def aggregate(how: str, items: list[tuple[float, float | None]]) -> float:
    values = [v for v, _w in items]
    if how == "sum":
        return float(sum(values))
    if how == "mean":
        return float(sum(values) / len(values))
    if how == "min":
        return float(min(values))
    if how == "max":
        return float(max(values))
    if how == "weighted_mean":
        if any(w is None for _v, w in items):
            raise BadValue("a commune has no weight")
        total = sum(w for _v, w in items)
        if total == 0:
            raise BadValue("the weights add up to 0")
        return float(sum(v * w for v, w in items) / total)
    raise BadValue(f"aggregation '{how}' cannot make a province value from communes")


# -- periods -------------------------------------------------------------------------------------------------------
def period_containing(epoch: float, kind: str) -> str:
    """The start of the ``kind`` period (day, week, month, quarter, year; instant: the minute) holding ``epoch``."""
    t = datetime.fromtimestamp(epoch, TZ)
    if kind == "instant":
        return t.strftime("%Y-%m-%dT%H:%M")
    return start_of(t.date(), kind).isoformat()


def _compose_period(record: dict, parts: dict[str, Callable]) -> str:
    got = {}
    for name, get in parts.items():
        raw = _plain(get(record))
        if isinstance(raw, float) and raw.is_integer():  # an .xls cell holds 2025 as 2025.0: not "0" for a year
            raw = int(raw)
        digits = re.findall(r"\d+", str(raw)) if raw is not None else []
        if not digits:
            raise BadValue(f"period part '{name}' is {raw!r}, not a number")
        got[name] = int(digits[-1] if name == "year" else digits[0])
    year = got["year"]
    month = got.get("month") or ((got["quarter"] - 1) * 3 + 1 if "quarter" in got else 1)
    try:
        return date(year, month, got.get("day", 1)).isoformat()
    except ValueError:
        raise BadValue(f"period parts {got} are not a date") from None


# -- region names --------------------------------------------------------------------------------------------------
_PREFIXES = ("thi tran ", "phuong ", "xa ", "tt. ", "p. ", "x. ", "tt ", "p ", "x ")


def _bare(norm: str) -> str:
    for p in _PREFIXES:
        if norm.startswith(p):
            return norm[len(p):]
    return norm


def _one(codes: set[str]) -> str | None:
    """The code a name stands for; None when it names several. A name shared by one official (numeric) code and
    others, such as the demo's stand-ins for real units, stands for the official one."""
    if len(codes) == 1:
        return next(iter(codes))
    official = [c for c in codes if c.isdigit()]
    return official[0] if len(official) == 1 else None


class RegionNames:
    """Commune and ward codes by code and by name (diacritics, case and "Xã"/"Phường" ignored)."""

    def __init__(self, regions: dict[str, str]):
        self.regions = regions
        codes_of: dict[str, set[str]] = defaultdict(set)
        for code, name in regions.items():
            for key in {fold(name), _bare(fold(name))}:
                codes_of[key].add(code)
        self.by_name: dict[str, str | None] = {key: _one(codes) for key, codes in codes_of.items()}

    def code(self, text: str, match: str) -> str:
        if not self.regions or (match in ("code", "auto") and text in self.regions):
            return text
        if match in ("name", "auto"):
            key = fold(text)
            code = self.by_name.get(key, _MISSING)
            if code is _MISSING:
                code = self.by_name.get(_bare(key), _MISSING)
            if code is None:
                raise BadValue(f"region '{text}' names more than one commune or ward: use its code")
            if code is not _MISSING:
                return code
        what = "code" if match == "code" else "code or name"
        raise BadValue(f"region '{text}' is not a known commune or ward {what} (the catalogue's regions)")


# -- reading the settings ------------------------------------------------------------------------------------------
def _expr(spec: Spec, key: str, text: str | None) -> Callable:
    if text is None:
        return lambda doc: None
    if not text.strip() and key != "records":  # "" would read the whole record as the field's value
        spec.problem(f"'{key}' is empty: name a field or give an expression", key)
        return lambda doc: None
    try:
        return compile_expr(text)
    except ValueError as exc:
        spec.problem(f"'{text}' {exc}", key)
        return lambda doc: None


def _period(spec: Spec) -> PeriodSpec:
    raw = spec.raw("period", _MISSING)
    fmt = spec.text("period_format")
    if raw is _MISSING:
        spec.problem("'period' is required: a field, {\"year\": ..., \"month\": ...}, {\"fixed\": ...} or \"now\"",
                     "period")
        return PeriodSpec(fixed="1970-01-01")
    if raw == "now":
        return PeriodSpec(now=True, label="now")
    if isinstance(raw, str):
        return PeriodSpec(get=_expr(spec, "period", raw), fmt=fmt, label=raw)
    sub = spec.sub("period")
    if sub is None or not isinstance(raw, dict):
        return PeriodSpec(fixed="1970-01-01")
    if "fixed" in raw:
        sub.known({"fixed"})
        try:
            return PeriodSpec(fixed=parse_period(sub.text("fixed", required=True) or ""), label="fixed")
        except BadValue as exc:
            sub.problem(str(exc), "fixed")
            return PeriodSpec(fixed="1970-01-01")
    if "field" in raw:
        sub.known({"field", "format", "pattern"})
        text = sub.text("field", required=True) or ""
        pattern = sub.text("pattern")
        compiled = None
        if pattern:
            try:
                compiled = re.compile(pattern)
            except re.error as exc:
                sub.problem(f"'{pattern}' is not a regular expression: {exc}", "pattern")
        return PeriodSpec(get=_expr(sub, "field", text), fmt=sub.text("format") or fmt, pattern=compiled, label=text)
    sub.known({"year", "quarter", "month", "day"})
    if "year" not in raw:
        sub.problem("a period built from fields needs 'year' (and 'month', 'quarter' or 'day' as the data has)")
        return PeriodSpec(fixed="1970-01-01")
    parts = {k: _expr(sub, k, sub.text(k)) for k in ("year", "quarter", "month", "day") if k in raw}
    return PeriodSpec(parts=parts, label="+".join(parts))


def _region(spec: Spec, catalogue: Catalogue | None = None) -> RegionSpec:
    raw = spec.raw("region", _MISSING)
    if raw is _MISSING or raw is None:
        return RegionSpec()
    if isinstance(raw, str):
        return RegionSpec(get=_expr(spec, "region", raw), label=raw)
    sub = spec.sub("region")
    if sub is None or not isinstance(raw, dict):
        return RegionSpec()
    sub.known({"fixed", "field", "match", "province"})
    if "fixed" in raw:
        fixed = sub.text("fixed", required=True)
        if fixed and fixed != PROVINCE and catalogue is not None and catalogue.regions:
            try:  # a commune's name is its code, as in a region field; an unknown one is a problem here, not a
                fixed = RegionNames(catalogue.regions).code(fixed, "auto")  # rejected row on every fetch
            except BadValue as exc:
                sub.problem(str(exc), "fixed")
        return RegionSpec(fixed=fixed, label="fixed")
    text = sub.text("field", required=True) or ""
    return RegionSpec(get=_expr(sub, "field", text), match=sub.text("match", "auto", choices=("auto", "code", "name")),
                      province=sub.texts("province"), label=text)


def _values(spec: Spec, catalogue: Catalogue | None, missing: tuple) -> list[ValueSpec]:
    raw = spec.raw("values", _MISSING)
    if not isinstance(raw, dict) or not raw:
        spec.problem("'values' is required: an object of indicator id -> field", "values")
        return []
    sub = spec.sub("values")
    out = []
    for indicator, how in raw.items():
        if catalogue is not None and indicator not in catalogue.indicators:
            sub.problem(f"unknown indicator '{indicator}'{_suggest(indicator, catalogue)}", indicator)
            continue
        if isinstance(how, str):
            out.append(ValueSpec(indicator, get=_expr(sub, indicator, how), missing=missing, label=how))
            continue
        v = sub.sub(indicator)
        if v is None or not isinstance(how, dict):
            continue
        v.known({"field", "key", "ratio", "count", "scale", "weight", "missing"})
        scale = v.number("scale", 1.0)
        weight = _expr(v, "weight", v.text("weight")) if "weight" in how else None
        own_missing = tuple(how["missing"]) if isinstance(how.get("missing"), list) else missing
        if "missing" in how and not isinstance(how["missing"], list):
            v.problem("'missing' must be a list of values that mean no data", "missing")
        kinds = [k for k in ("field", "key", "ratio", "count") if k in how]
        if len(kinds) != 1:
            v.problem("give exactly one of 'field', 'key', 'ratio' or 'count'")
            continue
        kind = kinds[0]
        if kind == "field":
            text = v.text("field", required=True) or ""
            out.append(ValueSpec(indicator, get=_expr(v, "field", text), scale=scale, weight=weight,
                                 missing=own_missing, label=text))
        elif kind == "key":
            key = v.text("key", required=True) or ""
            out.append(ValueSpec(indicator, get=lambda r, k=key: r.get(k) if isinstance(r, dict) else None,
                                 scale=scale, weight=weight, missing=own_missing, label=key))
        elif kind == "ratio":
            pair = how["ratio"]
            if not (isinstance(pair, list) and len(pair) == 2 and all(isinstance(p, str) for p in pair)):
                v.problem("'ratio' must be [numerator field, denominator field]", "ratio")
                continue
            out.append(ValueSpec(indicator, ratio=(_expr(v, "ratio", pair[0]), _expr(v, "ratio", pair[1])),
                                 scale=scale, weight=weight, missing=own_missing, label=f"{pair[0]}/{pair[1]}"))
        else:
            cond = how["count"]
            if cond is True or cond == "":
                pred = lambda r: True  # noqa: E731
            elif isinstance(cond, str):
                pred = _expr(v, "count", cond)
            else:
                v.problem("'count' must be true or a JMESPath condition on a record", "count")
                continue
            out.append(ValueSpec(indicator, count=pred, scale=scale, label=f"count {cond}"))
    return out


def _suggest(text: str, catalogue: Catalogue) -> str:
    key = fold(text)
    for ind in catalogue.indicators.values():
        if key in (fold(ind.name_vi), fold(ind.name_en)):
            return f" (did you mean '{ind.id}', {ind.name_vi}?)"
    return ""


def _is_missing(raw, missing: tuple) -> bool:
    try:
        return raw in missing
    except TypeError:
        return False


class _Scalar(dict):
    """A selection that gave one number rather than records: the record is that number."""

    def __init__(self, value):
        super().__init__()
        self.value = value


def _unreadable(exc: Exception) -> str:
    """Why an expression could not be read from a record: JMESPath's words, or its comparison of a text with a
    number (which it raises as a TypeError where the specification gives null)."""
    if isinstance(exc, TypeError):
        return ("cannot be read from this record (it compares a text with a number: the system may send numbers "
                "as text, see to_number())")
    return f"cannot be read from this record ({str(exc).splitlines()[0][:100]})"


_NO_MISSING = ValueSpec("")  # a weight has no "missing" values: none is a commune without its weight


def _plain(value):
    return None if value is _MISSING else value


def _truthy(value) -> bool:
    return value not in (None, False, 0, "", [], {})


def _row_name(record, n: int) -> str:
    if isinstance(record, dict) and isinstance(record.get("_row"), int):
        return f"row {record['_row']}"
    return f"record {n}"


def read_mappings(spec: Spec, catalogue: Catalogue | None) -> list[Mapping]:
    """``mapping`` (one) or ``mappings`` (a list) of a source entry."""
    if spec.has("mapping") and spec.has("mappings"):
        spec.problem("give 'mapping' or 'mappings', not both")
    if spec.has("mappings"):
        raw = spec.raw("mappings")
        if not isinstance(raw, list) or not raw:
            spec.problem("'mappings' must be a non-empty list of mappings", "mappings")
            return []
        return [Mapping(Spec(m, spec.file, [*spec.parts, "mappings", i], spec.problems), catalogue)
                for i, m in enumerate(raw)]
    sub = spec.sub("mapping", required=True)
    return [Mapping(sub, catalogue)] if sub is not None else []


def apply_all(mappings: list[Mapping], doc, where: str, now: float | None = None) -> FetchResult:
    """Every mapping over one answer; one mapping's empty selection fails the fetch only if all find nothing."""
    out, errors = FetchResult(), []
    for m in mappings:
        try:
            r = m.apply(doc, where, now)
        except SourceFormatError as exc:
            errors.append(exc)
            continue
        out.observations += r.observations
        out.rejected += r.rejected
    if errors and len(errors) == len(mappings):
        raise errors[0]
    out.rejected += [str(e) for e in errors]
    return out

