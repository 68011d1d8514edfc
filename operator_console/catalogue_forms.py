"""The technician's catalogue forms: add a camera or a web page, add an indicator to a sector's screen, and take
back what a technician added. Each form is checked as it is filled in (id pattern, required fields, address scheme,
a web address against the wall's own allowlist, read from GET /catalogue); a problem shows in red under the field
it concerns and Save stays disabled until the form is valid. The wall checks again with its own code: its refusal
shows the same way, under the field it names. Every call goes through ``background``."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ioc_core.setup.webpolicy import WebAllowlist
from operator_console.client import Answer
from operator_console.preview import tr
from operator_console.problem_text import describe, describe_reason, describe_refusal
from operator_console.toolkit import ERROR_STYLE, call_for, problem_label

_ENV = re.compile(r"^[A-Z_][A-Z0-9_]*$")


# -- checks (no widgets: what each form's values mean) ---------------------------------------------------------
def id_problem(value: str, rules: dict, taken: set[str]) -> str:
    if not value:
        return tr("Cần có mã")
    if not re.fullmatch(rules.get("id", r"^[a-z0-9][a-z0-9_-]*$"), value) or len(value) > rules.get("max_length",
                                                                                                    64):
        return tr("Mã chỉ gồm chữ thường không dấu, số, '-' và '_', bắt đầu bằng chữ hoặc số (tối đa 64 ký tự)")
    if value in taken:
        return tr("Mã '%1' đã có trong danh mục").replace("%1", value)
    return ""


def camera_url_problem(url: str, schemes: list[str], required: bool) -> str:
    if not url:
        return tr("Cần có địa chỉ") if required else ""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 (a port out of range raises here)
    except ValueError:
        return tr("Địa chỉ không hợp lệ")
    if parts.scheme.lower() not in schemes:
        return tr("Địa chỉ phải bắt đầu bằng %1").replace("%1", ", ".join(s + "://" for s in schemes))
    if parts.scheme.lower() != "file" and not parts.hostname:
        return tr("Địa chỉ thiếu tên máy hoặc IP của camera")
    if parts.password:
        return tr("Không ghi mật khẩu trong địa chỉ: điền Tài khoản và tên biến môi trường chứa mật khẩu")
    return ""


def number(text: str) -> float | None:
    """A number as typed in Vietnamese (``105,69``) or English (``105.69``); None when it is not one."""
    try:
        return float(text.strip().replace(",", "."))
    except ValueError:
        return None


def camera_problems(v: dict, doc: dict) -> dict[str, str]:
    """The camera form's problems, by field (the API's field paths)."""
    rules, schemes = doc.get("rules", {}), doc.get("rules", {}).get("camera_schemes", [])
    taken = {c["id"] for c in doc.get("cameras", [])} | {s["id"] for s in doc.get("skipped", [])
                                                          if s["kind"] == "camera"}
    out = {"id": id_problem(v["id"], rules, taken),
           "name.vi": "" if v["name.vi"].strip() else tr("Cần có tên tiếng Việt"),
           "group": "" if v["group"] else tr("Chọn nhóm camera"),
           "streams[0]": camera_url_problem(v["streams[0]"], schemes, True),
           "streams[1]": camera_url_problem(v["streams[1]"], schemes, False),
           "grid_stream": camera_url_problem(v["grid_stream"], schemes, False),
           "snapshot": camera_url_problem(v["snapshot"], ["http", "https"], False)}
    if v["password_env"] and not _ENV.fullmatch(v["password_env"]):
        out["password_env"] = tr("Tên biến môi trường: chữ in hoa không dấu, số và '_' (ví dụ IOC_CAMERA_PASSWORD)")
    elif v["password_env"] and not v["username"]:
        out["password_env"] = tr("Có biến mật khẩu thì cần tài khoản")
    for key, low, high in (("lon", -180, 180), ("lat", -90, 90)):
        n = number(v[key]) if v[key] else None
        if v[key] and (n is None or not low <= n <= high):
            out[key] = tr("Một số từ %1 đến %2").replace("%1", str(low)).replace("%2", str(high))
    if bool(v["lon"]) != bool(v["lat"]):  # said under the one filled in
        out["lon" if v["lon"] else "lat"] = out.get("lon" if v["lon"] else "lat") or tr(
            "Vị trí cần cả kinh độ và vĩ độ")
    return {k: m for k, m in out.items() if m}


def camera_body(v: dict) -> dict:
    body = {"id": v["id"], "name": {"vi": v["name.vi"].strip(), **({"en": v["name.en"].strip()}
                                                                   if v["name.en"].strip() else {})},
            "group": v["group"], "streams": [u for u in (v["streams[0]"], v["streams[1]"]) if u]}
    for key in ("grid_stream", "snapshot", "username", "password_env"):
        if v[key]:
            body[key] = v[key]
    if v["lon"] and v["lat"]:
        body["lon"], body["lat"] = number(v["lon"]), number(v["lat"])
    return body


def page_problems(v: dict, doc: dict) -> dict[str, str]:
    taken = {p["id"] for p in doc.get("web_pages", [])} | {s["id"] for s in doc.get("skipped", [])
                                                            if s["kind"] == "web_page"}
    out = {"id": id_problem(v["id"], doc.get("rules", {}), taken),
           "name.vi": "" if v["name.vi"].strip() else tr("Cần có tên tiếng Việt"),
           "url": tr("Cần có địa chỉ") if not v["url"] else ""}
    if v["url"]:
        why = WebAllowlist(tuple(doc.get("web_allow", []))).reason(v["url"])  # the wall's own check
        if why:
            out["url"] = tr("Tường không hiển thị địa chỉ này: %1").replace("%1", describe_reason(why))
    return {k: m for k, m in out.items() if m}


def page_body(v: dict) -> dict:
    return {"id": v["id"], "name": {"vi": v["name.vi"].strip(), **({"en": v["name.en"].strip()}
                                                                   if v["name.en"].strip() else {})},
            "url": v["url"], "zoom": round(float(v["zoom"]), 2)}


def sector_of(doc: dict, sector: str) -> dict:
    return next((s for s in doc.get("sectors", []) if s["id"] == sector), {})


def addable(doc: dict, sector: str) -> list[dict]:
    """The indicators not yet in the sector's screen, the sector's own first."""
    shown = set(sector_of(doc, sector).get("indicators", []))
    out = [i for i in doc.get("indicators", []) if i["id"] not in shown]
    return sorted(out, key=lambda i: i["sector"] != sector)


def indicator_problems(v: dict, doc: dict) -> dict[str, str]:
    if not v["sector"]:
        return {"sector": tr("Chọn lĩnh vực")}
    full = len(sector_of(doc, v["sector"]).get("indicators", [])) >= doc.get("rules", {}).get("panel_indicators", 12)
    if full:
        return {"indicator": tr("Màn hình lĩnh vực này đã đủ chỉ tiêu (tối đa %1)").replace(
            "%1", str(doc.get("rules", {}).get("panel_indicators", 12)))}
    return {} if v["indicator"] else {"indicator": tr("Chọn chỉ tiêu")}


def warned(body: dict) -> str:
    """The warnings of a saved or removed entry (what still names a removed camera), each on a line of its own."""
    return "".join("\n⚠ " + describe(w, sentence=True) for w in body.get("warnings", []) if isinstance(w, dict))


def field_of(path: str, fields) -> str | None:
    """The form field a wall's problem path names (``name`` -> ``name.vi``, ``streams`` -> ``streams[0]``)."""
    if path in fields:
        return path
    return next((f for f in fields if path and (f.startswith(path + ".") or f.startswith(path + "["))), None)


