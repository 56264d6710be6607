"""The Events tab of the codebook editor: dated events (talks, calls, strikes) that the charts
mark on their time axis, listed by date, with a form to add, edit or delete one."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QHeaderView,
    QLineEdit,
    QPlainTextEdit,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from db.model.inputs import EventInput
from db.reads import codebook_checks, record_inputs
from db.reads.queries import EventRow, events
from desktop.forms.date_field import DateField
from desktop.forms.form_support import ErrorLabel
from desktop.forms.record_form import ID_ROLE, RecordForm
from desktop.qt.plain_text import literal


class EventForm(RecordForm[EventInput]):
    kind = "event"
    watches = ("event",)

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
        left = self._list_pane(self.view, delete_text="Delete")

        self.date_edit = DateField()
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
        form = self._form([("&Date:", self.date_edit, "date"),
                           ("&Label:", self.label_edit, "label"),
                           ("&Key:", self.key_edit, "key"),
                           ("D&escription:", self.description_edit, "description")])
        right = QWidget()
        right_lay = QVBoxLayout(right)
        right_lay.addWidget(self._heading_label())
        right_lay.addLayout(form, 1)
        right_lay.addWidget(self.general_error)
        right_lay.addLayout(self._save_row())

        splitter = self._split(left, right)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 3)

        self.date_edit.textChanged.connect(self._edited)
        self.label_edit.textEdited.connect(self._name_edited)
        self.key_edit.textEdited.connect(self._key_edited)
        self.description_edit.textChanged.connect(self._edited)

    # ---------------------------------------------------------------- reading

    def _query(self) -> list[EventRow]:
        return events(self.ctx.db)

    def _populate(self, rows: Sequence[EventRow]) -> None:
        for r in rows:
            date = QStandardItem(r.date.isoformat())
            date.setData(r.id, ID_ROLE)
            label = QStandardItem(r.label)
            label.setToolTip(literal(r.description or r.label))
            key = QStandardItem(r.key)
            for item in (date, label, key):
                item.setEditable(False)
            self.model.appendRow([date, label, key])

    # ---------------------------------------------------------------- the form

    def new_event(self) -> None:
        self.new_record()

    def _blank(self) -> EventInput:
        return EventInput("", dt.date.today(), "")

    def _read(self, record_id: int) -> EventInput:
        return record_inputs.event_input(self.ctx.db, record_id)

    def _title(self, data: EventInput) -> str:
        return data.label

    def _fill(self, data: EventInput) -> None:
        self._filling = True
        if isinstance(data.date, dt.date):
            self.date_edit.setDate(data.date)
        else:
            self.date_edit.setText(data.date)
        self.label_edit.setText(data.label)
        self.key_edit.setText(data.key)
        self.description_edit.setPlainText(data.description)
        self._filling = False

    def data(self) -> EventInput:
        return EventInput(self.key_edit.text().strip(), self.date_edit.value(),
                          self.label_edit.text(), self.description_edit.toPlainText())

    def _has_input(self) -> bool:
        return bool(self.label_edit.text().strip() or self.key_edit.text().strip())

    def _problems(self, data: EventInput) -> dict[str, str]:
        return codebook_checks.event_problems(self.ctx.db, data, self._record_id)

    def _create(self, data: EventInput) -> int:
        return self.ctx.ops.create_event(data)

    def _update(self, record_id: int, data: EventInput) -> None:
        self.ctx.ops.update_event(record_id, data)

    def _delete(self, record_id: int) -> None:
        self.ctx.ops.delete_event(record_id)
