"""A wall in hub mode (``--hub FILE``): its figures and alerts come from the province's data hub through a real
Mosquitto on 127.0.0.1, published here as the hub publishes them (its broker account, retained messages); the hub's
HTTP API (history, acknowledgements) is a scripted server. In this process through the wall's one assembly, and once
as a real wall process."""

from __future__ import annotations

import contextlib
import gc
import json
import logging
import sqlite3
import threading
import time
from concurrent.futures import Future
from pathlib import Path

import pytest
import requests

from ioc_core.alerts import AlertBook
from ioc_core.catalogue import load_catalogue
from ioc_core.hublink.client import BrokerLink
from ioc_core.hublink.credentials import BrokerAccount, HubLinkConfig
from ioc_core.hublink.messages import HEARTBEAT_S, ReadingMessage, encode, encode_readings
from ioc_core.hublink.topics import Topics
from ioc_core.indicators.observation import PROVINCE
from wall.app import parse_args
from wall.assembly import build_wall
from wall.runtime.overlays import HubLostItem
from wall.widgets import style

from ..broker import Mosquitto
from ..common import SHIPPED_LAYOUTS
from ..fakeservers import ScriptedServer
from ..wallproc import WallApi, WallProcess

CAT = load_catalogue()
IND = "hcc-ty-le-dung-han"  # daily, commune level: a tile of the administrative-services sector
TOKEN = "hub-token-never-in-a-log-4711"
NOTICE = "Mất kết nối trung tâm dữ liệu từ "


class PublishingHub:
    """Publishes as ioc-hub does, with the broker's "hub" account: its presence (its last will: offline), one
    retained message per indicator with every region's latest reading, alerts as its book holds them. Each message
    is read back through its own subscription, so a test knows the broker holds it. Its presence, once said online,
    is said again every ``heartbeat_s`` (the same bytes) as ioc-hub's heartbeat, until it says offline or stops."""

    def __init__(self, broker: Mosquitto, name: str = "hub-tinh", heartbeat_s: float = HEARTBEAT_S):
        self.topics = Topics("ioc")
        self.heartbeat_s = heartbeat_s
        self._said: bytes | None = None  # the presence last said online (None: offline, or never said)
        self._say = threading.Lock()
        self._quiet = threading.Event()
        self._beat = threading.Thread(target=self._heartbeat, name="fake-hub-heartbeat", daemon=True)
        self.name = name
        self.since = time.time()
        self.readings: dict[str, dict[str, ReadingMessage]] = {}
        self.book = AlertBook(None)
        self._echo: dict[str, bytes] = {}
        self._cond = threading.Condition()
        self.link = BrokerLink(broker.url, "ioc-hub-test", username="hub", password=broker.accounts["hub"],
                               will=(self.topics.presence, self._presence("offline")),
                               subscriptions=["ioc/#"], on_message=self._heard)

    def _heard(self, topic: str, payload: bytes, retained: bool) -> None:
        with self._cond:
            self._echo[topic] = payload
            self._cond.notify_all()

    def _send(self, topic: str, payload: bytes) -> None:
        self.link.publish(topic, payload)
        with self._cond:
            assert self._cond.wait_for(lambda: self._echo.get(topic) == payload, 10), f"{topic} never came back"

    def start(self) -> PublishingHub:
        self.link.start()
        assert self.link.wait_subscribed(10)
        self._beat.start()
        return self

    def stop(self) -> None:
        self._quiet.set()
        if self._beat.is_alive():
            self._beat.join(5)
        self.link.stop()

    def _heartbeat(self) -> None:
        while not self._quiet.wait(self.heartbeat_s):
            with self._say:
                if self._said is not None and self.link.connected:
                    self.link.publish(self.topics.presence, self._said)

    def _presence(self, state: str) -> bytes:
        return encode({"state": state, "hub": self.name, "since": self.since, "api": "", "fingerprint": "",
                       "readings": len(self.readings), "alerts": len(self.book.alerts())})

    def presence(self, state: str = "online") -> None:
        payload = self._presence(state)
        with self._say:
            self._said = payload if state == "online" else None
            self.link.publish(self.topics.presence, payload)
        with self._cond:
            assert self._cond.wait_for(lambda: self._echo.get(self.topics.presence) == payload, 10), "presence lost"

    def reading(self, indicator: str, region: str, value: float, as_of: float, period: str = "2026-12-07") -> None:
        self.readings.setdefault(indicator, {})[region] = ReadingMessage(
            indicator, region, period, value, as_of, as_of + 1, "normal", "igate")
        self._send(self.topics.readings(indicator),
                   encode_readings(indicator, list(self.readings[indicator].values())))

    def alert(self, alert) -> None:
        self._send(self.topics.alert(alert.id), encode(alert.to_json()))

    def forecast(self, indicator: str, payload: bytes) -> None:
        """An outlook's message as ioc-hub publishes it (encode_outlook), or anything else a test sends."""
        self._send(self.topics.forecast(indicator), payload)

    def health(self, failing: int = 0) -> None:
        now = time.time()
        sources = [{"source": f"nguon-{i}", "last_attempt": now, "last_success": now if i >= failing else None,
                    "last_error": now if i < failing else None, "consecutive_errors": 1 if i < failing else 0,
                    "error_count": 1 if i < failing else 0, "records_received": 1, "records_rejected": 0,
                    "last_error_message": "timeout" if i < failing else None} for i in range(3)]
        self._send(self.topics.health, encode({"sources": sources, "at": now}))


