"""SQL building blocks the reads share: IN lists of any length, ISO dates back to dates, the
few fragments each engine writes its own way (chosen by the connection's dialect)."""

from __future__ import annotations

import datetime as dt
import json

from db.storage.pg_read import InList

# Above this many values an IN list goes in as one JSON array parameter (SQLite caps the
# number of parameters a statement may have).
INLINE_IN = 200


def parse_day(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def in_clause(column: str, values: frozenset | set | list, params: list) -> str:
    values = sorted(values)
    if len(values) > INLINE_IN:
        params.append(InList(json.dumps(values), values))
        # SQLite: json_each turns one JSON parameter into a table (no 999-variable limit).
        # (PostgreSQL's read connection makes this `= ANY(?)` with the values as an array.)
        return f"{column} IN (SELECT value FROM json_each(?))"
    params.extend(values)
    return f"{column} IN ({', '.join('?' * len(values))})"


def dialect_of(con: object) -> str:
    """Which engine a connection speaks: "sqlite" or "postgresql". Read connections say
    (`dialect`); a write session's sqlite3 connection says nothing and is SQLite; an
    SQLAlchemy connection names its dialect."""
    dialect = getattr(con, "dialect", "sqlite")
    return dialect if isinstance(dialect, str) else dialect.name


def joined_ids_sql(con: object, sql: str) -> str:
    """One row, one column: the `id`s `sql` selects, in its order, joined by commas (what
    numpy parses in one go)."""
    if dialect_of(con) == "postgresql":
        from db.reads.pg_sql import joined_ids_sql as pg_joined

        return pg_joined(sql)
    # SQLite: group_concat's comma-joined text.
    return f"SELECT group_concat(id) FROM ({sql})"


def joined_columns_sql(con: object, sql: str, columns: tuple[str, ...]) -> str:
    """One row: each of `columns` of `sql`'s rows, in its order, joined by commas."""
    if dialect_of(con) == "postgresql":
        from db.reads.pg_sql import joined_columns_sql as pg_joined

        return pg_joined(sql, columns)
    # SQLite: group_concat's comma-joined text.
    return f"SELECT {', '.join(f'group_concat({c})' for c in columns)} FROM ({sql})"
