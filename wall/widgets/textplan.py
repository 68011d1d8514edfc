"""Text set down a column at the room's legible sizes: each piece whole, or not at all.

A view that lists things (the meeting's agenda, a card's lines) puts them one after another; a piece is wrapped
between words onto at most the lines it is given, at its size or, when that needs too many lines, at the room's
smallest size; what still does not fit (too many lines, or no room left above ``bottom``) is not drawn, and the
caller learns so. Nothing is elided or clipped.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter

from wall.widgets import style


class Column:
    def __init__(self, painter: QPainter, x: float, y: float, width: float, bottom: float):
        self.painter, self.x, self.y, self.width, self.bottom = painter, x, y, width, bottom

    def lines(self, text: str, px: float, bold: bool = False, most: int = 1,
              room: float | None = None) -> tuple[list[str], float, float]:
        """``text`` wrapped at ``px``, or at the room's smallest size when at ``px`` it needs more than ``most``
        lines, breaks inside a word, or is taller than ``room``: (lines, font size, line height); no lines when
        even the smallest size does not do."""
        sizes = list(dict.fromkeys((max(px, style.MIN_TEXT_PX), style.MIN_TEXT_PX)))
        for n, size in enumerate(sizes):
            m = style.metrics(style.font(size, bold))
            wrapped = style.wrap(m, text, self.width)
            last = n == len(sizes) - 1
            whole_words = " ".join(wrapped).split() == text.split()  # no word broken across two lines
            if (len(wrapped) <= most and (room is None or m.height() * len(wrapped) <= room)
                    and (whole_words or last)):
                return wrapped, size, m.height()
        return [], px, 0.0

    def height(self, text: str, px: float, bold: bool = False, most: int = 1) -> float:
        wrapped, _size, line = self.lines(text, px, bold, most)
        return line * len(wrapped)

    def put(self, text: str, px: float, colour: QColor, bold: bool = False, most: int = 1,
            keep_below: float = 0.0, band: QColor | None = None) -> bool:
        """Draws ``text`` at the column's next line when it fits whole (leaving ``keep_below`` pixels above
        ``bottom`` for what must follow); returns whether it was drawn. ``band``: a background behind it."""
        wrapped, size, line = self.lines(text, px, bold, most, self.bottom - keep_below - self.y)
        if not wrapped:
            return False
        if band is not None:
            self.painter.fillRect(QRectF(self.x - line * 0.15, self.y, self.width + line * 0.3,
                                         line * len(wrapped)), band)
        self.painter.setFont(style.font(size, bold))
        self.painter.setPen(colour)
        for text_line in wrapped:
            self.painter.drawText(QRectF(self.x, self.y, self.width, line),
                                  Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, text_line)
            self.y += line
        return True

    def skip(self, dy: float) -> None:
        self.y += dy
