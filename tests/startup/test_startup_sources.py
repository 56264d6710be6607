"""On a large database the sources list is read once the window has painted; the source the
reader opened is selected in it when it arrives."""

from __future__ import annotations

from pathlib import Path

from db.reads import source_reads


def test_sources_list_fills_after_the_first_paint(app_window, seeded_db, qtbot, monkeypatch, tmp_path: Path):  # type: ignore[no-untyped-def]
    from desktop.panes import sources_list

    monkeypatch.setattr(sources_list, "LOAD_AFTER_PAINT_ABOVE", 1)  # 3 sources count as many
    calls: list[int] = []
    real = source_reads.source_list
    monkeypatch.setattr(source_reads, "source_list", lambda db: calls.append(1) or real(db))
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


def test_a_long_list_read_on_a_worker_shows_in_the_lists_order_with_its_tooltips(  # type: ignore[no-untyped-def]
        app_window, seeded_db, qtbot, monkeypatch):
    from PySide6.QtCore import Qt

    from desktop.panes import sources_list

    monkeypatch.setattr(sources_list, "LOAD_AFTER_PAINT_ABOVE", 1)
    monkeypatch.setattr(sources_list, "BACKGROUND_ABOVE", 0)  # read (and sorted) on a worker
    win = app_window(seeded_db, size=None, show=False)
    pane = win.sources
    header = pane.table.horizontalHeader()
    win.show()
    qtbot.waitUntil(lambda: pane.model.rowCount() == 3, timeout=5000)
    column, order = header.sortIndicatorSection(), header.sortIndicatorOrder()
    every = source_reads.sources(seeded_db)
    key = {0: lambda s: s.title, 1: lambda s: s.outlet,
           2: lambda s: s.published.isoformat() if s.published else "",
           3: lambda s: s.positions}[column]
    expected = sorted(every, key=key, reverse=order == Qt.SortOrder.DescendingOrder)
    assert [pane.model.index(r, 0).data() for r in range(3)] == [s.title for s in expected]
    assert [pane.model.index(r, 3).data() for r in range(3)] == [s.positions for s in expected]
    # The tooltip still has the author and the address, read for the row hovered.
    tip = pane.model.index(0, 1).data(Qt.ItemDataRole.ToolTipRole)
    assert tip == "\n".join(x for x in (expected[0].title, expected[0].author, expected[0].url)
                            if x)
    assert pane.current_source_id() == source_reads.newest_source_id(seeded_db)
