"""What the tests share that is not a fixture: the project's folders and an injected clock."""

from __future__ import annotations

import errno
import os
from pathlib import Path

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
SHIPPED_LAYOUTS = ROOT / "layouts"
NINE_SCREENS = f"offscreen:configfile={TESTS / 'nine-screens.json'}"


class Clock:
    """An injected clock (epoch seconds) that tests move by hand."""

    def __init__(self, t: float):
        self.t = t

    def __call__(self) -> float:
        return self.t


class FullDisk:
    """os.fsync refusing with ENOSPC once ``full`` is set, as a full disk does (monkeypatched over os.fsync)."""

    def __init__(self, real=os.fsync):
        self.real, self.full = real, False

    def fsync(self, fd) -> None:
        if self.full:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        self.real(fd)
