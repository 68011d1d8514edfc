"""The technician's screen mapping: which connected monitor shows which wall position, the bezels between screens
in millimetres (with the pixels they hide), the panels' visible size and the room's farthest viewing distance (with
the smallest capital height it means); saved to the wall's configuration file (PUT /api/v1/screens), which the wall
validates with its own start-up code and applies at once.

"Identify" puts each position's number and its monitor's name on the wall itself, so the technician standing in
front of it sees which monitor is where. Assigning is by clicking: a monitor (in the list or on the picture), then a
position; a position already taken gives its monitor up. The picture is the preview: what the wall will show after
saving. A save names the revision it was read at; when a colleague saved in between, the technician's edits stay in
the dialog and the wall's version is one click away.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from ioc_core.views import legibility
from operator_console.client import Answer
from operator_console.preview import tr
from operator_console.problem_text import describe
from operator_console.toolkit import ERROR_STYLE, call_for, problem_label

MODES = ("auto", "manual", "virtual")  # manual: the explicit list of monitors and positions
Block = tuple[int, int, int, int]  # row, col, rows, cols


def position_name(row: int, col: int, cols: int) -> str:
    """A wall position as the identify overlay names it: its number, row and column counted from 1."""
    return tr("Vị trí %1 (Hàng %2 · Cột %3)").replace("%1", str(row * cols + col + 1)).replace(
        "%2", str(row + 1)).replace("%3", str(col + 1))


# -- the model (Qt-free) -----------------------------------------------------------------------------------------
class ScreenMap:
    """What the technician edits, read from GET /screens: the mode, which monitor covers which block of positions,
    the bezels (mm) and the panel's visible size (mm), from which the bezels' pixels follow as the wall computes them.
    """

    def __init__(self, doc: dict):
        s = doc["screens"]
        self.rows, self.cols = s["rows"], s["cols"]
        self.width_px, self.height_px = s["width_px"], s["height_px"]
        self.config_mm = (float(s["width_mm"]), float(s["height_mm"]))
        self.monitors: list[dict] = list(doc.get("monitors", []))
        self.revision: str = doc["revision"]
        self.plan: dict = doc.get("plan") or {}
        outputs = doc.get("outputs", "auto")
        self.mode = outputs if isinstance(outputs, str) else "manual"
        self.blocks: dict[str, Block] = (
            {o["monitor"]: (*o["cell"], *o.get("span", [1, 1])) for o in outputs} if isinstance(outputs, list)
            else self.planned())
        self.bezel_mm = (float(doc["bezel_mm"]["x"]), float(doc["bezel_mm"]["y"]))
        # the room's farthest seat that must read the wall (None: a wall that does not say, and is not told)
        room = doc.get("room") if isinstance(doc.get("room"), dict) else {}
        self.distance_m: float | None = (float(room["viewing_distance_m"]) if "viewing_distance_m" in room
                                         else None)
        # the configured size until the technician takes the monitor's own (EDID sizes are often wrong): saving a
        # mapping never changes the panel size, and with it every bezel's pixels, unasked
        self.measured = self.measured_size()
        self.size_from, self.size_mm = "", self.config_mm
        self._read = self.fields(self.outputs(), self.bezel_mm, self.config_mm, self.distance_m)  # as in the file

    def planned(self) -> dict[str, Block]:
        """Where the wall's running plan puts each monitor (a virtual wall puts none on a position)."""
        return {o["monitor"]: (*o["cell"], *o["span"]) for o in self.plan.get("outputs", []) if not o.get("virtual")}

    def measured_size(self) -> tuple[str, tuple[float, float]]:
        """The panel's visible size from the first connected monitor of the screens' resolution that reports its
        physical size (its EDID), with that monitor's name; else the configured size and ""."""
        for m in self.monitors:
            if (m["w"], m["h"]) == (self.width_px, self.height_px) and m.get("width_mm", 0) > 0 \
                    and m.get("height_mm", 0) > 0:
                return m["name"], (float(m["width_mm"]), float(m["height_mm"]))
        return "", self.config_mm

    def use_measured(self) -> bool:
        """Take the panel size the monitor reports; False when none reports one."""
        name, size = self.measured
        if not name:
            return False
        self.size_from, self.size_mm = name, size
        return True

    def bezel_px(self) -> tuple[int, int]:
        """The bezels in pixels, as the wall converts them (ioc_core.setup.wall_config.WallConfig.geometry)."""
        return (round(self.bezel_mm[0] * self.width_px / self.size_mm[0]),
                round(self.bezel_mm[1] * self.height_px / self.size_mm[1]))

    def cap_px(self) -> float | None:
        """The smallest capital height, in panel pixels, the distance needs (16 minutes of arc at the farthest
        seat, ioc_core/views/legibility.py), on panels of the size being edited."""
        if self.distance_m is None or self.distance_m <= 0 or self.size_mm[0] <= 0:
            return None
        return legibility.cap_px(self.distance_m, self.size_mm[0] / self.width_px)

    def connected(self) -> set[str]:
        return {m["name"] for m in self.monitors}

    @staticmethod
    def cells(block: Block) -> set[tuple[int, int]]:
        r, c, rows, cols = block
        return {(r + i, c + j) for i in range(rows) for j in range(cols)}

    def owner(self, row: int, col: int) -> str | None:
        return next((m for m, b in self.blocks.items() if (row, col) in self.cells(b)), None)

    def set_mode(self, mode: str) -> None:
        if mode == "manual" and self.mode != "manual" and not self.blocks:
            self.blocks = self.planned()  # start from what the wall shows now
        self.mode = mode

    def assign(self, monitor: str, row: int, col: int) -> list[str]:
        """``monitor`` to the position (its block keeps its span where it fits); monitors on the positions it now
        covers are taken off (returned). Assigning switches to the manual mode."""
        self.set_mode("manual")
        old = self.blocks.pop(monitor, None)
        rows, cols = (old[2], old[3]) if old else (1, 1)
        block = (row, col, min(rows, self.rows - row), min(cols, self.cols - col))
        covered = self.cells(block)
        moved_off = [m for m, b in self.blocks.items() if self.cells(b) & covered]
        for m in moved_off:
            del self.blocks[m]
        self.blocks[monitor] = block
        return moved_off

    def unassign(self, monitor: str) -> None:
        self.set_mode("manual")
        self.blocks.pop(monitor, None)

    def outputs(self) -> str | list[dict]:
        if self.mode != "manual":
            return self.mode
        out = []
        for monitor, (r, c, rows, cols) in sorted(self.blocks.items(), key=lambda kv: kv[1]):
            entry = {"monitor": monitor, "cell": [r, c]}
            if (rows, cols) != (1, 1):
                entry["span"] = [rows, cols]
            out.append(entry)
        return out

    @staticmethod
    def fields(outputs, bezel_mm: tuple[float, float], size_mm: tuple[float, float],
               distance_m: float | None = None) -> dict:
        out = {"outputs": outputs, "bezel_mm": {"x": round(bezel_mm[0], 2), "y": round(bezel_mm[1], 2)},
               "screen_mm": {"width": round(size_mm[0], 1), "height": round(size_mm[1], 1)}}
        if distance_m is not None:
            out["viewing_distance_m"] = round(distance_m, 1)
        return out

    def body(self) -> dict | None:
        """The PUT /screens body: only the fields that differ from the file as read (so saving over a colleague's
        version keeps what they changed and this technician did not); None when nothing differs."""
        now = self.fields(self.outputs(), self.bezel_mm, self.size_mm, self.distance_m)
        changed = {k: v for k, v in now.items() if v != self._read.get(k)}
        return {**changed, "base_revision": self.revision} if changed else None


