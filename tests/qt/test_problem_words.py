"""The wall's problems worded in the console's language: the loader's English in the wall's logs and API, the same
problem in Vietnamese in the console (and in the wall's English again through Qt's translator)."""

from __future__ import annotations

import json

import pytest

from ioc_core.layouts.validate import parse_layout
from ioc_core.messages import MESSAGES
from ioc_core.problems import InvalidFile, Problem, Severity


def layout(*regions, rows=3, cols=3) -> dict:
    return {"schema_version": 2, "id": "thu", "title": {"vi": "Thử"}, "grid": {"rows": rows, "cols": cols},
            "regions": [{"id": rid, "cell": cell, "span": span, "view": {"kind": "clock"}}
                        for rid, cell, span in regions]}


def problems_of(doc: dict) -> list[Problem]:
    with pytest.raises(InvalidFile) as exc:
        parse_layout(doc, "thu.json")
    return exc.value.problems


def test_the_loaders_problems_keep_their_english_and_carry_a_code_and_the_words_they_name():
    (p,) = problems_of(layout(("a", [0, 0], [2, 2]), ("b", [1, 1], [1, 1])))
    assert p.message == "region 'b' overlaps region 'a' at cell [1, 1]"
    assert (p.code, p.params) == ("layout.overlap", {"region": "b", "other": "a", "row": 1, "col": 1})
    assert str(p) == "thu.json: $.regions[1]: region 'b' overlaps region 'a' at cell [1, 1]"
    # through the API and back: what the console rebuilds from the JSON is the same problem
    assert Problem.from_json(json.loads(json.dumps(p.to_json()))) == p

    (p,) = problems_of(layout(("a", [0, 0], [4, 1])))
    assert p.code == "layout.leaves_grid" and p.path == "$.regions[0].span"
    _, warnings = parse_layout(layout(("a", [0, 0], [1, 1])), "thu.json")
    assert [(w.code, w.severity, w.params) for w in warnings] == [
        ("layout.black_cells", Severity.WARNING, {"empty": 8, "cells": 9})]


def test_schema_errors_keep_jsonschemas_message_and_name_the_field():
    doc = layout(("a", [0, 0], [1, 1]))
    del doc["title"]
    doc["grid"]["rows"] = 0
    doc["mau"] = "do"
    got = {(p.code, p.path): p.params for p in problems_of(doc)}
    assert got == {("schema.required", "$"): {"field": "title"},
                   ("schema.unknown_field", "$"): {"fields": "mau"},
                   ("schema.minimum", "$.grid.rows"): {"value": "0", "limit": 1}}
    assert "'title' is a required property" in {p.message for p in problems_of(doc)}


def test_every_coded_problem_has_vietnamese_naming_only_what_the_wall_sends(qapp):
    from operator_console.problem_text import placeholders, texts

    vi = texts()
    assert set(vi) == set(MESSAGES)
    for code, english in MESSAGES.items():
        assert placeholders(vi[code]) <= placeholders(english), code


def test_the_console_words_the_walls_problem_in_vietnamese_and_in_the_walls_english_when_asked(qapp):
    from operator_console.app import install_language
    from operator_console.problem_text import describe

    (p,) = problems_of(layout(("a", [0, 0], [2, 2]), ("b", [1, 1], [1, 1])))
    assert describe(p) == "vùng «b» chồng lên vùng «a» ở ô [1, 1]"
    assert describe(p.to_json()) == describe(p)  # as the API sends it
    translator = install_language(qapp, "en")
    try:
        assert describe(p) == p.message
    finally:
        qapp.removeTranslator(translator)
        install_language(qapp, "vi")
    # a problem the console has no words for (an uncoded one, or a code from a newer wall) keeps the wall's
    assert describe(Problem("x.json", "$", "something new")) == "something new"
    assert describe({"message": "from a newer wall", "code": "layout.brand_new", "args": {}}) == "from a newer wall"
    assert describe({"message": "args it does not know", "code": "layout.overlap", "args": {}}) == \
        "args it does not know"
