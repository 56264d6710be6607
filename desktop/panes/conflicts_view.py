"""Conflicting accounts: where sources or speakers report the same party's stance on the same
issue differently at about the same time. Selecting a disagreement lays its accounts out
side by side; clicking one shows that record in the table and the reader."""

from __future__ import annotations

import traceback
from collections.abc import Callable

from PySide6.QtCore import (
    QItemSelectionModel,
    QModelIndex,
    QObject,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QScrollArea,
    QSpinBox,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from db.errors import ParleyError
from db.model.changes import Changes
from db.reads.analysis import DEFAULT_CONFLICT_WINDOW_DAYS
from db.reads.conflict_index import (
    ConflictIndex,
    Disagreement,
    disagreements,
    full_rows,
    kept_filter,
    records_at_most,
)
from db.reads.queries import PositionFilter
from db.storage.database import Database
from desktop.context import AppContext
from desktop.panes.conflict_card import ConflictCard
from desktop.panes.conflict_group_model import ConflictGroupModel, explain
from desktop.qt.background import Results, run_in_pool
from desktop.qt.pane_visibility import on_screen, when_dock_shown
from desktop.qt.plain_text import escape, plain_label

# Changes to these can add, remove or reword a disagreement.
_RELEVANT = ("position", "party", "issue", "source")


# Positions under the filters above which conflicts are searched off the GUI thread.
BACKGROUND_ABOVE = 5_000
# Accounts laid out side by side at most: a disagreement among a million records can hold
# thousands (a widget each); the rest are counted under the cards.
CARDS_SHOWN = 8


def _group_key(g: Disagreement) -> tuple:
    return (g.party_id, g.issue_id, g.kind, g.level_value, g.first)


class _Progress(QObject):
    """Told from the worker after each party × issue pair computed: (generation, done,
    total), delivered on the GUI thread."""

    step = Signal(int, int, int)


class ConflictsView(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("conflicts_view")
        self.setAccessibleName("Conflicting accounts")
        self.groups: list[Disagreement] = []
        self.cards: list[ConflictCard] = []
        # Read on first show, not at construction: the pane starts tabbed behind the table,
        # and finding conflicts among 100k positions takes seconds of a cold start.
        self._stale = True
        self._select_first = True
        self._generation = 0
        # Unparented and kept by the worker's closure: a search may finish after the pane
        # is gone, and must then have somewhere harmless to report.
        self._finder = Results()
        self._finder.done.connect(self._search_done)
        self._progress = _Progress()
        self._progress.step.connect(self._on_progress)
        # The disagreements kept per party × issue pair (db.reads.conflict_index), for the
        # window shown: a search recomputes only the pairs changed since the last one (by
        # this window, another program or another user) and reads the rest back from what
        # the last launch kept.
        self._kept: ConflictIndex | None = None
        self._large_for: Database | None = None
        self._is_large = False
        self._build()
        ctx.ops.changed.connect(self._on_changed)
        ctx.filters.changed.connect(lambda _flt: self._refresh_when_shown())
        # Tabbed behind the table, the pane stays "visible" to Qt: its tab being chosen is
        # what says it is shown.
        when_dock_shown(self, self._dock_shown)

    def _build(self) -> None:
        self.window_spin = QSpinBox()
        self.window_spin.setObjectName("conflict_window")
        self.window_spin.setAccessibleName("Days apart that still count as the same time")
        self.window_spin.setRange(0, 90)
        self.window_spin.setValue(DEFAULT_CONFLICT_WINDOW_DAYS)
        self.window_spin.setSuffix(" days")
        self.window_spin.setToolTip("Records this many days apart (or closer, chained) are "
                                    "compared as accounts of the same moment")
        self.window_spin.valueChanged.connect(lambda _v: self.refresh())
        window_label = QLabel("Same time &within:")
        window_label.setBuddy(self.window_spin)
        self.count_label = plain_label()
        self.count_label.setObjectName("conflict_count")
        self.more_label = plain_label()
        self.more_label.setObjectName("conflict_more")
        self.more_label.hide()
        top = QHBoxLayout()
        top.addWidget(window_label)
        top.addWidget(self.window_spin)
        top.addStretch(1)
        top.addWidget(self.count_label)

        self.model = ConflictGroupModel(self)
        # A table, not a tree: a tree lays out every row (asking the model about each) at
        # every reset and selection, ~0.5 s for the ~36,000 disagreements of a million
        # records; a table of uniform rows asks only about the rows on screen.
        self.view = QTableView()
        self.view.setObjectName("conflict_groups")
        self.view.setAccessibleName("Disagreements")
        self.view.setShowGrid(False)
        self.view.setWordWrap(False)
        self.view.verticalHeader().hide()
        self.view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.view.verticalHeader().setDefaultSectionSize(
            self.view.fontMetrics().height() + 6)
        self.view.setAlternatingRowColors(True)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setModel(self.model)
        header = self.view.horizontalHeader()
        header.setHighlightSections(False)
        header.setStretchLastSection(False)
        # Columns fit the rows on screen, not every row: at a million records the list holds
        # tens of thousands of disagreements, and measuring them all took ~1 s at each
        # refresh and selection.
        header.setResizeContentsPrecision(0)
        for col in (0, 2, 4, 5):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(1, 200)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.view.selectionModel().currentRowChanged.connect(self._on_current_changed)

        self.heading = QLabel()
        self.heading.setObjectName("conflict_heading")
        self.heading.setTextFormat(Qt.TextFormat.RichText)  # names escaped where set
        self.heading.setWordWrap(True)
        self.cards_host = QWidget()
        self.cards_layout = QHBoxLayout(self.cards_host)
        self.cards_layout.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.scroll = QScrollArea()
        self.scroll.setObjectName("conflict_accounts")
        self.scroll.setAccessibleName("Accounts side by side")
        self.scroll.setWidgetResizable(True)
        self.scroll.setWidget(self.cards_host)
        details = QWidget()
        details_lay = QVBoxLayout(details)
        details_lay.setContentsMargins(0, 4, 0, 0)
        details_lay.addWidget(self.heading)
        details_lay.addWidget(self.scroll, 1)
        details_lay.addWidget(self.more_label)

        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.view)
        splitter.addWidget(details)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 3)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)

    # ---------------------------------------------------------------- reading

    def _on_changed(self, changes: Changes) -> None:
        if changes.touches(*_RELEVANT):
            self._refresh_when_shown()

    def _refresh_when_shown(self) -> None:
        # Finding conflicts reads every matching record; a pane tabbed away or closed waits
        # until it is shown instead of re-reading on every edit.
        if self._showing():
            self.refresh()
        else:
            self._stale = True

    def _showing(self) -> bool:
        # On a small database the pane reads whenever Qt calls it visible, as it always
        # has (a few ms); on a large one only when really on screen, not a tab behind.
        if not self._large():
            return self.isVisible()
        return on_screen(self)

    def _large(self) -> bool:
        """Whether the database is large, judged once per database from its highest record
        id (an index lookup: counting a million records took ~0.5 s of the GUI thread at
        every edit). Every search on a large one runs on the worker."""
        db = self.ctx.db
        if self._large_for is not db:
            self._large_for, self._is_large = db, records_at_most(db) > BACKGROUND_ABOVE
        return self._is_large

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        if self._stale and self._showing():
            self.refresh()

    def _dock_shown(self) -> None:
        if self._stale:
            self.refresh()

    def _index(self, window: int) -> ConflictIndex:
        kept = self._kept
        if kept is None or kept.db is not self.ctx.db or kept.window_days != window:
            kept = self._kept = ConflictIndex(self.ctx.db, window)
        return kept

    def _search(self, generation: int, db: Database, flt: PositionFilter, window: int
                ) -> Callable[[], list[Disagreement] | None]:
        """What finds the disagreements under `flt` (None when a newer search took over):
        the kept index when the filters choose only parties and issues, else the rules
        over the matching records."""
        def cancelled() -> bool:
            return generation != self._generation

        if not kept_filter(db, flt):
            return lambda: disagreements(db, flt, window, cancelled)
        index = self._index(window)

        def kept() -> list[Disagreement] | None:
            index.sync(lambda done, total: self._progress.step.emit(generation, done, total),
                       cancelled)
            if cancelled():
                return None
            return index.groups(flt.party_ids, flt.issue_ids, synced=True)
        return kept

    def refresh(self) -> None:
        """Re-read the disagreements under the shared filters, keeping the selected one.

        Above BACKGROUND_ABOVE positions the search runs on a worker thread, with the count
        label saying how far it is; the result lands when it is done."""
        self._stale = False
        db, flt, window = self.ctx.db, self.ctx.filters.current, self.window_spin.value()
        self._generation += 1
        search = self._search(self._generation, db, flt, window)
        if not self._large():
            self._show_groups(search() or [])
            return
        self.count_label.setText("Finding disagreements…")
        # After the current event (e.g. the window's first show) has been painted, and only
        # if the pane is still on screen rather than a tab behind the table.
        QTimer.singleShot(0, lambda gen=self._generation: self._start_search(gen, search))

    def _start_search(self, generation: int,
                      search: Callable[[], list[Disagreement] | None]) -> None:
        if generation != self._generation:
            return
        if not self._showing():
            self._stale = True
            return
        run_in_pool(self._finder, generation, search, long=True)  # tens of seconds at 1M

    def _on_progress(self, generation: int, done: int, total: int) -> None:
        if generation == self._generation and total:
            self.count_label.setText(f"Finding disagreements… {100 * done // total}%")

    def _search_done(self, generation: int, found: object) -> None:
        if generation != self._generation or found is None:
            return  # filters or data changed meanwhile; a newer search is under way
        if isinstance(found, Exception):
            if not isinstance(found, ParleyError):  # a bug: keep its traceback visible
                traceback.print_exception(found)
            self.count_label.setText(f"Could not find disagreements: {found}")
            return
        self._show_groups(found)  # type: ignore[arg-type]

    def _show_groups(self, groups: list[Disagreement]) -> None:
        current = self.current_group()
        keep = _group_key(current) if current is not None else None
        self.groups = groups
        sel = self.view.selectionModel()
        sel.blockSignals(True)
        self.model.set_groups(self.groups)
        sel.blockSignals(False)
        n = len(self.groups)
        self.count_label.setText("No disagreements" if n == 0 else
                                 f"{n} disagreement{'' if n == 1 else 's'}")
        row = next((i for i, g in enumerate(self.groups) if _group_key(g) == keep), None)
        if row is None and self._select_first and self.groups:
            row = 0
        self._select_first = False
        if row is not None:
            self.select_group(row)
        else:
            self._show_group(None)

    def current_group(self) -> Disagreement | None:
        index = self.view.selectionModel().currentIndex()
        if not index.isValid():
            return None
        return self.model.group(index.row())

    def select_group(self, row: int) -> None:
        index = self.model.index(row, 0)
        sel = self.view.selectionModel()
        unchanged = sel.currentIndex() == index  # then currentRowChanged will not fire
        sel.setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect
                            | QItemSelectionModel.SelectionFlag.Rows)
        if unchanged:
            self._show_group(self.current_group())

    def _on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._show_group(self.current_group() if current.isValid() else None)

    # ---------------------------------------------------------------- side by side

    def _show_group(self, group: Disagreement | None) -> None:
        for card in self.cards:
            # Hidden and detached now: deleteLater alone would leave it drawn until the
            # event loop runs, overlapping the new cards.
            self.cards_layout.removeWidget(card)
            card.hide()
            card.setParent(None)
            card.deleteLater()
        self.cards = []
        self.more_label.hide()
        if group is None:
            self.heading.setText("Select a disagreement above to read its accounts side by "
                                 "side." if self.groups else
                                 "No accounts disagree under the current filters.")
            return
        # The kind as a small tag first: a reporting discrepancy reads differently from two
        # parties disagreeing.
        self.heading.setText(f"<span style='background-color:palette(midlight)'>&nbsp;"
                             f"<small>{escape(group.label)}</small>&nbsp;</span> "
                             f"<b>{escape(group.party_name)}</b> on "
                             f"<b>{escape(group.issue_name)}</b>: "
                             f"{escape(explain(group))} "
                             "Click an account to show its record.")
        shown = full_rows(self.ctx.db, group, CARDS_SHOWN)
        if len(group.ids) > len(shown.rows):
            more = len(group.ids) - len(shown.rows)
            self.more_label.setText(f"… and {more:,} more record{'' if more == 1 else 's'} in "
                                    "this disagreement: filter by date or source to read them.")
            self.more_label.show()
        for row in shown.rows:
            card = ConflictCard(row)
            card.clicked.connect(self.ctx.navigator.show_position.emit)
            self.cards_layout.addWidget(card, 0, Qt.AlignmentFlag.AlignTop)
            self.cards.append(card)
