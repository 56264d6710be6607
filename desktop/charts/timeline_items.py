"""The plot items one party owns on the issue timeline, reused across redraws: a step line
(which is also its legend entry), date spans, conflict bars, and one uniform-style scatter
per marker style."""

from __future__ import annotations

from collections.abc import Callable

import pyqtgraph as pg
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QColor

from db.reads.queries import PartyRow
from desktop.charts.timeline_geometry import (
    STYLES,
    PartyGeometry,
    TimelineGeometry,
    thin_points,
    thin_segments,
)
from desktop.charts.uniform_scatter import UniformScatter

MARKER_SIZE = 10


# Stacking by kind, so items created later (on first data) still sit where they belong:
# spans under conflict bars under step lines under markers.
_Z = {"spans": 1.0, "bars": 2.0, "line": 3.0, "filled": 10.0, "hollow": 10.0, "crossed": 10.0,
      "conditional": 11.0, "deferred": 10.0, "alleged": 10.0}
KINDS = tuple(_Z)
SCATTERS = ("filled", "hollow", "crossed", "conditional", "deferred", "alleged")
# (symbol, size, hollow) of each marker kind but the crosses: a conditional stance is a
# hollow diamond (held only "if …"), a deferral a right-pointing triangle (talks go on), an alleged
# violation a hollow warning triangle (an accusation, not a stance).
SHAPES = {"filled": ("o", MARKER_SIZE, False), "hollow": ("o", MARKER_SIZE, True),
          "conditional": ("d", MARKER_SIZE + 1, True), "deferred": ("t2", MARKER_SIZE + 1,
                                                                    False),
          "alleged": ("t1", MARKER_SIZE, True)}


class PartyItems:
    """The items one party owns; reused across refreshes. Only the step line (the party's
    legend entry) is made at once: the others when they first have something to draw, or
    are asked for (`items.hollow`). Creating plot items is most of the GUI thread's work
    in a first draw (~2 ms per party's six), and many parties never have, say, a
    rejection or a conflict bar on a given issue."""

    def __init__(self, plot: pg.PlotItem, colour: str, name: str):
        c = QColor(colour)
        self._plot = plot
        self._colour = c
        self._made: dict[str, pg.GraphicsObject] = {}
        self.colour = colour
        self.shown = True
        self.line = pg.PlotDataItem(pen=pg.mkPen(c, width=2.5), name=name, connect="finite",
                                    symbol="o", symbolSize=MARKER_SIZE, symbolBrush=c,
                                    symbolPen=pg.mkPen("w"))
        # The legend sample shows line + symbol, but the curve itself draws no symbols: the
        # shared scatter does (symbolSize on the curve is only for the legend).
        self.line.setSymbol(None)
        self._add("line", self.line)

    def _add(self, kind: str, item: pg.GraphicsObject) -> pg.GraphicsObject:
        item.setZValue(_Z[kind])
        self._plot.addItem(item)
        item.setVisible(self.shown)
        self._made[kind] = item
        return item

    def _style(self, kind: str) -> dict:
        """The pen (and for markers the brush) of `kind` in this party's colour."""
        c = self._colour
        if kind in ("spans", "bars"):
            # pale but opaque: alpha blending thousands of thick spans is most of an export
            pale = QColor.fromRgbF(*(0.65 + 0.35 * v for v in (c.redF(), c.greenF(), c.blueF())))
            return {"pen": pg.mkPen(pale, width=7, cap=Qt.PenCapStyle.FlatCap) if kind == "spans"
                    else pg.mkPen(c, width=2)}
        if kind in SHAPES:
            hollow = SHAPES[kind][2]
            return {"pen": pg.mkPen(c, width=2) if hollow else pg.mkPen("w"),
                    "brush": pg.mkBrush("w") if hollow else pg.mkBrush(c)}
        return {"pen": pg.mkPen(c), "brush": pg.mkBrush(c)}

    def _make(self, kind: str) -> pg.GraphicsObject:
        style = self._style(kind)
        if kind in ("spans", "bars"):
            # Bare curves, not PlotDataItems: each of those builds a curve and a scatter
            # item (unused here).
            item = pg.PlotCurveItem(connect="finite", **style)
            item.axis_aligned = True  # the exporter skips antialiasing for these
        elif kind in SHAPES:
            symbol, size, _hollow = SHAPES[kind]
            item = UniformScatter(symbol=symbol, size=size, **style)
        else:
            item = UniformScatter(symbol="x", size=MARKER_SIZE + 1, **style)
        return self._add(kind, item)

    def recolour(self, colour: str) -> None:
        """Draw in another colour (the chart moves a party's colour away from a look-alike
        one of another party on it): the items restyled, not made again (making a party's
        items is ~10 ms, and an issue change recoloured several parties)."""
        if colour == self.colour:
            return
        self.colour, self._colour = colour, QColor(colour)
        self.line.setPen(pg.mkPen(self._colour, width=2.5))
        self.line.opts["symbolBrush"] = self._colour  # the legend's sample
        for kind, item in self._made.items():
            if kind == "line":
                continue
            style = self._style(kind)
            if kind in ("spans", "bars"):
                item.setPen(style["pen"])
                continue
            item.opts["pen"], item.opts["brush"] = style["pen"], style["brush"]
            item.data["sourceRect"] = 0  # each point looks its (new) symbol image up again
            item.updateSpots()

    def item(self, kind: str) -> pg.GraphicsObject:
        """The item of `kind` (one of KINDS), made now if it was not yet."""
        return self._made.get(kind) or self._make(kind)

    spans = property(lambda self: self.item("spans"))
    bars = property(lambda self: self.item("bars"))
    filled = property(lambda self: self.item("filled"))
    hollow = property(lambda self: self.item("hollow"))
    crossed = property(lambda self: self.item("crossed"))
    conditional = property(lambda self: self.item("conditional"))
    deferred = property(lambda self: self.item("deferred"))
    alleged = property(lambda self: self.item("alleged"))

    def set_data(self, kind: str, x: object, y: object, ids: object = None) -> None:
        """Give `kind` new data; an item not made yet is made only if there is some."""
        item = self._made.get(kind)
        if item is None:
            if not len(x):  # type: ignore[arg-type]
                return
            item = self._make(kind)
        if kind in SCATTERS:
            item.setData(x=x, y=y, data=ids)
        else:
            item.setData(x, y)

    def items(self) -> tuple[pg.GraphicsObject, ...]:
        """The items made so far."""
        return tuple(self._made.values())

    def scatters(self) -> tuple[pg.ScatterPlotItem, ...]:
        return tuple(self._made[k] for k in SCATTERS if k in self._made)

    def remove(self, plot: pg.PlotItem) -> None:
        for item in self.items():
            plot.removeItem(item)

    def set_shown(self, shown: bool) -> None:
        """Hide (emptied) rather than remove: a party filter toggled on and off would
        otherwise build and tear down every other party's items each time (~40 ms for
        14 parties)."""
        if shown == self.shown:
            return
        self.shown = shown
        for item in self.items():
            if not shown:
                item.setData(x=[], y=[])
            item.setVisible(shown)


