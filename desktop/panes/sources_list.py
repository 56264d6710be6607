"""The list of sources (articles) with their details and how many positions quote each."""

from __future__ import annotations

from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QByteArray, QItemSelectionModel, QSettings, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from db.model.changes import Changes
from db.reads import source_reads
from desktop.context import AppContext
from desktop.panes.sources_model import ID_ROLE, SourcesModel
from desktop.qt.after_paint import AfterPaint
from desktop.qt.background import Results, run_in_pool

if TYPE_CHECKING:
    from desktop.dialogs.source_import_dialog import SourceDialog


# Above this many sources the list is read after the window's first paint.
LOAD_AFTER_PAINT_ABOVE = 500
# Above this many, on a worker thread.
BACKGROUND_ABOVE = 20_000
HEADER_KEY = "sourcesList/header"  # the columns' widths and order, kept across launches
TITLE_SET_KEY = "sourcesList/titleWidthSet"  # whether that title width is the user's
TITLE_CHARS = 16  # the title column's least default width, in average characters (two lines)


class SourcesList(QWidget):
    """Choosing a source opens it in the reader (via ctx.navigator.show_source)."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self._ctx = ctx
        self.dialog: SourceDialog | None = None
        self._quiet = False
        self.setObjectName("sourcesPane")
        self.add_button = QPushButton("Add source…")
        self.add_button.setAccessibleName("Add source")
        self.add_button.setToolTip("Paste an article or load a .txt, .md or .html file; or "
                                   "drop files and folders (also PDFs) on the list")
        self.count_label = QLabel()
        self.model = SourcesModel(self)
        self.model.details = lambda sid: source_reads.source_row(ctx.db, sid)
        self.table = QTableView()
        self.table.setObjectName("sourcesTable")
        self.table.setAccessibleName("Sources")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        # Titles wrap onto a second line: in a column a third of a narrow dock wide, one
        # line showed "Russia rejects ..." for every article of the day. Every row is two
        # lines tall (no per-row measuring of 5,000 rows); the tooltip has the whole title.
        self.table.setWordWrap(True)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(
            2 * self.table.fontMetrics().lineSpacing() + 8)
        # Sorted as the item table this replaced first showed it: Qt's default indicator
        # (first column, descending), applied by setSortingEnabled.
        self.table.setSortingEnabled(True)
        header = self.table.horizontalHeader()
        # Every column, the title too, takes the width the user drags it to (kept across
        # launches by the window: save_header / restore_header); "#" takes what is left over.
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        digits = self.table.fontMetrics().horizontalAdvance("2025-03-18")
        self.table.setColumnWidth(1, 90)
        self.table.setColumnWidth(2, digits + 16)
        self.table.setColumnWidth(3, 36)
        # Until the user drags the title's edge (or a saved width is restored) the title
        # follows the pane's width, as a stretched column would.
        self._title_sized = False
        self._sizing = False
        header.sectionResized.connect(self._section_resized)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        top = QHBoxLayout()
        top.addWidget(self.add_button)
        top.addStretch(1)
        top.addWidget(self.count_label)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addLayout(top)
        lay.addWidget(self.table, 1)
        self.add_button.clicked.connect(self.add_source)
        from desktop.panes.source_drop import SourceDrop

        # Files and folders dropped on the list are imported (with a progress bar).
        self.drop = SourceDrop(ctx, self.table.viewport(), self)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        ctx.navigator.show_source.connect(self.select_source)
        ctx.ops.changed.connect(self._data_changed)
        self._wanted: int | None = None  # chosen while the list was still to be read
        self._loaded = False
        self._generation = 0
        self._results = Results()  # unparented: see desktop.qt.background.Results
        self._results.done.connect(self._arrived)
        if source_reads.count_sources(ctx.db) > LOAD_AFTER_PAINT_ABOVE:
            # A year's sources (~17 ms for 5,000 with their position counts) are read once
            # the window has painted, not while it is being built.
            self.count_label.setText("Reading sources…")
            AfterPaint(self.table.viewport()).run(self._first_load)
        else:
            self.reload()

    # ------------------------------------------------------------ columns

    def resizeEvent(self, event: object) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)  # type: ignore[arg-type]
        if not self._title_sized:
            self._size_title()

    def _section_resized(self, column: int, _old: int, _new: int) -> None:
        if self._sizing or column == 3:  # "#" is stretched by Qt to fill the rest
            return
        if column == 0:
            self._title_sized = True  # the user's own width from now on
        elif not self._title_sized:
            self._size_title()

    def _size_title(self) -> None:
        """The title takes what the other columns leave of the pane, but never less than
        TITLE_CHARS characters (the list then scrolls sideways)."""
        others = sum(self.table.columnWidth(c) for c in (1, 2)) + 36
        least = self.table.fontMetrics().averageCharWidth() * TITLE_CHARS
        self._sizing = True
        try:
            self.table.setColumnWidth(0, max(least, self.table.viewport().width() - others))
        finally:
            self._sizing = False

    def save_header(self, settings: QSettings) -> None:
        settings.setValue(HEADER_KEY, self.table.horizontalHeader().saveState())
        settings.setValue(TITLE_SET_KEY, self._title_sized)

    def restore_header(self, settings: QSettings) -> bool:
        """Put the columns back as the user left them; False when nothing was saved."""
        state = settings.value(HEADER_KEY)
        if not isinstance(state, QByteArray | bytes) or not \
                self.table.horizontalHeader().restoreState(QByteArray(state)):
            return False
        # A width the user chose stays; a default one goes on following the pane.
        self._title_sized = str(settings.value(TITLE_SET_KEY, "false")).lower() == "true"
        if not self._title_sized:
            self._size_title()
        return True

    def _first_load(self) -> None:
        if not self._loaded:
            self.reload()

    def reload(self) -> None:
        """Re-read the list; above BACKGROUND_ABOVE sources on a worker thread (50,000
        sources with their position counts: ~0.9 s), the list as it was meanwhile."""
        db = self._ctx.db
        self._generation += 1
        if source_reads.count_sources(db) <= BACKGROUND_ABOVE:
            self._show_rows(source_reads.source_list(db))
            return
        if not self._loaded:
            self.count_label.setText("Reading sources…")
        sort = self.model.current_sort()

        def read() -> tuple:
            # Read and put in the list's order here: sorting 50,000 rows on the GUI thread
            # as they arrived stopped the window for ~60-100 ms.
            rows = source_reads.source_list(db)
            return SourcesModel.ordered(rows, sort), sort, rows[0].id if rows else None

        run_in_pool(self._results, self._generation, read)

    def _arrived(self, generation: int, result: object) -> None:
        if generation != self._generation or not shiboken6.isValid(self):
            return  # a newer read is under way (or the pane is gone)
        if isinstance(result, Exception):
            self.count_label.setText(f"Could not read the sources: {result}")
            return
        rows, sort, newest = result  # type: ignore[misc]
        self._show_rows(rows, sort, newest)

    def _show_rows(self, rows: list, sort: object = None, newest: int | None = None) -> None:
        keep = self.current_source_id() if self._loaded else self._wanted
        self._loaded = True
        self.model.set_rows(rows, ordered_for=sort, newest=newest)  # type: ignore[arg-type]
        n = self.model.rowCount()
        self.count_label.setText(f"{n} source{'s' if n != 1 else ''}")
        if keep is not None:
            self.select_source(keep)

    def newest_source_id(self) -> int | None:
        if not self._loaded:
            return source_reads.newest_source_id(self._ctx.db)
        return self.model.newest_source_id()

    def current_source_id(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].data(ID_ROLE) if rows else None

    def select_source(self, source_id: int) -> None:
        """Show `source_id` as chosen without announcing it again."""
        if not self._loaded:
            self._wanted = source_id
            return
        row = self.model.row_of_id(source_id)
        if row < 0:
            return
        index = self.model.index(row, 0)
        # The view must see the change (it scrolls to the current row once it has a size,
        # as the item table did); only our own announcement is held back.
        self._quiet = True
        try:
            self.table.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows)
        finally:
            self._quiet = False
        self.table.scrollTo(index)

    def _selection_changed(self) -> None:
        if self._quiet:
            return
        sid = self.current_source_id()
        if sid is not None:
            self._ctx.navigator.show_source.emit(sid)

    def _data_changed(self, changes: Changes) -> None:
        if changes.touches("source", "position"):
            self.reload()

    def add_source(self) -> SourceDialog:
        from desktop.dialogs.source_import_dialog import SourceDialog

        dialog = SourceDialog(self._ctx, parent=self.window())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.destroyed.connect(lambda *_: setattr(self, "dialog", None))
        self.dialog = dialog
        dialog.open()
        return dialog
