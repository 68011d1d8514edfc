"""The hub's forecasts (issue 24): computed once for the province on the hub's forecasting thread, published retained
on ``{p}/forecasts/{indicator}`` and answered over HTTP, judged into the hub's book (forecast risks, anomalies) that
every wall mirrors; through a real Mosquitto (tests/broker.py), a real ``ioc-hub --demo`` process or an in-process
``Hub`` on the demo's history, and the wall's own Qt-free subscriber."""

from __future__ import annotations

import json
import logging
import math
import re
import threading
import time
from datetime import date, datetime, timedelta

import numpy as np
import pytest
import requests

from ioc_core import clock as wallclock
from ioc_core.alerts import AlertBook
from ioc_core.catalogue import load_catalogue
from ioc_core.forecasting.outlook import HORIZON, Outlook, RiskNote
from ioc_core.hublink.client import BrokerLink
from ioc_core.hublink.credentials import BrokerAccount, HubLinkConfig
from ioc_core.hublink.messages import ReadingMessage, decode, encode, encode_outlook, encode_readings
from ioc_core.hublink.subscriber import HubSubscriber
from ioc_core.hublink.topics import Topics
from ioc_core.indicators.indicator_store import IndicatorStore
from ioc_core.indicators.observation import Observation

from ..broker import Mosquitto
from ..hubproc import READY, HubProcess, write_broker_link
from ..waiting import until

T = Topics("ioc")
CAT = load_catalogue()
ACCURACY = re.compile(r"sai số trung bình \d+(,\d+)? (%|[^ ]+) trong 24 kỳ qua")  # a figure near zero: its unit
ODD = "hcc-ho-so-giai-quyet"  # daily, no thresholds: an anomaly is its only alert


@pytest.fixture
def broker(tmp_path):
    with Mosquitto(tmp_path / "broker") as b:
        yield b


class Listener:
    """A wall's broker account reading the hub's forecasts and alerts: each topic's latest payload, and whether the
    broker gave it as retained."""

    def __init__(self, broker: Mosquitto, user: str = "wall-a"):
        self.messages: dict[str, bytes] = {}
        self.retained: dict[str, bool] = {}
        self._lock = threading.Lock()
        self.link = BrokerLink(broker.url, f"test-{user}-{time.monotonic_ns()}", username=user,
                               password=broker.accounts[user], subscriptions=T.wall_subscriptions(),
                               on_message=self._message)

    def _message(self, topic: str, payload: bytes, retained: bool) -> None:
        with self._lock:
            self.messages[topic] = payload
            self.retained[topic] = retained

    def outlooks(self) -> dict[str, Outlook]:
        with self._lock:
            held = {t: p for t, p in self.messages.items() if T.parse(t)[0] == "forecast" and p}
        return {T.parse(t)[1][0]: Outlook.from_json(decode(t, p)) for t, p in held.items()}

    def alerts(self) -> list[dict]:
        with self._lock:
            held = {t: p for t, p in self.messages.items() if T.parse(t)[0] == "alert" and p}
        return [decode(t, p) for t, p in held.items()]

    def __enter__(self) -> Listener:
        self.link.start()
        assert self.link.wait_subscribed(10)
        return self

    def __exit__(self, *exc) -> None:
        self.link.stop()


