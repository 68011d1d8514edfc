"""Leaders' requests to show something on the wall, on the console (issue 23): for a wall on a data hub, a band above
the preview says how many wait ("Yêu cầu từ lãnh đạo (2)") and lists them (who, what, when, their note); "Đưa lên…"
asks which region (the one showing that sector already, else the largest), sends the wall the usual show command
for the sector view, and once the wall has taken it answers the request accepted; "Từ chối…" asks for the reason the
leader will read. "Nhật ký gửi tin…" opens the hub's delivery log of alert messages.

Every call goes through the window's workers (``ConsoleWindow._background``): the GUI thread only draws. The wall
forwards the answers and the delivery log to its hub (GET /hub/requests, POST /hub/requests/{id}/answer, GET
/hub/deliveries); its "hub_requests" events bring each change."""

from __future__ import annotations

import logging
from datetime import datetime

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from ioc_core import fmt
from operator_console.client import Answer
from operator_console.colleagues import fill

log = logging.getLogger(__name__)

NOTICE = "background: #fff3e0; border: 2px solid #ef6c00; border-radius: 4px;"  # requests waiting: seen at once
QUIET = "border: 1px solid #bdbdbd; border-radius: 4px;"


def tr(text: str) -> str:
    return QCoreApplication.translate("", text)  # lupdate files module-level tr() under the empty context


def when_text(epoch) -> str:
    """"08:15 07/12/2026" in the province's time zone ("" unknown)."""
    if not isinstance(epoch, int | float) or isinstance(epoch, bool) or epoch <= 0:
        return ""
    return fmt.moment(datetime.fromtimestamp(epoch, fmt.TZ))


def kind_text(kind: str) -> str:
    return {"sector": tr("Lĩnh vực"), "alert": tr("Cảnh báo"), "indicator": tr("Chỉ tiêu")}.get(kind, kind)


def request_text(doc: dict) -> str:
    """One request as the operator reads it: who, what, when; the note on a line of its own."""
    what = str(doc.get("title_vi") or doc.get("target") or "?")
    if doc.get("kind") != "sector":
        what = f"{kind_text(str(doc.get('kind')))}: {what}"
    text = fill(tr("%1 đề nghị đưa lên tường: %2 — %3"), str(doc.get("by") or "?"), what, when_text(doc.get("at")))
    if doc.get("wall"):
        text += " " + fill(tr("(tường %1)"), str(doc["wall"]))
    if doc.get("note"):
        text += "\n    " + fill(tr("Ghi chú: %1"), str(doc["note"]).replace("\n", " "))
    return text


def pending(docs) -> list[dict]:
    """The requests still waiting for an answer, oldest first (the first asked is the first answered)."""
    out = [d for d in docs or [] if isinstance(d, dict) and d.get("state") == "pending" and d.get("id")]
    return sorted(out, key=lambda d: d.get("at") or 0)


def region_choice(state: dict | None, sector: str) -> tuple[list[tuple[str, str]], int]:
    """The wall's regions as (id, what the operator reads) and the one chosen first: the region showing that sector
    already, else the largest (the first of the largest on the layout)."""
    regions = [r for r in ((state or {}).get("regions") or []) if isinstance(r, dict) and r.get("id")]
    if not regions:
        return [], -1
    showing = next((n for n, r in enumerate(regions) if isinstance(r.get("view"), dict)
                    and r["view"].get("kind") == "sector" and r["view"].get("sector") == sector), None)

    def area(r) -> int:
        span = r.get("span") or [1, 1]
        return int(span[0]) * int(span[1]) if isinstance(span, list) and len(span) == 2 else 1

    largest = max(range(len(regions)), key=lambda n: (area(regions[n]), -n))
    rows = []
    for r in regions:
        title = (r.get("title") or {}).get("vi") if isinstance(r.get("title"), dict) else None
        rows.append((r["id"], f"{title} ({r['id']})" if title and title != r["id"] else r["id"]))
    return rows, showing if showing is not None else largest


