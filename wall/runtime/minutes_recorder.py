"""Meeting minutes (Qt): each agenda item's regions pictured as the meeting leaves the item, written as PNG files on a
thread of their own, and at the end of the meeting a summary (ioc_core/meeting/minutes.py) and one PDF of it all.

The pictures are drawn on the GUI thread (the scene lives there), at most MAX_WIDTH pixels wide; encoding, files and
the PDF are the writer thread's, so the wall's screens never wait for a disk.
"""

from __future__ import annotations

import logging
import secrets
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from PySide6.QtCore import QMarginsF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPageLayout, QPageSize, QPainter, QPdfWriter

from ioc_core import clock as wallclock
from ioc_core import fmt
from ioc_core.meeting import minutes as mm

log = logging.getLogger(__name__)

MAX_WIDTH = 1920  # a region's picture in the minutes: sharp on a printed page, small on disk


class MinutesRecorder:
    """Follows ``runtime`` from construction (its ``leaving``); ``stop`` once the runtime is shut down writes what
    was taken."""

    def __init__(self, runtime, root: Path, wall_name: str = ""):
        self.runtime, self.root, self.wall_name = runtime, Path(root), wall_name
        self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="minutes")
        self.last: Future | None = None  # the latest write (tests and the benchmark wait on it)
        self.written: Path | None = None  # the folder of the last finished minutes
        self._unfollow = runtime.leaving.subscribe(self.before_apply)

    def before_apply(self, old, new) -> None:
        """Called with the state leaving the screens and the one coming: pictures of an agenda item being left."""
        run = old.meeting if old is not None else None
        if run is None or run.status not in ("running", "paused") or not 0 <= run.item < len(run.meeting.items):
            return
        nxt = new.meeting
        same = nxt is not None and nxt.meeting == run.meeting
        if same and nxt.item == run.item and nxt.status != "ended":
            return
        pictures = []
        if old.layout.id == run.meeting.layout:  # the operator may have put another layout up meanwhile
            try:
                pictures = self._pictures(old, run)
            except Exception:  # the minutes must never stop the wall from changing
                log.exception("minutes: pictures of item %d could not be taken", run.item + 1)
        else:
            log.warning("minutes: item %d left while layout %s was up, not the meeting's: no pictures of it",
                        run.item + 1, old.layout.id)
        if same and nxt.status == "ended":
            ended = nxt
        elif not same:  # closed or replaced without "end": its minutes are still written, ended now
            ended = run.end(wallclock.now_s())
            ended = ended if not isinstance(ended, str) else None
        else:
            ended = None
        self.last = self._writer.submit(self._write, self.root / mm.folder_name(run), pictures, ended)
        self.last.add_done_callback(_log_failure)

    # -- on the GUI thread -------------------------------------------------------------------------------------
    def _pictures(self, state, run) -> list[tuple[mm.Capture, QImage]]:
        now = wallclock.now_s()
        hub = self.runtime.hub
        out = []
        for rid in run.meeting.items[run.item].views:
            item = self.runtime.items.get(rid)
            if item is None:
                continue
            g = item.geometry()
            w = min(MAX_WIDTH, int(g.width()))
            image = self.runtime.picture(g, w, max(1, round(w * g.height() / g.width())))
            times = []
            if hub is not None and item.shows_figures:
                for ind in hub.catalogue.indicators:
                    if item.shows({ind}) and (reading := hub.reading(ind)) is not None:
                        times.append(reading.observed_at)
            cap = mm.Capture(run.item, rid, item.region.label, item.view, mm.image_name(run.item, rid), now,
                             state.frozen_at if item.shows_figures else None,
                             min(times) if times else None, max(times) if times else None)
            out.append((cap, image))
        return out

    # -- on the writer thread ----------------------------------------------------------------------------------
    def _write(self, folder: Path, pictures: list, ended) -> Path:
        folder.mkdir(parents=True, exist_ok=True)
        saved = []
        for cap, image in pictures:  # a picture that cannot be written is logged; the others and the summary go on
            tmp = _torn_name(folder / cap.image)  # a kill mid-write leaves a copy start-up removes, not a torn PNG
            if image.save(str(tmp), "PNG"):
                tmp.replace(folder / cap.image)
                saved.append((cap, image))
            else:
                tmp.unlink(missing_ok=True)
                log.error("minutes: cannot write %s (disk full, or no permission?)", folder / cap.image)
        pictures = saved
        fresh = {(c.item, c.region) for c, _ in pictures}
        captures = [c for c in mm.read_captures(folder) if (c.item, c.region) not in fresh]
        captures = sorted(captures + [c for c, _ in pictures], key=lambda c: (c.item, c.region))
        mm.write_captures(folder, captures)
        if ended is not None:
            doc = mm.summary(ended, captures, self.wall_name, wallclock.now_s())
            mm.write_summary(folder, doc)
            write_pdf(folder / mm.PDF, doc, folder)
            self.written = folder
            log.info("minutes of '%s' written to %s", ended.meeting.title, folder)
        return folder

    def stop(self) -> None:
        self._unfollow()
        self._writer.shutdown(wait=True)


