"""schemathesis's hooks for tests/core/test_openapi_fuzz.py (loaded by the fuzzer's own process through
SCHEMATHESIS_HOOKS): a check that a refused request left what the wall stores as it was, and a share picture's
long poll kept short."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import schemathesis

FOLDERS = [Path(p) for p in os.environ.get("IOC_FUZZ_STORED", "").split(os.pathsep) if p]
_last: dict[str, str] | None = None  # taken as the fuzzer starts, after the wall did


def stored() -> dict[str, str]:
    """Every file the wall writes (its state folder, its configuration), by path, as a digest of its bytes."""
    out = {}
    for folder in FOLDERS:
        for path in sorted(folder.rglob("*") if folder.is_dir() else [folder]):
            if path.is_file():
                out[str(path)] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


@schemathesis.check
def refused_changes_nothing(ctx, response, case):
    """A request answered 4xx leaves every stored file as it was (the fuzzer sends one request at a time)."""
    global _last
    before, now = _last, stored()
    _last = now
    if before is not None and response.status_code >= 400 and now != before:
        changed = sorted(set(now.items()) ^ set(before.items()))
        raise AssertionError(f"{case.method} {case.path} answered {response.status_code} but changed "
                             f"{sorted({name for name, _ in changed})}")


@schemathesis.hook
def map_query(ctx, query):
    """A share picture's long poll waits up to 10 s for a wall that draws nothing here: ask for no wait."""
    if ctx.operation is not None and ctx.operation.path == "/share/frame.jpg" and isinstance(query, dict):
        query = {**query, "wait": 0}
    return query


_last = stored()
