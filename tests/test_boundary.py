"""The core (layouts, controller, protocol, store) stays Qt-free: it runs and is tested without a display."""

from __future__ import annotations

import subprocess
import sys

CORE = ["wall.layouts", "wall.controller", "wall.commands", "wall.config", "wall.geometry", "wall.outputs",
        "wall.store", "wall.problems", "wall.fmt", "wall.statediff", "wall.sources", "wall.catalogue",
        "wall.indicators.store", "wall.indicators.freshness", "wall.sources.schedule", "wall.sources.http_json",
        "wall.sources.ckan", "wall.sources.spreadsheet", "wall.sources.demo", "wall.indicators.forecast",
        "wall.alerts", "wall.api.tokens", "wall.api.audit", "wall.api.events", "wall.api.desk", "wall.api.routes",
        "wall.api.server", "wall.api.discovery", "wall.api.port", "wall.check",
        "wall.catalogue.cameras", "wall.clock", "wall.watchdog", "wall.sdnotify", "wall.power", "wall.logsetup"]


def test_core_modules_do_not_import_qt():
    code = (
        "import sys\n"
        + "".join(f"import {m}\n" for m in CORE)
        + "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6', 'pyqtgraph'))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    assert out.stdout.strip() == ""
