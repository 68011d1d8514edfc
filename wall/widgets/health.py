"""Data-flow health: every feed's state, last success and first reason, the most troubled first.

States, worst first: error (the last fetch failed), rejected (it came, and every row was refused), late (no
success within the cadence plus grace of its indicators, or a fetch waiting longer than its budget), partial (some
rows refused), never (no success yet), ok. Each has a colour, a shape and a Vietnamese word (readable without
colour); when the rows do not fit, the least troubled are summed up as "+N nguồn khác".
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPainter

from ioc_core import fmt
from wall.widgets import style
from wall.widgets.dataview import DataView

SOURCE_LOOK = {  # colour, shape, word: readable without colour
    "error": (style.CRITICAL.name(), "◆", QT_TRANSLATE_NOOP("Health", "Lỗi")),
    "rejected": ("#ff8a65", "■", QT_TRANSLATE_NOOP("Health", "Bị từ chối")),
    "late": (style.WARNING.name(), "▲", QT_TRANSLATE_NOOP("Health", "Trễ hạn")),
    "partial": ("#ffd166", "◐", QT_TRANSLATE_NOOP("Health", "Một phần")),
    "never": ("#6b7a8f", "○", QT_TRANSLATE_NOOP("Health", "Chưa kết nối")),
    "ok": (style.OK.name(), "●", QT_TRANSLATE_NOOP("Health", "Tốt")),
}
ORDER = {"error": 0, "rejected": 1, "late": 2, "partial": 3, "never": 4, "ok": 5}
BOLD = ("error", "rejected", "late")


@dataclass(frozen=True)
class FeedRow:
    source: str
    sectors: str
    state: str
    last_success_age: float | None
    error: str  # the first reason: the failure's message, or the first refused row's ("" when none)
    consecutive_errors: int
    stored: int | None = None  # the last completed fetch: values stored
    rejected: int | None = None  # ... and rows refused
    waiting_s: float | None = None  # a fetch in flight past its budget: how long it has waited


def feed_rows(hub, now: float) -> list[FeedRow]:
    """One row per configured source (the store holds a record of each), troubled first; with none recorded yet,
    one per source the catalogue names."""
    cat = hub.catalogue
    records = {h.source: h for h in hub.health() if not h.source.startswith("demo-")}
    rows = []
    for source in sorted(records or cat.sources()):
        feeds = [i for i in cat.indicators.values() if i.source == source]
        sectors = ", ".join(sorted({cat.sectors[i.sector].name_vi for i in feeds if i.sector in cat.sectors})) or "—"
        late_after = min((i.cadence_s * (1 + i.grace) for i in feeds), default=None)
        h = records.get(source)
        if h is None:
            rows.append(FeedRow(source, sectors, "never", None, "", 0))
            continue
        age = h.age_s(now)
        flight = h.in_flight_s(now)
        waiting = flight if flight is not None and h.last_budget_s is not None and flight > h.last_budget_s else None
        reason = ""
        if h.consecutive_errors:
            state, reason = "error", h.last_error_message or ""
        elif h.last_success is not None and h.last_stored == 0 and h.last_rejected:
            state, reason = "rejected", h.last_reason or ""
        elif waiting is not None or (age is not None and late_after is not None and age > late_after):
            state = "late"
        elif h.last_success is not None and h.last_rejected:
            state, reason = "partial", h.last_reason or ""
        elif age is None:
            state = "never"
        else:
            state = "ok"
        rows.append(FeedRow(source, sectors, state, age, reason, h.consecutive_errors, h.last_stored,
                            h.last_rejected, waiting))
    return sorted(rows, key=lambda r: (ORDER[r.state], -(r.waiting_s or 0), -(r.last_success_age or 0), r.source))


def state_word(state: str) -> str:
    colour, shape, word = SOURCE_LOOK[state]
    return f"{shape} {QCoreApplication.translate('Health', word)}"


def detail(row: FeedRow) -> str:
    """The last column: what went wrong, in the operator's words where the wall has them."""
    if row.waiting_s is not None:
        s = row.waiting_s
        waited = f"{int(s)} s" if s < 120 else f"{int(s // 60)} phút"
        return QCoreApplication.translate("Health", "đang chờ phản hồi %1").replace("%1", waited)
    if row.state in ("rejected", "partial"):
        return (QCoreApplication.translate("Health", "đã lưu %1, từ chối %2: %3")
                .replace("%1", fmt.number(row.stored or 0)).replace("%2", fmt.number(row.rejected or 0))
                .replace("%3", row.error))
    return row.error or row.sectors


def more_line(hidden: list[FeedRow]) -> str:
    """"+5 nguồn khác: 4 Tốt, 1 Chưa kết nối" for the rows that do not fit."""
    counts = Counter(r.state for r in hidden)
    states = ", ".join(f"{n} {QCoreApplication.translate('Health', SOURCE_LOOK[s][2])}"
                       for s, n in sorted(counts.items(), key=lambda kv: ORDER[kv[0]]))
    return QCoreApplication.translate("Health", "+%1 nguồn khác").replace("%1", str(len(hidden))) + f": {states}"