def _log_failure(done: Future) -> None:
    """A write that failed is in the log at once, not left in a future nobody reads."""
    exc = done.exception()
    if exc is not None:
        log.error("minutes could not be written: %s", exc, exc_info=exc)


# -- the PDF ----------------------------------------------------------------------------------------------------
INK = QColor("#1a1a1a")
DIM = QColor("#555555")
RULE = QColor("#bbbbbb")
FROZEN = QColor("#9a6200")


def _font(points: float, bold: bool = False) -> QFont:
    f = QFont(["Noto Sans", "DejaVu Sans", "Arial"])
    f.setPointSizeF(points)
    f.setBold(bold)
    return f


def _text(p: QPainter, rect: QRectF, text: str, points: float, bold: bool = False, colour: QColor = INK,
          flags=Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop) -> float:
    """Draws wrapped text at the top of ``rect``; returns the height used."""
    p.setFont(_font(points, bold))
    p.setPen(colour)
    used = p.boundingRect(rect, int(flags | Qt.TextFlag.TextWordWrap), text)
    p.drawText(rect, int(flags | Qt.TextFlag.TextWordWrap), text)
    return used.height()


def _minutes(m: float) -> str:
    if 0 < m < 1:
        return "dưới 1 phút"
    return f"{fmt.number(m, 0 if m == int(m) else 1)} phút"


def _span(t0: float, t1: float | None) -> str:
    end = mm.stamp(t1).split(" ")[0] if t1 is not None else "…"
    return f"{mm.stamp(t0)} – {end}"


def _torn_name(path: Path) -> Path:
    """Where ``path`` is written before it is renamed into place: the name start-up's clean-up knows
    (ioc_core/jsonfile.py's remove_torn_copies)."""
    return path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")


def write_pdf(path: Path, doc: dict, folder: Path) -> None:
    """The minutes as one A4 landscape PDF: a cover with the agenda as held, then a page per item with its pictures
    and the time their figures stood at."""
    tmp = _torn_name(path)
    writer = QPdfWriter(str(tmp))
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Landscape,
                                     QMarginsF(12, 12, 12, 12), QPageLayout.Unit.Millimeter))
    writer.setResolution(150)
    writer.setTitle(f"Biên bản: {doc['meeting']}")
    writer.setCreator("IOC Wall")
    p = QPainter(writer)
    try:
        page = QRectF(writer.pageLayout().paintRectPixels(writer.resolution()))
        page.moveTo(0, 0)
        _cover(p, page, doc, writer.newPage)
        for item in doc["items"]:
            if not item["views"] and not item["shown"]:
                continue  # an item the meeting never reached: on the cover, no page of its own
            writer.newPage()
            _item_page(p, page, item, folder)
    finally:
        p.end()
    tmp.replace(path)


