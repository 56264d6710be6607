"""A read-only list model of (text, data) choices for a combo box.

The positions filter bar offers every source (5,000 in a year's database) and every
attribution (~1,800); `QComboBox.addItem` made a QStandardItem per entry, ~60 ms of a cold
start and of every refresh after an edit. This model keeps the plain tuples and answers the
few rows the popup shows; `QComboBox.findData`/`findText` work on it unchanged.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt

from desktop.qt.plain_text import literal

_Index = QModelIndex | QPersistentModelIndex


class ChoiceModel(QAbstractListModel):
    """Row 0 is `none_text` with data None ("any"); then one row per (text, data)."""

    def __init__(self, none_text: str, parent: object = None):
        super().__init__(parent)  # type: ignore[arg-type]
        self._rows: list[tuple[str, object]] = [(none_text, None)]
        self._loader: Callable[[], Sequence[tuple[str, object]]] | None = None

    def set_choices(self, choices: Sequence[tuple[str, object]]) -> None:
        self._loader = None
        self.beginResetModel()
        self._rows = [self._rows[0], *choices]
        self.endResetModel()

    def set_loader(self, loader: Callable[[], Sequence[tuple[str, object]]]) -> None:
        """Offer only the 'any' row until `load()`: the choices are read when first needed."""
        self.beginResetModel()
        self._rows = [self._rows[0]]
        self._loader = loader
        self.endResetModel()

    def pending(self) -> bool:
        return self._loader is not None

    def load(self) -> None:
        if self._loader is not None:
            self.set_choices(self._loader())

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        text, value = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return text
        if role == Qt.ItemDataRole.UserRole:
            return value
        if role == Qt.ItemDataRole.ToolTipRole and index.row() > 0:
            return literal(text)
        return None
