"""Windows and the views into the wall canvas: one frameless full-screen window per monitor."""

from __future__ import annotations

import math
from dataclasses import replace

from PySide6.QtCore import QEvent, QRect, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeyEvent, QPainter, QRegion, QScreen, QTransform
from PySide6.QtWidgets import QApplication, QFrame, QGraphicsScene, QGraphicsView, QWidget

from ioc_core.setup.geometry import Rect, WallGeometry
from ioc_core.setup.outputs import Output
from wall.runtime import render
from wall.widgets.base import ViewItem


class ScreenView(QGraphicsView):
    """Shows one wall screen's rectangle of the canvas, scaled to the tile it has on its monitor."""

    painted = Signal()
    # pyqtgraph items look for these on the view that shows them (as on its own GraphicsView); without them a chart
    # added to a live wall raises in itemChange. A screen's view of the canvas never pans or zooms, so never emitted.
    sigDeviceRangeChanged = Signal(object, object)  # noqa: N815 (pyqtgraph's names)
    sigDeviceTransformChanged = Signal(object)  # noqa: N815

    def __init__(self, scene: QGraphicsScene, screen: tuple[int, int], canvas: Rect, parent: QWidget):
        super().__init__(scene, parent)
        self.screen_pos = screen
        self.canvas_rect = canvas
        self.paint_count = 0
        self.blanked = False  # switched off: paints black, and still counts its paints (it is working)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing
                            | QPainter.RenderHint.SmoothPixmapTransform)
        self.setInteractive(False)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setBackgroundBrush(Qt.GlobalColor.black)
        self.setSceneRect(QRectF(canvas.x, canvas.y, canvas.w, canvas.h))
        self.background_px = 0  # background pixels filled so far (what a repaint costs beside the items)
        self._opaque_viewport()
        self.gl = False  # an OpenGL viewport (the gpu render path, wall/runtime/render.py)
        if render.gpu():
            self._use_gl()

    def _opaque_viewport(self) -> None:
        # every pixel it repaints is painted by drawBackground or the items: the window under the view is not
        # filled first (a new full-screen camera picture cost three 8 MB fills before its one 8 MB copy)
        self.viewport().setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, True)
        self.viewport().setAutoFillBackground(False)

    def _use_gl(self) -> None:
        from PySide6.QtOpenGLWidgets import QOpenGLWidget

        self.setViewport(QOpenGLWidget())
        self.gl = True
        render.changes.fell_back.connect(self._use_raster)

    def _use_raster(self, _why: str = "") -> None:
        """The gpu path failed: a plain raster viewport from now on (the pointer stays as it was)."""
        if not self.gl:
            return
        self.gl = False
        cursor = self.viewport().cursor()
        self.setViewport(QWidget())
        self._opaque_viewport()
        self.viewport().setCursor(cursor)
        self.viewport().update()

    def _gl_broken(self) -> str:
        """Why this screen's OpenGL viewport cannot draw ("" when it can)."""
        viewport = self.viewport()
        if not viewport.isValid():
            return "the screen's OpenGL context could not be made"
        context = viewport.context()
        if context is None or not context.isValid():
            return "the screen's OpenGL context was lost"
        return ""

    def place(self, tile: Rect) -> None:
        self.setGeometry(QRect(int(tile.x), int(tile.y), int(tile.w), int(tile.h)))
        self.setTransform(QTransform.fromScale(tile.w / self.canvas_rect.w, tile.h / self.canvas_rect.h))

    def paintEvent(self, event) -> None:
        if self.gl and self.isVisible():
            broken = self._gl_broken()
            if broken:  # every screen and camera moves to the cpu path (the signal swaps this viewport), once this
                # viewport's paint is over: it is deleted then
                why = f"screen {self.screen_pos[0]},{self.screen_pos[1]}: {broken}"
                QTimer.singleShot(0, lambda: render.fail(why))
                return
        super().paintEvent(event)
        self.paint_count += 1
        self.painted.emit()

    def drawBackground(self, painter: QPainter, rect: QRectF) -> None:
        """Black, except under the views that paint their whole rectangle opaque themselves (a camera's
        ``covers()``): a new camera picture repaints its rectangle once, not a black fill under it first. Only
        the items under the repaint's centre are asked (a camera's own repaint: the camera and its grid), not
        every item of a screen of charts."""
        area = QRegion(rect.toAlignedRect())
        if self.transform().type() == QTransform.TransformationType.TxNone:  # (a scaled tile: fill it all)
            for item in self.scene().items(rect.center(), Qt.ItemSelectionMode.IntersectsItemBoundingRect,
                                           Qt.SortOrder.DescendingOrder, QTransform()):
                c = item.covers() if isinstance(item, ViewItem) else None
                if c is not None and item.isVisible() and item.effectiveOpacity() >= 1.0:
                    # (inside whole pixels only: a pixel it covers in part is filled)
                    inner = QRect(math.ceil(c.left()), math.ceil(c.top()), 0, 0)
                    inner.setRight(math.floor(c.right()) - 1)
                    inner.setBottom(math.floor(c.bottom()) - 1)
                    area = area.subtracted(QRegion(inner))
        brush = self.backgroundBrush()
        for r in area:
            painter.fillRect(r, brush)
            self.background_px += r.width() * r.height()

    def drawForeground(self, painter: QPainter, rect: QRectF) -> None:
        if self.blanked:  # over the whole picture, in the same paint: nothing of it reaches the screen
            painter.fillRect(rect, Qt.GlobalColor.black)

    def wheelEvent(self, event) -> None:  # the wall never scrolls
        event.ignore()


