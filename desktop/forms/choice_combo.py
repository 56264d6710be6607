"""A filter combo box whose long list is read when it is first used, not at start-up.

The positions filter bar offers every source (5,000 in a year's database) and every
attribution (~1,800): reading them was ~8 ms of every cold start, for lists most sessions
never open. The combo shows its 'any' row until the user opens it, steps through it with
the keyboard or the wheel, or code asks about its items; then it reads them once (again
after the next `set_loader`, when the data changed).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent, QWheelEvent
from PySide6.QtWidgets import QComboBox, QWidget

from desktop.forms.choice_model import ChoiceModel


class ChoiceCombo(QComboBox):
    def __init__(self, none_text: str, parent: QWidget | None = None):
        super().__init__(parent)
        self._choices = ChoiceModel(none_text, self)
        self.setModel(self._choices)

    def set_choices(self, choices: Sequence[tuple[str, object]]) -> None:
        self._choices.set_choices(choices)

    def set_loader(self, loader: Callable[[], Sequence[tuple[str, object]]]) -> None:
        self._choices.set_loader(loader)

    def ensure_loaded(self) -> None:
        """Read the choices now if they are still to be read, keeping the current one."""
        if not self._choices.pending():
            return
        keep = super().currentData()
        blocked = self.blockSignals(True)
        try:
            self._choices.load()
            found = super().findData(keep) if keep is not None else 0
            self.setCurrentIndex(max(found, 0))
        finally:
            self.blockSignals(blocked)

    # What a user does to see or step through the choices loads them first.
    def showPopup(self) -> None:  # noqa: N802 (Qt's name)
        self.ensure_loaded()
        super().showPopup()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        self.ensure_loaded()
        super().keyPressEvent(event)

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802
        self.ensure_loaded()
        super().wheelEvent(event)

    # Code asking about the items sees them all.
    def count(self) -> int:
        self.ensure_loaded()
        return super().count()

    def findData(self, data: object, role: int = Qt.ItemDataRole.UserRole,  # noqa: N802
                 flags: Qt.MatchFlag = Qt.MatchFlag.MatchExactly) -> int:
        self.ensure_loaded()
        return super().findData(data, role, flags)

    def itemText(self, index: int) -> str:  # noqa: N802
        self.ensure_loaded()
        return super().itemText(index)

    def itemData(self, index: int, role: int = Qt.ItemDataRole.UserRole) -> object:  # noqa: N802
        self.ensure_loaded()
        return super().itemData(index, role)
