"""``Hub``: one data service for every wall of a province (Qt-free).

It runs the sources with the wall's own fetch runner (``ioc_core/sources/runner.py``), keeps the store
(``<state>/indicators.sqlite``) and the one alert book of the province (``<state>/alerts.json``) with the wall's own
checks (``ioc_core/alerts/monitor.py``), publishes on the broker (``publisher.py``) and serves history, the catalogue
and acknowledgements over HTTP (``routes.py``).

Threads: the runner's (its writer stores each fetch, then publishes the indicators it wrote, from the same
connection), ONE hub thread that owns the alert book (threshold checks after each stored fetch, CAP messages, expiry
once a second, the forecasts' verdicts, acknowledgements from the API: jobs on a queue), the forecasting thread
(``forecasting.py``: each indicator's outlook after new data, at most once every FORECAST_EVERY_S, published and its
verdicts queued for the hub's thread: the fits never hold up an acknowledgement), Paho's, and the API server's. The
API reads what the publisher and the forecaster hold; it never touches the book."""

from __future__ import annotations

import concurrent.futures
import logging
import os
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

from ioc_core import clock as wallclock
from ioc_core.alerts import Alert, AlertBook
from ioc_core.alerts.book import CAP_SECTOR
from ioc_core.alerts.monitor import AlertChecks
from ioc_core.api.audit import AuditLog
from ioc_core.api.tokens import FILE_NAME as TOKENS_FILE
from ioc_core.api.tokens import TokenStore
from ioc_core.hublink.credentials import BrokerAccount
from ioc_core.hublink.messages import BadMessage, decode
from ioc_core.hublink.topics import Topics
from ioc_core.indicators.indicator_store import IndicatorStore
from ioc_core.sources.runner import FetchRunner
from ioc_hub.forecasting import Forecaster
from ioc_hub.people import People
from ioc_hub.publisher import Publisher

log = logging.getLogger("hub")

STORE_FILE = "indicators.sqlite"
BOOK_FILE = "alerts.json"
AUDIT_FILE = "audit.jsonl"
PEOPLE_FILE = "people.sqlite"
ACK_WAIT_S = 10.0  # an acknowledgement waits this long for the hub's thread
HISTORY_ROWS = 5000  # rows of one series at most in an answer (the store keeps no more)
_STOP = object()


@dataclass
class HubSettings:
    state_dir: Path
    name: str
    broker: BrokerAccount
    topic_prefix: str = "ioc"
    api_bind: str = "0.0.0.0"
    api_port: int = 8766
    plain_http: bool = False
    zeroconf: str = "off"  # off | all | comma-separated addresses
    workers: int = 6


def outlook_doc(o) -> dict:
    """An outlook as the API answers it: as published (``Outlook.to_json``), with whether a forecast is shown and
    its record and reason in words ("sai số trung bình 3,2 % trong 24 kỳ qua")."""
    return {**o.to_json(), "shown": o.shown, "accuracy_vi": o.accuracy_vi, "accuracy_en": o.accuracy_en,
            "reason_vi": o.reason_vi, "reason_en": o.reason_en}


def rss_mb() -> float:
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    import resource

    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


