"""Sector views declared as data: which indicators each sector's screen shows, in what order and how many columns.

A technician adds an indicator to a screen by adding its id to the list; no code. Sectors not declared show all
their indicators in catalogue order.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from jsonschema import Draft202012Validator

from wall.catalogue.load import Catalogue
from wall.jsonfile import read_json
from wall.problems import InvalidFile, Problem, json_path, schema_problems

DEFAULT_FILE = Path(__file__).resolve().parent / "data" / "sector_views.json"

SCHEMA = {
    "type": "object", "required": ["schema_version", "views"], "additionalProperties": False,
    "properties": {
        "schema_version": {"const": 1},
        "views": {"type": "object", "additionalProperties": {
            "type": "object", "required": ["tiles"], "additionalProperties": False,
            "properties": {
                "tiles": {"type": "array", "minItems": 1, "maxItems": 12, "items": {"type": "string"}},
                "columns": {"type": "integer", "minimum": 1, "maximum": 4},
            }}},
    },
}


@dataclass(frozen=True)
class SectorViewSpec:
    sector: str
    tiles: tuple[str, ...]
    columns: int


@functools.cache
def _validator() -> Draft202012Validator:
    return Draft202012Validator(SCHEMA)


def parse_sector_views(doc, catalogue: Catalogue, file: str = "<sector views>") -> dict[str, SectorViewSpec]:
    problems = schema_problems(_validator(), doc, file)
    if problems:
        raise InvalidFile(problems)
    out = {}
    for sector, spec in doc["views"].items():
        if sector not in catalogue.sectors:
            problems.append(Problem(file, json_path(["views", sector]), f"unknown sector '{sector}'"))
            continue
        for i, ind in enumerate(spec["tiles"]):
            if ind not in catalogue.indicators:
                problems.append(Problem(file, json_path(["views", sector, "tiles", i]), f"unknown indicator '{ind}'"))
        out[sector] = SectorViewSpec(sector, tuple(spec["tiles"]), spec.get("columns", 3))
    if problems:
        raise InvalidFile(problems)
    return out


def sector_view(catalogue: Catalogue, sector: str, declared: dict[str, SectorViewSpec]) -> SectorViewSpec:
    if sector in declared:
        return declared[sector]
    tiles = tuple(i.id for i in catalogue.of_sector(sector))[:12]
    columns = 2 if len(tiles) <= 4 else 3 if len(tiles) <= 6 else 4  # at most 3 rows: tiles stay large
    return SectorViewSpec(sector, tiles, columns)


def load_sector_views(catalogue: Catalogue, path: Path = DEFAULT_FILE) -> dict[str, SectorViewSpec]:
    return parse_sector_views(read_json(path, str(path)), catalogue, str(path))
