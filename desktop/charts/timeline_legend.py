"""The issue timeline's legend: a strip under the plot with one entry per party (its step
line and marker) and one per kind of mark the chart shows (rejections, conditional stances,
deferrals, alleged violations, conflicting accounts, month-only dates), as many entries a
row as the chart's width allows."""

from __future__ import annotations

from collections.abc import Generator

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QSizePolicy

from desktop.charts.common import (
    APPROXIMATE_DAYS,
    INK,
)
from desktop.charts.timeline_items import MARKER_SIZE, SHAPES
from desktop.qt.plain_text import escape

_GREY = QColor("#555555")


def _sample(kind: str) -> pg.GraphicsObject:
    if kind == "span":
        return pg.PlotDataItem(pen=pg.mkPen(QColor("#cccccc"), width=7))
    if kind == "negative":
        return pg.ScatterPlotItem(symbol="x", size=MARKER_SIZE + 1, pen=pg.mkPen(_GREY),
                                  brush=pg.mkBrush(_GREY))
    symbol, size, hollow = SHAPES["hollow" if kind == "conflict" else kind]
    return pg.ScatterPlotItem(symbol=symbol, size=size,
                              pen=pg.mkPen(_GREY, width=2) if hollow else pg.mkPen("w"),
                              brush=pg.mkBrush("w") if hollow else pg.mkBrush(_GREY))


class TimelineLegend:
    def __init__(self, plot: pg.PlotItem):
        self.item = pg.LegendItem(labelTextColor=INK, labelTextSize="9pt", verSpacing=-6,
                                  horSpacing=2)
        # A strip below the plot, as many entries a row as the width allows: beside the
        # plot it took 40% of a dock-sized chart. Fixed keeps rows at their height.
        self.item.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        # No minimum width: after a wide export the chart must shrink back to the dock,
        # and fit() then gives the legend fewer columns.
        self.item.setMinimumWidth(0)
        plot.layout.addItem(self.item, 4, 0, 1, 3)
        plot.layout.setAlignment(self.item, Qt.AlignmentFlag.AlignLeft)
        self._key: tuple | None = None
        self._samples: dict[str, pg.GraphicsObject] = {}

    def update(self, names: tuple[tuple[int, str], ...], lines: dict[int, pg.PlotDataItem],
               extras: list[tuple[str, str]], spans: bool) -> Generator[None, None, bool]:
        """Show these entries, a few per step (a generator: `changed = yield from …`; each
        entry is ~1-3 ms of the GUI thread); False if they are those shown already."""
        if spans:
            extras = [*extras, ("span", f"month / ±{APPROXIMATE_DAYS} d")]
        key = (names, tuple(extras))
        if key == self._key:
            return False
        self._key = None  # until every entry is in (a newer draw may drop this one midway)
        legend = self.item
        # LegendItem re-measures its whole grid after each entry added (quadratic: ~5 ms
        # for 17 entries); a set size makes updateSize a no-op, so it measures once.
        legend.size = (0, 0)
        try:
            legend.clear()
            legend.setColumnCount(1)
            for n, (pid, name) in enumerate(names):
                legend.addItem(lines[pid], escape(name))
                if n % 4 == 3:
                    yield
            for kind, text in extras:
                if kind not in self._samples:
                    self._samples[kind] = _sample(kind)
                legend.addItem(self._samples[kind], text)
        finally:
            legend.size = None
        legend.updateSize()
        self._key = key
        return True

    def fit(self, width: float) -> None:
        fit_columns(self.item, width)


def fit_columns(legend: pg.LegendItem, width: float) -> None:
    """As many columns as fit `width` (entries fill rows left to right; a column is as
    wide as its widest entry)."""
    entries = legend.items
    if not entries:
        return
    widths = [20 + 2 + label.item.boundingRect().width() + 14 for _, label in entries]
    available = width - 24
    columns = 1
    for n in range(len(widths), 0, -1):
        if sum(max(widths[c::n]) for c in range(n)) <= available:
            columns = n
            break
    if columns != legend.columnCount:
        legend.setColumnCount(columns)
    legend.updateGeometry()
