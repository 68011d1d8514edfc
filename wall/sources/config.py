"""The sources file: which systems feed the wall, how to reach them and how to read their answers.

    {"schema_version": 1, "sources": [
      {"id": "igate", "kind": "http_json", "every_s": 300, "url": "https://...", "bearer_env": "IGATE_TOKEN",
       "timeout": {"connect": 3, "read": 10}, "mapping": {...}},
      {"id": "ckan-dulich", "kind": "ckan", "base_url": "https://opendata...", "resource_id": "...", "mapping": {...}},
      {"id": "drop-yte", "kind": "spreadsheet", "folder": "/srv/ioc/drop/yte"}]}

Secrets never live here: a token is named by the environment variable that holds it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from wall.catalogue import Catalogue
from wall.jsonfile import read_json
from wall.problems import InvalidFile, Problem, json_path
from wall.sources import cap, ckan, demo, http_json, spreadsheet  # noqa: F401 (they register their kinds)
from wall.sources.base import REGISTRY, Source, Timeouts

MIN_EVERY_S, MAX_EVERY_S = 30, 900


@dataclass
class SourceSet:
    sources: list[tuple[Source, float]] = field(default_factory=list)  # (source, seconds between fetches)
    problems: list[Problem] = field(default_factory=list)


def default_interval(catalogue: Catalogue, source_id: str) -> float:
    """A quarter of the shortest cadence among the source's indicators, within 30 s .. 15 min."""
    cadences = [i.cadence_s for i in catalogue.indicators.values() if i.source == source_id] or [MAX_EVERY_S * 4]
    return float(min(MAX_EVERY_S, max(MIN_EVERY_S, min(cadences) / 4)))


def parse_sources(doc, catalogue: Catalogue, file: str = "<sources>") -> SourceSet:
    """Build every valid source; a bad entry is reported and skipped, never stops the others."""
    if not isinstance(doc, dict) or doc.get("schema_version") != 1 or not isinstance(doc.get("sources"), list):
        raise InvalidFile([Problem(file, "$", "expected {\"schema_version\": 1, \"sources\": [...]}")])
    out, seen = SourceSet(), set()
    for i, entry in enumerate(doc["sources"]):
        path = json_path(["sources", i])
        problem = _entry_problem(entry, seen)
        if problem:
            out.problems.append(Problem(file, path, problem))
            continue
        params = {k: v for k, v in entry.items() if k not in ("id", "kind", "every_s", "timeout")}
        if "timeout" in entry:
            params["timeouts"] = Timeouts(**entry["timeout"])
        if entry["kind"] == "demo":
            params["catalogue"] = catalogue
        try:
            source = REGISTRY[entry["kind"]](entry["id"], **params)
        except (TypeError, KeyError, ValueError) as exc:
            out.problems.append(Problem(file, path, f"source '{entry['id']}' ({entry['kind']}): {exc}"))
            continue
        seen.add(entry["id"])
        out.sources.append((source, float(entry.get("every_s") or default_interval(catalogue, entry["id"]))))
    return out


def _entry_problem(entry, seen: set) -> str | None:
    if not isinstance(entry, dict):
        return "a source must be an object"
    for key in ("id", "kind"):
        if not isinstance(entry.get(key), str) or not entry[key]:
            return f"'{key}' is a required text field"
    if entry["kind"] not in REGISTRY:
        return f"unknown source kind '{entry['kind']}' (known: {', '.join(sorted(REGISTRY))})"
    if entry["id"] in seen:
        return f"duplicate source id '{entry['id']}'"
    every = entry.get("every_s")
    if every is not None and (not isinstance(every, int | float) or every < 1):
        return "'every_s' must be a number of seconds >= 1"
    return None


def load_sources(path: Path, catalogue: Catalogue) -> SourceSet:
    return parse_sources(read_json(path, str(path)), catalogue, str(path))


def demo_sources(catalogue: Catalogue, seed: int = 7, every_s: float = 60) -> SourceSet:
    """One simulated feed per source the catalogue names; the health feed goes silent 20 minutes in every 2 hours."""
    out = SourceSet()
    for sid in sorted(catalogue.sources()):
        silent = {"silent_every_s": 7200, "silent_for_s": 1200} if sid == "drop-yte" else {}
        out.sources.append((demo.DemoSource(sid, catalogue, seed, **silent), every_s))
    return out
