"""Alert rules declared in data: a matching alert puts a view on a region for a while, at a priority.

A rule says: when an alert of this severity (and sector, indicator, cause) is raised or escalated, show this view
(the alert's sector view, or a given view such as the camera near the place) on this region for ``duration_s``
seconds at ``priority``, then put back what was there. The controller refuses the takeover when the region holds
a choice of equal or higher priority (an operator's choice is 50 by default), and forgets the revert when someone
changed the region in the meantime. Operators pause and resume rules through controller commands.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from jsonschema import Draft202012Validator

from ioc_core.alerts.book import SEVERITY_RANK, Alert
from ioc_core.jsonfile import read_json
from ioc_core.layouts.views import is_valid_view, view_schema
from ioc_core.problems import InvalidFile, Problem, json_path, schema_problems

DEFAULT_FILE = Path(__file__).resolve().parent.parent / "catalogue" / "data" / "alert_rules.json"
SCHEMA_VERSION = 1

_ID = {"type": "string", "pattern": r"^[a-z0-9][a-z0-9_-]*$", "maxLength": 64}
_IDS = {"type": "array", "items": _ID, "minItems": 1, "uniqueItems": True}
SCHEMA = {
    "type": "object", "required": ["schema_version", "rules"], "additionalProperties": False,
    "properties": {
        "schema_version": {"const": SCHEMA_VERSION},
        "rules": {"type": "array", "items": {
            "type": "object", "additionalProperties": False,
            "required": ["id", "when", "show", "region", "duration_s", "priority"],
            "properties": {
                "id": _ID,
                "name": {"type": "string", "maxLength": 200},
                "when": {"type": "object", "additionalProperties": False, "properties": {
                    "severity": {"enum": list(SEVERITY_RANK)},
                    "sectors": _IDS, "indicators": _IDS,
                    "causes": {"type": "array", "items": {"enum": ["threshold", "forecast", "anomaly", "cap"]},
                               "minItems": 1},
                }},
                "show": {"anyOf": [{"const": "sector"}, view_schema()]},
                "region": _ID,
                "layouts": _IDS,
                "duration_s": {"type": "number", "minimum": 10, "maximum": 86400},
                "priority": {"type": "integer", "minimum": 1, "maximum": 100},
                "paused": {"type": "boolean"},
            }}},
    },
}


@dataclass(frozen=True)
class AlertRule:
    id: str
    name: str
    region: str
    duration_s: float
    priority: int
    show: str | dict  # "sector" or a view
    severity: str = "critical"  # the least severity that triggers
    sectors: tuple[str, ...] = ()
    indicators: tuple[str, ...] = ()
    causes: tuple[str, ...] = ("threshold", "forecast")
    layouts: tuple[str, ...] = ()  # empty: any layout that has the region
    paused: bool = False  # paused in the file; operators pause at run time through the controller

    def matches(self, alert: Alert) -> bool:
        return (SEVERITY_RANK[alert.severity] >= SEVERITY_RANK[self.severity]
                and (not self.sectors or alert.sector in self.sectors)
                and (not self.indicators or alert.indicator in self.indicators)
                and alert.cause in self.causes)

    def view_for(self, alert: Alert) -> dict:
        return {"kind": "sector", "sector": alert.sector} if self.show == "sector" else dict(self.show)

    def command(self, alert: Alert) -> dict:
        """The controller command that carries this rule out for ``alert``."""
        return {"command": "rule_show", "rule": self.id, "region": self.region, "view": self.view_for(alert),
                "priority": self.priority, "duration_s": self.duration_s, "layouts": list(self.layouts),
                "reason": alert.id}


@functools.cache
def _validator() -> Draft202012Validator:
    return Draft202012Validator(SCHEMA)


def parse_rules(doc, catalogue=None, file: str = "<alert rules>") -> dict[str, AlertRule]:
    problems = schema_problems(_validator(), doc, file)
    if problems:
        raise InvalidFile(problems)
    rules: dict[str, AlertRule] = {}
    for i, r in enumerate(doc["rules"]):
        where = ["rules", i]
        if r["id"] in rules:
            problems.append(Problem(file, json_path([*where, "id"]), f"duplicate rule id '{r['id']}'"))
        if r["show"] != "sector" and not is_valid_view(r["show"]):
            problems.append(Problem(file, json_path([*where, "show"]), "not a valid view"))
        when = r["when"]
        if catalogue is not None:
            for j, s in enumerate(when.get("sectors", [])):
                if s not in catalogue.sectors:
                    problems.append(Problem(file, json_path([*where, "when", "sectors", j]), f"unknown sector '{s}'"))
            for j, ind in enumerate(when.get("indicators", [])):
                if ind not in catalogue.indicators:
                    problems.append(Problem(file, json_path([*where, "when", "indicators", j]),
                                            f"unknown indicator '{ind}'"))
        rules[r["id"]] = AlertRule(
            r["id"], r.get("name", r["id"]), r["region"], float(r["duration_s"]), r["priority"], r["show"],
            when.get("severity", "critical"), tuple(when.get("sectors", ())), tuple(when.get("indicators", ())),
            tuple(when.get("causes", ("threshold", "forecast"))), tuple(r.get("layouts", ())), r.get("paused", False))
    if problems:
        raise InvalidFile(problems)
    return rules


def load_rules(path: Path = DEFAULT_FILE, catalogue=None) -> dict[str, AlertRule]:
    return parse_rules(read_json(path, str(path)), catalogue, str(path))


def triggered(rules: dict[str, AlertRule], alert: Alert, paused: frozenset[str] | set[str]) -> list[AlertRule]:
    """The rules an alert sets off, highest priority first (paused ones left out)."""
    hits = [r for r in rules.values() if not r.paused and r.id not in paused and r.matches(alert)]
    return sorted(hits, key=lambda r: -r.priority)
