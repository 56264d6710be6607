"""The GUI while another instance holds the write lock: saving says so in the form (no
traceback, nothing written), and the same Save goes through once the lock is released."""

from __future__ import annotations

import sqlite3

from PySide6.QtCore import Qt
from workspace_helpers import make_window

from db.opening import open_database
from db.reads.record_inputs import position_input


def test_save_meeting_another_instances_lock(ctx, qtbot, tmp_path):  # type: ignore[no-untyped-def]
    ctx.ops.set_database(open_database(ctx.db.path, timeout_ms=300))
    window = make_window(ctx, qtbot, tmp_path / "ui.ini")
    pid = window.positions.model.row_at(0).id
    before = position_input(ctx.db, pid).notes
    window.ctx.navigator.edit_position.emit(pid)
    form = window.positions.form
    form.notes.setFocus()
    qtbot.keyClicks(form.notes, " checked twice")
    other = sqlite3.connect(ctx.db.path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    other.execute("INSERT INTO setting (key, value) VALUES ('other', 'instance')")
    try:
        qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
        assert form.isVisible()
        assert form.general_problem.isVisible()
        assert "locked by another program" in form.general_problem.text()
        assert position_input(ctx.db, pid).notes == before
    finally:
        other.execute("COMMIT")
        other.close()
    # A refusal that is not about the record leaves Save enabled for a retry.
    assert form.save_button.isEnabled()
    typed = form.notes.toPlainText()
    assert "checked twice" in typed and typed != before
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert not form.isVisible()
    assert position_input(ctx.db, pid).notes == typed
