"""Panels a sector screen is made of, besides tiles and charts: a ranking, a table and the alert ticker.

Each has a pure model function (what it says: ioc_core.views.tiles, built on the view-model worker) and a
painter that lays it out in a rectangle of the view, with the same palette, status shapes and minimum text size
as the tiles.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QCoreApplication, QRectF, Qt
from PySide6.QtGui import QColor, QPainter

from ioc_core import fmt
from ioc_core.alerts import Alert
from ioc_core.alerts.book import cap_terms
from ioc_core.catalogue import Indicator
from ioc_core.views.tiles import RankEntry, Tile, ranking, table_rows
from wall.widgets import style

__all__ = ["RankEntry", "alert_lines", "paint_alerts", "paint_ranking", "paint_table", "ranking", "table_rows"]


# -- ranking ------------------------------------------------------------------------------------------------
def paint_ranking(painter: QPainter, r: QRectF, ind: Indicator, entries: list[RankEntry], title: str) -> None:
    inner = _panel(painter, r, title or QCoreApplication.translate("Panels", "Xã, phường kém nhất"))
    if not entries:
        _empty(painter, inner)
        return
    row_h = inner.height() / max(len(entries), 4)
    px = min(row_h * 0.62, style.MIN_TEXT_PX * 1.4)
    top = max(abs(e.value) for e in entries) or 1.0
    name_w = inner.width() * 0.46
    for i, e in enumerate(entries):
        row = QRectF(inner.left(), inner.top() + i * row_h, inner.width(), row_h)
        colour, shape, _ = style.STATUS_LOOK[e.state]
        painter.setFont(style.font(px))
        painter.setPen(style.TEXT)
        label = f"{shape} {e.name}"
        painter.drawText(
            QRectF(row.left(), row.top(), name_w, row_h),
            Qt.AlignmentFlag.AlignVCenter,
            painter.fontMetrics().elidedText(label, Qt.TextElideMode.ElideRight, int(name_w)),
        )
        value_w = painter.fontMetrics().horizontalAdvance("000.000,0")
        bar_w = max(0.0, inner.width() - name_w - value_w - 12)
        bar = QRectF(row.left() + name_w + 6, row.center().y() - row_h * 0.22, bar_w * abs(e.value) / top, row_h * 0.44)
        painter.fillRect(bar, QColor(colour))
        painter.drawText(
            QRectF(row.right() - value_w, row.top(), value_w, row_h),
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
            e.text,
        )


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
def alert_lines(a: Alert, sector_names: dict[str, str] | None = None, lang: str = "vi") -> tuple[str, str]:
    """An alert's two lines in the list: status shape, time, sector, (CAP:) severity, urgency and certainty in
    words, who acknowledged; then its message, and (CAP) the area it concerns."""
    shape = style.STATUS_LOOK[a.severity][1]
    when = datetime.fromtimestamp(a.updated_at, fmt.TZ)
    head = f"{shape} {fmt.clock(when, seconds=False)}"
    if sector_names:
        head += f" · {sector_names.get(a.sector, a.sector)}"
    if a.cause == "cap":
        head += "".join(f" · {t}" for t in cap_terms(a, lang))
    if a.acknowledged:
        head += " · ✓ " + QCoreApplication.translate("Panels", "đã xác nhận: %1").replace("%1", a.acknowledged_by or "")
    msg = a.message(lang)
    if a.cause == "cap" and a.area and a.area.casefold() not in msg.casefold():  # not "Mưa ở Yên Thành — Yên Thành"
        msg += f" — {a.area}"
    return head, msg


def paint_alerts(
    painter: QPainter, r: QRectF, alerts: list[Alert], limit: int, sector_names: dict[str, str] | None, title: str = ""
) -> None:
    """Newest and most severe first; acknowledged ones dimmed with who acknowledged; the rest counted."""
    inner = _panel(painter, r, title or QCoreApplication.translate("Panels", "Cảnh báo"))
    if not alerts:
        painter.setPen(style.STATUS_LOOK["normal"][0])
        painter.setFont(style.font(style.MIN_TEXT_PX))
        painter.drawText(
            inner,
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop,
            "● " + QCoreApplication.translate("Panels", "Không có cảnh báo"),
        )
        return
    shown = alerts[:limit]
    more = len(alerts) - len(shown)
    rows = len(shown) + (1 if more else 0)
    row_h = inner.height() / max(rows, 3)
    for i, a in enumerate(shown):
        row = QRectF(inner.left(), inner.top() + i * row_h, inner.width(), row_h - 6)
        accent = QColor(style.STATUS_LOOK[a.severity][0])
        if a.acknowledged:
            accent.setAlpha(120)
        painter.fillRect(QRectF(row.left(), row.top(), 8, row.height()), accent)
        head, msg = alert_lines(a, sector_names, style.LANGUAGE)
        px = min(row.height() * 0.36, style.MIN_TEXT_PX * 1.3)
        painter.setFont(style.font(px, bold=not a.acknowledged))
        painter.setPen(accent if not a.acknowledged else style.TEXT_DIM)
        half = QRectF(row.left() + 20, row.top(), row.width() - 20, row.height() / 2)
        painter.drawText(
            half,
            Qt.AlignmentFlag.AlignVCenter,
            painter.fontMetrics().elidedText(head, Qt.TextElideMode.ElideRight, int(half.width())),
        )
        painter.setFont(style.font(px))
        painter.setPen(style.TEXT_DIM if a.acknowledged else style.TEXT)
        painter.drawText(
            half.translated(0, row.height() / 2),
            Qt.AlignmentFlag.AlignVCenter,
            painter.fontMetrics().elidedText(msg, Qt.TextElideMode.ElideRight, int(half.width())),
        )
    if more:
        painter.setPen(style.TEXT_DIM)
        painter.setFont(style.font(style.MIN_TEXT_PX))
        painter.drawText(
            QRectF(inner.left(), inner.top() + len(shown) * row_h, inner.width(), row_h),
            Qt.AlignmentFlag.AlignVCenter,
            QCoreApplication.translate("Panels", "và %1 cảnh báo khác").replace("%1", str(more)),
        )


# -- shared -------------------------------------------------------------------------------------------------
def _panel(painter: QPainter, r: QRectF, title: str) -> QRectF:
    """Panel background and title; returns the rectangle left for the content."""
    painter.fillRect(r, style.PANEL)
    pad = max(10.0, min(r.width(), r.height()) * 0.04)
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
