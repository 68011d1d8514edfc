"""When the wall's screens are on: the configuration's schedule and an operator's override (Qt-free).

A schedule names the time the screens come on, the time they go off, and optionally the days they come on (every
day without it), in the province's time zone. On a listed day the screens are on from "on" until the next "off",
which is the next day's when "off" is not later than "on" (a night-shift room: on 18:00, off 02:00). Outside those
periods they are off: with days Monday to Friday the screens stay off over the weekend.

An operator can wake the wall at night from the console (``screen_power`` "on") or switch it off early ("off"); the
override ends by itself at the next time the schedule turns the screens on, so the wall is back on its schedule the
next morning without anyone remembering to give it back. With no schedule an "off" lasts until an operator ends it.

Holidays (``"holidays": ["2027-02-06", ...]``, dates in the province's calendar) are days the screens do not come
on, as a day missing from ``days``: a province lists its Tết and public holidays once a year.

A critical alert wakes screens that are off, on the schedule or by an operator's "off", as an operator's "on" would
(until the schedule next turns them on): the room on duty at night sees what happened. ``wake_on_critical: false``
in the power section leaves them off.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from ioc_core.fmt import TZ

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
STATES = ("on", "scheduled-off", "override-on", "override-off")


def parse_time(text) -> time | str:
    """``"22:00"`` -> time(22, 0); or why the text is not a time of day."""
    hh, sep, mm = str(text).partition(":")
    if sep and len(hh) == 2 and len(mm) == 2 and hh.isdigit() and mm.isdigit() and int(hh) < 24 and int(mm) < 60:
        return time(int(hh), int(mm))
    return f"expected a time of day as HH:MM (00:00 to 23:59), got {text!r}"


@dataclass(frozen=True)
class PowerSchedule:
    on: time
    off: time
    days: frozenset[int] = frozenset(range(7))  # the weekdays (0 Monday) on which the screens come on
    wake_on_critical: bool = True  # a critical alert switches off screens on
    holidays: frozenset[date] = frozenset()  # days the screens do not come on

    def to_json(self) -> dict:
        return {"on": self.on.strftime("%H:%M"), "off": self.off.strftime("%H:%M"),
                "days": [DAYS[d] for d in sorted(self.days)], "wake_on_critical": self.wake_on_critical,
                **({"holidays": [d.isoformat() for d in sorted(self.holidays)]} if self.holidays else {})}

    def _period(self, day: date) -> tuple[datetime, datetime] | None:
        """The on period that starts on ``day``, if it is one of the schedule's days."""
        if day.weekday() not in self.days or day in self.holidays:
            return None
        start = datetime.combine(day, self.on, TZ)
        end = datetime.combine(day if self.off > self.on else day + timedelta(days=1), self.off, TZ)
        return start, end

    def _periods(self, at: datetime, back: int = 1, ahead: int = 0):
        """The on periods starting from ``back`` days before ``at`` to ``ahead`` days after, in order."""
        day = at.astimezone(TZ).date()
        for n in range(-back, ahead + 1):
            if (p := self._period(day + timedelta(days=n))) is not None:
                yield p

    def is_on(self, at: datetime) -> bool:
        return any(start <= at < end for start, end in self._periods(at))

    def _ahead(self) -> int:
        # a week finds the next period; each holiday takes at most one, so at most a week more each (the search
        # stops at the first period found: the bound costs nothing unless holidays run on)
        return 8 + 7 * len(self.holidays)

    def next_change(self, at: datetime) -> datetime:
        """The first time after ``at`` when the schedule switches the screens on or off."""
        for start, end in self._periods(at, ahead=self._ahead()):  # in order, never overlapping
            if start > at:
                return start
            if end > at:
                return end
        raise AssertionError("a schedule has an on period every week")  # parse_schedule: days is never empty

    def next_on(self, at: datetime) -> datetime:
        """The first time after ``at`` when the schedule switches the screens on."""
        return next(start for start, _ in self._periods(at, ahead=self._ahead()) if start > at)


def parse_schedule(doc: dict) -> PowerSchedule | list[tuple[str, str]]:
    """The schedule of a configuration's ``power`` section (its shape already checked), or (field, problem) pairs."""
    problems, times = [], {}
    for key in ("on", "off"):
        t = parse_time(doc[key])
        if isinstance(t, str):
            problems.append((key, t))
        times[key] = t
    if not problems and times["on"] == times["off"]:
        problems.append(("off", f"the screens go off at the time they come on ({doc['off']}): leave the power "
                                "section out to keep them on"))
    holidays = set()
    for n, text in enumerate(doc.get("holidays", [])):
        try:
            holidays.add(date.fromisoformat(text))
        except ValueError:
            problems.append((f"holidays[{n}]", f"expected a date as YYYY-MM-DD, got {text!r}"))
    if problems:
        return problems
    days = frozenset(DAYS.index(d) for d in doc.get("days", DAYS))
    return PowerSchedule(times["on"], times["off"], days, doc.get("wake_on_critical", True), frozenset(holidays))


def override_for(schedule: PowerSchedule | None, mode: str, at: datetime) -> dict | None:
    """What a ``screen_power`` command leaves in the wall's state: {"mode", "until"} (epoch seconds; None: until an
    operator ends it), or None when the screens simply follow the schedule."""
    if mode == "schedule" or (mode == "on" and schedule is None):
        return None
    return {"mode": mode, "until": schedule.next_on(at).timestamp() if schedule is not None else None}


def override_active(override: dict | None, at: datetime) -> bool:
    return override is not None and (override.get("until") is None or at.timestamp() < override["until"])


@dataclass(frozen=True)
class PowerStatus:
    state: str  # one of STATES
    next_change: datetime | None  # when the screens next switch, unless an operator steps in

    @property
    def screens_on(self) -> bool:
        return self.state in ("on", "override-on")


def _state(schedule: PowerSchedule | None, override: dict | None, at: datetime) -> str:
    if override_active(override, at):
        return "override-" + override["mode"]
    return "on" if schedule is None or schedule.is_on(at) else "scheduled-off"


def power_status(schedule: PowerSchedule | None, override: dict | None, at: datetime) -> PowerStatus:
    """Whether the screens are on at ``at`` and why, and when that next changes."""
    state = _state(schedule, override, at)
    on = state in ("on", "override-on")
    t = at
    for _ in range(32):  # boundaries where nothing visible changes (an override ending into "on") are passed over
        candidates = [schedule.next_change(t)] if schedule is not None else []
        if override_active(override, t) and override.get("until") is not None:
            candidates.append(datetime.fromtimestamp(override["until"], TZ))
        if not candidates:
            break
        t = min(candidates)
        if (_state(schedule, override, t) in ("on", "override-on")) != on:
            return PowerStatus(state, t)
    return PowerStatus(state, None)
