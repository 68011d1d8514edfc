"""Names of commune-level units, by the code sources report them under (Qt-free).

The shipped ``data/regions.json`` holds Nghệ An's 130 units after 1 July 2025 by their national codes (NOTICE.md),
and ``demo_regions``: the demo simulator's codes, each naming the real unit it stands for. A province adds or
renames units in ``regions.json`` in the wall's state folder (ioc_core/catalogue/statefiles.py), same format without
``demo_regions``.
"""

from __future__ import annotations

import functools
import logging
from pathlib import Path

from ioc_core.jsonfile import read_json
from ioc_core.problems import InvalidFile, Problem, json_path

log = logging.getLogger(__name__)

DEFAULT_FILE = Path(__file__).resolve().parent / "data" / "regions.json"
SCHEMA_VERSION = 1
CODE_PATTERN = r"^[a-z0-9][a-z0-9_-]*$"  # a catalogue id (the national codes are 5 digits)
MAX_NAME = 80

_in_use: dict[str, str] | None = None  # the names the wall uses (with the state folder's), once it set them


def parse_regions(doc, file: str = "<regions>", demo: bool = True) -> tuple[dict[str, str], list[Problem]]:
    """Code -> name, and the problems of entries left out. A document that is no regions file raises InvalidFile.
    ``demo``: ``demo_regions`` (demo code -> real code) may be given, and name their demo codes."""
    import re

    keys = {"schema_version", "regions", "note"} | ({"demo_regions"} if demo else set())
    if not isinstance(doc, dict) or doc.get("schema_version") != SCHEMA_VERSION \
            or not isinstance(doc.get("regions"), dict):
        raise InvalidFile([Problem(file, "$", f'not a regions file: expected {{"schema_version": {SCHEMA_VERSION}, '
                                              '"regions": {"<code>": "<Vietnamese name>", ...}}')])
    extra = sorted(set(doc) - keys)
    if extra:
        raise InvalidFile([Problem(file, json_path([extra[0]]), f"unknown key '{extra[0]}' (known: "
                                                                f"{', '.join(sorted(keys))})")])
    names, problems = {}, []
    for code, name in doc["regions"].items():
        at = json_path(["regions", code])
        if not re.match(CODE_PATTERN, code) or len(code) > 64:
            problems.append(Problem(file, at, f"'{code}' is not a unit code (lower-case letters, digits, '-' and "
                                              "'_', at most 64)"))
        elif not isinstance(name, str) or not name.strip() or len(name) > MAX_NAME:
            problems.append(Problem(file, at, f"the name of '{code}' must be its Vietnamese name (text, 1 to "
                                              f"{MAX_NAME} characters)"))
        else:
            names[code] = name.strip()
    demo_map = doc.get("demo_regions", {})
    if not isinstance(demo_map, dict):
        raise InvalidFile([Problem(file, "$.demo_regions", "expected {\"<demo code>\": \"<unit code>\", ...}")])
    for code, real in demo_map.items():
        if real not in names:
            problems.append(Problem(file, json_path(["demo_regions", code]), f"'{real}' is none of the regions"))
        elif code in names:
            problems.append(Problem(file, json_path(["demo_regions", code]), f"'{code}' is a region's own code"))
        else:
            names[code] = names[real]
    return names, problems


@functools.cache
def region_names(path: Path = DEFAULT_FILE) -> dict[str, str]:
    """Code -> name; an unreadable file leaves the codes showing (logged once), never an empty ranking."""
    try:
        names, problems = parse_regions(read_json(path, str(path)), str(path))
    except InvalidFile as exc:
        log.error("region names %s unusable (%s); communes are shown by code", path, exc)
        return {}
    for p in problems:
        log.error("region names: %s", p)
    return names


def use(names: dict[str, str]) -> None:
    """The names the wall shows from now on (the shipped ones with the state folder's, set at start)."""
    global _in_use
    _in_use = dict(names)


def region_name(code: str) -> str:
    return (_in_use if _in_use is not None else region_names()).get(code, code)
