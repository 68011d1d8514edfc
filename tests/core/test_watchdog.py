"""The watchdog: a stuck GUI thread is noticed within its limit, logged with where it hangs, and the wall restarts
itself with its state; under systemd the wall says READY and beats WATCHDOG, and a stuck wall exits for systemd
to restart. The stall is real: the wall's fault hook (IOC_WALL_FAULTS) holds its GUI thread still."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import threading
import time

import pytest

from ioc_core import sdnotify
from ioc_core.stallwatch import RestartRecord, StallWatch, hang_loop, innermost

from ..common import SHIPPED_LAYOUTS
from ..wallproc import READY, WallApi, WallProcess, wait_for_count

STUCK = "GUI thread stuck"


# -- Qt-free ----------------------------------------------------------------------------------------------------
def test_beats_keep_the_watch_quiet_and_silence_is_measured():
    now = [100.0]
    watch = StallWatch(lambda *_: None, limit_s=8, clock=lambda: now[0])
    watch.beat()
    now[0] += 7.9
    assert watch.check() is None
    now[0] += 0.2
    assert watch.check() == pytest.approx(8.1)
    watch.beat()
    assert watch.check() is None


def test_a_stuck_thread_is_reported_once_with_where_it_hangs():
    reports = []
    release = threading.Event()

    def hung_in_paint():
        release.wait(10)

    worker = threading.Thread(target=hung_in_paint)
    worker.start()
    watch = StallWatch(lambda s, stack: reports.append((s, stack)), limit_s=0.3, poll_s=0.05, watched=worker)
    watch.start()
    try:
        deadline = time.monotonic() + 5
        while not reports and time.monotonic() < deadline:
            time.sleep(0.02)
        time.sleep(0.3)  # still stuck: no second report
    finally:
        release.set()
        watch.stop()
        worker.join()
    assert len(reports) == 1
    stuck_s, stack = reports[0]
    assert stuck_s >= 0.3
    assert "hung_in_paint" in stack and "hung_in_paint" in stack.splitlines()[-3] + stack.splitlines()[-1] \
        or "in wait" in innermost(stack)


def test_the_restart_record_keeps_the_last_ones_and_survives_a_broken_file(tmp_path):
    record = RestartRecord(tmp_path / "watchdog.json")
    assert record.entries() == []
    for i in range(25):
        record.add(1000.0 + i, 9.0, f"File 'x.py', line {i}, in paint")
    entries = record.entries()
    assert len(entries) == RestartRecord.KEEP and entries[-1]["at"] == 1024.0
    (tmp_path / "watchdog.json").write_text("{ torn", encoding="utf-8")
    assert record.entries() == []  # a broken record never stops the wall
    record.add(2000.0, 8.5, "here")
    assert [e["where"] for e in record.entries()] == ["here"]


def test_a_hang_loop_is_three_hangs_within_ten_minutes_the_last_just_now():
    now = 10_000.0
    assert not hang_loop([{"at": now - 60}, {"at": now - 30}], now)
    assert hang_loop([{"at": now - 500}, {"at": now - 60}, {"at": now - 30}], now)
    assert not hang_loop([{"at": now - 700}, {"at": now - 60}, {"at": now - 30}], now)  # one too long ago
    assert not hang_loop([{"at": now - 500}, {"at": now - 400}, {"at": now - 300}], now)  # it has run since


def _listen(tmp_path, abstract: bool = False):
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    if abstract:
        name = f"ioc-wall-test-{os.getpid()}-{time.monotonic_ns()}"
        sock.bind("\0" + name)
        address = "@" + name
    else:
        address = str(tmp_path / "notify.sock")
        sock.bind(address)
    sock.settimeout(0.2)
    return sock, address


@pytest.mark.parametrize("abstract", [False, True])
def test_notify_reaches_the_service_manager_socket(tmp_path, monkeypatch, abstract):
    sock, address = _listen(tmp_path, abstract)
    with sock:
        monkeypatch.setenv("NOTIFY_SOCKET", address)
        assert sdnotify.notify("READY=1")
        assert sock.recv(256) == b"READY=1"
        monkeypatch.delenv("NOTIFY_SOCKET")
        assert not sdnotify.notify("READY=1")  # no manager: nothing sent, nothing raised


# -- a real wall ---------------------------------------------------------------------------------------------------
def start(state_dir, **env) -> WallProcess:
    return WallProcess("--demo", "--state-dir", str(state_dir), "--layouts-dir", str(SHIPPED_LAYOUTS),
                       "--layout", "tong-quan",
                       env={"IOC_WALL_FAULTS": "1", "IOC_WALL_WATCHDOG_S": "3", "IOC_WALL_STALL_S": "60",
                            "INVOCATION_ID": "", "NOTIFY_SOCKET": "", **env})


def test_a_stuck_gui_thread_restarts_the_wall_with_its_state(tmp_path):
    proc = start(tmp_path / "state")
    try:
        proc.wait_for(READY)
        api = WallApi(proc, tmp_path / "state")
        assert api.command(command="apply_layout", layout="camera").status_code == 200
        assert api.command(command="blackout", screen=[2, 2]).status_code == 200
        before = api.state()
        pid = proc.proc.pid
        stalled_at = time.monotonic()
        os.kill(pid, signal.SIGUSR2)
        line = proc.wait_for(STUCK, timeout=15)
        detected = time.monotonic() - stalled_at
        wait_for_count(proc, READY, 2, timeout=30)  # the same process, started again
        assert proc.proc.poll() is None and proc.proc.pid == pid
        assert detected < 3 + 5  # the limit, the check interval, a second's beat, the log's trip, a busy machine
        assert "stall" in proc.log.split(line, 1)[1].split(READY, 1)[0]  # where it hangs: the fault hook's sleep
        again = WallApi(proc, tmp_path / "state", nth=2)
        after = again.state()
        assert after["layout"] == "camera" == before["layout"]
        assert after["blackout"] == before["blackout"] == [[2, 2]]
        health = again.health()
        assert again.call("GET", "/health", "viewer", params={"objects": "1"}).status_code == 403
        [restart] = health["watchdog"]["restarts"]
        assert restart["stuck_s"] >= 3 and "stall" in restart["where"]
        assert "restarted by the watchdog" in proc.log
    finally:
        proc.stop(signal.SIGKILL)


def test_after_hanging_again_and_again_the_wall_starts_on_its_default_layout(tmp_path):
    state_dir = tmp_path / "state"
    first = start(state_dir)
    try:
        first.wait_for(READY)
        assert WallApi(first, state_dir).command(command="apply_layout", layout="camera").status_code == 200
    finally:
        first.stop()
    record = RestartRecord(state_dir / "watchdog.json")
    for ago in (400, 200, 20):  # as three hangs of the camera picture would have left it
        record.add(time.time() - ago, 8.5, "File 'camera.py', line 1, in paint")
    again = WallProcess("--demo", "--state-dir", str(state_dir), "--layouts-dir", str(SHIPPED_LAYOUTS),
                        env={"INVOCATION_ID": "", "NOTIFY_SOCKET": ""})
    try:
        again.wait_for(READY)
        assert WallApi(again, state_dir).state()["layout"] == "tong-quan"
        assert "started on the default layout 'tong-quan'" in again.log
    finally:
        again.stop()


def test_under_systemd_the_wall_reports_ready_beats_and_exits_when_stuck(tmp_path):
    sock, address = _listen(tmp_path)
    got: list[tuple[float, str]] = []  # (received at, message), read all along on a thread
    done = threading.Event()

    def receive():
        while not done.is_set():
            with contextlib.suppress(TimeoutError, OSError):
                got.append((time.monotonic(), sock.recv(256).decode()))

    def wait_until(cond, timeout):
        deadline = time.monotonic() + timeout
        while not cond() and time.monotonic() < deadline:
            time.sleep(0.05)

    with sock:
        receiver = threading.Thread(target=receive, daemon=True)
        receiver.start()
        proc = start(tmp_path / "state", NOTIFY_SOCKET=address)
        try:
            wait_until(lambda: any(m == "READY=1" for _, m in got), 30)
            # READY=1 comes once the screens are painted: the wall logs that first (the log line reaches this test
            # through a pipe, and may come a moment after the datagram)
            proc.wait_for(READY, 5)
            ready_at = next(t for t, m in got if m == "READY=1")
            wait_until(lambda: sum(m == "WATCHDOG=1" and t > ready_at for t, m in list(got)) >= 2, 5)
            assert sum(m == "WATCHDOG=1" for _, m in got) >= 2
            os.kill(proc.proc.pid, signal.SIGUSR2)
            stalled_at = time.monotonic()
            assert proc.proc.wait(15) == 70  # EXIT_STUCK: systemd's Restart= brings it back
            time.sleep(0.3)
            late = [m for t, m in list(got) if t > stalled_at + 1.5 and m == "WATCHDOG=1"]
            assert late == []  # a stuck GUI thread stops the beats systemd watches too
            assert STUCK in proc.log
        finally:
            done.set()
            proc.stop(signal.SIGKILL)
            receiver.join(2)


def _renderers() -> set[int]:
    out = subprocess.run(["ps", "-eo", "pid=,stat=,comm="], capture_output=True, text=True, check=True).stdout
    return {int(line.split()[0]) for line in out.splitlines() if "QtWebEngine" in line}


def test_a_restart_in_place_leaves_no_web_renderers_behind(tmp_path, server):
    server.routes["/p"] = (200, "<body style='background:#c03030'>trang</body>", "text/html; charset=utf-8")
    config = tmp_path / "wall.json"
    config.write_text(json.dumps({"schema_version": 1, "screens": {"rows": 3, "cols": 3, "width_px": 1920,
                                  "height_px": 1080}, "web": {"allow": ["127.0.0.1"]}}), encoding="utf-8")
    before = _renderers()
    proc = WallProcess("--demo", "--state-dir", str(tmp_path / "state"), "--config", str(config),
                       "--layouts-dir", str(SHIPPED_LAYOUTS), "--layout", "tong-quan",
                       env={"IOC_WALL_FAULTS": "1", "IOC_WALL_WATCHDOG_S": "3", "INVOCATION_ID": "",
                            "NOTIFY_SOCKET": ""})
    try:
        proc.wait_for(READY)
        api = WallApi(proc, tmp_path / "state")
        assert api.command(command="show_view", region="ktxh",
                           view={"kind": "web", "url": server.url + "/p"}).status_code == 200
        deadline = time.monotonic() + 30
        while api.health()["views"]["ktxh"]["state"] != "live" and time.monotonic() < deadline:
            time.sleep(0.3)
        first = _renderers() - before
        assert first  # the page's renderer and its helpers
        os.kill(proc.proc.pid, signal.SIGUSR2)
        wait_for_count(proc, READY, 2, timeout=60)
        again = WallApi(proc, tmp_path / "state", nth=2)
        deadline = time.monotonic() + 30
        while again.health()["views"]["ktxh"]["state"] != "live" and time.monotonic() < deadline:
            time.sleep(0.3)
        assert again.health()["views"]["ktxh"]["state"] == "live"  # the page is back
        assert not first & _renderers()  # the old renderers were ended, not left beside the new ones
    finally:
        proc.stop(signal.SIGKILL)
