"""The sources file: which systems feed the wall, how to reach them and how to read their answers.

    {"schema_version": 1, "sources": [
      {"id": "lgsp-hcc", "kind": "http", "request": {...}, "auth": {...}, "format": {...}, "mapping": {...}},
      {"id": "drop-yte", "kind": "spreadsheet", "folder": "/srv/ioc/drop/yte"},
      {"id": "kttv-cap", "kind": "cap", "url": "https://..."}]}

Every entry is read key by key (ioc_core/sources/spec.py): a problem names the file, the JSON path and the key, and a
bad entry is left out without stopping the others. Secrets never live here: they are named ({"env": ...} or
{"secret": ...}, ioc_core/sources/secrets.py). The technician's guide is docs/sources.md.
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass, field, replace
from pathlib import Path

from ioc_core.catalogue import Catalogue
from ioc_core.jsonfile import read_json
from ioc_core.problems import InvalidFile, Problem, Severity, errors, json_path
from ioc_core.sources import cap, ckan, demo, http_json, pipeline, spreadsheet  # noqa: F401 (they register their kinds)
from ioc_core.sources.base import REGISTRY, Source, Timeouts
from ioc_core.sources.pipeline import legacy_entry
from ioc_core.sources.secrets import Secrets
from ioc_core.sources.spec import Spec

LEGACY_KINDS = ("http_json", "ckan")  # read as "http" entries (ioc_core/sources/pipeline.py: legacy_entry)

MIN_EVERY_S, MAX_EVERY_S = 30, 900


@dataclass
class SourceSet:
    sources: list[tuple[Source, float]] = field(default_factory=list)  # (source, seconds between fetches)
    problems: list[Problem] = field(default_factory=list)
    ids: dict[str, str] = field(default_factory=dict)  # "$.sources[3]" -> that entry's id, to name its problems

    def left_out(self) -> dict[str, str]:
        """The sources the file names but that do not run for a problem in their entry, each with the first problem
        in words for the health view ("not started: request.timeout: unknown key 'timeout' ..."). An entry that
        repeats a running source's id is not one: the running one keeps its health."""
        running = {source.id for source, _ in self.sources}
        found: dict[str, list[Problem]] = {}
        for p in self.problems:
            sid = self.ids.get(_entry_path(p))
            if sid and sid not in running and p.severity is Severity.ERROR:
                found.setdefault(sid, []).append(p)
        out = {}
        for sid, problems in found.items():
            first = problems[0]
            key = first.path[len(_entry_path(first)):].lstrip(".")
            more = f" ({len(problems)} problems: see ioc-wall --check)" if len(problems) > 1 else ""
            out[sid] = f"not started{more}: {key + ': ' if key else ''}{first.message}"
        return out

    def named(self, problem: Problem) -> str:
        """The id of the source a problem is in (its path when the entry has none)."""
        return self.ids.get(_entry_path(problem)) or problem.path or "sources file"


def _entry_path(problem: Problem) -> str:
    """"$.sources[3]" for a problem anywhere in that entry; "" for one outside the list."""
    return problem.path.split("]", 1)[0] + "]" if problem.path.startswith("$.sources[") else ""


def default_interval(catalogue: Catalogue, source_id: str) -> float:
    """A quarter of the shortest cadence among the source's indicators, within 30 s .. 15 min."""
    cadences = [i.cadence_s for i in catalogue.indicators.values() if i.source == source_id] or [MAX_EVERY_S * 4]
    return float(min(MAX_EVERY_S, max(MIN_EVERY_S, min(cadences) / 4)))


