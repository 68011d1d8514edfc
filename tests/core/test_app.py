"""The real ``ioc-wall`` program: starts on nine screens, survives bad files, returns to its picture."""

from __future__ import annotations

import json
import signal
from pathlib import Path

import pytest

from ioc_core.control.controller import Controller
from ioc_core.control.saved_state import StateStore
from ioc_core.layouts import LayoutLibrary

from ..common import SHIPPED_LAYOUTS
from ..wallproc import READY, WallProcess


@pytest.fixture
def run(tmp_path: Path):
    procs: list[WallProcess] = []

    def start(*args: str) -> WallProcess:
        procs.append(WallProcess("--state-dir", str(tmp_path / "state"), "--layouts-dir", str(SHIPPED_LAYOUTS),
                                 *args))
        return procs[-1]

    yield start
    for p in procs:
        p.stop(signal.SIGKILL)


def test_demo_starts_on_nine_screens_and_stops_cleanly_on_sigterm(run):
    wall = run("--demo")
    assert "9 screens painted" in wall.wait_for(READY)
    assert "wall outputs: screens mode, 9 window(s) for 9 monitor(s)" in wall.log
    assert "showing layout 'tong-quan' at revision 0" in wall.log
    assert wall.stop(signal.SIGTERM) == 0


def test_returns_to_the_same_picture_after_a_crash(run, tmp_path: Path):
    state = tmp_path / "state" / "state.json"
    before = Controller(LayoutLibrary.load_dir(SHIPPED_LAYOUTS), store=StateStore(state))
    before.execute({"command": "apply_layout", "layout": "khan-cap"})
    before.execute({"command": "blackout", "screen": [0, 2]})

    first = run()
    first.wait_for(READY)
    assert "showing layout 'khan-cap' at revision 2 (6 regions, 1 screens blacked out)" in first.log
    first.stop(signal.SIGKILL)  # a crash: no chance to save anything on the way out

    second = run()
    second.wait_for(READY)
    assert "showing layout 'khan-cap' at revision 2" in second.log


def test_corrupt_saved_state_is_set_aside_and_the_wall_starts_on_the_default(run, tmp_path: Path):
    state = tmp_path / "state" / "state.json"
    state.parent.mkdir()
    state.write_bytes(b"\x00\x00 torn write")
    wall = run()
    wall.wait_for(READY)
    assert "showing layout 'tong-quan' at revision 0" in wall.log
    kept = list(state.parent.glob("state.json.corrupt-*"))
    assert [k.read_bytes() for k in kept] == [b"\x00\x00 torn write"]
    assert "is unusable" in wall.log


def test_malformed_configuration_is_reported_and_the_wall_runs_on_defaults(run, tmp_path: Path):
    cfg = tmp_path / "wall.json"
    cfg.write_text('{"schema_version": 1, "screens": {"rows": 3,, }}', encoding="utf-8")
    wall = run("--config", str(cfg))
    assert "9 screens painted" in wall.wait_for(READY)
    assert f"wall configuration unusable, using built-in defaults: {cfg}: malformed JSON at line 1" in wall.log


def test_configuration_naming_absent_monitors(run, tmp_path: Path):
    cfg = tmp_path / "wall.json"
    outputs = [{"monitor": f"WALL{i}", "cell": [i // 3, i % 3]} for i in range(8)] + [
        {"monitor": "DP-9", "cell": [2, 2]}]
    cfg.write_text(json.dumps({"schema_version": 1, "outputs": outputs, "screens": {
        "rows": 3, "cols": 3, "width_px": 1920, "height_px": 1080}}), encoding="utf-8")
    wall = run("--config", str(cfg))
    assert "8 screens painted" in wall.wait_for(READY)
    assert f"{cfg}: $.outputs[8].monitor: monitor 'DP-9' is not connected" in wall.log


def test_unknown_start_layout_is_reported_and_the_saved_picture_kept(run):
    wall = run("--layout", "khong-co")
    wall.wait_for(READY)
    assert ("--layout: unknown layout 'khong-co' (available: camera, hop, khan-cap, tap-trung-hcc, tong-quan, van-hanh)"
            in wall.log)
    assert "showing layout 'tong-quan'" in wall.log


def test_demo_fills_the_indicator_store_after_the_screens_are_painted(run, tmp_path: Path):
    wall = run("--demo")
    wall.wait_for(READY)
    line = wall.wait_for("indicator store:")
    assert line.endswith("values stored, 11 sources")
    assert int(line.split("indicator store: ")[1].split()[0]) > 10_000
    assert wall.log.index(READY) < wall.log.index("indicator store:")
    assert (tmp_path / "state" / "indicators.sqlite").exists()


def test_an_unreadable_indicator_store_is_set_aside_and_the_wall_starts_empty(run, tmp_path: Path):
    db = tmp_path / "state" / "indicators.sqlite"
    db.parent.mkdir()
    db.write_bytes(b"this is not a database" * 100)
    wall = run("--demo")
    wall.wait_for("indicator store:")
    assert "unreadable" in wall.log
    kept = list(db.parent.glob("indicators.sqlite.corrupt-*"))
    assert [k.read_bytes()[:22] for k in kept] == [b"this is not a database"]


def test_a_bad_sources_file_is_reported_and_the_wall_runs(run, tmp_path: Path):
    sources = tmp_path / "sources.json"
    sources.write_text('{"schema_version": 1, "sources": [{"id": "x", "kind": "ftp"}]}', encoding="utf-8")
    wall = run("--sources", str(sources))
    wall.wait_for("indicator store:")
    assert f"source skipped: {sources}: $.sources[0]: unknown source kind 'ftp'" in wall.log
