"""The data hub benchmark; prints one JSON line of figures.

    .venv/bin/python benchmarks/bench_hub.py
    .venv/bin/python benchmarks/bench_hub.py --quick   # every step, small and short, for CI

Real parts throughout: Eclipse Mosquitto on 127.0.0.1 (tests/broker.py), the real ``ioc-hub`` process fetching HTTP
sources served here, and, where walls are measured, real ``ioc-wall`` processes with ``--hub``.
- pixel_ms_p50/p99: a source's value changed (crossing its critical threshold, so the tile changes colour) to the
  new colour in both walls' snapshots; the source is fetched every ``every_s``, so the figure is dominated by that
  cadence: ``path_ms_p50/p99`` is the same minus the time the hub's fetch waited for its turn (the path itself);
- readings_per_s, subscribers, lost: the hub fetching ``indicators`` x 260 communes a second from 10 sources,
  published to ``subscribers`` processes, each running the wall's own subscriber (HubSubscriber, into a store of its
  own): readings the hub published per second, and how many of them any subscriber did not get (QoS 1: goal 0);
  ``subscriber_lag_s``: from the hub's last publish to the slowest subscriber holding it; ``broker_cpu_pct``:
  Mosquitto's share of a core meanwhile (what says how many walls one broker serves);
- broker_restart_s: the broker killed and started again to both walls' link "ok" with a value changed meanwhile
  shown (goal <= 5 s);
- hub_rss_growth_mb: the hub's resident memory after a simulated week (its sources' fetches of a week at the demo's
  cadences, 110,880, compressed: 200 sources fetched every second, a wall coming and going every second), minus after
  a warm-up tenth (goal <= 5 MB).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.common import end_children_with_me, end_process, machine, percentile, quick_arg  # noqa: E402

# a week at the demo's cadences: 11 sources fetched every 60 s; compressed here into 200 sources fetched every second
WEEK_FETCHES = 11 * 7 * 24 * 60
FULL = {"changes": 40, "indicators": 40, "subscribers": 20, "throughput_s": 20.0, "week_fetches": WEEK_FETCHES,
        "week_sources": 200}
QUICK = {"changes": 3, "indicators": 4, "subscribers": 2, "throughput_s": 3.0, "week_fetches": 200,
         "week_sources": 20}


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--subscriber":
        subscriber(*sys.argv[2:])
        return
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    quick_arg(ap)
    args = ap.parse_args()
    end_children_with_me()
    sizes = QUICK if args.quick else FULL
    figures: dict = {"quick": args.quick}
    with tempfile.TemporaryDirectory() as folder:
        figures.update(walls(Path(folder) / "walls", sizes))
        figures.update(throughput(Path(folder) / "throughput", sizes))
        figures.update(week(Path(folder) / "week", sizes))
    print(json.dumps({**figures, **machine()}))


# -- two walls: a source's change to the pixel, a broker's restart to every wall current ------------------------------
def critical_share(picture: bytes) -> float:
    """How much of a screen's picture is in the critical colour (a tile past its critical threshold is framed and
    written in it)."""
    import numpy as np
    from PySide6.QtGui import QImage

    from wall.widgets import style

    image = QImage.fromData(picture).convertToFormat(QImage.Format.Format_RGB32)
    rows = np.frombuffer(image.constBits(), np.uint8).reshape(image.height(), image.bytesPerLine())
    bgr = rows[:, : image.width() * 4].reshape(image.height(), image.width(), 4)[..., :3].astype(np.int16)
    c = style.CRITICAL
    distance = np.abs(bgr - np.array([c.blue(), c.green(), c.red()], np.int16)).sum(axis=2)
    return float((distance < 60).mean())


def walls(folder: Path, sizes: dict) -> dict:
    """Two wall processes on the hub; the gateway's figure toggled across its critical threshold ``changes`` times at
    a random moment of its one-second cadence; each wall's screen 1 polled (a 320-pixel snapshot) until it turns."""
    import random
    from concurrent.futures import ThreadPoolExecutor

    from tests.broker import Mosquitto
    from tests.hubproc import READY as HUB_READY
    from tests.hubproc import HubProcess, write_broker_link
    from tests.hubsite import OVERDUE, Feed, Room, add_wall
    from tests.waiting import until

    folder.mkdir(parents=True)
    broker = Mosquitto(folder / "broker", {"hub": "hub-pw"}).start()
    feed = Feed()
    changed_at: dict[str, float] = {}  # the gateway's answer with a new value: first served at
    serve = feed.server.routes["/stats"]

    def answer(q):
        changed_at.setdefault(str(feed.values["overdue"]), time.monotonic())
        return serve(q)

    feed.server.routes["/stats"] = answer
    hub = HubProcess(folder / "hub", "--sources", str(feed.sources_file(folder)), "--broker-link",
                     str(write_broker_link(folder / "hub-broker.json", broker)), "--name", "bench-hub")
    rooms: list[Room] = []
    pool = ThreadPoolExecutor(2)
    try:
        hub.wait_for(HUB_READY, 60)
        hub.api_url()
        for name in ("phong-ioc", "phong-hop"):
            rooms.append(Room(folder / name, name, add_wall(hub, broker, name, folder / f"{name}.json")))
        broker.proc.send_signal(__import__("signal").SIGHUP)
        for room in rooms:
            room.ready()
            until(lambda r=room: r.link() == "ok", 30, "the wall's link")
        levels = {}
        for value in (20, 200):  # what screen 1 looks like either side of the threshold, once settled
            feed.values["overdue"] = value
            until(lambda v=value: all((s := r.stored(OVERDUE)) and s[0] == v for r in rooms), 30, "settled")
            time.sleep(1.5)
            levels[value] = min(critical_share(r.picture(width=320)) for r in rooms)
        cut = (levels[20] + levels[200]) / 2
        assert levels[200] > levels[20] * 1.5, levels

        def turned(room: Room, critical: bool, deadline: float) -> float:
            while time.monotonic() < deadline:
                share = critical_share(room.picture(width=320))
                if (share > cut) == critical:
                    return time.monotonic()
            raise AssertionError("the wall never turned")

        pixel, path = [], []
        rng = random.Random(22)
        for _ in range(sizes["changes"]):
            value = 20 if feed.values["overdue"] == 200 else 200
            time.sleep(rng.uniform(0.0, 1.0))  # any moment of the source's one-second cadence
            changed_at.pop(str(value), None)
            began = time.monotonic()
            feed.values["overdue"] = value
            seen = [f.result() for f in [pool.submit(turned, r, value == 200, began + 15) for r in rooms]]
            fetched = changed_at.get(str(value), began)
            pixel += [(t - began) * 1000 for t in seen]
            path += [(t - fetched) * 1000 for t in seen]
        # the broker killed, a figure changed meanwhile, the broker started again: to every wall current
        broker.kill()
        until(lambda: all(r.link() == "broker-down" for r in rooms), 30, "the broker's loss seen")
        feed.values["overdue"] = 20 if feed.values["overdue"] == 200 else 200
        time.sleep(2)  # the hub fetched it meanwhile (it publishes once the broker is back)
        broker.start()
        began = time.monotonic()
        until(lambda: all(r.link() == "ok" and r.stored(OVERDUE)[0] == feed.values["overdue"] for r in rooms), 60,
              "every wall current after the broker's restart")
        restart_s = time.monotonic() - began
        return {"pixel_ms_p50": round(percentile(pixel, 50)), "pixel_ms_p99": round(percentile(pixel, 99)),
                "path_ms_p50": round(percentile(path, 50)), "path_ms_p99": round(percentile(path, 99)),
                "changes": sizes["changes"], "source_every_s": 1, "broker_restart_s": round(restart_s, 2)}
    finally:
        pool.shutdown()
        for room in rooms:
            room.proc.stop()
        hub.stop()
        broker.stop()
        feed.server.close()


