"""The screen runtime on nine offscreen 1920x1080 screens: windows, spanning regions, diffs, monitors."""

from __future__ import annotations

import contextlib
import json
from pathlib import Path

import pytest
from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter

from ioc_core.control.controller import Controller
from ioc_core.layouts import LayoutLibrary
from ioc_core.setup.outputs import Monitor
from ioc_core.setup.wall_config import WallConfig, parse_config
from wall.runtime.runtime import WallRuntime, qt_monitors
from wall.widgets import registry
from wall.widgets.base import ViewItem

from ..common import SHIPPED_LAYOUTS

NAVY = QColor("#0b1426")


class Runner:
    """A wall on this process's nine offscreen screens, with helpers to look at what it shows."""

    def __init__(self, qtbot, tmp_path: Path, config: WallConfig | None = None, monitors=qt_monitors,
                 layouts: Path = SHIPPED_LAYOUTS):
        self.qtbot = qtbot
        self.config = config or WallConfig()
        self.controller = Controller(LayoutLibrary.load_dir(layouts), self.config.geometry())
        self.monitors = monitors
        self.runtime = WallRuntime(self.controller, self.config, monitors=lambda: self.monitors())
        self.runtime.start()
        self.wait_painted()

    def do(self, **cmd):
        result = self.controller.execute(cmd)
        assert result.accepted, result.reason
        self.wait_painted()
        return result

    def wait_painted(self):
        before = {s: v.paint_count for s, v in self.runtime.screen_views().items()}
        self.qtbot.waitUntil(lambda: all(v.paint_count > 0 for v in self.runtime.screen_views().values()))
        self.qtbot.wait(30)
        return before

    def grab_screen(self, row: int, col: int) -> QImage:
        """What monitor (row, col) shows, grabbed from the platform like a capture card would."""
        return QGuiApplication.primaryScreen().grabWindow(0, col * 1920, row * 1080, 1920, 1080).toImage()

    def close(self):
        self.runtime.shutdown()
        for w in self.runtime.windows:
            w.deleteLater()


@pytest.fixture
def wall(qtbot, tmp_path):
    runners = []

    def make(**kw):
        runners.append(Runner(qtbot, tmp_path, **kw))
        return runners[-1]

    yield make
    for r in runners:
        r.close()
    registry.FACTORIES.clear()
    registry.FACTORIES.update(registry.DEFAULT_FACTORIES)


def close_to(c: QColor, ref: QColor, tol: int = 6) -> bool:
    return all(abs(a - b) <= tol for a, b in ((c.red(), ref.red()), (c.green(), ref.green()), (c.blue(), ref.blue())))


def bright_pixels(img: QImage, x0: int, y0: int, w: int, h: int, step: int = 3) -> int:
    return sum(1 for y in range(y0, y0 + h, step) for x in range(x0, x0 + w, step)
               if min(QColor(img.pixel(x, y)).getRgb()[:3]) > 200)


def test_one_window_covers_each_screen_exactly(wall):
    w = wall()
    assert w.runtime.plan.mode == "screens"
    screens = {s.name(): s.geometry() for s in QGuiApplication.screens()}
    assert len(w.runtime.windows) == 9
    for win in w.runtime.windows:
        assert win.isVisible() and win.isFullScreen()
        assert win.screen().name() == win.output.monitor.name
        assert win.geometry() == screens[win.output.monitor.name]
        [view] = win.views.values()
        assert view.geometry() == win.rect()


def test_every_screen_shows_its_region_label_and_nothing_is_black(wall):
    w = wall()
    for r in range(3):
        for c in range(3):
            img = w.grab_screen(r, c)
            assert close_to(QColor(img.pixel(960, 600)), NAVY), (r, c)
            assert bright_pixels(img, 20, 20, 900, 140) > 150, f"no title text on screen {(r, c)}"


