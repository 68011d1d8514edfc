"""What the alert lists on the wall say (Qt-free): the order alerts are listed in and the words of each.

Most severe first, then unacknowledged before acknowledged of the same severity, then newest: an acknowledged
critical alert stays above every warning (someone has seen it; it is still the worst thing on the wall). Each
alert names its sector and its indicator: a forecast's "Dự báo vượt ngưỡng cảnh báo sau 7 kỳ" alone does not say
what is heading for trouble.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from ioc_core import fmt
from ioc_core.alerts.book import SEVERITY_RANK, Alert, cap_terms
from ioc_core.views.text import STATUS_MARK, translate


@dataclass(frozen=True)
class AlertItem:
    """One alert as a list shows it: a head (shape, time, sector, CAP's terms, who acknowledged) and the message."""

    id: str
    severity: str  # warning | critical: the key of the status look
    acknowledged: bool
    head: str
    message: str
    brief: str = ""  # the message without its secondary clause, for a panel too small for the whole: "" none
    head_brief: str = ""  # the head's shape and time alone (and ✓ when acknowledged), for a panel too small


def brief_message(a: Alert, message: str) -> str:
    """A threshold alert's message without the threshold it crossed ("Tỷ lệ giải quyết đúng hạn: 71,0 %" of
    "…: 71,0 %, dưới ngưỡng nghiêm trọng 80": the sector's tile says the threshold); "" for any other alert,
    whose message has no clause to spare."""
    if a.cause != "threshold" or ", " not in message:
        return ""
    return message.split(", ", 1)[0]


def list_order(alerts: list[Alert]) -> list[Alert]:
    """Open before closed, most severe first, unacknowledged before acknowledged, then newest."""
    return sorted(alerts, key=lambda a: (not a.open, -SEVERITY_RANK.get(a.severity, 0), a.acknowledged,
                                         -a.updated_at))


def indicator_message(a: Alert, catalogue=None, lang: str = "vi") -> str:
    """The alert's message, starting with its indicator's name when the message does not already (a CAP alert
    names its own hazard and area, the wall's own alerts their subject: they are left as they are)."""
    msg = a.message(lang)
    if a.cause == "cap" and a.area and a.area.casefold() not in msg.casefold():  # not "Mưa ở Yên Thành — Yên Thành"
        msg += f" — {a.area}"
    ind = catalogue.indicators.get(a.indicator) if catalogue is not None and a.cause != "cap" else None
    if ind is not None:
        name = ind.name_en if lang == "en" else ind.name_vi
        if name and not msg.casefold().startswith(name.casefold()):
            msg = f"{name}: {msg}"
    return msg


def alert_head(a: Alert, sector_names: dict[str, str] | None = None, lang: str = "vi") -> str:
    """Status shape, time, sector (when names are given), CAP's severity, urgency and certainty in words, and
    who acknowledged."""
    shape = STATUS_MARK.get(a.severity, STATUS_MARK["warning"])[0]
    head = f"{shape} {fmt.clock(datetime.fromtimestamp(a.updated_at, fmt.TZ), seconds=False)}"
    if sector_names:
        head += f" · {sector_names.get(a.sector, a.sector)}"
    if a.cause == "cap":
        head += "".join(f" · {t}" for t in cap_terms(a, lang))
    if a.acknowledged:
        head += " · ✓ " + translate("Panels", "đã xác nhận: %1").replace("%1", a.acknowledged_by or "")
    return head


def sector_names(catalogue, lang: str = "vi", system: tuple[str, str] | None = None) -> dict[str, str]:
    """Each sector's name in ``lang``; ``system``: (id, name) of the wall's own alerts, in no sector of the
    catalogue's."""
    names = {k: (s.name_en if lang == "en" else s.name_vi) for k, s in catalogue.sectors.items()}
    if system is not None:
        names.setdefault(*system)
    return names


def alert_items(alerts: list[Alert], catalogue=None, names: dict[str, str] | None = None,
                lang: str = "vi") -> list[AlertItem]:
    """The list's items in list order, each naming its sector (``names``) and indicator (``catalogue``)."""
    items = []
    for a in list_order(alerts):
        message = indicator_message(a, catalogue, lang)
        shape = STATUS_MARK.get(a.severity, STATUS_MARK["warning"])[0]
        head_brief = f"{shape} {fmt.clock(datetime.fromtimestamp(a.updated_at, fmt.TZ), seconds=False)}"
        items.append(AlertItem(a.id, a.severity, a.acknowledged, alert_head(a, names, lang), message,
                               brief_message(a, message), head_brief + (" · ✓" if a.acknowledged else "")))
    return items
