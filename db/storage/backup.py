"""Consistent copies of the database through SQLite's online backup API, rotated; restore.

Backups live in a `backups` folder beside the database, named
`<stem>-YYYYmmdd-HHMMSS-ffffff-<reason>.sqlite3`. Each is a single self-contained file
(rollback journal, not WAL), so it can be opened read-only, copied or mailed as it is.

How many are kept (newest first, of each reason): the `PARLEY_BACKUP_KEEP`
environment variable if set, else the `backup_keep` row of the `setting` table, else
DEFAULT_KEEP. A backup that is about to be restored is never rotated away.

SQLite: the online backup API and the journal PRAGMAs are SQLite's own
(db.storage.sqlite.SQLITE_ONLY_SQL).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import sqlite3
from pathlib import Path
from typing import NamedTuple

from db.errors import DatabaseFileError, ParleyError
from db.storage.database import Database
from db.storage.filecheck import check_file
from db.storage.sqlite import busy_timeout_ms, friendly_sqlite_error

DEFAULT_KEEP = 10
KEEP_ENV = "PARLEY_BACKUP_KEEP"
KEEP_SETTING = "backup_keep"
_STAMP = "%Y%m%d-%H%M%S-%f"
COUNTED_TABLES = (("positions", "position"), ("sources", "source"), ("parties", "party"),
                  ("issues", "issue"))


class BackupInfo(NamedTuple):
    path: Path
    taken_at: dt.datetime
    reason: str
    size: int


def backups_dir(db_path: Path) -> Path:
    return db_path.parent / "backups"


def keep_count(db: Database | None = None) -> int:
    """How many backups rotation keeps (env, then the `backup_keep` setting, then default)."""
    raw = os.environ.get(KEEP_ENV)
    if raw is None and db is not None:
        raw = _setting(db.path, KEEP_SETTING)
    try:
        return max(int(raw), 1) if raw is not None else DEFAULT_KEEP
    except ValueError:
        return DEFAULT_KEEP


def _setting(path: Path, key: str) -> str | None:
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=1)
        try:
            row = con.execute("SELECT value FROM setting WHERE key = ?", (key,)).fetchone()
        finally:
            con.close()
    except sqlite3.Error:
        return None
    return row[0] if row else None


def _copy(src_path: Path, target: Path, timeout_ms: int) -> None:
    """Online-backup `src_path` into a new file `target` (via a .partial name)."""
    tmp = target.with_name(target.name + ".partial")
    tmp.unlink(missing_ok=True)
    try:
        src = sqlite3.connect(f"file:{src_path}?mode=ro", uri=True, timeout=timeout_ms / 1000)
        try:
            dst = sqlite3.connect(str(tmp))
            try:
                src.backup(dst)
                # A backup is one self-contained file: no -wal/-shm beside it.
                dst.execute("PRAGMA journal_mode=DELETE")
            finally:
                dst.close()
        finally:
            src.close()
        with tmp.open("rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except sqlite3.Error as exc:
        tmp.unlink(missing_ok=True)
        raise friendly_sqlite_error(src_path, exc, timeout_ms) from exc
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise ParleyError(f"Cannot write a backup into {target.parent}: "
                          f"{exc.strerror or exc}") from exc


def _target(db_path: Path, reason: str) -> Path:
    folder = backups_dir(db_path)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ParleyError(f"Cannot create the backups folder {folder}: "
                          f"{exc.strerror or exc}") from exc
    stamp = dt.datetime.now().strftime(_STAMP)
    return folder / f"{db_path.stem}-{stamp}-{reason}.sqlite3"


def backup_database(db: Database, *, reason: str = "manual", keep: int | None = None,
                    skip_if_unchanged: bool = False) -> Path:
    """Copy the live database consistently (never a file copy), then keep the newest `keep`.

    With `skip_if_unchanged`, nothing is copied when the file is as it was at the last such
    backup (see `_file_state`), and a copy identical to the newest backup is dropped; either
    way that backup is returned: launching ten times without editing must not rotate real
    history out, nor copy the whole file each time.
    """
    state = _file_state(db.path) if skip_if_unchanged else None
    if state is not None:
        known = _unchanged_backup(db.path, state)
        if known is not None:
            return known
    keep = keep if keep is not None else keep_count(db)
    target = _target(db.path, reason)
    _copy(db.path, target, db.timeout_ms)
    if skip_if_unchanged:
        newest = next((b.path for b in list_backups(db.path) if b.path != target), None)
        if newest is not None and _same_bytes(newest, target):
            target.unlink(missing_ok=True)
            _remember(db.path, state, newest)
            return newest
    _rotate(db.path, keep, protect={target})
    if skip_if_unchanged:
        _remember(db.path, state, target)
    return target


def _file_state(db_path: Path) -> list[int] | None:
    """(size, modification time) of the database file when its write-ahead log is empty —
    then the file alone holds every committed change, and an equal state means equal
    content — else None (something may sit in the log: compare by copying)."""
    try:
        wal = db_path.with_name(db_path.name + "-wal")
        if wal.exists() and wal.stat().st_size:
            return None
        st = db_path.stat()
    except OSError:
        return None
    return [st.st_size, st.st_mtime_ns]


def _state_file(db_path: Path) -> Path:
    return backups_dir(db_path) / f"{db_path.stem}.last-backup.json"


def _unchanged_backup(db_path: Path, state: list[int]) -> Path | None:
    try:
        saved = json.loads(_state_file(db_path).read_text("utf-8"))
        backup = backups_dir(db_path) / saved["backup"]
        if saved["state"] == state and backup.is_file():
            return backup
    except (OSError, ValueError, KeyError, TypeError):
        pass
    return None


def _remember(db_path: Path, state: list[int] | None, backup: Path) -> None:
    """Record the file's state (taken before the copy, so a change during it is not
    mistaken for copied) and the backup that matches it."""
    if state is None:
        _state_file(db_path).unlink(missing_ok=True)
        return
    from db.storage.fileio import write_atomic

    try:
        write_atomic(_state_file(db_path), json.dumps({"state": state, "backup": backup.name}))
    except ParleyError:
        pass  # only the next launch's shortcut is lost


_CHUNK = 1 << 20


def _same_bytes(a: Path, b: Path) -> bool:
    # Compared a megabyte at a time: reading both whole files (2 × 60 MB at 100k
    # positions) was the largest peak of the app's memory.
    try:
        if a.stat().st_size != b.stat().st_size:
            return False
        with a.open("rb") as fa, b.open("rb") as fb:
            while True:
                chunk = fa.read(_CHUNK)
                if chunk != fb.read(_CHUNK):
                    return False
                if not chunk:
                    return True
    except OSError:
        return False


def startup_backup(db: Database) -> Path:
    """The backup the app takes once at launch, right after opening the database (skipped,
    returning the newest backup, when nothing changed since it was taken)."""
    return backup_database(db, reason="startup", skip_if_unchanged=True)


def list_backups(db_path: Path) -> list[BackupInfo]:
    """Backups of `db_path`, newest first."""
    folder = backups_dir(db_path)
    if not folder.is_dir():
        return []
    out = []
    prefix = f"{db_path.stem}-"
    for p in folder.glob(f"{db_path.stem}-*.sqlite3"):
        parts = p.stem[len(prefix):].split("-")
        try:
            taken = dt.datetime.strptime("-".join(parts[:3]), _STAMP)
        except ValueError:
            continue
        try:
            size = p.stat().st_size
        except OSError:
            continue
        out.append(BackupInfo(p, taken, "-".join(parts[3:]) or "manual", size))
    return sorted(out, key=lambda b: b.taken_at, reverse=True)


def record_counts(path: Path) -> dict[str, int] | None:
    """Positions, sources, parties and issues in a backup (opened read-only), or None when
    the file cannot be read as a Parley database."""
    try:
        check_file(path, timeout_ms=1000)
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=1)
        try:
            return {name: con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
                    for name, table in COUNTED_TABLES}
        finally:
            con.close()
    except (ParleyError, sqlite3.Error):
        return None


def _rotate(db_path: Path, keep: int, protect: set[Path]) -> None:
    """Keep the newest `keep` backups of each reason (startup, manual, pre-migration…);
    `protect`ed ones stay and count. Per reason: ten launches must not rotate away the copy
    taken before a migration or a restore."""
    protected = {p.resolve() for p in protect if p.exists()}
    by_reason: dict[str, list[BackupInfo]] = {}
    for info in list_backups(db_path):
        by_reason.setdefault(info.reason, []).append(info)
    for backups in by_reason.values():
        budget = max(keep, 1) - sum(1 for b in backups if b.path.resolve() in protected)
        for info in backups:
            if info.path.resolve() in protected:
                continue
            if budget > 0:
                budget -= 1
            else:
                info.path.unlink(missing_ok=True)


def restore_backup(
    db_path: Path, backup_path: Path, *, timeout_ms: int | None = None
) -> Path | None:
    """Put `backup_path` in place of the database at `db_path`; returns the copy of the
    current file taken first (None when there was no current file). A current file too
    damaged to read is copied byte for byte (reason "damaged").

    The backup is validated before anything is touched. The live file is overwritten
    through the online backup API (one transaction: other connections see either the old
    or the new database, never a mix). When the live file is missing or too damaged for
    SQLite to write into, it is replaced atomically instead. Either way the caller must
    reopen the database (open_database), which also migrates an older backup.
    """
    timeout = busy_timeout_ms(timeout_ms)
    db_path, backup_path = Path(db_path).expanduser(), Path(backup_path).expanduser()
    if not backup_path.is_file():
        raise DatabaseFileError(f"{backup_path} does not exist or is not a file.")
    check_file(backup_path, timeout_ms=timeout)
    if record_counts(backup_path) is None:
        raise DatabaseFileError(f"{backup_path} is not a Parley database backup.")
    if db_path.exists() and db_path.resolve() == backup_path.resolve():
        raise ParleyError("That file is the open database itself; choose a backup.")
    keep = keep_count()
    saved = _save_current(db_path, timeout) if db_path.exists() else None
    try:
        check_file(db_path, timeout_ms=timeout)
        live_ok = db_path.exists()
    except DatabaseFileError as exc:
        if "locked" in str(exc):
            raise
        live_ok = False
    if live_ok:
        _restore_online(db_path, backup_path, timeout)
    else:
        _restore_replace(db_path, backup_path)
    _rotate(db_path, keep, protect={p for p in (saved, backup_path) if p})
    return saved


def _save_current(db_path: Path, timeout_ms: int) -> Path:
    target = _target(db_path, "pre-restore")
    try:
        check_file(db_path, timeout_ms=timeout_ms)
    except DatabaseFileError as exc:
        if "locked" in str(exc):
            raise
        # Too damaged for SQLite to read: keep its bytes as they are, side files included.
        target = target.with_name(target.name.replace("-pre-restore.", "-damaged."))
        try:
            shutil.copy2(db_path, target)
            wal = db_path.with_name(db_path.name + "-wal")
            if wal.exists():
                shutil.copy2(wal, target.with_name(target.name + "-wal"))
        except OSError as err:
            raise ParleyError(f"Cannot save a copy of {db_path} before restoring: "
                              f"{err.strerror or err}") from err
        return target
    _copy(db_path, target, timeout_ms)
    return target


def _restore_online(db_path: Path, backup_path: Path, timeout_ms: int) -> None:
    try:
        src = sqlite3.connect(f"file:{backup_path}?mode=ro", uri=True)
        try:
            dst = sqlite3.connect(str(db_path), timeout=timeout_ms / 1000)
            try:
                dst.execute(f"PRAGMA busy_timeout={int(timeout_ms)}")
                src.backup(dst)
                dst.execute("PRAGMA journal_mode=WAL")
                dst.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            finally:
                dst.close()
        finally:
            src.close()
    except sqlite3.Error as exc:
        raise friendly_sqlite_error(db_path, exc, timeout_ms) from exc


def _restore_replace(db_path: Path, backup_path: Path) -> None:
    tmp = db_path.with_name(db_path.name + ".restoring")
    try:
        shutil.copyfile(backup_path, tmp)
        with tmp.open("rb+") as fh:
            os.fsync(fh.fileno())
        # A stale -wal would be replayed onto the restored file and corrupt it.
        for suffix in ("-wal", "-shm", "-journal"):
            db_path.with_name(db_path.name + suffix).unlink(missing_ok=True)
        os.replace(tmp, db_path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise ParleyError(f"Cannot restore into {db_path}: {exc.strerror or exc}") from exc
