"""ioc-hub, the province's data hub (issue 22), as walls meet it: a real Mosquitto on 127.0.0.1 (tests/broker.py), a
real ``ioc-hub`` process (tests/hubproc.py) fetching HTTP sources served here (tests/fakeservers.py), and a wall's
subscriber (ioc_core/hublink's BrokerLink with a wall's broker account)."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import threading
import time
from datetime import datetime
from pathlib import Path

import pytest
import requests

from ioc_core.hublink.client import BrokerLink
from ioc_core.hublink.credentials import HubLinkConfig
from ioc_core.hublink.messages import decode, decode_readings
from ioc_core.hublink.topics import Topics

from ..broker import Mosquitto
from ..hubproc import READY, HubProcess, write_broker_link
from ..hubsite import Feed

ROOT = Path(__file__).resolve().parents[2]
T = Topics("ioc")
OVERDUE = "hcc-ho-so-tre-han"  # lower is better: warning above 50, critical above 150 (the shipped catalogue)
RECEIVED = "hcc-ho-so-tiep-nhan"


class Wall:
    """A wall's subscriber: the latest payload of every topic it was sent, and a way to wait for one."""

    def __init__(self, broker: Mosquitto, user: str = "wall-a", password: str | None = None):
        self.messages: dict[str, bytes] = {}
        self.count: dict[str, int] = {}
        self._changed = threading.Condition()
        self.link = BrokerLink(broker.url, f"test-{user}-{time.monotonic_ns()}", username=user,
                               password=password if password is not None else broker.accounts[user],
                               subscriptions=[T.presence, T.indicators_all, T.alerts_all, T.health],
                               on_message=self._message)

    def _message(self, topic: str, payload: bytes, retained: bool) -> None:
        with self._changed:
            self.messages[topic] = payload
            self.count[topic] = self.count.get(topic, 0) + 1
            self._changed.notify_all()

    def wait(self, what, timeout: float = 20.0, why: str = ""):
        """``what()`` until it is truthy (re-asked at each message), its answer; AssertionError after ``timeout``."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                got = what()
                if got:
                    return got
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"not within {timeout} s: {why}; topics: {sorted(self.messages)}")
                self._changed.wait(left)

    def presence(self) -> dict | None:
        return decode(T.presence, self.messages.get(T.presence, b""))

    def reading(self, indicator: str, region: str = "province"):
        payload = self.messages.get(T.readings(indicator))
        if not payload:
            return None
        return next((r for r in decode_readings(T.readings(indicator), payload) if r.region == region), None)

    def alert(self, alert_id: str) -> dict | None:
        return decode(T.alert(alert_id), self.messages.get(T.alert(alert_id), b""))

    def __enter__(self) -> Wall:
        self.link.start()
        assert self.link.wait_subscribed(10), "the wall's subscriptions were not acknowledged"
        return self

    def __exit__(self, *exc) -> None:
        self.link.stop()


@pytest.fixture
def broker(tmp_path):
    mq = Mosquitto(tmp_path / "mosquitto")
    mq.start()
    try:
        yield mq
    finally:
        mq.stop()


@pytest.fixture
def feed():
    f = Feed()
    try:
        yield f
    finally:
        f.server.close()


@pytest.fixture
def start_hub(tmp_path, broker, feed):
    """start_hub(*extra args) -> a running HubProcess on this test's broker and feed; every one ended at the end."""
    started: list[HubProcess] = []
    link = write_broker_link(tmp_path / "hub-broker.json", broker)
    sources = feed.sources_file(tmp_path)

    def start(*args: str) -> HubProcess:
        hub = HubProcess(tmp_path / "hub", "--sources", str(sources), "--broker-link", str(link), "--name",
                         "hub-test", *args)
        started.append(hub)
        hub.wait_for(READY, 60)
        return hub

    try:
        yield start
    finally:
        for hub in started:
            hub.stop()


