"""The sources list's model: one lean row per source, cells made only when painted.

A QTableWidget of 5,000 sources built 20,000 QTableWidgetItems (~0.15 s of a cold start and
several MB) before the window could show; this model keeps the query's tuples and answers
for the few rows on screen. Sorting happens here, stably, on the same keys the item widget
compared (text by code point, the position count as a number), so the order a user sees is
the one the item table gave.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt

from db.reads.source_reads import SourceListRow, SourceRow
from desktop.qt.list_table_model import ListTableModel
from desktop.qt.plain_text import literal

HEADERS = ("Title", "Outlet", "Date", "#")
HEADER_TIPS = {3: "Positions that quote the source"}
ID_ROLE = Qt.ItemDataRole.UserRole

_Index = QModelIndex | QPersistentModelIndex


Sort = tuple[int, Qt.SortOrder]


def _cell(src: SourceListRow, column: int) -> str | int:
    if column == 0:
        return src.title
    if column == 1:
        return src.outlet
    if column == 2:
        return src.published.isoformat() if src.published else ""
    return src.positions


class SourcesModel(ListTableModel[SourceListRow]):
    columns = HEADERS

    def __init__(self, parent: object = None):
        super().__init__(parent)
        self._newest: int | None = None
        self._sort: Sort | None = None
        self._ids = np.empty(0, dtype=np.int64)  # each row's source id, to find a row
        # A source's author and address for its tooltip (the rows leave them out).
        self.details: Callable[[int], SourceRow | None] = lambda _id: None

    # ------------------------------------------------------------ contents

    def current_sort(self) -> Sort | None:
        return self._sort

    @staticmethod
    def ordered(rows: list[SourceListRow], sort: Sort | None) -> list[SourceListRow]:
        """`rows` (newest first, as source_reads.source_list reads them) in the order
        `sort` shows them: pure, so a worker thread can sort a long list (50,000 sources:
        ~60 ms) before the GUI thread shows it."""
        rows = list(rows)
        if sort is not None:
            _sort_rows(rows, *sort)
        return rows

    def set_rows(self, rows: list[SourceListRow], *, ordered_for: Sort | None = None,
                 newest: int | None = None) -> None:
        """Replace the rows, keeping the current sort: `rows` newest first, or already in
        the order of `ordered_for` (`ordered`) with the newest source's id in `newest`."""
        self.beginResetModel()
        if ordered_for is not None and ordered_for == self._sort:
            self._newest = newest
            self._rows = rows
        else:
            self._newest = rows[0].id if rows else None
            self._rows = self.ordered(rows, self._sort)
        self._ids = _ids_of(self._rows)
        self.endResetModel()

    def newest_source_id(self) -> int | None:
        """The most recently published source (the first the query returned)."""
        return self._newest

    def source_id_at(self, row: int) -> int | None:
        return self._rows[row].id if 0 <= row < len(self._rows) else None

    def row_of_id(self, source_id: int) -> int:
        hits = np.flatnonzero(self._ids == source_id)
        return int(hits[0]) if len(hits) else -1

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
            full = self.details(src.id)
            extra = (full.author, full.url) if full is not None else ()
            return literal("\n".join(x for x in (src.title, *extra) if x))
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
        old = self._ids
        self._sort = (column, order)
        _sort_rows(self._rows, column, order)
        self._ids = _ids_of(self._rows)
        # Keep selections and the current row on the same sources.
        kept = self.persistentIndexList()
        if kept:
            where = dict(zip(self._ids.tolist(), range(len(self._ids)), strict=True))
            for index in kept:
                if 0 <= index.row() < len(old):
                    row = where[int(old[index.row()])]
                    self.changePersistentIndex(index, self.index(row, index.column()))
        self.layoutChanged.emit()


def _sort_rows(rows: list[SourceListRow], column: int, order: Qt.SortOrder) -> None:
    # Stable in both directions, like the item table's sort: ties keep their order.
    rows.sort(key=lambda s: _cell(s, column), reverse=order == Qt.SortOrder.DescendingOrder)


def _ids_of(rows: list[SourceListRow]) -> np.ndarray:
    return np.fromiter((s.id for s in rows), dtype=np.int64, count=len(rows))
