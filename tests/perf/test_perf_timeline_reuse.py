"""The timeline keeps a party's items when a filter hides it, and shows them again, with
the right records, when the filter brings it back; cited sources are read for exports."""

from __future__ import annotations

from image_compare import assert_images_match

from db.reads import queries


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


def test_uniform_scatter_places_the_same_symbol_as_pyqtgraph(qtbot):  # type: ignore[no-untyped-def]
    import numpy as np
    import pyqtgraph as pg

    from desktop.charts.uniform_scatter import UniformScatter

    style = dict(symbol="x", size=11, pen=pg.mkPen("#c00000"), brush=pg.mkBrush("#c00000"))
    ours, theirs = UniformScatter(**style), pg.ScatterPlotItem(**style)
    x, y = np.arange(50.0), np.arange(50.0) % 7
    for item in (ours, theirs):
        item.setData(x=x, y=y, data=np.arange(50))
    rect = ours.fragmentAtlas[[(style["symbol"], 11, style["pen"], style["brush"])]][0]
    assert all(tuple(r) == tuple(rect) for r in ours.data["sourceRect"])
    assert rect[2] > 0 and len(ours.data) == 50
    # the same image as pyqtgraph's own per-point lookup
    a = ours.fragmentAtlas._data[rect[1]:rect[1] + rect[3], rect[0]:rect[0] + rect[2]]
    r2 = theirs.data["sourceRect"][0]
    b = theirs.fragmentAtlas._data[r2[1]:r2[1] + r2[3], r2[0]:r2[0] + r2[2]]
    assert_images_match(a, b, "our symbol")


def test_redraw_reuses_analysis_only_for_the_same_records(seeded_db, qtbot):  # type: ignore[no-untyped-def]
    from sqlalchemy import text

    from desktop.charts.timeline_plot import TimelinePlot

    issue = queries.issue_by_key(seeded_db, "ceasefire_scope")
    plot = TimelinePlot(lambda: seeded_db)
    qtbot.addWidget(plot)
    plot.resize(900, 600)
    plot.set_issue(issue.id)
    rows = queries.timeline_points(seeded_db, issue.id)
    first = plot._recent[-1][3]
    plot.refresh()  # same records: the same geometry object, nothing recomputed
    assert plot._recent[-1][3] is first and len(plot._recent) == 1

    # an edit changes the records: recomputed, and the chart shows the edit
    moved = rows[0]
    lower = min(lv.value for lv in issue.levels if lv.value != moved.level_value)
    level_id = next(lv.id for lv in issue.levels if lv.value == lower)
    before = plot.position_scene_pos(moved.id)
    with seeded_db.engine.begin() as conn:
        conn.execute(text("UPDATE position SET level_id = :l WHERE id = :i"),
                     {"l": level_id, "i": moved.id})
    plot.refresh()
    assert plot._recent[-1][3] is not first
    after = plot.position_scene_pos(moved.id)
    assert after.x() == before.x() and after.y() != before.y()
