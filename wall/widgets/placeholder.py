"""A clear stand-in for view kinds whose real widget has not been built yet: region, view and clock."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QRectF, Qt
from PySide6.QtGui import QPainter, QPen

from ioc_core import fmt
from ioc_core.layouts.views import VIEW_KINDS, describe
from wall.widgets import style
from wall.widgets.base import ViewItem
from wall.widgets.textplan import Column


class PlaceholderView(ViewItem):
    paints_background = True  # draw() fills its whole rectangle first (ViewItem.covers)

    def __init__(self, region, view, context=None):
        super().__init__(region, view, context)
        self._now = fmt.now()

    def tick(self, now: datetime) -> None:
        self._now = now
        self.update(self._clock_rect())

    def _unit(self) -> float:
        r = self.rect()
        return max(min(r.height() / 14, r.width() / 24), style.MIN_TEXT_PX)

    def _clock_rect(self) -> QRectF:
        """The corner clock's rectangle: as large as its two lines need; empty when the region has no room for it
        beside what the card must say."""
        r, u = self.rect(), self._unit()
        time_m = style.metrics(style.font(1.3 * u, bold=True))
        date_m = style.metrics(style.font(0.75 * u))
        w = max(time_m.horizontalAdvance("00:00:00"), date_m.horizontalAdvance(self._date_text())) + u * 0.4
        h = time_m.height() + date_m.height()
        if w > r.width() - 1.6 * u or h > r.height() * 0.45:
            return QRectF()
        return QRectF(r.right() - w - 0.4 * u, r.bottom() - h - 0.3 * u, w, h)

    def _date_text(self) -> str:
        return f"{fmt.weekday(self._now)}, {fmt.date(self._now)}"

    def _column(self, painter: QPainter) -> Column:
        """Where the card's texts go: the region less its frame's margin and the corner clock's lines."""
        r, u = self.rect(), self._unit()
        pad = u * 0.8
        clock = self._clock_rect()
        bottom = clock.top() - u * 0.2 if not clock.isEmpty() else r.bottom() - pad * 0.6
        return Column(painter, r.left() + pad, r.top() + pad * 0.6, r.width() - 2 * pad, bottom)

    def draw(self, painter: QPainter) -> None:
        r, u = self.rect(), self._unit()
        kind = (self.view or {}).get("kind")
        painter.fillRect(r, style.BACKGROUND if self.view else style.BACKGROUND.darker(160))
        painter.setPen(QPen(style.kind_colour(kind), max(4.0, u / 6)))
        painter.drawRect(r.adjusted(2, 2, -2, -2))
        col = self._column(painter)
        col.put(self.region.label_in(style.LANGUAGE), 1.6 * u, style.TEXT, bold=True, most=2)
        col.put(describe(self.view, style.LANGUAGE), 1.0 * u, style.kind_colour(kind), most=2)
        note = (
            QCoreApplication.translate("PlaceholderView", "Vùng trống — chọn nội dung từ bàn điều khiển")
            if self.view is None
            else (
                QCoreApplication.translate("PlaceholderView", "Khung nhìn “%s” sẽ được hiển thị tại đây")
                % _kind_title(kind)
            )
        )
        col.skip(0.4 * u)
        col.put(note, 0.8 * u, style.TEXT_DIM, most=3)
        self._paint_clock(painter)

    def _paint_clock(self, painter: QPainter) -> None:
        c, u = self._clock_rect(), self._unit()
        if c.isEmpty():
            return
        painter.setPen(style.TEXT)
        painter.setFont(style.font(1.3 * u, bold=True))
        time_h = painter.fontMetrics().height()
        painter.drawText(QRectF(c.left(), c.top(), c.width(), time_h),
                         Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, fmt.clock(self._now))
        painter.setPen(style.TEXT_DIM)
        painter.setFont(style.font(0.75 * u))
        painter.drawText(QRectF(c.left(), c.top() + time_h, c.width(), c.height() - time_h),
                         Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, self._date_text())


