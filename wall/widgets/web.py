"""A web page in a region (QtWebEngine): the front end of a system the wall does not replace, kept alive on its own.

The page renders in a QWebEngineView that is never on screen (``WA_DontShowOnScreen``) at the region's size, and
its picture is taken ``fps`` times a second and drawn in the wall's scene like any other view. A widget cannot
live inside the wall's QGraphicsScene across screens, and a picture is what screen snapshots, the share-out and
tests need anyway. A picture that did not change is not repainted.

Kept confined: only addresses the wall configuration allows (``ioc_core/setup/webpolicy.py``) are loaded, navigated to
or
framed; popups, downloads, JavaScript dialogs, permission requests and full screen are refused; sound is muted.

Kept alive: a load that fails or does not finish in ``LOAD_TIMEOUT_S`` shows a card and is retried with backoff;
a renderer process that crashes is restarted by reloading; a renderer that stops answering (a script in an
endless loop) is found by a heartbeat and killed, then reloaded. Each change of state is logged once.
"""

from __future__ import annotations

import logging
import os
import signal
import time
import weakref
from datetime import datetime
from urllib.parse import urlsplit

if hasattr(os, "geteuid") and os.geteuid() == 0:  # Chromium's sandbox will not run as root; the renderer exits
    os.environ.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")

import shiboken6  # noqa: E402 (after the sandbox setting)
from PySide6.QtCore import QCoreApplication, QSize, Qt, QTimer, QUrl
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWebEngineCore import (
    QWebEngineLoadingInfo,
    QWebEnginePage,
    QWebEngineProfile,
    QWebEngineSettings,
    QWebEngineUrlRequestInterceptor,
)
from PySide6.QtWebEngineWidgets import QWebEngineView

from ioc_core import fmt
from ioc_core.catalogue.cameras import redact
from ioc_core.setup.webpolicy import WebAllowlist
from wall.i18n import tr
from wall.widgets import style
from wall.widgets.base import ViewItem, draw_card

log = logging.getLogger(__name__)

LOAD_TIMEOUT_S = 30.0  # a page still loading after this is "not answering"
BEAT_S = 5.0  # how often a live page's renderer is asked to run a trivial script
HANG_S = 15.0  # a renderer that has not answered for this long is killed and the page reloaded
BACKOFF_S = (2.0, 5.0, 10.0, 30.0, 60.0, 120.0)
MAX_SURFACE_PX = 3840 * 2160  # a page over 2x2 screens or more renders at most this big, zoomed to match

_PROFILE: QWebEngineProfile | None = None


def profile() -> QWebEngineProfile:
    """One off-the-record profile for the wall: cookies and cache in memory only, nothing written to disk,
    downloads cancelled."""
    global _PROFILE
    if _PROFILE is None or not shiboken6.isValid(_PROFILE):
        _PROFILE = QWebEngineProfile(QCoreApplication.instance())
        _PROFILE.setHttpCacheType(QWebEngineProfile.HttpCacheType.MemoryHttpCache)
        _PROFILE.setHttpCacheMaximumSize(64 * 1024 * 1024)
        _PROFILE.setHttpAcceptLanguage("vi-VN,vi;q=0.9,en;q=0.5")
        _PROFILE.downloadRequested.connect(_refuse_download)
    return _PROFILE


def _refuse_download(download) -> None:
    log.warning("web: a download from %s refused", download.url().host())
    download.cancel()


class _Confine(QWebEngineUrlRequestInterceptor):
    """Every request the page makes (images, scripts, fetch, frames, redirects), on Chromium's network thread:
    a host outside the allowlist is blocked. A portal that needs a CDN needs the CDN on the allowlist."""

    def __init__(self, page: ConfinedPage):
        super().__init__(page)
        self.page = page  # only its Python-side allowlist and log are used here, safe from the network thread
        self.blocked = 0

    def interceptRequest(self, info) -> None:  # noqa: N802 (Qt's name)
        url = info.requestUrl()
        if url.scheme() in ("data", "blob", "about"):
            return
        problem = self.page.problem(url)
        if problem is not None:
            info.block(True)
            self.blocked += 1
            self.page.refused(url, "requests", problem)


