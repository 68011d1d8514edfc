"""The console's meeting bar: load a meeting file, start, move between agenda items, pause, end, and hold the
figures still for discussion; choose what the province's remote meeting rooms see (the share-out), copy the link
they open, and save the minutes the wall wrote. It sends the wall's commands and shows where the meeting is, from
the wall's own state (the event stream), so two consoles always agree."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urljoin

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
)

from operator_console.client import Answer, WallClient


def tr(text: str) -> str:
    return QCoreApplication.translate("", text)  # lupdate files module-level tr() under the empty context


def pause_text() -> str:
    """The button's "Pause", under a context of its own: the same Vietnamese word is the status "Paused"."""
    return QCoreApplication.translate("MeetingBar", "Tạm dừng")


def _screen_text(row: int, col: int) -> str:
    return tr("Màn hình hàng %1, cột %2").replace("%1", str(row + 1)).replace("%2", str(col + 1))


def _plain_name(name) -> bool:
    """A name the wall lists is written under the chosen folder only: no separators, no "..", nothing hidden."""
    return isinstance(name, str) and name == Path(name).name and not name.startswith(".") and "\\" not in name


def download_minutes(client: WallClient, folder: Path, wanted: str | None) -> tuple[str, str]:
    """Fetches a meeting's minutes into ``folder/<its folder>`` (off the GUI thread): ("saved", where),
    ("not-ready", "") or ("failed", why). ``wanted`` names the meeting's folder; None takes the newest complete.
    Every file is fetched before any is written, so a dropped link leaves no half-saved minutes."""
    listed = client.minutes()
    if not listed.ok or not isinstance(listed.body, dict):
        return "failed", listed.reason()
    entries = [e for e in listed.body.get("minutes", []) if e.get("complete")]
    entry = next((e for e in entries if wanted is None or e.get("folder") == wanted), None)
    if entry is None:
        return "not-ready", ""
    name, files = entry["folder"], entry.get("files", [])
    if not _plain_name(name) or not all(_plain_name(f) for f in files):
        return "failed", f"unexpected file names in {name!r}"
    got = {}
    for f in files:
        a = client.minutes_file(name, f)
        if not a.ok or not isinstance(a.body, bytes):
            return "failed", a.reason()
        got[f] = a.body
    target = Path(folder) / name
    try:
        target.mkdir(parents=True, exist_ok=True)
        for f, data in got.items():
            (target / f).write_bytes(data)
    except OSError as exc:
        return "failed", f"{target}: {exc.strerror or exc}"
    return "saved", str(target)


