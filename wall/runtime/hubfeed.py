"""The wall in hub mode (``ioc-wall --hub FILE``): the figures and alerts come from the province's data hub through
the MQTT broker instead of the wall's own sources.

``HubFeed`` owns the Qt-free ``HubSubscriber`` (ioc_core/hublink/subscriber.py), which mirrors every reading into the
wall's OWN indicator store on its writer thread, so every view, the freshness rules and the health view read what
they always read, and the wall keeps its last values through an outage (they age on their cadence). Here its
callbacks, made on its threads, are carried to the GUI thread by queued signals: new readings to the data hub
(``DataHub.mark``), the alerts to the alert book (``AlertBook.mirror``, whose events the wall's own rules act on:
takeovers, waking screens), each change of the link to the band on screen 1 (overlays.HubLostItem). Alerts are
queued as they come and taken in batches: one pass of the GUI thread and one save of the book for all that came
meanwhile (a wall starting gets the hub's whole book at once), never a pass and a file write per alert.

The hub's outlooks (forecasts, their record, risks and anomalies: ``{p}/forecasts/{indicator}``) go straight into the
data hub's registry (``DataHub.outlooks``, thread-safe; its listeners hear the change on Paho's thread, the charts
then re-read on their worker): a wall fed by a hub computes no forecast of its own.

Acknowledgements made through the wall's API go to the hub (``acknowledge``, on the API's thread, never the GUI's);
the hub records them once in its audit log and publishes the acknowledged alert, which comes back like everyone
else's.

Leaders' requests to show something on the wall (ioc_hub/requests.py) are mirrored by the subscriber: the wall's API
lists them (``requests``) for its consoles, tells them of each change (``request_listeners``, called on Paho's
thread: the API's event bus publishes them; the GUI thread is not involved), and forwards an operator's answer
(``answer_request``) and the hub's delivery log (``deliveries``) to the hub, as it does an acknowledgement."""

from __future__ import annotations

import logging
import threading
import time
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QObject, QRectF, Qt, Signal

from ioc_core import fmt
from ioc_core.api.routes import HUB_FAILED, HUB_UNREACHABLE, Response, answer, refusal
from ioc_core.hublink.credentials import FILE_NAME, HubLinkConfig
from ioc_core.problems import InvalidFile, Problem

log = logging.getLogger(__name__)

HUB_SYNC_S = 3.0  # the longest the first picture waits for the readings the hub retains


def link_path(value: str | None, state_dir: Path) -> Path | None:
    """``--hub``'s file: ``auto`` is the state folder's hub-link.json; None or "" without --hub."""
    if not value:
        return None
    return Path(state_dir) / FILE_NAME if value == "auto" else Path(value)


def load_link(value: str | None, state_dir: Path, problems: list[Problem]) -> HubLinkConfig | None:
    """The link file ``--hub`` names, or None: without --hub, and when the file cannot be used (its problems, each
    naming the file and the field, added to ``problems`` for the identify card and logged: the wall then runs its
    own sources, never a black wall)."""
    path = link_path(value, state_dir)
    if path is None:
        return None
    try:
        link = HubLinkConfig.load(path)
    except InvalidFile as exc:
        problems.extend(exc.problems)
        for p in exc.problems:
            log.error("hub link unusable, the wall runs its own sources: %s", p)
        return None
    except OSError as exc:
        problems.append(Problem(str(path), "", f"cannot read file: {exc.strerror or exc}"))
        log.error("hub link %s cannot be read, the wall runs its own sources: %s", path, exc)
        return None
    log.info("hub mode: link %s (%s)", path, ", ".join(f"{k} {v}" for k, v in link.public().items() if v))
    return link


