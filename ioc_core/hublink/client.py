"""``BrokerLink``: one connection to the MQTT broker through Eclipse Paho (paho-mqtt), shared by the hub (it
publishes, with a last will), the walls and the benchmark's subscribers (they subscribe).

Paho's network thread connects, reconnects on its own (0.2 s, doubling to 2 s) and calls back on that thread:
``on_message(topic, payload, retained)`` for each message, ``on_connection(connected, reason)`` on every change. The
subscriptions are made again on every connection, in the order given, so a broker restarted without its retained
store still sends what the hub republishes, and one restarted with it sends the retained messages again. Reasons
never hold the password."""

from __future__ import annotations

import logging
import ssl
import threading
import time
from collections.abc import Callable
from urllib.parse import urlsplit

import paho.mqtt.client as mqtt
from paho.mqtt.enums import CallbackAPIVersion, MQTTErrorCode

log = logging.getLogger(__name__)

DEFAULT_PORTS = {"mqtt": 1883, "mqtts": 8883}


def parse_url(url: str) -> tuple[str, int, bool]:
    """``mqtt://host:port`` or ``mqtts://host:port`` (TLS) -> (host, port, tls); ValueError says what is wrong."""
    parts = urlsplit(url)
    if parts.scheme not in DEFAULT_PORTS:
        raise ValueError(f"broker address {url!r}: mqtt://host:port or mqtts://host:port expected")
    if not parts.hostname:
        raise ValueError(f"broker address {url!r} has no host")
    if parts.username or parts.password:
        raise ValueError("the broker address must not hold a user or password (they go in the link file's fields)")
    try:
        port = parts.port or DEFAULT_PORTS[parts.scheme]
    except ValueError:
        raise ValueError(f"broker address {url!r}: the port is not a number from 1 to 65535") from None
    return parts.hostname, port, parts.scheme == "mqtts"