def _link_file(path: Path, broker: Mosquitto, api: str, wall: str = "wall-a") -> Path:
    HubLinkConfig(api, TOKEN, BrokerAccount(broker.url, wall, broker.accounts[wall]), wall=wall).save(path)
    return path


@pytest.fixture
def broker(tmp_path):
    with Mosquitto(tmp_path / "broker") as b:
        yield b


@pytest.fixture
def hub(broker):
    h = PublishingHub(broker).start()
    yield h
    h.stop()


@pytest.fixture
def hub_api():
    server = ScriptedServer()
    server.routes["/api/v1/history"] = lambda q: (200, {"indicator": q.get("indicator"), "region": q.get("region"),
                                                        "rows": []})
    yield server
    server.close()


def _not_subreaper() -> None:
    with contextlib.suppress(Exception):
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(36, 0, 0, 0, 0)  # PR_SET_CHILD_SUBREAPER off


@pytest.fixture
def make_wall(qapp, tmp_path, monkeypatch):
    monkeypatch.setenv("IOC_WALL_WATCHDOG_S", "600")
    monkeypatch.delenv("IOC_WALL_RESUME", raising=False)
    monkeypatch.delenv("IOC_WALL_HUB", raising=False)
    built = []

    def make(*extra: str, layout: str = "tap-trung-hcc"):
        args = parse_args(["--state-dir", str(tmp_path / "state"), "--layouts-dir", str(SHIPPED_LAYOUTS),
                           "--windowed", "--api-bind", "127.0.0.1", "--api-port", "0", "--zeroconf", "off",
                           "--name", "Phòng họp", "--api-plain-http", "--layout", layout, *extra])
        wall = build_wall(args, qapp)
        built.append(wall)
        return wall

    yield make
    for wall in built:
        wall.stop()
    _not_subreaper()
    gc.unfreeze()
    gc.enable()


def _call(qtbot, wall, method: str, path: str, role: str, **kw) -> requests.Response:
    """From another thread while this one (the GUI's) runs the event loop."""
    done: Future = Future()
    url = f"http://127.0.0.1:{wall.api.server.port}/api/v1{path}"
    headers = {"Authorization": f"Bearer {wall.api.tokens.token(role)}", **kw.pop("headers", {})}

    def run():
        try:
            done.set_result(requests.request(method, url, headers=headers, timeout=20, **kw))
        except Exception as exc:
            done.set_exception(exc)

    threading.Thread(target=run, daemon=True).start()
    qtbot.waitUntil(done.done, timeout=25000)
    return done.result()


def _notice(wall) -> HubLostItem:
    return wall.data.feed.notice


