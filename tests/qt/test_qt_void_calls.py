"""PySide6 6.12.0 on CPython 3.11 drops a reference to None on every void Qt call and aborts the interpreter
after about 16,000 of them ("Fatal Python error: none_dealloc"). Whatever PySide6 and Python the project
ends up on, 50,000 void calls in one process must survive."""

from __future__ import annotations

import subprocess
import sys

CODE = """
import sys
from PySide6.QtCore import QRectF
from PySide6.QtWidgets import QApplication, QLabel
app = QApplication([])
rect, label = QRectF(), QLabel()
for i in range(25_000):
    rect.setHeight(i)        # void
    label.setText(str(i))    # void
label.update()
print("survived", sys.getrefcount(None) if sys.version_info < (3, 12) else "immortal")
"""


def test_fifty_thousand_void_qt_calls_survive():
    proc = subprocess.run([sys.executable, "-c", CODE], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.startswith("survived")
