"""Pictures the tests look at: a view's scene rendered at 1920x1080 and kept in artifacts/, and colour checks."""

from __future__ import annotations

from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QImage, QPainter

from .conftest import ROOT

ARTIFACTS = ROOT / "artifacts"


def renderer(prefix: str):
    """``render(view, name)``: the 1920x1080 scene of ``view``, saved as artifacts/<prefix>-<name>.png."""

    def render(view, name: str) -> QImage:
        img = QImage(1920, 1080, QImage.Format.Format_RGB32)
        img.fill(QColor("black"))
        painter = QPainter(img)
        view.scene().render(painter, QRectF(0, 0, 1920, 1080), QRectF(0, 0, 1920, 1080))
        painter.end()
        ARTIFACTS.mkdir(exist_ok=True)
        img.save(str(ARTIFACTS / f"{prefix}-{name}.png"))
        return img

    return render


def near(c: QColor, ref: QColor | str, tol: int = 40) -> bool:
    """Each of red, green and blue within ``tol`` of ``ref``."""
    ref = QColor(ref)
    return all(abs(a - b) <= tol for a, b in zip(c.getRgb()[:3], ref.getRgb()[:3], strict=True))


class Stage:
    """A 1920x1080 scene that views are placed on; ``close()`` disposes them and deletes the scene on the GUI
    thread (left to Python's cycle collector, items with live timers can be freed from another thread, and a
    timer then fires into freed memory in a later test)."""

    def __init__(self):
        from PySide6.QtWidgets import QGraphicsScene

        self.scene = QGraphicsScene(0, 0, 1920, 1080)
        self.items = []

    def place(self, view):
        view.setGeometry(QRectF(0, 0, 1920, 1080))
        self.scene.addItem(view)
        self.items.append(view)
        return view

    def close(self, qapp) -> None:
        import shiboken6

        for v in self.items:
            v.dispose()
        shiboken6.delete(self.scene)
        qapp.processEvents()
