"""Charts in a narrow pane (a small window, or the default layout on a laptop): the legend
and the matrix keep the room their text needs and the pane scrolls, instead of clipping
party names, event labels and stance labels mid-word."""

from __future__ import annotations

from PySide6.QtWidgets import QScrollArea

from desktop.charts.charts_pane import ChartsPane


def _pane(ctx, qtbot, width: int, height: int) -> ChartsPane:  # type: ignore[no-untyped-def]
    pane = ChartsPane(ctx)
    qtbot.addWidget(pane)
    pane.resize(width, height)
    pane.show()
    qtbot.waitExposed(pane)
    return pane


def _scroll_of(widget) -> QScrollArea:  # type: ignore[no-untyped-def]
    parent = widget.parentWidget()
    while not isinstance(parent, QScrollArea):
        parent = parent.parentWidget()
    return parent


def test_timeline_legend_is_whole_in_a_narrow_pane(ctx, qtbot):  # type: ignore[no-untyped-def]
    pane = _pane(ctx, qtbot, 560, 450)
    legend = pane.timeline.legend
    assert legend.geometry().width() >= legend.preferredWidth() - 1, "legend squeezed"
    right = legend.mapRectToScene(legend.boundingRect()).right()
    assert right <= pane.timeline.viewport().width() + 1, "legend runs off the chart"
    assert pane.timeline.plotItem.vb.width() >= 200  # the data keeps room too
    # The legend is a strip below the plot that wraps its entries into as many columns
    # as fit, rather than widening the chart.
    assert 1 <= legend.columnCount < len(legend.items)


def test_gap_legend_is_whole_in_a_narrow_pane(ctx, qtbot):  # type: ignore[no-untyped-def]
    pane = _pane(ctx, qtbot, 560, 450)
    pane.tabs.setCurrentIndex(2)
    qtbot.wait(10)
    legend = pane.gap.legend
    assert legend.geometry().width() >= legend.preferredWidth() - 1, "legend squeezed"
    assert legend.mapRectToScene(legend.boundingRect()).right() <= \
        pane.gap.viewport().width() + 1


def test_matrix_is_never_cut_off_and_scrolls(ctx, qtbot):  # type: ignore[no-untyped-def]
    pane = _pane(ctx, qtbot, 560, 450)
    pane.tabs.setCurrentIndex(1)
    qtbot.wait(10)
    grid = pane.matrix.grid
    rect = grid.mapRectToScene(grid.boundingRect())
    view = pane.matrix.viewport()
    assert rect.right() <= view.width() + 1 and rect.bottom() <= view.height() + 1, (
        f"grid {rect} does not fit its view {view.size()}: columns or rows cut off")
    scroll = _scroll_of(pane.matrix)
    assert scroll.verticalScrollBar().maximum() > 0
    # Three wrapped lines of a cell's label fit its row.
    assert grid.cell_rect(0, 0).height() >= 33


def test_default_layout_shows_the_whole_timeline_on_a_wide_window(app_window, seeded_db, qtbot):  # type: ignore[no-untyped-def]
    window = app_window(seeded_db, size=(1600, 1000))
    qtbot.wait(20)
    scroll = _scroll_of(window.charts.timeline)
    assert scroll.horizontalScrollBar().maximum() == 0, (
        f"charts pane {window.charts.width()} px: the legend is cut off at first sight")
    assert window.reader.width() >= 450  # and the article stays comfortable to read


def test_default_layout_on_the_default_window_keeps_sources_and_reader_usable(app_window, seeded_db, qtbot):  # type: ignore[no-untyped-def]
    window = app_window(seeded_db, size=None)
    qtbot.wait(20)
    assert window.docks["sourcesDock"].width() >= 330
    assert window.reader.width() >= 410
    assert window.charts.width() >= 600
