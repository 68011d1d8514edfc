"""What the leaders' phones read (Qt-free): the nine sectors' key figures, a sector's tiles and main chart, and the
open alerts, built from what the hub publishes (``hub.readings()``, ``hub.alerts()``), never from a store read per
request. Each figure is judged as a wall's tile judges it (``ioc_core/views/tiles.make_tile``): the same states
(normal, warning, critical, stale, no_data), the same freshness and the same Vietnamese words ("◷ Số liệu cũ ·
cập nhật 3 giờ trước", "số liệu kỳ 11/2025"), so a phone never calls fresh what the wall marks old.

Each figure carries its forecast's most serious risk in words, with its probability ("72 % khả năng không đạt kế
hoạch năm"), and the forecast's record ("sai số trung bình 3,2 % trong 24 kỳ qua"), from the outlooks the hub
computed (``hub.outlooks``); none for a series too short to judge or whose model did not beat the seasonal naive
forecast, nor when the outlook is behind the figure shown (``Outlook.behind``). A sector's alerts include its
anomalies (cause "anomaly": "Bất thường: ...", with the expected range).

The summary is built once per change of the hub (an alert, new readings, new forecasts, a note, approved figures) or
every
``REBUILD_S`` (ages and freshness move with the clock), then served to every phone as it is: 200 phones asking cost
one build."""

from __future__ import annotations

import contextlib
import json
import logging
import re
import threading
import time
from datetime import datetime
from pathlib import Path

from ioc_core import fmt
from ioc_core.catalogue.regions import region_name
from ioc_core.catalogue.sectorviews import load_sector_views, sector_view
from ioc_core.indicators.freshness import freshness
from ioc_core.indicators.indicator_store import Reading, period_end
from ioc_core.indicators.observation import period_start
from ioc_core.views.text import STATE_ORDER
from ioc_core.views.tiles import make_tile

log = logging.getLogger(__name__)

OVERVIEW = Path(__file__).resolve().parents[2] / "layouts" / "tong-quan.json"  # the wall's nine-sector overview
KEY_FIGURES = 4  # a sector card's figures
CHART_POINTS = 60
REBUILD_S = 15.0  # the longest a summary is served before it is built again (ages, freshness)
CHANGES = frozenset({"alert", "readings", "alert_note", "figures", "request", "forecasts"})  # bus events that change it
ROMAN = ("I", "II", "III", "IV")


def nine_sectors(catalogue, overview: Path = OVERVIEW) -> list[str]:
    """The sectors the wall's overview shows, in its order (left to right, top to bottom); without that layout
    the catalogue's sectors except the warnings' (cap), nine at most."""
    try:
        doc = json.loads(overview.read_text(encoding="utf-8"))
        regions = sorted(doc["regions"], key=lambda r: tuple(r["cell"]))
        ids = [r["view"]["sector"] for r in regions if r.get("view", {}).get("kind") == "sector"]
        ids = [s for s in ids if s in catalogue.sectors]
        if ids:
            return ids
    except (OSError, ValueError, KeyError, TypeError):
        log.info("no overview layout at %s: the catalogue's sectors are shown", overview)
    return [s for s in catalogue.sectors if s != "cap"][:9]


def period_label(period: str, kind: str, as_of: float | None = None, lang: str = "vi") -> str:
    """Which period a figure describes, as a heading says it: "Tháng 11/2026", "Quý IV/2026", "Năm 2026",
    "Ngày 23/11/2026", "Tuần từ 16/11/2026"; an instant measurement: when it was measured ("14:05 23/11/2026")."""
    try:
        start = period_start(period)
    except ValueError:
        return period
    en = lang == "en"
    if kind == "year":
        return f"{'Year' if en else 'Năm'} {start.year}"
    if kind == "quarter":
        q = (start.month - 1) // 3
        return f"Q{q + 1} {start.year}" if en else f"Quý {ROMAN[q]}/{start.year}"
    if kind == "month":
        return f"{'Month' if en else 'Tháng'} {start.month:02d}/{start.year}"
    if kind == "week":
        return f"{'Week from' if en else 'Tuần từ'} {fmt.date(start)}"
    if kind == "instant":
        return fmt.moment(datetime.fromtimestamp(as_of, fmt.TZ) if as_of else start)
    return f"{'Day' if en else 'Ngày'} {fmt.date(start)}"


