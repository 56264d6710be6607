"""The Issues tab of the codebook editor: the list of issues, and a form for one issue and its
ordered stance scale (add, rename, describe, reorder and remove levels; saved at once)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTableView,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from db.errors import InUseError, ParleyError
from db.model.inputs import IssueInput
from db.reads import codebook_checks, queries, record_inputs
from db.reads.queries import IssueRow, issues
from desktop.forms.form_support import ErrorLabel
from desktop.forms.level_table_model import CUES, DESCRIPTION, LABEL, RECORDS, VALUE, LevelTableModel
from desktop.forms.merge_dialog import MergeCandidate, MergeDialog
from desktop.forms.record_form import ID_ROLE, RecordForm, push_button
from desktop.qt.plain_text import literal


class IssueForm(RecordForm[IssueInput]):
    """Issues: list on the left, the selected (or new) issue and its scale on the right."""

    kind = "issue"
    watches = ("issue", "position")

    # ---------------------------------------------------------------- layout

    def _build(self) -> None:
        self.merge_dialog: MergeDialog | None = None
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
        left = self._list_pane(self.list_view, delete_tip="Delete issue")

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
        header.setSectionResizeMode(CUES, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(CUES, 220)
        self.level_view.setWordWrap(False)
        self.levels.edited.connect(self._edited)
        self.level_view.selectionModel().currentRowChanged.connect(self._update_level_buttons)

        self.add_level_button = push_button("Add level", "add_level", self._add_level,
                                            tip="Add a level above the highest")
        self.remove_level_button = push_button("Remove level…", "remove_level",
                                               self._remove_level,
                                               tip="Remove the selected level")
        self.up_button = push_button("Move up", "level_up", lambda: self._move(-1),
                                     tip="Move the selected level lower on the scale")
        self.down_button = push_button("Move down", "level_down", lambda: self._move(1),
                                       tip="Move the selected level higher on the scale")
        level_buttons = QHBoxLayout()
        for b in (self.add_level_button, self.remove_level_button, self.up_button,
                  self.down_button):
            level_buttons.addWidget(b)
        level_buttons.addStretch(1)

        self.errors = {name: ErrorLabel(name) for name in ("name", "key", "description", "levels")}
        self.general_error = ErrorLabel("issue")
        form = self._form([("&Name:", self.name_edit, "name"),
                           ("&Key:", self.key_edit, "key"),
                           ("&Description:", self.description_edit, "description")])
        scale_label = QLabel("Stance &scale (lowest first; double-click a label, description or "
                             "cue phrases to edit them — cue phrases, separated by commas, "
                             "are how an article says the level, for suggestions):")
        scale_label.setBuddy(self.level_view)
        scale_label.setWordWrap(True)

        right = QWidget()
        right_lay = QVBoxLayout(right)
        right_lay.addWidget(self._heading_label())
        right_lay.addLayout(form)
        right_lay.addWidget(scale_label)
        right_lay.addWidget(self.level_view, 1)
        right_lay.addLayout(level_buttons)
        right_lay.addWidget(self.errors["levels"])
        right_lay.addWidget(self.general_error)
        right_lay.addLayout(self._save_row())

        self._split(left, right).setSizes([300, 700])

        self.name_edit.textEdited.connect(self._name_edited)
        self.key_edit.textEdited.connect(self._key_edited)
        self.description_edit.textChanged.connect(self._edited)

    # ---------------------------------------------------------------- reading

    def _query(self) -> list[IssueRow]:
        return issues(self.ctx.db)

    def _populate(self, rows: Sequence[IssueRow]) -> None:
        for r in rows:
            name = QStandardItem(r.name)
            name.setData(r.id, ID_ROLE)
            name.setToolTip(literal(r.description or r.name))
            count = QStandardItem(str(len(r.levels)))
            count.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            for item in (name, count):
                item.setEditable(False)
            self.list_model.appendRow([name, count])

    def _kept_unsaved(self) -> None:
        self.levels.set_usage(queries.usage_counts(self.ctx.db)["level"])

    # ---------------------------------------------------------------- the form

    def new_issue(self) -> None:
        self.new_record()

    def _blank(self) -> IssueInput:
        return IssueInput("", "", sort_order=len(self._rows))

    def _read(self, record_id: int) -> IssueInput:
        return record_inputs.issue_input(self.ctx.db, record_id)

    def _title(self, data: IssueInput) -> str:
        return data.name

    def _fill(self, data: IssueInput) -> None:
        self._filling = True
        self._sort_order = data.sort_order
        self.name_edit.setText(data.name)
        self.key_edit.setText(data.key)
        self.description_edit.setPlainText(data.description)
        self.levels.set_levels(data.levels, queries.usage_counts(self.ctx.db)["level"])
        self._filling = False
        self._update_level_buttons()

    def data(self) -> IssueInput:
        return IssueInput(self.key_edit.text().strip(), self.name_edit.text(),
                          self.description_edit.toPlainText(), self.levels.levels(),
                          self._sort_order)

    def _has_input(self) -> bool:
        return bool(self.name_edit.text().strip() or self.levels.rowCount())

    def _problems(self, data: IssueInput) -> dict[str, str]:
        return codebook_checks.issue_problems(self.ctx.db, data, self._record_id)

    def _create(self, data: IssueInput) -> int:
        return self.ctx.ops.create_issue(data)

    def _update(self, record_id: int, data: IssueInput) -> None:
        self.ctx.ops.update_issue(record_id, data)

    def _delete(self, record_id: int) -> None:
        self.ctx.ops.delete_issue(record_id)

    def _in_use(self, record_id: int, exc: InUseError) -> None:
        self.general_error.set_error(f"{exc}. Recode or delete those records first.")

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
        if self._record_id is not None:
            self.load(self._record_id)