def test_a_reading_reaches_a_wall_retained_and_a_change_within_its_cadence(broker, feed, start_hub):
    hub = start_hub()
    with Wall(broker) as wall:  # subscribes after the hub published: what it gets is the broker's retained copy
        first = wall.wait(lambda: wall.reading(OVERDUE), why="the overdue reading")
        assert (first.value, first.period, first.status) == (20.0, datetime.now().strftime("%Y-%m-%d"), "normal")
        assert first.source == "igate" and abs(first.as_of - time.time()) < 30 and first.received >= first.as_of
        presence = wall.wait(lambda: (p := wall.presence()) and p["readings"] >= 2 and p, why="presence")
        assert presence["state"] == "online" and presence["hub"] == "hub-test"
        assert presence["api"] == hub.api_url()
        health = wall.wait(lambda: decode(T.health, wall.messages.get(T.health, b"")), why="health")
        assert [s["source"] for s in health["sources"]] == ["igate"]
        assert "password" not in json.dumps(health) and "token" not in json.dumps(health)

        feed.values["overdue"] = 90  # the source's every_s is 1 s: the change is on the wall within a few
        changed_at = time.monotonic()
        now = wall.wait(lambda: (r := wall.reading(OVERDUE)) and r.value == 90 and r, 10, "the changed value")
        assert time.monotonic() - changed_at < 5
        assert now.status == "warning" and now.as_of > first.as_of
        assert wall.reading(RECEIVED).value == 1000  # every region's and indicator's latest, each in its message


def test_the_hub_killed_goes_offline_at_once_and_restarted_republishes(broker, feed, start_hub):
    hub = start_hub()
    with Wall(broker) as wall:
        wall.wait(lambda: wall.reading(OVERDUE), why="the first reading")
        hub.kill()  # no goodbye: the broker speaks the hub's last will
        offline = wall.wait(lambda: (p := wall.presence()) and p["state"] == "offline" and p, 10, "the last will")
        assert offline["hub"] == "hub-test"
    feed.values["overdue"] = 33
    broker.restart()  # without persistence: nothing retained any more
    with Wall(broker) as empty:  # the broker holds nothing now
        assert empty.reading(OVERDUE) is None and empty.presence() is None
    hub = start_hub()
    with Wall(broker) as wall:
        wall.wait(lambda: (p := wall.presence()) and p["state"] == "online", 20, "online again")
        # the stored reading at once (republished on connecting), then the source's new figure
        wall.wait(lambda: (r := wall.reading(OVERDUE)) and r.value == 33, 20, "the readings again")
        assert hub.stop() == 0  # SIGTERM: a clean goodbye (no last will), the hub says it is offline itself
        wall.wait(lambda: (p := wall.presence()) and p["state"] == "offline", 10, "offline on stopping")
    assert "hub stopped" in hub.log


def test_a_broker_restarted_empty_gets_everything_back_from_the_hub(broker, feed, start_hub):
    hub = start_hub()
    with Wall(broker) as wall:
        wall.wait(lambda: wall.reading(RECEIVED) and wall.reading(OVERDUE), why="the readings")
    feed.values["overdue"] = 200  # critical: an alert in the book, published retained
    with Wall(broker) as wall:
        wall.wait(lambda: any(t.startswith("ioc/alerts/") for t in wall.messages), 20, "an alert")
    broker.restart()  # killed: no persistence, every retained message gone
    with Wall(broker) as wall:
        wall.wait(lambda: (p := wall.presence()) and p["state"] == "online", 20, "the hub's presence again")
        wall.wait(lambda: wall.reading(RECEIVED) and wall.reading(OVERDUE), 20, "every reading again")
        wall.wait(lambda: any(t.startswith("ioc/alerts/") for t in wall.messages), 20, "the alert again")
        wall.wait(lambda: T.health in wall.messages, 20, "the sources' health again")
    health = hub.call("GET", "/health", "viewer").json()
    assert health["broker"]["connected"] is True and health["readings"] >= 2 and health["alerts_open"] >= 1


def _alert_id(hub: HubProcess) -> str:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        alerts = hub.call("GET", "/alerts", "viewer").json()["alerts"]
        threshold = [a for a in alerts if a["indicator"] == OVERDUE and a["cause"] == "threshold"]
        if threshold:
            return threshold[0]["id"]
        time.sleep(0.1)
    raise AssertionError(f"no threshold alert within 20 s:\n{hub.log}")


