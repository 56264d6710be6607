"""One open Parley database — a file, or a database on a PostgreSQL server: this thread's read
connection, the write transaction.

Which engine, how a connection is made and how a transaction begins are asked of the
storage seam, `db.storage.sqlite` or `db.storage.postgres`, chosen once in `seam_for`;
checking a file before opening it is `db.storage.filecheck`, the schema version
`db.storage.schema`, and opening — check, back up, migrate, seed — `db.opening`.
"""

from __future__ import annotations

import sqlite3
import threading
import weakref
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from db.errors import Cancelled
from db.storage import cancel, file_guard, identity, schema, sqlite
from db.storage.server_url import display_name, is_server_url
from db.storage.sqlite import BUSY_TIMEOUT_MS

if TYPE_CHECKING:
    from types import ModuleType

    from sqlalchemy import Engine
    from sqlmodel import Session


def seam_for(target: Path | str) -> ModuleType:
    """The one place the engine is chosen: a PostgreSQL URL gets `db.storage.postgres`,
    anything else is a file for `db.storage.sqlite`."""
    if is_server_url(target):
        from db.storage import postgres

        return postgres
    return sqlite


class CommitWatch(Protocol):
    """What watches this process's own commits (db.storage.change_watch.ChangeWatch)."""

    def own_commit(self) -> AbstractContextManager[None]: ...


