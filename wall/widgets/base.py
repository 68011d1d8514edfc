"""Base of every view item placed in a region of the wall canvas."""

from __future__ import annotations

import logging
from datetime import datetime

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import QGraphicsItem, QGraphicsWidget

from ioc_core.layouts.model import Region
from wall.widgets import style
from wall.widgets.textplan import Column

log = logging.getLogger(__name__)


class ViewContext:
    """What views may need from the wall: indicator data and the declared sector views. Complete once built: with
    ``edits`` (ioc_core.catalogue.edits.CatalogueEdits, the technicians' additions) the cameras, sector views and map
    markers are the ones it has in use now, whatever edit came since; without, the ones given here."""

    def __init__(self, hub=None, sector_views: dict | None = None, alerts=None, cameras=None, web_allow=None,
                 controller=None, markers: list | None = None, edits=None):
        self.hub = hub  # wall.runtime.datahub.DataHub
        self.alerts = alerts  # ioc_core.alerts.AlertBook
        self.web_allow = web_allow  # ioc_core.setup.webpolicy.WebAllowlist: the hosts web views may show (None: none)
        self.controller = controller  # ioc_core.control.controller.Controller: what the meeting panel reads
        self.edits = edits
        self._cameras, self._sector_views, self._markers = cameras, sector_views or {}, markers

    @property
    def cameras(self):
        """ioc_core.catalogue.cameras.CameraCatalogue (None: this wall shows no cameras)."""
        return self.edits.in_use.cameras if self.edits is not None else self._cameras

    @property
    def sector_views(self) -> dict:
        return self.edits.in_use.sector_views if self.edits is not None else self._sector_views

    @property
    def markers(self) -> list | None:
        """The map's markers with the state folder's (None: the map reads the shipped file)."""
        return self.edits.markers if self.edits is not None else self._markers

    def sector_view(self, sector: str):
        from ioc_core.catalogue.sectorviews import sector_view

        return sector_view(self.hub.catalogue, sector, self.sector_views)


