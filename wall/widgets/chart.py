"""Time-series charts of one indicator: its recent history, threshold zones, target and a forecast with its band.

``ChartPanel`` draws into any host item (a sector view places several among its tiles); ``ChartView`` is the
full-region view kind "chart": a header with the latest figure and its status, and one panel below.

What a chart shows, and why:

- The recent window suits the indicator's period: 48 h of instant values, 60 days of daily values, 26 weeks,
  24 months, 12 quarters or 10 years (a view's ``days`` parameter overrides it). The window ends at the newest
  value, not at the clock, so the axes stay put between data updates (no jitter) and a late feed still shows its
  last values; the header's status says that they are old.
- Threshold zones are shaded on the bad side, as ``Indicator.status`` judges: below the thresholds for
  ``higher_better``, above them otherwise. Warning between the two thresholds, critical beyond the critical one.
- The target line: for a level indicator (aggregation "last" or "mean") the target itself. For a summed
  indicator the target is an annual total, which no single period can be compared with; the chart draws the even
  pace the plan needs instead (target / periods in a year: 365 days, 52 weeks, 12 months, 4 quarters), labelled
  as the plan's average per period. It is a reference, not a status: a seasonal figure sits above or below it by
  season. Instant values of a summed indicator get no target line.
- The running total of a period still under way (a summed indicator's current day or month) is not a comparable
  value: it is drawn as a hollow point off the line and left out of the forecast.
- The forecast (ioc_core.indicators.forecast.assess, Holt's trend) is a dashed line with its 95 % band, from
  ``MIN_POINTS`` (8) values up; below that there is no forecast at all. The time axis and the forecast shown
  reach at most a third of the history's span ahead (ioc_core.views.series.fitted).
- Counts (ioc_core.views.series.counts: a count unit, not averaged) get whole-number value ticks; every tick is
  in Vietnamese format. Fewer than three values are drawn as points with their values, no line: two points
  joined by a line would read as a trend. The axes are fitted on the worker; the GUI thread only draws.
"""

from __future__ import annotations

import contextlib
import logging
import math
from collections.abc import Callable
from datetime import datetime

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPolygonF
from PySide6.QtWidgets import QGraphicsItem, QGraphicsPolygonItem, QGraphicsRectItem, QGraphicsSimpleTextItem

from ioc_core import fmt
from ioc_core.catalogue import Indicator
from ioc_core.indicators.forecast import Forecast, Risk
from ioc_core.indicators.observation import PROVINCE
from ioc_core.views.series import (
    DAY,
    HORIZON,
    MIN_LINE_POINTS,
    MONTHS,
    UTC_OFFSET_S,
    WINDOW_S,
    Series,
    ahead,
    chart_series,
    target_level,
    tick_labels,
    value_ticks,
)
from ioc_core.views.series import add_months as _add_months
from ioc_core.views.series import local as _local
from ioc_core.views.tiles import make_tile
from wall.i18n import tr
from wall.widgets import style
from wall.widgets.dataview import DataView

log = logging.getLogger(__name__)

__all__ = ["DAY", "HORIZON", "WINDOW_S", "ChartPanel", "ChartView"]  # series and forecast: ioc_core.views.series

LINE = QColor("#5ac8fa")  # the "chart" kind colour: bright on the dark panel
FORECAST = QColor("#a8dcff")
GRID = QColor("#2c3d5c")




def _alpha(colour: QColor, alpha: int) -> QColor:
    c = QColor(colour)
    c.setAlpha(alpha)
    return c


class _Axis(pg.AxisItem):
    """An axis that also draws without a QGraphicsView (a scene rendered into an image): pyqtgraph sizes the ticks
    from the item-to-device transform, which it takes from the first view; without one, scene pixels are used."""

    def deviceTransform_(self):  # noqa: N802
        dt = super().deviceTransform_()
        return self.sceneTransform() if dt is None else dt


