"""The demo simulator: plausible figures for a province of about 3.4 million people (Nghệ An's scale).

Deterministic for a seed: the same indicator, period and region always get the same value, so tests and
screenshots are stable. Values have a trend, a weekly shape (offices close at the weekend), a yearly shape
(tourism peaks in summer), commune-level breakdowns, the odd anomaly that crosses a threshold, and one feed
that goes silent now and then so that staleness shows on the wall.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Callable
from datetime import date, datetime, timedelta

from ioc_core import clock as wallclock
from ioc_core.catalogue import Catalogue, Indicator
from ioc_core.fmt import TZ
from ioc_core.indicators.observation import PROVINCE, Observation
from ioc_core.sources.base import FetchResult, Source, SourceTimeout, register

# Typical value of one period (a day for daily counts, a month for monthly ones); rates in %.
BASE = {
    "ktxh-grdp-tang-truong": 8.6, "ktxh-thu-ngan-sach": 2050, "ktxh-von-fdi": 140, "ktxh-kim-ngach-xuat-khau": 310,
    "ktxh-giai-ngan-dau-tu-cong": 62, "ktxh-cpi": 3.4,
    "hcc-ho-so-tiep-nhan": 1050, "hcc-ho-so-giai-quyet": 1000, "hcc-ty-le-dung-han": 96.4, "hcc-ho-so-tre-han": 38,
    "hcc-ty-le-truc-tuyen": 72.4, "hcc-ty-le-so-hoa": 88.4, "hcc-chi-so-phuc-vu": 84, "hcc-ho-so-bo-sung": 120,
    "vbdt-van-ban-den": 19_200, "vbdt-van-ban-di": 2_900, "vbdt-ky-so": 96.5, "vbdt-qua-truc-lien-thong": 1_860,
    "vbdt-xu-ly-qua-han": 60,
    "yte-kham-ngoai-tru": 21_500, "yte-dieu-tri-noi-tru": 6_400, "yte-cong-suat-giuong": 88,
    "yte-ho-so-suc-khoe": 4_600,
    "yte-ca-benh-truyen-nhiem": 14, "yte-tiem-chung": 93, "yte-tai-nan-thuong-tich": 45,
    "gd-hoc-sinh": 742_000, "gd-truong-chuan-quoc-gia": 76, "gd-chuyen-can": 96.8, "gd-so-lien-lac-dien-tu": 84,
    "gd-tot-nghiep-thpt": 98.6, "gd-truong-hoc": 1_480,
    "pakn-tiep-nhan": 85, "pakn-da-xu-ly": 78, "pakn-qua-han": 6, "pakn-hai-long": 87,
    "dl-luot-khach": 25_900, "dl-khach-quoc-te": 330, "dl-doanh-thu": 930, "dl-cong-suat-phong": 56,
    "dl-dang-ky-luu-tru": 11_800,
    "attt-canh-bao-nghiem-trong": 0.3, "attt-canh-bao-cao": 6, "attt-canh-bao-trung-binh": 70,
    "attt-tan-cong-ngan-chan": 18_800, "attt-ma-doc": 300,
    "antt-vu-viec": 9, "antt-tai-nan-giao-thong": 1.6, "antt-nguoi-chet-tngt": 0.6, "antt-camera-truc-tuyen": 97,
    "antt-vi-pham-giao-thong": 140,
    "mt-aqi": 68, "mt-pm25": 31, "mt-wqi": 82, "mt-nhiet-do": 24, "mt-do-am": 78, "mt-muc-nuoc": 2.1,
}
COMMUNES = [f"xa-{i:03d}" for i in range(1, 131)]  # 130 commune-level units (119 communes, 11 wards)
WEEKDAY_SHAPE = (1.05, 1.08, 1.06, 1.04, 1.0, 0.45, 0.3)  # office work, Monday to Sunday
OFFICE_SECTORS = {"hcc", "vbdt", "pakn"}


def _unit_noise(*key) -> float:
    """A stable pseudo-random number in [0, 1) for a key (independent of PYTHONHASHSEED)."""
    digest = hashlib.blake2b(repr(key).encode(), digest_size=8).digest()
    return int.from_bytes(digest, "little") / 2**64


MEASURED_UNITS = {"%", "tỷ đồng", "triệu USD", "điểm", "AQI", "WQI", "µg/m³", "°C", "m"}
RUSH_HOUR_INDICATORS = {"mt-aqi", "mt-pm25"}  # traffic makes the morning and evening peaks


def _counted(ind: Indicator) -> bool:
    """Things counted one by one (documents, dossiers, alerts, people) are whole numbers."""
    return ind.unit not in MEASURED_UNITS


class Simulator:
    def __init__(self, catalogue: Catalogue, seed: int = 7, communes: int = 12):
        self.catalogue = catalogue
        self.seed = seed
        self.communes = COMMUNES[:communes]
        weights = [0.3 + _unit_noise(seed, "w", c) for c in self.communes]
        self.weights = {c: w / sum(weights) for c, w in zip(self.communes, weights, strict=True)}

    def value(self, ind: Indicator, day: date, region: str = PROVINCE, moment: datetime | None = None) -> float:
        """The simulated figure of ``day``; an instant measurement also follows the hour of ``moment``."""
        if ind.period == "instant" and moment is not None:
            return self._instant(ind, moment, region)
        base = BASE.get(ind.id, 100.0)
        t = (day - date(2026, 1, 1)).days
        trend = 1 + 0.0002 * t
        weekly = WEEKDAY_SHAPE[day.weekday()] if ind.sector in OFFICE_SECTORS and ind.period == "day" else 1.0
        yearly = 1 + (0.35 * math.sin(2 * math.pi * (day.timetuple().tm_yday - 100) / 365)
                      if ind.sector == "dulich" else 0.05 * math.sin(2 * math.pi * day.timetuple().tm_yday / 365))
        noise = 1 + 0.08 * (_unit_noise(self.seed, ind.id, day.isoformat(), region) - 0.5)
        if region == PROVINCE and ind.critical is not None and _unit_noise(self.seed, "anomaly", ind.id, day) < 0.03:
            # about one day a month the figure goes past its critical threshold
            return round(ind.critical * (0.97 if ind.direction == "higher_better" else 1.15), 1)
        if ind.unit == "%":
            return round(min(base * (1 + (noise - 1) * 0.3), 100.0), 1)
        value = base * trend * weekly * yearly * noise
        if region != PROVINCE and ind.aggregation == "sum":
            value *= self.weights[region]
        return float(round(value)) if _counted(ind) else round(value, 2 if value < 10 else 0)

    def _instant(self, ind: Indicator, moment: datetime, region: str) -> float:
        """A station's reading: the day's level, a daily rhythm (peaks mid-afternoon, lowest before dawn; air
        quality also worst at the rush hours) and a little noise every five minutes."""
        day_level = self.value(ind, moment.date(), region)
        hour = moment.hour + moment.minute / 60
        rhythm = 0.12 * math.sin(2 * math.pi * (hour - 8) / 24)
        if ind.id in RUSH_HOUR_INDICATORS:
            rhythm = 0.18 * (math.exp(-((hour - 7.5) ** 2) / 2) + math.exp(-((hour - 18) ** 2) / 2)) - 0.06
        noise = 0.04 * (_unit_noise(self.seed, ind.id, self.period_of(ind, moment), region) - 0.5)
        value = day_level * (1 + rhythm + noise)
        if ind.unit == "%":
            value = min(value, 100.0)
        if _counted(ind):  # the backfill's readings are counted as the live ones are: whole numbers
            return float(round(value))
        return round(value, 2 if value < 10 else 1 if ind.unit in MEASURED_UNITS else 0)

    def period_of(self, ind: Indicator, now: datetime) -> str:
        day = now.date()
        return {
            "instant": now.replace(minute=now.minute - now.minute % 5).strftime("%Y-%m-%dT%H:%M"),
            "day": day.isoformat(),
            "week": (day - timedelta(days=day.weekday())).isoformat(),
            "month": day.replace(day=1).isoformat(),
            "quarter": day.replace(month=(day.month - 1) // 3 * 3 + 1, day=1).isoformat(),
            "year": day.replace(month=1, day=1).isoformat(),
        }[ind.period]

    def observations(self, indicators: list[Indicator], now: datetime) -> list[Observation]:
        out = []
        for ind in indicators:
            period, day = self.period_of(ind, now), now.date()
            share = (now.hour * 60 + now.minute) / 1440 if ind.period == "day" and ind.aggregation == "sum" else 1
            regions = [PROVINCE] + (self.communes if ind.region_level == "commune" else [])
            for region in regions:
                v = self.value(ind, day, region, now) * share
                out.append(Observation(ind.id, period, float(round(v)) if _counted(ind) else round(v, 2), region))
        return out

    def backfill(self, indicators: list[Indicator], now: datetime, days: int, years: int = 0,
                 hours: int = 48) -> list[Observation]:
        """History of complete past periods, province level, for charts and forecasts: ``days`` back, and for
        monthly, quarterly and yearly figures ``years`` back when that is longer (a province keeps its statistics
        for years; a forecast of a monthly figure needs two years and more); instant measurements (stations)
        hourly over the last ``hours``."""
        out, seen = [], set()
        hour = now.replace(minute=0, second=0, microsecond=0)
        for ind in indicators:
            if ind.period == "instant":
                for back in range(hours, 0, -1):
                    moment = hour - timedelta(hours=back)
                    out.append(Observation(ind.id, self.period_of(ind, moment), self.value(ind, moment.date(),
                                           PROVINCE, moment), PROVINCE, observed_at=moment.timestamp()))
        long = [i for i in indicators if i.period in ("month", "quarter", "year")]
        if years and long:
            first = now.date().replace(day=1)
            for back in range(12 * years, 0, -1):
                y, m = divmod(first.year * 12 + first.month - 1 - back, 12)
                moment = datetime(y, m + 1, 15, 12, tzinfo=now.tzinfo)
                if (now.date() - moment.date()).days <= days:
                    break  # the days below cover the rest
                for ind in long:
                    period = self.period_of(ind, moment)
                    if (ind.id, period) not in seen:
                        seen.add((ind.id, period))
                        out.append(Observation(ind.id, period, self.value(ind, moment.date()), PROVINCE,
                                               observed_at=moment.timestamp()))
        for back in range(days, 0, -1):
            moment = (now - timedelta(days=back)).replace(hour=12, minute=0)
            for ind in indicators:
                period = self.period_of(ind, moment)
                if (ind.id, period) not in seen and ind.period != "instant":
                    seen.add((ind.id, period))
                    out.append(Observation(ind.id, period, self.value(ind, moment.date()), PROVINCE,
                                           observed_at=moment.timestamp()))
        return out


@register
class DemoSource(Source):
    """Stands in for one real feed (``source`` in the catalogue) with simulated values."""

    kind = "demo"

    def __init__(self, id: str, catalogue: Catalogue, seed: int = 7, clock: Callable[[], float] = wallclock.now_s,
                 silent_every_s: float | None = None, silent_for_s: float = 0, timeouts=None):
        super().__init__(id, timeouts)
        self.indicators = [i for i in catalogue.indicators.values() if i.source == id]
        self.sim = Simulator(catalogue, seed)
        self.clock = clock
        self.silent_every_s, self.silent_for_s = silent_every_s, silent_for_s

    def silent(self, now: float) -> bool:
        return bool(self.silent_every_s) and now % self.silent_every_s < self.silent_for_s

    def fetch(self, session=None) -> float:
        now = self.clock()
        if self.silent(now):
            raise SourceTimeout(f"no answer from {self.id} (simulated outage)")
        return now

    def parse(self, raw: float) -> FetchResult:
        return FetchResult(self.sim.observations(self.indicators, datetime.fromtimestamp(raw, TZ)))
