"""Opening a Parley database: check the file, back it up before a migration, migrate, seed.

This is the one module that brings storage, backups and seeding together, so opening sits
above all of them and none of them imports it (tests/test_architecture.py: no cycles).
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

from db.errors import DatabaseFileError, ParleyError
from db.model.vocab import SEEDED_SETTING
from db.storage import paths
from db.storage.database import Database
from db.storage.filecheck import FileCheck, check_for_open, is_writable
from db.storage.schema import head_revision
from db.storage.sqlite import busy_timeout_ms, friendly_sqlite_error, is_sqlite_error


def open_database(
    path: Path | str | None = None, *, seed: bool = False, timeout_ms: int | None = None,
    check: FileCheck | None = None,
) -> Database:
    """Open (creating if needed) a database and migrate it to head.

    `seed`: fill it with the example data if this call creates it (the file did not exist,
    or held no schema yet). A database that already exists is never seeded, whatever
    `seed` says: a file created empty stays empty when a later command opens it, and only
    the two places a user asks for examples pass True (`parley init`, and the window's
    first launch on a new file).

    Raises DatabaseFileError, leaving the file untouched, when it is not usable.
    `timeout_ms` (default: busy_timeout_ms()) bounds every wait for another program's lock.
    `check`: the same file's check, already started (see FileCheck).
    """
    timeout = busy_timeout_ms(timeout_ms)
    path = paths.resolve_db_path(path)
    if check is not None and check.path == path:
        checked_at = check.result()
    else:
        checked_at = check_for_open(path, timeout_ms=timeout)
    existed = path.exists()
    if existed and not is_writable(path):
        raise DatabaseFileError(
            f"{path} is read-only. Parley saves every edit at once, so it needs a writable "
            "file: copy it somewhere writable or change its permissions."
        )
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DatabaseFileError(f"Cannot create the folder {path.parent}: {exc.strerror}") from exc
    database = Database(path, timeout_ms=timeout)
    # A file created now is checked by construction: SQLite writes every page of it.
    database.checked_at = checked_at if existed else time.time()
    try:
        revision = database.schema_revision() if existed else None
        if existed and revision != head_revision():
            # Backups and seeding bring in code an up-to-date, seeded file never needs.
            from db.storage.backup import backup_database

            backup_database(database, reason="pre-migration")
        database.migrate()
        if seed and revision is None and not is_seeded(database):
            from db.seeding import seed as seed_database

            seed_database(database)
    except BaseException as exc:
        database.close()
        if is_sqlite_error(exc):
            raise DatabaseFileError(str(friendly_sqlite_error(path, exc, timeout))) from exc
        cause = exc.__cause__
        if isinstance(exc, ParleyError) and not isinstance(exc, DatabaseFileError) and (
                cause is not None and is_sqlite_error(cause)):
            raise DatabaseFileError(str(exc)) from exc  # read() already said it plainly
        raise
    return database


def is_seeded(database: Database) -> bool:
    """Whether the seed data went in once already (plain SQL: no ORM on an ordinary open)."""
    with database.read() as con:
        try:
            return con.execute("SELECT 1 FROM setting WHERE key = ?",
                               (SEEDED_SETTING,)).fetchone() is not None
        except sqlite3.OperationalError as exc:
            if "no such table" not in str(exc):
                raise
            return False