class Database:
    """One open Parley database: a file, or a database on a PostgreSQL server.

    Reads go through `read()`: plain driver connections (sqlite3, or psycopg dressed as
    sqlite3), one per thread, so opening a window never imports SQLAlchemy, SQLModel and
    pydantic (~0.3 s of a cold start). Writes go through `write()`/`session()` on the
    SQLAlchemy engine, built on first use.

    `path` is the file (None for a server database); `url` the server's URL (None for a
    file); `target` whichever of them `--db` takes; `name` what messages call it (never with
    a password); `is_server` which.
    """

    def __init__(self, path: Path | str, engine: Engine | None = None,
                 timeout_ms: int = BUSY_TIMEOUT_MS):
        self._seam = seam_for(path)
        self.is_server = self._seam is not sqlite
        self.url: str | None = str(path).strip() if self.is_server else None
        self.path: Path | None = None if self.is_server else Path(path)
        self.name = display_name(self.url if self.is_server else path)
        self.target: Path | str = self.url if self.is_server else self.path  # type: ignore[assignment]
        self.dialect: str = self._seam.DIALECT
        self.timeout_ms = timeout_ms
        self._engine = engine
        self._engine_lock = threading.Lock()
        self._local = threading.local()
        self._readers: weakref.WeakSet[_ReadConnection] = weakref.WeakSet()  # live ones
        self.watch: CommitWatch | None = None  # tells other programs' commits from ours
        # On a server, every connection of this Database carries this id, so the change
        # notifications tell its own commits from other users' (db.storage.pg_changes).
        self.session_id: str | None = None
        if self.is_server:
            from db.storage.pg_changes import new_session_id

            self.session_id = new_session_id()
        self._claim: tuple[int, int] | None = None  # db.storage.file_guard's record of this file
        self._claimed = False
        self._user: str | None = None
        # When the file's last full integrity check ran, if this open was checked or
        # trusted (db.opening): close() then records the file's state for the next launch.
        self.checked_at: float | None = None

    @property
    def user(self) -> str:
        """Who this Database writes as (created_by, updated_by, history): set per Database
        (tests: two analysts in one process), else identity.current_user()."""
        return self._user or identity.current_user()

    @user.setter
    def user(self, name: str | None) -> None:
        self._user = identity.clean(name) if name else None

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            with self._engine_lock:
                if self._engine is None:
                    self._engine = self._seam.make_engine(self.target, self.timeout_ms,
                                                          **self._session_kwargs())
                    self._claim_file()
        return self._engine

    def _claim_file(self) -> None:
        # Once SQLite may hold locks on the file, nothing in this process may open it any
        # other way (see db.storage.file_guard). A server database has no file here.
        if not self._claimed and not self.is_server:
            self._claimed = True
            self._claim = file_guard.claim(self.path)

    def _session_kwargs(self) -> dict[str, str]:
        return {"session": self.session_id} if self.session_id else {}

    def _reader(self) -> sqlite3.Connection:
        con = getattr(self._local, "con", None)
        if con is not None and self.is_server and con.closed:
            con = None  # the server dropped it (restarted): connect again
        if con is None:
            if self.is_server:
                con = self._seam.connect_reader(self.url, self.timeout_ms, **self._session_kwargs())
            else:
                con = sqlite.connect_reader(self.path, self.timeout_ms, factory=_ReadConnection)
            # Only this thread's local holds it: when the thread (or a Qt worker's Python
            # thread state) ends, the connection is released and closed with it. No other
            # thread ever closes it — closing a connection another thread is reading from
            # crashes the process.
            self._local.con = con
            self._readers.add(con)
            self._claim_file()
        return con

    @contextmanager
    def read(self) -> Iterator[sqlite3.Connection]:
        """A plain sqlite3 connection (or, on a server, one that reads the same SQL: see
        db.storage.pg_read) in one read transaction (every statement sees the same
        snapshot), for this thread. Errors come out as ParleyError with a plain message.

        Under a job's cancel token (db.storage.cancel, a background read) the read can be
        cancelled from another thread: it then raises Cancelled, and the connection is
        left out of its transaction, ready for the thread's next read."""
        token = cancel.current()
        try:
            con = self._reader()
            nested = con.in_transaction
            if not nested:
                if token is not None:
                    token.check()
                con = self._begin_read(con)
            with token.watching(con) if token is not None and not nested else nullcontext():
                try:
                    yield con
                finally:
                    if not nested and con.in_transaction:
                        self._end_read(con, token)
        except self._seam.errors() as exc:
            if token is not None and token.cancelled:
                raise Cancelled("superseded by a newer request") from exc
            raise self._seam.friendly_error(self.target, exc, self.timeout_ms) from exc

    @staticmethod
    def _end_read(con: sqlite3.Connection, token: cancel.CancelToken | None) -> None:
        try:
            con.execute("COMMIT")
        except Exception:
            if token is None or not token.cancelled:
                raise
            # an interrupt that came between the read's last statement and its COMMIT
            # stopped the COMMIT too: end the transaction anyway, or the thread's next read
            # would find it open and keep its old snapshot
            con.execute("ROLLBACK")

    def _begin_read(self, con: sqlite3.Connection) -> sqlite3.Connection:
        try:
            con.execute(self._seam.BEGIN_READ)
        except self._seam.errors():
            if not (self.is_server and con.closed):
                raise
            # The server dropped this thread's connection (restarted, or an administrator
            # ended it) since its last read: nothing of this read ran yet, so connect again.
            self._local.con = None
            con = self._reader()
            con.execute(self._seam.BEGIN_READ)
        return con

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
            raise self._seam.friendly_error(self.target, exc, self.timeout_ms) from exc

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
                s.flush()  # the write lock is held from here to the commit
                with self.watch.own_commit() if self.watch else nullcontext():
                    s.commit()
            except IntegrityError:
                # A constraint the validation missed: callers (import) report it themselves.
                s.rollback()
                raise
            except DatabaseError as exc:  # locked, disk full, malformed: say so plainly
                _rollback_quietly(s)
                raise self._seam.friendly_error(self.target, exc, self.timeout_ms) from exc
            except BaseException:
                s.rollback()
                raise

    def _writer(self) -> Engine:
        return self.engine.execution_options(**self._seam.WRITE_BEGIN)

    def data_version(self) -> int | None:
        """A number that moves when another connection commits (another program, or this
        Database's own writer), read on this thread's read connection. None inside a read
        transaction, whose fixed snapshot keeps it still."""
        try:
            con = self._reader()
            if con.in_transaction:
                return None
            return self._seam.data_version(con)
        except self._seam.errors() as exc:
            raise self._seam.friendly_error(self.target, exc, self.timeout_ms) from exc

    def schema_revision(self) -> str | None:
        with self.read() as con:
            return schema.current_revision(con)

    def migrate(self) -> bool:
        """Bring the schema to head. Returns True if anything was applied."""
        if self.schema_revision() == schema.head_revision():
            return False
        # IMMEDIATE: a second instance migrating at the same moment waits instead of
        # failing half-way with "database is locked".
        schema.upgrade(self._writer())
        return True

    def close(self, *, all_threads: bool = False) -> None:
        """Close this thread's read connection and the engine. A worker thread still reading
        keeps its connection until it ends (see _reader). `all_threads`: close every
        thread's read connection too — only when no other thread can be using one (the
        window at exit, its worker pool drained), so the file is left closed and its state
        can be recorded for the next launch."""
        con = getattr(self._local, "con", None)
        if con is not None:
            self._local.con = None
            con.close()
        if all_threads:
            for other in list(self._readers):
                other.close()
        if self._engine is not None:
            self._engine.dispose()
        closing = getattr(self.watch, "close", None)
        if closing is not None:  # a server's listening connection
            closing()
        if self._claimed:
            file_guard.release(self._claim)
            self._claimed, self._claim = False, None
        if self.checked_at is not None and not file_guard.is_open_here(self.path):
            # The last Database on the file in this process: what it left is what the next
            # launch may trust without reading every page (db.storage.verified).
            from db.storage import verified

            verified.remember(self.path, self.checked_at)


def _rollback_quietly(s: Session) -> None:
    """Roll back after an error; a connection the server already dropped cannot roll back,
    and that must not hide the first error's message."""
    try:
        s.rollback()
    except Exception:  # noqa: BLE001 - the first error is the one reported
        pass


class _ReadConnection(sqlite3.Connection):
    """A plain sqlite3 connection that can be weakly referenced (Database._readers)."""

    dialect = "sqlite"
