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
# every folder of the state folder the wall writes with ioc_core/jsonfile.py's atomic writer, where a save stopped by
# a kill or a power cut may have left its copy: the state folder itself (the tokens, the saved state, the alert book,
# the watchdog's record), the layouts saved from consoles and the versions they replaced
# (ioc_core/layouts/saved_layouts.py), the catalogue's files (ioc_core/catalogue/edits.py, statefiles.py); and each
# meeting's minutes folder (MINUTES, ioc_core/meeting/minutes.py)
WRITTEN = ("", "layouts", "layouts/.previous", "catalogue")
MINUTES = "minutes"


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
    remove_torn_left(folder)


def remove_torn_left(folder: Path) -> None:
    """Remove the copies saves stopped by a kill or a power cut left in every folder of the state folder ``folder``
    the wall writes (``WRITTEN``, and each meeting's minutes); the files themselves stay as they are."""
    folder = Path(folder)
    meetings = sorted(p for p in (folder / MINUTES).glob("*") if p.is_dir())
    for written in [*(folder / name for name in WRITTEN), *meetings]:
        if written.is_dir():
            remove_torn_copies(written)
    for torn in (p / "bien-ban.pdf.tmp" for p in meetings):  # the name versions before 0.19 wrote the PDF under
        if torn.exists():
            try:
                torn.unlink()
                log.warning("removed %s, left by minutes that were not finished", torn)
            except OSError as exc:
                log.error("cannot remove %s: %s", torn, exc)
