"""Panels a sector screen is made of, besides tiles and charts: a ranking, a table and the alert ticker.

Each has a pure model function (what it says: ioc_core.views.tiles, built on the view-model worker) and a
painter that lays it out in a rectangle of the view, with the same palette, status shapes and minimum text size
as the tiles.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPainter

from ioc_core import fmt
from ioc_core.alerts import Alert
from ioc_core.catalogue import Indicator
from ioc_core.views import alerts as alert_models
from ioc_core.views.alerts import alert_head, indicator_message
from ioc_core.views.tiles import RankEntry, Tile, ranking, table_rows
from wall.widgets import style

__all__ = ["RankEntry", "alert_lines", "paint_alerts", "paint_ranking", "paint_table", "ranking", "table_rows",
           "wrap"]


# -- ranking ------------------------------------------------------------------------------------------------
def paint_ranking(painter: QPainter, r: QRectF, ind: Indicator, entries: list[RankEntry], title: str) -> dict:
    """Worst first, each name whole: its kind abbreviated ("P. Trường Vinh"), wrapped onto a second line when
    still too wide, never cut; the bars and figures take the width the names leave. The largest text from
    MIN_TEXT_PX * 1.4 down to MIN_TEXT_PX at which every row fits; below that the last rows are left out (the
    best of the worst). Returns what was laid out: the size, each row's name lines and their width."""
    inner = _panel(painter, r, title or QCoreApplication.translate("Panels", "Xã, phường kém nhất"))
    if not entries:
        _empty(painter, inner)
        return {"px": style.MIN_TEXT_PX, "rows": [], "left_out": 0}
    names = [e.short or e.name for e in entries]
    px = min(inner.height() / max(len(entries), 4) * 0.62, style.MIN_TEXT_PX * 1.4)
    bars = True
    while True:  # the largest text that shows every row; bars give way to the names before the text shrinks
        fm = QFontMetricsF(style.font(px))
        shape_w = fm.horizontalAdvance("◆ ")
        value_w = max(fm.horizontalAdvance(e.text) for e in entries)
        gap = fm.height() * 0.4
        least_bar = max(inner.width() * 0.08, fm.height() * 1.2) if bars else 0.0
        room = max(inner.width() - shape_w - value_w - least_bar - 2 * gap, fm.height() * 3)
        name_w = min(room, max(fm.horizontalAdvance(n) for n in names))
        lines = [wrap(fm, n, name_w, 2) for n in names]
        shown = len(entries)
        while shown > 1 and _lines_height(fm, lines[:shown]) > inner.height():
            shown -= 1
        if shown == len(entries) or (px <= style.MIN_TEXT_PX and not bars):
            break
        if bars:
            bars = False
        else:
            px, bars = max(style.MIN_TEXT_PX, px - 2), True
    line_h = fm.height()
    used = sum(len(ls) for ls in lines[:shown]) * line_h
    spare = max(0.0, (inner.height() - used) / max(shown, 4))
    top = max(abs(e.value) for e in entries) or 1.0
    painter.setFont(style.font(px))
    y = inner.top()
    rows = []
    for e, ls in zip(entries[:shown], lines[:shown], strict=True):
        row = QRectF(inner.left(), y, inner.width(), len(ls) * line_h + spare)
        y = row.bottom()
        colour, shape, _ = style.STATUS_LOOK[e.state]
        text_top = row.center().y() - len(ls) * line_h / 2
        painter.setPen(QColor(colour))
        painter.drawText(QRectF(row.left(), text_top, shape_w, line_h), Qt.AlignmentFlag.AlignVCenter, shape)
        painter.setPen(style.TEXT)
        for k, line in enumerate(ls):
            painter.drawText(QRectF(row.left() + shape_w, text_top + k * line_h, name_w + 1, line_h),
                             Qt.AlignmentFlag.AlignVCenter, line)
        bar_room = max(0.0, inner.width() - shape_w - name_w - value_w - 2 * gap)
        bar_h = min(row.height() * 0.44, line_h * 0.7)
        bar = QRectF(row.left() + shape_w + name_w + gap, row.center().y() - bar_h / 2,
                     bar_room * abs(e.value) / top, bar_h)
        painter.fillRect(bar, QColor(colour))
        painter.drawText(QRectF(row.right() - value_w, row.top(), value_w, row.height()),
                         Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, e.text)
        rows.append((e.region, ls))
    return {"px": px, "rows": rows, "name_w": name_w, "bar_room": bar_room, "left_out": len(entries) - shown}


def _lines_height(fm: QFontMetricsF, lines: list[list[str]]) -> float:
    """Rows of ``lines`` with a tenth of a line between rows."""
    return sum(len(ls) for ls in lines) * fm.height() + len(lines) * fm.height() * 0.1


