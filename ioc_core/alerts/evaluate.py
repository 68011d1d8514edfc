"""Turning readings and forecasts into alerts (Qt-free): what the alert book is told after new data.

Causes: ``threshold`` (the latest value past a threshold), ``forecast`` (an outlook's risk: a threshold likely to be
crossed within the horizon, the annual plan likely missed) and ``anomaly`` (the newest value far outside what the
model expected; ioc_core/forecasting)."""

from __future__ import annotations

import logging
from collections.abc import Callable

from ioc_core import fmt
from ioc_core.alerts.book import AlertBook
from ioc_core.catalogue import Catalogue, Indicator, Status
from ioc_core.indicators.observation import PROVINCE

log = logging.getLogger(__name__)

def threshold_message(ind: Indicator, value: float, severity: str) -> tuple[str, str]:
    limit = ind.critical if severity == "critical" else ind.warning
    above = ind.direction == "lower_better"
    level_vi = "nghiêm trọng" if severity == "critical" else "cảnh báo"
    vi = (f"{ind.name_vi}: {fmt.value(value, ind.unit)} {ind.unit}, {'vượt' if above else 'dưới'} ngưỡng "
          f"{level_vi} {fmt.value(limit, ind.unit)}")
    en = (f"{ind.name_en}: {value:g} {ind.unit}, {'above' if above else 'below'} the {severity} threshold "
          f"{limit:g}")
    return vi, en


def check_thresholds(book: AlertBook, catalogue: Catalogue, indicators, reading: Callable) -> None:
    """Raise, escalate or clear each indicator's threshold alert from its latest province reading."""
    for ind_id in indicators:
        ind = catalogue.indicators.get(ind_id)
        if ind is None or (ind.warning is None and ind.critical is None):
            continue
        rd = reading(ind_id)
        if rd is None or not ind.plausible(rd.value):
            continue  # no verdict without a usable figure: an open alert stays open
        status = ind.status(rd.value)
        severity = status.value if status in (Status.WARNING, Status.CRITICAL) else None
        vi, en = threshold_message(ind, rd.value, severity) if severity else ("", "")
        book.observe(ind.id, ind.sector, PROVINCE, "threshold", severity, vi, en, rd.value)


def judge_outlook(book: AlertBook, ind: Indicator, outlook) -> None:
    """Raise or clear ``ind``'s forecast alert (its outlook's most serious risk, from RISK_ALERT on) and its anomaly
    alert (its newest value far outside what the model expected: "bất thường", with the expected range)."""
    risk = outlook.alert_risk() if outlook is not None else None
    if ind.warning is not None or ind.critical is not None or ind.target:
        book.observe(ind.id, ind.sector, PROVINCE, "forecast", risk.severity if risk else None,
                     f"Dự báo: {risk.message_vi}" if risk else "", f"Forecast: {risk.message_en}" if risk else "",
                     round(risk.probability, 4) if risk else None)
    odd = outlook.newest_anomaly() if outlook is not None else None
    book.observe(ind.id, ind.sector, PROVINCE, "anomaly", "warning" if odd else None,
                 odd.message_vi if odd else "", odd.message_en if odd else "", odd.value if odd else None)


def check_forecast(book: AlertBook, ind: Indicator, history, now: float, outlooks=None):
    """``ind``'s outlook from its ``history`` (a DataFrame of period, value), kept in ``outlooks`` (a
    forecasting.service.Outlooks) when given, and judged (``judge_outlook``); returns it (None when it failed: an
    open alert then stays as it is)."""
    from ioc_core.forecasting.outlook import outlook as make

    try:
        result = make(ind, history, now, outlooks.get(ind.id) if outlooks is not None else None)
    except Exception:
        log.exception("forecast of %s failed", ind.id)
        return None
    if outlooks is not None:
        outlooks.put([result])
    judge_outlook(book, ind, result)
    return result
