"""The timeline keeps a party's items when a filter hides it, and shows them again, with
the right records, when the filter brings it back; cited sources are read for exports."""

from __future__ import annotations

from db import queries


def test_party_filter_hides_and_reuses_items(seeded_db, qtbot):  # type: ignore[no-untyped-def]
    from desktop.charts.timeline_plot import TimelinePlot

    issue = queries.issue_by_key(seeded_db, "ceasefire_scope")
    plot = TimelinePlot(lambda: seeded_db)
    qtbot.addWidget(plot)
    plot.resize(900, 600)
    plot.set_issue(issue.id)
    everyone = plot.party_items()
    all_ids = {r.id for r in queries.timeline_points(seeded_db, issue.id)}
    assert len(everyone) > 1 and plot.shown_ids() == all_ids

    one = next(iter(everyone))
    plot.set_filter(queries.PositionFilter(party_ids=frozenset({one})))
    assert set(plot.party_items()) == {one}
    assert {r.party_id for r in queries.timeline_points(seeded_db, issue.id)
            if r.id in plot.shown_ids()} == {one}
    hidden = [items for pid, items in everyone.items() if pid != one]
    assert all(not it.filled.isVisible() and len(it.filled.data) == 0 for it in hidden)
    assert len(plot.legend.items) < len(everyone) + 3  # hidden parties leave the legend

    plot.set_filter(queries.PositionFilter())
    again = plot.party_items()
    assert set(again) == set(everyone)
    assert all(again[pid] is everyone[pid] for pid in everyone)  # reused, not rebuilt
    assert all(it.filled.isVisible() for it in again.values())
    assert plot.shown_ids() == all_ids
    cited = {r.source_id for r in queries.timeline_points(seeded_db, issue.id)}
    assert len(plot.source_lines()) == len(cited)
