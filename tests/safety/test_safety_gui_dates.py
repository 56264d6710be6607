"""A typed date is kept as typed. The position form's date field (a QDateEdit) turned
2025-02-30 into 2025-02-03, 2025-03-32 into 2025-03-03 and 2031-01-01 into 2025-01-01, and
dropped letters; now an impossible date stays on screen, is named as invalid, and nothing
is saved. The event form had the same field."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from db.reads import queries, record_inputs
from db.reads.queries import events
from desktop.forms.position_form import PositionForm
from desktop.panes.codebook_editor import CodebookEditor

INVALID = ["2025-02-30", "2025-03-32", "2025-13-01", "2025-0a-01", "yesterday", "2025-02-3"]


def _problem(form: PositionForm, name: str) -> str:
    label = form.findChild(type(form.quote_where), f"problem_{name}")
    return label.text() if label.isVisible() else ""


def _retype(qtbot, field, text: str) -> None:  # type: ignore[no-untyped-def]
    field.setFocus()
    field.selectAll()
    qtbot.keyClick(field, Qt.Key.Key_Delete)
    qtbot.keyClicks(field, text)


def _edit_form(ctx, qtbot, _tmp_path):  # type: ignore[no-untyped-def]
    position_id = queries.position_rows(ctx.db, queries.PositionFilter())[0].id
    form = PositionForm(ctx, position_id)
    qtbot.addWidget(form)
    form.show()
    qtbot.waitExposed(form)
    return form, position_id


@pytest.mark.parametrize("typed", INVALID)
def test_an_impossible_date_is_kept_named_and_not_saved(ctx, qtbot, tmp_path, typed) -> None:  # type: ignore[no-untyped-def]
    form, position_id = _edit_form(ctx, qtbot, tmp_path)
    before = record_inputs.position_input(ctx.db, position_id)
    undo_steps = ctx.ops.undo_stack.count()
    assert form.save_button.isEnabled()

    _retype(qtbot, form.date, typed)
    assert form.date.text() == typed  # never "fixed" into another date
    reason = _problem(form, "stated_on")
    assert typed in reason and "not a real date" in reason
    assert not form.save_button.isEnabled()

    form.save()  # even if asked to (Enter in a field), nothing is written
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert form.isVisible() and form.date.text() == typed
    assert record_inputs.position_input(ctx.db, position_id) == before
    assert ctx.ops.undo_stack.count() == undo_steps


def test_a_real_date_is_saved_as_typed(ctx, qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    form, position_id = _edit_form(ctx, qtbot, tmp_path)
    _retype(qtbot, form.date, "2031-01-01")
    assert form.date.text() == "2031-01-01" and _problem(form, "stated_on") == ""
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert record_inputs.position_input(ctx.db, position_id).stated_on == dt.date(2031, 1, 1)

    # Out of Parley's range is named too, and kept.
    form, _ = _edit_form(ctx, qtbot, tmp_path)
    _retype(qtbot, form.date, "2101-01-01")
    assert form.date.text() == "2101-01-01" and "outside" in _problem(form, "stated_on")
    assert not form.save_button.isEnabled()


def test_the_calendar_button_still_picks_a_date(ctx, qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    form, _ = _edit_form(ctx, qtbot, tmp_path)
    form.date.calendar_action.trigger()
    calendar = form.date.menu.actions()[0].defaultWidget()
    calendar.clicked.emit(calendar.selectedDate().addDays(1))
    picked = form.date.value()
    assert isinstance(picked, dt.date) and form.save_button.isEnabled()


def test_the_event_form_keeps_an_impossible_date_and_saves_nothing(ctx, qtbot) -> None:  # type: ignore[no-untyped-def]
    editor = CodebookEditor(ctx)
    qtbot.addWidget(editor)
    editor.resize(1100, 650)
    editor.show()
    editor.tabs.setCurrentIndex(2)
    qtbot.waitExposed(editor)
    form = editor.events
    before = events(ctx.db)
    qtbot.mouseClick(form.new_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(form.label_edit, "Riyadh technical talks")
    _retype(qtbot, form.date_edit, "2025-02-30")
    assert form.date_edit.text() == "2025-02-30"
    error = form.errors["date"]
    assert error.isVisible() and "2025-02-30" in error.text()
    assert not form.save_button.isEnabled()
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert events(ctx.db) == before

    _retype(qtbot, form.date_edit, "2025-03-20")
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    row = next(e for e in events(ctx.db) if e.label == "Riyadh technical talks")
    assert row.date == dt.date(2025, 3, 20)
