"""The main window: layout persistence, opening databases (good and bad), menus, status."""

from __future__ import annotations

import json

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication, QMessageBox
from workspace_helpers import make_window

from db.opening import open_database
from db.reads import queries, source_reads
from desktop.main_window import MainWindow


def test_window_layout_and_geometry_persist(ctx, qtbot, tmp_path):
    ini = tmp_path / "ui.ini"
    window = make_window(ctx, qtbot, ini)
    window.docks["positionsDock"].hide()
    window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, window.docks["sourcesDock"])
    window.resize(777, 666)  # within the offscreen screen (800×800)
    window.close()
    assert QSettings(str(ini), QSettings.Format.IniFormat).value("mainWindow/state")

    again = MainWindow(ctx, QSettings(str(ini), QSettings.Format.IniFormat))
    qtbot.addWidget(again)
    again.show()
    qtbot.waitExposed(again)
    assert not again.docks["positionsDock"].isVisible()
    assert again.dockWidgetArea(again.docks["sourcesDock"]) == Qt.DockWidgetArea.RightDockWidgetArea
    assert (again.width(), again.height()) == (777, 666)
    # Toggling from the View menu brings the pane back.
    toggle = next(a for a in again.view_menu.actions() if a.text() == "&Positions")
    toggle.trigger()
    assert again.docks["positionsDock"].isVisible()


def test_opening_a_non_database_file_keeps_the_current_one(ctx, qtbot, tmp_path, monkeypatch):
    window = make_window(ctx, qtbot, tmp_path / "ui.ini")
    junk = tmp_path / "notes.sqlite3"
    junk.write_text("these are my notes, not a database\n")
    messages: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical",
                        lambda parent, title, text, *a, **k: messages.append(text))
    monkeypatch.setattr("desktop.main_window.QFileDialog.getOpenFileName",
                        lambda *a, **k: (str(junk), ""))
    old_path = ctx.db.path
    window.open_db_action.trigger()
    assert len(messages) == 1 and "not a Parley database" in messages[0]
    assert ctx.db.path == old_path
    assert window.windowTitle() == f"{old_path.name} — Parley"
    assert window.positions.model.rowCount() == 84
    assert queries.counts(ctx.db)["positions"] == 84  # still usable
    assert junk.read_text() == "these are my notes, not a database\n"  # untouched


def test_opening_another_database_switches_every_pane(ctx, qtbot, tmp_path):
    window = make_window(ctx, qtbot, tmp_path / "ui.ini")
    other = tmp_path / "empty.sqlite3"
    open_database(other, seed=False).close()
    ctx.filters.update(text="prisoners")
    assert window.open_database_file(other, seed=False)
    assert ctx.db.path == other
    assert window.windowTitle() == "empty.sqlite3 — Parley"
    assert str(other) in window.file_label.text()
    assert "0 positions" in window.counts_label.text()
    assert window.positions.model.rowCount() == 0
    assert window.sources.model.rowCount() == 0
    assert window.reader.source_id is None
    assert ctx.filters.current.text == ""
    assert str(other.resolve()) in window.recent_databases()
    assert window.ctx.ops.undo_stack.count() == 0


