"""Turning readings and forecasts into alerts (Qt-free): what the alert book is told after new data."""

from __future__ import annotations

import logging
from collections.abc import Callable

from ioc_core import fmt
from ioc_core.alerts.book import AlertBook
from ioc_core.catalogue import Catalogue, Indicator, Status
from ioc_core.indicators.forecast import assess
from ioc_core.indicators.observation import PROVINCE

log = logging.getLogger(__name__)

HORIZON = 7  # periods ahead that a forecast may warn about


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


def check_forecast(book: AlertBook, ind: Indicator, history) -> None:
    """Raise or clear the forecast alert of one indicator from its history (a DataFrame with ``value``)."""
    if history is None or len(history) == 0 or (ind.warning is None and ind.critical is None and not ind.target):
        return
    values = history["value"].to_numpy()[-120:]
    try:
        _, risk = assess(ind, values, HORIZON)
    except Exception:
        log.exception("forecast of %s failed", ind.id)
        return
    severity = risk.status.value if risk else None
    book.observe(ind.id, ind.sector, PROVINCE, "forecast", severity,
                 risk.message_vi if risk else "", risk.message_en if risk else "")
