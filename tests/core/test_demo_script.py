"""scripts/demo.sh as a user runs it a second time: no install (the venv is up to date), nothing alarming printed,
the wall painted within seconds, its control API on this PC only."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import threading
import time
from pathlib import Path

import pytest

from ..wallproc import NINE_SCREENS
from .test_bench_quick import listening

ROOT = Path(__file__).resolve().parents[2]
STAMP = ROOT / ".venv" / ".ioc-wall-install-stamp"


def up_to_date() -> bool:
    """What scripts/install.sh --if-changed compares: the stamp it wrote after its last install."""
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes() + (ROOT / "scripts" / "install.sh").read_bytes())
    return STAMP.is_file() and STAMP.read_text().strip() == digest.hexdigest()


@pytest.fixture
def installed():
    if not up_to_date():
        pytest.skip("the venv was not installed by scripts/install.sh from this pyproject.toml (scripts/test.sh does)")


def test_install_if_changed_does_nothing_when_the_venv_is_up_to_date(installed):
    stamped = STAMP.stat().st_mtime_ns
    t0 = time.monotonic()
    out = subprocess.run(["bash", "scripts/install.sh", "--if-changed"], cwd=ROOT, capture_output=True, text=True,
                         timeout=60)
    assert (out.returncode, out.stdout, out.stderr) == (0, "", "")
    assert time.monotonic() - t0 < 2
    assert STAMP.stat().st_mtime_ns == stamped  # an install writes the stamp again


def test_the_demo_starts_in_seconds_quietly_on_this_pc_only(installed, tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("IOC_WALL_")}
    env.update(QT_QPA_PLATFORM=NINE_SCREENS, IOC_WALL_API_PORT="0")
    stamped = STAMP.stat().st_mtime_ns
    t0 = time.monotonic()
    proc = subprocess.Popen(["bash", "scripts/demo.sh", "--state-dir", str(tmp_path / "state")], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, encoding="utf-8")
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(proc.stdout), daemon=True)
    reader.start()
    try:
        while not any("wall ready" in ln for ln in list(lines)):
            assert proc.poll() is None, "".join(lines)
            assert time.monotonic() - t0 < 30, "".join(lines)
            time.sleep(0.05)
        ready_s = time.monotonic() - t0
        while not any("control API on" in ln for ln in list(lines)):  # served once the screens are painted
            assert proc.poll() is None, "".join(lines)
            assert time.monotonic() - t0 < 30, "".join(lines)
            time.sleep(0.05)
        text = "".join(lines)
        assert ready_s < 15, text  # about 3 s here
        assert STAMP.stat().st_mtime_ns == stamped, "the demo installed again"
        assert lines[0].startswith("demo.sh: the control API listens on this PC only (127.0.0.1); "
                                   "scripts/demo.sh --lan opens it to the LAN"), text
        assert "control API on https://127.0.0.1:" in text
        assert "!!" not in text and "pip" not in text.lower() and "Traceback" not in text
        assert set(listening(proc.pid)) == {"0100007F"}  # bash exec'd the wall: the same process
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(5)
        reader.join(5)
