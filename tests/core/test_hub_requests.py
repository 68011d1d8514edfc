"""Leaders' "show on the wall" requests at the hub (issue 23, item 2): a leader asks from the phone, the request is
kept, published retained on the broker for the walls and on the hub's event stream for the phones, and answered by
a wall's operator; every ask and answer in the hub's audit log. A real hub process, a real broker; the keeping and
the day's limit on their own, with a clock."""

from __future__ import annotations

import json
import threading
from types import SimpleNamespace

import pytest
import requests

from ioc_core.api.events import EventBus
from ioc_core.hublink.client import BrokerLink
from ioc_core.hublink.messages import decode_request
from ioc_core.hublink.topics import Topics
from ioc_hub.requests import FILE_NAME, KEEP_S, RequestError, WallRequests

from ..hubpeople import people_hub, signed_in
from ..hubsite import OVERDUE, add_wall
from ..waiting import until


def _catalogue():
    from ioc_core.catalogue.load import load_catalogue

    return load_catalogue()


def test_a_leader_asks_once_a_clerk_cannot_and_a_walls_operator_answers(tmp_path):
    with people_hub(tmp_path) as (hub, feed, broker):
        api = hub.api_url()
        leader, clerk = signed_in(api, "lanhdao"), signed_in(api, "nhaplieu-yte")

        # what the walls read: retained on the broker, to a wall's own account (the shipped ACL)
        inbox: dict[str, dict | None] = {}
        got = threading.Event()

        def take(topic, payload, retained):
            inbox[topic.rsplit("/", 1)[1]] = decode_request(topic, payload)
            got.set()

        r = leader.post(api + "/wall-requests", json={"kind": "sector", "target": "yte",
                                                      "note": "Xem tình hình\u0007 dịch sốt xuất huyết"}, timeout=10)
        assert r.status_code == 201, r.text
        asked = r.json()
        assert asked["title_vi"] == "Lĩnh vực Y tế" and asked["state"] == "pending" and asked["sector"] == "yte"
        assert asked["by"] == "Nguyễn Văn Lãnh (lanhdao)" and asked["by_login"] == "lanhdao" and asked["wall"] == ""
        assert asked["note"] == "Xem tình hình  dịch sốt xuất huyết"  # a control character never reaches a screen

        # asking again while it waits: the same request, not a second one
        again = leader.post(api + "/wall-requests", json={"kind": "sector", "target": "yte"}, timeout=10)
        assert again.status_code == 200 and again.json()["id"] == asked["id"]
        # a clerk may not ask; nobody signed in may not even look
        refused = clerk.post(api + "/wall-requests", json={"kind": "sector", "target": "yte"}, timeout=10)
        assert refused.status_code == 403 and "ask_wall" in refused.json()["error"]
        assert requests.get(api + "/wall-requests", timeout=10).status_code == 401
        assert leader.post(api + "/wall-requests", json={"kind": "sector", "target": "khong-co"},
                           timeout=10).status_code == 404
        assert leader.post(api + "/wall-requests", json={"kind": "camera", "target": "yte"},
                           timeout=10).status_code == 400
        listed = clerk.get(api + "/wall-requests", timeout=10).json()["requests"]
        assert [d["id"] for d in listed] == [asked["id"]]
        assert clerk.get(api + "/wall-requests?mine=1", timeout=10).json()["requests"] == []

        wall = BrokerLink(broker.url, "test-wall-a", username="wall-a", password=broker.accounts["wall-a"],
                          subscriptions=[Topics().requests_all], on_message=take)
        wall.start()
        try:
            assert got.wait(15), "the retained request reaches a wall subscribing later"
            assert inbox[asked["id"]]["title_vi"] == "Lĩnh vực Y tế"
            assert inbox[asked["id"]]["state"] == "pending"

            # an indicator asked for: what a person reads is its name; its sector's view shows it
            r = leader.post(api + "/wall-requests", json={"kind": "indicator", "target": OVERDUE}, timeout=10)
            ind = _catalogue().indicators[OVERDUE]
            assert r.status_code == 201 and r.json()["title_vi"] == ind.name_vi and r.json()["sector"] == ind.sector
            second = r.json()["id"]

            # answered on a wall (its hub token, as ``ioc-hub add-wall`` issued it) by the operator at its console
            add_wall(hub, broker, "phong-ioc", tmp_path / "phong-ioc.json")
            r = hub.call("POST", f"/wall-requests/{asked['id']}/answer", "phong-ioc",
                         json={"accept": True, "by": "operator", "client": "bàn trực"})
            assert r.status_code == 200, r.text
            done = r.json()
            assert done["state"] == "accepted" and done["answered_by"] == "operator"
            assert done["answered_wall"] == "phong-ioc"
            until(lambda: inbox[asked["id"]]["state"] == "accepted", 15, "the answer published to the walls")
            # the same answer again (a retry after a lost reply) changes nothing; another one is refused
            assert hub.call("POST", f"/wall-requests/{asked['id']}/answer", "phong-ioc",
                            json={"accept": True, "by": "operator"}).status_code == 200
            assert hub.call("POST", f"/wall-requests/{asked['id']}/answer", "phong-ioc",
                            json={"accept": False, "reason": "x"}).status_code == 409
            # declining needs a reason, which the leader then reads
            assert hub.call("POST", f"/wall-requests/{second}/answer", "phong-ioc",
                            json={"accept": False}).status_code == 400
            r = hub.call("POST", f"/wall-requests/{second}/answer", "phong-ioc",
                         json={"accept": False, "reason": "Đang họp giao ban", "by": "operator"})
            assert r.status_code == 200 and r.json()["reason"] == "Đang họp giao ban"
            mine = leader.get(api + "/wall-requests?mine=1", timeout=10).json()["requests"]
            assert {d["id"]: d["state"] for d in mine} == {asked["id"]: "accepted", second: "declined"}
            # a leader cannot answer; a viewer token cannot either
            assert leader.post(api + f"/wall-requests/{second}/answer", json={"accept": True},
                               timeout=10).status_code == 403
            assert hub.call("POST", f"/wall-requests/{second}/answer", "viewer",
                            json={"accept": True}).status_code == 403
        finally:
            wall.stop()

        # the audit log: each ask once, naming the leader; each answer with the wall and the operator's name
        lines = [json.loads(line) for line in hub.call("GET", "/audit").text.splitlines()]
        asks = [e for e in lines if e["command"]["command"] == "ask_wall"]
        assert [e["command"]["request"] for e in asks] == [asked["id"], second]
        assert all(e["who"] == "lanhdao" and e["command"]["by"] == "Nguyễn Văn Lãnh (lanhdao)" for e in asks)
        answers = [e for e in lines if e["command"]["command"] == "answer_wall_request"]
        assert len(answers) == 2
        first = answers[0]
        assert first["who"] == "phong-ioc" and first["client"] == "bàn trực"
        assert first["command"] == {"command": "answer_wall_request", "request": asked["id"], "accept": True,
                                    "by": "operator", "wall": "phong-ioc"}
        assert answers[1]["command"]["reason"] == "Đang họp giao ban"
        assert hub.call("GET", "/audit?verify=1").json()["intact"]


