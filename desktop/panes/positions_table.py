"""The positions pane: a filter bar over a table of every coded position."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, QItemSelectionModel, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QSizePolicy,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from db.errors import ParleyError
from db.model.changes import Changes
from db.reads import queries, source_reads, team
from db.reads.queries import PositionFilter
from db.storage.identity import shown
from desktop.context import AppContext
from desktop.forms.choice_combo import ChoiceCombo
from desktop.forms.condition_rows import colour_icon
from desktop.forms.filter_date_edit import ANY_DATE, FilterDateEdit
from desktop.panes.positions_model import COLUMN_KEYS, ID_ROLE, PositionsModel
from desktop.qt.after_paint import AfterPaint
from desktop.qt.plain_text import literal

if TYPE_CHECKING:
    from desktop.forms.position_form import PositionForm

# The search runs on the next pass of the event loop after a keystroke, not after a pause:
# the FTS query and table reset take 15-50 ms on 100k positions, and a burst of keys already
# queued (fast typing, a paste) still makes one query.
SEARCH_DEBOUNCE_MS = 0


class PositionsTable(QWidget):
    """Filter bar + table. Filters live in ctx.filters (shared with the charts); the table
    re-reads its rows through db.reads.queries whenever they or the data change."""

    form_opened = Signal(object)  # the PositionForm, so tests and the window can reach it

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self._ctx = ctx
        self.form: PositionForm | None = None
        self.setObjectName("positionsPane")
        self.model = PositionsModel(self)
        self._build_filter_bar()
        self._build_table()
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addLayout(self._bar)
        lay.addWidget(self.view, 1)
        # Qt's default chain follows the order the widgets were made in, not where they sit.
        chain = self.filter_fields() + [self.view]
        for before, after in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(before, after)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DEBOUNCE_MS)
        self._search_timer.timeout.connect(self._apply_search)
        self._kept: tuple[list[int], int | None] = ([], None)
        self._show_after: int | None = None  # a record to show once the rows are in
        self.model.modelAboutToBeReset.connect(self._keep_selection)
        self.model.modelReset.connect(self._restore_selection)
        self.model.busy.connect(self._busy)
        ctx.filters.changed.connect(self._filters_changed)
        ctx.ops.changed.connect(self._data_changed)
        ctx.navigator.show_position.connect(self.show_position)
        ctx.navigator.edit_position.connect(self.edit_position)
        self._fill_choices()
        # On a large database the whole order is read on a worker once the window has
        # painted (its first rows show at once): started before, it took a core from the
        # window's own start on a two-core machine.
        self.model.load(ctx.db, ctx.filters.current,
                        defer=AfterPaint(self.view.viewport()).run)

    # ------------------------------------------------------------ building

    def _build_filter_bar(self) -> None:
        self._bar = QVBoxLayout()
        self._bar.setSpacing(4)
        self.parties_button = QToolButton()
        self.parties_button.setAccessibleName("Filter by party")
        self.parties_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        # As wide as its neighbours: at its size hint the menu arrow is drawn over the text.
        self.parties_button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.parties_menu = QMenu(self.parties_button)
        self.parties_button.setMenu(self.parties_menu)
        self.issue_filter = self._filter_combo("Filter by issue", "Any issue")
        self.source_filter = self._filter_combo("Filter by source", "Any source")
        self.attribution_filter = self._filter_combo("Filter by attribution", "Anyone")
        self.coder_filter = self._filter_combo("Filter by coder", "Any coder")
        self.colour_by_coder = QCheckBox("Colour by coder")
        self.colour_by_coder.setAccessibleName("Colour rows by coder")
        self.date_from = FilterDateEdit("Earliest date")
        self.date_to = FilterDateEdit("Latest date")
        self.search = QLineEdit()
        self.search.setObjectName("positionSearch")
        self.search.setAccessibleName("Search quotes and notes")
        self.search.setPlaceholderText("Search quotes and notes")
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(140)
        self.clear_button = QToolButton()
        self.clear_button.setText("Clear filters")
        self.clear_button.setAccessibleName("Clear filters")
        self.count_label = QLabel()
        self.count_label.setAccessibleName("Number of positions shown")
        # Two rows, so the pane stays usable when docked in a narrow column. The search box
        # (where Ctrl+F lands) comes first, so Tab from it walks every filter in reading
        # order and then reaches the table.
        first, second = QHBoxLayout(), QHBoxLayout()
        first.addWidget(self.search, 3)
        for label, edit in (("From", self.date_from), ("to", self.date_to)):
            caption = QLabel(label)
            caption.setBuddy(edit)
            first.addWidget(caption)
            first.addWidget(edit)
        first.addWidget(self.count_label)
        for w in (self.parties_button, self.issue_filter, self.source_filter,
                  self.attribution_filter, self.coder_filter):
            second.addWidget(w, 1)
        second.addWidget(self.colour_by_coder)
        second.addWidget(self.clear_button)
        self._bar.addLayout(first)
        self._bar.addLayout(second)
        self.issue_filter.currentIndexChanged.connect(self._apply_combos)
        self.source_filter.currentIndexChanged.connect(self._apply_combos)
        self.attribution_filter.currentIndexChanged.connect(self._apply_combos)
        self.coder_filter.currentIndexChanged.connect(self._apply_combos)
        self.colour_by_coder.toggled.connect(self._colour_by_coder)
        self.date_from.dateChanged.connect(self._apply_dates)
        self.date_to.dateChanged.connect(self._apply_dates)
        self.search.textChanged.connect(lambda _t: self._search_timer.start())
        self.clear_button.clicked.connect(self._ctx.filters.reset)
        self.parties_menu.triggered.connect(self._apply_parties)

    def _filter_combo(self, name: str, none_text: str) -> ChoiceCombo:
        combo = ChoiceCombo(none_text)
        combo.setAccessibleName(name)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(8)
        return combo

    def _build_table(self) -> None:
        self.view = QTableView()
        self.view.setObjectName("positionsView")
        self.view.setAccessibleName("Positions")
        self.view.setModel(self.model)
        self.view.setSortingEnabled(True)
        self.view.horizontalHeader().setSortIndicator(COLUMN_KEYS.index("date"),
                                                      Qt.SortOrder.AscendingOrder)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        # Tab leaves the table (the rows are chosen whole; arrows move between them) instead
        # of stepping through cells, so the keyboard can get back out to the filters.
        self.view.setTabKeyNavigation(False)
        self.view.verticalHeader().hide()
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        widths = {"party": 130, "issue": 170, "stance": 190, "date": 95, "status": 85,
                  "attributed": 190, "source": 200}
        for key, width in widths.items():
            self.view.setColumnWidth(COLUMN_KEYS.index(key), width)
        self.view.doubleClicked.connect(
            lambda index: self._ctx.navigator.edit_position.emit(index.data(ID_ROLE)))
        self.view.selectionModel().currentRowChanged.connect(self._current_changed)

    def filter_fields(self) -> list[QWidget]:
        """The filter bar's fields in the order Tab visits them (reading order)."""
        return [self.search, self.date_from, self.date_to, self.parties_button,
                self.issue_filter, self.source_filter, self.attribution_filter,
                self.coder_filter, self.colour_by_coder, self.clear_button]

    # ------------------------------------------------------------ filter choices

    def _fill_choices(self) -> None:
        """(Re)build the filter bar's choices from the database, keeping ctx.filters."""
        db = self._ctx.db
        flt = self._ctx.filters.current
        self.parties_menu.clear()
        for p in queries.parties(db):
            act = self.parties_menu.addAction(colour_icon(p.colour), p.name)
            act.setCheckable(True)
            act.setData(p.id)
        self.issue_filter.blockSignals(True)
        self.issue_filter.set_choices([(i.name, i.id) for i in queries.issues(db)])
        self.issue_filter.blockSignals(False)
        # 5,000 sources and ~1,800 attributions: read when the combo is first used.
        for combo, loader in (
            (self.source_filter, lambda: [(t, i) for i, t in source_reads.source_titles(db)]),
            (self.attribution_filter, lambda: [(a, a) for a in queries.attributions(db)]),
            (self.coder_filter, lambda: [(shown(c), c) for c in team.coders(db)]),
        ):
            combo.blockSignals(True)
            combo.set_loader(loader)
            combo.blockSignals(False)
        self._show_filters(flt)

    def _show_filters(self, flt: PositionFilter) -> None:
        """Make the controls show `flt` without feeding back into ctx.filters."""
        for act in self.parties_menu.actions():
            act.setChecked(act.data() in flt.party_ids)
        n = len(flt.party_ids)
        self.parties_button.setText("Any party" if not n else
                                    "1 party" if n == 1 else f"{n} parties")
        for combo, chosen in ((self.issue_filter, flt.issue_ids),
                              (self.source_filter, flt.source_ids),
                              (self.attribution_filter, flt.attributions),
                              (self.coder_filter, flt.coders)):
            combo.blockSignals(True)
            one = next(iter(chosen)) if len(chosen) == 1 else None
            combo.setCurrentIndex(max(0, combo.findData(one)) if one is not None else 0)
            combo.blockSignals(False)
        for edit, value in ((self.date_from, flt.date_from), (self.date_to, flt.date_to)):
            edit.blockSignals(True)
            edit.setDate(QDate(value) if value else ANY_DATE)
            edit.blockSignals(False)
        if self.search.text() != flt.text:
            self.search.blockSignals(True)
            self.search.setText(flt.text)
            self.search.blockSignals(False)

    # ------------------------------------------------------------ filters → ctx

    def _apply_parties(self) -> None:
        ids = frozenset(a.data() for a in self.parties_menu.actions() if a.isChecked())
        self._ctx.filters.update(party_ids=ids)

    def _apply_combos(self) -> None:
        def chosen(combo: QComboBox) -> frozenset:
            data = combo.currentData()
            return frozenset() if data is None else frozenset({data})

        self._ctx.filters.update(issue_ids=chosen(self.issue_filter),
                                 source_ids=chosen(self.source_filter),
                                 attributions=chosen(self.attribution_filter),
                                 coders=chosen(self.coder_filter))

    def _colour_by_coder(self, on: bool) -> None:
        self.model.colour_by_coder = on
        self.view.viewport().update()

    @staticmethod
    def _date_of(edit: QDateEdit) -> dt.date | None:
        d = edit.date()
        return None if d == ANY_DATE else dt.date(d.year(), d.month(), d.day())

    def _apply_dates(self) -> None:
        self._ctx.filters.update(date_from=self._date_of(self.date_from),
                                 date_to=self._date_of(self.date_to))

    def _apply_search(self) -> None:
        self._ctx.filters.update(text=self.search.text())

    def _filters_changed(self, flt: PositionFilter) -> None:
        self._show_filters(flt)
        self.reload()

    # ------------------------------------------------------------ data

    def reload(self, *, recount: bool = False) -> None:
        """Re-read the rows, keeping the selection (by id) where the rows still exist. On a
        large database the rows arrive from a worker thread (the count label says "Reading
        positions…" meanwhile); the selection is kept across whenever they do."""
        self.model.load(self._ctx.db, self._ctx.filters.current, recount=recount)

    def _keep_selection(self) -> None:
        self._kept = (self.selected_ids(), self.current_id())

    def _restore_selection(self) -> None:
        keep, current = self._kept
        self._select_ids(keep, current)
        self._show_count()
        if self._show_after is not None and not self.model.is_busy():
            pid, self._show_after = self._show_after, None
            self.show_position(pid)

    def _show_count(self) -> None:
        self.count_label.setText(f"{self.model.rowCount():,} shown")

    def _busy(self, text: str) -> None:
        if text:
            self.count_label.setText(text)
        else:
            self._show_count()

    def _data_changed(self, changes: Changes) -> None:
        if changes.touches("party", "issue", "source", "position"):
            self._fill_choices()
        self.reload(recount=changes.touches("position"))

    def selected_ids(self) -> list[int]:
        rows = sorted({i.row() for i in self.view.selectionModel().selectedRows()})
        return [self.model.id_at(r) for r in rows]

    def current_id(self) -> int | None:
        index = self.view.currentIndex()
        return index.data(ID_ROLE) if index.isValid() else None

    def _select_ids(self, ids: list[int], current: int | None = None) -> None:
        sel = self.view.selectionModel()
        sel.clearSelection()
        flags = (QItemSelectionModel.SelectionFlag.Select
                 | QItemSelectionModel.SelectionFlag.Rows)
        for n in self.model.rows_of_ids(ids):
            sel.select(self.model.index(n, 0), flags)
        if current is not None:
            row = self.model.row_of_id(current)
            if row >= 0:
                sel.setCurrentIndex(self.model.index(row, 0),
                                    QItemSelectionModel.SelectionFlag.NoUpdate)

    def _current_changed(self) -> None:
        pid = self.current_id()
        if pid is not None and self.view.hasFocus():
            self._ctx.navigator.show_position.emit(pid)

    # ------------------------------------------------------------ navigation and commands

    def show_position(self, position_id: int) -> None:
        """Select and scroll to a position, clearing the filters if they hide it."""
        if self.current_id() == position_id:
            return  # the user's own click (possibly extending a multi-selection)
        if self.model.is_busy():  # the rows are being read: show it once they are in
            self._show_after = position_id
            return
        row = self.model.row_of_id(position_id)
        if row < 0:
            self._ctx.filters.reset()
            if self.model.is_busy():
                self._show_after = position_id
                return
            row = self.model.row_of_id(position_id)
            if row < 0:
                return
        index = self.model.index(row, 0)
        sel = self.view.selectionModel()
        sel.blockSignals(True)
        sel.setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect
                            | QItemSelectionModel.SelectionFlag.Rows)
        sel.blockSignals(False)
        self.view.viewport().update()
        self.view.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)

    def edit_selected(self) -> None:
        pid = self.current_id()
        if pid is None and self.selected_ids():
            pid = self.selected_ids()[0]
        if pid is not None:
            self.edit_position(pid)

    def edit_position(self, position_id: int) -> None:
        try:
            from desktop.forms.position_form import PositionForm

            form = PositionForm(self._ctx, position_id, parent=self.window())
        except ParleyError as exc:
            QMessageBox.warning(self, "Cannot edit the position", literal(exc))
            return
        self._open_form(form)

    def new_position(self, prefill: object = None) -> PositionForm:
        from desktop.forms.position_form import PositionForm

        form = PositionForm(self._ctx, None, prefill=prefill,  # type: ignore[arg-type]
                            parent=self.window())
        self._open_form(form)
        return form

    def _open_form(self, form: PositionForm) -> None:
        self.form = form
        form.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        form.saved.connect(self._ctx.navigator.show_position.emit)
        form.destroyed.connect(lambda *_: setattr(self, "form", None))
        self.form_opened.emit(form)
        form.open()

    def delete_selected(self) -> None:
        ids = self.selected_ids()
        if not ids:
            return
        # What is shown is what is deleted: a row someone changed since is not.
        versions = {self.model.id_at(n): self.model.row_at(n).version
                    for n in self.model.rows_of_ids(ids)}
        try:
            self._ctx.ops.delete_positions(ids, versions)
        except ParleyError as exc:
            QMessageBox.warning(self, "Cannot delete", literal(exc))
