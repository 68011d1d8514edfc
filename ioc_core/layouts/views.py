"""The kinds of view a region can show, and the parameters each takes.

Qt-free: the screen runtime looks the kind up in its widget registry; this table is what layouts,
commands and (later) the console's palette are checked against.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

from jsonschema import Draft202012Validator


@dataclass(frozen=True)
class ViewKind:
    name: str
    title_vi: str
    title_en: str
    params: dict = field(default_factory=dict)  # JSON Schema "properties" for the parameters
    required: tuple[str, ...] = ()
    carries_text: bool = True  # text or figures: unreadable when cut by a bezel


_ID = {"type": "string", "pattern": r"^[a-z0-9][a-z0-9_-]*$", "maxLength": 64}
_FPS = {"type": "number", "minimum": 1, "maximum": 60}

VIEW_KINDS: dict[str, ViewKind] = {
    k.name: k
    for k in (
        ViewKind("overview", "Tổng quan tỉnh", "Province overview"),
        ViewKind("sector", "Lĩnh vực", "Sector", {"sector": _ID}, ("sector",)),
        ViewKind("chart", "Biểu đồ chỉ tiêu", "Indicator chart",
                 {"indicator": _ID, "region": _ID, "days": {"type": "integer", "minimum": 1, "maximum": 3660}},
                 ("indicator",)),
        ViewKind("alerts", "Cảnh báo", "Alerts", {"sector": _ID}),
        ViewKind("health", "Tình trạng luồng dữ liệu", "Data-flow health"),
        ViewKind("map", "Bản đồ", "Map", {"layer": _ID, "sector": _ID}, carries_text=False),
        # fps: the most pictures a second the wall draws of a camera (each costs a conversion on the GUI thread);
        # the stream is still decoded whole. A grid draws 10 a second per cell unless told otherwise.
        # camera: a catalogue camera's id, or "diem-cau:<point id>" for a meeting point's video feed
        ViewKind("camera", "Camera", "Camera",
                 {"camera": {**_ID, "pattern": r"^(diem-cau:)?[a-z0-9][a-z0-9_-]*$"}, "fps": _FPS}, ("camera",),
                 carries_text=False),
        ViewKind(
            "camera_grid",
            "Lưới camera",
            "Camera grid",
            {
                "group": _ID,
                "rows": {"type": "integer", "minimum": 1, "maximum": 6},
                "cols": {"type": "integer", "minimum": 1, "maximum": 6},
                "dwell_s": {"type": "number", "minimum": 2, "maximum": 3600},
                # "snapshot": each cell polls the camera's snapshot URL every snapshot_s instead of decoding its
                # stream (a 3x3 grid of nine screens is 81 decoders otherwise); cameras without one still stream
                "mode": {"enum": ["stream", "snapshot"]},
                "snapshot_s": {"type": "number", "minimum": 1, "maximum": 600},
                # pin: one camera of the group shown over the whole region (the operator's "pin"), paging stopped
                "pin": _ID,
                "fps": _FPS,
            },
            ("group",),
            carries_text=False,
        ),
        ViewKind(
            "web",
            "Trang web",
            "Web page",
            {"url": {"type": "string", "pattern": r"^[hH][tT][tT][pP][sS]?://", "maxLength": 2048},
             # zoom: the page's own scale (1 = one CSS pixel per wall pixel, 2 = text twice as big)
             "zoom": {"type": "number", "minimum": 0.25, "maximum": 5},
             # reload_s: reload even while healthy (a portal whose figures only change on reload)
             "reload_s": {"type": "number", "minimum": 10, "maximum": 86400},
             # fps: how often the page's picture is taken for the wall (a video-call page wants more)
             "fps": {"type": "number", "minimum": 0.2, "maximum": 15}},
            ("url",),
        ),
        ViewKind("meeting", "Cuộc họp", "Meeting"),
        ViewKind("clock", "Đồng hồ", "Clock"),
    )
}


def view_schema() -> dict:
    """JSON Schema for a view: null (empty region) or ``{"kind": ..., <params>}``, one branch per kind."""
    branches = []
    for kind in VIEW_KINDS.values():
        props = {"kind": {"const": kind.name}, **kind.params}
        branches.append(
            {
                "if": {"properties": {"kind": {"const": kind.name}}, "required": ["kind"]},
                "then": {"properties": props, "required": ["kind", *kind.required],
                         "additionalProperties": False},
            }
        )
    return {
        "type": ["object", "null"],
        "required": ["kind"],
        "properties": {"kind": {"type": "string"}},
        "allOf": branches,
    }


def describe(view: dict | None, lang: str = "vi") -> str:
    """Short description of a view, e.g. ``Lĩnh vực: ktxh`` (``Sector: ktxh`` in English)."""
    if view is None:
        return "(trống)" if lang == "vi" else "(empty)"
    kind = VIEW_KINDS.get(view.get("kind", ""))
    title = (kind.title_vi if lang == "vi" else kind.title_en) if kind else str(view.get("kind"))
    main = [str(view[k]) for k in (kind.required if kind else ()) if k in view]
    extra = [f"{k}={v}" for k, v in sorted(view.items()) if k != "kind" and not (kind and k in kind.required)]
    if not main:
        return f"{title}: {', '.join(extra)}" if extra else title
    return f"{title}: {', '.join(main)}" + (f" ({', '.join(extra)})" if extra else "")

@functools.cache
def _view_validator() -> Draft202012Validator:
    return Draft202012Validator(view_schema())


def is_valid_view(view) -> bool:
    """True for null or a view of a known kind with valid parameters."""
    return view is None or (isinstance(view, dict) and view.get("kind") in VIEW_KINDS
                            and _view_validator().is_valid(view))
