"""Start-up work moved off the first paint: the startup backup on a worker thread (once per
launch, failures reported without blocking)."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox
from workspace_helpers import shown

from db.storage.backup import backups_dir, list_backups
from db.storage.database import Database


@pytest.fixture
def window(app_window, seeded_db: Database):  # type: ignore[no-untyped-def]
    return app_window(seeded_db, size=None)


def test_startup_backup_runs_in_the_background_once(window, seeded_db, qtbot):  # type: ignore[no-untyped-def]
    from desktop.app import start_startup_backup

    assert list_backups(seeded_db.path) == []
    runner = start_startup_backup(window, seeded_db)
    with qtbot.waitSignal(runner.finished, timeout=10_000) as done:
        pass
    backups = list_backups(seeded_db.path)
    assert [b.path for b in backups] == [done.args[0]] == [runner.result]
    assert backups[0].reason == "startup"
    runner.start()  # a second start is a no-op: one backup per launch
    qtbot.wait(200)
    assert len(list_backups(seeded_db.path)) == 1
    assert not runner.is_running()


def test_failed_startup_backup_warns_without_blocking(window, seeded_db, qtbot):  # type: ignore[no-untyped-def]
    from desktop.app import start_startup_backup

    backups_dir(seeded_db.path).write_text("a file where the backups folder should be")
    runner = start_startup_backup(window, seeded_db)
    with qtbot.waitSignal(runner.failed, timeout=10_000):
        pass
    assert "backups folder" in runner.error
    assert "startup backup failed" in window.statusBar().currentMessage()
    # The warning is shown but not modal: the window keeps taking input.
    assert QApplication.activeModalWidget() is None
    boxes = [w for w in QApplication.topLevelWidgets()
             if isinstance(w, QMessageBox) and w.isVisible()]
    assert len(boxes) == 1 and "backup failed" in boxes[0].windowTitle()
    boxes[0].close()
    # Work goes on in the window meanwhile.
    window.positions.search.setText("ceasefire")
    qtbot.waitUntil(lambda: window.ctx.filters.current.text == "ceasefire", timeout=2000)


def test_launch_takes_exactly_one_startup_backup(seeded_db, qtbot, monkeypatch, tmp_path):  # type: ignore[no-untyped-def]
    """run_gui as `parley --db` runs it: the window shows, then one backup is taken."""
    from PySide6.QtWidgets import QMainWindow

    from desktop import app as app_module

    path = seeded_db.path
    seeded_db.close()
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    qapp = QApplication.instance()
    shown: list[bool] = []

    def fake_exec() -> int:
        win = next(w for w in QApplication.topLevelWidgets()
                   if isinstance(w, QMainWindow) and w.isVisible())
        shown.append(True)
        qtbot.waitUntil(lambda: win.startup_backup.result is not None, timeout=10_000)
        win.close()
        win.ctx.db.close()
        return 0

    monkeypatch.setattr(qapp, "exec", fake_exec, raising=False)
    assert app_module.run_gui(path) == 0
    assert shown == [True]
    assert [b.reason for b in list_backups(path)] == ["startup"]


# ---------------------------------------------------------------- sources list model


def _item_table(rows):  # type: ignore[no-untyped-def]
    """The QTableWidget the sources list used to build, as the oracle for order and cells."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QTableWidget, QTableWidgetItem

    table = QTableWidget(0, 4)
    table.setRowCount(len(rows))
    for n, src in enumerate(rows):
        date = src.published.isoformat() if src.published else ""
        for col, value in enumerate((src.title, src.outlet, date, src.positions)):
            item = QTableWidgetItem()
            item.setData(Qt.ItemDataRole.DisplayRole, value)
            item.setData(Qt.ItemDataRole.UserRole, src.id)
            table.setItem(n, col, item)
    table.setSortingEnabled(True)
    return table


def _shown(model) -> list[tuple]:  # type: ignore[no-untyped-def]
    return [tuple(model.index(r, c).data() for c in range(4)) + (model.index(r, 0).data(256),)
            for r in range(model.rowCount())]


def test_sources_model_shows_and_sorts_like_the_item_table(ctx, qtbot):  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QPoint, Qt

    from db.exchange.generate import generate
    from db.reads import source_reads
    from desktop.panes.sources_list import SourcesList

    generate(ctx.db, 40, 300, 3)  # many sources: equal dates, counts and outlets to tie
    pane = SourcesList(ctx)
    qtbot.addWidget(pane)
    pane.resize(500, 600)
    pane.show()
    rows = source_reads.sources(ctx.db)
    oracle = _item_table(rows)
    qtbot.addWidget(oracle)
    assert pane.model.rowCount() == len(rows) > 3
    assert _shown(pane.model) == _shown(oracle.model())
    assert pane.count_label.text() == f"{len(rows)} sources"
    # Clicking the headers sorts both the same way (stable, count numeric).
    for col in (3, 2, 1, 3, 0):
        for view in (pane.table, oracle):
            header = view.horizontalHeader()
            qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                             pos=QPoint(header.sectionViewportPosition(col) + 5, 5))
        assert _shown(pane.model) == _shown(oracle.model()), col
    pane.table.sortByColumn(3, Qt.SortOrder.AscendingOrder)
    counts = [pane.model.index(r, 3).data() for r in range(pane.model.rowCount())]
    assert counts == sorted(counts) and counts[0] < counts[-1]
    assert pane.model.headerData(3, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)


