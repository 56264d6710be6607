"""Opening, checking, migrating and seeding a Parley database file."""

from __future__ import annotations

import os
import re
import sqlite3
import stat
import threading
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from db.errors import DatabaseFileError, ParleyError
from db.model.vocab import SEEDED_SETTING
from db.storage import paths

if TYPE_CHECKING:
    from sqlalchemy import Engine
    from sqlmodel import Session

SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 10_000
BUSY_TIMEOUT_ENV = "PARLEY_BUSY_TIMEOUT_MS"


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


def friendly_sqlite_error(path: Path, exc: BaseException, timeout_ms: int) -> ParleyError:
    """Turn a raw sqlite error into a message a user can act on."""
    msg = str(getattr(exc, "orig", None) or exc)
    low = msg.lower()
    if "locked" in low or "busy" in low:
        return ParleyError(locked_message(path, timeout_ms))
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


def _alembic_config():  # type: ignore[no-untyped-def]
    # Alembic is imported only when a migration runs: importing it costs ~0.2-0.4 s of
    # every start, and opening an up-to-date database needs only the revision ids.
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(paths.migrations_dir()))
    return cfg


_REVISION_LINE = re.compile(r"^(revision|down_revision)\s*(?::[^=\n]*)?=\s*(.+?)\s*$", re.M)


def _revision_graph() -> dict[str, str | None] | None:
    """{revision: down_revision} read from the migration files' headers, or None when they
    use anything but plain single parents (then Alembic itself is asked)."""
    graph: dict[str, str | None] = {}
    for file in (paths.migrations_dir() / "versions").glob("*.py"):
        found = dict(m.groups() for m in _REVISION_LINE.finditer(file.read_text("utf-8")))
        if "revision" not in found:
            continue
        values = {k: v.strip("'\"") for k, v in found.items()}
        if any(not re.fullmatch(r"[\w.-]+", v) for v in values.values()):
            return None
        down = values.get("down_revision", "None")
        graph[values["revision"]] = None if down == "None" else down
    return graph or None


def head_revision() -> str:
    graph = _revision_graph()
    heads = set(graph) - set(graph.values()) if graph else set()
    if len(heads) == 1:
        return heads.pop()
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(_alembic_config()).get_current_head() or ""


def known_revisions() -> set[str]:
    graph = _revision_graph()
    if graph:
        return set(graph)
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(_alembic_config())
    return {rev.revision for rev in script.walk_revisions()}


def _configure(con: sqlite3.Connection, timeout_ms: int) -> None:
    # Take transaction control away from pysqlite so BEGIN IMMEDIATE is possible.
    con.isolation_level = None
    con.execute("PRAGMA foreign_keys=ON")
    con.execute(f"PRAGMA busy_timeout={int(timeout_ms)}")
    con.execute("PRAGMA journal_mode=WAL")
    # FULL: an edit the UI reported done survives a power cut, not only a crash.
    con.execute("PRAGMA synchronous=FULL")


def _make_engine(path: Path, timeout_ms: int) -> Engine:
    from sqlalchemy import create_engine, event

    engine = create_engine(
        f"sqlite:///{path}",
        connect_args={"timeout": timeout_ms / 1000, "check_same_thread": False},
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: sqlite3.Connection, _record: object) -> None:
        _configure(dbapi_conn, timeout_ms)

    @event.listens_for(engine, "begin")
    def _on_begin(conn) -> None:  # type: ignore[no-untyped-def]
        # Writers take the write lock up front: a deferred transaction that later
        # needs to write can fail with "database is locked" without waiting.
        mode = conn.get_execution_options().get("sqlite_begin", "DEFERRED")
        conn.exec_driver_sql(f"BEGIN {mode}")

    return engine


def _side_files(path: Path) -> list[Path]:
    return [path.with_name(path.name + suffix) for suffix in ("-wal", "-shm", "-journal")]


def _check_uri(path: Path, header: bytes) -> str:
    """A read-only URI that creates nothing beside the file.

    A read-only connection to a WAL database creates (and leaves) -wal and -shm files. When
    the header says WAL and no side file exists, no other connection has the file open,
    so `immutable=1` (no locking, no side files) reads it safely.
    """
    from urllib.parse import quote

    base = f"file:{quote(str(path))}?mode=ro"
    wal_mode = len(header) > 19 and header[18] == 2
    if wal_mode and not any(p.exists() for p in _side_files(path)):
        return base + "&immutable=1"
    return base


