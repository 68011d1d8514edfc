"""Reading technicians' JSON files with clear errors, and writing state atomically."""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import logging
import os
import stat
import tempfile
from pathlib import Path

from ioc_core import outcomes
from ioc_core.problems import InvalidFile, Problem

log = logging.getLogger(__name__)


# a failed write the disk, a quota or the process's file size limit refused: "disk_full" (the API answers 507
# Insufficient Storage), not "not_written" (500)
DISK_FULL = (errno.ENOSPC, errno.EDQUOT, errno.EFBIG)
NEW_FILE_MODE = 0o600  # what the atomic writer creates (mkstemp's mode): private, whatever the process's umask


def write_failure_kind(exc: OSError) -> str:
    """What a save that could not be written came to (ioc_core/outcomes.py): "disk_full" when the disk is full,
    "not_written" otherwise."""
    return outcomes.DISK_FULL if exc.errno in DISK_FULL else outcomes.NOT_WRITTEN


def revision_of(data: bytes) -> str:
    """A technician's file's revision: a hash of its bytes (a change by any hand, console or editor, shows)."""
    return hashlib.sha256(data).hexdigest()[:16]


def read_json(path: Path, label: str | None = None):
    """Parse ``path``; raise InvalidFile naming the file, line and column on any failure."""
    label = label or str(path)
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise InvalidFile([Problem(label, "", "file not found")]) from None
    except OSError as exc:
        raise InvalidFile([Problem(label, "", f"cannot read file: {exc.strerror}")]) from None
    return parse_json(data, label)


def parse_json(data: bytes, label: str):
    """Parse a file's bytes already read (its revision is the hash of the same bytes); InvalidFile as read_json."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InvalidFile([Problem(label, "", f"not UTF-8 text ({exc.reason} at byte {exc.start})")]) from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InvalidFile(
            [Problem(label, "", f"malformed JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}")]
        ) from None


def remove_torn_copies(folder: Path, name: str = "*") -> None:
    """Remove what ``write_json_atomic`` leaves when a kill or a power cut stops it between writing its copy and
    renaming it (``.<name>.<random>.tmp``), for files called ``name`` in ``folder``; logged, never fatal."""
    for torn in Path(folder).glob(f".{name}.*.tmp"):
        try:
            torn.unlink()
            log.warning("removed %s, left by a save that did not finish", torn.name)
        except OSError as exc:
            log.error("cannot remove %s: %s", torn, exc)


def write_json_atomic(path: Path, data, mode: int | None = None) -> None:
    """Write ``data`` so that ``path`` holds either the old or the new content, never a torn file; its mode as
    ``write_bytes_atomic`` says.

    On any failure (disk full, permissions) the old file is untouched and the error propagates.
    """
    payload = json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True).encode("utf-8")
    write_bytes_atomic(path, payload, mode)


def file_mode(path: Path) -> int | None:
    """``path``'s permission bits (0o644), None when there is no such file."""
    try:
        return stat.S_IMODE(os.stat(path).st_mode) & 0o777
    except FileNotFoundError:
        return None


def replace_keeping_previous(path: Path, previous: Path, write) -> None:
    """``write()`` a new ``path``, keeping its current bytes in ``previous`` first, with its mode (a technician's
    0644 file's previous version is 0644, a private one's 0600). If the write fails, ``previous`` is put back as it
    was too: a failed save costs no backup (the error propagates)."""
    path, previous = Path(path), Path(previous)
    mode = file_mode(path)
    if mode is None:
        write()
        return
    before = previous.read_bytes() if previous.is_file() else None
    before_mode = file_mode(previous)
    write_bytes_atomic(previous, path.read_bytes(), mode)
    try:
        write()
    except BaseException:
        with contextlib.suppress(OSError):
            if before is None:
                previous.unlink()
            else:
                write_bytes_atomic(previous, before, before_mode)
        raise


def write_bytes_atomic(path: Path, payload: bytes, mode: int | None = None) -> None:
    """``write_json_atomic`` for bytes already made (a technician's file keeps its own key order).

    The file keeps the mode of the one it replaces (a technician's 0644 configuration stays 0644, a private 0600
    file stays 0600: never widened), or takes ``mode`` when given; a new file is 0600, whatever the umask (what
    ``mkstemp`` creates). It keeps the owner and group of the one it replaces too when it can (``ioc-hub add-wall``
    run as root rewrites the hub's token file: it stays the hub's user's, who must read it). Mode and owner are set
    before the file takes the name: it never shows with others.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    mode = file_mode(path) if mode is None else mode
    owner = _owner(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
            fh.flush()
            if owner is not None:
                _chown(fh.fileno(), owner, path)
            os.fsync(fh.fileno())
        if mode is not None and mode != NEW_FILE_MODE:
            _chmod(tmp, mode, path)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    _fsync_dir(path.parent)


def _owner(path: Path) -> tuple[int, int] | None:
    """The (uid, gid) a rewrite of ``path`` must give its new copy: None when there is nothing to keep (no such file,
    no owners on this system, or the file is already this process's own user's and group's, as a new copy is)."""
    if not hasattr(os, "fchown"):
        return None
    try:
        st = os.stat(path)
    except OSError:
        return None
    if os.geteuid() != 0 and (st.st_uid, st.st_gid) == (os.geteuid(), os.getegid()):
        return None
    return st.st_uid, st.st_gid


def _chown(fd: int, owner: tuple[int, int], path: Path) -> None:
    st = os.fstat(fd)
    if (st.st_uid, st.st_gid) == owner:
        return
    try:
        os.fchown(fd, *owner)
    except OSError as exc:  # not root: the file is written all the same, this process's own
        log.warning("cannot keep the owner %d:%d of %s (written as %d:%d): %s", *owner, path, st.st_uid, st.st_gid,
                    exc)


def _chmod(tmp: str, mode: int, path: Path) -> None:
    try:
        os.chmod(tmp, mode)
    except OSError as exc:  # a file system without modes: the file is written all the same, private
        log.warning("cannot give %s the mode %o (written %o): %s", path, mode, NEW_FILE_MODE, exc)


def _fsync_dir(directory: Path) -> None:
    if os.name != "posix":
        return
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
