#!/usr/bin/env bash
# Installs everything (Debian packages as root, ./.venv) and runs the wall on demo data with the shipped layouts.
# On a machine with nine 1920x1080 monitors each gets one wall screen; with fewer, the whole wall is shown scaled
# in one window. Extra arguments go to ioc-wall (e.g. --layout hop).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
exec .venv/bin/ioc-wall --demo "$@"