def check_file(path: Path, *, timeout_ms: int | None = None) -> None:
    """Refuse, with a message naming the problem, a file that is not a usable database.

    Never modifies the file and creates no side files: reads its header, then runs
    read-only checks.
    """
    timeout = busy_timeout_ms(timeout_ms)
    if not path.exists():
        return
    if path.is_dir():
        raise DatabaseFileError(f"{path} is a folder, not a database file. Choose a file.")
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
    try:
        con = sqlite3.connect(_check_uri(path, header), uri=True, timeout=timeout / 1000)
        try:
            result = con.execute("PRAGMA quick_check").fetchone()
            tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            revision = None
            if "alembic_version" in tables:
                row = con.execute("SELECT version_num FROM alembic_version").fetchone()
                revision = row[0] if row else None
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        msg = str(exc)
        if "locked" in msg or "busy" in msg:
            raise DatabaseFileError(locked_message(path, timeout)) from exc
        raise DatabaseFileError(
            f"{path} is damaged and cannot be opened ({msg}). "
            "Restore it from a backup (File → Restore from backup…) or choose another file."
        ) from exc
    if result is None or result[0] != "ok":
        raise DatabaseFileError(
            f"{path} is damaged (integrity check: {result[0] if result else 'no answer'}). "
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


class FileCheck:
    """`check_file` started on a worker thread.

    The integrity check reads the whole file (~80 ms for 100k positions) inside SQLite,
    which releases the GIL: started before the GUI imports Qt, it runs on the other core
    meanwhile. `open_database(path, check=…)` waits for it and raises what it found.
    """

    def __init__(self, path: Path | str | None, timeout_ms: int | None = None):
        self.path = _resolve(path)
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, args=(timeout_ms,),
                                        name="parley-file-check", daemon=True)
        self._thread.start()

    def _run(self, timeout_ms: int | None) -> None:
        try:
            check_file(self.path, timeout_ms=timeout_ms)
        except BaseException as exc:  # re-raised on the caller's thread by result()
            self._error = exc

    def result(self) -> None:
        self._thread.join()
        if self._error is not None:
            raise self._error


def _resolve(path: Path | str | None) -> Path:
    path = Path(path) if path is not None else paths.default_db_path()
    return path.expanduser()


