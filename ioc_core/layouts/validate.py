"""Turn a layout document into a Layout, or into problems that name the file, the JSON path and the fault."""

from __future__ import annotations

from ioc_core.layouts.migrate import MigrationError, migrate
from ioc_core.layouts.model import Layout, Region
from ioc_core.layouts.schema import validator
from ioc_core.layouts.views import VIEW_KINDS
from ioc_core.names import reserved_problem
from ioc_core.problems import (
    InvalidFile,
    Problem,
    Severity,
    coded,
    errors,
    json_path,
    schema_errors,
    schema_problem,
    shown,
)
from ioc_core.redact import redact


def parse_layout(doc, file: str = "<layout>") -> tuple[Layout, list[Problem]]:
    """Validate ``doc`` (already parsed JSON). Return the layout and any warnings; raise InvalidFile."""
    if not isinstance(doc, dict):
        raise InvalidFile([coded(file, "$", "layout.not_object", type=_json_type(doc))])
    try:
        doc, _from_version = migrate(doc)
    except MigrationError as exc:
        raise InvalidFile([Problem(file, "$.schema_version", str(exc))]) from None

    problems = [_schema_problem(err, file) for err in schema_errors(validator(), doc)]
    if problems:
        raise InvalidFile(_dedupe(problems))

    if (reserved := reserved_problem(file, "$.id", doc["id"])) is not None:  # saved as ``<id>.json``
        raise InvalidFile([reserved])
    if secrets := web_secret_problems(doc, file):
        raise InvalidFile(secrets)
    problems = check_regions(doc, file)
    if errors(problems):
        raise InvalidFile(problems)
    return _build(doc, file), problems


def check_regions(doc: dict, file: str) -> list[Problem]:
    """Where regions lie: ids unique, inside the grid, no overlap (and cells no region covers). For a document the
    schema accepts; the layout editor runs it alone on each step of a drag, which changes only cells and spans."""
    rows, cols = doc["grid"]["rows"], doc["grid"]["cols"]
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    owner: dict[tuple[int, int], int] = {}
    regions = doc["regions"]
    for i, reg in enumerate(regions):
        path = ["regions", i]
        rid = reg["id"]
        if rid in seen:
            problems.append(coded(file, json_path([*path, "id"]), "layout.duplicate_region", region=rid,
                                  index=seen[rid]))
        seen.setdefault(rid, i)
        view = reg.get("view")
        if view is not None and view["kind"] not in VIEW_KINDS:
            problems.append(coded(file, json_path([*path, "view", "kind"]), "layout.unknown_view_kind",
                                  kind=view["kind"], known=", ".join(sorted(VIEW_KINDS))))
        (r0, c0), (nr, nc) = reg["cell"], reg.get("span", [1, 1])
        if r0 + nr > rows or c0 + nc > cols:
            problems.append(coded(
                file, json_path([*path, "span" if "span" in reg and r0 < rows and c0 < cols else "cell"]),
                "layout.leaves_grid", region=rid, row0=r0, row1=r0 + nr - 1, col0=c0, col1=c0 + nc - 1,
                last_row=rows - 1, last_col=cols - 1))
            continue
        clash = None
        for cell in ((r, c) for r in range(r0, r0 + nr) for c in range(c0, c0 + nc)):
            if cell in owner and clash is None:
                clash = (owner[cell], cell)
            owner.setdefault(cell, i)
        if clash is not None:
            j, (r, c) = clash
            problems.append(coded(file, json_path(path), "layout.overlap", region=rid, other=regions[j]["id"],
                                  row=r, col=c))
    if not errors(problems):
        empty = rows * cols - len(owner)
        if empty:
            problems.append(coded(file, "$.regions", "layout.black_cells", Severity.WARNING, empty=empty,
                                  cells=rows * cols))
    return problems


def web_secret_problems(doc: dict, file: str) -> list[Problem]:
    """A web view whose address carries a credential: a user name or password before its host, or a query or
    fragment parameter ioc_core/redact.py masks (``token``, ``password``, ``%74oken`` ...). A layout is a file
    anyone with the wall's files reads and the API returns as written: a credential has no place in it."""
    out = []
    for i, reg in enumerate(doc["regions"]):
        view = reg.get("view")
        url = view.get("url") if isinstance(view, dict) and view.get("kind") == "web" else None
        if isinstance(url, str) and (masked := redact(url)) != url:
            short = masked if len(masked) <= 120 else masked[:117] + "…"
            out.append(Problem(file, json_path(["regions", i, "view", "url"]),
                               f"region '{reg['id']}' shows a web page whose address carries a credential "
                               f"('{short}'): a layout is stored, read back and audited as written, so it may "
                               "hold no user name, password or token; give the page an address without one"))
    return out