def parse_sources(doc, catalogue: Catalogue, file: str = "<sources>", secrets: Secrets | None = None) -> SourceSet:
    """Build every valid source; a bad entry is reported (every problem in it, each naming the file, the JSON path
    and the key) and skipped, never stops the others."""
    if not isinstance(doc, dict) or doc.get("schema_version") != 1 or not isinstance(doc.get("sources"), list):
        raise InvalidFile([Problem(file, "$", "expected {\"schema_version\": 1, \"sources\": [...]}")])
    out, seen = SourceSet(), set()
    secrets = secrets or Secrets()
    for i, entry in enumerate(doc["sources"]):
        path = json_path(["sources", i])
        if isinstance(entry, dict) and isinstance(entry.get("id"), str) and entry["id"]:
            out.ids[path] = entry["id"]
        problem = _entry_problem(entry, seen)
        if problem:
            out.problems.append(Problem(file, path, problem))
            continue
        spec = Spec(legacy_entry(entry) if entry["kind"] in LEGACY_KINDS else entry, file, ["sources", i])
        source = _build(REGISTRY[spec.raw("kind")], spec, catalogue, secrets)
        out.problems.extend(_as_written(p, entry["kind"]) for p in spec.problems)
        if source is None or errors(spec.problems):
            continue
        seen.add(entry["id"])
        out.sources.append((source, float(entry.get("every_s") or default_interval(catalogue, entry["id"]))))
    return out


# where a legacy entry's keys went in the "http" entry it is read as, so that a problem names the key as written
_LEGACY_PATHS = {
    "http_json": ((".request.url", ".url"), (".request.query", ".params"), (".auth.token.env", ".bearer_env"),
                  (".request.connect_s", ".timeout.connect"), (".request.deadline_s", ".timeout.read")),
    "ckan": ((".request.url", ".base_url"), (".auth.key", ".api_key"), (".paging.page_size", ".page_size"),
             (".request.connect_s", ".timeout.connect"), (".request.deadline_s", ".timeout.read")),
}


def _as_written(problem: Problem, kind: str) -> Problem:
    for new, old in _LEGACY_PATHS.get(kind, ()):
        if new in problem.path:
            return replace(problem, path=problem.path.replace(new, old, 1))
    return problem


def _build(cls, spec: Spec, catalogue: Catalogue, secrets: Secrets) -> Source | None:
    """A source from its entry: through the kind's own reader (``from_spec``) or, for a kind built from keyword
    arguments, with every key checked against its constructor first (a wrong key is never a raw TypeError)."""
    try:
        if hasattr(cls, "from_spec"):
            return cls.from_spec(spec, catalogue, secrets)
        takes = [n for n in inspect.signature(cls).parameters if n not in ("id", "timeouts", "catalogue")]
        spec.known(["id", "kind", "every_s", "timeout", *takes])
        spec.raise_problems()
        entry = spec.doc
        params = {k: v for k, v in entry.items() if k not in ("id", "kind", "every_s", "timeout")}
        if "timeout" in entry:
            params["timeouts"] = Timeouts.from_spec(spec.sub("timeout"))
            spec.raise_problems()
        if "catalogue" in inspect.signature(cls).parameters:
            params["catalogue"] = catalogue
        return cls(entry["id"], **params)
    except InvalidFile:
        return None
    except (TypeError, KeyError, ValueError) as exc:
        spec.problem(f"source '{spec.raw('id')}' ({spec.raw('kind')}): {exc}")
        return None


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
    if every is not None and (isinstance(every, bool) or not isinstance(every, int | float) or not every >= 1):
        return "'every_s' must be a number of seconds >= 1"
    return None


def load_sources(path: Path, catalogue: Catalogue, secrets: Secrets | None = None) -> SourceSet:
    return parse_sources(read_json(path, str(path)), catalogue, str(path), secrets)


def demo_sources(catalogue: Catalogue, seed: int = 7, every_s: float = 60) -> SourceSet:
    """One simulated feed per source the catalogue names; the health feed goes silent 20 minutes in every 2 hours."""
    out = SourceSet()
    for sid in sorted(catalogue.sources()):
        silent = {"silent_every_s": 7200, "silent_for_s": 1200} if sid == "drop-yte" else {}
        out.sources.append((demo.DemoSource(sid, catalogue, seed, **silent), every_s))
    return out
