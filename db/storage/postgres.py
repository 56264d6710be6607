"""The storage seam for a PostgreSQL server: how to connect, how a transaction begins, and the
server's errors turned into sentences — the same shape as `db.storage.sqlite`.

A team keeps its records in a database on a PostgreSQL server they already run; each
analyst opens it with `parley --db postgresql://user@host:port/dbname`. Reads use a plain
psycopg connection per thread, dressed as sqlite3 (`db.storage.pg_read`), so the reads'
SQL is one text for both engines; writes use SQLAlchemy's engine with psycopg 3.

psycopg and SQLAlchemy are imported inside the functions: a file user never loads them.

PostgreSQL: everything in this module is PostgreSQL's own (POSTGRES_ONLY_SQL below).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from db.errors import DatabaseFileError, ParleyError
from db.storage.server_url import describe, driver_url, mask_in, mask_password, sqlalchemy_url

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from db.storage.pg_read import PgReadConnection

# Modules whose SQL only PostgreSQL understands (tsvector search, string_agg, ANY(array),
# sequences, advisory locks), and what in them; each place says so in a comment starting
# "PostgreSQL:". tests/test_architecture.py holds this register to the code too.
POSTGRES_ONLY_SQL: dict[str, str] = {
    "db.storage.postgres": "setval/pg_get_serial_sequence, lock_timeout, REPEATABLE READ",
    "db.storage.pg_read": "= ANY(array) for json_each IN lists",
    "db.reads.pg_sql": "to_tsvector/to_tsquery full-text search, string_agg",
    "db.storage.schema": "pg_advisory_xact_lock around a migration",
    "db.storage.pg_changes": "LISTEN for the change notifications of migration 0008",
}

DIALECT = "postgresql"
# Each read is one snapshot, as a read transaction on SQLite is.
BEGIN_READ = "BEGIN ISOLATION LEVEL REPEATABLE READ"
# Writers need nothing special: row locks and constraints do what SQLite's write lock does.
WRITE_BEGIN: dict[str, str] = {}
CONNECT_TIMEOUT_S = 10


def errors() -> tuple[type[BaseException], ...]:
    """The exceptions that mean "the server said no" (not a bug of ours)."""
    import psycopg

    return (psycopg.Error,)


def is_server_error(exc: BaseException) -> bool:
    """psycopg's errors, and SQLAlchemy's wrapping of them (checked by name, as
    db.storage.sqlite does, so nothing is imported to ask)."""
    if any(cls.__module__.startswith("psycopg") and cls.__name__ == "Error"
           for cls in type(exc).__mro__):
        return True
    orig = getattr(exc, "orig", None)
    return orig is not None and orig is not exc and is_server_error(orig)


def _first_line(exc: BaseException) -> str:
    err = getattr(exc, "orig", None) or exc
    text = str(err).strip().splitlines()
    # psycopg puts the server's DETAIL/HINT on later lines; the first says what happened.
    return " ".join(text[0].split()) if text else type(err).__name__


# What psycopg says when there is no server to talk to (or it went away).
_UNREACHABLE = ("connection refused", "connection failed", "connection timed out", "timeout expired",
                "could not translate host", "server closed the connection", "terminating connection",
                "consuming input failed", "the connection is closed", "connection is lost",
                "could not connect", "no route to host", "network is unreachable")


def friendly_error(url: str, exc: BaseException, timeout_ms: int = 0) -> ParleyError:
    """Turn a server or connection error into one line a user can act on; the password in
    `url` never appears in it."""
    where = describe(url)
    msg = mask_in(_first_line(exc), url)
    low = msg.lower()
    sqlstate = getattr(getattr(exc, "orig", None) or exc, "sqlstate", None) or ""
    if "password authentication failed" in low or sqlstate == "28P01":
        return DatabaseFileError(f"Could not sign in to {where}: the password (or the user "
                                 "name) was refused. Check them and try again.")
    if "no password supplied" in low or "password is required" in low:
        return DatabaseFileError(f"{where[0].upper()}{where[1:]} needs a password: give it in "
                                 "the URL (user:password@host), in ~/.pgpass or in PGPASSWORD.")
    if sqlstate == "3D000" or ("database" in low and "does not exist" in low):
        return DatabaseFileError(f"There is no {where[4:]}: create it first (createdb), or "
                                 "check the name.")
    if sqlstate.startswith("28") or "no pg_hba.conf entry" in low or "role" in low and (
            "does not exist" in low):
        return DatabaseFileError(f"The server refused the connection to {where} ({msg}).")
    if sqlstate == "42501" or "permission denied" in low:
        return ParleyError(f"The server refused this for {where} ({msg}); nothing was changed. "
                           "Ask the database's owner for the rights you need.")
    if sqlstate in ("55P03", "40P01") or "lock timeout" in low or "deadlock" in low:
        return ParleyError(f"{where[0].upper()}{where[1:]} is busy: another user holds the "
                           "records this needs. Nothing was saved; try again in a moment.")
    if sqlstate.startswith(("08", "57P")) or any(sign in low for sign in _UNREACHABLE):
        return DatabaseFileError(f"The PostgreSQL server holding {where} is not reachable "
                                 f"({msg}). Check that it is running and the address and "
                                 "port are right; nothing was saved.")
    return ParleyError(f"{mask_password(url)}: the database reported an error ({msg}); "
                       "nothing was saved.")


def _connect_kwargs(timeout_ms: int, session: str | None = None) -> dict:
    # A lock held by another analyst is waited for as long as SQLite's busy timeout, then
    # refused with a message (never a hang). The session id tells this Database's commits
    # from others' in the change notifications (db.storage.pg_changes).
    options = f"-c lock_timeout={int(timeout_ms)}"
    if session:
        from db.storage.pg_changes import session_option

        options += " " + session_option(session)
    return {"connect_timeout": CONNECT_TIMEOUT_S, "application_name": "parley",
            "options": options}


def connect_reader(url: str, timeout_ms: int, session: str | None = None) -> PgReadConnection:
    """A psycopg connection for reads, speaking sqlite3's SQL (db.storage.pg_read)."""
    import psycopg

    from db.storage.pg_read import PgReadConnection

    con = psycopg.connect(driver_url(url), autocommit=True, **_connect_kwargs(timeout_ms, session))
    return PgReadConnection(con)


