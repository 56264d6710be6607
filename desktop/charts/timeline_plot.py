"""The issue timeline: where each party stood on one issue, and how it moved.

x is time (UTC days), y the issue's stance scale with the level labels as ticks. Per party:
a step line through its stances, a marker at every record, a translucent bar for records
dated only to the month or approximately, and a vertical bar joining conflicting accounts.

Rule for conflicting or same-day accounts: the step line goes through the most confident
record of the day (ties: the level most records agree on, then the latest record); the
others stay visible as hollow markers. Rejections are never part of the line.

Everything is drawn by a fixed set of items reused through setData, created or removed only
when the set of parties changes: per party three curves (step line, spans, conflict bars)
and three scatters, one per marker style (filled, hollow, ×). A single scatter with
per-point styles was measured at ~250 ms for 10,000 points (pyqtgraph resolves each point's
style in Python); uniform-style scatters take a few ms.
"""

from __future__ import annotations

import datetime as dt
import html
from collections import defaultdict
from collections.abc import Callable

import numpy as np
import pyqtgraph as pg
from pyqtgraph.graphicsItems.LegendItem import ItemSample
from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QCursor, QFontMetrics
from PySide6.QtWidgets import QGraphicsView, QGraphicsWidget, QSizePolicy, QToolTip, QWidget

from db import analysis, queries
from db.database import Database
from db.queries import IssueRow, PositionFilter, PositionRow
from desktop.charts.common import (
    APPROXIMATE_DAYS,
    DAY,
    INK,
    MIN_PLOT_WIDTH,
    MUTED,
    NEGATIVE_STATUSES,
    DayAxis,
    day_x,
    font,
    format_date,
    keep_content_visible,
    keep_period_label,
    source_line,
)
from desktop.charts.timeline_geometry import STYLES, timeline_geometry

HIT_RADIUS_PX = 9.0
MARKER_SIZE = 10
LINE_RULE = "line: most confident account"


class _PartyItems:
    """The curves one party owns; reused across refreshes."""

    def __init__(self, plot: pg.PlotItem, colour: str, name: str):
        c = QColor(colour)
        # pale but opaque: alpha blending thousands of thick spans is most of an export
        span = QColor.fromRgbF(*(0.65 + 0.35 * v for v in (c.redF(), c.greenF(), c.blueF())))
        self.colour = colour
        self.line = pg.PlotDataItem(pen=pg.mkPen(c, width=2.5), name=name, connect="finite",
                                    symbol="o", symbolSize=MARKER_SIZE, symbolBrush=c,
                                    symbolPen=pg.mkPen("w"))
        # The legend sample shows line + symbol, but the curve itself draws no symbols: the
        # shared scatter does (symbolSize on the curve is only for the legend).
        self.line.setSymbol(None)
        self.spans = pg.PlotDataItem(pen=pg.mkPen(span, width=7, cap=Qt.PenCapStyle.FlatCap),
                                     connect="finite")
        self.bars = pg.PlotDataItem(pen=pg.mkPen(c, width=2), connect="finite")
        self.spans.curve.axis_aligned = True  # the exporter skips antialiasing for these
        self.bars.curve.axis_aligned = True
        self.filled = pg.ScatterPlotItem(symbol="o", size=MARKER_SIZE, pen=pg.mkPen("w"),
                                         brush=pg.mkBrush(c))
        self.hollow = pg.ScatterPlotItem(symbol="o", size=MARKER_SIZE, pen=pg.mkPen(c, width=2),
                                         brush=pg.mkBrush("w"))
        self.crossed = pg.ScatterPlotItem(symbol="x", size=MARKER_SIZE + 1, pen=pg.mkPen(c),
                                          brush=pg.mkBrush(c))
        for item in self.items():
            plot.addItem(item)
        for item in (self.filled, self.hollow, self.crossed):
            item.setZValue(10)

    def items(self) -> tuple[pg.GraphicsObject, ...]:
        return (self.spans, self.bars, self.line, self.filled, self.hollow, self.crossed)

    def remove(self, plot: pg.PlotItem) -> None:
        for item in self.items():
            plot.removeItem(item)


