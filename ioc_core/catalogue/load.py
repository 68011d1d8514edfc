"""Loading and validating the indicator catalogue (same rules and messages as layouts)."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path

from jsonschema import Draft202012Validator

from ioc_core.catalogue.model import (
    AGGREGATIONS,
    DEFAULT_PRIORITY,
    DIRECTIONS,
    FREQUENCY_S,
    PERIODS,
    PRIORITIES,
    Indicator,
    Sector,
)
from ioc_core.jsonfile import read_json
from ioc_core.problems import InvalidFile, Problem, json_path, schema_problems

DEFAULT_FILE = Path(__file__).resolve().parent / "data" / "indicators.json"
SCHEMA_VERSION = 1

_ID = {"type": "string", "pattern": r"^[a-z0-9][a-z0-9_-]*$", "maxLength": 64}
_NAME = {"type": "object", "properties": {"vi": {"type": "string", "minLength": 1}, "en": {"type": "string"}},
         "required": ["vi", "en"], "additionalProperties": False}
SCHEMA = {
    "type": "object",
    "required": ["schema_version", "sectors", "indicators"],
    "additionalProperties": False,
    "properties": {
        "schema_version": {"const": SCHEMA_VERSION},
        "sectors": {"type": "array", "minItems": 1, "items": {
            "type": "object", "required": ["id", "name"], "additionalProperties": False,
            "properties": {"id": _ID, "name": _NAME}}},
        "indicators": {"type": "array", "items": {
            "type": "object",
            "required": ["id", "sector", "name", "unit", "calculationFrequency", "calculationPeriod", "direction",
                         "regionLevel", "source"],
            "additionalProperties": False,
            "properties": {
                "id": _ID, "sector": _ID, "name": _NAME, "unit": {"type": "string"},
                "calculationFrequency": {"enum": list(FREQUENCY_S)},
                "calculationPeriod": {"enum": list(PERIODS)},
                "calculationMethod": {"enum": ["automatic", "manual", "semiautomatic"]},
                "direction": {"enum": list(DIRECTIONS)},
                "regionLevel": {"enum": ["province", "commune"]},
                "source": _ID,
                "aggregation": {"enum": list(AGGREGATIONS)},
                "thresholds": {"type": "object", "additionalProperties": False,
                               "properties": {"warning": {"type": "number"}, "critical": {"type": "number"}}},
                "target": {"type": "object", "required": ["value"], "additionalProperties": False,
                           "properties": {"value": {"type": "number"}, "period": {"const": "year"}}},
                "grace": {"type": "number", "minimum": 0, "maximum": 10},
                # 1 = most important (what a crowded sector screen keeps); absent: DEFAULT_PRIORITY (3)
                "priority": {"type": "integer", "minimum": PRIORITIES[0], "maximum": PRIORITIES[-1]},
                "validRange": {"type": "object", "additionalProperties": False,
                               "properties": {"min": {"type": ["number", "null"]}, "max": {"type": "number"}}},
            },
        }},
    },
}


@functools.cache
def _validator() -> Draft202012Validator:
    return Draft202012Validator(SCHEMA)


@dataclass
class Catalogue:
    sectors: dict[str, Sector] = field(default_factory=dict)
    indicators: dict[str, Indicator] = field(default_factory=dict)
    # commune-level units by code -> Vietnamese name; empty: not known here, so any region code is taken
    regions: dict[str, str] = field(default_factory=dict)

    def of_sector(self, sector: str) -> list[Indicator]:
        return [i for i in self.indicators.values() if i.sector == sector]

    def sources(self) -> set[str]:
        return {i.source for i in self.indicators.values()}


def parse_catalogue(doc, file: str = "<catalogue>") -> Catalogue:
    if not isinstance(doc, dict):
        raise InvalidFile([Problem(file, "$", "the catalogue must be a JSON object")])
    problems = schema_problems(_validator(), doc, file)
    if problems:
        raise InvalidFile(problems)
    cat = Catalogue()
    for i, s in enumerate(doc["sectors"]):
        if s["id"] in cat.sectors:
            problems.append(Problem(file, json_path(["sectors", i, "id"]), f"duplicate sector id '{s['id']}'"))
        cat.sectors[s["id"]] = Sector(s["id"], s["name"]["vi"], s["name"]["en"])
    for i, d in enumerate(doc["indicators"]):
        path = ["indicators", i]
        ind = Indicator(
            id=d["id"], sector=d["sector"], name_vi=d["name"]["vi"], name_en=d["name"]["en"], unit=d["unit"],
            frequency=d["calculationFrequency"], period=d["calculationPeriod"], direction=d["direction"],
            region_level=d["regionLevel"], source=d["source"], method=d.get("calculationMethod", "automatic"),
            aggregation=d.get("aggregation", "sum"), warning=d.get("thresholds", {}).get("warning"),
            critical=d.get("thresholds", {}).get("critical"), target=d.get("target", {}).get("value"),
            grace=d.get("grace", 0.5), min_value=d.get("validRange", {}).get("min", 0.0),
            max_value=d.get("validRange", {}).get("max"), priority=d.get("priority", DEFAULT_PRIORITY),
        )
        if ind.id in cat.indicators:
            problems.append(Problem(file, json_path([*path, "id"]), f"duplicate indicator id '{ind.id}'"))
        if ind.sector not in cat.sectors:
            problems.append(Problem(file, json_path([*path, "sector"]), f"unknown sector '{ind.sector}' "
                                    f"(known: {', '.join(cat.sectors)})"))
        problem = _threshold_problem(ind)
        if problem:
            problems.append(Problem(file, json_path([*path, "thresholds"]), problem))
        cat.indicators[ind.id] = ind
    if problems:
        raise InvalidFile(problems)
    return cat


def _threshold_problem(ind: Indicator) -> str | None:
    if ind.warning is None or ind.critical is None:
        return None
    if ind.direction == "neutral":
        return "a neutral indicator (neither higher nor lower is better) cannot have thresholds"
    if ind.direction == "higher_better" and not ind.critical < ind.warning:
        return f"higher is better, so critical ({ind.critical}) must be below warning ({ind.warning})"
    if ind.direction == "lower_better" and not ind.critical > ind.warning:
        return f"lower is better, so critical ({ind.critical}) must be above warning ({ind.warning})"
    return None


def load_catalogue(path: Path = DEFAULT_FILE, regions: dict[str, str] | None = None) -> Catalogue:
    """The catalogue with the region names (``regions``; default: the shipped ones)."""
    from ioc_core.catalogue.regions import region_names

    cat = parse_catalogue(read_json(path, str(path)), str(path))
    cat.regions = dict(region_names() if regions is None else regions)
    return cat