def _band_drawn(qtbot, wall, row: int, col: int) -> bool:
    """The band's colour in the top corner of the screen's picture, as a console gets it."""
    from PySide6.QtGui import QColor, QImage

    r = _call(qtbot, wall, "GET", f"/screens/{row}/{col}/snapshot", "viewer")
    assert r.status_code == 200
    image = QImage.fromData(r.content)
    return QColor(image.pixel(4, 4)) == style.WARNING and QColor(image.pixel(image.width() - 4, 4)) == style.WARNING


def _tile_value(wall, indicator: str) -> str | None:
    """The figure the tile of ``indicator`` shows on the wall now (any sector view that has it)."""
    for item in wall.runtime.items.values():
        tiles = getattr(item, "tiles", None)
        if not callable(tiles):
            continue
        for tile in tiles():
            if tile.indicator.id == indicator:
                return tile.value
    return None


def test_a_wall_on_the_hub_shows_its_readings_from_the_first_picture_and_says_when_the_hub_is_lost(
        make_wall, hub, hub_api, broker, tmp_path, qtbot, caplog):
    caplog.set_level(logging.DEBUG)
    as_of = time.time() - 600
    for n, region in enumerate(CAT.regions):  # every commune, and the province
        hub.reading(IND, region, 90.0 + n % 10, as_of)
    hub.reading(IND, PROVINCE, 97.5, as_of)
    hub.presence("online")
    wall = make_wall("--hub", str(_link_file(tmp_path / "hub-link.json", broker, hub_api.url + "/api/v1")))
    assert wall.data.feed is not None and wall.monitor is not None
    wall.start()  # waits for the retained readings before the screens are shown
    # the first picture: the store already holds the hub's reading, as of the hub's time
    reading = wall.hub.reading(IND, PROVINCE)
    assert reading is not None and reading.value == 97.5 and reading.observed_at == pytest.approx(as_of)
    assert f"hub link: {len(CAT.regions) + 1} readings before the first picture (hub 'hub-tinh', broker " \
           f"{broker.url}" in caplog.text or "readings before the first picture (hub 'hub-tinh'" in caplog.text
    qtbot.waitUntil(lambda: wall.api is not None, timeout=20000)
    qtbot.waitUntil(lambda: _tile_value(wall, IND) == "97,5", timeout=10000)
    assert not _notice(wall).isVisible()
    health = _call(qtbot, wall, "GET", "/health", "viewer").json()["hub"]
    assert health["name"] == "hub-tinh" and health["link"] == "ok" and health["broker"] == broker.url
    assert health["url"] == hub_api.url + "/api/v1" and TOKEN not in json.dumps(health)

    # a new figure from the hub reaches the tile
    hub.reading(IND, PROVINCE, 93.4, time.time())
    qtbot.waitUntil(lambda: _tile_value(wall, IND) == "93,4", timeout=10000)

    # the hub goes (its last will): the band on screen 1, the figures kept
    hub.presence("offline")
    qtbot.waitUntil(lambda: _notice(wall).isVisible(), timeout=10000)
    assert _notice(wall).text.startswith(NOTICE) and len(_notice(wall).text) == len(NOTICE) + 5  # "HH:MM"
    one = wall.runtime.geo.screen_rect(0, 0)
    band = _notice(wall).sceneBoundingRect()
    assert band.left() == one.x and band.width() == one.w and band.top() == one.y
    health = _call(qtbot, wall, "GET", "/health", "viewer").json()["hub"]
    assert health["link"] == "hub-offline"
    assert _tile_value(wall, IND) == "93,4" and wall.hub.reading(IND, PROVINCE).value == 93.4
    # drawn on screen 1's picture (the snapshot a console gets), not on screen 2's
    assert _band_drawn(qtbot, wall, 0, 0) and not _band_drawn(qtbot, wall, 0, 1)

    # back online: the band goes
    hub.presence("online")
    qtbot.waitUntil(lambda: not _notice(wall).isVisible(), timeout=10000)
    assert not _band_drawn(qtbot, wall, 0, 0)
    assert _call(qtbot, wall, "GET", "/health", "viewer").json()["hub"]["link"] == "ok"
    assert TOKEN not in caplog.text and broker.accounts["wall-a"] not in caplog.text


