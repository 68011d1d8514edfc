"""The technician's layout editor: the wall drawn with its screens and bezels, the layout's grid over it, regions
drawn by dragging over cells, moved, resized, named and given a view; every edit checked with the wall's own code
(``ioc_core.layouts.validate.parse_layout``) before it is made, so an edit that would make an invalid layout is refused
with the loader's message at the place of the problem. Undo and redo; save to the wall (the technician's token),
save as a new layout, export to and import from a file.

A save names the revision the layout was read at: a colleague who saved in between is not overwritten unless the
technician says so, and the editor's work is never lost to a refusal or a failed save.
"""

from __future__ import annotations

import copy
import re
import unicodedata
from pathlib import Path

from PySide6.QtCore import QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QPainter, QPen, QUndoCommand, QUndoStack
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from ioc_core.jsonfile import read_json
from ioc_core.layouts.migrate import migrate
from ioc_core.layouts.saved_layouts import layout_bytes
from ioc_core.layouts.schema import MAX_GRID, SCHEMA_VERSION
from ioc_core.layouts.validate import bezel_warnings, check_regions, parse_layout
from ioc_core.problems import InvalidFile, Problem, Severity
from ioc_core.setup.geometry import Rect, WallGeometry
from operator_console.client import Answer
from operator_console.preview import bare_view, tr, view_label, view_titles
from operator_console.problem_text import describe, describe_named, describe_refusal
from operator_console.toolkit import call_for, problem_label

_REGION_PATH = re.compile(r"^\$\.regions\[(\d+)\]")
_ID = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
_COLOURS = ["#1f6feb", "#2ea043", "#a371f7", "#d29922", "#db6d28", "#3fb950", "#58a6ff", "#bc8cff", "#f0883e"]
EDGE_PX = 7  # how near a region's edge a press resizes it rather than moves it


def slug(title: str) -> str:
    """A layout's id made from its Vietnamese name: without accents (đ as d), lower case, words joined by '-'
    ("Giao ban sáng thứ Hai" -> "giao-ban-sang-thu-hai"); '' when nothing is left."""
    plain = unicodedata.normalize("NFD", title.replace("đ", "d").replace("Đ", "D"))
    plain = "".join(ch for ch in plain if not unicodedata.combining(ch)).lower()
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-")[:64].strip("-")


def new_document(layout_id: str, title: str, rows: int, cols: int) -> dict:
    return {"schema_version": SCHEMA_VERSION, "id": layout_id, "title": {"vi": title},
            "grid": {"rows": rows, "cols": cols}, "regions": []}


def region_at(doc: dict, row: int, col: int) -> int | None:
    for i, reg in enumerate(doc["regions"]):
        (r0, c0), (nr, nc) = reg["cell"], reg.get("span", [1, 1])
        if r0 <= row < r0 + nr and c0 <= col < c0 + nc:
            return i
    return None


def covered_cells(doc: dict) -> set[tuple[int, int]]:
    out = set()
    for reg in doc["regions"]:
        (r0, c0), (nr, nc) = reg["cell"], reg.get("span", [1, 1])
        out.update((r, c) for r in range(r0, r0 + nr) for c in range(c0, c0 + nc))
    return out


def check(doc: dict, geometry: WallGeometry | None = None) -> tuple[list[Problem], list[Problem]]:
    """(errors, warnings) of a document, by the wall's own loader. A layout with no region yet is being drawn:
    no error, but it cannot be saved (``not doc["regions"]``)."""
    if not doc["regions"]:
        return [], []
    try:
        layout, warnings = parse_layout(copy.deepcopy(doc), doc.get("id") or "layout")
    except InvalidFile as exc:
        return [p for p in exc.problems if p.severity == Severity.ERROR], []
    if geometry is not None:
        warnings = [*warnings, *bezel_warnings(layout, geometry)]
    return [], warnings


def _free_id(doc: dict) -> str:
    taken = {r["id"] for r in doc["regions"]}
    n = 1
    while f"vung-{n}" in taken:
        n += 1
    return f"vung-{n}"


class DocChange(QUndoCommand):
    """One edit: the whole document before and after (a layout is a few kilobytes)."""

    def __init__(self, editor: LayoutEditor, before: dict, after: dict, text: str):
        super().__init__(text)
        self.editor, self.before, self.after = editor, before, after

    def redo(self) -> None:
        self.editor.set_doc(copy.deepcopy(self.after))

    def undo(self) -> None:
        self.editor.set_doc(copy.deepcopy(self.before))


