"""Declarative mapping from JSON records to observations, so a new vendor's feed needs configuration, not code.

    {"records": "data.items",                         # dotted path to the list of records ("" = the root)
     "period": "date", "period_format": "%d-%m-%Y",   # field holding the period (format optional)
     "region": "agencyCode",                          # optional; default: the whole province
     "values": {"hcc-ho-so-tiep-nhan": "receivedCount", "hcc-ho-so-giai-quyet": "doneCount"},
     "missing": [0]}                                  # optional: values that mean "no data" (e.g. AQI 0)
"""

from __future__ import annotations

from dataclasses import dataclass, field

from wall.indicators.observation import PROVINCE, BadValue, Observation, parse_number, parse_period
from wall.sources.base import FetchResult, SourceFormatError

_MISSING = object()


def dig(doc, path: str):
    """``dig({"a": {"b": [1]}}, "a.b")`` -> ``[1]``; list items by number (``items.0.x``)."""
    node = doc
    for part in [p for p in path.split(".") if p]:
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        else:
            return _MISSING
    return node


@dataclass(frozen=True)
class RecordMapping:
    values: dict[str, str]
    period: str
    records: str = ""
    period_format: str | None = None
    region: str | None = None
    missing: tuple = field(default_factory=tuple)

    @classmethod
    def from_json(cls, doc: dict) -> RecordMapping:
        return cls(values=dict(doc["values"]), period=doc["period"], records=doc.get("records", ""),
                   period_format=doc.get("period_format"), region=doc.get("region"),
                   missing=tuple(doc.get("missing", ())))

    def apply(self, doc, where: str) -> FetchResult:
        records = dig(doc, self.records)
        if records is _MISSING or not isinstance(records, list):
            found = "nothing" if records is _MISSING else type(records).__name__
            raise SourceFormatError(f"{where}: expected a list of records at '{self.records or '(root)'}', "
                                    f"found {found}")
        result = FetchResult()
        for n, record in enumerate(records):
            self._record(record, n, result)
        if records and not result.observations:
            raise SourceFormatError(f"{where}: no usable record ({len(result.rejected)} rejected; first: "
                                    f"{result.rejected[0]})")
        return result

    def _record(self, record, n: int, result: FetchResult) -> None:
        if not isinstance(record, dict):
            result.rejected.append(f"record {n}: not an object")
            return
        try:
            period = parse_period(_need(record, self.period), self.period_format)
            region = str(_need(record, self.region)) if self.region else PROVINCE
        except BadValue as exc:
            result.rejected.append(f"record {n}: {exc}")
            return
        for indicator, path in self.values.items():
            raw = dig(record, path)
            if raw is _MISSING:
                result.rejected.append(f"record {n}: field '{path}' is missing")
                continue
            if raw in self.missing:
                continue
            try:
                result.observations.append(Observation(indicator, period, parse_number(raw), region))
            except BadValue as exc:
                result.rejected.append(f"record {n}: {path}: {exc}")


def _need(record: dict, path: str):
    value = dig(record, path)
    if value is _MISSING:
        raise BadValue(f"field '{path}' is missing")
    return value
