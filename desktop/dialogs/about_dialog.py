"""Help → About: version, database path and the library versions a bug report needs."""

from __future__ import annotations

import platform
import sys
from pathlib import Path

import PySide6
from PySide6.QtCore import Qt, qVersion
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from desktop.bundle_check import is_frozen
from desktop.qt.icons import app_icon
from desktop.qt.plain_text import escape
from desktop.version import version

TAGLINE = "What each party in a negotiation says it wants, and how it moves over time."


def about_details(db_path: Path | str | None) -> list[tuple[str, str]]:
    """The facts shown in the dialog, as (label, value) rows."""
    return [
        ("Version", version()),
        ("Database", str(db_path) if db_path else "(none open)"),
        ("Qt", qVersion()),
        ("PySide6", PySide6.__version__),
        ("Python", f"{platform.python_version()} ({platform.python_implementation()})"),
        ("Build", "standalone (PyInstaller)" if is_frozen() else f"from source ({sys.prefix})"),
    ]


class AboutDialog(QDialog):
    def __init__(self, db_path: Path | str | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("About Parley")
        self.setWindowIcon(app_icon())
        icon = QLabel()
        icon.setPixmap(app_icon().pixmap(64, 64))
        icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        rows = "".join(
            f"<tr><td><b>{escape(k)}</b>&nbsp;&nbsp;</td><td>{escape(v)}</td></tr>"
            for k, v in about_details(db_path))
        self.text = QLabel(
            f"<h2>Parley {escape(version())}</h2><p>{escape(TAGLINE)}</p><table>{rows}</table>")
        self.text.setTextFormat(Qt.TextFormat.RichText)
        # Selectable, so a user can copy the versions and the path into a bug report.
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.text.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(icon)
        top.addWidget(self.text, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(buttons)
        self.buttons = buttons
        self.setMinimumWidth(480)


def show_about(parent: QWidget | None, db_path: Path | str | None) -> AboutDialog:
    """Open the About dialog (window-modal, without blocking) and return it."""
    dialog = AboutDialog(db_path, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
