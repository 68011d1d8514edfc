"""Layout editor benchmark; prints one JSON line of figures.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_editor.py
    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_editor.py --quick   # 30 steps, 5 saves, for CI

- drag_step_ms_p50/p99 (shipped) and (dense): one mouse move while a region is dragged, as the editor handles it
  (the cell under the pointer found, the document with the region moved made, and checked with the wall's loader),
  on the shipped 6 x 6 overview layout and on a dense 48 x 48 grid of 144 regions (the schema's largest grid). A
  step under 16 ms keeps the drag at the screen's frame rate.
- save_ms_p50/max, save_apply_ms_p50/max: PUT /api/v1/layouts/{id} to a real wall process (nine offscreen
  1920x1080 screens), from the request leaving to the answer back: the layout checked, written atomically with
  the replaced version kept, and (apply) shown on the wall; 50 saves each, alternating two titles, once the wall
  has run 5 s (its views built and its first data in).
- first_save_after_start_ms: one save sent as soon as the wall says it is ready. The demo wall's GUI thread is
  still busy for about half a second then: at its first start it fills 400 days of history (13,409 values) after
  the first paint (wall/app.py start_data; a real wall only counts its stored values there), and anything that
  needs that thread waits: a GET /state at that moment takes as long. (Before the saves were moved off the GUI
  thread, the GET of the layout this benchmark sends first went through the GUI thread and took that wait, so the
  saves after it did not show it.)
"""

from __future__ import annotations

import argparse
import json
import shutil
import signal
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QPointF  # noqa: E402 (after the path is set)
from PySide6.QtWidgets import QApplication  # noqa: E402

from benchmarks.common import end_children_with_me, machine, percentile, quick_arg  # noqa: E402
from operator_console.layout_editor import LayoutEditor, check  # noqa: E402
from tests.wallproc import NINE_SCREENS, READY, WallApi, WallProcess  # noqa: E402


def dense() -> dict:
    regions = [{"id": f"r{r}-{c}", "cell": [r * 4, c * 4], "span": [4, 4], "view": {"kind": "clock"}}
               for r in range(12) for c in range(12)]
    return {"schema_version": 2, "id": "day-dac", "title": {"vi": "Dày đặc"}, "grid": {"rows": 48, "cols": 48},
            "regions": regions}


def drag_steps(editor: LayoutEditor, doc: dict, n: int = 300) -> list[float]:
    editor.set_doc(doc)
    canvas = editor.canvas
    reg = doc["regions"][0]
    canvas._drag = {"mode": "move", "index": 0, "start": tuple(reg["cell"])}
    times = []
    for i in range(n):
        target = canvas.cell_rect(reg["cell"][0], (i % 3) + reg["cell"][1]).center()
        t = time.perf_counter()
        canvas._follow(QPointF(target))
        times.append((time.perf_counter() - t) * 1000)
    canvas._drag = None
    assert check(doc) == ([], check(doc)[1])
    return times


def saves(wall: WallApi, apply: bool, n: int = 50) -> list[float]:
    doc = wall.call("GET", "/layouts/khan-cap", "viewer").json()
    layout, revision = doc["layout"], doc["revision"]
    times = []
    for i in range(n):
        layout["title"]["vi"] = f"Khẩn cấp {i % 2}"
        t = time.perf_counter()
        r = wall.call("PUT", "/layouts/khan-cap", "technician",
                      json={"layout": layout, "base_revision": revision, "apply": apply})
        times.append((time.perf_counter() - t) * 1000)
        assert r.status_code == 200, r.text
        revision = r.json()["revision"]
    return times


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    quick_arg(ap)
    args = ap.parse_args()
    end_children_with_me()
    steps, n_saves, rest = (30, 5, 1.0) if args.quick else (300, 50, 5.0)
    app = QApplication.instance() or QApplication([])
    editor = LayoutEditor(None, lambda fn, done: None)  # no wall: the drag is measured alone
    editor.resize(1600, 900)
    editor.show()
    app.processEvents()
    shipped = json.loads((ROOT / "layouts" / "tong-quan.json").read_text(encoding="utf-8"))
    shipped_steps = drag_steps(editor, shipped, steps)
    dense_steps = drag_steps(editor, dense(), steps)
    editor.stack.setClean()
    editor.close()

    folder = Path(tempfile.mkdtemp())
    proc = None
    try:
        shutil.copytree(ROOT / "layouts", folder / "layouts")
        proc = WallProcess("--demo", "--state-dir", str(folder / "state"), "--layouts-dir", str(folder / "layouts"),
                           "--layout", "tong-quan", env={"QT_QPA_PLATFORM": NINE_SCREENS})
        proc.wait_for(READY, timeout=60)
        wall = WallApi(proc, folder / "state")
        first = saves(wall, apply=False, n=1)[0]
        time.sleep(rest)
        save = saves(wall, apply=False, n=n_saves)
        save_apply = saves(wall, apply=True, n=n_saves)
    finally:
        if proc is not None:
            proc.stop(signal.SIGKILL)
        shutil.rmtree(folder, ignore_errors=True)
    print(json.dumps({
        "quick": args.quick,
        "drag_step_ms_p50_shipped": round(percentile(shipped_steps, 50), 2),
        "drag_step_ms_p99_shipped": round(percentile(shipped_steps, 99), 2),
        "drag_step_ms_p50_dense": round(percentile(dense_steps, 50), 2),
        "drag_step_ms_p99_dense": round(percentile(dense_steps, 99), 2),
        "save_ms_p50": round(percentile(save, 50), 1), "save_ms_max": round(max(save), 1),
        "first_save_after_start_ms": round(first, 1),
        "save_apply_ms_p50": round(percentile(save_apply, 50), 1), "save_apply_ms_max": round(max(save_apply), 1),
        **machine()}, ensure_ascii=False))


if __name__ == "__main__":
    main()
