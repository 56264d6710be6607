"""The Parties tab of the codebook editor, driven through its widgets."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit
from workspace_helpers import shown

from db.reads.queries import PositionFilter, parties, position_rows
from desktop.forms.party_form import ID_ROLE, PartyForm
from desktop.panes.codebook_editor import CodebookEditor

# The same behaviour on an SQLite file and on a PostgreSQL server database.
pytestmark = pytest.mark.engines()


def _editor(ctx, qtbot) -> CodebookEditor:  # type: ignore[no-untyped-def]
    return shown(qtbot, CodebookEditor(ctx), 1000, 600)


def _retype(qtbot, edit: QLineEdit, text: str) -> None:  # type: ignore[no-untyped-def]
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClick(edit, Qt.Key.Key_Delete)
    if text:
        qtbot.keyClicks(edit, text)


def _tree_names(form: PartyForm) -> list[str]:
    out: list[str] = []

    def walk(parent) -> None:  # type: ignore[no-untyped-def]
        for row in range(form.model.rowCount(parent)):
            index = form.model.index(row, 0, parent)
            out.append(index.data())
            walk(index)

    from PySide6.QtCore import QModelIndex
    walk(QModelIndex())
    return out


def _click_party(qtbot, form: PartyForm, name: str) -> int:  # type: ignore[no-untyped-def]
    party_id = next(r.id for r in parties(form.ctx.db) if r.name == name)
    index = form._find_item(party_id)
    form.tree.scrollTo(index)
    qtbot.mouseClick(form.tree.viewport(), Qt.MouseButton.LeftButton,
                     pos=form.tree.visualRect(index).center())
    assert form.heading.text() == f"Party “{name}”"
    return party_id


def test_add_a_party_through_the_form(ctx, qtbot) -> None:  # type: ignore[no-untyped-def]
    editor = _editor(ctx, qtbot)
    form = editor.parties
    qtbot.mouseClick(form.new_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(form.name_edit, "Belarus")
    assert form.key_edit.text() == "belarus"  # suggested from the name
    qtbot.keyClicks(form.short_edit, "BY")
    _retype(qtbot, form.colour_edit, "#117733")
    form.parent_combo.setCurrentIndex(form.parent_combo.findText("Russia"))
    assert form.save_button.isEnabled()
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)

    row = next(r for r in parties(ctx.db) if r.name == "Belarus")
    russia = next(r for r in parties(ctx.db) if r.name == "Russia")
    assert (row.key, row.short_name, row.colour, row.parent_id) == (
        "belarus", "BY", "#117733", russia.id)
    # Shown in the tree under its parent, selected, and the form now edits it.
    index = form._find_item(row.id)
    assert index.parent().data(ID_ROLE) == russia.id
    assert form.tree.currentIndex().data(ID_ROLE) == row.id
    assert form.heading.text() == "Party “Belarus”"
    assert not form.save_button.isEnabled()  # nothing left to save

    ctx.ops.undo_stack.undo()
    assert "Belarus" not in {r.name for r in parties(ctx.db)}
    assert "Belarus" not in _tree_names(form)
    assert form.heading.text() == "New party"


def test_invalid_input_keeps_save_disabled_with_the_reason(ctx, qtbot) -> None:  # type: ignore[no-untyped-def]
    editor = _editor(ctx, qtbot)
    form = editor.parties
    qtbot.mouseClick(form.new_button, Qt.MouseButton.LeftButton)
    # A blank new form: Save disabled, the reason on its tooltip, no red text yet.
    assert not form.save_button.isEnabled()
    assert "Name is required" in form.save_button.toolTip()
    assert not form.errors["name"].isVisible()

    qtbot.keyClicks(form.name_edit, "M")
    _retype(qtbot, form.name_edit, "")
    assert form.errors["name"].isVisible()
    assert form.errors["name"].text() == "Name is required"
    assert not form.save_button.isEnabled()

    qtbot.keyClicks(form.name_edit, "Moldova")
    assert form.key_edit.text() == "moldova" and not form.errors["key"].isVisible()
    _retype(qtbot, form.colour_edit, "red")
    assert not form.save_button.isEnabled()
    assert form.errors["colour"].isVisible()
    assert form.errors["colour"].text() == "Colour must be #rrggbb"
    assert not form.errors["name"].isVisible()

    _retype(qtbot, form.colour_edit, "#aa3377")
    assert form.save_button.isEnabled()
    assert not form.errors["colour"].isVisible()

    _retype(qtbot, form.name_edit, "Ukraine")  # another party's name
    assert not form.save_button.isEnabled()
    # The suggested key follows the name, so the clash is reported on one of the two.
    assert "already called “Ukraine”" in form.errors["name"].text() + form.errors["key"].text()
    count = len(parties(ctx.db))
    form.save()  # even a forced save writes nothing
    assert len(parties(ctx.db)) == count


def test_edit_a_party_and_undo(ctx, qtbot) -> None:  # type: ignore[no-untyped-def]
    editor = _editor(ctx, qtbot)
    form = editor.parties
    party_id = _click_party(qtbot, form, "Ukraine")
    assert not form.save_button.isEnabled()
    _retype(qtbot, form.short_edit, "UKR")
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert next(r for r in parties(ctx.db) if r.id == party_id).short_name == "UKR"
    assert ctx.ops.undo_stack.undoText() == "Edit party “Ukraine”"
    ctx.ops.undo_stack.undo()
    assert next(r for r in parties(ctx.db) if r.id == party_id).short_name == "UA"
    assert form.short_edit.text() == "UA"  # the form follows the undo


def test_deleting_a_used_party_offers_a_merge_that_undo_reverts(ctx, qtbot) -> None:  # type: ignore[no-untyped-def]
    editor = _editor(ctx, qtbot)
    form = editor.parties
    germany = _click_party(qtbot, form, "Germany")
    france = next(r.id for r in parties(ctx.db) if r.name == "France")
    german_positions = {r.id for r in position_rows(ctx.db, PositionFilter(
        party_ids=frozenset({germany})))}
    assert len(german_positions) == 2

    qtbot.mouseClick(form.delete_button, Qt.MouseButton.LeftButton)
    dialog = form.merge_dialog
    assert dialog is not None and dialog.isVisible()
    assert "used by 2 records" in dialog.message.text()
    assert germany in {r.id for r in parties(ctx.db)}  # refused: nothing deleted
    names = [dialog.model.item(i).text() for i in range(dialog.model.rowCount())]
    assert "France" in names and "Germany" not in names
    assert not dialog.merge_button.isEnabled()
    dialog.select_id(france)
    qtbot.mouseClick(dialog.merge_button, Qt.MouseButton.LeftButton)

    assert germany not in {r.id for r in parties(ctx.db)}
    moved = {r.id for r in position_rows(ctx.db, PositionFilter(party_ids=frozenset({france})))}
    assert german_positions <= moved
    assert "Germany" not in _tree_names(form)
    assert form.heading.text() == "Party “France”"

    ctx.ops.undo_stack.undo()
    assert germany in {r.id for r in parties(ctx.db)}
    back = {r.id for r in position_rows(ctx.db, PositionFilter(party_ids=frozenset({germany})))}
    assert back == german_positions
    assert "Germany" in _tree_names(form)


def test_deleting_an_unused_party_and_cancelling_a_merge(ctx, qtbot) -> None:  # type: ignore[no-untyped-def]
    editor = _editor(ctx, qtbot)
    form = editor.parties
    uk = _click_party(qtbot, form, "United Kingdom")
    qtbot.mouseClick(form.delete_button, Qt.MouseButton.LeftButton)
    assert form.merge_dialog is None
    assert uk not in {r.id for r in parties(ctx.db)}
    assert "United Kingdom" not in _tree_names(form)
    ctx.ops.undo_stack.undo()
    assert "United Kingdom" in _tree_names(form)

    _click_party(qtbot, form, "Russia")
    qtbot.mouseClick(form.delete_button, Qt.MouseButton.LeftButton)
    assert form.merge_dialog is not None
    form.merge_dialog.reject()
    assert "Russia" in {r.name for r in parties(ctx.db)}


def test_tree_follows_changes_made_elsewhere(ctx, qtbot) -> None:  # type: ignore[no-untyped-def]
    from db.model.inputs import PartyInput

    editor = _editor(ctx, qtbot)
    form = editor.parties
    ctx.ops.create_party(PartyInput("moldova", "Moldova", "MD", "#999933"))
    assert "Moldova" in _tree_names(form)
    ctx.ops.undo_stack.undo()
    assert "Moldova" not in _tree_names(form)


def test_aliases_are_shown_and_edited_in_the_party_form(ctx, qtbot) -> None:  # type: ignore[no-untyped-def]
    from db.reads.record_inputs import party_input

    editor = _editor(ctx, qtbot)
    form = editor.parties
    party_id = _click_party(qtbot, form, "Russia")
    shown = [a.strip() for a in form.aliases_edit.text().split(",")]
    assert {"Putin", "Kremlin", "Moscow", "Peskov", "Lavrov"} <= set(shown)
    _retype(qtbot, form.aliases_edit, "Putin, the Kremlin,  Moscow , putin")
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert party_input(ctx.db, party_id).aliases == ["Putin", "the Kremlin", "Moscow"]
    ctx.ops.undo_stack.undo()
    assert "Peskov" in party_input(ctx.db, party_id).aliases
