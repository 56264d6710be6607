"""After the database refuses a save for a reason outside the record (another program holds
the write lock), the form says so and Save stays enabled: pressing it again, once the lock is
gone, saves without the user having to touch a field first."""

from __future__ import annotations

from PySide6.QtCore import Qt
from workspace_helpers import make_window, write_locked

from db.opening import open_database
from db.reads.record_inputs import position_input


def test_save_is_enabled_again_after_a_locked_database(ctx, qtbot, tmp_path):  # type: ignore[no-untyped-def]
    ctx.ops.set_database(open_database(ctx.db.path, timeout_ms=200))
    window = make_window(ctx, qtbot, tmp_path / "ui.ini")
    pid = window.positions.model.row_at(0).id
    window.ctx.navigator.edit_position.emit(pid)
    form = window.positions.form
    form.notes.setFocus()
    qtbot.keyClicks(form.notes, " (retry)")
    typed = form.notes.toPlainText()

    with write_locked(ctx.db.path):
        qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
        assert form.isVisible()
        assert "locked" in form.general_problem.text()
        assert form.save_button.isEnabled(), "Save must stay enabled for a retry"

    # No edit in between: the same button now saves.
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert not form.isVisible()
    assert position_input(ctx.db, pid).notes == typed
