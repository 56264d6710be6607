"""The list of sources (articles) with their details and how many positions quote each."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelectionModel, Qt
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

if TYPE_CHECKING:
    from desktop.dialogs.source_import_dialog import SourceDialog


# Above this many sources the list is read after the window's first paint.
LOAD_AFTER_PAINT_ABOVE = 500


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
        self.table = QTableView()
        self.table.setObjectName("sourcesTable")
        self.table.setAccessibleName("Sources")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        # Sorted as the item table this replaced first showed it: Qt's default indicator
        # (first column, descending), applied by setSortingEnabled.
        self.table.setSortingEnabled(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnWidth(1, 100)
        self.table.setColumnWidth(2, 85)
        self.table.setColumnWidth(3, 36)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
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
        if source_reads.count_sources(ctx.db) > LOAD_AFTER_PAINT_ABOVE:
            # A year's sources (~17 ms for 5,000 with their position counts) are read once
            # the window has painted, not while it is being built.
            self.count_label.setText("Reading sources…")
            AfterPaint(self.table.viewport()).run(self._first_load)
        else:
            self.reload()

    def _first_load(self) -> None:
        if not self._loaded:
            self.reload()

    def reload(self) -> None:
        keep = self.current_source_id() if self._loaded else self._wanted
        self._loaded = True
        self.model.set_rows(source_reads.sources(self._ctx.db))
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
