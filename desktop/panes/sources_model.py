"""The sources list's model: one lean row per source, cells made only when painted.

A QTableWidget of 5,000 sources built 20,000 QTableWidgetItems (~0.15 s of a cold start and
several MB) before the window could show; this model keeps the query's tuples and answers
for the few rows on screen. Sorting happens here, stably, on the same keys the item widget
compared (text by code point, the position count as a number), so the order a user sees is
the one the item table gave.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt

from db.reads.source_reads import SourceRow
from desktop.qt.list_table_model import ListTableModel
from desktop.qt.plain_text import literal

HEADERS = ("Title", "Outlet", "Date", "#")
HEADER_TIPS = {3: "Positions that quote the source"}
ID_ROLE = Qt.ItemDataRole.UserRole

_Index = QModelIndex | QPersistentModelIndex


def _cell(src: SourceRow, column: int) -> str | int:
    if column == 0:
        return src.title
    if column == 1:
        return src.outlet
    if column == 2:
        return src.published.isoformat() if src.published else ""
    return src.positions


class SourcesModel(ListTableModel[SourceRow]):
    columns = HEADERS

    def __init__(self, parent: object = None):
        super().__init__(parent)
        self._newest: int | None = None
        self._sort: tuple[int, Qt.SortOrder] | None = None

    # ------------------------------------------------------------ contents

    def set_rows(self, rows: list[SourceRow]) -> None:
        """Replace the rows (given newest first, as db.reads.source_reads.sources reads them), keeping
        the current sort."""
        self.beginResetModel()
        self._newest = rows[0].id if rows else None
        self._rows = list(rows)
        if self._sort is not None:
            self._sort_rows(*self._sort)
        self.endResetModel()

    def newest_source_id(self) -> int | None:
        """The most recently published source (the first the query returned)."""
        return self._newest

    def source_id_at(self, row: int) -> int | None:
        return self._rows[row].id if 0 <= row < len(self._rows) else None

    def row_of_id(self, source_id: int) -> int:
        return next((n for n, s in enumerate(self._rows) if s.id == source_id), -1)

    # ------------------------------------------------------------ Qt model API

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        src = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return _cell(src, index.column())
        if role == ID_ROLE:
            return src.id
        if role == Qt.ItemDataRole.ToolTipRole:
            # The whole title from any cell of the row (it is cut short in the list).
            return literal("\n".join(x for x in (src.title, src.author, src.url)
                                     if x))
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.ToolTipRole:
            return HEADER_TIPS.get(section)
        return super().headerData(section, orientation, role)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(HEADERS):
            return
        self.layoutAboutToBeChanged.emit()
        old = [s.id for s in self._rows]
        self._sort = (column, order)
        self._sort_rows(column, order)
        # Keep selections and the current row on the same sources.
        where = {s.id: n for n, s in enumerate(self._rows)}
        for index in self.persistentIndexList():
            if 0 <= index.row() < len(old):
                row = where[old[index.row()]]
                self.changePersistentIndex(index, self.index(row, index.column()))
        self.layoutChanged.emit()

    def _sort_rows(self, column: int, order: Qt.SortOrder) -> None:
        # Stable in both directions, like the item table's sort: ties keep their order.
        self._rows.sort(key=lambda s: _cell(s, column),
                        reverse=order == Qt.SortOrder.DescendingOrder)
