"""The technician's wall configuration: screens, bezels and which monitor shows which part of the wall."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path

from jsonschema import Draft202012Validator

from ioc_core.control.power_plan import DAYS, PowerSchedule, parse_schedule
from ioc_core.jsonfile import read_json
from ioc_core.problems import InvalidFile, Problem, json_path, schema_problems
from ioc_core.setup.geometry import WallGeometry
from ioc_core.setup.webpolicy import WebAllowlist, entry_problem
from ioc_core.views.legibility import DEFAULT_DISTANCE_M, Room

CONFIG_SCHEMA_VERSION = 1

_PAIR0 = {"type": "array", "items": {"type": "integer", "minimum": 0}, "minItems": 2, "maxItems": 2}
_PAIR1 = {"type": "array", "items": {"type": "integer", "minimum": 1}, "minItems": 2, "maxItems": 2}

CONFIG_SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "IOC Wall configuration",
    "type": "object",
    "properties": {
        "schema_version": {"const": CONFIG_SCHEMA_VERSION},
        "name": {"type": "string", "minLength": 1},
        "screens": {
            "type": "object",
            "properties": {
                "rows": {"type": "integer", "minimum": 1, "maximum": 8},
                "cols": {"type": "integer", "minimum": 1, "maximum": 8},
                "width_px": {"type": "integer", "minimum": 320, "maximum": 7680},
                "height_px": {"type": "integer", "minimum": 240, "maximum": 4320},
                "width_mm": {"type": "number", "exclusiveMinimum": 0},
                "height_mm": {"type": "number", "exclusiveMinimum": 0},
            },
            "required": ["rows", "cols", "width_px", "height_px"],
            "additionalProperties": False,
        },
        "bezel_mm": {
            "type": "object",
            "properties": {"x": {"type": "number", "minimum": 0, "maximum": 100},
                           "y": {"type": "number", "minimum": 0, "maximum": 100}},
            "required": ["x", "y"],
            "additionalProperties": False,
        },
        # if/then/else, not oneOf: a bad entry is reported at its own field ($.outputs[1].cell[0]), not as "not
        # valid under any of the given schemas" for the whole list
        "outputs": {
            "if": {"type": "string"},
            "then": {"enum": ["auto", "virtual"]},
            "else": {"type": "array", "minItems": 1, "items": {
                "type": "object",
                "properties": {"monitor": {"type": "string", "minLength": 1}, "cell": _PAIR0, "span": _PAIR1},
                "required": ["monitor", "cell"],
                "additionalProperties": False,
            }},
        },
        "default_layout": {"type": "string"},
        # the room the wall is read in: the farthest seat that must read it (ioc_core/views/legibility.py); without
        # it, 5 m
        "room": {
            "type": "object",
            "properties": {"viewing_distance_m": {"type": "number", "minimum": 0.5, "maximum": 100}},
            "required": ["viewing_distance_m"],
            "additionalProperties": False,
        },
        # which hosts web-page views may show (ioc_core/setup/webpolicy.py); without it, only *.gov.vn
        "web": {
            "type": "object",
            "properties": {"allow": {"type": "array", "items": {"type": "string", "minLength": 1, "maxLength": 260},
                                     "maxItems": 200}},
            "required": ["allow"],
            "additionalProperties": False,
        },
        # when the screens are switched off and on (ioc_core/control/power_plan.py); without it, always on
        "power": {
            "type": "object",
            "properties": {"on": {"type": "string"}, "off": {"type": "string"},
                           "days": {"type": "array", "items": {"enum": list(DAYS)}, "minItems": 1,
                                    "uniqueItems": True},
                           "wake_on_critical": {"type": "boolean"},
                           "holidays": {"type": "array", "items": {"type": "string"}, "maxItems": 400,
                                        "uniqueItems": True}},
            "required": ["on", "off"],
            "additionalProperties": False,
        },
    },
    "required": ["schema_version", "screens"],
    "additionalProperties": False,
}

# Without a "web" section the wall shows pages of Vietnamese government hosts only.
DEFAULT_WEB_ALLOW = ("*.gov.vn",)

# A 55-inch 16:9 panel's visible area.
_DEFAULT_MM = (1209.6, 680.4)


@dataclass(frozen=True)
class OutputSpec:
    monitor: str
    row: int
    col: int
    rows: int = 1
    cols: int = 1


@dataclass(frozen=True)
class WallConfig:
    name: str = "IOC Wall"
    rows: int = 3
    cols: int = 3
    width_px: int = 1920
    height_px: int = 1080
    width_mm: float = _DEFAULT_MM[0]
    height_mm: float = _DEFAULT_MM[1]
    bezel_x_mm: float = 0.0
    bezel_y_mm: float = 0.0
    outputs: str | tuple[OutputSpec, ...] = "auto"  # "auto", "virtual" or explicit monitors
    default_layout: str | None = None
    web_allow: tuple[str, ...] = DEFAULT_WEB_ALLOW
    power: PowerSchedule | None = None  # None: the screens are always on
    viewing_distance_m: float = DEFAULT_DISTANCE_M  # the farthest seat that must read the wall
    source: str = "<built-in>"
    problems: tuple[Problem, ...] = field(default=(), compare=False)

    def geometry(self) -> WallGeometry:
        return WallGeometry(self.rows, self.cols, self.width_px, self.height_px,
                            round(self.bezel_x_mm * self.width_px / self.width_mm),
                            round(self.bezel_y_mm * self.height_px / self.height_mm))

    def room(self) -> Room:
        """The room the wall is read in: its farthest seat and the size of a panel's pixel."""
        return Room(self.viewing_distance_m, self.width_mm / self.width_px)

    def web_allowlist(self) -> WebAllowlist:
        return WebAllowlist(self.web_allow)