def _period_note_en(period: str, kind: str) -> str:
    return "data for " + period_label(period, kind, lang="en").lower().replace("day ", "")


def outlook_words(outlook, ind=None, newest: str | None = None, now: float | None = None) -> dict:
    """A figure's forecast words: its most serious risk (the most severe, then the most likely; one below the alert
    level is worded too) and the forecast's record; nothing when no forecast is shown, nor when the outlook is
    behind the figure shown (``Outlook.behind``: made before ``newest``, the reading's period, became the newest
    complete one; its risk speaks of a past the phone has moved on from, as on the wall's charts and tiles)."""
    none = {"risk": None, "accuracy_vi": "", "accuracy_en": ""}
    if outlook is None or not outlook.shown:
        return none
    if ind is not None and newest:
        try:
            if outlook.behind(ind, newest, time.time() if now is None else now):
                return none
        except ValueError:  # a period the store's rules cannot read: judged as the tile judges it, not here
            log.debug("the period %r of %s could not be compared with its outlook", newest, ind.id)
    risk = outlook.headline_risk()
    return {"risk": None if risk is None else {"kind": risk.kind, "probability": risk.probability,
                                               "severity": risk.severity, "message_vi": risk.message_vi,
                                               "message_en": risk.message_en},
            "accuracy_vi": outlook.accuracy_vi, "accuracy_en": outlook.accuracy_en}


def figure(ind, reading: dict | None, now: float, provenance: dict | None = None, outlook=None) -> dict:
    """One figure as a phone shows it: the value the Vietnamese way, the wall's judgement of it, and its forecast's
    risk and record (``outlook``: the hub's Outlook of it, or None; none of them when it is behind the reading)."""
    newest = reading["period"] if reading is not None else None
    doc = {"indicator": ind.id, "name_vi": ind.name_vi, "name_en": ind.name_en, "unit": ind.unit,
           "sector": ind.sector, "value": None, "value_text": None, "period": None, "period_label": "",
           "period_label_en": "", "as_of": None, "age_s": None, "status": "unknown", "state": "no_data",
           "freshness": "no_data", "status_text": "", "period_note": "", "period_note_en": "",
           "manual": ind.method != "automatic", "provenance": provenance,
           **outlook_words(outlook, ind, newest, now)}
    read = None
    if reading is not None:
        ended = None
        with contextlib.suppress(ValueError):
            ended = period_end(reading["period"], ind.period)
        age = now - reading["as_of"]
        fresh = freshness(ind, age, None if ended is None else now - ended)
        read = Reading(ind, reading["region"], reading["period"], reading["value"], reading["as_of"],
                       reading.get("source", ""), age, fresh, ind.status(reading["value"]), period_end=ended,
                       parts=reading.get("parts"))
        doc.update(period=reading["period"], as_of=reading["as_of"], age_s=round(age, 1), freshness=fresh.value,
                   period_label=period_label(reading["period"], ind.period, reading["as_of"]),
                   period_label_en=period_label(reading["period"], ind.period, reading["as_of"], "en"))
    tile = make_tile(ind, read, now)
    doc.update(state=tile.state, status_text=tile.status, period_note=tile.period_note)
    if tile.period_note:
        doc["period_note_en"] = _period_note_en(reading["period"], ind.period)
    if tile.value is not None:
        doc.update(value=reading["value"], value_text=tile.value, status=ind.status(reading["value"]).value)
    elif reading is not None:
        doc["freshness"] = "invalid" if tile.state == "no_data" else doc["freshness"]
    return doc


def _worst(states) -> str:
    states = list(states)
    return min(states, key=lambda s: STATE_ORDER.get(s, 9)) if states else "no_data"


