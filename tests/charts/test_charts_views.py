"""Hover tooltips, the matrix cells and the gap view's party pickers, through the widgets."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPoint, QPointF
from PySide6.QtWidgets import QToolTip

from db.reads import queries
from desktop.charts.charts_pane import ChartsPane
from desktop.charts.matrix_view import cell_colour

# The same behaviour on an SQLite file and on a PostgreSQL server database.
pytestmark = pytest.mark.engines()


def _pane(ctx, qtbot):  # type: ignore[no-untyped-def]
    pane = ChartsPane(ctx)
    qtbot.addWidget(pane)
    pane.resize(1200, 750)
    pane.move(0, 0)  # the offscreen screen is 800 px: hover targets must be on it
    pane.show()
    qtbot.waitExposed(pane)
    return pane


def test_hovering_a_marker_shows_party_stance_date_attribution_and_quote(ctx, qtbot):
    pane = _pane(ctx, qtbot)
    issue = queries.issue_by_key(ctx.db, "ceasefire_scope")
    pane.issue_combo.setCurrentIndex(pane.issue_combo.findData(issue.id))
    row = next(r for r in queries.timeline_rows(ctx.db, issue.id)
               if r.party_name == "Ukraine" and r.date_precision == "month")
    plot = pane.timeline
    # a month-only record is a span: hovering it a week past its marker still finds it
    centre = plot.position_scene_pos(row.id)
    vb = plot.plotItem.vb
    end = vb.mapViewToScene(QPointF(vb.mapSceneToView(centre).x() + 8, vb.mapSceneToView(
        centre).y()))
    assert plot.mapFromScene(end).x() < 780
    qtbot.mouseMove(plot.viewport(), QPoint(plot.mapFromScene(end)))
    qtbot.waitUntil(lambda: QToolTip.isVisible(), timeout=2000)
    text = QToolTip.text()
    assert "Ukraine" in text and row.level_label in text
    assert "month only" in text and row.attributed_to in text and row.quote[:25] in text
    qtbot.mouseMove(plot.viewport(), QPoint(5, 5))
    qtbot.waitUntil(lambda: not QToolTip.isVisible(), timeout=2000)


def test_matrix_cells_are_coloured_by_scale_position(ctx, qtbot):
    pane = _pane(ctx, qtbot)
    pane.tabs.setCurrentIndex(1)
    pane.date_edit.setDate(pane.date_edit.maximumDate())
    grid = pane.matrix.grid
    russia = next(i for i, p in enumerate(grid.parties) if p.name == "Russia")
    aid = next(i for i, issue in enumerate(grid.issues) if issue.key == "military_aid")
    cell = grid.cells[(grid.parties[russia].id, grid.issues[aid].id)]
    assert cell.row.level_label == "All foreign aid must stop" and cell.fraction == 1
    image = pane.matrix.grab().toImage()
    rect = grid.mapRectToScene(grid.cell_rect(russia, aid))
    corner = pane.matrix.mapFromScene(rect.topLeft() + QPointF(6, 6))
    shown = image.pixelColor(corner.x(), corner.y())
    want = cell_colour(1.0)
    assert abs(shown.red() - want.red()) + abs(shown.green() - want.green()) + abs(
        shown.blue() - want.blue()) < 20
    # before anything was said (the first recorded date), most cells are empty
    pane.date_slider.setValue(0)
    assert pane.matrix.at == pane.date_edit.minimumDate().toPython()
    assert len(pane.matrix.grid.cells) < len(grid.parties) * 2


def test_gap_pickers_redraw_the_same_curves(ctx, qtbot):
    pane = _pane(ctx, qtbot)
    pane.tabs.setCurrentIndex(2)
    names = {p.name: p.id for p in queries.parties(ctx.db)}
    pane.party_a.setCurrentIndex(pane.party_a.findData(names["Russia"]))
    pane.party_b.setCurrentIndex(pane.party_b.findData(names["Ukraine"]))
    scope = queries.issue_by_key(ctx.db, "ceasefire_scope").id
    curve = pane.gap.curves[scope]
    assert "Russia" in pane.gap.chart_title() and "Ukraine" in pane.gap.chart_title()
    first = list(curve.yData)
    pane.party_b.setCurrentIndex(pane.party_b.findData(names["United States"]))
    assert pane.gap.curves[scope] is curve
    assert list(curve.yData) != first
    # solid where both stances are unconditional, dashed where one holds only on conditions
    ys = np.concatenate([curve.yData, pane.gap.dashed[scope].yData])
    assert np.nanmax(ys) <= 1 and np.nanmin(ys) >= 0
