"""The position form's list of conditions: each links a party's stance and/or free text."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QGuiApplication, QIcon, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from db.model.inputs import ConditionInput
from db.reads.queries import IssueRow, PartyRow
from desktop.qt.plain_text import literal


def colour_icon(colour: str, size: int = 12) -> QIcon:
    """A party's colour swatch, drawn at the screen's pixel ratio so it stays crisp."""
    app = QGuiApplication.instance()
    ratio = app.devicePixelRatio() if isinstance(app, QGuiApplication) else 1.0
    pix = QPixmap(round(size * ratio), round(size * ratio))
    pix.setDevicePixelRatio(ratio)
    pix.fill(QColor(colour))
    return QIcon(pix)


class ConditionRow(QWidget):
    changed = Signal()
    remove_requested = Signal(object)

    def __init__(self, parties: list[PartyRow], issues: list[IssueRow], number: int,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self._issues = {i.id: i for i in issues}
        # Two lines: the linked stance above, the condition's words below across the whole
        # field, so a clause can be read (beside three combo boxes it showed ~25 letters).
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 4)
        lay.setSpacing(2)
        links, words = QHBoxLayout(), QHBoxLayout()
        self.party = QComboBox()
        self.party.setAccessibleName(f"Condition {number} party")
        self.party.addItem("(any party)", None)
        for p in parties:
            self.party.addItem(colour_icon(p.colour), p.name, p.id)
        self.issue = QComboBox()
        self.issue.setAccessibleName(f"Condition {number} issue")
        self.issue.addItem("(no issue)", None)
        for i in issues:
            self.issue.addItem(i.name, i.id)
        self.level = QComboBox()
        self.level.setAccessibleName(f"Condition {number} stance level")
        self.text = QLineEdit()
        self.text.setAccessibleName(f"Condition {number} text")
        self.text.setPlaceholderText("What is demanded, in words")
        # Room for a short clause ("sanctions on Rosselkhozbank lifted") however narrow the
        # form; it takes the row's whole width as the form widens.
        self.text.setMinimumWidth(self.text.fontMetrics().averageCharWidth() * 40)
        self.remove = QToolButton()
        self.remove.setText("Remove")
        self.remove.setAccessibleName(f"Remove condition {number}")
        for w in (self.party, self.issue, self.level):
            w.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            w.setMinimumContentsLength(8)
        links.addWidget(self.party, 1)
        links.addWidget(self.issue, 1)
        links.addWidget(self.level, 1)
        words.addWidget(self.text, 1)
        words.addWidget(self.remove)
        lay.addLayout(links)
        lay.addLayout(words)
        self._fill_levels()
        self.party.currentIndexChanged.connect(self.changed)
        self.issue.currentIndexChanged.connect(self._issue_changed)
        self.level.currentIndexChanged.connect(self.changed)
        self.text.textChanged.connect(self.changed)
        self.remove.clicked.connect(lambda: self.remove_requested.emit(self))

    def _fill_levels(self) -> None:
        self.level.blockSignals(True)
        self.level.clear()
        self.level.addItem("(any level)", None)
        issue = self._issues.get(self.issue.currentData())
        for lv in issue.levels if issue else ():
            self.level.addItem(lv.label, lv.id)
            self.level.setItemData(self.level.count() - 1, literal(lv.description or lv.label),
                                   Qt.ItemDataRole.ToolTipRole)
        self.level.setEnabled(issue is not None)
        self.level.blockSignals(False)

    def _issue_changed(self) -> None:
        self._fill_levels()
        self.changed.emit()

    def set_condition(self, cond: ConditionInput) -> None:
        self.party.setCurrentIndex(max(0, self.party.findData(cond.party_id)))
        self.issue.setCurrentIndex(max(0, self.issue.findData(cond.issue_id)))
        self._fill_levels()
        self.level.setCurrentIndex(max(0, self.level.findData(cond.level_id)))
        self.text.setText(cond.text)

    def condition(self) -> ConditionInput:
        return ConditionInput(self.party.currentData(), self.issue.currentData(),
                              self.level.currentData(), self.text.text())


class ConditionsEditor(QWidget):
    """Add/remove condition rows; `changed` fires on any edit so the form revalidates."""

    changed = Signal()

    def __init__(self, parties: list[PartyRow], issues: list[IssueRow],
                 parent: QWidget | None = None):
        super().__init__(parent)
        self._parties, self._issues = parties, issues
        self.rows: list[ConditionRow] = []
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self.add_button = QPushButton("Add condition")
        self.add_button.setAccessibleName("Add condition")
        self.add_button.setToolTip("This stance holds only if another party does something")
        self.add_button.clicked.connect(lambda: self.add_row())
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addStretch(1)
        self._layout.addLayout(buttons)

    def add_row(self, cond: ConditionInput | None = None) -> ConditionRow:
        row = ConditionRow(self._parties, self._issues, len(self.rows) + 1, self)
        if cond is not None:
            row.set_condition(cond)
        row.changed.connect(self.changed)
        row.remove_requested.connect(self.remove_row)
        self._layout.insertWidget(len(self.rows), row)
        self.rows.append(row)
        self.changed.emit()
        return row

    def remove_row(self, row: ConditionRow) -> None:
        self.rows.remove(row)
        self._layout.removeWidget(row)
        row.deleteLater()
        self.changed.emit()

    def set_conditions(self, conditions: list[ConditionInput]) -> None:
        for row in list(self.rows):
            self.remove_row(row)
        for cond in conditions:
            self.add_row(cond)

    def conditions(self) -> list[ConditionInput]:
        return [row.condition() for row in self.rows]
