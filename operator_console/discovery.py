"""Walls on the LAN (zeroconf ``_iocwall._tcp``), as they appear and disappear (Qt-free). What a record says is
anyone's word: a console connects to a found wall only through operator_console/pinning.py."""

from __future__ import annotations

import socket
from collections.abc import Callable
from dataclasses import dataclass

from zeroconf import InterfaceChoice, ServiceBrowser, ServiceListener, Zeroconf

SERVICE_TYPE = "_iocwall._tcp.local."


@dataclass(frozen=True)
class FoundWall:
    key: str  # the service name
    name: str
    host: str
    port: int
    rows: int
    cols: int
    api: str
    tls: bool = False  # its record says it serves HTTPS (``tls=1``)
    fingerprint: str = ""  # the certificate fingerprint its record gives (``fp=``): shown, never trusted as such

    @property
    def url(self) -> str:
        return f"{'https' if self.tls else 'http'}://{self.host}:{self.port}/api/v1"


class WallBrowser(ServiceListener):
    def __init__(self, on_found: Callable[[FoundWall], None], on_lost: Callable[[str], None], interfaces=None):
        self.on_found, self.on_lost = on_found, on_lost
        self._zc = Zeroconf(interfaces=interfaces if interfaces and interfaces != "all" else InterfaceChoice.All)
        self._browser = ServiceBrowser(self._zc, SERVICE_TYPE, self)

    def close(self) -> None:
        self._browser.cancel()
        self._zc.close()

    def add_service(self, zc: Zeroconf, type_: str, name: str) -> None:
        info = zc.get_service_info(type_, name, timeout=2000)
        if info is None or not info.addresses:
            return
        props = {k.decode(): (v or b"").decode() for k, v in info.properties.items()}
        try:
            wall = FoundWall(name, props.get("name", name), socket.inet_ntoa(info.addresses[0]), info.port,
                             int(props.get("rows", 3)), int(props.get("cols", 3)), props.get("api", "?"),
                             props.get("tls") == "1", props.get("fp", ""))
        except (ValueError, OSError):
            return
        self.on_found(wall)

    def update_service(self, zc: Zeroconf, type_: str, name: str) -> None:
        self.add_service(zc, type_, name)

    def remove_service(self, zc: Zeroconf, type_: str, name: str) -> None:
        self.on_lost(name)
