"""Every text a scene draws, as the paint engine receives it: what it says, its font, where it lands and how tall
its capitals are in screen pixels.

The scene is rendered onto a paint device whose engine records each text run (``QPaintEngine.drawTextItem``, the
call every QPainter text path ends in on a device like this: ``drawText``, static text, pyqtgraph's labels), with
the painter's transform and clip at that moment. Nothing is asked of the views: what is recorded is what they
drew, so a test reading it judges the picture, not the views' own account of it.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QFontMetricsF, QPaintDevice, QPaintEngine, QPainter, QTransform

ELLIPSIS = "…"


@dataclass(frozen=True)
class Run:
    """One text run as drawn: its text, font pixel size, capital height in device pixels, its box on the device
    and the part of that box the clip lets through (None: no clip)."""

    text: str
    font_px: float
    cap_px: float
    box: QRectF
    visible: QRectF | None
    bold: bool
    baseline: float = 0.0  # device y of the run's baseline

    @property
    def cap_box(self) -> QRectF:
        """Where its capitals stand: from the baseline up by the capital height, across its width (accents above
        and descenders below are left out, so two lines set close but apart never count as touching)."""
        return QRectF(self.box.left(), self.baseline - self.cap_px, self.box.width(), self.cap_px)

    @property
    def elided(self) -> bool:
        return ELLIPSIS in self.text

    @property
    def clipped(self) -> bool:
        """Whether the clip hides part of the run's glyphs (more than 2 px of its width or a third of its height):
        a cut word or line."""
        if self.visible is None:
            return False
        v, b = self.visible, self.box
        return v.width() < b.width() - 2 or v.height() < b.height() * 0.67

    @property
    def shown(self) -> bool:
        """Whether any of it is on the device (a run wholly clipped away is not seen)."""
        return self.visible is None or (self.visible.width() > 0 and self.visible.height() > 0)


class _Recorder(QPaintEngine):
    def __init__(self):
        super().__init__(QPaintEngine.PaintEngineFeature.AllFeatures)
        self.runs: list[Run] = []
        self._transform = QTransform()

    def begin(self, device) -> bool:  # noqa: D102 (Qt's names below)
        return True

    def end(self) -> bool:
        return True

    def type(self):
        return QPaintEngine.Type.User

    def updateState(self, state) -> None:  # noqa: N802
        if state.state() & QPaintEngine.DirtyFlag.DirtyTransform:
            self._transform = QTransform(state.transform())  # a copy: the state's own changes under it

    def drawPixmap(self, r, pm, sr) -> None:  # noqa: N802
        pass

    def drawPolygon(self, *args) -> None:  # noqa: N802
        pass

    def drawPath(self, path) -> None:  # noqa: N802
        pass

    def drawTextItem(self, p: QPointF, item) -> None:  # noqa: N802
        text = item.text()
        if not text.strip():
            return
        font = item.font()
        m = QFontMetricsF(font)
        t = self._transform
        scale = (abs(t.m11() * t.m22() - t.m12() * t.m21())) ** 0.5
        local = QRectF(p.x(), p.y() - m.ascent(), item.width(), m.ascent() + m.descent())
        box = t.mapRect(local)
        visible = None
        painter = self.painter()
        if painter is not None and painter.hasClipping():
            # the clip in the painter's coordinates, mapped with its transform (the item's, at this moment)
            clip = painter.transform().mapRect(painter.clipBoundingRect())
            visible = box.intersected(clip)
        self.runs.append(Run(text, font.pixelSize() if font.pixelSize() > 0 else font.pointSizeF() * 96 / 72,
                             m.capHeight() * scale, box, visible, font.bold(), t.map(p).y()))


class _Device(QPaintDevice):
    def __init__(self, width: int, height: int):
        super().__init__()
        self.engine = _Recorder()
        self._size = (width, height)

    def paintEngine(self):  # noqa: N802
        return self.engine

    def metric(self, m):
        metric = QPaintDevice.PaintDeviceMetric
        values = {metric.PdmWidth: self._size[0], metric.PdmHeight: self._size[1], metric.PdmDpiX: 96,
                  metric.PdmDpiY: 96, metric.PdmPhysicalDpiX: 96, metric.PdmPhysicalDpiY: 96, metric.PdmDepth: 32,
                  metric.PdmNumColors: 1 << 24, metric.PdmDevicePixelRatio: 1,
                  metric.PdmDevicePixelRatioScaled: round(QPaintDevice.devicePixelRatioFScale()),
                  metric.PdmWidthMM: round(self._size[0] * 0.63), metric.PdmHeightMM: round(self._size[1] * 0.63)}
        return values.get(m, 0)


def census(scene, source: QRectF) -> list[Run]:
    """Every text run ``scene`` draws in ``source`` (scene coordinates), rendered 1:1 onto a device of that size;
    boxes are in the device's pixels (0, 0 at ``source``'s top left)."""
    device = _Device(round(source.width()), round(source.height()))
    painter = QPainter(device)
    try:
        scene.render(painter, QRectF(0, 0, source.width(), source.height()), source)
    finally:
        painter.end()
    runs = device.engine.runs
    return [r for r in runs if r.shown]


def item_census(item) -> list[Run]:
    """The runs ``item`` (a view on a scene) draws within its own rectangle, boxes in the item's coordinates."""
    r = item.sceneBoundingRect()
    return census(item.scene(), r)


# Texts that end in an ellipsis by their own wording, not because they were cut.
WORDED_ELLIPSIS = ("Đang kết nối…", "Connecting…")


def collisions(runs: list[Run]) -> list[tuple[Run, Run]]:
    """Pairs of runs whose capitals overlap (more than 2 px each way): text drawn over text."""
    out = []
    for i, a in enumerate(runs):
        for b in runs[i + 1:]:
            inter = a.cap_box.intersected(b.cap_box)
            if inter.width() > 2 and inter.height() > 2:
                out.append((a, b))
    return out


def faults(runs: list[Run], cap_px: float, bounds: QRectF | None = None) -> list[str]:
    """What a reader in the room would notice, one line each: a text smaller than ``cap_px`` capitals, a text cut
    (elided or clipped), a text drawn over another, and (``bounds``: the region on the device) a text reaching past
    its region."""
    out = []
    for r in runs:
        if bounds is not None and not bounds.adjusted(-1, -1, 1, 1).contains(r.cap_box):
            out.append(f"past its region: {r.text!r}")
        if r.cap_px < cap_px - 0.5:
            out.append(f"too small ({r.cap_px:.1f} px capitals < {cap_px:.1f}): {r.text!r}")
        if r.elided and r.text.strip() not in WORDED_ELLIPSIS:
            out.append(f"elided: {r.text!r}")
        if r.clipped:
            out.append(f"clipped: {r.text!r}")
    out += [f"drawn over each other: {a.text!r} and {b.text!r}" for a, b in collisions(runs)]
    return out
