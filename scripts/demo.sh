#!/usr/bin/env bash
# Installs everything (Debian packages as root, ./.venv) and runs the wall on demo data with the shipped layouts.
# On a machine with nine 1920x1080 monitors each gets one wall screen; with fewer, the whole wall is shown scaled
# in one window. Extra arguments go to ioc-wall (e.g. --layout hop).
#
# The install runs only when pyproject.toml or scripts/install.sh changed since the last one (a stamp in .venv),
# so a second start takes seconds. The control API listens on this PC only (127.0.0.1) and the wall advertises
# itself there only; to let consoles on other PCs reach it:
#
#   scripts/demo.sh --lan           (or IOC_WALL_DEMO_LAN=1 scripts/demo.sh)
set -euo pipefail
cd "$(dirname "$0")/.."

lan=${IOC_WALL_DEMO_LAN:-0}
args=()
for a in "$@"; do
  if [ "$a" = "--lan" ]; then lan=1; else args+=("$a"); fi
done

bash scripts/install.sh --if-changed

if [ "$lan" = 1 ]; then
  export IOC_WALL_API_BIND=${IOC_WALL_API_BIND:-0.0.0.0} IOC_WALL_ZEROCONF=${IOC_WALL_ZEROCONF:-all}
  echo "demo.sh: the control API is open to the LAN (every interface of this PC)" >&2
else
  export IOC_WALL_API_BIND=${IOC_WALL_API_BIND:-127.0.0.1} IOC_WALL_ZEROCONF=${IOC_WALL_ZEROCONF:-127.0.0.1}
  echo "demo.sh: the control API listens on this PC only (127.0.0.1); scripts/demo.sh --lan opens it to the LAN" >&2
fi
exec .venv/bin/ioc-wall --demo ${args[@]+"${args[@]}"}