def test_an_acknowledgement_is_recorded_once_and_published_to_every_wall(broker, feed, start_hub):
    feed.values["overdue"] = 200
    hub = start_hub()
    alert_id = _alert_id(hub)
    with Wall(broker) as wall_a, Wall(broker, "wall-b") as wall_b:
        wall_a.wait(lambda: wall_a.alert(alert_id), why="the alert on wall a")
        assert wall_a.alert(alert_id)["acknowledged_by"] is None
        # a wall forwards its operator's acknowledgement with its own token (add-wall made it, role operator)
        r = hub.call("POST", f"/alerts/{alert_id}/ack", json={"by": "Nguyễn Văn An", "wall": "wall-a",
                                                               "client": "bàn điều khiển 1"})
        assert r.status_code == 200 and r.json() == {"acknowledged": alert_id, "by": "Nguyễn Văn An"}
        for wall in (wall_a, wall_b):
            seen = wall.wait(lambda w=wall: (a := w.alert(alert_id)) and a["acknowledged_by"] and a, why="acked")
            assert seen["acknowledged_by"] == "Nguyễn Văn An" and seen["acknowledged_at"]
        again = hub.call("POST", f"/alerts/{alert_id}/ack", json={"by": "Trần Thị Bình", "wall": "wall-b"})
        assert again.status_code == 200 and again.json()["by"] == "Nguyễn Văn An"  # the first one stands
    audit = hub.call("GET", "/audit").text.splitlines()
    acks = [json.loads(line) for line in audit if "acknowledge_alert" in line]
    assert len(acks) == 1, audit
    assert acks[0]["who"] == "operator" and acks[0]["client"] == "bàn điều khiển 1"
    assert acks[0]["command"] == {"command": "acknowledge_alert", "alert": alert_id, "by": "Nguyễn Văn An",
                                  "wall": "wall-a"}
    assert hub.call("GET", "/audit", params={"verify": "1"}).json()["intact"] is True
    assert hub.call("POST", "/alerts/khong-co/province/threshold/1/ack", json={}).status_code == 404


def test_roles_and_tokens_as_on_the_wall(broker, feed, start_hub):
    feed.values["overdue"] = 200
    hub = start_hub()
    alert_id = _alert_id(hub)
    viewer = hub.call("POST", f"/alerts/{alert_id}/ack", "viewer", json={"by": "x"})
    assert viewer.status_code == 403 and "operator" in viewer.json()["error"]
    nobody = hub.call("GET", "/readings", None)
    assert nobody.status_code == 401 and nobody.headers["WWW-Authenticate"] == 'Bearer realm="ioc-hub"'
    assert hub.call("GET", "/audit", "viewer").status_code == 403
    assert hub.call("DELETE", "/readings", "viewer").status_code == 405
    assert hub.call("GET", "/no-such", "viewer").status_code == 404
    assert hub.call("GET", "/alerts", "viewer").json()["alerts"][0]["acknowledged_by"] is None
    info = hub.call("GET", "/hub", "viewer").json()
    assert info["name"] == "hub-test" and info["broker"] == {"url": broker.url} and info["topic_prefix"] == "ioc"
    catalogue = hub.call("GET", "/catalogue", "viewer").json()
    assert OVERDUE in catalogue["indicators"] and "hcc" in catalogue["sectors"] and catalogue["regions"]
    everything = json.dumps([hub.call("GET", p, "viewer").json() for p in ("/hub", "/health", "/readings")])
    assert broker.accounts["hub"] not in everything and broker.accounts["hub"] not in hub.log
    assert not any(t in hub.log for t in hub.tokens.values())


def test_history_over_http_oldest_first(broker, feed, start_hub):
    hub = start_hub()
    deadline = time.monotonic() + 20
    while not (readings := hub.call("GET", "/readings", "viewer").json()["readings"]) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert {(r["indicator"], r["region"], r["value"]) for r in readings} == {(OVERDUE, "province", 20.0),
                                                                              (RECEIVED, "province", 1000.0)}
    r = hub.call("GET", "/history", "viewer", params={"indicator": OVERDUE, "region": "province"})
    assert r.status_code == 200
    doc = r.json()
    today = datetime.now().strftime("%Y-%m-%d")
    assert doc["indicator"] == OVERDUE and doc["region"] == "province"
    assert [row[:2] for row in doc["rows"]] == [[today, 20.0]] and doc["rows"][0][3] == "igate"
    assert hub.call("GET", "/history", "viewer", params={"indicator": OVERDUE, "since": "2999-01-01"}
                    ).json()["rows"] == []
    assert hub.call("GET", "/history", "viewer", params={"indicator": "khong-co"}).status_code == 404
    assert hub.call("GET", "/history", "viewer").status_code == 400


