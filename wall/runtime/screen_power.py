"""The screens' power (Qt): follows the schedule and the operator's override (ioc_core/control/power_plan.py) once a
second.

Switched off, every screen paints black (nothing of the wall shows, nothing burns in) and the monitors are put to
sleep where the system allows it: DPMS on X11, the monitor-power message on Windows; elsewhere (offscreen, Wayland,
a display without DPMS) the black picture is all. The wall keeps its state, its views and its data flowing, and its
screens keep painting (black): switched on, they show the current picture at once. Scheduled off is a state of its
own in the health route, never a failure.
"""

from __future__ import annotations

import ctypes
import logging
import sys
from datetime import datetime

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QGuiApplication

from ioc_core import fmt
from ioc_core.control.power_plan import PowerSchedule, PowerStatus, power_status
from ioc_core.observers import Listeners

log = logging.getLogger(__name__)

RECHECK_EVERY_S = 30  # how often the monitors' own power state is checked against what it should be


class Blank:
    """No control of the monitors: the black picture alone."""

    method = "blank"

    def off(self) -> bool:
        return True

    def on(self) -> bool:
        return True

    def is_off(self) -> bool | None:
        return None  # unknown

    def close(self) -> None:
        pass


def _lib(*names: str) -> ctypes.CDLL:
    for name in names:  # by file name: ctypes.util.find_library would run ldconfig
        try:
            return ctypes.CDLL(name)
        except OSError:
            continue
    raise OSError(f"none of {', '.join(names)}")


class X11Dpms:
    """DPMS through libX11 and libXext, on a display connection of its own. A server with DPMS disabled (xset -dpms)
    has it enabled only while the screens are off, and disabled again when they come back."""

    method = "dpms"
    ON, OFF = 0, 3  # DPMSModeOn, DPMSModeOff
    _HANDLER = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_void_p)

    def __init__(self, x11, xext, display):
        self.x11, self.xext, self.display = x11, xext, display
        self.enabled_by_us = False
        self._errors = 0
        self._handler = self._HANDLER(self._on_error)  # kept: X calls it through this pointer

    @classmethod
    def open(cls, display_name: str | None = None) -> X11Dpms | None:
        """The display's DPMS, or None when there is none (no libraries, no display, no extension, not capable)."""
        try:
            x11, xext = _lib("libX11.so.6", "libX11.so"), _lib("libXext.so.6", "libXext.so")
        except OSError:
            return None
        vp, c_int, p_int = ctypes.c_void_p, ctypes.c_int, ctypes.POINTER(ctypes.c_int)
        for lib, name, res, args in (
            (x11, "XOpenDisplay", vp, [ctypes.c_char_p]), (x11, "XCloseDisplay", c_int, [vp]),
            (x11, "XSync", c_int, [vp, c_int]), (x11, "XSetErrorHandler", vp, [vp]),
            (xext, "DPMSQueryExtension", c_int, [vp, p_int, p_int]), (xext, "DPMSCapable", c_int, [vp]),
            (xext, "DPMSInfo", c_int, [vp, ctypes.POINTER(ctypes.c_ushort), ctypes.POINTER(ctypes.c_ubyte)]),
            (xext, "DPMSForceLevel", c_int, [vp, ctypes.c_ushort]), (xext, "DPMSEnable", c_int, [vp]),
            (xext, "DPMSDisable", c_int, [vp]),
        ):
            fn = getattr(lib, name)
            fn.restype, fn.argtypes = res, args
        display = x11.XOpenDisplay(display_name.encode() if display_name else None)
        if not display:
            return None
        event_base, error_base = c_int(), c_int()
        if not (xext.DPMSQueryExtension(display, ctypes.byref(event_base), ctypes.byref(error_base))
                and xext.DPMSCapable(display)):
            x11.XCloseDisplay(display)
            return None
        return cls(x11, xext, display)

    def _on_error(self, _display, _event) -> int:
        self._errors += 1
        return 0

    def _checked(self, *calls) -> bool:
        """Runs the calls with X errors counted instead of ending the process (Xlib's default); False on any."""
        self._errors = 0
        previous = self.x11.XSetErrorHandler(ctypes.cast(self._handler, ctypes.c_void_p))
        try:
            for call in calls:
                call()
            self.x11.XSync(self.display, 0)
        finally:
            self.x11.XSetErrorHandler(previous)
        return self._errors == 0

    def info(self) -> tuple[int, bool] | None:
        """(power level, DPMS enabled), or None when the server does not say."""
        level, state = ctypes.c_ushort(), ctypes.c_ubyte()
        if not self.xext.DPMSInfo(self.display, ctypes.byref(level), ctypes.byref(state)):
            return None
        return level.value, bool(state.value)

    def off(self) -> bool:
        info = self.info()
        if info is None:
            return False
        calls = [lambda: self.xext.DPMSForceLevel(self.display, self.OFF)]
        if not info[1]:
            calls.insert(0, lambda: self.xext.DPMSEnable(self.display))
            self.enabled_by_us = True
        return self._checked(*calls)

    def on(self) -> bool:
        info = self.info()
        if info is None:
            return False
        calls = []
        if info[1] and info[0] != self.ON:
            calls.append(lambda: self.xext.DPMSForceLevel(self.display, self.ON))
        if self.enabled_by_us:
            calls.append(lambda: self.xext.DPMSDisable(self.display))
            self.enabled_by_us = False
        return self._checked(*calls)

    def is_off(self) -> bool | None:
        info = self.info()
        return None if info is None else info[1] and info[0] != self.ON

    def close(self) -> None:
        if self.display:
            self.x11.XCloseDisplay(self.display)
            self.display = None


