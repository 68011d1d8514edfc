"""A faster start: what the wall does not load or wait for before its screens are painted.

- A wall whose layouts show no web page never loads QtWebEngine (a real wall process: the libraries it mapped).
"""

from __future__ import annotations

from pathlib import Path

from ..common import SHIPPED_LAYOUTS
from ..wallproc import READY, WallProcess


def mapped(pid: int) -> str:
    return Path(f"/proc/{pid}/maps").read_text()


def test_a_wall_without_web_pages_never_loads_qtwebengine(tmp_path):
    wall = WallProcess("--demo", "--state-dir", str(tmp_path / "state"), "--layouts-dir", str(SHIPPED_LAYOUTS),
                       "--layout", "tong-quan")
    try:
        wall.wait_for(READY, 60)
        wall.wait_for("indicator store:", 60)  # its data running too
        libs = mapped(wall.proc.pid)
        assert "libQt6Widgets" in libs  # the check reads the right thing
        assert "WebEngine" not in libs
    finally:
        wall.stop()
