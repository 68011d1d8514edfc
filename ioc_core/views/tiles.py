"""What KPI tiles, rankings and tables say (Qt-free): decided here, on a worker; the widgets only lay it out."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from ioc_core import fmt
from ioc_core.catalogue import Indicator, Status
from ioc_core.catalogue.regions import region_name
from ioc_core.indicators.freshness import Freshness, freshness
from ioc_core.indicators.indicator_store import Reading, period_end
from ioc_core.indicators.observation import period_start
from ioc_core.views.names import short_region_name
from ioc_core.views.text import QT_TRANSLATE_NOOP, STATE_ORDER, STATUS_MARK, translate


@dataclass(frozen=True)
class Tile:
    """What one KPI tile says: everything is decided here, the painting only lays it out."""

    indicator: Indicator
    state: str  # normal, warning, critical, stale, no_data: the key of style.STATUS_LOOK
    name: str
    value: str | None  # in Vietnamese number format; None when there is no usable figure
    unit: str
    status: str  # shape + word (+ age when due or stale): never colour alone
    changes: str
    progress: float | None
    raw: float | None = None  # the figure itself, for sorting
    age_s: float | None = None
    change_text: str = ""  # the change against the previous period alone (tables)
    period_note: str = ""  # old data that arrived on time: which period it describes ("số liệu kỳ 11/2025")
    threshold: str = ""  # warning/critical: the threshold crossed ("vượt ngưỡng cảnh báo 90 %")
    threshold_short: str = ""  # the same without the severity word, for a narrow tile ("vượt ngưỡng 150 hồ sơ")
    since: str = ""  # warning/critical: since when, when the alert book knows it ("từ 09:30"); never guessed
    notes: tuple[str, ...] = ()  # ``changes`` part by part: a tile draws the parts that fit whole, drops the rest
    newest: str = ""  # the period of the store's newest figure (its reading's): what an outlook is judged against

    @property
    def loud(self) -> bool:
        """An exception a sector screen shouts about (stale and no-data tiles still say their state, quietly)."""
        return self.state in ("warning", "critical")

    @property
    def mark(self) -> str:
        """The status line a sector screen's tile draws: nothing on a normal tile (the screen's header says once
        that all is normal), the shape and word on every exception."""
        return "" if self.state == "normal" else self.status

    def shown(self) -> tuple:
        """What a reader sees of the tile (a new fetch of the same figure changes nothing here)."""
        progress = None if self.progress is None else round(self.progress, 3)
        return (self.state, self.name, self.value, self.unit, self.status, self.changes, progress, self.threshold,
                self.since)


def make_tile(ind: Indicator, reading: Reading | None, now: float, lang: str = "vi",
              since_at: float | None = None) -> Tile:
    """The tile for a reading at ``now``: freshness is computed now, not when the value was fetched.
    ``since_at``: when the figure reached its present severity, as the alert book recorded it (None: unknown)."""
    name = ind.name_en if lang == "en" else ind.name_vi
    if reading is None or not ind.plausible(reading.value):  # no figure rather than a misleading one
        shape, word = STATUS_MARK["no_data"]
        word = word if reading is None or reading.value is None else QT_TRANSLATE_NOOP("Status", "Số liệu không hợp lệ")
        return Tile(ind, "no_data", name, None, ind.unit, f"{shape} {translate('Status', word)}", "", None)
    fresh = freshness(ind, now - reading.observed_at,
                      None if reading.period_end is None else now - reading.period_end)
    status = ind.status(reading.value)
    state = "stale" if fresh.old else (status.value if status != Status.UNKNOWN else "normal")
    shape, word = STATUS_MARK[state]
    label = f"{shape} {translate('Status', word)}"
    # arrived lately, but describes a period long over: which one, first under the value (the status line is short)
    period_note = period_words(reading.period, ind.period) if fresh is Freshness.OLD_PERIOD else ""
    if fresh in (Freshness.DUE, Freshness.STALE):
        label += "  ·  " + translate("SectorView", "cập nhật %1").replace("%1", fmt.age(now - reading.observed_at))
    parts, change_text = [period_note] if period_note else [], ""
    if reading.parts:  # a province figure summed up from the communes' own
        parts.append(translate("SectorView", "tổng hợp từ %1 xã/phường").replace("%1", fmt.number(reading.parts)))
    if reading.partial:
        moment = datetime.fromtimestamp(reading.observed_at, fmt.TZ)
        parts.append(translate("SectorView", "tạm tính đến %1").replace("%1", fmt.clock(moment, seconds=False)))
    if reading.change is not None:
        change_text = fmt.signed(reading.change, 1 if ind.unit == "%" else 0)
        parts.append(translate("SectorView", "so kỳ trước %1").replace("%1", change_text))
    if reading.change_yoy is not None:
        parts.append(translate("SectorView", "cùng kỳ %1%").replace("%1", fmt.signed(reading.change_yoy * 100, 1)))
    crossed = threshold_words(ind, state) if state in ("warning", "critical") else ""
    short = threshold_words(ind, state, short=True) if crossed else ""
    since = since_words(since_at, now) if crossed and since_at is not None else ""
    return Tile(ind, state, name, fmt.value(reading.value, ind.unit), ind.unit, label, "   ".join(parts),
                reading.progress, reading.value, now - reading.observed_at, change_text, period_note, crossed, short,
                since, tuple(parts), reading.period)


THRESHOLD_WORDS = {  # (the figure is above the limit, severity): the words before the limit
    (True, "warning"): QT_TRANSLATE_NOOP("SectorView", "vượt ngưỡng cảnh báo %1"),
    (True, "critical"): QT_TRANSLATE_NOOP("SectorView", "vượt ngưỡng nghiêm trọng %1"),
    (False, "warning"): QT_TRANSLATE_NOOP("SectorView", "dưới ngưỡng cảnh báo %1"),
    (False, "critical"): QT_TRANSLATE_NOOP("SectorView", "dưới ngưỡng nghiêm trọng %1"),
    (True, ""): QT_TRANSLATE_NOOP("SectorView", "vượt ngưỡng %1"),
    (False, ""): QT_TRANSLATE_NOOP("SectorView", "dưới ngưỡng %1"),
}


def threshold_words(ind: Indicator, severity: str, short: bool = False) -> str:
    """The threshold a warning or critical figure crossed: "vượt ngưỡng cảnh báo 90 %", "dưới ngưỡng nghiêm trọng
    85 %" (a rate that should be high fell under it); "" for an indicator without that threshold. ``short``: without
    the severity word, which the tile's status line says ("vượt ngưỡng 150 hồ sơ")."""
    limit = ind.critical if severity == "critical" else ind.warning
    if limit is None:
        return ""
    figure = fmt.number(limit, 0 if float(limit).is_integer() else 1)
    words = translate("SectorView", THRESHOLD_WORDS[(ind.direction != "higher_better", "" if short else severity)])
    return words.replace("%1", f"{figure} {ind.unit}".strip())


