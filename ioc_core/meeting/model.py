"""A meeting the wall serves (Qt-free): title, time, chair, the agenda whose items drive the wall, and the online
meeting points ("điểm cầu") connected to it. Validated with problems that name the JSON path, the same whether
the meeting comes from a file or through the API.

An agenda item names the views to show in regions of the meeting's layout (``hop`` unless the meeting says
otherwise): ``{"trung-tam": {"kind": "chart", "indicator": "grdp"}}``; the other regions keep the layout's own
views. A meeting point's video feed is shown with ``{"kind": "camera", "camera": "diem-cau:<point id>"}``.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from jsonschema import Draft202012Validator

from ioc_core.layouts.views import is_valid_view, view_schema
from ioc_core.problems import InvalidFile, Problem, schema_problems
from ioc_core.redact import redact
from ioc_core.setup.webpolicy import WebAllowlist

SCHEMA_VERSION = 1
POINT_CAMERA_PREFIX = "diem-cau:"
FEED_SCHEMES = ("rtsp", "rtsps", "http", "https")

_ID = {"type": "string", "pattern": r"^[a-z0-9][a-z0-9_-]*$", "maxLength": 64}
_TEXT = {"type": "string", "minLength": 1, "maxLength": 200}
SCHEMA = {
    "type": "object",
    "required": ["schema_version", "title", "starts_at", "items"],
    "additionalProperties": False,
    "properties": {
        "schema_version": {"const": SCHEMA_VERSION},
        "id": _ID,
        "title": _TEXT,
        "starts_at": {"type": "string", "format": "date-time", "maxLength": 40},
        "chair": _TEXT,
        "layout": _ID,
        "items": {"type": "array", "maxItems": 60, "items": {
            "type": "object", "required": ["title", "minutes"], "additionalProperties": False,
            "properties": {
                "title": _TEXT,
                "presenter": _TEXT,
                "minutes": {"type": "number", "exclusiveMinimum": 0, "maximum": 600},
                "at": {"type": "string", "pattern": r"^([01][0-9]|2[0-3]):[0-5][0-9]$"},
                "views": {"type": "object", "maxProperties": 40, "propertyNames": _ID,
                          "additionalProperties": view_schema()},
            }}},
        "points": {"type": "array", "maxItems": 200, "items": {
            "type": "object", "required": ["id", "name"], "additionalProperties": False,
            "properties": {"id": _ID, "name": _TEXT, "status": {"enum": ["online", "offline"]},
                           "feed": {"type": "string", "minLength": 3, "maxLength": 2048}}}},
    },
}


@dataclass(frozen=True)
class AgendaItem:
    title: str
    minutes: float
    presenter: str = ""
    at: str | None = None  # "HH:MM", when the item is planned to start
    views: dict = field(default_factory=dict)  # region id -> view

    def to_json(self) -> dict:
        out = {"title": self.title, "minutes": self.minutes, "views": self.views}
        if self.presenter:
            out["presenter"] = self.presenter
        if self.at:
            out["at"] = self.at
        return out


@dataclass(frozen=True)
class MeetingPoint:
    id: str
    name: str
    status: str = "online"
    feed: str | None = None

    def to_json(self) -> dict:
        out = {"id": self.id, "name": self.name, "status": self.status}
        if self.feed:
            out["feed"] = redact(self.feed)
        return out


@dataclass(frozen=True)
class Meeting:
    title: str
    starts_at: datetime
    items: tuple[AgendaItem, ...]
    id: str = "cuoc-hop"
    chair: str = ""
    layout: str = "hop"
    points: tuple[MeetingPoint, ...] = ()
    source: dict = field(default_factory=dict, compare=False, repr=False)  # the document, as loaded

    def to_json(self) -> dict:
        """What the API and the saved state carry: the meeting as given, feeds without credentials."""
        return {"schema_version": SCHEMA_VERSION, "id": self.id, "title": self.title,
                "starts_at": self.starts_at.isoformat(), "chair": self.chair, "layout": self.layout,
                "items": [i.to_json() for i in self.items], "points": [p.to_json() for p in self.points]}

    def point(self, point_id: str) -> MeetingPoint | None:
        return next((p for p in self.points if p.id == point_id), None)


@functools.cache
def _validator() -> Draft202012Validator:
    return Draft202012Validator(SCHEMA, format_checker=Draft202012Validator.FORMAT_CHECKER)


def parse_meeting(doc, file: str = "<meeting>", layout_regions: dict[str, list[str]] | None = None,
                  web_allow: WebAllowlist | None = None) -> Meeting:
    """The meeting in ``doc``; InvalidFile with every problem found. ``layout_regions`` (layout id -> region ids)
    lets the items' regions be checked against the meeting's layout, and ``web_allow`` the items' web pages against
    the wall's allowlist (as a console's show_view is)."""
    if not isinstance(doc, dict):
        raise InvalidFile([Problem(file, "$", "a meeting must be a JSON object")])
    problems = schema_problems(_validator(), doc, file)
    if problems:
        raise InvalidFile(problems)
    if not doc["items"]:
        raise InvalidFile([Problem(file, "$.items", "the agenda has no items: a meeting needs at least one")])
    try:
        starts_at = datetime.fromisoformat(doc["starts_at"])
    except ValueError as exc:
        raise InvalidFile([Problem(file, "$.starts_at",
                                   f"'{doc['starts_at']}' is not a date and time ({exc})")]) from None
    layout = doc.get("layout", "hop")
    regions = None if layout_regions is None else layout_regions.get(layout)
    if layout_regions is not None and regions is None:
        problems.append(Problem(file, "$.layout", f"layout '{layout}' is not loaded (loaded: "
                                                  f"{', '.join(sorted(layout_regions)) or 'none'})"))
    items = []
    planned_end: tuple[int, datetime] | None = None
    points = {p["id"]: p for p in doc.get("points", [])}
    for n, it in enumerate(doc["items"]):
        where = f"$.items[{n}]"
        for rid, view in it.get("views", {}).items():
            if regions is not None and rid not in regions:
                problems.append(Problem(file, f"{where}.views.{rid}", f"region '{rid}' is not in layout '{layout}' "
                                                                      f"(regions: {', '.join(regions)})"))
            if not is_valid_view(view):
                problems.append(Problem(file, f"{where}.views.{rid}", f"not a view the wall knows: {view}"))
            elif (view or {}).get("kind") == "web" and web_allow and (why := web_allow.problem(view["url"])):
                problems.append(Problem(file, f"{where}.views.{rid}.url", f"web page refused: {why}"))
            camera = (view or {}).get("camera", "") if (view or {}).get("kind") == "camera" else ""
            if camera.startswith(POINT_CAMERA_PREFIX):
                point = points.get(camera[len(POINT_CAMERA_PREFIX):])
                if point is None or not point.get("feed"):
                    problems.append(Problem(file, f"{where}.views.{rid}", f"'{camera}' names no meeting point "
                                                                          "with a video feed"))
        if "at" in it:
            hh, mm = (int(x) for x in it["at"].split(":"))
            start = starts_at.replace(hour=hh, minute=mm, second=0, microsecond=0)
            if planned_end is not None and start < planned_end[1]:
                problems.append(Problem(file, f"{where}.at", f"item {n + 1} starts at {it['at']} but item "
                                                             f"{planned_end[0] + 1} runs until "
                                                             f"{planned_end[1]:%H:%M}: the times overlap"))
            planned_end = (n, start + timedelta(minutes=it["minutes"]))
        items.append(AgendaItem(it["title"], float(it["minutes"]), it.get("presenter", ""), it.get("at"),
                                dict(it.get("views", {}))))
    seen: set[str] = set()
    for n, p in enumerate(doc.get("points", [])):
        if p["id"] in seen:
            problems.append(Problem(file, f"$.points[{n}].id", f"meeting point '{p['id']}' is listed twice"))
        seen.add(p["id"])
        if "feed" in p:
            parts = urlsplit(p["feed"])
            if parts.scheme not in FEED_SCHEMES or not parts.hostname:
                problems.append(Problem(file, f"$.points[{n}].feed", f"a feed must be an address with a host and "
                                                                     f"one of {', '.join(FEED_SCHEMES)}"))
    if problems:
        raise InvalidFile(problems)
    return Meeting(doc["title"], starts_at, tuple(items), doc.get("id", "cuoc-hop"), doc.get("chair", ""), layout,
                   tuple(MeetingPoint(p["id"], p["name"], p.get("status", "online"), p.get("feed"))
                         for p in doc.get("points", [])), source=doc)
