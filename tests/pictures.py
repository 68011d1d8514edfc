"""Pictures the tests look at: a view's scene rendered at 1920x1080 and kept in artifacts/, and colour checks."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QBuffer, QIODevice, QRectF
from PySide6.QtGui import QColor, QImage, QPainter

ARTIFACTS = Path(__file__).resolve().parent.parent / "artifacts"  # (no conftest import: benchmarks use this too)


def jpeg(colour: str) -> bytes:
    """A camera's picture of one colour (640x360 JPEG), for the test cameras to send."""
    img = QImage(640, 360, QImage.Format.Format_RGB32)
    img.fill(QColor(colour))
    buf = QBuffer()
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    img.save(buf, "JPEG", 85)
    return bytes(buf.data())


def difference(a: QImage, b: QImage, step: int = 16) -> float:
    """Mean difference of the two pictures' pixels (0-255), on a grid every ``step`` pixels, ``b`` scaled to ``a``."""
    b = b.scaled(a.size())
    total = n = 0
    for x in range(0, a.width(), step):
        for y in range(0, a.height(), step):
            ca, cb = QColor(a.pixel(x, y)), QColor(b.pixel(x, y))
            total += abs(ca.red() - cb.red()) + abs(ca.green() - cb.green()) + abs(ca.blue() - cb.blue())
            n += 3
    return total / n


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
