"""The Add source dialog loads what analysts have, not only text: a PDF (its text, title and
page numbers, kept through undo and redo) and a saved MHTML page (its metadata filling the
empty fields). Real files; the dialog's own load and save path."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from workspace_helpers import make_pdf, shown

from db.reads import source_reads
from db.reads.pages import page_of
from desktop.dialogs.source_import_dialog import FILE_FILTER, SourceDialog

DATA = Path(__file__).resolve().parents[1] / "data"


def test_a_pdf_loaded_in_add_source_keeps_its_pages_through_undo(ctx, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert "*.pdf" in FILE_FILTER and "*.mhtml" in FILE_FILTER
    pdf = tmp_path / "readout.pdf"
    pages = ["The Kremlin said Russia agreed to pause strikes on energy facilities.",
             "Putin demanded a complete halt to foreign military aid to Kyiv."]
    make_pdf(pdf, pages)
    dialog = shown(qtbot, SourceDialog(ctx))
    assert dialog.load_file(pdf)
    assert dialog.title_edit.text() == "Readout of the call"  # the PDF's own title
    assert pages[1] in dialog.text.toPlainText()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    sid = dialog.source_id
    text = source_reads.source_text(ctx.db, sid)
    assert page_of(ctx.db, sid, text.index(pages[0])) == 1
    assert page_of(ctx.db, sid, text.index(pages[1])) == 2
    ctx.ops.undo_stack.undo()
    assert sid not in {s.id for s in source_reads.sources(ctx.db)}
    ctx.ops.undo_stack.redo()
    assert page_of(ctx.db, sid, text.index(pages[1])) == 2


def test_an_mhtml_page_fills_the_empty_fields_and_keeps_typed_ones(ctx, qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = shown(qtbot, SourceDialog(ctx))
    qtbot.keyClicks(dialog.outlet, "My clipping service")
    assert dialog.load_file(DATA / "prisoner_swap.mhtml")
    assert dialog.title_edit.text() == "Kyiv and Moscow swap 390 prisoners each after Istanbul talks"
    assert dialog.outlet.text() == "My clipping service"  # typed before loading: kept
    assert (dialog.author.text(), dialog.published.text()) == ("Zoë Brennan", "2025-05-23")
    assert dialog.url.text() == "https://herald.example/world/2025/05/23/prisoner-swap"
    assert "“every single one of our people”" in dialog.text.toPlainText()
    assert "dataLayer" not in dialog.text.toPlainText()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert "Zelensky said Kyiv wanted an all-for-all exchange" in source_reads.source_text(
        ctx.db, dialog.source_id)


def test_a_broken_file_is_one_line_in_the_dialog(ctx, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"%PDF-1.7\n this is not really a PDF")
    dialog = shown(qtbot, SourceDialog(ctx))
    before = len(source_reads.sources(ctx.db))
    assert not dialog.load_file(bad)
    message = dialog._labels["text"].text()
    assert "broken.pdf" in message and "\n" not in message
    assert len(source_reads.sources(ctx.db)) == before
