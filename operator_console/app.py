"""``ioc-console``: the operator console.

    ioc-console                      find walls on the LAN (zeroconf) and drive them
    ioc-console --wall URL --token T add a wall by address (also from the window); an https wall's certificate
                                     is shown to be trusted, unless --fingerprint SHA256:… gives it
    ioc-console --demo               start a local demo wall in a window and connect to it: the whole system
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

log = logging.getLogger("console")


def parse_args(argv):
    p = argparse.ArgumentParser(prog="ioc-console", description="IOC Wall operator console")
    p.add_argument("--demo", action="store_true", help="start a local demo wall and connect to it")
    p.add_argument("--wall", metavar="URL", help="a wall's API address, e.g. http://10.0.0.5:8765")
    p.add_argument("--token", metavar="TOKEN", default=os.environ.get("IOC_CONSOLE_TOKEN", ""),
                   help="the wall's operator token (or IOC_CONSOLE_TOKEN)")
    p.add_argument("--fingerprint", metavar="SHA256:…", default="",
                   help="the --wall's certificate fingerprint (from the wall's log): trusted without asking")
    p.add_argument("--settings", metavar="FILE", type=Path, help="the console's settings file (the walls it "
                   "trusts); default: ioc-console/settings.json in the user's configuration folder")
    p.add_argument("--name", default=f"console@{socket.gethostname()}", help="how other consoles see this one")
    p.add_argument("--zeroconf", default="all", help="interfaces to browse ('all', addresses, or 'off')")
    p.add_argument("--lang", choices=("vi", "en"), default=os.environ.get("IOC_CONSOLE_LANG", "vi"),
                   help="language of the console (default: Vietnamese)")
    p.add_argument("--log-level", default="INFO")
    return p.parse_args(argv)


def start_demo_wall(state_dir: Path, timeout: float = 60.0) -> tuple[subprocess.Popen, str, str, str]:
    """A demo wall in a window on this PC, its API on 127.0.0.1: (process, API URL, technician token, its
    certificate's fingerprint as its log gives it: this console started it, so it is trusted). Layouts
    the technician saves go to its state folder, a temporary one, as every wall keeps them in its own."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "wall", "--demo", "--state-dir", str(state_dir), "--name", "Tường demo"],
        env={**os.environ, "IOC_WALL_API_PORT": "0", "IOC_WALL_API_BIND": "127.0.0.1", "IOC_WALL_ZEROCONF": "off"},
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, encoding="utf-8")
    deadline = time.monotonic() + timeout
    for line in proc.stderr:
        sys.stderr.write(line)
        if "control API on " in line:
            url = line.split("control API on ", 1)[1].split(" ", 1)[0].rstrip("/")
            fingerprint = line.rsplit("; certificate ", 1)[1].strip().rstrip(")") if "; certificate " in line else ""
            tokens = json.loads((state_dir / "api-tokens.json").read_text())["tokens"]
            token = next(t["token"] for t in tokens if t["role"] == "technician")  # the demo shows every tool
            import threading

            threading.Thread(target=lambda: [None for _ in proc.stderr], daemon=True).start()  # keep the pipe drained
            return proc, url, token, fingerprint
        if time.monotonic() > deadline:
            break
    proc.kill()
    raise RuntimeError("the demo wall did not start its control API")


def install_language(app, lang: str):
    """English through Qt's translator (operator_console/i18n); Vietnamese is the source language. The language
    is also kept as the application's "language" property, for texts the wall sends in both (camera names), and
    sets the locale of numbers in fields."""
    from PySide6.QtCore import QLocale, QTranslator

    app.setProperty("language", lang)
    # numbers typed and shown in fields (bezels in millimetres, zoom, coordinates): "3,5" in Vietnamese
    QLocale.setDefault(QLocale(QLocale.Language.Vietnamese, QLocale.Country.Vietnam) if lang == "vi"
                       else QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom))
    if lang == "vi":
        return install_qt_vietnamese(app)

    translator = QTranslator(app)
    if not translator.load(str(Path(__file__).resolve().parent / "i18n" / f"ioc_console_{lang}.qm")):
        raise FileNotFoundError(f"no console translation for '{lang}'")
    app.installTranslator(translator)
    return translator


