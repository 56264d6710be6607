"""The Issues tab of the codebook editor: the list of issues, and a form for one issue and its
ordered stance scale (add, rename, describe, reorder and remove levels; saved at once)."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from db import codebook
from db.changes import Changes
from db.codebook import IssueInput
from db.errors import InUseError, ParleyError, ValidationError
from db.queries import IssueRow, issues
from desktop.context import AppContext
from desktop.form_support import ErrorLabel, field_with_error, show_problems, slug
from desktop.level_table_model import DESCRIPTION, LABEL, RECORDS, VALUE, LevelTableModel
from desktop.merge_dialog import MergeCandidate, MergeDialog

ID_ROLE = Qt.ItemDataRole.UserRole + 1



def _button(text: str, name: str, slot, tip: str = "") -> QPushButton:  # type: ignore[no-untyped-def]
    button = QPushButton(text)
    button.setObjectName(name)
    button.setAccessibleName(tip or text)
    if tip:
        button.setToolTip(tip)
    button.clicked.connect(slot)
    return button


class IssueForm(QWidget):
    """Issues: list on the left, the selected (or new) issue and its scale on the right."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self._issue_id: int | None = None
        self._loaded: IssueInput | None = None
        self._key_touched = False
        self._touched = False
        self._filling = False
        self._rows: dict[int, IssueRow] = {}
        self.merge_dialog: MergeDialog | None = None
        self._build()
        ctx.ops.changed.connect(self._on_changed)
        ctx.ops.database_replaced.connect(self._on_database_replaced)
        self.refresh()
        self.new_issue()

    # ---------------------------------------------------------------- layout

    def _build(self) -> None:
        self.list_model = QStandardItemModel(self)
        self.list_model.setHorizontalHeaderLabels(["Issue", "Levels"])
        self.list_view = QTreeView()
        self.list_view.setObjectName("issue_list")
        self.list_view.setAccessibleName("Issues")
        self.list_view.setRootIsDecorated(False)
        self.list_view.setUniformRowHeights(True)
        self.list_view.setModel(self.list_model)
        self.list_view.header().setStretchLastSection(False)
        self.list_view.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.list_view.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.list_view.selectionModel().currentRowChanged.connect(self._on_current_changed)
        self.new_button = _button("New issue", "new_issue", self.new_issue)
        self.delete_button = _button("Delete…", "delete_issue", self.delete_current,
                                     "Delete issue")
        left = QWidget()
        left_lay = QVBoxLayout(left)
        left_lay.setContentsMargins(0, 0, 0, 0)
        left_lay.addWidget(self.list_view)
        row = QHBoxLayout()
        row.addWidget(self.new_button)
        row.addWidget(self.delete_button)
        row.addStretch(1)
        left_lay.addLayout(row)

        self.heading = QLabel()
        self.heading.setObjectName("issue_heading")
        font = self.heading.font()
        font.setBold(True)
        self.heading.setFont(font)
        self.name_edit = QLineEdit()
        self.key_edit = QLineEdit()
        self.description_edit = QPlainTextEdit()
        self.description_edit.setTabChangesFocus(True)
        self.description_edit.setMaximumHeight(80)
        for name, widget in (("name", self.name_edit), ("key", self.key_edit),
                             ("description", self.description_edit)):
            widget.setObjectName(f"issue_{name}")
            widget.setAccessibleName(f"Issue {name}")
        self.levels = LevelTableModel(self)
        self.level_view = QTableView()
        self.level_view.setObjectName("level_table")
        self.level_view.setAccessibleName("Stance scale, lowest level first")
        self.level_view.setModel(self.levels)
        self.level_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.level_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.level_view.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                        | QAbstractItemView.EditTrigger.EditKeyPressed
                                        | QAbstractItemView.EditTrigger.AnyKeyPressed)
        self.level_view.verticalHeader().hide()
        header = self.level_view.horizontalHeader()
        for col in (VALUE, RECORDS):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(LABEL, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(LABEL, 190)
        header.setSectionResizeMode(DESCRIPTION, QHeaderView.ResizeMode.Stretch)
        self.level_view.setWordWrap(False)
        self.levels.edited.connect(self._edited)
        self.level_view.selectionModel().currentRowChanged.connect(self._update_level_buttons)

        self.add_level_button = _button("Add level", "add_level", self._add_level,
                                        "Add a level above the highest")
        self.remove_level_button = _button("Remove level…", "remove_level", self._remove_level,
                                           "Remove the selected level")
        self.up_button = _button("Move up", "level_up", lambda: self._move(-1),
                                 "Move the selected level lower on the scale")
        self.down_button = _button("Move down", "level_down", lambda: self._move(1),
                                   "Move the selected level higher on the scale")
        level_buttons = QHBoxLayout()
        for b in (self.add_level_button, self.remove_level_button, self.up_button,
                  self.down_button):
            level_buttons.addWidget(b)
        level_buttons.addStretch(1)

        self.errors = {name: ErrorLabel(name) for name in ("name", "key", "description", "levels")}
        self.general_error = ErrorLabel("issue")
        form = QFormLayout()
        form.addRow("&Name:", field_with_error(self.name_edit, self.errors["name"]))
        form.addRow("&Key:", field_with_error(self.key_edit, self.errors["key"]))
        form.addRow("&Description:", field_with_error(self.description_edit,
                                                       self.errors["description"], grow=True))
        for row_index, widget in enumerate((self.name_edit, self.key_edit, self.description_edit)):
            label = form.itemAt(row_index, QFormLayout.ItemRole.LabelRole).widget()
            if isinstance(label, QLabel):
                label.setBuddy(widget)
        scale_label = QLabel("Stance &scale (lowest first; double-click a label or description "
                             "to edit it):")
        scale_label.setBuddy(self.level_view)
        scale_label.setWordWrap(True)

        self.save_button = _button("Save", "save_issue", self.save, "Save issue")
        self.save_button.setDefault(True)
        self.revert_button = _button("Revert", "revert_issue", self._revert)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.save_button)

        right = QWidget()
        right_lay = QVBoxLayout(right)
        right_lay.addWidget(self.heading)
        right_lay.addLayout(form)
        right_lay.addWidget(scale_label)
        right_lay.addWidget(self.level_view, 1)
        right_lay.addLayout(level_buttons)
        right_lay.addWidget(self.errors["levels"])
        right_lay.addWidget(self.general_error)
        right_lay.addLayout(buttons)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setSizes([300, 700])
        outer = QVBoxLayout(self)
        outer.setContentsMargins(4, 4, 4, 4)
        outer.addWidget(splitter)

        self.name_edit.textEdited.connect(self._name_edited)
        self.key_edit.textEdited.connect(self._key_edited)
        self.description_edit.textChanged.connect(self._edited)

    # ---------------------------------------------------------------- reading

    def refresh(self) -> None:
        rows = issues(self.ctx.db)
        self._rows = {r.id: r for r in rows}
        sel = self.list_view.selectionModel()
        sel.blockSignals(True)
        self.list_model.removeRows(0, self.list_model.rowCount())
        for r in rows:
            name = QStandardItem(r.name)
            name.setData(r.id, ID_ROLE)
            name.setToolTip(r.description or r.name)
            count = QStandardItem(str(len(r.levels)))
            count.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            for item in (name, count):
                item.setEditable(False)
            self.list_model.appendRow([name, count])
        sel.blockSignals(False)
        self._select_in_list(self._issue_id)

    def _select_in_list(self, issue_id: int | None) -> None:
        sel = self.list_view.selectionModel()
        sel.blockSignals(True)
        for row in range(self.list_model.rowCount()):
            index = self.list_model.index(row, 0)
            if issue_id is not None and index.data(ID_ROLE) == issue_id:
                sel.setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect
                                    | QItemSelectionModel.SelectionFlag.Rows)
                break
        else:
            sel.clearSelection()
            sel.setCurrentIndex(QModelIndex(), QItemSelectionModel.SelectionFlag.NoUpdate)
        sel.blockSignals(False)

    def _on_database_replaced(self, _db: object) -> None:
        # Ids of the old file mean nothing in the new one; start from an empty form.
        self._issue_id, self._loaded = None, None
        self.refresh()
        self.new_issue()

    def _on_changed(self, changes: Changes) -> None:
        if not changes.touches("issue", "position"):
            return
        dirty = self.is_dirty()
        self.refresh()
        if self._issue_id is not None and self._issue_id not in self._rows:
            self.new_issue()  # deleted (or its creation undone)
        elif self._issue_id is not None and not dirty:
            self.load(self._issue_id)
        else:
            self.levels.set_usage(codebook.usage_counts(self.ctx.db)["level"])

    def _on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        issue_id = current.siblingAtColumn(0).data(ID_ROLE) if current.isValid() else None
        if issue_id is not None:
            self.load(issue_id)

    # ---------------------------------------------------------------- the form

    def new_issue(self) -> None:
        self._issue_id, self._loaded, self._key_touched = None, None, False
        self._touched = False
        self._select_in_list(None)
        self._fill(IssueInput("", "", sort_order=len(self._rows)))
        self.heading.setText("New issue")
        self.delete_button.setEnabled(False)
        self._validate()

    def load(self, issue_id: int) -> None:
        try:
            data = codebook.issue_input(self.ctx.db, issue_id)
        except ValidationError:
            self.new_issue()
            return
        self._issue_id, self._loaded, self._key_touched = issue_id, data, True
        self._touched = False
        self._fill(data)
        self._select_in_list(issue_id)
        self.heading.setText(f"Issue “{data.name}”")
        self.delete_button.setEnabled(True)
        self._validate()

    def _fill(self, data: IssueInput) -> None:
        self._filling = True
        self._sort_order = data.sort_order
        self.name_edit.setText(data.name)
        self.key_edit.setText(data.key)
        self.description_edit.setPlainText(data.description)
        self.levels.set_levels(data.levels, codebook.usage_counts(self.ctx.db)["level"])
        self._filling = False
        self._update_level_buttons()

    def data(self) -> IssueInput:
        return IssueInput(self.key_edit.text().strip(), self.name_edit.text(),
                          self.description_edit.toPlainText(), self.levels.levels(),
                          self._sort_order)

    def is_dirty(self) -> bool:
        if self._loaded is None:
            return bool(self.name_edit.text().strip() or self.levels.rowCount())
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
            self._validate()

    def _validate(self) -> dict[str, str]:
        """Check the form as it stands. A blank new form keeps Save disabled without
        scolding; reasons show once the user starts typing."""
        if self._filling:
            return {}
        problems = codebook.issue_problems(self.ctx.db, self.data(), self._issue_id)
        shown = problems if self._touched or self._issue_id is not None else {}
        show_problems(self.errors, shown, self.general_error)
        dirty = self.is_dirty()
        self.save_button.setEnabled(not problems and dirty)
        self.save_button.setToolTip("\n".join(problems.values()) if problems else "")
        self.revert_button.setEnabled(dirty)
        return problems

    def _revert(self) -> None:
        if self._issue_id is None:
            self.new_issue()
        else:
            self.load(self._issue_id)

    def save(self) -> None:
        if self._validate():
            return
        data = self.data()
        before = self._loaded
        self._loaded = data  # the write's refresh must not mistake the form for unsaved
        try:
            if self._issue_id is None:
                self.load(self.ctx.ops.create_issue(data))
            else:
                self.ctx.ops.update_issue(self._issue_id, data)
                self.load(self._issue_id)
        except ValidationError as exc:
            self._loaded = before
            show_problems(self.errors, exc.problems, self.general_error)
        except ParleyError as exc:  # e.g. locked by another program: nothing was written
            self._loaded = before
            self.general_error.set_error(str(exc))

    # ---------------------------------------------------------------- the scale

    def _current_level_row(self) -> int | None:
        index = self.level_view.selectionModel().currentIndex()
        return index.row() if index.isValid() else None

    def _update_level_buttons(self, *_args: object) -> None:
        row = self._current_level_row()
        n = self.levels.rowCount()
        self.remove_level_button.setEnabled(row is not None)
        self.up_button.setEnabled(row is not None and row > 0)
        self.down_button.setEnabled(row is not None and row < n - 1)

    def _select_level(self, row: int) -> None:
        index = self.levels.index(row, LABEL)
        self.level_view.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows)
        self._update_level_buttons()

    def _add_level(self) -> None:
        value = max((lv.value for lv in self.levels.levels()), default=-1) + 1
        row = self.levels.add_level(f"Level {value}")
        self._select_level(row)
        self.level_view.edit(self.levels.index(row, LABEL))

    def _move(self, delta: int) -> None:
        row = self._current_level_row()
        if row is not None:
            self._select_level(self.levels.move_level(row, delta))

    def _remove_level(self) -> None:
        row = self._current_level_row()
        if row is None:
            return
        level, used = self.levels.level(row), self.levels.usage(row)
        if level.id is None or not used:
            self.levels.remove_level(row)
            self._update_level_buttons()
            return
        saved = self._loaded.levels if self._loaded else []
        candidates = [MergeCandidate(lv.id, f"{lv.value}: {lv.label}") for lv in saved
                      if lv.id is not None and lv.id != level.id]
        records = f"{used} record{'' if used == 1 else 's'}"
        message = (f"Level “{level.label}” is used by {records}, so it cannot be removed. "
                   "Merge it into another level of this issue instead: its records move "
                   "there and the level is removed. Edit → Undo puts everything back.")
        if self.is_dirty():
            message += "\n\nUnsaved changes to this issue will be discarded."
        dialog = MergeDialog(f"Merge level “{level.label}”", message, candidates, self)
        dialog.accepted.connect(lambda: self._merge_level(level.id, dialog.chosen_id()))
        dialog.finished.connect(dialog.deleteLater)
        self.merge_dialog = dialog
        dialog.open()

    def _merge_level(self, level_id: int | None, into_id: int | None) -> None:
        self.merge_dialog = None
        if level_id is None or into_id is None:
            return
        try:
            self.ctx.ops.merge_level(level_id, into_id)
        except ParleyError as exc:
            self.general_error.set_error(str(exc))
            return
        if self._issue_id is not None:
            self.load(self._issue_id)

    # ---------------------------------------------------------------- delete

    def delete_current(self) -> None:
        if self._issue_id is None:
            return
        try:
            self.ctx.ops.delete_issue(self._issue_id)
        except InUseError as exc:
            self.general_error.set_error(f"{exc}. Recode or delete those records first.")
        except ParleyError as exc:
            self.general_error.set_error(str(exc))
