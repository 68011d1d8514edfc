"""The three kinds of catalogue addition (Qt-free): a camera, a web page, an indicator on a sector view.

Each kind merges entries over the catalogue the wall loaded (the shipped or configured file, as parsed) and checks
the merged document with the code that checks it at start: ``parse_cameras``; ``parse_webpages`` and the web
allowlist; ``parse_sector_views``. ``build`` raises InvalidFile; ``fields`` says which field of the added entry
each problem is about.
"""

from __future__ import annotations

from dataclasses import replace

from ioc_core.catalogue.cameras import CameraCatalogue, parse_cameras
from ioc_core.catalogue.sectorviews import sector_view
from ioc_core.catalogue.webpages import WebPages, parse_webpages
from ioc_core.problems import InvalidFile, Problem, coded, json_path
from ioc_core.redact import redact_text

MAX_COLUMNS = 6  # of a tiles panel (the sector views schema)


def entry_fields(problems: list[Problem], prefix: str) -> list[Problem]:
    """The problems under ``prefix`` (``$.cameras[31]``), each at the field as the entry names it (``group``,
    ``name.vi``, ``streams[0]``), with its code (a console words it); a missing or unknown property is named as the
    field itself."""
    out = []
    for p in problems:
        if p.path != prefix and not p.path.startswith((prefix + ".", prefix + "[")):
            continue
        field = p.path[len(prefix):].lstrip(".")
        if p.code == "schema.required":
            out.append(coded("", ".".join(filter(None, (field, p.params["field"]))), "entry.required"))
        elif p.code == "schema.unknown_field":
            out += [coded("", ".".join(filter(None, (field, name))), "entry.not_a_field")
                    for name in p.params["fields"].split(", ")]
        else:
            out.append(replace(p, file="", path=field, message=redact_text(p.message),
                               args=tuple((k, redact_text(v) if isinstance(v, str) else v) for k, v in p.args)))
    return out


class CameraKind:
    name, key, file_name, id_field = "camera", "cameras", "cameras.json", "id"

    def __init__(self, base: CameraCatalogue, source: str):
        self.source = source
        self.groups = [g.entry() for g in base.groups.values()]
        self.base = [c.entry() for c in base.cameras.values()]

    def build(self, entries: list) -> CameraCatalogue:
        return parse_cameras({"schema_version": 1, "groups": self.groups, "cameras": [*self.base, *entries]},
                             "<cameras>")

    def fields(self, problems: list[Problem], n: int) -> list[Problem]:
        return entry_fields(problems, f"$.cameras[{len(self.base) + n}]")

    @staticmethod
    def entry_id(entry) -> str | None:
        return entry.get("id") if isinstance(entry, dict) and isinstance(entry.get("id"), str) else None

    def ids(self, result: CameraCatalogue) -> dict[str, Problem]:
        """Every id in use, with what a refused duplicate is told."""
        return {c.id: coded("", "id", "entry.taken", name=c.name_vi) for c in result.cameras.values()}


class GroupKind:
    """A camera group (the camera catalogue's group format: id, name, kind), for cameras of a new site; the cameras
    kind is built on the groups this one makes."""

    name, key, file_name, id_field = "camera group", "groups", "camera-groups.json", "id"

    def __init__(self, base: CameraCatalogue, source: str):
        self.source = source
        self.groups = [g.entry() for g in base.groups.values()]
        self.cameras = [c.entry() for c in base.cameras.values()]

    def build(self, entries: list) -> CameraCatalogue:
        return parse_cameras({"schema_version": 1, "groups": [*self.groups, *entries], "cameras": self.cameras},
                             "<cameras>")

    def fields(self, problems: list[Problem], n: int) -> list[Problem]:
        return entry_fields(problems, f"$.groups[{len(self.groups) + n}]")

    entry_id = staticmethod(CameraKind.entry_id)

    def ids(self, result: CameraCatalogue) -> dict[str, Problem]:
        return {g.id: coded("", "id", "entry.taken", name=g.name_vi) for g in result.groups.values()}


class WebPageKind:
    name, key, file_name, id_field = "web page", "pages", "web-pages.json", "id"

    def __init__(self, base: WebPages, allow, source: str):
        self.source, self.allow = source, allow
        self.base = [p.entry() for p in base.pages.values()]

    def build(self, entries: list) -> WebPages:
        pages = parse_webpages({"schema_version": 1, "pages": [*self.base, *entries]}, "<web pages>")
        refused = [coded("<web pages>", f"$.pages[{len(self.base) + n}].url", why[0], **why[1])
                   for n, e in enumerate(entries) if (why := self.allow.reason(e["url"]))]
        if refused:
            raise InvalidFile(refused)
        return pages

    def fields(self, problems: list[Problem], n: int) -> list[Problem]:
        return entry_fields(problems, f"$.pages[{len(self.base) + n}]")

    entry_id = staticmethod(CameraKind.entry_id)

    def ids(self, result: WebPages) -> dict[str, Problem]:
        return {p.id: coded("", "id", "entry.taken", name=p.name_vi) for p in result.pages.values()}


