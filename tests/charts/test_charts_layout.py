"""The timeline at dock size: legend below the plot, events on tooltips (and in the export's
footer), a default x range fitted to the stated dates, wheel zoom and Reset view."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication, QToolTip

from db.reads import queries
from desktop.charts import exporter
from desktop.charts.charts_pane import ChartsPane
from desktop.charts.common import day_x


def _pane(ctx, qtbot, width=650, height=420):  # type: ignore[no-untyped-def]
    pane = ChartsPane(ctx)
    qtbot.addWidget(pane)
    pane.resize(width, height)
    pane.move(0, 0)  # the offscreen screen is 800 px: hover targets must be on it
    pane.show()
    qtbot.waitExposed(pane)
    issue = queries.issue_by_key(ctx.db, "ceasefire_scope")
    pane.issue_combo.setCurrentIndex(pane.issue_combo.findData(issue.id))
    return pane


def test_dock_sized_timeline_gives_the_plot_most_of_the_width(ctx, qtbot):
    pane = _pane(ctx, qtbot)
    plot = pane.timeline
    vb = plot.plotItem.vb.sceneBoundingRect()
    legend = plot.legend.sceneBoundingRect()
    assert vb.width() > 0.5 * plot.width()
    # the legend is a strip under the plot, inside the widget, with entries side by side
    assert legend.top() >= vb.bottom() and legend.bottom() <= plot.height() + 1
    assert legend.right() <= plot.width() + 1
    assert plot.legend.columnCount >= 2
    labels = [label.text for _, label in plot.legend.items]
    assert {"France", "Germany", "Russia", "Ukraine", "United States"} <= set(labels)
    # events are tagged by number on the chart, not listed in the legend
    assert not [t for t in labels if "Jeddah" in t]
    # an export lays the chart out 1100 px wide; afterwards it fits the dock again
    exporter.png_bytes(plot, 800)
    assert plot.plotItem.vb.sceneBoundingRect() == vb
    assert plot.legend.sceneBoundingRect().right() <= plot.width() + 1


def test_event_tag_tooltip_names_the_event(ctx, qtbot):
    pane = _pane(ctx, qtbot)
    plot = pane.timeline
    first = min(queries.events(ctx.db), key=lambda e: e.date)
    tag = plot.event_tag_scene_pos(0)
    qtbot.mouseMove(plot.viewport(), plot.mapFromScene(tag))
    qtbot.waitUntil(lambda: QToolTip.isVisible(), timeout=2000)
    assert first.label in QToolTip.text() or any(
        e.label in QToolTip.text() for e in queries.events(ctx.db) if e.date == first.date)
    qtbot.mouseMove(plot.viewport(), QPoint(3, 3))
    qtbot.waitUntil(lambda: not QToolTip.isVisible(), timeout=2000)


def test_export_footer_lists_the_numbered_events(ctx, qtbot):
    pane = _pane(ctx, qtbot)
    footer = exporter.footer_text(pane.timeline)
    shown = [e for e in queries.events(ctx.db)
             if dt.date(2025, 3, 1) <= e.date <= dt.date(2025, 3, 18)]
    assert shown
    for ev in shown:
        assert ev.label in footer
    assert footer.index("[1]") < footer.index("[2]")


def test_default_range_fits_the_stated_dates_and_reset_restores_it(ctx, qtbot):
    pane = _pane(ctx, qtbot)
    plot = pane.timeline
    vb = plot.plotItem.vb
    rows = queries.timeline_rows(ctx.db, plot.issue_id)
    first, last = min(r.stated_on for r in rows), max(r.stated_on for r in rows)
    lo, hi = vb.viewRange()[0]
    assert (lo, hi) == plot.default_x_range()
    # every stated date is in view, and a month-long span does not stretch the range:
    # Ukraine's March record (a span to 1 April) leaves the view ending within days of
    # the last stated date
    assert lo <= day_x(first) and day_x(last) + 1 <= hi <= day_x(last) + 4
    y_before = vb.viewRange()[1]
    centre = vb.mapViewToScene(QPointF((lo + hi) / 2, y_before[0] / 2 + y_before[1] / 2))
    pos = QPointF(plot.mapFromScene(centre))
    wheel = QWheelEvent(pos, QPointF(plot.viewport().mapToGlobal(pos.toPoint())), QPoint(0, 0),
                        QPoint(0, 360), Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier,
                        Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(plot.viewport(), wheel)
    zlo, zhi = vb.viewRange()[0]
    assert zhi - zlo < 0.8 * (hi - lo)
    assert vb.viewRange()[1] == y_before  # the stance scale stays put
    qtbot.mouseClick(pane.reset_button, Qt.MouseButton.LeftButton)
    assert vb.viewRange()[0] == [lo, hi]
