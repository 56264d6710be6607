"""File → Restore from backup…: the backups beside the open database, and restoring one."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from db.errors import ParleyError
from db.opening import open_database
from db.restore import restore_backup
from db.storage.backup import BackupInfo, backup_database, list_backups, record_counts
from desktop.qt.plain_text import literal, plain_label

COLUMNS = ["Taken", "Reason", "Positions", "Sources", "Parties", "Issues", "Size"]
REASONS = {"startup": "At startup", "pre-migration": "Before upgrade", "manual": "Manual",
           "pre-restore": "Before a restore", "damaged": "Damaged file"}


def _size(n: int) -> str:
    return f"{n / 1024:,.0f} KB" if n < 1024 * 1024 else f"{n / 1048576:,.1f} MB"


class RestoreDialog(QDialog):
    """Lists the backups (newest first) with their record counts; restores the chosen one
    after confirmation, taking a backup of the current file first."""

    def __init__(self, ctx, parent: QWidget | None = None):  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self.ctx = ctx
        self.backups: list[BackupInfo] = []
        self.setWindowTitle("Restore from backup")
        self.resize(760, 380)
        self.intro = plain_label()
        self.intro.setWordWrap(True)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setAccessibleName("Backups")
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.status = plain_label()
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.restore_button = QPushButton("Restore…")
        self.backup_button = QPushButton("Back up now")
        buttons.addButton(self.backup_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.restore_button.clicked.connect(self.restore_selected)
        self.backup_button.clicked.connect(self.back_up_now)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.itemDoubleClicked.connect(lambda _item: self.restore_selected())
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.table)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        self.reload()

    def reload(self) -> None:
        path = self.ctx.db.path
        self.backups = list_backups(path)
        self.intro.setText(
            f"Backups of {path.name} in {path.parent / 'backups'}. Restoring one replaces the "
            "open database; the current state is backed up first, so a restore can itself "
            "be undone from this list.")
        self.table.setRowCount(len(self.backups))
        for row, info in enumerate(self.backups):
            counts = record_counts(info.path)
            cells = [info.taken_at.strftime("%Y-%m-%d %H:%M:%S"),
                     REASONS.get(info.reason, info.reason)]
            if counts is None:
                cells += ["unreadable", "", "", ""]
            else:
                cells += [str(counts[k]) for k in ("positions", "sources", "parties", "issues")]
            cells.append(_size(info.size))
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if col >= 2:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, col, item)
        if not self.backups:
            self.status.setText("No backups yet. Parley takes one at every launch and before "
                                "every upgrade; “Back up now” takes one immediately.")
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.restore_button.setEnabled(self.selected() is not None)

    def selected(self) -> BackupInfo | None:
        rows = self.table.selectionModel().selectedRows()
        return self.backups[rows[0].row()] if rows else None

    def select_row(self, row: int) -> None:
        self.table.selectRow(row)

    def back_up_now(self) -> None:
        try:
            target = backup_database(self.ctx.db, reason="manual")
        except ParleyError as exc:
            self.status.setText(f"Backup failed: {exc}")
            return
        self.reload()
        self.status.setText(f"Backed up to {target.name}.")

    def _confirm(self, info: BackupInfo) -> bool:
        box = QMessageBox(QMessageBox.Icon.Warning, "Restore from backup",
                          f"Replace the open database with the backup taken "
                          f"{info.taken_at:%Y-%m-%d %H:%M:%S}?\n\nThe current state is "
                          "backed up first, and the undo history is cleared.",
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
                          self)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.button(QMessageBox.StandardButton.Yes).setText("Restore")
        return box.exec() == QMessageBox.StandardButton.Yes

    def restore_selected(self) -> None:
        info = self.selected()
        if info is None or not self._confirm(info):
            return
        path = self.ctx.db.path
        try:
            saved = restore_backup(path, info.path, timeout_ms=self.ctx.db.timeout_ms)
        except ParleyError as exc:
            said = str(exc)
            self.status.setText(said if "nothing was restored" in said.lower()
                                else f"Nothing was restored: {said}")
            return
        try:
            new_db = open_database(path)
        except ParleyError as exc:
            self.status.setText(f"The backup was restored, but reopening it failed: {exc}")
            return
        self.ctx.ops.set_database(new_db)
        self.reload()
        note = f" The previous state was saved as {saved.name}." if saved else ""
        self.status.setText(f"Restored the backup of {info.taken_at:%Y-%m-%d %H:%M:%S}.{note}")


def _restore(window, ctx) -> None:  # type: ignore[no-untyped-def]
    if ctx.db.is_server:  # backups are copies of a file; a server keeps its own
        QMessageBox.information(window, "Restore from backup", literal(
            f"{ctx.db.name} is a database on a PostgreSQL server. Parley's backups are copies "
            "of a database file; a server database is backed up and restored on its server "
            "(pg_dump and pg_restore)."))
        return
    RestoreDialog(ctx, window).exec()


def install_restore_action(window, ctx) -> QAction:  # type: ignore[no-untyped-def]
    """Add File → Restore from backup… to the main window's File menu."""
    action = window.add_file_action("&Restore from backup…",
                                    lambda: _restore(window, ctx), None,
                                    "Replace the database with one of its automatic backups")
    action.setObjectName("restore_from_backup")
    return action