def test_the_demo_hub_publishes_its_history_and_serves_https(tmp_path, broker):
    link = write_broker_link(tmp_path / "hub-broker.json", broker)
    hub = HubProcess(tmp_path / "hub", "--demo", "--broker-link", str(link), env={"IOC_HUB_API_PLAIN_HTTP": "0"})
    try:
        hub.wait_for(READY, 60)
        url = hub.api_url()
        assert url.startswith("https://127.0.0.1:")
        with Wall(broker) as wall:
            presence = wall.wait(lambda: (p := wall.presence()) and p["readings"] > 20 and p, 30, "the demo's")
            assert len(presence["fingerprint"]) == 64
            wall.wait(lambda: len([t for t in wall.messages if t.startswith("ioc/readings/")])
                      == wall.presence()["readings"], 30, "every indicator's message")
        with pytest.raises(requests.exceptions.SSLError):  # its own certificate: a wall pins it (the link file)
            requests.get(url + "/hub", timeout=5)
        r = requests.get(url + "/history", params={"indicator": OVERDUE, "region": "province"},
                         verify=str(tmp_path / "hub" / "api-cert.pem"),
                         headers={"Authorization": f"Bearer {hub.tokens['viewer']}"}, timeout=10)
        assert len(r.json()["rows"]) > 300  # the demo's 400 days
    finally:
        assert hub.stop() == 0


