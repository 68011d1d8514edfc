"""What the routes ask of a wall, answered from the controller, the command desk and the alert book (Qt-free).
The wall wraps it so each call runs on its GUI thread (``wall/runtime/apiport.py``) and adds screen snapshots."""

from __future__ import annotations

from wall.api.desk import CommandDesk


class ControllerPort:
    def __init__(self, name: str, controller, desk: CommandDesk, book=None, catalogue=None, rules=None,
                 cameras=None, webpages=None):
        self.name, self.controller, self.desk, self.book, self.catalogue = name, controller, desk, book, catalogue
        self.rules = rules or {}
        self.cameras = cameras  # wall.catalogue.cameras.CameraCatalogue: names and places, never credentials
        self.webpages = webpages  # wall.catalogue.webpages.WebPages: the pages the allowlist lets the wall show

    def alert_rules(self) -> list[dict]:
        """The alert rules, each with whether an operator (or the file) paused it."""
        paused = self.controller.state.paused_rules
        return [{"id": r.id, "name": r.name, "region": r.region, "priority": r.priority, "duration_s": r.duration_s,
                 "severity": r.severity, "sectors": list(r.sectors), "paused": r.paused or r.id in paused}
                for r in self.rules.values()]

    def info(self) -> dict:
        geo = self.controller.geometry
        return {"name": self.name, "rows": geo.rows, "cols": geo.cols, "revision": self.controller.state.revision,
                "layout": self.controller.state.layout.id}

    def state(self) -> dict:
        return self.controller.state.to_json()

    def layouts(self) -> list[dict]:
        return [{"id": lay.id, "title": {"vi": lay.title_vi, "en": lay.title_en or lay.title_vi},
                 "grid": {"rows": lay.grid_rows, "cols": lay.grid_cols},
                 "regions": [r.to_json() for r in lay.regions]}
                for lay in sorted(self.controller.library.layouts.values(), key=lambda lay: lay.id)]

    def presets(self) -> list[dict]:
        return [{"name": n, "layout": p["layout"]} for n, p in sorted(self.controller.presets.items())]

    def views(self) -> dict:
        """The views a console can put on a region, with their Vietnamese titles."""
        from wall.catalogue.mapdata import LAYERS
        from wall.layouts.views import VIEW_KINDS

        out = [{"kind": k, "title": VIEW_KINDS[k].title_vi} for k in ("overview", "alerts", "health", "clock",
                                                                      "meeting")]
        if self.catalogue is not None:
            out += [{"kind": "sector", "sector": s.id, "title": s.name_vi} for s in self.catalogue.sectors.values()]
            out += [{"kind": "chart", "indicator": i.id, "title": i.name_vi}
                    for i in self.catalogue.indicators.values()]
        out += [{"kind": "map", "layer": layer, "title": f"{VIEW_KINDS['map'].title_vi}: {layer}"} for layer in LAYERS]
        if self.cameras is not None:
            grid = VIEW_KINDS["camera_grid"].title_vi
            out += [{"kind": "camera_grid", "group": g.id, "rows": 2, "cols": 2, "title": f"{grid}: {g.name_vi}"}
                    for g in self.cameras.groups.values() if self.cameras.of_group(g.id)]
            out += [{"kind": "camera", "camera": c.id, "title": c.name_vi} for c in self.cameras.cameras.values()]
        if self.webpages is not None:
            web = VIEW_KINDS["web"].title_vi
            out += [{**p.view, "title": f"{web}: {p.name_vi}"} for p in self.webpages.pages.values()]
        return {"views": out, "cameras": [c.public() for c in self.cameras.cameras.values()] if self.cameras else []}

    def execute(self, cmd: dict, who, base_revision, force) -> tuple[int, dict]:
        return self.desk.execute(cmd, who, base_revision, force)

    def alerts(self, closed: bool = False) -> list[dict]:
        return [a.to_json() for a in self.book.alerts(include_closed=closed)] if self.book is not None else []

    def acknowledge(self, alert_id: str, by: str) -> tuple[bool, str]:
        if self.book is None:
            return False, f"unknown alert '{alert_id}' (this wall keeps no alerts)"
        return self.book.acknowledge(alert_id, by)

    def snapshot(self, row: int, col: int, width: int | None, fmt: str) -> bytes | None:
        return None  # no screens without Qt
