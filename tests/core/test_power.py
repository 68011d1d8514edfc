"""Scheduled screen power without a display: the configuration's schedule, the night wrap, days, the operator's
override and the command that sets it, kept across a restart."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from ioc_core.control.controller import Controller
from ioc_core.control.power_plan import PowerSchedule, override_for, parse_time, power_status
from ioc_core.control.saved_state import StateStore
from ioc_core.fmt import TZ
from ioc_core.layouts import LayoutLibrary
from ioc_core.problems import InvalidFile
from ioc_core.setup.geometry import WallGeometry
from ioc_core.setup.wall_config import parse_config

from ..common import SHIPPED_LAYOUTS, Clock

BASE = {"schema_version": 1, "screens": {"rows": 3, "cols": 3, "width_px": 1920, "height_px": 1080}}
NIGHT = {"off": "22:00", "on": "06:00"}


def at(day: int, hh: int, mm: int = 0) -> datetime:
    """A moment in November 2026 in the province's time; 23/11/2026 is a Monday."""
    return datetime(2026, 11, day, hh, mm, tzinfo=TZ)


def schedule(**over) -> PowerSchedule:
    return parse_config({**BASE, "power": {**NIGHT, **over}}, "wall.json").power


def problems_of(power) -> list[str]:
    with pytest.raises(InvalidFile) as info:
        parse_config({**BASE, "power": power}, "wall.json")
    return [str(p) for p in info.value.problems]


# -- configuration ------------------------------------------------------------------------------------------------
def test_without_a_power_section_the_screens_are_always_on():
    assert parse_config(BASE, "wall.json").power is None
    status = power_status(None, None, at(24, 3))
    assert (status.state, status.screens_on, status.next_change) == ("on", True, None)


def test_the_schedule_is_read_from_the_configuration():
    s = schedule(days=["mon", "tue", "wed", "thu", "fri"])
    assert s.to_json() == {"on": "06:00", "off": "22:00", "days": ["mon", "tue", "wed", "thu", "fri"],
                         "wake_on_critical": True}
    assert schedule().days == frozenset(range(7))


@pytest.mark.parametrize(("power", "problem"), [
    ({"off": "25:00", "on": "06:00"},
     "wall.json: $.power.off: expected a time of day as HH:MM (00:00 to 23:59), got '25:00'"),
    ({"off": "22:00", "on": "6h"}, "wall.json: $.power.on: expected a time of day as HH:MM (00:00 to 23:59), got '6h'"),
    ({"off": "06:00", "on": "06:00"}, "wall.json: $.power.off: the screens go off at the time they come on (06:00): "
                                      "leave the power section out to keep them on"),
    ({"off": "22:00"}, "wall.json: $.power: 'on' is a required property"),
    ({**NIGHT, "days": ["monday"]}, "wall.json: $.power.days[0]: 'monday' is not one of ['mon', 'tue', 'wed', "
                                    "'thu', 'fri', 'sat', 'sun']"),
    ({**NIGHT, "off": 2200}, "wall.json: $.power.off: 2200 is not of type 'string'"),
])
def test_a_bad_schedule_is_refused_naming_the_field(power, problem):
    assert problems_of(power) == [problem]


def test_times_of_day():
    assert parse_time("00:00").hour == 0 and parse_time("23:59").minute == 59
    assert all(isinstance(parse_time(t), str) for t in ("24:00", "7:00", "07:60", "07-00", "", "aa:bb", "07:00:00"))


# -- the schedule -------------------------------------------------------------------------------------------------
def test_the_night_wraps_over_midnight():
    s = schedule()
    assert [s.is_on(t) for t in (at(24, 5, 59), at(24, 6), at(24, 21, 59), at(24, 22), at(25, 3))] == [
        False, True, True, False, False]
    assert s.next_change(at(24, 12)) == at(24, 22)
    assert s.next_change(at(24, 23)) == at(25, 6)
    assert s.next_change(at(25, 3)) == at(25, 6)
    assert s.next_change(at(24, 22)) == at(25, 6)  # strictly after


def test_the_province_time_is_used_whatever_zone_the_moment_is_given_in():
    utc = at(24, 22, 30).astimezone(UTC)  # 15:30 UTC
    assert not schedule().is_on(utc)
    assert schedule().next_change(utc) == at(25, 6)


