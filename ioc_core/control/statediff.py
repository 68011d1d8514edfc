"""Which views survive a change of wall state (Qt-free, so it is tested without a display)."""

from __future__ import annotations

import json


def view_key(view: dict | None) -> str:
    return json.dumps(view, sort_keys=True)


def match_views(old: dict[str, dict | None], new: dict[str, dict | None]) -> dict[str, str | None]:
    """For each new region, the old region whose view it takes over, or None when the view must be built.

    A region that keeps its view keeps its item; otherwise a region showing a view that some other old region
    showed takes that item over (a camera moved to another region keeps playing). Each old item is used once.
    """
    pool: dict[str, list[str]] = {}
    for rid, view in old.items():
        pool.setdefault(view_key(view), []).append(rid)
    out: dict[str, str | None] = {}
    for rid, view in new.items():
        if rid in old and view_key(old[rid]) == view_key(view):
            out[rid] = rid
            pool[view_key(view)].remove(rid)
    for rid, view in new.items():
        if rid not in out:
            same = pool.get(view_key(view))
            out[rid] = same.pop(0) if same else None
    return out