# -- widgets -------------------------------------------------------------------------------------------------
class FormTab(QWidget):
    """A form beside the list of what the catalogue holds. Subclasses declare their fields and checks."""

    kind = ""  # camera | web_page | indicator

    def __init__(self, dialog: CatalogueDialog):
        super().__init__()
        self.dialog = dialog
        self.inputs: dict[str, QWidget] = {}
        self.errors: dict[str, QLabel] = {}
        self.labels: dict[str, str] = {}
        self.touched: set[str] = set()  # fields changed since the form was empty: only theirs show a problem
        self.wall_problems: dict[str, str] = {}  # the wall's refusal, until the field is changed
        row = QHBoxLayout(self)
        left = QVBoxLayout()
        left.addWidget(QLabel(self.list_title()))
        self.entries = QListWidget()
        self.entries.currentItemChanged.connect(lambda *_: self._enable_remove())
        left.addWidget(self.entries, 1)
        self.remove_button = QPushButton(tr("Xoá"))
        self.remove_button.setToolTip(tr("Xoá mục do kỹ thuật viên thêm (mục có sẵn trong tệp danh mục không xoá "
                                         "ở đây)"))
        self.remove_button.clicked.connect(self._remove)
        left.addWidget(self.remove_button)
        row.addLayout(left, 2)
        right = QVBoxLayout()
        self.form = QFormLayout()
        right.addLayout(self.form)
        self.save_button = QPushButton(self.save_text())
        self.save_button.clicked.connect(self._save)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        right.addWidget(self.hint)
        self.message = QLabel()
        self.message.setWordWrap(True)
        right.addWidget(self.save_button)
        right.addWidget(self.message)
        right.addStretch(1)
        row.addLayout(right, 3)
        self.build()
        self.validate()

    # -- fields ------------------------------------------------------------------------------------------------
    def add_field(self, key: str, label: str, widget: QWidget) -> QWidget:
        """``widget`` with a red label under it for its problem."""
        cell = QWidget()
        column = QVBoxLayout(cell)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(widget)
        error = problem_label()
        column.addWidget(error)
        self.form.addRow(label, cell)
        self.inputs[key], self.errors[key], self.labels[key] = widget, error, label
        if isinstance(widget, QLineEdit):
            widget.textChanged.connect(lambda *_: self._edited(key))
        elif isinstance(widget, QComboBox):
            widget.currentIndexChanged.connect(lambda *_: self._edited(key))
        elif isinstance(widget, QDoubleSpinBox):
            widget.valueChanged.connect(lambda *_: self._edited(key))
        return widget

    def line(self, key: str, label: str, placeholder: str = "") -> QLineEdit:
        edit = QLineEdit()
        edit.setPlaceholderText(placeholder)
        return self.add_field(key, label, edit)

    def values(self) -> dict:
        out = {}
        for key, w in self.inputs.items():
            if isinstance(w, QLineEdit):
                out[key] = w.text().strip()
            elif isinstance(w, QComboBox):
                out[key] = w.currentData() or ""
            else:
                out[key] = w.value()
        return out

    def _edited(self, key: str) -> None:
        self.touched.add(key)
        self.wall_problems.pop(key, None)
        self.validate()

    def validate(self) -> dict[str, str]:
        """Shows the problem of each field filled in under it (a form just opened is not all red), names the
        fields still to fill in beside Save, and enables Save only for a valid form on an editable catalogue."""
        doc = self.dialog.doc
        problems = {**self.problems(self.values(), doc), **self.wall_problems} if doc is not None else {}
        for key, label in self.errors.items():
            shown = key in problems and (key in self.touched or key in self.wall_problems)
            label.setText(problems.get(key, "") if shown else "")
            label.setVisible(shown)
        editable = doc is not None and self.editable(doc)
        self.save_button.setEnabled(editable and not problems and not self.dialog.busy)
        todo = [self.labels[k] for k in self.errors if k in problems and k not in self.touched]
        self.hint.setText(tr("Còn cần điền: %1").replace("%1", ", ".join(todo)) if todo and doc else "")
        return problems

    def editable(self, doc: dict) -> bool:
        """Whether the wall takes additions of this kind (its catalogue loaded)."""
        return doc.get("editable", {}).get(self.kind, False)

    # -- the wall ----------------------------------------------------------------------------------------------
    def _save(self) -> None:
        if self.validate() or self.dialog.busy:
            return
        path, body = self.target(self.values())
        self.dialog.busy = True
        self.say(tr("Đang gửi tới tường…"))
        self.dialog.call(lambda: self.dialog.client.call("POST", path, body), self._saved)

    def _saved(self, a: Answer) -> None:
        self.dialog.busy = False
        if a.ok and isinstance(a.body, dict):
            self.dialog.set_doc(a.body.get("catalogue"))
            self.clear()
            self.say(tr("Đã lưu trên tường: %1").replace("%1", a.body.get("added", "")) + warned(a.body))
        else:
            self.show_refusal(a)
        self.validate()

    def show_refusal(self, a: Answer) -> None:
        """The wall's problems under the fields they name; the rest (a full disk, no link) below Save."""
        problems = a.body.get("problems", []) if isinstance(a.body, dict) else []
        rest = []
        for p in problems:
            key = field_of(p.get("path", ""), self.inputs)
            if key is None:
                rest.append(describe(p))
            else:
                self.wall_problems[key] = describe(p, sentence=True)
        reason = a.reason()
        self.say(tr("Tường từ chối: %1").replace("%1", "; ".join(rest) or reason), error=True)

    def _remove(self) -> None:
        item = self.entries.currentItem()
        if item is None or self.dialog.busy:
            return
        self.dialog.busy = True
        path = self.remove_path(item.data(Qt.ItemDataRole.UserRole))
        self.dialog.call(lambda: self.dialog.client.call("DELETE", path), self._removed)

    def _removed(self, a: Answer) -> None:
        self.dialog.busy = False
        if a.ok and isinstance(a.body, dict):
            self.dialog.set_doc(a.body.get("catalogue"))
            self.say(tr("Đã xoá: %1").replace("%1", a.body.get("removed", "")) + warned(a.body))
        else:
            self.say(tr("Không xoá được: %1").replace("%1", describe_refusal(a)), error=True)
        self.validate()

    def say(self, text: str, error: bool = False) -> None:
        self.message.setText(text)
        self.message.setStyleSheet(ERROR_STYLE if error else "")

    # -- lists ---------------------------------------------------------------------------------------------------
    def show_entries(self, rows: list[tuple[str, str, bool]]) -> None:
        """(id, text, removable) rows; a removable row is a technician's addition."""
        current = self.entries.currentItem().data(Qt.ItemDataRole.UserRole) if self.entries.currentItem() else None
        self.entries.clear()
        for eid, text, removable in rows:
            item = QListWidgetItem(text + ("  " + tr("(kỹ thuật viên thêm)") if removable else ""))
            item.setData(Qt.ItemDataRole.UserRole, eid)
            item.setData(Qt.ItemDataRole.UserRole + 1, removable)
            self.entries.addItem(item)
            if eid == current:
                self.entries.setCurrentItem(item)
        self._enable_remove()

    def _enable_remove(self) -> None:
        item = self.entries.currentItem()
        self.remove_button.setEnabled(item is not None and bool(item.data(Qt.ItemDataRole.UserRole + 1)))

    def clear(self) -> None:
        for w in self.inputs.values():
            if isinstance(w, QLineEdit):
                w.clear()
        self.wall_problems.clear()
        self.touched.clear()

    def skipped_rows(self, doc: dict) -> list[tuple[str, str, bool]]:
        return [(s["id"], tr("%1 — không dùng được: %2").replace("%1", s["id"]).replace("%2", s["why"]), True)
                for s in doc.get("skipped", []) if s["kind"] == self.kind]