class Database:
    """One open Parley database file.

    Reads go through `read()`: plain sqlite3 connections, one per thread, so opening a
    window never imports SQLAlchemy, SQLModel and pydantic (~0.3 s of a cold start).
    Writes go through `write()`/`session()` on the SQLAlchemy engine, built on first use.
    """

    def __init__(self, path: Path, engine: Engine | None = None,
                 timeout_ms: int = BUSY_TIMEOUT_MS):
        self.path = path
        self.timeout_ms = timeout_ms
        self._engine = engine
        self._engine_lock = threading.Lock()
        self._local = threading.local()
        self._readers: weakref.WeakSet[_ReadConnection] = weakref.WeakSet()  # live ones

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            with self._engine_lock:
                if self._engine is None:
                    self._engine = _make_engine(self.path, self.timeout_ms)
        return self._engine

    def _reader(self) -> sqlite3.Connection:
        con = getattr(self._local, "con", None)
        if con is None:
            con = sqlite3.connect(self.path, timeout=self.timeout_ms / 1000,
                                  check_same_thread=False, factory=_ReadConnection)
            try:
                _configure(con, self.timeout_ms)
            except BaseException:
                con.close()
                raise
            # Only this thread's local holds it: when the thread (or a Qt worker's Python
            # thread state) ends, the connection is released and closed with it. No other
            # thread ever closes it — closing a connection another thread is reading from
            # crashes the process.
            self._local.con = con
            self._readers.add(con)
        return con

    @contextmanager
    def read(self) -> Iterator[sqlite3.Connection]:
        """A plain sqlite3 connection in one read transaction (every statement sees the same
        snapshot), for this thread. Errors come out as ParleyError with a plain message."""
        try:
            con = self._reader()
            nested = con.in_transaction
            if not nested:
                con.execute("BEGIN")
            try:
                yield con
            finally:
                if not nested and con.in_transaction:
                    con.execute("COMMIT")
        except sqlite3.DatabaseError as exc:
            raise friendly_sqlite_error(self.path, exc, self.timeout_ms) from exc

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A read session (deferred transaction), closed on exit."""
        from sqlalchemy.exc import DatabaseError, IntegrityError
        from sqlmodel import Session

        try:
            with Session(self.engine, expire_on_commit=False) as s:
                yield s
        except IntegrityError:
            raise
        except DatabaseError as exc:  # locked, malformed, I/O: a message, not a traceback
            raise friendly_sqlite_error(self.path, exc, self.timeout_ms) from exc

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One write transaction: committed on success, rolled back on any error.

        Waits up to the busy timeout for another writer (another window, a CLI command);
        if the lock does not come free, raises ParleyError saying so — nothing is written.
        """
        from sqlalchemy.exc import DatabaseError, IntegrityError
        from sqlmodel import Session

        with Session(self._writer(), expire_on_commit=False) as s:
            try:
                yield s
                s.commit()
            except IntegrityError:
                # A constraint the validation missed: callers (import) report it themselves.
                s.rollback()
                raise
            except DatabaseError as exc:  # locked, disk full, malformed: say so plainly
                s.rollback()
                raise friendly_sqlite_error(self.path, exc, self.timeout_ms) from exc
            except BaseException:
                s.rollback()
                raise

    def _writer(self) -> Engine:
        return self.engine.execution_options(sqlite_begin="IMMEDIATE")

    def schema_revision(self) -> str | None:
        with self.read() as con:
            try:
                row = con.execute("SELECT version_num FROM alembic_version").fetchone()
            except sqlite3.OperationalError as exc:
                if "no such table" not in str(exc):
                    raise
                return None
            return row[0] if row else None

    def is_seeded(self) -> bool:
        with self.read() as con:
            try:
                return con.execute("SELECT 1 FROM setting WHERE key = ?",
                                   (SEEDED_SETTING,)).fetchone() is not None
            except sqlite3.OperationalError as exc:
                if "no such table" not in str(exc):
                    raise
                return False

    def migrate(self) -> bool:
        """Bring the schema to head. Returns True if anything was applied."""
        before = self.schema_revision()
        if before == head_revision():
            return False
        from alembic import command

        cfg = _alembic_config()
        # IMMEDIATE: a second instance migrating at the same moment waits instead of
        # failing half-way with "database is locked".
        with self._writer().begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
        return True

    def close(self) -> None:
        """Close this thread's read connection and the engine. A worker thread still reading
        keeps its connection until it ends (see _reader)."""
        con = getattr(self._local, "con", None)
        if con is not None:
            self._local.con = None
            con.close()
        if self._engine is not None:
            self._engine.dispose()


class _ReadConnection(sqlite3.Connection):
    """A plain sqlite3 connection that can be weakly referenced (Database._readers)."""


def open_database(
    path: Path | str | None = None, *, seed: bool = True, timeout_ms: int | None = None,
    check: FileCheck | None = None,
) -> Database:
    """Open (creating if needed) a database, migrate it to head, and seed it once.

    Raises DatabaseFileError, leaving the file untouched, when it is not usable.
    `timeout_ms` (default: busy_timeout_ms()) bounds every wait for another program's lock.
    `check`: the same file's check, already started (see FileCheck).
    """
    timeout = busy_timeout_ms(timeout_ms)
    path = _resolve(path)
    if check is not None and check.path == path:
        check.result()
    else:
        check_file(path, timeout_ms=timeout)
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
    try:
        if existed and database.schema_revision() != head_revision():
            from db.storage.backup import backup_database

            backup_database(database, reason="pre-migration")
        database.migrate()
        if seed and not database.is_seeded():
            from db.seeding import seed as seed_database

            seed_database(database)
    except BaseException as exc:
        database.close()
        if _is_sqlite_error(exc):
            raise DatabaseFileError(str(friendly_sqlite_error(path, exc, timeout))) from exc
        cause = exc.__cause__
        if isinstance(exc, ParleyError) and not isinstance(exc, DatabaseFileError) and (
                cause is not None and _is_sqlite_error(cause)):
            raise DatabaseFileError(str(exc)) from exc  # read() already said it plainly
        raise
    return database


def _is_sqlite_error(exc: BaseException) -> bool:
    """sqlite3's errors, and SQLAlchemy's wrapping of them (checked by name: SQLAlchemy is
    not imported on a plain open)."""
    if isinstance(exc, sqlite3.DatabaseError):
        return True
    return any(cls.__name__ == "DatabaseError" and cls.__module__ == "sqlalchemy.exc"
               for cls in type(exc).__mro__)


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