class ViewItem(QGraphicsWidget):
    """A view drawn in wall-canvas pixels (a 1920x1080 screen is 1920x1080 units, whatever the monitor).

    Subclasses draw in local coordinates ``(0, 0, width, height)``. ``tick`` is called once a second by the wall's
    single display clock; a view updates only what changed.
    """


    def __init__(self, region: Region, view: dict | None, context: ViewContext | None = None):
        super().__init__()
        self.context = context
        self._draw_failed = False
        self.region = region
        self.view = view
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemClipsToShape, True)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemClipsChildrenToShape, True)
        # Qt then tells paint() which part of the item is exposed. Without it every screen drew every region that
        # touches its edges (Qt widens each item by 2 px for antialiasing): the centre screen drew all nine.
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption, True)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)

    def set_region(self, region: Region) -> None:
        """The same view moved to another region (or the region was renamed): no rebuild, just relabel."""
        if region != self.region:
            self.region = region
            self.update()

    def health(self) -> dict:
        """What the health report says of this view: its kind and state (views with a life of their own, a
        camera or a web page, have their own states; a view whose drawing fails says so)."""
        out = {"kind": (self.view or {}).get("kind", "empty"), "state": getattr(self, "state", None) or "ok"}
        if self._draw_failed:
            out["state"] = "draw-failed"
        why = getattr(self, "why", "")
        if why and out["state"] not in ("ok", "live"):
            out["why"] = why
        return out

    shows_figures = False  # indicator figures: stamped while a meeting holds them still
    frozen_at: float | None = None

    _stamp = None

    def set_frozen(self, at: float | None) -> None:
        """The wall's figures are held as of ``at`` (epoch seconds), or live (None): a view that shows figures
        wears a stamp above everything it draws (charts draw in child items, over the view's own paint)."""
        if at == self.frozen_at:
            return
        self.frozen_at = at
        if not self.shows_figures:
            return
        if at is None and self._stamp is not None:
            self._stamp.setParentItem(None)
            if self.scene() is not None:
                self.scene().removeItem(self._stamp)
            self._stamp = None
        elif at is not None:
            if self._stamp is None:
                self._stamp = _FrozenStamp(self)
            self._stamp.update()
        self.update()

    def place(self, rect: QRectF) -> None:
        if self.geometry() != rect:
            self.setGeometry(rect)
            if self._stamp is not None:
                self._stamp.prepareGeometryChange()

    def tick(self, now: datetime) -> None:
        """Called every second by the wall's display clock."""

    def room_changed(self) -> None:
        """The room's smallest legible text changed (wall.widgets.style.set_room): views that keep a layout lay it
        out again (they override this); every view repaints."""
        self.update()

    def paint(self, painter: QPainter, option, widget=None) -> None:
        """Draws the view; a view that fails to draw shows why instead of taking the wall down.

        An exception escaping a paint override unwinds through Qt's C++ paint code and can kill the process
        (seen: a segmentation fault), so no exception leaves here.
        """
        # the part Qt asks for (ItemUsesExtendedStyleOption): views may skip what lies outside it
        self.exposed = QRectF(option.exposedRect) if option is not None else self.rect()
        if self.exposed.isEmpty():  # a neighbour screen's repaint that only grazes this region's edge
            return
        painter.save()
        try:
            self.draw(painter)
        except Exception as exc:
            if not self._draw_failed:
                log.exception("view %s in region %s failed to draw", self.view, self.region.id)
            self._draw_failed = True
            painter.restore()
            painter.save()
            _draw_failure(painter, self.rect(), self.region.label, exc)
        else:
            self._draw_failed = False
        finally:
            painter.restore()


    def draw(self, painter: QPainter) -> None:
        """Subclasses draw here, in local coordinates (0, 0, width, height)."""

    # whether draw() always begins by filling its whole rectangle with an opaque colour (then the screen fills no
    # black under it first: on nine sector screens with every figure changing, that fill was 8 % of a core)
    paints_background = False

    def covers(self) -> QRectF | None:
        """The part of the scene this view paints whole and opaque every time it paints (the screen fills no
        background under it: wall.runtime.screens.ScreenView.drawBackground); None: not known to (the default)."""
        return self.mapRectToScene(self.rect()) if self.paints_background else None

    def quiesce(self) -> None:
        """Taken off the wall (hidden; disposed of a little later): stop at once, cheaply and on the GUI thread,
        whatever would go on working or reconnecting unseen until ``dispose``. The default does nothing."""

    def dispose(self) -> None:
        """Release streams, timers and threads before the item is deleted (also after ``quiesce``)."""


def draw_card(painter: QPainter, r: QRectF, head: str, colour: QColor, detail: str, px: float) -> None:
    """A region's status card (a camera without signal, a web page that is down): the headline in ``colour``, the
    detail's lines dimmer below it, the block centred. Every text whole at the room's legible size: the headline
    wrapped between words (at ``px``, or the room's smallest size when that does not fit), then each detail line
    (wrapped) that still fits whole, in order; what does not fit is left out, never cut."""
    painter.fillRect(r, style.PANEL)
    plan = card_plan(r, head, detail, px)
    if not plan:
        return
    y = r.top() + (r.height() - sum(h for _, _, h, _ in plan)) / 2
    for text, font, h, is_head in plan:
        painter.setFont(font)
        painter.setPen(colour if is_head else style.TEXT_DIM)
        painter.drawText(QRectF(r.left(), y, r.width(), h), Qt.AlignmentFlag.AlignHCenter
                         | Qt.AlignmentFlag.AlignVCenter, text)
        y += h


