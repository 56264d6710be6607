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
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from db.errors import InUseError, ParleyError
from db.model.changes import Changes
from db.model.inputs import PositionInput
from db.reads import queries, source_reads
from db.reads.source_reads import QuoteSpan
from desktop.context import AppContext
from desktop.qt.empty_byline import hide_empty_bylines
from desktop.qt.plain_text import literal
from desktop.qt.text_offsets import TextMap, display_text, set_long_text

if TYPE_CHECKING:
    from desktop.dialogs.source_import_dialog import SourceDialog
    from desktop.forms.position_form import PositionForm

NEW_FROM_SELECTION_KEYS = QKeySequence("Ctrl+Shift+P")
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
        lay.addWidget(self.meta)
        lay.addLayout(buttons)
        lay.addWidget(self.text, 1)
        self.setTabOrder(self.text, self.new_button)
        self.setTabOrder(self.new_button, self.edit_button)
        self.setTabOrder(self.edit_button, self.delete_button)

        self.new_button.clicked.connect(self.new_position_from_selection)
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
            self._update_buttons()
            return
        self.source_id = row.id
        self._show_meta(row)
        text = source_reads.source_text(self._ctx.db, row.id)
        self._map = TextMap(text)
        set_long_text(self.text, display_text(text))
        hide_empty_bylines(self.text.document())
        self._highlight()
        self._update_buttons()

    def _show_meta(self, row: source_reads.SourceRow) -> None:
        self.title.setText(row.title)
        self.meta.setText(" · ".join(x for x in (
            row.outlet, row.author, row.published.isoformat() if row.published else "",
            f"{row.positions} position{'s' if row.positions != 1 else ''} coded",
            row.url) if x))

    def _highlight(self) -> None:
        self.spans = source_reads.quote_spans(self._ctx.db, self.source_id) if self.source_id else []
        base = self.palette().color(QPalette.ColorRole.Base)
        doc = self.text.document()
        selections = []
        for span in self.spans:
            colour = QColor(span.colour)
            fmt = QTextCharFormat()
            fmt.setBackground(tint(colour, base))
            fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
            fmt.setUnderlineColor(colour)
            fmt.setToolTip(literal(f"{span.party_name}: {span.level_label}"))
            sel = QTextEdit.ExtraSelection()
            cursor = QTextCursor(doc)
            cursor.setPosition(self._map.to_document(span.start))
            cursor.setPosition(self._map.to_document(span.end), QTextCursor.MoveMode.KeepAnchor)
            sel.cursor = cursor  # type: ignore[attr-defined]
            sel.format = fmt  # type: ignore[attr-defined]
            selections.append(sel)
        self.text.setExtraSelections(selections)

    def highlight_ranges(self) -> list[tuple[int, int, str]]:
        """The highlighted ranges (document positions) and their colours, as drawn."""
        return [(s.cursor.selectionStart(), s.cursor.selectionEnd(),  # type: ignore[attr-defined]
                 s.format.underlineColor().name())  # type: ignore[attr-defined]
                for s in self.text.extraSelections()]

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
