"""The position form as a user first sees it: every field visible without scrolling (where the
screen is tall enough), including the reasons shown under fields that still need a value."""

from __future__ import annotations

from PySide6.QtWidgets import QScrollArea
from workspace_helpers import fill_position, make_window, new_position_on_selection


def test_new_form_from_a_selection_shows_every_field_without_scrolling(ctx, qtbot, tmp_path):  # type: ignore[no-untyped-def]
    window = make_window(ctx, qtbot, tmp_path / "ui.ini")
    form, text, start = new_position_on_selection(window, qtbot)
    qtbot.waitExposed(form)
    # Stance and status are still empty (party, issue and attribution are offered from the
    # source's last record), and say so.
    assert form.findChild(type(form.quote_where), "problem_level_id").isVisible()
    screen = form.screen().availableGeometry()
    scroll = form.findChild(QScrollArea)
    needed = scroll.widget().sizeHint().height()
    assert needed < screen.height() * 0.8, "this test needs a screen taller than the form"
    assert scroll.viewport().height() >= needed, (
        f"form shows {scroll.viewport().height()} px of fields that need {needed} px: "
        "the last fields are cut off")
    assert not form.notes.visibleRegion().isEmpty()


def test_rows_stay_together_once_the_reasons_go_away(ctx, qtbot, tmp_path):  # type: ignore[no-untyped-def]

    window = make_window(ctx, qtbot, tmp_path / "ui.ini")
    form, text, start = new_position_on_selection(window, qtbot)
    qtbot.waitExposed(form)
    fill_position(form, qtbot)
    assert form.save_button.isEnabled()
    qtbot.wait(10)
    # Spare height does not go into the field boxes (a tall empty band under Notes and
    # the quote) nor between rows.
    boxes = [form.confidence.parentWidget(), form.notes.parentWidget()]
    assert boxes[1].geometry().top() - boxes[0].geometry().bottom() <= 12
    notes_box = boxes[1]
    assert notes_box.height() <= notes_box.sizeHint().height() + 2, (
        f"notes box {notes_box.height()} px for {notes_box.sizeHint().height()} px of field")
