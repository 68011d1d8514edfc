"""``ioc-console``: the operator console.

The console (wall discovery, live preview, pushing views) is built on the wall's control API, which does not
exist yet; until it does, this entry point says so plainly instead of opening an empty window.
"""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    sys.stderr.write(
        "ioc-console: the operator console is not available in this version of IOC Wall; it needs the wall's "
        "control API.\nDrive a wall for now with `ioc-wall --layout ID`.\n"
    )
    return 2


if __name__ == "__main__":
    sys.exit(main())
