"""Which walls this console trusts, as SSH trusts hosts: a wall's certificate fingerprint is shown to the operator
at the first connection and, once trusted, kept (name and host -> fingerprint) in the console's settings file; a
wall that later presents another certificate is refused with a warning naming it and both fingerprints. No token
leaves the console for a wall before that: a wall found on the LAN (whose ``_iocwall._tcp`` record anyone can
send) is only probed (a TLS handshake, nothing sent), a plain-HTTP one is asked about first. A fingerprint a
technician gives (``--wall URL --fingerprint SHA256:…``) counts as trusted and replaces the one kept.

    trust = WallTrust(window, PinStore(settings_path()))
    trust.found(found_wall, token)          # from the LAN browser
    trust.by_address(url, token, given_fp)  # --wall, the add-wall dialog
"""

from __future__ import annotations

import datetime
import logging
import os
import threading
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

from PySide6.QtCore import QObject, QStandardPaths, Signal
from PySide6.QtWidgets import QMessageBox

from ioc_core.api.identity import normalised, shown
from ioc_core.jsonfile import read_json, write_json_atomic
from ioc_core.problems import InvalidFile
from operator_console.client import presented_fingerprint
from operator_console.preview import tr

log = logging.getLogger(__name__)

SETTINGS_FILE = "settings.json"


def settings_path() -> Path:
    """The console's settings file: ``IOC_CONSOLE_SETTINGS``, else settings.json in the user's configuration
    folder for ioc-console."""
    if os.environ.get("IOC_CONSOLE_SETTINGS"):
        return Path(os.environ["IOC_CONSOLE_SETTINGS"])
    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.GenericConfigLocation)
    return Path(base) / "ioc-console" / SETTINGS_FILE