class IndicatorKind:
    """``{"sector": ..., "indicator": ...}``: the indicator joins the sector view's first tiles panel (or its
    table); a sector without a declared view gets its default view declared with it."""

    name, key, file_name, id_field = "indicator", "indicators", "sector-indicators.json", "indicator"

    def __init__(self, catalogue, declared: dict, source: str):
        self.catalogue, self.source = catalogue, source
        self.base = {s: spec.to_json() for s, spec in declared.items()}

    def build(self, entries: list) -> dict:
        from ioc_core.catalogue.sectorviews import parse_sector_views

        views = {s: {**v, "panels": [dict(p) for p in v["panels"]]} for s, v in self.base.items()}
        for n, e in enumerate(entries):
            at = json_path(["indicators", n])
            if not isinstance(e, dict) or set(e) != {"sector", "indicator"} \
                    or not all(isinstance(v, str) for v in e.values()):
                raise InvalidFile([Problem("<sector views>", at, 'expected {"sector": id, "indicator": id}')])
            if e["sector"] not in self.catalogue.sectors:
                raise InvalidFile([Problem("<sector views>", at + ".sector", f"unknown sector '{e['sector']}'")])
            view = views.setdefault(e["sector"], sector_view(self.catalogue, e["sector"], {}).to_json())
            panel = target_panel(view["panels"])
            if panel is None:
                raise InvalidFile([Problem("<sector views>", at, f"the view of sector '{e['sector']}' has no "
                                                                 "tiles or table to show an indicator in")])
            if e["indicator"] in panel["indicators"]:
                raise InvalidFile([Problem("<sector views>", at + ".indicator", f"'{e['indicator']}' is already "
                                           f"in the view of sector '{e['sector']}'")])
            grow(panel, e["indicator"])
        return parse_sector_views({"schema_version": 2, "views": views}, self.catalogue, "<sector views>")

    def fields(self, problems: list[Problem], n: int) -> list[Problem]:
        """Everything said of the merged views is about the one indicator this entry adds."""
        out = []
        for p in problems:
            field = "sector" if p.path.endswith(".sector") else "indicator"
            if p.path.endswith(".indicators") and p.code == "schema.maxItems":
                out.append(coded("", field, "entry.panel_full", most=p.params["limit"]))
            else:
                out.append(replace(p, file="", path=field))
        return out

    @staticmethod
    def entry_id(entry) -> str | None:
        if isinstance(entry, dict) and isinstance(entry.get("sector"), str) and isinstance(entry.get("indicator"),
                                                                                          str):
            return f"{entry['sector']}/{entry['indicator']}"
        return None

    def ids(self, result: dict) -> dict[str, Problem]:
        return {f"{s}/{i}": coded("", "indicator", "entry.in_view", sector=s) for s in self.catalogue.sectors
                for i in shown(self.catalogue, result, s)}


def grow(panel: dict, indicator: str) -> None:
    """``indicator`` joins ``panel`` (a file's form). Tiles keep their height: the wall's text never shrinks below
    a size read across the room, so a shorter tile would overflow. A full panel takes a column more, as long as a
    tile keeps half a grid column of width (six at most), and only then a row more."""
    if panel["kind"] == "tiles":
        columns, span = panel.get("columns", 3), panel.get("span", [1, 1])[1]
        rows = max(1, -(-len(panel["indicators"]) // columns))
        if len(panel["indicators"]) + 1 > rows * columns and columns < min(MAX_COLUMNS, 2 * span):
            panel["columns"] = columns + 1
    panel["indicators"] = [*panel["indicators"], indicator]


def target_panel(panels: list):
    """The panel an added indicator joins: the first tiles panel, else the first table (doc or Panel form)."""
    def kind(p):
        return p["kind"] if isinstance(p, dict) else p.kind

    return next((p for p in panels if kind(p) == "tiles"), None) or next((p for p in panels if kind(p) == "table"),
                                                                         None)


def shown(catalogue, declared: dict, sector: str) -> tuple[str, ...]:
    """The indicators in the panel of ``sector``'s view that additions join (its tiles or table)."""
    panel = target_panel(list(sector_view(catalogue, sector, declared).panels))
    return panel.indicators if panel is not None else ()
