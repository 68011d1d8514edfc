#!/usr/bin/env bash
# Installs everything (Debian packages as root, ./.venv) and runs the whole test suite headless.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
.venv/bin/ruff check .
.venv/bin/lint-imports  # the Qt-free core never imports Qt (pyproject.toml [tool.importlinter])
exec .venv/bin/python -m pytest "$@"
