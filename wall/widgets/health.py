"""Data-flow health: every feed's last success, age and errors, the failing and late ones first."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QRectF, Qt
from PySide6.QtGui import QColor, QPainter

from wall import fmt
from wall.widgets import style
from wall.widgets.dataview import DataView

SOURCE_LOOK = {  # colour, shape, word: readable without colour
    "error": (style.CRITICAL.name(), "◆", QT_TRANSLATE_NOOP("Health", "Lỗi")),
    "late": (style.WARNING.name(), "▲", QT_TRANSLATE_NOOP("Health", "Trễ hạn")),
    "ok": (style.OK.name(), "●", QT_TRANSLATE_NOOP("Health", "Tốt")),
    "never": ("#6b7a8f", "○", QT_TRANSLATE_NOOP("Health", "Chưa kết nối")),
}
ORDER = {"error": 0, "late": 1, "never": 2, "ok": 3}


@dataclass(frozen=True)
class FeedRow:
    source: str
    sectors: str
    state: str
    last_success_age: float | None
    error: str
    consecutive_errors: int


def feed_rows(hub, now: float) -> list[FeedRow]:
    """One row per source the catalogue names (and any other that reported), troubled first."""
    cat = hub.catalogue
    records = {h.source: h for h in hub.health()}
    rows = []
    for source in sorted(cat.sources() | {s for s in records if not s.startswith("demo-")}):
        feeds = [i for i in cat.indicators.values() if i.source == source]
        sectors = ", ".join(sorted({cat.sectors[i.sector].name_vi for i in feeds})) or "—"
        late_after = min((i.cadence_s * (1 + i.grace) for i in feeds), default=None)
        h = records.get(source)
        age = h.age_s(now) if h else None
        if h is not None and h.consecutive_errors:
            state = "error"
        elif age is None:
            state = "never"
        elif late_after is not None and age > late_after:
            state = "late"
        else:
            state = "ok"
        rows.append(FeedRow(source, sectors, state, age, (h.last_error_message or "") if h and state == "error"
                            else "", h.consecutive_errors if h else 0))
    return sorted(rows, key=lambda r: (ORDER[r.state], -(r.last_success_age or 0), r.source))


class HealthView(DataView):
    def rows(self) -> list[FeedRow]:
        return feed_rows(self.hub, self._now.timestamp())

    def draw(self, painter: QPainter) -> None:
        r = self.rect()
        painter.fillRect(r, style.BACKGROUND)
        rows = self.rows()
        head_h = max(style.MIN_TEXT_PX * 2.2, r.height() * 0.1)
        head = QRectF(r.left(), r.top(), r.width(), head_h)
        painter.fillRect(head, style.PANEL)
        pad = head_h * 0.3
        painter.setPen(style.TEXT)
        painter.setFont(style.font(head_h * 0.45, bold=True))
        painter.drawText(head.adjusted(pad, 0, -pad, 0), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         QCoreApplication.translate("Health", "Tình trạng luồng dữ liệu"))
        painter.drawText(head.adjusted(pad, 0, -pad, 0), Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                         fmt.clock(self._now, seconds=False))
        line_h = max(style.MIN_TEXT_PX * 1.6, min(r.height() * 0.075, (r.height() - head_h) / max(1, len(rows))))
        cols = (0.0, 0.26, 0.5, 0.66)  # source, state, last success, error
        y = head.bottom() + line_h * 0.2
        for row in rows:
            if y + line_h > r.bottom():
                break
            colour, shape, word = SOURCE_LOOK[row.state]
            cells = [
                row.source,
                f"{shape} {QCoreApplication.translate('Health', word)}",
                fmt.age(row.last_success_age) if row.last_success_age is not None else "—",
                row.error or row.sectors,
            ]
            painter.setFont(style.font(line_h * 0.5, bold=row.state in ("error", "late")))
            for i, text in enumerate(cells):
                x0 = r.left() + pad + cols[i] * (r.width() - 2 * pad)
                x1 = r.left() + pad + (cols[i + 1] if i + 1 < len(cols) else 1.0) * (r.width() - 2 * pad)
                cell = QRectF(x0, y, x1 - x0 - pad * 0.5, line_h)
                painter.setPen(QColor(colour) if i == 1 else (style.TEXT if i == 0 else style.TEXT_DIM))
                painter.drawText(cell, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                                 painter.fontMetrics().elidedText(text, Qt.TextElideMode.ElideRight, int(cell.width())))
            y += line_h
