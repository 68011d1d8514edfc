"""Layouts: a grid over the whole wall and named regions, each a rectangle of cells showing a view."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Region:
    id: str
    row: int
    col: int
    rows: int = 1
    cols: int = 1
    view: dict | None = field(default=None, compare=True, hash=False)
    title_vi: str = ""
    title_en: str = ""

    @property
    def cells(self) -> set[tuple[int, int]]:
        return {(r, c) for r in range(self.row, self.row + self.rows) for c in range(self.col, self.col + self.cols)}

    @property
    def label(self) -> str:
        return self.title_vi or self.id

    def label_in(self, lang: str) -> str:
        return (self.title_en if lang == "en" else "") or self.label

    def to_json(self) -> dict:
        out = {"id": self.id, "cell": [self.row, self.col], "span": [self.rows, self.cols], "view": self.view}
        if self.title_vi:
            out["title"] = {"vi": self.title_vi, **({"en": self.title_en} if self.title_en else {})}
        return out


@dataclass(frozen=True)
class Layout:
    id: str
    title_vi: str
    grid_rows: int
    grid_cols: int
    regions: tuple[Region, ...]
    title_en: str = ""
    source: str = ""

    def region(self, region_id: str) -> Region | None:
        return next((r for r in self.regions if r.id == region_id), None)

    @property
    def region_ids(self) -> list[str]:
        return [r.id for r in self.regions]

    def default_views(self) -> dict[str, dict | None]:
        return {r.id: r.view for r in self.regions}

    def summary(self) -> dict:
        return {"id": self.id, "title": {"vi": self.title_vi, "en": self.title_en},
                "grid": {"rows": self.grid_rows, "cols": self.grid_cols}, "regions": len(self.regions)}
