"""The wall built in this process through its one assembly (wall/assembly.py), on the nine offscreen screens, with
its control API on 127.0.0.1: one set of services, wired to each other (what the API answers and stores is what
the screens show), and one stop that ends them in order."""

from __future__ import annotations

import contextlib
import gc
import logging
import threading
from concurrent.futures import Future

import pytest
import requests

from wall.app import parse_args
from wall.assembly import build_wall

from ..common import SHIPPED_LAYOUTS

CAMERA = {"id": "cam-cau-moi", "name": {"vi": "Camera cầu mới"}, "group": "giao-thong",
          "streams": ["rtsp://127.0.0.1:9/khong-co"]}


def _not_subreaper() -> None:
    """The watchdog made this process the children's subreaper (Linux): the test process is no wall."""
    with contextlib.suppress(Exception):
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(36, 0, 0, 0, 0)  # PR_SET_CHILD_SUBREAPER off


@pytest.fixture
def wall(qapp, tmp_path, monkeypatch):
    monkeypatch.setenv("IOC_WALL_WATCHDOG_S", "600")  # a busy test machine is not a hung wall: no restart here
    monkeypatch.delenv("IOC_WALL_RESUME", raising=False)
    args = parse_args(["--state-dir", str(tmp_path / "state"), "--layouts-dir", str(SHIPPED_LAYOUTS), "--windowed",
                       "--api-bind", "127.0.0.1", "--api-port", "0", "--zeroconf", "off", "--name", "Tường thử",
                       "--api-plain-http"])
    built = build_wall(args, qapp)
    yield built
    _not_subreaper()
    gc.unfreeze()  # the data's start froze what this process had built
    gc.enable()


def _call(qtbot, wall, method: str, path: str, role: str, **kw) -> requests.Response:
    """An HTTP call from another thread while this one, the GUI thread, runs the event loop (the port carries each
    call over to it)."""
    done: Future = Future()
    url = f"http://127.0.0.1:{wall.api.server.port}/api/v1{path}"
    headers = {"Authorization": f"Bearer {wall.api.tokens.token(role)}"}

    def run():
        try:
            done.set_result(requests.request(method, url, headers=headers, timeout=10, **kw))
        except Exception as exc:
            done.set_exception(exc)

    threading.Thread(target=run, daemon=True).start()
    qtbot.waitUntil(done.done, timeout=15000)
    return done.result()


def test_the_services_are_built_once_and_wired_to_each_other(wall, qtbot, caplog):
    assert wall.api is None  # built and served once every screen is painted
    wall.start()
    region = wall.controller.state.layout.regions[0].id
    try:
        qtbot.waitUntil(lambda: wall.api is not None, timeout=20000)
        # one controller, one context, one set of catalogue additions, one configuration file
        port = wall.api.port
        assert port.runtime is wall.runtime and wall.runtime.context is wall.context
        assert port.core.controller is wall.controller is wall.runtime.controller is wall.context.controller
        assert port.core.edits is wall.edits is wall.context.edits and wall.edits is not None
        assert port.config_store is wall.config_store and port.watchdog is wall.watchdog
        assert port.share is wall.api.share and wall.context.hub is wall.hub is not None

        # the screen mapping's file is there for a technician (404 when the port had no config store)
        assert _call(qtbot, wall, "GET", "/screens", "technician").status_code == 200
        health = _call(qtbot, wall, "GET", "/health", "viewer").json()
        assert health["watchdog"]["limit_s"] == 600 and health["share"] is not None

        # a camera a technician adds is one the wall's commands accept and its views find: the controller's
        # references, the port and the views read the same additions
        show = {"command": "show_view", "region": region, "view": {"kind": "camera", "camera": CAMERA["id"]}}
        assert _call(qtbot, wall, "POST", "/commands", "operator", json=show).status_code != 200
        added = _call(qtbot, wall, "POST", "/catalogue/cameras", "technician", json=CAMERA)
        assert added.status_code == 201, added.text
        assert CAMERA["id"] in wall.context.cameras.cameras
        shown = _call(qtbot, wall, "POST", "/commands", "operator", json=show)
        assert shown.status_code == 200, shown.text
        qtbot.waitUntil(lambda: getattr(wall.runtime.items[region], "camera", None) is not None)
        assert wall.runtime.items[region].camera.name_vi == "Camera cầu mới"

        # the indicator data starts once every screen is painted (the collector, then the fetch scheduler)
        qtbot.waitUntil(lambda: len(wall.data.running) == 2, timeout=20000)
    finally:
        with caplog.at_level(logging.DEBUG, logger="wall"):
            wall.stop()
    said = [r.getMessage() for r in caplog.records if r.getMessage().startswith("stopping the ")]
    assert said == ["stopping the watchdog", "stopping the data", "stopping the api", "stopping the alert checks",
                    "stopping the hub", "stopping the runtime", "stopping the minutes"]
    with pytest.raises(requests.ConnectionError):
        requests.get(f"http://127.0.0.1:{wall.api.server.port}/api/v1/wall", timeout=5)
    assert wall.data.running == [] and gc.isenabled()  # the collector gave collection back
    assert not [w for w in wall.runtime.windows if w.isVisible()]


def test_without_the_api_the_wall_builds_and_stops_the_rest(qapp, qtbot, tmp_path, monkeypatch, caplog):
    monkeypatch.setenv("IOC_WALL_WATCHDOG_S", "600")
    args = parse_args(["--state-dir", str(tmp_path / "state"), "--layouts-dir", str(SHIPPED_LAYOUTS), "--windowed",
                       "--no-api"])
    wall = build_wall(args, qapp)
    assert wall.api is None
    wall.start()
    try:
        qtbot.waitUntil(lambda: len(wall.data.running) == 2, timeout=20000)
    finally:
        with caplog.at_level(logging.DEBUG, logger="wall"):
            wall.stop()
        _not_subreaper()
        gc.unfreeze()
        gc.enable()
    said = [r.getMessage() for r in caplog.records if r.getMessage().startswith("stopping the ")]
    assert said == ["stopping the watchdog", "stopping the data", "stopping the alert checks", "stopping the hub",
                    "stopping the runtime", "stopping the minutes"]
