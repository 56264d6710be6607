"""Adding a source as a new user does: the dialog opens without scolding, says what is missing
once the user starts, and a save refused by a locked database can simply be retried."""

from __future__ import annotations

from PySide6.QtCore import Qt
from workspace_helpers import shown, write_locked

from db.opening import open_database
from db.reads import source_reads
from desktop.dialogs.source_import_dialog import SourceDialog

ARTICLE = ("Istanbul \u2014 Delegations met again. \u201cKyiv will accept a maritime truce,\u201d "
           "the envoy said \U0001f642. Talks resume in 10\u00a0days.")


def _dialog(ctx, qtbot) -> SourceDialog:  # type: ignore[no-untyped-def]
    return shown(qtbot, SourceDialog(ctx))


def test_a_locked_database_leaves_add_source_enabled_for_a_retry(ctx, qtbot):  # type: ignore[no-untyped-def]
    ctx.ops.set_database(open_database(ctx.db.path, timeout_ms=200))
    dialog = _dialog(ctx, qtbot)
    dialog.text.setFocus()
    dialog.text.insertPlainText(ARTICLE)
    qtbot.keyClicks(dialog.title_edit, "Harbour talks stall")
    before = len(source_reads.sources(ctx.db))
    with write_locked(ctx.db.path):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        assert dialog.isVisible()
        assert "locked" in dialog.general_problem.text()
        assert dialog.save_button.isEnabled(), "Add source must stay enabled for a retry"
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert len(source_reads.sources(ctx.db)) == before + 1
    stored = source_reads.source_text(ctx.db, dialog.source_id)
    assert stored == ARTICLE  # em dash, curly quotes, emoji and the no-break space kept