def data_version(_con: PgReadConnection) -> None:
    """SQLite's PRAGMA data_version has no twin here: None (the window's change watch then
    waits; a server tells its listeners of commits by NOTIFY instead)."""
    return None


_INSERT_WITH_ID = re.compile(r'^\s*INSERT INTO "?(\w+)"? \((?:[^)]*?, )?"?id"?[,)]', re.I)


def make_engine(url: str, timeout_ms: int, session: str | None = None) -> Engine:
    """The SQLAlchemy engine the write path uses (psycopg 3), built on first write.

    Rows written with their own ids (an import keeping ids, undo putting a record back,
    a generated data set) leave the table's sequence behind: at commit it is moved up to
    the table's largest id, so the next new row gets max(id) + 1, as on SQLite."""
    from sqlalchemy import create_engine, event

    engine = create_engine(sqlalchemy_url(url), pool_pre_ping=True,
                           connect_args=_connect_kwargs(timeout_ms, session))

    @event.listens_for(engine, "before_cursor_execute")
    def _note_ids(conn, _cursor, statement, _params, _context, _many) -> None:  # type: ignore[no-untyped-def]
        m = _INSERT_WITH_ID.match(statement)
        if m:
            conn.info.setdefault("parley_explicit_ids", set()).add(m.group(1))

    @event.listens_for(engine, "commit")
    def _sync_sequences(conn) -> None:  # type: ignore[no-untyped-def]
        tables = conn.info.pop("parley_explicit_ids", None)
        for table in sorted(tables or ()):
            conn.exec_driver_sql(sync_sequence_sql(table))

    return engine


def next_serial_id(conn: Any, table: str) -> int:
    """The id an INSERT without one would give a row of `table` now (the next value of its
    sequence, taken): a bulk import names every row's id itself (db.exchange.bulk_import)."""
    return int(conn.exec_driver_sql(
        f"SELECT nextval(pg_get_serial_sequence('\"{table}\"', 'id'))").scalar())


def sync_sequence_sql(table: str) -> str:
    """Move `table`'s id sequence up to its largest id — never back: another analyst's
    insert may hold a number not yet committed."""
    return (f"SELECT setval(q.seq, greatest(coalesce(q.top, 0), "
            f"coalesce(pg_sequence_last_value(q.seq), 0), 1), "
            f"q.top IS NOT NULL OR pg_sequence_last_value(q.seq) IS NOT NULL) "
            f"FROM (SELECT pg_get_serial_sequence('\"{table}\"', 'id')::regclass AS seq, "
            f"(SELECT max(id) FROM \"{table}\") AS top) AS q")


def wrap_driver_connection(con: object) -> PgReadConnection:
    """A write session's psycopg connection, with the reads' manners (borrowed: the ORM keeps
    its own types on it)."""
    from db.storage.pg_read import PgReadConnection

    return PgReadConnection(con, owned=False)  # type: ignore[arg-type]


def is_missing_table(exc: BaseException) -> bool:
    err = getattr(exc, "orig", None) or exc
    return getattr(err, "sqlstate", None) == "42P01"
