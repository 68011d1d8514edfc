"""What the tests share that is not a fixture: the project's folders, an injected clock, and a full disk (fsync
refusing, ``FullDisk``; ``fill`` for a real small one, tests/conftest.py's ``small_disk``)."""

from __future__ import annotations

import contextlib
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


def fill(path) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        with contextlib.suppress(OSError):  # until "No space left on device"
            while True:
                os.write(fd, b"\0" * 4096)
    finally:
        os.close(fd)


def solid_clip(path: Path, colour: tuple[int, int, int], frames: int) -> Path:
    """An H.264 clip of ``frames`` frames at 10 fps, 320 x 180, all in one colour, written with PyAV's bundled
    libx264 (no Debian ffmpeg needed)."""
    import av
    import numpy as np

    with av.open(str(path), "w") as out:
        stream = out.add_stream("libx264", rate=10)
        stream.width, stream.height, stream.pix_fmt = 320, 180, "yuv420p"
        picture = np.zeros((180, 320, 3), dtype=np.uint8)
        picture[:, :] = colour
        for _ in range(frames):
            for packet in stream.encode(av.VideoFrame.from_ndarray(picture, format="rgb24")):
                out.mux(packet)
        for packet in stream.encode():
            out.mux(packet)
    return path
