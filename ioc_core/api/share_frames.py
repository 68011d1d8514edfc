"""The share-out's hand-over point between the wall and its viewers (Qt-free).

The wall puts one JPEG of the shared area here at most ``fps`` times a second, and only when the picture changed;
every viewer (the share page's long poll, an MJPEG stream) takes the newest from here on its own server thread. So the
wall encodes once however many watch: twenty viewers cost the wall's screens what one does. Viewers are counted and
bounded; the wall only captures while someone has asked for a picture recently.
"""

from __future__ import annotations

import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass

MAX_VIEWERS = 32  # share pages and streams at once; more are refused with 503, never queued
DEMAND_S = 10.0  # the wall keeps capturing this long after the last request for a picture


@dataclass(frozen=True)
class Frame:
    seq: int
    jpeg: bytes
    at: float  # epoch seconds when the wall drew it
    width: int
    height: int


class TooManyViewers(RuntimeError):
    pass


class FrameBox:
    def __init__(self, max_viewers: int = MAX_VIEWERS, clock=time.monotonic):
        self.max_viewers = max_viewers
        self._clock = clock
        self._cond = threading.Condition()
        self._frame: Frame | None = None
        self._seq = 0  # never goes back, even when sharing is switched off and on
        self._info: dict = {"sharing": False}
        self._viewers = 0
        self._asked = float("-inf")
        self.closed = False
        self.generation = 0  # a new one when the share link changes: streams opened before it end

    # -- the wall's side -------------------------------------------------------------------------------------
    def wanted(self) -> bool:
        """Whether anyone is watching or asked for a picture in the last DEMAND_S seconds."""
        with self._cond:
            return self._viewers > 0 or self._clock() - self._asked < DEMAND_S

    def publish(self, jpeg: bytes, at: float, width: int, height: int) -> Frame:
        with self._cond:
            self._seq += 1
            self._frame = Frame(self._seq, jpeg, at, width, height)
            self._cond.notify_all()
            return self._frame

    def clear(self) -> None:
        """The picture no longer stands for what is shared (another area, or nobody watched for a while)."""
        with self._cond:
            self._frame = None

    def set_info(self, info: dict) -> None:
        """What the share page shows beside the picture: what is shared, the meeting and its agenda."""
        with self._cond:
            self._info = info

    def close(self) -> None:
        with self._cond:
            self.closed = True
            self._cond.notify_all()

    def revoke(self) -> None:
        """The share link changed: every stream waiting for a picture is woken to check its link again (one on the
        old link ends; a page's next request needs the new link)."""
        with self._cond:
            self.generation += 1
            self._cond.notify_all()

    @property
    def viewers(self) -> int:
        """Viewers connected now (asking does not count as demand)."""
        with self._cond:
            return self._viewers

    # -- the viewers' side -----------------------------------------------------------------------------------
    def info(self) -> dict:
        with self._cond:
            self._asked = self._clock()
            frame = self._frame
            return {**self._info, "frame": frame.seq if frame else 0, "frame_at": frame.at if frame else None,
                    "viewers": self._viewers}

    def join(self) -> None:
        """A viewer comes in; TooManyViewers when the room is full. Each join needs its leave."""
        with self._cond:
            if self._viewers >= self.max_viewers:
                raise TooManyViewers(f"{self._viewers} viewers are watching already; the limit is {self.max_viewers}")
            self._viewers += 1
            self._asked = self._clock()

    def leave(self) -> None:
        with self._cond:
            self._viewers -= 1
            self._asked = self._clock()

    @contextmanager
    def viewer(self):
        """One viewer's presence while it waits for or streams pictures; TooManyViewers when the room is full."""
        self.join()
        try:
            yield self
        finally:
            self.leave()

    def newer(self, seq: int, timeout: float) -> Frame | None:
        """The newest frame if it is newer than ``seq``, waiting up to ``timeout`` seconds for one."""
        deadline = time.monotonic() + timeout
        with self._cond:
            self._asked = self._clock()
            generation = self.generation
            while not self.closed and self.generation == generation:
                # (a number from before the wall restarted is ahead of this run's: the newest picture, at once)
                if self._frame is not None and (self._frame.seq > seq or seq > self._seq):
                    return self._frame
                left = deadline - time.monotonic()
                if left <= 0:
                    return None
                self._cond.wait(left)
            return None

    def latest(self) -> Frame | None:
        with self._cond:
            self._asked = self._clock()
            return self._frame