class BrokerLink:
    """A client of the broker; ``start`` once (returns at once: the connection is made in the background), ``stop``
    once. ``publish`` while disconnected queues in Paho (QoS 1 messages go out once connected again)."""

    def __init__(self, url: str, client_id: str, *, username: str = "", password: str = "",
                 ca_file: str | None = None, will: tuple[str, bytes] | None = None,
                 subscriptions: list[str] | tuple[str, ...] = (),
                 on_message: Callable[[str, bytes, bool], None] | None = None,
                 on_connection: Callable[[bool, str], None] | None = None, keepalive: int = 5,
                 max_queued: int = 0):
        self.url = url
        self.host, self.port, tls = parse_url(url)
        self.subscriptions = list(subscriptions)
        self._on_message, self._on_connection = on_message, on_connection
        self._keepalive = keepalive
        self._client = mqtt.Client(CallbackAPIVersion.VERSION2, client_id=client_id, clean_session=True,
                                   reconnect_on_failure=True)
        self._client.reconnect_delay_set(min_delay=1, max_delay=2)
        self._client.max_inflight_messages_set(1000)  # QoS 1 in flight before waiting for acknowledgements
        self._client.max_queued_messages_set(max_queued)  # 0: no bound (the hub's state is bounded by itself)
        if username:
            self._client.username_pw_set(username, password)
        if tls:
            context = ssl.create_default_context(cafile=ca_file)
            self._client.tls_set_context(context)
        if will is not None:
            self._client.will_set(will[0], will[1], qos=1, retain=True)
        self._client.on_connect = self._connected
        self._client.on_disconnect = self._disconnected
        self._client.on_message = self._message
        self._client.on_subscribe = self._subscribed
        self._lock = threading.Lock()
        self._connected_event = threading.Event()
        self._subscribed_event = threading.Event()
        self._pending_mids: set[int] = set()
        self.connected = False
        self.since = time.time()  # the last change of ``connected``
        self.last_reason = "connecting"
        self.received = 0
        self.published = 0
        self._started = self._stopped = False

    # -- life ----------------------------------------------------------------------------------------------
    def start(self) -> None:
        if self._started:
            return
        self._started = True
        self._client.connect_async(self.host, self.port, keepalive=self._keepalive)
        self._client.loop_start()

    def stop(self, timeout_s: float = 2.0) -> None:
        """Disconnects cleanly (no last will: a hub that stops publishes its own offline presence first) and ends
        Paho's thread."""
        if not self._started or self._stopped:
            return
        self._stopped = True
        try:
            self._client.disconnect()
        finally:
            self._client.loop_stop()

    def wait_connected(self, timeout_s: float) -> bool:
        return self._connected_event.wait(timeout_s)

    def wait_subscribed(self, timeout_s: float) -> bool:
        """True once every subscription of the current connection is acknowledged by the broker."""
        return self._subscribed_event.wait(timeout_s)

    # -- sending -------------------------------------------------------------------------------------------
    def publish(self, topic: str, payload: bytes, retain: bool = True, qos: int = 1,
                wait_s: float | None = None) -> bool:
        """Queued for sending (sent now when connected); False when Paho refused it (its queue is full). With
        ``wait_s``: True only once the broker acknowledged it (QoS 1) within that time (a goodbye before stopping)."""
        info = self._client.publish(topic, payload, qos=qos, retain=retain)
        ok = info.rc in (MQTTErrorCode.MQTT_ERR_SUCCESS, MQTTErrorCode.MQTT_ERR_NO_CONN)
        if ok:
            self.published += 1
        if ok and wait_s is not None:
            try:
                info.wait_for_publish(wait_s)
            except (RuntimeError, ValueError):  # the connection went meanwhile
                return False
            return info.is_published()
        return ok

    def drop_unacknowledged(self) -> list:
        """Paho's messages of the last connection still waiting for the broker's acknowledgement, dropped (and
        returned): Paho would send them again after ``on_connection`` returns, after anything published there, so a
        publisher that publishes everything again on connection drops them first (an old value never lands last)."""
        return list(self._client.drop_out_messages())

    # -- Paho's thread -------------------------------------------------------------------------------------
    def _connected(self, client, userdata, flags, reason_code, properties) -> None:
        if reason_code.is_failure:
            self._change(False, f"refused by the broker: {reason_code}")
            return
        self._subscribed_event.clear()
        with self._lock:
            self._pending_mids.clear()
            for topic in self.subscriptions:  # one SUBSCRIBE each, in order: the broker answers them in order
                rc, mid = client.subscribe(topic, qos=1)
                if rc == MQTTErrorCode.MQTT_ERR_SUCCESS and mid is not None:
                    self._pending_mids.add(mid)
        if not self.subscriptions:
            self._subscribed_event.set()
        self._connected_event.set()
        self._change(True, "")

    def _subscribed(self, client, userdata, mid, reason_codes, properties) -> None:
        with self._lock:
            self._pending_mids.discard(mid)
            done = not self._pending_mids
        for code in reason_codes:
            if code.is_failure:
                log.error("the broker refused a subscription of %s: %s (its ACL?)", self.url, code)
        if done:
            self._subscribed_event.set()

    def _disconnected(self, client, userdata, flags, reason_code, properties) -> None:
        self._connected_event.clear()
        self._subscribed_event.clear()
        if not self._stopped:
            self._change(False, f"connection to {self.host}:{self.port} lost ({reason_code})")

    def _message(self, client, userdata, message) -> None:
        self.received += 1
        if self._on_message is None:
            return
        try:
            self._on_message(message.topic, message.payload, bool(message.retain))
        except Exception:  # one bad message must not end Paho's thread (and with it every later one)
            log.exception("a message on %s could not be taken", message.topic)

    def _change(self, connected: bool, reason: str) -> None:
        was = self.connected
        self.connected, self.last_reason = connected, reason or ("connected" if connected else "disconnected")
        if was != connected:
            self.since = time.time()
            if connected:
                log.info("connected to the broker %s", self.url)
            else:
                log.warning("broker %s: %s", self.url, self.last_reason)
        if self._on_connection is not None:
            try:
                self._on_connection(connected, reason)
            except Exception:
                log.exception("the broker link's connection callback failed")
