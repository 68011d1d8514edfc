"""The walls' data-health view shows a department's figures not in by their deadline ("chưa nộp số liệu ...") as its
source's error, and once figures are approved, who entered and who approved them (ioc_hub/entry)."""

from __future__ import annotations

from datetime import datetime

from ioc_core.fmt import TZ
from wall.runtime.datahub import DataHub
from wall.widgets.health import detail, feed_rows

from ..common import Clock
from ..entryhub import CATALOGUE, LocalHub


def test_a_missed_deadline_and_then_the_approval_on_the_health_view(qapp, tmp_path):
    clock = Clock(datetime(2026, 12, 6, 8, 0, tzinfo=TZ).timestamp())
    hub = LocalHub(tmp_path / "hub", clock, {"sectors": [], "since": "2026-11-06"})
    wall = DataHub(CATALOGUE, hub.store_path, clock=clock)  # a wall reading the same store (as mirrored from a hub)
    try:
        hub.entry.check_deadlines()
        wall.source_fetched("manual-ktxh")
        row = {r.source: r for r in feed_rows(wall, clock.t)}["manual-ktxh"]
        assert row.state == "error"
        assert detail(row) == "chưa nộp số liệu tháng 11/2026 (hạn 05/12/2026)"

        status, sub = hub.call("nhaplieu-ktxh", "POST", "/entry/submissions", {
            "sector": "ktxh", "period": "2026-11", "rows": [{"indicator": "ktxh-thu-ngan-sach", "value": "1.520"}]})
        assert status == 201, sub
        clock.t += 600
        status, done = hub.call("kiemduyet", "POST", f"/entry/submissions/{sub['id']}/approve")
        assert status == 200, done
        hub.entry.check_deadlines()
        wall.source_fetched("manual-ktxh", frozenset({"ktxh-thu-ngan-sach"}))
        row = {r.source: r for r in feed_rows(wall, clock.t)}["manual-ktxh"]
        assert row.state == "ok"
        assert detail(row) == "Nhập: Lê Văn Nhập (nhaplieu-ktxh), duyệt: Hoàng Văn Duyệt (kiemduyet) 08:10 06/12/2026"
        assert wall.reading("ktxh-thu-ngan-sach").value == 1520.0
    finally:
        wall.close()
        hub.close()