class Hub:
    def __init__(self, settings: HubSettings, catalogue, sources: list[tuple], clock=wallclock.now_s,
                 prepare: Callable[[Path], None] | None = None):
        """``sources``: (Source, every_s) pairs; ``prepare(store path)``: run on a thread of its own once the hub
        publishes (the demo's history), whose rows are then published."""
        self.settings, self.catalogue, self.clock = settings, catalogue, clock
        self.name = settings.name
        self.topics = Topics(settings.topic_prefix)
        self.started_at = time.time()
        self.store_path = settings.state_dir / STORE_FILE
        self._sources, self._prepare = sources, prepare
        self.book = AlertBook(settings.state_dir / BOOK_FILE)
        if self.book.read_only:
            log.error("the alert book %s: %s; alerts are not saved", self.book.path, self.book.read_only)
        self.checks = AlertChecks(catalogue, self.book, forecasts=False)  # forecasts: self.forecaster's thread
        self.audit = AuditLog(settings.state_dir / AUDIT_FILE)
        self.tokens = TokenStore(settings.state_dir / TOKENS_FILE)
        self.people = People(settings.state_dir / PEOPLE_FILE)
        self._walls: dict[str, dict] = {}  # wall name -> its presence, as the walls publish it
        self._walls_lock = threading.Lock()
        self._jobs: queue.Queue = queue.Queue()
        self._to_check: set[str] = set()
        self._check_lock = threading.Lock()
        self._thread = threading.Thread(target=self._run, name="hub", daemon=True)
        self._extra: list[threading.Thread] = []
        self.server = self.advertiser = self.runner = self.api = None
        # called on the hub's thread with (Alert, event) after each change of the book (the messages to people):
        # a listener returns at once, its work goes to a thread of its own
        self.alert_listeners: list[Callable] = []
        self.parts: list = []  # ioc_hub/parts.py
        self.identity = None
        self.api_url = ""
        self.publisher: Publisher | None = None
        self.forecaster = Forecaster(catalogue, self.store_path, on_outlooks=self._outlooks_changed,
                                     on_verdicts=self._outlook_verdicts, now=clock)
        self.outlooks = self.forecaster.outlooks  # every indicator's newest outlook (routes, phones)

    # -- life ----------------------------------------------------------------------------------------------
    def start(self) -> None:
        from ioc_core.loading import open_store
        from ioc_hub.routes import HubApi

        store = open_store(self.store_path, self.catalogue)
        try:
            store.end_in_flight()
            store.forget_sources_except({s.id for s, _ in self._sources})
            rows, health = store.latest_rows(), store.health()
        finally:
            store.close()
        self.api = HubApi(self.tokens, self, self.audit, people=self.people, secure=not self.settings.plain_http)
        self.server = self._serve(self.api)
        from ioc_hub.parts import make_parts

        self.parts = make_parts(self)
        for part in self.parts:
            part.start(self)
        fingerprint = self.identity.fingerprint if self.identity is not None else ""
        self.publisher = Publisher(self.settings.broker, self.name, self.topics, self.catalogue, api=self.api_url,
                                   fingerprint=fingerprint, subscriptions=[self.topics.walls_all],
                                   on_message=self._wall_message)
        self.publisher.take_rows(rows, quiet=True)
        self.publisher.take_health(health)
        self.publisher.load_alerts(a.to_json() for a in self.book.alerts(include_closed=True))
        self.book.subscribe(self._alert_changed)
        self._thread.start()
        self.publisher.start()
        self.runner = FetchRunner(lambda: IndicatorStore(self.store_path, self.catalogue),
                                  workers=self.settings.workers, clock=self.clock, on_stored=self._stored,
                                  on_alerts=self._fetched_alerts, name="hub-fetch")
        for source, every in self._sources:
            self.runner.add(source, every)
        if self._prepare is not None:
            t = threading.Thread(target=self._prepared, name="hub-prepare", daemon=True)
            self._extra.append(t)
            t.start()
        else:
            self.runner.start()
            self._forecast_all()
        self.server.start()
        if self.settings.zeroconf != "off":
            from ioc_core.api.discovery import HUB_SERVICE_TYPE, Advertiser

            ifaces = None if self.settings.zeroconf == "all" else self.settings.zeroconf.split(",")
            self.advertiser = Advertiser(self.name, self.server.port, None, None, ifaces, fingerprint,
                                         service_type=HUB_SERVICE_TYPE)
            self.advertiser.start()
        self._ask_check(set(self.catalogue.indicators))  # the stored values against the rules, as at a wall's start
        log.info("hub API on %s (%s)", self.api_url, "plain HTTP" if self.settings.plain_http else
                 f"HTTPS, certificate sha256 {fingerprint}")

    def _serve(self, api):
        from ioc_core.api.server import ApiServer

        context = None
        if not self.settings.plain_http:
            from ioc_core.api.identity import load_or_make, served_hosts

            self.identity = load_or_make(self.settings.state_dir, self.name, served_hosts(self.settings.api_bind))
            context = self.identity.ssl_context()
        server = ApiServer(api, self.settings.api_bind, self.settings.api_port, context, name="hub-api")
        host = "127.0.0.1" if server.bind in ("0.0.0.0", "::") else server.bind
        if server.bind in ("0.0.0.0", "::"):
            from ioc_core.api.identity import served_hosts

            host = served_hosts(server.bind)[-1]  # the LAN address walls reach it on
        self.api_url = f"{server.scheme}://{host}:{server.port}/api/v1"
        return server

    def _prepared(self) -> None:
        try:
            self._prepare(self.store_path)
            store = IndicatorStore(self.store_path, self.catalogue)
            try:
                rows = store.latest_rows()
            finally:
                store.close()
            self.publisher.take_rows(rows)
            self._ask_check(set(self.catalogue.indicators))
        except Exception:
            log.exception("the hub's history could not be prepared")
        self.runner.start()
        self._forecast_all()

    def _forecast_all(self) -> None:
        """Every indicator forecast once at start (after the demo's history, when there is one), then after news."""
        self.forecaster.ask(self.catalogue.indicators)
        self.forecaster.start()

    def stop(self) -> None:
        """The presence offline first (walls know at once), then every thread ended."""
        for t in self._extra:
            t.join(10)
        if self.runner is not None:
            self.runner.stop()
        self.forecaster.stop()
        if self.publisher is not None:
            self.publisher.stop()
        if self._thread.is_alive():
            self._jobs.put(_STOP)
            self._thread.join(10)
        if self.advertiser is not None:
            self.advertiser.stop()
        if self.server is not None:
            self.server.stop()
        for part in reversed(self.parts):
            try:
                part.stop()
            except Exception:
                log.exception("stopping the hub's %s failed", type(part).__name__)
        self.audit.close()
        self.people.close()

    def wait_connected(self, timeout_s: float) -> bool:
        return self.publisher is not None and self.publisher.link.wait_connected(timeout_s)

    # -- the runner's writer thread ---------------------------------------------------------------------------
    def _stored(self, sid: str, ok: bool, summary: str, wrote: frozenset, store: IndicatorStore) -> None:
        if wrote:
            self.publisher.take_rows(store.latest_rows(wrote), received=time.time())
            self._tell_browsers(wrote)
        self.publisher.take_health(store.health())
        if wrote:
            self._ask_check(set(wrote))
            self.forecaster.ask(wrote)

    def publish_stored(self, indicators, store: IndicatorStore) -> None:
        """Figures written to the store outside the fetch runner (manual entry's approvals; none: only the sources'
        health changed), published to the walls and phones and checked as a fetch's are. Any thread."""
        if self.publisher is not None:
            self._stored("", True, "", frozenset(indicators), store)

    def _tell_browsers(self, indicators) -> None:
        """The province's new readings of ``indicators`` to the pages following the hub's events (the phones):
        encoded once by the server however many follow."""
        if self.api is not None:
            self.api.bus.publish("readings", {"readings": [asdict(r) for r in self.publisher.readings()
                                                           if r.indicator in indicators and r.region == "province"]})

    def _fetched_alerts(self, sid: str, alerts: list) -> None:  # a worker thread
        sector = getattr(self.runner.sources.get(sid), "sector", CAP_SECTOR)
        self._jobs.put(lambda: self.checks.take_cap(alerts, sector))

    # -- the hub's thread: the book ---------------------------------------------------------------------------
    def _ask_check(self, indicators: set[str]) -> None:
        with self._check_lock:
            first = not self._to_check
            self._to_check |= indicators
        if first:
            self._jobs.put(self._check)

    def _check(self) -> None:
        with self._check_lock:
            indicators, self._to_check = self._to_check, set()
        if not indicators:
            return
        reader = self._book_reader()
        reader.invalidate(indicators)
        self.checks.check_now(indicators, reader)

    # -- the forecasting thread ------------------------------------------------------------------------------
    def _outlooks_changed(self, outlooks: list) -> None:
        """Outlooks just computed that changed: published retained, and the phones told (their summary has the
        risk words)."""
        if self.publisher is not None:
            self.publisher.take_outlooks(o.to_json() for o in outlooks)
        if self.api is not None:
            self.api.bus.publish("forecasts", {"indicators": sorted(o.indicator for o in outlooks)})

    def _outlook_verdicts(self, calls: list) -> None:
        """The forecast and anomaly verdicts of outlooks just computed, told to the book on the hub's thread in one
        batch (one save)."""
        self._jobs.put(lambda: self.checks.apply((frozenset(), frozenset(), calls)))

    def _book_reader(self):
        if getattr(self, "_reader", None) is None:
            from ioc_core.views.reader import StoreReader

            self._reader = StoreReader(self.store_path, self.catalogue, self.clock)
        return self._reader

    def _run(self) -> None:
        next_expiry = time.monotonic() + 1.0
        try:
            while True:
                try:
                    job = self._jobs.get(timeout=max(0.0, next_expiry - time.monotonic()))
                except queue.Empty:
                    job = None
                if job is _STOP:
                    return
                if job is not None:
                    try:
                        job()
                    except Exception:
                        log.exception("a job of the hub's thread failed")
                if time.monotonic() >= next_expiry:
                    next_expiry = time.monotonic() + 1.0
                    try:
                        self.checks.expire()
                    except Exception:
                        log.exception("expiring alerts failed")
        finally:
            if getattr(self, "_reader", None) is not None:
                self._reader.close()

    def _alert_changed(self, alert: Alert, event: str) -> None:  # the hub's thread (the book's changes)
        self.publisher.take_alert(alert.to_json())
        if self.api is not None:
            self.api.bus.publish("alert", {"event": event, "alert": alert.to_json()})
        for listener in list(self.alert_listeners):
            try:
                listener(alert, event)
            except Exception:
                log.exception("an alert listener failed")
        self.publisher.keep_only_alerts({a.id for a in self.book.alerts(include_closed=True)})
        if event in ("raised", "escalated", "acknowledged", "cleared"):
            log.info("alert %s %s", alert.id, event)

    def acknowledge(self, alert_id: str, caller, by: str = "", wall: str = "") -> tuple[bool, str, str]:
        """(accepted, reason, the name it is acknowledged by), from an API thread: done on the hub's thread, recorded
        once in the audit log (a second acknowledgement changes and records nothing). Not done within ACK_WAIT_S:
        refused, and the job, cancelled, never acknowledges later (the operator was told it was not done)."""
        done: concurrent.futures.Future = concurrent.futures.Future()
        gate = threading.Lock()  # the job runs whole under it: the API's timeout finds it done or cancels it
        cancelled = False

        def job() -> None:
            with gate:
                if cancelled:
                    log.warning("the acknowledgement of %s came too late to the hub's thread: not done", alert_id)
                    return
                name = by or caller.name
                alert = self.book.get(alert_id)
                seen = alert is not None and alert.acknowledged
                with self.checks.lock:
                    ok, reason = self.book.acknowledge(alert_id, name)
                if ok and not seen:
                    entry = {"command": "acknowledge_alert", "alert": alert_id, **({"by": by} if by else {}),
                             **({"wall": wall} if wall else {})}
                    try:
                        self.audit.append(caller, entry, -1, -1)  # the hub has no revisions
                    except OSError as exc:  # held: written when the disk takes it (AuditLog)
                        log.error("the acknowledgement of %s is held for the audit log: %s", alert_id, exc)
                now = self.book.get(alert_id)
                done.set_result((ok, reason, (now.acknowledged_by or name) if now is not None else name))

        if not self._thread.is_alive():
            return False, "the hub is stopping", ""
        self._jobs.put(job)
        try:
            return done.result(ACK_WAIT_S)
        except concurrent.futures.TimeoutError:
            with gate:  # waits for a job that has just begun; one not begun never will
                if done.done():
                    return done.result()
                cancelled = True
            return False, f"the hub is busy: not acknowledged within {ACK_WAIT_S:.0f} s, try again", ""

    # -- walls' presence (Paho's thread) -------------------------------------------------------------------
    def _wall_message(self, topic: str, payload: bytes, retained: bool) -> None:
        kind, parts = self.topics.parse(topic)
        if kind != "wall":
            return
        try:
            doc = decode(topic, payload)
        except BadMessage as exc:
            log.warning("a wall's presence skipped: %s", exc)
            return
        with self._walls_lock:
            if doc is None:
                self._walls.pop(parts[0], None)
            else:
                doc.pop("v", None)
                self._walls[parts[0]] = doc

    def walls(self) -> dict[str, dict]:
        with self._walls_lock:
            return dict(self._walls)

    # -- what the API answers (API threads) -----------------------------------------------------------------
    def info(self) -> dict:
        return {"name": self.name, "topic_prefix": self.topics.prefix, "broker": {"url": self.settings.broker.url},
                "api": self.api_url, "uptime_s": round(time.time() - self.started_at, 1), "walls": self.walls()}

    def health(self) -> dict:
        link = self.publisher.link
        held = self.publisher.health() or {"sources": []}
        return {"name": self.name, "uptime_s": round(time.time() - self.started_at, 1), "rss_mb": rss_mb(),
                "threads": threading.active_count(), "pid": os.getpid(),
                "broker": {"url": self.settings.broker.url, "connected": link.connected, "published": link.published,
                           "readings_published": self.publisher.readings_published, "since": link.since},
                "sources": held["sources"], "walls": self.walls(), "readings": len(self.publisher.readings()),
                "alerts_open": sum(1 for a in self.publisher.alerts() if a.get("cleared_at") is None),
                "forecasts": {"held": len(self.outlooks.all()), "shown": sum(1 for o in self.outlooks.all() if o.shown),
                              "computed": self.forecaster.computed}}

    def catalogue_doc(self) -> dict:
        cat = self.catalogue
        return {"indicators": sorted(cat.indicators), "sectors": sorted(cat.sectors), "regions": sorted(cat.regions)}

    def forecasts(self) -> list[dict]:
        """Every indicator's newest outlook, as ``forecast`` answers one."""
        return [outlook_doc(o) for o in self.outlooks.all()]

    def forecast(self, indicator: str) -> dict | None:
        o = self.outlooks.get(indicator)
        return None if o is None else outlook_doc(o)

    def readings(self) -> list[dict]:
        return [asdict(r) for r in sorted(self.publisher.readings(), key=lambda r: (r.indicator, r.region))]

    def alerts(self, closed: bool = False) -> list[dict]:
        docs = [a for a in self.publisher.alerts() if closed or a.get("cleared_at") is None]
        return sorted(docs, key=lambda d: Alert.from_json(d).sort_key())

    def history(self, indicator: str, region: str, since: str | None = None) -> list[list]:
        """The store's rows of one series, oldest first (the newest HISTORY_ROWS): a connection of its own per
        request (a wall asks once per chart's series)."""
        store = IndicatorStore(self.store_path, self.catalogue)
        try:
            rows = store.db.execute(self._history_sql(since), (indicator, region, *((since,) if since else ()),
                                                               HISTORY_ROWS)).fetchall()
        finally:
            store.close()
        return [list(r) for r in reversed(rows)]

    @staticmethod
    def _history_sql(since: str | None) -> str:
        return ("SELECT period, value, observed_at, source, parts FROM observations WHERE indicator=? AND region=?"
                + (" AND period >= ?" if since else "") + " ORDER BY period DESC LIMIT ?")
