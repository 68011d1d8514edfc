"""The map view's data (Qt-free): the province outline, the markers placed on it, and the projection.

The base layer is vector data shipped in the package (no tile server is reachable from the IOC): ``provinces.geojson``
holds the province (``role: province``) and its neighbours (``role: neighbour``), see ``data/map/NOTICE.md``.
``markers.json`` lists the places a technician wants on the map; a marker's status comes from an indicator's reading
(``indicator`` + optional commune ``region``) or is written in the file (``status``), never both.

Layers (view parameter ``layer``) choose marker kinds; the ``sector`` parameter keeps the markers of one sector
(a marker's sector is its indicator's, else the default sector of its kind).
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from pathlib import Path

from jsonschema import Draft202012Validator

from ioc_core.catalogue.load import Catalogue
from ioc_core.jsonfile import read_json
from ioc_core.problems import InvalidFile, Problem, json_path, schema_problems

DATA_DIR = Path(__file__).resolve().parent / "data" / "map"
MARKERS_FILE = DATA_DIR / "markers.json"
OUTLINE_FILE = DATA_DIR / "provinces.geojson"
SCHEMA_VERSION = 1

KINDS = ("tourist_site", "station", "camera", "incident")
STATUSES = ("normal", "warning", "critical")
KIND_SECTOR = {"tourist_site": "dulich", "station": "moitruong", "camera": "antt", "incident": "antt"}
LAYERS: dict[str, tuple[str, ...]] = {
    "all": KINDS,
    "tourism": ("tourist_site",),
    "environment": ("station",),
    "cameras": ("camera",),
    "incidents": ("incident",),
    "safety": ("camera", "incident"),
}
# A marker more than this far (degrees) outside the outline's box is a typo (swapped or mistyped coordinates).
BOUNDS_SLACK = 0.3

_ID = {"type": "string", "pattern": r"^[a-z0-9][a-z0-9_-]*$", "maxLength": 64}
_NAME = {"type": "object", "properties": {"vi": {"type": "string", "minLength": 1}, "en": {"type": "string"}},
         "required": ["vi", "en"], "additionalProperties": False}
MARKERS_SCHEMA = {
    "type": "object", "required": ["schema_version", "markers"], "additionalProperties": False,
    "properties": {
        "schema_version": {"const": SCHEMA_VERSION},
        "markers": {"type": "array", "maxItems": 500, "items": {
            "type": "object", "required": ["id", "kind", "name", "lon", "lat"], "additionalProperties": False,
            "properties": {
                "id": _ID,
                "kind": {"enum": list(KINDS)},
                "name": _NAME,
                "lon": {"type": "number", "minimum": -180, "maximum": 180},
                "lat": {"type": "number", "minimum": -90, "maximum": 90},
                "indicator": _ID,
                "region": _ID,
                "status": {"enum": list(STATUSES)},
            }}},
    },
}
_RING = {"type": "array", "minItems": 4, "items": {
    "type": "array", "minItems": 2, "maxItems": 3, "items": {"type": "number"}}}
OUTLINE_SCHEMA = {
    "type": "object", "required": ["type", "features"],
    "properties": {
        "type": {"const": "FeatureCollection"},
        "attribution": {"type": "string"},
        "features": {"type": "array", "minItems": 1, "items": {
            "type": "object", "required": ["type", "properties", "geometry"],
            "properties": {
                "properties": {"type": "object", "required": ["code", "name_vi", "name_en", "role"], "properties": {
                    "code": {"type": "string"}, "name_vi": {"type": "string", "minLength": 1},
                    "name_en": {"type": "string"}, "role": {"enum": ["province", "neighbour"]}}},
                "geometry": {"type": "object", "required": ["type", "coordinates"], "oneOf": [
                    {"properties": {"type": {"const": "Polygon"},
                                    "coordinates": {"type": "array", "minItems": 1, "items": _RING}}},
                    {"properties": {"type": {"const": "MultiPolygon"},
                                    "coordinates": {"type": "array", "minItems": 1, "items": {
                                        "type": "array", "minItems": 1, "items": _RING}}}},
                ]},
            }}},
    },
}

Ring = tuple[tuple[float, float], ...]


@dataclass(frozen=True)
class Marker:
    id: str
    kind: str  # one of KINDS
    name_vi: str
    name_en: str
    lon: float
    lat: float
    sector: str
    indicator: str | None = None
    region: str | None = None  # commune key in the indicator store; None = the province figure
    status: str | None = None  # static status when there is no indicator

    def name(self, language: str) -> str:
        return self.name_en if language == "en" and self.name_en else self.name_vi


@dataclass(frozen=True)
class Area:
    code: str
    name_vi: str
    name_en: str
    role: str  # province | neighbour
    polygons: tuple[tuple[Ring, ...], ...]  # each polygon: outer ring, then holes (lon, lat)

    def points(self):
        return (p for poly in self.polygons for ring in poly for p in ring)


@dataclass(frozen=True)
class BaseMap:
    areas: tuple[Area, ...]
    attribution: str

    @property
    def province(self) -> Area:
        return next(a for a in self.areas if a.role == "province")

    @property
    def neighbours(self) -> tuple[Area, ...]:
        return tuple(a for a in self.areas if a.role == "neighbour")

    def bounds(self) -> tuple[float, float, float, float]:
        """(west, south, east, north) of the province."""
        return _bounds(self.province.points())


def _bounds(points) -> tuple[float, float, float, float]:
    xs, ys = zip(*points, strict=True)
    return min(xs), min(ys), max(xs), max(ys)


@functools.cache
def _markers_validator() -> Draft202012Validator:
    return Draft202012Validator(MARKERS_SCHEMA)


@functools.cache
def _outline_validator() -> Draft202012Validator:
    return Draft202012Validator(OUTLINE_SCHEMA)


def parse_markers(doc, catalogue: Catalogue, file: str = "<markers>",
                  bounds: tuple[float, float, float, float] | None = None) -> list[Marker]:
    """Markers from a parsed ``markers.json``; ``bounds`` (west, south, east, north) catches misplaced ones."""
    if not isinstance(doc, dict):
        raise InvalidFile([Problem(file, "$", "the markers file must be a JSON object")])
    problems = schema_problems(_markers_validator(), doc, file)
    if problems:
        raise InvalidFile(problems)
    out, seen = [], set()
    for i, d in enumerate(doc["markers"]):
        path = ["markers", i]
        if d["id"] in seen:
            problems.append(Problem(file, json_path([*path, "id"]), f"duplicate marker id '{d['id']}'"))
        seen.add(d["id"])
        ind = catalogue.indicators.get(d.get("indicator", ""))
        if "indicator" in d and ind is None:
            problems.append(Problem(file, json_path([*path, "indicator"]), f"unknown indicator '{d['indicator']}'"))
        if "indicator" in d and "status" in d:
            problems.append(Problem(file, json_path(path), "give either 'indicator' or a static 'status', not both"))
        if "region" in d and "indicator" not in d:
            problems.append(Problem(file, json_path([*path, "region"]), "'region' needs an 'indicator'"))
        if "region" in d and catalogue.regions and d["region"] not in catalogue.regions:
            problems.append(Problem(file, json_path([*path, "region"]), f"unknown region '{d['region']}' (not among "
                                    f"the {len(catalogue.regions)} communes and wards of the regions files)"))
        if "region" in d and ind is not None and ind.region_level != "commune":
            problems.append(Problem(file, json_path([*path, "region"]),
                                    f"indicator '{ind.id}' has province figures only: remove 'region'"))
        if bounds is not None:
            west, south, east, north = bounds
            s = BOUNDS_SLACK
            if not (west - s <= d["lon"] <= east + s and south - s <= d["lat"] <= north + s):
                problems.append(Problem(
                    file, json_path(path),
                    f"lon {d['lon']}, lat {d['lat']} is outside the map (lon {west - s:.2f}..{east + s:.2f}, "
                    f"lat {south - s:.2f}..{north + s:.2f}): swapped or mistyped coordinates?"))
        out.append(Marker(
            id=d["id"], kind=d["kind"], name_vi=d["name"]["vi"], name_en=d["name"]["en"],
            lon=float(d["lon"]), lat=float(d["lat"]),
            sector=ind.sector if ind is not None else KIND_SECTOR[d["kind"]],
            indicator=d.get("indicator"), region=d.get("region"), status=d.get("status"),
        ))
    if problems:
        raise InvalidFile(problems)
    return out


def parse_outline(doc, file: str = "<outline>") -> BaseMap:
    if not isinstance(doc, dict):
        raise InvalidFile([Problem(file, "$", "the outline must be a GeoJSON FeatureCollection object")])
    problems = schema_problems(_outline_validator(), doc, file)
    if problems:
        raise InvalidFile(problems)
    areas = []
    for f in doc["features"]:
        g, p = f["geometry"], f["properties"]
        polys = g["coordinates"] if g["type"] == "MultiPolygon" else [g["coordinates"]]
        areas.append(Area(p["code"], p["name_vi"], p["name_en"], p["role"], tuple(
            tuple(tuple((float(pt[0]), float(pt[1])) for pt in ring) for ring in poly) for poly in polys)))
    provinces = [i for i, a in enumerate(areas) if a.role == "province"]
    if len(provinces) != 1:
        raise InvalidFile([Problem(file, "$.features", f"exactly one feature must have role 'province' "
                                   f"(found {len(provinces)})")])
    return BaseMap(tuple(areas), doc.get("attribution", ""))


def load_outline(path: Path = OUTLINE_FILE) -> BaseMap:
    """The outline in ``path``, read and checked once for each version of the file (a map view built at every
    layout switch parsed and validated it again: about 40 ms of the GUI thread each time); a changed file is
    read again. BaseMap is immutable: every map shares it."""
    path = Path(path)
    try:
        st = path.stat()
    except OSError:
        return parse_outline(read_json(path, str(path)), str(path))  # (read_json says what is wrong)
    return _outline(str(path), st.st_mtime_ns, st.st_size)


@functools.lru_cache(maxsize=4)
def _outline(path: str, _mtime_ns: int, _size: int) -> BaseMap:
    return parse_outline(read_json(Path(path), path), path)


def load_markers(catalogue: Catalogue, path: Path = MARKERS_FILE,
                 bounds: tuple[float, float, float, float] | None = None) -> list[Marker]:
    return parse_markers(read_json(path, str(path)), catalogue, str(path), bounds)


def select(markers: list[Marker], layer: str = "all", sector: str | None = None) -> list[Marker]:
    """The markers of a layer (unknown layer: all) and, when given, of one sector."""
    kinds = LAYERS.get(layer, KINDS)
    return [m for m in markers if m.kind in kinds and (sector is None or m.sector == sector)]


@dataclass(frozen=True)
class Projection:
    """Equirectangular projection with cos(latitude) correction, fitted into a pixel box with its aspect kept."""

    lon0: float
    lat0: float
    kx: float  # pixels per degree of longitude (already times cos(lat))
    ky: float  # pixels per degree of latitude
    x0: float
    y0: float

    @classmethod
    def fit(cls, bounds: tuple[float, float, float, float], box: tuple[float, float, float, float],
            margin: float = 0.04) -> Projection:
        """Fit ``bounds`` (west, south, east, north) into ``box`` (x, y, width, height), centred."""
        west, south, east, north = bounds
        x, y, w, h = box
        cos_lat = math.cos(math.radians((south + north) / 2))
        span_x = max(1e-9, (east - west) * cos_lat)
        span_y = max(1e-9, north - south)
        scale = min(w * (1 - 2 * margin) / span_x, h * (1 - 2 * margin) / span_y)
        used_w, used_h = span_x * scale, span_y * scale
        return cls(west, north, scale * cos_lat, scale, x + (w - used_w) / 2, y + (h - used_h) / 2)

    def __call__(self, lon: float, lat: float) -> tuple[float, float]:
        return self.x0 + (lon - self.lon0) * self.kx, self.y0 + (self.lat0 - lat) * self.ky

    def inverse(self, x: float, y: float) -> tuple[float, float]:
        return self.lon0 + (x - self.x0) / self.kx, self.lat0 - (y - self.y0) / self.ky


def contains(area: Area, lon: float, lat: float) -> bool:
    """Whether a point is inside an area (even-odd rule over all rings)."""
    inside = False
    for poly in area.polygons:
        for ring in poly:
            for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
                if (y1 > lat) != (y2 > lat) and lon < x1 + (lat - y1) * (x2 - x1) / (y2 - y1):
                    inside = not inside
    return inside
