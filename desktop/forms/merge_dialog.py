"""Offered when a codebook entry cannot be deleted because records use it: pick another entry
to merge it into (its records move there, and the merge can be undone)."""

from __future__ import annotations

from typing import NamedTuple

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListView,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.forms.form_support import swatch_icon
from desktop.qt.plain_text import plain_label

ID_ROLE = Qt.ItemDataRole.UserRole + 1


class MergeCandidate(NamedTuple):
    id: int
    label: str
    colour: str | None = None


class MergeDialog(QDialog):
    def __init__(self, title: str, message: str, candidates: list[MergeCandidate],
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setObjectName("merge_dialog")
        self.setMinimumWidth(420)
        layout = QVBoxLayout(self)
        self.message = plain_label(message)
        self.message.setWordWrap(True)
        self.message.setObjectName("merge_message")
        layout.addWidget(self.message)
        prompt = QLabel("Merge into:" if candidates else "There is nothing to merge it into.")
        layout.addWidget(prompt)
        self.model = QStandardItemModel(self)
        for cand in candidates:
            item = QStandardItem(cand.label)
            item.setEditable(False)
            item.setData(cand.id, ID_ROLE)
            if cand.colour:
                item.setIcon(swatch_icon(cand.colour))
            self.model.appendRow(item)
        self.view = QListView()
        self.view.setObjectName("merge_candidates")
        self.view.setAccessibleName("Entries to merge into")
        self.view.setModel(self.model)
        prompt.setBuddy(self.view)
        self.view.doubleClicked.connect(lambda _index: self.accept())
        layout.addWidget(self.view)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.merge_button = QPushButton("Merge")
        self.merge_button.setObjectName("merge_button")
        self.merge_button.setEnabled(False)
        buttons.addButton(self.merge_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.view.selectionModel().selectionChanged.connect(self._selection_changed)

    def _selection_changed(self) -> None:
        self.merge_button.setEnabled(self.chosen_id() is not None)

    def select_id(self, entry_id: int) -> None:
        for row in range(self.model.rowCount()):
            index = self.model.index(row, 0)
            if index.data(ID_ROLE) == entry_id:
                self.view.selectionModel().setCurrentIndex(
                    index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
                return

    def chosen_id(self) -> int | None:
        rows = self.view.selectionModel().selectedRows()
        return rows[0].data(ID_ROLE) if rows else None
