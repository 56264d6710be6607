"""Helpers for the workspace GUI tests: a main window on temp settings, and real clicks."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QComboBox

from desktop.main_window import MainWindow
from desktop.panes.source_reader import SourceReader


def make_window(ctx, qtbot, settings_path: Path) -> MainWindow:  # type: ignore[no-untyped-def]
    settings = QSettings(str(settings_path), QSettings.Format.IniFormat)
    window = MainWindow(ctx, settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)  # window shortcuts (F2, Delete) need it
    return window


def _point_of(reader: SourceReader, doc_pos: int):  # type: ignore[no-untyped-def]
    cursor = QTextCursor(reader.text.document())
    cursor.setPosition(doc_pos)
    return reader.text.cursorRect(cursor).center()


def select_in_reader(qtbot, reader: SourceReader, start: int, end: int) -> None:  # type: ignore[no-untyped-def]
    """Select Python offsets start..end of the open source with a click and a shift-click,
    as a user would (scrolling the start into view first)."""
    cursor = reader.text.textCursor()
    cursor.setPosition(reader._map.to_document(start))
    reader.text.setTextCursor(cursor)
    reader.text.ensureCursorVisible()
    viewport = reader.text.viewport()
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton,
                     pos=_point_of(reader, reader._map.to_document(start)))
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton,
                     Qt.KeyboardModifier.ShiftModifier,
                     pos=_point_of(reader, reader._map.to_document(end)))


def choose(combo: QComboBox, text: str) -> None:
    """Pick the item whose text is `text` (or contains it), as choosing from the list."""
    index = combo.findText(text, Qt.MatchFlag.MatchContains)
    assert index >= 0, f"{text!r} not among {[combo.itemText(i) for i in range(combo.count())]}"
    combo.setCurrentIndex(index)
    combo.activated.emit(index)