# -- the sources the hub fetches ----------------------------------------------------------------------------------
def catalogue_parts(count: int) -> tuple[list[str], list[str]]:
    """``count`` daily indicators (today's period: fetched again, the value is new) and the catalogue's communes."""
    from ioc_core.catalogue import load_catalogue

    cat = load_catalogue()
    daily = [i.id for i in cat.indicators.values() if i.period == "day"]
    monthly = [i.id for i in cat.indicators.values() if i.period == "month"]
    return (daily + monthly)[:count], sorted(cat.regions)


class Gateway:
    """An integration gateway on 127.0.0.1: ``/s/N`` answers every commune's figures of its indicators, new values at
    every fetch (so every reading the hub stores is a change it publishes)."""

    def __init__(self, indicators: list[str], regions: list[str], sources: int):
        from tests.fakeservers import ScriptedServer

        self.server = ScriptedServer()
        self.indicators, self.regions = indicators, regions
        # each source its share of the indicators; more sources than indicators: they share them round the table
        self.groups = ([indicators[n::sources] for n in range(sources)] if sources <= len(indicators)
                       else [[indicators[n % len(indicators)]] for n in range(sources)])
        self.fetches = 0
        self._lock = threading.Lock()
        for n in range(sources):
            self.server.routes[f"/s/{n}"] = lambda q, n=n: self._answer(n)

    def _answer(self, n: int):
        with self._lock:
            self.fetches += 1
            k = self.fetches
        today = datetime.now().strftime("%d/%m/%Y")
        month = datetime.now().strftime("01/%m/%Y")
        rows = [{"ngay": today, "thang": month, "xa": region, **{f"v{j}": (k * 7 + r + j) % 1000 + 0.5
                                                                  for j in range(len(self.groups[n]))}}
                for r, region in enumerate(self.regions)]
        self.server.requests.clear()  # a week of fetches: the server keeps no record of them
        self.server.bodies.clear()
        self.server.methods.clear()
        return 200, {"rows": rows}

    def sources_file(self, path: Path, every_s: float) -> Path:
        from ioc_core.catalogue import load_catalogue

        cat = load_catalogue()
        sources = []
        for n, group in enumerate(self.groups):
            if not group:
                continue
            field = "thang" if cat.indicators[group[0]].period == "month" else "ngay"
            same = [i for i in group if cat.indicators[i].period == cat.indicators[group[0]].period]
            sources.append({"id": f"gw-{n}", "kind": "http_json", "every_s": every_s, "url": f"{self.server.url}/s/{n}",
                            "timeout": {"connect": 2, "read": 5},
                            "mapping": {"records": "rows", "period": field, "period_format": "%d/%m/%Y",
                                        "region": "xa", "values": {ind: f"v{j}" for j, ind in enumerate(same)}}})
        path.write_text(json.dumps({"schema_version": 1, "sources": sources}), encoding="utf-8")
        return path

    def close(self) -> None:
        self.server.close()


