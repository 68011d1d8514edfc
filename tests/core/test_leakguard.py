"""The leak guard (tests/leakguard.py) on a small suite of its own, run by pytest in a child process: a test that
leaves a thread or a child process behind fails naming it; what a module-scoped fixture started is not charged to
the test that set it up; a test marked ``leaves`` is let be."""

from __future__ import annotations

import subprocess
import sys
import textwrap

from ..common import ROOT

CONFTEST = f"""
import sys
sys.path.insert(0, {str(ROOT)!r})
from tests.leakguard import register


def pytest_configure(config):
    register(config)
"""

SUITE = """
import subprocess, sys, threading
import pytest

stop = threading.Event()


@pytest.fixture(scope="module")
def shared():
    t = threading.Thread(target=stop.wait, name="shared-by-the-module")
    t.start()
    yield
    stop.set()
    t.join()


def test_one_uses_the_shared_thread(shared):
    pass


def test_two_uses_it_too(shared):
    pass


def test_leaves_a_thread():
    threading.Thread(target=stop.wait, name="forgotten-worker", daemon=True).start()


def test_leaves_a_process():
    subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])


def test_ends_what_it_starts():
    p = subprocess.Popen([sys.executable, "-c", "pass"])
    p.wait()
    t = threading.Thread(target=lambda: None, name="short")
    t.start()
    t.join()


@pytest.mark.leaves(reason="on purpose, to show the marker")
def test_marked():
    threading.Thread(target=stop.wait, name="marked-worker", daemon=True).start()


def test_last():
    stop.set()
"""


def test_the_guard_fails_the_tests_that_leave_threads_or_processes_and_only_those(tmp_path):
    (tmp_path / "conftest.py").write_text(CONFTEST)
    (tmp_path / "test_suite.py").write_text(textwrap.dedent(SUITE))
    out = subprocess.run([sys.executable, "-m", "pytest", "-q", "-rE", "-p", "no:cacheprovider", "-p", "no:xdist",
                          "-p", "no:pytest-qt", "-p", "no:randomly", "test_suite.py"], cwd=tmp_path,
                         capture_output=True, text=True, timeout=120)
    text = out.stdout + out.stderr
    assert out.returncode == 1, text
    errors = sorted(line.split("::")[1].split(" ")[0] for line in text.splitlines() if line.startswith("ERROR "))
    assert errors == ["test_leaves_a_process", "test_leaves_a_thread"], text
    assert "thread 'forgotten-worker' (daemon" in text
    assert "python" in text and "running: " in text and "time.sleep(30)" in text
    assert "shared-by-the-module" not in text and "marked-worker" not in text
    assert "7 passed, 2 errors" in text
    # the process the inner suite left behind outlives it (adopted by init): ended here
    for line in text.splitlines():
        if "time.sleep(30)" in line and "process " in line:
            pid = int(line.split("process ", 1)[1].split()[0])
            subprocess.run(["kill", str(pid)], check=False)
