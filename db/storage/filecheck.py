"""Checking a file before Parley opens it: is it there, a regular file, readable, an SQLite
file, undamaged, a Parley database, and not newer than this Parley. Nothing here writes or
creates a file, and a file this process already has open is read only through SQLite
(db.storage.file_guard).

The checks read SQLite's own format (the 100-byte header, PRAGMA quick_check,
sqlite_master): SQLite-only, listed in db.storage.sqlite.SQLITE_ONLY_SQL.
"""

from __future__ import annotations

import os
import sqlite3
import stat
import threading
import time
from pathlib import Path

from db.errors import DatabaseFileError
from db.storage import file_guard, paths, verified
from db.storage.schema import known_revisions
from db.storage.sqlite import busy_timeout_ms, disk_full_message, is_disk_full, locked_message
from db.storage.uri import sqlite_uri

SQLITE_HEADER = b"SQLite format 3\x00"


def _side_files(path: Path) -> list[Path]:
    return [path.with_name(path.name + suffix) for suffix in ("-wal", "-shm", "-journal")]


def _check_uri(path: Path, header: bytes) -> str:
    """A read-only URI that creates nothing beside the file.

    A read-only connection to a WAL database creates (and leaves) -wal and -shm files. When
    the header says WAL and no side file exists, no other connection has the file open,
    so `immutable=1` (no locking, no side files) reads it safely.
    """
    wal_mode = len(header) > 19 and header[18] == 2
    if wal_mode and not any(p.exists() for p in _side_files(path)):
        return sqlite_uri(path, mode="ro", immutable="1")
    return sqlite_uri(path, mode="ro")


def _check_header(path: Path) -> bytes:
    """The first 100 bytes, which say whether this is an SQLite file at all (only for a
    file this process does not have open through SQLite: see check_file)."""
    try:
        with path.open("rb") as fh:
            header = fh.read(100)
    except PermissionError as exc:
        raise DatabaseFileError(
            f"{path} cannot be read (permission denied). Choose another file."
        ) from exc
    except OSError as exc:
        raise DatabaseFileError(f"{path} cannot be read ({exc.strerror or exc}).") from exc
    if not header:
        raise DatabaseFileError(
            f"{path} is empty (0 bytes): it is not a Parley database. "
            "Open a backup (File → Restore from backup…) or choose another file."
        )
    if header[: len(SQLITE_HEADER)] != SQLITE_HEADER:
        raise DatabaseFileError(
            f"{path} is not a Parley database (it is not an SQLite file). "
            "Choose another file."
        )
    if len(header) < 100:
        raise DatabaseFileError(
            f"{path} is damaged: it is cut short ({len(header)} bytes). Restore it from a "
            "backup (File → Restore from backup…) or choose another file."
        )
    return header


def _check_connection(path: Path, timeout_ms: int, header: bytes | None) -> sqlite3.Connection:
    """A connection for the read-only checks. For a file this process has open, a normal
    (read-write, query-only) connection: SQLite then shares its lock bookkeeping with the
    open ones, where a `mode=ro` connection would hold a read-only descriptor it cannot
    lock (`header` None). Otherwise a read-only one that creates nothing beside the file."""
    if header is None:
        con = sqlite3.connect(str(path), timeout=timeout_ms / 1000)
        con.execute("PRAGMA query_only=ON")
        return con
    return sqlite3.connect(_check_uri(path, header), uri=True, timeout=timeout_ms / 1000)


