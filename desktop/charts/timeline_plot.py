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

from collections.abc import Callable

import numpy as np
import pyqtgraph as pg
import shiboken6
from PySide6.QtCore import QPointF, Qt, Signal
from PySide6.QtGui import QCursor, QFontMetrics
from PySide6.QtWidgets import QGraphicsView, QGraphicsWidget, QToolTip, QWidget

from db.reads import queries, source_reads
from db.reads.queries import IssueRow, PartyRow, PositionFilter, TimelinePoint
from db.storage.database import Database
from desktop.charts.common import (
    DAY,
    INK,
    MUTED,
    DayAxis,
    font,
    format_date,
    keep_period_label,
    source_line,
    style_plot,
)
from desktop.charts.timeline_data import Analysis, TimelineData, read_timeline, with_parties
from desktop.charts.timeline_events import EventMarkers
from desktop.charts.timeline_geometry import STYLES
from desktop.charts.timeline_items import PartyItems, make_items_gradually
from desktop.charts.timeline_legend import TimelineLegend
from desktop.qt.after_paint import AfterPaint
from desktop.qt.background import Results, run_in_pool
from desktop.qt.plain_text import escape

HIT_RADIUS_PX = 9.0
LINE_RULE = "line: most confident account"
MIN_PLOT_HEIGHT = 110  # px of data area the timeline keeps however short its pane
LEVEL_ROW_PX = 28  # px per stance level, so their labels never crowd
# Levels above the top one left empty: the event tags sit there, clear of its markers.
TOP_PAD = 1.0
RECENT_DRAWS = 2  # analyses kept for reuse: enough for a filter toggled on and off again


