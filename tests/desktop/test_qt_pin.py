"""PySide6 6.12.0 on Python 3.11 kills the process (`Fatal Python error: none_dealloc`) after
~16k Qt calls that return None. This makes ~50k such calls in a child process, so an upgrade
that brings the bug back fails here instead of in a user's session."""

from __future__ import annotations

import subprocess
import sys

CODE = """
from PySide6.QtGui import QTransform
from PySide6.QtCore import QPointF, QRectF
t = QTransform()
r = QRectF()
for i in range(25_000):
    t.setMatrix(1, 0, 0, 0, 1, 0, i, i, 1)   # returns None
    r.setRect(0, 0, i, i)                    # returns None
print("survived", 50_000)
"""


def test_fifty_thousand_void_qt_calls_do_not_kill_the_process() -> None:
    proc = subprocess.run([sys.executable, "-c", CODE], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "survived 50000" in proc.stdout


def test_pinned_pyside_version() -> None:
    import PySide6

    assert PySide6.__version__ == "6.11.3"
