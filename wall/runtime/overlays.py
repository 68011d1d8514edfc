"""Per-screen overlays drawn above the regions: blackout and the technicians' identify card."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QRectF, Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QGraphicsItem, QGraphicsObject

from ioc_core.problems import Problem, Severity
from wall.widgets import style

Z_BLACKOUT = 1000
Z_IDENTIFY = 2000


class BlackoutItem(QGraphicsObject):
    def __init__(self, rect: QRectF):
        super().__init__()
        self._rect = rect
        self.setZValue(Z_BLACKOUT)
        self.setVisible(False)

    def boundingRect(self) -> QRectF:
        return self._rect

    def paint(self, painter: QPainter, option, widget=None) -> None:
        painter.fillRect(self._rect, Qt.GlobalColor.black)


class IdentifyItem(QGraphicsObject):
    """Big position number, row and column, the monitor that shows it, and what is wrong in the configuration."""

    MAX_LINES = 8

    def __init__(self, rect: QRectF, number: int, row: int, col: int):
        super().__init__()
        self._rect = rect
        self.number, self.row, self.col = number, row, col
        self.monitor = ""
        self.problems: list[Problem] = []
        self.setZValue(Z_IDENTIFY)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemClipsToShape, True)
        self.setVisible(False)

    # The control API's address and operator token, on screen 1 for the technician standing at the wall. The token
    # is drawn only on the wall's own screens (a paint with a widget); a render into an image (a snapshot for a
    # console or a viewer) gets it masked, so it never leaves the room in a picture.
    api_address = ""
    api_token = ""
    api_fingerprint = ""  # shown as SHA256:AB:CD:… (ioc_core/api/identity.py's shown)

    def set_info(self, monitor: str, problems: list[Problem]) -> None:
        self.monitor, self.problems = monitor, problems
        self.update()

    def boundingRect(self) -> QRectF:
        return self._rect

    def paint(self, painter: QPainter, option, widget=None) -> None:
        r = self._rect
        painter.fillRect(r, QColor(0, 0, 0, 215))
        painter.setPen(style.ACCENT)
        painter.drawRect(r.adjusted(6, 6, -6, -6))
        painter.setPen(style.TEXT)
        painter.setFont(style.font(r.height() * 0.42, bold=True))
        top = QRectF(r.left(), r.top() + r.height() * 0.03, r.width(), r.height() * 0.45)
        painter.drawText(top, Qt.AlignmentFlag.AlignCenter, str(self.number))
        painter.setFont(style.font(r.height() * 0.05))
        info = QRectF(r.left(), top.bottom(), r.width(), r.height() * 0.14)
        monitor = self.monitor or QCoreApplication.translate("Identify", "không có màn hình nào hiển thị vị trí này")
        painter.drawText(
            info,
            Qt.AlignmentFlag.AlignCenter,
            QCoreApplication.translate("Identify", "Hàng %1 · Cột %2")
            .replace("%1", str(self.row + 1))
            .replace("%2", str(self.col + 1))
            + "\n"
            + monitor,
        )
        self._paint_problems(
            painter, QRectF(r.left() + 40, info.bottom() + 10, r.width() - 80, r.bottom() - info.bottom() - 40)
        )
        if self.api_address and self.number == 1:
            painter.setPen(style.TEXT_DIM)
            painter.setFont(style.font(30))
            token = self.api_token if widget is not None else "••••••"
            text = QCoreApplication.translate("Identify", "API %1 · mã điều khiển: %2").replace(
                "%1", self.api_address).replace("%2", token)
            if self.api_fingerprint:  # SHA256:AB:…: its 32 pairs on two lines, each readable across the room
                pairs = self.api_fingerprint.split(":")
                halves = ":".join(pairs[:17]) + ":", ":".join(pairs[17:])
                text = (QCoreApplication.translate("Identify", "Vân tay chứng chỉ của tường:") + "\n"
                        + "\n".join(halves) + "\n" + text)
            painter.drawText(r.adjusted(40, 0, -40, -30), Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom,
                             text)

    def _paint_problems(self, painter: QPainter, area: QRectF) -> None:
        if not self.problems:
            painter.setPen(style.OK)
            painter.setFont(style.font(34))
            painter.drawText(
                area,
                Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
                QCoreApplication.translate("Identify", "Cấu hình hợp lệ"),
            )
            return
        painter.setFont(style.font(28))
        line_h = painter.fontMetrics().height()
        errors = sum(p.severity is Severity.ERROR for p in self.problems)
        painter.setPen(style.CRITICAL if errors else style.WARNING)
        head = (
            QCoreApplication.translate("Identify", "Lỗi cấu hình: %1 lỗi, %2 cảnh báo")
            .replace("%1", str(errors))
            .replace("%2", str(len(self.problems) - errors))
        )
        painter.drawText(QRectF(area.left(), area.top(), area.width(), line_h), Qt.AlignmentFlag.AlignLeft, head)
        y = area.top() + line_h
        shown = self.problems[: self.MAX_LINES]
        for p in shown:
            painter.setPen(style.CRITICAL if p.severity is Severity.ERROR else style.WARNING)
            text = painter.fontMetrics().elidedText(str(p), Qt.TextElideMode.ElideMiddle, int(area.width()))
            painter.drawText(QRectF(area.left(), y, area.width(), line_h), Qt.AlignmentFlag.AlignLeft, text)
            y += line_h
        if len(self.problems) > len(shown):
            painter.setPen(style.TEXT_DIM)
            painter.drawText(
                QRectF(area.left(), y, area.width(), line_h),
                Qt.AlignmentFlag.AlignLeft,
                QCoreApplication.translate("Identify", "… và %1 mục khác (xem nhật ký)").replace(
                    "%1", str(len(self.problems) - len(shown))
                ),
            )
