"""Gap over time between two parties: per issue, the distance between their latest stances,
normalised to the issue's scale (db.reads.analysis.gap_series). 0 = same level, 1 = opposite ends.
One step curve per issue, reused through setData."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGraphicsView, QGraphicsWidget, QSizePolicy, QWidget

from db.reads import analysis, queries, source_reads
from db.reads.queries import PositionFilter
from db.storage.database import Database
from desktop.charts.common import (
    DAY,
    INK,
    ISSUE_PALETTE,
    MIN_PLOT_WIDTH,
    MUTED,
    DayAxis,
    day_x,
    font,
    keep_content_visible,
    keep_period_label,
    source_line,
    style_plot,
)
from desktop.qt.plain_text import escape


class GapPlot(pg.PlotWidget):
    def __init__(self, db_provider: Callable[[], Database], parent: QWidget | None = None):
        super().__init__(parent, background="w",
                         axisItems={"bottom": DayAxis("bottom")})
        self._db = db_provider
        self._filter = PositionFilter()
        self.parties: tuple[int | None, int | None] = (None, None)
        self.curves: dict[int, pg.PlotDataItem] = {}
        self._title = "Gap over time"
        self._sources: list[str] = []
        plot = self.plotItem
        style_plot(plot)
        plot.getAxis("left").setTicks([[(0, "same level"), (0.5, "half the scale"),
                                        (1, "opposite ends")], []])
        plot.getAxis("left").setWidth(130)
        plot.setLabel("left", "Distance between stances", color=INK.name())
        keep_period_label(plot)
        plot.vb.setYRange(-0.05, 1.05, padding=0)
        self.legend = pg.LegendItem(labelTextColor=INK, labelTextSize="9pt", verSpacing=-4)
        # Minimum: never narrower than its longest entry (clipped names mislead).
        self.legend.setSizePolicy(QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Fixed)
        plot.vb.setMinimumWidth(MIN_PLOT_WIDTH)
        plot.layout.addItem(self.legend, 2, 3)
        plot.layout.setColumnAlignment(3, Qt.AlignmentFlag.AlignTop)
        self.points = pg.ScatterPlotItem(size=8, pen=pg.mkPen("w"))
        self.points.setZValue(10)
        plot.addItem(self.points)
        self._empty = pg.TextItem("", color=MUTED, anchor=(0.5, 0.5))
        self._empty.setFont(font(11))
        plot.addItem(self._empty, ignoreBounds=True)

    def set_filter(self, flt: PositionFilter, refresh: bool = True) -> None:
        self._filter = flt
        if refresh:
            self.refresh()

    def set_parties(self, party_a: int | None, party_b: int | None, refresh: bool = True) -> None:
        self.parties = (party_a, party_b)
        if refresh:
            self.refresh()

    def refresh(self) -> None:
        db = self._db()
        a, b = self.parties
        names = {p.id: p.name for p in queries.parties(db)}
        series = (analysis.gap_series(db, a, b, self._filter)
                  if a is not None and b is not None and a != b else {})
        all_issues = queries.issues(db)
        # colour by the issue's place in the codebook, so it stays put as data changes
        colours = {i.id: ISSUE_PALETTE[k % len(ISSUE_PALETTE)] for k, i in enumerate(all_issues)}
        issue_order = [i for i in all_issues if i.id in series]
        self._title = (f"Gap between {names.get(a, '?')} and {names.get(b, '?')}"
                       if a is not None and b is not None else "Gap over time")
        self.plotItem.setTitle(escape(self._title), color=INK.name(), size="13pt")
        for iid in list(self.curves):
            if iid not in series:
                self.plotItem.removeItem(self.curves.pop(iid))
        xs_all: list[float] = []
        px: list[float] = []
        py: list[float] = []
        brushes = []
        x_end = max((day_x(p[-1].date) + DAY for p in series.values()), default=0.0)
        for k, issue in enumerate(issue_order):
            points = series[issue.id]
            # issues spread within the day, so same-day points of different issues show
            dx = (k + 1) / (len(issue_order) + 1) * DAY
            xs = [day_x(p.date) + dx for p in points]
            ys = [p.gap for p in points]
            xs_all += xs
            colour = colours[issue.id]
            px += xs
            py += ys
            brushes += [pg.mkBrush(colour)] * len(xs)
            # step: each gap holds until the next recorded change, and after the last one
            sx = list(np.repeat(xs, 2)[1:]) + [x_end]
            sy = list(np.repeat(ys, 2))
            curve = self.curves.get(issue.id)
            if curve is None:
                curve = pg.PlotDataItem(pen=pg.mkPen(colour, width=2.5))
                self.plotItem.addItem(curve)
                self.curves[issue.id] = curve
            curve.opts["name"] = issue.name
            curve.setData(sx, sy)
        self.points.setData(x=px, y=py, brush=brushes)
        self.legend.clear()
        for issue in issue_order:
            self.legend.addItem(self.curves[issue.id], escape(issue.name))
        keep_content_visible(self, self.plotItem)
        if xs_all:
            lo, hi = min(xs_all), max(xs_all)
            if hi - lo < 10 * DAY:
                lo, hi = (lo + hi) / 2 - 5 * DAY, (lo + hi) / 2 + 5 * DAY
            self.plotItem.vb.setXRange(lo, hi, padding=0.04)
            self._empty.setText("")
        else:
            # no data: show the last month rather than the axis' idea of 1 January 2000
            hi = day_x(dt.date.today())
            lo = hi - 30
            self.plotItem.vb.setXRange(lo, hi, padding=0)
            self._empty.setPos((lo + hi) / 2, 0.5)
            self._empty.setText("Pick two different parties with stances on the same issue")
        # The cited sources from lean keys: full rows of the two busiest parties were ~60 MB
        # at 100k positions, for one id each.
        used = {k[1] for k in queries.position_keys(db, PositionFilter(
                frozenset(x for x in (a, b) if x is not None), self._filter.issue_ids,
                self._filter.source_ids, self._filter.attributions, self._filter.date_from,
                self._filter.date_to, self._filter.text), ("source_id",))} if series else set()
        self._sources = sorted(source_line(outlet, title)
                               for outlet, title in source_reads.source_labels(db, used).values())

    # exporter protocol
    def graphics_view(self) -> QGraphicsView:
        return self

    def export_root(self) -> QGraphicsWidget:
        return self.plotItem

    def chart_title(self) -> str:
        return self._title

    def source_lines(self) -> list[str]:
        return list(self._sources)

    def note_lines(self) -> list[str]:
        return []
