"""A wall's side of the hub (Qt-free): ``HubSubscriber`` subscribes to the hub's topics and keeps the wall's OWN
store as the hub's, so every view, freshness rule and the health view work as in a wall that fetches itself, and the
wall keeps its last figures (ageing on their cadence) while the hub or the broker is away.

Threads: Paho's (``BrokerLink``) decodes each message and queues readings and health; ONE writer thread, with its
own ``IndicatorStore`` connection, mirrors them in batches (every ``batch_s`` or 500 rows) and then calls
``on_readings(indicator ids)``; a history worker asks the hub's HTTP API (``HubApiClient``) for each indicator's
history once, after the first sync, and hands the rows to the writer. Alerts go straight to ``on_alert(id, doc)``
(Paho's thread; ``AlertBook.mirror`` takes them). Leaders' requests to show something on the wall
(``{p}/requests/{id}``, ioc_hub/requests.py) are mirrored here as they come: ``requests()`` has them all, and
``on_requests(list of request docs)`` is called on Paho's thread after each change. The hub's outlooks
(``{p}/forecasts/{indicator}``: forecasts, their record, risks and anomalies, computed at the hub) go to
``on_outlook(indicator, Outlook or None)`` on Paho's thread as they come (None: the hub removed it); a wall fed by a
hub computes none itself. ``on_link(LinkState)`` is
called when the link, the hub's presence or the hub's source health changes (not for every reading:
``state.readings`` is always current).

The link: "connecting" before the first connection to the broker; "ok" when connected and the hub's presence is
online and alive: the hub says it again every HEARTBEAT_S (a live message, ``retained`` False), and a wall that hears
none for ``PRESENCE_TIMEOUT_S`` (its own monotonic clock: no clock skew) takes the hub as gone, even when the broker
still retains an "online" (a broker restarted from its saved state after the hub died, whose last will it never
sent; a broken bridge); the retained presence replayed at a (re)connection counts as the starting state for at most
that long. "hub-offline" when its presence is offline (its last will), removed, silent that long, or (after a
reconnection) not seen again within ``PRESENCE_GRACE_S``, or when no hub ever published one; "broker-down" while the
broker is not connected. ``lost_since``: when the link was first lost (kept through broker-down then hub-offline
until it is ok again).

History: once per indicator (per region when the hub wants one) after the first sync, then again from the period
the wall held (``since``) on every reconnection and whenever an indicator's province reading comes with another
period than the wall held: periods the hub stored while the wall was cut off, or several in one fetch, fill in.
Secrets (the hub's token, the broker's password) are never logged nor in the state.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from ioc_core.hublink.client import BrokerLink
from ioc_core.hublink.credentials import HubLinkConfig
from ioc_core.hublink.hubapi import HubApiClient, HubApiError
from ioc_core.hublink.messages import (
    PRESENCE_TIMEOUT_S,
    BadMessage,
    ReadingMessage,
    decode,
    decode_outlook,
    decode_readings,
    decode_request,
    encode,
)
from ioc_core.indicators.indicator_store import IndicatorStore
from ioc_core.indicators.observation import PROVINCE

log = logging.getLogger(__name__)

BATCH_ROWS = 500  # readings mirrored in one transaction at most
PRESENCE_GRACE_S = 3.0  # after a reconnection, how long the hub's presence may take to come back (a broker
# restarted without its retained store gets it when the hub reconnects and republishes) before "hub-offline"
HISTORY_RETRY_S = (1.0, 60.0)  # a hub that cannot be asked for history: asked again after 1 s, doubling to 60 s


@dataclass(frozen=True)
class LinkState:
    link: str = "connecting"  # "connecting" | "ok" | "hub-offline" | "broker-down"
    since: float = 0.0  # epoch of the last change of ``link``
    hub: dict | None = None  # the hub's last presence doc (name, since, api, readings, ...)
    readings: int = 0  # readings held (every region of every indicator received)
    sources: int = 0  # from the hub's last health message
    sources_failing: int = 0
    health_at: float | None = None  # when the last health message arrived (None: none yet)
    lost_since: float | None = None  # epoch the link was first lost (None while ok, and before it ever was)


_STOP = object()


class HubSubscriber:
    def __init__(self, link: HubLinkConfig, catalogue, store_path: Path, *, wall_name: str, api_url: str = "",
                 on_readings: Callable[[frozenset[str]], None] | None = None,
                 on_aged: Callable[[frozenset[str]], None] | None = None,
                 on_alert: Callable[[str, dict | None], None] | None = None,
                 on_link: Callable[[LinkState], None] | None = None,
                 on_alerts_held: Callable[[frozenset[str]], None] | None = None,
                 on_requests: Callable[[list[dict]], None] | None = None,
                 on_outlook: Callable[[str, object], None] | None = None,
                 history: bool = True, batch_s: float = 0.05, presence_timeout_s: float = PRESENCE_TIMEOUT_S):
        self.link_config = link
        self.topics = link.topics
        self.catalogue = catalogue
        self.store_path = Path(store_path)
        self.wall_name = wall_name
        self.api_url = api_url
        self.on_readings, self.on_alert, self.on_link = on_readings, on_alert, on_link
        self.on_aged = on_aged  # indicators whose figures only came again with a newer as-of (None: on_readings)
        self._shown: dict[tuple[str, str], tuple[str, float]] = {}  # (indicator, region) -> (period, value) stored
        self.on_alerts_held = on_alerts_held
        self.on_requests = on_requests
        self.on_outlook = on_outlook
        self.outlooks_received = 0  # outlooks taken (a bad one is counted in ``rejected``)
        self._bad_outlooks_logged: set[str] = set()
        self._requests: dict[str, dict] = {}  # leaders' wall requests the broker holds, by id
        self.batch_s = batch_s
        self.presence_timeout_s = presence_timeout_s
        self.wall_id = link.broker.username or link.wall or wall_name  # the broker's ACL: walls/<user>/#
        self.api = HubApiClient(link, wall_name)
        self.received = self.stored = self.rejected = 0
        self.readings_received = 0  # every reading in every message taken, however often the same one came
        self.history_rows = 0  # rows mirrored from the hub's /history
        self._history = history
        self._lock = threading.Lock()
        self._cond = threading.Condition(self._lock)
        self._state = LinkState(since=time.time())
        self._queue: queue.SimpleQueue = queue.SimpleQueue()
        self._seen: set[str] = set()  # indicators' reading topics received (decoded or not)
        self._counts: dict[str, int] = {}  # readings held, by topic
        self._settled: set[str] = set()  # ... stored, or skipped for good (bad, or unknown here)
        self._pending = 0  # readings queued and not yet stored
        self._bad_logged: set[str] = set()
        self._unknown_logged: set[str] = set()
        self._presence_seen = False  # on this connection
        self._alive_at: float | None = None  # monotonic: the last presence "online" heard (live, or replayed)
        self._alerts_now: set[str] = set()  # the alerts the broker holds, as received on this connection
        self._alerts_told = False  # on_alerts_held said for this connection
        self._connected_at: float | None = None
        self._started_at = time.time()
        self._synced = threading.Event()  # the first sync: the history worker starts after it
        self._stopping = threading.Event()
        self._history_jobs: queue.SimpleQueue = queue.SimpleQueue()
        self._history_asked: set[tuple[str, str | None]] = set()
        self._history_queued: set[tuple[str, str | None, str | None]] = set()  # jobs waiting (deduplicated)
        self._periods: dict[str, str] = {}  # each indicator's province period held
        self._regions_of: dict[str, set[str]] = {}
        self._history_failing = False
        self._per_region = False  # the hub wants a region on /history: asked per (indicator, region)
        self._writer: threading.Thread | None = None
        self._worker: threading.Thread | None = None
        self._started = self._stopped = False
        presence = self.topics.wall_presence(self.wall_id)
        self._presence_topic = presence
        self.broker = BrokerLink(
            link.broker.url, f"ioc-wall-{self.wall_id}", username=link.broker.username,
            password=link.broker.password, ca_file=link.broker.ca_file,
            will=(presence, encode(self._wall_presence("offline"))),
            subscriptions=self.topics.wall_subscriptions(), on_message=self._message,
            on_connection=self._connection)

    # -- life ----------------------------------------------------------------------------------------------
    def start(self) -> None:
        if self._started:
            return
        self._started = True
        from ioc_core.loading import open_store

        # made or migrated here, before anyone else opens it (an unreadable one set aside and a new one started)
        open_store(self.store_path, self.catalogue).close()
        self._writer = threading.Thread(target=self._write_loop, name="hub-store-writer", daemon=True)
        self._writer.start()
        if self._history:
            self._worker = threading.Thread(target=self._history_loop, name="hub-history", daemon=True)
            self._worker.start()
        self.broker.start()

    def stop(self) -> None:
        """Says the wall is offline (a clean stop sends no last will), ends Paho's thread, the writer (after storing
        what it holds) and the history worker. Idempotent."""
        if not self._started or self._stopped:
            return
        self._stopped = True
        self._stopping.set()
        if self.broker.connected:
            self.broker.publish(self._presence_topic, encode(self._wall_presence("offline")), wait_s=2.0)
        self.broker.stop()
        self._queue.put(_STOP)
        self._history_jobs.put(_STOP)
        for thread in (self._writer, self._worker):
            if thread is not None:
                thread.join(15)
        self.api.close()

    @property
    def state(self) -> LinkState:
        with self._lock:
            return replace(self._state, readings=sum(self._counts.values()))

    def wait_synced(self, timeout_s: float) -> bool:
        """True once subscribed (the broker then has sent every retained message) and every reading received is
        stored, and as many reading topics are settled as the hub's presence says it retains (none said, or no
        presence retained: no hub ever, or one gone)."""
        deadline = time.monotonic() + timeout_s
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return False
            if not self.broker.wait_subscribed(min(remaining, 0.1)):
                continue
            with self._cond:
                if self._synced_now():
                    self._synced.set()
                    return True
                self._cond.wait(max(0.0, min(deadline - time.monotonic(), 0.1)))

    def _synced_now(self) -> bool:  # under the lock
        if self._pending:
            return False
        hub = self._state.hub
        wanted = hub.get("readings") if hub and hub.get("state") == "online" else None
        return not isinstance(wanted, int) or len(self._settled) >= wanted

    def acknowledge(self, alert_id: str, by: str, client: str = "") -> tuple[int, dict]:
        """Forwarded to the hub (blocking: call it off the GUI thread); the acknowledgement comes back as the
        alert's published version. (0, {"error": why}) when the hub cannot be reached."""
        return self.api.acknowledge(alert_id, by, client)

    def requests(self) -> list[dict]:
        """The leaders' wall requests the hub publishes, newest first."""
        with self._lock:
            docs = [dict(d) for d in self._requests.values()]
        return sorted(docs, key=lambda d: d.get("at", 0), reverse=True)

    def answer_request(self, request_id: str, accept: bool, reason: str, by: str, client: str = "") -> tuple[int, dict]:
        """Forwarded to the hub (blocking: off the GUI thread); (0, {"error": why}) when it cannot be reached."""
        return self.api.answer_request(request_id, accept, reason, by, client)

    def deliveries(self, params: dict | None = None) -> tuple[int, dict]:
        """The hub's delivery log of alert messages (blocking), as the hub answers it."""
        return self.api.deliveries(params)

    # -- Paho's thread -------------------------------------------------------------------------------------
    def _wall_presence(self, state: str) -> dict:
        return {"state": state, "wall": self.wall_id, "api": self.api_url, "since": self._started_at}

    def _connection(self, connected: bool, reason: str) -> None:
        if connected:
            with self._lock:
                self._presence_seen = False
                self._alerts_now.clear()
                self._alerts_told = False
                self._connected_at = time.monotonic()
                held = dict(self._periods) if self._synced.is_set() else {}
            self.broker.publish(self._presence_topic, encode(self._wall_presence("online")))
            # the link stays as it was (connecting, broker-down: the band keeps its time) until the hub's presence
            # is heard on this connection (the broker replays it at once) or PRESENCE_GRACE_S pass unsaid
            if self._history:  # what the hub stored while this wall was cut off
                for indicator, period in sorted(held.items()):
                    self._ask_since(indicator, period)
        else:
            with self._lock:
                self._connected_at = None
            self._set_link("broker-down")

    def _message(self, topic: str, payload: bytes, retained: bool) -> None:
        kind, parts = self.topics.parse(topic)
        if kind == "readings":
            self._readings(topic, parts[0], payload)
        elif kind == "presence":
            self._presence(topic, payload, retained)
        elif kind == "alert":
            self._alert(topic, parts[0], payload)
        elif kind == "health":
            self._health(topic, payload)
        elif kind == "request":
            self._request(topic, parts[0], payload)
        elif kind == "forecast":
            self._outlook(topic, parts[0], payload)

    def _readings(self, topic: str, indicator: str, payload: bytes) -> None:
        """One indicator's readings, every region's latest (one retained message per indicator)."""
        with self._lock:
            self.received += 1
            self._seen.add(topic)
        try:
            readings = decode_readings(topic, payload)
            if readings and readings[0].indicator != indicator:
                raise BadMessage(f"{topic}: the readings are of {readings[0].indicator}")
        except BadMessage as exc:
            self._skip(topic, exc, self._bad_logged, "bad readings from the hub skipped: %s")
            return
        if not readings:  # the hub removed the indicator
            with self._cond:
                self._seen.discard(topic)
                self._settled.discard(topic)
                self._counts.pop(topic, None)
                self._cond.notify_all()
            return
        if indicator not in self.catalogue.indicators:
            self._skip(topic, f"{indicator} is not in this wall's catalogue", self._unknown_logged,
                       "readings skipped: %s", key=indicator)
            return
        regions = self.catalogue.regions
        known = [r for r in readings if not regions or r.region == PROVINCE or r.region in regions]
        if len(known) < len(readings):
            strangers = sorted({r.region for r in readings} - {r.region for r in known})
            with self._lock:
                self.rejected += len(readings) - len(known)
                first = indicator not in self._unknown_logged
                self._unknown_logged.add(indicator)
            if first:
                log.warning("readings of %s skipped: regions not in this wall's catalogue: %s", indicator,
                            ", ".join(strangers[:5]) + (" ..." if len(strangers) > 5 else ""))
        province = next((r.period for r in known if r.region == PROVINCE), None)
        with self._lock:
            self._pending += 1
            self.readings_received += len(readings)
            self._counts[topic] = len(known)
            regions_seen = self._regions_of.setdefault(indicator, set())
            first_of_indicator = not regions_seen
            new_regions = {r.region for r in known} - regions_seen
            regions_seen |= new_regions
            held = self._periods.get(indicator)
            if province is not None:
                self._periods[indicator] = province
        self._queue.put(("readings", topic, known))
        if self._history and held is not None and province is not None and province != held:
            self._ask_since(indicator, held)  # the periods between (a cut, or several in one fetch of the hub's)
        if self._history:
            if first_of_indicator and not self._per_region:
                self._ask_history(indicator, None)
            elif self._per_region:
                for region in sorted(new_regions):
                    self._ask_history(indicator, region)

    def _skip(self, topic: str, why, logged: set[str], message: str, key: str | None = None) -> None:
        with self._cond:
            self.rejected += 1
            self._settled.add(topic)
            first = (key or topic) not in logged
            logged.add(key or topic)
            self._cond.notify_all()
        if first:
            log.warning(message, why)

    def _presence(self, topic: str, payload: bytes, retained: bool = False) -> None:
        """A live "online" (the hub's heartbeat, or its republish on connecting) makes the link ok for
        ``presence_timeout_s``; a retained one (replayed at this connection) is the starting state for as long."""
        try:
            doc = decode(topic, payload)
        except BadMessage as exc:
            log.warning("the hub's presence is unreadable: %s", exc)
            return
        online = doc is not None and doc.get("state") == "online"
        with self._cond:
            before = self._state.hub
            self._presence_seen = True
            self._alive_at = time.monotonic() if online else None
            self._state = replace(self._state, hub=doc)
            self._cond.notify_all()
        # a heartbeat that changes nothing but its time tells nobody
        news = _without_at(before) != _without_at(doc)
        if online and self.broker.connected:
            self._set_link("ok", force_notify=news)
        elif not online:
            self._set_link("hub-offline", force_notify=news)
        elif news:
            self._notify()

    def _alive(self) -> bool:
        """A presence "online" heard within ``presence_timeout_s`` (monotonic)."""
        alive_at = self._alive_at
        return alive_at is not None and time.monotonic() - alive_at <= self.presence_timeout_s

    def _alert(self, topic: str, alert_id: str, payload: bytes) -> None:
        try:
            doc = decode(topic, payload)
        except BadMessage as exc:
            log.warning("an alert from the hub skipped: %s", exc)
            return
        with self._lock:
            if doc is None:
                self._alerts_now.discard(alert_id)
            else:
                self._alerts_now.add(alert_id)
        if self.on_alert is not None:
            self.on_alert(alert_id, doc)

    def _outlook(self, topic: str, indicator: str, payload: bytes) -> None:
        """One indicator's outlook as the hub computed it; a bad one is skipped (logged once per topic), the wall
        keeps the one it had."""
        outlook = None
        try:
            doc = decode_outlook(topic, indicator, payload)
            if doc is not None:
                from ioc_core.forecasting.outlook import Outlook  # numpy: with the first outlook, not at the start

                try:
                    outlook = Outlook.from_json(doc)
                except (KeyError, TypeError, ValueError, AttributeError) as exc:
                    raise BadMessage(f"{topic}: not an outlook ({type(exc).__name__}: {exc})") from None
        except BadMessage as exc:
            with self._lock:
                self.rejected += 1
                first = topic not in self._bad_outlooks_logged
                self._bad_outlooks_logged.add(topic)
            if first:
                log.warning("a forecast from the hub skipped: %s", exc)
            return
        if outlook is not None and indicator not in self.catalogue.indicators:
            with self._lock:
                first = indicator not in self._unknown_logged
                self._unknown_logged.add(indicator)
            if first:
                log.warning("a forecast skipped: %s is not in this wall's catalogue", indicator)
            return
        with self._lock:
            self.outlooks_received += outlook is not None
            self._bad_outlooks_logged.discard(topic)  # good again: a later bad one is said again
        if self.on_outlook is not None:
            try:
                self.on_outlook(indicator, outlook)
            except Exception:
                log.exception("the listener of the hub's forecasts failed")

    def _request(self, topic: str, request_id: str, payload: bytes) -> None:
        try:
            doc = decode_request(topic, payload)
        except BadMessage as exc:
            log.warning("a wall request from the hub skipped: %s", exc)
            return
        with self._lock:
            if doc is None:
                if self._requests.pop(request_id, None) is None:
                    return
            else:
                if doc.get("id") != request_id:
                    log.warning("a wall request from the hub skipped: %s holds request %s", topic, doc.get("id"))
                    return
                if self._requests.get(request_id) == doc:
                    return  # the same again (a republish): nothing changed
                self._requests[request_id] = doc
        if self.on_requests is not None:
            try:
                self.on_requests(self.requests())
            except Exception:
                log.exception("the listener of wall requests failed")

    def _health(self, topic: str, payload: bytes) -> None:
        try:
            doc = decode(topic, payload)
        except BadMessage as exc:
            log.warning("the hub's source health skipped: %s", exc)
            return
        records = doc.get("sources") if doc else []
        if not isinstance(records, list):
            log.warning("the hub's source health skipped: %s has no list of sources", topic)
            return
        records = [r for r in records if isinstance(r, dict)]
        failing = sum(1 for r in records if isinstance(r.get("consecutive_errors"), int) and r["consecutive_errors"])
        with self._lock:
            self._state = replace(self._state, sources=len(records), sources_failing=failing, health_at=time.time())
        self._queue.put(("health", records))
        self._notify()

    # -- the link's state ----------------------------------------------------------------------------------
    def _set_link(self, link: str, force_notify: bool = False, hub: dict | None | bool = False,
                  unless=None) -> bool:
        """The link (and, with ``hub``, the hub's presence doc) changed in one hold of the lock; ``unless``: a
        condition, checked under the same hold, that cancels the change (a presence that came meanwhile)."""
        with self._cond:
            if unless is not None and unless():
                return False
            changed = self._state.link != link
            if hub is not False:
                self._state = replace(self._state, hub=hub)
            if changed:
                now = time.time()
                lost = (None if link in ("ok", "connecting") else
                        self._state.lost_since if self._state.lost_since is not None else now)
                self._state = replace(self._state, link=link, since=now, lost_since=lost)
            self._cond.notify_all()
        if changed:
            log.info("hub link: %s", link)
        if changed or force_notify:
            self._notify()
        return changed

    def _notify(self) -> None:
        if self.on_link is not None:
            try:
                self.on_link(self.state)
            except Exception:
                log.exception("the hub link's listener failed")

    def _housekeeping(self) -> None:
        """On the writer's thread, every batch_s: the hub's presence not back after a reconnection, and the first
        sync (which starts the history worker)."""
        subscribed = self.broker.wait_subscribed(0)
        if subscribed:
            self._check_presence()
        if subscribed and not self._synced.is_set():
            with self._lock:
                if self._synced_now():
                    self._synced.set()
        self._tell_alerts_held(subscribed)

    def _check_presence(self) -> None:
        """The hub's presence not back within PRESENCE_GRACE_S of a reconnection, or no "online" heard for
        ``presence_timeout_s``: "hub-offline". Decided and written in one hold of the lock, so a presence arriving
        meanwhile is never overwritten."""
        def verdict():  # under the lock: the hub's doc to keep, or False (the link stands)
            connected_at, hub = self._connected_at, self._state.hub
            if connected_at is None or self._state.link == "hub-offline":
                return False
            if not self._presence_seen:
                if hub is None:
                    return None
                if time.monotonic() - connected_at > PRESENCE_GRACE_S:
                    return {**hub, "state": "offline"}
                return False
            if hub is not None and hub.get("state") == "online" and not self._alive():
                return {**hub, "state": "offline"}
            return False

        with self._lock:
            hub = verdict()
        if hub is not False:
            if hub is not None and self._state.link == "ok":
                log.warning("the hub's presence not heard for %.0f s: taken as gone", self.presence_timeout_s)
            self._set_link("hub-offline", hub=hub, unless=lambda: verdict() is False)

    def _tell_alerts_held(self, subscribed: bool) -> None:
        """Once a connection has brought every alert the hub's presence counts, the alerts the broker holds are
        said (``on_alerts_held``): a wall that was away while alerts left the hub's book drops them too. Without an
        online presence (no count) nothing is said: what the wall has stays."""
        with self._lock:
            hub = self._state.hub
            wanted = hub.get("alerts") if hub and hub.get("state") == "online" and self._presence_seen else None
            if (self._alerts_told or not subscribed or not isinstance(wanted, int)
                    or len(self._alerts_now) < wanted):
                return
            self._alerts_told = True
            held = frozenset(self._alerts_now)
        if self.on_alerts_held is not None:
            try:
                self.on_alerts_held(held)
            except Exception:
                log.exception("the listener of the alerts held failed")

    # -- the writer thread ---------------------------------------------------------------------------------
    def _write_loop(self) -> None:
        store = IndicatorStore(self.store_path, self.catalogue)
        try:
            stop = False
            while not stop:
                try:
                    first = self._queue.get(timeout=self.batch_s)
                except queue.Empty:
                    self._housekeeping()
                    continue
                items, deadline = [first], time.monotonic() + self.batch_s
                while len(items) < BATCH_ROWS:
                    remaining = deadline - time.monotonic()
                    try:
                        items.append(self._queue.get(timeout=remaining) if remaining > 0 else self._queue.get_nowait())
                    except queue.Empty:
                        break
                if any(item is _STOP for item in items):
                    stop = True
                    items = [item for item in items if item is not _STOP]
                self._write(store, items)
                self._housekeeping()
        except Exception:
            log.exception("the hub's store writer stopped")
        finally:
            store.close()

    def _write(self, store: IndicatorStore, items: list) -> None:
        messages = [item for item in items if isinstance(item, tuple) and item[0] == "readings"]
        changed: set[str] = set()
        aged: set[str] = set()
        if messages:
            latest: dict[tuple, ReadingMessage] = {}
            for _, _, readings in messages:  # the same reading twice in a batch: the last one
                for r in readings:
                    latest[(r.indicator, r.region)] = r
            try:
                written = store.mirror(r.row() for r in latest.values())
            except Exception:
                log.exception("readings from the hub not stored")
                written = 0
            for r in latest.values():  # a new period or value, or the same figure confirmed as of a newer time
                key, seen = (r.indicator, r.region), (r.period, r.value)
                if self._shown.get(key) != seen or self.on_aged is None:
                    changed.add(r.indicator)
                else:
                    aged.add(r.indicator)
                self._shown[key] = seen
            with self._cond:
                self.stored += written
                self._pending -= len(messages)
                self._settled.update(topic for _, topic, _ in messages)
                self._cond.notify_all()
        for item in items:
            if isinstance(item, tuple) and item[0] == "health":
                try:
                    store.mirror_health(item[1])
                except Exception:
                    log.exception("the hub's source health not stored")
            elif isinstance(item, tuple) and item[0] == "history":
                try:
                    written = store.mirror(item[2])
                except Exception:
                    log.exception("history of %s from the hub not stored", item[1])
                    continue
                self.history_rows += written
                changed.add(item[1])
        if changed and self.on_readings is not None:
            try:
                self.on_readings(frozenset(changed))
            except Exception:
                log.exception("the listener of new readings failed")
        if aged - changed and self.on_aged is not None:
            try:
                self.on_aged(frozenset(aged - changed))
            except Exception:
                log.exception("the listener of confirmed readings failed")

    # -- the history worker --------------------------------------------------------------------------------
    def _ask_history(self, indicator: str, region: str | None) -> None:
        with self._lock:
            if (indicator, region) in self._history_asked:
                return
            self._history_asked.add((indicator, region))
        self._queue_history(indicator, region, None)

    def _ask_since(self, indicator: str, period: str) -> None:
        """The rows from ``period`` (the one the wall held) on: the province's (all regions' when the hub gives
        them at once)."""
        self._queue_history(indicator, PROVINCE if self._per_region else None, period)

    def _queue_history(self, indicator: str, region: str | None, since: str | None) -> None:
        job = (indicator, region, since)
        with self._lock:
            if job in self._history_queued:
                return
            self._history_queued.add(job)
        self._history_jobs.put(job)

    def _history_loop(self) -> None:
        while not self._synced.is_set():  # readings first: history only once the wall shows what the hub holds
            if self._stopping.wait(0.05):
                return
        retry: list[tuple[float, tuple[str, str | None, str | None], float]] = []  # (when, job, delay)
        while not self._stopping.is_set():
            now = time.monotonic()
            due = [r for r in retry if r[0] <= now]
            retry = [r for r in retry if r[0] > now]
            jobs = [(job, delay) for _, job, delay in due]
            if not jobs:
                wait = min((r[0] for r in retry), default=now + 1.0) - now
                try:
                    job = self._history_jobs.get(timeout=max(0.01, wait))
                except queue.Empty:
                    continue
                if job is _STOP:
                    return
                jobs = [(job, 0.0)]
            for job, delay in jobs:
                if self._stopping.is_set():
                    return
                later = self._fetch_history(*job, delay)
                if later is not None:
                    retry.append((time.monotonic() + later, job, later))
                else:
                    with self._lock:
                        self._history_queued.discard(job)

    def _fetch_history(self, indicator: str, region: str | None, since: str | None, delay: float) -> float | None:
        """Ask once; the delay before asking again (None: done, or not to be asked again)."""
        try:
            rows = self.api.history(indicator, region, since)
        except HubApiError as exc:
            if exc.wants_region and region is None and not self._per_region:
                # this hub answers one region at a time: ask for each region seen, now and as they come
                log.info("the hub gives history one region at a time: asking per region")
                self._per_region = True
            if exc.wants_region and region is None:
                if since is not None:
                    self._queue_history(indicator, PROVINCE, since)
                    return None
                with self._lock:
                    regions = sorted(self._regions_of.get(indicator, ()))
                for r in regions:
                    self._ask_history(indicator, r)
                return None
            if exc.passing:
                later = min(max(delay * 2, HISTORY_RETRY_S[0]), HISTORY_RETRY_S[1])
                if not self._history_failing:  # once until it answers again, not once per indicator
                    self._history_failing = True
                    log.warning("history of %s not fetched (%s): asking again later", indicator, exc)
                return later
            log.warning("history of %s not fetched: %s", indicator, exc)
            return None
        self._history_failing = False
        if rows:
            self._queue.put(("history", indicator, rows))
        return None


def _without_at(doc: dict | None) -> dict | None:
    """A presence doc without its heartbeat's time: what a listener would see change."""
    return None if doc is None else {k: v for k, v in doc.items() if k != "at"}
