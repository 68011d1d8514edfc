"""Wall benchmark on nine offscreen 1920x1080 screens; prints one JSON line of figures.

    .venv/bin/python benchmarks/bench_wall.py [--starts 5] [--switches 200]
    .venv/bin/python benchmarks/bench_wall.py --quick   # one start, 12 switches, for CI
    .venv/bin/python benchmarks/bench_wall.py --switches 0   # the starts (and their floor) alone

- start_s: process start (just before spawning ``python -m wall``) to the wall's "wall ready: 9 screens painted"
  line, median of --starts runs (start_s_max: the slowest);
- the wall's modules are compiled to bytecode first (``compileall``), as an installed wall's are: where
  PYTHONDONTWRITEBYTECODE is set (a developer's shell, some CI) every start would otherwise compile ~0.15 s of
  source that a deployed wall never compiles; the floor has none to compile;
- floor_s and start_ratio: the floor, measured the same way in the same run (one before each start): a process that
  only creates nine empty frameless windows on the nine screens and paints each once (raw Qt, same QPA
  configuration), median of --starts runs; start_ratio is start_s / floor_s, which compares across machines;
- switch_ms_p50/p95: in one process, from the apply_layout command to every screen under a changed region having
  repainted, over the first 50 switches cycling through the shipped layouts, the runtime alone (views that need
  data are their cards: what the runtime, the screens and the paint cost);
- demo_switch_ms_p50/p95: the same on the whole demo wall built in this process (data, view models, charts,
  cameras), up to 30 switches a second apart (what a switch leaves for after its picture done in between, as
  between an operator's commands): what an operator's switch costs on a wall showing figures;
- rss_mb_after_10/200 and rss_growth_mb: resident memory after 10 and after all switches, each read once the
  wall has come to rest (Linux /proc).
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.common import end_children_with_me, end_process, machine, percentile, quick_arg, rss_mb  # noqa: E402
from tests.wallproc import API_DEFAULTS  # noqa: E402 (the API and zeroconf on 127.0.0.1 only)

LAYOUTS = ROOT / "layouts"
CYCLE = ["tong-quan", "hop", "camera", "khan-cap", "tap-trung-hcc"]
os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={ROOT / 'tests' / 'nine-screens.json'}"


def compile_bytecode() -> None:
    """The wall's own modules as an installed wall has them: compiled once (what pip does at install)."""
    import compileall

    for package in ("wall", "ioc_core"):
        compileall.compile_dir(ROOT / package, quiet=1)


def _time_to_line(argv: list[str], env: dict, ready, what: str, timeout: float) -> float:
    """Seconds from spawning ``argv`` to the first stderr line ``ready(line)`` accepts (it may raise SystemExit for
    a line that says something went wrong); the process is ended either way."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(argv, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        for line in proc.stderr:
            if ready(line):
                return time.perf_counter() - t0
            if time.perf_counter() - t0 > timeout:
                break
        raise SystemExit(f"{what} within {timeout} s")
    finally:
        end_process(proc)


def measure_start(timeout: float = 30.0) -> float:
    with tempfile.TemporaryDirectory() as state:
        return _time_to_line([sys.executable, "-m", "wall", "--layout", "tong-quan", "--state-dir", state,
                              "--layouts-dir", str(LAYOUTS)], {**os.environ, **API_DEFAULTS},
                             lambda line: "wall ready: 9 screens painted" in line,
                             "the wall did not report 9 painted screens", timeout)


# Raw Qt, nothing of the wall: nine empty frameless windows, one on each screen, each painted once.
FLOOR = """
import sys
from PySide6.QtCore import Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QApplication, QWidget

app = QApplication(sys.argv[:1])
pending = set()

class Screen(QWidget):
    def paintEvent(self, event):
        QPainter(self).fillRect(self.rect(), Qt.GlobalColor.black)
        if self in pending:
            pending.discard(self)
            if not pending:
                print("floor: screens painted", len(windows), file=sys.stderr, flush=True)

windows = []
for screen in app.screens():
    w = Screen(None, Qt.WindowType.FramelessWindowHint)
    w.setGeometry(screen.geometry())
    windows.append(w)
pending.update(windows)
for w in windows:
    w.show()