def make_items_gradually(plot: pg.PlotItem, parties: list[PartyRow],
                         into: dict[int, PartyItems], keep_going: Callable[[], bool]) -> None:
    """Make the items of `parties` not in `into` yet, one party per event-loop turn while
    `keep_going()`, hidden until a draw shows them (the next draw reuses them)."""
    queue = [p for p in parties if p.id not in into]

    def step() -> None:
        if not queue or not keep_going():
            return
        party = queue.pop(0)
        if party.id not in into:
            items = PartyItems(plot, party.colour, party.name)
            # every kind, not only the plain markers: on a large database most parties
            # have a rejection, a conflict bar, a span… and making them all when the data
            # arrive (~1.5 ms an item, ~80 items) was the longest the window stalled
            for kind in KINDS:
                items.item(kind)
            items.set_shown(False)  # until the data say it is on this chart
            into[party.id] = items
        QTimer.singleShot(0, plot, step)  # (not after the plot is gone)

    step()


def show_geometry(parties: dict[int, PartyItems], geo: TimelineGeometry,
                  cell: tuple[float, float], view: tuple[float, float]) -> None:
    """setData of each party's items from `geo`; with a `cell` (width, height in data
    units) the marks are thinned to what a screen of that resolution shows, around the
    x range `view` (timeline_geometry.thin_points)."""
    for pid, g in geo.parties.items():
        show_party(parties[pid], g, cell, view)


def show_party(items: PartyItems, g: PartyGeometry, cell: tuple[float, float],
               view: tuple[float, float]) -> None:
    """setData of one party's items (show_geometry)."""
    thin = cell[0] > 0 and cell[1] > 0
    for style in STYLES:
        marks = g.marks[style]
        items.set_data(style, *(thin_points(*marks, cell, view) if thin else marks))
    items.line.setData(g.step_x, g.step_y)
    items.set_data("spans", *(thin_segments(g.span_x, g.span_y, cell) if thin
                              else (g.span_x, g.span_y)))
    items.set_data("bars", g.bar_x, g.bar_y)
