"""The positions table: filters and search narrow it (through ctx.filters, shared with the
charts), every column sorts, and navigation reaches records hidden by a filter."""

from __future__ import annotations

import datetime as dt

import pytest
from image_compare import colours_close
from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QColor

from db.reads import queries, source_reads
from desktop.panes.positions_model import COLUMN_KEYS, PositionsModel, format_date
from desktop.panes.positions_table import PositionsTable

# The same behaviour on an SQLite file and on a PostgreSQL server database.
pytestmark = pytest.mark.engines()


def _table(ctx, qtbot) -> PositionsTable:  # type: ignore[no-untyped-def]
    table = PositionsTable(ctx)
    qtbot.addWidget(table)
    table.resize(1200, 600)
    table.show()
    return table


def _shown(table: PositionsTable) -> list:
    return list(table.model.rows())


def test_party_issue_source_attribution_and_dates_narrow_the_table(ctx, qtbot):
    table = _table(ctx, qtbot)
    everything = _shown(table)
    assert len(everything) == 84

    russia = next(a for a in table.parties_menu.actions() if a.text() == "Russia")
    russia.trigger()
    assert table.parties_button.text() == "1 party"
    assert {r.party_name for r in _shown(table)} == {"Russia"}
    assert ctx.filters.current.party_ids == {russia.data()}

    table.issue_filter.setCurrentIndex(table.issue_filter.findText("Ceasefire scope"))
    rows = _shown(table)
    assert rows and {(r.party_name, r.issue_name) for r in rows} == {("Russia", "Ceasefire scope")}

    table.issue_filter.setCurrentIndex(0)
    src = source_reads.sources(ctx.db)[1]
    table.source_filter.setCurrentIndex(table.source_filter.findData(src.id))
    assert {r.source_id for r in _shown(table)} == {src.id}
    who = _shown(table)[0].attributed_to
    table.attribution_filter.setCurrentIndex(table.attribution_filter.findData(who))
    assert {r.attributed_to for r in _shown(table)} == {who}
    assert table.count_label.text() == f"{len(_shown(table))} shown"

    qtbot.mouseClick(table.clear_button, Qt.MouseButton.LeftButton)
    assert len(_shown(table)) == 84
    assert table.parties_button.text() == "Any party" and table.source_filter.currentIndex() == 0

    table.date_from.setDate(QDate(2025, 3, 18))
    assert min(r.stated_on for r in _shown(table)) >= dt.date(2025, 3, 18)
    table.date_to.setDate(QDate(2025, 3, 18))
    assert {r.stated_on for r in _shown(table)} == {dt.date(2025, 3, 18)}
    table.date_from.setDate(table.date_from.minimumDate())  # back to "any"
    assert table.date_from.text() == "any" and ctx.filters.current.date_from is None
    assert max(r.stated_on for r in _shown(table)) == dt.date(2025, 3, 18)
    assert len(_shown(table)) > len([r for r in everything if r.stated_on == dt.date(2025, 3, 18)])


def test_search_filters_as_you_type(ctx, qtbot):
    table = _table(ctx, qtbot)
    qtbot.keyClicks(table.search, "prisoners")
    assert len(_shown(table)) == 84  # debounced: nothing yet
    qtbot.waitUntil(lambda: len(_shown(table)) < 84, timeout=2000)
    rows = _shown(table)
    assert rows
    assert all("prisoners" in (r.quote + r.notes).lower() for r in rows)
    expected = [r for r in queries.position_rows(ctx.db)
                if "prisoners" in (r.quote + r.notes).lower()]
    assert len(rows) == len(expected)
    table.search.clear()
    qtbot.waitUntil(lambda: len(_shown(table)) == 84, timeout=2000)


def test_every_column_sorts_both_ways(ctx, qtbot):
    table = _table(ctx, qtbot)
    model = table.model
    header = table.view.horizontalHeader()
    for col, key in enumerate(COLUMN_KEYS):
        for _ in range(2):  # first click ascending, second descending (or the reverse)
            qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                             pos=header.rect().topLeft() + _section_centre(header, col))
            order = header.sortIndicatorOrder()
            shown = [model.index(r, col).data() for r in range(model.rowCount())]
            rows = model.rows()
            if key == "date":
                values = [(r.stated_on, r.id) for r in rows]
            elif key == "stance":
                values = [(r.issue_name.casefold(), r.level_value) for r in rows]
            elif key == "status":
                values = shown
            else:
                values = [v.casefold() for v in shown] if key != "quote" else \
                    [r.quote.casefold() for r in rows]
            expected = sorted(values, reverse=order == Qt.SortOrder.DescendingOrder)
            assert values == expected, key
            assert header.sortIndicatorSection() == col


def _section_centre(header, col):  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QPoint

    x = header.sectionViewportPosition(col) + header.sectionSize(col) // 2
    return QPoint(x, header.height() // 2)


def test_sort_keeps_the_selection(ctx, qtbot):
    table = _table(ctx, qtbot)
    pid = table.model.row_at(5).id
    ctx.navigator.show_position.emit(pid)
    table.model.sort(COLUMN_KEYS.index("party"), Qt.SortOrder.DescendingOrder)
    assert table.selected_ids() == [pid]


def test_show_position_clears_filters_that_hide_it(ctx, qtbot):
    table = _table(ctx, qtbot)
    ctx.filters.update(text="prisoners")
    hidden = next(r for r in queries.position_rows(ctx.db)
                  if "prisoners" not in (r.quote + r.notes).lower())
    assert table.model.row_of_id(hidden.id) < 0
    ctx.navigator.show_position.emit(hidden.id)
    assert table.search.text() == ""
    assert table.selected_ids() == [hidden.id]


def test_date_shows_its_precision_and_party_its_colour(ctx, qtbot):
    model = PositionsModel()
    model.load(ctx.db, None)
    precisions = {r.date_precision: format_date(r) for r in model.rows()}
    assert len(precisions["day"]) == 10
    assert len(precisions["month"]) == 7
    assert precisions["approximate"].startswith("~")
    row = model.rows()[0]
    swatch = model.index(0, 0).data(Qt.ItemDataRole.DecorationRole)
    centre = swatch.pixmap(14).toImage().pixelColor(7, 7)  # an icon: keeps colour when selected
    assert colours_close(centre, QColor(row.party_colour)), (centre.name(), row.party_colour)


def test_only_the_party_column_has_an_icon(ctx, qtbot):
    """A decoration on other columns would shift and clip their text (dates lost their day)."""
    model = PositionsModel()
    model.load(ctx.db, None)
    decorations = [model.index(0, c).data(Qt.ItemDataRole.DecorationRole)
                   for c in range(model.columnCount())]
    assert decorations[0] is not None
    assert decorations[1:] == [None] * (model.columnCount() - 1)
