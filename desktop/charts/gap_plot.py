"""Gap over time between two parties: per issue, the distance between their latest stances,
normalised to the issue's scale (db.analysis.gap_series). 0 = same level, 1 = opposite ends.
One step curve per issue, reused through setData; where one side holds its stance only on
conditions the curve goes on dashed, its points are hollow and tagged "if": an agreement on
conditions is not the same level, and must not read as the gap closed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import replace
from typing import NamedTuple

import numpy as np
import pyqtgraph as pg
import shiboken6
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGraphicsView, QGraphicsWidget, QSizePolicy, QWidget

from db.reads import analysis, queries, source_reads
from db.reads.chart_reads import distinct_source_ids
from db.reads.queries import IssueRow, PositionFilter
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
from desktop.charts.timeline_legend import fit_columns
from desktop.charts.uniform_scatter import UniformScatter
from desktop.qt.background import Job, Results, run_in_pool
from desktop.qt.plain_text import escape
from desktop.qt.steps import Steps

IF_LABEL_LIMIT = 30  # more conditional points than this: hollow and dashed, no "if" each
MIN_GAP_PLOT_HEIGHT = 170


def _joined(part: np.ndarray, held: np.ndarray, full: np.ndarray, conditional: bool
            ) -> np.ndarray:
    """`part` with each of its stretches joined to the next one's first vertex, so that a
    solid stretch and the dashed one after it meet (no gap at the change)."""
    out = part.copy()
    change = (held[:-1] == conditional) & (held[1:] != conditional)
    out[1:][change] = full[1:][change]
    return out


class GapData(NamedTuple):
    parties: tuple[int | None, int | None]
    names: dict[int, str]
    series: dict[int, list[analysis.GapPoint]]
    issues: list[IssueRow]
    sources: list[str]


def read_gap(db: Database, a: int | None, b: int | None, flt: PositionFilter) -> GapData:
    """What the gap chart shows for parties `a` and `b` (no Qt: safe on a worker thread)."""
    names = {p.id: p.name for p in queries.parties(db)}
    series = (analysis.gap_series(db, a, b, flt)
              if a is not None and b is not None and a != b else {})
    sources: list[str] = []
    if series:
        # The cited sources' ids from SQL: full rows of the two busiest parties were ~60 MB
        # at 100k positions, a lean key per record ~200 MB at a million.
        used = distinct_source_ids(db, replace(flt, party_ids=frozenset(
            x for x in (a, b) if x is not None), ids=None))
        sources = sorted(source_line(outlet, title)
                         for outlet, title in source_reads.source_labels(db, used).values())
    return GapData((a, b), names, series, queries.issues(db), sources)


class GapPlot(pg.PlotWidget):
    loaded = Signal()  # a background read has been drawn

    def __init__(self, db_provider: Callable[[], Database], parent: QWidget | None = None):
        super().__init__(parent, background="w",
                         axisItems={"bottom": DayAxis("bottom")})
        self._db = db_provider
        self._filter = PositionFilter()
        self.parties: tuple[int | None, int | None] = (None, None)
        self.curves: dict[int, pg.PlotDataItem] = {}
        self.dashed: dict[int, pg.PlotCurveItem] = {}  # the conditional stretches
        self.if_labels: list[pg.TextItem] = []
        self._title = "Gap over time"
        self._sources: list[str] = []
        self.loading = False
        self._generation = 0
        self._results = Results()  # unparented: see desktop.qt.background.Results
        self._results.done.connect(self._arrived)
        self._job: Job | None = None  # the read under way, cancelled by a newer request
        # A background read's result is drawn an issue per step (at a million positions
        # making and filling 22 issues' items in one piece held the window ~0.4 s).
        self._steps = Steps(self)
        plot = self.plotItem
        style_plot(plot)
        plot.getAxis("left").setTicks([[(0, "same level"), (0.5, "half the scale"),
                                        (1, "opposite ends")], []])
        plot.getAxis("left").setWidth(130)
        plot.setLabel("left", "Distance between stances", color=INK.name())
        keep_period_label(plot)
        plot.vb.setYRange(-0.05, 1.05, padding=0)
        self.legend = pg.LegendItem(labelTextColor=INK, labelTextSize="9pt", verSpacing=-6,
                                    horSpacing=2)
        # A strip under the plot, as many entries a row as the width allows (beside the
        # plot, long issue names pushed it past a docked pane's edge).
        self.legend.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.legend.setMinimumWidth(0)
        plot.vb.setMinimumWidth(MIN_PLOT_WIDTH)
        # the three ticks and the axis title keep their room under a long legend: the
        # pane scrolls rather than squeezing the plot to a strip
        plot.vb.setMinimumHeight(MIN_GAP_PLOT_HEIGHT)
        plot.layout.addItem(self.legend, 4, 0, 1, 3)
        plot.layout.setAlignment(self.legend, Qt.AlignmentFlag.AlignLeft)
        plot.layout.setContentsMargins(2, 2, 14, 2)
        plot.geometryChanged.connect(self._fit_legend)
        # per issue, its points and its conditional (hollow) points: one style each (a
        # scatter with a style per point took ~0.4 s for 20,000 points)
        self.points: dict[int, tuple[UniformScatter, UniformScatter]] = {}
        # the legend's sample for the conditional stretches
        self._conditional_sample = pg.PlotDataItem(
            pen=pg.mkPen(MUTED, width=2.5, style=Qt.PenStyle.DashLine), symbol="o",
            symbolSize=8, symbolPen=pg.mkPen(MUTED, width=2), symbolBrush=pg.mkBrush("w"))
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
        """Read and draw now."""
        self._supersede()
        self.loading = False
        self._steps.cancel()
        self._show(read_gap(self._db(), *self.parties, self._filter))

    def refresh_in_background(self, busiest: bool = False) -> None:
        """Read on a worker thread (a million positions: seconds), then draw; `loaded`
        says when. A newer request drops it. `busiest`: the two parties with the most
        records are found there first (a count over every record) and shown."""
        self._supersede()
        self.loading = True
        self._empty.setText("Loading chart…")
        db, (a, b), flt = self._db(), self.parties, self._filter

        def read() -> GapData:
            pair = queries.busiest_parties(db, 2) if busiest else []
            return read_gap(db, *(pair if len(pair) == 2 else (a, b)), flt)

        self._job = run_in_pool(self._results, self._generation, read)

    def _supersede(self) -> None:
        """A newer request: the read under way (if any) is stopped, its result dropped."""
        self._generation += 1
        if self._job is not None:
            self._job.cancel()
            self._job = None

    def _arrived(self, generation: int, data: object) -> None:
        if generation != self._generation or not shiboken6.isValid(self):
            return
        self._job = None
        if isinstance(data, Exception):
            self.loading = False
            self._empty.setText(f"The chart could not be read: {data}")
            return
        self._steps.start(self._show_steps(data), lambda: self._drawn(generation))

    def _drawn(self, generation: int) -> None:
        if generation == self._generation:
            self.loading = False
            self.loaded.emit()

    def _show(self, data: GapData) -> None:
        for _step in self._show_steps(data):
            pass

    def _show_steps(self, data: GapData) -> Iterator[None]:
        """_show as steps: the items of an issue per step (desktop.qt.steps.Steps)."""
        self.parties = a, b = data.parties
        names, series, all_issues = data.names, data.series, data.issues
        # colour by the issue's place in the codebook, so it stays put as data changes
        colours = {i.id: ISSUE_PALETTE[k % len(ISSUE_PALETTE)] for k, i in enumerate(all_issues)}
        issue_order = [i for i in all_issues if i.id in series]
        self._title = (f"Gap between {names.get(a, '?')} and {names.get(b, '?')}"
                       if a is not None and b is not None else "Gap over time")
        self.plotItem.setTitle(escape(self._title), color=INK.name(), size="13pt")
        for iid in list(self.curves):
            if iid not in series:
                self.plotItem.removeItem(self.curves.pop(iid))
                self.plotItem.removeItem(self.dashed.pop(iid))
                for scatter in self.points.pop(iid):
                    self.plotItem.removeItem(scatter)
        xs_all: list[float] = []
        tagged: list[tuple[float, float, str]] = []
        x_end = max((day_x(p[-1].date) + DAY for p in series.values()), default=0.0)
        for k, issue in enumerate(issue_order):
            points = series[issue.id]
            # issues spread within the day, so same-day points of different issues show
            dx = (k + 1) / (len(issue_order) + 1) * DAY
            xs = [day_x(p.date) + dx for p in points]
            ys = [p.gap for p in points]
            xs_all += xs
            colour = colours[issue.id]
            cond = np.array([p.conditional for p in points], bool)
            tagged += [(x, y, colour) for x, y, c in zip(xs, ys, cond, strict=True) if c]
            # step: each gap holds until the next recorded change, and after the last one;
            # a stretch that starts at a conditional point is drawn dashed, not solid
            sx = np.repeat(xs, 2)[1:].tolist() + [x_end]
            sy = np.repeat(ys, 2).astype(float)
            held = np.repeat(cond, 2)
            solid_y, dashed_y = sy.copy(), sy.copy()
            # each stretch (a horizontal then the step up or down) belongs to its start
            solid_y[held] = np.nan
            dashed_y[~held] = np.nan
            curve = self.curves.get(issue.id)
            if curve is None:
                curve = pg.PlotDataItem(pen=pg.mkPen(colour, width=2.5), connect="finite")
                self.plotItem.addItem(curve)
                self.curves[issue.id] = curve
                self.dashed[issue.id] = pg.PlotCurveItem(
                    pen=pg.mkPen(colour, width=2.5, style=Qt.PenStyle.DashLine),
                    connect="finite")
                self.plotItem.addItem(self.dashed[issue.id])
                self.points[issue.id] = (
                    UniformScatter(size=8, pen=pg.mkPen("w"), brush=pg.mkBrush(colour)),
                    UniformScatter(size=8, pen=pg.mkPen(colour, width=2),
                                   brush=pg.mkBrush("w")))
                for scatter in self.points[issue.id]:
                    scatter.setZValue(10)
                    self.plotItem.addItem(scatter)
            solid, hollow = self.points[issue.id]
            x_arr, y_arr = np.asarray(xs, float), np.asarray(ys, float)
            solid.setData(x=x_arr[~cond], y=y_arr[~cond])
            hollow.setData(x=x_arr[cond], y=y_arr[cond])
            curve.opts["name"] = issue.name
            curve.setData(sx, _joined(solid_y, held, sy, False))
            self.dashed[issue.id].setData(np.array(sx), _joined(dashed_y, held, sy, True))
            yield
        self._tag(tagged)
        yield
        # LegendItem re-measures its whole grid after each entry added (quadratic); a set
        # size makes updateSize a no-op, so it measures once (as the timeline's legend)
        self.legend.size = (0, 0)
        try:
            self.legend.clear()
            for n, issue in enumerate(issue_order):
                self.legend.addItem(self.curves[issue.id], escape(issue.name))
                if n % 4 == 3:
                    yield  # ~1-3 ms an entry
            if tagged:
                self.legend.addItem(self._conditional_sample, "if …: a side holds its "
                                    "stance only on conditions")
        finally:
            self.legend.size = None
        self.legend.updateSize()
        yield
        self._fit_legend()
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
        self._sources = data.sources

    def _fit_legend(self) -> None:
        fit_columns(self.legend, self.plotItem.width())
        QGraphicsWidget.layout(self.plotItem).activate()
        keep_content_visible(self, self.plotItem)

    def _tag(self, tagged: list[tuple[float, float, str]]) -> None:
        """An "if" over each conditional point (at most IF_LABEL_LIMIT; the legend says it
        for more)."""
        if len(tagged) > IF_LABEL_LIMIT:
            tagged = []
        while len(self.if_labels) > len(tagged):
            self.plotItem.removeItem(self.if_labels.pop())
        while len(self.if_labels) < len(tagged):
            label = pg.TextItem("if", anchor=(0.5, 1.15))
            label.setFont(font(8, bold=True))
            self.plotItem.addItem(label, ignoreBounds=True)
            self.if_labels.append(label)
        for label, (x, y, colour) in zip(self.if_labels, tagged, strict=True):
            label.setColor(colour)
            label.setPos(x, y)

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
