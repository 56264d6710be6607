"""Helpers for the GUI tests: a widget or main window shown as a user sees it, real clicks and
selections, and another program holding the database's write lock."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QComboBox, QWidget

from db.reads import source_reads
from desktop.main_window import MainWindow
from desktop.panes.source_reader import SourceReader

W = TypeVar("W", bound=QWidget)


def make_window(ctx, qtbot, settings_path: Path) -> MainWindow:  # type: ignore[no-untyped-def]
    settings = QSettings(str(settings_path), QSettings.Format.IniFormat)
    window = MainWindow(ctx, settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)  # window shortcuts (F2, Delete) need it
    return window


def main_window(db, qtbot, settings_path: Path, *, size: tuple[int, int] | None = None,  # type: ignore[no-untyped-def]
                show: bool = True) -> MainWindow:
    """The main window as `parley` builds it (desktop.app.build_main_window), its layout
    kept in `settings_path`; sized when `size` is given, shown unless `show` is False."""
    from desktop.app import build_main_window

    window = build_main_window(db, QSettings(str(settings_path), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    if size is not None:
        window.resize(*size)
    if show:
        window.show()
        qtbot.waitExposed(window)
    return window


def shown(qtbot, widget: W, width: int | None = None, height: int | None = None) -> W:  # type: ignore[no-untyped-def]
    """`widget` owned by qtbot, sized (when given) and on screen."""
    qtbot.addWidget(widget)
    if width is not None and height is not None:
        widget.resize(width, height)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


@contextmanager
def write_locked(path: Path) -> Iterator[sqlite3.Connection]:
    """Another program holding the database's write lock until the block ends (what it
    wrote meanwhile is rolled back)."""
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        yield other
    finally:
        other.execute("ROLLBACK")
        other.close()


def new_position_on_selection(window: MainWindow, qtbot, phrase: str = "Despite Putin",  # type: ignore[no-untyped-def]
                              length: int = 30):  # type: ignore[no-untyped-def]
    """Select `length` characters from `phrase` in the open source and press New position,
    as a user would. Returns (form, source text, where the selection starts)."""
    text = source_reads.source_text(window.ctx.db, window.reader.source_id)
    start = text.index(phrase)
    select_in_reader(qtbot, window.reader, start, start + length)
    qtbot.mouseClick(window.reader.new_button, Qt.MouseButton.LeftButton)
    return window.reader.form, text, start


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


def fill_position(form, qtbot, party: str = "Russia", issue: str = "Ceasefire scope",  # type: ignore[no-untyped-def]
                  level: str = "No ceasefire", status: str = "rejects",
                  attributed: str = "Kremlin readout", kind: str = "Official statement") -> None:
    """Fill a position form's required choices as a user would: pick from each list, type
    who said it."""
    choose(form.party, party)
    choose(form.issue, issue)
    choose(form.level, level)
    choose(form.status, status)
    qtbot.keyClicks(form.attributed.lineEdit(), attributed)
    choose(form.kind, kind)


def make_pdf(path: Path, pages: list[str]) -> None:
    """A real PDF with a text layer, one paragraph per page, written by Qt."""
    from PySide6.QtCore import QMarginsF
    from PySide6.QtGui import QPageLayout, QPageSize, QPainter, QPdfWriter

    writer = QPdfWriter(str(path))
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4),
                                     QPageLayout.Orientation.Portrait, QMarginsF(20, 20, 20, 20)))
    writer.setTitle("Readout of the call")
    painter = QPainter(writer)
    for n, body in enumerate(pages):
        if n:
            writer.newPage()
        painter.drawText(200, 400, body)
    painter.end()
