"""The issue timeline: where each party stood on one issue, and how it moved.

x is time (UTC days), y the issue's stance scale with the level labels as ticks. Per party:
a step line through its stances, a marker at every record, a translucent bar for records
dated only to the month or approximately, and a vertical bar joining conflicting accounts.

Rule for conflicting or same-day accounts: the step line goes through the most confident
record of the day (ties: the level most records agree on, then the latest record); the
others stay visible. Rejections, deferrals and alleged violations are never on the line;
a stance held only on conditions is, as a hollow diamond with its "if …" under it. Markers
are spread for the scale they are seen at (again after a zoom, a resize or for an export).

Everything is drawn by a fixed set of items reused through setData, made or removed only
when the set of parties changes: per party three curves (step line, spans, conflict bars)
and a uniform-style scatter per marker style (one scatter with per-point styles: ~250 ms for
10,000 points). A dense chart draws one mark per half pixel (timeline_geometry.thin_points).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import numpy as np
import pyqtgraph as pg
import shiboken6
from PySide6.QtCore import QPointF, Qt, QTimer, Signal
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QGraphicsWidget, QWidget

from db.reads import queries
from db.reads.queries import IssueRow, PartyRow, PositionFilter, TimelinePoint
from db.storage.database import Database
from desktop.charts.common import (
    INK,
    MIN_PLOT_WIDTH,
    MUTED,
    DayAxis,
    font,
    keep_period_label,
    style_plot,
)
from desktop.charts.timeline_conditions import ConditionLabels
from desktop.charts.timeline_data import (
    Analysis,
    TimelineData,
    drawn_colours,
    read_timeline,
    with_parties,
)
from desktop.charts.timeline_events import EventMarkers
from desktop.charts.timeline_export import TimelineExport, TimelinePointer
from desktop.charts.timeline_geometry import THIN_ABOVE, THIN_CELL, data_range, timeline_geometry
from desktop.charts.timeline_items import MARKER_SIZE, PartyItems, make_items_gradually, show_party
from desktop.charts.timeline_legend import TimelineLegend
from desktop.qt.after_paint import AfterPaint
from desktop.qt.background import Job, Results, run_in_pool
from desktop.qt.plain_text import escape
from desktop.qt.steps import Steps

MIN_PLOT_HEIGHT = 110  # px of data area the timeline keeps however short its pane
LEVEL_ROW_PX = 30  # px per stance level: its labels never crowd, two rows of markers fit
# Levels above the top one left empty: the event tags sit there, clear of its markers.
TOP_PAD = 1.4
SPREAD_PX = MARKER_SIZE + 1  # a marker's room when markers at one level are spread apart
SPREAD_LIMIT = THIN_ABOVE  # records: ~20 ms a spread; a denser chart is thinned instead
MIN_CHART_WIDTH = 420  # px: the level labels, a readable data area and the legend's columns
RECENT_DRAWS = 2  # analyses kept for reuse: enough for a filter toggled on and off again


class TimelinePlot(TimelineExport, TimelinePointer, pg.PlotWidget):
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
        self._complete = False  # a draw has run to its end (_drawn_once: one has begun)
        self._loader = Results()  # unparented: see Results
        self._loader.done.connect(self._loaded)
        self._job: Job | None = None  # the load under way, cancelled by a newer request
        self._after_paint = AfterPaint(self.viewport())
        # A background load's result is applied a few items per event-loop turn (at a
        # million positions one piece held the window 40-130 ms), the chart frozen until
        # it is whole.
        self._steps = Steps(self)
        self._marks_key: tuple | None = None  # what the marks were last drawn for

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
        self._legend = TimelineLegend(plot)
        self.legend = self._legend.item
        plot.geometryChanged.connect(self._fit_legend)
        # the right edge keeps a margin now that the legend no longer sits there
        plot.layout.setContentsMargins(2, 2, 14, 2)
        self.condition_labels = ConditionLabels(plot)
        self._conditions: dict[int, str] = {}
        self._entry: Analysis | None = None
        # Markers are spread for the scale they are seen at: again after a zoom or resize.
        self._respread_timer = QTimer(self)
        self._respread_timer.setSingleShot(True)
        self._respread_timer.setInterval(30)
        self._respread_timer.timeout.connect(self._respread_later)
        plot.vb.sigXRangeChanged.connect(self._respread_timer.start)
        plot.vb.sigResized.connect(self._respread_timer.start)
        self.setMinimumWidth(MIN_CHART_WIDTH)
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
        self._supersede()
        self._loading = False
        self._steps.cancel()
        self._apply(read_timeline(self._db(), self._issue_id, self._filter, self._recent))

    def _supersede(self) -> None:
        """A newer request: the load under way (if any) is stopped and its result dropped."""
        self._generation += 1
        if self._job is not None:
            self._job.cancel()
            self._job = None

    def refresh_in_background(self) -> None:
        """Read and analyse on a worker thread; the GUI thread then only updates the items
        (`drawn` says when). Until then the chart keeps what it shows, or says it is loading
        if it has shown nothing yet. A newer request, a synchronous refresh or
        cancel_loading() makes the result stale: it is dropped, never applied."""
        self._supersede()
        generation = self._generation
        self._loading = True
        db, issue_id, flt, recent = self._db(), self._issue_id, self._filter, list(self._recent)

        def start() -> None:
            if generation == self._generation:
                self._job = run_in_pool(self._loader, generation,
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
                make_items_gradually(self.plotItem, drawn_colours(queries.parties(db)),
                                     self._parties, self.is_loading)

        self._after_paint.run(start_first)

    def is_loading(self) -> bool:
        return self._loading

    def has_drawn(self) -> bool:
        """Whether the items have shown data at least once (not only "Loading chart…")."""
        return self._complete

    def finish_loading(self) -> None:
        """Draw now what a background load would draw (exports and copies must be whole)."""
        if self._steps.busy():
            self._steps.finish()  # the data are in: only their drawing is left
        if self._loading:
            self.refresh()

    def cancel_loading(self) -> bool:
        """Drop the result of the load under way, if any; True if there was one."""
        was = self._loading
        self._supersede()
        self._loading = False
        self._steps.cancel()
        return was

    def _loaded(self, generation: int, data: object) -> None:
        if generation != self._generation or not shiboken6.isValid(self):
            return  # stale: the issue, filter or data changed meanwhile, or cancelled
        self._job = None
        if isinstance(data, TimelineData):
            # still loading (is_loading) until the last step has drawn
            self._steps.start(self._apply_steps(data, generation))
        else:
            self._loading = False
            self._show_message(f"The chart could not be read: {data}")

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

    def event_legend(self) -> list[tuple[str, str]]:
        """(number, "label, day") of each event tag drawn."""
        return list(self._events.legend)

    def event_tag_scene_pos(self, index: int) -> QPointF:
        """Centre of the index-th event tag (for tests)."""
        return self._events.tag_scene_pos(index)

    # ---------------------------------------------------------------- drawing

    def _show(self, rows: list[TimelinePoint], party_map: dict[int, PartyRow],
              events: list) -> None:
        """Draw rows already read (analysis reused from recent draws when equal)."""
        self._apply(with_parties(self._issue, rows, party_map, events, self._recent))

    def _apply(self, data: TimelineData) -> None:
        """Update the items from data computed off the GUI thread (or on it): setData on
        existing items, items created only for parties new to the chart."""
        self._steps.cancel()  # work pending for older data (a respread) would draw those
        for _step in self._apply_steps(data):
            pass

    def _apply_steps(self, data: TimelineData, generation: int | None = None
                     ) -> Iterator[None]:
        """_apply as steps of a few ms each (desktop.qt.steps.Steps runs them); the load of
        `generation` is done with the last of them, unless a newer one started meanwhile."""
        self._drawn_once = True
        self._show_axes(True)
        order = data.order
        self._issue = issue = data.issue
        self._source_ids = data.source_ids
        # Only an export lists the cited sources: read their labels then, not on every
        # redraw (~15 ms of a 10k-record refresh).
        self._sources = None if issue is not None else []
        self._rows = data.by_id
        self.plotItem.setTitle(escape(issue.name) if issue else "", color=INK.name(),
                               size="13pt")
        self._set_levels(issue)
        yield from self._sync_parties(data.parties)
        entry = data.analysis
        assert entry is not None
        # The most recently used analysis last; at most RECENT_DRAWS kept.
        self._recent = [*(e for e in self._recent if e is not entry), entry][-RECENT_DRAWS:]
        self.conflicting_ids, geo = entry[2], entry[3]
        self._entry, self._conditions = entry, data.conditions
        self._hit = (geo.hit_x0, geo.hit_x1, geo.hit_xc, geo.hit_y, geo.hit_ids)
        # the legend first: its rows set the plot's height, which the spreading reads
        yield from self._update_legend(order, data.legend_extras, data.has_spans)
        yield
        self._update_range_and_events(data.events)
        yield
        self._marks_key = None
        yield from self._draw_marks_steps()
        if generation == self._generation:
            self._loading = False
        self._complete = True
        self.drawn.emit()

    def _spread(self) -> tuple[float, int, float] | None:
        """How markers are spread at the current scale (timeline_geometry's `spread`)."""
        vb = self.plotItem.vb
        (lo, hi), (ylo, yhi) = vb.viewRange()
        if self._entry is None or len(self._entry[0]) > SPREAD_LIMIT or hi <= lo:
            return None
        level_px = max(vb.height(), MIN_PLOT_HEIGHT) / max(yhi - ylo, 1e-9)
        # as many sub-rows as a level's row holds (markers are SPREAD_PX - 1 px high)
        rows = max(1, min(3, int((level_px + 1) // SPREAD_PX)))
        return (SPREAD_PX * (hi - lo) / max(vb.width(), MIN_PLOT_WIDTH), rows,
                SPREAD_PX / level_px)

    def _draw_marks(self) -> None:
        """setData of every party's items from the geometry spread at the current scale."""
        for _step in self._draw_marks_steps():
            pass

    def _draw_marks_steps(self) -> Iterator[None]:
        """_draw_marks a party per step; nothing when the marks are drawn for this data,
        scale and size already (a range set by the draw itself starts a respread)."""
        entry = self._entry
        if entry is None:
            return
        rows, order, conflicting, geo = entry[0], entry[1], entry[2], entry[3]
        spread = self._spread()
        vb = self.plotItem.vb
        # A dense chart is drawn at the resolution the screen shows (half a pixel: an
        # export's 2x raster stays exact): 250,000 markers took ~1 s to set and paint.
        px, py = vb.viewPixelSize() if len(rows) > THIN_ABOVE else (0.0, 0.0)
        view = tuple(vb.viewRange()[0])
        # (the entry's id: every new analysis drawn resets the key first)
        key = (id(entry), spread, tuple(vb.viewPixelSize()), view)
        if key == self._marks_key:
            return
        if spread and rows:
            geo = timeline_geometry(rows, conflicting, order, set(entry[4]), spread)
        for pid, g in geo.parties.items():
            show_party(self._parties[pid], g, (px * THIN_CELL, py * THIN_CELL), view)
            yield
        self._marks_key = key
        self._hit = (geo.hit_x0, geo.hit_x1, geo.hit_xc, geo.hit_y, geo.hit_ids)
        rows = spread[1] if spread else 1
        self.condition_labels.place(geo, self._conditions,
                                    {pid: it.colour for pid, it in self._parties.items()},
                                    rows * SPREAD_PX / 2, self.plotItem.vb.viewPixelSize())

    def fit_to_size(self) -> None:
        """Spread the markers for the plot's size now (an export resizes it to paint)."""
        self._respread_timer.stop()
        if self.plotItem is None:  # closed meanwhile
            return
        self._steps.finish()
        for _step in self._respread_steps():
            pass

    def respreading(self) -> bool:
        """Whether the markers are about to be spread (or drawn) again for a new scale."""
        return self._respread_timer.isActive() or self._steps.busy()

    def _respread_later(self) -> None:
        """After a zoom, pan or resize: the marks again for the new scale, in steps."""
        if self.plotItem is None:  # closed meanwhile
            return
        if self._steps.busy():
            self._respread_timer.start()  # after the draw under way (it may make this moot)
            return
        # frozen as a draw of new data is: a party at a time repainting the whole chart
        # each turn cost several full paints where one does
        self._steps.start(self._respread_steps())

    def _respread_steps(self) -> Iterator[None]:
        if self._entry is not None and self._entry[0]:
            yield from self._draw_marks_steps()
        self._events.stagger()

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

    def _sync_parties(self, present: dict[int, PartyRow]) -> Iterator[None]:
        """The parties' items as `present` says (a step per party recoloured or made)."""
        for pid in list(self._parties):
            if pid in present:
                if self._parties[pid].colour != present[pid].colour:
                    self._parties[pid].recolour(present[pid].colour)
                    yield
            else:
                self._parties[pid].set_shown(False)
        for pid, party in present.items():
            if pid not in self._parties:
                self._parties[pid] = PartyItems(self.plotItem, party.colour, party.name)
                yield
            else:
                self._parties[pid].set_shown(True)
                self._parties[pid].line.opts["name"] = party.name

    def _update_legend(self, order: list[int], extras: list[tuple[str, str]],
                       spans: bool) -> Iterator[None]:
        names = tuple((pid, self._parties[pid].line.opts["name"]) for pid in order)
        lines = {pid: self._parties[pid].line for pid in order}
        changed = yield from self._legend.update(names, lines, extras, spans)
        if changed:
            self._fit_legend()

    def _fit_legend(self) -> None:
        self._legend.fit(self.plotItem.width())
        # Lay out now, not on the next event loop turn: the view box's size follows the
        # legend's height, and marker positions read right after a refresh must hold.
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
        lo, hi = data_range(self._hit[0], self._hit[1])
        key = (self._issue_id, lo, hi)
        if key != self._range_key:
            # a refresh after an edit keeps the user's zoom unless the data's extent moved
            self._range_key = key
            vb.setXRange(lo, hi, padding=0)
            # room for the markers spread around the first and last dates
            entry = self._entry
            for _ in range(2):
                spread = self._spread()
                if not spread or entry is None:
                    break
                xc = timeline_geometry(entry[0], entry[2], entry[1], set(entry[4]),
                                       spread).hit_xc
                wlo = min(lo, float(xc.min()) - spread[0])
                whi = max(hi, float(xc.max()) + spread[0])
                if (wlo, whi) == tuple(vb.viewRange()[0]):
                    break
                vb.setXRange(wlo, whi, padding=0)
            self._default_range = tuple(vb.viewRange()[0])
        # events outside the data's range get no line: zooming out does not add them
        self._events.place(events, lo, hi)
        self._events.stagger()
