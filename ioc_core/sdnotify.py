"""Telling a service manager how the wall is doing (systemd's sd_notify protocol, without libsystemd).

Under a systemd unit of ``Type=notify`` the manager passes ``NOTIFY_SOCKET``; the wall sends ``READY=1`` once every
screen is painted and ``WATCHDOG=1`` from its GUI thread, so systemd restarts a wall whose whole process hangs
(even one stuck holding the interpreter, which the in-process watchdog cannot see). Anywhere else this does
nothing. Qt-free.
"""

from __future__ import annotations

import logging
import os
import socket

log = logging.getLogger(__name__)


def _address() -> str | bytes | None:
    path = os.environ.get("NOTIFY_SOCKET", "")
    if not path or not hasattr(socket, "AF_UNIX"):
        return None
    if path.startswith("@"):  # an abstract socket (Linux)
        return "\0" + path[1:]
    return path


def notify(message: str) -> bool:
    """Send one message (``READY=1``, ``WATCHDOG=1``, ``STATUS=...``); False when there is no manager to tell."""
    address = _address()
    if address is None:
        return False
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as sock:
            sock.sendto(message.encode("utf-8"), address)
        return True
    except OSError as exc:
        log.debug("service manager not told %r: %s", message, exc)
        return False


def supervised() -> bool:
    """Whether a supervisor runs this process and starts it again when it exits: systemd's notify socket (the unit
    is Type=notify), or ``IOC_WALL_SUPERVISED`` set by another supervisor. Not INVOCATION_ID: a terminal started
    from a desktop run by systemd passes it on to a wall a technician starts by hand."""
    return bool(os.environ.get("NOTIFY_SOCKET") or os.environ.get("IOC_WALL_SUPERVISED"))
