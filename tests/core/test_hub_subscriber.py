"""The wall's side of the hub, Qt-free, through a real Mosquitto, a real HTTP server standing for the hub's API, and
a BrokerLink with the hub's account publishing what the hub publishes: the wall's own store ends up holding the
hub's readings (as of the hub's time), keeps them through outages, gets the charts' history, mirrors the alerts with
the events a person would see, and forwards acknowledgements with the token, never logging a secret."""

from __future__ import annotations

import json
import logging
import threading
import time
from datetime import date, datetime
from itertools import product

import pytest

from ioc_core.alerts.book import Alert, AlertBook
from ioc_core.catalogue import load_catalogue
from ioc_core.hublink.client import BrokerLink
from ioc_core.hublink.credentials import BrokerAccount, HubLinkConfig
from ioc_core.hublink.messages import HEARTBEAT_S, ReadingMessage, encode, encode_readings
from ioc_core.hublink.subscriber import HubSubscriber
from ioc_core.hublink.topics import Topics
from ioc_core.indicators.indicator_store import IndicatorStore, SourceHealth
from tests.broker import Mosquitto
from tests.fakeservers import ScriptedServer, closed_port_url
from tests.waiting import within as wait

T = Topics()
TOKEN = "hub-T0KEN-never-logged"
CATALOGUE = load_catalogue()
NOW = time.time()


def period_of(ind_id: str, day: date | None = None) -> str:
    day = day or date.fromtimestamp(NOW)
    kind = CATALOGUE.indicators[ind_id].period
    if kind == "instant":
        return datetime.fromtimestamp(NOW - 3600).replace(microsecond=0).isoformat()
    if kind == "year":
        return f"{day.year}-01-01"
    if kind == "quarter":
        return f"{day.year}-{(day.month - 1) // 3 * 3 + 1:02d}-01"
    if kind == "month":
        return f"{day.year}-{day.month:02d}-01"
    if kind == "week":
        return date.fromordinal(day.toordinal() - day.weekday()).isoformat()
    return day.isoformat()


def reading(ind: str, region: str = "province", value: float = 42.0, as_of: float = NOW - 120) -> ReadingMessage:
    return ReadingMessage(ind, region, period_of(ind), value, as_of, as_of + 2, "normal", "hub-src")


DAILY = next(i for i, ind in CATALOGUE.indicators.items() if ind.period == "day")


@pytest.fixture
def broker(tmp_path):
    with Mosquitto(tmp_path / "broker") as b:
        yield b


class FakeHub:
    """What ioc-hub does on the broker: its presence (with the last will), republished on every connection and
    every ``heartbeat_s`` (live, retained, with "at")."""

    def __init__(self, broker, readings: int = 0, heartbeat_s: float = HEARTBEAT_S):
        self.presence = {"state": "online", "hub": "hub-tinh", "since": NOW, "api": "http://127.0.0.1/api/v1",
                         "readings": readings, "alerts": 0}
        self.link = BrokerLink(broker.url, "ioc-hub-test", username="hub", password=broker.accounts["hub"],
                               will=(T.presence, encode({"state": "offline", "hub": "hub-tinh"})), keepalive=1,
                               on_connection=self._connected)
        self.held: dict[str, dict[str, ReadingMessage]] = {}
        self.heartbeat_s = heartbeat_s
        self._quiet = threading.Event()
        self._beat: threading.Thread | None = None

    def _connected(self, up, why):
        if up:
            self.link.publish(T.presence, encode({**self.presence, "at": time.time()}))

    def _heartbeat(self):
        while not self._quiet.wait(self.heartbeat_s):
            if self.link.connected:
                self.link.publish(T.presence, encode({**self.presence, "at": time.time()}))

    def start(self):
        self.link.start()
        assert self.link.wait_connected(10)
        self._beat = threading.Thread(target=self._heartbeat, name="fake-hub-heartbeat", daemon=True)
        self._beat.start()
        return self

    def silence(self):
        """The heartbeat stops (a hub hung, or dead while the broker was down): the broker keeps its "online"."""
        self._quiet.set()
        if self._beat is not None:
            self._beat.join(5)

    def send(self, r: ReadingMessage):
        self.send_many([r])

    def send_many(self, readings: list[ReadingMessage]):
        """As the hub does: each indicator's message holds every region's latest reading of it."""
        for r in readings:
            self.held.setdefault(r.indicator, {})[r.region] = r
        for ind in dict.fromkeys(r.indicator for r in readings):
            self.link.publish(T.readings(ind), encode_readings(ind, list(self.held[ind].values())))

    def flush(self):
        """Every message so far at the broker: QoS 1 goes in order, so the last one acknowledged says so."""
        info = self.link._client.publish(f"{T.prefix}/hub/flush", b"", qos=1, retain=False)
        info.wait_for_publish(10)
        assert info.is_published()

    def stop(self):
        self.silence()
        self.link.stop()