def test_the_broker_killed_shows_the_band_and_restarted_the_wall_is_current_again(make_wall, hub, hub_api, broker,
                                                                                  tmp_path, qtbot):
    hub.reading(IND, PROVINCE, 96.5, time.time() - 60)
    hub.presence("online")
    wall = make_wall("--hub", str(_link_file(tmp_path / "hub-link.json", broker, hub_api.url + "/api/v1")))
    wall.start()
    qtbot.waitUntil(lambda: wall.api is not None, timeout=20000)
    qtbot.waitUntil(lambda: _tile_value(wall, IND) == "96,5", timeout=10000)
    broker.kill()  # no goodbye: the wall finds out by its keepalive or the closed socket
    qtbot.waitUntil(lambda: _notice(wall).isVisible(), timeout=20000)
    assert _call(qtbot, wall, "GET", "/health", "viewer").json()["hub"]["link"] == "broker-down"
    assert _tile_value(wall, IND) == "96,5"  # kept, ageing on its cadence
    broker.start()  # without persistence: the hub publishes everything again when it is back
    assert hub.link.wait_subscribed(20)
    hub.presence("online")
    hub.reading(IND, PROVINCE, 91.5, time.time())
    qtbot.waitUntil(lambda: not _notice(wall).isVisible(), timeout=20000)
    qtbot.waitUntil(lambda: _tile_value(wall, IND) == "91,5", timeout=10000)
    assert _call(qtbot, wall, "GET", "/health", "viewer").json()["hub"]["link"] == "ok"


def test_alerts_come_from_the_hub_and_an_acknowledgement_goes_to_it(make_wall, hub, hub_api, broker, tmp_path,
                                                                     qtbot, caplog):
    caplog.set_level(logging.DEBUG)
    hub.presence("online")
    wall = make_wall("--hub", str(_link_file(tmp_path / "hub-link.json", broker, hub_api.url + "/api/v1")),
                     layout="hop")
    events = []
    wall.book.subscribe(lambda alert, event: events.append((alert.id, event)))
    wall.start()
    qtbot.waitUntil(lambda: wall.api is not None, timeout=20000)
    raised = hub.book.observe(IND, "hcc", PROVINCE, "threshold", "critical", "Tỷ lệ đúng hạn thấp", "Low", 80.0)
    hub.alert(raised)
    qtbot.waitUntil(lambda: (raised.id, "raised") in events, timeout=10000)
    assert wall.book.get(raised.id).severity == "critical"
    # the wall's own rules act on it: the shipped rule puts the on-time chart on the meeting layout's overview
    qtbot.waitUntil(lambda: ("hcc-nghiem-trong", raised.id, True, "") in wall.monitor.results, timeout=10000)

    # acknowledged through the wall's API: forwarded to the hub with the caller's name, not in the wall's audit log
    def ack(query):
        hub.book.acknowledge(raised.id, "hub-caller")
        threading.Thread(target=hub.alert, args=(hub.book.get(raised.id),), daemon=True).start()
        return 200, {"acknowledged": raised.id, "by": "hub-caller"}

    hub_api.routes[f"/api/v1/alerts/{raised.id}/ack"] = ack
    r = _call(qtbot, wall, "POST", f"/alerts/{raised.id}/ack", "operator", headers={"X-IOC-Client": "ban-truc"})
    assert r.status_code == 200, r.text
    path, _query, headers = hub_api.requests[-1]
    assert path == f"/api/v1/alerts/{raised.id}/ack" and headers["Authorization"] == f"Bearer {TOKEN}"
    body = json.loads(hub_api.bodies[-1])
    assert body == {"by": "operator", "wall": "wall-a", "client": "ban-truc"}
    qtbot.waitUntil(lambda: (raised.id, "acknowledged") in events, timeout=10000)
    assert wall.book.get(raised.id).acknowledged_by == "hub-caller"
    audit = (tmp_path / "state" / "audit.jsonl")
    assert "acknowledge_alert" not in (audit.read_text() if audit.exists() else "")

    # unknown at the hub: 404; the hub out of reach: 503 with why
    assert _call(qtbot, wall, "POST", "/alerts/khong-co/1/ack", "operator").status_code == 404
    hub_api.close()
    hub_api.httpd.shutdown()
    hub_api.httpd.server_close()
    r = _call(qtbot, wall, "POST", f"/alerts/{raised.id}/ack", "operator")
    assert r.status_code == 503 and r.json()["error"].startswith("not acknowledged: the data hub cannot be reached")
    assert TOKEN not in caplog.text


