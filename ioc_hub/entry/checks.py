"""The checks a period's figures pass before they are stored as a submission (Qt-free): every row against the
catalogue (the sector's indicator entered by hand, in this kind of period, a number read the Vietnamese way too, in
the valid range, a region of the right level). Any problem refuses the whole submission: the problems name the row
(or the sheet's cell) and the field, in Vietnamese."""

from __future__ import annotations

from dataclasses import dataclass

from ioc_core import fmt
from ioc_core.indicators.observation import PROVINCE, BadValue, parse_number, start_of
from ioc_core.sources.mapping import aggregate
from ioc_hub.entry.config import Period, entry_kind

KIND_VI = {"day": "ngày", "week": "tuần", "month": "tháng", "quarter": "quý", "year": "năm"}
MAX_ROWS = 5000
MADE_FROM_COMMUNES = ("sum", "mean", "min", "max")


@dataclass(frozen=True)
class Checked:
    rows: list[dict]  # {"indicator", "region", "value", "period"} as they would be stored
    problems: list[dict]  # {"row", "field", "problem"}


def shown_range(ind) -> str:
    low = "—" if ind.min_value is None else fmt.number(ind.min_value, 0 if float(ind.min_value).is_integer() else 2)
    high = "—" if ind.max_value is None else fmt.number(ind.max_value, 0 if float(ind.max_value).is_integer() else 2)
    return f"{low} đến {high}"


def commune_codes(catalogue) -> dict[str, str]:
    """The communes by their own codes (a name given by a demo's alias too is listed once, by its first code)."""
    seen, out = set(), {}
    for code, name in catalogue.regions.items():
        if name not in seen:
            seen.add(name)
            out[code] = name
    return out


def check_rows(catalogue, entered: list, period: Period, raw_rows, today) -> Checked:
    """``entered``: the sector's indicators entered by hand; ``raw_rows``: [{"indicator", "region"?, "value",
    "where"?}] ("where": how a problem names the row, "dòng 7" of a sheet; default its number in the list)."""
    problems: list[dict] = []

    def bad(where, field: str, text: str) -> None:
        problems.append({"row": where, "field": field, "problem": text})

    if not isinstance(raw_rows, list) or not raw_rows:
        return Checked([], [{"row": None, "field": "rows", "problem": "chưa có số liệu nào (rows trống)"}])
    if len(raw_rows) > MAX_ROWS:
        return Checked([], [{"row": None, "field": "rows", "problem": f"quá nhiều dòng (tối đa {MAX_ROWS})"}])
    if period.start > today:
        bad(None, "period", f"{period.label} chưa bắt đầu: không nhập số liệu cho kỳ tương lai")
    by_id = {i.id: i for i in entered}
    rows, seen = [], {}
    for n, raw in enumerate(raw_rows, 1):
        where = raw.get("where", n) if isinstance(raw, dict) else n
        if not isinstance(raw, dict):
            bad(where, "row", 'mỗi dòng là {"indicator", "region", "value"}')
            continue
        code = raw.get("indicator")
        ind = by_id.get(code) if isinstance(code, str) else None
        if ind is None:
            other = catalogue.indicators.get(code) if isinstance(code, str) else None
            if other is None:
                bad(where, "indicator", f"không có chỉ tiêu '{code}' trong danh mục")
            elif other.sector != (entered[0].sector if entered else other.sector):
                bad(where, "indicator", f"chỉ tiêu '{code}' thuộc lĩnh vực khác ({other.sector})")
            else:
                bad(where, "indicator", f"chỉ tiêu '{code}' không nhập tay (lấy tự động từ {other.source})")
            continue
        kind = entry_kind(ind)
        if kind != period.kind:
            bad(where, "indicator", f"chỉ tiêu '{ind.name_vi}' nhập theo {KIND_VI[kind]}, không theo {period.label}")
            continue
        region = raw.get("region") or PROVINCE
        if not isinstance(region, str):
            bad(where, "region", f"mã đơn vị '{region}' không phải chữ")
            continue
        region = region.strip()
        if ind.region_level == "province" and region != PROVINCE:
            bad(where, "region", f"chỉ tiêu '{ind.name_vi}' chỉ có số toàn tỉnh (region '{PROVINCE}'), không theo "
                                 f"xã ('{region}')")
            continue
        if region != PROVINCE and catalogue.regions and region not in catalogue.regions:
            bad(where, "region", f"mã xã, phường '{region}' không có trong danh mục đơn vị hành chính")
            continue
        try:
            raw_value = raw.get("value")
            value = parse_number(raw_value, vietnamese=True)
        except BadValue:
            shown = "trống" if raw_value in (None, "") else f"'{raw_value}'"
            bad(where, "value", f"giá trị {shown} của '{ind.name_vi}' không phải là số")
            continue
        if not ind.plausible(value):
            bad(where, "value", f"giá trị {fmt.value(value, ind.unit)} {ind.unit} của '{ind.name_vi}' ngoài khoảng "
                                f"hợp lệ ({shown_range(ind)})")
            continue
        key = (ind.id, region)
        if key in seen:
            bad(where, "indicator", f"'{ind.name_vi}' ({region}) đã có ở dòng {seen[key]}")
            continue
        seen[key] = where
        rows.append({"indicator": ind.id, "region": region, "value": value,
                     "period": start_of(period.start, ind.period).isoformat()})
    if problems:
        return Checked([], problems)
    made = _province_totals(catalogue, rows)
    for total in made:  # stored as the rows are: a total outside the range would be refused at approval
        ind = catalogue.indicators[total["indicator"]]
        if not ind.plausible(total["value"]):
            how = "trung bình" if ind.aggregation == "mean" else "tổng" if ind.aggregation == "sum" else \
                "số nhỏ nhất" if ind.aggregation == "min" else "số lớn nhất"
            bad(None, "value", f"số toàn tỉnh của '{ind.name_vi}' ({how} {total['parts']} xã, phường đã nhập) là "
                               f"{fmt.value(total['value'], ind.unit)} {ind.unit}, ngoài khoảng hợp lệ "
                               f"({shown_range(ind)}): xem lại số của các xã hoặc nhập số toàn tỉnh")
    if problems:
        return Checked([], problems)
    return Checked(rows + made, [])


