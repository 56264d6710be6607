"""Suggested positions beside the reader: a list (party, issue, stance, confidence, why) and
dashed marks on the text. Accept opens the position form filled in (saved through Ops, with
undo); Reject dismisses for good (stored); "Accept all above N%" asks first. Nothing becomes
a record without the analyst's action."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from db.errors import ParleyError
from db.model.changes import Changes
from db.reads import queries, source_reads
from db.suggest.engine import Suggestion
from db.suggest.prefill import suggestion_input
from db.suggest.source import suggest_for_source
from desktop.context import AppContext
from desktop.qt.background import Results, run_in_pool
from desktop.qt.plain_text import literal

if TYPE_CHECKING:
    from desktop.forms.position_form import PositionForm

COLUMNS = ["Party", "Issue", "Stance", "Confidence", "Why"]
# Above this many characters (~0.6 s of work) suggestions are worked out on a worker thread.
IN_THREAD_ABOVE = 100_000


class SuggestionPanel(QWidget):
    """The suggestions for the reader's open source."""

    marks_changed = Signal(list)  # [(start, end, colour, tooltip)] in stored-text offsets

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self._ctx = ctx
        self.source_id: int | None = None
        self.suggestions: list[Suggestion] = []
        self.form: PositionForm | None = None
        self._generation = 0  # a worker's result for an older refresh is dropped
        self._results = Results()  # unparented: a worker may outlive the panel
        self._results.done.connect(self._worker_done)
        self.setObjectName("suggestionPanel")

        self.heading = QLabel("Suggested positions")
        self.heading.setObjectName("suggestionHeading")
        font = self.heading.font()
        font.setBold(True)
        self.heading.setFont(font)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setTextFormat(Qt.TextFormat.PlainText)
        self.model = QStandardItemModel(0, len(COLUMNS), self)
        self.model.setHorizontalHeaderLabels(COLUMNS)
        self.table = QTableView()
        self.table.setObjectName("suggestionTable")
        self.table.setAccessibleName("Suggested positions")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for col, width in enumerate((90, 130, 170, 84)):
            self.table.setColumnWidth(col, width)
        header.setStretchLastSection(True)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)

        self.accept_button = QPushButton("Accept…")
        self.accept_button.setToolTip("Open the position form filled in with this suggestion")
        self.reject_button = QPushButton("Reject")
        self.reject_button.setToolTip("Dismiss this suggestion; it is not suggested again")
        self.threshold = QSpinBox()
        self.threshold.setRange(1, 100)
        self.threshold.setValue(80)
        self.threshold.setSuffix("%")
        self.threshold.setAccessibleName("Accept all above this confidence")
        self.accept_all_button = QPushButton("Accept all above")
        self.accept_all_button.setToolTip("Save every suggestion at or above this confidence "
                                          "as a position (asks first; one undo takes them back)")
        buttons = QHBoxLayout()
        buttons.addWidget(self.accept_button)
        buttons.addWidget(self.reject_button)
        buttons.addStretch(1)
        buttons.addWidget(self.accept_all_button)
        buttons.addWidget(self.threshold)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 0, 0, 0)
        lay.addWidget(self.heading)
        lay.addWidget(self.note)
        lay.addWidget(self.table, 1)
        lay.addLayout(buttons)

        self.accept_button.clicked.connect(self.accept_selected)
        self.reject_button.clicked.connect(self.reject_selected)
        self.accept_all_button.clicked.connect(self.accept_all_above)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.table.doubleClicked.connect(lambda *_: self.accept_selected())
        ctx.ops.changed.connect(self._data_changed)
        self._update_buttons()

    # ------------------------------------------------------------ reading

    def show_source(self, source_id: int | None) -> None:
        self.source_id = source_id
        self.refresh()

    def refresh(self) -> None:
        """Suggest again (what was coded or rejected since drops out), keeping the row.
        A long article (~6 s per million characters) is read on a worker thread, so the
        window stays usable; an ordinary one (~60 ms) right here."""
        keep = self.selected()
        self._generation += 1
        self.suggestions = []
        if self.source_id is None or not self.isVisible():
            self._show_result(keep)
            return
        length = len(source_reads.source_text(self._ctx.db, self.source_id))
        if length > IN_THREAD_ABOVE:
            self._fill()
            self.note.setText(f"Suggesting… (a long article: {length:,} characters)")
            self._update_buttons()
            db, sid, generation = self._ctx.db, self.source_id, self._generation
            run_in_pool(self._results, generation, lambda: (keep, suggest_for_source(db, sid)))
            return
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            self.suggestions = suggest_for_source(self._ctx.db, self.source_id)
        except ParleyError as exc:
            self._show_result(keep, str(exc))
            return
        finally:
            QGuiApplication.restoreOverrideCursor()
        self._show_result(keep)

    def _worker_done(self, generation: int, result: object) -> None:
        if generation != self._generation:
            return  # another source, or a newer refresh, since
        if isinstance(result, Exception):
            message = str(result) if isinstance(result, ParleyError) else \
                f"Could not suggest positions: {result}"
            self._show_result(None, message)
            return
        keep, self.suggestions = result  # type: ignore[misc]
        self._show_result(keep)

    @property
    def busy(self) -> bool:
        """A long article's suggestions are still being worked out."""
        return self.note.text().startswith("Suggesting…")

    def _show_result(self, keep: Suggestion | None, problem: str = "") -> None:
        self._fill()
        if problem:
            self.note.setText(problem)
        if keep is not None:
            self.select_matching(keep)
        self._update_buttons()

    def _fill(self) -> None:
        parties = {p.key: p for p in queries.parties(self._ctx.db)}
        issues = {i.key: i for i in queries.issues(self._ctx.db)}
        self.model.removeRows(0, self.model.rowCount())
        marks = []
        for s in self.suggestions:
            party = parties.get(s.party)
            issue = issues.get(s.issue)
            label = next((lv.label for lv in issue.levels if lv.value == s.level), str(s.level)) \
                if issue else str(s.level)
            # In words, as the positions table shows a status ("alleged violation").
            stance = f"{s.status.replace('_', ' ')} {s.level}: {label}"
            row = [QStandardItem(party.name if party else s.party),
                   QStandardItem(issue.name if issue else s.issue), QStandardItem(stance),
                   QStandardItem(f"{s.confidence:.0%}"), QStandardItem(s.why)]
            row[3].setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            for item in row:
                item.setToolTip(literal(f"“{s.quote}”\n\n{s.attributed_to} · {s.stated_on}\n"
                                        f"why: {s.why}"))
            self.model.appendRow(row)
            colour = party.colour if party else "#808080"
            marks.append((s.quote_start, s.quote_end, colour,
                          f"Suggested: {party.name if party else s.party} — {stance}"))
        n = len(self.suggestions)
        self.note.setText(
            "Nothing to suggest: every position found is coded or was rejected."
            if n == 0 and self.source_id is not None else
            f"{n} suggestion{'s' if n != 1 else ''}, learned from the records coded so far. "
            "Check each against the text before accepting." if n else "")
        self.marks_changed.emit(marks)

    def _data_changed(self, changes: Changes) -> None:
        if self.isVisible() and changes.touches("position", "party", "issue", "source"):
            self.refresh()

    # ------------------------------------------------------------ selection

    def selected(self) -> Suggestion | None:
        rows = self.table.selectionModel().selectedRows()
        return self.suggestions[rows[0].row()] if rows else None

    def select_row(self, row: int) -> None:
        self.table.selectRow(row)

    def select_matching(self, s: Suggestion) -> None:
        for n, other in enumerate(self.suggestions):
            if (other.party, other.issue, other.quote_start) == (s.party, s.issue, s.quote_start):
                self.table.selectRow(n)
                return

    def _update_buttons(self) -> None:
        has = self.selected() is not None
        self.accept_button.setEnabled(has)
        self.reject_button.setEnabled(has)
        self.accept_all_button.setEnabled(bool(self.suggestions))

    # ------------------------------------------------------------ actions

    def accept_selected(self) -> PositionForm | None:
        s = self.selected()
        if s is None or self.source_id is None:
            return None
        from desktop.forms.position_form import PositionForm

        data = suggestion_input(self._ctx.db, self.source_id, s)
        form = PositionForm(self._ctx, None, prefill=data, parent=self.window())
        form.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        form.saved.connect(self._ctx.navigator.show_position.emit)
        form.destroyed.connect(lambda *_: setattr(self, "form", None))
        self.form = form
        form.open()
        return form

    def reject_selected(self) -> None:
        s = self.selected()
        if s is None or self.source_id is None:
            return
        try:
            self._ctx.ops.reject_suggestion(self.source_id, s.party, s.issue, s.quote_start,
                                            s.quote_end)
        except ParleyError as exc:
            QMessageBox.warning(self, "Cannot reject the suggestion", literal(exc))

    def accept_all_above(self) -> None:
        if self.source_id is None:
            return
        floor = self.threshold.value() / 100
        chosen = [s for s in self.suggestions if s.confidence >= floor - 1e-9]
        if not chosen:
            QMessageBox.information(self, "Accept suggestions",
                                    f"No suggestion has a confidence of {self.threshold.value()}% "
                                    "or more.")
            return
        answer = QMessageBox.question(
            self, "Accept suggestions",
            f"Save {len(chosen)} suggestion{'s' if len(chosen) != 1 else ''} with a confidence of "
            f"{self.threshold.value()}% or more as positions, without checking each in the "
            "form? (Edit → Undo takes them all back.)")
        if answer != QMessageBox.StandardButton.Yes:
            return
        items = [suggestion_input(self._ctx.db, self.source_id, s) for s in chosen]
        try:
            self._ctx.ops.accept_suggestions(items)
        except ParleyError as exc:
            QMessageBox.warning(self, "Cannot accept the suggestions", literal(exc))