# -- the subscribers: the wall's own client code in processes of their own ----------------------------------------
def subscriber(url: str, user: str, password: str, store: str) -> None:
    """A child: HubSubscriber into its own store; prints "ready", then, on a line from its parent, its counts."""
    from ioc_core.catalogue import load_catalogue
    from ioc_core.hublink.credentials import BrokerAccount, HubLinkConfig
    from ioc_core.hublink.subscriber import HubSubscriber

    link = HubLinkConfig("http://127.0.0.1:9/api/v1", "-", BrokerAccount(url, user, password), wall=user)
    sub = HubSubscriber(link, load_catalogue(), Path(store), wall_name=user, history=False)
    sub.start()
    sub.wait_synced(30)
    print("ready", flush=True)
    for line in sys.stdin:
        if line.strip() == "count":
            print(json.dumps({"readings": sub.readings_received, "stored": sub.stored, "messages": sub.received,
                              "cpu_s": time.process_time()}), flush=True)
        else:
            break
    sub.stop()


class Subscribers:
    def __init__(self, broker, folder: Path, count: int):
        self.procs = []
        for n in range(count):
            user = f"bench-{n}"
            self.procs.append(subprocess.Popen(
                [sys.executable, __file__, "--subscriber", broker.url, user, broker.accounts[user],
                 str(folder / f"wall-{n}.sqlite")], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True))
        for p in self.procs:
            if p.stdout.readline().strip() != "ready":
                raise RuntimeError("a subscriber did not start")

    def counts(self) -> list[dict]:
        for p in self.procs:
            p.stdin.write("count\n")
            p.stdin.flush()
        return [json.loads(p.stdout.readline()) for p in self.procs]

    def stop(self) -> None:
        for p in self.procs:
            try:
                p.stdin.write("stop\n")
                p.stdin.flush()
            except OSError:
                pass
            end_process(p, 15, terminate=False)


def hub_health(hub) -> dict:
    return hub.call("GET", "/health", "viewer").json()