def test_a_demo_hub_publishes_retained_forecasts_that_walls_read_and_its_api_answers(tmp_path, broker):
    link = write_broker_link(tmp_path / "hub-broker.json", broker)
    hub = HubProcess(tmp_path / "hub", "--demo", "--broker-link", str(link))
    try:
        hub.wait_for(READY, 60)
        with Listener(broker) as wall:  # every indicator's outlook after the starting pass over the demo's history
            until(lambda: len(wall.outlooks()) == len(CAT.indicators), 300, "every indicator's forecast")
            published = wall.outlooks()
        shown = {i: o for i, o in published.items() if o.shown}
        daily = [i for i, o in shown.items() if o.period == "day"]
        assert len(daily) >= 10, {i: o.reason for i, o in published.items()}  # 400 days: most daily ones judged
        for o in published.values():
            if not o.shown:  # too short, or not better than the seasonal naive: said why, no forecast, no risk
                assert o.reason and o.reason_vi and not o.values and not o.risks, o
        with Listener(broker) as late:  # a wall started later: the broker's retained copies, at once
            until(lambda: len(late.outlooks()) == len(CAT.indicators), 10, "the retained forecasts")
            assert all(late.retained[T.forecast(i)] for i in CAT.indicators)

        ind = daily[0]
        r = hub.call("GET", f"/forecasts/{ind}", "viewer")
        assert r.status_code == 200
        doc = r.json()
        assert doc["shown"] is True and ACCURACY.fullmatch(doc["accuracy_vi"]), doc["accuracy_vi"]
        assert doc["accuracy_en"].startswith("mean error ") and doc["reason_vi"] == ""
        assert len(doc["values"]) == len(doc["lower"]) == len(doc["upper"]) == len(doc["starts"]) == HORIZON["day"]
        assert all(lo <= v <= hi for lo, v, hi in zip(doc["lower"], doc["values"], doc["upper"], strict=True))
        assert doc["starts"][0] > doc["last"] and doc["origins"] == 24 and doc["skill"] < 1
        assert Outlook.from_json(doc) == published[ind]  # what the walls have, word for word
        everything = hub.call("GET", "/forecasts", "viewer").json()["forecasts"]
        assert sorted(d["indicator"] for d in everything) == sorted(CAT.indicators)
        assert hub.call("GET", "/forecasts/khong-co", "viewer").status_code == 404
        assert hub.call("GET", "/forecasts", None).status_code == 401
        health = hub.call("GET", "/health", "viewer").json()["forecasts"]
        assert health["held"] == len(CAT.indicators) and health["shown"] == len(shown)
        assert health["computed"] >= len(CAT.indicators)
        hub.wait_for(f"forecasts: {len(CAT.indicators)} indicators computed in ", 10)  # the starting pass, said
    finally:
        assert hub.stop() == 0


def test_a_broker_restarted_empty_gets_the_forecasts_back_from_the_hub(broker):
    from ioc_hub.publisher import Publisher

    pub = Publisher(BrokerAccount(broker.url, "hub", broker.accounts["hub"]), "hub-test", T, CAT)
    pub.start()
    try:
        assert pub.link.wait_connected(10)
        doc = Outlook(ODD, "day", time.time(), last="2026-12-06", n=200, reason="short").to_json()
        assert pub.take_outlooks([doc]) == 1 and pub.take_outlooks([doc]) == 0  # the same again: not said again
        broker.restart()  # no persistence: nothing retained any more
        assert pub.link.wait_connected(20)
        with Listener(broker) as wall:
            until(lambda: ODD in wall.outlooks(), 20, "the outlook republished")
            assert wall.outlooks()[ODD].reason == "short"
        pub.drop_outlook(ODD)
        with Listener(broker) as wall:
            until(lambda: T.forecast(ODD) not in wall.messages or not wall.messages[T.forecast(ODD)] or None, 5,
                  "the outlook removed")
            assert ODD not in wall.outlooks()
    finally:
        pub.stop()