# Qt's own words on its standard buttons (QPlatformTheme's), for when PySide6 has no qtbase_vi.qm
QT_BUTTONS_VI = {
    "OK": "Đồng ý", "Cancel": "Huỷ", "&Yes": "&Có", "&No": "&Không", "Yes to &All": "Có với &tất cả",
    "N&o to All": "K&hông với tất cả", "Save": "Lưu", "Save All": "Lưu tất cả", "Open": "Mở", "Close": "Đóng",
    "Apply": "Áp dụng", "Reset": "Đặt lại", "Restore Defaults": "Khôi phục mặc định", "Discard": "Bỏ",
    "Don't Save": "Không lưu", "Close without Saving": "Đóng không lưu", "Abort": "Dừng", "Retry": "Thử lại",
    "Ignore": "Bỏ qua", "Help": "Trợ giúp",
}


def install_qt_vietnamese(app):
    """Qt's own texts (OK and Cancel in dialogs, Yes and No in questions) in Vietnamese: from Qt's qtbase_vi
    translation when PySide6 ships one, else from the console's table of the standard buttons. Installed on
    ``app``; returned to be kept alive (and removed with ``app.removeTranslator``)."""
    from PySide6.QtCore import QLibraryInfo, QTranslator

    qt = QTranslator(app)
    if qt.load("qtbase_vi", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(qt)
        return qt

    class QtButtons(QTranslator):
        def translate(self, context, source, disambiguation=None, n=-1):  # noqa: ARG002 (Qt's signature)
            return QT_BUTTONS_VI.get(source) if context in ("QPlatformTheme", "QDialogButtonBox") else None

        def isEmpty(self) -> bool:  # noqa: N802 (Qt's name)
            return False

    buttons = QtButtons(app)
    app.installTranslator(buttons)
    return buttons


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    logging.basicConfig(level=args.log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    from PySide6.QtCore import QObject, Signal
    from PySide6.QtWidgets import QApplication

    from operator_console.window import ConsoleWindow

    app = QApplication(sys.argv[:1])
    app.setApplicationName("ioc-console")
    translator = install_language(app, args.lang)  # noqa: F841 (kept alive with the app)
    window = ConsoleWindow(args.name)
    from operator_console.pinning import PinStore, WallTrust, settings_path

    window.trust = trust = WallTrust(window, PinStore(args.settings or settings_path()))
    demo = None
    if args.demo:
        tmp = tempfile.mkdtemp(prefix="ioc-console-demo-")
        demo, url, token, fingerprint = start_demo_wall(Path(tmp))
        window.add_wall("Tường demo", url, token, pin=fingerprint)  # a new wall each time: not kept
    if args.wall:
        trust.by_address(args.wall, args.token, args.fingerprint)
    browser = None
    if args.zeroconf != "off":
        from operator_console.discovery import WallBrowser

        class Found(QObject):
            found = Signal(object)
            lost = Signal(str)

        relay = Found()
        relay.found.connect(lambda w: trust.found(w, args.token))  # no token before the wall is trusted
        relay.lost.connect(window.lose_wall)
        ifaces = None if args.zeroconf == "all" else args.zeroconf.split(",")
        try:
            browser = WallBrowser(relay.found.emit, relay.lost.emit, ifaces)
        except Exception as exc:  # no multicast route here: the console still works with walls added by address
            log.warning("zeroconf browsing unavailable (%s); add walls by address", exc)
    window.show()
    from wall.runtime.stopping import stop_on_signals

    wake = stop_on_signals(app.quit)  # noqa: F841 (kept alive with the app); ends the demo wall too (below)
    code = app.exec()
    window.close()
    if browser is not None:
        browser.close()
    if demo is not None:
        demo.terminate()
        demo.wait(10)
    return code


if __name__ == "__main__":
    sys.exit(main())