class Summary:
    """Builds and caches what GET /m/summary and GET /m/sector/{id} answer. ``hub``: ioc_hub.service.Hub."""

    def __init__(self, hub, notes, clock=time.time):
        self.hub, self.notes, self.clock = hub, notes, clock
        self.catalogue = hub.catalogue
        self.views = load_sector_views(self.catalogue)
        self.sectors = nine_sectors(self.catalogue)
        self._lock = threading.Lock()
        self._cached: tuple[int, float, tuple[dict, bytes]] | None = None  # (bus seq, built at, (doc, encoded))
        self._sector_cache: dict[str, tuple[int, float, dict]] = {}
        self._seen = -1
        self.builds = 0

    # -- what a sector shows -------------------------------------------------------------------------------
    def tiles_of(self, sector: str) -> tuple[str, ...]:
        """A sector's tiles as its screen declares them; a screen of a table only: the table's rows."""
        spec = sector_view(self.catalogue, sector, self.views)
        ids = spec.tiles or tuple(i for p in spec.panels if p.kind == "table" for i in p.indicators) \
            or spec.indicators
        return tuple(i for i in ids if i in self.catalogue.indicators)

    def key_figures(self, sector: str) -> tuple[str, ...]:
        return self.tiles_of(sector)[:KEY_FIGURES]

    # -- the cache ------------------------------------------------------------------------------------------
    def _changed(self) -> int | None:
        """The bus's number now when something a phone shows changed since the last look (None: nothing did)."""
        bus = self.hub.api.bus
        seq = bus.seq
        events, gap = bus.since(self._seen)
        self._seen = seq
        return seq if gap or any(e.kind in CHANGES for e in events) else None

    def _fresh(self, cached, now: float) -> bool:
        return cached is not None and now - cached[1] < REBUILD_S

    def summary(self) -> dict:
        return self._summary()[0]

    def encoded(self) -> bytes:
        """The summary as the route answers it: encoded once per build, however many phones ask."""
        return self._summary()[1]

    def _summary(self) -> tuple[dict, bytes]:
        now = self.clock()
        with self._lock:
            if self._changed() is not None:
                self._cached = None
                self._sector_cache.clear()
            if not self._fresh(self._cached, now):
                doc = self._build(now)
                self._cached = (self._seen, now, (doc, json.dumps(doc, ensure_ascii=False).encode()))
                self.builds += 1
            return self._cached[2]

    def sector(self, sector: str) -> dict | None:
        if sector not in self.catalogue.sectors:
            return None
        now = self.clock()
        with self._lock:
            if self._changed() is not None:
                self._cached = None
                self._sector_cache.clear()
            cached = self._sector_cache.get(sector)
            if not self._fresh(cached, now):
                cached = (self._seen, now, self._build_sector(sector, now))
                self._sector_cache[sector] = cached
            return cached[2]

    # -- building -------------------------------------------------------------------------------------------
    def _readings(self) -> dict[str, dict]:
        return {r["indicator"]: r for r in self.hub.readings() if r["region"] == "province"}

    def _provenance(self, ind_id: str) -> dict | None:
        entry = getattr(self.hub, "entry", None)
        if entry is None:
            return None
        try:
            return entry.provenance(ind_id, "province")
        except Exception:
            log.exception("the provenance of %s could not be read", ind_id)
            return None

    def _figures(self, ids, readings, now) -> list[dict]:
        cat = self.catalogue
        outlooks = getattr(self.hub, "outlooks", None)
        return [figure(cat.indicators[i], readings.get(i), now,
                       self._provenance(i) if cat.indicators[i].method != "automatic" else None,
                       outlooks.get(i) if outlooks is not None else None) for i in ids]

    def _build(self, now: float) -> dict:
        readings = self._readings()
        alerts = self.alerts()
        sectors = []
        for sid in self.sectors:
            s = self.catalogue.sectors[sid]
            figures = self._figures(self.key_figures(sid), readings, now)
            mine = [a for a in alerts if a["sector"] == sid]
            states = [f["state"] for f in figures] + [a["severity"] for a in mine if not a["acknowledged_by"]]
            sectors.append({"id": sid, "name_vi": s.name_vi, "name_en": s.name_en, "state": _worst(states),
                            "alerts": len(mine), "figures": figures})
        return {"now": now, "sectors": sectors, "alerts": alerts, "missing": self._missing(),
                "departments": self.departments(), "entry": getattr(self.hub, "entry", None) is not None}

    def _build_sector(self, sid: str, now: float) -> dict:
        s = self.catalogue.sectors[sid]
        readings = self._readings()
        ids = self.tiles_of(sid)
        tiles = self._figures(ids, readings, now)
        chart = None
        if ids:
            ind = self.catalogue.indicators[ids[0]]
            rows = self.hub.history(ind.id, "province")[-CHART_POINTS:]
            chart = {"indicator": ind.id, "name_vi": ind.name_vi, "name_en": ind.name_en, "unit": ind.unit,
                     "direction": ind.direction, "warning": ind.warning, "critical": ind.critical,
                     "target": ind.target, "period_kind": ind.period,
                     "points": [[r[0], r[1]] for r in rows if r[1] is not None],
                     "first": period_label(rows[0][0], ind.period, rows[0][2]) if rows else "",
                     "last": period_label(rows[-1][0], ind.period, rows[-1][2]) if rows else ""}
        return {"now": now, "id": sid, "name_vi": s.name_vi, "name_en": s.name_en, "tiles": tiles, "chart": chart,
                "alerts": [a for a in self.alerts() if a["sector"] == sid]}

    def alerts(self) -> list[dict]:
        """The open alerts as the hub sorts them, each with its notes' count and assignment."""
        out = []
        for a in self.hub.alerts():
            ind = self.catalogue.indicators.get(a.get("indicator", ""))
            assigned = self.notes.assigned(a["id"])
            out.append({
                "id": a["id"], "indicator": a.get("indicator", ""), "sector": a.get("sector", ""),
                "region": a.get("region", ""), "region_name": _region(a.get("region", "")),
                "cause": a.get("cause", ""), "severity": a.get("severity", ""),
                "message_vi": a.get("message_vi", ""), "message_en": a.get("message_en", ""),
                "name_vi": ind.name_vi if ind else a.get("event", ""),
                "name_en": ind.name_en if ind else a.get("event_en", ""),
                "value": a.get("value"), "value_text": None if a.get("value") is None or ind is None
                else fmt.value(a["value"], ind.unit), "unit": ind.unit if ind else "",
                "raised_at": a.get("raised_at"), "updated_at": a.get("updated_at"),
                "acknowledged_by": a.get("acknowledged_by"), "acknowledged_at": a.get("acknowledged_at"),
                "notes": self.notes.count(a["id"]),
                "assigned": None if assigned is None else {"department": assigned.department, "by": assigned.by,
                                                           "at": assigned.at}})
        return out

    def _missing(self) -> list[dict]:
        entry = getattr(self.hub, "entry", None)
        if entry is None:
            return []
        try:
            missing = list(entry.missing())
        except Exception:
            log.exception("the missing periods could not be read")
            return []
        out = []
        for m in missing:
            s = self.catalogue.sectors.get(m.get("sector", ""))
            deadline = m.get("deadline")
            text = fmt.moment(datetime.fromtimestamp(deadline, fmt.TZ)) if isinstance(deadline, (int, float)) \
                else str(deadline or "")
            out.append({**m, "sector_name_vi": s.name_vi if s else m.get("sector", ""),
                        "sector_name_en": s.name_en if s else m.get("sector", ""), "deadline_text": text,
                        "period_text": period_text(str(m.get("period", "")))})
        return out

    def departments(self) -> list[str]:
        """What an alert may be assigned to: the departments people belong to, then each sector's name."""
        people = getattr(self.hub, "people", None)
        known = people.departments() if people is not None else []
        return list(dict.fromkeys([*known, *(self.catalogue.sectors[s].name_vi for s in self.sectors)]))


def period_text(period: str) -> str:
    """A period as the entry part names it, the Vietnamese way: 2026-11 -> 11/2026, 2026-11-23 -> 23/11/2026,
    2026-Q4 -> IV/2026; anything else as it is."""
    if m := re.fullmatch(r"(\d{4})-(\d{2})", period):
        return f"{m[2]}/{m[1]}"
    if m := re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", period):
        return f"{m[3]}/{m[2]}/{m[1]}"
    if (m := re.fullmatch(r"(\d{4})-Q([1-4])", period)):
        return f"{ROMAN[int(m[2]) - 1]}/{m[1]}"
    return period


def _region(code: str) -> str:
    return "Toàn tỉnh" if code in ("", "province") else region_name(code)


__all__ = ["Summary", "figure", "nine_sectors", "period_label"]