class TimelinePlot(pg.PlotWidget):
    """One issue's timeline. `position_clicked(id)` fires when a marker is clicked."""

    position_clicked = Signal(int)

    def __init__(self, db_provider: Callable[[], Database], parent: QWidget | None = None):
        self._date_axis = DayAxis("bottom")
        super().__init__(parent, background="w", axisItems={"bottom": self._date_axis})
        self._db = db_provider
        self._issue_id: int | None = None
        self._filter = PositionFilter()
        self._issue: IssueRow | None = None
        self._parties: dict[int, _PartyItems] = {}
        self._rows: dict[int, PositionRow] = {}
        self._sources: list[str] = []
        self._hit = (np.empty(0), np.empty(0), np.empty(0), np.empty(0, dtype=int))
        self._range_key: tuple | None = None
        self._event_lines: list[pg.InfiniteLine] = []
        self._event_legend: list[tuple[str, str]] = []
        self.conflicting_ids: set[int] = set()

        plot = self.plotItem
        plot.setMenuEnabled(False)
        plot.hideButtons()
        plot.showGrid(x=True, y=True, alpha=0.15)
        for name in ("left", "bottom"):
            axis = plot.getAxis(name)
            axis.setPen(pg.mkPen(MUTED))
            axis.setTextPen(pg.mkPen(INK))
            axis.setTickFont(font(9))
            axis.label.setFont(font(10))
        keep_period_label(plot)
        plot.setLabel("left", "Stance", color=INK.name())
        self._empty_text = pg.TextItem("", color=MUTED, anchor=(0.5, 0.5))
        self._empty_text.setFont(font(11))
        plot.addItem(self._empty_text, ignoreBounds=True)
        self.legend = pg.LegendItem(labelTextColor=INK, labelTextSize="9pt", verSpacing=-4)
        # Outside the view box, so it never hides data; Fixed keeps rows at their height.
        # Minimum: never narrower than its longest entry (clipped names mislead).
        self.legend.setSizePolicy(QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Fixed)
        plot.vb.setMinimumWidth(MIN_PLOT_WIDTH)
        plot.layout.addItem(self.legend, 2, 3)
        plot.layout.setColumnAlignment(3, Qt.AlignmentFlag.AlignTop)
        self._legend_key: tuple | None = None
        self._samples = self._legend_samples()
        self.scene().sigMouseMoved.connect(self._hover)
        self.scene().sigMouseClicked.connect(self._clicked)

    # ---------------------------------------------------------------- public

    def set_issue(self, issue_id: int | None, refresh: bool = True) -> None:
        self._issue_id = issue_id
        if refresh:
            self.refresh()

    def set_filter(self, flt: PositionFilter, refresh: bool = True) -> None:
        self._filter = flt
        if refresh:
            self.refresh()

    @property
    def issue_id(self) -> int | None:
        return self._issue_id

    def party_items(self) -> dict[int, _PartyItems]:
        return dict(self._parties)

    def shown_ids(self) -> set[int]:
        """Ids of the records that have a marker on the chart."""
        return {int(i) for items in self._parties.values()
                for sc in (items.filled, items.hollow, items.crossed) for i in sc.data["data"]}

    def refresh(self) -> None:
        """Re-read the issue's records and update the existing items in place."""
        db = self._db()
        self._issue = next((i for i in queries.issues(db) if i.id == self._issue_id), None)
        if self._issue is None:
            self._show([], set(), [])
            return
        rows = queries.timeline_rows(db, self._issue.id, self._filter)
        # The same rows conflicts(db, filter narrowed to the issue) would read; not twice.
        groups = analysis.conflict_groups(rows)
        source_map = {s.id: source_line(s.outlet, s.title) for s in queries.sources(db)}
        self._sources = sorted({source_map[r.source_id] for r in rows if r.source_id in source_map})
        self._show(rows, {r.id for g in groups for r in g.rows}, queries.events(db))

    def position_scene_pos(self, position_id: int) -> QPointF:
        """Where a record's marker is, in scene coordinates (for tests and navigation)."""
        x0, x1, y, ids = self._hit
        i = int(np.nonzero(ids == position_id)[0][0])
        return self.plotItem.vb.mapViewToScene(QPointF((x0[i] + x1[i]) / 2, y[i]))

    def position_at(self, scene_pos: QPointF) -> int | None:
        """The record whose marker or span is under `scene_pos` (within a few pixels)."""
        x0, x1, y, ids = self._hit
        vb = self.plotItem.vb
        if not len(ids) or not vb.sceneBoundingRect().contains(scene_pos):
            return None
        p = vb.mapSceneToView(scene_pos)
        px, py = vb.viewPixelSize()
        dx = np.maximum(0.0, np.maximum(x0 - p.x(), p.x() - x1)) / px
        dy = (y - p.y()) / py
        d2 = dx * dx + dy * dy
        i = int(np.argmin(d2))
        return int(ids[i]) if d2[i] <= HIT_RADIUS_PX ** 2 else None

    def tooltip_for(self, position_id: int) -> str:
        row = self._rows[position_id]
        parts = [f"<b>{html.escape(row.party_name)}</b> — {html.escape(row.level_label)} "
                 f"<i>({html.escape(row.status)})</i>",
                 html.escape(format_date(row.stated_on, row.date_precision)),
                 f"Attributed to: {html.escape(row.attributed_to)}",
                 f"“{html.escape(row.quote)}”",
                 f"<span style='color:#666'>{html.escape(row.source_title)}</span>"]
        if position_id in self.conflicting_ids:
            parts.append("<i>Conflicting accounts of this stance; the line follows the most "
                         "confident.</i>")
        return "<p style='white-space:pre-wrap; max-width:420px'>" + "<br>".join(parts) + "</p>"

    # exporter protocol
    def graphics_view(self) -> QGraphicsView:
        return self

    def export_root(self) -> QGraphicsWidget:
        return self.plotItem

    def chart_title(self) -> str:
        return self._issue.name if self._issue else "Timeline"

    def source_lines(self) -> list[str]:
        return list(self._sources)

    # ---------------------------------------------------------------- drawing

    def _show(self, rows: list[PositionRow], conflicting: set[int], events: list) -> None:
        self._rows = {r.id: r for r in rows}
        self.conflicting_ids = conflicting & self._rows.keys()
        issue = self._issue
        self.plotItem.setTitle(html.escape(issue.name) if issue else "", color=INK.name(),
                               size="13pt")
        self._set_levels(issue)
        by_party: dict[int, list[PositionRow]] = defaultdict(list)
        for r in rows:
            by_party[r.party_id].append(r)
        order = sorted(by_party, key=lambda pid: by_party[pid][0].party_name.casefold())
        self._sync_parties({pid: by_party[pid][0] for pid in order})

        geo = timeline_geometry(rows, self.conflicting_ids, order)
        for pid, g in geo.parties.items():
            items = self._parties[pid]
            for style in STYLES:
                mx, my, mid = g.marks[style]
                getattr(items, style).setData(x=mx, y=my, data=mid)
            items.line.setData(g.step_x, g.step_y)
            items.spans.setData(g.span_x, g.span_y)
            items.bars.setData(g.bar_x, g.bar_y)
        self._hit = (geo.hit_x0, geo.hit_x1, geo.hit_y, geo.hit_ids)
        self._update_range_and_events(events)
        self._update_legend(order, rows)

    def _set_levels(self, issue: IssueRow | None) -> None:
        axis = self.plotItem.getAxis("left")
        levels = issue.levels if issue else ()
        axis.setTicks([[(lv.value, lv.label) for lv in levels], []])
        metrics = QFontMetrics(font(9))
        widest = max((metrics.horizontalAdvance(lv.label) for lv in levels), default=40)
        # tick text + tick + gap + rotated axis label; pyqtgraph does not size for us.
        axis.setWidth(widest + 48)
        if levels:
            lo, hi = levels[0].value, levels[-1].value
            self.plotItem.vb.setYRange(lo - 0.6, hi + 0.6, padding=0)

    def _sync_parties(self, present: dict[int, PositionRow]) -> None:
        for pid in list(self._parties):
            if pid not in present or self._parties[pid].colour != present[pid].party_colour:
                self._parties.pop(pid).remove(self.plotItem)
        for pid, row in present.items():
            if pid not in self._parties:
                self._parties[pid] = _PartyItems(self.plotItem, row.party_colour, row.party_name)
            else:
                self._parties[pid].line.opts["name"] = row.party_name

    def _legend_samples(self) -> dict[str, pg.PlotDataItem]:
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

    def _update_legend(self, order: list[int], rows: list[PositionRow]) -> None:
        extras = []
        if any(r.status in NEGATIVE_STATUSES for r in rows):
            extras.append(("negative", "rejects / opposes / denies"))
        if self.conflicting_ids:
            extras.append(("conflict", f"conflicting accounts, joined by a bar<br>({LINE_RULE})"))
        if any(r.date_precision != "day" for r in rows):
            extras.append(("span", f"month only / about (±{APPROXIMATE_DAYS} days)"))
        names = tuple((pid, self._parties[pid].line.opts["name"]) for pid in order)
        key = (names, tuple(extras), tuple(self._event_legend))
        if key == self._legend_key:
            return
        self._legend_key = key
        self.legend.clear()
        for pid, name in names:
            self.legend.addItem(self._parties[pid].line, html.escape(name))
        for kind, text in extras:
            self.legend.addItem(self._samples[kind], text)
        for number, text in self._event_legend:
            self.legend.addItem(_TagSample(number), html.escape(text))
        keep_content_visible(self, self.plotItem)

    def _update_range_and_events(self, events: list) -> None:
        x0, x1, _, ids = self._hit
        vb = self.plotItem.vb
        if not len(ids):
            self._empty_text.setText("No positions recorded for this issue with the current "
                                     "filters" if self._issue else "Choose an issue")
            lo, hi = vb.viewRange()[0]
            self._empty_text.setPos((lo + hi) / 2, vb.viewRange()[1][0] / 2
                                    + vb.viewRange()[1][1] / 2)
            self._place_events([], lo, hi)
            return
        self._empty_text.setText("")
        lo, hi = float(x0.min()), float(x1.max())
        if hi - lo < 10 * DAY:
            mid = (lo + hi) / 2
            lo, hi = mid - 5 * DAY, mid + 5 * DAY
        pad = (hi - lo) * 0.04
        lo, hi = lo - pad, hi + pad
        key = (self._issue_id, lo, hi)
        if key != self._range_key:
            self._range_key = key
            vb.setXRange(lo, hi, padding=0)
        self._place_events(events, lo, hi)

    def _place_events(self, events: list, lo: float, hi: float) -> None:
        """Events as dashed lines tagged with a number; the legend lists the numbers, so
        labels never collide with each other or with the data."""
        by_day: dict[dt.date, list[str]] = defaultdict(list)
        for ev in events:
            if lo <= day_x(ev.date) + DAY / 2 <= hi:
                by_day[ev.date].append(ev.label)
        wanted = sorted(by_day.items())
        plot = self.plotItem
        while len(self._event_lines) > len(wanted):
            plot.removeItem(self._event_lines.pop())
        while len(self._event_lines) < len(wanted):
            line = pg.InfiniteLine(angle=90, movable=False,
                                   pen=pg.mkPen(MUTED, width=1, style=Qt.PenStyle.DashLine),
                                   label="", labelOpts={"position": 0.985, "color": INK,
                                                        "fill": pg.mkBrush("w"),
                                                        "border": pg.mkPen(MUTED),
                                                        "anchors": [(0.5, 0), (0.5, 0)]})
            line.label.setFont(font(8))
            line.setZValue(-5)
            plot.addItem(line, ignoreBounds=True)
            self._event_lines.append(line)
        self._event_legend = []
        number = 0
        for line, (day, labels) in zip(self._event_lines, wanted, strict=True):
            tags = []
            for label in labels:
                number += 1
                tags.append(str(number))
                self._event_legend.append((str(number), f"{label}, {day.day} {day:%b}"))
            line.setValue(day_x(day) + DAY / 2)
            line.label.setText(",".join(tags))

    # ---------------------------------------------------------------- mouse

    def _hover(self, scene_pos: QPointF) -> None:
        pid = self.position_at(scene_pos)
        if pid is None:
            QToolTip.hideText()
            return
        QToolTip.showText(QCursor.pos(), self.tooltip_for(pid), self)

    def _clicked(self, event) -> None:  # type: ignore[no-untyped-def]
        if event.button() != Qt.MouseButton.LeftButton:
            return
        pid = self.position_at(event.scenePos())
        if pid is not None:
            event.accept()
            self.position_clicked.emit(pid)


class _TagSample(ItemSample):
    """Legend sample for an event: its number in a box, as on the chart."""

    def __init__(self, number: str):
        super().__init__(pg.PlotDataItem())
        self._number = number

    def paint(self, p, *args) -> None:  # type: ignore[no-untyped-def]
        p.setRenderHint(p.RenderHint.Antialiasing)
        p.setPen(pg.mkPen(MUTED))
        p.setBrush(pg.mkBrush("w"))
        rect = QRectF(0, 2, 18, 16)
        p.drawRect(rect)
        p.setFont(font(8))
        p.setPen(pg.mkPen(INK))
        p.drawText(rect, int(Qt.AlignmentFlag.AlignCenter), self._number)
