"""The docked charts read at the main window's default size, measured on the real widgets:
no two timeline markers overlap, no two event tags overlap, the legends are whole and in
sight (not clipped by the pane), and the event numbers are explained under the chart."""

from __future__ import annotations

import itertools

import pytest
from PySide6.QtCore import QPointF, QRectF, QSettings, Qt

from db.reads import queries
from desktop.charts.timeline_items import SHAPES


@pytest.fixture
def window(seeded_db, qtbot, tmp_path):  # type: ignore[no-untyped-def]
    from desktop.app import build_main_window

    window = build_main_window(seeded_db, QSettings(str(tmp_path / "ui.ini"),
                                                    QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    window.show()  # the default 1400 × 900, default layout
    qtbot.waitExposed(window)
    plot = window.charts.timeline
    plot.finish_loading()
    qtbot.waitUntil(lambda: plot.has_drawn() and not plot.respreading(), timeout=5000)
    return window


def _visible_rect(chart) -> QRectF:  # type: ignore[no-untyped-def]
    """The part of the chart's scene the pane shows without scrolling."""
    scroll = chart.parentWidget().parentWidget()  # viewport, then the scroll area
    top_left = chart.mapFrom(scroll.viewport(), scroll.viewport().rect().topLeft())
    bottom_right = chart.mapFrom(scroll.viewport(), scroll.viewport().rect().bottomRight())
    return QRectF(chart.mapToScene(top_left), chart.mapToScene(bottom_right)).adjusted(
        -1, -1, 1, 1)


def _marker_rects(plot) -> list[tuple[int, QRectF]]:  # type: ignore[no-untyped-def]
    vb = plot.plotItem.vb
    out = []
    for items in plot.party_items().values():
        for scatter in items.scatters():
            size = scatter.opts["size"]
            for x, y, i in zip(scatter.data["x"], scatter.data["y"], scatter.data["data"],
                               strict=True):
                c = vb.mapViewToScene(QPointF(x, y))
                # the glyph's ink: a little inside its nominal square
                r = (size - 1) / 2
                out.append((int(i), QRectF(c.x() - r, c.y() - r, 2 * r, 2 * r)))
    return out


def test_default_dock_timeline_markers_never_overlap(window):
    plot = window.charts.timeline
    rects = _marker_rects(plot)
    issue = plot.issue_id
    assert len(rects) == len(queries.timeline_rows(window.ctx.db, issue)) > 20
    overlapping = [(a, b) for (a, ra), (b, rb) in itertools.combinations(rects, 2)
                   if ra.intersects(rb)]
    assert not overlapping, f"{len(overlapping)} overlapping pairs, e.g. {overlapping[:3]}"
    # and every marker inside the plot
    box = plot.plotItem.vb.sceneBoundingRect()
    assert all(box.contains(r) for _, r in rects)


def test_marker_spread_follows_the_pane(window, qtbot):
    """Narrower pane, same promise: the spread is redone for the new scale."""
    plot = window.charts.timeline
    dock = window.docks["chartsDock"]
    before = plot.plotItem.vb.width()
    window.resizeDocks([dock], [dock.width() - 120], Qt.Orientation.Horizontal)
    qtbot.waitUntil(lambda: plot.plotItem.vb.width() < before - 60, timeout=2000)
    qtbot.waitUntil(lambda: not plot.respreading(), timeout=2000)
    rects = _marker_rects(plot)
    assert not [1 for (_, ra), (_, rb) in itertools.combinations(rects, 2) if ra.intersects(rb)]


def _tags_apart(plot) -> int:  # type: ignore[no-untyped-def]
    """Checks the tags neither overlap nor leave the plot; their number of rows."""
    tags = [line.label.sceneBoundingRect() for line in plot._events._lines]
    assert len(tags) >= 4
    for a, b in itertools.combinations(tags, 2):
        assert not a.intersects(b)
    # tags sit over the plot, not over the title or axis
    box = plot.plotItem.vb.sceneBoundingRect()
    assert all(box.contains(t) for t in tags)
    return len({round(t.top()) for t in tags})


def test_default_dock_event_tags_never_overlap_and_are_explained(window, qtbot):
    plot = window.charts.timeline
    _tags_apart(plot)
    # squeezed, close dates' tags (11 and 13 March) would touch: they stack instead
    dock = window.docks["chartsDock"]
    window.resizeDocks([dock], [330], Qt.Orientation.Horizontal)
    qtbot.waitUntil(lambda: plot.plotItem.vb.width() < 260, timeout=2000)
    qtbot.waitUntil(lambda: not plot.respreading(), timeout=2000)
    assert _tags_apart(plot) >= 2
    # the numbers explained under the chart, all of them in its tooltip
    label = window.charts.events_label
    assert label.isVisible() and label.text().startswith("Events: [1] ")
    for number, text in plot.event_legend():
        assert f"[{number}] {text}" in label.toolTip()


def test_default_dock_legends_are_whole_and_in_sight(window, qtbot):
    plot = window.charts.timeline
    seen = _visible_rect(plot)
    entries = plot.legend.items
    assert len(entries) >= 8  # seven parties' lines and the mark kinds
    for sample, label in entries:
        for item in (sample, label):
            assert seen.contains(item.sceneBoundingRect()), label.item.toPlainText()
    window.charts.tabs.setCurrentIndex(2)
    gap = window.charts.gap
    qtbot.waitUntil(lambda: bool(gap.legend.items), timeout=2000)
    seen = _visible_rect(gap)
    for _sample, label in gap.legend.items:
        box = label.sceneBoundingRect()
        assert seen.contains(box), label.item.toPlainText()
        # the text not squeezed: its label is as wide as the text
        assert box.width() >= label.item.boundingRect().width() - 1


def test_marker_shapes_are_distinct():
    assert len({shape[0] for kind, shape in SHAPES.items() if kind != "hollow"}) == 4


def test_matrix_text_is_elided_to_its_cell_never_cut(qtbot):
    from PySide6.QtGui import QFontMetricsF

    from desktop.charts.common import font
    from desktop.charts.matrix_cells import best_fit, fitted

    f = font(7.5)
    metrics = QFontMetricsF(f)
    flags = int(Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignCenter)
    rect = QRectF(0, 0, 76, 2 * metrics.lineSpacing())  # two lines
    label = "Energy infrastructure only"  # three lines at this width
    shown = fitted(f, rect, label, flags)
    assert shown == "Energy …"
    assert metrics.boundingRect(rect, flags, shown).height() <= rect.height() + 1
    assert fitted(f, rect, "Maritime truce now", flags) == "Maritime truce now"
    # the stance's name whole rather than "(disputed)", which the cell's border says
    assert best_fit(f, rect, ["Talks on maritime truce (disputed)", "Talks on maritime truce"],
                    flags) == "Talks on maritime truce"