# -- the picture of the wall ----------------------------------------------------------------------------------
class WallGrid(QWidget):
    """Rows x cols wall positions with the bezel gaps drawn between them, each naming the monitor assigned to it;
    a click on a position emits ``clicked(row, col)``."""

    clicked = Signal(int, int)
    MIN_GAP = 3  # a real bezel is a few pixels of thousands: drawn at least this wide, so it is seen

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.model: ScreenMap | None = None
        self.selected: str | None = None
        self.setMinimumSize(480, 280)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def set_model(self, model: ScreenMap | None) -> None:
        self.model = model
        self.update()

    def _frame(self) -> tuple[float, float, float, float, float, float]:
        """x0, y0, tile width, tile height, and the drawn gaps (x, y): the wall fitted into the widget."""
        m = self.model
        gx_px, gy_px = m.bezel_px()
        wall_w = m.cols * m.width_px + (m.cols - 1) * gx_px
        wall_h = m.rows * m.height_px + (m.rows - 1) * gy_px
        scale = min((self.width() - 16) / wall_w, (self.height() - 16) / wall_h)
        gx = max(gx_px * scale, self.MIN_GAP if gx_px else 1)
        gy = max(gy_px * scale, self.MIN_GAP if gy_px else 1)
        tw = (wall_w * scale - (m.cols - 1) * gx) / m.cols
        th = (wall_h * scale - (m.rows - 1) * gy) / m.rows
        x0 = (self.width() - (m.cols * tw + (m.cols - 1) * gx)) / 2
        y0 = (self.height() - (m.rows * th + (m.rows - 1) * gy)) / 2
        return x0, y0, tw, th, gx, gy

    def tile_rect(self, row: int, col: int, rows: int = 1, cols: int = 1) -> QRectF:
        x0, y0, tw, th, gx, gy = self._frame()
        return QRectF(x0 + col * (tw + gx), y0 + row * (th + gy), cols * tw + (cols - 1) * gx,
                      rows * th + (rows - 1) * gy)

    def position_at(self, x: float, y: float) -> tuple[int, int] | None:
        m = self.model
        if m is None:
            return None
        for r in range(m.rows):
            for c in range(m.cols):
                if self.tile_rect(r, c).contains(x, y):
                    return r, c
        return None

    def mousePressEvent(self, event) -> None:  # noqa: N802
        at = self.position_at(event.position().x(), event.position().y())
        if at is not None:
            self.clicked.emit(*at)

    def paintEvent(self, event) -> None:  # noqa: N802
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), QColor("#0b1426"))
        m = self.model
        if m is None:
            p.setPen(QColor("#b8c4d6"))
            p.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, tr("Đang đọc cấu hình màn hình của tường…"))
            return
        wall = self.tile_rect(0, 0, m.rows, m.cols)
        p.fillRect(wall, QColor("#3a3f4b"))  # the bezels: what shows between the positions
        virtual = next((o["monitor"] for o in m.plan.get("outputs", []) if o.get("virtual")), "")
        small, big = QFont(), QFont()
        small.setPixelSize(max(10, int(self.tile_rect(0, 0).height() * 0.11)))
        big.setPixelSize(max(12, int(self.tile_rect(0, 0).height() * 0.16)))
        big.setBold(True)
        for r in range(m.rows):
            for c in range(m.cols):
                p.fillRect(self.tile_rect(r, c), QColor("#12203a"))
        connected = m.connected()
        if m.mode == "virtual":
            p.setPen(QColor("#f2f5fa"))
            p.setFont(big)
            p.drawText(wall, Qt.AlignmentFlag.AlignCenter, tr("Tường ảo: cả tường thu nhỏ trên %1").replace(
                "%1", virtual or tr("màn hình đầu tiên")))
        else:
            for monitor, (r, c, rows, cols) in m.blocks.items():
                box = self.tile_rect(r, c, rows, cols).adjusted(2, 2, -2, -2)
                chosen = monitor == self.selected
                missing = monitor not in connected
                p.fillRect(box, QColor("#1d3b66") if not missing else QColor("#4a1d1d"))
                p.setPen(QPen(QColor("#ffb020") if chosen else QColor("#3aa0ff"), 4 if chosen else 1.5))
                p.drawRect(box)
                p.setPen(QColor("#f2f5fa") if not missing else QColor("#ff8a8a"))
                p.setFont(big)
                text = monitor if not missing else tr("%1 (không kết nối)").replace("%1", monitor)
                p.drawText(box, Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, text)
            for r in range(m.rows):
                for c in range(m.cols):
                    if m.owner(r, c) is None:
                        p.setPen(QColor("#6b7a93"))
                        p.setFont(small)
                        p.drawText(self.tile_rect(r, c), Qt.AlignmentFlag.AlignCenter, tr("(trống)"))
        p.setFont(small)
        p.setPen(QColor("#8fa3c0"))
        for r in range(m.rows):  # each position's number, as identify shows it on the wall
            for c in range(m.cols):
                p.drawText(self.tile_rect(r, c).adjusted(8, 6, -8, -6),
                           Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop, str(r * m.cols + c + 1))
        p.end()


