"""Keyboard-only use of the position form: Tab visits the fields in the order they are shown,
top to bottom, then the buttons, then comes back to Party, with no invisible stop."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from workspace_helpers import make_window


def _tab_cycle(form, qtbot, count: int) -> list[str]:  # type: ignore[no-untyped-def]
    names: list[str] = []
    for _ in range(count):
        w = QApplication.focusWidget()
        name = w.accessibleName() or type(w).__name__
        if not names or names[-1] != name:  # a date edit takes one Tab per date section
            names.append(name)
        qtbot.keyClick(w, Qt.Key.Key_Tab)
    return names


def test_tab_walks_the_edit_form_in_reading_order(ctx, qtbot, tmp_path):  # type: ignore[no-untyped-def]
    window = make_window(ctx, qtbot, tmp_path / "ui.ini")
    pid = window.positions.model.row_at(0).id
    window.ctx.navigator.edit_position.emit(pid)
    form = window.positions.form
    qtbot.waitExposed(form)
    form.activateWindow()
    qtbot.waitUntil(form.isActiveWindow)
    form.party.setFocus()
    assert form.save_button.isEnabled()
    names = _tab_cycle(form, qtbot, 24)
    expected = ["Party", "Issue", "Stance level", "Date stated", "Date precision", "Status",
                "Attributed to", "Kind of attribution", "Source", "Quote", "Change quote"]
    assert names[:len(expected)] == expected
    rest = names[len(expected):]
    # Conditions (if any), confidence, notes, History (drawn left of Save), Save, Cancel,
    # and round to Party again.
    tail = rest[rest.index("Add condition"):]
    assert tail[:7] == ["Add condition", "Confidence", "Notes", "History of this record",
                        "Save position", "Cancel", "Party"], names
