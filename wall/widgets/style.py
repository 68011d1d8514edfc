"""Colours and type for a wall read from several metres away.

Sizes are in wall-canvas pixels of a 55-inch 1920x1080 panel (0.63 mm a pixel). Text is never smaller than
MIN_TEXT_PX, the font size whose capitals subtend 16 minutes of arc from the room's farthest seat
(ioc_core/views/legibility.py: 52 px at the default 5 m, capitals 37 px, 23 mm tall); ``set_room`` sets it from
the wall's configuration. What cannot be drawn that large is left out, never drawn smaller. Text colours keep a
contrast ratio of at least 7:1 on the backgrounds below.
"""

from __future__ import annotations

import os

from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QFont, QFontMetricsF

from ioc_core.views import legibility
from ioc_core.views.text import STATE_ORDER, STATUS_MARK  # noqa: F401 (STATE_ORDER: the views' order)

ROOM = legibility.Room()
MIN_TEXT_PX = legibility.font_px(ROOM)  # read as style.MIN_TEXT_PX: set_room changes it


def set_room(room: legibility.Room) -> bool:
    """The room the wall is read in (its configuration's viewing distance and panel): every view's smallest text
    follows. Returns whether the smallest text changed (the views are then laid out again)."""
    global ROOM, MIN_TEXT_PX
    px = legibility.font_px(room)
    changed = px != MIN_TEXT_PX
    ROOM, MIN_TEXT_PX = room, px
    if changed:
        _FONTS.clear()
        _METRICS.clear()
    return changed


def line_px() -> float:
    """One line of the smallest legible text."""
    return legibility.line_px(ROOM)

# Qt's raster engine caches glyphs up to 64 px and fills every larger glyph as a path on each paint: a tile's
# 90 px figure cost 0.42 ms a draw, 0.06 ms from the cache (measured, benchmarks/bench_views.py). The wall's big
# figures reach about 200 px, so glyphs up to 256 px are cached (Qt reads this once, at the first text drawn).
os.environ.setdefault("QT_MAX_CACHED_GLYPH_SIZE", "256")

# The language of data labels (layout and view titles); UI strings go through Qt's translators.
LANGUAGE = "vi"
FONT_FAMILIES = ["Noto Sans", "DejaVu Sans", "Segoe UI", "Arial"]

BACKGROUND = QColor("#0b1426")
PANEL = QColor("#12203a")
TEXT = QColor("#f2f5fa")
TEXT_DIM = QColor("#b8c4d6")
ACCENT = QColor("#3aa0ff")
# Status colours. Normal is a blue-leaning green (teal), critical a light red: under simulated protanopia,
# deuteranopia and tritanopia the three stay at least 35 CIELAB units apart (the former pure green and red came
# to 20 for deuteranopes: two olive tones). tests/qt/test_palette.py checks it.
WARNING = QColor("#ffb020")
CRITICAL = QColor("#ff5f5f")
OK = QColor("#3fc1c9")

# Status: colour AND shape AND word, so colour-blind viewers read it too (shape and word: the view models' own,
# ioc_core/views/text.py; the colour is drawing's).
STATUS_COLOURS = {"normal": OK.name(), "warning": WARNING.name(), "critical": CRITICAL.name(), "stale": "#9aa5b1",
                  "no_data": "#6b7a8f"}
STATUS_LOOK = {state: (STATUS_COLOURS[state], *STATUS_MARK[state]) for state in STATUS_COLOURS}

KIND_COLOURS = {
    "overview": "#3aa0ff", "sector": "#3aa0ff", "chart": "#5ac8fa", "alerts": "#ff7a45",
    "health": "#9aa5b1", "map": "#38c172", "camera": "#b37feb", "camera_grid": "#b37feb",
    "web": "#13c2c2", "meeting": "#fadb14", "clock": "#9aa5b1",
}


_FONTS: dict[tuple[int, bool], QFont] = {}


def font(px: float, bold: bool = False) -> QFont:
    """The wall's font at ``px`` (never below MIN_TEXT_PX). Shared: callers set it on painters, never change it."""
    key = (max(MIN_TEXT_PX, round(px)), bold)
    f = _FONTS.get(key)
    if f is None:
        if len(_FONTS) > 512:  # sizes follow region sizes: a bounded set, but never an unbounded cache
            _FONTS.clear()
        f = _FONTS[key] = QFont()
        f.setFamilies(FONT_FAMILIES)
        f.setPixelSize(key[0])
        f.setBold(bold)
    return f


class Metrics(QFontMetricsF):
    """A font's metrics that remember the widths they measured: views plan their text by trying candidate lines
    and sizes, mostly over the same words each time a figure changes (50,000 measurements in 10 s of nine sector
    screens whose every figure changed each second)."""

    KEPT = 4096

    def __init__(self, font: QFont):
        super().__init__(font)
        self._widths: dict[str, float] = {}

    def horizontalAdvance(self, text, *rest) -> float:  # noqa: N802 (Qt's name)
        if rest or not isinstance(text, str):
            return super().horizontalAdvance(text, *rest)
        width = self._widths.get(text)
        if width is None:
            if len(self._widths) >= self.KEPT:
                self._widths.clear()
            width = self._widths[text] = super().horizontalAdvance(text)
        return width


_METRICS: dict[str, Metrics] = {}


def metrics(font: QFont) -> Metrics:
    """``font``'s metrics, shared (GUI thread only, as painting is)."""
    key = font.key()
    m = _METRICS.get(key)
    if m is None:
        if len(_METRICS) > 512:
            _METRICS.clear()
        m = _METRICS[key] = Metrics(font)
    return m


def kind_colour(kind: str | None) -> QColor:
    return QColor(KIND_COLOURS.get(kind or "", "#5c6b80"))


def fitting_font(text: str, width: float, px: float, min_px: float, bold: bool = False) -> QFont:
    """The largest font from ``px`` down to ``min_px`` in which ``text`` fits ``width`` (elide below that)."""
    f = font(px, bold)
    natural = metrics(f).horizontalAdvance(text)
    if natural > width:
        f = font(max(min_px, px * width / natural * 0.98), bold)
    return f


def wrap(metrics: QFontMetricsF, text: str, width: float, soft: str = "") -> list[str]:
    """``text`` broken into lines no wider than ``width``: between words, and inside a word only when the word alone
    is wider than a line (an address, a path; after the last of the ``soft`` characters that fits, such as "/:.",
    when it has one). Nothing is left out."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        trial = f"{line} {word}" if line else word
        if metrics.horizontalAdvance(trial) <= width:
            line = trial
            continue
        if line:
            lines.append(line)
        line = ""
        while metrics.horizontalAdvance(word) > width:  # one word wider than the line: broken where it must be
            cut = max(1, len(word) - 1)
            while cut > 1 and metrics.horizontalAdvance(word[:cut]) > width:
                cut -= 1
            after = max((word.rfind(c, 0, cut) for c in soft), default=-1)
            cut = after + 1 if after > 0 else cut
            lines.append(word[:cut])
            word = word[cut:]
        line = word
    if line:
        lines.append(line)
    return lines


def grid(area: QRectF, count: int, cols: int, gap: float) -> list[QRectF]:
    """``count`` equal cells in rows of ``cols``, with ``gap`` around and between them."""
    cols = max(1, min(cols, count))
    rows = max(1, -(-count // cols))
    w = (area.width() - gap * (cols + 1)) / cols
    h = (area.height() - gap * (rows + 1)) / rows
    return [QRectF(area.left() + gap + (i % cols) * (w + gap), area.top() + gap + (i // cols) * (h + gap), w, h)
            for i in range(count)]
