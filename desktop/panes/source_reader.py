"""The source reader: an article's full text with every coded quote tinted in its party's
colour. Clicking a tint selects its record; a selection becomes a new position."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtGui import (
    QAction,
    QColor,
    QKeySequence,
    QMouseEvent,
    QPalette,
    QTextCharFormat,
    QTextCursor,
)
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from db.errors import InUseError, ParleyError
from db.model.changes import Changes
from db.model.inputs import PositionInput
from db.reads import queries, source_reads
from db.reads.pages import page_at, pages_of
from db.reads.source_reads import QuoteSpan
from desktop.context import AppContext
from desktop.qt.empty_byline import hide_empty_bylines
from desktop.qt.plain_text import literal
from desktop.qt.text_offsets import TextMap, display_text, set_long_text

if TYPE_CHECKING:
    from desktop.dialogs.source_import_dialog import SourceDialog
    from desktop.forms.position_form import PositionForm
    from desktop.panes.suggestion_panel import SuggestionPanel

NEW_FROM_SELECTION_KEYS = QKeySequence("Ctrl+Shift+P")
# The article keeps at least this many average characters a line beside the suggestions.
READABLE_CHARS = 45
TINT = 0.33  # how much party colour goes into a highlight; text stays readable on it


def tint(colour: QColor, base: QColor, amount: float = TINT) -> QColor:
    """`colour` mixed into the palette's base colour, so it works on light and dark themes."""
    return QColor.fromRgbF(
        base.redF() + (colour.redF() - base.redF()) * amount,
        base.greenF() + (colour.greenF() - base.greenF()) * amount,
        base.blueF() + (colour.blueF() - base.blueF()) * amount,
    )


class _TextView(QPlainTextEdit):
    """Read-only text that reports plain clicks (not drags) with their document position."""

    clicked_at = Signal(int)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._press: QPoint | None = None

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._press = event.position().toPoint()
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        if (self._press is not None and event.button() == Qt.MouseButton.LeftButton
                and not self.textCursor().hasSelection()):
            self.clicked_at.emit(self.cursorForPosition(event.position().toPoint()).position())
        self._press = None