def test_the_phones_hear_a_request_on_the_hubs_event_stream(tmp_path):
    with people_hub(tmp_path) as (hub, feed, broker):
        api = hub.api_url()
        leader = signed_in(api, "lanhdao")
        heard: list[dict] = []
        with leader.get(api + "/events", stream=True, timeout=(5, 20),
                        headers={"Accept": "text/event-stream"}) as stream:
            assert stream.status_code == 200
            lines = stream.iter_lines(decode_unicode=True)
            kind = ""
            asked = None
            for line in lines:
                if line.startswith("event: "):
                    kind = line[7:]
                    if kind == "state" and asked is None:  # the stream is open: now ask
                        r = leader.post(api + "/wall-requests", json={"kind": "sector", "target": "dulich"},
                                        timeout=10)
                        assert r.status_code == 201
                        asked = r.json()
                elif line.startswith("data: ") and kind == "request":
                    heard.append(json.loads(line[6:])["request"])
                    break
        assert heard[0]["id"] == asked["id"] and heard[0]["title_vi"] == "Lĩnh vực Du lịch"


# -- the part on its own: kept across a restart, removed a day after its answer ----------------------------------
class Clock:
    def __init__(self):
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


class Recorded:
    def __init__(self):
        self.entries: list[tuple[str, dict]] = []
        self.bus = EventBus()
        self.audit = None

    def _record(self, who, entry):
        self.entries.append((who.name, entry))

    @staticmethod
    def _json_body(body):
        return json.loads(body)


def _part(tmp_path, clock) -> WallRequests:
    """The part as a hub starts it, without a broker (what it publishes is held until one connects)."""
    part = WallRequests(clock=clock)
    alerts = [{"id": f"{OVERDUE}/province/threshold/1", "sector": "hcc", "message_vi": "Hồ sơ trễ hạn vượt ngưỡng"}]
    part.hub = SimpleNamespace(catalogue=_catalogue(), alerts=lambda closed=False: alerts, api=Recorded(),
                               topics=Topics())
    part.path = tmp_path / FILE_NAME
    part._load()
    return part


