"""A record's history: who changed what, when — one line per change (time, who, what they
did), opening to each changed field's old and new value in words."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from db.reads import team
from desktop.qt.plain_text import plain_label

if TYPE_CHECKING:
    from desktop.context import AppContext

ACTIONS = {"create": "created it", "update": "changed it", "delete": "deleted it",
           "restore": "put it back (undo)", "import": "imported it",
           "blind on": "turned blind coding on", "blind off": "turned blind coding off"}


class HistoryDialog(QDialog):
    """Non-modal: it can stay open beside the table; it re-reads when the data changes."""

    def __init__(self, ctx: AppContext, table: str, record_id: int,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self._ctx, self.table, self.record_id = ctx, table, record_id
        self.setObjectName("historyDialog")
        self.setWindowTitle(f"History of {table} {record_id}")
        self.setAccessibleName(self.windowTitle())
        self.summary = plain_label("")
        self.tree = QTreeWidget()
        self.tree.setObjectName("historyTree")
        self.tree.setAccessibleName("Changes, oldest first")
        self.tree.setHeaderLabels(["When (UTC) / field", "Who / before", "What / after"])
        self.tree.setColumnWidth(0, 200)
        self.tree.setColumnWidth(1, 240)
        self.tree.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(self.summary)
        lay.addWidget(self.tree, 1)
        lay.addWidget(buttons)
        self.resize(760, 420)
        ctx.ops.changed.connect(self._changed)
        self.refresh()

    def _changed(self, changes: object) -> None:
        if self.isVisible():
            self.refresh()

    def refresh(self) -> None:
        rows = team.record_history(self._ctx.db, self.table, self.record_id)
        self.tree.clear()
        for row in rows:
            item = QTreeWidgetItem([row.at, row.changed_by,
                                    f"{ACTIONS.get(row.action, row.action)} (version {row.version})"])
            for label, old, new in team.history_texts(self._ctx.db, self.table, row.changes):
                QTreeWidgetItem(item, [label, old, new])
            self.tree.addTopLevelItem(item)
        if rows:
            self.tree.expandItem(self.tree.topLevelItem(len(rows) - 1))  # the latest change
        self.summary.setText(
            f"{len(rows)} change{'s' if len(rows) != 1 else ''} recorded." if rows else
            "No changes recorded: this record was made before Parley kept a history, or "
            "came with the example data.")

    def lines(self) -> list[tuple[str, ...]]:
        """What the tree shows, row by row (for tests and accessibility checks)."""
        out = []
        for n in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(n)
            out.append(tuple(item.text(c) for c in range(3)))
            for k in range(item.childCount()):
                out.append(tuple("  " + item.child(k).text(c) if c == 0 else item.child(k).text(c)
                                 for c in range(3)))
        return out
