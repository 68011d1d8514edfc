"""A faster start: what the wall does not load or wait for before its screens are painted.

- A wall whose layouts show no web page never loads QtWebEngine (a real wall process: the libraries it mapped).
- The demo's history (400 days, about a second of work) is stored on a thread of its own: the GUI thread keeps
  running while it is written, and the views hear of it once it is in.
- A sector screen's charts show a card (the panel and its title) until the wall's first picture is on every
  screen; then their plots are built and drawn. pyqtgraph is imported only then.
- The control API (uvicorn, starlette, its routes) is built and served once every screen is painted; the wall tells
  systemd READY=1 only after that, so a ready wall answers its API.
"""

from __future__ import annotations

import contextlib
import socket
import sqlite3
import tempfile
import threading
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer

from wall.widgets import style

from ..common import SHIPPED_LAYOUTS
from ..pictures import near, renderer
from ..wallproc import API, READY, WallApi, WallProcess
from .test_sector_view import CAT, NOON, setup  # noqa: F401 (the fixture)

render = renderer("start")


def mapped(pid: int) -> str:
    return Path(f"/proc/{pid}/maps").read_text()


def test_a_wall_without_web_pages_never_loads_qtwebengine(tmp_path):
    wall = WallProcess("--demo", "--state-dir", str(tmp_path / "state"), "--layouts-dir", str(SHIPPED_LAYOUTS),
                       "--layout", "tong-quan")
    try:
        wall.wait_for(READY, 60)
        wall.wait_for("indicator store:", 60)  # its data running too
        libs = mapped(wall.proc.pid)
        assert "libQt6Widgets" in libs  # the check reads the right thing
        assert "WebEngine" not in libs
    finally:
        wall.stop()


def test_a_wall_imports_pyqtgraph_only_after_its_first_picture(tmp_path):
    """tong-quan: nine sector screens with charts. Python reports each import as it ends (-X importtime, on the
    same stream as the log, in order): pyqtgraph's comes after "wall ready", and it does come (charts are drawn)."""
    wall = WallProcess("--state-dir", str(tmp_path / "state"), "--layouts-dir", str(SHIPPED_LAYOUTS),
                       "--layout", "tong-quan", env={"PYTHONPROFILEIMPORTTIME": "1"})
    try:
        wall.wait_for(READY, 60)
        wall.wait_for("| pyqtgraph", 60)
        lines = list(wall.lines)
        ready = next(n for n, line in enumerate(lines) if READY in line)
        imported = [n for n, line in enumerate(lines) if line.startswith("import time:")
                    and line.rsplit("|", 1)[1].strip() == "pyqtgraph"]
        assert imported and imported[0] > ready
    finally:
        wall.stop()


def imported_after_ready(lines: list[str], module: str) -> bool:
    """``module`` was imported (-X importtime lines, in order with the log), and only after "wall ready"."""
    ready = next(n for n, line in enumerate(lines) if READY in line)
    imported = [n for n, line in enumerate(lines) if line.startswith("import time:")
                and line.rsplit("|", 1)[1].strip() == module]
    return bool(imported) and imported[0] > ready


def test_the_api_is_served_after_the_first_picture_and_answers_once_ready(tmp_path):
    """uvicorn (the API server) is imported after "wall ready"; when systemd is told READY=1 the API already
    answers, at once, with the wall's state."""
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind(str(tmp_path / "notify.sock"))
    sock.settimeout(0.2)
    told: list[str] = []
    done = threading.Event()

    def receive():
        while not done.is_set():
            with contextlib.suppress(TimeoutError, OSError):
                told.append(sock.recv(256).decode())

    receiver = threading.Thread(target=receive, daemon=True)
    receiver.start()
    state = tmp_path / "state"
    wall = WallProcess("--state-dir", str(state), "--layouts-dir", str(SHIPPED_LAYOUTS), "--layout", "tong-quan",
                       env={"PYTHONPROFILEIMPORTTIME": "1", "NOTIFY_SOCKET": str(tmp_path / "notify.sock"),
                            "IOC_WALL_WATCHDOG_S": "600", "INVOCATION_ID": ""})
    try:
        deadline = time.monotonic() + 60
        while "READY=1" not in told and time.monotonic() < deadline and wall.proc.poll() is None:
            time.sleep(0.02)
        assert "READY=1" in told
        wall.wait_for(API, 5)  # logged before READY=1 (the log reaches this test through a pipe)
        assert WallApi(wall, state).state()["layout"] == "tong-quan"  # one call, no retry: a ready wall answers
        assert imported_after_ready(list(wall.lines), "uvicorn")  # imported by now: the API answered
    finally:
        done.set()
        wall.stop()
        receiver.join(2)
        sock.close()


