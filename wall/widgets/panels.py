"""Panels a sector screen is made of, besides tiles and charts: a ranking, a table and the alert ticker.

Each has a pure model function (what it says: ioc_core.views.tiles, built on the view-model worker) and a
painter that lays it out in a rectangle of the view, with the same palette, status shapes and minimum text size
as the tiles.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPainter

from ioc_core import fmt
from ioc_core.alerts import Alert
from ioc_core.catalogue import Indicator
from ioc_core.views import alerts as alert_models
from ioc_core.views.alerts import alert_head, indicator_message
from ioc_core.views.tiles import RankEntry, Tile, ranking, table_rows
from wall.widgets import style

__all__ = ["RankEntry", "alert_lines", "paint_alerts", "paint_ranking", "paint_table", "ranking", "table_rows"]


# -- ranking ------------------------------------------------------------------------------------------------
NAME_LINES = 3  # a commune's name: wrapped on at most this many lines, never cut


# Plans already made, by what decides them (the panel's rectangle, its texts, the room's text size and the
# language): choosing one measures hundreds of candidate lines (6.6 ms for an alert panel), and a panel is painted
# again each time anything near it changes, mostly with the same texts.
_PLANS: dict[tuple, dict] = {}
PLANS_KEPT = 256


def _geometry(r: QRectF) -> tuple[float, float, float, float]:
    return r.x(), r.y(), r.width(), r.height()


def _planned(key: tuple, choose) -> dict:
    """``choose()``'s plan for ``key`` (with the room's text size and the language), made once."""
    key = (*key, style.MIN_TEXT_PX, style.LANGUAGE)
    plan = _PLANS.get(key)
    if plan is None:
        if len(_PLANS) >= PLANS_KEPT:
            _PLANS.clear()
        plan = _PLANS[key] = choose()
    return plan


def paint_ranking(painter: QPainter, r: QRectF, ind: Indicator, entries: list[RankEntry], title: str) -> dict:
    """Worst first, each name whole: its kind abbreviated ("P. Trường Vinh"), wrapped between words when still too
    wide, never cut; the figure kept, in a column of its own (the bars only in the width the names leave) or, when
    that column leaves the names too little, after the name's last line (or under it). The largest text from
    MIN_TEXT_PX * 1.3 down to MIN_TEXT_PX at which every row fits; below that the last rows (the best of the
    worst) are left out: fewer rows, never smaller text. Returns what was laid out: the size, each row's name
    lines and their width, the rows left out."""
    title = title or QCoreApplication.translate("Panels", "Xã, phường kém nhất")
    if not entries:
        inner = _draw_panel(painter, r, _panel_plan(r, title))
        _empty(painter, inner)
        return {"px": style.MIN_TEXT_PX, "rows": [], "left_out": 0, "name_w": 0.0, "bar_room": 0.0}

    def choose() -> dict:
        best = None
        titled = _panel_plan(r, title)
        for panel in (titled, ([], _panel_plan(r, "")[1])):  # the title is left out before the worst commune is
            for px in _sizes(1.3):
                for column in (True, False):
                    plan = _ranking_plan(entries, panel[1], px, column)
                    plan["panel"] = panel
                    if best is None or len(plan["lines"]) > len(best["lines"]):
                        best = plan
                if len(best["lines"]) == len(entries):
                    break
            if best["lines"]:
                break
        return best

    best = _planned(("ranking", _geometry(r), title, tuple(entries)), choose)
    inner = _draw_panel(painter, r, best["panel"])
    px, fm, shape_w, gap = best["px"], best["fm"], best["shape_w"], best["gap"]
    name_w, lines, column = best["name_w"], best["lines"], best["column"]
    shown = len(lines)
    line_h = fm.height()
    heights = [(len(ls) + (0 if column or fits else 1)) * line_h for ls, fits in lines]
    spare = min(line_h * 0.5, max(0.0, (inner.height() - sum(heights)) / max(shown, 1)))
    top = max(abs(e.value) for e in entries) or 1.0
    value_w = max(fm.horizontalAdvance(e.text) for e in entries)
    bar_room = max(0.0, inner.width() - shape_w - name_w - value_w - 2 * gap) if column else 0.0
    painter.setFont(style.font(px))
    y = inner.top()
    rows = []
    for e, (ls, fits), h in zip(entries[:shown], lines, heights, strict=True):
        colour, shape, _ = style.STATUS_LOOK[e.state]
        painter.setPen(QColor(colour))
        painter.drawText(QRectF(inner.left(), y, shape_w, line_h), Qt.AlignmentFlag.AlignVCenter, shape)
        painter.setPen(style.TEXT)
        for k, line in enumerate(ls):
            painter.drawText(QRectF(inner.left() + shape_w, y + k * line_h, name_w + 1, line_h),
                             Qt.AlignmentFlag.AlignVCenter, line)
        if bar_room > 0:
            bar_h = line_h * 0.5
            painter.fillRect(QRectF(inner.left() + shape_w + name_w + gap, y + (line_h - bar_h) / 2,
                                    bar_room * abs(e.value) / top, bar_h), QColor(colour))
        figure_y = y if column else y + (len(ls) - (1 if fits else 0)) * line_h
        painter.drawText(QRectF(inner.right() - value_w, figure_y, value_w, line_h),
                         Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, e.text)
        rows.append((e.region, ls))
        y += h + spare
    return {"px": px, "rows": rows, "name_w": name_w, "bar_room": bar_room, "left_out": len(entries) - shown,
            "column": column}


def _ranking_plan(entries: list[RankEntry], inner: QRectF, px: float, column: bool) -> dict:
    """The rows that fit ``inner`` at ``px``: with the figures in a column of their own (``column``), or after
    each name's last line (under it when the line has no room for it)."""
    fm = style.metrics(style.font(px))
    shape_w = fm.horizontalAdvance("◆ ")
    gap = fm.height() * 0.3
    names = [e.short or e.name for e in entries]
    widest = max(fm.horizontalAdvance(n) for n in names)
    if column:
        value_w = max(fm.horizontalAdvance(e.text) for e in entries)
        room = inner.width() - shape_w - value_w - gap
        least_bar = max(inner.width() * 0.08, fm.height())
        name_w = widest if room - widest >= least_bar + gap else room
    else:
        name_w = inner.width() - shape_w
    lines, used = [], 0.0
    for e, n in zip(entries, names, strict=True):
        ls = whole_lines(fm, n, name_w, NAME_LINES) if name_w > 0 else None
        if ls is None:
            break
        fits = column or fm.horizontalAdvance(ls[-1]) + gap + fm.horizontalAdvance(e.text) <= name_w
        h = (len(ls) + (0 if fits else 1)) * fm.height()
        if used + h > inner.height() + 0.5:
            break
        lines.append((ls, fits))
        used += h
    return {"px": px, "fm": fm, "shape_w": shape_w, "gap": gap, "name_w": name_w, "lines": lines, "column": column}


