"""On a large database the positions table shows its first rows at once, read from the date
index, and the rest once the whole order is read on a worker thread after the window has
painted: the rows then are exactly those, in the order, a plain read gives, with what the
user selected meanwhile kept. A change another program makes meanwhile still appears.
(The sizes at which that starts are lowered so the seeded database takes that path.)"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from workspace_helpers import main_window

from db.exchange.json_csv import export_data
from db.reads import queries
from db.reads.table_order import sorted_position_ids
from desktop.panes import positions_model
from desktop.panes.positions_model import COLUMN_KEYS
from desktop.panes.positions_table import PositionsTable

FIRST = 10


@pytest.fixture
def large(monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(positions_model, "BACKGROUND_ABOVE", 0)
    monkeypatch.setattr(positions_model, "FIRST_ROWS", FIRST)


def _ids(table: PositionsTable) -> list[int]:
    return [table.model.id_at(r) for r in range(table.model.rowCount())]


def test_the_first_rows_show_before_the_whole_order_then_all_in_the_same_order(  # type: ignore[no-untyped-def]
        ctx, qtbot, large):
    expected = sorted_position_ids(ctx.db, ctx.filters.current, "date").tolist()
    assert len(expected) > FIRST
    table = PositionsTable(ctx)
    qtbot.addWidget(table)
    # Built, not yet painted: the first rows are there, with their cells, and the label
    # says the rest is being read.
    assert _ids(table) == expected[:FIRST]
    assert table.model.is_busy()
    assert table.count_label.text() == "Reading positions…"
    first = queries.position_row(ctx.db, expected[0])
    assert first is not None
    assert table.model.index(0, COLUMN_KEYS.index("party")).data() == first.party_name
    table.resize(1200, 600)
    table.show()
    table.view.selectRow(3)  # the user picks a row before the rest has arrived
    qtbot.waitUntil(lambda: not table.model.is_busy(), timeout=5000)
    assert _ids(table) == expected
    assert table.selected_ids() == [expected[3]]
    assert table.count_label.text() == f"{len(expected)} shown"


def test_sorting_before_the_rest_has_arrived_shows_the_sorted_whole(ctx, qtbot, large):  # type: ignore[no-untyped-def]
    table = PositionsTable(ctx)
    qtbot.addWidget(table)
    table.resize(1200, 600)
    table.show()
    col = COLUMN_KEYS.index("party")
    table.view.sortByColumn(col, Qt.SortOrder.DescendingOrder)
    qtbot.waitUntil(lambda: not table.model.is_busy(), timeout=5000)
    assert _ids(table) == sorted_position_ids(ctx.db, ctx.filters.current, "party",
                                              descending=True).tolist()


def test_a_change_by_another_program_while_the_rows_are_read_appears(  # type: ignore[no-untyped-def]
        seeded_db, qtbot, tmp_path: Path, large):
    window = main_window(seeded_db, qtbot, tmp_path / "ui.ini", size=(1400, 900), show=False)
    window.external_changes.start()  # as run_gui does once the window is up
    table = window.positions
    assert table.model.rowCount() == FIRST and table.model.is_busy()
    total = queries.count_positions(seeded_db)
    # One coded position in a new article, from "another machine", by a real process.
    data = export_data(seeded_db)
    quote = "Both delegations agreed to meet again in Istanbul next week."
    text = f"Istanbul talks\n\nTalks resumed in Geneva. {quote}\n"
    start = text.index(quote)
    source = dict(data["sources"][0], id=9001, title="Istanbul talks", url="", text=text)
    position = dict(data["positions"][0], id=9001, source=9001, quote=quote,
                    quote_start=start, quote_end=start + len(quote), conditions=[],
                    notes="coded on another machine")
    payload = tmp_path / "other.json"
    payload.write_text(json.dumps(dict(data, sources=[source], positions=[position])),
                       encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "desktop", "import-data", "--db",
                           str(seeded_db.path), str(payload)], capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 0, proc.stderr
    window.show()
    qtbot.waitUntil(lambda: table.model.rowCount() == total + 1
                    and not table.model.is_busy(), timeout=5000)
    assert _ids(table) == sorted_position_ids(seeded_db, window.ctx.filters.current,
                                              "date").tolist()
    assert any(r.notes == "coded on another machine" for r in table.model.rows())