def test_days_are_the_days_the_screens_come_on():
    s = schedule(days=["mon", "tue", "wed", "thu", "fri"])
    assert s.is_on(at(27, 21))  # Friday evening
    assert not s.is_on(at(28, 12))  # Saturday: off all day
    assert s.next_change(at(27, 21)) == at(27, 22)
    assert s.next_change(at(27, 22)) == at(30, 6)  # from Friday night to Monday morning


def test_a_night_shift_room_is_on_across_midnight():
    s = schedule(on="18:00", off="02:00", days=["fri"])
    assert s.is_on(at(28, 1))  # Saturday 01:00: Friday's period
    assert not s.is_on(at(28, 3))
    assert s.next_change(at(28, 1)) == at(28, 2)
    assert s.next_change(at(28, 3)) == datetime(2026, 12, 4, 18, tzinfo=TZ)


def test_a_year_of_changes_alternates_sixteen_and_eight_hours():
    s, t = schedule(), at(24, 12)
    changes = []
    for _ in range(2 * 366):
        t = s.next_change(t)
        changes.append(t)
    gaps = {b - a for a, b in zip(changes, changes[1:], strict=False)}
    assert gaps == {timedelta(hours=8), timedelta(hours=16)}
    assert {c.astimezone(TZ).strftime("%H:%M") for c in changes} == {"06:00", "22:00"}


# -- the operator's override --------------------------------------------------------------------------------------
def test_waking_the_wall_at_night_lasts_until_the_schedule_turns_it_on():
    s = schedule()
    o = override_for(s, "on", at(25, 2))
    assert o == {"mode": "on", "until": at(25, 6).timestamp()}
    status = power_status(s, o, at(25, 2))
    assert (status.state, status.screens_on) == ("override-on", True)
    assert status.next_change == at(25, 22)  # 06:00 ends the override with the screens on: the next change is 22:00
    assert power_status(s, o, at(25, 6)).state == "on"  # back on the schedule by itself


def test_keeping_the_wall_on_in_the_evening_lasts_through_the_night():
    o = override_for(schedule(), "on", at(24, 21, 50))
    assert o["until"] == at(25, 6).timestamp()
    assert power_status(schedule(), o, at(24, 23)).state == "override-on"


def test_switching_off_early_lasts_until_the_next_morning():
    s = schedule()
    o = override_for(s, "off", at(24, 18))
    status = power_status(s, o, at(24, 18))
    assert (status.state, status.screens_on, status.next_change) == ("override-off", False, at(25, 6))
    assert power_status(s, o, at(24, 23)).state == "override-off"


def test_without_a_schedule_off_lasts_until_an_operator_ends_it():
    assert override_for(None, "on", at(24, 3)) is None  # always on anyway
    o = override_for(None, "off", at(24, 3))
    assert o == {"mode": "off", "until": None}
    status = power_status(None, o, at(30, 3))
    assert (status.state, status.next_change) == ("override-off", None)
    assert override_for(schedule(), "schedule", at(24, 3)) is None


# -- the command ----------------------------------------------------------------------------------------------------
@pytest.fixture
def lib() -> LayoutLibrary:
    return LayoutLibrary.load_dir(SHIPPED_LAYOUTS)


def test_the_screen_power_command_is_idempotent_expires_and_survives_a_restart(lib, tmp_path: Path):
    clock = Clock(at(25, 2).timestamp())
    store = StateStore(tmp_path / "state.json")
    c = Controller(lib, WallGeometry(), store, clock=clock, power=schedule())
    first = c.execute({"command": "screen_power", "mode": "on"})
    assert (first.accepted, first.changed) == (True, True)
    assert c.state.to_json()["power"] == {"mode": "on", "until": at(25, 6).timestamp()}
    assert not c.execute({"command": "screen_power", "mode": "on"}).changed
    again = Controller(lib, WallGeometry(), store, clock=clock, power=schedule())
    again.restore()
    assert again.state.power == c.state.power
    assert again.expire_power() is None
    clock.t = at(25, 6).timestamp()
    assert again.expire_power().changed and again.state.power is None
    assert again.expire_power() is None


def test_back_to_the_schedule_and_bad_modes(lib):
    c = Controller(lib, WallGeometry(), clock=Clock(at(24, 18).timestamp()), power=schedule())
    assert c.execute({"command": "screen_power", "mode": "off"}).changed
    assert c.state.power == {"mode": "off", "until": at(25, 6).timestamp()}
    assert c.execute({"command": "screen_power", "mode": "schedule"}).changed and c.state.power is None
    bad = c.execute({"command": "screen_power", "mode": "standby"})
    assert not bad.accepted and bad.reason.startswith("screen_power: mode: 'standby' is not one of")
    assert not c.execute({"command": "screen_power"}).accepted