class WallCanvas(QWidget):
    """The wall as the technician sees it: screens with bezel gaps, the grid, regions, cells no region covers."""

    selected = Signal(object)  # a region's index, or None

    def __init__(self, editor: LayoutEditor):
        super().__init__(editor)
        self.editor = editor
        self.setMinimumSize(480, 300)
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.selection: int | None = None
        self._drag: dict | None = None  # {"mode": draw|move|resize, ...}
        self.candidate: tuple[int, int, int, int] | None = None  # (row, col, rows, cols) while dragging
        self.candidate_problem = ""
        self.marks: dict[int, str] = {}  # region index -> the wall's or the loader's message, drawn on it
        self.refusal: tuple[QRectF, str] | None = None  # the last refused edit, shown where it was tried
        self._refusal_timer = QTimer(self, singleShot=True, interval=6000)
        self._refusal_timer.timeout.connect(self._clear_refusal)

    # -- coordinates ---------------------------------------------------------------------------------------
    def _scale(self) -> tuple[float, float, float]:
        geo = self.editor.geometry
        m = 12
        s = min((self.width() - 2 * m) / geo.canvas_w, (self.height() - 2 * m) / geo.canvas_h)
        return s, (self.width() - geo.canvas_w * s) / 2, (self.height() - geo.canvas_h * s) / 2

    def to_view(self, r: Rect) -> QRectF:
        s, ox, oy = self._scale()
        return QRectF(ox + r.x * s, oy + r.y * s, r.w * s, r.h * s)

    def cell_rect(self, row: int, col: int, rows: int = 1, cols: int = 1) -> QRectF:
        g = self.editor.doc["grid"]
        return self.to_view(self.editor.geometry.cell_rect(g["rows"], g["cols"], row, col, rows, cols))

    def cell_center(self, row: int, col: int):
        return self.cell_rect(row, col).center().toPoint()

    def spans(self) -> tuple[list[tuple[float, float]], list[tuple[float, float]]]:
        """(top, bottom) of each grid row and (left, right) of each grid column on the drawing: a cell's rows
        depend on its row only and its columns on its column only, so rows + cols rectangles give every cell."""
        g = self.editor.doc["grid"]
        return ([(r.top(), r.bottom()) for r in (self.cell_rect(i, 0) for i in range(g["rows"]))],
                [(r.left(), r.right()) for r in (self.cell_rect(0, i) for i in range(g["cols"]))])

    def cell_at(self, p: QPointF) -> tuple[int, int]:
        """The grid cell under a point (the nearest one when the point is on a bezel or outside the wall)."""
        rows, cols = self.spans()
        return _nearest(rows, p.y()), _nearest(cols, p.x())

    def _edges_near(self, index: int, p: QPointF) -> str:
        reg = self.editor.doc["regions"][index]
        rect = self.cell_rect(*reg["cell"], *reg.get("span", [1, 1]))
        edges = ""
        if abs(p.x() - rect.left()) <= EDGE_PX:
            edges += "l"
        if abs(p.x() - rect.right()) <= EDGE_PX:
            edges += "r"
        if abs(p.y() - rect.top()) <= EDGE_PX:
            edges += "t"
        if abs(p.y() - rect.bottom()) <= EDGE_PX:
            edges += "b"
        return edges

    # -- mouse ---------------------------------------------------------------------------------------------
    def mousePressEvent(self, event) -> None:  # noqa: N802
        if event.button() != Qt.MouseButton.LeftButton:
            return
        p = event.position()
        cell = self.cell_at(p)
        index = region_at(self.editor.doc, *cell)
        edges = self._edges_near(self.selection, p) if self.selection is not None else ""
        if edges:
            index = self.selection
        self.select(index)
        if index is None:
            self._drag = {"mode": "draw", "start": cell}
        elif edges:
            self._drag = {"mode": "resize", "index": index, "edges": edges}
        else:
            self._drag = {"mode": "move", "index": index, "start": cell}
        self._follow(p)

    def mouseMoveEvent(self, event) -> None:  # noqa: N802
        if self._drag is not None:
            self._follow(event.position())
            return
        p = event.position()
        edges = self._edges_near(self.selection, p) if self.selection is not None else ""
        shape = {"l": Qt.CursorShape.SizeHorCursor, "r": Qt.CursorShape.SizeHorCursor,
                 "t": Qt.CursorShape.SizeVerCursor, "b": Qt.CursorShape.SizeVerCursor}.get(edges)
        if len(edges) == 2:
            shape = Qt.CursorShape.SizeFDiagCursor if edges in ("lt", "rb") else Qt.CursorShape.SizeBDiagCursor
        self.setCursor(shape or Qt.CursorShape.CrossCursor)

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802
        if self._drag is None or event.button() != Qt.MouseButton.LeftButton:
            return
        self._follow(event.position())
        drag, candidate = self._drag, self.candidate
        self._drag, self.candidate, self.candidate_problem = None, None, ""
        if candidate is not None:
            self.editor.place(drag.get("index"), candidate, self.cell_rect(*candidate))
        self.update()

    def _follow(self, p: QPointF) -> None:
        """The rectangle the drag would give, and whether the wall would take it."""
        d, doc = self._drag, self.editor.doc
        cell = self.cell_at(p)
        g = doc["grid"]
        if d["mode"] == "draw":
            (r0, c0), (r1, c1) = d["start"], cell
            cand = (min(r0, r1), min(c0, c1), abs(r1 - r0) + 1, abs(c1 - c0) + 1)
        else:
            reg = doc["regions"][d["index"]]
            (r, c), (nr, nc) = reg["cell"], reg.get("span", [1, 1])
            if d["mode"] == "move":
                dr, dc = cell[0] - d["start"][0], cell[1] - d["start"][1]
                cand = (min(max(r + dr, 0), g["rows"] - nr), min(max(c + dc, 0), g["cols"] - nc), nr, nc)
            else:
                top, left, bottom, right = r, c, r + nr - 1, c + nc - 1
                if "t" in d["edges"]:
                    top = min(cell[0], bottom)
                if "b" in d["edges"]:
                    bottom = max(cell[0], top)
                if "l" in d["edges"]:
                    left = min(cell[1], right)
                if "r" in d["edges"]:
                    right = max(cell[1], left)
                cand = (top, left, bottom - top + 1, right - left + 1)
            if cand == (r, c, nr, nc):
                cand = None
        if cand == self.candidate:
            return  # the pointer moved within a cell: nothing to check or draw again
        self.candidate = cand
        self.candidate_problem = ""
        if cand is not None:  # the loader's own check of where regions lie (a drag changes nothing else)
            errors = [p for p in check_regions(self.editor.placed(d.get("index"), cand), "layout")
                      if p.severity == Severity.ERROR]
            self.candidate_problem = describe(errors[0], sentence=True) if errors else ""
        self.update()

    def keyPressEvent(self, event) -> None:  # noqa: N802
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and self.selection is not None:
            self.editor.delete_region(self.selection)
            return
        super().keyPressEvent(event)

    def select(self, index: int | None) -> None:
        if index != self.selection:
            self.selection = index
            self.selected.emit(index)
        self.update()

    def refuse(self, place: QRectF, message: str) -> None:
        self.refusal = (place, message)
        self._refusal_timer.start()
        self.update()

    def _clear_refusal(self) -> None:
        self.refusal = None
        self.update()

    # -- painting ------------------------------------------------------------------------------------------
    def paintEvent(self, event) -> None:  # noqa: N802
        doc, geo = self.editor.doc, self.editor.geometry
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), QColor("#0d1117"))
        p.fillRect(self.to_view(Rect(0, 0, geo.canvas_w, geo.canvas_h)), QColor("#000000"))  # the bezels
        small = QFont(self.font())
        small.setPointSizeF(max(7.0, self.font().pointSizeF() * 0.85))
        for r, c in geo.screens():
            rect = self.to_view(geo.screen_rect(r, c))
            p.fillRect(rect, QColor("#1c2128"))
            p.setPen(QColor("#6e7681"))
            p.setFont(small)
            p.drawText(rect.adjusted(4, 2, -4, -2), Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom,
                       tr("Màn hình %1").replace("%1", f"{r + 1}.{c + 1}"))
        row_spans, col_spans = self.spans()
        covered = covered_cells(doc)
        empty = QBrush(QColor("#d29922"), Qt.BrushStyle.BDiagPattern)
        p.setPen(QPen(QColor("#30363d"), 1, Qt.PenStyle.DotLine))
        p.setBrush(Qt.BrushStyle.NoBrush)
        for r, (top, bottom) in enumerate(row_spans):  # cells no region covers stay black on the wall: hatched
            for c, (left, right) in enumerate(col_spans):
                rect = QRectF(left, top, right - left, bottom - top)
                if (r, c) not in covered:
                    p.fillRect(rect, empty)
                p.drawRect(rect)
        for i, reg in enumerate(doc["regions"]):
            rect = self.cell_rect(*reg["cell"], *reg.get("span", [1, 1]))
            colour = QColor(_COLOURS[i % len(_COLOURS)])
            fill = QColor(colour)
            fill.setAlpha(110)
            p.fillRect(rect.adjusted(2, 2, -2, -2), fill)
            bad = i in self.marks
            p.setPen(QPen(QColor("#f85149") if bad else (QColor("#ffffff") if i == self.selection else colour),
                          3 if bad or i == self.selection else 1.5))
            p.drawRect(rect.adjusted(2, 2, -2, -2))
            p.setPen(QColor("#ffffff"))
            p.setFont(self.font())
            label = f"{reg['id']}\n{view_label(reg.get('view'), self.editor.titles)}"
            if bad:
                label += "\n⚠ " + self.marks[i]
            p.drawText(rect.adjusted(8, 6, -8, -6), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop
                       | Qt.TextFlag.TextWordWrap, label)
            if i == self.selection:  # the handles: a region is resized by any edge or corner
                p.setBrush(QColor("#ffffff"))
                for pt in (rect.topLeft(), rect.topRight(), rect.bottomLeft(), rect.bottomRight()):
                    p.drawRect(QRectF(pt.x() - 4, pt.y() - 4, 8, 8))
                p.setBrush(Qt.BrushStyle.NoBrush)
        p.setPen(QPen(QColor("#000000"), 3))  # the bezels on top: where a region is cut between two screens
        p.setBrush(Qt.BrushStyle.NoBrush)
        for r, c in geo.screens():
            p.drawRect(self.to_view(geo.screen_rect(r, c)))
        if self.candidate is not None:
            rect = self.cell_rect(*self.candidate)
            bad = bool(self.candidate_problem)
            p.setPen(QPen(QColor("#f85149" if bad else "#3fb950"), 3, Qt.PenStyle.DashLine))
            p.drawRect(rect)
            if bad:
                self._note(p, rect, self.candidate_problem)
        if self.refusal is not None:
            rect, message = self.refusal
            p.setPen(QPen(QColor("#f85149"), 3))
            p.drawRect(rect)
            self._note(p, rect, message)
        p.end()

    def _note(self, p: QPainter, rect: QRectF, message: str) -> None:
        box = QRectF(rect.left(), rect.center().y() - 24, max(rect.width(), 260), 48).intersected(
            QRectF(self.rect()))
        p.fillRect(box, QColor(120, 10, 10, 230))
        p.setPen(QColor("#ffffff"))
        p.drawText(box.adjusted(6, 2, -6, -2), Qt.AlignmentFlag.AlignVCenter | Qt.TextFlag.TextWordWrap,
                   "⛔ " + message)


