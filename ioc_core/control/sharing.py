"""What the wall shares with the province's online meeting rooms and with phones (Qt-free).

The operator chooses it from the console (the ``share`` command): the whole wall, one screen, or one region of the
current layout; or nothing. The choice is part of the wall's state. A region that the current layout does not have
(the operator switched away from the meeting layout, say) shares nothing, with a card that says why: what was chosen
to be seen is all that remote rooms ever see.
"""

from __future__ import annotations

from ioc_core.setup.geometry import Rect, WallGeometry


def share_target(cmd: dict) -> dict | None | str:
    """The target a ``share`` command names ({"wall": True}, {"screen": [r, c]}, {"region": id}, or None for off),
    or why it names none or several."""
    given = [k for k in ("wall", "screen", "region", "off") if k in cmd]
    if len(given) != 1:
        return ("share needs exactly one of: wall, screen, region, off"
                + (f" (got {', '.join(given)})" if given else ""))
    key = given[0]
    if key == "off":
        return None
    return {key: list(cmd[key]) if key == "screen" else cmd[key]}


def share_area(target: dict | None, layout, geometry: WallGeometry) -> tuple[Rect | None, str] | None:
    """The part of the wall canvas to share and what to call it (Vietnamese, for the share page); None when off;
    (None, why) when the chosen region is not on the wall now."""
    if target is None:
        return None
    if "screen" in target:
        r, c = target["screen"]
        if (r, c) in geometry.screens():
            return geometry.screen_rect(r, c), f"Màn hình hàng {r + 1}, cột {c + 1}"
    elif "region" in target:
        region = next((g for g in layout.regions if g.id == target["region"]), None)
        if region is not None:
            rect = geometry.cell_rect(layout.grid_rows, layout.grid_cols, region.row, region.col, region.rows,
                                      region.cols)
            return rect, f"Vùng «{region.label}»"
        return None, f"Vùng «{target['region']}» không có trên tường lúc này (bố cục «{layout.title_vi}»)"
    return Rect(0, 0, geometry.canvas_w, geometry.canvas_h), "Toàn bộ tường"


def fit_width(rect: Rect, width: int) -> tuple[int, int]:
    """The picture size for sharing ``rect`` at most ``width`` pixels wide (never upscaled), even sizes."""
    w = min(width, int(rect.w))
    h = max(2, round(w * rect.h / rect.w))
    return w - w % 2, h - h % 2


def share_info(state, geometry: WallGeometry, wall_name: str, now: float) -> dict:
    """What the share page shows beside the picture (no views, no feeds, no credentials: remote rooms only watch)."""
    area = share_area(state.share, state.layout, geometry)
    out: dict = {"sharing": area is not None and area[0] is not None, "wall": wall_name,
                 "label": area[1] if area else "",
                 "frozen_at": state.frozen_at, "blackout": bool(state.blackout), "meeting": None}
    run = state.meeting
    if run is not None:
        m = run.meeting
        remaining = run.remaining(now)
        out["meeting"] = {
            "title": m.title, "chair": m.chair, "starts_at": m.starts_at.isoformat(), "status": run.status,
            "item": run.item, "remaining_s": round(remaining) if remaining is not None else None,
            "items": [{"title": i.title, "presenter": i.presenter, "minutes": i.minutes, "at": i.at}
                      for i in m.items],
            "points": [{"name": p.name, "status": p.status} for p in m.points],
        }
    return out
