"""Work that waits for the wall's first picture: what a view can show as a simple card at first and finish later
(a sector screen's charts: pyqtgraph and nine plots cost the start about 0.2 s) is queued here while the wall
starts, and done once every screen has been painted, one piece per pass of the event loop.

    first_paint.hold()          # the wall, before its views are built
    if not first_paint.later(build):   # a view: False when nothing is held (tests, tools): build at once
        build()
    first_paint.release()       # the wall, once every screen is painted

Outside a starting wall nothing is held, and every view is built whole at once. GUI thread only.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

log = logging.getLogger(__name__)

_pending: list[Callable[[], None]] | None = None  # None: nothing held


def hold() -> None:
    """From now until ``release``, ``later`` queues the work it is given."""
    global _pending
    if _pending is None:
        _pending = []


def later(work: Callable[[], None]) -> bool:
    """Queue ``work`` for after the first picture; False when nothing is held (the caller does it now)."""
    if _pending is None:
        return False
    _pending.append(work)
    return True


def holding() -> bool:
    return _pending is not None


def release() -> None:
    """The first picture is on every screen: the queued work is done, one piece per pass of the event loop (so the
    wall still answers between them), and nothing is held any more."""
    global _pending
    queued, _pending = _pending or [], None
    if not queued:
        return
    from PySide6.QtCore import QTimer

    def next_piece() -> None:
        work = queued.pop(0)
        try:
            work()
        except Exception:  # one view's failure must not keep the others from being finished
            log.exception("finishing a view after the first picture failed")
        if queued:
            QTimer.singleShot(0, next_piece)

    QTimer.singleShot(0, next_piece)