def start_hub(folder: Path, broker, sources: Path):
    from tests.hubproc import READY, HubProcess, write_broker_link

    link = write_broker_link(folder / "hub-broker.json", broker)
    hub = HubProcess(folder / "hub", "--sources", str(sources), "--broker-link", str(link), "--name", "bench-hub")
    hub.wait_for(READY, 60)
    return hub


def throughput(folder: Path, sizes: dict) -> dict:
    from tests.broker import Mosquitto

    folder.mkdir(parents=True)
    indicators, regions = catalogue_parts(sizes["indicators"])
    accounts = {"hub": "hub-pw", **{f"bench-{n}": f"pw-{n}" for n in range(sizes["subscribers"])}}
    gateway = Gateway(indicators, regions, 10)
    broker = Mosquitto(folder / "broker", accounts).start()
    subs = hub = None
    try:
        subs = Subscribers(broker, folder, sizes["subscribers"])
        hub = start_hub(folder, broker, gateway.sources_file(folder / "sources.json", 1))
        hub.api_url()
        start = hub_health(hub)["broker"]
        began, broker_cpu = time.monotonic(), cpu_s(broker.proc.pid)
        time.sleep(sizes["throughput_s"])
        end = hub_health(hub)["broker"]
        took = time.monotonic() - began
        broker_cpu = cpu_s(broker.proc.pid) - broker_cpu
        hub.stop()  # nothing more published: every subscriber must end up with every reading
        total = end["readings_published"]
        deadline = time.monotonic() + 120
        while True:
            counts = subs.counts()
            if min(c["readings"] for c in counts) >= total or time.monotonic() > deadline:
                break
            time.sleep(0.2)
        lag = time.monotonic() - (began + took)
        return {"readings_per_s": round((end["readings_published"] - start["readings_published"]) / took),
                "indicators": len(indicators), "communes": len(regions), "subscribers": len(counts),
                "readings_published": total, "lost": max(0, total - min(c["readings"] for c in counts)),
                "subscriber_lag_s": round(lag, 2), "broker_cpu_pct": round(100 * broker_cpu / took, 1),
                "subscriber_cpu_pct": round(100 * sum(c["cpu_s"] for c in counts) / len(counts) / (took + lag), 1)}
    finally:
        if hub is not None:
            hub.stop()
        if subs is not None:
            subs.stop()
        broker.stop()
        gateway.close()


def cpu_s(pid: int) -> float:
    """A process's CPU time so far (user and system), in seconds."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def rss_of(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def week(folder: Path, sizes: dict) -> dict:
    """A week of the hub's work, compressed: ``week_fetches`` fetches (the demo's 11 sources every minute for a week)
    by ``week_sources`` sources fetched every second, a wall connecting and leaving every second or so; the hub's
    resident memory after a warm-up tenth and at the end."""
    from ioc_core.hublink.client import BrokerLink
    from tests.broker import Mosquitto

    folder.mkdir(parents=True)
    indicators, regions = catalogue_parts(sizes["week_sources"])
    gateway = Gateway(indicators, regions[:30], sizes["week_sources"])
    broker = Mosquitto(folder / "broker", {"hub": "hub-pw", "bench-0": "pw-0"}).start()
    hub = None
    try:
        hub = start_hub(folder, broker, gateway.sources_file(folder / "sources.json", 1))
        hub.api_url()
        warm = sizes["week_fetches"] // 10
        warm_rss = None
        walls = 0
        while gateway.fetches < sizes["week_fetches"]:
            if warm_rss is None and gateway.fetches >= warm:
                warm_rss = rss_of(hub.proc.pid)
            wall = BrokerLink(broker.url, "bench-wall", username="bench-0", password="pw-0",
                              subscriptions=["ioc/#"])
            wall.start()
            wall.wait_subscribed(10)
            time.sleep(1.0)
            wall.stop()
            walls += 1
            assert hub.proc.poll() is None, hub.log
        end_rss = rss_of(hub.proc.pid)
        return {"week_fetches": gateway.fetches, "week_walls_connected": walls, "hub_rss_mb": round(end_rss, 1),
                "hub_rss_growth_mb": round(end_rss - (warm_rss or end_rss), 2)}
    finally:
        if hub is not None:
            hub.stop()
        broker.stop()
        gateway.close()


if __name__ == "__main__":
    main()
