"""Vietnamese first, English through Qt's translation system, Vietnamese formats for numbers and dates."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtCore import QCoreApplication

from ioc_core import fmt
from wall import i18n
from wall.widgets import style

ROOT = Path(__file__).resolve().parents[2]
TS = ROOT / "wall" / "i18n" / "ioc_wall_en.ts"


def test_every_ui_string_in_the_code_has_a_finished_english_translation():
    in_code = set()
    # the wall's Qt code and the view models it has built on a worker (ioc_core/views: Qt-free, translated through
    # the hook the wall installs)
    for path in [*(ROOT / "wall").rglob("*.py"), *(ROOT / "ioc_core" / "views").rglob("*.py")]:
        text = path.read_text(encoding="utf-8")
        # a string may be written as adjacent literals over several lines: they are one string to Qt
        for group in re.findall(r'(?:translate|QT_TRANSLATE_NOOP)\(\s*"\w+",\s*((?:"(?:[^"\\]|\\.)*"\s*)+)', text):
            in_code.add("".join(re.findall(r'"((?:[^"\\]|\\.)*)"', group)))
    messages = {m.findtext("source"): m.find("translation") for m in ET.parse(TS).getroot().iter("message")}
    assert in_code and in_code <= set(messages), in_code - set(messages)
    assert [s for s, t in messages.items() if t.get("type") == "unfinished" or not t.text] == []


def test_english_translator_is_used_when_asked(qapp):
    try:
        translator = i18n.install(qapp, "en")
        assert QCoreApplication.translate("Identify", "Cấu hình hợp lệ") == "Configuration valid"
        assert style.LANGUAGE == "en"
    finally:
        qapp.removeTranslator(translator)
        i18n.install(qapp, "vi")
    assert QCoreApplication.translate("Identify", "Cấu hình hợp lệ") == "Cấu hình hợp lệ"


def test_vietnamese_number_and_date_formats():
    assert fmt.number(5238802) == "5.238.802"
    assert fmt.number(12.5, 1) == "12,5"
    assert fmt.number(-1234.567, 2) == "-1.234,57"
    assert (fmt.signed(-0.04, 0), fmt.signed(-0.04, 1), fmt.signed(0.06, 1), fmt.signed(-266, 0)) == (
        "0", "0,0", "+0,1", "-266")  # a change that rounds away is 0, never "-0"
    moment = datetime(2026, 11, 22, 17, 5, 9, tzinfo=UTC)  # 00:05 on Monday in Hanoi
    assert (fmt.date(moment), fmt.clock(moment), fmt.weekday(moment)) == ("23/11/2026", "00:05:09", "Thứ Hai")


def test_the_console_speaks_english_when_asked(qapp):
    from operator_console.app import install_language
    from operator_console.window import ConsoleWindow

    translator = install_language(qapp, "en")
    try:
        window = ConsoleWindow("thử")
        assert window.windowTitle() == "IOC Wall — Operator console"
        assert window.heading.text() == "No wall chosen"
        window.close()
    finally:
        qapp.removeTranslator(translator)
    vietnamese = ConsoleWindow("thử")
    assert vietnamese.windowTitle() == "IOC Wall — Bàn điều khiển"
    vietnamese.close()
    ts = ROOT / "operator_console" / "i18n" / "ioc_console_en.ts"
    assert [m.findtext("source") for m in ET.parse(ts).getroot().iter("message")
            if m.find("translation").get("type") == "unfinished" or not m.find("translation").text] == []


def test_module_level_tr_helpers_find_their_english(qapp):
    """Chart and camera texts go through a module-level tr(); lupdate files those under the empty context."""
    from wall.widgets import camera, chart

    translator = i18n.install(qapp, "en")
    try:
        assert chart.tr("Mục tiêu %1") == "Target %1"
        assert camera.tr("Mất tín hiệu") == "No signal"
    finally:
        qapp.removeTranslator(translator)
        i18n.install(qapp, "vi")


def test_the_consoles_number_fields_use_the_languages_decimal_mark(qapp):
    from PySide6.QtCore import QLocale
    from PySide6.QtWidgets import QDoubleSpinBox

    from operator_console.app import install_language

    before = QLocale()
    try:
        shown = {}
        for lang in ("vi", "en"):
            translator = install_language(qapp, lang)
            box = QDoubleSpinBox()  # a bezel in millimetres, as the screen mapping asks for it
            box.setValue(3.5)
            shown[lang] = box.text()
            if translator is not None:
                qapp.removeTranslator(translator)
        assert shown == {"vi": "3,50", "en": "3.50"}
    finally:
        QLocale.setDefault(before)
        qapp.setProperty("language", "vi")