@pytest.fixture
def hub(broker):
    h = FakeHub(broker)
    yield h
    h.stop()


@pytest.fixture
def api():
    server = ScriptedServer()
    yield server
    server.close()


def link_for(broker, api_url: str) -> HubLinkConfig:
    return HubLinkConfig(f"{api_url}/api/v1", TOKEN, BrokerAccount(broker.url, "wall-a", broker.accounts["wall-a"]),
                         wall="wall-a")


@pytest.fixture
def make(tmp_path, broker, api):
    made = []

    def factory(**kw) -> HubSubscriber:
        kw.setdefault("history", False)
        sub = HubSubscriber(link_for(broker, kw.pop("api_url", api.url)), CATALOGUE, tmp_path / "indicators.sqlite",
                            wall_name="Phòng họp", api_url="http://127.0.0.1:9/api/v1", **kw)
        made.append(sub)
        sub.start()
        return sub

    yield factory
    for sub in made:
        sub.stop()


def store_of(tmp_path) -> IndicatorStore:
    return IndicatorStore(tmp_path / "indicators.sqlite", CATALOGUE)


def test_every_retained_reading_is_stored_when_wait_synced_returns_as_of_the_hubs_time(tmp_path, broker, make):
    pairs = list(product(CATALOGUE.indicators, ["province", *CATALOGUE.regions]))[:3000]
    hub = FakeHub(broker, readings=len({ind for ind, _ in pairs})).start()  # the hub counts its indicators' topics
    try:
        hub.send_many([reading(ind, region, value=float(n % 90), as_of=NOW - 600 + n % 300)
                       for n, (ind, region) in enumerate(pairs)])
        hub.flush()
        started = time.monotonic()
        sub = make()
        assert sub.wait_synced(HUB_SYNC_S := 3.0), f"{sub.stored} of {len(pairs)} in {HUB_SYNC_S} s"
        took = time.monotonic() - started
        store = store_of(tmp_path)
        try:
            (count,) = store.db.execute("SELECT COUNT(*) FROM observations").fetchone()
            assert count == len(pairs), f"{count} stored of {len(pairs)} after {took:.2f} s"
            for n in (0, 1234, 2999):
                ind, region = pairs[n]
                got = store.latest(ind, region)
                assert got.value == float(n % 90) and got.observed_at == NOW - 600 + n % 300 and got.source == "hub-src"
        finally:
            store.close()
        state = sub.state
        assert state.link == "ok" and state.readings == len(pairs) and state.hub["hub"] == "hub-tinh"
        assert sub.received == len({ind for ind, _ in pairs}) and sub.rejected == 0
    finally:
        hub.stop()


def test_broker_down_then_back_and_new_readings_stored_without_restarting(tmp_path, broker, hub, make, caplog):
    caplog.set_level(logging.DEBUG)
    links = []
    got = []
    hub.start()
    hub.send(reading(DAILY, value=10.0))
    sub = make(on_link=lambda s: links.append(s.link), on_readings=got.append)
    assert sub.wait_synced(10) and sub.state.link == "ok"
    broker.kill()
    assert wait(lambda: sub.state.link == "broker-down")
    down_since = sub.state.since
    broker.start()
    assert wait(lambda: sub.state.link == "ok", 15)
    assert sub.state.since >= down_since
    hub.send(reading(DAILY, value=77.0, as_of=NOW - 5))
    assert wait(lambda: any(DAILY in ids for ids in got[1:]))
    store = store_of(tmp_path)
    try:
        assert wait(lambda: store.latest(DAILY).value == 77.0)
        assert store.latest(DAILY).observed_at == NOW - 5
    finally:
        store.close()
    assert "broker-down" in links and links[-1] == "ok"
    sub.stop()
    assert TOKEN not in caplog.text and broker.accounts["wall-a"] not in caplog.text
    assert not [t.name for t in threading.enumerate() if t.name.startswith(("hub-", "paho-mqtt-client-ioc-wall"))]


