"""Two operators on one wall, seen from a console: the revision its operator was looking at when an action began
(what the wall judges the action against), who changed a region since (from the state events), and the words the
console uses for a colleague's change (the conflict question, and a change of its own that another replaced)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from operator_console.preview import tr, view_label


@dataclass(frozen=True)
class Action:
    """An action its operator began (selected a region, started a drag, opened a view picker): the wall's revision
    and the region's view on the console's screen then. ``region`` None: any region (a drag, until its drop)."""

    wall: str  # the wall's address: an action begun on one wall is no base on another
    revision: int
    region: str | None = None
    view: dict | None = None

    def covers(self, cmd: dict) -> bool:
        return self.region is None or self.region in regions_of(cmd)


@dataclass(frozen=True)
class RegionChange:
    """A region's last change as the state events told it."""

    revision: int
    by: str  # the token's name ("wall": its alert rules and timers)
    client: str  # the console's name ("" when none was given)
    view: dict | None


def fill(text: str, *args: str) -> str:
    """``text`` with %1, %2... replaced in one pass (a name that contains "%2" stays as it is)."""
    return re.sub(r"%(\d)", lambda m: args[int(m[1]) - 1] if 0 < int(m[1]) <= len(args) else m[0], text)


def regions_of(cmd: dict) -> list[str]:
    """The regions a command changes by name (a layout or a preset changes them all and names none)."""
    if cmd.get("command") == "swap_regions":
        return [r for r in (cmd.get("a"), cmd.get("b")) if isinstance(r, str)]
    return [cmd["region"]] if isinstance(cmd.get("region"), str) else []


def region_changes(old: dict | None, new: dict) -> dict[str, RegionChange]:
    """The regions whose view a state event changed, each with who changed it (none for the first state heard)."""
    if not old:
        return {}
    before = {r["id"]: r.get("view") for r in old.get("regions", [])}
    who = RegionChange(new.get("revision", 0), new.get("by", ""), new.get("client", ""), None)
    return {r["id"]: RegionChange(who.revision, who.by, who.client, r.get("view"))
            for r in new.get("regions", []) if r["id"] not in before or before[r["id"]] != r.get("view")}


def region_name(state: dict | None, rid: str) -> str:
    """A region as the operator knows it: its Vietnamese title when the layout gives one, else its id."""
    region = next((r for r in (state or {}).get("regions", []) if r.get("id") == rid), None)
    title = (region or {}).get("title") or {}
    return title.get("vi") or rid


def who_text(by: str, client: str) -> str:
    """Who made a change: the console's name with its token's, or the wall's own rules and timers."""
    if by == "wall" and not client:
        return tr("chính tường (quy tắc cảnh báo, lịch)")
    return f"{client} ({by})" if client else by


def clock(at: str) -> str:
    """An ISO 8601 time as HH:MM:SS on this computer's clock ("" when there is none)."""
    try:
        return datetime.fromisoformat(at).astimezone().strftime("%H:%M:%S")
    except (TypeError, ValueError):
        return ""


def conflict_question(changed: dict, state: dict | None, titles: dict[str, str]) -> str:
    """The conflict question from a 409's ``changed``: who changed which region to what, and when."""
    view = changed.get("title") or view_label(changed.get("view"), titles)
    text = fill(tr("Vùng %1 vừa được %2 đổi sang %3"), region_name(state, changed.get("region", "")),
                who_text(changed.get("by", ""), changed.get("client", "")), view)
    at = clock(changed.get("at", ""))
    if at:
        text += fill(tr(" lúc %1"), at)
    return text + ". " + tr("Vẫn áp dụng thay đổi của bạn?")


def replaced_text(rid: str, change: RegionChange, mine: int, state: dict | None, titles: dict[str, str]) -> str:
    """A change of this console's (revision ``mine``) that the wall no longer shows: who replaced it with what."""
    return fill(tr("Thay đổi của bạn (phiên bản %1) không còn trên tường: vùng %2 đã được %3 đổi sang %4"), str(mine),
                region_name(state, rid), who_text(change.by, change.client), view_label(change.view, titles))
