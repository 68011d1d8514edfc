"""The wall configuration file as the screen-mapping API edits it (Qt-free): read it with its revision, merge a
technician's change into it, validate the result with the code the wall runs at start, and save it atomically with
the version before kept beside it.

Only four things are edited here (which monitor shows which screens, the bezels, the panels' visible size and the
room's viewing distance, ``room.viewing_distance_m``); every other key of the file is carried over as it is. A
change names the revision it was made from: when the file changed since (a colleague saved), the change is refused
and neither side loses anything.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ioc_core.jsonfile import replace_keeping_previous, revision_of, write_failure_kind, write_json_atomic
from ioc_core.outcomes import DISK_FULL
from ioc_core.problems import InvalidFile, Problem
from ioc_core.setup.outputs import OutputPlan
from ioc_core.setup.wall_config import CONFIG_SCHEMA_VERSION, WallConfig, parse_config
from ioc_core.views import legibility

SAVED_NAME = "wall-config.json"  # in the state folder, when the wall runs without --config
PREVIOUS_SUFFIX = ".previous"  # beside the file: the version before the last save (never *.json: folders are globbed)
BODY = "<request>"  # the file name of problems found in a request's own fields
CHANGE_KEYS = ("outputs", "bezel_mm", "screen_mm", "viewing_distance_m")
# the built-in configuration (WallConfig's defaults) as a document: what a first save starts from
DEFAULT_DOCUMENT = {"schema_version": CONFIG_SCHEMA_VERSION,
                    "screens": {"rows": 3, "cols": 3, "width_px": 1920, "height_px": 1080}}
# where a configuration problem lies in a change's own terms (the panel size is screen_mm in a request)
_BODY_PATHS = {"$.screens.width_mm": "$.screen_mm.width", "$.screens.height_mm": "$.screen_mm.height",
               "$.room.viewing_distance_m": "$.viewing_distance_m"}


def save_path(config: Path | None, state_dir: Path) -> Path:
    """Where the configuration is saved: ``--config``'s file, or ``wall-config.json`` in the state folder."""
    return Path(config) if config is not None else Path(state_dir) / SAVED_NAME


def load_path(config: Path | None, state_dir: Path | None) -> Path | None:
    """What the wall reads at start: ``--config``'s file; without it, the configuration saved in the state folder
    by the screen mapping when there is one; otherwise None (the built-in configuration)."""
    if config is not None or state_dir is None:
        return config
    saved = save_path(None, state_dir)
    return saved if saved.exists() else None


DEFAULT_REVISION = revision_of(json.dumps(DEFAULT_DOCUMENT, sort_keys=True).encode())


# -- errors ---------------------------------------------------------------------------------------------------
class StoreError(Exception):
    """A change that was not saved; the file and the running wall are as they were."""


class InvalidChange(StoreError):
    """The change, or the configuration it would make, is invalid; ``problems`` name each field."""

    def __init__(self, message: str, problems: list[Problem]):
        super().__init__(message)
        self.problems = problems


class Conflict(StoreError):
    """The file changed since the revision the change was made from; ``current`` is its revision now."""

    def __init__(self, base: str, current: str):
        super().__init__(f"the wall configuration changed since revision {base} (now {current}): someone else saved "
                         "in between; read it again (GET /screens) and apply your change to it")
        self.current = current


class Unreadable(StoreError):
    """The file on disk cannot be read or parsed as JSON, so there is nothing safe to merge into."""

    def __init__(self, problems: list[Problem]):
        super().__init__("the wall configuration file cannot be read, so it is not changed: "
                         + "; ".join(str(p) for p in problems))
        self.problems = problems


class SaveFailed(StoreError):
    """Writing failed (disk full, read-only, permissions): ``kind`` "disk_full" for a full disk, "not_written"
    for the rest (ioc_core/outcomes.py)."""

    def __init__(self, path: Path, exc: OSError):
        super().__init__(f"cannot save the wall configuration to {path}: {exc.strerror or exc} (nothing changed: the "
                         "file and the running wall are as they were)")
        self.kind = write_failure_kind(exc)

    @property
    def no_space(self) -> bool:
        return self.kind == DISK_FULL