def test_sources_list_selection_survives_sorting_and_opens_the_reader(ctx, qtbot):  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt

    from desktop.panes.sources_list import SourcesList

    pane = shown(qtbot, SourcesList(ctx), 500, 600)
    opened: list[int] = []
    ctx.navigator.show_source.connect(opened.append)
    rect = pane.table.visualRect(pane.model.index(2, 0))
    qtbot.mouseClick(pane.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    chosen = pane.model.source_id_at(2)
    assert opened == [chosen] and pane.current_source_id() == chosen
    pane.table.sortByColumn(3, Qt.SortOrder.AscendingOrder)
    assert pane.current_source_id() == chosen
    assert pane.model.source_id_at(pane.model.row_of_id(chosen)) == chosen
    # Choosing a source elsewhere (the navigator) selects it here without re-announcing.
    other = pane.model.source_id_at(0)
    ctx.navigator.show_source.emit(other)
    assert pane.current_source_id() == other and opened[-1] == other and len(opened) == 2
    # The newest source (what the window opens first) is the query's first row.
    from db.reads import source_reads

    assert pane.newest_source_id() == source_reads.sources(ctx.db)[0].id


def test_filter_choices_list_every_source_and_attribution(ctx, qtbot):  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt

    from db.exchange.generate import generate
    from db.reads import queries, source_reads
    from desktop.panes.positions_table import PositionsTable

    generate(ctx.db, 30, 200, 5)
    table = PositionsTable(ctx)
    qtbot.addWidget(table)
    combo = table.source_filter
    titles = [s.title for s in source_reads.sources(ctx.db)]
    assert [combo.itemText(i) for i in range(combo.count())] == ["Any source", *titles]
    assert combo.itemData(1, Qt.ItemDataRole.ToolTipRole) == titles[0]
    people = queries.attributions(ctx.db)
    assert table.attribution_filter.count() == len(people) + 1
    # Choosing by keyboard in the closed combo filters the table like a click would.
    table.attribution_filter.setFocus()
    qtbot.keyClick(table.attribution_filter, Qt.Key.Key_Down)
    assert ctx.filters.current.attributions == frozenset({people[0]})
    assert table.model.rowCount() == queries.count_positions(ctx.db, ctx.filters.current)
    # New sources (another program wrote them; F5) appear in the choices.
    generate(ctx.db, 2, 0, 9)
    ctx.ops.refresh()
    assert combo.count() == len(titles) + 3


def test_backup_comparison_reads_in_chunks_and_finds_a_late_difference(tmp_path):  # type: ignore[no-untyped-def]
    from db.storage import backup

    body = bytes(range(256)) * 9000  # > 2 chunks of 1 MB
    a, b, c, d = (tmp_path / n for n in "abcd")
    a.write_bytes(body)
    b.write_bytes(body)
    c.write_bytes(body[:-1] + b"\x00" if body[-1] else body[:-1] + b"\x01")
    d.write_bytes(body + b"x")
    assert len(body) > 2 * backup._CHUNK
    assert backup._same_bytes(a, b)
    assert not backup._same_bytes(a, c)  # same size, last byte differs
    assert not backup._same_bytes(a, d)
    assert not backup._same_bytes(a, tmp_path / "missing")


def test_a_launch_quit_at_once_still_takes_its_backup(seeded_db, qtbot, monkeypatch, tmp_path):  # type: ignore[no-untyped-def]
    from desktop import app as app_module

    path = seeded_db.path
    seeded_db.close()
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    qapp = QApplication.instance()
    monkeypatch.setattr(qapp, "exec", lambda: 0, raising=False)  # quit before any event
    assert app_module.run_gui(path) == 0
    assert [b.reason for b in list_backups(path)] == ["startup"]
    from PySide6.QtWidgets import QMainWindow

    for w in QApplication.topLevelWidgets():
        if isinstance(w, QMainWindow) and w.isVisible():
            w.close()
            w.ctx.db.close()


def test_the_opened_source_is_selected_and_scrolled_into_view(app_window, seeded_db, qtbot, tmp_path):  # type: ignore[no-untyped-def]
    from db.exchange.generate import generate

    generate(seeded_db, 120, 200, 21)
    win = app_window(seeded_db)
    qtbot.wait(50)
    pane = win.sources
    sid = pane.current_source_id()
    assert sid == pane.newest_source_id() == win.reader.source_id
    row = pane.model.row_of_id(sid)
    assert row > 20  # sorted by title, the newest is far down the list
    rect = pane.table.visualRect(pane.model.index(row, 0))
    assert pane.table.viewport().rect().contains(rect.center())


def test_exit_waits_for_the_backup_only(window, seeded_db, qtbot):  # type: ignore[no-untyped-def]
    import threading
    import time

    from PySide6.QtCore import QThreadPool

    from desktop.app import start_startup_backup
    from desktop.startup_backup import wait_for_backups

    release = threading.Event()
    QThreadPool.globalInstance().start(lambda: release.wait(5))  # e.g. a conflicts search
    try:
        start_startup_backup(window, seeded_db)
        started = time.perf_counter()
        assert wait_for_backups()
        assert time.perf_counter() - started < 4
        assert [b.reason for b in list_backups(seeded_db.path)] == ["startup"]
    finally:
        release.set()