def _cover(p: QPainter, page: QRectF, doc: dict, new_page) -> None:
    y = page.top()
    y += _text(p, QRectF(page.left(), y, page.width(), 200), "BIÊN BẢN HÌNH ẢNH CUỘC HỌP", 11, True, DIM) + 8
    y += _text(p, QRectF(page.left(), y, page.width(), 300), doc["meeting"], 20, True) + 16
    lines = []
    if doc["chair"]:
        lines.append(f"Chủ trì: {doc['chair']}")
    if doc["started_at"] is not None:
        lines.append(f"Thời gian: {_span(doc['started_at'], doc['ended_at'])}")
    lines.append(f"Tường màn hình: {doc['wall']} · lập lúc {mm.stamp(doc['written_at'])}")
    for line in lines:
        y += _text(p, QRectF(page.left(), y, page.width(), 200), line, 12) + 6
    y += 18
    y += _text(p, QRectF(page.left(), y, page.width(), 100), "Chương trình", 13, True) + 8
    for item in doc["items"]:
        planned = f"dự kiến {_minutes(item['planned_minutes'])}"
        held = f"thực tế {_minutes(item['shown_minutes'])}" if item["shown"] else "không trình bày"
        who = f" — {item['presenter']}" if item["presenter"] else ""
        text = f"{item['number']}. {item['title']}{who}  ({planned}; {held})"
        if y > page.bottom() - 80:  # a long agenda goes on over the page
            new_page()
            y = page.top()
        y += _text(p, QRectF(page.left() + 20, y, page.width() - 20, 200), text, 11) + 6
    if doc["points"]:
        y += 14
        if y > page.bottom() - 120:
            new_page()
            y = page.top()
        names = ", ".join(pt["name"] + ("" if pt["status"] == "online" else " (mất kết nối)") for pt in doc["points"])
        _text(p, QRectF(page.left(), y, page.width(), page.bottom() - y), f"Điểm cầu: {names}", 11, colour=DIM)


def _item_page(p: QPainter, page: QRectF, item: dict, folder: Path) -> None:
    y = page.top()
    y += _text(p, QRectF(page.left(), y, page.width(), 200), f"Mục {item['number']}. {item['title']}", 16, True) + 6
    bits = []
    if item["presenter"]:
        bits.append(f"Trình bày: {item['presenter']}")
    bits += [f"Trên tường: {_span(t0, t1)}" for t0, t1 in item["shown"]]
    y += _text(p, QRectF(page.left(), y, page.width(), 200), " · ".join(bits), 11, colour=DIM) + 12
    views = item["views"]
    if not views:
        return
    cols = 1 if len(views) == 1 else 2
    rows = (len(views) + cols - 1) // cols
    gap, caption = 16.0, 70.0
    cell_w = (page.width() - gap * (cols - 1)) / cols
    cell_h = (page.bottom() - y - gap * (rows - 1)) / rows
    for n, v in enumerate(views):
        x0 = page.left() + (n % cols) * (cell_w + gap)
        y0 = y + (n // cols) * (cell_h + gap)
        image = QImage(str(folder / v["image"]))
        box = QRectF(x0, y0, cell_w, cell_h - caption)
        if not image.isNull():
            scaled = image.size().scaled(int(box.width()), int(box.height()), Qt.AspectRatioMode.KeepAspectRatio)
            target = QRectF(x0, y0, scaled.width(), scaled.height())
            p.drawImage(target, image)
            p.setPen(RULE)
            p.drawRect(target)
            cap_y = target.bottom() + 6
        else:
            cap_y = y0
        colour = FROZEN if v["frozen_at"] is not None else DIM
        used = _text(p, QRectF(x0, cap_y, cell_w, caption), v["label"], 10, True)
        _text(p, QRectF(x0, cap_y + used, cell_w, caption), v["as_of"], 10, colour=colour)