app.exec()
"""


def measure_floor(timeout: float = 30.0) -> float:
    """Spawning the raw-Qt floor to its nine windows painted, timed as ``measure_start`` times the wall."""

    def painted(line: str) -> bool:
        if not line.startswith("floor: screens painted"):
            return False
        if line.split()[-1] != "9":
            raise SystemExit(f"the floor found {line.split()[-1]} screens, not 9")
        return True

    return _time_to_line([sys.executable, "-c", FLOOR], dict(os.environ), painted,
                         "the floor did not paint its windows", timeout)


class SwitchBench:
    """Layout switches in this process. ``demo=False``: the runtime alone, without data (every view that needs
    data is its card): what the runtime, the screens and the paint cost. ``demo=True``: the whole demo wall
    (build_wall with --demo: its data, alert book, view models, charts, cameras that find no stream): what an
    operator's switch costs on a wall showing figures."""

    def __init__(self, demo: bool = False):
        from PySide6.QtWidgets import QApplication

        from wall.app import build_controller, parse_args
        from wall.runtime.runtime import WallRuntime

        self.app = QApplication.instance() or QApplication([])
        self.state = tempfile.TemporaryDirectory()
        argv = ["--state-dir", self.state.name, "--layouts-dir", str(LAYOUTS), "--layout", CYCLE[0]]
        self.wall = None
        if demo:
            from wall.assembly import build_wall

            args = parse_args([*argv, "--demo", "--no-api", "--zeroconf", "off"])
            self.wall = build_wall(args, self.app)
            self.wall.start()
            self.controller, self.runtime = self.wall.controller, self.wall.runtime
        else:
            args = parse_args(argv)
            self.controller, config, problems = build_controller(args)
            self.runtime = WallRuntime(self.controller, config, problems)
            self.runtime.start()
        self.views = self.runtime.screen_views()
        self._wait(lambda: all(v.paint_count for v in self.views.values()))
        if demo:  # the demo's first figures in, the charts built: the wall as an operator finds it
            self.rest(3.0)

    def rest(self, seconds: float) -> None:
        rest = time.perf_counter() + seconds
        while time.perf_counter() < rest:
            self.app.processEvents()
            time.sleep(0.002)

    def close(self) -> None:
        if self.wall is not None:
            self.wall.stop()

    def _wait(self, done, timeout: float = 5.0) -> None:
        deadline = time.perf_counter() + timeout
        while not done():
            if time.perf_counter() > deadline:
                raise SystemExit("screens did not repaint within 5 s after a layout switch")
            self.app.processEvents()

    def switch(self, layout: str) -> float:
        before = {s: v.paint_count for s, v in self.views.items()}
        t0 = time.perf_counter()
        result = self.controller.execute({"command": "apply_layout", "layout": layout})
        if not result.changed:
            raise SystemExit(f"switch to {layout} changed nothing")
        must = self.runtime.changed_screens()
        self._wait(lambda: all(self.views[s].paint_count > before[s] for s in must))
        return (time.perf_counter() - t0) * 1000

    def settle(self) -> None:
        """Let the wall come to rest, as it does between an operator's commands (its memory trim included)."""
        from PySide6.QtCore import QCoreApplication, QEvent

        from wall.runtime.runtime import TRIM_AFTER_MS

        gc.collect()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        rest = time.perf_counter() + TRIM_AFTER_MS / 1000 + 0.3
        while time.perf_counter() < rest:
            self.app.processEvents()
            time.sleep(0.01)




def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--starts", type=int, default=5)
    p.add_argument("--switches", type=int, default=200)
    quick_arg(p)
    args = p.parse_args()
    end_children_with_me()
    if args.quick:
        args.starts, args.switches = 1, 12

    compile_bytecode()
    floors, starts = [], []
    for _ in range(args.starts):  # interleaved, so both see the same machine
        floors.append(measure_floor())
        starts.append(measure_start())
    figures = {
        "quick": args.quick,
        "screens": 9,
        "start_s": round(statistics.median(starts), 3),
        "start_s_max": round(max(starts), 3),
        "floor_s": round(statistics.median(floors), 3),
        "start_ratio": round(statistics.median(starts) / statistics.median(floors), 2),
    }
    if args.switches <= 0:  # --switches 0: the start alone
        print(json.dumps({**figures, **machine()}))
        return
    bench = SwitchBench()
    times, rss10 = [], None
    for i in range(args.switches):
        times.append(bench.switch(CYCLE[(i + 1) % len(CYCLE)]))
        if i + 1 == 10:
            bench.settle()
            rss10 = rss_mb()
    bench.settle()
    rss_end = rss_mb()
    first = times[:50]

    bench.close()
    demo = SwitchBench(demo=True)
    real = []
    for i in range(min(args.switches, 30)):
        real.append(demo.switch(CYCLE[(i + 1) % len(CYCLE)]))
        demo.rest(0.2 if args.quick else 1.0)  # an operator's switches are seconds apart: what a switch left is done
    demo.close()

    print(json.dumps({
        **figures,
        "switches": len(first),
        "switch_ms_p50": round(percentile(first, 50), 1),
        "switch_ms_p95": round(percentile(first, 95), 1),
        "switch_ms_max": round(max(first), 1),
        "demo_switches": len(real),
        "demo_switch_ms_p50": round(percentile(real, 50), 1),
        "demo_switch_ms_p95": round(percentile(real, 95), 1),
        "demo_switch_ms_max": round(max(real), 1),
        "rss_mb_after_10": round(rss10, 1),
        f"rss_mb_after_{args.switches}": round(rss_end, 1),
        "rss_growth_mb": round(rss_end - rss10, 1),
        **machine(),
    }))


if __name__ == "__main__":
    main()
