"""Quote offsets survive the trip through Qt: Python counts code points, Qt counts UTF-16
units and one paragraph break per line ending. Emoji, \\r\\n and non-breaking spaces must not
shift a selected quote."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextDocument
from workspace_helpers import fill_position, make_window, select_in_reader

from db.model.inputs import SourceMeta
from db.reads import queries, source_reads
from desktop.qt.text_offsets import TextMap, display_text

TRICKY = ("Talks 😀 resumed in Riyadh 🇺🇦.\r\nThe minister said: we will\u00a0never accept "
          "this deal.\r\n\r\nLater\tshe added 𝔘nicode: a truce\u00a0is possible.\rEnd.\n")


def test_text_map_matches_qt_document_positions():
    doc = QTextDocument()
    doc.setPlainText(display_text(TRICKY))
    tmap = TextMap(TRICKY)
    assert tmap.document_length == doc.characterCount() - 1
    for needle in ("we will\u00a0never accept this deal", "a truce\u00a0is possible", "End."):
        start = TRICKY.index(needle)
        a, b = tmap.to_document(start), tmap.to_document(start + len(needle))
        # What Qt holds between the mapped positions is the same passage.
        from PySide6.QtGui import QTextCursor

        cur = QTextCursor(doc)
        cur.setPosition(a)
        cur.setPosition(b, QTextCursor.MoveMode.KeepAnchor)
        assert cur.selectedText() == needle
        assert tmap.span_to_text(a, b) == (start, start + len(needle))


def test_selection_never_splits_crlf_and_is_trimmed():
    tmap = TextMap(TRICKY)
    line_end = TRICKY.index("\r\n")
    doc_end = tmap.to_document(line_end)
    assert tmap.to_text(doc_end) == line_end  # before the \r, not between \r and \n
    # Selecting "  deal.\r\n" with its line break gives just the words.
    start = TRICKY.index("this deal.")
    a, b = tmap.span_to_text(tmap.to_document(start), tmap.to_document(start + 13))
    assert TRICKY[a:b] == "this deal."


def test_reader_selection_with_emoji_crlf_nbsp_gives_exact_offsets(ctx, qtbot, tmp_path):
    window = make_window(ctx, qtbot, tmp_path / "ui.ini")
    sid = ctx.ops.import_source(TRICKY, SourceMeta("Tricky text", "Test wire"))
    ctx.navigator.show_source.emit(sid)
    reader = window.reader
    assert reader.source_id == sid
    needle = "a truce\u00a0is possible"
    start = TRICKY.index(needle)
    select_in_reader(qtbot, reader, start, start + len(needle))
    assert reader.selection_offsets() == (start, start + len(needle))

    qtbot.mouseClick(reader.new_button, Qt.MouseButton.LeftButton)
    form = reader.form
    fill_position(form, qtbot, party="Ukraine", level="Full ceasefire", status="supports",
                  attributed="The minister")
    assert form.save_button.isEnabled(), form.problems
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)

    row = next(r for r in queries.position_rows(ctx.db) if r.source_id == sid)
    assert (row.quote_start, row.quote_end) == (start, start + len(needle))
    assert row.quote == needle  # the non-breaking space is kept
    drawn = [(a, b) for a, b, _ in reader.highlight_ranges()]
    assert drawn == [(reader._map.to_document(start), reader._map.to_document(row.quote_end))]
    cursor = reader.text.textCursor()
    assert cursor.selectedText() == needle


def test_added_file_with_crlf_is_stored_byte_for_byte(ctx, qtbot, tmp_path):
    window = make_window(ctx, qtbot, tmp_path / "ui.ini")
    path = tmp_path / "article.txt"
    path.write_bytes(TRICKY.encode("utf-8"))
    qtbot.mouseClick(window.sources.add_button, Qt.MouseButton.LeftButton)
    dialog = window.sources.dialog
    assert dialog.load_file(path)
    assert dialog.title_edit.text() == "Talks 😀 resumed in Riyadh 🇺🇦."
    qtbot.keyClicks(dialog.outlet, "Wire")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    src = next(s for s in source_reads.sources(ctx.db) if s.outlet == "Wire")
    assert source_reads.source_text(ctx.db, src.id) == TRICKY
    assert window.reader.source_id == src.id
