"""When a save is refused because someone else changed the record since the form read it:
both versions field by field (theirs, mine), and the choice — keep mine, take theirs, or
merge by field. Nothing is written here; the form saves what is chosen, against their
version (which may be refused again if a third save came in meanwhile)."""

from __future__ import annotations

from dataclasses import asdict, replace

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from db.errors import ConflictError
from db.model.inputs import PositionInput
from db.reads import team
from db.storage.database import Database
from db.storage.identity import shown
from desktop.qt.plain_text import plain_label

# Fields that only make sense together are chosen together: a level belongs to its issue,
# offsets to their quote and source, a precision to its date.
GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Party", ("party_id",)),
    ("Issue and stance", ("issue_id", "level_id")),
    ("Date", ("stated_on", "date_precision")),
    ("Status", ("status",)),
    ("Attributed to", ("attributed_to", "attribution_kind")),
    ("Source and quote", ("source_id", "quote", "quote_start", "quote_end")),
    ("Confidence", ("confidence",)),
    ("Notes", ("notes",)),
    ("Conditions", ("conditions",)),
)
KEEP_MINE, TAKE_THEIRS, MERGE = "mine", "theirs", "merge"


def _differing(mine: PositionInput, theirs: PositionInput) -> list[tuple[str, tuple[str, ...]]]:
    a, b = asdict(mine), asdict(theirs)
    # Dates compare as text: the form may hold "2025-03-01" where the database has a date.
    return [(label, fields) for label, fields in GROUPS
            if any(str(a[f]) != str(b[f]) for f in fields)]


class ConflictDialog(QDialog):
    """Theirs and mine side by side. After it closes, `choice` is KEEP_MINE, TAKE_THEIRS or
    MERGE (None: cancelled, keep editing) and `result_input()` what to save."""

    def __init__(self, db: Database, mine: PositionInput, conflict: ConflictError,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("conflictDialog")
        self.setWindowTitle("Someone else changed this record")
        self.setAccessibleName(self.windowTitle())
        self.mine, self.theirs, self.conflict = mine, conflict.theirs, conflict
        self.choice: str | None = None
        self._picks: dict[str, QButtonGroup] = {}
        outer = QVBoxLayout(self)
        who = shown(conflict.by)
        if self.theirs is None:
            self.groups: list[tuple[str, tuple[str, ...]]] = []
            outer.addWidget(plain_label(
                f"{conflict}. Keep mine saves your version as a new record; Take theirs "
                "discards your edit."))
        else:
            assert isinstance(self.theirs, PositionInput)
            self.groups = _differing(mine, self.theirs)
            when = f" on {conflict.at}" if conflict.at else ""
            outer.addWidget(plain_label(
                f"{who} saved this record{when}, after you opened it. Nothing was saved. "
                "Choose which version to keep, or pick field by field and merge."))
            outer.addWidget(self._table(db, who))
        self.buttons = QDialogButtonBox()
        self.keep_button = self._button("Keep mine", KEEP_MINE, "keepMine")
        self.take_button = self._button("Take theirs", TAKE_THEIRS, "takeTheirs")
        self.merge_button = self._button("Merge chosen fields", MERGE, "mergeFields")
        self.merge_button.setEnabled(bool(self.groups))
        cancel = self.buttons.addButton("Keep editing", QDialogButtonBox.ButtonRole.RejectRole)
        cancel.clicked.connect(self.reject)
        outer.addWidget(self.buttons)
        self.resize(760, min(640, 200 + 70 * len(self.groups)))

    def _button(self, text: str, choice: str, name: str) -> QPushButton:
        button = self.buttons.addButton(text, QDialogButtonBox.ButtonRole.AcceptRole)
        button.setObjectName(name)
        button.setAccessibleName(text)
        button.clicked.connect(lambda: self._choose(choice))
        return button

    def _choose(self, choice: str) -> None:
        self.choice = choice
        self.accept()

    def _table(self, db: Database, who: str) -> QWidget:
        assert isinstance(self.theirs, PositionInput)
        mine_text, theirs_text = team.position_texts(db, self.mine), team.position_texts(
            db, self.theirs)
        grid = QGridLayout()
        bold = QFont()
        bold.setBold(True)
        for col, text in enumerate(("Field", f"Theirs ({who})", "Mine")):
            head = QLabel(text)
            head.setFont(bold)
            grid.addWidget(head, 0, col if col == 0 else col * 2 - 1, 1, 1 if col == 0 else 2)
        for row, (label, fields) in enumerate(self.groups, start=1):
            name = QLabel(label)
            name.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
            grid.addWidget(name, row, 0)
            group = QButtonGroup(self)
            for n, (side, texts) in enumerate((("theirs", theirs_text), ("mine", mine_text))):
                pick = QRadioButton()
                pick.setObjectName(f"pick_{side}_{fields[0]}")
                pick.setAccessibleName(f"Use {side} for {label}")
                pick.setChecked(side == "mine")
                group.addButton(pick, n)
                grid.addWidget(pick, row, 1 + 2 * n, Qt.AlignmentFlag.AlignTop)
                value = plain_label("\n".join(texts[f] for f in fields
                                              if f in team.POSITION_FIELDS))
                value.setWordWrap(True)
                value.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
                value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
                grid.addWidget(value, row, 2 + 2 * n)
            self._picks[label] = group
        same = len(GROUPS) - len(self.groups)
        if same:
            grid.addWidget(plain_label(f"{same} other field group{'s' if same != 1 else ''} "
                                       "are the same in both."), len(self.groups) + 1, 0, 1, 5)
        grid.setColumnStretch(2, 1)
        grid.setColumnStretch(4, 1)
        inner = QWidget()
        inner.setLayout(grid)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(inner)
        return scroll

    def pick(self, label: str, side: str) -> None:
        """Choose `side` ("theirs" or "mine") for a field group (what a click on its radio
        button does)."""
        self._picks[label].button(0 if side == "theirs" else 1).setChecked(True)

    def differing(self) -> list[str]:
        return [label for label, _ in self.groups]

    def result_input(self) -> PositionInput | None:
        """What to save for the choice made: mine, the merge, or None (take theirs)."""
        if self.choice == KEEP_MINE:
            return self.mine
        if self.choice != MERGE or self.theirs is None:
            return None
        merged = self.mine
        for label, fields in self.groups:
            if self._picks[label].checkedId() == 0:  # theirs
                merged = replace(merged, **{f: getattr(self.theirs, f) for f in fields})
        return merged
