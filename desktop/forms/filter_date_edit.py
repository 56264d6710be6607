"""The filter bar's date: a QDateEdit whose earliest date reads "any", which Tab can leave.

QDateTimeEdit takes Tab to step between its year, month and day; while it shows its special
value ("any") it has no sections to step through and swallowed every Tab, so keyboard users
were trapped in "From" and never reached the other filters or the table. Here Tab and
Shift+Tab leave the field while it reads "any"; with a date shown they still step through
its sections first, as in every other Qt date field.

Its calendar opened on the month it holds: "any" is January 1900, and a user picking a 2025
date clicked through 1,500 months. While it reads "any" the calendar opens on this month.
"""

from __future__ import annotations

from PySide6.QtCore import QDate, QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDateEdit, QWidget

ANY_DATE = QDate(1900, 1, 1)  # the minimum, shown as "any"


class FilterDateEdit(QDateEdit):
    def __init__(self, name: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setAccessibleName(name)
        self.setCalendarPopup(True)
        self.setDisplayFormat("yyyy-MM-dd")
        self.setMinimumDate(ANY_DATE)
        self.setSpecialValueText("any")  # shown when the date sits at its minimum
        self.setDate(ANY_DATE)
        self.setToolTip("Set to the earliest possible date to mean any date")
        self.calendarWidget().installEventFilter(self)

    def is_any(self) -> bool:
        return self.date() == self.minimumDate()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        calendar = self.calendarWidget()
        if watched is calendar and event.type() == QEvent.Type.Show and self.is_any():
            today = QDate.currentDate()
            calendar.setCurrentPage(today.year(), today.month())
        return super().eventFilter(watched, event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt's name)
        key = event.key()
        if key in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab) and self.is_any():
            forward = key == Qt.Key.Key_Tab and not (
                event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
            event.accept()
            QWidget.focusNextPrevChild(self, forward)  # past the sections, to the next field
            return
        super().keyPressEvent(event)
