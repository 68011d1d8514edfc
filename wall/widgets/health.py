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
from PySide6.QtGui import QColor, QPainter

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
        else:  # a note beside a success (who entered and approved a department's figures, ioc_hub/entry)
            state, reason = "ok", h.last_reason or ""
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


@dataclass(frozen=True)
class PlannedRow:
    """One feed as drawn: its first line's cells (state, source, age; the age left out when the line is too
    narrow) and its reason below, wrapped whole onto as many lines as it needs; ``top`` from the view's top."""

    row: FeedRow
    top: float
    cells: tuple[tuple[str, QRectF], ...]
    reason: tuple[str, ...]


@dataclass(frozen=True)
class HealthPlan:
    px: float  # the rows' font size (the room's smallest, or larger on a large view)
    line_h: float
    head_h: float
    rows: tuple[PlannedRow, ...]
    more: tuple[str, ...]  # the "+N nguồn khác: …" line(s) for the feeds left out ((): none)
    more_top: float


class HealthView(DataView):
    """Troubled feeds first, each with its reason whole below it (wrapped, never cut); healthy feeds are one quiet
    line each, and those that do not fit are summed up on a last line. Every text at the room's legible size."""
    paints_background = True  # draw() fills its whole rectangle first (ViewItem.covers)

    def __init__(self, region, view, context):
        super().__init__(region, view, context)
        self._waiting = False  # a fetch shown waiting: its seconds go on counting

    def rows(self) -> list[FeedRow]:
        return feed_rows(self.hub, self._now.timestamp())

    def tick(self, now) -> None:
        super().tick(now)
        if self._waiting:
            self.update()

    def plan(self, rows: list[FeedRow]) -> HealthPlan:
        """What is drawn where: as many feeds as fit whole, in their order (the most troubled first)."""
        r = self.rect()
        px = max(style.MIN_TEXT_PX, min(r.height() * 0.04, r.width() * 0.03))
        metrics = style.metrics(style.font(px, bold=True))  # bold is the wider: every row fits
        line_h = metrics.height()
        head_h = line_h * 1.5
        pad = px * 0.5
        width = r.width() - 2 * pad
        indent = px
        state_w = max((metrics.horizontalAdvance(state_word(row.state)) for row in rows), default=0.0) + pad
        y, bottom = head_h + pad * 0.5, r.height() - pad * 0.5
        planned: list[PlannedRow] = []
        for n, row in enumerate(rows):
            age = fmt.age(row.last_success_age) if row.last_success_age is not None else "—"
            age_w = metrics.horizontalAdvance(age)
            source_w = metrics.horizontalAdvance(row.source)
            cells = [(state_word(row.state), QRectF(r.left() + pad, 0, state_w, line_h))]
            left = r.left() + pad + state_w
            if state_w + source_w > width:  # not even the feed's name beside its state: nothing of it is shown
                break
            cells.append((row.source, QRectF(left, 0, source_w, line_h)))
            if state_w + source_w + pad + age_w <= width:
                cells.append((age, QRectF(r.right() - pad - age_w, 0, age_w, line_h)))
            reason = detail(row) if row.state != "ok" else ""  # a healthy feed is one quiet line
            lines = tuple(style.wrap(metrics, reason, width - indent)) if reason else ()
            height = line_h * (1 + len(lines))
            rest = len(rows) - n - 1
            if y + height + (line_h * 2 if rest else 0) > bottom and not (rest == 0 and y + height <= bottom):
                break
            planned.append(PlannedRow(row, y, tuple(cells), lines))
            y += height + pad * 0.3
        hidden = rows[len(planned):]
        more: tuple[str, ...] = ()
        if hidden:
            more = tuple(style.wrap(style.metrics(style.font(px)), more_line(hidden), width))
            while more and y + line_h * len(more) > bottom and planned:  # room for the summary, a row given up
                last = planned.pop()
                y = last.top
                hidden = rows[len(planned):]
                more = tuple(style.wrap(style.metrics(style.font(px)), more_line(hidden), width))
        return HealthPlan(px, line_h, head_h, tuple(planned), more, y)

    def draw(self, painter: QPainter) -> None:
        r = self.rect()
        painter.fillRect(r, style.BACKGROUND)
        rows = self.rows()
        self._waiting = any(row.waiting_s is not None for row in rows)
        plan = self.plan(rows)
        head = QRectF(r.left(), r.top(), r.width(), plan.head_h)
        painter.fillRect(head, style.PANEL)
        pad = plan.px * 0.5
        clock = fmt.clock(self._now, seconds=False)
        title = QCoreApplication.translate("Health", "Tình trạng luồng dữ liệu")
        head_font = style.font(plan.px * 1.1, bold=True)
        painter.setFont(head_font)
        clock_w = painter.fontMetrics().horizontalAdvance(clock)
        painter.setPen(style.TEXT)
        title_font = style.fitting_font(title, head.width() - 3 * pad - clock_w, plan.px * 1.1, style.MIN_TEXT_PX,
                                        bold=True)
        painter.setFont(title_font)
        if painter.fontMetrics().horizontalAdvance(title) <= head.width() - 3 * pad - clock_w:
            painter.drawText(head.adjusted(pad, 0, -pad, 0),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, title)
        painter.setFont(head_font)
        painter.drawText(head.adjusted(pad, 0, -pad, 0), Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                         clock)
        for planned in plan.rows:
            row = planned.row
            colour = QColor(SOURCE_LOOK[row.state][0])
            painter.setFont(style.font(plan.px, bold=row.state in BOLD))
            for i, (text, cell) in enumerate(planned.cells):
                painter.setPen(colour if i == 0 else (style.TEXT if i == 1 else style.TEXT_DIM))
                painter.drawText(cell.translated(0, planned.top), Qt.AlignmentFlag.AlignLeft
                                 | Qt.AlignmentFlag.AlignVCenter, text)
            painter.setFont(style.font(plan.px))
            painter.setPen(style.TEXT_DIM)
            for k, line in enumerate(planned.reason):
                painter.drawText(QRectF(r.left() + pad + plan.px, planned.top + plan.line_h * (k + 1),
                                        r.width() - 2 * pad - plan.px, plan.line_h),
                                 Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, line)
        painter.setFont(style.font(plan.px))
        painter.setPen(style.TEXT_DIM)
        for k, line in enumerate(plan.more):
            painter.drawText(QRectF(r.left() + pad, plan.more_top + plan.line_h * k, r.width() - 2 * pad,
                                    plan.line_h), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, line)