def card_plan(r: QRectF, head: str, detail: str, px: float) -> list[tuple[str, QFont, float, bool]]:
    """The lines of a status card as drawn: (text, font, line height, is the headline). The headline and then each
    detail line are set as a Column sets them (wall/widgets/textplan.py): whole, or left out."""
    pad = style.MIN_TEXT_PX * 0.5
    width, room = r.width() - 2 * pad, r.height() - pad
    col = Column(None, r.left() + pad, 0.0, width, room)  # only measured here: draw_card centres the block
    lines, size, line_h = col.lines(head, px, True, most=max(1, len(head)), room=room)
    if not lines:
        return []
    font = style.font(size, bold=True)
    out = [(x, font, line_h, True) for x in lines]
    used = line_h * len(lines) + pad * 0.5
    small = style.font(style.MIN_TEXT_PX)
    for paragraph in detail.split("\n"):
        lines, _size, line_h = col.lines(paragraph, style.MIN_TEXT_PX, most=max(1, len(paragraph)),
                                         room=room - used)
        out += [(x, small, line_h, False) for x in lines]
        used += line_h * len(lines)
    return out


class _FrozenStamp(QGraphicsItem):
    """Above a view's own drawing and its children: the frozen figures' frame and time."""

    def __init__(self, view: ViewItem):
        super().__init__(view)
        self.setZValue(10_000)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption, True)

    def boundingRect(self) -> QRectF:  # noqa: N802 (Qt's name)
        parent = self.parentItem()
        return parent.rect() if parent is not None else QRectF()

    def paint(self, painter: QPainter, option, widget=None) -> None:
        parent = self.parentItem()
        if parent is None or parent.frozen_at is None:
            return
        try:
            _draw_frozen_stamp(painter, parent.rect(), parent.frozen_at)
        except Exception:  # as in ViewItem.paint: nothing escapes into Qt's paint code
            log.exception("the frozen stamp of region %s failed to draw", parent.region.id)


def _draw_frozen_stamp(painter: QPainter, r: QRectF, at: float) -> None:
    """An amber frame, and "Số liệu tại HH:mm dd/MM/yyyy" bottom right: these figures are held still, not live."""
    from ioc_core import fmt
    from wall.i18n import tr

    when = datetime.fromtimestamp(at, fmt.now().tzinfo)
    text = "⏸ " + tr("Số liệu tại %1").replace("%1", fmt.moment(when))
    px = max(style.MIN_TEXT_PX, min(r.height() * 0.045, 40.0))
    painter.setFont(style.font(px, bold=True))
    w = painter.fontMetrics().horizontalAdvance(text) + px
    frame = max(4.0, px * 0.15)
    painter.setPen(QPen(style.WARNING, frame))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawRect(r.adjusted(frame / 2, frame / 2, -frame / 2, -frame / 2))
    box = QRectF(r.right() - w - frame, r.bottom() - px * 1.6 - frame, w, px * 1.6)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(style.WARNING)
    painter.drawRoundedRect(box, px * 0.3, px * 0.3)
    painter.setPen(QColor("#101820"))
    painter.drawText(box, Qt.AlignmentFlag.AlignCenter, text)


def _draw_failure(painter: QPainter, r: QRectF, label: str, exc: Exception) -> None:
    """A view that failed to draw: its region's name and the error, each whole at the room's size or left out."""
    painter.fillRect(r, QColor("#12203a"))
    painter.setPen(style.CRITICAL)
    painter.drawRect(r.adjusted(2, 2, -2, -2))
    pad = style.MIN_TEXT_PX * 0.6
    col = Column(painter, r.left() + pad, r.top() + pad, r.width() - 2 * pad, r.bottom() - pad)
    col.put(label, style.MIN_TEXT_PX, style.TEXT, bold=True, most=2)
    # the exception's own words (English, perhaps a path) stay in the wall's log, where the paint logged them
    from PySide6.QtCore import QCoreApplication

    col.put(QCoreApplication.translate("ViewItem", "Lỗi hiển thị: khung nhìn này không vẽ được (chi tiết trong nhật ký "
                                                   "của tường)"), style.MIN_TEXT_PX, style.TEXT, most=4)