def wrap(fm: QFontMetricsF, text: str, width: float, max_lines: int) -> list[str]:
    """``text`` on lines of ``width`` broken between words. Cut only as a last resort: a single word wider than
    the line is elided, and text beyond ``max_lines`` ends the last line with "…" after a whole word."""
    tokens: list[str] = []
    for word in text.split():  # "%", "·", "—" stay with the word before them: no line starts with them
        if tokens and not any(c.isalnum() for c in word):
            tokens[-1] += " " + word
        else:
            tokens.append(word)
    lines: list[str] = []
    for word in tokens:
        trial = f"{lines[-1]} {word}" if lines else word
        if lines and fm.horizontalAdvance(trial) <= width:
            lines[-1] = trial
        else:
            lines.append(word)
    lines = [ln if fm.horizontalAdvance(ln) <= width else fm.elidedText(ln, Qt.TextElideMode.ElideRight, width)
             for ln in lines]
    if len(lines) > max_lines:
        last, rest = "", " ".join(lines[max_lines - 1:]).split()
        while rest and fm.horizontalAdvance(f"{last} {rest[0]} …".strip()) <= width:
            last = f"{last} {rest.pop(0)}".strip()
        lines = lines[:max_lines - 1] + [f"{last} …".strip()]
    return lines


# -- table --------------------------------------------------------------------------------------------------
def paint_table(painter: QPainter, r: QRectF, rows: list[Tile], sort: str, title: str) -> None:
    inner = _panel(painter, r, title or QCoreApplication.translate("Panels", "Chỉ tiêu"))
    heads = [
        QCoreApplication.translate("Panels", "Chỉ tiêu"),
        QCoreApplication.translate("Panels", "Giá trị"),
        QCoreApplication.translate("Panels", "So kỳ trước"),
        QCoreApplication.translate("Panels", "Trạng thái"),
        QCoreApplication.translate("Panels", "Cập nhật"),
    ]
    widths = [0.38, 0.17, 0.15, 0.18, 0.12]
    sorted_by = {"name": 0, "value": 1, "status": 3, "age": 4}[sort]
    row_h = inner.height() / (len(rows) + 1)
    px = min(row_h * 0.5, style.MIN_TEXT_PX * 1.5)
    xs = [inner.left() + sum(widths[:i]) * inner.width() for i in range(len(widths))]
    painter.setFont(style.font(px * 0.85, bold=True))
    painter.setPen(style.TEXT_DIM)
    for i, head in enumerate(heads):
        text = head + (" ▼" if i == sorted_by else "")
        painter.drawText(
            QRectF(xs[i], inner.top(), widths[i] * inner.width() - 8, row_h), Qt.AlignmentFlag.AlignVCenter, text
        )
    for n, t in enumerate(rows):
        y = inner.top() + (n + 1) * row_h
        if n % 2 == 0:
            painter.fillRect(QRectF(inner.left(), y, inner.width(), row_h), QColor("#17284a"))
        colour, shape, word = style.STATUS_LOOK[t.state]
        cells = [
            t.name,
            f"{t.value} {t.unit}" if t.value is not None else QCoreApplication.translate("Panels", "chưa có dữ liệu"),
            t.change_text or "—",
            f"{shape} {QCoreApplication.translate('Status', word)}",
            t.period_note or (fmt.age(t.age_s) if t.age_s is not None else "—"),
        ]
        painter.setFont(style.font(px))
        for i, text in enumerate(cells):
            w = widths[i] * inner.width() - 8
            painter.setPen(QColor(colour) if i == 3 else (style.TEXT_DIM if i in (2, 4) else style.TEXT))
            painter.drawText(
                QRectF(xs[i], y, w, row_h),
                Qt.AlignmentFlag.AlignVCenter,
                painter.fontMetrics().elidedText(text, Qt.TextElideMode.ElideRight, int(w)),
            )


# -- alert ticker -------------------------------------------------------------------------------------------
def alert_lines(a: Alert, sector_names: dict[str, str] | None = None, lang: str = "vi",
                catalogue=None) -> tuple[str, str]:
    """An alert's two texts in the list: status shape, time, sector, (CAP:) severity, urgency and certainty in
    words, who acknowledged; then its message, starting with its indicator's name (``catalogue``), and (CAP) the
    area it concerns."""
    return alert_head(a, sector_names, lang), indicator_message(a, catalogue, lang)


HEAD_LINES, MESSAGE_LINES = 2, 3  # an alert's head and message: wrapped on at most this many lines each