# -- reading --------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Current:
    """The file as it is now: its document (the built-in one when there is no file), its revision, whether it
    exists, and the configuration it makes (None with ``problems`` when it is invalid)."""

    doc: dict | None
    revision: str
    exists: bool
    config: WallConfig | None
    problems: tuple[Problem, ...] = ()


@dataclass(frozen=True)
class Saved:
    """A saved change: the configuration it made, the change itself, the file's new revision, the revision kept
    as ``<file>.previous`` (None: there was no file), why the running wall did not take it ("": it did), and the
    file as saved (None when it could not be read back)."""

    config: WallConfig
    change: dict
    revision: str
    previous: str | None
    not_applied: str
    current: Current | None = None


def parse_change(body) -> tuple[dict, str]:
    """A request's change and base revision; InvalidChange naming each bad field."""
    if not isinstance(body, dict):
        raise InvalidChange("the body must be a JSON object",
                            [Problem(BODY, "$", "send {\"outputs\", \"bezel_mm\", \"screen_mm\", "
                                                "\"viewing_distance_m\", \"base_revision\"}")])
    problems = [Problem(BODY, f"$.{k}", f"unknown field '{k}' (expected outputs, bezel_mm, screen_mm, "
                                        "viewing_distance_m, base_revision)")
                for k in body if k not in (*CHANGE_KEYS, "base_revision")]
    base = body.get("base_revision")
    if not isinstance(base, str) or not base:
        problems.append(Problem(BODY, "$.base_revision", "base_revision is required: the revision read from "
                                                          "GET /screens"))
    if not any(k in body for k in CHANGE_KEYS):
        problems.append(Problem(BODY, "$", "nothing to change: send outputs, bezel_mm, screen_mm or "
                                           "viewing_distance_m"))
    size = body.get("screen_mm")
    if size is not None and not (isinstance(size, dict) and set(size) <= {"width", "height"} and size):
        problems.append(Problem(BODY, "$.screen_mm", "screen_mm must be an object with width and/or height in "
                                                     "millimetres"))
    if problems:
        raise InvalidChange("the change is invalid", problems)
    return {k: body[k] for k in CHANGE_KEYS if k in body}, base


def merge(doc: dict, change: dict) -> dict:
    """``doc`` with the change's fields replaced; every other key as it was (``doc`` itself is not modified)."""
    out = json.loads(json.dumps(doc))
    if "outputs" in change:
        out["outputs"] = change["outputs"]
    if "bezel_mm" in change:
        out["bezel_mm"] = change["bezel_mm"]
    size = change.get("screen_mm")
    if size:
        screens = out.setdefault("screens", {})
        if isinstance(screens, dict):
            for key in ("width", "height"):
                if key in size:
                    screens[f"{key}_mm"] = size[key]
    if "viewing_distance_m" in change:  # the room's farthest seat (ioc_core/views/legibility.py)
        room = out.get("room")
        if not isinstance(room, dict):
            room = out["room"] = {}
        room["viewing_distance_m"] = change["viewing_distance_m"]
    return out


