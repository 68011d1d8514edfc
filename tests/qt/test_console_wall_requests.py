"""A leader's "show on the wall" request, from the phone through the hub and the wall to the console (issue 23, item
2), all real: Mosquitto, the ``ioc-hub`` program with people, an ``ioc-wall`` on it (``--hub``), and the console
driven as an operator drives it. The request appears at once in the band above the preview; "Đưa lên" puts the
sector's view on the region the operator picks (the largest by default, or the one showing that sector already) and
the hub's request becomes accepted; "Từ chối" records the reason the leader reads."""

from __future__ import annotations

import signal

import pytest

from ..consoles import open_console
from ..hubpeople import people_hub, signed_in
from ..hubsite import Room, add_wall
from ..pictures import ARTIFACTS
from ..waiting import until


@pytest.fixture
def site(tmp_path):
    """(hub, leader's session, the wall's Room) — ended at the end."""
    with people_hub(tmp_path) as (hub, feed, broker):
        link = add_wall(hub, broker, "phong-ioc", tmp_path / "phong-ioc.json")
        broker.proc.send_signal(signal.SIGHUP)  # Mosquitto reads the password add-wall wrote
        room = Room(tmp_path / "ioc", "Phòng IOC", link)
        try:
            room.ready()
            until(lambda: room.link() == "ok", 30, "the wall on the hub")
            yield hub, signed_in(hub.api_url(), "lanhdao"), room
        finally:
            room.proc.stop()


def _hub_request(hub, request_id: str) -> dict:
    docs = hub.call("GET", "/wall-requests", "viewer").json()["requests"]
    return next(d for d in docs if d["id"] == request_id)


def _region(room, rid: str) -> dict:
    return next(r for r in room.api.state()["regions"] if r["id"] == rid)


def settled(qtbot, condition, timeout_s: float = 20):
    """The condition's first truthy value, the console's event loop running meanwhile (its answers arrive on it)."""
    seen = []
    qtbot.waitUntil(lambda: bool(v := condition()) and not seen.append(v), timeout=int(timeout_s * 1000))
    return seen[0]


def test_a_leaders_request_is_put_on_the_wall_or_declined_from_the_console(site, qtbot):
    hub, leader, room = site
    window = open_console(qtbot, room.api, "operator", "bàn trực")
    panel = window.requests_panel
    qtbot.waitUntil(lambda: panel.isVisible(), timeout=15000)  # a wall on a hub: the band is there, empty
    assert panel.title.text() == "Yêu cầu từ lãnh đạo (0)" and panel.list.count() == 0

    # the leader asks from the phone: the console shows it at once (the wall's event stream), who, what, when
    r = leader.post(hub.api_url() + "/wall-requests", json={"kind": "sector", "target": "yte",
                                                            "note": "Tình hình sốt xuất huyết"}, timeout=10)
    assert r.status_code == 201, r.text
    asked = r.json()
    qtbot.waitUntil(lambda: panel.list.count() == 1, timeout=15000)
    assert panel.title.text() == "Yêu cầu từ lãnh đạo (1)"
    text = panel.list.item(0).text()
    assert text.startswith("Nguyễn Văn Lãnh (lanhdao) đề nghị đưa lên tường: Lĩnh vực Y tế — ")
    assert "/20" in text.splitlines()[0] and text.splitlines()[1].strip() == "Ghi chú: Tình hình sốt xuất huyết"
    r = leader.post(hub.api_url() + "/wall-requests", json={"kind": "sector", "target": "hcc"}, timeout=10)
    second = r.json()
    qtbot.waitUntil(lambda: panel.list.count() == 2, timeout=15000)
    assert panel.title.text() == "Yêu cầu từ lãnh đạo (2)"
    assert window.wall_list.item(0).text().endswith("\n    ⚑ 2 yêu cầu từ lãnh đạo đang chờ")  # any wall chosen
    ARTIFACTS.mkdir(exist_ok=True)
    window.grab().save(str(ARTIFACTS / "console-wall-requests.png"))

    # "Đưa lên": no region shows Y tế, so the largest (the map, 2x2) is offered first
    dialog = panel.accept_chosen(asked["id"])
    assert dialog is not None and dialog.isVisible()
    assert dialog.region() == "ban-do"
    dialog.ok.click()
    settled(qtbot, lambda: _region(room, "ban-do")["view"] == {"kind": "sector", "sector": "yte"})
    done = settled(qtbot, lambda: (d := _hub_request(hub, asked["id"]))["state"] == "accepted" and d)
    assert done["answered_wall"] == "phong-ioc" and done["answered_by"] == "operator"
    qtbot.waitUntil(lambda: panel.list.count() == 1, timeout=15000)
    # the hub's answer may reach the console after its published change (the event): waited for, not assumed
    qtbot.waitUntil(lambda: window.result_label.text() == "Đã đưa lên tường và báo lãnh đạo: Lĩnh vực Y tế",
                    timeout=15000)

    # the second: the region showing Hành chính công already is offered first; declined, with a reason
    dialog = panel.accept_chosen(second["id"])
    assert dialog.region() == "tom-tat"
    dialog.reject()
    reason = panel.decline_chosen(second["id"])
    assert not reason.ok.isEnabled()  # no reason, no declining
    reason.reason.setPlainText("Tường đang dùng cho cuộc họp giao ban")
    assert reason.ok.isEnabled()
    reason.ok.click()
    declined = settled(qtbot, lambda: (d := _hub_request(hub, second["id"]))["state"] == "declined" and d)
    assert declined["reason"] == "Tường đang dùng cho cuộc họp giao ban"
    qtbot.waitUntil(lambda: panel.list.count() == 0, timeout=15000)
    assert panel.title.text() == "Yêu cầu từ lãnh đạo (0)"
    assert "yêu cầu từ lãnh đạo" not in window.wall_list.item(0).text()
    assert _region(room, "tom-tat")["view"] == {"kind": "sector", "sector": "hcc"}  # nothing put up

    # the audit log at the hub: both answers, with the wall and the console
    lines = [ln for ln in hub.call("GET", "/audit").text.splitlines() if "answer_wall_request" in ln]
    assert len(lines) == 2 and all('"phong-ioc"' in ln and "bàn trực" in ln for ln in lines)

    # the delivery log: forwarded to the hub (its 404 passes through until the hub keeps one)
    log = panel.open_delivery_log()
    qtbot.waitUntil(lambda: log.loaded, timeout=15000)
    forwarded = room.api.call("GET", "/hub/deliveries", "operator")
    assert forwarded.status_code in (200, 404), forwarded.text
    if forwarded.status_code == 404:
        assert log.status.text().startswith("Trung tâm dữ liệu chưa có nhật ký gửi tin")
    assert room.api.call("GET", "/hub/deliveries", "viewer").status_code == 403
    log.reject()
    window.close()

    # the hub gone: an answer is refused by the wall as not done (503), as an acknowledgement is
    hub.stop()
    r = room.api.call("POST", f"/hub/requests/{second['id']}/answer", "operator", json={"accept": True})
    assert r.status_code == 503 and "the data hub cannot be reached" in r.json()["error"]
    assert room.api.call("GET", "/hub/requests", "viewer").json()["requests"]  # what the wall holds stays listed
