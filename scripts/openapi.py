"""Writes docs/openapi.json, the control API as OpenAPI 3.1, from the router's own table (ioc_core/api/openapi.py).

Run after adding or changing a route (a test fails while the file differs from the router):
    .venv/bin/python scripts/openapi.py
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "openapi.json"


def document() -> str:
    sys.path.insert(0, str(ROOT))
    from ioc_core.api import routes
    from ioc_core.api.openapi import spec

    document = spec(routes.Api(None, None, None)._routes, routes.__doc__, routes.ROUTE_DOCS)
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


if __name__ == "__main__":
    OUT.parent.mkdir(exist_ok=True)
    OUT.write_text(document(), encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)}")
