"""Putting a backup in place of the live database, without losing anything committed.

The backup is checked first as deeply as opening checks a database, and more: a copy of it
is migrated to the current schema, its tables compared with the models and its foreign
keys checked, so a backup that would open but then crash the panes is refused before the
live file is touched. That checked copy is what gets restored.

Restoring takes the live file's write lock once, for the whole copy-then-replace: the copy
of the current state ("pre-restore") is taken while that lock is held, so a commit by
another program lands either before it (and is in the pre-restore copy) or after the
restore (on top of the restored data) — never in between, lost from both. Waiting for the
lock is bounded by the busy timeout; when it does not come free, nothing is changed.

SQLite: the online backup API and PRAGMA table_info / foreign_key_check / page_count are
SQLite's own (db.storage.sqlite.SQLITE_ONLY_SQL). It sits above db.opening: it opens the
checked copy as opening does, and compares it with the model's tables.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import tempfile
import time
from pathlib import Path

from db.errors import DatabaseFileError, ParleyError
from db.opening import open_database
from db.storage.backup import _rotate, _target, file_mode, keep_count, match_mode, record_counts
from db.storage.filecheck import check_file
from db.storage.sqlite import busy_timeout_ms, friendly_sqlite_error, locked_message
from db.storage.uri import sqlite_uri

_OK, _DONE = 0, 101  # sqlite3_backup_step results


def restore_backup(
    db_path: Path, backup_path: Path, *, timeout_ms: int | None = None
) -> Path | None:
    """Put `backup_path` in place of the database at `db_path`; returns the copy of the
    current file taken first (None when there was no current file). A current file too
    damaged to read is copied byte for byte (reason "damaged").

    Raises ParleyError, with the live file exactly as it was, when the backup is not a
    sound Parley database or the live file stays locked past the busy timeout. The
    caller reopens the database afterwards (open_database).
    """
    timeout = busy_timeout_ms(timeout_ms)
    db_path, backup_path = Path(db_path).expanduser(), Path(backup_path).expanduser()
    if not backup_path.is_file():
        raise DatabaseFileError(f"{backup_path} does not exist or is not a file.")
    if db_path.exists() and os.path.samefile(db_path, backup_path):
        raise ParleyError("That file is the open database itself; choose a backup.")
    keep = keep_count()
    try:
        db_path.parent.mkdir(parents=True, exist_ok=True)
        # Beside the database, not in /tmp: a small tmpfs must not refuse a large backup.
        workdir = Path(tempfile.mkdtemp(prefix=".parley-restore-", dir=db_path.parent))
    except OSError as exc:
        raise ParleyError(f"Cannot restore into {db_path.parent}: {exc.strerror or exc}") \
            from None
    try:
        checked = verify_backup(backup_path, workdir, timeout)
        live_ok = _live_ok(db_path, timeout)
        if live_ok:
            saved: Path | None = _restore_locked(db_path, checked, timeout)
        else:
            saved = _save_damaged(db_path) if db_path.exists() else None
            _restore_replace(db_path, checked)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    _rotate(db_path, keep, protect={p for p in (saved, backup_path) if p})
    return saved


def _live_ok(db_path: Path, timeout_ms: int) -> bool:
    """Whether SQLite can write into the live file (else it is replaced as a file)."""
    if not db_path.exists():
        return False
    if not db_path.is_file():
        raise DatabaseFileError(f"{db_path} is not a regular file; nothing was restored.")
    try:
        check_file(db_path, timeout_ms=timeout_ms)
    except DatabaseFileError as exc:
        if "locked" in str(exc):
            raise
        return False
    return True


def verify_backup(backup_path: Path, workdir: Path, timeout_ms: int) -> Path:
    """A checked copy of the backup in `workdir`, migrated to the current schema; raises
    DatabaseFileError naming what is wrong (the backup itself is never modified)."""
    check_file(backup_path, timeout_ms=timeout_ms)
    if record_counts(backup_path) is None:
        raise DatabaseFileError(f"{backup_path} is not a Parley database backup.")
    copy = workdir / "checked.sqlite3"
    try:
        src = sqlite3.connect(sqlite_uri(backup_path, mode="ro"), uri=True,
                              timeout=timeout_ms / 1000)
        try:
            dst = sqlite3.connect(sqlite_uri(copy), uri=True)
            try:
                src.backup(dst)
            finally:
                dst.close()
        finally:
            src.close()
    except sqlite3.Error as exc:
        raise friendly_sqlite_error(backup_path, exc, timeout_ms) from exc
    try:
        open_database(copy, timeout_ms=timeout_ms).close()  # migrates an older backup
    except ParleyError as exc:
        raise DatabaseFileError(f"{backup_path} cannot be restored: {exc}") from exc
    problem = schema_problem(copy)
    if problem:
        raise DatabaseFileError(f"{backup_path} is not a sound Parley database ({problem}); "
                                "nothing was restored.")
    return copy


def schema_problem(path: Path) -> str | None:
    """What is wrong with an (up-to-date) Parley database's tables, or None: every table
    of the models present with exactly its columns, and no broken foreign key."""
    from sqlmodel import SQLModel

    import db.model.tables  # noqa: F401  (fills SQLModel.metadata)

    con = sqlite3.connect(sqlite_uri(path, mode="ro"), uri=True)
    try:
        for table in SQLModel.metadata.sorted_tables:
            have = {r[1] for r in con.execute(f'PRAGMA table_info("{table.name}")')}
            want = {c.name for c in table.columns}
            if not have:
                return f"the table {table.name} is missing"
            if have != want:
                diff = sorted(want ^ have)
                return f"the table {table.name} has other columns ({', '.join(diff)})"
        broken = con.execute("PRAGMA foreign_key_check").fetchall()
        if broken:
            table, rowid, parent = broken[0][:3]
            return (f"{len(broken)} record(s) point at missing ones, e.g. {table} row "
                    f"{rowid} → {parent}")
    finally:
        con.close()
    return None


class _LockTimeout(Exception):
    pass


def _restore_locked(db_path: Path, source: Path, timeout_ms: int) -> Path:
    """Copy `source` over the live file through the online backup API, taking the
    pre-restore copy while the backup holds the live file's write lock.

    The backup's first step takes the destination's write lock and keeps it until the
    last page is committed; its progress callback runs after each step, so the first
    successful one is the moment nobody else can commit: the current state is copied
    then. Python's backup() retries a busy step forever; the callback enforces the busy
    timeout by raising, which abandons the backup with the live file untouched.
    """
    target = _target(db_path, "pre-restore")
    deadline = time.monotonic() + timeout_ms / 1000
    saved: list[Path] = []

    def progress(status: int, _remaining: int, _total: int) -> None:
        if saved:
            return
        if status == _OK:
            _snapshot(db_path, target, timeout_ms)
            saved.append(target)
        elif status == _DONE:
            raise ParleyError("The backup finished before the current state was saved.")
        elif time.monotonic() >= deadline:
            raise _LockTimeout

    try:
        src = sqlite3.connect(sqlite_uri(source, mode="ro"), uri=True)
        try:
            pages = src.execute("PRAGMA page_count").fetchone()[0]
            dst = sqlite3.connect(sqlite_uri(db_path), uri=True, timeout=timeout_ms / 1000)
            try:
                dst.execute(f"PRAGMA busy_timeout={int(timeout_ms)}")
                # Fewer pages per step than the file has: the first step cannot finish
                # (and commit) the restore before the pre-restore copy is taken.
                src.backup(dst, pages=max(1, min(1024, pages - 1)), progress=progress,
                           sleep=0.05)
                dst.execute("PRAGMA journal_mode=WAL")
                dst.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            finally:
                dst.close()
        finally:
            src.close()
    except _LockTimeout:
        target.unlink(missing_ok=True)
        raise ParleyError(locked_message(db_path, timeout_ms) + " Nothing was restored.") \
            from None
    except sqlite3.Error as exc:
        if not saved:
            target.unlink(missing_ok=True)
        raise friendly_sqlite_error(db_path, exc, timeout_ms) from exc
    except BaseException:
        if not saved:
            target.unlink(missing_ok=True)
        raise
    return target


def _snapshot(db_path: Path, target: Path, timeout_ms: int) -> None:
    """The live database's committed state into a new self-contained file `target`."""
    tmp = target.with_name(target.name + ".partial")
    try:
        src = sqlite3.connect(sqlite_uri(db_path), uri=True, timeout=timeout_ms / 1000)
        try:
            dst = sqlite3.connect(sqlite_uri(tmp), uri=True)
            try:
                src.backup(dst)
                dst.execute("PRAGMA journal_mode=DELETE")
            finally:
                dst.close()
        finally:
            src.close()
        with tmp.open("rb+") as fh:
            os.fsync(fh.fileno())
        match_mode(db_path, tmp)
        os.replace(tmp, target)
    except sqlite3.Error as exc:
        tmp.unlink(missing_ok=True)
        raise friendly_sqlite_error(db_path, exc, timeout_ms) from exc
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise ParleyError(f"Cannot save a copy of {db_path} before restoring: "
                          f"{exc.strerror or exc}") from exc


