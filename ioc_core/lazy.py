"""A module imported where it is first used, not where it is named.

    np = lazy.module("numpy")   # nothing imported yet
    np.empty(0)                 # numpy imported now (once; then every attribute is the module's own)

For modules a start does not need before its first picture (numpy costs the wall's start about 55 ms, and only
charts with data use it). Annotations (``np.ndarray`` under ``from __future__ import annotations``) import nothing.
"""

from __future__ import annotations

import importlib
from types import ModuleType


class _LazyModule:
    __slots__ = ("_name", "_module")

    def __init__(self, name: str):
        self._name = name
        self._module: ModuleType | None = None

    def __getattr__(self, attr: str):
        module = self._module
        if module is None:  # (two threads may both get here: importlib's own lock imports it once)
            module = self._module = importlib.import_module(self._name)
        return getattr(module, attr)

    def __repr__(self) -> str:
        return f"<module {self._name!r}, imported on first use>"


def module(name: str):
    """``name`` imported on the first attribute read."""
    return _LazyModule(name)