def paint_alerts(painter: QPainter, r: QRectF, alerts: list[Alert], limit: int, sector_names: dict[str, str] | None,
                 title: str = "", catalogue=None) -> dict:
    """Most severe first, then unacknowledged, then newest (ioc_core.views.alerts); each alert in full: its head
    (naming its sector when ``sector_names`` are given: a sector's own screen names it in its header) and its
    message (starting with its indicator's name, from ``catalogue``) wrapped between words, in the largest text
    from MIN_TEXT_PX * 1.3 down to MIN_TEXT_PX at which the alerts fit; those that do not are counted. No alert:
    one line, the panel collapsed to it. Returns what was laid out: the size, each alert's lines, the count left
    out."""
    if not alerts:
        return _no_alerts(painter, r)
    items = alert_models.alert_items(alerts, catalogue, sector_names, style.LANGUAGE)
    inner = _panel(painter, r, title or QCoreApplication.translate("Panels", "Cảnh báo"))
    indent = 20.0
    width = inner.width() - indent
    px = style.MIN_TEXT_PX * 1.3
    while True:
        bold, plain = QFontMetricsF(style.font(px, bold=True)), QFontMetricsF(style.font(px))
        line_h = plain.height()
        blocks, used = [], 0.0
        for n, it in enumerate(items[:limit]):
            block = (wrap(bold, it.head, width, HEAD_LINES), wrap(plain, it.message, width, MESSAGE_LINES))
            h = (len(block[0]) + len(block[1])) * line_h + line_h * 0.35
            more = line_h if n + 1 < len(items) else 0.0  # the count of the rest needs its line
            if blocks and used + h + more > inner.height():
                break
            blocks.append(block)
            used += h
        if len(blocks) == min(limit, len(items)) or px <= style.MIN_TEXT_PX:
            break
        px = max(float(style.MIN_TEXT_PX), px - 2)
    y = inner.top()
    laid = []
    for it, (head, msg) in zip(items, blocks, strict=False):
        h = (len(head) + len(msg)) * line_h
        accent = QColor(style.STATUS_LOOK[it.severity][0])
        if it.acknowledged:
            accent.setAlpha(120)
        painter.fillRect(QRectF(inner.left(), y, 8, h), accent)
        painter.setFont(style.font(px, bold=not it.acknowledged))
        painter.setPen(accent if not it.acknowledged else style.TEXT_DIM)
        for k, line in enumerate(head):
            painter.drawText(QRectF(inner.left() + indent, y + k * line_h, width + 1, line_h),
                             Qt.AlignmentFlag.AlignVCenter, line)
        painter.setFont(style.font(px))
        painter.setPen(style.TEXT_DIM if it.acknowledged else style.TEXT)
        for k, line in enumerate(msg, start=len(head)):
            painter.drawText(QRectF(inner.left() + indent, y + k * line_h, width + 1, line_h),
                             Qt.AlignmentFlag.AlignVCenter, line)
        laid.append((it.id, head, msg))
        y += h + line_h * 0.35
    more = len(items) - len(laid)
    if more:
        painter.setPen(style.TEXT_DIM)
        painter.setFont(style.font(style.MIN_TEXT_PX))
        painter.drawText(QRectF(inner.left(), y, inner.width(), line_h), Qt.AlignmentFlag.AlignVCenter,
                         QCoreApplication.translate("Panels", "và %1 cảnh báo khác").replace("%1", str(more)))
    return {"px": px, "width": width, "alerts": laid, "more": more, "collapsed": False}


def _no_alerts(painter: QPainter, r: QRectF) -> dict:
    """One line, "● Không có cảnh báo", on a strip at the top of the panel: the rest of it stays empty."""
    text = "● " + QCoreApplication.translate("Panels", "Không có cảnh báo")
    pad = max(10.0, min(r.width(), r.height()) * 0.04)
    painter.setFont(style.fitting_font(text, r.width() - 2 * pad, style.MIN_TEXT_PX * 1.3, style.MIN_TEXT_PX))
    strip = QRectF(r.left(), r.top(), r.width(), min(r.height(), painter.fontMetrics().height() * 1.6))
    painter.fillRect(strip, style.PANEL)
    painter.setPen(style.STATUS_LOOK["normal"][0])
    painter.drawText(strip.adjusted(pad, 0, -pad, 0), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                     text)
    return {"px": painter.font().pixelSize(), "alerts": [], "more": 0, "collapsed": True, "line": text,
            "height": strip.height()}


# -- shared -------------------------------------------------------------------------------------------------
def _panel(painter: QPainter, r: QRectF, title: str) -> QRectF:
    """Panel background and title; returns the rectangle left for the content."""
    painter.fillRect(r, style.PANEL)
    pad = max(10.0, min(r.width(), r.height()) * 0.04)
    if not title.strip():  # a view that titles itself above the panel (the alert ticker): no empty title row
        return r.adjusted(pad, pad, -pad, -pad)
    head_h = max(style.MIN_TEXT_PX * 1.6, r.height() * 0.12)
    painter.setPen(style.TEXT_DIM)
    painter.setFont(style.font(style.MIN_TEXT_PX, bold=True))
    head = QRectF(r.left() + pad, r.top() + pad * 0.5, r.width() - 2 * pad, head_h)
    painter.drawText(
        head,
        Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
        painter.fontMetrics().elidedText(title, Qt.TextElideMode.ElideRight, int(head.width())),
    )
    return QRectF(head.left(), head.bottom() + pad * 0.3, head.width(), r.bottom() - head.bottom() - pad * 1.1)


def _empty(painter: QPainter, r: QRectF) -> None:
    painter.setPen(style.TEXT_DIM)
    painter.setFont(style.font(style.MIN_TEXT_PX))
    painter.drawText(
        r,
        Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop,
        QCoreApplication.translate("Panels", "chưa có dữ liệu"),
    )