def test_a_retained_forecast_of_an_indicator_the_hub_no_longer_lists_is_removed(tmp_path, broker):
    """An indicator dropped from the hub's catalogue: its outlook, retained by the broker from an earlier run, is
    removed once the hub connects (no wall shows its risk for ever); the outlooks of listed indicators stay, and
    the walls' presence still reaches the hub."""
    gone = "chi-tieu-da-bo"
    assert gone not in CAT.indicators
    risky = Outlook(gone, "day", time.time() - 86400, last="2026-12-05", n=200, risks=(
        RiskNote("plan", 0.72, "warning", "72 % khả năng không đạt kế hoạch năm",
                 "72 % chance of missing the annual plan"),))
    earlier = BrokerLink(broker.url, "ioc-hub-earlier", username="hub", password=broker.accounts["hub"])
    earlier.start()
    assert earlier.wait_connected(10)
    hub = None
    try:
        listed = Outlook(ODD, "day", time.time(), last="2026-12-06", n=9, reason="short")
        for doc in (risky.to_json(), listed.to_json()):
            assert earlier.publish(T.forecast(doc["indicator"]), encode_outlook(doc), wait_s=5)
        hub, _ = _hub(tmp_path, broker, None)
        with Listener(broker) as wall:  # a wall whose catalogue still lists it shows its risk: until the hub says
            until(lambda: gone in wall.outlooks(), 10, "the earlier run's outlook retained")
            hub.start()
            until(lambda: gone not in wall.outlooks(), 20, "the unlisted outlook removed")
            assert wall.messages[T.forecast(gone)] == b""
        until(lambda: len(hub.outlooks.all()) == len(CAT.indicators), 120, "every indicator's outlook")
        with Listener(broker, "wall-b") as wall:  # a wall starting now: the broker retains no outlook of it
            marker = T.readings("sau-cung")
            assert earlier.publish(marker, b"{}", retain=False, wait_s=5)  # after the retained ones
            until(lambda: marker in wall.messages, 10, "the marker after the retained outlooks")
            assert gone not in wall.outlooks() and ODD in wall.outlooks()
            assert set(wall.outlooks()) == set(CAT.indicators)
        assert hub.publisher.forecasts_cleared == 1  # its own outlooks, read back, are let be
        presence = BrokerLink(broker.url, "test-wall-a", username="wall-a", password=broker.accounts["wall-a"])
        presence.start()
        try:
            assert presence.wait_connected(10)
            presence.publish(T.wall_presence("wall-a"), encode({"state": "online", "wall": "wall-a"}))
            until(lambda: "wall-a" in hub.walls(), 10, "the wall's presence at the hub")
        finally:
            presence.stop()
    finally:
        if hub is not None:
            hub.stop()
        earlier.stop()


def _hub(tmp_path, broker, prepare):
    import ioc_hub.service as service

    state = tmp_path / "hub"
    state.mkdir(exist_ok=True)
    settings = service.HubSettings(state, "hub-test", BrokerAccount(broker.url, "hub", broker.accounts["hub"]),
                                   api_bind="127.0.0.1", api_port=0, plain_http=True)
    return service.Hub(settings, CAT, [], prepare=prepare), state


def test_an_acknowledgement_is_answered_within_a_second_while_the_hub_fits_its_first_pass(tmp_path, broker):
    """The fits run on the forecasting thread, never on the alert book's: an operator's acknowledgement made while
    the hub forecasts every indicator of the demo's 400 days is answered at once; the forecasts' verdicts reach the
    book afterwards."""
    import ioc_hub.service as service
    from ioc_core.loading import store_demo_history

    state = tmp_path / "hub"
    state.mkdir()
    AlertBook(state / service.BOOK_FILE).observe("tin-bao", "thoi-tiet", "province", "cap-test", "critical",
                                                 "Bão số 3", "Typhoon 3")
    [alert_id] = [a.id for a in AlertBook(state / service.BOOK_FILE).alerts()]
    hub, _ = _hub(tmp_path, broker, lambda path: store_demo_history(path, CAT))
    hub.start()
    try:
        operator = hub.tokens.issue("ban-dieu-khien", "operator")
        until(lambda: hub.forecaster.computed >= 1, 60, "the first pass begun")
        t0 = time.monotonic()
        r = requests.post(f"{hub.api_url}/alerts/{alert_id}/ack", json={"by": "Nguyễn Văn An"},
                          headers={"Authorization": f"Bearer {operator}"}, timeout=10)
        took = time.monotonic() - t0
        during = hub.forecaster.computed < len(CAT.indicators)
        assert r.status_code == 200 and took < 1.0, (r.status_code, took)
        assert during, "the pass was over before the acknowledgement: it proves nothing"
        assert hub.book.get(alert_id).acknowledged_by == "Nguyễn Văn An"

        until(lambda: len(hub.outlooks.all()) == len(CAT.indicators), 300, "every indicator forecast")
        assert hub.forecaster.wait_idle(30)
        risky = {o.indicator for o in hub.outlooks.all() if o.alert_risk() is not None}
        flush = threading.Event()
        hub._jobs.put(flush.set)  # after the verdicts' jobs
        assert flush.wait(10)
        raised = {a.indicator: a for a in hub.book.alerts() if a.cause == "forecast"}
        assert set(raised) == risky
        for ind_id, a in raised.items():  # the risk as a probability, in words
            risk = hub.outlooks.get(ind_id).alert_risk()
            assert a.message_vi == f"Dự báo: {risk.message_vi}" and "khả năng" in a.message_vi
            assert a.value == pytest.approx(risk.probability)
        answer = requests.get(f"{hub.api_url}/forecasts/{ODD}", headers={"Authorization": f"Bearer {operator}"},
                              timeout=10).json()
        assert answer["indicator"] == ODD and answer["computed_at"] == hub.outlooks.get(ODD).computed_at
    finally:
        hub.stop()
    assert not any(t.name == "hub-forecast" and t.is_alive() for t in threading.enumerate())


