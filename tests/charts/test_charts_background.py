"""On a large database (the size at which this starts is lowered here so the seeded one
takes that path) the matrix, the gap chart and every timeline redraw read on a worker
thread: the window keeps answering, the chart says it is reading, then shows exactly what a
read in step would show."""

from __future__ import annotations

import datetime as dt

import desktop.charts.charts_pane as charts_pane
from db.reads import analysis, queries
from desktop.charts.charts_pane import ChartsPane


def _pane(ctx, qtbot, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(charts_pane, "BACKGROUND_ABOVE", 0)
    monkeypatch.setattr(charts_pane, "DEFER_ABOVE", 0)
    pane = ChartsPane(ctx)
    qtbot.addWidget(pane)
    pane.resize(1200, 750)
    pane.show()
    qtbot.waitExposed(pane)
    qtbot.waitUntil(lambda: pane.timeline.has_drawn() and not pane.timeline.is_loading(),
                    timeout=5000)
    return pane


def test_the_matrix_reads_in_the_background_then_shows_the_stances(ctx, qtbot, monkeypatch):  # type: ignore[no-untyped-def]
    pane = _pane(ctx, qtbot, monkeypatch)
    with qtbot.waitSignal(pane.refreshed, timeout=5000,
                          check_params_cb=lambda index: index == 1):
        pane.tabs.setCurrentIndex(1)
        assert pane.matrix.loading  # the tab opened before the stances were read
        assert "Reading" in pane.matrix.title.text
    assert not pane.matrix.loading
    assert pane.matrix.grid.cells == analysis.stance_matrix(ctx.db, pane.matrix.at,
                                                            ctx.filters.current)
    # another date: the same, in the background again
    day = dt.date(2025, 3, 12)
    with qtbot.waitSignal(pane.refreshed, timeout=5000):
        pane.date_edit.setDate(day)
        assert pane.matrix.loading
    assert pane.matrix.grid.cells == analysis.stance_matrix(ctx.db, day, ctx.filters.current)


def test_the_gap_reads_in_the_background_and_an_export_waits_for_it(ctx, qtbot, monkeypatch, tmp_path):  # type: ignore[no-untyped-def]
    pane = _pane(ctx, qtbot, monkeypatch)
    pane.tabs.setCurrentIndex(2)
    assert pane.gap.loading  # the busiest two parties are counted on the worker too
    qtbot.waitUntil(lambda: not pane.gap.loading, timeout=5000)
    a, b = pane.gap.parties
    assert [a, b] == queries.busiest_parties(ctx.db, 2)
    assert (pane.party_a.currentData(), pane.party_b.currentData()) == (a, b)
    other = next(p for p in queries.parties(ctx.db) if p.id not in (a, b) and p.name == "Russia"
                 or p.id not in (a, b) and p.name == "United States")
    pane.party_b.setCurrentIndex(pane.party_b.findData(other.id))
    assert pane.gap.loading
    pane.export_current(tmp_path / "gap.png")  # drawn whole, not the chart being replaced
    assert not pane.gap.loading
    series = analysis.gap_series(ctx.db, a, other.id, ctx.filters.current)
    assert series and set(pane.gap.curves) == set(series)
    assert other.name in pane.gap.chart_title()


def test_a_filter_redraws_the_timeline_from_a_worker(ctx, qtbot, monkeypatch):  # type: ignore[no-untyped-def]
    pane = _pane(ctx, qtbot, monkeypatch)
    plot = pane.timeline
    russia = next(p.id for p in queries.parties(ctx.db) if p.name == "Russia")
    with qtbot.waitSignal(pane.refreshed, timeout=5000):
        ctx.filters.update(party_ids=frozenset({russia}))
        qtbot.waitUntil(plot.is_loading, timeout=2000)  # read on a worker, not in step
    assert set(plot.party_items()) == {russia}
    expected = {r.id for r in queries.timeline_points(ctx.db, plot.issue_id,
                                                      ctx.filters.current)}
    assert plot.shown_ids() == expected