class TimelinePlot(pg.PlotWidget):
    """One issue's timeline. `position_clicked(id)` fires when a marker is clicked;
    `drawn` after each update of the items with new data."""

    position_clicked = Signal(int)
    drawn = Signal()

    def __init__(self, db_provider: Callable[[], Database], parent: QWidget | None = None):
        self._date_axis = DayAxis("bottom")
        super().__init__(parent, background="w", axisItems={"bottom": self._date_axis})
        self._db = db_provider
        self._issue_id: int | None = None
        self._filter = PositionFilter()
        self._issue: IssueRow | None = None
        self._parties: dict[int, PartyItems] = {}
        self._rows: dict[int, TimelinePoint] = {}
        self._source_ids: frozenset[int] = frozenset()
        self._sources: list[str] | None = []
        self._hit = (np.empty(0), np.empty(0), np.empty(0), np.empty(0), np.empty(0, dtype=int))
        self._range_key: tuple | None = None
        self._default_range: tuple[float, float] | None = None
        self.conflicting_ids: set[int] = set()
        self._recent: list[Analysis] = []
        self._generation = 0  # of the latest request; a load's result for an older is dropped
        self._loading = False
        self._drawn_once = False
        self._loader = Results()  # unparented: see Results
        self._loader.done.connect(self._loaded)
        self._after_paint = AfterPaint(self.viewport())

        plot = self.plotItem
        style_plot(plot)
        self._events = EventMarkers(plot)
        # Wheel zooms and drag pans in time only: the stance scale is a fixed set of labels.
        plot.vb.setMouseEnabled(x=True, y=False)
        for name in ("left", "bottom"):
            plot.getAxis(name).label.setFont(font(10))
        keep_period_label(plot)
        plot.setLabel("left", "Stance", color=INK.name())
        self._empty_text = pg.TextItem("", color=MUTED, anchor=(0.5, 0.5))
        self._empty_text.setFont(font(11))
        plot.addItem(self._empty_text, ignoreBounds=True)
        self.legend = TimelineLegend()
        plot.layout.addItem(self.legend, 4, 0, 1, 3)
        plot.layout.setAlignment(self.legend, Qt.AlignmentFlag.AlignLeft)
        plot.geometryChanged.connect(self._fit_legend)
        # the right edge keeps a margin now that the legend no longer sits there
        plot.layout.setContentsMargins(2, 2, 14, 2)
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

    def party_items(self) -> dict[int, PartyItems]:
        """The item sets of the parties on the chart now."""
        return {pid: items for pid, items in self._parties.items() if items.shown}

    def shown_ids(self) -> set[int]:
        """Ids of the records that have a marker on the chart."""
        return {int(i) for items in self.party_items().values()
                for sc in items.scatters() for i in sc.data["data"]}

    def refresh(self) -> None:
        """Re-read the issue's records and update the existing items in place, now (a
        background load under way is superseded: its result is dropped)."""
        self._generation += 1
        self._loading = False
        self._apply(read_timeline(self._db(), self._issue_id, self._filter, self._recent))

    def refresh_in_background(self) -> None:
        """Read and analyse on a worker thread; the GUI thread then only updates the items
        (`drawn` says when). Until then the chart keeps what it shows, or says it is loading
        if it has shown nothing yet. A newer request, a synchronous refresh or
        cancel_loading() makes the result stale: it is dropped, never applied."""
        self._generation += 1
        generation = self._generation
        self._loading = True
        db, issue_id, flt, recent = self._db(), self._issue_id, self._filter, list(self._recent)

        def start() -> None:
            if generation == self._generation:
                run_in_pool(self._loader, generation,
                            lambda: read_timeline(db, issue_id, flt, recent))

        if self._drawn_once:
            start()
            return
        # The first load starts once "Loading chart…" (and the window around it) has
        # painted: the worker holds the GIL for most of its read, and would slow that paint.
        # No axes until there are data: empty ones would show made-up dates and stances.
        self._show_axes(False)
        self._show_message("Loading chart…")

        def start_first() -> None:
            if generation == self._generation:
                start()
                # the GUI thread is idle meanwhile: make the parties' items then, not all
                # at once when the data arrive (that is the longest the window stalls)
                make_items_gradually(self.plotItem, queries.parties(db), self._parties,
                                     self.is_loading)

        self._after_paint.run(start_first)

    def is_loading(self) -> bool:
        return self._loading

    def has_drawn(self) -> bool:
        """Whether the items have shown data at least once (not only "Loading chart…")."""
        return self._drawn_once

    def finish_loading(self) -> None:
        """Draw now what a background load would draw (exports and copies must be whole)."""
        if self._loading:
            self.refresh()

    def cancel_loading(self) -> bool:
        """Drop the result of the load under way, if any; True if there was one."""
        was = self._loading
        self._generation += 1
        self._loading = False
        return was

    def _loaded(self, generation: int, data: object) -> None:
        if generation != self._generation or not shiboken6.isValid(self):
            return  # stale: the issue, filter or data changed meanwhile, or cancelled
        self._loading = False
        if isinstance(data, TimelineData):
            self._apply(data)
        else:
            self._show_message(f"The chart could not be read: {data}")

    def position_scene_pos(self, position_id: int) -> QPointF:
        """Where a record's marker is, in scene coordinates (for tests and navigation)."""
        _, _, xc, y, ids = self._hit
        i = int(np.nonzero(ids == position_id)[0][0])
        return self.plotItem.vb.mapViewToScene(QPointF(xc[i], y[i]))

    def default_x_range(self) -> tuple[float, float] | None:
        """The x range shown after a refresh or reset_view: the records' stated dates and a
        small margin (a month-long span does not widen it)."""
        return self._default_range

    def reset_view(self) -> None:
        """Back to the default range after zooming or panning."""
        if self._default_range is not None:
            self.plotItem.vb.setXRange(*self._default_range, padding=0)
        if self._issue is not None and self._issue.levels:
            lo, hi = self._issue.levels[0].value, self._issue.levels[-1].value
            self.plotItem.vb.setYRange(lo - 0.6, hi + TOP_PAD, padding=0)

    def event_tooltip_at(self, scene_pos: QPointF) -> str | None:
        """The events of the numbered tag (or dashed line) under `scene_pos`."""
        return self._events.tooltip_at(scene_pos)

    def event_tag_scene_pos(self, index: int) -> QPointF:
        """Centre of the index-th event tag (for tests)."""
        return self._events.tag_scene_pos(index)

    def position_at(self, scene_pos: QPointF) -> int | None:
        """The record whose marker or span is under `scene_pos` (within a few pixels)."""
        x0, x1, _, y, ids = self._hit
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
        row = queries.position_row(self._db(), position_id)
        if row is None:  # deleted since the last refresh, which is on its way
            return ""
        parts = [f"<b>{escape(row.party_name)}</b> — {escape(row.level_label)} "
                 f"<i>({escape(row.status)})</i>",
                 escape(format_date(row.stated_on, row.date_precision)),
                 f"Attributed to: {escape(row.attributed_to)}",
                 f"“{escape(row.quote)}”",
                 f"<span style='color:#666'>{escape(row.source_title)}</span>"]
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
        if self._sources is None:
            labels = source_reads.source_labels(self._db(), self._source_ids)
            self._sources = sorted({source_line(*labels[i]) for i in self._source_ids
                                    if i in labels})
        return list(self._sources)

    def note_lines(self) -> list[str]:
        """The export's footer explains what the on-screen tooltips do: the event tags and
        the line's rule."""
        notes = []
        if self._events.legend:
            notes.append("Events: " + "; ".join(f"[{n}] {t}" for n, t in self._events.legend)
                         + ".")
        if self._rows:
            notes.append(f"Each party's step line follows its {LINE_RULE.split(': ')[1]} of "
                         "the day; rejections (×) are never on the line.")
        return notes

    # ---------------------------------------------------------------- drawing

    def _show(self, rows: list[TimelinePoint], party_map: dict[int, PartyRow],
              events: list) -> None:
        """Draw rows already read (analysis reused from recent draws when equal)."""
        self._apply(with_parties(self._issue, rows, party_map, events, self._recent))

    def _apply(self, data: TimelineData) -> None:
        """Update the items from data computed off the GUI thread (or on it): setData on
        existing items, items created only for parties new to the chart."""
        self._drawn_once = True
        self._show_axes(True)
        rows, order = data.rows, data.order
        self._issue = issue = data.issue
        self._source_ids = frozenset(r.source_id for r in rows)
        # Only an export lists the cited sources: read their labels then, not on every
        # redraw (~15 ms of a 10k-record refresh).
        self._sources = None if issue is not None else []
        self._rows = {r.id: r for r in rows}
        self.plotItem.setTitle(escape(issue.name) if issue else "", color=INK.name(),
                               size="13pt")
        self._set_levels(issue)
        self._sync_parties(data.parties)
        entry = data.analysis
        assert entry is not None
        # The most recently used analysis last; at most RECENT_DRAWS kept.
        self._recent = [*(e for e in self._recent if e is not entry), entry][-RECENT_DRAWS:]
        self.conflicting_ids, geo = entry[2], entry[3]
        for pid, g in geo.parties.items():
            items = self._parties[pid]
            for style in STYLES:
                items.set_data(style, *g.marks[style])
            items.line.setData(g.step_x, g.step_y)
            items.set_data("spans", g.span_x, g.span_y)
            items.set_data("bars", g.bar_x, g.bar_y)
        self._hit = (geo.hit_x0, geo.hit_x1, geo.hit_xc, geo.hit_y, geo.hit_ids)
        self._update_range_and_events(data.events)
        names = [(pid, self._parties[pid].line) for pid in order]
        if self.legend.show_entries(names, rows, bool(self.conflicting_ids)):
            self._fit_legend()
        self.drawn.emit()

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
            self.plotItem.vb.setYRange(lo - 0.6, hi + TOP_PAD, padding=0)
        # Room for every level's label: in a short pane the chart scrolls rather than
        # squeezing the data area to a line under its title, axis and legend.
        self.plotItem.vb.setMinimumHeight(max(MIN_PLOT_HEIGHT, LEVEL_ROW_PX * len(levels)))
        self._keep_height()

    def _keep_height(self) -> None:
        layout = QGraphicsWidget.layout(self.plotItem)  # PlotItem shadows layout()
        if layout is not None:
            layout.activate()
        hint = self.plotItem.effectiveSizeHint(Qt.SizeHint.MinimumSize)
        self.setMinimumHeight(int(hint.height() + 0.999) + 2 * self.frameWidth())

    def _sync_parties(self, present: dict[int, PartyRow]) -> None:
        for pid in list(self._parties):
            if pid in present and self._parties[pid].colour != present[pid].colour:
                self._parties.pop(pid).remove(self.plotItem)
            elif pid not in present:
                self._parties[pid].set_shown(False)
        for pid, party in present.items():
            if pid not in self._parties:
                self._parties[pid] = PartyItems(self.plotItem, party.colour, party.name)
            else:
                self._parties[pid].set_shown(True)
                self._parties[pid].line.opts["name"] = party.name

    def _fit_legend(self) -> None:
        """As many legend columns as fit the chart's width; then the layout at once, not on
        the next event loop turn: the view box's size follows the legend's height, and
        marker positions read right after a refresh must hold."""
        if not self.legend.fit(self.plotItem.width() - 24):
            return
        self.legend.updateGeometry()
        QGraphicsWidget.layout(self.plotItem).activate()
        self._keep_height()

    def _show_axes(self, shown: bool) -> None:
        for side in ("bottom", "left"):
            self.plotItem.showAxis(side, shown)

    def _show_message(self, text: str) -> None:
        """A line of text centred in the plot (no data, loading, a read error)."""
        (x0, x1), (y0, y1) = self.plotItem.vb.viewRange()
        self._empty_text.setText(text)
        self._empty_text.setPos((x0 + x1) / 2, (y0 + y1) / 2)

    def message(self) -> str:
        """The text shown across the plot, if any ("Loading chart…", "Choose an issue")."""
        return self._empty_text.toPlainText()

    def _update_range_and_events(self, events: list) -> None:
        ids = self._hit[4]
        vb = self.plotItem.vb
        if not len(ids):
            self._show_message("No positions recorded for this issue with the current "
                               "filters" if self._issue else "Choose an issue")
            lo, hi = vb.viewRange()[0]
            self._events.place([], lo, hi)
            return
        self._empty_text.setText("")
        xc = self._hit[2]
        # the stated dates, whole days: spans show uncertainty but must not set the scale
        lo, hi = float(np.floor(xc.min())), float(np.floor(xc.max())) + DAY
        if hi - lo < 10 * DAY:
            mid = (lo + hi) / 2
            lo, hi = mid - 5 * DAY, mid + 5 * DAY
        pad = max((hi - lo) * 0.05, DAY)
        lo, hi = lo - pad, hi + pad
        self._default_range = (lo, hi)
        key = (self._issue_id, lo, hi)
        if key != self._range_key:
            # a refresh after an edit keeps the user's zoom unless the data's extent moved
            self._range_key = key
            vb.setXRange(lo, hi, padding=0)
        # events outside the default range get no line: zooming out does not add them
        self._events.place(events, lo, hi)

    # ---------------------------------------------------------------- mouse

    def _hover(self, scene_pos: QPointF) -> None:
        pid = self.position_at(scene_pos)
        tip = self.tooltip_for(pid) if pid is not None else self.event_tooltip_at(scene_pos)
        if not tip:
            QToolTip.hideText()
            return
        QToolTip.showText(QCursor.pos(), tip, self)

    def _clicked(self, event) -> None:  # type: ignore[no-untyped-def]
        if event.button() != Qt.MouseButton.LeftButton:
            return
        pid = self.position_at(event.scenePos())
        if pid is not None:
            event.accept()
            self.position_clicked.emit(pid)
