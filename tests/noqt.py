"""Making ``import PySide6`` (and shiboken6, pyqtgraph) fail in a process, so code that claims to be Qt-free is
run where Qt cannot load. Used by the Qt-free tests' own pytest run (tests/core) and by tests/core/test_boundary.py."""

from __future__ import annotations

import importlib.abc
import sys

QT = ("PySide6", "shiboken6", "pyqtgraph", "pytestqt")


class QtBlocked(ImportError):
    pass


class NoQt(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in QT:
            raise QtBlocked(f"Qt imported where Qt must not be: {name}")
        return None


def block_qt() -> None:
    """From now on this process cannot import Qt; fails if Qt is already imported."""
    loaded = sorted(m for m in sys.modules if m.split(".")[0] in QT)
    if loaded:
        raise RuntimeError(f"Qt is already imported: {loaded[:5]}")
    if not any(isinstance(f, NoQt) for f in sys.meta_path):
        sys.meta_path.insert(0, NoQt())


# the same for a fresh interpreter (python -c, run from the project's folder)
BLOCK_QT_SOURCE = "from tests.noqt import block_qt\nblock_qt()\n"
