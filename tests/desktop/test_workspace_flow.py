"""The analyst's main loop, driven through the real widgets: select a passage in the reader,
code it in the form, see it in the table and the reader; edit; delete, undo, redo."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from workspace_helpers import choose, fill_position, make_window, select_in_reader

from db.reads import queries, source_reads
from db.writes import positions
from desktop.panes.positions_model import COLUMN_KEYS

# The same behaviour on an SQLite file and on a PostgreSQL server database.
pytestmark = pytest.mark.engines()

SENTENCE = "Despite Putin failing to back down"


def _open_first_source(window):  # type: ignore[no-untyped-def]
    src = next(s for s in source_reads.sources(window.ctx.db) if "rejects full" in s.title)
    window.ctx.navigator.show_source.emit(src.id)
    return src.id, source_reads.source_text(window.ctx.db, src.id)


def test_selection_becomes_a_position_in_table_and_reader(ctx, qtbot, tmp_path):
    window = make_window(ctx, qtbot, tmp_path / "ui.ini")
    reader = window.reader
    source_id, text = _open_first_source(window)
    start = text.index(SENTENCE)
    end = start + len(SENTENCE)
    assert not reader.new_button.isEnabled()

    select_in_reader(qtbot, reader, start, end)
    assert reader.selection_offsets() == (start, end)
    assert reader.new_button.isEnabled()
    qtbot.mouseClick(reader.new_button, Qt.MouseButton.LeftButton)

    form = reader.form
    assert form is not None and form.isVisible()
    assert form.quote.toPlainText() == SENTENCE and form.quote.isReadOnly()
    assert f"{start:,}–{end:,}" in form.quote_where.text()
    assert form.source.currentData() == source_id
    assert not form.save_button.isEnabled()  # party, issue, level… still missing

    fill_position(form, qtbot, attributed="Article narration (New York Post)", kind="Media paraphrase")
    assert form.problems == {}
    assert form.save_button.isEnabled()
    before = len(queries.position_rows(ctx.db))
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)

    rows = queries.position_rows(ctx.db)
    assert len(rows) == before + 1
    new = next(r for r in rows if r.quote == SENTENCE)
    assert (new.quote_start, new.quote_end, new.party_name) == (start, end, "Russia")
    model = window.positions.model
    row = model.row_of_id(new.id)
    assert row >= 0
    assert model.index(row, COLUMN_KEYS.index("stance")).data() == "No ceasefire"
    assert window.positions.current_id() == new.id  # selected after saving
    drawn = {(a, b): colour for a, b, colour in reader.highlight_ranges()}
    doc = (reader._map.to_document(start), reader._map.to_document(end))
    assert drawn[doc] == new.party_colour.lower()
    assert "Undo Add position" == window.undo_action.text().replace("&", "")
    assert "85 positions" in window.counts_label.text()


def test_context_menu_offers_new_position_from_selection(ctx, qtbot, tmp_path):
    window = make_window(ctx, qtbot, tmp_path / "ui.ini")
    _, text = _open_first_source(window)
    start = text.index(SENTENCE)
    select_in_reader(qtbot, window.reader, start, start + len(SENTENCE))
    assert window.reader.new_action.isEnabled()
    window.reader.new_action.trigger()  # the same action the context menu shows
    assert window.reader.form.quote.toPlainText() == SENTENCE


def test_clicking_a_highlight_selects_its_record(ctx, qtbot, tmp_path):
    window = make_window(ctx, qtbot, tmp_path / "ui.ini")
    reader = window.reader
    _open_first_source(window)
    from workspace_helpers import _point_of

    # A character inside exactly one quote, so the click cannot be ambiguous.
    span, offset = next((s, o) for s in reader.spans[2:] for o in range(s.start + 1, s.end - 1)
                        if sum(t.start <= o < t.end for t in reader.spans) == 1)
    middle = reader._map.to_document(offset)
    cursor = reader.text.textCursor()
    cursor.setPosition(middle)
    reader.text.setTextCursor(cursor)
    reader.text.ensureCursorVisible()
    qtbot.mouseClick(reader.text.viewport(), Qt.MouseButton.LeftButton,
                     pos=_point_of(reader, middle))
    assert window.positions.current_id() == span.position_id
    assert window.positions.selected_ids() == [span.position_id]


def test_editing_a_stance_in_the_form_updates_the_table(ctx, qtbot, tmp_path):
    window = make_window(ctx, qtbot, tmp_path / "ui.ini")
    table = window.positions
    model = table.model
    row = next(i for i, r in enumerate(model.rows()) if r.issue_name == "Ceasefire scope"
               and r.level_label != "Permanent peace")
    pid = model.row_at(row).id
    rect = table.view.visualRect(model.index(row, 0))
    table.view.scrollTo(model.index(row, 0))
    rect = table.view.visualRect(model.index(row, 0))
    qtbot.mouseClick(table.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(table.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    form = table.form
    assert form is not None and form.position_id == pid
    assert form.save_button.isEnabled()
    choose(form.level, "Permanent peace")
    assert form.level.itemData(form.level.currentIndex(), Qt.ItemDataRole.ToolTipRole)
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)

    assert queries.position_row(ctx.db, pid).level_label == "Permanent peace"
    shown = model.index(model.row_of_id(pid), COLUMN_KEYS.index("stance")).data()
    assert shown == "Permanent peace"
    assert window.undo_action.text().replace("&", "") == "Undo Edit position"
    window.undo_action.trigger()
    assert queries.position_row(ctx.db, pid).level_label != "Permanent peace"
    shown = model.index(model.row_of_id(pid), COLUMN_KEYS.index("stance")).data()
    assert shown != "Permanent peace"


def test_f2_opens_the_selected_record(ctx, qtbot, tmp_path):
    window = make_window(ctx, qtbot, tmp_path / "ui.ini")
    table = window.positions
    table.view.setFocus()
    rect = table.view.visualRect(table.model.index(2, 1))
    qtbot.mouseClick(table.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.keyClick(table.view, Qt.Key.Key_F2)
    assert table.form is not None
    assert table.form.position_id == table.model.row_at(2).id


def test_delete_undo_redo_restores_the_exact_records(ctx, qtbot, tmp_path):
    window = make_window(ctx, qtbot, tmp_path / "ui.ini")
    table = window.positions
    model = table.model
    ids = [model.row_at(0).id, model.row_at(4).id]
    before = positions.snapshot_positions(ctx.db, ids)
    table.view.setFocus()
    for n, row in enumerate((0, 4)):
        rect = table.view.visualRect(model.index(row, 2))
        mods = Qt.KeyboardModifier.ControlModifier if n else Qt.KeyboardModifier.NoModifier
        qtbot.mouseClick(table.view.viewport(), Qt.MouseButton.LeftButton, mods, rect.center())
    assert sorted(table.selected_ids()) == sorted(ids)
    qtbot.keyClick(table.view, Qt.Key.Key_Delete)

    remaining = {r.id for r in queries.position_rows(ctx.db)}
    assert not remaining & set(ids)
    assert all(model.row_of_id(i) < 0 for i in ids)
    assert window.undo_action.text().replace("&", "") == "Undo Delete 2 positions"

    window.undo_action.trigger()
    assert positions.snapshot_positions(ctx.db, ids) == before
    assert all(model.row_of_id(i) >= 0 for i in ids)
    assert window.redo_action.text().replace("&", "") == "Redo Delete 2 positions"
    window.redo_action.trigger()
    assert not {r.id for r in queries.position_rows(ctx.db)} & set(ids)
    window.undo_action.trigger()
    assert positions.snapshot_positions(ctx.db, ids) == before


def test_delete_key_in_the_reader_does_not_delete_records(ctx, qtbot, tmp_path):
    window = make_window(ctx, qtbot, tmp_path / "ui.ini")
    table = window.positions
    rect = table.view.visualRect(table.model.index(0, 1))
    qtbot.mouseClick(table.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert table.selected_ids()
    window.reader.text.setFocus()
    qtbot.keyClick(window.reader.text, Qt.Key.Key_Delete)
    assert len(queries.position_rows(ctx.db)) == 84
    window.delete_action.trigger()  # Edit → Delete from the menu still works
    assert len(queries.position_rows(ctx.db)) == 83