def test_the_hub_gone_says_hub_offline_and_the_values_stay(tmp_path, broker, hub, make):
    hub.start()
    hub.send(reading(DAILY, value=55.0))
    sub = make()
    assert sub.wait_synced(10) and sub.state.link == "ok"
    hub.link._client.socket().close()  # the hub's process dies: the broker sends its last will
    assert wait(lambda: sub.state.link == "hub-offline", 10)
    assert sub.state.hub == {"v": 1, "state": "offline", "hub": "hub-tinh"}
    store = store_of(tmp_path)
    try:
        kept = store.latest(DAILY)
        assert kept.value == 55.0 and kept.observed_at == NOW - 120  # it ages from the hub's as-of, as before
    finally:
        store.close()


def test_no_hub_ever_is_synced_at_once_and_offline_and_the_wall_says_where_it_is(broker, make):
    seen = {}
    watcher = BrokerLink(broker.url, "watch", username="hub", password=broker.accounts["hub"],
                         subscriptions=[T.walls_all], on_message=lambda t, p, r: seen.__setitem__(t, json.loads(p)))
    watcher.start()
    try:
        assert watcher.wait_subscribed(10)
        sub = make()
        assert sub.wait_synced(5)
        assert wait(lambda: sub.state.link == "hub-offline") and sub.state.hub is None
        topic = T.wall_presence("wall-a")
        assert wait(lambda: seen.get(topic, {}).get("state") == "online")
        assert seen[topic] == {"v": 1, "state": "online", "wall": "wall-a", "api": "http://127.0.0.1:9/api/v1",
                               "since": pytest.approx(time.time(), abs=30)}
        sub.stop()
        assert wait(lambda: seen[topic]["state"] == "offline")
    finally:
        watcher.stop()


def test_a_bad_payload_is_skipped_logged_once_and_the_next_one_stored(tmp_path, hub, make, caplog):
    hub.start()
    other = next(i for i in CATALOGUE.indicators if i != DAILY)
    sub = make()
    assert sub.wait_synced(10)
    topic = T.readings(DAILY)
    hub.link.publish(topic, b"not json")
    hub.link.publish(topic, encode({"indicator": DAILY}))
    hub.link.publish(T.readings("khong-co"),
                     encode_readings("khong-co", [ReadingMessage("khong-co", "province", "2026-12-01", 1.0, NOW, NOW)]))
    hub.send(reading(other, value=3.0))
    hub.send(reading(DAILY, value=4.0))
    store = store_of(tmp_path)
    try:
        assert wait(lambda: store.latest(DAILY) is not None and store.latest(other) is not None)
        assert store.latest(DAILY).value == 4.0 and store.latest(other).value == 3.0
    finally:
        store.close()
    assert sub.rejected == 3
    said = [r.getMessage() for r in caplog.records if topic in r.getMessage()]
    assert len(said) == 1 and "not JSON" in said[0]
    assert any("khong-co" in r.getMessage() for r in caplog.records)


def alert_doc(**changes) -> dict:
    alert = Alert(f"{DAILY}/province/threshold/7", DAILY, CATALOGUE.indicators[DAILY].sector, "province",
                  "threshold", "warning", "Vượt ngưỡng", "Over the threshold", 81.0, NOW - 60, NOW - 60)
    return {**alert.to_json(), **changes}