class RegionDialog(QDialog):
    """Which region the request goes up on (opened with ``open``: the console keeps drawing meanwhile)."""

    def __init__(self, doc: dict, regions: list[tuple[str, str]], chosen: int, parent=None):
        super().__init__(parent)
        self.setObjectName("wall-request-region")
        self.setWindowTitle(tr("Đưa lên tường"))
        column = QVBoxLayout(self)
        said = QLabel(fill(tr("Đưa \"%1\" (đề nghị của %2) lên vùng:"), str(doc.get("title_vi") or ""),
                           str(doc.get("by") or "")))
        said.setWordWrap(True)
        column.addWidget(said)
        self.regions = QComboBox(self)
        for rid, text in regions:
            self.regions.addItem(text, rid)
        self.regions.setCurrentIndex(max(chosen, 0))
        column.addWidget(self.regions)
        buttons = QDialogButtonBox(self)
        self.ok = buttons.addButton(tr("Đưa lên"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(tr("Huỷ"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        column.addWidget(buttons)

    def region(self) -> str:
        return self.regions.currentData()


class ReasonDialog(QDialog):
    """Why the request is declined: the leader reads it (needed: "Từ chối" stays greyed out until it is given)."""

    def __init__(self, doc: dict, parent=None):
        super().__init__(parent)
        self.setObjectName("wall-request-reason")
        self.setWindowTitle(tr("Từ chối yêu cầu"))
        column = QVBoxLayout(self)
        said = QLabel(fill(tr("Lý do từ chối \"%1\" (lãnh đạo sẽ đọc):"), str(doc.get("title_vi") or "")))
        said.setWordWrap(True)
        column.addWidget(said)
        self.reason = QPlainTextEdit(self)
        self.reason.setPlaceholderText(tr("Ví dụ: Tường đang dùng cho cuộc họp giao ban"))
        self.reason.setMaximumHeight(90)
        column.addWidget(self.reason)
        buttons = QDialogButtonBox(self)
        self.ok = buttons.addButton(tr("Từ chối"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(tr("Huỷ"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        column.addWidget(buttons)
        self.ok.setEnabled(False)
        self.reason.textChanged.connect(lambda: self.ok.setEnabled(bool(self.text())))

    def text(self) -> str:
        return self.reason.toPlainText().strip()


def delivery_columns() -> list[str]:
    return [tr("Thời gian"), tr("Cảnh báo"), tr("Người nhận"), tr("Kênh"), tr("Địa chỉ"), tr("Trạng thái"),
            tr("Số lần gửi"), tr("Lỗi gần nhất")]


def channel_name(channel: str) -> str:
    """The hub's "email" or "webhook:<gateway>" as the table shows it: "Thư điện tử", "Webhook: zalo"."""
    kind, _, gateway = channel.partition(":")
    name = {"email": tr("Thư điện tử"), "webhook": tr("Webhook")}.get(kind, kind)
    return f"{name}: {gateway}" if gateway else name


def state_name(doc: dict) -> str:
    """The hub's state (queued, held, sent, failed) as the operator reads it: a queued one tried before is being
    tried again; a held one waits for the end of the person's quiet hours."""
    state = str(doc.get("state") or "")
    if state == "queued":
        return tr("Đang gửi lại") if _count(doc.get("attempts")) else tr("Đang chờ gửi")
    if state == "held":
        until = when_text(doc.get("held_until"))
        return fill(tr("Chờ hết giờ yên tĩnh (đến %1)"), until) if until else tr("Chờ hết giờ yên tĩnh")
    return {"sent": tr("Đã gửi"), "failed": tr("Gửi không được")}.get(state, state)


def _count(value) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def mask(address: str) -> str:
    """An address as the log shows it, if the hub did not mask it already: "ng***@ioc.vn", "09******89"."""
    if not address or "*" in address:
        return address
    if "@" in address:
        name, _, domain = address.partition("@")
        return f"{name[:2]}***@{domain}"
    return address[:2] + "*" * max(0, len(address) - 4) + address[-2:] if len(address) > 4 else "***"


def delivery_row(doc: dict) -> list[str]:
    """A delivery as the table shows it, from the fields GET /api/v1/deliveries answers (ioc_hub/notify/store.py
    ``public``): when it was sent (else queued), the message's subject (it names the alert, or what manual entry
    said), the person, the channel, the masked address, the state, the tries and the last error."""
    at = doc.get("sent_at") or doc.get("queued_at")
    about = str(doc.get("subject") or doc.get("alert") or "").removeprefix("[IOC] ")  # all of them say so
    name, login = str(doc.get("name") or ""), str(doc.get("login") or "")
    person = f"{name} ({login})" if name and login else name or login
    return [when_text(at), about, person, channel_name(str(doc.get("channel") or "")),
            mask(str(doc.get("to") or "")), state_name(doc), str(_count(doc.get("attempts"))),
            str(doc.get("last_error") or "")]


class DeliveryLogDialog(QDialog):
    """"Nhật ký gửi tin": the hub's alert messages to people, newest first, as the wall forwards GET /deliveries."""

    def __init__(self, client, background, parent=None):
        super().__init__(parent)
        self.setObjectName("delivery-log")
        self.client, self._background = client, background
        self.setWindowTitle(tr("Nhật ký gửi tin"))
        self.resize(1100, 520)
        column = QVBoxLayout(self)
        self.status = QLabel(tr("Đang tải…"))
        self.status.setWordWrap(True)
        column.addWidget(self.status)
        columns = delivery_columns()
        self.table = QTableWidget(0, len(columns), self)
        self.table.setHorizontalHeaderLabels(columns)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        for c in (1, len(columns) - 1):  # the subject and the last error share the rest (elided, whole in the tooltip):
            header.setSectionResizeMode(c, QHeaderView.ResizeMode.Stretch)  # the state stays in sight
        self.table.verticalHeader().setVisible(False)
        column.addWidget(self.table, 1)
        row = QHBoxLayout()
        again = QPushButton(tr("Tải lại"))
        again.clicked.connect(self.reload)
        row.addStretch(1)
        row.addWidget(again)
        close = QPushButton(tr("Đóng"))
        close.clicked.connect(self.reject)
        row.addWidget(close)
        column.addLayout(row)
        self.loaded = False
        self._gone = False  # closed: an answer coming later finds nothing to fill
        self.reload()

    def done(self, result: int) -> None:  # noqa: D401 (Qt's name)
        self._gone = True
        super().done(result)

    def reload(self) -> None:
        client = self.client
        self._gone = False
        self.status.setText(tr("Đang tải…"))
        self._background(lambda: client.call("GET", "/hub/deliveries"), self._got)

    def _got(self, a: Answer) -> None:
        if self._gone:
            return
        self.loaded = True
        if not a.ok or not isinstance(a.body, dict):
            self.table.setRowCount(0)
            if a.status == 404:
                self.status.setText(fill(tr("Trung tâm dữ liệu chưa có nhật ký gửi tin (%1)"), a.reason()))
            else:
                self.status.setText(fill(tr("Không tải được nhật ký gửi tin: %1"), a.reason()))
            return
        docs = [d for d in a.body.get("deliveries") or [] if isinstance(d, dict)]
        self.table.setRowCount(len(docs))
        for n, doc in enumerate(docs):
            for c, text in enumerate(delivery_row(doc)):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.table.setItem(n, c, item)
        status = fill(tr("%1 tin nhắn"), str(len(docs))) if docs else tr("Chưa có tin nhắn nào")
        config = a.body.get("config")
        if isinstance(config, dict) and config.get("ok") is False:  # notify.json missing or wrong: the hub says why
            status += "\n" + fill(tr("Thiết lập gửi tin của trung tâm dữ liệu có lỗi: %1"),
                                   str(config.get("problem") or "?"))
        self.status.setText(status)


class WallRequestsPanel(QFrame):
    """The band of leaders' requests for the chosen wall (``console``: the ConsoleWindow, whose workers, commands
    and result line it uses). Hidden for a wall without a data hub."""

    def __init__(self, console):
        super().__init__()
        self.console = console
        self.setObjectName("wall-requests")
        self.requests: list[dict] = []
        self.dialog: QDialog | None = None  # the region or reason dialog open now
        self.log_dialog: DeliveryLogDialog | None = None
        column = QVBoxLayout(self)
        column.setContentsMargins(6, 4, 6, 4)
        head = QHBoxLayout()
        self.title = QLabel("")
        self.title.setStyleSheet("font-weight: bold; border: none; background: transparent;")
        head.addWidget(self.title, 1)
        self.accept_button = QPushButton(tr("Đưa lên…"))
        self.accept_button.setToolTip(tr("Đưa lĩnh vực của yêu cầu đang chọn lên một vùng của tường"))
        self.accept_button.clicked.connect(lambda: self.accept_chosen())
        self.decline_button = QPushButton(tr("Từ chối…"))
        self.decline_button.clicked.connect(lambda: self.decline_chosen())
        self.log_button = QPushButton(tr("Nhật ký gửi tin…"))
        self.log_button.setToolTip(tr("Tin nhắn cảnh báo trung tâm dữ liệu đã gửi cho lãnh đạo, cán bộ"))
        self.log_button.clicked.connect(self.open_delivery_log)
        for b in (self.accept_button, self.decline_button, self.log_button):
            head.addWidget(b)
        column.addLayout(head)
        self.list = QListWidget()
        self.list.setAccessibleName(tr("Yêu cầu từ lãnh đạo"))
        self.list.setMaximumHeight(96)
        self.list.setStyleSheet("background: white;")
        self.list.itemDoubleClicked.connect(lambda _item: self.accept_chosen())
        column.addWidget(self.list)
        self.setVisible(False)
        self.show_requests([])

    # -- what it shows -----------------------------------------------------------------------------------------
    def show_requests(self, docs) -> None:
        chosen = self.chosen_id()
        self.requests = pending(docs)
        n = len(self.requests)
        self.title.setText(fill(tr("Yêu cầu từ lãnh đạo (%1)"), str(n)))
        self.setStyleSheet(f"QFrame#wall-requests {{{NOTICE if n else QUIET}}}")
        self.list.clear()
        for doc in self.requests:
            item = QListWidgetItem(request_text(doc))
            item.setData(Qt.ItemDataRole.UserRole, doc["id"])
            self.list.addItem(item)
            if doc["id"] == chosen:
                self.list.setCurrentItem(item)
        if self.list.currentItem() is None and n:
            self.list.setCurrentRow(0)
        self.list.setVisible(bool(n))
        self.accept_button.setEnabled(bool(n))
        self.decline_button.setEnabled(bool(n))

    def chosen_id(self) -> str | None:
        item = self.list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def _doc(self, request_id: str | None) -> dict | None:
        return next((d for d in self.requests if d["id"] == request_id), None)

    # -- the chosen wall -----------------------------------------------------------------------------------------
    def wall_changed(self, entry) -> None:
        """The chosen wall (or its link back): what it holds shown at once, then asked for afresh."""
        self.show_requests(entry.requests if entry is not None else [])
        self.setVisible(entry is not None and entry.requests is not None)
        if entry is not None:
            self.fetch(entry)

    def fetch(self, entry) -> None:
        client = entry.client
        if client is None:
            return
        self.console._background(lambda: client.call("GET", "/hub/requests"), lambda a: self._got(entry, a))

    def _got(self, entry, a: Answer) -> None:
        if a.status == 404:  # a wall without a data hub (or from before requests): no band
            entry.requests = None
        elif a.ok and isinstance(a.body, dict):
            entry.requests = list(a.body.get("requests") or [])
        else:
            return  # not reached: what it held stays
        self.heard(entry)

    def heard(self, entry) -> None:
        """The wall's requests changed (an event, or an answer to asking): its line in the list of walls, and the
        band when it is the chosen wall."""
        self.console._refresh_wall_list()
        if entry is not self.console.current:
            return
        self.setVisible(entry.requests is not None)
        self.show_requests(entry.requests or [])

    # -- answering -------------------------------------------------------------------------------------------
    def accept_chosen(self, request_id: str | None = None) -> RegionDialog | None:
        """The region dialog for the request (the chosen one by default), opened without blocking."""
        doc = self._doc(request_id or self.chosen_id())
        entry = self.console.current
        if doc is None or entry is None:
            return None
        sector = str(doc.get("sector") or (doc.get("target") if doc.get("kind") == "sector" else ""))
        if not sector:
            self.console.result_label.setText(tr("Yêu cầu không nêu lĩnh vực nào để đưa lên"))
            return None
        regions, chosen = region_choice(entry.state, sector)
        if not regions:
            self.console.result_label.setText(tr("Tường chưa cho biết các vùng của bố cục: thử lại sau giây lát"))
            return None
        dialog = RegionDialog(doc, regions, chosen, self.console)
        dialog.accepted.connect(lambda: self.put_up(doc, sector, dialog.region()))
        self._open(dialog)
        return dialog

    def put_up(self, doc: dict, sector: str, region: str) -> None:
        """The wall's usual show command for the sector view; once the wall has taken it, the request accepted."""
        self.console.begin_action(region)
        self.console.send({"command": "show_view", "region": region, "view": {"kind": "sector", "sector": sector}},
                         then=lambda: self._answer(doc, True, ""))

    def decline_chosen(self, request_id: str | None = None) -> ReasonDialog | None:
        doc = self._doc(request_id or self.chosen_id())
        if doc is None:
            return None
        dialog = ReasonDialog(doc, self.console)
        dialog.accepted.connect(lambda: self._answer(doc, False, dialog.text()))
        self._open(dialog)
        return dialog

    def _open(self, dialog: QDialog) -> None:
        if self.dialog is not None:
            self.dialog.close()
        self.dialog = dialog
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _r, d=dialog: self.dialog is d and setattr(self, "dialog", None))
        dialog.open()

    def _answer(self, doc: dict, accept: bool, reason: str) -> None:
        entry = self.console.current
        if entry is None or entry.client is None:
            return
        client, title = entry.client, str(doc.get("title_vi") or "")
        body = {"accept": accept, **({"reason": reason} if reason else {})}

        def done(a: Answer) -> None:
            if a.ok:
                text = (fill(tr("Đã đưa lên tường và báo lãnh đạo: %1"), title) if accept
                        else fill(tr("Đã từ chối và báo lãnh đạo: %1"), title))
                if isinstance(a.body, dict) and a.body.get("id"):
                    entry.requests = [a.body if d.get("id") == a.body["id"] else d for d in entry.requests or []]
                    self.heard(entry)
            elif accept:
                text = fill(tr("Đã đưa lên tường nhưng chưa báo được lãnh đạo: %1"), a.reason())
            else:
                text = fill(tr("Chưa từ chối được: %1"), a.reason())
            self.console.result_label.setText(text)

        self.console._background(lambda: client.call("POST", f"/hub/requests/{doc['id']}/answer", body), done)

    # -- the delivery log ------------------------------------------------------------------------------------------
    def open_delivery_log(self) -> DeliveryLogDialog | None:
        entry = self.console.current
        if entry is None or entry.client is None:
            return None
        if self.log_dialog is not None:
            self.log_dialog.close()
        dialog = DeliveryLogDialog(entry.client, self.console._background, self.console)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _r, d=dialog: self.log_dialog is d and setattr(self, "log_dialog", None))
        self.log_dialog = dialog
        dialog.show()
        return dialog
