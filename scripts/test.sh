#!/usr/bin/env bash
# Installs everything (Debian packages as root, ./.venv) and runs the whole test suite headless.
#   scripts/test.sh            lint, the import contracts, the Qt-free tests (where Qt cannot load), the Qt tests
#   scripts/test.sh ARGS...    lint and contracts, then pytest ARGS (one file, -k, ...)
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
.venv/bin/ruff check .
.venv/bin/lint-imports  # the Qt-free core never imports Qt (pyproject.toml [tool.importlinter])
if [ $# -gt 0 ]; then
    exec .venv/bin/python -m pytest "$@"
fi
# parallel where safe, a test file on one worker (its module-scoped wall): each worker is its own process (its own QApplication); every test binds ephemeral ports on
# 127.0.0.1 and its own temporary folders
workers="${IOC_WALL_TEST_WORKERS:-3}"
status=0
# the Qt-free tests in processes where importing Qt fails (tests/core/pytest.ini, tests/core/conftest.py)
.venv/bin/python -m pytest tests/core -n "$workers" --dist loadfile || status=$?
.venv/bin/python -m pytest tests/qt -n "$workers" --dist loadfile || status=$?
exit $status