class CameraTab(FormTab):
    kind = "camera"

    def list_title(self) -> str:
        return tr("Camera trong danh mục")

    def save_text(self) -> str:
        return tr("Lưu camera")

    def build(self) -> None:
        self.line("id", tr("Mã camera"), "cam-cau-cua-hoi")
        self.line("name.vi", tr("Tên (tiếng Việt)"))
        self.line("name.en", tr("Tên tiếng Anh (không bắt buộc)"))
        self.add_field("group", tr("Nhóm"), QComboBox())
        self.line("streams[0]", tr("Địa chỉ luồng hình"), "rtsp://10.0.0.5:554/Streaming/Channels/102")
        self.line("streams[1]", tr("Luồng dự phòng (không bắt buộc)"), "http://10.0.0.5/mjpeg/1")
        self.line("grid_stream", tr("Luồng phụ cho lưới camera (không bắt buộc)"),
                  "rtsp://10.0.0.5:554/Streaming/Channels/102").setToolTip(
            tr("Hình nhỏ của camera: ô trong lưới camera phát luồng này, đỡ tải cho máy của tường"))
        self.line("snapshot", tr("Ảnh chụp nhanh (không bắt buộc)"),
                  "http://10.0.0.5/ISAPI/Streaming/channels/101/picture")
        self.line("username", tr("Tài khoản (không bắt buộc)"))
        self.line("password_env", tr("Biến môi trường mật khẩu (không bắt buộc)"), "IOC_CAMERA_PASSWORD").setToolTip(
            tr("Mật khẩu không đi qua bàn điều khiển: đặt nó trong biến môi trường này trên máy của tường"))
        self.line("lon", tr("Kinh độ (không bắt buộc)"), "105,69")
        self.line("lat", tr("Vĩ độ (không bắt buộc)"), "18,65")

    def problems(self, v: dict, doc: dict) -> dict[str, str]:
        return camera_problems(v, doc)

    def target(self, v: dict) -> tuple[str, dict]:
        return "/catalogue/cameras", camera_body(v)

    def remove_path(self, eid: str) -> str:
        return f"/catalogue/cameras/{eid}"

    def refresh(self, doc: dict) -> None:
        _refill(self.inputs["group"], tr("— chọn nhóm —"),
                [(f"{g['name']['vi']} ({g['id']})", g["id"]) for g in doc.get("camera_groups", [])])
        self.show_entries([(c["id"], f"{c['name']['vi']} — {c['id']}", c.get("added", False))
                           for c in doc.get("cameras", [])] + self.skipped_rows(doc))


