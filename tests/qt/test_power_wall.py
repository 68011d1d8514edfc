"""Scheduled screen power on screens: the runtime switching monitors and painting black, DPMS through Xlib, and a
real wall on Xvfb's nine monitors that is off on its schedule, woken by the operator's command, and healthy."""

from __future__ import annotations

import ctypes
import json
import signal
import time
from datetime import datetime, timedelta

import pytest
from PySide6.QtCore import QObject
from PySide6.QtGui import QColor, QImage

from ioc_core.control.controller import Controller
from ioc_core.control.power_plan import DAYS
from ioc_core.fmt import TZ
from ioc_core.layouts import LayoutLibrary
from ioc_core.setup.geometry import WallGeometry
from ioc_core.setup.wall_config import WallConfig, parse_config
from wall.runtime import screen_power as runtime_power
from wall.runtime.screen_power import Blank, ScreenPower, X11Dpms

from ..common import SHIPPED_LAYOUTS, Clock
from ..fakeservers import ScriptedServer
from ..wallproc import READY, WallApi, WallProcess
from .test_runtime import NAVY, close_to, wall  # noqa: F401 (the runtime fixture)
from .test_xvfb_wall import SCREENS, H, W, screen_shows_its_region, wait_until, xserver  # noqa: F401

BASE = {"schema_version": 1, "screens": {"rows": 3, "cols": 3, "width_px": 1920, "height_px": 1080}}


def night(**over) -> dict:
    return {"off": "22:00", "on": "06:00", **over}


def off_now() -> dict:
    """A schedule that has the screens off now (from an hour ago to an hour from now)."""
    now = datetime.now(TZ)
    return {"off": (now - timedelta(hours=1)).strftime("%H:%M"), "on": (now + timedelta(hours=1)).strftime("%H:%M")}


def at(day: int, hh: int) -> datetime:
    return datetime(2026, 11, day, hh, tzinfo=TZ)


class Screens(QObject):
    """The runtime as the power follower sees it: screens that show black or the wall."""

    def __init__(self):
        super().__init__()
        self.blanked: list[bool] = []

    def set_blanked(self, on: bool) -> None:
        self.blanked.append(on)


class Monitors:
    method = "fake"

    def __init__(self, works: bool = True):
        self.calls: list[str] = []
        self.asleep = False
        self.works = works

    def off(self) -> bool:
        self.calls.append("off")
        self.asleep = self.works
        return self.works

    def on(self) -> bool:
        self.calls.append("on")
        self.asleep = False
        return self.works

    def is_off(self) -> bool:
        return self.asleep

    def close(self) -> None:
        self.calls.append("close")


@pytest.fixture
def follower(qapp):
    made = []

    def make(start: datetime, monitors=None, **schedule):
        clock = Clock(start.timestamp())
        sched = parse_config({**BASE, "power": night(**schedule)}, "wall.json").power
        controller = Controller(LayoutLibrary.load_dir(SHIPPED_LAYOUTS), WallGeometry(), clock=clock, power=sched)
        screens = Screens()
        p = ScreenPower(screens, controller, sched, monitors or Monitors(),
                        clock=lambda: datetime.fromtimestamp(clock.t, TZ))
        p.start()
        made.append((p, screens))
        return p, screens, controller, clock

    yield make
    for p, screens in made:
        p._timer.stop()
        screens.deleteLater()


# -- following the schedule ---------------------------------------------------------------------------------------
def test_the_night_switches_the_monitors_off_and_the_morning_on(follower):
    p, screens, controller, clock = follower(at(24, 21))
    assert (screens.blanked, p.backend.calls) == ([], [])  # on in the evening: nothing touched
    clock.t = at(24, 22).timestamp()
    p._tick()
    assert (screens.blanked, p.backend.calls) == ([True], ["off"])
    assert p.health() == {"state": "scheduled-off", "screens_on": False, "method": "fake",
                          "since": "2026-11-24T22:00:00+07:00", "next_change": "2026-11-25T06:00:00+07:00",
                          "schedule": {"on": "06:00", "off": "22:00", "days": list(DAYS),
                                       "wake_on_critical": True},
                          "override": None}
    clock.t = at(25, 6).timestamp()
    p._tick()
    assert (screens.blanked, p.backend.calls) == ([True, False], ["off", "on"])
    assert p.health()["state"] == "on"


