"""The province overview: one card per sector, the worst first, so the area in trouble is the first thing seen.

Within a severity, a sector whose alert was raised or got worse in the last hour comes first and says so on its
card ("▲ mới 14:05"): what changed stands out from what has been known all morning.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import datetime

from PySide6.QtCore import QCoreApplication, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPainterPath, QPen

from ioc_core import fmt
from ioc_core.catalogue import Sector
from ioc_core.views.tiles import Tile, sector_tiles
from wall.widgets import style
from wall.widgets.dataview import DataView
from wall.widgets.panels import balanced_lines, whole_lines

SEVERITY = style.STATE_ORDER
RECENT_S = 3600  # an alert raised or escalated this recently marks its sector's card as changed


@dataclass(frozen=True)
class SectorCard:
    sector: Sector
    state: str  # the worst tile state of the sector
    critical: int
    warning: int
    stale: int
    worst: Tile | None  # the tile that gives the state
    changed_at: float | None = None  # newest alert raised or escalated within RECENT_S, if any

    def sort_key(self) -> tuple:
        return (SEVERITY[self.state], -(self.changed_at or 0.0), -self.critical, -self.warning, -self.stale,
                self.sector.name_vi)


def sector_cards(hub, now: float, alerts=None, tiles_of: dict[str, list[Tile]] | None = None) -> list[SectorCard]:
    """Every sector's card, exception first: critical, then warning, then out-of-date data, then the rest; within
    each, the sectors that changed most recently first (``alerts``: the alert book, when the wall has one;
    ``tiles_of``: each sector's tiles as the view-model worker built them, else read now through the hub)."""
    if tiles_of is None:
        tiles_of = sector_tiles(hub.catalogue, hub, now, style.LANGUAGE)
    cards = []
    for sector in hub.catalogue.sectors.values():
        tiles = tiles_of.get(sector.id, [])
        count = {k: sum(t.state == k for t in tiles) for k in SEVERITY}
        worst = min(tiles, key=lambda t: SEVERITY[t.state], default=None)
        state = worst.state if worst else "no_data"
        if count["no_data"] and count["no_data"] < len(tiles) and state == "no_data":
            state = "normal"
        # threshold alerts only: they are what the card's state says; a forecast risk on a card that reads
        # "normal" would be news without a visible reason (the sector's own screen shows it on the tile)
        news = [a.updated_at for a in alerts.alerts(sector.id) if a.cause == "threshold"] if alerts else []
        changed = max(news, default=None)
        if changed is not None and not 0 <= now - changed < RECENT_S:
            changed = None
        cards.append(SectorCard(sector, state, count["critical"], count["warning"], count["stale"], worst, changed))
    return sorted(cards, key=SectorCard.sort_key)


class OverviewView(DataView):
    paints_background = True  # draw() fills its whole rectangle first (ViewItem.covers)
    def __init__(self, region, view, context):
        super().__init__(region, view, context)
        self.alerts = context.alerts
        self.follow_alerts(self.alerts)
        self._tiles: dict[str, list[Tile]] | None = None  # each sector's tiles, built on the view-model worker
        self._key = ("overview", id(self))
        self._plan_key: tuple | None = None
        self.plan: dict = {}  # what the last paint laid out: each card's cell and lines, the footer (plan_overview)
        self._request()

    def dispose(self) -> None:
        super().dispose()
        self.hub.forget(self._key)

    def _data_changed(self, indicators: set[str]) -> None:
        self._request()

    def _minute_passed(self) -> None:
        self._request()

    def _request(self) -> None:
        cat, now, lang = self.hub.catalogue, self._now.timestamp(), style.LANGUAGE
        self.hub.compute(self._key, lambda reader: sector_tiles(cat, reader, now, lang), self._take_tiles)

    def _take_tiles(self, tiles: dict[str, list[Tile]]) -> None:
        self._tiles = tiles
        self.update()

    def _alert_event(self, alert, event: str) -> None:
        self.update()  # order and "new" marks follow the book

    def cards(self) -> list[SectorCard]:
        """The cards as shown: from the worker's tiles (none before they first arrive)."""
        if self._tiles is None:
            return []
        return sector_cards(self.hub, self._now.timestamp(), self.alerts, self._tiles)

    def draw(self, painter: QPainter) -> None:
        r = self.rect()
        painter.fillRect(r, style.BACKGROUND)
        cards = self.cards()
        if not cards:
            return
        key = (r.width(), r.height(), style.MIN_TEXT_PX, tuple(_card_key(c) for c in cards))
        if self._plan_key != key:
            self._plan_key, self.plan = key, plan_overview(r, cards)
        plan = self.plan
        for cell, card, lines in zip(plan["cells"], cards, plan["cards"], strict=False):
            self._draw_card(painter, cell, card, lines)
        if plan["footer"]:
            font = style.font(style.MIN_TEXT_PX)
            line_h = style.metrics(font).height()
            painter.setFont(font)
            painter.setPen(style.TEXT_DIM)
            top = r.bottom() - len(plan["footer"]) * line_h - plan["gap"]
            for k, line in enumerate(plan["footer"]):
                painter.drawText(QRectF(r.left() + plan["gap"] * 2, top + k * line_h, r.width(), line_h),
                                 Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, line)

    def _draw_card(self, painter: QPainter, r: QRectF, card: SectorCard, lines: list[CardLine]) -> None:
        colour, _, _ = style.STATUS_LOOK[card.state]
        accent = QColor(colour)
        loud = card.state in ("critical", "warning")
        path = QPainterPath()
        radius = min(r.height(), r.width()) * 0.06
        path.addRoundedRect(r, radius, radius)
        painter.fillPath(path, style.PANEL)
        painter.fillRect(QRectF(r.left(), r.top(), _stripe(r), r.height()), accent)
        if loud:  # a normal card's frame stays muted: only the exceptions are outlined in their colour
            painter.setPen(QPen(accent, 4))
            painter.drawPath(path)
        inner = _inner(r)
        for line in lines:
            y = inner.top() + line.top
            if line.kind == "badge":
                font = style.font(line.px, bold=True)
                painter.setFont(font)
                box = QRectF(inner.left() + line.x, y, line.width, line.height)
                pill = QPainterPath()
                pill.addRoundedRect(box, box.height() / 2, box.height() / 2)
                painter.fillPath(pill, accent if loud else style.ACCENT)
                painter.setPen(style.BACKGROUND)
                painter.drawText(box, Qt.AlignmentFlag.AlignCenter, line.text)
                continue
            painter.setFont(style.font(line.px, bold=line.kind in ("name", "status")))
            painter.setPen({"name": style.TEXT, "status": accent, "detail": style.TEXT_DIM}[line.kind])
            painter.drawText(QRectF(inner.left() + line.x, y, inner.width() - line.x, line.height),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, line.text)


@dataclass(frozen=True)
class CardLine:
    """One line of a card as planned: what it says, its kind (name, status, badge, detail), its size, and where
    it stands within the card's inner rectangle."""

    text: str
    kind: str
    px: float
    top: float
    height: float
    x: float = 0.0
    width: float = 0.0


def _card_key(card: SectorCard) -> tuple:
    worst = card.worst
    return (card.sector.id, card.state, card.critical, card.warning, card.stale, card.changed_at,
            (worst.value, worst.unit, worst.name) if worst is not None else None)


def _stripe(r: QRectF) -> float:
    return max(8.0, r.width() * 0.025)


def _inner(r: QRectF) -> QRectF:
    pad = max(8.0, min(r.height(), r.width()) * 0.05)
    return r.adjusted(_stripe(r) + pad, pad * 0.6, -pad, -pad * 0.6)


def card_texts(card: SectorCard) -> tuple[str, str, str, list[str]]:
    """A card's words: its sector's name; for a card that is not normal its state ("▲ Cảnh báo"), the badge of
    what changed ("mới 14:05") and the details, most telling first (the worst figure and its indicator, then the
    counts). A normal card says nothing but its name: quiet."""
    name = card.sector.name_en if style.LANGUAGE == "en" else card.sector.name_vi
    if card.state == "normal":
        return name, "", "", []
    _, shape, word = style.STATUS_LOOK[card.state]
    status = f"{shape} {QCoreApplication.translate('Status', word)}"
    badge = ""
    if card.changed_at is not None:
        moment = fmt.clock(datetime.fromtimestamp(card.changed_at, fmt.TZ), seconds=False)
        badge = QCoreApplication.translate("Overview", "mới %1").replace("%1", moment)
    details = []
    if card.worst is not None and card.state in ("critical", "warning") and card.worst.value is not None:
        details.append(f"{card.worst.value} {card.worst.unit} · {card.worst.name}")  # the figure first
    parts = []
    if card.critical:
        parts.append(QCoreApplication.translate("Overview", "%1 nghiêm trọng").replace("%1", str(card.critical)))
    if card.warning:
        parts.append(QCoreApplication.translate("Overview", "%1 cảnh báo").replace("%1", str(card.warning)))
    if card.stale:
        parts.append(QCoreApplication.translate("Overview", "%1 số liệu cũ").replace("%1", str(card.stale)))
    if parts:
        details.append(" · ".join(parts))
    return name, status, badge, details


def plan_card(card: SectorCard, w: float, h: float, most: float = 1.25, max_details: int = 2) -> list[CardLine] | None:
    """The lines a card of inner size ``w`` x ``h`` shows: its name whole (wrapped, up to three lines, never
    cut), and for a card that is not normal its state (the badge beside it, or under it, or left out), then as
    many whole details as fit. None: the name (or, on a card that is not normal, its state) does not fit."""
    name, status, badge, details = card_texts(card)
    small = style.metrics(style.font(style.MIN_TEXT_PX))
    small_bold = style.metrics(style.font(style.MIN_TEXT_PX, bold=True))
    base = float(style.MIN_TEXT_PX)
    for px in [base * k for k in (1.25, 1.1) if k <= most] + [base]:
        fm = style.metrics(style.font(px, bold=True))
        name_lines = _lines(px, True, name, w, 3)
        if name_lines is None:
            continue
        out = [CardLine(t, "name", px, k * fm.height(), fm.height()) for k, t in enumerate(name_lines)]
        y = len(name_lines) * fm.height()
        if status:
            line_h = small_bold.height()
            status_lines = _lines(base, True, status, w, 2)
            if status_lines is None or y + len(status_lines) * line_h > h + 0.5:
                continue
            for k, text in enumerate(status_lines[:-1]):
                out.append(CardLine(text, "status", base, y + k * line_h, line_h))
            y += (len(status_lines) - 1) * line_h
            last = status_lines[-1]
            status_w = small_bold.horizontalAdvance(last)
            out.append(CardLine(last, "status", base, y, line_h))
            if badge:
                badge_w = small_bold.horizontalAdvance(badge) + line_h * 0.5
                gap = line_h * 0.4
                if status_w + gap + badge_w <= w:
                    out.append(CardLine(badge, "badge", base, y, line_h, w - badge_w, badge_w))
                elif y + 2 * line_h <= h + 0.5 and badge_w <= w:
                    y += line_h
                    out.append(CardLine(badge, "badge", base, y, line_h, 0.0, badge_w))
            y += line_h
        for detail in details[:max_details]:
            lines = _lines(base, False, detail, w, 2, balanced=False)
            if lines is None or y + len(lines) * small.height() > h + 0.5:
                continue
            out += [CardLine(t, "detail", base, y + k * small.height(), small.height()) for k, t in enumerate(lines)]
            y += len(lines) * small.height()
        if y <= h + 0.5:
            return out
    return None


@functools.lru_cache(maxsize=4096)
def _wrapped(px: float, bold: bool, text: str, width: int, max_lines: int, balanced: bool) -> tuple[str, ...] | None:
    fm = style.metrics(style.font(px, bold))
    lines = (balanced_lines if balanced else whole_lines)(fm, text, width, max_lines)
    return tuple(lines) if lines is not None else None


def _lines(px: float, bold: bool, text: str, width: float, max_lines: int, balanced: bool = True) -> list[str] | None:
    """``text`` whole on at most ``max_lines`` lines (panels.balanced_lines / whole_lines), remembered: the
    planner asks the same questions for each layout it weighs."""
    lines = _wrapped(round(px, 2), bold, text, int(width), max_lines, balanced)
    return list(lines) if lines is not None else None


# What a card may show, most first: its name larger (x MIN_TEXT_PX) and up to this many details; the first that
# shows every card is taken.
PREFERENCES = ((1.25, 2), (1.0, 2), (1.0, 1), (1.0, 0))


def plan_overview(r: QRectF, cards: list[SectorCard]) -> dict:
    """Where each card goes and what it says: cards in rows, the worst first, each row as tall as its tallest
    card, each card whole (its name and, when not normal, its state); the layout (one to four columns) showing
    the most cards, then the most of what they say. The cards left out (the last, the quietest) are counted on a
    last line ("và 4 lĩnh vực khác bình thường")."""
    gap = max(10.0, min(r.width(), r.height()) * 0.012)
    small = style.metrics(style.font(style.MIN_TEXT_PX))
    best = None
    for pref, most, details, cols in ((k, m, d, c) for k, (m, d) in enumerate(PREFERENCES)
                                      for c in range(1, min(len(cards), 4) + 1)):
        if best is not None and best[0][0] == len(cards) and cols == 1:
            break  # every card shown at the sizes and details preferred before these
        w = (r.width() - gap * (cols + 1)) / cols
        probe = _inner(QRectF(0, 0, w, r.height()))
        pad_h = r.height() - probe.height()  # a card's height beyond its lines
        planned = []
        for c in cards:
            lines = plan_card(c, probe.width(), r.height() - gap * 2 - pad_h, most, details)
            if lines is None:
                break
            planned.append(lines)
        cells, y, shown = [], r.top() + gap, 0
        for row in range(0, len(planned), cols):
            row_h = max(max(ln.top + ln.height for ln in p) for p in planned[row:row + cols]) + pad_h
            footer = _footer(cards[row + cols:], r.width() - 4 * gap, small)
            footer_h = len(footer) * small.height() + gap if footer else 0.0
            if footer is None or y + row_h + gap + footer_h > r.bottom() + 0.5:
                # the row does not fit with the count of the rest under it: a part of it might
                n = len(planned[row:row + cols])
                while n > 0:
                    footer = _footer(cards[row + n:], r.width() - 4 * gap, small)
                    footer_h = len(footer) * small.height() + gap if footer else 0.0
                    part_h = max(max(ln.top + ln.height for ln in p) for p in planned[row:row + n]) + pad_h
                    if footer is not None and y + part_h + gap + footer_h <= r.bottom() + 0.5:
                        break
                    n -= 1
                for k in range(n):
                    cells.append(QRectF(r.left() + gap + k * (w + gap), y, w, part_h))
                shown += n
                break
            for k in range(len(planned[row:row + cols])):
                cells.append(QRectF(r.left() + gap + k * (w + gap), y, w, row_h))
            shown += len(planned[row:row + cols])
            y += row_h + gap
        footer = _footer(cards[shown:], r.width() - 4 * gap, small) or []
        said = sum(len(" ".join(line.text for line in p)) for p in planned[:shown])
        score = (shown, -pref, said, -cols)
        if best is None or score > best[0]:
            best = (score, {"cells": cells, "cards": planned[:shown], "footer": footer, "gap": gap, "shown": shown})
    if best is None:
        return {"cells": [], "cards": [], "footer": _footer(cards, r.width() - 4 * gap, small) or [], "gap": gap,
                "shown": 0}
    return best[1]


def _footer(rest: list[SectorCard], width: float, fm: QFontMetricsF) -> list[str] | None:
    """The line counting the cards left out; None when it does not fit."""
    if not rest:
        return []
    if all(c.state == "normal" for c in rest):
        text = QCoreApplication.translate("Overview", "và %1 lĩnh vực khác bình thường")
    else:
        text = QCoreApplication.translate("Overview", "và %1 lĩnh vực khác")
    return balanced_lines(fm, text.replace("%1", str(len(rest))), width, 2)
