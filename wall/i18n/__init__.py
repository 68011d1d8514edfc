"""UI language: Vietnamese is the source language; English comes from Qt's translation files here.

Regenerate after changing UI strings:
    pyside6-lupdate wall/widgets/*.py wall/runtime/*.py -ts wall/i18n/ioc_wall_en.ts
    pyside6-lrelease wall/i18n/ioc_wall_en.ts -qm wall/i18n/ioc_wall_en.qm
"""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).resolve().parent
LANGUAGES = ("vi", "en")


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