def test_the_operator_wakes_the_wall_at_night_and_it_returns_to_its_schedule(follower):
    p, screens, controller, clock = follower(at(25, 2))
    assert p.health()["state"] == "scheduled-off"
    assert controller.execute({"command": "screen_power", "mode": "on"}).changed
    assert (screens.blanked, p.backend.calls) == ([True, False], ["off", "on"])  # at once, not at the next tick
    h = p.health()
    assert (h["state"], h["next_change"]) == ("override-on", "2026-11-25T22:00:00+07:00")
    assert h["override"] == {"mode": "on", "until": at(25, 6).timestamp()}
    clock.t = at(25, 6).timestamp()
    p._tick()
    assert controller.state.power is None and p.health()["state"] == "on"  # the override ended by itself
    assert p.backend.calls == ["off", "on"]  # ... with no flicker
    clock.t = at(25, 22).timestamp()
    p._tick()
    assert p.health()["state"] == "scheduled-off" and p.backend.calls[-1] == "off"


def test_monitors_woken_by_a_touch_go_back_to_sleep(follower):
    p, screens, controller, clock = follower(at(25, 2))
    p.backend.asleep = False  # someone moved the mouse: the X server woke the monitors
    for _ in range(runtime_power.RECHECK_EVERY_S):
        p._tick()
    assert p.backend.calls == ["off", "off"]


def test_monitors_that_cannot_be_switched_leave_the_black_picture(follower, caplog):
    p, screens, controller, clock = follower(at(25, 2), Monitors(works=False))
    assert screens.blanked == [True]
    assert p.health()["method"] == "blank"
    assert "monitors could not be switched off by fake" in caplog.text


def test_a_restarted_wall_wakes_monitors_left_asleep_in_the_day_and_leaves_them_asleep_at_night(follower):
    asleep = Monitors()
    asleep.asleep = True  # the wall before crashed at night, its monitors off
    day, _, _, _ = follower(at(25, 9), asleep)
    assert (day.backend.calls, day.backend.asleep) == (["on"], False)
    asleep = Monitors()
    asleep.asleep = True
    night_, _, _, _ = follower(at(25, 3), asleep)
    assert night_.backend.calls == ["off"]  # never woken on the way: no flash at night


def test_a_closing_wall_leaves_its_monitors_on(follower):
    p, screens, controller, clock = follower(at(25, 2))
    monitors = p.backend
    p.stop()
    assert monitors.calls == ["off", "on", "close"]


# -- DPMS through Xlib --------------------------------------------------------------------------------------------
class FakeXext:
    def __init__(self, level: int, enabled: bool):
        self.level, self.enabled, self.calls = level, enabled, []

    def DPMSInfo(self, display, level, state):  # noqa: N802 (Xlib's names)
        level._obj.value, state._obj.value = self.level, self.enabled
        return 1

    def DPMSEnable(self, display):  # noqa: N802
        self.calls.append("enable")
        self.enabled = True

    def DPMSDisable(self, display):  # noqa: N802
        self.calls.append("disable")
        self.enabled = False

    def DPMSForceLevel(self, display, level):  # noqa: N802
        self.calls.append(f"force {level}")
        self.level = level


class FakeX11:
    def XSetErrorHandler(self, handler):  # noqa: N802
        return None

    def XSync(self, display, discard):  # noqa: N802
        return 1

    def XCloseDisplay(self, display):  # noqa: N802
        return 0


def test_dpms_disabled_on_the_server_is_enabled_only_while_the_screens_are_off():
    xext = FakeXext(X11Dpms.ON, enabled=False)
    dpms = X11Dpms(FakeX11(), xext, ctypes.c_void_p(1))
    assert dpms.off() and dpms.is_off()
    assert dpms.on() and not dpms.is_off()
    assert xext.calls == ["enable", "force 3", "force 0", "disable"]