def group_kind_names() -> dict[str, str]:
    return {"security": tr("An ninh"), "traffic": tr("Giao thông"), "forest_fire": tr("Cháy rừng"),
            "flood": tr("Lũ lụt"), "administrative": tr("Hành chính"), "border": tr("Biên giới"),
            "meeting": tr("Họp trực tuyến")}


def group_problems(v: dict, doc: dict) -> dict[str, str]:
    taken = {g["id"] for g in doc.get("camera_groups", [])} | {s["id"] for s in doc.get("skipped", [])
                                                               if s["kind"] == "camera_group"}
    out = {"id": id_problem(v["id"], doc.get("rules", {}), taken),
           "name.vi": "" if v["name.vi"].strip() else tr("Cần có tên tiếng Việt"),
           "kind": "" if v["kind"] else tr("Chọn loại nhóm")}
    return {k: m for k, m in out.items() if m}


def group_body(v: dict) -> dict:
    return {"id": v["id"], "name": {"vi": v["name.vi"].strip(), **({"en": v["name.en"].strip()}
                                                                   if v["name.en"].strip() else {})},
            "kind": v["kind"]}


class GroupTab(FormTab):
    """A camera group for a new site's cameras (a border gate, a new bridge); its cameras are added in the camera
    tab once it is saved."""

    kind = "camera_group"

    def list_title(self) -> str:
        return tr("Nhóm camera trong danh mục")

    def save_text(self) -> str:
        return tr("Lưu nhóm camera")

    def build(self) -> None:
        self.line("id", tr("Mã nhóm"), "cua-khau-thanh-thuy")
        self.line("name.vi", tr("Tên (tiếng Việt)"))
        self.line("name.en", tr("Tên tiếng Anh (không bắt buộc)"))
        self.add_field("kind", tr("Loại nhóm"), QComboBox())

    def problems(self, v: dict, doc: dict) -> dict[str, str]:
        return group_problems(v, doc)

    def target(self, v: dict) -> tuple[str, dict]:
        return "/catalogue/camera-groups", group_body(v)

    def remove_path(self, eid: str) -> str:
        return f"/catalogue/camera-groups/{eid}"

    def refresh(self, doc: dict) -> None:
        _refill(self.inputs["kind"], tr("— chọn loại —"),
                [(f"{group_kind_names().get(k, k)} ({k})", k) for k in doc.get("camera_group_kinds", [])])
        self.show_entries([(g["id"], f"{g['name']['vi']} — {g['id']}", g.get("added", False))
                           for g in doc.get("camera_groups", [])] + self.skipped_rows(doc))


