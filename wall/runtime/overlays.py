"""Per-screen overlays drawn above the regions: blackout and the technicians' identify card."""

from __future__ import annotations

import re
from pathlib import PurePath

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPainter
from PySide6.QtWidgets import QGraphicsItem, QGraphicsObject

from ioc_core.layouts.views import VIEW_KINDS
from ioc_core.problems import Problem, Severity
from ioc_core.views import legibility
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


# the words of the problems the card lists, as the console words them (operator_console/problem_text.py: the same
# Vietnamese, so that the English is the wall's own, ioc_core/messages.py): the region by its title, the view by
# its kind's name; a problem without words here keeps the wall's, without where in which file it lies
_WORDS = {
    "layout.bezel_cut": QT_TRANSLATE_NOOP("Identify", "vùng «{region}» hiện {kind} (chữ và số liệu) trên {screens} "
                                                      "màn hình: số bị viền màn hình cắt ngang thì không đọc được"),
    "layout.room_too_small": QT_TRANSLATE_NOOP("Identify", "vùng «{region}» quá nhỏ cho {kind} đọc từ {distance} m: "
                                                           "cần ít nhất {width} x {height} điểm ảnh"),
    "layout.room_no_tiles": QT_TRANSLATE_NOOP("Identify", "vùng «{region}» quá nhỏ để hiện ô nào trong {total} ô chỉ "
                                                          "số khi đọc từ {distance} m: hãy dành thêm màn hình"),
    "layout.black_cells": QT_TRANSLATE_NOOP("Identify", "{empty} trên {cells} ô của lưới không thuộc vùng nào và sẽ "
                                                        "để đen"),
    "layout.overlap": QT_TRANSLATE_NOOP("Identify", "vùng «{region}» chồng lên vùng «{other}» ở ô [{row}, {col}]"),
    "web.not_allowed": QT_TRANSLATE_NOOP("Identify", "máy chủ «{host}» không có trong danh sách trang được phép của "
                                                     "tường (được phép: {allowed})"),
    "web.nothing_allowed": QT_TRANSLATE_NOOP("Identify", "máy chủ «{host}» không có trong danh sách trang được phép "
                                                         "của tường (cấu hình tường chưa cho phép máy chủ nào)"),
}
# a revision (a file's hash) in a message: for the log, not for the card
_REVISION = re.compile(r"\s*\(?\b(?:revision |phiên bản )?[0-9a-f]{12,64}\b\)?")


def worded(problem: Problem, regions: dict[str, str] | None = None) -> str:
    """``problem`` as the card says it: in the wall's language when it has words for its code (the region named by
    its title, the view by its kind's name), else the wall's message after its file's name; never a JSON path, a
    folder or a revision."""
    template = _WORDS.get(problem.code)
    if template is not None:
        args = dict(problem.params)
        for key in ("region", "other"):
            if regions and args.get(key) in regions:
                args[key] = regions[args[key]]
        if (kind := VIEW_KINDS.get(str(args.get("kind", "")))) is not None:
            name = kind.title_en if style.LANGUAGE == "en" else kind.title_vi
            args["kind"] = name[:1].lower() + name[1:]
        try:
            text = QCoreApplication.translate("Identify", template).format(**args)
        except (KeyError, IndexError, ValueError):
            text = problem.message
    else:
        text = _REVISION.sub("", problem.message)
        name = PurePath(problem.file).name if problem.file and not problem.file.startswith("<") else ""
        text = f"{name}: {text}" if name else text
    return text[:1].upper() + text[1:]


def wrap(metrics: QFontMetricsF, text: str, width: float) -> list[str]:
    """``text`` in lines no wider than ``width``, each of its paragraphs broken between words (a word wider than a
    line alone: after a '/', ':' or '.' where it has one, else between its characters)."""
    return [line for paragraph in text.split("\n") for line in (style.wrap(metrics, paragraph, width, "/:.") or [""])]


