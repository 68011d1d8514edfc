"""What review found in the outlooks, each as a leader or operator would meet it: no forecast alert beside the
threshold alert that already says it, no alert raised and cleared by a probability wavering around 50 %, no anomaly
on a day or hour still under way, none on a count moving by one, ranges that do not go below zero, and a newer hub's
outlooks still read by an older wall."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta

import numpy as np
import pandas as pd

from ioc_core.catalogue import load_catalogue
from ioc_core.fmt import TZ
from ioc_core.forecasting.outlook import RISK_ALERT, RISK_CLEAR, Outlook, RiskNote, _severity, outlook

CAT = load_catalogue()
ON_TIME = CAT.indicators["hcc-ty-le-dung-han"]  # %, daily, warning below 95, critical below 90
LATE = CAT.indicators["pakn-qua-han"]  # citizens' reports overdue: a count read every five minutes (instant)


def days(first: date, values) -> pd.DataFrame:
    return pd.DataFrame({"period": pd.to_datetime([first + timedelta(days=i) for i in range(len(values))]),
                         "value": values})


def at(day: date, hour: int = 12) -> float:
    return datetime(day.year, day.month, day.day, hour, tzinfo=TZ).timestamp()


def steady(n: int = 120, seed: int = 4) -> np.ndarray:
    return np.round(96.4 + np.random.default_rng(seed).normal(0, 0.3, n), 1)


def test_a_rate_already_under_its_critical_threshold_gets_no_forecast_risk_beside_its_threshold_alert():
    first = date(2026, 6, 1)
    values = np.r_[steady(100), 96.0 - 0.6 * np.arange(1, 21)]  # sliding for 20 days: 84 % yesterday
    o = outlook(ON_TIME, days(first, values), at(first + timedelta(days=len(values))))
    assert ON_TIME.status(values[-1]).value == "critical"
    assert not [r for r in o.risks if r.kind in ("warning", "critical")], o.risks


def test_a_raised_forecast_alert_holds_until_its_probability_falls_below_the_clearing_level():
    raised = Outlook("x", "day", 0.0, risks=(RiskNote("warning", 0.55, "warning", "", ""),))
    between = (RISK_ALERT + RISK_CLEAR) / 2
    assert _severity("warning", between, raised) == "warning"  # held: no clear and raise again around 50 %
    assert _severity("warning", between, None) is None  # not raised before: not yet
    assert _severity("warning", RISK_CLEAR - 0.01, raised) is None  # cleared below the clearing level
    assert _severity("plan", between, Outlook("x", "day", 0.0, risks=(RiskNote("plan", 0.6, "warning", "", ""),))
                     ) == "warning"


def test_todays_rate_from_the_mornings_dossiers_is_no_anomaly_until_the_day_is_over():
    first = date(2026, 6, 1)
    values = steady(121)
    values[-1] = 87.0  # today, at nine: three dossiers so far, one late
    today = first + timedelta(days=120)
    morning = outlook(ON_TIME, days(first, values), at(today, 9))
    assert [a.period for a in morning.anomalies if a.period == today.isoformat()] == []
    evening = outlook(ON_TIME, days(first, values), at(today + timedelta(days=1), 1))  # the day is over
    assert evening.newest_anomaly() is not None and evening.newest_anomaly().period == today.isoformat()


def test_an_hourly_mean_of_whole_counts_moving_by_one_is_no_anomaly():
    start = datetime(2026, 11, 30, 0, tzinfo=TZ)
    rng = np.random.default_rng(2)
    rows = []
    for h in range(24 * 7):
        moment = start + timedelta(hours=h)
        level = 6.4 + 0.1 * np.sin(2 * np.pi * h / 24)
        for m in range(0, 60, 5):  # the readings every five minutes, counted
            rows.append((moment + timedelta(minutes=m), float(round(level + rng.normal(0, 0.05)))))
    rows[-1] = (rows[-1][0], 7.0)
    hist = pd.DataFrame(rows, columns=["period", "value"])
    hist["period"] = pd.to_datetime(hist["period"].map(lambda t: t.strftime("%Y-%m-%dT%H:%M")))
    o = outlook(LATE, hist, (start + timedelta(hours=24 * 7 + 1)).timestamp())
    assert o.anomalies == (), [a.message_vi for a in o.anomalies]


def test_an_expected_range_never_goes_below_zero_for_a_count():
    first = date(2026, 6, 1)
    rng = np.random.default_rng(5)
    values = np.maximum(0, np.round(1.2 + rng.normal(0, 0.8, 120)))  # deaths on the roads a day: 0, 1, 2
    values[-2] = 9.0
    o = outlook(CAT.indicators["antt-nguoi-chet-tngt"], days(first, values), at(first + timedelta(days=121)))
    assert o.anomalies and all(a.low >= 0 for a in o.anomalies)
    assert all("-" not in a.message_vi.split("dự kiến")[1] for a in o.anomalies)
    assert all("  " not in text for a in o.anomalies for text in (a.message_vi, a.message_en))


def test_an_older_wall_reads_a_newer_hubs_outlook_with_fields_it_does_not_know():
    first = date(2026, 6, 1)
    values = steady(121)
    values[-5] = 87.0
    o = outlook(ON_TIME, days(first, values), at(first + timedelta(days=121)))
    o = replace(o, risks=(RiskNote("warning", 0.6, "warning", "vi", "en"),))
    doc = o.to_json()
    doc["risks"][0]["horizon_days"] = 7  # what a later version might add
    doc["anomalies"][0]["score"] = 5.1
    doc["model_version"] = 2
    back = Outlook.from_json(doc)
    assert back.risks == o.risks and back.anomalies == o.anomalies