def test_dpms_enabled_on_the_server_is_left_enabled():
    xext = FakeXext(X11Dpms.ON, enabled=True)
    dpms = X11Dpms(FakeX11(), xext, ctypes.c_void_p(1))
    assert dpms.off() and dpms.on() and dpms.on()
    assert xext.calls == ["force 3", "force 0"]


def test_without_a_display_there_is_no_dpms_and_offscreen_screens_paint_black_only():
    assert X11Dpms.open(":nonexistent-display") is None
    assert isinstance(runtime_power.pick_backend("offscreen"), Blank)
    assert isinstance(runtime_power.pick_backend("wayland"), Blank)


# -- a runtime on nine offscreen screens ----------------------------------------------------------------------------
def black(img: QImage, x0: int = 0, y0: int = 0) -> bool:
    return all(max(QColor(img.pixel(x0 + x, y0 + y)).getRgb()[:3]) < 8
               for x in range(10, W, 190) for y in range(10, H, 107))


def test_screens_off_paint_black_keep_painting_and_show_the_current_picture_when_on(wall):  # noqa: F811
    config = WallConfig(power=parse_config({**BASE, "power": off_now()}, "wall.json").power)
    w = wall(config=config)
    w.controller.power = config.power  # as app.py gives the controller the configuration's schedule
    assert w.runtime.power.health()["state"] == "scheduled-off"
    assert w.runtime.power.health()["method"] == "blank"  # offscreen: no monitors to put to sleep
    w.qtbot.waitUntil(lambda: all(black(w.grab_screen(*s)) for s in [(0, 0), (1, 1), (2, 2)]))
    view = w.runtime.screen_views()[(1, 1)]
    before = view.paint_count
    w.do(command="show_view", region="giaoduc", view={"kind": "clock"})  # the wall follows commands while off
    w.qtbot.waitUntil(lambda: view.paint_count > before)  # ... and its screens repaint, black: working, not stuck
    assert black(w.grab_screen(1, 1))
    w.do(command="screen_power", mode="on")
    assert w.runtime.power.health()["state"] == "override-on"
    w.qtbot.waitUntil(lambda: close_to(QColor(w.grab_screen(1, 1).pixel(960, 600)), NAVY, 12), timeout=3000)
    w.do(command="screen_power", mode="schedule")
    w.qtbot.waitUntil(lambda: black(w.grab_screen(1, 1)))


# -- a real wall on Xvfb's nine monitors ----------------------------------------------------------------------------
def screen_black(img: QImage, r: int, c: int) -> bool:
    return black(img, c * W, r * H)


def every_screen(server, check, name: str) -> bool:
    """One screenshot of the root window, every screen checked on it."""
    img = server.screenshot(name)
    return all(check(img, *s) for s in SCREENS)


