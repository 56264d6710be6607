"""The Parties tab of the codebook editor: the party hierarchy as a tree, and a form to add or
edit one party (name, key, short name, colour, parent, aliases, description)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QColorDialog,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPlainTextEdit,
    QToolButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from db.errors import InUseError, ParleyError
from db.model.inputs import PartyInput, clean_aliases
from db.reads import codebook_checks, queries, record_inputs
from db.reads.queries import PartyRow, parties
from desktop.forms.form_support import ErrorLabel, swatch_icon
from desktop.forms.merge_dialog import MergeCandidate, MergeDialog
from desktop.forms.record_form import ID_ROLE, RecordForm
from desktop.qt.plain_text import literal

DEFAULT_COLOUR = "#1f77b4"


class PartyForm(RecordForm[PartyInput]):
    """Parties: tree on the left, the selected (or new) party's form on the right."""

    kind = "party"
    watches = ("party", "position")

    # ---------------------------------------------------------------- layout

    def _build(self) -> None:
        self.merge_dialog: MergeDialog | None = None
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
        left = self._list_pane(self.tree)

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
        # The names suggestions look for in an article ("Putin, Kremlin, Moscow" → Russia).
        self.aliases_edit = QLineEdit()
        self.aliases_edit.setPlaceholderText("names that identify the party, separated by commas")
        self.aliases_edit.setToolTip("Suggested positions find the party in an article by its "
                                     "name, short name and these aliases (e.g. Putin, Kremlin, "
                                     "Moscow for Russia)")
        self.description_edit = QPlainTextEdit()
        self.description_edit.setTabChangesFocus(True)
        self.description_edit.setMaximumHeight(110)
        self.errors = {name: ErrorLabel(name) for name in
                       ("name", "key", "short_name", "colour", "parent_id", "aliases",
                        "description")}
        self.general_error = ErrorLabel("party")
        for name, widget, label in (
                ("name", self.name_edit, "Name"), ("key", self.key_edit, "Key"),
                ("short_name", self.short_edit, "Short name"),
                ("colour", self.colour_edit, "Colour"),
                ("parent_id", self.parent_combo, "Member of"),
                ("aliases", self.aliases_edit, "Aliases"),
                ("description", self.description_edit, "Description")):
            widget.setObjectName(f"party_{name}")
            widget.setAccessibleName(f"Party {label.lower()}")
        self.key_edit.setToolTip("A stable identifier used in exports: lowercase letters, digits, _ or -")
        colour_row = QWidget()
        colour_lay = QHBoxLayout(colour_row)
        colour_lay.setContentsMargins(0, 0, 0, 0)
        colour_lay.addWidget(self.colour_button)
        colour_lay.addWidget(self.colour_edit, 1)

        form = self._form([("&Name:", self.name_edit, "name"),
                           ("&Key:", self.key_edit, "key"),
                           ("&Short name:", self.short_edit, "short_name"),
                           ("&Colour:", self.colour_edit, "colour"),
                           ("&Member of:", self.parent_combo, "parent_id"),
                           ("&Aliases:", self.aliases_edit, "aliases"),
                           ("&Description:", self.description_edit, "description")],
                          placed={"colour": colour_row})

        right = QWidget()
        right_lay = QVBoxLayout(right)
        right_lay.addWidget(self._heading_label())
        right_lay.addLayout(form)
        right_lay.addWidget(self.general_error)
        right_lay.addStretch(1)
        right_lay.addLayout(self._save_row())

        self._split(left, right).setSizes([380, 620])

        for edit in (self.short_edit, self.colour_edit, self.aliases_edit):
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
        self.setTabOrder(self.parent_combo, self.aliases_edit)
        self.setTabOrder(self.aliases_edit, self.description_edit)
        self.setTabOrder(self.description_edit, self.revert_button)
        self.setTabOrder(self.revert_button, self.save_button)

    # ---------------------------------------------------------------- reading

    def refresh(self) -> None:
        """Re-read the parties and their record counts, keeping the selection."""
        super().refresh()
        self._fill_parent_combo()

    def _query(self) -> list[PartyRow]:
        return parties(self.ctx.db)

    def _populate(self, rows: Sequence[PartyRow]) -> None:
        usage = queries.usage_counts(self.ctx.db)["party"]
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

    def _items(self, r: PartyRow, used: int) -> list[QStandardItem]:
        name = QStandardItem(swatch_icon(r.colour), r.name)
        name.setData(r.id, ID_ROLE)
        name.setToolTip(literal(r.description or r.name))
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
            if r.id != self._record_id:
                self.parent_combo.addItem(swatch_icon(r.colour), r.name, r.id)
        self.parent_combo.setCurrentIndex(max(0, self.parent_combo.findData(current)))
        self._filling = False

    # ---------------------------------------------------------------- the form

    def new_party(self) -> None:
        self.new_record()

    def _blank(self) -> PartyInput:
        return PartyInput("", "", colour=DEFAULT_COLOUR)

    def _read(self, record_id: int) -> PartyInput:
        return record_inputs.party_input(self.ctx.db, record_id)

    def _title(self, data: PartyInput) -> str:
        return data.name

    def _fill(self, data: PartyInput) -> None:
        self._fill_parent_combo()  # without the party itself: it cannot be its own parent
        self._filling = True
        self.name_edit.setText(data.name)
        self.key_edit.setText(data.key)
        self.short_edit.setText(data.short_name)
        self.colour_edit.setText(data.colour)
        self.parent_combo.setCurrentIndex(max(0, self.parent_combo.findData(data.parent_id)))
        self.aliases_edit.setText(", ".join(data.aliases))
        self.description_edit.setPlainText(data.description)
        self._filling = False

    def data(self) -> PartyInput:
        return PartyInput(self.key_edit.text().strip(), self.name_edit.text(),
                          self.short_edit.text(), self.colour_edit.text().strip(),
                          self.description_edit.toPlainText(), self.parent_combo.currentData(),
                          clean_aliases(self.aliases_edit.text()))

    def _has_input(self) -> bool:
        return bool(self.name_edit.text().strip() or self.key_edit.text().strip())

    def _choose_colour(self) -> None:
        current = QColor(self.colour_edit.text().strip())
        chosen = QColorDialog.getColor(current if current.isValid() else QColor(DEFAULT_COLOUR),
                                       self, "Party colour")
        if chosen.isValid():
            self.colour_edit.setText(chosen.name())
            self._edited()

    def _validate(self) -> dict[str, str]:
        if not self._filling:
            self.colour_button.setIcon(swatch_icon(self.data().colour, 18))
        return super()._validate()

    def _problems(self, data: PartyInput) -> dict[str, str]:
        return codebook_checks.party_problems(self.ctx.db, data, self._record_id)

    def _create(self, data: PartyInput) -> int:
        return self.ctx.ops.create_party(data)

    def _update(self, record_id: int, data: PartyInput) -> None:
        self.ctx.ops.update_party(record_id, data)

    def _delete(self, record_id: int) -> None:
        self.ctx.ops.delete_party(record_id)

    # ---------------------------------------------------------------- merge

    def _in_use(self, record_id: int, exc: InUseError) -> None:
        name = self._rows[record_id].name if record_id in self._rows else "This party"
        self._offer_merge(record_id, name, exc)

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