class WindowsMonitors:
    """The monitor-power system command, posted to every top-level window (posted: a hung window cannot block the
    wall); a zero mouse move wakes the monitors where the command alone does not (Windows 8 and later)."""

    method = "windows"
    HWND_BROADCAST, WM_SYSCOMMAND, SC_MONITORPOWER, MOUSEEVENTF_MOVE = 0xFFFF, 0x0112, 0xF170, 0x0001

    def __init__(self):
        self.user32 = ctypes.WinDLL("user32")
        self.user32.PostMessageW.argtypes = [ctypes.c_void_p, ctypes.c_uint, ctypes.c_size_t, ctypes.c_ssize_t]
        self.user32.PostMessageW.restype = ctypes.c_int

    def _post(self, level: int) -> bool:
        return bool(self.user32.PostMessageW(self.HWND_BROADCAST, self.WM_SYSCOMMAND, self.SC_MONITORPOWER, level))

    def off(self) -> bool:
        return self._post(2)

    def on(self) -> bool:
        self.user32.mouse_event(self.MOUSEEVENTF_MOVE, 0, 0, 0, 0)
        return self._post(-1)

    def is_off(self) -> bool | None:
        return None

    def close(self) -> None:
        pass


def pick_backend(platform: str | None = None):
    """How this machine's monitors are put to sleep: DPMS on an X11 display that has it, the Windows command, or
    the black picture alone."""
    platform = platform if platform is not None else QGuiApplication.platformName()
    if platform == "xcb":
        return X11Dpms.open() or Blank()
    if platform == "windows" and sys.platform == "win32":
        return WindowsMonitors()
    return Blank()


