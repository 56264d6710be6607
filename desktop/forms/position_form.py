"""The form that creates or edits one position, validated on every keystroke."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from db.errors import ConflictError, ParleyError, ValidationError
from db.model.inputs import PositionInput
from db.model.validation import position_problems
from db.model.vocab import ATTRIBUTION_KIND_LABELS, ATTRIBUTION_KINDS, STATUS_LABELS, STATUSES
from db.reads import queries, record_inputs, source_reads
from db.reads.last_used import offer_last_used
from desktop.context import AppContext
from desktop.forms.condition_rows import ConditionsEditor, colour_icon
from desktop.forms.conflict_dialog import ConflictDialog
from desktop.forms.date_field import DateField
from desktop.forms.form_support import problem_label, show_problem
from desktop.forms.history_dialog import HistoryDialog
from desktop.forms.problem_label import ProblemLabel
from desktop.qt.plain_text import literal, plain_label

PRECISION_LABELS = {"day": "Exact day", "month": "Month only", "approximate": "Approximate"}


def find_quote(text: str, typed: str) -> tuple[int, int] | None:
    """Where a typed quote sits in the source: exact first, then allowing any run of
    whitespace (non-breaking spaces, line breaks) wherever the user typed a space."""
    if not typed.strip():
        return None
    at = text.find(typed)
    if at >= 0:
        return at, at + len(typed)
    words = typed.split()
    match = re.search(r"\s+".join(re.escape(w) for w in words), text)
    return (match.start(), match.end()) if match else None


class PositionForm(QDialog):
    """Create (position_id None) or edit a position. `prefill` carries what the reader knows:
    source, quote and its exact offsets (the quote is then shown read-only)."""

    saved = Signal(int)  # the position id

    def __init__(self, ctx: AppContext, position_id: int | None = None,
                 prefill: PositionInput | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self._ctx = ctx
        self._db = ctx.db
        self.position_id = position_id
        self._source_texts: dict[int, str] = {}
        self._problems: dict[str, str] = {}
        self._loading = True
        self.setWindowTitle("Edit position" if position_id else "New position")
        self.setObjectName("positionForm")
        self.setAccessibleName(self.windowTitle())
        self.setMinimumWidth(560)
        self.version: int | None = None  # what a save expects (someone else's save since: refused)
        self.conflict_dialog: ConflictDialog | None = None
        if position_id is not None:
            data, self.version = record_inputs.position_state(self._db, position_id)
        else:
            data = prefill or PositionInput()
        # A new record from a source starts with the party, issue and attribution of the last
        # one saved from it: coding an article means many records from the same speaker.
        self._offered = False
        if position_id is None:
            data, self._offered = offer_last_used(self._db, data)
        # A quote that arrives with offsets (a selection, or a stored record) is kept exact.
        self._quote_locked = bool(data.quote) and data.quote_start is not None
        self._locked_quote = (data.quote, data.quote_start, data.quote_end)
        self._build()
        self._fill(data)
        self._loading = False
        self._check()
        self._fitted = False

    def showEvent(self, event: QShowEvent) -> None:
        # Sized on first show: only then do the reasons shown under fields count in the
        # layout, and a form opening with five of them must not hide its last fields.
        if not self._fitted:
            self._fitted = True
            self._fit_to_screen()
        super().showEvent(event)

    def _fit_to_screen(self) -> None:
        """Open big enough to show every field without scrolling, where the screen allows."""
        self._inner.layout().activate()
        want = self._inner.sizeHint()
        screen = self.screen().availableGeometry() if self.screen() else None
        height = want.height() + 12 * self.fontMetrics().lineSpacing() // 2
        width = want.width() + 48
        if screen is not None:
            height, width = min(height, screen.height() * 9 // 10), min(width, screen.width())
        self.resize(max(width, 640), height)

    # ------------------------------------------------------------ layout

    def _build(self) -> None:
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self._labels: dict[str, QLabel] = {}

        def add(name: str, label: str, field: QWidget, extra: QWidget | None = None) -> None:
            box = QWidget()
            lay = QVBoxLayout(box)
            lay.setContentsMargins(0, 0, 0, 0)
            lay.setSpacing(2)
            if extra is None:
                lay.addWidget(field)
            else:
                row = QHBoxLayout()
                row.addWidget(field, 1)
                row.addWidget(extra)
                lay.addLayout(row)
            # Its line is kept while empty, so reasons coming and going move nothing.
            # (Confidence is a 0-100 box that cannot be wrong; nothing sits under Notes.)
            self._labels[name] = ProblemLabel(name, reserve=name not in ("confidence", "notes"))
            lay.addWidget(self._labels[name])
            caption = QLabel(label)
            caption.setBuddy(field)
            form.addRow(caption, box)

        self.party = self._combo("Party")
        for p in queries.parties(self._db):
            self.party.addItem(colour_icon(p.colour), p.name, p.id)
        add("party_id", "&Party:", self.party)

        self.issue = self._combo("Issue")
        self._issues = {i.id: i for i in queries.issues(self._db)}
        for i in self._issues.values():
            self.issue.addItem(i.name, i.id)
        add("issue_id", "&Issue:", self.issue)

        self.level = self._combo("Stance level")
        add("level_id", "S&tance:", self.level)

        self.date = DateField()
        self.date.setAccessibleName("Date stated")
        self.precision = QComboBox()
        self.precision.setAccessibleName("Date precision")
        for key, label in PRECISION_LABELS.items():
            self.precision.addItem(label, key)
        add("stated_on", "&Date:", self.date, self.precision)

        self.status = self._combo("Status")
        for s in STATUSES:
            self.status.addItem(STATUS_LABELS.get(s, s), s)
        add("status", "Stat&us:", self.status)

        self.attributed = QComboBox()
        self.attributed.setEditable(True)
        self.attributed.setAccessibleName("Attributed to")
        self.attributed.addItems(queries.attributions(self._db))
        self.attributed.setCurrentIndex(-1)
        self.attributed.lineEdit().setPlaceholderText("Who said it, e.g. Kremlin readout")
        self.kind = self._combo("Kind of attribution")
        for k in ATTRIBUTION_KINDS:
            self.kind.addItem(ATTRIBUTION_KIND_LABELS[k], k)
        add("attributed_to", "&Attributed to:", self.attributed, self.kind)

        self.source = self._combo("Source")
        for s in source_reads.sources(self._db):
            self.source.addItem(s.title, s.id)
        add("source_id", "&Source:", self.source)

        self.quote = QPlainTextEdit()
        self.quote.setAccessibleName("Quote")
        self.quote.setTabChangesFocus(True)
        self.quote.setFixedHeight(self.fontMetrics().lineSpacing() * 5)
        self.quote_where = QLabel()
        self.quote_where.setAccessibleName("Quote position")
        self.change_quote = QPushButton("Change quote")
        self.change_quote.setAccessibleName("Change quote")
        self.change_quote.setToolTip("Type or paste a different passage of the source")
        keep = self.change_quote.sizePolicy()
        keep.setRetainSizeWhenHidden(True)  # the row keeps its height once the quote is typed
        self.change_quote.setSizePolicy(keep)
        quote_box = QWidget()
        qlay = QVBoxLayout(quote_box)
        qlay.setContentsMargins(0, 0, 0, 0)
        qlay.addWidget(self.quote)
        hint = QHBoxLayout()
        hint.addWidget(self.quote_where, 1)
        hint.addWidget(self.change_quote)
        qlay.addLayout(hint)
        add("quote", "&Quote:", quote_box)

        self.conditions = ConditionsEditor(list(self._ctx_parties()), list(self._issues.values()))
        add("conditions", "Co&nditions:", self.conditions)

        self.confidence = QSpinBox()
        self.confidence.setRange(0, 100)
        self.confidence.setSuffix(" %")
        self.confidence.setAccessibleName("Confidence")
        self.confidence.setToolTip("How sure you are that the source supports this record")
        add("confidence", "Con&fidence:", self.confidence)

        self.notes = QPlainTextEdit()
        self.notes.setAccessibleName("Notes")
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(self.fontMetrics().lineSpacing() * 4)
        add("notes", "N&otes:", self.notes)

        self.general_problem = problem_label("record")
        # Left of Save and Cancel (made first, so Tab reaches it first, as it is read).
        self.history_button = QPushButton("History…")
        self.history_button.setAccessibleName("History of this record")
        self.history_button.setToolTip("Who changed this record, what and when")
        self.history_button.clicked.connect(self.show_history)
        self.history_button.setVisible(self.position_id is not None)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setAccessibleName("Save position")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setAccessibleName("Cancel")
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)

        self.offer_note = plain_label(
            "Party, issue and attribution are those of the last record from this source.")
        self.offer_note.setObjectName("offerNote")
        self.offer_note.setWordWrap(True)
        self.offer_note.setVisible(self._offered)
        inner = QWidget()
        column = QVBoxLayout(inner)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.offer_note)
        column.addLayout(form)
        # Spare height (the form keeps its size when the reasons under fields go away)
        # collects at the bottom instead of spreading the rows apart.
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # no invisible stop between Cancel and Party
        scroll.setWidget(inner)
        outer = QVBoxLayout(self)
        outer.addWidget(scroll, 1)
        outer.addWidget(self.general_problem)
        row = QHBoxLayout()
        row.addWidget(self.history_button)
        row.addWidget(self.buttons, 1)
        outer.addLayout(row)
        self._inner = inner

        for combo in (self.party, self.level, self.precision, self.status, self.kind):
            combo.currentIndexChanged.connect(self.revalidate)
        self.issue.currentIndexChanged.connect(self._issue_changed)
        self.source.currentIndexChanged.connect(self._source_changed)
        self.attributed.editTextChanged.connect(self.revalidate)
        self.date.textChanged.connect(self.revalidate)
        self.quote.textChanged.connect(self.revalidate)
        self.notes.textChanged.connect(self.revalidate)
        self.confidence.valueChanged.connect(self.revalidate)
        self.conditions.changed.connect(self.revalidate)
        self.change_quote.clicked.connect(self.unlock_quote)

    def _ctx_parties(self) -> list[queries.PartyRow]:
        return queries.parties(self._db)

    def _combo(self, name: str) -> QComboBox:
        combo = QComboBox()
        combo.setAccessibleName(name)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(20)
        combo.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        return combo

    # ------------------------------------------------------------ filling

    @staticmethod
    def _select(combo: QComboBox, value: object) -> None:
        combo.setCurrentIndex(combo.findData(value) if value is not None else -1)

    def _fill(self, data: PositionInput) -> None:
        self._select(self.party, data.party_id)
        self._select(self.issue, data.issue_id)
        self._fill_levels()
        self._select(self.level, data.level_id)
        stated = data.stated_on
        if isinstance(stated, str):
            try:
                stated = dt.date.fromisoformat(stated)
            except ValueError:
                stated = None
        if stated is None and data.source_id is not None:
            stated = next((s.published for s in source_reads.sources(self._db)
                           if s.id == data.source_id), None)
        self.date.setDate(stated or dt.date.today())
        self._select(self.precision, data.date_precision or "day")
        self._select(self.status, data.status or None)
        self.attributed.setEditText(data.attributed_to)
        self._select(self.kind, data.attribution_kind or None)
        self._select(self.source, data.source_id)
        self.quote.setPlainText(data.quote)
        self._show_quote_mode()
        self.conditions.set_conditions(data.conditions)
        self.confidence.setValue(round(float(data.confidence) * 100))
        self.notes.setPlainText(data.notes)

    def _fill_levels(self) -> None:
        self.level.blockSignals(True)
        self.level.clear()
        issue = self._issues.get(self.issue.currentData())
        for lv in issue.levels if issue else ():
            self.level.addItem(f"{lv.value} · {lv.label}", lv.id)
            self.level.setItemData(self.level.count() - 1, literal(lv.description or lv.label),
                                   Qt.ItemDataRole.ToolTipRole)
        self.level.setCurrentIndex(-1)
        self.level.blockSignals(False)

    def _issue_changed(self) -> None:
        if not self._loading:
            self._fill_levels()
        self.revalidate()

    def _source_changed(self) -> None:
        if not self._loading and self._quote_locked:
            self.unlock_quote()  # the locked offsets belong to the previous source
        self.revalidate()

    def unlock_quote(self) -> None:
        """Let the user type the quote; its offsets are then looked up in the source."""
        self._quote_locked = False
        self._show_quote_mode()
        self.quote.setFocus()
        self.revalidate()

    def _show_quote_mode(self) -> None:
        self.quote.setReadOnly(self._quote_locked)
        self.change_quote.setVisible(self._quote_locked)
        if self._quote_locked:
            _, start, end = self._locked_quote
            self.quote_where.setText(f"Characters {start:,}–{end:,} of the source")
        else:
            self.quote.setPlaceholderText("Paste or type a passage exactly as the source has it")

    def _source_text(self, source_id: int | None) -> str:
        if source_id is None:
            return ""
        if source_id not in self._source_texts:
            self._source_texts[source_id] = source_reads.source_text(self._db, source_id)
        return self._source_texts[source_id]

    # ------------------------------------------------------------ validation

    def collect(self) -> PositionInput:
        """The record as the form currently describes it."""
        source_id = self.source.currentData()
        if self._quote_locked:
            quote, start, end = self._locked_quote
        else:
            text = self._source_text(source_id)
            found = find_quote(text, self.quote.toPlainText())
            start, end = found if found else (None, None)
            quote = text[start:end] if found else self.quote.toPlainText()
        return PositionInput(
            party_id=self.party.currentData(),
            issue_id=self.issue.currentData(),
            level_id=self.level.currentData(),
            stated_on=self.date.value(),
            date_precision=self.precision.currentData() or "",
            status=self.status.currentData() or "",
            attributed_to=self.attributed.currentText(),
            attribution_kind=self.kind.currentData() or "",
            source_id=source_id,
            quote=quote,
            quote_start=start,
            quote_end=end,
            confidence=self.confidence.value() / 100,
            notes=self.notes.toPlainText(),
            conditions=self.conditions.conditions(),
        )

    def revalidate(self) -> dict[str, str]:
        """Check the form after an edit (the write path starts loading: a save may follow)."""
        if self._loading:
            return {}
        self._ctx.ops.prepare()
        return self._check()

    def _check(self) -> dict[str, str]:
        data = self.collect()
        problems = position_problems(self._db, data)
        if not self._quote_locked:
            if data.quote_start is None and self.quote.toPlainText().strip():
                problems["quote"] = "The quote does not appear in the source text"
            elif data.quote_start is not None:
                self.quote_where.setText(
                    f"Found at characters {data.quote_start:,}–{data.quote_end:,}")
            else:
                self.quote_where.clear()
        self._show(problems)
        return problems

    def _show(self, problems: dict[str, str]) -> None:
        self._problems = problems
        for name, label in self._labels.items():
            reason = problems.get(name)
            if name == "attributed_to":
                reason = "; ".join(r for r in (reason, problems.get("attribution_kind")) if r)
            show_problem(label, reason)
        known = set(self._labels) | {"attribution_kind"}  # shown beside "attributed to"
        show_problem(self.general_problem,
                     "; ".join(v for k, v in problems.items() if k not in known) or None)
        self.save_button.setEnabled(not problems)
        self.save_button.setToolTip("" if not problems else "Fix the marked fields first")

    @property
    def problems(self) -> dict[str, str]:
        return dict(self._problems)

    # ------------------------------------------------------------ saving

    def save(self) -> None:
        if self.revalidate():
            return
        data = self.collect()
        self._write(replace(data, attributed_to=data.attributed_to.strip()))

    def _write(self, data: PositionInput) -> None:
        try:
            if self.position_id is None:
                self.position_id = self._ctx.ops.create_position(data)
            else:
                self._ctx.ops.update_position(self.position_id, data, self.version)
        except ConflictError as exc:
            self._resolve(data, exc)
            return
        except ValidationError as exc:
            self._show(exc.problems)
            return
        except ParleyError as exc:
            # Not a fault in the record (e.g. the database is locked): say so, and leave Save
            # enabled so the user can try again without having to edit something first.
            self._show({"": str(exc)})
            self.save_button.setEnabled(True)
            self.save_button.setToolTip("Try saving again")
            return
        self.saved.emit(self.position_id)
        self.accept()

    def _resolve(self, mine: PositionInput, conflict: ConflictError) -> None:
        """Someone else saved (or deleted) the record since this form read it: show both
        versions and save what the user chooses against their version."""
        dialog = ConflictDialog(self._db, mine, conflict, self)
        self.conflict_dialog = dialog

        def chosen() -> None:
            self.conflict_dialog = None
            if dialog.choice is None:
                return  # keep editing; the next Save asks again
            keep = dialog.result_input()
            if keep is None:  # take theirs: the record stays as they left it
                self.reject()
                return
            if conflict.theirs is None:  # deleted meanwhile: mine becomes a new record
                self.position_id = None
            self.version = conflict.version
            self._write(keep)

        dialog.finished.connect(chosen)
        dialog.open()

    def show_history(self) -> HistoryDialog | None:
        if self.position_id is None:
            return None
        dialog = HistoryDialog(self._ctx, "position", self.position_id, self)
        dialog.open()
        return dialog