class MeetingBar(QGroupBox):
    command = Signal(dict)

    def __init__(self, background: Callable, wall: Callable[[], WallClient | None], parent=None):
        """``background(fn, on_done)`` runs ``fn`` on a worker thread and hands its result to ``on_done`` on the GUI
        thread (the window's pool); ``wall()`` is the chosen wall's client, or None."""
        super().__init__(tr("Cuộc họp"), parent)
        self._background, self._wall = background, wall
        self.meeting: dict | None = None  # the wall's meeting state ("meeting" of /state), None: none loaded
        self.frozen_at: float | None = None
        self.rows, self.cols = 3, 3  # the wall's screens, for sharing one of them
        self._share_targets: list[dict] = []  # the share combo's entries, as the share command's one key
        self._share_texts: list[str] = []
        self._saving = False
        self._last_state: dict = {}  # refills the share combo when the wall's size becomes known
        box = QVBoxLayout(self)
        self.status = QLabel(tr("Chưa nạp cuộc họp"))
        self.status.setWordWrap(True)
        box.addWidget(self.status)
        row = QHBoxLayout()
        box.addLayout(row)
        self.buttons: dict[str, QPushButton] = {}
        for key, text in (("load", tr("Nạp cuộc họp…")), ("start", tr("Bắt đầu")), ("prev", tr("◀ Mục trước")),
                          ("next", tr("Mục sau ▶")), ("pause", pause_text()), ("end", tr("Kết thúc")),
                          ("freeze", tr("Giữ số liệu"))):
            b = QPushButton(text)
            b.setObjectName(f"meeting-{key}")
            row.addWidget(b)
            self.buttons[key] = b
        self.buttons["freeze"].setCheckable(True)
        self.buttons["freeze"].setToolTip(tr("Giữ nguyên số liệu trên tường để thảo luận, có dấu thời điểm"))
        self.buttons["load"].clicked.connect(self._ask_file)
        for key in ("start", "end"):
            self.buttons[key].clicked.connect(lambda _=False, k=key: self.command.emit(
                {"command": "meeting", "action": k}))
        for key in ("prev", "next"):  # from the item this operator sees: a retry or a double press steps once
            self.buttons[key].clicked.connect(lambda _=False, k=key: self.command.emit(
                {"command": "meeting", "action": k, "from_item": self.item_seen()}))
        self.buttons["pause"].clicked.connect(self._pause_or_resume)
        self.buttons["freeze"].clicked.connect(lambda on: self.command.emit({"command": "freeze", "on": on}))

        share = QHBoxLayout()
        box.addLayout(share)
        label = QLabel(tr("Chia sẻ cho điểm cầu:"))
        share.addWidget(label)
        self.share_combo = QComboBox()
        self.share_combo.setObjectName("share-target")
        # a long entry (a region the layout lacks) shows in the open list, without widening the window
        self.share_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.share_combo.setMinimumContentsLength(24)
        self.share_combo.setToolTip(tr("Phần tường mà các điểm cầu trực tuyến và điện thoại xem được"))
        label.setBuddy(self.share_combo)
        self.share_combo.currentIndexChanged.connect(self._share_chosen)
        share.addWidget(self.share_combo, 1)
        self.copy_button = QPushButton(tr("Sao chép liên kết"))
        self.copy_button.setObjectName("share-copy")
        self.copy_button.setToolTip(tr("Sao chép địa chỉ trang chia sẻ (kèm mã chỉ xem) để gửi cho điểm cầu"))
        self.copy_button.clicked.connect(self.copy_link)
        share.addWidget(self.copy_button)
        self.new_link_button = QPushButton(tr("Đổi liên kết…"))
        self.new_link_button.setObjectName("share-new-link")
        self.new_link_button.setToolTip(tr("Liên kết đã lan ra ngoài cuộc họp: tạo liên kết mới, liên kết cũ không "
                                           "mở được nữa"))
        self.new_link_button.clicked.connect(self.new_link)
        share.addWidget(self.new_link_button)
        self.minutes_button = QPushButton(tr("Lưu biên bản…"))
        self.minutes_button.setObjectName("minutes-save")
        self.minutes_button.setToolTip(tr("Tải biên bản cuộc họp vừa kết thúc (PDF, tóm tắt, ảnh) về máy này"))
        self.minutes_button.clicked.connect(self._ask_folder)
        share.addWidget(self.minutes_button)
        # what copying or saving came to; a long link must not widen the window, and can be selected to copy
        self.note = QLabel("")
        self.note.setObjectName("meeting-note")
        self.note.setWordWrap(True)
        self.note.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.note.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        box.addWidget(self.note)
        self._clock = QTimer(self, interval=1000)
        self._clock.timeout.connect(self._show)
        self._clock.start()
        self.set_state({})

    # -- what the buttons send -------------------------------------------------------------------------------
    def _ask_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, tr("Chọn tệp cuộc họp"), "", tr("Cuộc họp (*.json)"))
        if path:
            self.load_file(Path(path))

    def load_file(self, path: Path) -> None:
        """Sends the meeting in ``path`` to the wall, which validates it; a file that is not JSON is said here."""
        try:
            doc = json.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, ValueError) as exc:
            self.status.setText(tr("Không đọc được tệp %1: %2").replace("%1", Path(path).name).replace(
                "%2", str(exc)))
            return
        self.command.emit({"command": "load_meeting", "meeting": doc})

    def _pause_or_resume(self) -> None:
        running = (self.meeting or {}).get("status") == "running"
        self.command.emit({"command": "meeting", "action": "pause" if running else "resume"})

    def _share_chosen(self, index: int) -> None:
        if 0 <= index < len(self._share_targets):
            self.command.emit({"command": "share", **self._share_targets[index]})

    def copy_link(self) -> None:
        """Puts the share page's full address on the clipboard: the wall's viewer token is in it, so a remote room
        or a phone opens it as is; the stream's address (for video-conference systems) is shown beside it."""
        client = self._wall()
        if client is None:
            self.note.setText(tr("Chưa chọn tường"))
            return
        self.note.setText(tr("Đang lấy liên kết…"))
        self._background(client.share_access, lambda a: self._got_access(client, a))

    def new_link(self) -> None:
        """A new share link (the old one went round too widely): asked first, since everyone watching on the old
        one is cut off; the new one is copied as "Sao chép liên kết" does."""
        client = self._wall()
        if client is None:
            self.note.setText(tr("Chưa chọn tường"))
            return
        if not self.ask_new_link():
            return
        self.note.setText(tr("Đang tạo liên kết mới…"))
        self._background(client.new_share_link, lambda a: self._got_access(client, a))

    def ask_new_link(self) -> bool:
        answer = QMessageBox.question(self, tr("Đổi liên kết chia sẻ"), tr(
            "Liên kết cũ sẽ không mở được nữa và những người đang xem qua nó bị ngắt. Tạo liên kết mới?"))
        return answer == QMessageBox.StandardButton.Yes

    def _got_access(self, client: WallClient, a: Answer) -> None:
        if client is not self._wall():
            self.note.setText("")  # another wall was chosen meanwhile: its link is not the one asked for
            return
        body = a.body if isinstance(a.body, dict) else {}
        if not a.ok or not isinstance(body.get("page"), str) or not isinstance(body.get("stream"), str):
            self.note.setText(tr("Không lấy được liên kết chia sẻ: %1").replace(
                "%1", a.reason()))
            return
        page, stream = urljoin(client.base + "/", body["page"]), urljoin(client.base + "/", body["stream"])
        if client.token in page or client.token in stream:  # a wall misconfigured so: never hand out control
            self.note.setText(tr("Tường trả về liên kết chứa mã điều khiển; không sao chép"))
            return
        QGuiApplication.clipboard().setText(page)
        self.note.setText(tr("Đã sao chép liên kết trang chia sẻ: %1").replace("%1", page) + "\n" + tr(
            "Luồng MJPEG cho hệ thống hội nghị truyền hình: %1").replace("%1", stream))

    def _ask_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, tr("Chọn thư mục lưu biên bản"))
        if folder:
            self.save_minutes(Path(folder))

    def save_minutes(self, folder: Path) -> None:
        """Saves the minutes of the meeting shown (the newest complete ones when none is) into ``folder``, in a
        subfolder named as on the wall. The wall writes them a second or two after the end: until then, says so."""
        client = self._wall()
        if client is None:
            self.note.setText(tr("Chưa chọn tường"))
            return
        wanted = (self.meeting or {}).get("minutes")  # this meeting's folder, as the wall names it
        self._saving = True
        self.minutes_button.setEnabled(False)
        self.note.setText(tr("Đang tải biên bản…"))
        self._background(lambda: download_minutes(client, Path(folder), wanted), self._saved_minutes)

    def _saved_minutes(self, result) -> None:
        self._saving = False
        self.minutes_button.setEnabled((self.meeting or {}).get("status") == "ended")
        kind, detail = ("failed", result.reason()) if isinstance(result, Answer) else result
        if kind == "saved":
            self.note.setText(tr("Đã lưu biên bản vào %1").replace("%1", detail))
        elif kind == "not-ready":
            self.note.setText(tr("Biên bản chưa sẵn sàng, thử lại sau ít giây"))
        else:
            self.note.setText(tr("Không lưu được biên bản: %1").replace("%1", detail))

    # -- what the wall says ----------------------------------------------------------------------------------
    def set_wall_size(self, rows: int, cols: int) -> None:
        """The wall's screens (GET /wall): each can be shared on its own."""
        if (rows, cols) != (self.rows, self.cols):
            self.rows, self.cols = rows, cols
            self._show_share(self._last_state)

    def item_seen(self) -> int:
        """The meeting's item as this console last heard it (1 is the first, 0 before the start)."""
        return int((self.meeting or {}).get("item", -1)) + 1

    def set_state(self, state: dict) -> None:
        self._last_state = state
        self.meeting = state.get("meeting")
        self.frozen_at = state.get("frozen_at")
        status = (self.meeting or {}).get("status")
        items = len((self.meeting or {}).get("meeting", {}).get("items", []))
        item = (self.meeting or {}).get("item", -1)
        self.buttons["start"].setEnabled(status == "ready")
        self.buttons["prev"].setEnabled(status in ("running", "paused") and item > 0)
        self.buttons["next"].setEnabled(status in ("running", "paused") and item < items - 1)
        self.buttons["pause"].setEnabled(status in ("running", "paused"))
        self.buttons["pause"].setText(tr("Tiếp tục") if status == "paused" else pause_text())
        self.buttons["end"].setEnabled(status in ("running", "paused"))
        self.buttons["freeze"].setChecked(self.frozen_at is not None)
        self.minutes_button.setEnabled(status == "ended" and not self._saving)
        self._show_share(state)
        self._show()

    def _show_share(self, state: dict) -> None:
        """The combo follows the wall's share without sending it back; it is refilled only when its entries change
        (a new layout, the wall's size), so an open list is not pulled from under the operator."""
        lang = QCoreApplication.instance().property("language") or "vi"  # set by app.install_language
        targets: list[dict] = [{"off": True}, {"wall": True}]
        texts = [tr("Không chia sẻ"), tr("Toàn bộ tường")]
        for region in state.get("regions") or []:
            title = region.get("title") or {}
            name = (title.get(lang) or title.get("vi")) if isinstance(title, dict) else str(title)
            targets.append({"region": region["id"]})
            texts.append(tr("Vùng %1").replace("%1", f"«{name}» ({region['id']})" if name else region["id"]))
        for r in range(self.rows):
            for c in range(self.cols):
                targets.append({"screen": [r, c]})
                texts.append(_screen_text(r, c))
        shared = state.get("share") or {"off": True}
        if shared not in targets:  # e.g. a region the current layout lacks (the wall then shares all of itself)
            targets.append(shared)
            if "region" in shared:
                texts.append(tr("Vùng %1 (bố cục hiện tại không có: chia sẻ toàn bộ tường)").replace(
                    "%1", str(shared["region"])))
            elif "screen" in shared:
                texts.append(_screen_text(*shared["screen"]))
            else:
                texts.append(json.dumps(shared, ensure_ascii=False))
        self.share_combo.blockSignals(True)
        if (targets, texts) != (self._share_targets, self._share_texts):
            self.share_combo.clear()
            self.share_combo.addItems(texts)
            self._share_targets, self._share_texts = targets, texts
        self.share_combo.setCurrentIndex(targets.index(shared))
        self.share_combo.blockSignals(False)
        known = "share" in state  # a wall without the share-out (or none chosen yet) offers nothing to choose
        self.share_combo.setEnabled(known)
        self.copy_button.setEnabled(known)

    def _show(self) -> None:
        run = self.meeting
        frozen = ""
        if self.frozen_at is not None:
            frozen = " · " + tr("đang giữ số liệu lúc %1").replace("%1", time.strftime(
                "%H:%M %d/%m/%Y", time.localtime(self.frozen_at)))
        if not run:
            self.status.setText(tr("Chưa nạp cuộc họp") + frozen)
            return
        m, status, n = run["meeting"], run["status"], run["item"]
        words = {"ready": tr("chưa bắt đầu"), "running": tr("đang họp"), "paused": tr("tạm dừng"),
                 "ended": tr("đã kết thúc")}[status]
        text = f"{m['title']} — {words}"
        if 0 <= n < len(m["items"]) and status in ("running", "paused"):
            item = m["items"][n]
            counted = run.get("item_counted") or 0.0
            since = run.get("item_since")
            elapsed = counted + (time.time() - since if since else 0.0)
            left = item["minutes"] * 60 - elapsed
            clock = (tr("quá giờ %1") if left < 0 else tr("còn %1")).replace(
                "%1", f"{int(abs(left)) // 60:02d}:{int(abs(left)) % 60:02d}")
            text += "\n" + tr("Mục %1/%2: %3").replace("%1", str(n + 1)).replace("%2", str(len(m["items"]))).replace(
                "%3", item["title"]) + (f" · {item['presenter']}" if item.get("presenter") else "") + f" · {clock}"
        self.status.setText(text + frozen)
