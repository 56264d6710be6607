"""Full-text search over positions' quotes and notes (SQLite FTS5), with a LIKE fallback.

`position_fts` is an external-content FTS5 table over `position(quote, notes)`: it stores
only the index, and triggers created by migration 0002 keep it in step with every insert,
update and delete — so undo, imports and bulk inserts need no extra code. A build of SQLite
without FTS5 gets no table, and the search box falls back to LIKE (slower, substring match).

A future migration that rebuilds the `position` table (batch mode copies and drops it)
drops these triggers with it: it must create them again (as 0002 does).

SQLite: FTS5 and sqlite_master are SQLite's own (db.storage.sqlite.SQLITE_ONLY_SQL).
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from db.reads.sql import dialect_of

if TYPE_CHECKING:
    from sqlalchemy import Connection

FTS_TABLE = "position_fts"
_TOKEN = re.compile(r"\w+", re.UNICODE)

_TRIGGERS = (
    f"CREATE TRIGGER {FTS_TABLE}_ai AFTER INSERT ON position BEGIN "
    f"INSERT INTO {FTS_TABLE}(rowid, quote, notes) VALUES (new.id, new.quote, new.notes); END",
    f"CREATE TRIGGER {FTS_TABLE}_ad AFTER DELETE ON position BEGIN "
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, quote, notes) "
    "VALUES ('delete', old.id, old.quote, old.notes); END",
    # Only when the indexed text changes: most edits touch other columns.
    f"CREATE TRIGGER {FTS_TABLE}_au AFTER UPDATE OF quote, notes ON position BEGIN "
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, quote, notes) "
    "VALUES ('delete', old.id, old.quote, old.notes); "
    f"INSERT INTO {FTS_TABLE}(rowid, quote, notes) VALUES (new.id, new.quote, new.notes); END",
)


@contextmanager
def bulk_load(conn: Connection) -> Iterator[None]:
    """Inside one write transaction: add many positions, then index them all at once.

    Row-by-row trigger updates cost ~40 µs a row (4 s per 100k); a 'rebuild' afterwards
    takes 0.2 s. Everything happens in the caller's transaction, so an error rolls the
    triggers back too."""
    fts = has_fts(conn)
    if fts:
        for suffix in ("_ai", "_ad", "_au"):
            conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {FTS_TABLE}{suffix}")
    yield
    if fts:
        for stmt in _TRIGGERS:
            conn.exec_driver_sql(stmt)
        conn.exec_driver_sql(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')")


def has_fts(conn: Connection | sqlite3.Connection) -> bool:
    """Whether the FTS table exists, asked of a plain sqlite3 connection (reads) or an
    SQLAlchemy one (writes). A server database has none (it searches with a GIN index that
    keeps itself up to date: db.reads.pg_sql)."""
    if dialect_of(conn) != "sqlite":
        return False
    sql = "SELECT 1 FROM sqlite_master WHERE type='table' AND name=?"
    if isinstance(conn, sqlite3.Connection):
        return conn.execute(sql, (FTS_TABLE,)).fetchone() is not None
    return conn.exec_driver_sql(sql, (FTS_TABLE,)).first() is not None


def is_search_object(name: str | None) -> bool:
    """True for the FTS table, its shadow tables and triggers (for Alembic's comparisons)."""
    return bool(name) and name.startswith(FTS_TABLE)  # type: ignore[union-attr]


def text_condition(con: object, query: str) -> tuple[str, str] | None:
    """The WHERE condition over `position p` (and its one parameter) that finds the rows
    whose quote or notes hold every word of `query` as a word prefix, from the engine's
    full-text index; None when there is no index to ask (or no word): search with LIKE."""
    if not query.strip():
        return None
    if dialect_of(con) == "postgresql":
        from db.reads.pg_sql import text_condition as pg_condition

        return pg_condition(query)
    match = match_expression(query) if has_fts(con) else None  # type: ignore[arg-type]
    if match is None:
        return None
    # SQLite: FTS5 MATCH. The index answers in milliseconds where LIKE scans every quote.
    return f"p.id IN (SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH ?)", match


def match_expression(query: str) -> str | None:
    """An FTS5 MATCH string that finds rows containing every word of `query` as a word
    prefix ("ener" finds "energy"); None when the query has no word characters."""
    tokens = _TOKEN.findall(query)
    if not tokens:
        return None
    return " AND ".join(f'"{tok}"*' for tok in tokens)
