"""Names of commune-level units, by the code sources report them under (Qt-free)."""

from __future__ import annotations

import functools
import logging
from pathlib import Path

from wall.jsonfile import read_json
from wall.problems import InvalidFile

log = logging.getLogger(__name__)

DEFAULT_FILE = Path(__file__).resolve().parent / "data" / "regions.json"


@functools.cache
def region_names(path: Path = DEFAULT_FILE) -> dict[str, str]:
    """Code -> name; an unreadable file leaves the codes showing (logged once), never an empty ranking."""
    try:
        doc = read_json(path)
        names = doc["regions"]
        if not isinstance(names, dict) or not all(isinstance(v, str) for v in names.values()):
            raise InvalidFile([])
        return dict(names)
    except (InvalidFile, KeyError, TypeError) as exc:
        log.error("region names %s unusable (%s); communes are shown by code", path, exc)
        return {}


def region_name(code: str) -> str:
    return region_names().get(code, code)
