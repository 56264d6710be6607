"""The charts pane: timeline, matrix and gap views in tabs, kept live with the data and the
table's filters, with export (File → Export chart…, Ctrl+E) and copy to clipboard."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QHideEvent, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSlider,
    QStyle,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from db.errors import ParleyError
from db.model.changes import Changes
from db.reads import queries
from db.reads.queries import PositionFilter
from desktop.charts import exporter
from desktop.charts.common import waiting_label
from desktop.charts.timeline_plot import TimelinePlot
from desktop.context import AppContext
from desktop.qt.after_paint import AfterPaint
from desktop.qt.lazy_dock import restore_tab_order
from desktop.qt.pane_visibility import on_screen, when_dock_shown
from desktop.qt.plain_text import literal

if TYPE_CHECKING:
    from desktop.charts.gap_plot import GapPlot
    from desktop.charts.matrix_view import MatrixView

# Above this many positions in the database, charts redraw after the table has painted
# (coalesced), not inside the filter change or edit: on 100k positions an issue's timeline
# takes a few hundred ms, and the table must not wait for it. Smaller databases redraw in
# step (a few ms). The same threshold as the conflicts pane's background search.
DEFER_ABOVE = 5_000
# Above this many, every timeline redraw reads on a worker thread too (at a million
# positions an issue's timeline takes seconds to read and analyse); the chart keeps what it
# shows until the new data are drawn. The matrix and the gap chart read on a worker above
# DEFER_ABOVE (at 100k positions: 0.5-1 s each).
BACKGROUND_ABOVE = 200_000


class ChartsPane(QWidget):
    refreshed = Signal(int)  # the tab whose chart was just redrawn for new data or filters

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self._provider = lambda: ctx.db  # ctx.db changes on File → Open
        self._filter = ctx.filters.current

        # The timeline is made once the window around it has painted (or when asked for:
        # `pane.timeline`); until then its tab says the chart is loading, as the timeline
        # itself does until its data arrive.
        self._timeline: TimelinePlot | None = None
        self._waiting = waiting_label("Loading chart…")
        self.issue_combo = QComboBox()
        self.issue_combo.setAccessibleName("Issue")
        # The matrix and gap charts are made when their tab is first shown (or they are
        # asked for: `pane.gap`): a cold start shows the timeline only.
        self._matrix: MatrixView | None = None
        self._gap: GapPlot | None = None
        self.date_edit = QDateEdit()
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("d MMM yyyy")
        self.date_slider = QSlider(Qt.Orientation.Horizontal)
        self.party_a = QComboBox()
        self.party_b = QComboBox()
        # Screen readers announce these names; the captions beside them are not buddies.
        for widget, name in ((self._waiting, "Timeline chart"), (self.date_edit, "Matrix date"),
                             (self.date_slider, "Matrix date slider"),
                             (self.party_a, "First party of the gap"),
                             (self.party_b, "Second party of the gap")):
            widget.setAccessibleName(name)

        self.tabs = QTabWidget()
        self.reset_button = QPushButton("Reset view")
        self.reset_button.setToolTip("Back to all records of the issue after zooming (mouse "
                                     "wheel) or panning (drag) the timeline")
        page, self._timeline_scroll = self._page(self._waiting, QLabel("Issue"),
                                                 self.issue_combo, self.reset_button)
        # What the numbered event tags stand for, under the chart (the export's footer
        # says it on paper): always in view, one line, the whole list as its tooltip.
        self.events_label = QLabel()
        self.events_label.setObjectName("timeline_events")
        self.events_label.setTextFormat(Qt.TextFormat.PlainText)
        self.events_label.setMinimumWidth(1)  # elided to the pane, never widening it
        self.events_label.setVisible(False)
        page.layout().addWidget(self.events_label)
        self.tabs.addTab(page, "Timeline")
        page, self._matrix_scroll = self._page(None, QLabel("As of"), self.date_edit,
                                               self.date_slider)
        self.tabs.addTab(page, "Matrix")
        page, self._gap_scroll = self._page(None, QLabel("Gap between"), self.party_a,
                                            QLabel("and"), self.party_b)
        self.tabs.addTab(page, "Gap")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)

        # No shortcuts here: the main window's File menu owns Ctrl+E, and a second action
        # with the same shortcut in the window would make it ambiguous (neither fires).
        self.export_action = QAction("Export chart…", self)
        self.export_action.triggered.connect(self.export_dialog)
        self.copy_action = QAction("Copy chart to clipboard", self)
        self.copy_action.triggered.connect(self.copy_to_clipboard)

        self._dirty: set[int] = set()
        self._issue_changed = False  # the timeline's next draw is of another issue
        self._dates_stale = True
        self._date_lo = dt.date.today()
        self._slow = self._huge = False
        self._count_positions()
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(0)
        self._refresh_timer.timeout.connect(self._refresh_current)
        self._after_paint = AfterPaint(self._waiting)
        self._busiest_pending = False
        self._reload_choices()
        self.issue_combo.currentIndexChanged.connect(self._issue_chosen)
        self.party_a.currentIndexChanged.connect(self._parties_chosen)
        self.party_b.currentIndexChanged.connect(self._parties_chosen)
        self.date_edit.dateChanged.connect(self._date_edited)
        self.date_slider.valueChanged.connect(self._slider_moved)
        self.tabs.currentChanged.connect(self._tab_changed)
        self.reset_button.clicked.connect(lambda: self.timeline.reset_view())
        ctx.ops.changed.connect(self._data_changed)
        ctx.filters.changed.connect(self._filter_changed)
        when_dock_shown(self, self._shown)  # a tab behind another dock coming to the front
        self._apply_filter(ctx.filters.current)

    # ---------------------------------------------------------------- public

    @property
    def timeline(self) -> TimelinePlot:
        return self._ensure_timeline()

    def _ensure_timeline(self) -> TimelinePlot:
        """The timeline plot, made now if it was not yet (then its first draw is scheduled)."""
        if self._timeline is None:
            plot = TimelinePlot(self._provider)
            plot.setAccessibleName("Timeline chart")
            plot.set_filter(self._filter, refresh=False)
            plot.set_issue(self.issue_combo.currentData(), refresh=False)
            plot.position_clicked.connect(self.ctx.navigator.show_position)
            plot.drawn.connect(self._show_events)
            plot.drawn.connect(lambda: self.refreshed.emit(0))
            self._timeline = plot
            self._waiting = None  # deleted by the scroll area taking the plot
            self._place_chart(plot, self._timeline_scroll)
            if 0 in self._dirty:
                self._refresh_timer.start()  # its first draw, as _refresh_current decides
        return self._timeline

    def _show_events(self) -> None:
        events = self.timeline.event_legend()
        self.events_label.setVisible(bool(events))
        text = "Events: " + "   ".join(f"[{n}] {label}" for n, label in events)
        metrics = self.events_label.fontMetrics()
        width = max(self.events_label.width(), 300)
        self.events_label.setText(metrics.elidedText(text, Qt.TextElideMode.ElideRight,
                                                     width - 8))
        self.events_label.setToolTip("\n".join(f"[{n}] {label}" for n, label in events))

    @property
    def matrix(self) -> MatrixView:
        if self._matrix is None:
            from desktop.charts.matrix_view import MatrixView

            self._matrix = MatrixView(self._provider)
            self._matrix.setAccessibleName("Stance matrix")
            self._matrix.set_filter(self._filter, refresh=False)
            self._matrix.loaded.connect(lambda: self.refreshed.emit(1))
            self._place_chart(self._matrix, self._matrix_scroll)
        return self._matrix

    @property
    def gap(self) -> GapPlot:
        if self._gap is None:
            from desktop.charts.gap_plot import GapPlot

            if not self._slow:  # else the first read in the background finds them
                self._choose_busiest()
            self._gap = GapPlot(self._provider)
            self._gap.setAccessibleName("Gap chart")
            self._gap.set_filter(self._filter, refresh=False)
            self._gap.set_parties(self.party_a.currentData(), self.party_b.currentData(),
                                  refresh=False)
            self._gap.loaded.connect(self._gap_loaded)
            self._place_chart(self._gap, self._gap_scroll)
        return self._gap

    @staticmethod
    def _place_chart(chart: QWidget, scroll: QScrollArea) -> None:
        scroll.setWidget(chart)
        restore_tab_order(chart, scroll)

    def sizeHint(self) -> QSize:
        # Wide enough for the timeline's labels and whole legend, so a layout that honours
        # the hint shows the chart without a scroll bar.
        hint = super().sizeHint()
        chart = self._timeline if self._timeline is not None else self._waiting
        need = chart.minimumWidth() + 2 * self.style().pixelMetric(
            QStyle.PixelMetric.PM_ScrollBarExtent) + 16
        return QSize(max(hint.width(), need), hint.height())

    def current_chart(self) -> TimelinePlot | MatrixView | GapPlot:
        index = self.tabs.currentIndex()
        return self.timeline if index == 0 else self.matrix if index == 1 else self.gap

    def export_current(self, path: Path | str, width_px: int | None = None,
                       dpi: int | None = None) -> Path:
        from db.storage.export_target import refuse_database_target

        refuse_database_target(path, self.ctx.db.path)
        self.flush()
        return exporter.export_chart(self.current_chart(), path, width_px, dpi)

    def export_dialog(self) -> None:
        self.flush()
        chart = self.current_chart()
        slug = re.sub(r"[^a-z0-9]+", "-", chart.chart_title().casefold()).strip("-")
        from desktop.charts.export_dialog import ExportDialog

        dialog = ExportDialog(Path.home() / f"{slug or 'chart'}.png", self)
        if not dialog.exec():
            return
        path, width, dpi = dialog.choice()
        try:
            self.export_current(path, width, dpi)
        except ParleyError as exc:
            QMessageBox.warning(self, "Export chart", literal(exc))

    def copy_to_clipboard(self) -> None:
        self.flush()
        QApplication.clipboard().setImage(exporter.render_image(self.current_chart()))

    def flush(self) -> None:
        """Bring the chart shown up to date now (a deferred redraw may be pending, the
        timeline loading on a worker thread, or the pane hidden): exports and copies must
        show the current data."""
        self._refresh_timer.stop()
        self._refresh_current(background=False)
        if self.tabs.currentIndex() == 0:
            self.timeline.finish_loading()
        elif self.current_chart().loading:
            self.current_chart().refresh()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._timeline is not None and self.events_label.isVisible():
            self._show_events()  # elided to the new width

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._shown()

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        # The window closing: a timeline load under way has nobody to show it to. Dropped,
        # and redone if the window is shown again.
        if (not self.window().isVisible() and self._timeline is not None
                and self._timeline.cancel_loading()):
            self._dirty.add(0)

    def _shown(self) -> None:
        if self.tabs.currentIndex() in self._dirty:
            if self._slow:
                self._refresh_timer.start()  # after the window around it has painted
            else:
                self._refresh_current()

    # ---------------------------------------------------------------- plumbing

    @staticmethod
    def _page(chart: QWidget | None, *controls: QWidget) -> tuple[QWidget, QScrollArea]:
        page = QWidget()
        bar = QHBoxLayout()
        for w in controls:
            bar.addWidget(w, 1 if isinstance(w, QSlider) else 0)
        if not any(isinstance(w, QSlider) for w in controls):
            bar.addStretch(1)
        # A chart keeps the room its labels and legend need; a small pane scrolls instead.
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        if chart is not None:
            scroll.setWidget(chart)
        layout = QVBoxLayout(page)
        layout.addLayout(bar)
        layout.addWidget(scroll, 1)
        return page, scroll

    def _reload_choices(self) -> None:
        """Issues and parties for the pickers, keeping the current choices."""
        db = self.ctx.db
        keep_issue = self.issue_combo.currentData()
        keep_a, keep_b = self.party_a.currentData(), self.party_b.currentData()
        for combo in (self.issue_combo, self.party_a, self.party_b):
            combo.blockSignals(True)
            combo.clear()
        for issue in queries.issues(db):
            self.issue_combo.addItem(issue.name, issue.id)
        for party in queries.parties(db):
            self.party_a.addItem(party.name, party.id)
            self.party_b.addItem(party.name, party.id)
        # The gap view first opens on the two parties with the most records: counted when
        # it is first made (a GROUP BY over every record), not at every start.
        self._busiest_pending = keep_a is None
        for combo, keep, default in ((self.issue_combo, keep_issue, 0),
                                     (self.party_a, keep_a, 0), (self.party_b, keep_b, 1)):
            i = combo.findData(keep) if keep is not None else -1
            combo.setCurrentIndex(i if i >= 0 else min(default, combo.count() - 1))
            combo.blockSignals(False)
        if self._timeline is not None:  # else it takes the issue when it is made
            self._timeline.set_issue(self.issue_combo.currentData(), refresh=False)
        if self._gap is not None:  # else it takes the choices when it is made
            self._choose_busiest()
            self._gap.set_parties(self.party_a.currentData(), self.party_b.currentData(),
                                  refresh=False)

    def _choose_busiest(self) -> None:
        if not self._busiest_pending:
            return
        self._busiest_pending = False
        for combo, pid in zip((self.party_a, self.party_b),
                              queries.busiest_parties(self.ctx.db, 2), strict=False):
            i = combo.findData(pid)
            if i >= 0:
                combo.blockSignals(True)
                combo.setCurrentIndex(i)
                combo.blockSignals(False)

    def _reload_dates(self) -> None:
        """The matrix's date controls span the recorded dates (read only when the matrix is
        shown after records changed: it reads every record)."""
        self._dates_stale = False
        span = self.matrix.date_range()
        lo, hi = span if span else (dt.date.today(), dt.date.today())
        self._date_lo = lo
        at = self.matrix.at if lo <= self.matrix.at <= hi else hi
        self.matrix.set_date(at, refresh=False)
        for w in (self.date_edit, self.date_slider):
            w.blockSignals(True)
        self.date_slider.setRange(0, (hi - lo).days)
        self.date_slider.setValue((at - lo).days)
        self.date_edit.setDateRange(QDate(lo.year, lo.month, lo.day),
                                    QDate(hi.year, hi.month, hi.day))
        self.date_edit.setDate(QDate(at.year, at.month, at.day))
        for w in (self.date_edit, self.date_slider):
            w.blockSignals(False)

    def _apply_filter(self, flt: PositionFilter) -> None:
        self._filter = flt
        for chart in (self._timeline, self._matrix, self._gap):
            if chart is not None:  # (one made later takes the filter then)
                chart.set_filter(flt, refresh=False)
        self._dates_stale = True
        self._dirty = {0, 1, 2}
        self._schedule_refresh()

    def _schedule_refresh(self) -> None:
        """Redraw the chart shown: on a small database now, as always; on a large one once
        control returns to the event loop (so the table paints first, and several changes
        make one redraw), and not at all while the pane is hidden (showing it redraws)."""
        if not self._slow:
            self._refresh_current()
        elif on_screen(self):
            self._refresh_timer.start()

    def _refresh_current(self, background: bool = True) -> None:
        """Redraw the chart shown if its data or filters changed; `refreshed(index)` says
        when the chart shows the new data, whichever way it was read.

        On a large database the timeline's first draw, and the draw of another issue, read
        and analyse on a worker thread (a whole issue: 150-300 ms at 100k positions, and
        at start the window must paint and respond meanwhile); the chart says it is loading,
        or keeps the previous issue until the new one is in. Redraws for a filter or an edit
        stay on the GUI thread, deferred until the table has painted: on a worker they took
        three times as long (270 vs 85 ms for a party filter), because the worker's read
        gives up and takes back the GIL for every row while the GUI thread is busy painting
        the table, and waits each time."""
        index = self.tabs.currentIndex()
        if index in self._dirty:
            self._dirty.discard(index)
            if index == 0:
                if self._timeline is None and background and self._slow:
                    # Make the plot after the window's first paint, then load in the back.
                    self._dirty.add(0)
                    self._after_paint.run(self._ensure_timeline)
                    return
                whole = not self.timeline.has_drawn() or self._issue_changed or self._huge
                self._issue_changed = False
                if background and self._slow and whole:
                    self.timeline.refresh_in_background()
                else:
                    self.timeline.refresh()  # refreshed(0) follows from timeline.drawn
                return
            if index == 1 and self._dates_stale:
                self._reload_dates()
            chart = self.current_chart()
            if background and self._slow:  # refreshed(index) follows from chart.loaded
                if index == 2:
                    self.gap.refresh_in_background(busiest=self._busiest_pending)
                    self._busiest_pending = False
                else:
                    self.matrix.refresh_in_background()
                return
            chart.refresh()
            self.refreshed.emit(index)

    def _count_positions(self) -> None:
        count = queries.count_positions(self.ctx.db)
        self._slow, self._huge = count > DEFER_ABOVE, count > BACKGROUND_ABOVE

    def _data_changed(self, changes: Changes) -> None:
        if changes.touches("party", "issue", "event", "position", "source"):
            if changes.touches("party", "issue"):
                self._reload_choices()
            self._dates_stale = True
            self._dirty = {0, 1, 2}
            self._count_positions()
            self._schedule_refresh()

    def _filter_changed(self, flt: PositionFilter) -> None:
        self._apply_filter(flt)

    def _tab_changed(self, _index: int) -> None:
        self._refresh_current()

    def _issue_chosen(self) -> None:
        self.timeline.set_issue(self.issue_combo.currentData(), refresh=False)
        self._dirty.add(0)
        self._issue_changed = True
        self._refresh_current()  # large database: on the worker, dropping the previous load

    def _gap_loaded(self) -> None:
        """The pickers show the parties drawn (a first read chose the busiest two)."""
        for combo, pid in zip((self.party_a, self.party_b), self.gap.parties, strict=True):
            i = combo.findData(pid)
            if i >= 0 and i != combo.currentIndex():
                combo.blockSignals(True)
                combo.setCurrentIndex(i)
                combo.blockSignals(False)
        self.refreshed.emit(2)

    def _parties_chosen(self) -> None:
        self.gap.set_parties(self.party_a.currentData(), self.party_b.currentData(),
                             refresh=not self._slow)
        if self._slow:
            self.gap.refresh_in_background()

    def _date_edited(self, qdate: QDate) -> None:
        day = dt.date(qdate.year(), qdate.month(), qdate.day())
        self.date_slider.blockSignals(True)
        self.date_slider.setValue((day - self._date_lo).days)
        self.date_slider.blockSignals(False)
        self.matrix.set_date(day, refresh=not self._slow)
        if self._slow:
            self.matrix.refresh_in_background()

    def _slider_moved(self, value: int) -> None:
        day = self._date_lo + dt.timedelta(days=value)
        self.date_edit.setDate(QDate(day.year, day.month, day.day))
