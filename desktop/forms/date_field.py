"""A date typed as YYYY-MM-DD text and kept exactly as typed.

QDateEdit "fixes" what it cannot parse: typed into, 2025-02-30 became 2025-02-03, 2025-03-32
became 2025-03-03, 2031-01-01 became 2025-01-01, and letters were dropped, so a form saved a
date the user never entered. This field keeps the text; the form's validation (db.model.validation.
parse_date) names what is wrong and the form refuses to save, as the Add source dialog does.
A calendar button still picks a date with the mouse.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QPoint, QRect, Qt
from PySide6.QtGui import QAction, QColor, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import QCalendarWidget, QLineEdit, QMenu, QWidget, QWidgetAction

FORMAT = "YYYY-MM-DD"


def _calendar_icon(size: int = 16) -> QIcon:
    """A small calendar page, drawn (Parley ships no icon theme)."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    p = QPainter(pixmap)
    p.setPen(QColor("#555555"))
    p.setBrush(QColor("#ffffff"))
    p.drawRect(QRect(1, 2, size - 3, size - 4))
    p.fillRect(QRect(2, 3, size - 4, 3), QColor("#d84315"))
    for row in range(2):
        for col in range(3):
            p.fillRect(QRect(4 + col * 3, 8 + row * 3, 2, 2), QColor("#555555"))
    p.end()
    return QIcon(pixmap)


class DateField(QLineEdit):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setPlaceholderText(FORMAT)
        self.setMaxLength(40)  # enough for any mistyped date; the reason quotes it
        self.calendar_action = QAction(_calendar_icon(), "Choose from a calendar", self)
        self.calendar_action.setToolTip("Choose from a calendar")
        self.calendar_action.triggered.connect(self.show_calendar)
        self.addAction(self.calendar_action, QLineEdit.ActionPosition.TrailingPosition)
        self.menu: QMenu | None = None

    def setDate(self, day: QDate | dt.date | None) -> None:  # noqa: N802 (QDateEdit's name)
        """Show `day` as YYYY-MM-DD (nothing for None)."""
        if isinstance(day, QDate):
            day = day.toPython() if day.isValid() else None
        self.setText(day.isoformat() if day else "")

    def value(self) -> dt.date | str:
        """The date typed, or the text as typed when it is not a date (validation says why)."""
        text = self.text().strip()
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            return text

    def show_calendar(self) -> None:
        """A calendar popup under the field; choosing a day replaces the text."""
        calendar = QCalendarWidget()
        value = self.value()
        if isinstance(value, dt.date):
            calendar.setSelectedDate(QDate(value.year, value.month, value.day))
        menu = QMenu(self)
        holder = QWidgetAction(menu)
        holder.setDefaultWidget(calendar)
        menu.addAction(holder)
        calendar.clicked.connect(lambda day: (self.setDate(day), menu.close()))
        self.menu = menu
        menu.popup(self.mapToGlobal(QPoint(0, self.height())))