def check_file(path: Path, *, timeout_ms: int | None = None, full: bool = True) -> None:
    """Refuse, with a message naming the problem, a file that is not a usable database.

    Never modifies the file and creates no side files: reads its header (unless this process
    has it open through SQLite), then runs read-only checks. `full=False` leaves out the
    integrity check that reads every page (for a file db.storage.verified vouches for).
    """
    timeout = busy_timeout_ms(timeout_ms)
    if not path.exists():
        return
    if not (path.is_file() or path.is_dir()):
        # A FIFO would block the header read forever; a device is no database either.
        raise DatabaseFileError(f"{path} is not a regular file (a pipe, socket or device), "
                                "not a database file. Choose a file.")
    if path.is_dir():
        raise DatabaseFileError(f"{path} is a folder, not a database file. Choose a file.")
    # A file this process already has open through SQLite is never opened any other way:
    # closing that descriptor would drop SQLite's locks (db.storage.file_guard). It is known to be
    # an SQLite file, so the header checks have nothing to add; SQLite checks the rest.
    header = None if file_guard.is_open_here(path) else _check_header(path)
    try:
        con = _check_connection(path, timeout, header)
        try:
            # SQLite: an integrity check and the catalogue, read-only.
            result = con.execute("PRAGMA quick_check").fetchone() if full else ("ok",)
            tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            revision = None
            if "alembic_version" in tables:
                row = con.execute("SELECT version_num FROM alembic_version").fetchone()
                revision = row[0] if row else None
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        msg = " ".join(str(exc).split())  # one line: it may quote schema SQL
        if "locked" in msg or "busy" in msg:
            raise DatabaseFileError(locked_message(path, timeout)) from exc
        if is_disk_full(path, exc):
            raise DatabaseFileError(disk_full_message(path)) from exc
        raise DatabaseFileError(
            f"{path} is damaged and cannot be opened ({msg}). "
            "Restore it from a backup (File → Restore from backup…) or choose another file."
        ) from exc
    if result is None or result[0] != "ok":
        raise DatabaseFileError(
            f"{path} is damaged (integrity check: {_one_line(result[0]) if result else 'no answer'}). "
            "Restore it from a backup (File → Restore from backup…) or choose another file."
        )
    if tables and "alembic_version" not in tables:
        raise DatabaseFileError(
            f"{path} is an SQLite database, but not a Parley database. Choose another file."
        )
    if revision and revision not in known_revisions():
        raise DatabaseFileError(
            f"{path} was written by a newer version of Parley (schema {revision}). "
            "Update Parley to open it, or choose another file; the file was left untouched."
        )


def check_for_open(path: Path, *, timeout_ms: int | None = None) -> float | None:
    """`check_file` as opening a database runs it: in full unless the file is as Parley
    left it at a clean close and its last full check is recent (db.storage.verified).
    Returns when the file's last full check ran (now, when this was one), for the record
    Database.close leaves; None for a file that does not exist yet."""
    if not path.exists():
        check_file(path, timeout_ms=timeout_ms)
        return None
    full = file_guard.is_open_here(path) or not verified.trusted(path)
    checked_at = time.time() if full else verified.last_full_check(path)
    check_file(path, timeout_ms=timeout_ms, full=full)
    return checked_at


class FileCheck:
    """`check_for_open` started on a worker thread.

    The integrity check reads the whole file (~80 ms for 100k positions, ~0.9 s for a
    million) inside SQLite, which releases the GIL: started before the GUI imports Qt, it
    runs on the other core meanwhile. `open_database(path, check=…)` waits for it and
    raises what it found.
    """

    def __init__(self, path: Path | str | None, timeout_ms: int | None = None):
        self.path = paths.resolve_db_path(path)
        self.checked_at: float | None = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, args=(timeout_ms,),
                                        name="parley-file-check", daemon=True)
        self._thread.start()

    def _run(self, timeout_ms: int | None) -> None:
        if isinstance(self.path, str):
            return  # a PostgreSQL server's URL: no file here to check (the server keeps its own)
        try:
            self.checked_at = check_for_open(self.path, timeout_ms=timeout_ms)
        except BaseException as exc:  # re-raised on the caller's thread by result()
            self._error = exc

    def result(self) -> float | None:
        """Waits for the check; raises what it found, else returns `check_for_open`'s."""
        self._thread.join()
        if self._error is not None:
            raise self._error
        return self.checked_at


def is_writable(path: Path) -> bool:
    """Whether Parley may write the file (and its -wal/-shm beside it).

    os.access alone says yes to root for a 0444 file; the permission bits are the user's
    stated intent ("read-only"), so honour them too.
    """
    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    if not mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH):
        return False
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)


def _one_line(text: object) -> str:
    """SQLite's report as one line (an integrity report lists one problem per line)."""
    return " ".join(str(text).split())
