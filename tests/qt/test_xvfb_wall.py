"""The wall on a real X server: Xvfb with nine RandR monitors, screenshots of the root window, a monitor
unplugged and plugged back while the wall runs."""

from __future__ import annotations

import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QImage

from ..common import ROOT, SHIPPED_LAYOUTS
from ..wallproc import READY, WallProcess

pytestmark = pytest.mark.xvfb

NAVY, PANEL = (0x0B, 0x14, 0x26), (0x12, 0x20, 0x3A)  # the wall's background and its panels
W, H = 1920, 1080
SCREENS = [(r, c) for r in range(3) for c in range(3)]
ARTIFACTS = ROOT / "artifacts"


def _need(*tools: str) -> None:
    missing = [t for t in tools if shutil.which(t) is None]
    if missing:
        pytest.skip(f"needs {', '.join(missing)} (installed by scripts/install.sh)")


class XServer:
    def __init__(self):
        _need("Xvfb", "xrandr", "xdpyinfo", "import", "xwininfo")
        self.display = next(f":{n}" for n in range(99, 199) if not Path(f"/tmp/.X11-unix/X{n}").exists()
                            and not Path(f"/tmp/.X{n}-lock").exists())
        self.proc = subprocess.Popen(["Xvfb", self.display, "-screen", "0", f"{3 * W}x{3 * H}x24", "-nolisten",
                                      "tcp", "-noreset"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 15
        while self.run("xdpyinfo", check=False).returncode != 0:
            if time.monotonic() > deadline or self.proc.poll() is not None:
                self.stop()
                raise RuntimeError(f"Xvfb {self.display} did not start")
            time.sleep(0.1)
        for r, c in SCREENS:
            self.add_monitor(r, c, "screen" if (r, c) == (0, 0) else "none")

    def run(self, *cmd: str, check: bool = True) -> subprocess.CompletedProcess:
        return subprocess.run([cmd[0], "-display", self.display, *cmd[1:]], capture_output=True, text=True,
                              timeout=30, check=check)

    def add_monitor(self, r: int, c: int, output: str = "none") -> None:
        self.run("xrandr", "--setmonitor", f"WALL{r * 3 + c}", f"{W}/508x{H}/286+{c * W}+{r * H}", output)

    def remove_monitor(self, r: int, c: int) -> None:
        self.run("xrandr", "--delmonitor", f"WALL{r * 3 + c}")

    def screenshot(self, name: str) -> QImage:
        ARTIFACTS.mkdir(exist_ok=True)
        path = ARTIFACTS / name
        self.run("import", "-window", "root", str(path))
        img = QImage(str(path))
        assert not img.isNull() and (img.width(), img.height()) == (3 * W, 3 * H)
        return img

    def top_level_geometries(self) -> list[str]:
        out = self.run("xwininfo", "-root", "-children").stdout
        return [line.split()[-2] for line in out.splitlines() if line.strip().startswith("0x")
                and line.split()[-2].count("x") == 1 and "+" in line.split()[-2]]

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


@pytest.fixture(scope="module")
def xserver():
    server = XServer()
    yield server
    server.stop()


@pytest.fixture
def wall_on(xserver, tmp_path):
    procs = []

    def start(*args: str) -> WallProcess:
        procs.append(WallProcess("--state-dir", str(tmp_path), "--layouts-dir", str(SHIPPED_LAYOUTS), *args,
                                 env={"DISPLAY": xserver.display, "QT_QPA_PLATFORM": "xcb"}))
        return procs[-1]

    yield start
    for p in procs:
        p.stop(signal.SIGKILL)


def screen_shows_its_region(img: QImage, r: int, c: int) -> bool:
    """The wall's dark blue (not black: the screen is driven) and a white title top-left."""
    x0, y0 = c * W, r * H
    samples = [QColor(img.pixel(x0 + x, y0 + y)).getRgb()[:3] for x, y in ((W // 2, 600), (W // 2, 60), (4, 600),
                                                                            (W - 4, H - 4))]
    navy = any(all(abs(a - b) <= 8 for a, b in zip(px, ref, strict=True)) for px in samples for ref in (NAVY, PANEL))
    text = sum(1 for y in range(y0 + 20, y0 + 160, 3) for x in range(x0 + 20, x0 + 900, 3)
               if min(QColor(img.pixel(x, y)).getRgb()[:3]) > 200)
    return navy and text > 150


def wait_until(check, timeout: float = 10.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.3)
    return check()


def test_nine_monitors_show_nine_screens_with_their_region_labels(xserver, wall_on):
    wall = wall_on("--layout", "tong-quan")
    assert "9 screens painted" in wall.wait_for(READY)
    assert wait_until(lambda: all(screen_shows_its_region(xserver.screenshot("xvfb-wall.png"), *s) for s in SCREENS))
    geometries = xserver.top_level_geometries()
    assert {f"{W}x{H}+{c * W}+{r * H}" for r, c in SCREENS} <= set(geometries), geometries


def test_a_monitor_unplugged_and_plugged_back_while_the_wall_runs(xserver, wall_on):
    wall = wall_on("--layout", "tong-quan")
    wall.wait_for(READY)
    xserver.remove_monitor(1, 1)
    try:
        wall.wait_for("wall outputs: screens mode, 8 window(s) for 8 monitor(s)")
        others = [s for s in SCREENS if s != (1, 1)]
        assert wait_until(lambda: all(screen_shows_its_region(xserver.screenshot("xvfb-unplugged.png"), *s)
                                      for s in others))
    finally:
        xserver.add_monitor(1, 1)
    wall.wait_for("wall outputs: screens mode, 9 window(s) for 9 monitor(s)")
    assert wait_until(lambda: screen_shows_its_region(xserver.screenshot("xvfb-replugged.png"), 1, 1))
    assert wall.proc.poll() is None
    assert wall.stop(signal.SIGTERM) == 0
