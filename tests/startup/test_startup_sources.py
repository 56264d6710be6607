"""On a large database the sources list is read once the window has painted; the source the
reader opened is selected in it when it arrives."""

from __future__ import annotations

from pathlib import Path

from db.reads import source_reads


def test_sources_list_fills_after_the_first_paint(app_window, seeded_db, qtbot, monkeypatch, tmp_path: Path):  # type: ignore[no-untyped-def]
    from desktop.panes import sources_list

    monkeypatch.setattr(sources_list, "LOAD_AFTER_PAINT_ABOVE", 1)  # 3 sources count as many
    calls: list[int] = []
    real = source_reads.sources
    monkeypatch.setattr(source_reads, "sources", lambda db: calls.append(1) or real(db))
    win = app_window(seeded_db, size=None, show=False)
    pane = win.sources
    assert calls == [] and pane.model.rowCount() == 0
    assert pane.count_label.text() == "Reading sources…"
    newest = source_reads.newest_source_id(seeded_db)
    assert win.reader.source_id == newest  # the reader does not wait for the list
    win.show()
    qtbot.waitUntil(lambda: pane.model.rowCount() == 3, timeout=5000)
    assert calls == [1]
    assert pane.count_label.text() == "3 sources"
    assert pane.current_source_id() == newest
    # Choosing another source in the list opens it, as before.
    other = next(s.id for s in real(seeded_db) if s.id != newest)
    pane.table.selectRow(pane.model.row_of_id(other))
    assert win.reader.source_id == other
