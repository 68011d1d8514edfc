"""The source benchmark's quick mode runs in CI, so it cannot break unseen; its hard limits hold even at the small
sizes (the speed goals are for the full run, on a quiet machine: docs/performance.md)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_bench_sources_quick_prints_one_line_within_its_limits():
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    out = subprocess.run([sys.executable, "benchmarks/bench_sources.py", "--quick"], cwd=ROOT, env=env,
                         capture_output=True, text=True, timeout=240)
    assert out.returncode == 0, out.stderr[-2000:]
    lines = [ln for ln in out.stdout.splitlines() if ln.startswith("{")]
    assert len(lines) == 1, out.stdout
    figures = json.loads(lines[0])
    for key in ("json_values_per_s", "jsonstat_values_per_s", "csv_values_per_s", "xlsx_rows_per_s"):
        assert figures[key] > 0
    assert figures["fetches"] >= 12 and figures["fetch_over_deadline_s_max"] <= 1.0  # every fetch ends in time
    assert figures["peak_memory_ratio_10mb"] <= 5