def _build(doc: dict, file: str) -> Layout:
    regions = tuple(
        Region(id=r["id"], row=r["cell"][0], col=r["cell"][1], rows=r.get("span", [1, 1])[0],
               cols=r.get("span", [1, 1])[1], view=r.get("view"),
               title_vi=r.get("title", {}).get("vi", ""), title_en=r.get("title", {}).get("en", ""))
        for r in doc["regions"]
    )
    return Layout(id=doc["id"], title_vi=doc["title"]["vi"], title_en=doc["title"].get("en", ""),
                  grid_rows=doc["grid"]["rows"], grid_cols=doc["grid"]["cols"], regions=regions, source=file)


def _schema_problem(err, file: str) -> Problem:
    if err.validator == "const" and list(err.absolute_path) == ["schema_version"]:
        return Problem(file, json_path(err.absolute_path), f"unsupported schema_version {err.instance!r}")
    if err.validator == "pattern":
        return coded(file, json_path(err.absolute_path), "layout.bad_name", value=shown(err.instance))
    return schema_problem(err, file)


def _dedupe(problems: list[Problem]) -> list[Problem]:
    out: list[Problem] = []
    for p in problems:
        if p not in out:
            out.append(p)
    return out


def _json_type(value) -> str:
    return {dict: "an object", list: "an array", str: "a string", bool: "a boolean",
            type(None): "null", int: "a number", float: "a number"}.get(type(value), type(value).__name__)


def region_cut_by_bezel(region: Region, view: dict | None, grid: tuple[int, int], geo) -> list[tuple[int, int]]:
    """Screens a text-carrying region is split across (empty when it is not cut or carries no text)."""
    kind = VIEW_KINDS.get((view or {}).get("kind", ""))
    if kind is None or not kind.carries_text:
        return []
    screens = geo.screens_under(geo.cell_rect(*grid, region.row, region.col, region.rows, region.cols))
    return screens if len(screens) > 1 else []


def bezel_warnings(layout: Layout, geo, views: dict | None = None) -> list[Problem]:
    """Warn (never refuse) where text or figures would be split by a bezel: unreadable from the room."""
    out = []
    for i, region in enumerate(layout.regions):
        view = (views or {}).get(region.id, region.view) if views is not None else region.view
        screens = region_cut_by_bezel(region, view, (layout.grid_rows, layout.grid_cols), geo)
        if screens:
            out.append(coded(layout.source or layout.id, json_path(["regions", i]), "layout.bezel_cut",
                             Severity.WARNING, region=region.id, kind=view["kind"], screens=len(screens)))
    return out


def room_warnings(layout: Layout, geo, room, views: dict | None = None, sector_view=None) -> list[Problem]:
    """Warn (never refuse) where a region is too small for what its view must show at the room's viewing
    distance (``room``: ioc_core.views.legibility.Room): a view that cannot show its least (its kind's
    KIND_NEEDS), and a sector view that cannot show one of its tiles (``sector_view(sector)``: the sector's
    SectorViewSpec, or None). A sector view that shows fewer tiles than it declares is no fault: it shows the
    abnormal and the most important ones (wall.widgets.sector), by design."""
    from ioc_core.views import legibility

    out = []
    grid = (layout.grid_rows, layout.grid_cols)
    for i, region in enumerate(layout.regions):
        view = (views or {}).get(region.id, region.view) if views is not None else region.view
        if not view:
            continue
        kind = view.get("kind", "")
        r = geo.cell_rect(*grid, region.row, region.col, region.rows, region.cols)
        w, h = r.w, r.h
        if kind == "camera_grid":
            w, h = w / max(1, view.get("cols", 2)), h / max(1, view.get("rows", 2))
        where = (layout.source or layout.id, json_path(["regions", i]))
        args = {"region": region.id, "kind": kind, "distance": f"{room.distance_m:g}"}
        if not legibility.fits_kind(kind, w, h, room):
            line = legibility.line_px(room)
            need = legibility.KIND_NEEDS[kind]
            out.append(coded(*where, "layout.room_too_small", Severity.WARNING, **args,
                             width=round(need[0] * line), height=round(need[1] * line)))
            continue
        spec = sector_view(view.get("sector", "")) if kind == "sector" and sector_view is not None else None
        if spec is None:
            continue
        shown, total = sector_tiles_shown(spec, w, h, room), len(spec.tiles)
        if total and not shown:
            out.append(coded(*where, "layout.room_no_tiles", Severity.WARNING, **args, total=total))
    return out


def sector_tiles_shown(spec, width: float, height: float, room) -> int:
    """How many of a sector view's tiles a ``width`` x ``height`` view shows at ``room``'s distance (its panels
    laid out as wall.widgets.sector lays them)."""
    from ioc_core.views import legibility

    gap = max(12.0, width * 0.008)
    body_h = height - legibility.sector_header_px(height, room)
    cw, ch = (width - gap) / spec.cols, (body_h - gap) / spec.rows
    shown = 0
    for p in spec.panels:
        if p.kind == "tiles":
            pw, ph = p.cols * cw - gap, p.rows * ch - gap
            shown += legibility.tile_grid(pw + 2 * gap, ph + 2 * gap, len(p.indicators), room, p.columns, gap)[0]
    return shown