def recheck(catalogue, rows) -> list[dict]:
    """The rows of a submission as they would be stored (computed totals too), against the catalogue as it is now
    (it may have changed since they were submitted: a hub restarted with a province's own ranges): the problems,
    in Vietnamese, that would make the store refuse one of them. None: all of them can be stored."""
    problems = []
    for n, r in enumerate(rows, 1):
        ind = catalogue.indicators.get(r["indicator"])
        where = "toàn tỉnh" if r["region"] == PROVINCE else f"xã, phường {r['region']}"
        if ind is None:
            problems.append({"row": n, "field": "indicator",
                             "problem": f"chỉ tiêu '{r['indicator']}' không còn trong danh mục"})
        elif r["region"] != PROVINCE and catalogue.regions and r["region"] not in catalogue.regions:
            problems.append({"row": n, "field": "region",
                             "problem": f"mã xã, phường '{r['region']}' không còn trong danh mục đơn vị hành chính"})
        elif not ind.plausible(r["value"]):
            problems.append({"row": n, "field": "value",
                             "problem": f"giá trị {fmt.value(r['value'], ind.unit)} {ind.unit} của '{ind.name_vi}' "
                                        f"({where}) ngoài khoảng hợp lệ ({shown_range(ind)})"})
    return problems


def _province_totals(catalogue, rows: list[dict]) -> list[dict]:
    """A commune indicator's province figure made from the communes entered (as a feed's: ``mapping.aggregate``),
    unless the province's own figure is entered too."""
    own = {r["indicator"] for r in rows if r["region"] == PROVINCE}
    groups: dict[str, list[dict]] = {}
    for r in rows:
        if r["region"] != PROVINCE and r["indicator"] not in own:
            groups.setdefault(r["indicator"], []).append(r)
    made = []
    for indicator, members in groups.items():
        ind = catalogue.indicators[indicator]
        if ind.aggregation not in MADE_FROM_COMMUNES:
            continue
        value = aggregate(ind.aggregation, [(r["value"], None) for r in members])
        made.append({"indicator": indicator, "region": PROVINCE, "value": value, "period": members[0]["period"],
                     "parts": len(members)})
    return made
