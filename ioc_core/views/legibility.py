"""How large text must be to be read from the room's seats, from the room's viewing distance and the panels'
pixel size.

Guidance for large group-view displays in control rooms (US NRC, NUREG-0700 rev. 3, the group-view display
section) asks that letters and numerals subtend at least 16 minutes of arc at the maximum viewing distance of the
information. A capital letter ``h`` mm tall seen from ``d`` mm subtends ``2·atan(h / 2d)``; on a 55-inch
1920x1080 panel (0.63 mm a pixel) at 5 m that is 37 px of capital height, which the wall's font (Noto Sans,
capitals 0.714 of the pixel size) reaches at a 52 px font.

Everything here is Qt-free: the wall turns ``cap_px`` into a font size with its font's measured capital height,
``ioc_core.check`` and the identify overlay judge a layout's regions with ``region_warnings``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

ARC_MINUTES = 16.0  # the smallest angle a character read from the seats may subtend
DEFAULT_DISTANCE_M = 5.0  # the leaders' seats of a provincial IOC room to its wall
# the 55-inch panel's pixel: 1209.6 mm of visible width over 1920 pixels
DEFAULT_PIXEL_MM = 0.63


@dataclass(frozen=True)
class Room:
    """The room a wall is read in: the farthest seat that must read it, and the size of one panel pixel."""

    distance_m: float = DEFAULT_DISTANCE_M
    pixel_mm: float = DEFAULT_PIXEL_MM

    @property
    def cap_px(self) -> float:
        """The capital height, in panel pixels, of the smallest text the farthest seat reads."""
        return cap_px(self.distance_m, self.pixel_mm)

    def arc_minutes(self, cap_height_px: float) -> float:
        """The angle a capital ``cap_height_px`` tall subtends at the farthest seat, in minutes of arc."""
        return arc_minutes(cap_height_px, self.distance_m, self.pixel_mm)

    def describe(self) -> str:
        return f"{self.distance_m:g} m, {self.pixel_mm:.3g} mm a pixel: capitals at least {self.cap_px:.0f} px"


def cap_px(distance_m: float, pixel_mm: float, arc_min: float = ARC_MINUTES) -> float:
    """Capital height in pixels that subtends ``arc_min`` minutes of arc at ``distance_m``."""
    if distance_m <= 0 or pixel_mm <= 0:
        raise ValueError("a viewing distance and a pixel size are positive")
    height_mm = 2 * distance_m * 1000 * math.tan(math.radians(arc_min / 60) / 2)
    return height_mm / pixel_mm


def arc_minutes(cap_height_px: float, distance_m: float, pixel_mm: float) -> float:
    return math.degrees(2 * math.atan(cap_height_px * pixel_mm / 2 / (distance_m * 1000))) * 60


# The wall's font (Noto Sans, ``wall.widgets.style``): capitals are 0.714 of its pixel size and a line of text
# takes 1.362 of it (Qt's QFontMetricsF: capHeight 37.1 and height 70.8 at 52 px). tests/qt check these against
# the font Qt really uses, so that the check's arithmetic and the wall's drawing agree.
CAP_PER_FONT_PX = 0.714
LINE_PER_FONT_PX = 1.362


def font_px(room: Room) -> int:
    """The smallest font pixel size whose capitals reach ``room.cap_px``."""
    return math.ceil(room.cap_px / CAP_PER_FONT_PX - 1e-9)


def line_px(room: Room) -> float:
    """The height of one line of the smallest legible text."""
    return font_px(room) * LINE_PER_FONT_PX


# The least room each kind of view needs to show anything worth showing from the seats, in lines of the smallest
# legible text (line_px) across and down. Less than that and the view cannot say what it is for at this distance.
KIND_NEEDS: dict[str, tuple[float, float]] = {
    "overview": (7.0, 5.0),  # the province's title and a few sectors' cards
    "sector": (7.0, 6.5),  # the sector's name and one tile
    "chart": (7.0, 5.0),  # the title, and a curve with an axis of three labelled ticks
    "alerts": (7.0, 3.5),  # the title and one alert on two lines
    "health": (7.0, 4.0),
    "map": (5.0, 2.0),  # a map is read by its colours; its title and legend need two lines
    "camera": (4.0, 1.5),  # the picture; its name on one line
    "camera_grid": (4.0, 1.5),  # each cell: as a camera
    "web": (5.0, 1.5),
    "meeting": (7.0, 5.0),  # the agenda's title and the item now on, on up to three lines
    "clock": (4.0, 2.0),  # the time, two lines tall
}
# A KPI tile: its name on lines of about 17 characters (the shipped names take up to three), its figure one and a
# half lines tall, its state and the threshold it crossed on one line each, and half a line of margins: 7 lines
# wide, 6 tall. (wall.widgets.sector may show fewer, wider tiles than this counts when a name needs more than three
# lines at that width: the check, without the wall's fonts, cannot know.)
TILE_NEEDS = (7.0, 6.0)
SECTOR_HEADER = 0.11  # of a sector view's height: its name, clock and data time (wall.widgets.sector)


def sector_header_px(height_px: float, room: Room, lines: int = 1) -> float:
    """A sector view's header: SECTOR_HEADER of its height, and never less than ``lines`` lines of its name (at
    1.15 the smallest font) with a fifth of a line above and below (wall.widgets.sector lays it out so)."""
    return max(height_px * SECTOR_HEADER, (lines * 1.15 + 0.4) * line_px(room))


def tile_grid(width_px: float, height_px: float, count: int, room: Room, columns: int | None = None,
              gap: float = 12.0) -> tuple[int, int]:
    """How many of ``count`` tiles a ``width_px`` x ``height_px`` panel shows at ``room``'s distance, and in how
    many columns: the most tiles whose cells are each at least TILE_NEEDS; among grids that show as many, the one
    with the fewest empty cells, then the most columns up to ``columns`` (the declared one). (0, 0): not even
    one."""
    line = line_px(room)
    need_w, need_h = TILE_NEEDS[0] * line, TILE_NEEDS[1] * line
    best: tuple[int, int, int] | None = None  # (shown, -empty cells, cols)
    for cols in range(1, count + 1):
        w = (width_px - gap * (cols + 1)) / cols
        if w < need_w:
            break
        rows = int((height_px - gap) // (need_h + gap))
        shown = min(count, rows * cols)
        if shown <= 0:
            continue
        empty = -(-shown // cols) * cols - shown
        key = (shown, -empty, cols if columns is None or cols <= columns else -cols)
        if best is None or key > best:
            best = key
    return (best[0], best[2] if best[2] > 0 else -best[2]) if best else (0, 0)


def fits_kind(kind: str, width_px: float, height_px: float, room: Room) -> bool:
    """Whether a ``width_px`` x ``height_px`` region holds the least a view of ``kind`` must show."""
    need = KIND_NEEDS.get(kind)
    if need is None:
        return True
    line = line_px(room)
    return width_px >= need[0] * line and height_px >= need[1] * line