def _sizes(most: float) -> list[float]:
    """Text sizes to try, largest first: from MIN_TEXT_PX * ``most`` down to MIN_TEXT_PX, never below."""
    low = float(style.MIN_TEXT_PX)
    sizes, px = [], low * most
    while px > low:
        sizes.append(px)
        px -= max(2.0, low * 0.05)
    return [*sizes, low]


def whole_lines(fm: QFontMetricsF, text: str, width: float, max_lines: int | None = None) -> list[str] | None:
    """``text`` whole on lines of ``width``, broken between words ("%", "·", "—" stay with the word before
    them); None when it cannot be whole: a word wider than the line, or more than ``max_lines`` lines."""
    tokens: list[str] = []
    for word in text.split():
        if tokens and not any(c.isalnum() for c in word):
            tokens[-1] += " " + word
        else:
            tokens.append(word)
    lines: list[str] = []
    for word in tokens:
        if fm.horizontalAdvance(word) > width:
            return None
        trial = f"{lines[-1]} {word}" if lines else word
        if lines and fm.horizontalAdvance(trial) <= width:
            lines[-1] = trial
        else:
            lines.append(word)
    if not lines or (max_lines is not None and len(lines) > max_lines):
        return None
    return lines


def balanced_lines(fm: QFontMetricsF, text: str, width: float, max_lines: int | None = None) -> list[str] | None:
    """As ``whole_lines``, on as few lines, their lengths evened out ("Xã, phường / kém nhất", not "Xã, phường
    kém / nhất")."""
    lines = whole_lines(fm, text, width, max_lines)
    if lines is None or len(lines) < 2:
        return lines
    low, high = 0.0, width
    for _ in range(12):  # the narrowest width that keeps as few lines
        mid = (low + high) / 2
        trial = whole_lines(fm, text, mid, len(lines))
        if trial is None:
            low = mid
        else:
            high, lines = mid, trial
    return lines


