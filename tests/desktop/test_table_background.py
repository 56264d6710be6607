"""On a large database the positions table reads its rows' order on a worker thread: a
sort or a filter leaves the window answering, says what it is doing, then shows the new
order with the selection kept. (The size at which that starts is lowered here so the seeded
database takes that path.)"""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt

from db.reads import queries
from desktop.panes.positions_model import COLUMN_KEYS
from desktop.panes.positions_table import PositionsTable


def _table(ctx, qtbot) -> PositionsTable:  # type: ignore[no-untyped-def]
    table = PositionsTable(ctx)
    qtbot.addWidget(table)
    table.resize(1200, 600)
    table.show()
    table.model.background_above = 0  # every read from now on goes to a worker
    table.model.sort_background_above = 0
    return table


def _click_header(qtbot, table: PositionsTable, col: int) -> None:  # type: ignore[no-untyped-def]
    header = table.view.horizontalHeader()
    x = header.sectionViewportPosition(col) + header.sectionSize(col) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                     pos=QPoint(x, header.height() // 2))


def _ids(table: PositionsTable) -> list[int]:
    return [table.model.id_at(r) for r in range(table.model.rowCount())]


def test_a_sort_runs_in_the_background_then_shows_the_sorted_order(ctx, qtbot):  # type: ignore[no-untyped-def]
    table = _table(ctx, qtbot)
    before = _ids(table)
    picked = before[10]
    ctx.navigator.show_position.emit(picked)
    col = COLUMN_KEYS.index("party")
    _click_header(qtbot, table, col)
    # the click returned before the sort was done: same rows, and the label says why
    assert table.model.is_busy()
    assert _ids(table) == before
    assert table.count_label.text() == "Sorting…"
    qtbot.waitUntil(lambda: not table.model.is_busy(), timeout=5000)
    shown = [table.model.index(r, col).data() for r in range(table.model.rowCount())]
    order = table.view.horizontalHeader().sortIndicatorOrder()
    assert shown == sorted(shown, key=str.casefold,
                           reverse=order == Qt.SortOrder.DescendingOrder)
    assert shown != [r.party_name for r in queries.position_rows(ctx.db)]  # it did move
    assert sorted(_ids(table)) == sorted(before)
    assert table.selected_ids() == [picked]  # the selection followed its record
    assert table.count_label.text() == f"{len(before)} shown"


def test_a_filter_in_the_background_keeps_the_selection_and_only_the_last_wins(ctx, qtbot):  # type: ignore[no-untyped-def]
    table = _table(ctx, qtbot)
    russia = next(a for a in table.parties_menu.actions() if a.text() == "Russia")
    ukraine = next(a for a in table.parties_menu.actions() if a.text() == "Ukraine")
    kept = next(r.id for r in queries.position_rows(ctx.db) if r.party_name == "Russia")
    ctx.navigator.show_position.emit(kept)
    everything = _ids(table)
    russia.trigger()
    ukraine.trigger()  # a second change before the first arrived
    assert table.model.is_busy() and _ids(table) == everything
    qtbot.waitUntil(lambda: not table.model.is_busy(), timeout=5000)
    qtbot.wait(50)  # the first request's result, if it came last, must not be applied
    expected = [r.id for r in queries.position_rows(ctx.db, ctx.filters.current)]
    assert {r.party_name for r in table.model.rows()} == {"Russia", "Ukraine"}
    assert _ids(table) == expected
    assert table.selected_ids() == [kept]


def test_showing_a_record_hidden_by_the_filter_waits_for_the_rows(ctx, qtbot):  # type: ignore[no-untyped-def]
    table = _table(ctx, qtbot)
    ctx.filters.update(text="prisoners")
    qtbot.waitUntil(lambda: not table.model.is_busy(), timeout=5000)
    hidden = next(r for r in queries.position_rows(ctx.db)
                  if "prisoners" not in (r.quote + r.notes).lower())
    ctx.navigator.show_position.emit(hidden.id)  # clears the search: rows read anew
    qtbot.waitUntil(lambda: table.selected_ids() == [hidden.id], timeout=5000)
    assert table.search.text() == ""
    assert table.model.rowCount() == queries.count_positions(ctx.db)
