"""Every source example in docs/sources.md is read by the wall's own loader against the shipped catalogue with no
error (a secret not set on this machine is only a warning): the technician's guide cannot drift from the code."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from ioc_core.catalogue import load_catalogue
from ioc_core.problems import errors
from ioc_core.sources.sources_file import parse_sources

GUIDE = Path(__file__).resolve().parents[2] / "docs" / "sources.md"


def examples() -> list[dict]:
    blocks = re.findall(r"```json\n(.*?)```", GUIDE.read_text(encoding="utf-8"), re.S)
    out = []
    for block in blocks:
        if "{...}" in block or block.lstrip().startswith('{"schema_version"'):
            continue  # the file's outline and the secrets file, not a source
        out.append(json.loads(block))
    return out


def test_the_guide_has_an_example_for_each_system():
    ids = {e["id"] for e in examples()}
    assert {"lgsp-hcc", "ckan-dulich", "pxweb-giaoduc", "opencps", "soc", "quan-trac", "kttv-cap", "drop-yte",
            "drop-yte-kham", "dvc-766"} <= ids


@pytest.mark.parametrize("entry", examples(), ids=lambda e: e["id"])
def test_each_example_is_a_valid_source(entry, tmp_path):
    if entry.get("kind") == "spreadsheet":
        entry = {**entry, "folder": str(tmp_path)}
    got = parse_sources({"schema_version": 1, "sources": [entry]}, load_catalogue(), "docs/sources.md")
    assert errors(got.problems) == [], [str(p) for p in got.problems]
    assert [s.id for s, _every in got.sources] == [entry["id"]]
