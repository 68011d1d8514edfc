"""Wall geometry: where each screen and each layout region lies on the wall canvas (Qt-free).

The canvas is the whole wall in screen pixels *including the bezel gaps*: a region spanning screens is drawn as
one piece on the canvas and each screen shows its own rectangle of it, so the part behind a bezel is hidden,
just as a window frame hides part of the view behind it (bezel compensation).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    w: float
    h: float

    @property
    def right(self) -> float:
        return self.x + self.w

    @property
    def bottom(self) -> float:
        return self.y + self.h

    def intersects(self, other: Rect) -> bool:
        return (min(self.right, other.right) > max(self.x, other.x)
                and min(self.bottom, other.bottom) > max(self.y, other.y))


@dataclass(frozen=True)
class WallGeometry:
    rows: int = 3
    cols: int = 3
    screen_w: int = 1920
    screen_h: int = 1080
    gap_x: int = 0  # pixels hidden behind the bezels between two screens side by side
    gap_y: int = 0

    @property
    def canvas_w(self) -> int:
        return self.cols * self.screen_w + (self.cols - 1) * self.gap_x

    @property
    def canvas_h(self) -> int:
        return self.rows * self.screen_h + (self.rows - 1) * self.gap_y

    def screens(self) -> list[tuple[int, int]]:
        return [(r, c) for r in range(self.rows) for c in range(self.cols)]

    def screen_rect(self, row: int, col: int) -> Rect:
        return Rect(col * (self.screen_w + self.gap_x), row * (self.screen_h + self.gap_y),
                    self.screen_w, self.screen_h)

    def block_rect(self, row: int, col: int, rows: int, cols: int) -> Rect:
        """Canvas rectangle of a block of screens (bezel gaps inside it included)."""
        a, b = self.screen_rect(row, col), self.screen_rect(row + rows - 1, col + cols - 1)
        return Rect(a.x, a.y, b.right - a.x, b.bottom - a.y)

    def cell_rect(self, grid_rows: int, grid_cols: int, row: int, col: int, rows: int = 1, cols: int = 1) -> Rect:
        """Canvas rectangle of grid cells ``[row, col]`` spanning ``[rows, cols]`` of a layout grid.

        The grid divides the screens' visible areas evenly; an edge that falls on a screen border is placed on
        the near side of the bezel, so a region never starts or ends inside a gap.
        """
        x0 = _edge(Fraction(col * self.cols, grid_cols), self.cols, self.screen_w, self.gap_x, start=True)
        x1 = _edge(Fraction((col + cols) * self.cols, grid_cols), self.cols, self.screen_w, self.gap_x, start=False)
        y0 = _edge(Fraction(row * self.rows, grid_rows), self.rows, self.screen_h, self.gap_y, start=True)
        y1 = _edge(Fraction((row + rows) * self.rows, grid_rows), self.rows, self.screen_h, self.gap_y, start=False)
        return Rect(x0, y0, x1 - x0, y1 - y0)

    def screens_under(self, rect: Rect) -> list[tuple[int, int]]:
        return [s for s in self.screens() if self.screen_rect(*s).intersects(rect)]


def _edge(s: Fraction, count: int, size: int, gap: int, start: bool) -> float:
    """Canvas coordinate of the point ``s`` screens from the wall's edge (0 <= s <= count)."""
    i = min(math.floor(s), count - 1) if start else max(math.ceil(s) - 1, 0)
    return float(i * (size + gap) + (s - i) * size)
