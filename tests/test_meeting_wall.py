"""A whole meeting driven through the API of a real wall process with demo data: loaded, started, three items
each putting its views on the meeting layout, frozen with the stamp on the screens and unfrozen, ended; and the
refusals a console gets for a bad meeting or a wrong order."""

from __future__ import annotations

import copy
import json
import time

import pytest
import requests
from PySide6.QtGui import QColor, QImage

from wall.widgets import style

from .conftest import ROOT, SHIPPED_LAYOUTS
from .pictures import ARTIFACTS, near
from .wallproc import READY, WallProcess

DEMO = json.loads((ROOT / "meetings" / "giao-ban-thang-11.json").read_text())


@pytest.fixture(scope="module")
def wall(tmp_path_factory):
    state = tmp_path_factory.mktemp("meeting") / "state"
    proc = WallProcess("--demo", "--state-dir", str(state), "--layouts-dir", str(SHIPPED_LAYOUTS), "--layout",
                       "tong-quan")
    try:
        proc.wait_for(READY, 60)
        url = proc.api_url()
        tokens = {t["role"]: t["token"] for t in json.loads((state / "api-tokens.json").read_text())["tokens"]}
        yield url, tokens
    finally:
        proc.stop()


def post(wall, role="operator", **cmd):
    url, tokens = wall
    return requests.post(url + "/commands", json=cmd, headers={"Authorization": f"Bearer {tokens[role]}"},
                         timeout=10)


def state(wall) -> dict:
    url, tokens = wall
    return requests.get(url + "/state", headers={"Authorization": f"Bearer {tokens['viewer']}"}, timeout=10).json()


def snapshot(wall, row: int, col: int) -> QImage:
    url, tokens = wall
    r = requests.get(f"{url}/screens/{row}/{col}/snapshot", headers={"Authorization": f"Bearer {tokens['viewer']}"},
                     timeout=10)
    assert r.status_code == 200
    return QImage.fromData(r.content)


def amber_pixels(img: QImage, x0: int, y0: int, x1: int, y1: int) -> int:
    return sum(1 for x in range(x0, x1, 3) for y in range(y0, y1, 3)
               if near(QColor(img.pixel(x, y)), style.WARNING, 30))


def views(wall) -> dict:
    return {r["id"]: r["view"] for r in state(wall)["regions"]}


def test_a_meeting_driven_through_the_api(wall, qapp):
    assert post(wall, "viewer", command="load_meeting", meeting=DEMO).status_code == 403  # viewers only watch
    assert post(wall, command="load_meeting", meeting=DEMO).status_code == 200
    assert state(wall)["meeting"]["status"] == "ready"
    assert post(wall, command="meeting", action="start").status_code == 200
    s = state(wall)
    assert s["layout"] == "hop" and s["meeting"]["item"] == 0
    assert views(wall)["trung-tam"] == {"kind": "chart", "indicator": "ktxh-grdp-tang-truong"}
    for n, centre in ((1, {"kind": "sector", "sector": "hcc"}), (2, {"kind": "sector", "sector": "pakn"})):
        assert post(wall, command="meeting", action="next").status_code == 200
        assert state(wall)["meeting"]["item"] == n and views(wall)["trung-tam"] == centre
    time.sleep(1.5)  # the panel's clock and the new views painted
    panel = snapshot(wall, 0, 0)
    panel.save(str(ARTIFACTS / "meeting-panel.png"))

    # freeze: every figure region wears the amber frame and the time; unfreeze takes it away
    before = snapshot(wall, 2, 0)  # so-lieu-1: the ktxh sector view, all of screen (2, 0)
    assert amber_pixels(before, 0, 0, 1920, 8) < 50
    r = post(wall, command="freeze", on=True)
    assert r.status_code == 200
    frozen_at = state(wall)["frozen_at"]
    assert abs(frozen_at - time.time()) < 5
    time.sleep(1.0)
    frozen = snapshot(wall, 2, 0)
    frozen.save(str(ARTIFACTS / "meeting-frozen-2-0.png"))
    assert amber_pixels(frozen, 0, 0, 1920, 8) > 300  # the frame along the top
    assert amber_pixels(frozen, 1300, 990, 1920, 1080) > 300  # the stamp, bottom right
    assert post(wall, command="freeze", on=False).status_code == 200
    time.sleep(1.0)
    assert amber_pixels(snapshot(wall, 2, 0), 0, 0, 1920, 8) < 50

    assert post(wall, command="meeting", action="end").status_code == 200
    s = state(wall)
    assert s["meeting"]["status"] == "ended"
    assert [item for item, _, _ in s["meeting"]["shown"]] == [0, 1, 2]


def test_bad_meetings_and_wrong_orders_are_refused_with_the_reason(wall):
    no_items = copy.deepcopy(DEMO)
    no_items["items"] = []
    r = post(wall, command="load_meeting", meeting=no_items)
    assert r.status_code == 422 and "the agenda has no items" in r.text
    overlap = copy.deepcopy(DEMO)
    overlap["items"][1]["at"] = "08:05"
    r = post(wall, command="load_meeting", meeting=overlap)
    assert r.status_code == 422 and "the times overlap" in r.text
    unknown = copy.deepcopy(DEMO)
    unknown["items"][0]["views"]["khong-co"] = {"kind": "overview"}
    r = post(wall, command="load_meeting", meeting=unknown)
    assert r.status_code == 422 and "region 'khong-co' is not in layout 'hop'" in r.text
    r = post(wall, command="meeting", action="goto", item=60)
    assert r.status_code == 422
