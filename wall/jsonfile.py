"""Reading technicians' JSON files with clear errors, and writing state atomically."""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import logging
import os
import tempfile
from pathlib import Path

from wall.problems import InvalidFile, Problem

log = logging.getLogger(__name__)


# a failed write the disk, a quota or the process's file size limit refused: 507 Insufficient Storage, not 500
DISK_FULL = (errno.ENOSPC, errno.EDQUOT, errno.EFBIG)


def write_failure_status(exc: OSError) -> int:
    """The HTTP answer of a save that could not be written: 507 when the disk is full, 500 otherwise."""
    return 507 if exc.errno in DISK_FULL else 500


def revision_of(data: bytes) -> str:
    """A technician's file's revision: a hash of its bytes (a change by any hand, console or editor, shows)."""
    return hashlib.sha256(data).hexdigest()[:16]


def read_json(path: Path, label: str | None = None):
    """Parse ``path``; raise InvalidFile naming the file, line and column on any failure."""
    label = label or str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InvalidFile([Problem(label, "", "file not found")]) from None
    except UnicodeDecodeError as exc:
        raise InvalidFile([Problem(label, "", f"not UTF-8 text ({exc.reason} at byte {exc.start})")]) from None
    except OSError as exc:
        raise InvalidFile([Problem(label, "", f"cannot read file: {exc.strerror}")]) from None
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


def write_json_atomic(path: Path, data) -> None:
    """Write ``data`` so that ``path`` holds either the old or the new content, never a torn file.

    On any failure (disk full, permissions) the old file is untouched and the error propagates.
    """
    write_bytes_atomic(path, json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True).encode("utf-8"))


def replace_keeping_previous(path: Path, previous: Path, write) -> None:
    """``write()`` a new ``path``, keeping its current bytes in ``previous`` first. If the write fails, ``previous``
    is put back as it was too: a failed save costs no backup (the error propagates)."""
    path, previous = Path(path), Path(previous)
    if not path.exists():
        write()
        return
    before = previous.read_bytes() if previous.is_file() else None
    write_bytes_atomic(previous, path.read_bytes())
    try:
        write()
    except BaseException:
        with contextlib.suppress(OSError):
            if before is None:
                previous.unlink()
            else:
                write_bytes_atomic(previous, before)
        raise


def write_bytes_atomic(path: Path, payload: bytes) -> None:
    """``write_json_atomic`` for bytes already made (a technician's file keeps its own key order)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    _fsync_dir(path.parent)


def _fsync_dir(directory: Path) -> None:
    if os.name != "posix":
        return
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