def test_alerts_are_mirrored_with_the_events_a_person_sees(tmp_path, hub, make):
    book = AlertBook(tmp_path / "alerts.json")
    events = []
    book.subscribe(lambda alert, event: events.append((event, alert.acknowledged_by)))
    hub.start()
    aid = f"{DAILY}/province/threshold/7"
    sub = make(on_alert=book.mirror)
    assert sub.wait_synced(10)
    hub.link.publish(T.alert(aid), encode(alert_doc()))
    assert wait(lambda: len(events) == 1)
    hub.link.publish(T.alert(aid), encode(alert_doc(acknowledged_by="Trực ban", acknowledged_at=NOW)))
    assert wait(lambda: len(events) == 2)
    hub.link.publish(T.alert(aid), encode(alert_doc(acknowledged_by="Trực ban", acknowledged_at=NOW,
                                                    cleared_at=NOW + 1)))
    assert wait(lambda: len(events) == 3)
    assert events == [("raised", None), ("acknowledged", "Trực ban"), ("cleared", "Trực ban")]
    assert book.get(aid).cleared_at == NOW + 1 and not book.open_for(DAILY)
    saved = json.loads((tmp_path / "alerts.json").read_text())
    assert [a["id"] for a in saved["alerts"]] == [aid]
    hub.link.publish(T.alert(aid), b"")  # gone from the hub's book
    assert wait(lambda: book.get(aid) is None)


def test_history_from_the_hubs_api_is_stored_retried_when_unreachable(tmp_path, api, hub, make):
    rows = [[f"2026-11-{d:02d}", float(d), NOW - 86400 * (30 - d), "hub-src", None] for d in range(1, 29)]
    asked = []

    def history(query):
        asked.append(query)
        if "region" not in query:
            return 400, {"error": "region is required"}
        if len([q for q in asked if "region" in q]) == 1:
            return 503, {"error": "starting"}
        return 200, {"indicator": query["indicator"], "region": query["region"], "rows": rows}

    api.routes["/api/v1/history"] = history
    got = []
    hub.start()
    hub.send(reading(DAILY, value=29.0))
    sub = make(history=True, on_readings=got.append)
    assert sub.wait_synced(10)
    store = store_of(tmp_path)
    try:
        assert wait(lambda: len(store.history(DAILY)) == len(rows) + 1, 10)
        series = store.history(DAILY)
        assert list(series["value"])[:3] == [1.0, 2.0, 3.0] and series["observed_at"].iloc[0] == NOW - 86400 * 29
        assert store.latest(DAILY).value == 29.0
    finally:
        store.close()
    assert [q.get("region") for q in asked] == [None, "province", "province"]
    assert sub.history_rows == len(rows) and frozenset({DAILY}) in got
    headers = api.requests[-1][2]
    assert headers["Authorization"] == f"Bearer {TOKEN}"


def test_an_acknowledgement_is_forwarded_with_the_token_and_the_walls_name(api, make, caplog):
    aid = f"{DAILY}/province/threshold/7"
    api.routes[f"/api/v1/alerts/{aid}/ack"] = (200, {"acknowledged": True, "by": "Trực ban"})
    sub = make()
    assert sub.acknowledge(aid, "Trực ban", "console-1") == (200, {"acknowledged": True, "by": "Trực ban"})
    path, _, headers = api.requests[-1]
    assert path == f"/api/v1/alerts/{aid}/ack" and api.methods[-1] == "POST"
    assert json.loads(api.bodies[-1]) == {"by": "Trực ban", "wall": "Phòng họp", "client": "console-1"}
    assert headers["Authorization"] == f"Bearer {TOKEN}" and headers["X-IOC-Client"] == "Ph%C3%B2ng%20h%E1%BB%8Dp"
    api.routes.pop(f"/api/v1/alerts/{aid}/ack")
    assert sub.acknowledge(aid, "Trực ban")[0] == 404


def test_an_unreachable_hub_answers_status_0_and_logs_no_secret(make, caplog):
    caplog.set_level(logging.DEBUG)
    sub = make(api_url=closed_port_url())
    status, doc = sub.acknowledge("x/province/threshold/1", "Trực ban")
    assert status == 0 and "cannot reach the hub" in doc["error"]
    assert TOKEN not in caplog.text and TOKEN not in repr(sub.state)