def since_words(at: float, now: float) -> str:
    """Since when: "từ 09:30" the same day, "từ 09:30 22/11/2026" before it."""
    moment, today = datetime.fromtimestamp(at, fmt.TZ), datetime.fromtimestamp(now, fmt.TZ)
    shown = fmt.clock(moment, seconds=False) if moment.date() == today.date() else fmt.moment(moment)
    return translate("SectorView", "từ %1").replace("%1", shown)


def alert_since(alert) -> float:
    """When an open threshold alert reached its present severity: raised as a warning, or escalated to critical
    (an acknowledgement does not move ``updated_at``)."""
    return alert.updated_at if alert.severity == "critical" else alert.raised_at


def period_words(period: str, kind: str) -> str:
    """Which period a figure describes, as a Vietnamese reader says it: "số liệu kỳ 11/2025", "số liệu năm 2024",
    "số liệu quý III/2025", "số liệu ngày 03/12/2026"."""
    start = period_start(period)
    if kind == "year":
        return translate("SectorView", "số liệu năm %1").replace("%1", str(start.year))
    if kind == "quarter":
        quarter = ("I", "II", "III", "IV")[(start.month - 1) // 3]
        return translate("SectorView", "số liệu quý %1").replace("%1", f"{quarter}/{start.year}")
    if kind == "month":
        return translate("SectorView", "số liệu kỳ %1").replace("%1", f"{start.month:02d}/{start.year}")
    if kind == "week":
        return translate("SectorView", "số liệu tuần từ %1").replace("%1", fmt.date(start))
    return translate("SectorView", "số liệu ngày %1").replace("%1", fmt.date(start))


# -- ranking ------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class RankEntry:
    region: str
    name: str
    value: float
    text: str
    state: str  # normal | warning | critical | stale
    short: str = ""  # the name as a crowded panel draws it: its kind abbreviated ("P. Trường Vinh"), never cut


def ranking(ind: Indicator, rows, now: float, limit: int) -> list[RankEntry]:
    """Communes worst first: lowest first when higher is better, highest first otherwise; stale figures marked,
    implausible ones left out (a negative count must not top a ranking)."""
    entries = []
    for region, period, value, observed_at in rows:
        if value is None or not ind.plausible(value):
            continue
        stale = freshness(ind, now - observed_at, now - period_end(period, ind.period)).old
        state = "stale" if stale else (ind.status(value).value if ind.status(value).value != "unknown" else "normal")
        name = region_name(region)
        entries.append(RankEntry(region, name, value, fmt.value(value, ind.unit), state, short_region_name(name)))
    entries.sort(key=lambda e: (e.value if ind.direction == "higher_better" else -e.value, e.name))
    return entries[:limit]


# -- table --------------------------------------------------------------------------------------------------
def table_rows(tiles: list[Tile], sort: str) -> list[Tile]:
    """Rows in the declared order: status (worst first), name, value (largest first) or age (oldest first)."""
    keys = {
        "status": lambda t: (STATE_ORDER[t.state], t.name),
        "name": lambda t: t.name,
        "value": lambda t: (t.raw is None, -(t.raw or 0.0)),
        "age": lambda t: (t.age_s is None, -(t.age_s or 0.0)),
    }
    return sorted(tiles, key=keys[sort])


# -- a whole sector screen ----------------------------------------------------------------------------------
LOUD_FIRST = {"critical": 0, "warning": 1}


def tile_order(tiles: dict[str, Tile], declared) -> tuple[str, ...]:
    """A tiles panel's indicators, the one to keep first when the panel cannot show them all: critical, then
    warning, then by the catalogue's priority (1 first), then as declared. A panel showing ``n`` tiles shows the
    first ``n`` of these (wall.widgets.sector): a figure that turns critical while hidden is shown by the next
    model."""
    index = {ind: n for n, ind in enumerate(declared)}
    return tuple(sorted((i for i in declared if i in tiles),
                        key=lambda i: (LOUD_FIRST.get(tiles[i].state, 2), tiles[i].indicator.priority, index[i])))


def sector_models(catalogue, spec, reader, now: float, lang: str = "vi",
                  since: dict[str, tuple[str, float]] | None = None, alerting: bool = False) -> dict[object, object]:
    """Every data part of a sector screen at ``now``, each built once from one read of the store:
    "header" -> (clock, data-as-of line, the all-normal line or ""); an indicator id -> its Tile; ("order", n) ->
    tiles panel n's indicators, the most important first (``tile_order``); a panel's index -> a ranking's entries
    or a table's rows. ``reader`` has ``reading(id)`` and ``by_region(id)`` (the worker's read connection);
    ``since``: indicator -> (severity, when it reached it), from the open threshold alerts; ``alerting``: the
    sector has an open alert of any cause (a forecast's included), so the header does not say all is normal."""
    since = since or {}
    readings = {}

    def reading(ind_id: str) -> Reading | None:
        if ind_id not in readings:
            readings[ind_id] = reader.reading(ind_id)
        return readings[ind_id]

    tiles: dict[str, Tile] = {}

    def tile(ind_id: str) -> Tile:
        if ind_id not in tiles:
            first = make_tile(catalogue.indicators[ind_id], reading(ind_id), now, lang)
            severity, at = since.get(ind_id, ("", None))
            if first.loud and severity == first.state:  # the book's time only for the severity the tile shows
                first = make_tile(catalogue.indicators[ind_id], reading(ind_id), now, lang, at)
            tiles[ind_id] = first
        return tiles[ind_id]

    models: dict[object, object] = {}
    for n, panel in enumerate(spec.panels):
        if panel.kind == "tiles":
            for ind_id in panel.indicators:
                if ind_id in catalogue.indicators:
                    models[ind_id] = tile(ind_id)
            models[("order", n)] = tile_order(tiles, panel.indicators)
        elif panel.kind == "ranking" and panel.indicators[0] in catalogue.indicators:
            ind = catalogue.indicators[panel.indicators[0]]
            models[n] = ranking(ind, reader.by_region(ind.id), now, panel.limit)
        elif panel.kind == "table":
            models[n] = table_rows([tile(i) for i in panel.indicators if i in catalogue.indicators], panel.sort)
    times = [rd.observed_at for i in spec.indicators if i in catalogue.indicators and (rd := reading(i))]
    if times:
        newest = datetime.fromtimestamp(max(times), fmt.TZ)
        asof = translate("SectorView", "Số liệu đến %1").replace("%1", fmt.moment(newest))
    else:
        asof = translate("SectorView", "Chưa có dữ liệu")
    states = [tile(i).state for i in spec.indicators if i in catalogue.indicators]
    calm = ""
    if states and all(s == "normal" for s in states) and not alerting:  # said once for the screen, not on each tile
        calm = f"{STATUS_MARK['normal'][0]} " + translate("SectorView", "Tất cả chỉ số bình thường")
    models["header"] = (fmt.clock(datetime.fromtimestamp(now, fmt.TZ), seconds=False), asof, calm)
    return models


def sector_tiles(catalogue, reader, now: float, lang: str = "vi") -> dict[str, list[Tile]]:
    """Every sector's tiles at ``now`` (the province overview's cards are made of them)."""
    return {sector.id: [make_tile(ind, reader.reading(ind.id), now, lang) for ind in catalogue.of_sector(sector.id)]
            for sector in catalogue.sectors.values()}
