"""A leader's "show on the wall" request, from the phone through the hub and the wall to the console (issue 23, item
2), all real: Mosquitto, the ``ioc-hub`` program with people, an ``ioc-wall`` on it (``--hub``), and the console
driven as an operator drives it. The request appears at once in the band above the preview; "Đưa lên" puts the
sector's view on the region the operator picks (the largest by default, or the one showing that sector already) and
the hub's request becomes accepted; "Từ chối" records the reason the leader reads."""

from __future__ import annotations

import json
import signal
from datetime import datetime, timedelta

import pytest

from ioc_core.fmt import TZ

from ..consoles import open_console
from ..core.test_hub_messages import SECRET, write_notify
from ..hubpeople import people_hub, signed_in
from ..hubsite import Room, add_wall
from ..pictures import ARTIFACTS
from ..smtpbox import SmtpBox
from ..waiting import until
from ..webhookbox import WebhookBox


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


def test_the_delivery_log_shows_what_the_hub_says_of_each_message(tmp_path, qtbot):
    """The console's "Nhật ký gửi tin" reads the fields GET /api/v1/deliveries answers: an e-mail sent, a message to
    a gateway that is down being tried again (its error), one held in quiet hours (until when), and a broken
    notify.json said in the status line."""
    now = datetime.now(TZ)
    quiet = {"from": (now - timedelta(hours=1)).strftime("%H:%M"), "to": (now + timedelta(hours=1)).strftime("%H:%M")}
    with SmtpBox() as box:
        hook = WebhookBox(SECRET)
        hook.down()  # the province's gateway is down: tried again and again
        path = write_notify(tmp_path / "hub", box, hook, smtp={"host": box.host, "port": box.port,
                                                               "security": "none", "from": "IOC <ioc@tinh.test>"})
        with people_hub(tmp_path) as (hub, feed, broker):
            api = hub.api_url()
            link = add_wall(hub, broker, "phong-ioc", tmp_path / "phong-ioc.json")
            broker.proc.send_signal(signal.SIGHUP)
            room = Room(tmp_path / "ioc", "Phòng IOC", link)
            try:
                assert signed_in(api, "quantri").patch(api + "/people/lanhdao", json={"phone": "0912345678"},
                                                       timeout=10).ok
                leader, operator = signed_in(api, "lanhdao"), signed_in(api, "vanhanh")
                assert leader.put(api + "/me/subscription", timeout=10, json={
                    "sectors": ["hcc"], "severities": ["critical"],
                    "channels": [{"kind": "email", "to": "lanhdao@ioc.test"},
                                 {"kind": "webhook", "gateway": "zalo", "to": "0912345678"}]}).ok
                assert operator.put(api + "/me/subscription", timeout=10, json={
                    "sectors": ["*"], "severities": ["critical"], "quiet": quiet,
                    "channels": [{"kind": "email", "to": "vanhanh@ioc.test"}]}).ok
                room.ready()
                until(lambda: room.link() == "ok", 30, "the wall on the hub")
                feed.values["overdue"] = 200

                def rows():
                    return hub.call("GET", "/deliveries", "operator").json()["deliveries"]

                until(lambda: {(d["channel"], d["state"]) for d in rows()} >= {("email", "sent"), ("email", "held")}
                      and any(d["channel"] == "webhook:zalo" and d["attempts"] >= 2 for d in rows()),
                      30, "sent, held and tried again")
                held = next(d for d in rows() if d["state"] == "held")

                window = open_console(qtbot, room.api, "operator", "bàn trực")
                qtbot.waitUntil(lambda: window.requests_panel.isVisible(), timeout=15000)
                log = window.requests_panel.open_delivery_log()
                qtbot.waitUntil(lambda: log.loaded, timeout=15000)
                table = log.table
                shown = {table.item(r, 3).text() + " " + table.item(r, 2).text():
                         [table.item(r, c).text() for c in range(table.columnCount())]
                         for r in range(table.rowCount())}
                assert log.status.text() == "3 tin nhắn", log.status.text()
                mail = shown["Thư điện tử Nguyễn Văn Lãnh (lanhdao)"]
                assert mail[1].startswith("Cảnh báo nghiêm trọng – Hành chính công: ")
                assert mail[4] == "l***@ioc.test" and mail[5] == "Đã gửi" and mail[6] == "1" and mail[7] == ""
                assert mail[0].endswith(now.strftime("/%m/%Y"))  # "14:05 07/12/2026"
                zalo = shown["Webhook: zalo Nguyễn Văn Lãnh (lanhdao)"]
                assert zalo[4] == "09******78" and zalo[5] == "Đang gửi lại" and int(zalo[6]) >= 2
                assert "cannot be reached" in zalo[7]
                waiting = shown["Thư điện tử Trần Thị Vận (vanhanh)"]
                until_text = datetime.fromtimestamp(held["held_until"], TZ).strftime("%H:%M %d/%m/%Y")
                assert waiting[5] == f"Chờ hết giờ yên tĩnh (đến {until_text})"

                # notify.json broken by hand: the hub keeps the last good settings, the log says what is wrong
                doc = json.loads(path.read_text(encoding="utf-8"))
                doc["smtp"]["port"] = 0
                path.write_text(json.dumps(doc), encoding="utf-8")
                until(lambda: hub.call("GET", "/deliveries", "operator").json()["config"]["problem"], 10,
                      "the broken file seen")
                log.reload()
                qtbot.waitUntil(lambda: "\n" in log.status.text(), timeout=15000)
                status = log.status.text()
                assert status.startswith("3 tin nhắn\nThiết lập gửi tin của trung tâm dữ liệu có lỗi: ")
                assert "$.smtp.port" in status and SECRET not in status
                qtbot.waitUntil(lambda: log.status.height() >= log.status.heightForWidth(log.status.width()),
                                timeout=5000)  # the longer status laid out whole, not clipped
                ARTIFACTS.mkdir(exist_ok=True)
                log.grab().save(str(ARTIFACTS / "console-delivery-log.png"))
                log.reject()
                window.close()
            finally:
                room.proc.stop()
                hook.down()