class PageTab(FormTab):
    kind = "web_page"

    def list_title(self) -> str:
        return tr("Trang web trong danh mục")

    def save_text(self) -> str:
        return tr("Lưu trang web")

    def build(self) -> None:
        self.line("id", tr("Mã trang"), "bao-cao-nhanh")
        self.line("name.vi", tr("Tên (tiếng Việt)"))
        self.line("name.en", tr("Tên tiếng Anh (không bắt buộc)"))
        self.line("url", tr("Địa chỉ trang"), "https://dichvucong.nghean.gov.vn/")
        zoom = QDoubleSpinBox()
        zoom.setRange(0.25, 5.0)
        zoom.setSingleStep(0.25)
        zoom.setValue(1.0)
        self.add_field("zoom", tr("Thu phóng (1 = cỡ gốc)"), zoom)
        self.allowed = QLabel()
        self.allowed.setWordWrap(True)
        self.form.addRow("", self.allowed)

    def problems(self, v: dict, doc: dict) -> dict[str, str]:
        return page_problems(v, doc)

    def target(self, v: dict) -> tuple[str, dict]:
        return "/catalogue/web-pages", page_body(v)

    def remove_path(self, eid: str) -> str:
        return f"/catalogue/web-pages/{eid}"

    def refresh(self, doc: dict) -> None:
        hosts = ", ".join(doc.get("web_allow", [])) or tr("(chưa có: cấu hình của tường chưa cho phép trang nào)")
        self.allowed.setText(tr("Tường chỉ hiển thị các máy: %1").replace("%1", hosts))
        self.show_entries([(p["id"], f"{p['name']['vi']} — {p['url']}", p.get("added", False))
                           for p in doc.get("web_pages", [])] + self.skipped_rows(doc))


class IndicatorTab(FormTab):
    kind = "indicator"

    def list_title(self) -> str:
        return tr("Chỉ tiêu trên màn hình lĩnh vực")

    def save_text(self) -> str:
        return tr("Thêm vào màn hình lĩnh vực")

    def build(self) -> None:
        self.add_field("sector", tr("Lĩnh vực"), QComboBox())
        self.add_field("indicator", tr("Chỉ tiêu"), QComboBox())
        self.room = QLabel()
        self.room.setWordWrap(True)
        self.form.addRow("", self.room)
        self.inputs["sector"].currentIndexChanged.connect(lambda *_: self.refresh(self.dialog.doc or {}))

    def problems(self, v: dict, doc: dict) -> dict[str, str]:
        return indicator_problems(v, doc)

    def target(self, v: dict) -> tuple[str, dict]:
        return f"/catalogue/sectors/{v['sector']}/indicators", {"indicator": v["indicator"]}

    def remove_path(self, eid: str) -> str:
        return f"/catalogue/sectors/{eid}"  # eid: "<sector>/indicators/<indicator>"

    def refresh(self, doc: dict) -> None:
        sectors: QComboBox = self.inputs["sector"]
        _refill(sectors, tr("— chọn lĩnh vực —"), [(s["name"]["vi"], s["id"]) for s in doc.get("sectors", [])])
        sector, names = sectors.currentData() or "", {i["id"]: i for i in doc.get("indicators", [])}

        def other(i: dict) -> str:
            return "" if i["sector"] == sector else f" · {sector_of(doc, i['sector']).get('name', {}).get('vi', '')}"

        _refill(self.inputs["indicator"], tr("— chọn chỉ tiêu —"),
                [(f"{i['name']['vi']} ({i['unit']}){other(i)}", i["id"]) for i in (addable(doc, sector)
                                                                                  if sector else [])], keep=False)
        info, most = sector_of(doc, sector), doc.get("rules", {}).get("panel_indicators", 12)
        self.room.setText(tr("Chỉ tiêu thêm vào nằm ở các ô số liệu của màn hình (đang có %1, tối đa %2)").replace(
            "%1", str(len(info.get("indicators", [])))).replace("%2", str(most)) if sector else "")
        skipped = [(f"{sector}/indicators/{s['id'].split('/', 1)[1]}", tr("%1 — không dùng được: %2").replace(
            "%1", s["id"]).replace("%2", s["why"]), True) for s in doc.get("skipped", [])
            if s["kind"] == "indicator" and s["id"].startswith(sector + "/")]
        self.show_entries([(f"{sector}/indicators/{i}", names.get(i, {}).get("name", {}).get("vi", i),
                            i in info.get("added", [])) for i in info.get("indicators", [])] + skipped)
        self.validate()


# -- the state folder's catalogue: new indicators, communes and wards (ioc_core/catalogue/statefiles.py) ------------
FREQUENCIES = ("realtime", "hourly", "daily", "weekly", "monthly", "quarterly", "yearly")
PERIODS = ("instant", "day", "week", "month", "quarter", "year")
DIRECTIONS = ("higher_better", "lower_better", "neutral")
AGGREGATIONS = ("sum", "mean", "weighted_mean", "min", "max", "last")
MAX_REGION_NAME = 80


def choice_names() -> dict[str, str]:
    """What the wall's words mean, for the choice lists (the value sent stays the catalogue's own)."""
    return {"realtime": tr("Thời gian thực"), "hourly": tr("Hằng giờ"), "daily": tr("Hằng ngày"),
            "weekly": tr("Hằng tuần"), "monthly": tr("Hằng tháng"), "quarterly": tr("Hằng quý"),
            "yearly": tr("Hằng năm"), "instant": tr("Tức thời"), "day": tr("Ngày"), "week": tr("Tuần"),
            "month": tr("Tháng"), "quarter": tr("Quý"), "year": tr("Năm"),
            "higher_better": tr("Càng cao càng tốt"), "lower_better": tr("Càng thấp càng tốt"),
            "neutral": tr("Không đánh giá cao thấp"), "province": tr("Cả tỉnh"), "commune": tr("Từng xã, phường"),
            "sum": tr("Cộng các xã"), "mean": tr("Trung bình các xã"), "weighted_mean": tr("Trung bình có trọng số"),
            "min": tr("Nhỏ nhất các xã"), "max": tr("Lớn nhất các xã"), "last": tr("Chỉ số của tỉnh")}


