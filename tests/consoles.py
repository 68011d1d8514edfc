"""A console window connected to a real wall (tests/wallproc.WallApi) with one role's token, as a person opens it."""

from __future__ import annotations

import pytest

from operator_console.window import ConsoleWindow


def never_modal(window) -> list[str]:
    """A conflict question would wait for ever in a test (a modal dialog nobody answers): the demo wall's alert
    rules may change a region between the console's last state and its command. It is recorded in
    ``window.asked`` and answered "apply anyway", as an operator would; a test about conflicts sets its own."""
    window.asked = []
    window.ask_override = lambda reason: window.asked.append(reason) or True
    return window.asked


def open_console(qtbot, wall, role: str = "technician", name: str = "") -> ConsoleWindow:
    """Shown, connected, and waited for until the wall has said which role the token has (the technician's tools
    are enabled by it) and its lists have arrived."""
    window = ConsoleWindow(name or f"bàn {role}")
    qtbot.addWidget(window, before_close_func=close_tools)
    window.show()
    never_modal(window)
    window.add_wall("Tường thử", wall.url, wall.tokens[role])
    qtbot.waitUntil(lambda: window.current.role == role and window.layout_combo.count() > 0, timeout=30000)
    return window


def close_tools(window) -> None:
    """The technician's tool windows the console opened (layout editor, screen mapping, catalogue): windows of their
    own, which closing the console's main window leaves open. Hidden and deleted rather than closed: an editor with
    unsaved changes would ask whether to discard them, in a dialog nobody answers."""
    from PySide6.QtWidgets import QWidget

    for tool in window.findChildren(QWidget):
        if tool.isWindow():
            tool.hide()
            tool.deleteLater()


@pytest.fixture
def catalogue_dialog(qtbot, wall):
    """The console's catalogue dialog, open on the module's ``wall`` fixture and filled from it."""
    from operator_console.catalogue_forms import CatalogueDialog

    window = open_console(qtbot, wall)
    d = window.open_catalogue()
    assert isinstance(d, CatalogueDialog)
    qtbot.waitUntil(lambda: d.doc is not None, timeout=15000)
    yield d
    d.close()
    window.close()
