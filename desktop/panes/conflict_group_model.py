"""The list of disagreements as a table model: one row per ConflictGroup. A model over the
list (rather than an item per cell) keeps a refresh cheap however many groups there are."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from db.reads.analysis import NEGATION, ConflictGroup
from desktop.forms.form_support import swatch_icon
from desktop.qt.list_table_model import Index, ListTableModel

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


class ConflictGroupModel(ListTableModel[ConflictGroup]):
    columns = COLUMNS

    def set_groups(self, groups: list[ConflictGroup]) -> None:
        self.beginResetModel()
        self._rows = list(groups)
        self.endResetModel()

    def group(self, row: int) -> ConflictGroup | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        g, col = self._rows[index.row()], index.column()
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
