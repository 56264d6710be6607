"""Large databases: the conflicts pane searches off the GUI thread, and not while hidden."""

from __future__ import annotations

import pytest

from db.reads.analysis import conflicts
from desktop.panes import conflicts_view
from desktop.panes.conflicts_view import ConflictsView


@pytest.fixture
def background(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(conflicts_view, "BACKGROUND_ABOVE", 0)  # seeded db counts as large


def test_large_database_conflicts_arrive_from_a_worker(ctx, qtbot, background) -> None:  # type: ignore[no-untyped-def]
    view = ConflictsView(ctx)
    qtbot.addWidget(view)
    view.resize(1000, 700)
    view.show()
    assert view.count_label.text() == "Finding disagreements…"
    assert view.groups == []
    expected = conflicts(ctx.db)
    qtbot.waitUntil(lambda: len(view.groups) == len(expected) > 0, timeout=5000)
    assert view.count_label.text() == f"{len(expected)} disagreements"
    assert view.current_group() == expected[0]  # the first one is opened, as before
    assert view.cards


def test_hidden_pane_does_not_search_until_shown(ctx, qtbot, background) -> None:  # type: ignore[no-untyped-def]
    view = ConflictsView(ctx)
    qtbot.addWidget(view)
    ctx.filters.update(text="aid")
    qtbot.wait(50)
    assert view.groups == [] and view._stale
    view.show()
    expected = conflicts(ctx.db, ctx.filters.current)
    assert expected
    qtbot.waitUntil(lambda: view.groups == expected, timeout=5000)
