"""File → Connect to server…: the window switches to a database on a real server; the
password goes to the system keyring (a real keyring backend held in memory for the test) and
never into the settings file or anything shown; with no keyring the dialog says it is not
kept. `parley --db postgresql://…` and PARLEY_DB open the window on the server too."""

from __future__ import annotations

import os
import subprocess
import sys

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import fail
from keyring.errors import PasswordDeleteError
from PySide6.QtCore import Qt
from workspace_helpers import main_window

from db.errors import ParleyError
from db.opening import open_database
from db.reads import queries
from db.storage import credentials
from desktop.dialogs.connect_dialog import ConnectDialog, connect_dialog

PASSWORD = "parley-test-pw"


class MemoryKeyring(KeyringBackend):
    """A keyring backend (keyring's plug-in interface) that keeps passwords in memory."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.kept: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.kept.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.kept[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if self.kept.pop((service, username), None) is None:
            raise PasswordDeleteError(username)


@pytest.fixture
def use_keyring():  # type: ignore[no-untyped-def]
    previous = keyring.get_keyring()

    def use(backend: KeyringBackend) -> KeyringBackend:
        keyring.set_keyring(backend)
        return backend

    yield use
    keyring.set_keyring(previous)


@pytest.fixture
def server_name(pg_server, pg_url):  # type: ignore[no-untyped-def]
    open_database(pg_url, seed=True).close()
    return pg_url.rsplit("/", 1)[1]


def _fill(qtbot, dialog: ConnectDialog, pg_server, name: str, password: str) -> None:  # type: ignore[no-untyped-def]
    for field, text in ((dialog.host, pg_server.host), (dialog.database, name),
                        (dialog.user, "postgres")):
        field.clear()
        qtbot.keyClicks(field, text)
    dialog.port.setValue(pg_server.port)
    dialog.password.clear()
    qtbot.keyClicks(dialog.password, password)


def test_connecting_switches_the_window_and_keeps_the_password_in_the_keyring(  # type: ignore[no-untyped-def]
        seeded_db, pg_server, server_name, qtbot, tmp_path, use_keyring):
    kept = use_keyring(MemoryKeyring())
    settings = tmp_path / "ui.ini"
    window = main_window(seeded_db, qtbot, settings)
    dialog = connect_dialog(window, window.ctx)
    qtbot.addWidget(dialog)
    assert dialog.remember.isEnabled() and dialog.remember.isChecked()

    # A wrong password: said in the dialog, the window keeps its file.
    _fill(qtbot, dialog, pg_server, server_name, "wrong")
    qtbot.mouseClick(dialog.connect_button, Qt.MouseButton.LeftButton)
    assert "password" in dialog.status.text() and "refused" in dialog.status.text()
    assert not window.ctx.db.is_server and not kept.kept

    _fill(qtbot, dialog, pg_server, server_name, PASSWORD)
    qtbot.mouseClick(dialog.connect_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == ConnectDialog.DialogCode.Accepted
    db = window.ctx.db
    assert db.is_server and db.url.endswith(f"/{server_name}")
    assert window.positions.model.rowCount() == len(queries.position_rows(db))
    shown = window.statusBar().currentMessage()
    assert shown.startswith("Connected to the database") and PASSWORD not in shown
    account = f"postgres@{pg_server.host}:{pg_server.port}/{server_name}"
    assert kept.kept == {(credentials.SERVICE, account): PASSWORD}
    window.close()
    assert PASSWORD not in settings.read_text(encoding="utf-8", errors="replace")

    # Next time the kept password is filled in for the same server and user.
    again = ConnectDialog(lambda _db: None, db.url)
    qtbot.addWidget(again)
    assert again.password.text() == PASSWORD
    assert "filled in" in again.keyring_note.text()


def test_without_a_keyring_the_password_is_not_kept_and_it_says_so(  # type: ignore[no-untyped-def]
        seeded_db, pg_server, server_name, qtbot, tmp_path, use_keyring):
    use_keyring(fail.Keyring())
    window = main_window(seeded_db, qtbot, tmp_path / "ui.ini")
    dialog = connect_dialog(window, window.ctx)
    qtbot.addWidget(dialog)
    assert not dialog.remember.isEnabled() and not dialog.remember.isChecked()
    assert "will not be kept" in dialog.keyring_note.text()
    _fill(qtbot, dialog, pg_server, server_name, PASSWORD)
    qtbot.mouseClick(dialog.connect_button, Qt.MouseButton.LeftButton)
    assert window.ctx.db.is_server
    assert credentials.stored_password(window.ctx.db.url) is None


@pytest.mark.parametrize("how", ["--db", "PARLEY_DB"])
def test_the_window_opens_on_a_server_url(server_name, pg_server, how):  # type: ignore[no-untyped-def]
    url = pg_server.url(server_name)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    args = [sys.executable, "-m", "desktop", "--selftest"]
    if how == "--db":
        args[3:3] = ["--db", url]
    else:
        env["PARLEY_DB"] = url
    proc = subprocess.run(args, capture_output=True, text=True, timeout=180, env=env)
    assert proc.returncode == 0, proc.stderr + proc.stdout
    assert PASSWORD not in proc.stdout + proc.stderr


def test_a_url_without_password_uses_the_one_kept_in_the_keyring(  # type: ignore[no-untyped-def]
        server_name, pg_server, use_keyring):
    kept = use_keyring(MemoryKeyring())
    bare = f"postgresql://postgres@{pg_server.host}:{pg_server.port}/{server_name}"
    with pytest.raises(ParleyError, match="password"):
        open_database(bare)  # nothing kept yet, no ~/.pgpass: refused, one line
    kept.set_password(credentials.SERVICE, credentials.account(bare), PASSWORD)
    db = open_database(bare)
    try:
        assert queries.counts(db)["positions"] > 0
        assert PASSWORD not in db.name
    finally:
        db.close()
