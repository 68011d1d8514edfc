"""Ending a Qt application on SIGTERM (systemd, the console ending its demo wall) or Ctrl+C, from its event loop.

Python runs a signal handler between any two bytecodes of the main thread, which is the GUI thread: in the middle
of a fetch tick, a layout being applied, or a worker pool's submit() holding the pool's lock. A shutdown run there
tore down what that code was using ("cannot schedule new futures after shutdown" from the wall's fetcher; the
console's window closing inside submit() waited for ever on the pool's own lock). So the handler only raises a
flag, and a timer of the event loop acts on it.
"""

from __future__ import annotations

import signal
from collections.abc import Callable

from PySide6.QtCore import QTimer

WAKE_MS = 250  # how often Qt's wait is interrupted so that Python sees a signal at all


def stop_on_signals(stop: Callable[[], None]) -> QTimer:
    """``stop()`` from the event loop once SIGINT or SIGTERM arrives (once per signal). Keep the timer alive."""
    asked: list[int] = []
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda got, _frame: asked.append(got))

    def act() -> None:
        if asked:
            asked.clear()
            stop()

    wake = QTimer(interval=WAKE_MS)
    wake.timeout.connect(act)
    wake.start()
    return wake