class IdentifyItem(QGraphicsObject):
    """Big position number, row and column, the monitor that shows it, and what is wrong in the configuration: every
    text at least the room's smallest legible size (style.MIN_TEXT_PX), each problem whole on as many lines as it
    takes, as many problems as fit, then how many more the log has."""

    MARGIN = 40

    def __init__(self, rect: QRectF, number: int, row: int, col: int):
        super().__init__()
        self._rect = rect
        self.number, self.row, self.col = number, row, col
        self.monitor = ""
        self.problems: list[Problem] = []
        self.regions: dict[str, str] = {}  # region id -> its title, to name it in a problem
        self.setZValue(Z_IDENTIFY)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemClipsToShape, True)
        self.setVisible(False)

    # The control API's address and operator token, on screen 1 for the technician standing at the wall. The token
    # is drawn only on the wall's own screens (a paint with a widget); a render into an image (a snapshot for a
    # console or a viewer) gets it masked, so it never leaves the room in a picture.
    api_address = ""
    api_token = ""
    api_fingerprint = ""  # shown as SHA256:AB:CD:… (ioc_core/api/identity.py's shown)

    def set_info(self, monitor: str, problems: list[Problem], regions: dict[str, str] | None = None) -> None:
        self.monitor, self.problems = monitor, problems
        self.regions = dict(regions or {})
        self.update()

    def boundingRect(self) -> QRectF:
        return self._rect

    def _api_lines(self, metrics: QFontMetricsF, width: float, masked: bool) -> tuple[list[str], str]:
        """The API's lines for screen 1 (none on the others), and the heading over the fingerprint ("" without
        one), which goes first when the screen is short of room."""
        if not (self.api_address and self.number == 1):
            return [], ""
        token = "••••••" if masked else self.api_token
        lines, heading = [], ""
        if self.api_fingerprint:  # SHA256:AB:…: its pairs on as few lines as the width takes, each read whole
            heading = QCoreApplication.translate("Identify", "Vân tay chứng chỉ của tường:")
            parts = self.api_fingerprint.split(":")
            line = ""
            for i, part in enumerate(parts):
                piece = part + (":" if i < len(parts) - 1 else "")
                if line and metrics.horizontalAdvance(line + piece) > width:
                    lines.append(line)
                    line = ""
                line += piece
            lines.append(line)
        text = QCoreApplication.translate("Identify", "API %1 · mã điều khiển: %2").replace(
            "%1", self.api_address).replace("%2", token)
        return lines + wrap(metrics, text, width), heading

    def paint(self, painter: QPainter, option, widget=None) -> None:
        r = self._rect
        painter.fillRect(r, QColor(0, 0, 0, 215))
        painter.setPen(style.ACCENT)
        painter.drawRect(r.adjusted(6, 6, -6, -6))
        body = style.font(style.MIN_TEXT_PX)
        metrics = style.metrics(body)
        line_h = metrics.height()
        left, width = r.left() + self.MARGIN, r.width() - 2 * self.MARGIN
        # the plan: the API's lines at the bottom (screen 1), the row, column and monitor under the number, and
        # the problems between
        api, heading = self._api_lines(metrics, width, masked=widget is None)
        where = QCoreApplication.translate("Identify", "Hàng %1 · Cột %2").replace(
            "%1", str(self.row + 1)).replace("%2", str(self.col + 1))
        monitor = self.monitor or QCoreApplication.translate("Identify", "không có màn hình nào hiển thị vị trí này")
        info = wrap(metrics, f"{where} · {monitor}", width)
        avail = r.height() - self.MARGIN  # half a margin above and below
        # errors first, then the shorter ones first: as many whole problems as the screen holds
        problems = sorted(((p, wrap(metrics, worded(p, self.regions), width)) for p in self.problems),
                          key=lambda pl: (pl[0].severity is not Severity.ERROR, len(pl[1])))
        worded_lines = [lines for _, lines in problems]
        wanted = 1 + sum(len(lines) for lines in worded_lines) if self.problems else 1  # the heading and all
        if heading and avail - (len(info) + len(api) + 1 + 2) * line_h >= 0:  # with two lines for the number
            api = [heading, *api]
        fixed = (len(info) + len(api)) * line_h
        # the number: up to 0.42 of the screen, down to one and a half lines (one when even that is short); the
        # problems take what is left (on screen 1 in a far room, none: the other screens list them)
        number_h = min(r.height() * 0.42, avail - fixed - wanted * line_h)
        number_h = max(number_h, min(1.5 * line_h, avail - fixed), line_h)
        bottom = r.bottom() - self.MARGIN / 2 - len(api) * line_h
        painter.setPen(style.TEXT)
        painter.setFont(style.font(number_h / legibility.LINE_PER_FONT_PX, bold=True))
        top = QRectF(r.left(), r.top() + self.MARGIN / 2, r.width(), number_h)
        painter.drawText(top, Qt.AlignmentFlag.AlignCenter, str(self.number))
        painter.setFont(body)
        y = top.bottom()
        for text in info:
            painter.drawText(QRectF(left, y, width, line_h), Qt.AlignmentFlag.AlignCenter, text)
            y += line_h
        self._paint_problems(painter, problems, QRectF(left, y, width, max(0.0, bottom - y)), line_h)
        painter.setPen(style.TEXT_DIM)
        for i, text in enumerate(api):
            painter.drawText(QRectF(left, bottom + i * line_h, width, line_h), Qt.AlignmentFlag.AlignCenter, text)

    def _paint_problems(self, painter: QPainter, problems: list[tuple[Problem, list[str]]], area: QRectF,
                        line_h: float) -> None:
        rows = int((area.height() + 0.5) // line_h)
        if rows < 1:
            return
        if not self.problems:
            painter.setPen(style.OK)
            painter.drawText(QRectF(area.left(), area.top(), area.width(), line_h), Qt.AlignmentFlag.AlignCenter,
                             QCoreApplication.translate("Identify", "Cấu hình hợp lệ"))
            return
        errors = sum(p.severity is Severity.ERROR for p in self.problems)
        painter.setPen(style.CRITICAL if errors else style.WARNING)
        head = (QCoreApplication.translate("Identify", "Lỗi cấu hình: %1 lỗi, %2 cảnh báo")
                .replace("%1", str(errors)).replace("%2", str(len(self.problems) - errors)))
        y = area.top()
        painter.drawText(QRectF(area.left(), y, area.width(), line_h), Qt.AlignmentFlag.AlignLeft, head)
        y += line_h
        rows -= 1
        # each problem whole, or not at all (a longer one left out, a shorter one after it may fit): the ones left
        # out are counted on a line kept for it unless all are shown
        total = sum(len(lines) for _, lines in problems)
        budget = rows if total <= rows else rows - 1
        shown = 0
        for p, lines in problems:
            if len(lines) > budget:
                continue
            painter.setPen(style.CRITICAL if p.severity is Severity.ERROR else style.WARNING)
            for text in lines:
                painter.drawText(QRectF(area.left(), y, area.width(), line_h), Qt.AlignmentFlag.AlignLeft, text)
                y += line_h
            budget -= len(lines)
            shown += 1
        if shown < len(problems) and rows >= 1:
            painter.setPen(style.TEXT_DIM)
            painter.drawText(QRectF(area.left(), y, area.width(), line_h), Qt.AlignmentFlag.AlignLeft,
                             QCoreApplication.translate("Identify", "Còn %1 mục khác (xem nhật ký của tường)")
                             .replace("%1", str(len(problems) - shown)))


Z_HUB_LOST = 900  # above every region, under a blackout (a screen switched off stays dark) and the identify card


class HubLostItem(QGraphicsObject):
    """The band on screen 1 while a wall in hub mode has lost its data hub (its presence offline, or the broker out
    of reach): "Mất kết nối trung tâm dữ liệu từ HH:MM", across the top of the screen, its text half as tall again
    as the room's smallest legible size (style.MIN_TEXT_PX), on the warning colour. The figures under it keep their
    last values and turn stale on their own cadence."""

    MARGIN = 24

    def __init__(self, rect: QRectF):
        super().__init__()
        self._screen = rect
        self.since = ""  # HH:MM of the link's last change
        self.setZValue(Z_HUB_LOST)
        self.setVisible(False)

    @property
    def text(self) -> str:
        return QCoreApplication.translate("Hub", "Mất kết nối trung tâm dữ liệu từ %1").replace("%1", self.since)

    def _font(self):
        return style.font(style.MIN_TEXT_PX * 1.5, bold=True)

    def _lines(self) -> list[str]:
        return wrap(style.metrics(self._font()), self.text, self._screen.width() - 2 * self.MARGIN)

    def _band(self) -> QRectF:
        line_h = style.metrics(self._font()).height()
        height = min(self._screen.height(), len(self._lines()) * line_h + self.MARGIN)
        return QRectF(self._screen.left(), self._screen.top(), self._screen.width(), height)

    def place(self, rect: QRectF) -> None:
        """Screen 1's rectangle on the canvas (it moves when the screen mapping changes the bezels)."""
        if rect != self._screen:
            self.prepareGeometryChange()
            self._screen = rect

    def show_since(self, since: str) -> None:
        self.prepareGeometryChange()  # the band's height follows its lines
        self.since = since
        self.setVisible(True)
        self.update()

    def boundingRect(self) -> QRectF:
        return self._band()

    def paint(self, painter: QPainter, option, widget=None) -> None:
        band = self._band()
        painter.fillRect(band, QColor(style.WARNING))
        painter.setPen(QColor(0, 0, 0))
        font = self._font()
        painter.setFont(font)
        line_h = style.metrics(font).height()
        y = band.top() + self.MARGIN / 2
        for text in self._lines():
            painter.drawText(QRectF(band.left() + self.MARGIN, y, band.width() - 2 * self.MARGIN, line_h),
                             Qt.AlignmentFlag.AlignCenter, text)
            y += line_h