class LayoutEditor(QWidget):
    """``LayoutEditor(client, background, parent)``: a window of its own for one wall."""

    def __init__(self, client, background, parent=None):
        super().__init__(parent, Qt.WindowType.Window)
        self.client, self.background = client, background
        self.setWindowTitle(tr("Sửa bố cục"))
        self.doc = new_document(slug(tr("Bố cục mới")) or "bo-cuc-moi", tr("Bố cục mới"), 3, 3)
        self.opened: str | None = None  # the id the document was read from the wall under
        self.base_revision: str | None = None  # the revision it was read at (None: a new layout)
        self.geometry = WallGeometry()
        self.views: list[dict] = []
        self.titles: dict[str, str] = {}
        self.last_message = ""
        self._checked: tuple[dict, tuple[list[Problem], list[Problem]]] | None = None
        self.busy = False
        self.stack = QUndoStack(self)
        self.stack.cleanChanged.connect(self._show_title)  # a bound slot: let go with the window
        self._build()
        self.set_doc(self.doc)
        self.reload_lists()

    # -- window --------------------------------------------------------------------------------------------
    def _build(self) -> None:
        top = QHBoxLayout()
        self.layout_box = QComboBox()
        self.layout_box.setMinimumWidth(220)
        top.addWidget(QLabel(tr("Bố cục trên tường:")))
        top.addWidget(self.layout_box)
        self.file_buttons: list[QPushButton] = []  # closed while a save is on its way: its answer sets the revision
        for text, slot in ((tr("Mở"), self._open_chosen), (tr("Mới…"), self._ask_new),
                           (tr("Nhập tệp…"), self._ask_import), (tr("Xuất tệp…"), self._ask_export)):
            b = QPushButton(text)
            b.clicked.connect(slot)
            top.addWidget(b)
            self.file_buttons.append(b)
        top.addStretch(1)
        self.undo_button, self.redo_button = QPushButton(tr("Hoàn tác")), QPushButton(tr("Làm lại"))
        self.undo_button.clicked.connect(self.stack.undo)
        self.redo_button.clicked.connect(self.stack.redo)
        self.stack.canUndoChanged.connect(self.undo_button.setEnabled)
        self.stack.canRedoChanged.connect(self.redo_button.setEnabled)
        self.undo_button.setShortcut("Ctrl+Z")
        self.redo_button.setShortcut("Ctrl+Shift+Z")
        self.undo_button.setEnabled(False)
        self.redo_button.setEnabled(False)
        top.addWidget(self.undo_button)
        top.addWidget(self.redo_button)
        self.apply_box = QCheckBox(tr("Áp dụng ngay lên tường"))
        self.apply_box.setChecked(True)
        top.addWidget(self.apply_box)
        self.save_button = QPushButton(tr("Lưu"))
        self.save_button.setShortcut("Ctrl+S")
        self.save_button.clicked.connect(self.save)
        save_as = QPushButton(tr("Lưu thành…"))
        save_as.clicked.connect(self._ask_save_as)
        self.file_buttons += [self.save_button, save_as]
        top.addWidget(self.save_button)
        top.addWidget(save_as)

        head = QFormLayout()
        # a new layout's id follows its Vietnamese name (slug) until the technician types one; an opened layout
        # keeps its own ("Lưu thành…" saves it under another)
        self.id_edit = QLineEdit()
        self.id_edit.setMaxLength(64)
        self.id_edit.setToolTip(tr("Mã dùng trong tên tệp và trong API: tạo từ tên tiếng Việt, có thể sửa "
                                   "(chữ thường không dấu, số, '-' và '_')"))
        self.id_edit.textEdited.connect(lambda _text: setattr(self, "id_by_hand", True))
        self.id_edit.editingFinished.connect(self._id_edited)
        self.id_by_hand = False
        self.title_vi, self.title_en = QLineEdit(), QLineEdit()
        self.title_vi.textEdited.connect(self._title_typed)
        self.title_vi.editingFinished.connect(lambda: self._set_layout_title("vi", self.title_vi.text()))
        self.title_en.editingFinished.connect(lambda: self._set_layout_title("en", self.title_en.text()))
        grid_row = QHBoxLayout()
        self.grid_rows, self.grid_cols = QSpinBox(), QSpinBox()
        for box in (self.grid_rows, self.grid_cols):
            box.setRange(1, MAX_GRID)
            box.editingFinished.connect(self._grid_edited)
            grid_row.addWidget(box)
        grid_row.insertWidget(1, QLabel("×"))
        grid_row.addWidget(QLabel(tr("(hàng × cột ô lưới trên toàn tường)")))
        grid_row.addStretch(1)
        head.addRow(tr("Tên (tiếng Việt)"), self.title_vi)
        head.addRow(tr("Mã bố cục"), self.id_edit)
        head.addRow(tr("Tên (tiếng Anh)"), self.title_en)
        head.addRow(tr("Lưới"), grid_row)
        self.grid_problem = problem_label()
        head.addRow("", self.grid_problem)

        self.canvas = WallCanvas(self)
        self.canvas.selected.connect(self._show_region)

        props = QGroupBox(tr("Vùng đang chọn"))
        form = QFormLayout(props)
        self.region_id, self.region_vi, self.region_en = QLineEdit(), QLineEdit(), QLineEdit()
        self.region_id.editingFinished.connect(self._region_id_edited)
        self.region_vi.editingFinished.connect(lambda: self._set_region_title("vi", self.region_vi.text()))
        self.region_en.editingFinished.connect(lambda: self._set_region_title("en", self.region_en.text()))
        self.view_box = QComboBox()
        self.view_box.activated.connect(self._view_chosen)
        self.region_place = QLabel()
        self.region_place.setWordWrap(True)
        self.region_problem = problem_label()
        remove = QPushButton(tr("Xoá vùng"))
        remove.clicked.connect(lambda: self.canvas.selection is not None
                               and self.delete_region(self.canvas.selection))
        form.addRow(tr("Mã vùng"), self.region_id)
        form.addRow("", self.region_problem)
        form.addRow(tr("Tên (tiếng Việt)"), self.region_vi)
        form.addRow(tr("Tên (tiếng Anh)"), self.region_en)
        form.addRow(tr("Vị trí"), self.region_place)
        form.addRow(tr("Khung nhìn"), self.view_box)
        form.addRow("", remove)
        self.props = props

        side = QWidget()
        sv = QVBoxLayout(side)
        sv.addWidget(props)
        sv.addWidget(QLabel(tr("Kiểm tra bố cục (bằng chính mã của tường)")))
        self.problem_list = QListWidget()
        self.problem_list.setWordWrap(True)
        self.problem_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.problem_list.itemClicked.connect(self._problem_clicked)
        sv.addWidget(self.problem_list, 1)
        hint = QLabel(tr("Kéo trên các ô trống để vẽ vùng (được phép trải qua nhiều màn hình); kéo vùng để di "
                         "chuyển; kéo cạnh hoặc góc của vùng đang chọn để đổi kích thước; phím Delete để xoá."))
        hint.setWordWrap(True)
        sv.addWidget(hint)

        split = QSplitter()
        split.addWidget(self.canvas)
        split.addWidget(side)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)

        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        outer = QVBoxLayout(self)
        outer.addLayout(top)
        outer.addLayout(head)
        outer.addWidget(split, 1)
        outer.addWidget(self.message)
        self.resize(1280, 760)

    def _show_title(self, *_clean) -> None:
        mark = "" if self.stack.isClean() else " *"
        self.setWindowTitle(tr("Sửa bố cục") + f" — {self.doc['id']}{mark}")

    def _call(self, fn, on_done) -> None:
        call_for(self, self.background, fn, on_done)

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        for b in self.file_buttons:
            b.setEnabled(not busy)

    def say(self, text: str, details: str = "") -> None:
        """``text`` under the wall drawing; ``details`` (a revision) in its tooltip, for the technician who looks."""
        self.last_message = text
        self.message.setText(text)
        self.message.setToolTip(details)

    # -- lists from the wall -------------------------------------------------------------------------------
    def reload_lists(self) -> None:
        """The wall's size, layouts and views, which the editor checks and offers: on opening."""
        client = self.client
        self._call(lambda: tuple(client.call("GET", path) for path in ("/wall", "/layouts", "/views")),
                   self._got_lists)

    def reload_layouts(self) -> None:
        """The wall's layouts alone: all a save changes."""
        client = self.client
        self._call(lambda: client.call("GET", "/layouts"), self._got_layouts)

    def _got_lists(self, answers) -> None:
        if isinstance(answers, Answer):
            self.say(tr("Không đọc được danh sách từ tường: %1").replace("%1", answers.reason()))
            return
        info, layouts, views = answers
        if info.ok:
            s = info.body.get("screen", {})
            self.geometry = WallGeometry(info.body["rows"], info.body["cols"], s.get("width_px", 1920),
                                         s.get("height_px", 1080), s.get("gap_x_px", 0), s.get("gap_y_px", 0))
            self._checked = None  # the bezel warnings depend on it
        self._got_layouts(layouts)
        if views.ok:
            self.views = views.body["views"]
            self.titles = view_titles(self.views)
        self.set_doc(self.doc)

    def _got_layouts(self, layouts: Answer) -> None:
        if not layouts.ok:
            return
        chosen = self.layout_box.currentData()
        self.layout_box.clear()
        for lay in layouts.body["layouts"]:
            self.layout_box.addItem(f"{lay['title']['vi']} ({lay['id']})", lay["id"])
        i = self.layout_box.findData(chosen)
        if i >= 0:
            self.layout_box.setCurrentIndex(i)

    # -- the document --------------------------------------------------------------------------------------
    def set_doc(self, doc: dict) -> None:
        """Show ``doc`` everywhere (an undo, a redo, an opened layout)."""
        self.doc = doc
        n = len(doc["regions"])
        if self.canvas.selection is not None and self.canvas.selection >= n:
            self.canvas.selection = None
        self.canvas.marks = {}
        self.id_edit.setText(doc["id"])
        self.id_edit.setReadOnly(self.opened is not None and doc["id"] == self.opened)
        self.title_vi.setText(doc["title"].get("vi", ""))
        self.title_en.setText(doc["title"].get("en", ""))
        self.grid_rows.setValue(doc["grid"]["rows"])
        self.grid_cols.setValue(doc["grid"]["cols"])
        self.grid_problem.hide()
        self._show_region(self.canvas.selection)
        self._show_problems()
        self._show_title()
        self.canvas.update()

    def _show_problems(self, extra: list[Problem] = ()) -> None:
        errors, warnings = self.check(self.doc)
        self.problem_list.clear()
        if not self.doc["regions"]:
            self._problem_item(tr("Bố cục chưa có vùng nào: kéo trên tường để vẽ vùng đầu tiên"), "", "warning")
        regions = self._region_titles()
        for p in [*errors, *extra, *warnings]:
            self._problem_item(describe_named(p, regions), p.path, p.severity.value)
        if not (errors or extra or warnings) and self.doc["regions"]:
            self._problem_item(tr("Hợp lệ: tường sẽ nhận bố cục này"), "", "ok")
        for p in extra:
            m = _REGION_PATH.match(p.path)
            if m and int(m[1]) < len(self.doc["regions"]):
                self.canvas.marks[int(m[1])] = describe_named(p, regions)

    def _region_titles(self) -> dict[str, str]:
        """Each region's title as the problems name it (its id when it has none)."""
        out = {}
        for r in self.doc.get("regions", []):
            if isinstance(r, dict) and isinstance(r.get("id"), str):
                title = r.get("title")
                title = title.get("vi") if isinstance(title, dict) else title
                out[r["id"]] = title if isinstance(title, str) and title else r["id"]
        return out

    def _problem_item(self, message: str, path: str, severity: str) -> None:
        """One line of the problem list: the problem in words; where it lies in the file (a JSON path, for the
        technician) in its tooltip, and a click on it selects the region it concerns."""
        mark = {"error": "⛔ ", "warning": "⚠ ", "ok": "✓ "}.get(severity, "")
        item = QListWidgetItem(mark + message)
        item.setData(Qt.ItemDataRole.UserRole, path)
        if path:
            item.setToolTip(path)
        item.setForeground(QColor({"error": "#b42318", "warning": "#9a6700", "ok": "#1a7f37"}.get(severity,
                                                                                                   "#000000")))
        self.problem_list.addItem(item)

    def _problem_clicked(self, item: QListWidgetItem) -> None:
        m = _REGION_PATH.match(item.data(Qt.ItemDataRole.UserRole) or "")
        if m and int(m[1]) < len(self.doc["regions"]):
            self.canvas.select(int(m[1]))

    def check(self, doc: dict) -> tuple[list[Problem], list[Problem]]:
        """``check`` with the wall's geometry, remembered for the last document: an edit is checked before it is
        made, then shown, then perhaps saved (about 40 ms each on a 48 x 48 grid)."""
        if self._checked is None or self._checked[0] != doc:
            self._checked = (copy.deepcopy(doc), check(doc, self.geometry))
        return self._checked[1]

    def propose(self, after: dict, text: str, place: QRectF | None = None, field: QLabel | None = None) -> bool:
        """Make an edit if the wall would take the result; otherwise refuse it with the loader's message at the
        place it concerns (on the wall drawing, or under the form field)."""
        errors, _ = self.check(after)
        if errors:
            self.say(tr("Không thực hiện được: %1").replace("%1", describe(errors[0])))
            message = describe(errors[0], sentence=True)
            if field is not None:
                field.setText(message)
                field.show()
            if place is None:
                m = _REGION_PATH.match(errors[0].path)
                if m and int(m[1]) < len(after["regions"]):
                    reg = after["regions"][int(m[1])]
                    place = self.canvas.cell_rect(*reg["cell"], *reg.get("span", [1, 1]))
            if place is not None:
                self.canvas.refuse(place, message)
            return False
        self.stack.push(DocChange(self, copy.deepcopy(self.doc), copy.deepcopy(after), text))
        self.say(text)
        return True

    def placed(self, index: int | None, cand: tuple[int, int, int, int]) -> dict:
        """The document with region ``index`` (None: a new one) on cells ``cand`` = (row, col, rows, cols)."""
        doc = copy.deepcopy(self.doc)
        r, c, nr, nc = cand
        if index is None:
            doc["regions"].append({"id": _free_id(doc), "cell": [r, c], "span": [nr, nc], "view": None})
        else:
            doc["regions"][index].update(cell=[r, c], span=[nr, nc])
        return doc

    def place(self, index: int | None, cand: tuple[int, int, int, int], where: QRectF) -> bool:
        doc = self.placed(index, cand)
        rid = doc["regions"][-1 if index is None else index]["id"]
        span = f"{cand[2]}×{cand[3]}"
        text = (tr("Vẽ vùng %1 (%2 ô)") if index is None else tr("Đặt lại vùng %1 (%2 ô)")).replace(
            "%1", rid).replace("%2", span)
        if self.propose(doc, text, place=where):
            self.canvas.select(len(doc["regions"]) - 1 if index is None else index)
            return True
        return False

    def delete_region(self, index: int) -> None:
        doc = copy.deepcopy(self.doc)
        gone = doc["regions"].pop(index)
        self.canvas.selection = None
        self.propose(doc, tr("Xoá vùng %1").replace("%1", gone["id"]))

    def _grid_edited(self) -> None:
        rows, cols = self.grid_rows.value(), self.grid_cols.value()
        if (rows, cols) == (self.doc["grid"]["rows"], self.doc["grid"]["cols"]):
            return
        doc = copy.deepcopy(self.doc)
        doc["grid"] = {"rows": rows, "cols": cols}
        self.grid_problem.hide()
        if not self.propose(doc, tr("Lưới %1 × %2").replace("%1", str(rows)).replace("%2", str(cols)),
                            field=self.grid_problem):
            self.grid_rows.setValue(self.doc["grid"]["rows"])
            self.grid_cols.setValue(self.doc["grid"]["cols"])

    def _names_itself(self) -> bool:
        """A new layout whose id the technician has not typed: its id follows its Vietnamese name."""
        return self.opened is None and not self.id_by_hand

    def _title_typed(self, text: str) -> None:
        if self._names_itself() and (made := slug(text)):
            self.id_edit.setText(made)

    def _id_edited(self) -> None:
        new = self.id_edit.text().strip()
        if self.id_edit.isReadOnly() or new == self.doc["id"]:
            return
        if not _ID.match(new):
            self.grid_problem.setText(tr("Mã '%1' không hợp lệ: chỉ chữ thường, số, '-' và '_'").replace("%1", new))
            self.grid_problem.show()
            self.id_edit.setText(self.doc["id"])
            return
        doc = copy.deepcopy(self.doc)
        doc["id"] = new
        if not self.propose(doc, tr("Đổi mã bố cục thành %1").replace("%1", new), field=self.grid_problem):
            self.id_edit.setText(self.doc["id"])

    def _set_layout_title(self, lang: str, text: str) -> None:
        text = text.strip()
        made = slug(text) if lang == "vi" and self._names_itself() else ""
        if self.doc["title"].get(lang, "") == text and (not made or made == self.doc["id"]):
            return
        doc = copy.deepcopy(self.doc)
        if text:
            doc["title"][lang] = text
        else:
            doc["title"].pop(lang, None)
        if made:
            doc["id"] = made
        if not self.propose(doc, tr("Đổi tên bố cục"), field=self.grid_problem):
            self.title_vi.setText(self.doc["title"].get("vi", ""))

    # -- the chosen region ---------------------------------------------------------------------------------
    def _show_region(self, index: int | None) -> None:
        self.props.setEnabled(index is not None)
        self.region_problem.hide()
        if index is None:
            for w in (self.region_id, self.region_vi, self.region_en):
                w.clear()
            self.region_place.clear()
            self.view_box.clear()
            return
        reg = self.doc["regions"][index]
        self.region_id.setText(reg["id"])
        self.region_vi.setText(reg.get("title", {}).get("vi", ""))
        self.region_en.setText(reg.get("title", {}).get("en", ""))
        (r, c), (nr, nc) = reg["cell"], reg.get("span", [1, 1])
        screens = self.geometry.screens_under(self.geometry.cell_rect(
            self.doc["grid"]["rows"], self.doc["grid"]["cols"], r, c, nr, nc))
        self.region_place.setText(tr("ô [%1, %2], %3 × %4 ô, trên %5 màn hình").replace("%1", str(r)).replace(
            "%2", str(c)).replace("%3", str(nr)).replace("%4", str(nc)).replace("%5", str(len(screens))))
        self.view_box.clear()
        self.view_box.addItem(tr("(trống)"), None)
        for v in self.views:
            self.view_box.addItem(v.get("title") or view_label(v), bare_view(v))
        current = reg.get("view")
        i = next((n for n in range(self.view_box.count()) if self.view_box.itemData(n) == current), -1)
        if i < 0 and current is not None:  # a view the palette does not offer (set in the file): kept as it is
            self.view_box.addItem(view_label(current, self.titles), current)
            i = self.view_box.count() - 1
        self.view_box.setCurrentIndex(max(i, 0))

    def _edit_region(self, change, text: str, field: QLabel | None = None) -> bool:
        index = self.canvas.selection
        if index is None:
            return False
        doc = copy.deepcopy(self.doc)
        change(doc["regions"][index])
        if doc == self.doc:
            return True
        ok = self.propose(doc, text, field=field)
        if not ok and field is None:  # the form goes back to what the region has
            self._show_region(index)
        return ok

    def _region_id_edited(self) -> None:
        new = self.region_id.text().strip()
        self.region_problem.hide()
        if self.canvas.selection is None or new == self.doc["regions"][self.canvas.selection]["id"]:
            return
        self._edit_region(lambda reg: reg.update(id=new), tr("Đổi mã vùng thành %1").replace("%1", new),
                          field=self.region_problem)

    def _set_region_title(self, lang: str, text: str) -> None:
        text = text.strip()

        def change(reg: dict) -> None:
            title = dict(reg.get("title", {}))
            if text:
                title[lang] = text
            else:
                title.pop(lang, None)
            if title.get("vi"):
                reg["title"] = title
            else:  # a region's title needs its Vietnamese name; without one the region shows its id
                reg.pop("title", None)

        self._edit_region(change, tr("Đổi tên vùng"), field=self.region_problem)

    def _view_chosen(self, i: int) -> None:
        view = self.view_box.itemData(i)
        self.set_view(view)

    def set_view(self, view: dict | None) -> bool:
        return self._edit_region(lambda reg: reg.update(view=copy.deepcopy(view)),
                                 tr("Đặt khung nhìn: %1").replace("%1", view_label(view, self.titles)))

    # -- opening, new, files ------------------------------------------------------------------------------
    def _open_chosen(self) -> None:
        layout_id = self.layout_box.currentData()
        if layout_id and self._may_discard():
            self.open_layout(layout_id)

    def open_layout(self, layout_id: str) -> None:
        client = self.client
        self.say(tr("Đang mở %1…").replace("%1", layout_id))
        self._call(lambda: client.call("GET", f"/layouts/{layout_id}"), self._opened)

    def _opened(self, a: Answer) -> None:
        if not a.ok:
            self.say(tr("Không mở được bố cục: %1").replace("%1", a.reason()))
            return
        self.stack.clear()
        self.opened, self.base_revision = a.body["layout"]["id"], a.body["revision"]
        self.canvas.selection = None
        self.set_doc(a.body["layout"])
        self.stack.setClean()
        self.say(tr("Đã mở %1").replace("%1", self.opened),
                 tr("Phiên bản %1").replace("%1", str(self.base_revision)))

    def _may_discard(self) -> bool:
        if self.stack.isClean():
            return True
        answer = QMessageBox.question(self, tr("Bỏ thay đổi?"), tr("Bố cục đang sửa có thay đổi chưa lưu. Bỏ?"))
        return answer == QMessageBox.StandardButton.Yes

    def _ask_new(self) -> None:
        if not self._may_discard():
            return
        title, ok = QInputDialog.getText(self, tr("Bố cục mới"), tr("Tên bố cục (tiếng Việt; mã được tạo từ tên, "
                                                                    "sửa được sau)"))
        if ok and title.strip():
            layout_id = slug(title) or slug(tr("Bố cục mới")) or "bo-cuc-moi"
            problem = self.new_layout(layout_id, title.strip(), self.geometry.rows, self.geometry.cols)
            if problem:
                QMessageBox.warning(self, tr("Bố cục mới"), problem)

    def new_layout(self, layout_id: str, title: str, rows: int, cols: int) -> str:
        """Start an empty layout; '' or why not."""
        if not _ID.match(layout_id) or len(layout_id) > 64:
            return tr("Mã '%1' không hợp lệ: chỉ chữ thường, số, '-' và '_'").replace("%1", layout_id)
        self.stack.clear()
        self.opened, self.base_revision = None, None
        self.id_by_hand = False
        self.canvas.selection = None
        self.set_doc(new_document(layout_id, title, rows, cols))
        self.say(tr("Bố cục mới %1: kéo trên tường để vẽ vùng").replace("%1", layout_id))
        return ""

    def _ask_import(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, tr("Nhập bố cục từ tệp"), "", "JSON (*.json)")
        if path and self._may_discard():
            self.import_file(Path(path))

    def import_file(self, path: Path) -> bool:
        """Load a layout file into the editor (checked with the wall's loader; an invalid one is refused, naming
        the file, the field and the problem). It becomes a new layout: saving it over one the wall has asks."""
        try:
            doc = read_json(path, path.name)
            parse_layout(doc, path.name)
        except InvalidFile as exc:
            self.say(tr("Không nhập được: %1").replace("%1", "; ".join(
                f"{p.file}: {describe(p)}" for p in exc.problems[:3])))
            return False
        doc, _ = migrate(doc)
        self.stack.clear()
        self.opened, self.base_revision = None, None
        self.id_by_hand = True  # the file's id, kept
        self.canvas.selection = None
        self.set_doc(doc)
        self.stack.resetClean()  # not on the wall yet: closing asks first
        self.say(tr("Đã nhập %1 từ %2").replace("%1", doc["id"]).replace("%2", path.name))
        return True

    def _ask_export(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, tr("Xuất bố cục ra tệp"), f"{self.doc['id']}.json",
                                              "JSON (*.json)")
        if path:
            self.export_file(Path(path))

    def export_file(self, path: Path) -> bool:
        try:
            path.write_bytes(layout_bytes(self.doc))
        except OSError as exc:
            self.say(tr("Không ghi được %1: %2").replace("%1", str(path)).replace("%2", exc.strerror or str(exc)))
            return False
        self.say(tr("Đã xuất ra %1").replace("%1", str(path)))
        return True

    # -- saving --------------------------------------------------------------------------------------------
    def _ask_save_as(self) -> None:
        layout_id, ok = QInputDialog.getText(self, tr("Lưu thành bố cục mới"), tr("Mã bố cục mới"),
                                             text=self.doc["id"] + "-2")
        if ok and layout_id.strip():
            self.save_as(layout_id.strip())

    def save_as(self, layout_id: str) -> None:
        if not _ID.match(layout_id):
            self.say(tr("Mã '%1' không hợp lệ: chỉ chữ thường, số, '-' và '_'").replace("%1", layout_id))
            return
        doc = copy.deepcopy(self.doc)
        doc["id"] = layout_id
        self.stack.push(DocChange(self, copy.deepcopy(self.doc), doc, tr("Lưu thành %1").replace("%1", layout_id)))
        self.save()

    def _flush_fields(self) -> None:
        """What is typed but not yet confirmed (Ctrl+S in the middle of a field) becomes an edit first."""
        self._set_layout_title("vi", self.title_vi.text())
        self._set_layout_title("en", self.title_en.text())
        self._id_edited()
        if self.canvas.selection is not None:
            self._region_id_edited()
            self._set_region_title("vi", self.region_vi.text())
            self._set_region_title("en", self.region_en.text())

    def save(self, overwrite_revision: str | None = None) -> None:
        """Send the layout to the wall. A refusal or a failure leaves the document as it is."""
        if self.busy:
            return
        self._flush_fields()
        if not self.doc["regions"]:
            self.say(tr("Chưa lưu: bố cục chưa có vùng nào"))
            return
        errors, _ = self.check(self.doc)
        if errors:
            self.say(tr("Chưa lưu: %1").replace("%1", describe(errors[0])))
            return
        doc = copy.deepcopy(self.doc)
        base = overwrite_revision or (self.base_revision if doc["id"] == self.opened else None)
        body = {"layout": doc, "base_revision": base, "apply": self.apply_box.isChecked()}
        client = self.client
        self._set_busy(True)
        self.say(tr("Đang lưu %1 lên tường…").replace("%1", doc["id"]))
        self._call(lambda: client.call("PUT", f"/layouts/{doc['id']}", body), lambda a: self._saved(doc, a))

    def _saved(self, doc: dict, a: Answer) -> None:
        self._set_busy(False)
        if a.ok:
            self.opened, self.base_revision = doc["id"], a.body["revision"]
            self.id_edit.setReadOnly(self.doc["id"] == self.opened)  # on the wall now: "Lưu thành…" for another
            if doc == self.doc:
                self.stack.setClean()
            warnings = [Problem.from_json(w, Severity.WARNING) for w in a.body.get("warnings", [])]
            self._show_problems(warnings)
            self.canvas.update()
            done = tr("Đã lưu %1").replace("%1", doc["id"])
            if a.body.get("applied"):
                done += tr(", đã áp dụng lên tường")
            self.say(done, tr("Phiên bản %1").replace("%1", str(a.body["revision"])))
            self.reload_layouts()
            return
        if a.status in (400, 422) and isinstance(a.body, dict):  # 422: a view names what the wall lacks
            problems = [Problem.from_json(p) for p in a.body.get("problems", [])]
            self._show_problems(problems)
            self.canvas.update()
            self.say(tr("Tường không nhận: %1").replace("%1", describe_refusal(a)))
            return
        if a.status == 409 and isinstance(a.body, dict):
            self.say(tr("Chưa lưu, bố cục trên tường đã thay đổi: %1").replace("%1", describe_refusal(a)))
            current = a.body.get("revision")
            if current is None and doc["id"] == self.opened:  # deleted on the wall meanwhile: a new one next time
                self.opened, self.base_revision = None, None
                self.id_by_hand = True
                self.id_edit.setReadOnly(False)
            elif current and self.ask_overwrite(describe_refusal(a, sentence=True)):
                self.save(overwrite_revision=current)
            return
        self.say(tr("Không lưu được: %1. Bố cục đang sửa vẫn còn nguyên.").replace("%1", describe_refusal(a)))

    def ask_overwrite(self, reason: str) -> bool:
        """Someone saved this layout since it was opened (or a layout of this id exists): overwrite it?"""
        answer = QMessageBox.question(
            self, tr("Bố cục đã bị thay đổi trên tường"),
            reason + "\n\n" + tr("Ghi đè bằng bản của bạn? (Chọn No để giữ bản đang sửa; bạn có thể \"Lưu thành…\" "
                                 "một bố cục mới.) Bản bị ghi đè được giữ trong thư mục .previous của tường."))
        return answer == QMessageBox.StandardButton.Yes

    def closeEvent(self, event) -> None:  # noqa: N802
        if self.stack.isClean() or self._may_discard():
            event.accept()
        else:
            event.ignore()


def _nearest(spans: list[tuple[float, float]], v: float) -> int:
    return min(range(len(spans)), key=lambda i: max(spans[i][0] - v, 0.0, v - spans[i][1]))