@functools.cache
def _validator() -> Draft202012Validator:
    return Draft202012Validator(CONFIG_SCHEMA)


def parse_config(doc, file: str = "<config>") -> WallConfig:
    if not isinstance(doc, dict):
        raise InvalidFile([Problem(file, "$", "a wall configuration must be a JSON object")])
    problems = schema_problems(_validator(), doc, file)
    if problems:
        raise InvalidFile(problems)
    s = doc["screens"]
    rows, cols = s["rows"], s["cols"]
    outputs = doc.get("outputs", "auto")
    if isinstance(outputs, list):
        outputs = tuple(OutputSpec(o["monitor"], *o["cell"], *o.get("span", [1, 1])) for o in outputs)
        problems = _check_outputs(outputs, rows, cols, file)
        if problems:
            raise InvalidFile(problems)
    web_allow = tuple(doc["web"]["allow"]) if "web" in doc else DEFAULT_WEB_ALLOW
    problems = [Problem(file, json_path(["web", "allow", i]), p)
                for i, e in enumerate(web_allow) if (p := entry_problem(e))]
    if problems:
        raise InvalidFile(problems)
    power = parse_schedule(doc["power"]) if "power" in doc else None
    if isinstance(power, list):
        raise InvalidFile([Problem(file, json_path(["power", key]), p) for key, p in power])
    bezel = doc.get("bezel_mm", {"x": 0, "y": 0})
    return WallConfig(
        name=doc.get("name", "IOC Wall"), rows=rows, cols=cols, width_px=s["width_px"], height_px=s["height_px"],
        width_mm=s.get("width_mm", _DEFAULT_MM[0]), height_mm=s.get("height_mm", _DEFAULT_MM[1]),
        bezel_x_mm=bezel["x"], bezel_y_mm=bezel["y"], outputs=outputs,
        default_layout=doc.get("default_layout"), web_allow=web_allow, power=power, source=file,
        viewing_distance_m=doc.get("room", {}).get("viewing_distance_m", DEFAULT_DISTANCE_M),
    )


def _check_outputs(outputs: tuple[OutputSpec, ...], rows: int, cols: int, file: str) -> list[Problem]:
    problems = []
    owner: dict[tuple[int, int], int] = {}
    names: dict[str, int] = {}
    for i, o in enumerate(outputs):
        path = json_path(["outputs", i])
        if o.monitor in names:
            problems.append(Problem(file, path + ".monitor",
                                    f"monitor '{o.monitor}' is already used by outputs[{names[o.monitor]}]"))
        names.setdefault(o.monitor, i)
        if o.row + o.rows > rows or o.col + o.cols > cols:
            problems.append(Problem(file, path, f"monitor '{o.monitor}' covers screens outside the "
                                                f"{rows} x {cols} wall"))
            continue
        for cell in ((r, c) for r in range(o.row, o.row + o.rows) for c in range(o.col, o.col + o.cols)):
            if cell in owner:
                problems.append(Problem(file, path, f"monitor '{o.monitor}' and outputs[{owner[cell]}] both "
                                                    f"cover screen [{cell[0]}, {cell[1]}]"))
                break
            owner[cell] = i
    return problems


def load_config(path: Path | None) -> WallConfig:
    """Load the technician's file; raise InvalidFile with every problem found."""
    if path is None:
        return WallConfig()
    return parse_config(read_json(path, str(path)), str(path))
