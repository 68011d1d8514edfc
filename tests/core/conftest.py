"""The Qt-free tests: run on their own (``pytest tests/core``, as scripts/test.sh does, with tests/core/pytest.ini)
they run in a process where importing Qt fails, so a Qt import anywhere in the core or in these tests fails them."""

from __future__ import annotations

from ..conftest import layouts_dir, server  # noqa: F401 (tests/core/pytest.ini makes this folder the root)
from ..leakguard import register
from ..noqt import block_qt


def pytest_configure(config):
    register(config)  # as tests/conftest.py does: this folder is its own root when run on its own
    if not config.pluginmanager.has_plugin("pytest-qt"):  # not run beside the Qt tests in one process
        block_qt()