class ConfinedPage(QWebEnginePage):
    """A page that goes nowhere the allowlist does not allow and opens nothing the wall cannot show."""

    def __init__(self, allow: WebAllowlist, label: str, parent=None):
        super().__init__(profile(), parent)
        self.allow = allow
        self.label = label
        self.blocked: list[str] = []  # the newest refused navigations (bounded), for the card and for tests
        self._logged: set[tuple[str, str]] = set()
        self._confine = _Confine(self)
        self.setUrlRequestInterceptor(self._confine)
        self.setAudioMuted(True)
        self.permissionRequested.connect(lambda permission: permission.deny())
        self.fullScreenRequested.connect(lambda request: request.reject())
        s = self.settings()
        s.setAttribute(QWebEngineSettings.WebAttribute.JavascriptCanOpenWindows, False)
        s.setAttribute(QWebEngineSettings.WebAttribute.ShowScrollBars, False)
        s.setAttribute(QWebEngineSettings.WebAttribute.PlaybackRequiresUserGesture, True)

    def problem(self, url: QUrl) -> str | None:
        """Why the allowlist refuses ``url`` (international names compared in their ASCII form), or None."""
        return self.allow.problem(url.toString(QUrl.ComponentFormattingOption.FullyEncoded))

    def refused(self, url: QUrl, what: str, problem: str) -> None:
        """Logs a refusal once per host and kind, not once per attempt (addresses with nonces never repeat)."""
        key = (url.host(), what)
        if key not in self._logged and len(self._logged) < 100:
            self._logged.add(key)
            log.warning("web view %s: %s refused: %s", self.label, what, problem)

    def acceptNavigationRequest(self, url: QUrl, kind, is_main_frame: bool) -> bool:  # noqa: N802 (Qt's name)
        if url.scheme() in ("about", "data") and not is_main_frame:
            return True  # blank and inline frames a page builds for itself
        problem = self.problem(url)
        if problem is None:
            return True
        self.blocked = [*self.blocked[-19:], url.toString()]
        self.refused(url, "navigation of the page" if is_main_frame else "navigation of a frame", problem)
        return False

    def createWindow(self, kind):  # noqa: N802 (Qt's name): no popups, no new tabs
        log.info("web view %s: a new window was refused", self.label)
        return None

    def javaScriptAlert(self, origin, message) -> None:  # noqa: N802 (Qt's name): a dialog would block the page
        log.info("web view %s: alert() ignored: %s", self.label, message[:200])

    def javaScriptConfirm(self, origin, message) -> bool:  # noqa: N802
        log.info("web view %s: confirm() answered no: %s", self.label, message[:200])
        return False

    def javaScriptPrompt(self, origin, message, default):  # noqa: N802
        log.info("web view %s: prompt() answered nothing: %s", self.label, message[:200])
        return False, ""

    def javaScriptConsoleMessage(self, level, message, line, source) -> None:  # noqa: N802 (the page's console is not the wall's log)
        pass