def _odd_history(path) -> float:
    """``ODD``'s 200 days up to yesterday with a weekly rhythm and a little noise, yesterday's figure five times
    what it should be; returns it."""
    rng = np.random.default_rng(7)
    yesterday = date.fromtimestamp(wallclock.now_s()) - timedelta(days=1)
    obs = []
    for k in range(200):
        day = yesterday - timedelta(days=199 - k)
        value = 500 + 60 * math.sin(2 * math.pi * day.toordinal() / 7) + rng.normal(0, 8)
        obs.append(Observation(ODD, day.isoformat(), round(value if k < 199 else 2500.0, 1),
                               observed_at=datetime.combine(day, datetime.min.time()).timestamp() + 80000))
    store = IndicatorStore(path, CAT)
    try:
        store.ingest("lich-su", obs)
    finally:
        store.close()
    return 2500.0


def test_a_figure_far_off_raises_an_anomaly_alert_at_the_hub_that_a_wall_mirrors(tmp_path, broker, caplog):
    caplog.set_level(logging.INFO)
    hub, _state = _hub(tmp_path, broker, _odd_history)
    alerts: dict[str, dict | None] = {}
    outlooks: dict[str, Outlook | None] = {}
    link = HubLinkConfig("http://127.0.0.1:9/api/v1", "t0ken", BrokerAccount(broker.url, "wall-a",
                                                                             broker.accounts["wall-a"]), wall="wall-a")
    wall = HubSubscriber(link, CAT, tmp_path / "wall" / "indicators.sqlite", wall_name="Phòng họp", history=False,
                         on_alert=lambda i, d: alerts.__setitem__(i, d),
                         on_outlook=lambda i, o: outlooks.__setitem__(i, o))
    (tmp_path / "wall").mkdir()
    hub.start()
    wall.start()
    try:
        odd = until(lambda: next((d for d in alerts.values() if d and d["cause"] == "anomaly"), None), 120,
                    "the anomaly alert on the wall")
        assert odd["indicator"] == ODD and odd["severity"] == "warning" and odd["value"] == 2500.0
        assert odd["message_vi"].startswith("Bất thường: ") and "ngoài khoảng dự kiến" in odd["message_vi"]
        assert odd["sector"] == CAT.indicators[ODD].sector
        mine = until(lambda: outlooks.get(ODD), 30, "the hub's outlook on the wall")
        newest = mine.newest_anomaly()
        assert newest is not None and newest.value == 2500.0 and newest.low < newest.expected < newest.high < 2500
        assert 400 < newest.expected < 600 and newest.message_vi == odd["message_vi"]
        booked = [a for a in hub.book.alerts() if a.cause == "anomaly"]
        assert [a.indicator for a in booked] == [ODD]  # the others have no history: nothing judged
        until(lambda: wall.outlooks_received == len(CAT.indicators), 300, "every outlook on the wall")
        assert wall.rejected == 0
    finally:
        wall.stop()
        hub.stop()


def test_each_indicator_is_forecast_at_most_once_per_interval_with_its_newest_data(tmp_path):
    """New data of an indicator forecast a moment ago waits for its interval, and several such asks make one
    computation, from the newest data."""
    from ioc_hub.forecasting import Forecaster

    _odd_history(tmp_path / "s.sqlite")
    t = [1000.0]
    got: list[list[Outlook]] = []
    judged: list[list] = []
    f = Forecaster(CAT, tmp_path / "s.sqlite", on_outlooks=got.append, on_verdicts=judged.append, every_s=600,
                   clock=lambda: t[0])
    f.start()
    try:
        f.ask([ODD, "khong-co"])
        assert f.wait_idle(60) and f.computed == 1 and [o.indicator for o in got[0]] == [ODD]
        assert any(args[3] == "anomaly" and args[4] == "warning" for args, _ in judged[0])
        store = IndicatorStore(tmp_path / "s.sqlite", CAT)
        try:  # today's figure, back to normal
            store.ingest("lich-su", [Observation(ODD, date.fromtimestamp(wallclock.now_s()).isoformat(), 510.0)])
        finally:
            store.close()
        f.ask([ODD])
        f.ask([ODD])
        assert f.wait_idle(5) and f.computed == 1  # not due: waits its 600 s
        t[0] += 600
        f.ask([ODD])
        assert f.wait_idle(60) and f.computed == 2 and f.passes == 2
    finally:
        f.stop()
    assert not f.started