def _save_damaged(db_path: Path) -> Path:
    """A file too damaged for SQLite to read: keep its bytes as they are, side files
    included. (No SQLite connection has it open: none could.)"""
    target = _target(db_path, "damaged")
    try:
        shutil.copy2(db_path, target)
        wal = db_path.with_name(db_path.name + "-wal")
        if wal.exists():
            shutil.copy2(wal, target.with_name(target.name + "-wal"))
    except OSError as err:
        raise ParleyError(f"Cannot save a copy of {db_path} before restoring: "
                          f"{err.strerror or err}") from err
    return target


def _restore_replace(db_path: Path, source: Path) -> None:
    mode = file_mode(db_path)
    tmp = db_path.with_name(db_path.name + ".restoring")
    try:
        shutil.copyfile(source, tmp)
        with tmp.open("rb+") as fh:
            os.fsync(fh.fileno())
        if mode is not None:
            os.chmod(tmp, mode)  # restoring over a file keeps its permissions
        # A stale -wal would be replayed onto the restored file and corrupt it.
        for suffix in ("-wal", "-shm", "-journal"):
            db_path.with_name(db_path.name + suffix).unlink(missing_ok=True)
        os.replace(tmp, db_path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise ParleyError(f"Cannot restore into {db_path}: {exc.strerror or exc}") from exc
