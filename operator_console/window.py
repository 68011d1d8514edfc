"""The console's main window: walls on the left, the chosen wall's live preview in the middle, the palette of views,
layouts, screen controls and alerts on the right. Every network call runs on a worker thread; the window only
hears the results, so an unreachable wall never freezes it."""

from __future__ import annotations

import json
import logging
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from PySide6.QtCore import QCoreApplication, QMimeData, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QDrag, QImage
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from operator_console.client import Answer, EventStream, WallClient
from operator_console.colleagues import (
    Action,
    RegionChange,
    conflict_question,
    fill,
    region_changes,
    regions_of,
    replaced_text,
    who_text,
)
from operator_console.hub_status import groups_text, hub_text, is_trouble
from operator_console.meeting import MeetingBar
from operator_console.power_panel import PowerBox
from operator_console.preview import VIEW_MIME, WallPreview, bare_view, changed_screens, tr, view_title, view_titles
from operator_console.problem_text import describe_warning
from operator_console.wall_requests import WallRequestsPanel, pending

log = logging.getLogger(__name__)
LISTS = ("/wall", "/layouts", "/views", "/alerts", "/presets", "/rules")  # what a console shows of a chosen wall


@dataclass
class WallEntry:
    name: str
    url: str
    token: str
    rows: int = 3
    cols: int = 3
    status: str = "unknown"  # unknown | online | offline
    client: WallClient | None = None
    stream: EventStream | None = None
    state: dict | None = None
    clients: list = field(default_factory=list)
    key: str = ""  # zeroconf service name, when found on the LAN
    advertised: bool = False  # currently announced on the LAN
    role: str = ""  # the token's role on this wall (viewer, operator, technician), from GET /wall
    screens: dict | None = None  # what the screens do: {"on", "state", "next_change"} (the state, power events)
    lists: str = "missing"  # missing | asking | fetched: its lists (LISTS), asked for while it is the chosen wall
    asks: int = 0  # how many times they were asked for: only the latest ask's answers count
    changes: dict[str, RegionChange] = field(default_factory=dict)  # region id -> its last change heard of
    pin: str = ""  # its trusted certificate fingerprint, an https wall's (operator_console/pinning.py)
    audit: dict | None = None  # its audit log's hold (a full disk): GET /health's "audit" and its "audit" events
    audit_heard: int = 0  # "audit" events heard: a GET /health asked before the latest one is older than it
    hub: dict | None = None  # the IOC hub it takes its data from: GET /health's "hub" (None: its own sources)
    hub_known: bool = False  # whether a GET /health has answered (until then nothing is said of its hub)
    health_asked: bool = False  # a GET /health on its way: the next poll does not pile another on a slow wall
    requests: list | None = None  # leaders' wall requests its hub publishes (None: no hub, or not heard yet)


class _Bridge(QObject):
    done = Signal(object, object)  # callback, result: from worker threads to the GUI thread
    event = Signal(str, str, dict)  # wall url, kind, data
    link = Signal(str, bool, str)  # wall url, connected, why


class Palette(QListWidget):
    """The views a wall offers; dragged onto a region of the preview (or chosen, then Enter on the preview)."""

    dragBegan = Signal()  # noqa: N815 (Qt's naming of signals)
    dragEnded = Signal()  # noqa: N815

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setDragEnabled(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.setAccessibleName(tr("Danh sách khung nhìn"))

    def set_views(self, views: list[dict]) -> None:
        self.clear()
        for v in views:
            view = bare_view(v)
            item = QListWidgetItem(view_title(v))
            item.setData(Qt.ItemDataRole.UserRole, view)
            item.setToolTip(json.dumps(view, ensure_ascii=False))
            self.addItem(item)

    def chosen(self) -> dict | None:
        item = self.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def mime_for(self, view: dict) -> QMimeData:
        mime = QMimeData()
        mime.setData(VIEW_MIME, json.dumps(view).encode())
        mime.setText(json.dumps(view, ensure_ascii=False))
        return mime

    def startDrag(self, actions) -> None:  # noqa: N802
        view = self.chosen()
        if view is None:
            return
        drag = QDrag(self)
        drag.setMimeData(self.mime_for(view))
        self.dragBegan.emit()
        try:
            drag.exec(Qt.DropAction.CopyAction)  # the drop (and its command) happens in here
        finally:
            self.dragEnded.emit()


class AddWallDialog(QDialog):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWindowTitle(tr("Thêm tường theo địa chỉ"))
        form = QFormLayout(self)
        self.url = QLineEdit("http://", self)
        self.token = QLineEdit(self)
        self.token.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(tr("Địa chỉ"), self.url)
        form.addRow(tr("Mã truy cập"), self.token)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)


def _choice_box(title: str, combo: QComboBox, actions) -> QGroupBox:
    """A titled row: a choice, then a button per (label, action)."""
    box = QGroupBox(title)
    column = QVBoxLayout(box)
    row = QHBoxLayout()
    row.addWidget(combo, 1)
    if len(actions) > 1:  # the buttons on their own row: the choice as wide as the box, its names shown whole
        column.addLayout(row)
        row = QHBoxLayout()
        column.addLayout(row)
    else:
        column.addLayout(row)
    combo.setMinimumContentsLength(24)
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    for label, action in actions:
        button = QPushButton(label)
        button.clicked.connect(action)
        row.addWidget(button)
    return box


