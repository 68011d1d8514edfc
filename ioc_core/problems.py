"""Problems found in technicians' files: each names the file, the JSON path and what is wrong."""

from __future__ import annotations

import json
from dataclasses import dataclass
from enum import StrEnum

from ioc_core.messages import word
from ioc_core.redact import redact_text


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Problem:
    """One thing wrong (or worth a technician's look) in a file."""

    file: str
    path: str
    message: str
    severity: Severity = Severity.ERROR
    code: str = ""  # for a console to word it in its own language (ioc_core/messages.py): the kind of problem ...
    args: tuple[tuple[str, str | int], ...] = ()  # ... and what the words name, as (name, value) pairs

    @property
    def params(self) -> dict:
        return dict(self.args)

    def __str__(self) -> str:
        where = f"{self.file}: {self.path}" if self.path else self.file
        prefix = "" if self.severity is Severity.ERROR else "warning: "
        return f"{where}: {prefix}{self.message}"

    def to_json(self) -> dict:
        out = {"file": self.file, "path": self.path, "message": self.message, "severity": self.severity.value}
        if self.code:
            out["code"], out["args"] = self.code, self.params
        return out

    @classmethod
    def from_json(cls, d: dict, severity: Severity | None = None) -> Problem:
        """A problem as the API sent it (``to_json``); anything missing taken as empty."""
        args = d.get("args") if isinstance(d.get("args"), dict) else {}
        return cls(str(d.get("file", "")), str(d.get("path", "")), str(d.get("message", "")),
                   severity or Severity(d.get("severity", "error")), str(d.get("code", "")), tuple(args.items()))


def coded(file: str, path: str, code: str, severity: Severity = Severity.ERROR, **args) -> Problem:
    """A problem worded from its code's English template (ioc_core/messages.py), keeping the code and the words it
    names so that a console can word it in Vietnamese."""
    return Problem(file, path, word(code, **args), severity, code, tuple(args.items()))


class InvalidFile(Exception):
    """A file could not be used; ``problems`` says why (at least one error)."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("; ".join(str(p) for p in problems))


def errors(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity is Severity.ERROR]


def json_path(parts) -> str:
    """``["regions", 2, "span"]`` -> ``$.regions[2].span``."""
    out = "$"
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else f".{part}"
    return out


def schema_errors(validator, doc) -> list:
    """A JSON Schema validator's errors, in document order (so messages read top to bottom)."""
    return sorted(validator.iter_errors(doc), key=lambda e: list(map(str, e.absolute_path)))


def schema_problem(err, file: str, message: str | None = None) -> Problem:
    """A JSON Schema error as a problem with jsonschema's own message (or ``message``), coded for the validators a
    technician's edit can break (a missing or unknown field, a wrong type, a number or length out of range)."""
    code, args = _schema_code(err)
    return Problem(file, json_path(err.absolute_path), message or err.message, Severity.ERROR, code,
                   tuple(args.items()))


def shown(value) -> str:
    """A value as a problem names it: short, and any address in it without its secrets."""
    text = redact_text(value if isinstance(value, str) else json.dumps(value, ensure_ascii=False))
    return text if len(text) <= 60 else text[:59] + "…"


def _schema_code(err) -> tuple[str, dict]:
    kind, limit, value = err.validator, err.validator_value, err.instance
    if kind == "required" and isinstance(value, dict):
        missing = [name for name in limit if name not in value]
        return ("schema.required", {"field": missing[0]}) if missing else ("", {})
    if kind == "additionalProperties" and isinstance(value, dict):
        known = set(err.schema.get("properties", {}))
        extra = sorted(name for name in value if name not in known)
        return ("schema.unknown_field", {"fields": ", ".join(extra)}) if extra else ("", {})
    if kind == "type":
        return "schema.type", {"value": shown(value), "type": " | ".join(limit) if isinstance(limit, list)
                               else str(limit)}
    if kind in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "minLength", "maxLength",
                "minItems", "maxItems"):
        return f"schema.{kind}", {"value": shown(value), "limit": limit}
    if kind == "enum":
        return "schema.enum", {"value": shown(value), "allowed": ", ".join(shown(v) for v in limit)}
    if kind == "pattern":
        return "schema.pattern", {"value": shown(value)}
    return "", {}


def schema_problems(validator, doc, file: str) -> list[Problem]:
    return [schema_problem(e, file) for e in schema_errors(validator, doc)]
