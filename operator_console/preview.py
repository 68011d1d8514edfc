"""The live preview of one wall: its screens (with snapshots), the layout's regions and what each shows. Views are
dropped on a region from the palette; the keyboard does the same (arrows choose a region, Enter puts the chosen view
there, Delete clears it)."""

from __future__ import annotations

import json

from PySide6.QtCore import QCoreApplication, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from ioc_core.layouts.views import VIEW_KINDS
from operator_console.power_panel import dark_text

VIEW_MIME = "application/x-iocwall-view"
BEZEL = 0.012  # of a screen's width, between screens in the picture


def tr(text: str) -> str:
    return QCoreApplication.translate("", text)  # lupdate files module-level tr() under the empty context


def layer_name(layer: str) -> str | None:
    """What a map view's layer shows (ioc_core/catalogue/mapdata.LAYERS), as the wall's map names it."""
    return {"all": tr("Tất cả"), "tourism": tr("Du lịch"), "environment": tr("Môi trường"), "cameras": tr("Camera"),
            "incidents": tr("Sự cố"), "safety": tr("An ninh, trật tự")}.get(layer)


# the parameter that says which one of its kind a view shows (a view may have others: a grid's size, a pin)
_WHICH = ("sector", "indicator", "layer", "camera", "group", "page", "url")


def kind_name(kind: str) -> str:
    """A view kind (``sector``, ``camera_grid``) as an operator names it, in the console's language."""
    found = VIEW_KINDS.get(kind)
    if found is None:
        return kind
    app = QCoreApplication.instance()
    return found.title_en if app is not None and app.property("language") == "en" else found.title_vi


def _loose_key(view: dict) -> str:
    return json.dumps({k: view.get(k) for k in ("kind", *_WHICH) if view.get(k) is not None}, sort_keys=True)


def view_label(view: dict | None, titles: dict[str, str] | None = None) -> str:
    """A view as an operator names it: the sector's or indicator's title when known, else its kind's name (never
    an internal kind or layer id when the console has a name for it)."""
    if not view:
        return tr("(trống)")
    key = json.dumps(view, sort_keys=True)
    if titles and key in titles:
        return titles[key]
    if titles and (loose := titles.get("~" + _loose_key(view))):  # the same view with other parameters
        return loose
    kind = view.get("kind", "?")
    if kind == "map":
        layer = view.get("layer") or "all"
        return f"{kind_name(kind)}: {name}" if (name := layer_name(layer)) else kind_name(kind)
    detail = next((str(view[k]) for k in _WHICH if view.get(k)), "")
    return f"{kind_name(kind)}: {detail}" if detail else kind_name(kind)


def view_title(view: dict) -> str:
    """The title of a view of the wall's list (``GET /views``) as the console shows it: the wall's, except for a
    map's, which the wall names by its layer's id."""
    if view.get("kind") == "map":
        return view_label(bare_view(view))
    return view.get("title") or view_label(bare_view(view))


def bare_view(view: dict) -> dict:
    """A view of the wall's list (``GET /views``) without the title it carries for the console: as a region shows it."""
    return {k: x for k, x in view.items() if k != "title"}


def view_titles(views: list[dict]) -> dict[str, str]:
    """The titles of the wall's views, keyed as ``view_label`` looks them up (exactly, then by kind and which one)."""
    out = {"~" + _loose_key(bare_view(v)): view_title(v) for v in reversed(views)}
    out.update({json.dumps(bare_view(v), sort_keys=True): view_title(v) for v in views})
    return out


