"""Two indicators' lagged correlation (ioc_core/forecasting/correlation.py) on constructed series: what the console
shows a leader, the strongest lag and its r in Vietnamese, and the caveats a reader must not miss."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

import numpy as np
import pandas as pd
import pytest

from ioc_core.catalogue import load_catalogue
from ioc_core.fmt import TZ
from ioc_core.forecasting.correlation import CAUSAL_VI, FEW_VI, NONE_VI, correlate

CAT = load_catalogue()
RECEIVED, RESOLVED = CAT.indicators["hcc-ho-so-tiep-nhan"], CAT.indicators["hcc-ho-so-giai-quyet"]
REVENUE, CPI = CAT.indicators["ktxh-thu-ngan-sach"], CAT.indicators["ktxh-cpi"]
NOW = datetime(2026, 12, 7, 10, 0, tzinfo=TZ).timestamp()


def daily(values, end: str = "2026-12-06") -> pd.DataFrame:
    days = pd.date_range(end=end, periods=len(values), freq="D")
    return pd.DataFrame({"period": days, "value": np.asarray(values, dtype=float)})


def monthly(values, end: str = "2026-11-01") -> pd.DataFrame:
    months = pd.date_range(end=end, periods=len(values), freq="MS")
    return pd.DataFrame({"period": months, "value": np.asarray(values, dtype=float)})


def test_b_following_a_by_two_days_is_found_at_lag_two_and_worded():
    rng = np.random.default_rng(7)
    a = 200 + rng.normal(0, 20, 122)
    b = np.roll(a, 2) * 0.9 + rng.normal(0, 6, 122)  # b today is a two days ago
    c = correlate(RECEIVED, daily(a[2:]), RESOLVED, daily(b[2:]), NOW, max_lag=7)
    assert c.n == 120 and c.period == "day"
    assert c.lags == tuple(range(-7, 8))
    assert c.best_lag == 2 and c.best_r > 0.6 and c.significant
    r = f"{c.best_r:.2f}".replace(".", ",")
    assert c.summary_vi == (f"Tương quan mạnh nhất: Hồ sơ tiếp nhận đi trước Hồ sơ đã giải quyết 2 ngày, r = {r} "
                            f"(120 kỳ chung)")
    assert c.caveats_vi == (CAUSAL_VI,)
    others = [abs(v) for k, v in zip(c.lags, c.r, strict=True) if k != 2]
    assert max(others) < c.best_r - 0.2  # (lags 1 and 3 echo it, reversed: the price of differencing)
    # the plain bound widened by Bartlett's factor: these changes echo each other (differenced noise)
    assert 1.96 / np.sqrt(119 - 2) * 1.1 < c.bound[c.lags.index(2)] < 1.96 / np.sqrt(119 - 2) * 1.4
    doc = json.loads(json.dumps(c.to_json()))
    assert doc["best_lag"] == 2 and len(doc["r"]) == 15 and doc["n"] == 120


def test_a_following_b_is_a_negative_lag_said_the_other_way_round():
    rng = np.random.default_rng(3)
    b = 100 + rng.normal(0, 10, 93)
    a = np.roll(b, 3) + rng.normal(0, 3, 93)
    c = correlate(RECEIVED, daily(a[3:]), RESOLVED, daily(b[3:]), NOW, max_lag=10)
    assert c.best_lag == -3
    assert "Hồ sơ đã giải quyết đi trước Hồ sơ tiếp nhận 3 ngày" in c.summary_vi


def test_two_independent_trending_walks_correlate_in_level_not_in_change():
    rng = np.random.default_rng(11)
    a = np.cumsum(1.0 + rng.normal(0, 2, 150)) + 100
    b = np.cumsum(1.0 + rng.normal(0, 2, 150)) + 300
    c = correlate(RECEIVED, daily(a), RESOLVED, daily(b), NOW)
    assert c.level_r > 0.8
    assert not c.significant or abs(c.best_r) < 0.3
    assert NONE_VI in c.caveats_vi
    trend = [t for t in c.caveats_vi if "xu hướng chung" in t]
    assert trend and trend[0].startswith("hai chỉ số cùng có xu hướng; tương quan của mức số liệu chủ yếu do xu "
                                         "hướng chung")
    assert c.caveats_vi[-1] == CAUSAL_VI


def test_twelve_points_carry_the_few_points_caveat():
    rng = np.random.default_rng(5)
    a = rng.normal(50, 5, 12)
    c = correlate(RECEIVED, daily(a), RESOLVED, daily(a * 2 + rng.normal(0, 1, 12)), NOW)
    assert c.n == 12 and c.lags == (-3, -2, -1, 0, 1, 2, 3)  # at most a quarter of the shared periods
    assert c.caveats_vi[0] == FEW_VI == "ít số liệu, kết quả chưa đáng tin"
    assert c.best_lag == 0 and "cùng ngày" in c.summary_vi


def test_too_little_shared_history_says_so_without_any_r():
    c = correlate(RECEIVED, daily([1, 2, 3, 4, 5]), RESOLVED, daily([2, 3, 1, 5, 6, 7, 8]), NOW)
    assert c.n == 5 and c.r == () and c.best_r is None and c.best_lag is None
    assert c.summary_vi.startswith("Chỉ có 5 kỳ chung") and "chưa đủ số liệu" in c.summary_vi


def test_days_are_summed_into_months_to_meet_a_monthly_indicator():
    """A summed daily figure becomes its month's total; a month with a missing day is a gap, not a part sum."""
    months = pd.date_range(end="2026-11-01", periods=24, freq="MS")
    rng = np.random.default_rng(2)
    totals = rng.normal(3000, 400, 24)
    rows = []
    for m, total in zip(months, totals, strict=True):
        days = pd.date_range(m, m + pd.offsets.MonthEnd(0), freq="D")
        rows += [(d, total / len(days)) for d in days]
    rows += [(pd.Timestamp("2026-12-01") + timedelta(days=i), 100.0) for i in range(6)]  # December: not complete
    gap = pd.Timestamp("2025-06-15")
    day_df = pd.DataFrame([r for r in rows if r[0] != gap], columns=["period", "value"])
    revenue = monthly(totals * 5 + rng.normal(0, 50, 24))
    c = correlate(RECEIVED, day_df, REVENUE, revenue, NOW, max_lag=3)
    assert c.period == "month" and c.aggregation_a == "sum" and c.aggregation_b == ""
    assert c.n == 23  # June 2025 lacks a day; December 2026 is under way
    assert c.best_lag == 0 and c.best_r > 0.9
    assert "cùng tháng" in c.summary_vi and "(23 kỳ chung)" in c.summary_vi


