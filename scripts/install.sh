#!/usr/bin/env bash
# Installs everything IOC Wall needs on a Debian/Ubuntu machine into ./.venv.
# As root it installs the Debian packages Qt needs; otherwise it prints the exact apt line and stops
# if any of them is missing.
#
#   bash scripts/install.sh               # check and install everything (CI, scripts/test.sh)
#   bash scripts/install.sh --if-changed  # nothing to do when .venv was installed by this script from the same
#                                         # pyproject.toml and install.sh (scripts/demo.sh: a start in seconds)
set -euo pipefail
cd "$(dirname "$0")/.."

# what the installed .venv was made from: when it matches, --if-changed skips everything below
STAMP=.venv/.ioc-wall-install-stamp
stamp() { cat pyproject.toml scripts/install.sh | sha256sum | cut -d' ' -f1; }
if [ "${1:-}" = "--if-changed" ] && [ -x .venv/bin/ioc-wall ] && [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$(stamp)" ]
then
  exit 0
fi

DEB_PACKAGES=(
  # Qt's xcb platform, OpenGL/EGL and fonts
  libxcb-icccm4 libxcb-keysyms1 libxcb-cursor0 libxkbcommon-x11-0 libxcb-image0 libxcb-render-util0
  libxcb-randr0 libxcb-shape0 libxcb-xfixes0 libxcb-xkb1 libx11-xcb1 libegl1 libgl1 libgl1-mesa-dri
  libglib2.0-0 libdbus-1-3 libfontconfig1 fonts-dejavu-core libnss3 libxcomposite1 libxdamage1
  libxrandr2 libxtst6 libxkbfile1 libgbm1 libasound2 libpulse0
  # Vietnamese text: a sans font with full Vietnamese coverage
  fonts-noto-core
  # a real X server with RandR monitors for the screenshot test, and screenshots
  xvfb xauth x11-xserver-utils x11-utils imagemagick
  # a real RTSP camera for the camera tests: GStreamer's RTSP server, run by Debian's own python3
  # (tests/rtspserver.py: python3-gi is not in the venv)
  python3-gi gir1.2-gst-rtsp-server-1.0 gstreamer1.0-plugins-good gstreamer1.0-plugins-base
  # the share page for remote meeting rooms, rendered in a real browser by the tests
  chromium
  # the message broker between the hub and the walls (Eclipse Mosquitto; the tests start their own)
  mosquitto
  python3-venv
)

missing=()
for p in "${DEB_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  if [ "$(id -u)" = 0 ]; then
    echo "install.sh: installing Debian packages: ${missing[*]}" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "install.sh: these Debian packages are missing; install them with:" >&2
    echo "  sudo apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
fi

# Prefer Python 3.12+ (PySide6 6.12's None refcount bug cannot bite there); pyproject pins a safe
# PySide6 for 3.11 otherwise.
pick_python() {
  local v p
  for v in python3.12 python3.13; do
    p=$(command -v "$v" 2>/dev/null) && "$p" -c 'import venv' 2>/dev/null && { echo "$p"; return; }
  done
  if command -v pyenv >/dev/null; then
    for v in $(pyenv versions --bare 2>/dev/null | grep -E '^3\.1[23]\.[0-9]+$' | sort -V); do
      p="$(pyenv root)/versions/$v/bin/python3"
      [ -x "$p" ] && { echo "$p"; return; }
    done
  fi
  command -v python3
}
PY=${IOC_WALL_PYTHON:-$(pick_python)}

if [ ! -x .venv/bin/python ]; then
  echo "install.sh: creating .venv with $("$PY" --version)" >&2
  "$PY" -m venv .venv
fi
.venv/bin/python -m pip install -q --upgrade pip >/dev/null
.venv/bin/python -m pip install -q -e '.[test]'
stamp >"$STAMP"
