"""A province's site for the tests and the hub benchmark: the integration gateway the hub fetches, a wall process on
the hub (its API, its own store, its screen 1's picture), and ``ioc-hub add-wall`` run as a technician runs it."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

from .common import SHIPPED_LAYOUTS
from .fakeservers import ScriptedServer
from .hubproc import HubProcess
from .wallproc import READY, WallApi, WallProcess

OVERDUE = "hcc-ho-so-tre-han"  # lower is better: warning above 50, critical above 150; a tile of screen 1's sector
RECEIVED = "hcc-ho-so-tiep-nhan"
ROOT = Path(__file__).resolve().parent.parent


class Feed:
    """The integration gateway: today's figures of two indicators, changed by the test."""

    def __init__(self):
        self.server = ScriptedServer()
        self.values = {"overdue": 20, "received": 1000}
        self.server.routes["/stats"] = lambda _q: (200, {"content": [
            {"date": datetime.now().strftime("%d/%m/%Y"), **self.values}]})

    def sources_file(self, folder: Path, every_s: int = 1) -> Path:
        path = folder / "sources.json"
        path.write_text(json.dumps({"schema_version": 1, "sources": [{
            "id": "igate", "kind": "http_json", "every_s": every_s, "url": self.server.url + "/stats",
            "timeout": {"connect": 1, "read": 2},
            "mapping": {"records": "content", "period": "date", "period_format": "%d/%m/%Y",
                        "values": {OVERDUE: "overdue", RECEIVED: "received"}}}]}), encoding="utf-8")
        return path


class Room:
    """A wall process on the hub, its API and its own store."""

    def __init__(self, folder: Path, name: str, link: Path):
        self.state = folder / "state"
        self.proc = WallProcess("--hub", str(link), "--state-dir", str(self.state), "--layouts-dir",
                                str(SHIPPED_LAYOUTS), "--layout", "tap-trung-hcc", "--name", name)
        self.api: WallApi | None = None

    def ready(self) -> Room:
        self.proc.wait_for(READY, 60)
        self.api = WallApi(self.proc, self.state)
        return self

    def stored(self, indicator: str) -> tuple[float, float] | None:
        """(value, as of) of the indicator's latest period in the wall's own store."""
        db = sqlite3.connect(f"file:{self.state / 'indicators.sqlite'}?mode=ro", uri=True, timeout=5)
        try:
            row = db.execute("SELECT value, observed_at FROM observations WHERE indicator=? AND region='province' "
                             "ORDER BY period DESC LIMIT 1", (indicator,)).fetchone()
        finally:
            db.close()
        return None if row is None else (row[0], row[1])

    def link(self) -> str:
        return self.api.health()["hub"]["link"]

    def picture(self, row: int = 0, col: int = 0, width: int = 640) -> bytes:
        r = self.api.call("GET", f"/screens/{row}/{col}/snapshot", "viewer", params={"width": str(width)})
        assert r.status_code == 200, r.text
        return r.content

    def alert(self, alert_id: str) -> dict | None:
        alerts = self.api.call("GET", "/alerts", "viewer").json()["alerts"]
        return next((a for a in alerts if a["id"] == alert_id), None)


def band_drawn(picture: bytes) -> bool:
    """The hub-lost band's colour across the top of screen 1's picture."""
    from PySide6.QtGui import QColor, QImage

    from wall.widgets import style

    image = QImage.fromData(picture)
    return all(QColor(image.pixel(x, 3)) == style.WARNING for x in (3, image.width() // 2, image.width() - 3))


def same_pictures(a: Room, b: Room) -> bytes:
    """Screen 1 of both walls, drawn now: the same pixels (tries for about 10 s: a repaint may land between the
    two, and on a loaded machine each picture takes a while)."""
    for _ in range(30):
        pa, pb = a.picture(), b.picture()
        if pa == pb:
            return pa
        time.sleep(0.3)
    raise AssertionError("the two walls' screen 1 differ")


def add_wall(hub: HubProcess, broker, name: str, out: Path) -> Path:
    done = subprocess.run([sys.executable, "-m", "ioc_hub", "add-wall", name, "--state-dir", str(hub.state_dir),
                           "--broker-url", broker.url, "--passwd-file", str(broker.folder / "passwd"), "--out",
                           str(out)], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return out


