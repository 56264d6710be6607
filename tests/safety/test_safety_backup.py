"""Backups: consistent copies at startup and before migrations, rotated, listed with record
counts, restorable (current file backed up first) from the CLI and File → Restore…"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from db.errors import DatabaseFileError
from db.exchange import json_csv as exchange
from db.model.tables import Setting
from db.opening import open_database
from db.reads import queries
from db.restore import restore_backup
from db.storage.backup import backup_database, backups_dir, list_backups, record_counts, startup_backup
from db.storage.database import Database
from db.writes.positions import delete_positions
from desktop.cli.main import main
from desktop.dialogs.restore_dialog import RestoreDialog, install_restore_action


def _ids(db: Database) -> list[int]:
    return [r.id for r in queries.position_rows(db)]


def test_startup_backup_is_a_consistent_single_file_copy(seeded_db: Database):
    delete_positions(seeded_db, _ids(seeded_db)[:5])  # committed, still in the WAL
    assert seeded_db.path.with_name(seeded_db.path.name + "-wal").stat().st_size > 0
    target = startup_backup(seeded_db)
    assert target.parent == seeded_db.path.parent / "backups"
    assert list_backups(seeded_db.path)[0].reason == "startup"
    # A file copy of the main file would miss the WAL; the online backup has the edit.
    assert record_counts(target)["positions"] == queries.counts(seeded_db)["positions"]
    assert [p.name for p in target.parent.iterdir()] == [target.name]  # no -wal/-shm
    con = sqlite3.connect(f"file:{target}?mode=ro", uri=True)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    con.close()


def test_rotation_keeps_the_newest_n_env_over_setting(seeded_db: Database,
                                                      monkeypatch: pytest.MonkeyPatch):
    with seeded_db.write() as s:
        s.add(Setting(key="backup_keep", value="2"))
    made = [backup_database(seeded_db) for _ in range(4)]
    assert [b.path for b in list_backups(seeded_db.path)] == made[::-1][:2]
    monkeypatch.setenv("PARLEY_BACKUP_KEEP", "4")
    made += [backup_database(seeded_db) for _ in range(4)]
    assert [b.path for b in list_backups(seeded_db.path)] == made[::-1][:4]


def test_launches_without_edits_do_not_rotate_history_away(seeded_db: Database,
                                                           monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("PARLEY_BACKUP_KEEP", "3")
    first = startup_backup(seeded_db)
    delete_positions(seeded_db, _ids(seeded_db)[:2])
    second = startup_backup(seeded_db)
    for _ in range(5):  # five launches, nothing edited
        assert startup_backup(seeded_db) == second
    assert [b.path for b in list_backups(seeded_db.path)] == [second, first]
    assert record_counts(first)["positions"] == 84


def test_backup_before_migration(tmp_path: Path):
    path = tmp_path / "old.sqlite3"
    # A database from before the first migration: Alembic's table, no schema yet.
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)")
    con.commit()
    con.close()
    db = open_database(path, seed=False)
    reasons = [b.reason for b in list_backups(path)]
    db.close()
    assert reasons == ["pre-migration"]


def test_restore_brings_back_the_data_and_keeps_the_current_state(seeded_db: Database):
    good = startup_backup(seeded_db)
    before = exchange.export_data(seeded_db)
    delete_positions(seeded_db, _ids(seeded_db)[:10])
    saved = restore_backup(seeded_db.path, good)
    assert saved is not None and "pre-restore" in saved.name
    assert record_counts(saved)["positions"] == len(before["positions"]) - 10
    db = open_database(seeded_db.path)
    assert exchange.export_data(db) == before
    db.close()


def test_restore_refuses_a_bad_backup_and_changes_nothing(seeded_db: Database, tmp_path: Path):
    bad = tmp_path / "bad.sqlite3"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    before = exchange.export_data(seeded_db)
    with pytest.raises(DatabaseFileError, match="not an SQLite file"):
        restore_backup(seeded_db.path, bad)
    assert exchange.export_data(seeded_db) == before
    assert not backups_dir(seeded_db.path).exists()  # nothing touched, not even a backup


def test_restore_over_a_damaged_file_keeps_its_bytes(seeded_db: Database):
    good = startup_backup(seeded_db)
    path = seeded_db.path
    seeded_db.close()
    path.write_bytes(b"SQLite format 3\x00" + b"\xff" * 5000)
    damaged = path.read_bytes()
    saved = restore_backup(path, good)
    assert saved is not None and "damaged" in saved.name and saved.read_bytes() == damaged
    db = open_database(path)
    assert queries.counts(db)["positions"] == 84
    db.close()


def test_restoring_the_oldest_backup_survives_rotation(seeded_db: Database,
                                                       monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("PARLEY_BACKUP_KEEP", "2")
    oldest = startup_backup(seeded_db)
    delete_positions(seeded_db, _ids(seeded_db)[:1])
    startup_backup(seeded_db)
    restore_backup(seeded_db.path, oldest)
    assert oldest.exists()
    assert queries.counts(seeded_db)["positions"] == 84


def test_cli_backup_list_and_restore(seeded_db: Database, capsys: pytest.CaptureFixture[str]):
    path = seeded_db.path
    assert main(["backup", "--db", str(path)]) == 0
    out = capsys.readouterr().out
    assert "Backed up" in out and "84 positions" in out
    backup = list_backups(path)[0].path
    delete_positions(seeded_db, _ids(seeded_db)[:3])
    assert main(["backup", "--list", "--db", str(path)]) == 0
    assert "84 positions" in capsys.readouterr().out
    assert main(["restore", str(backup), "--db", str(path)]) == 0
    out = capsys.readouterr().out
    assert "Saved the current file as" in out and "84 positions" in out
    assert queries.counts(seeded_db)["positions"] == 84
    assert main(["restore", str(path.parent / "nope.sqlite3"), "--db", str(path)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "does not exist" in err


def _answer_confirmation(button: QMessageBox.StandardButton) -> None:
    def click() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            box.button(button).click()
        else:
            QTimer.singleShot(20, click)

    QTimer.singleShot(0, click)


def test_restore_dialog_lists_and_restores(ctx, qtbot):  # type: ignore[no-untyped-def]
    good = startup_backup(ctx.db)
    delete_positions(ctx.db, _ids(ctx.db)[:7])
    startup_backup(ctx.db)
    dialog = RestoreDialog(ctx)
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == 2
    cells = [[dialog.table.item(r, c).text() for c in range(7)] for r in range(2)]
    assert cells[0][1] == "At startup" and cells[0][2] == "77" and cells[1][2] == "84"
    assert cells[1][0] == list_backups(ctx.db.path)[1].taken_at.strftime("%Y-%m-%d %H:%M:%S")
    assert not dialog.restore_button.isEnabled()
    old_db = ctx.db
    # Cancelling the confirmation changes nothing.
    dialog.select_row(1)
    _answer_confirmation(QMessageBox.StandardButton.Cancel)
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    assert ctx.db is old_db and queries.counts(ctx.db)["positions"] == 77
    dialog.select_row(1)
    assert dialog.selected().path == good
    with qtbot.waitSignal(ctx.ops.database_replaced, timeout=5000):
        _answer_confirmation(QMessageBox.StandardButton.Yes)
        qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    assert ctx.db is not old_db
    assert queries.counts(ctx.db)["positions"] == 84
    assert "Restored the backup" in dialog.status.text()
    assert "pre-restore" in dialog.status.text()
    reasons = [dialog.table.item(r, 1).text() for r in range(dialog.table.rowCount())]
    assert reasons[0] == "Before a restore"


def test_install_restore_action_adds_file_menu_entry(ctx, qtbot, tmp_path):  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QSettings

    from desktop.main_window import MainWindow

    window = MainWindow(ctx, QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    action = install_restore_action(window, ctx)
    actions = window.file_menu.actions()
    assert actions.index(action) < actions.index(window.quit_action)
    assert action.text() == "&Restore from backup…"
    seen: list[str] = []

    def close_dialog() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, RestoreDialog):
            seen.append(dialog.windowTitle())
            dialog.reject()
        else:
            QTimer.singleShot(20, close_dialog)

    QTimer.singleShot(0, close_dialog)
    action.trigger()
    assert seen == ["Restore from backup"]


def test_restore_action_sits_above_quit_in_the_main_window(ctx, qtbot):  # type: ignore[no-untyped-def]
    from desktop.main_window import MainWindow

    window = MainWindow(ctx)
    qtbot.addWidget(window)
    action = install_restore_action(window, ctx)
    texts = [a.text() for a in window.file_menu.actions()]
    assert texts.index(action.text()) < texts.index(window.quit_action.text())