class StateTab(FormTab):
    """A tab of the wall's state-folder catalogue: editable when the wall has a state folder to keep it in."""

    def editable(self, doc: dict) -> bool:
        return bool(doc.get("state_catalogue", {}).get("editable", False))

    def restart_note(self, text: str) -> None:
        """The form's last line: when what is saved is in use."""
        self.note = QLabel(text)
        self.note.setWordWrap(True)
        self.form.addRow("", self.note)


def new_indicator_problems(v: dict, doc: dict) -> dict[str, str]:
    rules = doc.get("rules", {})
    taken = {i["id"] for i in doc.get("indicators", [])} | set(doc.get("state_catalogue", {}).get("indicators", []))
    out = {"id": id_problem(v["id"], rules, taken),
           "name.vi": "" if v["name.vi"].strip() else tr("Cần có tên tiếng Việt"),
           "sector": "" if v["sector"] else tr("Chọn lĩnh vực"),
           "source": id_problem(v["source"], rules, set()) if v["source"] else tr("Cần có mã nguồn dữ liệu")}
    for key in ("calculationFrequency", "calculationPeriod", "direction", "regionLevel", "aggregation"):
        if not v[key]:
            out[key] = tr("Chọn một mục")
    warn, crit = (number(v[k]) if v[k] else None for k in ("warning", "critical"))
    for key, n in (("warning", warn), ("critical", crit)):
        if v[key] and n is None:
            out[key] = tr("Một số (ví dụ 7,5)")
    if warn is not None and crit is not None:
        if v["direction"] == "neutral":
            out["critical"] = tr("Chỉ tiêu không đánh giá cao thấp thì không có ngưỡng")
        elif v["direction"] == "higher_better" and not crit < warn:
            out["critical"] = tr("Càng cao càng tốt: ngưỡng nguy hiểm phải thấp hơn ngưỡng cảnh báo")
        elif v["direction"] == "lower_better" and not crit > warn:
            out["critical"] = tr("Càng thấp càng tốt: ngưỡng nguy hiểm phải cao hơn ngưỡng cảnh báo")
    return {k: m for k, m in out.items() if m}


def new_indicator_body(v: dict) -> dict:
    body = {"id": v["id"], "sector": v["sector"],
            "name": {"vi": v["name.vi"].strip(), "en": v["name.en"].strip()}, "unit": v["unit"],
            **{k: v[k] for k in ("calculationFrequency", "calculationPeriod", "direction", "regionLevel")},
            "source": v["source"], "calculationMethod": "manual", "aggregation": v["aggregation"]}
    thresholds = {k: number(v[k]) for k in ("warning", "critical") if v[k]}
    if thresholds:
        body["thresholds"] = thresholds
    return body


class NewIndicatorTab(StateTab):
    """A new indicator (a province's own figure), kept in the wall's state folder: in use when the wall next
    starts; its data comes from the source named (the sources file says how)."""

    kind = "catalogue_indicator"

    def list_title(self) -> str:
        return tr("Chỉ tiêu trong danh mục")

    def save_text(self) -> str:
        return tr("Lưu chỉ tiêu mới")

    def build(self) -> None:
        names = choice_names()
        self.line("id", tr("Mã chỉ tiêu"), "nn-san-luong-lua")
        self.line("name.vi", tr("Tên (tiếng Việt)"))
        self.line("name.en", tr("Tên tiếng Anh (không bắt buộc)"))
        self.add_field("sector", tr("Lĩnh vực"), QComboBox())
        self.line("unit", tr("Đơn vị"), "tấn")
        for key, label, values in (("calculationFrequency", tr("Cập nhật"), FREQUENCIES),
                                   ("calculationPeriod", tr("Mỗi số liệu cho"), PERIODS),
                                   ("direction", tr("Đánh giá"), DIRECTIONS),
                                   ("regionLevel", tr("Số liệu theo"), ("province", "commune")),
                                   ("aggregation", tr("Số của tỉnh"), AGGREGATIONS)):
            box = QComboBox()
            _refill(box, tr("— chọn —"), [(f"{names.get(x, x)} ({x})", x) for x in values])
            self.add_field(key, label, box)
        self.line("source", tr("Mã nguồn dữ liệu"), "drop-nn")
        self.line("warning", tr("Ngưỡng cảnh báo (không bắt buộc)"))
        self.line("critical", tr("Ngưỡng nguy hiểm (không bắt buộc)"))
        self.restart_note(tr("Chỉ tiêu mới được dùng khi tường khởi động lại."))

    def problems(self, v: dict, doc: dict) -> dict[str, str]:
        return new_indicator_problems(v, doc)

    def target(self, v: dict) -> tuple[str, dict]:
        return "/catalogue/indicators", new_indicator_body(v)

    def remove_path(self, eid: str) -> str:
        return f"/catalogue/indicators/{eid}"

    def refresh(self, doc: dict) -> None:
        _refill(self.inputs["sector"], tr("— chọn lĩnh vực —"),
                [(s["name"]["vi"], s["id"]) for s in doc.get("sectors", [])])
        mine = doc.get("state_catalogue", {}).get("indicators", [])
        names = {i["id"]: i["name"]["vi"] for i in doc.get("indicators", [])}
        rows = [(i, f"{names.get(i, i)} — {i}" + ("" if i in names else "  " + tr("(dùng khi khởi động lại)")), True)
                for i in mine]
        self.show_entries(rows + [(i["id"], f"{i['name']['vi']} — {i['id']}", False)
                                  for i in doc.get("indicators", []) if i["id"] not in mine])


