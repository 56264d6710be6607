"""A launch with nothing changed since the last startup backup copies nothing: the startup
backup used to copy the whole file (86 MB at 100k positions) and compare it byte for byte on
every launch, competing with the window's first draw for the disk and the second core."""

from __future__ import annotations

from pathlib import Path

import pytest

from db.opening import open_database
from db.reads import queries
from db.storage import backup as backup_module
from db.storage.backup import list_backups, record_counts, startup_backup
from db.writes.positions import delete_positions


def _reopen(path: Path):  # type: ignore[no-untyped-def]
    return open_database(path)


def _no_copy(*_args: object) -> None:
    raise AssertionError("copied the database although nothing changed")


def test_unchanged_launches_copy_nothing_and_edits_are_backed_up(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "p.sqlite3"
    open_database(path, seed=True).close()  # seeding's log folded into the file on close
    db = _reopen(path)
    first = startup_backup(db)
    db.close()
    for _ in range(3):  # three launches, no edits: no copy at all
        db = _reopen(path)
        with monkeypatch.context() as m:
            m.setattr(backup_module, "_copy", _no_copy)
            assert startup_backup(db) == first
        db.close()
    db = _reopen(path)
    delete_positions(db, [r.id for r in queries.position_rows(db)][:3])
    # The edit sits in the write-ahead log: the file alone says nothing, so it is copied.
    edited = startup_backup(db)
    assert edited != first and record_counts(edited)["positions"] == 81
    db.close()  # the log is folded into the file: its size or time changes
    db = _reopen(path)
    assert startup_backup(db) == edited
    assert [b.path for b in list_backups(path)] == [edited, first]
    db.close()


def test_a_deleted_backup_is_taken_again(tmp_path: Path) -> None:
    path = tmp_path / "p.sqlite3"
    open_database(path, seed=True).close()
    db = _reopen(path)
    first = startup_backup(db)
    first.unlink()
    again = startup_backup(db)
    assert again.is_file() and record_counts(again)["positions"] == 84
    db.close()


def test_launches_do_not_rotate_away_the_copy_taken_before_a_migration(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Rotation counts each reason on its own: with three kept, five edited launches leave
    the newest three startup copies and still the pre-migration one."""
    from db.storage.backup import backup_database

    monkeypatch.setenv("PARLEY_BACKUP_KEEP", "3")
    path = tmp_path / "p.sqlite3"
    db = open_database(path, seed=True)
    migration_copy = backup_database(db, reason="pre-migration")
    for _ in range(5):
        delete_positions(db, [r.id for r in queries.position_rows(db)][:1])
        startup_backup(db)
    kept = list_backups(path)
    assert [b.reason for b in kept].count("startup") == 3
    assert migration_copy in [b.path for b in kept]
    db.close()
