"""The core stays Qt-free: it runs and is tested without a display. The modules are those of the import contract in
pyproject.toml (``lint-imports`` checks every import statement, lazy ones included, in CI); here each is imported
in a process where importing Qt fails, which also catches an import made by code run at import time."""

from __future__ import annotations

import pkgutil
import subprocess
import sys
import tomllib
from pathlib import Path

import wall

ROOT = Path(__file__).resolve().parent.parent
QT = ("PySide6", "shiboken6", "pyqtgraph")
BLOCK_QT = (
    "import importlib.abc, sys\n"
    "class NoQt(importlib.abc.MetaPathFinder):\n"
    f"    def find_spec(self, name, path=None, target=None):\n"
    f"        if name.split('.')[0] in {QT!r}:\n"
    "            raise ImportError(f'Qt imported by the Qt-free core: {name}')\n"
    "sys.meta_path.insert(0, NoQt())\n"
)


def contract_modules() -> list[str]:
    doc = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    (contract,) = [c for c in doc["tool"]["importlinter"]["contracts"] if c["type"] == "forbidden"]
    assert set(contract["forbidden_modules"]) == set(QT)
    return contract["source_modules"]


def every_module_of(names: list[str]) -> list[str]:
    out = []
    for name in names:
        out.append(name)
        path = ROOT / Path(*name.split("."))
        if path.is_dir():
            out += [m.name for m in pkgutil.walk_packages([str(path)], prefix=name + ".")]
    return sorted(set(out))


def test_the_contract_names_every_qt_free_module_of_the_wall():
    """A new module under wall/ is either in the contract or known to need Qt: none is forgotten."""
    qt = {"wall.app", "wall.runtime", "wall.widgets", "wall.i18n", "wall.__main__"}
    top = {f"wall.{m.name}" for m in pkgutil.iter_modules(wall.__path__)}
    assert top - qt == set(contract_modules()), sorted(top - qt ^ set(contract_modules()))


def test_core_modules_import_with_qt_blocked():
    modules = every_module_of(contract_modules())
    assert "wall.sources.pipeline" in modules and "wall.check" in modules
    code = BLOCK_QT + "".join(f"import {m}\n" for m in modules)
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr[-3000:]
