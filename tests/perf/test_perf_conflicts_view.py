"""Large databases: the conflicts pane searches off the GUI thread, and not while hidden."""

from __future__ import annotations

import pytest

from db.reads.analysis import conflicts
from desktop.panes import conflicts_view
from desktop.panes.conflicts_view import ConflictsView


def _seen(groups: list) -> list[tuple]:
    """What the list shows of each group (the pane's groups, or the plain search's)."""
    return [(g.party_id, g.issue_id, g.kind, g.level_value, g.first, g.last, g.summary)
            for g in groups]


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
    assert _seen([view.current_group()]) == _seen(expected[:1])  # the first one is opened, as before
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
    qtbot.waitUntil(lambda: _seen(view.groups) == _seen(expected), timeout=5000)


def test_a_save_adds_a_disagreement_and_undo_takes_it_away(ctx, qtbot, background) -> None:  # type: ignore[no-untyped-def]
    """On a large database the pane follows saves from its kept index: only the saved
    record's party × issue pair is recomputed, on the worker, and undo takes it back out."""
    from dataclasses import replace

    from db.reads.queries import issues, position_rows
    from db.reads.record_inputs import position_input

    view = ConflictsView(ctx)
    qtbot.addWidget(view)
    view.resize(1000, 700)
    view.show()
    qtbot.waitUntil(lambda: len(view.groups) > 0, timeout=10000)
    before = _seen(view.groups)
    assert view._kept is not None and view._kept.built
    # A second voice putting a settled record's party at another level the same day.
    row = next(r for r in position_rows(ctx.db) if r.status == "agrees")
    issue = next(i for i in issues(ctx.db) if i.id == row.issue_id)
    level = next(lv.id for lv in issue.levels if lv.value != row.level_value)
    new_id = ctx.ops.create_position(replace(position_input(ctx.db, row.id), level_id=level,
                                             attributed_to="A voice nobody heard before"))
    qtbot.waitUntil(lambda: any(new_id in g.ids for g in view.groups), timeout=10000)
    assert view._kept.recomputed == {(row.party_id, row.issue_id)}
    assert _seen(view.groups) != before
    assert _seen(view.groups) == _seen(conflicts(ctx.db))

    ctx.ops.undo_stack.undo()
    qtbot.waitUntil(lambda: _seen(view.groups) == before, timeout=10000)
    assert not any(new_id in g.ids for g in view.groups)
    assert view.count_label.text() == f"{len(before)} disagreements"


def test_the_count_label_tells_how_far_a_long_search_is(ctx, qtbot, background) -> None:  # type: ignore[no-untyped-def]
    view = ConflictsView(ctx)
    qtbot.addWidget(view)
    said: list[str] = []
    view.count_label.setText = lambda text, set_=view.count_label.setText: (  # type: ignore[method-assign]
        said.append(text), set_(text))
    view.resize(1000, 700)
    view.show()
    qtbot.waitUntil(lambda: len(view.groups) > 0, timeout=10000)
    progress = [t for t in said if t.startswith("Finding disagreements… ") and t.endswith("%")]
    assert progress and progress[-1] == "Finding disagreements… 100%"
