"""The hub's link through a real Mosquitto: retained readings reach a subscriber that comes late, the ACL keeps walls
from writing readings, a restarted broker is reconnected to, and bad messages are refused with their reason."""

from __future__ import annotations

import json
import threading

import pytest

from ioc_core.hublink.client import BrokerLink, parse_url
from ioc_core.hublink.credentials import HubLinkConfig
from ioc_core.hublink.messages import BadMessage, ReadingMessage, decode_readings, encode, encode_readings
from ioc_core.hublink.topics import Topics
from ioc_core.problems import InvalidFile
from tests.broker import Mosquitto
from tests.waiting import within as wait

T = Topics()
TOPIC = T.readings("dvc_dung_han")


@pytest.fixture
def broker(tmp_path):
    with Mosquitto(tmp_path / "broker") as b:
        yield b


class Inbox:
    def __init__(self):
        self.messages: dict[str, bytes] = {}
        self.lock = threading.Lock()

    def __call__(self, topic, payload, retained):
        with self.lock:
            self.messages[topic] = payload


def link(broker, user, **kw) -> BrokerLink:
    return BrokerLink(broker.url, f"test-{user}", username=user, password=broker.accounts[user], **kw)


def reading(value=96.5, region="province") -> ReadingMessage:
    return ReadingMessage("dvc_dung_han", region, "2026-12-06", value, 1_765_000_000.0, 1_765_000_005.0, "normal",
                          "dvc")


def test_a_late_subscriber_gets_the_retained_reading_and_a_wall_cannot_write_one(broker):
    hub = link(broker, "hub")
    hub.start()
    assert hub.wait_connected(10)
    hub.publish(TOPIC, encode_readings("dvc_dung_han", [reading()]))
    inbox = Inbox()
    wall = link(broker, "wall-a", subscriptions=T.wall_subscriptions(), on_message=inbox)
    wall.start()
    try:
        assert wall.wait_subscribed(10)
        assert wait(lambda: TOPIC in inbox.messages)
        assert decode_readings(TOPIC, inbox.messages[TOPIC]) == [reading()]
        # the ACL: a wall's reading is dropped by the broker, the hub's figure stays
        wall.publish(TOPIC, encode_readings("dvc_dung_han", [reading(1.0)]))
        assert wall.publish(T.wall_presence("wall-a"), encode({"state": "online", "wall": "wall-a"}))
        hub_inbox = Inbox()
        watcher = link(broker, "hub", subscriptions=[f"{T.prefix}/#"], on_message=hub_inbox)
        watcher.start()
        try:
            assert wait(lambda: T.wall_presence("wall-a") in hub_inbox.messages)
            assert decode_readings(TOPIC, hub_inbox.messages[TOPIC])[0].value == 96.5
        finally:
            watcher.stop()
    finally:
        wall.stop()
        hub.stop()


def test_a_restarted_broker_is_reconnected_to_and_subscriptions_made_again(broker):
    changes = []
    inbox = Inbox()
    wall = link(broker, "wall-a", subscriptions=T.wall_subscriptions(), on_message=inbox,
                on_connection=lambda up, why: changes.append(up))
    wall.start()
    hub = link(broker, "hub")
    hub.start()
    try:
        assert wall.wait_subscribed(10) and hub.wait_connected(10)
        broker.kill()
        assert wait(lambda: not wall.connected and not hub.connected)
        broker.start()
        assert wait(lambda: wall.connected and hub.connected, 15)
        assert wall.wait_subscribed(10)
        hub.publish(TOPIC, encode_readings("dvc_dung_han", [reading(90.0)]))
        assert wait(lambda: TOPIC in inbox.messages)
        assert changes[:2] == [True, False] and changes[-1] is True
    finally:
        wall.stop()
        hub.stop()


def test_the_hubs_last_will_tells_walls_it_is_gone(broker):
    inbox = Inbox()
    wall = link(broker, "wall-a", subscriptions=T.wall_subscriptions(), on_message=inbox)
    wall.start()
    hub = link(broker, "hub", will=(T.presence, encode({"state": "offline", "hub": "h"})), keepalive=1)
    hub.start()
    try:
        assert hub.wait_connected(10) and wall.wait_subscribed(10)
        hub.publish(T.presence, encode({"state": "online", "hub": "h"}))
        assert wait(lambda: b"online" in inbox.messages.get(T.presence, b""))
        hub._client.socket().close()  # as when the hub's process dies: no DISCONNECT, the broker sends the will
        assert wait(lambda: b"offline" in inbox.messages.get(T.presence, b""), 10)
    finally:
        hub.stop()
        wall.stop()