def region_problems(v: dict, doc: dict) -> dict[str, str]:
    added = {r["code"] for r in doc.get("regions", []) if r.get("added")}
    out = {"code": id_problem(v["code"], doc.get("rules", {}), added),
           "name": "" if v["name"].strip() else tr("Cần có tên tiếng Việt (ví dụ Xã Nam Đàn)")}
    if len(v["name"]) > MAX_REGION_NAME:
        out["name"] = tr("Tên dài tối đa %1 ký tự").replace("%1", str(MAX_REGION_NAME))
    return {k: m for k, m in out.items() if m}


class RegionTab(StateTab):
    """A commune or ward by its code (the national 5-digit code, or the code the sources report): a new code adds
    it, a listed one renames it; shown on the wall at once."""

    kind = "region"

    def list_title(self) -> str:
        return tr("Xã, phường trong danh mục")

    def save_text(self) -> str:
        return tr("Lưu xã, phường")

    def build(self) -> None:
        self.line("code", tr("Mã đơn vị"), "17935")
        self.line("name", tr("Tên (tiếng Việt)"), "Xã Nam Đàn")

    def problems(self, v: dict, doc: dict) -> dict[str, str]:
        return region_problems(v, doc)

    def target(self, v: dict) -> tuple[str, dict]:
        return "/catalogue/regions", {"code": v["code"], "name": v["name"].strip()}

    def remove_path(self, eid: str) -> str:
        return f"/catalogue/regions/{eid}"

    def refresh(self, doc: dict) -> None:
        self.show_entries([(r["code"], f"{r['name']} — {r['code']}" + ("  " + tr("(mô phỏng)") if r.get("demo")
                                                                      else ""), r.get("added", False))
                           for r in doc.get("regions", [])])


MARKER_KINDS = ("station", "tourist_site", "camera", "incident")


def marker_kind_names() -> dict[str, str]:
    return {"station": tr("Trạm quan trắc"), "tourist_site": tr("Điểm du lịch"), "camera": tr("Camera"),
            "incident": tr("Sự cố")}


def marker_problems(v: dict, doc: dict) -> dict[str, str]:
    """The station form's problems: a status comes from an indicator's reading (of a commune, for a commune-level
    indicator), checked against the wall's catalogue as it will be at the next start."""
    taken = {m["id"] for m in doc.get("markers", [])} | set(doc.get("state_catalogue", {}).get("markers", []))
    out = {"id": id_problem(v["id"], doc.get("rules", {}), taken),
           "name.vi": "" if v["name.vi"].strip() else tr("Cần có tên tiếng Việt"),
           "kind": "" if v["kind"] else tr("Chọn loại điểm")}
    for key, low, high in (("lon", -180, 180), ("lat", -90, 90)):
        n = number(v[key]) if v[key] else None
        if n is None or not low <= n <= high:
            out[key] = tr("Một số từ %1 đến %2").replace("%1", str(low)).replace("%2", str(high))
    level = {i["id"]: i.get("region_level") for i in doc.get("indicators", [])}.get(v["indicator"])
    if v["region"] and not v["indicator"]:
        out["region"] = tr("Chọn chỉ tiêu trước: trạng thái của xã lấy từ số liệu của chỉ tiêu")
    elif v["region"] and level == "province":
        out["region"] = tr("Chỉ tiêu này chỉ có số của tỉnh: bỏ trống xã, phường")
    return {k: m for k, m in out.items() if m}


def marker_body(v: dict) -> dict:
    body = {"id": v["id"], "kind": v["kind"], "name": {"vi": v["name.vi"].strip(), "en": v["name.en"].strip()},
            "lon": number(v["lon"]), "lat": number(v["lat"])}
    if v["indicator"]:
        body["indicator"] = v["indicator"]
    if v["region"]:
        body["region"] = v["region"]
    return body


