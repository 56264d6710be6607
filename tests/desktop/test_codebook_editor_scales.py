"""The Issues tab (stance scales) and the Events tab of the codebook editor."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QLineEdit

from db.reads.queries import PositionFilter, events, issue_by_key, position_rows
from desktop.forms.issue_form import IssueForm
from desktop.forms.level_table_model import LABEL
from desktop.panes.codebook_editor import CodebookEditor

# The same behaviour on an SQLite file and on a PostgreSQL server database.
pytestmark = pytest.mark.engines()


def _editor(ctx, qtbot, tab: int) -> CodebookEditor:  # type: ignore[no-untyped-def]
    editor = CodebookEditor(ctx)
    qtbot.addWidget(editor)
    editor.resize(1100, 650)
    editor.show()
    editor.tabs.setCurrentIndex(tab)
    qtbot.waitExposed(editor)
    return editor


def _open_issue(qtbot, form: IssueForm, key: str) -> int:  # type: ignore[no-untyped-def]
    issue = issue_by_key(form.ctx.db, key)
    assert issue is not None
    row = next(r for r in range(form.list_model.rowCount())
               if form.list_model.index(r, 0).data() == issue.name)
    index = form.list_model.index(row, 0)
    qtbot.mouseClick(form.list_view.viewport(), Qt.MouseButton.LeftButton,
                     pos=form.list_view.visualRect(index).center())
    assert form.heading.text() == f"Issue “{issue.name}”"
    return issue.id


def _click_level(qtbot, form: IssueForm, row: int) -> None:  # type: ignore[no-untyped-def]
    rect = form.level_view.visualRect(form.levels.index(row, 0))
    qtbot.mouseClick(form.level_view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def _levels(ctx, key: str) -> dict[str, tuple[int, int]]:  # type: ignore[no-untyped-def]
    issue = issue_by_key(ctx.db, key)
    return {lv.label: (lv.id, lv.value) for lv in issue.levels}


def test_edit_a_level_label_in_the_table(ctx, qtbot) -> None:  # type: ignore[no-untyped-def]
    editor = _editor(ctx, qtbot, 1)
    form = editor.issues
    _open_issue(qtbot, form, "ceasefire_scope")
    level_id = _levels(ctx, "ceasefire_scope")["Air and sea truce"][0]
    row = next(r for r in range(form.levels.rowCount()) if form.levels.level(r).id == level_id)
    index = form.levels.index(row, LABEL)
    form.level_view.setCurrentIndex(index)
    qtbot.keyClick(form.level_view, Qt.Key.Key_F2)
    cell = form.level_view.findChild(QLineEdit)  # the cell editor F2 opened
    assert isinstance(cell, QLineEdit) and cell.text() == "Air and sea truce"
    cell.selectAll()
    qtbot.keyClicks(cell, "Air + sea truce")
    qtbot.keyClick(cell, Qt.Key.Key_Return)  # the delegate commits on the next event loop turn
    qtbot.waitUntil(lambda: form.levels.level(row).label == "Air + sea truce", timeout=2000)
    assert form.save_button.isEnabled()
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert _levels(ctx, "ceasefire_scope")["Air + sea truce"] == (level_id, 3)
    ctx.ops.undo_stack.undo()
    assert "Air and sea truce" in _levels(ctx, "ceasefire_scope")
    assert form.levels.level(row).label == "Air and sea truce"


def test_reorder_levels_swaps_values_and_records_keep_their_level(ctx, qtbot) -> None:  # type: ignore[no-untyped-def]
    editor = _editor(ctx, qtbot, 1)
    form = editor.issues
    issue_id = _open_issue(qtbot, form, "ceasefire_scope")
    before = _levels(ctx, "ceasefire_scope")
    only_id, plus_id = before["Energy infrastructure only"][0], before["Energy + infrastructure"][0]
    coded = {r.id for r in position_rows(ctx.db, PositionFilter(issue_ids=frozenset({issue_id})))
             if r.level_id == only_id}
    assert coded

    _click_level(qtbot, form, 1)  # Energy infrastructure only (value 1)
    assert form.down_button.isEnabled()
    qtbot.mouseClick(form.down_button, Qt.MouseButton.LeftButton)
    assert form.levels.level(2).id == only_id  # it moved and stays selected
    assert form.level_view.currentIndex().row() == 2
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)

    after = _levels(ctx, "ceasefire_scope")
    assert after["Energy infrastructure only"] == (only_id, 2)
    assert after["Energy + infrastructure"] == (plus_id, 1)
    rows = {r.id: r for r in position_rows(ctx.db, PositionFilter(ids=frozenset(coded)))}
    assert all(r.level_id == only_id and r.level_value == 2 for r in rows.values())

    ctx.ops.undo_stack.undo()
    assert _levels(ctx, "ceasefire_scope")["Energy infrastructure only"] == (only_id, 1)


def test_new_issue_needs_two_levels_then_saves_its_scale(ctx, qtbot) -> None:  # type: ignore[no-untyped-def]
    editor = _editor(ctx, qtbot, 1)
    form = editor.issues
    qtbot.mouseClick(form.new_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(form.name_edit, "Energy exports")
    assert form.key_edit.text() == "energy_exports"
    assert not form.save_button.isEnabled()
    assert form.errors["levels"].text() == "A stance scale needs at least two levels"
    for _ in range(3):
        qtbot.mouseClick(form.add_level_button, Qt.MouseButton.LeftButton)
    assert form.save_button.isEnabled()
    _click_level(qtbot, form, 2)
    qtbot.mouseClick(form.remove_level_button, Qt.MouseButton.LeftButton)  # unused: just goes
    assert form.levels.rowCount() == 2
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    issue = issue_by_key(ctx.db, "energy_exports")
    assert issue is not None and [lv.label for lv in issue.levels] == ["Level 0", "Level 1"]
    assert form.heading.text() == "Issue “Energy exports”"


def test_removing_a_used_level_is_refused_and_offers_a_merge(ctx, qtbot) -> None:  # type: ignore[no-untyped-def]
    editor = _editor(ctx, qtbot, 1)
    form = editor.issues
    _open_issue(qtbot, form, "ceasefire_scope")
    before = _levels(ctx, "ceasefire_scope")
    truce_id, full_id = before["Air and sea truce"][0], before["Full ceasefire"][0]
    _click_level(qtbot, form, 3)
    qtbot.mouseClick(form.remove_level_button, Qt.MouseButton.LeftButton)
    dialog = form.merge_dialog
    assert dialog is not None and dialog.isVisible()
    assert "used by 1 record" in dialog.message.text()
    assert form.levels.rowCount() == 6  # refused: still there
    dialog.select_id(full_id)
    qtbot.mouseClick(dialog.merge_button, Qt.MouseButton.LeftButton)
    after = _levels(ctx, "ceasefire_scope")
    assert "Air and sea truce" not in after
    assert form.levels.rowCount() == 5
    assert not [r for r in position_rows(ctx.db) if r.level_id == truce_id]
    ctx.ops.undo_stack.undo()
    assert _levels(ctx, "ceasefire_scope")["Air and sea truce"] == (truce_id, 3)
    assert len([r for r in position_rows(ctx.db) if r.level_id == truce_id]) == 1
    assert form.levels.rowCount() == 6


def test_events_add_edit_delete(ctx, qtbot) -> None:  # type: ignore[no-untyped-def]
    editor = _editor(ctx, qtbot, 2)
    form = editor.events
    count = len(events(ctx.db))
    qtbot.mouseClick(form.new_button, Qt.MouseButton.LeftButton)
    form.date_edit.setDate(QDate(2025, 3, 20))
    qtbot.keyClicks(form.label_edit, "Riyadh technical talks")
    assert form.key_edit.text() == "riyadh_technical_talks"
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    row = next(e for e in events(ctx.db) if e.key == "riyadh_technical_talks")
    assert (row.date, row.label) == (dt.date(2025, 3, 20), "Riyadh technical talks")
    shown = [form.model.index(r, 1).data() for r in range(form.model.rowCount())]
    assert "Riyadh technical talks" in shown and len(shown) == count + 1

    form.label_edit.selectAll()
    qtbot.keyClicks(form.label_edit, "Riyadh talks")
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert next(e for e in events(ctx.db) if e.id == row.id).label == "Riyadh talks"

    qtbot.mouseClick(form.delete_button, Qt.MouseButton.LeftButton)
    assert row.id not in {e.id for e in events(ctx.db)}
    assert form.heading.text() == "New event"
    ctx.ops.undo_stack.undo()
    assert next(e for e in events(ctx.db) if e.id == row.id).label == "Riyadh talks"


def test_event_key_clash_keeps_save_disabled(ctx, qtbot) -> None:  # type: ignore[no-untyped-def]
    editor = _editor(ctx, qtbot, 2)
    form = editor.events
    qtbot.mouseClick(form.new_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(form.label_edit, "Another call")
    form.key_edit.selectAll()
    qtbot.keyClicks(form.key_edit, "trump_putin_call")
    assert not form.save_button.isEnabled()
    assert form.errors["key"].text() == "Event key “trump_putin_call” is already used"


def test_deleting_a_used_issue_is_refused_with_the_count(ctx, qtbot) -> None:  # type: ignore[no-untyped-def]
    editor = _editor(ctx, qtbot, 1)
    form = editor.issues
    _open_issue(qtbot, form, "military_aid")
    used = len([r for r in position_rows(ctx.db) if r.issue_key == "military_aid"])
    qtbot.mouseClick(form.delete_button, Qt.MouseButton.LeftButton)
    assert issue_by_key(ctx.db, "military_aid") is not None
    assert form.general_error.isVisible()
    match = re.search(r"is used by (\d+) records", form.general_error.text())
    assert match and int(match.group(1)) >= used  # positions, plus conditions naming it


def test_forms_start_afresh_when_another_database_is_opened(ctx, qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from db.opening import open_database

    editor = _editor(ctx, qtbot, 1)
    _open_issue(qtbot, editor.issues, "territory")
    ctx.ops.set_database(open_database(tmp_path / "other.sqlite3", seed=False))
    assert editor.issues.heading.text() == "New issue"
    assert editor.issues.list_model.rowCount() == 0
    assert editor.parties.model.rowCount() == 0
    assert editor.events.model.rowCount() == 0
