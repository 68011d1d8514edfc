"""Forward migration of layout documents, one step per schema_version."""

from __future__ import annotations

import copy
from collections.abc import Callable

from ioc_core.layouts.schema import SCHEMA_VERSION


class MigrationError(ValueError):
    pass


def _v1_to_v2(doc: dict) -> dict:
    """v1 had one Vietnamese ``name`` per layout and region; v2 has ``title: {vi, en}``."""
    doc["schema_version"] = 2
    if "name" in doc and "title" not in doc:
        doc["title"] = {"vi": doc.pop("name")}
    for region in doc.get("regions", []) if isinstance(doc.get("regions"), list) else []:
        if isinstance(region, dict) and "name" in region and "title" not in region:
            region["title"] = {"vi": region.pop("name")}
    return doc


MIGRATIONS: dict[int, Callable[[dict], dict]] = {1: _v1_to_v2}


def migrate(doc: dict) -> tuple[dict, int]:
    """Return ``(doc at SCHEMA_VERSION, original version)``; the input is not modified."""
    version = doc.get("schema_version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise MigrationError(f"schema_version must be an integer (this wall reads 1..{SCHEMA_VERSION})")
    if version > SCHEMA_VERSION:
        raise MigrationError(
            f"schema_version {version} is newer than this wall understands ({SCHEMA_VERSION}); update IOC Wall"
        )
    if version < 1:
        raise MigrationError(f"schema_version {version} does not exist (this wall reads 1..{SCHEMA_VERSION})")
    out = copy.deepcopy(doc)
    for step in range(version, SCHEMA_VERSION):
        out = MIGRATIONS[step](out)
    return out, version