class OutputWindow(QWidget):
    """One frameless, cursor-less window filling one monitor (or, windowed, a virtual wall in an ordinary window with
    the pointer); stray keys and close requests are ignored."""

    def __init__(self, output: Output, qscreen: QScreen | None, scene: QGraphicsScene, geo: WallGeometry,
                 windowed: bool = False):
        flags = Qt.WindowType.Window
        if not windowed:
            flags |= Qt.WindowType.FramelessWindowHint | Qt.WindowType.WindowStaysOnTopHint
        super().__init__(None, flags)
        self.output = output
        self.windowed = windowed
        self.allow_close = False  # set when the wall itself shuts down
        self.setWindowTitle(f"IOC Wall — {output.monitor.name}")
        self.setObjectName(f"wall-output-{output.monitor.name}")
        self.setAutoFillBackground(True)
        pal = self.palette()
        pal.setColor(self.backgroundRole(), Qt.GlobalColor.black)
        self.setPalette(pal)
        self.views = {s: ScreenView(scene, s, geo.screen_rect(*s), self) for s in output.screens}
        if not windowed:  # a kiosk screen shows no pointer; a virtual wall in an ordinary window keeps it
            for w in (self, *self.views.values(), *(v.viewport() for v in self.views.values())):
                w.setCursor(Qt.CursorShape.BlankCursor)
        self._geo = geo
        self._qscreen = qscreen
        self._layout_views()

    def show_on_screen(self) -> None:
        if self._qscreen is not None:
            self.setScreen(self._qscreen)
        m = self.output.monitor
        if self.windowed:
            self.resize(min(m.w, 1600), min(m.h, 900))
            self.show()
        else:
            self.setGeometry(QRect(m.x, m.y, m.w, m.h))
            self.showFullScreen()

    def set_blanked(self, on: bool) -> None:
        for view in self.views.values():
            view.blanked = on
            view.viewport().update()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._layout_views()

    def _layout_views(self) -> None:
        here = replace(self.output, monitor=replace(self.output.monitor, w=self.width(), h=self.height()))
        for s, tile in here.tiles(self._geo).items():
            self.views[s].place(tile)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        event.accept()  # no way out of the kiosk by stray keys

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride:
            event.accept()
            return True
        return super().event(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.allow_close:
            event.accept()
        elif self.windowed:  # a virtual wall in an ordinary window: closing it ends the program
            event.accept()
            QApplication.instance().quit()
        else:
            event.ignore()
