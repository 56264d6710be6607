"""The conflicts pane and the codebook editor inside the main window, talking to the other
panes only through the shared navigator and ops."""

from __future__ import annotations

from PySide6.QtCore import Qt

from desktop.app import add_codebook_docks
from desktop.panes.codebook_editor import CodebookEditor
from desktop.panes.conflicts_view import ConflictsView
from tests.workspace_helpers import make_window


def test_docks_are_in_the_window_and_view_menu(ctx, qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    window = make_window(ctx, qtbot, tmp_path / "settings.ini")
    add_codebook_docks(window, ctx)
    assert isinstance(window.docks["conflictsDock"].widget(), ConflictsView)
    assert isinstance(window.docks["codebookDock"].widget(), CodebookEditor)
    toggles = [a.text() for a in window.view_menu.actions()]
    assert "&Conflicting accounts" in toggles and "&Codebook" in toggles


def test_clicking_an_account_shows_it_in_the_table_and_reader(ctx, qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    window = make_window(ctx, qtbot, tmp_path / "settings.ini")
    add_codebook_docks(window, ctx)
    dock = window.docks["conflictsDock"]
    dock.raise_()
    view = dock.widget()
    qtbot.waitUntil(view.isVisible)
    row = next(r for r in range(view.model.rowCount())
               if "demands vs denies" in view.model.index(r, 3).data())
    view.select_group(row)
    card = view.cards[-1]  # one of Trump's denials
    qtbot.waitUntil(card.isVisible)
    qtbot.mouseClick(card.show_button, Qt.MouseButton.LeftButton)
    assert window.positions.current_id() == card.position_id
    reader = window.reader
    selected = reader.text.textCursor().selectedText()
    assert "aid" in selected and reader.source_id is not None


def test_a_colour_edited_in_the_codebook_reaches_the_conflicts_pane(ctx, qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    window = make_window(ctx, qtbot, tmp_path / "settings.ini")
    add_codebook_docks(window, ctx)
    conflicts = window.docks["conflictsDock"]
    conflicts.raise_()
    view = conflicts.widget()
    qtbot.waitUntil(view.isVisible)
    form = window.docks["codebookDock"].widget().parties
    russia = next(r.id for r in form._rows.values() if r.name == "Russia")
    form.load(russia)
    form.colour_edit.selectAll()
    qtbot.keyClicks(form.colour_edit, "#123456")
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert {g.party_colour for g in view.groups if g.party_name == "Russia"} == {"#123456"}
