"""A clear stand-in for view kinds whose real widget has not been built yet: region, view and clock."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QRectF, Qt
from PySide6.QtGui import QPainter, QPen

from ioc_core import fmt
from ioc_core.layouts.views import VIEW_KINDS, describe
from wall.widgets import style
from wall.widgets.base import ViewItem


class PlaceholderView(ViewItem):

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
        r, u = self.rect(), self._unit()
        return QRectF(r.right() - 9 * u, r.bottom() - 3.6 * u, 8.6 * u, 3.4 * u)

    def draw(self, painter: QPainter) -> None:
        r, u = self.rect(), self._unit()
        kind = (self.view or {}).get("kind")
        painter.fillRect(r, style.BACKGROUND if self.view else style.BACKGROUND.darker(160))
        painter.setPen(QPen(style.kind_colour(kind), max(4.0, u / 6)))
        painter.drawRect(r.adjusted(2, 2, -2, -2))

        pad = u * 0.8
        painter.setPen(style.TEXT)
        title = QRectF(r.left() + pad, r.top() + pad * 0.6, r.width() - 2 * pad, 2.4 * u)
        label = self.region.label_in(style.LANGUAGE)
        painter.setFont(style.fitting_font(label, title.width(), 1.6 * u, 1.1 * u, bold=True))
        painter.drawText(
            title,
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            painter.fontMetrics().elidedText(label, Qt.TextElideMode.ElideRight, int(title.width())),
        )
        painter.setPen(style.kind_colour(kind))
        painter.setFont(style.font(1.0 * u))
        line = QRectF(title.left(), title.bottom(), title.width(), 1.6 * u)
        painter.drawText(
            line,
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            painter.fontMetrics().elidedText(
                describe(self.view, style.LANGUAGE), Qt.TextElideMode.ElideRight, int(line.width())
            ),
        )
        painter.setPen(style.TEXT_DIM)
        painter.setFont(style.font(0.8 * u))
        note = (
            QCoreApplication.translate("PlaceholderView", "Vùng trống — chọn nội dung từ bàn điều khiển")
            if self.view is None
            else (
                QCoreApplication.translate("PlaceholderView", "Khung nhìn “%s” sẽ được hiển thị tại đây")
                % _kind_title(kind)
            )
        )
        body = QRectF(title.left(), line.bottom() + 0.4 * u, title.width(), r.bottom() - line.bottom() - 4.4 * u)
        painter.drawText(body, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap, note)
        self._paint_clock(painter)

    def _paint_clock(self, painter: QPainter) -> None:
        c, u = self._clock_rect(), self._unit()
        painter.setPen(style.TEXT)
        painter.setFont(style.font(1.3 * u, bold=True))
        top = QRectF(c.left(), c.top(), c.width(), c.height() * 0.58)
        painter.drawText(top, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom, fmt.clock(self._now))
        painter.setPen(style.TEXT_DIM)
        painter.setFont(style.font(0.75 * u))
        bottom = QRectF(c.left(), top.bottom(), c.width(), c.height() - top.height())
        painter.drawText(
            bottom,
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop,
            f"{fmt.weekday(self._now)}, {fmt.date(self._now)}",
        )


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
        painter.setPen(style.TEXT)
        painter.setFont(style.font(1.4 * u, bold=True))
        pad = 0.8 * u
        inner = r.adjusted(pad, pad, -pad, -4 * u)
        painter.drawText(
            inner,
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap,
            f"{self.region.label_in(style.LANGUAGE)}\n"
            + QCoreApplication.translate("PlaceholderView", "Không hiển thị được: %s") % self.error,
        )
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
        r, u = self.rect(), self._unit()
        painter.fillRect(r, style.PANEL)
        painter.setPen(QPen(style.WARNING, max(4.0, u / 6)))
        painter.drawRect(r.adjusted(2, 2, -2, -2))
        pad = 0.8 * u
        texts = self.texts()
        heads, rest = texts[:len(self.unknowns)], texts[len(self.unknowns):]
        painter.setPen(style.TEXT_DIM)
        painter.setFont(style.font(1.0 * u))
        title = QRectF(r.left() + pad, r.top() + pad * 0.6, r.width() - 2 * pad, 1.8 * u)
        painter.drawText(title, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         painter.fontMetrics().elidedText(self.region.label_in(style.LANGUAGE),
                                                          Qt.TextElideMode.ElideRight, int(title.width())))
        painter.setPen(style.WARNING)
        painter.setFont(style.font(1.4 * u, bold=True))
        flags = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap
        body = QRectF(title.left(), title.bottom() + 0.4 * u, title.width(), r.bottom() - title.bottom() - 4.4 * u)
        used = painter.boundingRect(body, flags, "\n".join(heads))
        painter.drawText(body, flags, "\n".join(heads))
        painter.setPen(style.TEXT)
        painter.setFont(style.font(0.9 * u))
        top = used.bottom() + 0.6 * u
        for text in rest:  # each line whole or not at all (a cut line reads as a fault); the list elided to fit
            room = QRectF(body.left(), top, body.width(), max(0.0, body.bottom() - top))
            need = painter.boundingRect(room, flags, text)
            if need.height() > room.height():
                line = painter.fontMetrics().height()
                if line > room.height():
                    break
                text = painter.fontMetrics().elidedText(text, Qt.TextElideMode.ElideRight, int(room.width()))
                need = painter.boundingRect(room, flags, text)
            painter.drawText(room, flags, text)
            top = need.bottom() + 0.3 * u
        self._paint_clock(painter)