class HealthView(DataView):
    def __init__(self, region, view, context):
        super().__init__(region, view, context)
        self._waiting = False  # a fetch shown waiting: its seconds go on counting

    def rows(self) -> list[FeedRow]:
        return feed_rows(self.hub, self._now.timestamp())

    def tick(self, now) -> None:
        super().tick(now)
        if self._waiting:
            self.update()

    def layout(self, count: int) -> tuple[float, float, int]:
        """Header height, row height and how many rows are drawn (one fewer than fit when a "+N" line is due)."""
        r = self.rect()
        head_h = max(style.MIN_TEXT_PX * 2.2, r.height() * 0.1)
        line_h = max(style.MIN_TEXT_PX * 1.6, min(r.height() * 0.075, (r.height() - head_h) / max(1, count + 0.2)))
        fit = max(0, int((r.height() - head_h - line_h * 0.2) // line_h))
        return head_h, line_h, count if count <= fit else max(0, fit - 1)

    def cells(self, rows: list[FeedRow], line_h: float) -> list[list[tuple[str, QRectF, float]]]:
        """Each row's four cells (source, state, last success, reason or sectors) as drawn: the text, elided to
        its cell, the cell at the row's top (y = 0) and the font's pixel size. The first three columns are as wide
        as their widest text (the source's within a quarter of the width), the reason takes the rest: a fetch
        error's reason comes after the host and its path, and was cut off in a fixed fifth of the width ("WSO2
        900910 ..."). A reason still too long goes on two lines of a smaller font when the row is tall enough for
        two lines of legible text."""
        r = self.rect()
        pad = max(style.MIN_TEXT_PX * 2.2, r.height() * 0.1) * 0.3
        width = r.width() - 2 * pad
        px = line_h * 0.5
        metrics = QFontMetricsF(style.font(px, bold=True))  # bold is the wider: every row fits
        texts = [[row.source, state_word(row.state),
                  fmt.age(row.last_success_age) if row.last_success_age is not None else "—", detail(row)]
                 for row in rows]
        widths = [max((metrics.horizontalAdvance(t[i]) for t in texts), default=0.0) for i in range(3)]
        widths[0] = min(widths[0], width * 0.25)
        edges = [0.0]
        for w in widths:
            edges.append(edges[-1] + w + pad)
        edges.append(width + pad * 0.5)
        small = line_h * 0.4  # two lines of it in a row
        out = []
        for row_texts, row in zip(texts, rows, strict=True):
            bold = row.state in BOLD
            row_metrics = QFontMetricsF(style.font(px, bold=bold))
            cells = []
            for i, text in enumerate(row_texts):
                cell = QRectF(r.left() + pad + edges[i], 0, edges[i + 1] - edges[i] - pad * 0.5, line_h)
                if i == 3 and row_metrics.horizontalAdvance(text) > cell.width() and small >= style.MIN_TEXT_PX:
                    cells.append((style.two_lines(QFontMetricsF(style.font(small, bold=bold)), text, cell.width()),
                                  cell, small))
                else:
                    cells.append((row_metrics.elidedText(text, Qt.TextElideMode.ElideRight, cell.width()), cell, px))
            out.append(cells)
        return out

    def draw(self, painter: QPainter) -> None:
        r = self.rect()
        painter.fillRect(r, style.BACKGROUND)
        rows = self.rows()
        self._waiting = any(row.waiting_s is not None for row in rows)
        head_h, line_h, shown = self.layout(len(rows))
        head = QRectF(r.left(), r.top(), r.width(), head_h)
        painter.fillRect(head, style.PANEL)
        pad = head_h * 0.3
        painter.setPen(style.TEXT)
        painter.setFont(style.font(head_h * 0.45, bold=True))
        painter.drawText(head.adjusted(pad, 0, -pad, 0), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         QCoreApplication.translate("Health", "Tình trạng luồng dữ liệu"))
        painter.drawText(head.adjusted(pad, 0, -pad, 0), Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                         fmt.clock(self._now, seconds=False))
        y = head.bottom() + line_h * 0.2
        for row, cells in zip(rows[:shown], self.cells(rows[:shown], line_h), strict=True):
            colour = SOURCE_LOOK[row.state][0]
            for i, (text, cell, px) in enumerate(cells):
                painter.setFont(style.font(px, bold=row.state in BOLD))
                cell = cell.translated(0, y)
                painter.setPen(QColor(colour) if i == 1 else (style.TEXT if i == 0 else style.TEXT_DIM))
                painter.drawText(cell, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, text)
            y += line_h
        if shown < len(rows):
            painter.setFont(style.font(line_h * 0.5))
            painter.setPen(style.TEXT_DIM)
            cell = QRectF(r.left() + pad, y, r.width() - 2 * pad, line_h)
            painter.drawText(cell, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                             painter.fontMetrics().elidedText(more_line(rows[shown:]), Qt.TextElideMode.ElideRight,
                                                              int(cell.width())))
