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

import contextlib
import datetime as dt
import glob
import json
import os
import sqlite3
import stat
from pathlib import Path
from typing import NamedTuple

from db.errors import ParleyError
from db.storage import file_guard
from db.storage.database import Database
from db.storage.filecheck import check_file
from db.storage.sqlite import busy_timeout_ms, friendly_sqlite_error
from db.storage.uri import sqlite_uri

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
        raw = _setting(db, KEEP_SETTING)
    try:
        return max(int(raw), 1) if raw is not None else DEFAULT_KEEP
    except ValueError:
        return DEFAULT_KEEP


def _setting(db: Database, key: str) -> str | None:
    # Through the database's own read connection: a second, read-only connection to a file
    # this process has open holds a descriptor SQLite cannot lock (see db.storage.file_guard).
    try:
        with db.read() as con:
            row = con.execute("SELECT value FROM setting WHERE key = ?", (key,)).fetchone()
    except (ParleyError, sqlite3.Error):
        return None
    return row[0] if row else None


def _source_connection(path: Path, timeout_ms: int) -> sqlite3.Connection:
    """A query-only connection to copy `path` from, opened by path (never as a `file:` URI,
    where `#`, `?` and `%` in a name would mean something else). Read-write, not `mode=ro`:
    when this process also has the file open (the window restoring over its own database),
    SQLite then shares one set of locks between the connections, where a read-only
    descriptor cannot take the locks SQLite asks of it (EBADF) and is kept open after."""
    con = sqlite3.connect(str(path), timeout=timeout_ms / 1000)
    con.execute("PRAGMA query_only=ON")
    return con


def _copy(source: Database | Path, target: Path, timeout_ms: int) -> None:
    """Online-backup `source` (an open Database, copied through its own read connection,
    or a file) into a new file `target` (via a .partial name)."""
    tmp = target.with_name(target.name + ".partial")
    tmp.unlink(missing_ok=True)
    src_path = source.path if isinstance(source, Database) else source
    try:
        with contextlib.ExitStack() as stack:
            if isinstance(source, Database):
                src = stack.enter_context(source.read())
            else:
                src = stack.enter_context(
                    contextlib.closing(_source_connection(source, timeout_ms)))
            dst = stack.enter_context(contextlib.closing(sqlite3.connect(str(tmp))))
            src.backup(dst)
            # A backup is one self-contained file: no -wal/-shm beside it.
            dst.execute("PRAGMA journal_mode=DELETE")
        with tmp.open("rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except sqlite3.Error as exc:
        tmp.unlink(missing_ok=True)
        raise friendly_sqlite_error(src_path, exc, timeout_ms) from exc
    except ParleyError:
        tmp.unlink(missing_ok=True)
        raise
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
    _narrow_folder(db_path, folder)
    remove_stale_partials(db_path)
    stamp = dt.datetime.now().strftime(_STAMP)
    return folder / f"{db_path.stem}-{stamp}-{reason}.sqlite3"


def file_mode(path: Path) -> int | None:
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        return None


def match_mode(db_path: Path, copy: Path) -> None:
    """Give a copy of the database the database's permissions: a 0600 file's backups must
    not be readable by others (the copy is made with the umask's 0644)."""
    mode = file_mode(db_path)
    if mode is not None:
        try:
            os.chmod(copy, mode)
        except OSError:
            pass  # a file system without modes (FAT, some network drives)


def _narrow_folder(db_path: Path, folder: Path) -> None:
    """The backups folder is no more open than the database: 0600 file, 0700 folder (each
    read or write bit of the file, plus search where it can read). Only narrowed, never
    widened: a folder the user made private stays so."""
    mode, current = file_mode(db_path), file_mode(folder)
    if mode is None or current is None:
        return
    wanted = mode | ((mode & 0o444) >> 2) | stat.S_IRWXU
    if current & ~wanted:
        try:
            os.chmod(folder, current & wanted)
        except OSError:
            pass


# A copy still being written (another window's launch backup, a restore) keeps touching its
# file, or waits at most the busy timeout for a lock; one left alone longer than this was
# left by a killed process.
STALE_PARTIAL_S = 120
_LEFTOVERS = (".partial", ".partial-journal", ".restoring", ".restoring-journal")


def remove_stale_partials(db_path: Path, *, older_than_s: float | None = None) -> list[Path]:
    """Delete the half-written copies (`*.partial`, `*.partial-journal`, `*.restoring`) a
    killed backup or restore left in the backups folder or beside the database; returns
    what was removed. Called before every backup, so also at every launch."""
    import time

    if older_than_s is None:
        older_than_s = max(STALE_PARTIAL_S, 2 * busy_timeout_ms() / 1000)
    candidates = list(backups_dir(db_path).glob(f"{glob.escape(db_path.stem)}-*"))
    candidates += [db_path.with_name(db_path.name + s) for s in _LEFTOVERS[2:]]
    now, removed = time.time(), []
    for p in candidates:
        try:
            if not p.name.endswith(_LEFTOVERS) or now - p.stat().st_mtime < older_than_s:
                continue
            p.unlink()
        except OSError:
            continue
        removed.append(p)
    return removed


def server_backup_message(name: str) -> str:
    return (f"{name} is a database on a PostgreSQL server: Parley's backups copy a database "
            "file, so back the server database up with pg_dump (or `parley export-data`); "
            "nothing was copied.")


def backup_database(db: Database, *, reason: str = "manual", keep: int | None = None,
                    skip_if_unchanged: bool = False) -> Path:
    """Copy the live database consistently (never a file copy), then keep the newest `keep`.

    With `skip_if_unchanged`, nothing is copied when the file is as it was at the last such
    backup (see `_file_state`), and a copy identical to the newest backup is dropped; either
    way that backup is returned: launching ten times without editing must not rotate real
    history out, nor copy the whole file each time.
    """
    if db.path is None:
        raise ParleyError(server_backup_message(db.name))
    state = _file_state(db.path) if skip_if_unchanged else None
    if state is not None:
        known = _unchanged_backup(db.path, state)
        if known is not None:
            return known
    keep = keep if keep is not None else keep_count(db)
    target = _target(db.path, reason)
    _copy(db, target, db.timeout_ms)
    match_mode(db.path, target)
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
    # positions) was the largest peak of the app's memory. Only ever two backups: a file
    # SQLite has open in this process is never opened by hand (db.storage.file_guard), so such a
    # file counts as different and the new copy is kept.
    if file_guard.is_open_here(a) or file_guard.is_open_here(b):
        return False
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
    returning the newest backup, when nothing changed since it was taken). A killed
    backup's leftovers go first, even when no copy is needed."""
    remove_stale_partials(db.path)
    return backup_database(db, reason="startup", skip_if_unchanged=True)


def list_backups(db_path: Path) -> list[BackupInfo]:
    """Backups of `db_path`, newest first."""
    folder = backups_dir(db_path)
    if not folder.is_dir():
        return []
    out = []
    prefix = f"{db_path.stem}-"
    for p in folder.glob(f"{glob.escape(db_path.stem)}-*.sqlite3"):
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
        con = sqlite3.connect(sqlite_uri(path, mode="ro"), uri=True, timeout=1)
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
