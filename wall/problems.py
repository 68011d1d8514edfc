"""Problems found in technicians' files: each names the file, the JSON path and what is wrong."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


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

    def __str__(self) -> str:
        where = f"{self.file}: {self.path}" if self.path else self.file
        prefix = "" if self.severity is Severity.ERROR else "warning: "
        return f"{where}: {prefix}{self.message}"

    def to_json(self) -> dict:
        return {"file": self.file, "path": self.path, "message": self.message, "severity": self.severity.value}


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


def schema_problems(validator, doc, file: str) -> list[Problem]:
    return [Problem(file, json_path(e.absolute_path), e.message) for e in schema_errors(validator, doc)]
