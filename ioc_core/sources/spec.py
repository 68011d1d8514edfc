"""Reading a source's settings: every unknown key and wrong type is a problem naming the file, the JSON path and
the key, collected rather than raised one at a time, so a technician sees all of them in one ``--check``.

    r = Spec(entry, file, ["sources", 3])
    url = r.text("url", required=True)
    deadline = r.number("deadline_s", 20.0, minimum=0.1)
    r.known({"url", "deadline_s"})          # anything else in the object is a problem naming the key
    r.raise_problems()                       # InvalidFile with all of them
"""

from __future__ import annotations

from collections.abc import Iterable

from ioc_core.problems import InvalidFile, Problem, Severity, errors, json_path

_MISSING = object()


class Spec:
    """A view of one JSON object in a settings file; problems are shared with the specs made from it."""

    def __init__(self, doc, file: str, path: Iterable = (), problems: list[Problem] | None = None):
        self.doc = doc
        self.file = file
        self.parts = list(path)
        self.problems: list[Problem] = [] if problems is None else problems
        if not isinstance(doc, dict):
            self.problem(f"expected an object, found {_kind(doc)}")
            self.doc = {}

    # -- where and what ----------------------------------------------------------------------------------------
    @property
    def path(self) -> str:
        return json_path(self.parts)

    def path_of(self, key) -> str:
        return json_path([*self.parts, key])

    def problem(self, message: str, key=None, severity: Severity = Severity.ERROR) -> None:
        """A problem at this object (or at its ``key``); a warning does not stop the source being built."""
        self.problems.append(Problem(self.file, self.path if key is None else self.path_of(key), message, severity))

    def has(self, key: str) -> bool:
        return key in self.doc

    def known(self, keys: Iterable[str]) -> None:
        """Every key not in ``keys`` is a problem that names it and lists the keys this object takes."""
        allowed = set(keys)
        for key in self.doc:
            if key not in allowed:
                self.problem(f"unknown key '{key}' (this object takes: {', '.join(sorted(allowed))})", key)

    def raise_problems(self) -> None:
        """InvalidFile with every problem, if any of them is an error."""
        if errors(self.problems):
            raise InvalidFile(list(self.problems))

    # -- values ------------------------------------------------------------------------------------------------
    def sub(self, key: str, required: bool = False) -> Spec | None:
        """The object at ``key`` as a Spec sharing these problems (None when absent and not required)."""
        value = self.doc.get(key, _MISSING)
        if value is _MISSING:
            if required:
                self.problem(f"'{key}' is required", key)
            return None
        return Spec(value, self.file, [*self.parts, key], self.problems)

    def raw(self, key: str, default=None):
        return self.doc.get(key, default)

    def text(self, key: str, default: str | None = None, required: bool = False,
             choices: Iterable[str] | None = None) -> str | None:
        value = self.doc.get(key, _MISSING)
        if value is _MISSING:
            if required:
                self.problem(f"'{key}' is required", key)
            return default
        if not isinstance(value, str) or (required and not value.strip()):
            self.problem(f"'{key}' must be a text, found {_kind(value)}", key)
            return default
        if choices is not None and value not in set(choices):
            self.problem(f"'{key}' is '{value}'; expected one of: {', '.join(choices)}", key)
            return default
        return value

    def number(self, key: str, default: float | None = None, minimum: float | None = None,
               maximum: float | None = None, required: bool = False) -> float | None:
        value = self.doc.get(key, _MISSING)
        if value is _MISSING:
            if required:
                self.problem(f"'{key}' is required", key)
            return default
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.problem(f"'{key}' must be a number, found {_kind(value)}", key)
            return default
        if minimum is not None and value < minimum:
            self.problem(f"'{key}' must be at least {minimum:g}, found {value:g}", key)
            return default
        if maximum is not None and value > maximum:
            self.problem(f"'{key}' must be at most {maximum:g}, found {value:g}", key)
            return default
        return float(value)

    def integer(self, key: str, default: int | None = None, minimum: int | None = None,
                maximum: int | None = None) -> int | None:
        value = self.doc.get(key, _MISSING)
        if value is _MISSING:
            return default
        if isinstance(value, bool) or not isinstance(value, int):
            self.problem(f"'{key}' must be a whole number, found {_kind(value)}", key)
            return default
        if (minimum is not None and value < minimum) or (maximum is not None and value > maximum):
            bounds = f"{minimum if minimum is not None else '-∞'} .. {maximum if maximum is not None else '∞'}"
            self.problem(f"'{key}' must be within {bounds}, found {value}", key)
            return default
        return value

    def flag(self, key: str, default: bool = False) -> bool:
        value = self.doc.get(key, _MISSING)
        if value is _MISSING:
            return default
        if not isinstance(value, bool):
            self.problem(f"'{key}' must be true or false, found {_kind(value)}", key)
            return default
        return value

    def texts(self, key: str, default: tuple = ()) -> tuple[str, ...]:
        """A list of texts (a single text is taken as a list of one)."""
        value = self.doc.get(key, _MISSING)
        if value is _MISSING:
            return tuple(default)
        if isinstance(value, str):
            return (value,)
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.problem(f"'{key}' must be a list of texts, found {_kind(value)}", key)
            return tuple(default)
        return tuple(value)

    def text_map(self, key: str, scalars: bool = False) -> dict[str, str]:
        """An object of text values (``scalars``: numbers and booleans too, sent as text, e.g. query values)."""
        value = self.doc.get(key, _MISSING)
        if value is _MISSING:
            return {}
        if not isinstance(value, dict):
            self.problem(f"'{key}' must be an object, found {_kind(value)}", key)
            return {}
        out = {}
        for k, v in value.items():
            ok = isinstance(v, str) or (scalars and isinstance(v, int | float | bool))
            if not ok:
                self.problems.append(Problem(self.file, json_path([*self.parts, key, k]),
                                             f"'{k}' must be a text, found {_kind(v)}"))
                continue
            out[k] = v if isinstance(v, str) else (str(v).lower() if isinstance(v, bool) else str(v))
        return out


def _kind(value) -> str:
    if value is None:
        return "null"
    return {bool: "true/false", int: "a number", float: "a number", str: "a text", list: "a list",
            dict: "an object"}.get(type(value), type(value).__name__)
