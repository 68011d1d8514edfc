"""A test that leaves threads, child processes or (Qt tests) shown top-level windows behind fails, naming them.

Registered once per pytest process by tests/conftest.py and tests/core/conftest.py (``register``). Each test is
compared with what there was before it: a snapshot at the start of its set-up, a check after its teardown (its
function-scoped fixtures ended, and the module's when it was the module's last test). What a wider-scoped fixture
(module, session) started while it was set up is that fixture's until the fixture ends, so a module-scoped wall or
server shared by a file's tests is not charged to the test that happened to set it up. Things left behind are given
up to ``GRACE_S`` to end (a thread finishing its last request, a process reaped) before the test fails.

A test that must leave something behind says so: ``@pytest.mark.leaves(reason="...")``."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

GRACE_S = 2.0

# threads a library starts once and keeps for the whole process, by the start of their name, with why
PROCESS_WIDE_THREADS = {
    # execnet's (pytest-xdist) channel to the controller: there before the first test, ended after the last
    "execnet": "pytest-xdist's own",
    # zeroconf runs one shared asyncio loop per process for every Zeroconf instance, started by the first
    "zeroconf": "zeroconf's process-wide event loop, shared by every instance, never stopped",
    # ioc_core.writer.shared(): one ordered writer per process for the state and the audit log, flushed at exit
    "ioc-writer": "the process-wide ordered writer (state and audit), one per process by design, flushed at exit",
    # wall.widgets.camera._SnapshotPoller: one pool of four for every snapshot camera, kept for the wall's life
    "snapshot_": "the wall's process-wide pool of snapshot fetchers",
    # wall.widgets.framepump: the camera frame workers, alive while any camera is shown (a module-scoped wall may
    # still show one when a test ends); they end with the last camera (tests/qt/test_camera_frames.py)
    "camera-frames": "the wall's frame workers, kept while a camera is shown",
}
# child processes a library keeps for the whole process, by their /proc comm name, with why
PROCESS_WIDE_CHILDREN = {
    # QtWebEngine's zygote and its renderers: started with the first page, ended when the QApplication ends
    "QtWebEngineProc": "QtWebEngine's renderer processes belong to the QApplication, which lives for the session",
}


def threads() -> dict[object, str]:
    """Python threads alive, by identity. Threads Python did not start (Qt's, media libraries') show up only as
    "Dummy" threads once they run Python code and cannot be told apart from a pool's idle ones: not counted."""
    out = {}
    for t in threading.enumerate():
        if isinstance(t, threading._DummyThread) or t is threading.main_thread():  # noqa: SLF001
            continue
        if t.name.startswith(tuple(PROCESS_WIDE_THREADS)):
            continue
        out[("thread", t.ident, id(t))] = f"thread {t.name!r} ({'daemon' if t.daemon else 'non-daemon'}, " \
                                          f"target {getattr(t, '_target', None)!r})"
    return out


def children() -> dict[object, str]:
    """This process's child processes (Linux: /proc/self/task/*/children), with their command line."""
    out = {}
    for task in Path("/proc/self/task").glob("*/children"):
        try:
            pids = task.read_text().split()
        except OSError:  # the thread ended meanwhile
            continue
        for pid in pids:
            try:
                comm = Path(f"/proc/{pid}/comm").read_text().strip()
                state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
                cmd = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            except OSError:  # ended and reaped meanwhile
                continue
            if comm in PROCESS_WIDE_CHILDREN:
                continue
            what = "exited, never reaped (no wait())" if state == "Z" else "running"
            out[("process", int(pid))] = f"process {pid} {comm!r} {what}: {cmd[:160].strip()}"
    return out


class LeakGuard:
    def __init__(self):
        # probes: name -> () -> {key: description}; tests/qt/conftest.py adds the top-level widgets
        self.probes: dict[str, Callable[[], dict[object, str]]] = {"threads": threads, "children": children}
        self.before: dict[object, str] = {}
        self.owned: list[tuple[object, set]] = []  # (a wider-scoped FixtureDef, what its set-up started)

    def snapshot(self) -> dict[object, str]:
        out = {}
        for probe in self.probes.values():
            out.update(probe())
        return out

    @pytest.hookimpl(wrapper=True)
    def pytest_fixture_setup(self, fixturedef, request):
        if fixturedef.scope == "function":
            return (yield)
        before = self.snapshot()
        try:
            return (yield)
        finally:
            started = set(self.snapshot()) - set(before)
            if started:
                self.owned.append((fixturedef, started))

    def allowed(self) -> set:
        """What still-active wider-scoped fixtures started."""
        self.owned = [(fd, keys) for fd, keys in self.owned if fd.cached_result is not None]
        return set().union(*(keys for _, keys in self.owned))

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtest_setup(self, item):
        self.before = self.snapshot()

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_teardown(self, item, nextitem):
        result = yield  # a teardown that failed is reported as it is, not as a leak
        marker = item.get_closest_marker("leaves")
        if marker is not None:
            return result
        deadline = time.monotonic() + GRACE_S
        while True:
            now = self.snapshot()
            left = {k: v for k, v in now.items() if k not in self.before and k not in self.allowed()}
            if not left or time.monotonic() > deadline:
                break
            time.sleep(0.05)  # polling: the deadline above bounds it
        if left:
            pytest.fail("the test left behind (end what it starts, or mark it "
                        "@pytest.mark.leaves(reason=...)):\n  " + "\n  ".join(sorted(left.values())), pytrace=False)
        return result


GUARD_NAME = "ioc-leakguard"


def register(config) -> LeakGuard:
    """The guard, registered once in this pytest process (both conftests call this)."""
    guard = config.pluginmanager.get_plugin(GUARD_NAME)
    if guard is None:
        guard = LeakGuard()
        config.pluginmanager.register(guard, GUARD_NAME)
        config.addinivalue_line("markers", "leaves(reason): the test leaves something behind on purpose (the "
                                "reason says what and why); tests/leakguard.py does not fail it")
    return guard
