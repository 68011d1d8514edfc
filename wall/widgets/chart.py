"""Time-series charts of one indicator: its recent history, threshold zones, target, a forecast with its band and
its record, and the anomalies.

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
- The forecast is the indicator's outlook (ioc_core/forecasting: a model fitted to the history, chosen by its
  fit, and backtested over the last periods against repeating the previous season), computed off the GUI thread
  by the wall's forecasting worker or received from the hub, and kept in the data hub's ``outlooks``. It is drawn
  (a dashed line with its 95 % band) only when a leader can trust it: when the model beat the seasonal naive
  forecast in the backtest, and only from the data the chart shows (an outlook whose newest period is older than
  the chart's is not drawn ahead of newer data). A series too short, too gappy or flat to judge has no forecast
  and no risk. Its record is worded in the legend line above the plot, "Dự báo · sai số trung bình 3,2 % trong 12
  kỳ qua" (what a leader needs to weigh it), and its most serious risk ("72 % khả năng không đạt kế hoạch năm")
  in the header. The time axis and the forecast shown reach at most a third of the history's span ahead
  (ioc_core.views.series.fitted).
- Anomalies (values far outside what the model expected) within the window are ringed on the line, and the
  legend line says "○ Bất thường". The chart re-reads when its indicator's outlook changes.
- Counts (ioc_core.views.series.counts: a count unit, not averaged) get whole-number value ticks; every tick is
  in Vietnamese format. Fewer than three values are drawn as points with their values, no line: two points
  joined by a line would read as a trend. The axes are fitted on the worker; the GUI thread only draws.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import math
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPolygonF
from PySide6.QtWidgets import QGraphicsItem, QGraphicsPolygonItem, QGraphicsRectItem, QGraphicsSimpleTextItem

from ioc_core import fmt, lazy
from ioc_core.catalogue import Indicator
from ioc_core.indicators.observation import PROVINCE
from ioc_core.views import legibility
from ioc_core.views.series import (
    DAY,
    HORIZON,
    MIN_LINE_POINTS,
    MONTHS,
    UTC_OFFSET_S,
    WINDOW_S,
    Forecast,
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
from wall.runtime import first_paint
from wall.widgets import style
from wall.widgets.dataview import DataView

np = lazy.module("numpy")  # imported with the first series, not at the wall's start

if TYPE_CHECKING:
    from ioc_core.forecasting.outlook import RiskNote

log = logging.getLogger(__name__)

__all__ = ["DAY", "HORIZON", "WINDOW_S", "ChartPanel", "ChartView"]  # series and forecast: ioc_core.views.series

LINE = QColor("#5ac8fa")  # the "chart" kind colour: bright on the dark panel
FORECAST = QColor("#a8dcff")
ANOMALY = QColor("#ff6ad5")  # the anomalies' rings: no other line or zone of the chart has this colour
GRID = QColor("#2c3d5c")




def wrap(fm: QFontMetricsF, text: str, width: float, max_lines: int) -> list[str] | None:
    """``text`` broken between words into at most ``max_lines`` lines no wider than ``width``; None when it does
    not fit whole (a word wider than the line, or more lines needed)."""
    lines: list[str] = []
    for word in text.split():
        if lines and fm.horizontalAdvance(lines[-1] + " " + word) <= width:
            lines[-1] += " " + word
        elif fm.horizontalAdvance(word) <= width and len(lines) < max_lines:
            lines.append(word)
        else:
            return None
    return lines or None


def _alpha(colour: QColor, alpha: int) -> QColor:
    c = QColor(colour)
    c.setAlpha(alpha)
    return c


@functools.cache
def _plot_kit():
    """pyqtgraph and its items as the wall uses them, made the first time a plot is built: pyqtgraph (with numpy's
    and Qt's wrappers, about 0.15 s) is imported only by a wall that charts, and then after its first picture."""
    import pyqtgraph as pg

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
            """The most round ticks whose labels stand half a line apart, each whole inside the axis (pyqtgraph drops a
            label that would stick out past an end: a tick half a label from an end is never offered)."""
            if not (math.isfinite(minVal) and math.isfinite(maxVal)) or maxVal <= minVal or size <= 0:
                return []
            f = self.style["tickFont"]
            line = style.metrics(f if f else style.font(style.MIN_TEXT_PX)).height()
            per_px = (maxVal - minVal) / size
            lo, hi = minVal + line * 0.5 * per_px, maxVal - line * 0.5 * per_px
            if hi <= lo:
                return []
            for limit in range(max(1, int(size / (line * 1.5))), 0, -1):  # half a line clear between labels
                step, ticks = value_ticks(lo, hi, max(limit, 2), self.integer)
                if ticks and (len(ticks) == 1 or step / per_px >= line * 1.5):
                    return [(step, ticks)]
            return []

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
            fm = style.metrics(f if f else style.font(style.MIN_TEXT_PX))
            months = MONTHS.get(self.period, 0)
            finest = {"day": DAY, "week": 7 * DAY}.get(self.period, 0.0)
            per_s = size / (maxVal - minVal)  # pixels a second
            for step in (*_TIME_STEPS, -120):
                if (step > 0 and (months or step < finest)) or (step < 0 and -step < months):
                    continue
                sample = "0000" if step <= -12 else ("00/0000" if step < 0 else "00/00")
                width = fm.horizontalAdvance(sample) + fm.height() * 0.5  # a label and half a line's height
                # two neighbouring labels stand apart: the shortest step (a month is 28 days at least) is wide enough
                if (step if step > 0 else -step * 28 * DAY) * per_s >= width:
                    self._step = step
                    return [(abs(step) if step > 0 else -step * 30 * DAY,
                             self._ticks(minVal, min(maxVal, self.last), step))]
            return []  # not even a label a decade: none rather than labels over each other

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

    return pg, _NumberAxis, _DateAxis, _WallViewBox


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
        # history shown: epoch seconds, values (finite, oldest first); numpy arrays once a series is drawn (an empty
        # tuple until then: a chart's card imports no numpy before the wall's first picture)
        self.x = self.y = ()
        self.partial: tuple[float, float] | None = None  # a running total still under way
        self.forecast: Forecast | None = None
        self.forecast_x = ()
        self.risk: RiskNote | None = None
        self.accuracy: tuple[str, str] = ("", "")  # the forecast's record, Vietnamese and English
        self.anomalies_x = self.anomalies_y = ()
        self._px = float(style.MIN_TEXT_PX)
        self._labels_spec: list[tuple[str, float, str, QColor]] = []

        ind = self.indicator
        self._backdrop = QGraphicsRectItem(host)
        self._backdrop.setBrush(style.PANEL)
        self._backdrop.setPen(Qt.PenStyle.NoPen)
        self._title = QGraphicsSimpleTextItem(host) if title else None
        if self._title is not None:
            self._title.setBrush(style.TEXT)
        self._unit_suffix = f" ({ind.unit})" if ind.unit else ""
        self._full_title = (ind.name_en if style.LANGUAGE == "en" else ind.name_vi) + self._unit_suffix
        self._axes = True  # whether the axes show their labels (not in a chart too small for them)
        self._empty = QGraphicsSimpleTextItem(tr("chưa có dữ liệu"), host)
        self._empty.setBrush(style.TEXT_DIM)
        self._empty.hide()

        self.plot = None  # pyqtgraph's plot and its items: built at once, or after the wall's first picture
        self.labels: dict[str, QGraphicsSimpleTextItem] = {}
        self.point_labels: list[QGraphicsSimpleTextItem] = []
        self.legend: dict[str, QGraphicsSimpleTextItem] = {}
        for key, colour in (("forecast", FORECAST), ("risk", style.TEXT), ("anomaly", ANOMALY)):
            self.legend[key] = QGraphicsSimpleTextItem(host)
            self.legend[key].setBrush(colour)
            self.legend[key].hide()
        self._disposed = False
        # the indicator's outlook (a province figure's): its news reaches the chart on the GUI thread (the data hub's
        # ``outlook_news``), and the chart re-reads
        self._outlooks = hub.outlooks if region == PROVINCE else None
        if self._outlooks is not None:
            hub.outlook_news.subscribe(self._outlook_changed)
        if not first_paint.later(self._build):  # until then, a card: the panel and its title
            self._build()

    def _build(self) -> None:
        """The plot and every item it draws, once; then laid out with what is loaded."""
        if self._disposed or self.plot is not None:
            return
        pg, number_axis, date_axis, view_box = _plot_kit()
        host = self.host
        # Created without a parent, then attached: a parent at construction crashes (AxisItem._updateHeight).
        self.left = number_axis("left")
        self.bottom = date_axis("bottom")
        self.bottom.period = self.indicator.period
        self.plot = pg.PlotItem(viewBox=view_box(enableMenu=False, enableMouse=False),
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
        self.anomaly_points = add(pg.ScatterPlotItem(size=34, symbol="o", pen=pg.mkPen(ANOMALY, width=5),
                                                     brush=pg.mkBrush(0, 0, 0, 0)), 12)
        # Direct labels are the host's plain text items: pg.TextItem needs pyqtgraph's own scene (it raises in
        # paint in a plain QGraphicsScene, and an exception in paint kills the process).
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
        self._apply()
        host.update()

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

    def _outlook_changed(self, indicators: set[str]) -> None:
        """(GUI thread.) New outlooks: when this chart's is among them, it re-reads."""
        if self.indicator.id in indicators and not self._disposed:
            self.dirty = True
            self.refresh(self.hub.clock())

    def refresh(self, now: float) -> bool:
        """When marked (and the first time): ask the worker to read the history and the indicator's outlook; the
        chart is redrawn when the series arrives and differs from the one shown (``show``). False: nothing asked."""
        if not self.dirty or self._disposed:
            return False
        self.dirty = False
        ind, region, window_s, outlooks = self.indicator, self.region, self.window_s, self._outlooks
        shown = self.series

        def job(reader):
            outlook = outlooks.get(ind.id) if outlooks is not None else None
            return chart_series(ind, reader.history(ind.id, region), window_s, now, shown, outlook)

        self.hub.compute(self._key, job, self.show)
        return True

    def show(self, series: Series | None) -> bool:
        """Draw ``series`` (on the GUI thread); None, or the series already shown: nothing to redraw."""
        if series is None or self._disposed:
            return False
        self.series = series
        self.x, self.y, self.partial = series.x, series.y, series.partial
        self.forecast, self.forecast_x, self.risk = series.forecast, series.forecast_x, series.risk
        self.accuracy, self.anomalies_x, self.anomalies_y = series.accuracy, series.anomalies_x, series.anomalies_y
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
        self.relayout()

    def relayout(self) -> None:
        """Lay the chart out again for the room's smallest legible text (after ``style.set_room``)."""
        self._px = float(style.MIN_TEXT_PX)
        self._apply()

    @property
    def has_data(self) -> bool:
        return len(self.x) > 0 or self.partial is not None

    def dispose(self) -> None:
        self.hub.forget(self._key)
        self._disposed = True
        if self._outlooks is not None:
            self.hub.outlook_news.unsubscribe(self._outlook_changed)
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
        """Lay out and fill every item from the data loaded and the rect; cheap, no item is created.

        The layout is planned in lines of the room's smallest legible text (``style.MIN_TEXT_PX``), never shrunk
        below it: the title whole on one or two lines (without its unit when that is what fits), then the plot
        with its axes when two value ticks and the time axis fit whole, then as many direct labels as fit beside
        the lines, the most important first. What does not fit is left out (the axes' labels before the title)."""
        if self._disposed or self.rect.isEmpty():
            return
        r, px = self.rect, self._px
        self._backdrop.setRect(r)
        tick_font = style.font(px)
        fm = style.metrics(tick_font)
        line = fm.height()
        pad = px * 0.3
        top = r.top() + pad
        inner_w = r.width() - 2 * pad
        axis_need = line * 3.2  # the time axis and two value ticks a label's height apart
        if self._title is not None:
            title_font = style.font(px, bold=True)
            tfm = style.metrics(title_font)
            lines: list[str] = []
            # on one or two lines over a plot with its axes; else on up to three over the curve alone; else none
            for most, plot_need in ((2, axis_need), (3, line)):
                room = int((r.height() - 2.5 * pad - plot_need) // tfm.height())
                lines = self._title_lines(tfm, inner_w, min(most, room)) if room >= 1 else []
                if lines:
                    break
            self._title.setFont(title_font)
            self._title.setText("\n".join(lines))
            self._title.setVisible(bool(lines))
            self._title.setPos(r.left() + pad, top)
            if lines:
                top += len(lines) * tfm.height() + pad * 0.5
        if self.plot is None:  # not built yet: the card (the panel and its title) alone
            return
        if not self.has_data:
            self.plot.hide()
            for label in (*self.labels.values(), *self.point_labels, *self.legend.values()):
                label.hide()
            self._empty.setFont(style.font(px * 1.5))
            box = self._empty.boundingRect()
            fits = box.width() <= inner_w and box.height() <= r.bottom() - top
            self._empty.setPos(r.center().x() - box.width() / 2, (top + r.bottom()) / 2 - box.height() / 2)
            self._empty.setVisible(fits)
            return
        self._empty.hide()
        self.plot.show()
        top = self._place_legend(r.left() + pad, top, inner_w, r.bottom() - pad - top - axis_need, tick_font, pad)
        axes = r.bottom() - pad - top >= axis_need  # too small for legible axes: the curve alone, unlabelled
        if self._axes != axes:
            self._axes = axes
            for ax in (self.left, self.bottom):
                ax.setStyle(showValues=axes)
        if self.left.style["tickFont"] != tick_font:  # each setStyle re-lays the axis labels out: only on change
            for ax in (self.left, self.bottom):
                ax.setStyle(tickFont=tick_font, tickTextOffset=int(px * 0.4))
        series = self.series
        y0, y1 = series.y_range
        refs = self._refs()
        self.left.integer = series.integer
        plot_rect = QRectF(r.left() + pad * 0.5, top, r.width() - pad * 1.5, max(10.0, r.bottom() - pad - top))
        bottom_h = int(line + px * 0.4) if axes else 2
        vb_h = max(10.0, plot_rect.height() - bottom_h)
        # The value axis is as wide as its widest label, fixed: the plot does not shift as the figures change.
        if axes:
            ticks = self.left.tickValues(y0, y1, vb_h)
            strings = self.left.tickStrings(ticks[0][1], 1, ticks[0][0]) if ticks else []
            axis_w = int(max([fm.horizontalAdvance(s) for s in strings] + [fm.horizontalAdvance("000")]) + px * 0.6)
        else:
            axis_w = 2
        self.left.setWidth(axis_w)
        self.bottom.setHeight(bottom_h)
        self.plot.setGeometry(plot_rect)
        vb_w = max(10.0, plot_rect.width() - axis_w)

        # Labels at the right, in a margin of their own beyond the last time (none overlap the lines): as many
        # as fit whole, the most important first, each in its full or short wording.
        spec = self._label_spec(refs, y0, y1)
        slots = int((vb_h - px * 0.2) // (px * 1.3)) if vb_h >= line else 0
        widest = max(0.0, (vb_w - px) * 0.5)  # the curve keeps half the width
        kept = [s for s in spec if fm.horizontalAdvance(s[2][-1]) <= widest][:slots]
        full = all(fm.horizontalAdvance(s[2][0]) <= widest for s in kept)  # all in full, or all short
        chosen = [(key, value, texts[0] if full else texts[-1], colour) for key, value, texts, colour, _ in kept]
        label_w = max([fm.horizontalAdvance(s[2]) for s in chosen] + [0.0])
        margin = label_w + px * 0.6 if chosen else px * 0.5
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
        self.anomaly_points.setData(*((self.anomalies_x, self.anomalies_y) if len(self.anomalies_x) and not points_only
                                      else ([], [])))
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
        plot_left = plot_rect.left() + axis_w
        self._place_labels(chosen, plot_left + (x_end - x0) / per_px + px * 0.3, plot_rect.top(), vb_h, y0, y1,
                           tick_font)
        self._label_points(points_only, plot_left, plot_left + (x_end - x0) / per_px + px * 0.3, plot_rect.top(),
                           vb_h, x0, per_px, y0, y1)

    def legend_texts(self) -> dict[str, list[str]]:
        """The legend's wording, each in its full then its short form (in the wall's language): the forecast's
        record ("Dự báo · sai số trung bình 3,2 % trong 24 kỳ qua", "Dự báo · sai số trung bình 3,2 %") when a
        forecast is drawn, its most serious risk ("↗ 72 % khả năng không đạt kế hoạch năm"), and "○ Bất thường"
        when an anomaly is ringed."""
        en = style.LANGUAGE == "en"
        out = {}
        record = self.accuracy[1] if en else self.accuracy[0]
        if self.forecast is not None and record:
            short = record.split(" over ")[0] if en else record.split(" trong ")[0]
            forecast = tr("Dự báo")
            out["forecast"] = [f"{forecast} · {record}", f"{forecast} · {short}"]
        if self.risk is not None:
            out["risk"] = [f"↗ {self.risk.message_en if en else self.risk.message_vi}"]
        if len(self.anomalies_x) and len(self.x) >= MIN_LINE_POINTS:
            anomaly = tr("Bất thường")
            out["anomaly"] = [f"○ {anomaly}"]
        return out

    def _place_legend(self, left: float, top: float, width: float, room: float, font, pad: float) -> float:
        """The legend above the plot, from ``top``, in the ``room`` the plot can spare while it keeps its axes, the
        most important first: the record (whole on one line, else on two, else its short form), the risk (on one
        or two lines), the anomalies' key (after the line before it when it fits there). Each whole or not at all.
        Returns where the plot begins."""
        fm = style.metrics(font)
        line = fm.height()
        texts = self.legend_texts()
        y, end = top, left
        gap = fm.horizontalAdvance("   ")
        for key, item in self.legend.items():
            forms = texts.get(key, [])
            if key == "risk" and self.risk is not None:
                item.setBrush(QColor(style.STATUS_LOOK[self.risk.severity][0]) if self.risk.severity else style.TEXT)
            chosen = None
            if key == "anomaly" and forms and y > top and end + gap + fm.horizontalAdvance(forms[0]) <= left + width:
                item.setFont(font)
                item.setText(forms[0])
                item.setPos(end + gap, y - line)  # on the last line of the one before
                item.show()
                continue
            fits = int(room // line)
            for n, text in [(1, t) for t in forms[:1]] + [(2, t) for t in forms[:1]] + [(1, t) for t in forms[1:]]:
                lines = wrap(fm, text, width, min(n, fits)) if key != "anomaly" or n == 1 else None
                if lines:
                    chosen = lines
                    break
            if not chosen:
                item.hide()
                continue
            item.setFont(font)
            item.setText("\n".join(chosen))
            item.setPos(left, y)
            item.show()
            y += len(chosen) * line
            room -= len(chosen) * line
            end = left + fm.horizontalAdvance(chosen[-1])
        return y + pad * 0.5 if y > top else top

    def _title_lines(self, fm: QFontMetricsF, width: float, max_lines: int) -> list[str]:
        """The title on the fewest lines (at most ``max_lines``) it fits whole on, broken between words; without
        its unit in brackets when only that fits; none when neither does."""
        name = self._full_title[: len(self._full_title) - len(self._unit_suffix)] if self._unit_suffix else ""
        for n in range(1, max_lines + 1):
            for text in (self._full_title, name):
                lines = wrap(fm, text, width, n) if text else None
                if lines:
                    return lines
        return []

    def _label_spec(self, refs, y0: float, y1: float) -> list[tuple[str, float, tuple[str, ...], QColor, int]]:
        """The direct labels wanted, most important first: a threshold the latest value (or the forecast)
        crossed, the forecast, the running total, then the other references (the warning, nearer, first). Each
        with its full and short wording (the figure alone: the line's colour says which it is)."""
        ind, unit = self.indicator, self.indicator.unit
        latest = float(self.y[-1]) if len(self.y) else (self.partial[1] if self.partial else None)
        ahead_v = float(self.forecast.values[-1]) if self.forecast is not None else None

        def crossed(value: float) -> bool:
            bad = (lambda v: v < value) if ind.direction == "higher_better" else (lambda v: v > value)
            return any(v is not None and bad(v) for v in (latest, ahead_v))

        out = []
        for key, value, label, colour in refs:
            if not y0 <= value <= y1:
                continue
            figure = fmt.value(value, unit)
            rank = 0 if key == "critical" and crossed(value) else 1 if key == "warning" and crossed(value) else \
                {"warning": 4, "critical": 5, "target": 6}.get(key, 7)
            out.append((key, value, (label.replace("%1", figure), figure), colour, rank))
        if self.forecast is not None:
            out.append(("forecast", float(self.forecast.values[-1]), (tr("Dự báo"),), FORECAST, 2))
        if self.partial is not None:
            figure = fmt.value(self.partial[1], unit)
            out.append(("partial", self.partial[1], (tr("Tạm tính %1").replace("%1", figure), figure), LINE, 3))
        return sorted(out, key=lambda s: s[4])

    def _label_points(self, on: bool, left: float, right: float, top: float, vb_h: float, x0: float,
                      per_px: float, y0: float, y1: float) -> None:
        """Each point's value over it (under it when there is no room above), when drawn as points."""
        font = style.font(self._px * 1.25, bold=True)
        fm = style.metrics(font)
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
        height = style.metrics(font).height()
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
    paints_background = True  # draw() fills its whole rectangle first (ViewItem.covers)

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

    def _header_h(self) -> float:
        """The header: two lines of the smallest legible text (name and figure, then status and notes) when the
        chart below keeps room for its axes, one line otherwise; a sixth of the height in a large region."""
        r = self.rect()
        line = style.line_px()
        two = 2 * line * 1.08 + line * 0.3
        one = line * 1.08 + line * 0.3
        head = two if r.height() - two >= line * 5 else one
        return min(r.height(), max(head, r.height() * self.HEADER))

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._layout()

    def _layout(self) -> None:
        r = self.rect()
        self.panel.set_rect(r.adjusted(0, self._header_h(), 0, 0).adjusted(12, 8, -12, -8))

    def room_changed(self) -> None:
        self._layout()
        self.panel.relayout()
        super().room_changed()

    def dispose(self) -> None:
        super().dispose()
        self.hub.forget(self._key)
        self.panel.dispose()

    def draw(self, painter: QPainter) -> None:
        r = self.rect()
        painter.fillRect(r, style.BACKGROUND)
        head = QRectF(r.left(), r.top(), r.width(), self._header_h())
        painter.fillRect(head, style.PANEL)
        if self.head is None:  # until the worker's first model: the header's panel alone
            return
        tile, observed_at = self.head
        colour = QColor(style.STATUS_LOOK[tile.state][0])
        painter.fillRect(QRectF(head.left(), head.top(), max(8.0, head.height() * 0.06), head.height()), colour)
        line = style.line_px()
        pad = line * 0.15
        inner = head.adjusted(pad * 2 + 8, pad, -pad * 2, -pad)
        rows = max(1, min(2, int(inner.height() // line)))
        row_h = inner.height() / rows
        row = [QRectF(inner.left(), inner.top() + i * row_h, inner.width(), row_h) for i in range(rows)]
        left_c = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        right_c = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        gap = line * 0.4
        size = max(float(style.MIN_TEXT_PX), row_h / legibility.LINE_PER_FONT_PX * 0.95)
        small, bold = style.font(size), style.font(size, bold=True)

        # Right: the figure and its unit, then the status (shape + word), as on the sector tiles.
        value = tile.value or ""  # without one, the status says "no data" (once is enough)
        painter.setFont(small)
        unit_w = painter.fontMetrics().horizontalAdvance(" " + tile.unit) if tile.value and tile.unit else 0.0
        painter.setPen(style.TEXT_DIM)
        if unit_w:
            painter.drawText(row[0], right_c, tile.unit)
        painter.setFont(bold)
        painter.setPen(style.TEXT if tile.value and tile.state != "stale" else style.TEXT_DIM)
        painter.drawText(row[0].adjusted(0, 0, -unit_w, 0), right_c, value)
        value_w = painter.fontMetrics().horizontalAdvance(value) + unit_w
        status_w = 0.0
        if rows == 2 or not value:  # one line: the figure, or the status when there is none
            target = row[-1] if rows == 2 else row[0]
            status_w = style.metrics(bold).horizontalAdvance(tile.status)
            if status_w <= target.width() * 0.6:
                painter.setPen(colour)
                painter.drawText(target, right_c, tile.status)
            else:
                status_w = 0.0

        # Left: the name, whole (on two lines when one is too short), then what there is room for of the data's
        # time and the changes, each whole or not at all, in that order (the forecast's risk is in the chart's
        # legend, under its record: it needs a line of its own).
        fm = style.metrics(bold)
        widths = [row[0].width() - value_w - gap] + ([row[1].width() - status_w - gap] if rows == 2 else [])
        name = wrap(fm, tile.name, widths[0], 1) or (wrap(fm, tile.name, min(widths), 2) if rows == 2 else None)
        painter.setPen(style.TEXT)
        painter.setFont(bold)
        for i, text in enumerate(name or []):
            painter.drawText(row[i], left_c, text)
        if rows < 2 or (name and len(name) > 1):
            return
        parts: list[tuple[str, QColor]] = []
        if observed_at is not None:
            moment = datetime.fromtimestamp(observed_at, fmt.TZ)
            parts.append((tr("số liệu đến %1").replace("%1", fmt.moment(moment)), style.TEXT_DIM))
        parts += [(change, style.TEXT_DIM) for change in tile.changes.split("   ") if change.strip()]
        sm = style.metrics(small)
        painter.setFont(small)
        x, room, sep = row[1].left(), widths[1], sm.horizontalAdvance("  ·  ")
        for text, pen in parts:
            w = sm.horizontalAdvance(text)
            lead = sep if x > row[1].left() else 0.0
            if lead + w > room:
                continue
            if lead:
                painter.setPen(style.TEXT_DIM)
                painter.drawText(QRectF(x, row[1].top(), lead, row[1].height()), left_c, "  ·  ")
            painter.setPen(pen)
            painter.drawText(QRectF(x + lead, row[1].top(), w + 2, row[1].height()), left_c, text)
            x += lead + w
            room -= lead + w