class MarkerTab(StateTab):
    """A map station or marker (the markers file's format), kept in the wall's state folder: on the map when the
    wall next starts; its colour from an indicator's reading."""

    kind = "marker"

    def list_title(self) -> str:
        return tr("Điểm trên bản đồ")

    def save_text(self) -> str:
        return tr("Lưu điểm trên bản đồ")

    def build(self) -> None:
        self.line("id", tr("Mã điểm"), "tram-do-luong")
        self.line("name.vi", tr("Tên (tiếng Việt)"))
        self.line("name.en", tr("Tên tiếng Anh (không bắt buộc)"))
        kinds = QComboBox()
        _refill(kinds, tr("— chọn —"), [(f"{marker_kind_names()[k]} ({k})", k) for k in MARKER_KINDS])
        self.add_field("kind", tr("Loại điểm"), kinds)
        self.line("lon", tr("Kinh độ"), "105,30")
        self.line("lat", tr("Vĩ độ"), "18,90")
        self.add_field("indicator", tr("Chỉ tiêu (không bắt buộc)"), QComboBox())
        self.add_field("region", tr("Xã, phường (không bắt buộc)"), QComboBox())
        self.restart_note(tr("Điểm mới hiện trên bản đồ khi tường khởi động lại."))

    def problems(self, v: dict, doc: dict) -> dict[str, str]:
        return marker_problems(v, doc)

    def target(self, v: dict) -> tuple[str, dict]:
        return "/catalogue/markers", marker_body(v)

    def remove_path(self, eid: str) -> str:
        return f"/catalogue/markers/{eid}"

    def refresh(self, doc: dict) -> None:
        _refill(self.inputs["indicator"], tr("— không —"),
                [(f"{i['name']['vi']} ({i['id']})", i["id"]) for i in doc.get("indicators", [])])
        _refill(self.inputs["region"], tr("— cả tỉnh —"),
                [(f"{r['name']} ({r['code']})", r["code"]) for r in doc.get("regions", []) if not r.get("demo")])
        mine = doc.get("state_catalogue", {}).get("markers", [])
        shown = {m["id"]: m for m in doc.get("markers", [])}
        self.show_entries([(m, f"{shown[m]['name']['vi']} — {m}" if m in shown else
                            f"{m}  " + tr("(dùng khi khởi động lại)"), True) for m in mine]
                          + [(m["id"], f"{m['name']['vi']} — {m['id']}", False) for m in doc.get("markers", [])
                             if m["id"] not in mine])


class CatalogueDialog(QDialog):
    """``CatalogueDialog(client, background, parent)``: the catalogue of one wall, for its technician."""

    def __init__(self, client, background, parent: QWidget | None = None):
        super().__init__(parent)
        self.client, self._background = client, background
        self.doc: dict | None = None
        self.busy = False
        self.setWindowTitle(tr("Danh mục: camera, trang web, chỉ tiêu, xã phường"))
        self.resize(1000, 640)
        column = QVBoxLayout(self)
        self.tabs = QTabWidget()
        self.camera_tab, self.page_tab, self.indicator_tab = CameraTab(self), PageTab(self), IndicatorTab(self)
        self.group_tab = GroupTab(self)
        self.new_indicator_tab, self.region_tab, self.marker_tab = NewIndicatorTab(self), RegionTab(self), \
            MarkerTab(self)
        self.tabs.addTab(self.camera_tab, tr("Camera"))
        self.tabs.addTab(self.group_tab, tr("Nhóm camera"))
        self.tabs.addTab(self.page_tab, tr("Trang web"))
        self.tabs.addTab(self.indicator_tab, tr("Chỉ tiêu trong lĩnh vực"))
        self.tabs.addTab(self.new_indicator_tab, tr("Chỉ tiêu mới"))
        self.tabs.addTab(self.region_tab, tr("Xã, phường"))
        self.tabs.addTab(self.marker_tab, tr("Trạm, điểm bản đồ"))
        column.addWidget(self.tabs, 1)
        bottom = QHBoxLayout()
        self.status = QLabel()
        self.status.setWordWrap(True)
        reload_button = QPushButton(tr("Tải lại"))
        reload_button.clicked.connect(self.reload)
        bottom.addWidget(self.status, 1)
        bottom.addWidget(reload_button)
        column.addLayout(bottom)
        self.reload()

    def call(self, fn, on_done) -> None:
        call_for(self, self._background, fn, on_done)

    def tab_list(self) -> list[FormTab]:
        return [self.camera_tab, self.group_tab, self.page_tab, self.indicator_tab, self.new_indicator_tab,
                self.region_tab, self.marker_tab]

    def reload(self) -> None:
        self.status.setText(tr("Đang đọc danh mục của tường…"))
        self.call(lambda: self.client.call("GET", "/catalogue"), self._loaded)

    def _loaded(self, a: Answer) -> None:
        if a.ok and isinstance(a.body, dict):
            self.set_doc(a.body)
            self.status.setText("")
        else:
            self.status.setText(tr("Không đọc được danh mục: %1").replace("%1", a.reason()))

    def set_doc(self, doc: dict | None) -> None:
        if not isinstance(doc, dict):
            return
        self.doc = doc
        for tab in self.tab_list():
            tab.refresh(doc)
            tab.validate()
        locked = [t for t in self.tab_list() if not t.editable(doc)]
        for tab in locked:
            tab.say(tr("Tường không tải được danh mục này nên chưa thêm được (xem báo cáo sự cố của tường)"),
                    error=True)


def _refill(box: QComboBox, placeholder: str, items: list[tuple[str, str]], keep: bool = True) -> None:
    """A choice list filled again from the wall's catalogue, quietly, with what was chosen still chosen (``keep``)."""
    chosen = box.currentData() if keep else ""
    box.blockSignals(True)
    box.clear()
    box.addItem(placeholder, "")
    for text, data in items:
        box.addItem(text, data)
    box.setCurrentIndex(max(0, box.findData(chosen)) if chosen else 0)
    box.blockSignals(False)