def test_five_minute_readings_are_averaged_into_days_to_meet_a_daily_indicator():
    pm25, visits = CAT.indicators["mt-pm25"], CAT.indicators["yte-kham-ngoai-tru"]
    rng = np.random.default_rng(0)
    days = pd.date_range("2026-09-01", "2026-12-06")
    level = rng.normal(50, 10, len(days))
    when = pd.date_range("2026-09-01", "2026-12-06 23:55", freq="5min")
    readings = pd.DataFrame({"period": when.strftime("%Y-%m-%dT%H:%M"),
                             "value": np.repeat(level, 288) + rng.normal(0, 5, len(when))})
    c = correlate(pm25, readings, visits, daily(level * 3 + rng.normal(0, 3, len(days))), NOW, max_lag=5)
    assert c.period == "day" and c.aggregation_a == "mean" and c.n == len(days)
    assert c.best_lag == 0 and c.best_r > 0.95
    assert c.summary_vi.startswith("Tương quan mạnh nhất: Bụi PM2.5 và Lượt khám ngoại trú biến động cùng ngày")


def test_a_level_indicator_is_averaged_not_summed():
    days = pd.date_range("2025-01-01", "2026-11-30", freq="D")
    rate = pd.DataFrame({"period": days, "value": np.where(days.month % 2 == 0, 90.0, 80.0)})
    cpi = monthly(np.where(pd.date_range(end="2026-11-01", periods=23, freq="MS").month % 2 == 0, 4.0, 3.0))
    ontime = CAT.indicators["hcc-ty-le-dung-han"]  # a rate: weighted_mean across communes
    c = correlate(ontime, rate, CPI, cpi, NOW, max_lag=2)
    assert c.aggregation_a == "mean"
    assert c.best_lag == 0 and c.best_r == pytest.approx(1.0)


