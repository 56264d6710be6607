"""Opening a Parley database: check the file, back it up before a migration, migrate, seed.

This is the one module that brings storage, backups and seeding together, so opening sits
above all of them and none of them imports it (tests/test_architecture.py: no cycles).
"""

from __future__ import annotations

import time
from pathlib import Path

from db.errors import DatabaseFileError, ParleyError
from db.model.vocab import SEEDED_SETTING
from db.storage import paths
from db.storage.database import Database
from db.storage.filecheck import FileCheck, check_for_open, is_writable
from db.storage.schema import head_revision, is_missing_table
from db.storage.sqlite import busy_timeout_ms, friendly_sqlite_error, is_sqlite_error


def open_existing_database(path: Path | str | None = None) -> Database:
    """Open a database that must already be there, for a command that only reads or copies
    it (export-data, export-chart, suggest, agreement, backup): on a mistyped path
    `open_database` made the folders and a new empty database, and the command reported its
    nothing with exit 0 (an empty export). A server database is opened as usual."""
    target = paths.resolve_db_path(path)
    if not isinstance(target, str) and not target.exists():
        raise DatabaseFileError(
            f"There is no database at {target}: check the path, or create one with "
            f"`parley init --db {target}`."
        )
    return open_database(path)


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
    target = paths.resolve_db_path(path)
    if isinstance(target, str):
        return _open_server(target, seed=seed, timeout=timeout)
    path = target
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


def _open_server(url: str, *, seed: bool, timeout: int) -> Database:
    """A database on a PostgreSQL server: connect, migrate, seed if asked and new. No file
    checks or backups: the server keeps its own files (and is backed up with pg_dump)."""
    from db.storage import postgres
    from db.storage.credentials import with_stored_password

    # No password in the URL: the one File → Connect to server… kept in the system keyring
    # for this user and database, if any (else libpq's ~/.pgpass or PGPASSWORD).
    url = with_stored_password(url)
    database = Database(url, timeout_ms=timeout)
    try:
        revision = database.schema_revision()
        database.migrate()
        if seed and revision is None and not is_seeded(database):
            from db.seeding import seed as seed_database

            seed_database(database)
    except BaseException as exc:
        database.close()
        if postgres.is_server_error(exc):
            raise DatabaseFileError(str(postgres.friendly_error(url, exc, timeout))) from exc
        cause = exc.__cause__
        if isinstance(exc, ParleyError) and not isinstance(exc, DatabaseFileError) and (
                cause is not None and postgres.is_server_error(cause)):
            raise DatabaseFileError(str(exc)) from exc  # read() already said it plainly
        raise
    return database


def is_seeded(database: Database) -> bool:
    """Whether the seed data went in once already (plain SQL: no ORM on an ordinary open)."""
    with database.read() as con:
        try:
            return con.execute("SELECT 1 FROM setting WHERE key = ?",
                               (SEEDED_SETTING,)).fetchone() is not None
        except Exception as exc:
            if not is_missing_table(exc):
                raise
            return False
