"""Opening, checking, migrating and seeding a Parley database file."""

from __future__ import annotations

import os
import re
import sqlite3
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import DatabaseError, IntegrityError, OperationalError
from sqlmodel import Session

from db import paths
from db.errors import DatabaseFileError, ParleyError

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


def _make_engine(path: Path, timeout_ms: int) -> Engine:
    engine = create_engine(
        f"sqlite:///{path}",
        connect_args={"timeout": timeout_ms / 1000, "check_same_thread": False},
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: sqlite3.Connection, _record: object) -> None:
        # Take transaction control away from pysqlite so BEGIN IMMEDIATE is possible.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute(f"PRAGMA busy_timeout={int(timeout_ms)}")
        cur.execute("PRAGMA journal_mode=WAL")
        # FULL: an edit the UI reported done survives a power cut, not only a crash.
        cur.execute("PRAGMA synchronous=FULL")
        cur.close()

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


class Database:
    """One open Parley database file."""

    def __init__(self, path: Path, engine: Engine, timeout_ms: int = BUSY_TIMEOUT_MS):
        self.path = path
        self.engine = engine
        self.timeout_ms = timeout_ms
        self._writer = engine.execution_options(sqlite_begin="IMMEDIATE")

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A read session (deferred transaction), closed on exit."""
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
        with Session(self._writer, expire_on_commit=False) as s:
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

    def schema_revision(self) -> str | None:
        with self.engine.connect() as conn:
            try:
                row = conn.exec_driver_sql("SELECT version_num FROM alembic_version").first()
            except OperationalError as exc:
                if "no such table" not in str(exc):
                    raise
                return None
            return row[0] if row else None

    def migrate(self) -> bool:
        """Bring the schema to head. Returns True if anything was applied."""
        before = self.schema_revision()
        if before == head_revision():
            return False
        from alembic import command

        cfg = _alembic_config()
        # IMMEDIATE: a second instance migrating at the same moment waits instead of
        # failing half-way with "database is locked".
        with self._writer.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
        return True

    def close(self) -> None:
        self.engine.dispose()


def open_database(
    path: Path | str | None = None, *, seed: bool = True, timeout_ms: int | None = None
) -> Database:
    """Open (creating if needed) a database, migrate it to head, and seed it once.

    Raises DatabaseFileError, leaving the file untouched, when it is not usable.
    `timeout_ms` (default: busy_timeout_ms()) bounds every wait for another program's lock.
    """
    timeout = busy_timeout_ms(timeout_ms)
    path = Path(path) if path is not None else paths.default_db_path()
    path = path.expanduser()
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
    database = Database(path, _make_engine(path, timeout), timeout)
    try:
        if existed and database.schema_revision() != head_revision():
            from db.backup import backup_database

            backup_database(database, reason="pre-migration")
        database.migrate()
        if seed:
            from db.seeding import seed_if_new

            seed_if_new(database)
    except (DatabaseError, sqlite3.DatabaseError) as exc:
        database.close()
        problem = friendly_sqlite_error(path, exc, timeout)
        raise DatabaseFileError(str(problem)) from exc
    except BaseException:
        database.close()
        raise
    return database


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
