"""Control API benchmark; prints one JSON line of figures.

    .venv/bin/python benchmarks/bench_api.py
    .venv/bin/python benchmarks/bench_api.py --quick   # every step with a few of each, for CI

A real wall process (demo data, nine offscreen 1920x1080 screens, API on 127.0.0.1):
- command_rtt_ms_p50/p99: 1,000 show_view commands (a clock and the alert ticker in turn on one region), each
  from the request leaving the client to the answer back, the wall's state applied and the region's view rebuilt;
- state_command_rtt_ms_p50/p99: 500 pause_rule commands (a rule paused and let go in turn): the same path, the
  state saved and audited, with no view to build again: what the API and the writes cost alone;
- event_delivery_ms_p50/p99: 20 consoles on the event stream; 100 commands 50 ms apart; from the command sent to
  each console reading the state event of its revision (2,000 deliveries);
- discovery_s: a zeroconf browser on 127.0.0.1 started to the wall found (with its TXT record read);
- slow_console_ms_p50/p99: ``slow`` connections from 10 addresses (127.0.0.10-19), each sending its request a
  byte every ``trickle_s`` (a slow loris), while a console sends 200 requests (GET /state and show_view in turn):
  each request's time, and how many failed (goal: p99 <= 50 ms, none failed);
- rss_growth_mb: the wall's resident memory after 10,000 commands and 1,000 event-stream connections opened and
  dropped, minus after a warm-up of 500 commands and 50 connections.

The wall listens and advertises on 127.0.0.1 only, and ends with the benchmark.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import socket
import statistics
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.common import end_children_with_me, machine, percentile, quick_arg, rss_mb  # noqa: E402
from operator_console.client import sse_events, sse_lines  # noqa: E402 (after the path is set)
from tests.wallproc import NINE_SCREENS, READY, WallProcess  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    quick_arg(ap)
    args = ap.parse_args()
    end_children_with_me()
    # the full run's counts, or a few of each
    counts = QUICK if args.quick else FULL
    folder = tempfile.TemporaryDirectory()
    state = Path(folder.name) / "state"
    wall = WallProcess("--demo", "--state-dir", str(state), "--log-level", "INFO", "--layout", "tong-quan",
                       env={"QT_QPA_PLATFORM": NINE_SCREENS, "IOC_WALL_ZEROCONF": "127.0.0.1", "IOC_WALL_NAME": NAME})
    try:
        wall.wait_for(READY, 60)
        url = wall.api_url()
        figures = measure(wall, url, state, counts)
    finally:
        wall.stop()
        folder.cleanup()
    print(json.dumps({"quick": args.quick, **figures, **machine()}))


# the wall's name, its own: discovery times finding this wall, not another advertised on the machine
NAME = f"bench-api {uuid.uuid4().hex[:8]}"
FULL = {"warm_commands": 500, "warm_streams": 50, "rtt_commands": 1000, "consoles": 20, "event_commands": 100,
        "commands": 10_000, "streams": 1000, "pause_s": 1.0, "slow": 500, "trickle_s": 3.0, "slow_requests": 200}
QUICK = {"warm_commands": 20, "warm_streams": 3, "rtt_commands": 50, "consoles": 3, "event_commands": 10,
         "commands": 200, "streams": 20, "pause_s": 0.2, "slow": 50, "trickle_s": 0.5, "slow_requests": 20}


def measure(wall: WallProcess, url: str, state: Path, counts: dict) -> dict:
    pause = counts["pause_s"]
    tokens = {t["role"]: t["token"] for t in json.loads((state / "api-tokens.json").read_text())["tokens"]}
    auth = {"Authorization": f"Bearer {tokens['operator']}"}
    session = requests.Session()
    session.headers.update(auth)
    views = [{"kind": "clock"}, {"kind": "alerts"}]
    n = [0]

    def command() -> tuple[float, int]:
        n[0] += 1
        t = time.perf_counter()
        r = session.post(url + "/commands", json={"command": "show_view", "region": "pakn", "view": views[n[0] % 2]})
        assert r.status_code == 200, r.text
        return (time.perf_counter() - t) * 1000, r.json()["revision"]

    def streams(count: int) -> None:
        for _ in range(count):
            with requests.get(url + "/events", headers=auth, stream=True, timeout=10) as r:
                next(sse_lines(r))  # connected, first line of the state read; then dropped

    time.sleep(3 * pause)  # first data in
    for _ in range(counts["warm_commands"]):
        command()
    streams(counts["warm_streams"])
    time.sleep(2 * pause)
    rss_before = rss_mb(wall.proc.pid)

    rtts = [command()[0] for _ in range(counts["rtt_commands"])]

    def state_only(k: int) -> float:  # saved and audited as any command, no view built again
        t = time.perf_counter()
        r = session.post(url + "/commands", json={"command": "pause_rule", "rule": "bench", "paused": bool(k % 2)})
        assert r.status_code == 200, r.text
        return (time.perf_counter() - t) * 1000

    state_rtts = [state_only(k) for k in range(counts["rtt_commands"] // 2)]

    # 20 consoles on the event stream
    sent: dict[int, float] = {}
    arrivals: list[tuple[int, float]] = []
    stop = threading.Event()
    ready = threading.Barrier(counts["consoles"] + 1)

    def console(k: int) -> None:
        with requests.get(url + "/events", headers=auth, params={"client": f"bench-{k}"}, stream=True,
                          timeout=30) as r:
            events = sse_events(r)
            next(events)  # connected: the whole state first
            ready.wait(10)
            for event in events:
                if event["kind"] == "state":
                    arrivals.append((event["data"]["revision"], time.perf_counter()))  # append is atomic
                if stop.is_set():
                    return

    threads = [threading.Thread(target=console, args=(c,), daemon=True) for c in range(counts["consoles"])]
    for t in threads:
        t.start()
    ready.wait(10)
    time.sleep(0.5 * pause)
    for _ in range(counts["event_commands"]):
        n[0] += 1
        body = {"command": "show_view", "region": "pakn", "view": views[n[0] % 2]}
        t0 = time.perf_counter()
        r = session.post(url + "/commands", json=body)
        sent[r.json()["revision"]] = t0
        time.sleep(0.05)
    time.sleep(pause)
    stop.set()
    for on in (True, False):  # a change of state wakes the streams to end
        session.post(url + "/commands", json={"command": "identify", "on": on})
    for t in threads:
        t.join(5)
    received = [(at - sent[rev]) * 1000 for rev, at in arrivals if rev in sent]

    # discovery
    from zeroconf import ServiceBrowser, ServiceListener, Zeroconf

    found = threading.Event()

    class Listener(ServiceListener):
        def add_service(self, zc, type_, name):
            info = zc.get_service_info(type_, name, timeout=2000)
            if info and info.properties.get(b"name") == NAME.encode():  # this wall, not another on the machine
                found.set()

        def update_service(self, zc, type_, name):
            pass

        def remove_service(self, zc, type_, name):
            pass

    t0 = time.perf_counter()
    zc = Zeroconf(interfaces=["127.0.0.1"])
    ServiceBrowser(zc, "_iocwall._tcp.local.", Listener())
    found.wait(10)
    discovery_s = time.perf_counter() - t0 if found.is_set() else None
    zc.close()

    slow = slow_clients(url, session, counts, views)

    # memory after many commands and many dropped streams
    for _ in range(counts["commands"] - counts["rtt_commands"] - counts["event_commands"]):
        command()
    streams(counts["streams"])
    time.sleep(3 * pause)
    rss_after = rss_mb(wall.proc.pid)

    return {
        "command_rtt_ms_p50": round(statistics.median(rtts), 1),
        "command_rtt_ms_p99": round(percentile(rtts, 99), 1),
        "state_command_rtt_ms_p50": round(statistics.median(state_rtts), 1),
        "state_command_rtt_ms_p99": round(percentile(state_rtts, 99), 1),
        "event_delivery_ms_p50": round(statistics.median(received), 1) if received else None,
        "event_delivery_ms_p99": round(percentile(received, 99), 1) if received else None,
        "event_deliveries": len(received),
        "discovery_s": round(discovery_s, 2) if discovery_s is not None else None,
        **slow,
        "rss_mb_before": round(rss_before, 1),
        "rss_growth_mb": round(rss_after - rss_before, 1),
    }


def slow_clients(url: str, session: requests.Session, counts: dict, views: list) -> dict:
    """A console's requests while ``slow`` connections trickle their requests in from 10 addresses."""
    host, port = url.split("//")[1].split("/")[0].rsplit(":", 1)
    line = b"GET /api/v1/state HTTP/1.1\r\nHost: x\r\nX-Slow: " + b"a" * 100_000
    socks: list[socket.socket] = []
    stop = threading.Event()

    def trickle() -> None:
        at = 0
        while not stop.wait(counts["trickle_s"]):
            for k, sock in enumerate(socks):
                try:
                    sock.send(line[at:at + 1])
                except OSError:  # closed at its deadline: it comes back, as a slow loris does
                    with contextlib.suppress(OSError):
                        sock.close()
                        socks[k] = socket.create_connection((host, int(port)), timeout=5,
                                                            source_address=(f"127.0.0.{10 + k % 10}", 0))
            at += 1

    for k in range(counts["slow"]):
        socks.append(socket.create_connection((host, int(port)), timeout=5,
                                              source_address=(f"127.0.0.{10 + k % 10}", 0)))
    trickler = threading.Thread(target=trickle, name="trickle")
    trickler.start()
    took, failed = [], 0
    try:
        time.sleep(counts["trickle_s"] * 2)  # every slow connection part-way into its request
        for n in range(counts["slow_requests"]):
            t = time.perf_counter()
            try:
                if n % 2:
                    r = session.post(url + "/commands", json={"command": "show_view", "region": "pakn",
                                                              "view": views[n // 2 % 2]}, timeout=10)
                else:
                    r = session.get(url + "/state", timeout=10)
                ok = r.status_code == 200
            except requests.RequestException:
                ok = False
            took.append((time.perf_counter() - t) * 1000)
            failed += not ok
            time.sleep(0.02)
    finally:
        stop.set()
        trickler.join()
        for sock in socks:
            sock.close()
    return {"slow_connections": counts["slow"], "slow_addresses": 10,
            "slow_console_ms_p50": round(statistics.median(took), 1),
            "slow_console_ms_p99": round(percentile(took, 99), 1), "slow_console_failed": failed}


if __name__ == "__main__":
    main()
