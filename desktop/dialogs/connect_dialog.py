"""File → Connect to server…: open a team's database on a PostgreSQL server in this window.

Host, port, database and user are typed; the password is asked for here and, when the
system has a keyring, kept there (db.storage.credentials) — never in a file, the settings
or any URL shown. With no keyring the dialog says the password is not kept and will be
asked for each time.
"""

from __future__ import annotations

import getpass
from collections.abc import Callable
from urllib.parse import unquote, urlsplit

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from db.errors import ParleyError
from db.opening import open_database
from db.storage import credentials
from db.storage.database import Database
from db.storage.server_url import describe
from desktop.qt.plain_text import plain_label

KEPT_NOTE = "The password is kept in the system keyring (never in a file or the settings)."
DEFAULT_PORT = 5432


def _login() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return ""


class ConnectDialog(QDialog):
    """Asks for a server database and its password; `connect_to_server()` opens it and hands it
    to `use(db)` (the window switches to it). On failure the reason is shown in the dialog,
    which stays open, and the window keeps its database."""

    def __init__(self, use: Callable[[Database], None], current_url: str | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self._use = use
        self.setWindowTitle("Connect to server")
        self.setMinimumWidth(460)
        self.host = QLineEdit("localhost")
        self.port = QSpinBox()
        self.port.setRange(1, 65535)
        self.port.setValue(DEFAULT_PORT)
        self.database = QLineEdit("parley")
        self.user = QLineEdit(_login())
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        for widget, name in ((self.host, "Host"), (self.port, "Port"),
                             (self.database, "Database"), (self.user, "User"),
                             (self.password, "Password")):
            widget.setAccessibleName(name)
        self.remember = QCheckBox("Keep the password in the system keyring")
        self.keyring_note = plain_label()
        self.keyring_note.setWordWrap(True)
        self.keyring_note.setObjectName("keyringNote")
        problem = credentials.keyring_problem()
        self.remember.setEnabled(problem is None)
        self.remember.setChecked(problem is None)
        self.keyring_note.setText(KEPT_NOTE if problem is None else (
            f"The password will not be kept: {problem}. Parley asks for it each time."))
        self.status = plain_label()
        self.status.setWordWrap(True)
        self.status.setObjectName("connectStatus")
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status.hide()  # shown with a message (connecting, or why it failed)

        form = QFormLayout()
        form.addRow("&Host:", self.host)
        form.addRow("&Port:", self.port)
        form.addRow("&Database:", self.database)
        form.addRow("&User:", self.user)
        form.addRow("Pass&word:", self.password)
        form.addRow("", self.remember)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.connect_button = self.buttons.addButton(
            "&Connect", QDialogButtonBox.ButtonRole.AcceptRole)
        self.connect_button.setDefault(True)
        self.buttons.accepted.connect(self.connect_to_server)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.keyring_note)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        if current_url:
            self._fill_from(current_url)
        for field in (self.host, self.database, self.user):
            field.editingFinished.connect(self._offer_kept_password)
        self.port.editingFinished.connect(self._offer_kept_password)
        self._offer_kept_password()

    def _fill_from(self, url: str) -> None:
        parts = urlsplit(url)
        self.host.setText(parts.hostname or "localhost")
        try:
            self.port.setValue(parts.port or DEFAULT_PORT)
        except ValueError:
            pass
        self.database.setText(unquote(parts.path.lstrip("/")))
        self.user.setText(unquote(parts.username or ""))

    def url(self, password: str | None = None) -> str:
        """The server URL the fields give (with `password` in it only when given: it is
        never shown)."""
        return credentials.server_url(self.host.text().strip(), self.port.value(),
                                      self.database.text().strip(), self.user.text().strip(),
                                      password)

    def _offer_kept_password(self) -> None:
        if self.password.text() or not self.user.text().strip():
            return
        kept = credentials.stored_password(self.url())
        if kept:
            self.password.setText(kept)
            self.keyring_note.setText("The password kept in the system keyring was filled in.")

    def _say(self, text: str) -> None:
        self.status.setText(text)
        self.status.show()
        self.status.repaint()  # "Connecting…" shows while the connection is made

    def connect_to_server(self) -> None:
        missing = [name for name, field in (("host", self.host), ("database", self.database),
                                            ("user", self.user)) if not field.text().strip()]
        if missing:
            self._say(f"Give the {' and '.join(missing)} to connect to.")
            return
        password = self.password.text()
        self._say(f"Connecting to {self.database.text().strip()} on "
                  f"{self.host.text().strip()}:{self.port.value()}…")
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            db = open_database(self.url(password or None))
        except ParleyError as exc:
            self._say(str(exc))
            if "password" in str(exc).lower():
                credentials.forget_password(self.url())
            return
        finally:
            QGuiApplication.restoreOverrideCursor()
        if self.remember.isChecked() and password:
            why_not = credentials.store_password(self.url(), password)
            if why_not:
                self.keyring_note.setText(f"The password was not kept: {why_not}.")
        self._use(db)
        self.accept()


def connect_dialog(window, ctx) -> ConnectDialog:  # type: ignore[no-untyped-def]
    """The dialog for `window`: the fields show the server open now, if any; connecting
    switches the window to the chosen database."""

    def use(db: Database) -> None:
        ctx.ops.set_database(db)
        window.statusBar().showMessage(f"Connected to {describe(db.url)}", 8000)

    return ConnectDialog(use, ctx.db.url, window)


def install_connect_action(window, ctx) -> QAction:  # type: ignore[no-untyped-def]
    """Add File → Connect to server… to the main window's File menu."""
    action = window.add_file_action("Co&nnect to server…",
                                    lambda: connect_dialog(window, ctx).exec(), None,
                                    "Open a team's database on a PostgreSQL server")
    action.setObjectName("connect_to_server")
    return action
