"""Words the view models use: status shapes and words, and the hook through which UI strings are translated.

The wall installs Qt's translator (``set_translator(QCoreApplication.translate)``, which Qt documents as
thread-safe) so that models built on a worker thread speak the wall's language; without it the Vietnamese
source text is used.
"""

from __future__ import annotations

from collections.abc import Callable

_translator: Callable[[str, str], str] | None = None


def set_translator(fn: Callable[[str, str], str] | None) -> None:
    global _translator
    _translator = fn


def translate(context: str, text: str) -> str:
    return text if _translator is None else _translator(context, text)


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # noqa: N802 (the name pyside6-lupdate looks for)
    """Marks a string for translation where it is declared (as QT_TRANSLATE_NOOP): translated where shown."""
    return text


# Status: shape AND word (the colour is the widgets'), so colour-blind viewers read it too.
STATUS_MARK = {
    "normal": ("●", QT_TRANSLATE_NOOP("Status", "Bình thường")),
    "warning": ("▲", QT_TRANSLATE_NOOP("Status", "Cảnh báo")),
    "critical": ("◆", QT_TRANSLATE_NOOP("Status", "Nghiêm trọng")),
    "stale": ("◷", QT_TRANSLATE_NOOP("Status", "Số liệu cũ")),
    "no_data": ("○", QT_TRANSLATE_NOOP("Status", "Chưa có dữ liệu")),
}

# Worst first: how views order things by state (overview cards, table rows).
STATE_ORDER = {"critical": 0, "warning": 1, "stale": 2, "no_data": 3, "normal": 4}


# A map view's layer (ioc_core/catalogue/mapdata.LAYERS) as a reader knows it, never the layer's id: the map's
# title on the wall and the views a console is offered (ioc_core/api/port.py) say the same.
LAYER_NAMES = {
    "all": QT_TRANSLATE_NOOP("MapView", "Tất cả"),
    "tourism": QT_TRANSLATE_NOOP("MapView", "Du lịch"),
    "environment": QT_TRANSLATE_NOOP("MapView", "Môi trường"),
    "cameras": QT_TRANSLATE_NOOP("MapView", "Camera"),
    "incidents": QT_TRANSLATE_NOOP("MapView", "Sự cố"),
    "safety": QT_TRANSLATE_NOOP("MapView", "An ninh, trật tự"),
}