def test_unrelated_series_are_rarely_said_to_correlate_whatever_lag_looks_best():
    """Of 25 lags one beyond its own 95 % bound is the rule for two unrelated series: the best lag is judged
    against the bound for all of them, so "không có tương quan đáng kể" is what a leader reads."""
    flagged = 0
    for seed in range(40):
        rng = np.random.default_rng(100 + seed)
        c = correlate(RECEIVED, daily(rng.normal(100, 10, 200)), RESOLVED, daily(rng.normal(100, 10, 200)), NOW)
        flagged += c.significant
        assert c.significant or NONE_VI in c.caveats_vi
    assert flagged <= 4


# -- GET /api/v1/correlation on the Qt-free routes and port ------------------------------------------------------------
def routes(tmp_path, store_path=None, history_from="own"):
    from ioc_core.api.audit import AuditLog
    from ioc_core.api.desk import CommandDesk
    from ioc_core.api.events import EventBus
    from ioc_core.api.port import ControllerPort
    from ioc_core.api.routes import Api
    from ioc_core.api.tokens import TokenStore
    from ioc_core.control.controller import Controller
    from ioc_core.control.saved_state import StateStore
    from ioc_core.layouts import LayoutLibrary
    from ioc_core.setup.geometry import WallGeometry

    from ..common import SHIPPED_LAYOUTS

    controller = Controller(LayoutLibrary.load_dir(SHIPPED_LAYOUTS), WallGeometry(), StateStore(tmp_path / "s.json"))
    bus = EventBus()
    desk = CommandDesk(controller, AuditLog(tmp_path / "audit.jsonl"), bus)
    tokens = TokenStore(tmp_path / "api-tokens.json")
    port = ControllerPort("thử", controller, desk, None, CAT, store_path=store_path, history_from=history_from)
    api = Api(tokens, port, bus, desk.audit)

    def get(query: str):
        r = api.handle("GET", "/api/v1/correlation", query, {"Authorization": f"Bearer {tokens.token('viewer')}"},
                       b"")
        return r.status, json.loads(r.body)
    return get


def test_the_route_answers_from_the_store_it_is_given_and_says_whose_history(tmp_path):
    from ioc_core.indicators.indicator_store import IndicatorStore

    rng = np.random.default_rng(1)
    a = 200 + rng.normal(0, 20, 61)
    b = np.roll(a, 1) + rng.normal(0, 5, 61)
    days = pd.date_range(end=pd.Timestamp.now(tz=TZ).normalize().tz_localize(None) - pd.Timedelta(days=1),
                         periods=60, freq="D")
    store = IndicatorStore(tmp_path / "indicators.sqlite", CAT)
    rows = [(ind, "province", d.strftime("%Y-%m-%d"), float(v), d.timestamp() + 86400, "hub", None)
            for ind, values in ((RECEIVED.id, a[1:]), (RESOLVED.id, b[1:])) for d, v in zip(days, values, strict=True)]
    assert store.mirror(rows) == 120  # as a wall on a hub keeps the hub's history
    store.close()
    get = routes(tmp_path, tmp_path / "indicators.sqlite", "hub")
    status, doc = get(f"a={RECEIVED.id}&b={RESOLVED.id}&max_lag=4")
    assert status == 200, doc
    assert doc["n"] == 60 and doc["history"] == "hub" and doc["best_lag"] == 1
    assert doc["lags"] == list(range(-4, 5))
    assert doc["summary_vi"].startswith("Tương quan mạnh nhất: Hồ sơ tiếp nhận đi trước Hồ sơ đã giải quyết 1 ngày")
    assert get(f"a={RECEIVED.id}&b=khong-co")[0] == 404
    assert get(f"a={RECEIVED.id}")[0] == 400
    (tmp_path / "bare").mkdir()  # a wall without an indicator store: nothing to correlate, said so
    status, doc = routes(tmp_path / "bare")(f"a={RECEIVED.id}&b={RESOLVED.id}")
    assert status == 200 and doc["history"] == "none" and doc["n"] == 0 and doc["r"] == []
    assert doc["summary_vi"].startswith("Chỉ có 0 kỳ chung")
