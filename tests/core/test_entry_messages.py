"""A period past its deadline is e-mailed to its department through the hub's real messages part and a real SMTP
server: the manual-entry part and the messages part together, on a clock the test moves (the hub process's real
clock cannot reach a deadline)."""

from __future__ import annotations

import json
from datetime import datetime

from ioc_core.fmt import TZ
from ioc_hub.notify import Messenger

from ..common import Clock
from ..entryhub import LocalHub
from ..smtpbox import SmtpBox


def at(*args) -> float:
    return datetime(*args, tzinfo=TZ).timestamp()


def test_a_missed_deadline_reaches_the_departments_inbox_once(tmp_path):
    folder = tmp_path / "hub"
    folder.mkdir()
    with SmtpBox() as box:
        (folder / "notify.json").write_text(json.dumps({
            "schema_version": 1, "page_url": "https://ioc.example/m/",
            "smtp": {"host": "127.0.0.1", "port": box.port, "security": "none", "from": "IOC <ioc@ioc.test>"}}))
        clock = Clock(at(2026, 11, 5, 23, 0))
        hub = LocalHub(folder, clock, {"schema_version": 1, "sectors": [], "since": "2026-10-11"})
        hub.alert_listeners = []
        messenger = Messenger(clock=clock)
        messenger.start(hub)
        try:
            hub.entry.check_deadlines()
            clock.t = at(2026, 11, 6, 8, 0)  # October's figures were due by 5 November
            hub.entry.check_deadlines()
            [mail] = box.wait_for(1, to="nhaplieu@ioc.test")  # Sở Kế hoạch và Đầu tư's clerk
            assert "tháng 10/2026" in mail.subject and "05/11/2026" in mail.text
            assert "https://ioc.example/m/#/sector/ktxh" in mail.text  # the sector on the phones' page
            clock.t += 3600
            hub.entry.check_deadlines()  # still missing an hour on: not e-mailed again
            deliveries = hub.call("vanhanh", "GET", "/deliveries")[1]["deliveries"]
            assert [d["state"] for d in deliveries if d["login"] == "nhaplieu-ktxh"] == ["sent"]
            assert len(box.received("nhaplieu@ioc.test")) == 1
        finally:
            messenger.stop()
            hub.close()
