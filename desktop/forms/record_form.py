"""What the codebook forms (parties, issues, events) share: a list of records beside a form for
one of them, and the form's state machine — new or loaded, touched, dirty, valid — with save,
revert and delete through ctx.ops. Each form supplies its widgets and a few small hooks."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from db.errors import InUseError, ParleyError, ValidationError
from db.model.changes import Changes
from desktop.context import AppContext
from desktop.forms.form_support import ErrorLabel, field_with_error, show_problems, slug
from desktop.qt.plain_text import literal, plain_label

ID_ROLE = Qt.ItemDataRole.UserRole + 1

T = TypeVar("T")  # the form's input record (PartyInput, IssueInput, EventInput)


def push_button(text: str, name: str, slot: Callable[[], object], *, accessible: str = "",
                tip: str = "") -> QPushButton:
    """A named button; screen readers get `accessible`, else the tooltip, else its text."""
    button = QPushButton(text)
    button.setObjectName(name)
    button.setAccessibleName(accessible or tip or text)
    if tip:
        button.setToolTip(tip)
    button.clicked.connect(slot)
    return button


class RecordForm(QWidget, Generic[T]):
    """A codebook tab. Subclasses set `kind` ("party"), build their widgets in `_build` (with
    `_list_pane`, `_heading_label`, `_form`, `_save_row`, `_split`) and implement the hooks."""

    kind = ""
    watches: tuple[str, ...] = ()  # change kinds that make the list re-read itself

    key_edit: QLineEdit  # suggested from the name (see _name_edited) until the user edits it
    errors: dict[str, ErrorLabel]
    general_error: ErrorLabel
    heading: QLabel
    new_button: QPushButton
    delete_button: QPushButton
    save_button: QPushButton
    revert_button: QPushButton

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self._record_id: int | None = None
        self._loaded: T | None = None
        self._key_touched = False
        self._touched = False
        self._filling = False
        self._rows: dict[int, Any] = {}
        self._build()
        ctx.ops.changed.connect(self._on_changed)
        ctx.ops.database_replaced.connect(self._on_database_replaced)
        self.refresh()
        self.new_record()

    # ---------------------------------------------------------------- hooks

    def _build(self) -> None:
        raise NotImplementedError

    def _query(self) -> Sequence[Any]:
        """The rows the list shows (each with an `id`)."""
        raise NotImplementedError

    def _populate(self, rows: Sequence[Any]) -> None:
        """Fill the emptied list model from `rows`."""
        raise NotImplementedError

    def _blank(self) -> T:
        raise NotImplementedError

    def _read(self, record_id: int) -> T:
        raise NotImplementedError

    def _title(self, data: T) -> str:
        raise NotImplementedError

    def _fill(self, data: T) -> None:
        raise NotImplementedError

    def data(self) -> T:
        raise NotImplementedError

    def _has_input(self) -> bool:
        """Whether a new form holds anything that closing it would lose."""
        raise NotImplementedError

    def _problems(self, data: T) -> dict[str, str]:
        raise NotImplementedError

    def _create(self, data: T) -> int:
        raise NotImplementedError

    def _update(self, record_id: int, data: T) -> None:
        raise NotImplementedError

    def _delete(self, record_id: int) -> None:
        raise NotImplementedError

    def _in_use(self, record_id: int, exc: InUseError) -> None:
        """A delete was refused because records use this one."""
        self.general_error.set_error(str(exc))

    def _kept_unsaved(self) -> None:
        """Something changed elsewhere while this form keeps its own (unsaved or no) record."""

    # ---------------------------------------------------------------- building

    def _list_pane(self, view: QTreeView, delete_text: str = "Delete…",
                   delete_tip: str = "") -> QWidget:
        """The record list with New and Delete buttons under it."""
        self._records_view = view
        view.selectionModel().currentRowChanged.connect(self._on_current_changed)
        self.new_button = push_button(f"New {self.kind}", f"new_{self.kind}", self.new_record)
        self.delete_button = push_button(delete_text, f"delete_{self.kind}", self.delete_current,
                                         accessible=f"Delete {self.kind}", tip=delete_tip)
        left = QWidget()
        left_lay = QVBoxLayout(left)
        left_lay.setContentsMargins(0, 0, 0, 0)
        left_lay.addWidget(view)
        row = QHBoxLayout()
        row.addWidget(self.new_button)
        row.addWidget(self.delete_button)
        row.addStretch(1)
        left_lay.addLayout(row)
        return left

    def _heading_label(self) -> QLabel:
        self.heading = plain_label()
        self.heading.setObjectName(f"{self.kind}_heading")
        font = self.heading.font()
        font.setBold(True)
        self.heading.setFont(font)
        return self.heading

    def _form(self, rows: Sequence[tuple[str, QWidget, str]],
              placed: dict[str, QWidget] | None = None) -> QFormLayout:
        """One row per (label, field, error name); the label is the field's buddy, the error
        shows under it. `placed` puts a wrapper (e.g. field plus button) in the field's stead;
        only the description takes spare height."""
        form = QFormLayout()
        for text, field, error in rows:
            label = QLabel(text)
            label.setBuddy(field)
            shown = (placed or {}).get(error, field)
            form.addRow(label, field_with_error(shown, self.errors[error],
                                                grow=error == "description"))
        return form

    def _save_row(self) -> QHBoxLayout:
        self.save_button = push_button("Save", f"save_{self.kind}", self.save,
                                       accessible=f"Save {self.kind}")
        self.save_button.setDefault(True)
        self.revert_button = push_button("Revert", f"revert_{self.kind}", self._revert)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.save_button)
        return buttons

    def _split(self, left: QWidget, right: QWidget) -> QSplitter:
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(right)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(4, 4, 4, 4)
        outer.addWidget(splitter)
        return splitter

    # ---------------------------------------------------------------- reading

    def refresh(self) -> None:
        """Re-read the list, keeping the selection."""
        rows = self._query()
        self._rows = {r.id: r for r in rows}
        model = self._records_view.model()
        sel = self._records_view.selectionModel()
        sel.blockSignals(True)
        model.removeRows(0, model.rowCount())
        self._populate(rows)
        sel.blockSignals(False)
        self._select_in_list(self._record_id)

    def _find_item(self, record_id: int | None,
                   parent: QModelIndex | None = None) -> QModelIndex:
        model = self._records_view.model()
        parent = parent or QModelIndex()
        for row in range(model.rowCount(parent)):
            index = model.index(row, 0, parent)
            if index.data(ID_ROLE) == record_id:
                return index
            found = self._find_item(record_id, index)
            if found.isValid():
                return found
        return QModelIndex()

    def _select_in_list(self, record_id: int | None) -> None:
        sel = self._records_view.selectionModel()
        sel.blockSignals(True)
        index = self._find_item(record_id) if record_id is not None else QModelIndex()
        if index.isValid():
            sel.setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect
                                | QItemSelectionModel.SelectionFlag.Rows)
            self._records_view.scrollTo(index)
        else:
            sel.clearSelection()
            sel.setCurrentIndex(QModelIndex(), QItemSelectionModel.SelectionFlag.NoUpdate)
        sel.blockSignals(False)

    def _on_database_replaced(self, _db: object) -> None:
        # Ids of the old file mean nothing in the new one; start from an empty form.
        self._record_id, self._loaded = None, None
        self.refresh()
        self.new_record()

    def _on_changed(self, changes: Changes) -> None:
        if not changes.touches(*self.watches):
            return
        # A cell still being typed in (a level's label) is not in the form's data yet, but is
        # an edit all the same: reloading the record would close its editor and lose it. It
        # happens when another program's change arrives (desktop.external_changes).
        dirty = self.is_dirty() or any(v.state() == QAbstractItemView.State.EditingState
                                       for v in self.findChildren(QAbstractItemView))
        self.refresh()
        if self._record_id is not None and self._record_id not in self._rows:
            self.new_record()  # deleted or merged away (or its creation undone)
        elif self._record_id is not None and not dirty:
            self.load(self._record_id)
        else:
            self._kept_unsaved()

    def _on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        record_id = current.siblingAtColumn(0).data(ID_ROLE) if current.isValid() else None
        if record_id is not None:
            self.load(record_id)

    # ---------------------------------------------------------------- the form

    def new_record(self) -> None:
        self._record_id, self._loaded, self._key_touched = None, None, False
        self._touched = False
        self._select_in_list(None)
        self._fill(self._blank())
        self.heading.setText(f"New {self.kind}")
        self.delete_button.setEnabled(False)
        self._validate()

    def load(self, record_id: int) -> None:
        try:
            data = self._read(record_id)
        except ValidationError:  # gone meanwhile
            self.new_record()
            return
        self._record_id, self._loaded, self._key_touched = record_id, data, True
        self._touched = False
        self._fill(data)
        self._select_in_list(record_id)
        self.heading.setText(f"{self.kind.capitalize()} “{self._title(data)}”")
        self.delete_button.setEnabled(True)
        self._validate()

    def is_dirty(self) -> bool:
        if self._loaded is None:
            return self._has_input()
        return self.data() != self._loaded

    def _name_edited(self, text: str) -> None:
        if not self._key_touched:
            self.key_edit.setText(slug(text))
        self._edited()

    def _key_edited(self, _text: str) -> None:
        self._key_touched = True
        self._edited()

    def _edited(self, *_args: object) -> None:
        if not self._filling:
            self._touched = True
            self.ctx.ops.prepare()  # a save may follow: load the write path meanwhile
            self._validate()

    def _validate(self) -> dict[str, str]:
        """Check the form as it stands. A blank new form keeps Save disabled without
        scolding; reasons show once the user starts typing."""
        if self._filling:
            return {}
        problems = self._problems(self.data())
        shown = problems if self._touched or self._record_id is not None else {}
        show_problems(self.errors, shown, self.general_error)
        dirty = self.is_dirty()
        self.save_button.setEnabled(not problems and dirty)
        self.save_button.setToolTip(literal("\n".join(problems.values())) if problems else "")
        self.revert_button.setEnabled(dirty)
        return problems

    def _revert(self) -> None:
        if self._record_id is None:
            self.new_record()
        else:
            self.load(self._record_id)

    def save(self) -> None:
        if self._validate():
            return
        data = self.data()
        before = self._loaded
        self._loaded = data  # the write's refresh must not mistake the form for unsaved
        try:
            if self._record_id is None:
                self.load(self._create(data))
            else:
                self._update(self._record_id, data)
                self.load(self._record_id)
        except ValidationError as exc:
            self._loaded = before
            show_problems(self.errors, exc.problems, self.general_error)
        except ParleyError as exc:  # e.g. locked by another program: nothing was written
            self._loaded = before
            self.general_error.set_error(str(exc))

    def delete_current(self) -> None:
        record_id = self._record_id
        if record_id is None:
            return
        try:
            self._delete(record_id)
        except InUseError as exc:
            self._in_use(record_id, exc)
        except ParleyError as exc:
            self.general_error.set_error(str(exc))