class ConsoleWindow(QMainWindow):
    SNAPSHOT_EVERY_MS = 5000
    HEALTH_EVERY_MS = 10000  # each reachable wall's GET /health (its hub's link, its audit hold), one timer for all
    trust = None  # operator_console/pinning.WallTrust (the app's): walls added by address go through it

    def __init__(self, client_name: str = "ioc-console"):
        super().__init__()
        self.client_name = client_name
        self.setWindowTitle(tr("IOC Wall — Bàn điều khiển"))
        self.walls: dict[str, WallEntry] = {}
        self.current: WallEntry | None = None
        self.views_titles: dict[str, str] = {}
        self.cameras: list[dict] = []  # the wall's cameras (names and groups), for pinning one of a grid
        self.last_result = ""
        # the action its operator began (what the wall judges it against), whether a drag from the palette is under
        # way, and the last change this console had applied (wall, regions, revision): said to be replaced if a
        # colleague changes one of its regions afterwards
        self._action: Action | None = None
        self._dragging = False
        self._applied: tuple[str, list[str], int] | None = None
        self._pool = ThreadPoolExecutor(max_workers=4, thread_name_prefix="console")
        self._bridge = _Bridge()
        self._bridge.done.connect(self._deliver)  # a bound slot: nothing is delivered once the window is gone
        self._closing = False
        self._bridge.event.connect(self._on_event)
        self._bridge.link.connect(self._on_link)
        self._snap_busy = False
        self._snap_pending: set[tuple[int, int]] = set()
        self._build()
        self._snap_timer = QTimer(self, interval=self.SNAPSHOT_EVERY_MS)
        self._snap_timer.timeout.connect(self.refresh_snapshots)
        self._snap_timer.start()
        self._health_timer = QTimer(self, interval=self.HEALTH_EVERY_MS)
        self._health_timer.timeout.connect(self.poll_health)
        self._health_timer.start()

    # -- layout of the window ------------------------------------------------------------------------------
    def _build(self) -> None:
        left = QWidget()
        lv = QVBoxLayout(left)
        lv.addWidget(QLabel(tr("Tường màn hình")))
        self.wall_list = QListWidget()
        self.wall_list.currentItemChanged.connect(lambda cur, _prev: cur and self.select_wall(cur.data(
            Qt.ItemDataRole.UserRole)))
        lv.addWidget(self.wall_list)
        self.hub_groups = QLabel("")  # which walls are on which hub, a line per hub
        self.hub_groups.setWordWrap(True)
        self.hub_groups.setAccessibleName(tr("Tường theo trung tâm dữ liệu"))
        self.hub_groups.setVisible(False)
        lv.addWidget(self.hub_groups)
        add = QPushButton(tr("Thêm tường theo địa chỉ…"))
        add.clicked.connect(self._ask_wall)
        lv.addWidget(add)

        centre = QWidget()
        cv = QVBoxLayout(centre)
        self.heading = QLabel(tr("Chưa chọn tường"))
        self.others = QLabel("")
        cv.addWidget(self.heading)
        self.hub_label = QLabel("")  # the chosen wall's hub and its link (red while lost)
        self.hub_label.setWordWrap(True)
        cv.addWidget(self.hub_label)
        cv.addWidget(self.others)
        self.audit_label = QLabel("")  # the chosen wall's audit records held by a full disk: red, until written
        self.audit_label.setWordWrap(True)
        self.audit_label.setStyleSheet("color: #d32f2f; font-weight: bold;")
        self.audit_label.setVisible(False)
        cv.addWidget(self.audit_label)
        self.requests_panel = WallRequestsPanel(self)  # leaders' requests for a wall on a data hub, seen at once
        cv.addWidget(self.requests_panel)
        self.preview = WallPreview()
        self.preview.viewDropped.connect(self.show_view)
        self.preview.applyRequested.connect(self._apply_chosen)
        self.preview.clearRequested.connect(lambda rid: self.send({"command": "clear_region", "region": rid}))
        self.preview.swapRequested.connect(lambda rid: self.swap_step())
        self.preview.regionSelected.connect(self._region_selected)
        self._swap_from: str | None = None
        cv.addWidget(self.preview, 1)
        self.result_label = QLabel("")
        self.result_label.setWordWrap(True)
        cv.addWidget(self.result_label)
        self.meeting_bar = MeetingBar(self._background, lambda: self.current.client if self.current else None)
        self.meeting_bar.command.connect(self.send)
        cv.addWidget(self.meeting_bar)

        right = QWidget()
        rv = QVBoxLayout(right)
        self.layout_combo = QComboBox()
        rv.addWidget(_choice_box(tr("Bố cục"), self.layout_combo, [(tr("Áp dụng"), self._apply_layout)]))
        self.preset_combo = QComboBox()
        presets = _choice_box(tr("Cảnh đã lưu"), self.preset_combo,
                              [(tr("Gọi lại"), self._recall_preset), (tr("Lưu cảnh…"), self._save_preset),
                               (tr("Đổi tên…"), self._rename_preset), (tr("Xoá"), self._delete_preset)])
        # saving, renaming and deleting a preset change the wall's configuration: the technician's
        self.preset_edit_buttons = presets.findChildren(QPushButton)[1:]
        rv.addWidget(presets)
        rv.addWidget(QLabel(tr("Khung nhìn (kéo thả vào vùng, hoặc chọn rồi nhấn Enter trên tường)")))
        self.palette = Palette()
        self.palette.dragBegan.connect(self._drag_began)
        self.palette.dragEnded.connect(self._drag_ended)
        self.palette.currentItemChanged.connect(lambda cur, _prev: cur and self.begin_action(
            self.preview.selected, fresh=False))  # the view picker: part of an action on the chosen region
        rv.addWidget(self.palette, 2)
        clear_row = QHBoxLayout()
        self.clear_button = QPushButton(tr("Xóa khung nhìn (Delete)"))
        self.clear_button.setToolTip(tr("Bỏ khung nhìn của vùng đang chọn: vùng để trống (phím Delete trên hình "
                                        "xem trước)"))
        self.clear_button.clicked.connect(self._clear_chosen)
        clear_row.addWidget(self.clear_button)
        rv.addLayout(clear_row)
        pin_row = QHBoxLayout()
        self.pin_button = QPushButton(tr("Ghim một camera…"))
        self.pin_button.setToolTip(tr("Vùng đang chọn hiển thị lưới camera: một camera của nhóm phủ cả vùng"))
        self.pin_button.clicked.connect(self._ask_pin)
        unpin = QPushButton(tr("Bỏ ghim"))
        unpin.clicked.connect(lambda: self.preview.selected and self.pin_camera(self.preview.selected, None))
        pin_row.addWidget(self.pin_button)
        pin_row.addWidget(unpin)
        rv.addLayout(pin_row)
        screen_box = QGroupBox(tr("Màn hình của vùng đang chọn"))
        sh = QHBoxLayout(screen_box)
        for text, cmd in ((tr("Tắt hình"), "blackout"), (tr("Bật lại"), "unblank")):
            b = QPushButton(text)
            b.clicked.connect(lambda _=False, c=cmd: self._screen_command(c))
            sh.addWidget(b)
        self.swap_button = QPushButton(tr("Đổi chỗ…"))
        self.swap_button.setToolTip(tr("Chọn vùng thứ nhất, nhấn Đổi chỗ, chọn vùng thứ hai, nhấn lại (phím X)"))
        self.swap_button.clicked.connect(self.swap_step)
        sh.addWidget(self.swap_button)
        self.identify_button = QPushButton(tr("Nhận diện màn hình"))
        self.identify_button.setCheckable(True)
        self.identify_button.toggled.connect(lambda on: self.send({"command": "identify", "on": on}))
        sh.addWidget(self.identify_button)
        rv.addWidget(screen_box)
        self.power_box = PowerBox()
        self.power_box.command.connect(self.send)
        rv.addWidget(self.power_box)
        rv.addWidget(QLabel(tr("Quy tắc cảnh báo (bỏ chọn để tạm dừng)")))
        self.rule_list = QListWidget()
        self.rule_list.setMaximumHeight(110)
        self.rule_list.itemChanged.connect(self._rule_toggled)
        rv.addWidget(self.rule_list)
        rv.addWidget(QLabel(tr("Cảnh báo")))
        self.alert_list = QListWidget()
        rv.addWidget(self.alert_list, 1)
        ack = QPushButton(tr("Xác nhận cảnh báo"))
        ack.clicked.connect(self._ack_selected)
        rv.addWidget(ack)

        split = QSplitter()
        for w, stretch in ((left, 1), (centre, 4), (right, 2)):
            split.addWidget(w)
            split.setStretchFactor(split.count() - 1, stretch)
        self.setCentralWidget(split)
        self.resize(1500, 850)
        self._build_technician_menu()

    def _build_technician_menu(self) -> None:
        """The technician's tools (layout editor, screen mapping, catalogue), each its own window; enabled when the
        chosen wall's token is the technician's."""
        menu = self.menuBar().addMenu(tr("Kỹ thuật"))
        self.tech_actions = [
            menu.addAction(tr("Sửa bố cục…"), self.open_layout_editor),
            menu.addAction(tr("Ánh xạ màn hình…"), self.open_screen_mapping),
            menu.addAction(tr("Danh mục: camera, trang web, chỉ tiêu…"), self.open_catalogue),
        ]
        analysis = self.menuBar().addMenu(tr("Phân tích"))  # reading figures: any role's token
        self.correlation_action = analysis.addAction(tr("Tương quan giữa hai chỉ tiêu…"), self.open_correlation)
        self._show_role()

    def _show_role(self) -> None:
        technician = self.current is not None and self.current.role == "technician"
        for action in self.tech_actions:
            action.setEnabled(technician)
        for button in self.preset_edit_buttons:
            button.setEnabled(technician)

    def _open_tool(self, make) -> QWidget | None:
        """A technician's window for the chosen wall (``make(client, background, parent)``): a child of this one,
        which keeps it until it is closed (then deleted)."""
        if self.current is None or self.current.client is None:
            return None
        window = make(self.current.client, self._background, self)
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        window.show()
        return window

    def open_layout_editor(self) -> QWidget | None:
        from operator_console.layout_editor import LayoutEditor

        return self._open_tool(LayoutEditor)

    def open_screen_mapping(self) -> QWidget | None:
        from operator_console.screen_mapping import ScreenMappingDialog

        return self._open_tool(ScreenMappingDialog)

    def open_correlation(self) -> QWidget | None:
        """Two indicators' lagged correlation on the chosen wall (GET /correlation), drawn with its caveats."""
        from operator_console.correlation import CorrelationDialog

        return self._open_tool(CorrelationDialog)

    def open_catalogue(self) -> QWidget | None:
        from operator_console.catalogue_forms import CatalogueDialog

        return self._open_tool(CatalogueDialog)

    # -- walls ---------------------------------------------------------------------------------------------
    def add_wall(self, name: str, url: str, token: str, rows: int = 3, cols: int = 3, key: str = "",
                 pin: str = "") -> WallEntry:
        entry = self.walls.get(url)
        if entry is None:
            entry = self.walls[url] = WallEntry(name, url, token, rows, cols, pin=pin)
            item = QListWidgetItem(name)
            item.setData(Qt.ItemDataRole.UserRole, url)
            self.wall_list.addItem(item)
        entry.key = key or entry.key
        entry.advertised = bool(key) or entry.advertised
        self._connect(entry)
        if self.current is None:
            self.wall_list.setCurrentRow(self.wall_list.count() - 1)
        self._refresh_wall_list()
        return entry

    def lose_wall(self, key: str) -> None:
        """Zeroconf says a wall left the LAN: marked so (its stream keeps retrying, so a wall that only restarted
        comes back on its own); a wall added by address is never dropped this way."""
        for entry in self.walls.values():
            if entry.key == key:
                entry.advertised = False
                if entry.status != "online":
                    entry.status = "offline"
        self._refresh_wall_list()

    def _connect(self, entry: WallEntry) -> None:
        if entry.stream is not None:
            return
        entry.client = WallClient(entry.url, entry.token, self.client_name, pin=entry.pin)
        bridge, url = self._bridge, entry.url
        entry.stream = EventStream(entry.client, lambda kind, data: bridge.event.emit(url, kind, data),
                                   lambda ok, why: bridge.link.emit(url, ok, why))
        entry.stream.start()

    def select_wall(self, url: str) -> None:
        self.current = self.walls.get(url)
        self._show_role()
        if self.current is None:
            return
        self.preview.snapshots = {}
        self.preview.set_wall_size(self.current.rows, self.current.cols)
        self.meeting_bar.set_wall_size(self.current.rows, self.current.cols)
        self.heading.setText(self.current.name)
        if self.current.state:
            self.preview.set_state(self.current.state)
        self.meeting_bar.set_state(self.current.state or {})
        self._show_power()
        self._show_audit()
        self._show_hub()
        self.requests_panel.wall_changed(self.current)
        self._fetch_lists()
        self.refresh_snapshots()

    def _show_power(self) -> None:
        entry = self.current
        self.power_box.set_state((entry.state if entry else None) or {}, entry.screens if entry else None)
        self.preview.set_screens(entry.screens if entry else None)

    def _fetch_lists(self) -> None:
        """The current wall's size, layouts, views, alerts, presets and rules: on choosing the wall and again when
        its link comes back (fetched while the link was down they are missing, and they may have changed)."""
        entry = self.current
        client, linked = entry.client, entry.status == "online"
        entry.lists, entry.asks = "asking", entry.asks + 1
        ask = entry.asks
        self._background(lambda: tuple(client.call("GET", path) for path in LISTS),
                         lambda answers: self._got_lists(entry, ask, answers, linked))

    def _got_lists(self, entry: WallEntry, ask: int, answers, linked: bool) -> None:
        """``linked``: the link was up when they were asked for. If it came up while they were on their way (it
        asked for nothing then) and they did not reach the wall, they are asked for again."""
        if ask != entry.asks:  # asked for again since: those answers will be shown
            return
        reached = not isinstance(answers, Answer) and all(a.status != 0 for a in answers)
        entry.lists = "fetched" if reached else "missing"
        if entry is not self.current:
            return
        self._got_wall(answers)
        if not reached and not linked and entry.status == "online":
            self._fetch_lists()

    def _got_wall(self, answers) -> None:
        if self.current is None or isinstance(answers, Answer):
            return
        info, layouts, views, alerts, presets, rules = answers
        if rules.ok:
            self._show_rules(rules.body["rules"])
        if presets.ok:
            self._show_presets(presets.body["presets"])
        if info.ok:
            self.current.rows, self.current.cols = info.body["rows"], info.body["cols"]
            self.current.role = info.body.get("you", {}).get("role", "")
            self._show_role()
            self.preview.set_wall_size(self.current.rows, self.current.cols)
            self.meeting_bar.set_wall_size(self.current.rows, self.current.cols)
        if layouts.ok:
            self._show_layouts(layouts.body["layouts"])
        self._got_views(views)
        if alerts.ok:
            self._show_alerts(alerts.body["alerts"])

    def _fetch_views(self) -> None:
        """The palette again, alone: what a catalogue change alters."""
        entry = self.current
        client = entry.client
        self._background(lambda: client.call("GET", "/views"),
                         lambda views: self._got_views(views) if entry is self.current else None)

    def _got_views(self, views: Answer) -> None:
        if not views.ok:
            return
        self.palette.set_views(views.body["views"])
        self.cameras = views.body.get("cameras", [])
        self.views_titles = view_titles(views.body["views"])
        self.preview.titles = self.views_titles

    def _show_layouts(self, layouts: list[dict]) -> None:
        self.layout_combo.clear()
        for lay in layouts:
            self.layout_combo.addItem(lay["title"]["vi"], lay["id"])
        self._show_current_layout()

    def _show_current_layout(self) -> None:
        layout = (self.current.state or {}).get("layout") if self.current else None
        i = self.layout_combo.findData(layout)
        if i >= 0:
            self.layout_combo.setCurrentIndex(i)

    def _refresh_wall_list(self) -> None:
        marks = {"online": "● ", "offline": "○ ", "unknown": "… "}
        for i in range(self.wall_list.count()):
            item = self.wall_list.item(i)
            entry = self.walls[item.data(Qt.ItemDataRole.UserRole)]
            status = {"online": tr("đã kết nối"), "offline": tr("không kết nối được"),
                      "unknown": tr("đang kết nối")}[entry.status]
            gone = tr(" (không còn trên mạng LAN)") if entry.key and not entry.advertised else ""
            text = f"{marks[entry.status]}{entry.name} — {status}{gone}"
            if entry.hub_known:  # its hub on a line of its own, under the wall's own state
                text += "\n    " + hub_text(entry.hub, reachable=entry.status == "online")
            waiting = len(pending(entry.requests))
            if waiting:  # leaders waiting for an answer: seen whichever wall is chosen
                text += "\n    " + tr("⚑ %1 yêu cầu từ lãnh đạo đang chờ").replace("%1", str(waiting))
            item.setText(text)
            lost = entry.status == "online" and is_trouble(entry.hub)
            item.setData(Qt.ItemDataRole.ForegroundRole, QColor("#d32f2f") if lost else None)
        known = [(e.name, e.hub) for e in self.walls.values() if e.hub_known]
        # the grouping matters once a hub is in the picture: walls all on their own sources need no such line
        grouped = groups_text(known) if any(hub is not None for _name, hub in known) else ""
        self.hub_groups.setText(grouped)
        self.hub_groups.setVisible(bool(grouped))

    def _ask_wall(self) -> None:
        dialog = AddWallDialog(self)
        if dialog.exec():
            url = dialog.url.text().strip()
            if self.trust is not None:  # an https wall's certificate is shown to the operator first
                self.trust.by_address(url, dialog.token.text().strip())
            else:
                self.add_wall(url, url, dialog.token.text().strip())

    # -- events from walls ---------------------------------------------------------------------------------
    def _on_link(self, url: str, connected: bool, why: str) -> None:
        entry = self.walls.get(url)
        if entry is None:
            return
        status, status_was = ("online" if connected else "offline"), entry.status
        # back after a loss (what changed meanwhile was missed), or up with lists that did not reach the wall; not
        # up for the first time while they are on their way
        back = connected and (entry.status == "offline" or entry.lists == "missing")
        if status != entry.status:
            log.info("wall '%s' at %s: %s%s", entry.name, entry.url, "connected" if connected else "not reachable",
                     f" ({why})" if why else "")
        entry.status = status
        if back and entry is self.current:
            self._fetch_lists()
            self.requests_panel.fetch(entry)  # what changed while the link was down
        if connected and status_was != "online":
            self._fetch_health(entry)  # its hub, and the audit records it held before this console heard its events
            if entry is not self.current:  # (the chosen wall's are asked for as it is chosen, and when back)
                self.requests_panel.fetch(entry)  # leaders' requests waiting at its hub (none: no hub)
        self._refresh_wall_list()
        if entry is self.current:
            self._show_hub()
            self.preview.reachable = connected
            self.preview.update()
            if not connected:
                self.result_label.setText(tr("Mất kết nối với tường: %1 (đang thử lại)").replace("%1", why))

    def _on_event(self, url: str, kind: str, data: dict) -> None:
        entry = self.walls.get(url)
        if entry is None:
            return
        if kind == "state":
            old, entry.state = entry.state, data
            entry.changes.update(region_changes(old, data))
            entry.screens = data.get("screen_power", entry.screens)  # the whole state has it; a change, not
            if entry is self.current:
                self.preview.set_state(data)
                self.meeting_bar.set_state(data)
                self._show_power()
                self._show_current_layout()
                paused = set(data.get("paused_rules", []))
                self.rule_list.blockSignals(True)
                for i in range(self.rule_list.count()):
                    item = self.rule_list.item(i)
                    off = item.data(Qt.ItemDataRole.UserRole) in paused
                    item.setCheckState(Qt.CheckState.Unchecked if off else Qt.CheckState.Checked)
                self.rule_list.blockSignals(False)
                self.refresh_snapshots(changed_screens(old, data, entry.rows, entry.cols))
                self._check_applied()
        elif kind == "power":  # the screens switched on or off (the schedule, an operator, a critical alert)
            entry.screens = data
            if entry is self.current:
                self._show_power()
        elif kind == "clients":
            entry.clients = data.get("clients", [])
        elif kind == "layouts" and entry is self.current:  # a technician saved or deleted a layout: the event has them
            self._show_layouts(data.get("layouts", []))
        elif kind == "catalogue" and entry is self.current and data.get("kind") != "indicator":
            self._fetch_views()  # a camera or a page added or removed: the palette; an indicator changes none of it
        elif kind == "audit":  # records a full disk holds: when the hold begins, fills and empties
            entry.audit, entry.audit_heard = data, entry.audit_heard + 1
            if entry is self.current:
                self._show_audit()
        elif kind == "hub_requests":  # a leader asked, or a colleague answered: the wall's list from its hub
            entry.requests = [d for d in data.get("requests") or [] if isinstance(d, dict)]
            self.requests_panel.heard(entry)
        elif kind == "alert" and entry is self.current:
            client = entry.client
            self._background(lambda: client.call("GET", "/alerts"),
                             lambda a: a.ok and self._show_alerts(a.body["alerts"]))
        if entry is self.current:
            others = [f"{c['client'] or c['name']} ({c['name']})" for c in entry.clients
                      if c.get("client") != self.client_name]
            self.others.setText(tr("Đang kết nối cùng: %1").replace("%1", ", ".join(others)) if others else "")

    def poll_health(self) -> None:
        """Every reachable wall's GET /health, on the workers (the timer's): a hub lost or back shows within a
        poll; a wall still answering the last ask is not asked again."""
        for entry in self.walls.values():
            if entry.status == "online" and entry.client is not None and not entry.health_asked:
                self._fetch_health(entry)

    def _fetch_health(self, entry: WallEntry) -> None:
        client, heard = entry.client, entry.audit_heard
        entry.health_asked = True

        def got(answer: Answer) -> None:
            entry.health_asked = False
            if not (answer.ok and isinstance(answer.body, dict)):
                return
            body = answer.body
            hub = body.get("hub")  # absent (a wall from before hubs) or null: it runs its own sources
            entry.hub, entry.hub_known = (hub if isinstance(hub, dict) else None), True
            self._refresh_wall_list()
            if entry is self.current:
                self._show_hub()
            if heard == entry.audit_heard and "audit" in body:  # not when an "audit" event since is newer
                entry.audit = body["audit"]
                if entry is self.current:
                    self._show_audit()

        self._background(lambda: client.call("GET", "/health"), got)

    def _show_hub(self) -> None:
        """The chosen wall's hub and its link, in red while it is lost (the wall's figures are ageing)."""
        entry = self.current
        if entry is None or not entry.hub_known:
            self.hub_label.setText("")
            self.hub_label.setVisible(False)
            return
        online = entry.status == "online"
        self.hub_label.setText(hub_text(entry.hub, reachable=online))
        self.hub_label.setStyleSheet("color: #d32f2f; font-weight: bold;" if online and is_trouble(entry.hub)
                                     else "")
        self.hub_label.setVisible(True)

    def _show_audit(self) -> None:
        """The chosen wall's audit records waiting on a full disk, in red; nothing once they are written."""
        audit = (self.current.audit if self.current else None) or {}
        held = int(audit.get("held") or 0)
        if held <= 0:
            self.audit_label.setText("")
            self.audit_label.setVisible(False)
            return
        text = tr("Ổ đĩa của tường đầy: %1 bản ghi nhật ký kiểm toán chờ ghi.").replace("%1", str(held))
        if audit.get("full"):
            text += " " + tr("Lệnh bị từ chối cho đến khi ghi được.")
        text += " " + tr("Nhờ kỹ thuật viên giải phóng dung lượng ổ đĩa của tường.")
        self.audit_label.setText("⚠ " + text)
        self.audit_label.setVisible(True)

    def _show_alerts(self, alerts: list[dict]) -> None:
        self.alert_list.clear()
        for a in alerts:
            mark = "◆" if a["severity"] == "critical" else "▲"
            ack = tr(" (đã xác nhận: %1)").replace("%1", a["acknowledged_by"]) if a.get("acknowledged_by") else ""
            item = QListWidgetItem(f"{mark} {a['message_vi']}{ack}")
            item.setData(Qt.ItemDataRole.UserRole, a["id"])
            self.alert_list.addItem(item)

    # -- snapshots -----------------------------------------------------------------------------------------
    def refresh_snapshots(self, screens: set | None = None) -> None:
        """Fetch the snapshots of ``screens`` (default: all). Each is a render on the wall's GUI thread, so a
        change asks only for the screens it touched; asks made while a fetch is out are gathered for the next."""
        entry = self.current
        if entry is None or entry.client is None or entry.status == "offline":
            return
        every = {(r, c) for r in range(entry.rows) for c in range(entry.cols)}
        self._snap_pending |= every if screens is None else (screens & every)
        if self._snap_busy or not self._snap_pending:
            return
        self._snap_busy = True
        client, wanted, self._snap_pending = entry.client, sorted(self._snap_pending), set()

        def fetch():
            return entry, {pos: client.snapshot(*pos, 400) for pos in wanted}

        self._background(fetch, self._got_snapshots)

    def _got_snapshots(self, result) -> None:
        self._snap_busy = False
        if isinstance(result, Answer):
            return
        entry, answers = result
        if entry is not self.current:
            return
        for pos, a in answers.items():
            if a.ok and isinstance(a.body, bytes):
                self.preview.snapshots[pos] = QImage.fromData(a.body)
        self.preview.update()
        if self._snap_pending:
            self.refresh_snapshots(set())

    # -- commands ------------------------------------------------------------------------------------------
    def show_view(self, region: str, view: dict) -> None:
        self.send({"command": "show_view", "region": region, "view": view})

    def _clear_chosen(self) -> None:
        """The chosen region emptied (the button; the Delete key on the preview does the same)."""
        if self.preview.selected:
            self.send({"command": "clear_region", "region": self.preview.selected})

    def _apply_chosen(self, region: str) -> None:
        view = self.palette.chosen()
        if view is None:
            self.result_label.setText(tr("Chọn một khung nhìn trong danh sách trước"))
            return
        self.show_view(region, view)

    def pin_camera(self, region_id: str, camera: str | None) -> None:
        """Shows one camera of the region's camera grid over the whole region (None: the grid again)."""
        view = (self.preview.region(region_id) or {}).get("view") or {}
        if view.get("kind") != "camera_grid":
            self.result_label.setText(tr("Vùng %1 không hiển thị lưới camera").replace("%1", region_id))
            return
        pinned = {k: v for k, v in view.items() if k != "pin"}
        if camera:
            pinned["pin"] = camera
        self.show_view(region_id, pinned)

    def _ask_pin(self) -> None:
        from PySide6.QtWidgets import QInputDialog

        rid = self.preview.selected
        view = (self.preview.region(rid) or {}).get("view") or {} if rid else {}
        if view.get("kind") != "camera_grid":
            self.result_label.setText(tr("Chọn một vùng đang hiển thị lưới camera trước"))
            return
        members = [c for c in self.cameras if c.get("group") == view.get("group")]
        lang = QCoreApplication.instance().property("language") or "vi"  # set by app.install_language
        names = [f"{c['name'].get(lang) or c['name']['vi']} ({c['id']})" for c in members]  # ids: names repeat
        if not names:
            return
        self.begin_action(rid, fresh=False)  # the camera picker: the pin is judged against the grid seen now
        name, ok = QInputDialog.getItem(self, tr("Ghim camera"), tr("Camera hiển thị trên cả vùng %1").replace(
            "%1", rid), names, 0, False)
        if ok and name in names:
            self.pin_camera(rid, members[names.index(name)]["id"])

    def _apply_layout(self) -> None:
        layout = self.layout_combo.currentData()
        if layout:
            self.send({"command": "apply_layout", "layout": layout})

    def _show_rules(self, rules: list[dict]) -> None:
        self.rule_list.blockSignals(True)
        self.rule_list.clear()
        for r in rules:
            item = QListWidgetItem(f"{r['name']} → {r['region']}")
            item.setData(Qt.ItemDataRole.UserRole, r["id"])
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked if r["paused"] else Qt.CheckState.Checked)
            self.rule_list.addItem(item)
        self.rule_list.blockSignals(False)

    def _rule_toggled(self, item: QListWidgetItem) -> None:
        paused = item.checkState() != Qt.CheckState.Checked
        self.send({"command": "pause_rule", "rule": item.data(Qt.ItemDataRole.UserRole), "paused": paused})

    def _show_presets(self, presets: list[dict]) -> None:
        chosen = self.preset_combo.currentData()
        self.preset_combo.clear()
        for pr in presets:
            self.preset_combo.addItem(pr["name"], pr["name"])
        i = self.preset_combo.findData(chosen)
        if i >= 0:
            self.preset_combo.setCurrentIndex(i)

    def _recall_preset(self) -> None:
        name = self.preset_combo.currentData()
        if name:
            self.send({"command": "recall_preset", "name": name})

    def _save_preset(self) -> None:
        from PySide6.QtWidgets import QInputDialog

        name, ok = QInputDialog.getText(self, tr("Lưu cảnh"), tr("Tên cảnh (ví dụ: Họp giao ban sáng thứ Hai)"))
        if ok and name.strip():
            self.save_preset(name.strip())

    def save_preset(self, name: str) -> None:
        self.send({"command": "save_preset", "name": name}, then=self._reload_presets)

    def _rename_preset(self) -> None:
        from PySide6.QtWidgets import QInputDialog

        old = self.preset_combo.currentData()
        if not old:
            return
        name, ok = QInputDialog.getText(self, tr("Đổi tên cảnh"), tr("Tên mới của cảnh"), text=old)
        if ok and name.strip() and name.strip() != old:
            self.send({"command": "rename_preset", "name": old, "to": name.strip()}, then=self._reload_presets)

    def _delete_preset(self) -> None:
        name = self.preset_combo.currentData()
        if not name:
            return
        sure = QMessageBox.question(self, tr("Xoá cảnh"), tr("Xoá cảnh \"%1\"?").replace("%1", name))
        if sure == QMessageBox.StandardButton.Yes:
            self.send({"command": "delete_preset", "name": name}, then=self._reload_presets)

    def _reload_presets(self) -> None:
        client = self.current.client if self.current else None
        if client is not None:
            self._background(lambda: client.call("GET", "/presets"),
                             lambda a: a.ok and self._show_presets(a.body["presets"]))

    def swap_step(self) -> None:
        """First press: remember the chosen region; second press (on another region): swap the two."""
        chosen = self.preview.selected
        if chosen is None:
            return
        if self._swap_from is None or self._swap_from == chosen:
            self._swap_from = chosen
            self.result_label.setText(tr("Đổi chỗ vùng %1 với… (chọn vùng kia rồi nhấn lại)").replace("%1", chosen))
            return
        a, self._swap_from = self._swap_from, None
        # what this operator saw in the two regions: the wall swaps from there only, so a retry after a lost answer
        # (or a double press) does not swap them back, and a colleague's change in between is a conflict, not lost
        seen = {rid: (self.preview.region(rid) or {}).get("view") for rid in (a, chosen)}
        self.send({"command": "swap_regions", "a": a, "b": chosen, "expect": seen})

    def _screen_command(self, command: str) -> None:
        region = self.preview.region(self.preview.selected)
        if region is None:
            return
        grid = (self.current.state or {}).get("grid", {}) if self.current else {}
        rows, cols = grid.get("rows", 3), grid.get("cols", 3)
        row = region["cell"][0] * self.current.rows // rows
        col = region["cell"][1] * self.current.cols // cols
        self.send({"command": command, "screen": [row, col]})

    # -- what the operator saw when an action began -----------------------------------------------------------
    def begin_action(self, region: str | None = None, fresh: bool = True) -> None:
        """Note the wall's revision (and the region's view) its operator is looking at as an action begins: the
        command that ends it is judged against that, so a colleague's change in between is a conflict, not lost.
        ``fresh`` False (a view or camera picker opened): an action already under way on that region goes on."""
        entry = self.current
        if entry is None or not entry.state:
            return
        a = self._action
        if not fresh and a is not None and a.wall == entry.url and (a.region is None or region in (None, a.region)):
            return
        view = (self.preview.region(region) or {}).get("view") if region else None
        self._action = Action(entry.url, entry.state["revision"], region, view)

    def _region_selected(self, rid: str) -> None:
        if not self._dragging:  # a drag passing over regions selects them: its action began with the drag
            self.begin_action(rid)

    def _drag_began(self) -> None:
        self._dragging = True
        self.begin_action(None)

    def _drag_ended(self) -> None:
        self._dragging = False

    def _base_for(self, entry: WallEntry, cmd: dict) -> int | None:
        """The revision a command is judged against: its action's, else the one on the operator's screen now."""
        a = self._action
        if a is not None and a.wall == entry.url and a.covers(cmd):
            self._action = None  # the action ends with its command: the next begins afresh
            return a.revision
        return (entry.state or {}).get("revision")

    # -- sending -------------------------------------------------------------------------------------------
    def send(self, cmd: dict, force: bool = False, then=None, base: int | None = None) -> None:
        entry = self.current
        if entry is None or entry.client is None:
            return
        if base is None:
            base = self._base_for(entry, cmd)
        client = entry.client
        self.result_label.setText(tr("Đang gửi…"))
        self._background(lambda: client.command(cmd, base, force),
                         lambda a: self._command_done(cmd, a, then, entry, base))

    def _command_done(self, cmd: dict, a: Answer, then=None, entry: WallEntry | None = None,
                      base: int | None = None) -> None:
        if then is not None and a.ok:
            then()
        if a.status == 0:
            self.last_result = tr("Không gửi được: %1").replace("%1", a.reason())
        elif a.ok:
            self.last_result = tr("Đã áp dụng (phiên bản %1)").replace("%1", str(a.body.get("revision")))
            warnings = a.body.get("warnings") or []
            details = ""
            if warnings:  # in the operator's words; the wall's own (file, JSON path) in the log and the tooltip
                log.info("command %s answered with warnings: %s", cmd.get("command"), "; ".join(map(str, warnings)))
                self.last_result += " — " + "; ".join(describe_warning(w, self._region_titles(entry))
                                                      for w in warnings)
                details = "\n".join(map(str, warnings))
            self.result_label.setToolTip(details)
            if entry is not None and isinstance(a.body.get("revision"), int):
                self._applied = (entry.url, regions_of(cmd), a.body["revision"])
                self.result_label.setText(self.last_result)
                self._check_applied()  # a colleague's change may have come first on the event stream
                return
        elif a.status == 409:
            changed = a.body.get("changed") if isinstance(a.body, dict) else None
            state = entry.state if entry is not None else None
            if isinstance(changed, dict):
                question = conflict_question(changed, state, self.views_titles)
            else:  # a wall from before the answer named the change
                question = a.reason() + "\n\n" + tr("Vẫn áp dụng thay đổi của bạn?")
            self.last_result = tr("Xung đột: %1").replace("%1", question)
            self.result_label.setText(self.last_result)
            if self.ask_override(question):
                self.send(cmd, force=True, then=then, base=base)
                return
            who = who_text(changed.get("by", ""), changed.get("client", "")) if isinstance(changed, dict) else ""
            self.last_result = (fill(tr("Xung đột: đã giữ thay đổi của %1, không gửi gì"), who) if who
                                else tr("Xung đột: đã giữ thay đổi của đồng nghiệp, không gửi gì"))
            if entry is not None:
                self._refresh_state(entry)
        else:
            self.last_result = tr("Bị từ chối: %1").replace("%1", a.reason())
        self.result_label.setText(self.last_result)

    @staticmethod
    def _region_titles(entry: WallEntry | None) -> dict[str, str]:
        """The regions of a wall's layout by the names the operator sees on the preview."""
        regions = ((entry.state or {}).get("regions") or []) if entry is not None else []
        return {r["id"]: (r.get("title") or {}).get("vi") or r["id"] for r in regions if "id" in r}

    def ask_override(self, question: str) -> bool:
        """A colleague changed the region since its operator began: apply this console's change over theirs?"""
        box = QMessageBox(QMessageBox.Icon.Question, tr("Đồng nghiệp vừa thay đổi vùng này"), question,
                          QMessageBox.StandardButton.NoButton, self)
        mine = box.addButton(tr("Áp dụng của tôi"), QMessageBox.ButtonRole.AcceptRole)
        theirs = box.addButton(tr("Giữ thay đổi của họ"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(theirs)  # Enter keeps what the room sees
        box.setEscapeButton(theirs)
        box.setObjectName("conflict-question")
        box.exec()
        return box.clickedButton() is mine

    def _refresh_state(self, entry: WallEntry) -> None:
        """The wall's state now, shown at once (the event stream may be a moment behind), with fresh snapshots."""
        client = entry.client

        def got(a: Answer) -> None:
            if entry is not self.current:
                return
            newer = a.ok and isinstance(a.body, dict) and a.body.get("revision", -1) > (entry.state or {}).get(
                "revision", -1)
            if newer:  # the preview only: who made the change comes with its event, which keeps the state
                self.preview.set_state(a.body)
            self.refresh_snapshots()

        self._background(lambda: client.state(), got)

    def _check_applied(self) -> None:
        """This console's last applied change, if a colleague (or the wall's rules) changed one of its regions
        since: the console says so instead of "applied" (it no longer is what the wall shows)."""
        if self._applied is None or self.current is None:
            return
        url, regions, mine = self._applied
        entry = self.walls.get(url)
        if entry is not self.current:
            return
        for rid in regions:
            change = entry.changes.get(rid)
            if change is not None and change.revision > mine and change.client != self.client_name:
                self._applied = None
                self.last_result = replaced_text(rid, change, mine, entry.state, self.views_titles)
                self.result_label.setText(self.last_result)
                return

    def _ack_selected(self) -> None:
        item = self.alert_list.currentItem()
        if item is None or self.current is None:
            return
        client, alert_id = self.current.client, item.data(Qt.ItemDataRole.UserRole)

        def done(a: Answer) -> None:
            self.result_label.setText(tr("Đã xác nhận cảnh báo") if a.ok else tr("Bị từ chối: %1").replace(
                "%1", a.reason()))
            self._background(lambda: client.call("GET", "/alerts"),
                             lambda r: r.ok and self._show_alerts(r.body["alerts"]))

        self._background(lambda: client.call("POST", f"/alerts/{alert_id}/ack"), done)

    # -- plumbing ------------------------------------------------------------------------------------------
    def _background(self, fn, on_done) -> None:
        def run():
            try:
                result = fn()
            except Exception as exc:  # a bug in a call must not leave the window waiting
                log.exception("console call failed")
                result = Answer(0, None, f"{type(exc).__name__}: {exc}")
            self._bridge.done.emit(on_done, result)

        if not self._closing:  # an event delivered while the window closes asks for nothing more
            self._pool.submit(run)

    def _deliver(self, on_done, result) -> None:
        if not self._closing:
            on_done(result)

    def closeEvent(self, event) -> None:  # noqa: N802
        self._closing = True
        self._snap_timer.stop()
        for entry in self.walls.values():
            if entry.stream is not None:
                entry.stream.stop()
        self._pool.shutdown(wait=False, cancel_futures=True)
        super().closeEvent(event)