def test_a_bad_forecast_message_is_skipped_once_logged_and_the_wall_keeps_going(tmp_path, broker, caplog):
    caplog.set_level(logging.WARNING)
    hub = BrokerLink(broker.url, "ioc-hub-test", username="hub", password=broker.accounts["hub"])
    hub.start()
    assert hub.wait_connected(10)
    taken: list[tuple[str, Outlook | None]] = []
    link = HubLinkConfig("http://127.0.0.1:9/api/v1", "t0ken", BrokerAccount(broker.url, "wall-a",
                                                                             broker.accounts["wall-a"]), wall="wall-a")
    readings: list = []
    wall = HubSubscriber(link, CAT, tmp_path / "indicators.sqlite", wall_name="Phòng họp", history=False,
                         on_outlook=lambda i, o: taken.append((i, o)), on_readings=readings.append)
    wall.start()
    try:
        assert wall.broker.wait_subscribed(10)
        good = Outlook(ODD, "day", time.time(), last="2026-12-06", n=30, reason="short")
        for payload in (b"{not json", encode({"indicator": ODD, "values": [1.0], "starts": []}),
                        encode({"indicator": "khac", "period": "day", "computed_at": 1.0}),
                        json.dumps({"v": 99, **good.to_json()}).encode(), b"{not json"):
            hub.publish(T.forecast(ODD), payload)
        hub.publish(T.forecast(ODD), encode_outlook(good.to_json()))
        until(lambda: taken, 10, "the good outlook")
        assert taken == [(ODD, good)] and wall.rejected == 5
        skipped = [r.getMessage() for r in caplog.records if "a forecast from the hub skipped" in r.getMessage()]
        assert len(skipped) == 1 and T.forecast(ODD) in skipped[0]  # once, naming the topic
        now = time.time()  # the wall still takes the hub's news
        reading = ReadingMessage(ODD, "province", date.today().isoformat(), 7.0, now, now, "normal", "s")
        hub.publish(T.readings(ODD), encode_readings(ODD, [reading]))
        until(lambda: readings, 10, "a reading after the bad forecasts")
        hub.publish(T.forecast(ODD), b"")  # removed at the hub
        until(lambda: taken[-1] == (ODD, None), 10, "the outlook removed")
    finally:
        wall.stop()
        hub.stop()


def test_the_hubs_checks_plan_thresholds_only_and_a_walls_plan_forecasts_too(tmp_path):
    from ioc_core.alerts.monitor import AlertChecks

    hub = AlertChecks(CAT, AlertBook(tmp_path / "a.json"), forecasts=False)
    assert hub.plan({ODD, "mt-aqi"}) == (frozenset({ODD, "mt-aqi"}), frozenset())
    wall = AlertChecks(CAT, AlertBook(tmp_path / "b.json"))
    assert wall.plan({ODD}) == (frozenset({ODD}), frozenset({ODD}))


def test_a_hub_stopping_mid_pass_waits_for_one_fit_not_the_pass(tmp_path):
    from ioc_core.loading import open_store, store_demo_history
    from ioc_hub.forecasting import Forecaster

    path = tmp_path / "s.sqlite"
    open_store(path, CAT).close()
    store_demo_history(path, CAT)
    f = Forecaster(CAT, path)
    f.ask(CAT.indicators)
    f.start()
    until(lambda: f.computed >= 1, 60, "the pass begun")
    t0 = time.monotonic()
    f.stop()
    took = time.monotonic() - t0
    assert not f.started and f.computed < len(CAT.indicators)
    assert took < 3.0, took  # one fit (~0.1 s; a loaded machine: more), never the rest of the pass