class HubFeed(QObject):
    """``hub``: the wall's DataHub; ``book``: its AlertBook; ``subscriber``: a factory with HubSubscriber's signature
    (tests). Started as soon as the wall is built (the broker's retained readings arrive while the rest is built),
    waited for before the first picture (``wait_first_picture``, which puts the band on the runtime's screen 1)."""

    _readings = Signal(object)  # frozenset of indicator ids, from the writer thread
    _aged = Signal(object)  # ... of indicators whose figures only came again with a newer as-of
    _alerts = Signal()  # alerts queued (``_pending_alerts``), from Paho's thread: once per batch
    _link = Signal(object)  # LinkState, from any thread
    _held = Signal(object)  # frozenset of the alert ids the broker holds, from the writer thread

    def __init__(self, link: HubLinkConfig, catalogue, store_path: Path, hub, book, *, wall_name: str,
                 api_url: str = "", subscriber=None, parent=None):
        super().__init__(parent)
        if subscriber is None:
            from ioc_core.hublink.subscriber import HubSubscriber as subscriber
        self.link, self.catalogue, self.store_path = link, catalogue, Path(store_path)
        self.hub, self.book, self.runtime = hub, book, None
        self._readings.connect(self._take_readings, Qt.ConnectionType.QueuedConnection)
        self._aged.connect(self._take_aged, Qt.ConnectionType.QueuedConnection)
        self._alerts.connect(self._take_alerts, Qt.ConnectionType.QueuedConnection)
        self._alerts_lock = threading.Lock()
        self._pending_alerts: list[tuple[str, dict | None]] = []  # (alert id, its document or None), in order
        self._link.connect(self._take_link, Qt.ConnectionType.QueuedConnection)
        self._held.connect(self._keep_alerts, Qt.ConnectionType.QueuedConnection)
        self.request_listeners: list = []  # called with the requests (a list of docs) on each change, any thread
        self.subscriber = subscriber(link, catalogue, self.store_path, wall_name=wall_name, api_url=api_url,
                                     on_readings=self._readings.emit, on_aged=self._aged.emit,
                                     on_alert=self._queue_alert,
                                     on_link=self._link.emit, on_alerts_held=self._held.emit,
                                     on_requests=self._requests_changed, on_outlook=self._take_outlook)
        self.synced_once = False  # the band is shown only after the first picture's wait
        self.notice = None  # overlays.HubLostItem on screen 1, made with the first picture's wait
        self._started = self._stopped = False

    # -- life ------------------------------------------------------------------------------------------------
    def start(self) -> None:
        """The store file made (the data hub's readers open it), then the subscription; returns at once."""
        if self._started:
            return
        self._started = True
        self.subscriber.start()

    def wait_first_picture(self, runtime=None, timeout_s: float = HUB_SYNC_S) -> bool:
        """On the GUI thread, before the screens are shown: wait (at most ``timeout_s``) until the wall has every
        reading the hub retains, so the first picture shows them; then the band on ``runtime``'s screen 1 (the
        WallRuntime; None: no band) follows the link."""
        t0 = time.monotonic()
        synced = self.subscriber.wait_synced(timeout_s)
        state = self.subscriber.state
        name = (state.hub or {}).get("hub", "") if state.hub else ""
        stored = getattr(self.subscriber, "stored", state.readings)
        if synced:
            log.info("hub link: %d readings before the first picture (hub '%s', broker %s; %.2f s)", stored, name,
                     self.link.broker.url, time.monotonic() - t0)
        else:
            log.warning("hub link: %d readings before the first picture (hub '%s', broker %s; not all of the hub's "
                        "within %.1f s: the rest come as they arrive; link %s)", stored, name, self.link.broker.url,
                        timeout_s, state.link)
        self.synced_once = True
        self.runtime = runtime
        if runtime is not None and self.notice is None:
            from wall.runtime.overlays import HubLostItem

            self.notice = HubLostItem(self._screen_one())
            self.runtime.scene.addItem(self.notice)
        self.hub.mark(set(self.catalogue.indicators))
        self._take_link(state)
        return synced

    def stop(self) -> None:
        """Ends the subscriber's threads (Paho's, its writer, its history worker); once."""
        if self._stopped:
            return
        self._stopped = True
        self.subscriber.stop()

    # -- the subscriber's news, on the GUI thread -----------------------------------------------------------
    def _take_readings(self, indicators) -> None:
        if not self._stopped:
            self.hub.mark(set(indicators))

    def _take_aged(self, indicators) -> None:
        if not self._stopped:
            self.hub.mark_aged(set(indicators))

    def _take_outlook(self, indicator: str, outlook) -> None:
        """Paho's thread: the hub's outlook of ``indicator`` (None: removed) into the data hub's registry."""
        if self._stopped:
            return
        if outlook is None:
            self.hub.outlooks.drop(indicator)
        else:
            self.hub.outlooks.put([outlook])

    def _queue_alert(self, alert_id: str, doc) -> None:
        """Paho's thread: queued; the GUI thread is woken once for all that come before it takes them."""
        with self._alerts_lock:
            wake = not self._pending_alerts
            self._pending_alerts.append((alert_id, doc))
        if wake:
            self._alerts.emit()

    def _take_alerts(self) -> None:
        """Every alert queued, in one pass and one save of the book (its listeners told of each, in order)."""
        with self._alerts_lock:
            pending, self._pending_alerts = self._pending_alerts, []
        if self._stopped or not pending:
            return
        with self.book.batch():
            for alert_id, doc in pending:
                event = self.book.mirror(alert_id, doc)
                if event:
                    log.info("alert %s from the hub: %s", alert_id, event)

    def _keep_alerts(self, held) -> None:
        """The alerts the hub holds now: any other this wall kept (gone from the hub's book while the wall was away
        or the broker down) leaves the wall's too."""
        if self._stopped:
            return
        self._take_alerts()  # those that came before: in the book first
        gone = [a.id for a in self.book.alerts(include_closed=True) if a.id not in held]
        with self.book.batch():
            for alert_id in gone:
                self.book.mirror(alert_id, None)
        if gone:
            log.info("%d alert(s) no longer at the hub removed: %s", len(gone), ", ".join(gone[:5]))

    def _take_link(self, state) -> None:
        if self._stopped or not self.synced_once or self.notice is None:
            return
        if state.link == "ok":
            if self.notice.isVisible():
                log.info("hub link back: the wall is current again")
            self.notice.setVisible(False)
            return
        lost = state.lost_since or state.since  # the first loss, kept until ok again
        since = fmt.clock(datetime.fromtimestamp(lost, fmt.TZ), seconds=False)
        if not self.notice.isVisible() or self.notice.since != since:
            log.warning("hub link lost (%s) since %s: the wall keeps its last figures, which age on their cadence",
                        state.link, since)
        self.notice.place(self._screen_one())
        self.notice.show_since(since)

    def _screen_one(self) -> QRectF:
        r = self.runtime.geo.screen_rect(0, 0)
        return QRectF(r.x, r.y, r.w, r.h)

    # -- the API's thread ------------------------------------------------------------------------------------
    def acknowledge(self, alert_id: str, who) -> tuple[bool, str]:
        """Forwarded to the hub with the caller's name and console (``who``: the request's Caller, or a name), on
        the calling thread (the API's): (True, "") when the hub took it, else (False, why) worded for the routes
        (unknown alert: 404; the hub out of reach: 503; any other refusal by the hub: 422 or 502)."""
        from ioc_core.api.audit import recorded_as

        name, client = recorded_as(who)
        status, doc = self.subscriber.acknowledge(alert_id, name, client)
        why = str((doc or {}).get("error", "")) if isinstance(doc, dict) else ""
        if status == 200:
            return True, ""
        if status == 404:
            return False, f"unknown alert '{alert_id}'" + (f" ({why})" if why else "")
        if status == 0:
            log.warning("acknowledgement of %s not forwarded: the data hub cannot be reached (%s)", alert_id, why)
            return False, f"{HUB_UNREACHABLE} ({why})" if why else HUB_UNREACHABLE
        if 400 <= status < 500:
            return False, why or f"refused by the data hub ({status})"
        log.warning("acknowledgement of %s refused by the data hub: %d %s", alert_id, status, why)
        return False, f"{HUB_FAILED} {status}" + (f": {why}" if why else "")

    # -- leaders' wall requests (Paho's thread, the API's) ---------------------------------------------------------
    def _requests_changed(self, docs: list[dict]) -> None:
        for listener in list(self.request_listeners):
            try:
                listener(docs)
            except Exception:
                log.exception("a listener of the wall requests failed")

    def requests(self) -> list[dict]:
        """The leaders' requests the hub publishes (pending and answered within the day), newest first."""
        return self.subscriber.requests()

    def answer_request(self, request_id: str, accept: bool, reason: str, who) -> Response:
        """An operator's answer forwarded to the hub on the API's thread, with the caller's name and console
        (``who``), as the routes answer it: the hub's answer (200, or its 400, 404 or 409 with its reason); 503 when
        the hub cannot be reached, 502 when it refused otherwise (nothing was answered either way)."""
        from ioc_core.api.audit import recorded_as

        name, client = recorded_as(who)
        status, doc = self.subscriber.answer_request(request_id, accept, reason, name, client)
        return self._forwarded(status, doc, "not answered", f"request {request_id}")

    def deliveries(self, params: dict | None = None) -> Response:
        """The hub's delivery log of alert messages, as the hub answers it (503 unreachable, 502 refused)."""
        status, doc = self.subscriber.deliveries(params)
        return self._forwarded(status, doc, "the delivery log not read", "the delivery log", passing=(400, 404))

    @staticmethod
    def _forwarded(status: int, doc: dict, what: str, subject: str, passing=(400, 404, 409)) -> Response:
        why = str(doc.get("error", "")) if isinstance(doc, dict) else ""
        if 200 <= status < 300:
            return answer(status, doc)
        if status == 0:
            log.warning("%s: %s (%s)", subject, HUB_UNREACHABLE, why)
            return refusal(503, f"{what}: the data hub cannot be reached" + (f" ({why})" if why else ""))
        if status in passing:
            return refusal(status, why or f"refused by the data hub ({status})")
        log.warning("%s refused by the data hub: %d %s", subject, status, why)
        return refusal(502, f"{what}: the data hub answered {status}" + (f": {why}" if why else ""))

    # -- GET /health -------------------------------------------------------------------------------------------
    def health(self) -> dict:
        """The wall's "hub" in GET /health (the shape in docs; consoles read it): the hub's name and address, the
        broker's, the link, when it last changed, how many readings came, the hub's own sources (None until its
        presence or health has arrived)."""
        state = self.subscriber.state
        presence = state.hub or {}
        heard = state.hub is not None or state.health_at is not None
        return {"name": presence.get("hub", ""), "url": self.link.hub, "broker": self.link.broker.url,
                "link": state.link, "since": state.since, "readings": state.readings,
                "hub_health": {"sources": state.sources, "sources_failing": state.sources_failing,
                               "online_since": presence.get("since")} if heard else None}