def test_an_unusable_hub_link_is_on_the_identify_card_and_the_wall_runs_its_own_sources(make_wall, tmp_path, qtbot,
                                                                                        caplog):
    bad = tmp_path / "hub-link.json"
    bad.write_text(json.dumps({"schema_version": 1, "hub": "ftp://hub", "token": "x",
                               "broker": {"url": "mqtt://127.0.0.1:1", "username": "wall-a"}}))
    wall = make_wall("--hub", str(bad))
    assert wall.data.feed is None
    problems = [p for p in wall.runtime.problems() if p.file == str(bad)]
    assert {p.path for p in problems} >= {"hub", "broker.password"}, problems
    wall.start()
    qtbot.waitUntil(lambda: wall.api is not None, timeout=20000)
    # the identify card (screen 1 and every other) lists them, worded with the file's name
    assert _call(qtbot, wall, "POST", "/commands", "operator", json={"command": "identify", "on": True}).ok
    item = wall.runtime._identify[(0, 0)]
    qtbot.waitUntil(item.isVisible, timeout=5000)
    assert {p.path for p in item.problems if p.file == str(bad)} >= {"hub", "broker.password"}
    from wall.runtime.fetcher import FetchScheduler

    qtbot.waitUntil(lambda: any(isinstance(p, FetchScheduler) for p in wall.data.running), timeout=10000)
    assert _call(qtbot, wall, "GET", "/health", "viewer").json()["hub"] is None
    assert f"{bad}" in caplog.text and "the wall runs its own sources" in caplog.text


def test_a_wall_process_started_late_shows_every_retained_reading_at_its_first_picture(hub, hub_api, broker,
                                                                                      tmp_path):
    as_of = time.time() - 300
    indicators = [i for i in CAT.indicators][:20]
    for n, ind in enumerate(indicators):
        hub.reading(ind, PROVINCE, 10.0 + n, as_of)
    hub.presence("online")
    hub.health(failing=1)
    link = _link_file(tmp_path / "hub-link.json", broker, hub_api.url + "/api/v1", "wall-b")
    state = tmp_path / "state"
    proc = WallProcess("--state-dir", str(state), "--layouts-dir", str(SHIPPED_LAYOUTS), "--windowed", "--hub",
                       str(link), "--layout", "tong-quan")
    try:
        proc.wait_for("wall ready:", 60)
        line = proc.wait_for("readings before the first picture")
        assert f"hub link: {len(indicators)} readings before the first picture (hub 'hub-tinh', broker " \
               f"{broker.url}" in line, line
        with sqlite3.connect(state / "indicators.sqlite") as db:  # what the first picture read
            rows = dict(db.execute("SELECT indicator, observed_at FROM observations WHERE region = ?",
                                   (PROVINCE,)).fetchall())
        assert set(indicators) <= set(rows) and all(rows[i] == pytest.approx(as_of) for i in indicators)
        api = WallApi(proc, state)
        health = api.health()["hub"]
        assert health["link"] == "ok" and health["name"] == "hub-tinh" and health["readings"] == len(indicators)
        assert health["hub_health"]["sources"] == 3 and health["hub_health"]["sources_failing"] == 1
        assert api.call("GET", "/screens/0/0/snapshot", "viewer").status_code == 200
        assert TOKEN not in proc.log and broker.accounts["wall-b"] not in proc.log
    finally:
        assert proc.stop() == 0, proc.log