def _kind_title(kind: str | None) -> str:
    k = VIEW_KINDS.get(kind or "")
    if k is None:
        return str(kind)
    return k.title_en if style.LANGUAGE == "en" else k.title_vi


class ErrorView(PlaceholderView):
    """Shown when a view could not be built: the region stays lit and says why."""

    def __init__(self, region, view, error: str):
        super().__init__(region, view)
        self.error = error

    def draw(self, painter: QPainter) -> None:
        r, u = self.rect(), self._unit()
        painter.fillRect(r, style.PANEL)
        painter.setPen(QPen(style.CRITICAL, max(4.0, u / 6)))
        painter.drawRect(r.adjusted(2, 2, -2, -2))
        col = self._column(painter)
        col.put(self.region.label_in(style.LANGUAGE), 1.4 * u, style.TEXT, bold=True, most=2)
        col.put(QCoreApplication.translate("PlaceholderView", "Không hiển thị được: %s") % self.error, 0.9 * u,
                style.TEXT, most=4)
        self._paint_clock(painter)


# What a view names that the catalogues lack, as the wall says it (ioc_core/layouts/refs.py: Unknown.what)
_MISSING = {
    "sector": QT_TRANSLATE_NOOP("PlaceholderView", "Không có lĩnh vực “%s” trong danh mục"),
    "indicator": QT_TRANSLATE_NOOP("PlaceholderView", "Không có chỉ tiêu “%s” trong danh mục"),
    "region": QT_TRANSLATE_NOOP("PlaceholderView", "Không có xã, phường “%s” trong danh mục"),
    "layer": QT_TRANSLATE_NOOP("PlaceholderView", "Bản đồ không có lớp “%s”"),
    "camera": QT_TRANSLATE_NOOP("PlaceholderView", "Không có camera “%s” trong danh mục camera"),
    "camera group": QT_TRANSLATE_NOOP("PlaceholderView", "Không có nhóm camera “%s” trong danh mục camera"),
}


def missing_text(unknown) -> str:
    """The card's headline for one ``ioc_core.layouts.refs.Unknown``, in the wall's language."""
    template = _MISSING.get(unknown.what, _MISSING["indicator"])
    return QCoreApplication.translate("PlaceholderView", template) % unknown.value


class MissingView(PlaceholderView):
    """A view naming what the catalogues do not have (a sector, an indicator, a map layer, a camera): says what is
    missing and what to do, never an empty view titled with the bad id, never an exception's text."""

    def __init__(self, region, view, unknowns: list, context=None):
        super().__init__(region, view, context)
        self.unknowns = list(unknowns)
        self.state = "missing"  # the health report's state for the region, with ``why``
        self.why = "; ".join(u.message for u in self.unknowns)

    def texts(self) -> list[str]:
        """What the card says, headline first."""
        out = [missing_text(u) for u in self.unknowns]
        known = self.unknowns[0].known
        if known:
            from ioc_core.layouts.refs import listed

            out.append(QCoreApplication.translate("PlaceholderView", "Có: %s") % listed(known))
        out.append(QCoreApplication.translate("PlaceholderView", "Chọn nội dung khác, hoặc bổ sung danh mục."))
        return out

    def draw(self, painter: QPainter) -> None:
        """The region's name, what is missing (the headline), then what there is and what to do: each line whole
        at the room's size or left out."""
        r, u = self.rect(), self._unit()
        painter.fillRect(r, style.PANEL)
        painter.setPen(QPen(style.WARNING, max(4.0, u / 6)))
        painter.drawRect(r.adjusted(2, 2, -2, -2))
        texts = self.texts()
        heads, rest = texts[:len(self.unknowns)], texts[len(self.unknowns):]
        col = self._column(painter)
        col.put(self.region.label_in(style.LANGUAGE), 1.0 * u, style.TEXT_DIM, most=2)
        col.skip(0.4 * u)
        for text in heads:
            col.put(text, 1.4 * u, style.WARNING, bold=True, most=3)
        col.skip(0.6 * u)
        for text in rest:
            col.put(text, 0.9 * u, style.TEXT, most=3)
        self._paint_clock(painter)