def test_add_wall_gives_a_link_file_a_wall_can_use(tmp_path, broker, start_hub):
    hub = start_hub()
    passwd = broker.folder / "passwd"
    out = tmp_path / "phong-hop" / "hub-link.json"
    done = subprocess.run([sys.executable, "-m", "ioc_hub", "add-wall", "phong-hop", "--state-dir", str(hub.state_dir),
                           "--broker-url", broker.url, "--passwd-file", str(passwd), "--out", str(out)],
                          cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "kill -HUP" in done.stdout and str(out) in done.stdout
    link = HubLinkConfig.load(out)
    assert (out.stat().st_mode & 0o777) == 0o600
    assert link.wall == "phong-hop" and link.broker.username == "phong-hop" and link.hub == hub.api_url()
    assert link.broker.password not in done.stdout + done.stderr and link.token not in done.stdout + done.stderr
    # the running hub lets the wall's token in (operator) without a restart
    r = requests.get(link.hub + "/hub", headers={"Authorization": f"Bearer {link.token}"}, timeout=10)
    assert r.status_code == 200
    broker.proc.send_signal(signal.SIGHUP)  # Mosquitto reads its password file again, as add-wall says
    # (refused before the reload is done, the client tries again by itself)
    with Wall(broker, link.broker.username, link.broker.password) as wall:
        got = wall.wait(lambda: (p := wall.presence()) and p["state"] == "online" and p, 10, "the hub's presence")
        assert got["hub"] == "hub-test" and wall.wait(lambda: wall.reading(OVERDUE), why="a reading")


def test_latest_rows_are_each_series_latest_period_in_one_read(tmp_path):
    from ioc_core.catalogue import load_catalogue
    from ioc_core.indicators.indicator_store import IndicatorStore
    from ioc_core.indicators.observation import Observation

    store = IndicatorStore(tmp_path / "s.sqlite", load_catalogue())
    try:
        report = store.ingest("igate", [
            Observation(OVERDUE, "2026-11-20", 7.0), Observation(OVERDUE, "2026-11-21", 9.0),
            Observation(RECEIVED, "2026-11-19", 100.0), Observation(RECEIVED, "2026-11-21", 120.0, "16681")])
        assert report.accepted == 4, report.rejected
        rows = store.latest_rows()
        assert [r[:4] for r in rows] == [(RECEIVED, "16681", "2026-11-21", 120.0),
                                         (RECEIVED, "province", "2026-11-19", 100.0),
                                         (OVERDUE, "province", "2026-11-21", 9.0)]
        assert rows[2][5] == "igate" and rows[2][4] > 0
        assert [r[:2] for r in store.latest_rows([RECEIVED])] == [(RECEIVED, "16681"), (RECEIVED, "province")]
        assert store.latest_rows([]) == []
    finally:
        store.close()


def test_a_token_issued_by_another_process_is_let_in_and_replaces_the_old(tmp_path):
    from ioc_core.api.tokens import TokenStore

    serving = TokenStore(tmp_path / "api-tokens.json")  # the running hub's
    first = TokenStore(tmp_path / "api-tokens.json").issue("phong-hop", "operator")  # add-wall, another process
    serving.refresh()
    who = serving.authenticate(f"Bearer {first}")
    assert (who.name, who.role) == ("phong-hop", "operator")
    second = TokenStore(tmp_path / "api-tokens.json").issue("phong-hop", "operator")  # the wall added again
    serving.refresh()
    assert serving.authenticate(f"Bearer {first}") is None and serving.authenticate(f"Bearer {second}").name == \
        "phong-hop"
    assert (tmp_path / "api-tokens.json").stat().st_mode & 0o777 == 0o600


def test_a_hub_started_before_its_broker_publishes_once_it_is_up(tmp_path, feed):
    mq = Mosquitto(tmp_path / "late-broker")  # not started yet: a power cut, the hub's PC up first
    hub = HubProcess(tmp_path / "hub", "--sources", str(feed.sources_file(tmp_path)), "--broker-link",
                     str(write_broker_link(tmp_path / "hub-broker.json", mq)), "--name", "hub-test")
    try:
        assert "not reachable yet (retrying)" in hub.wait_for(READY, 60)
        assert hub.call("GET", "/health", "viewer").json()["broker"]["connected"] is False
        deadline = time.monotonic() + 20
        while not hub.call("GET", "/readings", "viewer").json()["readings"]:  # it fetches and stores meanwhile
            assert time.monotonic() < deadline, hub.log
            time.sleep(0.1)
        mq.start()
        with Wall(mq) as wall:
            assert wall.wait(lambda: (r := wall.reading(OVERDUE)) and r.value == 20, 20, "the readings once up")
            # a wall's own presence, as walls publish it, is in the hub's answer
            wall.link.publish(T.wall_presence("wall-a"), json.dumps(
                {"v": 1, "state": "online", "wall": "wall-a", "api": "http://127.0.0.1:1/api/v1",
                 "since": 1.0}).encode())
            deadline = time.monotonic() + 10
            while "wall-a" not in (walls := hub.call("GET", "/hub", "viewer").json()["walls"]):
                assert time.monotonic() < deadline, walls
                time.sleep(0.1)
            assert walls["wall-a"]["state"] == "online"
    finally:
        hub.stop()
        mq.stop()


def test_the_hub_imports_where_qt_cannot():
    """tests/core runs where importing Qt fails: every module of the hub loads here (a server without a display)."""
    import importlib
    import pkgutil

    import ioc_hub

    names = sorted(m.name for m in pkgutil.walk_packages(ioc_hub.__path__, prefix="ioc_hub.") if m.name !=
                   "ioc_hub.__main__")
    assert {"ioc_hub.app", "ioc_hub.service", "ioc_hub.publisher", "ioc_hub.routes", "ioc_hub.accounts"} <= set(names)
    for name in names:  # (the wall and console packages: lint-imports' contract in pyproject.toml)
        importlib.import_module(name)


def _publisher(broker: Mosquitto):
    from ioc_core.catalogue import load_catalogue
    from ioc_core.hublink.credentials import BrokerAccount
    from ioc_hub.publisher import Publisher

    pub = Publisher(BrokerAccount(broker.url, "hub", broker.accounts["hub"]), "hub-test", T, load_catalogue())
    pub.start()
    assert pub.link.wait_connected(10), "the hub's publisher did not connect"
    return pub


def _wait(what, timeout: float, why: str):
    deadline = time.monotonic() + timeout
    while not (got := what()):
        assert time.monotonic() < deadline, f"not within {timeout} s: {why}"
        time.sleep(0.02)
    return got


def test_the_hub_says_it_is_online_live_every_heartbeat_and_stops_with_the_hub(broker):
    """A wall takes the hub as gone when it hears no LIVE presence for PRESENCE_TIMEOUT_S (a broker restarted from its
    saved state replays a retained "online" the dead hub's last will never replaced): the hub says it every
    HEARTBEAT_S, with the time it said it."""

    heard: list[tuple[float, dict]] = []
    changed = threading.Condition()

    def message(topic: str, payload: bytes, retained: bool) -> None:
        if not retained:
            with changed:
                heard.append((time.monotonic(), decode(topic, payload)))
                changed.notify_all()

    listener = BrokerLink(broker.url, "test-listener", username="wall-a", password=broker.accounts["wall-a"],
                          subscriptions=[T.presence], on_message=message)
    listener.start()
    try:
        assert listener.wait_subscribed(10)
        _heartbeats_heard(broker, heard, changed)
    finally:
        listener.stop()


def _heartbeats_heard(broker: Mosquitto, heard: list, changed: threading.Condition) -> None:
    from ioc_core.hublink.messages import HEARTBEAT_S

    pub = _publisher(broker)
    try:
        with changed:
            assert changed.wait_for(lambda: sum(d["state"] == "online" for _, d in heard) >= 4,
                                    4 * (HEARTBEAT_S + 1)), heard
        online = [(t, d) for t, d in heard if d["state"] == "online"]
        gaps = [b[0] - a[0] for a, b in zip(online, online[1:], strict=False)]
        assert max(gaps) <= HEARTBEAT_S + 1, gaps
        assert all(d["hub"] == "hub-test" and abs(d["at"] - time.time()) < 4 * (HEARTBEAT_S + 1) for _, d in online)
        assert [d["at"] for _, d in online] == sorted(d["at"] for _, d in online)
    finally:
        pub.stop()
    stopped_at = time.monotonic()
    assert not any(t.name == "hub-presence" and t.is_alive() for t in threading.enumerate())
    with changed:  # nothing said online after the hub's goodbye
        changed.wait_for(lambda: False, HEARTBEAT_S + 1)
        assert heard[-1][1]["state"] == "offline" and heard[-1][0] <= stopped_at + 0.5, heard[-3:]


def test_a_reading_in_flight_when_the_broker_died_does_not_replace_the_republished_latest(broker):
    """The broker stalls (a reading sent gets no acknowledgement), dies and comes back empty while the hub kept a newer
    reading: the broker must retain the hub's latest, not the old one Paho would send again after the republish."""
    import os

    pub = _publisher(broker)
    try:
        pub.take_rows([(OVERDUE, "province", "2026-12-07", 1.0, 1000.0, "s", None)])
        _wait(lambda: not pub.link._client._out_messages, 10, "the first reading acknowledged")
        os.kill(broker.proc.pid, signal.SIGSTOP)  # stalled: what is sent now is never acknowledged
        _wait(lambda: Path(f"/proc/{broker.proc.pid}/stat").read_text().split(") ", 1)[1][0] == "T", 5, "stopped")
        pub.take_rows([(OVERDUE, "province", "2026-12-07", 2.0, 2000.0, "s", None)])  # in flight
        broker.kill()
        _wait(lambda: not pub.link.connected, 15, "the hub sees the broker gone")
        pub.take_rows([(OVERDUE, "province", "2026-12-07", 3.0, 3000.0, "s", None)])  # held while it is down
        broker.start()
        assert pub.link.wait_connected(15)
        _wait(lambda: pub.link.connected and not pub.link._client._out_messages, 15, "everything acknowledged")
        with Wall(broker) as wall:  # a wall started now gets what the broker retains
            got = wall.wait(lambda: wall.reading(OVERDUE), why="the retained reading")
            assert (got.value, got.as_of) == (3.0, 3000.0)
    finally:
        pub.stop()


def test_an_acknowledgement_refused_as_busy_is_never_done_later(tmp_path, broker, monkeypatch):
    """The hub's thread busy past ACK_WAIT_S: the operator is answered 503 "try again", and the acknowledgement does not
    happen behind their back once the thread is free (no alert acknowledged, nothing in the audit log)."""
    import ioc_hub.service as service
    from ioc_core.alerts import AlertBook
    from ioc_core.catalogue import load_catalogue
    from ioc_core.hublink.credentials import BrokerAccount

    monkeypatch.setattr(service, "ACK_WAIT_S", 0.5)
    state = tmp_path / "hub"
    state.mkdir()
    AlertBook(state / service.BOOK_FILE).observe("tin-bao", "thoi-tiet", "province", "cap-test", "critical",
                                                 "Bão số 3", "Typhoon 3")
    [alert_id] = [a.id for a in AlertBook(state / service.BOOK_FILE).alerts()]
    settings = service.HubSettings(state, "hub-test", BrokerAccount(broker.url, "hub", broker.accounts["hub"]),
                                   api_bind="127.0.0.1", api_port=0, plain_http=True)
    hub = service.Hub(settings, load_catalogue(), [])
    hub.start()
    try:
        operator = hub.tokens.issue("ban-dieu-khien", "operator")
        url = f"{hub.api_url}/alerts/{alert_id}/ack"
        auth = {"Authorization": f"Bearer {operator}"}
        free, flushed = threading.Event(), threading.Event()
        hub._jobs.put(lambda: free.wait(30))  # the hub's thread busy (a slow check, a slow disk)
        r = requests.post(url, json={"by": "Nguyễn Văn An"}, headers=auth, timeout=10)
        assert r.status_code == 503 and "try again" in r.json()["error"]
        free.set()
        hub._jobs.put(flushed.set)  # after the acknowledgement's job, had it run
        assert flushed.wait(10)
        assert hub.book.get(alert_id).acknowledged_by is None
        audit = state / service.AUDIT_FILE
        assert not audit.exists() or "acknowledge_alert" not in audit.read_text(encoding="utf-8")
        r = requests.post(url, json={"by": "Trần Thị Bình"}, headers=auth, timeout=10)  # the thread free: done
        assert r.status_code == 200 and r.json()["by"] == "Trần Thị Bình"
        assert hub.book.get(alert_id).acknowledged_by == "Trần Thị Bình"
        acks = [json.loads(line)["command"] for line in audit.read_text(encoding="utf-8").splitlines()
                if "acknowledge_alert" in line]
        assert acks == [{"command": "acknowledge_alert", "alert": alert_id, "by": "Trần Thị Bình"}]
    finally:
        hub.stop()


def test_a_broker_link_readable_by_others_is_made_private_with_a_warning(tmp_path, broker, caplog):
    """The hub's broker link holds its broker password: left 0644 by hand, the hub makes it 0600 and says which file
    (never the password), as it does for its token file."""
    import logging
    import stat as st

    from ioc_hub.app import load_broker

    link = write_broker_link(tmp_path / "hub-broker.json", broker)
    link.chmod(0o644)
    with caplog.at_level(logging.WARNING, logger="hub"):
        account = load_broker(link)
    assert account.password == broker.accounts["hub"]
    assert st.S_IMODE(link.stat().st_mode) == 0o600
    warned = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert any(str(link) in m and "600" in m for m in warned), warned
    assert broker.accounts["hub"] not in caplog.text
    caplog.clear()
    load_broker(link)  # private: nothing to say
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]


def test_the_hub_tells_systemd_it_is_ready_from_its_main_process(tmp_path, broker, feed):
    """deploy/linux/ioc-hub.service is Type=notify, NotifyAccess=main: the hub's own process must send READY=1, once
    it serves (or systemd fails its start after the start timeout)."""
    import socket

    address = str(tmp_path / "notify.sock")
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as sock:
        sock.bind(address)
        sock.settimeout(60)
        hub = HubProcess(tmp_path / "hub", "--sources", str(feed.sources_file(tmp_path)), "--broker-link",
                         str(write_broker_link(tmp_path / "hub-broker.json", broker)), "--name", "hub-test",
                         env={"NOTIFY_SOCKET": address})
        try:
            data, _ = sock.recvfrom(4096)
            assert data == b"READY=1"
            hub.wait_for(READY, 10)  # told once it serves
            assert hub.call("GET", "/health", "viewer").status_code == 200
        finally:
            hub.stop()
