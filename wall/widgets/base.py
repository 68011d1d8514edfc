"""Base of every view item placed in a region of the wall canvas."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QRectF, Qt
from PySide6.QtWidgets import QGraphicsItem, QGraphicsWidget

from wall.layouts.model import Region


class ViewItem(QGraphicsWidget):
    """A view drawn in wall-canvas pixels (a 1920x1080 screen is 1920x1080 units, whatever the monitor).

    Subclasses draw in local coordinates ``(0, 0, width, height)``. ``tick`` is called once a second by the wall's
    single display clock; a view updates only what changed.
    """

    shows_clock = False

    def __init__(self, region: Region, view: dict | None):
        super().__init__()
        self.region = region
        self.view = view
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemClipsToShape, True)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemClipsChildrenToShape, True)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)

    def set_region(self, region: Region) -> None:
        """The same view moved to another region (or the region was renamed): no rebuild, just relabel."""
        if region != self.region:
            self.region = region
            self.update()

    def place(self, rect: QRectF) -> None:
        if self.geometry() != rect:
            self.setGeometry(rect)

    def tick(self, now: datetime) -> None:
        """Called every second by the wall's display clock."""

    def dispose(self) -> None:
        """Release streams, timers and threads before the item is deleted."""