def test_an_alert_gone_from_the_hub_while_the_wall_was_away_leaves_the_wall_and_its_own_book_is_apart(
        make_wall, hub, hub_api, broker, tmp_path, qtbot):
    from ioc_core.alerts.book import Alert

    state = tmp_path / "state"
    state.mkdir(parents=True, exist_ok=True)
    then = time.time() - 3600
    stale = Alert(f"{IND}/{PROVINCE}/forecast/99", IND, "hcc", PROVINCE, "forecast", "warning", "Cũ", "Old", 90.0,
                  then, then)
    AlertBook(state / "hub-alerts.json").mirror(stale.id, stale.to_json())  # what the wall mirrored on its last run
    own = AlertBook(state / "alerts.json")  # the book of the wall when it ran on its own sources
    own.observe(IND, "hcc", PROVINCE, "threshold", "critical", "Của riêng tường", "The wall's own", 70.0)
    raised = hub.book.observe(IND, "hcc", PROVINCE, "threshold", "critical", "Tỷ lệ đúng hạn thấp", "Low", 80.0)
    hub.alert(raised)
    hub.presence("online")  # it counts one alert: the one it holds
    wall = make_wall("--hub", str(_link_file(tmp_path / "hub-link.json", broker, hub_api.url + "/api/v1")),
                     layout="hop")
    wall.start()
    qtbot.waitUntil(lambda: wall.book.get(raised.id) is not None and wall.book.get(stale.id) is None, timeout=10000)
    assert [a.message_vi for a in wall.book.alerts(include_closed=True)] == ["Tỷ lệ đúng hạn thấp"]
    assert [a.message_vi for a in AlertBook(state / "alerts.json").alerts()] == ["Của riêng tường"]  # left alone


def test_the_hubs_alerts_are_taken_in_one_pass_and_one_save_of_the_book(make_wall, hub, hub_api, broker, tmp_path,
                                                                         qtbot, monkeypatch):
    """A wall starting gets the hub's whole book at once: 200 alerts from Paho's thread cost the GUI thread one pass
    and the book one file write, not one each (review 6: 250 alerts took 1.0 s of GUI time)."""
    import ioc_core.alerts.book as book_module

    hub.presence("online")
    wall = make_wall("--hub", str(_link_file(tmp_path / "hub-link.json", broker, hub_api.url + "/api/v1")))
    writes, passes = [], []
    real_write = book_module.write_json_atomic
    monkeypatch.setattr(book_module, "write_json_atomic", lambda *a, **kw: (writes.append(1), real_write(*a, **kw)))
    feed = wall.data.feed
    kept, real_alerts = [], wall.book.alerts
    monkeypatch.setattr(wall.book, "alerts", lambda *a, **kw: (kept.append(kw), real_alerts(*a, **kw))[1])
    # the hub holds no alert (its presence says 0): the wall is told so once; done before these come
    qtbot.waitUntil(lambda: {"include_closed": True} in kept, timeout=10000)
    real_batch, real_mirror = wall.book.batch, wall.book.mirror
    monkeypatch.setattr(wall.book, "batch", lambda: (passes.append([]), real_batch())[1])
    monkeypatch.setattr(wall.book, "mirror", lambda *a: (passes[-1].append(a[0]) if passes else None,
                                                         real_mirror(*a))[1])
    source = AlertBook(None)
    docs = [source.observe(f"chi-so-{n}", "hcc", PROVINCE, "threshold", "warning", f"Cảnh báo {n}", "w", float(n))
            for n in range(200)]
    sender = threading.Thread(target=lambda: [feed.subscriber.on_alert(a.id, a.to_json()) for a in docs])
    sender.start()  # as Paho's thread delivers them, while the GUI thread is busy elsewhere
    sender.join(10)
    qtbot.waitUntil(lambda: len(wall.book.alerts()) == 200, timeout=10000)
    assert writes == [1] and [len(p) for p in passes] == [200]  # one pass: every alert mirrored in one batch
    saved = json.loads(wall.book.path.read_text())
    assert len(saved["alerts"]) == 200


