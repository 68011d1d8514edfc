"""Which IOC hub a wall takes its data from, and how its link to it is, in the operator's words: read from the
wall's GET /health ``"hub"`` member (null: the wall runs its own sources), polled with the wall's health.

The shape, as the wall writes it::

    "hub": {"name": "<hub name>", "url": "<hub api url>", "broker": "<broker url>",
            "link": "ok" | "hub-offline" | "broker-down" | "connecting", "since": <epoch of the last link change>,
            "readings": n, "hub_health": {"sources": n, "sources_failing": n, "online_since": epoch} | null}
"""

from __future__ import annotations

import time
from urllib.parse import urlsplit

from PySide6.QtCore import QCoreApplication

from operator_console.colleagues import fill

OWN_SOURCES = "own"  # the group of walls that run their own sources (no hub)


def tr(text: str) -> str:
    return QCoreApplication.translate("", text)  # lupdate files module-level tr() under the empty context


def hub_name(hub: dict) -> str:
    """The hub as the operator knows it: the name from its presence, else its address's host (before the presence
    has arrived), else its address."""
    name = hub.get("name")
    if isinstance(name, str) and name.strip():
        return name.strip()
    url = hub.get("url") if isinstance(hub.get("url"), str) else ""
    return urlsplit(url).hostname or url or "?"


def hub_key(hub: dict | None) -> str:
    """What groups walls on one hub: its name (one hub may be reached at several addresses), else its address."""
    return OWN_SOURCES if hub is None else hub_name(hub)


def since_text(epoch, now: float | None = None) -> str:
    """A link change's time on this computer's clock: HH:MM today, HH:MM dd/mm on another day ("" unknown)."""
    if not isinstance(epoch, int | float) or isinstance(epoch, bool) or epoch <= 0:
        return ""
    at = time.localtime(epoch)
    today = time.localtime(time.time() if now is None else now)
    same_day = (at.tm_year, at.tm_yday) == (today.tm_year, today.tm_yday)
    return time.strftime("%H:%M" if same_day else "%H:%M %d/%m", at)


def _count(value) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else None


def sources_text(hub_health) -> str:
    """The hub's sources, "N nguồn, M lỗi" ("" while the hub's health has not arrived)."""
    if not isinstance(hub_health, dict):
        return ""
    sources, failing = _count(hub_health.get("sources")), _count(hub_health.get("sources_failing"))
    if sources is None:
        return ""
    return fill(tr("%1 nguồn, %2 lỗi"), str(sources), str(failing or 0))


def link_text(hub: dict, now: float | None = None) -> str:
    """The link's state alone: connected, lost since when, broker unreachable since when, connecting."""
    link, at = hub.get("link"), since_text(hub.get("since"), now)
    if link == "ok":
        return tr("đã kết nối")
    if link == "hub-offline":
        return tr("mất kết nối từ %1").replace("%1", at) if at else tr("mất kết nối")
    if link == "broker-down":
        return (tr("không tới được máy chủ tin nhắn từ %1").replace("%1", at) if at
                else tr("không tới được máy chủ tin nhắn"))
    if link == "connecting":
        return tr("đang kết nối…")
    return str(link or "?")  # a state this console does not know: shown as the wall said it


def hub_text(hub: dict | None, now: float | None = None, reachable: bool = True) -> str:
    """One line for the operator: the wall's hub and its link (and the hub's sources, when known); for a wall
    that runs its own sources, that it does. ``reachable`` False (the console cannot reach the wall): only which
    hub it was on, no state this console cannot know now."""
    if hub is None:
        return tr("Tự lấy dữ liệu (không qua trung tâm)")
    text = tr("Trung tâm dữ liệu: %1").replace("%1", hub_name(hub))
    if not reachable:
        return text
    text += " — " + link_text(hub, now)
    sources = sources_text(hub.get("hub_health"))
    if sources and hub.get("link") == "ok":  # a lost hub's sources are as they were when it went: not said as now
        text += " — " + sources
    return text


def is_trouble(hub: dict | None) -> bool:
    """Whether the link is lost (drawn in red): the wall's figures are ageing."""
    return hub is not None and hub.get("link") in ("hub-offline", "broker-down")


def groups_text(walls: list[tuple[str, dict | None]]) -> str:
    """Which walls are on which hub, a line per hub (then the walls with their own sources): ``walls`` is
    (wall name, its hub or None) for each wall whose hub is known."""
    groups: dict[str, list[str]] = {}
    for name, hub in walls:
        groups.setdefault(hub_key(hub), []).append(name)
    lines = [fill(tr("Trung tâm dữ liệu %1: %2"), key, ", ".join(names))
             for key, names in sorted(groups.items()) if key != OWN_SOURCES]
    if OWN_SOURCES in groups:
        lines.append(tr("Tự lấy dữ liệu: %1").replace("%1", ", ".join(groups[OWN_SOURCES])))
    return "\n".join(lines)
