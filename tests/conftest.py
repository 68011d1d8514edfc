"""Fixtures every test may use; nothing here imports Qt (tests/core runs where Qt cannot load, tests/qt/conftest.py
sets Qt up)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from .common import NINE_SCREENS, SHIPPED_LAYOUTS

# Qt aborts the whole process without a platform; nine screens like the real wall (for this process's Qt and for
# the walls the tests start)
os.environ.setdefault("QT_QPA_PLATFORM", NINE_SCREENS)


@pytest.fixture
def layouts_dir(tmp_path: Path) -> Path:
    """A writable copy of the shipped layouts."""
    out = tmp_path / "layouts"
    shutil.copytree(SHIPPED_LAYOUTS, out)
    return out


@pytest.fixture
def server():
    """A scripted HTTP server on 127.0.0.1 (tests/fakeservers.py)."""
    from .fakeservers import ScriptedServer

    s = ScriptedServer()
    yield s
    s.close()


@pytest.fixture
def small_disk(tmp_path):
    """A 3 MB file system: a real 'No space left on device' (tmpfs needs root, as on the CI machines)."""
    mount = tmp_path / "disk"
    mount.mkdir()
    r = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", str(mount)], capture_output=True,
                       text=True)
    if r.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here: {r.stderr.strip()}")
    yield mount
    subprocess.run(["umount", "-l", str(mount)], check=False)


def pytest_configure(config):
    from .leakguard import register

    register(config)  # a test that leaves threads or child processes behind fails (tests/leakguard.py)
