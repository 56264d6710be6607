"""The sources list, the reader's header and Help → Getting started as a user meets them:
whole titles in tooltips and a title column that keeps its width across launches, no empty
"Author:" line over the article, and a guide with the window's real keys."""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QKeySequence, QTextDocument
from workspace_helpers import make_window

from db.model.inputs import SourceMeta
from db.reads import source_reads
from desktop.main_window import MainWindow
from desktop.qt.plain_text import looks_rich

ODD_TITLE = "A <b>very</b> long headline about a ceasefire & what each side said it wants today"


def test_every_cell_of_a_source_has_its_whole_title_as_tooltip(ctx, qtbot, tmp_path):  # type: ignore[no-untyped-def]
    sid = ctx.ops.import_source("Putin said a ceasefire needs guarantees first.",
                                SourceMeta(title=ODD_TITLE, outlet="Wire", published="2025-03-19"))
    window = make_window(ctx, qtbot, tmp_path / "ui.ini")
    table = window.sources.table
    model = table.model()
    row = window.sources.model.row_of_id(sid)
    assert row >= 0
    assert table.columnWidth(0) < table.fontMetrics().horizontalAdvance(ODD_TITLE), \
        "the title should be cut in the list for this test to mean anything"
    for column in range(model.columnCount()):
        tip = model.index(row, column).data(Qt.ItemDataRole.ToolTipRole)
        # Shown as typed: the markup is escaped, not rendered bold.
        rendered = QTextDocument()
        rendered.setHtml(tip) if looks_rich(tip) else rendered.setPlainText(tip)
        assert ODD_TITLE in rendered.toPlainText(), (column, tip)


def test_the_title_column_is_readable_and_keeps_its_width_across_launches(ctx, qtbot, tmp_path):  # type: ignore[no-untyped-def]
    ini = tmp_path / "ui.ini"
    window = make_window(ctx, qtbot, ini)
    table = window.sources.table
    chars = table.fontMetrics().averageCharWidth()
    qtbot.waitUntil(lambda: table.columnWidth(0) >= 16 * chars)
    # Two lines of title per row.
    assert table.rowHeight(0) >= 2 * table.fontMetrics().lineSpacing()

    table.horizontalHeader().resizeSection(0, 333)  # as a drag of its edge does
    window.close()  # saves the layout

    again = MainWindow(ctx, QSettings(str(ini), QSettings.Format.IniFormat))
    qtbot.addWidget(again)
    again.show()
    qtbot.waitExposed(again)
    qtbot.wait(20)
    assert again.sources.table.columnWidth(0) == 333
    again.resize(again.width() + 200, again.height())  # a user's width is not overridden
    qtbot.wait(20)
    assert again.sources.table.columnWidth(0) == 333


def _block(reader, text: str):  # type: ignore[no-untyped-def]
    block = reader.text.document().firstBlock()
    while block.isValid() and block.text().strip() != text:
        block = block.next()
    assert block.isValid(), f"no paragraph {text!r}"
    return block


def test_an_empty_author_line_is_not_shown_and_a_real_one_is(ctx, qtbot, tmp_path):  # type: ignore[no-untyped-def]
    window = make_window(ctx, qtbot, tmp_path / "ui.ini")
    reader = window.reader
    post = next(s for s in source_reads.sources(ctx.db) if s.outlet == "New York Post")
    ctx.navigator.show_source.emit(post.id)
    assert "Author:" in source_reads.source_text(ctx.db, post.id)  # kept in the stored text
    empty = _block(reader, "Author:")
    assert not empty.isVisible()
    assert reader.text.blockBoundingGeometry(empty).height() == 0
    assert "Author" not in reader.meta.text() and "Author" not in reader.title.text()
    # The highlights still cover their quotes exactly.
    spans = source_reads.quote_spans(ctx.db, post.id)
    text = source_reads.source_text(ctx.db, post.id)
    drawn = reader.highlight_ranges()
    cursor = reader.text.textCursor()
    for (start, end, _colour), span in zip(drawn, spans, strict=True):
        cursor.setPosition(start)
        cursor.setPosition(end, cursor.MoveMode.KeepAnchor)
        assert cursor.selectedText().replace("\u2029", "\n") == text[span.start:span.end]

    named = ctx.ops.import_source("Headline\n\nAuthor: Jane Doe\n\nPutin said no.",
                                  SourceMeta(title="Headline", published="2025-03-19"))
    ctx.navigator.show_source.emit(named)
    assert _block(reader, "Author: Jane Doe").isVisible()


def test_getting_started_opens_from_the_help_menu_with_the_real_keys(ctx, qtbot, tmp_path):  # type: ignore[no-untyped-def]
    window = make_window(ctx, qtbot, tmp_path / "ui.ini")
    assert getattr(window, "guide_dialog", None) is None  # not pushed on the user at launch
    action = next(a for a in window.help_menu.actions() if "Getting started" in a.text())
    action.trigger()  # as choosing it in the menu does
    qtbot.waitUntil(lambda: getattr(window, "guide_dialog", None) is not None)
    guide = window.guide_dialog
    qtbot.waitExposed(guide)
    text = guide.text.toPlainText()
    for step in ("Read", "Select", "Code", "Chart", "Export"):
        assert step in text
    # Assisted coding and file import are named as the window names them.
    assert window.reader.suggest_button.text() in text
    assert "drop" in text and "PDF" in text
    panel = window.reader.show_suggestions(True)
    assert panel.accept_button.text() in text and panel.reject_button.text() in text
    native = QKeySequence.SequenceFormat.NativeText
    for act in (window.reader.new_action, window.find_action, window.edit_action,
                window.add_source_action):
        assert act.shortcut().toString(native) in text, act.text()
    guide.close()
    qtbot.waitUntil(lambda: getattr(window, "guide_dialog", None) is None)
    # F1 opens it too.
    assert window.guide_action.shortcut() == QKeySequence(Qt.Key.Key_F1)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_F1)
    qtbot.waitUntil(lambda: getattr(window, "guide_dialog", None) is not None)


def test_an_unchosen_title_width_keeps_following_the_pane_after_a_relaunch(ctx, qtbot, tmp_path):  # type: ignore[no-untyped-def]
    ini = tmp_path / "ui.ini"
    make_window(ctx, qtbot, ini).close()
    again = MainWindow(ctx, QSettings(str(ini), QSettings.Format.IniFormat))
    qtbot.addWidget(again)
    again.show()
    qtbot.waitExposed(again)
    table = again.sources.table
    dock = again.docks["sourcesDock"]
    before, dock_before = table.columnWidth(0), dock.width()
    again.resizeDocks([dock], [dock.width() - 60], Qt.Orientation.Horizontal)
    qtbot.waitUntil(lambda: dock.width() <= dock_before - 40)
    qtbot.waitUntil(lambda: table.columnWidth(0) <= before - 40)
