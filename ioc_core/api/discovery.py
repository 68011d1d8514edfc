"""Zeroconf: the wall advertises ``_iocwall._tcp`` (TXT: name, api, rows, cols, and ``tls=1`` with ``fp=`` its
certificate's SHA-256 fingerprint when the API is served over HTTPS, ``tls=0`` when a technician turned plain HTTP
on); consoles browse for it. Anyone on the LAN can advertise anything: a console trusts no record by itself
(operator_console/pinning.py)."""

from __future__ import annotations

import logging
import socket
import threading

from zeroconf import InterfaceChoice, IPVersion, ServiceInfo, Zeroconf

from ioc_core.api import API_VERSION

log = logging.getLogger(__name__)

SERVICE_TYPE = "_iocwall._tcp.local."
HUB_SERVICE_TYPE = "_iochub._tcp.local."  # ioc-hub (issue 22): TXT name, api, tls, fp


def _addresses(interfaces) -> list[bytes]:
    if interfaces and interfaces != "all":
        return [socket.inet_aton(i) for i in interfaces]
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.connect(("10.255.255.255", 1))  # no packet is sent: this only picks the LAN interface
            return [socket.inet_aton(s.getsockname()[0])]
    except OSError:
        return [socket.inet_aton("127.0.0.1")]


class Advertiser:
    """Registers the wall in the background (probing takes a second or two) and unregisters on close."""

    def __init__(self, name: str, port: int, rows: int | None, cols: int | None, interfaces=None,
                 fingerprint: str = "", service_type: str = SERVICE_TYPE):
        """``service_type``: the wall's by default, ``HUB_SERVICE_TYPE`` for an ioc-hub (no rows or cols)."""
        self.name = name
        self.service_type = service_type
        safe = "".join(ch if ch.isalnum() or ch in "-_ " else "-" for ch in name)[:60] or "ioc-wall"
        grid = {"rows": str(rows), "cols": str(cols)} if rows is not None and cols is not None else {}
        self.info = ServiceInfo(
            service_type, f"{safe}.{service_type}", addresses=_addresses(interfaces), port=port,
            properties={"name": name, "api": API_VERSION, **grid,
                        "tls": "1" if fingerprint else "0", **({"fp": fingerprint} if fingerprint else {})},
            server=f"{safe.replace(' ', '-').lower()}.local.")
        self._interfaces = interfaces if interfaces and interfaces != "all" else InterfaceChoice.All
        self._zc: Zeroconf | None = None
        self._thread = threading.Thread(target=self._register, name="zeroconf", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def _register(self) -> None:
        try:
            self._zc = Zeroconf(interfaces=self._interfaces, ip_version=IPVersion.V4Only)
            self._zc.register_service(self.info, allow_name_change=True)
            log.info("advertised on the LAN as '%s' (%s)", self.name, self.service_type)
        except Exception as exc:  # no multicast on this network: consoles can still add the wall by address
            log.warning("zeroconf advertisement failed (%s); add this wall by address", exc)

    def stop(self) -> None:
        if self._thread.is_alive():
            self._thread.join(5)
        if self._zc is not None:
            try:
                self._zc.unregister_service(self.info)
            finally:
                self._zc.close()
