"""One assembly (wall/assembly.py): the wall's objects get their collaborators through their constructors. Read from
the source (ast): no ``getattr(x, "name", None)`` guessing whether a collaborator exists in the wall or the control
API, beyond the few below with their reasons, and no attribute wired onto an object in wall/app.py's ``main``."""

from __future__ import annotations

import ast
from pathlib import Path

from ..common import ROOT

# (file, the probe as written) -> why it stays
ALLOWED = {
    ("wall/runtime/memory.py", "getattr(ctypes.CDLL(name), 'malloc_trim', None)"):
        "a C library: glibc has malloc_trim, musl and Windows' C runtime do not",
    ("ioc_core/api/openapi.py", "getattr(handler, '__doc__', None)"):
        "a route handler may be a lambda or a bound method: its docstring, when it has one, words the spec",
    ("wall/runtime/apiport.py", "getattr(item, 'tile_rects', None)"):
        "duck typing over the view kinds: only a sector view lays out tiles (wall/widgets/sector.py)",
    ("wall/widgets/base.py", "getattr(self, 'state', None)"):
        "ViewItem.health: the subclasses that track a state (camera, web) define it, the others are 'ok'",
    ("wall/widgets/dataview.py", "getattr(self, '_book', None)"):
        "outside the assembly: a view's own attribute, not yet set when dispose runs early (widget files)",
    ("wall/widgets/mapview.py", "getattr(self, '_book', None)"):
        "outside the assembly: a view's own attribute, not yet set when dispose runs early (widget files)",
    ("wall/widgets/mapview.py", "getattr(context, 'markers', None)"):
        "views may be built with no ViewContext at all (context None): the widget files, not the assembly's",
    ("wall/widgets/mapview.py", "getattr(context, 'alerts', None)"):
        "views may be built with no ViewContext at all (context None): the widget files, not the assembly's",
    ("wall/widgets/meeting.py", "getattr(self.context, 'controller', None)"):
        "views may be built with no ViewContext at all (context None): the widget files, not the assembly's",
    ("wall/widgets/registry.py", "getattr(context, 'cameras', None)"):
        "views may be built with no ViewContext at all (context None): the widget files, not the assembly's",
    ("wall/widgets/registry.py", "getattr(context, 'hub', None)"):
        "views may be built with no ViewContext at all (context None): the widget files, not the assembly's",
    ("wall/widgets/registry.py", "getattr(hub, 'catalogue', None)"):
        "the hub may be None (no catalogue): Known.of(None) knows nothing",
    ("wall/widgets/web.py", "getattr(context, 'web_allow', None)"):
        "views may be built with no ViewContext at all (context None): the widget files, not the assembly's",
}


def _probes(folder: str) -> set[tuple[str, str]]:
    """Each ``getattr(<x>, "<literal>", None)`` under ``folder``, as (file, source)."""
    out = set()
    for path in sorted((ROOT / folder).rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "getattr"
                    and len(node.args) == 3 and isinstance(node.args[1], ast.Constant)
                    and isinstance(node.args[1].value, str) and isinstance(node.args[2], ast.Constant)
                    and node.args[2].value is None):
                out.add((path.relative_to(ROOT).as_posix(), ast.unparse(node)))
    return out


def test_no_getattr_probes_for_collaborators_in_the_wall_or_the_api():
    found = _probes("wall") | _probes("ioc_core/api")
    assert found - set(ALLOWED) == set(), "a probe for what may exist: give it as a constructor argument instead"
    # the runtime, the API port, the minutes and the camera views ask nothing that way any more
    for file in ("wall/runtime/runtime.py", "wall/runtime/minutes_recorder.py", "ioc_core/api/port.py",
                 "ioc_core/api/routes.py", "wall/widgets/camera.py", "wall/app.py", "wall/assembly.py"):
        assert not [p for f, p in found if f == file], file


def test_the_allowlist_names_only_probes_that_still_exist():
    assert set(ALLOWED) - (_probes("wall") | _probes("ioc_core/api")) == set()


def _function(path: Path, name: str) -> ast.FunctionDef:
    return next(n for n in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
                if isinstance(n, ast.FunctionDef) and n.name == name)


def _attribute_assignments(fn: ast.FunctionDef) -> list[str]:
    """``<name>.<attr> = ...`` (plain, augmented or annotated) anywhere in ``fn``, nested functions included."""
    out = []
    for node in ast.walk(fn):
        targets = node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(
            node, ast.AugAssign | ast.AnnAssign) else []
        for target in targets:
            for t in ast.walk(target):
                if isinstance(t, ast.Attribute) and isinstance(t.ctx, ast.Store):
                    out.append(ast.unparse(t))
    return out


def test_main_wires_nothing_after_building():
    app = ROOT / "wall" / "app.py"
    assert _attribute_assignments(_function(app, "main")) == []
    assembly = ROOT / "wall" / "assembly.py"
    assert _attribute_assignments(_function(assembly, "build_wall")) == []
    assert _attribute_assignments(_function(assembly, "build_api")) == []


def test_the_runtime_has_no_slots_filled_later():
    """WallRuntime.__init__ leaves no collaborator None for the app to set (share, watchdog, minutes, config
    store): every attribute it sets to None is its own state (the plan, the state on the screens)."""
    init = _function(ROOT / "wall" / "runtime" / "runtime.py", "__init__")
    none_slots = {ast.unparse(t) for n in ast.walk(init) if isinstance(n, ast.Assign | ast.AnnAssign)
                  and isinstance(n.value, ast.Constant) and n.value.value is None
                  for t in (n.targets if isinstance(n, ast.Assign) else [n.target])}
    assert none_slots <= {"self.plan", "self.state"}