@pytest.mark.xvfb
def test_a_wall_off_on_its_schedule_is_black_healthy_and_woken_by_the_operator(xserver, tmp_path):  # noqa: F811
    extensions = xserver.run("xdpyinfo").stdout
    has_dpms = "DPMS" in extensions.split("number of extensions:", 1)[1].split("default screen", 1)[0]
    dpms = X11Dpms.open(xserver.display)
    assert (dpms is not None) == has_dpms  # Debian 12's Xvfb has no DPMS (not even with +extension DPMS)
    if dpms is not None:
        dpms.close()
    config = tmp_path / "wall.json"
    config.write_text(json.dumps({**BASE, "power": off_now()}), encoding="utf-8")
    state_dir = tmp_path / "state"
    proc = WallProcess("--state-dir", str(state_dir), "--layouts-dir", str(SHIPPED_LAYOUTS), "--layout", "tong-quan",
                       "--config", str(config), env={"DISPLAY": xserver.display, "QT_QPA_PLATFORM": "xcb"})
    try:
        proc.wait_for(READY)
        wall = WallApi(proc, state_dir)
        assert "screens off (scheduled-off)" in proc.wait_for("screens off")
        assert wait_until(lambda: every_screen(xserver, screen_black, "power-off.png"))
        if has_dpms:
            assert "Monitor is Off" in xserver.run("xset", "q").stdout
        health = wall.call("GET", "/health", "viewer").json()
        assert health["power"]["state"] == "scheduled-off" and not health["power"]["screens_on"]
        assert health["power"]["method"] == ("dpms" if has_dpms else "blank")
        assert all(n > 0 for n in health["painted"].values())  # painted (black): working, not stuck

        r = wall.command(command="screen_power", mode="on")
        assert r.status_code == 200 and r.json()["changed"], r.text
        assert wait_until(lambda: every_screen(xserver, screen_shows_its_region, "power-woken.png"))
        health = wall.call("GET", "/health", "viewer").json()
        assert health["power"]["state"] == "override-on" and health["power"]["screens_on"]
        assert wall.state()["power"]["mode"] == "on"
        assert wall.command(command="screen_power", mode="schedule").status_code == 200
        assert wait_until(lambda: screen_black(xserver.screenshot("power-back.png"), 1, 1))
    finally:
        assert proc.stop(signal.SIGTERM) == 0


def test_a_critical_alert_wakes_a_wall_off_on_its_schedule(tmp_path):
    """Night in the IOC, the screens off on their schedule: the late files of the one-stop shop cross the critical
    line, and the room on duty sees it without anyone touching the console."""
    server = ScriptedServer()
    today = datetime.now(TZ).strftime("%d/%m/%Y")
    backlog = {"n": 120}
    server.routes["/mot-cua"] = lambda _q: (200, {"content": [{"date": today, "boSung": backlog["n"]}]})
    sources = tmp_path / "sources.json"
    sources.write_text(json.dumps({"schema_version": 1, "sources": [{
        "id": "mot-cua", "kind": "http_json", "every_s": 2, "url": server.url + "/mot-cua",
        "mapping": {"records": "content", "period": "date", "period_format": "%d/%m/%Y",
                    "values": {"hcc-ho-so-bo-sung": "boSung"}}}]}), encoding="utf-8")
    config = tmp_path / "wall.json"
    config.write_text(json.dumps({**BASE, "power": off_now()}), encoding="utf-8")
    state_dir = tmp_path / "state"
    proc = WallProcess("--state-dir", str(state_dir), "--layouts-dir", str(SHIPPED_LAYOUTS), "--layout", "tong-quan",
                       "--config", str(config), "--sources", str(sources))
    try:
        proc.wait_for(READY)
        wall = WallApi(proc, state_dir)
        proc.wait_for("screens off")
        assert wait_until(lambda: wall.call("GET", "/health", "viewer").json()["sources"].get(
            "mot-cua", {}).get("state") == "ok")
        assert wall.call("GET", "/health", "viewer").json()["power"]["state"] == "scheduled-off"  # all clear: off
        dark = wall.state()["screen_power"]  # what a console shows over its preview: dark, and back on when
        assert (dark["on"], dark["state"]) == (False, "scheduled-off") and dark["next_change"] > time.time()
        backlog["n"] = 520  # over the critical line (400)
        assert "the screens, which were off, are switched on" in proc.wait_for("switched on", 30)
        power = wall.call("GET", "/health", "viewer").json()["power"]
        assert power["state"] == "override-on" and power["screens_on"]
        assert wall.state()["power"]["mode"] == "on"  # as an operator's "on": the console shows it and can end it
        assert wall.state()["screen_power"]["on"] and wall.state()["screen_power"]["state"] == "override-on"
        alert = next(a for a in wall.call("GET", "/alerts", "viewer").json()["alerts"]
                     if a["indicator"] == "hcc-ho-so-bo-sung")
        assert alert["severity"] == "critical"
    finally:
        proc.stop(signal.SIGKILL)
        server.close()
