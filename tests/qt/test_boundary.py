"""The layering is a fact: ``ioc_core`` (the Qt-free core) never imports Qt nor the Qt layers, and ``wall`` holds
only Qt code. The contracts are in pyproject.toml (``lint-imports`` checks every import statement, lazy ones
included, in CI); here every core module is imported in a process where importing Qt fails, which also catches an
import made by code run at import time."""

from __future__ import annotations

import ast
import pkgutil
import subprocess
import sys
import tomllib
from pathlib import Path

import ioc_core
import wall

from ..noqt import BLOCK_QT_SOURCE, QT

ROOT = Path(__file__).resolve().parents[2]


def contracts() -> list[dict]:
    doc = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return doc["tool"]["importlinter"]["contracts"]


def test_the_contract_forbids_qt_to_the_whole_core():
    (qt_free,) = [c for c in contracts() if c["name"] == "The Qt-free core never imports Qt"]
    assert qt_free["type"] == "forbidden" and qt_free["source_modules"] == ["ioc_core"]
    assert set(qt_free["forbidden_modules"]) == set(QT) - {"pytestqt"}
    (layers,) = [c for c in contracts() if c["name"] == "The core never imports the Qt layers"]
    assert layers["source_modules"] == ["ioc_core"] and set(layers["forbidden_modules"]) == {"wall", "operator_console"}


def imports_qt(path: Path) -> bool:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        names = [a.name for a in node.names] if isinstance(node, ast.Import) else (
            [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
        if any(n.split(".")[0] in (*QT, "wall") for n in names):  # Qt, or a module of the Qt layer
            return True
    return False


def test_the_wall_package_holds_only_qt_code():
    """A Qt-free module belongs in ioc_core: every module of ``wall`` (past its package files) uses Qt, itself or
    through another module of ``wall``."""
    qt_free = [m.name for m in pkgutil.walk_packages(wall.__path__, prefix="wall.")
               if not m.ispkg and m.name != "wall.__main__"
               and not imports_qt(ROOT / (m.name.replace(".", "/") + ".py"))]
    assert qt_free == []


def test_core_modules_import_with_qt_blocked():
    modules = sorted(m.name for m in pkgutil.walk_packages(ioc_core.__path__, prefix="ioc_core."))
    assert "ioc_core.sources.pipeline" in modules and "ioc_core.check" in modules and len(modules) > 80
    code = BLOCK_QT_SOURCE + "".join(f"import {m}\n" for m in modules)
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr[-3000:]