class _NumberAxis(_Axis):
    """Value axis: few round ticks, for a large font, in Vietnamese format (5.238.802 · 12,5); whole numbers
    for a count (``integer``, from the series' model)."""

    integer = False

    def tickValues(self, minVal, maxVal, size):  # noqa: N802, N803 (pyqtgraph's names)
        px = self.style["tickFont"].pixelSize() if self.style["tickFont"] else style.MIN_TEXT_PX
        limit = max(2, int(size / (px * 2.2)))  # a label's height and more than as much space between labels
        step, ticks = value_ticks(minVal, maxVal, limit, self.integer)
        return [(step, ticks)] if ticks else []

    def tickStrings(self, values, scale, spacing):  # noqa: N802
        return tick_labels(values, spacing, self.integer)


# Tick steps for time: seconds, or months (negative numbers).
_TIME_STEPS = (3600, 2 * 3600, 3 * 3600, 6 * 3600, 12 * 3600, DAY, 2 * DAY, 7 * DAY, 14 * DAY,
               -1, -2, -3, -6, -12, -24, -60)


class _DateAxis(_Axis):
    """Time axis in Vietnam time: HH:mm within a day (dd/MM at midnight), dd/MM, MM/yyyy, yyyy.

    No tick beyond ``last`` (the end of the forecast): the margin after it holds the lines' labels."""

    last = math.inf
    period = "instant"  # the indicator's: no tick finer than one value (no days under monthly values)

    def tickValues(self, minVal, maxVal, size):  # noqa: N802, N803
        if not (math.isfinite(minVal) and math.isfinite(maxVal)) or maxVal <= minVal:
            return []
        f = self.style["tickFont"]
        fm = QFontMetricsF(f if f else style.font(style.MIN_TEXT_PX))
        months = MONTHS.get(self.period, 0)
        finest = {"day": DAY, "week": 7 * DAY}.get(self.period, 0.0)
        for step in _TIME_STEPS:
            if (step > 0 and (months or step < finest)) or (step < 0 and -step < months):
                continue
            sample = "0000" if step <= -12 else ("00/0000" if step < 0 else "00/00")
            width = fm.horizontalAdvance(sample) + fm.height()  # a label and a gap as wide as a line is high
            ticks = self._ticks(minVal, min(maxVal, self.last), step)
            if len(ticks) <= max(2, int(size / width)):
                self._step = step
                return [(abs(step) if step > 0 else -step * 30 * DAY, ticks)]
        self._step = -120
        return [(3650 * DAY, self._ticks(minVal, min(maxVal, self.last), -120))]

    @staticmethod
    def _ticks(lo: float, hi: float, step: float) -> list[float]:
        if step > 0:  # aligned on Vietnam's clock: multiples of the step since local midnight 1/1/1970
            first = math.ceil((lo + UTC_OFFSET_S) / step) * step - UTC_OFFSET_S
            return [first + i * step for i in range(int((hi - first) // step) + 1)]
        months = int(-step)
        t = _add_months(_local(lo), 0 if _local(lo).day == 1 and _local(lo).hour == 0 else 1)
        while (t.month - 1) % months:
            t = _add_months(t, 1)
        out = []
        while t.timestamp() <= hi and len(out) < 500:
            out.append(t.timestamp())
            t = _add_months(t, months)
        return out

    def tickStrings(self, values, scale, spacing):  # noqa: N802
        step = getattr(self, "_step", DAY)
        out = []
        for v in values:
            t = _local(v)
            if step < 0:
                out.append(t.strftime("%Y") if step <= -12 else t.strftime("%m/%Y"))
            elif step < DAY and (t.hour, t.minute) != (0, 0):
                out.append(t.strftime("%H:%M"))
            else:
                out.append(t.strftime("%d/%m"))
        return out


class _WallViewBox(pg.ViewBox):
    """A view box for a plain QGraphicsScene, which never sends pyqtgraph's "prepare for paint" signal: the
    data-to-pixel transform is brought up to date at once, whenever the range or the size changes."""

    def updateViewRange(self, forceX=False, forceY=False):  # noqa: N802, N803
        super().updateViewRange(forceX, forceY)
        self.updateMatrix()


class ChartPanel:
    """One indicator's chart drawn into ``host`` (any QGraphicsItem), in host-local coordinates.

    Use: ``set_rect`` when the host is laid out; ``mark(ids)`` with each piece of news from the data hub (it says
    whether the indicator is among them); ``refresh(now)`` to re-read the data, which it does only when marked
    (and the first time); ``dispose`` before the host goes. The plot items are built once and reused.
    """

    def __init__(self, host: QGraphicsItem, hub, indicator_id: str, region: str = PROVINCE,
                 days: int | None = None, *, title: bool = True, changed: Callable[[], None] | None = None):
        self.host = host
        self.changed = changed  # told when a new series is drawn (a host that shows the risk repaints)
        self._key = ("chart", id(self))
        self.series: Series | None = None  # what is drawn; None before the first series arrives
        self.hub = hub
        self.indicator: Indicator = hub.catalogue.indicators[indicator_id]
        self.region = region
        kind = self.indicator.period
        self.window_s = days * DAY if days else WINDOW_S.get(kind, 60 * DAY)
        self.dirty = True
        self.rect = QRectF()
        self._loaded = False  # whether a series (or its absence) has been read and shown
        self.x = np.empty(0)  # history shown: epoch seconds, values (finite, oldest first)
        self.y = np.empty(0)
        self.partial: tuple[float, float] | None = None  # a running total still under way
        self.forecast: Forecast | None = None
        self.forecast_x = np.empty(0)
        self.risk: Risk | None = None
        self._px = float(style.MIN_TEXT_PX)
        self._labels_spec: list[tuple[str, float, str, QColor]] = []

        ind = self.indicator
        self._backdrop = QGraphicsRectItem(host)
        self._backdrop.setBrush(style.PANEL)
        self._backdrop.setPen(Qt.PenStyle.NoPen)
        self._title = QGraphicsSimpleTextItem(host) if title else None
        if self._title is not None:
            self._title.setBrush(style.TEXT)
        self._full_title = (ind.name_en if style.LANGUAGE == "en" else ind.name_vi) + (
            f" ({ind.unit})" if ind.unit else "")
        self._empty = QGraphicsSimpleTextItem(tr("chưa có dữ liệu"), host)
        self._empty.setBrush(style.TEXT_DIM)
        self._empty.hide()

        # Created without a parent, then attached: a parent at construction crashes (AxisItem._updateHeight).
        self.left = _NumberAxis("left")
        self.bottom = _DateAxis("bottom")
        self.bottom.period = self.indicator.period
        self.plot = pg.PlotItem(viewBox=_WallViewBox(enableMenu=False, enableMouse=False),
                                axisItems={"left": self.left, "bottom": self.bottom})
        self.plot.setParentItem(host)
        self.vb = self.plot.getViewBox()
        self._kiosk()
        for ax in (self.left, self.bottom):
            ax.setPen(pg.mkPen(GRID, width=2))
            ax.setTextPen(pg.mkPen(style.TEXT_DIM))
            ax.setStyle(tickLength=0, autoExpandTextSpace=False, autoReduceTextSpace=False, hideOverlappingLabels=True)
        self.left.setGrid(70)

        def add(item, z: float):
            item.setZValue(z)
            self.plot.addItem(item, ignoreBounds=True)
            return item

        self.warning_band = add(QGraphicsRectItem(), -20)
        self.warning_band.setBrush(_alpha(style.WARNING, 46))
        self.critical_band = add(QGraphicsRectItem(), -19)
        self.critical_band.setBrush(_alpha(style.CRITICAL, 56))
        for band in (self.warning_band, self.critical_band):
            band.setPen(Qt.PenStyle.NoPen)
            band.hide()
        # Reference lines stop where their labels begin (not InfiniteLine: a label must not sit on its line).
        self.warning_line = add(pg.PlotCurveItem(pen=pg.mkPen(_alpha(style.WARNING, 190), width=2)), -15)
        self.critical_line = add(pg.PlotCurveItem(pen=pg.mkPen(_alpha(style.CRITICAL, 210), width=2)), -15)
        self.target_line = add(pg.PlotCurveItem(pen=pg.mkPen(style.OK, width=3, style=Qt.PenStyle.DashLine)), -10)
        self.band = add(QGraphicsPolygonItem(), -5)
        self.band.setBrush(_alpha(FORECAST, 60))
        self.band.setPen(Qt.PenStyle.NoPen)
        self.forecast_curve = add(pg.PlotCurveItem(pen=pg.mkPen(FORECAST, width=4, style=Qt.PenStyle.DashLine),
                                                   antialias=True), 5)
        self.curve = add(pg.PlotCurveItem(pen=pg.mkPen(LINE, width=5), antialias=True), 10)
        self.last_point = add(pg.ScatterPlotItem(size=18, pen=pg.mkPen(style.PANEL, width=3), brush=LINE), 11)
        self.partial_point = add(pg.ScatterPlotItem(size=20, pen=pg.mkPen(LINE, width=4), brush=style.PANEL), 11)
        # Direct labels are the host's plain text items: pg.TextItem needs pyqtgraph's own scene (it raises in
        # paint in a plain QGraphicsScene, and an exception in paint kills the process).
        self.labels: dict[str, QGraphicsSimpleTextItem] = {}
        for key in ("critical", "warning", "target", "forecast", "partial"):
            self.labels[key] = QGraphicsSimpleTextItem(host)
            self.labels[key].setZValue(5)
        self.point_labels = [QGraphicsSimpleTextItem(host) for _ in range(MIN_LINE_POINTS - 1)]
        for item in self.point_labels:
            item.setBrush(style.TEXT)
            item.setZValue(6)
        for item in (self.warning_line, self.critical_line, self.target_line, self.band, self.forecast_curve,
                     *self.labels.values(), *self.point_labels):
            item.hide()

    def _kiosk(self) -> None:
        """No menus, buttons, mouse or hover: nobody touches the wall, and nothing may move by itself."""
        p, vb = self.plot, self.vb
        p.setMenuEnabled(False)
        p.hideButtons()
        p.disableAutoRange()
        vb.setMouseEnabled(False, False)
        vb.setDefaultPadding(0.0)
        for item in (p, vb):
            item.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
            item.setAcceptHoverEvents(False)
        p.layout.setContentsMargins(0, 0, 0, 0)
        p.layout.setSpacing(0)

    # -- API -------------------------------------------------------------------------------------------------
    def mark(self, indicators: set[str]) -> bool:
        """Note news from the hub; True when it concerns this chart (the next ``refresh`` re-reads)."""
        if self.indicator.id in indicators:
            self.dirty = True
        return self.dirty

    def refresh(self, now: float) -> bool:
        """When marked (and the first time): ask the worker to read the history and forecast it; the chart is
        redrawn when the series arrives and differs from the one shown (``show``). False: nothing asked."""
        if not self.dirty or self.plot is None:
            return False
        self.dirty = False
        ind, region, window_s = self.indicator, self.region, self.window_s
        shown = self.series

        def job(reader):
            return chart_series(ind, reader.history(ind.id, region), window_s, now, shown)

        self.hub.compute(self._key, job, self.show)
        return True

    def show(self, series: Series | None) -> bool:
        """Draw ``series`` (on the GUI thread); None, or the series already shown: nothing to redraw."""
        if series is None or self.plot is None:
            return False
        self.series = series
        self.x, self.y, self.partial = series.x, series.y, series.partial
        self.forecast, self.forecast_x, self.risk = series.forecast, series.forecast_x, series.risk
        self._loaded = True
        self._apply()
        if self.changed is not None:
            self.changed()
        return True

    def set_rect(self, rect: QRectF) -> None:
        """Place the chart in ``rect`` (host-local coordinates)."""
        if rect == self.rect:
            return
        self.rect = QRectF(rect)
        self._px = max(float(style.MIN_TEXT_PX), min(38.0, rect.height() * 0.038))
        self._apply()

    @property
    def has_data(self) -> bool:
        return len(self.x) > 0 or self.partial is not None

    def dispose(self) -> None:
        self.hub.forget(self._key)
        plot, self.plot = self.plot, None
        if plot is None:
            return
        # the view box's signals first: pyqtgraph's close() leaves them connected, and a range change still queued
        # (a view replaced by a meeting's next item) then called into the closed plot's axes and buttons (None)
        with contextlib.suppress(RuntimeError, TypeError):
            plot.vb.sigStateChanged.disconnect(plot.viewStateChanged)
        for axis in (plot.axes or {}).values():
            with contextlib.suppress(RuntimeError, TypeError):
                axis["item"].unlinkFromView()
        if plot.scene() is not None:
            plot.close()  # pyqtgraph's own teardown: axes and view box out before the scene lets go of them
            plot.scene().removeItem(plot)
        else:
            plot.setParentItem(None)

    def _ahead(self, x: np.ndarray, n: int) -> np.ndarray:
        """Times of the next ``n`` periods after the last of ``x``."""
        return ahead(self.indicator.period, x, n)

    def target_value(self) -> tuple[float, str] | None:
        """The target line's value and label, or None (see the module docstring)."""
        level = target_level(self.indicator)
        if level is None:
            return None
        return level, tr("Mục tiêu %1") if self.indicator.aggregation != "sum" else tr("BQ kế hoạch %1")

    def _refs(self) -> list[tuple[str, float, str, QColor]]:
        """The reference lines: key, value, label, colour (the value range, from the model, holds those near)."""
        ind = self.indicator
        refs: list[tuple[str, float, str, QColor]] = []
        for key, value, colour in (("warning", ind.warning, style.WARNING), ("critical", ind.critical, style.CRITICAL)):
            if value is not None:
                word = tr("Cảnh báo %1") if key == "warning" else tr("Nghiêm trọng %1")
                refs.append((key, float(value), word, colour))
        target = self.target_value()
        if target is not None:
            refs.append(("target", target[0], target[1], style.OK))
        return refs

    # -- drawing ---------------------------------------------------------------------------------------------
    def _apply(self) -> None:
        """Lay out and fill every item from the data loaded and the rect; cheap, no item is created."""
        if self.plot is None or self.rect.isEmpty():
            return
        r, px = self.rect, self._px
        self._backdrop.setRect(r)
        pad = px * 0.5
        top = r.top() + pad
        if self._title is not None:
            title_font = style.font(px * 1.15, bold=True)
            self._title.setFont(title_font)
            fm = QFontMetricsF(title_font)
            self._title.setText(fm.elidedText(self._full_title, Qt.TextElideMode.ElideRight, r.width() - 2 * pad))
            self._title.setPos(r.left() + pad, top)
            top += fm.height() + pad * 0.5
        if not self.has_data:
            self.plot.hide()
            for label in (*self.labels.values(), *self.point_labels):
                label.hide()
            self._empty.setFont(style.font(px * 1.5))
            box = self._empty.boundingRect()
            self._empty.setPos(r.center().x() - box.width() / 2, (top + r.bottom()) / 2 - box.height() / 2)
            self._empty.show()
            return
        self._empty.hide()
        self.plot.show()
        tick_font = style.font(px)
        fm = QFontMetricsF(tick_font)
        if self.left.style["tickFont"] != tick_font:  # each setStyle re-lays the axis labels out: only on change
            for ax in (self.left, self.bottom):
                ax.setStyle(tickFont=tick_font, tickTextOffset=int(px * 0.4))
        series = self.series
        y0, y1 = series.y_range
        refs = self._refs()
        self.left.integer = series.integer
        # The value axis is as wide as its widest label, fixed: the plot does not shift as the figures change.
        ticks = self.left.tickValues(y0, y1, r.height())
        strings = self.left.tickStrings(ticks[0][1], 1, ticks[0][0]) if ticks else []
        axis_w = max([fm.horizontalAdvance(s) for s in strings] + [fm.horizontalAdvance("000")]) + px * 0.6
        self.left.setWidth(int(axis_w))
        self.bottom.setHeight(int(fm.height() + px * 0.5))
        plot_rect = QRectF(r.left() + pad * 0.5, top, r.width() - pad * 1.5, r.bottom() - pad - top)
        self.plot.setGeometry(plot_rect)
        vb_w = max(10.0, plot_rect.width() - int(axis_w))
        vb_h = max(10.0, plot_rect.height() - int(fm.height() + px * 0.5))

        # Labels at the right, in a margin of their own beyond the last time (none overlap the lines).
        spec = [(key, value, label.replace("%1", fmt.value(value, self.indicator.unit)), colour)
                for key, value, label, colour in refs if y0 <= value <= y1]
        if self.forecast is not None:
            spec.append(("forecast", float(self.forecast.values[-1]), tr("Dự báo"), FORECAST))
        if self.partial is not None:
            spec.append(("partial", self.partial[1], tr("Tạm tính %1").replace(
                "%1", fmt.value(self.partial[1], self.indicator.unit)), LINE))
        label_w = max([fm.horizontalAdvance(s[2]) for s in spec] + [0.0])
        margin = label_w + px * 0.6 if spec else px * 0.5
        x_start, x_end = series.x_range
        per_px = (x_end - x_start) / max(10.0, vb_w - margin - px * 0.5)
        x0, x1 = x_start - px * 0.5 * per_px, x_end + margin * per_px
        self.bottom.last = x_end
        self.vb.setRange(xRange=(x0, x1), yRange=(y0, y1), padding=0, update=True, disableAutoRange=True)

        self._draw_zones(y0, y1, x0, x1, x_end + px * 0.15 * per_px)
        points_only = series.mark == "points"  # too few values for a line: each point with its value
        self.curve.setData(*((np.empty(0), np.empty(0)) if points_only else (self.x, self.y)), skipFiniteCheck=True)
        self.last_point.setData(self.x if points_only else self.x[-1:], self.y if points_only else self.y[-1:],
                                size=26 if points_only else 18)
        self.partial_point.setData(*([[self.partial[0]], [self.partial[1]]] if self.partial else [[], []]))
        if self.forecast is not None:
            fc = self.forecast
            ax = np.concatenate([self.x[-1:], self.forecast_x])
            self.forecast_curve.setData(ax, np.concatenate([self.y[-1:], fc.values]), skipFiniteCheck=True)
            lower = np.clip(np.concatenate([self.y[-1:], fc.lower]), y0, y1)
            upper = np.clip(np.concatenate([self.y[-1:], fc.upper]), y0, y1)
            self.band.setPolygon(QPolygonF([QPointF(a, b) for a, b in zip(ax, upper, strict=True)]
                                           + [QPointF(a, b) for a, b in zip(ax[::-1], lower[::-1], strict=True)]))
        self.forecast_curve.setVisible(self.forecast is not None)
        self.band.setVisible(self.forecast is not None)
        self._place_labels(spec, plot_rect.left() + int(axis_w) + (x_end - x0) / per_px + px * 0.3,
                           plot_rect.top(), vb_h, y0, y1, tick_font)
        plot_left = plot_rect.left() + int(axis_w)
        self._label_points(points_only, plot_left, plot_left + (x_end - x0) / per_px + px * 0.3, plot_rect.top(),
                           vb_h, x0, per_px, y0, y1)

    def _label_points(self, on: bool, left: float, right: float, top: float, vb_h: float, x0: float,
                      per_px: float, y0: float, y1: float) -> None:
        """Each point's value over it (under it when there is no room above), when drawn as points."""
        font = style.font(self._px * 1.25, bold=True)
        fm = QFontMetricsF(font)
        per_px_y = (y1 - y0) / vb_h
        for i, item in enumerate(self.point_labels):
            if not on or i >= len(self.x):
                item.hide()
                continue
            text = fmt.value(float(self.y[i]), self.indicator.unit)
            width = fm.horizontalAdvance(text)
            cx = left + (float(self.x[i]) - x0) / per_px
            cy = top + (y1 - float(self.y[i])) / per_px_y
            clear = 9 + self._px * 0.25  # beyond the point's marker
            y = cy - clear - fm.height() if cy - clear - fm.height() >= top else cy + clear
            item.setFont(font)
            item.setText(text)
            item.setPos(min(max(cx - width / 2, left), max(left, right - width)), y)
            item.show()

    def _draw_zones(self, y0: float, y1: float, x0: float, x1: float, x_lines: float) -> None:
        ind = self.indicator
        below = ind.direction == "higher_better"  # the bad side, as Indicator.status judges
        edge = y0 if below else y1
        zones = {"warning": None, "critical": None}
        if ind.critical is not None:
            zones["critical"] = (edge, float(ind.critical))
        if ind.warning is not None:
            zones["warning"] = (float(ind.critical) if ind.critical is not None else edge, float(ind.warning))
        for key, band, line in (("warning", self.warning_band, self.warning_line),
                                ("critical", self.critical_band, self.critical_line)):
            zone = zones[key]
            if zone is None:
                band.hide()
                line.hide()
                continue
            a, b = max(y0, min(zone)), min(y1, max(zone))
            band.setVisible(b > a)
            if b > a:
                band.setRect(QRectF(x0, a, x1 - x0, b - a))
            line.setData([x0, x_lines], [zone[1], zone[1]], skipFiniteCheck=True)
            line.setVisible(y0 < zone[1] < y1)
        target = self.target_value()
        self.target_line.setVisible(target is not None and y0 < target[0] < y1)
        if target is not None:
            self.target_line.setData([x0, x_lines], [target[0], target[0]], skipFiniteCheck=True)

    def _place_labels(self, spec, left: float, top: float, vb_h: float, y0: float, y1: float, font) -> None:
        """Direct labels by their lines (host coordinates), pushed apart so that none covers another."""
        per_px = (y1 - y0) / vb_h
        gap = self._px * 1.3
        wanted = sorted(((y1 - value) / per_px, key, text, colour) for key, value, text, colour in spec)
        placed: list[float] = []
        for pos, *_ in wanted:
            placed.append(max(pos, gap * 0.55, placed[-1] + gap if placed else -1e9))
        if placed and placed[-1] > vb_h - gap * 0.55:  # pushed past the bottom: push the stack back up
            placed[-1] = vb_h - gap * 0.55
            for i in range(len(placed) - 2, -1, -1):
                placed[i] = min(placed[i], placed[i + 1] - gap)
        shown = set()
        height = QFontMetricsF(font).height()
        for pos, (_, key, text, colour) in zip(placed, wanted, strict=True):
            item = self.labels[key]
            item.setFont(font)
            item.setText(text)
            item.setBrush(colour)
            item.setPos(left, top + pos - height / 2)
            item.show()
            shown.add(key)
        for key, item in self.labels.items():
            if key not in shown:
                item.hide()


class ChartView(DataView):
    """A region showing one indicator: header (name, unit, latest value and status, data as of) over its chart."""

    HEADER = 0.17  # of the height

    def __init__(self, region, view, context):
        super().__init__(region, view, context)
        self.indicator: Indicator = self.hub.catalogue.indicators[view["indicator"]]
        self.area = view.get("region") or PROVINCE
        self.panel = ChartPanel(self, self.hub, self.indicator.id, self.area, view.get("days"), title=False,
                                changed=self.update)
        self.panel.refresh(self.hub.clock())
        self.head: tuple | None = None  # (tile, reading's time): the header's model, built on the worker
        self._key = ("chart-head", id(self))
        self._request()

    def shows(self, indicators: set[str]) -> bool:
        return self.indicator.id in indicators

    def _data_changed(self, indicators: set[str]) -> None:
        if self.shows(indicators):
            self.panel.mark(indicators)
            self.panel.refresh(self.hub.clock())
            self._request()

    def _minute_passed(self) -> None:  # ages and staleness read in minutes
        self._request()

    def _request(self) -> None:
        ind, area, now, lang = self.indicator, self.area, self._now.timestamp(), style.LANGUAGE

        def job(reader):
            reading = reader.reading(ind.id, area)
            return make_tile(ind, reading, now, lang), None if reading is None else reading.observed_at

        self.hub.compute(self._key, job, self._take_head)

    def _take_head(self, head: tuple) -> None:
        if head != self.head:
            self.head = head
            self.update()

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        r = self.rect()
        head = r.height() * self.HEADER
        self.panel.set_rect(r.adjusted(0, head, 0, 0).adjusted(12, 12, -12, -12))

    def dispose(self) -> None:
        super().dispose()
        self.hub.forget(self._key)
        self.panel.dispose()

    def draw(self, painter: QPainter) -> None:
        r = self.rect()
        painter.fillRect(r, style.BACKGROUND)
        head = QRectF(r.left(), r.top(), r.width(), r.height() * self.HEADER)
        painter.fillRect(head, style.PANEL)
        if self.head is None:  # until the worker's first model: the header's panel alone
            return
        tile, observed_at = self.head
        colour = QColor(style.STATUS_LOOK[tile.state][0])
        painter.fillRect(QRectF(head.left(), head.top(), max(8.0, head.height() * 0.06), head.height()), colour)
        pad = head.height() * 0.16
        inner = head.adjusted(pad * 1.4, pad * 0.6, -pad, -pad * 0.6)
        top = QRectF(inner.left(), inner.top(), inner.width(), inner.height() * 0.58)
        low = QRectF(inner.left(), top.bottom(), inner.width(), inner.height() - top.height())
        left_c = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        right_c = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter

        # Right: the figure and its unit, then the status (shape + word), as on the sector tiles.
        value = tile.value or ""  # without one, the status says "no data" (once is enough)
        value_font = style.font(top.height() * 0.8, bold=True)
        painter.setFont(style.font(top.height() * 0.42))
        unit_w = painter.fontMetrics().horizontalAdvance(" " + tile.unit) if tile.value else 0.0
        painter.setPen(style.TEXT_DIM)
        if tile.value:
            painter.drawText(top, right_c, tile.unit)
        painter.setFont(value_font)
        painter.setPen(style.TEXT if tile.value and tile.state != "stale" else style.TEXT_DIM)
        painter.drawText(top.adjusted(0, 0, -unit_w, 0), right_c, value)
        value_w = painter.fontMetrics().horizontalAdvance(value) + unit_w
        painter.setFont(style.font(low.height() * 0.62, bold=True))
        painter.setPen(colour)
        painter.drawText(low, right_c, tile.status)
        status_w = painter.fontMetrics().horizontalAdvance(tile.status)

        # Left: the name (shrunk, then elided), then unit, data-as-of time and the forecast's warning.
        painter.setPen(style.TEXT)
        name_w = top.width() - value_w - pad
        painter.setFont(style.fitting_font(tile.name, name_w, top.height() * 0.62, style.MIN_TEXT_PX, bold=True))
        painter.drawText(top, left_c, painter.fontMetrics().elidedText(tile.name, Qt.TextElideMode.ElideRight,
                                                                       int(name_w)))
        parts = [tile.unit] if tile.unit else []
        if observed_at is not None:
            moment = datetime.fromtimestamp(observed_at, fmt.TZ)
            parts.append(tr("số liệu đến %1").replace("%1", fmt.moment(moment)))
        if tile.changes:
            parts.append(tile.changes)
        risk = self.panel.risk
        painter.setFont(style.font(low.height() * 0.55))
        line_w = low.width() - status_w - pad
        text = "  ·  ".join(parts)
        painter.setPen(style.TEXT_DIM)
        painter.drawText(low, left_c, painter.fontMetrics().elidedText(text, Qt.TextElideMode.ElideRight, int(line_w)))
        if risk is not None:
            used = painter.fontMetrics().horizontalAdvance(text + "    ")
            message = risk.message_en if style.LANGUAGE == "en" else risk.message_vi
            look = style.STATUS_LOOK[risk.status.value]
            painter.setPen(QColor(look[0]))
            painter.drawText(low.adjusted(used, 0, 0, 0), left_c, painter.fontMetrics().elidedText(
                f"{look[1]} {message}", Qt.TextElideMode.ElideRight, int(max(0.0, line_w - used))))

