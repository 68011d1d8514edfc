"""A meeting's minutes (Qt-free): what each agenda item showed, with the time its figures stood at.

The wall takes a picture of each of an item's regions when the meeting leaves the item (the views as they were
discussed) and writes it into the meeting's folder at once, so a wall that restarts mid-meeting loses nothing. At the
end it writes ``tom-tat.json`` (this module's summary) and ``bien-ban.pdf`` (wall/runtime/minutes_recorder.py) beside
them.

    <state dir>/minutes/2026-11-24-0800-giao-ban-thang-11/
        01-trung-tam.png  01-so-lieu-1.png  02-trung-tam.png ...  tom-tat.json  bien-ban.pdf
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path

from ioc_core import fmt
from ioc_core.jsonfile import write_json_atomic

SUMMARY = "tom-tat.json"
PDF = "bien-ban.pdf"


@dataclass(frozen=True)
class Capture:
    """One region's picture of one agenda item, and how fresh its figures were."""

    item: int
    region: str
    label: str
    view: dict | None
    image: str  # file name in the minutes folder
    captured_at: float
    frozen_at: float | None = None  # the figures were held still as of this time
    figures_from: float | None = None  # oldest and newest observation among the figures shown (None: no figures)
    figures_to: float | None = None

    def as_of_text(self) -> str:
        """Vietnamese: the time the figures stood at, as the minutes print it."""
        if self.frozen_at is not None:
            return f"Số liệu tại {stamp(self.frozen_at)} (giữ nguyên để thảo luận)"
        if self.figures_from is None:
            return f"Hình lúc {stamp(self.captured_at)}"
        if stamp(self.figures_from) == stamp(self.figures_to):
            return f"Số liệu tại {stamp(self.figures_to)}"
        return f"Số liệu cập nhật từ {stamp(self.figures_from)} đến {stamp(self.figures_to)}"


def stamp(t: float) -> str:
    return fmt.moment(datetime.fromtimestamp(t, fmt.TZ))


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40] or "cuoc-hop"


def folder_name(run) -> str:
    """``2026-11-24-0800-<meeting id>``: the day and the time the meeting started, in the province's time."""
    start = datetime.fromtimestamp(run.started_at, fmt.TZ) if run.started_at is not None else run.meeting.starts_at
    return f"{start:%Y-%m-%d-%H%M}-{slug(run.meeting.id)}"


def image_name(item: int, region: str) -> str:
    return f"{item + 1:02d}-{slug(region)}.png"


def summary(run, captures: list[Capture], wall_name: str, written_at: float) -> dict:
    """The minutes as data: the meeting, each item's time on the wall and its pictures with their as-of times."""
    m = run.meeting
    items = []
    for n, item in enumerate(m.items):
        shown = [[t0, t1] for i, t0, t1 in run.shown if i == n]
        items.append({
            "number": n + 1, "title": item.title, "presenter": item.presenter, "planned_minutes": item.minutes,
            "planned_at": item.at, "shown": shown,
            "shown_minutes": round(sum((t1 or written_at) - t0 for t0, t1 in shown) / 60, 1),
            "views": [{**asdict(c), "as_of": c.as_of_text()} for c in captures if c.item == n],
        })
    return {"meeting": m.title, "id": m.id, "chair": m.chair, "planned_start": m.starts_at.isoformat(),
            "started_at": run.started_at, "ended_at": run.ended_at, "status": run.status, "wall": wall_name,
            "written_at": written_at, "items": items,
            "points": [{"name": p.name, "status": p.status} for p in m.points]}


def write_summary(folder: Path, doc: dict) -> Path:
    path = folder / SUMMARY
    write_json_atomic(path, doc)
    return path


def read_captures(folder: Path) -> list[Capture]:
    """The pictures an earlier run of the wall took for this meeting (a restart in the middle of it)."""
    path = folder / "anh.json"
    try:
        return [Capture(**c) for c in json.loads(path.read_text(encoding="utf-8"))]
    except (OSError, ValueError, TypeError):
        return []


def write_captures(folder: Path, captures: list[Capture]) -> None:
    write_json_atomic(folder / "anh.json", [asdict(c) for c in captures])
