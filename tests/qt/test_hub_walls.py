"""One hub, two walls, all real: Eclipse Mosquitto on 127.0.0.1, the ``ioc-hub`` program fetching an HTTP source
served here, two ``ioc-wall`` programs joined to it by ``ioc-hub add-wall``. What a room would notice: both walls
show the same figure as of the same time; a wall started late has every figure in its first picture; an
acknowledgement in one room is seen in the other; the hub gone says so on both walls, which keep their figures; the
hub and the broker back, both walls are current again without restarting anything."""

from __future__ import annotations

import signal
import time

import pytest

from ..broker import Mosquitto
from ..hubproc import READY as HUB_READY
from ..hubproc import HubProcess, write_broker_link
from ..hubsite import OVERDUE, Feed, Room, add_wall, band_drawn, same_pictures
from ..pictures import ARTIFACTS
from ..waiting import until
from ..wallproc import READY


@pytest.fixture
def site(tmp_path):
    """The broker, the gateway, the hub; everything ended at the end."""
    broker = Mosquitto(tmp_path / "broker", {"hub": "hub-password-1"}).start()
    feed = Feed()
    link = write_broker_link(tmp_path / "hub-broker.json", broker)
    hubs: list[HubProcess] = []

    def start_hub() -> HubProcess:
        hub = HubProcess(tmp_path / "hub", "--sources", str(feed.sources_file(tmp_path)), "--broker-link", str(link),
                         "--name", "hub-tinh")
        hubs.append(hub)
        hub.wait_for(HUB_READY, 60)
        hub.api_url()
        return hub

    rooms: list[Room] = []
    try:
        yield broker, feed, start_hub, rooms
    finally:
        for room in rooms:
            room.proc.stop()
        for hub in hubs:
            hub.stop()
        broker.stop()
        feed.server.close()


def test_two_walls_on_one_hub_show_the_same_figures_and_alerts_and_ride_out_the_hub_and_the_broker(site, tmp_path):
    broker, feed, start_hub, rooms = site
    hub = start_hub()
    links = {name: add_wall(hub, broker, name, tmp_path / f"{name}.json") for name in ("phong-ioc", "phong-hop")}
    broker.proc.send_signal(signal.SIGHUP)  # Mosquitto reads the passwords add-wall wrote

    def published(indicator: str) -> dict | None:
        readings = hub.call("GET", "/readings", "viewer").json()["readings"]
        return next((r for r in readings if r["indicator"] == indicator and r["region"] == "province"), None)

    first = until(lambda: published(OVERDUE), 20, "the hub publishes the gateway's figure")
    assert first["value"] == 20

    # the first wall, then a second started late: every retained figure in its first picture, as of the hub's time
    ioc = Room(tmp_path / "ioc", "Phòng IOC", links["phong-ioc"])
    rooms.append(ioc)
    ioc.ready()
    hop = Room(tmp_path / "hop", "Phòng họp", links["phong-hop"])
    rooms.append(hop)
    hop.proc.wait_for(READY, 60)
    value, as_of = hop.stored(OVERDUE)  # in its store when it said it was ready
    assert value == 20 and time.time() - as_of < 10  # the hub fetches every second: its as-of is a moment ago
    said = hop.proc.wait_for("readings before the first picture")
    assert "hub 'hub-tinh'" in said and "hub link: 0 readings" not in said
    hop.ready()
    for room in (ioc, hop):
        assert until(lambda r=room: r.link() == "ok", 20, "the link is ok")
    feed.server.routes["/stats"], fetching = (500, {"error": "paused"}), feed.server.routes["/stats"]
    time.sleep(1.5)  # the gateway paused: the figure and its as-of stand still, the same on both walls and the hub
    held = published(OVERDUE)
    for room in (ioc, hop):
        until(lambda r=room: r.stored(OVERDUE) == (20, held["as_of"]), 20, "the same figure as of the same time")
    quiet = same_pictures(ioc, hop)
    feed.server.routes["/stats"] = fetching

    # the figure crosses its critical threshold: both walls show the same new picture, and the hub's alert
    feed.values["overdue"] = 200
    now = until(lambda: (p := published(OVERDUE)) and p["value"] == 200 and p, 20, "the new figure published")
    for room in (ioc, hop):
        until(lambda r=room: r.stored(OVERDUE)[0] == 200, 20, "the new figure on every wall")
    assert now["value"] == 200
    alerts = until(lambda: [a for a in hub.call("GET", "/alerts", "viewer").json()["alerts"]
                            if a["indicator"] == OVERDUE], 20, "the hub raises the alert")
    alert_id = alerts[0]["id"]
    for room in (ioc, hop):
        until(lambda r=room: r.alert(alert_id), 20, "the alert on every wall")
    # compared once both walls hold the alert too: until then one wall may show it a moment before the other
    assert same_pictures(ioc, hop) != quiet

    # acknowledged in the IOC room: seen in the meeting room, recorded once, at the hub
    r = ioc.api.call("POST", f"/alerts/{alert_id}/ack", "operator", headers={"X-IOC-Client": "ban-truc"})
    assert r.status_code == 200, r.text
    seen = until(lambda: (a := hop.alert(alert_id)) and a["acknowledged_by"] and a, 20, "the ack in the other room")
    assert seen["acknowledged_by"] == "operator"
    acks = [line for line in hub.call("GET", "/audit").text.splitlines() if "acknowledge_alert" in line]
    assert len(acks) == 1 and '"wall": "phong-ioc"' in acks[0].replace('":"', '": "')

    # the hub killed: both walls say so on screen 1 and keep their figures (as they hold them once the hub's loss
    # is known: a reading the hub sent a moment before it died may still have been on its way when it was killed)
    hub.kill()
    for room in (ioc, hop):
        until(lambda r=room: r.link() == "hub-offline", 20, "the hub's loss on every wall")
    before = {room: room.stored(OVERDUE) for room in (ioc, hop)}
    for room in (ioc, hop):
        until(lambda r=room: band_drawn(r.picture()), 20, "the band on screen 1")
        assert before[room][0] == 200 and room.stored(OVERDUE) == before[room]
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "hub-lost-screen-1.png").write_bytes(hop.picture(width=1920))
    # back: current again, the band gone, a new figure on both
    hub = start_hub()
    feed.values["overdue"] = 30
    for room in (ioc, hop):
        until(lambda r=room: r.link() == "ok", 30, "the hub back on every wall")
        until(lambda r=room: (s := r.stored(OVERDUE)) and s[0] == 30, 30, "current again")
        until(lambda r=room: not band_drawn(r.picture()), 20, "the band gone")

    # the broker killed and started again: nothing restarted, every wall current again
    broker.kill()
    for room in (ioc, hop):
        until(lambda r=room: r.link() == "broker-down", 20, "the broker's loss on every wall")
    feed.values["overdue"] = 40
    broker.start()
    for room in (ioc, hop):
        until(lambda r=room: r.link() == "ok", 30, "the broker back on every wall")
        until(lambda r=room: (s := r.stored(OVERDUE)) and s[0] == 40, 30, "current after the broker's restart")
    same_pictures(ioc, hop)