# -- the parts on their own -----------------------------------------------------------------------------------
def test_store_mirror_keeps_the_rows_as_given_skips_the_unknown_and_the_newer_wins(tmp_path):
    store = IndicatorStore(tmp_path / "s.sqlite", CATALOGUE)
    try:
        p = period_of(DAILY)
        n = store.mirror([(DAILY, "province", p, 5.0, NOW - 10, "hub", None),
                          ("khong-co", "province", p, 1.0, NOW, "hub", None),
                          (DAILY, "xa-khong-co", p, 1.0, NOW, "hub", None),
                          (DAILY, "province", p, float("nan"), NOW, "hub", None)])
        assert n == 1 and store.mirror_skipped == 3
        assert store.mirror([(DAILY, "province", p, 6.0, NOW - 20, "hub", None)]) == 1  # older: kept out
        assert store.latest(DAILY).value == 5.0 and store.latest(DAILY).observed_at == NOW - 10
        store.mirror([(DAILY, "province", p, 7.0, NOW - 5, "hub", 12)])
        assert store.latest(DAILY).value == 7.0 and store.latest(DAILY).parts == 12
        store.record_fetch("own-source", received=3)
        store.mirror_health([{"source": "dvc", "last_success": NOW, "consecutive_errors": 0, "error_count": 2,
                              "records_received": 9, "records_rejected": 1, "extra": "ignored"},
                             {"source": "tnmt", "last_error": NOW, "last_error_message": "HTTP 503",
                              "consecutive_errors": 3}, {"no": "source"}])
        health = {h.source: h for h in store.health()}
        assert set(health) == {"dvc", "tnmt"}
        assert health["tnmt"] == SourceHealth("tnmt", None, None, NOW, "HTTP 503", 0, 3, 0, 0)
        assert health["dvc"].error_count == 2 and health["dvc"].last_success == NOW
    finally:
        store.close()


def test_book_mirror_events_and_indexes(tmp_path):
    book = AlertBook(tmp_path / "a.json")
    seen = []
    book.subscribe(lambda alert, event: seen.append(event))
    aid = f"{DAILY}/province/threshold/7"
    assert book.mirror(aid, alert_doc()) == "raised"
    assert book.mirror(aid, alert_doc()) is None  # the same again: nothing
    assert book.mirror(aid, alert_doc(value=90.0)) == "updated"
    assert book.mirror(aid, alert_doc(severity="critical")) == "escalated"
    assert [a.id for a in book.open_for(DAILY)] == [aid]
    assert book.mirror(aid, alert_doc(severity="critical", cleared_at=NOW)) == "cleared"
    assert book.open_for(DAILY) == []
    assert book.mirror(aid, alert_doc(severity="critical")) == "raised"  # open again
    assert book.mirror(aid, None) == "cleared" and book.get(aid) is None and book.open_for(DAILY) == []
    closed = f"{DAILY}/province/threshold/3"
    assert book.mirror(closed, alert_doc(cleared_at=NOW)) == "updated"  # an old one, first seen: no news
    assert book.mirror(closed, {"severity": "critical"}) is None and book.get(closed).severity == "warning"
    assert seen == ["raised", "updated", "escalated", "cleared", "raised", "cleared", "updated"]
    assert [a["id"] for a in json.loads((tmp_path / "a.json").read_text())["alerts"]] == [closed]
    with book.batch():
        book.mirror(aid, alert_doc())
        assert [a["id"] for a in json.loads((tmp_path / "a.json").read_text())["alerts"]] == [closed]
    assert len(json.loads((tmp_path / "a.json").read_text())["alerts"]) == 2


def test_the_hubs_certificate_is_pinned_and_a_wrong_one_gets_nothing(tmp_path, broker):
    from ioc_core.api.identity import load_or_make
    from ioc_core.hublink.hubapi import HubApiClient

    identity = load_or_make(tmp_path / "hub", "hub-tinh", ["127.0.0.1"])
    server = ScriptedServer()
    try:
        server.httpd.socket = identity.ssl_context().wrap_socket(server.httpd.socket, server_side=True)
        url = server.url.replace("http://", "https://")
        server.routes["/api/v1/history"] = (200, {"indicator": DAILY, "region": "province",
                                                  "rows": [["2026-11-01", 1.0, NOW, "hub-src", None]]})
        good = link_for(broker, url)
        client = HubApiClient(HubLinkConfig(good.hub, TOKEN, good.broker, "wall-a", identity.fingerprint), "wall-a")
        try:
            assert client.history(DAILY, "province") == [[DAILY, "province", "2026-11-01", 1.0, NOW, "hub-src", None]]
        finally:
            client.close()
        assert len(server.requests) == 1
        wrong = HubApiClient(HubLinkConfig(good.hub, TOKEN, good.broker, "wall-a", "ab" * 32), "wall-a")
        try:
            status, doc = wrong.acknowledge("x/province/threshold/1", "Trực ban")
        finally:
            wrong.close()
        assert status == 0 and "not the pinned one" in doc["error"] and len(server.requests) == 1
    finally:
        server.close()


