"""The leaders' phones benchmark; prints one JSON line of figures.

    .venv/bin/python benchmarks/bench_mobile.py
    .venv/bin/python benchmarks/bench_mobile.py --quick   # every step, small and short, for CI

Real parts throughout: Eclipse Mosquitto on 127.0.0.1 (tests/broker.py), the real ``ioc-hub`` process with people
signed in, Debian's Chromium headless over DevTools (tests/browser.py), a real SMTP server (aiosmtpd,
tests/smtpbox.py).
- first_load_kb, usable_ms_p50/max: the mobile page opened by a signed-in leader at 390x844 with the CPU slowed 4x
  (DevTools' CPU throttling) and the cache off: every byte the page loads before its figures are drawn
  (``encodedDataLength`` of each request), and the time from navigation to the first figures drawn
  (``window.iocUsable``) (goals <= 300 KB, <= 2 s); a demo hub, every indicator with a figure;
- phones, phone_alert_ms_p50/p99: ``phones`` browsers' worth of sessions (each signed in, each its own event
  stream, as many phones as the page opens) following the hub; a source's figure pushed across its critical
  threshold ``alerts`` times, each alert from the moment the hub raised it (its ``raised_at``) to every phone
  holding it (goal p99 <= 2 s); hub_cpu_pct: the hub's share of one core meanwhile; phones_missed: alerts a phone
  never got (goal 0);
- email_ms_p50/p99: the same alerts from raised to the subscriber's e-mail in the SMTP server's inbox (goal p99
  <= 5 s); emails: how many arrived (one per alert: no duplicate).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.common import end_children_with_me, machine, percentile, quick_arg  # noqa: E402

FULL = {"loads": 5, "phones": 200, "alerts": 40, "sessions_per_login": 10}
QUICK = {"loads": 1, "phones": 10, "alerts": 3, "sessions_per_login": 10}
WIDTH, HEIGHT = 390, 844


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    quick_arg(ap)
    args = ap.parse_args()
    end_children_with_me()
    sizes = QUICK if args.quick else FULL
    figures: dict = {"quick": args.quick}
    with tempfile.TemporaryDirectory() as folder:
        figures.update(first_load(Path(folder) / "page", sizes))
        figures.update(alerts(Path(folder) / "alerts", sizes))
    print(json.dumps({**figures, **machine()}))


def cpu_s(pid: int) -> float:
    """A process's user + system CPU seconds so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


# -- the page's first load in a throttled phone-sized Chromium --------------------------------------------------------
def first_load(folder: Path, sizes: dict) -> dict:
    from tests.broker import Mosquitto
    from tests.browser import Browser
    from tests.hubpeople import PASSWORD, seed_people
    from tests.hubproc import READY, HubProcess, write_broker_link

    folder.mkdir(parents=True)
    broker = Mosquitto(folder / "broker", {"hub": "hub-pw"}).start()
    hub = browser = None
    try:
        seed_people(folder / "hub")
        hub = HubProcess(folder / "hub", "--demo", "--broker-link",
                         str(write_broker_link(folder / "hub-broker.json", broker)), "--name", "bench-hub")
        hub.wait_for(READY, 90)
        base = hub.api_url().removesuffix("/api/v1")
        browser = Browser(folder / "profile", WIDTH, HEIGHT)
        browser.phone(WIDTH, HEIGHT, scale=3)
        browser.open(base + "/m/")
        browser.wait_for("document.readyState === 'complete'", 30)
        signed = browser.call("Runtime.evaluate", returnByValue=True, awaitPromise=True, expression=(
            "fetch('/api/v1/session', {method: 'POST', headers: {'Content-Type': 'application/json'}, "
            f"body: JSON.stringify({{login: 'lanhdao', password: {json.dumps(PASSWORD)}}})}}).then(r => r.status)"))
        assert signed["result"].get("value") == 200, signed
        browser.slow_cpu(4)
        kb, usable = [], []
        for _ in range(sizes["loads"]):
            log = browser.network_log()  # the cache off, every byte of this load counted
            try:
                browser.call("Page.navigate", url=base + "/m/")
                usable.append(browser.wait_for("window.iocUsable", 60))
                kb.append(log.total_bytes() / 1024)
            finally:
                log.close()
        return {"first_load_kb": round(max(kb), 1), "usable_ms_p50": round(percentile(usable, 50)),
                "usable_ms_max": round(max(usable)), "loads": len(usable), "cpu_slowdown": 4,
                "viewport": f"{WIDTH}x{HEIGHT}"}
    finally:
        if browser is not None:
            browser.close()
        if hub is not None:
            hub.stop()
        broker.stop()