# -- the dialog -----------------------------------------------------------------------------------------------
class ScreenMappingDialog(QDialog):
    """The screen mapping of one wall (``client``, the technician's token); every call through ``background``."""

    def __init__(self, client, background, parent: QWidget | None = None):
        super().__init__(parent)
        self.client, self._background = client, background
        self.model: ScreenMap | None = None
        self.selected: str | None = None
        self.busy = False
        self.conflict_revision: str | None = None
        self.setWindowTitle(tr("Ánh xạ màn hình"))
        self.resize(1100, 680)
        self._build()
        self.reload()
        self.call(lambda: client.call("GET", "/state"), self._got_state)

    # -- building ---------------------------------------------------------------------------------------------
    def _build(self) -> None:
        top = QHBoxLayout()
        self.identify_button = QPushButton(tr("Bật nhận diện màn hình"))
        self.identify_button.setCheckable(True)
        self.identify_button.setToolTip(tr("Mỗi màn hình của tường hiện số vị trí và tên màn hình bằng chữ lớn"))
        self.identify_button.clicked.connect(self._identify)
        self.reload_button = QPushButton(tr("Tải lại"))
        self.reload_button.setToolTip(tr("Đọc lại ánh xạ từ tường (bỏ các thay đổi chưa lưu)"))
        self.reload_button.clicked.connect(self.reload)
        top.addWidget(self.identify_button)
        top.addWidget(self.reload_button)
        top.addStretch(1)

        left = QVBoxLayout()
        left.addWidget(QLabel(tr("Màn hình đang kết nối")))
        self.monitor_list = QListWidget()
        self.monitor_list.itemClicked.connect(lambda item: self._select(item.data(Qt.ItemDataRole.UserRole)))
        left.addWidget(self.monitor_list, 1)
        self.unassign_button = QPushButton(tr("Bỏ gán màn hình đã chọn"))
        self.unassign_button.clicked.connect(self._unassign)
        left.addWidget(self.unassign_button)

        modes = QGroupBox(tr("Cách ghép màn hình"))
        mode_row = QHBoxLayout(modes)
        self.mode_group = QButtonGroup(self)
        self.mode_buttons = {}
        for i, (mode, text) in enumerate((("auto", tr("Tự động")), ("manual", tr("Gán theo vị trí")),
                                          ("virtual", tr("Tường ảo (cả tường trên một màn hình)")))):
            button = QRadioButton(text)
            self.mode_group.addButton(button, i)
            self.mode_buttons[mode] = button
            mode_row.addWidget(button)
        self.mode_group.idClicked.connect(lambda i: self._set_mode(MODES[i]))

        centre = QVBoxLayout()
        centre.addWidget(modes)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        centre.addWidget(self.hint)
        self.grid = WallGrid()
        self.grid.clicked.connect(self._position_clicked)
        centre.addWidget(self.grid, 1)
        self.outputs_problems = problem_label()
        centre.addWidget(self.outputs_problems)

        bezel = QGroupBox(tr("Viền và kích thước màn hình"))
        form = QFormLayout(bezel)
        self.bezel_x, self.bezel_x_px = _mm_box(0, 100, 2), QLabel()
        self.bezel_y, self.bezel_y_px = _mm_box(0, 100, 2), QLabel()
        form.addRow(tr("Giữa hai cột (ngang):"), _row(self.bezel_x, self.bezel_x_px))
        form.addRow(tr("Giữa hai hàng (dọc):"), _row(self.bezel_y, self.bezel_y_px))
        self.bezel_problems = problem_label()
        form.addRow(self.bezel_problems)
        self.width_mm, self.height_mm = _mm_box(1, 10000), _mm_box(1, 10000)
        form.addRow(tr("Vùng hiển thị, rộng:"), self.width_mm)
        form.addRow(tr("Vùng hiển thị, cao:"), self.height_mm)
        self.size_source = QLabel()
        self.size_source.setWordWrap(True)
        form.addRow(self.size_source)
        self.use_edid = QPushButton()
        self.use_edid.clicked.connect(self._use_measured)
        form.addRow(self.use_edid)
        self.size_problems = problem_label()
        form.addRow(self.size_problems)
        for box in (self.bezel_x, self.bezel_y, self.width_mm, self.height_mm):
            box.valueChanged.connect(self._mm_changed)
        left.addWidget(bezel)

        room = QGroupBox(tr("Phòng xem"))
        room_form = QFormLayout(room)
        self.distance = QDoubleSpinBox()
        self.distance.setRange(0.5, 100)  # the wall configuration's own limits (ioc_core/setup/wall_config.py)
        self.distance.setDecimals(1)
        self.distance.setSingleStep(0.5)
        self.distance.setToolTip(tr("Khoảng cách từ tường đến ghế xa nhất cần đọc được tường. Chữ nhỏ nhất trên "
                                    "tường được vẽ đủ lớn để đọc từ đó (16 phút góc); xa hơn thì chữ lớn hơn và "
                                    "mỗi vùng hiện ít hơn."))
        self.distance.valueChanged.connect(self._distance_changed)
        room_form.addRow(tr("Khoảng cách xem xa nhất (m):"), self.distance)
        self.distance_meaning = QLabel()
        self.distance_meaning.setWordWrap(True)
        room_form.addRow(self.distance_meaning)
        self.distance_problems = problem_label()
        room_form.addRow(self.distance_problems)
        left.addWidget(room)

        bottom = QHBoxLayout()
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.save_button = QPushButton(tr("Lưu vào tường"))
        self.save_button.clicked.connect(self.save)
        self.overwrite_button = QPushButton(tr("Lưu đè lên bản mới"))
        self.overwrite_button.setToolTip(tr("Ghi thay đổi của bạn lên bản mà người khác vừa lưu (bản đó được giữ "
                                            "lại trên tường làm bản trước)"))
        self.overwrite_button.clicked.connect(self._overwrite)
        self.overwrite_button.hide()
        close = QPushButton(tr("Đóng"))
        close.clicked.connect(self.close)
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.overwrite_button)
        bottom.addWidget(self.save_button)
        bottom.addWidget(close)

        body = QHBoxLayout()
        body.addLayout(left, 2)
        body.addLayout(centre, 5)
        outer = QVBoxLayout(self)
        outer.addLayout(top)
        outer.addLayout(body, 1)
        outer.addLayout(bottom)
        self._enable()

    # -- calls to the wall ---------------------------------------------------------------------------------------
    def call(self, fn, on_done) -> None:
        call_for(self, self._background, fn, on_done)

    def reload(self) -> None:
        self.busy = True
        self._enable()
        self._say(tr("Đang đọc cấu hình màn hình của tường…"))
        self.call(lambda: self.client.call("GET", "/screens"), self._loaded)

    def _loaded(self, a: Answer) -> None:
        self.busy = False
        if not a.ok or not isinstance(a.body, dict):
            self._say(tr("Không đọc được cấu hình màn hình: %1").replace("%1", a.reason()),
                      error=True)
            self._enable()
            return
        self.model = ScreenMap(a.body)
        self.conflict_revision = None
        self.overwrite_button.hide()
        self._select(None)
        self._show_model()
        self._say(tr("Đã đọc cấu hình màn hình của tường."))
        self.status.setToolTip(tr("Phiên bản %1").replace("%1", self.model.revision))  # for the technician
        self._show_problems(a.body.get("problems", []), a.body.get("plan", {}).get("problems", []))

    def _got_state(self, a: Answer) -> None:
        if a.ok and isinstance(a.body, dict):
            self._show_identify(bool(a.body.get("identify")))

    def _identify(self, on: bool) -> None:
        self._show_identify(on)

        def done(a: Answer) -> None:
            if not a.ok:
                self._show_identify(not on)
                self._say(tr("Không bật/tắt được nhận diện: %1").replace("%1", a.reason()), error=True)

        self.call(lambda: self.client.call("POST", "/commands", {"command": "identify", "on": on}), done)

    def _show_identify(self, on: bool) -> None:
        self.identify_button.setChecked(on)
        self.identify_button.setText(tr("Tắt nhận diện màn hình") if on else tr("Bật nhận diện màn hình"))

    def save(self) -> None:
        if self.model is None or self.busy:
            return
        body = self.model.body()
        if body is None:
            self._say(tr("Không có gì thay đổi so với cấu hình trên tường."))
            return
        self.busy = True
        self._enable()
        self._say(tr("Đang lưu…"))
        self.call(lambda: self.client.call("PUT", "/screens", body), self._saved)

    def _overwrite(self) -> None:
        """Save the technician's edits over the colleague's version (which the wall keeps as its previous one)."""
        if self.model is not None and self.conflict_revision:
            self.model.revision = self.conflict_revision
            self.save()

    def _saved(self, a: Answer) -> None:
        self.busy = False
        self._enable()
        body = a.body if isinstance(a.body, dict) else {}
        if a.ok:
            note = body.get("not_applied") or ""
            said = tr("Đã lưu.") + " " + (note or tr("Tường đã áp dụng."))
            self.status.setToolTip(tr("Phiên bản %1").replace("%1", body.get("revision", "?")))
            self.overwrite_button.hide()
            self.conflict_revision = None
            if "screens" not in body:  # saved, but the wall was too busy to describe itself: read it again
                self.reload()
                return
            self.model = ScreenMap(body)  # the wall's own reading of what was saved
            self._show_model()
            self._say(said)
            self._show_problems([], body.get("plan", {}).get("problems", []))
            return
        if a.status == 409:
            self.conflict_revision = body.get("revision")
            self.overwrite_button.setVisible(bool(self.conflict_revision))
            self._say(tr("Người khác vừa thay đổi ánh xạ màn hình. Thay đổi của bạn vẫn còn đây: bấm «Tải lại» để "
                         "xem bản mới (bỏ thay đổi của bạn), hoặc «Lưu đè lên bản mới»."), error=True)
            return
        if a.status == 400:  # the edits stay; each problem is shown where it lies
            self._say(tr("Tường từ chối: %1").replace("%1", a.reason()), error=True)
            self._show_problems(body.get("problems", []), [], keep_status=True)
            return
        self._say(tr("Không lưu được: %1 (cấu hình trên tường không đổi)").replace(
            "%1", a.reason()), error=True)

    # -- editing ------------------------------------------------------------------------------------------------
    def _select(self, monitor: str | None) -> None:
        self.selected = monitor
        self.grid.selected = monitor
        self.grid.update()
        self._show_assignments()
        if monitor:
            self._say(tr("Đã chọn %1: bấm vị trí trên tường để gán.").replace("%1", monitor))

    def _position_clicked(self, row: int, col: int) -> None:
        m = self.model
        if m is None or self.busy:
            return
        if self.selected is None:  # a monitor on the picture is picked up
            owner = m.owner(row, col) if m.mode != "virtual" else None
            if owner is not None:
                self._select(owner)
            return
        monitor = self.selected
        moved_off = m.assign(monitor, row, col)
        self._select(None)
        self._show_model()
        text = tr("%1 → %2.").replace("%1", monitor).replace("%2", position_name(row, col, m.cols))
        if moved_off:
            text += " " + tr("Đã bỏ gán: %1.").replace("%1", ", ".join(moved_off))
        self._say(text)

    def _unassign(self) -> None:
        if self.model is None or self.selected is None:
            return
        self.model.unassign(self.selected)
        self._select(None)
        self._show_model()

    def _set_mode(self, mode: str) -> None:
        if self.model is not None:
            self.model.set_mode(mode)
            self._show_model()

    def _use_measured(self) -> None:
        if self.model is not None and self.model.use_measured():
            self._show_model()

    def _mm_changed(self, *_args) -> None:
        m = self.model
        if m is None or self._filling:
            return
        m.bezel_mm = (self.bezel_x.value(), self.bezel_y.value())
        m.size_mm = (self.width_mm.value(), self.height_mm.value())
        self._show_px()
        self._show_distance()
        self.grid.update()

    def _distance_changed(self, value: float) -> None:
        m = self.model
        if m is None or self._filling or m.distance_m is None:
            return
        m.distance_m = value
        self._show_distance()

    # -- showing ------------------------------------------------------------------------------------------------
    _filling = False

    def _show_model(self) -> None:
        m = self.model
        self.grid.set_model(m)
        self._filling = True
        try:
            self.mode_buttons[m.mode].setChecked(True)
            self.bezel_x.setValue(m.bezel_mm[0])
            self.bezel_y.setValue(m.bezel_mm[1])
            self.width_mm.setValue(m.size_mm[0])
            self.height_mm.setValue(m.size_mm[1])
            if m.distance_m is not None:
                self.distance.setValue(m.distance_m)
        finally:
            self._filling = False
        configured = tr("cấu hình: %1 × %2 mm").replace("%1", f"{m.config_mm[0]:g}").replace(
            "%2", f"{m.config_mm[1]:g}")
        self.size_source.setText(
            (tr("Theo kích thước thật màn hình %1 báo (EDID)").replace("%1", m.size_from) if m.size_from
             else tr("Theo cấu hình của tường")) + "; " + configured)
        name, size = m.measured
        self.use_edid.setText(tr("Dùng kích thước màn hình %1 báo: %2 × %3 mm").replace("%1", name or "?").replace(
            "%2", f"{size[0]:g}").replace("%3", f"{size[1]:g}"))
        self.use_edid.setVisible(bool(name) and (m.size_from != name or m.size_mm != size))
        click = tr("Bấm một màn hình (trong danh sách hoặc trên hình), rồi bấm vị trí trên tường.")
        self.hint.setText(tr("Tự động: theo vị trí các màn hình trong cài đặt hiển thị của máy.") + " " + click
                          if m.mode == "auto" else click)
        self._show_px()
        self._show_distance()
        self._show_monitors()
        self._enable()

    def _show_px(self) -> None:
        x, y = self.model.bezel_px()
        self.bezel_x_px.setText(tr("= %1 px").replace("%1", str(x)))
        self.bezel_y_px.setText(tr("= %1 px").replace("%1", str(y)))

    def _show_distance(self) -> None:
        """What the distance means: the smallest capital height on the panels, and its angle from that seat."""
        cap = self.model.cap_px() if self.model is not None else None
        self.distance.setVisible(cap is not None)
        self.distance_meaning.setText(
            tr("Chữ hoa cao ít nhất %1 điểm ảnh (%2 phút góc)").replace("%1", f"{cap:.0f}").replace(
                "%2", f"{legibility.ARC_MINUTES:g}") if cap is not None
            else tr("Tường này không cho đặt khoảng cách xem (phiên bản cũ)"))

    def _show_monitors(self) -> None:
        """One item per connected monitor (built when the monitors are read; clicks never rebuild the list)."""
        self.monitor_list.clear()
        for mon in self.model.monitors:
            item = QListWidgetItem()
            item.setData(Qt.ItemDataRole.UserRole, mon["name"])
            self.monitor_list.addItem(item)
        self._show_assignments()

    def _show_assignments(self) -> None:
        """Each monitor's resolution, physical size and the position it is assigned to; the chosen one selected."""
        m = self.model
        if m is None:
            return
        by_name = {mon["name"]: mon for mon in m.monitors}
        for i in range(self.monitor_list.count()):
            item = self.monitor_list.item(i)
            mon = by_name[item.data(Qt.ItemDataRole.UserRole)]
            text = f"{mon['name']} · {mon['w']}×{mon['h']}"
            if mon.get("width_mm"):
                text += f" · {mon['width_mm']:g} × {mon['height_mm']:g} mm"
            made = " ".join(x for x in (mon.get("manufacturer"), mon.get("model")) if x)
            if made:
                text += f" · {made}"
            block = m.blocks.get(mon["name"]) if m.mode != "virtual" else None
            text += "\n    → " + (position_name(block[0], block[1], m.cols) if block else tr("chưa gán"))
            item.setText(text)
            item.setSelected(mon["name"] == self.selected)

    def _show_problems(self, problems: list[dict], plan: list[dict], keep_status: bool = False) -> None:
        """Each of the wall's problems under the part of the dialog it concerns; the running plan's (a monitor
        named but not connected) under the picture."""
        places = {"$.outputs": self.outputs_problems, "$.bezel_mm": self.bezel_problems,
                  "$.screen_mm": self.size_problems, "$.viewing_distance_m": self.distance_problems}
        texts: dict[QLabel, list[str]] = {label: [] for label in places.values()}
        paths: dict[QLabel, list[str]] = {label: [] for label in places.values()}
        rest = []
        for p in problems:  # worded in the console's language where the wall coded it; where it lies in a tooltip
            path = p.get("path", "")
            label = next((lbl for prefix, lbl in places.items() if path.startswith(prefix)), None)
            line = describe(p, sentence=True)
            (texts[label] if label is not None else rest).append(line)
            if label is not None and path:
                paths[label].append(f"{path}: {p.get('message', '')}")
        texts[self.outputs_problems] += [describe(p, sentence=True) for p in plan]
        for label, lines in texts.items():
            label.setText("\n".join(lines))
            label.setToolTip("\n".join(paths[label]))
            label.setVisible(bool(lines))
        if rest:
            self._say("\n".join([self.status.text(), *rest] if keep_status else rest), error=True)

    def _say(self, text: str, error: bool = False) -> None:
        self.status.setText(text)
        self.status.setStyleSheet(ERROR_STYLE if error else "")

    def _enable(self) -> None:
        ready = self.model is not None and not self.busy
        for w in (self.save_button, self.unassign_button, self.grid, self.monitor_list, self.bezel_x, self.bezel_y,
                  self.width_mm, self.height_mm, self.distance, *self.mode_buttons.values()):
            w.setEnabled(ready)
        self.reload_button.setEnabled(not self.busy)


def _mm_box(low: float, high: float, decimals: int = 1) -> QDoubleSpinBox:
    box = QDoubleSpinBox()
    box.setRange(low, high)
    box.setDecimals(decimals)
    box.setSingleStep(0.5)
    box.setSuffix(" mm")
    return box


def _row(*widgets: QWidget) -> QWidget:
    w = QWidget()
    h = QHBoxLayout(w)
    h.setContentsMargins(0, 0, 0, 0)
    for x in widgets:
        h.addWidget(x)
    h.addStretch(1)
    return w