def _leader(login="lanhdao"):
    person = SimpleNamespace(login=login)
    return SimpleNamespace(name=login, person=person, display=f"Lãnh đạo ({login})")


def test_requests_survive_a_restart_and_answered_ones_go_a_day_after(tmp_path):
    clock = Clock()
    part = _part(tmp_path, clock)
    alert = part.ask(_leader(), "alert", f"{OVERDUE}/province/threshold/1", "Xem ngay")
    assert alert["title_vi"] == "Hồ sơ trễ hạn vượt ngưỡng" and alert["sector"] == "hcc"
    other = part.ask(_leader("pho-chu-tich"), "alert", f"{OVERDUE}/province/threshold/1")
    assert other["id"] != alert["id"]  # another leader's ask is their own
    with pytest.raises(RequestError) as no:
        part.ask(_leader(), "alert", "khong/co")
    assert no.value.status == 404
    wall = SimpleNamespace(name="phong-ioc", person=None)
    part.answer(wall, alert["id"], True, by="operator")
    assert [e["command"] for _, e in part.hub.api.entries] == ["ask_wall", "ask_wall", "answer_wall_request"]

    again = _part(tmp_path, clock)  # the hub restarted: both kept, as they were
    assert {d["id"]: d["state"] for d in again.all()} == {alert["id"]: "accepted", other["id"]: "pending"}
    assert [d["id"] for d in again.open()] == [other["id"]]
    # once the request is answered, asking again is a new request
    assert again.ask(_leader(), "alert", f"{OVERDUE}/province/threshold/1")["id"] != alert["id"]

    clock.now += KEEP_S - 60
    assert again.sweep() == 0
    clock.now += 120
    assert again.sweep() == 1  # the answered one, a day after its answer; the pending ones stay
    assert alert["id"] not in {d["id"] for d in again.all()} and len(again.all()) == 2
    assert again._unsaid == {alert["id"]}  # its removal said to the broker at the next connection
    assert alert["id"] not in {d["id"] for d in _part(tmp_path, clock).all()}


def test_a_wall_without_a_data_hub_says_so_for_requests_and_deliveries(tmp_path):
    from ioc_core.api.routes import NO_HUB, Api
    from ioc_core.api.tokens import TokenStore

    tokens = TokenStore(tmp_path / "api-tokens.json")
    api = Api(tokens, None, EventBus())
    secret = {t["role"]: t["token"] for t in json.loads((tmp_path / "api-tokens.json").read_text())["tokens"]}

    def call(method, path, role, body=b""):
        r = api.handle(method, "/api/v1" + path, "", {"Authorization": f"Bearer {secret[role]}"}, body)
        return r.status, json.loads(r.body)

    assert call("GET", "/hub/requests", "viewer") == (404, {"error": NO_HUB})
    assert call("POST", "/hub/requests/x/answer", "operator", b'{"accept": true}') == (404, {"error": NO_HUB})
    assert call("GET", "/hub/deliveries", "operator") == (404, {"error": NO_HUB})
    assert call("GET", "/hub/deliveries", "viewer")[0] == 403
    assert call("POST", "/hub/requests/x/answer", "viewer", b'{"accept": true}')[0] == 403


def test_a_broker_restarted_without_its_store_has_the_requests_again(tmp_path):
    with people_hub(tmp_path) as (hub, feed, broker):
        api = hub.api_url()
        leader = signed_in(api, "lanhdao")
        asked = leader.post(api + "/wall-requests", json={"kind": "sector", "target": "giaoduc"}, timeout=10).json()
        broker.restart()  # no persistence: every retained message gone, until the hub's part says them again
        inbox: dict[str, dict | None] = {}

        def take(topic, payload, retained):
            inbox[topic.rsplit("/", 1)[1]] = decode_request(topic, payload)

        wall = BrokerLink(broker.url, "test-wall-b", username="wall-b", password=broker.accounts["wall-b"],
                          subscriptions=[Topics().requests_all], on_message=take)
        wall.start()
        try:
            until(lambda: asked["id"] in inbox, 20, "the request retained again after the broker's restart")
            again = inbox[asked["id"]]
            assert again["title_vi"] == "Lĩnh vực Giáo dục và Đào tạo" and again["state"] == "pending"
        finally:
            wall.stop()