# -- the hub's heartbeat (review 1), the lost time kept (11), history gaps filled (3) ------------------------------
def test_a_hub_whose_heartbeat_stops_is_offline_within_the_timeout_though_the_broker_says_online(broker, make):
    hub = FakeHub(broker, heartbeat_s=0.2).start()
    try:
        hub.send(reading(DAILY, value=12.0))
        sub = make(presence_timeout_s=1.0)
        assert sub.wait_synced(10) and sub.state.link == "ok"
        held = time.monotonic()
        assert not wait(lambda: sub.state.link != "ok", 2.5)  # beats heard: ok well past the timeout
        assert time.monotonic() - held >= 2.5
        hub.silence()  # a hung hub: its connection, and its retained "online" at the broker, stay
        quiet = time.monotonic()
        assert wait(lambda: sub.state.link == "hub-offline", 5)
        assert 0.8 <= time.monotonic() - quiet <= 3.0
        assert sub.state.hub["state"] == "offline" and sub.state.hub["hub"] == "hub-tinh"
        assert sub.state.lost_since == pytest.approx(sub.state.since)
        hub.link.publish(T.presence, encode({**hub.presence, "at": time.time()}))  # it speaks again
        assert wait(lambda: sub.state.link == "ok", 5) and sub.state.lost_since is None
    finally:
        hub.stop()


def test_a_broker_restarted_from_its_saved_state_after_the_hub_died_says_hub_offline(tmp_path, make):
    """The reviewer's scenario: the broker crashes, the hub dies while it is down (no last will: no broker to send
    it), the broker comes back with its saved retained "online"."""
    with Mosquitto(tmp_path / "persisted", persistence=True) as broker:
        hub = FakeHub(broker, heartbeat_s=0.2).start()
        sub = None
        try:
            hub.send(reading(DAILY, value=12.0))
            hub.flush()
            published = time.time()
            saved = tmp_path / "persisted" / "mosquitto.db"
            assert wait(lambda: saved.exists() and saved.stat().st_mtime > published + 0.5, 10)  # autosave 1 s
            sub = HubSubscriber(link_for(broker, "http://127.0.0.1:9"), CATALOGUE, tmp_path / "indicators.sqlite",
                                wall_name="wall-a", history=False, presence_timeout_s=1.5)
            links = []
            sub.on_link = lambda s: links.append(s)
            sub.start()
            assert sub.wait_synced(10) and sub.state.link == "ok"
            broker.kill()
            hub.silence()
            hub.link._client.loop_stop()  # the hub dies meanwhile: no goodbye, no will
            assert wait(lambda: sub.state.link == "broker-down")
            broker.start()
            assert wait(lambda: sub.state.hub is not None and sub.state.link == "hub-offline", 10)
            after = [s.link for s in links][[s.link for s in links].index("broker-down"):]
            assert "ok" in after, "the broker replayed the saved 'online' (the scenario is the reviewer's)"
            assert not wait(lambda: sub.state.link != "hub-offline", 2.0)  # for good: nobody beats
        finally:
            if sub is not None:
                sub.stop()
            hub.link.stop()


def test_the_band_keeps_the_time_the_link_was_first_lost_from_broker_down_to_hub_offline(broker, hub, make):
    hub.start()
    sub = make()
    assert sub.wait_synced(10) and sub.state.link == "ok" and sub.state.lost_since is None
    broker.kill()
    hub.silence()
    hub.link._client.loop_stop()  # the hub dies while the broker is down; the broker comes back empty
    assert wait(lambda: sub.state.link == "broker-down")
    lost = sub.state.lost_since
    assert lost == sub.state.since
    broker.start()
    assert wait(lambda: sub.state.link == "hub-offline", 15)
    assert sub.state.since > lost and sub.state.lost_since == lost