class Ruler(ViewItem):
    """Paints each canvas column in a colour that encodes its x coordinate, to see which columns a screen shows."""

    def paint(self, painter: QPainter, option, widget=None):
        g = self.geometry()
        for x in range(int(g.width())):
            cx = int(g.x()) + x
            painter.fillRect(QRectF(x, 0, 1, g.height()), QColor(cx % 256, (cx // 256) % 256, 200))


def test_a_two_by_two_region_is_one_widget_across_four_screens_with_bezel_compensation(wall, monkeypatch):
    monkeypatch.setitem(registry.FACTORIES, "map", Ruler)
    cfg = WallConfig(bezel_x_mm=10, bezel_y_mm=10)  # 16 px hidden behind each bezel of a 55-inch panel
    gap = cfg.geometry().gap_x
    assert gap == 16
    w = wall(config=cfg)
    w.do(command="apply_layout", layout="khan-cap")
    item = w.runtime.items["ban-do"]
    assert isinstance(item, Ruler)
    assert item.geometry() == QRectF(0, 0, 2 * 1920 + gap, 2 * 1080 + gap)
    showing = {s for s, v in w.runtime.screen_views().items()
               if any(i is item for i in v.items(v.viewport().rect()))}
    assert showing == {(0, 0), (0, 1), (1, 0), (1, 1)}

    def canvas_x(img: QImage, x: int) -> int:
        c = QColor(img.pixel(x, 500))
        return c.red() + 256 * c.green()

    left, right = w.grab_screen(0, 0), w.grab_screen(0, 1)
    assert canvas_x(left, 1919) == 1919
    assert canvas_x(right, 0) == 1920 + gap  # the 16 columns behind the bezel are not shown anywhere
    assert canvas_x(right, 1919) == 2 * 1920 + gap - 1
    assert canvas_x(w.grab_screen(1, 1), 100) == 1920 + gap + 100


def test_applying_a_layout_changes_exactly_the_regions_that_differ(wall):
    w = wall()
    before = dict(w.runtime.items)
    w.do(command="show_view", region="yte", view={"kind": "camera", "camera": "benh-vien-tinh"})
    assert w.runtime.last_diff["created"] == ["yte"]
    assert sorted(w.runtime.last_diff["reused"]) == sorted(set(before) - {"yte"})
    assert all(w.runtime.items[r] is before[r] for r in before if r != "yte")

    w.do(command="swap_regions", a="ktxh", b="antt")
    assert w.runtime.last_diff["created"] == []
    assert w.runtime.items["ktxh"] is before["antt"] and w.runtime.items["antt"] is before["ktxh"]
    assert w.runtime.changed_screens() >= {(0, 0), (2, 2)}

    hcc = w.runtime.items["hcc"]
    w.do(command="apply_layout", layout="tap-trung-hcc")
    assert w.runtime.items["tom-tat"] is hcc  # the same sector view moves instead of being rebuilt
    assert hcc.geometry() == QRectF(0, 0, 1920, 1080)
    assert sorted(w.runtime.last_diff["created"]) == ["ban-do", "canh-bao", "dung-han", "tiep-nhan", "truc-tuyen"]
    assert len(w.runtime.last_diff["removed"]) == 8
    # the removed views are hidden at once and taken out of the scene one per pass of the event loop
    assert len([i for i in w.runtime.scene.items() if isinstance(i, ViewItem) and i.isVisible()]) == 6
    w.qtbot.waitUntil(lambda: len([i for i in w.runtime.scene.items() if isinstance(i, ViewItem)]) == 6)


def test_blackout_and_identify_show_on_the_right_screens(wall):
    w = wall()
    w.do(command="blackout", screen=[1, 2])
    dark = w.grab_screen(1, 2)
    assert bright_pixels(dark, 0, 0, 1920, 1080, step=16) == 0
    assert all(QColor(dark.pixel(x, y)).getRgb()[:3] == (0, 0, 0) for x, y in [(10, 10), (960, 540), (1900, 1070)])
    assert close_to(QColor(w.grab_screen(1, 1).pixel(960, 600)), NAVY)

    w.do(command="identify", on=True)
    big_number = w.grab_screen(1, 2)  # identify shows even on a blacked-out screen
    assert bright_pixels(big_number, 760, 60, 400, 420, step=4) > 500
    w.do(command="identify", on=False)
    w.do(command="unblank")
    assert close_to(QColor(w.grab_screen(1, 2).pixel(960, 600)), NAVY)


def test_a_monitor_removed_at_run_time_leaves_the_wall_usable(wall):
    present = {s.name() for s in QGuiApplication.screens()}
    w = wall(monitors=lambda: [m for m in qt_monitors() if m.name in present])
    centre = next(win for win in w.runtime.windows if win.output.screens == [(1, 1)])
    present.discard("WALL4")
    w.runtime.replan()
    assert len(w.runtime.windows) == 8
    assert centre not in w.runtime.windows
    assert "no monitor shows screen [1, 1]" in [p.message for p in w.runtime.problems()]
    w.do(command="apply_layout", layout="camera")
    assert w.runtime.applied_revision == w.controller.state.revision
    assert bright_pixels(w.grab_screen(0, 0), 20, 20, 900, 140) > 150

    kept = list(w.runtime.windows)
    present.add("WALL4")
    w.runtime.replan()
    assert len(w.runtime.windows) == 9
    assert all(win in w.runtime.windows for win in kept)  # the other eight screens were not touched
    w.wait_painted()
    assert close_to(QColor(w.grab_screen(1, 1).pixel(960, 600)), NAVY)


def test_configured_monitors_that_are_absent_are_listed_on_the_identify_overlay(wall):
    doc = {"schema_version": 1, "screens": {"rows": 3, "cols": 3, "width_px": 1920, "height_px": 1080},
           "outputs": [{"monitor": "HDMI-1", "cell": [0, 0]}, {"monitor": "WALL8", "cell": [2, 2]}]}
    w = wall(config=parse_config(doc, "wall.json"))
    assert [win.output.monitor.name for win in w.runtime.windows] == ["WALL8"]
    w.do(command="identify", on=True)
    messages = [str(p) for p in w.runtime._identify[(2, 2)].problems]
    assert any(m.startswith("wall.json: $.outputs[0].monitor: monitor 'HDMI-1' is not connected") for m in messages)


def test_a_view_that_fails_to_build_shows_an_error_card_not_black(wall, monkeypatch):
    def broken(region, view, context):
        raise RuntimeError("luồng camera hỏng")

    monkeypatch.setitem(registry.FACTORIES, "camera", broken)
    w = wall()
    w.do(command="show_view", region="yte", view={"kind": "camera", "camera": "x"})
    assert type(w.runtime.items["yte"]).__name__ == "ErrorView"
    img = w.grab_screen(1, 0)
    assert bright_pixels(img, 20, 20, 1400, 300) > 150


def test_virtual_wall_on_a_single_monitor_shows_all_nine_screens(wall):
    w = wall(monitors=lambda: [Monitor("WALL0", 0, 0, 1920, 1080)])
    assert w.runtime.plan.mode == "virtual"
    [win] = w.runtime.windows
    assert len(win.views) == 9
    assert win.geometry() == QGuiApplication.screens()[0].geometry()
    assert {v.width() for v in win.views.values()} == {640}


def test_the_pointer_is_hidden_on_kiosk_screens_only(wall, qtbot):
    from PySide6.QtCore import Qt

    blank = Qt.CursorShape.BlankCursor
    kiosk = wall().runtime.windows[0]
    assert {w.cursor().shape() for v in kiosk.views.values() for w in (kiosk, v, v.viewport())} == {blank}
    controller = Controller(LayoutLibrary.load_dir(SHIPPED_LAYOUTS), WallConfig().geometry())
    demo = WallRuntime(controller, WallConfig(), monitors=lambda: [Monitor("WALL0", 0, 0, 1920, 1080)],
                       windowed=True)  # --windowed / --demo on one monitor: an ordinary window
    demo.start()
    try:
        [win] = demo.windows
        assert blank not in {w.cursor().shape() for v in win.views.values() for w in (win, v, v.viewport())}
    finally:
        demo.shutdown()
        for w in demo.windows:
            w.deleteLater()


def test_a_bad_layout_file_does_not_stop_the_wall(wall, layouts_dir: Path):
    (layouts_dir / "hong.json").write_text(json.dumps({"schema_version": 2, "id": "hong"}), encoding="utf-8")
    w = wall(layouts=layouts_dir)
    assert w.controller.library.get("hong") is None
    assert any(p.file.endswith("hong.json") for p in w.controller.library.problems)
    w.do(command="apply_layout", layout="hop")
    assert set(w.runtime.items) == {r.id for r in w.controller.state.layout.regions}


def test_kiosk_windows_ignore_close_requests_and_stray_keys(wall, qtbot):
    from PySide6.QtCore import Qt

    w = wall()
    win = w.runtime.windows[4]
    assert win.windowFlags() & Qt.WindowType.FramelessWindowHint
    assert win.cursor().shape() == Qt.CursorShape.BlankCursor
    assert not win.close()  # what Alt+F4 or a window manager's close asks for
    qtbot.keyClick(win, Qt.Key.Key_Escape)
    qtbot.keyClick(win, Qt.Key.Key_F4, Qt.KeyboardModifier.AltModifier)
    qtbot.keyClick(win, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    assert win.isVisible() and win.isFullScreen()
    assert len(w.runtime.windows) == 9


class Exploding(ViewItem):
    def draw(self, painter):
        raise ValueError("dữ liệu hỏng")


def test_a_view_that_fails_while_drawing_shows_why_and_the_wall_goes_on(wall, monkeypatch):
    monkeypatch.setitem(registry.FACTORIES, "map", lambda region, view, context: Exploding(region, view, context))
    w = wall()
    w.do(command="apply_layout", layout="khan-cap")  # the map spans 2 x 2 screens
    w.do(command="identify", on=False)
    img = w.grab_screen(0, 0)
    assert QColor(img.pixel(960, 540)).getRgb()[:3] == (0x12, 0x20, 0x3A)  # the error card, not black
    assert bright_pixels(img, 30, 30, 900, 120) > 100  # with its message
    assert close_to(QColor(w.grab_screen(2, 1).pixel(960, 900)), NAVY)  # the other regions are untouched


def test_cycles_are_collected_on_the_gui_thread_only(qapp, qtbot):
    import gc
    import threading

    from wall.runtime.memory import GuiThreadCollector

    threads: list[str] = []

    def seen(phase, info):
        if phase == "start":
            threads.append(threading.current_thread().name)

    collector = GuiThreadCollector()
    gc.callbacks.append(seen)
    try:
        assert not gc.isenabled()  # no collection can start in a worker thread
        cycle = []
        cycle.append(cycle)
        freed = []
        import weakref

        class Node:
            pass

        node = Node()
        node.me = node
        weakref.finalize(node, freed.append, True)
        del node, cycle
        worker = threading.Thread(target=lambda: [[] for _ in range(100_000)], name="worker")
        worker.start()
        worker.join()
        qtbot.waitUntil(lambda: freed == [True], timeout=3000)  # the timer's collection found it
        assert threads and set(threads) == {threading.main_thread().name}
    finally:
        gc.callbacks.remove(seen)
        collector.stop()
    assert gc.isenabled()


def test_a_switch_shows_the_new_layout_before_the_old_views_are_disposed(wall, monkeypatch):
    """Stopping the views a switch takes off (a camera's player and its threads: up to hundreds of ms each) no
    longer holds the new picture back: every screen under the new layout has painted it before the first old view
    is disposed, and every old view is disposed after."""
    from wall.widgets.placeholder import PlaceholderView

    w = wall()
    old = set(w.runtime.items.values())
    counts: dict = {}
    disposed: list = []

    def recording_dispose(item):
        if not disposed:
            counts.update({s: v.paint_count for s, v in w.runtime.screen_views().items()})
        disposed.append(item)

    monkeypatch.setattr(PlaceholderView, "dispose", recording_dispose)
    before = {s: v.paint_count for s, v in w.runtime.screen_views().items()}
    assert w.controller.execute({"command": "apply_layout", "layout": "camera"}).accepted
    removed = [i for i in old if i not in set(w.runtime.items.values())]
    assert removed and not disposed  # taken off the picture, still alive
    assert not any(i.isVisible() for i in removed)
    w.qtbot.waitUntil(lambda: len(disposed) == len(removed), timeout=5000)
    assert {s for s in w.runtime.changed_screens() if counts[s] <= before[s]} == set()  # painted first
    assert set(disposed) == set(removed)


def test_views_slow_to_dispose_of_go_one_per_pass_of_the_event_loop(wall, monkeypatch):
    """A camera's player stops in about 40 ms: nine of them disposed of in one go held the GUI thread a third of a
    second after a switch, the new layout's clocks and figures frozen meanwhile. Views slow to dispose of go one
    per pass of the event loop, so the wall paints and answers between them."""
    import time

    from PySide6.QtCore import QTimer

    from wall.widgets.placeholder import PlaceholderView

    w = wall()
    passes = [0]
    ticker = QTimer(interval=0)
    ticker.timeout.connect(lambda: passes.__setitem__(0, passes[0] + 1))
    seen: list[int] = []

    def slow_dispose(item):  # as long as a camera's player takes to stop
        seen.append(passes[0])
        until = time.perf_counter() + 0.04
        while time.perf_counter() < until:
            pass

    monkeypatch.setattr(PlaceholderView, "dispose", slow_dispose)
    old = set(w.runtime.items.values())
    ticker.start()
    try:
        assert w.controller.execute({"command": "apply_layout", "layout": "camera"}).accepted
        removed = [i for i in old if i not in set(w.runtime.items.values())]
        assert len(removed) >= 3
        w.qtbot.waitUntil(lambda: len(seen) == len(removed), timeout=5000)
    finally:
        ticker.stop()
    assert len(set(seen)) == len(seen), f"disposed of together, passes of the event loop: {seen}"


def test_a_switch_finishes_its_new_views_after_their_first_picture(wall, monkeypatch):
    """Like the start: what a new view leaves for after its first picture (a chart's plot, about 20 ms each, a
    card until then) is done once every screen the switch changed has painted the new layout, not before it."""
    from wall.runtime import first_paint
    from wall.widgets.placeholder import PlaceholderView

    w = wall()
    finished: list[dict] = []

    def later_view(region, view, context):
        item = PlaceholderView(region, view, context)
        screens = w.runtime.screen_views()

        def finish():
            finished.append({s: v.paint_count for s, v in screens.items()})

        if not first_paint.later(finish):
            finish()
        return item

    monkeypatch.setitem(registry.FACTORIES, "camera_grid", later_view)
    before = {s: v.paint_count for s, v in w.runtime.screen_views().items()}
    assert w.controller.execute({"command": "apply_layout", "layout": "camera"}).accepted
    created = len(w.runtime.last_diff["created"])
    assert created and not finished  # a card on the screens first
    w.qtbot.waitUntil(lambda: len(finished) == sum(
        1 for r in w.runtime.items.values() if (r.view or {}).get("kind") == "camera_grid"), timeout=5000)
    changed = w.runtime.changed_screens()
    assert changed and all(finished[0][s] > before[s] for s in changed)
    assert not first_paint.holding()


def test_a_view_that_paints_its_whole_region_gets_no_black_fill_under_it(wall):
    """Views that begin by filling their whole region (sector screens, charts, maps, cards...) repaint it once:
    the screen no longer fills it black first (on nine sector screens with every figure changing every second,
    that fill was about 8 % of a core). The picture is the same: the view's own colour, never black."""
    w = wall()
    screens = w.runtime.screen_views()
    item = w.runtime.items["yte"]
    assert item.paints_background and item.covers() is not None
    under = w.runtime._screens_under(item)
    before = {s: (screens[s].paint_count, screens[s].background_px) for s in under}
    item.update()
    w.qtbot.waitUntil(lambda: all(screens[s].paint_count > before[s][0] for s in under))
    assert {s: screens[s].background_px - before[s][1] for s in under} == {s: 0 for s in under}
    row, col = next(iter(under))
    img = w.grab_screen(row, col)
    assert close_to(QColor(img.pixel(960, 540)), QColor("#000000"), 2) is False


def test_a_flood_of_switches_leaves_no_view_behind(wall, qapp):
    """A console (or a hostile client) switching layouts as fast as the wall paints them: the views taken off are
    disposed of as fast as they come, not one per pass of the event loop (views came faster than that: 8 MB
    more after 200 switches, growing with every switch)."""
    w = wall()
    cycle = ["camera", "hop", "khan-cap", "tap-trung-hcc", "tong-quan"]
    for i in range(60):
        screens = w.runtime.screen_views()
        before = {s: v.paint_count for s, v in screens.items()}
        assert w.controller.execute({"command": "apply_layout", "layout": cycle[i % len(cycle)]}).accepted
        while not all(screens[s].paint_count > before[s] for s in w.runtime.changed_screens()):
            qapp.processEvents()  # as little of the event loop as the new picture needs
    for _ in range(20):  # a moment of the event loop: what was taken off is gone
        qapp.processEvents()
    assert len(w.runtime._disposing) == 0
    assert len([i for i in w.runtime.scene.items() if isinstance(i, ViewItem)]) == len(w.runtime.items)


def test_a_switch_that_fails_midway_does_not_leave_later_charts_as_cards(wall, monkeypatch):
    """A view that raises while being placed must not leave what views finish after their first picture held for
    good (every later chart would stay a title card without its plot, silently)."""
    from wall.runtime import first_paint
    from wall.widgets.placeholder import PlaceholderView

    w = wall()
    calls = [0]
    real_place = PlaceholderView.place

    def failing_place(item, rect):
        calls[0] += 1
        if calls[0] == 1:
            raise RuntimeError("a view that cannot be placed")
        real_place(item, rect)

    monkeypatch.setattr(PlaceholderView, "place", failing_place)
    with contextlib.suppress(Exception):
        w.controller.execute({"command": "apply_layout", "layout": "camera"})
    w.qtbot.waitUntil(lambda: not first_paint.holding(), timeout=3000)


def test_views_a_switch_takes_off_are_stopped_at_once_and_disposed_of_later(wall, monkeypatch):
    """A camera taken off the wall must stop decoding and reconnecting at once (its RTSP session beside the new
    layout's), though its disposal (its player's threads) waits for the new picture."""
    from wall.widgets.placeholder import PlaceholderView

    w = wall()
    quiet, disposed = [], []
    monkeypatch.setattr(PlaceholderView, "quiesce", lambda item: quiet.append(item))
    monkeypatch.setattr(PlaceholderView, "dispose", lambda item: disposed.append(item))
    old = set(w.runtime.items.values())
    assert w.controller.execute({"command": "apply_layout", "layout": "camera"}).accepted
    removed = [i for i in old if i not in set(w.runtime.items.values())]
    assert removed and set(quiet) == set(removed) and not disposed  # in the switch itself
    w.qtbot.waitUntil(lambda: len(disposed) == len(removed), timeout=5000)
