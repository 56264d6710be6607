"""The window on a server database: the same data as on a file, searched and edited through
the same panes, with the file-only parts saying so instead of failing."""

from __future__ import annotations

import dataclasses

from pg_server import PASSWORD
from PySide6.QtWidgets import QMessageBox

from db.opening import open_database
from db.reads import queries, record_inputs


def test_window_opens_on_a_url_with_the_seeded_records(server_db, app_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    db = server_db("seeded")
    window = app_window(db)
    assert window.positions.model.rowCount() == 84
    assert window.counts_label.text() == "3 sources · 84 positions · 7 parties · 14 issues"
    title = window.windowTitle() + window.file_label.text()
    assert db.url.rsplit("/", 1)[1] in title and PASSWORD not in title
    # The sources list is read after the first paint.
    qtbot.waitUntil(lambda: window.sources.model.rowCount() == 3, timeout=3000)
    # The search box asks the server's full-text index.
    table = window.positions
    qtbot.keyClicks(table.search, "prisoners")
    qtbot.waitUntil(lambda: table.model.rowCount() < 84, timeout=3000)
    rows = list(table.model.rows())
    expected = [r for r in queries.position_rows(db) if "prisoners" in (r.quote + r.notes).lower()]
    assert rows and len(rows) == len(expected)


def test_an_edit_in_the_window_is_on_the_server_and_undoes(server_db, app_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    db = server_db("seeded")
    window = app_window(db)
    ops = window.ctx.ops
    row = queries.position_rows(db)[0]
    data = record_inputs.position_input(db, row.id)
    new_id = ops.create_position(dataclasses.replace(data, notes="seen by the whole desk"))
    assert new_id == max(r.id for r in queries.position_rows(db))
    assert window.positions.model.rowCount() == 85
    other = open_database(db.url)  # another analyst's connection
    try:
        assert queries.position_row(other, new_id).notes == "seen by the whole desk"
        ops.undo_stack.undo()
        assert queries.position_row(other, new_id) is None
        assert window.positions.model.rowCount() == 84
    finally:
        other.close()


def test_restore_from_backup_says_the_server_keeps_its_own(server_db, app_window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    window = app_window(server_db("empty"))
    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "information",
                        lambda parent, title, text, *a, **k: said.append(text))
    action = next(a for a in window.findChildren(type(window.open_db_action))
                  if a.objectName() == "restore_from_backup")
    action.trigger()
    assert len(said) == 1 and "PostgreSQL server" in said[0] and "pg_dump" in said[0]
    assert PASSWORD not in said[0]
