"""Snapshots from a flood of viewers do not stall the wall: the GUI thread only draws, once for everyone waiting at
the same time (each gets a drawing begun after they asked: never a picture from before a change), and the
encoding runs on the API server's threads. Found: 20 viewers pulling 4K snapshots stalled the GUI thread 8 s and
the watchdog restarted the wall. In this process: a real controller and runtime on nine screens and the port the
API server calls."""

from __future__ import annotations

import threading

from PySide6.QtCore import QElapsedTimer, QTimer
from PySide6.QtGui import QImage

from wall.runtime import apiport

from .test_saves_off_the_gui_thread import wall  # noqa: F401 (the fixture)


def test_twenty_viewers_pulling_4k_snapshots_get_one_drawing_and_the_wall_keeps_running(wall, qtbot,  # noqa: F811
                                                                                         monkeypatch):
    drawn, rows, encoded_on = [], [], []
    real_picture, real_encode = wall.runtime.picture, apiport._encode

    def picture(*args):  # a strip of a picture (wall/runtime/apiport.py STRIP_PX): its rows counted
        drawn.append(threading.current_thread())
        rows.append(args[2])
        return real_picture(*args)

    def encode(image, fmt):
        encoded_on.append(threading.current_thread())
        return real_encode(image, fmt)

    monkeypatch.setattr(wall.runtime, "picture", picture)
    monkeypatch.setattr(apiport, "_encode", encode)
    clock, gaps = QElapsedTimer(), []
    clock.start()
    last = [clock.elapsed()]

    def beat():
        gaps.append(clock.elapsed() - last[0])
        last[0] = clock.elapsed()

    beats = QTimer(interval=5)
    beats.timeout.connect(beat)
    beats.start()
    answers: list[bytes] = []
    lock = threading.Lock()

    def viewer():
        for _ in range(3):
            data = wall.snapshot(1, 1, 3840, "png")
            with lock:
                answers.append(data)

    viewers = [threading.Thread(target=viewer, name=f"viewer-{n}") for n in range(20)]
    for v in viewers:
        v.start()
    qtbot.waitUntil(lambda: len(answers) == 60, timeout=60000)
    beats.stop()
    for v in viewers:
        v.join(5)
    gui = threading.main_thread()
    assert all(t is gui for t in drawn) and not any(t is gui for t in encoded_on)  # drawing here, encoding there
    pictures = sum(rows) / 2160
    assert pictures <= 12, pictures  # a drawing or two a wave of viewers, not 60
    assert len(set(answers)) <= pictures  # the viewers waiting together got the same picture
    image = QImage.fromData(answers[-1])
    assert (image.width(), image.height()) == (3840, 2160)
    # the longest the event loop went without running its timer: one 4K drawing at most, never 60 of them
    assert max(gaps) < 1500, max(gaps)

    before = sum(rows)
    assert wall.runtime.controller.execute({"command": "apply_layout", "layout": "van-hanh"}).accepted
    thread_out = {}
    t = threading.Thread(target=lambda: thread_out.update(data=wall.snapshot(1, 1, 3840, "png")))
    t.start()
    qtbot.waitUntil(lambda: "data" in thread_out, timeout=15000)
    t.join(5)
    assert sum(rows) == before + 2160 and thread_out["data"] != answers[-1]  # drawn after the request: the new layout