def test_a_broken_saved_override_is_dropped_and_reported(lib, tmp_path: Path):
    store = StateStore(tmp_path / "state.json")
    store.save({"revision": 3, "layout": "tong-quan", "views": {}, "power": {"mode": "dim", "until": 1}})
    c = Controller(lib, WallGeometry(), store)
    c.restore()
    assert c.state.power is None
    assert any(p.path == "$.power" for p in c.problems)


# -- a critical alert at night --------------------------------------------------------------------------------------
def test_a_critical_alert_wakes_screens_off_on_the_schedule_until_it_turns_them_on(lib):
    c = Controller(lib, WallGeometry(), clock=Clock(at(25, 2).timestamp()), power=schedule())
    assert c.wake_for_alert("warning") is None  # a warning waits for the morning
    woken = c.wake_for_alert("critical")
    assert woken.accepted and woken.changed
    assert c.state.power == {"mode": "on", "until": at(25, 6).timestamp()}  # then the schedule again
    assert c.wake_for_alert("critical") is None  # on already: nothing to do


def test_a_critical_alert_wakes_screens_an_operator_switched_off(lib):
    c = Controller(lib, WallGeometry(), clock=Clock(at(24, 18).timestamp()), power=schedule())
    assert c.execute({"command": "screen_power", "mode": "off"}).changed
    assert c.wake_for_alert("critical").changed and c.state.power == {"mode": "on", "until": at(25, 6).timestamp()}
    always = Controller(lib, WallGeometry(), clock=Clock(at(24, 18).timestamp()))  # no schedule: off until ended
    assert always.execute({"command": "screen_power", "mode": "off"}).changed
    assert always.wake_for_alert("critical").changed and always.state.power is None  # on, for good


def test_a_schedule_can_say_a_critical_alert_leaves_the_screens_off(lib):
    quiet = parse_config({**BASE, "power": {**NIGHT, "wake_on_critical": False}}, "wall.json").power
    assert not quiet.wake_on_critical and schedule().wake_on_critical  # on by default
    c = Controller(lib, WallGeometry(), clock=Clock(at(25, 2).timestamp()), power=quiet)
    assert c.wake_for_alert("critical") is None and c.state.power is None
    assert problems_of({**NIGHT, "wake_on_critical": "yes"})  # a boolean, or the configuration is refused


def test_holidays_are_days_the_screens_do_not_come_on():
    """Tết 2027: Friday 5 to Wednesday 10 February off; the screens come on again on Thursday morning."""
    tet = schedule(holidays=["2027-02-05", "2027-02-08", "2027-02-09", "2027-02-10"])
    feb = lambda day, hh: datetime(2027, 2, day, hh, tzinfo=TZ)  # noqa: E731
    assert tet.is_on(feb(4, 12)) and not tet.is_on(feb(5, 12)) and not tet.is_on(feb(10, 12))
    assert tet.is_on(feb(6, 12))  # a Saturday not listed: this schedule has every day
    assert tet.next_on(feb(5, 12)) == feb(6, 6)
    status = power_status(tet, None, feb(8, 12))
    assert (status.state, status.next_change) == ("scheduled-off", feb(11, 6))
    assert tet.to_json()["holidays"] == ["2027-02-05", "2027-02-08", "2027-02-09", "2027-02-10"]
    # a whole fortnight of holidays still finds the next morning
    long = schedule(holidays=[f"2027-02-{d:02d}" for d in range(1, 15)])
    assert long.next_on(datetime(2027, 1, 31, 23, tzinfo=TZ)) == feb(15, 6)
    assert problems_of({**NIGHT, "holidays": ["2027-02-30"]}) == [
        "wall.json: $.power.holidays[0]: expected a date as YYYY-MM-DD, got '2027-02-30'"]


def test_holidays_on_the_only_day_of_a_weekly_schedule_push_the_next_on_by_weeks():
    mondays = schedule(days=["mon"], holidays=["2027-02-08", "2027-02-15", "2027-02-22"])
    assert mondays.next_on(datetime(2027, 2, 2, 12, tzinfo=TZ)) == datetime(2027, 3, 1, 6, tzinfo=TZ)
