"""The Qt-free tests: run on their own (``pytest tests/core``, as scripts/test.sh does, with tests/core/pytest.ini)
they run in a process where importing Qt fails, so a Qt import anywhere in the core or in these tests fails them."""

from __future__ import annotations

from ..conftest import layouts_dir, server, small_disk  # noqa: F401 (tests/core/pytest.ini makes this folder the root)
from ..leakguard import register
from ..noqt import block_qt


def pytest_configure(config):
    register(config)  # as tests/conftest.py does: this folder is its own root when run on its own
    config.option.loadscopereorder = False  # pytest-xdist's controller: LONGEST_FIRST's order, not the biggest first
    if not config.pluginmanager.has_plugin("pytest-qt"):  # not run beside the Qt tests in one process
        block_qt()


# The longest files first, each on a worker of its own from the start (scripts/test.sh: -n 3 --dist loadfile), and
# the rest spread behind them; by default pytest-xdist queues the files with the most tests first, which put the
# one-test soak (two and a half minutes) last, on its own after everything else: ~40 s more. The fourth is short:
# the scheduler sends the soak's worker one more file at the start, which waits for the soak to end.
LONGEST_FIRST = ("test_soak.py", "test_openapi_fuzz.py", "test_faults.py", "test_bench_quick.py", "test_clock.py",
                 "test_watchdog.py", "test_app.py")


def pytest_collection_modifyitems(config, items):
    first = {name: n for n, name in enumerate(LONGEST_FIRST)}
    items.sort(key=lambda item: first.get(item.path.name, len(first)))  # stable: the rest keep their order
