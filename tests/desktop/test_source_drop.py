"""Dropping files and a folder on the sources list imports them with a progress bar and a
summary; a duplicate is skipped and said, a broken file does not stop the rest; one undo
removes the import."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from workspace_helpers import make_pdf

from db.reads import source_reads
from db.reads.pages import pages_of
from desktop.panes.sources_list import SourcesList


def _drop(pane: SourcesList, paths: list[Path]) -> bool:
    """A real drag-enter and drop event, handed to the list's drop filter: Qt delivers drop
    events only inside a platform drag, which offscreen tests cannot start."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    viewport = pane.table.viewport()
    enter = QDragEnterEvent(QPoint(20, 20), Qt.DropAction.CopyAction, mime,
                            Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    pane.drop.eventFilter(viewport, enter)
    if not enter.isAccepted():
        return False
    drop = QDropEvent(QPointF(20, 20), Qt.DropAction.CopyAction, mime,
                      Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    pane.drop.eventFilter(viewport, drop)
    return True


def test_dropping_a_folder_and_files_imports_them(ctx, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "drop"
    folder.mkdir()
    (folder / "one.txt").write_text("Talks in Geneva\n\nThe envoys met for six hours.\n",
                                    encoding="utf-8")
    (folder / "broken.pdf").write_bytes(b"%PDF-1.4 not a pdf")
    make_pdf(folder / "readout.pdf", ["Page one of the readout.", "Page two of the readout."])
    seed_text = source_reads.source_text(ctx.db, source_reads.sources(ctx.db)[0].id)
    dup = tmp_path / "seed-copy.txt"
    dup.write_text(seed_text, encoding="utf-8", newline="")
    pane = SourcesList(ctx)
    qtbot.addWidget(pane)
    pane.show()
    qtbot.waitExposed(pane)
    before = source_reads.count_sources(ctx.db)
    assert _drop(pane, [folder, dup])
    summary = pane.drop.last_summary
    assert summary is not None
    assert summary.lines()[-1] == "2 articles imported, 1 duplicate skipped, 1 failed"
    box = pane.drop.summary_box
    assert box is not None and box.text() == summary.lines()[-1]
    assert "Failed broken.pdf" in box.informativeText()
    assert "Skipped seed-copy.txt" in box.informativeText()
    assert pane.drop.progress is not None and pane.drop.progress.maximum() == 4
    assert source_reads.count_sources(ctx.db) == before + 2
    assert pane.model.rowCount() == before + 2  # the list shows them
    pdf_id = next(sid for path, sid, _ in summary.imported if path.suffix == ".pdf")
    assert [p for p, _, _ in pages_of(ctx.db, pdf_id)] == [1, 2]
    ctx.ops.undo_stack.undo()
    assert source_reads.count_sources(ctx.db) == before
    ctx.ops.undo_stack.redo()
    assert source_reads.count_sources(ctx.db) == before + 2
    assert [p for p, _, _ in pages_of(ctx.db, pdf_id)] == [1, 2]  # pages come back too
    box.close()


def test_dragging_something_else_is_not_accepted(ctx, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    pane = SourcesList(ctx)
    qtbot.addWidget(pane)
    other = tmp_path / "photo.jpg"
    other.write_bytes(b"\xff\xd8\xff")
    before = source_reads.count_sources(ctx.db)
    assert not _drop(pane, [other])
    assert pane.drop.last_summary is None and source_reads.count_sources(ctx.db) == before
