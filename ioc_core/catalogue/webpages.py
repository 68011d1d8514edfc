"""The web pages offered to operators (Qt-free): the front ends of systems the wall does not replace, such as the
public-service portal or the document system. Each page is a ready-made "web" view for the console's palette;
layouts may also name any allowed URL directly. Which hosts may be shown is the wall configuration's allowlist
(``ioc_core/setup/webpolicy.py``), not this file.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from jsonschema import Draft202012Validator

from ioc_core.jsonfile import read_json
from ioc_core.layouts.views import VIEW_KINDS
from ioc_core.problems import InvalidFile, Problem, Severity, schema_problems
from ioc_core.setup.webpolicy import WebAllowlist

DEFAULT_FILE = Path(__file__).resolve().parent / "data" / "webpages.json"
SCHEMA_VERSION = 1

_ID = {"type": "string", "pattern": r"^[a-z0-9][a-z0-9_-]*$", "maxLength": 64}
_NAME = {"type": "object", "required": ["vi"], "additionalProperties": False,
         "properties": {"vi": {"type": "string", "minLength": 1, "maxLength": 160},
                        "en": {"type": "string", "maxLength": 160}}}
_VIEW_PARAMS = VIEW_KINDS["web"].params  # url, zoom, reload_s, fps: as in layouts
SCHEMA = {
    "type": "object", "required": ["schema_version", "pages"], "additionalProperties": False,
    "properties": {
        "schema_version": {"const": SCHEMA_VERSION},
        "pages": {"type": "array", "items": {
            "type": "object", "required": ["id", "name", "url"], "additionalProperties": False,
            "properties": {"id": _ID, "name": _NAME, **_VIEW_PARAMS}}},
    },
}


@dataclass(frozen=True)
class WebPage:
    id: str
    name_vi: str
    name_en: str
    view: dict  # the "web" view that shows it

    def public(self) -> dict:
        return {"id": self.id, "name": {"vi": self.name_vi, "en": self.name_en or self.name_vi}, **self.view}

    def entry(self) -> dict:
        """The page as the web pages file writes it."""
        return {"id": self.id, "name": {"vi": self.name_vi, **({"en": self.name_en} if self.name_en else {})},
                **{k: v for k, v in self.view.items() if k != "kind"}}


@dataclass(frozen=True)
class WebPages:
    pages: dict[str, WebPage]
    problems: tuple[Problem, ...] = ()

    def checked(self, allow: WebAllowlist, file: str = "<web pages>") -> WebPages:
        """The pages the allowlist lets the wall show; each other page is a warning, not offered to consoles."""
        keep, warnings = {}, list(self.problems)
        for n, page in enumerate(self.pages.values()):
            why = allow.problem(page.view["url"])
            if why:
                warnings.append(Problem(file, f"$.pages[{n}].url", f"page '{page.id}' is not offered: {why}",
                                        Severity.WARNING))
            else:
                keep[page.id] = page
        return WebPages(keep, tuple(warnings))


@functools.cache
def _validator() -> Draft202012Validator:
    return Draft202012Validator(SCHEMA)


def parse_webpages(doc, file: str = "<web pages>") -> WebPages:
    problems = schema_problems(_validator(), doc, file)
    if problems:
        raise InvalidFile(problems)
    pages: dict[str, WebPage] = {}
    for n, p in enumerate(doc["pages"]):
        if p["id"] in pages:
            problems.append(Problem(file, f"$.pages[{n}].id", f"page '{p['id']}' is declared twice"))
        view = {"kind": "web", **{k: p[k] for k in _VIEW_PARAMS if k in p}}
        pages[p["id"]] = WebPage(p["id"], p["name"]["vi"], p["name"].get("en", ""), view)
    if problems:
        raise InvalidFile(problems)
    return WebPages(pages)


def load_webpages(path: Path | None = None) -> WebPages:
    path = Path(path or DEFAULT_FILE)
    return parse_webpages(read_json(path), str(path))
