"""The render path, chosen once at start (``--render auto|gpu|cpu``) and logged once.

- **gpu**: each screen's QGraphicsView gets an OpenGL viewport (QOpenGLWidget), and cameras play into a
  QGraphicsVideoItem (wall/widgets/gpuvideo.py): on a platform with OpenGL, Qt converts each YUV frame with a
  shader (its QRhi) and the OpenGL paint engine scales the picture to the region on the GPU.
- **cpu**: plain raster viewports; cameras go through the frame pump (wall/widgets/framepump.py), which converts
  and scales off the GUI thread.
- **auto** (the default): gpu when an OpenGL context can be created *and* its renderer is a hardware one; a
  software rasteriser (Mesa's llvmpipe, softpipe, swrast) draws on the CPU anyway, slower than the raster path.

When the gpu path fails while the wall runs (a screen's OpenGL context cannot be made or is lost, the video item
gets no picture out of its frames) ``fail`` logs why once and every screen and camera moves to the cpu path:
never a black screen. GUI thread only.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal

log = logging.getLogger(__name__)

CHOICES = ("auto", "gpu", "cpu")
SOFTWARE = ("llvmpipe", "softpipe", "swrast", "software rasterizer", "microsoft basic render")
GL_RENDERER, GL_VERSION = 0x1F01, 0x1F02


@dataclass(frozen=True)
class Render:
    path: str  # "gpu" | "cpu"
    asked: str  # "auto" | "gpu" | "cpu"
    why: str = ""  # why cpu (or why gpu on a software renderer)
    gl_version: str = ""  # "4.5" when an OpenGL context could be made
    renderer: str = ""  # GL_RENDERER, e.g. "llvmpipe (LLVM 15.0.6, 256 bits)"

    @property
    def gpu(self) -> bool:
        return self.path == "gpu"

    def describe(self) -> str:
        """The start-up log's words: "gpu (OpenGL 4.5, renderer X)" or "cpu (why)"."""
        if self.gpu:
            return f"gpu (OpenGL {self.gl_version}, renderer {self.renderer})" + (f"; {self.why}" if self.why else "")
        return f"cpu ({self.why})"

    def health(self) -> dict:
        out = {"path": self.path, "asked": self.asked}
        if self.renderer:
            out.update(opengl=self.gl_version, renderer=self.renderer)
        if self.why:
            out["why"] = self.why
        return out


class _Changes(QObject):
    fell_back = Signal(str)  # the gpu path failed while running: every screen and camera moves to the cpu path


_current = Render("cpu", "cpu", "not chosen (no wall started)")
changes = _Changes()


def current() -> Render:
    return _current


def gpu() -> bool:
    return _current.gpu


def probe() -> tuple[str, str, str]:
    """(OpenGL version, renderer, "") of a context made on this platform, or ("", "", why not)."""
    from PySide6.QtGui import QGuiApplication, QOffscreenSurface, QOpenGLContext

    app = QGuiApplication.instance()
    platform = app.platformName() if app is not None else "?"
    context = QOpenGLContext()
    if not context.create():
        return "", "", f"no OpenGL context on the '{platform}' platform"
    surface = QOffscreenSurface()
    surface.setFormat(context.format())
    surface.create()
    try:
        if not surface.isValid() or not context.makeCurrent(surface):
            return "", "", f"an OpenGL context on the '{platform}' platform cannot be made current"
        f = context.functions()
        renderer = f.glGetString(GL_RENDERER) or "?"
        fmt = context.format()
        version = f"{fmt.majorVersion()}.{fmt.minorVersion()}" + (" ES" if context.isOpenGLES() else "")
        context.doneCurrent()
        return version, renderer, ""
    finally:
        surface.destroy()


def software(renderer: str) -> bool:
    low = renderer.lower()
    return any(word in low for word in SOFTWARE)


def choose(asked: str, probe=probe) -> Render:
    """Decide the path (once, at start, after the QApplication exists and before any screen), log it once."""
    global _current
    asked = asked if asked in CHOICES else "auto"
    if asked == "cpu":
        chosen = Render("cpu", asked, "asked for with --render cpu")
    else:
        version, renderer, why = probe()
        if why:
            chosen = Render("cpu", asked, why)
        elif software(renderer):
            chosen = (Render("gpu", asked, "asked for with --render gpu on a software renderer: drawn by the CPU",
                             version, renderer) if asked == "gpu" else
                      Render("cpu", asked, f"the OpenGL renderer is software ({renderer})", version, renderer))
        else:
            chosen = Render("gpu", asked, "", version, renderer)
    _current = chosen
    log.info("render: %s", chosen.describe())
    return chosen


def fail(why: str) -> None:
    """The gpu path failed while running: logged once, the cpu path from now on for every screen and camera."""
    global _current
    if not _current.gpu:
        return
    _current = Render("cpu", _current.asked, f"the gpu path failed: {why}", _current.gl_version, _current.renderer)
    log.error("render: %s", _current.describe())
    changes.fell_back.emit(why)


def reset(render: Render) -> None:
    """Tests: start from ``render``."""
    global _current
    _current = render


def from_env() -> str:
    return os.environ.get("IOC_WALL_RENDER", "auto")