@pytest.mark.parametrize("layout,more", [("camera", ()), ("tong-quan", ("--demo",))])
def test_a_wall_imports_numpy_only_after_its_first_picture(tmp_path, layout, more):
    """numpy (about 55 ms) waits for the data, after "wall ready": the camera layout draws no chart, and the
    overview's charts are cards until the first picture (it came with the alert monitor's module, then with the
    charts' module, whose empty series made arrays at import)."""
    wall = WallProcess("--state-dir", str(tmp_path / "state"), "--layouts-dir", str(SHIPPED_LAYOUTS),
                       "--layout", layout, *more, env={"PYTHONPROFILEIMPORTTIME": "1"})
    try:
        wall.wait_for(READY, 60)
        deadline = time.monotonic() + 60  # the forecasts and the charts' series come with the data, and bring it
        while not any(line.startswith("import time:") and line.rsplit("|", 1)[1].strip() == "numpy"
                      for line in list(wall.lines)) and time.monotonic() < deadline:
            time.sleep(0.05)
        lines = list(wall.lines)
        assert imported_after_ready(lines, "numpy")
        ready = next(n for n, line in enumerate(lines) if READY in line)
        assert not [line for line in lines[:ready] if line.startswith("import time:") and "numpy" in line]
    finally:
        wall.stop()


def chart_pixels(img, view) -> int:
    """Pixels of the charts' line colour inside the charts' panels."""
    from wall.widgets.chart import LINE

    count = 0
    for chart in view.charts.values():
        r = chart.rect.toRect()
        for y in range(r.top(), r.bottom(), 3):
            for x in range(r.left(), r.right(), 3):
                count += near(img.pixelColor(x, y), LINE, 30)
    return count


def test_charts_show_a_card_until_the_first_picture_then_their_plot(setup, qtbot):  # noqa: F811
    from ioc_core.sources.demo import Simulator
    from wall.runtime import first_paint

    make, ingest, clock, hub = setup
    ingest(*[o for o in Simulator(CAT).backfill(CAT.of_sector("hcc"), NOON, days=40)
             if o.period <= "2026-11-23T12:00"])
    first_paint.hold()
    try:
        view = make("hcc")
        assert view.charts and all(c.plot is None for c in view.charts.values())
        card = render(view, "charts-held")
        assert chart_pixels(card, view) == 0
        for chart in view.charts.values():  # the card: the panel's colour, and its title
            r = chart.rect
            assert near(card.pixelColor(int(r.right()) - 4, int(r.bottom()) - 4), style.PANEL, 8)
            assert chart._title.isVisible() and chart._title.text()
    finally:
        first_paint.release()
    qtbot.waitUntil(lambda: all(c.plot is not None for c in view.charts.values()), timeout=10_000)
    hub.settle()
    drawn = render(view, "charts-built")
    assert chart_pixels(drawn, view) > 50 * len(view.charts)


def test_the_demo_history_is_stored_while_the_gui_thread_runs(qtbot):
    """The GUI thread's timer keeps ticking while the history is written (the old start blocked it for about a
    second: the history was in before the first tick); then the hub has the history and the views are told."""
    from ioc_core.loading import load_data_model
    from wall.app import DemoHistory, parse_args, start_data
    from wall.runtime.datahub import DataHub

    with tempfile.TemporaryDirectory() as state:
        args = parse_args(["--demo", "--state-dir", state, "--layouts-dir", str(SHIPPED_LAYOUTS)])
        catalogue, _views, _state = load_data_model(args, [])
        db = Path(state) / "indicators.sqlite"
        hub = DataHub(catalogue, db)
        told: list[set[str]] = []
        hub.subscribe(told.append)
        ticks_before_history: list[int] = []
        ticks = [0]
        reader = [None]

        def tick():
            ticks[0] += 1
            if not ticks_before_history and db.exists():
                reader[0] = reader[0] or sqlite3.connect(str(db))
                (n,) = reader[0].execute("SELECT count(*) FROM observations WHERE source = 'demo-history'").fetchone()
                if n:
                    ticks_before_history.append(ticks[0])

        timer = QTimer(interval=10)
        timer.timeout.connect(tick)
        timer.start()
        started: list = []
        scheduler = start_data(args, [], catalogue, hub, started)
        try:
            [history] = [p for p in started if isinstance(p, DemoHistory)]
            qtbot.waitUntil(lambda: bool(ticks_before_history), timeout=30_000)
            assert ticks_before_history[0] >= 5  # the GUI thread ran while the history was written
            assert history.wait(30)
            some = next(i for i in catalogue.indicators.values() if i.period == "day")
            qtbot.waitUntil(lambda: any(some.id in t for t in told), timeout=10_000)
            qtbot.waitUntil(lambda: hub.history(some.id) is not None and len(hub.history(some.id)) > 300,
                            timeout=10_000)
        finally:
            timer.stop()
            for part in started:
                part.stop()
            scheduler.stop()
            hub.close()
            if reader[0] is not None:
                reader[0].close()
