"""The wall's state folder is the wall's alone (Qt-free).

It holds the API tokens, the saved state (a meeting point's feed with its password), the audit log, the indicator
store and the meetings' minutes. One rule covers every file the wall and its libraries (SQLite, Qt's image and PDF
writers) create, instead of a chmod after each: the process's umask is 077, so what it creates is readable and
writable by its own user only, and the folder itself is 0700, so files an older wall left readable cannot be reached.
"""

from __future__ import annotations

import logging
import os
import stat
from pathlib import Path

from ioc_core.jsonfile import remove_torn_copies

log = logging.getLogger(__name__)

UMASK = 0o077
FOLDER_MODE = 0o700


def keep_private(folder: Path) -> None:
    """From now on the process creates files 0600 and folders 0700; ``folder`` exists and is 0700 (tightened, and
    said in the log, when it was open to others)."""
    os.umask(UMASK)
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True, mode=FOLDER_MODE)
    mode = stat.S_IMODE(folder.stat().st_mode)
    if os.name == "posix" and mode & ~FOLDER_MODE:
        try:
            os.chmod(folder, FOLDER_MODE)
            log.warning("state folder %s was open to other users (%o); now %o", folder, mode, FOLDER_MODE)
        except OSError as exc:  # another owner, a file system without modes: the wall runs on, and says so
            log.error("state folder %s is open to other users (%o) and cannot be closed: %s", folder, mode, exc)
    # the alert book's, the watchdog record's (the saved state's: ioc_core/control/saved_state.py)
    remove_torn_copies(folder)
