"""Sector views declared as data: which panels each sector's screen shows, with which indicators, and where.

A sector's screen under its header is a grid (``rows`` x ``cols``); each panel takes a ``cell`` and a ``span`` of
it, like regions in a layout. Panel kinds:

- ``tiles``: KPI tiles for ``indicators``, in ``columns`` columns;
- ``chart``: one indicator's history with its thresholds, target and forecast;
- ``ranking``: one commune-level indicator's communes, worst first (``limit`` bars);
- ``table``: ``indicators`` as rows (value, change, status, age), sorted by ``sort`` (status, worst first, by
  default) — the wall has no mouse, so a technician chooses the sort column here;
- ``alerts``: the sector's alerts, newest and most severe first (``limit`` rows).

A technician adds an indicator to a screen by adding its id to a list; no code. Sectors not declared get a
default screen (tiles, the first indicator with thresholds as a chart, and the alerts). Version 1 files (a list
of tiles and a column count) are read as one ``tiles`` panel.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path

from jsonschema import Draft202012Validator

from ioc_core.catalogue.load import Catalogue
from ioc_core.jsonfile import read_json
from ioc_core.problems import InvalidFile, Problem, json_path, schema_problems

DEFAULT_FILE = Path(__file__).resolve().parent / "data" / "sector_views.json"
SCHEMA_VERSION = 2
PANEL_KINDS = ("tiles", "chart", "ranking", "table", "alerts")
SORTS = ("status", "name", "value", "age")

_ID = {"type": "string", "pattern": r"^[a-z0-9][a-z0-9_-]*$", "maxLength": 64}
_PAIR = {"type": "array", "items": {"type": "integer", "minimum": 0, "maximum": 12}, "minItems": 2, "maxItems": 2}
_INDICATORS = {"type": "array", "minItems": 1, "maxItems": 12, "items": _ID}
_PANEL = {
    "type": "object", "required": ["kind", "cell"], "additionalProperties": False,
    "properties": {
        "kind": {"enum": list(PANEL_KINDS)}, "cell": _PAIR, "span": _PAIR,
        "indicators": _INDICATORS, "indicator": _ID,
        "columns": {"type": "integer", "minimum": 1, "maximum": 6},
        "limit": {"type": "integer", "minimum": 1, "maximum": 30},
        "sort": {"enum": list(SORTS)},
        "title": {"type": "string", "maxLength": 120},
    },
    "allOf": [
        {"if": {"properties": {"kind": {"enum": ["tiles", "table"]}}}, "then": {"required": ["indicators"]}},
        {"if": {"properties": {"kind": {"enum": ["chart", "ranking"]}}}, "then": {"required": ["indicator"]}},
    ],
}
SCHEMA_V1 = {
    "type": "object", "required": ["tiles"], "additionalProperties": False,
    "properties": {"tiles": _INDICATORS, "columns": {"type": "integer", "minimum": 1, "maximum": 4}},
}
SCHEMA = {
    "type": "object", "required": ["schema_version", "views"], "additionalProperties": False,
    "properties": {
        "schema_version": {"enum": [1, SCHEMA_VERSION]},
        "views": {"type": "object", "additionalProperties": {
            "type": "object", "required": ["panels"], "additionalProperties": False,
            "properties": {
                "grid": {"type": "object", "required": ["rows", "cols"], "additionalProperties": False,
                         "properties": {"rows": {"type": "integer", "minimum": 1, "maximum": 12},
                                        "cols": {"type": "integer", "minimum": 1, "maximum": 12}}},
                "panels": {"type": "array", "minItems": 1, "maxItems": 12, "items": _PANEL},
            }}},
    },
}


@dataclass(frozen=True)
class Panel:
    kind: str
    row: int
    col: int
    rows: int = 1
    cols: int = 1
    indicators: tuple[str, ...] = ()  # tiles, table; chart and ranking: their one indicator
    columns: int = 3
    limit: int = 8
    sort: str = "status"
    title: str = ""

    def to_json(self) -> dict:
        """The panel as a sector views file declares it."""
        out: dict = {"kind": self.kind, "cell": [self.row, self.col], "span": [self.rows, self.cols]}
        if self.kind in ("tiles", "table"):
            out["indicators"] = list(self.indicators)
        elif self.kind in ("chart", "ranking"):
            out["indicator"] = self.indicators[0]
        if self.kind == "tiles":
            out["columns"] = self.columns
        if self.kind in ("ranking", "alerts"):
            out["limit"] = self.limit
        if self.kind == "table":
            out["sort"] = self.sort
        return {**out, "title": self.title} if self.title else out


@dataclass(frozen=True)
class SectorViewSpec:
    sector: str
    rows: int = 1
    cols: int = 1
    panels: tuple[Panel, ...] = field(default_factory=tuple)

    @property
    def indicators(self) -> tuple[str, ...]:
        """Every indicator the screen shows, once, in panel order."""
        return tuple(dict.fromkeys(i for p in self.panels for i in p.indicators))

    @property
    def tiles(self) -> tuple[str, ...]:
        return tuple(i for p in self.panels if p.kind == "tiles" for i in p.indicators)

    def to_json(self) -> dict:
        """The view as a sector views file declares it (``views.<sector>``)."""
        return {"grid": {"rows": self.rows, "cols": self.cols}, "panels": [p.to_json() for p in self.panels]}


@functools.cache
def _validator() -> Draft202012Validator:
    return Draft202012Validator(SCHEMA)


def migrate(doc):
    """Version 1 (``{"tiles": [...], "columns": n}`` per sector) to version 2 (one tiles panel)."""
    if not isinstance(doc, dict) or doc.get("schema_version") != 1 or not isinstance(doc.get("views"), dict):
        return doc
    problems = schema_problems(Draft202012Validator({"type": "object", "additionalProperties": SCHEMA_V1}),
                               doc["views"], "")
    if problems:
        return doc  # left to the version 2 schema to report
    return {"schema_version": SCHEMA_VERSION, "views": {
        sector: {"panels": [{"kind": "tiles", "indicators": v["tiles"], "columns": v.get("columns", 3),
                             "cell": [0, 0]}]}
        for sector, v in doc["views"].items()}}


def parse_sector_views(doc, catalogue: Catalogue, file: str = "<sector views>") -> dict[str, SectorViewSpec]:
    doc = migrate(doc)
    problems = schema_problems(_validator(), doc, file)
    if problems:
        raise InvalidFile(problems)
    out = {}
    for sector, spec in doc["views"].items():
        where = ["views", sector]
        if sector not in catalogue.sectors:
            problems.append(Problem(file, json_path(where), f"unknown sector '{sector}'"))
            continue
        rows, cols = spec.get("grid", {}).get("rows", 1), spec.get("grid", {}).get("cols", 1)
        panels, taken = [], {}
        for n, p in enumerate(spec["panels"]):
            at = [*where, "panels", n]
            (r, c), (rs, cs) = p["cell"], p.get("span", [1, 1])
            if rs < 1 or cs < 1 or r + rs > rows or c + cs > cols:
                problems.append(Problem(file, json_path([*at, "cell"]), f"panel at {[r, c]} spanning {[rs, cs]} "
                                        f"does not fit the {rows} x {cols} grid"))
                continue
            for cell in ((i, j) for i in range(r, r + rs) for j in range(c, c + cs)):
                if cell in taken:
                    problems.append(Problem(file, json_path(at), f"overlaps panel {taken[cell]} at {list(cell)}"))
                    break
                taken[cell] = n
            ids = tuple(p.get("indicators", [p["indicator"]] if "indicator" in p else []))
            for i, ind in enumerate(ids):
                if ind not in catalogue.indicators:
                    key = [*at, "indicators", i] if "indicators" in p else [*at, "indicator"]
                    problems.append(Problem(file, json_path(key), f"unknown indicator '{ind}'"))
            if p["kind"] == "ranking" and ids and ids[0] in catalogue.indicators \
                    and catalogue.indicators[ids[0]].region_level != "commune":
                problems.append(Problem(file, json_path([*at, "indicator"]),
                                        f"'{ids[0]}' has no commune figures to rank"))
            panels.append(Panel(p["kind"], r, c, rs, cs, ids, p.get("columns", 3), p.get("limit", 8),
                                p.get("sort", "status"), p.get("title", "")))
        out[sector] = SectorViewSpec(sector, rows, cols, tuple(panels))
    if problems:
        raise InvalidFile(problems)
    return out


def default_view(catalogue: Catalogue, sector: str) -> SectorViewSpec:
    """Tiles for up to eight indicators; below them a chart of the first one with thresholds, and the alerts."""
    inds = catalogue.of_sector(sector)
    tiles = tuple(i.id for i in inds)[:8]
    columns = 2 if len(tiles) <= 4 else 3 if len(tiles) <= 6 else 4
    watched = next((i.id for i in inds if i.warning is not None or i.critical is not None), tiles[0] if tiles else None)
    if watched is None:
        return SectorViewSpec(sector, 1, 1, (Panel("alerts", 0, 0),))
    return SectorViewSpec(sector, 5, 3, (Panel("tiles", 0, 0, 3, 3, tiles, columns),
                                         Panel("chart", 3, 0, 2, 2, (watched,)),
                                         Panel("alerts", 3, 2, 2, 1, limit=4)))


def sector_view(catalogue: Catalogue, sector: str, declared: dict[str, SectorViewSpec]) -> SectorViewSpec:
    return declared[sector] if sector in declared else default_view(catalogue, sector)


def load_sector_views(catalogue: Catalogue, path: Path = DEFAULT_FILE) -> dict[str, SectorViewSpec]:
    return parse_sector_views(read_json(path, str(path)), catalogue, str(path))
