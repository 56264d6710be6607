"""The Parties tab of the codebook editor: the party hierarchy as a tree, and a form to add or
edit one party (name, key, short name, colour, parent, description)."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt
from PySide6.QtGui import QColor, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QColorDialog,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QToolButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from db import codebook
from db.changes import Changes
from db.codebook import PartyInput
from db.errors import InUseError, ParleyError, ValidationError
from db.queries import PartyRow, parties
from desktop.context import AppContext
from desktop.form_support import ErrorLabel, field_with_error, show_problems, slug, swatch_icon
from desktop.merge_dialog import MergeCandidate, MergeDialog

ID_ROLE = Qt.ItemDataRole.UserRole + 1
DEFAULT_COLOUR = "#1f77b4"



class PartyForm(QWidget):
    """Parties: tree on the left, the selected (or new) party's form on the right."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self._party_id: int | None = None
        self._loaded: PartyInput | None = None
        self._key_touched = False
        self._touched = False
        self._filling = False
        self.merge_dialog: MergeDialog | None = None
        self._build()
        ctx.ops.changed.connect(self._on_changed)
        ctx.ops.database_replaced.connect(self._on_database_replaced)
        self.refresh()
        self.new_party()

    # ---------------------------------------------------------------- layout

    def _build(self) -> None:
        self.model = QStandardItemModel(self)
        self.model.setHorizontalHeaderLabels(["Party", "Short", "Records"])
        self.tree = QTreeView()
        self.tree.setObjectName("party_tree")
        self.tree.setAccessibleName("Parties")
        self.tree.setModel(self.model)
        self.tree.setUniformRowHeights(True)
        self.tree.header().setStretchLastSection(False)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col in (1, 2):
            self.tree.header().setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.selectionModel().currentRowChanged.connect(self._on_current_changed)

        self.new_button = QPushButton("New party")
        self.new_button.setObjectName("new_party")
        self.new_button.clicked.connect(self.new_party)
        self.delete_button = QPushButton("Delete…")
        self.delete_button.setObjectName("delete_party")
        self.delete_button.setAccessibleName("Delete party")
        self.delete_button.clicked.connect(self.delete_current)
        left = QWidget()
        left_lay = QVBoxLayout(left)
        left_lay.setContentsMargins(0, 0, 0, 0)
        left_lay.addWidget(self.tree)
        row = QHBoxLayout()
        row.addWidget(self.new_button)
        row.addWidget(self.delete_button)
        row.addStretch(1)
        left_lay.addLayout(row)

        self.heading = QLabel()
        self.heading.setObjectName("party_heading")
        font = self.heading.font()
        font.setBold(True)
        self.heading.setFont(font)
        self.name_edit = QLineEdit()
        self.key_edit = QLineEdit()
        self.short_edit = QLineEdit()
        self.colour_edit = QLineEdit()
        self.colour_edit.setPlaceholderText("#rrggbb")
        self.colour_button = QToolButton()
        self.colour_button.setObjectName("colour_button")
        self.colour_button.setToolTip("Choose a colour…")
        self.colour_button.setAccessibleName("Choose party colour")
        self.colour_button.clicked.connect(self._choose_colour)
        self.parent_combo = QComboBox()
        self.description_edit = QPlainTextEdit()
        self.description_edit.setTabChangesFocus(True)
        self.description_edit.setMaximumHeight(110)
        self.errors = {name: ErrorLabel(name) for name in
                       ("name", "key", "short_name", "colour", "parent_id", "description")}
        self.general_error = ErrorLabel("party")
        for name, widget, label in (
                ("name", self.name_edit, "Name"), ("key", self.key_edit, "Key"),
                ("short_name", self.short_edit, "Short name"),
                ("colour", self.colour_edit, "Colour"),
                ("parent_id", self.parent_combo, "Member of"),
                ("description", self.description_edit, "Description")):
            widget.setObjectName(f"party_{name}")
            widget.setAccessibleName(f"Party {label.lower()}")
        self.key_edit.setToolTip("A stable identifier used in exports: lowercase letters, digits, _ or -")
        colour_row = QWidget()
        colour_lay = QHBoxLayout(colour_row)
        colour_lay.setContentsMargins(0, 0, 0, 0)
        colour_lay.addWidget(self.colour_button)
        colour_lay.addWidget(self.colour_edit, 1)

        form = QFormLayout()
        form.addRow("&Name:", field_with_error(self.name_edit, self.errors["name"]))
        form.addRow("&Key:", field_with_error(self.key_edit, self.errors["key"]))
        form.addRow("&Short name:", field_with_error(self.short_edit, self.errors["short_name"]))
        form.addRow("&Colour:", field_with_error(colour_row, self.errors["colour"]))
        form.addRow("&Member of:", field_with_error(self.parent_combo, self.errors["parent_id"]))
        form.addRow("&Description:", field_with_error(self.description_edit,
                                                       self.errors["description"], grow=True))
        for row_index, widget in enumerate((self.name_edit, self.key_edit, self.short_edit,
                                            self.colour_edit, self.parent_combo,
                                            self.description_edit)):
            label = form.itemAt(row_index, QFormLayout.ItemRole.LabelRole).widget()
            if isinstance(label, QLabel):
                label.setBuddy(widget)

        self.save_button = QPushButton("Save")
        self.save_button.setObjectName("save_party")
        self.save_button.setAccessibleName("Save party")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        self.revert_button = QPushButton("Revert")
        self.revert_button.setObjectName("revert_party")
        self.revert_button.clicked.connect(self._revert)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.save_button)

        right = QWidget()
        right_lay = QVBoxLayout(right)
        right_lay.addWidget(self.heading)
        right_lay.addLayout(form)
        right_lay.addWidget(self.general_error)
        right_lay.addStretch(1)
        right_lay.addLayout(buttons)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setSizes([380, 620])
        outer = QVBoxLayout(self)
        outer.setContentsMargins(4, 4, 4, 4)
        outer.addWidget(splitter)

        for edit in (self.short_edit, self.colour_edit):
            edit.textEdited.connect(self._edited)
        self.key_edit.textEdited.connect(self._key_edited)
        self.name_edit.textEdited.connect(self._name_edited)
        self.parent_combo.currentIndexChanged.connect(self._edited)
        self.description_edit.textChanged.connect(self._edited)
        self.setTabOrder(self.tree, self.new_button)
        self.setTabOrder(self.new_button, self.delete_button)
        self.setTabOrder(self.delete_button, self.name_edit)
        self.setTabOrder(self.name_edit, self.key_edit)
        self.setTabOrder(self.key_edit, self.short_edit)
        self.setTabOrder(self.short_edit, self.colour_button)
        self.setTabOrder(self.colour_button, self.colour_edit)
        self.setTabOrder(self.colour_edit, self.parent_combo)
        self.setTabOrder(self.parent_combo, self.description_edit)
        self.setTabOrder(self.description_edit, self.revert_button)
        self.setTabOrder(self.revert_button, self.save_button)

    # ---------------------------------------------------------------- reading

    def refresh(self) -> None:
        """Re-read the parties and their record counts, keeping the selection."""
        rows = parties(self.ctx.db)
        usage = codebook.usage_counts(self.ctx.db)["party"]
        self._rows = {r.id: r for r in rows}
        self.tree.selectionModel().blockSignals(True)
        self.model.removeRows(0, self.model.rowCount())
        children: dict[int | None, list[PartyRow]] = {}
        for r in rows:
            parent = r.parent_id if r.parent_id in self._rows else None
            children.setdefault(parent, []).append(r)
        placed: set[int] = set()

        def add(parent_item: QStandardItem, parent_id: int | None) -> None:
            for r in children.get(parent_id, []):
                if r.id in placed:
                    continue
                placed.add(r.id)
                items = self._items(r, usage.get(r.id, 0))
                parent_item.appendRow(items)
                add(items[0], r.id)

        root = self.model.invisibleRootItem()
        add(root, None)
        for r in rows:  # a parent loop would leave parties unplaced; show them anyway
            if r.id not in placed:
                placed.add(r.id)
                root.appendRow(self._items(r, usage.get(r.id, 0)))
        self.tree.expandAll()
        self.tree.selectionModel().blockSignals(False)
        self._fill_parent_combo()
        self._select_in_tree(self._party_id)

    def _items(self, r: PartyRow, used: int) -> list[QStandardItem]:
        name = QStandardItem(swatch_icon(r.colour), r.name)
        name.setData(r.id, ID_ROLE)
        name.setToolTip(r.description or r.name)
        short = QStandardItem(r.short_name)
        count = QStandardItem(str(used))
        count.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        for item in (name, short, count):
            item.setEditable(False)
        return [name, short, count]

    def _fill_parent_combo(self) -> None:
        self._filling = True
        current = self.parent_combo.currentData()
        self.parent_combo.clear()
        self.parent_combo.addItem("(none)", None)
        for r in sorted(self._rows.values(), key=lambda r: r.name.casefold()):
            if r.id != self._party_id:
                self.parent_combo.addItem(swatch_icon(r.colour), r.name, r.id)
        self.parent_combo.setCurrentIndex(max(0, self.parent_combo.findData(current)))
        self._filling = False

    def _find_item(self, party_id: int | None, parent: QModelIndex | None = None) -> QModelIndex:
        parent = parent or QModelIndex()
        for row in range(self.model.rowCount(parent)):
            index = self.model.index(row, 0, parent)
            if index.data(ID_ROLE) == party_id:
                return index
            found = self._find_item(party_id, index)
            if found.isValid():
                return found
        return QModelIndex()

    def _select_in_tree(self, party_id: int | None) -> None:
        sel = self.tree.selectionModel()
        sel.blockSignals(True)
        index = self._find_item(party_id) if party_id is not None else QModelIndex()
        if index.isValid():
            sel.setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect
                                | QItemSelectionModel.SelectionFlag.Rows)
            self.tree.scrollTo(index)
        else:
            sel.clearSelection()
            sel.setCurrentIndex(QModelIndex(), QItemSelectionModel.SelectionFlag.NoUpdate)
        sel.blockSignals(False)

    def _on_database_replaced(self, _db: object) -> None:
        # Ids of the old file mean nothing in the new one; start from an empty form.
        self._party_id, self._loaded = None, None
        self.refresh()
        self.new_party()

    def _on_changed(self, changes: Changes) -> None:
        if not changes.touches("party", "position"):
            return
        dirty = self.is_dirty()
        if self._party_id is not None and self._party_id not in {
                r.id for r in parties(self.ctx.db)}:
            self._party_id, self._loaded = None, None  # deleted or merged away (e.g. undo)
            self.refresh()
            self.new_party()
            return
        self.refresh()
        if self._party_id is not None and not dirty:
            self.load(self._party_id)

    def _on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        party_id = current.siblingAtColumn(0).data(ID_ROLE) if current.isValid() else None
        if party_id is not None:
            self.load(party_id)

    # ---------------------------------------------------------------- the form

    def new_party(self) -> None:
        self._party_id, self._loaded, self._key_touched = None, None, False
        self._touched = False
        self._select_in_tree(None)
        self._fill_parent_combo()
        self._fill(PartyInput("", "", colour=DEFAULT_COLOUR))
        self.heading.setText("New party")
        self.delete_button.setEnabled(False)
        self._validate()

    def load(self, party_id: int) -> None:
        try:
            data = codebook.party_input(self.ctx.db, party_id)
        except ValidationError:
            self.new_party()
            return
        self._party_id, self._loaded, self._key_touched = party_id, data, True
        self._touched = False
        self._fill_parent_combo()
        self._fill(data)
        self._select_in_tree(party_id)
        self.heading.setText(f"Party “{data.name}”")
        self.delete_button.setEnabled(True)
        self._validate()

    def _fill(self, data: PartyInput) -> None:
        self._filling = True
        self.name_edit.setText(data.name)
        self.key_edit.setText(data.key)
        self.short_edit.setText(data.short_name)
        self.colour_edit.setText(data.colour)
        self.parent_combo.setCurrentIndex(max(0, self.parent_combo.findData(data.parent_id)))
        self.description_edit.setPlainText(data.description)
        self._filling = False

    def data(self) -> PartyInput:
        return PartyInput(self.key_edit.text().strip(), self.name_edit.text(),
                          self.short_edit.text(), self.colour_edit.text().strip(),
                          self.description_edit.toPlainText(), self.parent_combo.currentData())

    def is_dirty(self) -> bool:
        if self._loaded is None:
            return bool(self.name_edit.text().strip() or self.key_edit.text().strip())
        return self.data() != self._loaded

    def _name_edited(self, text: str) -> None:
        if not self._key_touched:
            self.key_edit.setText(slug(text))
        self._edited()

    def _key_edited(self, _text: str) -> None:
        self._key_touched = True
        self._edited()

    def _choose_colour(self) -> None:
        current = QColor(self.colour_edit.text().strip())
        chosen = QColorDialog.getColor(current if current.isValid() else QColor(DEFAULT_COLOUR),
                                       self, "Party colour")
        if chosen.isValid():
            self.colour_edit.setText(chosen.name())
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
        data = self.data()
        self.colour_button.setIcon(swatch_icon(data.colour, 18))
        problems = codebook.party_problems(self.ctx.db, data, self._party_id)
        shown = problems if self._touched or self._party_id is not None else {}
        show_problems(self.errors, shown, self.general_error)
        self.save_button.setEnabled(not problems and self.is_dirty())
        self.revert_button.setEnabled(self.is_dirty())
        self.save_button.setToolTip("\n".join(problems.values()) if problems else "")
        return problems

    def _revert(self) -> None:
        if self._party_id is None:
            self.new_party()
        else:
            self.load(self._party_id)

    def save(self) -> None:
        if self._validate():
            return
        data = self.data()
        before = self._loaded
        # The write's change signal refreshes this form; it must not see unsaved edits.
        self._loaded = data
        try:
            if self._party_id is None:
                self.load(self.ctx.ops.create_party(data))
            else:
                self.ctx.ops.update_party(self._party_id, data)
                self.load(self._party_id)
        except ValidationError as exc:
            self._loaded = before
            show_problems(self.errors, exc.problems, self.general_error)
        except ParleyError as exc:  # e.g. locked by another program: nothing was written
            self._loaded = before
            self.general_error.set_error(str(exc))

    # ---------------------------------------------------------------- delete / merge

    def delete_current(self) -> None:
        party_id = self._party_id
        if party_id is None:
            return
        name = self._rows[party_id].name if party_id in self._rows else "This party"
        try:
            self.ctx.ops.delete_party(party_id)
        except InUseError as exc:
            self._offer_merge(party_id, name, exc)
        except ParleyError as exc:
            self.general_error.set_error(str(exc))

    def _offer_merge(self, party_id: int, name: str, exc: InUseError) -> None:
        candidates = [MergeCandidate(r.id, r.name, r.colour)
                      for r in sorted(self._rows.values(), key=lambda r: r.name.casefold())
                      if r.id != party_id]
        message = (f"{exc}\n\nMerging moves its records (and member parties) to the party you "
                   f"choose and removes “{name}”. Edit → Undo puts everything back.")
        dialog = MergeDialog(f"Merge “{name}”", message, candidates, self)
        dialog.accepted.connect(lambda: self._merge(party_id, dialog.chosen_id()))
        dialog.finished.connect(dialog.deleteLater)
        self.merge_dialog = dialog
        dialog.open()

    def _merge(self, party_id: int, into_id: int | None) -> None:
        self.merge_dialog = None
        if into_id is None:
            return
        try:
            self.ctx.ops.merge_party(party_id, into_id)
        except ParleyError as exc:
            self.general_error.set_error(str(exc))
            return
        self.load(into_id)
