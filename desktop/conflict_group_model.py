"""The list of disagreements as a table model: one row per ConflictGroup. A model over the
list (rather than an item per cell) keeps a refresh cheap however many groups there are."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from db.analysis import NEGATION, ConflictGroup
from desktop.form_support import swatch_icon

Index = QModelIndex | QPersistentModelIndex
COLUMNS = ("Party", "Issue", "Dates", "What the accounts say", "Accounts")
PARTY, ISSUE, DATES, SUMMARY, ACCOUNTS = range(5)


def explain(g: ConflictGroup) -> str:
    """The kind of disagreement, in a sentence."""
    if g.kind == NEGATION:
        return (f"Some accounts say {g.party_name} holds “{g.rows[0].level_label}”; others "
                "say it does not (rejects, opposes or denies it).")
    return f"The accounts put {g.party_name} at different levels of this scale."


def account_count(g: ConflictGroup) -> int:
    return len({(r.source_id, r.attributed_to) for r in g.rows})


class ConflictGroupModel(QAbstractTableModel):
    def __init__(self, parent: Any = None):
        super().__init__(parent)
        self._groups: list[ConflictGroup] = []

    def set_groups(self, groups: list[ConflictGroup]) -> None:
        self.beginResetModel()
        self._groups = list(groups)
        self.endResetModel()

    def group(self, row: int) -> ConflictGroup | None:
        return self._groups[row] if 0 <= row < len(self._groups) else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._groups)

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
        g, col = self._groups[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == PARTY:
                return g.party_name
            if col == ISSUE:
                return g.issue_name
            if col == DATES:
                return g.first.isoformat() if g.first == g.last else \
                    f"{g.first.isoformat()} – {g.last.isoformat()}"
            if col == SUMMARY:
                return g.summary
            return str(account_count(g))
        if role == Qt.ItemDataRole.DecorationRole and col == PARTY:
            return swatch_icon(g.rows[0].party_colour)
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == SUMMARY:
                return explain(g)
            if col == ACCOUNTS:
                return "Accounts (speaker and source) in this disagreement"
        if role == Qt.ItemDataRole.TextAlignmentRole and col == ACCOUNTS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None
