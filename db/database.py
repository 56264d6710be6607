"""Opening, checking, migrating and seeding a Parley database file."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import OperationalError
from sqlmodel import Session

from db import paths
from db.errors import DatabaseFileError

SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 10_000


def _alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(paths.migrations_dir()))
    return cfg


def head_revision() -> str:
    return ScriptDirectory.from_config(_alembic_config()).get_current_head() or ""


def known_revisions() -> set[str]:
    script = ScriptDirectory.from_config(_alembic_config())
    return {rev.revision for rev in script.walk_revisions()}


def _make_engine(path: Path) -> Engine:
    engine = create_engine(
        f"sqlite:///{path}",
        connect_args={"timeout": BUSY_TIMEOUT_MS / 1000, "check_same_thread": False},
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: sqlite3.Connection, _record: object) -> None:
        # Take transaction control away from pysqlite so BEGIN IMMEDIATE is possible.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
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


def check_file(path: Path) -> None:
    """Refuse, with a message naming the problem, a file that is not a usable database.

    Never modifies the file: only reads its header and runs read-only checks.
    """
    if not path.exists():
        return
    if path.is_dir():
        raise DatabaseFileError(f"{path} is a folder, not a database file.")
    try:
        with path.open("rb") as fh:
            header = fh.read(len(SQLITE_HEADER))
    except PermissionError as exc:
        raise DatabaseFileError(
            f"{path} cannot be read (permission denied). Choose another file."
        ) from exc
    size = path.stat().st_size
    if size == 0:
        raise DatabaseFileError(
            f"{path} is empty (0 bytes): it is not a Parley database. "
            "Open a backup or choose another file."
        )
    if header != SQLITE_HEADER:
        raise DatabaseFileError(
            f"{path} is not a Parley database (it is not an SQLite file). "
            "Choose another file."
        )
    uri = f"file:{path}?mode=ro"
    try:
        con = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
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
            raise DatabaseFileError(
                f"{path} is locked by another program and did not become free in "
                f"{BUSY_TIMEOUT_MS // 1000} s. Close the other program and try again."
            ) from exc
        raise DatabaseFileError(
            f"{path} is damaged and cannot be opened ({msg}). "
            "Restore it from a backup (File → Restore from backup…) or choose another file."
        ) from exc
    if result is None or result[0] != "ok":
        raise DatabaseFileError(
            f"{path} is damaged (integrity check: {result[0] if result else 'no answer'}). "
            "Restore it from a backup or choose another file."
        )
    if tables and "alembic_version" not in tables:
        raise DatabaseFileError(
            f"{path} is an SQLite database, but not a Parley database. Choose another file."
        )
    if revision and revision not in known_revisions():
        raise DatabaseFileError(
            f"{path} was written by a newer version of Parley (schema {revision}). "
            "Update Parley to open it; the file was left untouched."
        )


class Database:
    """One open Parley database file."""

    def __init__(self, path: Path, engine: Engine):
        self.path = path
        self.engine = engine
        self._writer = engine.execution_options(sqlite_begin="IMMEDIATE")

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A read session (deferred transaction), closed on exit."""
        with Session(self.engine, expire_on_commit=False) as s:
            yield s

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One write transaction: committed on success, rolled back on any error."""
        with Session(self._writer, expire_on_commit=False) as s:
            try:
                yield s
                s.commit()
            except BaseException:
                s.rollback()
                raise

    def schema_revision(self) -> str | None:
        with self.engine.connect() as conn:
            try:
                row = conn.exec_driver_sql("SELECT version_num FROM alembic_version").first()
            except OperationalError:
                return None
            return row[0] if row else None

    def migrate(self) -> bool:
        """Bring the schema to head. Returns True if anything was applied."""
        before = self.schema_revision()
        if before == head_revision():
            return False
        cfg = _alembic_config()
        with self.engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
        return True

    def close(self) -> None:
        self.engine.dispose()


def open_database(path: Path | str | None = None, *, seed: bool = True) -> Database:
    """Open (creating if needed) a database, migrate it to head, and seed it once.

    Raises DatabaseFileError, leaving the file untouched, when it is not usable.
    """
    path = Path(path) if path is not None else paths.default_db_path()
    path = path.expanduser()
    check_file(path)
    existed = path.exists()
    if existed and not _writable(path):
        raise DatabaseFileError(
            f"{path} is read-only. Parley saves every edit at once, so it needs a writable "
            "file: copy it somewhere writable or change its permissions."
        )
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DatabaseFileError(f"Cannot create the folder {path.parent}: {exc.strerror}") from exc
    database = Database(path, _make_engine(path))
    try:
        if existed and database.schema_revision() != head_revision():
            from db.backup import backup_database

            backup_database(database, reason="pre-migration")
        database.migrate()
        if seed:
            from db.seeding import seed_if_new

            seed_if_new(database)
    except OperationalError as exc:
        database.close()
        raise DatabaseFileError(f"{path} could not be opened: {exc.orig}") from exc
    except BaseException:
        database.close()
        raise
    return database


def _writable(path: Path) -> bool:
    import os

    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)
