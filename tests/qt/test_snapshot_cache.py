"""A screen left as it was is not drawn again for each viewer: the control API answers a second snapshot of it with
the same bytes, without drawing; once the screen changes, the next snapshot is the new picture. In this process: a
real controller and runtime on nine screens, the port and the API server on 127.0.0.1 (viewers ask over HTTP)."""

from __future__ import annotations

import threading
import time

import pytest
import requests
from PySide6.QtGui import QImage

from ioc_core.api.routes import Api
from ioc_core.api.server import ApiServer
from ioc_core.api.tokens import TokenStore
from ioc_core.setup.geometry import Rect

from .test_saves_off_the_gui_thread import wall  # noqa: F401 (the fixture)

MOVING = ("clock", "camera", "camera_grid", "web", "alerts", "ticker")  # views that repaint on their own


@pytest.fixture
def api(wall, tmp_path):  # noqa: F811
    server = ApiServer(Api(TokenStore(tmp_path / "api-tokens.json"), wall, wall.core.desk.bus), "127.0.0.1", 0)
    server.start()
    yield f"http://127.0.0.1:{server.port}/api/v1", server.api.tokens.token("viewer")
    server.stop()


def get(qtbot, url: str, token: str, **params) -> requests.Response:
    """A viewer's GET on a thread of its own, as a console would; the GUI thread keeps its event loop."""
    out = {}
    t = threading.Thread(target=lambda: out.update(r=requests.get(url, params=params, timeout=20, headers={
        "Authorization": f"Bearer {token}"})))
    t.start()
    qtbot.waitUntil(lambda: "r" in out, timeout=20000)
    t.join(5)
    return out["r"]


def still_screen(runtime) -> tuple[int, int]:
    """A screen that no view which repaints on its own (a clock, a camera, a ticker) covers."""
    moving = set()
    for rid, item in runtime.items.items():
        view = runtime.controller.state.views.get(rid) or {}
        if view.get("kind") in MOVING:
            g = item.geometry()
            moving |= set(runtime.geo.screens_under(Rect(g.x(), g.y(), g.width(), g.height())))
    return sorted(set(runtime.geo.screens()) - moving)[0]


def settled(qtbot, view, quiet_s: float = 0.8) -> None:
    """Until the screen has not painted for ``quiet_s`` (its views done loading what they show)."""
    seen = [view.paint_count, time.monotonic()]

    def quiet() -> bool:
        if view.paint_count != seen[0]:
            seen[:] = [view.paint_count, time.monotonic()]
        return time.monotonic() - seen[1] >= quiet_s

    qtbot.waitUntil(quiet, timeout=15000)


def test_an_unchanged_screen_is_served_from_cache_and_a_changed_one_drawn_again(wall, api, qtbot,  # noqa: F811
                                                                                monkeypatch):
    base, token = api
    runtime = wall.runtime
    rows = []  # drawn, in strips (wall/runtime/apiport.py STRIP_PX)
    real_picture = runtime.picture
    monkeypatch.setattr(runtime, "picture", lambda *a: rows.append(a[2]) or real_picture(*a))

    def drawn() -> float:  # whole 1920x1080 pictures
        return sum(rows) / 1080
    row, col = still_screen(runtime)
    url = f"{base}/screens/{row}/{col}/snapshot"
    runtime._clock.stop()  # the views' clocks held still (without data every view here shows the time)
    settled(qtbot, runtime.screen_views()[(row, col)])

    first = get(qtbot, url, token, width=1920)
    assert first.status_code == 200 and first.headers["Content-Type"] == "image/png" and drawn() == 1
    qtbot.wait(300)  # time for anything to repaint (nothing does on this screen)
    second = get(qtbot, url, token, width=1920)
    assert second.status_code == 200 and second.content == first.content  # the same picture, byte for byte
    assert drawn() == 1  # and not drawn again
    assert get(qtbot, url, token, width=1920, format="jpeg").headers["Content-Type"] == "image/jpeg"
    assert drawn() == 2  # another format is another picture

    # the operator changes what the screen shows: the next viewer sees it, at once (not what was cached)
    region = next(rid for rid, item in runtime.items.items()
                  if (row, col) in runtime.geo.screens_under(Rect(item.geometry().x(), item.geometry().y(),
                                                                  item.geometry().width(),
                                                                  item.geometry().height())))
    assert runtime.controller.execute({"command": "show_view", "region": region,
                                       "view": {"kind": "sector", "sector": "yte"}}).accepted
    third = get(qtbot, url, token, width=1920)
    assert third.status_code == 200 and third.content != first.content and drawn() == 3
    image = QImage.fromData(third.content)
    assert (image.width(), image.height()) == (1920, 1080)
    assert get(qtbot, url, token, width=1920).content == third.content and drawn() == 3

    # blanked screens: the picture served is what the scene shows, as before; a missing screen is still a 404
    assert get(qtbot, f"{base}/screens/9/9/snapshot", token).status_code == 404
