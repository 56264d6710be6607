"""The Events tab of the codebook editor: dated events (talks, calls, strikes) that the charts
mark on their time axis, listed by date, with a form to add, edit or delete one."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QItemSelectionModel, QModelIndex, Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from db import codebook
from db.changes import Changes
from db.codebook import EventInput
from db.errors import ParleyError, ValidationError
from db.queries import events
from db.validation import MAX_DATE, MIN_DATE
from desktop.context import AppContext
from desktop.form_support import ErrorLabel, field_with_error, show_problems, slug

ID_ROLE = Qt.ItemDataRole.UserRole + 1



class EventForm(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self._event_id: int | None = None
        self._loaded: EventInput | None = None
        self._key_touched = False
        self._touched = False
        self._filling = False
        self._ids: set[int] = set()
        self._build()
        ctx.ops.changed.connect(self._on_changed)
        ctx.ops.database_replaced.connect(self._on_database_replaced)
        self.refresh()
        self.new_event()

    def _build(self) -> None:
        self.model = QStandardItemModel(self)
        self.model.setHorizontalHeaderLabels(["Date", "Event", "Key"])
        self.view = QTreeView()
        self.view.setObjectName("event_list")
        self.view.setAccessibleName("Events")
        self.view.setRootIsDecorated(False)
        self.view.setUniformRowHeights(True)
        self.view.setModel(self.model)
        header = self.view.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)
        self.view.selectionModel().currentRowChanged.connect(self._on_current_changed)
        self.new_button = QPushButton("New event")
        self.new_button.setObjectName("new_event")
        self.new_button.clicked.connect(self.new_event)
        self.delete_button = QPushButton("Delete")
        self.delete_button.setObjectName("delete_event")
        self.delete_button.setAccessibleName("Delete event")
        self.delete_button.clicked.connect(self.delete_current)
        left = QWidget()
        left_lay = QVBoxLayout(left)
        left_lay.setContentsMargins(0, 0, 0, 0)
        left_lay.addWidget(self.view)
        row = QHBoxLayout()
        row.addWidget(self.new_button)
        row.addWidget(self.delete_button)
        row.addStretch(1)
        left_lay.addLayout(row)

        self.heading = QLabel()
        self.heading.setObjectName("event_heading")
        font = self.heading.font()
        font.setBold(True)
        self.heading.setFont(font)
        self.date_edit = QDateEdit()
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("yyyy-MM-dd")
        self.date_edit.setDateRange(QDate(MIN_DATE.year, MIN_DATE.month, MIN_DATE.day),
                                    QDate(MAX_DATE.year, MAX_DATE.month, MAX_DATE.day))
        self.label_edit = QLineEdit()
        self.label_edit.setPlaceholderText("Short label shown on charts")
        self.key_edit = QLineEdit()
        self.description_edit = QPlainTextEdit()
        self.description_edit.setTabChangesFocus(True)
        for name, widget in (("date", self.date_edit), ("label", self.label_edit),
                             ("key", self.key_edit), ("description", self.description_edit)):
            widget.setObjectName(f"event_{name}")
            widget.setAccessibleName(f"Event {name}")
        self.errors = {name: ErrorLabel(name) for name in ("date", "label", "key", "description")}
        self.general_error = ErrorLabel("event")
        form = QFormLayout()
        form.addRow("&Date:", field_with_error(self.date_edit, self.errors["date"]))
        form.addRow("&Label:", field_with_error(self.label_edit, self.errors["label"]))
        form.addRow("&Key:", field_with_error(self.key_edit, self.errors["key"]))
        form.addRow("D&escription:", field_with_error(self.description_edit,
                                                       self.errors["description"], grow=True))
        for row_index, widget in enumerate((self.date_edit, self.label_edit, self.key_edit,
                                            self.description_edit)):
            label = form.itemAt(row_index, QFormLayout.ItemRole.LabelRole).widget()
            if isinstance(label, QLabel):
                label.setBuddy(widget)
        self.save_button = QPushButton("Save")
        self.save_button.setObjectName("save_event")
        self.save_button.setAccessibleName("Save event")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        self.revert_button = QPushButton("Revert")
        self.revert_button.setObjectName("revert_event")
        self.revert_button.clicked.connect(self._revert)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.save_button)
        right = QWidget()
        right_lay = QVBoxLayout(right)
        right_lay.addWidget(self.heading)
        right_lay.addLayout(form, 1)
        right_lay.addWidget(self.general_error)
        right_lay.addLayout(buttons)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 3)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(4, 4, 4, 4)
        outer.addWidget(splitter)

        self.date_edit.dateChanged.connect(self._edited)
        self.label_edit.textEdited.connect(self._label_edited)
        self.key_edit.textEdited.connect(self._key_edited)
        self.description_edit.textChanged.connect(self._edited)

    # ---------------------------------------------------------------- reading

    def refresh(self) -> None:
        rows = events(self.ctx.db)
        self._ids = {r.id for r in rows}
        sel = self.view.selectionModel()
        sel.blockSignals(True)
        self.model.removeRows(0, self.model.rowCount())
        for r in rows:
            date = QStandardItem(r.date.isoformat())
            date.setData(r.id, ID_ROLE)
            label = QStandardItem(r.label)
            label.setToolTip(r.description or r.label)
            key = QStandardItem(r.key)
            for item in (date, label, key):
                item.setEditable(False)
            self.model.appendRow([date, label, key])
        sel.blockSignals(False)
        self._select_in_list(self._event_id)

    def _select_in_list(self, event_id: int | None) -> None:
        sel = self.view.selectionModel()
        sel.blockSignals(True)
        for row in range(self.model.rowCount()):
            index = self.model.index(row, 0)
            if event_id is not None and index.data(ID_ROLE) == event_id:
                sel.setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect
                                    | QItemSelectionModel.SelectionFlag.Rows)
                break
        else:
            sel.clearSelection()
            sel.setCurrentIndex(QModelIndex(), QItemSelectionModel.SelectionFlag.NoUpdate)
        sel.blockSignals(False)

    def _on_database_replaced(self, _db: object) -> None:
        # Ids of the old file mean nothing in the new one; start from an empty form.
        self._event_id, self._loaded = None, None
        self.refresh()
        self.new_event()

    def _on_changed(self, changes: Changes) -> None:
        if not changes.touches("event"):
            return
        dirty = self.is_dirty()
        self.refresh()
        if self._event_id is not None and self._event_id not in self._ids:
            self.new_event()
        elif self._event_id is not None and not dirty:
            self.load(self._event_id)

    def _on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        event_id = current.siblingAtColumn(0).data(ID_ROLE) if current.isValid() else None
        if event_id is not None:
            self.load(event_id)

    # ---------------------------------------------------------------- the form

    def new_event(self) -> None:
        self._event_id, self._loaded, self._key_touched = None, None, False
        self._touched = False
        self._select_in_list(None)
        self._fill(EventInput("", dt.date.today(), ""))
        self.heading.setText("New event")
        self.delete_button.setEnabled(False)
        self._validate()

    def load(self, event_id: int) -> None:
        try:
            data = codebook.event_input(self.ctx.db, event_id)
        except ValidationError:
            self.new_event()
            return
        self._event_id, self._loaded, self._key_touched = event_id, data, True
        self._touched = False
        self._fill(data)
        self._select_in_list(event_id)
        self.heading.setText(f"Event “{data.label}”")
        self.delete_button.setEnabled(True)
        self._validate()

    def _fill(self, data: EventInput) -> None:
        self._filling = True
        date = data.date if isinstance(data.date, dt.date) else dt.date.fromisoformat(data.date)
        self.date_edit.setDate(QDate(date.year, date.month, date.day))
        self.label_edit.setText(data.label)
        self.key_edit.setText(data.key)
        self.description_edit.setPlainText(data.description)
        self._filling = False

    def data(self) -> EventInput:
        qd = self.date_edit.date()
        return EventInput(self.key_edit.text().strip(), dt.date(qd.year(), qd.month(), qd.day()),
                          self.label_edit.text(), self.description_edit.toPlainText())

    def is_dirty(self) -> bool:
        if self._loaded is None:
            return bool(self.label_edit.text().strip() or self.key_edit.text().strip())
        return self.data() != self._loaded

    def _label_edited(self, text: str) -> None:
        if not self._key_touched:
            self.key_edit.setText(slug(text))
        self._edited()

    def _key_edited(self, _text: str) -> None:
        self._key_touched = True
        self._edited()

    def _edited(self, *_args: object) -> None:
        if not self._filling:
            self._touched = True
            self._validate()

    def _validate(self) -> dict[str, str]:
        """Check the form as it stands. A blank new form keeps Save disabled without
        scolding; reasons show once the user starts typing."""
        if self._filling:
            return {}
        problems = codebook.event_problems(self.ctx.db, self.data(), self._event_id)
        shown = problems if self._touched or self._event_id is not None else {}
        show_problems(self.errors, shown, self.general_error)
        dirty = self.is_dirty()
        self.save_button.setEnabled(not problems and dirty)
        self.save_button.setToolTip("\n".join(problems.values()) if problems else "")
        self.revert_button.setEnabled(dirty)
        return problems

    def _revert(self) -> None:
        if self._event_id is None:
            self.new_event()
        else:
            self.load(self._event_id)

    def save(self) -> None:
        if self._validate():
            return
        data = self.data()
        before = self._loaded
        self._loaded = data  # the write's refresh must not mistake the form for unsaved
        try:
            if self._event_id is None:
                self.load(self.ctx.ops.create_event(data))
            else:
                self.ctx.ops.update_event(self._event_id, data)
                self.load(self._event_id)
        except ValidationError as exc:
            self._loaded = before
            show_problems(self.errors, exc.problems, self.general_error)
        except ParleyError as exc:  # e.g. locked by another program: nothing was written
            self._loaded = before
            self.general_error.set_error(str(exc))

    def delete_current(self) -> None:
        if self._event_id is None:
            return
        try:
            self.ctx.ops.delete_event(self._event_id)
        except ParleyError as exc:
            self.general_error.set_error(str(exc))
