"""On a large database the charts redraw after the table, coalesced, and only when shown;
the redraw still happens, and exports never show a stale chart."""

from __future__ import annotations

import pytest

from db.reads import queries, source_reads


@pytest.fixture
def large(monkeypatch):  # type: ignore[no-untyped-def]
    """Treat the seeded database as large (the threshold is 5,000 positions)."""
    from desktop.charts import charts_pane

    monkeypatch.setattr(charts_pane, "DEFER_ABOVE", 10)


def _window(ctx, qtbot, tmp_path):  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QSettings, Qt

    from desktop.charts.charts_pane import ChartsPane
    from desktop.main_window import MainWindow

    window = MainWindow(ctx, QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat))
    pane = ChartsPane(ctx)
    window.add_dock(pane, "Charts", "chartsDock", Qt.DockWidgetArea.RightDockWidgetArea)
    qtbot.addWidget(window)
    window.resize(1400, 900)
    return window, pane


def _ukraine(ctx) -> int:  # type: ignore[no-untyped-def]
    return next(p.id for p in queries.parties(ctx.db) if p.key == "ukraine")


def test_first_draw_waits_for_the_window_then_happens(ctx, qtbot, tmp_path, large):  # type: ignore[no-untyped-def]
    window, pane = _window(ctx, qtbot, tmp_path)
    assert pane.timeline.party_items() == {}  # nothing read while hidden
    with qtbot.waitSignal(pane.refreshed, timeout=5000) as got:
        window.show()
        assert pane.timeline.party_items() == {}  # not inside show: after the first paint
    assert got.args == [0]
    assert _ukraine(ctx) in pane.timeline.party_items()


def test_filter_updates_the_table_first_then_the_chart_once(ctx, qtbot, tmp_path, large):  # type: ignore[no-untyped-def]
    window, pane = _window(ctx, qtbot, tmp_path)
    window.show()
    qtbot.waitUntil(lambda: pane.timeline.has_drawn() and not pane.timeline.is_loading(),
                    timeout=5000)
    ua = _ukraine(ctx)
    refreshes: list[int] = []
    pane.refreshed.connect(refreshes.append)
    ctx.filters.update(party_ids=frozenset({ua}))
    # The table is already filtered; the chart still shows everyone.
    assert window.positions.model.rowCount() == queries.count_positions(ctx.db, ctx.filters.current)
    assert len(pane.timeline.party_items()) > 1 and refreshes == []
    ctx.filters.update(date_from=None)  # a second change before the loop runs: one redraw
    qtbot.waitUntil(lambda: refreshes == [0], timeout=5000)
    assert set(pane.timeline.party_items()) == {ua}
    qtbot.wait(50)
    assert refreshes == [0]


def test_hidden_charts_are_not_redrawn_until_shown(ctx, qtbot, tmp_path, large):  # type: ignore[no-untyped-def]
    window, pane = _window(ctx, qtbot, tmp_path)
    window.show()
    # the first draw whole (a background load's result is drawn over a few turns)
    qtbot.waitUntil(lambda: pane.timeline.has_drawn() and not pane.timeline.is_loading(),
                    timeout=5000)
    dock = window.docks["chartsDock"]
    dock.hide()
    refreshes: list[int] = []
    pane.refreshed.connect(refreshes.append)
    ua = _ukraine(ctx)
    ctx.filters.update(party_ids=frozenset({ua}))
    qtbot.wait(50)
    assert refreshes == [] and len(pane.timeline.party_items()) > 1
    dock.show()
    qtbot.waitUntil(lambda: refreshes == [0], timeout=5000)
    assert set(pane.timeline.party_items()) == {ua}


def test_export_of_a_hidden_or_pending_chart_draws_it_first(ctx, qtbot, tmp_path, large):  # type: ignore[no-untyped-def]
    window, pane = _window(ctx, qtbot, tmp_path)
    window.show()
    qtbot.waitUntil(lambda: pane.timeline.has_drawn() and not pane.timeline.is_loading(),
                    timeout=5000)
    window.docks["chartsDock"].hide()
    ua = _ukraine(ctx)
    ctx.filters.update(party_ids=frozenset({ua}))
    target = pane.export_current(tmp_path / "chart.png", 800)
    assert target.stat().st_size > 1000
    assert set(pane.timeline.party_items()) == {ua}


def test_small_databases_still_redraw_in_step(ctx, qtbot, tmp_path):  # type: ignore[no-untyped-def]
    window, pane = _window(ctx, qtbot, tmp_path)
    window.show()
    qtbot.waitExposed(window)
    ua = _ukraine(ctx)
    ctx.filters.update(party_ids=frozenset({ua}))
    assert set(pane.timeline.party_items()) == {ua}  # no event loop needed


def test_gap_view_names_exactly_the_sources_of_the_two_parties_records(ctx, qtbot):  # type: ignore[no-untyped-def]
    from db.exchange.generate import generate
    from desktop.charts.common import source_line
    from desktop.charts.gap_plot import GapPlot

    generate(ctx.db, 25, 400, 11)
    a, b = queries.busiest_parties(ctx.db, 2)
    plot = GapPlot(lambda: ctx.db)
    qtbot.addWidget(plot)
    for flt in (queries.PositionFilter(), queries.PositionFilter(text="energy")):
        plot.set_filter(flt, refresh=False)
        plot.set_parties(a, b)
        narrowed = queries.PositionFilter(frozenset({a, b}), text=flt.text)
        cited = {r.source_id for r in queries.position_rows(ctx.db, narrowed)}
        expected = sorted(source_line(s.outlet, s.title) for s in source_reads.sources(ctx.db)
                          if s.id in cited)
        assert len(expected) > 3
        assert plot.source_lines() == expected
