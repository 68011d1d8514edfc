"""What the routes ask of a wall, answered from the controller, the command desk and the alert book (Qt-free).
The wall wraps it so each call runs on its GUI thread (``wall/runtime/apiport.py``) and adds screen snapshots; the
technicians' saves (layouts, catalogue additions, the screen mapping) check and write on the calling thread and hand
the wall only what touches it (``ask_wall``, ``tell_wall``)."""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Callable
from pathlib import Path

from ioc_core.api.audit import recorded_as
from ioc_core.api.desk import CommandDesk, Reply
from ioc_core.layouts.saved_layouts import LayoutSaveError, LayoutStore
from ioc_core.messages import MESSAGES
from ioc_core.outcomes import CONFLICT, CREATED, DISK_FULL, DONE, INVALID, NOT_FOUND, NOT_WRITTEN, Answer
from ioc_core.problems import Problem, Severity, coded
from ioc_core.views.text import LAYER_NAMES as MAP_LAYER_TITLES  # the map's own words for its layers

log = logging.getLogger(__name__)
_CORRELATING = threading.Lock()  # GET /correlation: one computed at a time (a core stays the wall's)


def _here(fn):
    """``fn`` run on the calling thread: how a port without a wall behind it reaches the controller."""
    return fn()


class ControllerPort:
    def __init__(self, name: str, controller, desk: CommandDesk, book=None, catalogue=None, rules=None,
                 cameras=None, webpages=None, *, edits=None, config_store=None, layout_store: LayoutStore | None = None,
                 on_catalogue_change: Callable | None = None, ask_wall: Callable = _here, tell_wall: Callable = _here,
                 store_path=None, history_from: str = "own"):
        self.name, self.controller, self.desk, self.book, self.catalogue = name, controller, desk, book, catalogue
        self.rules = rules or {}
        self.cameras = cameras  # ioc_core.catalogue.cameras.CameraCatalogue: names and places, never credentials
        self.webpages = webpages  # ioc_core.catalogue.webpages.WebPages: the pages the allowlist lets the wall show
        self.edits = edits  # a CatalogueEdits, when the wall keeps technicians' additions
        self.config_store = config_store  # a ConfigStore, when the wall saves its configuration (the screen mapping)
        self.layout_store = layout_store  # the layouts folder, when technicians may save into it
        # called with each change, on the thread that owns the controller (``tell_wall``)
        self.on_catalogue_change = on_catalogue_change
        # How this port reaches the thread that owns the controller: ``ask_wall(fn)`` before anything is written (may
        # raise TimeoutError having done nothing: the wall was too busy to start it), ``tell_wall(fn)`` after (never
        # cancelled: TimeoutError means it runs later). Without a wall (the Qt-free port) both run ``fn`` here.
        self.ask_wall, self.tell_wall = ask_wall, tell_wall
        # the indicator store GET /correlation reads (the wall's own, or in hub mode its mirror of the hub's, kept
        # with the hub's history: ``history_from`` "hub"); None: no history to read
        self.store_path, self.history_from = store_path, history_from

    def alert_rules(self) -> list[dict]:
        """The alert rules, each with whether an operator (or the file) paused it."""
        paused = self.controller.state.paused_rules
        return [{"id": r.id, "name": r.name, "region": r.region, "priority": r.priority, "duration_s": r.duration_s,
                 "severity": r.severity, "sectors": list(r.sectors), "paused": r.paused or r.id in paused}
                for r in self.rules.values()]

    def info(self) -> dict:
        geo = self.controller.geometry
        return {"name": self.name, "rows": geo.rows, "cols": geo.cols, "revision": self.controller.state.revision,
                "layout": self.controller.state.layout.id,
                # for drawing the wall (the layout editor): a screen's pixels and the bezel gaps between screens
                "screen": {"width_px": geo.screen_w, "height_px": geo.screen_h, "gap_x_px": geo.gap_x,
                           "gap_y_px": geo.gap_y}}

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
        from ioc_core.catalogue.mapdata import LAYERS
        from ioc_core.layouts.views import VIEW_KINDS

        out = [{"kind": k, "title": VIEW_KINDS[k].title_vi} for k in ("overview", "alerts", "health", "clock",
                                                                      "meeting")]
        if self.catalogue is not None:
            out += [{"kind": "sector", "sector": s.id, "title": s.name_vi} for s in self.catalogue.sectors.values()]
            out += [{"kind": "chart", "indicator": i.id, "title": i.name_vi}
                    for i in self.catalogue.indicators.values()]
        out += [{"kind": "map", "layer": layer,
                 "title": f"{VIEW_KINDS['map'].title_vi}: {MAP_LAYER_TITLES.get(layer, layer)}"} for layer in LAYERS]
        if self.cameras is not None:
            grid = VIEW_KINDS["camera_grid"].title_vi
            out += [{"kind": "camera_grid", "group": g.id, "rows": 2, "cols": 2, "title": f"{grid}: {g.name_vi}"}
                    for g in self.cameras.groups.values() if self.cameras.of_group(g.id)]
            out += [{"kind": "camera", "camera": c.id, "title": c.name_vi} for c in self.cameras.cameras.values()]
        if self.webpages is not None:
            web = VIEW_KINDS["web"].title_vi
            out += [{**p.view, "title": f"{web}: {p.name_vi}"} for p in self.webpages.pages.values()]
        return {"views": out, "cameras": [c.public() for c in self.cameras.cameras.values()] if self.cameras else []}

    # -- catalogue editing: technicians' additions (ioc_core/catalogue/edits.py) --------------------------------------
    def catalogue_doc(self) -> dict | None:
        """GET /catalogue (``catalogue`` is the indicator catalogue)."""
        return self.edits.public() if self.edits is not None else None

    def edit_catalogue(self, who, action: str, kind: str, entry=None, eid: str = "", sector: str = "") -> Answer:
        """Adds an entry ("created") or removes a technician's addition ("done"); a refusal names the field and changes
        nothing. The change is in GET /views at once, recorded in the audit log and announced to consoles. Checked
        and saved on the calling thread; whether a camera is on the wall is asked of the wall's thread before, and
        the new catalogues are put in use there after."""
        from ioc_core.catalogue.edits import Refused

        if self.edits is None:
            return Answer(NOT_FOUND, {"error": "this wall keeps no catalogue additions", "problems": []})
        after: list[dict] = []

        def done(change) -> None:  # saved, and the store's lock still held: recorded and told in the order made
            after.extend(_warning(w) for w in self._audit_edit(who, change, entry))
            try:
                after.extend(self.tell_wall(lambda: self._edited_in_wall(change, who)))
            except TimeoutError:
                after.append(_warning("edit.busy"))

        try:
            if action == "add":
                change, warnings = self.edits.add(kind, entry, sector, done)
            else:
                change = self.edits.remove(kind, eid, lambda c: self.ask_wall(lambda: self._not_on_the_wall(c)),
                                           done)
                warnings = []
        except Refused as exc:
            return Answer(exc.kind, exc.to_json())
        warnings = [_warning(w) for w in warnings] + after
        done = "added" if action == "add" else "removed"
        return Answer(CREATED if action == "add" else DONE, {done: change.id, "kind": kind, "warnings": warnings,
                                                             "catalogue": self.edits.public()})

    def _edited_in_wall(self, change, who) -> list[dict]:
        """On the wall's thread: the catalogues as the latest edit left them in use, consoles told. Returns, for a
        removed camera, what still shows it (the views on the wall, presets and layouts)."""
        in_use = self.edits.in_use
        self.cameras, self.webpages = in_use.cameras, in_use.webpages
        if self.desk.bus is not None:
            self.desk.bus.publish("catalogue", {"action": change.action, "kind": change.kind, "id": change.id,
                                                "by": who.name})
        if self.on_catalogue_change is not None:
            self.on_catalogue_change(change)
        return self._still_shown(change) if change.kind == "camera" and change.action == "remove" else []

    def _still_shown(self, change) -> list[dict]:
        """What names a removed camera (by the rule that refuses the removal): a region an operator gave it while it
        was being removed, each preset and each layout; they show no picture of it from now on."""
        from ioc_core.catalogue.edits import names_camera

        def regions(views: dict) -> list[str]:
            return [rid for rid, v in views.items() if names_camera(v, change.id, change.group)]

        out = []
        if shown := regions(self.controller.state.views):
            out.append(_warning("camera.shown_meanwhile", camera=change.id, regions=", ".join(shown)))
        for name, preset in sorted(self.controller.presets.items()):
            if shown := regions(preset.get("views") or {}):
                out.append(_warning("camera.in_preset", preset=name, camera=change.id, regions=", ".join(shown)))
        for lid in self.controller.library.ids():
            if shown := regions({r.id: r.view for r in self.controller.library.get(lid).regions}):
                out.append(_warning("camera.in_layout", layout=lid, camera=change.id, regions=", ".join(shown)))
        return out

    def _not_on_the_wall(self, change) -> None:
        """A camera a region of the wall was given is not removed from under it: the operator shows something else
        first. A grid of its group on the wall does not stop it; the grid is built again without it."""
        from ioc_core.catalogue.edits import Refused, names_camera

        if change.kind != "camera":
            return
        regions = [rid for rid, v in sorted(self.controller.state.views.items())
                   if names_camera(v, change.id, change.group)]
        if regions:
            raise Refused(CONFLICT, f"camera '{change.id}' is on the wall in region {', '.join(regions)}: show "
                                    "something else there first")

    def _audit_edit(self, who, change, entry) -> list[str]:
        record = {"command": f"catalogue_{change.action}", "kind": change.kind, "id": change.id}
        if change.action == "add" and change.kind != "indicator":
            record["entry"] = entry
        return self.audit(who, record)  # the edit stands (saved and in use) if the record is missing

    def execute(self, cmd: dict, who, base_revision, force, client: str = "") -> Reply:
        reply = self.desk.execute(cmd, who, base_revision, force, client=client)
        changed = reply.body.get("changed") if reply.kind == "stale" else None
        if changed is not None and changed.get("view") is not None:  # the console names the view as the wall does
            bare = {k: v for k, v in changed["view"].items() if k != "pin"}
            changed["title"] = next((v["title"] for v in self.views()["views"]
                                     if {k: x for k, x in v.items() if k != "title"} == bare), "")
        return reply

    # -- technicians' layouts (ioc_core/layouts/saved_layouts.py) ------------------------------------------------------
    def layout(self, layout_id: str) -> Answer:
        """A layout's file as it is on disk, with the revision a save must name."""
        try:
            doc, revision, file = self._layouts().read(layout_id)
        except LayoutSaveError as exc:
            return Answer(exc.kind, exc.to_json())
        return Answer(DONE, {"layout": doc, "revision": revision, "file": file})

    def save_layout(self, layout_id: str, doc, base_revision: str | None, apply: bool, who) -> Answer:
        """Check, store and (``apply``) show a technician's layout; the answer names every problem and where. The
        check and the write run on the calling thread; the new library, the apply and the warnings about what the
        wall shows, on the wall's (``tell_wall``)."""
        if not isinstance(doc, dict) or doc.get("id") != layout_id:
            found = doc.get("id") if isinstance(doc, dict) else None
            return Answer(INVALID, {"error": f"the layout's id ({found!r}) must be the id in the address "
                                             f"('{layout_id}')"})
        out: dict = {}

        def take(saved) -> None:  # written, and the store's lock still held: saves reach the wall in order
            log.info("layout '%s' saved by %s to %s (revision %s)", layout_id, who.name, saved.file, saved.revision)
            unrecorded = self.audit(who, {"command": "save_layout", "layout": layout_id, "file": saved.file,
                                                "revision": saved.revision, "created": saved.created})
            out.update({"saved": layout_id, "revision": saved.revision, "file": saved.file,
                        "created": saved.created, "applied": False,
                        "warnings": [p.to_json() for p in saved.warnings] + [_warning(m, saved.file)
                                                                             for m in unrecorded]})
            try:
                shown = self.tell_wall(lambda: self._saved_in_wall(saved, apply, who))
            except TimeoutError:
                shown = {"warnings": [_warning("edit.busy", saved.file)]}
            out.update({**shown, "warnings": out["warnings"] + shown["warnings"]})

        try:
            refs = self.controller.references  # what views may name (ioc_core/layouts/refs.py)
            self._layouts().save(doc, base_revision, self.controller.geometry, take, refs() if refs else None,
                                 self.controller.web_allow)
        except LayoutSaveError as exc:
            log.warning("layout '%s' not saved for %s: %s", layout_id, who.name, exc.reason)
            return Answer(exc.kind, exc.to_json())
        return Answer(DONE, out)

    def _saved_in_wall(self, saved, apply: bool, who) -> dict:
        """On the wall's thread: the saved layout in use, applied if asked; what the answer adds ("warnings",
        "applied", "state_revision")."""
        self.controller.library = saved.library
        layout_id, out = saved.layout.id, {"warnings": []}
        if apply:
            reply = self.desk.execute({"command": "apply_layout", "layout": layout_id}, who)
            out.update(applied=reply.done, state_revision=reply.body.get("revision"))
            if not reply.done:
                out["warnings"].append(_warning("layout.not_applied", saved.file, reason=reply.body.get("reason")))
        elif self.controller.state.layout.id == layout_id:
            out["warnings"].append(_warning("layout.still_old", saved.file))
        out["warnings"] += [_warning("layout.meeting_gap", saved.file, **gap) for gap in self._meeting_gaps(
            saved.layout)]
        self._layouts_changed()
        return out

    def _meeting_gaps(self, layout) -> list[dict]:
        """The regions the loaded meeting's agenda shows views in on ``layout`` that it no longer has (said now,
        not when the meeting reaches that item)."""
        run = self.controller.state.meeting
        if run is None or run.status == "ended" or run.meeting.layout != layout.id:
            return []
        missing: dict[str, list[int]] = {}
        for n, item in enumerate(run.meeting.items, 1):
            for rid in item.views:
                if rid not in layout.region_ids:
                    missing.setdefault(rid, []).append(n)
        return [{"meeting": run.meeting.title, "region": rid, "items": ", ".join(map(str, items))}
                for rid, items in missing.items()]

    def delete_layout(self, layout_id: str, who) -> Answer:
        """The file moved aside on the calling thread; the library without it is put in use on the wall's thread
        first (``ask_wall``), once the wall is seen not to show it, so no command can apply it meanwhile."""
        shown = self._shown_refusal(layout_id)
        if shown:
            return Answer(CONFLICT, shown)

        def take(library) -> None:  # on the wall's thread: shown or not is decided where commands run
            if refused := self._shown_refusal(layout_id):
                raise LayoutSaveError(CONFLICT, refused["error"])
            self.controller.library = library

        users: list[str] = []

        def done(file, back) -> None:  # moved, and the store's lock still held: recorded and told in order
            log.info("layout '%s' deleted by %s (%s kept in .previous/)%s", layout_id, who.name, file,
                     f"; the one of {back.source} is back" if back else "")
            self.audit(who, {"command": "delete_layout", "layout": layout_id, "file": file})
            with contextlib.suppress(TimeoutError):
                users.extend(self.tell_wall(lambda: self._deleted_in_wall(layout_id)))

        try:
            store = self._layouts()
            file, back = store.delete(layout_id, lambda library: self.ask_wall(lambda: take(library)), done)
        except LayoutSaveError as exc:
            if exc.kind in (NOT_WRITTEN, DISK_FULL):  # the file is where it was: the layout is back in use
                self._library_back(store)
            return Answer(exc.kind, exc.to_json())
        return Answer(DONE, {"deleted": layout_id, "file": file, "restored": back is not None,
                             "warnings": [] if back else [f"preset '{n}' uses this layout and can no longer be "
                                                          "recalled" for n in users]})

    def _shown_refusal(self, layout_id: str) -> dict | None:
        if self.controller.state.layout.id == layout_id:
            return {"error": f"the wall shows layout '{layout_id}'; apply another layout before deleting it"}
        return None

    def _deleted_in_wall(self, layout_id: str) -> list[str]:
        """On the wall's thread: the presets that used the deleted layout; consoles told of the new list."""
        users = sorted(n for n, p in self.controller.presets.items() if p.get("layout") == layout_id)
        self._layouts_changed()
        return users

    def _library_back(self, store: LayoutStore) -> None:
        def back() -> None:
            self.controller.library = store.library  # the store's latest, whatever saved since

        with contextlib.suppress(TimeoutError):  # on its way: it runs once the wall is free
            self.tell_wall(back)

    def _layouts(self) -> LayoutStore:
        if self.layout_store is None:
            raise LayoutSaveError(NOT_FOUND, "this wall has no layouts folder technicians may save into")
        return self.layout_store

    def _layouts_changed(self) -> None:
        if self.desk.bus is not None:  # consoles refresh their lists of layouts
            self.desk.bus.publish("layouts", {"layouts": self.layouts()})

    def audit(self, who, entry: dict) -> list[str]:
        """A technician's change (or an acknowledgement) in the audit log (it changes no revision of the wall's
        state). ``who``: the request's Caller (the token's name and the console's), or a name."""
        if self.desk is None:  # a port without a wall behind it (the router's own tests)
            return []
        revision = self.controller.state.revision
        return self.desk.record(who, entry, revision, revision)

    def alerts(self, closed: bool = False) -> list[dict]:
        return [a.to_json() for a in self.book.alerts(include_closed=closed)] if self.book is not None else []

    def acknowledge(self, alert_id: str, by) -> tuple[bool, str]:
        """``by``: the request's Caller (or a name). The first acknowledgement is recorded in the audit log; one
        again changes nothing and records nothing."""
        if self.book is None:
            return False, f"unknown alert '{alert_id}' (this wall keeps no alerts)"
        alert = self.book.get(alert_id)
        seen = alert is not None and alert.acknowledged
        ok, reason = self.book.acknowledge(alert_id, recorded_as(by)[0])
        if ok and not seen:
            self.audit(by, {"command": "acknowledge_alert", "alert": alert_id})
        return ok, reason

    def snapshot(self, row: int, col: int, width: int | None, fmt: str) -> bytes | None:
        return None  # no screens without Qt

    def correlation(self, a: str, b: str, max_lag: int) -> Answer:
        """GET /correlation: indicators ``a`` and ``b``'s lagged correlation (ioc_core/forecasting/correlation.py),
        on the calling thread (the API's worker: a read connection of its own, opened and closed here; tens of
        milliseconds of pandas and numpy, one request at a time so a burst of them leaves the wall a core)."""
        cat = self.catalogue
        for key, ind_id in (("a", a), ("b", b)):
            if cat is None or ind_id not in cat.indicators:
                return Answer(NOT_FOUND, {"error": f"unknown indicator '{ind_id}' ({key})"})
        from ioc_core import clock
        from ioc_core.forecasting.correlation import correlate

        with _CORRELATING:
            histories, source = {}, "none"
            path = self.store_path
            if path is not None and Path(path).exists():
                from ioc_core.indicators.indicator_store import IndicatorStore

                try:
                    store = IndicatorStore(path, cat)
                    try:
                        histories = {i: store.history(i) for i in (a, b)}
                    finally:
                        store.close()
                    source = self.history_from
                except Exception as exc:  # a locked or damaged file: answered as no history, said in the log
                    log.error("GET /correlation cannot read the indicator store %s: %s", path, exc)
            found = correlate(cat.indicators[a], histories.get(a), cat.indicators[b], histories.get(b),
                              clock.now_s(), max_lag)
        return Answer(DONE, {**found.to_json(), "history": source})

    def health(self, objects: bool = False) -> dict:
        """GET /health without a wall behind it: the state's revision and whether it could be saved (the Qt wall's
        port adds its screens, views, sources and watchdog, wall/runtime/apiport.py; the routes add the audit log's
        state); GET /health answered 500 here."""
        controller = self.controller
        return {"state": {"revision": controller.state.revision, "save_error": controller.save_error}}

    # -- screen mapping: the wall configuration file (ioc_core/setup/wall_config_edits.py) -----------------------------
    def screens(self, monitors: list[dict] | None = None, plan=None, running=None, current=None) -> dict | None:
        """GET /screens: the file's screens, bezels and outputs with ``monitors`` and the running ``plan`` (both
        known to the Qt wall only); None when this wall keeps no configuration file. ``current``: the file as just
        saved (not read again)."""
        from ioc_core.setup.wall_config import WallConfig
        from ioc_core.setup.wall_config_edits import screens_doc

        if self.config_store is None:
            return None
        current = current or self.config_store.current()
        return screens_doc(self.config_store, current, running or current.config or WallConfig(), monitors or [],
                           plan)

    def save_screens(self, body, who, apply=lambda config: "", shown=None) -> dict:
        """PUT /screens: saved, then ``apply(config)``; raises ioc_core.setup.wall_config_edits's errors (nothing
        saved). Recorded in
        the audit log under the token's name. ``shown(current)``: the GET /screens document of the file as saved,
        which the answer starts from (the Qt wall's, with its monitors and plan)."""
        saved = self.config_store.update(body, apply)
        warnings = self.audit(who, {"command": "save_screens", **saved.change, "config_revision": saved.revision})
        store = self.config_store
        doc = shown(saved.current) if shown is not None else {}
        return {**doc, "saved": str(store.path), "revision": saved.revision,
                "previous": str(store.previous) if saved.previous is not None else None,
                "applied": not saved.not_applied, "not_applied": saved.not_applied, "warnings": warnings}


def _warning(said: str, file: str = "", **args) -> dict:
    """A warning in an answer: a code of ioc_core/messages.py with the words it names (a console words it in its
    language), or a message as it is (``said`` not a code: an audit record not written, an additions file's
    note)."""
    if said in MESSAGES:
        return coded(file, "", said, Severity.WARNING, **args).to_json()
    return Problem(file, "", said, Severity.WARNING).to_json()