def changed_screens(old: dict | None, new: dict, rows: int, cols: int) -> set[tuple[int, int]] | None:
    """The wall screens whose picture a state change touched (None: all of them, e.g. a new layout)."""
    if old is None or any(old.get(k) != new.get(k) for k in ("layout", "grid", "identify")):
        return None
    grid = new.get("grid") or {}
    grows, gcols = grid.get("rows", rows), grid.get("cols", cols)
    before = {r["id"]: r for r in old.get("regions", [])}
    out = set(map(tuple, old.get("blackout", []))) ^ set(map(tuple, new.get("blackout", [])))
    for region in new.get("regions", []):
        if before.get(region["id"]) == region:
            continue
        (r0, c0), (rs, cs) = region["cell"], region.get("span", [1, 1])
        out |= {(r, c) for r in range(r0 * rows // grows, -(-(r0 + rs) * rows // grows))
                for c in range(c0 * cols // gcols, -(-(c0 + cs) * cols // gcols))}
    return out


class WallPreview(QWidget):
    regionSelected = Signal(str)  # noqa: N815 (Qt's naming of signals)
    viewDropped = Signal(str, dict)  # noqa: N815
    applyRequested = Signal(str)  # noqa: N815
    clearRequested = Signal(str)  # noqa: N815
    swapRequested = Signal(str)  # noqa: N815

    def __init__(self, parent=None):
        super().__init__(parent)
        self.rows, self.cols = 3, 3
        self.state: dict | None = None
        self.snapshots: dict[tuple[int, int], QImage] = {}
        self.titles: dict[str, str] = {}
        self.selected: str | None = None
        self.reachable = True
        self.screens: dict | None = None  # what the wall's screens do (off: dimmed, and said)
        self.setAcceptDrops(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMinimumSize(480, 270)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAccessibleName(tr("Xem trước tường màn hình"))

    # -- model ---------------------------------------------------------------------------------------------
    def set_screens(self, screens: dict | None) -> None:
        """What the wall's screens do ({"on", "state", "next_change"}): off, the preview is dimmed and says so."""
        self.screens = screens
        self.update()

    def set_state(self, state: dict) -> None:
        self.state = state
        grid = state.get("grid") or {}
        ids = [r["id"] for r in self.regions()]
        if self.selected not in ids:
            self.selected = ids[0] if ids else None
        self.rows = state.get("rows", self.rows)
        self.cols = state.get("cols", self.cols)
        self._grid = (grid.get("rows", self.rows), grid.get("cols", self.cols))
        self.update()

    def set_wall_size(self, rows: int, cols: int) -> None:
        self.rows, self.cols = rows, cols
        self.update()

    def regions(self) -> list[dict]:
        return list((self.state or {}).get("regions", []))

    def region(self, rid: str | None) -> dict | None:
        return next((r for r in self.regions() if r["id"] == rid), None)

    # -- geometry ------------------------------------------------------------------------------------------
    def wall_rect(self) -> QRectF:
        w, h = self.width() - 16, self.height() - 16
        aspect = (self.cols * 16 * (1 + BEZEL)) / (self.rows * 9 * (1 + BEZEL * 16 / 9))
        if w / max(h, 1) > aspect:
            w = h * aspect
        else:
            h = w / aspect
        return QRectF((self.width() - w) / 2, (self.height() - h) / 2, w, h)

    def screen_rect(self, row: int, col: int) -> QRectF:
        wall = self.wall_rect()
        gap = wall.width() / self.cols * BEZEL
        sw = (wall.width() - gap * (self.cols - 1)) / self.cols
        sh = (wall.height() - gap * (self.rows - 1)) / self.rows
        return QRectF(wall.left() + col * (sw + gap), wall.top() + row * (sh + gap), sw, sh)

    def region_rect(self, region: dict) -> QRectF:
        grows, gcols = getattr(self, "_grid", (self.rows, self.cols))
        (row, col), (rs, cs) = region["cell"], region.get("span", [1, 1])
        wall = self.wall_rect()
        cw, ch = wall.width() / gcols, wall.height() / grows
        return QRectF(wall.left() + col * cw, wall.top() + row * ch, cs * cw, rs * ch).adjusted(3, 3, -3, -3)

    def region_at(self, pos: QPointF) -> str | None:
        return next((r["id"] for r in self.regions() if self.region_rect(r).contains(pos)), None)

    def region_label(self, region: dict) -> str:
        """What the preview writes on a region: its name, and the view it shows when that is not the same."""
        title = (region.get("title") or {}).get("vi") or region["id"]
        shows = view_label(region.get("view"), self.titles)
        label = title if shows == title else f"{title}\n{shows}"  # say a sector's name once
        if region.get("hold", {}).get("owner", "").startswith("rule:"):
            label += "\n" + tr("(quy tắc cảnh báo)")
        return label

    # -- painting ------------------------------------------------------------------------------------------
    def paintEvent(self, event) -> None:  # noqa: N802
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), QColor("#0b1426"))
        blackout = {tuple(s) for s in (self.state or {}).get("blackout", [])}
        for r in range(self.rows):
            for c in range(self.cols):
                sr = self.screen_rect(r, c)
                img = self.snapshots.get((r, c))
                if img is not None and not img.isNull():
                    p.drawImage(sr, img)
                else:
                    p.fillRect(sr, QColor("#12203a"))
                if (r, c) in blackout:
                    p.fillRect(sr, QColor(0, 0, 0, 220))
                    p.setPen(QColor("#b8c4d6"))
                    p.drawText(sr, Qt.AlignmentFlag.AlignCenter, tr("Tắt hình"))
        font = QFont()
        font.setPixelSize(max(11, int(self.wall_rect().height() / 30)))
        p.setFont(font)
        for region in self.regions():
            rr = self.region_rect(region)
            chosen = region["id"] == self.selected
            p.setPen(QPen(QColor("#ffb020") if chosen else QColor("#3aa0ff"), 4 if chosen else 2))
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawRect(rr)
            label = self.region_label(region)
            box = QRectF(rr.left() + 4, rr.top() + 4, rr.width() - 8, p.fontMetrics().height() * 3.4)
            p.fillRect(box, QColor(11, 20, 38, 200))
            p.setPen(QColor("#f2f5fa"))
            p.drawText(box.adjusted(4, 2, -4, -2), Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap, label)
        if self.screens is not None and not self.screens.get("on", True):  # the wall is dark: its picture, dimmed
            wall = self.wall_rect()
            p.fillRect(wall, QColor(0, 0, 0, 170))
            big = QFont(font)
            big.setPixelSize(max(14, int(wall.height() / 16)))
            big.setBold(True)
            p.setFont(big)
            p.setPen(QColor("#ffb020"))
            p.drawText(wall.adjusted(wall.width() / 10, 0, -wall.width() / 10, 0),
                       Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, "⏻ " + dark_text(self.screens))
            p.setFont(font)
        if not self.reachable:
            p.fillRect(self.rect(), QColor(0, 0, 0, 150))
            p.setPen(QColor("#ff5f5f"))
            p.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, tr("Mất kết nối với tường"))
        p.end()

    # -- mouse, keyboard, drops ----------------------------------------------------------------------------
    def mousePressEvent(self, event) -> None:  # noqa: N802
        rid = self.region_at(event.position())
        if rid:
            self.select(rid)

    def select(self, rid: str) -> None:
        self.selected = rid
        self.regionSelected.emit(rid)
        self.update()

    def keyPressEvent(self, event) -> None:  # noqa: N802
        ids = [r["id"] for r in self.regions()]
        if not ids:
            return super().keyPressEvent(event)
        i = ids.index(self.selected) if self.selected in ids else 0
        key = event.key()
        if key in (Qt.Key.Key_Right, Qt.Key.Key_Down):
            self.select(ids[(i + 1) % len(ids)])
        elif key in (Qt.Key.Key_Left, Qt.Key.Key_Up):
            self.select(ids[(i - 1) % len(ids)])
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.applyRequested.emit(ids[i])
        elif key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.clearRequested.emit(ids[i])
        elif key == Qt.Key.Key_X:
            self.swapRequested.emit(ids[i])
        else:
            super().keyPressEvent(event)

    def dragEnterEvent(self, event) -> None:  # noqa: N802
        if event.mimeData().hasFormat(VIEW_MIME):
            event.acceptProposedAction()

    def dragMoveEvent(self, event) -> None:  # noqa: N802
        rid = self.region_at(event.position())
        if rid and event.mimeData().hasFormat(VIEW_MIME):
            if rid != self.selected:
                self.select(rid)
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event) -> None:  # noqa: N802
        rid = self.region_at(event.position())
        if not rid or not event.mimeData().hasFormat(VIEW_MIME):
            event.ignore()
            return
        try:
            view = json.loads(bytes(event.mimeData().data(VIEW_MIME)).decode())
        except ValueError:
            event.ignore()
            return
        event.acceptProposedAction()
        self.select(rid)
        self.viewDropped.emit(rid, view)
