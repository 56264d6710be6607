"""The open window sees what other programs write to its file: real `parley import-article`
and `parley import-data` processes add records, and within two seconds the sources list, the
positions table and the status bar counts show them, with the user's selections, the
reader's place and an open position form (with what was typed in it) kept as they were.
The window's own saves refresh it once, not a second time from the poll."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QLineEdit
from workspace_helpers import main_window, select_in_reader

from db.exchange.json_csv import export_data
from db.reads import queries, source_reads
from db.storage.database import Database
from desktop.external_changes import INTERVAL_MS, MESSAGE
from desktop.forms.level_table_model import LABEL

QUOTE = "Both delegations agreed to meet again in Istanbul next week."


def _window(db: Database, qtbot, tmp_path: Path):  # type: ignore[no-untyped-def]
    window = main_window(db, qtbot, tmp_path / "ui.ini")
    window.external_changes.start()  # as run_gui does once the window is up
    return window


def _parley(*args: str) -> None:
    proc = subprocess.run([sys.executable, "-m", "desktop", *args], capture_output=True,
                          text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr


def _import_article(db: Database, tmp_path: Path, title: str) -> None:
    article = tmp_path / f"{title}.txt"
    article.write_text(f"{title}\n\nTalks resumed in Geneva. {QUOTE}\n", encoding="utf-8")
    _parley("import-article", "--db", str(db.path), str(article), "--title", title)


def _click_row(qtbot, view, row: int) -> None:  # type: ignore[no-untyped-def]
    rect = view.visualRect(view.model().index(row, 0))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def _changes(window) -> list[object]:  # type: ignore[no-untyped-def]
    seen: list[object] = []
    window.ctx.ops.changed.connect(seen.append)
    return seen


def _user_state(window) -> tuple[object, ...]:  # type: ignore[no-untyped-def]
    # The reader's place is the text at its top edge: its scroll bar counts wrapped lines,
    # which change as the layout is completed lazily.
    return (window.positions.selected_ids(), window.positions.current_id(),
            window.sources.current_source_id(), window.reader.source_id,
            window.reader.text.cursorForPosition(QPoint(0, 0)).position())


def _working_window(db: Database, qtbot, tmp_path: Path):  # type: ignore[no-untyped-def]
    """A window mid-work: a position chosen in the table (its source follows in the list and
    the reader), the reader scrolled, and that position's form open with notes typed."""
    window = _window(db, qtbot, tmp_path)
    _click_row(qtbot, window.positions.view, 2)
    assert window.positions.selected_ids() and window.sources.current_source_id()
    bar = window.reader.text.verticalScrollBar()
    assert bar.maximum() > 0
    bar.setValue(bar.maximum() // 2)
    window.positions.edit_selected()
    form = window.positions.form
    qtbot.waitExposed(form)
    form.notes.moveCursor(form.notes.textCursor().MoveOperation.End)
    qtbot.keyClicks(form.notes, " (typed, not saved yet)")
    return window, form


def test_an_article_imported_by_the_command_line_appears_keeping_the_users_place(  # type: ignore[no-untyped-def]
        seeded_db, qtbot, tmp_path):
    window, form = _working_window(seeded_db, qtbot, tmp_path)
    typed = form.notes.toPlainText()
    state = _user_state(window)
    sources = window.sources.model.rowCount()

    _import_article(seeded_db, tmp_path, "Istanbul talks")

    qtbot.waitUntil(lambda: window.sources.model.rowCount() == sources + 1, timeout=2000)
    titles = [window.sources.model.index(r, 0).data()
              for r in range(window.sources.model.rowCount())]
    assert "Istanbul talks" in titles
    assert f"{sources + 1:,} sources" in window.counts_label.text()
    assert window.statusBar().currentMessage() == MESSAGE
    assert _user_state(window) == state
    assert form.isVisible() and form.notes.toPlainText() == typed


def test_positions_imported_by_another_program_appear_keeping_the_selection(  # type: ignore[no-untyped-def]
        seeded_db, qtbot, tmp_path):
    window, form = _working_window(seeded_db, qtbot, tmp_path)
    typed = form.notes.toPlainText()
    state = _user_state(window)
    shown = window.positions.model.rowCount()
    total = len(queries.position_rows(seeded_db))
    # An export of a new article with one coded position, from "another machine".
    data = export_data(seeded_db)
    text = f"Istanbul talks\n\nTalks resumed in Geneva. {QUOTE}\n"
    start = text.index(QUOTE)
    source = dict(data["sources"][0], id=9001, title="Istanbul talks", url="", text=text)
    position = dict(data["positions"][0], id=9001, source=9001, quote=QUOTE,
                    quote_start=start, quote_end=start + len(QUOTE), conditions=[],
                    notes="coded on another machine")
    payload = tmp_path / "other.json"
    payload.write_text(json.dumps(dict(data, sources=[source], positions=[position])),
                       encoding="utf-8")

    _parley("import-data", "--db", str(seeded_db.path), str(payload))

    qtbot.waitUntil(lambda: window.positions.model.rowCount() == shown + 1, timeout=2000)
    assert f"{total + 1:,} positions" in window.counts_label.text()
    assert any(r.notes == "coded on another machine" for r in window.positions.model.rows())
    assert _user_state(window) == state
    assert form.isVisible() and form.notes.toPlainText() == typed


def test_the_poll_refreshes_only_when_another_program_changed_the_file(  # type: ignore[no-untyped-def]
        seeded_db, qtbot, tmp_path):
    window = _window(seeded_db, qtbot, tmp_path)
    changes = _changes(window)
    qtbot.wait(4 * INTERVAL_MS)
    assert window.external_changes.is_active()
    assert changes == []  # nothing changed: nothing re-read

    _import_article(seeded_db, tmp_path, "Istanbul talks")
    qtbot.waitUntil(lambda: len(changes) == 1, timeout=2000)
    qtbot.wait(3 * INTERVAL_MS)
    assert len(changes) == 1  # one refresh per change, not one per tick


def test_the_windows_own_save_refreshes_it_once(seeded_db, qtbot, tmp_path):  # type: ignore[no-untyped-def]
    window, form = _working_window(seeded_db, qtbot, tmp_path)
    pid = window.positions.current_id()
    changes = _changes(window)
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert queries.position_row(seeded_db, pid).notes.endswith("(typed, not saved yet)")
    assert len(changes) == 1
    qtbot.wait(4 * INTERVAL_MS)
    assert len(changes) == 1  # the poll knows this commit was the window's own
    assert window.statusBar().currentMessage() != MESSAGE


def test_a_level_being_typed_and_a_passage_being_selected_survive_a_refresh(  # type: ignore[no-untyped-def]
        seeded_db, qtbot, tmp_path):
    window = _window(seeded_db, qtbot, tmp_path)
    reader = window.reader
    text = source_reads.source_text(seeded_db, reader.source_id)
    sentence = next(s for s in text.split(". ") if len(s) > 40)
    start = text.index(sentence)
    select_in_reader(qtbot, reader, start, start + len(sentence))
    dock = window.docks["codebookDock"]
    dock.raise_()
    form = dock.widget().issues
    dock.widget().tabs.setCurrentWidget(form)
    qtbot.waitExposed(form)
    _click_row(qtbot, form.list_view, 0)
    form.level_view.setCurrentIndex(form.levels.index(1, LABEL))
    qtbot.keyClick(form.level_view, Qt.Key.Key_F2)
    cell = form.level_view.findChild(QLineEdit)  # the cell editor F2 opened
    assert isinstance(cell, QLineEdit) and cell.isVisible()
    cell.end(False)
    qtbot.keyClicks(cell, " (being typed)")
    typed = cell.text()
    changes = _changes(window)

    _import_article(seeded_db, tmp_path, "Istanbul talks")

    qtbot.waitUntil(lambda: len(changes) == 1, timeout=2000)
    assert cell.isVisible() and cell.text() == typed
    assert reader.selection_offsets() == (start, start + len(sentence))