# -- table --------------------------------------------------------------------------------------------------
# The columns left out first when the table is narrow: "Cập nhật", then "So kỳ trước", then the status word (the
# abnormal rows' mark stays before their names). The indicator's name and its figure are never left out.
TABLE_DROP = (4, 2, 3)


def paint_table(painter: QPainter, r: QRectF, rows: list[Tile], sort: str, title: str) -> dict:
    """The sector's indicators as rows: normal rows quiet (no status word, no mark), an abnormal row's mark and
    state loud in its colour; names whole, wrapped between words; columns left out (TABLE_DROP) before any cell
    would be cut, and when even the figures leave the names too little, each figure after its name's last line
    (or under it); the rows that do not fit left out, and a last line says how many ("và 3 chỉ tiêu khác").
    ``title``: the panel's own; none when not given (the first column's head says "Chỉ tiêu"). Returns what was
    laid out: the size, the columns, each row's indicator and name lines, the rows left out."""
    inner = _panel(painter, r, title)
    heads = [
        QCoreApplication.translate("Panels", "Chỉ tiêu"),
        QCoreApplication.translate("Panels", "Giá trị"),
        QCoreApplication.translate("Panels", "So kỳ trước"),
        QCoreApplication.translate("Panels", "Trạng thái"),
        QCoreApplication.translate("Panels", "Cập nhật"),
    ]
    sorted_by = {"name": 0, "value": 1, "status": 3, "age": 4}[sort]
    heads = [h + (" ▼" if i == sorted_by else "") for i, h in enumerate(heads)]
    cells = []
    for t in rows:
        _, shape, word = style.STATUS_LOOK[t.state]
        cells.append([
            t.name,
            f"{t.value} {t.unit}".strip() if t.value is not None
            else QCoreApplication.translate("Panels", "chưa có dữ liệu"),
            t.change_text or "—",
            f"{shape} {QCoreApplication.translate('Status', word)}" if t.state != "normal" else "",
            t.period_note or (fmt.age(t.age_s) if t.age_s is not None else "—"),
        ])
    if not rows:
        _empty(painter, inner)
        return {"px": style.MIN_TEXT_PX, "columns": [], "rows": [], "left_out": 0, "more": []}
    marked = any(t.state != "normal" for t in rows)
    best = None
    for px in _sizes(1.2):
        plan = _table_plan(inner, heads, cells, marked, px)
        if best is None or len(plan["lines"]) > len(best["lines"]):
            best = plan
        if len(plan["lines"]) == len(rows):
            break
    plan = best
    px, gap, line_h = plan["px"], plan["gap"], plan["fm"].height()
    cols, widths, mark_w = plan["columns"], plan["widths"], plan["mark_w"]
    right = (Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    left = (Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    xs, x = [], inner.left() + mark_w
    for w in widths:
        xs.append(x)
        x += w + gap
    painter.setFont(style.font(px, bold=True))
    painter.setPen(style.TEXT_DIM)
    for c, x, w, head in zip(cols, xs, widths, plan["heads"], strict=True):
        for k, line in enumerate(head):
            painter.drawText(QRectF(x, inner.top() + k * line_h, w + 1, line_h), right if c in (1, 2) else left, line)
    y = inner.top() + plan["head_h"]
    laid = []
    for n, (t, (lines, below)) in enumerate(zip(rows, plan["lines"], strict=False)):
        h = (len(lines) + below) * line_h
        if n % 2 == 0:
            painter.fillRect(QRectF(inner.left(), y, inner.width(), h), QColor("#17284a"))
        colour, shape, _ = style.STATUS_LOOK[t.state]
        loud = t.state != "normal"
        if loud:
            painter.setFont(style.font(px, bold=True))
            painter.setPen(QColor(colour))
            painter.drawText(QRectF(inner.left(), y, mark_w, line_h), left, shape)
        painter.setFont(style.font(px, bold=loud))
        painter.setPen(style.TEXT)
        for k, line in enumerate(lines):
            painter.drawText(QRectF(xs[0], y + k * line_h, widths[0] + 1, line_h), left, line)
        if plan["stacked"]:  # the figure after the name's last line, or under it
            fy = y + (len(lines) - 1 + below) * line_h
            painter.drawText(QRectF(inner.left(), fy, inner.width(), line_h), right, cells[n][1])
        for c, x, w in zip(cols[1:], xs[1:], widths[1:], strict=True):
            text = cells[n][c]
            if not text:
                continue
            painter.setFont(style.font(px, bold=loud and c in (1, 3)))
            painter.setPen(QColor(colour) if c == 3 else (style.TEXT_DIM if c in (2, 4) else style.TEXT))
            painter.drawText(QRectF(x, y, w + 1, line_h), right if c in (1, 2) else left, text)
        laid.append((t.indicator.id, lines))
        y += h
    more = len(rows) - len(laid)
    small_h = style.metrics(style.font(style.MIN_TEXT_PX)).height()
    if more:
        painter.setFont(style.font(style.MIN_TEXT_PX))
        painter.setPen(style.TEXT_DIM)
        for k, line in enumerate(plan["more"]):
            painter.drawText(QRectF(inner.left(), y + k * small_h, inner.width(), small_h), left, line)
    return {"px": px, "columns": [heads[c] for c in cols], "rows": laid, "left_out": more,
            "more": plan["more"] if more else [], "stacked": plan["stacked"]}


def _table_plan(inner: QRectF, heads: list[str], cells: list[list[str]], marked: bool, px: float) -> dict:
    """The table at ``px``: the most columns whose every cell fits whole (the names on at most NAME_LINES lines),
    else the names across the panel, each figure after its name; and the rows that fit under them."""
    fm, bold = style.metrics(style.font(px)), style.metrics(style.font(px, bold=True))
    line_h, gap = fm.height(), fm.height() * 0.3
    mark_w = bold.horizontalAdvance("◆ ") if marked else 0.0
    shown_cols = [c for c in range(5) if c != 3 or marked]
    drops = [c for c in TABLE_DROP if c in shown_cols]
    layouts = [[c for c in shown_cols if c not in drops[:k]] for k in range(len(drops) + 1)]
    for cols in [*layouts, None]:
        stacked = cols is None
        widths, head_lines = [0.0], [[]]
        for c in (cols or [0])[1:]:
            font = bold if c == 3 else fm
            w = max([font.horizontalAdvance(row[c]) for row in cells] +
                    [max(bold.horizontalAdvance(word) for word in heads[c].replace(" ▼", "▼").split())])
            lines = balanced_lines(bold, heads[c], w, 2)
            if lines is None:
                w, lines = bold.horizontalAdvance(heads[c]), [heads[c]]
            widths.append(w)
            head_lines.append(lines)
        name_w = inner.width() - mark_w - sum(widths) - gap * (len(widths) - 1)
        names = [whole_lines(bold if row[3] else fm, row[0], name_w, NAME_LINES) if name_w > 0 else None
                 for row in cells]
        if not stacked:
            head0 = balanced_lines(bold, heads[0], name_w, 2) if name_w > 0 else None
            if head0 is None or any(n is None for n in names):
                continue
            head_lines[0] = head0
        widths[0] = name_w
        head_h = max(len(h) for h in head_lines) * line_h
        lines, used = [], head_h
        for n, ls in enumerate(names):
            if ls is None:
                break
            below = 0
            if stacked:
                below = int(fm.horizontalAdvance(ls[-1]) + gap + fm.horizontalAdvance(cells[n][1]) > name_w)
            h = (len(ls) + below) * line_h
            rest = len(_more_rows(len(cells) - n - 1, inner.width())) * _small_h()
            if used + h + rest > inner.height() + 0.5:
                break
            lines.append((ls, below))
            used += h
        return {"px": px, "fm": fm, "gap": gap, "mark_w": mark_w, "columns": cols or [0], "widths": widths,
                "heads": head_lines, "head_h": head_h, "lines": lines, "stacked": stacked,
                "more": _more_rows(len(cells) - len(lines), inner.width())}
    raise AssertionError("unreachable: the stacked table always plans")


def _small_h() -> float:
    return style.metrics(style.font(style.MIN_TEXT_PX)).height()


def _more_rows(count: int, width: float) -> list[str]:
    """The line saying how many rows were left out ("và 3 chỉ tiêu khác"; "+3 chỉ tiêu" when narrow)."""
    if count <= 0:
        return []
    fm = style.metrics(style.font(style.MIN_TEXT_PX))
    for text in (QCoreApplication.translate("Panels", "và %1 chỉ tiêu khác"),
                 QCoreApplication.translate("Panels", "+%1 chỉ tiêu")):
        lines = balanced_lines(fm, text.replace("%1", str(count)), width, 1)
        if lines:
            return lines
    return balanced_lines(fm, text.replace("%1", str(count)), width, 2) or []


# -- alert ticker -------------------------------------------------------------------------------------------
def alert_lines(a: Alert, sector_names: dict[str, str] | None = None, lang: str = "vi",
                catalogue=None) -> tuple[str, str]:
    """An alert's two texts in the list: status shape, time, sector, (CAP:) severity, urgency and certainty in
    words, who acknowledged; then its message, starting with its indicator's name (``catalogue``), and (CAP) the
    area it concerns."""
    return alert_head(a, sector_names, lang), indicator_message(a, catalogue, lang)


def paint_alerts(painter: QPainter, r: QRectF, alerts: list[Alert], limit: int, sector_names: dict[str, str] | None,
                 title: str = "", catalogue=None) -> dict:
    """Most severe first, then unacknowledged, then newest (ioc_core.views.alerts); each alert whole: its head
    (naming its sector when ``sector_names`` are given: a sector's own screen names it in its header) and its
    message (starting with its indicator's name, from ``catalogue``) wrapped between words, in the largest text
    from MIN_TEXT_PX * 1.3 down to MIN_TEXT_PX at which the alerts fit. An alert that does not fit whole is not
    drawn, nor any after it: a last line counts them ("và 2 cảnh báo khác"). When even the first does not fit
    with its head, its message alone is shown (the head's time and sector are the secondary line). No alert: one
    line, the panel collapsed to it. Returns what was laid out: the size, each alert's lines, the count left
    out."""
    if not alerts:
        return _no_alerts(painter, r)
    items = alert_models.alert_items(alerts, catalogue, sector_names, style.LANGUAGE)
    indent = 20.0

    def choose() -> dict:
        best = None
        titled = _panel_plan(r, title or QCoreApplication.translate("Panels", "Cảnh báo"))
        for panel in (titled, ([], _panel_plan(r, "")[1])):  # the title is left out before an alert is
            inner = panel[1]
            for px in _sizes(1.3):
                plan = _alerts_plan(items[:max(1, limit)], len(items), inner.width() - indent, inner.width(),
                                    inner.height(), px)
                plan["panel"] = panel
                if best is None or _alerts_score(plan) > _alerts_score(best):
                    best = plan
                if len(plan["blocks"]) == min(max(1, limit), len(items)) and plan["whole"]:
                    break
            if best["blocks"] and best["whole"]:
                break
        return best

    best = _planned(("alerts", _geometry(r), title, tuple(items), limit), choose)
    inner = _draw_panel(painter, r, best["panel"])
    width = inner.width() - indent
    px, blocks, line_h = best["px"], best["blocks"], best["line_h"]
    y = inner.top()
    laid = []
    for it, (head, msg) in zip(items, blocks, strict=False):
        h = (len(head) + len(msg)) * line_h
        accent = QColor(style.STATUS_LOOK[it.severity][0])
        if it.acknowledged:
            accent.setAlpha(120)
        painter.fillRect(QRectF(inner.left(), y, 8, h), accent)
        painter.setFont(style.font(px, bold=not it.acknowledged))
        painter.setPen(accent if not it.acknowledged else style.TEXT_DIM)
        for k, line in enumerate(head):
            painter.drawText(QRectF(inner.left() + indent, y + k * line_h, width + 1, line_h),
                             Qt.AlignmentFlag.AlignVCenter, line)
        painter.setFont(style.font(px))
        painter.setPen(style.TEXT_DIM if it.acknowledged else style.TEXT)
        for k, line in enumerate(msg, start=len(head)):
            painter.drawText(QRectF(inner.left() + indent, y + k * line_h, width + 1, line_h),
                             Qt.AlignmentFlag.AlignVCenter, line)
        laid.append((it.id, head, msg))
        y += h + line_h * 0.35
    more = len(items) - len(laid)
    more_lines = best["more"] if more else []
    if more_lines:
        painter.setPen(style.TEXT_DIM)
        painter.setFont(style.font(style.MIN_TEXT_PX))
        small_h = style.metrics(style.font(style.MIN_TEXT_PX)).height()
        for k, line in enumerate(more_lines):
            painter.drawText(QRectF(inner.left(), y + k * small_h, inner.width(), small_h),
                             Qt.AlignmentFlag.AlignVCenter, line)
    return {"px": px, "width": width, "alerts": laid, "more": more, "more_lines": more_lines, "collapsed": False}


def _alerts_score(plan: dict) -> tuple[int, int, int]:
    """The more alerts the better; then the more of the first's head and message (larger text only at a tie)."""
    first = plan["blocks"][0] if plan["blocks"] else ([], [])
    return len(plan["blocks"]), len(" ".join(first[0])), len(" ".join(first[1]))


def _more_alerts(count: int, shown: int, width: float) -> list[str]:
    """The line counting the alerts not shown ("và 2 cảnh báo khác"; "+2 cảnh báo" when narrow; "2 cảnh báo"
    when none is shown)."""
    fm = style.metrics(style.font(style.MIN_TEXT_PX))
    texts = (QCoreApplication.translate("Panels", "và %1 cảnh báo khác"),
             QCoreApplication.translate("Panels", "+%1 cảnh báo")) if shown else (
        QCoreApplication.translate("Panels", "%1 cảnh báo"),)
    for text in texts:
        lines = whole_lines(fm, text.replace("%1", str(count)), width, 1)
        if lines:
            return lines
    return balanced_lines(fm, texts[0].replace("%1", str(count)), width, 2) or []


def _alerts_plan(items, total: int, width: float, full_w: float, height: float, px: float) -> dict:
    """The whole alerts that fit ``height`` at ``px``, in order, and the line counting the others."""
    bold, plain = style.metrics(style.font(px, bold=True)), style.metrics(style.font(px))
    small = style.metrics(style.font(style.MIN_TEXT_PX))
    line_h, gap = plain.height(), plain.height() * 0.35

    def more_lines(shown: int) -> list[str]:
        if shown >= total:
            return []
        return _more_alerts(total - shown, shown, full_w)

    blocks, used = [], 0.0
    for n, it in enumerate(items):
        rest = len(more_lines(n + 1)) * small.height()
        rest += gap if rest else 0.0
        heads = [h for h in (whole_lines(bold, it.head, width),
                             whole_lines(bold, it.head_brief, width) if it.head_brief else None) if h is not None]
        texts = [it.message] + ([it.brief] if it.brief else [])
        # whole, or without its secondary parts: the threshold clause, the head's sector and who acknowledged,
        # then (the first alert only) the head
        tries = [(h, t) for h in heads for t in texts] + ([([], t) for t in texts] if n == 0 else [])
        block = None
        for h_lines, text in tries:
            msg = whole_lines(plain, text, width)
            if msg is not None and used + (len(h_lines) + len(msg)) * line_h + rest <= height + 0.5:
                block = (h_lines, msg)
                break
        if block is None:
            break
        blocks.append(block)
        used += (len(block[0]) + len(block[1])) * line_h + gap
    more = more_lines(len(blocks))
    if used + len(more) * small.height() > height + 0.5:
        more = []
    whole = all(len(" ".join(h)) == len(it.head) and len(" ".join(m)) == len(it.message)
                for it, (h, m) in zip(items, blocks, strict=False))
    return {"px": px, "line_h": line_h, "blocks": blocks, "more": more, "whole": whole}


def _no_alerts(painter: QPainter, r: QRectF) -> dict:
    """One line, "● Không có cảnh báo", on a strip at the top of the panel: the rest of it stays empty. Narrower
    than that line: the words alone, then the words on two lines (never cut, never smaller)."""
    pad = max(10.0, min(r.width(), r.height()) * 0.04)
    words = QCoreApplication.translate("Panels", "Không có cảnh báo")
    width = r.width() - 2 * pad
    font = style.font(style.MIN_TEXT_PX)
    lines: list[str] = []
    for candidate in ("● " + words, words):
        f = style.fitting_font(candidate, width, style.MIN_TEXT_PX * 1.3, style.MIN_TEXT_PX)
        if style.metrics(f).horizontalAdvance(candidate) <= width:
            font, lines = f, [candidate]
            break
    else:
        lines = balanced_lines(style.metrics(font), "● " + words, width, 2) or []
    fm = style.metrics(font)
    strip = QRectF(r.left(), r.top(), r.width(), min(r.height(), fm.height() * (len(lines) + 0.3)))
    painter.fillRect(strip, style.PANEL)
    painter.setPen(style.STATUS_LOOK["normal"][0])
    painter.setFont(font)
    if strip.height() < len(lines) * fm.height():
        lines = []
    top = strip.center().y() - len(lines) * fm.height() / 2
    for k, line in enumerate(lines):
        painter.drawText(QRectF(r.left() + pad, top + k * fm.height(), width, fm.height()),
                         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, line)
    return {"px": font.pixelSize(), "alerts": [], "more": 0, "collapsed": True, "line": " ".join(lines),
            "lines": lines, "height": strip.height()}


# -- shared -------------------------------------------------------------------------------------------------
def _panel(painter: QPainter, r: QRectF, title: str) -> QRectF:
    """Panel background and title (whole, on up to two lines; left out when it cannot be whole); returns the
    rectangle left for the content."""
    return _draw_panel(painter, r, _panel_plan(r, title))


def _panel_plan(r: QRectF, title: str) -> tuple[list[str], QRectF]:
    """The title's lines (none: no title, or one that cannot be whole in at most half the panel) and the
    rectangle left for the content."""
    pad = max(10.0, min(r.width(), r.height()) * 0.04)
    if not title.strip():  # a view that titles itself above the panel (the alert ticker): no empty title row
        return [], r.adjusted(pad, pad, -pad, -pad)
    fm = style.metrics(style.font(style.MIN_TEXT_PX, bold=True))
    lines = balanced_lines(fm, title, r.width() - 2 * pad, 2) or []
    if len(lines) * fm.height() > (r.height() - 2 * pad) / 2:  # the title never takes more than half the panel
        lines = []
    top = r.top() + pad * 0.5 + len(lines) * fm.height() + (pad * 0.3 if lines else pad * 0.5)
    return lines, QRectF(r.left() + pad, top, r.width() - 2 * pad, r.bottom() - pad * 0.6 - top)


def _draw_panel(painter: QPainter, r: QRectF, plan: tuple[list[str], QRectF]) -> QRectF:
    lines, inner = plan
    painter.fillRect(r, style.PANEL)
    font = style.font(style.MIN_TEXT_PX, bold=True)
    line_h = style.metrics(font).height()
    painter.setPen(style.TEXT_DIM)
    painter.setFont(font)
    top = inner.top() - len(lines) * line_h - (inner.left() - r.left()) * 0.3
    for k, line in enumerate(lines):
        painter.drawText(QRectF(inner.left(), top + k * line_h, inner.width(), line_h),
                         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, line)
    return inner


def _empty(painter: QPainter, r: QRectF) -> None:
    painter.setPen(style.TEXT_DIM)
    painter.setFont(style.font(style.MIN_TEXT_PX))
    painter.drawText(
        r,
        Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop,
        QCoreApplication.translate("Panels", "chưa có dữ liệu"),
    )