class ScreenPower(QObject):
    """Switches the wall's screens off and on as the schedule and the operator's override say (the controller's
    ``power``); ``health()`` tells the control API what the screens are doing and why."""

    def __init__(self, runtime, controller, schedule: PowerSchedule | None, backend=None, clock=fmt.now):
        super().__init__(runtime)
        self.runtime, self.controller, self.schedule = runtime, controller, schedule
        self.backend = backend
        self.clock = clock
        self.status = PowerStatus("on", None)  # what the screens are doing now: the wall starts on
        self.since: datetime = clock()
        self._ticks = 0
        self._timer = QTimer(self, interval=1000)
        self._timer.timeout.connect(self._tick)
        self.changes = Listeners("screen power")  # screens() when what the screens do changes (consoles are told)
        controller.subscribe(lambda _state: self.follow())

    def start(self) -> None:
        if self.backend is None:
            self.backend = pick_backend()
        log.info("screen power: %s; monitors switched by %s",
                 "schedule " + _schedule_text(self.schedule) if self.schedule else "no schedule (always on)",
                 self.backend.method)
        self.follow()
        self._sync_monitors()  # a wall restarted in the day after a crash at night finds its monitors asleep
        self._timer.start()

    def stop(self) -> None:
        """The wall is closing: the monitors are left on (a technician at the PC needs to see)."""
        self._timer.stop()
        if self.backend is not None:
            if not self.status.screens_on:
                self.backend.on()
            self.backend.close()

    def _tick(self) -> None:
        self.controller.expire_power()  # its state change calls follow()
        self.follow()
        self._ticks += 1
        if self._ticks % RECHECK_EVERY_S == 0:
            self._sync_monitors()

    def follow(self) -> None:
        if self.backend is None:  # not started yet
            return
        now = self.clock()
        status = power_status(self.schedule, self.controller.state.power, now)
        if status.screens_on != self.status.screens_on:
            self._switch(status.screens_on)
        changed = status != self.status
        if status.state != self.status.state:
            self.since = now
            log.info("screens %s (%s)%s", "on" if status.screens_on else "off", status.state,
                     f", next change {fmt.moment(status.next_change)}" if status.next_change else "")
        self.status = status
        if changed:
            self.changes.emit(self.screens())

    def screens(self) -> dict:
        """What the screens do now, for consoles: ``{"on", "state", "next_change"}`` (epoch seconds or None), so
        an operator knows the wall is dark while its preview shows the picture it keeps painting."""
        nxt = self.status.next_change
        return {"on": self.status.screens_on, "state": self.status.state,
                "next_change": nxt.timestamp() if nxt else None}

    def _switch(self, on: bool) -> None:
        if on:
            ok = self.backend.on()
            self.runtime.set_blanked(False)  # the current picture at once
        else:
            self.runtime.set_blanked(True)
            ok = self.backend.off()
        if not ok:
            log.error("monitors could not be switched %s by %s; the screens show black only from now on",
                      "on" if on else "off", self.backend.method)
            self.backend.close()
            self.backend = Blank()

    def _sync_monitors(self) -> None:
        """Monitors woken by a touch of the mouse while the wall is off are put back to sleep; monitors asleep while
        the wall is on (left so, or put there by the desktop) are woken. A wall without a schedule or an override
        leaves the monitors to the desktop."""
        if self.schedule is None and self.controller.state.power is None and self.status.state == "on":
            return
        off = self.backend.is_off()
        if off is None or off != self.status.screens_on:
            return
        log.warning("monitors found %s while the wall is %s: switched %s", "off" if off else "on", self.status.state,
                    "on" if off else "off")
        ok = self.backend.on() if off else self.backend.off()
        if not ok:
            log.error("monitors could not be switched by %s", self.backend.method)

    def health(self) -> dict:
        """For the health route: what the screens do and why. ``state`` is on, scheduled-off, override-on or
        override-off; an intended off is not a failure (the screens keep painting, black)."""
        nxt = self.status.next_change
        return {
            "state": self.status.state,
            "screens_on": self.status.screens_on,
            "method": self.backend.method if self.backend is not None else None,
            "since": self.since.isoformat(timespec="seconds"),
            "next_change": nxt.isoformat(timespec="seconds") if nxt else None,
            "schedule": self.schedule.to_json() if self.schedule else None,
            "override": self.controller.state.power,
        }


def _schedule_text(s: PowerSchedule) -> str:
    doc = s.to_json()
    return f"on {doc['on']} off {doc['off']} days {','.join(doc['days'])}" + (
        "" if s.wake_on_critical else " (a critical alert does not wake the screens)")
