"""The timeline's legend: a strip below the plot naming each party's line, then the marker
kinds the chart shows (rejections, conflicting accounts, approximate dates), in as many
columns as the chart's width allows."""

from __future__ import annotations

from collections.abc import Sequence

import pyqtgraph as pg
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QSizePolicy

from db.reads.queries import TimelinePoint
from desktop.charts.common import APPROXIMATE_DAYS, INK, NEGATIVE_STATUSES, NOT_HELD_STATUSES
from desktop.charts.timeline_items import MARKER_SIZE
from desktop.qt.plain_text import escape


def _samples() -> dict[str, pg.GraphicsObject]:
    grey = QColor("#555555")
    span = QColor("#cccccc")
    return {
        "negative": pg.ScatterPlotItem(symbol="x", size=MARKER_SIZE + 1,
                                       pen=pg.mkPen(grey), brush=pg.mkBrush(grey)),
        "conflict": pg.ScatterPlotItem(symbol="o", size=MARKER_SIZE,
                                       pen=pg.mkPen(grey, width=2),
                                       brush=pg.mkBrush(QColor("white"))),
        "span": pg.PlotDataItem(pen=pg.mkPen(span, width=7)),
    }


class TimelineLegend(pg.LegendItem):
    def __init__(self) -> None:
        super().__init__(labelTextColor=INK, labelTextSize="9pt", verSpacing=-6, horSpacing=2)
        # A strip below the plot, as many entries a row as the width allows: beside the
        # plot it took 40% of a dock-sized chart. Fixed keeps rows at their height.
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        # No minimum width: after a wide export the chart must shrink back to the dock,
        # and fit() then gives the legend fewer columns.
        self.setMinimumWidth(0)
        self._key: tuple | None = None
        self._samples = _samples()

    def show_entries(self, lines: Sequence[tuple[int, pg.PlotDataItem]],
                     rows: list[TimelinePoint], conflicts: bool) -> bool:
        """One entry per party line (in the chart's order), then the marker kinds present in
        `rows`. Returns False when the entries are the ones already shown."""
        extras = []
        if any(r.status in NOT_HELD_STATUSES for r in rows):
            extras.append(("negative", "rejects / opposes / denies" if all(
                r.status in NEGATIVE_STATUSES for r in rows if r.status in NOT_HELD_STATUSES)
                else "not held: rejects, defers, alleged violation…"))
        if conflicts:
            extras.append(("conflict", "conflicting accounts"))
        if any(r.date_precision != "day" for r in rows):
            extras.append(("span", f"month only / about ±{APPROXIMATE_DAYS} d"))
        names = tuple((pid, line.opts["name"]) for pid, line in lines)
        key = (names, tuple(extras))
        if key == self._key:
            return False
        self._key = key
        # LegendItem re-measures its whole grid after each entry added (quadratic: ~5 ms
        # for 17 entries); a set size makes updateSize a no-op, so it measures once.
        self.size = (0, 0)
        try:
            self.clear()
            self.setColumnCount(1)
            for (_, line), (_, name) in zip(lines, names, strict=True):
                self.addItem(line, escape(name))
            for kind, text in extras:
                self.addItem(self._samples[kind], text)
        finally:
            self.size = None
        self.updateSize()
        return True

    def fit(self, available: float) -> bool:
        """As many columns as fit `available` px (entries fill rows left to right; a column
        is as wide as its widest entry). Returns False when there is nothing to lay out."""
        entries = self.items
        if not entries:
            return False
        widths = [20 + 2 + label.item.boundingRect().width() + 14 for _, label in entries]
        columns = 1
        for n in range(len(widths), 0, -1):
            if sum(max(widths[c::n]) for c in range(n)) <= available:
                columns = n
                break
        if columns != self.columnCount:
            self.setColumnCount(columns)
        return True