def test_the_band_keeps_the_time_the_link_was_first_lost(make_wall, hub, hub_api, broker, tmp_path, qtbot):
    """Broker down at 08:00, then (broker back, hub gone) hub-offline at 09:00: the band still says since 08:00."""
    from datetime import datetime

    from ioc_core import fmt
    from ioc_core.hublink.subscriber import LinkState

    hub.presence("online")
    wall = make_wall("--hub", str(_link_file(tmp_path / "hub-link.json", broker, hub_api.url + "/api/v1")))
    wall.start()
    qtbot.waitUntil(lambda: wall.api is not None, timeout=20000)
    feed = wall.data.feed
    first = time.time() - 3600
    feed._link.emit(LinkState(link="broker-down", since=first, hub=None, lost_since=first))
    qtbot.waitUntil(lambda: _notice(wall).isVisible(), timeout=10000)
    said = fmt.clock(datetime.fromtimestamp(first, fmt.TZ), seconds=False)
    assert _notice(wall).text == NOTICE + said
    feed._take_link(LinkState(link="hub-offline", since=time.time(), hub=None, lost_since=first))  # as delivered
    assert _notice(wall).isVisible() and _notice(wall).text == NOTICE + said


def _outlook(indicator: str, level: float, risk: float):
    """An outlook as the hub computes one: a forecast shown, its record, one risk."""
    from ioc_core.forecasting.outlook import Outlook, RiskNote

    days = [f"2026-12-{d:02d}" for d in range(7, 14)]
    return Outlook(indicator, "day", time.time(), last="2026-12-06", n=200, model="ETS(A,N,A)[7]", skill=0.6,
                   error_pct=0.7, mase=0.5, mae=0.6, coverage=0.95, scored=84, origins=12, starts=tuple(days),
                   values=(level,) * 7, lower=(level - 2,) * 7, upper=(level + 2,) * 7, unit="%",
                   risks=(RiskNote("plan", risk, "warning", f"{round(risk * 100)} % khả năng không đạt kế hoạch năm",
                                   f"{round(risk * 100)} % chance of missing the annual plan"),))


def test_a_wall_on_the_hub_mirrors_the_hubs_forecasts_computes_none_and_skips_a_bad_one(
        make_wall, hub, hub_api, broker, tmp_path, qtbot, monkeypatch, caplog):
    from ioc_core.forecasting import models
    from ioc_core.hublink.messages import encode_outlook

    caplog.set_level(logging.INFO)
    fits = []
    real = models.analyse
    monkeypatch.setattr(models, "analyse", lambda *a, **kw: (fits.append(a), real(*a, **kw))[1])
    other = "hcc-ho-so-tre-han"
    first = _outlook(IND, 95.0, 0.72)
    hub.reading(IND, PROVINCE, 96.5, time.time() - 60)
    hub.forecast(IND, encode_outlook(first.to_json()))
    hub.forecast(other, encode({"indicator": other, "values": [1.0]}))  # not an outlook: skipped
    hub.presence("online")
    wall = make_wall("--hub", str(_link_file(tmp_path / "hub-link.json", broker, hub_api.url + "/api/v1")))
    wall.start()
    qtbot.waitUntil(lambda: wall.hub.outlooks.get(IND) == first, timeout=10000)
    assert wall.hub.outlooks.get(other) is None
    assert wall.hub.outlooks.get(IND).accuracy_vi == "sai số trung bình 0,7 % trong 12 kỳ qua"
    skipped = [r.getMessage() for r in caplog.records if "a forecast from the hub skipped" in r.getMessage()]
    assert len(skipped) == 1 and other in skipped[0]

    hub.forecast(IND, b"{not json")  # a bad one while it runs: the wall keeps the outlook it has, and goes on
    hub.reading(IND, PROVINCE, 91.5, time.time())
    qtbot.waitUntil(lambda: _tile_value(wall, IND) == "91,5", timeout=10000)
    assert wall.hub.outlooks.get(IND) == first
    changed = []  # the charts hear of it through the registry
    wall.hub.outlooks.changed.subscribe(lambda ids: changed.append(set(ids)))
    second = _outlook(IND, 92.0, 0.9)
    hub.forecast(IND, encode_outlook(second.to_json()))
    qtbot.waitUntil(lambda: wall.hub.outlooks.get(IND) == second, timeout=10000)
    assert changed == [{IND}]
    hub.forecast(IND, b"")  # the hub holds none any more
    qtbot.waitUntil(lambda: wall.hub.outlooks.get(IND) is None, timeout=10000)
    assert fits == []  # every outlook the hub's: the wall fitted no model
