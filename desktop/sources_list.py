"""The list of sources (articles) with their details and how many positions quote each."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from db import queries
from db.changes import Changes
from desktop.context import AppContext
from desktop.source_import_dialog import SourceDialog

HEADERS = ("Title", "Outlet", "Date", "#")


class SourcesList(QWidget):
    """Choosing a source opens it in the reader (via ctx.navigator.show_source)."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self._ctx = ctx
        self.dialog: SourceDialog | None = None
        self.setObjectName("sourcesPane")
        self.add_button = QPushButton("Add source…")
        self.add_button.setAccessibleName("Add source")
        self.add_button.setToolTip("Paste an article or load a .txt, .md or .html file")
        self.count_label = QLabel()
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setObjectName("sourcesTable")
        self.table.setAccessibleName("Sources")
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.setSortingEnabled(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeaderItem(3).setToolTip("Positions that quote the source")
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
        self.table.itemSelectionChanged.connect(self._selection_changed)
        ctx.navigator.show_source.connect(self.select_source)
        ctx.ops.changed.connect(self._data_changed)
        self.reload()

    def reload(self) -> None:
        keep = self.current_source_id()
        rows = queries.sources(self._ctx.db)
        self.table.blockSignals(True)
        self.table.setSortingEnabled(False)
        self.table.setRowCount(len(rows))
        for n, src in enumerate(rows):
            date = src.published.isoformat() if src.published else ""
            cells = (src.title, src.outlet, date, src.positions)
            for col, value in enumerate(cells):
                item = QTableWidgetItem()
                item.setData(Qt.ItemDataRole.DisplayRole, value)
                item.setData(Qt.ItemDataRole.UserRole, src.id)
                if col == 0:
                    item.setToolTip("\n".join(x for x in (src.title, src.author, src.url) if x))
                self.table.setItem(n, col, item)
        self.table.setSortingEnabled(True)
        self.table.blockSignals(False)
        self.count_label.setText(f"{len(rows)} source{'s' if len(rows) != 1 else ''}")
        if keep is not None:
            self.select_source(keep)

    def current_source_id(self) -> int | None:
        items = self.table.selectedItems()
        return items[0].data(Qt.ItemDataRole.UserRole) if items else None

    def select_source(self, source_id: int) -> None:
        """Show `source_id` as chosen without announcing it again."""
        self.table.blockSignals(True)
        for row in range(self.table.rowCount()):
            if self.table.item(row, 0).data(Qt.ItemDataRole.UserRole) == source_id:
                self.table.selectRow(row)
                self.table.scrollToItem(self.table.item(row, 0))
                break
        self.table.blockSignals(False)

    def _selection_changed(self) -> None:
        sid = self.current_source_id()
        if sid is not None:
            self._ctx.navigator.show_source.emit(sid)

    def _data_changed(self, changes: Changes) -> None:
        if changes.touches("source", "position"):
            self.reload()

    def add_source(self) -> SourceDialog:
        dialog = SourceDialog(self._ctx, parent=self.window())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.destroyed.connect(lambda *_: setattr(self, "dialog", None))
        self.dialog = dialog
        dialog.open()
        return dialog
