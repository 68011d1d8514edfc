#!/usr/bin/env bash
# Installs the IOC Wall kiosk for the current user: the systemd user service (and its retry timer), the session
# script and its autostart entry, and an environment file to fill in. Run it again at any time: it changes only
# what differs. `install.sh --uninstall` removes what it installed (the environment file is kept).
#
#   bash deploy/linux/install.sh [--exec PATH-TO-ioc-wall] [--uninstall]
#
# The wall needs the graphical session of the user logged in at the wall PC (auto-login), so the service is not
# lingering: it starts with that session and stops with it.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
CONFIG="${XDG_CONFIG_HOME:-$HOME/.config}"
UNITS="$CONFIG/systemd/user"
AUTOSTART="$CONFIG/autostart"
BIN="$HOME/.local/bin"
ENV_FILE="$CONFIG/ioc-wall/wall.env"

usage() { sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; }

EXEC=""
UNINSTALL=0
while [ $# -gt 0 ]; do
    case "$1" in
        --exec) EXEC="${2:?--exec needs the path of ioc-wall}"; shift 2 ;;
        --uninstall) UNINSTALL=1; shift ;;
        -h|--help) usage; exit 0 ;;
        *) echo "unknown option: $1" >&2; usage >&2; exit 2 ;;
    esac
done

if [ "$(id -u)" -eq 0 ]; then
    echo "note: installing for root; the wall is meant to run as the kiosk user logged in at the wall PC" >&2
fi

# put: write $2 (text) to $1 unless it already holds exactly that; say which
put() {
    local path="$1" text="$2" mode="${3:-644}"
    mkdir -p "$(dirname "$path")"
    if [ -f "$path" ] && [ "$(cat "$path")" = "$text" ]; then
        echo "unchanged  $path"
    else
        printf '%s\n' "$text" > "$path"
        echo "written    $path"
    fi
    chmod "$mode" "$path"
}

remove() {
    if [ -e "$1" ]; then rm -f "$1"; echo "removed    $1"; else echo "absent     $1"; fi
}

user_systemctl() {
    if ! systemctl --user "$@"; then
        echo "warning: 'systemctl --user $*' failed (no user session bus here?); run it again from the" \
             "wall user's desktop session" >&2
    fi
}

if [ "$UNINSTALL" -eq 1 ]; then
    user_systemctl disable --now ioc-wall.service
    user_systemctl stop ioc-wall-retry.timer
    remove "$UNITS/ioc-wall.service"
    remove "$UNITS/ioc-wall-retry.timer"
    remove "$AUTOSTART/ioc-wall-session.desktop"
    remove "$BIN/ioc-wall-session"
    user_systemctl daemon-reload
    echo "kept       $ENV_FILE (the wall's settings; delete it by hand if unwanted)"
    exit 0
fi

if [ -z "$EXEC" ]; then
    if [ -x "$ROOT/.venv/bin/ioc-wall" ]; then
        EXEC="$ROOT/.venv/bin/ioc-wall"
    else
        EXEC="$(command -v ioc-wall || true)"
    fi
fi
if [ -z "$EXEC" ] || [ ! -x "$EXEC" ]; then
    echo "ioc-wall not found: run scripts/install.sh first, or pass --exec /path/to/ioc-wall" >&2
    exit 1
fi
EXEC="$(cd "$(dirname "$EXEC")" && pwd)/$(basename "$EXEC")"
echo "wall program: $EXEC"

sed_text() { printf '%s' "$1" | sed 's/[\\|&]/\\&/g'; }  # a path as sed replacement text
unit="$(sed "s|@IOC_WALL@|$(sed_text "$EXEC")|" "$HERE/ioc-wall.service")"
put "$UNITS/ioc-wall.service" "$unit"
put "$UNITS/ioc-wall-retry.timer" "$(cat "$HERE/ioc-wall-retry.timer")"
put "$BIN/ioc-wall-session" "$(cat "$HERE/ioc-wall-session.sh")" 755
put "$AUTOSTART/ioc-wall-session.desktop" "$(sed "s|@SESSION_SCRIPT@|$(sed_text "$BIN/ioc-wall-session")|" \
    "$HERE/ioc-wall-session.desktop")"
if [ -f "$ENV_FILE" ]; then
    echo "kept       $ENV_FILE"
else
    put "$ENV_FILE" "# IOC Wall settings for the user service (KEY=value; restart: systemctl --user restart ioc-wall)
#IOC_WALL_NAME=ioc-wall-1
#IOC_WALL_LANG=vi
#IOC_WALL_API_BIND=0.0.0.0
#IOC_WALL_API_PORT=8765
#IOC_WALL_LOG=INFO
#IOC_WALL_ARGS=--config $CONFIG/ioc-wall/wall.json --sources $CONFIG/ioc-wall/sources.json" 600
fi

user_systemctl daemon-reload
user_systemctl enable ioc-wall.service
echo "done: the wall starts with the next graphical login of $(id -un) (now: systemctl --user start ioc-wall)"
echo "logs: journalctl --user -u ioc-wall -p warning"
