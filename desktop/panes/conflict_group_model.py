"""The list of disagreements as a table model: one row per disagreement
(db.reads.conflict_vector.Disagreement: ids and what the list shows). A model over the
list (rather than an item per cell) keeps a refresh cheap however many groups there are."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from db.reads.analysis import CONDITIONS, DATES, NEGATION, REPORTING
from db.reads.conflict_vector import Disagreement
from desktop.forms.form_support import swatch_icon
from desktop.qt.list_table_model import Index, ListTableModel
from desktop.qt.plain_text import literal

COLUMNS = ("Party", "Issue", "Dates", "What the accounts say", "Accounts", "Kind")
PARTY, ISSUE, DATE_RANGE, SUMMARY, ACCOUNTS, KIND = range(6)


def explain(g: Disagreement) -> str:
    """The kind of disagreement, in a sentence."""
    if g.kind == NEGATION:
        return (f"Some accounts say {g.party_name} holds “{g.level_label}”; others "
                "say it does not (rejects, opposes or denies it).")
    if g.kind == REPORTING:
        return (f"The same speaker is reported at different levels by different outlets: a "
                f"reporting discrepancy, not {g.party_name} disagreeing with another party.")
    if g.kind == CONDITIONS:
        return (f"The accounts hold {g.party_name} at “{g.level_label}” on different "
                "conditions, or one on conditions and another without.")
    if g.kind == DATES:
        return ("The same stance by the same speaker is dated a day or two apart by "
                "different sources: at least one date is wrong, or they are two statements.")
    return f"The accounts put {g.party_name} at different levels of this scale."


class ConflictGroupModel(ListTableModel[Disagreement]):
    columns = COLUMNS

    def set_groups(self, groups: list[Disagreement]) -> None:
        self.beginResetModel()
        self._rows = list(groups)
        self.endResetModel()

    def group(self, row: int) -> Disagreement | None:
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
            if col == DATE_RANGE:
                return g.first.isoformat() if g.first == g.last else \
                    f"{g.first.isoformat()} – {g.last.isoformat()}"
            if col == SUMMARY:
                return g.summary
            if col == KIND:
                return g.label
            return str(g.accounts)
        if role == Qt.ItemDataRole.DecorationRole and col == PARTY:
            return swatch_icon(g.party_colour)
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == SUMMARY:
                return literal(explain(g))
            if col == ACCOUNTS:
                return "Accounts (speaker and source) in this disagreement"
            if col == KIND:
                return explain(g)
        if role == Qt.ItemDataRole.TextAlignmentRole and col == ACCOUNTS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None