class PinStore:
    """The trusted walls in the settings file (``{"pins": [{"name", "host", "fingerprint", "since"}]}``; other keys
    of the file are kept as they are). Read at every look-up: a technician may edit the file meanwhile."""

    def __init__(self, path: Path):
        self.path = Path(path)

    def _read(self) -> dict:
        if not self.path.exists():
            return {}
        try:
            data = read_json(self.path)
        except InvalidFile as exc:
            log.error("console settings %s unusable (%s): no wall is trusted until it is repaired", self.path, exc)
            return {}
        return data if isinstance(data, dict) else {}

    def pins(self) -> list[dict]:
        return [p for p in self._read().get("pins", []) if isinstance(p, dict)]

    def get(self, name: str, host: str) -> str:
        for pin in self.pins():
            if pin.get("name") == name and pin.get("host") == host:
                return normalised(str(pin.get("fingerprint", "")))
        return ""

    def put(self, name: str, host: str, fingerprint: str) -> None:
        data = self._read()
        pins = [p for p in data.get("pins", []) if isinstance(p, dict)
                and not (p.get("name") == name and p.get("host") == host)]
        pins.append({"name": name, "host": host, "fingerprint": shown(fingerprint),
                     "since": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")})
        write_json_atomic(self.path, {**data, "pins": pins}, 0o600)
        log.info("wall '%s' at %s trusted with certificate %s", name, host, shown(fingerprint))


def trust_question(name: str, host: str, fingerprint: str, advertised: str = "") -> str:
    text = (tr("Vân tay chứng chỉ của tường %1 (%2):\n%3\n\nHãy so với vân tay trong nhật ký của tường (kỹ thuật viên "
               "xem được). Tin cậy tường này?")
            .replace("%1", name).replace("%2", host).replace("%3", shown(fingerprint)))
    if advertised and normalised(advertised) != fingerprint:
        text += "\n\n" + tr("Chú ý: bản tin quảng bá trên mạng LAN nêu một vân tay khác (%1).").replace(
            "%1", shown(advertised))
    return text


def changed_warning(name: str, host: str, pinned: str, presented: str, settings: Path) -> str:
    return (tr("Chứng chỉ của tường %1 (%2) đã thay đổi!\n\nĐã tin cậy: %3\nNay tường đưa ra: %4\n\n"
               "Bàn điều khiển không kết nối và không gửi mã truy cập. Có thể ai đó đang giả danh tường. Nếu kỹ "
               "thuật viên đã cài lại tường, hãy nhờ họ so vân tay mới với nhật ký của tường rồi xoá vân tay cũ "
               "trong %5.")
            .replace("%1", name).replace("%2", host).replace("%3", shown(pinned)).replace("%4", shown(presented))
            .replace("%5", str(settings)))


def plain_question(name: str, host: str) -> str:
    return (tr("Tường %1 (%2) không dùng HTTPS: mã truy cập sẽ đi qua mạng LAN không mã hoá, và không thể biết "
               "chắc đây đúng là tường. Vẫn kết nối?").replace("%1", name).replace("%2", host))


class _Relay(QObject):
    probed = Signal(object, object)  # (what to do with the result, fingerprint or exception)


class WallTrust:
    """Decides, for each wall the console is to connect to, whether its token may go there, asking the operator
    when it is new (``ask``) and warning when its certificate changed (``warn``); both replaceable (tests)."""

    def __init__(self, window, store: PinStore):
        self.window, self.store = window, store
        self.ask: Callable[[str], bool] = self._ask
        self.warn: Callable[[str], None] = self._warn
        self.declined: set[tuple[str, str]] = set()  # not asked again while the console runs
        self.refused: dict[tuple[str, str], str] = {}  # changed certificates seen, warned about once
        self._busy: set[tuple[str, str]] = set()
        self._relay = _Relay()
        self._relay.probed.connect(lambda then, result: then(result))

    # -- where walls come from ------------------------------------------------------------------------------------
    def found(self, wall, token: str) -> None:
        """A wall on the LAN (operator_console/discovery.FoundWall)."""
        self._consider(wall.name, wall.url, token, wall.fingerprint,
                       lambda pin: self.window.add_wall(wall.name, wall.url, token, wall.rows, wall.cols,
                                                        key=wall.key, pin=pin))

    def by_address(self, url: str, token: str, given: str = "", name: str = "") -> None:
        """A wall a person gave by address (a plain ``http://`` one is theirs to choose); ``given``: a fingerprint
        from the technician, trusted as is."""
        name = name or url
        given = normalised(given)
        self.declined.discard((name, urlsplit(url).hostname or ""))  # asked for by a person: asked again
        if given and url.lower().startswith("https://"):
            self.store.put(name, urlsplit(url).hostname or "", given)
        if not url.lower().startswith("https://"):
            self.window.add_wall(name, url, token)
            return
        self._consider(name, url, token, "", lambda pin: self.window.add_wall(name, url, token, pin=pin))

    # -- deciding -----------------------------------------------------------------------------------------------
    def _consider(self, name: str, url: str, token: str, advertised: str, connect) -> None:
        host = urlsplit(url).hostname or ""
        key = (name, host)
        if key in self.declined or key in self._busy:
            return
        if not url.lower().startswith("https://"):  # found on the LAN, plain HTTP: the operator decides
            if self.ask(plain_question(name, host)):
                connect("")
            else:
                self.declined.add(key)
                log.warning("wall '%s' at %s serves plain HTTP: not connected (the operator declined)", name, host)
            return
        self._busy.add(key)

        def probe():
            try:
                result: object = presented_fingerprint(url)
            except Exception as exc:  # unreachable, or no TLS there: nothing was sent
                result = exc
            self._relay.probed.emit(lambda r: self._decide(name, host, advertised, connect, r), result)

        threading.Thread(target=probe, name="wall-probe", daemon=True).start()

    def _decide(self, name: str, host: str, advertised: str, connect, presented) -> None:
        key = (name, host)
        self._busy.discard(key)
        if isinstance(presented, Exception):
            log.warning("wall '%s' at %s: no certificate could be read (%s); not connected", name, host,
                        type(presented).__name__)
            return
        pinned = self.store.get(name, host)
        if pinned and pinned == presented:
            connect(pinned)
        elif pinned:
            log.error("wall '%s' at %s presents certificate %s, not the trusted %s: refused", name, host,
                      shown(presented), shown(pinned))
            if self.refused.get(key) != presented:
                self.refused[key] = presented
                self.warn(changed_warning(name, host, pinned, presented, self.store.path))
        elif self.ask(trust_question(name, host, presented, advertised)):
            self.store.put(name, host, presented)
            connect(presented)
        else:
            self.declined.add(key)
            log.info("wall '%s' at %s: the operator did not trust certificate %s", name, host, shown(presented))

    def _ask(self, text: str) -> bool:
        answer = QMessageBox.question(self.window, tr("Tường mới"), text,
                                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                      QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

    def _warn(self, text: str) -> None:
        QMessageBox.warning(self.window, tr("Chứng chỉ của tường đã thay đổi"), text)
