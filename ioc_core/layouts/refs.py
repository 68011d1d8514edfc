"""What a view names in the catalogues, checked against them (Qt-free).

A sector view names a sector, a chart an indicator (and maybe a commune), a map a layer (and maybe a sector), an
alerts view maybe a sector, a camera view a camera, a camera grid a group (and maybe a pinned camera). A name the
catalogues do not have is refused where a view is given (``ioc-wall --check`` fails the layout, the API answers 422)
and shown on the wall as a card that says what is missing, never as an empty view titled with the bad id.

``Known`` holds what the wall has; a part left None is not checked (its catalogue is unusable, or not loaded here).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass

from ioc_core.problems import Problem, Severity, coded, json_path

MAX_LISTED = 12  # known ids listed in a message; the rest counted


@dataclass(frozen=True)
class Unknown:
    """One name a view gives that the catalogues do not have."""

    param: str  # the view's parameter: sector, indicator, region, layer, camera, group, pin
    what: str  # sector | indicator | region | layer | camera | camera group
    value: str
    known: tuple[str, ...]
    severity: Severity = Severity.ERROR
    note: str = ""  # for a warning: why it is only worth a look

    @property
    def message(self) -> str:
        if self.note:
            return f"{self.what} '{self.value}' {self.note}"
        return f"unknown {self.what} '{self.value}' (known: {listed(self.known)})"


def listed(ids: Iterable[str]) -> str:
    ids = list(ids)
    if not ids:
        return "none"
    more = len(ids) - MAX_LISTED
    return ", ".join(ids[:MAX_LISTED]) + (f" and {more} more" if more > 0 else "")


@dataclass(frozen=True)
class Known:
    """What views may name. ``cameras``: a CameraCatalogue (``cameras``, ``groups``, ``of_group``)."""

    sectors: Collection[str] | None = None
    indicators: Collection[str] | None = None
    regions: Collection[str] | None = None  # commune codes; None or empty: any code is taken
    layers: Collection[str] | None = None
    cameras: object | None = None

    @classmethod
    def of(cls, catalogue=None, cameras=None) -> Known:
        """From an indicator catalogue (``ioc_core.catalogue.Catalogue``, None: not checked) and a camera catalogue."""
        from ioc_core.catalogue.mapdata import LAYERS

        if catalogue is None:
            return cls(layers=tuple(LAYERS), cameras=cameras)
        return cls(tuple(catalogue.sectors), tuple(catalogue.indicators), tuple(catalogue.regions or ()),
                   tuple(LAYERS), cameras)


def unknowns(view, known: Known | None) -> list[Unknown]:
    """What of ``view`` the catalogues do not have (errors first, then warnings)."""
    if not isinstance(view, dict) or known is None:
        return []
    kind, out = view.get("kind"), []

    def check(param: str, what: str, ids) -> None:
        value = view.get(param)
        if ids is not None and isinstance(value, str) and value not in ids:
            out.append(Unknown(param, what, value, tuple(ids)))

    if kind in ("sector", "alerts", "map"):
        check("sector", "sector", known.sectors)
    if kind == "chart":
        check("indicator", "indicator", known.indicators)
        check("region", "region", known.regions or None)
    if kind == "map":
        check("layer", "layer", known.layers)
    cams = known.cameras
    if cams is not None and kind == "camera":
        camera = view.get("camera")
        from ioc_core.meeting.model import POINT_CAMERA_PREFIX

        if isinstance(camera, str) and not camera.startswith(POINT_CAMERA_PREFIX):
            check("camera", "camera", tuple(cams.cameras))
    if cams is not None and kind == "camera_grid":
        group = view.get("group")
        check("group", "camera group", tuple(cams.groups))
        if isinstance(group, str) and group in cams.groups:
            members = tuple(c.id for c in cams.of_group(group))
            if not members:
                out.append(Unknown("group", "camera group", group, (), Severity.WARNING,
                                   "has no camera yet: the grid stays empty"))
            pin = view.get("pin")
            if isinstance(pin, str) and pin not in members:
                out.append(Unknown("pin", "camera", pin, members, Severity.WARNING,
                                   f"is not a camera of group '{group}': the pin is ignored and the grid pages "
                                   f"through the group (cameras: {listed(members)})"))
    return sorted(out, key=lambda u: u.severity is not Severity.ERROR)


def view_refusal(view, known: Known | None) -> str | None:
    """Why a view given by a command is refused (its first unknown name), or None."""
    errs = [u for u in unknowns(view, known) if u.severity is Severity.ERROR]
    return f"{errs[0].message}" if errs else None


def view_problems(view, known: Known | None, file: str, path: list) -> list[Problem]:
    """The problems of one view at ``path`` (JSON path parts) of ``file``."""
    return [Problem(file, json_path([*path, u.param]), u.message, u.severity) for u in unknowns(view, known)]


def layout_problems(layout, known: Known | None, file: str | None = None) -> list[Problem]:
    """The problems of every region's view of a Layout (errors: names the catalogues do not have)."""
    file = file or layout.source or layout.id
    out = []
    for i, region in enumerate(layout.regions):
        for u in unknowns(region.view, known):
            path = json_path(["regions", i, "view", u.param])
            if u.note:  # a warning worth a look, in the wall's words
                out.append(Problem(file, path, f"region '{region.id}' shows {u.message}", u.severity))
            else:  # coded, so that a console words it in its language
                out.append(coded(file, path, "layout.unknown_ref", u.severity, region=region.id, what=u.what,
                                 value=u.value, known=listed(u.known)))
    return out


def views_refusal(views: dict, known: Known | None) -> str | None:
    """Why a set of region views (a preset's) cannot be shown, naming the first region with an unknown name."""
    for rid, view in views.items():
        why = view_refusal(view, known)
        if why:
            return f"region '{rid}': {why}"
    return None
