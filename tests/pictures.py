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
