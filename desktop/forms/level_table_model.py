"""An issue's stance scale being edited: ordered levels whose label, description and cue
phrases (how an article says the level, for suggested positions) can be typed in place.
Nothing is written until the issue form saves the whole scale at once."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, Signal

from db.model.inputs import LevelInput, clean_aliases
from desktop.qt.list_table_model import Index, ListTableModel
from desktop.qt.plain_text import literal

COLUMNS = ("Value", "Label", "Description", "Cue phrases", "Records")
VALUE, LABEL, DESCRIPTION, CUES, RECORDS = range(5)
EDITABLE = (LABEL, DESCRIPTION, CUES)


class LevelTableModel(ListTableModel[LevelInput]):
    """Rows are levels from lowest to highest. Moving a level swaps its value with its
    neighbour's, so values stay in order while each level keeps its id (and its records)."""

    columns = COLUMNS
    edited = Signal()

    def __init__(self, parent: Any = None):
        super().__init__(parent)
        self._usage: dict[int, int] = {}

    def set_levels(self, levels: list[LevelInput], usage: dict[int, int]) -> None:
        self.beginResetModel()
        self._rows = [replace(lv) for lv in sorted(levels, key=lambda lv: lv.value)]
        self._usage = usage
        self.endResetModel()

    def set_usage(self, usage: dict[int, int]) -> None:
        self._usage = usage
        if self._rows:
            self.dataChanged.emit(self.index(0, RECORDS), self.index(len(self._rows) - 1, RECORDS))

    def levels(self) -> list[LevelInput]:
        return [replace(lv) for lv in self._rows]

    def level(self, row: int) -> LevelInput:
        return self._rows[row]

    def usage(self, row: int) -> int:
        lid = self._rows[row].id
        return self._usage.get(lid, 0) if lid is not None else 0

    # ---------------------------------------------------------------- Qt model

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        lv, col = self._rows[index.row()], index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if col == VALUE:
                return lv.value
            if col == LABEL:
                return lv.label
            if col == DESCRIPTION:
                return lv.description
            if col == CUES:
                return ", ".join(lv.cues)
            if col == RECORDS:
                return self.usage(index.row()) if lv.id is not None else "new"
        if role == Qt.ItemDataRole.ToolTipRole and col in (LABEL, DESCRIPTION):
            return literal(lv.description or lv.label)
        if role == Qt.ItemDataRole.ToolTipRole and col == CUES:
            said = literal(", ".join(lv.cues)) if lv.cues else "none yet"
            return (f"{said}\n\nPhrases that say this level in an article, separated by "
                    "commas (e.g. 30-day ceasefire, full ceasefire): suggested positions use them")
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (VALUE, RECORDS):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        if index.isValid() and index.column() in EDITABLE:
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or index.column() not in EDITABLE:
            return False
        lv = self._rows[index.row()]
        if index.column() == LABEL:
            lv.label = str(value)
        elif index.column() == CUES:
            lv.cues = clean_aliases(str(value))
        else:
            lv.description = str(value)
        self.dataChanged.emit(index, index)
        self.edited.emit()
        return True

    # ---------------------------------------------------------------- scale edits

    def add_level(self, label: str) -> int:
        """Add a level above the highest; returns its row."""
        value = max((lv.value for lv in self._rows), default=-1) + 1
        row = len(self._rows)
        self.beginInsertRows(QModelIndex(), row, row)
        self._rows.append(LevelInput(value, label))
        self.endInsertRows()
        self.edited.emit()
        return row

    def remove_level(self, row: int) -> LevelInput:
        self.beginRemoveRows(QModelIndex(), row, row)
        removed = self._rows.pop(row)
        self.endRemoveRows()
        self.edited.emit()
        return removed

    def move_level(self, row: int, delta: int) -> int:
        """Move a level one step down (-1) or up (+1) the scale; returns its new row."""
        other = row + delta
        if not (0 <= row < len(self._rows) and 0 <= other < len(self._rows)):
            return row
        a, b = self._rows[row], self._rows[other]
        a.value, b.value = b.value, a.value
        self._rows[row], self._rows[other] = b, a
        lo, hi = min(row, other), max(row, other)
        self.dataChanged.emit(self.index(lo, 0), self.index(hi, len(COLUMNS) - 1))
        self.edited.emit()
        return other
