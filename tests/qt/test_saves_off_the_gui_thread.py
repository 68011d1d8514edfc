"""A technician's save is written on the control API's thread, not the wall's GUI thread: the wall keeps painting
(its timers fire) while the disk is slow, and only the swap into the running wall (library, apply, rebuilt views)
runs on the GUI thread. In this process: a real controller, runtime on nine screens, layout store, catalogue
additions, audit log and event ring; the disk write is slowed until the GUI thread has been seen to run."""

from __future__ import annotations

import copy
import threading
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer

from ioc_core.api.audit import AuditLog
from ioc_core.api.desk import CommandDesk
from ioc_core.api.events import EventBus
from ioc_core.api.tokens import Principal
from ioc_core.catalogue import additions as additions_module
from ioc_core.catalogue.cameras import load_cameras
from ioc_core.catalogue.edits import CatalogueEdits
from ioc_core.control.controller import Controller
from ioc_core.control.saved_state import StateStore
from ioc_core.layouts import LayoutLibrary
from ioc_core.layouts import saved_layouts as store_module
from ioc_core.layouts.saved_layouts import LayoutStore
from ioc_core.setup.outputs import Monitor
from ioc_core.setup.wall_config import parse_config
from wall.runtime.apiport import WallPort
from wall.runtime.runtime import WallRuntime
from wall.widgets.base import ViewContext

from ..common import SHIPPED_LAYOUTS
from ..core.test_layout_store import NEW

MONITORS = [Monitor(f"WALL{r * 3 + c}", c * 1920, r * 1080, 1920, 1080) for r in range(3) for c in range(3)]
TECHNICIAN = Principal("technician", "technician")
CAMERA = {"id": "cam-cham-dia", "name": {"vi": "Camera chậm đĩa"}, "group": "giao-thong",
          "streams": ["rtsp://127.0.0.1:9/khong-co"]}


@pytest.fixture
def wall(qtbot, tmp_path: Path):
    config = parse_config({"schema_version": 1, "screens": {"rows": 3, "cols": 3, "width_px": 1920,
                                                            "height_px": 1080}}, "wall.json")
    library = LayoutLibrary.load_dir(SHIPPED_LAYOUTS, tmp_path / "layouts")
    controller = Controller(library, config.geometry(), StateStore(tmp_path / "state.json"))
    assert controller.execute({"command": "apply_layout", "layout": "tong-quan"}).accepted
    cameras = load_cameras()
    edits = CatalogueEdits(tmp_path / "catalogue", cameras=cameras)
    runtime = WallRuntime(controller, config, monitors=lambda: MONITORS,
                          context=ViewContext(controller=controller, edits=edits))
    runtime.start()
    bus = EventBus()
    port = WallPort("thử", runtime, controller, CommandDesk(controller, AuditLog(tmp_path / "audit.jsonl"), bus),
                    bus, cameras=cameras, edits=edits,
                    layout_store=LayoutStore(tmp_path / "layouts", library, SHIPPED_LAYOUTS))
    yield port
    runtime.shutdown()
    for w in runtime.windows:
        w.deleteLater()


class GuiTicks:
    """A 10 ms timer on the GUI thread, and a disk write that waits until it has fired five times."""

    def __init__(self, real):
        self.ticks, self.threads, self.real = 0, [], real
        self.timer = QTimer(interval=10)
        self.timer.timeout.connect(self._tick)
        self.timer.start()

    def _tick(self) -> None:
        self.ticks += 1

    def write(self, *args) -> None:
        self.threads.append(threading.current_thread())
        seen, deadline = self.ticks, time.monotonic() + 3
        while self.ticks < seen + 5 and time.monotonic() < deadline:
            time.sleep(0.005)
        self.ticks_during_write = self.ticks - seen
        self.real(*args)


def from_the_server(qtbot, call):
    """``call`` on a thread of its own, as the API server runs it; the GUI thread keeps its event loop."""
    out = {}
    thread = threading.Thread(target=lambda: out.update(answer=call()), name="api-request")
    thread.start()
    qtbot.waitUntil(lambda: "answer" in out, timeout=15000)
    thread.join(5)
    return thread, out["answer"]


def test_a_layout_is_written_on_the_servers_thread_while_the_wall_keeps_running(wall, qtbot, monkeypatch):
    slow = GuiTicks(store_module.write_bytes_atomic)
    monkeypatch.setattr(store_module, "write_bytes_atomic", slow.write)
    thread, saved = from_the_server(qtbot, lambda: wall.save_layout(
        "thu-nghiem", copy.deepcopy(NEW), None, True, TECHNICIAN))
    out = saved.body
    assert saved.kind == "done" and out["applied"] and out["created"], out
    assert slow.threads == [thread] and slow.ticks_during_write >= 5  # the GUI thread ran meanwhile
    controller = wall.runtime.controller
    assert controller.state.layout.id == "thu-nghiem" and set(wall.runtime.items) == {"lon", "dong-ho", "canh-bao"}
    assert controller.library is wall.core.layout_store.library  # swapped in whole, on the GUI thread

    assert controller.execute({"command": "apply_layout", "layout": "tong-quan"}).accepted
    thread, deleted = from_the_server(qtbot, lambda: wall.delete_layout("thu-nghiem", TECHNICIAN))
    out = deleted.body
    assert deleted.kind == "done" and out["deleted"] == "thu-nghiem" and slow.threads[-1] is thread
    assert "thu-nghiem" not in controller.library.layouts and slow.ticks_during_write >= 5


def test_a_catalogue_addition_is_written_on_the_servers_thread_and_the_views_swapped_on_the_guis(
        wall, qtbot, monkeypatch):
    slow = GuiTicks(additions_module.write_json_atomic)
    monkeypatch.setattr(additions_module, "write_json_atomic", slow.write)
    controller = wall.runtime.controller
    region = controller.state.layout.regions[0].id
    assert controller.execute({"command": "show_view", "region": region,
                               "view": {"kind": "camera_grid", "group": "giao-thong"}}).accepted
    before = wall.runtime.items[region]
    thread, added = from_the_server(qtbot, lambda: wall.edit_catalogue(TECHNICIAN, "add", "camera", CAMERA))
    assert added.kind == "created", added.body
    assert slow.threads[0] is thread and slow.ticks_during_write >= 5
    assert CAMERA["id"] in wall.runtime.context.cameras.cameras and CAMERA["id"] in wall.core.cameras.cameras
    assert wall.runtime.items[region] is not before  # the grid of its group, built again with it
    assert CAMERA["id"] in [c.id for c in wall.runtime.items[region].members]
