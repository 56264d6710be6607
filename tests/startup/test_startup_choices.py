"""The filter bar's long choice lists (every source, every attribution) are read when the
user first opens or steps through the combo, not while the window is being built."""

from __future__ import annotations

from PySide6.QtCore import Qt

from db.reads import queries, source_reads
from desktop.panes.positions_table import PositionsTable


def test_source_and_attribution_lists_load_when_first_used(ctx, qtbot, monkeypatch):  # type: ignore[no-untyped-def]
    reads: list[str] = []
    real_titles, real_people = source_reads.source_titles, queries.attributions
    monkeypatch.setattr(source_reads, "source_titles",
                        lambda db: reads.append("titles") or real_titles(db))
    monkeypatch.setattr(queries, "attributions",
                        lambda db: reads.append("people") or real_people(db))
    table = PositionsTable(ctx)
    qtbot.addWidget(table)
    table.show()
    qtbot.waitExposed(table)
    assert reads == []  # built and painted without reading them
    assert table.source_filter.currentText() == "Any source"

    # Opening the popup with the mouse reads the sources, once.
    qtbot.mouseClick(table.source_filter, Qt.MouseButton.LeftButton)
    assert reads == ["titles"]
    view = table.source_filter.view()
    assert view.model().rowCount() == len(source_reads.sources(ctx.db)) + 1
    table.source_filter.hidePopup()

    # Stepping through the closed attribution combo with the keyboard reads the names and
    # filters by the first, as a click would.
    table.attribution_filter.setFocus()
    qtbot.keyClick(table.attribution_filter, Qt.Key.Key_Down)
    assert reads == ["titles", "people"]
    first = real_people(ctx.db)[0]
    assert ctx.filters.current.attributions == frozenset({first})
    assert table.attribution_filter.currentText() == first
    assert table.model.rowCount() == queries.count_positions(ctx.db, ctx.filters.current)


def test_a_filter_chosen_elsewhere_shows_in_the_unread_combo(ctx, qtbot):  # type: ignore[no-untyped-def]
    table = PositionsTable(ctx)
    qtbot.addWidget(table)
    source = source_reads.sources(ctx.db)[0]
    ctx.filters.update(source_ids=frozenset({source.id}))  # e.g. "positions of this source"
    assert table.source_filter.currentText() == source.title


def test_gap_view_opens_on_the_two_busiest_parties_counted_when_first_shown(ctx, qtbot, monkeypatch):  # type: ignore[no-untyped-def]
    from desktop.charts.charts_pane import ChartsPane

    calls: list[int] = []
    real = queries.busiest_parties
    monkeypatch.setattr(queries, "busiest_parties",
                        lambda db, n=2: calls.append(n) or real(db, n))
    pane = ChartsPane(ctx)
    qtbot.addWidget(pane)
    pane.show()
    qtbot.waitExposed(pane)
    assert calls == []  # not counted for a start that shows the timeline
    tab_bar = pane.tabs.tabBar()
    qtbot.mouseClick(tab_bar, Qt.MouseButton.LeftButton, pos=tab_bar.tabRect(2).center())
    a, b = real(ctx.db, 2)
    assert (pane.party_a.currentData(), pane.party_b.currentData()) == (a, b)
    assert pane.gap.isVisible()
