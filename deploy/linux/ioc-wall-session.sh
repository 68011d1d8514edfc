#!/usr/bin/env bash
# Run at login by the autostart entry ioc-wall-session.desktop (installed by deploy/linux/install.sh):
# the session never blanks, locks or suspends on its own, then the wall's user service starts in it.
# The wall switches its screens off and on itself when the configuration has a "power" schedule (DPMS), so
# DPMS stays enabled here, only without idle timeouts.

if [ -n "${DISPLAY:-}" ] && command -v xset >/dev/null 2>&1; then
    xset s off          # no X screen saver
    xset s noblank      # ... and no blanking
    xset dpms 0 0 0     # no DPMS idle timeouts; DPMS itself stays usable for the wall's schedule
fi

if command -v gsettings >/dev/null 2>&1; then  # GNOME (X11 or Wayland): no idle, no lock, no suspend
    setting() { gsettings writable "$1" "$2" >/dev/null 2>&1 && gsettings set "$1" "$2" "$3"; }
    setting org.gnome.desktop.session idle-delay 0
    setting org.gnome.desktop.screensaver lock-enabled false
    setting org.gnome.settings-daemon.plugins.power idle-dim false
    setting org.gnome.settings-daemon.plugins.power sleep-inactive-ac-type "'nothing'"
fi

# desktops that do not start graphical-session.target still start the wall, with this session's display
if command -v systemctl >/dev/null 2>&1; then
    systemctl --user import-environment DISPLAY XAUTHORITY WAYLAND_DISPLAY 2>/dev/null
    systemctl --user start ioc-wall.service
fi
exit 0
