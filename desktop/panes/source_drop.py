"""Dropping article files or folders on the sources list imports them, with a progress bar
and a summary at the end (duplicates skipped and said, a bad file not stopping the rest)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QMessageBox, QProgressDialog, QWidget

from db.errors import ParleyError
from db.exchange.article_files import ARTICLE_SUFFIXES
from desktop.context import AppContext
from desktop.qt.plain_text import literal

if TYPE_CHECKING:
    from db.exchange.article_import import ImportSummary

SUMMARY_LINES = 25  # a drop of hundreds of files shows the first lines and the totals


def dropped_paths(event: QDropEvent | QDragEnterEvent) -> list[Path]:
    """The local files and folders being dragged that can hold articles."""
    mime = event.mimeData()
    if not mime.hasUrls():
        return []
    paths = [Path(u.toLocalFile()) for u in mime.urls() if u.isLocalFile()]
    return [p for p in paths if p.is_dir() or p.suffix.lower() in ARTICLE_SUFFIXES]


class SourceDrop(QObject):
    """Event filter for the sources table's viewport."""

    def __init__(self, ctx: AppContext, target: QWidget, parent: QWidget | None = None):
        super().__init__(parent or target)
        self._ctx = ctx
        self._target = target
        self.progress: QProgressDialog | None = None
        self.summary_box: QMessageBox | None = None
        self.last_summary: ImportSummary | None = None
        target.setAcceptDrops(True)
        target.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        kind = event.type()
        if kind in (QEvent.Type.DragEnter, QEvent.Type.DragMove):
            if dropped_paths(event):  # type: ignore[arg-type]
                event.acceptProposedAction()  # type: ignore[attr-defined]
                return True
            event.ignore()
            return True
        if kind == QEvent.Type.Drop:
            paths = dropped_paths(event)  # type: ignore[arg-type]
            if paths:
                event.acceptProposedAction()  # type: ignore[attr-defined]
                self.import_paths(paths)
            return True
        return False

    def import_paths(self, paths: list[Path]) -> ImportSummary | None:
        window = self._target.window()
        progress = QProgressDialog("Importing articles…", "Stop", 0, 0, window)
        progress.setWindowTitle("Import articles")
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(0)
        progress.setAutoClose(False)
        progress.setAutoReset(False)
        progress.show()
        self.progress = progress

        def step(done: int, total: int, path: Path) -> bool:
            progress.setMaximum(total)
            progress.setValue(done)
            progress.setLabelText(literal(f"Imported {done} of {total}: {path.name}"))
            QApplication.processEvents()
            return not progress.wasCanceled()

        try:
            summary = self._ctx.ops.import_files(paths, step)
        except ParleyError as exc:
            progress.close()
            QMessageBox.warning(window, "Import articles", literal(exc))
            return None
        progress.close()
        self.last_summary = summary
        lines = summary.lines()
        shown = lines[:-1][:SUMMARY_LINES] + (["…"] if len(lines) - 1 > SUMMARY_LINES else [])
        box = QMessageBox(QMessageBox.Icon.Information if not summary.failed
                          else QMessageBox.Icon.Warning, "Import articles", literal(lines[-1]),
                          QMessageBox.StandardButton.Ok, window)
        box.setInformativeText(literal("\n".join(shown)))
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.destroyed.connect(lambda *_: setattr(self, "summary_box", None))
        self.summary_box = box
        box.open()  # not modal to the code: the window stays usable behind it
        if summary.imported:
            self._ctx.navigator.show_source.emit(summary.imported[-1][1])
        return summary