@pytest.mark.parametrize("payload, said", [
    (b"not json", "not JSON"), (b"[1]", "JSON object"), (b'{"v": 9}', "version 9"),
    (encode({"indicator": "x", "region": "province", "period": "2026-12-06", "value": "12", "as_of": 1.0,
             "received": 1.0, "status": "normal", "source": "s"}), "'value'"),
    (encode({"indicator": "x", "region": "province", "period": "2026-12-06", "value": float("nan"), "as_of": 1.0,
             "received": 1.0, "status": "normal", "source": "s"}), "finite")])
def test_a_bad_reading_is_refused_with_its_topic_and_reason(payload, said):
    if payload.startswith(b'{"v":1,"indicator"'):  # a reading: as the one in an indicator's message
        payload = encode({"indicator": "x", "readings": [json.loads(payload)]})
    with pytest.raises(BadMessage, match=said) as info:
        decode_readings("ioc/readings/x", payload)
    assert "ioc/readings/x" in str(info.value)


def test_topics_refuse_wildcards_and_read_alert_ids_whole():
    assert T.parse(T.alert("dvc/province/threshold/7")) == ("alert", ("dvc/province/threshold/7",))
    assert T.parse(T.readings("a")) == ("readings", ("a",))
    assert T.parse("other/x") == ("", ())
    for bad in ("a+b", "a/b", "", "#"):
        with pytest.raises(ValueError):
            T.readings(bad)


def test_broker_urls():
    assert parse_url("mqtt://10.0.0.5") == ("10.0.0.5", 1883, False)
    assert parse_url("mqtts://hub.local:8884") == ("hub.local", 8884, True)
    for bad in ("http://x", "mqtt://", "mqtt://u:p@host"):
        with pytest.raises(ValueError):
            parse_url(bad)


def test_the_link_file_names_each_problem_and_never_shows_secrets(tmp_path):
    path = tmp_path / "hub-link.json"
    path.write_text('{"schema_version": 1, "hub": "ftp://x", "broker": {"url": "http://b", "username": 3}}')
    with pytest.raises(InvalidFile) as info:
        HubLinkConfig.load(path)
    text = str(info.value)
    for said in ("hub-link.json: hub", "token: is required", "broker.url", "broker.username: must be text",
                 "broker.password: is required"):
        assert said in text
    path.write_text('{"schema_version": 1, "hub": "https://hub:8443/api/v1/", "token": "T0KEN", "wall": "a",'
                    ' "broker": {"url": "mqtt://127.0.0.1:1883", "username": "a", "password": "PA55"}}')
    config = HubLinkConfig.load(path)
    assert config.hub == "https://hub:8443/api/v1" and config.broker.password == "PA55"
    assert "T0KEN" not in repr(config) and "PA55" not in repr(config) and "PA55" not in str(config.public())


def test_an_indicators_readings_travel_as_one_message_and_a_bad_one_is_named():
    from ioc_core.hublink.messages import decode_readings, encode_readings

    readings = [ReadingMessage("dvc_dung_han", region, "2026-12-06", 90.0 + n, 1.0, 2.0, "normal", "dvc", None)
                for n, region in enumerate(("province", "xa-a", "xa-b"))]
    topic = T.readings("dvc_dung_han")
    assert T.parse(topic) == ("readings", ("dvc_dung_han",))
    assert decode_readings(topic, encode_readings("dvc_dung_han", readings)) == readings
    assert decode_readings(topic, b"") == []
    rows = [{"region": "xa-a", "period": "2026-12-06", "value": 1, "as_of": 1, "received": 1, "status": "normal",
             "source": "s"}, {"region": "xa-b", "period": "2026-12-06", "value": "1,5", "as_of": 1, "received": 1,
                              "status": "normal", "source": "s"}]
    with pytest.raises(BadMessage, match=r"ioc/readings/dvc_dung_han: readings\[1\]: 'value'"):
        decode_readings(topic, encode({"indicator": "dvc_dung_han", "readings": rows}))


def test_a_tls_broker_is_reached_with_its_certificate_and_refused_without(tmp_path):
    with Mosquitto(tmp_path / "tls", tls=True) as broker:
        inbox = Inbox()
        wall = link(broker, "wall-a", ca_file=broker.ca_file, subscriptions=T.wall_subscriptions(), on_message=inbox)
        stranger = link(broker, "wall-b")  # the system's trust store: the broker's own certificate is not in it
        hub = link(broker, "hub", ca_file=broker.ca_file)
        for client in (wall, stranger, hub):
            client.start()
        try:
            assert hub.wait_connected(10) and wall.wait_subscribed(10)
            hub.publish(T.presence, encode({"state": "online", "hub": "h"}))
            assert wait(lambda: T.presence in inbox.messages)
            assert not stranger.wait_connected(1.5)
        finally:
            for client in (wall, stranger, hub):
                client.stop()
