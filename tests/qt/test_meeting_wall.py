"""A whole meeting driven through the API of a real wall process with demo data: loaded, started, three items
each putting its views on the meeting layout, frozen with the stamp on the screens and unfrozen, ended; and the
refusals a console gets for a bad meeting or a wrong order."""

from __future__ import annotations

import copy
import json
import re
import time
from datetime import datetime

import pytest
import requests
from PySide6.QtGui import QColor, QImage

from ioc_core import fmt
from wall.widgets import style

from ..common import ROOT, SHIPPED_LAYOUTS
from ..pictures import ARTIFACTS, near
from ..waiting import until
from ..wallproc import READY, WallProcess

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
    time.sleep(1.0)  # an item is on the wall for a while: its views have their data when the minutes picture them
    for n, centre in ((1, {"kind": "sector", "sector": "hcc"}), (2, {"kind": "sector", "sector": "pakn"})):
        assert post(wall, command="meeting", action="next").status_code == 200
        assert state(wall)["meeting"]["item"] == n and views(wall)["trung-tam"] == centre
        time.sleep(1.0)
    time.sleep(1.5)  # the panel's clock and the new views painted
    panel = snapshot(wall, 0, 0)
    panel.save(str(ARTIFACTS / "meeting-panel.png"))

    # freeze: every figure region wears the amber frame and the time
    before = snapshot(wall, 2, 0)  # so-lieu-1: the ktxh sector view, all of screen (2, 0)
    assert amber_pixels(before, 0, 0, 1920, 8) < 50
    r = post(wall, command="freeze", on=True)
    assert r.status_code == 200
    frozen_at = state(wall)["frozen_at"]
    assert abs(frozen_at - time.time()) < 5
    frozen = until(lambda: (f := snapshot(wall, 2, 0)) and amber_pixels(f, 0, 0, 1920, 8) > 300
                   and amber_pixels(f, 1300, 990, 1920, 1080) > 300 and f, what="the frozen frame and stamp painted")
    frozen.save(str(ARTIFACTS / "meeting-frozen-2-0.png"))
    assert amber_pixels(frozen, 0, 0, 1920, 8) > 300  # the frame along the top
    assert amber_pixels(frozen, 1300, 990, 1920, 1080) > 300  # the stamp, bottom right

    # the end, still frozen: the last item's minutes carry the freeze time; unfreeze takes the stamp away
    assert post(wall, command="meeting", action="end").status_code == 200
    s = state(wall)
    assert s["meeting"]["status"] == "ended"
    assert [item for item, _, _ in s["meeting"]["shown"]] == [0, 1, 2]
    assert post(wall, command="freeze", on=False).status_code == 200
    until(lambda: amber_pixels(snapshot(wall, 2, 0), 0, 0, 1920, 8) < 50, what="the amber frame gone")
    check_minutes(wall, s["meeting"], frozen_at)


def get(wall, path, role="operator", **kw):
    url, tokens = wall
    return requests.get(url + path, headers={"Authorization": f"Bearer {tokens[role]}"}, timeout=10, **kw)


def check_minutes(wall, run: dict, frozen_at: float) -> None:
    """The minutes the wall wrote at the end: a PNG per region each item set, the summary with the times the wall
    showed each item and the time its figures stood at, and one PDF; all fetched through the API."""
    deadline = time.monotonic() + 30
    while True:
        listing = get(wall, "/minutes").json()["minutes"]
        if listing and listing[0]["complete"]:
            break
        assert time.monotonic() < deadline, f"no finished minutes: {listing}"
        time.sleep(0.3)
    folder, files = listing[0]["folder"], listing[0]["files"]
    assert folder.endswith("-giao-ban-thang-11")
    pictures = ["01-so-lieu-1.png", "01-trung-tam.png", "02-so-lieu-1.png", "02-trung-tam.png", "03-trung-tam.png"]
    assert set(pictures) <= set(files) and {"bien-ban.pdf", "tom-tat.json"} <= set(files)
    assert not any(f.startswith(("04-", "05-")) for f in files)  # items the meeting never reached
    for name in pictures:
        r = get(wall, f"/minutes/{folder}/{name}")
        assert r.status_code == 200 and r.headers["Content-Type"] == "image/png"
        image = QImage.fromData(r.content)
        assert image.width() >= 1000, name
        colours = {image.pixel(x, y) for x in range(0, image.width(), 37) for y in range(0, image.height(), 23)}
        assert len(colours) > 8, f"{name} is blank"  # text, tiles, a chart: many colours, not one flat fill
    image.save(str(ARTIFACTS / "minutes-03-trung-tam.png"))

    doc = get(wall, f"/minutes/{folder}/tom-tat.json").json()
    assert doc["meeting"] == DEMO["title"] and doc["ended_at"] == run["ended_at"]
    for n, item in enumerate(doc["items"][:3]):
        assert item["shown"] == [[t0, t1] for i, t0, t1 in run["shown"] if i == n]
        for v in item["views"]:
            assert item["shown"][0][0] <= v["captured_at"] <= run["ended_at"] + 1
    first = {v["region"]: v for v in doc["items"][0]["views"]}
    assert first["trung-tam"]["view"] == DEMO["items"][0]["views"]["trung-tam"]
    live = first["so-lieu-1"]  # the ktxh sector: figures observed before the picture, and said so
    assert live["frozen_at"] is None and live["figures_to"] <= live["captured_at"]
    assert live["as_of"].startswith("Số liệu")
    last = doc["items"][2]["views"][0]  # pakn, pictured at the end while frozen
    assert last["frozen_at"] == frozen_at
    assert last["figures_to"] <= frozen_at
    moment = datetime.fromtimestamp(frozen_at, fmt.TZ)
    assert last["as_of"].startswith(f"Số liệu tại {moment:%H:%M %d/%m/%Y}")
    assert doc["items"][3]["shown"] == [] and doc["items"][3]["views"] == []

    pdf = get(wall, f"/minutes/{folder}/bien-ban.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf.content)) == 4  # the cover and the three items held
    (ARTIFACTS / "bien-ban.pdf").write_bytes(pdf.content)
    # viewers watch, they do not read the minutes; and nothing outside the minutes folder is served
    assert get(wall, "/minutes", role="viewer").status_code == 403
    assert get(wall, f"/minutes/{folder}/..%2F..%2Fapi-tokens.json").status_code == 404
    assert get(wall, "/minutes/../api-tokens.json").status_code == 404


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