class SourceReader(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self._ctx = ctx
        self.source_id: int | None = None
        self.spans: list[QuoteSpan] = []
        self.form: PositionForm | None = None
        self.source_dialog: SourceDialog | None = None
        self.suggestions: SuggestionPanel | None = None  # built on first use
        self._suggestions_orientation: Qt.Orientation | None = None  # where it was placed
        self._suggestion_marks: list[tuple[int, int, str, str]] = []
        self._pages: list[tuple[int, int, int]] = []  # a PDF source's pages
        self._map = TextMap("")
        self.setObjectName("sourceReader")

        self.title = QLabel("No source open")
        self.title.setObjectName("readerTitle")
        self.title.setWordWrap(True)
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.title.setFont(font)
        self.meta = QLabel()
        self.meta.setObjectName("readerMeta")
        self.meta.setTextFormat(Qt.TextFormat.PlainText)
        self.meta.setWordWrap(True)
        self.new_button = QPushButton("New position from selection")
        self.new_button.setAccessibleName("New position from selection")
        self.edit_button = QPushButton("Edit details…")
        self.edit_button.setAccessibleName("Edit source details")
        self.delete_button = QPushButton("Delete source")
        self.delete_button.setAccessibleName("Delete source")
        self.suggest_button = QPushButton("Suggest positions")
        self.suggest_button.setObjectName("suggestButton")
        self.suggest_button.setCheckable(True)
        self.suggest_button.setToolTip("Propose the positions this article seems to state, "
                                       "learned from the records coded so far")

        self.text = _TextView()
        self.text.setObjectName("readerText")
        self.text.setAccessibleName("Article text")
        self.text.setReadOnly(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                          | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.text.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.text.document().setDocumentMargin(12)

        self.new_action = QAction("New position from selection…", self)
        # Ctrl+N is "New position" (which also takes a selection), Ctrl+Shift+N a new
        # database; Ctrl+K would be "delete to end of line" in any line edit on X11.
        self.new_action.setShortcut(NEW_FROM_SELECTION_KEYS)
        keys = NEW_FROM_SELECTION_KEYS.toString(QKeySequence.SequenceFormat.NativeText)
        tip = f"Select a passage of the article, then code it as a position ({keys})"
        self.new_action.setToolTip(tip)
        self.new_action.setStatusTip(tip)
        self.new_button.setToolTip(tip)
        self.new_action.triggered.connect(self.new_position_from_selection)

        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addStretch(1)
        buttons.addWidget(self.edit_button)
        buttons.addWidget(self.delete_button)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addWidget(self.title)
        # On the details line, not the button row: the reader's narrowest width (which the
        # default layout gives the sources list the rest of) stays what it was.
        meta_row = QHBoxLayout()
        meta_row.addWidget(self.meta, 1)
        meta_row.addWidget(self.suggest_button, 0, Qt.AlignmentFlag.AlignTop)
        lay.addLayout(meta_row)
        lay.addLayout(buttons)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.text)
        lay.addWidget(self.splitter, 1)
        self.setTabOrder(self.text, self.new_button)
        self.setTabOrder(self.new_button, self.suggest_button)
        self.setTabOrder(self.suggest_button, self.edit_button)
        self.setTabOrder(self.edit_button, self.delete_button)

        self.new_button.clicked.connect(self.new_position_from_selection)
        self.suggest_button.toggled.connect(self.show_suggestions)
        self.edit_button.clicked.connect(self.edit_details)
        self.delete_button.clicked.connect(self.delete_source)
        self.text.selectionChanged.connect(self._update_buttons)
        self.text.clicked_at.connect(self._clicked)
        self.text.customContextMenuRequested.connect(self._context_menu)
        ctx.navigator.show_source.connect(self.open_source)
        ctx.navigator.show_position.connect(self.show_position)
        ctx.ops.changed.connect(self._data_changed)
        self._update_buttons()

    # ------------------------------------------------------------ showing

    def open_source(self, source_id: int | None, *, force: bool = False) -> None:
        if source_id == self.source_id and not force:
            return
        row = source_reads.source_row(self._ctx.db, source_id)
        if row is None:
            self.source_id = None
            self._map = TextMap("")
            self.title.setText("No source open")
            self.meta.setText("Choose a source in the Sources list, or add one "
                              "with File → Add source…")
            self.text.setPlainText("")
            self.spans = []
            self._suggestion_marks = []
            if self.suggestions is not None:
                self.suggestions.show_source(None)
            self._update_buttons()
            return
        self.source_id = row.id
        self._show_meta(row)
        text = source_reads.source_text(self._ctx.db, row.id)
        self._map = TextMap(text)
        set_long_text(self.text, display_text(text))
        hide_empty_bylines(self.text.document())
        self._suggestion_marks = []
        self._highlight()
        self._update_buttons()
        if self.suggestions is not None and self.suggestions.isVisible():
            self.suggestions.show_source(self.source_id)

    def _show_meta(self, row: source_reads.SourceRow) -> None:
        self.title.setText(row.title)
        self.meta.setText(" · ".join(x for x in (
            row.outlet, row.author, row.published.isoformat() if row.published else "",
            f"{row.positions} position{'s' if row.positions != 1 else ''} coded",
            row.url) if x))

    def _highlight(self) -> None:
        self.spans = (source_reads.quote_spans(self._ctx.db, self.source_id,
                                               self._ctx.filters.current.viewer)
                      if self.source_id else [])
        self._pages = pages_of(self._ctx.db, self.source_id) if self.source_id else []
        base = self.palette().color(QPalette.ColorRole.Base)
        doc = self.text.document()
        selections = []
        for span in self.spans:
            colour = QColor(span.colour)
            fmt = QTextCharFormat()
            fmt.setBackground(tint(colour, base))
            fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
            fmt.setUnderlineColor(colour)
            page = page_at(self._pages, span.start)
            fmt.setToolTip(literal(f"{span.party_name}: {span.level_label}"
                                   + (f" (p. {page})" if page is not None else "")))
            sel = QTextEdit.ExtraSelection()
            cursor = QTextCursor(doc)
            cursor.setPosition(self._map.to_document(span.start))
            cursor.setPosition(self._map.to_document(span.end), QTextCursor.MoveMode.KeepAnchor)
            sel.cursor = cursor  # type: ignore[attr-defined]
            sel.format = fmt  # type: ignore[attr-defined]
            selections.append(sel)
        selections += self._suggestion_selections(base)
        self.text.setExtraSelections(selections)

    def _suggestion_selections(self, base: QColor) -> list[QTextEdit.ExtraSelection]:
        """Suggestions are marked apart from coded quotes: a dashed underline in the party's
        colour on a faint tint, so a suggestion is never mistaken for a record."""
        out = []
        doc = self.text.document()
        for start, end, colour_name, tip in self._suggestion_marks:
            colour = QColor(colour_name)
            fmt = QTextCharFormat()
            fmt.setBackground(tint(colour, base, TINT / 3))
            fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DashUnderline)
            fmt.setUnderlineColor(colour)
            fmt.setToolTip(literal(tip))
            sel = QTextEdit.ExtraSelection()
            cursor = QTextCursor(doc)
            cursor.setPosition(self._map.to_document(start))
            cursor.setPosition(self._map.to_document(end), QTextCursor.MoveMode.KeepAnchor)
            sel.cursor = cursor  # type: ignore[attr-defined]
            sel.format = fmt  # type: ignore[attr-defined]
            out.append(sel)
        return out

    # ------------------------------------------------------------ suggestions

    def show_suggestions(self, on: bool = True) -> SuggestionPanel | None:
        """Show (or hide) the suggested positions for the open source beside the text."""
        if self.suggest_button.isChecked() != on:
            self.suggest_button.setChecked(on)  # comes back here through `toggled`
            return self.suggestions
        if on and self.suggestions is None:
            from desktop.panes.suggestion_panel import SuggestionPanel

            self.suggestions = SuggestionPanel(self._ctx)
            self.suggestions.marks_changed.connect(self._set_suggestion_marks)
            self.splitter.addWidget(self.suggestions)
            self.splitter.setStretchFactor(0, 3)
            self.splitter.setStretchFactor(1, 2)
        if self.suggestions is None:
            return None
        self.suggestions.setVisible(on)
        if on:
            self._place_suggestions()
            self.suggestions.show_source(self.source_id)
        else:
            self._set_suggestion_marks([])
        return self.suggestions

    def _place_suggestions(self) -> None:
        """The list beside the text when the reader is wide enough for both, else below it.
        Side by side in a narrow reader (the window's default layout with the charts open),
        the list's minimum width squeezed the article into a column a word wide; the text
        keeps 3/5 of the room either way. Sizes are set when the list is first placed or its
        side changes, so a divider the user dragged stays where it was put."""
        assert self.suggestions is not None
        readable = self.text.fontMetrics().averageCharWidth() * READABLE_CHARS
        wide = self.splitter.width() >= readable + self.suggestions.minimumSizeHint().width()
        orientation = Qt.Orientation.Horizontal if wide else Qt.Orientation.Vertical
        if orientation == self._suggestions_orientation:
            return
        self._suggestions_orientation = orientation
        self.splitter.setOrientation(orientation)
        room = self.splitter.width() if wide else self.splitter.height()
        self.splitter.setSizes([room * 3 // 5, room - room * 3 // 5])

    def _set_suggestion_marks(self, marks: list[tuple[int, int, str, str]]) -> None:
        self._suggestion_marks = marks
        self._highlight()

    def suggestion_ranges(self) -> list[tuple[int, int, str]]:
        """The dashed (suggestion) ranges as drawn: document positions and colour."""
        dash = QTextCharFormat.UnderlineStyle.DashUnderline
        return [(s.cursor.selectionStart(), s.cursor.selectionEnd(),  # type: ignore[attr-defined]
                 s.format.underlineColor().name())  # type: ignore[attr-defined]
                for s in self.text.extraSelections()
                if s.format.underlineStyle() == dash]  # type: ignore[attr-defined]

    def highlight_ranges(self) -> list[tuple[int, int, str]]:
        """The coded quotes' ranges (document positions) and their colours, as drawn."""
        dash = QTextCharFormat.UnderlineStyle.DashUnderline
        return [(s.cursor.selectionStart(), s.cursor.selectionEnd(),  # type: ignore[attr-defined]
                 s.format.underlineColor().name())  # type: ignore[attr-defined]
                for s in self.text.extraSelections()
                if s.format.underlineStyle() != dash]  # type: ignore[attr-defined]

    def show_position(self, position_id: int) -> None:
        """Open the position's source and select its quote."""
        row = queries.position_row(self._ctx.db, position_id)
        if row is None:
            return
        if row.source_id != self.source_id:
            self._ctx.navigator.show_source.emit(row.source_id)
            self.open_source(row.source_id)
        cursor = self.text.textCursor()
        cursor.setPosition(self._map.to_document(row.quote_start))
        cursor.setPosition(self._map.to_document(row.quote_end), QTextCursor.MoveMode.KeepAnchor)
        self.text.setTextCursor(cursor)
        self.text.centerCursor()

    def _data_changed(self, changes: Changes) -> None:
        if self.source_id is None or not changes.touches("position", "party", "issue",
                                                          "source"):
            return
        row = source_reads.source_row(self._ctx.db, self.source_id)
        if row is None:
            self.open_source(None)
            return
        # The text itself never changes; only the details and the marks need redrawing.
        self._show_meta(row)
        self._highlight()

    # ------------------------------------------------------------ selection → position

    def selection_offsets(self) -> tuple[int, int] | None:
        """The selection as offsets into the stored text, trimmed of whitespace."""
        cursor = self.text.textCursor()
        if not cursor.hasSelection() or self.source_id is None:
            return None
        start, end = self._map.span_to_text(cursor.selectionStart(), cursor.selectionEnd())
        return (start, end) if end > start else None

    def _update_buttons(self) -> None:
        has_source = self.source_id is not None
        has_sel = self.selection_offsets() is not None
        self.new_button.setEnabled(has_sel)
        self.new_action.setEnabled(has_sel)
        self.edit_button.setEnabled(has_source)
        self.delete_button.setEnabled(has_source)

    def _context_menu(self, pos: QPoint) -> None:
        menu = self.text.createStandardContextMenu(pos)
        menu.insertAction(menu.actions()[0] if menu.actions() else None, self.new_action)
        menu.insertSeparator(menu.actions()[1] if len(menu.actions()) > 1 else None)
        self._update_buttons()
        menu.exec(self.text.viewport().mapToGlobal(pos))
        menu.deleteLater()

    def new_position_from_selection(self) -> PositionForm | None:
        offsets = self.selection_offsets()
        if offsets is None:
            return None
        start, end = offsets
        text = self._map.text
        prefill = PositionInput(source_id=self.source_id, quote=text[start:end],
                                quote_start=start, quote_end=end)
        from desktop.forms.position_form import PositionForm

        form = PositionForm(self._ctx, None, prefill=prefill, parent=self.window())
        form.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        form.saved.connect(self._ctx.navigator.show_position.emit)
        form.destroyed.connect(lambda *_: setattr(self, "form", None))
        self.form = form
        form.open()
        return form

    def _clicked(self, position: int) -> None:
        offset = self._map.to_text(position)
        # The innermost (shortest) quote under the click wins when quotes overlap.
        hits = [s for s in self.spans if s.start <= offset < s.end]
        if hits:
            best = min(hits, key=lambda s: s.end - s.start)
            self._ctx.navigator.show_position.emit(best.position_id)

    # ------------------------------------------------------------ source commands

    def edit_details(self) -> None:
        if self.source_id is None:
            return
        from desktop.dialogs.source_import_dialog import SourceDialog

        dialog = SourceDialog(self._ctx, source_id=self.source_id, parent=self.window())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.destroyed.connect(lambda *_: setattr(self, "source_dialog", None))
        self.source_dialog = dialog
        dialog.open()

    def delete_source(self) -> None:
        if self.source_id is None:
            return
        title = self.title.text()
        used = source_reads.positions_quoting(self._ctx.db, self.source_id)
        if used:
            # Said before asking: "Delete …?" then "it is in use" after Yes asked for nothing.
            QMessageBox.information(self, "The source is in use", literal(
                f"“{title}” is quoted by {used} position{'s' if used != 1 else ''}; delete "
                "those first (the table's source filter lists them)."))
            return
        answer = QMessageBox.question(
            self, "Delete source", literal(f"Delete “{title}”? (Edit → Undo brings it back.)"))
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            self._ctx.ops.delete_source(self.source_id)
        except InUseError as exc:
            QMessageBox.information(self, "The source is in use", literal(exc))
        except ParleyError as exc:
            QMessageBox.warning(self, "Cannot delete the source", literal(exc))
