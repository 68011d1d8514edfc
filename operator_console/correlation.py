"""The "Tương quan" window: two indicators chosen by their Vietnamese names, a lag limit, and "Tính"; the wall answers
GET /api/v1/correlation (ioc_core/forecasting/correlation.py computes it on the wall's API thread), and the window
draws r by lag as bars with each lag's 95 % band shaded and the strongest lag highlighted, then the words and their
caveats below. Every call runs on the console's workers; a refusal or an unreachable wall is said in the window."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
)

from operator_console.client import Answer
from operator_console.preview import tr
from operator_console.toolkit import call_for, problem_label

DEFAULT_LAG, MAX_LAG = 12, 60  # as the wall's GET /correlation takes them (ioc_core/api/routes.py)
BAR = QColor("#90a4ae")
BEST = QColor("#d32f2f")  # the strongest lag
BAND = QColor(33, 150, 243, 60)  # each lag's 95 % band: bars inside it are what chance gives


def _english() -> bool:
    app = QCoreApplication.instance()
    return app is not None and app.property("language") == "en"  # set by app.install_language


def searchable(combo: QComboBox) -> None:
    """An editable combo box whose typing finds any name containing the words typed (not only its beginning)."""
    combo.setEditable(True)
    combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    completer = combo.completer()
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)


class CorrelationDialog(QDialog):
    """``client``: the chosen wall's WallClient; ``background(fn, on_done)``: the console's worker pool."""

    def __init__(self, client, background, parent=None):
        super().__init__(parent)
        self.client, self.background = client, background
        self.setWindowTitle(tr("Tương quan giữa hai chỉ tiêu"))
        self.answer: dict | None = None  # the wall's last answer, as drawn
        self.bars: pg.BarGraphItem | None = None
        self.band: pg.FillBetweenItem | None = None
        self.pick_a, self.pick_b = QComboBox(), QComboBox()
        for combo in (self.pick_a, self.pick_b):
            searchable(combo)
            combo.setMinimumWidth(380)
        self.lag = QSpinBox()
        self.lag.setRange(0, MAX_LAG)
        self.lag.setValue(DEFAULT_LAG)
        self.lag.setSuffix(tr(" kỳ"))
        self.compute_button = QPushButton(tr("Tính"))
        self.compute_button.setEnabled(False)  # until the indicators are in
        self.compute_button.clicked.connect(self.compute)
        form = QFormLayout()
        form.addRow(tr("Chỉ tiêu thứ nhất (A)"), self.pick_a)
        form.addRow(tr("Chỉ tiêu thứ hai (B)"), self.pick_b)
        row = QHBoxLayout()
        row.addWidget(self.lag)
        row.addStretch(1)
        row.addWidget(self.compute_button)
        form.addRow(tr("Độ trễ tối đa"), row)
        self.status = QLabel(tr("Đang tải danh sách chỉ tiêu…"))
        self.error = problem_label()
        self.plot = pg.PlotWidget(background="w")
        self.plot.setMinimumHeight(260)
        self.plot.setLabel("bottom", tr("Độ trễ (kỳ; dương: B đi sau A)"))
        self.plot.setLabel("left", "r")
        self.plot.setYRange(-1, 1)
        self.plot.showGrid(y=True, alpha=0.3)
        self.summary = QLabel("")
        self.summary.setWordWrap(True)
        self.summary.setStyleSheet("font-weight: bold;")
        self.caveats = QLabel("")
        self.caveats.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.status)
        layout.addWidget(self.error)
        layout.addWidget(self.plot, 1)
        layout.addWidget(self.summary)
        layout.addWidget(self.caveats)
        self.resize(720, 620)
        call_for(self, background, lambda: client.call("GET", "/views"), self._got_views)

    # -- the indicators ------------------------------------------------------------------------------------------
    def _got_views(self, a: Answer) -> None:
        if not a.ok or not isinstance(a.body, dict):
            self.status.setText("")
            self._say(tr("Không tải được danh sách chỉ tiêu: %1").replace("%1", a.reason()))
            return
        names = sorted(((v.get("title") or v["indicator"], v["indicator"]) for v in a.body.get("views", [])
                        if v.get("kind") == "chart" and v.get("indicator")), key=lambda t: t[0].casefold())
        for combo in (self.pick_a, self.pick_b):
            combo.clear()
            for title, ind in names:
                combo.addItem(title, ind)
        if len(names) > 1:
            self.pick_b.setCurrentIndex(1)
        self.status.setText("")
        self.compute_button.setEnabled(len(names) > 1)

    def choose(self, a: str, b: str) -> None:
        """Picks indicators ``a`` and ``b`` by id (what an operator does by name)."""
        for combo, ind in ((self.pick_a, a), (self.pick_b, b)):
            i = combo.findData(ind)
            if i >= 0:
                combo.setCurrentIndex(i)

    def _chosen(self, combo: QComboBox) -> str | None:
        """The indicator whose name is in the box (typed in full or picked), else None."""
        i = combo.findText(combo.currentText().strip(), Qt.MatchFlag.MatchFixedString)
        return combo.itemData(i) if i >= 0 else None

    # -- asking the wall ---------------------------------------------------------------------------------------------
    def compute(self) -> None:
        a, b = self._chosen(self.pick_a), self._chosen(self.pick_b)
        if a is None or b is None:
            self._say(tr("Chọn hai chỉ tiêu trong danh sách"))
            return
        if a == b:
            self._say(tr("Chọn hai chỉ tiêu khác nhau"))
            return
        self._say("")
        self.compute_button.setEnabled(False)
        self.status.setText(tr("Đang tính…"))
        params = {"a": a, "b": b, "max_lag": self.lag.value()}
        call_for(self, self.background, lambda: self.client.call("GET", "/correlation", params=params), self._got)

    def _got(self, a: Answer) -> None:
        self.compute_button.setEnabled(True)
        self.status.setText("")
        if not a.ok or not isinstance(a.body, dict):
            self._say(tr("Không tính được tương quan: %1").replace("%1", a.reason()))
            return
        try:
            self.show_answer(a.body)
        except (KeyError, TypeError, ValueError) as exc:  # an answer this console cannot read: said, not a crash
            self._say(tr("Không tính được tương quan: %1").replace("%1", f"{type(exc).__name__}: {exc}"))

    def _say(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))

    # -- drawing -------------------------------------------------------------------------------------------------
    def show_answer(self, doc: dict) -> None:
        en = _english()
        lags = [int(k) for k in doc["lags"]]
        rs = [None if r is None else float(r) for r in doc["r"]]
        bounds = [None if v is None else float(v) for v in doc["bound"]]
        self.plot.clear()
        self.bars = self.band = None
        self.answer = doc
        if lags:
            best = doc.get("best_lag")
            brushes = [pg.mkBrush(BEST if k == best else BAR) for k in lags]
            self.bars = pg.BarGraphItem(x=lags, height=[r or 0.0 for r in rs], width=0.7, brushes=brushes,
                                        pen=pg.mkPen(None))
            xs = [x for k in lags for x in (k - 0.5, k + 0.5)]
            up = [b or 0.0 for b in bounds for _ in (0, 1)]
            upper = pg.PlotDataItem(xs, up, pen=pg.mkPen(BAND.darker(150), width=1))
            lower = pg.PlotDataItem(xs, [-v for v in up], pen=pg.mkPen(BAND.darker(150), width=1))
            self.band = pg.FillBetweenItem(upper, lower, brush=pg.mkBrush(BAND))
            for item in (self.band, upper, lower, self.bars):
                self.plot.addItem(item)
            self.plot.addLine(y=0, pen=pg.mkPen("#455a64"))
            self.plot.setXRange(lags[0] - 0.6, lags[-1] + 0.6)
            self.plot.setYRange(-1, 1)
        self.summary.setText(doc["summary_en" if en else "summary_vi"])
        self.caveats.setText("\n".join(f"• {c}" for c in doc["caveats_en" if en else "caveats_vi"]))
