"""Codebook edits while another program holds the database's write lock: the form says so
(no traceback, nothing written, the typed values kept) and the same Save works once the
lock is gone."""

from __future__ import annotations

from PySide6.QtCore import Qt
from workspace_helpers import shown, write_locked

from db.opening import open_database
from db.reads.queries import events, parties
from desktop.panes.codebook_editor import CodebookEditor


def _editor_on_short_timeout(ctx, qtbot) -> CodebookEditor:  # type: ignore[no-untyped-def]
    ctx.ops.set_database(open_database(ctx.db.path, timeout_ms=200))
    return shown(qtbot, CodebookEditor(ctx), 1000, 600)


def test_new_party_on_a_locked_database(ctx, qtbot):  # type: ignore[no-untyped-def]
    editor = _editor_on_short_timeout(ctx, qtbot)
    form = editor.parties
    qtbot.mouseClick(form.new_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(form.name_edit, "Turkish mediators")
    before = len(parties(ctx.db))
    with write_locked(ctx.db.path):
        qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
        assert "locked" in form.general_error.text() and form.general_error.isVisible()
        assert form.name_edit.text() == "Turkish mediators"
        assert form.save_button.isEnabled()
    assert len(parties(ctx.db)) == before
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert [p.name for p in parties(ctx.db)].count("Turkish mediators") == 1
    assert not form.general_error.isVisible()


def test_new_event_on_a_locked_database(ctx, qtbot):  # type: ignore[no-untyped-def]
    editor = _editor_on_short_timeout(ctx, qtbot)
    editor.tabs.setCurrentWidget(editor.events)
    form = editor.events
    qtbot.mouseClick(form.new_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(form.label_edit, "Istanbul round")
    before = len(events(ctx.db))
    with write_locked(ctx.db.path):
        qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
        assert "locked" in form.general_error.text()
        assert form.save_button.isEnabled()
    assert len(events(ctx.db)) == before
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert len(events(ctx.db)) == before + 1
