"""Panes in a dock tab behind another one do no work until their tab is chosen (Qt 6 keeps
such docks 'visible', so this needs more than isVisible)."""

from __future__ import annotations

import pytest

from db.reads import queries
from db.reads.analysis import conflicts


def _seen(groups: list) -> list[tuple]:
    """What the list shows of each group (the pane's groups, or the plain search's)."""
    return [(g.party_id, g.issue_id, g.kind, g.level_value, g.first, g.last, g.summary)
            for g in groups]


@pytest.fixture
def window(app_window, seeded_db, qtbot, tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    from desktop.charts import charts_pane
    from desktop.panes import conflicts_view

    monkeypatch.setattr(conflicts_view, "BACKGROUND_ABOVE", 0)  # the seeded db counts as large
    monkeypatch.setattr(charts_pane, "DEFER_ABOVE", 10)
    win = app_window(seeded_db)
    return win


def test_conflicts_tab_behind_the_table_waits_for_its_tab(window, qtbot):  # type: ignore[no-untyped-def]
    from desktop.panes.conflicts_view import ConflictsView
    from desktop.qt.pane_visibility import on_screen

    view = window.docks["conflictsDock"].widget()  # built on first need
    assert isinstance(view, ConflictsView)
    qtbot.wait(100)
    assert view.isVisible() and not on_screen(view)  # what Qt 6 does with a tab behind
    assert view.groups == [] and view._stale
    window.ctx.filters.update(text="aid")
    qtbot.wait(100)
    assert view.groups == [] and view._stale
    window.docks["conflictsDock"].raise_()
    expected = conflicts(window.ctx.db, window.ctx.filters.current)
    assert expected
    qtbot.waitUntil(lambda: _seen(view.groups) == _seen(expected), timeout=5000)
    assert on_screen(view)
    # Back behind the table: filter changes wait again.
    window.docks["positionsDock"].raise_()
    qtbot.wait(50)
    window.ctx.filters.update(text="")
    qtbot.wait(100)
    assert _seen(view.groups) == _seen(expected) and view._stale


def test_charts_tab_behind_another_dock_redraws_when_chosen(window, qtbot):  # type: ignore[no-untyped-def]
    pane = window.charts
    # the first draw whole (a background load's result is drawn over a few turns)
    qtbot.waitUntil(lambda: pane.timeline.has_drawn() and not pane.timeline.is_loading(),
                    timeout=5000)
    window.tabifyDockWidget(window.docks["sourcesDock"], window.docks["chartsDock"])
    window.docks["sourcesDock"].raise_()
    qtbot.wait(50)
    refreshes: list[int] = []
    pane.refreshed.connect(refreshes.append)
    ua = next(p.id for p in queries.parties(window.ctx.db) if p.key == "ukraine")
    window.ctx.filters.update(party_ids=frozenset({ua}))
    qtbot.wait(100)
    assert refreshes == []
    window.docks["chartsDock"].raise_()
    qtbot.waitUntil(lambda: refreshes == [0], timeout=5000)
    assert set(pane.timeline.party_items()) == {ua}


def test_agreement_tab_behind_the_table_reads_nothing_at_start(window, qtbot):  # type: ignore[no-untyped-def]
    """The Agreement view, tabbed behind the table, got a show event with the window and
    worked out the agreement over every coded record before the window could answer
    (seconds at a million positions). It waits for its tab now."""
    from desktop.qt.pane_visibility import on_screen

    view = window.agreement
    qtbot.wait(100)
    assert view.isVisible() and not on_screen(view)
    assert view.report is None
    window.docks["agreementDock"].raise_()
    qtbot.waitUntil(lambda: view.report is not None, timeout=5000)
    assert "No source has been coded by two or more analysts" in view.heading.text()
