"""The storage seam: which database engine, how to connect, how a transaction begins.

Everything that is SQLite's own about talking to the database is here: the busy timeout,
the PRAGMAs every connection gets, the SQLAlchemy engine for writes, the plain `sqlite3`
read connection, `BEGIN IMMEDIATE` for writers, and SQLite's error messages turned into
sentences. `db.storage.database.Database` asks this module and nothing else, so a second
engine (PostgreSQL) slots in beside it as a module of the same shape.

SQLite-only SQL outside this module is registered in SQLITE_ONLY_SQL below, and each place
says so in a comment starting "SQLite:"; tests/test_architecture.py holds the register to
the code, so a new one cannot slip in unlisted. (PostgreSQL's twin is db.storage.postgres,
with its own register, POSTGRES_ONLY_SQL.)
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from db.errors import DatabaseFileError, ParleyError
from db.storage.uri import sqlalchemy_url, sqlite_uri

if TYPE_CHECKING:
    from sqlalchemy import Engine

# Modules whose SQL only SQLite understands (FTS5, json_each, group_concat read by numpy,
# PRAGMAs, sqlite_master, the online backup API), and what in them:
SQLITE_ONLY_SQL: dict[str, str] = {
    "db.storage.filecheck": "PRAGMA quick_check, sqlite_master, the file header",
    "db.storage.backup": "the online backup API, PRAGMA journal_mode / wal_checkpoint",
    "db.restore": "the online backup API, PRAGMA table_info / foreign_key_check / page_count",
    "db.reads.search": "the FTS5 table position_fts, its triggers and MATCH, sqlite_master",
    "db.reads.sql": "json_each for IN lists of any length, group_concat parsed by numpy",
    "db.storage.pair_cache": "PRAGMA journal_mode / synchronous of its own cache file",
}

DIALECT = "sqlite"
BEGIN_READ = "BEGIN"

BUSY_TIMEOUT_MS = 10_000
BUSY_TIMEOUT_ENV = "PARLEY_BUSY_TIMEOUT_MS"
# Execution option the write path sets on the engine: writers BEGIN IMMEDIATE.
WRITE_BEGIN = {"sqlite_begin": "IMMEDIATE"}


def busy_timeout_ms(override: int | None = None) -> int:
    """How long a read or write waits for another program's lock before giving up.

    PARLEY_BUSY_TIMEOUT_MS shortens it (tests) or lengthens it (slow network drives).
    """
    if override is not None:
        return max(int(override), 0)
    try:
        return max(int(os.environ.get(BUSY_TIMEOUT_ENV, BUSY_TIMEOUT_MS)), 0)
    except ValueError:
        return BUSY_TIMEOUT_MS


def _seconds(ms: int) -> str:
    return f"{ms / 1000:g} s"


def locked_message(path: Path, timeout_ms: int) -> str:
    return (f"{path} is locked by another program (or another Parley window) and did not "
            f"become free within {_seconds(timeout_ms)}. Close the other program, or wait a "
            "moment, and try again.")


_SQLITE_FULL, _SQLITE_IOERR, _SQLITE_CANTOPEN = 13, 10, 14


def is_disk_full(path: Path, exc: BaseException) -> bool:
    """Whether an sqlite error comes from a full disk. SQLite says so (SQLITE_FULL) when a
    write runs out of room, but a full disk met while opening (creating the -shm or -wal
    file) comes out as "disk I/O error" or "unable to open": then ask the file system."""
    err = getattr(exc, "orig", None) or exc
    code = getattr(err, "sqlite_errorcode", 0) & 0xFF
    if code == _SQLITE_FULL or "disk is full" in str(err).lower():
        return True
    if code not in (_SQLITE_IOERR, _SQLITE_CANTOPEN) and "i/o" not in str(err).lower():
        return False
    try:
        return os.statvfs(Path(path).absolute().parent).f_bavail == 0
    except OSError:
        return False


def disk_full_message(path: Path) -> str:
    return (f"The disk holding {path} is full: nothing could be written and nothing was "
            "changed. Free some disk space and try again.")


def friendly_sqlite_error(path: Path, exc: BaseException, timeout_ms: int) -> ParleyError:
    """Turn a raw sqlite error into a message a user can act on."""
    msg = " ".join(str(getattr(exc, "orig", None) or exc).split())  # one line for a message
    low = msg.lower()
    if "locked" in low or "busy" in low:
        return ParleyError(locked_message(path, timeout_ms))
    if is_disk_full(path, exc):
        return ParleyError(disk_full_message(path))
    if "readonly" in low or "read-only" in low:
        return DatabaseFileError(
            f"{path} is read-only, so the change was not saved. Copy the file somewhere "
            "writable or change its permissions.")
    if "disk is full" in low or "disk i/o" in low:
        return ParleyError(f"Could not write to {path} ({msg}). Free some disk space or "
                           "check the drive; nothing was saved.")
    if "malformed" in low or "not a database" in low or "corrupt" in low:
        return DatabaseFileError(
            f"{path} is damaged ({msg}). Restore it from a backup "
            "(File → Restore from backup…) or choose another file.")
    return ParleyError(f"{path}: the database reported an error ({msg}); nothing was saved.")


def is_sqlite_error(exc: BaseException) -> bool:
    """sqlite3's errors, and SQLAlchemy's wrapping of them (checked by name: SQLAlchemy is
    not imported on a plain open)."""
    if isinstance(exc, sqlite3.DatabaseError):
        return True
    return any(cls.__name__ == "DatabaseError" and cls.__module__ == "sqlalchemy.exc"
               for cls in type(exc).__mro__)


def errors() -> tuple[type[BaseException], ...]:
    """The exceptions that mean "the database said no" (the seam's common question)."""
    return (sqlite3.DatabaseError,)


def friendly_error(path: Path, exc: BaseException, timeout_ms: int) -> ParleyError:
    return friendly_sqlite_error(path, exc, timeout_ms)


def is_missing_table(exc: BaseException) -> bool:
    return "no such table" in str(getattr(exc, "orig", None) or exc)


def wrap_driver_connection(con: sqlite3.Connection) -> sqlite3.Connection:
    """A write session's sqlite3 connection reads as it is."""
    return con


def configure(con: sqlite3.Connection, timeout_ms: int) -> None:
    """What every connection, read or write, is set to before its first statement."""
    # Take transaction control away from pysqlite so BEGIN IMMEDIATE is possible.
    con.isolation_level = None
    con.execute("PRAGMA foreign_keys=ON")
    con.execute(f"PRAGMA busy_timeout={int(timeout_ms)}")
    con.execute("PRAGMA journal_mode=WAL")
    # FULL: an edit the UI reported done survives a power cut, not only a crash.
    con.execute("PRAGMA synchronous=FULL")


def connect_reader(path: Path, timeout_ms: int,
                   factory: type[sqlite3.Connection] = sqlite3.Connection) -> sqlite3.Connection:
    """A plain sqlite3 connection for reads (no SQLAlchemy: see Database.read)."""
    con = sqlite3.connect(sqlite_uri(path), uri=True, timeout=timeout_ms / 1000,
                          check_same_thread=False, factory=factory)
    try:
        configure(con, timeout_ms)
    except BaseException:
        con.close()
        raise
    return con


def data_version(con: sqlite3.Connection) -> int:
    """A number that moves when another connection commits to the file (PRAGMA
    data_version): how the window notices other programs' changes (db.storage.change_watch)."""
    return con.execute("PRAGMA data_version").fetchone()[0]


def make_engine(path: Path, timeout_ms: int) -> Engine:
    """The SQLAlchemy engine the write path uses, built on first write."""
    from sqlalchemy import create_engine, event

    engine = create_engine(
        sqlalchemy_url(path),
        connect_args={"timeout": timeout_ms / 1000, "check_same_thread": False},
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: sqlite3.Connection, _record: object) -> None:
        configure(dbapi_conn, timeout_ms)

    @event.listens_for(engine, "begin")
    def _on_begin(conn) -> None:  # type: ignore[no-untyped-def]
        # Writers take the write lock up front: a deferred transaction that later
        # needs to write can fail with "database is locked" without waiting.
        mode = conn.get_execution_options().get("sqlite_begin", "DEFERRED")
        conn.exec_driver_sql(f"BEGIN {mode}")

    return engine