def test_find_focuses_the_search_box_and_f5_refreshes(ctx, qtbot, tmp_path):
    window = make_window(ctx, qtbot, tmp_path / "ui.ini")
    window.reader.text.setFocus()
    qtbot.keyClick(window.reader.text, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.positions.search.hasFocus()
    with qtbot.waitSignal(ctx.ops.changed, timeout=1000):
        qtbot.keyClick(window.positions.view, Qt.Key.Key_F5)


def test_menus_shortcuts_and_accessible_names(ctx, qtbot, tmp_path):
    window = make_window(ctx, qtbot, tmp_path / "ui.ini")
    titles = [a.text() for a in window.menuBar().actions()]
    assert titles == ["&File", "&Edit", "&View", "&Record", "&Help"]
    assert window.new_position_action.shortcut().toString() == "Ctrl+N"
    assert window.new_db_action.shortcut().toString() == "Ctrl+Shift+N"
    assert window.open_db_action.shortcut().toString() == "Ctrl+O"
    assert window.undo_action.shortcut().toString() == "Ctrl+Z"
    assert window.redo_action.shortcut().toString() == "Ctrl+Shift+Z"
    assert window.delete_action.shortcut().toString() == "Del"
    assert window.edit_action.shortcut().toString() == "F2"
    from PySide6.QtWidgets import QAbstractButton, QComboBox, QLineEdit

    for cls in (QAbstractButton, QComboBox, QLineEdit):
        for w in window.findChildren(cls):
            # Screen readers read a button's text when it has no accessible name of its own.
            named = w.accessibleName() or (isinstance(w, QAbstractButton) and w.text())
            if w.isVisible() and not named:
                parent = w.parent()
                # Qt's own sub-widgets (a combo's line edit, a dock's float button) are named
                # through their owner.
                assert isinstance(parent, QComboBox) or "dock" in w.objectName().lower() \
                    or w.objectName().startswith("qt_"), (cls.__name__, w.text()
                                                          if hasattr(w, "text") else w)


def _paste(qtbot, widget, text: str) -> None:  # type: ignore[no-untyped-def]
    QApplication.clipboard().setText(text)
    widget.setFocus()
    qtbot.keyClick(widget, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)


def test_add_source_dialog_validates_inline(ctx, qtbot, tmp_path):
    window = make_window(ctx, qtbot, tmp_path / "ui.ini")
    window.add_source_action.trigger()
    dialog = window.sources.dialog
    assert not dialog.save_button.isEnabled()
    _paste(qtbot, dialog.text, "Negotiators met in Geneva.\nBoth sides\u00a0agreed to talk.")
    qtbot.keyClicks(dialog.title_edit, "Geneva talks")
    qtbot.keyClicks(dialog.url, "ftp://example.org")
    assert "http" in dialog.findChild(type(dialog.general_problem), "problem_url").text()
    assert not dialog.save_button.isEnabled()
    dialog.url.clear()
    qtbot.keyClicks(dialog.published, "2025-02-30")
    assert not dialog.save_button.isEnabled()
    dialog.published.clear()
    qtbot.keyClicks(dialog.published, "2025-03-20")
    assert dialog.save_button.isEnabled()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    src = next(s for s in source_reads.sources(ctx.db) if s.title == "Geneva talks")
    assert source_reads.source_text(ctx.db, src.id) == \
        "Negotiators met in Geneva.\nBoth sides\u00a0agreed to talk."
    assert window.reader.source_id == src.id
    assert window.sources.current_source_id() == src.id
    assert window.undo_action.text().replace("&", "") == "Undo Add source “Geneva talks”"

    # The same text again is refused in the dialog, not with a traceback.
    window.add_source_action.trigger()
    dialog = window.sources.dialog
    _paste(qtbot, dialog.text, "Negotiators met in Geneva.\nBoth sides\u00a0agreed to talk.")
    qtbot.keyClicks(dialog.title_edit, "Again")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert "already in the database" in \
        dialog.findChild(type(dialog.general_problem), "problem_text").text()


def test_delete_source_is_refused_with_a_count_when_quoted(ctx, qtbot, tmp_path, monkeypatch):
    window = make_window(ctx, qtbot, tmp_path / "ui.ini")
    shown: list[str] = []
    asked: list[str] = []
    monkeypatch.setattr(QMessageBox, "question",
                        lambda p, t, text, *a, **k: asked.append(text)
                        or QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(QMessageBox, "information", lambda p, t, text, *a: shown.append(text))
    sid = window.reader.source_id
    used = next(s.positions for s in source_reads.sources(ctx.db) if s.id == sid)
    qtbot.mouseClick(window.reader.delete_button, Qt.MouseButton.LeftButton)
    assert shown and f"quoted by {used} positions" in shown[0]
    assert asked == []  # refused straight away: no "Delete …?" first that Yes cannot honour
    assert any(s.id == sid for s in source_reads.sources(ctx.db))


def test_export_then_import_into_a_new_database(ctx, qtbot, tmp_path, monkeypatch):
    window = make_window(ctx, qtbot, tmp_path / "ui.ini")
    out = tmp_path / "all.json"
    assert window.export_to(out, csv=False)
    payload = json.loads(out.read_text(encoding="utf-8"))
    assert len(payload["positions"]) == 84
    assert window.export_to(tmp_path / "all.csv", csv=True)
    assert (tmp_path / "all.csv").read_text(encoding="utf-8-sig").count("\n") >= 85

    empty = tmp_path / "fresh.sqlite3"
    assert window.open_database_file(empty, seed=False)
    assert window.import_from(out)
    assert window.positions.model.rowCount() == 84
    assert "84 positions" in window.counts_label.text()
    assert window.undo_action.text() == "&Undo Import 84 positions"
    window.undo_action.trigger()
    assert window.positions.model.rowCount() == 0
    assert "0 positions" in window.counts_label.text()
    window.redo_action.trigger()
    assert window.positions.model.rowCount() == 84
    errors: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda p, t, text, *a: errors.append(text))
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    assert not window.import_from(bad)
    assert "Nothing was imported" in errors[0]


def test_about_names_version_database_and_qt(ctx, qtbot, tmp_path):
    import PySide6

    window = make_window(ctx, qtbot, tmp_path / "ui.ini")
    window.about_action.trigger()
    dialog = window.about_dialog
    qtbot.waitUntil(dialog.isVisible)
    from PySide6.QtWidgets import QLabel

    from desktop.version import version

    shown = " ".join(label.text() for label in dialog.findChildren(QLabel))
    assert version() in shown and str(ctx.db.path) in shown
    assert PySide6.__version__ in shown
    dialog.close()


def test_recent_databases_reopen_from_the_menu(ctx, qtbot, tmp_path):
    window = make_window(ctx, qtbot, tmp_path / "ui.ini")
    first = ctx.db.path
    other = tmp_path / "other.sqlite3"
    assert window.open_database_file(other, seed=False)
    window.recent_menu.aboutToShow.emit()
    entries = [a for a in window.recent_menu.actions() if a.isEnabled()]
    assert [a.text() for a in entries] == [str(first.resolve())]
    entries[0].trigger()
    assert ctx.db.path.resolve() == first.resolve()
    assert window.positions.model.rowCount() == 84


def test_edit_source_details_updates_the_list_and_undoes(ctx, qtbot, tmp_path):
    window = make_window(ctx, qtbot, tmp_path / "ui.ini")
    sid = window.reader.source_id
    qtbot.mouseClick(window.reader.edit_button, Qt.MouseButton.LeftButton)
    dialog = window.reader.source_dialog
    assert dialog is not None and dialog.source_id == sid
    old_outlet = dialog.outlet.text()
    dialog.outlet.clear()
    qtbot.keyClicks(dialog.outlet, "Renamed Outlet")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    model = window.sources.model
    outlets = [model.index(r, 1).data() for r in range(model.rowCount())]
    assert "Renamed Outlet" in outlets
    assert "Renamed Outlet" in window.reader.meta.text()
    window.undo_action.trigger()
    assert next(s.outlet for s in source_reads.sources(ctx.db) if s.id == sid) == old_outlet
