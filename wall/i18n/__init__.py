"""UI language: Vietnamese is the source language; English comes from Qt's translation files here.

Regenerate after changing UI strings:
    pyside6-lupdate wall/widgets/*.py wall/runtime/*.py ioc_core/views/*.py -ts wall/i18n/ioc_wall_en.ts
    pyside6-lrelease wall/i18n/ioc_wall_en.ts -qm wall/i18n/ioc_wall_en.qm
"""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).resolve().parent
LANGUAGES = ("vi", "en")


def tr(text: str) -> str:
    """A UI string of a module that has no translation context of its own. pyside6-lupdate files module-level
    ``tr("...")`` calls under the empty context, so this looks them up there (a named context never matched)."""
    from PySide6.QtCore import QCoreApplication

    return QCoreApplication.translate("", text)


def install(app, lang: str):
    """Install the translator for ``lang`` on ``app``; return it (keep a reference) or None for Vietnamese."""
    from PySide6.QtCore import QTranslator

    from wall.widgets import style

    style.LANGUAGE = lang
    if lang == "vi":
        return None
    translator = QTranslator(app)
    if not translator.load(str(HERE / f"ioc_wall_{lang}.qm")):
        raise FileNotFoundError(f"no translation for '{lang}' in {HERE}")
    app.installTranslator(translator)
    return translator
