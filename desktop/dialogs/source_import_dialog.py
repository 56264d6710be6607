"""Adding an article (pasted text, or a text, Markdown, web page, MHTML or PDF file) or
editing a source's details."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from db.errors import ConflictError, ParleyError, ValidationError
from db.lazy import sources  # imported at its first use: see db.lazy
from db.model.inputs import SourceMeta
from db.model.validation import article_text_problem, check_meta
from desktop.context import AppContext
from desktop.forms.form_support import problem_label, show_problem
from desktop.qt.text_offsets import set_long_text

FILE_FILTER = ("Articles (*.txt *.md *.markdown *.html *.htm *.mhtml *.mht *.pdf);;"
               "All files (*)")


class SourceDialog(QDialog):
    """With `source_id` None: add a source (text + details). Otherwise: edit its details."""

    saved = Signal(int)  # the source id

    def __init__(self, ctx: AppContext, source_id: int | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self._ctx = ctx
        ctx.ops.prepare()  # the dialog ends in a write
        self.source_id = source_id
        self._opened_on: SourceMeta | None = None
        self._file_text: str | None = None  # the exact text read from a file, if unedited
        self._file_pages: list[tuple[int, int, int]] = []  # a loaded PDF's pages
        self.setObjectName("sourceDialog")
        self.setWindowTitle("Add source" if source_id is None else "Edit source details")
        self.setAccessibleName(self.windowTitle())
        self.setMinimumWidth(620)
        self._labels: dict[str, QLabel] = {}
        form = QFormLayout()

        def add(name: str, caption: str, field: QWidget) -> None:
            box = QWidget()
            lay = QVBoxLayout(box)
            lay.setContentsMargins(0, 0, 0, 0)
            lay.setSpacing(2)
            lay.addWidget(field)
            self._labels[name] = problem_label(name)
            lay.addWidget(self._labels[name])
            label = QLabel(caption)
            label.setBuddy(field)
            form.addRow(label, box)

        self.text = QPlainTextEdit()
        self.text.setAccessibleName("Article text")
        self.text.setPlaceholderText("Paste the article's text here, or load it from a file")
        self.text.setTabChangesFocus(True)
        self.load_button = QPushButton("Load from file…")
        self.load_button.setAccessibleName("Load article from file")
        if source_id is None:
            text_box = QWidget()
            tlay = QVBoxLayout(text_box)
            tlay.setContentsMargins(0, 0, 0, 0)
            tlay.addWidget(self.text, 1)
            row = QHBoxLayout()
            row.addWidget(self.load_button)
            row.addStretch(1)
            tlay.addLayout(row)
            # What reading the loaded file had to repair (e.g. invalid UTF-8 bytes replaced):
            # not a problem that blocks saving, but the user should look at the text.
            self.file_notice = QLabel()
            self.file_notice.setObjectName("notice_text")
            self.file_notice.setWordWrap(True)
            self.file_notice.setTextFormat(Qt.TextFormat.PlainText)
            self.file_notice.setAccessibleName("Note about the loaded file")
            self.file_notice.hide()
            tlay.addWidget(self.file_notice)
            add("text", "Article &text:", text_box)
        self.title_edit = self._line("Title", "The headline")
        add("title", "T&itle:", self.title_edit)
        self.outlet = self._line("Outlet", "e.g. Reuters")
        add("outlet", "&Outlet:", self.outlet)
        self.author = self._line("Author", "")
        add("author", "&Author:", self.author)
        self.published = self._line("Publication date", "YYYY-MM-DD (optional)")
        add("published", "&Date:", self.published)
        self.url = self._line("URL", "https://… (optional)")
        add("url", "&URL:", self.url)

        self.general_problem = problem_label("source")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText("Add source" if source_id is None else "Save")
        self.save_button.setAccessibleName(self.save_button.text())
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        outer = QVBoxLayout(self)
        outer.addLayout(form, 1)
        outer.addWidget(self.general_problem)
        outer.addWidget(self.buttons)

        if source_id is not None:
            meta = sources.source_meta(ctx.db, source_id)
            self._opened_on = meta  # what a save expects: someone else's edit since is refused
            self.title_edit.setText(meta.title)
            self.outlet.setText(meta.outlet)
            self.author.setText(meta.author)
            self.published.setText(str(meta.published or ""))
            self.url.setText(meta.url)
        for edit in (self.title_edit, self.outlet, self.author, self.published, self.url):
            edit.textChanged.connect(self.revalidate)
        self.text.textChanged.connect(self._text_edited)
        self.load_button.clicked.connect(self._choose_file)
        self.revalidate()

    def _line(self, name: str, placeholder: str) -> QLineEdit:
        edit = QLineEdit()
        edit.setAccessibleName(name)
        edit.setPlaceholderText(placeholder)
        return edit

    # ------------------------------------------------------------ text

    def _text_edited(self) -> None:
        if self._file_text is not None and self.text.document().isModified():
            self._file_text = None  # edited after loading: the editor's text is what counts
            self.file_notice.hide()
        self.revalidate()

    def article_text(self) -> str:
        """The text to store: a loaded file's exact text, else what is in the editor (with
        Qt's paragraph separators turned back into newlines, non-breaking spaces kept)."""
        if self._file_text is not None:
            return self._file_text
        return self.text.document().toRawText().replace("\u2029", "\n")

    def _choose_file(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "Load article", "", FILE_FILTER)
        if name:
            self.load_file(Path(name))

    def load_file(self, path: Path) -> bool:
        from db.exchange.article_import import read_any  # pypdf only when a file is loaded

        warnings: list[str] = []
        try:
            article = read_any(path, warnings)
        except ParleyError as exc:
            show_problem(self._labels["text"], str(exc))
            return False
        text, found = article.text, article.meta
        self._file_pages = list(article.pages)
        self.file_notice.setText("\n".join(f"ⓘ {w}" for w in warnings))
        self.file_notice.setVisible(bool(warnings))
        self.text.blockSignals(True)
        set_long_text(self.text, text)
        self.text.document().setModified(False)
        self.text.blockSignals(False)
        self._file_text = text
        # What the file says about itself (a page's title, site, author, date and address; a
        # PDF's title and author) fills the fields the analyst has left empty.
        for edit, value in ((self.title_edit, found.title), (self.outlet, found.outlet),
                            (self.author, found.author),
                            (self.published, str(found.published or "")), (self.url, found.url)):
            if value and not edit.text().strip():
                edit.setText(value[:500])
        self.revalidate()
        return True

    # ------------------------------------------------------------ validation and saving

    def meta(self) -> SourceMeta:
        return SourceMeta(self.title_edit.text(), self.outlet.text(), self.author.text(),
                          self.published.text().strip() or None, self.url.text())

    def revalidate(self) -> dict[str, str]:
        problems = check_meta(self.meta())
        if self.source_id is None:
            text = self.article_text()
            if not text.strip():
                problems["text"] = "Paste the article's text or load it from a file"
            elif msg := article_text_problem(text):
                problems["text"] = msg
        self._show(problems)
        return problems

    def _show(self, problems: dict[str, str]) -> None:
        for name, label in self._labels.items():
            show_problem(label, problems.get(name))
        other = "; ".join(v for k, v in problems.items() if k not in self._labels)
        show_problem(self.general_problem, other or None)
        self.save_button.setEnabled(not problems)

    def save(self) -> None:
        if self.revalidate():
            return
        try:
            if self.source_id is None:
                pages = self._file_pages if self._file_text is not None else None
                self.source_id = self._ctx.ops.import_source(self.article_text(), self.meta(),
                                                             pages)
            else:
                self._ctx.ops.update_source(self.source_id, self.meta(), self._opened_on)
        except ConflictError as exc:
            # Someone else saved these details since this editor opened: say who, and let a
            # second Save replace theirs knowingly (or Cancel keep them).
            self._opened_on = exc.theirs  # type: ignore[assignment]
            self._show({"": f"{exc}. Their details: {_meta_line(exc.theirs)}. Save again to "
                            "replace them with yours, or Cancel to keep theirs."})
            self.save_button.setEnabled(True)
            return
        except ValidationError as exc:
            self._show(exc.problems)
            return
        except ParleyError as exc:
            # Not a fault in what was typed (e.g. the database is locked): leave Save enabled
            # so the user can try again.
            self._show({"": str(exc)})
            self.save_button.setEnabled(True)
            return
        self.saved.emit(self.source_id)
        self._ctx.navigator.show_source.emit(self.source_id)
        self.accept()


def _meta_line(meta: SourceMeta | None) -> str:
    """A source's details on one line, for a message."""
    if meta is None:
        return "deleted"
    parts = [f"“{meta.title}”", meta.outlet, meta.author, str(meta.published or ""), meta.url]
    return ", ".join(p for p in parts if p)
