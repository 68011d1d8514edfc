"""What the hub holds and publishes on the broker (retained, QoS 1), kept so it can all be said again.

    presence   {"state": "online", "hub", "since", "api", "fingerprint", "readings", "alerts", "at"}, said again
               every HEARTBEAT_S (live: a wall that stops hearing it takes the hub as gone, even when the broker
               still retains an "online" the hub's last will never replaced); the last will says
               {"state": "offline", "hub"}: walls know at once when the hub is gone
    readings   one retained message per indicator: every region's latest reading of it (ReadingMessage), published
               again whole when any of them changes
    forecasts  one retained message per indicator: its outlook (``Outlook.to_json()``, ioc_hub/forecasting.py
               computes them); an outlook the hub no longer holds: an empty payload. The hub reads the forecasts
               back (subscribed on every connection): the broker's retained outlook of an indicator no longer in
               its catalogue (left by an earlier run, or another catalogue) is removed at once (an empty payload),
               so no wall shows that indicator's risk or anomaly for ever
    alerts     each alert of the book as ``Alert.to_json()``; an alert trimmed from the book: an empty payload
    health     every source's health record

On every (re)connect the presence goes out first, then every reading, outlook, alert and health record the hub holds: a
broker restarted without its retained store has them all back within a moment. What the old connection left
unacknowledged is dropped first: Paho would send it again AFTER this republish (once on_connect returns), and an
older reading would then be the one the broker retains; the republish says everything newer (an alert's removal
among the dropped is said again). Called from the store's writer
thread (readings, health), the hub's thread (alerts), its forecasting thread (outlooks) and Paho's (a connection):
one lock keeps each topic's messages in the order they were decided."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict

from ioc_core.hublink.client import BrokerLink
from ioc_core.hublink.credentials import BrokerAccount
from ioc_core.hublink.messages import HEARTBEAT_S, ReadingMessage, encode, encode_outlook, encode_readings
from ioc_core.hublink.topics import Topics

log = logging.getLogger(__name__)

STOP_PUBLISH_S = 2.0  # how long stopping waits for the offline presence to reach the broker


class Publisher:
    def __init__(self, account: BrokerAccount, name: str, topics: Topics, catalogue, *, api: str = "",
                 fingerprint: str = "", clock: Callable[[], float] = time.time,
                 on_connection: Callable[[bool, str], None] | None = None, subscriptions: list[str] = (),
                 on_message: Callable[[str, bytes, bool], None] | None = None):
        """``subscriptions``/``on_message``: what the hub reads back (the walls' presence); the forecasts it reads
        back itself (``_message``)."""
        self.name, self.topics, self.catalogue = name, topics, catalogue
        self.api, self.fingerprint, self.clock = api, fingerprint, clock
        self.since = clock()  # online since (this process's start)
        self._lock = threading.RLock()
        self._readings: dict[str, dict[str, ReadingMessage]] = {}  # indicator -> region -> its latest reading
        self._alerts: dict[str, dict] = {}  # alert id -> its JSON as published
        self._outlooks: dict[str, bytes] = {}  # indicator -> its outlook's message as published
        self._health: dict | None = None
        self._told_readings = -1  # the counts the last presence said
        self._told_alerts = -1
        self.readings_published = 0  # readings in the indicators' messages sent (each message: every region)
        self._on_connection = on_connection
        self._stopping = threading.Event()
        self._heart = threading.Thread(target=self._heartbeat, name="hub-presence", daemon=True)
        self.link = BrokerLink(account.url, f"ioc-hub-{name}", username=account.username, password=account.password,
                               ca_file=account.ca_file,
                               will=(topics.presence, encode({"state": "offline", "hub": name})),
                               subscriptions=[*subscriptions, topics.forecasts_all], on_message=self._message,
                               on_connection=self._connection)
        self._forward = on_message
        self.forecasts_cleared = 0  # retained outlooks of indicators not in the catalogue, removed

    # -- life ----------------------------------------------------------------------------------------------
    def start(self) -> None:
        self.link.start()
        self._heart.start()

    def stop(self) -> None:
        """The heartbeat ended, the presence offline (the walls hear the hub went on purpose, at once), then
        disconnected."""
        self._stopping.set()
        if self._heart.is_alive():
            self._heart.join(5)
        if self.link.connected and not self.link.publish(
                self.topics.presence, encode({"state": "offline", "hub": self.name}), wait_s=STOP_PUBLISH_S):
            log.warning("the offline presence was not confirmed by the broker (its last will says it)")
        self.link.stop()

    @property
    def connected(self) -> bool:
        return self.link.connected

    # -- what the hub holds --------------------------------------------------------------------------------
    def readings(self) -> list[ReadingMessage]:
        with self._lock:
            return [r for regions in self._readings.values() for r in regions.values()]

    def outlooks(self) -> dict[str, bytes]:
        """Each indicator's outlook message as published (the hub's registry has them as objects)."""
        with self._lock:
            return dict(self._outlooks)

    def alerts(self) -> list[dict]:
        with self._lock:
            return list(self._alerts.values())

    def health(self) -> dict | None:
        with self._lock:
            return self._health

    def presence(self) -> dict:
        with self._lock:
            return {"state": "online", "hub": self.name, "since": self.since, "api": self.api,
                    "fingerprint": self.fingerprint, "readings": len(self._readings), "alerts": len(self._alerts),
                    "at": self.clock()}

    # -- news ----------------------------------------------------------------------------------------------
    def take_rows(self, rows: Iterable[tuple], received: float | None = None, quiet: bool = False) -> int:
        """The store's latest rows (indicator, region, period, value, observed_at, source, parts): those that
        changed since last published (period, value or as-of) go out, each changed indicator's message whole;
        ``quiet`` keeps them only (before the first connection, which publishes everything). Returns how many
        indicators changed."""
        received = self.clock() if received is None else received
        changed: set[str] = set()
        with self._lock:
            for ind_id, region, period, value, observed_at, source, parts in rows:
                held = self._readings.get(ind_id, {}).get(region)
                if held is not None and (held.period, held.value, held.as_of) == (period, value, observed_at):
                    continue
                ind = self.catalogue.indicators.get(ind_id)
                status = ind.status(value).value if ind is not None else "unknown"
                reading = ReadingMessage(ind_id, region, period, float(value), float(observed_at), float(received),
                                         status, source or "", parts)
                self._readings.setdefault(ind_id, {})[region] = reading
                changed.add(ind_id)
            if changed and not quiet:
                for ind_id in sorted(changed):
                    self._send_indicator(ind_id)
                self._presence_if_counts_changed()
        return len(changed)

    def take_health(self, records: Iterable) -> None:
        """Every source's health record (SourceHealth or dicts), published whole."""
        doc = {"sources": [r if isinstance(r, dict) else asdict(r) for r in records], "at": self.clock()}
        with self._lock:
            self._health = doc
            self._send(self.topics.health, encode(doc))

    def take_outlooks(self, docs: Iterable[dict]) -> int:
        """Outlooks (``Outlook.to_json()``) held and published, each replacing its indicator's; returns how many
        were sent or held (an unchanged one is not said again)."""
        n = 0
        with self._lock:
            for doc in docs:
                payload = encode_outlook(doc)
                ind_id = doc["indicator"]
                if self._outlooks.get(ind_id) == payload:
                    continue
                self._outlooks[ind_id] = payload
                self._send(self.topics.forecast(ind_id), payload)
                n += 1
        return n

    def drop_outlook(self, indicator: str) -> None:
        """An outlook no longer held: its retained message removed (an empty payload)."""
        with self._lock:
            if self._outlooks.pop(indicator, None) is not None:
                self._send(self.topics.forecast(indicator), b"")

    def take_alert(self, alert_json: dict) -> None:
        with self._lock:
            self._alerts[alert_json["id"]] = alert_json
            self._send(self.topics.alert(alert_json["id"]), encode(alert_json))
            self._presence_if_counts_changed()

    def keep_only_alerts(self, ids: set[str]) -> None:
        """Alerts no longer in the book (trimmed): their retained messages removed (an empty payload)."""
        with self._lock:
            for gone in [a for a in self._alerts if a not in ids]:
                del self._alerts[gone]
                self._send(self.topics.alert(gone), b"")
            self._presence_if_counts_changed()

    def load_alerts(self, alerts: Iterable[dict]) -> None:
        """The book as loaded at start, said on the first connection."""
        with self._lock:
            for a in alerts:
                self._alerts[a["id"]] = a

    # -- the broker ----------------------------------------------------------------------------------------
    def _message(self, topic: str, payload: bytes, retained: bool) -> None:  # Paho's thread
        """The forecasts read back: an outlook of an indicator not in the catalogue is removed (the hub's own,
        said back to it, and removals are let be); anything else goes to ``on_message``."""
        kind, parts = self.topics.parse(topic)
        if kind != "forecast":
            if self._forward is not None:
                self._forward(topic, payload, retained)
            return
        if not payload or parts[0] in self.catalogue.indicators:
            return
        with self._lock:
            if self._send(topic, b""):
                self.forecasts_cleared += 1
                log.info("the retained forecast of %s removed: no such indicator in the hub's catalogue", parts[0])

    def _connection(self, connected: bool, reason: str) -> None:  # Paho's thread, inside on_connect
        if connected:
            with self._lock:  # nothing published between the drop and the republish
                gone = self._drop_unacknowledged()
                self.republish(gone)
        if self._on_connection is not None:
            self._on_connection(connected, reason)

    def _drop_unacknowledged(self) -> set[str]:
        """The old connection's messages the broker never acknowledged, dropped from Paho's queue (called in
        on_connect: Paho re-sends them once it returns, after the republish). Returns the topics of the alerts'
        removals among them that are still removed: said again by the republish (nothing held says them)."""
        dropped = self.link.drop_unacknowledged()  # Paho's own call for this, in on_connect
        if dropped:
            log.info("%d messages the broker did not acknowledge before the connection was lost: superseded by "
                     "the republish", len(dropped))
        alerts = {self.topics.alert(a) for a in self._alerts}
        return {m.topic for m in dropped if not m.payload and self.topics.parse(m.topic)[0] == "alert"
                and m.topic not in alerts}

    def republish(self, removed: set[str] = frozenset()) -> None:
        """The presence, then everything held, as a broker that lost its retained store needs it; ``removed``:
        alert topics whose removal is to be said again."""
        with self._lock:
            self._presence()
            for ind_id in self._readings:
                self._send_indicator(ind_id)
            for ind_id, payload in self._outlooks.items():
                self._send(self.topics.forecast(ind_id), payload)
            for alert_id, doc in self._alerts.items():
                self._send(self.topics.alert(alert_id), encode(doc))
            for topic in sorted(removed):
                self._send(topic, b"")
            if self._health is not None:
                self._send(self.topics.health, encode(self._health))
            n, forecasts = len(self._readings), len(self._outlooks)
        log.info("published the presence and all held: %d readings, %d forecasts, %d alerts", n, forecasts,
                 len(self._alerts))

    def _heartbeat(self) -> None:
        """The presence, live, every HEARTBEAT_S while connected (its own thread, until ``stop``)."""
        while not self._stopping.wait(HEARTBEAT_S):
            with self._lock:
                if self.link.connected and not self._stopping.is_set():
                    self._presence()

    def _presence_if_counts_changed(self) -> None:
        if (len(self._readings), len(self._alerts)) != (self._told_readings, self._told_alerts):
            self._presence()

    def _presence(self) -> None:
        doc = self.presence()
        self._told_readings, self._told_alerts = doc["readings"], doc["alerts"]
        self._send(self.topics.presence, encode(doc))

    def _send_indicator(self, ind_id: str) -> None:
        regions = self._readings[ind_id]
        if self._send(self.topics.readings(ind_id), encode_readings(ind_id, [regions[r] for r in sorted(regions)])):
            self.readings_published += len(regions)

    def _send(self, topic: str, payload: bytes) -> bool:
        """Sent now when connected; while not, only held (the next connection republishes all), so a long broker
        outage queues nothing in Paho. True when handed to Paho."""
        if not self.link.connected:
            return False
        if not self.link.publish(topic, payload, retain=True, qos=1):
            log.error("the broker link refused a message on %s (its queue is full)", topic)
            return False
        return True