# -- alerts to phones and to an inbox -------------------------------------------------------------------------------
def alerts(folder: Path, sizes: dict) -> dict:
    from tests.hubpeople import PASSWORD, PEOPLE, people_hub
    from tests.hubsite import OVERDUE
    from tests.smtpbox import SmtpBox
    from tests.waiting import until

    folder.mkdir(parents=True)
    logins = {f"ld{n:03d}": ("leader", f"Lãnh đạo {n}", (), "UBND tỉnh", f"ld{n:03d}@ioc.test")
              for n in range(max(1, sizes["phones"] // sizes["sessions_per_login"]))}
    inbox = SmtpBox().start()
    try:
        notify = {"schema_version": 1, "page_url": "http://127.0.0.1/m/",
                  "smtp": {"host": "127.0.0.1", "port": inbox.port, "security": "none",
                           "from": "IOC <ioc@ioc.test>"}}
        (folder / "hub").mkdir(parents=True, exist_ok=True)
        (folder / "hub" / "notify.json").write_text(json.dumps(notify), encoding="utf-8")
        with people_hub(folder, people={**PEOPLE, **logins}) as (hub, feed, _broker):
            api = hub.api_url()
            import requests

            leader = requests.Session()
            r = leader.post(api + "/session", json={"login": "lanhdao", "password": PASSWORD}, timeout=30)
            r.raise_for_status()
            leader.headers["X-CSRF-Token"] = r.json()["csrf"]
            leader.put(api + "/me/subscription", json={
                "sectors": ["*"], "severities": ["critical", "warning"],
                "channels": [{"kind": "email", "to": "lanhdao@ioc.test"}]}, timeout=30).raise_for_status()
            cookies = sessions(api, list(logins), sizes["phones"], PASSWORD)
            phones = Phones(api, cookies)
            phones.start()
            # every phone has had its first event (the hub's state), as phones open long before an alert comes
            until(lambda: phones.ready == len(cookies), 60, "every phone's event stream open")
            cpu0, t0 = cpu_s(hub.proc.pid), time.monotonic()
            raised: dict[str, float] = {}
            for n in range(sizes["alerts"]):
                feed.values["overdue"] = 200
                alert = until(lambda: next((a for a in hub.call("GET", "/alerts").json()["alerts"]
                                            if a["indicator"] == OVERDUE and a["id"] not in raised), None),
                              30, f"alert {n} raised")
                raised[alert["id"]] = alert["raised_at"]
                until(lambda a=alert["id"]: phones.holding(a) == len(cookies), 30, "every phone holds the alert")
                feed.values["overdue"] = 20
                until(lambda a=alert["id"]: not any(x["id"] == a for x in hub.call("GET", "/alerts").json()[
                    "alerts"]), 30, "the alert cleared")
            cpu = (cpu_s(hub.proc.pid) - cpu0) / (time.monotonic() - t0) * 100
            until(lambda: len(inbox.messages) >= len(raised), 60, "every alert's e-mail")
            phones.stop()
            phone_ms = [(got - raised[a]) * 1000 for a, times in phones.received.items() if a in raised
                        for got in times]
            email_ms = []
            for m in inbox.messages:
                # the longest id in it: ".../threshold/1" is in the text of ".../threshold/12" too
                alert_id = max((a for a in raised if a in m.text), key=len, default=None)
                if alert_id is not None:
                    email_ms.append((m.arrived - raised[alert_id]) * 1000)
            missed = sum(len(cookies) - len(phones.received.get(a, [])) for a in raised)
            return {"phones": len(cookies), "alerts": len(raised),
                    "phone_alert_ms_p50": round(percentile(phone_ms, 50)),
                    "phone_alert_ms_p99": round(percentile(phone_ms, 99)), "phones_missed": missed,
                    "hub_cpu_pct": round(cpu, 1), "emails": len(inbox.messages),
                    "email_ms_p50": round(percentile(email_ms, 50)) if email_ms else None,
                    "email_ms_p99": round(percentile(email_ms, 99)) if email_ms else None}
    finally:
        inbox.stop()


def sessions(api: str, logins: list[str], phones: int, password: str) -> list[str]:
    """``phones`` session cookies ("name=value"), signed in round the ``logins`` (each phone its own session)."""
    import requests

    cookies = []
    for n in range(phones):
        r = requests.post(api + "/session", json={"login": logins[n % len(logins)], "password": password},
                          timeout=60)
        r.raise_for_status()
        cookies.append(r.headers["Set-Cookie"].split(";", 1)[0])
    return cookies


class Phones:
    """Each phone's event stream (GET /api/v1/events with its cookie) read on one asyncio loop of its own thread:
    when each phone first got each alert (``received``: alert id -> arrival times, epoch seconds)."""

    def __init__(self, api: str, cookies: list[str]):
        from urllib.parse import urlsplit

        parts = urlsplit(api)
        self.host, self.port, self.path = parts.hostname, parts.port, parts.path + "/events"
        self.cookies = cookies
        self.received: dict[str, list[float]] = {}
        self.connected = 0
        self.ready = 0  # phones that had their first event
        self._lock = threading.Lock()
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._run, name="phones", daemon=True)
        self._tasks: list = []

    def holding(self, alert_id: str) -> int:
        with self._lock:
            return len(self.received.get(alert_id, []))

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        for task in self._tasks:
            self._loop.call_soon_threadsafe(task.cancel)
        self._thread.join(10)

    def _run(self) -> None:
        async def everyone():
            self._tasks = [asyncio.ensure_future(self._phone(c, n)) for n, c in enumerate(self.cookies)]
            await asyncio.gather(*self._tasks, return_exceptions=True)

        self._loop.run_until_complete(everyone())
        self._loop.close()

    async def _phone(self, cookie: str, n: int) -> None:
        # each phone from an address of its own, as phones are (the server holds at most 64 connections from one
        # address): 127.0.0.2, .3, ... all reach the hub on 127.0.0.1
        reader, writer = await asyncio.open_connection(self.host, self.port,
                                                       local_addr=(f"127.0.{1 + (n + 1) // 250}.{2 + n % 250}", 0))
        writer.write(f"GET {self.path}?client=phone HTTP/1.1\r\nHost: {self.host}:{self.port}\r\nCookie: {cookie}\r\n"
                     "Accept: text/event-stream\r\n\r\n".encode())
        await writer.drain()
        seen: set[str] = set()
        kind, first = None, True
        try:
            status = await reader.readline()
            assert b" 200 " in status, status
            with self._lock:
                self.connected += 1
            while line := await reader.readline():
                text = line.decode("utf-8", "replace").strip()
                if text.startswith("event:"):
                    kind = text[6:].strip()
                    if kind == "state" and first:
                        first = False
                        with self._lock:
                            self.ready += 1
                elif text.startswith("data:") and kind == "alert":
                    doc = json.loads(text[5:])
                    alert_id = doc.get("alert", {}).get("id")
                    if doc.get("event") == "raised" and alert_id and alert_id not in seen:
                        seen.add(alert_id)
                        with self._lock:
                            self.received.setdefault(alert_id, []).append(time.time())
        finally:
            writer.close()


if __name__ == "__main__":
    main()
