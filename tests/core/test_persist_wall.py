"""A real wall writes its state and audit lines on its writer thread: stopped with SIGTERM while an operator's
commands are coming, it writes everything it did before it exits, and comes back showing it."""

from __future__ import annotations

import json
import signal
import threading
import time

from ..wallproc import READY, WallApi
from .test_faults import no_rules, wall  # noqa: F401 (no_rules is a fixture)

VIEWS = ({"kind": "clock"}, {"kind": "alerts"})


def test_a_wall_stopped_mid_burst_writes_what_it_did_and_comes_back_showing_it(tmp_path, no_rules):  # noqa: F811
    state_dir = tmp_path / "state"
    proc = wall(state_dir, "--layout", "tong-quan", "--alert-rules", str(no_rules))
    acked: dict[int, str] = {}
    stop = threading.Event()
    try:
        proc.wait_for(READY)
        api = WallApi(proc, state_dir)
        assert api.command(command="blackout", screen=[2, 2]).json()["accepted"]

        def operator(k: int):
            for n in range(10_000):
                if stop.is_set():
                    return
                try:
                    r = api.command(command="show_view", region="pakn", view=VIEWS[(n + k) % 2], wait_s=10)
                except Exception:  # the wall stopped under it
                    return
                if r.status_code == 200:
                    acked[r.json()["revision"]] = r.json()

        clients = [threading.Thread(target=operator, args=(k,)) for k in range(3)]
        for c in clients:
            c.start()
        deadline = time.monotonic() + 20
        while len(acked) < 30 and time.monotonic() < deadline:
            time.sleep(0.01)
        assert proc.stop(signal.SIGTERM, timeout=20) == 0, proc.log[-3000:]  # with commands in flight
        stop.set()
        for c in clients:
            c.join(10)
    finally:
        proc.stop(signal.SIGKILL)
    assert len(acked) >= 30
    saved = json.loads((state_dir / "state.json").read_text(encoding="utf-8"))
    lines = [json.loads(x) for x in (state_dir / "audit.jsonl").read_text(encoding="utf-8").splitlines()]
    # everything the wall did is on disk: the state of its last command, and every command's line, in order
    assert saved["revision"] >= max(acked) and saved["revision"] == lines[-1]["revision_after"]
    assert [e["revision_after"] for e in lines] == sorted(e["revision_after"] for e in lines)
    assert saved["blackout"] == [[2, 2]]

    again = wall(state_dir, "--alert-rules", str(no_rules))
    try:
        again.wait_for(READY, timeout=30)
        api = WallApi(again, state_dir)
        state = api.state()
        assert state["revision"] == saved["revision"] and state["layout"] == saved["layout"]
        assert api.call("GET", "/audit", params={"verify": "1"}).json()["intact"]
    finally:
        again.stop(signal.SIGKILL)