def test_periods_stored_at_the_hub_while_the_wall_was_cut_off_fill_in_its_history(tmp_path, broker, api, make):
    days = [date.fromordinal(date.fromtimestamp(NOW).toordinal() - n) for n in (5, 4, 3, 2, 1, 0)]
    periods = [period_of(DAILY, d) for d in days]
    at_hub: dict[str, list] = {}  # the hub's store: period -> row

    def store_at_hub(n):
        at_hub[periods[n]] = [periods[n], float(n), NOW - 3600 * (6 - n), "hub-src", None]
        return ReadingMessage(DAILY, "province", periods[n], float(n), NOW - 3600 * (6 - n), NOW, "normal", "hub-src")

    def history(query):
        if "region" not in query:
            return 400, {"error": "region is required"}
        rows = [r for p, r in sorted(at_hub.items()) if p >= query.get("since", "")]
        return 200, {"indicator": query["indicator"], "region": query["region"], "rows": rows}

    api.routes["/api/v1/history"] = history
    hub = FakeHub(broker).start()
    try:
        hub.send(store_at_hub(0))
        sub = make(history=True)
        assert sub.wait_synced(10)

        def held():
            s = store_of(tmp_path)
            try:
                return list(s.history(DAILY)["period"].astype(str).str[:10]) if len(s.history(DAILY)) else []
            finally:
                s.close()

        assert wait(lambda: held() == [p[:10] for p in periods[:1]])
        # the wall's first question (the whole series) answered before the cut: what comes later is the catch-up
        assert wait(lambda: any(path == "/api/v1/history" and "region" in q and "since" not in q
                                for path, q, _ in list(api.requests)))
        assert wait(lambda: sub.history_rows >= 1)  # and its answer stored
        broker.kill()  # the wall is cut off; the hub stores two periods meanwhile and holds the latest
        assert wait(lambda: sub.state.link == "broker-down")
        store_at_hub(1)
        latest = store_at_hub(2)
        hub.held[DAILY] = {"province": latest}
        broker.start()
        assert hub.link.wait_connected(10)
        hub.send(latest)  # the hub republishes what it holds: the latest only
        assert wait(lambda: held() == [p[:10] for p in periods[:3]], 10), held()
        since = [q for path, q, _ in api.requests if path == "/api/v1/history" and "since" in q]
        assert {"indicator": DAILY, "region": "province", "since": periods[0]} in since
        # several periods in one fetch of the hub's: only the last is published
        store_at_hub(3)
        store_at_hub(4)
        hub.send(store_at_hub(5))
        assert wait(lambda: held() == [p[:10] for p in periods], 10), held()
        asked = [q for path, q, _ in api.requests if path == "/api/v1/history"]
        assert asked.count({"indicator": DAILY, "region": "province", "since": periods[2]}) == 1
        assert not [q for q in asked if q.get("since") not in (None, periods[0], periods[2])]
    finally:
        hub.stop()


def test_a_figure_only_confirmed_again_is_told_apart_from_a_new_one(tmp_path, hub, make):
    """The hub republishes a figure at every fetch with its newer as-of: the wall stores the newer as-of (its age
    is right) but tells its views it was only confirmed, so it never takes a new figure's turn."""
    new, confirmed = [], []
    hub.start()
    hub.send(reading(DAILY, value=10.0, as_of=NOW - 60))
    sub = make(on_readings=new.append, on_aged=confirmed.append)
    assert sub.wait_synced(10)
    assert wait(lambda: any(DAILY in ids for ids in new))
    told = len(new)
    hub.send(reading(DAILY, value=10.0, as_of=NOW - 5))  # the same figure, fetched again
    assert wait(lambda: any(DAILY in ids for ids in confirmed))
    assert len(new) == told
    store = store_of(tmp_path)
    try:
        assert wait(lambda: store.latest(DAILY).observed_at == NOW - 5)
    finally:
        store.close()
    hub.send(reading(DAILY, value=11.0, as_of=NOW - 1))  # a new figure
    assert wait(lambda: len(new) > told and DAILY in new[-1])