class WebView(ViewItem):
    """States: loading, live, failed (load error or HTTP error), hung (load or renderer not answering), crashed
    (renderer died), refused (address not allowed)."""

    def __init__(self, region, view, context, clock=time.monotonic):
        super().__init__(region, view, context)
        self.clock = clock
        self.url = str(view.get("url", ""))
        self.zoom = float(view.get("zoom", 1.0))
        self.state = "loading"
        self.why = ""
        self.loads = 0  # finished loads, for tests and the health view
        self.crashes = 0
        self.last_live_wall: datetime | None = None
        self._image: QImage | None = None
        self._attempt = 0
        self._retry_at: float | None = None
        self._loading_since: float | None = None  # a main-frame load is under way since then
        self._own_load = False  # ... and the wall asked for it (not the page navigating itself)
        self._next_beat = 0.0
        self._beat_sent: float | None = None
        self._killed = False
        self._web: QWebEngineView | None = None
        self._page: ConfinedPage | None = None
        allow = getattr(context, "web_allow", None) or WebAllowlist()
        problem = allow.problem(self.url)
        if problem:
            self._set_state("refused", problem)
            return
        self._web = QWebEngineView()
        self._web.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, True)
        self._page = ConfinedPage(allow, region.id, self._web)
        self._web.setPage(self._page)
        self._page.loadingChanged.connect(self._on_loading)
        self._page.renderProcessTerminated.connect(self._on_terminated)
        self._fit()
        self._web.show()
        self._grab_timer = QTimer(self, interval=int(1000 / float(view.get("fps", 1.0))))
        self._grab_timer.timeout.connect(self._grab)
        self._grab_timer.start()
        self._watch = QTimer(self, interval=1000)
        self._watch.timeout.connect(self._check)
        self._watch.start()
        self._reload = None
        if view.get("reload_s"):
            self._reload = QTimer(self, interval=int(float(view["reload_s"]) * 1000))
            self._reload.timeout.connect(self._periodic_reload)
            self._reload.start()
        self._load()

    # -- size --------------------------------------------------------------------------------------------------
    def _fit(self) -> None:
        """The page renders at the region's size, and at most at 4K: a larger region renders at 4K with the zoom
        scaled down to match, so the page lays out the same. (QtWebEngine keeps the zoom across loads.)"""
        w, h = max(64, int(self.size().width()) or 1920), max(64, int(self.size().height()) or 1080)
        scale = min(1.0, (MAX_SURFACE_PX / (w * h)) ** 0.5)
        size = QSize(int(w * scale), int(h * scale))
        if self._web.size() != size:
            self._web.resize(size)
        self._page.setZoomFactor(max(0.25, min(5.0, self.zoom * scale)))

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        if self._web is not None:
            self._fit()

    # -- loading -----------------------------------------------------------------------------------------------
    def _load(self) -> None:
        """Loads the view's address; until it ends (any way) a deadline runs, whatever the state shown."""
        self._retry_at = None
        self._beat_sent = None
        self._killed = False
        self._loading_since = self.clock()
        self._own_load = True
        self._page.load(QUrl(self.url))

    def _periodic_reload(self) -> None:
        if self.state == "live" and self._loading_since is None:
            log.debug("web view %s: periodic reload", self.region.id)
            self._load()

    def _on_loading(self, info: QWebEngineLoadingInfo) -> None:
        status, S = info.status(), QWebEngineLoadingInfo.LoadStatus
        if status == S.LoadStartedStatus:
            if self._loading_since is None:  # the page navigating itself (a link, a script)
                self._loading_since = self.clock()
            return
        own, self._own_load, self._loading_since = self._own_load, False, None
        http = info.errorCode() if info.errorDomain() == QWebEngineLoadingInfo.ErrorDomain.HttpStatusCodeDomain \
            else 0
        if status == S.LoadSucceededStatus and http < 400:
            self.loads += 1
            self._attempt = 0
            self._next_beat = self.clock() + BEAT_S
            self._set_state("live")
            self.last_live_wall = fmt.now()
            QTimer.singleShot(300, self._grab)  # the first picture soon after the page is there
            return
        if self._page.problem(info.url()) is not None:  # a navigation or redirect to a host that is not allowed
            if own:  # our own load went there (a portal sending the wall to a login on another host)
                self._failed("failed", tr("trang chuyển sang máy chủ không được phép: %1").replace(
                    "%1", info.url().host()))
            return  # the page tried to leave: it stays as it was
        if status == S.LoadStoppedStatus:
            return  # stopped on purpose (the load deadline has already said why)
        if http >= 400:
            why = tr("máy chủ trả lỗi HTTP %1").replace("%1", str(http))
        else:  # Chromium's own words, e.g. net::ERR_CONNECTION_REFUSED
            why = tr("không tải được") + f" ({info.errorString() or info.errorCode()})"
        self._failed("failed", why)

    def _on_terminated(self, status, code: int) -> None:
        self.crashes += 1
        if self._killed:
            why = tr("trang không phản hồi, trình hiển thị đã được khởi động lại")
        else:
            why = tr("trình hiển thị trang bị dừng (%1)").replace("%1", status.name.removesuffix(
                "TerminationStatus"))
        self._failed("hung" if self._killed else "crashed", why)

    def _failed(self, state: str, why: str) -> None:
        self._image = None
        self._beat_sent = None
        self._loading_since = None
        self._set_state(state, why)
        if self._retry_at is None:
            delay = BACKOFF_S[min(self._attempt, len(BACKOFF_S) - 1)]
            self._attempt += 1
            self._retry_at = self.clock() + delay
        self.update()

    def _check(self) -> None:
        """Once a second: retry when due, notice a load or a renderer that does not answer."""
        now = self.clock()
        if self._retry_at is not None:
            if now >= self._retry_at:
                self._load()
            else:
                self.update()  # the card's countdown
            return
        if self._loading_since is not None and now - self._loading_since > LOAD_TIMEOUT_S:
            self._loading_since = None
            self._page.triggerAction(QWebEnginePage.WebAction.Stop)
            self._failed("hung", tr("trang không tải xong sau %1 giây").replace("%1", str(int(LOAD_TIMEOUT_S))))
            return
        if self.state != "live" or self._loading_since is not None:
            return
        if self._beat_sent is not None and now - self._beat_sent > HANG_S:
            self._kill_renderer()
        elif self._beat_sent is None and now >= self._next_beat:
            self._beat()

    def _beat(self) -> None:
        """Ask the renderer to run a trivial script; its answer clears the beat. Every BEAT_S while live."""
        self._beat_sent = self.clock()
        me = weakref.ref(self)

        def answered(_result, sent=self._beat_sent):
            view = me()
            if view is not None and shiboken6.isValid(view) and view._beat_sent == sent:
                view._beat_sent = None
                view._next_beat = view.clock() + BEAT_S

        self._page.runJavaScript("1", 0, answered)

    def _kill_renderer(self) -> None:
        pid = self._page.renderProcessPid()
        log.warning("web view %s: the page has not answered for %d s; restarting its renderer (pid %d)",
                    self.region.id, int(HANG_S), pid)
        self._beat_sent = None
        self._killed = True
        if pid > 0:
            try:
                os.kill(pid, signal.SIGKILL)  # renderProcessTerminated follows, and the reload with it
                return
            except OSError:
                pass
        self._failed("hung", tr("trang không phản hồi"))

    def _set_state(self, state: str, why: str = "") -> None:
        if state != self.state or (state != "live" and why != self.why):
            if state != self.state:
                level = logging.INFO if state in ("live", "loading") else logging.WARNING
                log.log(level, "web view %s (%s): %s%s", self.region.id, _shown_url(self.url), state,
                        f" ({why})" if why else "")
            self.state, self.why = state, why
            self.update()

    # -- the picture -------------------------------------------------------------------------------------------
    def _grab(self) -> None:
        if self._web is None or self.state != "live":
            return
        image = self._web.grab().toImage()
        if image.isNull() or image == self._image:
            return
        self._image = image
        self.update()

    def image(self) -> QImage | None:
        return self._image

    def page(self) -> ConfinedPage | None:
        return self._page

    def dispose(self) -> None:
        for name in ("_grab_timer", "_watch", "_reload"):
            timer = getattr(self, name, None)
            if timer is not None:
                timer.stop()
        if self._web is not None:
            self._page.loadingChanged.disconnect(self._on_loading)
            self._page.renderProcessTerminated.disconnect(self._on_terminated)
            web, self._web, self._page = self._web, None, None
            web.close()
            shiboken6.delete(web)  # the page with it, before the profile; the renderer process ends

    # -- painting ----------------------------------------------------------------------------------------------
    def draw(self, painter: QPainter) -> None:
        r = self.rect()
        img = self._image
        if img is not None and not img.isNull() and self.state in ("live", "loading"):
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, img.size() != r.size().toSize())
            painter.drawImage(r, img)
            return
        px = max(style.MIN_TEXT_PX, min(r.height() * 0.07, 64.0))
        colour = style.TEXT_DIM
        if self.state == "loading":
            head = tr("Đang tải trang…")
        elif self.state == "refused":
            head, colour = "◆ " + tr("Trang web bị từ chối"), style.CRITICAL
        else:
            head, colour = "◆ " + tr("Trang web không hiển thị được"), style.CRITICAL
        lines = [_shown_url(self.url)]
        if self.state == "refused":  # the reason in the log is the technician's (English); the wall says it plainly
            host = urlsplit(self.url).hostname or ""
            lines.append(tr("Máy chủ “%1” không có trong danh sách trang web được phép của tường").replace("%1", host)
                         if "allowlist" in self.why else tr("Địa chỉ không hợp lệ"))
        elif self.why:
            lines.append(self.why)
        if self._retry_at is not None:
            wait = max(0, int(self._retry_at - self.clock() + 0.999))
            lines.append(tr("thử lại sau %1 giây").replace("%1", str(wait)))
        if self.last_live_wall is not None and self.state not in ("live", "loading"):
            lines.append(tr("hiển thị được lần cuối lúc %1").replace(
                "%1", f"{fmt.clock(self.last_live_wall)} {fmt.date(self.last_live_wall)}"))
        draw_card(painter, r, head, colour, "\n".join(lines), px)


def _shown_url(url: str) -> str:
    """The address as shown on the wall and in the log: without any user:password part."""
    shown = redact(url)
    return shown if len(shown) <= 100 else shown[:97] + "…"