class ConfigStore:
    """One configuration file. ``update`` is serialised: two saves never interleave their check and write."""

    def __init__(self, path: Path, write: Callable[[Path, object], None] = write_json_atomic):
        self.path = Path(path)
        self.previous = self.path.with_name(self.path.name + PREVIOUS_SUFFIX)
        self._write = write  # injected: tests make it fail as a full disk does
        self._lock = threading.Lock()

    def current(self) -> Current:
        """The file now; an unreadable or malformed one has no document (``doc`` None) and says why."""
        try:
            data = self.path.read_bytes()
        except FileNotFoundError:
            return Current(json.loads(json.dumps(DEFAULT_DOCUMENT)), DEFAULT_REVISION, False, WallConfig())
        except OSError as exc:
            return Current(None, "", True, None, (Problem(str(self.path), "", f"cannot read file: {exc.strerror}"),))
        try:
            doc = json.loads(data.decode("utf-8"))
        except UnicodeDecodeError as exc:
            problem = Problem(str(self.path), "", f"not UTF-8 text ({exc.reason} at byte {exc.start})")
            return Current(None, revision_of(data), True, None, (problem,))
        except json.JSONDecodeError as exc:
            problem = Problem(str(self.path), "", f"malformed JSON at line {exc.lineno}, column {exc.colno}: "
                                                  f"{exc.msg}")
            return Current(None, revision_of(data), True, None, (problem,))
        try:
            config, problems = parse_config(doc, str(self.path)), ()
        except InvalidFile as exc:
            config, problems = None, tuple(exc.problems)
        return Current(doc if isinstance(doc, dict) else None, revision_of(data), True, config, problems)

    def update(self, body, apply: Callable[[WallConfig], str] = lambda config: "") -> Saved:
        """Check, merge, validate, save, then ``apply(config)`` (which returns why the running wall did not take it,
        or ""). Raises InvalidChange, Conflict, Unreadable or SaveFailed, each leaving the file as it was."""
        change, base = parse_change(body)
        with self._lock:
            now = self.current()
            if now.doc is None:
                raise Unreadable(list(now.problems))
            if base != now.revision:
                raise Conflict(base, now.revision)
            doc = merge(now.doc, change)
            try:
                config = parse_config(doc, str(self.path))
            except InvalidFile as exc:
                problems = [Problem(p.file, _BODY_PATHS.get(p.path, p.path), p.message, p.severity)
                            for p in exc.problems]
                raise InvalidChange("the wall configuration would be invalid; nothing was saved", problems) from None
            self._save(doc)
            try:  # read back once: its revision is of the bytes on disk, and the answer shows the file as saved
                after = Current(doc, revision_of(self.path.read_bytes()), True, config)
            except OSError:  # written but not readable back: the next GET says what it is
                after = None
            return Saved(config, change, after.revision if after else "", now.revision if now.exists else None,
                         apply(config), after)

    def _save(self, doc: dict) -> None:
        """The old file's exact bytes to ``<file>.previous`` first, then the new document: a failure at either step
        leaves the configuration file and its previous copy as they were."""
        try:  # a technician's file keeps its mode, and so does its previous version (the writer keeps it)
            replace_keeping_previous(self.path, self.previous, lambda: self._write(self.path, doc))
        except OSError as exc:
            raise SaveFailed(self.path, exc) from None


# -- what GET /screens answers --------------------------------------------------------------------------------
def outputs_json(outputs) -> str | list[dict]:
    if isinstance(outputs, str):
        return outputs
    return [{"monitor": o.monitor, "cell": [o.row, o.col], "span": [o.rows, o.cols]} for o in outputs]


def plan_json(plan: OutputPlan | None) -> dict:
    if plan is None:
        return {"mode": "none", "outputs": [], "problems": []}
    return {"mode": plan.mode,
            "outputs": [{"monitor": o.monitor.name, "cell": [o.row, o.col], "span": [o.rows, o.cols],
                         "virtual": o.virtual} for o in plan.outputs],
            "problems": [p.to_json() for p in plan.problems]}


def screens_doc(store: ConfigStore, current: Current, running: WallConfig, monitors: list[dict],
                plan: OutputPlan | None) -> dict:
    """The screens as the file sets them (the running configuration's when the file is unusable), the monitors
    connected, the running plan, and whether the wall runs on what the file says (``applied``)."""
    config = current.config or running
    geo = config.geometry()
    room = config.room()
    return {
        "revision": current.revision,
        "file": str(store.path),
        "file_exists": current.exists,  # False: no file yet, the built-in configuration
        "screens": {"rows": config.rows, "cols": config.cols, "width_px": config.width_px,
                    "height_px": config.height_px, "width_mm": config.width_mm, "height_mm": config.height_mm},
        "bezel_mm": {"x": config.bezel_x_mm, "y": config.bezel_y_mm},
        "bezel_px": {"x": geo.gap_x, "y": geo.gap_y},
        # the farthest seat that must read the wall, and what it means: the smallest capital height (16 minutes of
        # arc there) and the smallest font the views draw (ioc_core/views/legibility.py)
        "room": {"viewing_distance_m": room.distance_m, "pixel_mm": round(room.pixel_mm, 4),
                 "arc_minutes": legibility.ARC_MINUTES, "cap_px": round(room.cap_px, 1),
                 "font_px": legibility.font_px(room)},
        "outputs": outputs_json(config.outputs),
        "monitors": monitors,
        "plan": plan_json(plan),
        "problems": [p.to_json() for p in current.problems],  # the file's own, when it is unusable
        "applied": (config.outputs == running.outputs and geo == running.geometry()
                    and room == running.room()),
    }
