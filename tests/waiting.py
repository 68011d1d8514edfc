"""Waiting on a condition, not for a fixed time: poll until it holds, fail at a deadline saying what was awaited."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def until(condition: Callable[[], T], timeout: float = 10.0, what: str = "the condition", every_s: float = 0.05) -> T:
    """The condition's first truthy value; AssertionError after ``timeout`` seconds without one."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"{what}: not within {timeout:g} s")
        time.sleep(every_s)  # polling: the deadline bounds it


def within(condition: Callable[[], object], timeout: float = 10.0, every_s: float = 0.01) -> bool:
    """Whether the condition held at some moment before ``timeout`` seconds passed (``assert not within(...)``:
    it never did, for that long)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(every_s)  # polling: the deadline bounds it
    return False
