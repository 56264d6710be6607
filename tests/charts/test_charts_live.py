"""The charts pane follows edits made through ctx.ops (same items, new data), the shared
filters, and a click on a marker asks the navigator to show that record."""

from __future__ import annotations

import datetime as dt

import numpy as np
from PySide6.QtCore import QPoint, Qt
from workspace_helpers import shown

from db.reads import queries, record_inputs, source_reads
from desktop.charts.charts_pane import ChartsPane


def _pane(ctx, qtbot):  # type: ignore[no-untyped-def]
    pane = shown(qtbot, ChartsPane(ctx), 1200, 700)
    issue = queries.issue_by_key(ctx.db, "ceasefire_scope")
    pane.issue_combo.setCurrentIndex(pane.issue_combo.findData(issue.id))
    return pane, issue


def _ukraine(ctx):  # type: ignore[no-untyped-def]
    return next(p.id for p in queries.parties(ctx.db) if p.key == "ukraine")


def test_edit_through_ops_updates_the_same_items(ctx, qtbot):
    pane, issue = _pane(ctx, qtbot)
    ua = _ukraine(ctx)
    items = pane.timeline.party_items()[ua]
    line, filled = items.line, items.filled
    before_y = np.array(line.yData, copy=True)
    # Zelensky's own "if there is a partial ceasefire" (no other account of his shares
    # its voice, so the edit creates no conflict and the marker stays filled)
    row = next(r for r in queries.timeline_rows(ctx.db, issue.id)
               if r.party_id == ua and r.date_precision == "day" and r.stated_on.day == 18
               and r.attributed_to.startswith("Zelensky"))
    data = record_inputs.position_input(ctx.db, row.id)
    top = issue.levels[-1]
    data.level_id = top.id
    data.stated_on = dt.date(2025, 3, 20)
    data.status = "demands"
    data.confidence = 0.99
    ctx.ops.update_position(row.id, data)
    assert pane.timeline.party_items()[ua].line is line
    assert pane.timeline.party_items()[ua].filled is filled
    after_y = np.array(line.yData)
    assert not np.array_equal(before_y, after_y)
    assert after_y[-1] > top.value - 0.5  # Ukraine now ends at the top of the scale
    assert row.id in list(filled.data["data"])
    ctx.ops.undo_stack.undo()
    assert pane.timeline.party_items()[ua].line is line
    assert np.array_equal(np.array(line.yData), before_y)


def test_deleting_a_party_s_records_removes_its_curve_and_undo_restores(ctx, qtbot):
    pane, issue = _pane(ctx, qtbot)
    fr = next(p.id for p in queries.parties(ctx.db) if p.key == "france")
    ids = [r.id for r in queries.timeline_rows(ctx.db, issue.id) if r.party_id == fr]
    assert fr in pane.timeline.party_items()
    ctx.ops.delete_positions(ids)
    assert fr not in pane.timeline.party_items()
    ctx.ops.undo_stack.undo()
    assert fr in pane.timeline.party_items()


def test_filters_apply_to_the_timeline(ctx, qtbot):
    pane, issue = _pane(ctx, qtbot)
    ua = _ukraine(ctx)
    ctx.filters.update(party_ids=frozenset({ua}))
    assert set(pane.timeline.party_items()) == {ua}
    shown = pane.timeline.shown_ids()
    assert shown == {r.id for r in queries.timeline_rows(ctx.db, issue.id) if r.party_id == ua}
    ctx.filters.reset()
    assert len(pane.timeline.party_items()) > 1
    ctx.filters.update(date_from=dt.date(2025, 3, 15))
    rows = queries.timeline_rows(ctx.db, issue.id)
    assert pane.timeline.shown_ids() == {r.id for r in rows if r.stated_on >= dt.date(2025, 3,
                                                                                        15)}
    source = source_reads.sources(ctx.db)[0]
    ctx.filters.update(date_from=None, source_ids=frozenset({source.id}))
    assert pane.timeline.shown_ids() == {r.id for r in rows if r.source_id == source.id}
    assert pane.timeline.source_lines() == [f"{source.outlet}: “{source.title}”"]


def test_clicking_a_marker_shows_that_position(ctx, qtbot):
    pane, issue = _pane(ctx, qtbot)
    target = next(r for r in queries.timeline_rows(ctx.db, issue.id)
                  if r.party_name == "Ukraine" and r.level_label == "Air and sea truce")
    plot = pane.timeline
    scene_pos = plot.position_scene_pos(target.id)
    view_pos = plot.mapFromScene(scene_pos)
    assert plot.position_at(scene_pos) == target.id
    assert "Ukraine" in plot.tooltip_for(target.id) and target.quote[:20] in plot.tooltip_for(
        target.id)
    with qtbot.waitSignal(ctx.navigator.show_position, timeout=2000) as blocker:
        qtbot.mouseClick(plot.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(view_pos))
    assert blocker.args == [target.id]


def test_export_current_and_matrix_date_controls(ctx, qtbot, tmp_path):
    pane, _ = _pane(ctx, qtbot)
    pane.tabs.setCurrentIndex(1)
    pane.date_edit.setDate(pane.date_edit.minimumDate())
    early = pane.matrix.grid.cells
    pane.date_slider.setValue(pane.date_slider.maximum())
    assert pane.matrix.at == dt.date(2025, 3, 18)
    assert len(pane.matrix.grid.cells) > len(early)
    out = pane.export_current(tmp_path / "matrix.png", width_px=800)
    from PySide6.QtGui import QImage

    assert QImage(str(out)).width() == 800
