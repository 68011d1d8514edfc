"""JSON Schema of layout files (current ``schema_version``) and its validator."""

from __future__ import annotations

import functools

from jsonschema import Draft202012Validator

from ioc_core.layouts.views import view_schema

SCHEMA_VERSION = 2
MAX_GRID = 48

_ID = {"type": "string", "pattern": r"^[a-z0-9][a-z0-9_-]*$", "maxLength": 64}
_TITLE = {
    "type": "object",
    "properties": {"vi": {"type": "string", "minLength": 1}, "en": {"type": "string"}},
    "required": ["vi"],
    "additionalProperties": False,
}
_PAIR = {"type": "array", "items": {"type": "integer", "minimum": 0}, "minItems": 2, "maxItems": 2}


def layout_schema() -> dict:
    region = {
        "type": "object",
        "properties": {
            "id": _ID,
            "title": _TITLE,
            "cell": _PAIR,
            "span": {**_PAIR, "items": {"type": "integer", "minimum": 1}},
            "view": view_schema(),
        },
        "required": ["id", "cell", "view"],
        "additionalProperties": False,
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "IOC Wall layout",
        "type": "object",
        "properties": {
            "schema_version": {"const": SCHEMA_VERSION},
            "id": _ID,
            "title": _TITLE,
            "description": {"type": "string"},
            "grid": {
                "type": "object",
                "properties": {
                    "rows": {"type": "integer", "minimum": 1, "maximum": MAX_GRID},
                    "cols": {"type": "integer", "minimum": 1, "maximum": MAX_GRID},
                },
                "required": ["rows", "cols"],
                "additionalProperties": False,
            },
            "regions": {"type": "array", "items": region, "minItems": 1},
        },
        "required": ["schema_version", "id", "title", "grid", "regions"],
        "additionalProperties": False,
    }


@functools.cache
def validator() -> Draft202012Validator:
    return Draft202012Validator(layout_schema())
