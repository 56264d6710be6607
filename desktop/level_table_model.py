"""An issue's stance scale being edited: ordered levels whose label and description can be
typed in place. Nothing is written until the issue form saves the whole scale at once."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from db.codebook import LevelInput

Index = QModelIndex | QPersistentModelIndex
COLUMNS = ("Value", "Label", "Description", "Records")
VALUE, LABEL, DESCRIPTION, RECORDS = range(4)


class LevelTableModel(QAbstractTableModel):
    """Rows are levels from lowest to highest. Moving a level swaps its value with its
    neighbour's, so values stay in order while each level keeps its id (and its records)."""

    edited = Signal()

    def __init__(self, parent: Any = None):
        super().__init__(parent)
        self._levels: list[LevelInput] = []
        self._usage: dict[int, int] = {}

    def set_levels(self, levels: list[LevelInput], usage: dict[int, int]) -> None:
        self.beginResetModel()
        self._levels = [replace(lv) for lv in sorted(levels, key=lambda lv: lv.value)]
        self._usage = usage
        self.endResetModel()

    def set_usage(self, usage: dict[int, int]) -> None:
        self._usage = usage
        if self._levels:
            self.dataChanged.emit(self.index(0, RECORDS), self.index(len(self._levels) - 1, RECORDS))

    def levels(self) -> list[LevelInput]:
        return [replace(lv) for lv in self._levels]

    def level(self, row: int) -> LevelInput:
        return self._levels[row]

    def usage(self, row: int) -> int:
        lid = self._levels[row].id
        return self._usage.get(lid, 0) if lid is not None else 0

    # ---------------------------------------------------------------- Qt model

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._levels)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        lv, col = self._levels[index.row()], index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if col == VALUE:
                return lv.value
            if col == LABEL:
                return lv.label
            if col == DESCRIPTION:
                return lv.description
            if col == RECORDS:
                return self.usage(index.row()) if lv.id is not None else "new"
        if role == Qt.ItemDataRole.ToolTipRole and col in (LABEL, DESCRIPTION):
            return lv.description or lv.label
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (VALUE, RECORDS):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        if index.isValid() and index.column() in (LABEL, DESCRIPTION):
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or index.column() not in (LABEL, DESCRIPTION):
            return False
        lv = self._levels[index.row()]
        if index.column() == LABEL:
            lv.label = str(value)
        else:
            lv.description = str(value)
        self.dataChanged.emit(index, index)
        self.edited.emit()
        return True

    # ---------------------------------------------------------------- scale edits

    def add_level(self, label: str) -> int:
        """Add a level above the highest; returns its row."""
        value = max((lv.value for lv in self._levels), default=-1) + 1
        row = len(self._levels)
        self.beginInsertRows(QModelIndex(), row, row)
        self._levels.append(LevelInput(value, label))
        self.endInsertRows()
        self.edited.emit()
        return row

    def remove_level(self, row: int) -> LevelInput:
        self.beginRemoveRows(QModelIndex(), row, row)
        removed = self._levels.pop(row)
        self.endRemoveRows()
        self.edited.emit()
        return removed

    def move_level(self, row: int, delta: int) -> int:
        """Move a level one step down (-1) or up (+1) the scale; returns its new row."""
        other = row + delta
        if not (0 <= row < len(self._levels) and 0 <= other < len(self._levels)):
            return row
        a, b = self._levels[row], self._levels[other]
        a.value, b.value = b.value, a.value
        self._levels[row], self._levels[other] = b, a
        lo, hi = min(row, other), max(row, other)
        self.dataChanged.emit(self.index(lo, 0), self.index(hi, len(COLUMNS) - 1))
        self.edited.emit()
        return other
