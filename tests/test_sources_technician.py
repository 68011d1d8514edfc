"""A province technician's mistakes in a sources file, end to end: through ``ioc-wall --check`` and a real wall
process (its health as the API and the screen give it). Each test is a mistake that once went wrong."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .conftest import SHIPPED_LAYOUTS
from .fakeservers import ScriptedServer
from .wallproc import READY, WallApi, WallProcess

ROOT = Path(__file__).resolve().parent.parent
TOKEN = "TECHNICIAN-PASTED-TOKEN-4f9a"


@pytest.fixture
def server():
    s = ScriptedServer()
    try:
        yield s
    finally:
        s.close()


def write_sources(path: Path, *entries: dict) -> Path:
    path.write_text(json.dumps({"schema_version": 1, "sources": list(entries)}, ensure_ascii=False), encoding="utf-8")
    return path


def check(sources: Path, state: Path, env: dict | None = None) -> tuple[int, str]:
    """``ioc-wall --check --sources FILE --state-dir DIR``: its exit code and everything it printed."""
    import os

    out = subprocess.run([sys.executable, "-m", "wall", "--check", "--sources", str(sources), "--state-dir",
                          str(state)], cwd=ROOT, capture_output=True, text=True, encoding="utf-8", timeout=120,
                         env={**os.environ, **(env or {})})
    assert "Traceback" not in out.stdout + out.stderr
    return out.returncode, out.stdout + out.stderr


def wait_health(api: WallApi, until, timeout: float = 30) -> dict:
    deadline = time.monotonic() + timeout
    while True:
        sources = api.health()["sources"]
        if until(sources):
            return sources
        if time.monotonic() > deadline:
            raise AssertionError(f"health never settled: {sources}")
        time.sleep(0.1)


def test_a_source_left_out_for_a_typo_is_on_the_health_view_and_a_removed_one_is_gone(tmp_path, server):
    """A typo ("timeout" for "deadline_s") left the source out with one log line: the health view, which the
    operator watches, showed nothing about it. And a source the technician removed or renamed stayed on the health
    view with its last state ("Lỗi") for ever."""
    server.routes["/pakn"] = (200, {"data": [{"v": 5}]})
    state = tmp_path / "state"
    state.mkdir()
    with sqlite3.connect(state / "indicators.sqlite") as db:  # what an earlier run with another file left
        db.execute("CREATE TABLE source_health (source TEXT PRIMARY KEY, last_attempt REAL, last_success REAL, "
                   "last_error REAL, last_error_message TEXT, error_count INTEGER NOT NULL DEFAULT 0, "
                   "consecutive_errors INTEGER NOT NULL DEFAULT 0, records_received INTEGER NOT NULL DEFAULT 0, "
                   "records_rejected INTEGER NOT NULL DEFAULT 0)")
        db.execute("INSERT INTO source_health (source, last_attempt, last_error, last_error_message, error_count, "
                   "consecutive_errors) VALUES ('pakn-cu', 1, 1, 'HTTP 500 from old.example', 3, 3)")
    mapping = {"records": "data", "period": "now", "values": {"pakn-tiep-nhan": "v"}}
    sources = write_sources(
        tmp_path / "sources.json",
        {"id": "pakn-1022", "kind": "http", "every_s": 30, "request": {"url": server.url + "/pakn"},
         "mapping": mapping},
        {"id": "pakn-typo", "kind": "http", "every_s": 30, "request": {"url": server.url + "/pakn", "timeout": 5},
         "mapping": mapping},
        {"id": "pakn-token", "kind": "http", "every_s": 30, "request": {"url": server.url + "/pakn"},
         "auth": {"kind": "bearer", "token": TOKEN}, "mapping": mapping},
        {"id": "pakn-1022", "kind": "http", "request": {"url": server.url + "/other"}, "mapping": mapping})
    proc = WallProcess("--state-dir", str(state), "--layouts-dir", str(SHIPPED_LAYOUTS), "--sources", str(sources),
                       "--layout", "van-hanh")
    try:
        proc.wait_for(READY, 60)
        api = WallApi(proc, state)
        health = wait_health(api, lambda s: s.get("pakn-1022", {}).get("state") == "ok")
        screen = api.call("GET", "/screens/0/1/snapshot", "viewer")  # the health view keeps painting
        assert screen.status_code == 200 and screen.content[:4] == b"\x89PNG"
    finally:
        proc.stop()
    assert "pakn-cu" not in health
    assert health["pakn-typo"]["state"] == "error"
    assert health["pakn-typo"]["error"].startswith("not started: request.timeout: unknown key 'timeout'")
    assert health["pakn-token"]["state"] == "error"
    assert "not started: auth.token" in health["pakn-token"]["error"]
    assert health["pakn-1022"]["state"] == "ok"  # the duplicate entry did not put the running source on error
    assert TOKEN not in json.dumps(health) and TOKEN not in proc.log
